/* render_glyph: drawing helpers of render.c that work on single glyphs — the bar that joins the
 * two dashes of a 破折号, and a glyph's outline drawn as a path (for a glyph whose text is
 * written invisibly with a narrowed advance). */
#include <math.h>

#include "pdf/pdf_private.h"

/* ---- Two-em dashes drawn as one mark ---- */

/* A 破折号 "——" is one mark two ems long (GB/T 15834, clreq 3.1.5.1), but many CJK fonts draw
 * U+2014 shorter than its em, so two of them show a gap (the default Song: 1.7 pt at 12 pt).
 * Where two dashes of one font follow each other, a bar in the text colour bridges the gap
 * between their ink, at the ink's own height; the glyphs stay, so the text extracts as "——". */
bool pdf_is_dash(int32_t cp) { return cp == 0x2014 || cp == 0x2015; }

/* Ink box of the glyph of 'cp' in 'f', in em units (x from the pen, y up from the baseline). */
static bool glyph_ink(const pdf_font_file *f, uint32_t cp, double *x0, double *x1, double *y0,
                      double *y1) {
  unsigned gid = pdf_file_gid(f, cp);
  if (!gid || !f->upem) return false;
  hb_font_t *font = hb_font_create(f->face);
  hb_font_set_scale(font, (int)f->upem, (int)f->upem);
  hb_glyph_extents_t e;
  bool ok = hb_font_get_glyph_extents(font, gid, &e) && e.width > 0 && e.height < 0;
  hb_font_destroy(font);
  if (!ok) return false;
  double u = f->upem;
  *x0 = e.x_bearing / u;
  *x1 = (e.x_bearing + e.width) / u;
  *y1 = e.y_bearing / u;
  *y0 = (e.y_bearing + e.height) / u;
  return true;
}

/* The bridge between a dash whose pen starts at 'pen1' and the next at 'pen2' (points, PDF
 * space, baseline 'base'); false when their ink already touches or the font has no extents. */
bool pdf_dash_bridge(const pdf_font_file *f, uint32_t cp1, uint32_t cp2, double pen1,
                        double pen2, double base, double size, pdf_bridge *out) {
  double a0, a1, ay0, ay1, b0, b1, by0, by1;
  if (!glyph_ink(f, cp1, &a0, &a1, &ay0, &ay1) || !glyph_ink(f, cp2, &b0, &b1, &by0, &by1))
    return false;
  double left = pen1 + a1 * size, right = pen2 + b0 * size;
  if (right <= left) return false;
  /* a tenth of a point into each glyph, so no hairline shows at either joint */
  out->x1 = left - 0.1;
  out->x2 = right + 0.1;
  out->y1 = base + fmax(ay0, by0) * size;
  out->y2 = base + fmin(ay1, by1) * size;
  return out->y2 > out->y1;
}

/* ---- A glyph's outline as a path (for glyphs whose text is written invisibly) ---- */

typedef struct {
  HPDF_Page page;
  double x, y, k; /* pen, baseline (PDF space) and points per font unit */
} outline_pen_t;

#define OX(o, v) ((HPDF_REAL)((o)->x + (v) * (o)->k))
#define OY(o, v) ((HPDF_REAL)((o)->y + (v) * (o)->k))

static void o_move(hb_draw_funcs_t *df, void *d, hb_draw_state_t *st, float x, float y, void *u) {
  (void)df, (void)st, (void)u;
  outline_pen_t *o = d;
  HPDF_Page_MoveTo(o->page, OX(o, x), OY(o, y));
}
static void o_line(hb_draw_funcs_t *df, void *d, hb_draw_state_t *st, float x, float y, void *u) {
  (void)df, (void)st, (void)u;
  outline_pen_t *o = d;
  HPDF_Page_LineTo(o->page, OX(o, x), OY(o, y));
}
/* TrueType quadratic segments become the equivalent cubic ones */
static void o_quad(hb_draw_funcs_t *df, void *d, hb_draw_state_t *st, float cx, float cy, float x,
                   float y, void *u) {
  (void)df, (void)u;
  outline_pen_t *o = d;
  double x0 = st->current_x, y0 = st->current_y;
  HPDF_Page_CurveTo(o->page, OX(o, x0 + 2.0 / 3 * (cx - x0)), OY(o, y0 + 2.0 / 3 * (cy - y0)),
                    OX(o, x + 2.0 / 3 * (cx - x)), OY(o, y + 2.0 / 3 * (cy - y)), OX(o, x), OY(o, y));
}
static void o_cubic(hb_draw_funcs_t *df, void *d, hb_draw_state_t *st, float c1x, float c1y,
                    float c2x, float c2y, float x, float y, void *u) {
  (void)df, (void)st, (void)u;
  outline_pen_t *o = d;
  HPDF_Page_CurveTo(o->page, OX(o, c1x), OY(o, c1y), OX(o, c2x), OY(o, c2y), OX(o, x), OY(o, y));
}
static void o_close(hb_draw_funcs_t *df, void *d, hb_draw_state_t *st, void *u) {
  (void)df, (void)st, (void)u;
  HPDF_Page_ClosePath(((outline_pen_t *)d)->page);
}

void pdf_draw_outline(HPDF_Page page, const pdf_font_file *f, unsigned gid, double pen,
                         double base, double size, lay_color c, bool bold) {
  if (!gid || !f->upem) return;
  hb_draw_funcs_t *df = hb_draw_funcs_create();
  hb_draw_funcs_set_move_to_func(df, o_move, NULL, NULL);
  hb_draw_funcs_set_line_to_func(df, o_line, NULL, NULL);
  hb_draw_funcs_set_quadratic_to_func(df, o_quad, NULL, NULL);
  hb_draw_funcs_set_cubic_to_func(df, o_cubic, NULL, NULL);
  hb_draw_funcs_set_close_path_func(df, o_close, NULL, NULL);
  hb_font_t *font = hb_font_create(f->face);
  hb_font_set_scale(font, (int)f->upem, (int)f->upem);
  outline_pen_t o = {page, pen, base, size / f->upem};
  HPDF_Page_SetRGBFill(page, c.r, c.g, c.b);
  hb_font_get_glyph_shape(font, gid, df, &o);
  if (bold) {
    HPDF_Page_SetRGBStroke(page, c.r, c.g, c.b);
    HPDF_Page_SetLineWidth(page, (HPDF_REAL)(size * 0.03));
    HPDF_Page_FillStroke(page);
  } else {
    HPDF_Page_Fill(page);
  }
  hb_font_destroy(font);
  hb_draw_funcs_destroy(df);
}

