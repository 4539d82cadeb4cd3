/* Unit tests for the document flow: the 22 x 28 grid, 版头, title balancing, 附件说明 hanging
 * indent, the signature block on the last page, attachment pages and page numbers (where the
 * signature's lines stand: signature_test.c). */
#include <math.h>
#include <stdio.h>

#include "../../tests/check.h"
#include "layout/testing.h"

static diag_sink *diag;
static const double P = LAY_LINE_PITCH_PT;

static const lay_op *find_text(const lay_document *doc, size_t page, const char *needle) {
  const lay_page *pg = lay_page_get(doc, page);
  for (size_t i = 0; pg && i < pg->count; i++)
    if (pg->ops[i].kind == LAY_OP_TEXT && strstr(pg->ops[i].u.text.utf8, needle)) return &pg->ops[i];
  return NULL;
}

/* Drawn width of a text op under the fake metrics. */
static double op_width(const lay_op *op) {
  const char *s = op->u.text.utf8;
  size_t n = lay_count_cps(s, strlen(s));
  return fake_advance(NULL, op->u.text.font, op->u.text.size_pt, s, strlen(s)) +
         (double)(n - 1) * op->u.text.tracking_pt;
}

/* Body text cycling through distinct characters so that lost or doubled ones show. */
static char *han_text(size_t n) {
  char *s = malloc(n * 3 + 1);
  for (size_t i = 0; i < n; i++) txt_utf8_encode(0x4E00 + (uint32_t)(i % 4000), s + 3 * i);
  s[n * 3] = 0;
  return s;
}

TEST(full_page_is_22_lines_of_28) {
  lay_document *doc = fake_doc(true, false, diag);
  char *text = han_text(22 * 28 - 2);
  lay_add_paragraph(doc, LAY_PARA_BODY, text, SRC_LOC_NONE);
  CHECK(lay_finish(doc));
  CHECK_INT(lay_page_count(doc), 1);
  const lay_page *pg = lay_page_get(doc, 0);
  CHECK_INT(pg->count, 22);
  double pitch = LAY_BODY_PT + LAY_GRID_TRACKING_PT;
  for (size_t i = 0; i < pg->count && i < 22; i++) {
    const lay_op *op = &pg->ops[i];
    size_t chars = lay_count_cps(op->u.text.utf8, strlen(op->u.text.utf8));
    CHECK_INT(chars, i == 0 ? 26 : 28);
    CHECK_NEAR(op->u.text.x, LAY_LEFT_PT + (i == 0 ? 2 * pitch : 0), 1e-6);
    CHECK_NEAR(op->u.text.x + op_width(op), LAY_RIGHT_PT, 1e-6);
    CHECK_NEAR(op->u.text.y, LAY_TOP_PT + i * P + (P - 16) / 2 + 16 * LAY_ASCENT, 1e-6);
    /* the em box stays inside the type area */
    CHECK(op->u.text.y - 16 * LAY_ASCENT >= LAY_TOP_PT);
    CHECK(op->u.text.y + 16 * (1 - LAY_ASCENT) <= LAY_BOTTOM_PT);
  }
  CHECK_NEAR(pitch, 156.0 / 28 * LAY_MM_PT, 0.01);
  CHECK_NEAR(P, 225.0 / 22 * LAY_MM_PT, 1e-9);
  char *got = all_text(doc);
  CHECK_STR(got, text);
  free(got);
  free(text);
  lay_document_free(doc);
}

TEST(masthead_positions) {
  lay_document *doc = fake_doc(true, false, diag);
  lay_add_masthead(doc, "许昌市工业和信息化局文件", "许工信〔2022〕12号", SRC_LOC_NONE);
  lay_add_title(doc, "关于做好申报工作的通知", SRC_LOC_NONE);
  lay_finish(doc);
  const lay_page *pg = lay_page_get(doc, 0);
  const lay_op *mark = &pg->ops[0];
  CHECK(mark->u.text.font == LAY_FONT_TITLE);
  CHECK(mark->color.r > 0.5f && mark->color.g < 0.1f);
  double size = mark->u.text.size_pt;
  CHECK_NEAR(mark->u.text.y - size * LAY_ASCENT, LAY_TOP_PT + 35 * LAY_MM_PT, 1e-6);
  CHECK_NEAR(mark->u.text.x + op_width(mark) / 2, LAY_LEFT_PT + LAY_MEASURE_PT / 2, 1e-6);
  const lay_op *num = find_text(doc, 0, "〔2022〕");
  CHECK(num != NULL);
  const lay_op *rule = NULL;
  for (size_t i = 0; i < pg->count; i++)
    if (pg->ops[i].kind == LAY_OP_LINE) rule = &pg->ops[i];
  CHECK(rule != NULL);
  if (rule && num) {
    CHECK_NEAR(rule->u.line.x1, LAY_LEFT_PT, 1e-9);
    CHECK_NEAR(rule->u.line.x2, LAY_RIGHT_PT, 1e-9);
    CHECK_NEAR(rule->u.line.y1 - (num->u.text.y + 0.12 * 16), 4 * LAY_MM_PT, 1e-6);
    CHECK(rule->color.r > 0.5f);
    /* 发文字号 two lines below the 标志 */
    CHECK(num->u.text.y - (mark->u.text.y + size * (1 - LAY_ASCENT)) > 2 * P - 1);
    const lay_op *title = find_text(doc, 0, "通知");
    CHECK(title != NULL);
    /* the title sits on the third line below the rule */
    if (title) CHECK(title->u.text.y - rule->u.line.y1 > 2 * P && title->u.text.y - rule->u.line.y1 < 4 * P);
  }
  lay_document_free(doc);
}

