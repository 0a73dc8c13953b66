/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* ThroughTek Kalay / TUTK IOTC: the header unscrambler, shared with tests. */
#ifndef P2P_TUTK_H
#define P2P_TUTK_H

#include "p2p_classify.h"

#define P2P_TUTK_BLOCK	16

/* Undo the "Charlie" scramble of one 16-byte block (in and out differ). */
void p2p_tutk_unscramble(const u8 *in, u8 *out);

#endif /* P2P_TUTK_H */
