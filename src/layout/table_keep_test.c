/* Unit tests for keep-with-next in tables: a group heading row (one cell spanning the table) at
 * the foot of a page goes to the next page with the first rows it heads, and a heading paragraph
 * right above a table that starts on the next page goes along. With the fake metrics a one-line
 * row of a 14 pt table is 27 pt high (1.5 em line, 3 pt padding above and below). */
#include <stdio.h>

#include "../../tests/check.h"
#include "layout/testing.h"

static diag_sink *diag;

#define ROW_PT 27.0

/* Index of the first page with a text op equal to 'text'; -1 when none. */
static long page_of(const lay_document *doc, const char *text) {
  for (size_t p = 0; p < lay_page_count(doc); p++) {
    const lay_page *pg = lay_page_get(doc, p);
    for (size_t i = 0; i < pg->count; i++)
      if (pg->ops[i].kind == LAY_OP_TEXT && strcmp(pg->ops[i].u.text.utf8, text) == 0)
        return (long)p;
  }
  return -1;
}

static void add_row(lay_table *t, const char *a, const char *b) {
  lay_table_row_begin(t, 0);
  lay_table_cell(t, 1, 1, LAY_ALIGN_CENTER);
  lay_cell_text(t, a, LAY_ALIGN_CENTER, SRC_LOC_NONE);
  lay_table_cell(t, 1, 1, LAY_ALIGN_LEFT);
  lay_cell_text(t, b, LAY_ALIGN_LEFT, SRC_LOC_NONE);
  lay_table_row_end(t);
}

static void add_heading(lay_table *t, const char *text) {
  lay_table_row_begin(t, 0);
  lay_table_cell(t, 2, 1, LAY_ALIGN_LEFT);
  lay_cell_text(t, text, LAY_ALIGN_LEFT, SRC_LOC_NONE);
  lay_table_row_end(t);
}

/* A name list: header row, 'before' rows, the heading 二、…, then three rows under it. */
static lay_document *list_with_heading(size_t before) {
  lay_document *doc = fake_doc(true, false, diag);
  static const double w[] = {1, 5};
  lay_table_spec spec = {2, w, 1, 0, false};
  lay_table *t = lay_table_begin(doc, &spec, SRC_LOC_NONE);
  add_row(t, "序号", "企业名称");
  char num[24]; /* a size_t in decimal */
  for (size_t i = 0; i < before; i++) {
    snprintf(num, sizeof num, "%zu", i + 1);
    add_row(t, num, "许昌某某科技有限公司");
  }
  add_heading(t, "二、工业设备上云标杆企业（3个）");
  add_row(t, "甲", "甲公司");
  add_row(t, "乙", "乙公司");
  add_row(t, "丙", "丙公司");
  lay_table_end(t);
  CHECK(lay_finish(doc));
  return doc;
}

TEST(heading_row_at_page_foot_moves_with_its_first_rows) {
  /* 225 mm = 637.8 pt: header + 21 rows = 594 pt leave 43.8 pt, room for the heading (27) but
   * not for a row under it: the heading starts page 2, under the repeated header */
  lay_document *doc = list_with_heading(21);
  CHECK_INT(page_of(doc, "二、工业设备上云标杆企业（3个）"), 1);
  CHECK_INT(page_of(doc, "甲公司"), 1);
  CHECK_INT(page_of(doc, "21"), 0);
  const lay_page *p2 = lay_page_get(doc, 1);
  size_t headers = 0;
  for (size_t i = 0; i < p2->count; i++)
    headers += p2->ops[i].kind == LAY_OP_TEXT && strcmp(p2->ops[i].u.text.utf8, "企业名称") == 0;
  CHECK_INT(headers, 1);
  lay_document_free(doc);
  /* 20 rows leave 70.8 pt: the heading and one row would fit, not two: it moves too */
  doc = list_with_heading(20);
  CHECK_INT(page_of(doc, "二、工业设备上云标杆企业（3个）"), 1);
  CHECK_INT(page_of(doc, "20"), 0);
  lay_document_free(doc);
  /* 19 rows leave 97.8 pt, room for the heading and two rows: but the third, the table's
   * last, would then stand alone on page 2; a last section of three rows goes whole */
  doc = list_with_heading(19);
  CHECK_INT(page_of(doc, "二、工业设备上云标杆企业（3个）"), 1);
  CHECK_INT(page_of(doc, "甲公司"), 1);
  CHECK_INT(page_of(doc, "丙公司"), 1);
  CHECK_INT(page_of(doc, "19"), 0);
  lay_document_free(doc);
  /* 17 rows leave 151.8 pt: heading and all three rows fit, nothing moves */
  doc = list_with_heading(17);
  CHECK_INT(page_of(doc, "二、工业设备上云标杆企业（3个）"), 0);
  CHECK_INT(page_of(doc, "丙公司"), 0);
  lay_document_free(doc);
}

