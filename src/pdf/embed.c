/* embed: the font program each document embeds (PDF 32000-1 §9.9, FontFile2): only the glyphs that
 * document draws (plus composite components) from our run subset, renumbered 0..k-1, so its size
 * does not grow with the run's vocabulary (OpenType spec: sfnt directory, head, hhea, hmtx, maxp,
 * loca, glyf composite records). */
#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>
#include <hb-subset.h>

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

/* Bytes of one component record of a composite glyph (OpenType glyf table): flags and glyph
 * index, two arguments of 1 or 2 bytes each, then no, one, two or four 2.14 scale values. */
enum { ARGS_ARE_WORDS = 0x1, HAVE_SCALE = 0x8, MORE_COMPONENTS = 0x20, HAVE_XY_SCALE = 0x40,
       HAVE_2X2 = 0x80 };
static unsigned component_bytes(unsigned flags) {
  unsigned n = 4 + ((flags & ARGS_ARE_WORDS) ? 4 : 2);
  if (flags & HAVE_SCALE) return n + 2;
  if (flags & HAVE_XY_SCALE) return n + 4;
  if (flags & HAVE_2X2) return n + 8;
  return n;
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
  uint32_t cl = 0;
  sb->cff = !glyf && table(sb, TAG('C', 'F', 'F', ' '), &cl) != NULL;
  ok = ok && head && hl >= 54 && hhea && hhl >= 36 && maxp && ml >= 6 && ((loca && glyf) || sb->cff);
  if (ok) {
    sb->upem = rd16(head + 18);
    sb->num_glyphs = rd16(maxp + 4);
    bool long_loca = rds16(head + 50) == 1;
    ok = sb->upem > 0 && (sb->cff || ll >= (sb->num_glyphs + 1) * (long_loca ? 4u : 2u));
  }
  if (!ok) {
    diag_error(diag, at, L("the font subset is not a TrueType font we can embed", "字体子集不是可以嵌入的 TrueType 字体"));
    return false;
  }
  double k = 1000.0 / sb->upem;
  sb->bbox[0] = (int)(rds16(head + 36) * k), sb->bbox[1] = (int)(rds16(head + 38) * k);
  sb->bbox[2] = (int)(rds16(head + 40) * k), sb->bbox[3] = (int)(rds16(head + 42) * k);
  /* Ascent/Descent bound the box extractors draw round each glyph (pdftotext -bbox, search
   * highlights). A CJK font's hhea values reach far beyond the ideographic em box (Noto CJK:
   * 1160/-288), so a title set at the top of the type area would seem to stand 2.5 pt above it;
   * the OS/2 typographic values are the em box (880/-120) when they span about one em. */
  sb->ascent = (int)(rds16(hhea + 4) * k);
  sb->descent = (int)(rds16(hhea + 6) * k);
  if (os2 && ol >= 72) {
    int typo_asc = rds16(os2 + 68), typo_desc = rds16(os2 + 70);
    int span = typo_asc - typo_desc, upem = (int)sb->upem;
    if (typo_asc > 0 && typo_desc <= 0 && span >= upem * 9 / 10 && span <= upem * 11 / 10)
      sb->ascent = (int)(typo_asc * k), sb->descent = (int)(typo_desc * k);
  }
  sb->cap_height = (os2 && ol >= 90 && rd16(os2) >= 2) ? (int)(rds16(os2 + 88) * k) : sb->ascent;
  if (sb->cff) {
    sb->face = hb_face_create(sb->blob, 0);
    goto name;
  }
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
      p += component_bytes(flags);
      if (!(flags & MORE_COMPONENTS)) break;
    }
  }
  sb->comp_start[ng] = (uint32_t)count;

name:;
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
  hb_face_destroy(sb->face);
  sb->face = NULL;
  free(sb->glyph_off);
  free(sb->comp_start);
  free(sb->comp);
  sb->glyph_off = NULL;
  sb->comp_start = NULL;
  sb->comp = NULL;
}

