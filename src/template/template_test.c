/* Tests of the template language: filters, interpolation, for-each sorting, conditions, and
 * template errors reported with file:line before anything is rendered. */
#include "template/template.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../tests/check.h"
#include "core/diag.h"
#include "core/lang.h"
#include "core/strbuf.h"

static const char round_xml[] =
    "<review-round program=\"xuchang-nit\" year=\"2022\" round=\"1\">\n"
    "  <applicant id=\"A-1\" county=\"长葛市\">\n"
    "    <enterprise><name>王氏发制品有限公司</name><credit-code>91411002MA9F4K2X1L</credit-code>\n"
    "      <main-business share=\"78.50\">发制品</main-business>\n"
    "      <finance year=\"2021\" total-assets=\"13456.675\" revenue=\"-3.5\" tax=\"123456789\"/>\n"
    "      <finance year=\"2020\" total-assets=\"12345.6\" revenue=\"7\"/>\n"
    "    </enterprise>\n"
    "    <project direction=\"服务型制造\"><name>项目甲</name>\n"
    "      <summary>第一段。\n\n第二段。</summary></project>\n"
    "    <review><decision>admitted</decision></review>\n"
    "  </applicant>\n"
    "  <applicant id=\"A-2\" county=\"魏都区\">\n"
    "    <enterprise><name>丁香科技有限公司</name><credit-code>x</credit-code></enterprise>\n"
    "    <project direction=\"工业互联网平台\"><name>项目乙</name></project>\n"
    "    <review><decision>rejected</decision></review>\n"
    "  </applicant>\n"
    "  <applicant id=\"A-3\" county=\"长葛市\">\n"
    "    <enterprise><name>李记软件有限公司</name><credit-code>x</credit-code></enterprise>\n"
    "    <project direction=\"服务型制造\"><name>项目丙</name></project>\n"
    "  </applicant>\n"
    "  <applicant id=\"A-4\" county=\"魏都区\">\n"
    "    <enterprise><name>许都信息有限公司</name><credit-code>x</credit-code></enterprise>\n"
    "    <project direction=\"服务型制造\"><name>项目丁</name></project>\n"
    "    <review><decision>admitted</decision></review>\n"
    "  </applicant>\n"
    "</review-round>\n";

static char dir[64];

static void write_file(const char *name, const char *text) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  fputs(text, f);
  fclose(f);
}

/* The program's schema is xuchang-nit's (copied into 'dir' by main), so field names are checked. */
static const char program_xml[] =
    "<program name=\"test\" schema=\"schema.xsd\">\n"
    "  <param name=\"issuer\"/><param name=\"holidays\"/>\n"
    "  <param name=\"workdays\"/><param name=\"start\"/><param name=\"days\"/>\n"
    "  <param name=\"county\"/>\n"
    "  <document kind=\"doc\" scope=\"applicant\" output=\"{id}.pdf\" template=\"doc.xml\"/>\n"
    "</program>\n";

/* Loads a one-template program whose document body is 'body'; NULL after reporting to 'd'. */
static tpl_program *load(const char *body, diag_sink *d) {
  write_file("program.xml", program_xml);
  strbuf b;
  strbuf_init(&b);
  strbuf_printf(&b, "<document>\n%s\n</document>\n", body);
  write_file("doc.xml", strbuf_str(&b));
  strbuf_release(&b);
  return tpl_program_load(dir, d);
}

static xmlDocPtr round_doc;
static const cal_calendar *render_calendar; /* the official calendar for render(), or NULL */

/* Renders 'body' for applicant 'n' (0-based; -1: the root) with the given vars; returns the
 * trace (caller frees) or NULL. Messages go to *messages when not NULL. */
static char *render(const char *body, int n, const tpl_var *vars, size_t var_count,
                    char **messages) {
  diag_sink *d = diag_new(NULL, 0);
  tpl_program *p = load(body, d);
  char *out = NULL;
  if (p) {
    xmlNodePtr node = xmlDocGetRootElement(round_doc);
    if (n >= 0) {
      int i = 0;
      for (xmlNodePtr c = node->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && i++ == n) {
          node = c;
          break;
        }
    }
    tpl_context ctx = {round_doc, node, vars, var_count, render_calendar};
    out = tpl_render_trace(p, tpl_program_document(p, 0), &ctx, d);
  }
  if (messages) *messages = strdup(diag_text(d));
  tpl_program_free(p);
  diag_free(d);
  return out;
}

static char *render1(const char *body) { return render(body, 0, NULL, 0, NULL); }

TEST(literal_text_and_values) {
  char *t = render1("<p>企业：\n    {enterprise/name}（{@county}）</p>");
  CHECK_STR(t, "p body 企业：王氏发制品有限公司（长葛市）\n");
  free(t);
}

TEST(missing_optional_field_is_empty) {
  char *t = render1("<p>[{enterprise/industry}][{enterprise/contact/@phone | money}]</p>");
  CHECK_STR(t, "p body [][]\n");
  free(t);
  t = render1("<p>[{enterprise/industry | default('—')}]</p>");
  CHECK_STR(t, "p body [—]\n");
  free(t);
}

TEST(money) {
  char *t = render1(
      "<for-each select=\"enterprise/finance\"><p>{@total-assets | money} {@revenue | "
      "money}</p></for-each>");
  CHECK_STR(t, "p body 13456.68 -3.50\np body 12345.60 7.00\n");
  free(t);
  char *s = tpl_format_decimal("0.005", 2);
  CHECK_STR(s, "0.01");
  free(s);
  s = tpl_format_decimal("99.995", 2);
  CHECK_STR(s, "100.00");
  free(s);
  s = tpl_format_decimal("-0.001", 2);
  CHECK_STR(s, "0.00");
  free(s);
  CHECK(tpl_format_decimal("12,3", 2) == NULL);
  char *m = NULL;
  t = render("<p>{enterprise/name | money}</p>", 0, NULL, 0, &m);
  CHECK(t == NULL);
  CHECK_CONTAINS(m, "doc.xml:2:");
  CHECK_CONTAINS(m, "A-1");
  CHECK_CONTAINS(m, "money");
  free(m);
}

