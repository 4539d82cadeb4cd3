/* Folder-name values (issue 14 §4): every property that stops a folder being made or shared,
 * and the look-alike key (fail-county-name-too-long, fail-county-tempname-unlocated,
 * weak-lookalike-counties-split). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* Where a name breaks into two lines (text level, as both the PDF and the DOCX use it): every
 * character one em wide, no tracking, 'measure' characters a line. Returns the break's byte
 * offset, 0 for none. */
static size_t name_break_at(const char *name, double measure) {
  txt_unit *u = NULL;
  size_t n = txt_segment(name, strlen(name), &u);
  double w[64];
  for (size_t k = 0; k < n && k < 64; k++) w[k] = u[k].wide ? 1 : 0.5 * (double)u[k].len;
  size_t at = n <= 64 ? txt_name_break(name, strlen(name), u, n, w, 0, 1, measure, NULL) : 0;
  size_t off = at ? u[at].offset : 0;
  free(u);
  return off;
}

TEST(issuer_breaks_after_an_organ) {
  const char *hn = "湖南省工业和信息化厅人工智能与信息化处";
  /* after 厅 (10 | 9), not at 和 or 与 inside an organ's name, though those are as balanced */
  CHECK_INT((int)name_break_at(hn, 14), (int)strlen("湖南省工业和信息化厅"));
  /* a line too short for either half: no break */
  CHECK_INT((int)name_break_at(hn, 9), 0);
  /* the organ's end one character further from the middle still wins over 信息|化 words */
  const char *b = "中共河南省委网络安全和信息化委员会办公室";
  size_t at = name_break_at(b, 14);
  CHECK(at > 0 && (strncmp(b + at - 3, "委", 3) == 0 || strncmp(b + at - 3, "会", 3) == 0));
  /* the costs themselves: after an organ 0, at a particle 40, between two other words 20 */
  txt_unit *u = NULL;
  const char *t = "信息化厅人工智能与处";
  size_t n = txt_segment(t, strlen(t), &u);
  CHECK_INT((int)n, 10);
  if (n == 10) {
    CHECK(txt_name_break_cost(t, u, 4, 0, true) == 0.0);    /* 厅|人 */
    CHECK(txt_name_break_cost(t, u, 8, 0, true) == 40.0);   /* 能|与 */
    CHECK(txt_name_break_cost(t, u, 6, 0, true) == 20.0);   /* 工|智 at a word start */
    CHECK(isinf(txt_name_break_cost(t, u, 7, 0, false)));  /* 智|能: inside a word */
    CHECK(txt_name_break_cost(t, u, 4, 1, true) == 12.0);   /* inside one bracket */
  }
  free(u);
}

int main(void) {
  lang_force(false);
  RUN(good_names);
  RUN(bad_names);
  RUN(lookalike_keys);
  RUN(shown);
  RUN(edit_distance_in_code_points);
  RUN(issuer_breaks_after_an_organ);
  printf("check: %d passed, %d failed\n", check_cases_passed, check_cases_failed);
  return check_cases_failed ? 1 : 0;
}
