/* Tests of the DOCX writer: the package's parts, GB/T 9704's settings in them (page, margins,
 * grid, styles, footers), the blocks as WordprocessingML (signature indents, attachment note,
 * tables with repeated headers and merged cells, the 版记), identical bytes for identical input,
 * a template driving it, and a write that fails as a system error. */
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "../../tests/check.h"
#include "core/diag.h"
#include "core/strbuf.h"
#include "docx/docx.h"

static char dir[64];

/* The part 'name' of the package at 'path' as a malloc'd string, or NULL. */
static char *part(const char *path, const char *name) {
  zip_t *za = zip_open(path, ZIP_RDONLY, NULL);
  if (!za) return NULL;
  zip_stat_t st;
  char *out = NULL;
  if (zip_stat(za, name, 0, &st) == 0) {
    zip_file_t *f = zip_fopen(za, name, 0);
    out = calloc(1, st.size + 1);
    if (f && zip_fread(f, out, st.size) != (zip_int64_t)st.size) {
      free(out);
      out = NULL;
    }
    if (f) zip_fclose(f);
  }
  zip_close(za);
  return out;
}

static size_t count(const char *s, const char *needle) {
  size_t n = 0;
  for (const char *p = s; p && (p = strstr(p, needle)); p++) n++;
  return n;
}

static bool well_formed(const char *xml) {
  xmlDocPtr doc = xml ? xmlReadMemory(xml, (int)strlen(xml), "part.xml", NULL, XML_PARSE_NONET) : NULL;
  xmlFreeDoc(doc);
  return doc != NULL;
}

static bool read_all(const char *path, strbuf *out) {
  strbuf_init(out);
  return strbuf_append_file(out, path);
}

/* A 通知 as the templates build it: 版头, title, body, 附件说明, signature, an attachment with a
 * table of one header row and a cell over two rows, the 版记. */
static void build_notice(docx_document *d, bool sealed) {
  const tpl_builder *b = docx_builder();
  src_loc at = {"t.xml", 1, 1, NULL};
  lay_info info = {"关于公示的通知", "许昌市工业和信息化局", "主题", "公示", NULL, "2022-06-20"};
  b->info(d, &info);
  b->masthead(d, "许昌市工业和信息化局", "许工信〔2022〕12号", at);
  b->title(d, "关于2022年重点企业拟入库名单的公示", at);
  b->blank(d, 1);
  b->paragraph(d, LAY_PARA_PLAIN, LAY_EL_RECIPIENT, "各县（市、区）工业和信息化主管部门：", at);
  b->paragraph(d, LAY_PARA_BODY, LAY_EL_BODY, "根据有关规定，现予以公示。A&B <x>", at);
  b->paragraph(d, LAY_PARA_H1, LAY_EL_NONE, "一、公示期", at);
  const char *names[] = {"拟入库名单", "汇总表"};
  b->attachment_note(d, names, 2, at);
  b->signature(d, "许昌市工业和信息化局", "2022年6月20日", sealed, at);
  b->attachment_start(d, "附件1", "拟入库名单", at);
  double w[] = {1, 4, 2};
  lay_table_spec spec = {3, w, 1, 12, false};
  b->table_begin(d, &spec, at);
  const char *rows[3][3] = {{"序号", "企业名称", "所在地"}, {"1", "甲公司", "魏都区"}, {"2", "乙公司", NULL}};
  for (int r = 0; r < 3; r++) {
    b->row_begin(d, 0);
    for (int c = 0; c < 3; c++) {
      if (!rows[r][c]) continue; /* taken by the cell above */
      b->cell(d, 1, r == 1 && c == 2 ? 2 : 1, LAY_ALIGN_CENTER);
      b->cell_text(d, rows[r][c], LAY_ALIGN_CENTER, at);
    }
    b->row_end(d);
  }
  b->table_end(d);
  b->colophon(d, "市发展改革委，市财政局。", "许昌市工业和信息化局办公室", "2022年6月20日", at);
}

static char *write_notice(const char *name, bool sealed, const char *date, bool page_numbers) {
  char *path = malloc(256);
  snprintf(path, 256, "%s/%s", dir, name);
  docx_document *d = docx_document_new((lay_options){page_numbers, true});
  build_notice(d, sealed);
  diag_sink *diag = diag_new(NULL, 0);
  int io_err = -1;
  docx_options opt = {date, true};
  bool ok = docx_write(d, &opt, path, &io_err, diag);
  CHECK(ok);
  CHECK_INT(io_err, 0);
  docx_document_free(d);
  diag_free(diag);
  return path;
}

