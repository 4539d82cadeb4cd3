/* fonts: font roles from fonts/fontmap.ini, per-character fallback, metrics for layout, and the
 * per-run subset (hb-subset) that every document embeds (docs/spec/libharu-findings.md §1-2). */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hb-subset.h>
#include <hb.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "pdf/pdf_private.h"

#define ROLE_NAMES pdf_role_names

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

/* The mapping lives apart from pdf_font_file, which moves when fonts->files grows. */
typedef struct {
  void *p;
  size_t n;
} mapping;

static void unmap(void *user) {
  mapping *m = user;
  if (m && m->n) munmap(m->p, m->n);
  free(m);
}

/* Maps the file ourselves rather than with hb_blob_create_from_file_or_fail(), which says
 * neither why it failed nor whether it read the whole file: a system error (no memory, I/O) must
 * be told from a bad font. */
static bool map_file(pdf_font_file *f, const char *path, src_loc at, diag_sink *diag) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    int err = errno;
    if (fd >= 0) close(fd);
    diag_error(diag, at, L("cannot read the font file %s (%s)", "无法读取字体文件 %s（%s）"), path, lang_strerror(err));
    errno = err;
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    diag_error(diag, at, L("font %s is not a regular file", "字体 %s 不是普通文件"), path);
    errno = 0;
    return false;
  }
  f->map_len = (size_t)st.st_size;
  f->map = f->map_len ? mmap(NULL, f->map_len, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
  int err = errno;
  close(fd);
  if (f->map != MAP_FAILED) {
    mapping *m = xmalloc(sizeof *m);
    m->p = f->map, m->n = f->map_len;
    f->mapping = m;
  }
  if (f->map_len && f->map == MAP_FAILED) {
    f->map = NULL;
    f->map_len = 0;
    f->mapping = NULL;
    diag_error(diag, at, L("cannot map the font file %s into memory (%s)", "无法将字体文件 %s 映射到内存（%s）"), path,
               lang_strerror(err));
    errno = err;
    return false;
  }
  return true;
}

static bool load_file(pdf_font_file *f, const char *path, unsigned index, src_loc at, diag_sink *diag) {
  memset(f, 0, sizeof *f);
  f->path = xstrdup(path);
  f->index = index;
  f->at = at;
  f->at.path = at.path ? xstrdup(at.path) : NULL;
  size_t n = strlen(path) + 16;
  f->label = xmalloc(n);
  if (index)
    snprintf(f->label, n, "%s:%u", path, index);
  else
    snprintf(f->label, n, "%s", path);
  if (!map_file(f, path, f->at, diag)) return false;
  errno = 0;
  if (!pdf_sfnt_check(f->map, f->map_len, index, f->label, f->at, &f->sfnt, diag)) return false;
  f->blob = hb_blob_create_or_fail((const char *)f->map, (unsigned)f->map_len, HB_MEMORY_MODE_READONLY, f->mapping,
                                   unmap);
  f->mapping = NULL; /* the blob owns it now, or HarfBuzz has called unmap() */
  if (!f->blob) {
    errno = ENOMEM;
    diag_error(diag, at, L("out of memory while loading font %s", "加载字体 %s 时内存不足"), f->label);
    return false;
  }
  f->face = hb_face_create(f->blob, index);
  f->upem = hb_face_get_upem(f->face);
  f->num_glyphs = hb_face_get_glyph_count(f->face);
  if (f->num_glyphs != f->sfnt.num_glyphs || f->num_glyphs > 0xffff) {
    /* our check passed, so HarfBuzz failing to read the face means it ran out of memory */
    errno = ENOMEM;
    diag_error(diag, at, L("out of memory while loading font %s", "加载字体 %s 时内存不足"), f->label);
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
  hb_face_destroy(f->other);
  hb_face_destroy(f->face);
  hb_blob_destroy(f->blob); /* unmaps */
  unmap(f->mapping);      /* when no blob was made */
  free(f->path);
  free(f->label);
  free((char *)f->at.path);
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
  if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1) && pdf_parse_index(colon + 1, &idx)) {
    *path = xstrndup(s, (size_t)(colon - s));
    *index = idx;
  } else {
    *path = xstrdup(s);
    *index = 0;
  }
}