void pdf_program_close(const pdf_subset *sb, unsigned char *used) {
  if (sb->cff) return; /* CFF glyphs have no components (seac accents are resolved by hb-subset) */
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

/* Tables of the per-document program, sorted by tag as the table directory must be. */
static const uint32_t KEEP[] = {TAG('O', 'S', '/', '2'), TAG('c', 'm', 'a', 'p'), TAG('c', 'v', 't', ' '),
                                TAG('f', 'p', 'g', 'm'), TAG('g', 'l', 'y', 'f'), TAG('h', 'e', 'a', 'd'),
                                TAG('h', 'h', 'e', 'a'), TAG('h', 'm', 't', 'x'), TAG('l', 'o', 'c', 'a'),
                                TAG('m', 'a', 'x', 'p'), TAG('n', 'a', 'm', 'e'), TAG('p', 'o', 's', 't'),
                                TAG('p', 'r', 'e', 'p')};

/* An empty (3,1) format-4 cmap: the PDF maps CIDs to glyphs with CIDToGIDMap. */
static const unsigned char EMPTY_CMAP[] = {0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12, 0, 4, 0, 24, 0, 0, 0, 2, 0, 2,
                                           0, 0, 0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff, 0, 1, 0, 0};

/* A document's CFF program: the glyphs used, cut from the run's subset (cffcut.c), or where the
 * cut gives up, hb-subset of the run's subset to them. The charset keeps each glyph's CID, which
 * is what the document's content uses, so no CIDToGIDMap is needed. */
static size_t cff_program_build(const pdf_subset *sb, const unsigned char *used, unsigned char **out) {
  uint32_t run_len;
  const unsigned char *run_cff = table(sb, TAG('C', 'F', 'F', ' '), &run_len);
  size_t cut = run_cff ? pdf_cff_cut(run_cff, run_len, used, sb->num_glyphs, out) : 0;
  if (cut) return cut;
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in) xoom();
  hb_set_clear(hb_subset_input_unicode_set(in));
  hb_set_t *glyphs = hb_subset_input_glyph_set(in);
  for (unsigned g = 0; g < sb->num_glyphs; g++)
    if (used[g]) hb_set_add(glyphs, g);
  hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
  hb_face_t *built = hb_subset_or_fail(sb->face, in);
  hb_subset_input_destroy(in);
  *out = NULL;
  if (!built) return 0;
  hb_blob_t *cff = hb_face_reference_table(built, HB_TAG('C', 'F', 'F', ' '));
  unsigned len;
  const char *data = hb_blob_get_data(cff, &len);
  if (len) {
    *out = xmalloc(len);
    memcpy(*out, data, len);
  }
  hb_blob_destroy(cff);
  hb_face_destroy(built);
  return len;
}

/* glyf (dst_glyf) or loca (dst_loca): the used outlines, renumbered, composite references
 * rewritten; loca to match. */
static void write_glyf_loca(const pdf_subset *sb, const unsigned char *used, const uint16_t *new_gid,
                            unsigned char *glyf, unsigned char *loca, bool short_loca) {
  unsigned ng = sb->num_glyphs, j = 0;
  size_t o = 0;
  for (unsigned g = 0; g < ng; g++) {
    if (!used[g]) continue;
    if (loca) {
      if (short_loca)
        wr16(loca + 2 * j, (unsigned)(o / 2));
      else
        wr32(loca + 4 * j, (uint32_t)o);
    }
    j++;
    uint32_t s0 = sb->glyph_off[g], e = sb->glyph_off[g + 1];
    if (e <= s0) continue;
    if (glyf) {
      memcpy(glyf + o, sb->glyf + s0, e - s0);
      if (e >= s0 + 10 && rds16(sb->glyf + s0) < 0) {
        for (uint32_t p = 10; p + 4 <= e - s0;) {
          unsigned flags = rd16(glyf + o + p), comp = rd16(glyf + o + p + 2);
          wr16(glyf + o + p + 2, comp < ng ? new_gid[comp] : 0);
          p += component_bytes(flags);
          if (!(flags & MORE_COMPONENTS)) break;
        }
      }
    }
    o += (e - s0 + 3) & ~3u;
  }
  if (loca) {
    if (short_loca)
      wr16(loca + 2 * j, (unsigned)(o / 2));
    else
      wr32(loca + 4 * j, (uint32_t)o);
  }
}

/* hmtx of the used glyphs, every one with its own advance (numberOfHMetrics = k). */
static void write_hmtx(const pdf_subset *sb, const unsigned char *used, unsigned char *dst) {
  uint32_t hl = 0, hhl = 0;
  const unsigned char *hmtx = table(sb, TAG('h', 'm', 't', 'x'), &hl), *hhea = table(sb, TAG('h', 'h', 'e', 'a'), &hhl);
  unsigned nh = rd16(hhea + 34);
  if (nh == 0 || (size_t)nh * 4 > hl) nh = 0;
  unsigned j = 0;
  for (unsigned g = 0; g < sb->num_glyphs; g++) {
    if (!used[g]) continue;
    unsigned adv = 0, lsb = 0;
    if (nh && g < nh) {
      adv = rd16(hmtx + 4 * g), lsb = rd16(hmtx + 4 * g + 2);
    } else if (nh) {
      adv = rd16(hmtx + 4 * (nh - 1));
      size_t at = 4 * (size_t)nh + 2 * (size_t)(g - nh);
      lsb = at + 2 <= hl ? rd16(hmtx + at) : 0;
    }
    wr16(dst + 4 * j, adv);
    wr16(dst + 4 * j + 2, lsb);
    j++;
  }
}

