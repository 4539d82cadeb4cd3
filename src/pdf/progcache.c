/* progcache: a worker's font programs, deflated, by the subset and glyph set they were cut for
 * (pdf_cache.progs). Documents of one kind repeat most of their glyph sets — a review form's title,
 * heading and narrow fonts are the same in every form (issue 24: 70 % hits) — and a program is
 * a pure function of its subset and glyphs, so the bytes are cut and deflated once. The cache is
 * bounded (PDF_PROG_CACHE entries, the oldest replaced) and lives as long as the worker. */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "pdf/pdf_private.h"

static void entry_free(pdf_prog *e) {
  free(e->glyphs);
  free(e->z);
  free(e->cids);
  memset(e, 0, sizeof *e);
}

/* The glyphs marked in 'used', ascending: the key of a program. */
static uint32_t *glyph_list(const pdf_subset *sub, const unsigned char *used, size_t *n) {
  size_t k = 0;
  for (unsigned g = 0; g < sub->num_glyphs; g++) k += used[g] != 0;
  uint32_t *list = xmalloc((k ? k : 1) * sizeof *list);
  k = 0;
  for (unsigned g = 0; g < sub->num_glyphs; g++)
    if (used[g]) list[k++] = g;
  *n = k;
  return list;
}

/* Cuts and deflates the program of 'list' into entry 'e' (empty); false when the subset gave none. */
static bool build(pdf_cache *c, pdf_prog *e, const pdf_subset *sub, const unsigned char *used) {
  uint16_t *new_gid = xmalloc((sub->num_glyphs ? sub->num_glyphs : 1) * sizeof *new_gid);
  unsigned char *prog = NULL;
  e->len = pdf_program_build(sub, used, new_gid, &prog);
  free(new_gid);
  if (e->len == 0) {
    free(prog);
    return false;
  }
  if (sub->cff) /* the CIDSet lists the program's own CIDs */
    e->cids = pdf_cff_program_cids(prog, e->len, &e->ncids);
  e->z = pdf_deflate(c, prog, e->len, &e->zlen);
  if (!e->z) { /* stored as it is */
    e->z = prog, e->zlen = e->len, prog = NULL;
    e->raw = true;
  }
  free(prog);
  return true;
}

const pdf_prog *pdf_program_get(pdf_cache *c, const pdf_subset *sub, const unsigned char *used) {
  size_t n;
  uint32_t *list = glyph_list(sub, used, &n);
  for (size_t i = 0; i < c->nprog; i++) {
    pdf_prog *e = &c->progs[i];
    if (e->sub == sub && e->nglyphs == n && !memcmp(e->glyphs, list, n * sizeof *list)) {
      free(list);
      return e;
    }
  }
  if (c->nprog < PDF_PROG_CACHE) {
    c->next = c->nprog++;
  } else {
    c->next = (c->next + 1) % PDF_PROG_CACHE;
    entry_free(&c->progs[c->next]);
  }
  pdf_prog *e = &c->progs[c->next];
  e->sub = sub, e->glyphs = list, e->nglyphs = n;
  if (!build(c, e, sub, used)) {
    entry_free(e);
    e->sub = NULL; /* matches no subset: the slot is reused as it is */
    return NULL;
  }
  return e;
}

void pdf_program_cache_release(pdf_cache *c) {
  for (size_t i = 0; i < c->nprog; i++) entry_free(&c->progs[i]);
  c->nprog = c->next = 0;
}
