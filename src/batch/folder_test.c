/* The output folder as a closed space: the run lock (fail-concurrent-runs-no-lock), stale lock
 * take-over, no write through a link (fail-symlink-write-through), verify after a killed re-run
 * (weak-verify-after-killed-rerun), confined manifest paths (weak-verify-reads-outside-folder). */
#include <fcntl.h>
#include <signal.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../tests/check.h"
#include "batch/batch.h"
#include "batch/batch_private.h"
#include "batch/testing.h"
#include "core/outfile.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"

static int sleep_ms;

static bat_doc_result fake_produce(void *ctx, const bat_job *job, const char *final_path, strbuf *fonts,
                                   diag_sink *diag) {
  (void)fonts;
  (void)ctx;
  if (sleep_ms) usleep((useconds_t)sleep_ms * 1000);
  strbuf b;
  strbuf_init(&b);
  strbuf_printf(&b, "%%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n%% %s %s\n", job->path, job->fingerprint);
  bool ok = outfile_write_all(final_path, b.data, b.len, diag);
  int err = errno;
  strbuf_release(&b);
  return ok ? bat_doc_ok() : bat_doc_system(err, final_path);
}

#define NJOBS 6
static bat_job jobs[NJOBS];
static char paths[NJOBS][64], ids[NJOBS][16];

static void make_jobs(void) {
  for (int i = 0; i < NJOBS; i++) {
    snprintf(ids[i], sizeof ids[i], "XC-%03d", i);
    snprintf(paths[i], sizeof paths[i], "applicants/XC-%03d/application.pdf", i);
    jobs[i] = (bat_job){.path = paths[i], .kind = "application", .applicant = ids[i], .group = ""};
    snprintf(jobs[i].fingerprint, sizeof jobs[i].fingerprint, "%064d", i);
  }
}

static bat_options opts(int n) {
  return (bat_options){.produce = fake_produce, .jobs = n, .progress_mode = BAT_PROGRESS_QUIET};
}






