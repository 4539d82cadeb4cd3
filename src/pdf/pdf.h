/* pdf: draws finished layout pages (layout/page.h) into PDF files with libharu 2.3.0, and owns the
 * fonts: roles → font files (fonts/fontmap.ini), per-character fallback, metrics for layout,
 * per-run subsetting with hb-subset, correct ToUnicode maps (characters beyond U+FFFF included),
 * optional PDF/A-1b. The only module that includes hpdf.h and HarfBuzz. */
#ifndef YINFA_PDF_PDF_H
#define YINFA_PDF_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/sha256.h"
#include "core/strbuf.h"
#include "layout/layout.h"
#include "layout/page.h"

/* ---- Fonts: loaded once per run, shared by every document (read-only after prepare) ---- */

typedef struct pdf_fonts pdf_fonts;

/* How the batch INI chooses a role's font ([fonts] body = ..., body_family = ...). */
typedef struct {
  const char *file;     /* "path" or "path:INDEX" (a face of a .ttc); wins over everything; NULL: unset */
  const char *families; /* "A, B, C": family names looked up with fontconfig in this order, instead
                           of the fontmap's 'family'; NULL: unset */
  src_loc at;           /* the INI line that set them, for messages */
} pdf_font_choice;

/* Reads 'fontmap_path' (fonts/fontmap.ini: sections [body] [title] [heading] [kai] [song] with
 * `family` (names to find through fontconfig, in order of preference), `file` (the free default),
 * optional `index` (.ttc) and `fake_bold`; a [fallback] section listing `file` (+ `index`) lines in
 * order). Relative font paths are relative to the fontmap's folder. A role's font is: 'choices'
 * file if set, else the first installed family of choices' or the fontmap's list (the match must
 * carry that family name: fontconfig's nearest substitute is not accepted), else the fontmap's
 * file. 'choices' is NULL or LAY_FONT_COUNT entries. Every font file is checked (fontcheck.c)
 * and a damaged one refused, located at the line that named it.
 * Returns NULL after reporting to 'diag'; errno is then ENOMEM, EIO, EMFILE or ENFILE when the
 * cause was the system (exit 3), else 0. Free with pdf_fonts_free(). */
pdf_fonts *pdf_fonts_load(const char *fontmap_path, const pdf_font_choice *choices, diag_sink *diag);
void pdf_fonts_free(pdf_fonts *fonts);

/* The measuring interface for layout: advance of text in a role at a size, each character taken
 * from the first font of the role's chain that has it (a character no font has counts 1 em;
 * lay_invisible() characters such as U+2060 count 0: they are never drawn).
 * Lock-free and O(1) per character (tables built at load); safe to call from several threads.
 * ctx is 'fonts', which must outlive the returned value. */
lay_metrics pdf_fonts_metrics(pdf_fonts *fonts);

/* True when every character of 'utf8' is drawable by every role's chain (text may be drawn in any
 * role); otherwise reports one error per missing character ("U+XXXX ...") at 'at' and returns false.
 * lay_invisible() characters need no glyph. Also rejects invalid UTF-8. */
bool pdf_fonts_check(pdf_fonts *fonts, const char *utf8, src_loc at, diag_sink *diag);

/* For `yinfa validate`: a warning at 'at' for each distinct character of 'utf8' that some role's
 * chain cannot draw (a run then writes every document but those that print it). Returns how many. */
int pdf_fonts_warn_missing(const pdf_fonts *fonts, const char *utf8, src_loc at, diag_sink *diag);

/* Collects the code points of 'utf8' for the run's subset. Call for every string the run may
 * draw (field values, template text) before pdf_fonts_prepare(). Not thread-safe. */
void pdf_fonts_add_text(pdf_fonts *fonts, const char *utf8);

/* Subsets every font once to the collected characters plus ASCII and common CJK punctuation
 * (hb-subset, no hinting, no GSUB/GPOS/GDEF) and keeps the result for every document. May be
 * called again after more pdf_fonts_add_text() (it re-subsets only when the set grew); not while
 * documents are rendered. Returns false after reporting to 'diag'. */
