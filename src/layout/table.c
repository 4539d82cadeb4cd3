/* table: ruled tables filling the type area — proportional columns, padded cells wrapped with
 * the paragraph engine (a code or address wider than its cell set smaller rather than broken),
 * colspan/rowspan, inline vector checkboxes, and rows that split across pages with the table
 * closed at the page bottom, reopened and its header rows repeated (table_keep.c: what stays
 * together). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "layout/table_private.h"

#define RULE_PT 0.5
#define FRAME_PT 1.0

static void free_table(lay_table *t) {
  if (!t) return;
  for (size_t i = 0; i < t->ncells; i++) {
    for (size_t k = 0; k < t->cells[i].nitems; k++) free(t->cells[i].items[k].text);
    free(t->cells[i].items);
    free(t->cells[i].boxes);
  }
  free(t->cells);
  free(t->rows);
  free(t->colx);
  free(t->busy_until);
  free(t->scratch.ops);
  free(t->owner);
  free(t->slices);
  free(t->open_cells);
  free(t);
}

void lay_table_free_all(lay_document *doc) {
  free_table(doc->table);
  doc->table = NULL;
}

lay_table *lay_table_begin(lay_document *doc, const lay_table_spec *spec, src_loc at) {
  lay_flush_table(doc, false);
  lay_table *t = xcalloc(1, sizeof *t);
  t->doc = doc;
  t->at = at;
  t->ncols = spec && spec->columns ? spec->columns : 1;
  t->header_rows = spec ? spec->header_rows : 0;
  t->head_row = SIZE_MAX;
  t->font_pt = spec && spec->font_size_pt > 0 ? spec->font_size_pt : LAY_TABLE_PT;
  t->fit_content = spec && spec->fit_content;
  t->line_h = t->font_pt * LINE_FACTOR;
  t->pad_v = PAD_V;
  t->colx = xcalloc(t->ncols + 1, sizeof *t->colx);
  double sum = 0;
  for (size_t c = 0; c < t->ncols; c++)
    sum += spec && spec->weights && spec->weights[c] > 0 ? spec->weights[c] : 1;
  double x = LAY_LEFT_PT;
  for (size_t c = 0; c < t->ncols; c++) {
    t->colx[c] = x;
    double w = spec && spec->weights && spec->weights[c] > 0 ? spec->weights[c] : 1;
    x += LAY_MEASURE_PT * w / sum;
  }
  t->colx[t->ncols] = LAY_RIGHT_PT;
  t->busy_until = xcalloc(t->ncols, sizeof *t->busy_until);
  doc->table = t;
  if (doc->finished) lay_error(doc, at, L("internal layout error: a table added after the document was finished",
                                          "内部排版错误：文档结束后又加入表格"));
  return t;
}

void lay_table_row_begin(lay_table *t, double min_height_pt) {
  if (t->in_row) lay_table_row_end(t);
  t->rows = xgrow(t->rows, &t->rows_cap, t->nrows + 1, sizeof *t->rows);
  t->rows[t->nrows++] = (row){min_height_pt, 0, t->ncells, 0, false};
  t->next_col = 0;
  t->in_row = true;
}

void lay_table_row_heads(lay_table *t) {
  if (t->in_row) t->rows[t->nrows - 1].heads = true;
}

static cell *current_cell(lay_table *t) {
  if (!t->in_row || t->ncells == 0) return NULL;
  row *r = &t->rows[t->nrows - 1];
  return r->ncells ? &t->cells[t->ncells - 1] : NULL;
}

void lay_table_cell(lay_table *t, size_t colspan, size_t rowspan, lay_align align) {
  if (!t->in_row) lay_table_row_begin(t, 0);
  size_t r = t->nrows - 1;
  size_t c = t->next_col;
  while (c < t->ncols && t->busy_until[c] > r) c++;
  if (colspan < 1) colspan = 1;
  if (rowspan < 1) rowspan = 1;
  if (c + colspan > t->ncols) {
    lay_error(t->doc, t->at, L("table row %zu has more cells than its %zu columns: fix the template's row",
                               "表格第 %zu 行的单元格多于其 %zu 列：请修改模板中的这一行"),
              r + 1, t->ncols);
    if (c >= t->ncols) c = t->ncols - 1;
    colspan = t->ncols - c;
  }
  t->cells = xgrow(t->cells, &t->cells_cap, t->ncells + 1, sizeof *t->cells);
  cell *ce = &t->cells[t->ncells++];
  memset(ce, 0, sizeof *ce);
  ce->row = r;
  ce->col = c;
  ce->colspan = colspan;
  ce->rowspan = rowspan;
  ce->align = align;
  t->rows[r].ncells++;
  for (size_t k = c; k < c + colspan; k++) t->busy_until[k] = r + rowspan;
  t->next_col = c + colspan;
}

static cell_item *add_item(lay_table *t, item_kind kind, src_loc at) {
  cell *ce = current_cell(t);
  if (!ce) {
    lay_table_cell(t, 1, 1, LAY_ALIGN_LEFT);
    ce = current_cell(t);
  }
  ce->items = xgrow(ce->items, &ce->items_cap, ce->nitems + 1, sizeof *ce->items);
  cell_item *it = &ce->items[ce->nitems++];
  memset(it, 0, sizeof *it);
  it->kind = kind;
  it->at = at;
  return it;
}

void lay_cell_text(lay_table *t, const char *text, lay_align align, src_loc at) {
  cell_item *it = add_item(t, ITEM_TEXT, at);
  it->text = xstrdup(text ? text : "");
  it->align = align;
}

void lay_cell_checkbox(lay_table *t, const char *label, bool ticked, src_loc at) {
  cell_item *it = add_item(t, ITEM_CHECK, at);
  it->text = xstrdup(label ? label : "");
  it->ticked = ticked;
}

void lay_cell_space(lay_table *t, double height_pt) {
  cell_item *it = add_item(t, ITEM_SPACE, t->at);
  it->height = height_pt > 0 ? height_pt : 0;
}

void lay_table_row_end(lay_table *t) { t->in_row = false; }

/* ---- measuring cells ---- */

