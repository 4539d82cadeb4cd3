/* render_doc: pdf_render() for a finished lay_document (kept apart so that tools and tests that
 * build pages by hand do not link the layout engine), and which font files it embedded. */
#include <stdlib.h>

#include "core/xmalloc.h"
#include "pdf/pdf_private.h"

static bool render_doc(pdf_fonts *fonts, const lay_document *doc, const pdf_options *opt, const char *path,
                       bool *file_used, int *io_err, diag_sink *diag) {
  size_t count = lay_page_count(doc);
  const lay_page **list = xcalloc(count ? count : 1, sizeof *list);
  for (size_t i = 0; i < count; i++) list[i] = lay_page_get(doc, i);
  bool ok = pdf_render_list(fonts, list, count, lay_get_info(doc), opt, path, file_used, io_err, diag);
  free(list);
  return ok;
}

bool pdf_render(pdf_fonts *fonts, const lay_document *doc, const pdf_options *opt, const char *path,
                diag_sink *diag) {
  return render_doc(fonts, doc, opt, path, NULL, NULL, diag);
}

bool pdf_render_used(pdf_fonts *fonts, const lay_document *doc, const pdf_options *opt, const char *path,
                     pdf_font_face **used, size_t *used_count, int *io_err, diag_sink *diag) {
  *used = NULL;
  *used_count = 0;
  bool *flag = xcalloc(fonts->file_count ? fonts->file_count : 1, sizeof *flag);
  bool ok = render_doc(fonts, doc, opt, path, flag, io_err, diag);
  if (ok) pdf_fonts_used_faces(fonts, flag, used, used_count);
  free(flag);
  return ok;
}

void pdf_fonts_used_faces(const pdf_fonts *fonts, bool *flag, pdf_font_face **used, size_t *used_count) {
  *used = NULL;
  *used_count = 0;
  /* Files are loaded fallbacks first; an archive reads the roles' own fonts first. */
  for (int pass = 0; pass < 2; pass++)
    for (int r = 0; r < LAY_FONT_COUNT; r++) {
      const pdf_role *role = &fonts->roles[r];
      /* pass 0: the role's own font (chain[0]); pass 1: its fallbacks */
      for (int k = pass; k < (pass ? role->chain_len : 1); k++) {
        int fi = role->chain[k];
        if (!flag[fi]) continue;
        flag[fi] = false; /* each once */
        *used = xrealloc(*used, (*used_count + 1) * sizeof **used);
        (*used)[(*used_count)++] = (pdf_font_face){fonts->files[fi].path, fonts->files[fi].index};
      }
    }
}
