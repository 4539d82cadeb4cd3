/* document: pages, display-list ops, the measuring cache, page numbers (GB/T 9704 clause 7.5)
 * and the text dump used by golden tests. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "layout/layout_private.h"

lay_document *lay_document_new(const lay_metrics *metrics, lay_options options, diag_sink *diag) {
  lay_document *doc = xcalloc(1, sizeof *doc);
  doc->metrics = metrics;
  doc->options = options;
  doc->diag = diag;
  doc->mem = arena_new();
  doc->y = LAY_TOP_PT;
  return doc;
}

void lay_document_free(lay_document *doc) {
  if (!doc) return;
  lay_tail_free(doc);
  lay_table_free_all(doc);
  for (size_t i = 0; i < doc->npages; i++) {
    free(doc->pages[i].page.ops);
    free(doc->pages[i].lines);
  }
  free(doc->pages);
  free(doc->mcache);
  arena_free(doc->mem);
  free(doc);
}

static const char *dup_or_null(lay_document *doc, const char *s) {
  return s ? arena_strdup(doc->mem, s) : NULL;
}

void lay_set_info(lay_document *doc, const lay_info *info) {
  doc->info.title = dup_or_null(doc, info->title);
  doc->info.author = dup_or_null(doc, info->author);
  doc->info.subject = dup_or_null(doc, info->subject);
  doc->info.keywords = dup_or_null(doc, info->keywords);
  doc->info.creator = dup_or_null(doc, info->creator);
  doc->info.date = dup_or_null(doc, info->date);
}

const lay_info *lay_get_info(const lay_document *doc) { return &doc->info; }

lay_time lay_info_time(const lay_info *info) {
  int y, mo, d;
  if (info && info->date && sscanf(info->date, "%4d-%2d-%2d", &y, &mo, &d) == 3 && mo >= 1 && mo <= 12 && d >= 1 &&
      d <= 31)
    return (lay_time){true, false, y, mo, d, 0, 0, 0};
  const char *sde = getenv("SOURCE_DATE_EPOCH");
  if (sde && *sde) {
    char *endp;
    long long t = strtoll(sde, &endp, 10);
    struct tm tm;
    time_t tt = (time_t)t;
    if (!*endp && t >= 0 && gmtime_r(&tt, &tm))
      return (lay_time){true, true, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec};
  }
  return (lay_time){0};
}

void lay_error(lay_document *doc, src_loc at, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  doc->errors++;
  if (doc->diag) diag_error(doc->diag, at, "%s", buf);
}

void lay_warning(lay_document *doc, src_loc at, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (doc->diag) diag_warning(doc->diag, at, "%s", buf);
}

/* ---- measuring cache ---- */

enum { MCACHE_MAX_BYTES = 16 };

static uint64_t mhash(const unsigned char *key, size_t n, double size) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) h = (h ^ key[i]) * 1099511628211ull;
  uint64_t bits;
  memcpy(&bits, &size, sizeof bits);
  return (h ^ bits) * 1099511628211ull;
}

static void mcache_grow(lay_document *doc) {
  size_t old_cap = doc->mcache_cap;
  lay_mcache_entry *old = doc->mcache;
  doc->mcache_cap = old_cap ? old_cap * 2 : 1024;
  doc->mcache = xcalloc(doc->mcache_cap, sizeof *doc->mcache);
  doc->mcache_used = 0;
  for (size_t i = 0; i < old_cap; i++) {
    if (!old[i].used) continue;
    size_t n = 2u + old[i].key[1];
    size_t j = mhash(old[i].key, n, old[i].size_pt) & (doc->mcache_cap - 1);
    while (doc->mcache[j].used) j = (j + 1) & (doc->mcache_cap - 1);
    doc->mcache[j] = old[i];
    doc->mcache_used++;
  }
  free(old);
}

bool lay_ink(lay_document *doc, lay_font font, const char *utf8, size_t len, double *left,
             double *right) {
  if (!doc->metrics->ink || len == 0) return false;
  if (len < sizeof doc->ink[0].s)
    for (size_t i = 0; i < doc->nink; i++)
      if (doc->ink[i].font == font && doc->ink[i].len == len && memcmp(doc->ink[i].s, utf8, len) == 0) {
        *left = doc->ink[i].left;
        *right = doc->ink[i].right;
        return doc->ink[i].ok;
      }
  bool ok = doc->metrics->ink(doc->metrics->ctx, font, utf8, len, left, right);
  if (len < sizeof doc->ink[0].s && doc->nink < sizeof doc->ink / sizeof *doc->ink) {
    size_t i = doc->nink++;
    doc->ink[i].font = font;
    doc->ink[i].len = (unsigned char)len;
    memcpy(doc->ink[i].s, utf8, len);
    doc->ink[i].left = ok ? *left : 0;
    doc->ink[i].right = ok ? *right : 0;
    doc->ink[i].ok = ok;
  }
  return ok;
}

