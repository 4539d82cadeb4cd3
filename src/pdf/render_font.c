/* render_font: a document's font objects (fonts/README.md "How text gets into the PDF"): the
 * subsets it draws from, the CIDs it uses, and once it is drawn its Type0 / CIDFont /
 * FontDescriptor objects with /W, CIDToGIDMap, ToUnicode, CIDSet and the font program (from the
 * worker's cache, progcache.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "pdf/render_private.h"

/* ---- Fonts in one document ---- */

static void free_font_attr(HPDF_Dict obj) {
  if (obj->attr) HPDF_FreeMem(obj->mmgr, obj->attr);
  obj->attr = NULL;
}

/* An HPDF_Font as far as HPDF_Page_SetFontAndSize needs one (a font-class dict with an
 * HPDF_FontAttr); its entries are filled in by rw_finish_font() once the document is drawn. */
static bool new_font_dict(writer *w, doc_font *d, const pdf_subset *sub, src_loc at);

doc_font *rw_use_font(writer *w, const pdf_font_file *f, size_t chunk, src_loc at) {
  doc_font *d = &w->df[f->slot_base + chunk];
  if (d->font) return d;
  return new_font_dict(w, d, &f->subs[chunk], at) ? d : NULL;
}

/* The second font of a subset that holds only narrowed aliases (see narrow_cid): apart from
 * the 1-em font, so that each font gives each character one advance. */
doc_font *rw_use_narrow_font(writer *w, size_t slot, src_loc at) {
  doc_font *d = &w->narrow[slot];
  if (d->font) return d;
  return new_font_dict(w, d, w->df[slot].sub, at) ? d : NULL;
}

static bool new_font_dict(writer *w, doc_font *d, const pdf_subset *sub, src_loc at) {
  HPDF_MMgr mm = w->pdf->mmgr;
  HPDF_Dict font = HPDF_Dict_New(mm);
  HPDF_FontAttr attr = font ? HPDF_GetMem(mm, sizeof *attr) : NULL;
  if (!attr || HPDF_Xref_Add(w->pdf->xref, font) != HPDF_OK) {
    if (!w->status) w->status = HPDF_FAILD_TO_ALLOC_MEM;
    rw_failed(w, at, L("creating a font", "创建字体时"));
    return false;
  }
  memset(attr, 0, sizeof *attr);
  attr->writing_mode = HPDF_WMODE_HORIZONTAL;
  attr->xref = w->pdf->xref;
  font->header.obj_class |= HPDF_OSUBCLASS_FONT;
  font->attr = attr;
  font->free_fn = free_font_attr;
  d->font = font;
  d->sub = sub;
  d->used = xcalloc(d->sub->count + 1, 1);
  d->tag = w->fonts_used++;
  return true;
}

void rw_mark_used(doc_font *d, unsigned cid) {
  if (d->used[cid]) return;
  d->used[cid] = 1;
  d->list = xgrow(d->list, &d->list_cap, d->used_count + 1, sizeof *d->list);
  d->list[d->used_count++] = cid;
}

/* The CID drawing 'cid' with advance 'w' (1/1000 em); 'cid' itself when the CID space is full. */
unsigned rw_narrow_cid(doc_font *d, unsigned cid, double w) {
  for (size_t i = 0; i < d->nalias; i++)
    if (d->aliases[i].orig == cid && fabs(d->aliases[i].w - w) < 0.005) return (unsigned)(d->sub->count + 1 + i);
  if (d->sub->count + 1 + d->nalias > 0xFFFF) return cid;
  d->aliases = xgrow(d->aliases, &d->alias_cap, d->nalias + 1, sizeof *d->aliases);
  d->aliases[d->nalias] = (cid_alias){cid, w};
  return (unsigned)(d->sub->count + 1 + d->nalias++);
}

/* The subset CID whose glyph CID 'cid' of the document draws. */
unsigned rw_orig_cid(const doc_font *d, size_t cid) {
  return cid <= d->sub->count ? (unsigned)cid : d->aliases[cid - d->sub->count - 1].orig;
}

/* A stream object holding 'data', deflated by us (deflate.c) from 256 bytes on: below that the
 * filter costs more than it saves. */
