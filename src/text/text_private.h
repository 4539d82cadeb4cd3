/* text_private: data shared between the files of src/text/, not part of the module's API. */
#ifndef YINFA_TEXT_TEXT_PRIVATE_H
#define YINFA_TEXT_TEXT_PRIVATE_H

#include <stdint.h>

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
