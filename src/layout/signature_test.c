/* Unit tests for where the 发文机关署名 and 成文日期 stand (GB/T 9704-2012 7.3.5.1, 7.3.5.2): the
 * two layouts for short and long names and dates, and a sealed name too long for one line over
 * its date set in two (issue 20). The block's place on the page is flow_test.c's. */
#include <math.h>
#include <stdio.h>

#include "../../tests/check.h"
#include "layout/testing.h"

static diag_sink *diag;
static const double P = LAY_LINE_PITCH_PT;

/* Drawn width of a text op under the fake metrics. */
static double op_width(const lay_op *op) {
  const char *s = op->u.text.utf8;
  size_t n = lay_count_cps(s, strlen(s));
  return fake_advance(NULL, op->u.text.font, op->u.text.size_pt, s, strlen(s)) +
         (double)(n - 1) * op->u.text.tracking_pt;
}

/* The last text op of page 'pg' whose text is 's'. */
static const lay_op *op_with_text(const lay_document *doc, size_t pg, const char *s) {
  const lay_page *p = lay_page_get(doc, pg);
  const lay_op *found = NULL;
  for (size_t i = 0; i < p->count; i++)
    if (p->ops[i].kind == LAY_OP_TEXT && strcmp(p->ops[i].u.text.utf8, s) == 0) found = &p->ops[i];
  return found;
}

/* GB/T 9704 7.3.5.1 (sealed: date right-indented 4 characters, issuer centred over it) and
 * 7.3.5.2 (unsealed: issuer right-indented 2, date starting 2 characters right of the issuer's
 * start; a longer date right-indented 2 with the issuer moved left), for short and long issuers
 * and dates; one blank line after the body, the date on the next line. */
TEST(signature_layouts_7_3_5) {
  const char *issuers[] = {"市工信局", "许昌市工业和信息化局", "许昌市工业和信息化局许昌市发展和改革委员会"};
  const char *dates[] = {"2022年5月6日", "2022年12月16日"};
  const double pitch = LAY_BODY_PT + LAY_GRID_TRACKING_PT;
  for (int style = 0; style < 2; style++) {
    for (size_t i = 0; i < 3; i++) {
      for (size_t d = 0; d < 2; d++) {
        lay_document *doc = fake_doc(true, false, diag);
        lay_add_paragraph(doc, LAY_PARA_BODY, "特此通知。", SRC_LOC_NONE);
        lay_add_signature(doc, issuers[i], dates[d], style ? LAY_SIGN_UNSEALED : LAY_SIGN_SEALED,
                          SRC_LOC_NONE);
        lay_finish(doc);
        const lay_op *date = op_with_text(doc, 0, dates[d]);
        /* sealed, the 21-character name is set in two lines (signature_long_issuer_two_lines):
         * the first one is checked here, centred over the date like a one-line name */
        const lay_op *iss = op_with_text(doc, 0, issuers[i]);
        if (!iss && style == 0 && i == 2) iss = op_with_text(doc, 0, "许昌市工业和信息化局");
        CHECK(iss && date);
        if (!iss || !date) {
          lay_document_free(doc);
          continue;
        }
        double xi = iss->u.text.x, wi = op_width(iss), xd = date->u.text.x, wd = op_width(date);
        printf("  %s %s / %s: issuer %.2f-%.2f, date %.2f-%.2f\n", style ? "unsealed" : "sealed",
               issuers[i], dates[d], xi, xi + wi, xd, xd + wd);
        if (style == 0) {
          /* always centred over the date, the date always 4 characters in (issue 20) */
          CHECK_NEAR(xi + wi / 2, xd + wd / 2, 1e-6);
          CHECK_NEAR(xd + wd, LAY_RIGHT_PT - 4 * pitch, 1e-6);
        } else if (wd + 2 * pitch <= wi + 1e-6) {
          CHECK_NEAR(xi + wi, LAY_RIGHT_PT - 2 * pitch, 1e-6);
          CHECK_NEAR(xd, xi + 2 * pitch, 1e-6);
        } else {
          CHECK_NEAR(xd + wd, LAY_RIGHT_PT - 2 * pitch, 1e-6);
          CHECK_NEAR(xi, xd - 2 * pitch, 1e-6);
        }
        CHECK(xi + wi <= LAY_RIGHT_PT + 1e-6);
        CHECK_NEAR(iss->u.text.y - lay_page_get(doc, 0)->ops[0].u.text.y, 2 * P, 1e-6);
        CHECK_NEAR(date->u.text.y - iss->u.text.y, (style == 0 && i == 2 ? 2 : 1) * P, 1e-6);
        lay_document_free(doc);
      }
    }
  }
}

