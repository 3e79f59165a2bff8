#!/usr/bin/env bash
# Times `builder bake` with a tarball source (.tar, .tar.gz, .tar.xz of one Debian bookworm minbase
# tree) against the floor, decompression alone (`cat`, `gzip -dc`, `xz -dc` to /dev/null), and
# against the rootless route users have today:
#   fakeroot sh -c 'tar -xf FILE -C DIR && mke2fs -q -F -t ext3 -I 128 -b 4096 -d DIR IMG SIZE'
# and prints medians, ratios and peak RSS. A benchmark, not a test.
#
#   ./build.sh && bash bench/tarball-vs-peers.sh        (from the repository root, as root)
#
# builder runs twice per format: with an explicit size (the size auto chose) and with "auto".
# mke2fs gets 4 KiB blocks too (it would pick 1 KiB below 512 MiB). RUNS=N sets the runs per
# command (default 3); BUILDER=PATH times another binary; TREE=DIR another tree. By default the tree
# is made once by debootstrap and cached in .cache/debootstrap/bookworm-minbase, with the same
# completion marker the slow test and bench/ext-vs-peers.sh use.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$PWD
BUILDER=${BUILDER:-$REPO/.build/release/builder}
RUNS=${RUNS:-3}

die() { echo "tarball-vs-peers: $*" >&2; exit 1; }

[ -x "$BUILDER" ] || die "$BUILDER is missing: run ./build.sh first"
for tool in mke2fs fakeroot tar gzip xz debootstrap; do
    command -v "$tool" >/dev/null || die "$tool is not installed (./build.sh installs it)"
done
[ -x /usr/bin/time ] || die "/usr/bin/time is not installed (apt-get install time)"

# shellcheck source=bench/timing.sh
. "$REPO/bench/timing.sh"
TREE=${TREE:-$(minbase_tree "$REPO")}
[ -d "$TREE" ] || die "$TREE is not a folder"

WORK=$(mktemp -d /tmp/builder-tarbench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

echo "packing $TREE as .tar, .tar.gz, .tar.xz..."
tar --numeric-owner --xattrs --xattrs-include='*' --sparse --format=posix -cf "$WORK/tree.tar" -C "$TREE" .
gzip -6 -c "$WORK/tree.tar" > "$WORK/tree.tar.gz"
xz -6 -T1 -c "$WORK/tree.tar" > "$WORK/tree.tar.xz"

wall() { awk '{ print $1 }' "$WORK/$1.times" | median; }
rss_mib() { awk '{ print $2 }' "$WORK/$1.times" | median | awk '{ printf "%.1f", $1 / 1024 }'; }

recipe() { # recipe NAME ARCHIVE SIZE
    cat > "$WORK/$1.json" <<JSON
{"name": "bench", "profile": "none", "source": {"tarball": "$2"},
 "disks": [{"device": "sda1", "mount": "/", "size": "$3"$( [ "$3" = auto ] && echo ', "free": "64M"' )}],
 "output": {"dir": "$WORK/out"}}
JSON
}

for fmt in tar tar.gz tar.xz; do
    file=$WORK/tree.$fmt
    case $fmt in
        tar) floor=(cat "$file") ;;
        tar.gz) floor=(gzip -dc "$file") ;;
        tar.xz) floor=(xz -dc "$file") ;;
    esac
    cat "$file" > /dev/null # into the page cache
    recipe "auto-$fmt" "$file" auto
    for _ in $(seq "$RUNS"); do
        rm -rf "$WORK/out"
        timed "auto-$fmt" "$BUILDER" bake "$WORK/auto-$fmt.json"
    done
    size=$(stat -c %s "$WORK/out/bench/sda1.img")
    echo "$size" > "$WORK/size-$fmt"
    recipe "fixed-$fmt" "$file" "$size"
    for _ in $(seq "$RUNS"); do
        rm -rf "$WORK/out"
        timed "fixed-$fmt" "$BUILDER" bake "$WORK/fixed-$fmt.json"
    done
    for _ in $(seq "$RUNS"); do
        timed "floor-$fmt" sh -c '"$@" > /dev/null' sh "${floor[@]}"
    done
    for _ in $(seq "$RUNS"); do
        rm -rf "$WORK/x" "$WORK/fakeroot.img"
        mkdir "$WORK/x"
        timed "fakeroot-$fmt" fakeroot sh -c 'tar -xf "$1" -C "$2" && mke2fs -q -F -t ext3 -I 128 -b 4096 -d "$2" "$3" "$4"' \
            sh "$file" "$WORK/x" "$WORK/fakeroot.img" "$((size / 1024))k"
    done
    rm -rf "$WORK/x" "$WORK/out" "$WORK/fakeroot.img"
done

echo
echo "tree: $TREE ($(find "$TREE" | wc -l) entries, $(du -sh "$TREE" | cut -f1)); median of $RUNS runs"
echo "archives: tar $(($(stat -c %s "$WORK/tree.tar") / 1048576)) MiB, tar.gz $(($(stat -c %s "$WORK/tree.tar.gz") / 1048576)) MiB, tar.xz $(($(stat -c %s "$WORK/tree.tar.xz") / 1048576)) MiB; image $(($(cat "$WORK/size-tar") / 1048576)) MiB"
printf '%-8s %-44s %9s %10s\n' format command "wall (s)" "RSS (MiB)"
for fmt in tar tar.gz tar.xz; do
    case $fmt in tar) f="cat" ;; tar.gz) f="gzip -dc" ;; tar.xz) f="xz -dc" ;; esac
    printf '%-8s %-44s %9s %10s\n' "$fmt" "$f > /dev/null (the floor)" "$(wall "floor-$fmt")" "$(rss_mib "floor-$fmt")"
    printf '%-8s %-44s %9s %10s\n' "" "builder bake, explicit size" "$(wall "fixed-$fmt")" "$(rss_mib "fixed-$fmt")"
    printf '%-8s %-44s %9s %10s\n' "" "builder bake, size auto" "$(wall "auto-$fmt")" "$(rss_mib "auto-$fmt")"
    printf '%-8s %-44s %9s %10s\n' "" "fakeroot tar -x && mke2fs -d" "$(wall "fakeroot-$fmt")" "$(rss_mib "fakeroot-$fmt")"
done
echo
for fmt in tar tar.gz tar.xz; do
    awk -v fmt="$fmt" -v fl="$(wall "floor-$fmt")" -v fx="$(wall "fixed-$fmt")" -v au="$(wall "auto-$fmt")" -v fr="$(wall "fakeroot-$fmt")" 'BEGIN {
        printf "%-7s builder/floor %.2fx (auto %.2fx)   fakeroot route/builder %.2fx (auto %.2fx)\n", fmt,
            (fl > 0 ? fx / fl : 0), (fl > 0 ? au / fl : 0), (fx > 0 ? fr / fx : 0), (au > 0 ? fr / au : 0)
    }'
done
