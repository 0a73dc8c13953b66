#!/bin/bash
# Mark mode against nftables, inside the VM: the tagged camera in mode
# mark; an nft ruleset in the firewall (an inet table when routed, a bridge
# table when bridged, with nf_conntrack_bridge for ct) counts by `meta mark` and
# `ct mark` (and later logs and drops), and must see exactly the packets
# block mode would drop: the camera's handshakes and the flows they open.
# The camera's other traffic, the untagged LAN host's and the replies carry
# no skb mark. Booted without nft_ct in VM_KMODS (so without nf_conntrack):
# the same with the skb mark only.
# Files: pcaps/ (mkpcaps.py, plus reply.pcap), benign/*.pcap.
. ./lib.sh
set -u

P=pcaps
M=0x50000000 MASK=0xff000000
dev() { cli -s -j device show cam | jnum "$1"; }
fam=inet
[ "$VM_TOPOLOGY" = bridged ] && fam=bridge
ctr() { in_ns fw nft list counter $fam p2pf "$1" | sed -n 's/.*packets \([0-9]*\).*/\1/p'; }
families=$(awk '$1 == "hs" { print $2 }' $P/manifest)
hs_total=$(awk '$1 == "hs" { n += $3 } END { print n + 0 }' $P/manifest)
remote_port=$(awk '$1 == "remote" { print $3 }' $P/manifest)
case " $VM_KMODS " in
*" nft_ct "*) noct=0 ;;
*) noct=1 ;;
esac

if [ "$noct" = 1 ]; then
	if grep -q '^nf_conntrack ' /proc/modules; then
		fail "no-ct: nf_conntrack not loaded" "(it is: $(grep '^nf_conntrack ' /proc/modules))"
	else
		pass "no-ct: nf_conntrack not loaded, p2pfence loaded without it"
	fi
fi

check "setup: device add cam by MAC, mode mark" cli device add cam mac "$CAM_MAC" mode mark
check "setup: event rate high" cli config set event-rate 100000
cfg=$(cli -j config show)
assert_eq "config: default mark" $((M)) "$(echo "$cfg" | jnum mark)"
assert_eq "config: default mark_mask" $((MASK)) "$(echo "$cfg" | jnum mark_mask)"
assert_eq "device show: mode mark" mark "$(cli -j device show cam | sed -n 's/.*"mode": *"\([a-z]*\)".*/\1/p')"

# The admin's ruleset: counters after our hook (filter + 1) by skb mark
# and ct mark, before it for replies by ct mark.
ctrules=
[ "$noct" = 1 ] || ctrules="
	chain early {
		type filter hook forward priority filter - 10; policy accept;
		meta l4proto udp ct direction reply ct mark and $MASK == $M counter name replies
	}"
latect=
[ "$noct" = 1 ] || latect="meta l4proto udp ct direction original ct mark and $MASK == $M counter name ctmarked"
if ! out=$(in_ns fw nft -f - 2>&1 <<NFT
table $fam p2pf {
	counter marked { }
	counter ctmarked { }
	counter plain { }
	counter replies { }
	counter lanmarked { }
	counter newmark { }
$ctrules
	chain late {
		type filter hook forward priority filter + 10; policy accept;
		meta l4proto udp meta mark and $MASK == $M counter name marked
		meta l4proto udp meta mark and $MASK != $M counter name plain
		meta l4proto udp ip saddr $LAN_IP4 meta mark != 0 counter name lanmarked
		$latect
	}
}
NFT
); then
	fail "setup: nft ruleset" "($out)"
	finish
fi
pass "setup: nft ruleset (meta mark$([ "$noct" = 1 ] || echo ', ct mark'))"

