/* paragraph: greedy line filling over txt units with the clreq rules 3-7 of
 * docs/spec/layout.md (squeeze before pushing down, half-em marks at line end and between
 * marks, justification between units, Han/Latin gaps, no lone Han on the last line). A word
 * wider than a whole line (an e-mail address in a narrow cell) is broken between characters,
 * as CSS overflow-wrap: break-word does, rather than drawn past the edge. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "layout/layout_private.h"

/* Units looked at past the overflow point when trying to squeeze a prohibited mark in. */
enum { SQUEEZE_LOOKAHEAD = 64 };

/* A full-width mark that may give up room (txt_unit.squeeze_em before set_squeeze). */
static bool is_mark(const txt_unit *u) {
  return u->wide && (u->kind == TXT_UNIT_OPEN || u->kind == TXT_UNIT_CLOSE ||
                     u->kind == TXT_UNIT_STOP || u->kind == TXT_UNIT_MIDDLE);
}

/* How far a mark squeezed by 'squeeze' moves left: the share taken from its left side. */
static double squeeze_shift(const lay_para *p, size_t k, double squeeze) {
  return squeeze * p->sql[k];
}

/* How much each mark may give and from which side, by where its glyph has ink (GB/T 15834 and
 * clreq give half an em: closing marks and stops on the right, opening marks on the left, the
 * interpunct a quarter on each side). A font that draws 、 in the middle of its em box has less
 * blank on the right than that: the mark gives what is blank there, keeping LAY_MARK_CLEAR_EM
 * from its ink, and the rest of its half em from the other side if that side is blank. */
static void set_squeeze(lay_para *p, lay_document *doc) {
  const double em = p->fmt.size_pt;
  for (size_t i = 0; i < p->nunits; i++) {
    txt_unit *u = &p->units[i];
    if (!is_mark(u)) continue;
    double gl = u->kind == TXT_UNIT_OPEN ? u->squeeze_em : u->kind == TXT_UNIT_MIDDLE ? u->squeeze_em / 2 : 0;
    double gr = u->squeeze_em - gl;
    double l, r;
    if (p->ncp[i] == 1 && em > 0 && lay_ink(doc, p->fmt.font, p->text + u->offset, u->len, &l, &r)) {
      double adv = p->adv[i] / em; /* the advance in em */
      double blank_l = fmax(0, l * adv - LAY_MARK_CLEAR_EM), blank_r = fmax(0, (1 - r) * adv - LAY_MARK_CLEAR_EM);
      if (u->kind == TXT_UNIT_MIDDLE) {
        gl = fmin(gl, blank_l);
        gr = fmin(gr, blank_r);
      } else if (u->kind == TXT_UNIT_OPEN) {
        gl = fmin(u->squeeze_em, blank_l);
        gr = fmin(u->squeeze_em - gl, blank_r);
      } else {
        gr = fmin(u->squeeze_em, blank_r);
        gl = fmin(u->squeeze_em - gr, blank_l);
      }
    }
    u->squeeze_em = gl + gr;
    p->sql[i] = u->squeeze_em > 0 ? gl / u->squeeze_em : 0;
  }
}

typedef struct {
  size_t first, end; /* units, trailing spaces and the newline excluded */
  bool forced;       /* ends the paragraph or at a newline: not justified */
} raw_line;

typedef struct {
  lay_para *p;
  double *pw;   /* pitch width: advance plus tracking after each character (spaces: none) */
  double *sq;   /* squeeze always applied (adjacent marks) */
  double *ex;   /* squeeze available to make a line fit */
  raw_line *lines;
  size_t nlines, cap;
  lay_document *doc;
} breaker;

/* Squeeze a unit may give to fit its line; an opening mark starting the line keeps its room
 * so that nothing is drawn left of the line start. */
static double ex_at(const breaker *b, size_t k, size_t first) {
  if (k == first && b->p->units[k].kind == TXT_UNIT_OPEN) return 0;
  return b->ex[k];
}

static double line_avail(const lay_para *p, size_t line_index) {
  return p->fmt.measure_pt - (line_index == 0 ? p->fmt.first_indent : p->fmt.rest_indent);
}

static void add_line(breaker *b, size_t first, size_t end, bool forced) {
  b->lines = xgrow(b->lines, &b->cap, b->nlines + 1, sizeof *b->lines);
  /* trailing spaces vanish at the line end */
  while (end > first && b->p->units[end - 1].kind == TXT_UNIT_SPACE) end--;
  b->lines[b->nlines++] = (raw_line){first, end, forced};
}

/* Natural width of units [first, end) and the squeeze still available in it. */
static void span_width(const breaker *b, size_t first, size_t end, double *natural,
                       double *avail_sq) {
  double w = 0, x = 0;
  size_t last = end;
  while (last > first && b->p->units[last - 1].kind == TXT_UNIT_SPACE) last--;
  for (size_t k = first; k < last; k++) {
    w += b->pw[k] - b->sq[k];
    x += ex_at(b, k, first);
  }
  if (last > first && b->p->units[last - 1].kind != TXT_UNIT_SPACE) w -= b->p->fmt.tracking_pt;
  *natural = w;
  *avail_sq = x;
}