/* Common characters every role's own font must draw: a font that lacks them all (a Latin font, or
 * one whose cmap is unusable) would leave the whole role to the fallback fonts, a silent change
 * of face that an office would not accept. */
static const uint32_t COMMON_HAN[] = {0x7684, 0x4E00, 0x662F, 0x4E0D, 0x4E86, 0x4EBA, 0x5728, 0x6709, 0x4E2D, 0x5927,
                                      0x56FD, 0x5E74, 0x6708, 0x65E5, 0x516C, 0x793A};

static bool role_font_usable(const pdf_font_file *f, int r, diag_sink *diag) {
  for (size_t i = 0; i < sizeof COMMON_HAN / sizeof *COMMON_HAN; i++)
    if (pdf_file_gid(f, COMMON_HAN[i])) return true;
  diag_error(diag, f->at,
             L("font %s for role %s draws no Chinese characters (not even 的一是中国年月日); all its text would be "
               "set in a fallback font: choose a Chinese font",
               "角色 %s 的字体 %s 不含汉字（连“的一是中国年月日”也没有），该角色的全部文字都将改用后备字体：请选用中文字体"),
             lang_is_chinese() ? ROLE_NAMES[r] : f->label, lang_is_chinese() ? f->label : ROLE_NAMES[r]);
  return false;
}

pdf_fonts *pdf_fonts_load(const char *fontmap_path, const pdf_font_choice *choices, diag_sink *diag) {
  pdf_fontmap m;
  memset(&m, 0, sizeof m);
  pdf_fonts *fonts = xcalloc(1, sizeof *fonts);
  fonts->collected = hb_set_create();
  bool ok = pdf_fontmap_read(fontmap_path, &m, diag);
  int sys_errno = 0;
  int fallback_idx[PDF_MAX_CHAIN];
  for (int i = 0; ok && i < m.fallback_count; i++) {
    src_loc at = {fontmap_path, m.fallback[i].line, 0, NULL};
    fallback_idx[i] = add_file(fonts, m.fallback[i].file, m.fallback[i].index, at, diag);
    if (fallback_idx[i] < 0) ok = false, sys_errno = sys_errno ? sys_errno : errno;
  }
  for (int r = 0; ok && r < LAY_FONT_COUNT; r++) {
    pdf_role *role = &fonts->roles[r];
    const pdf_font_choice *c = choices ? &choices[r] : NULL;
    char *path = NULL;
    unsigned index = 0;
    src_loc at = {fontmap_path, m.roles[r].line, 0, NULL};
    const char *families = c && c->families ? c->families : m.roles[r].families;
    char why[512];
    if (c && c->file) {
      split_override(c->file, &path, &index);
      at = c->at;
      snprintf(why, sizeof why, L("set in %s:%d", "由 %s:%d 指定"), at.path ? at.path : "?", at.line);
    } else if (families && pdf_find_family(families, &path, &index, why, sizeof why)) {
      at = c && c->families ? c->at : at;
    } else {
      path = xstrdup(m.roles[r].file);
      index = m.roles[r].index;
      if (families)
        snprintf(why, sizeof why, L("free default: none of %s is installed", "免费默认字体：%s 均未安装"), families);
      else
        snprintf(why, sizeof why, L("free default (%s:%d)", "免费默认字体（%s:%d）"), fontmap_path, m.roles[r].line);
      role->fell_back = families != NULL;
    }
    int own = add_file(fonts, path, index, at, diag);
    free(path);
    if (own < 0 || !role_font_usable(&fonts->files[own], r, diag)) {
      if (own < 0) sys_errno = errno;
      ok = false;
      break;
    }
    role->why = xstrdup(why);
    role->chain[role->chain_len++] = own;
    /* fake bold imitates 小标宋 with the free Song; a real title font found or set is drawn as is */
    role->fake_bold = m.roles[r].fake_bold && !(c && c->file) && !strcmp(fonts->files[own].path, m.roles[r].file);
    for (int i = 0; i < m.fallback_count; i++)
      if (fallback_idx[i] != own) role->chain[role->chain_len++] = fallback_idx[i];
  }
  pdf_fontmap_release(&m);
  if (!ok) {
    pdf_fonts_free(fonts);
    errno = sys_errno == ENOMEM || sys_errno == EIO || sys_errno == EMFILE || sys_errno == ENFILE ? sys_errno : 0;
    return NULL;
  }
  return fonts;
}

