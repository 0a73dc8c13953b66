#!/bin/bash
# Recogniser vectors and de-obfuscation self-tests (tests/unit/test_vectors.c)
# under ASan+UBSan: every tests/vectors/*.vec line is one test case, and
# every prefix of every vector is classified from an exact-size heap copy.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/unit.sh
unit_test test_vectors recognisers tests/vectors
