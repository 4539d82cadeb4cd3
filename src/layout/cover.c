/* 封面: the cover page of a 申报书 — a title block placed a set distance down the page, fill-in
 * lines (申报单位（盖章）：＿＿＿) with their value printed on the line, and a footer line
 * (……制) at the foot of the type area. The page stands alone and has no page number. Fill-in
 * lines that do not fit above the footer tighten within set limits, or the document fails. */
#include <math.h>
#include <string.h>

#include "core/lang.h"
#include "layout/layout_private.h"

/* Places the lines of 'p' centred in slots of 'pitch' from 'top'; returns the y below them. */
static double centred_lines(lay_document *doc, lay_page *page, const lay_para *p, double top,
                            double pitch, double size_pt, src_loc at) {
  for (size_t i = 0; i < p->nlines; i++, top += pitch)
    lay_para_emit_line(p, doc, page, i, LAY_LEFT_PT, lay_baseline(top, pitch, size_pt), LAY_BLACK,
                       at);
  return top;
}

/* How the fill-in lines are set: size, pitch, where they start and where their rules start. */
typedef struct {
  double size, pitch, top, x0, rule_x, x1;
} fill_fmt;

static lay_para_fmt value_fmt(lay_document *doc, const fill_fmt *ff) {
  lay_para_fmt f = lay_body_fmt(doc, LAY_FONT_BODY, ff->size);
  f.tracking_pt = 0;
  f.align = LAY_ALIGN_CENTER;
  f.measure_pt = ff->x1 - ff->rule_x;
  return f;
}

static const char *fill_value(const lay_cover_fill *fl) {
  return fl->value && *fl->value ? fl->value : fl->empty;
}

/* Ruled lines field i takes: its value wraps within its underlined line, never past it. */
static size_t fill_lines(lay_document *doc, const lay_cover *c, size_t i, const fill_fmt *ff) {
  const char *value = fill_value(&c->fills[i]);
  if (!value || !*value) return 1;
  lay_para_fmt f = value_fmt(doc, ff);
  lay_para p;
  lay_para_set(&p, doc, value, strlen(value), &f);
  size_t n = p.nlines ? p.nlines : 1;
  lay_para_free(&p);
  return n;
}

static size_t footer_lines(lay_document *doc, const char *footer) {
  lay_para_fmt f = lay_body_fmt(doc, LAY_FONT_BODY, LAY_BODY_PT);
  f.tracking_pt = 0;
  lay_para p;
  lay_para_set(&p, doc, footer, strlen(footer), &f);
  size_t n = p.nlines;
  lay_para_free(&p);
  return n;
}

static void fill_columns(lay_document *doc, const lay_cover *c, fill_fmt *ff) {
  ff->x0 = LAY_LEFT_PT + LAY_MEASURE_PT * 0.1;
  ff->x1 = LAY_RIGHT_PT - LAY_MEASURE_PT * 0.1;
  /* every rule starts after the widest label, as the forms align them with spaces */
  ff->rule_x = ff->x0;
  for (size_t i = 0; i < c->fill_count; i++) {
    const char *label = c->fills[i].label ? c->fills[i].label : "";
    double lw = lay_measure(doc, LAY_FONT_BODY, ff->size, label, strlen(label));
    if (ff->x0 + lw > ff->rule_x) ff->rule_x = ff->x0 + lw;
  }
  if (ff->rule_x > ff->x1 - 4 * ff->size) ff->rule_x = ff->x1 - 4 * ff->size;
}

/* Chooses how the fill-in lines are set so that they end above 'footer_top': from the middle
 * of the type area (or two lines under the titles) at the template's size and a pitch of two
 * em; then, within set limits, starting higher (down to one line under the titles), a closer
 * pitch (down to 1.5 em) and a smaller size (down to 四号 14 pt). False when even the tightest
 * does not fit (*ff is then the tightest). */
static bool fit_fills(lay_document *doc, const lay_cover *c, double titles_end, double footer_top,
                      fill_fmt *ff) {
  const double P = LAY_LINE_PITCH_PT;
  double size0 = c->fill_size_pt > 0 ? c->fill_size_pt : LAY_BODY_PT;
  static const double sizes[] = {1.0, 0.9375, 0.875}, pitches[] = {2.0, 1.75, 1.5};
  for (size_t si = 0; si < 3; si++) {
    for (size_t pi = 0; pi < 3; pi++) {
      ff->size = size0 * sizes[si];
      if (si > 0 && ff->size < 14.0 - LAY_EPS && size0 >= 14.0) ff->size = 14.0;
      ff->pitch = fmax(pitches[pi] * ff->size, pi == 0 ? P : 0);
      fill_columns(doc, c, ff);
      double h = 0;
      for (size_t i = 0; i < c->fill_count; i++) h += (double)fill_lines(doc, c, i, ff) * ff->pitch;
      double mid = LAY_TOP_PT + LAY_AREA_HEIGHT_PT * 0.5;
      ff->top = fmax(titles_end + 2 * P, mid);
      if (ff->top + h > footer_top + LAY_EPS) ff->top = fmax(titles_end + P, footer_top - h);
      if (ff->top + h <= footer_top + LAY_EPS) return true;
    }
  }
  return false;
}

