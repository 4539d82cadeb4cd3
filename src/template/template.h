/* template: loads a program's document templates (templates/<program>/, docs/templates.md) and
 * evaluates them against a review round (docs/spec/review-outcomes.md), driving the layout
 * builder. Templates are XML; expressions are XPath 1.0 over the round, compiled once at load. */
#ifndef YINFA_TEMPLATE_TEMPLATE_H
#define YINFA_TEMPLATE_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "calendar/calendar.h"
#include "core/diag.h"
#include "input/input.h"
#include "layout/layout.h"

struct _xmlDoc;
struct _xmlNode;

typedef struct tpl_program tpl_program; /* opaque, immutable after load */

typedef enum { TPL_SCOPE_ROUND, TPL_SCOPE_APPLICANT, TPL_SCOPE_GROUP } tpl_scope;

typedef struct {
  const char *kind; /* "notice", "application", "summary", "review-form" */
  tpl_scope scope;
  const char *output;        /* pattern with {id} / {group}: "applicants/{id}/application.pdf" */
  const char *when;          /* XPath condition at the document's context, or NULL: always */
  const char *format;        /* "pdf" (from its template), "csv" or "xlsx" (the scores) */
  const char *template_path; /* the template file, as loaded (program_dir + "/" + file) */
  lay_options options;       /* page numbers (notices), grid snapping: pass to lay_document_new() */
  const char *reflow;        /* "docx", "html", "docx html": also written from its blocks in those
                              * formats when [output] formats asks for them (program.xml reflow=,
                              * docs/docx.md); "" when not */
  const char *list;          /* "admitted.xlsx": its tables also written as this workbook when
                              * [output] formats has xlsx (program.xml list=, listing/); NULL when not */
  bool form;                 /* form="yes" (applicant scope): a form filled per applicant, joined in
                              * its group's print set ([output] bundle = group) and written blank by
                              * run --blank (docs/programs.md) */
  const char *blank_per;     /* a form whose content follows a field of the applicant (program.xml
                              * blank-per="project/@category"): the blank form is made once for each
                              * of the blank_values, that field set to it; NULL: one blank form */
  const char *const *blank_values;
  size_t blank_value_count;
} tpl_document_spec;

/* A parameter a program takes from the job's INI (program.xml <param>, docs/programs.md). */
typedef enum {
  TPL_PARAM_TEXT,
  TPL_PARAM_DATE,
  TPL_PARAM_INTEGER,
  TPL_PARAM_DATE_LIST,
  TPL_PARAM_ENUM,
  TPL_PARAM_EMAIL,
  TPL_PARAM_DOC_NUMBER /* 发文字号, GB/T 9704-2012 7.2.4: 许工信〔2022〕12号 (cli/docnumber.c) */
} tpl_param_type;
typedef struct {
  const char *name;         /* $name in templates and rules */
  const char *section, *key; /* where the INI sets it: [section] key */
  tpl_param_type type;
  bool required;
  const char *default_value; /* NULL: none */
  const char *values;        /* enum: the allowed words, space-separated */
  long min, max;             /* integer bounds, when has_min / has_max */
  bool has_min, has_max;
  const char *en, *zh;       /* what it means, for `yinfa programs` and messages */
  src_loc at;
} tpl_param;

/* The program's grouping of applicants for group-scope documents (程序.xml <group>): its
 * variable name ($county), the XPath of the key from an <applicant>, what a group is called. */
typedef struct {
  const char *name, *key, *label_zh, *label_en;
  const char *bundle; /* the print set's file, with {group} (<group bundle=>; default bundles/{group}.pdf) */
  src_loc at; /* program.xml's <group>, for messages about the key */
} tpl_group;

/* The program folder 'name' in the first of 'search' (count folders, NULL entries skipped) that
 * has NAME/program.xml; malloc'd path (caller frees) or NULL. A name with '/' is never found. */
char *tpl_program_find_dir(const char *const *search, size_t count, const char *name);

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

/* As tpl_parse(), with field names checked against the XSD at 'schema_path' (NULL: any). */
tpl_program *tpl_parse_with_schema(const char *src, size_t len, const char *path,
                                   const char *schema_path, diag_sink *diag);

/* The program's name (program.xml name="..."), title, folder, borrowed. */
const char *tpl_program_name(const tpl_program *p);
const char *tpl_program_title(const tpl_program *p);
const char *tpl_program_dir(const tpl_program *p);
/* Loads as tpl_program_load(), with the round's wording file 'round_wording' (the INI's [wording]
 * file; NULL: none) replacing sentences of the program's wording.txt (docs/templates.md
 * "Wording"): a name the program has not, or a {placeholder} the sentence's place does not
 * offer, is an error at the file's line. */
