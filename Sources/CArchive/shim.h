#ifndef BUILDER_CARCHIVE_SHIM_H
#define BUILDER_CARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>
#endif
