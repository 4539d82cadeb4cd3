/* Legacy text encodings to UTF-8 through ICU's converters (ucnv): the GB18030/GBK that Excel on
 * Chinese Windows writes as "CSV", and the UTF-16 of its "Unicode text". */
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include "core/xmalloc.h"
#include "text/text.h"
#include "text/text_private.h"

txt_encoding txt_detect_encoding(const char *bytes, size_t len) {
  const unsigned char *b = (const unsigned char *)bytes;
  if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) return TXT_ENC_UTF8;
  if (len >= 2 && b[0] == 0xFF && b[1] == 0xFE) return TXT_ENC_UTF16LE;
  if (len >= 2 && b[0] == 0xFE && b[1] == 0xFF) return TXT_ENC_UTF16BE;
  /* GBK text of any length is almost never well-formed UTF-8 (its lead bytes 0x81-0xFE are
   * followed by bytes 0x40-0xFE, rarely continuation bytes in the right count), so the UTF-8
   * check decides. */
  if (txt_utf8_valid(bytes, len, NULL)) return TXT_ENC_UTF8;
  /* A UTF-8 file with a few bad bytes (a paste from elsewhere, a disk error) is still UTF-8: its
   * bad bytes are the thing to report, not a GB18030 error somewhere else in the file. Decoded
   * as UTF-8, GBK text gives more bad bytes than well-formed sequences. */
  size_t good = 0, bad = 0;
  for (size_t i = 0; i < len;) {
    if (b[i] < 0x80) {
      i++;
      continue;
    }
    uint32_t cp;
    size_t n = txt_utf8_decode(bytes + i, len - i, &cp);
    if (n) good++, i += n;
    else bad++, i++;
  }
  if (good >= 8 && good >= 4 * bad) return TXT_ENC_UTF8;
  return TXT_ENC_GB18030;
}

const char *txt_encoding_name(txt_encoding e) {
  switch (e) {
    case TXT_ENC_UTF16LE: return "UTF-16LE";
    case TXT_ENC_UTF16BE: return "UTF-16BE";
    case TXT_ENC_GB18030: return "GB18030";
    default: return "UTF-8";
  }
}

char *txt_to_utf8(const char *bytes, size_t len, txt_encoding enc, size_t *out_len,
                  size_t *bad_offset) {
  size_t skip = 0;
  const unsigned char *b = (const unsigned char *)bytes;
  if (enc == TXT_ENC_UTF8) {
    if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) skip = 3;
    size_t bad;
    if (!txt_utf8_valid(bytes + skip, len - skip, &bad)) {
      if (bad_offset) *bad_offset = bad + skip;
      return NULL;
    }
    char *out = xstrndup(bytes + skip, len - skip);
    if (out_len) *out_len = len - skip;
    return out;
  }
  if ((enc == TXT_ENC_UTF16LE && len >= 2 && b[0] == 0xFF && b[1] == 0xFE) ||
      (enc == TXT_ENC_UTF16BE && len >= 2 && b[0] == 0xFE && b[1] == 0xFF))
    skip = 2;
  if (len - skip > (size_t)INT32_MAX / 2) {
    if (bad_offset) *bad_offset = (size_t)INT32_MAX / 2;
    return NULL;
  }
  UErrorCode status = U_ZERO_ERROR;
  UConverter *cv = ucnv_open(txt_encoding_name(enc), &status);
  if (U_FAILURE(status)) return NULL;
  /* Stop at the first byte sequence that is not in the encoding instead of writing U+FFFD:
   * the caller reports where it is. */
  ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &status);
  size_t cap16 = (len - skip) + 1; /* never more UTF-16 units than bytes */
  UChar *u16 = xmalloc(cap16 * sizeof(UChar));
  UChar *target = u16;
  const char *src = bytes + skip;
  ucnv_toUnicode(cv, &target, u16 + cap16, &src, bytes + len, NULL, true, &status);
  char *out = NULL;
  if (U_FAILURE(status)) {
    char invalid[32];
    int8_t n = sizeof invalid;
    UErrorCode s2 = U_ZERO_ERROR;
    ucnv_getInvalidChars(cv, invalid, &n, &s2);
    if (bad_offset) *bad_offset = (size_t)(src - bytes) - (U_SUCCESS(s2) ? (size_t)n : 0);
    goto done;
  }
  out = txt_utf8_from_u16(u16, (int32_t)(target - u16), out_len);
done:
  free(u16);
  ucnv_close(cv);
  return out;
}
