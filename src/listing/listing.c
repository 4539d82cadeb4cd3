/* The tables of a template's blocks as one worksheet: the builder keeps only what a list is
 * made of (table rows, their cells' text and spans, the attachment's headings) and drops the rest
 * (title, body, signature); the workbook is written with libxlsxwriter, dated with the round's
 * 成文日期 so that the same input gives the same bytes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "core/lang.h"
#include "core/outfile.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "listing/listing.h"

typedef struct {
  strbuf text;
  size_t col, colspan, rowspan;
} cell;

typedef struct {
  cell *cells;
  size_t n, cap;
  bool header, heading;
} row;

typedef struct {
  row *rows;
  size_t n, cap;
  bool in_attachment; /* after lay_add_attachment_start: headings belong to the list */
  bool in_table, in_row, in_cell;
  size_t columns, header_rows, table_row, table_start, col;
  size_t *busy;       /* per column: rows still taken by a cell spanning from above */
  bool *taken;        /* per column: taken in the current row */
  char *first_header; /* the first table's header rows' text: later tables' same header is dropped */
  double *weights;    /* the first table's column weights */
  size_t nweights;
  size_t max_cols;
} sink;

static row *new_row(sink *s) {
  s->rows = xgrow(s->rows, &s->cap, s->n + 1, sizeof *s->rows);
  row *r = &s->rows[s->n++];
  memset(r, 0, sizeof *r);
  return r;
}

static void free_row(row *r) {
  for (size_t i = 0; i < r->n; i++) strbuf_release(&r->cells[i].text);
  free(r->cells);
}

/* ---- the builder: tables and headings kept, everything else ignored ---- */

static void heading(void *v, lay_para_style style, lay_element element, const char *text, src_loc at) {
  (void)element, (void)at;
  sink *s = v;
  if (!s->in_attachment || style < LAY_PARA_H1 || style > LAY_PARA_H4 || !text || !*text) return;
  row *r = new_row(s);
  r->heading = true;
  r->cells = xcalloc(1, sizeof *r->cells);
  r->n = r->cap = 1;
  strbuf_init(&r->cells[0].text);
  strbuf_append(&r->cells[0].text, text);
  r->cells[0].colspan = r->cells[0].rowspan = 1;
}

static void attachment(void *v, const char *label, const char *title, src_loc at) {
  (void)label, (void)title, (void)at;
  ((sink *)v)->in_attachment = true;
}

static void table_begin(void *v, const lay_table_spec *spec, src_loc at) {
  (void)at;
  sink *s = v;
  free(s->busy);
  free(s->taken);
  s->in_table = spec->columns > 0;
  s->columns = spec->columns;
  s->header_rows = spec->header_rows;
  s->table_row = 0;
  s->table_start = s->n;
  s->busy = xcalloc(spec->columns + 1, sizeof *s->busy);
  s->taken = xcalloc(spec->columns + 1, sizeof *s->taken);
  if (spec->columns > s->max_cols) s->max_cols = spec->columns;
  if (!s->weights && spec->columns) {
    s->weights = xmalloc(spec->columns * sizeof *s->weights);
    s->nweights = spec->columns;
    for (size_t i = 0; i < spec->columns; i++) s->weights[i] = spec->weights ? spec->weights[i] : 1.0;
  }
}

static void row_begin(void *v, double h) {
  (void)h;
  sink *s = v;
  if (!s->in_table) return;
  row *r = new_row(s);
  r->header = s->table_row < s->header_rows;
  for (size_t c = 0; c < s->columns; c++) {
    s->taken[c] = s->busy[c] > 0;
    if (s->busy[c]) s->busy[c]--;
  }
  s->in_row = true;
  s->col = 0;
}

static void cell_begin(void *v, size_t colspan, size_t rowspan, lay_align a) {
  (void)a;
  sink *s = v;
  if (!s->in_row) return;
  while (s->col < s->columns && s->taken[s->col]) s->col++;
  row *r = &s->rows[s->n - 1];
  r->cells = xgrow(r->cells, &r->cap, r->n + 1, sizeof *r->cells);
  cell *c = &r->cells[r->n++];
  strbuf_init(&c->text);
  c->col = s->col;
  c->colspan = colspan ? colspan : 1;
  c->rowspan = rowspan ? rowspan : 1;
  for (size_t k = s->col; k < s->col + c->colspan && k < s->columns; k++) {
    s->taken[k] = true;
    if (c->rowspan > 1) s->busy[k] = c->rowspan - 1;
  }
  s->col += c->colspan;
  s->in_cell = true;
}

static void cell_add(sink *s, const char *text) {
  if (!s->in_cell || !text) return;
  cell *c = &s->rows[s->n - 1].cells[s->rows[s->n - 1].n - 1];
  if (c->text.len) strbuf_putc(&c->text, '\n');
  strbuf_append(&c->text, text);
}

static void cell_text(void *v, const char *text, lay_align a, src_loc at) {
  (void)a, (void)at;
  cell_add(v, text);
}

