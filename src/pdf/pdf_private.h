/* pdf_private: what fonts.c, render.c and tounicode.c share; not for other modules. */
#ifndef YINFA_PDF_PRIVATE_H
#define YINFA_PDF_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hb.h>
#include <hpdf.h>

#include "core/strbuf.h"
#include "pdf/pdf.h"

#define PDF_MAX_CHAIN 8
#define PDF_PAGES 0x1100 /* 0x110000 code points / 256 */

/* One subset font file, embedded as one PDF font. Our CIDs are 1..count in our own order;
 * CIDToGIDMap and ToUnicode map them to glyphs and back to code points. */
typedef struct {
  size_t count;
  uint32_t *cid_cp;              /* CID → code point */
  uint16_t *cid_gid;             /* CID → glyph id in this subset */
  double *cid_w;                 /* CID → width in 1/1000 em, as written to /W */
  int dw;                        /* /DW: .notdef advance (the most common one) in 1/1000 em */
  hb_blob_t *blob;               /* the subset font file */

  /* Parsed once from 'blob' (embed.c) to write each document's font program. */
  const unsigned char *data;
  size_t len;
  struct {
    uint32_t tag, off, len;
  } tables[40];
  unsigned table_count, num_glyphs, upem;
  const unsigned char *glyf;
  uint32_t *glyph_off;  /* num_glyphs + 1 offsets into glyf */
  uint32_t *comp_start; /* per glyph, its composite components in comp[comp_start[g] .. [g+1]) */
  uint16_t *comp;
  int bbox[4], ascent, descent, cap_height; /* 1/1000 em */
  char ps_name[64];
  bool cff;         /* CID-keyed CFF outlines: CIDs are the font's own (its charset), embedded as
                       CIDFontType0 / FontFile3 CIDFontType0C; no glyf, no composites */
  hb_face_t *face;  /* CFF: the subset as a face, from which each document's program is cut */
} pdf_subset;

/* What pdf_sfnt_check() found in a face: pointers into the checked file. */
typedef struct {
  unsigned faces;                 /* faces in the file (1 unless a .ttc) */
  unsigned num_glyphs, upem;
  bool long_loca;
  bool cff;                       /* PostScript outlines ('CFF '), no glyf/loca */
  struct {                        /* the outline table ('glyf' or 'CFF '), whose checksum is */
    uint32_t off, len, sum;       /* checked only when the font draws something (see */
  } outlines;                     /* pdf_sfnt_check_outlines): it is most of a CJK font's bytes */
  const unsigned char *glyf, *loca;
  uint32_t glyf_len, loca_len;
} pdf_sfnt_info;

/* fontcheck.c: checks face 'index' of the font file 'd' ('len' bytes): TTC header, table directory
 * inside the file, every table's checksum (but head's and name's; the outline table's is left to
 * pdf_sfnt_check_outlines), the tables we draw from
 * (head, hhea, maxp, hmtx, cmap, loca, glyf) consistent with each other. Reports why at 'at'
 * naming 'label' and returns false. */
bool pdf_sfnt_check(const unsigned char *d, size_t len, unsigned index, const char *label, src_loc at,
                    pdf_sfnt_info *info, diag_sink *diag);
/* The deferred checksum of the outline table of a face pdf_sfnt_check() passed ('d' the same file):
 * false after reporting it damaged at 'at'. */
bool pdf_sfnt_check_outlines(const unsigned char *d, const pdf_sfnt_info *info, const char *label, src_loc at,
                             diag_sink *diag);
/* True when glyph 'gid' of a checked face decodes (its glyf record fits and is well formed). */
bool pdf_glyph_check(const pdf_sfnt_info *info, unsigned gid);

/* One font file (a face of a .ttc counts as one), loaded once, shared by roles. */
typedef struct {
  char *path;   /* as given (absolute or relative to the process) */
  char *label;  /* "path" or "path:index", for messages */
  unsigned index;
  src_loc at;   /* where it was named (fontmap or INI line); at.path owned */
  pdf_sfnt_info sfnt;
  bool outlines_checked; /* the outline table's checksum, once the font draws something */
  const char *why; /* how it was chosen, for `yinfa fonts` (static text) */
  unsigned char *map; /* the file, mapped read-only (map_len bytes); blob's destroy unmaps it */
  size_t map_len;
  void *mapping; /* until the blob takes it: what unmaps the file */
  hb_blob_t *blob;
  hb_face_t *face;
  unsigned upem, num_glyphs;
  uint16_t *gid_pages[PDF_PAGES]; /* code point → glyph id in the full font (0: none) */
  uint16_t *adv;                  /* glyph id → advance, font units */

  /* After pdf_fonts_prepare(): the run's subset (an array for generality; one today). */
  hb_set_t *wanted;
  uint32_t *cid_pages[PDF_PAGES]; /* code point → subset << 16 | CID (0: in no subset) */
  pdf_subset *subs;
  size_t sub_n;
  size_t slot_base; /* index of subs[0] among all subsets of the run (pdf_fonts.slot_count) */
  hb_face_t *other; /* pdf_fonts_prepare_other(): the run's characters with their cmap, or NULL */
} pdf_font_file;

