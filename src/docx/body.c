/* The blocks of a document as the body of word/document.xml: each builder call of the template
 * evaluation becomes paragraphs (styled, never broken into lines: Word and WPS set them) or a
 * table. Where GB/T 9704 places a block by geometry, the paragraph says it as Word would: the
 * 版头's 35 mm as space before, the red rule as the 发文字号's bottom border, the signature's
 * indents in characters of the grid (7.3.5), the 版记 as a table floating at the bottom of its
 * page. */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "docx/docx_private.h"
#include "text/text.h"

/* ---- text ---- */

/* Display width of 's' in hundredths of a body character: ASCII half, anything else whole. */
static long width_chars(const char *s) {
  long w = 0;
  for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
    if (*p < 0x80) w += 50;
    else if ((*p & 0xC0) != 0x80) w += 100;
  }
  return w;
}

/* Writes 'text' as w:t runs' content: a tab and a line feed as w:tab and w:br, other control
 * characters (which XML 1.0 cannot carry) left out. */
static void put_text(xmlTextWriterPtr x, const char *text) {
  const char *p = text ? text : "";
  while (*p) {
    size_t n = 0;
    while (p[n] && (unsigned char)p[n] >= 0x20 && p[n] != 0x7F) n++;
    if (n) {
      dx_start(x, "w:t");
      dx_attr(x, "xml:space", "preserve");
      char *seg = xstrndup(p, n);
      xmlTextWriterWriteString(x, BAD_CAST seg);
      free(seg);
      dx_end(x);
      p += n;
    }
    if (!*p) break;
    if (*p == '\t') {
      dx_start(x, "w:tab");
      dx_end(x);
    } else if (*p == '\n') {
      dx_start(x, "w:br");
      dx_end(x);
    }
    p++;
  }
}

/* A run's formatting beyond its paragraph style's: font role (or -1), size, red. */
typedef struct {
  int font;
  int half_pt;
  bool red;
} run_fmt;

static void run(docx_document *d, const char *text, run_fmt f) {
  xmlTextWriterPtr x = d->x;
  dx_start(x, "w:r");
  if (f.font >= 0 || f.half_pt > 0 || f.red) {
    dx_start(x, "w:rPr");
    if (f.font >= 0) dx_fonts(x, (lay_font)f.font);
    if (f.red) dx_val(x, "w:color", DX_RED);
    if (f.half_pt > 0) {
      dx_val_i(x, "w:sz", f.half_pt);
      dx_val_i(x, "w:szCs", f.half_pt);
    }
    dx_end(x);
  }
  put_text(x, text);
  dx_end(x);
}

#define PLAIN_RUN ((run_fmt){-1, 0, false})

/* ---- paragraphs ---- */

#define UNSET (-1L)

typedef struct {
  const char *style; /* NULL: Normal */
  const char *jc;    /* NULL: the style's */
  long first, hanging, left, right; /* indents in hundredths of a character (UNSET: none) */
  long left_tw, hanging_tw;         /* or in twips (UNSET: none) */
  long before_lines, before_tw;     /* space before (UNSET: none) */
  long line_tw;                     /* exact line height (UNSET: the grid's) */
  long left_tab_tw, right_tab_tw;   /* a left and a right tab stop (UNSET: none) */
  bool keep_next, no_grid;
  bool frame; /* in the frame at the foot of the page (the 版记) */
  int border_top, border_bottom; /* eighths of a point (0: none) */
  bool border_red;
  int border_space_pt;
} para_fmt;

static para_fmt fmt_of(const char *style) {
  return (para_fmt){.style = style,
                    .first = UNSET,
                    .hanging = UNSET,
                    .left = UNSET,
                    .right = UNSET,
                    .left_tw = UNSET,
                    .hanging_tw = UNSET,
                    .before_lines = UNSET,
                    .before_tw = UNSET,
                    .line_tw = UNSET,
                    .left_tab_tw = UNSET,
                    .right_tab_tw = UNSET};
}

