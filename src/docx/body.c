/* The blocks of a document as the body of word/document.xml: each builder call of the template
 * evaluation becomes paragraphs (styled, never broken into lines: Word and WPS set them) or a
 * table. Where GB/T 9704 places a block by geometry, the paragraph says it as Word would: the
 * 版头's 35 mm as space before, the red rule as the 发文字号's bottom border, the signature's
 * indents in characters of the grid (7.3.5), the 版记 as framed paragraphs at the foot of the
 * page. Runs and paragraphs are para.c's, tables table.c's. */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "docx/docx_private.h"
#include "text/text.h"

/* ---- the blocks of GB/T 9704 ---- */

static void t_info(void *s, const lay_info *i) {
  docx_document *d = s;
  const char **dst[] = {&d->info.title, &d->info.author, &d->info.subject, &d->info.keywords, &d->info.creator,
                        &d->info.date};
  const char *src[] = {i->title, i->author, i->subject, i->keywords, i->creator, i->date};
  for (size_t k = 0; k < sizeof src / sizeof src[0]; k++) {
    free((char *)*dst[k]);
    *dst[k] = src[k] ? xstrdup(src[k]) : NULL;
  }
}

static void t_masthead(void *s, const char *issuer, const char *number, src_loc at) {
  (void)at;
  docx_document *d = dx_block(s);
  if (issuer && *issuer) {
    dx_para_fmt f = dx_fmt_of("GwMasthead");
    f.before_tw = 35 * 1440 * 10 / 254; /* 7.2.4: 35 mm below the top of the 版心 */
    /* 小初 36 pt, smaller when the name is wider than the 版心 (as the layout shrinks it) */
    long w = dx_width_chars(issuer), half = 72;
    if (w * 36 > DX_MEASURE / 20 * 100) half = (long)(2.0 * DX_MEASURE / 20 * 100 / (double)w);
    dx_para(d, &f, issuer, (dx_run_fmt){-1, half == 72 ? 0 : (int)half, false});
  }
  /* 7.2.5-7.2.6: the 发文字号 two lines below, the red rule 4 mm under it as its bottom border */
  dx_para_fmt f = dx_fmt_of("GwDocNumber");
  f.before_lines = 200;
  dx_para(d, &f, number, DX_PLAIN_RUN);
  d->after_masthead = true;
}

static void t_title(void *s, const char *text, src_loc at) {
  (void)at;
  docx_document *d = dx_block(s);
  if (d->after_masthead) { /* 7.3.1: two blank lines under the red rule */
    dx_blank_para(d);
    dx_blank_para(d);
    d->after_masthead = false;
  }
  dx_para_fmt f = dx_fmt_of("Title");
  dx_para(d, &f, text, DX_PLAIN_RUN);
}

static void t_paragraph(void *s, lay_para_style style, lay_element element, const char *text, src_loc at) {
  (void)at, (void)element;
  docx_document *d = s;
  if (d->in_table) dx_table_close(d); /* not dx_block: the paragraphs held before this one stay held */
  d->after_masthead = false;
  dx_para_fmt f = dx_style_fmt(style);
  if (style >= LAY_PARA_H1 && style <= LAY_PARA_H4) f.keep_next = true;
  dx_hold(d, &f, text);
}

static void t_blank(void *s, int count) {
  docx_document *d = dx_block(s);
  for (int i = 0; i < count; i++) dx_blank_para(d);
}

/* 7.3.4: one blank line, then "附件：" two characters in; several attachments numbered, every
 * name's wrapped lines hanging under its first character. */
