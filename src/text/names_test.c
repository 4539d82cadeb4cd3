/* Folder-name values (issue 14 §4): every property that stops a folder being made or shared,
 * and the look-alike key (fail-county-name-too-long, fail-county-tempname-unlocated,
 * weak-lookalike-counties-split). */
#include <stdlib.h>

#include "../../tests/check.h"
#include "core/lang.h"
#include "text/text.h"

static bool ok(const char *s) {
  char why[512];
  return txt_name_check(s, why, sizeof why);
}

static const char *why(const char *s) {
  static char w[512];
  w[0] = '\0';
  txt_name_check(s, w, sizeof w);
  return w;
}

TEST(good_names) {
  CHECK(ok("魏都区"));
  CHECK(ok("示范区A1"));
  CHECK(ok("许昌市城乡一体化示范区"));
  CHECK(ok("a.b"));
  char max[256];
  memset(max, 'x', 255);
  max[255] = '\0';
  CHECK(ok(max));
}

TEST(bad_names) {
  char s[400] = "";
  for (int i = 0; i < 85; i++) strcat(s, "魏");
  CHECK(ok(s)); /* 255 bytes */
  strcat(s, "魏");
  CHECK_CONTAINS(why(s), "is 258 bytes long; a folder name can have at most 255 bytes");
  CHECK_CONTAINS(why(".x.tmp-99"), "starts with \".\"");
  CHECK_CONTAINS(why(".hidden"), "starts with \".\"");
  CHECK_CONTAINS(why(""), "is empty");
  CHECK_CONTAINS(why("  "), "is empty");
  CHECK_CONTAINS(why("魏都区."), "ends with a dot");
  CHECK_CONTAINS(why("魏都区 "), "ends with a dot or a space");
  CHECK_CONTAINS(why("CON"), "device name");
  CHECK_CONTAINS(why("com1.txt"), "device name");
  CHECK(ok("COM10"));
  CHECK(ok("CONSOLE"));
  CHECK_CONTAINS(why("a/b"), "contains '/'");
  CHECK_CONTAINS(why("a\\b"), "contains '\\'");
  CHECK_CONTAINS(why("a:b"), "contains ':'");
  CHECK_CONTAINS(why("魏都区\xE2\x80\x8B"), "contains U+200B");
  CHECK_CONTAINS(why("魏都\xC2\x85区"), "contains U+0085");
  CHECK_CONTAINS(why("魏\x7F"), "contains U+007F");
  CHECK_CONTAINS(why("魏\xEF\xBF\xBD"), "contains U+FFFD");
  CHECK_CONTAINS(why("\xE2\x80\xAE魏"), "contains U+202E");
  CHECK_CONTAINS(why("\xFF"), "not valid UTF-8");
}

TEST(lookalike_keys) {
  char *a = txt_name_key("示范区A1"), *b = txt_name_key("示范区Ａ１"), *c = txt_name_key("示范区a1"),
       *d = txt_name_key("魏都区\xE2\x80\x8B"), *e = txt_name_key("魏都区"), *f = txt_name_key("魏都区二");
  CHECK_STR(a, b);
  CHECK_STR(a, c);
  CHECK_STR(d, e);
  CHECK(strcmp(e, f) != 0);
  free(a), free(b), free(c), free(d), free(e), free(f);
}

TEST(shown) {
  char out[64];
  txt_name_shown("魏都\xC2\x85区\xE2\x80\x8B", out, sizeof out);
  CHECK_STR(out, "魏都<U+0085>区<U+200B>");
  char longer[400] = "";
  for (int i = 0; i < 90; i++) strcat(longer, "魏");
  txt_name_shown(longer, out, sizeof out);
  CHECK(strlen(out) < sizeof out);
  CHECK_CONTAINS(out, "…");
}

TEST(edit_distance_in_code_points) {
  CHECK_INT((int)txt_edit_distance("魏都区", "魏都区"), 0);
  CHECK_INT((int)txt_edit_distance("魏都", "魏都区"), 1);   /* one character, not three bytes */
  CHECK_INT((int)txt_edit_distance("巍都区", "魏都区"), 1);
  CHECK_INT((int)txt_edit_distance("", "建安区"), 3);
  CHECK_INT((int)txt_edit_distance("许昌县", "建安区"), 3);
}

int main(void) {
  lang_force(false);
  RUN(good_names);
  RUN(bad_names);
  RUN(lookalike_keys);
  RUN(shown);
  RUN(edit_distance_in_code_points);
  printf("check: %d passed, %d failed\n", check_cases_passed, check_cases_failed);
  return check_cases_failed ? 1 : 0;
}