static void checkbox(void *v, const char *label, bool ticked, src_loc at) {
  (void)at;
  strbuf b;
  strbuf_init(&b);
  strbuf_printf(&b, "%s%s", ticked ? "\xE2\x98\x91" : "\xE2\x98\x90", label);
  cell_add(v, strbuf_str(&b));
  strbuf_release(&b);
}

static void row_end(void *v) {
  sink *s = v;
  if (!s->in_row) return;
  s->in_row = s->in_cell = false;
  s->table_row++;
}

/* The joined text of the table's header rows. */
static char *header_text(const sink *s, size_t from, size_t count) {
  strbuf b;
  strbuf_init(&b);
  for (size_t i = from; i < from + count && i < s->n; i++)
    for (size_t k = 0; k < s->rows[i].n; k++) {
      strbuf_append(&b, strbuf_str(&s->rows[i].cells[k].text));
      strbuf_putc(&b, '\t');
    }
  return strbuf_detach(&b);
}

static void table_end(void *v) {
  sink *s = v;
  if (!s->in_table) return;
  s->in_table = s->in_row = s->in_cell = false;
  size_t nh = 0;
  while (s->table_start + nh < s->n && s->rows[s->table_start + nh].header) nh++;
  if (!nh) return;
  char *h = header_text(s, s->table_start, nh);
  if (!s->first_header) {
    s->first_header = h;
    return;
  }
  if (strcmp(h, s->first_header) == 0) { /* the same columns again: one header for the whole list */
    for (size_t i = 0; i < nh; i++) free_row(&s->rows[s->table_start + i]);
    memmove(&s->rows[s->table_start], &s->rows[s->table_start + nh], (s->n - s->table_start - nh) * sizeof *s->rows);
    s->n -= nh;
  }
  free(h);
}

static void info(void *v, const lay_info *i) { (void)v, (void)i; }
static void masthead(void *v, const char *a, const char *b, src_loc at) { (void)v, (void)a, (void)b, (void)at; }
static void title(void *v, const char *t, src_loc at) { (void)v, (void)t, (void)at; }
static void blank(void *v, int n) { (void)v, (void)n; }
static void note(void *v, const char *const *n, size_t c, src_loc at) { (void)v, (void)n, (void)c, (void)at; }
static void signature(void *v, const char *a, const char *b, bool s, src_loc at) {
  (void)v, (void)a, (void)b, (void)s, (void)at;
}
static void line(void *v, lay_para_style st, lay_font f, double z, const char *t, src_loc at) {
  (void)v, (void)st, (void)f, (void)z, (void)t, (void)at;
}
static void page_break(void *v) { (void)v; }
static void space(void *v, double h) { (void)v, (void)h; }
static void cover(void *v, const lay_cover *c, src_loc at) { (void)v, (void)c, (void)at; }
static void colophon(void *v, const char *a, const char *b, const char *c, src_loc at) {
  (void)v, (void)a, (void)b, (void)c, (void)at;
}

static const tpl_builder BUILDER = {
    .info = info,
    .masthead = masthead,
    .title = title,
    .paragraph = heading,
    .blank = blank,
    .attachment_note = note,
    .signature = signature,
    .attachment_start = attachment,
    .line = line,
    .page_break = page_break,
    .table_begin = table_begin,
    .row_begin = row_begin,
    .cell = cell_begin,
    .cell_text = cell_text,
    .cell_checkbox = checkbox,
    .cell_space = space,
    .row_end = row_end,
    .table_end = table_end,
    .cover = cover,
    .colophon = colophon,
};

/* ---- the workbook ---- */

/* A whole number (no leading zero: a code or a phone number stays text) or a decimal that a
 * double keeps exactly enough (up to 15 digits); *decimals its digits after the point, shown as
 * written (54.5770 keeps its 0). */
static bool numeric(const char *s, double *out, int *decimals) {
  const char *p = s + (*s == '-');
  size_t digits = 0;
  *decimals = 0;
  if (p[0] == '0' && p[1] >= '0' && p[1] <= '9') return false;
  for (; *p >= '0' && *p <= '9'; p++) digits++;
  if (!digits) return false;
  if (*p == '.') {
    p++;
    if (!(*p >= '0' && *p <= '9')) return false;
    for (; *p >= '0' && *p <= '9'; p++) digits++, (*decimals)++;
  }
  if (*p || digits > 15) return false;
  *out = strtod(s, NULL);
  return true;
}

#define MAX_DECIMALS 10

/* The body format showing 'decimals' digits after the point, made once per count. */
static lxw_format *decimal_format(lxw_workbook *wb, lxw_format **cache, int decimals) {
  if (!cache[decimals]) {
    char pattern[MAX_DECIMALS + 3] = "0.";
    memset(pattern + 2, '0', (size_t)decimals);
    pattern[2 + decimals] = 0;
    lxw_format *f = workbook_add_format(wb);
    format_set_num_format(f, pattern);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    format_set_border(f, LXW_BORDER_THIN);
    cache[decimals] = f;
  }
  return cache[decimals];
}

