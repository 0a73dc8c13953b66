#!/bin/bash
# Foundation checks inside the VM (tests/vm/run, routed or bridged): the
# module loads and unloads with namespaces around, registers in new
# namespaces, leaves forwarding intact (exact datagram counts, IPv4 and
# IPv6), sees every forwarded UDP datagram (its untagged counter), and
# unloads cleanly under traffic; the CLI names a missing module.
# File: gen.pcap (N benign UDP datagrams, made by 30-vm-foundation.sh).
. ./lib.sh
set -u

P="$VM_TOPOLOGY:"
N=$(udpreplay -d 127.0.0.1 -P 9 gen.pcap 2>/dev/null | sed -n 's/^sent //p')
# The namespace-wide counter comes first in `-j stats` ("global").
untagged() { cli -j stats | jnum untagged; }

# What the kernel log says about bugs (same patterns as /init's check).
kbad() { dmesg | grep -E 'BUG[: ]|WARNING:|Oops|general protection|Call Trace|KASAN|UBSAN|refcount_t:|list_(add|del) corruption'; }

# --- The CLI with the module absent, then the module back.
if rmmod p2pfence; then
	out=$(in_ns fw p2pfence stats 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ] && echo "$out" | grep -qi 'module'; then
		pass "$P cli: missing module reported (exit $rc: $out)"
	else
		fail "$P cli: missing module reported" "(exit $rc: $out)"
	fi
	check "$P module: insmod again with namespaces present" insmod "$P2PF_KO"
else
	fail "$P module: rmmod at start" "rmmod failed"
	check "$P module: still loaded" grep -q '^p2pfence ' /proc/modules
fi

# --- Unload/load cycles with four namespaces alive.
ok=1
for i in 1 2 3; do
	rmmod p2pfence || { ok=0; break; }
	insmod "$P2PF_KO" || { ok=0; break; }
done
if [ $ok = 1 ] && [ -z "$(kbad)" ]; then
	pass "$P module: 3 rmmod/insmod cycles"
else
	fail "$P module: 3 rmmod/insmod cycles" "$(kbad | tail -n 3)"
fi

# --- A namespace made (and removed) while the module is loaded gets its
# own instance: the family answers there, with its own counters.
ok=1 why=
for i in 1 2 3; do
	ip netns add "x$i" || { ok=0; why="netns add"; break; }
	v=$(in_ns "x$i" p2pfence -j stats 2>&1 | jnum untagged)
	[ "$v" = 0 ] || { ok=0; why="stats in x$i: $v"; }
	ip netns del "x$i" || { ok=0; why="netns del"; break; }
done
if [ $ok = 1 ] && [ -z "$(kbad)" ]; then
	pass "$P module: per-netns instance in 3 new namespaces"
else
	fail "$P module: per-netns instance in 3 new namespaces" "$why $(kbad | tail -n 3)"
fi

# A namespace deleted with the module loaded, then the module unloaded.
ip netns add y && in_ns y ip link set lo up && ip netns del y
if rmmod p2pfence && insmod "$P2PF_KO" && [ -z "$(kbad)" ]; then
	pass "$P module: unload after a namespace went away"
else
	fail "$P module: unload after a namespace went away" "$(kbad | tail -n 3)"
fi

# --- Nothing when idle: with no device and discovery off the module has
# no hook in the namespace and sees no packet (its untagged counter stands
# still); the first device or discovery registers the hooks, the last
# device leaving, a flush or discovery going off removes them again.
sink_start wan 120 -p 4999 || fail "$P idle: sink" "did not start"
idle_send() { replay cam -d "$WAN_IP4" -P 4999 gen.pcap >/dev/null; sleep 0.3; }
# seen NAME WANT: after a send, whether the hooks counted it (1) or not (0).
seen() {
	_u=$(untagged)
	idle_send
	assert_eq "$P idle: $1" "$2" "$([ "$(untagged)" -gt "$_u" ] && echo 1 || echo 0)"
}
seen "no device: not seen" 0
cli device add absent mac 02:00:00:00:88:88 mode monitor
seen "a device: seen" 1
cli device del absent
seen "the last device gone: not seen" 0
cli discover on
seen "discovery on: seen" 1
cli discover off
seen "discovery off: not seen" 0
printf 'device add a mac 02:00:00:00:88:01\ndevice add b mac 02:00:00:00:88:02\n' >/tmp/idle.conf
cli restore /tmp/idle.conf
seen "a restore with devices: seen" 1
cli device flush
seen "a flush: not seen" 0
printf '# nothing\n' >/tmp/idle-empty.conf
cli device add absent mac 02:00:00:00:88:88
cli restore /tmp/idle-empty.conf
seen "a restore of nothing: not seen" 0
got=$(sink_stop)
assert_eq "$P idle: forwarding intact throughout" $((N * 8)) "$got"

