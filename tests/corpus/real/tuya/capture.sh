#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Regenerate tinytuya-scan.pcap: jasonacox/tinytuya's scanner
# (`python3 -m tinytuya scan`), run unchanged, listens for Tuya devices
# on UDP 6666/6667/7000 and broadcasts its REQ_DEVINFO search to UDP 7000
# every 6 s; our stand-in devices (peer.py) announce themselves as a 3.1
# and a 3.3 device, and a 3.5 one answers the search.
#
#   capture.sh CHECKOUT      # a git checkout of jasonacox/tinytuya at the pin
#
# Runs as root on Debian 12. Needs: iproute2 tcpdump python3
# python3-cryptography python3-colorama (Debian's packages; with no
# python3-requests tinytuya warns that its cloud functions are off);
# tinytuya itself runs from the checkout (PYTHONPATH), unchanged.
# Everything stays on one veth pair between two private namespaces
# (client 10.13.3.1, stand-in devices 10.13.3.2-4). Without psutil or
# netifaces the scanner broadcasts to 255.255.255.255 and learns its own
# address by connect()ing a UDP socket toward 8.8.8.8 port 80, which sends
# nothing: the client's namespace gets a default route onto the veth for
# that (the capture on the veth shows that nothing but broadcasts left).
set -eu

PIN=95bfbd88dfbf121871e50b7b0c96345846fe5d2f

HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
NC=cttC CIP=10.13.3.1
ND=cttD DIP=10.13.3.2 DIP33=10.13.3.3 DIP35=10.13.3.4

. "$HERE/../lib.sh"
pinned_checkout "$@"

cleanup_on_exit $NC $ND
veth_pair $NC $ND ctt0 ctt1 $CIP $DIP
ip -n $NC route add default dev ctt0
ip -n $ND addr add $DIP33/24 dev ctt1
ip -n $ND addr add $DIP35/24 dev ctt1
ip -n $NC route add 255.255.255.255/32 dev ctt0
ip -n $ND route add 255.255.255.255/32 dev ctt1

LOGDIR=$(mktemp -d /tmp/capture-tuya.XXXXXX)
echo "logs in $LOGDIR"
CAP=$HERE/tinytuya-scan.pcap
rm -f "$CAP"
ip netns exec $ND tcpdump -i ctt1 -w "$CAP" -U udp 2>/dev/null &
TCPDUMP=$!
PIDS="$PIDS $TCPDUMP"
sleep 1
ip netns exec $ND $PY "$HERE/peer.py" $DIP $DIP33 $DIP35 16 2>"$LOGDIR/device.log" &
PIDS="$PIDS $!"
sleep 0.5
# scan 14: listen 14 s, broadcasting REQ_DEVINFO at the start and every
# 6 s; -yes: no questions; -nocolor: plain output. No devices.json in the
# working directory, so it polls nothing (no keys) and saves a snapshot
# there.
(cd "$LOGDIR" && ip netns exec $NC env PYTHONPATH="$SRC" timeout 30 $PY -m tinytuya \
	scan -nocolor -yes 14 </dev/null >"$LOGDIR/client.log" 2>&1) || echo "client exit $?" >&2
sleep 1
kill -INT $TCPDUMP 2>/dev/null || true
wait $TCPDUMP 2>/dev/null || true
echo "wrote $CAP"
