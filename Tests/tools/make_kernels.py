#!/usr/bin/env python3
"""Writes small kernel-shaped files for the kernel analysis tests: ELF images with the Xen
metadata real Xen guest kernels carry (ELF notes or the legacy __xen_guest section), gzip'd as
RHEL4's xenU vmlinuz is, or wrapped in an x86 bzImage boot header; and kernel modules (.ko,
ELF relocatable) that export and import symbols, for modules.dep.

Written with struct only (no compiler, no linker), so every byte is deterministic. The layouts
follow the ELF spec (System V gABI) and xen/include/public/elfnote.h; `readelf -n`/`readelf -S`
check the results in the tests.

usage: make_kernels.py OUTDIR
"""
import gzip
import bz2
import lzma
import os
import struct
import sys

EM_386 = 3
EM_X86_64 = 62
ET_REL = 1
ET_EXEC = 2
SHT_PROGBITS = 1
SHT_SYMTAB = 2
SHT_STRTAB = 3
SHT_NOTE = 7
SHF_ALLOC = 2
SHF_EXECINSTR = 4
PT_LOAD = 1
PT_NOTE = 4

# Xen ELF note types (xen/include/public/elfnote.h)
XEN_ELFNOTE_ENTRY = 1
XEN_ELFNOTE_HYPERCALL_PAGE = 2
XEN_ELFNOTE_VIRT_BASE = 3
XEN_ELFNOTE_XEN_VERSION = 5
XEN_ELFNOTE_GUEST_OS = 6
XEN_ELFNOTE_GUEST_VERSION = 7
XEN_ELFNOTE_LOADER = 8
XEN_ELFNOTE_PAE_MODE = 9
XEN_ELFNOTE_FEATURES = 10


def align(n, a):
    return (n + a - 1) // a * a


def pad(b, a):
    return b + b"\0" * (align(len(b), a) - len(b))


def note(name, ntype, desc):
    """One ELF note: namesz, descsz, type, then name and desc each padded to 4 bytes (Linux and
    Xen use 4-byte alignment for notes in ELF64 files too)."""
    n = name.encode() + b"\0"
    return struct.pack("<III", len(n), len(desc), ntype) + pad(n, 4) + pad(desc, 4)


def xen_note(ntype, value, is64=False):
    if isinstance(value, str):
        desc = value.encode() + b"\0"
    else:
        desc = struct.pack("<Q" if is64 else "<I", value)
    return note("Xen", ntype, desc)


def strtab(names):
    """A string table and each name's offset in it."""
    data = b"\0"
    offsets = {}
    for n in names:
        if n in offsets:
            continue
        offsets[n] = len(data)
        data += n.encode() + b"\0"
    return data, offsets


class Section:
    def __init__(self, name, stype, data, flags=0, addr=0, link=0, info=0, entsize=0, addralign=1):
        self.name = name
        self.stype = stype
        self.data = data
        self.flags = flags
        self.addr = addr
        self.link = link
        self.info = info
        self.entsize = entsize
        self.addralign = addralign
        self.offset = 0


