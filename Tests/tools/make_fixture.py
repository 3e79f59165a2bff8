#!/usr/bin/env python3
"""Builds the ext writer's test tree: every case of issue 2 (sizes, holes, indirect-block depths,
a >4 GiB sparse file, a 5000-entry folder, 255-byte and non-UTF-8 names, hard links, short, long
and dangling symlinks, devices with small and large numbers, a fifo, a socket, owners above 65535,
setuid/setgid/sticky, times before 1970, xattrs in every namespace with identical sets, POSIX ACLs).

Usage: make_fixture.py [--mke2fs-compatible] DIR
  DIR must not exist; run as root (it sets owners and makes devices). --mke2fs-compatible leaves out
  the one case mke2fs -d gets wrong (a hard-linked symlink), to validate the oracles on its image.

Deterministic: contents come from seeded generators, every time is fixed, nothing reads the clock.
"""
import os
import random
import stat
import struct
import sys

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB


def data(seed, n):
    return random.Random(seed).randbytes(n)


def write(path, content=b"", mode=0o644):
    with open(path, "wb") as f:
        f.write(content)
    os.chmod(path, mode)


def sparse(path, size, pieces):
    """A file of `size` bytes holding only `pieces` [(offset, bytes)]; the rest are holes."""
    with open(path, "wb") as f:
        for off, b in pieces:
            f.seek(off)
            f.write(b)
        f.truncate(size)
    os.chmod(path, 0o644)


def acl_blob(entries):
    """The system.posix_acl_* value the kernel takes: version 2, then (tag, perm, id) records
    (linux/posix_acl_xattr.h). Tags: USER_OBJ 1, USER 2, GROUP_OBJ 4, GROUP 8, MASK 0x10, OTHER 0x20."""
    out = struct.pack("<I", 2)
    for tag, perm, ident in entries:
        out += struct.pack("<HHI", tag, perm, ident)
    return out


UNDEFINED_ID = 0xFFFFFFFF