bool pdf_fonts_prepare(pdf_fonts *fonts, diag_sink *diag);
/* The code points the run's subsets were last prepared for, ascending, for the documents'
 * fingerprints: a document's CIDs are its characters' places in these subsets, so the same text
 * set with another run's set has other bytes. Returns how many; *out is malloc'd (NULL: none,
 * or never prepared). */
size_t pdf_fonts_prepared_set(const pdf_fonts *fonts, uint32_t **out);

/* Name of the font file (and index) serving 'role' first, for messages and tests. Borrowed. */
const char *pdf_fonts_role_file(const pdf_fonts *fonts, lay_font role);
/* Which file of role's chain draws code point 'cp' (NULL: none). Borrowed. */
const char *pdf_fonts_file_for(const pdf_fonts *fonts, lay_font role, unsigned cp);

/* The font files fontconfig knows (~/.fonts, /usr/share/fonts ...) whose file name without its
 * folder is 'name', each once. Returns how many; *paths is malloc'd, as is each path (free both;
 * NULL when none). */
size_t pdf_font_files_named(const char *name, char ***paths);

/* What `yinfa fonts` prints, appended to 'out': for each role the font used (family name), its
 * file, why it was chosen, its coverage and its chain's (GB2312 and GBK hanzi through glibc iconv,
 * the CJK blocks URO and Ext A..I), whether its ，。、 are centred; then the fallback chain. */
void pdf_fonts_describe(const pdf_fonts *fonts, strbuf *out);

/* True when 'role' asked for family names of which none is installed, so its free default is
 * used; *why (borrowed) then says which names were asked for. */
bool pdf_fonts_role_fell_back(const pdf_fonts *fonts, lay_font role, const char **why);

/* ---- Rendering ---- */

/* What was written under the final name, taken from the very bytes written (the temporary file
 * that was fsynced and renamed), so that the manifest need not read the file back. */
typedef struct {
  bool set; /* false until a document is written */
  uint64_t bytes, pages;
  char sha256[SHA256_HEX_BYTES];
} pdf_digest;

typedef struct {
  bool pdfa; /* PDF/A-1b flavour: XMP, sRGB output intent, PDF 1.4, CIDSet (see fonts/README.md) */
  const char *icc_path; /* NULL: the built-in compact sRGB profile (srgb.c) */
  bool no_fsync; /* rename without fsync: the caller makes the run durable at once (batch's syncfs) */
  pdf_digest *digest; /* NULL, or receives the written file's size, pages and SHA-256 */
} pdf_options;

/* Renders every page of the finished 'doc' to 'path' (written to a temporary name in the same
 * folder, renamed when complete: on failure nothing is left under 'path'). Every string drawn must
 * have been passed to pdf_fonts_add_text() before pdf_fonts_prepare(). Metadata comes from
 * lay_get_info(doc); the creation date from info.date, else SOURCE_DATE_EPOCH, else none: output is
 * byte-identical for identical input. Thread-safe for distinct documents sharing 'fonts'.
 * Returns false after reporting to 'diag' with the op's source location; when the cause is a
 * system error (disk full, file size limit, permission) errno is as the failing call set it. */
bool pdf_render(pdf_fonts *fonts, const lay_document *doc, const pdf_options *opt, const char *path,
                diag_sink *diag);

/* A font file a document embeds: 'path' as the fonts were loaded (borrowed from the pdf_fonts,
 * valid until pdf_fonts_free()), 'index' its face in a .ttc (0 otherwise). */
typedef struct {
  const char *path;
  unsigned index;
} pdf_font_face;

/* pdf_render(), and on success *used lists the font files the document embeds, each once: the
 * roles' own fonts in role order (body, title, heading, kai, song), then the fallback fonts in
 * the order of the chain. *used is malloc'd (free() it; NULL when *used_count is 0); on failure
 * NULL and 0. When the file could not be written (disk full, permission), *io_err (may be NULL)
 * is the errno of the failing call; it stays 0 when the document itself failed. */
