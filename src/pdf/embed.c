/* embed: the font program each document embeds (PDF 32000-1 §9.9, FontFile2): our run subset with
 * only the outlines that document draws (plus composite components), written directly instead of
 * through libharu's per-document TrueType parser and writer (OpenType spec: sfnt, loca, glyf). */
#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "pdf/pdf_private.h"

static unsigned rd16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static uint32_t rd32(const unsigned char *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static int rds16(const unsigned char *p) { return (int)(int16_t)rd16(p); }

static void wr16(unsigned char *p, unsigned v) {
  p[0] = (unsigned char)(v >> 8);
  p[1] = (unsigned char)v;
}
static void wr32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

static const unsigned char *table(const pdf_subset *sb, uint32_t tag, uint32_t *len) {
  for (unsigned i = 0; i < sb->table_count; i++)
    if (sb->tables[i].tag == tag) {
      *len = sb->tables[i].len;
      return sb->data + sb->tables[i].off;
    }
  *len = 0;
  return NULL;
}

#define TAG(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

bool pdf_program_parse(pdf_subset *sb, const char *label, diag_sink *diag) {
  unsigned len;
  sb->data = (const unsigned char *)hb_blob_get_data(sb->blob, &len);
  sb->len = len;
  src_loc at = {label, 0, 0, NULL};
  const unsigned char *d = sb->data;
  bool ok = len >= 12;
  unsigned n = ok ? rd16(d + 4) : 0;
  ok = ok && 12 + 16 * (size_t)n <= len && n <= sizeof sb->tables / sizeof *sb->tables;
  for (unsigned i = 0; ok && i < n; i++) {
    const unsigned char *r = d + 12 + 16 * i;
    uint32_t off = rd32(r + 8), tl = rd32(r + 12);
    if ((uint64_t)off + tl > len) ok = false;
    sb->tables[i].tag = rd32(r);
    sb->tables[i].off = off;
    sb->tables[i].len = tl;
  }
  sb->table_count = ok ? n : 0;
  uint32_t hl = 0, hhl = 0, ml = 0, ll = 0, gl = 0, ol = 0;
  const unsigned char *head = table(sb, TAG('h', 'e', 'a', 'd'), &hl), *hhea = table(sb, TAG('h', 'h', 'e', 'a'), &hhl),
                      *maxp = table(sb, TAG('m', 'a', 'x', 'p'), &ml), *loca = table(sb, TAG('l', 'o', 'c', 'a'), &ll),
                      *glyf = table(sb, TAG('g', 'l', 'y', 'f'), &gl), *os2 = table(sb, TAG('O', 'S', '/', '2'), &ol);
  ok = ok && head && hl >= 54 && hhea && hhl >= 36 && maxp && ml >= 6 && loca && glyf;
  if (ok) {
    sb->upem = rd16(head + 18);
    sb->num_glyphs = rd16(maxp + 4);
    bool long_loca = rds16(head + 50) == 1;
    ok = sb->upem > 0 && ll >= (sb->num_glyphs + 1) * (long_loca ? 4u : 2u);
  }
  if (!ok) {
    diag_error(diag, at, L("the font subset is not a TrueType font we can embed", "字体子集不是可以嵌入的 TrueType 字体"));
    return false;
  }
  double k = 1000.0 / sb->upem;
  sb->bbox[0] = (int)(rds16(head + 36) * k), sb->bbox[1] = (int)(rds16(head + 38) * k);
  sb->bbox[2] = (int)(rds16(head + 40) * k), sb->bbox[3] = (int)(rds16(head + 42) * k);
  sb->ascent = (int)(rds16(hhea + 4) * k);
  sb->descent = (int)(rds16(hhea + 6) * k);
  sb->cap_height = (os2 && ol >= 90 && rd16(os2) >= 2) ? (int)(rds16(os2 + 88) * k) : sb->ascent;
  bool long_loca = rds16(head + 50) == 1;
  unsigned ng = sb->num_glyphs;
  sb->glyph_off = xmalloc((ng + 1) * sizeof *sb->glyph_off);
  for (unsigned g = 0; g <= ng; g++) {
    uint32_t o = long_loca ? rd32(loca + 4 * g) : 2u * rd16(loca + 2 * g);
    sb->glyph_off[g] = o > gl ? gl : o;
  }
  sb->glyf = glyf;

  /* Composite glyphs: their component glyph ids, so a document embeds them too. */
  sb->comp_start = xcalloc(ng + 1, sizeof *sb->comp_start);
  size_t cap = 0, count = 0;
  for (unsigned g = 0; g < ng; g++) {
    sb->comp_start[g] = (uint32_t)count;
    uint32_t o = sb->glyph_off[g], e = sb->glyph_off[g + 1];
    if (e < o + 10 || rds16(glyf + o) >= 0) continue;
    uint32_t p = o + 10;
    for (;;) {
      if (p + 4 > e) break;
      unsigned flags = rd16(glyf + p), comp = rd16(glyf + p + 2);
      sb->comp = xgrow(sb->comp, &cap, count + 1, sizeof *sb->comp);
      sb->comp[count++] = (uint16_t)comp;
      p += 4 + ((flags & 1) ? 4 : 2);
      if (flags & 8)
        p += 2;
      else if (flags & 0x40)
        p += 4;
      else if (flags & 0x80)
        p += 8;
      if (!(flags & 0x20)) break;
    }
  }
  sb->comp_start[ng] = (uint32_t)count;

  hb_face_t *face = hb_face_create(sb->blob, 0);
  char name[64];
  unsigned nl = sizeof name;
  hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &nl, name);
  hb_face_destroy(face);
  size_t j = 0;
  for (size_t i = 0; name[i] && j + 1 < sizeof sb->ps_name; i++) {
    char c = name[i];
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
      sb->ps_name[j++] = c;
  }
  if (j == 0) memcpy(sb->ps_name, "Font", 5), j = 4;
  sb->ps_name[j] = '\0';
  return true;
}

