/* The output folder as a closed space: one run at a time (flock on .yinfa.lock), folders inside
 * it opened component by component with O_NOFOLLOW so no symbolic link leads a write or a verify
 * outside, and a temporary-file sweep that only touches names this run's documents could have. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch/batch_private.h"
#include "core/lang.h"
#include "core/xmalloc.h"

bool folder_path_is_safe(const char *p) {
  if (!p || !*p || p[0] == '/') return false;
  for (const char *s = p; *s;) {
    const char *e = strchr(s, '/');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.')) return false;
    if (s[0] == '.' && strstr(s, ".tmp-") && (!e || strstr(s, ".tmp-") < e)) return false;
    if (n > 255) return false; /* NAME_MAX: the reader refuses such values first, with their line */
    s += n + (e ? 1 : 0);
  }
  return true;
}

bool folder_path_is_reserved(const char *p) {
  for (const char *s = p; *s;) {
    if (*s == '.') return true;
    const char *e = strchr(s, '/');
    if (!e) break;
    s = e + 1;
  }
  size_t n = strlen(p);
  return !strchr(p, '/') && strncasecmp(p, "manifest", 8) == 0 && n >= 12 && strcasecmp(p + n - 4, ".csv") == 0;
}

/* ---- the lock ---- */

static void describe_holder(const char *text, char *out, size_t size) {
  long pid = 0;
  long long started = 0;
  if (sscanf(text, "%ld %lld", &pid, &started) != 2 || pid <= 0) {
    snprintf(out, size, "%s", L("an unknown process", "未知进程"));
    return;
  }
  time_t t = (time_t)started;
  struct tm tm;
  char when[32] = "?";
  if (localtime_r(&t, &tm)) strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
  snprintf(out, size, L("run PID %ld started %s", "进程号 %ld 于 %s 开始的运行"), pid, when);
}

int folder_lock(const char *outdir, const char *name, diag_sink *diag) {
  src_loc at = {outdir, 0, 0, NULL};
  char *path = NULL;
  if (asprintf(&path, "%s/%s", outdir, name) < 0) xoom();
  int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  free(path);
  if (fd < 0) {
    int err = errno;
    struct stat st;
    char target[PATH_MAX];
    ssize_t tn;
    if (err == ENOENT && lstat(outdir, &st) == 0 && S_ISLNK(st.st_mode) && stat(outdir, &st) != 0 &&
        (tn = readlink(outdir, target, sizeof target - 1)) > 0) {
      /* mkdir -p is satisfied by the link's name, so the first file inside is what fails */
      target[tn] = '\0';
      diag_error(diag, at,
                 L("the output folder is a link to %s, which does not exist: create that folder, "
                   "or remove the link, or give another output folder",
                   "输出文件夹是指向 %s 的链接，而该处不存在：请先建好那个文件夹，或删去这个链接，"
                   "或换一个输出文件夹"),
                 target);
      return -1;
    }
    diag_error(diag, at, L("cannot open the lock file %s: %s", "无法打开锁文件 %s：%s"), name,
               lang_strerror(err));
    return -1;
  }
  char text[128] = "";
  ssize_t n = pread(fd, text, sizeof text - 1, 0);
  text[n > 0 ? n : 0] = '\0';
  char who[160];
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    /* The holder may have written its line a moment after taking the lock. */
    n = pread(fd, text, sizeof text - 1, 0);
    text[n > 0 ? n : 0] = '\0';
    describe_holder(text, who, sizeof who);
    if (err == EWOULDBLOCK)
      diag_error(diag, at,
                 L("the folder is in use by %s; two runs into one folder would mix their documents: "
                   "wait for it to finish or choose another output folder",
                   "该文件夹正被%s使用；两次运行写入同一文件夹会混杂文书：请等待其结束或换用其他输出文件夹"),
                 who);
    else
      diag_error(diag, at, L("cannot lock the output folder: %s", "无法锁定输出文件夹：%s"), lang_strerror(err));
    close(fd);
    return -1;
  }
  if (text[0]) { /* a clean run empties the file: a line left means its run was killed */
    describe_holder(text, who, sizeof who);
    diag_report(diag, DIAG_NOTE, at,
                L("took over the lock of %s, which ended without finishing",
                  "接管了%s留下的锁（该运行未正常结束）"),
                who);
  }
  char line[64];
  int len = snprintf(line, sizeof line, "%ld %lld\n", (long)getpid(), (long long)time(NULL));
  if (ftruncate(fd, 0) != 0 || pwrite(fd, line, (size_t)len, 0) != len) {
    diag_error(diag, at, L("cannot write the lock file %s: %s", "无法写入锁文件 %s：%s"), name,
               lang_strerror(errno));
    close(fd);
    return -1;
  }
  return fd;
}

