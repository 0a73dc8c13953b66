#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Builds the captures the datapath VM tests replay (tests/vm/datapath/).

usage: mkpcaps.py OUTDIR FILE.vec...

Handshakes are the vectors' own (what the recognisers must claim, not
LAN kinds, not dir=in) plus large STUN/TURN messages built here from RFC
8489/8656 layouts, since the vectors hold none above 512 bytes:
  big-hs.pcap        handshakes longer than 512 bytes (and at most 1400, so
                     one fits a 1500-byte MTU unfragmented): PPPP DRW, TUTK
                     session data, Reolink, Naxclow from the vectors; a
                     Binding request padded with a PADDING attribute, TURN
                     Send and Data indications with 1 kB of DATA
  big-benign.pcap    datagrams of 600 to 1400 bytes no recogniser claims
  huge-hs.pcap       STUN/TURN messages of 2 kB, 3 kB and 65 kB (above any
                     MTU here; the last the largest UDP datagram there is)
  huge-benign.pcap   benign datagrams of 2 to 4 kB and 65 kB
  small-hs.pcap      every handshake of at most 1400 bytes (fragments test)
  train-hs.pcap      each small handshake 4 times in a row (one GSO send of 4
                     with udpreplay -G 4)
  train-mixed.pcap   per handshake: 3 benign datagrams of its length, then
                     it (a train whose last datagram is the handshake)
  train-benign.pcap  8 groups of 8 benign 1000-byte datagrams
  gro-hs.pcap        per family, its first handshake 8 times in a row (sent one
                     by one for the firewall's GRO to merge; 64 datagrams at
                     most, so that a burst fits veth's 256-packet ring)
  flow-turns.pcap    per family, one flow of its own (source port 45000 + i):
                     3 benign datagrams, then the family's first handshake
  ffMTU-NAME.pcap    NAME's datagrams as a bridge without br_netfilter shows
                     them to the module when they are fragmented at MTU (576
                     and 1500 for IPv4, 1280 for IPv6): the first fragment's
                     bytes, then zeros up to the datagram's real length
  manifest           "NAME COUNT" per pcap
The caller checks with `p2pfence classify` that every handshake is claimed
and no benign datagram is.
"""
import os
import random
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools"))
import vec2pcap  # noqa: E402

import ipaddress  # noqa: E402

LAN_KINDS = ("lan_search", "lan_announce", "lan-search", "lan-announce")
SRC = ipaddress.ip_address("192.168.1.10")
DST = ipaddress.ip_address("198.51.100.10")
COOKIE = 0x2112A442
MAXLEN = 1400


def stun(msg_type, attrs, rnd):
    body = b"".join(struct.pack("!HH", t, len(v)) + v +
                    b"\0" * (-len(v) % 4) for t, v in attrs)
    tid = bytes(rnd.randrange(256) for _ in range(12))
    return struct.pack("!HHI", msg_type, len(body), COOKIE) + tid + body


def xor_peer(rnd):
    port = rnd.randrange(1024, 65535) ^ (COOKIE >> 16)
    addr = bytes([203, 0, 113, rnd.randrange(1, 255)])
    xaddr = bytes(a ^ b for a, b in zip(addr, struct.pack("!I", COOKIE)))
    return struct.pack("!BBH", 0, 1, port) + xaddr


def built_stun(rnd):
    """Large STUN/TURN messages: sport, dport, payload."""
    data = bytes(rnd.randrange(256) for _ in range(1024))
    return [
        # Binding request padded to 1200 bytes (PADDING, RFC 5780).
        (40500, 3478, stun(0x0001, [(0x0026, b"\0" * 1176)], rnd)),
        # TURN Send indication: XOR-PEER-ADDRESS, DATA.
        (40501, 3478, stun(0x0016, [(0x0012, xor_peer(rnd)),
                                    (0x0013, data)], rnd)),
        # TURN Data indication, as a relay would echo it.
        (40502, 3478, stun(0x0017, [(0x0012, xor_peer(rnd)),
                                    (0x0013, data[:900])], rnd)),
    ]


def huge_stun(rnd):
    data = bytes(rnd.randrange(256) for _ in range(2400))
    # The largest a UDP datagram gets: 64 996 bytes of Send indication.
    most = bytes(rnd.randrange(256) for _ in range(64960))
    return [
        (40510, 3478, stun(0x0001, [(0x0026, b"\0" * 2976)], rnd)),
        (40511, 3478, stun(0x0016, [(0x0012, xor_peer(rnd)),
                                    (0x0013, data)], rnd)),
        (40512, 3478, stun(0x0016, [(0x0012, xor_peer(rnd)),
                                    (0x0013, most)], rnd)),
    ]


def benign(rnd, n):
    """Random bytes: the caller has classify confirm nothing claims them."""
    return bytes([0x17]) + bytes(rnd.randrange(256) for _ in range(n - 1))


def frames(items):
    return [vec2pcap.udp_frame("ether", SRC, DST, s, d, p, i + 1)
            for i, (s, d, p) in enumerate(items)]


# (MTU, capture) of the guest's fragment cases, and the UDP payload bytes
# the first fragment holds there: the IP payload rounded down to 8 bytes,
# less the UDP header (IPv6: less the fixed and Fragment headers first).
FIRST_FRAGMENTS = ((576, "big-hs"), (576, "big-benign"),
                   (1500, "huge-hs"), (1500, "huge-benign"),
                   (1280, "huge-hs"), (1280, "huge-benign"))


def first_fragment(mtu, items):
    hdr = 40 + 8 if mtu == 1280 else 20
    have = (mtu - hdr) // 8 * 8 - 8
    return [(s, d, p[:have] + bytes(len(p) - have) if len(p) > have else p)
            for s, d, p in items]


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(18)
    vecs = [v for v in vec2pcap.read_vectors(sys.argv[2:])
            if v["payload"] and v["proto"] and
            (v["kind"] or "").lower() not in LAN_KINDS and
            (v["dir"] or "").lower() != "in" and len(v["payload"]) <= MAXLEN]
    hs = [(v["sport"], v["dport"], v["payload"]) for v in vecs]
    first = {}
    for v in vecs:
        first.setdefault(v["proto"], v)
    turns = []
    for i, v in enumerate(sorted(first.values(), key=lambda v: v["proto"])):
        turns += [(45000 + i, v["dport"], benign(rnd, len(v["payload"])))
                  for _ in range(3)]
        turns.append((45000 + i, v["dport"], v["payload"]))
    gro = [(v["sport"], v["dport"], v["payload"])
           for v in sorted(first.values(), key=lambda v: v["proto"])
           for _ in range(8)]
    hs += built_stun(rnd)
    big = [h for h in hs if len(h[2]) > 512]
    ben = [(41000 + i, 41000 + i, benign(rnd, 600 + 100 * i))
           for i in range(9)]
    train = [h for h in hs for _ in range(4)]
    mixed = []
    for i, (s, d, p) in enumerate(hs):
        mixed += [(s, d, benign(rnd, len(p))) for _ in range(3)]
        mixed.append((s, d, p))
    tben = [(42000 + g, 42000 + g, benign(rnd, 1000))
            for g in range(8) for _ in range(8)]
    huge = huge_stun(rnd)
    hben = [(43000 + i, 43000 + i, benign(rnd, 2000 + 1000 * i))
            for i in range(3)] + [(43003, 43003, benign(rnd, 65000))]
    pcaps = {"big-hs": big, "big-benign": ben, "small-hs": hs,
             "huge-hs": huge, "huge-benign": hben,
             "train-hs": train, "train-mixed": mixed,
             "train-benign": tben, "flow-turns": turns, "gro-hs": gro}
    for mtu, name in FIRST_FRAGMENTS:
        pcaps["ff%d-%s" % (mtu, name)] = first_fragment(mtu, pcaps[name])
    with open(os.path.join(out, "manifest"), "w") as m:
        for name, items in pcaps.items():
            vec2pcap.write_pcap(os.path.join(out, name + ".pcap"), "ether",
                                frames(items))
            m.write("%s %d\n" % (name, len(items)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
