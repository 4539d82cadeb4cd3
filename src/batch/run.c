/* bat_run: forks worker processes after the caller's setup (fonts, templates are shared
 * copy-on-write), hands out jobs through a shared counter, collects results over one pipe per
 * worker, journals each finished file so a killed run resumes, and writes the manifest. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batch/batch_private.h"
#include "core/lang.h"
#include "core/outfile.h"
#include "core/xmalloc.h"

#define MAX_WORKERS 256

/* Shared between the parent and all workers (MAP_SHARED). */
typedef struct {
  atomic_size_t next; /* next index into the to-do list */
  atomic_int stop;    /* set by the parent after a system error: take no more jobs */
  atomic_size_t current[MAX_WORKERS]; /* job index + 1 a worker is busy with, 0 when idle */
  _Atomic double started[MAX_WORKERS]; /* when it took that job (bat_now_seconds) */
} shared_state;

enum { OUT_PRODUCED = 1, OUT_SKIPPED, OUT_FAILED, OUT_MEMORY /* last message: 'pages' = KiB */ };

/* A result on the pipe, followed by text_len bytes of captured diagnostics, then fonts_len bytes
 * of the document's fonts text (the manifest's last column). */
typedef struct {
  uint32_t job;
  int32_t outcome, failure, error;
  uint64_t pages, bytes;
  char sha256[SHA256_HEX_BYTES];
  uint32_t text_len, fonts_len;
} wire_result;

typedef struct {
  pid_t pid;
  int fd;
  strbuf in;
  bool timed_out; /* killed by the parent for taking longer than opt->timeout_seconds */
} worker;

/* Everything a worker needs, set up before the first fork. */
typedef struct {
  const char *outdir;
  const bat_job *jobs;
  const size_t *todo;
  size_t todo_count;
  const bat_options *opt;
  const bat_entries *previous;
  shared_state *shared;
  int root; /* the output folder, open: every path below it is opened without following links */
} run_ctx;


static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
}

/* errno values only a failing write sets: trusted as they are. Others (EACCES, EMFILE …) may be
 * left over from a harmless lookup inside produce(), so a probe write has to confirm them. */
static bool is_write_errno(int e) {
  return e == ENOSPC || e == EFBIG || e == EDQUOT || e == EROFS || e == EIO;
}

/* Writes a file of 'blocks' * 64 KiB next to the output to tell "disk full / not writable" (returns the errno)
 * from a failure of the document itself (returns 0). */
static int probe_writable(const char *dir, int blocks) {
  char *probe = folder_join(dir, ".yinfa-probe");
  char *temp = outfile_temp_path(probe);
  static char block[65536];
  int err = 0;
  int fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0) {
    err = errno;
  } else {
    for (int i = 0; i < blocks && !err; i++)
      if (write(fd, block, sizeof block) != (ssize_t)sizeof block) err = errno ? errno : ENOSPC;
    if (!err && fsync(fd) != 0) err = errno;
    close(fd);
    unlink(temp);
  }
  free(temp);
  free(probe);
  return err;
}

/* Removes this process's temporary files for 'final_path' that a failed produce() left. */
static void remove_own_temps(const char *final_path) {
  char *dir = dir_of(final_path);
  const char *base = strrchr(final_path, '/') ? strrchr(final_path, '/') + 1 : final_path;
  char *prefix = NULL;
  if (asprintf(&prefix, ".%s.tmp-%ld-", base, (long)getpid()) < 0) xoom();
  DIR *d = opendir(dir);
  for (struct dirent *de; d && (de = readdir(d)) != NULL;) {
    if (strncmp(de->d_name, prefix, strlen(prefix)) != 0) continue;
    char *p = folder_join(dir, de->d_name);
    unlink(p);
    free(p);
  }
  if (d) closedir(d);
  free(prefix);
  free(dir);
}

static bool write_full(int fd, const void *data, size_t len) {
  const char *p = data;
  while (len) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    len -= (size_t)n;
  }
  return true;
}

static void send_result(int fd, wire_result *r, const char *text, const char *fonts) {
  r->text_len = (uint32_t)strlen(text);
  r->fonts_len = (uint32_t)strlen(fonts);
  if (!write_full(fd, r, sizeof *r) || !write_full(fd, text, r->text_len) || !write_full(fd, fonts, r->fonts_len))
    _exit(70);
}

