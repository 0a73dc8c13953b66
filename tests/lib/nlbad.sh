# shellcheck shell=bash
# Sourced by the VM suites that run tests/tools/nlbad in the guest: builds
# it and copies its libmnl (the initramfs has no libraries of its own)
# into $work (tests/lib/vmsuite.sh's) or else a temporary directory
# removed on exit. Sets nlbad_lib to the copy; on failure prints a FAIL
# line and exits.
make -s -C tests/tools nlbad >/dev/null || { echo "FAIL: nlbad-build"; exit 1; }
nlbad_lib=$(ldd tests/tools/nlbad | awk '/libmnl/ { print $3 }')
[ -n "$nlbad_lib" ] || { echo "FAIL: nlbad-libmnl not found"; exit 1; }
if [ -n "${work:-}" ]; then
	nlbad_tmp=$work
else
	nlbad_tmp=$(mktemp -d)
	trap 'rm -rf "$nlbad_tmp"' EXIT
fi
cp -L "$nlbad_lib" "$nlbad_tmp/"
nlbad_lib=$nlbad_tmp/$(basename "$nlbad_lib")
