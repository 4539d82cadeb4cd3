/* Unit tests for cli/config.c: values, defaults, relative paths, and every error with its line
 * (unknown section/key, missing key, long line, bad values, unquoted ';'), the program's
 * parameters bound from templates/xuchang-nit/program.xml. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../tests/check.h"
#include "cli/config.h"
#include "core/lang.h"
#include "core/xmalloc.h"
#include "template/template.h"

static char dir[] = "/tmp/yinfa-config-XXXXXX";
static diag_sink *diag;
static tpl_program *program;

/* Load and bind, as `yinfa run` does; NULL when either reported a problem. */
static cli_config *load_path(const char *path) {
  cli_config *c = cli_config_load(path, diag);
  if (c && !cli_config_bind(c, program, diag)) {
    cli_config_free(c);
    c = NULL;
  }
  return c;
}

static const char *value(const cli_config *c, const char *name) {
  const char *v = cli_config_value(c, name);
  return v && *v ? v : NULL;
}

static const char GOOD[] =
    "; sample\n"                              /* 1 */
    "[round]\n"                               /* 2 */
    "program = xuchang-nit\n"                 /* 3 */
    "input = data/round.xml\n"                /* 4 */
    "output = ../out\n"                       /* 5 */
    "order = stroke\n"                        /* 6 */
    "\n"                                      /* 7 */
    "[issuer]\n"                              /* 8 */
    "name = 许昌市工业和信息化局\n"           /* 9 */
    "doc_number = 许工信〔2022〕12号\n"       /* 10 */
    "date = 2022-05-06\n"                     /* 11 */
    "[notice]\n"                              /* 12 */
    "publicity_start = 2022-05-09\n"          /* 13 */
    "publicity_days = 5\n"                    /* 14 */
    "holidays = 2022-06-03，2022-06-04, 2022-09-12\n" /* 15 */
    "contact = 杨广磊\n"                      /* 16 */
    "phone = 0374-2965675\n"                  /* 17 */
    "email = xcsxxb5675@126.com\n"            /* 18 */
    "address = \"许昌市; 一楼\"\n"            /* 19 */
    "[output]\n"                              /* 20 */
    "jobs = 4\n";                             /* 21 */

static char *write_ini(const char *name, const char *text) {
  char *path;
  if (asprintf(&path, "%s/%s", dir, name) < 0) xoom();
  FILE *f = fopen(path, "w");
  fputs(text, f);
  fclose(f);
  return path;
}

static cli_config *load_text(const char *text) {
  diag_free(diag);
  diag = diag_new(NULL, 0);
  char *path = write_ini("t.ini", text);
  cli_config *c = load_path(path);
  free(path);
  return c;
}

/* The text with 'from' replaced by 'to' (first occurrence). Caller frees. */
static char *edit(const char *from, const char *to) {
  const char *at = strstr(GOOD, from);
  if (!at) return xstrdup(GOOD);
  char *out;
  if (asprintf(&out, "%.*s%s%s", (int)(at - GOOD), GOOD, to, at + strlen(from)) < 0) xoom();
  return out;
}

static void expect_error(const char *from, const char *to, const char *want) {
  char *text = edit(from, to);
  cli_config *c = load_text(text);
  CHECK(c == NULL);
  char full[512];
  snprintf(full, sizeof full, "%s/t.ini:%s", dir, want);
  CHECK_CONTAINS(diag_text(diag), full);
  cli_config_free(c);
  free(text);
}

TEST(good_config_values_and_paths) {
  cli_config *c = load_text(GOOD);
  CHECK(c != NULL);
  if (!c) {
    printf("%s", diag_text(diag));
    return;
  }
  char want[256];
  CHECK_STR(c->program, "xuchang-nit");
  snprintf(want, sizeof want, "%s/data/round.xml", dir);
  CHECK_STR(c->input, want);
  CHECK_STR(c->output, "/tmp/out"); /* dir/../out, cleaned */
  CHECK_INT(c->order, TXT_ORDER_STROKE);
  CHECK_STR(value(c, "issuer"), "许昌市工业和信息化局");
  CHECK_STR(value(c, "doc_number"), "许工信〔2022〕12号");
  CHECK_STR(value(c, "date"), "2022-05-06");
  CHECK_STR(value(c, "publicity_start"), "2022-05-09");
  CHECK_STR(value(c, "publicity_days"), "5");
  CHECK_STR(value(c, "holidays"), "2022-06-03,2022-06-04,2022-09-12");
  CHECK(value(c, "workdays") == NULL);
  CHECK_STR(value(c, "contact"), "杨广磊");
  CHECK_STR(value(c, "email"), "xcsxxb5675@126.com");
  CHECK_STR(value(c, "address"), "许昌市; 一楼");
  CHECK(value(c, "title") == NULL);
  CHECK(cli_config_value(c, "nonesuch") == NULL);
  CHECK(c->pdfa); /* default */
  CHECK(c->want_pdf && !c->want_ofd && !c->ofd_plain); /* formats = pdf, ofd = ofd-a */
  CHECK_INT(c->jobs, 4);
  CHECK(c->font_body == NULL);
  src_loc at = cli_config_loc(c, "notice", "phone");
  CHECK_INT(at.line, 17);
  CHECK_INT(cli_config_loc(c, "notice", "title").line, 12); /* absent: the section */
  CHECK_INT(diag_error_count(diag), 0);
  cli_config_free(c);
}

