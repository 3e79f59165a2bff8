#!/usr/bin/env bash
# Times `builder bake` (profile none, tree source) against `mke2fs -t ext3 -I 128 -d` and genext2fs
# on one Debian bookworm minbase tree, and prints medians and ratios. A benchmark, not a test.
#
#   ./build.sh && bash bench/ext-vs-peers.sh        (from the repository root, as root)
#
# All three write 4 KiB blocks (builder's default; mke2fs would pick 1 KiB below 512 MiB) into an
# image of the size builder chose. RUNS=N sets the runs per tool (default 3); BUILDER=PATH times
# another binary. The tree is made once by debootstrap and cached in
# .cache/debootstrap/bookworm-minbase, with the same completion marker the slow test uses.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$PWD
TREE=$REPO/.cache/debootstrap/bookworm-minbase
MARKER=$TREE.complete
BUILDER=${BUILDER:-$REPO/.build/release/builder}
RUNS=${RUNS:-3}

die() { echo "ext-vs-peers: $*" >&2; exit 1; }

[ -x "$BUILDER" ] || die "$BUILDER is missing: run ./build.sh first"
for tool in mke2fs genext2fs debootstrap; do
    command -v "$tool" >/dev/null || die "$tool is not installed (apt-get install e2fsprogs genext2fs debootstrap)"
done
[ -x /usr/bin/time ] || die "/usr/bin/time is not installed (apt-get install time)"

if [ ! -f "$MARKER" ]; then
    echo "making $TREE with debootstrap (once)..."
    rm -rf "$TREE"
    mkdir -p "$(dirname "$TREE")"
    debootstrap --variant=minbase bookworm "$TREE" http://deb.debian.org/debian >/dev/null
    echo "debootstrap --variant=minbase bookworm" > "$MARKER"
fi

WORK=$(mktemp -d /tmp/builder-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# Warm the page cache so every tool reads the tree from memory.
find "$TREE" -type f -print0 | xargs -0 cat > /dev/null 2>&1 || true

cat > "$WORK/recipe.json" <<JSON
{"name": "bench", "profile": "none", "source": {"tree": "$TREE"},
 "disks": [{"device": "sda1", "mount": "/", "size": "auto", "free": "64M"}],
 "output": {"dir": "$WORK/out"}}
JSON

# shellcheck source=bench/timing.sh
. "$REPO/bench/timing.sh"

IMG=$WORK/out/bench/sda1.img
for _ in $(seq "$RUNS"); do
    rm -rf "$WORK/out"
    timed builder "$BUILDER" bake "$WORK/recipe.json"
done
[ -f "$IMG" ] || die "builder bake wrote no $IMG"
SIZE=$(stat -c %s "$IMG")
cp --sparse=always "$IMG" "$WORK/builder.img"

for _ in $(seq "$RUNS"); do
    rm -f "$WORK/mke2fs.img"
    timed mke2fs mke2fs -q -F -t ext3 -I 128 -b 4096 -d "$TREE" "$WORK/mke2fs.img" "$((SIZE / 1024))k"
done

for _ in $(seq "$RUNS"); do
    rm -f "$WORK/genext2fs.img"
    timed genext2fs genext2fs -B 4096 -d "$TREE" -b "$((SIZE / 4096))" "$WORK/genext2fs.img"
done

echo
echo "tree: $TREE ($(find "$TREE" | wc -l) entries, $(du -sh "$TREE" | cut -f1)); image size $((SIZE / 1048576)) MiB; median of $RUNS runs"
printf '%-34s %12s %14s\n' "tool" "wall (s)" "peak RSS (MiB)"
for tool in builder mke2fs genext2fs; do
    wall=$(awk '{ print $1 }' "$WORK/$tool.times" | median)
    rss=$(awk '{ print $2 }' "$WORK/$tool.times" | median)
    eval "${tool}_wall=$wall ${tool}_rss=$rss"
    case $tool in
        builder) what="builder bake (ext3)" ;;
        mke2fs) what="mke2fs -t ext3 -I 128 -b 4096 -d" ;;
        genext2fs) what="genext2fs -d (ext2, no journal)" ;;
    esac
    printf '%-34s %12s %14.1f\n' "$what" "$wall" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
done
echo
awk -v b="$builder_wall" -v m="$mke2fs_wall" -v g="$genext2fs_wall" -v br="$builder_rss" -v mr="$mke2fs_rss" -v gr="$genext2fs_rss" 'BEGIN {
    printf "builder/mke2fs    wall %.2fx   RSS %.2fx\n", (m > 0 ? b / m : 0), (mr > 0 ? br / mr : 0)
    printf "builder/genext2fs wall %.2fx   RSS %.2fx\n", (g > 0 ? b / g : 0), (gr > 0 ? br / gr : 0)
}'
