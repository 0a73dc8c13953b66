#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Writes the odd and broken capture files that tests/check.d/12-classify-cli.sh
feeds to `p2pfence classify`, one file per case, into DIR.

usage: pcapcases.py DIR

Every frame here is built byte by byte on purpose (wrong lengths, cut
headers); the good frames come from vec2pcap.py so both agree on layout.
"""
import ipaddress
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vec2pcap  # noqa: E402

SRC4 = ipaddress.ip_address("192.168.1.10")
DST4 = ipaddress.ip_address("198.51.100.10")
SRC6 = ipaddress.ip_address("fd00::10")
DST6 = ipaddress.ip_address("2001:db8:100::10")
ETH = vec2pcap.DST_MAC + vec2pcap.SRC_MAC
PAYLOAD = bytes(range(32))


def good(payload=PAYLOAD, sport=5000, dport=6000):
    return vec2pcap.udp_frame("ether", SRC4, DST4, sport, dport, payload)


def record(data, caplen=None, wirelen=None, ts=0.0):
    caplen = len(data) if caplen is None else caplen
    wirelen = caplen if wirelen is None else wirelen
    sec, usec = 1700000000 + int(ts), round((ts - int(ts)) * 1e6)
    return struct.pack("<IIII", sec, usec, caplen, wirelen) + data


def header(linktype=1, snaplen=65535):
    return struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, linktype)


def ipv4(payload, proto=17, ihl=5, total=None, frag=0x4000, version=4):
    total = 4 * ihl + len(payload) if total is None else total
    opts = b"\x01" * (4 * ihl - 20) if ihl >= 5 else b""
    return struct.pack("!BBHHHBBH4s4s", version << 4 | (ihl & 15), 0, total & 0xFFFF, 7,
                       frag, 64, proto, 0, SRC4.packed, DST4.packed) + opts + payload


def ipv6(payload, nh=17, plen=None):
    plen = len(payload) if plen is None else plen
    return struct.pack("!IHBB16s16s", 0x60000000, plen, nh, 64, SRC6.packed, DST6.packed) + payload


def udp(payload, sport=5000, dport=6000, length=None):
    length = 8 + len(payload) if length is None else length
    return struct.pack("!HHHH", sport, dport, length, 0) + payload


def eth(l3, etype=0x0800):
    return ETH + struct.pack("!H", etype) + l3


# Each malformed frame, in order (frame numbers are 1-based in the file).
BAD_FRAMES = [
    ("IPv4 IHL 4", eth(ipv4(udp(PAYLOAD), ihl=4))),
    ("IPv4 IHL 15 past the frame", eth(ipv4(udp(b"x"), ihl=5)[:0] + struct.pack("!B", 0x4F) + ipv4(udp(b"x"))[1:])),
    ("IPv4 total length below IHL", eth(ipv4(udp(PAYLOAD), total=12))),
    ("IPv4 total length 0", eth(ipv4(udp(PAYLOAD), total=0))),
    ("IPv4 version 5", eth(ipv4(udp(PAYLOAD), version=5))),
    ("UDP length 4", eth(ipv4(udp(PAYLOAD, length=4)))),
    ("UDP length past IP", eth(ipv4(udp(PAYLOAD, length=500)))),
    ("IPv4 header cut", eth(ipv4(udp(PAYLOAD))[:12])),
    ("UDP header cut", eth(ipv4(udp(PAYLOAD))[:24])),
    ("IPv6 payload length 0", eth(ipv6(udp(PAYLOAD), plen=0), 0x86DD)),
    ("IPv6 header cut", eth(ipv6(udp(PAYLOAD))[:30], 0x86DD)),
    ("IPv6 ext header past payload", eth(ipv6(bytes([17, 200]) + b"\0" * 6 + udp(PAYLOAD), nh=0), 0x86DD)),
    ("VLAN tag cut", ETH + b"\x81\x00\x00"),
    ("Ethernet header cut", ETH[:10]),
]


def fragments():
    body = udp(PAYLOAD * 4, 7000, 7001)            # 136 bytes of UDP
    first, rest = body[:64], body[64:]
    f4a = eth(ipv4(first, frag=0x2000))            # MF, offset 0
    f4b = eth(ipv4(rest, frag=64 // 8))            # offset 64, last
    frag_hdr = lambda off, more: struct.pack("!BBHI", 17, 0, off | more, 0x1234)
    f6a = eth(ipv6(frag_hdr(0, 1) + first, nh=44), 0x86DD)
    f6b = eth(ipv6(frag_hdr(64, 0) + rest, nh=44), 0x86DD)
    return [f4a, f4b, f6a, f6b]


def ipv6_ext():
    hbh = bytes([60, 0]) + b"\x01\x04\0\0\0\0"                     # -> dest opts, 8 bytes
    dst = bytes([17, 1]) + b"\x01\x0c" + b"\0" * 12                # -> UDP, 16 bytes
    return eth(ipv6(hbh + dst + udp(PAYLOAD, 5353, 6363), nh=0), 0x86DD)


def others():
    tcp = eth(ipv4(b"\0" * 20, proto=6))
    icmp = eth(ipv4(b"\x08\0\0\0\0\0\0\0", proto=1))
    arp = ETH + b"\x08\x06" + b"\0" * 28
    return [tcp, icmp, arp]


def pcapng(frames):
    """A minimal pcapng: section header, one Ethernet interface, EPBs."""
    shb = struct.pack("<IIIHHq", 0x0A0D0D0A, 28, 0x1A2B3C4D, 1, 0, -1) + struct.pack("<I", 28)
    idb = struct.pack("<IIHHII", 1, 20, 1, 0, 0, 20)
    out = [shb, idb]
    for f in frames:
        pad = f + b"\0" * (-len(f) % 4)
        total = 32 + len(pad)
        out.append(struct.pack("<IIIIIII", 6, total, 0, 0, 0, len(f), len(f)) + pad +
                   struct.pack("<I", total))
    return b"".join(out)


# flows.pcap: the flow memory's rules (classify/p2p_policy.h), one frame
# each: (seconds, src, dst, sport, dport, payload, on a flow with no --lan).
# --lan default makes frame 9 (toward 192.168.1.20) pass as LAN traffic.
OPAQUE = bytes.fromhex("00112233445566778899")
STUN_BINDING = bytes.fromhex("000100002112a442") + bytes(range(12))
P2P_REQ = bytes.fromhex("f120002445555052414b4d000000303958515452570000000002429c3201a8c00000000000000000")
LAN_SEARCH = bytes.fromhex("f1300000")
WAN = [ipaddress.ip_address("198.51.100.%d" % i) for i in range(10)]
LAN_PEER = ipaddress.ip_address("192.168.1.20")
WAN6 = ipaddress.ip_address("2001:db8:100::1")
FLOW_FRAMES = [
    (0.0, SRC4, WAN[1], 40000, 32100, P2P_REQ, False),       # 1 lookup: remembers WAN1:32100
    (0.1, SRC4, WAN[1], 40000, 32100, OPAQUE, True),         # 2 same remote
    (0.2, SRC4, WAN[2], 40001, 5000, OPAQUE, False),         # 3 another remote
    (0.3, SRC4, WAN[3], 40002, 3478, STUN_BINDING, False),   # 4 punch: remote + local port
    (0.4, SRC4, WAN[4], 40002, 6000, OPAQUE, True),          # 5 punched local port
    (0.5, WAN[1], SRC4, 32100, 40000, OPAQUE, False),        # 6 the remote's own reply
    (200.0, SRC4, WAN[1], 40000, 32100, OPAQUE, False),      # 7 idle past 120 s
    (200.1, SRC4, LAN_PEER, 40005, 32108, LAN_SEARCH, False),  # 8 LAN search on the LAN
    (200.2, SRC4, LAN_PEER, 40006, 32108, OPAQUE, True),     # 9 (LAN with --lan default)
    (200.3, SRC4, WAN[9], 40007, 32108, LAN_SEARCH, False),  # 10 LAN search to the internet
    (200.4, SRC4, WAN[9], 40008, 32108, OPAQUE, True),       # 11 opened by it
    (200.5, SRC6, WAN6, 40009, 3478, STUN_BINDING, False),   # 12 IPv6 punch
    (200.6, SRC6, WAN6, 40010, 3478, OPAQUE, True),          # 13 same remote
]


def flows():
    return b"".join(record(vec2pcap.udp_frame("ether", src, dst, sp, dp, pl), ts=ts)
                    for ts, src, dst, sp, dp, pl, _ in FLOW_FRAMES)


# fanout.pcap: the fan-out heuristic's rule (classify/p2p_policy.h rule 4),
# one frame each: (seconds, dst, sport, dport, payload), all from SRC4.
# A port fires when its distinct remotes (address and port) in one 5 s
# window exceed the threshold: with the default 8, frame 10 (the 9th
# remote of port 41000) fires, and then 11 (its punched port) and 12 (its
# remote) are on the flow it opened. Threshold 9: frame 11 fires; 10:
# none. Port 41001 reaches 9 remotes only across two windows, port 41002
# only with the LAN peer (frame 30: not counted with --lan default), port
# 41003 only with a recognised lookup (frame 39: opens its own flow).
def fanout_frames():
    wan = [ipaddress.ip_address("198.51.100.%d" % i) for i in range(20, 40)]
    fr = [(0.0, wan[0], 41000, 7000, OPAQUE),
          (0.1, wan[1], 41000, 7000, OPAQUE),
          (0.2, wan[1], 41000, 7000, OPAQUE)]         # 3: the same remote again
    fr += [(0.3 + i / 10, wan[1], 41000, 7001 + i, OPAQUE) for i in range(7)]
    fr += [(1.0, wan[2], 41000, 7000, OPAQUE),         # 11: a 10th remote
           (1.1, wan[1], 42000, 7007, OPAQUE)]         # 12: frame 10's remote
    fr += [(10.0 + i / 10, wan[3 + i], 41001, 7000, OPAQUE) for i in range(8)]
    fr += [(15.5, wan[11], 41001, 7000, OPAQUE)]       # 21: a new window
    fr += [(20.0 + i / 10, wan[12], 41002, 7000 + i, OPAQUE) for i in range(8)]
    fr += [(21.0, LAN_PEER, 41002, 7000, OPAQUE)]      # 30: the LAN peer
    fr += [(30.0 + i / 10, wan[13], 41003, 7000 + i, OPAQUE) for i in range(8)]
    fr += [(31.0, wan[14], 41003, 32100, P2P_REQ)]     # 39: a lookup
    return fr


def fanout():
    return b"".join(record(vec2pcap.udp_frame("ether", SRC4, dst, sp, dp, pl), ts=ts)
                    for ts, dst, sp, dp, pl in fanout_frames())


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)

    def write(name, data):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)

    write("empty.pcap", b"")
    write("garbage.pcap", bytes((i * 37 + 11) & 0xFF for i in range(200)))
    write("header-only.pcap", header())
    goods = b"".join(record(good(sport=5000 + i)) for i in range(3))
    cut = record(good())[:40]
    write("truncated.pcap", header() + goods + cut)                       # frame 4 cut
    write("truncated-rechdr.pcap", header() + goods + record(good())[:8])  # record header cut
    write("huge-caplen.pcap", header() + goods + struct.pack("<IIII", 0, 0, 0x7FFFFFF0, 0x7FFFFFF0))
    write("linktype-80211.pcap", header(105) + record(b"\0" * 40))
    write("zero-length.pcap", header() + record(b"") + record(b"\x02") + record(ETH) + record(good()))
    write("bad-headers.pcap", header() + b"".join(record(f) for _, f in BAD_FRAMES) + record(good()))
    write("fragments.pcap", header() + b"".join(record(f) for f in fragments()))
    padded = eth(ipv4(udp(b"abcd")))
    write("padded.pcap", header() + record(padded + b"\0" * (60 - len(padded))))
    write("ipv6-ext.pcap", header() + record(ipv6_ext()))
    write("not-udp.pcap", header() + b"".join(record(f) for f in others()) + record(good()))
    write("pcapng.pcapng", pcapng([good(sport=5000), good(sport=5001)]))
    snap = good(PAYLOAD * 8)
    write("snaplen.pcap", header(snaplen=64) + record(snap[:64], wirelen=len(snap)))
    write("flows.pcap", header() + flows())
    write("fanout.pcap", header() + fanout())
    return 0


if __name__ == "__main__":
    sys.exit(main())
