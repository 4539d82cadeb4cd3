/* render_doc: pdf_render() for a finished lay_document (kept apart so that tools and tests that
 * build pages by hand do not link the layout engine). */
#include <stdlib.h>

#include "core/xmalloc.h"
#include "pdf/pdf_private.h"

bool pdf_render(pdf_fonts *fonts, const lay_document *doc, const pdf_options *opt, const char *path,
                diag_sink *diag) {
  size_t count = lay_page_count(doc);
  const lay_page **list = xcalloc(count ? count : 1, sizeof *list);
  for (size_t i = 0; i < count; i++) list[i] = lay_page_get(doc, i);
  bool ok = pdf_render_list(fonts, list, count, lay_get_info(doc), opt, path, diag);
  free(list);
  return ok;
}
