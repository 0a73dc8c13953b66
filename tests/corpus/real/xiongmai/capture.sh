#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Regenerate python-dvr-xm.pcap: OpenIPC/python-dvr's DeviceManager.py, run
# unchanged, searches the LAN for Xiongmai devices and sets the network
# configuration of the one our stand-in (peer.py) answers as.
#
#   capture.sh CHECKOUT      # a git checkout of OpenIPC/python-dvr at the pin
#
# Runs as root on Debian 12. Needs: iproute2 tcpdump python3 (Debian's
# /usr/bin/python3, standard library only; without python3-tk the tool
# runs in its command-line mode). Everything stays on one veth pair
# between two private network namespaces (client 10.13.2.1, stand-in
# device 10.13.2.2) with no route off the machine; the only extra route
# is the limited broadcast 255.255.255.255 onto that veth, where both
# sides send.
set -eu

PIN=7f4af290821422ce075b7e503344748b84d9f59a

HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
# The client's namespace and address, the stand-in device's, its MAC.
NC=cxmC CIP=10.13.2.1
ND=cxmD DIP=10.13.2.2 MAC=00:12:31:ab:cd:ef

. "$HERE/../lib.sh"
pinned_checkout "$@"

cleanup_on_exit $NC $ND
veth_pair $NC $ND cxm0 cxm1 $CIP $DIP
ip -n $NC route add 255.255.255.255/32 dev cxm0
ip -n $ND route add 255.255.255.255/32 dev cxm1

LOGDIR=$(mktemp -d /tmp/capture-xm.XXXXXX)
echo "logs in $LOGDIR"
CAP=$HERE/python-dvr-xm.pcap
rm -f "$CAP"
ip netns exec $ND tcpdump -i cxm1 -w "$CAP" -U udp 2>/dev/null &
TCPDUMP=$!
PIDS="$PIDS $TCPDUMP"
sleep 1
ip netns exec $ND $PY "$HERE/peer.py" $MAC $DIP 15 2>"$LOGDIR/device.log" &
PIDS="$PIDS $!"
sleep 0.5
# -q: quiet, command-line mode; "search xm" (message 1530, answered by
# 1531), then "config MAC IP MASK GATE PASSWORD USER" (1532, answered by
# 1533). The tool then waits at its prompt: stdin is empty, so it ends.
(cd "$LOGDIR" && ip netns exec $NC timeout 20 $PY "$SRC/DeviceManager.py" -q -n \
	"search xm;config $MAC $DIP 255.255.255.0 10.13.2.254 secret admin" \
	</dev/null >"$LOGDIR/client.log" 2>&1) || echo "client exit $?" >&2
sleep 0.5
kill -INT $TCPDUMP 2>/dev/null || true
wait $TCPDUMP 2>/dev/null || true
echo "wrote $CAP"
