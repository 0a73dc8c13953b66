#!/bin/sh
# Regenerates the WebRTC captures in this directory: two peers built on Debian 12's
# unchanged python3-aiortc 1.4.0-2 (over python3-aioice 0.8.0-1) and Debian's coturn
# 4.6.1-1 `turnserver` as STUN and TURN server, in three network namespaces joined by
# veth pairs, nothing leaves the machine:
#
#   wr-cam  10.13.1.2 --- 10.13.1.1  wr-inet  10.13.2.1 --- 10.13.2.2  wr-app
#   (camera, answerer)     turnserver on 10.13.0.1 (lo)     (viewer, offerer)
#
# The namespaces only know routes to 10.13.0.0/16; there is no default route.
# Capture point: the camera's own interface (wr-cam/cam0), so every packet in a pcap
# is to or from the camera (10.13.1.2).
#
#   direct.pcap  ICE over host/srflx candidates: STUN Binding to the server, ICE
#                connectivity checks, DTLS, SCTP data channel, consent checks, close.
#   relay.pcap   both peers relay-only (iceTransportPolicy "relay"): Allocate/401/
#                Allocate, ChannelBind, ICE checks, DTLS and SCTP in ChannelData,
#                consent checks, allocation Refresh and ChannelBind refresh after
#                500 s, close (Refresh lifetime 0).  Takes about 9 minutes.
#
# Second, independent stack for the camera's view: the npm package werift 0.25.2
# (TypeScript WebRTC: own ICE/TURN client, DTLS, SCTP), both peers, same scenario:
#
#   werift-direct.pcap, werift-relay.pcap  (iceTransportPolicy "relay" is a werift option)
#
# Usage (root, Debian 12):  sh capture.sh [WERIFT_DIR] [CASE...]
#   CASE: direct relay werift-direct werift-relay (default: all four)
#   WERIFT_DIR (default ../../../../build/werift): where werift is installed from the
#   pinned package-lock.json in werift/ (npm ci); the script checks the version.
# Needs Debian packages: python3-aiortc coturn tcpdump iproute2 nodejs npm
# The aiortc "checkout" is the Debian package; the script checks its version.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
WERIFT_DIR=$(realpath -m "${1:-$HERE/../../../../build/werift}")
[ $# -gt 0 ] && shift
CASES=${*:-direct relay werift-direct werift-relay}

need() { [ "$(dpkg-query -W -f '${Version}' "$1" 2>/dev/null)" = "$2" ] ||
	{ echo "need Debian package $1 at $2 (apt-get install $1)" >&2; exit 1; }; }
need python3-aiortc 1.4.0-2
need python3-aioice 0.8.0-1
need coturn 4.6.1-1
command -v tcpdump >/dev/null || { echo "need tcpdump" >&2; exit 1; }
case "$CASES" in *werift*)
	command -v npm >/dev/null || { echo "need nodejs and npm" >&2; exit 1; }
	if [ ! -f "$WERIFT_DIR/node_modules/werift/package.json" ]; then
		mkdir -p "$WERIFT_DIR"
		cp "$HERE/werift/package.json" "$HERE/werift/package-lock.json" "$WERIFT_DIR/"
		(cd "$WERIFT_DIR" && npm ci --no-audit --no-fund)
	fi
	v=$(node -p "require('$WERIFT_DIR/node_modules/werift/package.json').version")
	[ "$v" = 0.25.2 ] || { echo "werift in $WERIFT_DIR is $v, want 0.25.2" >&2; exit 1; }
esac

WORK=$(mktemp -d /tmp/wrcap.XXXXXX)
TSPID=""; TDPID=""
cleanup() {
	[ -n "$TDPID" ] && kill "$TDPID" 2>/dev/null || true
	[ -n "$TSPID" ] && kill "$TSPID" 2>/dev/null || true
	for n in wr-cam wr-app wr-inet; do ip netns del $n 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

cleanup
for n in wr-cam wr-app wr-inet; do
	ip netns add $n
	ip -n $n link set lo up
	ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec $n sysctl -qw net.ipv6.conf.default.disable_ipv6=1
done
ip link add cam0 netns wr-cam type veth peer name icam netns wr-inet
ip link add app0 netns wr-app type veth peer name iapp netns wr-inet
ip -n wr-cam addr add 10.13.1.2/24 dev cam0
ip -n wr-app addr add 10.13.2.2/24 dev app0
ip -n wr-inet addr add 10.13.1.1/24 dev icam
ip -n wr-inet addr add 10.13.2.1/24 dev iapp
ip -n wr-inet addr add 10.13.0.1/32 dev lo
for l in "wr-cam cam0" "wr-app app0" "wr-inet icam" "wr-inet iapp"; do
	set -- $l; ip -n $1 link set $2 up
done
ip netns exec wr-inet sysctl -qw net.ipv4.ip_forward=1
ip -n wr-cam route add 10.13.0.0/16 via 10.13.1.1
ip -n wr-app route add 10.13.0.0/16 via 10.13.2.1

# coturn: long-term credentials, UDP only.  It grants no allocation lifetime below its
# default 600 s, so aioice refreshes the allocation (and its channel binding) after 500 s:
# the relay case holds the session idle for RELAY_HOLD seconds (default 510) to show that.
ip netns exec wr-inet turnserver -n --listening-ip 10.13.0.1 --relay-ip 10.13.0.1 \
	-p 3478 --min-port 50000 --max-port 50099 -a -u camera:secret -u viewer:secret \
	-r p2pfence.test --no-tls --no-dtls --no-cli --no-tcp-relay \
	--log-file stdout >"$WORK/turnserver.log" 2>&1 &
TSPID=$!
sleep 1

run_case() { # name, driver, extra args for both peers
	name=$1; drv=$2; shift 2
	d="$WORK/$name"; mkdir -p "$d"
	ip netns exec wr-cam tcpdump -i cam0 -w "$HERE/$name.pcap" -U udp 2>"$d/tcpdump.err" &
	TDPID=$!
	sleep 1
	ip netns exec wr-cam $drv camera --dir "$d" --user camera "$@" \
		>"$d/camera.log" 2>&1 &
	cam=$!
	ip netns exec wr-app $drv app --dir "$d" --user viewer "$@" \
		>"$d/app.log" 2>&1 || true
	wait $cam || true
	sleep 1
	kill "$TDPID"; wait "$TDPID" 2>/dev/null || true; TDPID=""
	echo "== $name"; cat "$d/camera.log" "$d/app.log"
}

AIORTC="$PY $HERE/wrpeer.py"
WERIFT="env NODE_PATH=$WERIFT_DIR/node_modules node $HERE/wrpeer-werift.js"
for c in $CASES; do case $c in
direct) run_case direct "$AIORTC" --stun 10.13.0.1:3478 --turn 10.13.0.1:3478 --hold 12;;
relay) run_case relay "$AIORTC" --turn 10.13.0.1:3478 --policy relay \
	--hold "${RELAY_HOLD:-510}" --timeout 600;;
werift-direct) run_case werift-direct "$WERIFT" --stun 10.13.0.1:3478 \
	--turn 10.13.0.1:3478 --hold 12;;
werift-relay) run_case werift-relay "$WERIFT" --turn 10.13.0.1:3478 --policy relay \
	--hold 12;;
*) echo "unknown case $c" >&2; exit 1;;
esac; done
echo "work files (logs) in $WORK"
