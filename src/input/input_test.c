/* Unit tests for input/: one failing input per rule of the review-round contract (the common
 * envelope in C, the xuchang-nit program's schema and rule, hostile inputs), plus items, NFC,
 * BOM and the credit code. The program's files are read from templates/xuchang-nit/. */
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "../../tests/check.h"
#include "core/lang.h"
#include "core/xmalloc.h"
#include "input/input.h"

/* Line numbers matter: tests assert them. */
static const char GOOD[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                              /* 1 */
    "<review-round program=\"xuchang-nit\" year=\"2022\">\n"                   /* 2 */
    "  <applicant id=\"XC-1\" county=\"魏都区\">\n"                              /* 3 */
    "    <enterprise>\n"                                                       /* 4 */
    "      <name>许昌智云信息技术有限公司</name>\n"                               /* 5 */
    "      <credit-code>91411002MA9F4K2X12</credit-code>\n"                    /* 6 */
    "      <industry>软件和信息技术服务业</industry>\n"                           /* 7 */
    "      <main-business share=\"78.5\">工业软件研发</main-business>\n"        /* 8 */
    "      <contact name=\"张敏\" phone=\"0374-2965675\"/>\n"                    /* 9 */
    "      <leader name=\"李建国\" title=\"董事长\"/>\n"                          /* 10 */
    "      <finance year=\"2021\" total-assets=\"13456.7\" revenue=\"-3.5\"/>\n" /* 11 */
    "      <finance year=\"2020\" total-assets=\"12345.6\"/>\n"                 /* 12 */
    "      <honor level=\"省级\" year=\"2021\">河南省服务型制造示范企业</honor>\n" /* 13 */
    "    </enterprise>\n"                                                      /* 14 */
    "    <project direction=\"工业互联网平台\">\n"                                /* 15 */
    "      <name>面向发制品行业的工业互联网平台</name>\n"                          /* 16 */
    "      <summary>\n  第一段。\n\n  第二段。\n  </summary>\n"                  /* 17-21 */
    "      <goals>   </goals>\n"                                               /* 22 */
    "    </project>\n"                                                         /* 23 */
    "    <review>\n"                                                           /* 24 */
    "      <county-opinion date=\"2022-03-10\">同意推荐。</county-opinion>\n"   /* 25 */
    "      <on-site date=\"2022-04-02\">\n"                                    /* 26 */
    "        <opinion>建议入库。</opinion>\n"                                   /* 27 */
    "        <expert name=\"王志强\" role=\"组长\"/>\n"                           /* 28 */
    "        <expert name=\"赵丽\"/>\n"                                         /* 29 */
    "      </on-site>\n"                                                       /* 30 */
    "      <decision>admitted</decision>\n"                                    /* 31 */
    "    </review>\n"                                                          /* 32 */
    "  </applicant>\n"                                                         /* 33 */
    "  <applicant id=\"XC-2\" county=\"长葛市\">\n"                              /* 34 */
    "    <enterprise>\n"                                                       /* 35 */
    "      <name>长葛市恒达超硬材料有限公司</name>\n"                             /* 36 */
    "      <credit-code>91411082MA44Y7WP0F</credit-code>\n"                    /* 37 */
    "    </enterprise>\n"                                                      /* 38 */
    "    <project direction=\"服务型制造\"><name>超硬刀具共享制造平台</name></project>\n" /* 39 */
    "  </applicant>\n"                                                         /* 40 */
    "</review-round>\n";                                                       /* 41 */

/* A copy of 'base' with the first occurrence of 'from' replaced by 'to'. Caller frees. */
static char *replace(const char *base, const char *from, const char *to) {
  const char *at = strstr(base, from);
  if (!at) {
    printf("  test bug: \"%s\" not in the document\n", from);
    return xstrdup(base);
  }
  size_t pre = (size_t)(at - base), fl = strlen(from), tl = strlen(to), rest = strlen(at + fl);
  char *out = xmalloc(pre + tl + rest + 1);
  memcpy(out, base, pre);
  memcpy(out + pre, to, tl);
  memcpy(out + pre + tl, at + fl, rest + 1);
  return out;
}

static diag_sink *diag;

/* The xuchang-nit program as templates/xuchang-nit/program.xml declares it. */
static const inp_rule XUCHANG_RULES[] = {
    {.name = "one-finance-per-year",
     .context = "applicant/enterprise/finance",
     .assert = "not(preceding-sibling::finance/@year = @year)",
     .message_en = "a second finance entry for {@year}; keep one per year",
     .message_zh = "{@year} 年的财务数据填写了两次；每年只保留一组"}};
static const inp_spec XUCHANG = {.program = "xuchang-nit",
                                 .schema_path = "templates/xuchang-nit/schema.xsd",
                                 .group_key = "@county",
                                 .group_en = "county",
                                 .group_zh = "县（市、区）",
                                 .rules = XUCHANG_RULES,
                                 .rule_count = 1};

static inp_round *load(const char *xml) {
  diag_free(diag);
  diag = diag_new(NULL, 1000);
  return inp_round_load_memory(xml, strlen(xml), "t.xml", &XUCHANG, diag);
}

/* The string value of 'xpath' in the round's document (malloc'd). */
static char *value_of(const inp_round *r, const char *xpath) {
  xmlXPathContextPtr ctx = xmlXPathNewContext(inp_round_xml(r));
  xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST xpath, ctx);
  xmlChar *s = o ? xmlXPathCastToString(o) : NULL;
  char *out = xstrdup(s ? (const char *)s : "(none)");
  xmlFree(s);
  xmlXPathFreeObject(o);
  xmlXPathFreeContext(ctx);
  return out;
}