static void t_attachment_note(void *s, const char *const *names, size_t count, src_loc at) {
  (void)at;
  if (count == 0) return;
  dx_flush_held(s, true); /* the 附件说明 heads the signature block: two lines of text come along */
  docx_document *d = dx_block(s);
  dx_para_fmt blank = dx_fmt_of(NULL);
  blank.keep_next = true;
  dx_para(d, &blank, NULL, DX_PLAIN_RUN);
  const long label = 300, num = count > 1 ? 150 : 0; /* 附件： and "1." with its gap */
  for (size_t i = 0; i < count; i++) {
    dx_para_fmt f = dx_fmt_of(NULL);
    f.left = 200 + label + num;
    f.hanging = i == 0 ? label + num : num;
    f.keep_next = true;
    dx_para_begin(d, &f);
    char n[32];
    if (i == 0) dx_run(d, "附件：", DX_PLAIN_RUN);
    if (count > 1) {
      snprintf(n, sizeof n, "%zu.\t", i + 1); /* the tab goes to the hanging indent */
      dx_run(d, n, DX_PLAIN_RUN);
    }
    dx_run(d, names[i] ? names[i] : "", DX_PLAIN_RUN);
    dx_para_end(d);
  }
}

/* Hundredths of a character of bytes [a, b) of 's', as dx_width_chars counts them. */
static long width_of(const char *s, size_t a, size_t b) {
  long w = 0;
  for (size_t k = a; k < b; k++) {
    unsigned char c = (unsigned char)s[k];
    if (c < 0x80) w += 50;
    else if ((c & 0xC0) != 0x80) w += 100;
  }
  return w;
}

/* The lines of a sealed issuer too wide to be centred over the date in one (7.3.5.1, 'room'
 * hundredths of a character on the centre's narrower side, doubled), as the PDF sets them: as
 * the template broke it (a newline) when each line fits, else in two balanced lines broken where
 * layout breaks them (txt_name_break: after an organ's name near the middle). Writes the byte
 * ranges of the lines into begin[]/end[] and returns their count: 1, the name as it is, when it
 * fits, or when no two lines fit (the PDF fails such a document). */
static size_t issuer_lines(const char *issuer, long room, size_t begin[2], size_t end[2]) {
  size_t len = strlen(issuer);
  begin[0] = 0, end[0] = len;
  const char *nl = strchr(issuer, '\n');
  if (nl && !strchr(nl + 1, '\n')) { /* hand-broken in two: as given, when each line fits */
    size_t k = (size_t)(nl - issuer);
    if (width_of(issuer, 0, k) > room || width_of(issuer, k + 1, len) > room) return 1;
    end[0] = k, begin[1] = k + 1, end[1] = len;
    return 2;
  }
  if (nl || width_of(issuer, 0, len) <= room) return 1;
  txt_unit *u = NULL;
  size_t n = txt_segment(issuer, len, &u);
  double *w = xcalloc(n ? n : 1, sizeof *w);
  for (size_t k = 0; k < n; k++) w[k] = (double)width_of(issuer, u[k].offset, u[k].offset + u[k].len) / 100;
  size_t at = txt_name_break(issuer, len, u, n, w, 0, 1, (double)room / 100, NULL);
  size_t lines = 1;
  if (at > 0) {
    size_t a = u[at].offset, b = a; /* a space at the break belongs to neither line */
    while (a > 0 && issuer[a - 1] == ' ') a--;
    while (issuer[b] == ' ') b++;
    end[0] = a, begin[1] = b, end[1] = len, lines = 2;
  }
  free(w);
  free(u);
  return lines;
}

/* 7.3.5.1 (sealed): the date 4 characters from the right, the issuer centred over it, in two
 * lines each centred over it when it is too long for one (as the PDF: layout/flow.c);
 * 7.3.5.2 (not sealed): the issuer 2 characters from the right, the date 2 characters right of
 * its start (both move left together when the date is longer). Indents in characters of the grid. */
