/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The only environment the recognisers need: fixed-width types, bool,
 * and unaligned big/little-endian loads. Kernel builds take them from the
 * kernel; userspace builds from C11 headers.
 */
#ifndef P2P_SHIM_H
#define P2P_SHIM_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
#endif

/* Callers check bounds before calling these. */
static inline u16 p2p_be16(const u8 *p)
{
	return (u16)((u16)p[0] << 8 | p[1]);
}

static inline u16 p2p_le16(const u8 *p)
{
	return (u16)((u16)p[1] << 8 | p[0]);
}

static inline u32 p2p_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static inline u32 p2p_le32(const u8 *p)
{
	return (u32)p[3] << 24 | (u32)p[2] << 16 | (u32)p[1] << 8 | p[0];
}

#endif /* P2P_SHIM_H */