#define CHECK_VALUE(r, xpath, want)      \
  do {                                   \
    char *v_ = value_of((r), (xpath));   \
    CHECK_STR(v_, (want));               \
    free(v_);                            \
  } while (0)

/* Loads GOOD with one replacement; expects failure with a message containing 'want'. */
static void expect_error(const char *from, const char *to, const char *want) {
  char *xml = replace(GOOD, from, to);
  inp_round *r = load(xml);
  CHECK(r == NULL);
  CHECK_CONTAINS(diag_text(diag), want);
  inp_round_free(r);
  free(xml);
}

TEST(good_round_loads_into_records) {
  inp_round *r = load(GOOD);
  CHECK(r != NULL);
  if (!r) {
    printf("%s", diag_text(diag));
    return;
  }
  CHECK_STR(r->program, "xuchang-nit");
  CHECK_INT(r->year, 2022);
  CHECK_INT(r->round, 1);
  CHECK_INT(r->applicant_count, 2);
  const inp_applicant *a = &r->applicants[0];
  CHECK_STR(a->id, "XC-1");
  CHECK_STR(a->group, "魏都区");
  CHECK_INT(a->loc.line, 3);
  CHECK_STR(a->loc.path, "t.xml");
  CHECK_STR(a->loc.applicant, "XC-1");
  /* the fields are the document's: templates and rules read them with XPath */
  CHECK_VALUE(r, "string(//applicant[1]/enterprise/name)", "许昌智云信息技术有限公司");
  CHECK_VALUE(r, "string(//applicant[1]/enterprise/main-business/@share)", "78.5");
  CHECK_VALUE(r, "string(//applicant[1]/review/decision)", "admitted");
  const inp_applicant *b = &r->applicants[1];
  CHECK_INT(b->index, 1);
  CHECK_STR(b->group, "长葛市");
  CHECK_INT(r->warning_count, 0);
  /* the document stays available for templates */
  xmlNode *el = inp_applicant_xml(r, 1);
  CHECK(el && xmlStrEqual(el->name, BAD_CAST "applicant"));
  CHECK(inp_applicant_xml(r, 2) == NULL);
  CHECK(xmlStrEqual(xmlDocGetRootElement(inp_round_xml(r))->name, BAD_CAST "review-round"));
  CHECK_INT(diag_error_count(diag), 0);
  inp_round_free(r);
}

/* The indentation between elements is not kept (load.c parses with XML_PARSE_NOBLANKS: a third
 * of a round's nodes and 15 % of its memory); a value's own blanks are. */
