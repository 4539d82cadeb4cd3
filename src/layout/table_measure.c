/* table_measure: a table's cells set with the paragraph engine at their column widths — each
 * cell's text in boxes of lines (a word that may not be broken condensed first, down to
 * CONDENSE_FLOOR), its checkboxes, its blank space — before table.c places the rows on pages
 * (table.c: placing; table_keep.c: what stays together). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "layout/table_private.h"

#define BOX_EM 0.8 /* checkbox side, in em */
/* Smallest size a cell paragraph is condensed to, as a share of the table's size, so that a
 * word that may not be broken (a credit code, an e-mail address) stays whole: 小四 12 pt goes
 * down to 小五 9 pt, 四号 14 pt to 五号 10.5 pt, the smallest sizes forms use; a word that does
 * not fit even then is broken as before (legible halves beat unreadable type). */
#define CONDENSE_FLOOR 0.75

static void add_box(cell *ce, double h, size_t first, size_t end, bool space) {
  ce->boxes = xgrow(ce->boxes, &ce->boxes_cap, ce->nboxes + 1, sizeof *ce->boxes);
  ce->boxes[ce->nboxes++] = (cell_box){h, first, end, space, false};
  ce->content_h += h;
}

double lay_table_cell_width(const lay_table *t, const cell *ce) {
  return t->colx[ce->col + ce->colspan] - t->colx[ce->col] - 2 * PAD_H;
}

/* A line of a cell's text that stands alone between line breaks, without closing punctuation,
 * before more text ("三、5G产业链融合创新建设内容"): a heading, kept with the line after it. */
static bool heading_line(const lay_para *p, size_t i) {
  size_t a = p->lines[i].first, b = p->lines[i].end;
  if (b <= a || b >= p->nunits || p->units[b].kind != TXT_UNIT_NEWLINE) return false;
  if (a > 0 && p->units[a - 1].kind != TXT_UNIT_NEWLINE) return false;
  const txt_unit *u = &p->units[b - 1];
  static const char *const ends[] = {"。", "；", "：", "，", "、", "）", ")", "》", "”", "！", "？",
                                     ".", ";", ":", ",", "!", "?"};
  for (size_t k = 0; k < sizeof ends / sizeof *ends; k++)
    if (u->len >= strlen(ends[k]) &&
        memcmp(p->text + u->offset + u->len - strlen(ends[k]), ends[k], strlen(ends[k])) == 0)
      return false;
  return true;
}

void lay_table_set_text(lay_table *t, cell *ce, const cell_item *it, double cw) {
  lay_document *doc = t->doc;
  lay_para_fmt f;
  memset(&f, 0, sizeof f);
  f.font = LAY_FONT_BODY;
  f.size_pt = t->font_pt;
  f.measure_pt = cw;
  f.align = it->align;
  lay_para p;
  lay_para_set(&p, doc, it->text, strlen(it->text), &f);
  if (p.fit < 1) {
    /* a code, number or address wider than the cell: set the paragraph smaller, in 0.1 pt
     * steps, rather than break the word, if that keeps to CONDENSE_FLOOR (docs/templates.md) */
    double size = floor(t->font_pt * p.fit * 10 + LAY_EPS) / 10;
    if (size >= t->font_pt * CONDENSE_FLOOR - LAY_EPS) {
      lay_para_free(&p);
      f.size_pt = size;
      lay_para_set(&p, doc, it->text, strlen(it->text), &f);
    }
  }
  /* centred in the cell's line slot, also when condensed */
  double base = lay_baseline(0, t->line_h, f.size_pt);
  for (size_t i = 0; i < p.nlines; i++) {
    size_t first = t->scratch.count;
    lay_para_emit_line(&p, doc, &t->scratch, i, 0, base, LAY_BLACK, it->at);
    add_box(ce, t->line_h, first, t->scratch.count, false);
    ce->boxes[ce->nboxes - 1].keep_next = heading_line(&p, i);
  }
  if (p.overflow)
    lay_error(doc, it->at,
              L("a character wider than the table cell (%.1f pt) would be printed over the cell's edge: "
                "widen the column in the template",
                "有字符比表格单元格（%.1f pt）还宽，会压住单元格边线：请在模板中加宽该列"),
              cw);
  lay_para_free(&p);
}