/* An address or URL is broken after - / @ _ but before a period (Chicago 7.42): a line that
 * ends with "example." reads as the end of a sentence, one that starts with ".cn" cannot. */
static bool breaks_after(char c) { return c == '-' || c == '/' || c == '@' || c == '_'; }
static bool url_mark(char c) { return breaks_after(c) || c == '.'; }

bool lay_para_soft_break(const lay_para *p, size_t j) {
  if (j == 0 || j >= p->nunits || !p->glue[j]) return false;
  const txt_unit *u = &p->units[j - 1], *v = &p->units[j];
  char c = u->len == 1 ? p->text[u->offset] : 0;
  char d = v->len >= 1 ? p->text[v->offset] : 0;
  return d == '.' ? !url_mark(c) : breaks_after(c);
}

/* Where to end a line [s, i) that has no break opportunity: at i, or inside a broken word —
 * at a soft break (lay_para_soft_break) when that leaves the line at least half full, or before the
 * word's last character when unit i (a closing mark) may not start a line. 'w' is the natural
 * width of [s, i) with its trailing tracking. */
static size_t emergency_break(const breaker *b, size_t s, size_t i, double w, double avail) {
  const lay_para *p = b->p;
  const double t = p->fmt.tracking_pt;
  size_t j = i;
  if (!p->glue[j] && j > s + 1 && p->glue[j - 1]) {
    w -= b->pw[j - 1] - b->sq[j - 1];
    j--;
  }
  const size_t fallback = j;
  for (; j > s && p->glue[j]; j--) {
    if (w - t < avail / 2 - LAY_EPS) break;
    if (lay_para_soft_break(p, j)) return j;
    w -= b->pw[j - 1] - b->sq[j - 1];
  }
  return fallback;
}

/* ---- Breaking a code, URL or e-mail address where a justified line would open up ---- */

/* Slack of the line [s, i) ('w': natural width with trailing tracking) that justification could
 * not spread within LAY_MAX_GAP_EM per gap and an em per typed space. */
static double unspread_slack(const breaker *b, size_t s, size_t i, double w, double avail) {
  const lay_para *p = b->p;
  double slack = avail - (w - p->fmt.tracking_pt);
  size_t gaps = 0, spaces = 0;
  for (size_t k = s + 1; k < i; k++) {
    if (p->glue[k] || p->units[k - 1].kind == TXT_UNIT_SPACE) continue;
    if (p->units[k].kind == TXT_UNIT_SPACE) spaces++;
    else gaps++;
  }
  double max_gap = fmax(0, LAY_MAX_GAP_EM * p->fmt.size_pt - p->fmt.tracking_pt);
  return slack - (double)gaps * max_gap - (double)spaces * p->fmt.size_pt;
}

/* Inserts a unit after unit i by cutting i at byte 'cut' of its text: the second piece continues
 * the word (glue: no justification inside it) but a line may start with it. */
static void cut_unit(breaker *b, size_t i, size_t cut) {
  lay_para *p = b->p;
  const size_t n = p->nunits + 1;
  p->units = xrealloc(p->units, n * sizeof *p->units);
  double **dv[] = {&p->adv, &p->x, &p->sqr, &p->sql, &b->pw, &b->sq, &b->ex};
  for (size_t a = 0; a < sizeof dv / sizeof *dv; a++) {
    *dv[a] = xrealloc(*dv[a], (n + 1) * sizeof **dv[a]);
    memmove(*dv[a] + i + 2, *dv[a] + i + 1, (n - i - 1) * sizeof **dv[a]);
  }
  p->ncp = xrealloc(p->ncp, (n + 1) * sizeof *p->ncp);
  memmove(p->ncp + i + 2, p->ncp + i + 1, (n - i - 1) * sizeof *p->ncp);
  p->glue = xrealloc(p->glue, (n + 1) * sizeof *p->glue);
  memmove(p->glue + i + 2, p->glue + i + 1, (n - i - 1) * sizeof *p->glue);
  memmove(p->units + i + 2, p->units + i + 1, (n - i - 2) * sizeof *p->units);
  txt_unit *a = &p->units[i], *c = &p->units[i + 1];
  *c = *a;
  c->offset = a->offset + cut;
  c->len = a->len - cut;
  c->break_before = true;
  a->len = cut;
  p->nunits = n;
  const double em = p->fmt.size_pt, t = p->fmt.tracking_pt;
  for (size_t k = i; k <= i + 1; k++) {
    const txt_unit *u = &p->units[k];
    p->ncp[k] = (unsigned)lay_count_cps(p->text + u->offset, u->len);
    p->adv[k] = lay_measure(b->doc, p->fmt.font, em, p->text + u->offset, u->len);
    b->pw[k] = p->adv[k] + p->ncp[k] * t;
    b->sq[k] = b->ex[k] = p->x[k] = p->sqr[k] = p->sql[k] = 0;
  }
  p->glue[i + 1] = true;
}

