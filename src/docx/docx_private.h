/* docx internals shared by body.c (the blocks as word/document.xml's body), parts.c (styles,
 * settings, fonts, footers, properties) and package.c (the ZIP). */
#ifndef YINFA_DOCX_PRIVATE_H
#define YINFA_DOCX_PRIVATE_H

#include <libxml/xmlwriter.h>

#include "docx/docx.h"

/* ---- GB/T 9704-2012 5.2 in the units of WordprocessingML: twips (1/20 pt) ---- */
#define DX_PAGE_W 11906   /* 210 mm */
#define DX_PAGE_H 16838   /* 297 mm */
#define DX_TOP 2098       /* 37 mm: 天头 */
#define DX_BOTTOM 1984    /* 35 mm */
#define DX_LEFT 1588      /* 28 mm: 订口 */
#define DX_RIGHT 1474     /* 26 mm */
#define DX_MEASURE 8844   /* 156 mm: DX_PAGE_W - DX_LEFT - DX_RIGHT */
/* 225 mm / 22 lines = 579.8: 579, so that all 22 lines fit the 12756 twips of the 版心 */
#define DX_LINE_PITCH 579
/* 28 characters a line come from the run spacing, not a character grid (docs/docx.md): every run
 * is 0.25 pt narrower, 28 x 15.75 pt = 441 pt in the 442.2 pt of 156 mm, 29 would be 456.75.
 * In twentieths of a point as w:spacing takes it (ECMA-376 17.3.2.35). */
#define DX_RUN_SPACING (-5)
/* page numbers: the dash 7 mm below the 版心 (GB/T 9704 7.5), a 14 pt line from the page bottom */
#define DX_FOOTER 1446
#define DX_HEADER 851

/* hundredths of a grid character in twips (28 in the measure) */
static inline long dx_chars_tw(long hundredths) { return (hundredths * DX_MEASURE + 1400) / 2800; }

#define DX_BODY_HALF_PT 32  /* 三号 16 pt, in half-points as w:sz takes them */
#define DX_TITLE_HALF_PT 44 /* 二号 22 pt */
#define DX_SMALL_HALF_PT 28 /* 四号 14 pt: tables, 版记, page numbers */
#define DX_RED "E60000"     /* the 版头's red (layout's LAY_RED) */

/* The font an office has for each GB/T 9704 role, and the free one yinfa draws it with
 * (fonts/fontmap.ini), written as its alternate in the font table. */
typedef struct {
  const char *name, *alt;
  const char *family; /* w:family: roman (serif), swiss (sans), script */
} dx_font;
const dx_font *dx_font_of(lay_font role);

/* ---- XML ---- */
xmlTextWriterPtr dx_xml_new(xmlBufferPtr *buf);
void dx_start(xmlTextWriterPtr x, const char *name);
void dx_end(xmlTextWriterPtr x);
void dx_attr(xmlTextWriterPtr x, const char *name, const char *value);
void dx_attr_i(xmlTextWriterPtr x, const char *name, long value);
/* <name w:val="value"/> */
void dx_val(xmlTextWriterPtr x, const char *name, const char *value);
void dx_val_i(xmlTextWriterPtr x, const char *name, long value);
/* w:rFonts naming the role's font for every script */
void dx_fonts(xmlTextWriterPtr x, lay_font role);
/* The XML written so far as a malloc'd buffer (ends the document, frees the writer). */
unsigned char *dx_xml_take(xmlTextWriterPtr x, xmlBufferPtr buf, size_t *len);

/* ---- the body (body.c) ---- */

/* A column taken by a cell spanning rows from above: how many more rows, and its colspan. */
typedef struct {
  size_t rows_left, colspan;
} dx_span;

typedef struct {
  const char *style; /* NULL: Normal */
  const char *jc;    /* NULL: the style's */
  long first, hanging, left, right; /* indents in hundredths of a character (UNSET: none) */
  long left_tw, hanging_tw;         /* or in twips (UNSET: none) */
  long before_lines, before_tw;     /* space before (UNSET: none) */
  long line_tw;                     /* exact line height (UNSET: the grid's) */
  long left_tab_tw, right_tab_tw;   /* a left and a right tab stop (UNSET: none) */
  bool keep_next, no_grid;
  bool frame; /* in the frame at the foot of the page (the 版记) */
  int border_top, border_bottom; /* eighths of a point (0: none) */
  bool border_red;
  int border_space_pt;
} dx_para_fmt;

