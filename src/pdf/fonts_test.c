/* Unit tests for pdf/: font map, roles and fallback, coverage errors, metrics, ToUnicode. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../tests/check.h"
#include "core/diag.h"
#include "core/lang.h"
#include "pdf/pdf.h"
#include "pdf/pdf_private.h"

#define FONTMAP "fonts/fontmap.ini"
#define GBSN "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf"
#define INI_AT ((src_loc){"job.ini", 21, 0, NULL})

static pdf_fonts *fonts;

static char *write_temp(const char *content) {
  char *path = strdup("/tmp/yinfa-fontmap-XXXXXX");
  int fd = mkstemp(path);
  if (fd >= 0) {
    if (write(fd, content, strlen(content)) < 0) perror("write");
    close(fd);
  }
  return path;
}

TEST(load_default_map) {
  CHECK(fonts != NULL);
  if (!fonts) return;
  /* the free defaults (no 仿宋_GB2312 etc. installed here): FandolFang, Noto CJK SC faces */
  CHECK_CONTAINS(pdf_fonts_role_file(fonts, LAY_FONT_BODY), "FandolFang-Regular.otf");
  CHECK_CONTAINS(pdf_fonts_role_file(fonts, LAY_FONT_TITLE), "NotoSerifCJK-Bold.ttc:2");
  CHECK_CONTAINS(pdf_fonts_role_file(fonts, LAY_FONT_HEADING), "NotoSansCJK-Regular.ttc:2");
  CHECK_CONTAINS(pdf_fonts_role_file(fonts, LAY_FONT_KAI), "LXGWWenKai-Regular.ttf");
  CHECK(!fonts->roles[LAY_FONT_TITLE].fake_bold); /* a real bold face */
  CHECK(!fonts->roles[LAY_FONT_BODY].fake_bold);
  const char *why;
  CHECK(pdf_fonts_role_fell_back(fonts, LAY_FONT_BODY, &why));
  CHECK_CONTAINS(why, "仿宋_GB2312");
  /* FandolFang, Noto Serif (the first fallback), Bold and Sans, gbsn00lp (page numbers),
   * BabelStone Han, zenhei, HanaMinA, HanaMinB, LXGW: each loaded once */
  CHECK_INT(fonts->file_count, 10);
}

TEST(fallback_choice) {
  if (!fonts) return;
  CHECK_CONTAINS(pdf_fonts_file_for(fonts, LAY_FONT_BODY, 0x4E2D), "FandolFang"); /* 中 */
  /* beyond GB2312 (FandolFang's set) the chain goes on with Noto Serif CJK SC, as before */
  CHECK_CONTAINS(pdf_fonts_file_for(fonts, LAY_FONT_BODY, 0x5803), "NotoSerif"); /* 堃, GBK */
  CHECK(pdf_fonts_file_for(fonts, LAY_FONT_BODY, 0x3007) != NULL);                 /* 〇 */
  CHECK_CONTAINS(pdf_fonts_file_for(fonts, LAY_FONT_KAI, 0x4DAE), "LXGW");       /* 䶮 */
  /* a character the Noto faces lack comes from the next font of the chain */
  CHECK_CONTAINS(pdf_fonts_file_for(fonts, LAY_FONT_BODY, 0x2A6D6), "BabelStone"); /* 𪛖 */
  const char *ext_b = pdf_fonts_file_for(fonts, LAY_FONT_BODY, 0x20BB7);         /* 𠮷 */
  CHECK(ext_b && !strstr(ext_b, "HanaMin")); /* a Chinese design before the Japanese HanaMin */
  /* private use: only from the role's own font (BabelStone Han has glyphs there) */
  CHECK(pdf_fonts_file_for(fonts, LAY_FONT_BODY, 0xE000) == NULL);
  /* ext-g-biang-no-font, weak-ext-g-refused: Extension G and H are drawn */
  CHECK(pdf_fonts_file_for(fonts, LAY_FONT_BODY, 0x30EDD) != NULL);                  /* 𰻝 */
  CHECK_CONTAINS(pdf_fonts_file_for(fonts, LAY_FONT_BODY, 0x30000), "BabelStoneHan"); /* 𰀀 */
  CHECK(pdf_fonts_file_for(fonts, LAY_FONT_BODY, 0x31350) != NULL);                   /* Ext H */
  CHECK(pdf_fonts_file_for(fonts, LAY_FONT_BODY, 0x2EBF0) == NULL); /* Ext I: no installed font */
}

