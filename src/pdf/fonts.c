/* fonts: font roles from fonts/fontmap.ini, per-character fallback, metrics for layout, and the
 * per-run subset (hb-subset) that every document embeds (shared/spec/libharu-findings.md §1-2). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hb-subset.h>
#include <hb.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "pdf/pdf_private.h"

static const char *const ROLE_NAMES[LAY_FONT_COUNT] = {"body", "title", "heading", "kai", "song"};

/* ---- UTF-8 ---- */

int32_t pdf_utf8_next(const char **s, const char *end) {
  const unsigned char *p = (const unsigned char *)*s;
  const unsigned char *e = (const unsigned char *)end;
  unsigned c = p[0];
  int n;
  uint32_t cp, min;
  if (c < 0x80) {
    *s += 1;
    return (int32_t)c;
  } else if ((c & 0xe0) == 0xc0) {
    n = 1, cp = c & 0x1f, min = 0x80;
  } else if ((c & 0xf0) == 0xe0) {
    n = 2, cp = c & 0x0f, min = 0x800;
  } else if ((c & 0xf8) == 0xf0) {
    n = 3, cp = c & 0x07, min = 0x10000;
  } else {
    *s += 1;
    return -1;
  }
  if (e - p <= n) {
    *s += 1;
    return -1;
  }
  for (int i = 1; i <= n; i++) {
    if ((p[i] & 0xc0) != 0x80) {
      *s += 1;
      return -1;
    }
    cp = (cp << 6) | (p[i] & 0x3f);
  }
  *s += n + 1;
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return -1;
  return (int32_t)cp;
}

/* ---- fontmap.ini: a tiny INI reader (sections, key = value, ; and # comments) ---- */

typedef struct {
  char *file;
  unsigned index;
  bool fake_bold;
} role_spec;

typedef struct {
  role_spec roles[LAY_FONT_COUNT];
  role_spec fallback[PDF_MAX_CHAIN];
  int fallback_count;
} fontmap;

static char *trim(char *s) {
  while (isspace((unsigned char)*s)) s++;
  char *e = s + strlen(s);
  while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
  if (e - s >= 2 && ((s[0] == '"' && e[-1] == '"') || (s[0] == '\'' && e[-1] == '\''))) {
    e[-1] = '\0';
    s++;
  }
  return s;
}

/* Joins a relative path to the fontmap's folder. */
static char *resolve_path(const char *base_file, const char *p) {
  if (p[0] == '/' || !strchr(base_file, '/')) return xstrdup(p);
  size_t dir = (size_t)(strrchr(base_file, '/') - base_file);
  char *out = xmalloc(dir + 1 + strlen(p) + 1);
  memcpy(out, base_file, dir);
  out[dir] = '/';
  strcpy(out + dir + 1, p);
  return out;
}

static bool parse_bool(const char *v) {
  return !strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "on");
}

static bool parse_index(const char *v, unsigned *out) {
  char *end;
  errno = 0;
  unsigned long n = strtoul(v, &end, 10);
  if (errno || end == v || *end || n > 1000) return false;
  *out = (unsigned)n;
  return true;
}