static void do_job(const run_ctx *rc, size_t index, int fd) {
  const bat_job *job = &rc->jobs[index];
  wire_result r = {.job = (uint32_t)index};
  diag_sink *jd = diag_new(NULL, 1000);
  strbuf fonts;
  strbuf_init(&fonts);
  char *final = folder_join(rc->outdir, job->path);
  char *dir = dir_of(final);

  /* The folder first, refusing any symbolic link on the way: a link planted at
   * applicants/<id> must not send this document (or a resume check) outside the folder. */
  const char *slash = strrchr(job->path, '/');
  char *rel_dir = xstrndup(job->path, slash ? (size_t)(slash - job->path) : 0);
  int dfd = folder_open_dir(rc->root, rc->outdir, rel_dir, true, jd);
  int derr = errno;
  free(rel_dir);
  if (dfd < 0) {
    r.outcome = OUT_FAILED;
    r.failure = is_write_errno(derr) || derr == EACCES || derr == EPERM ? BAT_FAIL_SYSTEM : BAT_FAIL_DOCUMENT;
    r.error = derr;
    goto send;
  }
  close(dfd);

  /* Resume: the same inputs made this very file before. */
  const bat_entry *prev = rc->opt->force ? NULL : entries_find(rc->previous, job->path);
  struct stat sb;
  if (prev && job->fingerprint[0] && strcmp(prev->fingerprint, job->fingerprint) == 0 &&
      lstat(final, &sb) == 0 && S_ISREG(sb.st_mode) && (uint64_t)sb.st_size == prev->bytes) {
    diag_sink *quiet = diag_new(NULL, 1);
    bool same = bat_file_digest(final, &r.bytes, &r.pages, r.sha256, quiet) &&
                strcmp(r.sha256, prev->sha256) == 0;
    diag_free(quiet);
    if (same) {
      r.outcome = OUT_SKIPPED;
      strbuf_append(&fonts, prev->fonts); /* what the document was set with when it was made */
      goto send;
    }
  }

  errno = 0;
  bool ok = rc->opt->produce(rc->opt->ctx, job, final, &fonts, jd);
  int err = errno;
  if (ok && diag_error_count(jd) == 0 && bat_file_digest(final, &r.bytes, &r.pages, r.sha256, jd)) {
    r.outcome = OUT_PRODUCED;
    for (size_t i = 0; i < fonts.len; i++) /* one manifest line per document */
      if (fonts.data[i] == '\n' || fonts.data[i] == '\r') fonts.data[i] = ' ';
    goto send;
  }
  strbuf_reset(&fonts);
  r.outcome = OUT_FAILED;
  remove_own_temps(final);
  if (ok && diag_error_count(jd) > 0) unlink(final); /* succeeded with errors: do not keep it */
  int probe = is_write_errno(err) ? err : probe_writable(dir, 2);
  r.failure = probe ? BAT_FAIL_SYSTEM : BAT_FAIL_DOCUMENT;
  r.error = probe;
  if (probe && diag_error_count(jd) == 0)
    diag_error(jd, ((src_loc){final, 0, 0, NULL}), L("cannot write file: %s", "无法写入文件：%s"),
               lang_strerror(probe));

send:
  send_result(fd, &r, diag_text(jd), strbuf_str(&fonts));
  strbuf_release(&fonts);
  free(dir);
  free(final);
  diag_free(jd);
}

/* The worker's own memory (anonymous pages it wrote, copies of the parent's included), KiB. */
static long private_kib(void) {
  FILE *f = fopen("/proc/self/smaps_rollup", "r");
  char line[256];
  long kib = 0;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "Private_Dirty: %ld kB", &kib) == 1) break;
  if (f) fclose(f);
  return kib;
}

static _Noreturn void worker_main(const run_ctx *rc, int slot, int fd) {
  for (;;) {
    if (atomic_load(&rc->shared->stop)) break;
    size_t i = atomic_fetch_add(&rc->shared->next, 1);
    if (i >= rc->todo_count) break;
    atomic_store(&rc->shared->started[slot], bat_now_seconds());
    atomic_store(&rc->shared->current[slot], rc->todo[i] + 1);
    do_job(rc, rc->todo[i], fd);
    atomic_store(&rc->shared->current[slot], 0);
  }
  wire_result mem = {.job = UINT32_MAX, .outcome = OUT_MEMORY, .pages = (uint64_t)private_kib()};
  send_result(fd, &mem, "", "");
  close(fd);
  _exit(0); /* not exit(): the parent's stdio buffers and atexit handlers are not ours */
}

/* The signal that asked the run to stop (kill PID, Ctrl-C, a closed terminal); 0: none. The one
 * static of the run: a signal handler has no context argument, and C allows it only a
 * volatile sig_atomic_t to write. */
