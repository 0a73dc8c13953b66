#!/bin/sh
# Prints the kernel to build for: the running one when its headers are
# installed, else the newest kernel with headers under /lib/modules.
run=$(uname -r)
if [ -d "/lib/modules/$run/build" ]; then
	echo "$run"
	exit 0
fi
ls -d /lib/modules/*/build 2>/dev/null | sed 's|/lib/modules/||; s|/build||' | sort -V | tail -n 1
