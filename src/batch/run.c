/* bat_run: checks the job list, opens and locks the output folder, forks the worker processes
 * (worker.c) after the caller's setup (fonts, templates are shared copy-on-write), collects each
 * document's typed result over one pipe per worker, journals each finished file so a killed run
 * resumes, and writes the manifest. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batch/batch_private.h"
#include "core/lang.h"
#include "core/outfile.h"
#include "core/xmalloc.h"

/* The signal that asked the run to stop (kill PID, Ctrl-C, a closed terminal); 0: none. The one
 * static of the run: a signal handler has no context argument, and C allows it only a
 * volatile sig_atomic_t to write. */
static volatile sig_atomic_t interrupted;
static void on_interrupt(int sig) { interrupted = sig; }

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
  return n < 1 ? 1 : n > POOL_MAX_WORKERS ? POOL_MAX_WORKERS : (int)n;
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

bool bat_job_selected(const bat_options *opt, const bat_job *job) {
  /* the blank forms: only when asked for, and then only them */
  if (job->on_request || opt->requested)
    return job->on_request && opt->requested && bat_kind_selected(opt->only_kinds, job->kind);
  if (!opt->only_groups) return bat_kind_selected(opt->only_kinds, job->kind);
  /* a print set: the round's own documents (公示, 通知) only when asked for by kind */
  if (!job->group || !*job->group) return opt->only_kinds && bat_kind_selected(opt->only_kinds, job->kind);
  return bat_kind_selected(opt->only_groups, job->group) && bat_kind_selected(opt->only_kinds, job->kind);
}

bool bat_partial(const bat_options *opt) { return opt->only_kinds || opt->only_groups || opt->requested; }

/* Whether a run leaves some of its jobs unmade: a partial one, or one whose job list has
 * documents made only on request. Those keep their manifest lines (carry_unselected). */
static bool leaves_some(const bat_options *opt, const bat_job *jobs, size_t count) {
  if (bat_partial(opt)) return true;
  for (size_t i = 0; i < count; i++)
    if (jobs[i].on_request) return true;
  return false;
}

/* The documents of the kinds a partial run did not make keep their manifest lines while the
 * previous manifest vouches for their bytes on disk (size and SHA-256 unchanged); any other is
 * left out, so the manifest never claims a file it has not checked. */
