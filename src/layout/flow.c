/* flow: the blocks of a GB/T 9704-2012 document placed on the line grid — 版头, title,
 * paragraphs and headings, 附件说明, signature (7.3.5.2, 7.3.5.5) and attachment pages (7.3.7). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "core/lang.h"
#include "layout/layout_private.h"

#define MASTHEAD_PT 36.0     /* 小初; shrunk to the measure when the name is long */
#define RULE_RED_PT 1.0      /* the red separating rule of the 版头 */
#define MASTHEAD_TOP_MM 35.0 /* 7.2.4: the 标志's top below the top of the type area */
#define RULE_GAP_MM 4.0      /* 7.2.5: the red rule below the 发文字号 */
/* Positions closer than this (pt) are the same: sums of 28.95 pt grid pitches round. */
#define POS_TOL_PT 0.01
/* Line height of type larger than the body, as a multiple of its size (1.2: the usual leading of
 * CJK type), rounded up to whole grid lines: a 22 pt title takes one 28.95 pt line. */
#define LEADING 1.2
/* The smallest factor tighten_page may scale a page's line spacing by. 7.3.5.5 allows adjusting
 * the spacing without a number: at 0.8 the 28.95 pt pitch is 23.2 pt, still 1.45 times the 16 pt
 * body (a word processor's single spacing is about 1.3), so the lines stay apart; a page that
 * would need more goes without (a new page and a warning). */
#define TIGHTEN_MIN 0.8

double lay_grid_snap(const lay_document *doc, double y) {
  if (!doc->options.grid) return y;
  double k = ceil((y - LAY_TOP_PT) / LAY_LINE_PITCH_PT - 1e-6);
  if (k < 0) k = 0;
  return LAY_TOP_PT + k * LAY_LINE_PITCH_PT;
}

double lay_take_slot(lay_document *doc, double height) {
  lay_current_page(doc);
  double y = lay_grid_snap(doc, doc->y);
  if (y + height > LAY_BOTTOM_PT + POS_TOL_PT) {
    lay_new_page(doc);
    lay_current_page(doc)->flowed = true;
    y = LAY_TOP_PT;
  }
  doc->y = y + height;
  return y;
}

lay_para_fmt lay_body_fmt(const lay_document *doc, lay_font font, double size_pt) {
  lay_para_fmt f;
  memset(&f, 0, sizeof f);
  f.font = font;
  f.size_pt = size_pt;
  f.grid = doc->options.grid && size_pt == LAY_BODY_PT;
  f.tracking_pt = f.grid ? LAY_GRID_TRACKING_PT : 0;
  f.measure_pt = LAY_MEASURE_PT;
  f.align = LAY_ALIGN_JUSTIFY;
  return f;
}

/* Places every line of a set paragraph in its own slot, flowing over pages. */
static void place_para(lay_document *doc, const lay_para *p, double left, lay_color color,
                       src_loc at) {
  /* one grid line per text line; large type takes as many as it needs */
  double h = LAY_LINE_PITCH_PT * fmax(1, ceil(p->fmt.size_pt * LEADING / LAY_LINE_PITCH_PT - 1e-9));
  for (size_t i = 0; i < p->nlines; i++) {
    /* off the grid (forms, 申报书), a paragraph's last line never starts a page alone: the line
     * before it goes along (on the grid a page whose text flows on is full, GB/T 9704 5.2.2) */
    if (!doc->options.grid && i >= 2 && i + 1 == p->nlines &&
        lay_grid_snap(doc, doc->y) + h > LAY_BOTTOM_PT + POS_TOL_PT)
      lay_pull_lines(doc, 1);
    double top = lay_take_slot(doc, h);
    lay_page_state *ps = lay_current_page(doc);
    size_t begin = ps->page.count;
    lay_para_emit_line(p, doc, &ps->page, i, left, lay_baseline(top, h, p->fmt.size_pt), color,
                       at);
    lay_record_line(doc, begin, top, h);
  }
  if (p->overflow)
    lay_error(doc, at, L("a character wider than the line would be printed past the type area's edge",
                         "有字符比整行还宽，会印出版心"));
}

static void add_text(lay_document *doc, const lay_para_fmt *fmt, const char *text, src_loc at) {
  lay_para p;
  lay_para_set(&p, doc, text, strlen(text), fmt);
  place_para(doc, &p, LAY_LEFT_PT, LAY_BLACK, at);
  lay_para_free(&p);
}

static bool check_open(lay_document *doc, src_loc at) {
  if (doc->finished) {
    lay_error(doc, at, L("internal layout error: a block added after the document was finished",
                         "内部排版错误：文档结束后又加入内容"));
    return false;
  }
  lay_flush_table(doc, false);
  return true;
}

