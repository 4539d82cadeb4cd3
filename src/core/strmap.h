/* strmap: a string → pointer map (open addressing on an FNV-1a hash, doubled at half full), so
 * that finding a row's applicant by its id or credit code costs the same in a round of 100 or of
 * 100,000 (a scan of the applicants so far made `yinfa import` quadratic). The map borrows its
 * keys and values (they must outlive it) and owns only its slots; zero-initialise it
 * (strmap m = {0}) and strmap_release() it. */
#ifndef YINFA_CORE_STRMAP_H
#define YINFA_CORE_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
  const char **keys;
  void **values;
  size_t cap, count;
  /* key comparisons (strcmp) made so far: read by the unit test, which checks that a lookup
   * costs a bounded number of them however large the map grows */
  size_t compares;
} strmap;

/* The value stored under 'key', or NULL. */
void *strmap_get(strmap *m, const char *key);
/* Stores 'value' under 'key' unless the key is there already (the first value keeps it): true
 * when stored. */
bool strmap_put(strmap *m, const char *key, void *value);
void strmap_release(strmap *m);

#endif
