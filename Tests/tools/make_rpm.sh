#!/usr/bin/env bash
# Builds a small test RPM with rpmbuild (Debian's rpm package): files, a symlink, a setuid binary
# and a %post script. usage: make_rpm.sh OUTDIR  -> OUTDIR/testpkg-1.0-1.noarch.rpm
set -euo pipefail
out=$(mkdir -p "$1" && cd "$1" && pwd)
top=$(mktemp -d)
trap 'rm -rf "$top"' EXIT
mkdir -p "$top"/{SPECS,BUILD,RPMS,SOURCES,SRPMS,BUILDROOT}
cat > "$top/SPECS/testpkg.spec" <<'SPEC'
Name: testpkg
Version: 1.0
Release: 1
Summary: builder test package
License: MIT
BuildArch: noarch
%description
A package for builder's tests.
%install
mkdir -p %{buildroot}/etc/testpkg %{buildroot}/usr/bin
printf 'key=value\n' > %{buildroot}/etc/testpkg/conf
printf '#!/bin/sh\necho hi\n' > %{buildroot}/usr/bin/testpkg
ln -s testpkg %{buildroot}/usr/bin/tp
%files
%attr(0640,root,root) /etc/testpkg/conf
%dir /etc/testpkg
%attr(4755,root,root) /usr/bin/testpkg
/usr/bin/tp
%post
echo installed
%preun
echo removing
SPEC
SOURCE_DATE_EPOCH=1000000000 rpmbuild --quiet --define "_topdir $top" --define "_build_id_links none" \
    --define "use_source_date_epoch_as_buildtime 1" -bb "$top/SPECS/testpkg.spec" >/dev/null 2>&1
cp "$top"/RPMS/noarch/testpkg-1.0-1.noarch.rpm "$out/"