typedef struct {
  uint32_t tag;
  const unsigned char *src;
  size_t len;
} prog_table;

/* The tables of a k-glyph program and their lengths, in the directory's order; returns the count. */
static unsigned plan_tables(const pdf_subset *sb, unsigned k, size_t glyf_len, bool short_loca, prog_table *t) {
  uint32_t pl = 0;
  table(sb, TAG('p', 'o', 's', 't'), &pl);
  unsigned nt = 0;
  for (size_t i = 0; i < sizeof KEEP / sizeof *KEEP; i++) {
    uint32_t len;
    const unsigned char *src = table(sb, KEEP[i], &len);
    if (KEEP[i] == TAG('g', 'l', 'y', 'f'))
      len = (uint32_t)glyf_len;
    else if (KEEP[i] == TAG('l', 'o', 'c', 'a'))
      len = (k + 1) * (short_loca ? 2u : 4u);
    else if (KEEP[i] == TAG('h', 'm', 't', 'x'))
      len = 4 * k;
    else if (KEEP[i] == TAG('c', 'm', 'a', 'p'))
      src = EMPTY_CMAP, len = sizeof EMPTY_CMAP;
    else if (KEEP[i] == TAG('p', 'o', 's', 't'))
      len = pl >= 32 ? 32 : 0;
    if (!src && KEEP[i] != TAG('g', 'l', 'y', 'f') && KEEP[i] != TAG('l', 'o', 'c', 'a') &&
        KEEP[i] != TAG('h', 'm', 't', 'x'))
      continue;
    if (len == 0 && KEEP[i] == TAG('p', 'o', 's', 't')) continue;
    t[nt].tag = KEEP[i], t[nt].src = src, t[nt].len = len;
    nt++;
  }
  return nt;
}

size_t pdf_program_build(const pdf_subset *sb, const unsigned char *used, uint16_t *new_gid, unsigned char **out) {
  if (sb->cff) {
    for (unsigned g = 0; g < sb->num_glyphs; g++) new_gid[g] = (uint16_t)g;
    return cff_program_build(sb, used, out);
  }
  unsigned ng = sb->num_glyphs, k = 0;
  size_t glyf_len = 0;
  for (unsigned g = 0; g < ng; g++) {
    new_gid[g] = 0;
    if (!used[g]) continue;
    new_gid[g] = (uint16_t)k++;
    glyf_len += (sb->glyph_off[g + 1] - sb->glyph_off[g] + 3) & ~3u;
  }
  bool short_loca = glyf_len < 0x20000;
  prog_table t[sizeof KEEP / sizeof *KEEP];
  unsigned nt = plan_tables(sb, k, glyf_len, short_loca, t);
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
  for (unsigned i = 0; i < nt; i++) {
    unsigned char *dst = b + pos;
    uint32_t tag = t[i].tag;
    if (tag == TAG('g', 'l', 'y', 'f')) {
      write_glyf_loca(sb, used, new_gid, dst, NULL, short_loca);
    } else if (tag == TAG('l', 'o', 'c', 'a')) {
      write_glyf_loca(sb, used, new_gid, NULL, dst, short_loca);
    } else if (tag == TAG('h', 'm', 't', 'x')) {
      write_hmtx(sb, used, dst);
    } else {
      memcpy(dst, t[i].src, t[i].len);
      if (tag == TAG('h', 'e', 'a', 'd')) {
        head_pos = pos;
        wr32(dst + 8, 0);                   /* checkSumAdjustment, set below */
        wr16(dst + 50, short_loca ? 0 : 1); /* indexToLocFormat */
      } else if (tag == TAG('h', 'h', 'e', 'a')) {
        wr16(dst + 34, k); /* numberOfHMetrics */
      } else if (tag == TAG('m', 'a', 'x', 'p')) {
        wr16(dst + 4, k); /* numGlyphs */
      } else if (tag == TAG('p', 'o', 's', 't')) {
        wr32(dst, 0x00030000); /* no glyph names */
      }
    }
    unsigned char *rec = b + 12 + 16 * i;
    wr32(rec, tag);
    wr32(rec + 4, checksum(dst, t[i].len));
    wr32(rec + 8, (uint32_t)pos);
    wr32(rec + 12, (uint32_t)t[i].len);
    pos += (t[i].len + 3) & ~(size_t)3;
  }
  if (head_pos) wr32(b + head_pos + 8, 0xB1B0AFBAu - checksum(b, total));
  *out = b;
  return total;
}

/* ---- CFF (OpenType with PostScript outlines, e.g. Noto CJK): Adobe TN #5176 ---- */

/* Reads an INDEX at p (count, offSize, offsets, data); first and first_len receive its first object.
 * Returns the end of the INDEX, or NULL when it does not fit in [p, end). */
