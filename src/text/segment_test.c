/* Tests for txt_segment: units, and layout.md line-breaking rules 1-2 one character class at
 * a time. render() writes "|" where a line may break and "+" between units where it may not. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../tests/check.h"
#include "core/strbuf.h"
#include "text/text.h"

/* Caller frees. */
static char *render(const char *s) {
  txt_unit *u;
  size_t n = txt_segment(s, strlen(s), &u);
  strbuf b;
  strbuf_init(&b);
  for (size_t i = 0; i < n; i++) {
    if (i > 0) strbuf_putc(&b, u[i].break_before ? '|' : '+');
    strbuf_append_n(&b, s + u[i].offset, u[i].len);
  }
  free(u);
  return strbuf_detach(&b);
}

/* One letter per unit kind: H W S O C P M I N X. Caller frees. */
static char *kinds(const char *s) {
  static const char letters[] = "HWSOCPMINX";
  txt_unit *u;
  size_t n = txt_segment(s, strlen(s), &u);
  char *out = malloc(n + 1);
  for (size_t i = 0; i < n; i++) out[i] = letters[u[i].kind];
  out[n] = 0;
  free(u);
  return out;
}

#define CHECK_RENDER(in, want)      \
  do {                              \
    char *r_ = render(in);          \
    CHECK_STR(r_, want);            \
    free(r_);                       \
  } while (0)

#define CHECK_KINDS(in, want)       \
  do {                              \
    char *k_ = kinds(in);           \
    CHECK_STR(k_, want);            \
    free(k_);                       \
  } while (0)

/* The unit starting at byte 'at' of 's'; its break_before through *brk. False if none starts
 * there. */
static bool unit_at(const char *s, size_t at, bool *brk, txt_unit *copy) {
  txt_unit *u;
  size_t n = txt_segment(s, strlen(s), &u);
  bool found = false;
  for (size_t i = 0; i < n; i++)
    if (u[i].offset == at) {
      *brk = u[i].break_before;
      if (copy) *copy = u[i];
      found = true;
    }
  free(u);
  return found;
}

TEST(empty) {
  txt_unit *u = (txt_unit *)1;
  CHECK_INT(txt_segment("", 0, &u), 0);
  CHECK(u == NULL);
}

TEST(han_units_break_everywhere) {
  CHECK_RENDER("关于开展评审", "关|于|开|展|评|审");
  CHECK_KINDS("关于", "HH");
}

/* Rule 1, line start: each of 、，。．：；！？）］｝》〉」』】〕〗”’·％‰ between two hanzi. */
TEST(no_line_starts_with_closing_or_stop) {
  static const char *marks[] = {"、", "，", "。", "．", "：", "；", "！", "？", "）", "］",
                                "｝", "》", "〉", "」", "』", "】", "〕", "〗", "”", "’",
                                "·", "％", "‰", ")", "]", "}", ",", ".", "!", "?",
                                "・", "～", "〙", "｠"};
  for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
    char s[64];
    snprintf(s, sizeof s, "中文%s中文", marks[i]);
    bool brk = true;
    if (!unit_at(s, 6, &brk, NULL)) CHECK_FAIL_("no unit starts at %s in %s", marks[i], s);
    if (brk) CHECK_FAIL_("a line may start with %s in %s", marks[i], s);
    /* and the break after the mark stays available */
    size_t after = 6 + strlen(marks[i]);
    if (!unit_at(s, after, &brk, NULL) || !brk) CHECK_FAIL_("no break after %s in %s", marks[i], s);
  }
}

/* Rule 1, line end: each of （［｛《〈「『【〔〖“‘ between two hanzi. */
TEST(no_line_ends_with_opening) {
  static const char *marks[] = {"（", "［", "｛", "《", "〈", "「", "『", "【", "〔", "〖",
                                "“", "‘", "(", "[", "{", "〘", "«"};
  for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
    char s[64];
    snprintf(s, sizeof s, "中文%s中文", marks[i]);
    size_t after = 6 + strlen(marks[i]);
    bool brk = true;
    if (!unit_at(s, after, &brk, NULL)) CHECK_FAIL_("no unit after %s in %s", marks[i], s);
    if (brk) CHECK_FAIL_("a line may end with %s in %s", marks[i], s);
    txt_unit t;
    if (!unit_at(s, 6, &brk, &t) || t.kind != TXT_UNIT_OPEN)
      CHECK_FAIL_("%s is not an OPEN unit", marks[i]);
  }
}