static void border(xmlTextWriterPtr x, const char *side, int sz, bool red, int space) {
  dx_start(x, side);
  dx_attr(x, "w:val", "single");
  dx_attr_i(x, "w:sz", sz);
  dx_attr_i(x, "w:space", space);
  dx_attr(x, "w:color", red ? DX_RED : "000000");
  dx_end(x);
}

/* The element order of CT_PPr (ECMA-376 17.3.1.26) matters to Word: kept here. */
static void para_begin(docx_document *d, const para_fmt *f) {
  xmlTextWriterPtr x = d->x;
  dx_start(x, "w:p");
  dx_start(x, "w:pPr");
  if (f->style) dx_val(x, "w:pStyle", f->style);
  if (f->keep_next) dx_val(x, "w:keepNext", "1");
  if (d->break_pending && !d->in_table) {
    dx_val(x, "w:pageBreakBefore", "1");
    d->break_pending = false;
  }
  if (f->frame) {
    /* every paragraph with this frame goes into one frame, at the foot of the 版心 */
    dx_start(x, "w:framePr");
    dx_attr_i(x, "w:w", DX_MEASURE);
    dx_attr(x, "w:wrap", "around");
    dx_attr(x, "w:vAnchor", "margin");
    dx_attr(x, "w:hAnchor", "margin");
    dx_attr(x, "w:xAlign", "center");
    dx_attr(x, "w:yAlign", "bottom");
    dx_end(x);
  }
  if (f->border_top || f->border_bottom) {
    dx_start(x, "w:pBdr");
    if (f->border_top) border(x, "w:top", f->border_top, f->border_red, f->border_space_pt);
    if (f->border_bottom) border(x, "w:bottom", f->border_bottom, f->border_red, f->border_space_pt);
    dx_end(x);
  }
  if (f->left_tab_tw != UNSET || f->right_tab_tw != UNSET) {
    dx_start(x, "w:tabs");
    const long pos[2] = {f->left_tab_tw, f->right_tab_tw};
    for (int i = 0; i < 2; i++) {
      if (pos[i] == UNSET) continue;
      dx_start(x, "w:tab");
      dx_attr(x, "w:val", i ? "right" : "left");
      dx_attr_i(x, "w:pos", pos[i]);
      dx_end(x);
    }
    dx_end(x);
  }
  if (f->no_grid) dx_val(x, "w:snapToGrid", "0");
  if (f->before_lines != UNSET || f->before_tw != UNSET || f->line_tw != UNSET) {
    dx_start(x, "w:spacing");
    if (f->before_tw != UNSET) dx_attr_i(x, "w:before", f->before_tw);
    if (f->before_lines != UNSET) dx_attr_i(x, "w:beforeLines", f->before_lines);
    if (f->line_tw != UNSET) {
      dx_attr_i(x, "w:line", f->line_tw);
      dx_attr(x, "w:lineRule", "exact");
    }
    dx_end(x);
  }
  if (f->first != UNSET || f->hanging != UNSET || f->left != UNSET || f->right != UNSET || f->left_tw != UNSET ||
      f->hanging_tw != UNSET) {
    /* in characters of the grid for Word and WPS, and in twips for readers that take only those
     * (LibreOffice 7.4 ignores *Chars) */
    dx_start(x, "w:ind");
    if (f->left != UNSET) dx_attr_i(x, "w:leftChars", f->left);
    if (f->left != UNSET || f->left_tw != UNSET) dx_attr_i(x, "w:left", f->left_tw != UNSET ? f->left_tw : dx_chars_tw(f->left));
    if (f->right != UNSET) {
      dx_attr_i(x, "w:rightChars", f->right);
      dx_attr_i(x, "w:right", dx_chars_tw(f->right));
    }
    if (f->first != UNSET) {
      dx_attr_i(x, "w:firstLineChars", f->first);
      dx_attr_i(x, "w:firstLine", dx_chars_tw(f->first));
    }
    if (f->hanging != UNSET) dx_attr_i(x, "w:hangingChars", f->hanging);
    if (f->hanging != UNSET || f->hanging_tw != UNSET)
      dx_attr_i(x, "w:hanging", f->hanging_tw != UNSET ? f->hanging_tw : dx_chars_tw(f->hanging));
    dx_end(x);
  }
  if (f->jc) dx_val(x, "w:jc", f->jc);
  dx_end(x); /* pPr */
}

