/* template parser internals shared by parse.c (template elements, expressions,
 * source positions) and program.c (program.xml): the parser state and the
 * helpers both use. */
#ifndef YINFA_TEMPLATE_PARSE_PRIVATE_H
#define YINFA_TEMPLATE_PARSE_PRIVATE_H

#include <stdint.h>
#include <string.h>

#include "template/template_private.h"

typedef enum { C_FLOW, C_TABLE, C_ROW, C_CELL, C_ITEMS, C_COVER } content;

#define PS_MAX_INCLUDE_DEPTH 16

/* Where an element is in the source: offsets of the '<' and '>' of its start
 * tag and just past its end. libxml2 only gives the line where a start tag
 * ends, so parse_template() finds every element's tags once by walking the tree
 * and the bytes together; node->_private holds the index + 1 into 'tags' (NULL:
 * not found, report the element's line only). */
typedef struct {
  size_t lt, gt, end;
} tag_pos;

/* The bytes of the file being parsed, for exact line:column positions and
 * source excerpts. */
typedef struct {
  const char *bytes; /* NULL: unknown (only lines from libxml2) */
  size_t len;
  size_t *lines; /* offset of the start of each line */
  size_t line_count;
  tag_pos *tags;
  size_t tag_count, tag_cap;
} source;

/* Where a decoded string (an attribute value or an element's text) came from,
 * so that an offset into it can be mapped back to the template: its first
 * byte's offset in the source. */
typedef struct {
  const char
      *text;    /* the decoded string (NULL for a name in the source itself) */
  size_t start; /* offset in the source, or NO_POS */
  bool attribute; /* an attribute value: XML turned its line breaks and tabs
                     into spaces */
  int line;       /* when 'start' is NO_POS: the line libxml2 gave */
} origin;
#define NO_POS SIZE_MAX

typedef struct {
  tpl_program *p;
  diag_sink *diag;
  const char *path; /* the file being parsed (arena copy) */
  source src;
  int errors;
  xmlXPathContextPtr xp; /* for compiling, with an error handler */
  strbuf xp_error;
  const char **vars; /* names in scope, NULL-terminated after 'var_count' */
  size_t var_count, var_cap;
  const char *include_root; /* <include> stays inside this folder (real path, arena) */
  const char *include_stack[PS_MAX_INCLUDE_DEPTH + 1]; /* real paths of the files being parsed */
  size_t include_depth;
  /* the document whose template is being parsed (NULL: none): its includes and sentences are
   * recorded in it for its fingerprint */
  tpl_template *doc;
  /* <placeholder>s: each is also in 'vars' as "{name}" (no XPath name has braces), so that it
   * goes out of scope with the lets around it; 'ph_keys[i]' is that pushed string */
  const char **ph_keys;
  tpl_text **ph_texts;
  size_t ph_count, ph_cap;
} parser;

#define ERR(at, ...)                                                           \
  do {                                                                         \
    diag_error(ps->diag, (at), __VA_ARGS__);                                   \
    ps->errors++;                                                              \
  } while (0)

/* A location in the file being parsed. */
src_loc ps_loc(parser *ps, int line, int col);
/* Where element 'n' starts (its '<'), or its line when the source is unknown.
 */
src_loc ps_node_loc(parser *ps, xmlNodePtr n);
const char *ps_node_name(xmlNodePtr n);
bool ps_is(xmlNodePtr n, const char *name);
/* The attribute's value as libxml2 decoded it (borrowed from the tree), or
 * NULL. */
const char *ps_attr(xmlNodePtr n, const char *name);
/* Reports every attribute of 'n' not in the space-separated 'allowed'; false if
 * any. */
bool ps_check_attrs(parser *ps, xmlNodePtr n, const char *allowed);
/* The index of the attribute's value in the space-separated 'words', 'dflt'
 * when absent; reports a value not in the list. */
int ps_choice_attr(parser *ps, xmlNodePtr n, const char *name,
                   const char *words, int dflt);
/* Declares a variable visible to every expression compiled from now on; ps_pop_vars() forgets
 * those declared after 'ps->var_count' was 'to'. */
void ps_push_var(parser *ps, const char *name);
void ps_pop_vars(parser *ps, size_t to);
/* Compiles the value of attribute 'name' of 'n' as an XPath expression, its names checked,
 * errors at the attribute's line:column. NULL after reporting. */
tpl_expr *ps_compile_attr(parser *ps, xmlNodePtr n, const char *name);
void ps_source_free(source *sc);

/* ---- positions (srcpos.c) ---- */

/* Indexes the lines of 'bytes' and finds the tags of 'root' and every element inside it, for
 * the positions below; the bytes become the parser's source ('ps->src'). */
void ps_source_scan(parser *ps, const char *bytes, size_t len, xmlNodePtr root);
/* Where element 'n' is: its start tag's '<'. */
origin ps_node_origin(parser *ps, xmlNodePtr n);
/* Where attribute 'name' of 'n' is: its value's first byte, or its name when 'at_name'. */
origin ps_attr_origin(parser *ps, xmlNodePtr n, const char *name, bool at_name);
/* Where the text content 'text' of 'n' starts: right after its start tag. */
origin ps_content_origin(parser *ps, xmlNodePtr n, const char *text);
/* Where the text node 'c' inside 'n' starts. */
origin ps_literal_origin(parser *ps, xmlNodePtr n, xmlNodePtr c);
/* The src_loc of byte 'off' of the decoded string of 'o', for the template tree. */
src_loc ps_origin_loc(parser *ps, origin o, size_t off);
/* Reports an error at bytes [off, off + len) of the decoded string of 'o', as
 * "FILE:LINE:COL: error: message" followed by the source line and a caret under that part;
 * without the source "FILE:LINE: error: message". Counts it in ps->errors. */