typedef struct {
  int chain[PDF_MAX_CHAIN]; /* indexes into pdf_fonts.files */
  int chain_len;
  bool fake_bold;
  bool fell_back; /* family names were asked for and none is installed: the free default is used */
  char *why;      /* how the role's own font was chosen, for `yinfa fonts` and the run summary */
} pdf_role;

/* A document's font program as embedded (progcache.c): cut for 'glyphs' of subset 'sub'. */
typedef struct {
  const pdf_subset *sub;
  uint32_t *glyphs; /* ascending glyph ids of 'sub' */
  size_t nglyphs;
  unsigned char *z; /* the program, deflated (raw: stored as it is) */
  size_t zlen, len; /* len: of the program itself (/Length1) */
  bool raw;
  unsigned *cids;   /* CFF: the program's CIDs, for the CIDSet (NULL otherwise) */
  unsigned ncids;
} pdf_prog;

#define PDF_PROG_CACHE 128

/* What a worker keeps from one document to the next (deflate.c, progcache.c); it lives as long
 * as the process, within its bounds. */
typedef struct {
  struct libdeflate_compressor *z; /* level 1, made on first use */
  unsigned char *icc;              /* the PDF/A output profile, deflated */
  size_t icc_len;
  char *icc_path;                  /* the file 'icc' was read from ("": built in) */
  pdf_prog progs[PDF_PROG_CACHE];  /* programs by subset and glyph set; the oldest replaced */
  size_t nprog, next;
} pdf_cache;

struct pdf_fonts {
  pdf_font_file *files;
  size_t file_count;
  pdf_role roles[LAY_FONT_COUNT];
  hb_set_t *collected; /* code points from pdf_fonts_add_text() */
  hb_set_t *prepared;  /* the set the current subsets were made for (NULL: never prepared) */
  size_t slot_count;   /* subsets over all files */
  pdf_cache cache;     /* a worker's reusable state (deflate.c) */
};

/* Glyph of 'cp' in file 'f' (0: none). */
static inline unsigned pdf_file_gid(const pdf_font_file *f, uint32_t cp) {
  if (cp >= 0x110000) return 0;
  const uint16_t *p = f->gid_pages[cp >> 8];
  return p ? p[cp & 0xff] : 0;
}

/* subset << 16 | CID of 'cp' in file 'f' (0: in no subset). */
static inline uint32_t pdf_file_cid(const pdf_font_file *f, uint32_t cp) {
  if (cp >= 0x110000) return 0;
  const uint32_t *p = f->cid_pages[cp >> 8];
  return p ? p[cp & 0xff] : 0;
}

/* fontmap.c: fonts/fontmap.ini. A role's (or a fallback's) entry; strings malloc'd. */
typedef struct {
  char *file;
  unsigned index;
  bool fake_bold;
  int line;       /* of 'file' in the fontmap */
  char *families; /* 'family': names to look for with fontconfig, in order (NULL: none) */
} pdf_role_spec;

typedef struct {
  pdf_role_spec roles[LAY_FONT_COUNT];
  pdf_role_spec fallback[PDF_MAX_CHAIN];
  int fallback_count;
} pdf_fontmap;

extern const char *const pdf_role_names[LAY_FONT_COUNT]; /* "body", "title", ... */

/* Reads 'path' into *m (zeroed by the caller); false after reporting every problem with its line.
 * Release with pdf_fontmap_release() either way. */
bool pdf_fontmap_read(const char *path, pdf_fontmap *m, diag_sink *diag);
void pdf_fontmap_release(pdf_fontmap *m);
/* A face index (decimal, at most 1000). */
bool pdf_parse_index(const char *v, unsigned *out);

/* fontfind.c: the first of 'families' ("A, B, C") that fontconfig has installed with TrueType
 * outlines; *path (malloc'd) and *index are its file; 'why' receives which name matched.
 * False when none is installed (then 'why' is unchanged). */
bool pdf_find_family(const char *families, char **path, unsigned *index, char *why, size_t why_size);

/* Index of the file of role 'r''s chain that has 'cp', or -1. */
int pdf_resolve(const pdf_fonts *fonts, lay_font r, uint32_t cp);

/* Decodes one UTF-8 character at *s (advancing it); returns -1 for invalid UTF-8 (skipping a byte),
 * surrogates or overlongs. */
