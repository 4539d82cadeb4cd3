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
  /* two rows under the heading when they fit a page with it, else one: a heading over a single
   * row at a page foot reads as a stray line as much as a heading alone */
  for (int n = 0; n < 2 && k < t->nrows && !lay_table_heading_row(t, k); n++) {
    size_t e = lay_table_group_end(t, k);
    double g = 0;
    for (size_t j = k; j < e; j++) g += t->rows[j].nat_h;
    /* a row taller than a page is split wherever the page ends: its first lines go with it
     * (a shorter group moves whole when it does not fit, so it counts whole) */
    if (g > page_cap && e == k + 1) g = 3 * t->line_h + 2 * PAD_V;
    if (n > 0 && need + g > page_cap + LAY_EPS) break;
    need += g;
    k = e;
  }
  return fmin(need, page_cap);
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
    double h = t->line_h + 2 * PAD_V;
    for (size_t i = rw->first_cell; i < rw->first_cell + rw->ncells; i++)
      if (t->cells[i].rowspan == 1) h = fmax(h, text_h(&t->cells[i]) + 2 * PAD_V);
    min_h[r] = fmin(h, rw->nat_h);
  }
  for (size_t i = 0; i < t->ncells; i++) { /* a rowspan cell's text needs its rows */
    const cell *ce = &t->cells[i];
    if (ce->rowspan == 1) continue;
    double h = 0;
    for (size_t r = ce->row; r < ce->row + ce->rowspan; r++) h += min_h[r];
    size_t last = ce->row + ce->rowspan - 1;
    if (h < text_h(ce) + 2 * PAD_V) min_h[last] += text_h(ce) + 2 * PAD_V - h;
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
      shrink_spaces(ce, h - 2 * PAD_V);
    }
  }
  free(min_h);
}
