/* Unit tests of import: value cleaning (amounts, 元 → 万元, dates, Excel numbers), CSV parsing
 * and encodings, the mapping loader's messages, the schema's order, paths, groups and lists.
 * Whole workbooks: tests/e2e/import_*.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../tests/check.h"
#include "core/lang.h"
#include "import/import_private.h"
#include "text/text.h"

TEST(amounts) {
  char out[64];
  const char *unit;
  CHECK(imp_parse_amount("1,234.5", out, &unit)); CHECK_STR(out, "1234.5"); CHECK_STR(unit, "");
  CHECK(imp_parse_amount("１２３４．５０", out, &unit)); CHECK_STR(out, "1234.5");
  CHECK(imp_parse_amount("\xE3\x80\x80 12 345 678元", out, &unit)); CHECK_STR(out, "12345678"); CHECK_STR(unit, "元");
  CHECK(imp_parse_amount("1，234万元", out, &unit)); CHECK_STR(out, "1234"); CHECK_STR(unit, "万元");
  CHECK(imp_parse_amount("-36.80", out, &unit)); CHECK_STR(out, "-36.8");
  CHECK(imp_parse_amount("007", out, &unit)); CHECK_STR(out, "7");
  CHECK(!imp_parse_amount("一千万", out, &unit));
  CHECK(!imp_parse_amount("12.", out, &unit));
  CHECK(!imp_parse_amount("1.2.3", out, &unit));
  CHECK(!imp_parse_amount("", out, &unit));
  CHECK(!imp_parse_amount("12 美元", out, &unit));
}

TEST(yuan_to_wan) {
  char out[80];
  imp_yuan_to_wan("12345678", out); CHECK_STR(out, "1234.5678");
  imp_yuan_to_wan("199465000", out); CHECK_STR(out, "19946.5");
  imp_yuan_to_wan("1234", out); CHECK_STR(out, "0.1234");
  imp_yuan_to_wan("5", out); CHECK_STR(out, "0.0005");
  imp_yuan_to_wan("-368000", out); CHECK_STR(out, "-36.8");
  imp_yuan_to_wan("0", out); CHECK_STR(out, "0");
  imp_yuan_to_wan("10000.5", out); CHECK_STR(out, "1.00005");
}

TEST(excel_numbers) {
  char out[64];
  CHECK(imp_number_text("11746.200000000001", out)); CHECK_STR(out, "11746.2");
  CHECK(imp_number_text("13921667924", out)); CHECK_STR(out, "13921667924");
  CHECK(imp_number_text("-0", out)); CHECK_STR(out, "0");
  CHECK(imp_number_text("1E-3", out)); CHECK_STR(out, "0.001");
  CHECK(!imp_number_text("abc", out));
}

TEST(dates) {
  char iso[11];
  const char *ok[] = {"2022-03-18", "2022-3-18", "2022/3/18", "2022.3.18", "2022年3月18日", "2022年03月18",
                      "２０２２．３．１８", " 2022/3/18 0:00:00 "};
  for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
    CHECK(imp_parse_date_text(ok[i], iso));
    CHECK_STR(iso, "2022-03-18");
  }
  CHECK(!imp_parse_date_text("2022.2.30", iso));
  CHECK(!imp_parse_date_text("2022-3", iso));
  CHECK(!imp_parse_date_text("2022/3/18 下午", iso));
  CHECK(!imp_parse_date_text("18/3/2022", iso));
  CHECK(imp_serial_date(44638, false, iso)); CHECK_STR(iso, "2022-03-18");
  CHECK(imp_serial_date(44638.75, false, iso)); CHECK_STR(iso, "2022-03-18");
  CHECK(imp_serial_date(1, false, iso)); CHECK_STR(iso, "1900-01-01");
  CHECK(imp_serial_date(61, false, iso)); CHECK_STR(iso, "1900-03-01");
  CHECK(!imp_serial_date(60, false, iso)); /* Excel's 1900-02-29, which never was */
  CHECK(imp_serial_date(43176, true, iso)); CHECK_STR(iso, "2022-03-18");
  CHECK(!imp_serial_date(-1, false, iso));
}