int32_t pdf_utf8_next(const char **s, const char *end);

/* Appends a ToUnicode CMap mapping each of the 'n' CIDs (ascending) to its code point (UTF-16,
 * surrogate pairs beyond U+FFFF). */
void pdf_tounicode_cmap(strbuf *out, const uint16_t *cids, const uint32_t *cps, size_t n);

/* embed.c: parses sb->blob (after prepare); writes a document's font program with just the glyphs
 * flagged in 'used' (num_glyphs bytes, closed over composites by pdf_program_close), renumbered
 * in order: new_gid (num_glyphs entries) receives old → new. *out is malloc'd; returns its length. */
bool pdf_program_parse(pdf_subset *sb, const char *label, diag_sink *diag);
void pdf_program_free(pdf_subset *sb);
void pdf_program_close(const pdf_subset *sb, unsigned char *used);
size_t pdf_program_build(const pdf_subset *sb, const unsigned char *used, uint16_t *new_gid, unsigned char **out);

/* embed.c: CID of every glyph (glyphs entries, 0 for .notdef) from the charset of the CID-keyed
 * CFF table of 'face'; NULL when the face has no such table or it does not parse. Free with free(). */
unsigned *pdf_cff_cids(hb_face_t *face, unsigned glyphs);
/* The same for a bare CFF program ('len' bytes); *glyphs receives its glyph count. */
unsigned *pdf_cff_program_cids(const unsigned char *cff, size_t len, unsigned *glyphs);
/* deflate.c: 'data' deflated (zlib format, level 1) into a malloc'd buffer, or NULL. */
unsigned char *pdf_deflate(pdf_cache *c, const void *data, size_t len, size_t *out_len);
/* The write_fn of a stream whose bytes are deflated already: writes its /Filter key. */
HPDF_STATUS pdf_flate_key(HPDF_Dict obj, HPDF_Stream out);
/* A stream object of 'pdf' whose /Length is written directly (its size when the document is
 * saved), with /Filter /FlateDecode when 'flate' (its bytes deflated by the caller); NULL on
 * failure. For streams whose bytes are all written before saving. */
HPDF_Dict pdf_stream_new(HPDF_Doc pdf, bool flate);
/* Deflates the bytes written into stream 'st' so far (a page's content), in place. */
bool pdf_deflate_stream(pdf_cache *c, HPDF_Dict st);
/* A deflated ICC profile stream (/N 3, sRGB) of 'path' (NULL: the built-in one, srgb.c), read and
 * deflated once per worker. */
HPDF_Dict pdf_icc_stream(pdf_cache *c, HPDF_Doc pdf, const char *path);
/* srgb.c: writes the compact sRGB IEC61966-2.1 profile (ICC version 2.1) into 'out'; its length. */
#define PDF_SRGB_MAX 640
size_t pdf_srgb_profile(unsigned char out[PDF_SRGB_MAX]);
void pdf_cache_release(pdf_cache *c);
/* progcache.c: the program of the glyphs marked in 'used' (per glyph of 'sub'), from the cache or
 * cut and deflated now; NULL when none could be built. Valid until the next call. */
const pdf_prog *pdf_program_get(pdf_cache *c, const pdf_subset *sub, const unsigned char *used);
void pdf_program_cache_release(pdf_cache *c);

/* cffcut.c: the CFF program of the glyphs marked in 'used' (num_glyphs of them) cut from a
 * desubroutinized CID-keyed CFF table; its length, or 0 (nothing allocated) when the table has a
 * shape the cut does not handle. */
size_t pdf_cff_cut(const unsigned char *cff, size_t len, const unsigned char *used, unsigned num_glyphs,
                   unsigned char **out);

/* render_glyph.c: a bar in PDF space (y up) joining the ink of two dashes. */
typedef struct {
  double x1, x2, y1, y2;
} pdf_bridge;
/* U+2014 or U+2015, the halves of a 破折号. */
bool pdf_is_dash(int32_t cp);
/* The bar between the ink of dash 'cp1' whose pen is at 'pen1' and dash 'cp2' at 'pen2' (points,
 * baseline 'base', 'size' pt) in font file 'f'; false when their ink touches or is unknown. */
bool pdf_dash_bridge(const pdf_font_file *f, uint32_t cp1, uint32_t cp2, double pen1, double pen2,
                     double base, double size, pdf_bridge *out);
/* Fills the outline of glyph 'gid' of 'f' at pen 'pen', baseline 'base' (PDF space), 'size' pt, in
 * colour 'c' (stroked too when 'bold'). Must be called outside a text object. */
void pdf_draw_outline(HPDF_Page page, const pdf_font_file *f, unsigned gid, double pen, double base,
                      double size, lay_color c, bool bold);

#endif
