/* template internals: the template tree built at load, shared by parse.c, eval.c, filters.c. */
#ifndef YINFA_TEMPLATE_PRIVATE_H
#define YINFA_TEMPLATE_PRIVATE_H

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "core/arena.h"
#include "core/strbuf.h"
#include "template/template.h"
#include "text/text.h"

/* A compiled XPath expression and where it was written. */
typedef struct {
  xmlXPathCompExprPtr comp;
  const char *src;
  src_loc at;
} tpl_expr;

struct eval_state;

/* A filter: 'in' is the value so far; appends the result to 'out'. On failure returns false
 * and puts the reason in 'err'. 'arg' is the evaluated argument (NULL when none given). */
typedef bool (*tpl_filter_fn)(struct eval_state *st, const char *in, const char *arg, strbuf *out,
                              strbuf *err);

typedef struct {
  const char *name;
  int arg; /* 0: none, 1: optional, 2: required */
  tpl_filter_fn fn;
} tpl_filter_def;

const tpl_filter_def *tpl_filter_find(const char *name);
/* Space-separated list of filter names, for "unknown filter" messages. */
const char *tpl_filter_names(void);

typedef struct {
  const tpl_filter_def *def;
  tpl_expr *arg; /* NULL when none */
} tpl_filter;

/* Interpolated text: literal parts and {expr | filter ...} parts. */
typedef struct {
  const char *lit; /* NULL for an expression part */
  tpl_expr *expr;
  tpl_filter *filters;
  size_t filter_count;
} tpl_part;

typedef struct {
  tpl_part *parts;
  size_t count;
} tpl_text;

typedef enum {
  N_DOCUMENT,
  N_INFO,
  N_MASTHEAD,
  N_TITLE,
  N_P,
  N_BLANK,
  N_ATTACHMENTS,
  N_ITEM,
  N_SIGNATURE,
  N_ATTACHMENT,
  N_LINE,
  N_PAGE_BREAK,
  N_TABLE,
  N_ROW,
  N_CELL,
  N_TEXT,
  N_CHECKBOX,
  N_SPACE,
  N_FOR_EACH,
  N_SORT,
  N_IF,
  N_ELSE,
  N_LET,
  N_LITERAL, /* text directly inside a cell */
  N_COVER,
  N_COVER_TITLE,
  N_FILL,
  N_COLOPHON,
  N_PLACEHOLDER /* <placeholder>: spliced into sentences at load (wording.c), nothing to run */
} tpl_node_kind;

typedef enum { ORDER_INPUT, ORDER_PINYIN, ORDER_STROKE, ORDER_NUMBER, ORDER_VAR } tpl_order;

typedef struct {
  tpl_expr *key;
  tpl_order order;
  const char *order_var; /* ORDER_VAR: variable holding pinyin|stroke|input|number */
  bool descending;
} tpl_sort;

typedef struct tpl_node {
  tpl_node_kind kind;
  src_loc at;
  struct tpl_node *first, *last, *next; /* children */
  struct tpl_node *else_branch;         /* N_IF: the <else> node, or NULL */
  tpl_text *text;                       /* content text */
  tpl_text *attr[4];                    /* interpolated attributes, per kind (see parse.c) */
  tpl_expr *expr;                       /* select / test / ticked */
  tpl_expr *group_by;
  tpl_sort *sorts;
  size_t sort_count;
  const char *name; /* N_LET */
  lay_para_style style;
  lay_element element; /* N_P: the GB/T 9704 element it is (element=), LAY_EL_NONE when not named */
  lay_align align;
  lay_font font;
  double number; /* blank lines, space height, row min height, line size */
  size_t colspan, rowspan, header_rows, columns;
  double *weights;
  double font_size;
  bool fit_content;    /* N_TABLE fit="content" */
  bool heads;          /* N_ROW header="yes": heads the rows under it (lay_table_row_heads) */
  size_t min_count;    /* N_FOR_EACH: repeat at least this often (blank rows fill up) */
  bool continue_index; /* N_FOR_EACH numbering="continue": $index goes on from the last run */
  tpl_text *empty_error[2]; /* N_FOR_EACH: <empty-error lang="en|zh">: selecting nothing fails the
                             * document with these words (NULL: an empty list is fine) */
} tpl_node;

