/* Batch engine with a fake produce() that writes small PDF-like files: parallel output equals
 * serial output, manifest, resume, verify, shards, full disk, crashes, interruption. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../tests/check.h"
#include "batch/batch.h"
#include "batch/batch_private.h"
#include "batch/testing.h"
#include "core/lang.h"
#include "core/outfile.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"

typedef struct {
  const char *crash_on;   /* job path whose worker kills itself */
  bool crash_all;         /* every worker kills itself */
  const char *fail_on;    /* job path that fails */
  bat_doc_kind fail_kind; /* how: BAT_DOC_ERROR (a located error, or none when 'silent') or
                             BAT_DOC_SYSTEM (ENOSPC on the document's file) */
  bool silent;            /* that failure reports nothing */
  size_t big_from;        /* jobs with index >= this write 100 KB (0: none) */
  int sleep_ms;           /* per document, for the interruption test */
  const char *hang_on;    /* job path that never finishes */
  bool write_pid;         /* each file ends with the producing worker's pid */
} fake_ctx;

static bat_doc_result fake_produce(void *ctx, const bat_job *job, const char *final_path, strbuf *fonts,
                                   diag_sink *diag) {
  (void)fonts;
  fake_ctx *c = ctx;
  if (c->crash_all || (c->crash_on && strcmp(job->path, c->crash_on) == 0)) raise(SIGKILL);
  if (c->fail_on && strcmp(job->path, c->fail_on) == 0) {
    errno = EACCES; /* left over from some lookup: batch must not read it */
    if (c->fail_kind == BAT_DOC_SYSTEM) return bat_doc_system(ENOSPC, final_path);
    if (!c->silent)
      diag_error(diag, ((src_loc){"round.xml", 12, 3, job->applicant}), "unknown filter 'uper'\n    {{ x | uper }}");
    return bat_doc_error();
  }
  if (c->sleep_ms) usleep((useconds_t)c->sleep_ms * 1000);
  if (c->hang_on && strcmp(job->path, c->hang_on) == 0)
    for (;;) pause();
  size_t index = (size_t)(uintptr_t)job->user;
  strbuf b;
  strbuf_init(&b);
  strbuf_printf(&b, "%%PDF-1.4\n1 0 obj << /Type /Pages /Count %zu >> endobj\n", index % 3 + 1);
  for (size_t i = 0; i < index % 3 + 1; i++) strbuf_printf(&b, "%zu 0 obj << /Type /Page >> endobj\n", i + 2);
  strbuf_printf(&b, "%% %s %s %s\n", job->path, job->applicant, job->fingerprint);
  if (c->write_pid) strbuf_printf(&b, "pid %ld\n", (long)getpid());
  if (c->big_from && index >= c->big_from)
    for (int i = 0; i < 100000 / 64; i++) strbuf_append(&b, "0123456789012345678901234567890123456789012345678901234567890123");
  bool ok = outfile_write_all(final_path, b.data, b.len, diag);
  int err = errno;
  strbuf_release(&b);
  return ok ? bat_doc_ok() : bat_doc_system(err, final_path);
}

#define NJOBS 30
static bat_job jobs[NJOBS];
static char paths[NJOBS][64], ids[NJOBS][16];

static void make_jobs(void) {
  for (int i = 0; i < NJOBS; i++) {
    bat_job *j = &jobs[i];
    if (i < 25) {
      snprintf(ids[i], sizeof ids[i], "XC-%03d", 100 - i); /* listed out of path order */
      snprintf(paths[i], sizeof paths[i], "applicants/XC-%03d/form-%c.pdf", 100 - i, (char)('a' + i % 2));
    } else {
      ids[i][0] = '\0';
      snprintf(paths[i], sizeof paths[i], "counties/县%02d/notice.pdf", i);
    }
    j->path = paths[i];
    j->kind = i < 25 ? "application" : "notice";
    j->applicant = ids[i];
    j->group = "魏都区";
    char seed[32];
    snprintf(seed, sizeof seed, "input %d", i);
    uint8_t d[SHA256_DIGEST_BYTES];
    sha256_buffer(seed, strlen(seed), d);
    sha256_to_hex(d, j->fingerprint);
    j->user = (void *)(uintptr_t)i;
  }
}






static bat_options opts(fake_ctx *c, int njobs) {
  return (bat_options){.produce = fake_produce, .ctx = c, .jobs = njobs, .progress_mode = BAT_PROGRESS_QUIET};
}

/* Counts files under 'dir' whose name contains ".tmp-". */
static int count_temps(const char *dir) {
  char *cmd = NULL;
  if (asprintf(&cmd, "find '%s' -name '*.tmp-*' | wc -l", dir) < 0) abort();
  FILE *f = popen(cmd, "r");
  int n = -1;
  if (f && fscanf(f, "%d", &n) != 1) n = -1;
  if (f) pclose(f);
  free(cmd);
  return n;
}

