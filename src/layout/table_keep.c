/* table_keep: what a table keeps together on a page — a heading row with the first rows it
 * heads (keep-with-next: a group heading never ends a page), and a form that gives up blank
 * writing space rather than spill its last rows onto another page. */
#include <math.h>
#include <stdlib.h>

#include "core/xmalloc.h"
#include "layout/table_private.h"

size_t lay_table_group_end(const lay_table *t, size_t r) {
  size_t e = r + 1;
  for (size_t k = r; k < e; k++) {
    const row *rw = &t->rows[k];
    for (size_t i = rw->first_cell; i < rw->first_cell + rw->ncells; i++)
      if (k + t->cells[i].rowspan > e) e = k + t->cells[i].rowspan;
  }
  return e < t->nrows ? e : t->nrows;
}

bool lay_table_heading_row(const lay_table *t, size_t r) {
  /* in a one-column table every row spans the table: none is a heading by its shape */
  if (r < t->header_rows || r >= t->nrows || t->ncols < 2) return false;
  const row *rw = &t->rows[r];
  if (rw->ncells != 1) return false;
  const cell *ce = &t->cells[rw->first_cell];
  if (ce->colspan != t->ncols || ce->rowspan != 1 || ce->nboxes == 0 || ce->nboxes > 2)
    return false;
  /* text only: a row of checkboxes or writing space is content, not a heading */
  for (size_t k = 0; k < ce->nitems; k++)
    if (ce->items[k].kind != ITEM_TEXT) return false;
  return true;
}

double lay_table_keep_need(const lay_table *t, size_t r, double page_cap) {
  double need = 0;
  size_t k = r;
  while (k < t->nrows && lay_table_heading_row(t, k)) need += t->rows[k++].nat_h;
  /* the table's last section of up to three row groups goes whole, with what follows the table,
   * so that neither the heading's page nor the last page keeps a single row */
  double all = need + t->keep_after;
  size_t groups = 0, end = k;
  while (end < t->nrows && groups <= 3 && !lay_table_heading_row(t, end)) {
    size_t e = lay_table_group_end(t, end);
    for (size_t i = end; i < e; i++) all += t->rows[i].nat_h;
    end = e;
    groups++;
  }
  if (end >= t->nrows && groups <= 3 && all <= page_cap + LAY_EPS) return all;
  /* two rows under the heading when they fit a page with it, else one: a heading over a single
   * row at a page foot reads as a stray line as much as a heading alone */
  for (int n = 0; n < 2 && k < t->nrows && !lay_table_heading_row(t, k); n++) {
    size_t e = lay_table_group_end(t, k);
    double g = 0;
    for (size_t j = k; j < e; j++) g += t->rows[j].nat_h;
    /* a row taller than a page is split wherever the page ends: its first lines go with it
     * (a shorter group moves whole when it does not fit, so it counts whole) */
    if (g > page_cap && e == k + 1) g = 3 * t->line_h + 2 * t->pad_v;
    if (n > 0 && need + g > page_cap + LAY_EPS) break;
    need += g;
    k = e;
  }
  return fmin(need, page_cap);
}

bool lay_table_last_rows_move(const lay_table *t, size_t r, double page_cap) {
  size_t groups = 0;
  double g[4];
  for (size_t k = r; k < t->nrows; k = lay_table_group_end(t, k)) {
    if (groups == 4) return false;
    size_t e = lay_table_group_end(t, k);
    /* a row taller than a third of a page is split where the page ends, not moved */
    if (e == k + 1 && t->rows[k].nat_h > page_cap / 3) return false;
    g[groups] = 0;
    for (size_t j = k; j < e; j++) g[groups] += t->rows[j].nat_h;
    groups++;
  }
  double rest = t->keep_after;
  for (size_t i = 0; i < groups; i++) rest += g[i];
  /* rows that would not fit a fresh page with what follows them flow on as they are */
  if (rest > page_cap + LAY_EPS) return false;
  bool ends_here = t->y + rest <= LAY_BOTTOM_PT + LAY_EPS;
  bool odd = lay_page_count(t->doc) % 2 == 1;
  if (groups <= 2 && !ends_here) return true; /* one row (or the tail) would go over alone */
  if (!t->even_end || t->body_slices == 1) return false;
  /* it must end on an even page (a 版记 follows): on an odd page the last four rows go over
   * (two when there are no more on this page), so that the 版记's page is not two short rows and
   * the 版记, a page a clerk reads as a leftover; on an even page where the rest would end on
   * the odd page after it, the last four rows go over, two for that page and two for the even
   * one after it */
  if (groups == 4) return odd ? ends_here : !ends_here;
  return groups == 2 && odd && ends_here;
}

/* Height of a cell's text and checkboxes, its blank space (lay_cell_space) left out. */
static double text_h(const cell *ce) {
  double h = 0;
  for (size_t k = 0; k < ce->nboxes; k++)
    if (!ce->boxes[k].space) h += ce->boxes[k].h;
  return h;
}

/* Shrinks the blank space items of a cell so that its content fits 'inner' points. */
static void shrink_spaces(cell *ce, double inner) {
  double text = text_h(ce), space = ce->content_h - text;
  if (ce->content_h <= inner + LAY_EPS || space <= 0) return;
  double f = fmax(0, (inner - text) / space);
  ce->content_h = text;
  for (size_t k = 0; k < ce->nboxes; k++)
    if (ce->boxes[k].space) {
      ce->boxes[k].h *= f;
      ce->content_h += ce->boxes[k].h;
    }
}

/* A form that would spill onto the next page only because of blank writing space (rows' minimum
 * heights, space items in cells) stays on this page: every row gives up the same share of its
 * blank space, down to its content, so that the signatures stay with what they sign. Tables
 * whose content alone does not fit are left to flow over pages. */