TEST(workdays_list) {
  char *text = edit("[output]", "workdays = 2022-05-07、2022-10-08\n[output]");
  cli_config *c = load_text(text);
  CHECK(c != NULL);
  if (c) {
    CHECK_STR(value(c, "workdays"), "2022-05-07,2022-10-08");
  }
  cli_config_free(c);
  free(text);
  expect_error("[output]", "workdays = 2022-5-7\n[output]", "20: error: [notice] workdays: \"2022-5-7\"");
}

TEST(defaults) {
  char *text = edit("order = stroke\n", "");
  cli_config *c = load_text(text);
  CHECK(c && c->order == TXT_ORDER_PINYIN && c->pdfa);
  cli_config_free(c);
  free(text);
}

TEST(relative_paths_follow_the_ini_folder) {
  char sub[300];
  snprintf(sub, sizeof sub, "%s/sub", dir);
  mkdir(sub, 0700);
  char *path = write_ini("sub/x.ini", GOOD);
  diag_free(diag);
  diag = diag_new(NULL, 0);
  cli_config *c = load_path(path);
  CHECK(c != NULL);
  char want[512];
  snprintf(want, sizeof want, "%s/sub/data/round.xml", dir);
  if (c) CHECK_STR(c->input, want);
  snprintf(want, sizeof want, "%s/out", dir);
  if (c) CHECK_STR(c->output, want);
  cli_config_free(c);
  free(path);
  char *abs = edit("input = data/round.xml", "input = /srv/round.xml");
  c = load_text(abs);
  if (c) CHECK_STR(c->input, "/srv/round.xml");
  cli_config_free(c);
  free(abs);
}

TEST(unknown_key_with_line) {
  expect_error("phone = ", "fone = ", "17: error: unknown key \"fone\" in [notice]; the keys there are title, publicity_start");
}

TEST(unknown_section_with_line) {
  expect_error("[output]", "[outptu]", "20: error: unknown section [outptu]");
}

TEST(missing_key_names_key_and_section_line) {
  expect_error("doc_number = 许工信〔2022〕12号\n", "", "8: error: [issuer] doc_number is missing");
  expect_error("program = xuchang-nit\n", "", "2: error: [round] program is missing");
}

TEST(missing_section) {
  char *text = edit("[issuer]\nname = 许昌市工业和信息化局\ndoc_number = 许工信〔2022〕12号\ndate = 2022-05-06\n", "");
  cli_config *c = load_text(text);
  CHECK(c == NULL);
  CHECK_CONTAINS(diag_text(diag), "t.ini: error: [issuer] name is missing");
  CHECK_INT(diag_error_count(diag), 3);
  free(text);
}

TEST(long_line_reported_with_line) {
  char *lng = xmalloc(4400);
  strcpy(lng, "address = ");
  for (int i = 0; i < 1400; i++) strcat(lng, "许");
  strcat(lng, "\n");
  expect_error("address = \"许昌市; 一楼\"\n", lng, "19: error: this line is 4210 bytes long; at most 4096 bytes");
  /* 4096 bytes is still fine */
  memset(lng, 0, 4400);
  strcpy(lng, "address = ");
  memset(lng + 10, 'x', 4086);
  strcat(lng, "\n");
  char *text = edit("address = \"许昌市; 一楼\"\n", lng);
  cli_config *c = load_text(text);
  CHECK(c != NULL);
  if (c) CHECK_INT(strlen(value(c, "address")), 4086);
  cli_config_free(c);
  free(text);
  free(lng);
}