void folder_unlock(int fd) {
  if (fd < 0) return;
  if (ftruncate(fd, 0) != 0) {
    /* the next run then only says it took the lock over */
  }
  close(fd);
}

bool folder_busy(const char *outdir, char *who, size_t size) {
  DIR *d = opendir(outdir);
  bool busy = false;
  for (struct dirent *de; d && !busy && (de = readdir(d)) != NULL;) {
    size_t n = strlen(de->d_name);
    if (strncmp(de->d_name, ".yinfa", 6) != 0 || n < 11 || strcmp(de->d_name + n - 5, ".lock") != 0) continue;
    char *path = NULL;
    if (asprintf(&path, "%s/%s", outdir, de->d_name) < 0) xoom();
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    free(path);
    if (fd < 0) continue;
    busy = flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    if (busy) {
      char text[128];
      ssize_t r = pread(fd, text, sizeof text - 1, 0);
      text[r > 0 ? r : 0] = '\0';
      describe_holder(text, who, size);
    }
    close(fd);
  }
  if (d) closedir(d);
  return busy;
}

/* ---- opening without following links ---- */

static void report_link(diag_sink *diag, const char *outdir, const char *rel, size_t len, int err) {
  char *shown = NULL;
  if (asprintf(&shown, "%s/%.*s", outdir, (int)len, rel) < 0) xoom();
  if (err == ELOOP || err == ENOTDIR)
    diag_error(diag, ((src_loc){shown, 0, 0, NULL}),
               L("is a symbolic link or not a folder; yinfa never writes or reads through a link inside "
                 "the output folder: remove it",
                 "是符号链接或不是文件夹；yinfa 从不经由输出文件夹内的链接读写：请删除它"));
  else
    diag_error(diag, ((src_loc){shown, 0, 0, NULL}), L("cannot open folder: %s", "无法打开文件夹：%s"),
               lang_strerror(err));
  free(shown);
}

int folder_open_dir(int root, const char *outdir, const char *rel_dir, bool create, diag_sink *diag) {
  int fd = dup(root);
  if (fd < 0) {
    report_link(diag, outdir, "", 0, errno);
    return -1;
  }
  for (const char *s = rel_dir; *s;) {
    const char *e = strchr(s, '/');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    char *part = xstrndup(s, n);
    if (create && mkdirat(fd, part, 0777) != 0 && errno != EEXIST) {
      int err = errno;
      free(part);
      close(fd);
      report_link(diag, outdir, rel_dir, (size_t)(s - rel_dir) + n, err);
      errno = err;
      return -1;
    }
    int next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int err = errno;
    free(part);
    close(fd);
    if (next < 0) {
      report_link(diag, outdir, rel_dir, (size_t)(s - rel_dir) + n, err);
      errno = err;
      return -1;
    }
    fd = next;
    s += n + (e ? 1 : 0);
  }
  return fd;
}