double lay_measure(lay_document *doc, lay_font font, double size_pt, const char *utf8, size_t len) {
  if (len == 0) return 0;
  if (len > MCACHE_MAX_BYTES)
    return doc->metrics->advance_pt(doc->metrics->ctx, font, size_pt, utf8, len);
  if ((doc->mcache_used + 1) * 2 > doc->mcache_cap) mcache_grow(doc);
  unsigned char key[24] = {0};
  key[0] = (unsigned char)font;
  key[1] = (unsigned char)len;
  memcpy(key + 2, utf8, len);
  size_t n = 2 + len;
  size_t j = mhash(key, n, size_pt) & (doc->mcache_cap - 1);
  while (doc->mcache[j].used) {
    if (doc->mcache[j].size_pt == size_pt && memcmp(doc->mcache[j].key, key, n) == 0)
      return doc->mcache[j].adv_pt;
    j = (j + 1) & (doc->mcache_cap - 1);
  }
  double adv = doc->metrics->advance_pt(doc->metrics->ctx, font, size_pt, utf8, len);
  lay_mcache_entry *e = &doc->mcache[j];
  memcpy(e->key, key, sizeof key);
  e->size_pt = size_pt;
  e->adv_pt = adv;
  e->used = true;
  doc->mcache_used++;
  return adv;
}

/* ---- pages and ops ---- */

void lay_new_page(lay_document *doc) {
  doc->pages = xgrow(doc->pages, &doc->pages_cap, doc->npages + 1, sizeof *doc->pages);
  lay_page_state *ps = &doc->pages[doc->npages++];
  memset(ps, 0, sizeof *ps);
  ps->page.width_pt = LAY_A4_WIDTH_PT;
  ps->page.height_pt = LAY_A4_HEIGHT_PT;
  doc->y = LAY_TOP_PT;
}

lay_page_state *lay_current_page(lay_document *doc) {
  if (doc->npages == 0) lay_new_page(doc);
  return &doc->pages[doc->npages - 1];
}

lay_op *lay_push_op(lay_document *doc, lay_page *page, lay_op_kind kind, src_loc from) {
  page->ops = xgrow(page->ops, &page->cap, page->count + 1, sizeof *page->ops);
  lay_op *op = &page->ops[page->count++];
  memset(op, 0, sizeof *op);
  op->element = (unsigned char)doc->element;
  op->kind = kind;
  op->from = from;
  op->color = LAY_BLACK;
  return op;
}

void lay_push_text(lay_document *doc, lay_page *page, src_loc from, lay_font font, double size_pt,
                   double x, double y, double tracking, lay_color color, const char *utf8,
                   size_t len) {
  lay_op *op = lay_push_op(doc, page, LAY_OP_TEXT, from);
  op->color = color;
  op->u.text.font = font;
  op->u.text.size_pt = size_pt;
  op->u.text.x = x;
  op->u.text.y = y;
  op->u.text.tracking_pt = tracking;
  op->u.text.utf8 = arena_strndup(doc->mem, utf8, len);
}

void lay_push_rule(lay_document *doc, lay_page *page, double x1, double y1, double x2, double y2,
                   double width_pt, lay_color color) {
  lay_op *op = lay_push_op(doc, page, LAY_OP_LINE, SRC_LOC_NONE);
  op->color = color;
  op->u.line.x1 = x1;
  op->u.line.y1 = y1;
  op->u.line.x2 = x2;
  op->u.line.y2 = y2;
  op->u.line.width_pt = width_pt;
}

void lay_record_line(lay_document *doc, size_t op_begin, double top, double height) {
  lay_page_state *ps = lay_current_page(doc);
  ps->lines = xgrow(ps->lines, &ps->lines_cap, ps->nlines + 1, sizeof *ps->lines);
  ps->lines[ps->nlines++] = (lay_line_rec){op_begin, ps->page.count, top, height, false, false};
}

/* ---- finishing ---- */

/* Clause 7.5: "— N —" in 四号 宋体, the dashes 7 mm below the type area; odd pages right-aligned
 * one character in, even pages left-aligned one character in. */
static void add_page_numbers(lay_document *doc) {
  const double size = LAY_PAGENO_PT;
  /* the dash sits about 0.3 em above the baseline */
  const double y = LAY_BOTTOM_PT + 7.0 * LAY_MM_PT + 0.3 * size;
  for (size_t i = 0; i < doc->npages; i++) {
    if (doc->pages[i].no_page_number) continue;
    char buf[64];
    int n = snprintf(buf, sizeof buf, "\xE2\x80\x94 %zu \xE2\x80\x94", i + 1);
    double w = lay_measure(doc, LAY_FONT_SONG, size, buf, (size_t)n);
    double x = (i + 1) % 2 ? LAY_RIGHT_PT - size - w : LAY_LEFT_PT + size;
    doc->element = LAY_EL_PAGE_NUMBER;
    lay_push_text(doc, &doc->pages[i].page, SRC_LOC_NONE, LAY_FONT_SONG, size, x, y, 0,
                  LAY_BLACK, buf, (size_t)n);
    doc->element = LAY_EL_NONE;
  }
}