void pdf_fonts_free(pdf_fonts *fonts) {
  if (!fonts) return;
  for (size_t i = 0; i < fonts->file_count; i++) free_file(&fonts->files[i]);
  for (int r = 0; r < LAY_FONT_COUNT; r++) free(fonts->roles[r].why);
  free(fonts->files);
  hb_set_destroy(fonts->collected);
  hb_set_destroy(fonts->prepared);
  pdf_cache_release(&fonts->cache);
  free(fonts);
}

int pdf_resolve(const pdf_fonts *fonts, lay_font r, uint32_t cp) {
  const pdf_role *role = &fonts->roles[r];
  /* A private-use character means what the office's own font (造字) draws there; another font's
   * glyph at that code point (BabelStone Han has some) would be a different character. */
  bool pua = (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000;
  for (int i = 0; i < (pua ? 1 : role->chain_len); i++)
    if (pdf_file_gid(&fonts->files[role->chain[i]], cp)) return role->chain[i];
  return -1;
}

const char *pdf_fonts_role_file(const pdf_fonts *fonts, lay_font role) {
  return fonts->files[fonts->roles[role].chain[0]].label;
}

bool pdf_fonts_role_fell_back(const pdf_fonts *fonts, lay_font role, const char **why) {
  *why = fonts->roles[role].why;
  return fonts->roles[role].fell_back;
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

int pdf_fonts_warn_missing(const pdf_fonts *fonts, const char *utf8, src_loc at, diag_sink *diag) {
  const char *s = utf8, *end = utf8 + strlen(utf8);
  int n = 0;
  uint32_t seen[16];
  while (s < end) {
    const char *start = s;
    int32_t cp = pdf_utf8_next(&s, end);
    if (cp < 0 || lay_invisible((uint32_t)cp) || cp < 0x20) continue;
    bool drawable = true;
    for (int r = 0; r < LAY_FONT_COUNT && drawable; r++) drawable = pdf_resolve(fonts, (lay_font)r, (uint32_t)cp) >= 0;
    if (drawable) continue;
    bool dup = false; /* once per character and text */
    for (int i = 0; i < n && i < 16 && !dup; i++) dup = seen[i] == (uint32_t)cp;
    if (dup) continue;
    if (n < 16) seen[n] = (uint32_t)cp;
    n++;
    diag_warning(diag, at,
                 L("character U+%04X '%.*s' is in no installed font: the documents that print it will not be "
                   "written until a font that has it is installed (yinfa fonts lists the fonts and their coverage)",
                   "字符 U+%04X“%.*s”不在任何已安装的字体中：在安装含有该字的字体之前，印有该字的文书将不会生成"
                   "（yinfa fonts 列出字体及其覆盖范围）"),
                 (unsigned)cp, (int)(s - start), start);
  }
  return n;
}

void pdf_fonts_add_text(pdf_fonts *fonts, const char *utf8) {
  const char *s = utf8, *end = utf8 + strlen(utf8);
  while (s < end) {
    int32_t cp = pdf_utf8_next(&s, end);
    if (cp >= 0x20 && !lay_invisible((uint32_t)cp)) hb_set_add(fonts->collected, (hb_codepoint_t)cp);
  }
}

/* ---- Subsetting ---- */

static const char *utf8_of(uint32_t cp, char out[8]) {
  if (cp < 0x80) {
    out[0] = (char)(cp < 0x20 ? '?' : cp), out[1] = '\0';
  } else if (cp < 0x800) {
    out[0] = (char)(0xC0 | cp >> 6), out[1] = (char)(0x80 | (cp & 0x3F)), out[2] = '\0';
  } else if (cp < 0x10000) {
    out[0] = (char)(0xE0 | cp >> 12), out[1] = (char)(0x80 | (cp >> 6 & 0x3F)), out[2] = (char)(0x80 | (cp & 0x3F));
    out[3] = '\0';
  } else {
    out[0] = (char)(0xF0 | cp >> 18), out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F)), out[3] = (char)(0x80 | (cp & 0x3F)), out[4] = '\0';
  }
  return out;
}

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
/* The run subset of 'cps' from font 'f' as a face (hb-subset returns a builder face, which cannot
 * list its tables: serialized and reopened); NULL after a message. */