TEST(opening_then_space_still_glued) {
  /* "（ " at a line end would leave the bracket there once the space vanishes. */
  CHECK_RENDER("中（ 文", "中|（+ +文");
}

TEST(brackets_and_quotes_in_context) {
  CHECK_RENDER("（一）工作要求", "（+一+）|工|作|要|求");
  CHECK_RENDER("“你好”，他说。", "“+你|好+”+，|他|说+。");
  CHECK_RENDER("许工信〔2022〕12号", "许|工|信|〔+2022+〕|12+号");
  CHECK_RENDER("《通知》。", "《+通|知+》+。");
  /* ICU 72 glues quotes to both sides (Unicode 15.0 LB19); between hanzi we allow the break
   * before “ and after ” (Unicode 15.1 LB19a, clreq). */
  CHECK_RENDER("他说“你好”我说", "他|说|“+你|好+”|我|说");
  CHECK_RENDER("他说‘你好’我说", "他|说|‘+你|好+’|我|说");
  /* narrow quotes in Latin text keep UAX #14's behaviour */
  CHECK_RENDER("say \"hi\" now", "say+ |\"+hi+\"+ |now");
}

TEST(consecutive_stops_and_closes) {
  CHECK_RENDER("好。”）》", "好+。+”+）+》");
  CHECK_RENDER("好？！", "好+？+！");
}

TEST(dash_and_ellipsis_are_one_unit) {
  CHECK_RENDER("测试——结果", "测|试|——|结|果");
  CHECK_KINDS("测试——结果", "HHIHH");
  /* ICU forbids a line starting with an ellipsis (UAX #14 IN); we keep that. */
  CHECK_RENDER("等等……完", "等|等+……|完");
  CHECK_KINDS("等……", "HI");
  /* a run of four dashes is two two-em units */
  CHECK_KINDS("甲————乙", "HIIH");
  /* GB 2312 text converted with old tables uses U+2015 */
  CHECK_KINDS("甲――乙", "HIH");
  txt_unit t;
  bool brk;
  CHECK(unit_at("测试——结果", 6, &brk, &t) && t.len == 6 && t.wide && t.squeeze_em == 0);
}

TEST(numbers_and_words_kept_whole) {
  CHECK_RENDER("2022年3月18日", "2022+年|3+月|18+日");
  CHECK_RENDER("增长12.5%以上", "增|长|12.5%|以|上");
  CHECK_RENDER("增长12.5％以上", "增|长|12.5％|以|上");
  CHECK_RENDER("型号ABC-123和foo-bar", "型|号|ABC-123|和|foo-bar");
  CHECK_RENDER("GB/T 9704-2012", "GB/T+ |9704-2012");
  CHECK_RENDER("共1,234.5万元", "共|1,234.5+万+元");
  CHECK_RENDER("9:30开会", "9:30|开|会");
  CHECK_RENDER("第3条", "第+3+条");
  CHECK_RENDER("气温-3.5℃", "气|温+-3.5℃"); /* UAX #14: no break before a hyphen */
  CHECK_RENDER("￥12.5元", "￥12.5+元");
  CHECK_RENDER("www.gov.cn", "www.gov.cn");
  CHECK_RENDER("don't stop", "don't+ |stop");
  CHECK_KINDS("ABC-123", "W");
  CHECK_KINDS("12.5%", "W");
  /* full-width digits and letters are words too */
  CHECK_RENDER("ｈｅｌｌｏ１２３测试", "ｈｅｌｌｏ１２３|测|试");
  /* a unit glues at most two characters after a number */
  CHECK_RENDER("5个人员", "5+个+人|员");
  /* a sentence-final period is a stop, not part of the word */
  CHECK_RENDER("Version 2.", "Version+ |2+.");
}

TEST(percent_alone_never_starts_line) {
  CHECK_RENDER("百分之％", "百|分|之+％");
}

TEST(middle_dot_and_connectors) {
  CHECK_RENDER("阿卜杜勒·艾尼", "阿|卜|杜|勒+·|艾|尼");
  CHECK_RENDER("3～5个", "3+～|5+个");
  CHECK_KINDS("勒·艾", "HMH");
  txt_unit t;
  bool brk;
  CHECK(unit_at("勒·艾", 3, &brk, &t) && t.wide && t.squeeze_em == 0.5);
}

