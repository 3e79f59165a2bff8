#!/usr/bin/env bash
# Packs the CentOS-4 sample tree's xenU kernel files as a kernel-xenU RPM of a NEWER version, the
# way the HowTo's `rpm -ivh kernel-xenU-...rpm` brings one: /boot/vmlinuz, config, System.map and
# the module tree, without modules.dep (the package's %post would run depmod; builder does it).
# usage: make_kernel_rpm.sh SAMPLE_TREE OUTDIR  -> OUTDIR/kernel-xenU-2.6.9-67.EL.i686.rpm
set -euo pipefail
tree=$(cd "$1" && pwd)
out=$(mkdir -p "$2" && cd "$2" && pwd)
old=2.6.9-55.ELxenU
new=2.6.9-67.ELxenU
top=$(mktemp -d)
trap 'rm -rf "$top"' EXIT
mkdir -p "$top"/{SPECS,BUILD,RPMS,SOURCES,SRPMS,BUILDROOT} "$top/payload/boot" "$top/payload/lib/modules"
cp "$tree/boot/vmlinuz-$old" "$top/payload/boot/vmlinuz-$new"
cp "$tree/boot/config-$old" "$top/payload/boot/config-$new"
cp -r "$tree/lib/modules/$old" "$top/payload/lib/modules/$new"
rm -f "$top/payload/lib/modules/$new/modules.dep"
cat > "$top/SPECS/kernel-xenU.spec" <<SPEC
%define debug_package %{nil}
%define __os_install_post %{nil}
Name: kernel-xenU
Version: 2.6.9
Release: 67.EL
Summary: builder test kernel (stub files)
License: GPL
AutoReqProv: no
%description
Stub xenU kernel files for builder's tests.
%install
mkdir -p %{buildroot}
cp -a $top/payload/. %{buildroot}/
%files
/boot/vmlinuz-$new
/boot/config-$new
/lib/modules/$new
%pre
/sbin/modprobe loop 2> /dev/null > /dev/null || :
%post
[ -x /sbin/new-kernel-pkg ] && /sbin/new-kernel-pkg --package kernel-xenU --mkinitrd --depmod --install $new
SPEC
SOURCE_DATE_EPOCH=1178000000 rpmbuild --quiet --target i686 --define "_topdir $top" \
    --define "_build_id_links none" --define "use_source_date_epoch_as_buildtime 1" \
    -bb "$top/SPECS/kernel-xenU.spec" >/dev/null 2>&1
cp "$top/RPMS/i686/kernel-xenU-2.6.9-67.EL.i686.rpm" "$out/"