bool pdf_render_used(pdf_fonts *fonts, const lay_document *doc, const pdf_options *opt, const char *path,
                     pdf_font_face **used, size_t *used_count, int *io_err, diag_sink *diag);

/* Renders 'count' pages, which may come from several documents (a group's print set: the laid-out
 * forms of its applicants in one PDF session, so one XMP, one output intent, each font subset
 * once), with 'info' as the document's metadata (render.c); pdf_render() and pdf_render_pages()
 * wrap it. On success, 'file_used' (NULL, or pdf_fonts_file_count() entries the caller zeroed)
 * flags the files embedded (pdf_fonts_used_faces lists them). When writing the file failed,
 * *io_err (may be NULL) is that call's errno. */
bool pdf_render_list(pdf_fonts *fonts, const lay_page *const *pages, size_t count, const lay_info *info,
                     const pdf_options *opt, const char *path, bool *file_used, int *io_err, diag_sink *diag);

/* The font files flagged in 'flag' (pdf_fonts_file_count entries; cleared on return) in the order
 * pdf_render_used lists them; *used is malloc'd (NULL when none). For other page formats. */
void pdf_fonts_used_faces(const pdf_fonts *fonts, bool *flag, pdf_font_face **used, size_t *used_count);

/* The same for pages not owned by a lay_document (tests, tools): 'pages' has 'count' entries. */
bool pdf_render_pages(pdf_fonts *fonts, const lay_page *pages, size_t count, const lay_info *info,
                      const pdf_options *opt, const char *path, diag_sink *diag);

/* ---- For other page formats (ofd/, fonts_other.c): the same fonts, characters and advances ---- */

/* Index of the run's font file drawing 'cp' in 'role' (the file pdf_render uses), or -1 when no
 * file of the chain has it; *advance_em its advance in em (0 when none). */
/* How many font files the run loaded (file indexes are 0 .. count-1). */
size_t pdf_fonts_file_count(const pdf_fonts *fonts);
int pdf_fonts_char(const pdf_fonts *fonts, lay_font role, uint32_t cp, double *advance_em);
/* True when 'role' is drawn with a fake bold (fill and stroke). */
bool pdf_fonts_role_bold(const pdf_fonts *fonts, lay_font role);
/* Family and PostScript names of file 'fi' (from its name table; the file name when it has none). */
void pdf_fonts_file_names(const pdf_fonts *fonts, int fi, char *family, size_t family_size, char *ps,
                          size_t ps_size);
/* An OpenType subset of file 'fi' with the glyphs of the 'n' code points 'cps' and a cmap entry for
 * each of them (hb-subset; no hinting, no GSUB/GPOS/GDEF). *out is malloc'd (*len bytes). False
 * after reporting to 'diag'. Thread-safe for a prepared 'fonts'. */
/* The bar pdf_render draws between two dashes of a 破折号 ("——", U+2014/U+2015) in file 'fi'
 * whose ink does not touch, pens at 'pen1' and 'pen2' on the baseline 'baseline' (points, layout
 * space, y down), 'size' pt: box = x, top, width, height. False when no bar is drawn. */
bool pdf_fonts_dash_bridge(const pdf_fonts *fonts, int fi, uint32_t cp1, uint32_t cp2, double pen1, double pen2,
                           double baseline, double size, double box[4]);
/* Optional, after pdf_fonts_prepare() and before documents are written: a subset of each font file
 * to the run's collected characters (cmap kept, CFF desubroutinized), from which
 * pdf_fonts_subset_cmap() cuts each document's subset instead of from the whole font (a whole CJK
 * font made hb-subset most of the OFD writer's time). False after reporting to 'diag'. */
bool pdf_fonts_prepare_other(pdf_fonts *fonts, diag_sink *diag);
bool pdf_fonts_subset_cmap(const pdf_fonts *fonts, int fi, const uint32_t *cps, size_t n, unsigned char **out,
                           size_t *len, diag_sink *diag);

#endif