TEST(indentation_is_dropped_values_keep_their_blanks) {
  inp_round *r = load(GOOD);
  CHECK(r != NULL);
  if (!r) return;
  CHECK_VALUE(r, "count(//applicant[1]/enterprise/text())", "0");
  CHECK_VALUE(r, "count(/review-round/text() | //review/text() | //on-site/text())", "0");
  CHECK_VALUE(r, "local-name(//applicant[1]/node()[1])", "enterprise");
  CHECK_VALUE(r, "string(//applicant[1]/project/goals)", "   ");
  CHECK_VALUE(r, "string(//applicant[1]/project/summary)", "\n  第一段。\n\n  第二段。\n  ");
  CHECK_VALUE(r, "string(//applicant[1]/review/on-site/opinion)", "建议入库。");
  inp_round_free(r);
}

TEST(round_attribute_is_read) {
  char *xml = replace(GOOD, "year=\"2022\">", "year=\"2022\" round=\"3\">");
  inp_round *r = load(xml);
  CHECK(r && r->round == 3);
  inp_round_free(r);
  free(xml);
}

/* ---- schema rule classes ---- */

TEST(schema_unknown_element) {
  expect_error("<industry>软件和信息技术服务业</industry>", "<industri>软件和信息技术服务业</industri>",
               "t.xml:7: error: applicant XC-1: <industri> is not allowed here; expected industry, address");
  expect_error("</industry>", "</industry><color>red</color>", "t.xml:7: error: applicant XC-1:");
}

TEST(schema_unknown_attribute) {
  expect_error("<finance year=\"2020\"", "<finance colour=\"x\" year=\"2020\"", "t.xml:12: error: applicant XC-1:");
  CHECK_CONTAINS(diag_text(diag), "<finance> has no attribute \"colour\"");
}

TEST(schema_missing_element) {
  expect_error("      <credit-code>91411082MA44Y7WP0F</credit-code>\n", "\n", "t.xml:35: error: applicant XC-2:");
  CHECK_CONTAINS(diag_text(diag), "<enterprise> lacks <credit-code>");
}

TEST(schema_missing_attribute) {
  expect_error(" county=\"长葛市\"", "", "t.xml:34: error: applicant XC-2: <applicant> lacks the required attribute \"county\"");
}

TEST(schema_bad_number_and_date_shape) {
  expect_error("total-assets=\"12345.6\"", "total-assets=\"12,345.6\"",
               "t.xml:12: error: applicant XC-1: <finance> total-assets=\"12,345.6\" should be a plain decimal");
  expect_error("date=\"2022-03-10\"", "date=\"2022/03/10\"",
               "t.xml:25: error: applicant XC-1: <county-opinion> date=\"2022/03/10\" should be a date written YYYY-MM-DD");
  CHECK_INT(diag_error_count(diag), 1); /* not also a semantic date error */
  expect_error("year=\"2022\">", "year=\"22\">", "t.xml:2: error: <review-round> year=\"22\" should be a four-digit year");
}

TEST(schema_empty_required_text) {
  expect_error("<name>长葛市恒达超硬材料有限公司</name>", "<name>  </name>", "t.xml:36: error: applicant XC-2: <name> must not be empty");
}

TEST(schema_wrong_root_and_order) {
  char *x1 = replace(GOOD, "<review-round program", "<round program");
  char *x2 = replace(x1, "</review-round>", "</round>");
  inp_round *r0 = load(x2);
  CHECK(r0 == NULL);
  CHECK_CONTAINS(diag_text(diag), "t.xml:2: error: the root element must be <review-round>, not <round>");
  free(x1);
  free(x2);
  /* elements out of the contract's order */
  char *xml = replace(GOOD, "<enterprise>\n      <name>许昌智云信息技术有限公司</name>\n      <credit-code>91411002MA9F4K2X12</credit-code>",
                      "<enterprise>\n      <credit-code>91411002MA9F4K2X12</credit-code>\n      <name>许昌智云信息技术有限公司</name>");
  inp_round *r = load(xml);
  CHECK(r == NULL);
  CHECK_CONTAINS(diag_text(diag), "t.xml:5: error: applicant XC-1: <credit-code> is not allowed here; expected name");
  free(xml);
  /* text where only attributes belong, elements where only text belongs */
  expect_error("<leader name=\"李建国\" title=\"董事长\"/>", "<leader name=\"李建国\">董事长</leader>",
               "t.xml:10: error: applicant XC-1: <leader> takes attributes only, no text");
  expect_error("<decision>admitted</decision>", "<decision><b/></decision>",
               "t.xml:31: error: applicant XC-1: <decision> holds text only, no elements");
  CHECK_INT(diag_error_count(diag), 1);
}

