#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Regenerates the TUTK/Kalay IOTC captures in this directory: go2rtc's own
# TUTK client (pkg/tutk, driven through its Xiaomi "legacy" source,
# pkg/xiaomi/legacy), built unchanged with Debian's Go, talks to our stand-in
# camera and lookup server (peer.py) in two network namespaces joined by a
# veth pair. Nothing leaves the machine: the namespaces have no default route
# and only 10.77.0.0/24 addresses.
#
#   capture.sh /path/to/go2rtc-checkout [/path/to/cuboai-checkout]   (as root, Debian 12)
#
# The optional second checkout is niruse/cuboai (a pure-Python TUTK LAN client
# for CuboAI cameras, pinned at $PIN_CUBO below); its CLI
# custom_components/cuboai/tutk/cuboai_validate.py is run unchanged with
# python3 against our stand-in camera peer_cuboai.py.
#
# The checkout must be at the pinned commit below (a plain clone of
# AlexxIT/go2rtc, `git checkout $PIN`). Its go.mod asks for Go 1.24 and module
# downloads; neither is used: the build runs in GOPATH mode, on Debian's Go
# 1.23 and Debian's packaged Go libraries, and only the packages the TUTK
# client needs are compiled.
#
# Debian packages (bookworm + bookworm-backports for the Go toolchain):
#   golang-1.23-go golang-github-pion-rtp-dev golang-github-pion-sdp-dev
#   golang-golang-x-crypto-dev tcpdump iproute2 python3
set -euo pipefail

PIN=dc1685e9cf7a8c349181f20a1b4a44825ed394c5
PIN_CUBO=93cc73a76988297512baaff965929f40ad5b4192
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=${1:?usage: capture.sh /path/to/go2rtc-checkout}
SRC=$(cd "$SRC" && pwd)
CUBO=${2:-}
UID_=P2PFENCETESTUID00001
NS_C=tutk-cli
NS_P=tutk-peer

[ "$(id -u)" = 0 ] || { echo "capture.sh: run as root" >&2; exit 1; }
head=$(git -C "$SRC" rev-parse HEAD)
[ "$head" = "$PIN" ] || { echo "capture.sh: $SRC is at $head, want $PIN" >&2; exit 1; }
git -C "$SRC" diff --quiet HEAD || { echo "capture.sh: $SRC has local changes" >&2; exit 1; }
if [ -n "$CUBO" ]; then
	CUBO=$(cd "$CUBO" && pwd)
	head=$(git -C "$CUBO" rev-parse HEAD)
	[ "$head" = "$PIN_CUBO" ] || { echo "capture.sh: $CUBO is at $head, want $PIN_CUBO" >&2; exit 1; }
	git -C "$CUBO" diff --quiet HEAD -- custom_components/cuboai/tutk ||
		{ echo "capture.sh: $CUBO has local changes" >&2; exit 1; }
fi

GO=
for v in 1.24 1.23 1.22; do
	[ -x /usr/lib/go-$v/bin/go ] && { GO=/usr/lib/go-$v/bin/go; break; }
done
missing=
for d in /usr/share/gocode/src/github.com/pion/rtp /usr/share/gocode/src/github.com/pion/sdp \
	/usr/share/gocode/src/golang.org/x/crypto/chacha20; do
	[ -d "$d" ] || missing=1
done
command -v tcpdump >/dev/null || missing=1
if [ -z "$GO" ] || [ -n "$missing" ]; then
	echo "capture.sh: needs: apt-get install -t bookworm-backports golang-1.23-go;" \
		"apt-get install golang-github-pion-rtp-dev golang-github-pion-sdp-dev" \
		"golang-golang-x-crypto-dev tcpdump iproute2" >&2
	exit 1
fi

