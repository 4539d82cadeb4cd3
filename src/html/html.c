/* The blocks of a document as one HTML page: each builder call appends its element to the body;
 * a table's header rows go into <thead> as <th>, the rest into <tbody>. Text is escaped and never
 * broken: the browser sets the lines. Written atomically with outfile_write_all(). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/outfile.h"
#include "core/strbuf.h"
#include "html/html.h"
#include "text/text.h"

typedef struct {
  strbuf body;
  char *title; /* the <title>: the template's <info title>, else its first title */
  bool in_table, in_row, in_cell, in_head, head_closed;
  size_t header_rows, row;
  const char *cell_tag;
} page;

static void text(page *pg, const char *s) { strbuf_append_xml_escaped(&pg->body, s ? s : ""); }

static void element(page *pg, const char *tag, const char *cls, const char *s) {
  strbuf_printf(&pg->body, cls ? "<%s class=\"%s\">" : "<%s>", tag, cls);
  text(pg, s);
  strbuf_printf(&pg->body, "</%s>\n", tag);
}

/* A title (GB/T 9704 7.3.3: lines break between words) as the browser is to break it: <wbr> where
 * the PDF's title may break (a line-break opportunity at an ICU word boundary, not inside a term
 * or pair a title keeps whole: 信息技术, 项目), and the h1's word-break:keep-all forbids the rest;
 * the text itself is unchanged. */
static void title_text(page *pg, const char *s) {
  size_t len = strlen(s ? s : ""), n;
  txt_unit *u = NULL;
  if (!len || (n = txt_segment(s, len, &u)) < 2) {
    text(pg, s);
    free(u);
    return;
  }
  bool *words = txt_word_bounds(s, len), *inside = txt_kept_inside(s, len, u, n);
  size_t from = 0;
  for (size_t j = 1; j < n; j++) {
    if (!u[j].break_before || !words[u[j].offset] || inside[j] || txt_kept_pair(s, u, j)) continue;
    char *piece = strndup(s + from, u[j].offset - from);
    if (!piece) abort();
    strbuf_append_xml_escaped(&pg->body, piece);
    strbuf_append(&pg->body, "<wbr>");
    free(piece);
    from = u[j].offset;
  }
  strbuf_append_xml_escaped(&pg->body, s + from);
  free(words);
  free(inside);
  free(u);
}

static void title_element(page *pg, const char *tag, const char *cls, const char *s) {
  strbuf_printf(&pg->body, cls ? "<%s class=\"%s\">" : "<%s>", tag, cls);
  title_text(pg, s);
  strbuf_printf(&pg->body, "</%s>\n", tag);
}

static void table_close(page *pg);

static page *block(void *v) {
  page *pg = v;
  if (pg->in_table) table_close(pg);
  return pg;
}

static void info(void *v, const lay_info *i) {
  page *pg = v;
  if (i->title && *i->title) {
    free(pg->title);
    pg->title = strdup(i->title);
  }
}

static void masthead(void *v, const char *issuer, const char *number, src_loc at) {
  (void)at;
  page *pg = block(v);
  strbuf_append(&pg->body, "<header class=\"masthead\">\n");
  if (issuer && *issuer) element(pg, "p", "issuer", issuer);
  if (number && *number) element(pg, "p", "number", number);
  strbuf_append(&pg->body, "</header>\n");
}

static void title(void *v, const char *t, src_loc at) {
  (void)at;
  page *pg = block(v);
  if (!pg->title) pg->title = strdup(t ? t : "");
  title_element(pg, "h1", NULL, t);
}

static void paragraph(void *v, lay_para_style style, lay_element el, const char *t, src_loc at) {
  (void)at;
  page *pg = block(v);
  static const char *const cls[] = {"body", NULL, NULL, NULL, NULL, "plain", "center", "right"};
  if (style == LAY_PARA_H1) element(pg, "h2", NULL, t);
  else if (style == LAY_PARA_H2) element(pg, "h3", NULL, t);
  else if (style == LAY_PARA_H3 || style == LAY_PARA_H4) element(pg, "h4", NULL, t);
  else element(pg, "p", el == LAY_EL_RECIPIENT ? "recipient" : (unsigned)style < 8 ? cls[style] : NULL, t);
}

static void blank(void *v, int n) {
  (void)n;
  block(v);
}

static void note(void *v, const char *const *names, size_t count, src_loc at) {
  (void)at;
  page *pg = block(v);
  if (!count) return;
  strbuf_append(&pg->body, "<div class=\"attachments\"><span>附件：</span>");
  strbuf_append(&pg->body, count > 1 ? "<ol>" : "<ul>");
  for (size_t i = 0; i < count; i++) element(pg, "li", NULL, names[i]);
  strbuf_append(&pg->body, count > 1 ? "</ol></div>\n" : "</ul></div>\n");
}