static hb_face_t *run_subset(pdf_font_file *f, const uint32_t *cps, size_t n, src_loc at, diag_sink *diag) {
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in) xoom();
  hb_set_t *uni = hb_subset_input_unicode_set(in);
  for (size_t i = 0; i < n; i++) hb_set_add(uni, cps[i]);
  /* CFF: subroutines inlined once per run, so cutting each document's program needs no subroutine
   * analysis (measured: make bench, issue 16) */
  hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NOTDEF_OUTLINE |
                                    (f->sfnt.cff ? HB_SUBSET_FLAGS_DESUBROUTINIZE : 0));
  hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
  hb_set_add(drop, HB_TAG('G', 'S', 'U', 'B'));
  hb_set_add(drop, HB_TAG('G', 'P', 'O', 'S'));
  hb_set_add(drop, HB_TAG('G', 'D', 'E', 'F'));
  hb_face_t *built = hb_subset_or_fail(f->face, in);
  hb_subset_input_destroy(in);
  if (!built) {
    diag_error(diag, at, L("hb-subset failed for this font", "hb-subset 无法为此字体生成子集"));
    return NULL;
  }
  hb_blob_t *sub_blob = hb_face_reference_blob(built);
  hb_face_destroy(built);
  hb_face_t *sub = hb_face_create(sub_blob, 0);
  hb_blob_destroy(sub_blob);
  unsigned glyphs = hb_face_get_glyph_count(sub);
  if (glyphs < 1 || glyphs >= 0xd800) {
    diag_error(diag, at, L("font subset has %u glyphs (at most 55295 supported)", "字体子集有 %u 个字形（最多支持 55295 个）"),
               glyphs);
    hb_face_destroy(sub);
    return NULL;
  }
  return sub;
}

/* The most common of n advances (sorted here), and in *best how many glyphs have it. */
static unsigned most_common(unsigned *advs, size_t n, unsigned *best) {
  qsort(advs, n, sizeof *advs, cmp_unsigned);
  unsigned mode_adv = 0;
  *best = 0;
  for (size_t i = 0, j; i < n; i = j) {
    for (j = i; j < n && advs[j] == advs[i]; j++) continue;
    if (j - i > *best) *best = (unsigned)(j - i), mode_adv = advs[i];
  }
  return mode_adv;
}

static void set_cid_page(pdf_font_file *f, uint32_t cp, size_t index, size_t cid) {
  uint32_t **page = &f->cid_pages[cp >> 8];
  if (!*page) *page = xcalloc(256, sizeof(uint32_t));
  (*page)[cp & 0xff] = (uint32_t)(index << 16 | cid);
}

/* CIDs: the wanted code points in order, each with its subset glyph and advance. A CFF program
 * selects glyphs by the CIDs of its charset, so a CFF font's CIDs are its own (one per glyph: a
 * second code point drawn with the same glyph shares its CID). Returns the most common advance
 * (for .notdef and /DW) with its count in *best, or false in *ok after a message. */
