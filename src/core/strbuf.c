#include "core/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

void strbuf_init(strbuf *b) { *b = (strbuf){0}; }
void strbuf_release(strbuf *b) {
  free(b->data);
  *b = (strbuf){0};
}
void strbuf_reset(strbuf *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}

static void reserve(strbuf *b, size_t extra) {
  b->data = xgrow(b->data, &b->cap, b->len + extra + 1, 1);
}

void strbuf_append_n(strbuf *b, const char *s, size_t n) {
  reserve(b, n);
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void strbuf_append(strbuf *b, const char *s) { strbuf_append_n(b, s, strlen(s)); }
void strbuf_putc(strbuf *b, char c) { strbuf_append_n(b, &c, 1); }

void strbuf_vprintf(strbuf *b, const char *fmt, va_list ap) {
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (n < 0) return;
  reserve(b, (size_t)n);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void strbuf_printf(strbuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  strbuf_vprintf(b, fmt, ap);
  va_end(ap);
}

char *strbuf_detach(strbuf *b) {
  char *s = b->data ? b->data : xstrdup("");
  *b = (strbuf){0};
  return s;
}

const char *strbuf_str(const strbuf *b) { return b->data ? b->data : ""; }
