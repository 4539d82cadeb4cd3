/* page: the display list that layout/ produces and pdf/ draws — positioned text runs, rules,
 * rectangles and checkboxes on A4 pages. This is the whole contract between the two stages. */
#ifndef YINFA_LAYOUT_PAGE_H
#define YINFA_LAYOUT_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"

/* Coordinates are points (1/72 in). Origin: the top-left corner of the page, y grows DOWN.
 * pdf/ flips to PDF space (y up). A text run's y is its baseline. */
#define LAY_A4_WIDTH_PT 595.28
#define LAY_A4_HEIGHT_PT 841.89
#define LAY_MM_PT (72.0 / 25.4)

/* Font roles (GB/T 9704 names). pdf/ maps each role to a font file plus a fallback chain
 * (fonts/fontmap.ini); layout only knows roles. */
typedef enum {
  LAY_FONT_BODY,    /* 仿宋: body text, tables */
  LAY_FONT_TITLE,   /* 小标宋: titles, 发文机关标志 */
  LAY_FONT_HEADING, /* 黑体: 一、 headings, 附件N label */
  LAY_FONT_KAI,     /* 楷体: （一） headings */
  LAY_FONT_SONG,    /* 宋体: page numbers and other half-width digits */
  LAY_FONT_COUNT
} lay_font;

/* Invisible format characters a text run may carry (ZWSP, ZWNJ, ZWJ, U+2060 WORD JOINER from the
 * templates' nobreak, the invisible operators U+2061..U+2064, ZWNBSP U+FEFF, and U+00AD SOFT
 * HYPHEN, which a Word paste leaves inside names and which Chinese text never hyphenates at):
 * they take no room, get no tracking and are never drawn. Variation selectors are not among
 * them (they pick the glyph of the character before them). */
static inline bool lay_invisible(uint32_t cp) {
  return (cp >= 0x200B && cp <= 0x200D) || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF ||
         cp == 0x00AD;
}

/* How layout measures text without calling the PDF library (GUIDE.md section 1). */
typedef struct lay_metrics {
  void *ctx;
  /* Advance width in points of 'utf8' (len bytes) set in 'font' at 'size_pt', no tracking;
   * 0 for lay_invisible() characters. */
  double (*advance_pt)(void *ctx, lay_font font, double size_pt, const char *utf8, size_t len);
  /* Optional (NULL: marks are squeezed by their nominal blank half). The ink of the single
   * character 'utf8' (len bytes) in 'font', as fractions of its advance from the pen: where the
   * drawn glyph starts (*left) and ends (*right). False when unknown (no glyph, no outline). */
  bool (*ink)(void *ctx, lay_font font, const char *utf8, size_t len, double *left, double *right);
} lay_metrics;

typedef struct {
  float r, g, b; /* 0..1 */
} lay_color;

#define LAY_BLACK ((lay_color){0, 0, 0})
#define LAY_RED ((lay_color){0.9f, 0.0f, 0.0f})

typedef enum { LAY_OP_TEXT, LAY_OP_LINE, LAY_OP_RECT, LAY_OP_CHECKBOX } lay_op_kind;

/* The GB/T 9704 element an op draws, as the layout block that drew it knows it (lay_add_masthead,
 * lay_add_title ...) or as the template named it (lay_set_element: 主送机关, 正文), for writers
 * that tag the elements (ofd/: GB/T 33476 CustomTags). NONE for everything else (tables, rules,
 * text no template named). */
typedef enum {
  LAY_EL_NONE,
  LAY_EL_ISSUER_MARK,     /* 发文机关标志 */
  LAY_EL_DOC_NUMBER,      /* 发文字号 */
  LAY_EL_TITLE,           /* 标题 */
  LAY_EL_RECIPIENT,       /* 主送机关 (a template's <p element="主送机关">) */
  LAY_EL_BODY,            /* 正文 (a template's <p element="正文">) */
  LAY_EL_ATTACHMENT_NOTE, /* 附件说明 */
  LAY_EL_ISSUER,          /* 发文机关署名 */
  LAY_EL_DATE,            /* 成文日期 */
  LAY_EL_COPY_TO,         /* 抄送机关 */
  LAY_EL_PRINTER,         /* 印发机关 */
  LAY_EL_PRINT_DATE,      /* 印发日期 */
  LAY_EL_PAGE_NUMBER,     /* 页码 */
  LAY_EL_COUNT
} lay_element;

typedef struct {
  lay_op_kind kind;
  src_loc from; /* where the content came from (input or template), for error messages */
  lay_color color;
  unsigned char element; /* lay_element */
  union {
    struct {
      lay_font font;
      double size_pt;
      double x, y;        /* start of the baseline */
      double tracking_pt; /* extra space after every character (PDF Tc), may be negative */
      /* How much narrower the last character's advance is (0: none): a squeezed mark, or a
       * glyph the next one starts inside. pdf/ draws it with a narrowed width, so that text
       * extractors, which box a glyph by its advance, see the next glyph start after it. */
      double cut_last_pt;
      bool fake_bold;     /* fill-then-stroke, for a title font without a bold face */
      const char *utf8;   /* NUL-terminated; owned by the lay_document */
    } text;
    struct {
      double x1, y1, x2, y2, width_pt;
    } line;
    struct {
      double x, y, w, h; /* top-left corner and size */
      double stroke_pt;  /* 0: no outline */
      bool fill;
    } rect;
    struct {
      double x, y, size; /* top-left corner, side length */
      bool ticked;
    } checkbox;
  } u;
} lay_op;

typedef struct {
  lay_op *ops;
  size_t count, cap;
  double width_pt, height_pt;
} lay_page;

/* Document-level metadata for the PDF Info dictionary. Strings owned by the document. */
typedef struct {
  const char *title, *author, *subject, *keywords, *creator;
  /* Creation date, fixed for reproducible output: "YYYY-MM-DD" or NULL. */
  const char *date;
} lay_info;

/* The document's creation time, as every writer stamps it: info->date at 00:00 Beijing time
 * (UTC+8) when it is a date, else $SOURCE_DATE_EPOCH in UTC, else none (have = false: the writer
 * leaves it out or uses its own floor). One source, so the PDF and the OFD of a document agree. */
typedef struct {
  bool have, utc;
  int year, month, day, hour, minute, second;
} lay_time;
lay_time lay_info_time(const lay_info *info);

#endif
