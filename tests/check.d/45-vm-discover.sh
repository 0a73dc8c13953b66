#!/bin/bash
# Discovery end to end in QEMU: tests/vm/discover/guest.sh, one routed
# boot per kernel of tests/lib/kernels.sh (off/on, the camera found and the
# LAN host not, --suggest -> restore blocks, expiry, flush, off frees,
# rmmod with entries, max_discovered bound under spoofed MACs).
# check-seconds: 73 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/lib/vmsuite.sh
vm_kernels vm-discover
vm_pcaps
vm_benign
VM_TIMEOUT=600 vm_tag='$k' vm_each_kernel '$k discover:' tests/vm/discover/guest.sh \
	"$work/pcaps" "$work/benign"
[ "$fails" -eq 0 ]