/* Every number a filter writes has a declared range (issue 22 §4): an amount or percentage below
 * 10^13, a date up to 9999-12-31, hanzi numbers 0-99999999; a value outside is an error, never
 * written cut or wrapped, and a value from the round is refused at its line there. */
TEST(number_ranges) {
  char *m = NULL;
  char *t = render1("<p>{'1234567890123' | money}|{'-1234567890123.456' | percent(2)}|"
                    "{'9999-12-22' | days-after(10)}|{'99999999' | hanzi-number}</p>");
  CHECK_STR(t, "p body 1234567890123.00|-1234567890123.46%|9999-12-31|九千九百九十九万九千九百九十九\n");
  free(t);
  static const char *const out_of_range[][2] = {
      {"{'12345678901234' | money}", "money: 12345678901234 is outside the range of the numbers yinfa writes"},
      {"{'1e+300' | money}", "money: 1e+300 is outside the range"},
      {"{'-99999999999999.5' | percent}", "percent: -99999999999999.5 is outside the range"},
      {"{'9999-12-25' | days-after(10)}", "days-after: the period of 10 day(s) from 9999-12-25 ends after 9999-12-31"},
      {"{'100000000' | hanzi-number}", "hanzi-number: 100000000 is outside the numbers written in hanzi"},
  };
  for (size_t i = 0; i < sizeof out_of_range / sizeof out_of_range[0]; i++) {
    char body[160];
    snprintf(body, sizeof body, "<p>%s</p>", out_of_range[i][0]);
    t = render(body, 0, NULL, 0, &m);
    CHECK(t == NULL);
    CHECK_CONTAINS(m, out_of_range[i][1]);
    CHECK_CONTAINS(m, "doc.xml:2:"); /* a literal: at the template */
    free(t);
    free(m);
  }
  /* a value from the round out of range: at its line in the round, naming the template's
   * expression; a value that is no number is the template's field, at the template */
  t = render("<p>{enterprise/finance[1]/@tax | hanzi-number}</p>", 0, NULL, 0, &m);
  CHECK(t == NULL);
  CHECK_CONTAINS(m, "round.xml:5: error: applicant A-1: hanzi-number: 123456789 is outside the numbers written in "
                    "hanzi (0 to 99999999): correct the value (");
  CHECK_CONTAINS(m, "doc.xml:2: {enterprise/finance[1]/@tax | hanzi-number})");
  free(m);
  t = render("<p>{enterprise/main-business/@share | hanzi-number}</p>", 0, NULL, 0, &m);
  CHECK_CONTAINS(m, "doc.xml:2:");
  CHECK_CONTAINS(m, "hanzi-number: '78.50' is not a whole number");
  free(m);
  lang_force(true);
  t = render("<p>{'12345678901234' | money}</p>", 0, NULL, 0, &m);
  CHECK_CONTAINS(m, "money：12345678901234 超出 yinfa 书写数字的范围");
  free(m);
  lang_force(false);
}

TEST(percent_date_hanzi) {
  tpl_var vars[] = {{"start", "2022-03-18"}};
  char *t = render(
      "<p>{enterprise/main-business/@share | percent}|{$start | date}|"
      "{$start | date-hanzi}|{'3' | hanzi-number}|{'12' | percent(1)}</p>",
      0, vars, 1, NULL);
  CHECK_STR(t, "p body 78.5%|2022年3月18日|二〇二二年三月十八日|三|12.0%\n");
  free(t);
  char *m = NULL;
  t = render("<p>{'2022-02-30' | date}</p>", 0, NULL, 0, &m);
  CHECK(t == NULL);
  CHECK_CONTAINS(m, "2022-02-30");
  free(m);
}

