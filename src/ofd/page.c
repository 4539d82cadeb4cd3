/* page: one laid-out page → the OFD Content.xml of one page (GB/T 33190 §7.7, §9, §11). Units are
 * mm, y down, origin top-left, as layout's points are (only scaled). Every glyph lands where the
 * PDF draws it: the advances are pdf/'s, written as DeltaX between consecutive glyphs, rounded
 * from absolute positions so that no rounding accumulates along a line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "ofd/ofd_private.h"

#define MM(pt) ((pt) * 25.4 / 72.0)

static const char *utf8_decode(const char *s, const char *end, int32_t *cp) {
  const unsigned char *u = (const unsigned char *)s;
  int n = u[0] < 0x80 ? 1 : (u[0] & 0xE0) == 0xC0 ? 2 : (u[0] & 0xF0) == 0xE0 ? 3 : (u[0] & 0xF8) == 0xF0 ? 4 : 0;
  if (!n || s + n > end) {
    *cp = -1;
    return s + 1;
  }
  int32_t v = n == 1 ? u[0] : n == 2 ? u[0] & 0x1F : n == 3 ? u[0] & 0x0F : u[0] & 0x07;
  for (int i = 1; i < n; i++) {
    if ((u[i] & 0xC0) != 0x80) {
      *cp = -1;
      return s + 1;
    }
    v = v << 6 | (u[i] & 0x3F);
  }
  *cp = v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) ? -1 : v;
  return s + n;
}

static void mark(ofd_writer *w, int fi, uint32_t cp) {
  ofd_font *f = &w->font[fi];
  if (!f->bits) f->bits = xcalloc(0x110000 / 64, sizeof *f->bits);
  f->bits[cp >> 6] |= (uint64_t)1 << (cp & 63);
}

static bool no_font(ofd_writer *w, const lay_op *op, int32_t cp) {
  if (cp < 0)
    diag_error(w->diag, op->from, L("invalid UTF-8 in text", "文本中有无效的 UTF-8"));
  else
    diag_error(w->diag, op->from,
               L("character U+%04X is in no installed font, so %s is not written: install a font that has it "
                 "(yinfa fonts lists the fonts) and run again",
                 "字符 U+%04X 不在任何已安装的字体中，因此未生成 %s：请安装含有该字的字体（yinfa fonts 列出现有字体）后重新运行"),
               (unsigned)cp, w->path);
  return false;
}

/* The checkbox's invisible ☑ / ☐ (as the PDF has, for text extraction): its font file or -1. */
static int box_char(const ofd_writer *w, const lay_op *op, uint32_t *cp) {
  double adv;
  *cp = op->u.checkbox.ticked ? 0x2611 : 0x2610;
  return pdf_fonts_char(w->fonts, LAY_FONT_BODY, *cp, &adv);
}

bool ofd_collect_page(ofd_writer *w, const lay_page *page) {
  for (size_t i = 0; i < page->count; i++) {
    const lay_op *op = &page->ops[i];
    if (op->kind == LAY_OP_CHECKBOX) {
      uint32_t cp;
      int fi = box_char(w, op, &cp);
      if (fi >= 0) mark(w, fi, cp);
      continue;
    }
    if (op->kind != LAY_OP_TEXT || !op->u.text.utf8) continue;
    const char *s = op->u.text.utf8, *end = s + strlen(s);
    while (s < end) {
      int32_t cp;
      s = utf8_decode(s, end, &cp);
      if (cp >= 0 && lay_invisible((uint32_t)cp)) continue;
      double adv;
      int fi = cp < 0 ? -1 : pdf_fonts_char(w->fonts, op->u.text.font, (uint32_t)cp, &adv);
      if (fi < 0) return no_font(w, op, cp);
      mark(w, fi, (uint32_t)cp);
    }
  }
  return true;
}

static void color(ofd_writer *w, xmlTextWriterPtr x, const char *name, lay_color c) {
  char v[48];
  snprintf(v, sizeof v, "%d %d %d", (int)lround(c.r * 255), (int)lround(c.g * 255), (int)lround(c.b * 255));
  (void)w;
  ofd_start(x, name, false);
  ofd_attr(x, "Value", v);
  ofd_end(x);
}

static void boundary(xmlTextWriterPtr x, double x0, double y0, double wd, double ht) {
  char a[32], b[32], c[32], d[32], v[140];
  snprintf(v, sizeof v, "%s %s %s %s", ofd_mm(a, x0), ofd_mm(b, y0), ofd_mm(c, wd), ofd_mm(d, ht));
  ofd_attr(x, "Boundary", v);
}

