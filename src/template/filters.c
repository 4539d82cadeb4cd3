/* The filters of {expr | filter}: money and decimals, percent, Chinese dates, working-day
 * arithmetic for 公示期, defaults, Chinese numerals, the for-each index, names kept on one line
 * (docs/templates.md). */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "core/lang.h"
#include "core/xmalloc.h"
#include "template/template_private.h"
#include "text/text.h"

static bool blank(const char *s) {
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return false;
  return true;
}

/* ---- decimals ---- */

/* XPath 1.0 writes computed numbers such as sum() with an exponent when they are tiny or huge
 * ("1.033e-06"): rewritten as a plain decimal (17 significant digits, no more than a double
 * holds) before the exact rounding on digits. Malloc'd, or NULL when 'text' has no exponent. */
static char *plain_from_exponent(const char *text) {
  const char *e = strpbrk(text, "eE");
  if (!e) return NULL;
  char *end;
  double v = strtod(text, &end);
  while (*end == ' ' || *end == '\t' || *end == '\n') end++;
  if (*end || !isfinite(v) || fabs(v) > 1e18) return NULL;
  char *out;
  if (asprintf(&out, "%.17f", v) < 0) xoom();
  return out;
}

char *tpl_format_decimal(const char *text, int decimals) {
  if (decimals < 0 || decimals > 12) return NULL;
  char *plain = plain_from_exponent(text);
  if (plain) {
    char *r = tpl_format_decimal(plain, decimals);
    free(plain);
    return r;
  }
  const char *s = text;
  while (*s == ' ' || *s == '\t' || *s == '\n') s++;
  bool neg = false;
  if (*s == '-' || *s == '+') neg = *s++ == '-';
  const char *int_start = s;
  while (*s >= '0' && *s <= '9') s++;
  size_t int_len = (size_t)(s - int_start);
  const char *frac = "";
  size_t frac_len = 0;
  if (*s == '.') {
    frac = ++s;
    while (*s >= '0' && *s <= '9') s++;
    frac_len = (size_t)(s - frac);
  }
  while (*s == ' ' || *s == '\t' || *s == '\n') s++;
  if (*s || int_len + frac_len == 0) return NULL;

  /* digits = integer part + 'decimals' fraction digits, rounded half away from zero */
  size_t n = int_len + (size_t)decimals;
  char *digits = xmalloc(n + 2);
  digits[0] = '0'; /* room for a carry */
  memcpy(digits + 1, int_start, int_len);
  for (int i = 0; i < decimals; i++)
    digits[1 + int_len + (size_t)i] = (size_t)i < frac_len ? frac[i] : '0';
  digits[n + 1] = 0;
  if ((size_t)decimals < frac_len && frac[decimals] >= '5') {
    for (size_t i = n;; i--) {
      if (digits[i] == '9') {
        digits[i] = '0';
      } else {
        digits[i]++;
        break;
      }
    }
  }
  /* skip leading zeros of the integer part, keeping one */
  size_t int_digits = int_len + 1, start = 0;
  while (start + 1 < int_digits && digits[start] == '0') start++;
  bool zero = true;
  for (size_t i = start; i <= n; i++)
    if (digits[i] != '0') zero = false;
  strbuf b;
  strbuf_init(&b);
  if (neg && !zero) strbuf_putc(&b, '-');
  strbuf_append_n(&b, digits + start, int_digits - start);
  if (decimals > 0) {
    strbuf_putc(&b, '.');
    strbuf_append_n(&b, digits + int_digits, (size_t)decimals);
  }
  free(digits);
  return strbuf_detach(&b);
}

static bool parse_small_int(const char *s, int lo, int hi, int *out) {
  char *end;
  while (*s == ' ') s++;
  long v = strtol(s, &end, 10);
  while (*end == ' ') end++;
  if (end == s || *end || v < lo || v > hi) return false;
  *out = (int)v;
  return true;
}

/* ---- dates ---- */