static bool read_fontmap(const char *path, fontmap *m, diag_sink *diag) {
  FILE *f = fopen(path, "r");
  if (!f) {
    diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot open font map: %s", "无法打开字体映射文件：%s"),
               strerror(errno));
    return false;
  }
  char line[4096];
  int lineno = 0, section = -2; /* -2 none, -1 fallback, else role */
  bool ok = true;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    src_loc at = {path, lineno, 1, NULL};
    char *s = trim(line);
    if (!*s || *s == ';' || *s == '#') continue;
    if (*s == '[') {
      char *close = strchr(s, ']');
      if (!close) {
        diag_error(diag, at, L("missing ']' in section header", "节名缺少“]”"));
        ok = false;
        continue;
      }
      *close = '\0';
      char *name = trim(s + 1);
      section = -3;
      if (!strcmp(name, "fallback")) section = -1;
      for (int r = 0; r < LAY_FONT_COUNT; r++)
        if (!strcmp(name, ROLE_NAMES[r])) section = r;
      if (section == -3) {
        diag_error(diag, at, L("unknown section [%s] (expected body, title, heading, kai, song, fallback)",
                               "未知的节 [%s]（应为 body、title、heading、kai、song、fallback）"),
                   name);
        ok = false;
      }
      continue;
    }
    char *eq = strchr(s, '=');
    if (!eq) {
      diag_error(diag, at, L("expected 'key = value'", "应为“键 = 值”"));
      ok = false;
      continue;
    }
    *eq = '\0';
    char *key = trim(s), *val = trim(eq + 1);
    if (section == -3) continue;
    if (section == -2) {
      diag_error(diag, at, L("'%s' outside a section", "“%s”不在任何节内"), key);
      ok = false;
      continue;
    }
    role_spec *spec;
    if (section == -1) {
      if (!strcmp(key, "file")) {
        if (m->fallback_count == PDF_MAX_CHAIN - 1) {
          diag_error(diag, at, L("too many fallback fonts (at most %d)", "后备字体过多（最多 %d 个）"),
                     PDF_MAX_CHAIN - 1);
          ok = false;
          continue;
        }
        spec = &m->fallback[m->fallback_count++];
        spec->file = resolve_path(path, val);
        continue;
      }
      if (m->fallback_count == 0) {
        diag_error(diag, at, L("'%s' before any 'file' in [fallback]", "[fallback] 中“%s”出现在 file 之前"), key);
        ok = false;
        continue;
      }
      spec = &m->fallback[m->fallback_count - 1];
    } else {
      spec = &m->roles[section];
    }
    if (!strcmp(key, "file") && section >= 0) {
      free(spec->file);
      spec->file = resolve_path(path, val);
    } else if (!strcmp(key, "index")) {
      if (!parse_index(val, &spec->index)) {
        diag_error(diag, at, L("bad font index '%s'", "字体序号“%s”无效"), val);
        ok = false;
      }
    } else if (!strcmp(key, "fake_bold") && section >= 0) {
      spec->fake_bold = parse_bool(val);
    } else {
      diag_error(diag, at, L("unknown key '%s'", "未知的键“%s”"), key);
      ok = false;
    }
  }
  fclose(f);
  for (int r = 0; r < LAY_FONT_COUNT && ok; r++) {
    if (!m->roles[r].file) {
      diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("no font file for role [%s]", "角色 [%s] 没有指定字体文件"),
                 ROLE_NAMES[r]);
      ok = false;
    }
  }
  return ok;
}

/* ---- Loading one font file ---- */

static void build_tables(pdf_font_file *f) {
  hb_font_t *font = hb_font_create(f->face);
  hb_set_t *cps = hb_set_create();
  hb_face_collect_unicodes(f->face, cps);
  hb_codepoint_t cp = HB_SET_VALUE_INVALID;
  while (hb_set_next(cps, &cp)) {
    hb_codepoint_t g;
    if (cp < 0x20 || cp >= 0x110000 || !hb_font_get_nominal_glyph(font, cp, &g) || g == 0 || g > 0xffff)
      continue;
    uint16_t **page = &f->gid_pages[cp >> 8];
    if (!*page) *page = xcalloc(256, sizeof(uint16_t));
    (*page)[cp & 0xff] = (uint16_t)g;
  }
  hb_set_destroy(cps);
  f->adv = xcalloc(f->num_glyphs ? f->num_glyphs : 1, sizeof(uint16_t));
  hb_codepoint_t *gids = xmalloc((f->num_glyphs ? f->num_glyphs : 1) * sizeof *gids);
  hb_position_t *advs = xmalloc((f->num_glyphs ? f->num_glyphs : 1) * sizeof *advs);
  for (unsigned g = 0; g < f->num_glyphs; g++) gids[g] = g;
  hb_font_set_scale(font, (int)f->upem, (int)f->upem);
  hb_font_get_glyph_h_advances(font, f->num_glyphs, gids, sizeof *gids, advs, sizeof *advs);
  for (unsigned g = 0; g < f->num_glyphs; g++) f->adv[g] = (uint16_t)(advs[g] < 0 ? 0 : advs[g]);
  free(gids);
  free(advs);
  hb_font_destroy(font);
}

