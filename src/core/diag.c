/* Messages follow compiler convention so editors can jump to them; see GUIDE.md section 4. */
#include "core/diag.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
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
  char *item_en, *item_zh; /* what an item of the round is called here; NULL: the default */
};

diag_sink *diag_new(FILE *out, int max_messages) {
  diag_sink *d = xcalloc(1, sizeof *d);
  d->out = out;
  d->max_messages = max_messages > 0 ? max_messages : 200;
  strbuf_init(&d->text);
  pthread_mutex_init(&d->lock, NULL);
  return d;
}

diag_sink *diag_new_like(const diag_sink *model, FILE *out, int max_messages) {
  diag_sink *d = diag_new(out, max_messages);
  if (model) diag_set_item_noun(d, model->item_en, model->item_zh);
  return d;
}

void diag_free(diag_sink *d) {
  if (!d) return;
  free(d->item_en);
  free(d->item_zh);
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

/* Appends 's' with the characters that would act on a terminal instead of showing (C0 controls
 * but new line and tab, DEL, C1 controls such as NEL and CSI, bidi overrides and isolates, line
 * and paragraph separators) written as <U+XXXX>: a message never reverses or breaks the line. So
 * are the invisible ones (zero-width space and joiners U+200B-U+200D, word joiner and invisible
 * operators U+2060-U+2064, U+FEFF, soft hyphen U+00AD): "魏都区" and "魏都区<U+200B>" must not look
 * the same in a message that says they differ. */
static void append_shown(strbuf *b, const char *s, bool keep_newlines) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned cp = 0;
    size_t n = 0;
    if (*p < 0x20 && !(keep_newlines && (*p == '\n' || *p == '\t'))) cp = *p, n = 1;
    else if (*p == 0x7F) cp = 0x7F, n = 1;
    else if (p[0] == 0xC2 && ((p[1] >= 0x80 && p[1] <= 0x9F) || p[1] == 0xAD)) cp = p[1], n = 2;
    else if (p[0] == 0xD8 && p[1] == 0x9C) cp = 0x061C, n = 2;
    else if (p[0] == 0xE2 && p[1] == 0x80 && p[2] &&
             ((p[2] >= 0x8B && p[2] <= 0x8F) || (p[2] >= 0xA8 && p[2] <= 0xAE)))
      cp = 0x2000 + (p[2] - 0x80), n = 3;
    else if (p[0] == 0xE2 && p[1] == 0x81 && ((p[2] >= 0xA6 && p[2] <= 0xA9) || (p[2] >= 0xA0 && p[2] <= 0xA4)))
      cp = 0x2040 + (p[2] - 0x80), n = 3;
    else if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) cp = 0xFEFF, n = 3;
    if (n) {
      strbuf_printf(b, "<U+%04X>", cp);
      p += n;
    } else {
      strbuf_putc(b, (char)*p++);
    }
  }
}

/* What an item of the round is called in messages; a program may name it (program.xml item=). */
void diag_set_item_noun(diag_sink *d, const char *en, const char *zh) {
  char *e = en && *en ? xstrdup(en) : NULL, *z = zh && *zh ? xstrdup(zh) : NULL;
  pthread_mutex_lock(&d->lock);
  free(d->item_en);
  free(d->item_zh);
  d->item_en = e;
  d->item_zh = z;
  pthread_mutex_unlock(&d->lock);
}

char *diag_format(const diag_sink *d, diag_level level, src_loc at, const char *msg) {
  const char *item_en = d && d->item_en ? d->item_en : "applicant";
  const char *item_zh = d && d->item_zh ? d->item_zh : "申报单位";
  strbuf b;
  strbuf_init(&b);
  if (at.path) {
    append_shown(&b, at.path, false);
    if (at.line > 0) strbuf_printf(&b, ":%d", at.line);
    if (at.line > 0 && at.col > 0) strbuf_printf(&b, ":%d", at.col);
    strbuf_append(&b, ": ");
  }
  strbuf_printf(&b, "%s: ", level_word(level));
  if (at.applicant) {
    strbuf_printf(&b, "%s ", L(item_en, item_zh));
    append_shown(&b, at.applicant, false);
    strbuf_append(&b, L(": ", "："));
  }
  append_shown(&b, msg, true);
  return strbuf_detach(&b);
}

/* Whether 'line' is already one of the printed lines (at most max_messages of them: asked only of
 * sinks that print, whose cap is a few hundred). */
static bool said_before(const diag_sink *d, const char *line) {
  size_t n = strlen(line);
  for (const char *p = d->text.len ? d->text.data : ""; (p = strstr(p, line)) != NULL; p += n)
    if ((p == d->text.data || p[-1] == '\n') && p[n] == '\n') return true;
  return false;
}

void diag_report(diag_sink *d, diag_level level, src_loc at, const char *fmt, ...) {
  char *msg;
  va_list ap;
  va_start(ap, fmt);
  if (vasprintf(&msg, fmt, ap) < 0) xoom();
  va_end(ap);
  pthread_mutex_lock(&d->lock);
  char *line = diag_format(d, level, at, msg);
  pthread_mutex_unlock(&d->lock);
  free(msg);

  pthread_mutex_lock(&d->lock);
  if (level == DIAG_ERROR) d->errors++;
  if (level == DIAG_WARNING) d->warnings++;
  if (d->out && said_before(d, line)) {
    /* the same words at the same place (one link inside the output folder met by every
     * document under it): counted, not printed again */
  } else if (d->printed < d->max_messages) {
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