def elf(is64, machine, etype, sections, note_section=None, entry=0):
    """An ELF file: header, program headers (PT_LOAD over the allocated sections and, when
    `note_section` names one, a PT_NOTE over it), section data, .shstrtab, section headers.
    Section indices are 1-based in list order (0 is the null section)."""
    ehsize = 64 if is64 else 52
    phentsize = 56 if is64 else 32
    shentsize = 64 if is64 else 40
    phnum = 0
    if etype == ET_EXEC:
        phnum = 1 + (1 if note_section else 0)
    shstr, shoff_names = strtab([s.name for s in sections] + [".shstrtab"])
    allsections = sections + [Section(".shstrtab", SHT_STRTAB, shstr)]
    pos = ehsize + phnum * phentsize
    for s in allsections:
        pos = align(pos, max(s.addralign, 1))
        s.offset = pos
        pos += len(s.data)
    shoff = align(pos, 8)
    body = bytearray(shoff)
    for s in allsections:
        body[s.offset:s.offset + len(s.data)] = s.data

    ident = b"\x7fELF" + bytes([2 if is64 else 1, 1, 1, 0]) + b"\0" * 8
    shnum = len(allsections) + 1
    shstrndx = len(allsections)
    if is64:
        hdr = ident + struct.pack("<HHIQQQIHHHHHH", etype, machine, 1, entry, ehsize if phnum else 0,
                                  shoff, 0, ehsize, phentsize, phnum, shentsize, shnum, shstrndx)
    else:
        hdr = ident + struct.pack("<HHIIIIIHHHHHH", etype, machine, 1, entry, ehsize if phnum else 0,
                                  shoff, 0, ehsize, phentsize, phnum, shentsize, shnum, shstrndx)
    body[0:ehsize] = hdr

    phdrs = b""
    if phnum:
        alloc = [s for s in allsections if s.flags & SHF_ALLOC]
        start = min(s.offset for s in alloc)
        end = max(s.offset + len(s.data) for s in alloc)
        vaddr = alloc[0].addr - (alloc[0].offset - start)
        loads = [(PT_LOAD, start, vaddr, end - start, 7, 0x1000)]
        if note_section:
            ns = next(s for s in allsections if s.name == note_section)
            loads.append((PT_NOTE, ns.offset, ns.addr, len(ns.data), 4, 4))
        for (ptype, off, va, size, flags, al) in loads:
            if is64:
                phdrs += struct.pack("<IIQQQQQQ", ptype, flags, off, va, va, size, size, al)
            else:
                phdrs += struct.pack("<IIIIIIII", ptype, off, va, va, size, size, flags, al)
        body[ehsize:ehsize + len(phdrs)] = phdrs

    shdrs = b"\0" * shentsize
    for s in allsections:
        if is64:
            shdrs += struct.pack("<IIQQQQIIQQ", shoff_names[s.name], s.stype, s.flags, s.addr, s.offset,
                                 len(s.data), s.link, s.info, s.addralign, s.entsize)
        else:
            shdrs += struct.pack("<IIIIIIIIII", shoff_names[s.name], s.stype, s.flags, s.addr, s.offset,
                                 len(s.data), s.link, s.info, s.addralign, s.entsize)
    return bytes(body) + shdrs


XEN_GUEST_PAE = ("GUEST_OS=linux,GUEST_VER=2.6,XEN_VER=xen-3.0,VIRT_BASE=0xC0000000,"
                 "ELF_PADDR_OFFSET=0xC0000000,HYPERCALL_PAGE=0x2,LOADER=generic,PAE=yes[extended-cr3]")
XEN_GUEST_NOPAE = ("GUEST_OS=linux,GUEST_VER=2.6,XEN_VER=xen-3.0,VIRT_BASE=0xC0000000,"
                   "ELF_PADDR_OFFSET=0xC0000000,HYPERCALL_PAGE=0x2,LOADER=generic,PAE=no")


def banner(version):
    return ("Linux version %s (brewbuilder@hs20-bc1-7.build.redhat.com) (gcc version 3.4.6 20060404 "
            "(Red Hat 3.4.6-8)) #1 SMP Fri Apr 20 17:03:35 EDT 2007\n" % version).encode() + b"\0"


def ikconfig(config_text):
    """The embedded config as kernel/configs.c lays it out: IKCFG_ST, the gzip'd text, IKCFG_ED."""
    return b"IKCFG_ST" + gzip.compress(config_text.encode(), mtime=0) + b"IKCFG_ED"


