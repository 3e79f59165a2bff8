"""The manifest of an ext2/3 image read through debugfs instead of a mount (see treemanifest.py):
folders by `ls -p`, metadata and block maps by `stat`, xattrs by `ea_get`, and file contents read
from the image at the blocks debugfs names (so a 5 GiB sparse file costs only its data)."""
import os
import re
import struct
import subprocess
import tempfile

TYPES = {0o100000: "file", 0o040000: "dir", 0o120000: "symlink", 0o020000: "chardev",
         0o060000: "blockdev", 0o010000: "fifo", 0o140000: "socket"}
HEAD = re.compile(rb"^debugfs: (.*)$", re.M)


def run(image, commands):
    """Runs debugfs commands in one process; returns {command: output bytes}."""
    with tempfile.NamedTemporaryFile("wb", suffix=".cmds", delete=False) as f:
        f.write(b"\n".join(commands) + b"\n")
        name = f.name
    try:
        out = subprocess.run(["debugfs", "-f", name, image], capture_output=True, check=True).stdout
    finally:
        os.unlink(name)
    parts = HEAD.split(out)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def parse_stat(text):
    s = {}
    s["uid"], s["gid"], s["size"] = map(int, re.search(rb"User:\s+(\d+)\s+Group:\s+(\d+)\s+.*?Size:\s+(\d+)", text).groups())
    s["nlink"] = int(re.search(rb"Links:\s+(\d+)", text).group(1))
    m = int(re.search(rb"mtime:\s+0x([0-9a-f]+)", text).group(1), 16)
    s["mtime"] = m - (1 << 32) if m >= 1 << 31 else m
    dev = re.search(rb"Device major/minor number:\s+(\d+):(\d+)", text)
    if dev:
        s["rdev"] = "%d,%d" % (int(dev.group(1)), int(dev.group(2)))
    fast = re.search(rb'Fast link dest: "(.*)"\n', text, re.S)
    if fast:
        s["fast"] = fast.group(1)
    s["xattr_names"] = []
    ea = re.search(rb"Extended attributes:\n((?:  .*\n)*)", text)
    if ea:
        s["xattr_names"] = [m.group(1) for m in re.finditer(rb"^  (\S+) \(\d+\)", ea.group(1), re.M)]
    s["extents"] = []
    blocks = re.search(rb"BLOCKS:\n(.*?)\nTOTAL", text, re.S)
    if blocks:
        for m in re.finditer(rb"\((\d+)(?:-(\d+))?\):(\d+)(?:-(\d+))?", blocks.group(1)):
            l0 = int(m.group(1))
            l1 = int(m.group(2) or m.group(1))
            s["extents"].append((l0, l1, int(m.group(3))))
    return s


def acl_normal(value):
    """debugfs writes 0 where the kernel writes -1 as the id of ACL entries that have none."""
    if len(value) < 4 or (len(value) - 4) % 8:
        return value
    out = value[:4]
    for i in range(4, len(value), 8):
        tag, perm, ident = struct.unpack("<HHI", value[i:i + 8])
        out += struct.pack("<HHI", tag, perm, ident if tag in (2, 8) else 0xFFFFFFFF)
    return out


def manifest(image, content_digest):
    bs = int(re.search(rb"Block size:\s+(\d+)", subprocess.run(
        ["dumpe2fs", "-h", image], capture_output=True, check=True).stdout).group(1))
    listing = {}  # path -> (ino, mode)
    level = {b"": 2}
    listing[b""] = (2, 0o040755)
    while level:
        out = run(image, [b"ls -p <%d>" % ino for ino in level.values()])
        nxt = {}
        for path, ino in level.items():
            for line in out[b"ls -p <%d>" % ino].split(b"\n"):
                f = line.split(b"/")
                # Entries with inode 0 are free slots of the folder, not files.
                if len(f) < 7 or f[5] in (b".", b"..") or f[1] in (b"", b"0"):
                    continue
                child, mode = path + b"/" + b"/".join(f[5:-2]), int(f[2], 8)
                listing[child] = (int(f[1]), mode)
                if mode & 0o170000 == 0o040000:
                    nxt[child] = int(f[1])
        level = nxt
    inodes = sorted({ino for ino, _ in listing.values()})
    out = run(image, [b"stat <%d>" % i for i in inodes])
    stats = {}
    for i in inodes:
        try:
            stats[i] = parse_stat(out[b"stat <%d>" % i])
        except Exception:
            raise RuntimeError("debugfs stat <%d> gave no inode: %r" % (i, out[b"stat <%d>" % i][:300]))

    with tempfile.TemporaryDirectory() as tmp:
        cmds, where = [], {}
        for i in inodes:
            for n, name in enumerate(stats[i]["xattr_names"]):
                f = os.path.join(tmp, "%d-%d" % (i, n)).encode()
                where[(i, name)] = f
                cmds.append(b"ea_get -f %s <%d> %s" % (f, i, name))
        if cmds:
            run(image, cmds)
        def value(i, name):
            with open(where[(i, name)], "rb") as f:
                v = f.read()
            return (acl_normal(v) if name.startswith(b"system.posix_acl_") else v).hex()
        xattrs = {i: {name.decode(): value(i, name) for name in stats[i]["xattr_names"]} for i in inodes}

    groups = {}
    for path, (ino, mode) in listing.items():
        if mode & 0o170000 != 0o040000:
            groups.setdefault(ino, []).append(path)
    entries = {}
    with open(image, "rb") as img, tempfile.TemporaryDirectory() as tmp:
        def data(st):
            """The file's bytes as a sparse temporary file, from its mapped blocks."""
            p = os.path.join(tmp, "content")
            with open(p, "wb") as f:
                for l0, l1, p0 in st["extents"]:
                    img.seek(p0 * bs)
                    f.seek(l0 * bs)
                    f.write(img.read((l1 - l0 + 1) * bs))
                f.truncate(st["size"])
            return p

        for path, (ino, mode) in listing.items():
            st = stats[ino]
            kind = TYPES.get(mode & 0o170000, "unknown")
            e = {"type": kind, "mode": "%04o" % (mode & 0o7777), "uid": st["uid"], "gid": st["gid"],
                 "mtime": st["mtime"], "nlink": st["nlink"], "xattrs": xattrs[ino]}
            if kind == "file":
                e["size"] = st["size"]
                e["content"] = content_digest(data(st), st["size"])
            elif kind == "symlink":
                e["size"] = st["size"]
                if "fast" in st:
                    e["target"] = st["fast"]
                else:
                    with open(data(st), "rb") as f:
                        e["target"] = f.read()
            elif kind in ("chardev", "blockdev"):
                e["rdev"] = st.get("rdev")
            if kind != "dir":
                e["links"] = sorted(groups[ino])
            entries[path] = e
    return entries