static void title_lines(const char *title, char out[][256], size_t *n) {
  lay_document *doc = fake_doc(true, false, diag);
  lay_add_title(doc, title, SRC_LOC_NONE);
  lay_finish(doc);
  const lay_page *pg = lay_page_get(doc, 0);
  *n = 0;
  for (size_t i = 0; i < pg->count && *n < 8; i++) {
    const lay_op *op = &pg->ops[i];
    if (*n > 0 && fabs(op->u.text.y - pg->ops[i - 1].u.text.y) < 1e-6) {
      strncat(out[*n - 1], op->u.text.utf8, 255 - strlen(out[*n - 1]));
    } else {
      snprintf(out[(*n)++], 256, "%s", op->u.text.utf8);
    }
    /* every line centred on the type area */
  }
  lay_document_free(doc);
}

TEST(title_balanced_between_words) {
  char lines[8][256];
  size_t n;
  title_lines("关于建立许昌市“新一代信息技术重点企业、重点项目”库的通知", lines, &n);
  CHECK_INT(n, 2);
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(lines[i]);
    CHECK(!(len >= 3 && strcmp(lines[i] + len - 3, "通") == 0));
  }
  /* 12 + 通知 + 12: the middle falls inside 通知, which must stay whole */
  char *a = repeat("国", 12);
  char text[512];
  snprintf(text, sizeof text, "%s通知%s", a, a);
  free(a);
  title_lines(text, lines, &n);
  CHECK_INT(n, 2);
  CHECK(strstr(lines[0], "通知") || strstr(lines[1], "通知"));
  size_t c0 = lay_count_cps(lines[0], strlen(lines[0])), c1 = lay_count_cps(lines[1], strlen(lines[1]));
  CHECK(c0 + c1 == 26 && (c0 == 12 || c0 == 14));
  /* balanced: 30 characters go 15 + 15 at a punctuation-free split, not 20 + 10 */
  title_lines("关于公布二〇二二年度许昌市新一代信息技术重点企业和重点项目入库名单的通知", lines,
              &n);
  CHECK_INT(n, 2);
  c0 = lay_count_cps(lines[0], strlen(lines[0]));
  c1 = lay_count_cps(lines[1], strlen(lines[1]));
  CHECK(c0 >= c1 && c0 - c1 <= 6);
  CHECK(!strstr(lines[0], "名") || strstr(lines[0], "名单"));
  /* not inside a quoted name when a line can end at its bracket; not before a place suffix */
  title_lines("湖南省工业和信息化厅关于印发《湖南省“上云上平台”标杆企业认定管理办法》的通知",
              lines, &n);
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(lines[i]);
    CHECK(!(len >= 3 && strcmp(lines[i] + len - 3, "上") == 0));
  }
  title_lines("河南省人民政府办公厅关于印发河南省制造业头雁企业培育行动方案（2021—2025年）的通知",
              lines, &n);
  CHECK(n >= 3);
  for (size_t i = 1; i < n; i++) CHECK(strncmp(lines[i], "省", 3) != 0);
  /* terms ICU's dictionary splits stay whole where the middle falls inside them (issue 20 §5:
   * "…新一代信息 / 技术重点企业…", Xuchang's "…信息技术重点 / 企业…"), and a hanzi year */
  static const char *const terms[] = {"重点企业", "信息技术", "二〇二三年"};
  for (size_t k = 0; k < 3; k++) {
    a = repeat("国", 11);
    snprintf(text, sizeof text, "%s%s%s", a, terms[k], a);
    free(a);
    title_lines(text, lines, &n);
    CHECK_INT(n, 2);
    if (!strstr(lines[0], terms[k]) && !strstr(lines[1], terms[k]))
      CHECK_FAIL_("%s broken: %s / %s", terms[k], lines[0], lines[1]);
  }
}

/* Every title of the five programs' documents as their sample rounds set them (GB/T 9704 7.3.1):
 * lines break only between ICU words, and no middle line is more than 1.5 em shorter than both
 * its neighbours (the hourglass: Hunan's 通知 had "“上云上平台”" alone between two longer
 * lines, where two lines fit). */
