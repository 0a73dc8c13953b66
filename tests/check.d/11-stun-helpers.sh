#!/bin/bash
# STUN helper unit tests (tests/unit/test_stun_helpers.c) under ASan+UBSan:
# the ChannelData check kept for flow memory and the attribute walk.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/unit.sh
unit_test test_stun_helpers stun-helpers
