/* tounicode: the ToUnicode CMap that replaces libharu's malformed one (PDF 32000-1 §9.10.3;
 * Adobe TN #5014 / #5099): 2-byte CIDs → UTF-16BE, surrogate pairs beyond U+FFFF. */
#include <stdio.h>

#include "pdf/pdf_private.h"

static void put_utf16(strbuf *out, uint32_t cp) {
  if (cp >= 0x10000) {
    cp -= 0x10000;
    strbuf_printf(out, "%04X%04X", 0xd800 + (unsigned)(cp >> 10), 0xdc00 + (unsigned)(cp & 0x3ff));
  } else {
    strbuf_printf(out, "%04X", (unsigned)cp);
  }
}

void pdf_tounicode_cmap(strbuf *out, const uint16_t *cids, const uint32_t *cps, size_t n) {
  strbuf_append(out,
                "/CIDInit /ProcSet findresource begin\n"
                "12 dict begin\n"
                "begincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def\n"
                "/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
  for (size_t i = 0; i < n; i += 100) {
    size_t block = n - i < 100 ? n - i : 100;
    strbuf_printf(out, "%zu beginbfchar\n", block);
    for (size_t j = i; j < i + block; j++) {
      strbuf_printf(out, "<%04X> <", (unsigned)cids[j]);
      put_utf16(out, cps[j]);
      strbuf_append(out, ">\n");
    }
    strbuf_append(out, "endbfchar\n");
  }
  strbuf_append(out,
                "endcmap\n"
                "CMapName currentdict /CMap defineresource pop\n"
                "end\n"
                "end\n");
}