lay_para_fmt lay_style_fmt(const lay_document *doc, lay_para_style style, lay_font font,
                              double size_pt) {
  lay_para_fmt f = lay_body_fmt(doc, font, size_pt);
  double em = size_pt + f.tracking_pt;
  switch (style) {
    case LAY_PARA_BODY:
    case LAY_PARA_H1:
    case LAY_PARA_H2:
    case LAY_PARA_H3:
    case LAY_PARA_H4: f.first_indent = 2 * em; break;
    case LAY_PARA_PLAIN: break;
    case LAY_PARA_CENTER: f.align = LAY_ALIGN_CENTER; break;
    case LAY_PARA_RIGHT: f.align = LAY_ALIGN_RIGHT; break;
  }
  return f;
}

void lay_add_paragraph(lay_document *doc, lay_para_style style, const char *text, src_loc at) {
  lay_font font = style == LAY_PARA_H1   ? LAY_FONT_HEADING
                  : style == LAY_PARA_H2 ? LAY_FONT_KAI
                                         : LAY_FONT_BODY;
  if (text && lay_tail_text(doc, false, style, font, LAY_BODY_PT, text, at)) return;
  if (!check_open(doc, at) || !text) return;
  lay_para_fmt f = lay_style_fmt(doc, style, font, LAY_BODY_PT);
  lay_para p;
  lay_para_set(&p, doc, text, strlen(text), &f);
  if (style >= LAY_PARA_H1 && style <= LAY_PARA_H4 && lay_current_page(doc)->page.count > 0) {
    /* a heading never ends a page: it goes down with the first line of its text */
    double y = lay_grid_snap(doc, doc->y);
    double after = LAY_BOTTOM_PT - (y + (double)p.nlines * LAY_LINE_PITCH_PT);
    if (after > -POS_TOL_PT && after < LAY_LINE_PITCH_PT - POS_TOL_PT) {
      /* headings right above it (一、 then （一）) go along */
      size_t k = lay_trailing_headings(lay_current_page(doc));
      if (k == 0 || !lay_pull_lines(doc, k)) lay_new_page(doc);
    }
  }
  place_para(doc, &p, LAY_LEFT_PT, LAY_BLACK, at);
  if (style >= LAY_PARA_H1 && style <= LAY_PARA_H4) {
    lay_page_state *ps = lay_current_page(doc);
    for (size_t i = 0; i < p.nlines && i < ps->nlines; i++) ps->lines[ps->nlines - 1 - i].heading = true;
  }
  lay_para_free(&p);
  doc->after_masthead = false;
}

void lay_set_element(lay_document *doc, lay_element element) { doc->element = element; }

void lay_add_line(lay_document *doc, lay_para_style style, lay_font font, double size_pt,
                  const char *text, src_loc at) {
  if (text && lay_tail_text(doc, true, style, font, size_pt, text, at)) return;
  if (!check_open(doc, at) || !text) return;
  if (size_pt <= 0) size_pt = LAY_BODY_PT;
  lay_para_fmt f = lay_style_fmt(doc, style, font, size_pt);
  if (style != LAY_PARA_BODY) f.first_indent = 0;
  add_text(doc, &f, text, at);
  doc->after_masthead = false;
}

void lay_add_blank_lines(lay_document *doc, int count) {
  if (doc->finished || lay_tail_blank(doc, count)) return;
  lay_current_page(doc);
  for (int i = 0; i < count; i++) {
    double y = lay_grid_snap(doc, doc->y);
    if (y + LAY_LINE_PITCH_PT > LAY_BOTTOM_PT + POS_TOL_PT) break; /* blank lines end with the page */
    doc->y = y + LAY_LINE_PITCH_PT;
  }
}

void lay_add_page_break(lay_document *doc) {
  if (doc->finished) return;
  lay_flush_table(doc, false);
  if (doc->npages > 0 && lay_current_page(doc)->page.count == 0 && doc->y <= LAY_TOP_PT) return;
  lay_absorb_last_lines(doc); /* a section's last few lines do not stand on a page alone */
  lay_new_page(doc);
}

/* ---- 版头 (7.2.4-7.2.5) ---- */

