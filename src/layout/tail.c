/* tail: what closes a document right after its last table — writing space, a line or two of
 * text, the stamp lines (（盖章）, 年 月 日, 填表人…) or the 版记 — stays on the page with the
 * table's last rows. A table ended by its builder is held (doc->pending) while such blocks are
 * recorded; when the document ends, the table is laid out knowing the height of that tail (and,
 * for a 版记, that its last page must be even, GB/T 9704 clause 8), then the tail is replayed.
 * Any other block first lays the table out as before and replays what was recorded. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "layout/layout_private.h"

typedef enum { TAIL_BLANK, TAIL_PARA, TAIL_LINE, TAIL_COLOPHON } tail_kind;

struct lay_tail_item {
  tail_kind kind;
  lay_para_style style;
  lay_font font;
  double size_pt;
  int count;
  char *text[3]; /* paragraph or line text; 版记: copy_to, printer, date */
  src_loc at;
};

/* A tail taller than this is ordinary text flowing on, not a block to keep with the table. */
#define TAIL_KEEP_MAX (LAY_AREA_HEIGHT_PT / 2)

static char *dup(const char *s) { return s ? xstrdup(s) : NULL; }

static void free_items(lay_document *doc) {
  for (size_t i = 0; i < doc->ntail; i++)
    for (int k = 0; k < 3; k++) free(doc->tail[i].text[k]);
  free(doc->tail);
  doc->tail = NULL;
  doc->ntail = doc->tail_cap = 0;
}

void lay_tail_free(lay_document *doc) {
  free_items(doc);
  lay_table_discard(doc->pending);
  doc->pending = NULL;
}

static lay_tail_item *take(lay_document *doc, tail_kind kind, src_loc at) {
  if (doc->finished) return NULL;
  if (doc->table) lay_table_end(doc->table);
  if (!doc->pending) return NULL;
  /* after a 版记 nothing belongs to the tail */
  if (doc->ntail && doc->tail[doc->ntail - 1].kind == TAIL_COLOPHON) return NULL;
  doc->tail = xgrow(doc->tail, &doc->tail_cap, doc->ntail + 1, sizeof *doc->tail);
  lay_tail_item *it = &doc->tail[doc->ntail++];
  memset(it, 0, sizeof *it);
  it->kind = kind;
  it->at = at;
  return it;
}

bool lay_tail_blank(lay_document *doc, int count) {
  lay_tail_item *it = take(doc, TAIL_BLANK, SRC_LOC_NONE);
  if (it) it->count = count;
  return it != NULL;
}

bool lay_tail_text(lay_document *doc, bool line, lay_para_style style, lay_font font,
                   double size_pt, const char *text, src_loc at) {
  if (!line && style >= LAY_PARA_H1 && style <= LAY_PARA_H4) return false; /* a new section */
  lay_tail_item *it = take(doc, line ? TAIL_LINE : TAIL_PARA, at);
  if (!it) return false;
  it->style = style;
  it->font = font;
  it->size_pt = size_pt;
  it->text[0] = dup(text);
  return true;
}

bool lay_tail_colophon(lay_document *doc, const char *copy_to, const char *printer,
                       const char *date, src_loc at) {
  lay_tail_item *it = take(doc, TAIL_COLOPHON, at);
  if (!it) return false;
  it->text[0] = dup(copy_to);
  it->text[1] = dup(printer);
  it->text[2] = dup(date);
  return true;
}

/* Height the recorded tail takes below the table (the 版记: its own lines at the page foot). */
static double tail_height(lay_document *doc, bool *colophon) {
  double h = 0;
  *colophon = false;
  for (size_t i = 0; i < doc->ntail; i++) {
    const lay_tail_item *it = &doc->tail[i];
    if (it->kind == TAIL_BLANK) {
      h += it->count * LAY_LINE_PITCH_PT;
      continue;
    }
    if (it->kind == TAIL_COLOPHON) {
      *colophon = true;
      h += lay_colophon_height(doc, it->text[0], it->text[1], it->text[2]);
      continue;
    }
    if (!it->text[0]) continue;
    double size = it->size_pt > 0 ? it->size_pt : LAY_BODY_PT;
    lay_para_fmt f = lay_style_fmt(doc, it->style, it->font, size);
    if (it->kind == TAIL_LINE && it->style != LAY_PARA_BODY) f.first_indent = 0;
    lay_para p;
    lay_para_set(&p, doc, it->text[0], strlen(it->text[0]), &f);
    double slot = LAY_LINE_PITCH_PT * fmax(1, ceil(size * 1.2 / LAY_LINE_PITCH_PT - 1e-9));
    h += (double)p.nlines * slot;
    lay_para_free(&p);
  }
  return h;
}

