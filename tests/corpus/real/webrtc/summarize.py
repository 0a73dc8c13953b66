#!/usr/bin/python3
"""Lists every UDP packet of a capture in this directory with what it is on the
wire (STUN method/class, TURN ChannelData and what it carries, DTLS record and
handshake type) next to what `p2pfence -j classify` says of it, then counts
the client's packets per type and verdict.  Python 3 stdlib only; pcap
(microsecond, Ethernet or raw IPv4) as written by tcpdump.

usage: summarize.py FILE.pcap CLIENT_IP [P2PFENCE] [-q]
"""
import collections
import json
import struct
import subprocess
import sys

METHODS = {1: "Binding", 3: "Allocate", 4: "Refresh", 6: "Send", 7: "Data",
           8: "CreatePermission", 9: "ChannelBind"}
CLASSES = {0: "request", 1: "indication", 2: "success", 3: "error"}
CONTENT = {20: "ChangeCipherSpec", 21: "Alert", 22: "Handshake", 23: "ApplicationData"}
HANDSHAKE = {1: "ClientHello", 2: "ServerHello", 3: "HelloVerifyRequest", 4: "NewSessionTicket",
             11: "Certificate", 12: "ServerKeyExchange", 13: "CertificateRequest",
             14: "ServerHelloDone", 15: "CertificateVerify", 16: "ClientKeyExchange",
             20: "Finished"}


def attrs(p):
    i = 20
    while i + 4 <= len(p):
        t, n = struct.unpack("!HH", p[i:i + 4])
        yield t, p[i + 4:i + 4 + n]
        i += 4 + ((n + 3) & ~3)


def what(p):
    if len(p) >= 20 and p[0] < 4 and p[4:8] == b"\x21\x12\xa4\x42":
        t = struct.unpack("!H", p[:2])[0]
        m = (t & 0xF) | ((t >> 1) & 0x70) | ((t >> 2) & 0xF80)
        c = ((t >> 4) & 1) | ((t >> 7) & 2)
        s = "STUN %s %s" % (METHODS.get(m, hex(m)), CLASSES[c])
        a = dict(attrs(p))
        if m == 1 and 0x0006 in a:
            s += " ICE-check" + (" USE-CANDIDATE" if 0x0025 in a else "")
        if 0x000D in a:
            s += " LIFETIME=%d" % struct.unpack("!I", a[0x000D])[0]
        if 0x0009 in a:
            s += " error=%d" % (a[0x0009][2] * 100 + a[0x0009][3])
        if 0x0013 in a:
            s += " [%s]" % what(a[0x0013])
        return s
    if len(p) >= 4 and 0x40 <= p[0] <= 0x7F:
        ch, n = struct.unpack("!HH", p[:4])
        return "ChannelData 0x%04x [%s]" % (ch, what(p[4:4 + n]))
    if len(p) >= 13 and p[0] in CONTENT and p[1] == 0xFE:
        s = "DTLS " + CONTENT[p[0]]
        epoch = struct.unpack("!H", p[3:5])[0]
        if p[0] == 22:
            s += " " + (HANDSHAKE.get(p[13], str(p[13])) if epoch == 0 else "(encrypted: Finished)")
        return s
    return "unknown"


def main():
    a = [x for x in sys.argv[1:] if x != "-q"]
    f, client = a[0], a[1]
    tool = a[2] if len(a) > 2 else "p2pfence"
    verdict = {d["frame"]: d for d in json.loads(
        subprocess.check_output([tool, "-j", "classify", f]))}
    data = open(f, "rb").read()
    linktype = struct.unpack("<I", data[20:24])[0]
    off, frame, rows = 24, 0, []
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack("<IIII", data[off:off + 16])
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        frame += 1
        ip = pkt[14:] if linktype == 1 else pkt
        hl = (ip[0] & 15) * 4
        src = ".".join(map(str, ip[12:16]))
        dst = ".".join(map(str, ip[16:20]))
        sp, dp = struct.unpack("!HH", ip[hl:hl + 4])
        pl = ip[hl + 8:]
        v = verdict.get(frame, {})
        rows.append((frame, "%s:%d" % (src, sp), "%s:%d" % (dst, dp), len(pl), what(pl),
                     "%s/%s" % (v.get("proto") or "-", v.get("kind") or "-"), src == client,
                     pl[:24].hex()))
    if "-q" not in sys.argv:
        for r in rows:
            print("%4d %s %-21s > %-21s %4d  %-58s %s  %s" % (
                r[0], "C" if r[6] else " ", r[1], r[2], r[3], r[4], r[5], r[7]))
    mine = [r for r in rows if r[6]]
    ok = sum(1 for r in mine if r[5] != "-/-")
    print("%s: %d packets, %d from the client %s, %d of them recognised" % (
        f, len(rows), len(mine), client, ok))
    per = collections.Counter()
    for r in mine:
        k = r[4].split(" LIFETIME")[0].split(" error")[0].replace(" USE-CANDIDATE", "")
        if k.startswith("ChannelData"):
            k = "ChannelData [" + k.split("[", 1)[1]
        per[(k, r[5])] += 1
    for (k, v), n in sorted(per.items()):
        print("  %4d  %-52s %s" % (n, k, v))


if __name__ == "__main__":
    main()