def kernel(is64=False, xen_guest=None, notes=None, notes_in_phdr=True, version="2.6.9-55.ELxenU",
           extra_rodata=b""):
    """A kernel-shaped ELF executable: .text, .rodata (banner + extras), optional .notes and
    __xen_guest sections."""
    base = 0xFFFFFFFF80000000 if is64 else 0xC0000000
    text = b"\x90" * 64
    rodata = banner(version) + extra_rodata
    sections = [
        Section(".text", SHT_PROGBITS, text, SHF_ALLOC | SHF_EXECINSTR, addr=base + 0x100000, addralign=16),
        Section(".rodata", SHT_PROGBITS, rodata, SHF_ALLOC, addr=base + 0x200000, addralign=32),
    ]
    note_name = None
    if notes is not None:
        sections.append(Section(".notes", SHT_NOTE, b"".join(notes), SHF_ALLOC, addr=base + 0x300000,
                                addralign=4))
        note_name = ".notes" if notes_in_phdr else None
    if xen_guest is not None:
        # Not SHF_ALLOC, as head-xen.S puts it: the loader reads it from the file only.
        sections.append(Section("__xen_guest", SHT_PROGBITS, xen_guest.encode() + b"\0"))
    return elf(is64, EM_X86_64 if is64 else EM_386, ET_EXEC, sections, note_section=note_name,
               entry=base + 0x100000)


def notes32(pae="yes", xen_version="xen-3.0", guest_os="linux", loader="generic"):
    return [
        xen_note(XEN_ELFNOTE_GUEST_OS, guest_os),
        xen_note(XEN_ELFNOTE_GUEST_VERSION, "2.6"),
        xen_note(XEN_ELFNOTE_XEN_VERSION, xen_version),
        xen_note(XEN_ELFNOTE_VIRT_BASE, 0xC0000000),
        xen_note(XEN_ELFNOTE_ENTRY, 0xC0100000),
        xen_note(XEN_ELFNOTE_HYPERCALL_PAGE, 0xC0102000),
        xen_note(XEN_ELFNOTE_FEATURES, "writable_page_tables|writable_descriptor_tables"),
        xen_note(XEN_ELFNOTE_PAE_MODE, pae),
        xen_note(XEN_ELFNOTE_LOADER, loader),
        # A note of another owner: must be skipped.
        note("GNU", 3, b"\x01\x02\x03\x04"),
    ]


def notes64():
    return [
        note("GNU", 3, b"\xaa" * 20),
        xen_note(XEN_ELFNOTE_GUEST_OS, "linux"),
        xen_note(XEN_ELFNOTE_GUEST_VERSION, "2.6"),
        xen_note(XEN_ELFNOTE_XEN_VERSION, "xen-3.0"),
        xen_note(XEN_ELFNOTE_VIRT_BASE, 0xFFFFFFFF80000000, is64=True),
        xen_note(XEN_ELFNOTE_ENTRY, 0xFFFFFFFF81000000, is64=True),
        xen_note(XEN_ELFNOTE_FEATURES, "!writable_page_tables|pae_pgdir_above_4gb"),
        xen_note(XEN_ELFNOTE_PAE_MODE, "yes"),
        xen_note(XEN_ELFNOTE_LOADER, "generic"),
    ]


STATIC_CONFIG = """#
# Automatically generated file; DO NOT EDIT.
# Linux/x86 6.1.0 Kernel Configuration
#
CONFIG_64BIT=y
CONFIG_XEN=y
CONFIG_XEN_PV=y
CONFIG_HVC_XEN=y
CONFIG_XEN_BLKDEV_FRONTEND=y
CONFIG_XEN_NETDEV_FRONTEND=y
CONFIG_IKCONFIG=y
"""

BLK_ONLY_CONFIG = """CONFIG_XEN=y
CONFIG_XEN_BLKDEV_FRONTEND=y
# CONFIG_XEN_NETDEV_FRONTEND is not set
"""