TEST(workdays_after) {
  /* without the official calendar: Monday-Friday, $holidays off, $workdays worked */
  static const struct {
    const char *start, *days, *holidays, *workdays, *want; /* want NULL: an error */
  } cases[] = {
      {"2022-03-31", "5", NULL, NULL, "2022-04-06"}, /* Thu, Fri, (weekend), Mon, Tue, Wed */
      {"2022-03-31", "5", "2022-04-04, 2022-04-05", NULL, "2022-04-08"}, /* 清明 configured */
      {"2022-03-31", "5", "2022-04-04 2022-04-05", "2022-04-02", "2022-04-07"}, /* and a make-up Saturday */
      {"2022-04-09", "1", NULL, NULL, "2022-04-11"}, /* published on a Saturday: Monday is day 1 */
      {"2022-04-11", "1", NULL, NULL, "2022-04-11"}, /* the start day counts when it is a working day */
      {"2022-04-11", "0", NULL, NULL, NULL},
      {"2022-04-11", "5", "2022-4-1", NULL, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    tpl_var vars[] = {{"start", cases[i].start}, {"days", cases[i].days}, {"holidays", cases[i].holidays},
                      {"workdays", cases[i].workdays}};
    char *t = render("<p>{$start | workdays-after($days)}</p>", 0, vars, 4, NULL);
    char want[64];
    snprintf(want, sizeof want, "p body %s\n", cases[i].want ? cases[i].want : "");
    if (cases[i].want)
      CHECK_STR(t, want);
    else
      CHECK(t == NULL);
    free(t);
  }
  /* with a filter after it */
  tpl_var vars[] = {{"start", "2022-03-31"}, {"days", "5"}, {"holidays", "2022-04-04,2022-04-05"}};
  char *t = render("<p>{$start | workdays-after($days) | date}</p>", 0, vars, 3, NULL);
  CHECK_STR(t, "p body 2022年4月8日\n");
  free(t);
}

/* workdays-after with the official calendar (data/cn-holidays.tsv) through tpl_context, the INI
 * lists adding to it, and the warning for a year the calendar does not know. */
TEST(workdays_after_official_calendar) {
  diag_sink *d = diag_new(NULL, 0);
  cal_calendar *cal = cal_load("data/cn-holidays.tsv", d);
  CHECK(cal != NULL); /* run from the repository root, as tests/run.sh does */
  diag_free(d);
  if (!cal) return;
  render_calendar = cal;
  /* Thu 2022-05-05, Fri 05-06, Sat 05-07 (worked for 劳动节) */
  tpl_var vars[] = {{"start", "2022-05-05"}, {"days", "3"}, {"holidays", ""}, {"workdays", ""}};
  char *m = NULL;
  char *t = render("<p>{$start | workdays-after($days) | date}</p>", 0, vars, 4, &m);
  CHECK_STR(t, "p body 2022年5月7日\n");
  CHECK_STR(m, "");
  free(t);
  free(m);
  /* an INI holiday on Fri 05-06 adds to the calendar: 05-05, 05-07, Mon 05-09 */
  vars[2].value = "2022-05-06";
  t = render("<p>{$start | workdays-after($days) | date}</p>", 0, vars, 4, NULL);
  CHECK_STR(t, "p body 2022年5月9日\n");
  free(t);
  /* 2026-12-28 + 5 runs into 2027, which the notices do not list: an error naming the year
   * and what to add (issue 22 §2), at the template's line; no document */
  vars[0].value = "2026-12-28";
  vars[1].value = "5";
  vars[2].value = "";
  t = render("<p>{$start | workdays-after($days)}</p>", 0, vars, 4, &m);
  CHECK(t == NULL);
  CHECK_CONTAINS(m, "doc.xml:2:");
  CHECK_CONTAINS(m, "error: applicant A-1: {$start | workdays-after}: the period of 5 working day(s) from 2026-12-28 "
                    "runs into 2027");
  CHECK_CONTAINS(m, "--allow-unknown-calendar");
  free(t);
  free(m);
  /* accepted (statutory days alone): a warning, once although three rows compute it, with the
   * template's line and the applicant, and 元旦 2027 skipped: Mon 2027-01-04 */
  d = diag_new(NULL, 0);
  CHECK(cal_load_festivals(cal, "data/cn-festivals.tsv", d));
  diag_free(d);
  cal_accept_statutory(cal, true);
  t = render("<for-each select=\"enterprise/finance | project\">\n"
             "<p>{$start | workdays-after($days)}</p></for-each>",
             0, vars, 4, &m);
  CHECK_STR(t, "p body 2027-01-04\np body 2027-01-04\np body 2027-01-04\n");
  CHECK_CONTAINS(m, "doc.xml:3:");
  CHECK_CONTAINS(m, "runs into 2027, which the calendar does not list yet (it covers 2018-2026): counted with "
                    "2027's statutory days off alone");
  const char *first = m ? strstr(m, "runs into") : NULL;
  CHECK(first && !strstr(first + 1, "runs into"));
  free(t);
  free(m);
  cal_accept_statutory(cal, false);
  /* the INI naming a 2027 day: the office took care of that year, no warning */
  vars[2].value = "2027-01-01";
  t = render("<p>{$start | workdays-after($days)}</p>", 0, vars, 4, &m);
  CHECK_STR(t, "p body 2027-01-04\n");
  CHECK_STR(m, "");
  free(t);
  free(m);
  render_calendar = NULL;
  cal_free(cal);
}

static void check_error(const char *body, const char *where, const char *what);

/* days-after(n): calendar days, day 1 = the start day (Hunan's 7-day 公示). */
TEST(days_after) {
  tpl_var vars[] = {{"start", "2024-02-08"}, {"days", "7"}};
  char *t = render("<p>公示期为{$start | date}至{$start | days-after($days) | date}</p>", 0, vars, 2,
                   NULL);
  CHECK_STR(t, "p body 公示期为2024年2月8日至2024年2月14日\n");
  free(t);
  t = render("<p>{'2023-12-28' | days-after(7)} {'2022-05-07' | days-after(1)} "
             "[{enterprise/industry | days-after(3)}]</p>",
             0, NULL, 0, NULL);
  CHECK_STR(t, "p body 2024-01-03 2022-05-07 []\n");
  free(t);
  char *m = NULL;
  t = render("<p>{'2024-02-08' | days-after(0)}</p>", 0, NULL, 0, &m);
  CHECK(t == NULL);
  CHECK_CONTAINS(m, "doc.xml:2:");
  CHECK_CONTAINS(m, "days-after: '0' is not a number of days");
  free(m);
  t = render("<p>{'2024-02-30' | days-after(2)}</p>", 0, NULL, 0, &m);
  CHECK(t == NULL);
  CHECK_CONTAINS(m, "days-after: '2024-02-30' is not a date YYYY-MM-DD");
  free(m);
  check_error("<p>{'x' | days-after}</p>", "doc.xml:2:", "needs an argument");
}

TEST(join) {
  char *t = render(
      "<p>{applicant[@county='长葛市']/enterprise/name | join}；"
      "{applicant/@id | join(', ')}；{applicant/honor | join}；{'x' | join}</p>",
      -1, NULL, 0, NULL);
  CHECK_STR(t, "p body 王氏发制品有限公司、李记软件有限公司；A-1, A-2, A-3, A-4；；x\n");
  free(t);
}

/* nobreak glues each name's characters with U+2060 WORD JOINER, but not around the list's
 * separators, nor inside a variation sequence. */
TEST(nobreak) {
  char *t = render1("<p>{'王志强' | nobreak}；{'王志强、陈建设' | nobreak}；{'' | nobreak}；"
                    "{'Li Na' | nobreak}；{'葛\xf3\xa0\x84\x80明' | nobreak}</p>");
  CHECK_STR(t, "p body 王\u2060志\u2060强；王\u2060志\u2060强、陈\u2060建\u2060设；；"
               "L\u2060i N\u2060a；葛\xf3\xa0\x84\x80\u2060明\n");
  free(t);
  t = render("<p>{applicant[@county='长葛市']/@id | join | nobreak}</p>", -1, NULL, 0, NULL);
  CHECK_STR(t, "p body A\u2060-\u20601、A\u2060-\u20603\n");
  free(t);
}

TEST(index_and_paragraphs) {
  char *t = render(
      "<for-each select=\"applicant[@county='长葛市']\">"
      "<p>{. | index | hanzi-number}、{enterprise/name}</p></for-each>",
      -1, NULL, 0, NULL);
  CHECK_STR(t, "p body 一、王氏发制品有限公司\np body 二、李记软件有限公司\n");
  free(t);
  t = render1("<p>{project/summary}</p>");
  CHECK_STR(t, "p body 第一段。\np body 第二段。\n");
  free(t);
}

static const char sorted_list[] =
    "<for-each select=\"applicant\" sort=\"enterprise/name\" order=\"$order\">"
    "<p>{enterprise/name}</p></for-each>";

TEST(sort_pinyin) {
  tpl_var vars[] = {{"order", "pinyin"}};
  char *t = render(sorted_list, -1, vars, 1, NULL);
  /* ding, li, wang, xu */
  CHECK_STR(t,
            "p body 丁香科技有限公司\np body 李记软件有限公司\np body 王氏发制品有限公司\n"
            "p body 许都信息有限公司\n");
  free(t);
}

TEST(sort_stroke) {
  tpl_var vars[] = {{"order", "stroke"}};
  char *t = render(sorted_list, -1, vars, 1, NULL);
  /* 丁 2 strokes, 王 4, 许 6, 李 7 */
  CHECK_STR(t,
            "p body 丁香科技有限公司\np body 王氏发制品有限公司\np body 许都信息有限公司\n"
            "p body 李记软件有限公司\n");
  free(t);
}

TEST(sort_input_and_two_keys) {
  tpl_var vars[] = {{"order", "input"}};
  char *t = render(sorted_list, -1, vars, 1, NULL);
  CHECK_STR(t,
            "p body 王氏发制品有限公司\np body 丁香科技有限公司\np body 李记软件有限公司\n"
            "p body 许都信息有限公司\n");
  free(t);
  /* county in input order of first appearance, then name by pinyin */
  t = render(
      "<for-each select=\"applicant\"><sort key=\"@county\"/>"
      "<sort key=\"enterprise/name\" order=\"pinyin\"/><p>{@county} {enterprise/name}</p>"
      "</for-each>",
      -1, NULL, 0, NULL);
  CHECK_STR(t,
            "p body 长葛市 李记软件有限公司\np body 长葛市 王氏发制品有限公司\n"
            "p body 魏都区 丁香科技有限公司\np body 魏都区 许都信息有限公司\n");
  free(t);
  tpl_var bad[] = {{"order", "alphabet"}};
  char *m = NULL;
  t = render(sorted_list, -1, bad, 1, &m);
  CHECK(t == NULL);
  CHECK_CONTAINS(m, "alphabet");
  free(m);
}

TEST(group_by) {
  char *t = render(
      "<for-each select=\"applicant\" group-by=\"@county\">"
      "<p>{@county} {count($group)}</p></for-each>",
      -1, NULL, 0, NULL);
  CHECK_STR(t, "p body 长葛市 2\np body 魏都区 2\n");
  free(t);
}

/* A cell's bare text and an <if>'s text are one paragraph (no line may start with the ：that
 * follows), even across a line break of the template's source; a <text> is a paragraph of its
 * own, and so is each for-each item. */
TEST(cell_text_runs_join) {
  char *t = render1(
      "<table columns=\"1\"><row><cell align=\"left\">5、其他<if test=\"review/decision = 'admitted'\">：附件"
      "</if><text>另起</text>甲\n  <if test=\"true()\">乙</if><for-each select=\"enterprise/finance\">{@year}年"
      "</for-each></cell></row></table>");
  CHECK_CONTAINS(t, "cell 1x1 left\ntext left 5、其他：附件\ntext left 另起\ntext left 甲乙\n"
                    "text left 2021年\ntext left 2020年\n/row\n");
  free(t);
}

TEST(if_else_let_and_checkbox) {
  char *t = render1(
      "<let name=\"y2\" select=\"enterprise/finance[not(../finance/@year &gt; @year)]/@year\"/>"
      "<let name=\"y1\" select=\"enterprise/finance[@year != $y2][not(../finance[@year != "
      "$y2]/@year &gt; @year)]/@year\"/>"
      "<p>{$y1}/{$y2}</p>"
      "<if test=\"review/decision = 'admitted'\"><p>入库</p><else><p>未入库</p></else></if>"
      "<table columns=\"1 2\" header-rows=\"1\"><row min-height=\"10mm\"><cell align=\"left\">"
      "<checkbox label=\"服务型制造\" ticked=\"project/@direction = '服务型制造'\"/>"
      "<checkbox label=\"工业互联网平台\" ticked=\"project/@direction = '工业互联网平台'\"/>"
      "</cell><cell>标签<space height=\"20\"/></cell></row></table>");
  CHECK_CONTAINS(t, "p body 2020/2021\n");
  CHECK_CONTAINS(t, "p body 入库\n");
  CHECK_CONTAINS(t, "table columns=2 header=1 size=0 weights=1,2\n");
  CHECK_CONTAINS(t, "row 28.3");
  CHECK_CONTAINS(t, "cell 1x1 left\ncheckbox [x] 服务型制造\ncheckbox [ ] 工业互联网平台\n");
  CHECK_CONTAINS(t, "cell 1x1 center\ntext center 标签\nspace 20\n/row\n/table\n");
  free(t);
  t = render("<if test=\"review/decision = 'admitted'\"><p>入库</p><else><p>未入库</p></else></if>",
             1, NULL, 0, NULL);
  CHECK_STR(t, "p body 未入库\n");
  free(t);
}

TEST(flow_elements) {
  tpl_var vars[] = {{"issuer", "许昌市工业和信息化局"}};
  char *t = render(
      "<info title=\"申请书\" author=\"{$issuer}\" keywords=\"{@id}\"/>"
      "<masthead issuer=\"{$issuer}文件\"/><title>关于{/review-round/@year}年的公示</title>"
      "<attachments><item>名单</item><item>{''}</item></attachments>"
      "<signature issuer=\"{$issuer}\" date=\"2022年4月1日\"/>"
      "<attachment label=\"附件1\" title=\"名单\"/><line font=\"heading\" size=\"四号\">x</line>"
      "<blank lines=\"2\"/><page-break/><p style=\"h1\">一、原则</p>",
      0, vars, 1, NULL);
  CHECK_STR(
      t,
      "info title=申请书 author=许昌市工业和信息化局 subject=(none) keywords=A-1 date=(none)\n"
      "masthead 许昌市工业和信息化局文件 | (none)\n"
      "title 关于2022年的公示\n"
      "attachments 名单\n"
      "signature 许昌市工业和信息化局 | 2022年4月1日\n"
      "attachment 附件1 | 名单\n"
      "line plain font2 14 x\n"
      "blank 2\npage-break\np h1 一、原则\n");
  free(t);
}

/* ---- template errors: reported with file:line, nothing rendered ---- */

static void check_error(const char *body, const char *where, const char *what) {
  diag_sink *d = diag_new(NULL, 0);
  tpl_program *p = load(body, d);
  CHECK(p == NULL);
  CHECK(diag_error_count(d) > 0);
  CHECK_CONTAINS(diag_text(d), where);
  CHECK_CONTAINS(diag_text(d), what);
  tpl_program_free(p);
  diag_free(d);
}

TEST(errors_reported_with_line) {
  lang_force(false);
  check_error("<p>ok</p>\n<p>{enterprise/name = = 1}</p>", "doc.xml:3:", "bad XPath");
  check_error("<p>ok</p>\n\n<paragraph>x</paragraph>", "doc.xml:4:", "unknown element <paragraph>");
  check_error("<p>{enterprise/name | uper}</p>", "doc.xml:2:", "unknown filter 'uper'");
  check_error("<p>\n  {enterprise/nmae}</p>", "doc.xml:3:", "unknown field 'nmae'");
  check_error("<p>{enterprise/finance/@turnover}</p>", "doc.xml:2:", "unknown field '@turnover'");
  check_error("<p>{$isuer}</p>", "doc.xml:2:", "unknown variable '$isuer'");
  check_error("<p>{frobnicate(.)}</p>", "doc.xml:2:", "unknown function 'frobnicate()'");
  check_error("<p colour=\"red\">x</p>", "doc.xml:2:", "unknown attribute 'colour'");
  check_error("<p>{.}</p>\n<row/>", "doc.xml:3:", "unknown element <row>");
  check_error("<p>{'x' | workdays-after}</p>", "doc.xml:2:", "needs an argument");
  check_error("<p>{'x' | date(1)}</p>", "doc.xml:2:", "takes no argument");
  check_error("<p>{enterprise/name</p>", "doc.xml:2:", "without a closing");
  check_error("<p>x</p", "doc.xml:", "error");
  check_error("<for-each select=\"applicant\" sort=\"@id\" order=\"alphabet\"/>",
              "doc.xml:2:", "order=\"alphabet\"");
  /* a let is only visible after it and inside its parent */
  check_error("<if test=\"1\"><let name=\"v\" select=\"1\"/></if><p>{$v}</p>",
              "doc.xml:2:", "unknown variable '$v'");
}

/* Under LANG=zh the XPath messages are Chinese throughout: our own name checks, and libxml2's
 * compile errors translated by their code, its English kept only as a detail (imp5 item 5). */
static void check_error_zh(const char *body, const char *what, const char *not_this) {
  diag_sink *d = diag_new(NULL, 0);
  tpl_program *p = load(body, d);
  CHECK(p == NULL);
  CHECK_CONTAINS(diag_text(d), what);
  CHECK(strstr(diag_text(d), not_this) == NULL);
  tpl_program_free(p);
  diag_free(d);
}

TEST(xpath_errors_in_chinese) {
  lang_force(true);
  check_error_zh("<p>{nosuchfn(.)}</p>", "未知函数“nosuchfn()”（表达式“nosuchfn(.)”）", "' in ");
  check_error_zh("<p>{$isuer}</p>", "未知变量“$isuer”", "' in ");
  check_error_zh("<p>{enterprise/nmae}</p>", "未知字段“nmae”", "' in ");
  check_error_zh("<p>{enterprise/name = = 1}</p>", "XPath 表达式有误“enterprise/name = = 1”：",
                 "syntax error");
  check_error_zh("<p>{1 +}</p>", "XPath 表达式有误“1 +”：表达式无效", "syntax error");
  check_error_zh("<p>{@@x}</p>", "XPath 表达式有误“@@x”：表达式无效", "Invalid");
  lang_force(false);
  check_error_zh("<p>{1 +}</p>", "bad XPath expression \"1 +\": invalid expression", "syntax error");
  check_error_zh("<p>{nosuchfn(.)}</p>", "unknown function 'nosuchfn()' in \"nosuchfn(.)\"", "未知");
}

/* An error inside an attribute of a start tag written over several lines, or on a later line
 * of a text, is reported at the line and column of the expression (libxml2 only knows the line
 * where a start tag ends), with the source line and a caret under the offending part. */
TEST(errors_reported_at_line_and_column) {
  lang_force(false);
  static const char info[] =
      "<info title=\"关于{enterprise/name %s}\"\n"
      "      author=\"{%s}\" subject=\"审核表\"\n"
      "      keywords=\"{%s}\"/>";
  char body[512];
  snprintf(body, sizeof body, info, "| shout", "$issuer", "@id");
  check_error(body, "doc.xml:2:35: error: unknown filter 'shout'", "| shout}\"\n");
  check_error(body, "\n                                    ^^^^^\n", "unknown filter");
  snprintf(body, sizeof body, info, "", "$isuer", "@id");
  check_error(body, "doc.xml:3:16: error: unknown variable '$isuer'", "^^^^^^");
  snprintf(body, sizeof body, info, "", "$issuer", "@idd");
  check_error(body, "doc.xml:4:18: error: unknown field '@idd'", "      keywords=\"{@idd}\"/>\n");
  check_error("<line size=\"三号\"\n   colour=\"red\">x</line>", "doc.xml:3:4:",
              "unknown attribute 'colour'");
  check_error("<line colour=\"red\"\n   size=\"三号\">x</line>", "doc.xml:2:7:",
              "unknown attribute 'colour'");
  check_error("<line\n  size=\"三号\"\n  font=\"bold\">x</line>", "doc.xml:4:9:", "font=\"bold\"");
  check_error("<for-each\n  select=\"applicant\"\n  sort=\"@idd\"/>", "doc.xml:4:9:",
              "unknown field '@idd'");
  /* a line break inside an attribute value is a space to XML, not to the reader */
  check_error("<signature issuer=\"{$issuer}\" date=\"第一\n   {$date | dat}\"/>", "doc.xml:3:13:",
              "unknown filter 'dat'");
  /* text: the 3rd line of a paragraph, and the first line after the tag */
  check_error("<p style=\"body\">第一行，\n  第二行，\n  第三行{enterprise/nmae}。</p>",
              "doc.xml:4:18: error: unknown field 'nmae'", "  第三行{enterprise/nmae}。</p>\n");
  check_error("<p style=\"body\">第一行，\n  第二行，\n  第三行{enterprise/nmae}。</p>",
              "\n                    ^^^^\n", "nmae");
  check_error("<p>甲 &amp; 乙{enterprise/name | uper}</p>", "doc.xml:2:32:", "'uper'");
  check_error("<p\n  style=\"body\"><!-- 注 -->\n甲{frobnicate(.)}</p>", "doc.xml:4:3:",
              "unknown function 'frobnicate()'");
  check_error("<table columns=\"1\"><row><cell>甲\n  乙{$nope}</cell></row></table>",
              "doc.xml:3:5:", "unknown variable '$nope'");
  /* CR LF line ends, character references, single quotes; a DOCTYPE with an entity is refused */
  check_error("<p>甲\r\n  乙{$nope}</p>", "doc.xml:3:5:", "unknown variable '$nope'");
  check_error("<info title='&#x5173;&#x4E8E;{$nope}'/>", "doc.xml:2:31:", "'$nope'");
  static const char dtd[] =
      "<!DOCTYPE document [<!ENTITY e \"<p>{$a}</p>\">]>\n<document>\n"
      "<p>{.}</p>&e;<p>{$b}</p></document>";
  diag_sink *d = diag_new(NULL, 0);
  CHECK(tpl_parse(dtd, strlen(dtd), "dtd.xml", d) == NULL);
  /* a DTD is refused as a whole, at its line (issue 22 §3): one message, no follow-ups */
  CHECK_CONTAINS(diag_text(d), "dtd.xml:1: error: a DOCTYPE is not allowed");
  CHECK(strstr(diag_text(d), "$b") == NULL);
  diag_free(d);
  check_error("<p>ok</p>\n<p>{enterprise/name = = 1}</p>", "doc.xml:3:5: error: bad XPath",
              "\n<p>{enterprise/name = = 1}</p>\n    ^^^^^^^^^^^^^^^^^^^^^\n");
  check_error("<p>{enterprise/name</p>", "doc.xml:2:4:", "without a closing");
}

TEST(valid_names_pass) {
  diag_sink *d = diag_new(NULL, 0);
  tpl_program *p = load(
      "<p>{count(../applicant[review/decision='admitted']) * 2 div 1 mod 3}"
      "{ancestor::review-round/@year}{attribute::id}{string(project/name)}"
      "{sum(enterprise/finance/@tax) | money}{(@id | @county)}"
      "{normalize-space(text())}{node()}{project/*}</p>",
      d);
  CHECK(p != NULL);
  CHECK_STR(diag_text(d), "");
  tpl_program_free(p);
  diag_free(d);
}

/* Every element and attribute name of the program's schema is a known field, and nothing else
 * is: field names come from the program's own schema (xs:element / xs:attribute). */
TEST(schema_names_known) {
  char line[1024];
  strbuf body;
  strbuf_init(&body);
  strbuf_append(&body, "<p>");
  FILE *f = fopen("templates/xuchang-nit/schema.xsd", "r");
  CHECK(f != NULL); /* run from the repository root */
  size_t names = 0;
  while (f && fgets(line, sizeof line, f)) {
    const char *e = strstr(line, "<xs:element name=\""), *a = strstr(line, "<xs:attribute name=\"");
    const char *s = e ? e + 18 : a ? a + 20 : NULL;
    if (!s) continue;
    const char *q = strchr(s, '"');
    strbuf_printf(&body, "{%s%.*s}", a && !e ? "@" : "", (int)(q - s), s);
    names++;
  }
  if (f) fclose(f);
  CHECK(names > 30);
  strbuf_append(&body, "</p>");
  diag_sink *d = diag_new(NULL, 0);
  tpl_program *p = load(strbuf_str(&body), d);
  CHECK(p != NULL);
  CHECK_STR(diag_text(d), "");
  tpl_program_free(p);
  diag_free(d);
  strbuf_release(&body);
  /* a field only another program has is a load error here */
  check_error("<p>{enterprise/@registered-capital}</p>", "doc.xml:2:", "unknown field '@registered-capital'");
}

/* Two programs loaded in one process keep their own field names: demo-test's fields are errors
 * in a xuchang-nit template and the other way round (tests/programs/demo-test). */
TEST(two_programs_do_not_share_fields) {
  diag_sink *d = diag_new(NULL, 0);
  tpl_program *x = tpl_program_load("templates/xuchang-nit", d);
  tpl_program *demo = tpl_program_load("tests/programs/demo-test", d);
  CHECK(x != NULL && demo != NULL); /* run from the repository root */
  CHECK_STR(diag_text(d), "");
  const char *demo_field = "<document><p>{project/cost/@amount}</p></document>";
  const char *xuchang_field = "<document><p>{enterprise/finance/@tax}</p></document>";
  tpl_program *p = tpl_parse_with_schema(demo_field, strlen(demo_field), "t.xml",
                                         "templates/xuchang-nit/schema.xsd", d);
  CHECK(p == NULL);
  CHECK_CONTAINS(diag_text(d), "unknown field 'cost'");
  tpl_program_free(p);
  p = tpl_parse_with_schema(xuchang_field, strlen(xuchang_field), "t.xml",
                            "tests/programs/demo-test/schema.xsd", d);
  CHECK(p == NULL);
  CHECK_CONTAINS(diag_text(d), "unknown field 'finance'");
  tpl_program_free(p);
  /* and each program's own field is fine in its own schema */
  p = tpl_parse_with_schema(demo_field, strlen(demo_field), "t.xml", "tests/programs/demo-test/schema.xsd", d);
  CHECK(p != NULL);
  tpl_program_free(p);
  CHECK(tpl_program_group(x) && strcmp(tpl_program_group(x)->name, "county") == 0);
  CHECK(tpl_program_group(demo) && strcmp(tpl_program_group(demo)->name, "city") == 0);
  tpl_program_free(x);
  tpl_program_free(demo);
  diag_free(d);
}

/* The example of docs/templates.md loads and renders. */
static char *xml_block(const char *md, int n) {
  const char *s = md;
  for (int i = 0; i <= n; i++) {
    s = strstr(s, "```xml\n");
    if (!s) return NULL;
    s += 7;
  }
  const char *e = strstr(s, "```");
  return e ? strndup(s, (size_t)(e - s)) : NULL;
}

TEST(docs_example) {
  FILE *f = fopen("docs/templates.md", "r");
  CHECK(f != NULL); /* run from the repository root: a missing fixture is a failure */
  if (!f) return;
  static char md[65536];
  size_t n = fread(md, 1, sizeof md - 1, f);
  md[n] = 0;
  fclose(f);
  char *program = xml_block(md, 0), *list = xml_block(md, 1);
  CHECK(program && list);
  if (!program || !list) return;
  write_file("program.xml", program);
  write_file("list.xml", list);
  diag_sink *d = diag_new(NULL, 0);
  tpl_program *p = tpl_program_load(dir, d);
  CHECK_STR(diag_text(d), "");
  CHECK(p != NULL);
  if (p) {
    tpl_var vars[] = {{"issuer", "某局"}, {"date", "2022-05-06"}, {"order", "pinyin"}};
    tpl_context ctx = {round_doc, xmlDocGetRootElement(round_doc), vars, 3, NULL};
    char *t = tpl_render_trace(p, tpl_program_find(p, "list"), &ctx, d);
    CHECK_CONTAINS(t, "title 关于2022年申报情况的通报\n");
    CHECK_CONTAINS(t, "本年度共收到申报4份，其中拟入库2份。");
    CHECK_CONTAINS(t, "signature 某局 | 2022年5月6日\n");
    CHECK_CONTAINS(t, "text center 1\ncell 1x1 left\ntext left 丁香科技有限公司\n");
    free(t);
  }
  tpl_program_free(p);
  diag_free(d);
  free(program);
  free(list);
  char path[128];
  snprintf(path, sizeof path, "%s/list.xml", dir);
  unlink(path);
}

TEST(program_errors) {
  static const char *const bad[][2] = {
      {"<program name=\"t\"><document kind=\"a\" scope=\"applicant\" output=\"a.pdf\" "
       "template=\"doc.xml\"/></program>",
       "program.xml:1:"},
      {"<program name=\"t\">\n<document kind=\"a\" scope=\"galaxy\" output=\"a.pdf\" "
       "template=\"doc.xml\"/></program>",
       "program.xml:2:"},
      {"<program name=\"t\">\n\n<doc/></program>", "program.xml:3:"},
      {"<program name=\"t\"><document kind=\"a\" output=\"a.pdf\" "
       "template=\"missing.xml\"/></program>",
       "missing.xml"},
      {"<programme/>", "program.xml:1:"},
  };
  write_file("doc.xml", "<document/>");
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    write_file("program.xml", bad[i][0]);
    diag_sink *d = diag_new(NULL, 0);
    tpl_program *p = tpl_program_load(dir, d);
    CHECK(p == NULL);
    CHECK_CONTAINS(diag_text(d), bad[i][1]);
    tpl_program_free(p);
    diag_free(d);
  }
}

