/* title: where the lines of a 标题 break (GB/T 9704-2012 7.3.1: 回行时词意完整，排列对称，长短适宜，
 * 使用梯形或菱形), and of a 发文机关署名 too long to stand on one line over its date (7.3.5.1).
 * Owns the break costs and the choice of line starts; flow.c places the lines.
 * Words are kept whole by ICU's dictionary word boundaries (txt_word_bounds), short lists of terms
 * its dictionary splits (网络|安全, 信息|技术, 重点|企业) and hanzi years (二〇二三年); the lines
 * are balanced, and a line shorter than both its neighbours (an hourglass, "上云上平台" alone
 * between two longer lines) is never chosen. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "layout/layout_private.h"

/* Costs are in em², the unit of the squared difference of a line from the balanced length, so a
 * break cost reads as "worth this much imbalance": 24 = a line about 5 characters off. */
#define COST_AFTER_MARK 0.0    /* after 、，”》 or a space: where a title breaks best */
#define COST_BEFORE_OPEN 0.5   /* before （“《: the bracket opens the next line */
#define COST_AFTER_PARTICLE 1.0 /* after 的 之 和 与 及 暨 或 等: between two noun phrases */
#define COST_BETWEEN_WORDS 30.0 /* between two Han words of one phrase (信息|技术) */
#define COST_BEFORE_SUFFIX 40.0 /* before the last character of a name (河南|省, 制造|业) */
#define COST_IN_BRACKETS 12.0  /* per open bracket or quote (up to two) around the break */
#define COST_OTHER 6.0         /* between a number or Latin word and Han text */
#define COST_SOFT_BREAK 30.0   /* inside a word wider than the measure, at - / @ _ . */
#define COST_HARD_BREAK 60.0   /* inside such a word anywhere else */
#define COST_EXTRA_LINE 20.0   /* each line more than the fewest that fit: must buy a better break */
#define COST_LONGER_BELOW 0.5  /* a line longer than the one above by half an em: the inverted
                                * trapezoid (long line first) reads better */
/* A middle line counts as short (the hourglass 7.3.1 does not allow) when it is shorter than
 * both neighbours by more than this, in em: a character or so is no shape (a bracketed line such
 * as “（工业APP优秀解决方案）” under a slightly shorter one reads as a trapezoid). */
#define HOURGLASS_EM 1.5
/* Above this many units the shape-aware search (cubic in the units) is not tried; such a title
 * keeps the paragraph engine's greedy lines. Real titles have under 60. */
#define MAX_TITLE_UNITS 150

static bool unit_is(const lay_para *p, size_t i, const char *s) {
  const txt_unit *u = &p->units[i];
  return u->len == strlen(s) && memcmp(p->text + u->offset, s, u->len) == 0;
}

/* The terms and word pairs a line never splits (text/names.c, shared with the DOCX writer's
 * two-line issuer): inside[j] for unit j inside a kept term, and whether j splits a kept pair. */
static bool *terms_inside(const lay_para *p) { return txt_kept_inside(p->text, p->len, p->units, p->nunits); }

static bool is_word_pair(const lay_para *p, size_t j) { return txt_kept_pair(p->text, p->units, j); }

/* Cost of starting a line at unit j; INFINITY where a title may not break. 'depth' is how many
 * brackets or quotes are open before j; 'word_start' whether an ICU word starts at j. */
static double break_cost(const lay_para *p, size_t j, int depth, bool word_start) {
  const txt_unit *a = &p->units[j - 1], *b = &p->units[j];
  /* inside a word wider than the measure: only where it must be broken anyway */
  if (p->glue[j]) return lay_para_soft_break(p, j) ? COST_SOFT_BREAK : COST_HARD_BREAK;
  if (!b->break_before) return INFINITY;
  double inside = COST_IN_BRACKETS * (depth > 2 ? 2 : depth);
  if (a->kind == TXT_UNIT_STOP || a->kind == TXT_UNIT_CLOSE || a->kind == TXT_UNIT_SPACE)
    return COST_AFTER_MARK + inside;
  if (b->kind == TXT_UNIT_OPEN || b->kind == TXT_UNIT_SPACE) return COST_BEFORE_OPEN + inside;
  if (unit_is(p, j, "关") && j + 1 < p->nunits && unit_is(p, j + 1, "于")) return inside;
  static const char *const after[] = {"的", "之", "和", "与", "及", "暨", "或", "等"};
  for (size_t k = 0; k < sizeof after / sizeof *after; k++)
    if (unit_is(p, j - 1, after[k])) return COST_AFTER_PARTICLE + inside;
  if (a->kind == TXT_UNIT_HAN && b->kind == TXT_UNIT_HAN) {
    if (!word_start || is_word_pair(p, j)) return INFINITY;
    /* the end of a name: 河南|省, 信息化|厅, 制造|业 */
    static const char *const suffix[] = {"省", "市", "县", "区", "厅", "局", "部", "委", "会", "办",
                                         "院", "司", "处", "书", "表", "单", "函", "化", "业"};
    for (size_t k = 0; k < sizeof suffix / sizeof *suffix; k++)
      if (unit_is(p, j, suffix[k])) return COST_BEFORE_SUFFIX + inside;
    return COST_BETWEEN_WORDS + inside;
  }
  return COST_OTHER + inside;
}

