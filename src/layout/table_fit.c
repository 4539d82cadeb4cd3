/* table_fit: column widths of list tables sized from their content within the template's widths
 * (issue 20: a 公示 table wrapped the enterprise name while the county column had spare room).
 * Only tables whose template asks for it (<table fit="content">, the lists of the 公示 and 通知):
 * a form keeps its grid, the same for every applicant. Owns nothing beyond the call: it moves the
 * table's column boundaries (t->colx) before its cells are measured.
 *
 * Widths are counted in characters of the table's font (a cell line holds k characters when its
 * column is k em plus padding wide). Each column first narrows as far as its body cells keep their
 * number of lines (header cells may take two), never below MIN_SHARE of the template's width;
 * the room so freed goes, a step at a time, to the column where it saves the most lines of the
 * table per point; what is left is shared in the template's proportions. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "layout/table_private.h"

/* A column keeps at least this share of the width its template weight gives it, so the table
 * still looks like the template's whichever its content (a 所在地 column of two-character names
 * does not shrink to a sliver). */
#define MIN_SHARE 0.6
/* Fewest characters a line of a narrowed column holds: a header such as 序号 is not set one
 * character a line. */
#define MIN_CHARS 2
/* Widths move in steps of this part of an em: a cell holding Latin letters or digits ("…工业APP")
 * needs a fraction of a character more, and whole characters left too little room (Fujian's
 * 纺织鞋服生产排程优化工业APP wrapped while its neighbour took the last whole character). */
#define STEPS_PER_EM 2
/* Lines a header cell may take when its column narrows (县（市、区） over two lines). */
#define HEADER_LINES 2

typedef struct {
  lay_table *t;
  double em;
  size_t kmax;   /* characters of the widest column (the whole measure) */
  int *memo;     /* lines of cell i at k characters: memo[i * (kmax + 1) + k], -1 unknown */
  size_t *chars; /* per column: the characters its width holds now */
} fitter;

static double width_of(const fitter *f, size_t k) { return (double)k * f->em + 2 * PAD_H; }

/* Only text cells of one column and one row are sized; others keep the template's widths. */
static bool sized(const cell *ce) {
  if (ce->colspan != 1 || ce->rowspan != 1) return false;
  for (size_t k = 0; k < ce->nitems; k++)
    if (ce->items[k].kind == ITEM_CHECK) return false;
  return true;
}

/* Lines the cell's text takes in a column of k characters, set by the paragraph engine. */
static int lines_at(fitter *f, size_t i, size_t k) {
  int *m = &f->memo[i * (f->kmax + 1) + k];
  if (*m >= 0) return *m;
  const cell *ce = &f->t->cells[i];
  lay_para_fmt fmt;
  memset(&fmt, 0, sizeof fmt);
  fmt.font = LAY_FONT_BODY;
  fmt.size_pt = f->t->font_pt;
  fmt.measure_pt = width_of(f, k) - 2 * PAD_H;
  int n = 0;
  for (size_t j = 0; j < ce->nitems; j++) {
    const cell_item *it = &ce->items[j];
    if (it->kind != ITEM_TEXT) continue;
    fmt.align = it->align;
    lay_para p;
    lay_para_set(&p, f->t->doc, it->text, strlen(it->text), &fmt);
    n += (int)p.nlines + (p.fit < 1 ? 1000 : 0); /* a broken word: never narrow to that */
    lay_para_free(&p);
  }
  return *m = n;
}

/* The table's height in lines: each row as tall as its tallest sized cell. */
static long table_lines(fitter *f) {
  const lay_table *t = f->t;
  long total = 0;
  for (size_t r = 0; r < t->nrows; r++) {
    int h = 1;
    for (size_t i = t->rows[r].first_cell; i < t->rows[r].first_cell + t->rows[r].ncells; i++)
      if (sized(&t->cells[i])) {
        int n = lines_at(f, i, f->chars[t->cells[i].col]);
        if (n > h) h = n;
      }
    total += h;
  }
  return total;
}

/* Narrowest width (characters) for column c, from 'lo' up, at which no body cell takes more
 * lines than now and no header cell more than HEADER_LINES (or than now, if more). */