static const unsigned char *cff_index(const unsigned char *p, const unsigned char *end, const unsigned char **first,
                                      size_t *first_len) {
  if (end - p < 2) return NULL;
  unsigned count = rd16(p);
  *first = NULL, *first_len = 0;
  if (count == 0) return p + 2;
  if (end - p < 3) return NULL;
  unsigned os = p[2];
  if (os < 1 || os > 4 || (size_t)(end - p) < 3 + (size_t)(count + 1) * os) return NULL;
  const unsigned char *offs = p + 3, *data = offs + (size_t)(count + 1) * os - 1;
  uint32_t o0 = 0, o1 = 0, last = 0;
  for (unsigned i = 0; i < os; i++) {
    o0 = o0 << 8 | offs[i];
    o1 = o1 << 8 | offs[os + i];
    last = last << 8 | offs[(size_t)count * os + i];
  }
  if (o0 < 1 || o1 < o0 || last < o1 || (size_t)(end - data) < last) return NULL;
  *first = data + o0, *first_len = o1 - o0;
  return data + last;
}

/* The charset (op 15) and CharStrings (op 17) operands of a Top DICT, and whether it has ROS
 * (12 30): a CID-keyed font. */
static bool cff_top_dict(const unsigned char *d, size_t len, uint32_t *charset, uint32_t *charstrings,
                         bool *cid_keyed) {
  int32_t operand = 0;
  bool have = false;
  *cid_keyed = false;
  *charset = *charstrings = 0;
  for (size_t i = 0; i < len;) {
    unsigned b = d[i];
    if (b <= 21) {
      if (b == 12) {
        if (i + 1 < len && d[i + 1] == 30) *cid_keyed = true;
        i += 2;
      } else {
        if (b == 15 && have) *charset = (uint32_t)operand;
        if (b == 17 && have) *charstrings = (uint32_t)operand;
        i += 1;
      }
      have = false;
    } else if (b == 28 && i + 3 <= len) {
      operand = (int16_t)rd16(d + i + 1), have = true, i += 3;
    } else if (b == 29 && i + 5 <= len) {
      operand = (int32_t)rd32(d + i + 1), have = true, i += 5;
    } else if (b == 30) {
      for (i++; i < len; i++)
        if ((d[i] & 0x0f) == 0x0f || (d[i] >> 4) == 0x0f) break;
      i++, have = false;
    } else if (b >= 32 && b <= 246) {
      operand = (int32_t)b - 139, have = true, i += 1;
    } else if (b >= 247 && b <= 254 && i + 2 <= len) {
      operand = b <= 250 ? (int32_t)(b - 247) * 256 + d[i + 1] + 108 : -(int32_t)(b - 251) * 256 - d[i + 1] - 108;
      have = true, i += 2;
    } else {
      return false;
    }
  }
  return true;
}

unsigned *pdf_cff_program_cids(const unsigned char *c, size_t len, unsigned *glyphs) {
  const unsigned char *end = c + len, *obj, *p;
  size_t obj_len;
  uint32_t charset, charstrings;
  bool keyed;
  if (len < 4 || c[2] >= len || !(p = cff_index(c + c[2], end, &obj, &obj_len)) ||
      !cff_index(p, end, &obj, &obj_len) || !obj || !cff_top_dict(obj, obj_len, &charset, &charstrings, &keyed) ||
      !keyed || charset < 4 || charset >= len || charstrings < 4 || charstrings + 2 > len)
    return NULL;
  *glyphs = rd16(c + charstrings); /* the CharStrings INDEX count */
  unsigned *cid = xcalloc(*glyphs ? *glyphs : 1, sizeof *cid);
  p = c + charset;
  unsigned format = *p++;
  for (unsigned g = 1; g < *glyphs;) {
    if (format == 0) {
      if (end - p < 2) goto bad;
      cid[g++] = rd16(p), p += 2;
    } else if (format == 1 || format == 2) {
      if (end - p < (format == 1 ? 3 : 4)) goto bad;
      unsigned first = rd16(p), left = format == 1 ? p[2] : rd16(p + 2);
      p += format == 1 ? 3 : 4;
      for (unsigned k = 0; k <= left && g < *glyphs; k++) cid[g++] = first + k;
    } else {
      goto bad;
    }
  }
  return cid;
bad:
  free(cid);
  return NULL;
}

unsigned *pdf_cff_cids(hb_face_t *face, unsigned glyphs) {
  hb_blob_t *blob = hb_face_reference_table(face, HB_TAG('C', 'F', 'F', ' '));
  unsigned len, n = 0;
  const unsigned char *c = (const unsigned char *)hb_blob_get_data(blob, &len);
  unsigned *cid = pdf_cff_program_cids(c, len, &n);
  hb_blob_destroy(blob);
  if (cid && n != glyphs) { /* the face's glyph count must be the CFF's */
    free(cid);
    cid = NULL;
  }
  return cid;
}