/* A row spanning the table that holds content (three lines of an opinion) is not a heading: it
 * ends page 1 where it fits, as before, and only the next rows (two: never one alone) go over. */
TEST(spanning_row_of_content_is_not_a_heading) {
  lay_document *doc = fake_doc(true, false, diag);
  static const double w[] = {1, 5};
  lay_table_spec spec = {2, w, 0, 0, false};
  lay_table *t = lay_table_begin(doc, &spec, SRC_LOC_NONE);
  for (size_t i = 0; i < 21; i++) add_row(t, "1", "某某公司");
  lay_table_row_begin(t, 0);
  lay_table_cell(t, 2, 1, LAY_ALIGN_LEFT);
  /* 90 characters in 432.2 pt at 14 pt: 3 lines, 69 pt, in the 70.8 pt left under 21 rows */
  char *text = repeat("意见", 45);
  lay_cell_text(t, text, LAY_ALIGN_LEFT, SRC_LOC_NONE);
  lay_table_row_end(t);
  add_row(t, "签名", "王志强");
  add_row(t, "日期", "2024年1月");
  lay_table_end(t);
  CHECK(lay_finish(doc));
  CHECK_INT(lay_page_count(doc), 2);
  const lay_page *p1 = lay_page_get(doc, 0);
  size_t lines = 0;
  for (size_t i = 0; i < p1->count; i++)
    lines += p1->ops[i].kind == LAY_OP_TEXT && strncmp(p1->ops[i].u.text.utf8, "意见", 6) == 0;
  CHECK_INT(lines, 3);
  CHECK_INT(page_of(doc, "王志强"), 1);
  free(text);
  lay_document_free(doc);
}

/* A heading paragraph (二、 黑体) on the last line of a page above a table that needs more room
 * goes to the next page with the table instead of ending the page. */
TEST(heading_paragraph_goes_with_the_table_it_heads) {
  lay_document *doc = fake_doc(true, false, diag);
  for (int i = 0; i < 20; i++) lay_add_paragraph(doc, LAY_PARA_PLAIN, "正文一行。", SRC_LOC_NONE);
  lay_add_paragraph(doc, LAY_PARA_H1, "二、名单", SRC_LOC_NONE);
  static const double w[] = {1, 5};
  lay_table_spec spec = {2, w, 1, 0, false};
  lay_table *t = lay_table_begin(doc, &spec, SRC_LOC_NONE);
  add_row(t, "序号", "企业名称");
  add_row(t, "1", "甲公司");
  lay_table_end(t);
  CHECK(lay_finish(doc));
  CHECK_INT(lay_page_count(doc), 2);
  CHECK_INT(page_of(doc, "二、名单"), 1);
  CHECK_INT(page_of(doc, "甲公司"), 1);
  lay_document_free(doc);
}

/* A table of a header and 'rows' numbered rows, then (when 'stamp') a blank line and the two
 * stamp lines of a form; 'colophon' adds a 版记 instead. */
