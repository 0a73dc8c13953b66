#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
# The forwarding bench, run where the test topology is up (inside the VM
# by tests/bench/vm/run-bench.sh, or on a real box: see bench/README.md).
# Sends UDP frames with pktblast from a host namespace through NS_FW to a
# WAN address and measures the packets/s NS_FW takes in, in these
# configurations (names as in results.json):
#   c1 no module          c2 module, no devices
#   c3 module + DEVICES tagged devices, traffic from the untagged LAN host
#   c4 same, from the tagged camera, payload no recogniser claims
#   c5 same, from the camera, PPPP punches (all dropped)
#   c6 as c3 with discovery on (untagged benign traffic is recognised too)
#   p1 as c3 plus PREFIXES entries by source prefix (none holds the LAN
#      host): what the prefix lookup costs an untagged source
#   p2 as p1 but the camera's entry is its prefix (192.168.1.0/24), not
#      its MAC and address: traffic from the camera, no recogniser claims
#   p3 same, PPPP punches (all dropped)
#   n2 module unloaded, nftables with an empty forward base chain: what
#      any netfilter hook on FORWARD costs (c2 against it: p2pfence's own)
#   n3/n4/n5 an nftables ruleset doing the closest stock equivalent of
#      c3/c4/c5 (tagged MAC and IP sets, PPPP and STUN payload matches),
#      module unloaded
# Rounds alternate the order of the configurations (ABBA) so that drift
# in the emulator's speed hits every configuration alike.
#
# Needs: NS_CAM NS_LAN NS_FW NS_WAN CAM_MAC CAM_IP4 LAN_IP4 (the routed
# topology of tests/vm/topology.sh), P2PF_KO (the module file), and in
# PATH: pktblast, p2pfence, ip, nft, insmod/rmmod, awk.
# Knobs: BENCH_FIRST_RUN (0; a resumed bench starts at a later round,
# see run-bench.sh), BENCH_PACKETS (per run, default 30000), BENCH_RUNS (5),
# BENCH_SIZES ("64 512", frame bytes without FCS), BENCH_DEVICES (10000),
# BENCH_PREFIXES (100), BENCH_THREADS (sender threads, 1), BENCH_CONFIGS
# (all by default), BENCH_TEST_CRASH_AFTER (tests only: crash the guest
# once that round has ended), BENCH_MEMORY_ONLY (1: no forwarding, only
# RUNS restores of the devices for the memory figure; run-bench.sh boots
# a guest with more CPUs for it).
# Output: one "BENCH ..." line per figure (key=value), "FAIL: ..." on a
# wrong disposition (forwarded when it should be dropped or the reverse).
set -u
export LC_ALL=C
# The VM harness passes no variables of its own choosing: the host driver
# puts the knobs in bench.env beside this script.
[ -f ./bench.env ] && . ./bench.env
N=${BENCH_PACKETS:-30000}
RUNS=${BENCH_RUNS:-5}
FIRST_RUN=${BENCH_FIRST_RUN:-0}
SIZES=${BENCH_SIZES:-64 512}
DEVICES=${BENCH_DEVICES:-10000}
PREFIXES=${BENCH_PREFIXES:-100}
THREADS=${BENCH_THREADS:-1}
CONFIGS=${BENCH_CONFIGS:-c1 c2 c3 c4 c5 c6 p1 p2 p3 n2 n3 n4 n5}
work=$(mktemp -d /tmp/fwbench.XXXXXX)
failed=0

for v in NS_CAM NS_LAN NS_FW NS_WAN CAM_MAC CAM_IP4 LAN_IP4 LAN_MAC P2PF_KO; do
	[ -n "${!v:-}" ] || { echo "fwbench: $v is not set (see the header)"; exit 2; }
done
[ "${VM_TOPOLOGY:-routed}" = routed ] || { echo "fwbench: needs the routed topology"; exit 2; }

fw() { ip netns exec "$NS_FW" "$@"; }
now() { echo "${EPOCHREALTIME/./}"; }	# microseconds
# Kernel memory that grows with devices: slab, per-CPU and vmalloc (a
# large hash table is vmalloc'ed), in kB.
kmem_kb() { awk '/^(Slab|Percpu|VmallocUsed):/ { s += $2 } END { print s }' /proc/meminfo; }

