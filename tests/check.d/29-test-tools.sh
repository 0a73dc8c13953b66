#!/bin/bash
# The VM test tools on the host, over loopback only: udpreplay sends
# exactly the UDP payloads of captures in every format and link type it
# reads (classic pcap both byte orders, pcapng; Ethernet with VLAN, raw
# IP, Linux SLL; IPv4 and IPv6 with an extension header), from the
# captured source ports, skipping what is not a whole UDP datagram; it
# refuses damaged files and bad options with a message and no crash
# (built with ASan+UBSan for that); with -F it builds the IP fragments
# itself (a first one of the UDP header alone, or of 256 bytes) and the
# stack reassembles the same payloads. udpsink's argument checks.
# Then, between two network namespaces joined by a veth pair: udpreplay -G
# sends GSO skbs that cross veth unsegmented (2 skbs, 16 datagrams), -g
# paged datagrams, -F fragments as asked, too-long -g payloads and -G
# segments are refused;
# udpsink counts the datagrams in a GSO skb, a fragmented datagram once
# (-F shows the fragments), double-tagged VLAN datagrams on one interface
# (-i). nfqaccept binds a queue; the new options' checks.
set -u
cd "$(dirname "$0")/../.."

rc=0
pass() { echo "PASS: tools: $1"; }
fail() { echo "FAIL: tools: $1 $2"; rc=1; }

if ! make -s -C tests/tools udpreplay udpsink nfqaccept >/dev/null 2>&1; then
	fail "build" "make -C tests/tools failed"
	exit 1