# --- Forwarding with the module loaded: every case on its own port, all
# sinks open at once; each datagram crosses fw once and is counted there
# once (the one device matches no host, so every source is untagged; a
# device is needed for the hooks to be registered at all).
check "$P setup: a device that matches no host" cli device add absent mac 02:00:00:00:88:88 mode monitor
# name  from  to-ns  destination
cases="cam-wan4 cam wan $WAN_IP4
cam-wan6 cam wan $WAN_IP6
lan-wan4 lan wan $WAN_IP4
lan-wan6 lan wan $WAN_IP6
cam-lan4 cam lan $LAN_IP4
cam-lan6 cam lan $LAN_IP6
lan-cam4 lan cam $CAM_IP4
lan-cam6 lan cam $CAM_IP6
cam-wanany4 cam wan 198.51.100.77
cam-wanany6 cam wan 2001:db8:100:42::77"

port=5000
: >/tmp/cases
while read -r name from to dst; do
	port=$((port + 1))
	sink_start "$to" 120 -p "$port" || fail "$P forward $name" "sink did not start"
	echo "$name $from $dst $port $SINK" >>/tmp/cases
done <<EOF
$cases
EOF

# fd 3 holds the case list: the commands in the loop may read stdin.
while read -r name from dst port dir <&3; do
	before=${after:-$(untagged)}
	sent=$(replay "$from" -d "$dst" -P "$port" gen.pcap)
	# The hooks run in softirq on the receiving side: let queues drain.
	for try in 1 2 3 4 5 6 7 8 9 10; do
		after=$(untagged)
		[ "${after:-0}" -ge $((before + N)) ] && break
		sleep 0.2
	done
	got=$(sink_stop "$dir")
	if [ "$sent" = "$N" ] && [ "$got" = "$N" ]; then
		pass "$P forward $name: $got/$N datagrams arrive"
	else
		fail "$P forward $name" "sent $sent, received $got of $N"
	fi
	if [ "$((after - before))" = "$N" ]; then
		pass "$P hooks see $name: untagged +$N"
	else
		fail "$P hooks see $name" "untagged went $before -> $after, expected +$N"
	fi
done 3</tmp/cases

# --- rmmod while traffic flows: datagrams keep crossing (none is lost to
# the unload), the module comes back, and the log stays clean.
sink_start wan 120 -p 6000
sinkdir=$SINK
in_ns cam udpreplay -c 25 -i 1000 -d "$WAN_IP4" -P 6000 gen.pcap >/tmp/flow.out 2>&1 &
flowpid=$!
sleep 1
if rmmod p2pfence; then rm_ok=1; else rm_ok=0; fi
sleep 0.5
insmod "$P2PF_KO" || rm_ok=0
wait "$flowpid"
sent=$(sed -n 's/^sent //p' /tmp/flow.out)
sleep 0.3
got=$(sink_stop "$sinkdir")
if [ "$rm_ok" = 1 ] && [ -n "$sent" ] && [ "$sent" = "$got" ] && [ -z "$(kbad)" ]; then
	pass "$P module: rmmod/insmod under traffic ($got/$sent datagrams crossed)"
else
	fail "$P module: rmmod/insmod under traffic" "rmmod+insmod ok=$rm_ok, sent $sent, received $got $(kbad | tail -n 3)"
fi
check "$P cli: talks to the reloaded module" cli -j stats

finish
