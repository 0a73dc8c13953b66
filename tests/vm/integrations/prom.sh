#!/bin/bash
# `p2pfence stats --prometheus` from the real module, inside the VM: the
# values match `-j stats` and `-s -j device show`, the timer's service
# command writes the textfile in one rename, and the output is printed
# between "# BEGIN METRICS" and "# END METRICS" for promtool on the host.
# Files: pcaps/ (mkpcaps.py), p2pfence-prometheus.service (installed form).
. ./lib.sh
set -u

P=pcaps
# metric NAME{LABELS}: its value in /tmp/m.prom.
metric() { awk -v k="$1" '$1 == k { print $2 }' /tmp/m.prom; }
cli device flush >/dev/null 2>&1
in_ns fw nft flush ruleset 2>/dev/null

check "setup: device cam (block) and nvr (mark)" sh -c \
	"ip netns exec fw p2pfence device add cam mac $CAM_MAC mode block &&
	 ip netns exec fw p2pfence device add nvr ip 192.168.1.40 mode mark"
check "setup: discovery on" cli discover on
i=0
for f in $(awk '$1 == "hs" { print $2 }' $P/manifest); do
	i=$((i + 1))
	replay cam -d "198.51.100.$((20 + i))" $P/hs-$f.pcap >/dev/null
done
replay lan -d 198.51.100.50 $P/hs-*.pcap >/dev/null
replay cam -d 198.51.100.70 $P/remote-hs.pcap >/dev/null
replay cam -d 198.51.100.70 $P/opaque-remote.pcap >/dev/null

if cli stats --prometheus >/tmp/m.prom 2>/tmp/m.err; then
	pass "prometheus: stats --prometheus"
else
	fail "prometheus: stats --prometheus" "($(cat /tmp/m.err))"
fi
g=$(cli -j stats)
d=$(cli -s -j device show cam)
gn() { echo "$g" | jnum "$1"; }
dn() { echo "$d" | jnum "$1"; }
assert_eq "prometheus: inspected packets" "$(gn packets)" "$(metric p2pfence_inspected_packets_total)"
assert_eq "prometheus: detected" "$(gn detected)" "$(metric p2pfence_detected_total)"
assert_eq "prometheus: dropped = handshake + flow" "$(gn dropped)" \
	$(($(metric 'p2pfence_dropped_total{kind="handshake"}') + $(metric 'p2pfence_dropped_total{kind="flow"}')))
assert_eq "prometheus: flow drops" "$(gn flow_dropped)" "$(metric 'p2pfence_dropped_total{kind="flow"}')"
assert_eq "prometheus: device cam dropped (flow)" "$(dn flow_dropped)" \
	"$(metric 'p2pfence_device_dropped_total{device="cam",kind="flow"}')"
assert_eq "prometheus: device cam inspected" "$(dn packets)" \
	"$(metric 'p2pfence_device_inspected_packets_total{device="cam"}')"
pppp=$(echo "$d" | grep -o '"pppp": *{[^}]*}' | jnum dropped)
assert_eq "prometheus: device cam pppp drops" "$pppp" \
	"$(metric 'p2pfence_device_proto_dropped_total{device="cam",proto="pppp"}')"
assert_eq "prometheus: events sent" "$(gn events)" "$(metric 'p2pfence_events_total{kind="sent"}')"
assert_eq "prometheus: flows now" "$(gn flows)" "$(metric p2pfence_flows)"
assert_eq "prometheus: flow table limit (flow_max)" "$(cat /sys/module/p2pfence/parameters/flow_max)" \
	"$(metric p2pfence_flows_limit)"
assert_eq "prometheus: discovered sources (the LAN host)" 1 "$(metric p2pfence_discovered_sources)"
assert_eq "prometheus: devices" 2 "$(metric p2pfence_devices)"
assert_eq "prometheus: nvr's mode" 1 "$(metric 'p2pfence_device_info{device="nvr",mode="mark"}')"

# The timer's service command, as systemd runs it ($$ is systemd's $).
start=$(sed -n 's/^ExecStart=[-@:+!]*//p' p2pfence-prometheus.service | sed 's/\$\$/$/g')
dir=$(sed -n 's/^ConditionPathIsDirectory=//p' p2pfence-prometheus.service)
mkdir -p "$dir"
start=${start/\/usr\/sbin\/p2pfence/p2pfence}
eval "ip netns exec fw $start" 2>/tmp/t.err
ls "$dir" >/tmp/t.ls
assert_eq "timer: the service writes $dir/p2pfence.prom and nothing else" p2pfence.prom "$(cat /tmp/t.ls | tr '\n' ' ' | sed 's/ $//')"
# (No traffic since: the same counters.)
if cmp -s "$dir/p2pfence.prom" /tmp/m.prom; then
	pass "timer: the file holds the metrics"
else
	fail "timer: the file holds the metrics" "($(head -c 200 "$dir/p2pfence.prom"); $(cat /tmp/t.err))"
fi
echo "# BEGIN METRICS"
cat /tmp/m.prom
echo "# END METRICS"
finish
