# shellcheck shell=bash disable=SC2154
# Shared by dkms.sh and mkdeb.sh (sourced; needs $top, the repo's root).

# The files the module is built from, relative to $top: what goes into
# /usr/src/p2pfence-VERSION (with dkms.conf), and nothing else.
module_files() {
	(cd "$top" && ls Kbuild kmod/*.c kmod/*.h kmod/uapi/*.h classify/*.c classify/*.h)
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
