#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Which protocol the module counts each dropped datagram of a capture
under, for the datapath VM test's per-protocol checks.

usage: p2pfence -j classify PCAP | protoexpect.py NAME >>EXPECT

The camera (one MAC-tagged device, block mode, fan-out off, flows flushed
first) replays NAME once per address family, IPv4 then IPv6, each to one
remote address. The module (kmod/enforce.c) counts a datagram on a
remembered flow under the protocol that opened the flow (the remote
endpoint first, then the punched local port, which holds for any remote
and family), and any other recognised datagram under its own protocol;
the latter remembers its remote endpoint, and its local port when its
kind punches (classify/p2p_policy.h). Prints "NAME FAMILIES PROTO N"
for FAMILIES 4, 6 and 46.
"""
import collections
import json
import sys


def port(endpoint):
    return int(endpoint.rsplit(":", 1)[1])


def expect(frames, families):
    counts = collections.Counter()
    remote, lport = {}, {}
    for fam in families:
        for f in frames:
            key = (fam, port(f["dst"]))
            sport = port(f["src"])
            if key in remote:
                counts[remote[key]] += 1
            elif sport in lport:
                counts[lport[sport]] += 1
            else:
                counts[f["proto"]] += 1
                remote[key] = f["proto"]
                if f["kind"] == "punch":
                    lport[sport] = f["proto"]
    return counts


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    frames = json.load(sys.stdin)
    if any(not f.get("proto") for f in frames):
        sys.exit("protoexpect: a datagram no recogniser claims")
    for families in ("4", "6", "46"):
        for proto, n in sorted(expect(frames, families).items()):
            print(sys.argv[1], families, proto, n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