# The sink: a WAN address routed to a next hop whose MAC nobody has, so
# the WAN namespace's stack drops every frame at once as "other host"
# (no socket lookup, no ICMP) while wan0's counters still see it leave.
SINK_IP=198.51.100.200
fw ip -b - <<EOF || exit 2
neigh replace 203.0.113.99 lladdr 02:00:00:00:03:99 dev wan0 nud permanent
route replace $SINK_IP/32 via 203.0.113.99 dev wan0
EOF
FW_CAM_MAC=$(fw cat /sys/class/net/cam0/address)
FW_LAN_MAC=$(fw cat /sys/class/net/lan0/address)

# The devices: DEVICES made-up ones (MAC and an address in 10/8) plus the
# camera, all blocking every protocol.
awk -v n="$DEVICES" -v mac="$CAM_MAC" -v ip="$CAM_IP4" 'BEGIN {
	for (i = 0; i < n; i++)
		printf "device add b%d mac 02:10:00:%02x:%02x:%02x ip 10.%d.%d.%d mode block proto all\n",
			i, int(i / 65536) % 256, int(i / 256) % 256, i % 256,
			int(i / 65536) % 256, int(i / 256) % 256, i % 256
	printf "device add cam mac %s ip %s mode block proto all\n", mac, ip
}' >"$work/devices.conf"
# PREFIXES entries by prefix, IPv4 /24s in 192.169/16 and beyond (the LAN
# host's first byte, so that its lookup searches them rather than being
# cleared by the first-byte map, but never the LAN host nor the camera)
# and IPv6 /64s alternating; then the same with the camera fenced by its
# subnet instead of its MAC and address.
awk -v n="$PREFIXES" 'BEGIN {
	for (i = 0; i < n; i++)
		if (i % 2)
			printf "device add pf%d prefix fd00:%x::/64 mode block proto all\n", i, 4096 + i
		else
			printf "device add pf%d prefix 192.%d.%d.0/24 mode block proto all\n", i, 169 + int(i / 256), i % 256
}' >"$work/prefixes.conf"
cat "$work/devices.conf" "$work/prefixes.conf" >"$work/with-prefixes.conf"
{ grep -v '^device add cam ' "$work/devices.conf"; cat "$work/prefixes.conf"
  echo "device add cam prefix ${CAM_IP4%.*}.0/24 mode block proto all"; } >"$work/cam-prefix.conf"

# The nftables equivalent: the same MACs and addresses in two sets; a
# tagged source's UDP goes to a chain that spares LAN destinations and
# drops the PPPP header (F1 + a known type, one 16-bit set lookup) and
# the STUN magic cookie. The rest of p2pfence's recognisers (TUTK's
# scrambled header, iLnk/PPPP ciphers, Dahua/Xiongmai/Reolink/GWell/Tuya
# layouts with length checks) have no stock nft equivalent.
pppp_types="00 01 02 03 08 09 10 11 12 13 14 15 16 18 19 20 21 26 30 31 32 40 41 42 43 60 61 62 63 67 68 69 6a 70 71 72 73 74 75 78 80 81 82 83 84 85 87 90 91 92 94 a0 a1 a2 d0 d1 d8 e0 e1 f0 f1 f9"
awk -v n="$DEVICES" -v mac="$CAM_MAC" -v ip="$CAM_IP4" -v types="$pppp_types" 'BEGIN {
	print "table inet p2pbench {"
	printf "  set tagged_mac { type ether_addr; elements = { %s", mac
	for (i = 0; i < n; i++)
		printf ",\n    02:10:00:%02x:%02x:%02x", int(i / 65536) % 256, int(i / 256) % 256, i % 256
	print " } }"
	printf "  set tagged_ip4 { type ipv4_addr; elements = { %s", ip
	for (i = 0; i < n; i++)
		printf ",\n    10.%d.%d.%d", int(i / 65536) % 256, int(i / 256) % 256, i % 256
	print " } }"
	print "  set lan4 { type ipv4_addr; flags interval; elements = { 10.0.0.0/8, 172.16.0.0/12,"
	print "    192.168.0.0/16, 100.64.0.0/10, 169.254.0.0/16, 224.0.0.0/4, 255.255.255.255 } }"
	print "  chain forward {"
	print "    type filter hook forward priority filter; policy accept;"
	print "    meta l4proto udp ether saddr @tagged_mac goto p2p"
	print "    meta l4proto udp ip saddr @tagged_ip4 goto p2p"
	print "  }"
	print "  chain p2p {"
	print "    ip daddr @lan4 return"
	k = split(types, t, " ")
	s = ""
	for (i = 1; i <= k; i++)
		s = s (i > 1 ? ", " : "") "0xf1" t[i]
	print "    @th,64,16 { " s " } counter drop"
	print "    @th,96,32 0x2112a442 counter drop"
	print "  }"
	print "}"
}' >"$work/rules.nft"