static void para_end(docx_document *d) { dx_end(d->x); }

/* A paragraph of one run. */
static void para(docx_document *d, const para_fmt *f, const char *text, run_fmt r) {
  para_begin(d, f);
  if (text && *text) run(d, text, r);
  para_end(d);
}

static void blank_para(docx_document *d) {
  para_fmt f = fmt_of(NULL);
  para(d, &f, NULL, PLAIN_RUN);
}

static const char *jc_of(lay_align a) {
  switch (a) {
    case LAY_ALIGN_LEFT: return "left";
    case LAY_ALIGN_CENTER: return "center";
    case LAY_ALIGN_RIGHT: return "right";
    case LAY_ALIGN_JUSTIFY: return "both";
  }
  return "left";
}

/* The paragraph style of a layout style (styles in parts.c). */
static para_fmt style_fmt(lay_para_style s) {
  switch (s) {
    case LAY_PARA_BODY: return fmt_of("GwBody");
    case LAY_PARA_H1: return fmt_of("Heading1");
    case LAY_PARA_H2: return fmt_of("Heading2");
    case LAY_PARA_H3: return fmt_of("Heading3");
    case LAY_PARA_H4: return fmt_of("Heading4");
    case LAY_PARA_PLAIN: return fmt_of(NULL);
    case LAY_PARA_CENTER: {
      para_fmt f = fmt_of(NULL);
      f.jc = "center";
      return f;
    }
    case LAY_PARA_RIGHT: {
      para_fmt f = fmt_of(NULL);
      f.jc = "right";
      return f;
    }
  }
  return fmt_of(NULL);
}

/* ---- tables ---- */

static void table_close(docx_document *d);

/* Every block outside a table ends an open one (layout.h: "starting another block also ends an
 * open table"). */
static docx_document *block(void *s) {
  docx_document *d = s;
  if (d->in_table) table_close(d);
  return d;
}

static void cell_close(docx_document *d) {
  if (!d->in_cell) return;
  if (d->in_checks) {
    para_end(d);
    d->in_checks = false;
    d->cell_has_p = true;
  }
  if (!d->cell_has_p) { /* a w:tc ends with a paragraph */
    para_fmt f = fmt_of("GwTable");
    para(d, &f, NULL, PLAIN_RUN);
  }
  dx_end(d->x);
  d->in_cell = false;
}

static long span_width(const docx_document *d, size_t col, size_t colspan) {
  long w = 0;
  for (size_t i = col; i < col + colspan && i < d->columns; i++) w += d->col_tw[i];
  return w;
}

/* The cell that continues a merge from the row above (w:vMerge without restart). */
static void continuation_cell(docx_document *d, size_t col) {
  xmlTextWriterPtr x = d->x;
  dx_span *sp = &d->span[col];
  dx_start(x, "w:tc");
  dx_start(x, "w:tcPr");
  dx_start(x, "w:tcW");
  dx_attr_i(x, "w:w", span_width(d, col, sp->colspan));
  dx_attr(x, "w:type", "dxa");
  dx_end(x);
  if (sp->colspan > 1) dx_val_i(x, "w:gridSpan", (long)sp->colspan);
  dx_start(x, "w:vMerge");
  dx_end(x);
  dx_end(x);
  para_fmt f = fmt_of("GwTable");
  para(d, &f, NULL, PLAIN_RUN);
  dx_end(x);
  sp->rows_left--;
  d->col += sp->colspan;
}

/* Fills the columns at the cursor that a cell from a row above still takes. */
static void skip_spans(docx_document *d) {
  while (d->col < d->columns && d->span[d->col].rows_left > 0) continuation_cell(d, d->col);
}

