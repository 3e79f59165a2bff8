#!/usr/bin/env python3
"""An independent description of a file tree, to compare a source folder with the image made from
it. It shares no code with builder: os.lstat, os.readlink, os.listxattr/getxattr (never following
symlinks), sha256 of contents, st_rdev split with os.major/os.minor, hard-link groups by inode.

Usage:
  treemanifest.py compare SOURCE_DIR IMAGE_DIR [--max N]
      IMAGE_DIR is the image mounted read-only. Exit 0 when they agree, 1 with the differences.
  treemanifest.py compare-debugfs SOURCE_DIR IMAGE [--max N]
      The same comparison, with the image read through debugfs (no mount needed).
  treemanifest.py compare SOURCE_DIR IMAGE_DIR --owner UID:GID
      The same, expecting every entry of the image to have that owner (a source read with
      "owner"), and everything else as in the source.
  treemanifest.py dump DIR
      Prints the manifest, one line per path.

Compared: type, mode (12 bits), uid, gid, size (not for folders), mtime in whole seconds (128-byte
inodes have no nanoseconds), content, symlink target, device major/minor, xattrs, link count (not
the root's), and hard-link groups. /lost+found at the image's root is ignored when the source has
none.
"""
import hashlib
import os
import stat
import sys

BLOCK = 4096
ZERO = bytes(BLOCK)

TYPES = {stat.S_IFREG: "file", stat.S_IFDIR: "dir", stat.S_IFLNK: "symlink", stat.S_IFCHR: "chardev",
         stat.S_IFBLK: "blockdev", stat.S_IFIFO: "fifo", stat.S_IFSOCK: "socket"}


def show(path):
    return path.decode("utf-8", "backslashreplace") or "/"


def data_spans(fd, size):
    """(start, end) spans that may hold data, from SEEK_DATA/SEEK_HOLE; the whole file if the
    filesystem cannot tell."""
    spans, pos = [], 0
    try:
        while pos < size:
            try:
                start = os.lseek(fd, pos, os.SEEK_DATA)
            except OSError as e:
                if e.errno == 6:  # ENXIO: no data after pos
                    break
                raise
            end = min(os.lseek(fd, start, os.SEEK_HOLE), size)
            spans.append((start, end))
            pos = end
    except OSError:
        return [(0, size)] if size else []
    return spans


def content_digest(path, size):
    """sha256 of the file's content that does not depend on where its holes are: every 4 KiB block
    that is not all zeros, with its offset, then the size. Holes and written zeros read alike, as
    they do through read(2), but a 5 GiB sparse file costs only its data."""
    h = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        aligned = []
        for s, e in data_spans(fd, size):
            s, e = s - s % BLOCK, min(size, e + (-e) % BLOCK)
            if aligned and s <= aligned[-1][1]:
                aligned[-1] = (aligned[-1][0], max(aligned[-1][1], e))
            else:
                aligned.append((s, e))
        for s, e in aligned:
            pos = s
            while pos < e:
                chunk = os.pread(fd, min(1 << 20, e - pos), pos)
                if not chunk:
                    break
                for i in range(0, len(chunk), BLOCK):
                    block = chunk[i:i + BLOCK]
                    if block.count(0) != len(block):
                        h.update(b"%d:" % (pos + i))
                        h.update(block)
                pos += len(chunk)
    finally:
        os.close(fd)
    h.update(b"size:%d" % size)
    return h.hexdigest()


def manifest(root):
    """{relative path bytes: {field: value}}; paths start with b'/', the root is b''."""
    root = os.fsencode(root)
    entries, inodes = {}, {}

    def visit(rel):
        full = root + rel
        st = os.lstat(full)
        kind = TYPES.get(stat.S_IFMT(st.st_mode), "unknown")
        e = {"type": kind, "mode": "%04o" % stat.S_IMODE(st.st_mode), "uid": st.st_uid,
             "gid": st.st_gid, "mtime": st.st_mtime_ns // 1_000_000_000, "nlink": st.st_nlink}
        if kind == "file":
            e["size"] = st.st_size
            e["content"] = content_digest(full, st.st_size)
        elif kind == "symlink":
            e["size"] = st.st_size
            e["target"] = os.readlink(full)
        elif kind in ("chardev", "blockdev"):
            e["rdev"] = "%d,%d" % (os.major(st.st_rdev), os.minor(st.st_rdev))
        names = sorted(os.listxattr(full, follow_symlinks=False))
        e["xattrs"] = {n: os.getxattr(full, n, follow_symlinks=False).hex() for n in names}
        entries[rel] = e
        if kind != "dir":
            inodes.setdefault(st.st_ino, []).append(rel)
        else:
            for name in sorted(os.listdir(full)):
                visit(rel + b"/" + name)

    visit(b"")
    for paths in inodes.values():
        for p in paths:
            entries[p]["links"] = sorted(paths)
    return entries


def compare(src, img, limit=40):
    """The differences between two manifests, as readable lines."""
    diffs = []
    if b"/lost+found" in img and b"/lost+found" not in src:
        lf = b"/lost+found"
        img = {p: e for p, e in img.items() if p != lf and not p.startswith(lf + b"/")}
        img[b""] = dict(img[b""], nlink=img[b""]["nlink"] - 1)
    for p in sorted(set(src) | set(img)):
        if p not in img:
            diffs.append("%s: in the source, missing from the image" % show(p))
            continue
        if p not in src:
            diffs.append("%s: in the image, not in the source" % show(p))
            continue
        a, b = src[p], img[p]
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                va, vb = a.get(k), b.get(k)
                if k == "links":
                    va, vb = [show(x) for x in va or []], [show(x) for x in vb or []]
                diffs.append("%s: %s differs: source %r, image %r" % (show(p), k, va, vb))
    return diffs


def main(argv):
    limit = 40
    if "--max" in argv:
        i = argv.index("--max")
        limit = int(argv[i + 1])
        del argv[i:i + 2]
    owner = None
    if "--owner" in argv:
        i = argv.index("--owner")
        owner = [int(x) for x in argv[i + 1].split(":")]
        del argv[i:i + 2]
    if len(argv) == 3 and argv[1] == "dump":
        for p, e in sorted(manifest(argv[2]).items()):
            print(show(p), e)
        return 0
    if len(argv) == 4 and argv[1] in ("compare", "compare-debugfs"):
        src = manifest(argv[2])
        if owner:
            for e in src.values():
                e["uid"], e["gid"] = owner
        if argv[1] == "compare":
            img = manifest(argv[3])
        else:
            import debugfs_manifest
            img = debugfs_manifest.manifest(argv[3], content_digest)
        diffs = compare(src, img)
        print("compared %d source entries with %d image entries: %d differences"
              % (len(src), len(img), len(diffs)))
        for d in diffs[:limit]:
            print("  " + d)
        if len(diffs) > limit:
            print("  ... and %d more" % (len(diffs) - limit))
        return 1 if diffs else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
