/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * CS2 Network PPPP "P2P_Proprietary_Encrypt" obfuscation: the data the
 * PPPP/iLnkP2P recogniser needs to see through it.
 *
 * The cipher, as reverse-engineered publicly from libPPCS_API (see
 * pppp_keys.c for the sources), is a self-synchronising stream cipher:
 *
 *   key4[0] = sum(key bytes)          key4[1] = -sum(key bytes)
 *   key4[2] = sum(key byte / 3)       key4[3] = xor(key bytes)      (mod 256)
 *
 *   prev = previous ciphertext byte (0 before the first byte)
 *   c[i] = p[i] ^ table[(key4[prev & 3] + prev) & 0xff]
 *
 * Because the keystream byte depends only on the previous *ciphertext*
 * byte, any plaintext byte can be recovered from c[i-1] and c[i] alone:
 * the recogniser decrypts just the bytes it looks at, with no state.
 */
#ifndef P2P_PPPP_H
#define P2P_PPPP_H

#include "p2p_classify.h"

/* One publicly known vendor key, reduced to the four bytes that matter. */
struct p2p_pppp_key {
	u8 key4[4];
	u8 first;	/* wire byte that a plain 0xF1 magic becomes */
};

/* Entries in p2p_pppp_keys[]; the unit test checks each one's key string. */
#define P2P_PPPP_NKEYS	18

extern const u8 p2p_pppp_table[256];
extern const struct p2p_pppp_key p2p_pppp_keys[P2P_PPPP_NKEYS];
/* Bit i set in entry b: key i turns F1 into b. Rejects in one load. */
extern const u32 p2p_pppp_keys_by_first[256];

/* Plaintext byte i of an obfuscated packet; the caller checks i < len. */
static inline u8 p2p_pppp_plain(const u8 *c, u32 i, const u8 *key4)
{
	u8 prev = i ? c[i - 1] : 0;

	return c[i] ^ p2p_pppp_table[(u8)(key4[prev & 3] + prev)];
}

#endif /* P2P_PPPP_H */