TEST(schema_messages_in_chinese) {
  lang_force(true);
  expect_error("</industry>", "</industry><color/>", "t.xml:7: 错误: 申报单位 XC-1：此处不应出现 <color>；此处应为 address");
  expect_error("      <credit-code>91411082MA44Y7WP0F</credit-code>\n", "\n", "t.xml:35: 错误: 申报单位 XC-2：<enterprise> 缺少必填的 <credit-code>");
  lang_force(false);
}

/* ---- semantic rules ---- */

TEST(duplicate_id) {
  expect_error("id=\"XC-2\"", "id=\"XC-1\"",
               "t.xml:34: error: applicant XC-1: id \"XC-1\" is already used at line 3");
}

TEST(unsafe_ids) {
  expect_error("id=\"XC-2\"", "id=\"../../etc\"", "t.xml:34: error: applicant ../../etc: id \"../../etc\" may contain only");
  expect_error("id=\"XC-2\"", "id=\"a/b\"", "may contain only");
  expect_error("id=\"XC-2\"", "id=\"\"", "t.xml:34: error: applicant #2:");
  expect_error("id=\"XC-2\"", "id=\"许昌-1\"", "may contain only");
  CHECK(inp_id_safe("XC-2022_001"));
  CHECK(!inp_id_safe(".."));
  CHECK(!inp_id_safe("."));
  CHECK(!inp_id_safe("../../etc"));
  CHECK(!inp_id_safe("a\\b"));
  CHECK(!inp_id_safe(""));
  CHECK(!inp_id_safe(NULL));
  CHECK(!inp_id_safe("a b"));
  char long_id[66];
  memset(long_id, 'a', 65);
  long_id[65] = '\0';
  CHECK(!inp_id_safe(long_id));
  long_id[64] = '\0';
  CHECK(inp_id_safe(long_id));
}

TEST(county_must_not_be_a_path) {
  expect_error("county=\"长葛市\"", "county=\"示范区/东城区\"", "t.xml:34: error: applicant XC-2: county \"示范区/东城区\"");
}

TEST(credit_code_rules) {
  expect_error("91411082MA44Y7WP0F", "91411082MA44Y7WP0", "t.xml:37: error: applicant XC-2: credit code \"91411082MA44Y7WP0\" has 17 characters");
  expect_error("91411082MA44Y7WP0F", "91411082MA44Y7WPOF", "has 'O' at position 17");
  expect_error("91411082MA44Y7WP0F", "91411082ma44Y7WP0F", "lower-case letter 'm' at position 9");
  expect_error("91411082MA44Y7WP0F", "91411082MA44Y7WPＯF", "has 'Ｏ' at position 17");
  expect_error("91411082MA44Y7WP0F", "91411082MA44Y7WP0G", "its last character should be 'F'");
  expect_error("91411082MA44Y7WP0F", "", "t.xml:37: error: applicant XC-2: the credit code is empty");
}

TEST(credit_code_check_digit) {
  /* check characters computed independently (GB 32100-2015, 4.3) */
  CHECK(inp_credit_code_valid("91411002MA9F4K2X12"));
  CHECK(inp_credit_code_valid("91411082MA44Y7WP0F"));
  CHECK(inp_credit_code_valid("91411000706501234J"));
  CHECK(inp_credit_code_valid("92411024MA3XJ8QD4C"));
  CHECK(inp_credit_code_valid("124100004158001278"));
  CHECK(inp_credit_code_valid("91411003MA9GR7B2Y0")); /* sum divisible by 31: check '0' */
  CHECK(inp_credit_code_valid("91411003MA9GR7B29Y"));
  CHECK(!inp_credit_code_valid("91411002MA9F4K2X1L")); /* the contract's example */
  CHECK(!inp_credit_code_valid("91411002MA9F4K2X13"));
  CHECK(!inp_credit_code_valid("91411003MA9GR7B2YY"));
  CHECK(!inp_credit_code_valid("91411002MA9F4K2X1"));
  CHECK(!inp_credit_code_valid("91411002MA9F4K2X122"));
  CHECK(!inp_credit_code_valid("9141100IMA9F4K2X12")); /* I is not in the alphabet */
  CHECK(!inp_credit_code_valid(""));
  CHECK(!inp_credit_code_valid(NULL));
  CHECK_INT(inp_credit_code_check_char("91411002MA9F4K2X1"), '2');
  CHECK_INT(inp_credit_code_check_char("9141100ZMA9F4K2X1"), 0);
}

