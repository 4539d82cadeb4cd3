/* The parts of the package besides the body: styles.xml (GB/T 9704's fonts and sizes as named
 * styles the office can change once for the whole document), settings.xml (even and odd footers,
 * Chinese punctuation), fontTable.xml (the office's font names with the free fonts as their
 * alternates), the two page-number footers, the document properties and the package's
 * content types and relationships (ECMA-376 part 2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/build.h"
#include "core/xmalloc.h"
#include "docx/docx_private.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define REL_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define OFFICE_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* ---- XML helpers ---- */

xmlTextWriterPtr dx_xml_new(xmlBufferPtr *buf) {
  *buf = xmlBufferCreate();
  xmlTextWriterPtr x = *buf ? xmlNewTextWriterMemory(*buf, 0) : NULL;
  if (!x) xoom();
  xmlTextWriterStartDocument(x, "1.0", "UTF-8", "yes");
  return x;
}

void dx_start(xmlTextWriterPtr x, const char *name) { xmlTextWriterStartElement(x, BAD_CAST name); }
void dx_end(xmlTextWriterPtr x) { xmlTextWriterEndElement(x); }
void dx_attr(xmlTextWriterPtr x, const char *name, const char *value) {
  xmlTextWriterWriteAttribute(x, BAD_CAST name, BAD_CAST value);
}
void dx_attr_i(xmlTextWriterPtr x, const char *name, long value) {
  char b[24];
  snprintf(b, sizeof b, "%ld", value);
  dx_attr(x, name, b);
}
void dx_val(xmlTextWriterPtr x, const char *name, const char *value) {
  dx_start(x, name);
  dx_attr(x, "w:val", value);
  dx_end(x);
}
void dx_val_i(xmlTextWriterPtr x, const char *name, long value) {
  dx_start(x, name);
  dx_attr_i(x, "w:val", value);
  dx_end(x);
}

unsigned char *dx_xml_take(xmlTextWriterPtr x, xmlBufferPtr buf, size_t *len) {
  xmlTextWriterEndDocument(x);
  xmlFreeTextWriter(x);
  *len = (size_t)xmlBufferLength(buf);
  unsigned char *d = xmalloc(*len ? *len : 1);
  memcpy(d, xmlBufferContent(buf), *len);
  xmlBufferFree(buf);
  return d;
}

/* ---- fonts ---- */

/* The office's names (GB/T 9704's 仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体) and as
 * alternates the free fonts fonts/fontmap.ini draws the PDF with. */
static const dx_font FONTS[LAY_FONT_COUNT] = {
    [LAY_FONT_BODY] = {"仿宋_GB2312", "FandolFang", "roman"},
    [LAY_FONT_TITLE] = {"方正小标宋简体", "Noto Serif CJK SC", "roman"},
    [LAY_FONT_HEADING] = {"黑体", "Noto Sans CJK SC", "swiss"},
    [LAY_FONT_KAI] = {"楷体_GB2312", "LXGW WenKai", "script"},
    [LAY_FONT_SONG] = {"宋体", "AR PL SungtiL GB", "roman"},
};

const dx_font *dx_font_of(lay_font role) {
  return (unsigned)role < LAY_FONT_COUNT ? &FONTS[role] : &FONTS[LAY_FONT_BODY];
}

void dx_fonts(xmlTextWriterPtr x, lay_font role) {
  const char *n = dx_font_of(role)->name;
  dx_start(x, "w:rFonts");
  dx_attr(x, "w:ascii", n);
  dx_attr(x, "w:eastAsia", n);
  dx_attr(x, "w:hAnsi", n);
  dx_attr(x, "w:cs", n);
  dx_attr(x, "w:hint", "eastAsia");
  dx_end(x);
}

unsigned char *dx_font_table_xml(size_t *len) {
  xmlBufferPtr buf;
  xmlTextWriterPtr x = dx_xml_new(&buf);
  dx_start(x, "w:fonts");
  dx_attr(x, "xmlns:w", W_NS);
  for (int r = 0; r < LAY_FONT_COUNT; r++) {
    bool seen = false; /* one entry per name */
    for (int k = 0; k < r; k++) seen = seen || strcmp(FONTS[k].name, FONTS[r].name) == 0;
    if (seen) continue;
    dx_start(x, "w:font");
    dx_attr(x, "w:name", FONTS[r].name);
    dx_val(x, "w:altName", FONTS[r].alt);
    dx_val(x, "w:charset", "86"); /* GB2312 */
    dx_val(x, "w:family", FONTS[r].family);
    dx_val(x, "w:pitch", "variable");
    dx_end(x);
  }
  dx_end(x);
  return dx_xml_take(x, buf, len);
}

