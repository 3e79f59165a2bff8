# Sourced by the bench scripts: runs a command under /usr/bin/time and takes medians.
# Needs WORK (a scratch folder) and die() from the script that sources it.

# timed LABEL CMD...: runs CMD once under /usr/bin/time; appends "wall_seconds peak_rss_kib".
timed() {
    local label=$1
    shift
    if ! /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" > "$WORK/run.log" 2>&1; then
        cat "$WORK/run.log" >&2
        die "$label failed: $*"
    fi
    cat "$WORK/time.txt" >> "$WORK/$label.times"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# minbase_tree REPO: prints the cached Debian bookworm minbase tree, making it once with
# debootstrap (the tests' DebianTree uses the same folder and completion marker).
minbase_tree() {
    local tree=$1/.cache/debootstrap/bookworm-minbase
    if [ ! -f "$tree.complete" ]; then
        echo "making $tree with debootstrap (once)..." >&2
        rm -rf "$tree"
        mkdir -p "$(dirname "$tree")"
        debootstrap --variant=minbase bookworm "$tree" http://deb.debian.org/debian >/dev/null
        echo "debootstrap --variant=minbase bookworm" > "$tree.complete"
    fi
    echo "$tree"
}
