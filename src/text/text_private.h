/* text_private: data shared between the files of src/text/, not part of the module's API. */
#ifndef YINFA_TEXT_TEXT_PRIVATE_H
#define YINFA_TEXT_TEXT_PRIVATE_H

#include <stddef.h>
#include <stdint.h>
#include <unicode/utypes.h>

/* UTF-8 ('len' bytes) → UTF-16, NUL-terminated, its length in units in *n16. Malloc'd; NULL for
 * text that is not UTF-8 or longer than ICU's int32 lengths allow. (utf16.c) */
UChar *txt_u16_from_utf8(const char *utf8, size_t len, int32_t *n16);
/* UTF-16 ('n16' units) → UTF-8, NUL-terminated, its length in *out_len (may be NULL). Malloc'd;
 * NULL for unpaired surrogates. (utf16.c) */
char *txt_utf8_from_u16(const UChar *u16, int32_t n16, size_t *out_len);

/* Total strokes of the simplified form of each CJK ideograph (Unihan kTotalStrokes), in three
 * dense ranges; generated into strokes_data.c by strokes_gen.sh. */
extern const uint8_t txt_strokes_bmp[0x9FFF - 0x3400 + 1];
extern const uint8_t txt_strokes_compat[0xFAFF - 0xF900 + 1];
extern const uint8_t txt_strokes_sip[0x323AF - 0x20000 + 1];

/* Stroke count of 'cp', 0 if it is not an ideograph Unihan counts. */
static inline int txt_stroke_count(uint32_t cp) {
  if (cp >= 0x3400 && cp <= 0x9FFF) return txt_strokes_bmp[cp - 0x3400];
  if (cp >= 0xF900 && cp <= 0xFAFF) return txt_strokes_compat[cp - 0xF900];
  if (cp >= 0x20000 && cp <= 0x323AF) return txt_strokes_sip[cp - 0x20000];
  return 0;
}

#endif