TEST(parse_from_memory) {
  static const char ok[] = "<document>\n<p>{count(applicant)} {$issuer}</p>\n</document>";
  diag_sink *d = diag_new(NULL, 0);
  tpl_program *p = tpl_parse(ok, sizeof ok - 1, "mem.xml", d);
  CHECK(p != NULL);
  if (p) {
    tpl_var vars[] = {{"issuer", "某局"}};
    tpl_context ctx = {round_doc, NULL, vars, 1, NULL};
    char *t = tpl_render_trace(p, tpl_program_document(p, 0), &ctx, d);
    CHECK_STR(t, "p body 4 某局\n");
    free(t);
  }
  tpl_program_free(p);
  static const char bad[] = "<document>\n<p>{count(applicant}</p>\n</document>";
  p = tpl_parse(bad, sizeof bad - 1, "mem.xml", d);
  CHECK(p == NULL);
  CHECK_CONTAINS(diag_text(d), "mem.xml:2:");
  CHECK(tpl_parse("<doc", 4, "mem.xml", d) == NULL);
  CHECK(tpl_parse("", 0, "mem.xml", d) == NULL);
  diag_free(d);
}

/* <empty-error>: a list that must not be empty fails its document, naming its file; tpl_check_lists
 * finds such documents beforehand (the 公示 over nobody, issue 21 §3). */
