#!/usr/bin/env bash
# builder's one build script, for a fresh Debian 12 machine (run as root when packages are missing).
#   ./build.sh         install what building needs (libarchive, zlib, pkg-config) if missing, build
#                      the release binary .build/release/builder
#   ./build.sh test    the same, install the test oracles and the smoke harness's packages, then
#                      build the debug binary and run the whole test suite
#                      (the CLI tests run the newer of .build/debug/builder and .build/release/builder,
#                      or $BUILDER_BINARY when set)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

mode="${1:-build}"
case "$mode" in
    build|test) ;;
    *) echo "usage: ./build.sh [test]" >&2; exit 2 ;;
esac

# To build and bake: libarchive and zlib (and pkg-config, which finds them). Nothing else: the
# binary needs no other program at run time.
build_packages=(libarchive-dev zlib1g-dev pkg-config)
# To test, in addition: the oracles and fixture makers (e2fsck/debugfs/mke2fs, genext2fs,
# blkid/swaplabel, debootstrap, getfattr/setfattr, rpmbuild, readelf, depmod and modprobe -c, file,
# Xen's pygrub: /usr/lib/xen-4.17/bin/pygrub, no hypervisor needed, ssh-keygen, openssl passwd and
# pwck for the customise step, and GNU tar, cpio and the compressors the archive tests pack with;
# strace counts how often a batch opens a shared source; python3-jsonschema checks recipes against
# the schema; bsdtar is the bundle tests' second tar; sfdisk (fdisk) reads the disk layout's
# partition table); what `builder smoke` runs (qemu-system-x86, busybox-static in its dom0
# initramfs, debootstrap; Sources/Builder/Smoke/SmokeRequirements.swift lists them); and
# linux-source-6.1 with the kernel's build tools, which Tests/tools/make_static_kernel.sh builds
# the static guest kernel from.
test_packages=(e2fsprogs genext2fs util-linux debootstrap python3
    attr acl time fakeroot cpio rpm binutils kmod file xen-utils-4.17 tar gzip bzip2 xz-utils zstd
    openssh-client openssl passwd strace libarchive-tools python3-jsonschema fdisk
    qemu-system-x86 busybox-static
    linux-source-6.1 build-essential make bc bison flex libelf-dev libssl-dev)
packages=("${build_packages[@]}")
if [[ "$mode" == test ]]; then
    packages+=("${test_packages[@]}")
fi
missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
if ((${#missing[@]} > 0)); then
    if [[ $(id -u) -ne 0 ]]; then
        echo "build.sh: these Debian packages are missing: ${missing[*]}; run ./build.sh${1:+ $1} as root, or install them" >&2
        exit 1
    fi
    echo "build.sh: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi

swift build -c release
echo "build.sh: the binary is $(pwd)/.build/release/builder" >&2

if [[ "$mode" == test ]]; then
    swift build
    # The smoke boots (Xen in QEMU) run alone after the rest: emulation is CPU-bound.
    swift test --skip SmokeBootTests
    swift test --skip-build --filter SmokeBootTests
fi
