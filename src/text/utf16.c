/* utf16: the conversions between UTF-8 (everywhere in yinfa) and ICU's UTF-16, in one place for
 * the files of src/text/ that hand text to ICU (convert, normalize, names). */
#include <stdlib.h>
#include <unicode/ustring.h>

#include "core/xmalloc.h"
#include "text/text_private.h"

UChar *txt_u16_from_utf8(const char *utf8, size_t len, int32_t *n16) {
  if (len > INT32_MAX / 2) return NULL;
  UErrorCode st = U_ZERO_ERROR;
  int32_t n = 0;
  u_strFromUTF8(NULL, 0, &n, utf8, (int32_t)len, &st);
  if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st)) return NULL;
  st = U_ZERO_ERROR;
  UChar *u = xmalloc(((size_t)n + 1) * sizeof *u);
  u_strFromUTF8(u, n + 1, NULL, utf8, (int32_t)len, &st);
  if (U_FAILURE(st)) {
    free(u);
    return NULL;
  }
  *n16 = n;
  return u;
}

char *txt_utf8_from_u16(const UChar *u16, int32_t n16, size_t *out_len) {
  UErrorCode st = U_ZERO_ERROR;
  int32_t n8 = 0;
  u_strToUTF8(NULL, 0, &n8, u16, n16, &st);
  if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st)) return NULL;
  st = U_ZERO_ERROR;
  char *out = xmalloc((size_t)n8 + 1);
  u_strToUTF8(out, n8 + 1, NULL, u16, n16, &st);
  if (U_FAILURE(st)) {
    free(out);
    return NULL;
  }
  out[n8] = '\0';
  if (out_len) *out_len = (size_t)n8;
  return out;
}
