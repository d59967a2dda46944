/* crc32c.c: CRC-32C by the SSE4.2 instruction or by tables (crc32c.h) */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "crc32c.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CRC32C_X86 1
#include <cpuid.h>
#include <nmmintrin.h>
#endif

#define POLY 0x82F63B78u /* 0x1EDC6F41 bit-reversed */

/* table[k][b]: the CRC register after byte b followed by k zero bytes */
static uint32_t table[8][256];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool have_hw;

static void
init(void)
{
	uint32_t c;
	int i, j, k;

	for (i = 0; i < 256; i++) {
		c = (uint32_t)i;
		for (j = 0; j < 8; j++)
			c = (c >> 1) ^ (POLY & (0u - (c & 1)));
		table[0][i] = c;
	}
	for (k = 1; k < 8; k++)
		for (i = 0; i < 256; i++) {
			c = table[k - 1][i];
			table[k][i] = (c >> 8) ^ table[0][c & 0xff];
		}
#ifdef CRC32C_X86
	/* cpuid here, when a CRC is first wanted: __builtin_cpu_supports
	 * would link libgcc's CPU probe, which runs at every start-up */
	{
		unsigned a, b, cx, d;

		have_hw = __get_cpuid(1, &a, &b, &cx, &d) && (cx & bit_SSE4_2);
	}
#endif
}

/* Four bytes, little-endian, whatever the host's order. */
static inline uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint32_t
sw(uint32_t crc, const unsigned char *p, size_t len)
{
	uint32_t lo, hi;

	crc = ~crc;
	for (; len > 0 && ((uintptr_t)p & 7) != 0; len--)
		crc = table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	for (; len >= 8; len -= 8, p += 8) {
		lo = le32(p) ^ crc;
		hi = le32(p + 4);
		crc = table[7][lo & 0xff] ^ table[6][(lo >> 8) & 0xff] ^
		    table[5][(lo >> 16) & 0xff] ^ table[4][lo >> 24] ^
		    table[3][hi & 0xff] ^ table[2][(hi >> 8) & 0xff] ^
		    table[1][(hi >> 16) & 0xff] ^ table[0][hi >> 24];
	}
	for (; len > 0; len--)
		crc = table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

#ifdef CRC32C_X86
/* x86 loads unaligned words at full speed: no aligning loop, and the
 * tail in 4-, 2- and 1-byte steps (short records are the common case). */
__attribute__((target("sse4.2"))) static uint32_t
hw(uint32_t crc, const unsigned char *p, size_t len)
{
	uint64_t c = ~crc, w;
	uint32_t c32, w32;
	uint16_t w16;

	for (; len >= 8; len -= 8, p += 8) {
		memcpy(&w, p, 8); /* x86 is little-endian */
		c = _mm_crc32_u64(c, w);
	}
	c32 = (uint32_t)c;
	if (len >= 4) {
		memcpy(&w32, p, 4);
		c32 = _mm_crc32_u32(c32, w32);
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		memcpy(&w16, p, 2);
		c32 = _mm_crc32_u16(c32, w16);
		p += 2;
		len -= 2;
	}
	if (len > 0)
		c32 = _mm_crc32_u8(c32, *p);
	return ~c32;
}
#endif

/*
 * A few bytes bit by bit: no table to build and no CPU to probe.  Every
 * log's first 8 bytes are checked this way for an event file's header
 * (tfevents_sniff), and a CSV log needs no other CRC.
 */
#define FEW_BYTES 16
static uint32_t
bitwise(uint32_t crc, const unsigned char *p, size_t len)
{
	int k;

	crc = ~crc;
	for (; len > 0; len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (POLY & (0u - (crc & 1)));
	}
	return ~crc;
}

uint32_t
crc32c_extend(uint32_t crc, const void *buf, size_t len)
{
	if (len <= FEW_BYTES)
		return bitwise(crc, buf, len);
	pthread_once(&once, init);
#ifdef CRC32C_X86
	if (have_hw)
		return hw(crc, buf, len);
#endif
	return sw(crc, buf, len);
}

uint32_t
crc32c_extend_sw(uint32_t crc, const void *buf, size_t len)
{
	pthread_once(&once, init);
	return sw(crc, buf, len);
}

bool
crc32c_hw(void)
{
	pthread_once(&once, init);
	return have_hw;
}
