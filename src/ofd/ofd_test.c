/* Unit tests for ofd_render: the package's parts and order, namespaces, one ID space with
 * MaxUnitID its largest, DeltaX with n-1 advances equal to the PDF's, a character beyond the BMP
 * in its own TextCode and in the embedded subset's cmap, DocType OFD-A / OFD, reproducible bytes,
 * nothing left on failure. The whole documents are checked end to end by tests/e2e/ofd_programs.sh
 * with the independent checker. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hb.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "../../tests/check.h"
#include "core/diag.h"
#include "core/lang.h"
#include "ofd/ofd.h"

static pdf_fonts *fonts;
static char dir[64];
static char rare[8]; /* a character beyond the BMP that a fallback font draws */
static uint32_t rare_cp;

static lay_op text_op(double x, double y, const char *s) {
  lay_op op = {.kind = LAY_OP_TEXT, .from = {"page.tpl", 3, 1, "A-001"}, .color = LAY_RED};
  op.u.text.font = LAY_FONT_BODY;
  op.u.text.size_pt = 16;
  op.u.text.x = x;
  op.u.text.y = y;
  op.u.text.tracking_pt = 0.5;
  op.u.text.utf8 = s;
  return op;
}

static char *part(const char *path, const char *name, size_t *len) {
  zip_t *z = zip_open(path, ZIP_RDONLY, NULL);
  if (!z) return NULL;
  zip_stat_t st;
  char *buf = NULL;
  if (zip_stat(z, name, 0, &st) == 0) {
    zip_file_t *f = zip_fopen(z, name, 0);
    buf = calloc(1, st.size + 1);
    if (f && zip_fread(f, buf, st.size) == (zip_int64_t)st.size) *len = st.size;
    if (f) zip_fclose(f);
  }
  zip_close(z);
  return buf;
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  *len = (size_t)ftell(f);
  rewind(f);
  char *b = malloc(*len + 1);
  if (fread(b, 1, *len, f) != *len) *len = 0;
  fclose(f);
  return b;
}

/* the page used by most tests: a run with a fallback character, a rule, a box, a checkbox */
static bool render(const char *name, bool plain, char *path, size_t size, diag_sink *d) {
  static char text[64];
  snprintf(text, sizeof text, "关于公布%s名单", rare);
  lay_op ops[4] = {text_op(90, 200, text)};
  ops[0].element = LAY_EL_TITLE;
  ops[1] = (lay_op){.kind = LAY_OP_LINE, .color = LAY_RED, .u.line = {80, 220, 515, 220, 1}};
  ops[2] = (lay_op){.kind = LAY_OP_RECT, .color = LAY_BLACK, .u.rect = {80, 300, 100, 40, 0.5, false}};
  ops[3] = (lay_op){.kind = LAY_OP_CHECKBOX, .color = LAY_BLACK, .u.checkbox = {90, 400, 12, true}};
  lay_page page = {.ops = ops, .count = 4, .cap = 4, .width_pt = LAY_A4_WIDTH_PT, .height_pt = LAY_A4_HEIGHT_PT};
  lay_info info = {.title = "关于公布名单的通知", .author = "许昌市工业和信息化局", .date = "2022-05-06"};
  snprintf(path, size, "%s/%s", dir, name);
  ofd_options o = {.plain = plain, .no_fsync = true};
  return ofd_render_pages(fonts, &page, 1, &info, &o, path, d);
}

static unsigned max_id(xmlNode *n) {
  unsigned m = 0;
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    xmlChar *id = xmlGetProp(n, BAD_CAST "ID");
    if (id) {
      unsigned v = (unsigned)strtoul((char *)id, NULL, 10);
      m = v > m ? v : m;
      xmlFree(id);
    }
    unsigned c = max_id(n->children);
    m = c > m ? c : m;
  }
  return m;
}

