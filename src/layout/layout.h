/* layout: turns a flow of blocks (titles, paragraphs, tables, signature blocks) into positioned
 * pages (page.h) following GB/T 9704-2012 and clreq line breaking (docs/spec/layout.md).
 * Pure geometry: measures through lay_metrics, never calls the PDF library. */
#ifndef YINFA_LAYOUT_LAYOUT_H
#define YINFA_LAYOUT_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "layout/page.h"

typedef struct lay_document lay_document;

typedef struct {
  bool page_numbers; /* — N — per clause 7.5 (notices: yes) */
  bool grid;         /* snap body lines to the 22-line grid of clause 5.2 */
} lay_options;

/* 'metrics' and 'diag' are borrowed and must outlive the document. Free with
 * lay_document_free(). */
lay_document *lay_document_new(const lay_metrics *metrics, lay_options options, diag_sink *diag);
void lay_document_free(lay_document *doc);

/* Copies the strings. */
void lay_set_info(lay_document *doc, const lay_info *info);
const lay_info *lay_get_info(const lay_document *doc);

/* ---- Flow blocks, in reading order. Text is UTF-8; strings are copied. ---- */

typedef enum {
  LAY_PARA_BODY,     /* 仿宋 三号, first-line indent 2, justified */
  LAY_PARA_H1,       /* 一、 黑体 */
  LAY_PARA_H2,       /* （一） 楷体 */
  LAY_PARA_H3,       /* 1. 仿宋 */
  LAY_PARA_H4,       /* （1） 仿宋 */
  LAY_PARA_PLAIN,    /* no indent, flush left, justified (主送机关, 联系人 lines) */
  LAY_PARA_CENTER,   /* centred */
  LAY_PARA_RIGHT     /* flush right */
} lay_para_style;

/* Spacing the blocks add themselves (callers do not add blank lines for these):
 * - lay_add_title right after lay_add_masthead keeps two blank lines below the red rule;
 * - lay_add_attachment_note and lay_add_signature start with one blank line;
 * - lay_add_attachment_start puts the label on line 1 and the title on line 3 of a new page.
 * With options.grid every line sits on the 22-line grid; otherwise lines keep the same pitch
 * without the grid's tracking. */

/* 发文机关标志 + 发文字号 + red rule (版头). Either string may be NULL. */
void lay_add_masthead(lay_document *doc, const char *issuer_mark, const char *doc_number, src_loc at);
/* 标题: 二号 小标宋, centred, broken into balanced lines between words. */
void lay_add_title(lay_document *doc, const char *text, src_loc at);
void lay_add_paragraph(lay_document *doc, lay_para_style style, const char *text, src_loc at);
/* The element (主送机关, 正文) the ops of the blocks added next are tagged with, until it is set
 * back to LAY_EL_NONE; blocks that are an element themselves (masthead, title, signature ...) tag
 * their own. Text held back to be laid out with a later block (after a table) is not tagged. */
void lay_set_element(lay_document *doc, lay_element element);
void lay_add_blank_lines(lay_document *doc, int count);
/* 附件说明: "附件：1. name" with wrapped lines hanging under the name. */
void lay_add_attachment_note(lay_document *doc, const char *const *names, size_t count, src_loc at);
/* How the issuer (发文机关署名) and date (成文日期) stand, GB/T 9704-2012 7.3.5: */
typedef enum {
  /* 7.3.5.1, with a seal (the default for notices): the date right-indented 4 characters, the
   * issuer centred over the date (kept inside the type area when it is much longer) */
  LAY_SIGN_SEALED,
  /* 7.3.5.2, without a seal: the issuer right-indented 2 characters, the date on the next line
   * starting 2 characters right of the issuer's first character; a date longer than that
   * is right-indented 2 characters and the issuer moves left to keep the 2-character offset */
  LAY_SIGN_UNSEALED
} lay_sign_style;

/* Issuer and date after one blank line, placed as 'style' says; never left alone on the last
 * page (7.3.5.5). */
void lay_add_signature(lay_document *doc, const char *issuer, const char *date_text,
                       lay_sign_style style, src_loc at);
/* Starts an attachment on a new page: "附件1" 黑体 on line 1, title centred on line 3
 * (title may be NULL). Forms without a label pass label NULL. */
void lay_add_attachment_start(lay_document *doc, const char *label, const char *title, src_loc at);
/* A line of small text (e.g. "县级工业和信息化主管部门（盖章）：____"), size in points. */
void lay_add_line(lay_document *doc, lay_para_style style, lay_font font, double size_pt,
                  const char *text, src_loc at);
void lay_add_page_break(lay_document *doc);
/* 版记 (7.4) pinned to the bottom of the type area: "抄送：copy_to" (NULL or "": no 抄送 line)
 * and the line "printer ... print_date印发", between rules as wide as the type area (first and
 * last 0.35 mm, inner 0.25 mm), 四号 body font, one character in on each side. Starts a new page
 * when the current one has no room; that page gets no page number. */