static lay_page *cur_page(lay_table *t) { return &lay_current_page(t->doc)->page; }

static void copy_box(lay_table *t, const cell *ce, const cell_box *b, double y) {
  lay_page *pg = cur_page(t);
  double x = t->colx[ce->col] + PAD_H;
  for (size_t k = b->op_first; k < b->op_end; k++) {
    lay_op *op = lay_push_op(t->doc, pg, t->scratch.ops[k].kind, t->scratch.ops[k].from);
    *op = t->scratch.ops[k];
    switch (op->kind) {
      case LAY_OP_TEXT:
        op->u.text.x += x;
        op->u.text.y += y;
        break;
      case LAY_OP_CHECKBOX:
        op->u.checkbox.x += x;
        op->u.checkbox.y += y;
        break;
      default: break;
    }
  }
}

static double remaining_h(const cell *ce) {
  double h = 0;
  for (size_t k = ce->next; k < ce->nboxes; k++) h += ce->boxes[k].h;
  return h - ce->space_used;
}

/* Places the cell's remaining boxes into [top, top+height); stops at the first box that does
 * not fit (spaces are split). 'force' places at least one box. Header rows replay all boxes. */
static void place_cell(lay_table *t, cell *ce, double top, double height, bool replay, bool force) {
  size_t k = replay ? 0 : ce->next;
  double used = replay ? 0 : ce->space_used;
  double avail = height - 2 * t->pad_v;
  double rest = 0;
  for (size_t i = k; i < ce->nboxes; i++) rest += ce->boxes[i].h;
  rest -= used;
  double y = top + t->pad_v;
  /* labels and one-line values sit in the middle of the row when they fit whole */
  size_t text_boxes = 0;
  for (size_t i = k; i < ce->nboxes; i++) text_boxes += !ce->boxes[i].space;
  bool fresh = replay || !ce->started;
  bool only_text = text_boxes == ce->nboxes - k;
  if (fresh && only_text && rest <= avail + LAY_EPS &&
      (ce->align == LAY_ALIGN_CENTER || text_boxes == 1))
    y += (avail - rest) / 2;
  double limit = top + height - t->pad_v + LAY_EPS;
  bool placed = false;
  while (k < ce->nboxes) {
    const cell_box *b = &ce->boxes[k];
    double h = b->h - used;
    if (b->space) {
      double room = limit - y;
      if (room < h) {
        if (room > 0) {
          used += room;
          y = limit;
        }
        break;
      }
      y += h;
      used = 0;
      k++;
      continue;
    }
    if (y + h > limit && !(force && !placed)) break;
    /* a heading line goes to the next page with the line it heads */
    if (!replay && b->keep_next && placed && k + 1 < ce->nboxes &&
        y + h + ce->boxes[k + 1].h > limit)
      break;
    copy_box(t, ce, b, y);
    placed = true;
    y += h;
    k++;
  }
  if (!replay) {
    ce->next = k;
    ce->space_used = used;
    ce->started = true;
  }
}