TEST(package_parts_and_namespaces) {
  diag_sink *d = diag_new(NULL, 0);
  char path[128];
  CHECK(render("a.ofd", false, path, sizeof path, d));
  zip_t *z = zip_open(path, ZIP_RDONLY, NULL);
  CHECK(z != NULL);
  if (!z) return;
  CHECK_STR(zip_get_name(z, 0, 0), "OFD.xml"); /* the entry first */
  CHECK_STR(zip_get_name(z, 1, 0), "Doc_0/Document.xml");
  CHECK(zip_name_locate(z, "Doc_0/Pages/Page_0/Content.xml", 0) >= 0);
  CHECK(zip_name_locate(z, "Doc_0/PublicRes.xml", 0) >= 0);
  zip_close(z);
  size_t len = 0;
  char *ofd = part(path, "OFD.xml", &len);
  CHECK_CONTAINS(ofd, "<ofd:OFD Version=\"1.0\" DocType=\"OFD-A\" xmlns:ofd=\"http://www.ofdspec.org/2016\">");
  CHECK_CONTAINS(ofd, "<ofd:Title>关于公布名单的通知</ofd:Title>");
  CHECK_CONTAINS(ofd, "<ofd:CreationDate>2022-05-06</ofd:CreationDate>");
  CHECK_CONTAINS(ofd, "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>");
  free(ofd);
  /* one ID space: MaxUnitID is the largest ID of the pages and resources */
  unsigned page_id = 0;
  char *doc = part(path, "Doc_0/Document.xml", &len);
  char *page = part(path, "Doc_0/Pages/Page_0/Content.xml", &len);
  char *res = part(path, "Doc_0/PublicRes.xml", &len);
  xmlDoc *pd = xmlReadMemory(page, (int)strlen(page), "p.xml", NULL, 0);
  xmlDoc *rd = xmlReadMemory(res, (int)strlen(res), "r.xml", NULL, 0);
  CHECK(pd && rd);
  if (pd && rd) {
    unsigned m = max_id(xmlDocGetRootElement(pd)), r = max_id(xmlDocGetRootElement(rd));
    char want[64];
    snprintf(want, sizeof want, "<ofd:MaxUnitID>%u</ofd:MaxUnitID>", m > r ? m : r);
    CHECK_CONTAINS(doc, want);
    const char *pg = strstr(doc, "<ofd:Page ID=\"");
    page_id = pg ? (unsigned)atoi(pg + 14) : 0;
    CHECK(strcmp((const char *)xmlDocGetRootElement(pd)->ns->href, "http://www.ofdspec.org/2016") == 0);
  }
  xmlFreeDoc(pd);
  xmlFreeDoc(rd);
  CHECK_CONTAINS(doc, "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>");
  CHECK_CONTAINS(res, "<ofd:FontFile>font_");
  CHECK_CONTAINS(page, "<ofd:FillColor Value=\"230 0 0\"/>"); /* LAY_RED as the PDF's 0.9 0 0 */
  CHECK_CONTAINS(page, "<ofd:AbbreviatedData>M 0.176 0.176 L 153.635 0.176</ofd:AbbreviatedData>");
  CHECK_CONTAINS(page, ">☑</ofd:TextCode>");
  /* the title's three TextObjects (body font, the fallback's, body font) are tagged 标题 (GB/T
   * 33476); the checkbox's is not */
  CHECK_CONTAINS(doc, "<ofd:CustomTags>Tags/CustomTags.xml</ofd:CustomTags>");
  char *tag = part(path, "Doc_0/Tags/CustomTag.xml", &len);
  const char *id1 = strstr(page, "<ofd:TextObject ID=\"");
  char want_tag[200];
  snprintf(want_tag, sizeof want_tag, "<ofd:主体><ofd:标题><ofd:ObjectRef PageRef=\"%u\">%d</ofd:ObjectRef>", page_id,
           id1 ? atoi(id1 + 20) : 0);
  CHECK_CONTAINS(tag, want_tag);
  int objects = 0, refs = 0;
  for (const char *q = page; (q = strstr(q, "<ofd:TextObject ")); q++) objects++;
  for (const char *q = tag; q && (q = strstr(q, "<ofd:ObjectRef ")); q++) refs++;
  CHECK_INT(refs, 3);
  CHECK_INT(objects, 4);
  free(tag);
  free(doc);
  free(page);
  free(res);
  diag_free(d);
}

/* 关于公布 at 16 pt + 0.5 pt tracking: three advances of 16.5 pt = 5.821 mm; the character beyond
 * the BMP starts a TextCode of its own at its pen position, in the fallback font's object. */