TEST(spaces_and_newlines) {
  CHECK_RENDER("一 二  三\n四", "一+ |二+  |三+\n|四");
  CHECK_KINDS("一 二  三\n四", "HSHSHNH");
  CHECK_KINDS("a\r\nb", "WNW");
  /* ideographic space is its own wide unit, one per em of indent */
  CHECK_KINDS("\u3000\u3000正文", "SSHH");
  /* a forced break overrides the prohibitions */
  CHECK_RENDER("好\n。", "好+\n|。");
}

TEST(widths_and_squeeze) {
  const char *s = "中，“A”（1）";
  txt_unit *u;
  size_t n = txt_segment(s, strlen(s), &u);
  CHECK_INT(n, 8);
  if (n == 8) {
    CHECK(u[0].wide && u[0].squeeze_em == 0);   /* 中 */
    CHECK(u[1].wide && u[1].squeeze_em == 0.5); /* ， */
    CHECK(u[2].wide && u[2].squeeze_em == 0.5); /* “ is East Asian Width A, wide in Chinese */
    CHECK(!u[3].wide && u[3].squeeze_em == 0);  /* A */
    CHECK(u[4].wide && u[4].squeeze_em == 0.5); /* ” */
    CHECK(u[5].wide && u[5].squeeze_em == 0.5); /* （ */
    CHECK(u[6].kind == TXT_UNIT_WORD);          /* 1 */
    CHECK(u[7].kind == TXT_UNIT_CLOSE && u[7].squeeze_em == 0.5);
  }
  free(u);
  /* narrow ASCII punctuation has nothing to give up */
  bool brk;
  txt_unit t;
  CHECK(unit_at("a,b c", 1, &brk, &t) && t.kind == TXT_UNIT_STOP && !t.wide && t.squeeze_em == 0);
}

TEST(is_wide) {
  CHECK(txt_is_wide(0x4E2D));   /* 中 W */
  CHECK(txt_is_wide(0xFF0C));   /* ， F */
  CHECK(txt_is_wide(0xFF11));   /* １ F */
  CHECK(txt_is_wide(0x20BB7));  /* 𠮷 W */
  CHECK(!txt_is_wide(0xFF71));  /* ｱ H */
  CHECK(!txt_is_wide(0x201C));  /* “ A */
  CHECK(!txt_is_wide('A'));     /* Na */
  CHECK(txt_is_wide_zh(0x201C));
  CHECK(txt_is_wide_zh(0x00B7));
  CHECK(txt_is_wide_zh(0x2026));
  CHECK(!txt_is_wide_zh(0x00E9)); /* é is A but a letter */
  CHECK(!txt_is_wide_zh(0x03B1)); /* α */
  CHECK(!txt_is_wide_zh('A'));
}

TEST(supplementary_plane) {
  const char *s = "𠮷野家，𠮷。";
  CHECK_RENDER(s, "𠮷|野|家+，|𠮷+。");
  CHECK_KINDS(s, "HHHPHP");
  txt_unit *u;
  size_t n = txt_segment(s, strlen(s), &u);
  CHECK(n == 6 && u[0].len == 4 && u[0].wide && u[1].offset == 4);
  free(u);
}

TEST(variation_selectors_and_marks_stay_with_base) {
  /* 葛 + IVS U+E0100 is one unit; é as e + U+0301 stays in its word */
  CHECK_RENDER("葛\xF3\xA0\x84\x80" "亮", "葛\xF3\xA0\x84\x80|亮");
  CHECK_RENDER("cafe\xCC\x81 中", "cafe\xCC\x81+ |中");
}

/* U+2060 WORD JOINER and U+FEFF ZWNBSP: no break on either side, and they belong to the unit of
 * the character before them, as marks do (templates' `nobreak` keeps names whole this way). */
#define WJ "\xE2\x81\xA0"
TEST(word_joiner_glues_neighbours) {
  CHECK_RENDER("褚" WJ "红" WJ "梅、钱" WJ "立" WJ "新", "褚" WJ "+红" WJ "+梅+、|钱" WJ "+立" WJ "+新");
  CHECK_RENDER("王\xEF\xBB\xBF志", "王\xEF\xBB\xBF+志");
  CHECK_KINDS("褚" WJ "红" WJ "梅", "HHH");
  /* where ICU alone would break: before an opening bracket, after a closing one, around a
   * space, between a word and a hanzi */
  CHECK_RENDER("甲" WJ "（乙）" WJ "丙", "甲" WJ "+（+乙+）" WJ "+丙");
  CHECK_RENDER("Li" WJ "王", "Li" WJ "+王");
  CHECK_RENDER("甲" WJ "“乙”" WJ "丙", "甲" WJ "+“+乙+”" WJ "+丙"); /* beats the LB19a rule */
  CHECK_RENDER("a " WJ "b", "a+ " WJ "+b");
  /* a joiner first in the text is a unit of its own, glued to what follows */
  CHECK_RENDER(WJ "王志", WJ "+王|志");
  /* a forced break still wins */
  CHECK_RENDER("王\n" WJ "志", "王+\n" WJ "|志");
  txt_unit *u;
  const char *s = "褚" WJ "红";
  size_t n = txt_segment(s, strlen(s), &u);
  CHECK(n == 2 && u[0].offset == 0 && u[0].len == 6 && u[1].offset == 6 && !u[1].break_before);
  CHECK(u[0].wide && u[0].kind == TXT_UNIT_HAN);
  free(u);
}
#undef WJ