static lay_document *numbered_table(size_t before_lines, size_t rows, bool stamp, bool colophon) {
  lay_document *doc = fake_doc(true, false, diag);
  for (size_t i = 0; i < before_lines; i++)
    lay_add_paragraph(doc, LAY_PARA_PLAIN, "正文一行。", SRC_LOC_NONE);
  static const double w[] = {1, 5};
  lay_table_spec spec = {2, w, 1, 0, false};
  lay_table *t = lay_table_begin(doc, &spec, SRC_LOC_NONE);
  add_row(t, "序号", "企业名称");
  char num[24];
  for (size_t i = 0; i < rows; i++) {
    snprintf(num, sizeof num, "%zu", i + 1);
    add_row(t, num, "许昌某某科技有限公司");
  }
  lay_table_end(t);
  if (stamp) {
    lay_add_blank_lines(doc, 1);
    lay_add_line(doc, LAY_PARA_RIGHT, LAY_FONT_BODY, 14, "推荐单位（盖章）", SRC_LOC_NONE);
    lay_add_line(doc, LAY_PARA_RIGHT, LAY_FONT_BODY, 14, "二〇二四年一月二日", SRC_LOC_NONE);
  }
  if (colophon) lay_add_colophon(doc, NULL, "某某局办公室", "2024年1月2日", SRC_LOC_NONE);
  CHECK(lay_finish(doc));
  return doc;
}

/* Header + 22 rows fill a page (621 of 637.8 pt): a 23rd row would stand alone on page 2, so
 * the last two rows go over together. */
TEST(last_row_never_alone_on_a_page) {
  lay_document *doc = numbered_table(0, 22, false, false);
  CHECK_INT(lay_page_count(doc), 1);
  lay_document_free(doc);
  doc = numbered_table(0, 23, false, false);
  CHECK_INT(lay_page_count(doc), 2);
  CHECK_INT(page_of(doc, "21"), 0);
  CHECK_INT(page_of(doc, "22"), 1);
  CHECK_INT(page_of(doc, "23"), 1);
  lay_document_free(doc);
}

/* A short table (three rows) that does not fit under the text moves whole; a longer one keeps
 * at least two rows on the page it starts on. */
TEST(short_table_moves_whole) {
  /* 19 lines of text (19 x 28.99 pt) leave 87 pt: header and two rows fit, not three */
  lay_document *doc = numbered_table(19, 3, false, false);
  CHECK_INT(page_of(doc, "序号"), 1);
  CHECK_INT(page_of(doc, "1"), 1);
  lay_document_free(doc);
  /* 20 lines leave 58 pt: header and one row would fit; a long table starts on page 2 */
  doc = numbered_table(20, 10, false, false);
  CHECK_INT(page_of(doc, "1"), 1);
  lay_document_free(doc);
  /* 19 lines: header and two rows of a long table start on page 1 */
  doc = numbered_table(19, 10, false, false);
  CHECK_INT(page_of(doc, "2"), 0);
  CHECK_INT(page_of(doc, "3"), 1);
  lay_document_free(doc);
}

/* The stamp lines closing a form stay on the page of the table's last rows: header + 20 rows
 * leave 70.8 pt, less than the blank line and two lines (87 pt): rows 19 and 20 go over. */
TEST(stamp_lines_stay_with_the_last_rows) {
  lay_document *doc = numbered_table(0, 20, true, false);
  CHECK_INT(lay_page_count(doc), 2);
  CHECK_INT(page_of(doc, "18"), 0);
  CHECK_INT(page_of(doc, "19"), 1);
  CHECK_INT(page_of(doc, "推荐单位（盖章）"), 1);
  CHECK_INT(page_of(doc, "二〇二四年一月二日"), 1);
  lay_document_free(doc);
  /* 17 rows leave room: everything on one page */
  doc = numbered_table(0, 17, true, false);
  CHECK_INT(lay_page_count(doc), 1);
  lay_document_free(doc);
}

/* A 版记 after a 附件 table: the table's last page is even (GB/T 9704 clause 8), so a table
 * ending on page 1 sends its last two rows to page 2 with the 版记. */
