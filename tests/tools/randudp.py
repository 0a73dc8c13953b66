#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Random-payload UDP with game / VoIP / video-like sizes, as a pcap.

usage: randudp.py OUT.pcap [COUNT [SEED]]     (defaults: 1000, 20261125)

Payload bytes are uniform random; sizes and destination ports follow a few
traffic profiles. The same COUNT and SEED always give the same file: the
benign corpus keeps one, tests/check.d/10-benign.sh makes a larger one.
"""
import ipaddress
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vec2pcap  # noqa: E402


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 20261125)
    src, dst = ipaddress.ip_address("10.77.0.1"), ipaddress.ip_address("10.77.0.2")
    profiles = [            # (dport, size)
        (16384, lambda: rng.choice([20, 33, 40, 60, 80, 160, 172])),   # VoIP, 20 ms frames
        (27015, lambda: rng.randint(24, 300)),                          # game ticks
        (7777, lambda: rng.randint(300, 1200)),                         # game state
        (50000, lambda: rng.randint(900, 1400)),                        # video
        (40000, lambda: rng.randint(1, 16)),                            # tiny
    ]
    frames = []
    for i in range(count):
        dport, size = profiles[i % len(profiles)]
        payload = rng.randbytes(size())
        sport = rng.randint(1024, 65535)
        frames.append(vec2pcap.udp_frame("ether", src, dst, sport, dport, payload, i))
    with open(out, "wb") as f:
        f.write(vec2pcap.pcap_bytes("ether", frames))
    return 0


if __name__ == "__main__":
    sys.exit(main())
