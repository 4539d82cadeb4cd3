/* fontinfo: what `yinfa fonts` prints — per role the font used, its file, why it was chosen, and
 * what it and the fallback chain cover (GB2312 and GBK hanzi, the CJK blocks URO and Ext A..I);
 * and whether its 、，。 sit where simplified-Chinese typography puts them. */
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "pdf/pdf_private.h"

#define ROLE_NAMES pdf_role_names

typedef struct {
  const char *name;
  uint32_t lo, hi; /* assigned ideographs of the block (Unicode 15.1) */
} block;

static const block BLOCKS[] = {
    {"URO", 0x4E00, 0x9FFF},   {"Ext A", 0x3400, 0x4DBF}, {"Ext B", 0x20000, 0x2A6DF},
    {"Ext C", 0x2A700, 0x2B739}, {"Ext D", 0x2B740, 0x2B81D}, {"Ext E", 0x2B820, 0x2CEA1},
    {"Ext F", 0x2CEB0, 0x2EBE0}, {"Ext G", 0x30000, 0x3134A}, {"Ext H", 0x31350, 0x323AF},
    {"Ext I", 0x2EBF0, 0x2EE5D},
};
#define NBLOCKS (sizeof BLOCKS / sizeof *BLOCKS)

static bool is_han(uint32_t cp) {
  for (size_t i = 0; i < NBLOCKS; i++)
    if (cp >= BLOCKS[i].lo && cp <= BLOCKS[i].hi) return true;
  return cp == 0x3007 || (cp >= 0xF900 && cp <= 0xFAFF);
}

/* The hanzi of a GB charset (glibc iconv "GB2312" or "GBK"): every two-byte code that converts to
 * a Han character. NULL when iconv lacks the charset. Free with free(); *n receives the count. */
static uint32_t *charset_han(const char *charset, unsigned lead_lo, unsigned trail_lo, size_t *n) {
  iconv_t cd = iconv_open("UTF-32BE", charset);
  *n = 0;
  if (cd == (iconv_t)-1) return NULL;
  uint32_t *out = xmalloc(24000 * sizeof *out);
  for (unsigned a = lead_lo; a <= 0xFE; a++) {
    for (unsigned b = trail_lo; b <= 0xFE; b++) {
      char in[2] = {(char)a, (char)b};
      unsigned char u[8];
      char *ip = in, *op = (char *)u;
      size_t il = 2, ol = sizeof u;
      iconv(cd, NULL, NULL, NULL, NULL);
      if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || ol != 4) continue;
      uint32_t cp = (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
      if (is_han(cp) && *n < 24000) out[(*n)++] = cp;
    }
  }
  iconv_close(cd);
  return out;
}

typedef struct {
  uint32_t *gb2312, *gbk;
  size_t gb2312_n, gbk_n;
} charsets;

/* has(file or chain, cp) */
typedef bool (*has_fn)(const pdf_fonts *fonts, int which, uint32_t cp);

static bool file_has(const pdf_fonts *fonts, int which, uint32_t cp) {
  return pdf_file_gid(&fonts->files[which], cp) != 0;
}
static bool chain_has(const pdf_fonts *fonts, int which, uint32_t cp) {
  return pdf_resolve(fonts, (lay_font)which, cp) >= 0;
}

static void coverage(strbuf *out, const pdf_fonts *fonts, int which, has_fn has, const charsets *cs) {
  size_t n = 0;
  for (size_t i = 0; i < cs->gb2312_n; i++) n += has(fonts, which, cs->gb2312[i]);
  strbuf_printf(out, "GB2312 %zu/%zu", n, cs->gb2312_n);
  n = 0;
  for (size_t i = 0; i < cs->gbk_n; i++) n += has(fonts, which, cs->gbk[i]);
  strbuf_printf(out, ", GBK %zu/%zu", n, cs->gbk_n);
  for (size_t b = 0; b < NBLOCKS; b++) {
    n = 0;
    for (uint32_t cp = BLOCKS[b].lo; cp <= BLOCKS[b].hi; cp++) n += has(fonts, which, cp);
    strbuf_printf(out, ", %s %zu/%u", BLOCKS[b].name, n, (unsigned)(BLOCKS[b].hi - BLOCKS[b].lo + 1));
  }
}

