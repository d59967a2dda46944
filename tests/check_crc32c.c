/* check_crc32c.c: CRC-32C check values, both ways of computing it, the mask */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crc32c.h"

/* RFC 3720 (iSCSI), appendix B.4, and the usual check value */
START_TEST(test_check_values)
{
	unsigned char b[32];
	int i;

	ck_assert_uint_eq(crc32c("123456789", 9), 0xE3069283u);
	ck_assert_uint_eq(crc32c_extend_sw(0, "123456789", 9), 0xE3069283u);
	ck_assert_uint_eq(crc32c("", 0), 0);
	memset(b, 0, sizeof(b));
	ck_assert_uint_eq(crc32c(b, 32), 0x8A9136AAu);
	ck_assert_uint_eq(crc32c_extend_sw(0, b, 32), 0x8A9136AAu);
	memset(b, 0xff, sizeof(b));
	ck_assert_uint_eq(crc32c(b, 32), 0x62A8AB43u);
	ck_assert_uint_eq(crc32c_extend_sw(0, b, 32), 0x62A8AB43u);
	for (i = 0; i < 32; i++)
		b[i] = (unsigned char)i;
	ck_assert_uint_eq(crc32c(b, 32), 0x46DD794Eu);
	ck_assert_uint_eq(crc32c_extend_sw(0, b, 32), 0x46DD794Eu);
	for (i = 0; i < 32; i++)
		b[i] = (unsigned char)(31 - i);
	ck_assert_uint_eq(crc32c(b, 32), 0x113FDB5Cu);
	ck_assert_uint_eq(crc32c_extend_sw(0, b, 32), 0x113FDB5Cu);
}
END_TEST

/* Every length and alignment, by pieces, the tables against the
 * instruction and against a bit-by-bit reference. */
static uint32_t
bitwise(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	int k;

	while (n--) {
		c ^= *p++;
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1)));
	}
	return ~c;
}

START_TEST(test_lengths_alignments)
{
	unsigned char buf[300];
	size_t off, n, cut;
	uint32_t s = 12345, want;

	for (n = 0; n < sizeof(buf); n++) {
		s = s * 1103515245u + 12345u;
		buf[n] = (unsigned char)(s >> 16);
	}
	for (off = 0; off < 8; off++)
		for (n = 0; off + n <= sizeof(buf); n += n < 40 ? 1 : 13) {
			want = bitwise(buf + off, n);
			ck_assert_uint_eq(crc32c(buf + off, n), want);
			ck_assert_uint_eq(crc32c_extend_sw(0, buf + off, n),
			    want);
			for (cut = 0; cut <= n; cut += 1 + n / 5) {
				ck_assert_uint_eq(crc32c_extend(crc32c(buf + off,
								    cut),
						      buf + off + cut, n - cut),
				    want);
				ck_assert_uint_eq(crc32c_extend_sw(crc32c_extend_sw(0,
								       buf + off,
								       cut),
						      buf + off + cut, n - cut),
				    want);
			}
		}
}
END_TEST

START_TEST(test_mask)
{
	/* TFRecord's mask: rotate right 15, add 0xa282ead8 */
	ck_assert_uint_eq(crc32c_mask(0xE3069283u), 0xC78AB0E5u);
	ck_assert_uint_eq(crc32c_mask(0), 0xa282ead8u);
	ck_assert_uint_eq(crc32c_mask(0x8000u), 0xa282ead9u);
	ck_assert_uint_eq(crc32c_unmask(crc32c_mask(0xE3069283u)), 0xE3069283u);
	ck_assert_uint_eq(crc32c_unmask(crc32c_mask(0xffffffffu)), 0xffffffffu);
	/* the header of a TFRecord of 24 and of 72 bytes, as TensorFlow
	 * writes them: the length (uint64 LE), then its masked CRC */
	ck_assert_uint_eq(crc32c_mask(crc32c("\x18\0\0\0\0\0\0\0", 8)),
	    0x224b7fa3u);
	ck_assert_uint_eq(crc32c_mask(crc32c("\x48\0\0\0\0\0\0\0", 8)),
	    0x9d4892feu);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("crc32c");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_check_values);
	tcase_add_test(tc, test_lengths_alignments);
	tcase_add_test(tc, test_mask);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
