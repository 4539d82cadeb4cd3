/* Unit tests of import: value cleaning (amounts, 元 → 万元, dates, Excel numbers), CSV parsing
 * and encodings, the mapping loader's messages. Whole workbooks: tests/e2e/import_*.sh. */
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
  const char *csv = "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\r\nlines\",,x\r\n\r\nlast";
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
  CHECK_CONTAINS(diag_text(d), "t.csv:B1: error: a quoted field is never closed");
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
                          "  <field name=\"nmae\"><header>企业名称</header></field>\n"
                          "  <field name=\"total-assets\" unit=\"元\"><header>总资产</header></field>\n"
                          "  <field name=\"name\"><header>总资产</header></field>\n"
                          "  <colum/>\n"
                          "  <field name=\"tax\" unit=\"美元\"><header>税金</header></field>\n"
                          "</import>\n");
  diag_sink *d = diag_new(NULL, 0);
  CHECK(imp_mapping_load(path, d) == NULL);
  const char *t = diag_text(d);
  CHECK_CONTAINS(t, ":2: error: <field name=\"nmae\">: no such field");
  CHECK_CONTAINS(t, ":6: error: unit=\"美元\": use 万元 or 元");
  CHECK_CONTAINS(t, ":5: error: <colum> is not allowed in <import>");
  CHECK_CONTAINS(t, ":4: error: header 总资产 names both");
  diag_free(d);
  unlink(path);
  free(path);
}

TEST(shipped_mapping_loads) {
  diag_sink *d = diag_new(NULL, 0);
  imp_mapping *m = imp_mapping_load("templates/xuchang-nit/import.xml", d);
  CHECK(m != NULL);
  CHECK_STR(diag_text(d), "");
  if (m) CHECK_STR(imp_mapping_program(m), "xuchang-nit");
  imp_mapping_free(m);
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
  RUN(shipped_mapping_loads);
  return CHECK_DONE();
}