/* The round's date at 00:00 Beijing time as the workbook's creation time; 1980-01-01 without one. */
static time_t created(const char *date_iso) {
  struct tm tm = {0};
  int y, m, d;
  if (!date_iso || sscanf(date_iso, "%4d-%2d-%2d", &y, &m, &d) != 3) y = 1980, m = 1, d = 1;
  tm.tm_year = y - 1900, tm.tm_mon = m - 1, tm.tm_mday = d;
  return timegm(&tm) - 8 * 3600;
}

static void fill(lxw_workbook *wb, lxw_worksheet *ws, const sink *s) {
  lxw_format *head = workbook_add_format(wb), *body = workbook_add_format(wb), *group = workbook_add_format(wb);
  format_set_bold(head);
  format_set_text_wrap(head);
  format_set_align(head, LXW_ALIGN_CENTER);
  format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
  format_set_border(head, LXW_BORDER_THIN);
  format_set_text_wrap(body);
  format_set_align(body, LXW_ALIGN_VERTICAL_CENTER);
  format_set_border(body, LXW_BORDER_THIN);
  format_set_bold(group);
  lxw_format *decimal[MAX_DECIMALS + 1] = {0};
  double total = 0;
  for (size_t c = 0; c < s->nweights; c++) total += s->weights[c];
  for (size_t c = 0; total > 0 && c < s->nweights; c++) /* about 100 characters wide */
    worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, 100 * s->weights[c] / total, NULL);
  /* the first table's header rows go first, above a heading that comes before the table (一、…):
   * the program's columns head the sheet */
  size_t hs = 0, he;
  while (hs < s->n && !s->rows[hs].header) hs++;
  for (he = hs; he < s->n && s->rows[he].header;) he++;
  size_t header_rows = he - hs;
  for (size_t r = 0; r < s->n; r++) {
    size_t from = r < header_rows ? hs + r : r < he ? r - header_rows : r;
    const row *rw = &s->rows[from];
    for (size_t k = 0; k < rw->n; k++) {
      const cell *c = &rw->cells[k];
      const char *t = strbuf_str(&c->text);
      lxw_format *f = rw->heading ? group : rw->header ? head : body;
      size_t cs = rw->heading ? (s->max_cols ? s->max_cols : 1) : c->colspan;
      double num;
      int dec;
      if (cs > 1 || c->rowspan > 1)
        worksheet_merge_range(ws, (lxw_row_t)r, (lxw_col_t)c->col, (lxw_row_t)(r + c->rowspan - 1),
                              (lxw_col_t)(c->col + cs - 1), t, f);
      else if (!rw->header && !rw->heading && numeric(t, &num, &dec) && dec <= MAX_DECIMALS)
        worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c->col, num, dec ? decimal_format(wb, decimal, dec) : f);
      else
        worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c->col, t, f);
    }
  }
  if (header_rows) worksheet_freeze_panes(ws, (lxw_row_t)header_rows, 0);
}

static bool write_book(const sink *s, const char *date_iso, const char *path, int *io_err, diag_sink *diag) {
  char *temp = outfile_temp_path(path);
  int err = 0;
  bool ok = false;
  lxw_workbook *wb = workbook_new(temp);
  if (wb) {
    lxw_doc_properties props = {.created = created(date_iso)};
    workbook_set_properties(wb, &props);
    fill(wb, workbook_add_worksheet(wb, "名单"), s);
    lxw_error e = workbook_close(wb);
    ok = e == LXW_NO_ERROR;
    if (!ok) {
      err = errno ? errno : EIO; /* libxlsxwriter writes the file at close */
      diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot write the workbook: %s", "无法写入工作簿：%s"),
                 lxw_strerror(e));
    }
  } else {
    err = errno ? errno : EIO;
    diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot create the workbook: %s", "无法创建工作簿：%s"),
               lang_strerror(err));
  }
  if (ok) {
    ok = outfile_commit(temp, path, diag); /* removes the temporary file itself on failure */
    if (!ok) err = errno ? errno : EIO;
  } else {
    unlink(temp);
  }
  free(temp);
  if (!ok && io_err) *io_err = err;
  return ok;
}

bool lst_render(const tpl_program *p, const tpl_document_spec *spec, const tpl_context *ctx, const char *date_iso,
                const char *path, int *io_err, diag_sink *diag) {
  if (io_err) *io_err = 0;
  sink s = {0};
  bool ok = tpl_render_blocks(p, spec, ctx, &BUILDER, &s, diag);
  /* a document that lists nothing writes no list: its template said why (<empty-error>) */
  if (ok) ok = write_book(&s, date_iso, path, io_err, diag);
  for (size_t i = 0; i < s.n; i++) free_row(&s.rows[i]);
  free(s.rows);
  free(s.busy);
  free(s.taken);
  free(s.first_header);
  free(s.weights);
  return ok;
}