TEST(cell_refs) {
  char ref[16];
  imp_cell_ref(0, 0, ref); CHECK_STR(ref, "A1");
  imp_cell_ref(13, 2, ref); CHECK_STR(ref, "C14");
  imp_cell_ref(9, 26, ref); CHECK_STR(ref, "AA10");
  imp_cell_ref(0, 16383, ref); CHECK_STR(ref, "XFD1");
}

TEST(csv_quoting) {
  arena *a = arena_new();
  diag_sink *d = diag_new(NULL, 0);
  imp_sheet s;
  const char *csv = "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\r\nlines\",,x\r\n\r\nlast,,";
  CHECK(imp_parse_csv(csv, strlen(csv), "t.csv", a, &s, d));
  CHECK_INT(s.rows, 4);
  CHECK_INT(s.cols, 3);
  CHECK_STR(sheet_cell(&s, 0, 1)->text, "b,c");
  CHECK_STR(sheet_cell(&s, 0, 2)->text, "say \"hi\"");
  CHECK_STR(sheet_cell(&s, 1, 0)->text, "two\nlines"); /* one record, one row, as Excel counts */
  CHECK(sheet_cell(&s, 1, 1)->text == NULL);
  CHECK_STR(sheet_cell(&s, 3, 0)->text, "last");
  const char *tsv = "a\tb,c\n1\t2\n";
  CHECK(imp_parse_csv(tsv, strlen(tsv), "t.txt", a, &s, d));
  CHECK_STR(sheet_cell(&s, 0, 1)->text, "b,c");
  const char *open = "a,\"never closed\n";
  CHECK(!imp_parse_csv(open, strlen(open), "t.csv", a, &s, d));
  CHECK_CONTAINS(diag_text(d), "t.csv:1: error: the quote opened at B1 is never closed: the field runs on to the end of the file (line 2)");
  const char *shut = "a,\"x\"y,z\n";
  CHECK(!imp_parse_csv(shut, strlen(shut), "t.csv", a, &s, d));
  CHECK_CONTAINS(diag_text(d), "t.csv:1: error: the quote opened at B1 is not closed where the field ends");
  /* cut off: no line end and fewer fields than the rows above; with its line end a 合计 row */
  const char *cut = "a,b,c\n1,2,3\n4,5";
  CHECK(!imp_parse_csv(cut, strlen(cut), "t.csv", a, &s, d));
  CHECK_CONTAINS(diag_text(d), "t.csv:3: error: the last row ends after column B, the rows above go to C: the file looks cut off");
  const char *total = "a,b,c\n1,2,3\n合计,1\n";
  CHECK(imp_parse_csv(total, strlen(total), "t.csv", a, &s, d));
  diag_free(d);
  arena_free(a);
}

TEST(encodings) {
  /* 长葛市 in GBK, 𠀀 (U+20000, Extension B) as GB18030's four bytes */
  const char gbk[] = "\xB3\xA4\xB8\xF0\xCA\xD0\x95\x32\x82\x36";
  CHECK_INT(txt_detect_encoding(gbk, strlen(gbk)), TXT_ENC_GB18030);
  size_t n = 0, bad = 0;
  char *u = txt_to_utf8(gbk, strlen(gbk), TXT_ENC_GB18030, &n, &bad);
  CHECK_STR(u, "长葛市𠀀");
  free(u);
  const char bom[] = "\xEF\xBB\xBF" "长葛";
  CHECK_INT(txt_detect_encoding(bom, strlen(bom)), TXT_ENC_UTF8);
  u = txt_to_utf8(bom, strlen(bom), TXT_ENC_UTF8, &n, NULL);
  CHECK_STR(u, "长葛");
  free(u);
  const char u16[] = "\xFF\xFE\x7F\x95\x5B\x84"; /* 长葛 in UTF-16LE */
  CHECK_INT(txt_detect_encoding(u16, 6), TXT_ENC_UTF16LE);
  u = txt_to_utf8(u16, 6, TXT_ENC_UTF16LE, &n, NULL);
  CHECK_STR(u, "长葛");
  free(u);
  /* UTF-8 with a few bad bytes is UTF-8 (its bad bytes are reported), GBK stays GB18030 */
  const char mostly[] = "许昌市建安区长葛市禹州市\xFF\xFF\x80魏都区";
  CHECK_INT(txt_detect_encoding(mostly, strlen(mostly)), TXT_ENC_UTF8);
  const char gbk_long[] = "\xD0\xED\xB2\xFD\xCA\xD0\xBD\xA8\xB0\xB2\xC7\xF8\xB3\xA4\xB8\xF0\xCA\xD0\xD3\xED\xD6\xDD\xCA\xD0";
  CHECK_INT(txt_detect_encoding(gbk_long, strlen(gbk_long)), TXT_ENC_GB18030);
  const char broken[] = "ab\xB3\xA4\x80\xFF";
  u = txt_to_utf8(broken, 6, TXT_ENC_GB18030, &n, &bad);
  CHECK(u == NULL);
  CHECK_INT(bad, 4);
  free(u);
}

