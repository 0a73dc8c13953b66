#!/bin/bash
# The VM test tools on the host, over loopback only: udpreplay sends
# exactly the UDP payloads of captures in every format and link type it
# reads (classic pcap both byte orders, pcapng; Ethernet with VLAN, raw
# IP, Linux SLL; IPv4 and IPv6 with an extension header), from the
# captured source ports, skipping what is not a whole UDP datagram; it
# refuses damaged files and bad options with a message and no crash
# (built with ASan+UBSan for that). udpsink's argument checks.
set -u
cd "$(dirname "$0")/../.."

rc=0
pass() { echo "PASS: tools: $1"; }
fail() { echo "FAIL: tools: $1 $2"; rc=1; }

if ! make -s -C tests/tools udpreplay udpsink >/dev/null 2>&1; then
	fail "build" "make -C tests/tools failed"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
asan=$tmp/udpreplay-asan
if ! cc -std=gnu11 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-o "$asan" tests/tools/udpreplay.c tests/tools/pcapread.c 2>"$tmp/cc.err"; then
	fail "asan-build" "$(head -n 3 "$tmp/cc.err")"
	exit 1
fi
python3 tests/tools/mkcases.py "$tmp/c" || { fail "mkcases" "python failed"; exit 1; }

# One listener for every case (Python starts slowly on a busy host): it
# binds each "ADDR PORT COUNT" line of $tmp/plan, writes "PORT SPORT
# PAYLOAD-HEX" per datagram to $tmp/got, and ends when every port has its
# count or 3 s pass without a datagram; $tmp/ready appears once bound.
listen_all() {
	python3 - "$tmp/plan" "$tmp/got" "$tmp/ready" <<'PY' &
import select, socket, sys
plan, out, ready = sys.argv[1:4]
socks, left = {}, 0
for line in open(plan):
    addr, port, count = line.split()
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    s.bind((addr, int(port)))
    socks[s] = int(port)
    left += int(count)
open(ready, "w").close()
with open(out, "w") as f:
    while left > 0:
        r, _, _ = select.select(list(socks), [], [], 3)
        if not r:
            break
        for s in r:
            data, peer = s.recvfrom(65536)
            f.write("%d %d %s\n" % (socks[s], peer[1], data.hex() or "-"))
            left -= 1
PY
	while [ ! -e "$tmp/ready" ]; do sleep 0.05; done
}

# Plan: every good capture to IPv4 and IPv6 loopback, each on its port;
# then -c 3 of eth4 (12 datagrams) on the last port.
port=47000
: >"$tmp/plan"
while read -r name count hexes; do
	for dst in 127.0.0.1 ::1; do
		port=$((port + 1))
		echo "$dst $port $count" >>"$tmp/plan"
	done
done <"$tmp/c/expect"
rep_port=$((port + 1))
echo "127.0.0.1 $rep_port 12" >>"$tmp/plan"
listen_all

port=47000
while read -r name count hexes; do
	for dst in 127.0.0.1 ::1; do
		port=$((port + 1))
		sent=$("$asan" -d "$dst" -P "$port" "$tmp/c/$name" 2>"$tmp/err")
		echo "$name $dst $port $count $sent $hexes" >>"$tmp/sent"
	done
done <"$tmp/c/expect"
rep_sent=$("$asan" -c 3 -d 127.0.0.1 -P "$rep_port" "$tmp/c/eth4.pcap" 2>&1)
wait

while read -r name dst port count sentword sent hexes; do
	want=$(for h in $hexes; do echo "$h"; done)
	got=$(awk -v p="$port" '$1 == p { print $3 }' "$tmp/got")
	ports=$(awk -v p="$port" '$1 == p { printf "%s ", $2 }' "$tmp/got")
	if [ "$sentword $sent" != "sent $count" ]; then
		fail "udpreplay $name to $dst" "said '$sentword $sent'"
	elif [ "$got" != "$want" ]; then
		fail "udpreplay $name to $dst" "payloads differ: got $(echo "$got" | grep -c .) datagrams"
	elif [ "$ports" != "41000 41001 41002 41003 " ]; then
		fail "udpreplay $name to $dst" "source ports $ports"
	else
		pass "udpreplay $name to $dst: $count payloads, source ports kept"
	fi
done <"$tmp/sent"
n=$(awk -v p="$rep_port" '$1 == p' "$tmp/got" | wc -l)
if [ "$rep_sent" = "sent 12" ] && [ "$n" -eq 12 ]; then
	pass "udpreplay -c 3: 12 sent, 12 received"
else
	fail "udpreplay -c 3" "said '$rep_sent', received $n"
fi

# Without -d the captured destination is kept: the captures point at
# 198.51.100.10, which must not leave this host, so only the refusal to
# guess is checked here (the VM tests cover the real destinations).

out=$("$asan" -d 127.0.0.1 -P 9 "$tmp/c/many-ports.pcap" 2>&1)
if [ $? -eq 0 ] && [ "$out" = "sent 1500" ]; then
	pass "udpreplay 1500 distinct source ports"
else
	fail "udpreplay 1500 distinct source ports" "$(echo "$out" | head -n 2 | tr '\n' ' ')"
fi

for f in "$tmp"/c/bad-*.pcap; do
	name=$(basename "$f" .pcap)
	out=$("$asan" -d 127.0.0.1 -P 9 "$f" 2>&1)
	r=$?
	if [ "$r" -eq 1 ] && echo "$out" | grep -q '^udpreplay: ' && echo "$out" | grep -q '^sent 0$'; then
		pass "udpreplay refuses $name ($(echo "$out" | grep -m1 '^udpreplay: ' | sed 's/^udpreplay: [^:]*: //'))"
	else
		fail "udpreplay refuses $name" "exit $r: $(echo "$out" | head -n 3 | tr '\n' ' ')"
	fi
done

# Bad command lines: exit 2 with a message, nothing sent.
bad_args() {
	local what=$1 tool=$2
	shift 2
	out=$("$tool" "$@" 2>&1)
	r=$?
	if [ "$r" -eq 2 ] && [ -n "$out" ]; then
		pass "$what rejected"
	else
		fail "$what rejected" "exit $r: $out"
	fi
}
good=$tmp/c/eth4.pcap
bad_args "udpreplay no file" "$asan"
bad_args "udpreplay bad -d" "$asan" -d 300.1.1.1 "$good"
bad_args "udpreplay bad -P" "$asan" -d 127.0.0.1 -P 70000 "$good"
bad_args "udpreplay bad -c" "$asan" -d 127.0.0.1 -c x "$good"
bad_args "udpsink no duration" tests/tools/udpsink
bad_args "udpsink bad duration" tests/tools/udpsink 5s
bad_args "udpsink bad port" tests/tools/udpsink -p 0 1
out=$("$asan" -d 127.0.0.1 -P 9 "$tmp/nonexistent.pcap" 2>&1)
if [ $? -eq 1 ] && echo "$out" | grep -q 'cannot open'; then
	pass "udpreplay missing file reported"
else
	fail "udpreplay missing file reported" "$out"
fi

exit $rc
