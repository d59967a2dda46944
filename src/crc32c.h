/* crc32c.h: CRC-32C (Castagnoli), the checksum of TFRecord framing */
#ifndef LRFIND_CRC32C_H
#define LRFIND_CRC32C_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * CRC-32C: reflected polynomial 0x82F63B78, initial value and final xor
 * 0xFFFFFFFF (crc32c("123456789") = 0xE3069283), as TFRecord files,
 * LevelDB and iSCSI use it.  Computed with the SSE4.2 instruction where
 * the processor has it (asked once, at run time), otherwise by tables,
 * eight bytes a step (slice-by-8); both give the same values.
 *
 * Ownership: no state the caller sees; the tables are filled once, on
 * first use, and shared by every thread.
 */

/* The CRC of buf[0..len-1] continued from crc, the finished CRC of the
 * bytes before them: crc32c_extend(crc32c_extend(0, a), b) is the CRC of
 * a followed by b, and crc32c_extend(0, x) the CRC of x. */
uint32_t crc32c_extend(uint32_t crc, const void *buf, size_t len);

static inline uint32_t
crc32c(const void *buf, size_t len)
{
	return crc32c_extend(0, buf, len);
}

/* The same by the tables alone, whatever the processor (for the tests). */
uint32_t crc32c_extend_sw(uint32_t crc, const void *buf, size_t len);

/* True when crc32c_extend uses the SSE4.2 instruction. */
bool crc32c_hw(void);

/*
 * TFRecord stores a CRC "masked", so that the CRC of data that holds CRCs
 * is not degenerate: rotated right by 15 bits, plus 0xa282ead8 (mod 2^32).
 */
static inline uint32_t
crc32c_mask(uint32_t crc)
{
	return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

static inline uint32_t
crc32c_unmask(uint32_t masked)
{
	uint32_t rot = masked - 0xa282ead8u;

	return (rot >> 17) | (rot << 15);
}

#endif