void lay_add_masthead(lay_document *doc, const char *issuer_mark, const char *doc_number,
                      src_loc at) {
  if (!check_open(doc, at)) return;
  lay_page_state *ps = lay_current_page(doc);
  if (ps->page.count > 0) {
    lay_new_page(doc);
    ps = lay_current_page(doc);
  }
  double top = LAY_TOP_PT + MASTHEAD_TOP_MM * LAY_MM_PT, bottom = top;
  if (issuer_mark && *issuer_mark) {
    double size = MASTHEAD_PT;
    size_t len = strlen(issuer_mark);
    double w = lay_measure(doc, LAY_FONT_TITLE, size, issuer_mark, len);
    if (w > LAY_MEASURE_PT) {
      size = size * LAY_MEASURE_PT / w;
      w = lay_measure(doc, LAY_FONT_TITLE, size, issuer_mark, len);
    }
    doc->element = LAY_EL_ISSUER_MARK;
    lay_push_text(doc, &ps->page, at, LAY_FONT_TITLE, size, LAY_LEFT_PT + (LAY_MEASURE_PT - w) / 2,
                  top + size * LAY_ASCENT, 0, LAY_RED, issuer_mark, len);
    doc->element = LAY_EL_NONE;
    bottom = top + size;
  }
  /* 发文字号: two lines below the 标志, centred */
  double slot = lay_grid_snap(doc, bottom) + 2 * LAY_LINE_PITCH_PT;
  double base = lay_baseline(slot, LAY_LINE_PITCH_PT, LAY_BODY_PT);
  if (doc_number && *doc_number) {
    lay_para_fmt f = lay_body_fmt(doc, LAY_FONT_BODY, LAY_BODY_PT);
    f.align = LAY_ALIGN_CENTER;
    lay_para p;
    lay_para_set(&p, doc, doc_number, strlen(doc_number), &f);
    /* a number too long for one line keeps every character, the rule goes below the last */
    doc->element = LAY_EL_DOC_NUMBER;
    for (size_t i = 0; i < p.nlines; i++) {
      if (i > 0) base += LAY_LINE_PITCH_PT;
      lay_para_emit_line(&p, doc, &ps->page, i, LAY_LEFT_PT, base, LAY_BLACK, at);
    }
    doc->element = LAY_EL_NONE;
    lay_para_free(&p);
  }
  /* the red rule 4 mm below the 发文字号 (below its descent) */
  double rule_y = base + (1 - LAY_ASCENT) * LAY_BODY_PT + RULE_GAP_MM * LAY_MM_PT;
  lay_push_rule(doc, &ps->page, LAY_LEFT_PT, rule_y, LAY_RIGHT_PT, rule_y, RULE_RED_PT, LAY_RED);
  ps->page.ops[ps->page.count - 1].from = at;
  doc->y = rule_y;
  doc->after_masthead = true;
}

/* ---- 标题 (7.3.1): lines broken by title.c ---- */

static void place_title(lay_document *doc, const char *text, src_loc at) {
  lay_para_fmt f = lay_body_fmt(doc, LAY_FONT_TITLE, LAY_TITLE_PT);
  f.tracking_pt = 0;
  f.align = LAY_ALIGN_CENTER;
  lay_para p;
  lay_para_set(&p, doc, text, strlen(text), &f);
  lay_title_lines(&p);
  place_para(doc, &p, LAY_LEFT_PT, LAY_BLACK, at);
  lay_page_state *ps = lay_current_page(doc);
  for (size_t i = 0; i < p.nlines && i < ps->nlines; i++) ps->lines[ps->nlines - 1 - i].title = true;
  lay_para_free(&p);
}

void lay_add_title(lay_document *doc, const char *text, src_loc at) {
  if (!check_open(doc, at) || !text) return;
  if (doc->after_masthead) {
    /* two blank lines below the red rule */
    doc->y = lay_grid_snap(doc, doc->y) + 2 * LAY_LINE_PITCH_PT;
    doc->after_masthead = false;
  }
  doc->element = LAY_EL_TITLE;
  place_title(doc, text, at);
  doc->element = LAY_EL_NONE;
}

/* ---- 附件说明 (7.3.4) ---- */

/* The 附件说明 is the head of the signature block (7.3.4, 7.3.5.5): it is never split over two
 * pages, and when it does not fit whole under the text, two lines of that text go over with it
 * (else it starts the next page), so that the block never stands on a page without its text. */
static void keep_attachment_note(lay_document *doc, size_t nlines) {
  const double P = LAY_LINE_PITCH_PT;
  lay_page_state *ps = lay_current_page(doc);
  if (ps->page.count == 0) return;
  double y = lay_grid_snap(doc, doc->y);
  if (y + (double)(nlines + 1) * P <= LAY_BOTTOM_PT + POS_TOL_PT) return;
  if (!lay_pull_lines(doc, 2)) lay_new_page(doc);
}