TEST(finance_once_per_year) {
  /* a rule of the program (program.xml), located at the second entry, named in the message */
  expect_error("<finance year=\"2020\"", "<finance year=\"2021\"",
               "t.xml:12: error: applicant XC-1: a second finance entry for 2021; keep one per year [one-finance-per-year]");
}

TEST(dates_must_exist) {
  expect_error("2022-03-10", "2022-02-29", "t.xml:25: error: applicant XC-1: county-opinion date \"2022-02-29\" is not a real calendar date");
  expect_error("2022-04-02", "2022-13-01", "t.xml:26: error: applicant XC-1: on-site date");
  expect_error("2022-04-02", "2022-04-31", "not a real calendar date");
  inp_date d;
  CHECK(inp_date_parse("2024-02-29", &d) && d.day == 29);
  CHECK(!inp_date_parse("2100-02-29", &d));
  CHECK(inp_date_parse("2000-02-29", &d));
  CHECK(!inp_date_parse("2022-1-01", &d));
  CHECK(!inp_date_parse("2022-01-01x", &d));
  CHECK(!inp_date_parse("2022-00-10", &d));
  CHECK(inp_date_parse(" 2022-12-31 ", &d) && d.year == 2022 && d.month == 12);
}

TEST(direction_list) {
  /* the program's schema enumerates the directions: no C knows them */
  expect_error("direction=\"服务型制造\"", "direction=\"服务型制造业\"",
               "t.xml:39: error: applicant XC-2: <project> direction=\"服务型制造业\" is not one of: 工业互联网平台、5G产业链融合创新、服务型制造、新一代信息技术融合");
}

TEST(decision_values) {
  expect_error("<decision>admitted</decision>", "<decision>accepted</decision>",
               "t.xml:31: error: applicant XC-1: decision \"accepted\" must be admitted, rejected or pending");
}

TEST(share_range) {
  expect_error("share=\"78.5\"", "share=\"100.5\"", "t.xml:8: error: applicant XC-1: <main-business> share=\"100.5\" must be at most 100");
  expect_error("share=\"78.5\"", "share=\"-1\"", "share=\"-1\" must be at least 0");
  char *xml = replace(GOOD, "share=\"78.5\"", "share=\"100\"");
  inp_round *r = load(xml);
  CHECK(r != NULL);
  inp_round_free(r);
  free(xml);
}

TEST(messages_follow_the_locale) {
  lang_force(true);
  expect_error("<decision>admitted</decision>", "<decision>x</decision>", "t.xml:31: 错误: 申报单位 XC-1：评审结论“x”无效");
  lang_force(false);
}

/* ---- hostile and malformed input ---- */

TEST(dtd_refused) {
  char *xml = replace(GOOD, "<review-round", "<!DOCTYPE review-round>\n<review-round");
  inp_round *r = load(xml);
  CHECK(r == NULL);
  CHECK_CONTAINS(diag_text(diag), "t.xml:2: error: a DOCTYPE is not allowed");
  free(xml);
  xml = replace(GOOD, "<review-round", "<!DOCTYPE review-round SYSTEM \"http://example.com/r.dtd\">\n<review-round");
  r = load(xml);
  CHECK(r == NULL);
  CHECK_CONTAINS(diag_text(diag), "DOCTYPE is not allowed");
  free(xml);
}

TEST(internal_entity_refused) {
  char *xml = replace(GOOD, "<review-round", "<!DOCTYPE review-round [<!ENTITY co \"智云\">]>\n<review-round");
  char *xml2 = replace(xml, "许昌智云信息技术有限公司", "许昌&co;信息技术有限公司");
  inp_round *r = load(xml2);
  CHECK(r == NULL);
  CHECK_CONTAINS(diag_text(diag), "t.xml:2: error: entity declaration \"co\" is refused");
  CHECK_CONTAINS(diag_text(diag), "t.xml:6: error: applicant XC-1: entity reference &co; is refused");
  free(xml);
  free(xml2);
}

