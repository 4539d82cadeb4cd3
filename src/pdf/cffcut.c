/* cffcut: a document's CID-keyed CFF font program cut straight from the run's subset (Adobe TN
 * #5176), instead of asking hb-subset for it per document (issue 24: 12-25 M instructions per
 * review form went into hb-subset parsing charstrings it only had to copy). The run subset is
 * already desubroutinized and hint-free (fonts.c), so a glyph's charstring stands alone: the cut
 * copies the used charstrings and writes a new Top DICT, charset, FDSelect and CharStrings INDEX;
 * the names, strings, global subrs, Font DICTs and Private DICTs are copied. Anything it does not
 * expect (local subrs, a name-keyed font, a damaged table) makes it give up, and the caller uses
 * hb-subset as before. */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "pdf/pdf_private.h"

static unsigned rd16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }

typedef struct {
  const unsigned char *p; /* the INDEX's first byte */
  size_t size;            /* bytes of the whole INDEX */
  unsigned count, off_size;
  const unsigned char *offs, *data; /* data: the byte before the first object (offsets are 1-based) */
} cff_idx;

static uint32_t rd_off(const unsigned char *p, unsigned n) {
  uint32_t v = 0;
  for (unsigned i = 0; i < n; i++) v = v << 8 | p[i];
  return v;
}

static bool read_index(const unsigned char *c, size_t len, size_t at, cff_idx *x) {
  memset(x, 0, sizeof *x);
  if (at + 2 > len) return false;
  x->p = c + at;
  x->count = rd16(c + at);
  if (x->count == 0) {
    x->size = 2;
    return true;
  }
  if (at + 3 > len) return false;
  x->off_size = c[at + 2];
  if (x->off_size < 1 || x->off_size > 4 || at + 3 + (size_t)(x->count + 1) * x->off_size > len) return false;
  x->offs = c + at + 3;
  x->data = x->offs + (size_t)(x->count + 1) * x->off_size - 1;
  uint32_t last = rd_off(x->offs + (size_t)x->count * x->off_size, x->off_size);
  if (rd_off(x->offs, x->off_size) != 1 || (size_t)(x->data - c) + last > len) return false;
  x->size = (size_t)(x->data - x->p) + last;
  return true;
}

/* Object i of an INDEX: its bytes and length. */
static bool index_obj(const cff_idx *x, unsigned i, const unsigned char **obj, size_t *n) {
  uint32_t a = rd_off(x->offs + (size_t)i * x->off_size, x->off_size);
  uint32_t b = rd_off(x->offs + (size_t)(i + 1) * x->off_size, x->off_size);
  if (a < 1 || b < a) return false;
  *obj = x->data + a, *n = b - a;
  return true;
}

/* One DICT entry from d[*i]: its operator (12 x as 1200 + x) and its last two integer operands. */
static bool dict_entry(const unsigned char *d, size_t len, size_t *i, unsigned *op, int32_t v[2]) {
  v[0] = v[1] = 0;
  while (*i < len) {
    unsigned b = d[*i];
    int32_t x;
    if (b <= 21) {
      if (b == 12) {
        if (*i + 1 >= len) return false;
        *op = 1200 + d[*i + 1], *i += 2;
      } else {
        *op = b, *i += 1;
      }
      return true;
    } else if (b == 28 && *i + 3 <= len) {
      x = (int16_t)rd16(d + *i + 1), *i += 3;
    } else if (b == 29 && *i + 5 <= len) {
      x = (int32_t)rd_off(d + *i + 1, 4), *i += 5;
    } else if (b == 30) {
      for (*i += 1; *i < len && (d[*i] & 0x0f) != 0x0f && (d[*i] >> 4) != 0x0f; *i += 1) {}
      *i += 1, x = 0;
    } else if (b >= 32 && b <= 246) {
      x = (int32_t)b - 139, *i += 1;
    } else if (b >= 247 && b <= 254 && *i + 2 <= len) {
      x = b <= 250 ? (int32_t)(b - 247) * 256 + d[*i + 1] + 108 : -(int32_t)(b - 251) * 256 - d[*i + 1] - 108;
      *i += 2;
    } else {
      return false;
    }
    v[0] = v[1], v[1] = x;
  }
  return false;
}

/* ---- Writing ---- */

