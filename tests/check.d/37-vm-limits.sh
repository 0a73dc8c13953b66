#!/bin/bash
# The bounds of the uapi header, held against the CLI and the kernel in
# QEMU: tests/vm/limits/guest.sh, one VM boot per kernel of
# tests/lib/kernels.sh. For every bound both enforce (settings' ranges,
# the mark inside its mask, discovery, name and interface name lengths,
# addresses, source prefixes and LAN prefixes per device, the global LAN
# list, prefix lengths, modes, protocol and flag bits): the CLI accepts
# the bound and the kernel takes it, the CLI refuses one past it with its
# own message, and the kernel refuses one past it sent raw (nlbad limit).
# The header against the YNL spec: 16-uapi-spec.sh.
# check-seconds: 45 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.." || exit 1

kernels=$(tests/lib/kernels.sh)
if [ -z "$kernels" ]; then
	echo "SKIP: vm-limits no kernel with image and headers (run tests/lib/deps.sh)"
	exit 0
fi
. tests/lib/nlbad.sh
work=$(mktemp -d)
trap 'rm -rf "$work" "$nlbad_tmp"' EXIT

fails=0
for k in $kernels; do
	label="limits-${k%%-*}"
	start=$(date +%s)
	VM_TIMEOUT=${VM_TIMEOUT:-300} KVER=$k tests/vm/run tests/vm/limits/guest.sh \
		tests/tools/nlbad "$nlbad_lib" >"$work/log" 2>"$work/err"
	rc=$?
	sed -n "s/^\(PASS\|FAIL\|SKIP\): /\1: $label /p" "$work/log"
	grep '^# bounds' "$work/log" | sed "s/^# /# $label: /"
	if [ "$rc" -ne 0 ]; then
		fails=1
		if ! grep -q '^FAIL: ' "$work/log"; then
			echo "FAIL: $label vm run exited $rc"
			grep -v '^\(PASS\|FAIL\|SKIP\): \|^# ' "$work/log" | tail -n 20 | sed "s/^/  [$label] /"
			tail -n 20 "$work/err" | sed "s/^/  [$label] /"
		fi
	fi
	echo "# $label: $(( $(date +%s) - start )) s"
done
exit "$fails"