/* Where the word at unit i, which does not fit after a line [s, i) of width w, may be cut so that
 * its first piece still fits: after the last - / @ _ or before the last period that leaves two
 * characters on each side and is not next to another of them (not inside "://"). 0 when there is
 * none. */
static size_t soft_cut(const breaker *b, size_t i, double w, double avail) {
  const lay_para *p = b->p;
  const txt_unit *u = &p->units[i];
  const char *text = p->text + u->offset;
  size_t best = 0, chars = 0;
  for (size_t o = 0; o + 1 < u->len; o++) {
    if (((unsigned char)text[o] & 0xC0) != 0x80) chars++;
    char c = text[o], next = text[o + 1];
    /* the cut goes between o and o + 1: after c, or before a period */
    if (next == '.' ? url_mark(c) : !breaks_after(c) || url_mark(next)) continue;
    if (chars < 2) continue;
    if (lay_count_cps(text + o + 1, u->len - o - 1) < 2) break;
    double pw = lay_measure(b->doc, p->fmt.font, p->fmt.size_pt, text, o + 1) +
                (double)lay_count_cps(text, o + 1) * p->fmt.tracking_pt;
    if (w + pw - p->fmt.tracking_pt > avail + LAY_EPS) break;
    best = o + 1;
  }
  return best;
}

/* Whether the line [s, i) of natural width *w (with its trailing tracking) and squeeze *x can
 * take the piece that starts at unit i, up to the next break opportunity (*end), when its marks
 * give up their room; *w and *x then include the piece. */
static bool fits_squeezed(const breaker *b, size_t s, size_t i, double *w, double *x, double avail,
                          size_t *end) {
  const lay_para *p = b->p;
  const size_t n = p->nunits;
  double kw = *w, kx = *x;
  size_t k = i;
  for (; k < n && k < i + SQUEEZE_LOOKAHEAD; k++) {
    if (k > i && (p->units[k].break_before || p->units[k].kind == TXT_UNIT_NEWLINE)) break;
    kw += b->pw[k] - b->sq[k];
    kx += ex_at(b, k, s);
  }
  bool at_break = k >= n || p->units[k].break_before || p->units[k].kind == TXT_UNIT_NEWLINE;
  if (!at_break || kw - p->fmt.tracking_pt - kx > avail + LAY_EPS) return false;
  *end = k;
  *w = kw;
  *x = kx;
  return true;
}

/* Rule 3 for any piece that does not fit, not only one that may not start a line: a justified
 * line of body text on the grid (lay_para_fmt.grid) short of the measure (half-width digits, two marks sharing 1.5 em) takes the next pieces
 * by squeezing its marks (挤进) as long as they can give the room, and is spread (推出) only
 * when they cannot: 先挤进，后推出 (clreq 3.2; JLReq 3.8.1, push-in first). A line of Han text
 * so holds the 28 characters of the grid instead of being spread by the width of a character;
 * a line that fills the measure exactly is not touched. Off the grid (table cells, forms) a
 * short line is spread as before: there is no character grid to fill. */
static bool push_in(const breaker *b, size_t s, size_t i, double *w, double *x, double avail,
                    size_t *end) {
  double natural, sq;
  span_width(b, s, i, &natural, &sq);
  if (fabs(avail - natural) <= LAY_EPS) return false;
  return fits_squeezed(b, s, i, w, x, avail, end);
}

/* Greedy line filling from unit s on, appending lines after those already in b. */
static void break_from(breaker *b, size_t s) {
  lay_para *p = b->p;
  const double t = p->fmt.tracking_pt;
  size_t n = p->nunits;
  while (s < n) {
    while (s < n && p->units[s].kind == TXT_UNIT_SPACE) s++;
    if (s >= n) break;
    const double avail = line_avail(p, b->nlines);
    double w = 0, x = 0; /* running natural width (with trailing tracking) and squeeze */
    size_t i = s, last_break = 0, k;
    bool done = false;
    while (i < n) {
      const txt_unit *u = &p->units[i];
      if (u->kind == TXT_UNIT_NEWLINE) {
        add_line(b, s, i, true);
        s = i + 1;
        done = true;
        break;
      }
      double nw = w + b->pw[i] - b->sq[i];
      double content = u->kind == TXT_UNIT_SPACE ? w - t : nw - t;
      if (content <= avail + LAY_EPS || i == s) {
        /* only a single character can still be wider than the line (split_long_units) */
        if (i == s && content > avail + LAY_EPS) p->overflow = true;
        w = nw;
        x += ex_at(b, i, s);
        i++;
        if (i < n && p->units[i].break_before) last_break = i;
        continue;
      }
      if (u->break_before && i > s && p->fmt.grid && p->fmt.align == LAY_ALIGN_JUSTIFY &&
          push_in(b, s, i, &w, &x, avail, &k)) {
        i = k;
        if (i < n && p->units[i].break_before) last_break = i;
        continue;
      }
      if (u->kind == TXT_UNIT_WORD && u->break_before && !p->glue[i] && i > s &&
          p->fmt.align == LAY_ALIGN_JUSTIFY && unspread_slack(b, s, i, w, avail) > LAY_EPS) {
        /* the line would open up past what extractors read as one word: cut the code, URL or
         * e-mail address at its last permitted point that fits, and go on filling the line */
        size_t cut = soft_cut(b, i, w, avail);
        if (cut > 0) {
          cut_unit(b, i, cut);
          n = p->nunits;
          continue;
        }
      }
      if (u->kind == TXT_UNIT_SPACE || u->break_before) {
        add_line(b, s, i, false);
        s = i;
        done = true;
        break;
      }
      /* A unit that may not start a line: first squeeze the line so it fits (rule 3). */
      if (fits_squeezed(b, s, i, &w, &x, avail, &k)) {
        add_line(b, s, k, k >= n);
        s = k;
        done = true;
        break;
      }
      /* then push the previous character down with it */
      if (last_break > s) {
        add_line(b, s, last_break, false);
        s = last_break;
      } else {
        /* no break opportunity at all: break anyway, inside a too-long word if need be */
        size_t j = emergency_break(b, s, i, w, avail);
        add_line(b, s, j, false);
        s = j;
      }
      done = true;
      break;
    }
    if (!done) {
      add_line(b, s, n, true);
      s = n;
    }
  }
}

