/* fonts_other: the run's fonts as other page formats (ofd/) need them — which file draws a
 * character and with what advance (the same numbers pdf/ draws with, so both formats put every
 * glyph in one place), a name for each file, and a subset of a file that KEEPS a cmap for every
 * character asked for. The PDF's subsets drop the cmap (PDF maps text through ToUnicode); an OFD
 * reader works from characters, so it needs one. Kept here so that pdf/ stays the only user of
 * HarfBuzz (docs/ofd.md). */
#include <stdio.h>
#include <string.h>

#include <hb-ot.h>
#include <hb-subset.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "pdf/pdf_private.h"

int pdf_fonts_char(const pdf_fonts *fonts, lay_font role, uint32_t cp, double *advance_em) {
  *advance_em = 0;
  if ((unsigned)role >= LAY_FONT_COUNT) return -1;
  int fi = pdf_resolve(fonts, role, cp);
  if (fi < 0) return -1;
  const pdf_font_file *f = &fonts->files[fi];
  *advance_em = f->upem ? (double)f->adv[pdf_file_gid(f, cp)] / f->upem : 0;
  return fi;
}

bool pdf_fonts_role_bold(const pdf_fonts *fonts, lay_font role) {
  return (unsigned)role < LAY_FONT_COUNT && fonts->roles[role].fake_bold;
}

void pdf_fonts_file_names(const pdf_fonts *fonts, int fi, char *family, size_t family_size, char *ps,
                          size_t ps_size) {
  const pdf_font_file *f = &fonts->files[fi];
  unsigned len = (unsigned)family_size;
  if (!family_size || !hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_FONT_FAMILY, hb_language_from_string("en", -1),
                                           &len, family)) {
    const char *base = strrchr(f->path, '/');
    snprintf(family, family_size, "%s", base ? base + 1 : f->path);
  }
  len = (unsigned)ps_size;
  if (!ps_size || !hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len, ps))
    snprintf(ps, ps_size, "%s", family);
}

/* hb-subset of 'face' to 'uni' (taken), cmap kept; NULL when hb-subset fails. */
static hb_face_t *subset(hb_face_t *face, hb_set_t *uni, bool desubr) {
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in) xoom();
  hb_set_union(hb_subset_input_unicode_set(in), uni);
  hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NOTDEF_OUTLINE |
                                    (desubr ? HB_SUBSET_FLAGS_DESUBROUTINIZE : 0));
  hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
  hb_set_add(drop, HB_TAG('G', 'S', 'U', 'B'));
  hb_set_add(drop, HB_TAG('G', 'P', 'O', 'S'));
  hb_set_add(drop, HB_TAG('G', 'D', 'E', 'F'));
  hb_face_t *built = hb_subset_or_fail(face, in);
  hb_subset_input_destroy(in);
  if (!built) return NULL;
  /* a builder face cannot be subset again: serialize and reopen */
  hb_blob_t *blob = hb_face_reference_blob(built);
  hb_face_destroy(built);
  hb_face_t *out = hb_face_create(blob, 0);
  hb_blob_destroy(blob);
  return out;
}

bool pdf_fonts_prepare_other(pdf_fonts *fonts, diag_sink *diag) {
  hb_set_t *uni = hb_set_create();
  hb_set_union(uni, fonts->collected);
  hb_set_add(uni, 0x2610); /* ☐ ☑ behind the checkboxes */
  hb_set_add(uni, 0x2611);
  for (size_t i = 0; i < fonts->file_count; i++) {
    pdf_font_file *f = &fonts->files[i];
    hb_face_destroy(f->other);
    if (!(f->other = subset(f->face, uni, f->sfnt.cff))) {
      diag_error(diag, ((src_loc){f->label, 0, 0, NULL}), L("hb-subset failed for this font", "hb-subset 无法为此字体生成子集"));
      hb_set_destroy(uni);
      return false;
    }
  }
  hb_set_destroy(uni);
  return true;
}

/* True when 'face' maps every one of 'cps' to a glyph. */
static bool covers(hb_face_t *face, const uint32_t *cps, size_t n) {
  hb_set_t *have = hb_set_create();
  hb_face_collect_unicodes(face, have);
  bool all = true;
  for (size_t i = 0; all && i < n; i++) all = hb_set_has(have, cps[i]);
  hb_set_destroy(have);
  return all;
}

bool pdf_fonts_subset_cmap(const pdf_fonts *fonts, int fi, const uint32_t *cps, size_t n, unsigned char **out,
                           size_t *len, diag_sink *diag) {
  const pdf_font_file *f = &fonts->files[fi];
  *out = NULL;
  *len = 0;
  hb_set_t *uni = hb_set_create();
  for (size_t i = 0; i < n; i++) hb_set_add(uni, cps[i]);
  /* from the run's subset when it has every character (it has, unless text was never collected) */
  bool from_run = f->other && covers(f->other, cps, n);
  hb_face_t *sub = subset(from_run ? f->other : f->face, uni, false);
  hb_set_destroy(uni);
  if (!sub) {
    diag_error(diag, ((src_loc){f->label, 0, 0, NULL}),
               L("hb-subset failed for this font", "hb-subset 无法为此字体生成子集"));
    return false;
  }
  hb_blob_t *blob = hb_face_reference_blob(sub);
  hb_face_destroy(sub);
  unsigned blen = 0;
  const char *data = hb_blob_get_data(blob, &blen);
  if (data && blen) {
    *out = xmalloc(blen);
    memcpy(*out, data, blen);
    *len = blen;
  }
  hb_blob_destroy(blob);
  if (!*len)
    diag_error(diag, ((src_loc){f->label, 0, 0, NULL}),
               L("hb-subset gave an empty font", "hb-subset 生成的字体子集为空"));
  return *len > 0;
}

size_t pdf_fonts_file_count(const pdf_fonts *fonts) { return fonts->file_count; }

bool pdf_fonts_dash_bridge(const pdf_fonts *fonts, int fi, uint32_t cp1, uint32_t cp2, double pen1, double pen2,
                           double baseline, double size, double box[4]) {
  if (fi < 0 || (size_t)fi >= fonts->file_count || !pdf_is_dash((int32_t)cp1) || !pdf_is_dash((int32_t)cp2))
    return false;
  pdf_bridge b;
  /* pdf_dash_bridge works y up from a baseline: at 0, its y are heights above the baseline */
  if (!pdf_dash_bridge(&fonts->files[fi], cp1, cp2, pen1, pen2, 0, size, &b)) return false;
  box[0] = b.x1;
  box[1] = baseline - b.y2;
  box[2] = b.x2 - b.x1;
  box[3] = b.y2 - b.y1;
  return true;
}
