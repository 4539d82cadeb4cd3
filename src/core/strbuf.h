/* strbuf: a growable NUL-terminated byte buffer. The struct owns 'data'. */
#ifndef YINFA_CORE_STRBUF_H
#define YINFA_CORE_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
  char *data; /* always NUL-terminated once anything was appended; NULL before */
  size_t len, cap;
} strbuf;

void strbuf_init(strbuf *b);
void strbuf_release(strbuf *b);
void strbuf_reset(strbuf *b);
void strbuf_append(strbuf *b, const char *s);
void strbuf_append_n(strbuf *b, const char *s, size_t n);
void strbuf_putc(strbuf *b, char c);
void strbuf_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(strbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Appends the whole file at 'path'. Returns false with errno set when it cannot be opened or
 * read (what was read before a read error stays appended). */
bool strbuf_append_file(strbuf *b, const char *path);
/* Appends 's' with & < > " ' written as XML entities and the control characters XML 1.0
 * forbids left out. */
void strbuf_append_xml_escaped(strbuf *b, const char *s);
/* Hands the bytes to the caller (free() them); the buffer is empty afterwards. Never NULL. */
char *strbuf_detach(strbuf *b);
/* The contents as a C string; "" when empty. Borrowed. */
const char *strbuf_str(const strbuf *b);

#endif
