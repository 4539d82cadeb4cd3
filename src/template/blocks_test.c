/* Tests of the template blocks the programs need (docs/templates.md): the 封面 cover page, the
 * 版记 colophon, grouping with heading rows and running numbers, tables with a minimum number of
 * rows, and <include> of shared pieces from templates/common/ with their own file:line. */
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../tests/check.h"
#include "core/diag.h"
#include "core/lang.h"
#include "core/strbuf.h"
#include "template/template.h"

static const char round_xml[] =
    "<review-round program=\"test\" year=\"2024\" round=\"1\">\n"
    "  <applicant id=\"H-1\" county=\"长沙市\">\n"
    "    <enterprise><name>湘江智能装备有限公司</name><credit-code>x</credit-code>\n"
    "      <honor level=\"国家级\" year=\"2022\">智能制造试点示范</honor>\n"
    "      <honor level=\"省级\" year=\"2023\">两化融合贯标</honor>\n"
    "    </enterprise>\n"
    "    <project direction=\"标杆企业\"><name>云平台</name></project>\n"
    "    <review><decision>admitted</decision></review>\n"
    "  </applicant>\n"
    "  <applicant id=\"H-2\" county=\"株洲市\">\n"
    "    <enterprise><name>株洲轨道科技有限公司</name><credit-code>x</credit-code></enterprise>\n"
    "    <project direction=\"示范企业\"><name>数据中台</name></project>\n"
    "    <review><decision>admitted</decision></review>\n"
    "  </applicant>\n"
    "  <applicant id=\"H-3\" county=\"长沙市\">\n"
    "    <enterprise><name>岳麓软件有限公司</name><credit-code>x</credit-code></enterprise>\n"
    "    <project direction=\"标杆企业\"><name>工业互联网</name></project>\n"
    "    <review><decision>admitted</decision></review>\n"
    "  </applicant>\n"
    "</review-round>\n";

static char root[64];     /* a templates folder: root/prog/ and root/common/ */
static xmlDocPtr round_doc;

static void write_file(const char *rel, const char *text) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", root, rel);
  FILE *f = fopen(path, "w");
  if (!f) return;
  fputs(text, f);
  fclose(f);
}

static void remove_file(const char *rel) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", root, rel);
  unlink(path);
}

/* The program's schema is xuchang-nit's (copied into prog/ by main), so field names are checked. */
static const char program_xml[] =
    "<program name=\"test\" schema=\"schema.xsd\">\n"
    "  <param name=\"issuer\"/><param name=\"date\"/>\n"
    "  <document kind=\"doc\" scope=\"applicant\" output=\"{id}.pdf\" template=\"doc.xml\"/>\n"
    "</program>\n";

/* Loads root/prog with doc.xml = <document>body</document>; NULL after reporting to 'd'. */
static tpl_program *load(const char *body, diag_sink *d) {
  write_file("prog/program.xml", program_xml);
  strbuf b;
  strbuf_init(&b);
  strbuf_printf(&b, "<document>\n%s\n</document>\n", body);
  write_file("prog/doc.xml", strbuf_str(&b));
  strbuf_release(&b);
  char dir[128];
  snprintf(dir, sizeof dir, "%s/prog", root);
  return tpl_program_load(dir, d);
}

/* The trace of 'body' for applicant 'n' (-1: the round), NULL on error; messages in *m. */
static char *render(const char *body, int n, char **m) {
  diag_sink *d = diag_new(NULL, 0);
  tpl_program *p = load(body, d);
  char *out = NULL;
  if (p) {
    xmlNodePtr node = xmlDocGetRootElement(round_doc);
    int i = 0;
    if (n >= 0)
      for (xmlNodePtr c = node->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && i++ == n) {
          node = c;
          break;
        }
    tpl_var vars[] = {{"issuer", "湖南省工业和信息化厅"}, {"date", "2024-03-01"}, {"order", "pinyin"}};
    tpl_context ctx = {round_doc, node, vars, 3, NULL};
    out = tpl_render_trace(p, tpl_program_document(p, 0), &ctx, d);
  }
  if (m) *m = strdup(diag_text(d));
  tpl_program_free(p);
  diag_free(d);
  return out;
}

static void expect_error(const char *body, const char *where, const char *what) {
  char *m = NULL;
  char *t = render(body, 0, &m);
  CHECK(t == NULL);
  CHECK_CONTAINS(m, where);
  CHECK_CONTAINS(m, what);
  free(t);
  free(m);
}

/* ---- 版记 ---- */

