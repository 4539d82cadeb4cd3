/* template evaluation internals shared by eval.c (the evaluator) and lists.c (lists that must
 * not be empty): the state of one evaluation and the steps lists.c takes with it. */
#ifndef YINFA_TEMPLATE_EVAL_PRIVATE_H
#define YINFA_TEMPLATE_EVAL_PRIVATE_H

#include <libxml/xpathInternals.h>

#include "template/template_private.h"

/* The title lines and fill-in lines of a <cover> being collected. */
typedef struct {
  lay_cover_line *titles;
  size_t title_count, title_cap;
  lay_cover_fill *fills;
  size_t fill_count, fill_cap;
} cover_parts;

/* Where a numbering="continue" for-each stopped, per for-each node. */
typedef struct {
  const void *node;
  int last;
} counter;

typedef struct let {
  struct let *up;
  const char *name;
  xmlXPathObjectPtr value;
} let;

struct eval_state {
  const tpl_program *p;
  const tpl_document_spec *doc; /* the document evaluated (its file name in messages), or NULL */
  const tpl_context *ctx;
  const tpl_builder *b;
  void *sink;
  diag_sink *diag;
  xmlXPathContextPtr xp;
  inp_xpath_env xpath_env; /* the calendar of xp's working-day functions (rules.c) */
  const char *applicant; /* for messages: the applicant id, or NULL */
  xmlNodePtr node;       /* the context node */
  let *lets;
  int index, size;     /* position in the innermost for-each */
  int index_offset;    /* added to index for $index and the index filter (numbering=continue) */
  counter *counters;
  size_t counter_count, counter_cap;
  cover_parts *cover;  /* the <cover> being collected, or NULL */
  xmlDocPtr blank_doc; /* holds the empty context node of the rows min= adds */
  xmlNodeSetPtr group; /* current group of a for-each group-by, borrowed */
  txt_collator *coll[2];
  lay_align cell_align;
  bool in_cell;             /* inside a <cell>: its text runs are gathered, then emitted */
  strbuf cell_text;         /* the cell's text so far not emitted (an <if>'s text joins it) */
  const tpl_node *cell_at;  /* the text node that started it: alignment and location */
  const char **items; /* <attachments> being collected */
  size_t item_count, item_cap;
  bool collecting;
  strbuf xp_error;
  src_loc filter_at; /* the expression whose filters are running, for tpl_eval_warning() */
  src_loc value_at;  /* where the value being filtered is in the round (path NULL: computed, or not
                        from the round) */
  bool value_refused; /* the running filter refused its value (tpl_eval_value_refused) */
  strbuf warned;     /* warnings given so far, each once per document */
  bool ok;
};

/* The evaluation state at the context's node, with the XPath context that reads variables
 * through the lets, the configuration and the program's parameters; 'st' must stay where it is.
 * 'doc' (may be NULL) is the document evaluated, for messages. Release with tpl_state_release(). */
void tpl_state_init(struct eval_state *st, const tpl_program *p, const tpl_document_spec *doc,
                    const tpl_context *ctx, diag_sink *diag);
void tpl_state_release(struct eval_state *st);
/* Evaluates 'e' at st->node; NULL after reporting (st->ok false). The caller frees the result. */
xmlXPathObjectPtr tpl_state_run(struct eval_state *st, const tpl_expr *e);
/* Interpolated text evaluated at st->node: malloc'd, or NULL after reporting. */
char *tpl_state_text(struct eval_state *st, const tpl_text *t);
/* <let>: binds n->name until tpl_state_unwind() back to the scope before it. */
bool tpl_state_let(struct eval_state *st, const tpl_node *n);
void tpl_state_unwind(struct eval_state *st, let *scope);

/* lists.c: a <for-each> with <empty-error> selected nothing: reports it with the document's
 * file name and the template's words (at st->node) and returns false (the document fails). */
bool tpl_list_empty(struct eval_state *st, const tpl_node *n);

#endif
