/* Unit tests for the paragraph engine: clreq/GB line breaking, squeezing before pushing,
 * inseparables, justification, Han/Latin gaps and the lone last character (layout.md). */
#include <stdio.h>

#include "../../tests/check.h"
#include "layout/testing.h"

static diag_sink *diag;

/* A body-measure paragraph without indent on the grid: 28 wide characters per line. */
static void set_plain(lay_para *p, lay_document *doc, const char *text) {
  lay_para_fmt f = lay_body_fmt(doc, LAY_FONT_BODY, LAY_BODY_PT);
  lay_para_set(p, doc, text, strlen(text), &f);
}

/* The UTF-8 of line i, in a static buffer. */
static const char *line_text(const lay_para *p, size_t i) {
  static char buf[4096];
  const lay_pline *l = &p->lines[i];
  if (l->end <= l->first) return "";
  size_t a = p->units[l->first].offset;
  size_t b = p->units[l->end - 1].offset + p->units[l->end - 1].len;
  snprintf(buf, sizeof buf, "%.*s", (int)(b - a), p->text + a);
  return buf;
}

static bool starts_with(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Right edge of line i: last unit's x plus its drawn width. */
static double line_right(const lay_para *p, size_t i) {
  const lay_pline *l = &p->lines[i];
  size_t k = l->end - 1;
  return l->x + p->x[k] + p->adv[k] + (p->ncp[k] - 1) * p->fmt.tracking_pt;
}

static const char *const NO_START[] = {"、", "，", "。", "．", "：", "；", "！", "？", "）", "］",
                                       "｝", "》", "〉", "」", "』", "】", "〕", "〗", "”", "’",
                                       "·", "％", "‰"};
static const char *const NO_END[] = {"（", "［", "｛", "《", "〈", "「", "『", "【", "〔", "〖",
                                     "“", "‘"};

TEST(line_start_prohibited_each_class) {
  lay_document *doc = fake_doc(true, false, diag);
  for (size_t m = 0; m < sizeof NO_START / sizeof *NO_START; m++) {
    char *han = repeat("国", 28);
    char text[512];
    snprintf(text, sizeof text, "%s%s家家家家家家", han, NO_START[m]);
    free(han);
    lay_para p;
    set_plain(&p, doc, text);
    CHECK_INT(p.nlines, 2);
    if (p.nlines == 2 && starts_with(line_text(&p, 1), NO_START[m]))
      CHECK_FAIL_("line 2 starts with %s", NO_START[m]);
    /* pushed down with the character before it; line 1 still fills the measure */
    if (p.nlines == 2) CHECK_NEAR(line_right(&p, 0), LAY_MEASURE_PT, 0.01);
    lay_para_free(&p);
  }
  lay_document_free(doc);
}

/* A name joined by U+2060 (templates' nobreak) moves to the next line whole, and the joiners
 * take neither width nor tracking. */
TEST(word_joined_name_never_split) {
  lay_document *doc = fake_doc(true, false, diag);
  char *han = repeat("国", 26);
  char text[512];
  snprintf(text, sizeof text, "%s褚\u2060红\u2060梅、钱\u2060立\u2060新", han);
  lay_para p;
  set_plain(&p, doc, text);
  CHECK_INT(p.nlines, 2);
  if (p.nlines == 2) {
    CHECK_STR(line_text(&p, 1), "褚\u2060红\u2060梅、钱\u2060立\u2060新");
    CHECK_NEAR(line_right(&p, 0), LAY_MEASURE_PT, 0.01); /* 26 国 justified to the measure */
  }
  lay_para_free(&p);
  snprintf(text, sizeof text, "%s褚红梅", han);
  lay_para q;
  set_plain(&q, doc, text);
  CHECK_INT(q.nlines, 2); /* without joiners the name is split */
  if (q.nlines == 2) CHECK_STR(line_text(&q, 1), "红梅");
  lay_para_free(&q);
  free(han);
  /* same extent with and without joiners */
  lay_para a, b;
  set_plain(&a, doc, "褚\u2060红\u2060梅");
  set_plain(&b, doc, "褚红梅");
  CHECK_NEAR(line_right(&a, 0), line_right(&b, 0), 1e-9);
  CHECK_NEAR(a.lines[0].width, b.lines[0].width, 1e-9);
  lay_para_free(&a);
  lay_para_free(&b);
  lay_document_free(doc);
}

/* weak-soft-hyphen-gap (shared case): a name pasted as 许昌\u00AD绿源\u00A0信息技术有限公司 drew
 * the soft hyphen as a space-wide gap. U+00AD takes no room and no tracking, in Han text and in
 * a Latin word; the no-break space keeps its width. */
TEST(soft_hyphen_takes_no_room) {
  lay_document *doc = fake_doc(true, false, diag);
  const char *pairs[][2] = {{"许昌\u00AD绿源\u00A0信息技术有限公司", "许昌绿源\u00A0信息技术有限公司"},
                            {"平台基于Kuber\u00ADnetes构建", "平台基于Kubernetes构建"}};
  for (size_t i = 0; i < 2; i++) {
    lay_para a, b;
    set_plain(&a, doc, pairs[i][0]);
    set_plain(&b, doc, pairs[i][1]);
    CHECK_INT(a.nlines, 1);
    CHECK_NEAR(a.lines[0].width, b.lines[0].width, 1e-9);
    CHECK_INT(lay_count_cps("许昌\u00AD绿", strlen("许昌\u00AD绿")), 3);
    lay_para_free(&a);
    lay_para_free(&b);
  }
  lay_document_free(doc);
}

/* leading-ideographic-space-dropped (shared case): "　　" typed at the head of a paragraph is its
 * indent and stays in the text. In a cell (no indent of its own) it indents by two ems; in a body
 * paragraph it replaces the template's two-character indent instead of doubling it; after a
 * newline it indents that line; a U+3000 inside a line stays one em of space. */
TEST(typed_ideographic_indent_is_content) {
  lay_document *doc = fake_doc(true, false, diag);
  char *han = repeat("国", 40);
  char text[512];
  const double em = LAY_BODY_PT + LAY_GRID_TRACKING_PT;
  /* a cell-like paragraph: no indent of its own */
  snprintf(text, sizeof text, "\u3000\u3000%s\n\u3000\u3000家家", han);
  lay_para p;
  set_plain(&p, doc, text);
  CHECK(p.nlines == 3);
  if (p.nlines == 3) {
    CHECK(starts_with(line_text(&p, 0), "\u3000\u3000国"));
    size_t k = p.lines[0].first + 2; /* the first 国 */
    CHECK_NEAR(p.lines[0].x + p.x[k], 2 * em, 1e-6);
    CHECK_NEAR(line_right(&p, 0), LAY_MEASURE_PT, 0.01); /* still justified to the measure */
    CHECK_STR(line_text(&p, 2), "\u3000\u3000家家");
    k = p.lines[2].first + 2;
    CHECK_NEAR(p.lines[2].x + p.x[k], 2 * em, 1e-6);
  }
  lay_para_free(&p);
  /* a body paragraph indented by the template: the typed indent replaces it */
  lay_para_fmt f = lay_body_fmt(doc, LAY_FONT_BODY, LAY_BODY_PT);
  f.first_indent = 2 * em;
  snprintf(text, sizeof text, "\u3000\u3000%s", han);
  lay_para_set(&p, doc, text, strlen(text), &f);
  size_t k = p.lines[0].first + 2;
  CHECK_NEAR(p.lines[0].x + p.x[k], 2 * em, 1e-6);
  lay_para_free(&p);
  /* one typed U+3000 under a template indent: one em, not three */
  snprintf(text, sizeof text, "\u3000%s", han);
  lay_para_set(&p, doc, text, strlen(text), &f);
  k = p.lines[0].first + 1;
  CHECK_NEAR(p.lines[0].x + p.x[k], em, 1e-6);
  lay_para_free(&p);
  /* inside a line it is still one em of space */
  set_plain(&p, doc, "一、建设内容\u3000二、预期效益");
  CHECK_INT(p.nlines, 1);
  lay_para_free(&p);
  free(han);
  lay_document_free(doc);
}

/* extracted-text-spaces-justified (shared case): justifying a line never opens a gap between two
 * glyphs wider than LAY_MAX_GAP_EM (where pdftotext starts reading a word space), whatever is
 * pushed to the next line; a code with permitted break points (2203-411002-…) is cut at one
 * rather than leaving its line open; a code without any (a credit code) leaves its line short. */
TEST(justified_gaps_stay_below_a_word_space) {
  lay_document *doc = fake_doc(false, false, diag);
  lay_para_fmt f = lay_body_fmt(doc, LAY_FONT_BODY, 12);
  f.measure_pt = 20 * 12;
  const char *texts[] = {"平台基于Kubernetes和Elasticsearch构建，兼容OPC-UA、Modbus-TCP、PROFINET等",
                         "企业统一社会信用代码为91411002MA0NP0DX77，项目备案号为2203-411002-04-01-123456。",
                         "建设内容包括网络改造系统部署与数据中台升级改平台基于Kubernetes构建"};
  bool cut_seen = false;
  for (size_t n = 0; n < sizeof texts / sizeof *texts; n++) {
    for (size_t lead = 0; lead < 20; lead++) {
      char text[1024];
      char *han = repeat("国", lead);
      snprintf(text, sizeof text, "%s%s", han, texts[n]);
      free(han);
      lay_para p;
      lay_para_set(&p, doc, text, strlen(text), &f);
      for (size_t li = 0; li + 1 < p.nlines; li++) {
        const lay_pline *l = &p.lines[li];
        for (size_t k = l->first + 1; k < l->end; k++) {
          if (p.units[k].kind == TXT_UNIT_SPACE || p.units[k - 1].kind == TXT_UNIT_SPACE) continue;
          double gap = p.x[k] - p.x[k - 1] - p.adv[k - 1] + p.sqr[k - 1];
          if (gap > LAY_MAX_GAP_EM * 12 + 1e-6)
            CHECK_FAIL_("lead %zu line %zu: gap %.2f pt before unit %zu", lead, li, gap, k);
        }
        if (ends_with(line_text(&p, li), "2203-") || ends_with(line_text(&p, li), "411002-") ||
            ends_with(line_text(&p, li), "04-"))
          cut_seen = true;
      }
      lay_para_free(&p);
    }
  }
  CHECK(cut_seen);
  lay_document_free(doc);
}

/* A font that draws 、 in the middle of its em box (ink 0.35-0.65 em), as the default Song nearly
 * does: squeezing it by its right half would make it touch what follows ("企业 、重点"). */
static bool centred_comma_ink(void *ctx, lay_font font, const char *utf8, size_t len, double *l,
                              double *r) {
  (void)ctx, (void)font;
  if (len != 3 || memcmp(utf8, "、", 3) != 0) return false;
  *l = 0.35;
  *r = 0.65;
  return true;
}

/* Issue 13 §5: a squeezed mark gives up room only where its glyph has no ink, keeping
 * LAY_MARK_CLEAR_EM from it; what its blank right side cannot give comes from the left. */
TEST(squeezed_mark_follows_its_ink) {
  static const lay_metrics inked = {NULL, fake_advance, centred_comma_ink};
  lay_document *doc = lay_document_new(&inked, (lay_options){false, false}, diag);
  lay_para_fmt f = lay_body_fmt(doc, LAY_FONT_BODY, 16);
  lay_para p;
  const char *text = "企业、“重点”项目";
  lay_para_set(&p, doc, text, strlen(text), &f);
  size_t k = 2; /* 、 (squeezed: an opening quote follows) */
  CHECK(p.units[k].len == 3 && memcmp(text + p.units[k].offset, "、", 3) == 0);
  double ink_left = p.x[k] + 0.35 * 16, ink_right = p.x[k] + 0.65 * 16;
  CHECK(ink_left - (p.x[k - 1] + p.adv[k - 1]) >= LAY_MARK_CLEAR_EM * 16 - 1e-6); /* clear of 业 */
  CHECK(p.x[k + 1] - ink_right >= LAY_MARK_CLEAR_EM * 16 - 1e-6); /* clear of “ */
  CHECK_NEAR(p.x[k + 1] - p.x[k - 1], 1.5 * 16, 1e-6); /* still gives half an em in all */
  /* its blank right side (0.35 em less the clearance) first, the rest of the half em from the left */
  CHECK_NEAR(p.sql[k], (0.5 - (0.35 - LAY_MARK_CLEAR_EM)) / 0.5, 1e-6);
  lay_para_free(&p);
  lay_document_free(doc);
  /* without ink information the mark gives its nominal right half */
  doc = fake_doc(false, false, diag);
  lay_para_set(&p, doc, text, strlen(text), &f);
  CHECK_NEAR(p.x[k], p.x[k - 1] + 16, 1e-6);
  CHECK_NEAR(p.x[k + 1] - p.x[k], 0.5 * 16, 1e-6);
  lay_para_free(&p);
  lay_document_free(doc);
}

TEST(line_end_prohibited_each_class) {
  lay_document *doc = fake_doc(true, false, diag);
  for (size_t m = 0; m < sizeof NO_END / sizeof *NO_END; m++) {
    char *han = repeat("国", 27);
    char text[512];
    snprintf(text, sizeof text, "%s%s家家家家家家", han, NO_END[m]);
    free(han);
    lay_para p;
    set_plain(&p, doc, text);
    CHECK_INT(p.nlines, 2);
    if (p.nlines == 2 && ends_with(line_text(&p, 0), NO_END[m]))
      CHECK_FAIL_("line 1 ends with %s", NO_END[m]);
    if (p.nlines == 2) CHECK(starts_with(line_text(&p, 1), NO_END[m]));
    lay_para_free(&p);
  }
  lay_document_free(doc);
}

TEST(squeeze_before_push) {
  lay_document *doc = fake_doc(true, false, diag);
  /* 26 Han and two commas fill 28 ems; the full stop is squeezed in, not pushed down */
  const char *text = "国国国国国，国国国国国国，国国国国国国国国国国国国国国国。家家家";
  lay_para p;
  set_plain(&p, doc, text);
  CHECK_INT(p.nlines, 2);
  CHECK(ends_with(line_text(&p, 0), "。"));
  CHECK_STR(line_text(&p, 1), "家家家");
  /* the commas gave up the room, so the stop's em box still ends on the measure */
  CHECK_NEAR(line_right(&p, 0), LAY_MEASURE_PT, 0.01);
  lay_para_free(&p);
  /* without marks to squeeze, the last character goes down with the stop */
  char *han = repeat("国", 28);
  char buf[512];
  snprintf(buf, sizeof buf, "%s。家家家", han);
  free(han);
  set_plain(&p, doc, buf);
  CHECK_INT(p.nlines, 2);
  CHECK_STR(line_text(&p, 1), "国。家家家");
  lay_para_free(&p);
  lay_document_free(doc);
}

/* Rule 3 for every piece (先挤进，后推出): a line short of the measure, here by the half em
 * that 。” share, takes the next character by squeezing its marks rather than being spread by
 * the width of the character pushed down; a line that fills the measure exactly is left alone. */
TEST(push_in_before_push_out) {
  lay_document *doc = fake_doc(true, false, diag);
  char *h25 = repeat("国", 25), *h12 = repeat("国", 12);
  char buf[512];
  snprintf(buf, sizeof buf, "%s。”国家家家", h25);
  lay_para p;
  set_plain(&p, doc, buf);
  CHECK_INT(p.nlines, 2);
  if (p.nlines == 2) {
    CHECK(ends_with(line_text(&p, 0), "。”国家"));
    CHECK_STR(line_text(&p, 1), "家家");
    CHECK_NEAR(line_right(&p, 0), LAY_MEASURE_PT, 0.01);
  }
  lay_para_free(&p);
  /* 28 ems exactly, two commas that could give the room for one more: not squeezed */
  snprintf(buf, sizeof buf, "%s，%s，国国家家家家", h12, h12);
  set_plain(&p, doc, buf);
  CHECK_INT(p.nlines, 2);
  if (p.nlines == 2) CHECK_STR(line_text(&p, 1), "家家家家");
  lay_para_free(&p);
  free(h25);
  free(h12);
  lay_document_free(doc);
}

TEST(adjacent_marks_take_one_and_a_half_em) {
  lay_document *doc = fake_doc(true, false, diag);
  lay_para p;
  set_plain(&p, doc, "国。”国");
  /* 。 gives up its right half next to ” */
  double gap = p.x[2] - p.x[1];
  CHECK_NEAR(gap, LAY_BODY_PT / 2 + LAY_GRID_TRACKING_PT, 0.01);
  lay_para_free(&p);
  lay_document_free(doc);
}

TEST(inseparables_never_split) {
  lay_document *doc = fake_doc(true, false, diag);
  const char *marks[] = {"——", "……"};
  for (int m = 0; m < 2; m++) {
    char *han = repeat("国", 27);
    char text[512];
    snprintf(text, sizeof text, "%s%s家家家家", han, marks[m]);
    free(han);
    lay_para p;
    set_plain(&p, doc, text);
    CHECK_INT(p.nlines, 2);
    const char *l1 = line_text(&p, 0);
    CHECK(!ends_with(l1, "—") && !ends_with(l1, "…"));
    CHECK(strstr(line_text(&p, 1), marks[m]) != NULL);
    lay_para_free(&p);
  }
  lay_document_free(doc);
}

TEST(latin_word_and_number_never_split) {
  lay_document *doc = fake_doc(true, false, diag);
  char *han = repeat("国", 25);
  char text[512];
  snprintf(text, sizeof text, "%sinformation国国 12.5%%国", han);
  free(han);
  lay_para p;
  set_plain(&p, doc, text);
  CHECK_INT(p.nlines, 2);
  CHECK(starts_with(line_text(&p, 1), "information"));
  lay_para_free(&p);
  lay_document_free(doc);
}

TEST(justify_all_but_last_line) {
  lay_document *doc = fake_doc(true, false, diag);
  /* line 1 is pushed (27 units) and must still reach the right edge; line 2 is natural */
  char *han = repeat("国", 28);
  char text[512];
  snprintf(text, sizeof text, "%s。家家家家", han);
  free(han);
  lay_para p;
  set_plain(&p, doc, text);
  CHECK_INT(p.nlines, 2);
  CHECK_NEAR(line_right(&p, 0), LAY_MEASURE_PT, 0.01);
  CHECK_NEAR(p.lines[0].x, 0, 1e-9);
  double pitch = LAY_BODY_PT + LAY_GRID_TRACKING_PT;
  size_t f = p.lines[1].first;
  CHECK_NEAR(p.x[f + 1] - p.x[f], pitch, 1e-6); /* last line not stretched */
  CHECK(line_right(&p, 1) < LAY_MEASURE_PT / 2);
  lay_para_free(&p);
  lay_document_free(doc);
}

TEST(han_latin_gap_at_most_quarter_em) {
  lay_document *doc = fake_doc(true, false, diag);
  lay_para p;
  set_plain(&p, doc, "不低于 1000 万元");
  /* units: 不 低 于 ' ' 1000 ' ' 万 元 */
  CHECK_INT(p.nunits, 8);
  double end_yu = p.x[2] + p.adv[2] + p.fmt.tracking_pt;
  CHECK(p.x[4] - end_yu <= LAY_BODY_PT / 4 + 1e-9);
  CHECK(p.x[4] - end_yu > 0);
  lay_para_free(&p);
  /* no gap at the line start */
  set_plain(&p, doc, " 1000万元");
  CHECK_NEAR(p.lines[0].x + p.x[p.lines[0].first], 0, 1e-9);
  lay_para_free(&p);
  lay_document_free(doc);
}

/* On the grid a lone Han is not paid for with a line one character short (gbt9704_check 4b,
 * "…提供联系" / "方式。"): a line above that holds more than the measure by squeezing its mark
 * (a half-width digit left room for 中) gives up its last character, the full line between moves
 * one along, and both lines hold what the grid asks. */
TEST(grid_lone_han_takes_from_an_overfull_line) {
  lay_document *doc = fake_doc(true, false, diag);
  char *a = repeat("国", 13), *b = repeat("家", 28), text[512];
  snprintf(text, sizeof text, "%s，1%s中%s人。", a, a, b);
  lay_para p;
  set_plain(&p, doc, text);
  CHECK_INT(p.nlines, 3);
  if (p.nlines == 3) {
    CHECK_INT(p.lines[0].end - p.lines[0].first, 28); /* 26 国, ， and 1 */
    CHECK_INT(p.lines[1].end - p.lines[1].first, 28); /* 中 and 27 家 */
    CHECK_INT(p.lines[2].end - p.lines[2].first, 3);  /* 家人。 */
    CHECK_NEAR(line_right(&p, 0), LAY_MEASURE_PT, 0.01);
    CHECK_NEAR(line_right(&p, 1), LAY_MEASURE_PT, 0.01);
  }
  lay_para_free(&p);
  free(a);
  free(b);
  lay_document_free(doc);
}

/* When no line above holds more than the measure, the break moves earlier: a full line whose two
 * marks can give an em takes one more character, and the last line, its lone 人 gone, is closed
 * squeezed ("…提供联系方式。" of the Hunan 公示), instead of a line one character short over
 * "中人。" (gbt9704_check 4b). */
TEST(grid_lone_han_moves_the_break_earlier) {
  lay_document *doc = fake_doc(true, false, diag);
  char *a = repeat("国", 12), *a2 = repeat("国", 14), *c = repeat("家", 13), text[512];
  snprintf(text, sizeof text, "%s，%s，%s，%s中人。", a, a2, c, c);
  lay_para p;
  set_plain(&p, doc, text);
  CHECK_INT(p.nlines, 2);
  if (p.nlines == 2) {
    CHECK(ends_with(line_text(&p, 0), "，家"));
    CHECK(ends_with(line_text(&p, 1), "中人。"));
    CHECK_NEAR(line_right(&p, 0), LAY_MEASURE_PT, 0.01);
    /* 。 closes it inside the measure, its right half given up (its em box may reach past) */
    CHECK(line_right(&p, 1) - p.sqr[p.lines[1].end - 1] <= LAY_MEASURE_PT + 0.01);
  }
  /* no mark can give room: the line is pushed as before (rule 7 over the grid's count) */
  char *h = repeat("国", 28);
  snprintf(text, sizeof text, "%s人。", h);
  lay_para_free(&p);
  set_plain(&p, doc, text);
  CHECK_INT(p.nlines, 2);
  if (p.nlines == 2) CHECK_STR(line_text(&p, 1), "国人。");
  lay_para_free(&p);
  free(a);
  free(a2);
  free(c);
  free(h);
  lay_document_free(doc);
}

TEST(no_lone_han_on_last_line) {
  lay_document *doc = fake_doc(true, false, diag);
  char *han = repeat("国", 29);
  lay_para p;
  set_plain(&p, doc, han);
  CHECK_INT(p.nlines, 2);
  CHECK(p.lines[1].end - p.lines[1].first >= 2);
  CHECK_NEAR(line_right(&p, 0), LAY_MEASURE_PT, 0.01);
  lay_para_free(&p);
  free(han);
  lay_document_free(doc);
}

TEST(one_op_per_evenly_spaced_run) {
  lay_document *doc = fake_doc(true, false, diag);
  lay_page_state *ps = lay_current_page(doc);
  lay_para p;
  char *han = repeat("国", 28);
  set_plain(&p, doc, han);
  lay_para_emit_line(&p, doc, &ps->page, 0, LAY_LEFT_PT, 100, LAY_BLACK, SRC_LOC_NONE);
  CHECK_INT(ps->page.count, 1);
  CHECK_NEAR(ps->page.ops[0].u.text.tracking_pt, LAY_GRID_TRACKING_PT, 1e-9);
  CHECK_NEAR(ps->page.ops[0].u.text.x, LAY_LEFT_PT, 1e-9);
  CHECK_STR(ps->page.ops[0].u.text.utf8, han);
  lay_para_free(&p);
  free(han);
  lay_document_free(doc);
}

TEST(runs_end_inside_the_measure) {
  /* every op's extent, trailing tracking included and a squeezed last mark's advance cut (as
   * the PDF draws it), stays inside */
  lay_document *doc = fake_doc(true, false, diag);
  lay_page_state *ps = lay_current_page(doc);
  lay_para p;
  set_plain(&p, doc,
            "件1），一式三份，向企业所在地工业和信息化主管部门提出申请。（二）县（市、区）工业和"
            "信息化主管部门对申请企业提交的《许昌市“新一代信息技术重点企业、重点项目”入库申请书》"
            "（包括但不限于营业执照、财务审计报告等佐证材料）进行审核，将文件汇总成表。");
  for (size_t i = 0; i < p.nlines; i++)
    lay_para_emit_line(&p, doc, &ps->page, i, LAY_LEFT_PT, 100 + 30 * (double)i, LAY_BLACK,
                       SRC_LOC_NONE);
  CHECK(p.nlines >= 3);
  for (size_t i = 0; i < ps->page.count; i++) {
    const lay_op *op = &ps->page.ops[i];
    const char *s8 = op->u.text.utf8;
    double ext = fake_advance(NULL, op->u.text.font, op->u.text.size_pt, s8, strlen(s8)) +
                 (double)lay_count_cps(s8, strlen(s8)) * op->u.text.tracking_pt -
                 op->u.text.cut_last_pt;
    if (op->u.text.x + ext > LAY_RIGHT_PT + 1e-6)
      CHECK_FAIL_("op '%s' ends at %.3f, beyond %.3f", s8, op->u.text.x + ext, LAY_RIGHT_PT);
    CHECK(op->u.text.x >= LAY_LEFT_PT - 1e-6);
  }
  lay_para_free(&p);
  lay_document_free(doc);
}

TEST(forced_newline_not_justified) {
  lay_document *doc = fake_doc(true, false, diag);
  lay_para p;
  set_plain(&p, doc, "国国国\n家家");
  CHECK_INT(p.nlines, 2);
  CHECK_STR(line_text(&p, 0), "国国国");
  CHECK_STR(line_text(&p, 1), "家家");
  lay_para_free(&p);
  lay_document_free(doc);
}

TEST(megabyte_paragraph_is_fast) {
  lay_document *doc = fake_doc(true, false, diag);
  char *text = repeat("国家标准，“公文”格式（GB/T 9704-2012）。", 25000);
  double t0 = now_seconds();
  lay_add_paragraph(doc, LAY_PARA_BODY, text, SRC_LOC_NONE);
  lay_finish(doc);
  double dt = now_seconds() - t0;
  printf("  1 MB paragraph: %zu bytes, %zu pages, %.2f s\n", strlen(text), lay_page_count(doc), dt);
  CHECK(dt < 10.0);
  char *got = all_text(doc);
  CHECK_INT(lay_count_cps(got, strlen(got)) + 25000, lay_count_cps(text, strlen(text)));
  free(got);
  free(text);
  lay_document_free(doc);
}

/* Lines of 'p' joined: every character exactly once, in order, when it equals the input. */
static char *joined_lines(const lay_para *p) {
  char *s = malloc(p->len + 1), *o = s;
  for (size_t i = 0; i < p->nlines; i++) {
    const char *l = line_text(p, i);
    size_t n = strlen(l);
    memcpy(o, l, n);
    o += n;
  }
  *o = 0;
  return s;
}

TEST(number_wider_than_the_line_fills_each_line) {
  lay_document *doc = fake_doc(true, false, diag);
  char *digits = malloc(5001);
  for (int i = 0; i < 5000; i++) digits[i] = (char)('0' + (i * 7 + i / 10) % 10);
  digits[5000] = 0;
  lay_para p;
  set_plain(&p, doc, digits);
  CHECK(!p.overflow);
  /* a digit is half an em plus the grid tracking: 56 fit where 28 wide characters do */
  CHECK_INT(p.nlines, (5000 + 55) / 56);
  for (size_t i = 0; i < p.nlines; i++) {
    const lay_pline *l = &p.lines[i];
    CHECK(l->end > l->first); /* never an empty line */
    CHECK(l->x + l->width <= p.fmt.measure_pt + 1e-6);
    CHECK(line_right(&p, i) <= p.fmt.measure_pt + 1e-6);
    if (i + 1 < p.nlines) CHECK_INT(l->end - l->first, 56);
  }
  char *got = joined_lines(&p);
  CHECK_STR(got, digits);
  free(got);
  lay_para_free(&p);
  lay_document_free(doc);
  free(digits);
}

TEST(long_number_in_a_body_paragraph_is_kept_inside) {
  diag_sink *d = diag_new(NULL, 0);
  lay_document *doc = fake_doc(true, false, d);
  char *digits = repeat("0123456789", 500);
  static char text[5100];
  snprintf(text, sizeof text, "账号%s，请核对。", digits);
  lay_add_paragraph(doc, LAY_PARA_BODY, text, SRC_LOC_NONE);
  CHECK(lay_finish(doc));
  CHECK_INT(diag_error_count(d) + diag_warning_count(d), 0);
  char *got = all_text(doc);
  CHECK_STR(got, text);
  free(got);
  for (size_t pg = 0; pg < lay_page_count(doc); pg++) {
    const lay_page *page = lay_page_get(doc, pg);
    for (size_t i = 0; i < page->count; i++) {
      const lay_op *op = &page->ops[i];
      if (op->kind != LAY_OP_TEXT) continue;
      const char *s = op->u.text.utf8;
      size_t n = lay_count_cps(s, strlen(s));
      double w = fake_advance(NULL, op->u.text.font, op->u.text.size_pt, s, strlen(s)) +
                 (double)(n - 1) * op->u.text.tracking_pt;
      CHECK(op->u.text.x >= LAY_LEFT_PT - 1e-6 && op->u.text.x + w <= LAY_RIGHT_PT + 1e-6);
      CHECK(strncmp(s, "，", 3) != 0);
    }
  }
  free(digits);
  lay_document_free(doc);
  diag_free(d);
}

TEST(long_word_breaks_at_punctuation_when_half_full) {
  lay_document *doc = fake_doc(false, false, diag);
  lay_para_fmt f = lay_body_fmt(doc, LAY_FONT_BODY, 14);
  f.measure_pt = 14 * 7; /* 14 Latin letters */
  f.align = LAY_ALIGN_LEFT;
  const char *mail = "zhangsan.project-office@xuchang-industry.example.cn";
  lay_para p;
  lay_para_set(&p, doc, mail, strlen(mail), &f);
  /* after - and @, before a period: no line ends with "." as if a sentence ended there */
  static const char *const want[] = {"zhangsan", ".project-", "office@", "xuchang-", "industry",
                                     ".example.cn"};
  CHECK_INT(p.nlines, 6);
  for (size_t i = 0; i < p.nlines && i < 6; i++) CHECK_STR(line_text(&p, i), want[i]);
  char *got = joined_lines(&p);
  CHECK_STR(got, mail);
  free(got);
  lay_para_free(&p);
  /* without such a character in the second half of the line, the line is filled */
  const char *word = "a.bcdefghijklmnopqrstuvwxyz";
  lay_para_set(&p, doc, word, strlen(word), &f);
  CHECK_INT(p.nlines, 2);
  CHECK_STR(line_text(&p, 0), "a.bcdefghijklm");
  lay_para_free(&p);
  lay_document_free(doc);
}

TEST(broken_word_is_not_spread_and_starts_its_own_line) {
  lay_document *doc = fake_doc(true, false, diag);
  char *x = repeat("x", 80);
  char text[512];
  snprintf(text, sizeof text, "邮箱：%s国", x);
  lay_para p;
  set_plain(&p, doc, text);
  CHECK_INT(p.nlines, 3);
  CHECK_STR(line_text(&p, 0), "邮箱：");
  CHECK_INT(p.lines[1].end - p.lines[1].first, 56);
  /* the full line of letters is one evenly tracked run, not letters spread apart */
  lay_page pg = {0};
  lay_para_emit_line(&p, doc, &pg, 1, 0, 0, LAY_BLACK, SRC_LOC_NONE);
  CHECK_INT(pg.count, 1);
  if (pg.count == 1) CHECK_NEAR(pg.ops[0].u.text.tracking_pt, p.fmt.tracking_pt, 1e-9);
  free(pg.ops);
  char *got = joined_lines(&p);
  CHECK_STR(got, text);
  free(got);
  lay_para_free(&p);
  free(x);
  lay_document_free(doc);
}

int main(void) {
  diag = diag_new(NULL, 0);
  RUN(line_start_prohibited_each_class);
  RUN(word_joined_name_never_split);
  RUN(soft_hyphen_takes_no_room);
  RUN(typed_ideographic_indent_is_content);
  RUN(justified_gaps_stay_below_a_word_space);
  RUN(squeezed_mark_follows_its_ink);
  RUN(line_end_prohibited_each_class);
  RUN(squeeze_before_push);
  RUN(push_in_before_push_out);
  RUN(adjacent_marks_take_one_and_a_half_em);
  RUN(inseparables_never_split);
  RUN(latin_word_and_number_never_split);
  RUN(justify_all_but_last_line);
  RUN(han_latin_gap_at_most_quarter_em);
  RUN(no_lone_han_on_last_line);
  RUN(grid_lone_han_takes_from_an_overfull_line);
  RUN(grid_lone_han_moves_the_break_earlier);
  RUN(one_op_per_evenly_spaced_run);
  RUN(runs_end_inside_the_measure);
  RUN(forced_newline_not_justified);
  RUN(number_wider_than_the_line_fills_each_line);
  RUN(long_number_in_a_body_paragraph_is_kept_inside);
  RUN(long_word_breaks_at_punctuation_when_half_full);
  RUN(broken_word_is_not_spread_and_starts_its_own_line);
  RUN(megabyte_paragraph_is_fast);
  diag_free(diag);
  return CHECK_DONE();
}
