/* Tests of the 封面 cover page (lay_add_cover): the title block where it was asked for and
 * centred, fill-in lines ruled from the label to the block's edge with the value on the rule, a
 * long value wrapped onto further ruled lines, the footer on the last line, no page number, and
 * what follows on the next page. Fixed-width fake metrics (testing.h). */
#include <math.h>

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

/* A cover with 'chars' characters of name and of project name: fill-in lines that no longer fit
 * between the middle of the page and the footer start higher, closer and smaller (within
 * limits), wrapping within their rules and never reaching the footer; past the limits the
 * document fails with a message naming the field. */
static lay_document *cover_with(size_t chars, diag_sink *d) {
  lay_document *doc = fake_doc(false, false, d);
  char *name = repeat("智", chars), *project = repeat("造", chars);
  lay_cover_line titles[] = {{"福建省省级新一代信息技术与制造业", LAY_FONT_TITLE, 22},
                             {"融合发展项目申报书", LAY_FONT_TITLE, 22},
                             {"（2024年度）", LAY_FONT_BODY, 16}};
  lay_cover_fill fills[] = {{"申报类别：", "工业互联网平台", NULL},
                            {"项目名称：", project, NULL},
                            {"申报单位（盖章）：", name, NULL},
                            {"推荐单位：", "福州市工业和信息化局", NULL},
                            {"申报日期：", NULL, "　　　　年　　月　　日"}};
  lay_cover c = {35 * LAY_MM_PT, titles, 3, fills, 5, 0, "福建省工业和信息化厅制"};
  lay_add_cover(doc, &c, SRC_LOC_NONE);
  free(name);
  free(project);
  return doc;
}

TEST(cover_fills_fit_or_fail) {
  for (size_t chars = 20; chars <= 60; chars += 20) {
    lay_document *doc = cover_with(chars, diag);
    CHECK(lay_finish(doc));
    const lay_op *foot = find_text(doc, 0, "厅制");
    const lay_page *pg = lay_page_get(doc, 0);
    double lowest = 0;
    for (size_t i = 0; i < pg->count; i++) {
      const lay_op *op = &pg->ops[i];
      if (op == foot) continue;
      lowest = fmax(lowest, op->kind == LAY_OP_TEXT ? op->u.text.y : op->u.line.y1);
    }
    /* the last fill-in line (its rule) stays a line clear of the footer */
    CHECK(foot && lowest < foot->u.text.y - LAY_LINE_PITCH_PT);
    char *all = all_text(doc);
    CHECK_CONTAINS(all, "造造造造造造造造造造造造造造造造造造造造");
    free(all);
    lay_document_free(doc);
  }
  diag_sink *d = diag_new(NULL, 0);
  lay_document *doc = cover_with(150, d);
  CHECK(!lay_finish(doc));
  CHECK_INT(diag_error_count(d), 1);
  CHECK_CONTAINS(diag_text(d), "项目名称：");
  lay_document_free(doc);
  diag_free(d);
}

int main(void) {
  diag = diag_new(stdout, 0);
  RUN(cover_page_geometry);
  RUN(cover_starts_its_own_page);
  RUN(cover_fills_fit_or_fail);
  diag_free(diag);
  return CHECK_DONE();
}