TEST(empty_error) {
  char *m = NULL;
  char *t = render("<for-each select=\"enterprise/honor\"><empty-error lang=\"en\">no honour for {@id}</empty-error>"
                   "<p>x</p></for-each>", 0, NULL, 0, &m);
  CHECK(t == NULL);
  CHECK_CONTAINS(m, "doc.xml:2:1: error: applicant A-1: A-1.pdf would list nobody, so it is not written: no honour for A-1");
  free(m);
  t = render("<for-each select=\"enterprise/finance\"><empty-error lang=\"zh\">无</empty-error><p>{@year}</p></for-each>",
             0, NULL, 0, &m);
  CHECK_STR(t, "p body 2021\np body 2020\n");
  free(t), free(m);
  t = render("<for-each select=\"applicant\"><empty-error>x</empty-error></for-each>", -1, NULL, 0, &m);
  CHECK(t == NULL);
  CHECK_CONTAINS(m, "<empty-error> needs lang (en, zh)");
  free(m);
  diag_sink *d = diag_new(NULL, 0);
  tpl_program *p = load("<let name=\"f\" select=\"enterprise/finance\"/><table columns=\"1\"><for-each select=\"$f\">"
                        "<empty-error lang=\"en\">{@id} has no finance</empty-error><row><cell>x</cell></row></for-each></table>", d);
  CHECK(p != NULL);
  tpl_context ctx = {round_doc, NULL, NULL, 0, NULL};
  CHECK(p && tpl_check_lists(p, &ctx, false, d) == 3); /* A-2, A-3, A-4 */
  CHECK_CONTAINS(diag_text(d), "warning: applicant A-3: A-3.pdf would list nobody (yinfa run would not write it): A-3 has no finance");
  CHECK(diag_error_count(d) == 0);
  tpl_program_free(p);
  diag_free(d);
}