tpl_program *tpl_program_load_wording(const char *program_dir, const char *round_wording, diag_sink *diag);

/* A fixed sentence of the notices (wording.txt "名称 = 句子"), as the documents use it. */
typedef struct {
  const char *name, *text;  /* NFC, the text as written (placeholders in braces) */
  const char *placeholders; /* those offered where it is used: "{发文机关} {人数}" ("" none) */
  const char *document;     /* the template that uses it first */
  src_loc at;               /* the file:line it comes from (the round's file when replaced) */
  bool from_round;          /* replaced by the round's wording file */
} tpl_sentence;
size_t tpl_program_sentence_count(const tpl_program *p);
/* Borrowed; NULL when out of range. */
const tpl_sentence *tpl_program_sentence(const tpl_program *p, size_t i);

/* A program is found by its folder's name: the name in program.xml must be that name, or
 * `programs`, `programs NAME` and `validate` would disagree on which program a name means.
 * Reports an error at program.xml's name= naming both; false then. */
bool tpl_program_check_folder(const tpl_program *p, diag_sink *diag);
/* What the program calls an item of the round in messages (program.xml item= in Chinese,
 * item-en= in English), e.g. 企业 / enterprise; NULL when it keeps 申报单位 / applicant. */
const char *tpl_program_item_noun(const tpl_program *p, bool zh);
/* The program's scoring model (program.xml <scoring file=>; docs/scoring.md), or NULL. */
const char *tpl_program_scoring_path(const tpl_program *p);
/* NULL when the program has no <group>. Borrowed. */
const tpl_group *tpl_program_group(const tpl_program *p);
/* What the input stage needs (schema, group key, rules; vars left empty for the caller to
 * fill from the configuration). Borrowed; valid until tpl_program_free(). */
const inp_spec *tpl_program_input(const tpl_program *p);
size_t tpl_program_param_count(const tpl_program *p);
const tpl_param *tpl_program_param(const tpl_program *p, size_t i);
size_t tpl_program_document_count(const tpl_program *p);
/* Borrowed; valid until tpl_program_free(). NULL when i is out of range. */
const tpl_document_spec *tpl_program_document(const tpl_program *p, size_t i);
/* The document of that kind, or NULL. */
const tpl_document_spec *tpl_program_find(const tpl_program *p, const char *kind);
/* Every file the program was loaded from (program.xml first, each template, each file an
 * <include> brought in, then the schema), for the documents' fingerprints and font subsets.
 * Borrowed; valid until tpl_program_free(). */
size_t tpl_program_file_count(const tpl_program *p);
const char *tpl_program_file(const tpl_program *p, size_t i);
/* What the documents of 'doc' are made from, as its template was loaded, for their fingerprints
 * (a re-run remakes only the documents whose inputs changed): file i (0: its template, then each
 * file its <include>s brought in, nested ones too), NULL past the last; sentence i of the wording
 * (<p wording=>, after the round's [wording] file replaced it), NULL past the last. Files every
 * document depends on (program.xml, the schema, the scoring model) are tpl_program_file() 0 and
 * those after the includes. Borrowed; valid until tpl_program_free(). */
const char *tpl_document_file(const tpl_program *p, const tpl_document_spec *doc, size_t i);
const tpl_sentence *tpl_document_sentence(const tpl_program *p, const tpl_document_spec *doc, size_t i);
/* Whether tpl_program_file(p, i) is a template or a file templates include or the wording, which
 * reach a document only through tpl_document_file/_sentence. */
bool tpl_program_file_per_document(const tpl_program *p, size_t i);
/* Characters the layout writes for the program's elements besides their text (the 版记's
 * "抄送：" and "印发"), for the fonts' subset; "" when none. Borrowed. */
const char *tpl_program_layout_text(const tpl_program *p);

/* A configuration value, visible to expressions as the XPath string variable $name:
 * $issuer, $doc_number, $date (成文日期, ISO), $publicity_start (ISO), $publicity_days,
 * $holidays and $workdays (ISO dates separated by spaces or commas), $contact, $phone, $email,
 * $address, $order (pinyin|stroke|input), the group's variable ($county) ... as the program
 * declares them. Strings are borrowed. */
typedef struct {
  const char *name, *value;
} tpl_var;

typedef struct {
  struct _xmlDoc *round;    /* the parsed round (input stage's inp_round_xml()) */
  struct _xmlNode *context; /* the <applicant> element, or the root element for round and
                               group scope (group scope also passes $<group name> in vars) */
  const tpl_var *vars;
  size_t var_count;
  /* The official holidays and 调休 working days for workdays-after (borrowed; NULL: Saturdays
   * and Sundays off, plus $holidays and $workdays). Load it once per run with cal_load(). */
  const cal_calendar *calendar;
} tpl_context;

