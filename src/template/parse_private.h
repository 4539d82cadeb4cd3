/* template parser internals shared by parse.c (template elements, expressions,
 * source positions) and program.c (program.xml): the parser state and the
 * helpers both use. */
#ifndef YINFA_TEMPLATE_PARSE_PRIVATE_H
#define YINFA_TEMPLATE_PARSE_PRIVATE_H

#include <stdint.h>

#include "template/template_private.h"

typedef enum { C_FLOW, C_TABLE, C_ROW, C_CELL, C_ITEMS } content;

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