static void t_table_begin(void *s, const lay_table_spec *spec, src_loc at) {
  (void)at;
  docx_document *d = block(s);
  xmlTextWriterPtr x = d->x;
  if (spec->columns == 0) return;
  if (d->break_pending) blank_para(d); /* a table cannot start a page itself: a paragraph does */
  d->in_table = true;
  d->columns = spec->columns;
  d->header_rows = spec->header_rows;
  d->row = 0;
  d->table_half_pt = spec->font_size_pt > 0 ? (int)(spec->font_size_pt * 2 + 0.5) : DX_SMALL_HALF_PT;
  d->col_tw = xcalloc(d->columns, sizeof *d->col_tw);
  d->span = xcalloc(d->columns, sizeof *d->span);
  double total = 0;
  for (size_t i = 0; i < d->columns; i++) total += spec->weights ? spec->weights[i] : 1.0;
  long used = 0;
  for (size_t i = 0; i < d->columns; i++) {
    double wgt = spec->weights ? spec->weights[i] : 1.0;
    d->col_tw[i] = i + 1 == d->columns ? DX_MEASURE - used : (long)(DX_MEASURE * wgt / total + 0.5);
    used += d->col_tw[i];
  }
  dx_start(x, "w:tbl");
  dx_start(x, "w:tblPr");
  dx_val(x, "w:tblStyle", "GwTableGrid");
  dx_start(x, "w:tblW");
  dx_attr_i(x, "w:w", DX_MEASURE);
  dx_attr(x, "w:type", "dxa");
  dx_end(x);
  dx_val(x, "w:jc", "center");
  dx_start(x, "w:tblLayout");
  dx_attr(x, "w:type", "fixed");
  dx_end(x);
  dx_end(x);
  dx_start(x, "w:tblGrid");
  for (size_t i = 0; i < d->columns; i++) {
    dx_start(x, "w:gridCol");
    dx_attr_i(x, "w:w", d->col_tw[i]);
    dx_end(x);
  }
  dx_end(x);
}

static void t_row_begin(void *s, double min_height_pt) {
  docx_document *d = s;
  if (!d->in_table) return;
  if (d->in_row) { /* a row its builder left open */
    cell_close(d);
    dx_end(d->x);
  }
  xmlTextWriterPtr x = d->x;
  dx_start(x, "w:tr");
  {
    dx_start(x, "w:trPr");
    /* a row moves to the next page whole, as the layout moves it (a row taller than a page still
     * breaks: Word and LibreOffice split it then) */
    dx_val(x, "w:cantSplit", "1");
    if (min_height_pt > 0) {
      dx_start(x, "w:trHeight");
      dx_attr_i(x, "w:val", (long)(min_height_pt * 20 + 0.5));
      dx_attr(x, "w:hRule", "atLeast");
      dx_end(x);
    }
    /* repeated at the top of every page the table continues on */
    if (d->row < d->header_rows) dx_val(x, "w:tblHeader", "1");
    dx_end(x);
  }
  d->in_row = true;
  d->col = 0;
}

static void t_cell(void *s, size_t colspan, size_t rowspan, lay_align align) {
  (void)align;
  docx_document *d = s;
  if (!d->in_row) return;
  cell_close(d);
  skip_spans(d);
  if (d->col >= d->columns) return; /* more cells than columns: layout reports it */
  if (colspan < 1) colspan = 1;
  if (d->col + colspan > d->columns) colspan = d->columns - d->col;
  xmlTextWriterPtr x = d->x;
  dx_start(x, "w:tc");
  dx_start(x, "w:tcPr");
  dx_start(x, "w:tcW");
  dx_attr_i(x, "w:w", span_width(d, d->col, colspan));
  dx_attr(x, "w:type", "dxa");
  dx_end(x);
  if (colspan > 1) dx_val_i(x, "w:gridSpan", (long)colspan);
  if (rowspan > 1) dx_val(x, "w:vMerge", "restart");
  dx_val(x, "w:vAlign", "center");
  dx_end(x);
  if (rowspan > 1) d->span[d->col] = (dx_span){rowspan - 1, colspan};
  d->col += colspan;
  d->in_cell = true;
  d->cell_has_p = false;
}

