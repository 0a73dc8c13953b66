#!/bin/bash
# The packet hooks in the VM, routed and bridged (with br_netfilter), on
# every test kernel: untagged, by-MAC, by-address attribution, counted
# exactly once.
# check-seconds: 69 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.."

. tests/lib/nlbad.sh

rc=0
for k in $(tests/lib/kernels.sh); do
	for topo in routed bridged; do
		mods=
		[ "$topo" = bridged ] && mods=br_netfilter
		echo "# kernel $k, $topo"
		KVER=$k VM_TOPOLOGY=$topo VM_KMODS=$mods tests/vm/run \
			tests/vm/hooks/guest.sh tests/tools/nlbad \
			"$nlbad_lib" 2>&1 |
			sed "s/^\(PASS\|FAIL\|SKIP\): /&$k: /"
		[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
	done
done
exit $rc