fi
tmp=$(mktemp -d)
nsa=p2pft-a$$ nsb=p2pft-b$$
cleanup() {
	ip netns del "$nsa" 2>/dev/null
	ip netns del "$nsb" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
asan=$PWD/build/tools-asan/udpreplay
if ! make -s -C tests/tools udpreplay-asan >"$tmp/cc.err" 2>&1; then
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

# Plan: every good capture to IPv4 and IPv6 loopback, each on its port,
# sent through a socket and as fragments made by hand (-F 0: the first
# holds the UDP header alone; -F 256), which the stack must reassemble
# into the same payloads from the same ports; then -c 3 of eth4 (12
# datagrams) on the last port.
port=47000
: >"$tmp/plan"
while read -r name count hexes; do
	for how in socket 0 256; do
		for dst in 127.0.0.1 ::1; do
			port=$((port + 1))
			echo "$dst $port $count" >>"$tmp/plan"
		done
	done
done <"$tmp/c/expect"
rep_port=$((port + 1))
echo "127.0.0.1 $rep_port 12" >>"$tmp/plan"
listen_all

port=47000
while read -r name count hexes; do
	for how in socket 0 256; do
		frag=
		[ "$how" = socket ] || frag="-F $how"
		for dst in 127.0.0.1 ::1; do
			port=$((port + 1))
			# shellcheck disable=SC2086
			sent=$("$asan" -d "$dst" -P "$port" $frag "$tmp/c/$name" 2>"$tmp/err")
			echo "$name$frag $dst $port $count $sent $hexes" | sed 's/-F /@F/' >>"$tmp/sent"
		done
	done
done <"$tmp/c/expect"
rep_sent=$("$asan" -c 3 -d 127.0.0.1 -P "$rep_port" "$tmp/c/eth4.pcap" 2>&1)
wait

while read -r name dst port count sentword sent hexes; do
	name=${name/@F/ -F }
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
bad_args "udpreplay bad -G 1" "$asan" -d 127.0.0.1 -G 1 "$good"
bad_args "udpreplay bad -G 65" "$asan" -d 127.0.0.1 -G 65 "$good"
bad_args "udpreplay bad -G x" "$asan" -d 127.0.0.1 -G x "$good"
bad_args "udpreplay bad -F 12" "$asan" -d 127.0.0.1 -F 12 "$good"
bad_args "udpreplay bad -F 2048" "$asan" -d 127.0.0.1 -F 2048 "$good"
bad_args "udpreplay -F with -g" "$asan" -d 127.0.0.1 -F 0 -g "$good"
bad_args "udpsink empty -i" tests/tools/udpsink -i "" 1
bad_args "udpsink too long -i" tests/tools/udpsink -i abcdefghijklmnopq 1
bad_args "nfqaccept no duration" tests/tools/nfqaccept
bad_args "nfqaccept bad -q" tests/tools/nfqaccept -q 65536 1
bad_args "nfqaccept bad -n" tests/tools/nfqaccept -n 0 1
bad_args "nfqaccept bad -d" tests/tools/nfqaccept -d -1 1
bad_args "nfqaccept bad duration" tests/tools/nfqaccept 1x
out=$("$asan" -d 127.0.0.1 -P 9 "$tmp/nonexistent.pcap" 2>&1)
if [ $? -eq 1 ] && echo "$out" | grep -q 'cannot open'; then
	pass "udpreplay missing file reported"
else
	fail "udpreplay missing file reported" "$out"
fi

# --- Two namespaces joined by veth: GSO, paged, fragments, VLAN. ---
python3 - "$tmp" <<'PY'
import sys
sys.path.insert(0, "tests/tools")
from mkcases import classic, eth, ip4, udp
d = sys.argv[1]
def caps(name, payloads):
    classic("%s/%s.pcap" % (d, name), 1,
            [eth(ip4(udp(41000, 5000, p)), 0x0800) for p in payloads])
caps("g16", [bytes([i]) * 1000 for i in range(16)])
caps("g-short", [b"s" * 1000] * 3 + [b"t" * 600] + [b"u" * 1000] * 2)
caps("p1400", [b"p" * 1400])
caps("p3000", [b"h" * 3000])
PY
va=p2pfa$$ vb=p2pfb$$
netns_ok=1
{
	ip netns add "$nsa" && ip netns add "$nsb" &&
	ip link add "$va" netns "$nsa" type veth peer name "$vb" netns "$nsb" &&
	ip -n "$nsa" addr add 10.77.0.1/24 dev "$va" &&
	ip -n "$nsb" addr add 10.77.0.2/24 dev "$vb" &&
	ip netns exec "$nsa" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 &&
	ip netns exec "$nsb" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 &&
	ip -n "$nsa" link set "$va" up && ip -n "$nsb" link set "$vb" up &&
	# Static neighbours: no ARP in the receive counters.
	ip -n "$nsa" neigh add 10.77.0.2 dev "$va" nud permanent \
		lladdr "$(ip netns exec "$nsb" cat /sys/class/net/"$vb"/address)" &&
	ip -n "$nsb" neigh add 10.77.0.1 dev "$vb" nud permanent \
		lladdr "$(ip netns exec "$nsa" cat /sys/class/net/"$va"/address)"
} 2>"$tmp/ns.err" || netns_ok=0

rx_b() { ip netns exec "$nsb" cat "/sys/class/net/$vb/statistics/rx_packets"; }

# sink_up NS ARGS...: udpsink in NS in the background ($sp), ready.
sink_up() {
	local ns=$1
	shift
	rm -f "$tmp/sready"
	ip netns exec "$ns" tests/tools/udpsink -w "$tmp/sready" "$@" >"$tmp/sink" 2>&1 &
	sp=$!
	while [ ! -e "$tmp/sready" ] && kill -0 "$sp" 2>/dev/null; do sleep 0.02; done
}

# veth_run "SINK-OPTS" UDPREPLAY-ARGS...: udpsink in $nsb, udpreplay in
# $nsa; leaves "sent N" in $tmp/rep, udpsink's lines in $tmp/sink, the
# replay's status in $rep_rc and the rise of $vb's rx_packets in $rx_rise.
veth_run() {
	local sinkopts=$1 r0
	shift
	# shellcheck disable=SC2086
	sink_up "$nsb" $sinkopts 1.2
	r0=$(rx_b)
	ip netns exec "$nsa" "$asan" -d 10.77.0.2 "$@" >"$tmp/rep" 2>"$tmp/rep.err"
	rep_rc=$?
	wait "$sp"
	rx_rise=$(( $(rx_b) - r0 ))
}
sinkline() { tr '\n' ' ' <"$tmp/sink"; }
# veth_expect NAME SENT SINK-LINES RX-RISE: the last veth_run went so.
veth_expect() {
	if [ "$rep_rc" = 0 ] && [ "$(cat "$tmp/rep")" = "sent $2" ] &&
		[ "$(sinkline)" = "$3 " ] && [ "$rx_rise" = "$4" ]; then
		pass "$1"
	else
		fail "$1" "rc $rep_rc, '$(cat "$tmp/rep")', sink '$(sinkline)', rx_packets +$rx_rise: $(head -n 2 "$tmp/rep.err")"
	fi
}

if [ "$netns_ok" = 0 ]; then
	fail "veth setup" "$(head -n 2 "$tmp/ns.err" | tr '\n' ' ')"
else
	veth_run "" -G 8 "$tmp/g16.pcap"
	veth_expect "udpreplay -G 8: 16 datagrams in 2 GSO skbs across veth (rx_packets +2), udpsink counts 16" \
		16 "received 16" 2

	# 1000 1000 1000 600 | 1000 1000: a shorter one ends its group.
	veth_run "" -G 8 -v "$tmp/g-short.pcap"
	groups=$(grep -c '^udpreplay: GSO send of' "$tmp/rep.err")
	if [ "$rep_rc" = 0 ] && [ "$(cat "$tmp/rep")" = "sent 6" ] &&
		[ "$(sinkline)" = "received 6 " ] && [ "$rx_rise" = 2 ] && [ "$groups" = 2 ]; then
		pass "udpreplay -G: a shorter datagram ends its group (6 datagrams, 2 sends)"
	else
		fail "udpreplay -G shorter last" "rc $rep_rc, '$(cat "$tmp/rep")', sink '$(sinkline)', rx +$rx_rise, $groups group lines"
	fi

	veth_run "" -g "$tmp/g16.pcap"
	veth_expect "udpreplay -g: 16 paged datagrams arrive as 16 packets" 16 "received 16" 16

	veth_run "" -g "$tmp/p3000.pcap"
	if [ "$rep_rc" = 1 ] && [ "$(cat "$tmp/rep")" = "sent 0" ] &&
		grep -q 'does not fit one segment' "$tmp/rep.err" && [ "$(sinkline)" = "received 0 " ]; then
		pass "udpreplay -g refuses a payload longer than one segment"
	else
		fail "udpreplay -g too long" "rc $rep_rc, '$(cat "$tmp/rep")': $(head -n 2 "$tmp/rep.err")"
	fi

	# -F makes the fragments: the UDP header alone, then 1024-byte ones.
	veth_run "-F" -F 0 "$tmp/p3000.pcap"
	veth_expect "udpreplay -F 0: 3000 bytes as a header-only first fragment and 3 more" \
		1 "received 1 fragments 4" 4
	veth_run "-F" -F 1000 "$tmp/p1400.pcap"
	veth_expect "udpreplay -F 1000: 1400 bytes in 2 fragments" 1 "received 1 fragments 2" 2

	# Without -g the kernel fragments it; udpsink counts it once.
	veth_run "-F" "$tmp/p3000.pcap"
	if [ "$rep_rc" = 0 ] && [ "$(sinkline)" = "received 1 fragments 3 " ]; then
		pass "udpsink -F: 3000 bytes in 3 fragments count once"
	else
		fail "udpsink fragments (MTU 1500)" "rc $rep_rc, sink '$(sinkline)'"
	fi

	ip -n "$nsa" link set "$va" mtu 576
	veth_run "-F -p 5000" "$tmp/p1400.pcap"
	if [ "$rep_rc" = 0 ] && [ "$(sinkline)" = "received 1 fragments 3 " ]; then
		pass "udpsink -F -p: 1400 bytes over MTU 576 count once, 3 fragments seen"
	else
		fail "udpsink fragments (MTU 576)" "rc $rep_rc, sink '$(sinkline)'"
	fi
	veth_run "" -G 4 "$tmp/g16.pcap"
	if [ "$rep_rc" = 1 ] && grep -q 'do not fit the path MTU' "$tmp/rep.err"; then
		pass "udpreplay -G refuses segments longer than the path MTU"
	else
		fail "udpreplay -G over MTU 576" "rc $rep_rc, '$(cat "$tmp/rep")': $(head -n 2 "$tmp/rep.err")"
	fi
	ip -n "$nsa" link set "$va" mtu 1500

	# VLAN-tagged frames written raw on $va (this host's kernel may lack
	# VLAN devices; tags need none): the receiving core moves the outer tag
	# out of the data, a second tag stays in it. 4 single-tagged, 4
	# double-tagged (802.1ad + 802.1Q) datagrams and 2 double-tagged later
	# fragments: -i $vb counts 8 datagrams and 2 fragments.
	sink_up "$nsb" -F -i "$vb" 1
	ip netns exec "$nsa" python3 - "$va" "$(ip netns exec "$nsb" cat /sys/class/net/"$vb"/address)" \
		"$(ip netns exec "$nsa" cat /sys/class/net/"$va"/address)" >"$tmp/vl.err" 2>&1 <<'PY'
import socket, struct, sys
sys.path.insert(0, "tests/tools")
from mkcases import ip4, udp
dev, dst, src = sys.argv[1:4]
hdr = bytes.fromhex(dst.replace(":", "") + src.replace(":", ""))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((dev, 0))
dgram = ip4(udp(41000, 5000, b"v" * 100))
later = ip4(b"w" * 64, frag=185)
one = struct.pack("!HH", 0x8100, 100)
two = struct.pack("!HHHH", 0x88a8, 100, 0x8100, 200)
for tags, l3, n in ((one, dgram, 4), (two, dgram, 4), (two, later, 2)):
    for _ in range(n):
        s.send(hdr + tags + struct.pack("!H", 0x0800) + l3)
PY
	wait "$sp"
	if [ "$(sinkline)" = "received 8 fragments 2 " ]; then
		pass "udpsink -i: single- and double-tagged datagrams count once, tagged later fragments 0"
	else
		fail "udpsink VLAN-tagged" "sink '$(sinkline)': $(head -n 3 "$tmp/vl.err" | tr '\n' ' ')"
	fi
	# With VLAN devices (double-tagged: 802.1ad 100, 802.1Q 200) the frame
	# shows on $vb, on the outer and on the inner VLAN device: -i counts
	# on one of them only.
	if ! ip -n "$nsb" link add link "$vb" name o$$ type vlan proto 802.1ad id 100 2>"$tmp/vl.err"; then
		echo "SKIP: tools: udpsink -i with VLAN devices: $(head -n 1 "$tmp/vl.err")"
	elif { ip -n "$nsa" link add link "$va" name o$$ type vlan proto 802.1ad id 100 &&
		ip -n "$nsa" link add link o$$ name i$$ type vlan id 200 &&
		ip -n "$nsb" link add link o$$ name i$$ type vlan id 200 &&
		ip -n "$nsa" addr add 10.78.0.1/24 dev i$$ && ip -n "$nsb" addr add 10.78.0.2/24 dev i$$ &&
		ip -n "$nsa" link set o$$ up && ip -n "$nsa" link set i$$ up &&
		ip -n "$nsb" link set o$$ up && ip -n "$nsb" link set i$$ up &&
		ip -n "$nsa" neigh add 10.78.0.2 dev i$$ nud permanent \
			lladdr "$(ip netns exec "$nsb" cat /sys/class/net/i$$/address)"; } 2>"$tmp/vl.err"; then
		for ifc in "$vb" o$$ i$$; do
			sink_up "$nsb" -i "$ifc" 1
			out=$(ip netns exec "$nsa" "$asan" -d 10.78.0.2 "$tmp/g16.pcap" 2>&1)
			wait "$sp"
			case $ifc in
			"$vb") where="the parent (one tag still in the data)" ;;
			o$$) where="the outer VLAN device" ;;
			*) where="the inner VLAN device" ;;
			esac
			if [ "$out" = "sent 16" ] && [ "$(sinkline)" = "received 16 " ]; then
				pass "udpsink -i: 16 double-tagged datagrams counted on $where"
			else
				fail "udpsink -i $ifc (double-tagged)" "'$out', sink '$(sinkline)'"
			fi
		done
	else
		fail "vlan setup" "$(head -n 2 "$tmp/vl.err" | tr '\n' ' ')"
	fi
	out=$(ip netns exec "$nsb" tests/tools/udpsink -i nosuch$$ 1 2>&1)
	r=$?
	if [ "$r" = 1 ] && echo "$out" | grep -q "no interface"; then
		pass "udpsink -i: a missing interface is reported"
	else
		fail "udpsink -i missing interface" "exit $r: $out"
	fi

	# nfqaccept binds a queue (this host's kernel has no NFQUEUE rule
	# target: only the binding, the ready file and the end are checked).
	rm -f "$tmp/qready"
	out=$(ip netns exec "$nsb" tests/tools/nfqaccept -q 7 -w "$tmp/qready" 0.3 2>&1)
	r=$?
	if [ "$r" = 0 ] && [ "$out" = "accepted 0" ] && [ -e "$tmp/qready" ]; then
		pass "nfqaccept binds queue 7, signals ready, ends on time"
	else
		fail "nfqaccept bind" "exit $r: $out"
	fi
fi

exit $rc
