// SPDX-License-Identifier: GPL-2.0
/*
 * Mark mode: instead of dropping, write the namespace's mark into
 * skb->mark under its mask, and into the mark of the packet's conntrack
 * entry when it has one, so the admin's own nftables rules decide.
 *
 * Our hook runs in FORWARD at NF_IP_PRI_FILTER + 1 (hooks.c): a rule
 * matching `meta mark` must sit in a FORWARD chain of a higher priority
 * (filter + 10) or in POSTROUTING. The conntrack mark stays with the
 * connection, so `ct mark` matches the connection's later packets in any
 * chain, replies included.
 *
 * nf_conntrack is no dependency of ours: conntrack runs in PREROUTING,
 * so by FORWARD a tracked packet carries its entry (skb->_nfct, read by
 * the inline nf_ct_get()), and the mark is a plain field of it. Without
 * conntrack loaded (or for untracked packets) there is no entry and only
 * skb->mark is set. No IPCT_MARK event is raised (that needs conntrack's
 * exported functions): `conntrack -E` does not report the change,
 * `conntrack -L` shows it.
 */
#include <linux/skbuff.h>
#include <net/netfilter/nf_conntrack.h>
#include "compat.h"
#include "mark.h"
#include "netns.h"

void p2pf_mark(struct p2pf_net *pn, struct sk_buff *skb)
{
	u64 m = READ_ONCE(pn->cfg.mark);
	u32 value = p2pf_mark_value(m), mask = p2pf_mark_mask(m);
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct;

	skb->mark = (skb->mark & ~mask) | value;
	ct = nf_ct_get(skb, &ctinfo);
	if (ct && !nf_ct_is_template(ct))
		p2pf_ct_mark_set(ct, value, mask);
}