TEST(check_names_missing_character) {
  if (!fonts) return;
  diag_sink *d = diag_new(NULL, 0);
  src_loc at = {"data.xml", 12, 5, "A-007"};
  CHECK(pdf_fonts_check(fonts, "许昌䶮堃喆珺〇𠮷 ABC，。", at, d));
  CHECK_INT(diag_error_count(d), 0);
  CHECK(!pdf_fonts_check(fonts, "名字\xEE\x80\x80好", at, d));
  CHECK_INT(diag_error_count(d), 1);
  CHECK_CONTAINS(diag_text(d), "U+E000");
  CHECK_CONTAINS(diag_text(d), "data.xml:12");
  CHECK_CONTAINS(diag_text(d), "A-007");
  CHECK(!pdf_fonts_check(fonts, "Ext I \U0002EBF0", at, d));
  CHECK_CONTAINS(diag_text(d), "U+2EBF0");
  CHECK(!pdf_fonts_check(fonts, "bad \xC3 utf8", at, d));
  CHECK_CONTAINS(diag_text(d), "UTF-8");
  diag_free(d);
}

TEST(metrics_known_characters) {
  if (!fonts) return;
  lay_metrics m = pdf_fonts_metrics(fonts);
  CHECK_NEAR(m.advance_pt(m.ctx, LAY_FONT_BODY, 16, "中", 3), 16.0, 1e-9);
  CHECK_NEAR(m.advance_pt(m.ctx, LAY_FONT_BODY, 16, "中文，", 9), 48.0, 1e-9);
  CHECK_NEAR(m.advance_pt(m.ctx, LAY_FONT_HEADING, 10, "一", 3), 10.0, 1e-9);
  double a = m.advance_pt(m.ctx, LAY_FONT_BODY, 16, "A", 1);
  CHECK(a > 4 && a < 12); /* half-width Latin */
  /* fallback characters are measured in the font that draws them */
  CHECK_NEAR(m.advance_pt(m.ctx, LAY_FONT_BODY, 16, "〇", 3), 16.0, 0.5);
  CHECK_NEAR(m.advance_pt(m.ctx, LAY_FONT_BODY, 20, "𠮷", 4), 20.0, 0.5);
  /* only 'len' bytes count */
  CHECK_NEAR(m.advance_pt(m.ctx, LAY_FONT_BODY, 16, "中文", 3), 16.0, 1e-9);
}

/* U+2060 WORD JOINER (templates' nobreak), ZWNBSP, ZWSP/ZWNJ/ZWJ and the invisible operators:
 * no glyph needed, no room taken, never collected for the subset. */
TEST(invisible_characters) {
  if (!fonts) return;
  static const char *const inv[] = {"\u200B", "\u200C", "\u200D", "\u2060", "\u2061", "\u2064",
                                    "\uFEFF"};
  lay_metrics m = pdf_fonts_metrics(fonts);
  diag_sink *d = diag_new(NULL, 0);
  src_loc at = {"data.xml", 3, 1, "A-001"};
  for (size_t i = 0; i < sizeof inv / sizeof inv[0]; i++) {
    CHECK_NEAR(m.advance_pt(m.ctx, LAY_FONT_BODY, 16, inv[i], strlen(inv[i])), 0.0, 1e-9);
    CHECK_NEAR(m.advance_pt(m.ctx, LAY_FONT_KAI, 16, inv[i], strlen(inv[i])), 0.0, 1e-9);
  }
  const char *name = "褚\u2060红\u2060梅";
  CHECK_NEAR(m.advance_pt(m.ctx, LAY_FONT_BODY, 16, name, strlen(name)), 48.0, 1e-9);
  CHECK(pdf_fonts_check(fonts, "褚\u2060红\u2060梅、钱\uFEFF立\u200B新\u200D", at, d));
  CHECK_INT(diag_error_count(d), 0);
  pdf_fonts *f = pdf_fonts_load(FONTMAP, NULL, d);
  CHECK(f != NULL);
  if (f) {
    pdf_fonts_add_text(f, name);
    CHECK(hb_set_has(f->collected, 0x891A) && !hb_set_has(f->collected, 0x2060));
  }
  pdf_fonts_free(f);
  diag_free(d);
}

