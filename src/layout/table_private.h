/* table_private: the table being built and paginated, shared by table.c (building, measuring,
 * placing) and table_keep.c (what stays together on a page). Not for other files. */
#ifndef YINFA_LAYOUT_TABLE_PRIVATE_H
#define YINFA_LAYOUT_TABLE_PRIVATE_H

#include "layout/layout_private.h"

#define PAD_H 5.0          /* cell padding left and right */
#define PAD_V 3.0          /* cell padding top and bottom (t->pad_v) */
#define LINE_FACTOR 1.5    /* line height in a cell, times the font size */

typedef enum { ITEM_TEXT, ITEM_CHECK, ITEM_SPACE } item_kind;

typedef struct {
  item_kind kind;
  char *text; /* malloc'd */
  lay_align align;
  bool ticked;
  double height;
  src_loc at;
} cell_item;

/* A piece of cell content one line (or one space) high; its ops sit in the table's scratch
 * page with x from the cell's content left and y from the box top. */
typedef struct {
  double h;
  size_t op_first, op_end;
  bool space;
  bool keep_next; /* a heading line inside the cell's text: never the last line on a page */
} cell_box;

typedef struct {
  size_t row, col, colspan, rowspan;
  lay_align align;
  cell_item *items;
  size_t nitems, items_cap;
  cell_box *boxes;
  size_t nboxes, boxes_cap;
  double content_h;
  size_t next;         /* first box not placed yet */
  double space_used;   /* of box 'next' when it is a space split over pages */
  bool started;        /* some content already placed (on an earlier page) */
  double region_top;   /* rowspan cells: top of the region on the current page */
  bool open;           /* rowspan cells: region started, content not placed yet */
  bool repeat_label;   /* rowspan label: its region goes on over a page, its text all placed */
} cell;

typedef struct {
  double min_h, nat_h;
  size_t first_cell, ncells;
  bool heads; /* lay_table_row_heads: repeated over the rows under it on later pages */
} row;

typedef struct {
  size_t row;
  double top, bottom;
} slice;

struct lay_table {
  lay_document *doc;
  src_loc at;
  size_t ncols, header_rows;
  double *colx; /* ncols+1 boundaries */
  double font_pt, line_h;
  bool fit_content; /* lay_table_spec.fit_content */
  double pad_v; /* cell padding above and below: PAD_V, less when a one-page form tightens */
  row *rows;
  size_t nrows, rows_cap;
  cell *cells;
  size_t ncells, cells_cap;
  size_t *busy_until; /* per column: first row not covered by an earlier rowspan */
  size_t next_col;
  bool in_row;
  lay_page scratch;
  long *owner; /* nrows*ncols */
  /* pagination */
  double y;
  slice *slices;
  size_t nslices, slices_cap;
  size_t body_slices; /* non-header slices in the current fragment */
  bool page_fresh;    /* nothing but repeated header rows on the current page yet */
  double keep_after;  /* height of what must follow the last rows on their page (tail.c) */
  bool even_end;      /* the last rows go on an even page (a 版记 follows) */
  bool ends_doc;      /* nothing but its tail follows the table */
  size_t head_row;     /* the lay_table_row_heads row heading the rows being placed (SIZE_MAX:
                        * none); break_page repeats it */
  size_t *open_cells;  /* rowspan cells whose region is on the current page */
  size_t nopen, open_cap;
};

/* table_measure.c */

/* Sets every cell's content at its column's width (boxes of lines, checkboxes, space). */
void lay_table_measure_cells(lay_table *t);
/* Forgets what lay_table_measure_cells() found, so that the table can be measured again. */
void lay_table_unmeasure(lay_table *t);
/* A cell's text width: its columns less the padding, pt. */
double lay_table_cell_width(const lay_table *t, const cell *ce);
/* Sets the text item 'it' in cell 'ce' at width 'cw' (pt), condensing a word that may not break. */
void lay_table_set_text(lay_table *t, cell *ce, const cell_item *it, double cw);

/* table_keep.c */

/* One past the last row of the group starting at row r: rows tied together by rowspans. */
size_t lay_table_group_end(const lay_table *t, size_t r);
/* True when body row r heads the rows below it: a single cell spanning every column of a table
 * of several, holding one or two lines of text (a group heading such as 二、…（8个）). */
bool lay_table_heading_row(const lay_table *t, size_t r);
/* Height that must fit below the cursor for heading row r to be placed on this page: the heading
 * (and headings right below it), then the first two row groups it heads (a tall group counts
 * with its first three lines, which is where it may split). */
double lay_table_keep_need(const lay_table *t, size_t r, double page_cap);
/* True when the table's last rows (the last two row groups, from row r on) should start the
 * next page rather than stay here: one of them, or what must follow them (keep_after), would not
 * fit on this page, or the table would end on an odd page when it must end on an even one (then
 * its last four rows go over, or two when no more stand on the page; from an even page the last
 * four, two for the odd page, two for the even one). */
bool lay_table_last_rows_move(const lay_table *t, size_t r, double page_cap);
/* A group that would fit on the next page moves there whole (false), unless it is a tall single
 * row [r, e) of height g whose content overflows and several lines fit here. */
/* True when the page should end before row r so that a block of rows of one shape (a form's
 * section) leaves no single row of it on a page. */
bool lay_table_block_break(const lay_table *t, size_t r);
bool lay_table_worth_splitting(const lay_table *t, size_t r, size_t e, double g, double page_cap);
/* What the table's first page must hold besides its header rows: two row groups, or a short
 * table (up to three groups) whole with what must follow it; 0 when that is more than a page. */
double lay_table_first_rows_h(const lay_table *t, size_t start, double page_cap);
/* A form that would spill onto the next page only because of blank writing space gives up
 * blank space to stay on this page ('avail' points left). */
void lay_table_yield_blank_space(lay_table *t, double avail);

/* table_fit.c: a fit="content" table's columns resized from their content before its cells
 * are measured: columns whose widest line fits give up room they do not use (keeping at least
 * MIN_SHARE of their width) to the columns that would wrap, up to what those lack. */
void lay_table_fit_columns(lay_table *t);

#endif