TEST(deltax_and_characters_beyond_the_bmp) {
  diag_sink *d = diag_new(NULL, 0);
  char path[128];
  CHECK(render("b.ofd", false, path, sizeof path, d));
  size_t len = 0;
  char *page = part(path, "Doc_0/Pages/Page_0/Content.xml", &len);
  CHECK_CONTAINS(page, "X=\"0\" Y=\"5.644\" DeltaX=\"g 3 5.821\">关于公布</ofd:TextCode>");
  char want[64];
  snprintf(want, sizeof want, "X=\"0\" Y=\"5.644\">%s</ofd:TextCode>", rare);
  CHECK_CONTAINS(page, want);
  CHECK_CONTAINS(page, "Boundary=\"31.75 64.911 ");
  /* the rare character's font is embedded with a cmap entry for it */
  char *res = part(path, "Doc_0/PublicRes.xml", &len);
  int fonts_seen = 0;
  for (const char *p = res; (p = strstr(p, "<ofd:FontFile>")); p++) {
    char name[64] = "Doc_0/Res/";
    sscanf(p + 14, "%40[^<]", name + 10);
    size_t flen = 0;
    char *font = part(path, name, &flen);
    hb_blob_t *b = hb_blob_create(font, (unsigned)flen, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *face = hb_face_create(b, 0);
    hb_font_t *f = hb_font_create(face);
    hb_codepoint_t g;
    if (hb_font_get_nominal_glyph(f, rare_cp, &g)) fonts_seen++;
    hb_font_destroy(f);
    hb_face_destroy(face);
    hb_blob_destroy(b);
    free(font);
  }
  CHECK_INT(fonts_seen, 1);
  free(res);
  free(page);
  diag_free(d);
}

TEST(plain_ofd_and_reproducible_bytes) {
  diag_sink *d = diag_new(NULL, 0);
  char p1[128], p2[128];
  CHECK(render("c1.ofd", true, p1, sizeof p1, d));
  CHECK(render("c2.ofd", true, p2, sizeof p2, d));
  size_t l1 = 0, l2 = 0;
  char *a = slurp(p1, &l1), *b = slurp(p2, &l2);
  CHECK(l1 > 1000 && l1 == l2 && memcmp(a, b, l1) == 0);
  free(a);
  free(b);
  char *ofd = part(p1, "OFD.xml", &l1);
  CHECK_CONTAINS(ofd, "DocType=\"OFD\"");
  free(ofd);
  diag_free(d);
}

TEST(nothing_left_on_failure) {
  diag_sink *d = diag_new(NULL, 0);
  lay_op op = text_op(90, 200, "名单\xEE\x80\x80"); /* U+E000: a private-use character no font has */
  lay_page page = {.ops = &op, .count = 1, .cap = 1};
  char path[128];
  snprintf(path, sizeof path, "%s/fail.ofd", dir);
  CHECK(!ofd_render_pages(fonts, &page, 1, NULL, NULL, path, d));
  CHECK_CONTAINS(diag_text(d), "page.tpl:3:1");
  CHECK_CONTAINS(diag_text(d), "U+E000");
  struct stat st;
  CHECK(stat(path, &st) != 0);
  snprintf(path, sizeof path, "%s/no/such/folder/x.ofd", dir);
  CHECK(!render("no/such/folder/x.ofd", false, path, sizeof path, d));
  CHECK(!ofd_render_pages(fonts, &page, 0, NULL, NULL, path, d));
  CHECK_CONTAINS(diag_text(d), "no pages");
  diag_free(d);
}

int main(void) {
  lang_force(false);
  diag_sink *d = diag_new(stderr, 0);
  snprintf(dir, sizeof dir, "/tmp/yinfa-ofd-test-XXXXXX");
  if (!mkdtemp(dir)) return 3;
  fonts = pdf_fonts_load("fonts/fontmap.ini", NULL, d);
  if (!fonts) return 3;
  const char *body = pdf_fonts_role_file(fonts, LAY_FONT_BODY);
  for (uint32_t cp = 0x20000; cp < 0x2A6E0 && !rare_cp; cp++) {
    const char *f = pdf_fonts_file_for(fonts, LAY_FONT_BODY, cp);
    if (f && strcmp(f, body) != 0) rare_cp = cp;
  }
  snprintf(rare, sizeof rare, "%c%c%c%c", 0xf0 | rare_cp >> 18, 0x80 | (rare_cp >> 12 & 0x3f),
           0x80 | (rare_cp >> 6 & 0x3f), 0x80 | (rare_cp & 0x3f));
  /* as a run with OFD does: documents' subsets are cut from the run's (pdf_fonts_prepare_other) */
  char collected[64];
  snprintf(collected, sizeof collected, "关于公布名单%s", rare);
  pdf_fonts_add_text(fonts, collected);
  if (!pdf_fonts_prepare(fonts, d) || !pdf_fonts_prepare_other(fonts, d)) return 3;
  RUN(package_parts_and_namespaces);
  RUN(deltax_and_characters_beyond_the_bmp);
  RUN(plain_ofd_and_reproducible_bytes);
  RUN(nothing_left_on_failure);
  pdf_fonts_free(fonts);
  diag_free(d);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) return 3;
  return CHECK_DONE();
}
