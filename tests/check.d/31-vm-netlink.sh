#!/bin/bash
# The module's netlink interface, in the VM, on every test kernel:
# malformed requests (nlbad), namespace isolation, 10 000 devices,
# concurrent writers under traffic.
# check-seconds: 108 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/lib/vmsuite.sh
. tests/lib/nlbad.sh

kernels=$(tests/lib/kernels.sh)
vm_show=all
for k in $kernels; do
	echo "# kernel $k"
	KVER=$k vm_boot "$k:" tests/vm/netlink/guest.sh tests/tools/nlbad "$nlbad_lib"
done
[ "$fails" -eq 0 ]