HPDF_Dict rw_stream_with(writer *w, const void *data, size_t len) {
  size_t n = 0;
  unsigned char *z = len < 256 ? NULL : pdf_deflate(w->cache, data, len, &n);
  HPDF_Dict st = pdf_stream_new(w->pdf, z != NULL);
  if (st) HPDF_Stream_Write(st->stream, z ? z : data, (HPDF_UINT)(z ? n : len));
  free(z);
  return st;
}

HPDF_Dict rw_indirect_dict(writer *w) {
  HPDF_Dict d = HPDF_Dict_New(w->pdf->mmgr);
  if (d && HPDF_Xref_Add(w->pdf->xref, d) != HPDF_OK) return NULL;
  return d;
}

#define KEEP(call) (void)(ret == HPDF_OK && (ret = (call)) != HPDF_OK)

static int cmp_unsigned(const void *a, const void *b) {
  unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
  return x < y ? -1 : x > y;
}

/* The CIDs of the document (used ones, then the aliases), ascending, with their code points; the
 * glyphs they draw marked in 'glyphs'. Walks only the CIDs drawn, not the subset's whole CID space. */
static size_t doc_cids(const doc_font *d, uint16_t *cids, uint32_t *cps, unsigned char *glyphs) {
  const pdf_subset *f = d->sub;
  if (d->used_count) qsort(d->list, d->used_count, sizeof *d->list, cmp_unsigned); /* a narrow font has none */
  size_t n = 0;
  for (size_t i = 0; i < d->used_count + d->nalias; i++) {
    size_t c = i < d->used_count ? d->list[i] : f->count + 1 + (i - d->used_count);
    if (c == 0) continue;
    unsigned o = rw_orig_cid(d, c);
    cids[n] = (uint16_t)c;
    cps[n++] = f->cid_cp[o];
    if (f->cid_gid[o] < f->num_glyphs) glyphs[f->cid_gid[o]] = 1;
  }
  return n;
}

/* Glyph g's index in the program's ascending glyph list (TrueType programs renumber 0..k-1). */
static unsigned program_gid(const pdf_prog *p, unsigned g) {
  size_t lo = 0, hi = p->nglyphs;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (p->glyphs[mid] < g)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < p->nglyphs && p->glyphs[lo] == g ? (unsigned)lo : 0;
}

/* The stream of a program deflated already (or stored raw). */
static HPDF_Dict program_stream(writer *w, const pdf_prog *p) {
  HPDF_Dict st = pdf_stream_new(w->pdf, !p->raw);
  if (!st || HPDF_Stream_Write(st->stream, p->z, (HPDF_UINT)p->zlen) != HPDF_OK) return NULL;
  return st;
}

/* /W: exact advances of the glyphs used (layout measured with the same numbers); NULL when every
 * one is /DW. */
static HPDF_STATUS add_widths(writer *w, const doc_font *d, HPDF_Dict cidfont, const uint16_t *cids, size_t n) {
  const pdf_subset *f = d->sub;
  HPDF_MMgr mm = w->pdf->mmgr;
  HPDF_STATUS ret = HPDF_OK;
  HPDF_Array warr = HPDF_Array_New(mm);
  HPDF_Array run = NULL;
  size_t prev = 0;
  for (size_t i = 0; i < n; i++) {
    double wd = cids[i] <= f->count ? f->cid_w[cids[i]] : d->aliases[cids[i] - f->count - 1].w;
    if (wd == (double)f->dw) {
      run = NULL;
      continue;
    }
    if (!run || cids[i] != prev + 1) {
      KEEP(HPDF_Array_AddNumber(warr, cids[i]));
      run = HPDF_Array_New(mm);
      KEEP(HPDF_Array_Add(warr, run));
    }
    if (wd == floor(wd))
      KEEP(HPDF_Array_AddNumber(run, (HPDF_INT32)wd));
    else
      KEEP(HPDF_Array_AddReal(run, (HPDF_REAL)wd));
    prev = cids[i];
  }
  KEEP(HPDF_Dict_Add(cidfont, "W", warr));
  return ret;
}