static void t_signature(void *s, const char *issuer, const char *date, bool sealed, src_loc at) {
  (void)at;
  dx_flush_held(s, true); /* 7.3.5.5: never without two lines of its text */
  docx_document *d = dx_block(s);
  const char *name = issuer ? issuer : "";
  long wi = dx_width_chars(name), wd = dx_width_chars(date), ri, rd;
  size_t begin[2] = {0, 0}, end[2] = {strlen(name), 0}, lines = 1;
  if (sealed) {
    rd = 400;
    lines = issuer_lines(name, 2 * rd + wd, begin, end); /* the right side is the narrower */
    ri = rd + (wd - wi) / 2;
  } else {
    ri = 200;
    rd = ri + wi - 200 - wd;
    if (rd < 200) {
      rd = 200;
      ri = 400 + wd - wi;
    }
  }
  if (ri < 0) ri = 0;
  if (rd < 0) rd = 0;
  dx_para_fmt b = dx_fmt_of(NULL);
  b.keep_next = true; /* 7.3.5.5: the signature never stands alone */
  dx_para(d, &b, NULL, DX_PLAIN_RUN);
  for (size_t li = 0; li < lines && *name; li++) {
    char *line = xstrndup(name + begin[li], end[li] - begin[li]);
    dx_para_fmt f = dx_fmt_of("GwSignature");
    f.right = lines == 1 ? ri : rd + (wd - dx_width_chars(line)) / 2;
    f.keep_next = true;
    dx_para(d, &f, line, DX_PLAIN_RUN);
    free(line);
  }
  if (date && *date) {
    dx_para_fmt f = dx_fmt_of("GwSignature");
    f.right = rd;
    dx_para(d, &f, date, DX_PLAIN_RUN);
  }
}

/* 7.3.7: a new page, "附件N" 黑体 on its first line, the title centred on the third. */
static void t_attachment_start(void *s, const char *label, const char *title, src_loc at) {
  (void)at;
  docx_document *d = dx_block(s);
  d->break_pending = true;
  if (label && *label) {
    dx_para_fmt f = dx_fmt_of("GwAttachmentLabel");
    dx_para(d, &f, label, DX_PLAIN_RUN);
    dx_blank_para(d);
  }
  if (title && *title) {
    dx_para_fmt f = dx_fmt_of("Title");
    dx_para(d, &f, title, DX_PLAIN_RUN);
  }
}

static void t_line(void *s, lay_para_style style, lay_font font, double size_pt, const char *text, src_loc at) {
  (void)at;
  docx_document *d = dx_block(s);
  dx_para_fmt f = dx_style_fmt(style);
  if (style != LAY_PARA_BODY && f.style && strncmp(f.style, "Heading", 7) == 0) f.style = NULL;
  int half = size_pt > 0 ? (int)(size_pt * 2 + 0.5) : 0;
  dx_para(d, &f, text, (dx_run_fmt){(int)font, half == DX_BODY_HALF_PT ? 0 : half, false});
}

static void t_page_break(void *s) {
  docx_document *d = dx_block(s);
  d->break_pending = true;
}

/* 封面: the titles centred, the fill-in lines as "label value" lines, the footer; then a new page. */
static void t_cover(void *s, const lay_cover *c, src_loc at) {
  (void)at;
  docx_document *d = dx_block(s);
  dx_blank_para(d);
  for (size_t i = 0; i < c->title_count; i++) {
    dx_para_fmt f = dx_fmt_of(NULL);
    f.jc = "center";
    int half = c->titles[i].size_pt > 0 ? (int)(c->titles[i].size_pt * 2 + 0.5) : DX_TITLE_HALF_PT;
    dx_para(d, &f, c->titles[i].text, (dx_run_fmt){(int)c->titles[i].font, half, false});
  }
  for (int i = 0; i < 4; i++) dx_blank_para(d);
  for (size_t i = 0; i < c->fill_count; i++) {
    dx_para_fmt f = dx_fmt_of(NULL);
    f.left = 400;
    dx_para_begin(d, &f);
    dx_run(d, c->fills[i].label, DX_PLAIN_RUN);
    const char *v = c->fills[i].value && *c->fills[i].value ? c->fills[i].value : c->fills[i].empty;
    dx_run(d, v ? v : "", DX_PLAIN_RUN);
    dx_para_end(d);
  }
  if (c->footer && *c->footer) {
    dx_blank_para(d);
    dx_para_fmt f = dx_fmt_of(NULL);
    f.jc = "center";
    dx_para(d, &f, c->footer, DX_PLAIN_RUN);
  }
  d->break_pending = true;
}

static void write_sect_pr(docx_document *d, bool colophon);

/* How many lines of the 22 the 版记 takes at most: the 抄送 line wrapped at 26 四号 characters
 * (31 to the measure, one in on each side, 抄送： or the hanging indent), the 印发 line on two
 * when the 印发机关 and date do not fit one. Over-counted rather than under: the space above it
 * must never push its last line onto the next (odd) page. */