static void break_lines(breaker *b) {
  break_from(b, 0);
  if (b->nlines == 0) add_line(b, 0, 0, true);
  b->lines[b->nlines - 1].forced = true;
}

static bool lone_han(const breaker *b, const raw_line *l) {
  size_t han = 0, other = 0;
  for (size_t k = l->first; k < l->end; k++) {
    const txt_unit *u = &b->p->units[k];
    if (u->kind == TXT_UNIT_HAN) han++;
    else if (!is_mark(u)) other++;
  }
  return han == 1 && other == 0;
}

/* Whether lines k..nlines-2 can each end one unit earlier (line k giving its last unit to the
 * next, every line after it starting one unit earlier), the grid kept: line k over-full before
 * (wider than the measure, its marks squeezed) and at most half an em short after, the others no
 * narrower than they were (up to the measure), each fitting once squeezed and breaking only
 * where a line may. Fills ends[j - k] when so. */
static bool can_shift_down(const breaker *b, size_t k, size_t *ends) {
  const lay_para *p = b->p;
  const size_t last = b->nlines - 1;
  const double half = p->fmt.size_pt / 2;
  for (size_t j = k; j < last; j++) {
    const raw_line *l = &b->lines[j];
    if (l->forced || b->lines[j + 1].first != l->end || l->end < l->first + 2) return false;
    size_t e = l->end - 1, first = j == k ? l->first : ends[j - 1 - k];
    const txt_unit *u = &p->units[e];
    if (!u->break_before || u->kind == TXT_UNIT_SPACE || p->glue[e]) return false;
    double nat0, sq0, nat, sq, avail = line_avail(p, j);
    span_width(b, l->first, l->end, &nat0, &sq0);
    span_width(b, first, e, &nat, &sq);
    /* line k held more than the measure (its marks squeezed, 先挤进) and may come out half an
     * em short of it (a half-width digit), then spread; the others keep their width */
    double least = j == k ? (nat0 > avail + LAY_EPS ? avail - half : INFINITY) : fmin(nat0, avail);
    if (nat - sq > avail + LAY_EPS || nat < least - LAY_EPS) return false;
    ends[j - k] = e;
  }
  double nat, sq;
  span_width(b, ends[last - 1 - k], b->lines[last].end, &nat, &sq);
  return nat - sq <= line_avail(p, last) + LAY_EPS;
}

/* On the grid (GB/T 9704 5.2.2: every line but the last holds its 28 characters) a lone Han on
 * the last line takes a unit down only from the nearest of the lines above (up to six) that holds
 * more than a full line by squeezing its marks, the lines between moving one unit along; a line
 * left one character short failed gbt9704_check 4b ("…提供联系" / "方式。"). */
static bool grid_shift_down(breaker *b) {
  const size_t last = b->nlines - 1;
  size_t ends[8];
  for (size_t k = last; k-- > 0 && last - k <= 6;) {
    if (!can_shift_down(b, k, ends)) continue;
    for (size_t j = k; j < last; j++) {
      b->lines[j].end = ends[j - k];
      b->lines[j + 1].first = ends[j - k];
    }
    return true;
  }
  return false;
}

/* Whether lines from..nlines-2 each hold the measure (a half-width digit may leave half an em). */
static bool lines_full(const breaker *b, size_t from) {
  const double half = b->p->fmt.size_pt / 2;
  for (size_t j = from; j + 1 < b->nlines; j++) {
    double nat, sq;
    span_width(b, b->lines[j].first, b->lines[j].end, &nat, &sq);
    if (b->lines[j].forced || nat < line_avail(b->p, j) - half - LAY_EPS) return false;
  }
  return true;
}