TEST(same_output_for_one_and_two_jobs) {
  fake_ctx c = {0};
  char *a = test_tmpdir("batch"), *b = test_tmpdir("batch");
  diag_sink *d = diag_new(NULL, 0);
  bat_options o1 = opts(&c, 1), o2 = opts(&c, 2);
  bat_stats s1, s2;
  CHECK(bat_run(a, jobs, NJOBS, &o1, &s1, d));
  CHECK(bat_run(b, jobs, NJOBS, &o2, &s2, d));
  CHECK_INT(s1.produced, NJOBS);
  CHECK_INT(s2.produced, NJOBS);
  CHECK_INT(s1.pages, s2.pages);
  CHECK(s2.worker_peak_kib > 0);
  CHECK(s2.worker_private_kib > 0);
  CHECK(s2.worker_private_kib <= s2.worker_peak_kib);
  char *m1 = slurp(a, "manifest.csv"), *m2 = slurp(b, "manifest.csv");
  CHECK(m1 && m2 && strcmp(m1, m2) == 0);
  for (int i = 0; i < NJOBS; i++) {
    char *x = slurp(a, jobs[i].path), *y = slurp(b, jobs[i].path);
    CHECK(x && y && strcmp(x, y) == 0);
    free(x);
    free(y);
  }
  CHECK_INT(diag_error_count(d), 0);
  CHECK(!exists(a, ".manifest.journal"));
  free(m1);
  free(m2);
  diag_free(d);
  rm_rf(a);
  rm_rf(b);
  free(a);
  free(b);
}