static para_fmt cell_fmt(const docx_document *d, lay_align a) {
  para_fmt f = fmt_of("GwTable");
  f.jc = jc_of(a);
  (void)d;
  return f;
}

static run_fmt cell_run(const docx_document *d) {
  return (run_fmt){-1, d->table_half_pt == DX_SMALL_HALF_PT ? 0 : d->table_half_pt, false};
}

static void t_cell_text(void *s, const char *text, lay_align align, src_loc at) {
  (void)at;
  docx_document *d = s;
  if (!d->in_cell) return;
  if (d->in_checks) {
    para_end(d);
    d->in_checks = false;
  }
  para_fmt f = cell_fmt(d, align);
  para(d, &f, text, cell_run(d));
  d->cell_has_p = true;
}

static void t_cell_checkbox(void *s, const char *label, bool ticked, src_loc at) {
  (void)at;
  docx_document *d = s;
  if (!d->in_cell) return;
  if (!d->in_checks) {
    para_fmt f = cell_fmt(d, LAY_ALIGN_LEFT);
    para_begin(d, &f);
    d->in_checks = true;
  } else {
    run(d, "  ", cell_run(d));
  }
  /* ☑ / ☐ with the label: a box the office can retype, not a drawing */
  run(d, ticked ? "\xE2\x98\x91" : "\xE2\x98\x90", cell_run(d));
  run(d, label, cell_run(d));
}

static void t_cell_space(void *s, double height_pt) {
  docx_document *d = s;
  if (!d->in_cell) return;
  if (d->in_checks) {
    para_end(d);
    d->in_checks = false;
  }
  para_fmt f = fmt_of("GwTable");
  f.line_tw = (long)(height_pt * 20 + 0.5);
  para(d, &f, NULL, PLAIN_RUN);
  d->cell_has_p = true;
}

static void t_row_end(void *s) {
  docx_document *d = s;
  if (!d->in_row) return;
  cell_close(d);
  skip_spans(d);
  dx_end(d->x);
  d->in_row = false;
  d->row++;
}

static void table_close(docx_document *d) {
  if (d->in_row) t_row_end(d);
  if (d->row == 0) { /* a table without rows is not valid WordprocessingML: give it one */
    t_row_begin(d, 0);
    for (size_t i = 0; i < d->columns; i++) t_cell(d, 1, 1, LAY_ALIGN_LEFT);
    t_row_end(d);
  }
  dx_end(d->x); /* w:tbl */
  free(d->col_tw);
  free(d->span);
  d->col_tw = NULL;
  d->span = NULL;
  d->in_table = false;
  /* two tables in a row would merge into one: a paragraph between (and after the last) */
  blank_para(d);
}

static void t_table_end(void *s) {
  docx_document *d = s;
  if (d->in_table) table_close(d);
}

/* ---- the blocks of GB/T 9704 ---- */

static void t_info(void *s, const lay_info *i) {
  docx_document *d = s;
  const char **dst[] = {&d->info.title, &d->info.author, &d->info.subject, &d->info.keywords, &d->info.creator,
                        &d->info.date};
  const char *src[] = {i->title, i->author, i->subject, i->keywords, i->creator, i->date};
  for (size_t k = 0; k < sizeof src / sizeof src[0]; k++) {
    free((char *)*dst[k]);
    *dst[k] = src[k] ? xstrdup(src[k]) : NULL;
  }
}

static void t_masthead(void *s, const char *issuer, const char *number, src_loc at) {
  (void)at;
  docx_document *d = block(s);
  if (issuer && *issuer) {
    para_fmt f = fmt_of("GwMasthead");
    f.before_tw = 35 * 1440 * 10 / 254; /* 7.2.4: 35 mm below the top of the 版心 */
    /* 小初 36 pt, smaller when the name is wider than the 版心 (as the layout shrinks it) */
    long w = width_chars(issuer), half = 72;
    if (w * 36 > DX_MEASURE / 20 * 100) half = (long)(2.0 * DX_MEASURE / 20 * 100 / (double)w);
    para(d, &f, issuer, (run_fmt){-1, half == 72 ? 0 : (int)half, false});
  }
  /* 7.2.5-7.2.6: the 发文字号 two lines below, the red rule 4 mm under it as its bottom border */
  para_fmt f = fmt_of("GwDocNumber");
  f.before_lines = 200;
  para(d, &f, number, PLAIN_RUN);
  d->after_masthead = true;
}