# --- Everything passes; nft counts exactly the camera's P2P packets.
mon=/tmp/monitor.json
in_ns fw p2pfence -j monitor >"$mon" 2>/dev/null &
monpid=$!
sleep 1
sink_start wan 300
# The camera's benign datagrams first: some reuse ports that a punch
# handshake below makes part of a flow.
sent_neg=$(replay cam -d 198.51.100.98 $P/negative.pcap)
sent_ben=$(replay cam -d 198.51.100.99 benign/*.pcap)
sent_lan=$(replay lan -d 198.51.100.97 $P/hs-*.pcap)
sent_hs=0 i=0
for f in $families; do
	i=$((i + 1))
	s4=$(replay cam -d "198.51.100.$((20 + i))" $P/hs-$f.pcap)
	s6=$(replay cam -d "2001:db8:100::$((20 + i))" $P/hs-$f.pcap)
	sent_hs=$((sent_hs + s4 + s6))
done
sleep 0.5
got=$(sink_stop)
kill "$monpid" 2>/dev/null
wait "$monpid" 2>/dev/null
assert_eq "mark: all handshakes sent (IPv4 + IPv6)" $((2 * hs_total)) "$sent_hs"
assert_eq "mark: nothing dropped, WAN receives all" $((sent_hs + sent_neg + sent_ben + sent_lan)) "$got"
assert_eq "mark: module's marked counter == camera handshakes" "$sent_hs" "$(dev marked)"
assert_eq "mark: module dropped nothing" 0 "$(dev dropped)"
assert_eq "mark: nft meta mark counter == camera handshakes" "$sent_hs" "$(ctr marked)"
assert_eq "mark: nft unmarked counter == negatives + benign + LAN host" \
	$((sent_neg + sent_ben + sent_lan)) "$(ctr plain)"
assert_eq "mark: untagged LAN host's packets carry no mark" 0 "$(ctr lanmarked)"
if [ "$noct" = 1 ]; then
	skip "mark: nft ct mark counter" "(no conntrack)"
else
	assert_eq "mark: nft ct mark counter == camera handshakes" "$sent_hs" "$(ctr ctmarked)"
fi
if grep -q '"action": *"mark"' "$mon" && ! grep -q '"action": *"drop"' "$mon"; then
	pass "mark: events report action mark"
else
	fail "mark: events report action mark" "($(head -c 300 "$mon"))"
fi

# --- A flow opened by a handshake: its opaque packets are marked too; the
# replies match ct mark (not meta mark) before our hook runs. (Flushed:
# a port punched above would make the handshake a flow packet, and it
# would open no flow of its own.)
cli flows flush
before=$(ctr marked)
sink_start cam 300
hs=$(replay cam -d 198.51.100.77 $P/remote-hs.pcap)
opq=$(replay cam -d 198.51.100.77 $P/opaque-remote.pcap)
rep=$(replay wan -s 198.51.100.77 -d "$CAM_IP4" $P/reply.pcap)
sleep 0.5
got=$(sink_stop)
assert_eq "flow: handshake + opaque datagrams on its flow marked" $((hs + opq)) $(($(ctr marked) - before))
assert_eq "flow: camera receives the replies" "$rep" "$got"
if [ "$noct" = 1 ]; then
	skip "flow: replies match ct mark" "(no conntrack)"
else
	assert_eq "flow: replies match ct mark (direction reply)" "$rep" "$(ctr replies)"
fi

# --- Another mark and mask: only those bits change.
check "config: set mark 0x7/0xf" cli config set mark 0x7/0xf
cfg=$(cli -j config show)
assert_eq "config: mark 7" 7 "$(echo "$cfg" | jnum mark)"
assert_eq "config: mark_mask 15" 15 "$(echo "$cfg" | jnum mark_mask)"
assert_eq "config show: text" "mark 0x00000007/0x0000000f" "$(cli config show | grep '^mark ')"
if out=$(cli config set mark 0x10/0xf 2>&1); then
	fail "config: mark outside its mask refused" "(accepted)"
else
	pass "config: mark outside its mask refused ($out)"
fi
in_ns fw nft add rule $fam p2pf late meta l4proto udp meta mark and 0xf == 0x7 counter name newmark
s=$(replay cam -d 198.51.100.60 $P/hs-"$(echo "$families" | head -n 1)".pcap)
assert_eq "config: packets carry the new mark" "$s" "$(ctr newmark)"

# --- save and restore keep mode and mark.
cli save >/tmp/saved.conf
if grep -q '^config set .*mark 0x00000007/0x0000000f' /tmp/saved.conf &&
	grep -q '^device add cam .*mode mark' /tmp/saved.conf; then
	pass "save: mode mark and the mark"
else
	fail "save: mode mark and the mark" "($(cat /tmp/saved.conf | tr '\n' ' '))"
fi
cli config set mark 0x50000000/0xff000000
cli device set cam mode block
check "restore: the saved file" cli restore /tmp/saved.conf
cli save >/tmp/saved2.conf
check "restore: save after restore is the same file" cmp /tmp/saved.conf /tmp/saved2.conf
# device set switches a device into mark mode too.
check "set: device set cam mode block" cli device set cam mode block
check "set: device set cam mode mark" cli device set cam mode mark
assert_eq "set: device show: mode mark" mark "$(cli -j device show cam | sed -n 's/.*"mode": *"\([a-z]*\)".*/\1/p')"

# --- The admin's rules decide: log and drop what is marked.
cli config set mark $M/$MASK
sysctl -qw net.netfilter.nf_log_all_netns=1
in_ns fw nft add rule $fam p2pf late meta mark and $MASK == $M log prefix '"p2pfence-mark: "' drop
cli flows flush
logged=$(dmesg | grep -c 'p2pfence-mark: ')
sink_start wan 300
neg=$(replay cam -d 198.51.100.98 $P/negative.pcap)
s=0 i=0
for f in $families; do
	i=$((i + 1))
	s=$((s + $(replay cam -d "198.51.100.$((120 + i))" $P/hs-$f.pcap)))
done
sleep 0.5
got=$(sink_stop)
assert_eq "drop rule: WAN receives only the negatives" "$neg" "$got"
assert_eq "drop rule: one log line per marked packet" "$s" $(($(dmesg | grep -c 'p2pfence-mark: ') - logged))
assert_eq "drop rule: the module itself dropped nothing" 0 "$(dev dropped)"
if [ "$noct" = 0 ] && [ "$fam" = inet ]; then
	sample config-json cli -j config show
	sample nft-counters in_ns fw nft list counters table inet p2pf
	sample nft-log sh -c "dmesg | grep 'p2pfence-mark: ' | tail -n 1"
fi
finish
