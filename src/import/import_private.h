/* import internals: the cell grid every reader fills (xlsx.c, csv.c); the mapping (mapping.c) and
 * the schema's content model it reads (schema.c); value cleaning (values.c, clean.c); where the
 * table is on a sheet (layout.c); rows to applicants (build.c); applicants to the round's XML
 * (output.c) and back to a workbook (export.c). No type or function here names a program's
 * field: where a value goes is the mapping's path. */
#ifndef YINFA_IMPORT_PRIVATE_H
#define YINFA_IMPORT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/strbuf.h"
#include "import/import.h"

/* ---- Cells and sheets ---- */

typedef enum { CELL_EMPTY, CELL_TEXT, CELL_NUMBER, CELL_BOOL, CELL_ERROR } cell_type;
typedef enum { STYLE_NONE, STYLE_DATE, STYLE_PERCENT, STYLE_TEXT } cell_style;

typedef struct {
  const char *text;   /* UTF-8 as stored (a number as written in the file: "9.1411002E+17"); NULL: empty */
  unsigned char type; /* cell_type */
  unsigned char style; /* cell_style, from the cell's number format (xlsx only) */
  bool merged;        /* copied from the top-left cell of a merged range */
} imp_cell;

typedef struct {
  int r0, c0, r1, c1; /* 0-based, inclusive */
} imp_range;

typedef struct {
  const char *file;  /* path as given */
  const char *name;  /* sheet name; NULL for a CSV file */
  int rows, cols;
  imp_cell *cells;   /* rows * cols, row-major; in the arena */
  imp_range *merges; /* in the arena */
  int merge_count;
  bool date1904; /* the workbook counts serial days from 1904 (old Mac Excel) */
  /* CSV only (NULL for a workbook): each row's number of fields and the line it starts on, so
   * that a row with more or fewer fields than the header is named once at its line, not as
   * the shifted cells it leads to. In the arena, 'rows' entries. */
  int *row_fields, *row_line;
} imp_sheet;

/* Largest sheet accepted: a 汇总表 has hundreds of rows, not millions. */
#define IMP_MAX_ROWS 100000
#define IMP_MAX_COLS 512
#define IMP_MAX_CELLS ((size_t)4 * 1000 * 1000)
#define IMP_MAX_FILE_BYTES ((size_t)64 * 1024 * 1024)

static inline imp_cell *sheet_cell(const imp_sheet *s, int row, int col) {
  return &s->cells[(size_t)row * (size_t)s->cols + (size_t)col];
}

/* "C14" for row 13, column 2 (0-based) into 'out' (16 bytes). */
void imp_cell_ref(int row, int col, char out[16]);
/* "FILE:SHEET!C14" or "FILE:C14" (CSV), allocated in 'a'. */
const char *imp_cell_where(arena *a, const imp_sheet *s, int row, int col);

/* Sizes the grid and copies each merged range's top-left value into its other cells. */
void imp_sheet_finish(imp_sheet *s, arena *a);

/* Reads every sheet of an .xlsx workbook (libzip + libxml2) and appends them to *sheets
 * (a malloc'd array grown with xgrow that the caller frees; *count updated; the sheets' contents live in 'a'). Reports and returns false on failure. */
bool imp_read_xlsx(const char *path, arena *a, imp_sheet **sheets, size_t *count, size_t *cap,
                   diag_sink *diag);
/* What a file's first bytes say it is: a ZIP container (.xlsx), an OLE compound file (.xls, or an
 * .xlsx with a password), or anything else (text). */
enum { IMP_MAGIC_OTHER, IMP_MAGIC_ZIP, IMP_MAGIC_OLE };
int imp_file_magic(const char *path);
/* Reports an OLE compound file by what it is: encrypted (a password) or an old .xls. */
void imp_ole_message(const char *path, diag_sink *diag);
/* OOXML's _xHHHH_ escapes in a cell's text decoded (_x000D_ dropped), copied into 'a'. */
const char *imp_xlsx_unescape(arena *a, const char *s);
struct zip;
struct zip_file;
struct _xmlTextReader;
/* A part of an open workbook being read as a stream (xlsx_sst.c). */
typedef struct {
  struct zip_file *f;
  unsigned long long declared, n;
  bool has_declared;
  char why[160]; /* set when the stream is stopped: inflating past its declared size or 256 MiB */
} imp_part_stream;
/* Opens 'part' of 'zip' as a stream for libxml2's reader (no network, no DTD loading); NULL with
 * *why set when it is missing or declares more than 256 MiB. */