int folder_open_file(int root, const char *rel, int *err) {
  const char *slash = strrchr(rel, '/');
  int dir = root;
  if (slash) {
    char *d = xstrndup(rel, (size_t)(slash - rel));
    diag_sink *quiet = diag_new(NULL, 1);
    dir = folder_open_dir(root, "", d, false, quiet);
    *err = errno;
    diag_free(quiet);
    free(d);
    if (dir < 0) return -1;
  }
  int fd = openat(dir, slash ? slash + 1 : rel, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  *err = errno;
  if (dir != root) close(dir);
  return fd;
}

/* ---- temporary files ---- */

bool folder_temp_name(const char *name, const char **base_end, long *pid) {
  /* ".NAME.tmp-PID-N" as made by outfile_temp_path() */
  if (name[0] != '.') return false;
  const char *last = strstr(name, ".tmp-"); /* the last ".tmp-": NAME may contain one */
  if (!last) return false;
  for (const char *s; (s = strstr(last + 1, ".tmp-")) != NULL;) last = s;
  char *end;
  *pid = strtol(last + 5, &end, 10);
  if (end == last + 5 || *end != '-') return false;
  const char *n = end + 1;
  if (!*n || strspn(n, "0123456789") != strlen(n)) return false;
  *base_end = last;
  return true;
}

/* ---- the folders of the run and their stale temporary files ---- */

/* A killed run's workers can linger as zombies (reparented, not yet reaped): those are dead. */
static bool process_alive(long pid) {
  if (pid <= 0 || (kill((pid_t)pid, 0) != 0 && errno != EPERM)) return false;
  char name[64], buf[256];
  snprintf(name, sizeof name, "/proc/%ld/stat", pid);
  FILE *f = fopen(name, "r");
  if (!f) return true;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  const char *paren = strrchr(buf, ')'); /* "PID (comm) STATE ..." */
  return !(paren && paren[1] == ' ' && (paren[2] == 'Z' || paren[2] == 'X'));
}

static int compare_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Removes from the open folder 'dfd' the temporary files of a dead run: only names made by
 * outfile_temp_path() for one of 'bases' (the file names this run writes), so files of the
 * user's that merely look like temporary names are left alone. */
static void sweep_temps(int dfd, char *const *bases, size_t nbases, bool sharded) {
  int d2 = dup(dfd);
  DIR *d = d2 >= 0 ? fdopendir(d2) : NULL;
  if (!d) {
    if (d2 >= 0) close(d2);
    return;
  }
  /* the dup shares the directory's read position: a second sweep through the same 'dfd' (the
   * root, after a stopped run) would start where the first ended and see nothing */
  rewinddir(d);
  for (struct dirent *de; (de = readdir(d)) != NULL;) {
    const char *end;
    long pid;
    if (!folder_temp_name(de->d_name, &end, &pid)) continue;
    char *base = xstrndup(de->d_name + 1, (size_t)(end - de->d_name - 1));
    bool ours = bsearch(&base, bases, nbases, sizeof *bases, compare_str) != NULL;
    free(base);
    struct stat sb;
    if (!ours || fstatat(dfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(sb.st_mode)) continue;
    /* Shards of one run may share the folder from other machines, where a PID means nothing:
     * there only files untouched for an hour are stale. */
    bool old = time(NULL) - sb.st_mtime > 3600;
    if (old || (!process_alive(pid) && !sharded)) unlinkat(dfd, de->d_name, 0);
  }
  closedir(d);
}

/* Every folder this run writes into, created and checked (no symbolic link on the way), each
 * swept of stale temporary files; the root folder too. False after reporting a refused folder. */
bool folder_prepare(int root, const char *outdir, const bat_job *jobs, const size_t *order,
                            size_t count, const bat_options *opt, diag_sink *diag) {
  char **bases = xmalloc((count + 8) * sizeof *bases);
  size_t nb = 0;
  for (size_t i = 0; i < count; i++) {
    const char *slash = strrchr(jobs[i].path, '/');
    bases[nb++] = xstrdup(slash ? slash + 1 : jobs[i].path);
  }
  static const char *const own[] = {"manifest.csv", ".manifest.journal", ".yinfa-probe"};
  for (size_t i = 0; i < sizeof own / sizeof *own; i++) bases[nb++] = xstrdup(own[i]);
  if (opt->shard_count > 1) {
    if (asprintf(&bases[nb++], "manifest-%d-of-%d.csv", opt->shard_index, opt->shard_count) < 0 ||
        asprintf(&bases[nb++], ".manifest-%d-of-%d.journal", opt->shard_index, opt->shard_count) < 0)
      xoom();
  }
  qsort(bases, nb, sizeof *bases, compare_str);
  bool sharded = opt->shard_count > 1, ok = true;
  int refused = 0;
  sweep_temps(root, bases, nb, sharded);
  const char *last = NULL;
  size_t last_len = 0;
  for (size_t i = 0; i < count; i++) {
    const bat_job *j = &jobs[order[i]];
    if (sharded && bat_shard_of(j, opt->shard_count) != opt->shard_index) continue;
    if (!bat_job_selected(opt, j)) continue; /* --only, --group: no empty folders */
    const char *slash = strrchr(j->path, '/');
    size_t len = slash ? (size_t)(slash - j->path) : 0;
    if (len == 0 || (last && len == last_len && memcmp(last, j->path, len) == 0)) continue;
    last = j->path; /* sorted paths keep a folder's files together */
    last_len = len;
    char *rel = xstrndup(j->path, len);
    int fd = folder_open_dir(root, outdir, rel, true, diag);
    free(rel);
    if (fd < 0) {
      ok = false;
      if (++refused >= 20) break;
      continue;
    }
    sweep_temps(fd, bases, nb, sharded);
    close(fd);
  }
  for (size_t i = 0; i < nb; i++) free(bases[i]);
  free(bases);
  return ok;
}

/* Documents in the folder that this run does not make (an applicant removed from the round):
 * files listed by an earlier manifest, or PDFs named like one of this run's documents. They are
 * reported, and removed with opt->prune. */
typedef struct {
  const bat_job *jobs;
  const size_t *order;
  size_t count;
  const bat_entries *previous;
  const char *outdir;
  size_t root_len;
  char **bases;
  size_t nbases;
  bool prune;
  size_t found;
  diag_sink *diag;
} stale_walk;
/* The name of a document (.pdf, .ofd, and its .docx and .html) without its extension, malloc'd;
 * NULL for any other file. */
static char *document_stem(const char *base) {
  size_t n = strlen(base);
  if (n > 4 && (strcmp(base + n - 4, ".pdf") == 0 || strcmp(base + n - 4, ".ofd") == 0))
    return xstrndup(base, n - 4);
  if (n > 5 && (strcmp(base + n - 5, ".docx") == 0 || strcmp(base + n - 5, ".html") == 0))
    return xstrndup(base, n - 5);
  return NULL;
}

/* bsearch() key for a path among the jobs in 'order' (bsearch has no context argument). */
typedef struct {
  const char *path;
  const bat_job *jobs;
} job_key;

static int compare_job_key(const void *key, const void *item) {
  const job_key *k = key;
  return strcmp(k->path, k->jobs[*(const size_t *)item].path);
}

static void find_stale(void *ctx, const char *path, const char *rel, int level) {
  (void)level;
  stale_walk *w = ctx;
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  job_key key = {rel, w->jobs};
  if (bsearch(&key, w->order, w->count, sizeof *w->order, compare_job_key)) return;
  const bat_entry *prev = entries_find(w->previous, rel);
  /* named like one of this run's documents in any page format: after `formats = pdf, ofd` became
   * `pdf`, the .ofd files are an earlier run's even when no manifest lists them any more */
  char *stem = document_stem(base);
  bool named_like_ours = stem && bsearch(&stem, w->bases, w->nbases, sizeof *w->bases, compare_str) != NULL;
  free(stem);
  if (!prev && !named_like_ours) return;
  src_loc at = {rel, 0, 0, prev && prev->applicant[0] ? prev->applicant : NULL};
  w->found++;
  if (w->prune) {
    if (unlink(path) == 0) {
      char *dir = xstrndup(path, slash ? (size_t)(slash - path) : 0);
      rmdir(dir); /* only when it is now empty */
      free(dir);
      if (w->found <= 20)
        diag_report(w->diag, DIAG_NOTE, at, L("removed: this round no longer makes it (--prune)",
                                              "已删除：本轮不再生成此文书（--prune）"));
    } else {
      diag_error(w->diag, at, L("cannot remove: %s", "无法删除：%s"), lang_strerror(errno));
    }
  } else if (w->found <= 20) {
    diag_warning(w->diag, at,
                 L("left from an earlier run: this round no longer makes it (an applicant removed?); "
                   "`yinfa run --prune` removes it",
                   "为早先运行所留：本轮不再生成此文书（申报单位已移除？）；`yinfa run --prune` 可删除"));
  }
}

bool folder_walk_files(const char *root, folder_file_fn each, void *ctx) {
  char *roots[] = {(char *)root, NULL};
  FTS *fts = fts_open(roots, FTS_PHYSICAL | FTS_NOCHDIR, NULL);
  if (!fts) return false;
  size_t root_len = strlen(root);
  for (FTSENT *e; (e = fts_read(fts)) != NULL;) {
    if (e->fts_level > 0 && e->fts_name[0] == '.') {
      if (e->fts_info == FTS_D) fts_set(fts, e, FTS_SKIP);
      continue;
    }
    if (e->fts_info != FTS_F || e->fts_level == 0) continue;
    const char *rel = e->fts_path + root_len;
    while (*rel == '/') rel++;
    each(ctx, e->fts_path, rel, (int)e->fts_level);
  }
  fts_close(fts);
  return true;
}

size_t folder_report_stale(const char *outdir, const bat_job *jobs, const size_t *order, size_t count,
                           const bat_entries *previous, bool prune, diag_sink *diag) {
  stale_walk w = {jobs, order, count, previous, outdir, strlen(outdir), NULL, 0, prune, 0, diag};
  w.bases = xmalloc((count ? count : 1) * sizeof *w.bases);
  for (size_t i = 0; i < count; i++) {
    const char *slash = strrchr(jobs[i].path, '/');
    const char *b = slash ? slash + 1 : jobs[i].path;
    char *stem = document_stem(b);
    if (stem) w.bases[w.nbases++] = stem;
  }
  qsort(w.bases, w.nbases, sizeof *w.bases, compare_str);
  folder_walk_files(outdir, find_stale, &w);
  for (size_t i = 0; i < w.nbases; i++) free(w.bases[i]);
  free(w.bases);
  if (w.found > 20)
    diag_report(diag, DIAG_NOTE, ((src_loc){outdir, 0, 0, NULL}),
                prune ? L("%zu documents in all were removed", "共删除 %zu 份文书")
                      : L("%zu documents in all are left from an earlier run", "共有 %zu 份文书为早先运行所留"),
                w.found);
  return w.found;
}

/* Reads every manifest*.csv of the folder and then the journal: what earlier runs finished. */
void folder_load_previous(const char *outdir, const char *journal, bat_entries *prev, diag_sink *diag) {
  DIR *d = opendir(outdir);
  char **names = NULL;
  size_t n = 0, cap = 0;
  for (struct dirent *de; d && (de = readdir(d)) != NULL;) {
    size_t len = strlen(de->d_name);
    if (strncmp(de->d_name, "manifest", 8) == 0 && len >= 12 && strcmp(de->d_name + len - 4, ".csv") == 0) {
      names = xgrow(names, &cap, n + 1, sizeof *names);
      names[n++] = folder_join(outdir, de->d_name);
    }
  }
  if (d) closedir(d);
  for (size_t i = 0; i < n; i++) {
    manifest_read(names[i], prev, true, false, diag);
    free(names[i]);
  }
  free(names);
  manifest_read(journal, prev, true, false, diag);
  entries_sort_unique(prev);
}

/* A folder that holds another round's documents (another program, another year) is not this
 * run's to overwrite: most of what its manifest lists is not made by this run, while a re-run of
 * the same round after removing some applicants keeps most of its paths. Refused before anything
 * is written unless the caller prunes, which replaces the old round on purpose. */
bool folder_holds_another_round(const char *outdir, const bat_entries *previous, const bat_job *jobs,
                                const size_t *order, size_t count, const bat_options *opt, diag_sink *diag) {
  if (opt->prune || bat_partial(opt) || opt->shard_count > 1) return false;
  const bat_entries seen = *previous;
  /* both sorted by path: one merge walk */
  size_t kept = 0, i = 0, k = 0;
  const char *example = NULL;
  while (i < seen.count) {
    int c = k < count ? strcmp(seen.items[i].path, jobs[order[k]].path) : -1;
    if (c == 0) kept++, i++, k++;
    else if (c > 0) k++;
    else {
      if (!example) example = seen.items[i].path;
      i++;
    }
  }
  size_t other = seen.count - kept;
  bool refuse = seen.count >= 2 && other > kept;
  if (refuse)
    diag_error(diag, ((src_loc){outdir, 0, 0, NULL}),
               L("the folder holds the documents of another round: %zu of the %zu its manifest lists (such as "
                 "%s) are not made by this run; choose an empty folder for this round, or run with --prune to "
                 "replace that round's documents with this one's",
                 "该文件夹存放的是另一批次的文书：其清单所列文书中有 %zu 份（共 %zu 份，如 %s）不由本次运行生成；"
                 "请为本批次另选一个空文件夹，或加 --prune 以本批次的文书替换该批次的文书"),
               other, seen.count, example ? example : "?");
  return refuse;
}

char *folder_join(const char *dir, const char *rel) {
  size_t a = strlen(dir), b = strlen(rel);
  char *s = xmalloc(a + b + 2);
  memcpy(s, dir, a);
  s[a] = '/';
  memcpy(s + a + 1, rel, b + 1);
  return s;
}
