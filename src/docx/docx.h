/* docx: writes a document as an Office Open XML WordprocessingML package (.docx, ECMA-376) from
 * its template's blocks — the titles, paragraphs, tables, signature and 版记 as the template
 * evaluation gives them (template.h tpl_builder), before any line is broken — so that Word and WPS
 * reflow it when the office edits it. GB/T 9704-2012 lives in the package's own settings: A4, the
 * 156 × 225 mm 版心, a 28-character × 22-line document grid, the styles (仿宋 三号 body, 小标宋
 * 二号 title, 黑体 and 楷体 headings), the red 版头, the signature per 7.3.5, "— N —" page numbers
 * on alternating sides, the 版记 between its rules, tables repeating their header rows; fonts
 * named as an office has them, the free fonts yinfa uses as their alternates. Owns the ZIP
 * container (libzip) and the XML (libxml2's xmlTextWriter). docs/docx.md. */
#ifndef YINFA_DOCX_DOCX_H
#define YINFA_DOCX_DOCX_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "layout/layout.h"
#include "template/template.h"

typedef struct {
  /* The creation date, "YYYY-MM-DD" (the round's 成文日期): docProps and every ZIP entry's time,
   * so identical input gives identical bytes. NULL: lay_info_time()'s choice (the template's
   * <info date>, else SOURCE_DATE_EPOCH), else 1980-01-01. */
  const char *date_iso;
  bool no_fsync; /* rename without fsync: the caller makes the run durable at once */
} docx_options;

/* A document being built from blocks; opaque. Free with docx_document_free(). */
typedef struct docx_document docx_document;

/* 'options': page numbers (the notices' "— N —" footers) and the grid, as the document's
 * program.xml declares them (tpl_document_spec.options). */
docx_document *docx_document_new(lay_options options);
void docx_document_free(docx_document *d);

/* The builder that fills a docx_document (the sink passed with it to tpl_render_blocks()). */
const tpl_builder *docx_builder(void);

/* Finishes the document (no blocks may be added afterwards; call once) and writes its package
 * to 'path' through a temporary name in the same folder (nothing is left under
 * 'path' on failure). False after reporting to 'diag'; *io_err is then the errno of the write that
 * failed (a system error), 0 otherwise. */
bool docx_write(docx_document *d, const docx_options *opt, const char *path, int *io_err, diag_sink *diag);

/* Evaluates the template of 'spec' against 'ctx' into a new document and writes it to 'path':
 * the writer's one entry point. False after reporting (the template's located message, or a
 * system error with *io_err set). */
bool docx_render(const tpl_program *p, const tpl_document_spec *spec, const tpl_context *ctx,
                 const docx_options *opt, const char *path, int *io_err, diag_sink *diag);

#endif