static char *write_temp(const char *text) {
  char *path = strdup("/tmp/yinfa-import-test-XXXXXX");
  int fd = mkstemp(path);
  if (fd >= 0) {
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
  }
  return path;
}

TEST(mapping_errors) {
  char *path = write_temp("<import program=\"p\">\n"
                          "  <field name=\"nmae\" path=\"enterprise/name\" kind=\"txet\"><header>企业名称</header></field>\n"
                          "  <field name=\"total-assets\" path=\"enterprise/assets\" unit=\"元\"><header>总资产</header></field>\n"
                          "  <field name=\"name\" path=\"enterprise/name\"><header>总资产</header></field>\n"
                          "  <colum/>\n"
                          "  <field name=\"tax\" path=\"@tax\" unit=\"美元\"><header>税金</header></field>\n"
                          "  <field name=\"x\"><header>X</header></field>\n"
                          "  <group path=\"enterprise/finance\"><field path=\"@a\"><header>A</header></field></group>\n"
                          "  <list path=\"enterprise/honor\"><header>荣誉</header></list>\n"
                          "  <field path=\"project/@d\" kind=\"enum\"><header>方向</header></field>\n"
                          "  <field path=\"a//b\"><header>Y</header></field>\n"
                          "</import>\n");
  diag_sink *d = diag_new(NULL, 0);
  CHECK(imp_mapping_load(path, NULL, d) == NULL);
  const char *t = diag_text(d);
  CHECK_CONTAINS(t, ":2: error: kind=\"txet\": use text, paragraphs");
  CHECK_CONTAINS(t, ":6: error: unit=\"美元\": use 万元 or 元");
  CHECK_CONTAINS(t, ":5: error: <colum> is not allowed in <import>");
  CHECK_CONTAINS(t, ":4: error: header 总资产 names both total-assets (line 3) and name");
  CHECK_CONTAINS(t, ":7: error: <field> needs path=");
  CHECK_CONTAINS(t, ":8: error: <group> needs key=");
  CHECK_CONTAINS(t, ":9: error: <list> enterprise/honor has no <part path=");
  CHECK_CONTAINS(t, ":10: error: field project/@d is kind enum but has no <value");
  CHECK_CONTAINS(t, ":11: error: path=\"a//b\" is not a valid path");
  CHECK_CONTAINS(t, ":1: error: the mapping has no <field path=\"@id\">");
  diag_free(d);
  unlink(path);
  free(path);
}

/* The content model read from a schema: order of children and attributes, what is required. */
TEST(schema_order) {
  arena *a = arena_new();
  diag_sink *d = diag_new(NULL, 0);
  xsd_order *o = imp_schema_read("templates/xuchang-nit/schema.xsd", a, d);
  CHECK(o != NULL);
  const xsd_element *e = imp_schema_find(o, "enterprise");
  CHECK(e != NULL);
  if (e) {
    CHECK_INT(e->child_count, 11);
    CHECK_STR(e->children[0], "name");
    CHECK_STR(e->children[1], "credit-code");
    CHECK_STR(e->children[9], "honor");
    CHECK_STR(e->children[10], "compliance"); /* the 限制条件 declarations (issue 27) */
  }
  const xsd_element *fin = imp_schema_find(o, "enterprise/finance");
  CHECK(fin != NULL);
  if (fin) CHECK_STR(fin->attrs[0], "year");
  const xsd_element *os = imp_schema_find(o, "review/on-site");
  CHECK(os != NULL);
  if (os) CHECK_STR(os->children[4], "expert");
  CHECK(imp_schema_required(o, "@id"));
  CHECK(imp_schema_required(o, "@county"));
  CHECK(imp_schema_required(o, "enterprise/name"));
  CHECK(imp_schema_required(o, "project/@direction"));
  CHECK(!imp_schema_required(o, "enterprise/industry"));
  CHECK(!imp_schema_required(o, "review/decision"));
  CHECK(!imp_schema_required(o, "enterprise/main-business/@share"));
  /* henan: inline complex types; hunan: credit-code inside an xs:choice is not required */
  xsd_order *h = imp_schema_read("templates/henan-toutou/schema.xsd", a, d);
  CHECK(h && imp_schema_find(h, "figures") && imp_schema_required(h, "enterprise/compliance/@dishonest"));
  xsd_order *hu = imp_schema_read("templates/hunan-cloud/schema.xsd", a, d);
  CHECK(hu && !imp_schema_required(hu, "enterprise/credit-code") && imp_schema_required(hu, "enterprise/founded"));
  const xsd_element *ent = hu ? imp_schema_find(hu, "enterprise") : NULL;
  CHECK(ent && strcmp(ent->children[2], "credit-code") == 0 && strcmp(ent->children[3], "org-code") == 0);
  CHECK_STR(diag_text(d), "");
  diag_free(d);
  arena_free(a);
}

