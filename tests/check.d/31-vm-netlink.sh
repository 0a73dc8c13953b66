#!/bin/bash
# The module's netlink interface, in the VM, on every test kernel:
# malformed requests (nlbad), namespace isolation, 10 000 devices,
# concurrent writers under traffic.
# check-seconds: 108 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.."

. tests/lib/nlbad.sh

rc=0
for k in $(tests/lib/kernels.sh); do
	echo "# kernel $k"
	KVER=$k tests/vm/run tests/vm/netlink/guest.sh tests/tools/nlbad \
		"$nlbad_lib" 2>&1 | sed "s/^\(PASS\|FAIL\|SKIP\): /&$k: /"
	[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
done
exit $rc