TEST(colophon_after_table_on_an_even_page) {
  lay_document *doc = numbered_table(0, 5, false, true);
  CHECK_INT(lay_page_count(doc), 2);
  CHECK_INT(page_of(doc, "3"), 0);
  CHECK_INT(page_of(doc, "4"), 1);
  CHECK_INT(page_of(doc, "5"), 1);
  CHECK_INT(page_of(doc, "某某局办公室"), 1);
  lay_document_free(doc);
  /* a page of text, then header + 22 rows fill page 2 with no room for the 版记: rather than
   * two rows on page 3 and the 版记 alone on page 4, rows 19-20 go to page 3 and 21-22 with
   * the 版记 to page 4 */
  doc = numbered_table(22, 22, false, true);
  CHECK_INT(lay_page_count(doc), 4);
  CHECK_INT(page_of(doc, "18"), 1);
  CHECK_INT(page_of(doc, "19"), 2);
  CHECK_INT(page_of(doc, "20"), 2);
  CHECK_INT(page_of(doc, "21"), 3);
  CHECK_INT(page_of(doc, "22"), 3);
  CHECK_INT(page_of(doc, "某某局办公室"), 3);
  lay_document_free(doc);
}

/* A heading line inside a cell's text ("三、…" on a line of its own) that would be the last line
 * on the page goes to the next page with the line it heads. One column, 14 pt: 30 characters a
 * line, 30 lines of 21 pt on a page. */
TEST(heading_line_in_a_cell_goes_with_its_text) {
  for (size_t before = 28; before <= 29; before++) {
    lay_document *doc = fake_doc(true, false, diag);
    lay_table_spec spec = {1, NULL, 0, 0, false};
    lay_table *t = lay_table_begin(doc, &spec, SRC_LOC_NONE);
    lay_table_row_begin(t, 0);
    lay_table_cell(t, 1, 1, LAY_ALIGN_LEFT);
    char *text = malloc(before * 30 * 3 + 400);
    char *p = text;
    for (size_t i = 0; i < before * 30; i++, p += 3) memcpy(p, "文", 3);
    strcpy(p, "\n三、建设内容\n后文后文后文后文后文后文。");
    lay_cell_text(t, text, LAY_ALIGN_LEFT, SRC_LOC_NONE);
    free(text);
    lay_table_end(t);
    CHECK(lay_finish(doc));
    /* after 28 lines the heading (line 29) stays, its text on line 30; after 29 it moves */
    CHECK_INT(page_of(doc, "三、建设内容"), before == 29 ? 1 : 0);
    CHECK_INT(lay_page_count(doc), before == 29 ? 2 : 1);
    lay_document_free(doc);
  }
}

/* A form (a document off the grid whose table ends it) that would spill onto a second page by a
 * few rows sets its lines closer and stays on one page; one that cannot fit even so flows on
 * with its rows as they were. Rows of 27 pt tighten to 19.8 pt at most. */
TEST(one_page_form_tightens_its_rows) {
  for (size_t rows = 24; rows <= 40; rows += 16) {
    lay_document *doc = fake_doc(false, false, diag);
    static const double w[] = {1, 5};
    lay_table_spec spec = {2, w, 1, 0, false};
    lay_table *t = lay_table_begin(doc, &spec, SRC_LOC_NONE);
    add_row(t, "序号", "指标");
    char num[24];
    for (size_t i = 0; i < rows; i++) {
      snprintf(num, sizeof num, "%zu", i + 1);
      add_row(t, num, "营业收入利税率");
    }
    lay_table_end(t);
    CHECK(lay_finish(doc));
    CHECK_INT(lay_page_count(doc), rows == 24 ? 1 : 2);
    if (rows == 40) { /* 23 rows of 27 pt on page 1, as without the rule */
      CHECK_INT(page_of(doc, "22"), 0);
      CHECK_INT(page_of(doc, "23"), 1);
    }
    lay_document_free(doc);
  }
}

/* A heading paragraph above a table goes along when the table starts on the next page, also when
 * the page began with another heading above another table (a page of tables records no lines:
 * only the headings right at its end go). */
