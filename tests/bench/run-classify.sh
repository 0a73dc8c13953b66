#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
# `make bench-classify`: recogniser speed on the vector pcaps and the benign
# corpus, beside nDPI's ndpiReader on the same UDP packets.
#
#  p2pfence ns/pkt   p2p_classify over payloads already in memory (thread
#                    CPU time, best of 5 rounds of ~2e7 calls): the raw figure;
#                    "net" subtracts the same loop with a no-op classifier.
#  instr/pkt         callgrind, instructions inside the classify pass minus
#                    those inside the no-op pass of the same run, per packet.
#  full path         pcap read + decode + classify, per frame (what reading
#                    a pcap costs us, to compare with ndpiReader's figure).
#  ndpiReader        its CPU time (user + sys) for -l LOOPS detection loops
#                    over the same UDP packets, minus that of the same loops
#                    over an empty pcap, per packet; every loop starts with
#                    no flows, so every flow is dissected as new. CPU time,
#                    not wall time: a busy machine must not flatter us.
#  ndpi cpu          cross-check from outside: ndpiReader's CPU time (user +
#                    sys, all threads) on the same packets repeated to >= 100k
#                    (flows repeat, so nDPI may stop dissecting them: in its
#                    favour), minus its CPU time on an empty pcap, per packet.
#  ratio             the lower of the two ndpiReader figures over p2pfence
#                    ns/pkt.
set -eu
bench=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$top/build/bench
mkdir -p "$out"