/* fail-ini-quoted-value-truncated, weak-ini-continuation-swallows-key: never a silent cut or join. */
TEST(quotes_and_continuations) {
  expect_error("contact = 杨广磊", "contact = \"杨\"广磊", "16: error: the value of contact starts with a quoted part that ends before the value does");
  expect_error("contact = 杨广磊", "contact = 杨广磊 \\", "16: error: this line ends with \\, which some INI readers take as \"continues on line 17\"");
}

/* [output] formats and ofd (docs/ofd.md) */
TEST(page_formats) {
  char *text = edit("jobs = 4", "jobs = 4\nformats = pdf, OFD\nofd = ofd");
  cli_config *c = load_text(text);
  CHECK(c && c->want_pdf && c->want_ofd && c->ofd_plain);
  cli_config_free(c);
  free(text);
  text = edit("jobs = 4", "jobs = 4\nformats = ofd");
  c = load_text(text);
  /* admitted.xlsx (the list) in every run, whatever formats says (issue 25 §4) */
  CHECK(c && !c->want_pdf && c->want_ofd && !c->ofd_plain && c->want_list);
  cli_config_free(c);
  free(text);
  text = edit("jobs = 4", "jobs = 4\nformats = pdf, DOCX, xlsx");
  c = load_text(text);
  CHECK(c && c->want_pdf && !c->want_ofd && c->want_docx && c->want_list);
  cli_config_free(c);
  free(text);
  expect_error("jobs = 4", "formats = pdf, doc", "21: error: [output] formats: \"doc\" is not a format yinfa writes");
  expect_error("jobs = 4", "formats = docx", "21: error: [output] formats names no page format");
  expect_error("jobs = 4", "formats = ,", "21: error: [output] formats names no page format");
  expect_error("jobs = 4", "ofd = ofd-b", "21: error: [output] ofd \"ofd-b\" must be ofd-a");
}

TEST(bad_values) {
  expect_error("date = 2022-05-06", "date = 2022-02-30", "11: error: [issuer] date \"2022-02-30\" is not a real date");
  expect_error("publicity_days = 5", "publicity_days = five", "14: error: [notice] publicity_days \"five\" must be a whole number");
  expect_error("order = stroke", "order = alpha", "6: error: [round] order \"alpha\" must be pinyin, stroke or input");
  expect_error("jobs = 4", "pdfa = maybe", "21: error: [output] pdfa \"maybe\" must be true or false");
  expect_error("2022-06-04", "2022-06-31", "15: error: [notice] holidays: \"2022-06-31\"");
  expect_error("email = xcsxxb5675@126.com", "email = nobody", "18: error: [notice] email \"nobody\"");
}

/* [issuer] doc_number set to 'v' is an error at its line whose message contains 'want' */
static void expect_doc(const char *v, const char *want) {
  char line[256];
  snprintf(line, sizeof line, "doc_number = %s", v);
  expect_error("doc_number = 许工信〔2022〕12号", line, "10: error: [issuer] doc_number \"");
  CHECK_CONTAINS(diag_text(diag), want);
}

/* GB/T 9704-2012 7.2.4: 许工信〔2022〕12号; what a typist writes instead is named and corrected */
TEST(doc_number_form) {
  expect_error("许工信〔2022〕12号", "许工信[2022]12号",
               "10: error: [issuer] doc_number \"许工信[2022]12号\" is not in the form of a 发文字号 "
               "(GB/T 9704-2012 7.2.4): the year goes in 六角括号 〔〕 (U+3014, U+3015), not []; write 许工信〔2022〕12号");
  expect_doc("许工信【2022】12号", "not 【】; write 许工信〔2022〕12号");
  expect_doc("许工信﹝2022﹞12号", "not ﹝﹞; write 许工信〔2022〕12号"); /* U+FE5D: looks alike */
  expect_doc("“许工信〔2022〕12号”", "no quotes around it (the 版头 would print them); write 许工信〔2022〕12号");
  expect_doc("许工信〔2022〕第012号", "no 第 before the number; no leading zero in the number (1, not 01); write 许工信〔2022〕12号");
  expect_doc("许工信〔22〕12号", "\"许工信〔22〕12号\": it must read 机关代字〔年份〕序号号");
  expect_doc("〔2022〕12号", "it must read 机关代字〔年份〕序号号"); /* no 机关代字 */
  expect_doc("许工信〔2022〕12", "it must read 机关代字〔年份〕序号号");
  char *fixed = (char *)1;
  strbuf why;
  strbuf_init(&why);
  CHECK(cli_doc_number_check("闽工信数字〔2024〕58号", &fixed, &why) && !fixed && why.len == 0);
  CHECK(cli_doc_number_check("湘工信人工智能〔2019〕412号", &fixed, &why));
  CHECK(!cli_doc_number_check("许工信〔2022〕0号", &fixed, &why) && !fixed);
  strbuf_release(&why);
}

