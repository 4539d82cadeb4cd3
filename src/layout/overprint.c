/* overprint: the last check of a laid-out document, over the ops themselves rather than over
 * the blocks that made them. Blocks that place two texts on one baseline by absolute positions
 * (the 版记's 印发机关 and 印发日期, the 版头's elements, page numbers, cover footers) each
 * measured only their own text, so a long 印发机关 ran into the date and off the page with exit 0
 * (issue 20). Here every text op is measured once more and a document with text over text, or
 * text outside the page, fails at the op's source location: it is never written wrong. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "layout/layout_private.h"

typedef struct {
  double y, x0, x1, size;
  size_t op;
} span;

static int by_line_then_x(const void *a, const void *b) {
  const span *p = a, *q = b;
  if (fabs(p->y - q->y) > 0.01) return p->y < q->y ? -1 : 1;
  return (p->x0 > q->x0) - (p->x0 < q->x0);
}

/* Up to 'max' bytes of 's' cut at a character boundary, for a message. */
static int excerpt_len(const char *s, int max) {
  int n = (int)strlen(s);
  if (n <= max) return n;
  while (n > 0 && n > max) n--;
  while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
  return n;
}

/* Bytes of the first and of the last character of 's'. */
static size_t first_len(const char *s, size_t len) {
  size_t n = 1;
  while (n < len && ((unsigned char)s[n] & 0xC0) == 0x80) n++;
  return n;
}
static size_t last_len(const char *s, size_t len) {
  size_t n = 1;
  while (n < len && ((unsigned char)s[len - n] & 0xC0) == 0x80) n++;
  return n;
}

/* A punctuation mark (general punctuation, CJK symbols, full-width forms): the characters that
 * are squeezed, and the only ones whose ink is asked for (lay_ink caches a few marks). */
static bool is_mark(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  if (n != 3) return false;
  return (u[0] == 0xE2 && (u[1] == 0x80 || u[1] == 0x81)) || (u[0] == 0xE3 && u[1] == 0x80) ||
         (u[0] == 0xEF && (u[1] == 0xBC || u[1] == 0xBD));
}

/* The ink of an op, not its advances: a squeezed mark (the half-em 》 before （) is set by
 * positions that overlap advances while their ink does not. */
static span measure(lay_document *doc, const lay_op *op, size_t k) {
  const char *s = op->u.text.utf8;
  size_t len = strlen(s);
  lay_font f = op->u.text.font;
  double size = op->u.text.size_pt, tr = op->u.text.tracking_pt;
  double w = lay_measure(doc, f, size, s, len) + tr * (double)lay_count_cps(s, len);
  double x0 = op->u.text.x, x1 = x0 + w - tr, l, r;
  size_t a = first_len(s, len), b = last_len(s, len);
  /* metrics that cannot tell a mark's ink: it is taken as the half em a squeeze keeps */
  if (is_mark(s, a))
    x0 += lay_measure(doc, f, size, s, a) * (lay_ink(doc, f, s, a, &l, &r) ? fmax(0, l) : 0.5);
  if (is_mark(s + len - b, b))
    x1 -= lay_measure(doc, f, size, s + len - b, b) *
          (lay_ink(doc, f, s + len - b, b, &l, &r) ? fmax(0, 1 - r) : 0.5);
  return (span){op->u.text.y, x0, fmax(x0, x1), size, k};
}

static void check_page(lay_document *doc, size_t pageno, const lay_page *page, span *sp) {
  size_t n = 0;
  for (size_t k = 0; k < page->count; k++) {
    const lay_op *op = &page->ops[k];
    if (op->kind != LAY_OP_TEXT || !op->u.text.utf8 || !*op->u.text.utf8) continue;
    sp[n++] = measure(doc, op, k);
  }
  qsort(sp, n, sizeof *sp, by_line_then_x);
  for (size_t i = 0; i < n; i++) {
    const lay_op *op = &page->ops[sp[i].op];
    const char *s = op->u.text.utf8;
    /* a glyph's advance may reach a little past the page edge; half a point is not ink */
    if (sp[i].x0 < -0.5 || sp[i].x1 > page->width_pt + 0.5) {
      lay_error(doc, op->from,
                L("page %zu: '%.*s' would be printed %.1f pt off the page: shorten the text",
                  "第 %zu 页：“%.*s”会印出页面 %.1f pt：请缩短该文字"),
                pageno + 1, excerpt_len(s, 120), s,
                fmax(-sp[i].x0, sp[i].x1 - page->width_pt));
      return;
    }
    /* no other text on (about) the same baseline may reach into this one; texts of one line
     * may sit a little apart vertically (table cells centre their lines), so every text in the
     * window is compared, not only the next; a tenth of an em absorbs the rounding of runs set
     * one after another within a line */
    for (size_t j = i + 1; j < n && fabs(sp[j].y - sp[i].y) < 0.3 * fmin(sp[i].size, sp[j].size); j++) {
      double tol = 0.1 * fmin(sp[i].size, sp[j].size);
      if (sp[j].x0 >= sp[i].x1 - tol || sp[i].x0 >= sp[j].x1 - tol) continue;
      const char *t = page->ops[sp[j].op].u.text.utf8;
      lay_error(doc, op->from,
                L("page %zu: '%.*s' and '%.*s' would be printed over each other on one line "
                  "(%.1f pt): shorten the text",
                  "第 %zu 页：“%.*s”与“%.*s”会在同一行上互相压印（%.1f pt）：请缩短该文字"),
                pageno + 1, excerpt_len(s, 120), s, excerpt_len(t, 60), t, sp[i].x1 - sp[j].x0);
      return;
    }
  }
}

void lay_check_overprint(lay_document *doc) {
  size_t most = 0;
  for (size_t i = 0; i < doc->npages; i++)
    if (doc->pages[i].page.count > most) most = doc->pages[i].page.count;
  span *sp = xmalloc((most ? most : 1) * sizeof *sp);
  for (size_t i = 0; i < doc->npages; i++) check_page(doc, i, &doc->pages[i].page, sp);
  free(sp);
}
