/* Progress on stderr: an updating "done/total, documents/s, ETA" line on a terminal, a one-line
 * summary otherwise. The only code in batch/ that prints, and only to the FILE* it is given. */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "batch/batch_private.h"
#include "core/lang.h"
#include "core/xmalloc.h"

struct bat_progress {
  FILE *out;
  bat_progress_mode mode;
  bool live; /* draw the updating line */
  size_t total;
  double start, last_draw;
  bool drawn;
};

double bat_now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bat_progress *progress_new(FILE *out, bat_progress_mode mode, size_t total) {
  bat_progress *p = xcalloc(1, sizeof *p);
  p->out = mode == BAT_PROGRESS_QUIET ? NULL : out;
  p->mode = mode;
  p->live = p->out && mode == BAT_PROGRESS_AUTO && isatty(fileno(p->out));
  p->total = total;
  p->start = bat_now_seconds();
  return p;
}

static void draw(bat_progress *p, const bat_stats *s) {
  double now = bat_now_seconds(), elapsed = now - p->start;
  size_t done = s->produced + s->skipped + s->failed;
  double rate = elapsed > 0 ? (double)done / elapsed : 0;
  fprintf(p->out, "\r\033[K%zu/%zu", done, p->total);
  if (rate > 0) {
    long eta = (long)((double)(p->total - done) / rate + 0.5);
    fprintf(p->out, L(", %.1f documents/s, ETA %ld:%02ld", "，%.1f 份/秒，预计剩余 %ld:%02ld"), rate,
            eta / 60, eta % 60);
  }
  if (s->failed) fprintf(p->out, L(", %zu failed", "，%zu 份失败"), s->failed);
  fflush(p->out);
  p->last_draw = now;
  p->drawn = true;
}

void progress_tick(bat_progress *p, const bat_stats *s) {
  if (p->live && bat_now_seconds() - p->last_draw >= 0.2) draw(p, s);
}

void progress_step(bat_progress *p, const bat_stats *s, const char *verb, const char *path) {
  if (!p->out) return;
  if (p->mode == BAT_PROGRESS_VERBOSE) {
    fprintf(p->out, "%s %s\n", verb, path);
    return;
  }
  progress_tick(p, s);
}

void progress_clear(bat_progress *p) {
  if (!p || !p->drawn) return;
  fputs("\r\033[K", p->out);
  fflush(p->out);
  p->drawn = false;
}

void progress_finish(bat_progress *p, const bat_stats *s) {
  if (!p) return;
  if (p->out) {
    progress_clear(p);
    double rate = s->seconds > 0 ? (double)(s->produced + s->skipped) / s->seconds : 0;
    bool stopped = s->failure == BAT_FAIL_INTERRUPTED; /* by a signal: not made, not failed */
    fprintf(p->out,
            stopped ? L("%zu documents: %zu written, %zu unchanged, %zu not made (stopped); %llu pages, %.1f MB "
                        "in %.2f s (%.1f documents/s)\n",
                        "共 %zu 份文档：生成 %zu 份，未变 %zu 份，%zu 份未生成（已中止）；%llu 页，%.1f MB，"
                        "用时 %.2f 秒（%.1f 份/秒）\n")
                    : L("%zu documents: %zu written, %zu unchanged, %zu failed; %llu pages, %.1f MB in %.2f s "
                        "(%.1f documents/s)\n",
                        "共 %zu 份文档：生成 %zu 份，未变 %zu 份，失败 %zu 份；%llu 页，%.1f MB，用时 %.2f 秒"
                        "（%.1f 份/秒）\n"),
            s->total, s->produced, s->skipped, s->failed, (unsigned long long)s->pages,
            (double)s->bytes / 1e6, s->seconds, rate);
    if (p->mode == BAT_PROGRESS_VERBOSE && s->worker_peak_kib > 0)
      fprintf(p->out,
              L("peak memory of a worker process: %.1f MiB resident, %.1f MiB of its own\n",
                "单个工作进程内存峰值：常驻 %.1f MiB，独占 %.1f MiB\n"),
              (double)s->worker_peak_kib / 1024, (double)s->worker_private_kib / 1024);
    fflush(p->out);
  }
  free(p);
}