TEST(titles_keep_words_and_shape) {
  static const char *const titles[] = {
      "关于公布2019年湖南省“上云上平台”标杆企业名单的通知",
      "关于2022年许昌市“新一代信息技术重点企业、重点项目”拟入库名单的公示",
      "2022年许昌市“新一代信息技术重点企业、重点项目”拟入库名单",
      "许昌市“新一代信息技术重点企业、重点项目”培育入库专家现场核查评审表",
      "关于建立许昌市“新一代信息技术重点企业、重点项目”库的通知",
      "关于2019年湖南省“上云上平台”标杆企业拟认定名单的公示",
      "2019年湖南省“上云上平台”标杆企业推荐汇总表",
      "福建省工业和信息化厅关于公布2024年省级新一代信息技术与制造业融合发展项目名单的通知",
      "2024年省级新一代信息技术与制造业融合发展项目名单（工业APP优秀解决方案）",
      "2024年省级新一代信息技术与制造业融合发展项目名单（工业互联网平台）",
      "关于2024年省级新一代信息技术与制造业融合发展项目拟入选名单的公示",
      "2024年福建省省级新一代信息技术与制造业融合发展项目初审推荐汇总表",
      "关于认定2023年山东省新一代信息技术与制造业融合发展示范项目的通知",
      "关于2023年山东省新一代信息技术与制造业融合发展示范拟认定名单的公示",
      "2023年工业互联网数字化转型促进中心试点名单",
      "关于2024年度河南省制造业头雁企业拟认定名单的公示",
      "2024年度河南省制造业头雁企业拟认定名单",
  };
  for (size_t t = 0; t < sizeof titles / sizeof *titles; t++) {
    char lines[8][256];
    size_t n;
    title_lines(titles[t], lines, &n);
    CHECK(n >= 1 && n <= 3);
    size_t len = strlen(titles[t]), at = 0;
    bool *words = txt_word_bounds(titles[t], len);
    double w[8];
    for (size_t i = 0; i < n; i++) {
      size_t k = strlen(lines[i]);
      w[i] = fake_advance(NULL, LAY_FONT_TITLE, LAY_TITLE_PT, lines[i], k);
      if (strncmp(titles[t] + at, lines[i], k) != 0) CHECK_FAIL_("%s: line %zu is not the text", titles[t], i);
      at += k;
      if (i + 1 < n && at < len && !words[at]) CHECK_FAIL_("%s: a word broken after %s", titles[t], lines[i]);
    }
    free(words);
    CHECK_INT(at, len);
    for (size_t i = 1; i + 1 < n; i++)
      if (w[i] < w[i - 1] - 1.5 * LAY_TITLE_PT && w[i] < w[i + 1] - 1.5 * LAY_TITLE_PT)
        CHECK_FAIL_("%s: a short middle line %s", titles[t], lines[i]);
  }
  char lines[8][256];
  size_t n;
  title_lines(titles[0], lines, &n);
  CHECK_INT(n, 2);
  /* a word no list names is whole by ICU's dictionary: the middle of 12 + 领域 + 12 is inside it */
  char *a = repeat("国", 12);
  char text[512];
  snprintf(text, sizeof text, "%s领域%s", a, a);
  free(a);
  title_lines(text, lines, &n);
  CHECK_INT(n, 2);
  CHECK(strstr(lines[0], "领域") || strstr(lines[1], "领域"));
}

TEST(attachment_note_hangs_under_the_name) {
  lay_document *doc = fake_doc(true, false, diag);
  const char *names[] = {"许昌市“新一代信息技术重点企业、重点项目”培育入库申请书",
                         "许昌市“新一代信息技术重点企业、重点项目”培育入库汇总表"};
  lay_add_attachment_note(doc, names, 2, SRC_LOC_NONE);
  lay_finish(doc);
  const lay_page *pg = lay_page_get(doc, 0);
  double pitch = LAY_BODY_PT + LAY_GRID_TRACKING_PT;
  const lay_op *label = find_text(doc, 0, "附件：");
  CHECK(label != NULL);
  if (label) {
    CHECK_NEAR(label->u.text.x, LAY_LEFT_PT + 2 * pitch, 1e-6);
    /* one blank line above */
    CHECK_NEAR(label->u.text.y, LAY_TOP_PT + P + (P - 16) / 2 + 16 * LAY_ASCENT, 1e-6);
  }
  const lay_op *n1 = find_text(doc, 0, "1."), *n2 = find_text(doc, 0, "2.");
  CHECK(n1 && n2);
  if (n1 && n2) CHECK_NEAR(n1->u.text.x, n2->u.text.x, 1e-9);
  /* first line of each name and its continuation start at the same x: the leftmost name run
   * of every line */
  double name_x = -1;
  int lines_seen = 0;
  for (size_t i = 0; i < pg->count; i++) {
    const lay_op *op = &pg->ops[i];
    if (op == label || op == n1 || op == n2) continue;
    bool leftmost = true, seen_before = false;
    for (size_t k = 0; k < pg->count; k++) {
      const lay_op *o = &pg->ops[k];
      if (o == label || o == n1 || o == n2 || fabs(o->u.text.y - op->u.text.y) > 1e-6) continue;
      if (o->u.text.x < op->u.text.x) leftmost = false;
      if (k < i && fabs(o->u.text.x - op->u.text.x) < 1e-9) seen_before = true;
    }
    if (!leftmost || seen_before) continue;
    if (name_x < 0) name_x = op->u.text.x;
    CHECK_NEAR(op->u.text.x, name_x, 1e-6);
    lines_seen++;
  }
  CHECK_INT(lines_seen, 4);
  if (n1) CHECK(name_x > n1->u.text.x);
  lay_document_free(doc);
}