struct _xmlTextReader *imp_xlsx_stream_open(struct zip *zip, const char *part, imp_part_stream *ps, const char **why);
/* Frees the reader and closes the part; why the stream stopped (damage, a size past what was
 * declared, a DTD when rc is -2, not well-formed when rc < 0: the last read's result), else NULL.
 * 'buf' holds the text of a reason made here. */
const char *imp_xlsx_stream_close(struct _xmlTextReader *r, imp_part_stream *ps, int rc, char buf[200]);
/* Streams the shared strings of 'part' from the open workbook into *strings (malloc'd array,
 * texts in 'a'); reports a missing, damaged, oversized part or a DTD and returns false. */
bool imp_xlsx_shared_strings(struct zip *zip, const char *path, const char *part, arena *a, const char ***strings,
                             size_t *count, diag_sink *diag);
/* Reads a CSV or tab-separated file (UTF-8 with or without BOM, UTF-16 with BOM, or GB18030). */
bool imp_read_csv(const char *path, arena *a, imp_sheet **sheets, size_t *count, size_t *cap,
                  diag_sink *diag);
/* The same from bytes in memory (tests); 'name' labels messages. */
bool imp_parse_csv(const char *data, size_t len, const char *name, arena *a, imp_sheet *out,
                   diag_sink *diag);

/* ---- The mapping (mapping.c) ---- */

/* How a cell is read (docs/import.md, "kind"). Nothing here names a program's field: where a
 * value goes in the round is the field's path, data in import.xml. */
typedef enum {
  KIND_TEXT,        /* one line: a break inside is joined (with a warning) */
  KIND_PARAGRAPHS,  /* free text: line breaks kept */
  KIND_ID,          /* applicant/@id: ASCII, never a number, safe as a folder name */
  KIND_CODE,        /* a code: ASCII, upper case, no spaces; never a number */
  KIND_CREDIT_CODE, /* a code with the GB 32100-2015 check character */
  KIND_PHONE,       /* digits and dashes; a number is fine below 16 digits */
  KIND_AMOUNT,      /* money, converted to the field's unit (万元 unless unit="元") */
  KIND_PERCENT,     /* 0..100; a percentage cell (0.676 shown 67.6%) is 67.6 */
  KIND_NUMBER,      /* a plain decimal without unit (scores, areas, 万千瓦时) */
  KIND_INTEGER,     /* a whole number (counts, persons) */
  KIND_YEAR,        /* 2021, 2021年, 2021年度 */
  KIND_YEAR_MONTH,  /* to YYYY-MM */
  KIND_DATE,        /* to YYYY-MM-DD */
  KIND_ENUM,        /* one of the field's <value>s, or a word that means one */
  KIND_FLAG,        /* 是/有/√: the element is written (empty); 否/无/blank: it is not */
  KIND_LIST         /* a list column: items separated in the cell (map_list) */
} field_kind;

/* The kind's name in import.xml ("credit-code"), and the kind of a name (-1: none). */
const char *imp_kind_name(field_kind k);
int imp_kind_of(const char *name);

typedef struct {
  const char *is;       /* the value written to the round */
  const char **aliases; /* texts meaning it, normalized; aliases[0] is 'is' itself */
  size_t alias_count;
  const char **formers; /* its former names (<former>: 许昌县 for 建安区), as written: an error
                         * naming the present one, never taken silently */
  size_t former_count;
} map_value;

typedef struct map_group map_group;
typedef struct map_list map_list;

/* One column a header can name (a simple field, a field of a repeating group, a list column)
 * or one part of a list item. 'path' is relative to the <applicant> (simple fields), to the
 * group's record element or to the list's item element: element steps, then "@attr" or "." for
 * the text ("enterprise/main-business/@share", "@year", "."). */
typedef struct map_field {
  const char *name;     /* for messages without a header: the name= or the path */
  const char *label;    /* its first <header> as written in import.xml (县（市、区）), or NULL */
  const char *path;
  field_kind kind;
  const char **headers; /* normalized header texts that name it */
  size_t header_count;
  const char *unit;     /* KIND_AMOUNT: what the round holds and a bare number means, 万元 or 元 */
  const char *suffix;   /* a list part in brackets: accepted only when it ends so (级) */
  map_value *values;    /* KIND_ENUM */
  size_t value_count;
  size_t index;         /* position among the mapping's fields, its group's, or its list's parts */
  map_group *group;     /* a column of a repeating group, else NULL */
  const char *fixed_key; /* a group column that fills one record only (key="current") */
  map_list *list;       /* KIND_LIST: the list it fills */
  const char **defaults; /* KIND_LIST: per part of the list, the value of an item that has none */
  bool match;           /* identifies the applicant (after the id): rows with the same value are one */
  bool required;        /* every applicant needs it (required= or the schema) */
  bool from_sheet;      /* may be given per sheet: a labelled line above the table or the sheet name */
  int line;             /* in the mapping file */
} map_field;

