#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes the captures tests/check.d/29-test-tools.sh feeds to udpreplay.

usage: mkcases.py OUTDIR

Good captures (each holds the datagrams listed in OUTDIR/expect, one line
per file: NAME COUNT PAYLOAD-HEX...) in every link type and file format
udpreplay reads, plus frames it must skip (non-UDP, fragments, truncated
captures); and damaged files it must refuse with a message (bad-*.pcap).
"""
import os
import struct
import sys

PAYLOADS = [b"alpha", b"", b"x" * 1400, bytes(range(256))]


def udp(sport, dport, pl):
    return struct.pack("!HHHH", sport, dport, 8 + len(pl), 0) + pl


def ip4(l4, proto=17, frag=0):
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), 1, frag, 64,
                       proto, 0, bytes([192, 168, 1, 2]),
                       bytes([198, 51, 100, 10])) + l4


def ip6(l4, hbh=False):
    nxt = 17
    if hbh:     # hop-by-hop options header (8 bytes of padding) before UDP
        l4 = bytes([17, 0, 1, 4, 0, 0, 0, 0]) + l4
        nxt = 0
    return struct.pack("!IHBB16s16s", 6 << 28, len(l4), nxt, 64,
                       bytes.fromhex("fd000001" + "0" * 22 + "02"),
                       bytes.fromhex("20010db80100" + "0" * 18 + "10")) + l4


def eth(l3, etype, vlan=False):
    hdr = bytes.fromhex("020000000101020000000102")
    if vlan:
        hdr += struct.pack("!HH", 0x8100, 7)
    return hdr + struct.pack("!H", etype) + l3


def sll(l3, etype):
    return struct.pack("!HHH8sH", 0, 1, 6, b"\2\0\0\0\1\2\0\0", etype) + l3


def classic(path, linktype, frames, swap=False):
    e = ">" if swap else "<"
    with open(path, "wb") as f:
        f.write(struct.pack(e + "IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535,
                            linktype))
        for i, fr in enumerate(frames):
            f.write(struct.pack(e + "IIII", i, 0, len(fr), len(fr)) + fr)


def ng_block(btype, body):
    body += b"\0" * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack("<II", btype, n) + body + struct.pack("<I", n)


def pcapng(path, linktype, frames):
    with open(path, "wb") as f:
        f.write(ng_block(0x0a0d0d0a, struct.pack("<IHHq", 0x1a2b3c4d, 1, 0, -1)))
        f.write(ng_block(1, struct.pack("<HHI", linktype, 0, 65535)))
        f.write(ng_block(4, b"\1\0\4\0\x7f\0\0\1x\0\0\0\0\0\0\0"))  # NRB: skipped
        for fr in frames:
            f.write(ng_block(6, struct.pack("<IIIII", 0, 0, 0, len(fr), len(fr)) + fr))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    u = [udp(41000 + i, 5000, p) for i, p in enumerate(PAYLOADS)]
    skip4 = [ip4(b"\0" * 8, proto=6),                 # TCP
             ip4(u[0], frag=0x2000),                  # first fragment (MF)
             ip4(u[0], frag=5)]                       # later fragment
    trunc = eth(ip4(u[2]), 0x0800)[:100]              # capture cut short
    good = {
        "eth4": (1, [eth(ip4(x), 0x0800) for x in u] +
                 [eth(x, 0x0800) for x in skip4] + [trunc]),
        "eth6-vlan": (1, [eth(ip6(x, hbh=True), 0x86dd, vlan=True) for x in u]),
        "raw": (101, [ip4(x) for x in u[:2]] + [ip6(x) for x in u[2:]]),
        "sll": (113, [sll(ip4(x), 0x0800) for x in u]),
    }
    expect = []
    for name, (lt, frames) in good.items():
        classic(os.path.join(out, name + ".pcap"), lt, frames)
        expect.append((name + ".pcap", PAYLOADS))
    classic(os.path.join(out, "swapped.pcap"), 1,
            [eth(ip4(x), 0x0800) for x in u], swap=True)
    expect.append(("swapped.pcap", PAYLOADS))
    pcapng(os.path.join(out, "ng.pcapng"), 1, [eth(ip4(x), 0x0800) for x in u])
    expect.append(("ng.pcapng", PAYLOADS))
    with open(os.path.join(out, "expect"), "w") as f:
        for name, pls in expect:
            f.write("%s %d %s\n" % (name, len(pls),
                                    " ".join(p.hex() or "-" for p in pls)))

    # More distinct source ports than udpreplay keeps sockets open for.
    classic(os.path.join(out, "many-ports.pcap"), 101,
            [ip4(udp(20000 + i, 9, b"m")) for i in range(1500)])

    whole = open(os.path.join(out, "eth4.pcap"), "rb").read()
    bad = {
        "empty": b"",
        "garbage": b"this is not a capture at all, just text\n" * 4,
        "short-header": whole[:10],
        "cut-record": whole[:24 + 16 + 20],
        "huge-record": whole[:24] + struct.pack("<IIII", 0, 0, 0x7fffffff, 60),
        "linktype": whole[:20] + struct.pack("<I", 147) + whole[24:],
        "ng-badlen": open(os.path.join(out, "ng.pcapng"), "rb").read()[:28] +
        struct.pack("<II", 6, 13) + b"\0" * 16,
        "ng-noidb": ng_block(0x0a0d0d0a, struct.pack("<IHHq", 0x1a2b3c4d, 1, 0, -1)) +
        ng_block(6, struct.pack("<IIIII", 0, 0, 0, 4, 4) + b"abcd"),
    }
    for name, data in bad.items():
        with open(os.path.join(out, "bad-%s.pcap" % name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