/* The FontDescriptor's entries, the program among them. */
static HPDF_STATUS add_descriptor(writer *w, const pdf_subset *f, HPDF_Dict desc, const char *name, HPDF_Dict program,
                                  size_t prog_len) {
  HPDF_STATUS ret = HPDF_OK;
  KEEP(HPDF_Dict_AddName(desc, "Type", "FontDescriptor"));
  KEEP(HPDF_Dict_AddName(desc, "FontName", name));
  KEEP(HPDF_Dict_AddNumber(desc, "Flags", 4)); /* symbolic: glyphs outside the Latin set */
  HPDF_Array bbox = HPDF_Array_New(w->pdf->mmgr);
  for (int i = 0; i < 4; i++) KEEP(HPDF_Array_AddNumber(bbox, f->bbox[i]));
  KEEP(HPDF_Dict_Add(desc, "FontBBox", bbox));
  KEEP(HPDF_Dict_AddNumber(desc, "ItalicAngle", 0));
  KEEP(HPDF_Dict_AddNumber(desc, "Ascent", f->ascent));
  KEEP(HPDF_Dict_AddNumber(desc, "Descent", f->descent));
  KEEP(HPDF_Dict_AddNumber(desc, "CapHeight", f->cap_height));
  KEEP(HPDF_Dict_AddNumber(desc, "StemV", 80));
  if (f->cff) { /* PDF 32000-1 §9.9: FontFile3, Subtype CIDFontType0C (a bare CID-keyed CFF) */
    KEEP(HPDF_Dict_AddName(program, "Subtype", "CIDFontType0C"));
    KEEP(HPDF_Dict_Add(desc, "FontFile3", program));
  } else {
    KEEP(HPDF_Dict_AddNumber(program, "Length1", (HPDF_INT32)prog_len));
    KEEP(HPDF_Dict_Add(desc, "FontFile2", program));
  }
  return ret;
}

/* PDF/A-1 §6.3.5: every CID present in the embedded program, in a CIDSet. */
static HPDF_STATUS add_cidset(writer *w, HPDF_Dict desc, const pdf_prog *p, const uint16_t *cids, size_t n,
                              size_t max_cid) {
  for (unsigned g = 0; p->cids && g < p->ncids; g++) max_cid = p->cids[g] > max_cid ? p->cids[g] : max_cid;
  size_t bytes = max_cid / 8 + 1;
  unsigned char *bits = xcalloc(bytes, 1);
  bits[0] |= 0x80; /* CID 0 */
  for (size_t i = 0; i < n; i++) bits[cids[i] / 8] |= (unsigned char)(0x80 >> (cids[i] % 8));
  /* hb-subset may keep a few glyphs beyond those asked for: they are in the program too */
  for (unsigned g = 0; p->cids && g < p->ncids; g++) bits[p->cids[g] / 8] |= (unsigned char)(0x80 >> (p->cids[g] % 8));
  HPDF_Dict cidset = rw_stream_with(w, bits, bytes);
  free(bits);
  return cidset ? HPDF_Dict_Add(desc, "CIDSet", cidset) : HPDF_FAILD_TO_ALLOC_MEM;
}

/* Type0 → CIDFont, with its system info, descriptor and widths. */
static HPDF_STATUS add_font_dicts(writer *w, const doc_font *d, const char *name, HPDF_Dict cidfont, HPDF_Dict desc,
                                  HPDF_Dict tounicode) {
  const pdf_subset *f = d->sub;
  HPDF_MMgr mm = w->pdf->mmgr;
  HPDF_STATUS ret = HPDF_OK;
  HPDF_Dict font = d->font;
  KEEP(HPDF_Dict_AddName(font, "Type", "Font"));
  KEEP(HPDF_Dict_AddName(font, "Subtype", "Type0"));
  KEEP(HPDF_Dict_AddName(font, "BaseFont", name));
  KEEP(HPDF_Dict_AddName(font, "Encoding", "Identity-H"));
  HPDF_Array desc_fonts = HPDF_Array_New(mm);
  KEEP(HPDF_Array_Add(desc_fonts, cidfont));
  KEEP(HPDF_Dict_Add(font, "DescendantFonts", desc_fonts));
  KEEP(HPDF_Dict_Add(font, "ToUnicode", tounicode));
  KEEP(HPDF_Dict_AddName(cidfont, "Type", "Font"));
  KEEP(HPDF_Dict_AddName(cidfont, "Subtype", f->cff ? "CIDFontType0" : "CIDFontType2"));
  KEEP(HPDF_Dict_AddName(cidfont, "BaseFont", name));
  HPDF_Dict sysinfo = HPDF_Dict_New(mm);
  KEEP(HPDF_Dict_Add(sysinfo, "Registry", HPDF_String_New(mm, "Adobe", NULL)));
  KEEP(HPDF_Dict_Add(sysinfo, "Ordering", HPDF_String_New(mm, "Identity", NULL)));
  KEEP(HPDF_Dict_AddNumber(sysinfo, "Supplement", 0));
  KEEP(HPDF_Dict_Add(cidfont, "CIDSystemInfo", sysinfo));
  KEEP(HPDF_Dict_Add(cidfont, "FontDescriptor", desc));
  KEEP(HPDF_Dict_AddNumber(cidfont, "DW", f->dw));
  return ret;
}