TEST(malformed_utf8_covered) {
  const char s[] = "中\xFF\xC3文";
  txt_unit *u;
  size_t n = txt_segment(s, sizeof s - 1, &u);
  size_t covered = 0;
  for (size_t i = 0; i < n; i++) {
    CHECK_INT(u[i].offset, covered);
    covered += u[i].len;
  }
  CHECK_INT(covered, sizeof s - 1);
  free(u);
}

TEST(units_cover_input_exactly) {
  const char *s = "一、关于《许昌市2022年度“专精特新”中小企业名单（第一批）》的公示——请于3月18日前反馈……"
                  "Apple Inc. 占比12.5%；ABC-123。\n（二）";
  txt_unit *u;
  size_t n = txt_segment(s, strlen(s), &u);
  size_t covered = 0;
  for (size_t i = 0; i < n; i++) {
    CHECK_INT(u[i].offset, covered);
    covered += u[i].len;
  }
  CHECK_INT(covered, strlen(s));
  CHECK(n > 0 && !u[0].break_before);
  free(u);
}

/* Random mixes of the characters that matter: whatever ICU says, rule 1 holds everywhere and
 * the units tile the input. */
TEST(random_mixes_keep_rule_1) {
  static const char *atoms[] = {"中", "文", "𠮷", "，", "。", "、", "：", "；", "！", "？", "）",
                                "》", "”", "’", "」", "】", "〕", "·", "％", "（", "《", "“",
                                "‘", "「", "【", "〔", "——", "……", "a", "Z", "1", "9", ".",
                                ",", "-", "%", " ", "\u3000", "\n", "\r\n", "年", "第",
                                "\xCC\x81", "\xFF", "～", "(", ")", "¥", "’s"};
  static const char *no_start[] = {"、", "，", "。", "．", "：", "；", "！", "？", "）", "］",
                                   "｝", "》", "〉", "」", "』", "】", "〕", "〗", "”", "’",
                                   "·", "％", "‰"};
  static const char *no_end[] = {"（", "［", "｛", "《", "〈", "「", "『", "【", "〔", "〖", "“", "‘"};
  uint32_t seed = 2022;
  int bad = 0;
  for (int round = 0; round < 3000 && bad < 5; round++) {
    char s[512];
    size_t len = 0;
    int n = 1 + round % 24;
    for (int k = 0; k < n; k++) {
      seed = seed * 1103515245u + 12345u;
      const char *a = atoms[(seed >> 16) % (sizeof atoms / sizeof *atoms)];
      memcpy(s + len, a, strlen(a));
      len += strlen(a);
    }
    s[len] = 0;
    txt_unit *u;
    size_t nu = txt_segment(s, len, &u);
    size_t covered = 0;
    for (size_t i = 0; i < nu; i++) {
      if (u[i].offset != covered || u[i].len == 0) {
        bad++;
        CHECK_FAIL_("gap or empty unit in \"%s\"", s);
      }
      covered = u[i].offset + u[i].len;
      if (!u[i].break_before) continue;
      if (i == 0) {
        bad++;
        CHECK_FAIL_("break before unit 0 in \"%s\"", s);
      }
      if (i > 0 && u[i - 1].kind == TXT_UNIT_NEWLINE) continue;
      for (size_t m = 0; m < sizeof no_start / sizeof *no_start; m++)
        if (strncmp(s + u[i].offset, no_start[m], strlen(no_start[m])) == 0) {
          bad++;
          CHECK_FAIL_("line may start with %s in \"%s\"", no_start[m], s);
        }
      /* the last non-space character before the break */
      size_t j = i;
      while (j > 0 && u[j - 1].kind == TXT_UNIT_SPACE) j--;
      if (j == 0) continue;
      const char *end = s + u[j - 1].offset + u[j - 1].len;
      for (size_t m = 0; m < sizeof no_end / sizeof *no_end; m++) {
        size_t ml = strlen(no_end[m]);
        if ((size_t)(end - s) >= ml && strncmp(end - ml, no_end[m], ml) == 0) {
          bad++;
          CHECK_FAIL_("line may end with %s in \"%s\"", no_end[m], s);
        }
      }
    }
    if (covered != len) {
      bad++;
      CHECK_FAIL_("units cover %zu of %zu bytes of \"%s\"", covered, len, s);
    }
    free(u);
  }
  CHECK_INT(bad, 0);
}