static bool parse_iso(const char *s, int *y, int *m, int *d) {
  long day;
  if (!cal_parse_iso(s, &day)) return false;
  cal_civil(day, y, m, d);
  return true;
}

/* ---- the filters ---- */

/* The declared range of the amounts (万元) and percentages the filters write: fewer than 14
 * digits before the decimal point, below 10^13 in absolute value. XPath computes sums and
 * products in doubles, which keep 15 significant digits: 13 before the point and the 2 of an
 * amount stay exact; a value beyond is an error at its line, never digits a double invented. */
#define NUMBER_MAX_INT_DIGITS 13

/* 'in' written with 'decimals' places (tpl_format_decimal), or NULL after refusing it as the
 * value: not a number, or outside the declared range. Malloc'd. */
static char *number_in_range(struct eval_state *st, const char *name, const char *in, int decimals, strbuf *err) {
  char *s = tpl_format_decimal(in, decimals);
  const char *digits = s ? s + (s[0] == '-') : NULL;
  if (s && strcspn(digits, ".") <= NUMBER_MAX_INT_DIGITS) return s;
  char *end;
  double v = strtod(in, &end);
  while (*end == ' ' || *end == '\t' || *end == '\n') end++;
  /* a number tpl_format_decimal would not expand (1e+300) is out of range, not "not a number" */
  bool number = s || (end != in && !*end && isfinite(v) && strpbrk(in, "eE") && !strpbrk(in, "xXpP"));
  free(s);
  if (number) {
    tpl_eval_value_refused(st); /* the data is out of range; "not a number" is the template's field */
    strbuf_printf(err,
                  L("%s: %s is outside the range of the numbers yinfa writes (less than 10000000000000 in absolute "
                    "value, at most 13 digits before the decimal point): correct the value",
                    "%s：%s 超出 yinfa 书写数字的范围（绝对值小于 10000000000000，小数点前至多 13 位）：请更正该值"),
                  name, in);
  } else {
    strbuf_printf(err, L("%s: '%s' is not a number", "%s：'%s' 不是数字"), name, in);
  }
  return NULL;
}

/* 'end' is a date yinfa writes (years 0000-9999, as YYYY-MM-DD has them); else refuses the value
 * it was counted from. */
static bool end_in_range(struct eval_state *st, const char *name, const char *in, int days, long end, strbuf *err) {
  int y, m, d;
  cal_civil(end, &y, &m, &d);
  if (y >= 0 && y <= 9999) return true;
  tpl_eval_value_refused(st);
  strbuf_printf(err,
                L("%s: the period of %d day(s) from %s ends after 9999-12-31, past the dates yinfa writes: "
                  "correct the date",
                  "%s：%d 天的期间（自 %s 起）结束于 9999-12-31 之后，超出 yinfa 书写日期的范围：请更正该日期"),
                name, days, in);
  return false;
}

static bool f_money(struct eval_state *st, const char *in, const char *arg, strbuf *out,
                    strbuf *err) {
  int decimals = 2;
  if (arg && !parse_small_int(arg, 0, 12, &decimals)) {
    strbuf_printf(err, L("money: bad number of decimals '%s'", "money：小数位数无效 '%s'"), arg);
    return false;
  }
  if (blank(in)) return true;
  char *s = number_in_range(st, "money", in, decimals, err);
  if (!s) return false;
  strbuf_append(out, s);
  free(s);
  return true;
}

static bool f_percent(struct eval_state *st, const char *in, const char *arg, strbuf *out,
                      strbuf *err) {
  int decimals = -1;
  if (arg && !parse_small_int(arg, 0, 12, &decimals)) {
    strbuf_printf(err, L("percent: bad number of decimals '%s'", "percent：小数位数无效 '%s'"),
                  arg);
    return false;
  }
  if (blank(in)) return true;
  char *s = number_in_range(st, "percent", in, decimals < 0 ? 12 : decimals, err);
  if (!s) return false;
  if (decimals < 0) { /* as written: drop trailing zeros */
    char *dot = strchr(s, '.');
    if (dot) {
      char *e = s + strlen(s);
      while (e > dot + 1 && e[-1] == '0') *--e = 0;
      if (e == dot + 1) *dot = 0;
    }
  }
  strbuf_append(out, s);
  strbuf_append(out, "%");
  free(s);
  return true;
}

