#!/bin/bash
# `make demo`: installs what is missing, builds the module, the CLI and
# the test tools, boots Debian's kernel in QEMU with the module loaded and
# plays tests/vm/demo/guest.sh, which tells the story with narration.
# KVER=... picks the kernel; VM_TOPOLOGY=bridged shows the bridged box.
set -eu
cd "$(dirname "$0")/.."

echo "demo: checking dependencies (apt, first run only)"
tests/lib/deps.sh
export KVER=${KVER:-$(tests/lib/kver.sh)}
echo "demo: kernel $KVER; building and booting (about a minute under TCG)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Five plain datagrams for the "ordinary traffic passes" part.
python3 - "$tmp/demo.pcap" <<'PY'
import struct, sys
with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101))
    for i in range(5):
        pl = b'ordinary application datagram %d' % i
        udp = struct.pack('!HHHH', 42000 + i, 5000, 8 + len(pl), 0) + pl
        ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), i, 0, 64, 17,
                         0, bytes([192, 168, 1, 2]), bytes([198, 51, 100, 10]))
        f.write(struct.pack('<IIII', 1700000000 + i, 0, 20 + len(udp),
                            20 + len(udp)) + ip + udp)
PY
files=("$tmp/demo.pcap")
# Real handshakes, when the vectors and their pcap builder are there.
if ls tests/vectors/*.vec >/dev/null 2>&1 && [ -f tests/vm/enforce/mkpcaps.py ] &&
	python3 tests/vm/enforce/mkpcaps.py "$tmp/pcaps" tests/vectors/*.vec >/dev/null 2>&1; then
	files+=("$tmp/pcaps")
fi
exec tests/vm/run tests/vm/demo/guest.sh "${files[@]}"
