// SPDX-License-Identifier: GPL-2.0
/*
 * Later IP fragments follow their first fragment's verdict; see
 * fragment.h.
 */
#include <linux/jiffies.h>

#include "fragment.h"

void p2pf_frags_init(struct p2pf_frags *fr)
{
	spin_lock_init(&fr->lock);
}

static bool p2pf_frag_match(const struct p2pf_frag_slot *s,
			    const struct p2pf_packet *pkt, __be32 id,
			    unsigned long now)
{
	return s->verdict != P2PF_VERDICT_PASS && s->id == id &&
	       time_before(now, s->expires) &&
	       p2pf_addr_equal(&s->src, &pkt->src) &&
	       p2pf_addr_equal(&s->dst, &pkt->dst);
}

void p2pf_frags_remember(struct p2pf_frags *fr, const struct p2pf_packet *pkt,
			 __be32 id, enum p2pf_verdict v)
{
	struct p2pf_frag_slot *s;

	spin_lock(&fr->lock);
	s = &fr->slot[fr->next];
	fr->next = (fr->next + 1) % P2PF_FRAG_SLOTS;
	s->src = pkt->src;
	s->dst = pkt->dst;
	s->id = id;
	s->verdict = v;
	s->expires = jiffies + P2PF_FRAG_LIFE;
	spin_unlock(&fr->lock);
}

enum p2pf_verdict p2pf_frags_verdict(struct p2pf_frags *fr,
				     const struct p2pf_packet *pkt, __be32 id)
{
	enum p2pf_verdict v = P2PF_VERDICT_PASS;
	unsigned long now = jiffies;
	unsigned int i;

	spin_lock(&fr->lock);
	for (i = 0; i < P2PF_FRAG_SLOTS; i++) {
		if (p2pf_frag_match(&fr->slot[i], pkt, id, now)) {
			v = fr->slot[i].verdict;
			break;
		}
	}
	spin_unlock(&fr->lock);
	return v;
}