static bool date_parts(struct eval_state *st, const char *name, const char *in, int *y, int *m, int *d,
                       strbuf *err) {
  (void)st;
  if (parse_iso(in, y, m, d)) return true;
  strbuf_printf(err, L("%s: '%s' is not a date YYYY-MM-DD", "%s：'%s' 不是 YYYY-MM-DD 日期"), name,
                in);
  return false;
}

static bool f_date(struct eval_state *st, const char *in, const char *arg, strbuf *out,
                   strbuf *err) {
  (void)arg;
  int y, m, d;
  if (blank(in)) return true;
  if (!date_parts(st, "date", in, &y, &m, &d, err)) return false;
  char *s = txt_date_arabic(y, m, d); /* NULL only for a date parse_iso() refused */
  if (!s) return date_parts(st, "date", "", &y, &m, &d, err);
  strbuf_append(out, s);
  free(s);
  return true;
}

static bool f_date_hanzi(struct eval_state *st, const char *in, const char *arg, strbuf *out,
                         strbuf *err) {
  (void)arg;
  int y, m, d;
  if (blank(in)) return true;
  if (!date_parts(st, "date-hanzi", in, &y, &m, &d, err)) return false;
  char *s = txt_date_hanzi(y, m, d);
  strbuf_append(out, s);
  free(s);
  return true;
}

/* A period's length: the filter's argument, 1 or more days. */
static bool period_days(const char *name, const char *arg, int max, int *days, strbuf *err) {
  if (arg && parse_small_int(arg, 1, max, days)) return true;
  strbuf_printf(err, L("%s: '%s' is not a number of days (1 or more)", "%s：'%s' 不是有效的天数（至少为 1）"),
                name, arg ? arg : "");
  return false;
}

/* The official calendar (tpl_context.calendar) with $holidays and $workdays added; a warning,
 * once per document and year, when the period runs through a year the calendar does not know. */
static bool f_workdays_after(struct eval_state *st, const char *in, const char *arg, strbuf *out,
                             strbuf *err) {
  int days;
  long start, end;
  if (blank(in)) return true;
  if (!cal_parse_iso(in, &start)) {
    int y, m, d;
    return date_parts(st, "workdays-after", in, &y, &m, &d, err);
  }
  if (!period_days("workdays-after", arg, 3660, &days, err)) return false;
  const char *holidays = tpl_eval_var(st, "holidays"), *workdays = tpl_eval_var(st, "workdays");
  const cal_calendar *cal = tpl_eval_calendar(st);
  cal_report rep;
  if (!cal_workdays_after(cal, start, days, holidays, workdays, &end, &rep)) {
    strbuf_printf(err,
                  L("workdays-after: $holidays or $workdays holds a date that is not YYYY-MM-DD",
                    "workdays-after：$holidays 或 $workdays 中有无效日期"));
    return false;
  }
  if (rep.uncovered_year) {
    /* a period that is probably wrong must not leave with exit 0: an error unless the office
     * said how to count that year (its days in the INI, or the statutory days accepted) */
    int first, last, y = rep.uncovered_year;
    cal_years(cal, &first, &last);
    if (!cal_accepts_statutory(cal)) {
      strbuf_printf(err,
                    L("the period of %d working day(s) from %s runs into %d, whose arrangement (worked weekends, "
                      "days off in lieu) the calendar does not list yet (data/cn-holidays.tsv covers %d-%d); "
                      "add %d's State Council notice to data/cn-holidays.tsv (docs/cli.md, \"A new year's "
                      "calendar\"), or write %d's days off and worked weekends into holidays= and workdays= in "
                      "the INI, or count by %d's statutory days alone with [round] allow_unknown_calendar = yes "
                      "or --allow-unknown-calendar (yinfa calendar %d shows them)",
                      "%d 个工作日的期间（自 %s 起）跨入 %d 年，节假日日历中尚无该年的放假安排（调休上班日、补休日；"
                      "data/cn-holidays.tsv 只包含 %d—%d 年）：请把 %d 年的国务院放假通知加入 data/cn-holidays.tsv"
                      "（见 docs/cli.md“A new year's calendar”），或在 INI 的 holidays= 和 workdays= 中写明 %d 年的放假日和调休上班日，"
                      "或以 [round] allow_unknown_calendar = yes 或 --allow-unknown-calendar 确认只按 %d 年的法定节假日计算"
                      "（yinfa calendar %d 可列出）"),
                    days, in, y, first, last, y, y, y, y);
      return false;
    }
    tpl_eval_warning(st,
                     L("the period of working days from %s runs into %d, which the calendar does not list yet "
                       "(it covers %d-%d): counted with %d's statutory days off alone, as the INI or "
                       "--allow-unknown-calendar says; its worked weekends and days off in lieu are not known",
                       "自 %s 起的工作日期间跨入 %d 年，节假日日历中尚无该年的放假安排（只包含 %d—%d 年）："
                       "按 INI 或 --allow-unknown-calendar 的确认，只按 %d 年的法定节假日计算；该年的调休上班日和补休日未计入"),
                     in, y, first, last, y);
  }
  if (!end_in_range(st, "workdays-after", in, days, end, err)) return false;
  char iso[11];
  cal_format_iso(end, iso);
  strbuf_append(out, iso);
  return true;
}

