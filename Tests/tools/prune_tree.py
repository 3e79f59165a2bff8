#!/usr/bin/env python3
"""Takes out of a test tree what an archive format cannot carry, so that the tree and the image
made from the archive can be compared as they are.

Usage: prune_tree.py DIR [--strip-xattrs] [--remove RELPATH]...
  --remove RELPATH   removes DIR/RELPATH (a file or a whole folder); its folder keeps its mtime
  --strip-xattrs     removes every extended attribute of every entry (symlinks included)
"""
import os
import shutil
import sys


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    root = os.fsencode(argv[1])
    args = argv[2:]
    strip = False
    while args:
        a = args.pop(0)
        if a == "--strip-xattrs":
            strip = True
        elif a == "--remove" and args:
            path = os.path.join(root, os.fsencode(args.pop(0)))
            parent = os.path.dirname(path)
            st = os.lstat(parent)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            else:
                os.unlink(path)
            os.utime(parent, ns=(st.st_atime_ns, st.st_mtime_ns), follow_symlinks=False)
        else:
            sys.exit(__doc__)
    if strip:
        for dirpath, dirnames, filenames in os.walk(root):
            for n in [b""] + dirnames + filenames:
                p = os.path.join(dirpath, n) if n else dirpath
                for x in os.listxattr(p, follow_symlinks=False):
                    os.removexattr(p, x, follow_symlinks=False)


if __name__ == "__main__":
    main(sys.argv)