python3 "$top/tests/tools/vec2pcap.py" "$out/vectors.pcap" "$top"/tests/vectors/*.vec
mapfile -t benign < <(ls "$top"/tests/corpus/benign/*.pcap 2>/dev/null)

# UDP frames of several Ethernet pcaps, in one Ethernet pcap for ndpiReader.
merge_udp() {
	python3 - "$@" <<'PY'
import struct, sys
out, files = sys.argv[1], sys.argv[2:]
frames = []
for path in files:
    data = open(path, "rb").read()
    magic = struct.unpack("<I", data[:4])[0]
    if magic not in (0xA1B2C3D4, 0xA1B23C4D):
        sys.exit("merge: %s: not a little-endian pcap" % path)
    if struct.unpack("<I", data[20:24])[0] != 1:
        print("merge: %s: not Ethernet, left out" % path, file=sys.stderr)
        continue
    off = 24
    while off + 16 <= len(data):
        caplen = struct.unpack("<I", data[off + 8:off + 12])[0]
        rec = data[off:off + 16 + caplen]
        off += 16 + caplen
        f = rec[16:]
        et = f[12:14] if len(f) >= 14 else b""
        if et == b"\x81\x00" and len(f) >= 18:
            et, f = f[16:18], f[:12] + f[16:]
        udp = (et == b"\x08\x00" and len(f) > 23 and f[23] == 17) or \
              (et == b"\x86\xdd" and len(f) > 20 and f[20] == 17)
        if udp:
            frames.append(rec)
with open(out, "wb") as o:
    o.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
    o.write(b"".join(frames))
print(len(frames))
PY
}

# ndpiReader CPU ns per packet with fresh flows: -l LOOPS detection loops
# over the pcap, minus the same loops over an empty pcap (setup, teardown).
ndpi_ns() {
	local pcap=$1 n=$2 loops a b
	loops=$(( 100000 / (n > 0 ? n : 1) ))
	[ "$loops" -lt 5 ] && loops=5
	[ "$loops" -gt 300 ] && loops=300
	a=$(cpu_seconds ndpiReader -i "$out/ndpi-empty.pcap" -l "$loops") || { echo "n/a"; return; }
	b=$(cpu_seconds ndpiReader -i "$pcap" -l "$loops") || { echo "n/a"; return; }
	awk -v a="$a" -v b="$b" -v n="$((n * loops))" 'BEGIN { if (b > a) printf "%.0f", (b - a) * 1e9 / n; else print "n/a" }'
}

# ndpiReader CPU ns per packet on the pcap repeated, startup removed.
ndpi_cpu_ns() {
	local pcap=$1 a b n
	n=$(python3 - "$pcap" "$out/ndpi-rep.pcap" "$out/ndpi-empty.pcap" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
hdr, body = data[:24], data[24:]
n = 0
off = 0
while off + 16 <= len(body):
    off += 16 + int.from_bytes(body[off + 8:off + 12], "little")
    n += 1
reps = max(1, -(-100000 // max(n, 1)))
open(sys.argv[2], "wb").write(hdr + body * reps)
open(sys.argv[3], "wb").write(hdr)
print(n * reps)
PY
)
	a=$(cpu_seconds ndpiReader -i "$out/ndpi-empty.pcap") || { echo "n/a"; return; }
	b=$(cpu_seconds ndpiReader -i "$out/ndpi-rep.pcap") || { echo "n/a"; return; }
	awk -v a="$a" -v b="$b" -v n="$n" 'BEGIN { if (b > a) printf "%.0f", (b - a) * 1e9 / n; else print "n/a" }'
}

# CPU seconds (user + sys, children included) a command takes.
cpu_seconds() {
	local t
	t=$( { TIMEFORMAT='%U %S'; time "$@" >/dev/null 2>&1; } 2>&1 ) || return 1
	echo "$t" | awk '{ print $1 + $2 }'
}

# callgrind instructions per packet: classify pass minus no-op pass.
instr_per_pkt() {
	local n
	valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
		"$bench" --callgrind "$@" >"$out/callgrind.txt" 2>"$out/callgrind.err" || { echo "n/a"; return; }
	n=$(sed -n 's/^packets=//p' "$out/callgrind.txt")
	callgrind_annotate --inclusive=yes "$out/callgrind.out" 2>/dev/null |
		awk -v n="$n" '
		/bench_pass_classify/ && !c { gsub(",", "", $1); c = $1 }
		/bench_pass_noop/ && !z { gsub(",", "", $1); z = $1 }
		END { if (c && n) printf "%.1f", (c - z) / n; else print "n/a" }'
}

printf '%-8s %8s %6s %8s %8s %10s %10s %11s %10s %7s\n' SET PACKETS P2P "NS/PKT" "NET NS" "INSTR/PKT" "FULL PATH" "NDPI NS/PKT" "NDPI CPU" RATIO
row() {
	local name=$1
	shift
	[ $# -gt 0 ] || { printf '%-8s (no pcaps)\n' "$name"; return; }
	"$bench" "$@" >"$out/$name.txt"
	local pk m c z f instr nd nw n ratio
	pk=$(sed -n 's/^packets=//p' "$out/$name.txt")
	m=$(sed -n 's/^matched=//p' "$out/$name.txt")
	c=$(sed -n 's/^classify_ns=//p' "$out/$name.txt")
	z=$(sed -n 's/^noop_ns=//p' "$out/$name.txt")
	f=$(sed -n 's/^full_path_ns=//p' "$out/$name.txt")
	instr=$(instr_per_pkt "$@")
	n=$(merge_udp "$out/$name-udp.pcap" "$@")
	nd=$(ndpi_ns "$out/$name-udp.pcap" "$n")
	nw=$(ndpi_cpu_ns "$out/$name-udp.pcap")
	# The lower of the two nDPI figures: the ratio never flatters us.
	ratio=$(awk -v a="$nd" -v w="$nw" -v b="$c" 'BEGIN {
		if (w + 0 > 0 && (a + 0 <= 0 || w + 0 < a + 0)) a = w;
		if (a + 0 > 0 && b + 0 > 0) printf "%.0fx", a / b; else print "n/a" }')
	printf '%-8s %8s %6s %8s %8s %10s %10s %11s %10s %7s\n' "$name" "$pk" "$m" "$c" \
		"$(awk -v a="$c" -v b="$z" 'BEGIN { printf "%.2f", a - b }')" "$instr" "$f" "$nd" "$nw" "$ratio"
}
python3 -c 'import struct, sys; open(sys.argv[1], "wb").write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))' "$out/ndpi-empty.pcap"
row vectors "$out/vectors.pcap"
row benign "${benign[@]}"
row all "$out/vectors.pcap" "${benign[@]}"
echo "targets: NS/PKT <= 30, RATIO >= 20x. Timings vary with machine load; INSTR/PKT does not."