void lay_add_attachment_note(lay_document *doc, const char *const *names, size_t count,
                             src_loc at) {
  if (!check_open(doc, at) || count == 0) return;
  lay_para_fmt f = lay_body_fmt(doc, LAY_FONT_BODY, LAY_BODY_PT);
  const double em = LAY_BODY_PT + f.tracking_pt;
  static const char label[] = "附件：";
  double label_x = LAY_LEFT_PT + 2 * em;
  double num_x = label_x + lay_measure(doc, LAY_FONT_BODY, LAY_BODY_PT, label, strlen(label)) +
                 3 * f.tracking_pt;
  double num_w = 0;
  char num[32];
  if (count > 1) {
    for (size_t i = 0; i < count; i++) {
      int n = snprintf(num, sizeof num, "%zu.", i + 1);
      double w = lay_measure(doc, LAY_FONT_BODY, LAY_BODY_PT, num, (size_t)n);
      if (w > num_w) num_w = w;
    }
    num_w += LAY_BODY_PT / 4;
  }
  double name_x = num_x + num_w;
  f.measure_pt = LAY_RIGHT_PT - name_x;
  lay_para *paras = xcalloc(count, sizeof *paras);
  size_t nlines = 0;
  for (size_t i = 0; i < count; i++) {
    const char *name = names[i] ? names[i] : "";
    lay_para_set(&paras[i], doc, name, strlen(name), &f);
    nlines += paras[i].nlines;
  }
  keep_attachment_note(doc, nlines);
  lay_add_blank_lines(doc, 1);
  doc->element = LAY_EL_ATTACHMENT_NOTE; /* reset after the loop */
  for (size_t i = 0; i < count; i++) {
    lay_para *p = &paras[i];
    for (size_t li = 0; li < p->nlines; li++) {
      double top = lay_take_slot(doc, LAY_LINE_PITCH_PT);
      lay_page_state *ps = lay_current_page(doc);
      size_t begin = ps->page.count;
      double base = lay_baseline(top, LAY_LINE_PITCH_PT, LAY_BODY_PT);
      if (li == 0 && i == 0)
        lay_push_text(doc, &ps->page, at, LAY_FONT_BODY, LAY_BODY_PT, label_x, base, f.tracking_pt,
                      LAY_BLACK, label, strlen(label));
      if (li == 0 && count > 1) {
        int n = snprintf(num, sizeof num, "%zu.", i + 1);
        lay_push_text(doc, &ps->page, at, LAY_FONT_BODY, LAY_BODY_PT, num_x, base, 0, LAY_BLACK,
                      num, (size_t)n);
      }
      lay_para_emit_line(p, doc, &ps->page, li, name_x, base, LAY_BLACK, at);
      lay_record_line(doc, begin, top, LAY_LINE_PITCH_PT);
    }
    if (p->overflow) lay_error(doc, at, L("a character of the attachment name is wider than the line: it would be printed "
                                         "past the type area's edge",
                                         "附件名称中有字符比整行还宽，会印出版心"));
    lay_para_free(p);
  }
  free(paras);
  doc->element = LAY_EL_NONE;
  doc->after_masthead = false;
}

/* ---- signature and date (7.3.5.1, 7.3.5.2) and the last page (7.3.5.5) ---- */

static void shift_op_y(lay_op *op, double dy) {
  switch (op->kind) {
    case LAY_OP_TEXT: op->u.text.y += dy; break;
    case LAY_OP_LINE:
      op->u.line.y1 += dy;
      op->u.line.y2 += dy;
      break;
    case LAY_OP_RECT: op->u.rect.y += dy; break;
    case LAY_OP_CHECKBOX: op->u.checkbox.y += dy; break;
  }
}

size_t lay_trailing_headings(const lay_page_state *ps) {
  size_t k = 0, end = ps->page.count;
  while (k < ps->nlines && k < 4) {
    const lay_line_rec *l = &ps->lines[ps->nlines - 1 - k];
    /* only heading lines that end the page, one right after the other (not one above a table) */
    if (!l->heading || l->op_end != end) break;
    end = l->op_begin;
    k++;
  }
  return k;
}

/* How many lines of a 附件说明 end the page, right after one another: lines of the signature
 * block, which moves with two lines of the text above it (issue 20; GB/T 9704 7.3.5.5). */
static size_t trailing_attachment_note(const lay_page_state *ps) {
  size_t k = 0, end = ps->page.count;
  while (k < ps->nlines) {
    const lay_line_rec *l = &ps->lines[ps->nlines - 1 - k];
    if (l->op_end != end || l->op_begin >= l->op_end ||
        ps->page.ops[l->op_begin].element != LAY_EL_ATTACHMENT_NOTE)
      break;
    end = l->op_begin;
    k++;
  }
  return k;
}

/* Moves the last 'n' recorded lines of the current page to a new page. */
bool lay_pull_lines(lay_document *doc, size_t n) {
  lay_page_state *ps = lay_current_page(doc);
  /* the page keeps something: other lines, or a table above them (tables record no lines) */
  if (n == 0 || n > 8 || ps->nlines < n || ps->lines[ps->nlines - n].op_begin == 0 ||
      ps->lines[ps->nlines - 1].op_end != ps->page.count)
    return false;
  const lay_line_rec first = ps->lines[ps->nlines - n];
  size_t nops = ps->page.count - first.op_begin;
  lay_op *moved = xmalloc((nops + 1) * sizeof *moved);
  memcpy(moved, ps->page.ops + first.op_begin, nops * sizeof *moved);
  lay_line_rec recs[8];
  memcpy(recs, ps->lines + ps->nlines - n, n * sizeof *recs);
  ps->page.count = first.op_begin;
  ps->nlines -= n;
  lay_new_page(doc);
  ps = lay_current_page(doc);
  ps->flowed = true;
  double dy = LAY_TOP_PT - first.top;
  for (size_t i = 0; i < nops; i++) {
    shift_op_y(&moved[i], dy);
    lay_op *op = lay_push_op(doc, &ps->page, moved[i].kind, moved[i].from);
    *op = moved[i];
  }
  for (size_t i = 0; i < n; i++) {
    ps->lines = xgrow(ps->lines, &ps->lines_cap, ps->nlines + 1, sizeof *ps->lines);
    ps->lines[ps->nlines++] =
        (lay_line_rec){recs[i].op_begin - first.op_begin, recs[i].op_end - first.op_begin,
                       recs[i].top + dy, recs[i].height, recs[i].heading, recs[i].title};
  }
  doc->y = recs[n - 1].top + dy + recs[n - 1].height;
  free(moved);
  return true;
}

