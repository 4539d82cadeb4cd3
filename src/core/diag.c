/* Messages follow compiler convention so editors can jump to them; see GUIDE.md section 4. */
#include "core/diag.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"

struct diag_sink {
  FILE *out;
  int max_messages, errors, warnings, printed;
  strbuf text;
  pthread_mutex_t lock;
};

diag_sink *diag_new(FILE *out, int max_messages) {
  diag_sink *d = xcalloc(1, sizeof *d);
  d->out = out;
  d->max_messages = max_messages > 0 ? max_messages : 200;
  strbuf_init(&d->text);
  pthread_mutex_init(&d->lock, NULL);
  return d;
}

void diag_free(diag_sink *d) {
  if (!d) return;
  strbuf_release(&d->text);
  pthread_mutex_destroy(&d->lock);
  free(d);
}

static const char *level_word(diag_level level) {
  switch (level) {
    case DIAG_ERROR: return L("error", "错误");
    case DIAG_WARNING: return L("warning", "警告");
    default: return L("note", "提示");
  }
}

char *diag_format(diag_level level, src_loc at, const char *msg) {
  strbuf b;
  strbuf_init(&b);
  if (at.path) {
    strbuf_append(&b, at.path);
    if (at.line > 0) strbuf_printf(&b, ":%d", at.line);
    if (at.line > 0 && at.col > 0) strbuf_printf(&b, ":%d", at.col);
    strbuf_append(&b, ": ");
  }
  strbuf_printf(&b, "%s: ", level_word(level));
  if (at.applicant) strbuf_printf(&b, L("applicant %s: ", "申报单位 %s："), at.applicant);
  strbuf_append(&b, msg);
  return strbuf_detach(&b);
}

void diag_report(diag_sink *d, diag_level level, src_loc at, const char *fmt, ...) {
  char *msg;
  va_list ap;
  va_start(ap, fmt);
  if (vasprintf(&msg, fmt, ap) < 0) xoom();
  va_end(ap);
  char *line = diag_format(level, at, msg);
  free(msg);

  pthread_mutex_lock(&d->lock);
  if (level == DIAG_ERROR) d->errors++;
  if (level == DIAG_WARNING) d->warnings++;
  if (d->printed < d->max_messages) {
    d->printed++;
    strbuf_append(&d->text, line);
    strbuf_append(&d->text, "\n");
    if (d->out) {
      fprintf(d->out, "%s\n", line);
      fflush(d->out);
    }
  } else if (d->printed == d->max_messages && d->out) {
    d->printed++;
    fprintf(d->out, "%s\n", L("(further messages suppressed)", "（其余消息从略）"));
  }
  pthread_mutex_unlock(&d->lock);
  free(line);
}

int diag_error_count(const diag_sink *d) { return d->errors; }
int diag_warning_count(const diag_sink *d) { return d->warnings; }
const char *diag_text(const diag_sink *d) { return d->text.len ? d->text.data : ""; }