static bool load_file(pdf_font_file *f, const char *path, unsigned index, src_loc at, diag_sink *diag) {
  memset(f, 0, sizeof *f);
  f->path = xstrdup(path);
  f->index = index;
  size_t n = strlen(path) + 16;
  f->label = xmalloc(n);
  if (index)
    snprintf(f->label, n, "%s:%u", path, index);
  else
    snprintf(f->label, n, "%s", path);
  f->blob = hb_blob_create_from_file_or_fail(path);
  if (!f->blob) {
    diag_error(diag, at, L("cannot read font file %s", "无法读取字体文件 %s"), path);
    return false;
  }
  unsigned faces = hb_face_count(f->blob);
  if (index >= faces) {
    diag_error(diag, at, L("font file %s has %u face(s); index %u does not exist", "字体文件 %s 只有 %u 个字体，序号 %u 不存在"),
               path, faces, index);
    return false;
  }
  f->face = hb_face_create(f->blob, index);
  f->upem = hb_face_get_upem(f->face);
  f->num_glyphs = hb_face_get_glyph_count(f->face);
  hb_blob_t *glyf = hb_face_reference_table(f->face, HB_TAG('g', 'l', 'y', 'f'));
  bool has_glyf = hb_blob_get_length(glyf) > 0;
  hb_blob_destroy(glyf);
  if (!has_glyf || f->num_glyphs == 0 || f->num_glyphs > 0xffff) {
    diag_error(diag, at,
               L("font %s has no TrueType outlines (glyf); libharu can embed only those "
                 "(convert CFF fonts with fonttools otf2ttf)",
                 "字体 %s 没有 TrueType 轮廓（glyf），libharu 只能嵌入此类字体（CFF 字体请先用 fonttools otf2ttf 转换）"),
               f->label);
    return false;
  }
  build_tables(f);
  return true;
}

static void free_subset(pdf_font_file *f) {
  for (size_t i = 0; i < PDF_PAGES; i++) {
    free(f->cid_pages[i]);
    f->cid_pages[i] = NULL;
  }
  for (size_t i = 0; i < f->sub_n; i++) {
    pdf_subset *sb = &f->subs[i];
    free(sb->cid_cp);
    free(sb->cid_gid);
    free(sb->cid_w);
    pdf_program_free(sb);
    hb_blob_destroy(sb->blob);
  }
  free(f->subs);
  f->subs = NULL;
  f->sub_n = 0;
}

static void free_file(pdf_font_file *f) {
  free_subset(f);
  for (size_t i = 0; i < PDF_PAGES; i++) free(f->gid_pages[i]);
  free(f->adv);
  hb_set_destroy(f->wanted);
  hb_face_destroy(f->face);
  hb_blob_destroy(f->blob);
  free(f->path);
  free(f->label);
}

/* Finds or loads 'path'/'index'; returns its index or -1. */
static int add_file(pdf_fonts *fonts, const char *path, unsigned index, src_loc at, diag_sink *diag) {
  for (size_t i = 0; i < fonts->file_count; i++)
    if (fonts->files[i].index == index && !strcmp(fonts->files[i].path, path)) return (int)i;
  fonts->files = xrealloc(fonts->files, (fonts->file_count + 1) * sizeof *fonts->files);
  pdf_font_file *f = &fonts->files[fonts->file_count];
  if (!load_file(f, path, index, at, diag)) {
    free_file(f);
    return -1;
  }
  f->wanted = hb_set_create();
  return (int)fonts->file_count++;
}

/* "path" or "path:INDEX" */
static void split_override(const char *s, char **path, unsigned *index) {
  const char *colon = strrchr(s, ':');
  unsigned idx;
  if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1) && parse_index(colon + 1, &idx)) {
    *path = xstrndup(s, (size_t)(colon - s));
    *index = idx;
  } else {
    *path = xstrdup(s);
    *index = 0;
  }
}

