#!/usr/bin/env python3
"""Writes the test archives for the tarball source: ordinary, odd and hostile ones.

usage: make_archives.py OUTDIR
Each archive is made with Python's tarfile (an independent writer), deterministically.
"""
import gzip
import io
import os
import sys
import tarfile

MTIME = 1_000_000_000


def info(name, type=tarfile.REGTYPE, size=0, mode=0o644, uid=0, gid=0, mtime=MTIME, **kw):
    ti = tarfile.TarInfo(name)
    ti.type = type
    ti.size = size
    ti.mode = mode
    ti.uid = uid
    ti.gid = gid
    ti.mtime = mtime
    for k, v in kw.items():
        setattr(ti, k, v)
    return ti


def write(path, members, fmt=tarfile.PAX_FORMAT, mode="w"):
    with tarfile.open(path, mode, format=fmt) as t:
        for ti, data in members:
            t.addfile(ti, io.BytesIO(data) if data is not None else None)


def main(out):
    os.makedirs(out, exist_ok=True)
    hello = b"hello, guest\n"
    big = bytes((i * 7) % 251 for i in range(300_000))
    ordinary = [
        (info("./", tarfile.DIRTYPE, mode=0o755), None),
        (info("./etc", tarfile.DIRTYPE, mode=0o755), None),
        (info("./etc/hostname", size=len(hello), uid=70000, gid=70001), hello),
        (info("./bin/big", size=len(big), mode=0o4755, mtime=-86400 * 400), big),
        (info("./bin/link-to-big", tarfile.LNKTYPE, linkname="./bin/big"), None),
        (info("./lib", tarfile.SYMTYPE, linkname="usr/lib", mode=0o777), None),
        (info("./dev/console", tarfile.CHRTYPE, mode=0o600, devmajor=5, devminor=1), None),
        (info("./dev/sda1", tarfile.BLKTYPE, mode=0o660, devmajor=8, devminor=1), None),
        (info("./run/fifo", tarfile.FIFOTYPE, mode=0o600), None),
    ]
    xa = info("./etc/labelled", size=3, pax_headers={
        "SCHILY.xattr.security.selinux": "system_u:object_r:etc_t:s0\x00",
        "SCHILY.xattr.user.note": "x"})
    ordinary.append((xa, b"abc"))
    write(f"{out}/ordinary.tar", ordinary)
    write(f"{out}/ordinary.tar.gz", ordinary, mode="w:gz")
    write(f"{out}/ordinary.tar.xz", ordinary, mode="w:xz")
    write(f"{out}/ordinary.tar.bz2", ordinary, mode="w:bz2")
    write(f"{out}/ordinary-gnu.tar", ordinary, fmt=tarfile.GNU_FORMAT)

    write(f"{out}/traversal.tar", [(info("../evil", size=1), b"x")])
    write(f"{out}/traversal-inner.tar", [(info("a/../../evil", size=1), b"x")])
    write(f"{out}/absolute-traversal.tar", [(info("/../evil", size=1), b"x")])
    write(f"{out}/absolute.tar", [(info("/etc/passwd", size=5), b"root\n")])
    write(f"{out}/through-symlink.tar", [
        (info("escape", tarfile.SYMTYPE, linkname="/tmp"), None),
        (info("escape/evil", size=1), b"x")])
    write(f"{out}/duplicates.tar", [
        (info("etc/motd", size=5), b"first"),
        (info("etc/motd", size=6), b"second")])
    write(f"{out}/missing-link.tar", [(info("a", tarfile.LNKTYPE, linkname="nowhere"), None)])

    names = [b"n" * 255, bytes([0xff, 0xfe, 0x41]), "caf\u00e9".encode()]
    with tarfile.open(f"{out}/names.tar", "w", format=tarfile.GNU_FORMAT, encoding="utf-8",
                      errors="surrogateescape") as t:
        for n in names:
            ti = info(n.decode("utf-8", "surrogateescape"), size=1)
            t.addfile(ti, io.BytesIO(b"x"))

    gz = open(f"{out}/ordinary.tar.gz", "rb").read()
    open(f"{out}/truncated.tar.gz", "wb").write(gz[: len(gz) * 2 // 3])
    corrupt = bytearray(gz)
    for i in range(len(corrupt) // 2, len(corrupt) // 2 + 64):
        corrupt[i] ^= 0x5A
    open(f"{out}/corrupt.tar.gz", "wb").write(bytes(corrupt))

    # A member whose header promises more bytes than the archive holds.
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as t:
        t.addfile(info("short", size=10_000), io.BytesIO(b"y" * 10_000))
    data = raw.getvalue()
    open(f"{out}/short-member.tar", "wb").write(data[: 512 + 3000])

    with tarfile.open(f"{out}/many.tar.gz", "w:gz", format=tarfile.USTAR_FORMAT) as t:
        for i in range(100_000):
            t.addfile(info(f"d{i // 1000}/f{i}", size=1), io.BytesIO(b"z"))


if __name__ == "__main__":
    main(sys.argv[1])
