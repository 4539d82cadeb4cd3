/* csv: the one CSV field writer of yinfa (RFC 4180 quoting). Two kinds of file use it: files
 * for a machine, which must round-trip byte for byte (the manifest), and files for people, which
 * an office opens in Excel or WPS (scores.csv): there a text that looks like a formula would be
 * evaluated (=HYPERLINK(...) sends neighbouring cells to a web site, @SUM(...)|cmd starts a
 * program), so it is neutralised as OWASP's CSV-injection advice says (docs/scoring.md). */
#ifndef YINFA_CORE_CSV_H
#define YINFA_CORE_CSV_H

#include <stdbool.h>

#include "core/strbuf.h"

typedef enum {
  CSV_EXACT,     /* the text as it is, quoted when it holds , " CR or LF */
  CSV_FOR_PEOPLE /* as CSV_EXACT, but a formula-looking text gets a leading ' (see below) */
} csv_mode;

/* Appends 's' as one field (no separator). In CSV_FOR_PEOPLE mode a text starting with = + - @
 * TAB or CR, or their full-width forms ＝ ＋ － ＠ (spreadsheets read those as formulas too), is
 * written as "'TEXT", quoted: the spreadsheet shows it as text and the ' marks the change. A
 * plain number (-12.5, +3, 1e-3) is left as it is: it is what it looks like. */
void csv_put_field(strbuf *b, const char *s, csv_mode mode);

/* Whether a spreadsheet would take 's' for a formula (the test above). */
bool csv_looks_like_formula(const char *s);

#endif
