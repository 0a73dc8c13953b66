#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""`make compare`: detection beside nDPI's ndpiReader, flow by flow.

usage: compare.py P2PFENCE [--markdown]

Reads the real-client captures (tests/corpus/real/*/expect: FILE FAMILY
CLIENT_IP, and the kinds, which it does not use) and the benign corpus (tests/corpus/benign/*.pcap). A flow is
one UDP conversation (both directions of an address and port pair). For
the real clients, a flow counts when the client sent at least one packet
on it; p2pfence detects it when `classify` (flow memory on, as the module
would judge it) claims one of the client's packets on it, nDPI when
ndpiReader (DPI only: -d, no guess by port) names any protocol for it.
For the benign corpus, every flow a tool names as P2P is a false
detection: for p2pfence any claimed packet, for nDPI a protocol in
NDPI_P2P below (NAT traversal and P2P camera protocols); its correct
names of DNS, NTP and the like are not counted against it.
Prints one row per family and one for the benign corpus; exits 1 when a
tool cannot be run or a capture cannot be read.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NDPI_P2P = ("stun", "turn", "tutk", "pppp", "cs2", "ilnk", "eufy", "reolink",
            "dahua", "xmeye", "tuya", "iotc", "kalay", "p2p")


def ep_key(a, b):
    return tuple(sorted((a, b)))


def split_ep(s):
    if s.startswith("["):
        i = s.index("]")
        return s[1:i], s[i + 2:]
    h, p = s.rsplit(":", 1)
    return h, p


def ours(bin_, pcap):
    out = subprocess.run([bin_, "-j", "classify", pcap], capture_output=True,
                         text=True, check=False)
    if out.returncode:
        sys.exit("compare: p2pfence classify %s: %s" % (pcap, out.stderr.strip()))
    return json.loads(out.stdout)


def ndpi(pcap):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "flows.csv")
        r = subprocess.run(["ndpiReader", "-d", "-q", "-i", pcap, "-C", path],
                           capture_output=True, text=True, check=False)
        if r.returncode or not os.path.exists(path):
            sys.exit("compare: ndpiReader %s: %s" % (pcap, r.stderr.strip()[-200:]))
        with open(path) as f:
            rows = list(csv.DictReader(f))
    flows = {}
    for row in rows:
        a = "%s:%s" % (row["src_ip"], row["src_port"])
        b = "%s:%s" % (row["dst_ip"], row["dst_port"])
        name = row.get("ndpi_proto") or row.get("protocol") or "Unknown"
        flows[ep_key(split_ep(a), split_ep(b))] = name
    return flows


def known(name):
    return name and not name.lower().startswith("unknown")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__.split("\n\n")[1])
    bin_ = sys.argv[1]
    rows = {}
    for fam_dir in sorted(os.listdir(os.path.join(TOP, "tests/corpus/real"))):
        exp = os.path.join(TOP, "tests/corpus/real", fam_dir, "expect")
        if not os.path.isfile(exp):
            continue
        for line in open(exp):
            f = line.split()
            if len(f) < 3 or f[0].startswith("#"):
                continue
            pcap = os.path.join(os.path.dirname(exp), f[0])
            clients = f[2].split(",")
            flows = {}
            for o in ours(bin_, pcap):
                s, d = split_ep(o["src"]), split_ep(o["dst"])
                k = ep_key(s, d)
                e = flows.setdefault(k, {"client": False, "ours": False})
                if s[0] in clients:
                    e["client"] = True
                    e["ours"] |= o["proto"] is not None or o["flow"]
            theirs = ndpi(pcap)
            r = rows.setdefault(fam_dir, {"captures": 0, "flows": 0, "ours": 0,
                                          "ndpi": 0, "names": set()})
            r["captures"] += 1
            for k, e in flows.items():
                if not e["client"]:
                    continue
                r["flows"] += 1
                r["ours"] += e["ours"]
                name = theirs.get(k, "Unknown")
                if known(name):
                    r["ndpi"] += 1
                    r["names"].add(name)
    benign = {"flows": 0, "ours": 0, "ndpi": 0, "names": set()}
    bdir = os.path.join(TOP, "tests/corpus/benign")
    for name in sorted(os.listdir(bdir)):
        if not name.endswith(".pcap"):
            continue
        pcap = os.path.join(bdir, name)
        flows = {}
        for o in ours(bin_, pcap):
            k = ep_key(split_ep(o["src"]), split_ep(o["dst"]))
            flows[k] = flows.get(k, False) or o["proto"] is not None or o["flow"]
        theirs = ndpi(pcap)
        benign["flows"] += len(flows)
        benign["ours"] += sum(flows.values())
        for k in flows:
            n = theirs.get(k, "")
            if known(n) and any(p in n.lower() for p in NDPI_P2P):
                benign["ndpi"] += 1
                benign["names"].add(n)
    ver = subprocess.run(["ndpiReader", "-h"], capture_output=True, text=True,
                         check=False).stdout.split("\n")[0].strip()
    ver = ver.replace("Welcome to ", "")
    print("Flows of the real clients (tests/corpus/real) and of the benign corpus;")
    print("p2pfence classify (flow memory on) beside %s ndpiReader -d (DPI only)." % ver)
    print()
    print("| family | captures | client flows | p2pfence detected | nDPI detected | nDPI named them |")
    print("|---|---:|---:|---:|---:|---|")
    for fam, r in sorted(rows.items()):
        print("| %s | %d | %d | %d | %d | %s |" % (fam, r["captures"], r["flows"], r["ours"],
                                                r["ndpi"], ", ".join(sorted(r["names"])) or "-"))
    print("| benign corpus (false detections) | %d files | %d | %d | %d | %s |" % (
        len([n for n in os.listdir(bdir) if n.endswith(".pcap")]), benign["flows"],
        benign["ours"], benign["ndpi"], ", ".join(sorted(benign["names"])) or "-"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