/* A repeating group: one record element per key ("enterprise/finance" keyed by "@year"). The
 * key of a cell comes from its column (fixed_key), the header's year (2021年总资产) or the row's
 * key column (年度). */
struct map_group {
  const char *name, *path, *key;
  map_field *fields;
  size_t field_count;
  int key_field; /* the field whose path is the key (the 年度 column), or -1 */
  size_t index;
  int line;
};

/* A list: several items in one cell (honours one per line, experts separated by 、), each an
 * element at 'path'; parts[0] is the item's main text, the other parts come in brackets at the
 * end ("王志强（组长）", "河南省智能工厂（省级，2021）"). Several columns may fill one list. */
struct map_list {
  const char *name, *path;
  bool words;          /* items separated by 、，, too (names), not only by lines and ； */
  map_field *parts;
  size_t part_count;
  map_field **columns; /* its columns (in mapping->columns too) */
  size_t column_count;
  size_t index;
  int line;
};

/* What the program's schema says about one element under <applicant> (schema.c). */
typedef struct {
  const char *path;       /* from the applicant: "" for it, "enterprise", "review/on-site" */
  const char **children;  /* child element names in the content model's order */
  size_t child_count;
  const char **attrs;     /* attribute names in declaration order */
  bool *attr_required;
  size_t attr_count;
  bool required;          /* must appear in its parent (minOccurs >= 1, not in a choice) */
} xsd_element;

/* A required xs:choice of elements: one of 'paths' (from the applicant) must appear. */
typedef struct {
  const char **paths;
  size_t count;
} xsd_choice;

typedef struct {
  xsd_element *elements;
  size_t count;
  xsd_choice *choices; /* required choices among elements ("credit-code or org-code") */
  size_t choice_count;
} xsd_order;

/* Reads the content model of <applicant> from an XML Schema (xs:sequence/choice/all, named and
 * inline complex types, simple content, extension). Allocated in 'a'; NULL after reporting. */
xsd_order *imp_schema_read(const char *xsd_path, arena *a, diag_sink *diag);
/* The element at 'path' ("" the applicant), or NULL when the schema does not declare it. */
const xsd_element *imp_schema_find(const xsd_order *o, const char *path);
/* True when the schema requires the value at 'path' (from the applicant) in every applicant. */
bool imp_schema_required(const xsd_order *o, const char *path);

struct imp_mapping {
  const char *path;
  const char *program;
  const char *id_format;    /* "XC-{year}-{n:3}", or NULL: an id column is required */
  bool duplicates_allowed;  /* duplicates="allowed": one enterprise may be several applicants */
  const char **sheet_labels; /* normalized texts before ： that give a from-sheet field above a table */
  size_t sheet_label_count;
  const char **ignored;     /* normalized headers of columns known and not imported (序号) */
  size_t ignored_count;
  map_field *fields;        /* simple fields: one value per applicant */
  size_t field_count;
  map_group *groups;
  size_t group_count;
  map_list *lists;
  size_t list_count;
  const map_field **columns; /* every field a header can name: simple, group, list columns */
  size_t column_count;
  int id_field;             /* the field at "@id", or -1 */
  int sheet_field;          /* the from-sheet field, or -1 */
  const map_field **match;  /* fields identifying an applicant: the id, then match="yes" */
  size_t match_count;
  const xsd_order *order;   /* element order from the program's schema; NULL: mapping order */
  arena *arena;
};

/* Header and value text compared: white space dropped, full-width ASCII forms made ASCII
 * (（万元） → (万元)), upper case. Allocated in 'a'. */
char *imp_normalize_label(arena *a, const char *s);
/* The header a message names a field by when no column is at hand: its first header as
 * import.xml writes it, else its name. */
const char *imp_field_label(const map_field *f);

/* ---- Values (values.c) ---- */

/* Full-width digits, letters and punctuation (U+FF01..FF5E) to ASCII and U+3000 to a space. */
void imp_ascii_forms(strbuf *out, const char *s);
/* Trims ASCII white space, U+3000 and U+00A0 from both ends; returns a pointer into 's' and
 * the length in *len. */
