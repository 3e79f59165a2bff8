#!/usr/bin/env bash
# Builds a static Xen PV guest kernel from Debian's linux-source-6.1: xen-blkfront, xen-netfront,
# the hvc console, ext4 (serving ext2 and ext3 too) and the embedded config (IKCONFIG) built in, no
# modules, so that the guest boots with no initrd.
#
#   Tests/tools/make_static_kernel.sh CACHE_ROOT
#
# The result is CACHE_ROOT/<linux-source-6.1 package version>/{bzImage,config,complete}; the last
# line on stdout is the bzImage's path. A second run for the same package version returns at once.
# It installs nothing: build.sh's package list holds linux-source-6.1 and the kernel's build tools.
# From clean it takes about 7 minutes on 2 cores (see the README, "Modern guests").
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 CACHE_ROOT" >&2
    exit 2
fi
# Absolute: make runs in the source folder (-C), where a relative O= would mean something else.
mkdir -p "$1"
cache_root="$(cd "$1" && pwd)"
package=linux-source-6.1
tarball=/usr/src/linux-source-6.1.tar.xz

if ! version="$(dpkg-query -W -f='${Version}' "$package" 2>/dev/null)" || [[ -z "$version" ]]; then
    echo "$0: the Debian package $package is not installed; run ./build.sh as root (it installs it)" >&2
    exit 1
fi
if [[ ! -f "$tarball" ]]; then
    echo "$0: $tarball is missing although $package $version is installed; reinstall it" >&2
    exit 1
fi

# The options the guest needs (see /work/shared/reference/xen-in-qemu.md and the README):
# 64-bit PV guest support, the console, the split block and network front ends, ext4 for ext2/3/4,
# a devtmpfs /dev, ELF and #! programs, /proc and /sys, the embedded config `builder kernel` reads,
# and what a real init needs beyond tinyconfig: POSIX timers, users, futexes for any init; the
# system calls and file systems systemd refuses to run without (epoll, signalfd, timerfd, eventfd,
# inotify, name_to_handle_at, cgroups, tmpfs for /run, file locks; systemd's README lists them),
# ptys and sysctl for logins, swap for a swap disk, packet sockets for a DHCP client, System V IPC
# for the daemons that use it.
wanted=(64BIT HYPERVISOR_GUEST PARAVIRT XEN XEN_PV PRINTK TTY HVC_XEN BLOCK XEN_BLKDEV_FRONTEND
    NET NETDEVICES XEN_NETDEV_FRONTEND UNIX INET EXT4_FS EXT4_USE_FOR_EXT2 DEVTMPFS DEVTMPFS_MOUNT
    BINFMT_ELF BINFMT_SCRIPT PROC_FS SYSFS IKCONFIG IKCONFIG_PROC POSIX_TIMERS MULTIUSER FUTEX
    EPOLL SIGNALFD TIMERFD EVENTFD INOTIFY_USER FHANDLE CGROUPS SHMEM TMPFS FILE_LOCKING
    UNIX98_PTYS PROC_SYSCTL SWAP PACKET SYSVIPC
    KERNEL_GZIP)

# The marker records the options: a cache built from another list (an older script) is made again.
dest="$cache_root/$version"
marker_options="options: ${wanted[*]}"
cached() { [[ -f "$dest/complete" ]] && grep -qxF "$marker_options" "$dest/complete"; }
if cached; then
    echo "$dest/bzImage"
    exit 0
fi

# Two runs at once (two test processes) wait for each other instead of building twice.
exec 9>"$cache_root/.lock"
flock 9
if cached; then
    echo "$dest/bzImage"
    exit 0
fi

work="$cache_root/.work-$version"
rm -rf "$work" "$dest"
mkdir -p "$work/build"
started=$SECONDS

echo "make_static_kernel: unpacking $tarball ($package $version)" >&2
tar -xJf "$tarball" -C "$work"
src="$work/linux-source-6.1"
build="$work/build"
config() { "$src/scripts/config" --file "$build/.config" "$@"; }

echo "make_static_kernel: configuring (tinyconfig plus ${#wanted[@]} options)" >&2
make -s -C "$src" O="$build" tinyconfig >&2
enable=()
for option in "${wanted[@]}"; do enable+=(-e "$option"); done
# tinyconfig compresses with xz; gzip makes a payload every reader unpacks (+0.4 MB).
config -d KERNEL_XZ "${enable[@]}"
make -s -C "$src" O="$build" olddefconfig >&2

# olddefconfig silently drops an option whose dependencies are not met: say which.
dropped=()
for option in "${wanted[@]}"; do
    if [[ "$(config --state "$option")" != y ]]; then dropped+=("CONFIG_$option"); fi
done
if ((${#dropped[@]} > 0)); then
    echo "make_static_kernel: make olddefconfig dropped ${dropped[*]} (a dependency is missing);" \
        "the configuration is $build/.config" >&2
    exit 1
fi

echo "make_static_kernel: building bzImage with $(nproc) jobs (several minutes)" >&2
make -s -C "$src" O="$build" -j"$(nproc)" bzImage >&2

staging="$cache_root/.staging-$version"
rm -rf "$staging"
mkdir -p "$staging"
cp "$build/arch/x86/boot/bzImage" "$staging/bzImage"
cp "$build/.config" "$staging/config"
printf '%s\n' "$package $version, built in $((SECONDS - started)) s" "$marker_options" >"$staging/complete"
mv "$staging" "$dest"
rm -rf "$work"
echo "make_static_kernel: $dest/bzImage ($(stat -c %s "$dest/bzImage") bytes) in $((SECONDS - started)) s" >&2
echo "$dest/bzImage"