TEST(override_role_font) {
  diag_sink *d = diag_new(NULL, 0);
  pdf_font_choice ov[LAY_FONT_COUNT] = {{"/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", NULL, INI_AT},
                                        {0},
                                        {0},
                                        {0},
                                        {"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc:1", NULL, INI_AT}};
  pdf_fonts *f = pdf_fonts_load(FONTMAP, ov, d);
  CHECK(f != NULL);
  if (f) {
    CHECK_CONTAINS(pdf_fonts_role_file(f, LAY_FONT_BODY), "LXGWWenKai");
    CHECK_CONTAINS(pdf_fonts_role_file(f, LAY_FONT_SONG), "wqy-zenhei.ttc:1");
    CHECK_CONTAINS(pdf_fonts_role_file(f, LAY_FONT_TITLE), "NotoSerifCJK-Bold");
  }
  pdf_fonts_free(f);
  pdf_font_choice missing[LAY_FONT_COUNT] = {{"/nonexistent/fangsong.ttf", NULL, INI_AT}};
  CHECK(pdf_fonts_load(FONTMAP, missing, d) == NULL);
  CHECK_CONTAINS(diag_text(d), "/nonexistent/fangsong.ttf");
  CHECK_CONTAINS(diag_text(d), "job.ini:21:"); /* the line that named it, not the fontmap */
  diag_free(d);
}

TEST(fontmap_errors) {
  diag_sink *d = diag_new(NULL, 0);
  char *p = write_temp("[body]\nfile = /usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf\n[bodi]\nfile = x\n");
  CHECK(pdf_fonts_load(p, NULL, d) == NULL);
  CHECK_CONTAINS(diag_text(d), ":3:");
  CHECK_CONTAINS(diag_text(d), "bodi");
  unlink(p);
  free(p);
  diag_free(d);

  d = diag_new(NULL, 0);
  p = write_temp("[body]\nfile = /usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf\n");
  CHECK(pdf_fonts_load(p, NULL, d) == NULL);
  CHECK_CONTAINS(diag_text(d), "[title]"); /* every role needs a font */
  unlink(p);
  free(p);
  diag_free(d);

  d = diag_new(NULL, 0);
  CHECK(pdf_fonts_load("/nonexistent/fontmap.ini", NULL, d) == NULL);
  CHECK_CONTAINS(diag_text(d), "/nonexistent/fontmap.ini");
  diag_free(d);
}

TEST(utf8_decoder) {
  const char *s = "a中𠮷";
  const char *e = s + strlen(s);
  CHECK_INT(pdf_utf8_next(&s, e), 'a');
  CHECK_INT(pdf_utf8_next(&s, e), 0x4E2D);
  CHECK_INT(pdf_utf8_next(&s, e), 0x20BB7);
  CHECK(s == e);
  const char *overlong = "\xC0\xAF", *surrogate = "\xED\xA0\x80", *cut = "\xE4\xB8";
  s = overlong;
  CHECK_INT(pdf_utf8_next(&s, overlong + 2), -1);
  s = surrogate;
  CHECK_INT(pdf_utf8_next(&s, surrogate + 3), -1);
  s = cut;
  CHECK_INT(pdf_utf8_next(&s, cut + 2), -1);
}

TEST(tounicode_cmap) {
  strbuf b;
  strbuf_init(&b);
  uint16_t cids[] = {1, 2, 3};
  uint32_t cps[] = {0x4E2D, 0x20BB7, 0x41};
  pdf_tounicode_cmap(&b, cids, cps, 3);
  CHECK_CONTAINS(b.data, "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange");
  CHECK_CONTAINS(b.data, "3 beginbfchar\n<0001> <4E2D>\n<0002> <D842DFB7>\n<0003> <0041>\nendbfchar");
  CHECK_CONTAINS(b.data, "/CMapType 2 def");
  CHECK(!strstr(b.data, "cidrange"));
  strbuf_release(&b);

  /* at most 100 entries per block */
  uint16_t many[150];
  uint32_t mcp[150];
  for (int i = 0; i < 150; i++) many[i] = (uint16_t)(i + 1), mcp[i] = 0x4E00 + (uint32_t)i;
  strbuf_init(&b);
  pdf_tounicode_cmap(&b, many, mcp, 150);
  CHECK_CONTAINS(b.data, "100 beginbfchar\n<0001> <4E00>");
  CHECK_CONTAINS(b.data, "endbfchar\n50 beginbfchar\n<0065> <4E64>");
  strbuf_release(&b);
}

