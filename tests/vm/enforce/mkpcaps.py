#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Builds the captures the enforcement VM tests replay, from the vectors.

usage: mkpcaps.py OUTDIR FILE.vec...

Writes into OUTDIR (udpreplay sends payloads to its -d address, so the
addresses inside do not matter; source and destination ports do):
  hs-PROTO.pcap    handshakes of PROTO that policy acts on: vectors that
                   must match PROTO with a non-LAN kind, not marked dir=in
  lan-PROTO.pcap   LAN discovery vectors of PROTO (never dropped)
  negative.pcap    vectors that must match nothing
  prefixes.pcap    every strict prefix of every handshake, and garbage
  punch.pcap       one hole-punch handshake (kind punch)
  opaque-punch.pcap   opaque datagrams from the punch's source port
  opaque-remote.pcap  opaque datagrams to the first handshake's port
  flood.pcap       FLOOD_FLOWS copies of one handshake to distinct ports
  fanout.pcap      opaque datagrams from one port to 6 remote ports
  manifest         lines "hs PROTO N", "lan PROTO N", "negative N",
                   "punch PROTO SPORT DPORT", "remote PROTO DPORT"
"""
import ipaddress
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools"))
import vec2pcap  # noqa: E402

LAN_KINDS = ("lan_search", "lan_announce", "lan-search", "lan-announce")
SRC = ipaddress.ip_address("192.168.1.10")
DST = ipaddress.ip_address("198.51.100.10")
FLOOD_FLOWS = 2000
OPAQUE = 5


def frames(vecs):
    return [vec2pcap.udp_frame("ether", SRC, DST, v["sport"], v["dport"],
                               v["payload"], i + 1)
            for i, v in enumerate(vecs)]


def opaque(sport, dport, n):
    """Payloads no recogniser claims: ASCII text without any magic."""
    return [{"sport": sport, "dport": dport,
             "payload": b"opaque session bytes %04d ...." % i}
            for i in range(n)]


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    vecs = [v for v in vec2pcap.read_vectors(sys.argv[2:]) if v["payload"]]
    hs, lan, neg = {}, {}, []
    for v in vecs:
        if not v["proto"]:
            neg.append(v)
        elif (v["kind"] or "").lower() in LAN_KINDS:
            lan.setdefault(v["proto"], []).append(v)
        elif (v["dir"] or "").lower() != "in":
            hs.setdefault(v["proto"], []).append(v)
    manifest = []
    for proto, vs in sorted(hs.items()):
        vec2pcap.write_pcap(os.path.join(out, "hs-%s.pcap" % proto), "ether",
                            frames(vs))
        manifest.append("hs %s %d" % (proto, len(vs)))
    for proto, vs in sorted(lan.items()):
        vec2pcap.write_pcap(os.path.join(out, "lan-%s.pcap" % proto), "ether",
                            frames(vs))
        manifest.append("lan %s %d" % (proto, len(vs)))
    vec2pcap.write_pcap(os.path.join(out, "negative.pcap"), "ether", frames(neg))
    manifest.append("negative %d" % len(neg))

    rnd = random.Random(1)
    cuts = []
    for vs in hs.values():
        for v in vs:
            for n in range(1, len(v["payload"])):
                cuts.append(dict(v, payload=v["payload"][:n]))
    for n in range(1, 200):
        cuts.append({"sport": rnd.randrange(1024, 65536),
                     "dport": rnd.randrange(1, 65536),
                     "payload": bytes(rnd.randrange(256) for _ in range(n))})
    vec2pcap.write_pcap(os.path.join(out, "prefixes.pcap"), "ether", frames(cuts))

    punches = [v for vs in hs.values() for v in vs
               if (v["kind"] or "").lower() == "punch" and v["sport"] >= 1024]
    if punches:
        p = punches[0]
        vec2pcap.write_pcap(os.path.join(out, "punch.pcap"), "ether", frames([p]))
        # Same local port, another remote port: only the port key can tell.
        other = 40000 if p["dport"] != 40000 else 40001
        vec2pcap.write_pcap(os.path.join(out, "opaque-punch.pcap"), "ether",
                            frames(opaque(p["sport"], other, OPAQUE)))
        manifest.append("punch %s %d %d" % (p["proto"], p["sport"], p["dport"]))
    # PPPP recognises any port, so its handshake survives new ports; not
    # a punch: that would remember the local port and hide later flows.
    cands = [v for _, vs in sorted(hs.items(), key=lambda kv: kv[0] != "pppp")
             for v in vs if (v["kind"] or "").lower() != "punch"]
    first = cands[0] if cands else None
    if first:
        # Another local port, the handshake's remote: the remote key.
        sport = 41000 if first["sport"] != 41000 else 41001
        vec2pcap.write_pcap(os.path.join(out, "opaque-remote.pcap"), "ether",
                            frames(opaque(sport, first["dport"], OPAQUE)))
        vec2pcap.write_pcap(os.path.join(out, "remote-hs.pcap"), "ether",
                            frames([first]))
        manifest.append("remote %s %d" % (first["proto"], first["dport"]))
        flood = [dict(first, dport=10000 + i) for i in range(FLOOD_FLOWS)]
        vec2pcap.write_pcap(os.path.join(out, "flood.pcap"), "ether", frames(flood))
        manifest.append("flood %s %d" % (first["proto"], FLOOD_FLOWS))
    # One local port to many remote ports: the fan-out heuristic's case.
    fan = [dict(o, dport=43000 + i) for i, o in enumerate(opaque(42000, 0, 6))]
    vec2pcap.write_pcap(os.path.join(out, "fanout.pcap"), "ether", frames(fan))
    manifest.append("fanout %d" % len(fan))
    with open(os.path.join(out, "manifest"), "w", encoding="ascii") as f:
        f.write("\n".join(manifest) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