TEST(external_entity_never_read) {
  char secret[] = "/tmp/yinfa-secret-XXXXXX";
  int fd = mkstemp(secret);
  CHECK(fd >= 0);
  CHECK(write(fd, "TOP-SECRET-MARKER", 17) == 17);
  close(fd);
  char decl[256];
  snprintf(decl, sizeof decl,
           "<!DOCTYPE review-round [<!ENTITY x SYSTEM \"file://%s\"><!ENTITY h SYSTEM \"file:///etc/hostname\">]>\n<review-round",
           secret);
  char *xml = replace(GOOD, "<review-round", decl);
  char *xml2 = replace(xml, "<industry>软件和信息技术服务业", "<industry>&x;&h;");
  inp_round *r = load(xml2);
  CHECK(r == NULL);
  CHECK_CONTAINS(diag_text(diag), "external entity \"x\"");
  CHECK_CONTAINS(diag_text(diag), "external entity \"h\" (\"file:///etc/hostname\") is refused and was not read");
  CHECK(strstr(diag_text(diag), "TOP-SECRET-MARKER") == NULL);
  unlink(secret);
  free(xml);
  free(xml2);
}

TEST(billion_laughs_refused_fast) {
  char xml[2048] = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 9; i++) {
    char line[200];
    snprintf(line, sizeof line, "<!ENTITY lol%d \"", i);
    strcat(xml, line);
    for (int j = 0; j < 10; j++) {
      snprintf(line, sizeof line, i == 1 ? "&lol;" : "&lol%d;", i - 1);
      strcat(xml, line);
    }
    strcat(xml, "\">\n");
  }
  strcat(xml, "]>\n<review-round program=\"a\" year=\"2022\"><x>&lol9;</x></review-round>\n");
  clock_t t0 = clock();
  inp_round *r = load(xml);
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  CHECK(r == NULL);
  CHECK(secs < 2.0);
  CHECK_CONTAINS(diag_text(diag), "t.xml:2: error: a DOCTYPE is not allowed");
}

TEST(invalid_utf8_reports_its_line) {
  char *xml = replace(GOOD, "许昌智云", "许昌\xE6\x99"); /* truncated sequence on line 5 */
  inp_round *r = load(xml);
  CHECK(r == NULL);
  CHECK_CONTAINS(diag_text(diag), "t.xml:5:19: error: invalid UTF-8 (byte 0xE6)");
  free(xml);
  xml = replace(GOOD, "<goals>", "<goals>\xC0\xAF"); /* overlong */
  r = load(xml);
  CHECK(r == NULL);
  CHECK_CONTAINS(diag_text(diag), "t.xml:22:");
  free(xml);
}

TEST(declared_non_utf8_encoding_refused) {
  expect_error("encoding=\"UTF-8\"", "encoding=\"GBK\"", "t.xml:1: error: the file is UTF-8 but its first line declares encoding=\"GBK\": change it to encoding=\"UTF-8\"");
}

TEST(not_well_formed_reports_line) {
  expect_error("<industry>", "<industry", "t.xml:7:");
  expect_error("</goals>", "</goal>", "t.xml:22:");
  CHECK_CONTAINS(diag_text(diag), "applicant XC-1: not well-formed XML");
  expect_error("<name>长葛市", "<name>长葛市 & ", "t.xml:36:");
}

TEST(enormous_field_refused) {
  size_t n = INP_MAX_FIELD_CHARS + 1;
  char *big = xmalloc(n * 3 + 1);
  for (size_t i = 0; i < n; i++) memcpy(big + i * 3, "字", 3);
  big[n * 3] = '\0';
  char *repl = xmalloc(n * 3 + 64);
  sprintf(repl, "<goals>%s</goals>", big);
  expect_error("<goals>   </goals>", repl, "t.xml:22: error: applicant XC-1: <goals> holds 100001 characters; at most 100000");
  /* exactly at the limit is fine */
  big[(n - 1) * 3] = '\0';
  sprintf(repl, "<goals>%s</goals>", big);
  char *xml = replace(GOOD, "<goals>   </goals>", repl);
  inp_round *r = load(xml);
  CHECK(r != NULL);
  inp_round_free(r);
  free(xml);
  free(repl);
  free(big);
}

