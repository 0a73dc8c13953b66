// SPDX-License-Identifier: GPL-2.0
/*
 * Flowtables (nftables `flow add`, OpenWrt's software flow offloading)
 * move a confirmed conntrack entry to a fast path at the ingress hook,
 * and its packets never reach FORWARD again: a tagged device's flow that
 * started benign would then turn P2P unseen, and a session whose
 * handshake was not the flow's first packet would never be looked at.
 *
 * nft_flow_offload refuses an entry that has a helper extension. So the
 * first packet of a tagged device's flow that we see, while its entry is
 * still unconfirmed (as `ct helper set` requires), gets an empty one: no
 * helper is attached, and conntrack, ctnetlink and expectations treat the
 * entry as having none. The flow then stays on the normal path, inspected
 * packet by packet. Untagged traffic and allow-mode devices are never
 * touched; the cost is one extension per new flow of a tagged device.
 *
 * nf_conntrack is no dependency of ours: a packet carries an entry only
 * when conntrack is loaded and active, and the one function needed is then
 * looked up once with symbol_get(), its reference held until module exit.
 *
 * Not covered: a flow whose first packet came from the other side (its
 * entry is confirmed before the device's first packet is seen), and flows
 * offloaded before the device was tagged. The flowtable lets go of a UDP
 * flow after 30 s idle; from then on it is inspected again.
 */
#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/skbuff.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_extend.h>
#include <net/netfilter/nf_conntrack_helper.h>
#include "offload.h"

typedef struct nf_conn_help *(p2pf_ext_add_t)(struct nf_conn *ct, gfp_t gfp);

static p2pf_ext_add_t *p2pf_helper_ext_add;

static p2pf_ext_add_t *p2pf_ext_add(void)
{
	p2pf_ext_add_t *fn = READ_ONCE(p2pf_helper_ext_add);

	if (likely(fn))
		return fn;
	fn = symbol_get(nf_ct_helper_ext_add);
	if (!fn)
		return NULL;
	/* Another CPU may have won the race: keep one reference only. */
	if (cmpxchg(&p2pf_helper_ext_add, NULL, fn))
		symbol_put(nf_ct_helper_ext_add);
	return fn;
}

void p2pf_offload_keep_out(struct sk_buff *skb)
{
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct = nf_ct_get(skb, &ctinfo);
	p2pf_ext_add_t *ext_add;

	if (!ct || nf_ct_is_confirmed(ct) || nf_ct_is_template(ct) ||
	    nf_ct_ext_exist(ct, NF_CT_EXT_HELPER))
		return;
	ext_add = p2pf_ext_add();
	if (ext_add)
		ext_add(ct, GFP_ATOMIC);
}

void p2pf_offload_exit(void)
{
	if (p2pf_helper_ext_add)
		symbol_put(nf_ct_helper_ext_add);
}
