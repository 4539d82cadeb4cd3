/* listing: the list a document shows — the tables its template builds, with the headings that
 * group them — as one worksheet of an .xlsx workbook (admitted.xlsx: the admitted list as the 公示
 * shows it, with the program's columns, for reporting upward). Driven by the template's blocks
 * (template.h tpl_builder), so no C file knows a program's columns. Owns the workbook
 * (libxlsxwriter). docs/docx.md. */
#ifndef YINFA_LISTING_LISTING_H
#define YINFA_LISTING_LISTING_H

#include <stdbool.h>

#include "core/diag.h"
#include "template/template.h"

/* Evaluates the template of 'spec' against 'ctx' and writes its tables to 'path' (through a
 * temporary name: nothing is left under 'path' on failure): the first table's header rows once,
 * then every table's body rows in order, a heading paragraph of the attachment (一、工业互联网平台
 * （5个）) as a row of its own before the rows it heads, merged cells merged, whole numbers and
 * decimals as numbers. 'date_iso' ("YYYY-MM-DD" or NULL) is the workbook's creation date, for
 * identical bytes. False after reporting (the template's message, or a system error with *io_err
 * set to its errno; 0 otherwise). */
bool lst_render(const tpl_program *p, const tpl_document_spec *spec, const tpl_context *ctx, const char *date_iso,
                const char *path, int *io_err, diag_sink *diag);

#endif