/* Scales the current page's content vertically so that 'need' more points fit below it. */
void lay_scale_page(lay_page_state *ps, double f) {
#define SCALE_Y(v) ((v) = LAY_TOP_PT + ((v) - LAY_TOP_PT) * f)
  for (size_t i = 0; i < ps->page.count; i++) {
    lay_op *op = &ps->page.ops[i];
    switch (op->kind) {
      case LAY_OP_TEXT: SCALE_Y(op->u.text.y); break;
      case LAY_OP_LINE:
        SCALE_Y(op->u.line.y1);
        SCALE_Y(op->u.line.y2);
        break;
      case LAY_OP_RECT:
        SCALE_Y(op->u.rect.y);
        op->u.rect.h *= f;
        break;
      case LAY_OP_CHECKBOX: SCALE_Y(op->u.checkbox.y); break;
    }
  }
#undef SCALE_Y
  for (size_t i = 0; i < ps->nlines; i++) {
    ps->lines[i].top = LAY_TOP_PT + (ps->lines[i].top - LAY_TOP_PT) * f;
    ps->lines[i].height *= f;
  }
}

/* Scales the current page's content vertically so that 'need' more points fit below it. */
static bool tighten_page(lay_document *doc, double need) {
  double used = doc->y - LAY_TOP_PT;
  if (used <= 0) return false;
  double f = (LAY_AREA_HEIGHT_PT - need) / used;
  if (f < TIGHTEN_MIN || f >= 1) return false;
  lay_scale_page(lay_current_page(doc), f);
  doc->y = LAY_TOP_PT + used * f;
  return true;
}

/* 7.3.5.5 allows adjusting line spacing so that the signature stays with the text: the blank
 * line under the title on this page (the body then starts one grid line higher, the 22-line grid
 * and every body line's pitch kept) gives way first. False when there is none. */
static bool drop_blank_under_title(lay_document *doc) {
  lay_page_state *ps = lay_current_page(doc);
  const double P = LAY_LINE_PITCH_PT;
  for (size_t i = 0; i + 1 < ps->nlines; i++) {
    const lay_line_rec *a = &ps->lines[i], *b = &ps->lines[i + 1];
    if (!a->title || b->title || b->top - (a->top + a->height) < P - POS_TOL_PT) continue;
    for (size_t k = b->op_begin; k < ps->page.count; k++) shift_op_y(&ps->page.ops[k], -P);
    for (size_t k = i + 1; k < ps->nlines; k++) ps->lines[k].top -= P;
    doc->y -= P;
    return true;
  }
  return false;
}

/* 7.3.5.1: the date 4 characters from the right, the issuer centred over it. A name too wide
 * for that (it would run past the 版心) is set in two balanced lines, each centred over the date
 * (栾照钧: 若规范化简称也较长，可将发文机关署名分两行编排; the date stays 4 characters in, so
 * that the seal stays inside the 版心), with a warning advising the 规范化简称; one that does not
 * fit in two lines fails the document. 'p' is the issuer set in 'f'; x[0], x[1] the left edges
 * of issuer and date. */
static void sealed_issuer(lay_document *doc, lay_para *p, const char *issuer, const lay_para_fmt *f,
                          double date_w, double x[2], src_loc at) {
  const double em = LAY_BODY_PT + f->tracking_pt;
  x[1] = LAY_RIGHT_PT - 4 * em - date_w;
  const double centre = x[1] + date_w / 2;
  const double room = 2 * fmin(LAY_RIGHT_PT - centre, centre - LAY_LEFT_PT);
  double w = lay_para_max_width(p);
  if (!*issuer || (w <= room + LAY_EPS && p->nlines == 1)) {
    x[0] = centre - w / 2;
    return;
  }
  size_t len = strlen(issuer), chars = lay_count_cps(issuer, len);
  int fits = (int)floor((room + f->tracking_pt) / em + 1e-6); /* no tracking after the last */
  lay_para_free(p);
  lay_para_fmt g = *f;
  g.measure_pt = room;
  g.align = LAY_ALIGN_CENTER;
  lay_para_set(p, doc, issuer, len, &g);
  x[0] = centre - room / 2;
  /* lines the template broke by hand stand as given, each centred, when each fits */
  if (strchr(issuer, '\n') && w <= room + LAY_EPS) return;
  if (lay_name_two_lines(p)) {
    lay_warning(doc, at,
                L("the 发文机关署名 \"%s\" has %zu characters: centred over the date (GB/T 9704 "
                  "7.3.5.1) a line holds %d, so it is set in two lines; use its 规范化简称 (the "
                  "value the template's signature issuer comes from, e.g. the round's [issuer] name)",
                  "发文机关署名“%s”有 %zu 个字，以成文日期为准居中一行只排得下 %d 个字"
                  "（GB/T 9704 7.3.5.1），已分两行编排；宜改用规范化简称（签署的发文机关取自"
                  "模板 signature 的 issuer，如本轮配置的 [issuer] name）"),
                issuer, chars, fits);
  } else {
    lay_error(doc, at,
              L("the 发文机关署名 \"%s\" has %zu characters: centred over the date (GB/T 9704 "
                "7.3.5.1) a line holds %d, and it does not fit even in two lines; use its 规范化简称 "
                "(the value the template's signature issuer comes from, e.g. the round's [issuer] name)",
                "发文机关署名“%s”有 %zu 个字，以成文日期为准居中一行只排得下 %d 个字"
                "（GB/T 9704 7.3.5.1），分两行也排不下；请改用规范化简称（签署的发文机关取自"
                "模板 signature 的 issuer，如本轮配置的 [issuer] name）"),
              issuer, chars, fits);
  }
}

