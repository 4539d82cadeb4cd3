/* String → pointer map: open addressing with linear probing on FNV-1a; see strmap.h. */
#include "core/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

static size_t hash_str(const char *s) {
  uint64_t h = 14695981039346656037u; /* FNV-1a, 64 bits */
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
  return (size_t)h;
}

/* The slot holding 'key', or the empty slot where it would go. */
static size_t slot_of(strmap *m, const char *key) {
  size_t mask = m->cap - 1, i = hash_str(key) & mask;
  while (m->keys[i]) {
    m->compares++;
    if (strcmp(m->keys[i], key) == 0) break;
    i = (i + 1) & mask;
  }
  return i;
}

void *strmap_get(strmap *m, const char *key) {
  if (!m->cap) return NULL;
  size_t i = slot_of(m, key);
  return m->keys[i] ? m->values[i] : NULL;
}

/* At most half full, so that a probe sequence stays short. */
static void grow(strmap *m) {
  strmap bigger = {0};
  bigger.cap = m->cap ? m->cap * 2 : 64;
  if (bigger.cap > SIZE_MAX / 2 / sizeof(void *)) xoom();
  bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
  bigger.values = xcalloc(bigger.cap, sizeof *bigger.values);
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->keys[i]) continue;
    size_t j = hash_str(m->keys[i]) & (bigger.cap - 1);
    while (bigger.keys[j]) j = (j + 1) & (bigger.cap - 1); /* the keys are distinct */
    bigger.keys[j] = m->keys[i], bigger.values[j] = m->values[i];
  }
  bigger.count = m->count;
  bigger.compares = m->compares;
  free(m->keys);
  free(m->values);
  *m = bigger;
}

bool strmap_put(strmap *m, const char *key, void *value) {
  if (2 * (m->count + 1) > m->cap) grow(m);
  size_t i = slot_of(m, key);
  if (m->keys[i]) return false;
  m->keys[i] = key, m->values[i] = value, m->count++;
  return true;
}

void strmap_release(strmap *m) {
  free(m->keys);
  free(m->values);
  *m = (strmap){0};
}
