/* ofd: writes finished layout pages (layout/page.h) as GB/T 33190-2016 OFD packages, beside the
 * PDFs pdf/ draws from the same pages: OFD.xml, Doc_0/Document.xml, PublicRes.xml with the fonts
 * embedded (a subset per document that keeps a cmap for every character written) and one
 * Content.xml per page, TextObjects placing every glyph where the PDF places it (DeltaX for each
 * advance), PathObjects for rules, boxes and checkboxes. OFD-A (GB/T 42133-2022) by default.
 * Owns the ZIP container (libzip) and the XML (libxml2's xmlTextWriter); fonts come from pdf/. */
#ifndef YINFA_OFD_OFD_H
#define YINFA_OFD_OFD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "layout/layout.h"
#include "layout/page.h"
#include "pdf/pdf.h"

typedef struct {
  bool plain;    /* DocType "OFD" instead of "OFD-A" ([output] ofd = ofd) */
  bool no_fsync; /* rename without fsync: the caller makes the run durable at once */
} ofd_options;

/* Writes every page of 'doc' to 'path' (through a temporary name in the same folder: on failure
 * nothing is left under 'path'). Metadata from lay_get_info(doc); the ZIP timestamps and the
 * creation date from info.date, else SOURCE_DATE_EPOCH, else 1980-01-01: identical input gives
 * identical bytes. Thread-safe for distinct documents sharing a prepared 'fonts'. Returns false
 * after reporting to 'diag' (errno as the failing call set it when the system failed). */
bool ofd_render(const pdf_fonts *fonts, const lay_document *doc, const ofd_options *opt, const char *path,
                diag_sink *diag);

/* ofd_render(), and on success *used lists the font files the document embeds (subsets of), in
 * pdf_render_used()'s order; *used is malloc'd (free() it; NULL when *used_count is 0). When the
 * file could not be written, *io_err (may be NULL) is the errno of the failing call; it stays 0
 * when the document itself failed. */
bool ofd_render_used(const pdf_fonts *fonts, const lay_document *doc, const ofd_options *opt, const char *path,
                     pdf_font_face **used, size_t *used_count, int *io_err, diag_sink *diag);

/* The same for pages not owned by a lay_document (tests, tools): 'pages' has 'count' entries. */
bool ofd_render_pages(const pdf_fonts *fonts, const lay_page *pages, size_t count, const lay_info *info,
                      const ofd_options *opt, const char *path, diag_sink *diag);

#endif
