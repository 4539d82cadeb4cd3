/* Unit tests for text/normalize.c: UTF-8 validity, decoding, encoding and NFC. */
#include <stdlib.h>

#include "../../tests/check.h"
#include "text/text.h"

static bool valid(const char *s, size_t len, size_t *bad) { return txt_utf8_valid(s, len, bad); }

TEST(utf8_accepts_well_formed_text) {
  const char *s = "许昌 ABC 䶮堃喆珺 \xF0\xA0\xAE\xB7";  /* 𠮷 U+20BB7 */
  CHECK(valid(s, strlen(s), NULL));
  CHECK(valid("", 0, NULL));
}

TEST(utf8_rejects_bad_sequences_with_offset) {
  size_t bad = 99;
  CHECK(!valid("ab\xC0\xAF", 4, &bad)); /* overlong '/' */
  CHECK_INT(bad, 2);
  CHECK(!valid("x\xED\xA0\x80", 4, &bad)); /* surrogate D800 */
  CHECK_INT(bad, 1);
  CHECK(!valid("\xF4\x90\x80\x80", 4, &bad)); /* above U+10FFFF */
  CHECK_INT(bad, 0);
  CHECK(!valid("许\xE6\x98", 5, &bad)); /* truncated */
  CHECK_INT(bad, 3);
  CHECK(!valid("a\x80", 2, &bad)); /* stray continuation */
  CHECK_INT(bad, 1);
  CHECK(!valid("\xFF", 1, &bad));
  CHECK(!valid("\xE0\x80\xAF", 3, &bad)); /* overlong three-byte */
}

TEST(utf8_decode_and_encode_round_trip) {
  uint32_t cps[] = {0x41, 0xE9, 0x8BB8, 0x4DAE, 0x20BB7, 0x10FFFF};
  for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
    char buf[4];
    size_t n = txt_utf8_encode(cps[i], buf);
    uint32_t back = 0;
    CHECK_INT(txt_utf8_decode(buf, n, &back), n);
    CHECK_INT(back, cps[i]);
  }
  uint32_t cp;
  CHECK_INT(txt_utf8_decode("\xF0\xA0\xAE\xB7", 4, &cp), 4);
  CHECK_INT(cp, 0x20BB7);
  CHECK_INT(txt_utf8_decode("\xF0\xA0\xAE", 3, &cp), 0);
}

TEST(nfc_composes_and_keeps_normalized_text) {
  size_t n = 0;
  char *s = txt_nfc("Cafe\xCC\x81", 6, &n); /* e + combining acute */
  CHECK_STR(s, "Caf\xC3\xA9");
  CHECK_INT(n, 5);
  free(s);
  /* CJK compatibility ideograph U+F900 normalizes to U+8C48 (豈). */
  s = txt_nfc("\xEF\xA4\x80", 3, NULL);
  CHECK_STR(s, "\xE8\xB1\x88");
  free(s);
  const char *ok = "许昌市𠮷祥路";
  s = txt_nfc(ok, strlen(ok), &n);
  CHECK_STR(s, ok);
  CHECK_INT(n, strlen(ok));
  free(s);
  s = txt_nfc("", 0, &n);
  CHECK_STR(s, "");
  free(s);
}

int main(void) {
  RUN(utf8_accepts_well_formed_text);
  RUN(utf8_rejects_bad_sequences_with_offset);
  RUN(utf8_decode_and_encode_round_trip);
  RUN(nfc_composes_and_keeps_normalized_text);
  return CHECK_DONE();
}