static size_t narrowest(fitter *f, size_t c, size_t lo) {
  const lay_table *t = f->t;
  const size_t now = f->chars[c];
  for (size_t k = lo; k < now; k++) {
    bool ok = true;
    for (size_t i = 0; i < t->ncells && ok; i++) {
      const cell *ce = &t->cells[i];
      if (ce->col != c || !sized(ce)) continue;
      int allowed = lines_at(f, i, now);
      if (ce->row < t->header_rows && allowed < HEADER_LINES) allowed = HEADER_LINES;
      ok = lines_at(f, i, k) <= allowed;
    }
    if (ok) return k;
  }
  return now;
}

/* Gives 'spare' characters to the columns where they save the most lines, a step at a time.
 * Returns what is left. */
static size_t spend(fitter *f, size_t spare) {
  const size_t n = f->t->ncols;
  for (;;) {
    long h = table_lines(f);
    size_t best_c = n, best_k = 0;
    double best = 0;
    for (size_t c = 0; c < n; c++) {
      size_t now = f->chars[c];
      for (size_t k = now + 1; k <= now + spare && k <= f->kmax; k++) {
        f->chars[c] = k;
        long g = h - table_lines(f);
        f->chars[c] = now;
        if (g <= 0) continue;
        double rate = (double)g / (double)(k - now);
        if (rate > best) best = rate, best_c = c, best_k = k;
        break; /* the first step that saves lines is this column's offer */
      }
    }
    if (best_c == n) return spare;
    spare -= best_k - f->chars[best_c];
    f->chars[best_c] = best_k;
  }
}

/* Whether every cell spanning several columns still fits on one line where it did before. */
static bool spans_fit(fitter *f, const double *old_x, const double *new_x) {
  const lay_table *t = f->t;
  for (size_t i = 0; i < t->ncells; i++) {
    const cell *ce = &t->cells[i];
    if (ce->colspan < 2) continue;
    size_t a = ce->col, b = ce->col + ce->colspan;
    for (size_t j = 0; j < ce->nitems; j++) {
      const cell_item *it = &ce->items[j];
      if (it->kind != ITEM_TEXT) continue;
      double need = lay_measure(t->doc, LAY_FONT_BODY, t->font_pt, it->text, strlen(it->text)) + 2 * PAD_H;
      if (need > new_x[b] - new_x[a] + LAY_EPS && need <= old_x[b] - old_x[a] + LAY_EPS) return false;
    }
  }
  return true;
}

void lay_table_fit_columns(lay_table *t) {
  const size_t n = t->ncols;
  if (!t->fit_content || n < 2 || t->font_pt <= 0) return;
  fitter f = {t, t->font_pt / STEPS_PER_EM, 0, NULL, xcalloc(n, sizeof(size_t))};
  f.kmax = (size_t)floor((LAY_MEASURE_PT - 2 * PAD_H) / f.em);
  f.memo = xmalloc(t->ncells * (f.kmax + 1) * sizeof *f.memo);
  for (size_t i = 0; i < t->ncells * (f.kmax + 1); i++) f.memo[i] = -1;
  double *tw = xcalloc(n, sizeof *tw), *x = xcalloc(n + 1, sizeof *x);
  double free_pt = LAY_MEASURE_PT;
  for (size_t c = 0; c < n; c++) {
    tw[c] = t->colx[c + 1] - t->colx[c];
    double k = floor((tw[c] - 2 * PAD_H) / f.em);
    f.chars[c] = k < 1 ? 1 : (size_t)k;
    double lo = fmax(MIN_CHARS * STEPS_PER_EM, ceil((MIN_SHARE * tw[c] - 2 * PAD_H) / f.em));
    f.chars[c] = narrowest(&f, c, (size_t)lo);
    free_pt -= width_of(&f, f.chars[c]);
  }
  /* the room given up, and the parts of a character each template width held */
  if (free_pt >= f.em) spend(&f, (size_t)floor(free_pt / f.em));
  /* the measure is shared out: each column its characters, the rest in the template's
   * proportions, so the table's right edge stays on the type area's */
  double used = 0;
  for (size_t c = 0; c < n; c++) used += width_of(&f, f.chars[c]);
  double rest = LAY_MEASURE_PT - used;
  x[0] = t->colx[0];
  for (size_t c = 0; c < n; c++) x[c + 1] = x[c] + width_of(&f, f.chars[c]) + rest * tw[c] / LAY_MEASURE_PT;
  x[n] = t->colx[n];
  if (rest >= -LAY_EPS && spans_fit(&f, t->colx, x)) memcpy(t->colx, x, (n + 1) * sizeof *x);
  free(tw);
  free(x);
  free(f.memo);
  free(f.chars);
}