/* Fills in one font of the document: Type0 → CIDFontType2 → FontDescriptor → FontFile2, or for a
 * CFF font Type0 → CIDFontType0 → FontDescriptor → FontFile3 (CIDFontType0C). The program comes
 * from the worker's cache when an earlier document drew the same glyphs of this subset. */
bool rw_finish_font(writer *w, doc_font *d, bool pdfa) {
  const pdf_subset *f = d->sub;
  HPDF_STATUS ret = HPDF_OK;
  uint16_t *cids = xmalloc((d->used_count + d->nalias + 1) * sizeof *cids);
  uint32_t *cps = xmalloc((d->used_count + d->nalias + 1) * sizeof *cps);
  unsigned char *glyphs = xcalloc(f->num_glyphs ? f->num_glyphs : 1, 1);
  glyphs[0] = 1; /* .notdef is always part of a font program */
  size_t n = doc_cids(d, cids, cps, glyphs), max_cid = n ? cids[n - 1] : 0;
  pdf_program_close(f, glyphs);
  const pdf_prog *prog = pdf_program_get(w->cache, f, glyphs);
  free(glyphs);
  /* Subset tag: six capitals, one per font of the document (PDF 32000-1 §9.6.4). */
  char name[96], tag[7] = "YFAAAA";
  for (unsigned t = d->tag, i = 5; t && i >= 2; t /= 26, i--) tag[i] = (char)('A' + t % 26);
  snprintf(name, sizeof name, "%s+%s", tag, f->ps_name);

  HPDF_Dict cidfont = rw_indirect_dict(w), desc = rw_indirect_dict(w);
  HPDF_Dict program = prog ? program_stream(w, prog) : NULL;
  strbuf cm;
  strbuf_init(&cm);
  pdf_tounicode_cmap(&cm, cids, cps, n);
  HPDF_Dict tounicode = rw_stream_with(w, cm.data, cm.len);
  strbuf_release(&cm);
  HPDF_Dict map = NULL;
  if (!f->cff && prog) { /* CIDToGIDMap: our CIDs (up to the highest used) → glyphs of the program */
    unsigned char *cid_map = xcalloc(max_cid + 1, 2);
    for (size_t i = 0; i < n; i++) {
      unsigned o = rw_orig_cid(d, cids[i]);
      unsigned g = f->cid_gid[o] < f->num_glyphs ? program_gid(prog, f->cid_gid[o]) : 0;
      cid_map[2 * cids[i]] = (unsigned char)(g >> 8);
      cid_map[2 * cids[i] + 1] = (unsigned char)g;
    }
    map = rw_stream_with(w, cid_map, 2 * (max_cid + 1));
    free(cid_map);
  }
  /* a CFF program selects glyphs by the CIDs of its own charset: no CIDToGIDMap */
  if (!cidfont || !desc || !program || !tounicode || (!map && !f->cff)) {
    ret = HPDF_FAILD_TO_ALLOC_MEM;
  } else {
    KEEP(add_font_dicts(w, d, name, cidfont, desc, tounicode));
    KEEP(add_widths(w, d, cidfont, cids, n));
    if (map) KEEP(HPDF_Dict_Add(cidfont, "CIDToGIDMap", map));
    KEEP(add_descriptor(w, f, desc, name, program, prog->len));
    if (pdfa) KEEP(add_cidset(w, desc, prog, cids, n, max_cid));
  }
  free(cids);
  free(cps);
  rw_keep_status(w, ret);
  return !rw_failed(w, SRC_LOC_NONE, L("writing font tables", "写入字体表时"));
}