pdf_fonts *pdf_fonts_load(const char *fontmap_path, const char *const overrides[LAY_FONT_COUNT],
                          diag_sink *diag) {
  fontmap m;
  memset(&m, 0, sizeof m);
  pdf_fonts *fonts = xcalloc(1, sizeof *fonts);
  fonts->collected = hb_set_create();
  bool ok = read_fontmap(fontmap_path, &m, diag);
  for (int r = 0; ok && r < LAY_FONT_COUNT; r++) {
    if (overrides && overrides[r]) {
      free(m.roles[r].file);
      split_override(overrides[r], &m.roles[r].file, &m.roles[r].index);
    }
  }
  src_loc at = {fontmap_path, 0, 0, NULL};
  int fallback_idx[PDF_MAX_CHAIN];
  for (int i = 0; ok && i < m.fallback_count; i++) {
    fallback_idx[i] = add_file(fonts, m.fallback[i].file, m.fallback[i].index, at, diag);
    if (fallback_idx[i] < 0) ok = false;
  }
  for (int r = 0; ok && r < LAY_FONT_COUNT; r++) {
    pdf_role *role = &fonts->roles[r];
    int own = add_file(fonts, m.roles[r].file, m.roles[r].index, at, diag);
    if (own < 0) {
      ok = false;
      break;
    }
    role->chain[role->chain_len++] = own;
    role->fake_bold = m.roles[r].fake_bold;
    for (int i = 0; i < m.fallback_count; i++)
      if (fallback_idx[i] != own) role->chain[role->chain_len++] = fallback_idx[i];
  }
  for (int r = 0; r < LAY_FONT_COUNT; r++) free(m.roles[r].file);
  for (int i = 0; i < m.fallback_count; i++) free(m.fallback[i].file);
  if (!ok) {
    pdf_fonts_free(fonts);
    return NULL;
  }
  return fonts;
}

void pdf_fonts_free(pdf_fonts *fonts) {
  if (!fonts) return;
  for (size_t i = 0; i < fonts->file_count; i++) free_file(&fonts->files[i]);
  free(fonts->files);
  hb_set_destroy(fonts->collected);
  hb_set_destroy(fonts->prepared);
  free(fonts);
}

int pdf_resolve(const pdf_fonts *fonts, lay_font r, uint32_t cp) {
  const pdf_role *role = &fonts->roles[r];
  for (int i = 0; i < role->chain_len; i++)
    if (pdf_file_gid(&fonts->files[role->chain[i]], cp)) return role->chain[i];
  return -1;
}

const char *pdf_fonts_role_file(const pdf_fonts *fonts, lay_font role) {
  return fonts->files[fonts->roles[role].chain[0]].label;
}

const char *pdf_fonts_file_for(const pdf_fonts *fonts, lay_font role, unsigned cp) {
  int i = pdf_resolve(fonts, role, cp);
  return i < 0 ? NULL : fonts->files[i].label;
}

/* ---- Metrics ---- */

static double advance_pt(void *ctx, lay_font role, double size_pt, const char *utf8, size_t len) {
  const pdf_fonts *fonts = ctx;
  const char *s = utf8, *end = utf8 + len;
  double em = 0;
  while (s < end) {
    int32_t cp = pdf_utf8_next(&s, end);
    if (cp >= 0 && lay_invisible((uint32_t)cp)) continue; /* never drawn */
    int fi = cp < 0 ? -1 : pdf_resolve(fonts, role, (uint32_t)cp);
    if (fi < 0) {
      em += 1.0;
      continue;
    }
    const pdf_font_file *f = &fonts->files[fi];
    em += (double)f->adv[pdf_file_gid(f, (uint32_t)cp)] / f->upem;
  }
  return em * size_pt;
}

/* Ink of one character from the glyph's extents (used by layout to squeeze a mark only where
 * it has no ink). */