void pdf_program_free(pdf_subset *sb) {
  free(sb->glyph_off);
  free(sb->comp_start);
  free(sb->comp);
  sb->glyph_off = NULL;
  sb->comp_start = NULL;
  sb->comp = NULL;
}

void pdf_program_close(const pdf_subset *sb, unsigned char *used) {
  /* components of components: repeat until nothing new (depth is tiny in practice) */
  for (bool grew = true; grew;) {
    grew = false;
    for (unsigned g = 0; g < sb->num_glyphs; g++) {
      if (!used[g]) continue;
      for (uint32_t i = sb->comp_start[g]; i < sb->comp_start[g + 1]; i++) {
        unsigned c = sb->comp[i];
        if (c < sb->num_glyphs && !used[c]) {
          used[c] = 1;
          grew = grew || c < g;
        }
      }
    }
  }
}

static uint32_t checksum(const unsigned char *p, size_t len) {
  uint32_t sum = 0;
  size_t i = 0;
  for (; i + 4 <= len; i += 4) sum += rd32(p + i);
  if (i < len) {
    unsigned char last[4] = {0};
    memcpy(last, p + i, len - i);
    sum += rd32(last);
  }
  return sum;
}

/* Tables a PDF viewer may read from a CIDFontType2 program; the rest of the subset is left out. */
static const uint32_t KEEP[] = {TAG('O', 'S', '/', '2'), TAG('c', 'm', 'a', 'p'), TAG('c', 'v', 't', ' '),
                                TAG('f', 'p', 'g', 'm'), TAG('g', 'l', 'y', 'f'), TAG('h', 'e', 'a', 'd'),
                                TAG('h', 'h', 'e', 'a'), TAG('h', 'm', 't', 'x'), TAG('l', 'o', 'c', 'a'),
                                TAG('m', 'a', 'x', 'p'), TAG('n', 'a', 'm', 'e'), TAG('p', 'o', 's', 't'),
                                TAG('p', 'r', 'e', 'p')};

