#!/bin/bash
# Containment in QEMU: tests/vm/contain/guest.sh on every kernel of
# tests/lib/kernels.sh, with small device limits so the attack fits:
# unprivileged users refused, user namespaces bounded and charged to their
# memory cgroup, the host admin's budget untouched.
# check-seconds: 216 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/lib/vmsuite.sh
vm_kernels vm-contain
max=250 nsmax=100
VM_TIMEOUT=600 P2PF_PARAMS="max_devices=$max netns_max_devices=$nsmax" vm_tag='$k' \
	vm_each_kernel '$k contain:' tests/vm/contain/guest.sh
[ "$fails" -eq 0 ]
