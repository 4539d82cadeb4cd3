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

/* What "applicant" is called in messages from now on, e.g. ("enterprise", "企业") for a program
 * whose items are enterprises; NULL or "" restores ("applicant", "申报单位"). Process-wide: call
 * before any thread or worker starts. The strings must stay valid while messages are made. */
void diag_set_item_noun(const char *en, const char *zh);

/* Formats one message as it would be printed, without a sink: "path:line: applicant X: msg".
 * Returns a malloc'd string the caller frees. */
char *diag_format(diag_level level, src_loc at, const char *msg);

#endif