static volatile sig_atomic_t interrupted;
static void on_interrupt(int sig) { interrupted = sig; }
static const int STOP_SIGNALS[] = {SIGINT, SIGTERM, SIGHUP};
enum { NSTOP = sizeof STOP_SIGNALS / sizeof STOP_SIGNALS[0] };

static bool spawn(const run_ctx *rc, worker *w, int slot, worker *all, int nall, diag_sink *diag) {
  int p[2];
  if (pipe(p) != 0) {
    diag_error(diag, SRC_LOC_NONE, L("cannot create a pipe: %s", "无法创建管道：%s"), lang_strerror(errno));
    return false;
  }
  fflush(NULL);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    diag_error(diag, SRC_LOC_NONE, L("cannot start a worker process: %s", "无法启动工作进程：%s"),
               lang_strerror(errno));
    close(p[0]);
    close(p[1]);
    return false;
  }
  if (pid == 0) {
    /* A worker dies with the run: killed with `kill PID` (not the group) the parent would leave
     * workers writing documents into a folder nobody records any more. Half-written files are
     * only temporaries, which the next run sweeps. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) _exit(3);
    for (int k = 0; k < NSTOP; k++) signal(STOP_SIGNALS[k], SIG_DFL); /* the parent stops them */
    close(p[0]);
    for (int i = 0; i < nall; i++)
      if (all[i].fd >= 0) close(all[i].fd);
    worker_main(rc, slot, p[1]);
  }
  close(p[1]);
  w->pid = pid;
  w->fd = p[0];
  w->timed_out = false;
  strbuf_reset(&w->in);
  return true;
}

/* ---- the run ---- */

/* qsort_r() comparison of two indexes into the jobs ('ctx') by path. */
static int compare_job_paths(const void *a, const void *b, void *ctx) {
  const bat_job *jobs = ctx;
  return strcmp(jobs[*(const size_t *)a].path, jobs[*(const size_t *)b].path);
}

/* CPUs this process may actually use: the affinity mask (taskset, cpusets) and a cgroup v2
 * quota (containers: "200000 100000" in cpu.max is two CPUs' worth), not the machine's count. */
int bat_default_jobs(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0 && CPU_COUNT(&set) < n)
    n = CPU_COUNT(&set);
  FILE *f = fopen("/sys/fs/cgroup/cpu.max", "r");
  long quota, period;
  if (f && fscanf(f, "%ld %ld", &quota, &period) == 2 && quota > 0 && period > 0) {
    long cpus = (quota + period - 1) / period;
    if (cpus < n) n = cpus;
  }
  if (f) fclose(f);
  return n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : (int)n;
}

static void manifest_names(const bat_options *opt, char **manifest, char **journal, const char *outdir) {
  if (opt->shard_count > 1) {
    if (asprintf(manifest, "%s/manifest-%d-of-%d.csv", outdir, opt->shard_index, opt->shard_count) < 0 ||
        asprintf(journal, "%s/.manifest-%d-of-%d.journal", outdir, opt->shard_index, opt->shard_count) < 0)
      xoom();
  } else {
    *manifest = folder_join(outdir, "manifest.csv");
    *journal = folder_join(outdir, ".manifest.journal");
  }
}

/* After a complete run, manifests of other sharding schemes describe nothing any more. */
static void remove_stale_manifests(const char *outdir, const bat_options *opt) {
  DIR *d = opendir(outdir);
  for (struct dirent *de; d && (de = readdir(d)) != NULL;) {
    int k, n, used = 0;
    bool shard_file = sscanf(de->d_name, "manifest-%d-of-%d.csv%n", &k, &n, &used) == 2 &&
                      de->d_name[used] == '\0';
    bool shard_journal = sscanf(de->d_name, ".manifest-%d-of-%d.journal%n", &k, &n, &used) == 2 &&
                         de->d_name[used] == '\0';
    bool stale = opt->shard_count > 1
                     ? (strcmp(de->d_name, "manifest.csv") == 0 || strcmp(de->d_name, ".manifest.journal") == 0 ||
                        ((shard_file || shard_journal) && n != opt->shard_count))
                     : shard_file || shard_journal;
    if (!stale) continue;
    char *p = folder_join(outdir, de->d_name);
    unlink(p);
    free(p);
  }
  if (d) closedir(d);
}

