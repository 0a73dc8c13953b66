#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Regenerate a9-v720-fake-server.pcap: intx82/a9-v720's fake Naxclow cloud
# server (`a9_naxclow.py -s`), run unchanged, registers our stand-in V720
# camera (peer.py) over TCP 6123, and when asked for a snapshot over its
# HTTP API (by this script, with curl, in the server's namespace) runs
# the camera's UDP side: UDP request/answer, data-channel probes, video
# frame, heartbeat, retransmission confirms.
#
#   capture.sh CHECKOUT      # a git checkout of intx82/a9-v720 at the pin
#
# Runs as root on Debian 12. Needs: iproute2 tcpdump curl python3 and the
# project's imports from Debian: python3-opencv python3-numpy python3-pil
# python3-tqdm python3-netifaces (its requirements.txt pins PyPI versions,
# which are not reachable here; Debian's serve the server mode). Everything
# stays on one veth pair between two private namespaces (server 10.13.6.1,
# stand-in camera 10.13.6.2) with no route off the machine.
set -eu

PIN=a0ccf58b5f49362d0b4917ebb031de8164b24a71
UID_=0800c0p2pf01

HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
NS=cnxS SIP=10.13.6.1
NC=cnxC CIP=10.13.6.2

. "$HERE/../lib.sh"
pinned_checkout "$@"

cleanup_on_exit $NS $NC
veth_pair $NS $NC cnx0 cnx1 $SIP $CIP

LOGDIR=$(mktemp -d /tmp/capture-naxclow.XXXXXX)
echo "logs in $LOGDIR"
CAP=$HERE/a9-v720-fake-server.pcap
rm -f "$CAP"
ip netns exec $NC tcpdump -i cnx1 -w "$CAP" -U udp 2>/dev/null &
TCPDUMP=$!
PIDS="$PIDS $TCPDUMP"
sleep 1
# -s: the fake server (TCP and UDP 6123, HTTP on --proxy-port); -v: debug
# log. It runs until killed: timeout ends it.
(cd "$SRC/src" && exec ip netns exec $NS timeout 20 $PY a9_naxclow.py -s -v \
	--proxy-port 8080) >"$LOGDIR/server.log" 2>&1 &
SERVER=$!
PIDS="$PIDS $SERVER"
sleep 2
ip netns exec $NC $PY "$HERE/peer.py" $SIP $UID_ 15 2>"$LOGDIR/camera.log" &
PIDS="$PIDS $!"
sleep 1
ip netns exec $NS curl -s --max-time 8 -o "$LOGDIR/snapshot.jpg" \
	-w '%{http_code} %{size_download}\n' \
	"http://127.0.0.1:8080/dev/$UID_/snapshot" >"$LOGDIR/curl.log" 2>&1 || true
sleep 1
kill $SERVER 2>/dev/null || true
sleep 0.5
kill -INT $TCPDUMP 2>/dev/null || true
wait $TCPDUMP 2>/dev/null || true
echo "wrote $CAP"
