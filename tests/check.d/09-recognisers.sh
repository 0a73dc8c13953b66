#!/bin/bash
# Recogniser vectors and de-obfuscation self-tests (tests/unit/test_vectors.c)
# under ASan+UBSan: every tests/vectors/*.vec line is one test case, and
# every prefix of every vector is classified from an exact-size heap copy.
# Every handshake vector over P2PF_FRAG_FIRST_MIN bytes is classified as
# each first IP fragment it can be cut to, and the negative vectors and the
# packets 10-benign.sh judges (the benign corpus and the same 20000 random
# payloads) are cut too: how many a cut makes claimed is printed.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/unit.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 tests/tools/randudp.py "$tmp/random-20000.pcap" 20000 7
unit_test test_vectors recognisers tests/vectors tests/corpus/benign/*.pcap \
	"$tmp/random-20000.pcap"