struct docx_document {
  lay_options options;
  xmlBufferPtr buf;
  xmlTextWriterPtr x; /* word/document.xml, open at <w:body> until docx_package() */
  lay_info info;      /* strings malloc'd */
  bool after_masthead;  /* the title keeps two blank lines under the red rule */
  bool break_pending;   /* the next paragraph starts a page (w:pageBreakBefore) */
  bool colophon_section; /* the 版记 began a section of its own: on an even page, at its foot */
  bool finished;
  /* the table being built */
  bool in_table, in_row, in_cell, cell_has_p, in_checks;
  size_t columns, header_rows, row, col;
  int table_half_pt;
  long *col_tw;  /* column widths, twips */
  dx_span *span; /* per column */
  /* the last body paragraphs, held back until the next block says whether they keep with it
   * (7.3.5.5: the 附件说明 and the 署名 take two lines of their text along): [0] the older */
  struct {
    dx_para_fmt fmt;
    char *text; /* malloc'd */
  } held[2];
  size_t nheld;
};

/* ---- runs and paragraphs (para.c) ---- */

/* A run's formatting beyond its paragraph style's: font role (or -1), size, red. */
typedef struct {
  int font;
  int half_pt;
  bool red;
} dx_run_fmt;

#define DX_PLAIN_RUN ((dx_run_fmt){-1, 0, false})

#define DX_UNSET (-1L)


/* Display width of 's' in hundredths of a body character: ASCII half, anything else whole. */
long dx_width_chars(const char *s);
/* 'text' as a run's content: a tab and a line feed as w:tab and w:br, other control characters
 * (which XML 1.0 cannot carry) left out. */
void dx_put_text(xmlTextWriterPtr x, const char *text);
void dx_run(docx_document *d, const char *text, dx_run_fmt f);
/* A paragraph format of 'style' (NULL: Normal) with nothing else set. */
dx_para_fmt dx_fmt_of(const char *style);
void dx_border(xmlTextWriterPtr x, const char *side, int sz, bool red, int space);
/* <w:p> and its properties (a pending page break goes on it); dx_para_end() closes it. */
void dx_para_begin(docx_document *d, const dx_para_fmt *f);
void dx_para_end(docx_document *d);
/* A paragraph of one run ('text' NULL or "": empty). */
void dx_para(docx_document *d, const dx_para_fmt *f, const char *text, dx_run_fmt r);
void dx_blank_para(docx_document *d);
const char *dx_jc_of(lay_align a);
/* The paragraph style of a layout style (styles in parts.c). */
dx_para_fmt dx_style_fmt(lay_para_style s);

/* ---- tables (table.c): the builder's table calls, and closing an open table ---- */

/* The document for a block outside a table: every such block ends an open table (layout.h:
 * "starting another block also ends an open table"). */
docx_document *dx_block(void *s);
/* Writes the held body paragraphs; with 'keep', so that they stay on the page of what follows
 * (w:keepNext): the last one, and the one before it too when the last is a single line. */
void dx_flush_held(docx_document *d, bool keep);
/* Holds a body paragraph back (after writing the older of two already held). */
void dx_hold(docx_document *d, const dx_para_fmt *f, const char *text);
void dx_table_close(docx_document *d);
void dx_table_begin(void *s, const lay_table_spec *spec, src_loc at);
void dx_row_begin(void *s, double min_height_pt);
void dx_cell(void *s, size_t colspan, size_t rowspan, lay_align align);
void dx_cell_text(void *s, const char *text, lay_align align, src_loc at);
void dx_cell_checkbox(void *s, const char *label, bool ticked, src_loc at);
void dx_cell_space(void *s, double height_pt);
void dx_row_end(void *s);
void dx_table_end(void *s);

/* Closes an open table (the builder's table_end, or a block that ends it) and writes the
 * section properties: the body is complete. */
void dx_body_finish(docx_document *d);

/* ---- the package's other parts (parts.c); each returns malloc'd bytes ---- */
unsigned char *dx_styles_xml(size_t *len);
unsigned char *dx_settings_xml(const docx_document *d, size_t *len);
unsigned char *dx_font_table_xml(size_t *len);
unsigned char *dx_footer_xml(bool odd, size_t *len);
unsigned char *dx_core_xml(const lay_info *info, const char *w3c_date, size_t *len);
unsigned char *dx_app_xml(size_t *len);
unsigned char *dx_content_types_xml(bool footers, size_t *len);
unsigned char *dx_root_rels_xml(size_t *len);
unsigned char *dx_document_rels_xml(bool footers, size_t *len);

#endif