TEST(enormous_file_refused) {
  size_t len = INP_MAX_FILE_BYTES + 1;
  /* 1 GiB of address space, no memory: the loader must refuse by the length alone */
  char *huge = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  CHECK(huge != MAP_FAILED);
  if (huge == MAP_FAILED) return;
  diag_free(diag);
  diag = diag_new(NULL, 0);
  inp_round *r = inp_round_load_memory(huge, len, "big.xml", &XUCHANG, diag);
  CHECK(r == NULL);
  CHECK_CONTAINS(diag_text(diag), "big.xml: error: the file is larger than 1024 MB");
  munmap(huge, len);
}

TEST(bom_accepted) {
  size_t n = strlen(GOOD);
  char *xml = xmalloc(n + 4);
  memcpy(xml, "\xEF\xBB\xBF", 3);
  memcpy(xml + 3, GOOD, n + 1);
  inp_round *r = load(xml);
  CHECK(r != NULL);
  CHECK(r && r->applicants[0].loc.line == 3);
  inp_round_free(r);
  free(xml);
}

TEST(nfc_applied_to_records_and_document) {
  /* "e" + U+0301 in a name and an attribute; U+F900 (compatibility ideograph) in a county */
  char *x1 = replace(GOOD, "<name>许昌智云", "<name>Cafe\xCC\x81许昌智云");
  char *x2 = replace(x1, "name=\"张敏\"", "name=\"Jose\xCC\x81\"");
  char *xml = replace(x2, "county=\"长葛市\"", "county=\"\xEF\xA4\x80\"");
  inp_round *r = load(xml);
  CHECK(r != NULL);
  if (r) {
    CHECK_VALUE(r, "string(//applicant[1]/enterprise/contact/@name)", "Jos\xC3\xA9");
    CHECK_STR(r->applicants[1].group, "\xE8\xB1\x88");
    xmlXPathContextPtr ctx = xmlXPathNewContext(inp_round_xml(r));
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST "string(//applicant[1]/enterprise/name)", ctx);
    CHECK_STR((const char *)o->stringval, "Caf\xC3\xA9许昌智云信息技术有限公司");
    xmlXPathFreeObject(o);
    o = xmlXPathEvalExpression(BAD_CAST "count(//applicant[@county='\xE8\xB1\x88'])", ctx);
    CHECK_NEAR(o->floatval, 1, 0);
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(ctx);
  }
  inp_round_free(r);
  free(x1);
  free(x2);
  free(xml);
}

TEST(supplementary_plane_characters_kept) {
  char *xml = replace(GOOD, "name=\"李建国\"", "name=\"\xF0\xA0\xAE\xB7志远\"");
  inp_round *r = load(xml);
  CHECK(r != NULL);
  if (r) CHECK_VALUE(r, "string(//applicant[1]/enterprise/leader/@name)", "𠮷志远");
  inp_round_free(r);
  free(xml);
}

TEST(ten_errors_ten_messages) {
  const char *edits[][2] = {
      {"</honor>", "</honor><colour/>"},                     /* 1 schema: unknown element (last, as
                                                                libxml2 checks no sibling after one) */
      {"<finance year=\"2020\"", "<finance year=\"2021\""},  /* 2 duplicate finance year */
      {"share=\"78.5\"", "share=\"178.5\""},                 /* 3 share range */
      {"91411002MA9F4K2X12", "91411002MA9F4K2X1L"},          /* 4 check digit */
      {"direction=\"工业互联网平台\"", "direction=\"工业互联网\""}, /* 5 direction */
      {"2022-03-10", "2022-02-30"},                          /* 6 date */
      {"<decision>admitted", "<decision>yes"},               /* 7 decision */
      {"id=\"XC-2\"", "id=\"XC 2\""},                        /* 8 id alphabet */
      {"91411082MA44Y7WP0F", "91411082MA44Y7WP"},            /* 9 credit code length */
      {"county=\"长葛市\"", "county=\"a/b\""},                /* 10 county */
  };
  char *xml = xstrdup(GOOD);
  for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
    char *next = replace(xml, edits[i][0], edits[i][1]);
    free(xml);
    xml = next;
  }
  inp_round *r = load(xml);
  CHECK(r == NULL);
  CHECK_INT(diag_error_count(diag), 10);
  const char *t = diag_text(diag);
  const char *lines[] = {"t.xml:13: error: applicant XC-1:", "t.xml:12: error: applicant XC-1:",
                         "t.xml:8: error: applicant XC-1:", "t.xml:6: error: applicant XC-1:",
                         "t.xml:15: error: applicant XC-1:", "t.xml:25: error: applicant XC-1:",
                         "t.xml:31: error: applicant XC-1:", "t.xml:34: error: applicant XC 2: id",
                         "t.xml:37: error: applicant XC 2:", "t.xml:34: error: applicant XC 2: county"};
  for (size_t i = 0; i < 10; i++) CHECK_CONTAINS(t, lines[i]);
  free(xml);
}

