#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Regenerate cam-reverse-vstd.pcap: DavidVentura/cam-reverse (an iLnkP2P
# client, TypeScript on node), run unchanged, finds, logs in to and
# starts the video of a stand-in iLnkP2P camera whose device ID has a
# Shenzhen Yunni / VStarcam prefix and check code (VSTD-123456-ABCDE). The
# stand-in is the PPPP family's, ../pppp/peer_camera.py (ours).
#
#   capture.sh CHECKOUT      # a git checkout of DavidVentura/cam-reverse at the pin
#
# The checkout is built with npm ci + npm run build when dist/bin.cjs is
# missing. Runs as root on Debian 12. Needs: iproute2 tcpdump python3
# nodejs npm. Everything stays on one veth pair between two private
# network namespaces (client 10.13.5.1, stand-in camera 10.13.5.2) with no
# route off the machine.
set -eu

PIN=b81b1202601de99ac2465bfb1b7fa401279e4bf7
DID=VSTD-123456-ABCDE

HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
NC=cilC CIP=10.13.5.1
ND=cilD DIP=10.13.5.2

. "$HERE/../lib.sh"
# Its build output (dist/, node_modules/) is not a change to the client.
UNCHANGED_PATHS=". :!dist :!node_modules"
pinned_checkout "$@"
if [ ! -f "$SRC/dist/bin.cjs" ]; then
	(cd "$SRC" && nice -n 10 npm ci --no-audit --no-fund && nice -n 10 npm run build)
fi

cleanup_on_exit $NC $ND
veth_pair $NC $ND cil0 cil1 $CIP $DIP

LOGDIR=$(mktemp -d /tmp/capture-ilnk.XXXXXX)
echo "logs in $LOGDIR"
CAP=$HERE/cam-reverse-vstd.pcap
rm -f "$CAP"
ip netns exec $ND tcpdump -i cil1 -w "$CAP" -U udp 2>/dev/null &
TCPDUMP=$!
PIDS="$PIDS $TCPDUMP"
sleep 1
ip netns exec $ND $PY "$HERE/../pppp/peer_camera.py" --client camrev --did $DID \
	--alive-after 0.3 --quiet 1.5 2>"$LOGDIR/camera.log" &
CAMERA=$!
PIDS="$PIDS $CAMERA"
sleep 0.5
# "frame": LAN search to the given address, session, login, video start;
# it exits once one whole frame has arrived.
ip netns exec $NC timeout 30 node "$SRC/dist/bin.cjs" frame \
	--discovery_ip $DIP --out "$LOGDIR/frame.jpg" --log_level trace \
	>"$LOGDIR/client.log" 2>&1 || echo "client exit $?" >&2
kill $CAMERA 2>/dev/null || true
sleep 0.5
kill -INT $TCPDUMP 2>/dev/null || true
wait $TCPDUMP 2>/dev/null || true
echo "wrote $CAP"
