/* tpl_render: the evaluator driving the layout builder (layout/layout.h). Kept apart from
 * eval.c so that tests using tpl_render_trace() do not link the layout module. */
#include "template/template_private.h"

/* The document, and the table being built in it (tables do not nest). */
typedef struct {
  lay_document *doc;
  lay_table *table;
} lay_sink;

#define DOC(s) (((lay_sink *)(s))->doc)
#define TABLE(s) (((lay_sink *)(s))->table)

static void info(void *s, const lay_info *i) { lay_set_info(DOC(s), i); }
static void masthead(void *s, const char *issuer, const char *number, src_loc at) {
  lay_add_masthead(DOC(s), issuer, number, at);
}
static void title(void *s, const char *t, src_loc at) { lay_add_title(DOC(s), t, at); }
static void paragraph(void *s, lay_para_style style, lay_element element, const char *t, src_loc at) {
  lay_set_element(DOC(s), element);
  lay_add_paragraph(DOC(s), style, t, at);
  lay_set_element(DOC(s), LAY_EL_NONE);
}
static void blank(void *s, int n) { lay_add_blank_lines(DOC(s), n); }
static void note(void *s, const char *const *names, size_t count, src_loc at) {
  lay_add_attachment_note(DOC(s), names, count, at);
}
static void signature(void *s, const char *issuer, const char *date, bool sealed, src_loc at) {
  lay_add_signature(DOC(s), issuer, date, sealed ? LAY_SIGN_SEALED : LAY_SIGN_UNSEALED, at);
}
static void attachment(void *s, const char *label, const char *t, src_loc at) {
  lay_add_attachment_start(DOC(s), label, t, at);
}
static void line(void *s, lay_para_style style, lay_font font, double size_pt, const char *t,
                 src_loc at) {
  lay_add_line(DOC(s), style, font, size_pt, t, at);
}
static void page_break(void *s) { lay_add_page_break(DOC(s)); }
static void table_begin(void *s, const lay_table_spec *spec, src_loc at) {
  TABLE(s) = lay_table_begin(DOC(s), spec, at);
}
static void row_begin(void *s, double h) { lay_table_row_begin(TABLE(s), h); }
static void cell(void *s, size_t c, size_t r, lay_align a) { lay_table_cell(TABLE(s), c, r, a); }
static void cell_text(void *s, const char *t, lay_align a, src_loc at) {
  lay_cell_text(TABLE(s), t, a, at);
}
static void checkbox(void *s, const char *label, bool ticked, src_loc at) {
  lay_cell_checkbox(TABLE(s), label, ticked, at);
}
static void space(void *s, double h) { lay_cell_space(TABLE(s), h); }
static void row_end(void *s) { lay_table_row_end(TABLE(s)); }
static void table_end(void *s) {
  lay_table_end(TABLE(s));
  TABLE(s) = NULL;
}

static void cover(void *s, const lay_cover *c, src_loc at) { lay_add_cover(DOC(s), c, at); }
static void colophon(void *s, const char *copy_to, const char *printer, const char *date,
                     src_loc at) {
  lay_add_colophon(DOC(s), copy_to, printer, date, at);
}

static void row_heads(void *s) { lay_table_row_heads(TABLE(s)); }

static const tpl_builder layout_builder = {
    info,      masthead,   title,    paragraph,  blank,       note,
    signature, attachment, line,     page_break, table_begin, row_begin,
    cell,      cell_text,  checkbox, space,      row_end,     table_end,
    cover,     colophon, row_heads};

bool tpl_render(const tpl_program *p, const tpl_document_spec *doc, const tpl_context *ctx,
                lay_document *out, diag_sink *diag) {
  lay_sink sink = {out, NULL};
  return tpl_eval(p, doc, ctx, &layout_builder, &sink, diag);
}