void lay_flush_table(lay_document *doc, bool at_end) {
  if (doc->table) lay_table_end(doc->table);
  lay_table *t = doc->pending;
  if (!t) return;
  doc->pending = NULL;
  bool colophon = false;
  double keep = tail_height(doc, &colophon);
  if (!at_end || keep > TAIL_KEEP_MAX) keep = 0, colophon = false;
  lay_table_layout(t, keep, colophon, at_end);
  /* replay: the items are detached first, since the calls below may start a new tail */
  lay_tail_item *items = doc->tail;
  size_t n = doc->ntail;
  doc->tail = NULL;
  doc->ntail = doc->tail_cap = 0;
  for (size_t i = 0; i < n; i++) {
    lay_tail_item *it = &items[i];
    switch (it->kind) {
      case TAIL_BLANK: lay_add_blank_lines(doc, it->count); break;
      case TAIL_PARA: lay_add_paragraph(doc, it->style, it->text[0], it->at); break;
      case TAIL_LINE: lay_add_line(doc, it->style, it->font, it->size_pt, it->text[0], it->at); break;
      case TAIL_COLOPHON:
        lay_add_colophon(doc, it->text[0], it->text[1], it->text[2], it->at);
        break;
    }
    for (int k = 0; k < 3; k++) free(it->text[k]);
  }
  free(items);
}

/* A near-empty last page: at most this many lines of text. */
#define FEW_LINES 4
/* The page before may set its lines this much closer (a 29 pt pitch to 25.5 pt at most). */
#define ABSORB_MIN_SCALE 0.88

void lay_absorb_last_lines(lay_document *doc) {
  if (doc->options.grid || doc->npages < 2) return;
  lay_page_state *last = &doc->pages[doc->npages - 1], *prev = &doc->pages[doc->npages - 2];
  if (!last->flowed || last->nlines == 0 || last->nlines > FEW_LINES || last->has_colophon ||
      prev->has_colophon ||
      last->lines[0].op_begin != 0 || last->lines[last->nlines - 1].op_end != last->page.count ||
      prev->nlines == 0 || prev->lines[prev->nlines - 1].op_end != prev->page.count)
    return;
  const lay_line_rec *pl = &prev->lines[prev->nlines - 1];
  double used = pl->top + pl->height - LAY_TOP_PT;
  double need = last->lines[last->nlines - 1].top + last->lines[last->nlines - 1].height -
                last->lines[0].top;
  double f = (LAY_AREA_HEIGHT_PT - need) / used;
  if (used <= 0 || f < ABSORB_MIN_SCALE) return;
  if (f < 1) lay_scale_page(prev, f);
  /* the moved lines keep their size, under the page's last line, scaled like the rest */
  double y0 = LAY_TOP_PT + used * fmin(f, 1);
  double dy = y0 - last->lines[0].top;
  size_t base = prev->page.count;
  for (size_t i = 0; i < last->page.count; i++) {
    lay_op *op = lay_push_op(doc, &prev->page, last->page.ops[i].kind, last->page.ops[i].from);
    *op = last->page.ops[i];
    if (op->kind == LAY_OP_TEXT) op->u.text.y += dy;
  }
  for (size_t i = 0; i < last->nlines; i++) {
    lay_line_rec r = last->lines[i];
    r.op_begin += base;
    r.op_end += base;
    r.top += dy;
    prev->lines = xgrow(prev->lines, &prev->lines_cap, prev->nlines + 1, sizeof *prev->lines);
    prev->lines[prev->nlines++] = r;
  }
  free(last->page.ops);
  free(last->lines);
  doc->npages--;
  doc->y = LAY_BOTTOM_PT;
}
