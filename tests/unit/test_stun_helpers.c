// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of the STUN helpers that the classifier does not reach through
 * the vectors: p2p_stun_is_channeldata() (for flow memory) and the
 * attribute walk with and without inversion. Each payload is copied to a
 * heap buffer of exactly its size, so ASan catches any over-read.
 * Output: one "PASS: name" / "FAIL: name why" line per case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stun.h"

static int failures;

static u8 *copy(const char *bytes, size_t len)
{
	u8 *p = malloc(len ? len : 1);

	if (!p) {
		perror("malloc");
		exit(2);
	}
	memcpy(p, bytes, len);
	return p;
}

static void channeldata(const char *name, const char *bytes, size_t len, bool want)
{
	u8 *p = copy(bytes, len);
	struct p2p_udp u = { .payload = p, .len = (u32)len, .have = (u32)len,
			      .sport = 40000, .dport = 3478 };
	bool got = p2p_stun_is_channeldata(&u);

	if (got == want) {
		printf("PASS: stun-channeldata-%s\n", name);
	} else {
		printf("FAIL: stun-channeldata-%s got %d want %d\n", name, got, want);
		failures++;
	}
	free(p);
}

static void walk(const char *name, const char *bytes, size_t len, u8 invert, int want)
{
	u8 *p = copy(bytes, len);
	int got = p2p_stun_attr_count(p, (u32)len, invert);

	if (got == want) {
		printf("PASS: stun-attr-walk-%s\n", name);
	} else {
		printf("FAIL: stun-attr-walk-%s got %d want %d\n", name, got, want);
		failures++;
	}
	free(p);
}

#define CD(name, lit, want) channeldata(name, lit, sizeof(lit) - 1, want)
#define WALK(name, lit, inv, want) walk(name, lit, sizeof(lit) - 1, inv, want)
#define HDR "\x00\x01\x00\x00\x21\x12\xa4\x42" "0123456789ab"
#define IHDR "\xff\xfe\xff\xe7" "\x00\x00\x00\x00" "0123456789ab"

int main(void)
{
	CD("exact", "\x40\x00\x00\x04" "abcd", true);
	CD("padded", "\x40\x01\x00\x05" "abcde\0\0\0", true);
	CD("unpadded", "\x7f\xff\x00\x05" "abcde", true);
	CD("empty-data", "\x40\x00\x00\x00", true);
	CD("short", "\x40\x00\x00\x08" "abcd", false);
	CD("too-long", "\x40\x00\x00\x04" "abcdefgh", false);
	CD("channel-0x3fff", "\x3f\xff\x00\x04" "abcd", false);
	CD("channel-0x8000", "\x80\x00\x00\x04" "abcd", false);
	CD("three-bytes", "\x40\x00\x00", false);
	CD("nothing", "", false);

	WALK("none", HDR, 0, 0);
	WALK("one", HDR "\x80\x22\x00\x03" "abc\0", 0, 1);
	WALK("two", HDR "\x00\x06\x00\x01" "a\0\0\0" "\x80\x28\x00\x04" "abcd", 0, 2);
	WALK("overrun", HDR "\x80\x22\x00\x08" "abcd", 0, -1);
	WALK("partial-header", HDR "\x80\x22", 0, -1);
	WALK("inverted", IHDR "\x7f\xd5\xff\xf7" "abcdefgh", 0xFF, 1);
	WALK("inverted-overrun", IHDR "\x7f\xd5\xff\xef" "abcdefgh", 0xFF, -1);

	return failures ? 1 : 0;
}
