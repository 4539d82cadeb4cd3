/* The worker side of bat_run: a forked process takes job indexes from the shared counter, calls
 * the caller's produce() for each and sends the typed result (bat_doc_result) back over its pipe
 * with the diagnostics it captured. Whether a document failed for itself or because the machine
 * refused is the result's kind, said by the code that saw the failing call; nothing here guesses
 * from errno after the fact. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch/batch_private.h"
#include "core/lang.h"
#include "core/xmalloc.h"

bat_doc_result bat_doc_ok(void) { return (bat_doc_result){.kind = BAT_DOC_OK}; }

bat_doc_result bat_doc_ok_digest(uint64_t bytes, uint64_t pages, const char *sha256_hex) {
  bat_doc_result r = {.kind = BAT_DOC_OK, .digested = true, .bytes = bytes, .pages = pages};
  snprintf(r.sha256, sizeof r.sha256, "%s", sha256_hex);
  return r;
}

bat_doc_result bat_doc_error(void) { return (bat_doc_result){.kind = BAT_DOC_ERROR}; }

bat_doc_result bat_doc_system(int err, const char *path) {
  bat_doc_result r = {.kind = BAT_DOC_SYSTEM, .err = err ? err : EIO};
  if (path) snprintf(r.path, sizeof r.path, "%s", path);
  return r;
}

/* Removes this process's temporary files for 'final_path' that a failed produce() left. */
static void remove_own_temps(const char *final_path) {
  const char *slash = strrchr(final_path, '/');
  char *dir = slash ? xstrndup(final_path, (size_t)(slash - final_path)) : xstrdup(".");
  const char *base = slash ? slash + 1 : final_path;
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

bool bat_write_full(int fd, const void *data, size_t len) {
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

static void send_result(int fd, wire_result *r, const char *text, const char *fonts, const char *path) {
  r->text_len = (uint32_t)strlen(text);
  r->fonts_len = (uint32_t)strlen(fonts);
  r->path_len = (uint32_t)strlen(path);
  if (!bat_write_full(fd, r, sizeof *r) || !bat_write_full(fd, text, r->text_len) ||
      !bat_write_full(fd, fonts, r->fonts_len) || !bat_write_full(fd, path, r->path_len))
    _exit(70); /* the parent is gone or its pipe broke: it counts the job as a crash */
}

/* Resume: the same inputs made this very file before (fingerprint, size and SHA-256 agree). */
static bool unchanged(const pool_ctx *rc, const bat_job *job, const char *final, wire_result *r, strbuf *fonts) {
  const bat_entry *prev = rc->opt->force ? NULL : entries_find(rc->previous, job->path);
  struct stat sb;
  if (!prev || !job->fingerprint[0] || strcmp(prev->fingerprint, job->fingerprint) != 0 ||
      lstat(final, &sb) != 0 || !S_ISREG(sb.st_mode) || (uint64_t)sb.st_size != prev->bytes)
    return false;
  diag_sink *quiet = diag_new(NULL, 1);
  bool same = bat_file_digest(final, &r->bytes, &r->pages, r->sha256, quiet) && strcmp(r->sha256, prev->sha256) == 0;
  diag_free(quiet);
  if (same) strbuf_append(fonts, prev->fonts); /* what the document was set with when it was made */
  return same;
}

/* Calls produce() and holds it to its contract: a document with errors is not kept, a document
 * error names its reason, a system error says which call failed where. */
static bat_doc_result produce_checked(const pool_ctx *rc, const bat_job *job, const char *final, wire_result *r,
                                      strbuf *fonts, diag_sink *jd) {
  bat_doc_result res = rc->opt->produce(rc->opt->ctx, job, final, fonts, jd);
  if (res.kind == BAT_DOC_OK && diag_error_count(jd) > 0) {
    unlink(final); /* succeeded with errors: do not keep it */
    res = bat_doc_error();
  }
  if (res.kind == BAT_DOC_OK && res.digested) { /* hashed as it was written (issue 24) */
    r->bytes = res.bytes, r->pages = res.pages;
    memcpy(r->sha256, res.sha256, sizeof r->sha256);
  } else if (res.kind == BAT_DOC_OK && !bat_file_digest(final, &r->bytes, &r->pages, r->sha256, jd)) {
    res = bat_doc_system(errno, final); /* reported; the file just written cannot be read back */
  }
  if (res.kind == BAT_DOC_OK) return res;
  if (res.kind != BAT_DOC_SYSTEM) res.kind = BAT_DOC_ERROR; /* only batch says crash */
  if (res.kind == BAT_DOC_ERROR && diag_error_count(jd) == 0)
    diag_error(jd, ((src_loc){job->path, 0, 0, job->applicant && job->applicant[0] ? job->applicant : NULL}),
               L("the document was not produced and no reason was given (a fault in yinfa: please report it)",
                 "文书未能生成，且未给出原因（这是 yinfa 的缺陷，请报告）"));
  if (res.kind == BAT_DOC_SYSTEM && diag_error_count(jd) == 0)
    diag_error(jd, ((src_loc){res.path[0] ? res.path : final, 0, 0, NULL}), L("cannot write file: %s", "无法写入文件：%s"),
               lang_strerror(res.err));
  return res;
}

static void do_job(const pool_ctx *rc, size_t index, int fd) {
  const bat_job *job = &rc->jobs[index];
  wire_result r = {.job = (uint32_t)index};
  bat_doc_result res = bat_doc_ok();
  diag_sink *jd = diag_new_like(rc->diag, NULL, 1000);
  strbuf fonts;
  strbuf_init(&fonts);
  char *final = folder_join(rc->outdir, job->path);

  /* The folder first, refusing any symbolic link on the way: a link planted at
   * applicants/<id> must not send this document (or a resume check) outside the folder. The
   * output folder is the machine's side: any refusal here is a system error. */
  const char *slash = strrchr(job->path, '/');
  char *rel_dir = xstrndup(job->path, slash ? (size_t)(slash - job->path) : 0);
  int dfd = folder_open_dir(rc->root, rc->outdir, rel_dir, true, jd);
  int derr = errno;
  if (dfd < 0) {
    char *shown = folder_join(rc->outdir, rel_dir);
    res = bat_doc_system(derr, shown);
    free(shown);
  } else {
    close(dfd);
  }
  free(rel_dir);

  if (res.kind == BAT_DOC_OK && unchanged(rc, job, final, &r, &fonts)) {
    r.outcome = OUT_SKIPPED;
  } else if (res.kind == BAT_DOC_OK && (res = produce_checked(rc, job, final, &r, &fonts, jd)).kind == BAT_DOC_OK) {
    r.outcome = OUT_PRODUCED;
    for (size_t i = 0; i < fonts.len; i++) /* one manifest line per document */
      if (fonts.data[i] == '\n' || fonts.data[i] == '\r') fonts.data[i] = ' ';
  } else {
    r.outcome = OUT_FAILED;
    r.kind = (int32_t)res.kind;
    r.err = res.err;
    strbuf_reset(&fonts);
    remove_own_temps(final);
  }
  send_result(fd, &r, diag_text(jd), strbuf_str(&fonts), res.kind == BAT_DOC_SYSTEM ? res.path : "");
  strbuf_release(&fonts);
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

static _Noreturn void worker_main(const pool_ctx *rc, int slot, int fd) {
  for (bool stop = false; !stop;) {
    size_t b = atomic_load(&rc->shared->stop) ? rc->bundle_count : atomic_fetch_add(&rc->shared->next, 1);
    if (b >= rc->bundle_count) break;
    for (size_t i = rc->bundle_start[b]; i < rc->bundle_start[b + 1] && !stop; i++) {
      atomic_store(&rc->shared->started[slot], bat_now_seconds());
      atomic_store(&rc->shared->current[slot], rc->todo[i] + 1);
      do_job(rc, rc->todo[i], fd);
      atomic_store(&rc->shared->current[slot], 0);
      stop = atomic_load(&rc->shared->stop); /* after a system error: the rest is not attempted */
    }
  }
  wire_result mem = {.job = UINT32_MAX, .outcome = OUT_MEMORY, .pages = (uint64_t)private_kib()};
  send_result(fd, &mem, "", "", "");
  close(fd);
  _exit(0); /* not exit(): the parent's stdio buffers and atexit handlers are not ours */
}

bool pool_spawn(const pool_ctx *rc, pool_worker *w, int slot, const pool_worker *all, int nall, diag_sink *diag) {
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
    for (int k = 0; k < POOL_NSTOP; k++) signal(POOL_STOP_SIGNALS[k], SIG_DFL); /* the parent stops them */
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
