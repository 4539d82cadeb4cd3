/* import internals: the cell grid every reader fills (xlsx.c, csv.c), the mapping (mapping.c),
 * value cleaning (values.c), shared by build.c which turns sheets into a round. */
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
/* Reads a CSV or tab-separated file (UTF-8 with or without BOM, UTF-16 with BOM, or GB18030). */
bool imp_read_csv(const char *path, arena *a, imp_sheet **sheets, size_t *count, size_t *cap,
                  diag_sink *diag);
/* The same from bytes in memory (tests); 'name' labels messages. */
bool imp_parse_csv(const char *data, size_t len, const char *name, arena *a, imp_sheet *out,
                   diag_sink *diag);

/* ---- The mapping ---- */

typedef enum {
  KIND_TEXT,       /* one line: a break inside is joined (with a warning) */
  KIND_PARAGRAPHS, /* free text: line breaks kept */
  KIND_CODE,       /* credit code, id: ASCII, upper case, no spaces; never a number */
  KIND_PHONE,      /* digits and dashes; a number is fine below 16 digits */
  KIND_AMOUNT,     /* money per finance year, converted to 万元 */
  KIND_PERCENT,    /* 0..100 */
  KIND_YEAR,       /* finance year of the row */
  KIND_DATE,       /* to YYYY-MM-DD */
  KIND_CHOICE,     /* one of the field's values */
  KIND_EXPERTS,    /* names separated by 、，; or line breaks, role in brackets */
  KIND_HONORS      /* one per line or ；, level and year in trailing brackets */
} field_kind;

/* The round's fields a column can fill (shared/spec/review-outcomes.md); names as in import.xml. */
typedef enum {
  F_ID, F_COUNTY, F_NAME, F_CREDIT_CODE, F_INDUSTRY, F_ADDRESS, F_NATURE, F_MAIN_BUSINESS,
  F_MAIN_BUSINESS_SHARE, F_CONTACT_NAME, F_CONTACT_TITLE, F_CONTACT_PHONE, F_CONTACT_MOBILE,
  F_CONTACT_EMAIL, F_LEADER_NAME, F_LEADER_TITLE, F_FINANCE_YEAR, F_TOTAL_ASSETS,
  F_TOTAL_LIABILITIES, F_REVENUE, F_PROFIT, F_TAX, F_HONOR, F_DIRECTION, F_PROJECT_NAME,
  F_SUMMARY, F_GOALS, F_EFFECTS, F_COUNTY_OPINION, F_COUNTY_OPINION_DATE, F_ON_SITE_DATE,
  F_INNOVATION, F_TECHNICAL, F_FUNDING, F_OPINION, F_EXPERT, F_EXPERT_OPINION,
  F_EXPERT_OPINION_DATE, F_DECISION, F_COUNT
} field_id;

/* Name in import.xml and kind of each field_id. */
extern const struct field_info {
  const char *name;
  field_kind kind;
} imp_fields[F_COUNT];

typedef struct {
  const char *is;       /* the value written to the round */
  const char **aliases; /* texts meaning it, normalized */
  size_t alias_count;
} map_value;

typedef struct {
  field_id id;
  const char *name;       /* "credit-code" */
  field_kind kind;
  const char **headers;   /* normalized header texts that name it */
  size_t header_count;
  const char *unit;       /* KIND_AMOUNT: what a bare number means, "万元" or "元" */
  const char *role;       /* KIND_EXPERTS: role of a name without one */
  map_value *values;      /* KIND_CHOICE */
  size_t value_count;
  int line;               /* in the mapping file */
} map_field;

struct imp_mapping {
  const char *path;
  const char *program;
  const char *id_format;      /* "XC-{year}-{n:3}", or NULL: an id column is required */
  const char **county_labels; /* normalized texts before ： that name the county above a table */
  size_t county_label_count;
  map_field *fields;
  size_t field_count;
  arena *arena;
};

/* Header and value text compared: white space dropped, full-width ASCII forms made ASCII
 * (（万元） → (万元)), upper case. Allocated in 'a'. */
char *imp_normalize_label(arena *a, const char *s);

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

/* ---- Applicants gathered from rows (build.c) and written as a round (output.c) ---- */

typedef struct {
  const char *text;  /* cleaned value; NULL: not given */
  const char *where; /* its cell */
} imp_val;

typedef struct {
  int year;
  imp_val amount[5]; /* F_TOTAL_ASSETS .. F_TAX, in 万元 */
} imp_fin;

typedef struct {
  const char *text, *level, *year;
} imp_honor;

typedef struct {
  const char *name, *role;
} imp_expert;

typedef struct {
  imp_val v[F_COUNT]; /* one-value fields */
  bool bad[F_COUNT];  /* a cell of the field was reported: no second message that it is missing */
  const char *weak_county, *weak_county_where; /* from a sheet's title or name, used last */
  const char *where;  /* first cell of its first row */
  imp_fin *fins;
  size_t fin_count;
  imp_honor *honors;
  size_t honor_count;
  imp_expert *experts;
  size_t expert_count;
} imp_app;

/* Appends the review round for 'apps' to 'out'. */
void imp_write_round(strbuf *out, const char *program, int year, int round, imp_app *const *apps,
                     size_t count);

#endif
