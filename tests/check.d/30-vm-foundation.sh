#!/bin/bash
# The VM foundation, on every test kernel and both topologies (one boot
# each): the module loads, unloads and reloads with namespaces around,
# registers in new namespaces, leaves forwarding intact (exact counts,
# IPv4 and IPv6, camera/LAN host to the internet and between them), its
# hooks see every forwarded UDP datagram, rmmod under traffic is clean,
# the CLI names a missing module, and the kernel log stays clean.
# check-seconds: 172 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.." || exit 1
# One compound command: safe against edits of this file while it runs.
{
. tests/lib/vmsuite.sh

# 20 benign UDP datagrams (text payloads, no P2P signature) in a classic
# Ethernet pcap; the guest overrides destination address and port.
python3 - "$work/gen.pcap" <<'PY'
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

kernels=$(tests/lib/kernels.sh)
vm_show=all
for k in $kernels; do
	for topo in routed bridged; do
		echo "# kernel $k, $topo"
		VM_TOPOLOGY=$topo KVER=$k VM_REPORT_CHECKS=1 VM_CHECK_PREFIX="$topo: " \
			vm_failed="$k: $topo:" vm_boot "$k:" tests/vm/foundation/guest.sh "$work/gen.pcap"
	done
done
[ "$fails" -eq 0 ]
}
