/* Internals shared by the batch files: manifest entries, CSV, digests, progress. */
#ifndef YINFA_BATCH_PRIVATE_H
#define YINFA_BATCH_PRIVATE_H

#include <signal.h>
#include <stdatomic.h>
#include <sys/types.h>

#include "batch/batch.h"
#include "core/strbuf.h"

/* One manifest line. Strings are owned by the entry (malloc'd). */
typedef struct {
  char *path, *kind, *applicant;
  uint64_t pages, bytes;
  char sha256[SHA256_HEX_BYTES];
  char fingerprint[SHA256_HEX_BYTES];
  char *fonts; /* what produce() said the document was set with; "" when none or unknown (a line
                  of a manifest written before the column existed) */
} bat_entry;

typedef struct {
  bat_entry *items;
  size_t count, cap;
} bat_entries;

#define BAT_MANIFEST_HEADER "path,kind,applicant,pages,bytes,sha256,fingerprint,fonts"
/* Manifests and journals written before the fonts column: read still, fonts unknown (""). */
#define BAT_MANIFEST_HEADER_7 "path,kind,applicant,pages,bytes,sha256,fingerprint"
/* The closing line: "# end of manifest: N records, SHA-256 of the lines above HEX". */
#define BAT_MANIFEST_END "# end of manifest: "

/* Calls 'each' (with 'ctx') for every regular file under 'root', not following links and
 * skipping names that start with '.' below the root (yinfa's own temporaries, locks, journals);
 * 'rel' is the path relative to 'root', 'level' 1 for a file in 'root' itself. Returns false
 * when the walk could not start. A callback that removes its file is fine. */
typedef void (*folder_file_fn)(void *ctx, const char *path, const char *rel, int level);
bool folder_walk_files(const char *root, folder_file_fn each, void *ctx);

void entries_free(bat_entries *e);
/* Copies the strings ('fonts' NULL counts as ""). */
void entries_add(bat_entries *e, const char *path, const char *kind, const char *applicant,
                 uint64_t pages, uint64_t bytes, const char *sha256, const char *fingerprint,
                 const char *fonts);
/* entries_add() of a copy of 'entry'. */
void entries_add_copy(bat_entries *e, const bat_entry *entry);
/* Sorts by path (byte order); of entries with the same path the one added last stays. */
void entries_sort_unique(bat_entries *e);
/* After entries_sort_unique(): the entry for 'path' or NULL. */
const bat_entry *entries_find(const bat_entries *e, const char *path);

/* Appends the lines of a manifest (or journal, which has no header) file to 'e'; paths that are
 * not folder_path_is_safe() are never added. Loose ('strict' false, for resuming): malformed
 * lines are warnings and skipped. Strict (for verify): a malformed line, an unsafe path, a
 * missing or wrong closing line (record count, SHA-256 of the lines) is an error with file:line
 * and the result is false. False also when the file cannot be read (a missing file is not
 * reported when 'missing_ok'). */
bool manifest_read(const char *file, bat_entries *e, bool missing_ok, bool strict, diag_sink *diag);
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

/* ---- the output folder (folder.c) ---- */
#define FOLDER_LOCK_NAME ".yinfa.lock"

/* True for a relative '/'-separated path with no empty, "." or ".." part and no part shaped like
 * a temporary file (".NAME.tmp-PID-N") or longer than 255 bytes: the only paths a run writes or
 * verify reads. */
bool folder_path_is_safe(const char *rel);
/* Does 'rel' name one of the files the output folder keeps for yinfa (the manifest
 * manifest*.csv at the top in any letter case; any part starting with '.': the lock, the journal,
 * temporary files)? A document there would be overwritten by the manifest or replace the lock.
 * Program loading refuses such output= patterns at their line; this catches what a pattern
 * expands to. */
bool folder_path_is_reserved(const char *rel);
/* Takes the run lock 'name' of 'outdir' (flock on it; the file then holds "PID start-time"):
 * FOLDER_LOCK_NAME for a whole run, ".yinfa-K-of-N.lock" for shard K of N, so that the shards of
 * one round share a folder while two runs of the same shard do not. Returns its descriptor, or
 * -1 after reporting who holds it (or why it cannot be taken). A lock left by a killed run is
 * taken over with a note. */
int folder_lock(const char *outdir, const char *name, diag_sink *diag);
/* Empties the lock file (a clean end) and releases the lock; -1 does nothing. */
void folder_unlock(int fd);
/* True when a run (or a shard) holds a lock of 'outdir' now; 'who' then describes it. */
bool folder_busy(const char *outdir, char *who, size_t size);
/* Opens the folder 'rel_dir' ("" for the root itself) below the open folder 'root', one part at
 * a time with O_NOFOLLOW, creating missing parts when 'create'. A symbolic link (or a file) on
 * the way is refused: reported with its path under 'outdir', errno ELOOP/ENOTDIR, -1. */
int folder_open_dir(int root, const char *outdir, const char *rel_dir, bool create, diag_sink *diag);
/* Opens the file 'rel' below 'root' for reading without following any link; -1 and *err set. */
int folder_open_file(int root, const char *rel, int *err);
/* True for a name shaped ".NAME.tmp-PID-N"; *base_end points at NAME's end, *pid is PID. */
bool folder_temp_name(const char *name, const char **base_end, long *pid);
/* Creates and checks (folder_open_dir) every folder the jobs of this shard write into, 'order'
 * being the job indexes sorted by path, and sweeps the temporary files of dead runs from them
 * and from the root. False after reporting a refused folder. */