static void family_name(const pdf_font_file *f, char *name, unsigned size) {
  static const hb_ot_name_id_t IDS[2] = {HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY, HB_OT_NAME_ID_FONT_FAMILY};
  hb_language_t langs[2] = {hb_language_from_string("zh-CN", -1), HB_LANGUAGE_INVALID};
  for (int l = 0; l < 2; l++)
    for (int i = 0; i < 2; i++) {
      unsigned len = size;
      if (hb_ot_name_get_utf8(f->face, IDS[i], langs[l], &len, name) > 0 && name[0]) return;
    }
  snprintf(name, size, "?");
}

/* Simplified-Chinese designs put the ink of ，。、 in the lower left quarter of the em; traditional
 * (Taiwan, Hong Kong) designs centre it. Appends the marks whose ink centre lies right of 0.35 em
 * to 'out' and returns how many. */
static int centred_marks(const pdf_font_file *f, char out[16]) {
  static const uint32_t MARKS[3] = {0xFF0C, 0x3002, 0x3001};
  static const char *const TEXT[3] = {"，", "。", "、"};
  hb_font_t *font = hb_font_create(f->face);
  int n = 0;
  out[0] = '\0';
  for (int i = 0; i < 3; i++) {
    unsigned g = pdf_file_gid(f, MARKS[i]);
    hb_glyph_extents_t e;
    if (!g || !f->adv[g] || !hb_font_get_glyph_extents(font, g, &e)) continue;
    if ((e.x_bearing + e.width / 2.0) / f->adv[g] > 0.35) strcat(out, TEXT[i]), n++;
  }
  hb_font_destroy(font);
  return n;
}

static void describe_file(strbuf *out, const pdf_fonts *fonts, int fi, const charsets *cs, const char *indent) {
  const pdf_font_file *f = &fonts->files[fi];
  char name[256];
  family_name(f, name, sizeof name);
  strbuf_printf(out, "%s%s\n", name, f->sfnt.cff ? " (CFF)" : "");
  strbuf_printf(out, "%s%s %s\n", indent, L("file:", "文件："), f->label);
  strbuf_printf(out, "%s%s ", indent, L("covers:", "覆盖："));
  coverage(out, fonts, fi, file_has, cs);
  strbuf_putc(out, '\n');
}

void pdf_fonts_describe(const pdf_fonts *fonts, strbuf *out) {
  charsets cs = {0};
  cs.gb2312 = charset_han("GB2312", 0xA1, 0xA1, &cs.gb2312_n);
  cs.gbk = charset_han("GBK", 0x81, 0x40, &cs.gbk_n);
  for (int r = 0; r < LAY_FONT_COUNT; r++) {
    const pdf_role *role = &fonts->roles[r];
    int own = role->chain[0];
    strbuf_printf(out, "%-8s ", ROLE_NAMES[r]);
    describe_file(out, fonts, own, &cs, "         ");
    strbuf_printf(out, "         %s %s%s\n", L("why:", "原因："), role->why ? role->why : "",
                  role->fake_bold ? L(" (drawn bold by fill-then-stroke)", "（以描边加粗）") : "");
    char marks[16];
    if (centred_marks(&fonts->files[own], marks))
      strbuf_printf(out, "         %s%s%s\n", L("punctuation: ", "标点："), marks,
                    L(" centred in the em (a traditional-Chinese design), not where simplified Chinese puts it",
                      " 居中（繁体中文设计），不在简体中文标点的位置"));
    strbuf_printf(out, "         %s ", L("with fallbacks:", "含后备字体："));
    coverage(out, fonts, r, chain_has, &cs);
    strbuf_putc(out, '\n');
  }
  strbuf_printf(out, "%s\n", L("fallback chain (for characters a role's font lacks):", "后备字体（角色字体缺少的字符依次从中取）："));
  const pdf_role *body = &fonts->roles[LAY_FONT_BODY];
  for (int i = 1; i < body->chain_len; i++) {
    strbuf_printf(out, "  %d. ", i);
    describe_file(out, fonts, body->chain[i], &cs, "     ");
  }
  free(cs.gb2312);
  free(cs.gbk);
}
