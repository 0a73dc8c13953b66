/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Replacing every device at once (P2PF_CMD_REPLACE_*): see replace.c.
 * Everything under pn->lock (asserted), but p2pf_replace_release(), which
 * takes it.
 */
#ifndef P2PF_REPLACE_H
#define P2PF_REPLACE_H

#include <linux/types.h>

struct p2pf_net;
struct p2pf_devtable;

/* -EBUSY: another socket's replacement is in progress. */
int p2pf_replace_begin(struct p2pf_net *pn, u32 portid);
/* The pending table of @portid, or NULL when it began none. */
struct p2pf_devtable *p2pf_replace_table(struct p2pf_net *pn, u32 portid);
int p2pf_replace_abort(struct p2pf_net *pn, u32 portid);

/*
 * Publishes the pending table of the caller (checked with _table(), then
 * readied with p2pf_devtable_prepare()); the old one is retired.
 */
void p2pf_replace_swap(struct p2pf_net *pn);

/* The socket @portid of @net went away. */
void p2pf_replace_release(struct p2pf_net *pn, u32 portid);

#endif /* P2PF_REPLACE_H */