/* Checkboxes with their labels flow like words: box, quarter em, label, one em. */
static size_t set_checks(lay_table *t, cell *ce, size_t k, double cw) {
  lay_document *doc = t->doc;
  const double em = t->font_pt, box = BOX_EM * em;
  const double base = lay_baseline(0, t->line_h, em);
  double x = 0;
  size_t first = t->scratch.count;
  for (; k < ce->nitems && ce->items[k].kind == ITEM_CHECK; k++) {
    const cell_item *it = &ce->items[k];
    size_t len = strlen(it->text);
    double lw = lay_measure(doc, LAY_FONT_BODY, em, it->text, len);
    double w = box + (len ? em / 4 + lw : 0);
    if (x > 0 && x + w > cw + LAY_EPS) {
      add_box(ce, t->line_h, first, t->scratch.count, false);
      first = t->scratch.count;
      x = 0;
    }
    if (w > cw + LAY_EPS) lay_error(doc, it->at, L("a checkbox label does not fit in its table cell: widen the column in the template",
                                                   "复选框的文字放不进表格单元格：请在模板中加宽该列"));
    lay_op *op = lay_push_op(doc, &t->scratch, LAY_OP_CHECKBOX, it->at);
    op->u.checkbox.x = x;
    op->u.checkbox.y = base - em * LAY_ASCENT + (em - box) / 2;
    op->u.checkbox.size = box;
    op->u.checkbox.ticked = it->ticked;
    if (len)
      lay_push_text(doc, &t->scratch, it->at, LAY_FONT_BODY, em, x + box + em / 4, base, 0,
                    LAY_BLACK, it->text, len);
    x += w + em;
  }
  add_box(ce, t->line_h, first, t->scratch.count, false);
  return k;
}

void lay_table_measure_cells(lay_table *t) {
  for (size_t i = 0; i < t->ncells; i++) {
    cell *ce = &t->cells[i];
    double cw = lay_table_cell_width(t, ce);
    if (cw <= 0) {
      lay_error(t->doc, t->at, L("a table column is narrower than its padding: widen it in the template",
                                 "表格某列比其内边距还窄：请在模板中加宽该列"));
      cw = 1;
    }
    for (size_t k = 0; k < ce->nitems;) {
      const cell_item *it = &ce->items[k];
      if (it->kind == ITEM_TEXT) {
        lay_table_set_text(t, ce, it, cw);
        k++;
      } else if (it->kind == ITEM_SPACE) {
        if (it->height > 0) add_box(ce, it->height, 0, 0, true);
        k++;
      } else {
        k = set_checks(t, ce, k, cw);
      }
    }
  }
  /* natural row heights, then rowspan cells stretch their last row */
  for (size_t r = 0; r < t->nrows; r++) {
    row *rw = &t->rows[r];
    double h = fmax(rw->min_h, t->line_h + 2 * t->pad_v);
    for (size_t i = rw->first_cell; i < rw->first_cell + rw->ncells; i++)
      if (t->cells[i].rowspan == 1) h = fmax(h, t->cells[i].content_h + 2 * t->pad_v);
    rw->nat_h = h;
  }
  for (size_t i = 0; i < t->ncells; i++) {
    cell *ce = &t->cells[i];
    if (ce->rowspan == 1) continue;
    size_t end = ce->row + ce->rowspan;
    if (end > t->nrows) end = t->nrows;
    ce->rowspan = end - ce->row;
    double h = 0;
    for (size_t r = ce->row; r < end; r++) h += t->rows[r].nat_h;
    if (h < ce->content_h + 2 * t->pad_v) t->rows[end - 1].nat_h += ce->content_h + 2 * t->pad_v - h;
  }
  t->owner = xmalloc(t->nrows * t->ncols * sizeof *t->owner + 1);
  for (size_t r = 0; r < t->nrows; r++)
    for (size_t c = 0; c < t->ncols; c++) t->owner[r * t->ncols + c] = -1 - (long)(r * t->ncols + c);
  for (size_t i = 0; i < t->ncells; i++) {
    const cell *ce = &t->cells[i];
    for (size_t r = ce->row; r < ce->row + ce->rowspan; r++)
      for (size_t c = ce->col; c < ce->col + ce->colspan; c++) t->owner[r * t->ncols + c] = (long)i;
  }
}

/* ---- placing ---- */

/* Forgets what lay_table_measure_cells() found, so that the table can be measured again. */
void lay_table_unmeasure(lay_table *t) {
  for (size_t i = 0; i < t->ncells; i++) {
    cell *ce = &t->cells[i];
    free(ce->boxes);
    ce->boxes = NULL;
    ce->nboxes = ce->boxes_cap = 0;
    ce->content_h = 0;
  }
  t->scratch.count = 0;
  free(t->owner);
  t->owner = NULL;
}
