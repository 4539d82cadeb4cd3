/* batch: produces the documents of a round in parallel worker processes, with an archive-grade
 * manifest (manifest.csv), resumable runs, sharding across machines and `verify`.
 * Independent of what a document is: the caller lists jobs and supplies a produce() callback. */
#ifndef YINFA_BATCH_BATCH_H
#define YINFA_BATCH_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/diag.h"
#include "core/sha256.h"
#include "core/strbuf.h"

/* One output file. All strings are borrowed and must outlive bat_run(). */
typedef struct {
  const char *path;      /* relative to the output folder, '/'-separated, no "..":
                            "applicants/XC-2022-001/application.pdf" */
  const char *kind;      /* document kind as named by the template program ("application") */
  const char *applicant; /* applicant id, "" for round- and group-level documents */
  const char *group;     /* the applicant's group (county, city ... as the program says), "" when none */
  /* SHA-256 (hex) of everything the document depends on (record, templates, INI, fonts,
   * program version), computed by the caller: an unchanged fingerprint lets a re-run skip it. */
  char fingerprint[SHA256_HEX_BYTES];
  void *user; /* the caller's own data for produce(), e.g. the applicant record */
  bool with_previous; /* made by the same worker right after the job listed before it (when both
                         are made in this run): the two share work, e.g. one layout for a
                         document's PDF and OFD */
  bool on_request; /* made only by a run that asks for such documents (bat_options.requested: the
                      blank forms of --blank), which makes only them; every other run keeps them
                      listed while the previous manifest vouches for them, as --only keeps what
                      it does not make */
} bat_job;

/* What producing one document came to: the contract between batch and its caller's produce().
 * Batch treats each kind its own way: a document error fails that document and the run goes
 * on; a system error stops handing out documents (a full disk stays full) and exits 3; a crash
 * (set by batch only, when the worker died or was killed) names the document and replaces the
 * worker. */
typedef enum {
  BAT_DOC_OK,     /* the file is written */
  BAT_DOC_ERROR,  /* the document itself is wrong (data, template, layout): produce() reported
                     at least one located error to its diag_sink */
  BAT_DOC_SYSTEM, /* the machine refused (disk full, file size limit, permission): 'err' is the
                     errno of the failing call and 'path' the file or folder it failed on */
  BAT_DOC_CRASH   /* the worker died while producing it (batch's own verdict) */
} bat_doc_kind;

#define BAT_PATH_MAX 4096 /* PATH_MAX: a longer path cannot be opened, so it is never cut */

typedef struct {
  bat_doc_kind kind;
  int err;                  /* BAT_DOC_SYSTEM: errno of the failing call (never 0) */
  char path[BAT_PATH_MAX];  /* BAT_DOC_SYSTEM: where; "" when the call had no file */
  /* BAT_DOC_OK: when 'digested', the writer hashed the bytes it wrote under the final name (size,
   * pages, SHA-256 as bat_file_digest() gives them) and batch takes these for the manifest
   * instead of reading the file back; otherwise batch reads it. */
  bool digested;
  uint64_t bytes, pages;
  char sha256[SHA256_HEX_BYTES];
} bat_doc_result;

bat_doc_result bat_doc_ok(void);
/* bat_doc_ok() with the writer's own digest of the file (see 'digested'). */
bat_doc_result bat_doc_ok_digest(uint64_t bytes, uint64_t pages, const char *sha256_hex);
bat_doc_result bat_doc_error(void);
/* 'err' 0 becomes EIO (a failed call that did not say why); 'path' may be NULL. */
bat_doc_result bat_doc_system(int err, const char *path);

/* Writes one document to 'final_path' (the output folder joined with job->path; its folder
 * already exists), atomically (temp name + rename, see core/outfile.h). Runs in a worker process
 * forked after the caller's setup, so everything loaded before bat_run() is shared read-only.
 * May append to 'fonts' (empty on entry) one line of text saying what the document was set with:
 * it becomes the manifest's `fonts` column as it is (batch does not read it; a line break in it
 * becomes a space), and stays with the document while re-runs skip it. Returns what happened
 * (above); a BAT_DOC_ERROR without an error in 'diag' is reported by batch as a fault of
 * produce(). */