bool folder_prepare(int root, const char *outdir, const bat_job *jobs, const size_t *order, size_t count,
                    const bat_options *opt, diag_sink *diag);
/* Reports (or with 'prune' removes) the documents in 'outdir' no job makes any more: listed in
 * 'previous', or PDFs named like one of the jobs' files. Returns how many. */
size_t folder_report_stale(const char *outdir, const bat_job *jobs, const size_t *order, size_t count,
                           const bat_entries *previous, bool prune, diag_sink *diag);
/* bat_file_digest() of an open file (not closed). */
bool bat_fd_digest(int fd, const char *shown, uint64_t *bytes, uint64_t *pages,
                   char sha256_hex[SHA256_HEX_BYTES], diag_sink *diag);

/* 'dir' without trailing slashes ("" becomes "."), malloc'd. */
char *trim_dir(const char *dir);

/* Whether a job of 'kind' is made under --only 'only' (comma-separated kinds; NULL: all). */
bool bat_kind_selected(const char *only, const char *kind);
/* Whether 'job' is made under opt's --only and --group; a round-level job (no group) under
 * --group only when --only names its kind. */
bool bat_job_selected(const bat_options *opt, const bat_job *job);
/* Whether the run makes only part of the documents (--only or --group). */
bool bat_partial(const bat_options *opt);

/* Reads every manifest*.csv of 'outdir' and the journal 'journal' into 'prev' (sorted, unique);
 * what cannot be read is reported to 'diag' and skipped (folder.c). */
void folder_load_previous(const char *outdir, const char *journal, bat_entries *prev, diag_sink *diag);
/* True (after an error to 'diag' naming a document of it) when 'previous' (the folder's manifests
 * and journal, folder_load_previous()) lists mostly documents this run does not make: another
 * round's folder. 'order' sorts 'jobs' by path. Never with --prune, --only or a shard. (folder.c) */
bool folder_holds_another_round(const char *outdir, const bat_entries *previous, const bat_job *jobs,
                                const size_t *order, size_t count, const bat_options *opt, diag_sink *diag);

/* "dir/rel", malloc'd (folder.c). */
char *folder_join(const char *dir, const char *rel);

/* ---- the worker processes (worker.c) ---- */
#define POOL_MAX_WORKERS 256

/* Shared between the parent and all workers (MAP_SHARED). */
typedef struct {
  atomic_size_t next; /* next bundle of the to-do list to hand out */
  atomic_int stop;    /* set by the parent after a system error: take no more jobs */
  atomic_size_t current[POOL_MAX_WORKERS]; /* job index + 1 a worker is busy with, 0 when idle */
  _Atomic double started[POOL_MAX_WORKERS]; /* when it took that job (bat_now_seconds) */
} pool_shared;

enum { OUT_PRODUCED = 1, OUT_SKIPPED, OUT_FAILED, OUT_MEMORY /* last message: 'pages' = KiB */ };

/* A result on the pipe, followed by text_len bytes of captured diagnostics, fonts_len bytes of
 * the document's fonts text (the manifest's last column) and path_len bytes of the system
 * error's path. */
typedef struct {
  uint32_t job;
  int32_t outcome;
  int32_t kind, err; /* OUT_FAILED: the bat_doc_kind and, for a system error, its errno */
  uint64_t pages, bytes;
  char sha256[SHA256_HEX_BYTES];
  uint32_t text_len, fonts_len, path_len;
} wire_result;

typedef struct {
  pid_t pid;
  int fd;
  strbuf in;
  bool timed_out; /* killed by the parent for taking longer than opt->timeout_seconds */
} pool_worker;

/* Everything a worker needs, set up before the first fork. */
typedef struct {
  const char *outdir;
  const bat_job *jobs;
  const size_t *todo;
  size_t todo_count;
  /* bundles of the to-do list, each made by one worker in order (bat_job.with_previous): bundle
   * b is todo[bundle_start[b]] .. todo[bundle_start[b + 1] - 1] */
  const size_t *bundle_start;
  size_t bundle_count;
  const bat_options *opt;
  const bat_entries *previous;
  pool_shared *shared;
  int root; /* the output folder, open: every path below it is opened without following links */
  const diag_sink *diag; /* the run's sink: a worker's messages name items as it does */
} pool_ctx;

/* The signals that stop a run: the parent catches them, a worker gets the default back. */
static const int POOL_STOP_SIGNALS[] = {SIGINT, SIGTERM, SIGHUP};
enum { POOL_NSTOP = sizeof POOL_STOP_SIGNALS / sizeof POOL_STOP_SIGNALS[0] };

/* Forks worker 'slot' into 'w' (its pipe's read end in w->fd), closing in the child the pipes
 * of 'all'. False after reporting. */
bool pool_spawn(const pool_ctx *rc, pool_worker *w, int slot, const pool_worker *all, int nall, diag_sink *diag);
/* write() all of 'data', retrying on EINTR; false with errno set. */
bool bat_write_full(int fd, const void *data, size_t len);

#endif
