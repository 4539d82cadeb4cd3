/* diag: located error messages (FILE:LINE: applicant ID: message), counted per sink.
 * Every module reports through a diag_sink; only cli/ decides exit codes. */
#ifndef YINFA_CORE_DIAG_H
#define YINFA_CORE_DIAG_H

#include <stdbool.h>
#include <stdio.h>

/* Where something came from. All pointers are borrowed and must outlive the sink's use of it.
 * 'applicant' is an opaque label printed as "applicant ID" (NULL when not about an applicant). */
typedef struct {
  const char *path;
  int line, col;
  const char *applicant;
} src_loc;

#define SRC_LOC_NONE ((src_loc){NULL, 0, 0, NULL})

typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } diag_level;

typedef struct diag_sink diag_sink;

/* A sink that prints each message to 'out' as it arrives (NULL: keep silent, only collect).
 * Stops printing after 'max_messages' (0 = 200) but keeps counting.
 * The caller frees it with diag_free(). Thread-safe. */
diag_sink *diag_new(FILE *out, int max_messages);
void diag_free(diag_sink *d);

void diag_report(diag_sink *d, diag_level level, src_loc at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define diag_error(d, at, ...) diag_report((d), DIAG_ERROR, (at), __VA_ARGS__)
#define diag_warning(d, at, ...) diag_report((d), DIAG_WARNING, (at), __VA_ARGS__)

int diag_error_count(const diag_sink *d);
int diag_warning_count(const diag_sink *d);

/* All messages so far, one per line, formatted as printed ("" when none). Owned by the sink,
 * valid until the next report or diag_free(). Used by tests to assert on messages. */
const char *diag_text(const diag_sink *d);

/* What "applicant" is called in this sink's messages from now on, e.g. ("enterprise", "企业") for
 * a program whose items are enterprises; NULL or "" restores ("applicant", "申报单位"). The
 * strings are copied. */
void diag_set_item_noun(diag_sink *d, const char *en, const char *zh);
/* A new sink (as diag_new) that names items as 'model' does (may be NULL): for messages captured
 * apart (a worker's document, a check) and replayed into 'model' as text. */
diag_sink *diag_new_like(const diag_sink *model, FILE *out, int max_messages);

/* Formats one message as sink 'd' (may be NULL: the default item noun) prints it, without
 * reporting it: "path:line: applicant X: msg". Returns a malloc'd string the caller frees. */
char *diag_format(const diag_sink *d, diag_level level, src_loc at, const char *msg);

#endif