TEST(without_grid_lines_keep_natural_pitch) {
  lay_document *doc = fake_doc(false, false, diag);
  char *text = han_text(27 * 3);
  lay_add_paragraph(doc, LAY_PARA_PLAIN, text, SRC_LOC_NONE);
  lay_finish(doc);
  const lay_page *pg = lay_page_get(doc, 0);
  /* 27 characters of 16 pt fit in 156 mm without tracking: three lines */
  size_t lines = 0, first_line_chars = 0;
  for (size_t i = 0; i < pg->count; i++) {
    const lay_op *op = &pg->ops[i];
    if (i == 0 || fabs(op->u.text.y - pg->ops[i - 1].u.text.y) > 1e-9) lines++;
    if (lines == 1) first_line_chars += lay_count_cps(op->u.text.utf8, strlen(op->u.text.utf8));
  }
  CHECK_INT(lines, 3);
  CHECK_INT(first_line_chars, 27);
  const lay_op *last = &pg->ops[pg->count - 1];
  CHECK_NEAR(last->u.text.tracking_pt, 0, 1e-9); /* the last line is not spread */
  CHECK_NEAR(last->u.text.x, LAY_LEFT_PT, 1e-9);
  free(text);
  lay_document_free(doc);
}

TEST(signature_never_alone_on_last_page) {
  for (int fill = 20; fill <= 22; fill++) {
    lay_document *doc = fake_doc(true, false, diag);
    /* 'fill' lines of body: the signature block (blank + 2 lines) no longer fits */
    char *text = han_text((size_t)fill * 28 - 2);
    lay_add_paragraph(doc, LAY_PARA_BODY, text, SRC_LOC_NONE);
    lay_add_signature(doc, "许昌市工业和信息化局", "2022年3月18日", LAY_SIGN_SEALED, SRC_LOC_NONE);
    CHECK(lay_finish(doc));
    size_t np = lay_page_count(doc);
    CHECK_INT(np, 2);
    const lay_page *last = lay_page_get(doc, np - 1);
    CHECK(count_ops(last, LAY_OP_TEXT) >= 4); /* body lines came along */
    CHECK(last->ops[0].u.text.utf8 && !strstr(last->ops[0].u.text.utf8, "工业和信息化局"));
    char *got = all_text(doc);
    CHECK(strncmp(got, text, strlen(text)) == 0);
    CHECK(strstr(got, "许昌市工业和信息化局2022年3月18日") != NULL);
    free(got);
    free(text);
    lay_document_free(doc);
  }
}

TEST(signature_after_table_tightens_the_page) {
  lay_document *doc = fake_doc(true, false, diag);
  lay_table_spec spec = {2, NULL, 0, 0, false};
  lay_table *t = lay_table_begin(doc, &spec, SRC_LOC_NONE);
  /* 20 grid lines of table, leaving two: the signature needs three */
  for (int r = 0; r < 20; r++) {
    lay_table_row_begin(t, P);
    lay_table_cell(t, 1, 1, LAY_ALIGN_CENTER);
    lay_cell_text(t, "项目", LAY_ALIGN_CENTER, SRC_LOC_NONE);
  }
  lay_table_end(t);
  lay_add_signature(doc, "许昌市工业和信息化局", "2022年3月18日", LAY_SIGN_SEALED, SRC_LOC_NONE);
  CHECK(lay_finish(doc));
  CHECK_INT(lay_page_count(doc), 1);
  const lay_op *date = find_text(doc, 0, "18");
  CHECK(date && date->u.text.y < LAY_BOTTOM_PT);
  const lay_page *pg = lay_page_get(doc, 0);
  double lowest_rule = 0;
  for (size_t i = 0; i < pg->count; i++)
    if (pg->ops[i].kind == LAY_OP_LINE) lowest_rule = fmax(lowest_rule, pg->ops[i].u.line.y2);
  CHECK_NEAR(lowest_rule, LAY_TOP_PT + 19 * P, 1e-6); /* the table gave up one line */
  lay_document_free(doc);
}

TEST(attachment_page_layout) {
  lay_document *doc = fake_doc(true, false, diag);
  lay_add_paragraph(doc, LAY_PARA_BODY, "正文。", SRC_LOC_NONE);
  lay_add_attachment_start(doc, "附件1", "许昌市“新一代信息技术重点企业、重点项目”入库申请书",
                           SRC_LOC_NONE);
  lay_finish(doc);
  CHECK_INT(lay_page_count(doc), 2);
  const lay_page *pg = lay_page_get(doc, 1);
  CHECK(pg->count >= 2);
  const lay_op *label = &pg->ops[0];
  CHECK_STR(label->u.text.utf8, "附件1");
  CHECK(label->u.text.font == LAY_FONT_HEADING);
  CHECK_NEAR(label->u.text.x, LAY_LEFT_PT, 1e-9);
  CHECK_NEAR(label->u.text.y, LAY_TOP_PT + (P - 16) / 2 + 16 * LAY_ASCENT, 1e-6);
  const lay_op *title = &pg->ops[1];
  CHECK(title->u.text.font == LAY_FONT_TITLE);
  CHECK_NEAR(title->u.text.y, LAY_TOP_PT + 2 * P + (P - 22) / 2 + 22 * LAY_ASCENT, 1e-6);
  CHECK_NEAR(title->u.text.x + op_width(title) / 2, LAY_LEFT_PT + LAY_MEASURE_PT / 2, 1e-6);
  lay_document_free(doc);
}

