/* arena: bump allocator that owns everything made for one input document (records, AST,
 * strings); arena_free() releases it all at once. Not thread-safe. */
#ifndef YINFA_CORE_ARENA_H
#define YINFA_CORE_ARENA_H

#include <stddef.h>

typedef struct arena arena;

arena *arena_new(void);
void arena_free(arena *a);
/* Zeroed, aligned for any type; valid until arena_free(). */
void *arena_alloc(arena *a, size_t n);
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);

#endif