WORK=$(mktemp -d /tmp/tutk-capture.XXXXXX)
cleanup() {
	for pid in $(jobs -p); do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	ip netns del $NS_C 2>/dev/null || true
	ip netns del $NS_P 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

# --- build: GOPATH mode, the checkout linked in under its import path
mkdir -p "$WORK/gopath/src/github.com/AlexxIT" "$WORK/gopath/src/p2pfence-tutk-driver"
ln -s "$SRC" "$WORK/gopath/src/github.com/AlexxIT/go2rtc"
cp "$HERE/driver/main.go" "$WORK/gopath/src/p2pfence-tutk-driver/"
(
	cd "$WORK/gopath/src/p2pfence-tutk-driver"
	GO111MODULE=off GOPATH="$WORK/gopath:/usr/share/gocode" GOCACHE="$WORK/gocache" \
		GOPROXY=off GOFLAGS= nice -n 10 "$GO" build -o "$WORK/driver" .
)
echo "built go2rtc $PIN TUTK client with $($GO version)"

# --- namespaces
ip netns del $NS_C 2>/dev/null || true
ip netns del $NS_P 2>/dev/null || true
ip netns add $NS_C
ip netns add $NS_P
ip link add tc0 netns $NS_C type veth peer name tp0 netns $NS_P
ip -n $NS_C addr add 10.77.0.1/24 dev tc0
ip -n $NS_P addr add 10.77.0.2/24 dev tp0   # the camera
ip -n $NS_P addr add 10.77.0.3/24 dev tp0   # the lookup server
for ns in $NS_C $NS_P; do
	ip -n $ns link set lo up
done
ip -n $NS_C link set tc0 up
ip -n $NS_P link set tp0 up
sleep 1   # let the veth come up (and IPv6 DAD settle: udp filter keeps it out anyway)

wait_port() {   # ns port
	for _ in $(seq 50); do
		ip netns exec "$1" ss -Hlun "sport = :$2" | grep -q . && return 0
		sleep 0.1
	done
	echo "capture.sh: nothing listens on $2 in $1" >&2
	return 1
}

# run NAME URL DEVICE_PORT VERSION [server]
run() {
	local name=$1 url=$2 dport=$3 ver=$4 server=${5:-}
	local pcap=$HERE/$name.pcap
	echo "== $name"
	ip netns exec $NS_C tcpdump -Z root -i tc0 -w "$pcap" -U udp 2>"$WORK/$name.tcpdump" &
	local tpid=$!
	ip netns exec $NS_P python3 "$HERE/peer.py" device --bind 10.77.0.2 --port "$dport" \
		--version "$ver" --seconds 15 >"$WORK/$name.device" 2>&1 &
	local dpid=$! spid=
	wait_port $NS_P "$dport"
	if [ -n "$server" ]; then
		ip netns exec $NS_P python3 "$HERE/peer.py" server --bind 10.77.0.3 --port 10001 \
			--device "10.77.0.2:$dport" --seconds 15 >"$WORK/$name.server" 2>&1 &
		spid=$!
		wait_port $NS_P 10001
	fi
	sleep 1   # tcpdump is listening by now
	ip netns exec $NS_C timeout 30 "$WORK/driver" "$url" 3 | tee "$WORK/$name.client"
	sleep 1
	kill "$dpid" ${spid:+"$spid"} 2>/dev/null || true
	wait "$dpid" ${spid:+"$spid"} 2>/dev/null || true
	kill -INT "$tpid"
	wait "$tpid" || true
	sed -n 's/^/  device: /p' "$WORK/$name.device" | grep -v '0427 len 24\|09000b00 len 52' || true
	[ -z "$server" ] || sed -n 's/^/  server: /p' "$WORK/$name.server"
	grep -q '^start ended: EOF' "$WORK/$name.client" || { echo "capture.sh: $name: client did not finish" >&2; exit 1; }
}

# 1. LAN direct connect to the camera (UDP 32761), old session format (SDK
#    header version 0x12 < 25: go2rtc's Session16).
run go2rtc-direct-s16 "tutk://10.77.0.2?uid=$UID_&model=chuangmi.camera.v2&password=p2pfence" \
	32761 0x12

# 2. Through a lookup server on UDP 10001 (go2rtc's "remote" path), then the
#    punch to the camera's reported address and the newer session format
#    (version 0x19: Session25).
run go2rtc-remote-s25 "tutk://10.77.0.3:10001?uid=$UID_&model=chuangmi.camera.v2&password=p2pfence" \
	41234 0x19 server

# 3. niruse/cuboai's pure-Python client: LAN search, AV connect on 40
#    channels, keepalive, one IO-control command (night light on), close.
if [ -n "$CUBO" ]; then
	name=cuboai-lan
	echo "== $name"
	ip netns exec $NS_C tcpdump -Z root -i tc0 -w "$HERE/$name.pcap" -U udp 2>"$WORK/$name.tcpdump" &
	tpid=$!
	ip netns exec $NS_P python3 "$HERE/peer_cuboai.py" --bind 10.77.0.2 --seconds 30 \
		>"$WORK/$name.device" 2>&1 &
	dpid=$!
	wait_port $NS_P 39099
	sleep 1
	(cd "$CUBO/custom_components/cuboai/tutk" &&
		ip netns exec $NS_C timeout 60 python3 cuboai_validate.py --uid "$UID_" \
			--account test@example.org --password p2pfence --camera-ip 10.77.0.2 \
			--no-status --night-light on) | tee "$WORK/$name.client"
	sleep 1
	kill "$dpid" 2>/dev/null || true
	wait "$dpid" 2>/dev/null || true
	kill -INT "$tpid"
	wait "$tpid" || true
	grep -v '598 cmd 0407' "$WORK/$name.device" | sed 's/^/  device: /'
	grep -q 'Done' "$WORK/$name.client" || { echo "capture.sh: $name: client did not finish" >&2; exit 1; }
fi

ls -l "$HERE"/*.pcap