int main(void) {
  xmlInitParser();
  lang_force(false);
  snprintf(dir, sizeof dir, "/tmp/tpl_test.XXXXXX");
  if (!mkdtemp(dir)) return 3;
  round_doc = xmlReadMemory(round_xml, (int)strlen(round_xml), "round.xml", NULL, XML_PARSE_NONET);
  strbuf schema;
  strbuf_init(&schema);
  if (!strbuf_append_file(&schema, "templates/xuchang-nit/schema.xsd")) {
    printf("cannot read templates/xuchang-nit/schema.xsd (run from the repository root)\n");
    return 1;
  }
  write_file("schema.xsd", strbuf_str(&schema));
  strbuf_release(&schema);
  RUN(literal_text_and_values);
  RUN(missing_optional_field_is_empty);
  RUN(money);
  RUN(number_ranges);
  RUN(percent_date_hanzi);
  RUN(workdays_after);
  RUN(workdays_after_official_calendar);
  RUN(days_after);
  RUN(join);
  RUN(nobreak);
  RUN(index_and_paragraphs);
  RUN(sort_pinyin);
  RUN(sort_stroke);
  RUN(sort_input_and_two_keys);
  RUN(group_by);
  RUN(cell_text_runs_join);
  RUN(if_else_let_and_checkbox);
  RUN(flow_elements);
  RUN(errors_reported_with_line);
  RUN(xpath_errors_in_chinese);
  RUN(errors_reported_at_line_and_column);
  RUN(valid_names_pass);
  RUN(schema_names_known);
  RUN(two_programs_do_not_share_fields);
  RUN(docs_example);
  RUN(program_errors);
  RUN(parse_from_memory);
  RUN(empty_error);
  xmlFreeDoc(round_doc);
  char path[128];
  snprintf(path, sizeof path, "%s/program.xml", dir);
  unlink(path);
  snprintf(path, sizeof path, "%s/doc.xml", dir);
  unlink(path);
  rmdir(dir);
  xmlCleanupParser();
  return CHECK_DONE();
}