/* ---- styles ---- */

typedef struct {
  const char *id, *name, *based_on;
  int font;       /* lay_font, or -1: inherited */
  int half_pt;    /* 0: inherited */
  const char *jc; /* NULL: inherited */
  long first_chars;
  int outline; /* heading level 0..3, or -1 */
  bool red, keep_next, no_grid;
  int border_bottom_red; /* the 版头's rule, eighths of a point */
} style_def;

/* Every style names its font and size, so that a clerk's Word without the office fonts still
 * shows which role a paragraph has. */
static const style_def STYLES[] = {
    {"Normal", "Normal", NULL, LAY_FONT_BODY, DX_BODY_HALF_PT, "both", 0, -1, false, false, false, 0},
    {"GwBody", "公文正文", "Normal", -1, 0, NULL, 200, -1, false, false, false, 0},
    {"Title", "Title", "Normal", LAY_FONT_TITLE, DX_TITLE_HALF_PT, "center", 0, -1, false, false, true, 0},
    {"Heading1", "heading 1", "Normal", LAY_FONT_HEADING, DX_BODY_HALF_PT, NULL, 200, 0, false, true, false, 0},
    {"Heading2", "heading 2", "Normal", LAY_FONT_KAI, DX_BODY_HALF_PT, NULL, 200, 1, false, true, false, 0},
    {"Heading3", "heading 3", "Normal", LAY_FONT_BODY, DX_BODY_HALF_PT, NULL, 200, 2, false, true, false, 0},
    {"Heading4", "heading 4", "Normal", LAY_FONT_BODY, DX_BODY_HALF_PT, NULL, 200, 3, false, true, false, 0},
    {"GwMasthead", "发文机关标志", "Normal", LAY_FONT_TITLE, 72, "center", 0, -1, true, false, true, 0},
    {"GwDocNumber", "发文字号", "Normal", LAY_FONT_BODY, DX_BODY_HALF_PT, "center", 0, -1, false, false, true, 8},
    {"GwSignature", "发文机关署名", "Normal", LAY_FONT_BODY, DX_BODY_HALF_PT, "right", 0, -1, false, false, false, 0},
    {"GwAttachmentLabel", "附件标识", "Normal", LAY_FONT_HEADING, DX_BODY_HALF_PT, "left", 0, -1, false, true, false, 0},
    {"GwTable", "表格文字", "Normal", LAY_FONT_BODY, DX_SMALL_HALF_PT, "center", 0, -1, false, false, true, 0},
    {"GwColophon", "版记", "Normal", LAY_FONT_BODY, DX_SMALL_HALF_PT, "left", 0, -1, false, false, true, 0},
    {"Footer", "footer", "Normal", LAY_FONT_SONG, DX_SMALL_HALF_PT, NULL, 0, -1, false, false, true, 0},
};