void lay_add_signature(lay_document *doc, const char *issuer, const char *date_text,
                       lay_sign_style style, src_loc at) {
  if (!check_open(doc, at)) return;
  lay_current_page(doc);
  const double P = LAY_LINE_PITCH_PT;
  lay_para_fmt f = lay_body_fmt(doc, LAY_FONT_BODY, LAY_BODY_PT);
  f.align = LAY_ALIGN_LEFT;
  const double em = LAY_BODY_PT + f.tracking_pt;
  const char *parts[2] = {issuer ? issuer : "", date_text ? date_text : ""};
  lay_para p[2];
  double w[2];
  for (int i = 0; i < 2; i++) {
    lay_para_set(&p[i], doc, parts[i], strlen(parts[i]), &f);
    w[i] = lay_para_max_width(&p[i]);
  }
  double x[2]; /* issuer, date: left edges */
  if (style == LAY_SIGN_UNSEALED) {
    /* 7.3.5.2: issuer 2 characters from the right, the date 2 characters right of its start;
     * a date that would then reach closer than 2 characters to the edge sets both instead */
    x[0] = LAY_RIGHT_PT - 2 * em - w[0];
    x[1] = x[0] + 2 * em;
    if (x[1] + w[1] > LAY_RIGHT_PT - 2 * em + LAY_EPS) {
      x[1] = LAY_RIGHT_PT - 2 * em - w[1];
      x[0] = x[1] - 2 * em;
    }
  } else {
    sealed_issuer(doc, &p[0], parts[0], &f, w[1], x, at);
  }
  for (int i = 0; i < 2; i++)
    if (x[i] < LAY_LEFT_PT) x[i] = LAY_LEFT_PT; /* a name wider than the measure wraps */
  size_t nl = (parts[0][0] ? p[0].nlines : 0) + (parts[1][0] ? p[1].nlines : 0);
  double y = lay_grid_snap(doc, doc->y);
  bool at_top = lay_current_page(doc)->page.count == 0;
  double need = (at_top ? 0 : P) + (double)nl * P;
  if (!at_top && y + need > LAY_BOTTOM_PT + POS_TOL_PT && doc->options.grid &&
      y + need - P <= LAY_BOTTOM_PT + POS_TOL_PT && drop_blank_under_title(doc))
    y = lay_grid_snap(doc, doc->y);
  if (!at_top && y + need > LAY_BOTTOM_PT + POS_TOL_PT) {
    /* the block would stand alone on a new page: take two lines of the text it closes with it
     * (the 附件说明 is part of the block, so its lines come as well), else two lines of any kind,
     * or tighten */
    double y_snap = y;
    size_t note = trailing_attachment_note(lay_current_page(doc));
    if (!(note > 0 && lay_pull_lines(doc, note + 2)) && !lay_pull_lines(doc, 2)) {
      doc->y = y_snap;
      if (!tighten_page(doc, need)) {
        lay_new_page(doc);
        if (doc->diag)
          diag_warning(doc->diag, at,
                       L("the signature stands alone on the last page: nothing before it could move or "
                         "tighten (GB/T 9704 7.3.5.5); shorten the text or the 附件说明",
                         "发文机关署名和成文日期单独排在最后一页：前文无法移过来，也无法压缩行距"
                         "（GB/T 9704 7.3.5.5）；请精简正文或附件说明"));
      }
    }
  }
  if (lay_current_page(doc)->page.count > 0) lay_add_blank_lines(doc, 1);
  for (int i = 0; i < 2; i++) {
    if (!parts[i][0]) continue;
    doc->element = i == 0 ? LAY_EL_ISSUER : LAY_EL_DATE;
    for (size_t li = 0; li < p[i].nlines; li++) {
      double top = lay_take_slot(doc, P);
      lay_page_state *ps = lay_current_page(doc);
      size_t begin = ps->page.count;
      lay_para_emit_line(&p[i], doc, &ps->page, li, x[i],
                         lay_baseline(top, P, LAY_BODY_PT), LAY_BLACK, at);
      lay_record_line(doc, begin, top, P);
    }
    lay_para_free(&p[i]);
  }
  doc->element = LAY_EL_NONE;
  if (!parts[0][0]) lay_para_free(&p[0]);
  if (!parts[1][0]) lay_para_free(&p[1]);
  doc->after_masthead = false;
}