const char *imp_trim(const char *s, size_t *len);
/* A plain decimal from Excel's float text ("11746.200000000001" → "11746.2"), 15 significant
 * digits as Excel keeps. Writes into out (64 bytes). False when 'num' is not a number. */
bool imp_number_text(const char *num, char out[64]);
/* "1,234.5" / "１２３４．５" / "1 234.5元" → "1234.5", and the unit written in the cell ("元",
 * "万元" or "" in *unit_out). False when not a number. */
bool imp_parse_amount(const char *s, char out[64], const char **unit_out);
/* Divides a plain decimal by 10000 exactly (元 → 万元), trailing zeros removed. */
void imp_yuan_to_wan(const char *dec, char out[80]);
/* 2022-03-18, 2022-3-18, 2022/3/18, 2022.3.18, 2022年3月18日 (full-width digits too) → ISO.
 * False when not one of these or the day does not exist. */
bool imp_parse_date_text(const char *s, char iso[11]);
/* Excel serial day number (1900 or 1904 system) → ISO; false outside 1900..2199. */
bool imp_serial_date(double serial, bool date1904, char iso[11]);

/* ---- Where the table is on a sheet (layout.c) ---- */

/* What one column of a sheet holds. */
typedef struct {
  const map_field *field; /* NULL: not mapped */
  const char *key;        /* a group column's record: its fixed key or the header's year, else
                           * NULL (the row's key column says) */
  const char *unit;       /* 万元/元 from the header or a unit row, else NULL */
  const char *header;     /* its header as the office wrote it (lines joined), for messages */
} imp_column;

/* A column whose header the mapping does not know (and does not ignore), over data. */
typedef struct imp_unknown {
  const char *text, *typed; /* as written, normalized */
  int row, col;
  struct imp_unknown *next;
} imp_unknown;

typedef struct {
  const imp_sheet *sheet;
  imp_column *cols;
  imp_unknown *unknown;          /* columns not imported, in reverse order */
  int header_row, header_rows; /* header_rows 0: no header found */
  int first_data_row;
  const char *sheet_value, *sheet_value_where; /* "…（盖章）：魏都区" or the sheet's name */
  bool sheet_label_slip; /* a label line above the table with a slip was reported: its rows'
                          * missing from-sheet value is that one fault, not one message each */
  int title_year, title_round;  /* "2022年", "第2批" in a title row */
  const char *default_unit;     /* "单位：元" above the table */
  int *match_col;               /* per mapping->match: its first column, or -1 */
  int *key_col;                 /* per group: its key column (年度), or -1 */
} imp_layout;

/* Finds the header row(s) of a sheet and what each column holds. False (with a warning) when the
 * sheet has no header the mapping knows: it is skipped. Allocates in 'a'. */
bool imp_read_layout(const imp_mapping *m, arena *a, diag_sink *diag, const imp_sheet *s, imp_layout *L);
/* Warns once per file about each header of 'layouts' the mapping does not know, at its cell,
 * with the accepted headers near it ("申报项目名称": 项目名称). */
void imp_warn_unknown_headers(const imp_mapping *m, arena *a, diag_sink *diag, const imp_layout *layouts,
                              size_t count);
/* A row under the header that holds an applicant's data: not blank, not a 合计 row, a note or
 * the header repeated on a later page. */
bool imp_row_is_data(const imp_mapping *m, const imp_layout *L, int r);
/* The count of applicants the office's own sheet states in a 合计/总计/共计 row (共8家, 8家, 共8个,
 * 共8项): the row, or -1 when none; the cell's column in *col and the count in *count. */
int imp_stated_count(const imp_mapping *m, const imp_layout *L, int *col, long *count);
/* The text of a cell, or NULL when empty (or out of the sheet). */
const char *imp_cell_text(const imp_sheet *s, int r, int c);

/* ---- Cells cleaned by kind (clean.c) ---- */

/* Where a cell is and what reads it, for clean_cell(). */
typedef struct {
  const imp_sheet *sheet;
  int row, col;
  const map_field *field;
  const char *unit;     /* KIND_AMOUNT: the unit of a bare number in this column */
  const char *label;    /* the applicant, for messages (may be NULL) */
  arena *a;
  diag_sink *diag;
  const char *header;   /* the column's header as the office wrote it; NULL: the field's label */
} imp_cellref;