static void signature(void *v, const char *issuer, const char *date, bool sealed, src_loc at) {
  (void)sealed, (void)at;
  page *pg = block(v);
  strbuf_append(&pg->body, "<div class=\"signature\">\n");
  if (issuer && *issuer) element(pg, "p", NULL, issuer);
  if (date && *date) element(pg, "p", NULL, date);
  strbuf_append(&pg->body, "</div>\n");
}

static void attachment(void *v, const char *label, const char *t, src_loc at) {
  (void)at;
  page *pg = block(v);
  strbuf_append(&pg->body, "<hr>\n");
  if (label && *label) element(pg, "p", "attachment-label", label);
  if (t && *t) title_element(pg, "h2", "attachment-title", t);
}

static void line(void *v, lay_para_style style, lay_font f, double size, const char *t, src_loc at) {
  (void)f, (void)size;
  paragraph(v, style, LAY_EL_NONE, t, at);
}

static void page_break(void *v) { block(v); }

static void table_begin(void *v, const lay_table_spec *spec, src_loc at) {
  (void)at;
  page *pg = block(v);
  pg->in_table = true;
  pg->header_rows = spec->header_rows;
  pg->row = 0;
  pg->in_head = pg->head_closed = false;
  strbuf_append(&pg->body, "<table>\n");
}

static void cell_close(page *pg) {
  if (!pg->in_cell) return;
  strbuf_printf(&pg->body, "</%s>", pg->cell_tag);
  pg->in_cell = false;
}

static void row_begin(void *v, double h) {
  (void)h;
  page *pg = v;
  if (!pg->in_table) return;
  bool head = pg->row < pg->header_rows;
  if (head && !pg->in_head) {
    strbuf_append(&pg->body, "<thead>\n");
    pg->in_head = true;
  } else if (!head && !pg->head_closed) {
    strbuf_append(&pg->body, pg->in_head ? "</thead>\n<tbody>\n" : "<tbody>\n");
    pg->head_closed = true;
  }
  pg->cell_tag = head ? "th" : "td";
  strbuf_append(&pg->body, "<tr>");
  pg->in_row = true;
}

static void cell(void *v, size_t colspan, size_t rowspan, lay_align a) {
  page *pg = v;
  if (!pg->in_row) return;
  cell_close(pg);
  strbuf_printf(&pg->body, "<%s", pg->cell_tag);
  if (colspan > 1) strbuf_printf(&pg->body, " colspan=\"%zu\"", colspan);
  if (rowspan > 1) strbuf_printf(&pg->body, " rowspan=\"%zu\"", rowspan);
  if (a == LAY_ALIGN_LEFT || a == LAY_ALIGN_JUSTIFY) strbuf_append(&pg->body, " class=\"left\"");
  strbuf_putc(&pg->body, '>');
  pg->in_cell = true;
}

static void cell_text(void *v, const char *t, lay_align a, src_loc at) {
  (void)a, (void)at;
  page *pg = v;
  if (!pg->in_cell) return;
  element(pg, "p", NULL, t);
  pg->body.len--; /* no newline inside a cell */
  pg->body.data[pg->body.len] = 0;
}

static void checkbox(void *v, const char *label, bool ticked, src_loc at) {
  (void)at;
  page *pg = v;
  if (!pg->in_cell) return;
  strbuf_append(&pg->body, "<span class=\"check\">");
  text(pg, ticked ? "\xE2\x98\x91" : "\xE2\x98\x90");
  text(pg, label);
  strbuf_append(&pg->body, "</span>");
}

static void space(void *v, double h) { (void)v, (void)h; }

static void row_end(void *v) {
  page *pg = v;
  if (!pg->in_row) return;
  cell_close(pg);
  strbuf_append(&pg->body, "</tr>\n");
  pg->in_row = false;
  pg->row++;
}

static void table_close(page *pg) {
  if (pg->in_row) row_end(pg);
  if (pg->in_head && !pg->head_closed) strbuf_append(&pg->body, "</thead>\n");
  if (pg->head_closed) strbuf_append(&pg->body, "</tbody>\n");
  strbuf_append(&pg->body, "</table>\n");
  pg->in_table = false;
}

static void table_end(void *v) {
  page *pg = v;
  if (pg->in_table) table_close(pg);
}

static void cover(void *v, const lay_cover *c, src_loc at) {
  (void)at;
  page *pg = block(v);
  for (size_t i = 0; i < c->title_count; i++) title_element(pg, "h1", NULL, c->titles[i].text);
}

static void colophon(void *v, const char *copy_to, const char *printer, const char *date, src_loc at) {
  (void)at;
  page *pg = block(v);
  strbuf_append(&pg->body, "<footer class=\"colophon\">\n");
  if (copy_to && *copy_to) {
    strbuf_append(&pg->body, "<p>抄送：");
    text(pg, copy_to);
    strbuf_append(&pg->body, "</p>\n");
  }
  strbuf_append(&pg->body, "<p><span>");
  text(pg, printer);
  strbuf_append(&pg->body, "</span> <span>");
  text(pg, date);
  strbuf_append(&pg->body, date && *date ? "印发</span></p>\n</footer>\n" : "</span></p>\n</footer>\n");
}