TEST(page_numbers_odd_right_even_left) {
  lay_document *doc = fake_doc(true, true, diag);
  char *text = han_text(22 * 28 * 2 + 10);
  lay_add_paragraph(doc, LAY_PARA_BODY, text, SRC_LOC_NONE);
  lay_finish(doc);
  CHECK_INT(lay_page_count(doc), 3);
  for (size_t p = 0; p < 3; p++) {
    const lay_page *pg = lay_page_get(doc, p);
    const lay_op *num = &pg->ops[pg->count - 1];
    char want[32];
    snprintf(want, sizeof want, "\xE2\x80\x94 %zu \xE2\x80\x94", p + 1);
    CHECK_STR(num->u.text.utf8, want);
    CHECK(num->u.text.font == LAY_FONT_SONG);
    CHECK_NEAR(num->u.text.size_pt, 14, 1e-9);
    CHECK_NEAR(num->u.text.y, LAY_BOTTOM_PT + 7 * LAY_MM_PT + 0.3 * 14, 1e-6);
    if (p % 2 == 0)
      CHECK_NEAR(num->u.text.x + op_width(num), LAY_RIGHT_PT - 14, 1e-6);
    else
      CHECK_NEAR(num->u.text.x, LAY_LEFT_PT + 14, 1e-6);
  }
  free(text);
  lay_document_free(doc);
}

TEST(headings_use_their_fonts) {
  lay_document *doc = fake_doc(true, false, diag);
  lay_add_paragraph(doc, LAY_PARA_H1, "一、遴选工作原则", SRC_LOC_NONE);
  lay_add_paragraph(doc, LAY_PARA_H2, "（一）重点企业", SRC_LOC_NONE);
  lay_add_paragraph(doc, LAY_PARA_H3, "1. 在相关领域", SRC_LOC_NONE);
  lay_add_paragraph(doc, LAY_PARA_PLAIN, "各县（市、区）工业和信息化主管部门：", SRC_LOC_NONE);
  lay_finish(doc);
  const lay_page *pg = lay_page_get(doc, 0);
  double pitch = LAY_BODY_PT + LAY_GRID_TRACKING_PT;
  CHECK(pg->ops[0].u.text.font == LAY_FONT_HEADING);
  CHECK_NEAR(pg->ops[0].u.text.x, LAY_LEFT_PT + 2 * pitch, 1e-6);
  const lay_op *h2 = find_text(doc, 0, "重点企业"), *h3 = find_text(doc, 0, "在相关领域");
  CHECK(h2 && h2->u.text.font == LAY_FONT_KAI);
  CHECK(h3 && h3->u.text.font == LAY_FONT_BODY);
  const lay_op *to = find_text(doc, 0, "各县");
  CHECK(to && fabs(to->u.text.x - LAY_LEFT_PT) < 1e-9);
  lay_document_free(doc);
}

TEST(heading_never_ends_a_page) {
  lay_document *doc = fake_doc(true, false, diag);
  char *text = han_text(21 * 28 - 2);
  lay_add_paragraph(doc, LAY_PARA_BODY, text, SRC_LOC_NONE);
  lay_add_paragraph(doc, LAY_PARA_H1, "二、遴选条件", SRC_LOC_NONE);
  lay_add_paragraph(doc, LAY_PARA_BODY, "正文。", SRC_LOC_NONE);
  lay_finish(doc);
  CHECK_INT(lay_page_count(doc), 2);
  CHECK(find_text(doc, 1, "遴选条件") != NULL);
  CHECK_INT(lay_page_get(doc, 0)->count, 21);
  lay_document_free(doc);
  /* 一、 and （一） at the page end go down together */
  doc = fake_doc(true, false, diag);
  free(text);
  text = han_text(20 * 28 - 2);
  lay_add_paragraph(doc, LAY_PARA_BODY, text, SRC_LOC_NONE);
  lay_add_paragraph(doc, LAY_PARA_H1, "二、遴选条件", SRC_LOC_NONE);
  lay_add_paragraph(doc, LAY_PARA_H2, "（一）重点企业", SRC_LOC_NONE);
  lay_add_paragraph(doc, LAY_PARA_BODY, "正文。", SRC_LOC_NONE);
  lay_finish(doc);
  CHECK_INT(lay_page_count(doc), 2);
  CHECK_INT(lay_page_get(doc, 0)->count, 20);
  CHECK(find_text(doc, 1, "遴选条件") && find_text(doc, 1, "重点企业"));
  free(text);
  lay_document_free(doc);
}

/* Every text op of the document lies within the type area's width (fake metrics). */
static void check_inside_measure(const lay_document *doc) {
  for (size_t p = 0; p < lay_page_count(doc); p++) {
    const lay_page *pg = lay_page_get(doc, p);
    for (size_t i = 0; i < pg->count; i++) {
      const lay_op *op = &pg->ops[i];
      if (op->kind != LAY_OP_TEXT) continue;
      CHECK(op->u.text.x >= LAY_LEFT_PT - 1e-6);
      CHECK(op->u.text.x + op_width(op) <= LAY_RIGHT_PT + 1e-6);
    }
  }
}

