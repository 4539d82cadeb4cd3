/* xmalloc: allocation that never returns NULL; out of memory prints and aborts (cmark's xcalloc). */
#ifndef YINFA_CORE_XMALLOC_H
#define YINFA_CORE_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows an array of 'elem' bytes per item to hold at least 'need' items; updates *cap. */
void *xgrow(void *p, size_t *cap, size_t need, size_t elem);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
_Noreturn void xoom(void);

#endif
