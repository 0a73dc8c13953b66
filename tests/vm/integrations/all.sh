#!/bin/bash
# One boot for the integrations that share it: mark.sh, then journal.sh
# and prom.sh (each resets what the one before left). Their PASS/FAIL
# lines share lib.sh's tally.
. ./lib.sh
for s in mark.sh journal.sh prom.sh; do
	bash "./$s"
done
finish
