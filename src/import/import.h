/* import: the spreadsheets offices have (.xlsx, .csv) → one review-round file
 * (docs/spec/review-outcomes.md), through a program's column mapping (import.xml,
 * docs/import.md). Every problem is reported with its cell: "FILE:SHEET!C14: applicant ID: ...". */
#ifndef YINFA_IMPORT_IMPORT_H
#define YINFA_IMPORT_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "input/input.h"

typedef struct imp_mapping imp_mapping;

/* Loads a column mapping (import.xml): which headers name which value, and where each value goes
 * in an <applicant> (a path, repeating groups, lists). With 'spec' (may be NULL) the program's
 * schema gives the order of elements and attributes and which values are required, and its group
 * key names the field a sheet may give (docs/import.md). Reports every problem with its line and
 * returns NULL. The caller frees the result with imp_mapping_free(). */
imp_mapping *imp_mapping_load(const char *path, const inp_spec *spec, diag_sink *diag);
void imp_mapping_free(imp_mapping *m);
/* The program the mapping is for (its program attribute). Owned by the mapping. */
const char *imp_mapping_program(const imp_mapping *m);

typedef struct {
  const char *program; /* written as review-round/@program */
  int year;            /* review year; 0: from a title cell such as "许昌市2022年…汇总表" */
  int round;           /* round number; 0: from a title cell (第2批), else 1 */
  bool *unreadable;    /* may be NULL; set when a file is no spreadsheet at all (damaged, not a
                        * workbook, encrypted): no other mapping would read it either */
} imp_options;

/* Reads 'count' spreadsheets (.xlsx; anything else is read as CSV/TSV in UTF-8, UTF-16 with BOM
 * or GB18030), maps their columns with 'm' and returns the review-round XML (UTF-8, malloc'd,
 * NUL-terminated, length in *len; the caller frees). Rows of one applicant (same id, else the
 * same value of the mapping's match fields: credit code, name) from any sheet or file come
 * together. On any problem reports ALL of them, each with its cell, and returns NULL. Warnings
 * (a trailing space removed...) do not fail.
 * The result is not yet checked against the schema and rules: see imp_import_file(). */
char *imp_import(const imp_mapping *m, const char *const *sheets, size_t count,
                 const imp_options *opt, size_t *len, diag_sink *diag);

/* A further check of the loaded round before it is written (the CLI scores it with the program's
 * scoring model, as `yinfa validate` does). Returns false after reporting to 'diag'. */
typedef bool (*imp_round_check)(void *ctx, struct inp_round *round, diag_sink *diag);

/* imp_import(), then the same checks as `yinfa validate` against the program's 'spec' (schema,
 * group, rules; input/input.h) and 'check' (may be NULL, with its 'ctx'), then writes 'output'
 * atomically (temporary file + rename); 'output' NULL checks only and writes nothing (which
 * program do these sheets fit?). Nothing is written when anything fails. Returns 0, 1 (the
 * spreadsheets or the mapping have errors) or 3 (I/O); *applicants (may be NULL) gets the number
 * of applicants written. */
int imp_import_file(const imp_mapping *m, const char *const *sheets, size_t count,
                    const imp_options *opt, const inp_spec *spec, imp_round_check check, void *ctx,
                    const char *output, size_t *applicants, diag_sink *diag);

struct inp_round;

/* Before import reads 'inputs': refuses (2, after reporting) a file given twice (same device
 * and inode: another spelling, a link) or two files of the same content (a copy), one message
 * for the pair rather than one per applicant. 0: go ahead. */
int imp_inputs_check(const char *const *inputs, size_t count, diag_sink *diag);

/* Before import or export writes 'output': refuses (2, after reporting) an output that is one of
 * 'inputs' (same device and inode: through links and other spellings of the path too), a symbolic
 * link (dangling or not: never followed nor replaced), anything that exists and is not a regular
 * file (folder, FIFO, device, socket), --force or not, and an existing regular file unless 'force'
 * (it is then replaced atomically by the writer). 0: go ahead. */
int imp_output_check(const char *output, const char *const *inputs, size_t count, bool force,
                     diag_sink *diag);

/* Writes 'round' as an .xlsx workbook at 'output' (atomically) in the columns of 'm': one sheet,
 * a row per applicant, a column per field (per key of a repeating group), so that imp_import() of it gives
 * the round back. Returns 0, 1 (the mapping lacks a column the round uses, a text exceeds an
 * Excel cell) or 3 (I/O), after reporting to 'diag'. */
int imp_export_file(const imp_mapping *m, const struct inp_round *round, const char *output,
                    diag_sink *diag);

#endif
