"""Reads a guest folder's manifest.json with Python's own JSON parser, checks its shape and that
it lists exactly the folder's files (but itself and the bundle) with their real sizes, and prints
one `SHA256  NAME` line per artifact for `sha256sum -c`.

usage: guest_manifest.py FOLDER"""
import json
import os
import sys


def fail(message):
    print("guest_manifest.py: " + message, file=sys.stderr)
    sys.exit(1)


folder = sys.argv[1]
with open(os.path.join(folder, "manifest.json"), "rb") as f:
    manifest = json.load(f)

for key, kind in [("manifestVersion", int), ("builder", dict), ("guest", str), ("recipe", dict),
                  ("sourceDateEpoch", int), ("inputs", list), ("artifacts", list)]:
    if not isinstance(manifest.get(key), kind):
        fail("%s is missing or not a %s" % (key, kind.__name__))

guest = manifest["guest"]
bundle_files = {guest + ext for ext in (".tar.gz", ".tar.xz", ".tar.zst")}
bundle_files |= {name + ".sha256" for name in bundle_files}
expected = sorted(n for n in os.listdir(folder) if n != "manifest.json" and n not in bundle_files)
listed = [a["name"] for a in manifest["artifacts"]]
if listed != expected:
    fail("artifacts %s, folder holds %s" % (listed, expected))

for a in manifest["artifacts"]:
    size = os.path.getsize(os.path.join(folder, a["name"]))
    if a["size"] != size:
        fail("%s: size %d in the manifest, %d on disk" % (a["name"], a["size"], size))
    if len(a["sha256"]) != 64:
        fail("%s: sha256 %r" % (a["name"], a["sha256"]))
    print("%s  %s" % (a["sha256"], a["name"]))