# n2: one empty forward base chain, the least a netfilter user can hook.
cat >"$work/empty.nft" <<'NFT'
table inet p2pbench {
  chain forward {
    type filter hook forward priority filter; policy accept;
  }
}
NFT

loaded() { grep -q '^p2pfence ' /proc/modules; }
unload() {
	loaded && { rmmod p2pfence || { echo "fwbench: rmmod p2pfence failed"; exit 1; }; }
	fw nft flush ruleset
}
load() { loaded || insmod "$P2PF_KO" ${P2PF_PARAMS:-} || { echo "fwbench: insmod $P2PF_KO failed"; exit 1; }; }

# Puts NS_FW in the state a configuration needs, if it is not there.
state=
restore_figure=restore
[ "${BENCH_MEMORY_ONLY:-0}" = 1 ] && restore_figure=memory
enter() {
	want=$1
	[ "$state" = "$want" ] && return 0
	case $want in
	none) unload ;;
	empty) unload; load ;;
	devices|prefixes|cam-prefix)
		case $want in
		devices) conf=devices.conf want_n=$((DEVICES + 1)) ;;
		prefixes) conf=with-prefixes.conf want_n=$((DEVICES + 1 + PREFIXES)) ;;
		*) conf=cam-prefix.conf want_n=$((DEVICES + 1 + PREFIXES)) ;;
		esac
		unload; load
		sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null
		m0=$(kmem_kb); t0=$(now)
		fw p2pfence restore "$work/$conf" || { echo "fwbench: restore $conf failed"; exit 1; }
		t1=$(now); m1=$(kmem_kb)
		got=$(fw p2pfence save | grep -c '^device add')
		[ "$got" -eq "$want_n" ] || { echo "FAIL: fwbench restore of $conf holds $got devices, not $want_n"; failed=1; }
		if [ "$want" = devices ]; then
			echo "BENCH figure=$restore_figure devices=$got cpus=$(nproc) us=$((t1 - t0)) kmem_kb=$((m1 - m0))"
			# What an admin waits for to see them all, as a script reads them.
			t0=$(now)
			fw p2pfence -j device show >"$work/show.json" || { echo "fwbench: device show failed"; exit 1; }
			t1=$(now)
			shown=$(grep -o '"name":' "$work/show.json" | wc -l)
			[ "$shown" -eq "$got" ] || { echo "FAIL: fwbench -j device show lists $shown devices, not $got"; failed=1; }
			if [ "$restore_figure" = restore ]; then
				echo "BENCH figure=show devices=$shown us=$((t1 - t0))"
			fi
		fi
		;;
	discovery)
		enter devices
		want=discovery	# enter is not reentrant: want is global
		fw p2pfence discover on || { echo "fwbench: discover on failed"; exit 1; }
		;;
	nft-hook)
		unload
		fw nft -f "$work/empty.nft" || { echo "fwbench: nft -f empty.nft failed"; exit 1; }
		;;
	nft)
		unload
		t0=$(now)
		fw nft -f "$work/rules.nft" || { echo "fwbench: nft -f failed"; exit 1; }
		t1=$(now)
		echo "BENCH figure=nft-load elements=$((2 * (DEVICES + 1))) us=$((t1 - t0))"
		;;
	esac
	state=$want
}

# rx of NS_FW's ingress interface and tx of wan0, from /proc/net/dev.
counters() {
	fw cat /proc/net/dev | awk -v i="$1:" '$1 == i { rx = $3 } $1 == "wan0:" { tx = $11 } END { print rx, tx }'
}