/* Calendar days: day 1 is the start day itself, whatever day of the week it is. */
static bool f_days_after(struct eval_state *st, const char *in, const char *arg, strbuf *out,
                         strbuf *err) {
  int days;
  long start, end;
  if (blank(in)) return true;
  if (!cal_parse_iso(in, &start)) {
    int y, m, d;
    return date_parts(st, "days-after", in, &y, &m, &d, err);
  }
  if (!period_days("days-after", arg, 36600, &days, err)) return false;
  cal_days_after(start, days, &end);
  if (!end_in_range(st, "days-after", in, days, end, err)) return false;
  char iso[11];
  cal_format_iso(end, iso);
  strbuf_append(out, iso);
  return true;
}

static bool f_default(struct eval_state *st, const char *in, const char *arg, strbuf *out,
                      strbuf *err) {
  (void)st, (void)err;
  strbuf_append(out, blank(in) ? (arg ? arg : "") : in);
  return true;
}

static bool f_hanzi_number(struct eval_state *st, const char *in, const char *arg, strbuf *out,
                           strbuf *err) {
  (void)arg;
  int n;
  if (blank(in)) return true;
  if (!parse_small_int(in, 0, 99999999, &n)) {
    char *end;
    while (*in == ' ') in++;
    (void)strtoll(in, &end, 10); /* a whole number of any size is out of range, not "not a number" */
    while (*end == ' ') end++;
    if (end != in && !*end) {
      tpl_eval_value_refused(st);
      strbuf_printf(err,
                    L("hanzi-number: %s is outside the numbers written in hanzi (0 to 99999999): correct the value",
                      "hanzi-number：%s 超出用汉字书写的数字范围（0 至 99999999）：请更正该值"),
                    in);
    } else {
      strbuf_printf(err, L("hanzi-number: '%s' is not a whole number", "hanzi-number：'%s' 不是整数"), in);
    }
    return false;
  }
  char *s = txt_hanzi_number(n);
  strbuf_append(out, s);
  free(s);
  return true;
}

static bool f_index(struct eval_state *st, const char *in, const char *arg, strbuf *out,
                    strbuf *err) {
  (void)in, (void)arg;
  int i = tpl_eval_index(st);
  if (i <= 0) {
    strbuf_append(err, L("index: not inside a for-each", "index：不在 for-each 之内"));
    return false;
  }
  strbuf_printf(out, "%d", i);
  return true;
}