static unsigned assign_cids(pdf_font_file *f, size_t index, hb_face_t *sub, const uint32_t *cps, size_t n,
                            unsigned *best, bool *ok, src_loc at, diag_sink *diag) {
  pdf_subset *sb = &f->subs[index];
  unsigned glyphs = hb_face_get_glyph_count(sub), upem = hb_face_get_upem(sub);
  unsigned *cff_cid = NULL, max_cid = (unsigned)n;
  *ok = true, *best = 0;
  if (f->sfnt.cff) {
    if (!(cff_cid = pdf_cff_cids(sub, glyphs))) {
      diag_error(diag, at, L("the font's CFF outlines are not CID-keyed or do not parse; use a CID-keyed CFF "
                             "font (as Noto CJK and Source Han are) or a TrueType one",
                             "字体的 CFF 轮廓不是 CID 字体或无法解析；请使用 CID 结构的 CFF 字体（如 Noto CJK、思源）或 TrueType 字体"));
      *ok = false;
      return 0;
    }
    max_cid = 0;
    for (unsigned g = 0; g < glyphs; g++) max_cid = cff_cid[g] > max_cid ? cff_cid[g] : max_cid;
  }
  hb_font_t *sfont = hb_font_create(sub);
  hb_font_set_scale(sfont, (int)upem, (int)upem);
  sb->cid_cp = xcalloc((size_t)max_cid + 1, sizeof *sb->cid_cp);
  sb->cid_gid = xcalloc((size_t)max_cid + 1, sizeof *sb->cid_gid);
  sb->cid_w = xcalloc((size_t)max_cid + 1, sizeof *sb->cid_w);
  unsigned *advs = xcalloc(n + 1, sizeof *advs);
  size_t cid = 0, distinct = 0;
  for (size_t i = 0; i < n; i++) {
    hb_codepoint_t cp = cps[i], g;
    if (!hb_font_get_nominal_glyph(sfont, cp, &g) || g == 0) continue;
    if (cff_cid) {
      cid = cff_cid[g];
      if (cid == 0 || cid > 0xffff) continue;
      if (sb->cid_cp[cid]) { /* the glyph already has its CID */
        set_cid_page(f, cp, index, cid);
        continue;
      }
    } else {
      cid++;
    }
    distinct++;
    sb->cid_cp[cid] = cp;
    sb->cid_gid[cid] = (uint16_t)g;
    hb_position_t a = hb_font_get_glyph_h_advance(sfont, g);
    sb->cid_w[cid] = (double)a * 1000.0 / upem;
    advs[distinct - 1] = (unsigned)a;
    set_cid_page(f, cp, index, cid);
  }
  sb->count = cff_cid ? max_cid : cid;
  free(cff_cid);
  hb_font_destroy(sfont);
  /* The most common advance becomes .notdef's and /DW, so /W stays short (findings §2: a
   * 374/1024 .notdef cost libharu 21k /W entries). */
  unsigned mode_adv = most_common(advs, distinct, best);
  free(advs);
  return mode_adv;
}