static void t_title(void *s, const char *text, src_loc at) {
  (void)at;
  docx_document *d = block(s);
  if (d->after_masthead) { /* 7.3.1: two blank lines under the red rule */
    blank_para(d);
    blank_para(d);
    d->after_masthead = false;
  }
  para_fmt f = fmt_of("Title");
  para(d, &f, text, PLAIN_RUN);
}

static void t_paragraph(void *s, lay_para_style style, lay_element element, const char *text, src_loc at) {
  (void)at, (void)element;
  docx_document *d = block(s);
  d->after_masthead = false;
  para_fmt f = style_fmt(style);
  if (style >= LAY_PARA_H1 && style <= LAY_PARA_H4) f.keep_next = true;
  para(d, &f, text, PLAIN_RUN);
}

static void t_blank(void *s, int count) {
  docx_document *d = block(s);
  for (int i = 0; i < count; i++) blank_para(d);
}

/* 7.3.4: one blank line, then "附件：" two characters in; several attachments numbered, every
 * name's wrapped lines hanging under its first character. */
static void t_attachment_note(void *s, const char *const *names, size_t count, src_loc at) {
  (void)at;
  docx_document *d = block(s);
  if (count == 0) return;
  blank_para(d);
  const long label = 300, num = count > 1 ? 150 : 0; /* 附件： and "1." with its gap */
  for (size_t i = 0; i < count; i++) {
    para_fmt f = fmt_of(NULL);
    f.left = 200 + label + num;
    f.hanging = i == 0 ? label + num : num;
    f.keep_next = true;
    para_begin(d, &f);
    char n[32];
    if (i == 0) run(d, "附件：", PLAIN_RUN);
    if (count > 1) {
      snprintf(n, sizeof n, "%zu.\t", i + 1); /* the tab goes to the hanging indent */
      run(d, n, PLAIN_RUN);
    }
    run(d, names[i] ? names[i] : "", PLAIN_RUN);
    para_end(d);
  }
}

/* 7.3.5.1 (sealed): the date 4 characters from the right, the issuer centred over it;
 * 7.3.5.2 (not sealed): the issuer 2 characters from the right, the date 2 characters right of
 * its start (both move left together when the date is longer). Indents in characters of the grid. */
static void t_signature(void *s, const char *issuer, const char *date, bool sealed, src_loc at) {
  (void)at;
  docx_document *d = block(s);
  long wi = width_chars(issuer), wd = width_chars(date), ri, rd;
  if (sealed) {
    rd = 400;
    ri = rd + (wd - wi) / 2;
  } else {
    ri = 200;
    rd = ri + wi - 200 - wd;
    if (rd < 200) {
      rd = 200;
      ri = 400 + wd - wi;
    }
  }
  if (ri < 0) ri = 0;
  if (rd < 0) rd = 0;
  para_fmt b = fmt_of(NULL);
  b.keep_next = true; /* 7.3.5.5: the signature never stands alone */
  para(d, &b, NULL, PLAIN_RUN);
  const char *text[2] = {issuer, date};
  long right[2] = {ri, rd};
  for (int i = 0; i < 2; i++) {
    if (!text[i] || !*text[i]) continue;
    para_fmt f = fmt_of("GwSignature");
    f.right = right[i];
    f.keep_next = i == 0;
    para(d, &f, text[i], PLAIN_RUN);
  }
}

/* 7.3.7: a new page, "附件N" 黑体 on its first line, the title centred on the third. */
static void t_attachment_start(void *s, const char *label, const char *title, src_loc at) {
  (void)at;
  docx_document *d = block(s);
  d->break_pending = true;
  if (label && *label) {
    para_fmt f = fmt_of("GwAttachmentLabel");
    para(d, &f, label, PLAIN_RUN);
    blank_para(d);
  }
  if (title && *title) {
    para_fmt f = fmt_of("Title");
    para(d, &f, title, PLAIN_RUN);
  }
}