static void add_slice(lay_table *t, size_t r, double top, double bottom) {
  t->slices = xgrow(t->slices, &t->slices_cap, t->nslices + 1, sizeof *t->slices);
  t->slices[t->nslices++] = (slice){r, top, bottom};
  if (r >= t->header_rows) {
    t->body_slices++;
    t->page_fresh = false;
  }
}

static long owner(const lay_table *t, size_t r, size_t c) { return t->owner[r * t->ncols + c]; }

/* Rules of the current fragment: frame, then inner rules wherever two cells meet. */
static void draw_rules(lay_table *t) {
  if (t->nslices == 0) return;
  lay_page *pg = cur_page(t);
  lay_document *doc = t->doc;
  const double L = t->colx[0], R = t->colx[t->ncols];
  const double top = t->slices[0].top, bottom = t->slices[t->nslices - 1].bottom;
  for (size_t i = 1; i < t->nslices; i++) {
    const slice *a = &t->slices[i - 1], *b = &t->slices[i];
    double y = b->top;
    size_t c = 0;
    while (c < t->ncols) {
      if (owner(t, a->row, c) == owner(t, b->row, c)) {
        c++;
        continue;
      }
      size_t c0 = c;
      while (c < t->ncols && owner(t, a->row, c) != owner(t, b->row, c)) c++;
      lay_push_rule(doc, pg, t->colx[c0], y, t->colx[c], y, RULE_PT, LAY_BLACK);
    }
  }
  for (size_t c = 1; c < t->ncols; c++) {
    size_t i = 0;
    while (i < t->nslices) {
      const slice *s = &t->slices[i];
      if (owner(t, s->row, c - 1) == owner(t, s->row, c)) {
        i++;
        continue;
      }
      double y0 = s->top;
      while (i < t->nslices && owner(t, t->slices[i].row, c - 1) != owner(t, t->slices[i].row, c))
        i++;
      lay_push_rule(doc, pg, t->colx[c], y0, t->colx[c], t->slices[i - 1].bottom, RULE_PT,
                    LAY_BLACK);
    }
  }
  lay_push_rule(doc, pg, L, top, R, top, FRAME_PT, LAY_BLACK);
  lay_push_rule(doc, pg, L, bottom, R, bottom, FRAME_PT, LAY_BLACK);
  lay_push_rule(doc, pg, L, top, L, bottom, FRAME_PT, LAY_BLACK);
  lay_push_rule(doc, pg, R, top, R, bottom, FRAME_PT, LAY_BLACK);
  t->nslices = 0;
  t->body_slices = 0;
}

static void place_row_full(lay_table *t, size_t r, double h, bool replay);

static void open_region(lay_table *t, size_t cell_index) {
  cell *ce = &t->cells[cell_index];
  if (ce->open) return;
  ce->open = true;
  ce->region_top = t->y;
  t->open_cells = xgrow(t->open_cells, &t->open_cap, t->nopen + 1, sizeof *t->open_cells);
  t->open_cells[t->nopen++] = cell_index;
}

static void place_label_again(lay_table *t, const cell *ce, double top, double h);
static bool rowspan_label(const cell *ce);

/* The part of rowspan cell 'ce' on this page, [region_top, t->y): its content, or its label again
 * with （续） where its rows continue a region whose label an earlier page holds. */
static void place_region(lay_table *t, cell *ce, bool force) {
  if (ce->repeat_label) place_label_again(t, ce, ce->region_top, t->y - ce->region_top);
  else place_cell(t, ce, ce->region_top, t->y - ce->region_top, false, force);
}