static void carry_unselected(const bat_job *jobs, size_t count, const bat_options *opt,
                             const bat_entries *prev, const char *outdir, bat_entries *done) {
  for (size_t i = 0; i < count; i++) {
    const bat_job *j = &jobs[i];
    if (bat_job_selected(opt, j)) continue;
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

/* ---- one run, phase by phase ---- */

/* Everything bat_run() holds while it runs; released by run_release(). */
typedef struct {
  const char *outdir;
  const bat_job *jobs;
  size_t count;
  const bat_options *opt;
  diag_sink *diag;
  src_loc dir_loc;
  bat_stats st;
  size_t *order, *todo, ntodo; /* job indexes by path; the ones this run makes */
  size_t *bundle_start, nbundles; /* the to-do list in bundles (pool_ctx) */
  bat_entries prev, done;      /* the previous manifests and journal; what this run finished */
  char *manifest, *journal;
  int journal_fd, lock_fd, root;
  pool_shared *shared;
  pool_worker *workers;
  int nworkers, alive, crashes;
  bool *finished;
  bat_progress *progress;
  bool system_reported, stopping;
} run_state;

static src_loc job_loc(const bat_job *j) {
  return (src_loc){j->path, 0, 0, j->applicant && j->applicant[0] ? j->applicant : NULL};
}

/* The job list and the options are sound: paths safe, distinct, not yinfa's own files. Fills
 * rs->order and rs->todo. */
static bool check_request(run_state *rs) {
  const bat_options *opt = rs->opt;
  if (!opt->produce) {
    diag_error(rs->diag, SRC_LOC_NONE, "bat_run: no produce() callback");
    escalate(&rs->st, BAT_FAIL_USAGE);
    return false;
  }
  if (opt->shard_count > 1 && (opt->shard_index < 1 || opt->shard_index > opt->shard_count)) {
    diag_error(rs->diag, SRC_LOC_NONE, L("invalid shard %d/%d", "分片 %d/%d 无效"), opt->shard_index,
               opt->shard_count);
    escalate(&rs->st, BAT_FAIL_USAGE);
    return false;
  }
  for (size_t i = 0; i < rs->count; i++)
    if (!rs->jobs[i].path) {
      diag_error(rs->diag, SRC_LOC_NONE, "bat_run: job %zu has no path", i);
      escalate(&rs->st, BAT_FAIL_USAGE);
      return false;
    }
  rs->order = xmalloc((rs->count ? rs->count : 1) * sizeof *rs->order);
  for (size_t i = 0; i < rs->count; i++) rs->order[i] = i;
  qsort_r(rs->order, rs->count, sizeof *rs->order, compare_job_paths, (void *)rs->jobs);
  for (size_t i = 0; i < rs->count; i++) {
    const bat_job *j = &rs->jobs[rs->order[i]];
    if (!folder_path_is_safe(j->path)) {
      diag_error(rs->diag, job_loc(j), L("unsafe output path (absolute, empty part or \"..\")",
                                         "输出路径不安全（绝对路径、空段或“..”）"));
      escalate(&rs->st, BAT_FAIL_USAGE);
    } else if (folder_path_is_reserved(j->path)) {
      diag_error(rs->diag, job_loc(j),
                 L("a document would be written over one of yinfa's own files (the manifest, the "
                   "lock, the journal or a temporary file): change the program's output=",
                   "文档将覆盖 yinfa 自用的文件（清单、锁文件、日志或临时文件）：请修改项目的 output="));
      escalate(&rs->st, BAT_FAIL_USAGE);
    } else if (i > 0 && strcmp(j->path, rs->jobs[rs->order[i - 1]].path) == 0) {
      diag_error(rs->diag, job_loc(j), L("two documents would be written to the same file",
                                         "两份文档将写入同一个文件"));
      escalate(&rs->st, BAT_FAIL_USAGE);
    }
  }
  if (rs->st.failure) return false;
  rs->todo = xmalloc((rs->count ? rs->count : 1) * sizeof *rs->todo);
  for (size_t i = 0; i < rs->count; i++)
    if ((opt->shard_count <= 1 || bat_shard_of(&rs->jobs[i], opt->shard_count) == opt->shard_index) &&
        bat_job_selected(opt, &rs->jobs[i]))
      rs->todo[rs->ntodo++] = i;
  rs->st.total = rs->ntodo;
  /* a job made with the one before it joins its bundle, when that one is made too */
  rs->bundle_start = xmalloc((rs->ntodo + 1) * sizeof *rs->bundle_start);
  for (size_t k = 0; k < rs->ntodo; k++)
    if (k == 0 || !rs->jobs[rs->todo[k]].with_previous || rs->todo[k - 1] != rs->todo[k] - 1)
      rs->bundle_start[rs->nbundles++] = k;
  rs->bundle_start[rs->nbundles] = rs->ntodo;
  return true;
}

/* A journal line could not be written: said once, the run goes on (the journal only saves a
 * stopped run from making its finished documents again). */
static void journal_failed(run_state *rs, int err) {
  if (rs->journal_fd >= 0) close(rs->journal_fd);
  rs->journal_fd = -1;
  rs->st.journal_failed = true;
  progress_clear(rs->progress);
  diag_warning(rs->diag, ((src_loc){rs->journal, 0, 0, NULL}),
               L("cannot record finished documents in the journal: %s; the run goes on, but if it stops "
                 "before the manifest is written, the next run makes them again",
                 "无法在日志中登记已完成的文书：%s；运行继续，但若在生成清单之前中止，下次运行会重新生成这些文书"),
               lang_strerror(err));
}

/* The output folder exists, is ours (locked) and another round's documents are not in it; the
 * previous manifests are read and the folders the jobs write into are ready. */
static bool open_folder(run_state *rs) {
  const bat_options *opt = rs->opt;
  if (!outfile_mkdirs(rs->outdir, rs->diag)) return escalate(&rs->st, BAT_FAIL_SYSTEM), false;
  /* One run per folder: a second one would mix two rounds' documents under one manifest. Taking
   * the lock (a file created in the folder) also proves the folder writable. */
  char lock_name[64] = FOLDER_LOCK_NAME;
  if (opt->shard_count > 1)
    snprintf(lock_name, sizeof lock_name, ".yinfa-%d-of-%d.lock", opt->shard_index, opt->shard_count);
  if ((rs->lock_fd = folder_lock(rs->outdir, lock_name, rs->diag)) < 0)
    return escalate(&rs->st, BAT_FAIL_SYSTEM), false;
  rs->root = open(rs->outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (rs->root < 0) {
    diag_error(rs->diag, rs->dir_loc, L("cannot open output folder: %s", "无法打开输出文件夹：%s"),
               lang_strerror(errno));
    return escalate(&rs->st, BAT_FAIL_SYSTEM), false;
  }
  manifest_names(opt, &rs->manifest, &rs->journal, rs->outdir);
  /* The previous manifest, read once: what may be skipped (--force --only still needs it: it
   * vouches for the kinds not made now), and under --force only whose folder this is. */
  folder_load_previous(rs->outdir, rs->journal, &rs->prev, rs->diag);
  bool another = folder_holds_another_round(rs->outdir, &rs->prev, rs->jobs, rs->order, rs->count, opt, rs->diag);
  if (opt->force && !leaves_some(opt, rs->jobs, rs->count)) entries_free(&rs->prev);
  if (another) return escalate(&rs->st, BAT_FAIL_USAGE), false;
  if (!folder_prepare(rs->root, rs->outdir, rs->jobs, rs->order, rs->count, opt, rs->diag))
    return escalate(&rs->st, BAT_FAIL_SYSTEM), false;
  /* O_NOFOLLOW: a link planted at .manifest.journal must not get lines appended to its target */
  rs->journal_fd = open(rs->journal, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (rs->journal_fd < 0) journal_failed(rs, errno);
  return true;
}

/* A document finished (made or unchanged): counted, listed and journalled. */
static void record_done(run_state *rs, const bat_job *j, const wire_result *r, const char *text, const char *fonts) {
  if (text[0]) {
    progress_clear(rs->progress);
    diag_forward(rs->diag, text); /* warnings */
  }
  bat_stats *st = &rs->st;
  if (r->outcome == OUT_PRODUCED) st->produced++;
  else st->skipped++;
  st->pages += r->pages;
  st->bytes += r->bytes;
  entries_add(&rs->done, j->path, j->kind, j->applicant, r->pages, r->bytes, r->sha256, j->fingerprint, fonts);
  if (rs->journal_fd >= 0) {
    strbuf line;
    strbuf_init(&line);
    manifest_format_line(&line, &rs->done.items[rs->done.count - 1]);
    if (!bat_write_full(rs->journal_fd, line.data, line.len)) journal_failed(rs, errno);
    strbuf_release(&line);
  }
  progress_step(rs->progress, st, r->outcome == OUT_PRODUCED ? L("wrote", "已生成") : L("unchanged", "未变"), j->path);
}

/* A document failed, as its worker typed it: a document error is reported and the run goes on;
 * a system error is reported once and stops handing out documents (a full disk stays full). */
static void record_failed(run_state *rs, const bat_job *j, const wire_result *r, const char *text) {
  bat_stats *st = &rs->st;
  st->failed++;
  progress_clear(rs->progress);
  if (r->kind == BAT_DOC_SYSTEM) {
    st->system_errors++;
    escalate(st, BAT_FAIL_SYSTEM);
    if (!st->system_errno) st->system_errno = r->err;
    atomic_store(&rs->shared->stop, 1);
    if (!rs->system_reported) diag_forward(rs->diag, text);
    rs->system_reported = true;
  } else {
    st->document_errors++;
    escalate(st, BAT_FAIL_DOCUMENT);
    diag_forward(rs->diag, text); /* the worker made sure it holds an error */
  }
  progress_step(rs->progress, st, L("FAILED", "失败"), j->path);
}

/* Takes every complete result off the front of worker 'w''s buffer. */
static void take_results(run_state *rs, pool_worker *w) {
  size_t off = 0;
  while (w->in.len - off >= sizeof(wire_result)) {
    wire_result r;
    memcpy(&r, w->in.data + off, sizeof r);
    size_t extra = (size_t)r.text_len + r.fonts_len + r.path_len;
    if (w->in.len - off - sizeof r < extra) break;
    char *text = xstrndup(w->in.data + off + sizeof r, r.text_len);
    char *fonts = xstrndup(w->in.data + off + sizeof r + r.text_len, r.fonts_len);
    off += sizeof r + extra;
    if (r.outcome == OUT_MEMORY) {
      if ((long)r.pages > rs->st.worker_private_kib) rs->st.worker_private_kib = (long)r.pages;
    } else if (r.job < rs->count) {
      rs->finished[r.job] = true;
      if (r.outcome == OUT_PRODUCED || r.outcome == OUT_SKIPPED) record_done(rs, &rs->jobs[r.job], &r, text, fonts);
      else record_failed(rs, &rs->jobs[r.job], &r, text);
    }
    free(text);
    free(fonts);
  }
  memmove(w->in.data, w->in.data + off, w->in.len - off);
  w->in.len -= off;
}

/* The jobs of the crashed job's bundle after it, which its worker would have made next: failed
 * with it, and said so. */
static void bundle_lost(run_state *rs, size_t job, const bat_job *crashed) {
  size_t k = 0;
  while (k < rs->ntodo && rs->todo[k] != job) k++;
  size_t b = 0;
  while (b < rs->nbundles && rs->bundle_start[b + 1] <= k) b++;
  for (k++; b < rs->nbundles && k < rs->bundle_start[b + 1]; k++) {
    const bat_job *j = &rs->jobs[rs->todo[k]];
    if (rs->finished[rs->todo[k]]) continue;
    rs->finished[rs->todo[k]] = true;
    rs->st.failed++;
    rs->st.crashes++;
    diag_error(rs->diag, job_loc(j),
               L("not produced: it is made with %s, whose worker process died", "未生成：它与 %s 一同生成，而生成它们的工作进程已终止"),
               crashed->path);
    progress_step(rs->progress, &rs->st, L("FAILED", "失败"), j->path);
  }
}

/* Worker 'i' closed its pipe: it finished, or it died (a crash, named with its document). */
static void worker_ended(run_state *rs, pool_ctx *pc, int i) {
  pool_worker *w = &rs->workers[i];
  close(w->fd);
  w->fd = -1;
  rs->alive--;
  int status = 0;
  struct rusage ru = {0};
  while (wait4(w->pid, &status, 0, &ru) < 0 && errno == EINTR) {
  }
  if (ru.ru_maxrss > rs->st.worker_peak_kib) rs->st.worker_peak_kib = ru.ru_maxrss;
  size_t busy = atomic_exchange(&rs->shared->current[i], 0);
  bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (clean && !busy) return;
  if (rs->stopping || interrupted) return; /* stopped (by us, or by the Ctrl-C that reached us too) */
  rs->crashes++;
  escalate(&rs->st, BAT_FAIL_CRASH);
  progress_clear(rs->progress);
  char how[96];
  if (w->timed_out)
    snprintf(how, sizeof how, L("was stopped after %g s", "超过 %g 秒被终止"), rs->opt->timeout_seconds);
  else if (WIFSIGNALED(status))
    snprintf(how, sizeof how, L("killed by signal %d (SIG%s)", "被信号 %d（SIG%s）终止"), WTERMSIG(status),
             signal_name(WTERMSIG(status)));
  else
    snprintf(how, sizeof how, L("exited with status %d", "以状态 %d 退出"), WEXITSTATUS(status));
  if (busy && !rs->finished[busy - 1]) {
    const bat_job *j = &rs->jobs[busy - 1];
    rs->finished[busy - 1] = true;
    rs->st.failed++;
    rs->st.crashes++;
    diag_error(rs->diag, job_loc(j),
               L("worker process %ld %s while producing this document", "工作进程 %ld 在生成此文档时%s"),
               (long)w->pid, how);
    progress_step(rs->progress, &rs->st, L("FAILED", "失败"), j->path);
    bundle_lost(rs, busy - 1, j);
  } else {
    diag_error(rs->diag, SRC_LOC_NONE, L("worker process %ld %s", "工作进程 %ld %s"), (long)w->pid, how);
  }
  /* Replace it while work remains, but do not loop on a crash that repeats for every job. */
  if (!atomic_load(&rs->shared->stop) && atomic_load(&rs->shared->next) < rs->nbundles &&
      rs->crashes <= rs->nworkers + 2 && pool_spawn(pc, w, i, rs->workers, rs->nworkers, rs->diag))
    rs->alive++;
}

/* Kills the workers of a document that has taken longer than the timeout. */
static void enforce_timeout(run_state *rs) {
  if (rs->opt->timeout_seconds <= 0) return; /* a document that never finishes must not hang the run */
  double now = bat_now_seconds();
  for (int i = 0; i < rs->nworkers; i++) {
    pool_worker *w = &rs->workers[i];
    if (w->fd >= 0 && !w->timed_out && atomic_load(&rs->shared->current[i]) &&
        now - atomic_load(&rs->shared->started[i]) > rs->opt->timeout_seconds) {
      w->timed_out = true;
      kill(w->pid, SIGKILL);
    }
  }
}

/* Forks the workers and collects their results until every one has ended. */
static void run_workers(run_state *rs) {
  rs->shared = mmap(NULL, sizeof *rs->shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (rs->shared == MAP_FAILED) {
    diag_error(rs->diag, SRC_LOC_NONE, L("cannot map shared memory: %s", "无法映射共享内存：%s"), lang_strerror(errno));
    escalate(&rs->st, BAT_FAIL_SYSTEM);
    return;
  }
  memset(rs->shared, 0, sizeof *rs->shared);
  pool_ctx pc = {rs->outdir, rs->jobs, rs->todo, rs->ntodo, rs->bundle_start, rs->nbundles, rs->opt, &rs->prev,
                 rs->shared, rs->root, rs->diag};
  int n = rs->opt->jobs > 0 ? rs->opt->jobs : bat_default_jobs();
  if (n > POOL_MAX_WORKERS) n = POOL_MAX_WORKERS;
  if ((size_t)n > rs->nbundles) n = (int)rs->nbundles;
  rs->nworkers = n;
  rs->workers = xcalloc((size_t)(n ? n : 1), sizeof *rs->workers);
  for (int i = 0; i < n; i++) {
    rs->workers[i].fd = -1;
    strbuf_init(&rs->workers[i].in);
  }
  rs->finished = xcalloc(rs->count ? rs->count : 1, sizeof *rs->finished);
  rs->progress = progress_new(rs->opt->progress, rs->opt->progress_mode, rs->ntodo);
  for (int i = 0; i < n; i++) {
    if (!pool_spawn(&pc, &rs->workers[i], i, rs->workers, n, rs->diag)) {
      escalate(&rs->st, BAT_FAIL_SYSTEM);
      atomic_store(&rs->shared->stop, 1);
      break;
    }
    rs->alive++;
  }
  struct pollfd *pfd = xcalloc((size_t)(n ? n : 1), sizeof *pfd);
  while (rs->alive > 0) {
    if (interrupted && !rs->stopping) {
      /* Stop now: a killed worker leaves at most a temporary file, swept below; what finished
       * is in the journal. */
      rs->stopping = true;
      atomic_store(&rs->shared->stop, 1);
      for (int i = 0; i < n; i++)
        if (rs->workers[i].fd >= 0) kill(rs->workers[i].pid, SIGKILL);
    }
    int np = 0;
    for (int i = 0; i < n; i++)
      if (rs->workers[i].fd >= 0) pfd[np++] = (struct pollfd){.fd = rs->workers[i].fd, .events = POLLIN};
    if (poll(pfd, (nfds_t)np, 200) < 0 && errno != EINTR) break;
    for (int i = 0; i < n; i++) {
      pool_worker *w = &rs->workers[i];
      bool readable = false;
      for (int k = 0; k < np && w->fd >= 0; k++)
        if (pfd[k].fd == w->fd && pfd[k].revents) readable = true;
      if (!readable) continue;
      char buf[65536];
      ssize_t got = read(w->fd, buf, sizeof buf);
      if (got < 0 && errno == EINTR) continue;
      if (got > 0) {
        strbuf_append_n(&w->in, buf, (size_t)got);
        take_results(rs, w);
      } else {
        worker_ended(rs, &pc, i); /* end of file: the worker is done or dead */
      }
    }
    progress_tick(rs->progress, &rs->st);
    enforce_timeout(rs);
  }
  free(pfd);
}

/* Jobs never attempted (stopped after a system error, by a signal, or workers kept crashing). */
static void account_unfinished(run_state *rs) {
  bat_stats *st = &rs->st;
  progress_clear(rs->progress);
  size_t unattempted = 0;
  if (rs->stopping) {
    st->signal = interrupted;
    escalate(st, BAT_FAIL_INTERRUPTED);
    folder_prepare(rs->root, rs->outdir, rs->jobs, rs->order, rs->count, rs->opt, rs->diag); /* temporaries */
  }
  for (size_t i = 0; rs->finished && i < rs->ntodo; i++) {
    if (rs->finished[rs->todo[i]]) continue;
    st->failed++;
    if (!st->failure) escalate(st, BAT_FAIL_CRASH);
    if (rs->system_reported || rs->stopping) continue; /* summed up in one note below */
    if (unattempted++ < 10)
      diag_error(rs->diag, job_loc(&rs->jobs[rs->todo[i]]),
                 L("not produced: the worker processes stopped", "未生成：工作进程已停止"));
  }
  if (unattempted > 10)
    diag_report(rs->diag, DIAG_NOTE, rs->dir_loc,
                L("and %zu more documents were not produced", "另有 %zu 份文档未生成"), unattempted - 10);
  if (rs->stopping)
    diag_report(rs->diag, DIAG_NOTE, rs->dir_loc,
                L("stopped by SIG%s: %zu documents were written, %zu were not; the folder records what was "
                  "finished (.manifest.journal): run again to finish it",
                  "收到信号 SIG%s 而停止：已写入 %zu 份文档，%zu 份未生成；文件夹记录了已完成的部分"
                  "（.manifest.journal）：请重新运行以完成"),
                signal_name(st->signal), st->produced, st->failed);
  if (rs->system_reported && st->failed > 1)
    diag_report(rs->diag, DIAG_NOTE, rs->dir_loc,
                L("%zu documents were not produced because of this", "因此有 %zu 份文档未生成"), st->failed);
}

/* A complete run: the files made durable, then the manifest, and the stale files reported. */
static void write_manifest(run_state *rs) {
  if (leaves_some(rs->opt, rs->jobs, rs->count)) carry_unselected(rs->jobs, rs->count, rs->opt, &rs->prev, rs->outdir, &rs->done);
  entries_sort_unique(&rs->done);
  /* The manifest vouches for the files: make them durable first, with one syncfs() for the
   * whole run rather than an fsync() per file. */
  if (syncfs(rs->root) != 0) {
    diag_error(rs->diag, rs->dir_loc,
               L("cannot make the written files durable (syncfs): %s; no manifest was written",
                 "无法将已写入的文件落盘（syncfs）：%s；未生成清单"),
               lang_strerror(errno));
    unlink(rs->manifest); /* it would vouch for files that may not survive; the journal remains */
    escalate(&rs->st, BAT_FAIL_SYSTEM);
  } else if (manifest_write(rs->manifest, &rs->done, rs->diag)) {
    unlink(rs->journal);
    remove_stale_manifests(rs->outdir, rs->opt);
    rs->st.stale = folder_report_stale(rs->outdir, rs->jobs, rs->order, rs->count, &rs->prev, rs->opt->prune, rs->diag);
  } else {
    escalate(&rs->st, BAT_FAIL_SYSTEM);
  }
}

/* A failed run: the old manifest no longer describes the folder; what is known goes to the
 * journal the next run resumes from. A journal that cannot be written is said. */
static void keep_journal(run_state *rs) {
  for (size_t i = 0; i < rs->done.count; i++) entries_add_copy(&rs->prev, &rs->done.items[i]);
  entries_sort_unique(&rs->prev);
  strbuf b;
  strbuf_init(&b);
  for (size_t i = 0; i < rs->prev.count; i++) manifest_format_line(&b, &rs->prev.items[i]);
  diag_sink *quiet = diag_new(NULL, 1); /* said below, as a warning with what follows from it */
  if (outfile_write_all(rs->journal, strbuf_str(&b), b.len, quiet)) {
    unlink(rs->manifest);
  } else {
    int err = errno;
    rs->st.journal_failed = true;
    diag_warning(rs->diag, ((src_loc){rs->journal, 0, 0, NULL}),
                 L("cannot write the journal of this run: %s; the next run cannot resume from it and makes "
                   "again the documents this run finished",
                   "无法写入本次运行的日志：%s；下次运行无法据此续做，将重新生成本次已完成的文书"),
                 lang_strerror(err));
  }
  diag_free(quiet);
  strbuf_release(&b);
}

static void run_release(run_state *rs) {
  if (rs->root >= 0) close(rs->root);
  folder_unlock(rs->lock_fd);
  if (rs->progress) progress_finish(rs->progress, &rs->st);
  if (rs->journal_fd >= 0) close(rs->journal_fd);
  for (int i = 0; rs->workers && i < rs->nworkers; i++) {
    if (rs->workers[i].fd >= 0) close(rs->workers[i].fd);
    strbuf_release(&rs->workers[i].in);
  }
  free(rs->workers);
  free(rs->finished);
  if (rs->shared != MAP_FAILED) munmap(rs->shared, sizeof *rs->shared);
  entries_free(&rs->prev);
  entries_free(&rs->done);
  free(rs->manifest);
  free(rs->journal);
  free(rs->order);
  free(rs->todo);
  free(rs->bundle_start);
}

bool bat_run(const char *outdir, const bat_job *jobs, size_t count, const bat_options *opt, bat_stats *stats,
             diag_sink *diag) {
  char *dir = trim_dir(outdir);
  double t0 = bat_now_seconds();
  run_state rs = {.outdir = dir, .jobs = jobs, .count = count, .opt = opt, .diag = diag,
                  .dir_loc = {dir, 0, 0, NULL}, .journal_fd = -1, .lock_fd = -1, .root = -1,
                  .shared = MAP_FAILED};
  struct sigaction old_xfsz, old_pipe, ign = {.sa_handler = SIG_IGN};
  sigaction(SIGXFSZ, &ign, &old_xfsz); /* writes past RLIMIT_FSIZE fail with EFBIG instead */
  sigaction(SIGPIPE, &ign, &old_pipe);
  struct sigaction old_stop[POOL_NSTOP], stop = {.sa_handler = on_interrupt};
  interrupted = 0;
  for (int k = 0; k < POOL_NSTOP; k++) sigaction(POOL_STOP_SIGNALS[k], &stop, &old_stop[k]);

  if (check_request(&rs) && open_folder(&rs)) {
    run_workers(&rs);
    account_unfinished(&rs);
    if (rs.journal_fd >= 0) close(rs.journal_fd);
    rs.journal_fd = -1;
    if (rs.st.failure == BAT_OK) write_manifest(&rs);
    else keep_journal(&rs);
  }
  rs.st.seconds = bat_now_seconds() - t0;
  run_release(&rs);
  sigaction(SIGXFSZ, &old_xfsz, NULL);
  sigaction(SIGPIPE, &old_pipe, NULL);
  for (int k = 0; k < POOL_NSTOP; k++) sigaction(POOL_STOP_SIGNALS[k], &old_stop[k], NULL);
  if (stats) *stats = rs.st;
  free(dir);
  return rs.st.failure == BAT_OK;
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
