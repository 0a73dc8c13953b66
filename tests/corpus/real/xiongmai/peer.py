#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""A stand-in Xiongmai (XMEye / "Sofia") device for the LAN search and
network-configuration exchange of OpenIPC/python-dvr's DeviceManager.py:
UDP port 34569, a 20-byte little-endian header (0xFF, version, 2 bytes,
session, sequence, 2 bytes, message id, data length) then JSON.

  1530 search request   -> 1531 reply: this device's NetWork.NetCommon
  1532 set network      -> 1533 reply: {"Ret": 100}

Replies go to the limited broadcast address, as the devices do.
usage: peer.py MAC IP [SECONDS]
"""
import json
import socket
import struct
import sys
import time

PORT = 34569
HDR = "<BBHIIHHI"


def message(msg, body):
    data = json.dumps(body).encode() + b"\x0a\x00"
    return struct.pack(HDR, 0xFF, 1, 0, 0, 0, 0, msg, len(data)) + data


def hexip(ip):
    a, b, c, d = (int(x) for x in ip.split("."))
    return "0x%02X%02X%02X%02X" % (d, c, b, a)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    mac, ip = sys.argv[1], sys.argv[2]
    until = time.time() + (float(sys.argv[3]) if len(sys.argv) > 3 else 20)
    common = {"HostName": "IPC", "HostIP": hexip(ip), "Submask": "0x00FFFFFF",
              "GateWay": hexip(ip.rsplit(".", 1)[0] + ".254"), "MAC": mac,
              "TCPPort": 34567, "HttpPort": 80, "UDPPort": 34568,
              "SSLPort": 8443, "TCPMaxConn": 10, "MaxBps": 0,
              "MonMode": "TCP", "TransferPlan": "Quality",
              "UseHSDownLoad": False, "SN": "0123456789abcdef"}
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.bind(("", PORT))
    s.settimeout(0.2)
    while time.time() < until:
        try:
            data, peer = s.recvfrom(4096)
        except socket.timeout:
            continue
        if len(data) < 20 or data[0] != 0xFF or peer[0] == ip:
            continue
        msg = struct.unpack(HDR, data[:20])[6]
        if msg == 1530:
            reply = message(1531, {"NetWork.NetCommon": common, "Ret": 100})
        elif msg == 1532:
            reply = message(1533, {"Ret": 100, "SessionID": "0x00000000"})
        else:
            continue
        print("peer: %d from %s, reply %d" % (msg, peer[0], msg + 1), file=sys.stderr)
        s.sendto(reply, ("255.255.255.255", PORT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