static bool ink(void *ctx, lay_font role, const char *utf8, size_t len, double *left, double *right) {
  const pdf_fonts *fonts = ctx;
  const char *s = utf8, *end = utf8 + len;
  int32_t cp = pdf_utf8_next(&s, end);
  int fi = cp < 0 ? -1 : pdf_resolve(fonts, role, (uint32_t)cp);
  if (fi < 0) return false;
  const pdf_font_file *f = &fonts->files[fi];
  unsigned g = pdf_file_gid(f, (uint32_t)cp);
  if (!g || !f->upem || !f->adv[g]) return false;
  hb_font_t *font = hb_font_create(f->face);
  hb_font_set_scale(font, (int)f->upem, (int)f->upem);
  hb_glyph_extents_t e;
  bool ok = hb_font_get_glyph_extents(font, g, &e) && e.width > 0;
  hb_font_destroy(font);
  if (!ok) return false;
  *left = (double)e.x_bearing / f->adv[g];
  *right = (double)(e.x_bearing + e.width) / f->adv[g];
  return true;
}

lay_metrics pdf_fonts_metrics(pdf_fonts *fonts) { return (lay_metrics){fonts, advance_pt, ink}; }

/* ---- Checking and collecting ---- */

bool pdf_fonts_check(pdf_fonts *fonts, const char *utf8, src_loc at, diag_sink *diag) {
  const char *s = utf8, *end = utf8 + strlen(utf8);
  bool ok = true;
  while (s < end) {
    const char *start = s;
    int32_t cp = pdf_utf8_next(&s, end);
    if (cp < 0) {
      diag_error(diag, at, L("invalid UTF-8 (byte 0x%02X at offset %zu)", "无效的 UTF-8（字节 0x%02X，偏移 %zu）"),
                 (unsigned)(unsigned char)*start, (size_t)(start - utf8));
      ok = false;
      continue;
    }
    if (lay_invisible((uint32_t)cp)) continue;
    for (int r = 0; r < LAY_FONT_COUNT; r++) {
      if (pdf_resolve(fonts, (lay_font)r, (uint32_t)cp) >= 0) continue;
      diag_error(diag, at,
                 L("character U+%04X '%.*s' is in no font of role %s (%s and its fallbacks)",
                   "字符 U+%04X“%.*s”不在角色 %s 的任何字体中（%s 及其后备字体）"),
                 (unsigned)cp, (int)(s - start), start, ROLE_NAMES[r], pdf_fonts_role_file(fonts, (lay_font)r));
      ok = false;
      break;
    }
  }
  return ok;
}

void pdf_fonts_add_text(pdf_fonts *fonts, const char *utf8) {
  const char *s = utf8, *end = utf8 + strlen(utf8);
  while (s < end) {
    int32_t cp = pdf_utf8_next(&s, end);
    if (cp >= 0x20 && !lay_invisible((uint32_t)cp)) hb_set_add(fonts->collected, (hb_codepoint_t)cp);
  }
}

/* ---- Subsetting ---- */

/* Always in the subset: ASCII, page-number dashes, common CJK punctuation and full-width forms,
 * and ☐ ☑ for the text behind checkboxes. */
static const char BASELINE[] = "，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』—–…·〇％＋－×÷＝＜＞～＃＆＊／＿　"
                               "０１２３４５６７８９一二三四五六七八九十年月日附件第页共☐☑"
                               "续"; /* layout's own text: （续） on a continued form row */

static void put16(unsigned char *p, unsigned v) {
  p[0] = (unsigned char)(v >> 8);
  p[1] = (unsigned char)v;
}

static int cmp_unsigned(const void *a, const void *b) {
  unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
  return (x > y) - (x < y);
}