/* DeltaX values (mm strings), runs of three or more equal ones as "g N v" (GB/T 33190 §11.3). */
static void write_deltas(xmlTextWriterPtr x, char (*d)[32], size_t n, strbuf *out) {
  strbuf_reset(out);
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && strcmp(d[j], d[i]) == 0) j++;
    if (out->len) strbuf_putc(out, ' ');
    if (j - i >= 3)
      strbuf_printf(out, "g %zu %s", j - i, d[i]);
    else
      for (size_t k = i; k < j; k++) strbuf_printf(out, k > i ? " %s" : "%s", d[k]);
    i = j;
  }
  if (n) ofd_attr(x, "DeltaX", out->data);
}

typedef struct {
  uint32_t cp;
  int fi;
  double pen; /* pt, the glyph's origin on the baseline */
  double adv; /* pt, with tracking */
  char utf8[5];
  size_t len;
} glyph;

/* One TextObject for glyphs g[a..b) (one font): a TextCode per stretch, characters beyond the BMP
 * each in a TextCode of their own (readers that count UTF-16 units against DeltaX, ofd.js, then
 * still place every other character right). */
/* The ID of a new object drawing 'op', remembered for the CustomTags when op draws an element. */
static unsigned object_id(ofd_writer *w, const lay_op *op) {
  unsigned id = w->next_id++;
  if (op->element != LAY_EL_NONE) {
    w->tags = xgrow(w->tags, &w->tag_cap, w->ntags + 1, sizeof *w->tags);
    w->tags[w->ntags++] = (struct ofd_tag){op->element, w->page_id, id};
  }
  return id;
}

static void text_object(ofd_writer *w, xmlTextWriterPtr x, const lay_op *op, const glyph *g, size_t a, size_t b,
                        bool bold) {
  double size = op->u.text.size_pt;
  char buf[32];
  ofd_start(x, "TextObject", false);
  ofd_attr_u(x, "ID", object_id(w, op));
  double left = g[a].pen, right = g[b - 1].pen + g[b - 1].adv - op->u.text.cut_last_pt;
  boundary(x, left, op->u.text.y - size, fmax(right - left, 0.01), size * 1.3);
  ofd_attr_u(x, "Font", w->font[g[a].fi].id);
  ofd_attr(x, "Size", ofd_mm(buf, size));
  if (bold) {
    ofd_attr(x, "Stroke", "true");
    ofd_attr(x, "LineWidth", ofd_mm(buf, size * 0.03));
  }
  color(w, x, "FillColor", op->color);
  if (bold) color(w, x, "StrokeColor", op->color);
  /* positions rounded once, absolute: deltas are differences of rounded positions */
  char (*d)[32] = xmalloc((b - a) * sizeof *d);
  strbuf text;
  strbuf_init(&text);
  for (size_t i = a; i < b;) {
    size_t j = i + 1;
    if (g[i].cp < 0x10000)
      while (j < b && g[j].cp < 0x10000) j++;
    ofd_start(x, "TextCode", false);
    ofd_attr(x, "X", ofd_mm(buf, g[i].pen - left));
    ofd_attr(x, "Y", ofd_mm(buf, size));
    strbuf_reset(&text);
    size_t nd = 0;
    for (size_t k = i; k < j; k++) {
      strbuf_append_n(&text, g[k].utf8, g[k].len);
      if (k + 1 < j) {
        double p0 = round(MM(g[k].pen - left) * 1000), p1 = round(MM(g[k + 1].pen - left) * 1000);
        snprintf(d[nd], sizeof d[nd], "%.3f", (p1 - p0) / 1000);
        char *e = d[nd] + strlen(d[nd]) - 1;
        while (*e == '0') *e-- = 0;
        if (*e == '.') *e = 0;
        nd++;
      }
    }
    write_deltas(x, d, nd, &w->num);
    xmlTextWriterWriteString(x, (const xmlChar *)text.data);
    ofd_end(x);
    i = j;
  }
  strbuf_release(&text);
  free(d);
  ofd_end(x);
}

static void path_object(ofd_writer *w, xmlTextWriterPtr x, const lay_op *op, double bx, double by, double bw,
                        double bh, double line_pt, bool stroke, bool fill, const char *data, bool round_ends);