void lay_table_yield_blank_space(lay_table *t, double avail) {
  double total = 0, least = 0;
  double *min_h = xcalloc(t->nrows + 1, sizeof *min_h);
  for (size_t r = 0; r < t->nrows; r++) {
    const row *rw = &t->rows[r];
    double h = t->line_h + 2 * t->pad_v;
    for (size_t i = rw->first_cell; i < rw->first_cell + rw->ncells; i++)
      if (t->cells[i].rowspan == 1) h = fmax(h, text_h(&t->cells[i]) + 2 * t->pad_v);
    min_h[r] = fmin(h, rw->nat_h);
  }
  for (size_t i = 0; i < t->ncells; i++) { /* a rowspan cell's text needs its rows */
    const cell *ce = &t->cells[i];
    if (ce->rowspan == 1) continue;
    double h = 0;
    for (size_t r = ce->row; r < ce->row + ce->rowspan; r++) h += min_h[r];
    size_t last = ce->row + ce->rowspan - 1;
    if (h < text_h(ce) + 2 * t->pad_v) min_h[last] += text_h(ce) + 2 * t->pad_v - h;
  }
  for (size_t r = 0; r < t->nrows; r++) {
    total += t->rows[r].nat_h;
    least += min_h[r];
  }
  if (total > avail + LAY_EPS && least <= avail + LAY_EPS && total > least) {
    double f = (avail - least) / (total - least);
    for (size_t r = 0; r < t->nrows; r++)
      t->rows[r].nat_h = min_h[r] + (t->rows[r].nat_h - min_h[r]) * f;
    for (size_t i = 0; i < t->ncells; i++) {
      cell *ce = &t->cells[i];
      double h = 0;
      for (size_t r = ce->row; r < ce->row + ce->rowspan; r++) h += t->rows[r].nat_h;
      shrink_spaces(ce, h - 2 * t->pad_v);
    }
  }
  free(min_h);
}

/* A group that would fit on the next page moves there whole, unless it is a tall single row
 * whose content (not just its minimum height) overflows and several lines fit here. */
bool lay_table_worth_splitting(const lay_table *t, size_t r, size_t e, double g, double page_cap) {
  if (e != r + 1 || g <= page_cap / 3) return false;
  double avail = LAY_BOTTOM_PT - t->y;
  if (avail < 3 * t->line_h + 2 * t->pad_v) return false;
  const row *rw = &t->rows[r];
  double content = 0;
  for (size_t i = rw->first_cell; i < rw->first_cell + rw->ncells; i++)
    content = fmax(content, t->cells[i].content_h + 2 * t->pad_v);
  return content > avail;
}

/* What the table's first page must hold besides its header rows: two row groups, or a short
 * table (up to three groups) whole with what must follow it; 0 when that is more than a page. */
double lay_table_first_rows_h(const lay_table *t, size_t start, double page_cap) {
  double two = 0, all = 0;
  size_t groups = 0;
  for (size_t k = start; k < t->nrows; k = lay_table_group_end(t, k), groups++) {
    double g = 0;
    for (size_t j = k; j < lay_table_group_end(t, k); j++) g += t->rows[j].nat_h;
    if (groups < 2) two += g;
    all += g;
  }
  if (groups <= 3 && all + t->keep_after <= page_cap + LAY_EPS) return all + t->keep_after;
  return two <= page_cap + LAY_EPS ? two : 0;
}

/* Rows r and k have the same cells (count, spans): rows of one block, as the 近两年主要经济指标
 * of a form (its year row and the rows of figures under it). */
static bool same_shape(const lay_table *t, size_t r, size_t k) {
  const row *a = &t->rows[r], *b = &t->rows[k];
  if (a->ncells != b->ncells || a->ncells < 2) return false;
  for (size_t i = 0; i < a->ncells; i++) {
    const cell *x = &t->cells[a->first_cell + i], *y = &t->cells[b->first_cell + i];
    if (x->colspan != y->colspan || x->rowspan != 1 || y->rowspan != 1) return false;
  }
  return true;
}

/* The keep rule inside a table (issue 20 §2): a block of rows of one shape within a larger
 * table (a form's section) never leaves a single row of it on a page: not its first row at a
 * page foot, nor its last row at the top of the next page (it went over with no year row above
 * it). True when the page should end before row r. */
bool lay_table_block_break(const lay_table *t, size_t r) {
  if (r + 1 >= t->nrows || lay_table_group_end(t, r) != r + 1) return false;
  size_t b0 = r, b1 = r + 1;
  while (b0 > t->header_rows && same_shape(t, b0 - 1, r)) b0--;
  while (b1 < t->nrows && same_shape(t, b1, r)) b1++;
  /* a block that begins or ends the table is the table's own rows: lay_table_first_rows_h and
   * lay_table_last_rows_move keep those */
  if (b1 - b0 < 3 || b0 <= t->header_rows || b1 >= t->nrows) return false;
  /* rows under a heading row are a list's section: lay_table_keep_need keeps those */
  if (lay_table_heading_row(t, b0 - 1) || lay_table_heading_row(t, b1)) return false;
  double h0 = t->rows[r].nat_h, h1 = t->rows[r + 1].nat_h;
  bool one_fits = t->y + h0 <= LAY_BOTTOM_PT + LAY_EPS;
  bool two_fit = t->y + h0 + h1 <= LAY_BOTTOM_PT + LAY_EPS;
  /* the block's first row alone at the foot, or its last row alone on the next page */
  return one_fits && !two_fit && (r == b0 || r + 2 == b1);
}