/* Ends the page before (or inside) row r and opens the next one: the header rows, then the rows'
 * labels said again, then the head row of the block r belongs to (lay_table_row_heads), unless r
 * is itself one; the head row sits inside the label's region, as on the first page. */
static void break_page(lay_table *t, size_t r) {
  /* rowspan cells still open get the room they have on this page */
  for (size_t i = 0; i < t->nopen; i++) place_region(t, &t->cells[t->open_cells[i]], false);
  draw_rules(t);
  lay_new_page(t->doc);
  t->y = LAY_TOP_PT;
  for (size_t h = 0; h < t->header_rows && h < t->nrows; h++)
    place_row_full(t, h, t->rows[h].nat_h, true);
  for (size_t i = 0; i < t->nopen; i++) {
    cell *ce = &t->cells[t->open_cells[i]];
    ce->region_top = t->y;
    /* its rows go on here but its label was all placed: it is said again, with （续） */
    ce->repeat_label = ce->next >= ce->nboxes && rowspan_label(ce);
  }
  if (t->head_row != SIZE_MAX && t->head_row < r && r < t->nrows && !t->rows[r].heads) {
    size_t body = t->body_slices; /* a repeated head is no body row of this page */
    place_row_full(t, t->head_row, t->rows[t->head_row].nat_h, true);
    t->body_slices = body;
  }
  t->page_fresh = true;
}

static void place_row_full(lay_table *t, size_t r, double h, bool replay) {
  row *rw = &t->rows[r];
  for (size_t i = rw->first_cell; i < rw->first_cell + rw->ncells; i++) {
    cell *ce = &t->cells[i];
    if (ce->rowspan > 1) {
      if (!replay) {
        open_region(t, i);
        continue;
      }
      double span_h = 0;
      for (size_t k = ce->row; k < ce->row + ce->rowspan; k++) span_h += t->rows[k].nat_h;
      place_cell(t, ce, t->y, span_h, true, true);
      continue;
    }
    place_cell(t, ce, t->y, h, replay, true);
  }
  add_slice(t, r, t->y, t->y + h);
  t->y += h;
  if (replay) return;
  if (rw->heads) t->head_row = r;
  /* rowspan cells ending with this row are placed over their region on this page */
  for (size_t i = 0; i < t->nopen;) {
    cell *ce = &t->cells[t->open_cells[i]];
    if (ce->row + ce->rowspan - 1 != r) {
      i++;
      continue;
    }
    place_region(t, ce, true);
    ce->open = false;
    t->open_cells[i] = t->open_cells[--t->nopen];
  }
}

/* Height row r needs to finish on this page: its own cells' remaining content, and that of the
 * rowspan cells ending with it, less what the earlier rows of their region give them here (the
 * region may have begun on an earlier page, where part of the content already went). */
static double row_need(const lay_table *t, size_t r, bool continued) {
  const row *rw = &t->rows[r];
  double h = rw->nat_h;
  if (continued) {
    h = t->line_h + 2 * t->pad_v;
    for (size_t i = rw->first_cell; i < rw->first_cell + rw->ncells; i++)
      if (t->cells[i].rowspan == 1) h = fmax(h, remaining_h(&t->cells[i]) + 2 * t->pad_v);
  }
  for (size_t i = 0; i < t->nopen; i++) {
    const cell *ce = &t->cells[t->open_cells[i]];
    if (ce->row + ce->rowspan - 1 != r) continue;
    h = fmax(h, remaining_h(ce) + 2 * t->pad_v - (t->y - ce->region_top));
  }
  return h;
}

/* The smallest slice of row r that shows progress: one line (or any space) of some cell. */
static double min_slice(const lay_table *t, size_t r) {
  const row *rw = &t->rows[r];
  double m = INFINITY;
  for (size_t i = rw->first_cell; i < rw->first_cell + rw->ncells; i++) {
    const cell *ce = &t->cells[i];
    if (ce->rowspan == 1 && ce->next < ce->nboxes)
      m = fmin(m, ce->boxes[ce->next].space ? 1 : ce->boxes[ce->next].h);
  }
  return (isfinite(m) ? m : t->line_h) + 2 * t->pad_v;
}

/* Whether the （续） starting at byte 'mark' of 'text', set in the cell width 'cw' as lay_table_set_text
 * sets a centred label, stands whole on the label's last line. */
