/* SPDX-License-Identifier: GPL-2.0 */
/* Keeping tagged devices' flows out of nftables flowtables. */
#ifndef P2PF_OFFLOAD_H
#define P2PF_OFFLOAD_H

struct sk_buff;

/* Packet path, for a UDP packet of a device that policy inspects. */
void p2pf_offload_keep_out(struct sk_buff *skb);

/* Module exit, after the hooks are gone. */
void p2pf_offload_exit(void);

#endif /* P2PF_OFFLOAD_H */
