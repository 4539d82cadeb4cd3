/* fontcheck: a font file is checked before it is trusted (OpenType spec: TTC header, table
 * directory, table checksums, head/hhea/maxp/hmtx/loca/cmap, glyf glyph records), so a truncated
 * or bit-rotten file is refused by name instead of silently drawing nothing or another face. */
#include <stdio.h>
#include <string.h>

#include "core/lang.h"
#include "pdf/pdf_private.h"

#define TAG(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

static unsigned rd16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static uint32_t rd32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void tag_text(uint32_t tag, char out[5]) {
  for (int i = 0; i < 4; i++) {
    char c = (char)(tag >> (24 - 8 * i));
    out[i] = c >= 0x20 && c < 0x7f ? c : '?';
  }
  out[4] = '\0';
}

static uint32_t checksum(const unsigned char *p, size_t len, bool head) {
  uint32_t sum = 0;
  size_t i = 0;
  for (; i + 4 <= len; i += 4) sum += (head && i == 8) ? 0 : rd32(p + i); /* checkSumAdjustment */
  if (i < len) {
    unsigned char last[4] = {0};
    memcpy(last, p + i, len - i);
    sum += rd32(last);
  }
  return sum;
}

static bool truncated(diag_sink *diag, src_loc at, const char *label, const char *why) {
  diag_error(diag, at,
             L("font %s is truncated (%s): copy it again from where it came from (an interrupted copy or "
               "download leaves such a file)",
               "字体 %s 文件不完整（%s）：请从原处重新复制（复制或下载中断会留下这样的文件）"),
             label, why);
  return false;
}

static bool damaged(diag_sink *diag, src_loc at, const char *label, const char *why) {
  diag_error(diag, at, L("font %s is damaged (%s): copy it again from where it came from", "字体 %s 已损坏（%s）：请从原处重新复制"),
             label, why);
  return false;
}