def main(root, mke2fs_compatible=False):
    root = os.fsencode(root)
    os.mkdir(root)
    j = lambda *p: os.path.join(root, *[x if isinstance(x, bytes) else x.encode() for x in p])

    # Regular files around every block boundary (1 KiB and 4 KiB blocks, the 60-byte i_block).
    os.mkdir(j("files"))
    for n in [0, 1, 59, 60, 61, 1023, 1024, 1025, 4095, 4096, 4097, 12 * KIB, 12 * 4096 + 1,
              100_000, MIB + 3]:
        write(j("files", "size-%d" % n), data(n, n))
    write(j("files", "zeros-64k"), bytes(64 * KIB))  # written zeros: data, not a hole
    write(j("files", "text"), b"hello, builder\n")

    # Holes and every block-map depth. With 1 KiB blocks the single indirect block maps from 12 KiB,
    # the double from 268 KiB, the triple from 65804 KiB; with 4 KiB blocks from 48 KiB, 4144 KiB,
    # and (12+1024+1024*1024)*4 KiB (just over 4 GiB).
    os.mkdir(j("sparse"))
    sparse(j("sparse", "hole-start"), MIB + 5000, [(MIB, data(1, 5000))])
    sparse(j("sparse", "hole-middle"), 3 * MIB + 8192, [(0, data(2, 8192)), (3 * MIB, data(3, 8192))])
    sparse(j("sparse", "hole-end"), 2 * MIB, [(0, data(4, 10000))])
    sparse(j("sparse", "all-hole"), 10 * MIB, [])
    sparse(j("sparse", "single-indirect"), 200 * KIB, [(0, data(5, 4096)), (100 * KIB, data(6, 4096)),
                                                         (200 * KIB - 10, data(7, 10))])
    sparse(j("sparse", "double-indirect"), 6 * MIB, [(300 * KIB, data(8, 4096)), (6 * MIB - 100, data(9, 100))])
    triple_1k = (12 + 256 + 65536) * KIB
    sparse(j("sparse", "triple-indirect-1k"), 70 * MIB,
           [(4096, data(10, 4096)), (triple_1k + 4096, data(11, 4096)), (70 * MIB - 1, b"\x01")])
    triple_4k = (12 + 1024 + 1024 * 1024) * 4 * KIB
    sparse(j("sparse", "over-4g-triple"), 5 * GIB + 12345,
           [(0, data(12, 4096)), (4 * GIB - 4096, data(13, 8192)), (triple_4k + 8192, data(14, 4096)),
            (5 * GIB + 12345 - 7, b"the end")])

    # A folder with 5000 entries of varied name lengths (many directory blocks, htree-sized).
    os.mkdir(j("bigdir"))
    for i in range(5000):
        write(j("bigdir", "entry-%05d-%s" % (i, "x" * (i % 37))), b"" if i % 10 else b"%d\n" % i)

    # Names: the longest, and bytes that are not UTF-8 (also on a folder holding a file's data).
    os.mkdir(j("names"))
    write(j("names", b"n" * 255), b"longest name\n")
    write(j("names", "\u00e9" * 127 + "z"), b"255 bytes of UTF-8\n")
    write(j("names", b"\xff\xfe"), b"not utf-8\n")
    write(j("names", b"caf\xe9"), b"latin-1\n")
    write(j("names", "sp ace & 'quote\""), b"shell characters\n")
    os.mkdir(j("names", b"dir-\x80\xff"))
    write(j("names", b"dir-\x80\xff", b"inner-\xfe"), data(20, 5000))

    # Hard links: in one folder, across folders, three names, and a hard-linked symlink.
    os.mkdir(j("links"))
    os.mkdir(j("links", "other"))
    write(j("links", "pair-a"), b"two names\n")
    os.link(j("links", "pair-a"), j("links", "pair-b"))
    write(j("links", "three"), data(30, 7000))
    os.link(j("links", "three"), j("links", "other", "three-again"))
    os.link(j("links", "three"), j("files", "three-in-files"))
    os.symlink(b"pair-a", j("links", "sym"))
    if not mke2fs_compatible:
        os.link(j("links", "sym"), j("links", "sym-hardlink"), follow_symlinks=False)

    # Symlinks: fast (< 60 bytes), at the boundary, slow, dangling, non-UTF-8 target.
    os.mkdir(j("symlinks"))
    os.symlink(b"../files/text", j("symlinks", "short"))
    os.symlink(b"a" * 59, j("symlinks", "len-59"))
    os.symlink(b"b" * 60, j("symlinks", "len-60"))
    os.symlink(b"c" * 61, j("symlinks", "len-61"))
    os.symlink(b"/" + b"/".join([b"d%02d" % i for i in range(66)]), j("symlinks", "long-200"))
    os.symlink(b"e" * 1000, j("symlinks", "len-1000"))
    os.symlink(b"does/not/exist", j("symlinks", "dangling"))
    os.symlink(b"/abs/\xff\xfe", j("symlinks", "target-not-utf8"))

    # Devices (old and new encodings), a fifo, a socket.
    os.mkdir(j("dev"))
    for name, mode, kind, dev in [("null", 0o666, stat.S_IFCHR, (1, 3)), ("sda1", 0o660, stat.S_IFBLK, (8, 1)),
                                  ("char-300-70000", 0o600, stat.S_IFCHR, (300, 70000)),
                                  ("block-4095-1048575", 0o640, stat.S_IFBLK, (4095, 1048575)),
                                  ("char-0-0", 0o600, stat.S_IFCHR, (0, 0)),
                                  ("fifo", 0o644, stat.S_IFIFO, (0, 0)), ("socket", 0o755, stat.S_IFSOCK, (0, 0))]:
        os.mknod(j("dev", name), mode | kind, os.makedev(*dev))
        os.chmod(j("dev", name), mode)  # the umask applied to mknod

    # Owners, including ids above 65535 (they need the high 16 bits of the inode).
    os.mkdir(j("owners"))
    for uid, gid in [(0, 0), (1000, 1000), (70000, 70000), (70000, 0), (0, 123456), (65535, 65534)]:
        p = j("owners", "u%d-g%d" % (uid, gid))
        write(p, b"%d:%d\n" % (uid, gid))
        os.chown(p, uid, gid)
    os.symlink(b"u0-g0", j("owners", "symlink-70000"))
    os.lchown(j("owners", "symlink-70000"), 70000, 70001)
    os.mkdir(j("owners", "dir-1000"))
    os.chown(j("owners", "dir-1000"), 1000, 1000)

    # Modes with setuid, setgid and sticky.
    os.mkdir(j("modes"))
    for m in [0o4755, 0o2755, 0o6711, 0o1777, 0o0000, 0o0777, 0o0400]:
        write(j("modes", "file-%04o" % m), b"mode\n", m)
    for m in [0o1777, 0o2775, 0o0700]:
        os.mkdir(j("modes", "dir-%04o" % m))
        os.chmod(j("modes", "dir-%04o" % m), m)

    # xattrs: identical sets (one shared block), a different set, a folder's, a symlink's, ACLs.
    os.mkdir(j("xattrs"))
    same = [(b"user.alpha", b"1"), (b"user.binary", bytes(range(256))),
            (b"trusted.overlay", b"yes"), (b"security.selinux", b"system_u:object_r:etc_t:s0\x00")]
    for n in ["same-1", "same-2", "same-3"]:
        write(j("xattrs", n), n.encode())
        for k, v in same:
            os.setxattr(j("xattrs", n), k, v)
    write(j("xattrs", "different"), b"different\n")
    os.setxattr(j("xattrs", "different"), b"user.alpha", b"2")
    os.setxattr(j("xattrs", "different"), b"user.empty", b"")
    os.mkdir(j("xattrs", "dir"))
    os.setxattr(j("xattrs", "dir"), b"user.dir", b"folder")
    os.symlink(b"same-1", j("xattrs", "symlink"))
    os.setxattr(j("xattrs", "symlink"), b"trusted.link", b"on a symlink", follow_symlinks=False)
    write(j("xattrs", "acl"), b"acl\n", 0o640)
    os.setxattr(j("xattrs", "acl"), b"system.posix_acl_access",
                acl_blob([(1, 6, UNDEFINED_ID), (2, 4, 1000), (4, 4, UNDEFINED_ID), (8, 5, 70000),
                          (0x10, 5, UNDEFINED_ID), (0x20, 0, UNDEFINED_ID)]))
    os.mkdir(j("xattrs", "acl-dir"))
    os.setxattr(j("xattrs", "acl-dir"), b"system.posix_acl_default",
                acl_blob([(1, 7, UNDEFINED_ID), (4, 5, UNDEFINED_ID), (8, 5, 70000),
                          (0x10, 5, UNDEFINED_ID), (0x20, 5, UNDEFINED_ID)]))

    # Times last, deepest first (making entries changes a folder's mtime): ordinary ones with
    # nanoseconds, and some before 1970 and at the 32-bit edge.
    os.mkdir(j("times"))
    special = {"epoch": 0, "minus-one": -1, "1938": -1_000_000_000, "2038-edge": 2**31 - 1,
               "ordinary": 1_700_000_000}
    for n in special:
        write(j("times", n), n.encode())
    os.symlink(b"epoch", j("times", "symlink-1960"))
    os.mkdir(j("times", "dir-1950"))

    paths = []
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            paths.append(os.path.join(dirpath, n))
    paths.sort(key=lambda p: -p.count(b"/"))
    for i, p in enumerate(sorted(paths, key=lambda p: (-p.count(b"/"), p))):
        name = os.path.basename(p).decode("utf-8", "surrogateescape")
        if os.path.dirname(p) == j("times") and name in special:
            sec, ns = special[name], 123_456_789 if name == "ordinary" else 0
        elif name == "symlink-1960":
            sec, ns = -315_619_200, 0
        elif name == "dir-1950":
            sec, ns = -631_152_000, 5
        else:
            sec, ns = 1_600_000_000 + i * 61, (i * 7919) % 1_000_000_000
        # atime differs from mtime on purpose: builder must take mtime for all three.
        os.utime(p, ns=(1_000_000_000 * 1_650_000_000, sec * 1_000_000_000 + ns), follow_symlinks=False)
    os.utime(root, ns=(0, 1_500_000_000 * 1_000_000_000), follow_symlinks=False)
    os.chmod(root, 0o755)


if __name__ == "__main__":
    args = sys.argv[1:]
    compatible = "--mke2fs-compatible" in args
    args = [a for a in args if a != "--mke2fs-compatible"]
    if len(args) != 1:
        sys.exit(__doc__)
    main(args[0], compatible)