/* The ops of the issuer's lines on page 0, top to bottom (at most 4). */
static size_t issuer_lines(const lay_document *doc, const lay_op **out) {
  const lay_page *pg = lay_page_get(doc, 0);
  size_t n = 0;
  for (size_t i = 0; pg && i < pg->count && n < 4; i++)
    if (pg->ops[i].kind == LAY_OP_TEXT && pg->ops[i].element == LAY_EL_ISSUER) out[n++] = &pg->ops[i];
  return n;
}

/* issue 20, GB/T 9704 7.3.5.1: an issuer too long to be centred over a date 4 characters in
 * (it stood at the right edge, the date moved left under it) is set in two balanced lines broken
 * after an organ's name, each centred over the date, which stays 4 characters in, one line
 * pitch apart, with a warning naming it, its length and the room; a name that does not fit in
 * two lines fails the document. */
TEST(signature_long_issuer_two_lines) {
  const double em = LAY_BODY_PT + LAY_GRID_TRACKING_PT;
  static const struct {
    const char *issuer, *first, *second;
  } cases[] = {
      {"湖南省工业和信息化厅人工智能与信息化处", "湖南省工业和信息化厅", "人工智能与信息化处"},
      {"中共福建省委网络安全和信息化委员会办公室", "中共福建省委", "网络安全和信息化委员会办公室"},
      {"许昌市工业和信息化局许昌市发展和改革委员会", "许昌市工业和信息化局", "许昌市发展和改革委员会"},
  };
  for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
    diag_sink *d = diag_new(NULL, 100);
    lay_document *doc = fake_doc(true, false, d);
    lay_add_paragraph(doc, LAY_PARA_BODY, "特此通知。", SRC_LOC_NONE);
    lay_add_signature(doc, cases[c].issuer, "2024年10月18日", LAY_SIGN_SEALED, SRC_LOC_NONE);
    CHECK(lay_finish(doc));
    const lay_op *l[4];
    const lay_op *date = op_with_text(doc, 0, "2024年10月18日");
    size_t n = issuer_lines(doc, l);
    CHECK_INT(n, 2);
    CHECK(date != NULL);
    if (n == 2 && date) {
      CHECK_STR(l[0]->u.text.utf8, cases[c].first);
      CHECK_STR(l[1]->u.text.utf8, cases[c].second);
      double centre = date->u.text.x + op_width(date) / 2;
      CHECK_NEAR(date->u.text.x + op_width(date), LAY_RIGHT_PT - 4 * em, 1e-6);
      for (size_t k = 0; k < 2; k++) {
        CHECK_NEAR(l[k]->u.text.x + op_width(l[k]) / 2, centre, 1e-6);
        CHECK(l[k]->u.text.x + op_width(l[k]) <= LAY_RIGHT_PT + 1e-6);
      }
      CHECK_NEAR(l[1]->u.text.y - l[0]->u.text.y, P, 1e-6);
      CHECK_NEAR(date->u.text.y - l[1]->u.text.y, P, 1e-6);
    }
    CHECK_INT(diag_warning_count(d), 1);
    CHECK(strstr(diag_text(d), cases[c].issuer) != NULL);
    lay_document_free(doc);
    diag_free(d);
  }
  /* 37 characters: more than two lines of the room over the date */
  diag_sink *d = diag_new(NULL, 100);
  lay_document *doc = fake_doc(true, false, d);
  lay_add_paragraph(doc, LAY_PARA_BODY, "特此通知。", SRC_LOC_NONE);
  lay_add_signature(doc, "福建省工业和信息化厅（福建省中小企业服务局、福建省国防科技工业办公室）",
                    "2024年10月18日", LAY_SIGN_SEALED, SRC_LOC_NONE);
  CHECK(!lay_finish(doc));
  CHECK_INT(diag_error_count(d), 1);
  CHECK(strstr(diag_text(d), "35 characters") != NULL);
  printf("  %s", diag_text(d));
  lay_document_free(doc);
  diag_free(d);
  /* lines the template broke by hand stand as given, each centred over the date, no warning */
  d = diag_new(NULL, 100);
  doc = fake_doc(true, false, d);
  lay_add_signature(doc, "湖南省工业和信息化厅\n人工智能处", "2019年10月18日", LAY_SIGN_SEALED, SRC_LOC_NONE);
  CHECK(lay_finish(doc));
  const lay_op *h[4], *hd = op_with_text(doc, 0, "2019年10月18日");
  CHECK_INT(issuer_lines(doc, h), 2);
  CHECK(hd != NULL);
  if (hd && issuer_lines(doc, h) == 2)
    for (size_t k = 0; k < 2; k++)
      CHECK_NEAR(h[k]->u.text.x + op_width(h[k]) / 2, hd->u.text.x + op_width(hd) / 2, 1e-6);
  CHECK_INT(diag_warning_count(d) + diag_error_count(d), 0);
  lay_document_free(doc);
  diag_free(d);
  /* a name that fits the room stays on one line, without a warning */
  d = diag_new(NULL, 100);
  doc = fake_doc(true, false, d);
  lay_add_signature(doc, "湖南省工业和信息化厅", "2019年10月18日", LAY_SIGN_SEALED, SRC_LOC_NONE);
  CHECK(lay_finish(doc));
  const lay_op *l[4];
  CHECK_INT(issuer_lines(doc, l), 1);
  CHECK_INT(diag_warning_count(d), 0);
  lay_document_free(doc);
  diag_free(d);
}