bool pdf_sfnt_check(const unsigned char *d, size_t len, unsigned index, const char *label, src_loc at,
                    pdf_sfnt_info *info, diag_sink *diag) {
  char why[200];
  memset(info, 0, sizeof *info);
  if (len < 12) {
    snprintf(why, sizeof why, L("the file has %zu bytes", "文件只有 %zu 字节"), len);
    return len ? truncated(diag, at, label, why)
               : (diag_error(diag, at, L("font file %s is empty", "字体文件 %s 是空文件"), label), false);
  }
  uint32_t face = 0;
  if (rd32(d) == TAG('t', 't', 'c', 'f')) {
    uint32_t n = len >= 16 ? rd32(d + 8) : 0;
    if (n == 0 || n > 10000) {
      snprintf(why, sizeof why, L("a font collection with %u faces", "字体集声明有 %u 个字体"), (unsigned)n);
      return damaged(diag, at, label, why);
    }
    if (12 + 4 * (size_t)n > len) {
      snprintf(why, sizeof why, L("the list of its %u faces ends after the file's %zu bytes", "其 %u 个字体的列表超出文件的 %zu 字节"),
               (unsigned)n, len);
      return truncated(diag, at, label, why);
    }
    info->faces = n;
    if (index >= n) {
      diag_error(diag, at, L("font file %s has %u face(s); index %u does not exist", "字体文件 %s 只有 %u 个字体，序号 %u 不存在"),
                 label, (unsigned)n, index);
      return false;
    }
    face = rd32(d + 12 + 4 * index);
  } else {
    info->faces = 1;
    if (index > 0) {
      diag_error(diag, at, L("font file %s has 1 face; index %u does not exist (only a .ttc has more)",
                             "字体文件 %s 只有 1 个字体，序号 %u 不存在（只有 .ttc 才有多个）"),
                 label, index);
      return false;
    }
  }
  if ((size_t)face + 12 > len) {
    snprintf(why, sizeof why, L("face %u starts after the end of the file", "第 %u 个字体的起点超出文件末尾"), index);
    return truncated(diag, at, label, why);
  }
  uint32_t version = rd32(d + face);
  if (version != 0x00010000 && version != TAG('t', 'r', 'u', 'e') && version != TAG('O', 'T', 'T', 'O')) {
    diag_error(diag, at,
               L("%s is not a TrueType or OpenType font file (it starts with bytes %02X %02X %02X %02X)",
                 "%s 不是 TrueType 或 OpenType 字体文件（开头字节为 %02X %02X %02X %02X）"),
               label, d[face], d[face + 1], d[face + 2], d[face + 3]);
    return false;
  }
  unsigned nt = rd16(d + face + 4);
  if (face + 12 + 16 * (size_t)nt > len) {
    snprintf(why, sizeof why, L("its table directory of %u tables ends after the file's %zu bytes", "其 %u 个表的目录超出文件的 %zu 字节"),
             nt, len);
    return truncated(diag, at, label, why);
  }
  const unsigned char *head = NULL, *hhea = NULL, *maxp = NULL, *hmtx = NULL, *cmap = NULL;
  uint32_t head_len = 0, hhea_len = 0, maxp_len = 0, hmtx_len = 0, cmap_len = 0;
  bool cff = false, cff2 = false;
  for (unsigned i = 0; i < nt; i++) {
    const unsigned char *r = d + face + 12 + 16 * i;
    uint32_t tag = rd32(r), sum = rd32(r + 4), off = rd32(r + 8), tl = rd32(r + 12);
    char t[5];
    tag_text(tag, t);
    if ((uint64_t)off + tl > len) {
      snprintf(why, sizeof why, L("table '%s' ends at byte %llu, the file has %zu bytes", "表“%s”止于第 %llu 字节，而文件只有 %zu 字节"),
               t, (unsigned long long)off + tl, len);
      return truncated(diag, at, label, why);
    }
    /* 'head' and 'name' are left out: shipped fonts carry stale sums there (Debian's AR PL
     * gbsn00lp/gkai00mp and every face of wqy-zenhei.ttc, measured), and neither is drawn from. */
    if (tag == TAG('g', 'l', 'y', 'f') || tag == TAG('C', 'F', 'F', ' ')) {
      /* tens of MB in a CJK font, mostly of glyphs no run draws: summed when the font is used */
      info->outlines.off = off, info->outlines.len = tl, info->outlines.sum = sum;
    } else if (tag != TAG('h', 'e', 'a', 'd') && tag != TAG('n', 'a', 'm', 'e') && tag != TAG('D', 'S', 'I', 'G') &&
               checksum(d + off, tl, false) != sum) {
      snprintf(why, sizeof why, L("the checksum of table '%s' does not match its contents", "表“%s”的校验和与内容不符"), t);
      return damaged(diag, at, label, why);
    }
    const unsigned char *p = d + off;
    switch (tag) {
      case TAG('h', 'e', 'a', 'd'): head = p, head_len = tl; break;
      case TAG('h', 'h', 'e', 'a'): hhea = p, hhea_len = tl; break;
      case TAG('m', 'a', 'x', 'p'): maxp = p, maxp_len = tl; break;
      case TAG('h', 'm', 't', 'x'): hmtx = p, hmtx_len = tl; break;
      case TAG('c', 'm', 'a', 'p'): cmap = p, cmap_len = tl; break;
      case TAG('l', 'o', 'c', 'a'): info->loca = p, info->loca_len = tl; break;
      case TAG('g', 'l', 'y', 'f'): info->glyf = p, info->glyf_len = tl; break;
      case TAG('C', 'F', 'F', ' '): cff = true; break;
      case TAG('C', 'F', 'F', '2'): cff2 = true; break;
      default: break;
    }
  }
  const char *missing = !head ? "head" : !hhea ? "hhea" : !maxp ? "maxp" : !hmtx ? "hmtx" : !cmap ? "cmap" : NULL;
  if (missing) {
    snprintf(why, sizeof why, L("it has no '%s' table", "缺少“%s”表"), missing);
    return damaged(diag, at, label, why);
  }
  if (!info->glyf && cff2) {
    diag_error(diag, at,
               L("font %s is a variable font with CFF2 outlines, which yinfa cannot embed: choose a static "
                 "instance (an .otf or .ttf of one weight)",
                 "字体 %s 是 CFF2 轮廓的可变字体，yinfa 无法嵌入：请选用单一字重的静态字体（.otf 或 .ttf）"),
               label);
    return false;
  }
  info->cff = !info->glyf && cff;
  if (!info->cff && (!info->glyf || !info->loca)) {
    snprintf(why, sizeof why, L("it has no '%s' table", "缺少“%s”表"), !info->glyf ? "glyf" : "loca");
    return damaged(diag, at, label, why);
  }
  if (head_len < 54 || rd32(head + 12) != 0x5F0F3CF5u) {
    snprintf(why, sizeof why, L("its 'head' table is not valid", "“head”表无效"));
    return damaged(diag, at, label, why);
  }
  info->upem = rd16(head + 18);
  info->long_loca = rd16(head + 50) == 1;
  info->num_glyphs = maxp_len >= 6 ? rd16(maxp + 4) : 0;
  unsigned nhm = hhea_len >= 36 ? rd16(hhea + 34) : 0;
  if (info->upem < 16 || info->upem > 16384 || info->num_glyphs == 0 || nhm == 0 || nhm > info->num_glyphs ||
      hmtx_len < 4 * (size_t)nhm + 2 * (size_t)(info->num_glyphs - nhm) || cmap_len < 4 ||
      (!info->cff && info->loca_len < ((size_t)info->num_glyphs + 1) * (info->long_loca ? 4 : 2))) {
    snprintf(why, sizeof why, L("its 'head', 'hhea', 'maxp', 'hmtx', 'loca' or 'cmap' table does not agree with its %u glyphs",
                                "其“head”“hhea”“maxp”“hmtx”“loca”或“cmap”表与其 %u 个字形不符"),
             info->num_glyphs);
    return damaged(diag, at, label, why);
  }
  /* loca must rise and stay inside glyf, or every later glyph is garbage */
  uint32_t prev = 0;
  for (unsigned g = 0; !info->cff && g <= info->num_glyphs; g++) {
    uint32_t o = info->long_loca ? rd32(info->loca + 4 * g) : 2u * rd16(info->loca + 2 * g);
    if (o < prev || o > info->glyf_len) {
      snprintf(why, sizeof why, L("glyph %u lies outside its 'glyf' table", "第 %u 个字形超出“glyf”表"), g);
      return damaged(diag, at, label, why);
    }
    prev = o;
  }
  return true;
}

