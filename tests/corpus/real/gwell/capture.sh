#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Regenerate wyze-p2p.pcap: the GWell/IoTVideo P2P client of
# wlatic/hacky-wyze-gwell (Go, wyze-p2p/pkg/gwell), run unchanged through
# our driver (driver/main.go: one Session, Run, a time limit), against our
# stand-in P2P server (peer.py), toward a camera LAN address where nothing
# answers.
#
#   capture.sh CHECKOUT      # a git checkout of wlatic/hacky-wyze-gwell at the pin
#
# Runs as root on Debian 12. Needs: iproute2 tcpdump python3 and Go >= 1.21
# (golang-1.21-go or newer from bookworm-backports; the package has no
# dependency outside Go's standard library). Built offline in GOPATH mode.
# Everything stays on one veth pair between two private namespaces: the
# client 10.13.7.1, the stand-in server 10.13.7.2:51702 and the camera's
# LAN address 10.13.7.3, all with no route off the machine.
set -eu

PIN=9c1b99f8b6e4e4aea17a19a3cd7d2d169dda6e45
ACCESS_ID=4611686018427387905
# 64 token bytes (the last 16 are its RC5 key) and 80 bytes of extra token
# data (base64), both made up: the client only needs their shape.
TOKEN=$(printf '%0128x' 0 | sed 's/^0\{32\}/0123456789abcdeffedcba9876543210/')$(head -c 80 /dev/zero | tr '\0' 'P' | base64 -w0)

HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
NC=cgwC CIP=10.13.7.1
NS=cgwS SIP=10.13.7.2 CAMIP=10.13.7.3

. "$HERE/../lib.sh"
pinned_checkout "$@"
GO=
for v in 1.23 1.22 1.21; do
	[ -x /usr/lib/go-$v/bin/go ] && { GO=/usr/lib/go-$v/bin/go; break; }
done
[ -n "$GO" ] || die "no Go >= 1.21: apt-get install -t bookworm-backports golang-1.21-go"

WORK=$(mktemp -d /tmp/capture-gwell.XXXXXX)
echo "logs in $WORK"
mkdir -p "$WORK/gopath/src/github.com/wlatic/wyze-gwell-bridge" "$WORK/gopath/src/p2pfence-gwell-driver"
ln -s "$SRC/wyze-p2p" "$WORK/gopath/src/github.com/wlatic/wyze-gwell-bridge/wyze-p2p"
cp "$HERE/driver/main.go" "$WORK/gopath/src/p2pfence-gwell-driver/"
(
	cd "$WORK/gopath/src/p2pfence-gwell-driver"
	GO111MODULE=off GOPATH="$WORK/gopath" GOCACHE="$WORK/gocache" GOPROXY=off GOFLAGS= \
		nice -n 10 "$GO" build -o "$WORK/driver" .
)
echo "built the wyze-p2p client at $PIN with $($GO version)"

cleanup_on_exit $NC $NS
veth_pair $NC $NS cgw0 cgw1 $CIP $SIP
ip -n $NS addr add $CAMIP/24 dev cgw1

CAP=$HERE/wyze-p2p.pcap
rm -f "$CAP"
ip netns exec $NS tcpdump -i cgw1 -w "$CAP" -U udp 2>/dev/null &
TCPDUMP=$!
PIDS="$PIDS $TCPDUMP"
sleep 1
ip netns exec $NS $PY "$HERE/peer.py" $SIP 51702 45 2>"$WORK/server.log" &
PIDS="$PIDS $!"
sleep 0.5
ip netns exec $NC timeout 60 "$WORK/driver" $SIP:51702 $CAMIP $ACCESS_ID "$TOKEN" 35 \
	>"$WORK/client.log" 2>&1 || echo "client exit $?" >&2
sleep 0.5
kill -INT $TCPDUMP 2>/dev/null || true
wait $TCPDUMP 2>/dev/null || true
echo "wrote $CAP"