TEST(colophon) {
  char *t = render("<p>正文。</p>\n"
                   "<colophon copy-to=\"各市州工业和信息化局。\" printer=\"{$issuer}办公室\"\n"
                   "          date=\"{$date | date}\"/>",
                   0, NULL);
  CHECK_STR(t, "p body 正文。\ncolophon 抄送=各市州工业和信息化局。 | 湖南省工业和信息化厅办公室 | "
               "2024年3月1日\n");
  free(t);
  /* no 抄送: the line is left out */
  t = render("<colophon printer=\"{$issuer}办公室\" date=\"{$date | date}\"/>", 0, NULL);
  CHECK_STR(t, "colophon 抄送=(none) | 湖南省工业和信息化厅办公室 | 2024年3月1日\n");
  free(t);
  /* layout writes 抄送：and 印发 itself: the fonts' subset must have them */
  diag_sink *d = diag_new(NULL, 0);
  tpl_program *p = load("<colophon printer=\"x\"/>", d);
  CHECK_STR(tpl_program_layout_text(p), "抄送：印发");
  tpl_program_free(p);
  p = load("<p>x</p>", d);
  CHECK_STR(tpl_program_layout_text(p), "");
  tpl_program_free(p);
  diag_free(d);
  expect_error("<colophon cc=\"x\"/>", "doc.xml:2:11:", "unknown attribute 'cc' on <colophon>");
  expect_error("<table columns=\"1\"><colophon/></table>", "doc.xml:2:20:",
               "unknown element <colophon> in <table>");
}

/* ---- 封面 ---- */

TEST(cover_page) {
  char *t = render(
      "<cover top=\"40mm\" footer=\"湖南省工业和信息化厅制\">\n"
      "  <title-line size=\"二号\">湖南省“上云上平台”标杆企业</title-line>\n"
      "  <title-line size=\"小初\">申　报　书</title-line>\n"
      "  <title-line font=\"body\" size=\"三号\">（{/review-round/@year}年度）</title-line>\n"
      "  <title-line>{enterprise/industry}</title-line>\n" /* empty: left out */
      "  <fill label=\"申报单位（盖章）：\">{enterprise/name}</fill>\n"
      "  <fill label=\"推荐单位（盖章）：\"/>\n"
      "  <if test=\"enterprise/contact\"><fill label=\"联系人：\">{enterprise/contact/@name}</fill></if>\n"
      "  <fill label=\"申报日期：\" empty=\"　　　　年　　月　　日\">{$date | date}</fill>\n"
      "  <fill label=\"填报日期：\" empty=\"　　　　年　　月　　日\">{enterprise/industry}</fill>\n"
      "</cover>\n"
      "<title>一、申请表</title>",
      0, NULL);
  CHECK_STR(t, "cover top=113.386 size=0\n"
               "  title font1 22 湖南省“上云上平台”标杆企业\n"
               "  title font1 36 申　报　书\n"
               "  title font0 16 （2024年度）\n"
               "  fill 申报单位（盖章）：[湘江智能装备有限公司] empty=[]\n"
               "  fill 推荐单位（盖章）：[] empty=[]\n"
               "  fill 申报日期：[2024年3月1日] empty=[　　　　年　　月　　日]\n"
               "  fill 填报日期：[] empty=[　　　　年　　月　　日]\n"
               "  footer 湖南省工业和信息化厅制\n"
               "title 一、申请表\n");
  free(t);
  expect_error("<fill label=\"x\"/>", "doc.xml:2:1:", "unknown element <fill> in the document");
  expect_error("<cover><p>x</p></cover>", "doc.xml:2:8:", "unknown element <p> in <cover>");
  expect_error("<cover>申报书</cover>", "doc.xml:2:8:", "text is not allowed directly inside <cover>");
  expect_error("<cover><title-line font=\"bold\">x</title-line></cover>", "doc.xml:2:26:",
               "font=\"bold\"");
}

/* ---- grouping with headings ---- */

