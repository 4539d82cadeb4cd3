/* Dates and numbers as Chinese official documents write them: GB/T 9704-2012 7.3.5 dates
 * ("2022年3月18日", no zero padding), 二〇二二年三月十八日 in titles and seals, hanzi ordinals for
 * headings (一、 二、 ... 十一、). (Amounts are rounded on their digits as written, by the templates'
 * money filter: tpl_format_decimal.) Hanzi come from small tables: ICU's
 * hanidec/spellout give 一八 for 18 and 一百〇五 for 105, which official style does not use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "text/text.h"

static const char *const digit_hz[10] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool txt_date_valid(int year, int month, int day) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 0 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  int last = days[month - 1] + (month == 2 && is_leap(year));
  return day <= last;
}

char *txt_date_arabic(int year, int month, int day) {
  if (!txt_date_valid(year, month, day)) return NULL;
  strbuf b;
  strbuf_init(&b);
  strbuf_printf(&b, "%d年%d月%d日", year, month, day);
  return strbuf_detach(&b);
}

/* 0..9999 without a leading 一 before 十 when 'top' ("十五", but "一百一十五" and "一万零一十五"
 * are handled by the caller passing top=false). Appends nothing for 0. */
static void append_section(strbuf *b, int v, bool top) {
  static const char *const unit[4] = {"千", "百", "十", ""};
  static const int scale[4] = {1000, 100, 10, 1};
  bool started = false, zero_pending = false;
  for (int i = 0; i < 4; i++) {
    int d = v / scale[i] % 10;
    if (d == 0) {
      if (started) zero_pending = true;
      continue;
    }
    if (zero_pending) strbuf_append(b, "零");
    zero_pending = false;
    /* 10-19 read 十, 十一 ... at the start of a number, 一十 inside one (一百一十) */
    if (!(i == 2 && d == 1 && !started && top)) strbuf_append(b, digit_hz[d]);
    strbuf_append(b, unit[i]);
    started = true;
  }
}

char *txt_hanzi_number(int n) {
  strbuf b;
  strbuf_init(&b);
  if (n == 0) {
    strbuf_append(&b, "零");
    return strbuf_detach(&b);
  }
  long long v = n;
  if (v < 0) {
    strbuf_append(&b, "负");
    v = -v;
  }
  /* Sections of four digits: 亿, 万, units (an int stops below 10^10). */
  static const char *const big[3] = {"亿", "万", ""};
  const long long scale[3] = {100000000LL, 10000LL, 1LL};
  bool started = false, zero_pending = false;
  for (int i = 0; i < 3; i++) {
    int sec = (int)(v / scale[i] % 10000); /* the 亿 section of an int is at most 21 */
    if (sec == 0) {
      if (started) zero_pending = true;
      continue;
    }
    /* 一万零五, 一亿零一万: a zero between sections, or a section below 1000, reads 零 */
    if (started && (zero_pending || sec < 1000)) strbuf_append(&b, "零");
    zero_pending = false;
    append_section(&b, sec, !started);
    strbuf_append(&b, big[i]);
    started = true;
  }
  return strbuf_detach(&b);
}

char *txt_date_hanzi(int year, int month, int day) {
  if (!txt_date_valid(year, month, day)) return NULL;
  strbuf b;
  strbuf_init(&b);
  char digits[8];
  snprintf(digits, sizeof digits, "%d", year);
  for (const char *p = digits; *p; p++) strbuf_append(&b, digit_hz[*p - '0']);
  strbuf_append(&b, "年");
  char *m = txt_hanzi_number(month), *d = txt_hanzi_number(day);
  strbuf_printf(&b, "%s月%s日", m, d);
  free(m);
  free(d);
  return strbuf_detach(&b);
}
