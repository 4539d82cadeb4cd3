/* SHA-256 against the FIPS 180-2 appendix B vectors, fed whole and in odd-sized pieces. */
#include "core/sha256.h"

#include <stdlib.h>

#include "../../tests/check.h"

static const char *hex_of(const void *data, size_t len) {
  static char hex[SHA256_HEX_BYTES];
  uint8_t d[SHA256_DIGEST_BYTES];
  sha256_buffer(data, len, d);
  sha256_to_hex(d, hex);
  return hex;
}

TEST(abc) {
  CHECK_STR(hex_of("abc", 3), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(empty) {
  CHECK_STR(hex_of("", 0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(two_blocks_448_bits) {
  const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  CHECK_INT(strlen(m), 56);
  CHECK_STR(hex_of(m, strlen(m)), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(million_a_streamed) {
  char chunk[997]; /* a prime, so pieces straddle block boundaries */
  memset(chunk, 'a', sizeof chunk);
  sha256_ctx c;
  sha256_init(&c);
  size_t left = 1000000;
  while (left) {
    size_t n = left < sizeof chunk ? left : sizeof chunk;
    sha256_update(&c, chunk, n);
    left -= n;
  }
  uint8_t d[SHA256_DIGEST_BYTES];
  char hex[SHA256_HEX_BYTES];
  sha256_final(&c, d);
  sha256_to_hex(d, hex);
  CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(byte_by_byte_equals_one_shot) {
  const char *m = "许昌市魏都区学院路88号 𠮷 — a message longer than one 64-byte block, fed per byte";
  sha256_ctx c;
  sha256_init(&c);
  for (const char *p = m; *p; p++) sha256_update(&c, p, 1);
  uint8_t d[SHA256_DIGEST_BYTES];
  char hex[SHA256_HEX_BYTES];
  sha256_final(&c, d);
  sha256_to_hex(d, hex);
  CHECK_STR(hex, hex_of(m, strlen(m)));
}

/* The hardware and portable code agree on every length around the block boundaries. */
TEST(hardware_and_portable_agree) {
  static unsigned char data[4096 + 130];
  uint32_t x = 12345;
  for (size_t i = 0; i < sizeof data; i++) data[i] = (unsigned char)((x = x * 1103515245u + 12345u) >> 24);
  for (size_t len = 0; len < sizeof data; len += len < 200 ? 1 : 61) {
    uint8_t a[SHA256_DIGEST_BYTES], b[SHA256_DIGEST_BYTES];
    sha256_force_portable(false);
    sha256_buffer(data, len, a);
    sha256_force_portable(true);
    sha256_buffer(data, len, b);
    sha256_force_portable(false);
    if (memcmp(a, b, sizeof a) != 0) {
      CHECK_FAIL_("digests differ at length %zu", len);
      break;
    }
  }
}

static void all_vectors(void);

TEST(vectors_with_portable_code) {
  sha256_force_portable(true);
  all_vectors();
  sha256_force_portable(false);
}

int main(void) {
  RUN(abc);
  RUN(empty);
  RUN(two_blocks_448_bits);
  RUN(million_a_streamed);
  RUN(byte_by_byte_equals_one_shot);
  RUN(hardware_and_portable_agree);
  RUN(vectors_with_portable_code);
  return CHECK_DONE();
}

static void all_vectors(void) {
  test_abc();
  test_empty();
  test_two_blocks_448_bits();
  test_million_a_streamed();
  test_byte_by_byte_equals_one_shot();
}
