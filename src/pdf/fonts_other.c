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

bool pdf_fonts_subset_cmap(const pdf_fonts *fonts, int fi, const uint32_t *cps, size_t n, unsigned char **out,
                           size_t *len, diag_sink *diag) {
  const pdf_font_file *f = &fonts->files[fi];
  *out = NULL;
  *len = 0;
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in) xoom();
  hb_set_t *uni = hb_subset_input_unicode_set(in);
  for (size_t i = 0; i < n; i++) hb_set_add(uni, cps[i]);
  /* Glyph ids kept as they are would leave a CJK font's tables at full size; renumbered glyphs
   * are fine as the text is mapped through the subset's own cmap. */
  hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
  hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
  hb_set_add(drop, HB_TAG('G', 'S', 'U', 'B'));
  hb_set_add(drop, HB_TAG('G', 'P', 'O', 'S'));
  hb_set_add(drop, HB_TAG('G', 'D', 'E', 'F'));
  hb_face_t *built = hb_subset_or_fail(f->face, in);
  hb_subset_input_destroy(in);
  if (!built) {
    diag_error(diag, ((src_loc){f->label, 0, 0, NULL}),
               L("hb-subset failed for this font", "hb-subset 无法为此字体生成子集"));
    return false;
  }
  hb_blob_t *blob = hb_face_reference_blob(built);
  hb_face_destroy(built);
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