static bool mark_whole(lay_table *t, const char *text, size_t mark, double cw) {
  lay_para_fmt f;
  memset(&f, 0, sizeof f);
  f.font = LAY_FONT_BODY;
  f.size_pt = t->font_pt;
  f.measure_pt = cw;
  f.align = LAY_ALIGN_CENTER;
  lay_para p;
  lay_para_set(&p, t->doc, text, strlen(text), &f);
  bool whole = p.nlines > 0 && !p.overflow && p.fit >= 1 &&
               p.units[p.lines[p.nlines - 1].first].offset <= mark;
  lay_para_free(&p);
  return whole;
}

/* Places the label 'ce' again with （续） appended in [top, top+h) of a page its row or region
 * continues on, when it is text only and the repetition fits whole (a cut "国家" would not do).
 * The mark is never broken ("11（续" over "）" in a narrow column): it follows the label on its
 * last line, or stands whole on a line of its own; when neither can be, nothing is repeated. */
static void place_label_again(lay_table *t, const cell *ce, double top, double h) {
  strbuf label;
  strbuf_init(&label);
  bool text_only = true;
  src_loc at = t->at;
  for (size_t k = 0; k < ce->nitems; k++) {
    if (ce->items[k].kind != ITEM_TEXT) text_only = false;
    else {
      strbuf_append(&label, ce->items[k].text);
      at = ce->items[k].at;
    }
  }
  size_t mark = label.len;
  if (text_only && label.len) {
    strbuf_append(&label, "（续）");
    if (!mark_whole(t, label.data, mark, lay_table_cell_width(t, ce))) {
      label.len = mark;
      label.data[mark] = 0;
      strbuf_append(&label, "\n（续）");
      text_only = mark_whole(t, label.data, mark + 1, lay_table_cell_width(t, ce));
    }
  }
  if (text_only && label.len) {
    cell tmp = *ce;
    tmp.boxes = NULL;
    tmp.nboxes = tmp.boxes_cap = 0;
    tmp.content_h = 0;
    cell_item it = {ITEM_TEXT, label.data, LAY_ALIGN_CENTER, false, 0, at};
    lay_table_set_text(t, &tmp, &it, lay_table_cell_width(t, ce));
    if (tmp.content_h + 2 * t->pad_v <= h + LAY_EPS) place_cell(t, &tmp, top, h, true, true);
    free(tmp.boxes);
  }
  strbuf_release(&label);
}

/* A rowspan cell that names the rows it spans (企业荣誉, 项目信息): centred text without a digit,
 * so a 序号 spanning two rows of a summary is never "1（续）". */
static bool rowspan_label(const cell *ce) {
  if (ce->rowspan < 2 || ce->align != LAY_ALIGN_CENTER || !ce->nitems) return false;
  for (size_t k = 0; k < ce->nitems; k++) {
    const cell_item *it = &ce->items[k];
    if (it->kind != ITEM_TEXT) return false;
    for (const char *c = it->text; *c; c++)
      if ((*c >= '0' && *c <= '9') || (c[0] == '\xef' && c[1] == '\xbc' && c[2] >= '\x90' && c[2] <= '\x99'))
        return false;
  }
  return true;
}

/* On a page where row r continues, its label cell (the row's first cell, centred text, all placed
 * on an earlier page) is repeated with （续） appended, so the continued part says what it
 * continues. Data cells are not (a 序号 or date is not a label: "2010年1月（续）"), nor is a label
 * whose repetition would not fit the continued part whole (it would show a cut "国家"). */
static void place_continued_labels(lay_table *t, size_t r, double top, double h) {
  const row *rw = &t->rows[r];
  for (size_t i = rw->first_cell; i < rw->first_cell + rw->ncells; i++) {
    const cell *ce = &t->cells[i];
    if (ce->col != 0 || ce->rowspan != 1 || ce->align != LAY_ALIGN_CENTER ||
        ce->next < ce->nboxes || !ce->nitems)
      continue;
    place_label_again(t, ce, top, h);
  }
}

/* A head row (lay_table_row_heads) that would end the page without the first line of the row under
 * it goes to the next page. */