static unsigned char *put16(unsigned char *p, unsigned v) {
  p[0] = (unsigned char)(v >> 8), p[1] = (unsigned char)v;
  return p + 2;
}
static unsigned char *put_off(unsigned char *p, uint32_t v, unsigned n) {
  for (unsigned i = 0; i < n; i++) p[i] = (unsigned char)(v >> (8 * (n - 1 - i)));
  return p + n;
}
/* An integer operand in its 5-byte form, so a DICT's size does not depend on the offsets in it. */
static unsigned char *put_int5(unsigned char *p, uint32_t v) {
  *p++ = 29;
  return put_off(p, v, 4);
}
static unsigned off_size_for(size_t max) { return max <= 0xff ? 1 : max <= 0xffff ? 2 : max <= 0xffffff ? 3 : 4; }
static size_t index_size(unsigned count, size_t data_len) {
  return count ? 3 + (size_t)(count + 1) * off_size_for(data_len + 1) + data_len : 2;
}

typedef struct {
  const unsigned char *c;
  size_t len;
  cff_idx name, top, strings, gsubrs, chars, fds;
  const unsigned char *top_dict;
  size_t top_len;
  uint32_t charset, charstrings, fdarray, fdselect;
  unsigned char *fd_of; /* per glyph of the source */
  unsigned *cid_of;     /* per glyph of the source */
} cff_src;

static bool read_fdselect(cff_src *s, unsigned ng) {
  const unsigned char *p = s->c + s->fdselect, *end = s->c + s->len;
  s->fd_of = xcalloc(ng ? ng : 1, 1);
  if (p >= end) return false;
  if (*p == 0) {
    if ((size_t)(end - p) < 1 + (size_t)ng) return false;
    memcpy(s->fd_of, p + 1, ng);
  } else if (*p == 3) {
    if (end - p < 3) return false;
    unsigned n = rd16(p + 1);
    if ((size_t)(end - p) < 5 + 3 * (size_t)n || n == 0) return false;
    for (unsigned r = 0; r < n; r++) {
      const unsigned char *q = p + 3 + 3 * r;
      unsigned first = rd16(q), next = rd16(q + 3);
      if (next > ng || first > next) return false;
      memset(s->fd_of + first, q[2], next - first);
    }
  } else {
    return false;
  }
  for (unsigned g = 0; g < ng; g++)
    if (s->fd_of[g] >= s->fds.count) return false;
  return true;
}

static bool read_src(cff_src *s, const unsigned char *c, size_t len) {
  memset(s, 0, sizeof *s);
  s->c = c, s->len = len;
  if (len < 4 || c[0] != 1 || !read_index(c, len, c[2], &s->name) ||
      !read_index(c, len, c[2] + s->name.size, &s->top) || s->top.count != 1 ||
      !index_obj(&s->top, 0, &s->top_dict, &s->top_len))
    return false;
  size_t at = (size_t)(s->top.p - c) + s->top.size;
  if (!read_index(c, len, at, &s->strings) || !read_index(c, len, at + s->strings.size, &s->gsubrs)) return false;
  bool ros = false;
  unsigned op;
  int32_t v[2];
  for (size_t i = 0; i < s->top_len;) {
    if (!dict_entry(s->top_dict, s->top_len, &i, &op, v)) return false;
    if (op == 1230) ros = true;
    if (op == 15) s->charset = (uint32_t)v[1];
    if (op == 17) s->charstrings = (uint32_t)v[1];
    if (op == 1236) s->fdarray = (uint32_t)v[1];
    if (op == 1237) s->fdselect = (uint32_t)v[1];
    if (op == 18) return false; /* a name-keyed font's Private DICT */
  }
  if (!ros || !s->charstrings || !s->fdarray || !s->fdselect || s->charset < 4 ||
      !read_index(c, len, s->charstrings, &s->chars) || !read_index(c, len, s->fdarray, &s->fds) ||
      s->chars.count == 0 || s->fds.count == 0 || s->fds.count > 255)
    return false;
  unsigned ng = 0;
  s->cid_of = pdf_cff_program_cids(c, len, &ng);
  return s->cid_of && ng == s->chars.count && read_fdselect(s, ng);
}

/* A Font DICT's Private DICT (size, offset), refusing one with local subrs: a desubroutinized
 * subset has none, and copying them would need their offsets kept. */
static bool font_private(const cff_src *s, unsigned fd, size_t *keep, uint32_t *psize, uint32_t *poff) {
  const unsigned char *d;
  size_t n, i = 0;
  unsigned op;
  int32_t v[2];
  bool have = false;
  if (!index_obj(&s->fds, fd, &d, &n)) return false;
  *keep = 0;
  while (i < n) {
    size_t start = i;
    if (!dict_entry(d, n, &i, &op, v)) return false;
    if (op == 18) {
      if (v[0] < 0 || v[1] < 0 || (size_t)v[1] + (size_t)v[0] > s->len) return false;
      *psize = (uint32_t)v[0], *poff = (uint32_t)v[1], have = true;
    } else {
      *keep += i - start;
    }
  }
  if (!have) return false;
  const unsigned char *p = s->c + *poff;
  for (i = 0; i < *psize;) {
    if (!dict_entry(p, *psize, &i, &op, v)) return false;
    if (op == 19) return false;
  }
  return true;
}