static void text_op(ofd_writer *w, xmlTextWriterPtr x, const lay_op *op) {
  const char *s = op->u.text.utf8 ? op->u.text.utf8 : "", *end = s + strlen(s);
  size_t n = 0, cap = 0;
  glyph *g = NULL;
  double pen = op->u.text.x;
  while (s < end) {
    const char *start = s;
    int32_t cp;
    s = utf8_decode(s, end, &cp);
    if (cp < 0 || lay_invisible((uint32_t)cp)) continue; /* collect pass refused invalid text */
    double em;
    int fi = pdf_fonts_char(w->fonts, op->u.text.font, (uint32_t)cp, &em);
    if (fi < 0) continue;
    g = xgrow(g, &cap, n + 1, sizeof *g);
    double adv = em * op->u.text.size_pt + op->u.text.tracking_pt;
    g[n] = (glyph){(uint32_t)cp, fi, pen, adv, {0}, (size_t)(s - start)};
    memcpy(g[n].utf8, start, g[n].len);
    pen += adv;
    n++;
  }
  bool bold = op->u.text.fake_bold || pdf_fonts_role_bold(w->fonts, op->u.text.font);
  for (size_t a = 0; a < n;) {
    size_t b = a + 1;
    while (b < n && g[b].fi == g[a].fi) b++;
    text_object(w, x, op, g, a, b, bold);
    a = b;
  }
  /* the PDF's bars joining the two dashes of a 破折号 ("————" is two pairs), after the text */
  for (size_t k = 1, bars = 0; k < n && bars < 8; k++) {
    double box[4];
    if (g[k - 1].fi != g[k].fi ||
        !pdf_fonts_dash_bridge(w->fonts, g[k].fi, g[k - 1].cp, g[k].cp, g[k - 1].pen, g[k].pen, op->u.text.y,
                               op->u.text.size_pt, box))
      continue;
    char a[32], b[32], data[96];
    snprintf(data, sizeof data, "M 0 0 L %s 0 L %s %s L 0 %s C", ofd_mm(a, box[2]), a, ofd_mm(b, box[3]), b);
    path_object(w, x, op, box[0], box[1], box[2], box[3], 0, false, true, data, false);
    bars++;
    k++; /* this pair is done */
  }
  free(g);
}

/* A stroked or filled path; 'data' in mm relative to the Boundary's corner. */
static void path_object(ofd_writer *w, xmlTextWriterPtr x, const lay_op *op, double bx, double by, double bw,
                        double bh, double line_pt, bool stroke, bool fill, const char *data, bool round_ends) {
  char buf[32];
  lay_color c = op->color;
  ofd_start(x, "PathObject", false);
  ofd_attr_u(x, "ID", object_id(w, op));
  boundary(x, bx, by, bw, bh);
  if (stroke) ofd_attr(x, "LineWidth", ofd_mm(buf, line_pt));
  if (round_ends) {
    ofd_attr(x, "Join", "Round");
    ofd_attr(x, "Cap", "Round");
  }
  if (!stroke) ofd_attr(x, "Stroke", "false");
  if (fill) ofd_attr(x, "Fill", "true");
  if (fill) color(w, x, "FillColor", c);
  if (stroke) color(w, x, "StrokeColor", c);
  ofd_elem(x, "AbbreviatedData", data);
  ofd_end(x);
}

static void line_op(ofd_writer *w, xmlTextWriterPtr x, const lay_op *op) {
  double hw = op->u.line.width_pt / 2;
  double bx = fmin(op->u.line.x1, op->u.line.x2) - hw, by = fmin(op->u.line.y1, op->u.line.y2) - hw;
  double bw = fabs(op->u.line.x2 - op->u.line.x1) + 2 * hw, bh = fabs(op->u.line.y2 - op->u.line.y1) + 2 * hw;
  char a[32], b[32], c[32], d[32], data[160];
  snprintf(data, sizeof data, "M %s %s L %s %s", ofd_mm(a, op->u.line.x1 - bx), ofd_mm(b, op->u.line.y1 - by),
           ofd_mm(c, op->u.line.x2 - bx), ofd_mm(d, op->u.line.y2 - by));
  path_object(w, x, op, bx, by, bw, bh, op->u.line.width_pt, true, false, data, false);
}