static void t_line(void *s, lay_para_style style, lay_font font, double size_pt, const char *text, src_loc at) {
  (void)at;
  docx_document *d = block(s);
  para_fmt f = style_fmt(style);
  if (style != LAY_PARA_BODY && f.style && strncmp(f.style, "Heading", 7) == 0) f.style = NULL;
  int half = size_pt > 0 ? (int)(size_pt * 2 + 0.5) : 0;
  para(d, &f, text, (run_fmt){(int)font, half == DX_BODY_HALF_PT ? 0 : half, false});
}

static void t_page_break(void *s) {
  docx_document *d = block(s);
  d->break_pending = true;
}

/* 封面: the titles centred, the fill-in lines as "label value" lines, the footer; then a new page. */
static void t_cover(void *s, const lay_cover *c, src_loc at) {
  (void)at;
  docx_document *d = block(s);
  blank_para(d);
  for (size_t i = 0; i < c->title_count; i++) {
    para_fmt f = fmt_of(NULL);
    f.jc = "center";
    int half = c->titles[i].size_pt > 0 ? (int)(c->titles[i].size_pt * 2 + 0.5) : DX_TITLE_HALF_PT;
    para(d, &f, c->titles[i].text, (run_fmt){(int)c->titles[i].font, half, false});
  }
  for (int i = 0; i < 4; i++) blank_para(d);
  for (size_t i = 0; i < c->fill_count; i++) {
    para_fmt f = fmt_of(NULL);
    f.left = 400;
    para_begin(d, &f);
    run(d, c->fills[i].label, PLAIN_RUN);
    const char *v = c->fills[i].value && *c->fills[i].value ? c->fills[i].value : c->fills[i].empty;
    run(d, v ? v : "", PLAIN_RUN);
    para_end(d);
  }
  if (c->footer && *c->footer) {
    blank_para(d);
    para_fmt f = fmt_of(NULL);
    f.jc = "center";
    para(d, &f, c->footer, PLAIN_RUN);
  }
  d->break_pending = true;
}

/* 7.4: the 版记 at the foot of the last page, between rules as wide as the 版心 (first and last
 * 0.35 mm, inner 0.25 mm), 四号, one character in on each side: paragraphs in a frame at the
 * bottom of the 版心, so that it stays at the foot however the text above reflows; the rules are
 * the paragraphs' borders (as wide as the frame), the character in a tab stop. */
static void t_colophon(void *s, const char *copy_to, const char *printer, const char *date, src_loc at) {
  (void)at;
  docx_document *d = block(s);
  const int outer = 8, inner = 6; /* 1 pt and 0.75 pt, in eighths of a point */
  const long em = 280;            /* one 四号 character, twips */
  bool cc = copy_to && *copy_to;
  if (cc) {
    para_fmt f = fmt_of("GwColophon");
    f.frame = true;
    f.border_top = outer;
    f.border_bottom = inner;
    f.line_tw = DX_LINE_PITCH;
    f.left_tab_tw = em;
    f.left_tw = 4 * em; /* the names' wrapped lines under the first, after 抄送： */
    f.hanging_tw = 4 * em;
    para_begin(d, &f);
    run(d, "\t抄送：", PLAIN_RUN);
    run(d, copy_to, PLAIN_RUN);
    para_end(d);
  }
  para_fmt f = fmt_of("GwColophon");
  f.frame = true;
  f.border_top = cc ? 0 : outer;
  f.border_bottom = outer;
  f.line_tw = DX_LINE_PITCH;
  f.left_tab_tw = em;
  f.right_tab_tw = DX_MEASURE - em;
  para_begin(d, &f);
  run(d, "\t", PLAIN_RUN);
  if (printer && *printer) run(d, printer, PLAIN_RUN);
  if (date && *date) {
    run(d, "\t", PLAIN_RUN);
    char *t = xmalloc(strlen(date) + sizeof "印发");
    strcpy(t, date);
    strcat(t, "印发");
    run(d, t, PLAIN_RUN);
    free(t);
  }
  para_end(d);
}