typedef bat_doc_result (*bat_produce_fn)(void *ctx, const bat_job *job, const char *final_path, strbuf *fonts,
                                         diag_sink *diag);

typedef enum {
  BAT_PROGRESS_AUTO,    /* an updating line when 'progress' is a terminal, else a summary */
  BAT_PROGRESS_QUIET,   /* nothing */
  BAT_PROGRESS_SUMMARY, /* only the final summary line */
  BAT_PROGRESS_VERBOSE  /* one line per document, then the summary */
} bat_progress_mode;

typedef struct {
  bat_produce_fn produce;
  void *ctx;
  int jobs;                   /* worker processes; 0 = number of online cores */
  bool force;                 /* rebuild everything, ignore the previous manifest */
  bool prune;                 /* remove documents this run no longer makes (else only report) */
  int shard_index, shard_count; /* produce only shard K of N (1-based); N 0 or 1: everything */
  const char *only_kinds;       /* comma-separated document kinds to produce (NULL: all); the
                                   others stay in the manifest only while the previous manifest
                                   vouches for them unchanged, so a later full run completes them */
  const char *only_groups;      /* comma-separated groups (--group; NULL: all): only the documents
                                   of these groups (bat_job.group), and round-level documents
                                   only when only_kinds names their kind; the others are kept as
                                   only_kinds keeps them */
  bool requested;               /* make only the jobs marked on_request (of only_kinds' kinds when
                                   given; groups do not apply to them); see bat_job.on_request */
  double timeout_seconds;     /* a document taking longer is abandoned (its worker killed and
                                 replaced) and reported; 0: no limit */
  FILE *progress;             /* where the progress line and summary go (NULL: nowhere) */
  bat_progress_mode progress_mode;
} bat_options;

/* Why a run failed, for the caller's exit code. */
typedef enum {
  BAT_OK = 0,
  BAT_FAIL_DOCUMENT, /* produce() failed for a reason of its own (bad data, template error) */
  BAT_FAIL_SYSTEM,   /* output folder unwritable, disk full, file size limit: exit 3 */
  BAT_FAIL_CRASH,    /* a worker process died (signal or unexpected exit) */
  BAT_FAIL_USAGE,    /* invalid job list or options (duplicate or unsafe paths, bad shard) */
  BAT_FAIL_INTERRUPTED /* SIGINT, SIGTERM or SIGHUP (bat_stats.signal): workers stopped, the
                          journal keeps what was finished for the next run */
} bat_failure;

typedef struct {
  size_t total;    /* jobs in this shard */
  size_t produced; /* written in this run */
  size_t skipped;  /* already complete and unchanged */
  size_t failed;   /* not produced (failed, or not attempted after a system error) */
  size_t stale;    /* documents of earlier runs this run does not make (removed when pruning) */
  uint64_t pages, bytes; /* over produced and skipped files */
  double seconds;        /* wall time of bat_run() */
  long worker_peak_kib;  /* largest resident set of any worker process (getrusage maxrss),
                            pages shared copy-on-write with the parent included */
  long worker_private_kib; /* largest memory of its own a worker had at its end (Linux
                              Private_Dirty): what each further worker really costs */
  size_t document_errors, system_errors, crashes; /* of 'failed': by bat_doc_kind */
  int system_errno;      /* the first system error's errno (0: none), for the summary */
  bool journal_failed;   /* the journal could not be written (reported): a stopped run redoes more */
  bat_failure failure;   /* the most serious failure: INTERRUPTED > SYSTEM > CRASH > DOCUMENT > USAGE */
  int signal;            /* the signal that interrupted the run (BAT_FAIL_INTERRUPTED), else 0 */
} bat_stats;

