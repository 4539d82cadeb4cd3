/* The template's tables as w:tbl: fixed grid columns from the weights, header rows repeated on
 * every page (w:tblHeader), rows kept whole (w:cantSplit), column spans as w:gridSpan and row
 * spans as w:vMerge (the covered cells of the rows below written as continuations). */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "docx/docx_private.h"

/* Every block outside a table ends an open one (layout.h: "starting another block also ends an
 * open table"). */
docx_document *dx_block(void *s) {
  docx_document *d = s;
  dx_flush_held(d, false); /* held paragraphs exist only outside tables */
  if (d->in_table) dx_table_close(d);
  return d;
}

static void cell_close(docx_document *d) {
  if (!d->in_cell) return;
  if (d->in_checks) {
    dx_para_end(d);
    d->in_checks = false;
    d->cell_has_p = true;
  }
  if (!d->cell_has_p) { /* a w:tc ends with a paragraph */
    dx_para_fmt f = dx_fmt_of("GwTable");
    dx_para(d, &f, NULL, DX_PLAIN_RUN);
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
  dx_para_fmt f = dx_fmt_of("GwTable");
  dx_para(d, &f, NULL, DX_PLAIN_RUN);
  dx_end(x);
  sp->rows_left--;
  d->col += sp->colspan;
}

/* Fills the columns at the cursor that a cell from a row above still takes. */
static void skip_spans(docx_document *d) {
  while (d->col < d->columns && d->span[d->col].rows_left > 0) continuation_cell(d, d->col);
}

void dx_table_begin(void *s, const lay_table_spec *spec, src_loc at) {
  (void)at;
  docx_document *d = dx_block(s);
  xmlTextWriterPtr x = d->x;
  if (spec->columns == 0) return;
  if (d->break_pending) dx_blank_para(d); /* a table cannot start a page itself: a paragraph does */
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

void dx_row_begin(void *s, double min_height_pt) {
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

void dx_cell(void *s, size_t colspan, size_t rowspan, lay_align align) {
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

static dx_para_fmt cell_fmt(const docx_document *d, lay_align a) {
  dx_para_fmt f = dx_fmt_of("GwTable");
  f.jc = dx_jc_of(a);
  (void)d;
  return f;
}

static dx_run_fmt cell_run(const docx_document *d) {
  return (dx_run_fmt){-1, d->table_half_pt == DX_SMALL_HALF_PT ? 0 : d->table_half_pt, false};
}

void dx_cell_text(void *s, const char *text, lay_align align, src_loc at) {
  (void)at;
  docx_document *d = s;
  if (!d->in_cell) return;
  if (d->in_checks) {
    dx_para_end(d);
    d->in_checks = false;
  }
  dx_para_fmt f = cell_fmt(d, align);
  dx_para(d, &f, text, cell_run(d));
  d->cell_has_p = true;
}

void dx_cell_checkbox(void *s, const char *label, bool ticked, src_loc at) {
  (void)at;
  docx_document *d = s;
  if (!d->in_cell) return;
  if (!d->in_checks) {
    dx_para_fmt f = cell_fmt(d, LAY_ALIGN_LEFT);
    dx_para_begin(d, &f);
    d->in_checks = true;
  } else {
    dx_run(d, "  ", cell_run(d));
  }
  /* ☑ / ☐ with the label: a box the office can retype, not a drawing */
  dx_run(d, ticked ? "\xE2\x98\x91" : "\xE2\x98\x90", cell_run(d));
  dx_run(d, label, cell_run(d));
}

void dx_cell_space(void *s, double height_pt) {
  docx_document *d = s;
  if (!d->in_cell) return;
  if (d->in_checks) {
    dx_para_end(d);
    d->in_checks = false;
  }
  dx_para_fmt f = dx_fmt_of("GwTable");
  f.line_tw = (long)(height_pt * 20 + 0.5);
  dx_para(d, &f, NULL, DX_PLAIN_RUN);
  d->cell_has_p = true;
}

void dx_row_end(void *s) {
  docx_document *d = s;
  if (!d->in_row) return;
  cell_close(d);
  skip_spans(d);
  dx_end(d->x);
  d->in_row = false;
  d->row++;
}

void dx_table_close(docx_document *d) {
  if (d->in_row) dx_row_end(d);
  if (d->row == 0) { /* a table without rows is not valid WordprocessingML: give it one */
    dx_row_begin(d, 0);
    for (size_t i = 0; i < d->columns; i++) dx_cell(d, 1, 1, LAY_ALIGN_LEFT);
    dx_row_end(d);
  }
  dx_end(d->x); /* w:tbl */
  free(d->col_tw);
  free(d->span);
  d->col_tw = NULL;
  d->span = NULL;
  d->in_table = false;
  /* two tables in a row would merge into one: a paragraph between (and after the last) */
  dx_blank_para(d);
}

void dx_table_end(void *s) {
  docx_document *d = s;
  if (d->in_table) dx_table_close(d);
}