static long colophon_lines(const char *copy_to, const char *printer, const char *date) {
  long lines = 1, per = 26 * 100;
  if (copy_to && *copy_to) {
    long w = dx_width_chars(copy_to);
    lines += 1 + (w > per ? (w - per + per - 1) / per : 0);
  }
  long pw = (printer ? dx_width_chars(printer) : 0) + (date ? dx_width_chars(date) : 0) + 300;
  if (pw > 29 * 100) lines++;
  return lines;
}

/* 7.4 and clause 8: the 版记 at the foot of the last page, which is an even page (the back of the
 * last sheet), between rules as wide as the 版心 (first and last 0.35 mm, inner 0.25 mm), 四号,
 * one character in on each side. Word and WPS paginate, not yinfa, so the page it falls on is
 * unknown here: the 版记 is a section of its own that starts on the next even page
 * (w:type evenPage) with its content at the page's foot (w:vAlign bottom), so that it is on an
 * even page at the foot of the 版心 in Word, WPS and LibreOffice (which set a frame right after
 * the text instead). The cost: when the text ends on an even page with room, the 版记 goes two
 * pages on, not under it as in yinfa's PDF. The rules are the paragraphs' borders, the character
 * in a tab stop. */
static void t_colophon(void *s, const char *copy_to, const char *printer, const char *date, src_loc at) {
  (void)at;
  docx_document *d = dx_block(s);
  if (!d->colophon_section) { /* the text's section ends here: a paragraph holding its settings */
    d->break_pending = false; /* the section break starts the page */
    dx_start(d->x, "w:p");
    dx_start(d->x, "w:pPr");
    write_sect_pr(d, false);
    dx_end(d->x);
    dx_end(d->x);
    d->colophon_section = true;
  }
  const int outer = 8, inner = 6; /* 1 pt and 0.75 pt, in eighths of a point */
  const long em = 280;            /* one 四号 character, twips */
  bool cc = copy_to && *copy_to;
  /* the lines above it on its page (one spare), for readers that do not align a section's
   * content to the foot (LibreOffice 7.4): there it stands a line above the foot, not at the top */
  long above = 22 - 1 - colophon_lines(copy_to, printer, date);
  if (above < 0) above = 0;
  if (cc) {
    dx_para_fmt f = dx_fmt_of("GwColophon");
    f.before_tw = above * DX_LINE_PITCH;
    f.border_top = outer;
    f.border_bottom = inner;
    f.line_tw = DX_LINE_PITCH;
    f.left_tab_tw = em;
    f.left_tw = 4 * em; /* the names' wrapped lines under the first, after 抄送： */
    f.hanging_tw = 4 * em;
    dx_para_begin(d, &f);
    dx_run(d, "\t抄送：", DX_PLAIN_RUN);
    dx_run(d, copy_to, DX_PLAIN_RUN);
    dx_para_end(d);
  }
  dx_para_fmt f = dx_fmt_of("GwColophon");
  if (!cc) f.before_tw = above * DX_LINE_PITCH;
  f.border_top = cc ? 0 : outer;
  f.border_bottom = outer;
  f.line_tw = DX_LINE_PITCH;
  f.left_tab_tw = em;
  f.right_tab_tw = DX_MEASURE - em;
  dx_para_begin(d, &f);
  dx_run(d, "\t", DX_PLAIN_RUN);
  if (printer && *printer) dx_run(d, printer, DX_PLAIN_RUN);
  if (date && *date) {
    dx_run(d, "\t", DX_PLAIN_RUN);
    char *t = xmalloc(strlen(date) + sizeof "印发");
    strcpy(t, date);
    strcat(t, "印发");
    dx_run(d, t, DX_PLAIN_RUN);
    free(t);
  }
  dx_para_end(d);
}

static const tpl_builder BUILDER = {
    .info = t_info,
    .masthead = t_masthead,
    .title = t_title,
    .paragraph = t_paragraph,
    .blank = t_blank,
    .attachment_note = t_attachment_note,
    .signature = t_signature,
    .attachment_start = t_attachment_start,
    .line = t_line,
    .page_break = t_page_break,
    .table_begin = dx_table_begin,
    .row_begin = dx_row_begin,
    .cell = dx_cell,
    .cell_text = dx_cell_text,
    .cell_checkbox = dx_cell_checkbox,
    .cell_space = dx_cell_space,
    .row_end = dx_row_end,
    .table_end = dx_table_end,
    .cover = t_cover,
    .colophon = t_colophon,
};

const tpl_builder *docx_builder(void) { return &BUILDER; }

/* ---- the document ---- */

docx_document *docx_document_new(lay_options options) {
  docx_document *d = xcalloc(1, sizeof *d);
  d->options = options;
  d->x = dx_xml_new(&d->buf);
  dx_start(d->x, "w:document");
  dx_attr(d->x, "xmlns:w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
  dx_attr(d->x, "xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
  dx_start(d->x, "w:body");
  return d;
}

void dx_body_finish(docx_document *d) {
  if (d->finished) return;
  dx_flush_held(d, false);
  if (d->in_table) dx_table_close(d);
  if (d->break_pending) dx_blank_para(d); /* a page break at the very end: the page it asks for */
  write_sect_pr(d, d->colophon_section);
  dx_end(d->x); /* body */
  dx_end(d->x); /* document */
  d->finished = true;
}

/* A section's settings (CT_SectPr, its elements in the schema's order): footers, page, margins,
 * the grid; the 版记's section (t_colophon) starts on an even page with its content at the foot. */
static void write_sect_pr(docx_document *d, bool colophon) {
  xmlTextWriterPtr x = d->x;
  dx_start(x, "w:sectPr");
  if (d->options.page_numbers) {
    /* 7.5: odd pages' number on the right, even pages' on the left (settings: evenAndOddHeaders) */
    const char *types[] = {"default", "even"}, *ids[] = {"rIdFooterOdd", "rIdFooterEven"};
    for (int i = 0; i < 2; i++) {
      dx_start(x, "w:footerReference");
      dx_attr(x, "w:type", types[i]);
      dx_attr(x, "r:id", ids[i]);
      dx_end(x);
    }
  }
  if (colophon) dx_val(x, "w:type", "evenPage");
  dx_start(x, "w:pgSz");
  dx_attr_i(x, "w:w", DX_PAGE_W);
  dx_attr_i(x, "w:h", DX_PAGE_H);
  dx_end(x);
  dx_start(x, "w:pgMar");
  dx_attr_i(x, "w:top", DX_TOP);
  dx_attr_i(x, "w:right", DX_RIGHT);
  dx_attr_i(x, "w:bottom", DX_BOTTOM);
  dx_attr_i(x, "w:left", DX_LEFT);
  dx_attr_i(x, "w:header", DX_HEADER);
  dx_attr_i(x, "w:footer", DX_FOOTER);
  dx_attr_i(x, "w:gutter", 0);
  dx_end(x);
  dx_start(x, "w:cols");
  dx_attr_i(x, "w:space", 425);
  dx_end(x);
  if (colophon) dx_val(x, "w:vAlign", "bottom");
  /* 5.2.2: 22 lines of 28 characters. A line grid only: LibreOffice gives a 16 pt character two
   * cells of a linesAndChars grid narrower than 16 pt (14 a line), so the 28 characters come
   * from DX_RUN_SPACING, which Word, WPS and LibreOffice all apply (docs/docx.md) */
  dx_start(x, "w:docGrid");
  dx_attr(x, "w:type", "lines");
  dx_attr_i(x, "w:linePitch", DX_LINE_PITCH);
  dx_end(x);
  dx_end(x); /* sectPr */
}

void docx_document_free(docx_document *d) {
  if (!d) return;
  if (d->x) xmlFreeTextWriter(d->x);
  if (d->buf) xmlBufferFree(d->buf);
  free(d->col_tw);
  free(d->span);
  for (size_t i = 0; i < d->nheld; i++) free(d->held[i].text);
  const char *strs[] = {d->info.title, d->info.author, d->info.subject, d->info.keywords, d->info.creator,
                        d->info.date};
  for (size_t k = 0; k < sizeof strs / sizeof strs[0]; k++) free((char *)strs[k]);
  free(d);
}