TEST(second_heading_goes_with_its_table) {
  lay_document *doc = fake_doc(true, false, diag);
  lay_add_paragraph(doc, LAY_PARA_H1, "一、基本信息", SRC_LOC_NONE);
  static const double w[] = {1, 5};
  lay_table_spec spec = {2, w, 1, 0, false};
  lay_table *t = lay_table_begin(doc, &spec, SRC_LOC_NONE);
  add_row(t, "序号", "企业名称");
  for (int i = 0; i < 19; i++) add_row(t, "1", "某某公司");
  lay_table_end(t);
  /* the heading on line 21 of 22: room for itself, not for two rows under it */
  lay_add_paragraph(doc, LAY_PARA_H1, "二、主要指标", SRC_LOC_NONE);
  t = lay_table_begin(doc, &spec, SRC_LOC_NONE);
  add_row(t, "指标", "数值");
  for (int i = 0; i < 5; i++) add_row(t, "甲", "乙");
  lay_table_end(t);
  CHECK(lay_finish(doc));
  CHECK_INT(page_of(doc, "一、基本信息"), 0);
  CHECK_INT(page_of(doc, "二、主要指标"), 1);
  CHECK_INT(page_of(doc, "指标"), 1);
  lay_document_free(doc);
}

/* The honours block of Hunan's 申报书: a label spanning every row (企业荣誉), a note, the column
 * heads marked with lay_table_row_heads, then 60 honours over three pages. Every page the
 * honours continue on has the heads again, once, above its first honour, under 企业荣誉（续）. */
static lay_document *honours(size_t lines_before, size_t n, bool two_lines) {
  lay_document *doc = fake_doc(true, false, diag);
  for (size_t i = 0; i < lines_before; i++) lay_add_paragraph(doc, LAY_PARA_PLAIN, "正文", SRC_LOC_NONE);
  static const double w[] = {1, 1, 3};
  lay_table_spec spec = {3, w, 0, 0, false};
  lay_table *t = lay_table_begin(doc, &spec, SRC_LOC_NONE);
  lay_table_row_begin(t, 0);
  lay_table_cell(t, 1, 99, LAY_ALIGN_CENTER);
  lay_cell_text(t, "企业荣誉", LAY_ALIGN_CENTER, SRC_LOC_NONE);
  lay_table_cell(t, 2, 1, LAY_ALIGN_LEFT);
  lay_cell_text(t, "备注", LAY_ALIGN_LEFT, SRC_LOC_NONE);
  lay_table_row_begin(t, 0);
  lay_table_row_heads(t);
  lay_table_cell(t, 1, 1, LAY_ALIGN_CENTER);
  lay_cell_text(t, "序号", LAY_ALIGN_CENTER, SRC_LOC_NONE);
  lay_table_cell(t, 1, 1, LAY_ALIGN_CENTER);
  lay_cell_text(t, "奖项名称", LAY_ALIGN_CENTER, SRC_LOC_NONE);
  for (size_t i = 1; i <= n; i++) {
    char num[16], name[128];
    snprintf(num, sizeof num, "%zu", i);
    /* two_lines: a name of 24 characters wraps in its 265 pt column (18 a line) */
    snprintf(name, sizeof name, "第%zu项%s", i, two_lines ? "国国国国国国国国国国国国国国国国国国国国" : "");
    lay_table_row_begin(t, 0);
    lay_table_cell(t, 1, 1, LAY_ALIGN_CENTER);
    lay_cell_text(t, num, LAY_ALIGN_CENTER, SRC_LOC_NONE);
    lay_table_cell(t, 1, 1, LAY_ALIGN_LEFT);
    lay_cell_text(t, name, LAY_ALIGN_LEFT, SRC_LOC_NONE);
  }
  lay_table_end(t);
  CHECK(lay_finish(doc));
  return doc;
}

/* y of the topmost text op starting with 'prefix' on page p (1e9: none), and how many there are. */
static double top_of(const lay_page *pg, const char *prefix, size_t *count) {
  double y = 1e9;
  *count = 0;
  for (size_t i = 0; i < pg->count; i++)
    if (pg->ops[i].kind == LAY_OP_TEXT && strncmp(pg->ops[i].u.text.utf8, prefix, strlen(prefix)) == 0) {
      (*count)++;
      if (pg->ops[i].u.text.y < y) y = pg->ops[i].u.text.y;
    }
  return y;
}