static const tpl_builder BUILDER = {
    .info = info,
    .masthead = masthead,
    .title = title,
    .paragraph = paragraph,
    .blank = blank,
    .attachment_note = note,
    .signature = signature,
    .attachment_start = attachment,
    .line = line,
    .page_break = page_break,
    .table_begin = table_begin,
    .row_begin = row_begin,
    .cell = cell,
    .cell_text = cell_text,
    .cell_checkbox = checkbox,
    .cell_space = space,
    .row_end = row_end,
    .table_end = table_end,
    .cover = cover,
    .colophon = colophon,
};

/* GB/T 9704's look in a browser's terms: 仿宋 body with the office's names first, 2em indents, the
 * red 版头, a ruled table; the fonts are the reader's (nothing is downloaded). */
static const char STYLE[] =
    "body{margin:0 auto;max-width:46em;padding:2em 1em;font:16pt/1.8 \"仿宋_GB2312\",FangSong,FandolFang,serif}\n"
    "h1{font:22pt/1.5 \"方正小标宋简体\",\"Noto Serif CJK SC\",serif;text-align:center;margin:1em 0;"
    "word-break:keep-all;overflow-wrap:anywhere;text-wrap:balance}\n"
    "h2{font:16pt/1.8 \"黑体\",SimHei,\"Noto Sans CJK SC\",sans-serif;margin:0;text-indent:2em}\n"
    "h3{font:16pt/1.8 \"楷体_GB2312\",KaiTi,\"LXGW WenKai\",serif;margin:0;text-indent:2em}\n"
    "h4{font-weight:normal;font-size:16pt;margin:0;text-indent:2em}\n"
    "p{margin:0}p.body{text-indent:2em;text-align:justify}p.center{text-align:center}p.right{text-align:right}\n"
    ".masthead{text-align:center;color:#e60000;border-bottom:2px solid #e60000;padding-bottom:.5em}\n"
    ".masthead .issuer{font:36pt/1.5 \"方正小标宋简体\",\"Noto Serif CJK SC\",serif}.masthead .number{color:#000}\n"
    ".attachments{margin:1.8em 0 0 2em;display:flex}.attachments ol,.attachments ul{margin:0;padding-left:1.5em}"
    ".attachments ul{list-style:none;padding:0}\n"
    ".signature{margin:1.8em 4em 0 auto;width:max-content;text-align:center}\n"
    "hr{margin:3em 0;border:0;border-top:1px dashed #999}.attachment-label{font-family:\"黑体\",SimHei,sans-serif}\n"
    "h2.attachment-title{font:22pt/1.5 \"方正小标宋简体\",\"Noto Serif CJK SC\",serif;text-align:center;text-indent:0;"
    "margin:.5em 0 1em;word-break:keep-all;overflow-wrap:anywhere;text-wrap:balance}\n"
    "table{border-collapse:collapse;width:100%;font-size:12pt;margin:.5em 0}\n"
    "th,td{border:1px solid #000;padding:.2em .4em;text-align:center}td.left{text-align:left}\n"
    ".colophon{margin-top:2em;border-top:2px solid #000;border-bottom:2px solid #000;font-size:14pt}\n"
    ".colophon p{padding:0 1em;border-bottom:1px solid #000}.colophon p:last-child{border:0;display:flex;"
    "justify-content:space-between}\n";

static void free_page(page *pg) {
  strbuf_release(&pg->body);
  free(pg->title);
}

bool html_render(const tpl_program *p, const tpl_document_spec *spec, const tpl_context *ctx, const char *path,
                 int *io_err, diag_sink *diag) {
  if (io_err) *io_err = 0;
  page pg = {0};
  strbuf_init(&pg.body);
  if (!tpl_render_blocks(p, spec, ctx, &BUILDER, &pg, diag)) {
    free_page(&pg);
    return false;
  }
  if (pg.in_table) table_close(&pg);
  strbuf out;
  strbuf_init(&out);
  strbuf_append(&out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
  strbuf_append_xml_escaped(&out, pg.title ? pg.title : "");
  strbuf_printf(&out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<article>\n", STYLE);
  strbuf_append_n(&out, pg.body.data ? pg.body.data : "", pg.body.len);
  strbuf_append(&out, "</article>\n</body>\n</html>\n");
  errno = 0;
  bool ok = outfile_write_all(path, out.data, out.len, diag);
  if (!ok && io_err) *io_err = errno ? errno : EIO;
  strbuf_release(&out);
  free_page(&pg);
  return ok;
}
