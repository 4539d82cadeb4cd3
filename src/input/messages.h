/* The messages of one load of a review round (messages.c): collected while the round is parsed
 * and checked, handed to the caller's sink sorted by line when the load ends, so that parser,
 * schema and semantic findings read top to bottom like a compiler's; libxml2's English parser
 * and schema messages are rewritten into what is wrong and what to do, in the user's language. */
#ifndef YINFA_INPUT_MESSAGES_H
#define YINFA_INPUT_MESSAGES_H

#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <stdbool.h>

#include "core/diag.h"

struct arena;

/* Each message's text is owned here until inp_msgs_flush() or inp_msgs_clear(). */
typedef struct {
  struct inp_msg *items;
  size_t count, cap;
  int errors;
  size_t dropped; /* beyond INP_MAX_MESSAGES: counted, not kept */
} inp_msgs;

#define INP_MAX_MESSAGES 1000

void inp_msg_add(inp_msgs *m, diag_level level, src_loc at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define inp_msg_error(m, at, ...) inp_msg_add((m), DIAG_ERROR, (at), __VA_ARGS__)
/* Reports every message to 'diag' (stable order by line) and empties 'm'. */
void inp_msgs_flush(inp_msgs *m, diag_sink *diag);
/* Forgets every message so far (libxml2's reactions to a DTD refused as a whole). */
void inp_msgs_clear(inp_msgs *m);

/* Every refusal says why: when the reader gave up with nothing but warnings, an error at the
 * last warning's line (else the file's first line) saying the file was not read. */
void inp_msgs_say_refused(inp_msgs *m, const char *path);

/* One libxml2 error (the parser's, or the schema validator's when 'schema') as a located message
 * of 'path': at its line (else the line of 'node'), naming the applicant that holds 'node'
 * (label allocated in 'a'), in the user's language. */
void inp_msg_xml_error(inp_msgs *msgs, const char *path, struct arena *a, const xmlError *e,
                       const xmlNode *node, bool schema);

/* The label diag messages use for the applicant that contains 'node' (its id, or "#N" by
 * position when it has none), allocated in 'a'; NULL when 'node' is outside any applicant. */
const char *inp_applicant_label(struct arena *a, const xmlNode *node);

/* The line of 'node', falling back to its nearest ancestor that knows one. */
int inp_node_line(const xmlNode *node);

#endif