/* A mapping with paths, a repeating group keyed by year, a list with bracketed parts, an enum and
 * a flag, on a CSV: the round's tree in the schema's order, whatever the mapping's order. */
TEST(paths_groups_lists) {
  char *xsd = write_temp(
      "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
      " <xs:element name=\"review-round\"><xs:complexType><xs:sequence>\n"
      "  <xs:element name=\"applicant\" maxOccurs=\"unbounded\"><xs:complexType><xs:sequence>\n"
      "   <xs:element name=\"org\"><xs:complexType><xs:sequence>\n"
      "    <xs:element name=\"name\" type=\"xs:string\"/>\n"
      "    <xs:element name=\"licence\" minOccurs=\"0\"><xs:complexType/></xs:element>\n"
      "    <xs:element name=\"money\" minOccurs=\"0\" maxOccurs=\"unbounded\"><xs:complexType>\n"
      "     <xs:attribute name=\"year\"/><xs:attribute name=\"in\"/></xs:complexType></xs:element>\n"
      "    <xs:element name=\"person\" minOccurs=\"0\" maxOccurs=\"unbounded\"><xs:complexType>\n"
      "     <xs:attribute name=\"name\"/><xs:attribute name=\"title\"/><xs:attribute name=\"unit\"/></xs:complexType></xs:element>\n"
      "   </xs:sequence></xs:complexType></xs:element>\n"
      "   <xs:element name=\"kind\" type=\"xs:string\"/>\n"
      "  </xs:sequence><xs:attribute name=\"id\" use=\"required\"/><xs:attribute name=\"city\" use=\"required\"/>\n"
      "  </xs:complexType></xs:element>\n"
      " </xs:sequence></xs:complexType></xs:element>\n"
      "</xs:schema>\n");
  char *map = write_temp(
      "<import program=\"t\">\n"
      "  <field path=\"kind\" kind=\"enum\"><header>类别</header><value is=\"甲类\"><means>甲</means></value></field>\n"
      "  <list name=\"people\" path=\"org/person\" split=\"words\">\n"
      "    <part path=\"@name\"/><part path=\"@title\"/><part path=\"@unit\"/>\n"
      "    <header>人员</header>\n"
      "  </list>\n"
      "  <group path=\"org/money\" key=\"@year\">\n"
      "    <field path=\"@year\" kind=\"year\"><header>年度</header></field>\n"
      "    <field path=\"@in\" unit=\"万元\"><header>收入</header></field>\n"
      "  </group>\n"
      "  <field path=\"org/licence\" kind=\"flag\"><header>营业执照</header></field>\n"
      "  <field path=\"org/name\" match=\"1\"><header>单位名称</header></field>\n"
      "  <field path=\"@id\"><header>编号</header></field>\n"
      "  <field path=\"@city\"><header>设区市</header></field>\n"
      "</import>\n");
  char *csv = write_temp("编号,设区市,单位名称,类别,营业执照,2021年收入（元）,2022年收入,人员\n"
                         "T-1,福州市,甲公司,甲,有,12345,2,\"林晓峰（教授，厦门大学）、王芳（，福州大学）\"\n"
                         "T-1,福州市,甲公司,,,,,王芳（，福州大学）\n"
                         "T-2,厦门市,乙公司,甲类,否,,,\n"
                         "合计,,,,,12345,2,\n");
  char *csv_path = malloc(strlen(csv) + 5);
  sprintf(csv_path, "%s.csv", csv);
  rename(csv, csv_path);
  inp_spec spec = {.program = "t", .schema_path = xsd, .group_key = "@city"};
  diag_sink *d = diag_new(NULL, 0);
  imp_mapping *m = imp_mapping_load(map, &spec, d);
  CHECK(m != NULL);
  CHECK_STR(diag_text(d), "");
  if (m) {
    CHECK_INT(m->column_count, 8);
    CHECK(m->sheet_field >= 0 && strcmp(m->fields[m->sheet_field].path, "@city") == 0);
    CHECK_INT(m->match_count, 2); /* the id, then the name */
    const char *sheets[] = {csv_path};
    imp_options opt = {"t", 2023, 0, NULL};
    size_t len = 0;
    char *xml = imp_import(m, sheets, 1, &opt, &len, d);
    CHECK(xml != NULL);
    CHECK_STR(diag_text(d), "");
    if (xml) {
      CHECK_CONTAINS(xml, "<applicant id=\"T-1\" city=\"福州市\">\n    <org>\n      <name>甲公司</name>\n"
                          "      <licence/>\n"
                          "      <money year=\"2021\" in=\"1.2345\"/>\n      <money year=\"2022\" in=\"2\"/>\n"
                          "      <person name=\"林晓峰\" title=\"教授\" unit=\"厦门大学\"/>\n"
                          "      <person name=\"王芳\" unit=\"福州大学\"/>\n    </org>\n    <kind>甲类</kind>\n");
      CHECK_CONTAINS(xml, "<applicant id=\"T-2\" city=\"厦门市\">\n    <org>\n      <name>乙公司</name>\n    </org>\n");
      CHECK(strstr(xml, "合计") == NULL);
    }
    free(xml);
  }
  imp_mapping_free(m);
  diag_free(d);
  unlink(xsd), unlink(map), unlink(csv_path);
  free(xsd), free(map), free(csv), free(csv_path);
}