static void draw_fills(lay_document *doc, lay_page *page, const lay_cover *c, const fill_fmt *ff,
                       src_loc at) {
  double y = ff->top;
  for (size_t i = 0; i < c->fill_count; i++) {
    const lay_cover_fill *fl = &c->fills[i];
    const char *label = fl->label ? fl->label : "";
    const char *value = fill_value(fl);
    lay_push_text(doc, page, at, LAY_FONT_BODY, ff->size, ff->x0,
                  lay_baseline(y, ff->pitch, ff->size), 0, LAY_BLACK, label, strlen(label));
    size_t lines = 1;
    if (value && *value) {
      lay_para_fmt f = value_fmt(doc, ff);
      lay_para p;
      lay_para_set(&p, doc, value, strlen(value), &f);
      lines = p.nlines ? p.nlines : 1;
      for (size_t k = 0; k < p.nlines; k++)
        lay_para_emit_line(&p, doc, page, k, ff->rule_x,
                           lay_baseline(y + (double)k * ff->pitch, ff->pitch, ff->size), LAY_BLACK,
                           at);
      if (p.overflow) lay_error(doc, at, L("a character of a cover field is wider than its line: it would be printed past the "
                                        "page's edge; widen the field in the template",
                                        "封面填写栏中有字符比整行还宽，会印出版心：请在模板中加宽该栏"));
      lay_para_free(&p);
    }
    for (size_t k = 0; k < lines; k++) {
      double ry = lay_baseline(y + (double)k * ff->pitch, ff->pitch, ff->size) + ff->size * 0.2;
      lay_push_rule(doc, page, ff->rule_x, ry, ff->x1, ry, 0.5, LAY_BLACK);
    }
    y += (double)lines * ff->pitch;
  }
}

void lay_add_cover(lay_document *doc, const lay_cover *c, src_loc at) {
  if (doc->finished) {
    lay_error(doc, at, L("internal layout error: a block added after the document was finished",
                         "内部排版错误：文档结束后又加入内容"));
    return;
  }
  lay_flush_table(doc, false);
  lay_page_state *ps = lay_current_page(doc);
  if (ps->page.count > 0 || doc->y > LAY_TOP_PT + 0.01) {
    lay_new_page(doc);
    ps = lay_current_page(doc);
  }
  ps->no_page_number = true;
  const double P = LAY_LINE_PITCH_PT;
  double y = LAY_TOP_PT + (c->title_top_pt > 0 ? c->title_top_pt : 2 * P);

  /* the title block: each line centred, wrapped (balanced by the line breaker) when too wide */
  for (size_t i = 0; i < c->title_count; i++) {
    const lay_cover_line *l = &c->titles[i];
    if (!l->text || !*l->text) continue;
    double size = l->size_pt > 0 ? l->size_pt : LAY_TITLE_PT;
    lay_para_fmt f = lay_body_fmt(doc, l->font, size);
    f.tracking_pt = 0;
    f.align = LAY_ALIGN_CENTER;
    lay_para p;
    lay_para_set(&p, doc, l->text, strlen(l->text), &f);
    double pitch = size * 1.5 > P ? size * 1.5 : P;
    y = centred_lines(doc, &ps->page, &p, y, pitch, size, at);
    if (p.overflow) lay_error(doc, at, L("a character of the cover title is wider than the line: it would be printed past "
                                        "the page's edge",
                                        "封面标题中有字符比整行还宽，会印出版心"));
    lay_para_free(&p);
  }

  double footer_top = LAY_BOTTOM_PT;
  if (c->footer && *c->footer) footer_top -= (double)footer_lines(doc, c->footer) * P + P;
  fill_fmt ff;
  if (!fit_fills(doc, c, y, footer_top, &ff)) {
    /* the longest value is the one to shorten */
    size_t worst = 0, worst_lines = 0;
    for (size_t i = 0; i < c->fill_count; i++) {
      size_t n = fill_lines(doc, c, i, &ff);
      if (n > worst_lines) worst = i, worst_lines = n;
    }
    const lay_cover_fill *fl = c->fill_count ? &c->fills[worst] : NULL;
    lay_error(doc, at,
              L("the cover cannot hold its fill-in lines above its footer even set closer: the "
                "field %s holds %zu characters on %zu lines; shorten it (or the title block)",
                "封面填写栏即使压缩行距和字号也排不下（会压住页脚）：“%s”一栏有 %zu 个字、占 %zu 行；"
                "请缩短该栏内容（或封面标题）"),
              fl && fl->label ? fl->label : "?", fl && fl->value ? lay_count_cps(fl->value, strlen(fl->value)) : 0,
              worst_lines);
  }
  draw_fills(doc, &ps->page, c, &ff, at);

  if (c->footer && *c->footer) {
    lay_para_fmt f = lay_body_fmt(doc, LAY_FONT_BODY, LAY_BODY_PT);
    f.tracking_pt = 0;
    f.align = LAY_ALIGN_CENTER;
    lay_para p;
    lay_para_set(&p, doc, c->footer, strlen(c->footer), &f);
    centred_lines(doc, &ps->page, &p, LAY_BOTTOM_PT - (double)p.nlines * P, P, LAY_BODY_PT, at);
    lay_para_free(&p);
  }
  doc->y = LAY_BOTTOM_PT; /* what follows starts on the next page */
  doc->after_masthead = false;
}