static void style(xmlTextWriterPtr x, const style_def *s) {
  dx_start(x, "w:style");
  dx_attr(x, "w:type", "paragraph");
  if (strcmp(s->id, "Normal") == 0) dx_attr(x, "w:default", "1");
  dx_attr(x, "w:styleId", s->id);
  dx_val(x, "w:name", s->name);
  if (s->based_on) dx_val(x, "w:basedOn", s->based_on);
  dx_val(x, "w:qFormat", "1");
  dx_start(x, "w:pPr");
  if (s->keep_next) dx_val(x, "w:keepNext", "1");
  if (s->border_bottom_red) {
    dx_start(x, "w:pBdr");
    dx_start(x, "w:bottom");
    dx_attr(x, "w:val", "single");
    dx_attr_i(x, "w:sz", s->border_bottom_red);
    dx_attr_i(x, "w:space", 11); /* 4 mm below the 发文字号 (7.2.6), in points */
    dx_attr(x, "w:color", DX_RED);
    dx_end(x);
    dx_end(x);
  }
  /* no punctuation hung past the 版心 (Word's and LibreOffice's default): a line holds 28 as in
   * the PDF, whose layout moves a character down with the 。 instead */
  if (strcmp(s->id, "Normal") == 0) {
    dx_val(x, "w:overflowPunct", "0");
    /* nor space added between Chinese and Latin letters or digits (Word's default): the PDF sets
     * none, and the signature's indents count a digit as half a character */
    dx_val(x, "w:autoSpaceDE", "0");
    dx_val(x, "w:autoSpaceDN", "0");
  }
  if (s->no_grid) dx_val(x, "w:snapToGrid", "0");
  if (strcmp(s->id, "Normal") == 0) {
    dx_start(x, "w:spacing");
    dx_attr_i(x, "w:before", 0);
    dx_attr_i(x, "w:after", 0);
    dx_attr_i(x, "w:line", 240);
    dx_attr(x, "w:lineRule", "auto");
    dx_end(x);
  }
  if (s->first_chars) {
    dx_start(x, "w:ind");
    dx_attr_i(x, "w:firstLineChars", s->first_chars);
    dx_attr_i(x, "w:firstLine", dx_chars_tw(s->first_chars));
    dx_end(x);
  }
  if (s->jc) dx_val(x, "w:jc", s->jc);
  if (s->outline >= 0) dx_val_i(x, "w:outlineLvl", s->outline);
  dx_end(x);
  dx_start(x, "w:rPr");
  if (s->font >= 0) dx_fonts(x, (lay_font)s->font);
  if (s->red) dx_val(x, "w:color", DX_RED);
  if (s->half_pt) {
    dx_val_i(x, "w:sz", s->half_pt);
    dx_val_i(x, "w:szCs", s->half_pt);
  }
  dx_end(x);
  dx_end(x);
}

