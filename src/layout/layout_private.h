/* layout_private: the document state shared by the layout files (document.c, paragraph.c,
 * flow.c, table.c). Not for other stages. */
#ifndef YINFA_LAYOUT_PRIVATE_H
#define YINFA_LAYOUT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/diag.h"
#include "layout/layout.h"
#include "layout/page.h"
#include "text/text.h"

/* ---- Page geometry (docs/spec/layout.md, GB/T 9704 clause 5.2) ---- */
#define LAY_TOP_PT (37.0 * LAY_MM_PT)
#define LAY_LEFT_PT (28.0 * LAY_MM_PT)
#define LAY_MEASURE_PT (156.0 * LAY_MM_PT)
#define LAY_AREA_HEIGHT_PT (225.0 * LAY_MM_PT)
#define LAY_BOTTOM_PT (LAY_TOP_PT + LAY_AREA_HEIGHT_PT)
#define LAY_RIGHT_PT (LAY_LEFT_PT + LAY_MEASURE_PT)
#define LAY_GRID_LINES 22
#define LAY_GRID_CHARS 28
#define LAY_LINE_PITCH_PT (LAY_AREA_HEIGHT_PT / LAY_GRID_LINES)
#define LAY_BODY_PT 16.0
#define LAY_TITLE_PT 22.0
#define LAY_PAGENO_PT 14.0
#define LAY_TABLE_PT 14.0
/* Baseline below the top of the em box: CJK fonts put about 0.88 em above the baseline. */
#define LAY_ASCENT 0.88
#define LAY_EPS 1e-6
/* Widest gap justification opens between two glyphs, in em: below the 0.1 em from which
 * pdftotext (default mode) reads a word space between unevenly spaced glyphs (measured with
 * poppler 22; -raw mode: 0.15 em, mutool: 0.25 em). */
#define LAY_MAX_GAP_EM 0.09
/* Room a squeezed mark keeps between its ink and the neighbour it is squeezed towards, in em
 * (the neighbour's own side bearing adds to it). 0.1 em refused the squeezes simplified-Chinese
 * fonts are drawn for: Noto CJK SC's “ and （ have ink from 0.57 and 0.65 em, so at 0.1 they
 * could give 0.47 em, not the half em GB/T 15834 gives them, and lines fell one character short
 * of the 28-character grid. */
#define LAY_MARK_CLEAR_EM 0.05

/* Tracking that makes LAY_GRID_CHARS body characters fill the measure exactly:
 * 28 em boxes, 27 gaps of size+tracking between their starts. */
#define LAY_GRID_TRACKING_PT \
  ((LAY_MEASURE_PT - LAY_GRID_CHARS * LAY_BODY_PT) / (LAY_GRID_CHARS - 1))

/* ---- Measuring cache: each distinct short unit is measured once per font and size ---- */
typedef struct {
  unsigned char key[24]; /* font, len, bytes (len <= 16) */
  double size_pt;
  double adv_pt;
  bool used;
} lay_mcache_entry;

/* ---- Records of placed lines, so the signature rule can move or tighten them ---- */
typedef struct {
  size_t op_begin, op_end; /* ops [op_begin, op_end) of the page */
  double top, height;      /* the line's slot */
  bool heading;            /* a heading line: kept with what follows */
  bool title;              /* a line of a title (标题): the blank line under it may give way */
} lay_line_rec;

typedef struct {
  lay_page page;
  lay_line_rec *lines;
  size_t nlines, lines_cap;
  bool no_page_number; /* cover, blank page before the 版记, 版记 page after it (clause 7.5) */
  bool flowed;         /* started because the text flowed on (not by a page break or a block
                        * that starts a page of its own) */
  bool has_colophon;   /* the 版记 is on this page, its ops from colophon_op */
  size_t colophon_op;
} lay_page_state;

