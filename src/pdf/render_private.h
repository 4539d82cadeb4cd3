/* render_private: what render.c (pages, metadata, output) and render_font.c (a document's font
 * objects) share while one document is written: the writer and its per-subset fonts. Not for
 * other modules. */
#ifndef YINFA_PDF_RENDER_PRIVATE_H
#define YINFA_PDF_RENDER_PRIVATE_H

#include "pdf/pdf_private.h"

/* A CID of the document that draws the glyph of CID 'orig' with a narrower advance 'w' (1/1000
 * em): the last character of a text op whose advance layout cut (lay_op cut_last_pt). Aliases
 * are numbered after the subset's own CIDs. */
typedef struct {
  unsigned orig;
  double w;
} cid_alias;

typedef struct {
  HPDF_Dict font;      /* our Type0 font object; NULL until the document first uses this subset */
  const pdf_subset *sub;
  unsigned char *used; /* per CID: drawn in this document */
  unsigned *list;      /* the CIDs drawn, in the order first drawn (used_count of them) */
  size_t used_count, list_cap;
  unsigned tag;        /* n-th font of the document, for its subset tag */
  cid_alias *aliases;  /* CID sub->count + 1 + i is aliases[i] */
  size_t nalias, alias_cap;
} doc_font;

typedef struct {
  const pdf_fonts *fonts;
  pdf_cache *cache; /* the worker's compressor and profile (fonts->cache) */
  HPDF_Doc pdf;
  HPDF_STATUS status, detail; /* first libharu error, recorded by on_error */
  doc_font *df; /* per subset of the run (pdf_fonts.slot_count) */
  doc_font *narrow; /* per subset: its narrowed aliases, a font of their own (use_narrow_font) */
  diag_sink *diag;
  uint64_t hash[2]; /* of everything drawn: the document /ID */
  unsigned fonts_used;
  strbuf tj;        /* scratch for hex strings */
  const char *path; /* the document being written, for messages */
  size_t page_no;   /* 1-based page being drawn (0: none yet) */
  const lay_op *op; /* the op being drawn, if any */
  bool reported;    /* the first failure has been reported */
} writer;

/* render.c: the first libharu failure is kept (rw_keep_status) and reported once (rw_failed,
 * true when the document failed). */
bool rw_keep_status(writer *w, HPDF_STATUS st);
bool rw_failed(writer *w, src_loc at, const char *what);

/* render_font.c */
doc_font *rw_use_font(writer *w, const pdf_font_file *f, size_t chunk, src_loc at);
doc_font *rw_use_narrow_font(writer *w, size_t slot, src_loc at);
void rw_mark_used(doc_font *d, unsigned cid);
unsigned rw_narrow_cid(doc_font *d, unsigned cid, double w);
unsigned rw_orig_cid(const doc_font *d, size_t cid);
HPDF_Dict rw_stream_with(writer *w, const void *data, size_t len);
HPDF_Dict rw_indirect_dict(writer *w);
bool rw_finish_font(writer *w, doc_font *d, bool pdfa);

#endif