/* Each thread has its own break iterator: four threads segmenting at once must agree with one
 * thread doing it alone. */
static const char *thread_text =
    "根据《许昌市工业和信息化局关于开展2022年度“专精特新”中小企业认定工作的通知》（许工信〔2022〕"
    "12号）要求，经企业申报、专家评审等程序，拟认定15家企业，现予以公示。公示期为3月18日至24日……";

static void *segment_many(void *arg) {
  const char *want = arg;
  for (int i = 0; i < 300; i++) {
    char *got = render(thread_text);
    bool same = strcmp(got, want) == 0;
    free(got);
    if (!same) return (void *)1;
  }
  return NULL;
}

TEST(threads) {
  char *want = render(thread_text);
  pthread_t t[4];
  for (int i = 0; i < 4; i++) CHECK(pthread_create(&t[i], NULL, segment_many, want) == 0);
  for (int i = 0; i < 4; i++) {
    void *r = (void *)1;
    pthread_join(t[i], &r);
    CHECK(r == NULL);
  }
  free(want);
}

/* Pathological input (GUIDE.md §7): a 1 MB paragraph must segment in linear time. Four times
 * the size must take nowhere near sixteen times as long. */
static double seconds_for(const char *piece, size_t bytes) {
  size_t plen = strlen(piece), reps = bytes / plen;
  char *s = malloc(reps * plen + 1);
  for (size_t i = 0; i < reps; i++) memcpy(s + i * plen, piece, plen);
  s[reps * plen] = 0;
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  txt_unit *u;
  size_t n = txt_segment(s, reps * plen, &u);
  clock_gettime(CLOCK_MONOTONIC, &b);
  if (n == 0) CHECK_FAIL_("no units");
  free(u);
  free(s);
  return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

TEST(one_megabyte_paragraph) {
  static const char *pieces[] = {"中", "，", "（", "——", "a", "1", " ", "……", "中文。”",
                                 "𠮷"};
  for (size_t i = 0; i < sizeof pieces / sizeof *pieces; i++) {
    /* best of three runs, so a scheduler hiccup does not look like quadratic time */
    double t1 = 1e9, t2 = 1e9;
    for (int r = 0; r < 3; r++) {
      t1 = fmin(t1, seconds_for(pieces[i], 1 << 18));
      t2 = fmin(t2, seconds_for(pieces[i], 1 << 20));
    }
    if (t2 > 5.0) CHECK_FAIL_("1 MB of \"%s\" took %.2f s", pieces[i], t2);
    if (t2 > 0.25 && t2 > 10 * t1)
      CHECK_FAIL_("\"%s\": 256 KB %.3f s, 1 MB %.3f s: not linear", pieces[i], t1, t2);
  }
}

int main(void) {
  RUN(empty);
  RUN(han_units_break_everywhere);
  RUN(no_line_starts_with_closing_or_stop);
  RUN(no_line_ends_with_opening);
  RUN(opening_then_space_still_glued);
  RUN(brackets_and_quotes_in_context);
  RUN(consecutive_stops_and_closes);
  RUN(dash_and_ellipsis_are_one_unit);
  RUN(numbers_and_words_kept_whole);
  RUN(percent_alone_never_starts_line);
  RUN(middle_dot_and_connectors);
  RUN(spaces_and_newlines);
  RUN(widths_and_squeeze);
  RUN(is_wide);
  RUN(supplementary_plane);
  RUN(variation_selectors_and_marks_stay_with_base);
  RUN(word_joiner_glues_neighbours);
  RUN(malformed_utf8_covered);
  RUN(units_cover_input_exactly);
  RUN(random_mixes_keep_rule_1);
  RUN(threads);
  RUN(one_megabyte_paragraph);
  return CHECK_DONE();
}