struct lay_document {
  lay_element element; /* stamped on every op pushed (lay_push_op): the block being drawn */
  const lay_metrics *metrics;
  lay_options options;
  diag_sink *diag;
  arena *mem;
  lay_info info;
  lay_page_state *pages;
  size_t npages, pages_cap;
  double y;            /* top of the next slot on the last page */
  bool after_masthead; /* the last block was the 版头: the title keeps two lines below */
  bool finished;
  int errors;
  struct {
    lay_font font;
    unsigned char len;
    char s[8];
    double left, right;
    bool ok;
  } ink[48]; /* ink boxes of the marks met so far (lay_ink) */
  size_t nink;
  lay_mcache_entry *mcache;
  size_t mcache_cap, mcache_used;
  lay_table *table; /* the table being built, if any */
  lay_table *pending; /* a table its builder ended, held while its tail is recorded (tail.c) */
  struct lay_tail_item *tail;
  size_t ntail, tail_cap;
};

/* document.c */
double lay_measure(lay_document *doc, lay_font font, double size_pt, const char *utf8, size_t len);
lay_op *lay_push_op(lay_document *doc, lay_page *page, lay_op_kind kind, src_loc from);
lay_page_state *lay_current_page(lay_document *doc);
/* Starts a new page; the cursor goes to the top of the type area. */
void lay_new_page(lay_document *doc);
void lay_error(lay_document *doc, src_loc at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A warning: reported, but lay_finish() still succeeds. */
void lay_warning(lay_document *doc, src_loc at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void lay_record_line(lay_document *doc, size_t op_begin, double top, double height);
void lay_push_text(lay_document *doc, lay_page *page, src_loc from, lay_font font, double size_pt,
                   double x, double y, double tracking, lay_color color, const char *utf8,
                   size_t len);
void lay_push_rule(lay_document *doc, lay_page *page, double x1, double y1, double x2, double y2,
                   double width_pt, lay_color color);
/* Ink of the character 'utf8' in 'font' as fractions of its advance (lay_metrics.ink), cached;
 * false when the metrics cannot tell. */
bool lay_ink(lay_document *doc, lay_font font, const char *utf8, size_t len, double *left,
             double *right);
/* overprint.c: fails the document (lay_error at the op's source) when two texts on one
 * baseline overlap or a text leaves the page, whichever block placed them. */
void lay_check_overprint(lay_document *doc);
/* Characters of 's' that take tracking: code points, lay_invisible() ones not counted. */
size_t lay_count_cps(const char *s, size_t len);

/* ---- Paragraph engine (paragraph.c) ---- */

/* How one paragraph is set. Widths are points. */
typedef struct {
  lay_font font;
  double size_pt;
  double tracking_pt;  /* added after every character (the grid's negative tracking) */
  double measure_pt;   /* line width available from the paragraph's left edge */
  double first_indent; /* extra left indent of the first line */
  double rest_indent;  /* extra left indent of the following lines */
  lay_align align;     /* JUSTIFY: all lines but the last (and forced breaks) fill the measure */
  bool grid;           /* body text on the 28-character grid: a short line pushes in (rule 3) */
} lay_para_fmt;

/* One set line: units [first, end) of the paragraph, placed relative to the paragraph's left. */
typedef struct {
  size_t first, end;
  double x;     /* left offset of the line (indent plus alignment) */
  double width; /* natural content width after squeezing and spreading */
} lay_pline;

typedef struct {
  const char *text; /* borrowed */
  size_t len;
  lay_para_fmt fmt;
  txt_unit *units;
  size_t nunits;
  double *adv;     /* advance without tracking */
  double *x;       /* unit x relative to its line's left (after lay_para_break) */
  double *sqr;     /* room a squeezed mark gave up on its right */
  double *sql;     /* share of a mark's squeeze taken from its left (by its ink: lay_ink) */
  unsigned *ncp;   /* code points per unit */
  bool *glue;      /* the unit continues a word broken because it is wider than a line: no
                    * break before it unless the line is full, no justification space */
  lay_pline *lines;
  size_t nlines, lines_cap;
  bool overflow;   /* a single character is wider than the measure (drawn past its edge) */
  /* 1 when every word fits its line; otherwise the factor (< 1) by which the font size would have
   * to shrink for the widest word that had to be broken (lay_para_set splits it) to fit whole */
  double fit;
} lay_para;

/* Segments, measures and breaks 'text' into lines. A unit wider than a whole line (a long
 * e-mail address, URL or number) is broken between characters, preferably after - / @ _ or
 * before a period, and then consists of several units with glue set. Free with lay_para_free(). */
void lay_para_set(lay_para *p, lay_document *doc, const char *text, size_t len,
                  const lay_para_fmt *fmt);
void lay_para_free(lay_para *p);
/* True when unit j continues a broken word right after one of - / @ _, or is a period (a good
 * place to break it). */
bool lay_para_soft_break(const lay_para *p, size_t j);
/* Appends the text ops of line 'i' with its left edge at 'x0' and baseline 'y'. */
void lay_para_emit_line(const lay_para *p, lay_document *doc, lay_page *page, size_t i,
                        double x0, double y, lay_color color, src_loc from);
/* Width of the widest line. */
double lay_para_max_width(const lay_para *p);

/* title.c: re-lines a centred title set in 'p' into balanced lines that keep words whole, in the
 * shape of a trapezoid or diamond (GB/T 9704 7.3.1); a title with a newline keeps its lines. */
void lay_title_lines(lay_para *p);
/* title.c: re-lines a name set in 'p' (a 发文机关署名 wider than fmt.measure_pt) into two lines,
 * each at most the measure and centred in it, balanced and broken between words, after an
 * organ's name (…厅|…处) where one ends near the middle. False, 'p' unchanged, when no break
 * gives two lines that fit. */
bool lay_name_two_lines(lay_para *p);

/* Baseline of a text of 'size_pt' centred vertically in a slot [top, top+height). */
static inline double lay_baseline(double top, double height, double size_pt) {
  return top + (height - size_pt) / 2 + size_pt * LAY_ASCENT;
}

/* flow.c: the top of the next slot of 'height' on the current page (snapped to the grid,
 * starting a new page when it does not fit); moves the cursor below it. */
double lay_take_slot(lay_document *doc, double height);
double lay_grid_snap(const lay_document *doc, double y);
/* Moves the last 'n' (1..8) recorded lines of the current page, when they end it, to the top of a
 * new page (a heading going down with what it heads); false when they cannot be moved. */
bool lay_pull_lines(lay_document *doc, size_t n);
/* How many heading lines (up to 4) end the page, right after one another: what a block that
 * must not be separated from its heading pulls over with lay_pull_lines. */
size_t lay_trailing_headings(const lay_page_state *ps);
/* Scales the page's content vertically about the top of the type area by 'f' (< 1: closer). */
void lay_scale_page(lay_page_state *ps, double f);
/* tail.c: off the grid, a last page (of the document, or before a page break) holding only a few
 * lines of text gives them back to the page before, set a little closer, when that page ends
 * with text too. */
void lay_absorb_last_lines(lay_document *doc);
/* Body-text format for a style, before the caller adjusts it. */
lay_para_fmt lay_body_fmt(const lay_document *doc, lay_font font, double size_pt);

/* table.c */
void lay_table_free_all(lay_document *doc);
/* Lays out a table its builder ended: 'keep_after' points of what follows it must stay on its
 * last page with at least its last rows, and with 'even_end' that page must be an even one when
 * the rows allow (the 版记 after a 附件 table). Frees 't'. */
void lay_table_layout(lay_table *t, double keep_after, bool even_end, bool ends_doc);
/* Frees a table without laying it out. */
void lay_table_discard(lay_table *t);

/* tail.c: blocks closing the document after its last table (see there). Each lay_tail_* call
 * records the block and returns true while a table is held; false: add the block normally. */
typedef struct lay_tail_item lay_tail_item;
bool lay_tail_blank(lay_document *doc, int count);
bool lay_tail_text(lay_document *doc, bool line, lay_para_style style, lay_font font,
                   double size_pt, const char *text, src_loc at);
bool lay_tail_colophon(lay_document *doc, const char *copy_to, const char *printer,
                       const char *date, src_loc at);
/* Lays out the held table, keeping the recorded tail with it when 'at_end' (the document ends
 * there), then adds the recorded blocks. */
void lay_flush_table(lay_document *doc, bool at_end);
void lay_tail_free(lay_document *doc);

/* flow.c */
lay_para_fmt lay_style_fmt(const lay_document *doc, lay_para_style style, lay_font font,
                           double size_pt);
/* Height of the 版记 with the given 抄送 text (NULL or "": none) and its 印发 line(s). */
double lay_colophon_height(lay_document *doc, const char *copy_to, const char *printer,
                           const char *print_date);

#endif
