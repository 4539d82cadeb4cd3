#include "core/strbuf.h"

#include <errno.h>
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
void strbuf_putc(strbuf *b, char c) {
  if (b->len + 1 < b->cap) { /* room for it and the NUL: a byte at a time costs no call to grow */
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    return;
  }
  strbuf_append_n(b, &c, 1);
}

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

bool strbuf_append_file(strbuf *b, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) strbuf_append_n(b, chunk, n);
  bool failed = ferror(f);
  fclose(f);
  if (failed) errno = EIO;
  return !failed;
}

/* A byte written as it is: not markup, and not a control character (XML 1.0 allows none but tab
 * and newline; the others are dropped). */
static bool plain_xml(unsigned char c) {
  return c >= 0x20 ? c != '&' && c != '<' && c != '>' && c != '"' && c != '\'' : c == '\t' || c == '\n';
}

void strbuf_append_xml_escaped(strbuf *b, const char *s) {
  for (;;) {
    const char *run = s; /* plain bytes go in one copy: an import writes 300 MB this way */
    while (plain_xml((unsigned char)*s)) s++;
    if (s > run) strbuf_append_n(b, run, (size_t)(s - run));
    if (!*s) return;
    switch (*s++) {
      case '&': strbuf_append(b, "&amp;"); break;
      case '<': strbuf_append(b, "&lt;"); break;
      case '>': strbuf_append(b, "&gt;"); break;
      case '"': strbuf_append(b, "&quot;"); break;
      case '\'': strbuf_append(b, "&apos;"); break;
      default: break; /* a control character: dropped */
    }
  }
}

char *strbuf_detach(strbuf *b) {
  char *s = b->data ? b->data : xstrdup("");
  *b = (strbuf){0};
  return s;
}

const char *strbuf_str(const strbuf *b) { return b->data ? b->data : ""; }