/* A sentence a template uses (<p wording=>): its index in tpl_program.sentences. */
typedef struct tpl_used_sentence {
  size_t index;
  struct tpl_used_sentence *next;
} tpl_used_sentence;

typedef struct {
  tpl_document_spec spec;
  tpl_node *root;
  tpl_expr *when; /* NULL: always */
  /* what this template was made from besides its own file, recorded while it was parsed, for
   * its documents' fingerprints (tpl_document_file/_sentence): the files its <include>s brought
   * in (nested ones too), each once; the sentences it uses, each once (arena) */
  struct tpl_file *files;
  tpl_used_sentence *sentences;
} tpl_template;

/* A NULL-terminated list of names (NULL items: none yet). */
typedef struct {
  const char **items;
  size_t count, cap;
} tpl_names;

struct tpl_program {
  arena *mem;
  const char *name, *title;
  const char *item_zh, *item_en; /* what an item is called (program item= / item-en=), or NULL */
  const char *dir;          /* the program folder as given */
  src_loc name_at;          /* program.xml's name=, for tpl_program_check_folder() */
  const char *program_path; /* .../program.xml */
  const char *schema_path;  /* .../schema.xsd, or NULL */
  const char *scoring_path; /* .../scoring.xml (<scoring file=>), or NULL */
  tpl_template *docs;
  size_t doc_count;
  tpl_param *params; /* declared configuration parameters */
  size_t param_count;
  tpl_group *group; /* NULL: no group scope */
  inp_rule *rules;
  size_t rule_count;
  inp_spec input; /* what input/ needs: schema, group key, rules */
  /* the schema's element and attribute names; templates may use no others */
  bool names_known; /* false: no schema (tpl_parse), any name goes */
  tpl_names elements, attributes;
  xmlXPathCompExprPtr *comps; /* every compiled expression, freed with the program */
  size_t comp_count, comp_cap;
  bool has_colophon;         /* some template has a <colophon> (tpl_program_layout_text) */
  struct tpl_file *includes; /* files brought in by <include>, each once (arena) */
  size_t include_count;
  tpl_sentence *sentences; /* wording.txt, with the round's replacements (wording.c) */
  size_t sentence_count;
};

/* A file the templates include, for tpl_program_file() (fingerprints, font subsets). */
typedef struct tpl_file {
  const char *path;
  struct tpl_file *next;
} tpl_file;


/* Runs the template of 'doc' against 'ctx', calling 'b' with 'sink' (tpl_render_blocks). */
bool tpl_eval(const tpl_program *p, const tpl_document_spec *doc, const tpl_context *ctx,
              const tpl_builder *b, void *sink, diag_sink *diag);

/* Value of a configuration variable for filters ("" when not given). Borrowed. */
const char *tpl_eval_var(struct eval_state *st, const char *name);
/* Position in the innermost for-each (1-based), 0 outside any. */
int tpl_eval_index(struct eval_state *st);
/* The official holiday calendar of the render (tpl_context.calendar; NULL: none). Borrowed. */
const cal_calendar *tpl_eval_calendar(struct eval_state *st);
/* The running filter refuses its input value as outside the filter's declared range (the data
 * is wrong, not the template): its error is then reported at the value's line in the round,
 * naming the expression, when the value comes from the round; at the expression otherwise. */
void tpl_eval_value_refused(struct eval_state *st);

/* A warning from a filter, reported at its expression with the applicant; the same message is
 * given once per document. */
void tpl_eval_warning(struct eval_state *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Receives one problem found in an expression: 'offset' and 'len' bytes into its text. */
typedef void (*tpl_name_error_fn)(void *data, size_t offset, size_t len, const char *msg);

/* Checks the names an XPath expression uses against the program's schema (any name when the
 * program has none), the XPath 1.0 function
 * library and the variables in scope ('vars', NULL-terminated). Reports each problem to
 * 'report' with where it is in 'xpath'; false when there was one. */
bool tpl_check_names(const char *xpath, const char *const *vars, const tpl_program *p,
                     tpl_name_error_fn report, void *data);
/* libxml2's XPath error 'e' (NULL: none said) in the user's language: the common kinds
 * (invalid expression, unknown function, undefined variable ...) translated by their code,
 * libxml2's English kept after them as a detail. Appends to 'out'. */
void tpl_xpath_error_text(strbuf *out, const struct _xmlError *e);

#endif