static void escalate(bat_stats *st, bat_failure f) {
  static const int rank[] = {[BAT_OK] = 0, [BAT_FAIL_USAGE] = 1, [BAT_FAIL_DOCUMENT] = 2,
                             [BAT_FAIL_CRASH] = 3, [BAT_FAIL_SYSTEM] = 4, [BAT_FAIL_INTERRUPTED] = 5};
  if (rank[f] > rank[st->failure]) st->failure = f;
}

static const char *signal_name(int sig) {
  const char *s = sigabbrev_np(sig);
  return s ? s : "?";
}

static bool run_dir(const char *outdir, const bat_job *jobs, size_t count, const bat_options *opt,
                    bat_stats *stats, diag_sink *diag);

/* ---- --only ---- */

bool bat_kind_selected(const char *only, const char *kind) {
  if (!only) return true;
  size_t n = strlen(kind ? kind : "");
  for (const char *p = only; *p;) {
    size_t k = strcspn(p, ",");
    if (k == n && strncmp(p, kind, n) == 0) return true;
    p += k + (p[k] == ',');
  }
  return false;
}

/* The documents of the kinds a partial run did not make keep their manifest lines while the
 * previous manifest vouches for their bytes on disk (size and SHA-256 unchanged); any other is
 * left out, so the manifest never claims a file it has not checked. */
static void carry_unselected(const bat_job *jobs, size_t count, const bat_options *opt,
                             const bat_entries *prev, const char *outdir, bat_entries *done) {
  for (size_t i = 0; i < count; i++) {
    const bat_job *j = &jobs[i];
    if (bat_kind_selected(opt->only_kinds, j->kind)) continue;
    if (opt->shard_count > 1 && bat_shard_of(j, opt->shard_count) != opt->shard_index) continue;
    /* listed as the previous run made it, with its old fingerprint: a later full run still
     * remakes it if its inputs changed since */
    const bat_entry *e = entries_find(prev, j->path);
    if (!e) continue;
    char *final = folder_join(outdir, j->path);
    uint64_t bytes = 0, pages = 0;
    char sha[SHA256_HEX_BYTES];
    struct stat sb;
    diag_sink *quiet = diag_new(NULL, 1);
    if (lstat(final, &sb) == 0 && S_ISREG(sb.st_mode) && /* a link is never vouched for */
        bat_file_digest(final, &bytes, &pages, sha, quiet) && bytes == e->bytes && strcmp(sha, e->sha256) == 0)
      entries_add_copy(done, e);
    diag_free(quiet);
    free(final);
  }
}

bool bat_run(const char *outdir, const bat_job *jobs, size_t count, const bat_options *opt,
             bat_stats *stats, diag_sink *diag) {
  char *dir = trim_dir(outdir);
  bool ok = run_dir(dir, jobs, count, opt, stats, diag);
  free(dir);
  return ok;
}

