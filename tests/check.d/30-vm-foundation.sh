#!/bin/bash
# The VM foundation, on every test kernel and both topologies (one boot
# each): the module loads, unloads and reloads with namespaces around,
# registers in new namespaces, leaves forwarding intact (exact counts,
# IPv4 and IPv6, camera/LAN host to the internet and between them), its
# hooks see every forwarded UDP datagram, rmmod under traffic is clean,
# the CLI names a missing module, and the kernel log stays clean.
# check-seconds: 172 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.."
# One compound command: safe against edits of this file while it runs.
{

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 20 benign UDP datagrams (text payloads, no P2P signature) in a classic
# Ethernet pcap; the guest overrides destination address and port.
python3 - "$tmp/gen.pcap" <<'PY'
import struct, sys
def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i in range(20):
        pl = b'p2pfence foundation datagram %02d ' % i + b'.' * (i * 7)
        udp = struct.pack('!HHHH', 41000 + i, 5000, 8 + len(pl), 0) + pl
        ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), i, 0, 64, 17, 0,
                         bytes([192, 168, 1, 2]), bytes([198, 51, 100, 10]))
        ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
        eth = bytes.fromhex('020000000101' '020000000102') + b'\x08\x00'
        fr = eth + ip + udp
        f.write(struct.pack('<IIII', 1700000000 + i, 0, len(fr), len(fr)) + fr)
PY

rc=0
for k in $(tests/lib/kernels.sh); do
	for topo in routed bridged; do
		echo "# kernel $k, $topo"
		VM_TOPOLOGY=$topo KVER=$k VM_REPORT_CHECKS=1 VM_CHECK_PREFIX="$topo: " \
			tests/vm/run tests/vm/foundation/guest.sh "$tmp/gen.pcap" \
			>"$tmp/out" 2>&1
		vrc=$?
		sed "s/^\(PASS\|FAIL\|SKIP\): /&$k: /" "$tmp/out"
		if [ "$vrc" -ne 0 ]; then
			rc=1
			grep -q '^FAIL: ' "$tmp/out" ||
				echo "FAIL: $k: $topo: VM run exited $vrc"
		fi
	done
done
exit $rc
}