/* Cleans one cell by its field's kind. Returns the value (in ref->a) or NULL: blank (a flag that
 * is 否), or a problem reported with the cell and the applicant. */
const char *imp_clean_cell(const imp_cellref *ref);
/* A value typed as a list item's part (in brackets) accepted by part 'f': the cleaned value, or
 * NULL when it is no such value (the bracket then stays in the item's text). */
const char *imp_clean_part(arena *a, const map_field *f, const char *text);

/* The value an enum field's text means (its 'is'), or NULL. */
const char *imp_enum_value(arena *a, const map_field *f, const char *text);
/* Reports 'text' as none of f's values, listing them, with the nearest when it is a slip
 * ("魏都" — 是否为 魏都区？). */
void imp_enum_error(diag_sink *diag, src_loc at, arena *a, const map_field *f, const char *header, const char *text);
/* 是/有/√ → 1, 否/无/blank → 0, anything else -1. */
int imp_flag_value(const char *text);
/* 2018-05, 2018-5, 2018.5, 2018/5, 2018年5月 (or a whole date) → "2018-05"; false otherwise. */
bool imp_parse_year_month(const char *text, char out[8]);

/* ---- Applicants gathered from rows (build.c) and written as a round (output.c) ---- */

typedef struct {
  const char *text;  /* cleaned value; NULL: not given */
  const char *where; /* its cell */
  const char *header; /* its column's header as the office wrote it, or NULL */
  const void *sheet; /* the layout and row it came from (a simple field): a row repeated */
  int row;
} imp_val;

typedef struct {
  const char *key, *key_where;
  imp_val *v; /* per field of the group */
} imp_record;

typedef struct {
  imp_record *recs;
  size_t count, cap;
} imp_records;

typedef struct {
  const char **parts; /* per part of the list; NULL: not given */
  const char *where, *header; /* the cell it was typed in and its column's header, for messages */
} imp_item;

typedef struct {
  imp_item *items;
  size_t count, cap;
} imp_items;

typedef struct {
  imp_val *v;        /* per simple field of the mapping */
  bool *bad;         /* a cell of the field was reported: no second message that it is missing */
  imp_records *groups; /* per group */
  imp_items *lists;    /* per list */
  const char *weak_sheet, *weak_sheet_where; /* the from-sheet field from a sheet's title or name */
  const char *where; /* first cell of its first row */
  const imp_layout *first_layout; /* its first row, for a blank cell's place: */
  int first_row;
} imp_app;

/* Where a value written to the round came from: its cell and the header its column goes by
 * (NULL each when unknown: a list's item). */
typedef struct {
  const char *where, *label;
} imp_from;

/* Where each value of a written round came from, by the line of its element (relay.c), so that
 * what the checks after the import find at a line of the round is said at the value's cell, in
 * the header's words. Owns copies of its texts. */
typedef struct {
  int line;
  const char *element, *attr; /* attr NULL: the element's text */
  const char *value, *where, *label;
} imp_src;
typedef struct imp_srcmap {
  arena *a;
  imp_src *src;
  size_t count, cap;
} imp_srcmap;

imp_srcmap *imp_srcmap_new(void);
void imp_srcmap_free(imp_srcmap *map);
/* Records one value (nothing when from.where is NULL). */
void imp_srcmap_add(imp_srcmap *map, int line, const char *element, const char *attr, const char *value,
                    imp_from from);

/* Appends the review round for 'apps' to 'out': each applicant a tree built from the mapping's
 * paths, children and attributes in the schema's order, empty elements left out; 'map' (may be
 * NULL) receives where each value came from. */
void imp_write_round(strbuf *out, const imp_mapping *m, const char *program, int year, int round,
                     imp_app *const *apps, size_t count, imp_srcmap *map);
/* imp_import() that also fills 'map' (may be NULL). */
char *imp_import_map(const imp_mapping *m, const char *const *sheets, size_t count, const imp_options *opt,
                     size_t *len, imp_srcmap *map, diag_sink *diag);

/* Re-reports the messages of 'text' (a sink's diag_text() of the checks run on the written round
 * 'xml', named 'name' in them) to 'diag': one at a line of the round at the cell its value came
 * from ('map', may be NULL), said with the column's header instead of the round's element and
 * attribute names, else at the applicant's first cell (the round's source comments), else at
 * 'shown' (the round's name for the user) and the line; one at another file with its own place
 * and level. */
void imp_relay(diag_sink *diag, const char *text, const char *name, const char *shown, const char *xml,
               const imp_srcmap *map);

#endif