/* The subset's tables again, with .notdef's advance set to 'notdef_adv' when 'patch'. */
static hb_blob_t *rebuild(hb_face_t *sub, bool patch, unsigned notdef_adv) {
  hb_face_t *builder = hb_face_builder_create();
  hb_tag_t tags[64];
  unsigned offset = 0, count;
  do {
    count = 64;
    hb_face_get_table_tags(sub, offset, &count, tags);
    for (unsigned i = 0; i < count; i++) {
      hb_blob_t *t;
      if (tags[i] == HB_TAG('h', 'm', 't', 'x') && patch) {
        hb_blob_t *orig = hb_face_reference_table(sub, tags[i]);
        unsigned tl;
        const char *td = hb_blob_get_data(orig, &tl);
        char *copy = xmalloc(tl ? tl : 1);
        memcpy(copy, td, tl);
        if (tl >= 2) put16((unsigned char *)copy, notdef_adv);
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
  return out;
}

static bool subset_chunk(pdf_font_file *f, const uint32_t *cps, size_t n, size_t index, diag_sink *diag) {
  pdf_subset *sb = &f->subs[index];
  src_loc at = {f->label, 0, 0, NULL};
  hb_face_t *sub = run_subset(f, cps, n, at, diag);
  if (!sub) return false;
  unsigned best;
  bool ok;
  unsigned mode_adv = assign_cids(f, index, sub, cps, n, &best, &ok, at, diag);
  if (!ok) {
    hb_face_destroy(sub);
    return false;
  }
  unsigned upem = hb_face_get_upem(sub), num_hmetrics = 0;
  hb_blob_t *hhea = hb_face_reference_table(sub, HB_TAG('h', 'h', 'e', 'a'));
  unsigned hl;
  const unsigned char *hd = (const unsigned char *)hb_blob_get_data(hhea, &hl);
  if (hl >= 36) num_hmetrics = (unsigned)hd[34] << 8 | hd[35];
  hb_blob_destroy(hhea);
  bool patch = num_hmetrics >= 2 && best > 0;
  sb->blob = rebuild(sub, patch, mode_adv);
  hb_face_destroy(sub);
  unsigned notdef_adv = mode_adv;
  if (!patch) {
    hb_font_t *tmp = hb_font_create(f->face);
    hb_font_set_scale(tmp, (int)f->upem, (int)f->upem);
    notdef_adv = (unsigned)hb_font_get_glyph_h_advance(tmp, 0);
    hb_font_destroy(tmp);
  }
  sb->dw = (int)(notdef_adv * 1000 / upem);
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

size_t pdf_fonts_prepared_set(const pdf_fonts *fonts, uint32_t **out) {
  *out = NULL;
  size_t n = fonts && fonts->prepared ? hb_set_get_population(fonts->prepared) : 0;
  if (!n) return 0;
  *out = xmalloc(n * sizeof **out);
  size_t i = 0;
  for (hb_codepoint_t cp = HB_SET_VALUE_INVALID; i < n && hb_set_next(fonts->prepared, &cp);) (*out)[i++] = cp;
  return i;
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
  /* the outline of every character drawn must decode: bit rot inside glyf can pass the
   * directory checks of a font whose checksums were recomputed after the damage */
  bool ok = true;
  for (size_t i = 0; i < fonts->file_count && ok; i++) {
    const pdf_font_file *f = &fonts->files[i];
    if (hb_set_is_empty(f->wanted)) continue;
    if (!f->outlines_checked) {
      if (!pdf_sfnt_check_outlines(f->map, &f->sfnt, f->label, f->at, diag)) {
        ok = false;
        break;
      }
      fonts->files[i].outlines_checked = true;
    }
    hb_font_t *hf = f->sfnt.cff ? hb_font_create(f->face) : NULL;
    cp = HB_SET_VALUE_INVALID;
    while (ok && hb_set_next(f->wanted, &cp)) {
      hb_glyph_extents_t ext;
      /* a CFF charstring is checked by running it (HarfBuzz's interpreter fails on a bad one) */
      if (hf ? hb_font_get_glyph_extents(hf, pdf_file_gid(f, cp), &ext) : pdf_glyph_check(&f->sfnt, pdf_file_gid(f, cp)))
        continue;
      char utf8[8];
      diag_error(diag, f->at,
                 L("font %s is damaged (the outline of U+%04X '%s' does not decode): copy it again from where it "
                   "came from",
                   "字体 %s 已损坏（U+%04X“%s”的字形轮廓无法解析）：请从原处重新复制"),
                 f->label, (unsigned)cp, utf8_of(cp, utf8));
      ok = false;
    }
    hb_font_destroy(hf);
  }
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