void ps_report(parser *ps, origin o, size_t off, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Reports at element 'n', the caret under its '<name'. */
#define ERR_NODE(n, ...) \
  ps_report(ps, ps_node_origin(ps, (n)), 0, 1 + strlen(ps_node_name(n)), __VA_ARGS__)
/* Reports at the value of attribute 'name' of 'n', the caret under the value. */
#define ERR_ATTR(n, name, value, ...) \
  ps_report(ps, ps_attr_origin(ps, (n), (name), false), 0, strlen(value), __VA_ARGS__)

/* ---- forms (forms.c) ---- */

/* A <document>'s form="yes", blank-per= and blank-values= into 'spec', reported at their
 * attributes; 'can_be_form': the document is of applicant scope, laid out from a template. */
void ps_parse_form(parser *ps, xmlNodePtr c, tpl_document_spec *spec, bool can_be_form);

/* ---- expressions and text (interp.c) ---- */

/* Compiles the XPath 'src', which is at byte 'off' of the decoded string of 'o', and checks its
 * names; NULL after reporting. The expression lives in the program's arena. */
tpl_expr *ps_compile(parser *ps, const char *src, origin o, size_t off);
/* Parses "literal {expr | filter(arg)} literal", the decoded string of 'o'; NULL after
 * reporting. */
tpl_text *ps_parse_text(parser *ps, const char *src, origin o);

/* ---- attributes (parse.c) ---- */

/* Attribute 'name' as interpolated text, NULL when absent. */
tpl_text *ps_attr_text(parser *ps, xmlNodePtr n, const char *name);
/* A length: points, "12pt" or "10mm"; 'dflt' when absent; false after reporting. */
bool ps_number_attr(parser *ps, xmlNodePtr n, const char *name, double dflt, double *out);
/* A whole number in min..1000; 'dflt' when absent; false after reporting. */
bool ps_count_attr(parser *ps, xmlNodePtr n, const char *name, size_t dflt, size_t min,
                   size_t *out);
/* A font size: a Chinese size name (小四) or a length. */
bool ps_size_attr(parser *ps, xmlNodePtr n, const char *name, double dflt, double *out);
/* Forgets the variables declared after the first 'to'. */
void ps_pop_vars(parser *ps, size_t to);

/* ---- elements (elements.c) ---- */

/* Parses the children of 'n' into 'parent' in content 'ctx' (flow, table, row, cell, items). */
void ps_parse_children(parser *ps, xmlNodePtr n, tpl_node *parent, content ctx);
tpl_node *ps_new_node(parser *ps, tpl_node_kind kind, xmlNodePtr n);

/* ---- wording (wording.c) ---- */

/* Reads <program_dir>/wording.txt (none: the program has no sentences), then the round's file
 * 'round_path' (NULL: none), whose sentences replace the program's of the same name. Errors at
 * their file:line. */
void ps_wording_load(parser *ps, const char *program_dir, const char *round_path);
/* <placeholder name="人数">{count($admitted)}</placeholder> at 'n' (node 't'). */
void ps_placeholder(parser *ps, xmlNodePtr n, tpl_node *t);
/* The text of sentence 'name' (attribute 'attr' of 'n'), its {placeholders} replaced by those
 * in scope; NULL after reporting (an unknown placeholder at the sentence's file:line). */
tpl_text *ps_wording_text(parser *ps, xmlNodePtr n, const char *attr);
/* After every template: a sentence of the program's wording.txt that no template uses is an
 * error at its line (a misspelt name would otherwise be a silent no-op for the clerk). */
void ps_wording_finish(parser *ps);

/* ---- includes (include.c) ---- */

/* Starts the include chain at the template file 'path': includes may reach files under the
 * folder above the template's folder (templates/), and not 'path' itself. */
void ps_include_begin(parser *ps, const char *path);
/* <include file="..."/> at 'n': parses the file's <fragment> children into 'parent' in 'ctx';
 * a missing file, a path outside the templates folder or a cycle is reported at file=. */
void ps_include(parser *ps, xmlNodePtr n, tpl_node *parent, content ctx);

/* Parses 'len' bytes at 'bytes' ('path' labels messages); NULL after reporting.
 * On success the bytes become the parser's source for line:column positions
 * (the caller restores the previous one with ps_source_free() and frees the
 * bytes after the document). */
xmlDocPtr ps_parse_xml(parser *ps, const char *bytes, size_t len,
                       const char *path);
/* The whole file at 'path', NUL-terminated (caller frees), or NULL after
 * reporting. */
char *ps_read_file(parser *ps, const char *path, size_t *len);
/* dir + "/" + file, malloc'd. */
char *ps_join_path(const char *dir, const char *file);
/* Parses a template file, or 'len' bytes at 'src' when 'src' is not NULL. */
tpl_node *ps_parse_template(parser *ps, const char *path, const char *src,
                            size_t len);
/* A fresh program and the parser state that compiles into it; $index and $group
 * always exist. 'ps' must stay where it is: the XPath context points back at
 * it. */
tpl_program *ps_begin(parser *ps, diag_sink *diag);

#endif