TEST(unquoted_comment_characters) {
  expect_error("address = \"许昌市; 一楼\"", "address = 许昌市; 一楼", "19: error: the value of address contains ';' or '#'");
}

TEST(duplicate_key_and_syntax) {
  expect_error("phone = 0374-2965675\n", "phone = 0374-2965675\nphone = 1\n", "18: error: [notice] phone is set twice (first at line 17)");
  expect_error("[output]\n", "[output]\nthis is not ini\n", "21: error: cannot read this line");
}

TEST(font_must_exist) {
  expect_error("jobs = 4\n", "jobs = 4\n[fonts]\nbody = nope.ttf\n", "23: error: [fonts] body: cannot read the font file");
}

TEST(bom_accepted) {
  char *text;
  if (asprintf(&text, "\xEF\xBB\xBF%s", GOOD) < 0) xoom();
  cli_config *c = load_text(text);
  CHECK(c != NULL);
  if (c) CHECK_STR(c->program, "xuchang-nit");
  if (c) CHECK_INT(cli_config_loc(c, "notice", "phone").line, 17);
  cli_config_free(c);
  free(text);
}

TEST(not_utf8_reported_with_line) {
  /* 许昌 in GBK, as Notepad's "ANSI" would save it */
  expect_error("name = 许昌市工业和信息化局", "name = \xD0\xED\xB2\xFD", "9: error: this line is not UTF-8");
}

TEST(missing_file) {
  diag_free(diag);
  diag = diag_new(NULL, 0);
  CHECK(cli_config_load("/nonexistent/x.ini", diag) == NULL);
  CHECK_CONTAINS(diag_text(diag), "/nonexistent/x.ini: error: cannot open the configuration");
}

TEST(many_errors_in_one_run) {
  char *a = edit("phone = ", "fone = ");
  const char *at = strstr(a, "order = stroke");
  char *b;
  if (asprintf(&b, "%.*sorder = x%s", (int)(at - a), a, at + strlen("order = stroke")) < 0) xoom();
  cli_config *c = load_text(b);
  CHECK(c == NULL); /* the engine's bad order and the program's keys, reported together */
  CHECK_INT(diag_error_count(diag), 3);
  CHECK_CONTAINS(diag_text(diag), "t.ini:12: error: [notice] phone is missing");
  CHECK_CONTAINS(diag_text(diag), "t.ini:17: error: unknown key \"fone\"");
  CHECK_CONTAINS(diag_text(diag), "t.ini:6: error: [round] order \"x\"");
  free(a);
  free(b);
}

TEST(enum_and_program_sections) {
  /* a section the program does not have names the program's sections */
  expect_error("[output]", "[notise]\ncontact = x\n[output]", "20: error: unknown section [notise]; the sections are [round], [output], [fonts], [issuer], [notice]");
}

int main(void) {
  lang_force(false);
  if (!mkdtemp(dir)) return 3;
  diag = diag_new(NULL, 0);
  program = tpl_program_load("templates/xuchang-nit", diag);
  if (!program) {
    printf("cannot load templates/xuchang-nit:\n%s", diag_text(diag));
    return 1;
  }
  RUN(good_config_values_and_paths);
  RUN(workdays_list);
  RUN(defaults);
  RUN(relative_paths_follow_the_ini_folder);
  RUN(unknown_key_with_line);
  RUN(unknown_section_with_line);
  RUN(missing_key_names_key_and_section_line);
  RUN(missing_section);
  RUN(long_line_reported_with_line);
  RUN(bad_values);
  RUN(page_formats);
  RUN(doc_number_form);
  RUN(unquoted_comment_characters);
  RUN(quotes_and_continuations);
  RUN(duplicate_key_and_syntax);
  RUN(font_must_exist);
  RUN(bom_accepted);
  RUN(not_utf8_reported_with_line);
  RUN(missing_file);
  RUN(many_errors_in_one_run);
  RUN(enum_and_program_sections);
  tpl_program_free(program);
  diag_free(diag);
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) printf("could not remove %s\n", dir);
  return CHECK_DONE();
}
