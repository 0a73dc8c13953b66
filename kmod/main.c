// SPDX-License-Identifier: GPL-2.0
/* Module init and exit only. */
#include <linux/module.h>
#include <linux/rcupdate.h>
#include "datagram.h"
#include "device.h"
#include "netlink.h"
#include "netns.h"
#include "offload.h"
#include "uapi/p2pfence.h"
#include "version.h"

module_param_named(max_devices, p2pf_max_devices, uint, 0444);
MODULE_PARM_DESC(max_devices,
		 "Most tagged devices in a network namespace of the initial user namespace, and in all others together (1..1048576, default 131072)");
module_param_named(netns_max_devices, p2pf_netns_max_devices, uint, 0444);
MODULE_PARM_DESC(netns_max_devices,
		 "Most tagged devices in a network namespace owned by another user namespace (1..1048576, default 1024)");

static int __init p2pf_init(void)
{
	int err;

	if (!p2pf_max_devices || p2pf_max_devices > P2PF_MAX_DEVICES_CEILING ||
	    !p2pf_netns_max_devices ||
	    p2pf_netns_max_devices > P2PF_MAX_DEVICES_CEILING) {
		pr_err("max_devices and netns_max_devices must be 1..%u\n",
		       P2PF_MAX_DEVICES_CEILING);
		return -EINVAL;
	}
	err = p2pf_scratch_init();
	if (err)
		goto err_scratch;
	err = p2pf_devtables_init();
	if (err)
		goto err_devtables;
	err = p2pf_netns_register();
	if (err)
		goto err_netns;
	err = p2pf_genl_register();
	if (err)
		goto err_genl;
	pr_info("version %s loaded\n", P2PF_VERSION);
	return 0;

err_genl:
	p2pf_netns_unregister();
err_netns:
	p2pf_devtables_exit();
err_devtables:
	p2pf_scratch_exit();
err_scratch:
	return err;
}

static void __exit p2pf_exit(void)
{
	p2pf_genl_unregister();
	p2pf_netns_unregister();
	p2pf_offload_exit();
	p2pf_scratch_exit();
	/*
	 * Devices and retired tables are freed by RCU callbacks and works
	 * that live in this module.
	 */
	rcu_barrier();
	p2pf_devtables_exit();
}

module_init(p2pf_init);
module_exit(p2pf_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("p2pfence authors");
MODULE_DESCRIPTION("Drops camera/IoT peer-to-peer traffic of tagged devices");
MODULE_VERSION(P2PF_VERSION);
MODULE_ALIAS_GENL_FAMILY(P2PF_GENL_NAME);
