#!/bin/bash
# Runs inside the VM (tests/check.d/31-vm-netlink.sh): the netlink
# interface of the module, driven by nlbad (raw libmnl requests).
. ./lib.sh
export LD_LIBRARY_PATH=/t
fw() { in_ns "$NS_FW" ./nlbad "$@"; }

# nlbad's own PASS/FAIL lines, tallied like ours.
relay() {
	while IFS= read -r l; do
		case $l in
		PASS:*) pass "${l#PASS: }" ;;
		FAIL:*) l=${l#FAIL: }; fail "${l%% *}" "${l#* }" ;;
		*) echo "$l" ;;
		esac
	done
}

# Slab + per-CPU memory, in kB.
kmem() { awk '/^(Slab|Percpu):/ { s += $2 } END { print s }' /proc/meminfo; }

# 1. Malformed, refused and unprivileged requests; accepted ones.
fw cases | relay
fw semantics | relay

# 2. Namespaces do not see each other's devices.
ip netns add iso
iso() { in_ns iso ./nlbad "$@"; }
fw add-many 3 900000 >/dev/null
assert_eq netns-other-empty "devices 0" "$(iso count | cut -d' ' -f1,2)"
check netns-same-mac-elsewhere iso add-many 1 900000
assert_eq netns-own-count "devices 3" "$(fw count | cut -d' ' -f1,2)"
assert_eq netns-other-count "devices 1" "$(iso count | cut -d' ' -f1,2)"
fw flush
ip netns del iso

# 3. 10 000 devices: add, dump with the exact count, memory, flush.
sync
echo 3 >/proc/sys/vm/drop_caches
before=$(kmem)
out=$(fw add-many 10000) && pass add-10000 || fail add-10000 "$out"
echo "# $out"
after=$(kmem)
echo "# kernel memory per device: $(( (after - before) * 1024 / 10000 )) bytes (Slab+Percpu delta $((after - before)) kB)"
dump=$(fw count)
echo "# dump: $dump"
assert_eq dump-10000-count "devices 10000" "$(echo "$dump" | cut -d' ' -f1,2)"
case $dump in *intr*) fail dump-10000-consistent "NLM_F_DUMP_INTR without changes" ;; *) pass dump-10000-consistent ;; esac
out=$(fw dump-intr)
case $out in intr*) pass dump-change-flagged ;; *) fail dump-change-flagged "$out" ;; esac
check flush-10000 fw flush
assert_eq flush-10000-empty "devices 0" "$(fw count | cut -d' ' -f1,2)"

# 4. Two writers at once while tagged UDP flows through the firewall.
if command -v p2pfence >/dev/null; then
	in_ns "$NS_FW" p2pfence device add cam mac "$CAM_MAC" ip "$CAM_IP4" mode monitor
fi
in_ns "$NS_CAM" bash -c "end=\$((SECONDS + 60)); while [ \$SECONDS -lt \$end ]; do echo p2pf >/dev/udp/$WAN_IP4/32100; done" 2>/dev/null &
traffic=$!
fw writer 1 15 & w1=$!
fw writer 2 15 & w2=$!
wait $w1 && pass writer-1 || fail writer-1 "exit $?"
wait $w2 && pass writer-2 || fail writer-2 "exit $?"
kill $traffic 2>/dev/null
wait $traffic 2>/dev/null
want=20
command -v p2pfence >/dev/null && want=21
assert_eq writers-final-count "devices $want" "$(fw count | cut -d' ' -f1,2)"
if command -v p2pfence >/dev/null; then
	bad=
	for w in 1 2; do
		for k in 0 2 4 6 8 10 12 14 16 18; do
			in_ns "$NS_FW" p2pfence device show "w$w-$k" | grep -q 'mode monitor' || bad="$bad w$w-$k"
		done
	done
	[ -z "$bad" ] && pass writers-final-state || fail writers-final-state "wrong:$bad"
	pk=$(in_ns "$NS_FW" p2pfence -j -s device show cam | grep -o '"packets":[0-9]*' | head -n 1 | cut -d: -f2)
	[ "${pk:-0}" -gt 0 ] && pass traffic-counted || fail traffic-counted "camera packets ${pk:-none}"
else
	skip writers-final-state "no p2pfence CLI"
fi
fw flush

# 5. Unload with devices present, then the max_devices limit.
fw add-many 5 >/dev/null
check unload-with-devices rmmod p2pfence
if out=$(insmod "$P2PF_KO" max_devices=0 2>&1); then
	fail max-devices-0-refused "insmod accepted it"
	rmmod p2pfence
else
	pass max-devices-0-refused
fi
check load-max-devices-3 insmod "$P2PF_KO" max_devices=3
check limit-3-fit fw add-many 3
out=$(fw add-many 1 100 2>&1) && fail limit-4th-refused "added" ||
	{ case $out in *"No space"*"max_devices"*) pass limit-4th-refused ;; *) fail limit-4th-refused "$out" ;; esac; }
assert_eq limit-count "devices 3" "$(fw count | cut -d' ' -f1,2)"
rmmod p2pfence && insmod "$P2PF_KO" $P2PF_PARAMS
check reload lsmod
finish