TEST(group_headings_and_running_numbers) {
  /* a heading row spanning the table per category, numbers running on across the groups */
  char *t = render(
      "<table columns=\"1 4\">\n"
      "  <for-each select=\"applicant\" group-by=\"project/@direction\">\n"
      "    <sort key=\"project/@direction\" order=\"pinyin\"/>\n"
      "    <row><cell colspan=\"2\" align=\"left\">{. | index | hanzi-number}、{project/@direction}"
      "（{count($group)}家）</cell></row>\n"
      "    <for-each select=\"$group\" sort=\"enterprise/name\" order=\"pinyin\" numbering=\"continue\">\n"
      "      <row><cell>{. | index}</cell><cell>{enterprise/name}</cell></row>\n"
      "    </for-each>\n"
      "  </for-each>\n"
      "</table>",
      -1, NULL);
  CHECK_STR(t, "table columns=2 header=0 size=0 weights=1,4\n"
               "row 0\ncell 2x1 left\ntext left 一、标杆企业（2家）\n/row\n"
               "row 0\ncell 1x1 center\ntext center 1\ncell 1x1 center\ntext center 湘江智能装备有限公司\n/row\n"
               "row 0\ncell 1x1 center\ntext center 2\ncell 1x1 center\ntext center 岳麓软件有限公司\n/row\n"
               "row 0\ncell 2x1 left\ntext left 二、示范企业（1家）\n/row\n"
               "row 0\ncell 1x1 center\ntext center 3\ncell 1x1 center\ntext center 株洲轨道科技有限公司\n/row\n"
               "/table\n");
  free(t);
  /* a heading paragraph per group, numbers restarting (the default) */
  t = render("<for-each select=\"applicant\" group-by=\"@county\">\n"
             "  <p style=\"h1\">{@county}</p>\n"
             "  <for-each select=\"$group\"><p>{$index}. {enterprise/name}</p></for-each>\n"
             "</for-each>",
             -1, NULL);
  CHECK_STR(t, "p h1 长沙市\np body 1. 湘江智能装备有限公司\np body 2. 岳麓软件有限公司\n"
               "p h1 株洲市\np body 1. 株洲轨道科技有限公司\n");
  free(t);
  expect_error("<for-each select=\"applicant\" numbering=\"on\"/>", "doc.xml:2:41:",
               "numbering=\"on\"");
}

/* ---- a minimum number of rows ---- */

TEST(min_rows) {
  static const char honours[] =
      "<table columns=\"1 4 2 2\">\n"
      "  <row><cell>序号</cell><cell>奖项名称</cell><cell>级别</cell><cell>获得时间</cell></row>\n"
      "  <for-each select=\"enterprise/honor\" min=\"4\">\n"
      "    <row><cell>{. | index}</cell><cell>{.}</cell><cell>{@level}</cell>"
      "<cell>{@year}{/review-round/@year | default('')}</cell></row>\n"
      "  </for-each>\n"
      "</table>";
  char *t = render(honours, 0, NULL);
  /* two honours, then two empty rows (numbered; absolute paths still have their value) */
  CHECK_CONTAINS(t, "text center 2\ncell 1x1 center\ntext center 两化融合贯标\ncell 1x1 center\n"
                    "text center 省级\ncell 1x1 center\ntext center 20232024\n/row\n");
  CHECK_CONTAINS(t, "row 0\ncell 1x1 center\ntext center 3\ncell 1x1 center\ncell 1x1 center\n"
                    "cell 1x1 center\ntext center 2024\n/row\n");
  CHECK_CONTAINS(t, "text center 4\n");
  CHECK(strstr(t ? t : "", "text center 5") == NULL);
  size_t rows = 0;
  for (const char *s = t; s && (s = strstr(s, "row 0\n")); s++) rows++;
  CHECK_INT(rows, 5); /* header + 4 */
  free(t);
  /* no honours at all: four empty rows */
  t = render(honours, 1, NULL);
  rows = 0;
  for (const char *s = t; s && (s = strstr(s, "row 0\n")); s++) rows++;
  CHECK_INT(rows, 5);
  free(t);
  /* more than the minimum: all of them */
  t = render("<for-each select=\"/review-round/applicant\" min=\"2\"><p>{$index}{@id}</p></for-each>",
             0, NULL);
  CHECK_STR(t, "p body 1H-1\np body 2H-2\np body 3H-3\n");
  free(t);
  expect_error("<for-each select=\"applicant\" group-by=\"@county\" min=\"3\"/>", "doc.xml:2:49:",
               "min= fills up rows of a list and cannot be used with group-by");
  expect_error("<for-each select=\"applicant\" min=\"x\"/>", "doc.xml:2:35:", "min=\"x\"");
}

/* ---- include ---- */