TEST(word_wider_than_the_line_is_broken) {
  diag_sink *d = diag_new(NULL, 0);
  lay_document *doc = fake_doc(true, false, d);
  char *word = repeat("x", 200);
  lay_add_paragraph(doc, LAY_PARA_BODY, word, (src_loc){"notice.tpl", 12, 3, NULL});
  static const char title[] =
      "关于http://www.xuchang-industry.example.cn/notices/2022/0318/"
      "attachment-list-of-enterprises-and-projects.html的通知";
  lay_add_title(doc, title, SRC_LOC_NONE);
  CHECK(lay_finish(doc));
  CHECK_INT(diag_error_count(d) + diag_warning_count(d), 0);
  check_inside_measure(doc);
  /* the title's address breaks after '/' or '-', or before '.' */
  const lay_page *pg = lay_page_get(doc, lay_page_count(doc) - 1);
  const char *prev = NULL;
  for (size_t i = 0; i < pg->count; i++) {
    const char *s = pg->ops[i].u.text.utf8;
    if (pg->ops[i].kind != LAY_OP_TEXT || pg->ops[i].u.text.size_pt != LAY_TITLE_PT) continue;
    if (prev) {
      size_t n = strlen(prev);
      CHECK(n > 0 && (strchr("/-", prev[n - 1]) || s[0] == '.'));
      CHECK(prev[n - 1] != '.');
    }
    prev = s;
  }
  char *got = all_text(doc);
  char want[512];
  snprintf(want, sizeof want, "%s%s", word, title);
  CHECK_STR(got, want); /* every character once, in order */
  free(got);
  free(word);
  lay_document_free(doc);
  diag_free(d);
}

TEST(long_document_number_keeps_every_character) {
  lay_document *doc = fake_doc(true, false, diag);
  char *digits = repeat("1234567890", 6); /* 60 digits: wider than the type area */
  char number[256];
  snprintf(number, sizeof number, "许工信〔2022〕%s号", digits);
  lay_add_masthead(doc, "许昌市工业和信息化局", number, SRC_LOC_NONE);
  CHECK(lay_finish(doc));
  check_inside_measure(doc);
  char *got = all_text(doc);
  char want[512];
  snprintf(want, sizeof want, "许昌市工业和信息化局%s", number);
  CHECK_STR(got, want);
  /* on two lines, the red rule below both */
  const lay_page *pg = lay_page_get(doc, 0);
  double first_base = 0, last_base = 0, rule_y = 0;
  for (size_t i = 1; i < pg->count; i++) {
    if (pg->ops[i].kind == LAY_OP_TEXT && first_base == 0) first_base = pg->ops[i].u.text.y;
    if (pg->ops[i].kind == LAY_OP_TEXT) last_base = pg->ops[i].u.text.y;
    if (pg->ops[i].kind == LAY_OP_LINE) rule_y = pg->ops[i].u.line.y1;
  }
  CHECK(last_base - first_base >= P - 1e-6);
  CHECK(rule_y > last_base);
  free(got);
  free(digits);
  lay_document_free(doc);
}

TEST(overflow_fails_with_location) {
  diag_sink *d = diag_new(NULL, 0);
  lay_document *doc = fake_doc(true, false, d);
  src_loc at = {"notice.tpl", 12, 3, NULL};
  /* one 500 pt character is wider than the type area: it would print past the edge, so the
   * document fails with the place, and is never written wrong (nothing of the text is dropped) */
  lay_add_line(doc, LAY_PARA_PLAIN, LAY_FONT_BODY, 500, "国x", at);
  CHECK(!lay_finish(doc));
  CHECK_INT(diag_error_count(d), 1);
  CHECK_CONTAINS(diag_text(d), "notice.tpl:12");
  CHECK_CONTAINS(diag_text(d), "past the type area's edge");
  char *got = all_text(doc);
  CHECK_STR(got, "国x");
  free(got);
  lay_document_free(doc);
  diag_free(d);
}

/* issue 20: texts placed by absolute positions on one baseline (the 版记's 印发机关 and 印发日期)
 * were each measured alone, so one ran into the other with exit 0. The check at lay_finish
 * sees the ops themselves: two texts over each other, or a text off the page, fail the
 * document at the op's place. */
TEST(overprint_fails_with_location) {
  diag_sink *d = diag_new(NULL, 0);
  lay_document *doc = fake_doc(true, false, d);
  src_loc at = {"colophon.xml", 6, 3, NULL};
  lay_page_state *ps = lay_current_page(doc);
  lay_push_text(doc, &ps->page, at, LAY_FONT_BODY, 14, 100, 700, 0, LAY_BLACK, "甲乙丙丁", 12);
  lay_push_text(doc, &ps->page, at, LAY_FONT_BODY, 14, 130, 700.2, 0, LAY_BLACK, "戊己", 6);
  CHECK(!lay_finish(doc));
  CHECK_CONTAINS(diag_text(d), "colophon.xml:6");
  CHECK_CONTAINS(diag_text(d), "over each other");
  lay_document_free(doc);
  diag_free(d);
  d = diag_new(NULL, 0);
  doc = fake_doc(true, false, d);
  ps = lay_current_page(doc);
  lay_push_text(doc, &ps->page, at, LAY_FONT_BODY, 14, 580, 700, 0, LAY_BLACK, "甲乙", 6);
  CHECK(!lay_finish(doc));
  CHECK_CONTAINS(diag_text(d), "off the page");
  lay_document_free(doc);
  diag_free(d);
  /* side by side, touching, on one line: fine */
  d = diag_new(NULL, 0);
  doc = fake_doc(true, false, d);
  ps = lay_current_page(doc);
  lay_push_text(doc, &ps->page, at, LAY_FONT_BODY, 14, 100, 700, 0, LAY_BLACK, "甲乙", 6);
  lay_push_text(doc, &ps->page, at, LAY_FONT_BODY, 14, 128, 700, 0, LAY_BLACK, "丙丁", 6);
  CHECK(lay_finish(doc));
  CHECK_INT(diag_error_count(d), 0);
  lay_document_free(doc);
  diag_free(d);
}

