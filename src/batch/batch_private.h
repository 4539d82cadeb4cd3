/* Internals shared by the batch files: manifest entries, CSV, digests, progress. */
#ifndef YINFA_BATCH_PRIVATE_H
#define YINFA_BATCH_PRIVATE_H

#include "batch/batch.h"
#include "core/strbuf.h"

/* One manifest line. Strings are owned by the entry (malloc'd). */
typedef struct {
  char *path, *kind, *applicant;
  uint64_t pages, bytes;
  char sha256[SHA256_HEX_BYTES];
  char fingerprint[SHA256_HEX_BYTES];
} bat_entry;

typedef struct {
  bat_entry *items;
  size_t count, cap;
} bat_entries;

#define BAT_MANIFEST_HEADER "path,kind,applicant,pages,bytes,sha256,fingerprint"

void entries_free(bat_entries *e);
/* Copies the strings. */
void entries_add(bat_entries *e, const char *path, const char *kind, const char *applicant,
                 uint64_t pages, uint64_t bytes, const char *sha256, const char *fingerprint);
/* Sorts by path (byte order); of entries with the same path the one added last stays. */
void entries_sort_unique(bat_entries *e);
/* After entries_sort_unique(): the entry for 'path' or NULL. */
const bat_entry *entries_find(const bat_entries *e, const char *path);

/* Appends the lines of a manifest (or journal, which has no header) file to 'e'. Malformed lines
 * are reported as warnings with file:line and skipped. False when the file cannot be read
 * (a missing file is not reported when 'missing_ok'). */
bool manifest_read(const char *file, bat_entries *e, bool missing_ok, diag_sink *diag);
/* One CSV line for 'entry', ending in "\n". */
void manifest_format_line(strbuf *b, const bat_entry *entry);
/* Writes 'e' (sorted) with its header atomically to 'file'. */
bool manifest_write(const char *file, const bat_entries *e, diag_sink *diag);

/* Replays diag text captured in a worker ("path:line:col: error: message" lines, possibly
 * followed by continuation lines) into 'to' with the same levels and locations. */
void diag_forward(diag_sink *to, const char *text);

/* ---- progress reporter ---- */
typedef struct bat_progress bat_progress;
bat_progress *progress_new(FILE *out, bat_progress_mode mode, size_t total);
/* One document finished: 'verb' ("wrote", "unchanged", "FAILED") and its path are listed in
 * verbose mode; otherwise the terminal line is redrawn when due. */
void progress_step(bat_progress *p, const bat_stats *s, const char *verb, const char *path);
/* Clears the terminal line so that a diagnostic printed next starts on a clean line. */
void progress_clear(bat_progress *p);
/* Redraws the terminal line if due (call regularly while waiting). */
void progress_tick(bat_progress *p, const bat_stats *s);
/* Clears the terminal line and prints the summary; frees 'p'. */
void progress_finish(bat_progress *p, const bat_stats *s);

double bat_now_seconds(void);

/* 'dir' without trailing slashes ("" becomes "."), malloc'd. */
char *trim_dir(const char *dir);

#endif
