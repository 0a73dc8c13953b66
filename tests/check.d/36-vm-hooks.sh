#!/bin/bash
# The packet hooks in the VM, routed and bridged (with br_netfilter), on
# every test kernel: untagged, by-MAC, by-address attribution, counted
# exactly once.
# check-seconds: 69 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/lib/vmsuite.sh
. tests/lib/nlbad.sh

kernels=$(tests/lib/kernels.sh)
vm_show=all
for k in $kernels; do
	for topo in routed bridged; do
		mods=
		[ "$topo" = bridged ] && mods=br_netfilter
		echo "# kernel $k, $topo"
		KVER=$k VM_TOPOLOGY=$topo VM_KMODS=$mods \
			vm_boot "$k:" tests/vm/hooks/guest.sh tests/tools/nlbad "$nlbad_lib"
	done
done
[ "$fails" -eq 0 ]