TEST(manifest_sorted_with_pages_and_fingerprints) {
  fake_ctx c = {0};
  char *dir = test_tmpdir("batch");
  diag_sink *d = diag_new(NULL, 0);
  bat_options o = opts(&c, 2);
  bat_stats s;
  CHECK(bat_run(dir, jobs, NJOBS, &o, &s, d));
  char *m = slurp(dir, "manifest.csv");
  CHECK(m != NULL);
  if (!m) goto out;
  CHECK(strncmp(m, BAT_MANIFEST_HEADER "\n", strlen(BAT_MANIFEST_HEADER) + 1) == 0);
  /* Lines are in byte order of path. */
  int lines = 0;
  char prev[256] = "";
  for (char *line = strchr(m, '\n') + 1; *line && strncmp(line, BAT_MANIFEST_END, strlen(BAT_MANIFEST_END)) != 0;
       line = strchr(line, '\n') + 1) {
    char path[256] = "";
    size_t n = strcspn(line, ",");
    if (n < sizeof path) memcpy(path, line, n), path[n] = '\0';
    CHECK(strcmp(prev, path) < 0);
    snprintf(prev, sizeof prev, "%s", path);
    lines++;
  }
  CHECK_INT(lines, NJOBS);
  /* Job 5: 3 pages (index % 3 + 1), its applicant and fingerprint. */
  char want[256];
  snprintf(want, sizeof want, "%s,application,%s,3,", jobs[5].path, jobs[5].applicant);
  CHECK_CONTAINS(m, want);
  CHECK_CONTAINS(m, jobs[5].fingerprint);
  CHECK_CONTAINS(m, "counties/县26/notice.pdf,notice,,");
  uint64_t total_pages = 0;
  for (int i = 0; i < NJOBS; i++) total_pages += (uint64_t)(i % 3 + 1);
  CHECK_INT(s.pages, total_pages);
out:
  free(m);
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

TEST(resume_skips_unchanged_redoes_changed) {
  fake_ctx c = {0};
  char *dir = test_tmpdir("batch");
  diag_sink *d = diag_new(NULL, 0);
  bat_options o = opts(&c, 2);
  bat_stats s;
  CHECK(bat_run(dir, jobs, NJOBS, &o, &s, d));
  CHECK(bat_run(dir, jobs, NJOBS, &o, &s, d));
  CHECK_INT(s.skipped, NJOBS);
  CHECK_INT(s.produced, 0);

  /* A changed fingerprint and an altered file are made again. */
  bat_job changed[NJOBS];
  memcpy(changed, jobs, sizeof changed);
  changed[3].fingerprint[0] = changed[3].fingerprint[0] == 'a' ? 'b' : 'a';
  char *p = path_in(dir, jobs[7].path);
  FILE *f = fopen(p, "ab");
  fputs("x", f);
  fclose(f);
  free(p);
  CHECK(bat_run(dir, changed, NJOBS, &o, &s, d));
  CHECK_INT(s.produced, 2);
  CHECK_INT(s.skipped, NJOBS - 2);
  char *m = slurp(dir, "manifest.csv");
  CHECK_CONTAINS(m, changed[3].fingerprint);
  free(m);

  o.force = true;
  CHECK(bat_run(dir, changed, NJOBS, &o, &s, d));
  CHECK_INT(s.produced, NJOBS);
  CHECK_INT(diag_error_count(d), 0);
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

/* Jobs made only on request (the blank forms of run --blank): a run without the request neither
 * makes nor drops them, a run with it makes only them, and the others stay listed; --force too. */
TEST(on_request_jobs_only_when_asked) {
  fake_ctx c = {0};
  char *dir = test_tmpdir("batch");
  diag_sink *d = diag_new(NULL, 0);
  bat_job all[NJOBS];
  memcpy(all, jobs, sizeof all);
  all[NJOBS - 1].on_request = true; /* a round-level job, as a blank form is */
  bat_options o = opts(&c, 2);
  bat_stats s;
  CHECK(bat_run(dir, all, NJOBS, &o, &s, d));
  CHECK_INT(s.produced, NJOBS - 1);
  char *p = path_in(dir, all[NJOBS - 1].path);
  CHECK(access(p, F_OK) != 0);
  o.requested = true;
  CHECK(bat_run(dir, all, NJOBS, &o, &s, d));
  CHECK_INT(s.produced, 1);
  CHECK_INT(s.total, 1);
  CHECK(access(p, F_OK) == 0);
  char *m = slurp(dir, "manifest.csv");
  CHECK_CONTAINS(m, all[0].path);
  CHECK_CONTAINS(m, all[NJOBS - 1].path);
  free(m);
  o.requested = false;
  o.force = true;
  CHECK(bat_run(dir, all, NJOBS, &o, &s, d));
  CHECK_INT(s.produced, NJOBS - 1);
  m = slurp(dir, "manifest.csv");
  CHECK_CONTAINS(m, all[NJOBS - 1].path); /* kept, unchanged on disk */
  free(m);
  /* the request with --only of another kind makes nothing */
  o.force = false;
  o.requested = true;
  o.only_kinds = "application";
  CHECK(bat_run(dir, all, NJOBS, &o, &s, d));
  CHECK_INT(s.total, 0);
  bat_options sel = {.requested = false};
  CHECK(!bat_job_selected(&sel, &all[NJOBS - 1]) && bat_job_selected(&sel, &all[0]));
  sel.requested = true;
  CHECK(bat_job_selected(&sel, &all[NJOBS - 1]) && !bat_job_selected(&sel, &all[0]));
  sel.only_groups = "建安区"; /* groups do not apply to them */
  CHECK(bat_job_selected(&sel, &all[NJOBS - 1]));
  CHECK_INT(diag_error_count(d), 0);
  free(p);
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

TEST(verify_catches_flipped_byte_and_missing_file) {
  fake_ctx c = {0};
  char *dir = test_tmpdir("batch");
  diag_sink *d = diag_new(NULL, 0);
  bat_options o = opts(&c, 2);
  CHECK(bat_run(dir, jobs, NJOBS, &o, NULL, d));
  bat_verify_stats vs;
  CHECK(bat_verify(dir, &vs, d));
  CHECK_INT(vs.files, NJOBS);
  CHECK_INT(vs.bad, 0);
  CHECK_INT(vs.unlisted, 0);
  CHECK_INT(diag_warning_count(d), 0);

  /* A trailing slash names the same folder. */
  char *slashed = NULL;
  if (asprintf(&slashed, "%s//", dir) < 0) abort();
  CHECK(bat_verify(slashed, &vs, d));
  CHECK_INT(vs.unlisted, 0);
  free(slashed);

  /* A file nobody listed is a warning; a PDF nobody listed is a failure (weak-stale-documents-kept). */
  char *extra = path_in(dir, "applicants/stray.txt");
  CHECK(outfile_write_all(extra, "x", 1, d));
  CHECK(bat_verify(dir, &vs, d));
  CHECK_INT(vs.unlisted, 1);
  CHECK_INT(diag_warning_count(d), 1);
  CHECK_CONTAINS(diag_text(d), "applicants/stray.txt: warning: not listed in any manifest");
  unlink(extra);
  free(extra);
  extra = path_in(dir, "applicants/stray.pdf");
  CHECK(outfile_write_all(extra, "x", 1, d));
  diag_sink *u = diag_new(NULL, 0);
  CHECK(!bat_verify(dir, &vs, u));
  CHECK_CONTAINS(diag_text(u), "applicants/stray.pdf: error: a document no manifest lists");
  diag_free(u);
  unlink(extra);
  free(extra);

  char *p = path_in(dir, jobs[2].path);
  FILE *f = fopen(p, "r+b");
  fseek(f, 20, SEEK_SET);
  int ch = fgetc(f);
  fseek(f, 20, SEEK_SET);
  fputc(ch ^ 1, f);
  fclose(f);
  free(p);
  p = path_in(dir, jobs[27].path);
  unlink(p);
  free(p);

  diag_sink *v = diag_new(NULL, 0);
  CHECK(!bat_verify(dir, &vs, v));
  CHECK_INT(vs.bad, 2);
  CHECK_INT(diag_error_count(v), 2);
  CHECK_CONTAINS(diag_text(v), jobs[2].path);
  CHECK_CONTAINS(diag_text(v), "altered");
  CHECK_CONTAINS(diag_text(v), jobs[27].path);
  CHECK_CONTAINS(diag_text(v), "missing");
  diag_free(v);

  /* No manifest at all is an error too. */
  char *empty = test_tmpdir("batch");
  v = diag_new(NULL, 0);
  CHECK(!bat_verify(empty, NULL, v));
  CHECK_CONTAINS(diag_text(v), "manifest");
  diag_free(v);
  rm_rf(empty);
  free(empty);
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

TEST(shards_cover_every_job_once) {
  fake_ctx c = {0};
  char *dir = test_tmpdir("batch");
  diag_sink *d = diag_new(NULL, 0);
  size_t total = 0, shard_total[4] = {0};
  for (int k = 1; k <= 3; k++) {
    bat_options o = opts(&c, 2);
    o.shard_index = k;
    o.shard_count = 3;
    bat_stats s;
    CHECK(bat_run(dir, jobs, NJOBS, &o, &s, d));
    CHECK(s.total > 0);
    shard_total[k] = s.total;
    total += s.total;
  }
  CHECK_INT(total, NJOBS);
  CHECK(!exists(dir, "manifest.csv"));
  bat_verify_stats vs;
  CHECK(bat_verify(dir, &vs, d));
  CHECK_INT(vs.manifests, 3);
  CHECK_INT(vs.files, NJOBS);
  /* Each path is listed in exactly one shard manifest. */
  for (int i = 0; i < NJOBS; i++) {
    int seen = 0;
    for (int k = 1; k <= 3; k++) {
      char name[64];
      snprintf(name, sizeof name, "manifest-%d-of-3.csv", k);
      char *m = slurp(dir, name);
      char want[128];
      snprintf(want, sizeof want, "\n%s,", jobs[i].path);
      if (m && strstr(m, want)) seen++;
      free(m);
    }
    CHECK_INT(seen, 1);
  }
  /* Both documents of one applicant land in the same shard. */
  bat_job other = jobs[0];
  other.path = "applicants/XC-100/other.pdf";
  CHECK_INT(bat_shard_of(&other, 7), bat_shard_of(&jobs[0], 7));
  CHECK_INT(diag_error_count(d), 0);

  /* A shard that has not finished makes verify fail. */
  char *p = path_in(dir, "manifest-2-of-3.csv");
  unlink(p);
  free(p);
  diag_sink *v = diag_new(NULL, 0);
  CHECK(!bat_verify(dir, NULL, v));
  CHECK_CONTAINS(diag_text(v), "manifest-2-of-3.csv");
  diag_free(v);

  /* An unsharded run afterwards replaces the shard manifests and journals (and redoes shard 2,
   * unlisted). */
  char *stale_journal = path_in(dir, ".manifest-2-of-3.journal");
  FILE *sj = fopen(stale_journal, "w");
  if (sj) fclose(sj);
  bat_options o = opts(&c, 2);
  bat_stats s;
  CHECK(bat_run(dir, jobs, NJOBS, &o, &s, d));
  CHECK_INT(s.skipped, NJOBS - shard_total[2]);
  CHECK(!exists(dir, "manifest-1-of-3.csv"));
  CHECK(!exists(dir, ".manifest-2-of-3.journal"));
  free(stale_journal);
  CHECK(bat_verify(dir, NULL, d));
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

TEST(full_disk_reported_once_nothing_half_written) {
  fake_ctx c = {.big_from = 10};
  char *dir = test_tmpdir("batch");
  diag_sink *d = diag_new(NULL, 0);
  struct rlimit old;
  getrlimit(RLIMIT_FSIZE, &old);
  struct rlimit lim = {64 * 1024, old.rlim_max};
  CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0);
  bat_job first[NJOBS];
  memcpy(first, jobs, sizeof first);
  bat_options o = opts(&c, 2);
  bat_stats s;
  bool ok = bat_run(dir, first, NJOBS, &o, &s, d);
  setrlimit(RLIMIT_FSIZE, &old);
  CHECK(!ok);
  CHECK_INT(s.failure, BAT_FAIL_SYSTEM);
  CHECK_INT(diag_error_count(d), 1);
  CHECK_CONTAINS(diag_text(d), "File too large");
  for (int i = 10; i < NJOBS; i++) CHECK(!exists(dir, jobs[i].path));
  CHECK_INT(count_temps(dir), 0);
  CHECK(!exists(dir, "manifest.csv"));
  CHECK(exists(dir, ".manifest.journal"));

  /* With room again, the run resumes: the small files are kept, the rest made. */
  diag_sink *d2 = diag_new(NULL, 0);
  CHECK(bat_run(dir, first, NJOBS, &o, &s, d2));
  CHECK(s.skipped > 0);
  CHECK_INT(s.skipped + s.produced, NJOBS);
  CHECK(bat_verify(dir, NULL, d2));
  CHECK(!exists(dir, ".manifest.journal"));
  CHECK_INT(diag_error_count(d2), 0);
  diag_free(d2);
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

TEST(unwritable_folder_reported_once) {
  char *dir = test_tmpdir("batch");
  char *file = path_in(dir, "plain-file");
  FILE *f = fopen(file, "w");
  fclose(f);
  char *out = path_in(file, "out");
  fake_ctx c = {0};
  diag_sink *d = diag_new(NULL, 0);
  bat_options o = opts(&c, 2);
  bat_stats s;
  CHECK(!bat_run(out, jobs, NJOBS, &o, &s, d));
  CHECK_INT(s.failure, BAT_FAIL_SYSTEM);
  CHECK_INT(diag_error_count(d), 1);
  diag_free(d);
  free(out);
  free(file);
  rm_rf(dir);
  free(dir);
}

TEST(worker_crash_is_reported) {
  fake_ctx c = {.crash_on = jobs[4].path};
  char *dir = test_tmpdir("batch");
  diag_sink *d = diag_new(NULL, 0);
  bat_options o = opts(&c, 2);
  bat_stats s;
  CHECK(!bat_run(dir, jobs, NJOBS, &o, &s, d));
  CHECK_INT(s.failure, BAT_FAIL_CRASH);
  CHECK_INT(s.failed, 1);
  CHECK_INT(s.produced, NJOBS - 1);
  CHECK_CONTAINS(diag_text(d), jobs[4].path);
  CHECK_CONTAINS(diag_text(d), "SIGKILL");
  CHECK(!exists(dir, "manifest.csv"));
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

TEST(crashing_every_time_gives_up) {
  fake_ctx c = {.crash_all = true};
  char *dir = test_tmpdir("batch");
  diag_sink *d = diag_new(NULL, 0);
  bat_options o = opts(&c, 2);
  bat_stats s;
  CHECK(!bat_run(dir, jobs, NJOBS, &o, &s, d));
  CHECK_INT(s.failure, BAT_FAIL_CRASH);
  CHECK_INT(s.failed, NJOBS);
  CHECK_INT(s.produced, 0);
  CHECK_CONTAINS(diag_text(d), "not produced: the worker processes stopped");
  CHECK_CONTAINS(diag_text(d), "more documents were not produced");
  CHECK(diag_error_count(d) < 20); /* bounded, not one message per document */
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

/* The pid a write_pid run wrote at the end of job i's file, or -1. */
static long pid_of(const char *dir, int i) {
  char *text = slurp(dir, jobs[i].path);
  const char *p = text ? strstr(text, "pid ") : NULL;
  long pid = p ? strtol(p + 4, NULL, 10) : -1;
  free(text);
  return pid;
}

/* Jobs marked with_previous are made by the worker that makes the job before them, right after
 * it (a document's PDF and OFD share one layout); a crash loses the rest of its bundle, named. */
TEST(bundles_made_by_one_worker) {
  bat_job bundled[NJOBS];
  memcpy(bundled, jobs, sizeof bundled);
  for (int i = 1; i < NJOBS; i += 2) bundled[i].with_previous = true;
  fake_ctx c = {.write_pid = true, .sleep_ms = 2};
  char *dir = test_tmpdir("batch");
  diag_sink *d = diag_new(NULL, 0);
  bat_options o = opts(&c, 3);
  bat_stats s;
  CHECK(bat_run(dir, bundled, NJOBS, &o, &s, d));
  CHECK_INT(s.produced, NJOBS);
  int same = 0, pids_seen = 0;
  long first = pid_of(dir, 0);
  for (int i = 0; i + 1 < NJOBS; i += 2) {
    same += pid_of(dir, i) > 0 && pid_of(dir, i) == pid_of(dir, i + 1);
    pids_seen += pid_of(dir, i) != first;
  }
  CHECK_INT(same, NJOBS / 2);
  CHECK(pids_seen > 0); /* more than one worker took part */
  /* a crash on the first of a bundle: the second is not made, and says why */
  diag_sink *d2 = diag_new(NULL, 0);
  c = (fake_ctx){.crash_on = jobs[4].path};
  o.force = true;
  CHECK(!bat_run(dir, bundled, NJOBS, &o, &s, d2));
  CHECK_INT(s.failure, BAT_FAIL_CRASH);
  CHECK_INT(s.failed, 2);
  CHECK_INT(s.crashes, 2);
  char want[200];
  snprintf(want, sizeof want, "%s: error: applicant %s: not produced: it is made with %s, whose worker process died",
           jobs[5].path, jobs[5].applicant, jobs[4].path);
  CHECK_CONTAINS(diag_text(d2), want);
  diag_free(d2);
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

TEST(hanging_document_times_out) {
  fake_ctx c = {.hang_on = jobs[3].path};
  char *dir = test_tmpdir("batch");
  diag_sink *d = diag_new(NULL, 0);
  bat_options o = opts(&c, 2);
  o.timeout_seconds = 0.5;
  bat_stats s;
  CHECK(!bat_run(dir, jobs, NJOBS, &o, &s, d));
  CHECK_INT(s.failure, BAT_FAIL_CRASH);
  CHECK_INT(s.failed, 1);
  CHECK_INT(s.produced, NJOBS - 1);
  CHECK_CONTAINS(diag_text(d), jobs[3].path);
  CHECK_CONTAINS(diag_text(d), "was stopped after 0.5 s while producing this document");
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

TEST(worker_errors_keep_their_location) {
  fake_ctx c = {.fail_on = jobs[6].path};
  char *dir = test_tmpdir("batch");
  diag_sink *d = diag_new(NULL, 0);
  bat_options o = opts(&c, 2);
  bat_stats s;
  CHECK(!bat_run(dir, jobs, NJOBS, &o, &s, d));
  CHECK_INT(s.failure, BAT_FAIL_DOCUMENT);
  CHECK_INT(diag_error_count(d), 1);
  char want[128];
  snprintf(want, sizeof want, "round.xml:12:3: error: applicant %s: unknown filter 'uper'\n    {{ x | uper }}\n",
           jobs[6].applicant);
  CHECK_STR(diag_text(d), want);
  /* a worker names items as the run's sink does (a program's item noun) */
  diag_sink *d2 = diag_new(NULL, 0);
  diag_set_item_noun(d2, "enterprise", "企业");
  o.force = true;
  CHECK(!bat_run(dir, jobs, NJOBS, &o, &s, d2));
  snprintf(want, sizeof want, "round.xml:12:3: error: enterprise %s: unknown filter 'uper'", jobs[6].applicant);
  CHECK_CONTAINS(diag_text(d2), want);
  diag_free(d2);
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

TEST(failure_kinds_reported_as_such) {
  char *dir = test_tmpdir("batch");
  diag_sink *d = diag_new(NULL, 0);
  bat_stats s;
  /* A document error: that document fails, the others are written, errno left over is not read. */
  fake_ctx c = {.fail_on = jobs[6].path, .fail_kind = BAT_DOC_ERROR};
  bat_options o = opts(&c, 2);
  CHECK(!bat_run(dir, jobs, NJOBS, &o, &s, d));
  CHECK_INT(s.failure, BAT_FAIL_DOCUMENT);
  CHECK_INT(s.failed, 1);
  CHECK_INT(s.document_errors, 1);
  CHECK_INT(s.system_errors, 0);
  CHECK_INT(s.produced, NJOBS - 1);
  /* A document error that says nothing is still named, as a fault of produce(). */
  diag_sink *d2 = diag_new(NULL, 0);
  c.silent = true;
  o.force = true;
  CHECK(!bat_run(dir, jobs, NJOBS, &o, &s, d2));
  CHECK_INT(s.failure, BAT_FAIL_DOCUMENT);
  CHECK_INT(diag_error_count(d2), 1);
  CHECK_CONTAINS(diag_text(d2), jobs[6].path);
  CHECK_CONTAINS(diag_text(d2), "no reason was given");
  /* A system error: reported once with its errno and path, and the run stops. */
  diag_sink *d3 = diag_new(NULL, 0);
  c = (fake_ctx){.fail_on = jobs[6].path, .fail_kind = BAT_DOC_SYSTEM};
  o.jobs = 1;
  CHECK(!bat_run(dir, jobs, NJOBS, &o, &s, d3));
  CHECK_INT(s.failure, BAT_FAIL_SYSTEM);
  CHECK_INT(s.system_errors, 1);
  CHECK_INT(s.system_errno, ENOSPC);
  CHECK(s.produced < NJOBS - 1);
  CHECK_INT(diag_error_count(d3), 1);
  char want[160];
  snprintf(want, sizeof want, "%s/%s: error: cannot write file: No space left on device", dir, jobs[6].path);
  CHECK_CONTAINS(diag_text(d3), want);
  diag_free(d3);
  diag_free(d2);
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

/* Captured worker diagnostics replay with the same text, in both languages, with and without
 * a location, multi-line messages included. */
TEST(diag_forward_round_trip) {
  for (int zh = 0; zh < 2; zh++) {
    lang_force(zh);
    diag_sink *w = diag_new(NULL, 0), *p = diag_new(NULL, 0);
    diag_error(w, ((src_loc){"templates/a.xml", 12, 20, "XC-1"}), "unknown filter 'uper'\n  {{ x }}\n     ^^");
    diag_warning(w, ((src_loc){"out/x.pdf", 0, 0, NULL}), "U+20BB7 drawn by a fallback font");
    diag_report(w, DIAG_NOTE, SRC_LOC_NONE, "plain note: with a colon");
    diag_error(w, ((src_loc){"C:/odd:path", 3, 0, NULL}), "odd path");
    diag_forward(p, diag_text(w));
    CHECK_STR(diag_text(p), diag_text(w));
    CHECK_INT(diag_error_count(p), 2);
    CHECK_INT(diag_warning_count(p), 1);
    diag_free(w);
    diag_free(p);
  }
  lang_force(false);
}

TEST(bad_job_lists_refused) {
  fake_ctx c = {0};
  char *dir = test_tmpdir("batch");
  bat_job two[2] = {jobs[0], jobs[1]};
  two[1].path = two[0].path;
  diag_sink *d = diag_new(NULL, 0);
  bat_options o = opts(&c, 1);
  bat_stats s;
  CHECK(!bat_run(dir, two, 2, &o, &s, d));
  CHECK_INT(s.failure, BAT_FAIL_USAGE);
  two[1].path = "../escape.pdf";
  CHECK(!bat_run(dir, two, 2, &o, &s, d));
  CHECK_INT(diag_error_count(d), 2);
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

TEST(interrupted_run_resumes_to_clean_result) {
  fake_ctx c = {.sleep_ms = 20};
  char *clean = test_tmpdir("batch"), *dir = test_tmpdir("batch");
  diag_sink *d = diag_new(NULL, 0);
  bat_options o = opts(&c, 2);
  CHECK(bat_run(clean, jobs, NJOBS, &o, NULL, d));

  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    bat_run(dir, jobs, NJOBS, &o, NULL, d);
    _exit(0);
  }
  setpgid(pid, pid);
  /* Kill once a few documents are journalled (at most 10 s, however slow the machine). */
  for (int waited = 0; waited < 1000; waited++) {
    char *journal = slurp(dir, ".manifest.journal");
    int lines = 0;
    for (char *q = journal; q && (q = strchr(q, '\n')) != NULL; q++) lines++;
    free(journal);
    if (lines >= 4) break;
    usleep(10 * 1000);
  }
  kill(-pid, SIGKILL);
  waitpid(pid, NULL, 0);
  usleep(50 * 1000); /* let the orphaned workers die */
  CHECK(!exists(dir, "manifest.csv"));

  /* A stale temporary file of a dead process is removed at start. */
  char *stale = path_in(dir, "applicants/XC-100/.form-a.pdf.tmp-999999999-1");
  outfile_mkdirs(dir, d);
  char *apps = path_in(dir, "applicants/XC-100");
  outfile_mkdirs(apps, d);
  free(apps);
  FILE *f = fopen(stale, "w");
  if (f) fclose(f);
  /* ... but not one of a live process (this one), which may be another run writing right now. */
  char live_name[96];
  snprintf(live_name, sizeof live_name, "applicants/XC-100/.form-a.pdf.tmp-%ld-7", (long)getpid());
  char *live = path_in(dir, live_name);
  f = fopen(live, "w");
  if (f) fclose(f);
  bat_stats s;
  c.sleep_ms = 0;
  CHECK(bat_run(dir, jobs, NJOBS, &o, &s, d));
  CHECK(exists(dir, live_name));
  CHECK(!exists(dir, "applicants/XC-100/.form-a.pdf.tmp-999999999-1"));
  unlink(live);
  free(live);
  CHECK(s.skipped > 0);
  CHECK(s.produced > 0);
  CHECK_INT(count_temps(dir), 0);
  char *m1 = slurp(clean, "manifest.csv"), *m2 = slurp(dir, "manifest.csv");
  CHECK(m1 && m2 && strcmp(m1, m2) == 0);
  free(m1);
  free(m2);
  free(stale);
  CHECK_INT(diag_error_count(d), 0);
  diag_free(d);
  rm_rf(clean);
  rm_rf(dir);
  free(clean);
  free(dir);
}

static char *run_with_progress(bat_progress_mode mode, int *out_len) {
  fake_ctx c = {0};
  char *dir = test_tmpdir("batch");
  diag_sink *d = diag_new(NULL, 0);
  FILE *f = tmpfile();
  bat_options o = opts(&c, 2);
  o.progress = f;
  o.progress_mode = mode;
  CHECK(bat_run(dir, jobs, 4, &o, NULL, d));
  CHECK(bat_run(dir, jobs, 5, &o, NULL, d));
  long n = ftell(f);
  rewind(f);
  char *text = xcalloc(1, (size_t)n + 1);
  CHECK_INT(fread(text, 1, (size_t)n, f), n);
  fclose(f);
  *out_len = (int)n;
  diag_free(d);
  rm_rf(dir);
  free(dir);
  return text;
}

TEST(progress_modes) {
  int n;
  /* Not a terminal: only the summary line of each run, no carriage returns. */
  char *t = run_with_progress(BAT_PROGRESS_AUTO, &n);
  CHECK_CONTAINS(t, "4 documents: 4 written, 0 unchanged, 0 failed; ");
  CHECK_CONTAINS(t, "5 documents: 1 written, 4 unchanged, 0 failed; ");
  CHECK(strchr(t, '\r') == NULL);
  free(t);
  t = run_with_progress(BAT_PROGRESS_VERBOSE, &n);
  CHECK_CONTAINS(t, "wrote applicants/XC-100/form-a.pdf\n");
  CHECK_CONTAINS(t, "unchanged applicants/XC-100/form-a.pdf\n");
  CHECK_CONTAINS(t, "peak memory of a worker process: ");
  free(t);
  t = run_with_progress(BAT_PROGRESS_QUIET, &n);
  CHECK_INT(n, 0);
  free(t);
}

TEST(progress_line_on_a_terminal) {
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  CHECK(master >= 0);
  if (master < 0) return;
  grantpt(master);
  unlockpt(master);
  FILE *tty = fopen(ptsname(master), "w");
  CHECK(tty != NULL);
  if (!tty) return;
  fake_ctx c = {.sleep_ms = 25};
  char *dir = test_tmpdir("batch");
  diag_sink *d = diag_new(NULL, 0);
  bat_options o = opts(&c, 2);
  o.progress = tty;
  o.progress_mode = BAT_PROGRESS_AUTO;
  CHECK(bat_run(dir, jobs, NJOBS, &o, NULL, d));
  fclose(tty);
  char buf[8192] = "";
  fcntl(master, F_SETFL, O_NONBLOCK);
  size_t got = 0;
  for (ssize_t n; got < sizeof buf - 1 && (n = read(master, buf + got, sizeof buf - 1 - got)) > 0;)
    got += (size_t)n;
  buf[got] = '\0';
  close(master);
  CHECK_CONTAINS(buf, "\r\033[K");
  CHECK_CONTAINS(buf, "/30, ");
  CHECK_CONTAINS(buf, "documents/s, ETA ");
  CHECK_CONTAINS(buf, "30 documents: 30 written");
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

TEST(shard_parsing_and_hash) {
  diag_sink *d = diag_new(NULL, 0);
  int k, n;
  CHECK(bat_parse_shard("3/8", &k, &n));
  CHECK_INT(k, 3);
  CHECK_INT(n, 8);
  CHECK(!bat_parse_shard("0/8", &k, &n));
  CHECK(!bat_parse_shard("9/8", &k, &n));
  CHECK(!bat_parse_shard("1/", &k, &n));
  CHECK(!bat_parse_shard("-1/2", &k, &n));
  CHECK(!bat_parse_shard("1/100001", &k, &n));
  CHECK(!bat_parse_shard("1/2x", &k, &n));
  CHECK(!bat_parse_shard(" 1/2", &k, &n));
  CHECK(bat_parse_shard("100000/100000", &k, &n));
  /* FNV-1a("a") = 0xe40c292c; fixed forever, or shards of old runs move. */
  bat_job j = {.path = "x.pdf", .applicant = "a"};
  CHECK_INT(bat_shard_of(&j, 1000), 0xe40c292cu % 1000 + 1);
  CHECK(bat_default_jobs() >= 1);
  CHECK(bat_default_jobs() <= sysconf(_SC_NPROCESSORS_ONLN));
  diag_free(d);
}

TEST(fingerprint_fields_are_separated) {
  sha256_ctx a, b;
  char ha[SHA256_HEX_BYTES], hb[SHA256_HEX_BYTES];
  sha256_init(&a);
  bat_fingerprint_add_str(&a, "ab");
  bat_fingerprint_add_str(&a, "c");
  bat_fingerprint_final(&a, ha);
  sha256_init(&b);
  bat_fingerprint_add_str(&b, "a");
  bat_fingerprint_add_str(&b, "bc");
  bat_fingerprint_final(&b, hb);
  CHECK(strcmp(ha, hb) != 0);
  CHECK_INT(strlen(ha), 64);
  sha256_init(&b);
  bat_fingerprint_add_str(&b, "ab");
  bat_fingerprint_add(&b, "c", 1);
  bat_fingerprint_final(&b, hb);
  CHECK_STR(ha, hb);
}

TEST(page_count_and_digest) {
  char *dir = test_tmpdir("batch");
  char *p = path_in(dir, "t.pdf");
  const char *pdf = "%PDF-1.4\n<< /Type /Pages >> << /Type /Page >> <</Type/Page/Parent 1 0 R>>"
                    "<< /Type\n/Page\n>> << /Type /PageLabel >>";
  diag_sink *d = diag_new(NULL, 0);
  CHECK(outfile_write_all(p, pdf, strlen(pdf), d));
  uint64_t bytes, pages;
  char sha[SHA256_HEX_BYTES], want[SHA256_HEX_BYTES];
  CHECK(bat_file_digest(p, &bytes, &pages, sha, d));
  CHECK_INT(pages, 3);
  CHECK_INT(bytes, strlen(pdf));
  uint8_t dg[SHA256_DIGEST_BYTES];
  sha256_buffer(pdf, strlen(pdf), dg);
  sha256_to_hex(dg, want);
  CHECK_STR(sha, want);
  /* Pages split across the reader's 64 KiB chunks, at every offset around the boundary. */
  for (int shift = 0; shift < 24; shift++) {
    strbuf big;
    strbuf_init(&big);
    strbuf_append(&big, "%PDF-1.4\n");
    while (big.len < 65536 - 12 + (size_t)shift) strbuf_putc(&big, ' ');
    strbuf_append(&big, "<< /Type /Page >> << /Type /Pages >>");
    while (big.len < 200000) strbuf_append(&big, "<</Type/Page>>\n");
    strbuf_append(&big, "/Type /Page");
    CHECK(outfile_write_all(p, big.data, big.len, d));
    uint64_t expect = 0;
    for (const char *q = big.data; (q = strstr(q, "Type")) != NULL; q++)
      if (strncmp(q + 4, " /Page ", 7) == 0 || strncmp(q + 4, "/Page>", 6) == 0 || strcmp(q + 4, " /Page") == 0)
        expect++;
    CHECK(bat_file_digest(p, &bytes, &pages, sha, d));
    CHECK_INT(bytes, big.len);
    if (pages != expect) {
      CHECK_INT(pages, expect);
      printf("  at shift %d\n", shift);
      strbuf_release(&big);
      break;
    }
    strbuf_release(&big);
  }

  /* An empty file and a missing one. */
  CHECK(outfile_write_all(p, "", 0, d));
  CHECK(bat_file_digest(p, &bytes, &pages, sha, d));
  CHECK_INT(bytes, 0);
  CHECK_INT(pages, 0);
  CHECK_STR(sha, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK_INT(diag_error_count(d), 0);
  unlink(p);
  CHECK(!bat_file_digest(p, &bytes, &pages, sha, d));
  CHECK_INT(diag_error_count(d), 1);
  diag_free(d);
  free(p);
  rm_rf(dir);
  free(dir);
}

int main(void) {
  lang_force(false);
  make_jobs();
  RUN(same_output_for_one_and_two_jobs);
  RUN(manifest_sorted_with_pages_and_fingerprints);
  RUN(resume_skips_unchanged_redoes_changed);
  RUN(on_request_jobs_only_when_asked);
  RUN(verify_catches_flipped_byte_and_missing_file);
  RUN(shards_cover_every_job_once);
  RUN(full_disk_reported_once_nothing_half_written);
  RUN(unwritable_folder_reported_once);
  RUN(worker_crash_is_reported);
  RUN(crashing_every_time_gives_up);
  RUN(bundles_made_by_one_worker);
  RUN(hanging_document_times_out);
  RUN(worker_errors_keep_their_location);
  RUN(failure_kinds_reported_as_such);
  RUN(diag_forward_round_trip);
  RUN(bad_job_lists_refused);
  RUN(interrupted_run_resumes_to_clean_result);
  RUN(progress_modes);
  RUN(progress_line_on_a_terminal);
  RUN(shard_parsing_and_hash);
  RUN(fingerprint_fields_are_separated);
  RUN(page_count_and_digest);
  return CHECK_DONE();
}