/* The block (附件说明, 署名, 成文日期) that does not fit under its text takes two lines of that
 * text over with it, not one line and the 附件说明 (issue 20: "the signature block ... stays on
 * the page with at least two lines of the text it closes"; GB/T 9704 7.3.5.5). */
TEST(signature_block_takes_two_text_lines) {
  static const char *names[] = {"2024年度入库企业名单"};
  for (int fill = 17; fill <= 20; fill++) {
    lay_document *doc = fake_doc(true, false, diag);
    char *text = malloc((size_t)fill * 28 * 3 + 1);
    for (int i = 0; i < fill * 28 - 2; i++) memcpy(text + 3 * i, "文", 3);
    text[(fill * 28 - 2) * 3] = 0;
    lay_add_paragraph(doc, LAY_PARA_BODY, text, SRC_LOC_NONE);
    lay_add_attachment_note(doc, names, 1, SRC_LOC_NONE);
    lay_add_signature(doc, "许昌市工业和信息化局", "2022年3月18日", LAY_SIGN_SEALED, SRC_LOC_NONE);
    CHECK(lay_finish(doc));
    size_t np = lay_page_count(doc);
    CHECK_INT(np, fill == 17 ? 1 : 2); /* 17 + blank + 附件说明 + blank + 2 = 22 lines */
    const lay_page *last = lay_page_get(doc, np - 1);
    double ys[8];
    size_t nbody = 0;
    for (size_t i = 0; i < last->count; i++) {
      const lay_op *op = &last->ops[i];
      if (op->kind != LAY_OP_TEXT || op->element == LAY_EL_ATTACHMENT_NOTE ||
          op->element == LAY_EL_ISSUER || op->element == LAY_EL_DATE)
        continue;
      bool seen = false;
      for (size_t k = 0; k < nbody; k++) seen |= fabs(ys[k] - op->u.text.y) < 0.01;
      if (!seen && nbody < 8) ys[nbody++] = op->u.text.y;
    }
    if (fill > 17 && nbody < 2) printf("  fill %d: %zu line(s) of text with the block\n", fill, nbody);
    CHECK(fill == 17 || nbody == 2);
    char *got = all_text(doc);
    CHECK(strncmp(got, text, strlen(text)) == 0);
    free(got);
    free(text);
    lay_document_free(doc);
  }
}

int main(void) {
  diag = diag_new(NULL, 0);
  RUN(signature_layouts_7_3_5);
  RUN(signature_long_issuer_two_lines);
  RUN(signature_block_takes_two_text_lines);
  diag_free(diag);
  return CHECK_DONE();
}
