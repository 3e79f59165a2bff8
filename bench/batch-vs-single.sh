#!/usr/bin/env bash
# Times one batch of 20 guests from one tarball (`builder bake batch.json`, a recipe with a
# `guests` list, with --jobs 1 and --jobs 2) against 20 single bakes of the same guests, one
# `builder bake` per guest, run one after another. The tarball is a Debian bookworm minbase tree
# (debootstrap, cached in .cache/debootstrap as the other benchmarks do). A benchmark, not a test.
#
#   ./build.sh && bash bench/batch-vs-single.sh        (from the repository root, as root)
#
# GUESTS=N changes the count (default 20); RUNS=N the runs per command (default 1, each run
# writes GUESTS images); BUILDER=PATH times another binary; TREE=DIR another tree.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$PWD
BUILDER=${BUILDER:-$REPO/.build/release/builder}
RUNS=${RUNS:-1}
GUESTS=${GUESTS:-20}

die() { echo "batch-vs-single: $*" >&2; exit 1; }

[ -x "$BUILDER" ] || die "$BUILDER is missing: run ./build.sh first"
[ -x /usr/bin/time ] || die "/usr/bin/time is not installed (apt-get install time)"

# shellcheck source=bench/timing.sh
. "$REPO/bench/timing.sh"
TREE=${TREE:-$(minbase_tree "$REPO")}
[ -d "$TREE" ] || die "$TREE is not a folder"

WORK=$(mktemp -d /tmp/builder-batchbench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

echo "packing $TREE as .tar.gz..."
tar --numeric-owner --format=posix -czf "$WORK/tree.tar.gz" -C "$TREE" .

shared='"profile": "none", "source": {"tarball": "tree.tar.gz"},
 "disks": [{"device": "xvda1", "mount": "/", "size": "auto", "free": "32M"}, {"device": "xvda2", "swap": true, "size": "64M"}]'
guests=""
for i in $(seq 1 "$GUESTS"); do
    guests+="${guests:+, }{\"name\": \"g$i\"}"
    echo "{\"name\": \"g$i\", $shared, \"output\": {\"dir\": \"single\"}}" > "$WORK/g$i.json"
done
echo "{$shared, \"guests\": [$guests], \"output\": {\"dir\": \"batch\"}}" > "$WORK/batch.json"

singles() { for i in $(seq 1 "$GUESTS"); do "$BUILDER" bake "$WORK/g$i.json" || return 1; done; }

for _ in $(seq 1 "$RUNS"); do
    rm -rf "$WORK/single" "$WORK/batch"
    timed single bash -c "$(declare -f singles); GUESTS=$GUESTS BUILDER=$BUILDER WORK=$WORK singles"
    rm -rf "$WORK/batch"
    timed batch1 "$BUILDER" bake "$WORK/batch.json" --jobs 1
    rm -rf "$WORK/batch"
    timed batch2 "$BUILDER" bake "$WORK/batch.json" --jobs 2
done
cmp -s "$WORK/single/g$GUESTS/xvda1.img" "$WORK/batch/g$GUESTS/xvda1.img" || die "batch and single bakes of g$GUESTS differ"

wall() { awk '{ print $1 }' "$WORK/$1.times" | median; }
rss() { awk '{ print $2 }' "$WORK/$1.times" | median | awk '{ printf "%.0f", $1 / 1024 }'; }
s=$(wall single); b1=$(wall batch1); b2=$(wall batch2)
echo
echo "$GUESTS guests from one $(du -h "$WORK/tree.tar.gz" | cut -f1) tarball ($(find "$TREE" | wc -l) entries), median of $RUNS:"
printf '  %-34s %8s s   peak RSS %5s MiB\n' "$GUESTS single bakes, one after another" "$s" "$(rss single)"
printf '  %-34s %8s s   peak RSS %5s MiB   %s x the singles\n' "one batch, --jobs 1" "$b1" "$(rss batch1)" "$(awk -v a="$b1" -v b="$s" 'BEGIN { printf "%.2f", a / b }')"
printf '  %-34s %8s s   peak RSS %5s MiB   %s x the singles\n' "one batch, --jobs 2" "$b2" "$(rss batch2)" "$(awk -v a="$b2" -v b="$s" 'BEGIN { printf "%.2f", a / b }')"
echo "  (the images of guest g$GUESTS are byte-identical both ways)"