TEST(head_row_repeats_over_the_rows_it_heads) {
  lay_document *doc = honours(0, 60, false);
  size_t np = lay_page_count(doc), pages_with_rows = 0;
  CHECK(np >= 3);
  for (size_t p = 0; p < np; p++) {
    const lay_page *pg = lay_page_get(doc, p);
    size_t heads, rows, labels;
    double head_y = top_of(pg, "序号", &heads), row_y = top_of(pg, "第", &rows);
    top_of(pg, "奖项名称", &labels);
    if (rows == 0) continue;
    pages_with_rows++;
    CHECK_INT(heads, 1);
    CHECK_INT(labels, 1);
    CHECK(head_y < row_y);
    if (p > 0) {
      CHECK(head_y < LAY_TOP_PT + ROW_PT);
      size_t cont = 0; /* the label's last line ends with the mark: 企业荣 / 誉（续） */
      for (size_t k = 0; k < pg->count; k++)
        cont += pg->ops[k].kind == LAY_OP_TEXT && strstr(pg->ops[k].u.text.utf8, "（续）");
      CHECK_INT(cont, 1);
    }
  }
  CHECK(pages_with_rows >= 3);
  /* every honour once */
  for (int i = 1; i <= 60; i++) {
    char name[32];
    snprintf(name, sizeof name, "第%d项", i);
    size_t n = 0;
    for (size_t p = 0; p < np; p++) {
      const lay_page *pg = lay_page_get(doc, p);
      for (size_t k = 0; k < pg->count; k++)
        n += pg->ops[k].kind == LAY_OP_TEXT && strcmp(pg->ops[k].u.text.utf8, name) == 0;
    }
    if (n != 1) CHECK_FAIL_("%s printed %zu times", name, n);
  }
  lay_document_free(doc);
}

/* The heads never end a page: with room for the note and the heads but not a row under them,
 * the heads go to the next page (with the label, said again). */
TEST(head_row_never_ends_a_page) {
  size_t moved = 0;
  for (size_t before = 14; before <= 20; before++) {
    lay_document *doc = honours(before, 30, false);
    for (size_t p = 0; p < lay_page_count(doc); p++) {
      const lay_page *pg = lay_page_get(doc, p);
      size_t heads, rows;
      double head_y = top_of(pg, "序号", &heads), row_y = top_of(pg, "第", &rows);
      if (heads && rows == 0) CHECK_FAIL_("%zu lines before: page %zu ends with the heads", before, p + 1);
      if (heads) CHECK(head_y < row_y);
    }
    moved += page_of(doc, "序号") > page_of(doc, "备注");
    lay_document_free(doc);
  }
  CHECK(moved >= 1); /* some position put the heads at a page foot */
}

/* A two-line honour under the label is a short row of a group taller than the page: it moves
 * whole to the next page, as a short group would, never its first line on one page and its
 * second on the next. */
TEST(short_row_of_a_tall_group_moves_whole) {
  lay_document *doc = honours(0, 40, true);
  CHECK(lay_page_count(doc) >= 3);
  size_t firsts = 0;
  for (size_t p = 0; p < lay_page_count(doc); p++) {
    const lay_page *pg = lay_page_get(doc, p);
    size_t first, second;
    top_of(pg, "第", &first);
    top_of(pg, "国", &second);
    if (first != second) CHECK_FAIL_("page %zu: %zu first lines, %zu second lines", p + 1, first, second);
    firsts += first;
  }
  CHECK_INT(firsts, 40);
  lay_document_free(doc);
}

int main(void) {
  diag = diag_new(NULL, 0);
  RUN(heading_row_at_page_foot_moves_with_its_first_rows);
  RUN(spanning_row_of_content_is_not_a_heading);
  RUN(heading_paragraph_goes_with_the_table_it_heads);
  RUN(last_row_never_alone_on_a_page);
  RUN(short_table_moves_whole);
  RUN(stamp_lines_stay_with_the_last_rows);
  RUN(colophon_after_table_on_an_even_page);
  RUN(heading_line_in_a_cell_goes_with_its_text);
  RUN(one_page_form_tightens_its_rows);
  RUN(second_heading_goes_with_its_table);
  RUN(head_row_repeats_over_the_rows_it_heads);
  RUN(head_row_never_ends_a_page);
  RUN(short_row_of_a_tall_group_moves_whole);
  diag_free(diag);
  return CHECK_DONE();
}