TEST(many_errors_are_capped) {
  /* 3000 applicants with a bad decision: 1000 listed, then one line for the rest */
  char *xml = xstrdup("<?xml version=\"1.0\"?>\n<review-round program=\"xuchang-nit\" year=\"2022\">\n");
  for (int i = 0; i < 3000; i++) {
    char *next;
    if (asprintf(&next, "%s<applicant id=\"A%d\" county=\"c\"><enterprise><name>n</name>"
                        "<credit-code>91411082MA44Y7WP0F</credit-code></enterprise><project direction=\"服务型制造\">"
                        "<name>p</name></project><review><decision>x</decision></review></applicant>\n",
                 xml, i) < 0)
      xoom();
    free(xml);
    xml = next;
  }
  char *full;
  if (asprintf(&full, "%s</review-round>\n", xml) < 0) xoom();
  diag_free(diag);
  diag = diag_new(NULL, 5000);
  inp_round *r = inp_round_load_memory(full, strlen(full), "t.xml", &XUCHANG, diag);
  CHECK(r == NULL);
  CHECK_INT(diag_error_count(diag), 1001);
  CHECK_CONTAINS(diag_text(diag), "2000 further problems not listed");
  free(xml);
  free(full);
}

TEST(missing_file) {
  diag_free(diag);
  diag = diag_new(NULL, 0);
  CHECK(inp_round_load("/nonexistent/round.xml", &XUCHANG, diag) == NULL);
  CHECK_CONTAINS(diag_text(diag), "/nonexistent/round.xml: error: cannot open");
  inp_round_free(NULL);
}

TEST(load_from_file) {
  char path[] = "/tmp/yinfa-round-XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  CHECK(write(fd, GOOD, strlen(GOOD)) == (ssize_t)strlen(GOOD));
  close(fd);
  diag_free(diag);
  diag = diag_new(NULL, 0);
  inp_round *r = inp_round_load(path, &XUCHANG, diag);
  CHECK(r != NULL);
  CHECK(r && strcmp(r->path, path) == 0 && r->applicant_count == 2);
  inp_round_free(r);
  unlink(path);
}

int main(void) {
  lang_force(false);
  RUN(good_round_loads_into_records);
  RUN(indentation_is_dropped_values_keep_their_blanks);
  RUN(round_attribute_is_read);
  RUN(schema_unknown_element);
  RUN(schema_unknown_attribute);
  RUN(schema_missing_element);
  RUN(schema_missing_attribute);
  RUN(schema_bad_number_and_date_shape);
  RUN(schema_empty_required_text);
  RUN(schema_wrong_root_and_order);
  RUN(schema_messages_in_chinese);
  RUN(duplicate_id);
  RUN(unsafe_ids);
  RUN(county_must_not_be_a_path);
  RUN(credit_code_rules);
  RUN(credit_code_check_digit);
  RUN(finance_once_per_year);
  RUN(dates_must_exist);
  RUN(direction_list);
  RUN(decision_values);
  RUN(share_range);
  RUN(messages_follow_the_locale);
  RUN(dtd_refused);
  RUN(internal_entity_refused);
  RUN(external_entity_never_read);
  RUN(billion_laughs_refused_fast);
  RUN(invalid_utf8_reports_its_line);
  RUN(declared_non_utf8_encoding_refused);
  RUN(not_well_formed_reports_line);
  RUN(enormous_field_refused);
  RUN(enormous_file_refused);
  RUN(bom_accepted);
  RUN(nfc_applied_to_records_and_document);
  RUN(supplementary_plane_characters_kept);
  RUN(ten_errors_ten_messages);
  RUN(many_errors_are_capped);
  RUN(missing_file);
  RUN(load_from_file);
  diag_free(diag);
  xmlCleanupParser();
  return CHECK_DONE();
}