typedef struct {
  const lay_para *p;
  const double *pre;   /* pre[i]: width of units [0, i) */
  const double *bcost; /* bcost[j]: cost of a line starting at unit j (bcost[n] = 0) */
  size_t n;
  double em, target;
} title_search;

static double width(const title_search *t, size_t a, size_t b) { return t->pre[b] - t->pre[a]; }

/* Cost of the line [i, j): its squared difference from the balanced length, and its break. */
static double line_cost(const title_search *t, size_t i, size_t j) {
  double d = (width(t, i, j) - t->target) / t->em;
  return d * d + (j < t->n ? t->bcost[j] : 0);
}

/* What the line [i, j) after [h, i) costs by the shape: INFINITY when [h, i) is a middle line
 * (has_g: [g, h) is above it) shorter than both its neighbours, an hourglass. */
static double shape_cost(const title_search *t, size_t g, bool has_g, size_t h, size_t i,
                         size_t j) {
  double wa = width(t, h, i), wb = width(t, i, j);
  double c = wb > wa + t->em / 2 ? COST_LONGER_BELOW : 0;
  if (has_g) {
    double w0 = width(t, g, h), tol = HOURGLASS_EM * t->em;
    if (wa < w0 - tol && wa < wb - tol) return INFINITY;
  }
  return c;
}

/* Best split into exactly 'lines' lines whose widths fit the measure and make no hourglass:
 * dynamic programming over (line, its start, its end), since the shape of a line depends on
 * both neighbours. Fills starts[0..lines) and returns the cost, INFINITY when there is none. */
static double split_title(const title_search *t, size_t lines, size_t *starts) {
  const size_t n = t->n, W = n + 1;
  const double M = t->p->fmt.measure_pt;
  /* best[(k * W + i) * W + j]: lines 0..k with line k = [i, j); from: the start of line k - 1 */
  double *best = xmalloc(lines * W * W * sizeof *best);
  size_t *from = xcalloc(lines * W * W, sizeof *from);
  for (size_t q = 0; q < lines * W * W; q++) best[q] = INFINITY;
#define AT(k, i, j) (((k) * W + (i)) * W + (j))
  for (size_t j = 1; j <= n && width(t, 0, j) <= M + LAY_EPS; j++)
    if (j == n || isfinite(t->bcost[j])) best[AT(0, 0, j)] = line_cost(t, 0, j);
  for (size_t k = 1; k < lines; k++)
    for (size_t i = 1; i < n; i++) {
      if (!isfinite(t->bcost[i])) continue;
      for (size_t j = i + 1; j <= n && width(t, i, j) <= M + LAY_EPS; j++) {
        if (j < n && !isfinite(t->bcost[j])) continue;
        double lc = line_cost(t, i, j);
        for (size_t h = 0; h < i; h++) {
          double prev = best[AT(k - 1, h, i)];
          if (!isfinite(prev)) continue;
          double c = prev + lc + shape_cost(t, from[AT(k - 1, h, i)], k >= 2, h, i, j);
          if (c < best[AT(k, i, j)]) {
            best[AT(k, i, j)] = c;
            from[AT(k, i, j)] = h;
          }
        }
      }
    }
  double cost = INFINITY;
  size_t last = 0;
  for (size_t i = 0; i < n; i++)
    if (best[AT(lines - 1, i, n)] < cost) {
      cost = best[AT(lines - 1, i, n)];
      last = i;
    }
  if (isfinite(cost)) {
    size_t i = last, j = n;
    for (size_t k = lines; k-- > 0;) {
      starts[k] = i;
      size_t h = from[AT(k, i, j)];
      j = i;
      i = h;
    }
  }
#undef AT
  free(best);
  free(from);
  return cost;
}

/* The line starts of a title set in 'p' (segmented and measured): the fewest lines that fit, or
 * more when that buys a clearly better break. Returns the number of lines (0: no balanced
 * solution, keep the greedy lines); *starts_out (starts[0] = 0) is the caller's to free. */
