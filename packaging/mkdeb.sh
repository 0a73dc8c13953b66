#!/bin/bash
# `make deb`: builds the Debian packages p2pfence (the CLI, man page,
# completion, systemd unit, /etc/p2pfence.conf) and p2pfence-dkms (the
# module's sources, built on the target by DKMS) with debhelper.
#
#   packaging/mkdeb.sh [OUTDIR]      (default: build/deb)
#
# The repository's top level is fixed, so debian/ lives in packaging/;
# this assembles a staging tree (OUTDIR/stage/p2pfence-VERSION) with the
# sources and packaging/debian as debian/, writes debian/changelog for the
# version in kmod/version.h and runs dpkg-buildpackage there. The .deb,
# .changes and .buildinfo files end up in OUTDIR.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/packaging/lib.sh"
out=$(mkdir -p "${1:-$top/build/deb}" && cd "${1:-$top/build/deb}" && pwd)
ver=$("$top/packaging/version.sh")

for tool in dpkg-buildpackage dh dh_dkms; do
	command -v "$tool" >/dev/null ||
		{ echo "mkdeb.sh: $tool missing (apt-get install dpkg-dev debhelper dh-dkms, or run tests/lib/deps.sh)" >&2; exit 1; }
done

stage=$out/stage
src=$stage/p2pfence-$ver
rm -rf "$stage"
mkdir -p "$src"
# shellcheck disable=SC2046
copy_files "$src" $(module_files) dkms.conf
# shellcheck disable=SC2046
copy_files "$src" $(cd "$top" && ls userspace/*.c userspace/*.h userspace/Makefile userspace/cflags.mk \
	userspace/p2pfence.8 userspace/p2pfence.bash-completion \
	userspace/p2pfence.service userspace/p2pfence-monitor.service \
	userspace/p2pfence-prometheus.service userspace/p2pfence-prometheus.timer \
	userspace/p2pfence.conf.example)
cp -r "$top/packaging/debian" "$src/debian"
chmod 0755 "$src/debian/rules"

# The changelog is generated so that the version has one home. Its date is
# the last commit's (reproducible), or now outside git.
when=${SOURCE_DATE_EPOCH:-$(git -C "$top" log -1 --format=%ct 2>/dev/null || date +%s)}
maint=$(sed -n 's/^Maintainer: //p' "$src/debian/control")
cat >"$src/debian/changelog" <<CHANGELOG
p2pfence ($ver) unstable; urgency=medium

  * p2pfence $ver, packaged from the project's source tree.

 -- $maint  $(LC_ALL=C date -u -R -d "@$when")
CHANGELOG

rm -f "$out"/p2pfence*.deb "$out"/p2pfence_*
log=$out/build.log
echo "mkdeb.sh: building p2pfence $ver in $src (log: $log)"
if ! (cd "$src" && SOURCE_DATE_EPOCH=$when dpkg-buildpackage -us -uc -jauto) >"$log" 2>&1; then
	tail -n 40 "$log" >&2
	echo "mkdeb.sh: dpkg-buildpackage failed (full log: $log)" >&2
	exit 1
fi
mv "$stage"/*.deb "$stage"/*.changes "$stage"/*.buildinfo "$stage"/*.dsc "$stage"/*.tar.* "$out/"
rm -rf "$stage"
ls "$out"/*.deb
