/* html: writes a document as one self-contained HTML page from its template's blocks (template.h
 * tpl_builder) — the 公示 as the bureau's website posts it: the same text as the PDF in paragraphs
 * the browser sets (no hard line breaks), headings, a semantic table (thead, th, tbody, td, with
 * colspan and rowspan) for the list, the signature and 版记 as their own blocks; one inline style
 * sheet, no script, no image, no external resource. Owns the page's markup. docs/docx.md. */
#ifndef YINFA_HTML_HTML_H
#define YINFA_HTML_HTML_H

#include <stdbool.h>

#include "core/diag.h"
#include "template/template.h"

/* Evaluates the template of 'spec' against 'ctx' and writes the page to 'path' (through a
 * temporary name: nothing is left under 'path' on failure). False after reporting (the template's
 * message, or a system error with *io_err set to its errno; 0 otherwise). */
bool html_render(const tpl_program *p, const tpl_document_spec *spec, const tpl_context *ctx, const char *path,
                 int *io_err, diag_sink *diag);

#endif