static bool run_dir(const char *outdir, const bat_job *jobs, size_t count, const bat_options *opt,
                    bat_stats *stats, diag_sink *diag) {
  bat_stats st = {0};
  double t0 = bat_now_seconds();
  src_loc dir_loc = {outdir, 0, 0, NULL};
  size_t *order = NULL, *todo = NULL;
  bat_entries prev = {0}, done_entries = {0};
  char *manifest = NULL, *journal = NULL;
  shared_state *shared = MAP_FAILED;
  worker *workers = NULL;
  bool *finished = NULL;
  bat_progress *progress = NULL;
  int journal_fd = -1, nworkers = 0, lock_fd = -1, root = -1;
  struct sigaction old_xfsz, old_pipe, ign = {.sa_handler = SIG_IGN};
  sigaction(SIGXFSZ, &ign, &old_xfsz); /* writes past RLIMIT_FSIZE fail with EFBIG instead */
  sigaction(SIGPIPE, &ign, &old_pipe);
  struct sigaction old_stop[NSTOP], stop = {.sa_handler = on_interrupt};
  interrupted = 0;
  for (int k = 0; k < NSTOP; k++) sigaction(STOP_SIGNALS[k], &stop, &old_stop[k]);

  /* ---- check the request ---- */
  if (!opt->produce) {
    diag_error(diag, SRC_LOC_NONE, "bat_run: no produce() callback");
    escalate(&st, BAT_FAIL_USAGE);
    goto done;
  }
  if (opt->shard_count > 1 && (opt->shard_index < 1 || opt->shard_index > opt->shard_count)) {
    diag_error(diag, SRC_LOC_NONE, L("invalid shard %d/%d", "分片 %d/%d 无效"), opt->shard_index,
               opt->shard_count);
    escalate(&st, BAT_FAIL_USAGE);
    goto done;
  }
  for (size_t i = 0; i < count; i++)
    if (!jobs[i].path) {
      diag_error(diag, SRC_LOC_NONE, "bat_run: job %zu has no path", i);
      escalate(&st, BAT_FAIL_USAGE);
      goto done;
    }
  order = xmalloc((count ? count : 1) * sizeof *order);
  for (size_t i = 0; i < count; i++) order[i] = i;
  qsort_r(order, count, sizeof *order, compare_job_paths, (void *)jobs);
  for (size_t i = 0; i < count; i++) {
    const bat_job *j = &jobs[order[i]];
    src_loc at = {j->path, 0, 0, j->applicant && j->applicant[0] ? j->applicant : NULL};
    if (!folder_path_is_safe(j->path)) {
      diag_error(diag, at, L("unsafe output path (absolute, empty part or \"..\")",
                             "输出路径不安全（绝对路径、空段或“..”）"));
      escalate(&st, BAT_FAIL_USAGE);
    } else if (folder_path_is_reserved(j->path)) {
      diag_error(diag, at, L("a document would be written over one of yinfa's own files (the manifest, the "
                             "lock, the journal or a temporary file): change the program's output=",
                             "文档将覆盖 yinfa 自用的文件（清单、锁文件、日志或临时文件）：请修改项目的 output="));
      escalate(&st, BAT_FAIL_USAGE);
    } else if (i > 0 && strcmp(j->path, jobs[order[i - 1]].path) == 0) {
      diag_error(diag, at, L("two documents would be written to the same file",
                             "两份文档将写入同一个文件"));
      escalate(&st, BAT_FAIL_USAGE);
    }
  }
  if (st.failure) goto done;

  todo = xmalloc((count ? count : 1) * sizeof *todo);
  size_t ntodo = 0;
  for (size_t i = 0; i < count; i++)
    if ((opt->shard_count <= 1 || bat_shard_of(&jobs[i], opt->shard_count) == opt->shard_index) &&
        bat_kind_selected(opt->only_kinds, jobs[i].kind))
      todo[ntodo++] = i;
  st.total = ntodo;

  /* ---- the output folder: exists, writable, no stale temporary files ---- */
  if (!outfile_mkdirs(outdir, diag)) {
    escalate(&st, BAT_FAIL_SYSTEM);
    goto done;
  }
  int perr = probe_writable(outdir, 0);
  if (perr) {
    diag_error(diag, dir_loc, L("cannot write to the output folder: %s", "无法写入输出文件夹：%s"),
               lang_strerror(perr));
    escalate(&st, BAT_FAIL_SYSTEM);
    goto done;
  }
  /* One run per folder: a second one would mix two rounds' documents under one manifest. */
  char lock_name[64] = FOLDER_LOCK_NAME;
  if (opt->shard_count > 1)
    snprintf(lock_name, sizeof lock_name, ".yinfa-%d-of-%d.lock", opt->shard_index, opt->shard_count);
  if ((lock_fd = folder_lock(outdir, lock_name, diag)) < 0) {
    escalate(&st, BAT_FAIL_SYSTEM);
    goto done;
  }
  root = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root < 0) {
    diag_error(diag, dir_loc, L("cannot open output folder: %s", "无法打开输出文件夹：%s"), lang_strerror(errno));
    escalate(&st, BAT_FAIL_SYSTEM);
    goto done;
  }
  manifest_names(opt, &manifest, &journal, outdir);
  /* The previous manifest, read once: what may be skipped (--force --only still needs it: it
   * vouches for the kinds not made now), and under --force only whose folder this is. */
  folder_load_previous(outdir, journal, &prev, diag);
  bool another = folder_holds_another_round(outdir, &prev, jobs, order, count, opt, diag);
  if (opt->force && !opt->only_kinds) entries_free(&prev);
  if (another) {
    escalate(&st, BAT_FAIL_USAGE);
    goto done;
  }
  if (!folder_prepare(root, outdir, jobs, order, count, opt, diag)) {
    escalate(&st, BAT_FAIL_SYSTEM);
    goto done;
  }
  /* O_NOFOLLOW: a link planted at .manifest.journal must not get lines appended to its target */
  journal_fd = open(journal, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);

  /* ---- workers ---- */
  shared = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) {
    diag_error(diag, SRC_LOC_NONE, L("cannot map shared memory: %s", "无法映射共享内存：%s"),
               lang_strerror(errno));
    escalate(&st, BAT_FAIL_SYSTEM);
    goto done;
  }
  memset(shared, 0, sizeof *shared);
  run_ctx rc = {outdir, jobs, todo, ntodo, opt, &prev, shared, root};
  nworkers = opt->jobs > 0 ? opt->jobs : bat_default_jobs();
  if (nworkers > MAX_WORKERS) nworkers = MAX_WORKERS;
  if ((size_t)nworkers > ntodo) nworkers = (int)ntodo;
  workers = xcalloc((size_t)(nworkers ? nworkers : 1), sizeof *workers);
  for (int i = 0; i < nworkers; i++) {
    workers[i].fd = -1;
    strbuf_init(&workers[i].in);
  }
  finished = xcalloc(count ? count : 1, sizeof *finished);
  progress = progress_new(opt->progress, opt->progress_mode, ntodo);

  int alive = 0, crashes = 0;
  for (int i = 0; i < nworkers; i++) {
    if (!spawn(&rc, &workers[i], i, workers, nworkers, diag)) {
      escalate(&st, BAT_FAIL_SYSTEM);
      atomic_store(&shared->stop, 1);
      break;
    }
    alive++;
  }

  bool system_reported = false;
  struct pollfd *pfd = xcalloc((size_t)(nworkers ? nworkers : 1), sizeof *pfd);
  bool stopping = false;
  while (alive > 0) {
    if (interrupted && !stopping) {
      /* Stop now: a killed worker leaves at most a temporary file, swept below; what finished
       * is in the journal. */
      stopping = true;
      atomic_store(&shared->stop, 1);
      for (int i = 0; i < nworkers; i++)
        if (workers[i].fd >= 0) kill(workers[i].pid, SIGKILL);
    }
    int np = 0;
    for (int i = 0; i < nworkers; i++)
      if (workers[i].fd >= 0) pfd[np++] = (struct pollfd){.fd = workers[i].fd, .events = POLLIN};
    int pr = poll(pfd, (nfds_t)np, 200);
    if (pr < 0 && errno != EINTR) break;
    for (int i = 0; i < nworkers; i++) {
      worker *w = &workers[i];
      if (w->fd < 0) continue;
      bool readable = false;
      for (int k = 0; k < np; k++)
        if (pfd[k].fd == w->fd && pfd[k].revents) readable = true;
      if (!readable) continue;
      char buf[65536];
      ssize_t n = read(w->fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n > 0) {
        strbuf_append_n(&w->in, buf, (size_t)n);
        /* Take every complete result off the front of the buffer. */
        size_t off = 0;
        while (w->in.len - off >= sizeof(wire_result)) {
          wire_result r;
          memcpy(&r, w->in.data + off, sizeof r);
          if (w->in.len - off - sizeof r < (size_t)r.text_len + r.fonts_len) break;
          char *text = xstrndup(w->in.data + off + sizeof r, r.text_len);
          char *fonts = xstrndup(w->in.data + off + sizeof r + r.text_len, r.fonts_len);
          off += sizeof r + r.text_len + r.fonts_len;
          if (r.outcome == OUT_MEMORY || r.job >= count) {
            if (r.outcome == OUT_MEMORY && (long)r.pages > st.worker_private_kib)
              st.worker_private_kib = (long)r.pages;
            free(text);
            free(fonts);
            continue;
          }
          const bat_job *j = &jobs[r.job];
          src_loc at = {j->path, 0, 0, j->applicant && j->applicant[0] ? j->applicant : NULL};
          finished[r.job] = true;
          if (r.outcome == OUT_PRODUCED || r.outcome == OUT_SKIPPED) {
            if (text[0]) {
              progress_clear(progress);
              diag_forward(diag, text); /* warnings */
            }
            if (r.outcome == OUT_PRODUCED) st.produced++;
            else st.skipped++;
            st.pages += r.pages;
            st.bytes += r.bytes;
            entries_add(&done_entries, j->path, j->kind, j->applicant, r.pages, r.bytes, r.sha256,
                        j->fingerprint, fonts);
            if (journal_fd >= 0) {
              strbuf line;
              strbuf_init(&line);
              manifest_format_line(&line, &done_entries.items[done_entries.count - 1]);
              if (!write_full(journal_fd, line.data, line.len)) {
                close(journal_fd); /* the journal only speeds up a resume; carry on without */
                journal_fd = -1;
              }
              strbuf_release(&line);
            }
            progress_step(progress, &st,
                          r.outcome == OUT_PRODUCED ? L("wrote", "已生成") : L("unchanged", "未变"), j->path);
          } else {
            st.failed++;
            escalate(&st, (bat_failure)r.failure);
            progress_clear(progress);
            if (r.failure == BAT_FAIL_SYSTEM) {
              /* A full disk stays full: report it once and stop handing out jobs. */
              atomic_store(&shared->stop, 1);
              if (!system_reported) diag_forward(diag, text);
              system_reported = true;
            } else if (text[0]) {
              diag_forward(diag, text);
            } else {
              diag_error(diag, at, L("the document could not be produced", "文档未能生成"));
            }
            progress_step(progress, &st, L("FAILED", "失败"), j->path);
          }
          free(text);
          free(fonts);
        }
        memmove(w->in.data, w->in.data + off, w->in.len - off);
        w->in.len -= off;
        continue;
      }
      /* End of file: the worker is done or dead. */
      close(w->fd);
      w->fd = -1;
      alive--;
      int status = 0;
      struct rusage ru = {0};
      while (wait4(w->pid, &status, 0, &ru) < 0 && errno == EINTR) {
      }
      if (ru.ru_maxrss > st.worker_peak_kib) st.worker_peak_kib = ru.ru_maxrss;
      size_t busy = atomic_exchange(&shared->current[i], 0);
      bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
      if (clean && !busy) continue;
      if (stopping || interrupted) continue; /* stopped (by us, or by the Ctrl-C that reached us too) */
      crashes++;
      escalate(&st, BAT_FAIL_CRASH);
      progress_clear(progress);
      char how[96];
      if (w->timed_out)
        snprintf(how, sizeof how, L("was stopped after %g s", "超过 %g 秒被终止"), opt->timeout_seconds);
      else if (WIFSIGNALED(status))
        snprintf(how, sizeof how, L("killed by signal %d (SIG%s)", "被信号 %d（SIG%s）终止"),
                 WTERMSIG(status), signal_name(WTERMSIG(status)));
      else
        snprintf(how, sizeof how, L("exited with status %d", "以状态 %d 退出"), WEXITSTATUS(status));
      if (busy && !finished[busy - 1]) {
        const bat_job *j = &jobs[busy - 1];
        finished[busy - 1] = true;
        st.failed++;
        diag_error(diag, ((src_loc){j->path, 0, 0, j->applicant && j->applicant[0] ? j->applicant : NULL}),
                   L("worker process %ld %s while producing this document",
                     "工作进程 %ld 在生成此文档时%s"),
                   (long)w->pid, how);
        progress_step(progress, &st, L("FAILED", "失败"), j->path);
      } else {
        diag_error(diag, SRC_LOC_NONE, L("worker process %ld %s", "工作进程 %ld %s"), (long)w->pid, how);
      }
      /* Replace it while work remains, but do not loop on a crash that repeats for every job. */
      if (!stopping && !atomic_load(&shared->stop) && atomic_load(&shared->next) < ntodo && crashes <= nworkers + 2) {
        if (spawn(&rc, w, i, workers, nworkers, diag)) alive++;
      }
    }
    progress_tick(progress, &st);
    if (opt->timeout_seconds > 0) { /* a document that never finishes must not hang the run */
      double now = bat_now_seconds();
      for (int i = 0; i < nworkers; i++)
        if (workers[i].fd >= 0 && !workers[i].timed_out && atomic_load(&shared->current[i]) &&
            now - atomic_load(&shared->started[i]) > opt->timeout_seconds) {
          workers[i].timed_out = true;
          kill(workers[i].pid, SIGKILL);
        }
    }
  }
  free(pfd);

  /* Jobs never attempted (stopped after a system error, or workers kept crashing). */
  progress_clear(progress);
  size_t unattempted = 0;
  if (stopping) {
    st.signal = interrupted;
    escalate(&st, BAT_FAIL_INTERRUPTED);
    folder_prepare(root, outdir, jobs, order, count, opt, diag); /* the stopped workers' temporaries */
  }
  for (size_t i = 0; i < ntodo; i++) {
    if (finished[todo[i]]) continue;
    st.failed++;
    if (!st.failure) escalate(&st, BAT_FAIL_CRASH);
    if (system_reported || stopping) continue; /* summed up in one note below */
    const bat_job *j = &jobs[todo[i]];
    if (unattempted++ < 10)
      diag_error(diag, ((src_loc){j->path, 0, 0, j->applicant && j->applicant[0] ? j->applicant : NULL}),
                 L("not produced: the worker processes stopped", "未生成：工作进程已停止"));
  }
  if (unattempted > 10)
    diag_report(diag, DIAG_NOTE, dir_loc, L("and %zu more documents were not produced", "另有 %zu 份文档未生成"),
                unattempted - 10);
  if (stopping)
    diag_report(diag, DIAG_NOTE, dir_loc,
                L("stopped by SIG%s: %zu documents were written, %zu were not; the folder records what was "
                  "finished (.manifest.journal): run again to finish it",
                  "收到信号 SIG%s 而停止：已写入 %zu 份文档，%zu 份未生成；文件夹记录了已完成的部分"
                  "（.manifest.journal）：请重新运行以完成"),
                signal_name(st.signal), st.produced, st.failed);
  if (system_reported && st.failed > 1)
    diag_report(diag, DIAG_NOTE, dir_loc,
                L("%zu documents were not produced because of this", "因此有 %zu 份文档未生成"),
                st.failed);

  /* ---- manifest, or a journal to resume from ---- */
  if (journal_fd >= 0) close(journal_fd);
  journal_fd = -1;
  if (st.failure == BAT_OK) {
    /* The manifest vouches for the files: make them durable first, with one syncfs() for the
     * whole run rather than an fsync() per file. */
    if (opt->only_kinds) carry_unselected(jobs, count, opt, &prev, outdir, &done_entries);
    entries_sort_unique(&done_entries);
    if (syncfs(root) != 0) {
      diag_error(diag, dir_loc,
                 L("cannot make the written files durable (syncfs): %s; no manifest was written",
                   "无法将已写入的文件落盘（syncfs）：%s；未生成清单"),
                 lang_strerror(errno));
      unlink(manifest); /* it would vouch for files that may not survive; the journal remains */
      escalate(&st, BAT_FAIL_SYSTEM);
    } else if (manifest_write(manifest, &done_entries, diag)) {
      unlink(journal);
      remove_stale_manifests(outdir, opt);
      st.stale = folder_report_stale(outdir, jobs, order, count, &prev, opt->prune, diag);
    } else {
      escalate(&st, BAT_FAIL_SYSTEM);
    }
  } else {
    /* The old manifest no longer describes the folder; keep what is known in the journal. */
    for (size_t i = 0; i < done_entries.count; i++) {
      const bat_entry *e = &done_entries.items[i];
      entries_add_copy(&prev, e);
    }
    entries_sort_unique(&prev);
    strbuf b;
    strbuf_init(&b);
    for (size_t i = 0; i < prev.count; i++) manifest_format_line(&b, &prev.items[i]);
    diag_sink *quiet = diag_new(NULL, 1);
    if (outfile_write_all(journal, strbuf_str(&b), b.len, quiet)) unlink(manifest);
    diag_free(quiet);
    strbuf_release(&b);
  }

