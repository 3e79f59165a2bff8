#ifndef BUILDER_CSYSTEM_SHIM_H
#define BUILDER_CSYSTEM_SHIM_H
/* Linux calls that glibc declares only under _GNU_SOURCE. They are declared here with glibc's own
   x86_64/aarch64 types (ssize_t = long, off64_t = long, size_t = unsigned long) instead of
   defining _GNU_SOURCE, which would clash with the Glibc module Swift already imports. */
long copy_file_range(int fd_in, long *off_in, int fd_out, long *off_out, unsigned long len, unsigned int flags);

/* lseek whence values for sparse files (linux/fs.h, <unistd.h> under _GNU_SOURCE). */
#define BUILDER_SEEK_DATA 3
#define BUILDER_SEEK_HOLE 4

/* llistxattr / lgetxattr: Swift's Glibc module does not include <sys/xattr.h>. */
#include <sys/xattr.h>
#endif
