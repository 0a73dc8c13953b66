// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ThroughTek Kalay / TUTK IOTC, and Wyze's plain "CC51" variant of it.
 *
 * IOTC packets are scrambled in 16-byte blocks with the public key
 * "Charlie is the designer of P2P!!" (first 16 bytes used). Scrambling a
 * block: rotate its four little-endian words right by 1/5/9/13, XOR the
 * key, permute the bytes, rotate the words right by 3/7/11/15. Undoing
 * it runs the steps backwards; the permutation is its own inverse.
 * Sources: go2rtc pkg/tutk (a working client), cross-checked with the
 * Petlibro/CuboAI Python ports; the test checks the published vector
 * (16 zero bytes scramble to 6e 2e 8d 8c 40 d0 40 ca 2d 6d 28 0c 40 e4
 * ca d8), and tutk.vec holds four real Mi Home/CatY captures that all
 * unscramble to this header with an exact length. Only the first block
 * is needed here: it holds the header.
 *
 * Plain header (16 bytes): 04 02 magic, version, mode/flags, body length
 * (LE16, == packet length - 16), sequence (LE16), command (LE16),
 * direction flags (LE16), session/channel bytes. A packet matches when
 * the magic, the exact length and a known command agree: 48 bits, of
 * which a random block satisfies all with odds of about 13 in 2^48.
 *
 * Commands (go2rtc's pkg/tutk and pkg/tutk/dtls, which name them and show
 * decoded captures; one marked unverified):
 *   0601/0602  LAN search / direct connect request and reply
 *   0203/0301  ask the master server where a device is, and the answer
 *   1007/1008  ask a server for the public address (go2rtc's
 *              "get public IP"; protocols.md calls it login: unverified)
 *   0401/0402/0404  session setup through the server (punch)
 *   0407/0408  session data, 0427/0428 session keepalive
 *
 * CC51 (Wyze, newer firmware, not scrambled): 51 CC, 2 bytes, command
 * (LE16), body length (LE16, == packet length - 12); commands 1002
 * discovery, 1202 keepalive, 1502 DTLS record carrier. The 28-byte
 * header and 20-byte HMAC bound the size from below (go2rtc).
 */
#include "families.h"

#define CC51_MAGIC0	0x51
#define CC51_MAGIC1	0xcc
#define CC51_HDR	12
#define CC51_MIN	28

/* "Charlie is the d" as four little-endian words. */
static const u32 tutk_key[4] = {
	0x72616843, 0x2065696c, 0x74207369, 0x64206568,
};

/* Byte j of the permuted block comes from byte tutk_perm[j]. */
static const u8 tutk_perm[P2P_TUTK_BLOCK] = {
	11, 9, 8, 15, 13, 10, 12, 14, 2, 1, 5, 0, 6, 4, 7, 3,
};

static u32 tutk_rol(u32 x, unsigned int n)
{
	return x << n | x >> (32 - n);
}

/* The four wire words with the last scramble rotation undone. */
static void tutk_unrotate(const u8 *in, u32 *t)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		t[i] = tutk_rol(p2p_le32(in + 4 * i), 4 * i + 3);
}

/* Plain word i, from the unrotated words t: permute, XOR, rotate. */
static u32 tutk_plain_word(const u32 *t, unsigned int i)
{
	u32 w = 0;
	unsigned int j;

	for (j = 0; j < 4; j++) {
		unsigned int src = tutk_perm[4 * i + j];

		w |= (t[src / 4] >> (8 * (src % 4)) & 0xff) << (8 * j);
	}
	return tutk_rol(w ^ tutk_key[i], 4 * i + 1);
}

void p2p_tutk_unscramble(const u8 *in, u8 *out)
{
	u32 t[4];
	unsigned int i, j;

	tutk_unrotate(in, t);
	for (i = 0; i < 4; i++) {
		u32 w = tutk_plain_word(t, i);

		for (j = 0; j < 4; j++)
			out[4 * i + j] = (u8)(w >> (8 * j));
	}
}

static u8 tutk_kind(u16 cmd)
{
	switch (cmd) {
	case 0x0601:
	case 0x0602:
		return P2P_KIND_LAN_SEARCH;
	case 0x0203:
	case 0x0301:
		return P2P_KIND_LOOKUP;
	case 0x1007:
	case 0x1008:
	case 0x0401:
	case 0x0402:
	case 0x0404:
		return P2P_KIND_PUNCH;
	case 0x0407:
	case 0x0408:
		return P2P_KIND_SESSION;
	case 0x0417:	/* session probe; sent thrice it closes (CuboAI client) */
	case 0x0427:
	case 0x0428:
		return P2P_KIND_KEEPALIVE;
	}
	return P2P_KIND_NONE;
}

static u8 cc51_kind(u16 cmd)
{
	switch (cmd) {
	case 0x1002:
		return P2P_KIND_LAN_SEARCH;
	case 0x1202:
		return P2P_KIND_KEEPALIVE;
	case 0x1502:
		return P2P_KIND_SESSION;
	}
	return P2P_KIND_NONE;
}

static bool tutk_verdict(struct p2p_verdict *v, u8 kind, u16 cmd)
{
	if (!kind)
		return false;
	v->proto = P2P_PROTO_TUTK;
	v->kind = kind;
	v->msg = cmd;
	return true;
}

static bool tutk_match_cc51(const struct p2p_udp *u, struct p2p_verdict *v)
{
	const u8 *p = u->payload;
	u16 cmd;

	if (u->len < CC51_MIN || p[1] != CC51_MAGIC1 ||
	    p2p_le16(p + 6) != u->len - CC51_HDR)
		return false;
	cmd = p2p_le16(p + 4);
	return tutk_verdict(v, cc51_kind(cmd), cmd);
}

bool p2p_match_tutk(const struct p2p_udp *u, struct p2p_verdict *v)
{
	u32 t[4];
	u16 cmd;

	if (u->len < P2P_TUTK_BLOCK)
		return false;
	if (u->payload[0] == CC51_MAGIC0 && tutk_match_cc51(u, v))
		return true;
	/* The magic first: its 16 bits reject almost every other packet. */
	if (u->len - P2P_TUTK_BLOCK > 0xffff || !p2p_maybe_tutk(u))
		return false;
	tutk_unrotate(u->payload, t);
	if ((tutk_plain_word(t, 1) & 0xffff) != u->len - P2P_TUTK_BLOCK)
		return false;
	cmd = (u16)tutk_plain_word(t, 2);
	return tutk_verdict(v, tutk_kind(cmd), cmd);
}