/* Makes subset number 'index' of 'f' from the 'n' code points 'cps' (our CID order). */
static bool subset_chunk(pdf_font_file *f, const uint32_t *cps, size_t n, size_t index, diag_sink *diag) {
  pdf_subset *sb = &f->subs[index];
  src_loc at = {f->label, 0, 0, NULL};
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in) xoom();
  hb_set_t *uni = hb_subset_input_unicode_set(in);
  for (size_t i = 0; i < n; i++) hb_set_add(uni, cps[i]);
  hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
  hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
  hb_set_add(drop, HB_TAG('G', 'S', 'U', 'B'));
  hb_set_add(drop, HB_TAG('G', 'P', 'O', 'S'));
  hb_set_add(drop, HB_TAG('G', 'D', 'E', 'F'));
  hb_face_t *built = hb_subset_or_fail(f->face, in);
  hb_subset_input_destroy(in);
  if (!built) {
    diag_error(diag, at, L("hb-subset failed for this font", "hb-subset 无法为此字体生成子集"));
    return false;
  }
  /* hb-subset returns a builder face, which cannot list its tables: serialize and reopen. */
  hb_blob_t *sub_blob = hb_face_reference_blob(built);
  hb_face_destroy(built);
  hb_face_t *sub = hb_face_create(sub_blob, 0);
  hb_blob_destroy(sub_blob);
  unsigned glyphs = hb_face_get_glyph_count(sub);
  if (glyphs < 1 || glyphs >= 0xd800) {
    diag_error(diag, at, L("font subset has %u glyphs (at most 55295 supported)", "字体子集有 %u 个字形（最多支持 55295 个）"),
               glyphs);
    hb_face_destroy(sub);
    return false;
  }

  /* CIDs: the wanted code points in order, each with its subset glyph and advance. */
  hb_font_t *sfont = hb_font_create(sub);
  unsigned upem = hb_face_get_upem(sub);
  hb_font_set_scale(sfont, (int)upem, (int)upem);
  sb->cid_cp = xcalloc(n + 1, sizeof *sb->cid_cp);
  sb->cid_gid = xcalloc(n + 1, sizeof *sb->cid_gid);
  sb->cid_w = xcalloc(n + 1, sizeof *sb->cid_w);
  unsigned *advs = xcalloc(n + 1, sizeof *advs);
  size_t cid = 0;
  for (size_t i = 0; i < n; i++) {
    hb_codepoint_t cp = cps[i], g;
    if (!hb_font_get_nominal_glyph(sfont, cp, &g) || g == 0) continue;
    cid++;
    sb->cid_cp[cid] = cp;
    sb->cid_gid[cid] = (uint16_t)g;
    hb_position_t a = hb_font_get_glyph_h_advance(sfont, g);
    sb->cid_w[cid] = (double)a * 1000.0 / upem;
    advs[cid - 1] = (unsigned)a;
    uint32_t **page = &f->cid_pages[cp >> 8];
    if (!*page) *page = xcalloc(256, sizeof(uint32_t));
    (*page)[cp & 0xff] = (uint32_t)(index << 16 | cid);
  }
  sb->count = cid;

  /* The most common advance becomes .notdef's and /DW, so /W stays short (findings §2: a
   * 374/1024 .notdef cost libharu 21k /W entries). */
  qsort(advs, cid, sizeof *advs, cmp_unsigned);
  unsigned mode_adv = 0, best = 0;
  for (size_t i = 0, j; i < cid; i = j) {
    for (j = i; j < cid && advs[j] == advs[i]; j++) continue;
    if (j - i > best) best = (unsigned)(j - i), mode_adv = advs[i];
  }
  free(advs);
  hb_font_destroy(sfont);

  /* Rebuild the font: every subset table, .notdef advance patched. */
  hb_face_t *builder = hb_face_builder_create();
  hb_tag_t tags[64];
  unsigned offset = 0, count;
  unsigned num_hmetrics = 0;
  {
    hb_blob_t *hhea = hb_face_reference_table(sub, HB_TAG('h', 'h', 'e', 'a'));
    unsigned hl;
    const unsigned char *hd = (const unsigned char *)hb_blob_get_data(hhea, &hl);
    if (hl >= 36) num_hmetrics = (unsigned)hd[34] << 8 | hd[35];
    hb_blob_destroy(hhea);
  }
  do {
    count = 64;
    hb_face_get_table_tags(sub, offset, &count, tags);
    for (unsigned i = 0; i < count; i++) {
      hb_blob_t *t;
      if (tags[i] == HB_TAG('h', 'm', 't', 'x') && num_hmetrics >= 2 && best > 0) {
        hb_blob_t *orig = hb_face_reference_table(sub, tags[i]);
        unsigned tl;
        const char *td = hb_blob_get_data(orig, &tl);
        char *copy = xmalloc(tl ? tl : 1);
        memcpy(copy, td, tl);
        if (tl >= 2) put16((unsigned char *)copy, mode_adv);
        hb_blob_destroy(orig);
        t = hb_blob_create(copy, tl, HB_MEMORY_MODE_WRITABLE, copy, free);
      } else {
        t = hb_face_reference_table(sub, tags[i]);
      }
      hb_face_builder_add_table(builder, tags[i], t);
      hb_blob_destroy(t);
    }
    offset += count;
  } while (count == 64);
  hb_blob_t *out = hb_face_reference_blob(builder);
  hb_face_destroy(builder);
  hb_face_destroy(sub);
  unsigned notdef_adv = (num_hmetrics >= 2 && best > 0) ? mode_adv : 0;
  if (!(num_hmetrics >= 2 && best > 0)) {
    hb_font_t *tmp = hb_font_create(f->face);
    hb_font_set_scale(tmp, (int)f->upem, (int)f->upem);
    notdef_adv = (unsigned)hb_font_get_glyph_h_advance(tmp, 0);
    hb_font_destroy(tmp);
  }
  sb->dw = (int)(notdef_adv * 1000 / upem);
  sb->blob = out;
  return pdf_program_parse(sb, f->label, diag);
}