/* ---- attachments (7.3.7) ---- */

void lay_add_attachment_start(lay_document *doc, const char *label, const char *title, src_loc at) {
  if (!check_open(doc, at)) return;
  lay_page_state *ps = lay_current_page(doc);
  if (ps->page.count > 0 || doc->y > LAY_TOP_PT + POS_TOL_PT) lay_new_page(doc);
  doc->y = LAY_TOP_PT;
  if (label && *label) {
    lay_para_fmt f = lay_body_fmt(doc, LAY_FONT_HEADING, LAY_BODY_PT);
    f.align = LAY_ALIGN_LEFT;
    add_text(doc, &f, label, at);
    doc->y = LAY_TOP_PT + 2 * LAY_LINE_PITCH_PT; /* title on line 3 */
  }
  if (title && *title) place_title(doc, title, at);
  doc->after_masthead = false;
}

/* ---- 版记 (7.4) ---- */

static lay_para_fmt copy_to_fmt(lay_document *doc, double *label_w) {
  const double em = LAY_PAGENO_PT;
  lay_para_fmt f = lay_body_fmt(doc, LAY_FONT_BODY, em);
  f.tracking_pt = 0;
  *label_w = lay_measure(doc, LAY_FONT_BODY, em, "抄送：", strlen("抄送："));
  f.measure_pt = LAY_MEASURE_PT - 2 * em - *label_w;
  return f;
}