TEST(second_run_is_refused_naming_the_first) { /* fail-concurrent-runs-no-lock */
  char *dir = test_tmpdir("folder");
  pid_t child = fork();
  if (child == 0) {
    sleep_ms = 300;
    bat_options o = opts(1);
    diag_sink *d = diag_new(NULL, 0);
    _exit(bat_run(dir, jobs, NJOBS, &o, NULL, d) ? 0 : 1);
  }
  /* Wait until the first run has taken the lock and written its line. */
  for (int i = 0; i < 200 && size_of(dir, FOLDER_LOCK_NAME) <= 0; i++) usleep(10000);
  bat_options o = opts(2);
  bat_stats s;
  diag_sink *d = diag_new(NULL, 0);
  CHECK(!bat_run(dir, jobs, NJOBS, &o, &s, d));
  CHECK_INT(s.failure, BAT_FAIL_SYSTEM);
  char want[64];
  snprintf(want, sizeof want, "in use by run PID %ld started ", (long)child);
  CHECK_CONTAINS(diag_text(d), want);
  CHECK_INT(s.produced, 0);
  /* verify, too, says a run is writing the folder instead of judging half a folder. */
  diag_sink *v = diag_new(NULL, 0);
  CHECK(!bat_verify(dir, NULL, v));
  CHECK_CONTAINS(diag_text(v), "is writing this folder now");
  diag_free(v);
  int status = 0;
  waitpid(child, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  /* The first run finished cleanly: its lock file is empty and the folder verifies. */
  CHECK_INT(size_of(dir, FOLDER_LOCK_NAME), 0);
  diag_sink *v2 = diag_new(NULL, 0);
  CHECK(bat_verify(dir, NULL, v2));
  diag_free(v2);
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

/* docs/scale.md: the shards of one round run at once into one shared folder; two runs of the
 * same shard do not. */
TEST(shards_share_the_folder_but_not_a_shard) {
  char *dir = test_tmpdir("folder");
  pid_t child = fork();
  if (child == 0) {
    sleep_ms = 300;
    bat_options o = opts(1);
    o.shard_index = 1, o.shard_count = 2;
    diag_sink *d = diag_new(NULL, 0);
    _exit(bat_run(dir, jobs, NJOBS, &o, NULL, d) ? 0 : 1);
  }
  for (int i = 0; i < 200 && size_of(dir, ".yinfa-1-of-2.lock") <= 0; i++) usleep(10000);
  bat_options o = opts(1);
  o.shard_index = 2, o.shard_count = 2;
  diag_sink *d = diag_new(NULL, 0);
  CHECK(bat_run(dir, jobs, NJOBS, &o, NULL, d)); /* the other shard, at the same time */
  CHECK_INT(diag_error_count(d), 0);
  o.shard_index = 1;
  diag_sink *d2 = diag_new(NULL, 0);
  bat_stats s;
  bool second = bat_run(dir, jobs, NJOBS, &o, &s, d2);
  int status = 0;
  waitpid(child, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  CHECK(!second); /* shard 1 is still running (300 ms per document) */
  CHECK_CONTAINS(diag_text(d2), "in use by run PID");
  diag_free(d);
  diag_free(d2);
  rm_rf(dir);
  free(dir);
}

TEST(stale_lock_is_taken_over_with_a_note) {
  char *dir = test_tmpdir("folder");
  write_text(dir, FOLDER_LOCK_NAME, "999999999 1700000000\n"); /* a killed run's line, no flock */
  bat_options o = opts(2);
  diag_sink *d = diag_new(NULL, 0);
  CHECK(bat_run(dir, jobs, NJOBS, &o, NULL, d));
  CHECK_CONTAINS(diag_text(d), "note: took over the lock of run PID 999999999 started ");
  CHECK_INT(diag_error_count(d), 0);
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

TEST(no_write_through_a_link_in_the_folder) { /* fail-symlink-write-through */
  char *dir = test_tmpdir("folder"), *victim = test_tmpdir("folder");
  write_text(victim, "application.pdf", "precious pdf");
  char *apps = path_in(dir, "applicants");
  mkdir(apps, 0777);
  char *link = path_in(dir, "applicants/XC-002");
  CHECK(symlink(victim, link) == 0);
  bat_options o = opts(2);
  bat_stats s;
  diag_sink *d = diag_new(NULL, 0);
  CHECK(!bat_run(dir, jobs, NJOBS, &o, &s, d));
  CHECK_INT(s.failure, BAT_FAIL_SYSTEM);
  CHECK_INT(s.produced, 0); /* refused before any document */
  CHECK_CONTAINS(diag_text(d), "applicants/XC-002: error: is a symbolic link");
  CHECK_INT(size_of(victim, "application.pdf"), 12);
  diag_free(d);
  /* A file where a folder should be is refused the same way. */
  unlink(link);
  write_text(dir, "applicants/XC-002", "not a folder");
  d = diag_new(NULL, 0);
  CHECK(!bat_run(dir, jobs, NJOBS, &o, &s, d));
  CHECK_CONTAINS(diag_text(d), "applicants/XC-002: error: is a symbolic link or not a folder");
  diag_free(d);
  free(link);
  free(apps);
  rm_rf(dir);
  rm_rf(victim);
  free(dir);
  free(victim);
}

/* The same kind at the top of the folder: the journal and the temporary names are never written
 * through a link planted there. */
TEST(no_write_through_a_link_at_the_top) {
  char *dir = test_tmpdir("folder"), *victim = test_tmpdir("folder");
  write_text(victim, "precious", "precious");
  char *target = path_in(victim, "precious"), *link = path_in(dir, ".manifest.journal");
  CHECK(symlink(target, link) == 0);
  bat_options o = opts(2);
  diag_sink *d = diag_new(NULL, 0);
  CHECK(bat_run(dir, jobs, NJOBS, &o, NULL, d));
  CHECK_INT(size_of(victim, "precious"), 8);
  diag_free(d);
  /* outfile_write_all() never follows a link at its temporary name */
  char *final = path_in(dir, "x.txt");
  char *temp = outfile_temp_path(final); /* ".x.txt.tmp-PID-N": the next call makes N+1 */
  char *dash = strrchr(temp, '-'), *next = NULL;
  if (asprintf(&next, "%.*s-%ld", (int)(dash - temp), temp, atol(dash + 1) + 1) < 0) abort();
  free(temp);
  temp = next;
  CHECK(symlink(target, temp) == 0);
  d = diag_new(NULL, 0);
  (void)outfile_write_all(final, "new", 3, d);
  CHECK_INT(size_of(victim, "precious"), 8);
  diag_free(d);
  free(final);
  free(temp);
  free(target);
  free(link);
  rm_rf(dir);
  rm_rf(victim);
  free(dir);
  free(victim);
}

TEST(verify_names_files_of_an_unfinished_later_run) { /* weak-verify-after-killed-rerun */
  char *dir = test_tmpdir("folder");
  bat_options o = opts(2);
  diag_sink *d = diag_new(NULL, 0);
  CHECK(bat_run(dir, jobs, NJOBS, &o, NULL, d));
  /* A later run rewrote one document and was killed: its journal lists the new file. */
  write_text(dir, jobs[1].path, "%PDF-1.4 newer round\n");
  char *file = path_in(dir, jobs[1].path);
  uint64_t bytes, pages;
  char sha[SHA256_HEX_BYTES];
  CHECK(bat_file_digest(file, &bytes, &pages, sha, d));
  bat_entry e = {(char *)jobs[1].path, "application", ids[1], pages, bytes, "", "", (char *)""};
  snprintf(e.sha256, sizeof e.sha256, "%s", sha);
  strbuf line;
  strbuf_init(&line);
  manifest_format_line(&line, &e);
  write_text(dir, ".manifest.journal", strbuf_str(&line));
  strbuf_release(&line);
  /* and another document was altered by hand: with the journal present, verify cannot tell it
   * from one the killed run renamed into place before recording it, and says both */
  write_text(dir, jobs[2].path, "%PDF-1.4 edited\n");
  diag_sink *v = diag_new(NULL, 0);
  bat_verify_stats vs;
  CHECK(!bat_verify(dir, &vs, v));
  CHECK_INT(vs.bad, 2);
  CHECK_CONTAINS(diag_text(v), "note: a later run into this folder did not finish (.manifest.journal)");
  char want[160];
  snprintf(want, sizeof want, "%s: error: applicant %s: written by the later run that did not finish", jobs[1].path, ids[1]);
  CHECK_CONTAINS(diag_text(v), want);
  snprintf(want, sizeof want, "%s: error: applicant %s: differs from the manifest; the later run that did not finish may have written it", jobs[2].path, ids[2]);
  CHECK_CONTAINS(diag_text(v), want);
  CHECK_CONTAINS(diag_text(v), "a file that still differs after a complete run was changed outside yinfa");
  CHECK_INT(vs.unfinished, 2);
  diag_free(v);
  free(file);
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

TEST(safe_paths) { /* weak-verify-reads-outside-folder: a manifest path never leaves the folder */
  CHECK(folder_path_is_safe("applicants/XC-1/application.pdf"));
  CHECK(folder_path_is_safe("notice.pdf"));
  CHECK(!folder_path_is_safe("../../etc/hostname"));
  CHECK(!folder_path_is_safe("a/../../b"));
  CHECK(!folder_path_is_safe("/etc/hostname"));
  CHECK(!folder_path_is_safe("a//b"));
  CHECK(!folder_path_is_safe("a/./b"));
  CHECK(!folder_path_is_safe("counties/.x.tmp-99/summary.pdf"));
  CHECK(!folder_path_is_safe(""));
  /* fails-program-output-overwrites-manifest: what an output pattern expands to */
  CHECK(folder_path_is_reserved("manifest.csv"));
  CHECK(folder_path_is_reserved("Manifest-2-of-3.CSV"));
  CHECK(folder_path_is_reserved(".yinfa.lock"));
  CHECK(folder_path_is_reserved("applicants/.manifest.journal"));
  CHECK(!folder_path_is_reserved("applicants/manifest.csv")); /* only the top one is the manifest */
  CHECK(!folder_path_is_reserved("manifesto.pdf"));
  CHECK(!folder_path_is_reserved("notice.pdf"));
  const char *end;
  long pid;
  CHECK(folder_temp_name(".summary.pdf.tmp-123-4", &end, &pid));
  CHECK_INT(pid, 123);
  CHECK_INT(end - ".summary.pdf.tmp-123-4", 12);
  CHECK(!folder_temp_name(".draft.tmp-x-1", &end, &pid));
  CHECK(!folder_temp_name("summary.pdf.tmp-1-1", &end, &pid));
}

/* A run stopped by SIGTERM sweeps its killed worker's temporary files with a second
 * folder_prepare through the same root descriptor: that second sweep must read the root folder
 * from its start (it read nothing: the dup'd descriptor kept the first sweep's position, and a
 * worker's .notice.pdf.tmp-PID-N stayed after 2 runs in 50 stopped at their last document). */
TEST(second_sweep_through_the_same_root_sees_the_folder) {
  char dir[] = "/tmp/folder_test-sweep-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  int root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  CHECK(root >= 0);
  bat_job job = {.path = "notice.pdf", .kind = "notice", .applicant = "", .group = ""};
  size_t order = 0;
  bat_options o = opts(1);
  diag_sink *diag = diag_new(NULL, 0);
  CHECK(folder_prepare(root, dir, &job, &order, 1, &o, diag));
  pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, NULL, 0); /* a dead worker's PID */
  char tmp[256];
  snprintf(tmp, sizeof tmp, "%s/.notice.pdf.tmp-%ld-0", dir, (long)child);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0644);
  CHECK(fd >= 0);
  if (fd >= 0) close(fd);
  CHECK(folder_prepare(root, dir, &job, &order, 1, &o, diag));
  CHECK(access(tmp, F_OK) != 0);
  close(root);
  diag_free(diag);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  CHECK(system(cmd) == 0);
}

int main(void) {
  make_jobs();
  RUN(second_run_is_refused_naming_the_first);
  RUN(shards_share_the_folder_but_not_a_shard);
  RUN(stale_lock_is_taken_over_with_a_note);
  RUN(no_write_through_a_link_in_the_folder);
  RUN(no_write_through_a_link_at_the_top);
  RUN(verify_names_files_of_an_unfinished_later_run);
  RUN(safe_paths);
  RUN(second_sweep_through_the_same_root_sees_the_folder);
  printf("check: %d passed, %d failed\n", check_cases_passed, check_cases_failed);
  return check_cases_failed ? 1 : 0;
}