static size_t balance(const lay_para *p, size_t **starts_out) {
  const size_t n = p->nunits;
  *starts_out = NULL;
  if (n < 2 || n > MAX_TITLE_UNITS) return 0;
  double *pre = xcalloc(n + 1, sizeof *pre);
  for (size_t i = 0; i < n; i++)
    pre[i + 1] = pre[i] + (p->units[i].kind == TXT_UNIT_NEWLINE ? 0 : p->adv[i]);
  bool *words = txt_word_bounds(p->text, p->len), *inside = terms_inside(p);
  double *bcost = xcalloc(n + 1, sizeof *bcost);
  int depth = 0;
  for (size_t j = 1; j < n; j++) {
    const txt_unit *u = &p->units[j - 1];
    if (u->kind == TXT_UNIT_OPEN) depth++;
    else if (u->kind == TXT_UNIT_CLOSE && depth > 0) depth--;
    bcost[j] = inside[j] && !p->glue[j] ? INFINITY : break_cost(p, j, depth, words[p->units[j].offset]);
  }
  free(words);
  free(inside);
  size_t first = (size_t)ceil(pre[n] / p->fmt.measure_pt - 1e-9);
  if (first < 1) first = 1;
  size_t *starts = xcalloc(n + 2, sizeof *starts), *cand = xcalloc(n + 2, sizeof *cand);
  size_t count = 0;
  double best = INFINITY;
  for (size_t lines = first; lines <= n && lines <= first + 3; lines++) {
    title_search t = {p, pre, bcost, n, p->fmt.size_pt, pre[n] / (double)lines};
    double c = split_title(&t, lines, cand);
    if (!isfinite(c)) continue;
    c += COST_EXTRA_LINE * (double)(lines - first);
    if (c < best) {
      best = c;
      count = lines;
      memcpy(starts, cand, lines * sizeof *starts);
    }
    if (count && lines > count) break;
  }
  free(cand);
  free(pre);
  free(bcost);
  if (count == 0) {
    free(starts);
    return 0;
  }
  *starts_out = starts;
  return count;
}

/* Re-lines 'p' at the given line starts, centred. */
static void reline(lay_para *p, const size_t *starts, size_t count) {
  free(p->lines);
  p->lines = xcalloc(count, sizeof *p->lines);
  p->nlines = p->lines_cap = count;
  for (size_t li = 0; li < count; li++) {
    size_t a = starts[li], b = li + 1 < count ? starts[li + 1] : p->nunits;
    while (a < b && p->units[a].kind == TXT_UNIT_SPACE) a++;
    while (b > a && p->units[b - 1].kind == TXT_UNIT_SPACE) b--;
    double x = 0;
    for (size_t k = a; k < b; k++) {
      p->x[k] = x;
      p->sqr[k] = 0;
      x += p->adv[k] + p->ncp[k] * p->fmt.tracking_pt;
    }
    double w = b > a ? x - p->fmt.tracking_pt : 0;
    p->lines[li] = (lay_pline){a, b, (p->fmt.measure_pt - w) / 2, w};
  }
}

void lay_title_lines(lay_para *p) {
  for (size_t i = 0; i < p->nunits; i++)
    if (p->units[i].kind == TXT_UNIT_NEWLINE) return; /* the template broke it by hand */
  if (p->nlines < 2) return;
  size_t *starts = NULL;
  size_t count = balance(p, &starts);
  if (count > 0) reline(p, starts, count);
  free(starts);
}

/* ---- 发文机关署名 in two lines (7.3.5.1; issue 20) ----
 * The break is chosen in text/ (txt_name_break: after an organ's name near the middle), shared
 * with the DOCX writer, the kept terms and word pairs included; layout adds what only it knows:
 * glue. */

bool lay_name_two_lines(lay_para *p) {
  const size_t n = p->nunits;
  if (n < 2) return false;
  bool *barred = xcalloc(n + 1, sizeof *barred); /* glue: what only layout knows */
  double *w = xcalloc(n, sizeof *w);
  for (size_t k = 0; k < n; k++) w[k] = p->adv[k] + p->ncp[k] * p->fmt.tracking_pt;
  for (size_t j = 1; j < n; j++) barred[j] = barred[j] || p->glue[j];
  size_t at = txt_name_break(p->text, p->len, p->units, n, w, p->fmt.tracking_pt,
                             p->fmt.size_pt + p->fmt.tracking_pt, p->fmt.measure_pt, barred);
  free(w);
  free(barred);
  if (at == 0) return false;
  size_t starts[2] = {0, at};
  reline(p, starts, 2);
  return true;
}