static bool f_trim(struct eval_state *st, const char *in, const char *arg, strbuf *out,
                   strbuf *err) {
  (void)st, (void)arg, (void)err;
  while (*in == ' ' || *in == '\t' || *in == '\n' || *in == '\r') in++;
  size_t n = strlen(in);
  while (n && (in[n - 1] == ' ' || in[n - 1] == '\t' || in[n - 1] == '\n' || in[n - 1] == '\r'))
    n--;
  strbuf_append_n(out, in, n);
  return true;
}

/* join(sep) is applied by eval.c to the node-set itself; on a single value it changes nothing. */
static bool f_join(struct eval_state *st, const char *in, const char *arg, strbuf *out,
                   strbuf *err) {
  (void)st, (void)arg, (void)err;
  strbuf_append(out, in);
  return true;
}

/* Where nobreak leaves the line free to break: white space and the punctuation that separates
 * names in a list (、，；：。！？ and their ASCII forms), so `join | nobreak` keeps each name whole
 * and the list can still wrap between names. */
static bool name_separator(uint32_t cp) {
  switch (cp) {
  case ' ': case '\t': case '\n': case '\r': case ',': case ';': case ':': case '.': case '!':
  case '?': case 0x3000: case 0x3001: case 0x3002: case 0xFF0C: case 0xFF1B: case 0xFF1A:
  case 0xFF01: case 0xFF1F:
    return true;
  default:
    return false;
  }
}

/* Code points that belong to the character before them (a joiner between would split the
 * sequence, e.g. a Han ideographic variation sequence): combining marks, ZWJ/ZWNJ, variation
 * selectors, emoji modifiers and tags; and the joiners themselves. */
static bool continues(uint32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
         (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
         (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
         (cp >= 0x180B && cp <= 0x180D) || cp == 0x200C || cp == 0x200D || cp == 0x2060 ||
         cp == 0xFEFF || (cp >= 0x3099 && cp <= 0x309A) || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
         (cp >= 0xE0020 && cp <= 0xE007F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

/* U+2060 WORD JOINER between the characters of each name: the line breaker never breaks at it
 * and it is never drawn (text/segment.c, pdf/fonts.c). */
static bool f_nobreak(struct eval_state *st, const char *in, const char *arg, strbuf *out,
                      strbuf *err) {
  (void)st, (void)arg, (void)err;
  size_t len = strlen(in);
  uint32_t prev = ' ';
  for (size_t i = 0; i < len;) {
    uint32_t cp = 0;
    size_t n = txt_utf8_decode(in + i, len - i, &cp);
    if (n == 0) { /* the input was validated; copy a stray byte as it is */
      strbuf_putc(out, in[i++]);
      prev = ' ';
      continue;
    }
    if (!name_separator(prev) && !name_separator(cp) && !continues(cp) && prev != 0x200D)
      strbuf_append(out, "\u2060");
    strbuf_append_n(out, in + i, n);
    prev = cp;
    i += n;
  }
  return true;
}

static const tpl_filter_def filters[] = {
    {"join", 1, f_join},
    {"money", 1, f_money},
    {"percent", 1, f_percent},
    {"date", 0, f_date},
    {"date-hanzi", 0, f_date_hanzi},
    {"workdays-after", 2, f_workdays_after},
    {"days-after", 2, f_days_after},
    {"default", 1, f_default},
    {"hanzi-number", 0, f_hanzi_number},
    {"index", 0, f_index},
    {"trim", 0, f_trim},
    {"nobreak", 0, f_nobreak},
};

const tpl_filter_def *tpl_filter_find(const char *name) {
  for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++)
    if (strcmp(filters[i].name, name) == 0) return &filters[i];
  return NULL;
}

const char *tpl_filter_names(void) {
  return "join money percent date date-hanzi workdays-after days-after default hanzi-number index "
         "trim nobreak";
}
