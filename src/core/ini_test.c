/* The strict INI reader: every way a lenient reader silently cuts or joins a value is an error
 * with its line (fail-ini-quoted-value-truncated, weak-ini-continuation-swallows-key,
 * weak-ini-continuation-long-message), and the values it does accept. */
#include <stdlib.h>

#include "../../tests/check.h"
#include "core/ini.h"
#include "core/lang.h"
#include "core/xmalloc.h"

static diag_sink *d;

static ini_file *parse(const char *text) {
  diag_free(d);
  d = diag_new(NULL, 0);
  return ini_parse(text, strlen(text), "t.ini", d);
}

static void refused(const char *text, const char *want) {
  ini_file *f = parse(text);
  CHECK(f == NULL);
  CHECK_CONTAINS(diag_text(d), want);
  ini_free(f);
}

TEST(values_lines_and_quotes) {
  ini_file *f = parse("\xEF\xBB\xBF; comment\n[Round]\nProgram = xuchang-nit\n\n# c\n[notice]\n"
                      "title = \"  关于许昌; #1  \"\naddress='一楼\\二楼'\nquote = \"say \\\"hi\\\" \\\\\"\n"
                      "inner = 关于\"许昌\"市级\nempty =\n");
  CHECK(f != NULL);
  if (!f) return;
  const ini_entry *e = ini_find(f, "round", "program");
  CHECK(e && strcmp(e->value, "xuchang-nit") == 0 && e->line == 3);
  CHECK(ini_find(f, "round", NULL) && ini_find(f, "round", NULL)->line == 2);
  CHECK_STR(ini_find(f, "notice", "title")->value, "  关于许昌; #1  ");
  CHECK_STR(ini_find(f, "notice", "address")->value, "一楼\\二楼");
  CHECK_STR(ini_find(f, "notice", "quote")->value, "say \"hi\" \\");
  CHECK_STR(ini_find(f, "notice", "inner")->value, "关于\"许昌\"市级");
  CHECK_STR(ini_find(f, "notice", "empty")->value, "");
  CHECK_INT(ini_count(f), 8);
  ini_free(f);
}

TEST(quoted_value_cut_short) { /* fail-ini-quoted-value-truncated */
  refused("[notice]\ntitle = \"关于许昌\"市级入库名单的公示\n",
          "t.ini:2: error: the value of title starts with a quoted part that ends before the value does (\"市级入库名单的公示\" follows)");
  refused("[notice]\ncontact = '杨'广磊\n", "t.ini:2: error: the value of contact starts with a quoted part");
  refused("[notice]\ntitle = \"关于许昌\n", "t.ini:2: error: the value of title starts with \" but has no closing \"");
}

TEST(trailing_backslash) { /* weak-ini-continuation-swallows-key, weak-ini-continuation-long-message */
  refused("[notice]\ncontact = 杨广磊 \\\nphone   = 0374-2965675\n",
          "t.ini:2: error: this line ends with \\, which some INI readers take as \"continues on line 3\"");
  refused("[fonts]\nbody = C:\\fonts\\\n", "t.ini:2: error: this line ends with \\");
  ini_file *f = parse("[fonts]\nbody = \"C:\\fonts\\\\\"\n");
  CHECK(f != NULL);
  if (f) CHECK_STR(ini_find(f, "fonts", "body")->value, "C:\\fonts\\");
  ini_free(f);
}

TEST(bytes_and_lengths) {
  ini_file *f = ini_parse("[a]\nk = v\0x\n", 10, "t.ini", d);
  CHECK(f == NULL);
  CHECK_CONTAINS(diag_text(d), "t.ini:2: error: this line holds a NUL byte");
  refused("[a]\nk = \xD0\xED\n", "t.ini:2: error: this line is not UTF-8");
  char *lng = xmalloc(INI_MAX_LINE + 64);
  strcpy(lng, "[a]\n\nk = ");
  size_t n = strlen(lng);
  memset(lng + n, 'x', INI_MAX_LINE);
  strcpy(lng + n + INI_MAX_LINE, "\n");
  refused(lng, "t.ini:3: error: this line is 4100 bytes long; at most 4096 bytes");
  lng[n + INI_MAX_LINE - 6] = '\n';
  lng[n + INI_MAX_LINE - 5] = '\0';
  f = parse(lng);
  CHECK(f != NULL); /* exactly 4096 bytes */
  ini_free(f);
  free(lng);
}

TEST(syntax) {
  refused("k = v\n", "t.ini:1: error: key \"k\" comes before any [section]");
  refused("[a\n", "t.ini:1: error: a section header needs a closing ]");
  refused("[a] x\n", "t.ini:1: error: text after the section header");
  refused("[a]\njust words\n", "t.ini:2: error: cannot read this line");
  refused("[a]\n= v\n", "t.ini:2: error: a value without a key");
  refused("[a]\nk = a; b\n", "t.ini:2: error: the value of k contains ';' or '#'");
  /* every problem of the file, not only the first */
  ini_file *f = parse("[a]\nk = a; b\nj = \"x\"y\n");
  CHECK(f == NULL);
  CHECK_INT(diag_error_count(d), 2);
  ini_free(f);
}

int main(void) {
  lang_force(false);
  d = diag_new(NULL, 0);
  RUN(values_lines_and_quotes);
  RUN(quoted_value_cut_short);
  RUN(trailing_backslash);
  RUN(bytes_and_lengths);
  RUN(syntax);
  diag_free(d);
  printf("check: %d passed, %d failed\n", check_cases_passed, check_cases_failed);
  return check_cases_failed ? 1 : 0;
}
