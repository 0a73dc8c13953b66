# SPDX-License-Identifier: GPL-2.0
# The module's objects: kmod/ and the shared recognisers in classify/, one
# a line. This is the one list. Kbuild builds exactly these (a .c file in
# kmod/ or classify/ that is not here fails the build there and in the
# Makefile, instead of being compiled in or left out unnoticed); the
# Makefile copies their sources for `make module` and prints them for
# checkpatch (`make module-files`, 00-build); packaging ships them
# (packaging/lib.sh, for DKMS and the Debian package). A new file: add it
# here. Read by make (Kbuild, Makefile): keep it plain assignments.
p2pf-objs := \
	kmod/datagram.o \
	kmod/device.o \
	kmod/discover.o \
	kmod/enforce.o \
	kmod/event.o \
	kmod/fanout.o \
	kmod/flow.o \
	kmod/fragment.o \
	kmod/hooks.o \
	kmod/keyfilter.o \
	kmod/lan.o \
	kmod/main.o \
	kmod/mark.o \
	kmod/netlink.o \
	kmod/netlink_dev.o \
	kmod/netlink_discover.o \
	kmod/netlink_ns.o \
	kmod/netlink_replace.o \
	kmod/netns.o \
	kmod/nlattr.o \
	kmod/offload.o \
	kmod/reap.o \
	kmod/replace.o \
	kmod/selector.o \
	kmod/stats.o \
	classify/classify.o \
	classify/dahua.o \
	classify/gwell.o \
	classify/lan_default.o \
	classify/names.o \
	classify/naxclow.o \
	classify/pppp.o \
	classify/pppp_keys.o \
	classify/reolink.o \
	classify/stun.o \
	classify/tutk.o \
	classify/tuya.o \
	classify/xiongmai.o