TEST(include_shared_pieces) {
  write_file("common/signature.xml",
             "<fragment>\n"
             "  <signature issuer=\"{$issuer}\" date=\"{$date | date}\"/>\n"
             "  <include file=\"colophon.xml\"/>\n"
             "</fragment>\n");
  write_file("common/colophon.xml",
             "<fragment><colophon printer=\"{$issuer}办公室\" date=\"{$date | date}\"/></fragment>\n");
  write_file("common/row.xml", "<fragment><row><cell>{$index}</cell></row></fragment>\n");
  char *m = NULL;
  char *t = render("<p>正文。</p>\n<include file=\"../common/signature.xml\"/>\n"
                   "<table columns=\"1\"><for-each select=\"/review-round/applicant\">"
                   "<include file=\"../common/row.xml\"/></for-each></table>",
                   0, &m);
  CHECK_STR(m, "");
  CHECK_CONTAINS(t, "p body 正文。\nsignature 湖南省工业和信息化厅 | 2024年3月1日\n"
                    "colophon 抄送=(none) | 湖南省工业和信息化厅办公室 | 2024年3月1日\n");
  CHECK_CONTAINS(t, "text center 3\n/row\n/table\n");
  free(t);
  free(m);

  /* the included files are the program's files too (fingerprints, font subsets) */
  diag_sink *d = diag_new(NULL, 0);
  tpl_program *p = load("<include file=\"../common/signature.xml\"/>", d);
  CHECK(p != NULL);
  CHECK_INT(tpl_program_file_count(p), 5); /* program.xml, doc.xml, 2 included, the schema */
  CHECK_CONTAINS(tpl_program_file(p, 2), "common/signature.xml");
  CHECK(strstr(tpl_program_file(p, 2), "..") == NULL);
  CHECK_CONTAINS(tpl_program_file(p, 3), "common/colophon.xml");
  tpl_program_free(p);
  diag_free(d);

  /* an error inside an included file names that file and line */
  write_file("common/bad.xml", "<fragment>\n\n  <p>{enterprise/nmae}</p>\n</fragment>\n");
  expect_error("<include file=\"../common/bad.xml\"/>", "common/bad.xml:3:18:",
               "unknown field 'nmae'");
  /* ... also when the problem shows only with the data (reported per document) */
  write_file("common/money.xml", "<fragment>\n<p>{enterprise/name | money}</p>\n</fragment>\n");
  char *m2 = NULL;
  char *t2 = render("<include file=\"../common/money.xml\"/>", 0, &m2);
  CHECK(t2 == NULL);
  CHECK_CONTAINS(m2, "common/money.xml:2:5: error: applicant H-1: {enterprise/name | money}");
  free(t2);
  free(m2);
  remove_file("common/money.xml");
  /* a missing file: at the file= value of the include, with the caret */
  expect_error("<p>x</p>\n<include file=\"../common/nope.xml\"/>", "doc.xml:3:16:",
               "cannot include");
  /* a cycle, however long */
  write_file("common/a.xml", "<fragment><include file=\"b.xml\"/></fragment>\n");
  write_file("common/b.xml", "<fragment>\n<include file=\"a.xml\"/></fragment>\n");
  expect_error("<include file=\"../common/a.xml\"/>", "common/b.xml:2:16:", "include cycle");
  expect_error("<include file=\"doc.xml\"/>", "doc.xml:2:16:", "include cycle");
  /* confined to the templates folder */
  expect_error("<include file=\"../../../../../../etc/hostname\"/>", "doc.xml:2:16:",
               "outside the templates folder");
  expect_error("<include file=\"/etc/hostname\"/>", "doc.xml:2:16:", "relative to this template");
  /* the included file is a <fragment>, in the context of the include */
  write_file("common/doc.xml", "<document><p>x</p></document>\n");
  expect_error("<include file=\"../common/doc.xml\"/>", "common/doc.xml:1:1:",
               "root element must be <fragment>");
  expect_error("<table columns=\"1\"><include file=\"../common/signature.xml\"/></table>",
               "common/signature.xml:2:3:", "unknown element <signature> in <table>");
  expect_error("<include/>", "doc.xml:2:1:", "<include> needs file");
  const char *files[] = {"signature.xml", "colophon.xml", "row.xml", "bad.xml", "a.xml", "b.xml",
                         "doc.xml"};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    char rel[64];
    snprintf(rel, sizeof rel, "common/%s", files[i]);
    remove_file(rel);
  }
}

int main(void) {
  xmlInitParser();
  lang_force(false);
  snprintf(root, sizeof root, "/tmp/tpl_blocks.XXXXXX");
  if (!mkdtemp(root)) return 3;
  char sub[128];
  snprintf(sub, sizeof sub, "%s/prog", root);
  mkdir(sub, 0700);
  snprintf(sub, sizeof sub, "%s/common", root);
  mkdir(sub, 0700);
  round_doc = xmlReadMemory(round_xml, (int)strlen(round_xml), "round.xml", NULL, XML_PARSE_NONET);
  strbuf schema;
  strbuf_init(&schema);
  if (!strbuf_append_file(&schema, "templates/xuchang-nit/schema.xsd")) {
    printf("cannot read templates/xuchang-nit/schema.xsd (run from the repository root)\n");
    return 1;
  }
  write_file("prog/schema.xsd", strbuf_str(&schema));
  strbuf_release(&schema);
  RUN(colophon);
  RUN(cover_page);
  RUN(group_headings_and_running_numbers);
  RUN(min_rows);
  RUN(include_shared_pieces);
  xmlFreeDoc(round_doc);
  remove_file("prog/program.xml");
  remove_file("prog/doc.xml");
  snprintf(sub, sizeof sub, "%s/prog", root);
  rmdir(sub);
  snprintf(sub, sizeof sub, "%s/common", root);
  rmdir(sub);
  rmdir(root);
  xmlCleanupParser();
  return CHECK_DONE();
}