/* The kinds added for the other programs report their cell and applicant like the old ones. */
TEST(kind_errors) {
  char *map = write_temp(
      "<import program=\"t\">\n"
      "  <field path=\"@id\"><header>编号</header></field>\n"
      "  <field path=\"@city\"><header>市州</header></field>\n"
      "  <field path=\"org/name\" match=\"1\"><header>企业名称</header></field>\n"
      "  <field path=\"org/licence\" kind=\"flag\"><header>营业执照</header></field>\n"
      "  <field path=\"org/@staff\" kind=\"integer\"><header>从业人员</header></field>\n"
      "  <field path=\"org/@since\" kind=\"year-month\"><header>获得时间</header></field>\n"
      "  <field path=\"org/@score\" kind=\"number\"><header>得分</header></field>\n"
      "  <field path=\"org/@cost\" unit=\"元\"><header>费用</header></field>\n"
      "  <group path=\"org/energy\" key=\"@year\">\n"
      "    <field path=\"@kwh\" kind=\"number\"><header>用电量</header></field>\n"
      "  </group>\n"
      "</import>\n");
  char *csv = write_temp("编号,市州,企业名称,营业执照,从业人员,获得时间,得分,费用（万元）,用电量\n"
                         "T-1,长沙市,甲,也许,12.5,2018.13,八十,1.5,3\n"
                         "T-2,长沙市,乙,√,12,2018年5月,86,1.5,\n");
  char *csv_path = malloc(strlen(csv) + 5);
  sprintf(csv_path, "%s.csv", csv);
  rename(csv, csv_path);
  diag_sink *d = diag_new(NULL, 0);
  imp_mapping *m = imp_mapping_load(map, NULL, d);
  CHECK(m != NULL);
  if (m) {
    const char *sheets[] = {csv_path};
    imp_options opt = {"t", 2019, 0, NULL};
    size_t len = 0;
    char *xml = imp_import(m, sheets, 1, &opt, &len, d);
    CHECK(xml == NULL);
    const char *t = diag_text(d);
    CHECK_CONTAINS(t, ":D2: error: applicant T-1: 营业执照 \"也许\" is neither 是 (有, √) nor 否 (无)");
    CHECK_CONTAINS(t, ":E2: error: applicant T-1: 从业人员 \"12.5\" is not a whole number");
    CHECK_CONTAINS(t, ":F2: error: applicant T-1: 获得时间 \"2018.13\" is not a month");
    CHECK_CONTAINS(t, ":G2: error: applicant T-1: 得分 \"八十\" is not a number");
    CHECK_CONTAINS(t, ":I2: error: applicant T-1: 用电量: which year? Put it in the header");
    free(xml);
    /* the second row alone is fine: 万元 in the header into a round that holds 元 */
    diag_free(d);
    d = diag_new(NULL, 0);
    FILE *f = fopen(csv_path, "w");
    fputs("编号,市州,企业名称,营业执照,从业人员,获得时间,得分,费用（万元）\n"
          "T-2,长沙市,乙,√,12,2018年5月,86,1.5\n", f);
    fclose(f);
    xml = imp_import(m, sheets, 1, &opt, &len, d);
    CHECK(xml != NULL);
    if (xml)
      CHECK_CONTAINS(xml, "<org staff=\"12\" since=\"2018-05\" score=\"86\" cost=\"15000\">\n      <name>乙</name>\n      <licence/>\n");
    free(xml);
  }
  imp_mapping_free(m);
  diag_free(d);
  unlink(map), unlink(csv_path);
  free(map), free(csv), free(csv_path);
}

