/* Tests of the 封面 cover page (lay_add_cover): the title block where it was asked for and
 * centred, fill-in lines ruled from the label to the block's edge with the value on the rule, a
 * long value wrapped onto further ruled lines, the footer on the last line, no page number, and
 * what follows on the next page. Fixed-width fake metrics (testing.h). */
#include "../../tests/check.h"
#include "layout/testing.h"

static diag_sink *diag;

static const lay_op *find_text(const lay_document *doc, size_t page, const char *needle) {
  const lay_page *pg = lay_page_get(doc, page);
  for (size_t i = 0; pg && i < pg->count; i++)
    if (pg->ops[i].kind == LAY_OP_TEXT && strstr(pg->ops[i].u.text.utf8, needle)) return &pg->ops[i];
  return NULL;
}

static double width_of(const lay_op *op) {
  return fake_advance(NULL, op->u.text.font, op->u.text.size_pt, op->u.text.utf8,
                      strlen(op->u.text.utf8));
}

TEST(cover_page_geometry) {
  lay_document *doc = fake_doc(true, true, diag);
  lay_cover_line titles[] = {{"湖南省上云上平台标杆企业", LAY_FONT_TITLE, 22},
                             {"申报书", LAY_FONT_TITLE, 36}};
  lay_cover_fill fills[] = {{"申报单位（盖章）：", "湘江智能装备有限公司", NULL},
                            {"推荐单位（盖章）：", NULL, NULL},
                            {"申报日期：", "", "　　年　月　日"},
                            {"项目名称：", "一个很长很长很长很长很长很长很长很长很长很长很长很长的项目名称", NULL}};
  lay_cover c = {50, titles, 2, fills, 4, 0, "湖南省工业和信息化厅制"};
  lay_add_cover(doc, &c, SRC_LOC_NONE);
  lay_add_paragraph(doc, LAY_PARA_BODY, "正文。", SRC_LOC_NONE);
  CHECK(lay_finish(doc));
  CHECK_INT(lay_page_count(doc), 2);
  CHECK(find_text(doc, 1, "正文") != NULL);
  CHECK(find_text(doc, 0, "\xE2\x80\x94 1") == NULL); /* the cover has no page number */

  const lay_op *t1 = find_text(doc, 0, "湖南省"), *t2 = find_text(doc, 0, "申报书");
  CHECK(t1 && t2);
  if (t1 && t2) {
    double mid = LAY_LEFT_PT + LAY_MEASURE_PT / 2;
    CHECK_NEAR(t1->u.text.x + width_of(t1) / 2, mid, 1e-6);
    CHECK_NEAR(t2->u.text.x + width_of(t2) / 2, mid, 1e-6);
    CHECK(t1->u.text.y > LAY_TOP_PT + 50 && t1->u.text.y < LAY_TOP_PT + 50 + 33);
    CHECK(t2->u.text.y > t1->u.text.y + 22);
    CHECK_NEAR(t1->u.text.size_pt, 22, 1e-9);
  }

  /* fills from the middle of the type area; a rule per line after each label */
  const lay_op *l1 = find_text(doc, 0, "申报单位"), *v1 = find_text(doc, 0, "湘江智能");
  const lay_op *empty = find_text(doc, 0, "月"); /* the placeholder: 年 月 日 apart */
  CHECK(l1 && v1 && empty);
  const lay_page *pg = lay_page_get(doc, 0);
  CHECK_INT(count_ops(pg, LAY_OP_LINE), 6); /* 4 fills, the long one on three lines */
  if (l1 && v1) {
    CHECK(l1->u.text.y > LAY_TOP_PT + LAY_AREA_HEIGHT_PT / 2);
    CHECK_NEAR(l1->u.text.x, LAY_LEFT_PT + LAY_MEASURE_PT * 0.1, 1e-6);
    CHECK_NEAR(v1->u.text.y, l1->u.text.y, 1e-9); /* the value sits on the label's line */
    /* the rules start after the widest label (申报单位（盖章）：, 9 characters) */
    double rule_x = l1->u.text.x + width_of(l1), x1 = LAY_RIGHT_PT - LAY_MEASURE_PT * 0.1;
    for (size_t i = 0; i < pg->count; i++)
      if (pg->ops[i].kind == LAY_OP_LINE) CHECK_NEAR(pg->ops[i].u.line.x1, rule_x, 1e-6);
    CHECK_NEAR(v1->u.text.x + width_of(v1) / 2, (rule_x + x1) / 2, 1e-6);
    const lay_op *rule = NULL;
    for (size_t i = 0; i < pg->count && !rule; i++)
      if (pg->ops[i].kind == LAY_OP_LINE) rule = &pg->ops[i];
    CHECK(rule != NULL);
    if (rule) {
      CHECK_NEAR(rule->u.line.x1, rule_x, 1e-6);
      CHECK_NEAR(rule->u.line.x2, x1, 1e-6);
      CHECK(rule->u.line.y1 > v1->u.text.y && rule->u.line.y1 < v1->u.text.y + 8);
    }
  }
  /* the long name continues on a second ruled line, nothing lost */
  char *all = all_text(doc);
  CHECK_CONTAINS(all, "的项目名称");
  free(all);
  const lay_op *foot = find_text(doc, 0, "厅制");
  CHECK(foot && foot->u.text.y > LAY_BOTTOM_PT - LAY_LINE_PITCH_PT && foot->u.text.y < LAY_BOTTOM_PT);
  lay_document_free(doc);
}

TEST(cover_starts_its_own_page) {
  lay_document *doc = fake_doc(true, false, diag);
  lay_add_paragraph(doc, LAY_PARA_BODY, "前文。", SRC_LOC_NONE);
  lay_cover c = {0, NULL, 0, NULL, 0, 0, NULL};
  lay_add_cover(doc, &c, SRC_LOC_NONE);
  lay_add_title(doc, "标题", SRC_LOC_NONE);
  CHECK(lay_finish(doc));
  CHECK_INT(lay_page_count(doc), 3);
  CHECK(find_text(doc, 2, "标题") != NULL);
  lay_document_free(doc);
}

int main(void) {
  diag = diag_new(stdout, 0);
  RUN(cover_page_geometry);
  RUN(cover_starts_its_own_page);
  diag_free(diag);
  return CHECK_DONE();
}
