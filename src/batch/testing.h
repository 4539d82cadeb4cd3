/* Test helpers of the batch tests (batch_test.c, folder_test.c, manifest_test.c): a temporary
 * folder per test and small file reads and writes inside it. Not part of the library. */
#ifndef YINFA_BATCH_TESTING_H
#define YINFA_BATCH_TESTING_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "core/strbuf.h"
#include "core/xmalloc.h"

/* A new empty folder under /tmp named after 'test' (yinfa-TEST-test.XXXXXX); caller frees. */
static inline char *test_tmpdir(const char *test) {
  char tmpl[96];
  snprintf(tmpl, sizeof tmpl, "/tmp/yinfa-%s-test.XXXXXX", test);
  char *d = mkdtemp(tmpl);
  if (!d) abort();
  return xstrdup(d);
}

/* Removes 'dir' and everything in it (the string stays the caller's). */
static inline void rm_rf(const char *dir) {
  char *cmd = NULL;
  if (asprintf(&cmd, "rm -rf '%s'", dir) < 0) abort();
  if (system(cmd) != 0) printf("  (could not remove %s)\n", dir);
  free(cmd);
}

/* "dir/rel", malloc'd. */
static inline char *path_in(const char *dir, const char *rel) {
  char *p = NULL;
  if (asprintf(&p, "%s/%s", dir, rel) < 0) abort();
  return p;
}

/* The whole of dir/rel (malloc'd), NULL when it cannot be read. */
static inline char *slurp(const char *dir, const char *rel) {
  char *p = path_in(dir, rel);
  strbuf b;
  strbuf_init(&b);
  bool ok = strbuf_append_file(&b, p);
  free(p);
  if (!ok) {
    strbuf_release(&b);
    return NULL;
  }
  return strbuf_detach(&b);
}

/* Writes 'text' to dir/rel, replacing it. */
static inline void write_text(const char *dir, const char *rel, const char *text) {
  char *p = path_in(dir, rel);
  FILE *f = fopen(p, "wb");
  if (f) {
    fputs(text, f);
    fclose(f);
  }
  free(p);
}

/* True when dir/rel exists. */
static inline bool exists(const char *dir, const char *rel) {
  char *p = path_in(dir, rel);
  struct stat sb;
  bool ok = stat(p, &sb) == 0;
  free(p);
  return ok;
}

/* Size of dir/rel in bytes, -1 when it does not exist. */
static inline off_t size_of(const char *dir, const char *rel) {
  char *p = path_in(dir, rel);
  struct stat sb;
  off_t n = stat(p, &sb) == 0 ? sb.st_size : -1;
  free(p);
  return n;
}

#endif