def bzimage(payload, protocol=0x020F, setup_sects=4):
    """An x86 boot image (Documentation/x86/boot.rst): a boot sector plus `setup_sects` setup
    sectors, the real-mode header (setup_sects at 0x1f1, "HdrS" at 0x202, version at 0x206,
    payload_offset at 0x248, payload_length at 0x24c, both relative to the protected-mode code),
    then the protected-mode part: a stand-in decompressor followed by the payload."""
    setup = bytearray((setup_sects + 1) * 512)
    setup[0x1F1] = setup_sects
    setup[0x1FE:0x200] = b"\x55\xAA"
    setup[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", setup, 0x206, protocol)
    decompressor = b"\xCC" * 0x3A0
    if protocol >= 0x0208:
        struct.pack_into("<II", setup, 0x248, len(decompressor), len(payload))
    return bytes(setup) + decompressor + payload + b"\0" * 16


def size_appended(compressed, plain):
    """The kernel's size_append: the uncompressed size as 4 little-endian bytes after the stream."""
    return compressed + struct.pack("<I", len(plain))


# --- kernel modules -----------------------------------------------------------------------------

STB_GLOBAL = 1
STT_NOTYPE = 0
STT_OBJECT = 1
STT_FUNC = 2
STT_SECTION = 3


def module(is64, exports, imports, vermagic="2.6.9-55.ELxenU SMP 686 REGPARM 4KSTACKS gcc-3.4",
           ksymtab_symbols=True):
    """A .ko as a 2.6 kernel builds it: EXPORT_SYMBOL(x) makes a `__ksymtab_x` object in section
    __ksymtab and the name string in __ksymtab_strings; symbols the module uses from elsewhere are
    undefined (st_shndx 0) in .symtab. With ksymtab_symbols False the `__ksymtab_` symbols are left
    out (a stripped-down module), so only __ksymtab_strings names the exports."""
    # Section indices: 1 .text, 2 __ksymtab, 3 __ksymtab_strings, 4 .modinfo, 5 .symtab, 6 .strtab
    ptr = 8 if is64 else 4
    text = b"\xC3" * max(1, 16 * len(exports))
    ksymtab = b"\0" * (2 * ptr * len(exports))
    ksymstrings = b"".join(e.encode() + b"\0" for e in exports)
    modinfo = ("vermagic=%s\0license=GPL\0" % vermagic).encode()
    names = []
    syms = []  # (name, value, size, info, shndx)
    syms.append(("", 0, 0, 0, 0))
    syms.append(("", 0, 0, (0 << 4) | STT_SECTION, 1))
    syms.append(("", 0, 0, (0 << 4) | STT_SECTION, 3))
    for i, e in enumerate(exports):
        syms.append((e, 16 * i, 16, (STB_GLOBAL << 4) | STT_FUNC, 1))
        if ksymtab_symbols:
            syms.append(("__ksymtab_" + e, 2 * ptr * i, 2 * ptr, (STB_GLOBAL << 4) | STT_OBJECT, 2))
    for u in imports:
        syms.append((u, 0, 0, (STB_GLOBAL << 4) | STT_NOTYPE, 0))
    names = [s[0] for s in syms if s[0]]
    strdata, offs = strtab(names)
    symdata = b""
    for (n, value, size, info, shndx) in syms:
        name_off = offs[n] if n else 0
        if is64:
            symdata += struct.pack("<IBBHQQ", name_off, info, 0, shndx, value, size)
        else:
            symdata += struct.pack("<IIIBBH", name_off, value, size, info, 0, shndx)
    first_global = 3
    sections = [
        Section(".text", SHT_PROGBITS, text, SHF_ALLOC | SHF_EXECINSTR, addralign=16),
        Section("__ksymtab", SHT_PROGBITS, ksymtab, SHF_ALLOC, addralign=ptr),
        Section("__ksymtab_strings", SHT_PROGBITS, ksymstrings, SHF_ALLOC),
        Section(".modinfo", SHT_PROGBITS, modinfo, SHF_ALLOC),
        Section(".symtab", SHT_SYMTAB, symdata, link=6, info=first_global, entsize=24 if is64 else 16,
                addralign=8 if is64 else 4),
        Section(".strtab", SHT_STRTAB, strdata),
    ]
    return elf(is64, EM_X86_64 if is64 else EM_386, ET_REL, sections)


def write(outdir, name, data):
    path = os.path.join(outdir, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)

    def gz(b):
        return gzip.compress(b, compresslevel=9, mtime=0)

    # RHEL4 xenU style: gzip of an ELF32 with only the legacy __xen_guest string.
    write(out, "xenu-pae.gz", gz(kernel(xen_guest=XEN_GUEST_PAE)))
    write(out, "xenu-nopae.gz", gz(kernel(xen_guest=XEN_GUEST_NOPAE, version="2.6.9-42.0.3.ELxenU")))
    write(out, "xenu-pae.elf", kernel(xen_guest=XEN_GUEST_PAE))
    # Xen 3.0.4+ style: ELF notes in a PT_NOTE segment.
    write(out, "notes32.elf", kernel(notes=notes32()))
    write(out, "notes32-bimodal.elf", kernel(notes=notes32(pae="bimodal")))
    # Notes in a SHT_NOTE section that no PT_NOTE covers (the second place the loader looks).
    write(out, "notes32-section.elf", kernel(notes=notes32(pae="no"), notes_in_phdr=False))
    # Notes win over __xen_guest when both are there.
    write(out, "both.elf", kernel(notes=notes32(pae="yes"), xen_guest=XEN_GUEST_NOPAE))
    write(out, "notes64.gz", gz(kernel(is64=True, notes=notes64(), version="2.6.18-8.el5xen")))
    # The guest checks of libelf: the wrong Xen version, a non-Linux OS with another loader.
    write(out, "xen2.elf", kernel(notes=notes32(xen_version="xen-2.0")))
    write(out, "netbsd.elf", kernel(notes=notes32(guest_os="NetBSD", loader="bsd")))
    # Not Xen: an ELF kernel without notes or __xen_guest; and not a kernel at all.
    write(out, "native.elf", kernel(version="2.6.9-55.EL"))
    write(out, "random.bin", bytes((i * 7919 + 13) % 251 for i in range(4096)))
    write(out, "random.gz", gz(b"this is a gzip'd text file, not a kernel\n" * 10))
    # A static pv_ops-style kernel with its config embedded (CONFIG_IKCONFIG).
    static = kernel(is64=True, notes=notes64(), version="6.1.0-static",
                    extra_rodata=b"\0padding\0" + ikconfig(STATIC_CONFIG) + b"\0tail\0")
    write(out, "static64.gz", gz(static))
    write(out, "blkonly64.elf", kernel(is64=True, notes=notes64(), version="6.1.0-blkonly",
                                        extra_rodata=ikconfig(BLK_ONLY_CONFIG)))
    # bzImages with a compressed vmlinux payload (gzip, xz, bzip2, lzma as the kernel makes them).
    write(out, "bzimage-gzip", bzimage(gz(static)))
    xz = lzma.compress(static, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32)
    write(out, "bzimage-xz", bzimage(size_appended(xz, static)))
    write(out, "bzimage-bzip2", bzimage(size_appended(bz2.compress(static), static)))
    write(out, "bzimage-lzma", bzimage(size_appended(lzma.compress(static, format=lzma.FORMAT_ALONE), static)))
    write(out, "bzimage-old", bzimage(gz(static), protocol=0x0204))

    # Modules of a 2.6.9 xenU tree: ext3 uses jbd; xenblk and jbd use only the kernel; a module
    # that uses two others (one only through __ksymtab_strings); a 64-bit pair.
    mods = os.path.join(out, "modules")
    write(mods, "jbd.ko", module(False, ["journal_start", "journal_stop"], ["printk", "kmalloc"]))
    write(mods, "ext3.ko", module(False, ["ext3_fake_export"], ["journal_start", "printk"]))
    write(mods, "xenblk.ko", module(False, [], ["printk", "register_blkdev"]))
    write(mods, "mbcache.ko", module(False, ["mb_cache_create"], ["printk"], ksymtab_symbols=False))
    write(mods, "quota.ko", module(False, ["quota_thing"], ["ext3_fake_export", "mb_cache_create"]))
    write(mods, "a64.ko", module(True, ["a64_export"], ["printk"], vermagic="2.6.9-55.ELxenU SMP gcc-3.4"))
    write(mods, "b64.ko", module(True, [], ["a64_export"], vermagic="2.6.9-55.ELxenU SMP gcc-3.4"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
