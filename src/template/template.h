/* template: loads a program's document templates (templates/<program>/, docs/templates.md) and
 * evaluates them against a review round (shared/spec/review-outcomes.md), driving the layout
 * builder. Templates are XML; expressions are XPath 1.0 over the round, compiled once at load. */
#ifndef YINFA_TEMPLATE_TEMPLATE_H
#define YINFA_TEMPLATE_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "calendar/calendar.h"
#include "core/diag.h"
#include "layout/layout.h"

struct _xmlDoc;
struct _xmlNode;

typedef struct tpl_program tpl_program; /* opaque, immutable after load */

typedef enum { TPL_SCOPE_ROUND, TPL_SCOPE_APPLICANT, TPL_SCOPE_COUNTY } tpl_scope;

typedef struct {
  const char *kind; /* "notice", "application", "summary", "review-form" */
  tpl_scope scope;
  const char *output;        /* pattern with {id} / {county}: "applicants/{id}/application.pdf" */
  const char *template_path; /* the template file, as loaded (program_dir + "/" + file) */
  lay_options options;       /* page numbers (notices), grid snapping: pass to lay_document_new() */
} tpl_document_spec;

/* Loads <program_dir>/program.xml and parses every template it lists. Every expression is
 * compiled and every field name checked against the round schema here, so template errors
 * (bad XPath, unknown element or attribute, unknown filter or variable, a field the round does
 * not have) are all reported with the template's file:line before anything is written.
 * Returns NULL after reporting. Free with tpl_program_free(). Call from one thread; the
 * caller must have initialised libxml2 (xmlInitParser()) before using threads. */
tpl_program *tpl_program_load(const char *program_dir, diag_sink *diag);
void tpl_program_free(tpl_program *p);

/* Parses one template from 'len' bytes at 'src' ('path' labels messages) as a program with a
 * single round-scope document of kind "document", the configuration variables of
 * docs/templates.md declared. For tests, tools and fuzzing. Returns NULL after reporting; free
 * with tpl_program_free(). */
tpl_program *tpl_parse(const char *src, size_t len, const char *path, diag_sink *diag);

/* The program's name (program.xml name="..."), borrowed. */
const char *tpl_program_name(const tpl_program *p);
size_t tpl_program_document_count(const tpl_program *p);
/* Borrowed; valid until tpl_program_free(). NULL when i is out of range. */
const tpl_document_spec *tpl_program_document(const tpl_program *p, size_t i);
/* The document of that kind, or NULL. */
const tpl_document_spec *tpl_program_find(const tpl_program *p, const char *kind);
/* Every file the program was loaded from (program.xml first, then each template, then each file
 * an <include> brought in), for the documents' fingerprints and font subsets. Borrowed; valid until tpl_program_free(). */
size_t tpl_program_file_count(const tpl_program *p);
const char *tpl_program_file(const tpl_program *p, size_t i);
/* Characters the layout writes for the program's elements besides their text (the 版记's
 * "抄送：" and "印发"), for the fonts' subset; "" when none. Borrowed. */
const char *tpl_program_layout_text(const tpl_program *p);

/* A configuration value, visible to expressions as the XPath string variable $name:
 * $issuer, $doc_number, $date (成文日期, ISO), $publicity_start (ISO), $publicity_days,
 * $holidays and $workdays (ISO dates separated by spaces or commas), $contact, $phone, $email,
 * $address, $order (pinyin|stroke|input), $county (county scope) ... Strings are borrowed. */
typedef struct {
  const char *name, *value;
} tpl_var;

typedef struct {
  struct _xmlDoc *round;    /* the parsed round (input stage's inp_round_xml()) */
  struct _xmlNode *context; /* the <applicant> element, or the root element for round and
                               county scope (county scope also passes $county in vars) */
  const tpl_var *vars;
  size_t var_count;
  /* The official holidays and 调休 working days for workdays-after (borrowed; NULL: Saturdays
   * and Sundays off, plus $holidays and $workdays). Load it once per run with cal_load(). */
  const cal_calendar *calendar;
} tpl_context;

/* Evaluates the template of 'doc' into 'out' (a fresh lay_document; the caller finishes and
 * frees it). Returns false after reporting "TEMPLATE:LINE: applicant ID: message" to 'diag'.
 * Thread-safe: any number of renders may run at once on different contexts and documents. The
 * layout's src_locs point into 'p' and into ctx->round, which must outlive 'out'. */
bool tpl_render(const tpl_program *p, const tpl_document_spec *doc, const tpl_context *ctx,
                lay_document *out, diag_sink *diag);

/* The same evaluation, recorded as one line per builder call ("title 关于…", "cell 1 1 center",
 * "checkbox [x] 工业互联网平台" ...) instead of laying out: for tests and for `--trace` debugging
 * of templates. Returns a malloc'd string the caller frees, or NULL after reporting. */
char *tpl_render_trace(const tpl_program *p, const tpl_document_spec *doc, const tpl_context *ctx,
                       diag_sink *diag);

/* ---- Filters, exposed for tests and other stages (pure functions) ---- */

/* Working-day arithmetic for 公示期 without the official calendar (cal_workdays_after() takes
 * it): the ISO date of the 'days'-th working day counting from 'start_iso' itself (the day of
 * publication counts when it is a working day). A working day is
 * Monday-Friday not listed in 'holidays', or any day listed in 'workdays' (调休 make-up days);
 * both lists are ISO dates separated by spaces, commas or semicolons (NULL: none).
 * Writes "YYYY-MM-DD" into out[11]; false when an input is malformed or days < 1. */
bool tpl_workdays_after(const char *start_iso, int days, const char *holidays, const char *workdays,
                        char out[11]);

/* Rounds the decimal 'text' ("12345.675", "-3.5", "7") half away from zero to 'decimals'
 * digits, exactly on the digits as written. Returns a malloc'd string the caller frees, or NULL
 * when 'text' is not a plain decimal. */
char *tpl_format_decimal(const char *text, int decimals);

#endif