TEST(prepare_subsets) {
  if (!fonts) return;
  diag_sink *d = diag_new(NULL, 0);
  pdf_fonts_add_text(fonts, "许昌市〇号𠮷𪛖");
  char buf[4];
  for (unsigned cp = 0x5000; cp < 0x5200; cp++) { /* a realistic number of hanzi */
    buf[0] = (char)(0xE0 | (cp >> 12)), buf[1] = (char)(0x80 | ((cp >> 6) & 0x3f)), buf[2] = (char)(0x80 | (cp & 0x3f));
    buf[3] = 0;
    pdf_fonts_add_text(fonts, buf);
  }
  CHECK(pdf_fonts_prepare(fonts, d));
  CHECK_INT(diag_error_count(d), 0);
  int body = fonts->roles[LAY_FONT_BODY].chain[0];
  const pdf_font_file *f = &fonts->files[body];
  CHECK(f->sub_n >= 1 && f->subs[0].blob != NULL);
  CHECK(pdf_file_cid(f, 0x8BB8) != 0); /* 许 */
  CHECK(pdf_file_cid(f, 'A') != 0);     /* ASCII always */
  CHECK_INT(pdf_file_cid(f, 0x2A6D6), 0); /* 𪛖 lives in the fallback's subset */
  int fb = pdf_resolve(fonts, LAY_FONT_BODY, 0x2A6D6);
  CHECK(fb >= 0 && pdf_file_cid(&fonts->files[fb], 0x2A6D6) != 0);
  int ext = pdf_resolve(fonts, LAY_FONT_BODY, 0x20BB7);
  CHECK(ext >= 0 && pdf_file_cid(&fonts->files[ext], 0x20BB7) != 0);
  /* CIDs map back (a CFF font's CIDs are its own, a TrueType font's run in code point order) */
  uint32_t v = pdf_file_cid(f, 0x8BB8);
  CHECK_INT(v >> 16, 0);
  unsigned c = v & 0xffff;
  CHECK_INT(f->subs[0].cid_cp[c], 0x8BB8);
  CHECK(f->subs[0].cid_w[c] > 999 && f->subs[0].cid_w[c] < 1001);
  /* .notdef advance patched to the common advance: /DW = 1000 for a CJK font */
  CHECK_INT(f->subs[0].dw, 1000);
  /* new text re-subsets */
  int zh = pdf_resolve(fonts, LAY_FONT_HEADING, 0x5803); /* 堃 */
  pdf_fonts_add_text(fonts, "堃");
  CHECK(pdf_fonts_prepare(fonts, d));
  CHECK(pdf_file_cid(&fonts->files[zh], 0x5803) != 0);
  /* preparing again without new text keeps the subsets */
  hb_blob_t *before = fonts->files[body].subs[0].blob;
  CHECK(pdf_fonts_prepare(fonts, d));
  CHECK(fonts->files[body].subs[0].blob == before);
  diag_free(d);
}

/* A document's font program keeps the outlines of the glyphs it uses (composites included, their
 * components renumbered) and the advances, and has nothing else. Checked by reading it back with
 * HarfBuzz and comparing glyph extents with the run subset. */
static int cff_checked;

