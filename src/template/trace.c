/* tpl_render_trace: records the builder calls a template makes, one line each, so tests and
 * template authors can see what a template does without laying anything out. */
#include <stdlib.h>

#include "template/template_private.h"

#define B(s) ((strbuf *)(s))

static const char *style_name(lay_para_style s) {
  static const char *names[] = {"body", "h1", "h2", "h3", "h4", "plain", "center", "right"};
  return (unsigned)s < 8 ? names[s] : "?";
}
static const char *align_name(lay_align a) {
  static const char *names[] = {"left", "center", "right", "justify"};
  return (unsigned)a < 4 ? names[a] : "?";
}
static const char *str(const char *s) { return s ? s : "(none)"; }

static void info(void *s, const lay_info *i) {
  strbuf_printf(B(s), "info title=%s author=%s subject=%s keywords=%s date=%s\n", str(i->title),
                str(i->author), str(i->subject), str(i->keywords), str(i->date));
}
static void masthead(void *s, const char *issuer, const char *number, src_loc at) {
  (void)at;
  strbuf_printf(B(s), "masthead %s | %s\n", str(issuer), str(number));
}
static void title(void *s, const char *t, src_loc at) {
  (void)at;
  strbuf_printf(B(s), "title %s\n", t);
}
static void paragraph(void *s, lay_para_style style, lay_element element, const char *t, src_loc at) {
  (void)at;
  const char *el = element == LAY_EL_RECIPIENT ? " [主送机关]" : element == LAY_EL_BODY ? " [正文]" : "";
  strbuf_printf(B(s), "p %s%s %s\n", style_name(style), el, t);
}
static void blank(void *s, int n) { strbuf_printf(B(s), "blank %d\n", n); }
static void note(void *s, const char *const *names, size_t count, src_loc at) {
  (void)at;
  strbuf_append(B(s), "attachments");
  for (size_t i = 0; i < count; i++) strbuf_printf(B(s), "%s%s", i ? " | " : " ", names[i]);
  strbuf_putc(B(s), '\n');
}
static void signature(void *s, const char *issuer, const char *date, bool sealed, src_loc at) {
  (void)at;
  strbuf_printf(B(s), "signature %s | %s%s\n", issuer, date, sealed ? "" : " | no seal");
}
static void attachment(void *s, const char *label, const char *t, src_loc at) {
  (void)at;
  strbuf_printf(B(s), "attachment %s | %s\n", str(label), str(t));
}
static void line(void *s, lay_para_style style, lay_font font, double size_pt, const char *t,
                 src_loc at) {
  (void)at;
  strbuf_printf(B(s), "line %s font%d %g %s\n", style_name(style), (int)font, size_pt, t);
}
static void page_break(void *s) { strbuf_append(B(s), "page-break\n"); }
static void table_begin(void *s, const lay_table_spec *spec, src_loc at) {
  (void)at;
  strbuf_printf(B(s), "table columns=%zu header=%zu size=%g weights=", spec->columns,
                spec->header_rows, spec->font_size_pt);
  for (size_t i = 0; i < spec->columns; i++)
    strbuf_printf(B(s), "%s%g", i ? "," : "", spec->weights ? spec->weights[i] : 1.0);
  strbuf_putc(B(s), '\n');
}
static void row_begin(void *s, double h) { strbuf_printf(B(s), "row %g\n", h); }
static void cell(void *s, size_t c, size_t r, lay_align a) {
  strbuf_printf(B(s), "cell %zux%zu %s\n", c, r, align_name(a));
}
static void cell_text(void *s, const char *t, lay_align a, src_loc at) {
  (void)at;
  strbuf_printf(B(s), "text %s %s\n", align_name(a), t);
}
static void checkbox(void *s, const char *label, bool ticked, src_loc at) {
  (void)at;
  strbuf_printf(B(s), "checkbox [%c] %s\n", ticked ? 'x' : ' ', label);
}
static void space(void *s, double h) { strbuf_printf(B(s), "space %g\n", h); }
static void row_end(void *s) { strbuf_append(B(s), "/row\n"); }
static void row_heads(void *s) { strbuf_append(B(s), "row-heads\n"); }
static void table_end(void *s) { strbuf_append(B(s), "/table\n"); }

static void cover(void *s, const lay_cover *c, src_loc at) {
  (void)at;
  strbuf_printf(B(s), "cover top=%g size=%g\n", c->title_top_pt, c->fill_size_pt);
  for (size_t i = 0; i < c->title_count; i++)
    strbuf_printf(B(s), "  title font%d %g %s\n", (int)c->titles[i].font, c->titles[i].size_pt,
                  c->titles[i].text);
  for (size_t i = 0; i < c->fill_count; i++)
    strbuf_printf(B(s), "  fill %s[%s] empty=[%s]\n", c->fills[i].label,
                  c->fills[i].value ? c->fills[i].value : "", c->fills[i].empty);
  strbuf_printf(B(s), "  footer %s\n", str(c->footer));
}
static void colophon(void *s, const char *copy_to, const char *printer, const char *date,
                     src_loc at) {
  (void)at;
  strbuf_printf(B(s), "colophon 抄送=%s | %s | %s\n", str(copy_to), str(printer), str(date));
}

static const tpl_builder trace_builder = {info,        masthead,  title,      paragraph, blank,
                                          note,        signature, attachment, line,      page_break,
                                          table_begin, row_begin, cell,       cell_text, checkbox,
                                          space,       row_end,   table_end,  cover,     colophon,
                                          row_heads};

char *tpl_render_trace(const tpl_program *p, const tpl_document_spec *doc, const tpl_context *ctx,
                       diag_sink *diag) {
  strbuf b;
  strbuf_init(&b);
  strbuf_append(&b, "");
  if (!tpl_eval(p, doc, ctx, &trace_builder, &b, diag)) {
    strbuf_release(&b);
    return NULL;
  }
  return strbuf_detach(&b);
}