/* When no line can give a unit down (grid_shift_down), the break moves earlier in the paragraph:
 * the nearest line above (up to six) whose marks can give the room takes the next piece (先挤进),
 * and the lines after it are broken again. Taken when the paragraph then has no more lines, no
 * lone Han on its last and every line but the last full: "…可以书面形式向湖南省工" taking 业
 * lets "…提供联系方式。" close the paragraph squeezed, where "…提供联系" / "方式。" left a line
 * one character short (gbt9704_check 4b). */
static bool grid_shift_up(breaker *b) {
  const size_t nsaved = b->nlines, last = nsaved - 1, n = b->p->nunits;
  raw_line *saved = xmalloc(nsaved * sizeof *saved);
  memcpy(saved, b->lines, nsaved * sizeof *saved);
  bool taken = false;
  for (size_t k = last; k-- > 0 && last - k <= 6 && !taken;) {
    const raw_line *l = &saved[k];
    if (l->forced) break; /* a hard line break: the lines above it are another run */
    if (saved[k + 1].first != l->end || l->end >= n || l->end == l->first) continue;
    double w, x;
    size_t e;
    span_width(b, l->first, l->end, &w, &x);
    w += b->p->fmt.tracking_pt;
    if (!fits_squeezed(b, l->first, l->end, &w, &x, line_avail(b->p, k), &e)) continue;
    b->nlines = k + 1;
    b->lines[k].end = e;
    break_from(b, e);
    b->lines[b->nlines - 1].forced = true;
    taken = b->nlines <= nsaved && !lone_han(b, &b->lines[b->nlines - 1]) && lines_full(b, k + 1);
    if (!taken) {
      memcpy(b->lines, saved, nsaved * sizeof *saved);
      b->nlines = nsaved;
    }
  }
  free(saved);
  return taken;
}

/* Rule 7: a single Han character alone on the last line joins the previous line when squeezing
 * allows, otherwise takes one more unit down with it (on the grid, from a line that can spare
 * one if there is such a line: grid_shift_down). */
static void avoid_lone_han(breaker *b) {
  if (b->nlines < 2) return;
  raw_line *last = &b->lines[b->nlines - 1], *prev = &b->lines[b->nlines - 2];
  if (prev->forced || !lone_han(b, last)) return;
  double natural, sq;
  span_width(b, prev->first, last->end, &natural, &sq);
  if (natural - sq <= line_avail(b->p, b->nlines - 2) + LAY_EPS) {
    prev->end = last->end;
    prev->forced = true;
    b->nlines--;
    return;
  }
  if (b->p->fmt.grid && (grid_shift_down(b) || grid_shift_up(b))) return;
  for (size_t j = prev->end; j-- > prev->first + 1;) {
    if (!b->p->units[j].break_before) continue;
    span_width(b, j, last->end, &natural, &sq);
    if (natural - sq > line_avail(b->p, b->nlines - 1) + LAY_EPS) return;
    size_t e = j;
    while (e > prev->first && b->p->units[e - 1].kind == TXT_UNIT_SPACE) e--;
    prev->end = e;
    last->first = j;
    return;
  }
}

/* Squeezes, spreads and aligns each line; fills p->x and p->lines. */
static void place_lines(breaker *b) {
  lay_para *p = b->p;
  const double t = p->fmt.tracking_pt;
  p->lines = xcalloc(b->nlines, sizeof *p->lines);
  p->nlines = p->lines_cap = b->nlines;
  for (size_t li = 0; li < b->nlines; li++) {
    const raw_line *l = &b->lines[li];
    const double avail = line_avail(p, li);
    double natural, xs;
    span_width(b, l->first, l->end, &natural, &xs);
    /* Marks inside the line share the squeeze first; the mark at the line end (rule 4) gives
     * up its half only for the rest, since its em box then reaches past the measure. */
    double f = 0, end_sq = 0;
    size_t last = l->end > l->first ? l->end - 1 : l->end;
    if (natural > avail + LAY_EPS && xs > 0) {
      double need = natural - avail;
      double end_ex = l->end > l->first ? ex_at(b, last, l->first) : 0;
      xs -= end_ex;
      if (xs > 0) {
        f = fmin(1.0, need / xs);
        need -= f * xs;
      }
      if (need > LAY_EPS) end_sq = fmin(end_ex, need);
    }
    double width = natural - f * xs - end_sq;
    /* rule 5: the slack is spread over the line's permitted points, never between the pieces
     * of a broken word: each gap between two glyphs opens up at most to LAY_MAX_GAP_EM (beyond
     * it text extractors read a word space that is not in the text: pdftotext's default mode
     * from 0.1 em, -raw from 0.15 em), typed spaces take what the gaps cannot; a line whose
     * slack is larger still is left short of the measure rather than opened up. */
    size_t gaps = 0, spaces = 0;
    for (size_t k = l->first + 1; k < l->end; k++) {
      if (p->glue[k] || p->units[k - 1].kind == TXT_UNIT_SPACE) continue;
      if (p->units[k].kind == TXT_UNIT_SPACE) spaces++;
      else gaps++;
    }
    double extra = 0, space_extra = 0;
    if (p->fmt.align == LAY_ALIGN_JUSTIFY && !l->forced && gaps + spaces > 0 && width < avail) {
      double slack = avail - width;
      double max_gap = fmax(0, LAY_MAX_GAP_EM * p->fmt.size_pt - t);
      extra = fmin(slack / (double)(gaps + spaces), max_gap);
      if (spaces > 0) space_extra = (slack - extra * (double)gaps) / (double)spaces;
      if (spaces > 0 && space_extra > p->fmt.size_pt) space_extra = p->fmt.size_pt;
    }
    double xb = 0;
    for (size_t k = l->first; k < l->end; k++) {
      if (k > l->first && !p->glue[k] && p->units[k - 1].kind != TXT_UNIT_SPACE)
        xb += p->units[k].kind == TXT_UNIT_SPACE ? space_extra : extra;
      double squeeze = b->sq[k] + (k == last ? end_sq : f * ex_at(b, k, l->first));
      p->x[k] = xb - squeeze_shift(p, k, squeeze);
      p->sqr[k] = squeeze - squeeze_shift(p, k, squeeze);
      xb += b->pw[k] - squeeze;
    }
    if (l->end > l->first) width = xb - t;
    double x0 = li == 0 ? p->fmt.first_indent : p->fmt.rest_indent;
    if (p->fmt.align == LAY_ALIGN_CENTER) x0 += (avail - width) / 2;
    else if (p->fmt.align == LAY_ALIGN_RIGHT) x0 += avail - width;
    p->lines[li] = (lay_pline){l->first, l->end, x0, width};
  }
}