/* Copies the entries of DICT d except those whose operator is 'skip'. */
static unsigned char *copy_dict(unsigned char *o, const unsigned char *d, size_t n, const unsigned *skip, int nskip) {
  unsigned op;
  int32_t v[2];
  for (size_t i = 0; i < n;) {
    size_t start = i;
    if (!dict_entry(d, n, &i, &op, v)) break;
    bool drop = false;
    for (int k = 0; k < nskip; k++) drop = drop || op == skip[k];
    if (!drop) memcpy(o, d + start, i - start), o += i - start;
  }
  return o;
}

/* Bytes of DICT d's entries whose operator is not in 'skip'; SIZE_MAX when it does not parse. */
static size_t dict_keep_bytes(const unsigned char *d, size_t n, const unsigned *skip, int nskip) {
  unsigned op;
  int32_t v[2];
  size_t keep = 0;
  for (size_t i = 0; i < n;) {
    size_t start = i;
    if (!dict_entry(d, n, &i, &op, v)) return SIZE_MAX;
    bool drop = false;
    for (int k = 0; k < nskip; k++) drop = drop || op == skip[k];
    if (!drop) keep += i - start;
  }
  return keep;
}

static unsigned char *put_index_head(unsigned char *o, unsigned count, size_t data_len, unsigned *off_size) {
  o = put16(o, count);
  if (!count) return o;
  *off_size = off_size_for(data_len + 1);
  *o++ = (unsigned char)*off_size;
  return o;
}

static const unsigned TOP_OFFSETS[] = {15, 17, 1236, 1237};
static const unsigned FD_PRIVATE[] = {18};

/* The plan of the program: which glyphs, and the size of each part. */
typedef struct {
  unsigned k, cs_ranges, fd_ranges;
  size_t cs_bytes, top_keep, fd_bytes, priv_bytes;
  size_t *fd_keep;
  uint32_t *psize, *poff;
} cut_plan;

static bool plan_cut(const cff_src *s, const unsigned char *used, cut_plan *pl) {
  unsigned prev_cid = 0, prev_fd = 256;
  for (unsigned g = 0; g < s->chars.count; g++) {
    if (g && !used[g]) continue;
    const unsigned char *obj;
    size_t n;
    if (!index_obj(&s->chars, g, &obj, &n)) return false;
    pl->cs_bytes += n;
    if (g && (pl->cs_ranges == 0 || s->cid_of[g] != prev_cid + 1)) pl->cs_ranges++;
    if (s->fd_of[g] != prev_fd) pl->fd_ranges++;
    prev_cid = s->cid_of[g], prev_fd = s->fd_of[g];
    pl->k++;
  }
  pl->top_keep = dict_keep_bytes(s->top_dict, s->top_len, TOP_OFFSETS, 4);
  if (pl->top_keep == SIZE_MAX) return false;
  pl->fd_keep = xcalloc(s->fds.count, sizeof *pl->fd_keep);
  pl->psize = xcalloc(s->fds.count, sizeof *pl->psize);
  pl->poff = xcalloc(s->fds.count, sizeof *pl->poff);
  for (unsigned f = 0; f < s->fds.count; f++) {
    if (!font_private(s, f, &pl->fd_keep[f], &pl->psize[f], &pl->poff[f])) return false;
    pl->fd_bytes += pl->fd_keep[f] + 11; /* + size and offset as 5-byte integers, operator 18 */
    pl->priv_bytes += pl->psize[f];
  }
  return true;
}

/* charset (format 2: ranges of consecutive CIDs), FDSelect (format 3) and the CharStrings
 * INDEX of the glyphs kept, in glyph order. */
