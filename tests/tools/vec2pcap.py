#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Turn recogniser test vectors into a pcap, one UDP packet per vector.

usage: vec2pcap.py [--ipv6] [--src IP] [--dst IP] [--link TYPE]
                   [--only-positive] OUT.pcap FILE.vec...

Vector files (tests/vectors/*.vec): '#' starts a comment, blank lines are
skipped, every other line is one UDP payload with what the recognisers must
say about it. Whitespace-separated fields, in this order:

    PROTO KIND SPORT DPORT HEX...

PROTO/KIND are names as `p2pfence proto list` prints them (or '-' / 'none'
for "must not match"), SPORT/DPORT decimal, HEX the payload (may be split
into several tokens; '.', '-' or nothing for an empty payload). This is
the format tests/unit/test_vectors.c reads. Fields may also
be given as key=value (proto= kind= sport= dport= dir= hex=) in any order;
dir=in sends that packet from --dst to --src (toward the device).

The pcap is Ethernet (or --link: vlan, sll, sll2, raw), from --src (default
192.168.1.10 or fd00::10) to --dst (default 198.51.100.10 or
2001:db8:100::10), with correct IP and UDP checksums, and timestamps one
millisecond apart from a fixed start so the output is reproducible.
"""
import argparse
import ipaddress
import re
import struct
import sys

LINKTYPES = {"ether": 1, "vlan": 1, "sll": 113, "sll2": 276, "raw": 101}
SRC_MAC = bytes.fromhex("020000000010")
DST_MAC = bytes.fromhex("020000000001")
HEX_RE = re.compile(r"^(?:0x)?([0-9a-fA-F]{2})+$")


class VecError(Exception):
    pass


def parse_line(line):
    """Returns a dict (proto, kind, sport, dport, dir, payload) or None."""
    line = line.split("#", 1)[0].strip()
    if not line:
        return None
    vec = {"proto": None, "kind": None, "dir": None}
    positional = []
    hex_parts = []
    for tok in line.split():
        if "=" in tok:
            key, val = tok.split("=", 1)
            key = key.lower()
            if key in ("proto", "expect"):
                vec["proto"] = val
            elif key == "kind":
                vec["kind"] = val
            elif key in ("sport", "dport"):
                vec[key] = int(val, 0)
            elif key == "port":
                vec["sport"] = vec["dport"] = int(val, 0)
            elif key == "dir":
                vec["dir"] = val
            elif key in ("hex", "payload", "data"):
                hex_parts.append(val)
            else:
                raise VecError("unknown field '%s'" % key)
        elif len(positional) < 4:
            positional.append(tok)
        else:
            hex_parts.append(tok)
    names = ("proto", "kind", "sport", "dport")
    for name, tok in zip(names, positional):
        vec[name] = int(tok, 0) if name in ("sport", "dport") else tok
    for name in ("sport", "dport"):
        if name not in vec:
            raise VecError("no %s" % name)
        if not 0 <= vec[name] <= 65535:
            raise VecError("%s %d out of range" % (name, vec[name]))
    data = "".join(p for p in hex_parts if p not in ("-", "."))
    if data.startswith("0x"):
        data = data[2:]
    if data and not HEX_RE.match(data):
        raise VecError("payload is not hex")
    vec["payload"] = bytes.fromhex(data)
    for name in ("proto", "kind"):
        if vec[name] in ("-", "none", "null"):
            vec[name] = None
    return vec


def read_vectors(paths):
    vecs = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                try:
                    v = parse_line(line)
                except (VecError, ValueError) as e:
                    raise SystemExit("vec2pcap: %s:%d: %s" % (path, n, e))
                if v:
                    v["where"] = "%s:%d" % (path, n)
                    vecs.append(v)
    return vecs


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def udp_datagram(src, dst, sport, dport, payload):
    length = 8 + len(payload)
    if src.version == 4:
        pseudo = src.packed + dst.packed + struct.pack("!BBH", 0, 17, length)
    else:
        pseudo = src.packed + dst.packed + struct.pack("!IxxxB", length, 17)
    hdr = struct.pack("!HHHH", sport, dport, length, 0)
    c = csum(pseudo + hdr + payload) or 0xFFFF
    return struct.pack("!HHHH", sport, dport, length, c) + payload


def ip_packet(src, dst, udp, ident):
    if src.version == 4:
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), ident & 0xFFFF,
                          0x4000, 64, 17, 0, src.packed, dst.packed)
        hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
        return hdr + udp
    hdr = struct.pack("!IHBB16s16s", 0x60000000, len(udp), 17, 64, src.packed, dst.packed)
    return hdr + udp


def frame(link, ip, version):
    etype = 0x0800 if version == 4 else 0x86DD
    if link == "ether":
        return DST_MAC + SRC_MAC + struct.pack("!H", etype) + ip
    if link == "vlan":
        return DST_MAC + SRC_MAC + struct.pack("!HHH", 0x8100, 42, etype) + ip
    if link == "sll":   # packet type 4: sent by us
        return struct.pack("!HHH", 4, 1, 6) + SRC_MAC + b"\0\0" + struct.pack("!H", etype) + ip
    if link == "sll2":
        return (struct.pack("!HHIHBB", etype, 0, 2, 1, 4, 6) + SRC_MAC + b"\0\0" + ip)
    return ip


def pcap_bytes(link, packets):
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, LINKTYPES[link])]
    for i, data in enumerate(packets):
        sec, usec = 1700000000 + i // 1000, (i % 1000) * 1000
        out.append(struct.pack("<IIII", sec, usec, len(data), len(data)) + data)
    return b"".join(out)


def udp_frame(link, src, dst, sport, dport, payload, ident=1):
    """One complete frame carrying a UDP datagram from src to dst."""
    udp = udp_datagram(src, dst, sport, dport, payload)
    return frame(link, ip_packet(src, dst, udp, ident), src.version)


def write_pcap(out, link, packets):
    with open(out, "wb") as f:
        f.write(pcap_bytes(link, packets))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ipv6", action="store_true")
    ap.add_argument("--src")
    ap.add_argument("--dst")
    ap.add_argument("--link", choices=sorted(LINKTYPES), default="ether")
    ap.add_argument("--only-positive", action="store_true",
                    help="keep only vectors that must match a protocol")
    ap.add_argument("out")
    ap.add_argument("vec", nargs="+")
    a = ap.parse_args()
    src = ipaddress.ip_address(a.src or ("fd00::10" if a.ipv6 else "192.168.1.10"))
    dst = ipaddress.ip_address(a.dst or ("2001:db8:100::10" if a.ipv6 else "198.51.100.10"))
    if src.version != dst.version:
        raise SystemExit("vec2pcap: --src and --dst are not the same IP version")
    packets = []
    for i, v in enumerate(read_vectors(a.vec)):
        if a.only_positive and not v["proto"]:
            continue
        if len(v["payload"]) > 65507:
            raise SystemExit("vec2pcap: %s: payload too long" % v["where"])
        # dir=in: the packet comes to the device (--src) instead of from it.
        s, d = (dst, src) if v["dir"] == "in" else (src, dst)
        packets.append(udp_frame(a.link, s, d, v["sport"], v["dport"],
                                 v["payload"], i + 1))
    write_pcap(a.out, a.link, packets)
    return 0


if __name__ == "__main__":
    sys.exit(main())