/* Whether 'doc' is made for 'ctx' (its when= condition; true without one). False with *error
 * set after reporting when the condition cannot be evaluated. */
bool tpl_document_applies(const tpl_program *p, const tpl_document_spec *doc, const tpl_context *ctx,
                          bool *error, diag_sink *diag);

/* The documents of the round 'ctx' (its round, configuration variables and calendar; its context
 * is ignored) that would list nobody: every document that applies (each group of a group-scope
 * document, each applicant of an applicant-scope one) whose template has a <for-each> with
 * <empty-error> selecting nothing — one not inside an <if> or another <for-each>, with the <let>s
 * before it. Each is reported at the for-each's line, naming the document's file, with the
 * template's words, as an error ('as_error': validate) or a warning (import); tpl_render() fails
 * such a document itself. Returns how many documents were reported. */
size_t tpl_check_lists(const tpl_program *p, const tpl_context *ctx, bool as_error, diag_sink *diag);

/* Evaluates the template of 'doc' into 'out' (a fresh lay_document; the caller finishes and
 * frees it). Returns false after reporting "TEMPLATE:LINE: applicant ID: message" to 'diag'.
 * Thread-safe: any number of renders may run at once on different contexts and documents. The
 * layout's src_locs point into 'p' and into ctx->round, which must outlive 'out'. */
bool tpl_render(const tpl_program *p, const tpl_document_spec *doc, const tpl_context *ctx,
                lay_document *out, diag_sink *diag);

/* The builder the evaluator drives, one call per block in reading order, with the text as the
 * template gives it (no line broken): the layout module (tpl_render), a recorder for tests and
 * --trace (tpl_render_trace), or a writer that keeps the blocks reflowable (docx/). Strings and
 * the structs passed are borrowed for the call only. */
typedef struct {
  void (*info)(void *s, const lay_info *info);
  void (*masthead)(void *s, const char *issuer, const char *number, src_loc at);
  void (*title)(void *s, const char *text, src_loc at);
  void (*paragraph)(void *s, lay_para_style style, lay_element element, const char *text, src_loc at);
  void (*blank)(void *s, int count);
  void (*attachment_note)(void *s, const char *const *names, size_t count, src_loc at);
  void (*signature)(void *s, const char *issuer, const char *date, bool sealed, src_loc at);
  void (*attachment_start)(void *s, const char *label, const char *title, src_loc at);
  void (*line)(void *s, lay_para_style style, lay_font font, double size_pt, const char *text,
               src_loc at);
  void (*page_break)(void *s);
  void (*table_begin)(void *s, const lay_table_spec *spec, src_loc at);
  void (*row_begin)(void *s, double min_height_pt);
  void (*cell)(void *s, size_t colspan, size_t rowspan, lay_align align);
  void (*cell_text)(void *s, const char *text, lay_align align, src_loc at);
  void (*cell_checkbox)(void *s, const char *label, bool ticked, src_loc at);
  void (*cell_space)(void *s, double height_pt);
  void (*row_end)(void *s);
  void (*table_end)(void *s);
  void (*cover)(void *s, const lay_cover *cover, src_loc at);
  void (*colophon)(void *s, const char *copy_to, const char *printer, const char *date, src_loc at);
  /* the row just begun heads the rows under it (<row header="yes">): repeated on the pages they
   * continue on; NULL in a builder that does not paginate */
  void (*row_heads)(void *s);
} tpl_builder;

/* Evaluates the template of 'doc' against 'ctx', calling 'b' with 'sink' for each block: what
 * tpl_render() gives the layout, for a writer of its own. Returns false after reporting, as
 * tpl_render(); the sink may then hold part of the document. Thread-safe as tpl_render(). */
bool tpl_render_blocks(const tpl_program *p, const tpl_document_spec *doc, const tpl_context *ctx,
                       const tpl_builder *b, void *sink, diag_sink *diag);

/* The same evaluation, recorded as one line per builder call ("title 关于…", "cell 1 1 center",
 * "checkbox [x] 工业互联网平台" ...) instead of laying out: for tests and for `--trace` debugging
 * of templates. Returns a malloc'd string the caller frees, or NULL after reporting. */
char *tpl_render_trace(const tpl_program *p, const tpl_document_spec *doc, const tpl_context *ctx,
                       diag_sink *diag);

/* ---- Filters, exposed for tests and other stages (pure functions) ---- */

/* Rounds the decimal 'text' ("12345.675", "-3.5", "7") half away from zero to 'decimals'
 * digits, exactly on the digits as written. Returns a malloc'd string the caller frees, or NULL
 * when 'text' is not a plain decimal. */
char *tpl_format_decimal(const char *text, int decimals);

#endif
