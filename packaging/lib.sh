# shellcheck shell=bash disable=SC2154
# Shared by dkms.sh and mkdeb.sh (sourced; needs $top, the repo's root).

# The files the module is built from, relative to $top: what goes into
# /usr/src/p2pfence-VERSION (with dkms.conf), and nothing else. The
# Makefile has the list (kmod/objects.mk names the sources).
module_files() {
	make -s --no-print-directory -C "$top" module-files
}

# copy_files DESTDIR FILE...: copies FILEs (relative to $top) below
# DESTDIR, keeping their relative paths, readable by all.
copy_files() {
	local dest=$1 f
	shift
	for f in "$@"; do
		install -D -m 0644 "$top/$f" "$dest/$f"
	done
}
