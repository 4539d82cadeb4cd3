/* UTF-8 well-formedness (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF) and
 * Unicode Normalization Form C (UAX #15) through ICU's unorm2. */
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "core/xmalloc.h"
#include "text/text.h"
#include "text/text_private.h"

size_t txt_utf8_decode(const char *s, size_t len, uint32_t *cp) {
  const unsigned char *p = (const unsigned char *)s;
  if (len == 0) return 0;
  unsigned char c = p[0];
  size_t need;
  uint32_t v, min;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if (c >= 0xC2 && c <= 0xDF) {
    need = 2, v = c & 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3, v = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4, v = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (len < need) return 0;
  for (size_t i = 1; i < need; i++) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (p[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return need;
}

bool txt_utf8_valid(const char *s, size_t len, size_t *bad_offset) {
  size_t i = 0;
  while (i < len) {
    /* ASCII runs dominate XML markup; skip them without decoding. */
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    uint32_t cp;
    size_t n = txt_utf8_decode(s + i, len - i, &cp);
    if (n == 0) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += n;
  }
  return true;
}

size_t txt_utf8_encode(uint32_t cp, char *out) {
  unsigned char *o = (unsigned char *)out;
  if (cp < 0x80) {
    o[0] = (unsigned char)cp;
    return 1;
  } else if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | (cp >> 6));
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  } else if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (cp >> 18));
  o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

static bool is_ascii(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)s[i] >= 0x80) return false;
  return true;
}

char *txt_nfc(const char *utf8, size_t len, size_t *out_len) {
  /* ASCII is always NFC; most XML text nodes (indentation, numbers) take this path. */
  if (is_ascii(utf8, len)) {
    if (out_len) *out_len = len;
    return xstrndup(utf8, len);
  }
  UErrorCode st = U_ZERO_ERROR;
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
  if (U_FAILURE(st)) return NULL;

  int32_t n16 = 0;
  UChar *src = txt_u16_from_utf8(utf8, len, &n16);
  if (!src) return NULL;
  UChar *dst = NULL;
  char *out = NULL;

  /* Quick check first: text that is already NFC (nearly all of it) is copied unchanged. */
  if (unorm2_isNormalized(nfc, src, n16, &st) && U_SUCCESS(st)) {
    if (out_len) *out_len = len;
    out = xstrndup(utf8, len);
    goto done;
  }
  st = U_ZERO_ERROR;
  int32_t cap = n16 + 16, got;
  for (;;) {
    dst = xrealloc(dst, (size_t)cap * sizeof *dst);
    got = unorm2_normalize(nfc, src, n16, dst, cap, &st);
    if (st != U_BUFFER_OVERFLOW_ERROR) break;
    st = U_ZERO_ERROR;
    cap = got + 16;
  }
  if (U_FAILURE(st)) goto done;
  out = txt_utf8_from_u16(dst, got, out_len);
done:
  free(dst);
  free(src);
  return out;
}
