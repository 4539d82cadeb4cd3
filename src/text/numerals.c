/* Dates and numbers as Chinese official documents write them: GB/T 9704-2012 7.3.5 dates
 * ("2022年3月18日", no zero padding), 二〇二二年三月十八日 in titles and seals, hanzi ordinals for
 * headings (一、 二、 ... 十一、), fixed-point amounts. Hanzi come from small tables: ICU's
 * hanidec/spellout give 一八 for 18 and 一百〇五 for 105, which official style does not use. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

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

/* ICU formats from the shortest decimal that reads back as the same double, so 2.675 (stored
 * as 2.67499999...) rounds as written, to 2.68, and the output never depends on LC_NUMERIC. */
/* Opening a formatter costs about 10 µs, more than formatting; each thread keeps one. */
static pthread_key_t fmt_key;
static pthread_once_t fmt_once = PTHREAD_ONCE_INIT;
static _Thread_local UNumberFormat *tl_fmt;

static void close_fmt(void *p) { unum_close(p); }
static void make_fmt_key(void) { (void)pthread_key_create(&fmt_key, close_fmt); }

static UNumberFormat *thread_fmt(void) {
  if (tl_fmt) return tl_fmt;
  UErrorCode err = U_ZERO_ERROR;
  UNumberFormat *f = unum_open(UNUM_DECIMAL, NULL, 0, "root", NULL, &err);
  if (U_FAILURE(err)) return NULL;
  unum_setAttribute(f, UNUM_GROUPING_USED, 0);
  unum_setAttribute(f, UNUM_MIN_INTEGER_DIGITS, 1);
  unum_setAttribute(f, UNUM_ROUNDING_MODE, UNUM_ROUND_HALFUP); /* half away from zero */
  pthread_once(&fmt_once, make_fmt_key);
  (void)pthread_setspecific(fmt_key, f);
  tl_fmt = f;
  return f;
}

char *txt_fixed_decimal(double value, int decimals) {
  if (!isfinite(value)) return NULL;
  if (decimals < 0) decimals = 0;
  if (decimals > 20) decimals = 20;
  UErrorCode err = U_ZERO_ERROR;
  UNumberFormat *f = thread_fmt();
  if (!f) return NULL;
  char *out = NULL;
  unum_setAttribute(f, UNUM_MIN_FRACTION_DIGITS, decimals);
  unum_setAttribute(f, UNUM_MAX_FRACTION_DIGITS, decimals);
  UChar buf[400];
  int32_t n = unum_formatDouble(f, value, buf, 400, NULL, &err);
  if (U_FAILURE(err) || n >= 400) goto done;
  out = xmalloc((size_t)n + 1);
  int32_t len = 0;
  for (int32_t i = 0; i < n; i++) {
    /* root uses ASCII digits, '.', '-'; anything else means ICU data we do not expect */
    if (buf[i] > 0x7F) {
      free(out);
      out = NULL;
      goto done;
    }
    out[len++] = (char)buf[i];
  }
  out[len] = 0;
  /* -0.001 to two places is "0.00", not "-0.00" */
  if (out[0] == '-' && strspn(out + 1, "0.") == (size_t)len - 1) memmove(out, out + 1, (size_t)len);
done:
  return out;
}