# measure CONFIG SIZE RUN: one timed send and its figures.
measure() {
	cfg=$1 size=$2 run=$3
	case $cfg in
	c1|c2|c4|p2|n2|n4) src=cam kind=plain expect=fwd ;;
	c3|c6|p1|n3) src=lan kind=plain expect=fwd ;;
	c5|p3|n5) src=cam kind=pppp expect=drop ;;
	esac
	# P2P goes to PPPP's server port from its own port: the flow it opens
	# (remote and local port, remembered on detection) must not be the
	# one c4 sends on, or c4 after c5 would be dropped as that flow.
	if [ "$kind" = pppp ]; then ports="-P 40001 -Q 32100"; else ports="-P 40000 -Q 9"; fi
	if [ "$src" = cam ]; then
		ns=$NS_CAM smac=$CAM_MAC sip=$CAM_IP4 dmac=$FW_CAM_MAC in=cam0
	else
		ns=$NS_LAN smac=$LAN_MAC sip=$LAN_IP4 dmac=$FW_LAN_MAC in=lan0
	fi
	blast() {
		ip netns exec "$ns" pktblast -i eth0 -s "$smac" -d "$dmac" -S "$sip" \
			-D "$SINK_IP" -l "$size" -k "$kind" -t "$THREADS" $ports -n "$1"
	}
	# Warm-up: caches, flow entries and the route are hot before timing.
	blast $(( N / 50 + 1 )) >/dev/null || exit 1
	read -r rx0 tx0 <<<"$(counters $in)"
	# Marks for the host (hostcpu.py notes QEMU's CPU time at each); the
	# pauses keep the guest idle while the host reads them.
	echo "BENCH-MARK mark=begin config=$cfg size=$size run=$run"
	sleep 0.2
	out=$(blast "$N") || exit 1
	echo "BENCH-MARK mark=end config=$cfg size=$size run=$run"
	sleep 0.2
	read -r rx1 tx1 <<<"$(counters $in)"
	ns_t=${out##* }
	rx=$((rx1 - rx0)) tx=$((tx1 - tx0))
	pps=$(awk -v p="$rx" -v t="$ns_t" 'BEGIN { printf "%.0f", p * 1e9 / t }')
	echo "BENCH figure=fwd config=$cfg size=$size run=$run pps=$pps in=$rx out=$tx ${out% ns*} ns=$ns_t"
	# The disposition must be right, or the figure measures something else.
	if [ "$expect" = fwd ] && [ "$tx" -lt $((rx * 99 / 100)) ]; then
		echo "FAIL: fwbench $cfg/$size run $run forwarded $tx of $rx"; failed=1
	elif [ "$expect" = drop ] && [ "$tx" -gt $((rx / 100)) ]; then
		echo "FAIL: fwbench $cfg/$size run $run let $tx of $rx P2P packets through"; failed=1
	fi
	if [ "$rx" -lt $((N * 95 / 100)) ]; then
		echo "FAIL: fwbench $cfg/$size run $run: NS_FW took in $rx of $N"; failed=1
	fi
}

state_of() {
	case $1 in
	c1) echo none ;; c2) echo empty ;; c[345]) echo devices ;; c6) echo discovery ;;
	p1) echo prefixes ;; p[23]) echo cam-prefix ;; n2) echo nft-hook ;; n*) echo nft ;;
	esac
}

if [ "${BENCH_MEMORY_ONLY:-0}" = 1 ]; then
	for ((r = 0; r < RUNS; r++)); do
		state=
		enter devices
	done
else
	echo "BENCH figure=setup packets=$N runs=$RUNS sizes=${SIZES// /,} devices=$DEVICES prefixes=$PREFIXES threads=$THREADS cpus=$(nproc) kernel=$(uname -r) clock=${BENCH_CLOCK:-real}"
	order=$CONFIGS
	reversed=$(echo "$CONFIGS" | tr ' ' '\n' | tac | tr '\n' ' ')
	for ((r = FIRST_RUN; r < RUNS; r++)); do
		if ((r % 2)); then list=$reversed; else list=$order; fi
		for cfg in $list; do
			enter "$(state_of "$cfg")"
			for size in $SIZES; do
				measure "$cfg" "$size" "$r"
			done
		done
		# Each round restores the devices afresh (a restore-time sample each).
		case $state in devices|discovery|prefixes|cam-prefix) state= ;; esac
		# Figures up to here are whole rounds: a resumed bench keeps them.
		echo "BENCH-ROUND done run=$r"
		# Tests only (60-bench-smoke): the guest dies here, as QEMU's icount
		# mode made it die, so that the resume is tested. The line above
		# must reach the host first: a panic drops what QEMU's serial port
		# has not written out yet, and on a busy host the round's end was
		# lost (the bench resumed twice). Draining the tty (stty's
		# TCSADRAIN) did not help: the UART's drain wait ends on a timeout
		# in guest time. An idle guest under icount sleeps in host time,
		# so two seconds let the host read the line.
		if [ "${BENCH_TEST_CRASH_AFTER:-}" = "$r" ]; then
			sleep 2
			echo c >/proc/sysrq-trigger
		fi
	done
fi
unload
load
# What a module bug in the loads, unloads and restores above would leave.
if bad=$(dmesg | grep -E 'WARNING:|BUG:|Oops|general protection|refcount_t:|list_(add|del) corruption'); then
	echo "FAIL: fwbench: the kernel logged: $(echo "$bad" | head -n 3 | tr '\n' ' ')"
	failed=1
fi
rm -rf "$work"
exit "$failed"
