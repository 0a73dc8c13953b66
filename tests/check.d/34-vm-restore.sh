#!/bin/bash
# Config reloads in QEMU: tests/vm/restore/guest.sh on every kernel of
# tests/lib/kernels.sh: 100 restores swapping between two configurations
# while the tagged camera sends handshakes (none may reach WAN), a kept
# device's remembered flows surviving a restore, restores killed with
# SIGKILL at random points (state wholly old or wholly new) and one killed
# while its replacement is pending in the kernel (the old state whole),
# two restores at once. 10 000 devices per configuration on every kernel.
# check-seconds: 355 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/lib/vmsuite.sh
vm_kernels vm-restore
vm_pcaps
printf 'RESTORE_DEVICES=%s\nRESTORES=100\n' 10000 >"$work/restore.env"
VM_TIMEOUT=1200 vm_tag='$k' vm_each_kernel '$k restore:' tests/vm/restore/guest.sh \
	"$work/pcaps" "$work/restore.env"
[ "$fails" -eq 0 ]