/* A 印发机关 longer than the room the 印发日期 leaves wraps within the 版记 (which grows by a
 * line), its last line ending at least a character before the date; no text is lost. */
TEST(colophon_long_printer_wraps) {
  static const char name[] = "中共福建省委网络安全和信息化委员会办公室办公室";
  diag_sink *d = diag_new(NULL, 0);
  lay_document *doc = fake_doc(true, true, d);
  lay_add_paragraph(doc, LAY_PARA_BODY, "正文。", SRC_LOC_NONE);
  lay_add_colophon(doc, NULL, name, "2024年10月18日", SRC_LOC_NONE);
  CHECK(lay_finish(doc));
  CHECK_INT(diag_error_count(d), 0);
  const lay_page *pg = lay_page_get(doc, 1);
  const lay_op *date = find_text(doc, 1, "印发");
  CHECK(date != NULL);
  char got[256] = "";
  size_t nr = 0, nprinter = 0;
  double ys[3] = {0};
  for (size_t i = 0; pg && i < pg->count; i++) {
    const lay_op *op = &pg->ops[i];
    if (op->kind == LAY_OP_LINE && nr < 3) ys[nr++] = op->u.line.y1;
    if (op->kind != LAY_OP_TEXT || op->element != LAY_EL_PRINTER) continue;
    nprinter++;
    strncat(got, op->u.text.utf8, sizeof got - strlen(got) - 1);
    if (date && fabs(op->u.text.y - date->u.text.y) < 1)
      CHECK(op->u.text.x + op_width(op) <= date->u.text.x - 14 + 1e-6);
  }
  CHECK_STR(got, name);
  CHECK(nprinter >= 2);
  CHECK_INT(nr, 2);
  if (nr == 2) CHECK_NEAR(ys[1] - ys[0], 2 * P, 1e-9);
  lay_document_free(doc);
  diag_free(d);
}


TEST(colophon_pinned_to_the_bottom) {
  lay_document *doc = fake_doc(true, true, diag);
  lay_add_paragraph(doc, LAY_PARA_BODY, "正文。", SRC_LOC_NONE);
  lay_add_colophon(doc, "省工业和信息化厅，市人民政府办公室。", "许昌市工业和信息化局办公室",
                   "2022年3月18日", SRC_LOC_NONE);
  lay_finish(doc);
  /* the text ends on page 1, an odd page: the 版记 goes to page 2 (clause 8), numbered, since
   * no blank page precedes it (7.5) */
  CHECK_INT(lay_page_count(doc), 2);
  CHECK(find_text(doc, 0, "\xE2\x80\x94 1") != NULL);
  CHECK(find_text(doc, 1, "\xE2\x80\x94 2") != NULL);
  CHECK(find_text(doc, 0, "印发") == NULL);
  const lay_page *pg = lay_page_get(doc, 1);
  double ys[4];
  size_t nr = 0;
  for (size_t i = 0; i < pg->count && nr < 4; i++)
    if (pg->ops[i].kind == LAY_OP_LINE) ys[nr++] = pg->ops[i].u.line.y1;
  CHECK_INT(nr, 3);
  if (nr == 3) {
    CHECK_NEAR(ys[2], LAY_BOTTOM_PT, 1e-9);
    CHECK_NEAR(ys[2] - ys[1], P, 1e-9);
    CHECK_NEAR(ys[1] - ys[0], P, 1e-9);
  }
  const lay_op *cc = find_text(doc, 1, "抄送："), *date = find_text(doc, 1, "印发");
  CHECK(cc && date);
  if (cc && date) {
    CHECK_NEAR(cc->u.text.x, LAY_LEFT_PT + 14, 1e-9);
    CHECK_NEAR(date->u.text.x + op_width(date), LAY_RIGHT_PT - 14, 1e-6);
    CHECK(date->u.text.y > cc->u.text.y);
  }
  lay_document_free(doc);
}

/* 7.5 and 8: the 版记 on the last page, an even one. Text filling page 1: the 版记 alone on page
 * 2, numbered. Text filling pages 1 and 2: a blank page 3, the 版记 on page 4, neither
 * numbered. A 版记 fitting under text on page 2 stays there. */
TEST(colophon_on_an_even_page_7_5) {
  for (int full = 1; full <= 3; full++) {
    lay_document *doc = fake_doc(true, true, diag);
    int lines = full == 3 ? 30 : 22 * full;
    for (int i = 0; i < lines; i++) lay_add_paragraph(doc, LAY_PARA_PLAIN, "正文一行。", SRC_LOC_NONE);
    lay_add_colophon(doc, NULL, "某某局办公室", "2024年1月2日", SRC_LOC_NONE);
    CHECK(lay_finish(doc));
    size_t n = lay_page_count(doc);
    CHECK_INT(n, full == 2 ? 4 : 2);
    CHECK(find_text(doc, n - 1, "印发") != NULL);
    CHECK(find_text(doc, 0, "\xE2\x80\x94 1") != NULL);
    if (full == 2) {
      CHECK_INT(lay_page_get(doc, 2)->count, 0); /* blank, without a number */
      CHECK(find_text(doc, 3, "\xE2\x80\x94") == NULL);
      CHECK(find_text(doc, 1, "\xE2\x80\x94 2") != NULL);
    } else {
      CHECK(find_text(doc, 1, "\xE2\x80\x94 2") != NULL);
    }
    if (full == 3) CHECK(find_text(doc, 1, "正文") != NULL);
    lay_document_free(doc);
  }
}

