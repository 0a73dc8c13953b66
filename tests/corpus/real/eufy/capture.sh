#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
# Regenerates the eufy-security-client captures in this directory.
#
#   sh capture.sh CLIENT_CHECKOUT [SCENARIO...]     (as root; SCENARIO: lan cloud relay)
#
# CLIENT_CHECKOUT is a git checkout of github.com/bropat/eufy-security-client at
# the pinned commit below, unmodified; it is built here (npm ci + tsc) when its
# build/ is missing. Debian 12 packages: nodejs npm tcpdump iproute2 python3.
# npm fetches the client's dependencies from the npm registry (build only).
#
# Network: three namespaces, nothing routed anywhere else (no default route).
#   eu-cli  the client, 10.88.0.10/24 on cli0            (capture point)
#   eu-sta  our stand-in station, 10.88.0.20/24 on sta0
#   eu-rtr  "home router + internet": bridge br0 10.88.0.1/24 joining cli0 and
#           sta0 (one LAN, so the client's LAN broadcast reaches the station);
#           our lookup servers 10.89.0.1-3:32100 and relay 10.89.0.9:31047 on lo.
#   The client reaches 10.89.0.0/24 through 10.88.0.1 and nothing else.
set -eu

PIN=337dc99fb2a4edd6db6e7d5c6861611a718ef67c   # v3.8.0 (npm eufy-security-client 3.8.0)
HERE=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: $0 CLIENT_CHECKOUT [lan|cloud|relay...]" >&2; exit 2; }
CLIENT=$(cd "$1" && pwd); shift
SCENARIOS=${*:-lan cloud relay}
[ "$(id -u)" = 0 ] || { echo "$0: run as root (network namespaces)" >&2; exit 1; }

head=$(git -C "$CLIENT" rev-parse HEAD)
[ "$head" = "$PIN" ] || { echo "$0: $CLIENT is at $head, want $PIN" >&2; exit 1; }
if [ -n "$(git -C "$CLIENT" status --porcelain --untracked-files=no)" ]; then
	echo "$0: $CLIENT has local changes; the client must run unchanged" >&2; exit 1
fi
for cmd in node npm tcpdump ip python3; do
	command -v $cmd >/dev/null || { echo "$0: $cmd missing (apt install nodejs npm tcpdump iproute2 python3)" >&2; exit 1; }
done

if [ ! -f "$CLIENT/build/p2p/session.js" ]; then
	echo "== building the client (npm ci, tsc)"
	(cd "$CLIENT" && nice -n 10 npm ci --ignore-scripts --no-audit --no-fund &&
	 nice -n 10 ./node_modules/.bin/tsc -p tsconfig.build.json &&
	 cd src && find . \( -name '*.proto' -o -name '*.crt' \) -exec cp --parents {} ../build/ \;)
fi

NS="eu-cli eu-sta eu-rtr"
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	sleep 0.3
	for n in $NS; do ip netns del "$n" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

netup() {
	for n in $NS; do ip netns del "$n" 2>/dev/null || true; ip netns add "$n"; ip -n "$n" link set lo up; done
	ip -n eu-rtr link add br0 type bridge
	ip -n eu-rtr addr add 10.88.0.1/24 dev br0
	ip -n eu-rtr link set br0 up
	for side in cli:10.88.0.10 sta:10.88.0.20; do
		n=${side%%:*} a=${side#*:}
		ip link add ${n}0 netns eu-$n type veth peer name r${n}0 netns eu-rtr
		ip -n eu-rtr link set r${n}0 master br0 up
		ip -n eu-$n addr add $a/24 brd 10.88.0.255 dev ${n}0
		ip -n eu-$n link set ${n}0 up
		ip -n eu-$n route add 10.89.0.0/24 via 10.88.0.1
	done
	for a in 10.89.0.1 10.89.0.2 10.89.0.3 10.89.0.9; do ip -n eu-rtr addr add $a/32 dev lo; done
	# no default route anywhere: check it
	for n in $NS; do
		if ip -n "$n" route show default | grep -q .; then echo "$0: default route in $n" >&2; exit 1; fi
	done
}

bg() {  # bg NETNS LOGFILE CMD...: start in the background, remember the pid
	n=$1 logf=$2; shift 2
	ip netns exec "$n" "$@" >"$logf" 2>&1 &
	PIDS="$PIDS $!"
}

LOGS=${LOGDIR:-/tmp/eufy-capture-logs}
mkdir -p "$LOGS"
for sc in $SCENARIOS; do
	echo "== scenario $sc"
	netup
	PIDS=""
	pcap="$HERE/eufy-$sc.pcap"
	bg eu-cli "$LOGS/$sc-tcpdump.log" tcpdump -i cli0 -n -U -w "$pcap" udp
	bg eu-sta "$LOGS/$sc-station.log" python3 -u "$HERE/peer.py" station --scenario "$sc"
	bg eu-rtr "$LOGS/$sc-cloud.log" python3 -u "$HERE/peer.py" cloud --scenario "$sc"
	bg eu-rtr "$LOGS/$sc-relay.log" python3 -u "$HERE/peer.py" relay --scenario "$sc"
	sleep 1.5
	rc=0
	ip netns exec eu-cli node "$HERE/drive.js" "$CLIENT" "$sc" >"$LOGS/$sc-client.log" 2>&1 || rc=$?
	sleep 1
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	PIDS=""
	grep '^\[drive' "$LOGS/$sc-client.log" || true
	[ $rc = 0 ] || { echo "$0: client run failed ($rc), see $LOGS/$sc-client.log" >&2; exit 1; }
	echo "$(basename "$pcap"): $(tcpdump -r "$pcap" -n 2>/dev/null | wc -l) packets"
done
