#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Seed corpora for the fuzz harnesses, from the recogniser test vectors.

usage: make-seeds.py VECTOR_DIR CORPUS_DIR

fuzz_classify: ports, direction byte, payload (one file per vector).
fuzz_decode:   link-type selector byte, then a frame (Ethernet, VLAN, SLL,
               SLL2, raw; IPv4 and IPv6), for the first vectors of each file.
fuzz_pcap:     one small pcap per vector file and link type, plus the broken
               captures of tests/tools/pcapcases.py.
Files are named by content hash, as libFuzzer names its own.
"""
import glob
import hashlib
import ipaddress
import os
import struct
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import pcapcases  # noqa: E402
import vec2pcap  # noqa: E402

# Selector byte values for fuzz_decode.c's linktypes[] order.
DECODE_SEL = {"ether": 0, "vlan": 0, "sll": 1, "sll2": 2, "raw": 3}
V4 = (ipaddress.ip_address("192.168.1.10"), ipaddress.ip_address("198.51.100.10"))
V6 = (ipaddress.ip_address("fd00::10"), ipaddress.ip_address("2001:db8:100::10"))


def save(directory, data):
    os.makedirs(directory, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def main():
    vec_dir, corpus = sys.argv[1], sys.argv[2]
    files = sorted(glob.glob(os.path.join(vec_dir, "*.vec")))
    for path in files:
        vecs = vec2pcap.read_vectors([path])
        for i, v in enumerate(vecs):
            save(os.path.join(corpus, "fuzz_classify"),
                 struct.pack("!HHB", v["sport"], v["dport"], 1) + v["payload"])
            if i >= 3:      # the payloads are in fuzz_classify; a few frames suffice
                continue
            for link in ("ether", "vlan", "sll", "sll2", "raw"):
                for src, dst in (V4, V6):
                    fr = vec2pcap.udp_frame(link, src, dst, v["sport"], v["dport"], v["payload"])
                    save(os.path.join(corpus, "fuzz_decode"), bytes([DECODE_SEL[link]]) + fr)
        for link in sorted(vec2pcap.LINKTYPES):
            frames = [vec2pcap.udp_frame(link, V4[0], V4[1], v["sport"], v["dport"],
                                         v["payload"], n + 1) for n, v in enumerate(vecs[:8])]
            save(os.path.join(corpus, "fuzz_pcap"), vec2pcap.pcap_bytes(link, frames))
    with tempfile.TemporaryDirectory() as tmp:
        sys.argv = ["pcapcases.py", tmp]
        pcapcases.main()
        for name in sorted(os.listdir(tmp)):
            with open(os.path.join(tmp, name), "rb") as f:
                data = f.read()
            if data:
                save(os.path.join(corpus, "fuzz_pcap"), data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