unsigned char *dx_styles_xml(size_t *len) {
  xmlBufferPtr buf;
  xmlTextWriterPtr x = dx_xml_new(&buf);
  dx_start(x, "w:styles");
  dx_attr(x, "xmlns:w", W_NS);
  dx_start(x, "w:docDefaults");
  dx_start(x, "w:rPrDefault");
  dx_start(x, "w:rPr");
  dx_fonts(x, LAY_FONT_BODY);
  /* -0.25 pt a character: 28 of 三号 in the 156 mm line (DX_RUN_SPACING) */
  dx_val_i(x, "w:spacing", DX_RUN_SPACING);
  dx_val_i(x, "w:kern", 0);
  dx_val_i(x, "w:sz", DX_BODY_HALF_PT);
  dx_val_i(x, "w:szCs", DX_BODY_HALF_PT);
  dx_start(x, "w:lang");
  dx_attr(x, "w:val", "en-US");
  dx_attr(x, "w:eastAsia", "zh-CN");
  dx_attr(x, "w:bidi", "ar-SA");
  dx_end(x);
  dx_end(x);
  dx_end(x);
  dx_start(x, "w:pPrDefault");
  dx_start(x, "w:pPr");
  dx_val(x, "w:widowControl", "0"); /* 5.2.2: a page whose text flows on is full */
  dx_end(x);
  dx_end(x);
  dx_end(x);
  for (size_t i = 0; i < sizeof STYLES / sizeof STYLES[0]; i++) style(x, &STYLES[i]);
  /* the tables' 0.5 pt rules (layout.h) */
  dx_start(x, "w:style");
  dx_attr(x, "w:type", "table");
  dx_attr(x, "w:styleId", "GwTableGrid");
  dx_val(x, "w:name", "Table Grid");
  dx_start(x, "w:tblPr");
  dx_start(x, "w:tblBorders");
  const char *sides[] = {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"};
  for (size_t i = 0; i < 6; i++) {
    dx_start(x, sides[i]);
    dx_attr(x, "w:val", "single");
    dx_attr_i(x, "w:sz", 4);
    dx_attr_i(x, "w:space", 0);
    dx_attr(x, "w:color", "000000");
    dx_end(x);
  }
  dx_end(x);
  dx_end(x);
  dx_end(x);
  dx_end(x);
  return dx_xml_take(x, buf, len);
}

/* ---- settings ---- */

unsigned char *dx_settings_xml(const docx_document *d, size_t *len) {
  xmlBufferPtr buf;
  xmlTextWriterPtr x = dx_xml_new(&buf);
  dx_start(x, "w:settings");
  dx_attr(x, "xmlns:w", W_NS);
  dx_val_i(x, "w:defaultTabStop", 420);
  if (d->options.page_numbers) {
    dx_start(x, "w:evenAndOddHeaders");
    dx_end(x);
  }
  /* punctuation keeps its full width on the grid, as the PDF sets it on 28 characters */
  dx_val(x, "w:characterSpacingControl", "doNotCompress");
  dx_start(x, "w:compat");
  dx_start(x, "w:compatSetting");
  dx_attr(x, "w:name", "compatibilityMode");
  dx_attr(x, "w:uri", "http://schemas.microsoft.com/office/word");
  dx_attr(x, "w:val", "15");
  dx_end(x);
  dx_end(x);
  dx_start(x, "w:themeFontLang");
  dx_attr(x, "w:val", "en-US");
  dx_attr(x, "w:eastAsia", "zh-CN");
  dx_end(x);
  dx_val(x, "w:decimalSymbol", ".");
  dx_val(x, "w:listSeparator", ",");
  dx_end(x);
  return dx_xml_take(x, buf, len);
}

/* ---- footers: "— N —", 7.5 ---- */

static void field_run(xmlTextWriterPtr x, const char *type) {
  dx_start(x, "w:r");
  dx_start(x, "w:fldChar");
  dx_attr(x, "w:fldCharType", type);
  dx_end(x);
  dx_end(x);
}

static void text_run(xmlTextWriterPtr x, const char *t) {
  dx_start(x, "w:r");
  dx_start(x, "w:t");
  dx_attr(x, "xml:space", "preserve");
  xmlTextWriterWriteString(x, BAD_CAST t);
  dx_end(x);
  dx_end(x);
}

/* Odd pages right-aligned one character in, even pages left-aligned one character in. */
unsigned char *dx_footer_xml(bool odd, size_t *len) {
  xmlBufferPtr buf;
  xmlTextWriterPtr x = dx_xml_new(&buf);
  dx_start(x, "w:ftr");
  dx_attr(x, "xmlns:w", W_NS);
  dx_start(x, "w:p");
  dx_start(x, "w:pPr");
  dx_val(x, "w:pStyle", "Footer");
  dx_start(x, "w:spacing");
  dx_attr_i(x, "w:line", DX_SMALL_HALF_PT * 10);
  dx_attr(x, "w:lineRule", "exact");
  dx_end(x);
  dx_start(x, "w:ind");
  dx_attr_i(x, odd ? "w:right" : "w:left", DX_SMALL_HALF_PT * 10);
  dx_end(x);
  dx_val(x, "w:jc", odd ? "right" : "left");
  dx_end(x);
  text_run(x, "\xE2\x80\x94 ");
  field_run(x, "begin");
  dx_start(x, "w:r");
  dx_start(x, "w:instrText");
  dx_attr(x, "xml:space", "preserve");
  xmlTextWriterWriteString(x, BAD_CAST " PAGE ");
  dx_end(x);
  dx_end(x);
  field_run(x, "separate");
  text_run(x, odd ? "1" : "2");
  field_run(x, "end");
  text_run(x, " \xE2\x80\x94");
  dx_end(x);
  dx_end(x);
  return dx_xml_take(x, buf, len);
}

/* ---- properties, content types, relationships ---- */

static void elem(xmlTextWriterPtr x, const char *name, const char *text) {
  if (!text || !*text) return;
  dx_start(x, name);
  xmlTextWriterWriteString(x, BAD_CAST text);
  dx_end(x);
}

unsigned char *dx_core_xml(const lay_info *info, const char *w3c_date, size_t *len) {
  xmlBufferPtr buf;
  xmlTextWriterPtr x = dx_xml_new(&buf);
  dx_start(x, "cp:coreProperties");
  dx_attr(x, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
  dx_attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
  dx_attr(x, "xmlns:dcterms", "http://purl.org/dc/terms/");
  dx_attr(x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  elem(x, "dc:title", info->title);
  elem(x, "dc:subject", info->subject);
  elem(x, "dc:creator", info->author);
  elem(x, "cp:keywords", info->keywords);
  const char *when[] = {"dcterms:created", "dcterms:modified"};
  for (int i = 0; i < 2; i++) {
    dx_start(x, when[i]);
    dx_attr(x, "xsi:type", "dcterms:W3CDTF");
    xmlTextWriterWriteString(x, BAD_CAST w3c_date);
    dx_end(x);
  }
  dx_end(x);
  return dx_xml_take(x, buf, len);
}

unsigned char *dx_app_xml(size_t *len) {
  xmlBufferPtr buf;
  xmlTextWriterPtr x = dx_xml_new(&buf);
  dx_start(x, "Properties");
  dx_attr(x, "xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
  elem(x, "Application", "yinfa " YINFA_VERSION);
  dx_end(x);
  return dx_xml_take(x, buf, len);
}

static void override(xmlTextWriterPtr x, const char *part, const char *type) {
  dx_start(x, "Override");
  dx_attr(x, "PartName", part);
  dx_attr(x, "ContentType", type);
  dx_end(x);
}

#define WML "application/vnd.openxmlformats-officedocument.wordprocessingml."

unsigned char *dx_content_types_xml(bool footers, size_t *len) {
  xmlBufferPtr buf;
  xmlTextWriterPtr x = dx_xml_new(&buf);
  dx_start(x, "Types");
  dx_attr(x, "xmlns", "http://schemas.openxmlformats.org/package/2006/content-types");
  dx_start(x, "Default");
  dx_attr(x, "Extension", "rels");
  dx_attr(x, "ContentType", "application/vnd.openxmlformats-package.relationships+xml");
  dx_end(x);
  dx_start(x, "Default");
  dx_attr(x, "Extension", "xml");
  dx_attr(x, "ContentType", "application/xml");
  dx_end(x);
  override(x, "/word/document.xml", WML "document.main+xml");
  override(x, "/word/styles.xml", WML "styles+xml");
  override(x, "/word/settings.xml", WML "settings+xml");
  override(x, "/word/fontTable.xml", WML "fontTable+xml");
  if (footers) {
    override(x, "/word/footer1.xml", WML "footer+xml");
    override(x, "/word/footer2.xml", WML "footer+xml");
  }
  override(x, "/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
  override(x, "/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml");
  dx_end(x);
  return dx_xml_take(x, buf, len);
}

static void rel(xmlTextWriterPtr x, const char *id, const char *type, const char *target) {
  dx_start(x, "Relationship");
  dx_attr(x, "Id", id);
  dx_attr(x, "Type", type);
  dx_attr(x, "Target", target);
  dx_end(x);
}

unsigned char *dx_root_rels_xml(size_t *len) {
  xmlBufferPtr buf;
  xmlTextWriterPtr x = dx_xml_new(&buf);
  dx_start(x, "Relationships");
  dx_attr(x, "xmlns", REL_NS);
  rel(x, "rId1", OFFICE_REL "/officeDocument", "word/document.xml");
  rel(x, "rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
      "docProps/core.xml");
  rel(x, "rId3", OFFICE_REL "/extended-properties", "docProps/app.xml");
  dx_end(x);
  return dx_xml_take(x, buf, len);
}

unsigned char *dx_document_rels_xml(bool footers, size_t *len) {
  xmlBufferPtr buf;
  xmlTextWriterPtr x = dx_xml_new(&buf);
  dx_start(x, "Relationships");
  dx_attr(x, "xmlns", REL_NS);
  rel(x, "rIdStyles", OFFICE_REL "/styles", "styles.xml");
  rel(x, "rIdSettings", OFFICE_REL "/settings", "settings.xml");
  rel(x, "rIdFonts", OFFICE_REL "/fontTable", "fontTable.xml");
  if (footers) {
    rel(x, "rIdFooterOdd", OFFICE_REL "/footer", "footer1.xml");
    rel(x, "rIdFooterEven", OFFICE_REL "/footer", "footer2.xml");
  }
  dx_end(x);
  return dx_xml_take(x, buf, len);
}