/* "<date>印发" into 'buf'; its length, 0 when there is no date. */
static size_t print_date_text(const char *date, char *buf, size_t cap) {
  if (!date || !*date) return 0;
  int n = snprintf(buf, cap, "%s印发", date);
  return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

/* The 印发机关 set in the room the 印发日期 leaves with at least one character between them; a
 * name too long for that wraps onto further lines of the 版记 (the date stays on the last line,
 * at the bottom rule) rather than running into the date or off the page. 'p' is set when the
 * name does not fit on one line (true returned); the caller frees it. */
static bool printer_lines(lay_document *doc, const char *printer, double date_w, lay_para *p) {
  const double em = LAY_PAGENO_PT;
  if (!printer || !*printer) return false;
  double room = LAY_MEASURE_PT - 2 * em - (date_w > 0 ? date_w + em : 0);
  if (lay_measure(doc, LAY_FONT_BODY, em, printer, strlen(printer)) <= room + LAY_EPS) return false;
  lay_para_fmt f = lay_body_fmt(doc, LAY_FONT_BODY, em);
  f.tracking_pt = 0;
  f.first_indent = 0;
  f.measure_pt = room;
  lay_para_set(p, doc, printer, strlen(printer), &f);
  return true;
}

double lay_colophon_height(lay_document *doc, const char *copy_to, const char *printer,
                           const char *print_date) {
  size_t lines = 1;
  if (copy_to && *copy_to) {
    double label_w;
    lay_para_fmt f = copy_to_fmt(doc, &label_w);
    lay_para cc;
    lay_para_set(&cc, doc, copy_to, strlen(copy_to), &f);
    lines += cc.nlines;
    lay_para_free(&cc);
  }
  char buf[256];
  size_t n = print_date_text(print_date, buf, sizeof buf);
  lay_para pr;
  if (printer_lines(doc, printer, n ? lay_measure(doc, LAY_FONT_BODY, LAY_PAGENO_PT, buf, n) : 0, &pr)) {
    lines += pr.nlines - 1;
    lay_para_free(&pr);
  }
  return LAY_LINE_PITCH_PT * (double)lines;
}

/* The space between the 印发机关 and the 印发日期 set as ideographic spaces (tracked to end
 * exactly where the date starts), as a typist fills it: the line reads as one line of text
 * ("…办公室　　　　2024年1月1日印发") to an extractor, not as two stray fragments. */
static void colophon_gap(lay_document *doc, lay_page *page, const char *printer, double date_x,
                         double base, src_loc at) {
  const double em = LAY_PAGENO_PT;
  double x = LAY_LEFT_PT + em + lay_measure(doc, LAY_FONT_BODY, em, printer, strlen(printer));
  double sp = lay_measure(doc, LAY_FONT_BODY, em, "\u3000", 3);
  if (sp <= 0 || date_x - x < sp) return;
  size_t k = (size_t)floor((date_x - x) / sp + LAY_EPS);
  if (k > 40) return;
  char buf[3 * 40 + 1];
  for (size_t i = 0; i < k; i++) memcpy(buf + 3 * i, "\u3000", 3);
  buf[3 * k] = 0;
  double tracking = (date_x - x - (double)k * sp) / (double)k;
  lay_push_text(doc, page, at, LAY_FONT_BODY, em, x, base, tracking, LAY_BLACK, buf, 3 * k);
}

void lay_add_colophon(lay_document *doc, const char *copy_to, const char *printer,
                      const char *print_date, src_loc at) {
  if (lay_tail_colophon(doc, copy_to, printer, print_date, at)) return;
  if (!check_open(doc, at)) return;
  const double P = LAY_LINE_PITCH_PT, em = LAY_PAGENO_PT;
  const double outer = 0.35 * LAY_MM_PT, inner = 0.25 * LAY_MM_PT; /* 7.4: rule widths */
  static const char cc_label[] = "抄送：";
  double label_w;
  lay_para_fmt f = copy_to_fmt(doc, &label_w);
  lay_para cc;
  bool has_cc = copy_to && *copy_to;
  if (has_cc) lay_para_set(&cc, doc, copy_to, strlen(copy_to), &f);
  size_t cc_lines = has_cc ? cc.nlines : 0;
  char date[256];
  size_t date_n = print_date_text(print_date, date, sizeof date);
  double date_w = date_n ? lay_measure(doc, LAY_FONT_BODY, em, date, date_n) : 0;
  lay_para pr;
  bool wrapped = printer_lines(doc, printer, date_w, &pr);
  size_t pr_lines = wrapped ? pr.nlines : 1;
  double height = P * (double)(cc_lines + pr_lines);
  lay_page_state *ps = lay_current_page(doc);
  if (doc->y > LAY_BOTTOM_PT - height + POS_TOL_PT && (ps->page.count > 0 || doc->y > LAY_TOP_PT)) {
    lay_new_page(doc);
    ps = lay_current_page(doc);
  }
  /* numbered or not, and on which page, is settled by lay_finish (clause 7.5, 8) */
  ps->has_colophon = true;
  ps->colophon_op = ps->page.count;
  double top = LAY_BOTTOM_PT - height;
  lay_push_rule(doc, &ps->page, LAY_LEFT_PT, top, LAY_RIGHT_PT, top, outer, LAY_BLACK);
  doc->element = LAY_EL_COPY_TO;
  for (size_t i = 0; i < cc_lines; i++) {
    double base = lay_baseline(top + (double)i * P, P, em);
    if (i == 0)
      lay_push_text(doc, &ps->page, at, LAY_FONT_BODY, em, LAY_LEFT_PT + em, base, 0, LAY_BLACK,
                    cc_label, strlen(cc_label));
    lay_para_emit_line(&cc, doc, &ps->page, i, LAY_LEFT_PT + em + label_w, base, LAY_BLACK, at);
  }
  doc->element = LAY_EL_NONE;
  if (has_cc) {
    if (cc.overflow) lay_error(doc, at, L("a character of the 抄送 text is wider than the line: it would be printed past "
                                          "the type area's edge",
                                          "抄送机关中有字符比整行还宽，会印出版心"));
    lay_para_free(&cc);
    double y = top + (double)cc_lines * P;
    lay_push_rule(doc, &ps->page, LAY_LEFT_PT, y, LAY_RIGHT_PT, y, inner, LAY_BLACK);
  }
  double base = lay_baseline(LAY_BOTTOM_PT - P, P, em);
  doc->element = LAY_EL_PRINTER;
  if (wrapped) {
    for (size_t i = 0; i < pr_lines; i++)
      lay_para_emit_line(&pr, doc, &ps->page, i, LAY_LEFT_PT + em,
                         lay_baseline(LAY_BOTTOM_PT - (double)(pr_lines - i) * P, P, em), LAY_BLACK, at);
    if (pr.overflow) lay_error(doc, at, L("a character of the 印发机关 is wider than its line",
                                          "印发机关中有字符比整行还宽"));
    lay_para_free(&pr);
  } else if (printer && *printer) {
    lay_push_text(doc, &ps->page, at, LAY_FONT_BODY, em, LAY_LEFT_PT + em, base, 0, LAY_BLACK,
                  printer, strlen(printer));
  }
  doc->element = LAY_EL_NONE;
  if (date_n) {
    double x = LAY_RIGHT_PT - em - date_w;
    if (printer && *printer && !wrapped) colophon_gap(doc, &ps->page, printer, x, base, at);
    doc->element = LAY_EL_PRINT_DATE;
    lay_push_text(doc, &ps->page, at, LAY_FONT_BODY, em, x, base, 0, LAY_BLACK, date, date_n);
    doc->element = LAY_EL_NONE;
  }
  lay_push_rule(doc, &ps->page, LAY_LEFT_PT, LAY_BOTTOM_PT, LAY_RIGHT_PT, LAY_BOTTOM_PT, outer,
                LAY_BLACK);
  doc->y = LAY_BOTTOM_PT;
  doc->after_masthead = false;
}