TEST(package_parts_and_settings) {
  char *path = write_notice("a.docx", true, "2022-06-20", true);
  const char *names[] = {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
                         "word/styles.xml", "word/settings.xml", "word/fontTable.xml", "word/footer1.xml",
                         "word/footer2.xml", "docProps/core.xml", "docProps/app.xml"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char *p = part(path, names[i]);
    if (!p || !well_formed(p)) CHECK_FAIL_("part %s missing or not well-formed", names[i]);
    free(p);
  }
  char *doc = part(path, "word/document.xml");
  /* A4, the 版心 156 x 225 mm from 37 mm top and 28 mm left, 22 lines of 28 characters */
  CHECK(strstr(doc, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>") != NULL);
  CHECK(strstr(doc, "w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\"") != NULL);
  CHECK(strstr(doc, "<w:docGrid w:type=\"lines\" w:linePitch=\"579\"/>") != NULL);
  CHECK(strstr(doc, "w:type=\"even\" r:id=\"rIdFooterEven\"") != NULL);
  char *settings = part(path, "word/settings.xml");
  CHECK(strstr(settings, "<w:evenAndOddHeaders/>") != NULL);
  char *odd = part(path, "word/footer1.xml"), *even = part(path, "word/footer2.xml");
  CHECK(strstr(odd, "<w:jc w:val=\"right\"/>") && strstr(odd, "w:right=\"280\"") && strstr(odd, " PAGE "));
  CHECK(strstr(even, "<w:jc w:val=\"left\"/>") && strstr(even, "w:left=\"280\""));
  CHECK(strstr(odd, "\xE2\x80\x94 ") != NULL);
  char *styles = part(path, "word/styles.xml");
  CHECK(strstr(styles, "w:eastAsia=\"仿宋_GB2312\"") != NULL);
  /* the 28 characters of a line: every run 0.25 pt narrower (the grid gives lines only) */
  CHECK(strstr(styles, "<w:rPrDefault><w:rPr><w:rFonts") && strstr(styles, "<w:spacing w:val=\"-5\"/>"));
  /* nothing hung past the 版心, no space around digits: as the PDF */
  CHECK(strstr(styles, "<w:overflowPunct w:val=\"0\"/><w:autoSpaceDE w:val=\"0\"/><w:autoSpaceDN w:val=\"0\"/>") != NULL);
  CHECK(strstr(styles, "w:eastAsia=\"方正小标宋简体\"") != NULL);
  CHECK(strstr(styles, "w:eastAsia=\"黑体\"") != NULL);
  CHECK(strstr(styles, "w:eastAsia=\"楷体_GB2312\"") != NULL);
  char *fonts = part(path, "word/fontTable.xml");
  CHECK(strstr(fonts, "<w:font w:name=\"仿宋_GB2312\"><w:altName w:val=\"FandolFang\"/>") != NULL);
  char *core = part(path, "docProps/core.xml");
  CHECK(strstr(core, "<dc:title>关于公示的通知</dc:title>") != NULL);
  CHECK(strstr(core, "2022-06-20T00:00:00+08:00") != NULL); /* 00:00 Beijing time */
  free(doc), free(settings), free(odd), free(even), free(styles), free(fonts), free(core);
  free(path);
}

TEST(blocks_as_paragraphs_and_tables) {
  char *path = write_notice("b.docx", true, NULL, true);
  char *doc = part(path, "word/document.xml");
  /* text escaped, never broken into lines */
  CHECK(strstr(doc, "根据有关规定，现予以公示。A&amp;B &lt;x&gt;") != NULL);
  CHECK(strstr(doc, "<w:pStyle w:val=\"GwMasthead\"/>") != NULL);
  CHECK(strstr(doc, "<w:pStyle w:val=\"Heading1\"/>") != NULL);
  CHECK(strstr(doc, "许工信〔2022〕12号") != NULL);
  /* the sealed signature: the date 4 characters in, the issuer (10) centred over it (6.5+3) */
  CHECK(strstr(doc, "w:rightChars=\"400\" w:right=\"1263\"/></w:pPr><w:r><w:t xml:space=\"preserve\">2022年6月20日") != NULL);
  CHECK(strstr(doc, "w:rightChars=\"225\" w:right=\"711\"/></w:pPr><w:r><w:t xml:space=\"preserve\">许昌市工业和信息化局") != NULL);
  /* the attachment note: numbered, a tab to the hanging indent */
  CHECK(strstr(doc, "附件：") != NULL);
  CHECK(strstr(doc, "2.</w:t><w:tab/>") != NULL);
  CHECK(strstr(doc, "<w:pageBreakBefore w:val=\"1\"/>") != NULL);
  /* one header row repeated; the merged cell restarts once and continues once */
  CHECK_INT(count(doc, "<w:tblHeader w:val=\"1\"/>"), 1);
  CHECK_INT(count(doc, "<w:vMerge w:val=\"restart\"/>"), 1);
  CHECK_INT(count(doc, "<w:vMerge/>"), 1);
  CHECK_INT(count(doc, "<w:tc>"), 9);
  CHECK_INT(count(doc, "<w:gridCol w:w="), 3);
  /* the 版记: a section of its own, on the next even page at its foot (the text's section ends in
   * a paragraph of its own; the 版记's is the body's last), two paragraphs under the space its
   * page leaves, its rules 1 pt outside and 0.75 pt inside */
  CHECK_INT(count(doc, "<w:sectPr>"), 2);
  CHECK_INT(count(doc, "<w:type w:val=\"evenPage\"/>"), 1);
  CHECK_INT(count(doc, "<w:vAlign w:val=\"bottom\"/>"), 1);
  CHECK(strstr(doc, "<w:type w:val=\"evenPage\"/>") > strstr(doc, "</w:sectPr></w:pPr></w:p>"));
  CHECK(strstr(doc, "w:before=\"11001\"") != NULL); /* 22 - 1 spare - 2 lines, 579 twips each */
  CHECK(strstr(doc, "framePr") == NULL);
  CHECK(strstr(doc, "抄送：") != NULL && strstr(doc, "2022年6月20日印发") != NULL);
  CHECK_INT(count(doc, "w:sz=\"8\""), 2);
  CHECK_INT(count(doc, "w:sz=\"6\""), 1);
  free(doc);
  free(path);
}

TEST(unsealed_signature) {
  char *path = write_notice("c.docx", false, NULL, false);
  char *doc = part(path, "word/document.xml");
  /* 7.3.5.2: the issuer 2 characters in; the date 2 characters right of its start: 2+10-2-6.5 */
  CHECK(strstr(doc, "w:rightChars=\"200\" w:right=\"632\"/></w:pPr><w:r><w:t xml:space=\"preserve\">许昌市工业和信息化局") != NULL);
  CHECK(strstr(doc, "w:rightChars=\"350\" w:right=\"1106\"/></w:pPr><w:r><w:t xml:space=\"preserve\">2022年6月20日") != NULL);
  /* no page numbers: no footers, no even/odd setting */
  CHECK(strstr(doc, "footerReference") == NULL);
  char *settings = part(path, "word/settings.xml");
  CHECK(strstr(settings, "evenAndOddHeaders") == NULL);
  char *ct = part(path, "[Content_Types].xml");
  CHECK(strstr(ct, "footer") == NULL);
  free(doc), free(settings), free(ct);
  free(path);
}

TEST(identical_input_identical_bytes) {
  char *a = write_notice("d1.docx", true, "2022-06-20", true);
  char *b = write_notice("d2.docx", true, "2022-06-20", true);
  char *c = write_notice("d3.docx", true, "2023-01-05", true);
  strbuf x, y, z;
  CHECK(read_all(a, &x) && read_all(b, &y) && read_all(c, &z));
  CHECK(x.len == y.len && memcmp(strbuf_str(&x), strbuf_str(&y), x.len) == 0);
  CHECK(x.len != z.len || memcmp(strbuf_str(&x), strbuf_str(&z), x.len) != 0);
  /* every entry carries the document's date */
  zip_t *za = zip_open(a, ZIP_RDONLY, NULL);
  zip_stat_t st;
  CHECK(za && zip_stat_index(za, 0, 0, &st) == 0);
  struct tm tm;
  if (za) localtime_r(&st.mtime, &tm);
  CHECK(za && tm.tm_year + 1900 == 2022 && tm.tm_mon + 1 == 6);
  if (za) zip_close(za);
  strbuf_release(&x), strbuf_release(&y), strbuf_release(&z);
  free(a), free(b), free(c);
}

TEST(failed_write_is_a_system_error) {
  docx_document *d = docx_document_new((lay_options){true, true});
  build_notice(d, true);
  diag_sink *diag = diag_new(NULL, 0);
  int io_err = 0;
  char path[128];
  snprintf(path, sizeof path, "%s/missing/x.docx", dir);
  docx_options opt = {NULL, false};
  CHECK(!docx_write(d, &opt, path, &io_err, diag));
  CHECK_INT(io_err, ENOENT);
  CHECK(strstr(diag_text(diag), "missing/x.docx") != NULL);
  CHECK(access(path, F_OK) != 0);
  docx_document_free(d);
  diag_free(diag);
}

/* The signature paragraphs (style GwSignature) of a DOCX read back: each one's text and
 * w:rightChars, in order. Returns the count (at most 'max'); texts are malloc'd. */
static size_t signature_paras(const char *path, char **text, long *right, size_t max) {
  char *xml = part(path, "word/document.xml");
  xmlDocPtr doc = xml ? xmlReadMemory(xml, (int)strlen(xml), "document.xml", NULL, XML_PARSE_NONET) : NULL;
  free(xml);
  if (!doc) return 0;
  xmlXPathContextPtr x = xmlXPathNewContext(doc);
  xmlXPathRegisterNs(x, BAD_CAST "w", BAD_CAST "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
  xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST "//w:p[w:pPr/w:pStyle/@w:val = 'GwSignature']", x);
  size_t n = 0;
  for (int i = 0; r && r->nodesetval && i < r->nodesetval->nodeNr && n < max; i++, n++) {
    x->node = r->nodesetval->nodeTab[i];
    xmlXPathObjectPtr t = xmlXPathEvalExpression(BAD_CAST "string(.)", x);
    xmlXPathObjectPtr ri = xmlXPathEvalExpression(BAD_CAST "number(w:pPr/w:ind/@w:rightChars)", x);
    text[n] = strdup((const char *)t->stringval);
    right[n] = (long)ri->floatval;
    xmlXPathFreeObject(t);
    xmlXPathFreeObject(ri);
  }
  xmlXPathFreeObject(r);
  xmlXPathFreeContext(x);
  xmlFreeDoc(doc);
  return n;
}

/* Hundredths of a character, as the writer counts: ASCII half, else whole. */
static long chars(const char *s) {
  long w = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) w += *p < 0x80 ? 50 : (*p & 0xC0) != 0x80 ? 100 : 0;
  return w;
}

/* 7.3.5.1, issue 20: a sealed issuer too long to be centred over the date (right-indented 4) in
 * one line stands in two, broken as the PDF breaks it (after 厅), each centred over the date; a
 * name the template broke by hand stands as given, each line centred. */
/* 7.3.5.5 (a fresh user's trial: LibreOffice set the 附件说明 and the 署名 alone on page 2): the
 * text's last paragraphs keep with the block (w:keepNext) — the last one, and the one before it
 * when the last is a single line — and the paragraphs before them do not. */
TEST(signature_block_keeps_two_lines_of_text) {
  char path[128];
  snprintf(path, sizeof path, "%s/keep.docx", dir);
  docx_document *d = docx_document_new((lay_options){true, true});
  const tpl_builder *b = docx_builder();
  src_loc at = {"t.xml", 1, 1, NULL};
  b->paragraph(d, LAY_PARA_BODY, LAY_EL_BODY, "甲段落。", at);
  b->paragraph(d, LAY_PARA_BODY, LAY_EL_BODY, "乙段落。", at);
  b->paragraph(d, LAY_PARA_BODY, LAY_EL_BODY, "丙段落。", at);
  const char *names[] = {"名单"};
  b->attachment_note(d, names, 1, at);
  b->signature(d, "许昌市工业和信息化局", "2022年6月20日", true, at);
  diag_sink *diag = diag_new(NULL, 0);
  int io_err = -1;
  docx_options opt = {NULL, false};
  CHECK(docx_write(d, &opt, path, &io_err, diag));
  docx_document_free(d);
  diag_free(diag);
  char *doc = part(path, "word/document.xml");
  const char *a = strstr(doc, "甲段落"), *bb = strstr(doc, "乙段落"), *c = strstr(doc, "丙段落");
  CHECK(a && bb && c);
  if (a && bb && c) {
    /* each paragraph's properties stand between the previous text and its own */
    const char *pa = strstr(doc, "<w:body>"), *k;
    k = strstr(pa, "w:keepNext");
    CHECK(k == NULL || k > a); /* 甲 does not keep */
    k = strstr(a, "w:keepNext");
    CHECK(k && k < bb); /* 乙 keeps: the last, 丙, is one line */
    k = strstr(bb, "w:keepNext");
    CHECK(k && k < c); /* 丙 keeps with the 附件说明 */
  }
  free(doc);
}

TEST(long_sealed_issuer_in_two_centred_lines) {
  static const char *const names[] = {"湖南省工业和信息化厅人工智能与信息化处", "许昌市工业和信息化局\n产业发展科"};
  static const char *const first[] = {"湖南省工业和信息化厅", "许昌市工业和信息化局"};
  static const char *const second[] = {"人工智能与信息化处", "产业发展科"};
  for (int k = 0; k < 2; k++) {
    char path[128];
    snprintf(path, sizeof path, "%s/long%d.docx", dir, k);
    docx_document *d = docx_document_new((lay_options){true, true});
    docx_builder()->signature(d, names[k], "2019年9月29日", true, (src_loc){"t.xml", 1, 1, NULL});
    diag_sink *diag = diag_new(NULL, 0);
    int io_err = -1;
    docx_options opt = {NULL, false};
    CHECK(docx_write(d, &opt, path, &io_err, diag));
    docx_document_free(d);
    diag_free(diag);
    char *text[4] = {NULL};
    long right[4] = {0};
    size_t n = signature_paras(path, text, right, 4);
    CHECK_INT((int)n, 3);
    if (n == 3) {
      CHECK_STR(text[0], first[k]);
      CHECK_STR(text[1], second[k]);
      CHECK_STR(text[2], "2019年9月29日");
      CHECK_INT((int)right[2], 400); /* the date 4 characters in */
      /* each line's centre (right indent + half its width) is the date's, to a hundredth */
      long centre = right[2] + chars(text[2]) / 2;
      for (int i = 0; i < 2; i++) {
        long c = right[i] + chars(text[i]) / 2;
        CHECK(labs(c - centre) <= 1);
        if (labs(c - centre) > 1) printf("  line %d '%s' centred %ld from the right, the date %ld\n", i, text[i], c, centre);
      }
    }
    for (size_t i = 0; i < n; i++) free(text[i]);
  }
}

/* A template drives the writer through tpl_render_blocks(): the same blocks tpl_render() lays out. */
TEST(template_drives_it) {
  static const char tpl[] =
      "<document>\n"
      "  <title>关于{count(applicant)}家企业的公示</title>\n"
      "  <p>公示期为五个工作日。</p>\n"
      "  <table columns=\"1 3\" header-rows=\"1\">\n"
      "    <row><cell>序号</cell><cell>名称</cell></row>\n"
      "    <for-each select=\"applicant\"><row><cell>{$index}</cell><cell>{@id}</cell></row></for-each>\n"
      "  </table>\n"
      "</document>\n";
  static const char round[] = "<review-round><applicant id=\"A-1\"/><applicant id=\"B-2\"/></review-round>";
  diag_sink *diag = diag_new(NULL, 0);
  tpl_program *p = tpl_parse(tpl, strlen(tpl), "t.xml", diag);
  xmlDocPtr rd = xmlReadMemory(round, (int)strlen(round), "r.xml", NULL, 0);
  CHECK(p && rd);
  if (p && rd) {
    tpl_context ctx = {rd, xmlDocGetRootElement(rd), NULL, 0, NULL};
    char path[128];
    snprintf(path, sizeof path, "%s/t.docx", dir);
    int io_err = -1;
    CHECK(docx_render(p, tpl_program_document(p, 0), &ctx, NULL, path, &io_err, diag));
    CHECK_INT(io_err, 0);
    char *doc = part(path, "word/document.xml");
    CHECK(doc && strstr(doc, "关于2家企业的公示") && strstr(doc, "公示期为五个工作日。"));
    CHECK(doc && strstr(doc, ">A-1<") && strstr(doc, ">B-2<"));
    CHECK_INT(count(doc, "<w:tr>"), 3);
    free(doc);
  }
  if (diag_error_count(diag)) printf("%s\n", diag_text(diag));
  xmlFreeDoc(rd);
  tpl_program_free(p);
  diag_free(diag);
}

int main(void) {
  xmlInitParser();
  snprintf(dir, sizeof dir, "/tmp/docx_test-XXXXXX");
  if (!mkdtemp(dir)) return 1;
  RUN(package_parts_and_settings);
  RUN(blocks_as_paragraphs_and_tables);
  RUN(unsealed_signature);
  RUN(identical_input_identical_bytes);
  RUN(failed_write_is_a_system_error);
  RUN(template_drives_it);
  RUN(long_sealed_issuer_in_two_centred_lines);
  RUN(signature_block_keeps_two_lines_of_text);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) return 1;
  return CHECK_DONE();
}
