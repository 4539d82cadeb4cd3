/* 封面: the cover page of a 申报书 — a title block placed a set distance down the page, fill-in
 * lines (申报单位（盖章）：＿＿＿) with their value printed on the line, and a footer line
 * (……制) at the foot of the type area. The page stands alone and has no page number. */
#include <string.h>

#include "layout/layout_private.h"

/* Places the lines of 'p' centred in slots of 'pitch' from 'top'; returns the y below them. */
static double centred_lines(lay_document *doc, lay_page *page, const lay_para *p, double top,
                            double pitch, double size_pt, src_loc at) {
  for (size_t i = 0; i < p->nlines; i++, top += pitch)
    lay_para_emit_line(p, doc, page, i, LAY_LEFT_PT, lay_baseline(top, pitch, size_pt), LAY_BLACK,
                       at);
  return top;
}

void lay_add_cover(lay_document *doc, const lay_cover *c, src_loc at) {
  if (doc->finished) {
    lay_error(doc, at, "layout: block added after lay_finish");
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
    if (p.overflow) lay_warning(doc, at, "a character of the cover title is wider than the line");
    lay_para_free(&p);
  }

  /* the fill-in lines: label, then a rule to the block's right edge with the value centred on
   * it; a value too long for the rule continues on further ruled lines under the first */
  double size = c->fill_size_pt > 0 ? c->fill_size_pt : LAY_BODY_PT;
  double pitch = 2 * size > P ? 2 * size : P;
  double fills_top = LAY_TOP_PT + LAY_AREA_HEIGHT_PT * 0.5;
  y = y + 2 * P > fills_top ? y + 2 * P : fills_top;
  double x0 = LAY_LEFT_PT + LAY_MEASURE_PT * 0.1, x1 = LAY_RIGHT_PT - LAY_MEASURE_PT * 0.1;
  /* every rule starts after the widest label, as the forms align them with spaces */
  double rule_x = x0;
  for (size_t i = 0; i < c->fill_count; i++) {
    const char *label = c->fills[i].label ? c->fills[i].label : "";
    double lw = lay_measure(doc, LAY_FONT_BODY, size, label, strlen(label));
    if (x0 + lw > rule_x) rule_x = x0 + lw;
  }
  if (rule_x > x1 - 4 * size) rule_x = x1 - 4 * size; /* a long label still leaves a line */
  for (size_t i = 0; i < c->fill_count; i++) {
    const lay_cover_fill *fl = &c->fills[i];
    const char *label = fl->label ? fl->label : "";
    const char *value = fl->value && *fl->value ? fl->value : fl->empty;
    lay_push_text(doc, &ps->page, at, LAY_FONT_BODY, size, x0, lay_baseline(y, pitch, size), 0,
                  LAY_BLACK, label, strlen(label));
    lay_para p;
    size_t lines = 1;
    if (value && *value) {
      lay_para_fmt f = lay_body_fmt(doc, LAY_FONT_BODY, size);
      f.tracking_pt = 0;
      f.align = LAY_ALIGN_CENTER;
      f.measure_pt = x1 - rule_x;
      lay_para_set(&p, doc, value, strlen(value), &f);
      lines = p.nlines ? p.nlines : 1;
      for (size_t k = 0; k < p.nlines; k++)
        lay_para_emit_line(&p, doc, &ps->page, k, rule_x,
                           lay_baseline(y + (double)k * pitch, pitch, size), LAY_BLACK, at);
      if (p.overflow) lay_warning(doc, at, "a character of a cover field is wider than its line");
      lay_para_free(&p);
    }
    for (size_t k = 0; k < lines; k++) {
      double ry = lay_baseline(y + (double)k * pitch, pitch, size) + size * 0.2;
      lay_push_rule(doc, &ps->page, rule_x, ry, x1, ry, 0.5, LAY_BLACK);
    }
    y += (double)lines * pitch;
    if (y > LAY_BOTTOM_PT - 2 * P)
      lay_warning(doc, at, "the cover's fill-in lines run into its footer: shorten the title block");
  }

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
