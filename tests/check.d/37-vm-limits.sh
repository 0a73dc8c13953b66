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

. tests/lib/vmsuite.sh
vm_kernels vm-limits
. tests/lib/nlbad.sh

vm_show=fail vm_notes='^# bounds' vm_notes_as='# $label: ' vm_timed=1
VM_TIMEOUT=${VM_TIMEOUT:-300} vm_each_kernel 'limits-${k%%-*}' tests/vm/limits/guest.sh \
	tests/tools/nlbad "$nlbad_lib"
[ "$fails" -eq 0 ]
