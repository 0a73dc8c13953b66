# SPDX-License-Identifier: GPL-2.0
# The C flags of every userspace build, in one place: the CLI (Makefile
# here), the test tools (tests/tools), the unit tests (tests/unit), the
# fuzz harnesses (tests/fuzz) and the benchmarks (tests/bench). Their
# Makefiles include this file, and the check.d suites build through those
# Makefiles, never with flags of their own.

# Language and warnings, every build: warnings are errors.
P2PF_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror
# ASan+UBSan, stopping at the first report: the CLI's SAN=1 build, the
# unit tests, udpreplay's sanitizer build; the fuzz harnesses add fuzzer.
P2PF_SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
# Optimisation of the sanitizer builds.
P2PF_SANOPT := -O1 -g