size_t pdf_program_build(const pdf_subset *sb, const unsigned char *used, unsigned char **out) {
  unsigned ng = sb->num_glyphs;
  size_t glyf_len = 0;
  for (unsigned g = 0; g < ng; g++)
    if (used[g] && sb->glyph_off[g + 1] > sb->glyph_off[g]) glyf_len += (sb->glyph_off[g + 1] - sb->glyph_off[g] + 3) & ~3u;
  bool short_loca = glyf_len < 0x20000;
  size_t loca_len = (size_t)(ng + 1) * (short_loca ? 2 : 4);

  struct {
    uint32_t tag;
    const unsigned char *src;
    size_t len;
  } t[sizeof KEEP / sizeof *KEEP];
  unsigned nt = 0;
  for (size_t k = 0; k < sizeof KEEP / sizeof *KEEP; k++) {
    uint32_t len;
    const unsigned char *src = table(sb, KEEP[k], &len);
    if (KEEP[k] == TAG('g', 'l', 'y', 'f')) src = NULL, len = (uint32_t)glyf_len;
    else if (KEEP[k] == TAG('l', 'o', 'c', 'a')) src = NULL, len = (uint32_t)loca_len;
    else if (!src) continue;
    t[nt].tag = KEEP[k], t[nt].src = src, t[nt].len = len;
    nt++;
  }
  size_t total = 12 + 16 * (size_t)nt;
  for (unsigned i = 0; i < nt; i++) total += (t[i].len + 3) & ~(size_t)3;
  unsigned char *b = xcalloc(1, total);
  unsigned sr = 1, es = 0;
  while (sr * 2 <= nt) sr *= 2, es++;
  wr32(b, 0x00010000);
  wr16(b + 4, nt);
  wr16(b + 6, sr * 16);
  wr16(b + 8, es);
  wr16(b + 10, nt * 16 - sr * 16);
  size_t pos = 12 + 16 * (size_t)nt, head_pos = 0;
  for (unsigned i = 0; i < nt; i++) { /* KEEP is sorted by tag, as the directory must be */
    unsigned char *dst = b + pos;
    if (t[i].tag == TAG('g', 'l', 'y', 'f')) {
      size_t o = 0;
      for (unsigned g = 0; g < ng; g++) {
        uint32_t s = sb->glyph_off[g], e = sb->glyph_off[g + 1];
        if (used[g] && e > s) {
          memcpy(dst + o, sb->glyf + s, e - s);
          o += (e - s + 3) & ~3u;
        }
      }
    } else if (t[i].tag == TAG('l', 'o', 'c', 'a')) {
      size_t o = 0;
      for (unsigned g = 0; g <= ng; g++) {
        if (short_loca)
          wr16(dst + 2 * g, (unsigned)(o / 2));
        else
          wr32(dst + 4 * g, (uint32_t)o);
        if (g < ng && used[g] && sb->glyph_off[g + 1] > sb->glyph_off[g])
          o += (sb->glyph_off[g + 1] - sb->glyph_off[g] + 3) & ~3u;
      }
    } else {
      memcpy(dst, t[i].src, t[i].len);
      if (t[i].tag == TAG('h', 'e', 'a', 'd')) {
        head_pos = pos;
        wr32(dst + 8, 0);                 /* checkSumAdjustment, set below */
        wr16(dst + 50, short_loca ? 0 : 1); /* indexToLocFormat */
      }
    }
    unsigned char *rec = b + 12 + 16 * i;
    wr32(rec, t[i].tag);
    wr32(rec + 4, checksum(dst, t[i].len));
    wr32(rec + 8, (uint32_t)pos);
    wr32(rec + 12, (uint32_t)t[i].len);
    pos += (t[i].len + 3) & ~(size_t)3;
  }
  if (head_pos) wr32(b + head_pos + 8, 0xB1B0AFBAu - checksum(b, total));
  *out = b;
  return total;
}
