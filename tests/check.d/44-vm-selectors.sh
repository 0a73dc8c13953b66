#!/bin/bash
# Device selectors in QEMU: tests/vm/selectors/guest.sh (source prefixes,
# ingress interfaces, the lookup order, exceptions, the LAN-wide default,
# save/restore) on every kernel of tests/lib/kernels.sh, routed and
# bridged.
# check-seconds: 293 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/lib/vmsuite.sh
vm_kernels vm-selectors
vm_pcaps
VM_TIMEOUT=${VM_TIMEOUT:-900} vm_tag='$k $topo' vm_failed='$k selectors $topo:' \
	vm_each_kernel -t "routed bridged" '$k selectors:' tests/vm/selectors/guest.sh "$work/pcaps"
[ "$fails" -eq 0 ]
