/* Internals shared by the files of src/input/: the embedded schema and the record builder. */
#ifndef YINFA_INPUT_INPUT_PRIVATE_H
#define YINFA_INPUT_INPUT_PRIVATE_H

#include <libxml/tree.h>

#include "input/input.h"
#include "input/messages.h"

/* Fills r->program .. r->applicants from r->doc_ and checks the common envelope (envelope.c)
 * and the spec's group key (spec may be NULL), adding every problem to 'msgs'. Tolerates
 * documents that failed the schema and never repeats its messages. False if it reported an
 * error. */
bool inp_check_envelope(inp_round *r, const inp_spec *spec, inp_msgs *msgs);

/* Runs the spec's rules (rules.c), adding errors and warnings to 'msgs' (warnings counted in
 * r->warning_count). False if a rule of severity error failed. */
bool inp_check_rules(inp_round *r, const inp_spec *spec, inp_msgs *msgs);

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

#endif