/* Produces every job of the shard into 'outdir' (created if missing) and writes the manifest
 * (manifest.csv, or manifest-K-of-N.csv when sharded) sorted by path, one line per file: path,
 * kind, applicant, pages, bytes, SHA-256, fingerprint and the fonts text produce() gave (a
 * skipped file keeps the one of the manifest or journal it was skipped by). Removes stale temporary
 * files left by killed runs. Unless opt->force, skips a job whose file is listed in the previous
 * manifest (or the journal of an interrupted run) with the same fingerprint, size and SHA-256.
 * A system error (disk full, unwritable folder) is reported once and stops the run.
 * On any failure no manifest is left (only the journal `.manifest*.journal` the next run resumes
 * from) and the result is false; 'stats' (may be NULL) says why. */
bool bat_run(const char *outdir, const bat_job *jobs, size_t count, const bat_options *opt,
             bat_stats *stats, diag_sink *diag);
/* (Not reentrant: one bat_run() or bat_verify() at a time per process. It changes SIGXFSZ and
 * SIGPIPE to "ignore" while it runs, and forks.) */

typedef struct {
  size_t manifests; /* manifest files read */
  size_t files;     /* distinct files checked */
  size_t bad;       /* missing, altered or conflicting */
  size_t unfinished; /* of 'bad': written by a later run that did not finish (its journal
                        vouches for them), not altered */
  size_t unlisted;  /* files in the folder no manifest lists (warned about, not an error) */
} bat_verify_stats;

/* Rechecks every file listed in the union of the manifest*.csv files in 'outdir' (size and
 * SHA-256), reports each missing or altered file and each missing shard manifest to 'diag'.
 * Files no manifest lists (hidden files aside) get a warning. Returns false if there is any
 * problem or no manifest. 'stats' may be NULL. */
bool bat_verify(const char *outdir, bat_verify_stats *stats, diag_sink *diag);

/* A further check of one listed document, given its manifest line's fonts text (batch does not
 * read it): false after reporting to 'diag' counts the document as bad. */
typedef bool (*bat_listed_fn)(void *ctx, const char *path, const char *applicant, const char *fonts,
                              diag_sink *diag);
/* bat_verify(), also calling 'each' (with 'ctx') for every document listed, in path order. */
bool bat_verify_with(const char *outdir, bat_listed_fn each, void *ctx, bat_verify_stats *stats,
                     diag_sink *diag);

/* The most shards a round can be split into: more than any cluster would use, and small enough
 * that "K-of-N" fits every name built from it. */
#define BAT_SHARD_MAX 100000
/* Parses --shard's "K/N" (digits only, 1 <= K <= N <= BAT_SHARD_MAX); false when invalid (the
 * caller says so: it is a usage error). */
bool bat_parse_shard(const char *text, int *index, int *count);

/* The 1-based shard of 'job' among 'count': FNV-1a of the applicant id (of the path for round
 * and group documents) mod count, plus one. Stable across versions and machines. */
int bat_shard_of(const bat_job *job, int count);

/* Building a job's fingerprint: add every input of the document as a separate field (each is
 * length-prefixed, so "ab"+"c" and "a"+"bc" differ), then write the hex digest into
 * job->fingerprint. Start with sha256_init(). */
void bat_fingerprint_add(sha256_ctx *c, const void *data, size_t len);
void bat_fingerprint_add_str(sha256_ctx *c, const char *s); /* NULL counts as "" */
void bat_fingerprint_final(sha256_ctx *c, char hex[SHA256_HEX_BYTES]);

/* Number of CPUs this process may use (at least 1): online cores, narrowed by the affinity mask
 * and a cgroup v2 CPU quota, so a container gets its share rather than the node's core count. */
int bat_default_jobs(void);

/* Reads a finished file: size, SHA-256 (hex) and number of PDF pages (objects of /Type /Page;
 * 0 for a file that is not a PDF). Reports to 'diag' and returns false when unreadable. */
bool bat_file_digest(const char *path, uint64_t *bytes, uint64_t *pages,
                     char sha256_hex[SHA256_HEX_BYTES], diag_sink *diag);

#endif