static void rect_op(ofd_writer *w, xmlTextWriterPtr x, const lay_op *op) {
  bool stroke = op->u.rect.stroke_pt > 0;
  if (!stroke && !op->u.rect.fill) return;
  double hw = stroke ? op->u.rect.stroke_pt / 2 : 0;
  char a[32], b[32], c[32], d[32], data[200];
  const char *x0 = ofd_mm(a, hw), *y0 = ofd_mm(b, hw), *x1 = ofd_mm(c, hw + op->u.rect.w),
             *y1 = ofd_mm(d, hw + op->u.rect.h);
  snprintf(data, sizeof data, "M %s %s L %s %s L %s %s L %s %s C", x0, y0, x1, y0, x1, y1, x0, y1);
  path_object(w, x, op, op->u.rect.x - hw, op->u.rect.y - hw, op->u.rect.w + 2 * hw, op->u.rect.h + 2 * hw,
              op->u.rect.stroke_pt, stroke, op->u.rect.fill, data, false);
}

/* The PDF's checkbox (render.c): a box, a tick when ticked, an invisible ☑/☐ behind it. */
static void checkbox_op(ofd_writer *w, xmlTextWriterPtr x, const lay_op *op) {
  double s = op->u.checkbox.size, lw = fmax(0.5, s * 0.06), tw = s * 0.12;
  char a[32], b[32], c[32], d[32], e[32], f[32], data[200];
  snprintf(data, sizeof data, "M 0 0 L %s 0 L %s %s L 0 %s C", ofd_mm(a, s), ofd_mm(b, s), ofd_mm(c, s), ofd_mm(d, s));
  path_object(w, x, op, op->u.checkbox.x, op->u.checkbox.y, s, s, lw, true, false, data, false);
  if (op->u.checkbox.ticked) {
    snprintf(data, sizeof data, "M %s %s L %s %s L %s %s", ofd_mm(a, 0.2 * s), ofd_mm(b, 0.52 * s),
             ofd_mm(c, 0.42 * s), ofd_mm(d, 0.76 * s), ofd_mm(e, 0.82 * s), ofd_mm(f, 0.22 * s));
    path_object(w, x, op, op->u.checkbox.x, op->u.checkbox.y, s, s, tw, true, false, data, true);
  }
  uint32_t cp;
  int fi = box_char(w, op, &cp);
  if (fi < 0) return;
  char u[8] = {(char)(0xE0 | cp >> 12), (char)(0x80 | (cp >> 6 & 0x3F)), (char)(0x80 | (cp & 0x3F)), 0};
  ofd_start(x, "TextObject", false);
  ofd_attr_u(x, "ID", object_id(w, op));
  boundary(x, op->u.checkbox.x, op->u.checkbox.y, s, s);
  ofd_attr_u(x, "Font", w->font[fi].id);
  ofd_attr(x, "Size", ofd_mm(a, s));
  ofd_attr(x, "Fill", "false"); /* invisible: the drawn box is the path above */
  ofd_start(x, "TextCode", false);
  ofd_attr(x, "X", "0");
  ofd_attr(x, "Y", ofd_mm(a, 0.88 * s));
  xmlTextWriterWriteString(x, (const xmlChar *)u);
  ofd_end(x);
  ofd_end(x);
}

bool ofd_page_content(ofd_writer *w, const lay_page *page, size_t page_no, xmlTextWriterPtr x) {
  (void)page_no;
  ofd_start(x, "Page", true);
  double pw = page->width_pt > 0 ? page->width_pt : LAY_A4_WIDTH_PT;
  double ph = page->height_pt > 0 ? page->height_pt : LAY_A4_HEIGHT_PT;
  if (fabs(pw - LAY_A4_WIDTH_PT) > 0.01 || fabs(ph - LAY_A4_HEIGHT_PT) > 0.01) {
    char a[32], b[32], v[80];
    snprintf(v, sizeof v, "0 0 %s %s", ofd_mm(a, pw), ofd_mm(b, ph));
    ofd_start(x, "Area", false);
    ofd_elem(x, "PhysicalBox", v);
    ofd_end(x);
  }
  ofd_start(x, "Content", false);
  ofd_start(x, "Layer", false);
  ofd_attr_u(x, "ID", w->next_id++);
  ofd_attr(x, "Type", "Body");
  for (size_t i = 0; i < page->count; i++) {
    const lay_op *op = &page->ops[i];
    switch (op->kind) {
    case LAY_OP_TEXT: text_op(w, x, op); break;
    case LAY_OP_LINE: line_op(w, x, op); break;
    case LAY_OP_RECT: rect_op(w, x, op); break;
    case LAY_OP_CHECKBOX: checkbox_op(w, x, op); break;
    }
  }
  ofd_end(x);
  ofd_end(x);
  ofd_end(x);
  return true;
}