static void roundtrip(pdf_fonts *fs, int *checked_out, int *composites_out) {
  int checked = 0, composites = 0;
  for (size_t fi = 0; fi < fs->file_count; fi++) {
    for (size_t si = 0; si < fs->files[fi].sub_n; si++) {
      const pdf_subset *sb = &fs->files[fi].subs[si];
      unsigned char *used = calloc(sb->num_glyphs, 1);
      used[0] = 1;
      /* every third glyph, and every composite with its components */
      for (unsigned g = 1; g < sb->num_glyphs; g++)
        if (g % 3 == 0 || (!sb->cff && sb->comp_start[g + 1] > sb->comp_start[g])) used[g] = 1;
      for (unsigned g = 0; !sb->cff && g < sb->num_glyphs; g++)
        composites += used[g] && sb->comp_start[g + 1] > sb->comp_start[g];
      pdf_program_close(sb, used);
      uint16_t *map = calloc(sb->num_glyphs, sizeof *map);
      unsigned char *prog = NULL;
      size_t len = pdf_program_build(sb, used, map, &prog);
      hb_blob_t *blob = hb_blob_create((const char *)prog, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
      hb_face_t *nf = hb_face_create(blob, 0), *of = hb_face_create(sb->blob, 0);
      if (sb->cff) { /* a bare CFF program: wrapped with head and maxp to read it back */
        unsigned k = 0;
        unsigned *probe = pdf_cff_program_cids(prog, len, &k); /* k: the program's glyph count */
        CHECK(probe != NULL);
        free(probe);
        hb_face_destroy(nf);
        nf = hb_face_builder_create();
        hb_face_builder_add_table(nf, HB_TAG('C', 'F', 'F', ' '), blob);
        hb_blob_t *head = hb_face_reference_table(of, HB_TAG('h', 'e', 'a', 'd'));
        hb_face_builder_add_table(nf, HB_TAG('h', 'e', 'a', 'd'), head);
        hb_blob_destroy(head);
        static unsigned char maxp[6] = {0, 0, 0x50, 0};
        maxp[4] = (unsigned char)(k >> 8), maxp[5] = (unsigned char)k;
        hb_blob_t *mb = hb_blob_create((const char *)maxp, 6, HB_MEMORY_MODE_READONLY, NULL, NULL);
        hb_face_builder_add_table(nf, HB_TAG('m', 'a', 'x', 'p'), mb);
        hb_blob_destroy(mb);
        hb_blob_t *whole = hb_face_reference_blob(nf);
        hb_face_destroy(nf);
        nf = hb_face_create(whole, 0);
        hb_blob_destroy(whole);
        /* the CIDs the content uses select the same glyphs in the document's program */
        unsigned *old_cid = pdf_cff_cids(of, sb->num_glyphs), *new_cid = pdf_cff_cids(nf, k);
        CHECK(old_cid && new_cid);
        for (unsigned g = 0; old_cid && new_cid && g < sb->num_glyphs; g++) {
          if (!used[g]) continue;
          unsigned j = 0;
          while (j < k && new_cid[j] != old_cid[g]) j++;
          if (g && j == k) {
            CHECK_FAIL_("%s: CID %u of glyph %u is not in the program", fs->files[fi].label, old_cid[g], g);
            break;
          }
          map[g] = (uint16_t)j;
        }
        free(old_cid);
        free(new_cid);
        /* the program is cut from the run subset by cffcut.c (issue 24), not left to hb-subset:
         * exactly the glyphs asked for */
        hb_blob_t *rc = hb_face_reference_table(of, HB_TAG('C', 'F', 'F', ' '));
        unsigned rl = 0;
        const unsigned char *rd = (const unsigned char *)hb_blob_get_data(rc, &rl);
        unsigned char *cut = NULL;
        size_t cut_len = pdf_cff_cut(rd, rl, used, sb->num_glyphs, &cut);
        CHECK(cut_len > 0 && cut_len == len && !memcmp(cut, prog, len));
        unsigned want = 0;
        for (unsigned g = 0; g < sb->num_glyphs; g++) want += used[g];
        CHECK_INT(k, want);
        free(cut);
        hb_blob_destroy(rc);
        cff_checked++;
      }
      hb_font_t *nfont = hb_font_create(nf), *ofont = hb_font_create(of);
      unsigned k = 0;
      for (unsigned g = 0; g < sb->num_glyphs; g++) k += used[g];
      if (sb->cff) /* hb-subset may keep a few more; the PDF's CIDSet lists the program's own CIDs */
        CHECK(hb_face_get_glyph_count(nf) >= k && hb_face_get_glyph_count(nf) <= k + k / 10 + 4);
      else
        CHECK_INT(hb_face_get_glyph_count(nf), k);
      for (unsigned g = 0; g < sb->num_glyphs; g++) {
        if (!used[g]) continue;
        hb_glyph_extents_t a = {0}, b = {0};
        hb_font_get_glyph_extents(ofont, g, &a);
        hb_font_get_glyph_extents(nfont, map[g], &b);
        if (a.width != b.width || a.height != b.height || a.x_bearing != b.x_bearing) {
          CHECK_FAIL_("%s subset %zu: glyph %u -> %u extents differ", fs->files[fi].label, si, g, map[g]);
          break;
        }
        if (!sb->cff) /* a bare CFF program has no hmtx: /W carries the advances */
          CHECK_INT(hb_font_get_glyph_h_advance(nfont, map[g]), hb_font_get_glyph_h_advance(ofont, g));
        checked++;
      }
      hb_font_destroy(nfont);
      hb_font_destroy(ofont);
      hb_face_destroy(nf);
      hb_face_destroy(of);
      hb_blob_destroy(blob);
      free(prog);
      free(map);
      free(used);
    }
  }
  *checked_out = checked;
  *composites_out = composites;
}

TEST(font_program_roundtrip) {
  if (!fonts) return;
  int checked = 0, composites = 0;
  roundtrip(fonts, &checked, &composites);
  CHECK(checked > 100);
  /* DejaVu Sans builds accented letters from components: exercises composite renumbering */
  const char *dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  if (access(dejavu, R_OK) != 0) {
    printf("  (no %s: composite glyphs not exercised)\n", dejavu);
    return;
  }
  diag_sink *d = diag_new(NULL, 0);
  /* DejaVu draws no Chinese, so it cannot be a role's font: the first fallback instead */
  char map[1024];
  snprintf(map, sizeof map,
           "[body]\nfile = %s\n[title]\nfile = %s\n[heading]\nfile = %s\n[kai]\nfile = %s\n[song]\nfile = %s\n"
           "[fallback]\nfile = %s\n",
           GBSN, GBSN, GBSN, GBSN, GBSN, dejavu);
  char *mp = write_temp(map);
  pdf_fonts *lat = pdf_fonts_load(mp, NULL, d);
  unlink(mp);
  free(mp);
  CHECK(lat != NULL);
  if (lat) {
    pdf_fonts_add_text(lat, "éàüÅñǅŒœ ẞ ḉ ệ ǖ");
    CHECK(pdf_fonts_prepare(lat, d));
    int c2 = 0, comp2 = 0;
    roundtrip(lat, &c2, &comp2);
    CHECK(comp2 > 5);
    composites += comp2;
    checked += c2;
  }
  printf("  %d glyphs compared, %d composites, %d CFF programs\n", checked, composites, cff_checked);
  CHECK(cff_checked > 0); /* the default fonts include Noto CJK (CFF) */
  pdf_fonts_free(lat);
  diag_free(d);
}

/* weak-corrupt-font-silent, the kind: damage inside an outline that the table checksums do not
 * catch (recomputed after the damage) is found when the character is about to be drawn. */
TEST(damaged_glyph_refused) {
  FILE *in = fopen(GBSN, "rb");
  CHECK(in != NULL);
  if (!in) return;
  fseek(in, 0, SEEK_END);
  size_t len = (size_t)ftell(in);
  rewind(in);
  unsigned char *d = malloc(len);
  CHECK(fread(d, 1, len, in) == len);
  fclose(in);
  diag_sink *dg = diag_new(NULL, 0);
  pdf_sfnt_info info;
  CHECK(pdf_sfnt_check(d, len, 0, "gbsn00lp", SRC_LOC_NONE, &info, dg));
  CHECK(!pdf_sfnt_check(d, len / 2, 0, "half", INI_AT, &info, dg));
  CHECK_CONTAINS(diag_text(dg), "job.ini:21: error: font half is truncated");
  CHECK(pdf_sfnt_check(d, len, 0, "gbsn00lp", SRC_LOC_NONE, &info, dg));
  hb_blob_t *blob = hb_blob_create((const char *)d, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
  hb_face_t *face = hb_face_create(blob, 0);
  hb_font_t *font = hb_font_create(face);
  hb_codepoint_t gid = 0;
  CHECK(hb_font_get_nominal_glyph(font, 0x4E2D, &gid)); /* 中 */
  hb_font_destroy(font);
  hb_face_destroy(face);
  hb_blob_destroy(blob);
  CHECK(pdf_glyph_check(&info, gid));
  uint32_t off = info.long_loca ? (uint32_t)info.loca[4 * gid] << 24 | (uint32_t)info.loca[4 * gid + 1] << 16 |
                                      (uint32_t)info.loca[4 * gid + 2] << 8 | info.loca[4 * gid + 3]
                                : 2u * ((unsigned)info.loca[2 * gid] << 8 | info.loca[2 * gid + 1]);
  unsigned char *g = (unsigned char *)info.glyf + off;
  g[0] = 0x7f, g[1] = 0xff; /* 32767 contours: far more than the record holds */
  CHECK(!pdf_glyph_check(&info, gid));
  /* the glyf checksum made right again, as a careless font tool would */
  unsigned nt = (unsigned)d[4] << 8 | d[5];
  for (unsigned i = 0; i < nt; i++) {
    unsigned char *r = d + 12 + 16 * i;
    if (memcmp(r, "glyf", 4)) continue;
    uint32_t o = (uint32_t)r[8] << 24 | (uint32_t)r[9] << 16 | (uint32_t)r[10] << 8 | r[11];
    uint32_t l = (uint32_t)r[12] << 24 | (uint32_t)r[13] << 16 | (uint32_t)r[14] << 8 | r[15], sum = 0;
    for (uint32_t k = 0; k < l; k += 4) {
      unsigned char w[4] = {0};
      memcpy(w, d + o + k, l - k < 4 ? l - k : 4);
      sum += (uint32_t)w[0] << 24 | (uint32_t)w[1] << 16 | (uint32_t)w[2] << 8 | w[3];
    }
    r[4] = (unsigned char)(sum >> 24), r[5] = (unsigned char)(sum >> 16), r[6] = (unsigned char)(sum >> 8);
    r[7] = (unsigned char)sum;
  }
  char path[] = "/tmp/yinfa-badglyph-XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0 && write(fd, d, len) == (ssize_t)len);
  close(fd);
  free(d);
  pdf_font_choice ov[LAY_FONT_COUNT] = {{path, NULL, INI_AT}};
  pdf_fonts *f = pdf_fonts_load(FONTMAP, ov, dg);
  CHECK(f != NULL);
  if (f) {
    pdf_fonts_add_text(f, "中文");
    CHECK(!pdf_fonts_prepare(f, dg));
    CHECK_CONTAINS(diag_text(dg), "U+4E2D");
    CHECK_CONTAINS(diag_text(dg), "job.ini:21: error: font /tmp/yinfa-badglyph");
  }
  pdf_fonts_free(f);
  unlink(path);
  diag_free(dg);
}

/* The outline table's checksum is checked when the font first draws something (load only reads
 * the directory and the small tables, so validate stays fast): a flipped byte inside glyf. */
TEST(damaged_outlines_refused_when_used) {
  FILE *in = fopen(GBSN, "rb");
  CHECK(in != NULL);
  if (!in) return;
  fseek(in, 0, SEEK_END);
  size_t len = (size_t)ftell(in);
  rewind(in);
  unsigned char *d = malloc(len);
  CHECK(fread(d, 1, len, in) == len);
  fclose(in);
  diag_sink *dg = diag_new(NULL, 0);
  pdf_sfnt_info info;
  CHECK(pdf_sfnt_check(d, len, 0, "gbsn00lp", SRC_LOC_NONE, &info, dg));
  d[info.outlines.off + info.outlines.len / 2] ^= 0x01;
  char path[] = "/tmp/yinfa-badglyf-XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0 && write(fd, d, len) == (ssize_t)len);
  close(fd);
  free(d);
  pdf_font_choice ov[LAY_FONT_COUNT] = {{path, NULL, INI_AT}};
  pdf_fonts *f = pdf_fonts_load(FONTMAP, ov, dg);
  CHECK(f != NULL); /* the directory and the small tables are intact */
  if (f) {
    pdf_fonts_add_text(f, "中文");
    CHECK(!pdf_fonts_prepare(f, dg));
    CHECK_CONTAINS(diag_text(dg), "job.ini:21: error: font /tmp/yinfa-badglyf");
    CHECK_CONTAINS(diag_text(dg), "the checksum of table 'glyf' does not match");
  }
  pdf_fonts_free(f);
  unlink(path);
  diag_free(dg);
}

int main(void) {
  lang_force(false);
  diag_sink *d = diag_new(stderr, 0);
  fonts = pdf_fonts_load(FONTMAP, NULL, d);
  RUN(load_default_map);
  RUN(fallback_choice);
  RUN(check_names_missing_character);
  RUN(metrics_known_characters);
  RUN(invisible_characters);
  RUN(override_role_font);
  RUN(fontmap_errors);
  RUN(utf8_decoder);
  RUN(tounicode_cmap);
  RUN(prepare_subsets);
  RUN(font_program_roundtrip);
  RUN(damaged_glyph_refused);
  RUN(damaged_outlines_refused_when_used);
  pdf_fonts_free(fonts);
  diag_free(d);
  return CHECK_DONE();
}