static bool head_row_moves(const lay_table *t, size_t r) {
  if (!t->rows[r].heads || t->page_fresh || r + 1 >= t->nrows) return false;
  double next = fmin(t->rows[r + 1].nat_h, min_slice(t, r + 1));
  return t->y + t->rows[r].nat_h + next > LAY_BOTTOM_PT + LAY_EPS;
}

static void place_row_split(lay_table *t, size_t r) {
  bool continued = false;
  if (head_row_moves(t, r)) break_page(t, r);
  for (;;) {
    double need = row_need(t, r, continued);
    double avail = LAY_BOTTOM_PT - t->y;
    if (need <= avail + LAY_EPS) {
      double top = t->y;
      place_row_full(t, r, need, false);
      if (continued) place_continued_labels(t, r, top, need);
      return;
    }
    /* a short row of a group taller than the page (an honour under 企业荣誉) moves whole to the
     * next page, as a short group does, rather than leave its first line here */
    if (!continued && !t->page_fresh && need <= LAY_AREA_HEIGHT_PT / 3) {
      break_page(t, r);
      continue;
    }
    if (avail < min_slice(t, r) - LAY_EPS) {
      if (!t->page_fresh) {
        break_page(t, r);
        continue;
      }
      lay_error(t->doc, t->at, L("table row %zu does not fit on a page", "表格第 %zu 行在一页内排不下"), r + 1);
      avail = min_slice(t, r); /* not even a line fits on an empty page: overflow */
    }
    /* a slice of the row down to the page bottom */
    row *rw = &t->rows[r];
    for (size_t i = rw->first_cell; i < rw->first_cell + rw->ncells; i++) {
      cell *ce = &t->cells[i];
      if (ce->rowspan > 1) {
        open_region(t, i);
        continue;
      }
      place_cell(t, ce, t->y, avail, false, false);
    }
    if (continued) place_continued_labels(t, r, t->y, avail);
    add_slice(t, r, t->y, t->y + avail);
    t->y += avail;
    continued = true;
    break_page(t, r);
  }
}


static double table_h(const lay_table *t) {
  double h = 0;
  for (size_t r = 0; r < t->nrows; r++) h += t->rows[r].nat_h;
  return h;
}

/* Blank space yields first (lay_table_yield_blank_space), for what must follow the table, then
 * for the table alone. */
static void yield_space(lay_table *t, double avail) {
  if (t->keep_after > 0) lay_table_yield_blank_space(t, avail - t->keep_after);
  lay_table_yield_blank_space(t, avail);
}

/* A form's table (a document off the 22-line grid, the table and its tail ending it) on the
 * document's first page that would spill onto a second one sets
 * its lines closer, in steps down to 1.2 em lines and half the cell padding, when that keeps it
 * and what follows it on the page; otherwise it stays as it was and flows on. */
static void fit_first_page(lay_table *t, double avail) {
  if (t->doc->options.grid || !t->ends_doc || lay_page_count(t->doc) != 1 ||
      table_h(t) + t->keep_after <= avail + LAY_EPS)
    return;
  for (int step = 1; step <= 6; step++) {
    lay_table_unmeasure(t);
    t->line_h = t->font_pt * (LINE_FACTOR - 0.05 * step);
    t->pad_v = PAD_V * (1 - step / 12.0);
    lay_table_measure_cells(t);
    yield_space(t, avail);
    if (table_h(t) + t->keep_after <= avail + LAY_EPS) return;
  }
  lay_table_unmeasure(t);
  t->line_h = t->font_pt * LINE_FACTOR;
  t->pad_v = PAD_V;
  lay_table_measure_cells(t);
  yield_space(t, avail);
}

void lay_table_discard(lay_table *t) { free_table(t); }

void lay_table_end(lay_table *t) {
  if (!t) return;
  lay_document *doc = t->doc;
  if (doc->table != t) return;
  doc->table = NULL;
  if (doc->finished || t->nrows == 0) {
    free_table(t);
    return;
  }
  /* held until it is known what follows it (tail.c) */
  lay_flush_table(doc, false);
  doc->pending = t;
}