static const tpl_builder BUILDER = {
    .info = t_info,
    .masthead = t_masthead,
    .title = t_title,
    .paragraph = t_paragraph,
    .blank = t_blank,
    .attachment_note = t_attachment_note,
    .signature = t_signature,
    .attachment_start = t_attachment_start,
    .line = t_line,
    .page_break = t_page_break,
    .table_begin = t_table_begin,
    .row_begin = t_row_begin,
    .cell = t_cell,
    .cell_text = t_cell_text,
    .cell_checkbox = t_cell_checkbox,
    .cell_space = t_cell_space,
    .row_end = t_row_end,
    .table_end = t_table_end,
    .cover = t_cover,
    .colophon = t_colophon,
};

const tpl_builder *docx_builder(void) { return &BUILDER; }

/* ---- the document ---- */

docx_document *docx_document_new(lay_options options) {
  docx_document *d = xcalloc(1, sizeof *d);
  d->options = options;
  d->x = dx_xml_new(&d->buf);
  dx_start(d->x, "w:document");
  dx_attr(d->x, "xmlns:w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
  dx_attr(d->x, "xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
  dx_start(d->x, "w:body");
  return d;
}

void dx_body_finish(docx_document *d) {
  if (d->finished) return;
  if (d->in_table) table_close(d);
  if (d->break_pending) blank_para(d); /* a page break at the very end: the page it asks for */
  xmlTextWriterPtr x = d->x;
  dx_start(x, "w:sectPr");
  if (d->options.page_numbers) {
    /* 7.5: odd pages' number on the right, even pages' on the left (settings: evenAndOddHeaders) */
    const char *types[] = {"default", "even"}, *ids[] = {"rIdFooterOdd", "rIdFooterEven"};
    for (int i = 0; i < 2; i++) {
      dx_start(x, "w:footerReference");
      dx_attr(x, "w:type", types[i]);
      dx_attr(x, "r:id", ids[i]);
      dx_end(x);
    }
  }
  dx_start(x, "w:pgSz");
  dx_attr_i(x, "w:w", DX_PAGE_W);
  dx_attr_i(x, "w:h", DX_PAGE_H);
  dx_end(x);
  dx_start(x, "w:pgMar");
  dx_attr_i(x, "w:top", DX_TOP);
  dx_attr_i(x, "w:right", DX_RIGHT);
  dx_attr_i(x, "w:bottom", DX_BOTTOM);
  dx_attr_i(x, "w:left", DX_LEFT);
  dx_attr_i(x, "w:header", DX_HEADER);
  dx_attr_i(x, "w:footer", DX_FOOTER);
  dx_attr_i(x, "w:gutter", 0);
  dx_end(x);
  dx_start(x, "w:cols");
  dx_attr_i(x, "w:space", 425);
  dx_end(x);
  /* 5.2.2: 22 lines of 28 characters */
  dx_start(x, "w:docGrid");
  dx_attr(x, "w:type", "linesAndChars");
  dx_attr_i(x, "w:linePitch", DX_LINE_PITCH);
  dx_attr_i(x, "w:charSpace", DX_CHAR_SPACE);
  dx_end(x);
  dx_end(x); /* sectPr */
  dx_end(x); /* body */
  dx_end(x); /* document */
  d->finished = true;
}

void docx_document_free(docx_document *d) {
  if (!d) return;
  if (d->x) xmlFreeTextWriter(d->x);
  if (d->buf) xmlBufferFree(d->buf);
  free(d->col_tw);
  free(d->span);
  const char *strs[] = {d->info.title, d->info.author, d->info.subject, d->info.keywords, d->info.creator,
                        d->info.date};
  for (size_t k = 0; k < sizeof strs / sizeof strs[0]; k++) free((char *)strs[k]);
  free(d);
}
