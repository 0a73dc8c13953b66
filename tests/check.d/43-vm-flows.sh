#!/bin/bash
# Flow memory under a flood (issue 12) in QEMU: tests/vm/flows/guest.sh,
# one routed boot per kernel of tests/lib/kernels.sh (per-device share
# against a spoofed tagged MAC with 200000 handshakes, full table, least
# recently used eviction, the camera's own MAC spoofed, flush of 100000
# devices with a full table in under a second).
# check-seconds: 595 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/lib/vmsuite.sh
vm_kernels vm-flows
vm_pcaps
# The guest's "# " lines (its timings) are shown too, like its other lines.
VM_TIMEOUT=1200 vm_tag='$k' vm_notes='^# ' vm_notes_as='  [$k] ' \
	vm_each_kernel '$k flows:' tests/vm/flows/guest.sh "$work/pcaps"
[ "$fails" -eq 0 ]
