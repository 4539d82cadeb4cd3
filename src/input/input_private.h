/* Internals shared by the files of src/input/: the embedded schema and the record builder. */
#ifndef YINFA_INPUT_INPUT_PRIVATE_H
#define YINFA_INPUT_INPUT_PRIVATE_H

#include <libxml/tree.h>

#include "input/input.h"

/* The messages of one load, handed to the caller's sink sorted by line when the load ends, so
 * that parser, schema and semantic findings read top to bottom like a compiler's. */
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

/* Fills r->program .. r->applicants from r->doc_ and checks the common envelope (envelope.c)
 * and the spec's group key (spec may be NULL), adding every problem to 'msgs'. Tolerates
 * documents that failed the schema and never repeats its messages. False if it reported an
 * error. */
bool inp_check_envelope(inp_round *r, const inp_spec *spec, inp_msgs *msgs);

/* Runs the spec's rules (rules.c), adding errors and warnings to 'msgs' (warnings counted in
 * r->warning_count). False if a rule of severity error failed. */
bool inp_check_rules(inp_round *r, const inp_spec *spec, inp_msgs *msgs);

/* The label diag messages use for the applicant that contains 'node' (its id, or "#N" by
 * position when it has none), allocated in 'a'; NULL when 'node' is outside any applicant. */
const char *inp_applicant_label(struct arena *a, const xmlNode *node);

/* ---- values that become folder or file names (names.c) ---- */

/* Reports (an error at 'at', e.g. the element's line and applicant) why 'value' cannot name an
 * output folder or file (txt_name_check: length in bytes, leading dot, reserved names, control
 * or invisible characters ...); 'what' names the field for the message ("county"). True when it
 * can (NULL counts as fine). */
bool inp_check_name(inp_msgs *m, src_loc at, const char *what, const char *value);

/* Values seen so far, by look-alike key (txt_name_key): adding a value that looks like an
 * earlier one but is spelled differently is an error naming both and the earlier line.
 * The set borrows the values; they must outlive it. */
typedef struct inp_name_set inp_name_set;
inp_name_set *inp_name_set_new(void);
bool inp_name_set_add(inp_name_set *s, inp_msgs *m, src_loc at, const char *what, const char *value);
void inp_name_set_free(inp_name_set *s);

/* The line of 'node', falling back to its nearest ancestor that knows one. */
int inp_node_line(const xmlNode *node);

#endif