static unsigned char *put_glyph_parts(unsigned char *o, const cff_src *s, const unsigned char *used,
                                      const cut_plan *pl) {
  *o++ = 2;
  unsigned char *range = NULL;
  unsigned prev = 0;
  for (unsigned g = 1; g < s->chars.count; g++) {
    if (!used[g]) continue;
    if (range && s->cid_of[g] == prev + 1) {
      put16(range + 2, rd16(range + 2) + 1);
    } else {
      range = o;
      o = put16(put16(o, s->cid_of[g]), 0);
    }
    prev = s->cid_of[g];
  }
  *o++ = 3;
  o = put16(o, pl->fd_ranges);
  unsigned gid = 0, prev_fd = 256;
  for (unsigned g = 0; g < s->chars.count; g++) {
    if (g && !used[g]) continue;
    if (s->fd_of[g] != prev_fd) o = put16(o, gid), *o++ = s->fd_of[g];
    prev_fd = s->fd_of[g], gid++;
  }
  o = put16(o, pl->k);
  unsigned osz = 0;
  o = put_index_head(o, pl->k, pl->cs_bytes, &osz);
  unsigned char *offs = o, *data = o + (size_t)(pl->k + 1) * osz;
  uint32_t off = 1;
  for (unsigned g = 0; g < s->chars.count; g++) {
    if (g && !used[g]) continue;
    const unsigned char *obj;
    size_t n;
    index_obj(&s->chars, g, &obj, &n); /* checked by plan_cut */
    offs = put_off(offs, off, osz);
    memcpy(data + off - 1, obj, n);
    off += (uint32_t)n;
  }
  put_off(offs, off, osz);
  return data + off - 1;
}

size_t pdf_cff_cut(const unsigned char *c, size_t len, const unsigned char *used, unsigned ng, unsigned char **out) {
  cff_src s;
  cut_plan pl;
  memset(&pl, 0, sizeof pl);
  size_t total = 0;
  *out = NULL;
  if (!read_src(&s, c, len) || ng != s.chars.count || !plan_cut(&s, used, &pl)) goto done;
  /* where each part goes */
  size_t top_len = pl.top_keep + 6 + 6 + 7 + 7;
  size_t at_top = 4 + s.name.size;
  size_t at_charset = at_top + index_size(1, top_len) + s.strings.size + s.gsubrs.size;
  size_t at_fdselect = at_charset + 1 + 4 * (size_t)pl.cs_ranges;
  size_t at_chars = at_fdselect + 3 + 3 * (size_t)pl.fd_ranges + 2;
  size_t at_fds = at_chars + index_size(pl.k, pl.cs_bytes);
  size_t at_priv = at_fds + index_size(s.fds.count, pl.fd_bytes);
  total = at_priv + pl.priv_bytes;
  unsigned char *buf = xmalloc(total), *o = buf;
  *o++ = 1, *o++ = 0, *o++ = 4, *o++ = 4;
  memcpy(o, s.name.p, s.name.size), o += s.name.size;
  unsigned osz = 0;
  o = put_index_head(o, 1, top_len, &osz);
  o = put_off(put_off(o, 1, osz), (uint32_t)top_len + 1, osz);
  o = copy_dict(o, s.top_dict, s.top_len, TOP_OFFSETS, 4);
  o = put_int5(o, (uint32_t)at_charset), *o++ = 15;
  o = put_int5(o, (uint32_t)at_chars), *o++ = 17;
  o = put_int5(o, (uint32_t)at_fds), *o++ = 12, *o++ = 36;
  o = put_int5(o, (uint32_t)at_fdselect), *o++ = 12, *o++ = 37;
  memcpy(o, s.strings.p, s.strings.size), o += s.strings.size;
  memcpy(o, s.gsubrs.p, s.gsubrs.size), o += s.gsubrs.size;
  o = put_glyph_parts(o, &s, used, &pl);
  /* Font DICT INDEX, each pointing at its Private DICT copied after it */
  o = put_index_head(o, s.fds.count, pl.fd_bytes, &osz);
  uint32_t off = 1;
  for (unsigned f = 0; f <= s.fds.count; f++) {
    o = put_off(o, off, osz);
    if (f < s.fds.count) off += (uint32_t)(pl.fd_keep[f] + 11);
  }
  size_t priv = at_priv;
  for (unsigned f = 0; f < s.fds.count; f++) {
    const unsigned char *d;
    size_t n;
    index_obj(&s.fds, f, &d, &n);
    o = copy_dict(o, d, n, FD_PRIVATE, 1);
    o = put_int5(o, pl.psize[f]);
    o = put_int5(o, (uint32_t)priv), *o++ = 18;
    priv += pl.psize[f];
  }
  for (unsigned f = 0; f < s.fds.count; f++) memcpy(o, c + pl.poff[f], pl.psize[f]), o += pl.psize[f];
  if ((size_t)(o - buf) != total) { /* a plan that does not add up: never embed it */
    free(buf);
    total = 0;
  } else {
    *out = buf;
  }
done:
  free(pl.fd_keep);
  free(pl.psize);
  free(pl.poff);
  free(s.fd_of);
  free(s.cid_of);
  return total;
}