/* Clause 8 and 7.5: the 版记 is on the last side, an even page. A 版记 sharing an odd page with
 * text moves to a page of its own after it (numbered); a 版记 alone on an odd page gets a blank
 * page before it, and the blank page and the 版记 page carry no page number. */
static void place_colophon_page(lay_document *doc) {
  lay_page_state *last = &doc->pages[doc->npages - 1];
  if (!last->has_colophon || doc->npages % 2 == 0) return;
  bool alone = last->colophon_op == 0;
  lay_new_page(doc);
  lay_page_state *prev = &doc->pages[doc->npages - 2], *page = &doc->pages[doc->npages - 1];
  if (alone) {
    /* the new page is the 版记 page; the old one becomes the blank page */
    lay_page_state tmp = *prev;
    *prev = *page;
    *page = tmp;
    prev->no_page_number = true;
    page->no_page_number = true;
  } else {
    for (size_t k = prev->colophon_op; k < prev->page.count; k++) {
      lay_op *op = lay_push_op(doc, &page->page, prev->page.ops[k].kind, prev->page.ops[k].from);
      *op = prev->page.ops[k];
    }
    prev->page.count = prev->colophon_op;
    prev->has_colophon = false;
    page->has_colophon = true;
    page->colophon_op = 0;
  }
  doc->y = LAY_BOTTOM_PT;
}

bool lay_finish(lay_document *doc) {
  if (doc->finished) return doc->errors == 0;
  lay_flush_table(doc, true);
  lay_current_page(doc);
  lay_absorb_last_lines(doc);
  place_colophon_page(doc);
  if (doc->options.page_numbers) add_page_numbers(doc);
  lay_check_overprint(doc);
  doc->finished = true;
  return doc->errors == 0;
}

size_t lay_page_count(const lay_document *doc) { return doc->npages; }

const lay_page *lay_page_get(const lay_document *doc, size_t index) {
  return index < doc->npages ? &doc->pages[index].page : NULL;
}

/* ---- dump ---- */

static const char *font_name(lay_font f) {
  switch (f) {
    case LAY_FONT_BODY: return "body";
    case LAY_FONT_TITLE: return "title";
    case LAY_FONT_HEADING: return "heading";
    case LAY_FONT_KAI: return "kai";
    case LAY_FONT_SONG: return "song";
    default: return "?";
  }
}

/* Prints -0.00 as 0.00 so dumps are stable. */
static double z(double v) { return fabs(v) < 0.005 ? 0.0 : v; }

static void dump_color(strbuf *b, lay_color c) {
  if (c.r != 0 || c.g != 0 || c.b != 0) strbuf_printf(b, " rgb=%.2f,%.2f,%.2f", c.r, c.g, c.b);
}

char *lay_dump(const lay_document *doc) {
  strbuf b;
  strbuf_init(&b);
  for (size_t i = 0; i < doc->npages; i++) {
    const lay_page *pg = &doc->pages[i].page;
    strbuf_printf(&b, "page %zu %.2fx%.2f\n", i + 1, pg->width_pt, pg->height_pt);
    for (size_t k = 0; k < pg->count; k++) {
      const lay_op *op = &pg->ops[k];
      strbuf_printf(&b, "p%zu ", i + 1);
      switch (op->kind) {
        case LAY_OP_TEXT:
          strbuf_printf(&b, "text %s %g x=%.2f y=%.2f", font_name(op->u.text.font),
                        op->u.text.size_pt, z(op->u.text.x), z(op->u.text.y));
          if (fabs(op->u.text.tracking_pt) >= 0.0005)
            strbuf_printf(&b, " tr=%.3f", op->u.text.tracking_pt);
          if (op->u.text.cut_last_pt >= 0.0005) strbuf_printf(&b, " cut=%.3f", op->u.text.cut_last_pt);
          if (op->u.text.fake_bold) strbuf_append(&b, " bold");
          dump_color(&b, op->color);
          strbuf_printf(&b, " '%s'", op->u.text.utf8);
          break;
        case LAY_OP_LINE:
          strbuf_printf(&b, "line x1=%.2f y1=%.2f x2=%.2f y2=%.2f w=%.2f", z(op->u.line.x1),
                        z(op->u.line.y1), z(op->u.line.x2), z(op->u.line.y2), op->u.line.width_pt);
          dump_color(&b, op->color);
          break;
        case LAY_OP_RECT:
          strbuf_printf(&b, "rect x=%.2f y=%.2f w=%.2f h=%.2f stroke=%.2f%s", z(op->u.rect.x),
                        z(op->u.rect.y), op->u.rect.w, op->u.rect.h, op->u.rect.stroke_pt,
                        op->u.rect.fill ? " fill" : "");
          dump_color(&b, op->color);
          break;
        case LAY_OP_CHECKBOX:
          strbuf_printf(&b, "checkbox x=%.2f y=%.2f size=%.2f%s", z(op->u.checkbox.x),
                        z(op->u.checkbox.y), op->u.checkbox.size,
                        op->u.checkbox.ticked ? " ticked" : "");
          break;
      }
      strbuf_putc(&b, '\n');
    }
  }
  return strbuf_detach(&b);
}
