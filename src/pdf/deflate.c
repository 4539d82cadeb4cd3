/* deflate: what a worker keeps from one document to the next (pdf_cache, owned by pdf_fonts):
 * its one DEFLATE compressor (libdeflate at level 1: levels above 1 bought under 1 % on font
 * programs, issue 24) and the ICC profile read and deflated once; and the streams deflated with
 * it: our font streams, every page's content (libharu would deflate it with zlib at level 6) and
 * the PDF/A output profile (libharu stored it raw in every document); and the stream objects that
 * hold them, written with a direct /Length (pdf_stream_new). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_conf.h>
#include <libdeflate.h>

#include "core/xmalloc.h"
#include "pdf/pdf_private.h"

unsigned char *pdf_deflate(pdf_cache *c, const void *data, size_t len, size_t *out_len) {
  if (!c->z && !(c->z = libdeflate_alloc_compressor(1))) xoom();
  size_t cap = libdeflate_zlib_compress_bound(c->z, len);
  unsigned char *out = xmalloc(cap ? cap : 1);
  *out_len = libdeflate_zlib_compress(c->z, data, len, out, cap);
  if (*out_len == 0) { /* cannot happen with a bound-sized buffer; the caller then stores it raw */
    free(out);
    return NULL;
  }
  return out;
}

HPDF_STATUS pdf_flate_key(HPDF_Dict obj, HPDF_Stream out) {
  (void)obj;
  return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* ---- Streams with a direct /Length ----
 * libharu gives every stream an indirect /Length (HPDF_DictStream_New: "/Length 6 0 R" and an
 * object "6 0 obj 1776 endobj" with its xref line, about 45 bytes a stream, 14 streams of a
 * review form). Our streams hold their final bytes before the document is saved, so their
 * length is known: pdf_stream_new() writes it directly. HPDF_Dict_Write still insists on an
 * indirect Length it can set after the bytes, so the dict holds one marked indirect but in no
 * xref, under a hidden key (not written); the dict's free_fn frees it, as the xref would have. */

static HPDF_STATUS length_key(HPDF_Dict obj, HPDF_Stream out) {
  char buf[32];
  snprintf(buf, sizeof buf, "/Length %u\012", (unsigned)HPDF_Stream_Size(obj->stream));
  return HPDF_Stream_WriteStr(out, buf);
}

static HPDF_STATUS length_flate_keys(HPDF_Dict obj, HPDF_Stream out) {
  HPDF_STATUS ret = length_key(obj, out);
  return ret != HPDF_OK ? ret : pdf_flate_key(obj, out);
}

static void free_hidden_length(HPDF_Dict obj) {
  HPDF_DictElement e = HPDF_List_ItemAt(obj->list, 0); /* "Length", added first */
  if (e && e->value && ((HPDF_Obj_Header *)e->value)->obj_class == HPDF_OCLASS_PROXY)
    HPDF_Obj_ForceFree(obj->mmgr, ((HPDF_Proxy)e->value)->obj);
}

HPDF_Dict pdf_stream_new(HPDF_Doc pdf, bool flate) {
  HPDF_Dict st = HPDF_Dict_New(pdf->mmgr);
  if (!st || HPDF_Xref_Add(pdf->xref, st) != HPDF_OK) return NULL; /* the xref freed it */
  HPDF_Number len = HPDF_Number_New(pdf->mmgr, 0);
  if (!len) return NULL;
  len->header.obj_id |= HPDF_OTYPE_INDIRECT; /* what HPDF_Dict_Write checks; in no xref */
  if (HPDF_Dict_Add(st, "Length", len) != HPDF_OK) {
    HPDF_Obj_ForceFree(pdf->mmgr, len);
    return NULL;
  }
  st->free_fn = free_hidden_length;
  HPDF_DictElement e = HPDF_List_ItemAt(st->list, 0);
  ((HPDF_Obj_Header *)e->value)->obj_id |= HPDF_OTYPE_HIDDEN; /* the proxy: not written */
  st->write_fn = flate ? length_flate_keys : length_key;
  st->stream = HPDF_MemStream_New(pdf->mmgr, HPDF_STREAM_BUF_SIZ);
  return st->stream ? st : NULL;
}

bool pdf_deflate_stream(pdf_cache *c, HPDF_Dict st) {
  HPDF_UINT32 size = HPDF_Stream_Size(st->stream);
  if (size < 256) return true; /* below that the filter costs more than it saves */
  unsigned char *raw = xmalloc(size);
  HPDF_UINT got = size;
  bool ok = HPDF_Stream_Seek(st->stream, 0, HPDF_SEEK_SET) == HPDF_OK &&
            HPDF_Stream_Read(st->stream, raw, &got) == HPDF_OK && got == size;
  size_t n = 0;
  unsigned char *z = ok ? pdf_deflate(c, raw, size, &n) : NULL;
  if (z) {
    HPDF_MemStream_FreeData(st->stream);
    ok = HPDF_Stream_Write(st->stream, z, (HPDF_UINT)n) == HPDF_OK;
    st->write_fn = pdf_flate_key;
  }
  free(z);
  free(raw);
  return ok;
}

/* The profile, deflated, read from 'path' (NULL: built) the first time a document of this worker
 * needs it. */
static bool cached_icc(pdf_cache *c, const char *path) {
  const char *key = path ? path : "";
  if (c->icc_path && !strcmp(c->icc_path, key)) return true;
  strbuf b;
  strbuf_init(&b);
  bool ok;
  if (path) {
    ok = strbuf_append_file(&b, path) && b.len > 0;
  } else {
    unsigned char p[PDF_SRGB_MAX];
    size_t n = pdf_srgb_profile(p);
    strbuf_append_n(&b, (const char *)p, n);
    ok = true;
  }
  if (ok) {
    free(c->icc);
    free(c->icc_path);
    c->icc = pdf_deflate(c, b.data, b.len, &c->icc_len);
    c->icc_path = c->icc ? xstrdup(key) : NULL;
    ok = c->icc != NULL;
  }
  strbuf_release(&b);
  return ok;
}

HPDF_Dict pdf_icc_stream(pdf_cache *c, HPDF_Doc pdf, const char *path) {
  if (!cached_icc(c, path)) return NULL;
  HPDF_Dict st = pdf_stream_new(pdf, true);
  if (!st || HPDF_Dict_AddNumber(st, "N", 3) != HPDF_OK || HPDF_Dict_AddName(st, "Alternate", "DeviceRGB") != HPDF_OK ||
      HPDF_Stream_Write(st->stream, c->icc, (HPDF_UINT)c->icc_len) != HPDF_OK)
    return NULL;
  return st;
}

void pdf_cache_release(pdf_cache *c) {
  pdf_program_cache_release(c);
  if (c->z) libdeflate_free_compressor(c->z);
  free(c->icc);
  free(c->icc_path);
  memset(c, 0, sizeof *c);
}