/* One subset per font file and run. (Splitting large vocabularies into common and rare subsets
 * was measured and dropped: each document's font program holds only its own glyphs, so the
 * run's vocabulary hardly matters, and extra subsets only add fonts to documents.) */
static bool subset_file(pdf_font_file *f, diag_sink *diag) {
  size_t n = hb_set_get_population(f->wanted), i = 0;
  uint32_t *order = xmalloc(n * sizeof *order);
  hb_codepoint_t cp = HB_SET_VALUE_INVALID;
  while (hb_set_next(f->wanted, &cp)) order[i++] = cp;
  f->subs = xcalloc(1, sizeof *f->subs);
  f->sub_n = 1;
  bool ok = subset_chunk(f, order, n, 0, diag);
  free(order);
  return ok;
}

bool pdf_fonts_prepare(pdf_fonts *fonts, diag_sink *diag) {
  hb_set_t *all = hb_set_copy(fonts->collected);
  const char *s = BASELINE, *end = BASELINE + strlen(BASELINE);
  while (s < end) {
    int32_t cp = pdf_utf8_next(&s, end);
    if (cp >= 0) hb_set_add(all, (hb_codepoint_t)cp);
  }
  hb_set_add_range(all, 0x20, 0x7e);
  if (fonts->prepared && hb_set_is_subset(all, fonts->prepared)) {
    hb_set_destroy(all);
    return true;
  }
  for (size_t i = 0; i < fonts->file_count; i++) {
    free_subset(&fonts->files[i]);
    hb_set_clear(fonts->files[i].wanted);
  }
  hb_codepoint_t cp = HB_SET_VALUE_INVALID;
  while (hb_set_next(all, &cp)) {
    for (int r = 0; r < LAY_FONT_COUNT; r++) {
      int fi = pdf_resolve(fonts, (lay_font)r, cp);
      if (fi >= 0) hb_set_add(fonts->files[fi].wanted, cp);
    }
  }
  bool ok = true;
  fonts->slot_count = 0;
  for (size_t i = 0; i < fonts->file_count && ok; i++) {
    fonts->files[i].slot_base = fonts->slot_count;
    if (!hb_set_is_empty(fonts->files[i].wanted)) ok = subset_file(&fonts->files[i], diag);
    fonts->slot_count += fonts->files[i].sub_n;
  }
  hb_set_destroy(fonts->prepared);
  fonts->prepared = ok ? all : NULL;
  if (!ok) hb_set_destroy(all);
  return ok;
}
