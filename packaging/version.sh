#!/bin/sh
# Prints p2pfence's version. kmod/version.h is its only home: the module
# reports it (modinfo, `p2pfence version`), and the DKMS source directory
# and the Debian packages are named after it.
top=$(cd "$(dirname "$0")/.." && pwd)
v=$(sed -n 's/^#define[[:space:]]\{1,\}P2PF_VERSION[[:space:]]\{1,\}"\([^"]*\)".*/\1/p' "$top/kmod/version.h")
case $v in
''|*[!0-9A-Za-z.+~]*) echo "version.sh: no usable P2PF_VERSION in kmod/version.h" >&2; exit 1 ;;
esac
echo "$v"