static bool glyph_ok(const pdf_sfnt_info *info, unsigned gid, int depth) {
  if (gid >= info->num_glyphs || depth > 8) return false;
  const unsigned char *L4 = info->loca;
  uint32_t o = info->long_loca ? rd32(L4 + 4 * gid) : 2u * rd16(L4 + 2 * gid);
  uint32_t e = info->long_loca ? rd32(L4 + 4 * gid + 4) : 2u * rd16(L4 + 2 * gid + 2);
  if (e == o) return true; /* no outline (a space) */
  if (e < o + 10) return false;
  const unsigned char *g = info->glyf + o;
  size_t n = e - o;
  int contours = (int)(int16_t)rd16(g);
  if ((int16_t)rd16(g + 2) > (int16_t)rd16(g + 6) || (int16_t)rd16(g + 4) > (int16_t)rd16(g + 8)) return false;
  if (contours >= 0) {
    size_t p = 10 + 2 * (size_t)contours;
    if (p + 2 > n) return false;
    unsigned points = 0;
    for (int c = 0; c < contours; c++) {
      unsigned end = rd16(g + 10 + 2 * c) + 1u;
      if (end <= points && c > 0) return false;
      points = end;
    }
    p += 2 + rd16(g + p);
    size_t xbytes = 0, ybytes = 0;
    for (unsigned i = 0; i < points;) {
      if (p >= n) return false;
      unsigned flags = g[p++], repeat = 1;
      if (flags & 0x08) {
        if (p >= n) return false;
        repeat += g[p++];
      }
      xbytes += repeat * ((flags & 0x02) ? 1u : (flags & 0x10) ? 0u : 2u);
      ybytes += repeat * ((flags & 0x04) ? 1u : (flags & 0x20) ? 0u : 2u);
      i += repeat;
    }
    return p + xbytes + ybytes <= n;
  }
  if (contours != -1) return false;
  for (size_t p = 10;;) {
    if (p + 4 > n) return false;
    unsigned flags = rd16(g + p), comp = rd16(g + p + 2);
    if (comp >= info->num_glyphs || !glyph_ok(info, comp, depth + 1)) return false;
    size_t rec = 4 + ((flags & 0x1) ? 4 : 2) + ((flags & 0x8) ? 2 : (flags & 0x40) ? 4 : (flags & 0x80) ? 8 : 0);
    if (p + rec > n) return false;
    p += rec;
    if (!(flags & 0x20)) return true;
  }
}

bool pdf_glyph_check(const pdf_sfnt_info *info, unsigned gid) { return glyph_ok(info, gid, 0); }

bool pdf_sfnt_check_outlines(const unsigned char *d, const pdf_sfnt_info *info, const char *label, src_loc at,
                             diag_sink *diag) {
  if (checksum(d + info->outlines.off, info->outlines.len, false) == info->outlines.sum) return true;
  char why[200];
  snprintf(why, sizeof why, L("the checksum of table '%s' does not match its contents", "表“%s”的校验和与内容不符"),
           info->cff ? "CFF " : "glyf");
  return damaged(diag, at, label, why);
}