done:
  st.seconds = bat_now_seconds() - t0;
  if (root >= 0) close(root);
  folder_unlock(lock_fd);
  if (progress) progress_finish(progress, &st);
  if (journal_fd >= 0) close(journal_fd);
  for (int i = 0; workers && i < nworkers; i++) {
    if (workers[i].fd >= 0) close(workers[i].fd);
    strbuf_release(&workers[i].in);
  }
  free(workers);
  free(finished);
  if (shared != MAP_FAILED) munmap(shared, sizeof *shared);
  entries_free(&prev);
  entries_free(&done_entries);
  free(manifest);
  free(journal);
  free(order);
  free(todo);
  sigaction(SIGXFSZ, &old_xfsz, NULL);
  sigaction(SIGPIPE, &old_pipe, NULL);
  for (int k = 0; k < NSTOP; k++) sigaction(STOP_SIGNALS[k], &old_stop[k], NULL);
  if (stats) *stats = st;
  return st.failure == BAT_OK;
}

/* ---- sharding ---- */

int bat_shard_of(const bat_job *job, int count) {
  const char *key = job->applicant && job->applicant[0] ? job->applicant : job->path;
  uint32_t h = 2166136261u; /* FNV-1a, 32 bit */
  for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
    h ^= *p;
    h *= 16777619u;
  }
  return count > 1 ? (int)(h % (uint32_t)count) + 1 : 1;
}

bool bat_parse_shard(const char *text, int *index, int *count) {
  int k, n, used = 0;
  if (text && sscanf(text, "%d/%d%n", &k, &n, &used) == 2 && text[used] == '\0' && k >= 1 &&
      n >= 1 && k <= n && n <= BAT_SHARD_MAX && strspn(text, "0123456789/") == strlen(text)) {
    *index = k;
    *count = n;
    return true;
  }
  return false;
}