void lay_add_colophon(lay_document *doc, const char *copy_to, const char *printer,
                      const char *print_date, src_loc at);

/* 封面 (the cover page of a 申报书) on a page of its own, without page number: the title lines
 * centred from 'title_top_pt' below the top of the type area (0: two lines down), each wrapped
 * when too wide; the fill-in lines from the middle of the type area (lower when the titles
 * need the room): the label, then a 0.5 pt rule from after the widest label to a tenth of the
 * measure from the right edge
 * with the value (or 'empty' when the value is NULL or "", e.g. "    年  月  日") centred on
 * it, a long value continuing on further ruled lines; 'footer' (e.g. "……制", may be NULL)
 * centred on the last line of the type area. Fill-in lines that would reach the footer start
 * higher (down to a line under the titles), closer (down to 1.5 em) and smaller (down to 四号);
 * when even that cannot hold them, the document fails (lay_error naming the longest field),
 * never printing over the footer or off the page. What follows starts on a new page. Strings
 * are copied. */
typedef struct {
  const char *text;
  lay_font font;
  double size_pt; /* 0: 二号 22 pt */
} lay_cover_line;
typedef struct {
  const char *label, *value, *empty;
} lay_cover_fill;
typedef struct {
  double title_top_pt;
  const lay_cover_line *titles;
  size_t title_count;
  const lay_cover_fill *fills;
  size_t fill_count;
  double fill_size_pt; /* 0: 三号 16 pt */
  const char *footer;
} lay_cover;
void lay_add_cover(lay_document *doc, const lay_cover *cover, src_loc at);

/* ---- Tables: fill the type area's width, ruled 0.5 pt, rows split across pages ---- */

typedef struct lay_table lay_table;

typedef enum { LAY_ALIGN_LEFT, LAY_ALIGN_CENTER, LAY_ALIGN_RIGHT, LAY_ALIGN_JUSTIFY } lay_align;

typedef struct {
  size_t columns;
  const double *weights; /* proportional column widths, 'columns' entries (NULL: equal) */
  size_t header_rows;    /* leading rows repeated on each page the table continues on */
  double font_size_pt;   /* 0: 四号 14 pt */
  bool fit_content;      /* columns sized from their content within the weights (table_fit.c) */
} lay_table_spec;

/* Returns the table being built (owned by the document); end it with lay_table_end(). */
lay_table *lay_table_begin(lay_document *doc, const lay_table_spec *spec, src_loc at);
/* min_height_pt: 0 for the natural height. */
void lay_table_row_begin(lay_table *t, double min_height_pt);
/* Marks the row just begun as the head of the rows under it (the column heads of a block of rows
 * under a label, 序号 奖项名称 级别 获得时间), up to the next such row: repeated on each page
 * those rows continue on, under the table's header rows, and never the last row of a page. */
void lay_table_row_heads(lay_table *t);
/* A cell spanning 'colspan' columns ('rowspan' rows, 1 for most). Content is added with the
 * lay_cell_* calls below until the next cell, row end or table end. Cells fill the row's free
 * columns left to right, skipping columns taken by a rowspan from above. Content is centred
 * vertically when 'align' is LAY_ALIGN_CENTER (labels) or it is a single line; otherwise it
 * starts at the top of the cell. */
void lay_table_cell(lay_table *t, size_t colspan, size_t rowspan, lay_align align);
/* A paragraph inside the current cell (wrapped to the cell, padded). */
void lay_cell_text(lay_table *t, const char *text, lay_align align, src_loc at);
/* A vector checkbox with its label, flowing inline with other checkboxes of the cell. */
void lay_cell_checkbox(lay_table *t, const char *label, bool ticked, src_loc at);
/* Vertical space inside the cell (e.g. room for handwriting). */
void lay_cell_space(lay_table *t, double height_pt);
void lay_table_row_end(lay_table *t);
/* Ends the table: 't' is invalid afterwards. It is laid out when the next block that is not part
 * of its tail comes, or at lay_finish: blank lines, lines and body paragraphs right after it, and
 * a 版记, that end the document stay on the page of its last rows (never fewer than two; a
 * table of up to three row groups moves whole). A row group that does not fit
 * the rest of the page moves to the next one, unless it is a tall row whose content is split
 * (each cell continues where it stopped), and inside a group taller than a page each row up to a
 * third of a page moves whole likewise; the table is closed at the page bottom and reopened
 * with its header rows on the next page. Starting another block also ends an open table. */
void lay_table_end(lay_table *t);

/* ---- Result ---- */

/* Places page numbers and applies end-of-document rules. Returns false after reporting to the
 * document's diag sink. No blocks may be added afterwards. */
bool lay_finish(lay_document *doc);
size_t lay_page_count(const lay_document *doc);
/* Borrowed; valid until lay_document_free(). */
const lay_page *lay_page_get(const lay_document *doc, size_t index);

/* A readable text dump of every page and op, for golden tests. Caller frees. */
char *lay_dump(const lay_document *doc);

#endif