void lay_table_layout(lay_table *t, double keep_after, bool even_end, bool ends_doc) {
  lay_document *doc = t->doc;
  t->keep_after = keep_after;
  t->even_end = even_end;
  t->ends_doc = ends_doc;
  lay_table_fit_columns(t);
  lay_table_measure_cells(t);
  lay_current_page(doc);
  t->y = lay_grid_snap(doc, doc->y);
  /* a form gives up blank space, then spacing, to stay on its page */
  yield_space(t, LAY_BOTTOM_PT - t->y);
  fit_first_page(t, LAY_BOTTOM_PT - t->y);
  double header_h = 0;
  for (size_t r = 0; r < t->header_rows && r < t->nrows; r++) header_h += t->rows[r].nat_h;
  size_t start = t->header_rows < t->nrows ? t->header_rows : t->nrows;
  const double page_cap = LAY_AREA_HEIGHT_PT - header_h;
  /* the header rows stay with the first group (or the first lines of a tall one), and with the
   * rows under it when it is a heading row */
  double first_h = 0;
  if (start < t->nrows) {
    first_h = t->rows[start].nat_h;
    if (first_h > page_cap / 3) first_h = fmin(first_h, 3 * t->line_h + 2 * t->pad_v);
    if (lay_table_heading_row(t, start)) first_h = lay_table_keep_need(t, start, page_cap);
    else if (t->rows[start].nat_h <= page_cap / 3)
      first_h = fmax(first_h, lay_table_first_rows_h(t, start, page_cap));
  }
  if (t->y + header_h + first_h > LAY_BOTTOM_PT + LAY_EPS && lay_current_page(doc)->page.count) {
    /* a heading paragraph right above the table goes along (keep-with-next) */
    size_t k = lay_trailing_headings(lay_current_page(doc));
    if (k == 0 || !lay_pull_lines(doc, k)) lay_new_page(doc);
    t->y = lay_grid_snap(doc, doc->y);
  }
  t->page_fresh = t->y <= LAY_TOP_PT + LAY_EPS;
  for (size_t r = 0; r < start; r++) place_row_full(t, r, t->rows[r].nat_h, false);
  size_t r = start;
  while (r < t->nrows) {
    size_t e = lay_table_group_end(t, r);
    double g = 0;
    for (size_t k = r; k < e; k++) g += t->rows[k].nat_h;
    /* keep-with-next: a heading row that cannot bring its first rows along starts the next page
     * (with the header rows repeated) instead of ending this one */
    if ((!t->page_fresh && lay_table_heading_row(t, r) &&
         t->y + lay_table_keep_need(t, r, page_cap) > LAY_BOTTOM_PT + LAY_EPS) ||
        head_row_moves(t, r)) {
      break_page(t, r);
      continue;
    }
    /* the last rows never leave fewer than two of them, nor what follows them, on a page */
    if (!t->page_fresh && (lay_table_last_rows_move(t, r, page_cap) || lay_table_block_break(t, r))) {
      break_page(t, r);
      continue;
    }
    if (t->y + g <= LAY_BOTTOM_PT + LAY_EPS) {
      for (size_t k = r; k < e; k++) place_row_full(t, k, t->rows[k].nat_h, false);
      r = e;
      continue;
    }
    if (g <= page_cap + LAY_EPS && !t->page_fresh && !lay_table_worth_splitting(t, r, e, g, page_cap)) {
      break_page(t, r);
      continue;
    }
    for (size_t k = r; k < e; k++) place_row_split(t, k);
    r = e;
  }
  draw_rules(t);
  doc->y = t->y;
  doc->after_masthead = false;
  /* Text is never dropped: a cell whose content did not all go on a page is a layout bug, and
   * the document must not be written as if it were whole. */
  for (size_t i = 0; i < t->ncells; i++) {
    const cell *ce = &t->cells[i];
    if (ce->next >= ce->nboxes) continue;
    size_t lines = 0;
    for (size_t k = ce->next; k < ce->nboxes; k++) lines += !ce->boxes[k].space;
    if (lines == 0) continue;
    src_loc at = t->at;
    for (size_t k = 0; k < ce->nitems; k++)
      if (ce->items[k].kind == ITEM_TEXT) at = ce->items[k].at;
    lay_error(doc, at,
              L("internal layout error: %zu line(s) of a cell in table row %zu could not be "
                "placed; the document is not written",
                "内部排版错误：有 %zu 行文字（表格第 %zu 行的单元格）无法排入，文件未生成"),
              lines, ce->row + 1);
  }
  free_table(t);
}
