/* testing: helpers shared by the layout unit tests — a fixed-width fake lay_metrics (wide
 * characters 1 em, everything else half an em) and small queries on the display list. */
#ifndef YINFA_LAYOUT_TESTING_H
#define YINFA_LAYOUT_TESTING_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "layout/layout.h"
#include "layout/layout_private.h"
#include "text/text.h"

static inline double fake_advance(void *ctx, lay_font font, double size_pt, const char *utf8, size_t len) {
  (void)font;
  if (ctx) ++*(long *)ctx;
  double w = 0;
  size_t i = 0;
  while (i < len) {
    uint32_t cp = 0;
    size_t n = txt_utf8_decode(utf8 + i, len - i, &cp);
    if (n == 0) n = 1;
    i += n;
    if (lay_invisible(cp)) continue;
    w += txt_is_wide_zh(cp) ? size_pt : size_pt / 2;
  }
  return w;
}

static long fake_calls;
static const lay_metrics FAKE_METRICS = {&fake_calls, fake_advance, NULL};

static inline lay_document *fake_doc(bool grid, bool page_numbers, diag_sink *diag) {
  lay_options o = {page_numbers, grid};
  return lay_document_new(&FAKE_METRICS, o, diag);
}

/* 'n' copies of the UTF-8 string 'piece', malloc'd. */
static inline char *repeat(const char *piece, size_t n) {
  size_t len = strlen(piece);
  char *s = malloc(len * n + 1);
  for (size_t i = 0; i < n; i++) memcpy(s + i * len, piece, len);
  s[len * n] = 0;
  return s;
}

/* Concatenation of every text op of the document, pages in order, ops in order. Caller frees. */
static inline char *all_text(const lay_document *doc) {
  size_t cap = 1, len = 0;
  for (size_t p = 0; p < lay_page_count(doc); p++) {
    const lay_page *pg = lay_page_get(doc, p);
    for (size_t i = 0; i < pg->count; i++)
      if (pg->ops[i].kind == LAY_OP_TEXT) cap += strlen(pg->ops[i].u.text.utf8);
  }
  char *s = malloc(cap);
  for (size_t p = 0; p < lay_page_count(doc); p++) {
    const lay_page *pg = lay_page_get(doc, p);
    for (size_t i = 0; i < pg->count; i++)
      if (pg->ops[i].kind == LAY_OP_TEXT) {
        size_t n = strlen(pg->ops[i].u.text.utf8);
        memcpy(s + len, pg->ops[i].u.text.utf8, n);
        len += n;
      }
  }
  s[len] = 0;
  return s;
}

static inline size_t count_ops(const lay_page *pg, lay_op_kind kind) {
  size_t n = 0;
  for (size_t i = 0; i < pg->count; i++) n += pg->ops[i].kind == kind;
  return n;
}

static inline double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif
