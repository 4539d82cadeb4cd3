/* Runs and paragraphs of word/document.xml: the text of a run (tabs and breaks as elements), a
 * paragraph's properties in the order CT_PPr requires, and the styles the layout's paragraph
 * styles map to. Shared by body.c (the blocks) and table.c (the cells). */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "docx/docx_private.h"

/* Display width of 's' in hundredths of a body character: ASCII half, anything else whole. */
long dx_width_chars(const char *s) {
  long w = 0;
  for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
    if (*p < 0x80) w += 50;
    else if ((*p & 0xC0) != 0x80) w += 100;
  }
  return w;
}

/* Writes 'text' as w:t runs' content: a tab and a line feed as w:tab and w:br, other control
 * characters (which XML 1.0 cannot carry) left out. */
void dx_put_text(xmlTextWriterPtr x, const char *text) {
  const char *p = text ? text : "";
  while (*p) {
    size_t n = 0;
    while (p[n] && (unsigned char)p[n] >= 0x20 && p[n] != 0x7F) n++;
    if (n) {
      dx_start(x, "w:t");
      dx_attr(x, "xml:space", "preserve");
      char *seg = xstrndup(p, n);
      xmlTextWriterWriteString(x, BAD_CAST seg);
      free(seg);
      dx_end(x);
      p += n;
    }
    if (!*p) break;
    if (*p == '\t') {
      dx_start(x, "w:tab");
      dx_end(x);
    } else if (*p == '\n') {
      dx_start(x, "w:br");
      dx_end(x);
    }
    p++;
  }
}


void dx_run(docx_document *d, const char *text, dx_run_fmt f) {
  xmlTextWriterPtr x = d->x;
  dx_start(x, "w:r");
  if (f.font >= 0 || f.half_pt > 0 || f.red) {
    dx_start(x, "w:rPr");
    if (f.font >= 0) dx_fonts(x, (lay_font)f.font);
    if (f.red) dx_val(x, "w:color", DX_RED);
    if (f.half_pt > 0) {
      dx_val_i(x, "w:sz", f.half_pt);
      dx_val_i(x, "w:szCs", f.half_pt);
    }
    dx_end(x);
  }
  dx_put_text(x, text);
  dx_end(x);
}


/* ---- paragraphs ---- */



dx_para_fmt dx_fmt_of(const char *style) {
  return (dx_para_fmt){.style = style,
                    .first = DX_UNSET,
                    .hanging = DX_UNSET,
                    .left = DX_UNSET,
                    .right = DX_UNSET,
                    .left_tw = DX_UNSET,
                    .hanging_tw = DX_UNSET,
                    .before_lines = DX_UNSET,
                    .before_tw = DX_UNSET,
                    .line_tw = DX_UNSET,
                    .left_tab_tw = DX_UNSET,
                    .right_tab_tw = DX_UNSET};
}

void dx_border(xmlTextWriterPtr x, const char *side, int sz, bool red, int space) {
  dx_start(x, side);
  dx_attr(x, "w:val", "single");
  dx_attr_i(x, "w:sz", sz);
  dx_attr_i(x, "w:space", space);
  dx_attr(x, "w:color", red ? DX_RED : "000000");
  dx_end(x);
}

/* The element order of CT_PPr (ECMA-376 17.3.1.26) matters to Word: kept here. */
void dx_para_begin(docx_document *d, const dx_para_fmt *f) {
  xmlTextWriterPtr x = d->x;
  dx_start(x, "w:p");
  dx_start(x, "w:pPr");
  if (f->style) dx_val(x, "w:pStyle", f->style);
  if (f->keep_next) dx_val(x, "w:keepNext", "1");
  if (d->break_pending && !d->in_table) {
    dx_val(x, "w:pageBreakBefore", "1");
    d->break_pending = false;
  }
  if (f->frame) {
    /* every paragraph with this frame goes into one frame, at the foot of the 版心 */
    dx_start(x, "w:framePr");
    dx_attr_i(x, "w:w", DX_MEASURE);
    dx_attr(x, "w:wrap", "around");
    dx_attr(x, "w:vAnchor", "margin");
    dx_attr(x, "w:hAnchor", "margin");
    dx_attr(x, "w:xAlign", "center");
    dx_attr(x, "w:yAlign", "bottom");
    dx_end(x);
  }
  if (f->border_top || f->border_bottom) {
    dx_start(x, "w:pBdr");
    if (f->border_top) dx_border(x, "w:top", f->border_top, f->border_red, f->border_space_pt);
    if (f->border_bottom) dx_border(x, "w:bottom", f->border_bottom, f->border_red, f->border_space_pt);
    dx_end(x);
  }
  if (f->left_tab_tw != DX_UNSET || f->right_tab_tw != DX_UNSET) {
    dx_start(x, "w:tabs");
    const long pos[2] = {f->left_tab_tw, f->right_tab_tw};
    for (int i = 0; i < 2; i++) {
      if (pos[i] == DX_UNSET) continue;
      dx_start(x, "w:tab");
      dx_attr(x, "w:val", i ? "right" : "left");
      dx_attr_i(x, "w:pos", pos[i]);
      dx_end(x);
    }
    dx_end(x);
  }
  if (f->no_grid) dx_val(x, "w:snapToGrid", "0");
  if (f->before_lines != DX_UNSET || f->before_tw != DX_UNSET || f->line_tw != DX_UNSET) {
    dx_start(x, "w:spacing");
    if (f->before_tw != DX_UNSET) dx_attr_i(x, "w:before", f->before_tw);
    if (f->before_lines != DX_UNSET) dx_attr_i(x, "w:beforeLines", f->before_lines);
    if (f->line_tw != DX_UNSET) {
      dx_attr_i(x, "w:line", f->line_tw);
      dx_attr(x, "w:lineRule", "exact");
    }
    dx_end(x);
  }
  if (f->first != DX_UNSET || f->hanging != DX_UNSET || f->left != DX_UNSET || f->right != DX_UNSET || f->left_tw != DX_UNSET ||
      f->hanging_tw != DX_UNSET) {
    /* in characters of the grid for Word and WPS, and in twips for readers that take only those
     * (LibreOffice 7.4 ignores *Chars) */
    dx_start(x, "w:ind");
    if (f->left != DX_UNSET) dx_attr_i(x, "w:leftChars", f->left);
    if (f->left != DX_UNSET || f->left_tw != DX_UNSET) dx_attr_i(x, "w:left", f->left_tw != DX_UNSET ? f->left_tw : dx_chars_tw(f->left));
    if (f->right != DX_UNSET) {
      dx_attr_i(x, "w:rightChars", f->right);
      dx_attr_i(x, "w:right", dx_chars_tw(f->right));
    }
    if (f->first != DX_UNSET) {
      dx_attr_i(x, "w:firstLineChars", f->first);
      dx_attr_i(x, "w:firstLine", dx_chars_tw(f->first));
    }
    if (f->hanging != DX_UNSET) dx_attr_i(x, "w:hangingChars", f->hanging);
    if (f->hanging != DX_UNSET || f->hanging_tw != DX_UNSET)
      dx_attr_i(x, "w:hanging", f->hanging_tw != DX_UNSET ? f->hanging_tw : dx_chars_tw(f->hanging));
    dx_end(x);
  }
  if (f->jc) dx_val(x, "w:jc", f->jc);
  dx_end(x); /* pPr */
}

void dx_para_end(docx_document *d) { dx_end(d->x); }

/* A paragraph of one run. */
void dx_para(docx_document *d, const dx_para_fmt *f, const char *text, dx_run_fmt r) {
  dx_para_begin(d, f);
  if (text && *text) dx_run(d, text, r);
  dx_para_end(d);
}

static void write_held(docx_document *d, size_t i, bool keep) {
  dx_para_fmt f = d->held[i].fmt;
  f.keep_next = f.keep_next || keep;
  dx_para(d, &f, d->held[i].text, DX_PLAIN_RUN);
  free(d->held[i].text);
  d->held[i].text = NULL;
}

void dx_flush_held(docx_document *d, bool keep) {
  if (d->nheld == 0) return;
  /* a last paragraph of one line (its width in hundredths of a character, indent included,
   * within the 28-character line) takes the one before it along too */
  const dx_para_fmt *last = &d->held[d->nheld - 1].fmt;
  long indent = last->first > 0 ? last->first : 0;
  bool one_line = dx_width_chars(d->held[d->nheld - 1].text) + indent <= 2800;
  for (size_t i = 0; i < d->nheld; i++)
    write_held(d, i, keep && (i == d->nheld - 1 || one_line));
  d->nheld = 0;
}

void dx_hold(docx_document *d, const dx_para_fmt *f, const char *text) {
  if (d->nheld == 2) {
    write_held(d, 0, false);
    d->held[0] = d->held[1];
    d->nheld = 1;
  }
  d->held[d->nheld].fmt = *f;
  d->held[d->nheld].text = strdup(text ? text : "");
  if (!d->held[d->nheld].text) abort();
  d->nheld++;
}

void dx_blank_para(docx_document *d) {
  dx_para_fmt f = dx_fmt_of(NULL);
  dx_para(d, &f, NULL, DX_PLAIN_RUN);
}

const char *dx_jc_of(lay_align a) {
  switch (a) {
    case LAY_ALIGN_LEFT: return "left";
    case LAY_ALIGN_CENTER: return "center";
    case LAY_ALIGN_RIGHT: return "right";
    case LAY_ALIGN_JUSTIFY: return "both";
  }
  return "left";
}

/* The paragraph style of a layout style (styles in parts.c). */
dx_para_fmt dx_style_fmt(lay_para_style s) {
  switch (s) {
    case LAY_PARA_BODY: return dx_fmt_of("GwBody");
    case LAY_PARA_H1: return dx_fmt_of("Heading1");
    case LAY_PARA_H2: return dx_fmt_of("Heading2");
    case LAY_PARA_H3: return dx_fmt_of("Heading3");
    case LAY_PARA_H4: return dx_fmt_of("Heading4");
    case LAY_PARA_PLAIN: return dx_fmt_of(NULL);
    case LAY_PARA_CENTER: {
      dx_para_fmt f = dx_fmt_of(NULL);
      f.jc = "center";
      return f;
    }
    case LAY_PARA_RIGHT: {
      dx_para_fmt f = dx_fmt_of(NULL);
      f.jc = "right";
      return f;
    }
  }
  return dx_fmt_of(NULL);
}

