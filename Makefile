# SPDX-License-Identifier: GPL-2.0
# p2pfence: top-level build. `make` builds the module for one kernel, the
# CLI and the test tools; `make check` runs every test (`make unit` those
# that boot no VM); `make demo` shows it.

# Kernel: the running one if its headers are here, else the newest installed.
KVER ?= $(shell tests/lib/kver.sh)
KDIR ?= /lib/modules/$(KVER)/build
# Each kernel gets its own copy of the sources, so builds never mix.
KBUILD_OUT := $(CURDIR)/build/kmod-$(KVER)
# The module's files: Kbuild, its object list and the sources it names,
# the headers. A .c file in kmod/ or classify/ that kmod/objects.mk does not
# list fails `make module` (and Kbuild) instead of being built or left out.
include kmod/objects.mk
MODULE_SRC := Kbuild kmod/objects.mk $(p2pf-objs:.o=.c) \
	$(wildcard kmod/*.h kmod/uapi/*.h classify/*.h)
MODULE_UNLISTED := $(filter-out $(p2pf-objs:.o=.c),$(wildcard kmod/*.c classify/*.c))

PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: all module userspace tools check unit demo fuzz bench-classify clean \
	install deps dkms-install dkms-uninstall deb

all: module userspace tools

module: $(KBUILD_OUT)/p2pfence.ko

# tests/lib/kmake.sh builds with the host's headers in $(KDIR), or, for
# the tested kernels of other Debian suites, in their chroot (fetched and
# made on first use, under build/).
# Sources a previous copy left behind but no longer listed are removed, so
# that the copy holds exactly the list.
$(KBUILD_OUT)/p2pfence.ko: $(MODULE_SRC) $(MODULE_UNLISTED)
	$(if $(MODULE_UNLISTED),$(error $(MODULE_UNLISTED): not in kmod/objects.mk (list it there, or remove it)))
	@mkdir -p $(KBUILD_OUT)
	@rm -f $(filter-out $(addprefix $(KBUILD_OUT)/,$(p2pf-objs:.o=.c)), \
		$(wildcard $(KBUILD_OUT)/kmod/*.c $(KBUILD_OUT)/classify/*.c))
	@cp -a --parents $(MODULE_SRC) $(KBUILD_OUT)/
	tests/lib/kmake.sh $(KVER) -C $(KDIR) M=$(KBUILD_OUT) $(KBUILD_FLAGS) modules

# What the module is built from, one path a line (packaging, checkpatch).
.PHONY: module-files
module-files:
	@printf '%s\n' $(MODULE_SRC)

userspace:
	$(MAKE) -C userspace

tools:
	$(MAKE) -C tests/tools

deps:
	tests/lib/deps.sh

check:
	@tests/check.sh

# The host suites only (tests/check.d/00-29): no VM is booted.
unit:
	@tests/check.sh --unit

demo:
	@tests/demo.sh

fuzz:
	$(MAKE) -C tests/fuzz run

bench-classify:
	$(MAKE) -C tests/bench classify

# Detection flow by flow beside nDPI on the real-client and benign captures.
compare: userspace
	@python3 tests/bench/compare.py userspace/p2pfence

# Forwarding through the VM's firewall: bare, with the module, against
# nftables (bench/README.md). Not part of `make check`.
.PHONY: bench compare
bench:
	KVER=$(KVER) tests/bench/vm/run-bench.sh

install: userspace
	$(MAKE) -C userspace install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

# Installing as a real module (packaging/): DKMS for the kernels given in
# KVER (default: every kernel with headers), or Debian packages in build/deb.
dkms-install:
	packaging/dkms.sh install $(if $(filter command line environment,$(origin KVER)),$(KVER))

dkms-uninstall:
	packaging/dkms.sh uninstall

deb:
	packaging/mkdeb.sh

# The tested kernels of other Debian suites (tests/lib/kernels.sh --extra,
# README: tested kernels): fetched, unpacked and their build chroots made
# now instead of on first use (KERNELS= picks series). kernels-refresh
# forgets which version of each series was picked, so the next use takes
# the newest the archive has.
.PHONY: kernels kernels-refresh
kernels:
	@for k in $$(tests/lib/kernels.sh --extra); do \
		tests/lib/kfetch.sh "$$k" >/dev/null || exit 1; echo "$$k"; done

kernels-refresh:
	rm -f build/kernels/resolved build/kernels/apt/*/updated

clean:
	rm -rf build
	$(MAKE) -C userspace clean
	$(MAKE) -C tests/tools clean
