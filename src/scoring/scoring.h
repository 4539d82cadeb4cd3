/* scoring: a program's comprehensive evaluation (综合评价) as data — indicator tables with
 * weights and XPath formulas (a program folder's scoring.xml, docs/scoring.md) — computed over a
 * loaded round: 极值法 (min-max) normalisation, utility = normalised value × weight, the total,
 * ranks within 领域 and 规模. The results are written into the round's document as <score>
 * elements, so templates read them like any field, and exported as CSV and XLSX for auditors.
 * Between input and template in the pipeline; knows no indicator, field or weight of its own. */
#ifndef YINFA_SCORING_SCORING_H
#define YINFA_SCORING_SCORING_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "input/input.h"

typedef struct scr_model scr_model; /* opaque, immutable after load */

/* Loads and compiles scoring.xml at 'path' (every XPath compiled, every weight a number).
 * Returns NULL after reporting each problem with path:line. Free with scr_model_free(). */
scr_model *scr_model_load(const char *path, diag_sink *diag);
void scr_model_free(scr_model *m);

/* Scores every applicant of 'r' that a table applies to and appends to its <applicant> element
 *   <score table= field= size= population= total= rank= rank-count= field-rank= field-count=>
 *     <indicator no= name= category= weight= unit= value= normalized= utility=/> ...
 * (numbers as plain decimals with 10 places, trailing zeros trimmed: round only for display).
 * A figure a formula needs that is missing or zero where it divides is an error naming the
 * applicant (file:line of its element), the indicator and the figure; all are reported and the
 * result is false with nothing written into the document. Call once, before any worker forks. */
bool scr_score_round(const scr_model *m, inp_round *r, diag_sink *diag);

/* The element and attribute names scr_score_round() writes, NULL-terminated, so templates may
 * use them (static strings). */
extern const char *const scr_element_names[];
extern const char *const scr_attribute_names[];

/* One row per scored applicant of a round scr_score_round() has scored, in the order of the
 * file: id, 企业名称 ('name' XPath of the model), the keys, 规模, per indicator 指标值 / 无量纲值 /
 * 效用值, 综合效用值, 排名, then the model's <raw> figures. Written atomically to 'path'.
 * CSV: UTF-8 with a BOM (Excel and WPS open it as UTF-8), RFC 4180 quoting. XLSX: through
 * libxlsxwriter, numbers as numbers. False after reporting; then *io_err (may be NULL) is the errno
 * of the failing call (every failure of these writers is one of writing the file). */
bool scr_write_csv(const scr_model *m, const inp_round *r, const char *path, int *io_err, diag_sink *diag);
/* The workbook's creation time is 'date_iso' (the documents' date, 00:00 in Beijing; NULL or not
 * a date: 1980-01-01), not the clock's, so the same round gives the same bytes. */
bool scr_write_xlsx(const scr_model *m, const inp_round *r, const char *path, const char *date_iso, int *io_err,
                    diag_sink *diag);

/* The 1-based competition rank ("1224": ties share a rank) of each of 'n' totals among
 * themselves, into rank[n]; totals equal to 10 decimal places tie. */
void scr_rank(const double *totals, size_t n, int *rank);

#endif