/* Bracketed parts of a list item go to the parts that accept them, in any order; a bracket that
 * fits none stays in the text. */
TEST(list_parts) {
  arena *a = arena_new();
  map_field level = {.path = "@level", .kind = KIND_TEXT, .suffix = "级"};
  map_field year = {.path = "@year", .kind = KIND_YEAR};
  CHECK_STR(imp_clean_part(a, &level, "省级"), "省级");
  CHECK(imp_clean_part(a, &level, "第三批") == NULL);
  CHECK(imp_clean_part(a, &level, "级") == NULL);
  CHECK_STR(imp_clean_part(a, &year, "2021年"), "2021");
  CHECK(imp_clean_part(a, &year, "21") == NULL);
  map_field ym = {.path = "@date", .kind = KIND_YEAR_MONTH};
  CHECK_STR(imp_clean_part(a, &ym, "2018年5月"), "2018-05");
  CHECK_STR(imp_clean_part(a, &ym, "2018.11"), "2018-11");
  CHECK(imp_clean_part(a, &ym, "2018.13") == NULL);
  char out[8];
  CHECK(imp_parse_year_month("２０１８－０５", out));
  CHECK_STR(out, "2018-05");
  CHECK_INT(imp_flag_value(" √ "), 1);
  CHECK_INT(imp_flag_value("无"), 0);
  CHECK_INT(imp_flag_value(""), 0);
  CHECK_INT(imp_flag_value("也许"), -1);
  arena_free(a);
}

TEST(shipped_mapping_loads) {
  diag_sink *d = diag_new(NULL, 0);
  static const char *const programs[] = {"xuchang-nit", "hunan-cloud", "fujian-fusion", "shandong-demo", "henan-toutou"};
  for (size_t i = 0; i < sizeof programs / sizeof *programs; i++) {
    char map[128], xsd[128];
    snprintf(map, sizeof map, "templates/%s/import.xml", programs[i]);
    snprintf(xsd, sizeof xsd, "templates/%s/schema.xsd", programs[i]);
    inp_spec spec = {.program = programs[i], .schema_path = xsd};
    imp_mapping *m = imp_mapping_load(map, &spec, d);
    CHECK(m != NULL);
    if (m) CHECK_STR(imp_mapping_program(m), programs[i]);
    imp_mapping_free(m);
  }
  CHECK_STR(diag_text(d), "");
  diag_free(d);
}

int main(void) {
  lang_force(false);
  RUN(amounts);
  RUN(yuan_to_wan);
  RUN(excel_numbers);
  RUN(dates);
  RUN(cell_refs);
  RUN(csv_quoting);
  RUN(encodings);
  RUN(mapping_errors);
  RUN(schema_order);
  RUN(paths_groups_lists);
  RUN(list_parts);
  RUN(kind_errors);
  RUN(shipped_mapping_loads);
  return CHECK_DONE();
}