size_t lay_count_cps(const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    if (((unsigned char)s[i] & 0xC0) == 0x80) continue;
    /* invisible characters (lay_invisible) get no tracking: the PDF does not draw them, so its
     * character spacing never applies to them */
    uint32_t cp = 0;
    if ((unsigned char)s[i] >= 0xC2 && txt_utf8_decode(s + i, len - i, &cp) > 0 && lay_invisible(cp))
      continue;
    n++;
  }
  return n;
}

/* Code points that stay with the one before them when a word is broken: combining marks,
 * variation selectors, emoji modifiers and tags, and anything after a zero-width joiner (and, in
 * cluster_len, the invisible characters, so that no piece is a lone U+2060). */
static bool extends_cluster(uint32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
         (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
         (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x200D ||
         (cp >= 0x3099 && cp <= 0x309A) || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
         (cp >= 0xE0020 && cp <= 0xE007F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

/* Bytes of the character (an approximate grapheme cluster) at 's'; at least 1. */
static size_t cluster_len(const char *s, size_t len) {
  uint32_t cp = 0;
  size_t n = txt_utf8_decode(s, len, &cp);
  if (n == 0) return 1; /* a malformed byte is a character of its own */
  bool joined = false;
  while (n < len) {
    uint32_t next = 0;
    size_t m = txt_utf8_decode(s + n, len - n, &next);
    if (m == 0 || !(joined || extends_cluster(next) || lay_invisible(next))) break;
    joined = next == 0x200D;
    n += m;
  }
  return n;
}

/* Replaces every unit wider than the line it would start on by its characters, glued together
 * (p->glue): the breaker then fills each line with as many as fit. Units that fit are kept
 * whole, so ordinary text is broken exactly as before. */
static void split_long_units(lay_para *p, lay_document *doc) {
  const size_t n = p->nunits;
  const double t = p->fmt.tracking_pt;
  const double avail0 = p->fmt.measure_pt - p->fmt.first_indent;
  const double avail1 = p->fmt.measure_pt - p->fmt.rest_indent;
  size_t first = 0; /* the unit that starts line 0 */
  while (first < n && p->units[first].kind == TXT_UNIT_SPACE) first++;
  size_t extra = 0;
  bool *split = xcalloc(n + 1, sizeof *split);
  for (size_t i = 0; i < n; i++) {
    const txt_unit *u = &p->units[i];
    if (u->kind == TXT_UNIT_SPACE || u->kind == TXT_UNIT_NEWLINE || is_mark(u) || p->ncp[i] < 2)
      continue;
    double w = p->adv[i] + (double)(p->ncp[i] - 1) * t;
    const double avail = i == first ? avail0 : avail1;
    if (w <= avail + LAY_EPS) continue;
    size_t pieces = 0;
    for (size_t o = 0; o < u->len; o += cluster_len(p->text + u->offset + o, u->len - o)) pieces++;
    if (pieces < 2) continue;
    if (w > 0 && avail > 0) p->fit = fmin(p->fit, avail / w);
    split[i] = true;
    extra += pieces - 1;
  }
  if (extra == 0) {
    free(split);
    return;
  }
  const size_t m = n + extra;
  txt_unit *units = xcalloc(m, sizeof *units);
  double *adv = xcalloc(m + 1, sizeof *adv);
  unsigned *ncp = xcalloc(m + 1, sizeof *ncp);
  bool *glue = xcalloc(m + 1, sizeof *glue);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const txt_unit *u = &p->units[i];
    if (!split[i]) {
      units[k] = *u;
      adv[k] = p->adv[i];
      ncp[k++] = p->ncp[i];
      continue;
    }
    for (size_t o = 0; o < u->len;) {
      size_t len = cluster_len(p->text + u->offset + o, u->len - o);
      units[k] = *u;
      units[k].offset = u->offset + o;
      units[k].len = len;
      units[k].break_before = o == 0 && u->break_before;
      glue[k] = o > 0;
      ncp[k] = (unsigned)lay_count_cps(p->text + units[k].offset, len);
      adv[k] = lay_measure(doc, p->fmt.font, p->fmt.size_pt, p->text + units[k].offset, len);
      k++;
      o += len;
    }
  }
  free(split);
  free(p->units);
  free(p->adv);
  free(p->ncp);
  free(p->glue);
  p->units = units;
  p->adv = adv;
  p->ncp = ncp;
  p->glue = glue;
  p->nunits = m;
}

/* A run of U+3000 IDEOGRAPHIC SPACE typed at the start of the text or of a line (after a
 * newline) is how Chinese users indent a paragraph: it is content, not collapsible white space.
 * Those units become OTHER (drawn, never trimmed at the line start); on the first line the run
 * replaces the format's own first-line indent rather than adding to it. */
static bool is_typed_indent(const lay_para *p, size_t i) {
  const txt_unit *u = &p->units[i];
  return u->kind == TXT_UNIT_OTHER && u->len == 3 && memcmp(p->text + u->offset, "\u3000", 3) == 0;
}

static void keep_typed_indent(lay_para *p) {
  bool line_start = true;
  for (size_t i = 0; i < p->nunits; i++) {
    txt_unit *u = &p->units[i];
    bool ideo = u->kind == TXT_UNIT_SPACE && u->len == 3 && memcmp(p->text + u->offset, "\u3000", 3) == 0;
    if (line_start && ideo) {
      u->kind = TXT_UNIT_OTHER;
      u->wide = true;
      if (i == 0) p->fmt.first_indent = 0;
      continue;
    }
    line_start = u->kind == TXT_UNIT_NEWLINE;
  }
}

void lay_para_set(lay_para *p, lay_document *doc, const char *text, size_t len,
                  const lay_para_fmt *fmt) {
  memset(p, 0, sizeof *p);
  p->text = text;
  p->len = len;
  p->fmt = *fmt;
  p->fit = 1;
  p->nunits = len ? txt_segment(text, len, &p->units) : 0;
  p->adv = xcalloc(p->nunits + 1, sizeof *p->adv);
  p->ncp = xcalloc(p->nunits + 1, sizeof *p->ncp);
  p->glue = xcalloc(p->nunits + 1, sizeof *p->glue);
  const double em = fmt->size_pt, t = fmt->tracking_pt;
  for (size_t i = 0; i < p->nunits; i++) {
    const txt_unit *u = &p->units[i];
    if (u->kind == TXT_UNIT_NEWLINE) continue;
    p->ncp[i] = (unsigned)lay_count_cps(text + u->offset, u->len);
    p->adv[i] = lay_measure(doc, fmt->font, em, text + u->offset, u->len);
  }
  keep_typed_indent(p);
  split_long_units(p, doc);
  size_t n = p->nunits;
  /* a typed indent is one block of space: no justification inside it or right after it */
  for (size_t i = 1; i < n; i++)
    if (is_typed_indent(p, i - 1)) p->glue[i] = true;
  p->x = xcalloc(n + 1, sizeof *p->x);
  p->sqr = xcalloc(n + 1, sizeof *p->sqr);
  p->sql = xcalloc(n + 1, sizeof *p->sql);
  set_squeeze(p, doc);
  breaker b = {p, xcalloc(n + 1, sizeof(double)), xcalloc(n + 1, sizeof(double)),
               xcalloc(n + 1, sizeof(double)), NULL, 0, 0, doc};
  for (size_t i = 0; i < n; i++) {
    const txt_unit *u = &p->units[i];
    if (u->kind == TXT_UNIT_NEWLINE) continue;
    if (u->kind == TXT_UNIT_SPACE) {
      /* rule 6: a space next to a wide character is at most a quarter em */
      bool wide_near = (i > 0 && p->units[i - 1].wide) || (i + 1 < n && p->units[i + 1].wide);
      double w = p->adv[i];
      if (wide_near && p->ncp[i] == 1 && !u->wide && w > em / 4) w = em / 4;
      b.pw[i] = w;
      continue;
    }
    b.pw[i] = p->adv[i] + p->ncp[i] * t;
    if (is_mark(u)) b.ex[i] = u->squeeze_em * em;
  }
  /* rule 4: two adjacent marks take at most 1.5 em */
  for (size_t i = 0; i + 1 < n; i++) {
    const txt_unit *a = &p->units[i], *c = &p->units[i + 1];
    if (!is_mark(a) || !is_mark(c)) continue;
    if ((a->kind == TXT_UNIT_CLOSE || a->kind == TXT_UNIT_STOP) && b.sq[i] == 0) {
      b.sq[i] = a->squeeze_em * em;
      b.ex[i] = 0;
    } else if (c->kind == TXT_UNIT_OPEN) {
      b.sq[i + 1] = c->squeeze_em * em;
      b.ex[i + 1] = 0;
    }
  }
  break_lines(&b);
  avoid_lone_han(&b);
  place_lines(&b);
  free(b.pw);
  free(b.sq);
  free(b.ex);
  free(b.lines);
}

void lay_para_free(lay_para *p) {
  if (!p) return;
  free(p->units);
  free(p->adv);
  free(p->x);
  free(p->sqr);
  free(p->sql);
  free(p->ncp);
  free(p->glue);
  free(p->lines);
  memset(p, 0, sizeof *p);
}

double lay_para_max_width(const lay_para *p) {
  double m = 0;
  for (size_t i = 0; i < p->nlines; i++)
    if (p->lines[i].width > m) m = p->lines[i].width;
  return m;
}

/* Appends the op of units [a, j) of a line, 'cut' narrowing its last character. */
static void push_run(const lay_para *p, lay_document *doc, lay_page *page, double x, double y,
                     double tracking, double cut, lay_color color, src_loc from, size_t a, size_t j) {
  const txt_unit *u = &p->units[a], *last = &p->units[j - 1];
  lay_push_text(doc, page, from, p->fmt.font, p->fmt.size_pt, x, y, tracking, color,
                p->text + u->offset, last->offset + last->len - u->offset);
  if (cut > LAY_EPS) page->ops[page->count - 1].u.text.cut_last_pt = cut;
}

/* One text op per run of units set with equal spacing: the run's tracking is that spacing.
 * A run's last character whose advance reaches past where the next one starts (a mark squeezed
 * on its right, or one before a mark squeezed on its left) or past the line end (a mark
 * squeezed there) goes in an op of its own with its advance cut to fit: extractors box glyphs by
 * their advance, and pdftotext -raw starts a new line where one box reaches 0.2 em into the
 * next (the signature line of 附件3 came out one name per line). */
void lay_para_emit_line(const lay_para *p, lay_document *doc, lay_page *page, size_t i,
                        double x0, double y, lay_color color, src_loc from) {
  const lay_pline *l = &p->lines[i];
  const double t = p->fmt.tracking_pt;
  size_t k = l->first;
  while (k < l->end) {
    const txt_unit *u = &p->units[k];
    if (u->kind == TXT_UNIT_SPACE || u->kind == TXT_UNIT_NEWLINE) {
      k++;
      continue;
    }
    size_t a = k;
    bool have_t = false, multi = p->ncp[a] > 1;
    double T = t;
    size_t j = a + 1;
    for (; j < l->end; j++) {
      const txt_unit *v = &p->units[j];
      if (v->kind == TXT_UNIT_SPACE || v->kind == TXT_UNIT_NEWLINE) break;
      if (p->units[j - 1].offset + p->units[j - 1].len != v->offset) break;
      double drawn = p->adv[j - 1] + ((double)p->ncp[j - 1] - 1) * t; /* ncp 0: a lone U+2060 */
      double gap = p->x[j] - p->x[j - 1] - drawn;
      if (!have_t) {
        if (multi && fabs(gap - t) > 1e-6) break;
        if (p->ncp[j] > 1 && fabs(gap - t) > 1e-6) break;
        if (gap < fmin(t, 0) - LAY_EPS && p->ncp[j - 1] == 1) break; /* overlap: cut below */
        T = gap;
        have_t = true;
      } else {
        if (fabs(gap - T) > 1e-6) break;
        if (p->ncp[j] > 1 && fabs(T - t) > 1e-6) break;
      }
      if (p->ncp[j] > 1) multi = true;
    }
    double run_t = have_t ? T : t;
    /* how far the last character's advance reaches past the next one's start or the line end */
    double cut = 0, last_t = run_t;
    if (p->ncp[j - 1] == 1) {
      if (j == l->end) {
        cut = p->sqr[j - 1];
        last_t = t;
      } else if (p->units[j].kind != TXT_UNIT_SPACE && p->units[j].kind != TXT_UNIT_NEWLINE) {
        double gap = p->x[j] - p->x[j - 1] - p->adv[j - 1];
        if (gap < fmin(t, 0) - LAY_EPS) { /* more than the grid's own tracking */
          cut = -gap;
          last_t = 0;
        }
      }
    }
    if (j - a > 1 && (cut > LAY_EPS || fabs(last_t - run_t) > 1e-6)) {
      push_run(p, doc, page, x0 + l->x + p->x[a], y, run_t, 0, color, from, a, j - 1);
      a = j - 1;
    }
    push_run(p, doc, page, x0 + l->x + p->x[a], y, j - a == 1 ? last_t : run_t, cut, color, from,
             a, j);
    k = j;
  }
}