/* Off the grid (forms, 申报书): a page left with a few lines of text (at most 4) before a page
 * break or at the end gives them to the page before, set a little closer; more stay. */
TEST(few_last_lines_go_back_off_the_grid) {
  for (size_t tail = 2; tail <= 5; tail += 3) {
    lay_document *doc = fake_doc(false, false, diag);
    /* off the grid a line holds 27 characters (no grid tracking) */
    char *full = han_text(22 * 27 - 2);
    lay_add_paragraph(doc, LAY_PARA_BODY, full, SRC_LOC_NONE);
    char *more = han_text(tail * 27 - 2);
    lay_add_paragraph(doc, LAY_PARA_BODY, more, SRC_LOC_NONE);
    lay_add_page_break(doc);
    lay_add_paragraph(doc, LAY_PARA_BODY, "下一节。", SRC_LOC_NONE);
    CHECK(lay_finish(doc));
    CHECK_INT(lay_page_count(doc), tail == 2 ? 2 : 3);
    if (tail == 2) {
      /* every line of page 1 inside the type area, none over another */
      const lay_page *pg = lay_page_get(doc, 0);
      double prev = 0;
      size_t lines = 0;
      for (size_t i = 0; i < pg->count; i++) {
        double y = pg->ops[i].u.text.y;
        CHECK(y <= LAY_BOTTOM_PT);
        if (y == prev) continue;
        CHECK(y > prev + LAY_BODY_PT);
        prev = y;
        lines++;
      }
      CHECK_INT(lines, 24);
      CHECK(find_text(doc, 1, "下一节") != NULL);
    }
    char *got = all_text(doc);
    CHECK(strncmp(got, full, strlen(full)) == 0);
    free(got);
    free(full);
    free(more);
    lay_document_free(doc);
  }
}

/* 7.3.5.5: a signature one grid line short of fitting under the text takes the blank line under
 * the title (the body moves up a whole line, the grid kept) rather than stand on a page of its
 * own; two lines short, it does not. */
TEST(signature_takes_the_blank_under_the_title) {
  for (int body = 18; body <= 19; body++) {
    lay_document *doc = fake_doc(true, false, diag);
    lay_add_title(doc, "关于公示的公示", SRC_LOC_NONE);
    lay_add_blank_lines(doc, 1);
    char *text = han_text((size_t)body * 28 - 2);
    lay_add_paragraph(doc, LAY_PARA_BODY, text, SRC_LOC_NONE);
    free(text);
    lay_add_signature(doc, "某某厅", "2023年9月27日", LAY_SIGN_SEALED, SRC_LOC_NONE);
    CHECK(lay_finish(doc));
    const lay_op *first = NULL;
    const lay_page *pg = lay_page_get(doc, 0);
    for (size_t i = 0; i < pg->count && !first; i++)
      if (pg->ops[i].u.text.size_pt == LAY_BODY_PT) first = &pg->ops[i];
    CHECK(first != NULL);
    if (body == 18) {
      CHECK_INT(lay_page_count(doc), 1);
      /* the body starts on grid line 2, right under the title */
      if (first) CHECK_NEAR(first->u.text.y, lay_baseline(LAY_TOP_PT + P, P, LAY_BODY_PT), 1e-6);
    } else {
      CHECK_INT(lay_page_count(doc), 2);
      if (first) CHECK_NEAR(first->u.text.y, lay_baseline(LAY_TOP_PT + 2 * P, P, LAY_BODY_PT), 1e-6);
    }
    lay_document_free(doc);
  }
}

int main(void) {
  diag = diag_new(NULL, 0);
  RUN(full_page_is_22_lines_of_28);
  RUN(masthead_positions);
  RUN(title_balanced_between_words);
  RUN(titles_keep_words_and_shape);
  RUN(attachment_note_hangs_under_the_name);
  RUN(without_grid_lines_keep_natural_pitch);
  RUN(signature_never_alone_on_last_page);
  RUN(signature_after_table_tightens_the_page);
  RUN(attachment_page_layout);
  RUN(page_numbers_odd_right_even_left);
  RUN(headings_use_their_fonts);
  RUN(heading_never_ends_a_page);
  RUN(word_wider_than_the_line_is_broken);
  RUN(long_document_number_keeps_every_character);
  RUN(overflow_fails_with_location);
  RUN(overprint_fails_with_location);
  RUN(colophon_long_printer_wraps);
  RUN(colophon_pinned_to_the_bottom);
  RUN(colophon_on_an_even_page_7_5);
  RUN(few_last_lines_go_back_off_the_grid);
  RUN(signature_takes_the_blank_under_the_title);
  diag_free(diag);
  return CHECK_DONE();
}
