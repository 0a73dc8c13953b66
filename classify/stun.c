// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * STUN and TURN over UDP.
 *
 * RFC 5389/8489 messages carry the magic cookie: we require it, a length
 * that is a multiple of 4 and equal to the payload minus the header, a
 * known method/class pair, and attributes that end exactly at the end.
 * Classic RFC 3489 messages have no cookie, so they must pass more: a
 * Binding type, the exact length, and an attribute walk in which every
 * attribute is a known RFC 3489 type with a plausible length. Of a first
 * IP fragment (p2p_classify.h), both walks judge the attributes whose
 * headers it holds and take the rest as unseen.
 *
 * ChannelData (TURN's 4-byte framing) is deliberately not matched here:
 * see p2p_stun_is_channeldata() in stun.h, meant for flow memory.
 */
#include "families.h"
#include "stun.h"

#define STUN_BINDING		0x001
#define STUN_ALLOCATE		0x003
#define STUN_REFRESH		0x004
#define STUN_SEND		0x006
#define STUN_DATA		0x007
#define STUN_CREATE_PERM	0x008
#define STUN_CHANNEL_BIND	0x009

#define STUN_CLASS_INDICATION	1

/* The classic default port: an attribute-less Binding needs it. */
#define STUN_PORT		3478

int p2p_stun_attr_count_seen(const u8 *p, u32 len, u32 have, u8 invert)
{
	u32 off = P2P_STUN_HDR;
	int n = 0;

	if (have > len)
		have = len;
	while (off < have) {
		u32 alen;

		if (len - off < 4)
			return -1;
		/* A header cut by the fragment's end: the rest is unseen. */
		if (have - off < 4)
			return n;
		alen = p2p_be16(p + off + 2) ^ (invert ? 0xFFFF : 0);
		alen = (alen + 3) & ~3u;
		if (len - off - 4 < alen)
			return -1;
		off += 4 + alen;
		n++;
	}
	/* Whole: the last attribute ends at len. Cut: the walk passed have. */
	return off == len || off >= have ? n : -1;
}

/*
 * The kind of a method/class pair, or P2P_KIND_NONE when the pair does
 * not exist: Send and Data are indications only, and the TURN requests
 * have no indication form.
 */
static u8 stun_kind(u16 method, u8 cls)
{
	switch (method) {
	case STUN_BINDING:
		return P2P_KIND_PUNCH;
	case STUN_SEND:
	case STUN_DATA:
		return cls == STUN_CLASS_INDICATION ? P2P_KIND_RELAY : P2P_KIND_NONE;
	case STUN_ALLOCATE:
	case STUN_REFRESH:
	case STUN_CREATE_PERM:
	case STUN_CHANNEL_BIND:
		return cls != STUN_CLASS_INDICATION ? P2P_KIND_RELAY : P2P_KIND_NONE;
	default:
		return P2P_KIND_NONE;
	}
}

/* RFC 3489 section 11.2 attributes, with the lengths they must have. */
static bool stun_classic_attr_ok(u16 type, u16 alen)
{
	switch (type) {
	case 0x0001:	/* MAPPED-ADDRESS */
	case 0x0002:	/* RESPONSE-ADDRESS */
	case 0x0004:	/* SOURCE-ADDRESS */
	case 0x0005:	/* CHANGED-ADDRESS */
	case 0x000B:	/* REFLECTED-FROM */
	case 0x8020:	/* XOR-MAPPED-ADDRESS, pre-RFC 5389 number */
	case 0x0020:	/* XOR-MAPPED-ADDRESS */
		return alen == 8 || alen == 20;
	case 0x0003:	/* CHANGE-REQUEST */
		return alen == 4;
	case 0x0006:	/* USERNAME */
	case 0x0007:	/* PASSWORD */
		return alen && !(alen & 3);
	case 0x0008:	/* MESSAGE-INTEGRITY */
		return alen == 20;
	case 0x0009:	/* ERROR-CODE */
		return alen >= 4;
	case 0x000A:	/* UNKNOWN-ATTRIBUTES */
		return alen && !(alen & 1);
	case 0x8022:	/* SERVER / SOFTWARE */
		return alen > 0;
	case 0x8028:	/* FINGERPRINT */
		return alen == 4;
	default:
		return false;
	}
}

/*
 * Every attribute before have (p2p_classify.h): one whose header the
 * fragment cuts, and all after it, are unseen and not judged.
 */
static bool stun_classic_attrs_ok(const u8 *p, u32 len, u32 have)
{
	u32 off = P2P_STUN_HDR;

	if (have > len)
		have = len;
	while (off < have) {
		u16 type, alen;

		if (len - off < 4)
			return false;
		if (have - off < 4)
			return true;
		type = p2p_be16(p + off);
		alen = p2p_be16(p + off + 2);
		if (!stun_classic_attr_ok(type, alen))
			return false;
		/* RFC 3489 values are always whole 32-bit words. */
		if (alen & 3 || len - off - 4 < alen)
			return false;
		off += 4 + alen;
	}
	return true;
}

static bool stun_classic(const struct p2p_udp *u, u16 type, struct p2p_verdict *v)
{
	const u8 *p = u->payload;

	/* Binding request, success and error response: nothing else. */
	if (type != 0x0001 && type != 0x0101 && type != 0x0111)
		return false;
	if (u->len == P2P_STUN_HDR) {
		/* 00 01 00 00 + 16 bytes: too weak without the port. */
		if (type != 0x0001 ||
		    (u->sport != STUN_PORT && u->dport != STUN_PORT))
			return false;
	} else if (!stun_classic_attrs_ok(p, u->len, u->have)) {
		return false;
	}
	v->proto = P2P_PROTO_STUN;
	v->kind = P2P_KIND_PUNCH;
	v->msg = type;
	return true;
}

bool p2p_match_stun(const struct p2p_udp *u, struct p2p_verdict *v)
{
	const u8 *p = u->payload;
	u16 type, mlen;
	u8 kind;

	/*
	 * Every type we accept (methods up to 0x009, any class) is at most
	 * 0x0119, so the first byte is 0 or 1: RTP, QUIC, DTLS and text are
	 * rejected here.
	 */
	if (u->len < P2P_STUN_HDR || p[0] > 0x01)
		return false;
	mlen = p2p_be16(p + 2);
	if ((mlen & 3) || mlen != u->len - P2P_STUN_HDR)
		return false;
	type = p2p_be16(p);
	if (p2p_be32(p + 4) != P2P_STUN_COOKIE)
		return stun_classic(u, type, v);

	kind = stun_kind(p2p_stun_method(type), p2p_stun_class(type));
	if (kind == P2P_KIND_NONE ||
	    p2p_stun_attr_count_seen(p, u->len, u->have, 0) < 0)
		return false;
	v->proto = P2P_PROTO_STUN;
	v->kind = kind;
	v->msg = type;
	return true;
}

bool p2p_stun_is_channeldata(const struct p2p_udp *u)
{
	const u8 *p = u->payload;
	u32 need;

	if (u->len < 4 || p[0] < 0x40 || p[0] > 0x7F)
		return false;
	need = 4 + (u32)p2p_be16(p + 2);
	/* Over UDP the padding to 4 bytes is optional (RFC 8656 12.5). */
	return u->len >= need && u->len <= ((need + 3) & ~3u);
}
