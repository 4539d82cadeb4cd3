/* The filters of {expr | filter}: money and decimals, percent, Chinese dates, working-day
 * arithmetic for 公示期, defaults, Chinese numerals, the for-each index, names kept on one line
 * (docs/templates.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

char *tpl_format_decimal(const char *text, int decimals) {
  if (decimals < 0 || decimals > 12) return NULL;
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

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static bool parse_iso(const char *s, int *y, int *m, int *d) {
  while (*s == ' ' || *s == '\t' || *s == '\n') s++;
  int n = 0;
  if (sscanf(s, "%4d-%2d-%2d%n", y, m, d, &n) != 3 || n != 10) return false;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (*m < 1 || *m > 12 || *d < 1) return false;
  int max = mdays[*m - 1] + (*m == 2 && leap(*y));
  return *d <= max && blank(s + 10);
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil). */
static long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Is 'day' in the list of ISO dates? Malformed entries make *bad true. */
static bool listed(const char *list, long day, bool *bad) {
  if (!list) return false;
  bool found = false;
  const char *s = list;
  while (*s) {
    while (*s == ' ' || *s == ',' || *s == ';' || *s == '\t' || *s == '\n' || *s == '\r') s++;
    if (!*s) break;
    const char *e = s;
    while (*e && *e != ' ' && *e != ',' && *e != ';' && *e != '\t' && *e != '\n' && *e != '\r') e++;
    char buf[16];
    int y, m, d;
    if ((size_t)(e - s) >= sizeof buf) {
      *bad = true;
    } else {
      memcpy(buf, s, (size_t)(e - s));
      buf[e - s] = 0;
      if (!parse_iso(buf, &y, &m, &d))
        *bad = true;
      else if (days_from_civil(y, m, d) == day)
        found = true;
    }
    s = e;
  }
  return found;
}

bool tpl_workdays_after(const char *start_iso, int days, const char *holidays, const char *workdays,
                        char out[11]) {
  int y, m, d;
  if (!start_iso || days < 1 || days > 3660 || !parse_iso(start_iso, &y, &m, &d)) return false;
  bool bad = false;
  listed(holidays, 0, &bad);
  listed(workdays, 0, &bad);
  if (bad) return false;
  long day = days_from_civil(y, m, d);
  for (int counted = 0;; day++) {
    long wd = ((day % 7) + 7 + 3) % 7; /* 1970-01-01 was a Thursday: 0 = Monday */
    bool working = (wd < 5 && !listed(holidays, day, &bad)) || listed(workdays, day, &bad);
    if (working && ++counted == days) break;
  }
  civil_from_days(day, &y, &m, &d);
  char buf[32];
  snprintf(buf, sizeof buf, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
  memcpy(out, buf, 10);
  out[10] = 0;
  return true;
}

/* ---- the filters ---- */

static bool f_money(struct eval_state *st, const char *in, const char *arg, strbuf *out,
                    strbuf *err) {
  (void)st;
  int decimals = 2;
  if (arg && !parse_small_int(arg, 0, 12, &decimals)) {
    strbuf_printf(err, L("money: bad number of decimals '%s'", "money：小数位数无效 '%s'"), arg);
    return false;
  }
  if (blank(in)) return true;
  char *s = tpl_format_decimal(in, decimals);
  if (!s) {
    strbuf_printf(err, L("money: '%s' is not a number", "money：'%s' 不是数字"), in);
    return false;
  }
  strbuf_append(out, s);
  free(s);
  return true;
}

static bool f_percent(struct eval_state *st, const char *in, const char *arg, strbuf *out,
                      strbuf *err) {
  (void)st;
  int decimals = -1;
  if (arg && !parse_small_int(arg, 0, 12, &decimals)) {
    strbuf_printf(err, L("percent: bad number of decimals '%s'", "percent：小数位数无效 '%s'"),
                  arg);
    return false;
  }
  if (blank(in)) return true;
  char *s = tpl_format_decimal(in, decimals < 0 ? 12 : decimals);
  if (!s) {
    strbuf_printf(err, L("percent: '%s' is not a number", "percent：'%s' 不是数字"), in);
    return false;
  }
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

static bool date_parts(const char *name, const char *in, int *y, int *m, int *d, strbuf *err) {
  if (parse_iso(in, y, m, d)) return true;
  strbuf_printf(err, L("%s: '%s' is not a date YYYY-MM-DD", "%s：'%s' 不是 YYYY-MM-DD 日期"), name,
                in);
  return false;
}

static bool f_date(struct eval_state *st, const char *in, const char *arg, strbuf *out,
                   strbuf *err) {
  (void)st, (void)arg;
  int y, m, d;
  if (blank(in)) return true;
  if (!date_parts("date", in, &y, &m, &d, err)) return false;
  strbuf_printf(out, "%d年%d月%d日", y, m, d);
  return true;
}

static bool f_date_hanzi(struct eval_state *st, const char *in, const char *arg, strbuf *out,
                         strbuf *err) {
  (void)st, (void)arg;
  int y, m, d;
  if (blank(in)) return true;
  if (!date_parts("date-hanzi", in, &y, &m, &d, err)) return false;
  char *s = txt_date_hanzi(y, m, d);
  strbuf_append(out, s);
  free(s);
  return true;
}

static bool f_workdays_after(struct eval_state *st, const char *in, const char *arg, strbuf *out,
                             strbuf *err) {
  int days, y, m, d;
  if (blank(in)) return true;
  if (!date_parts("workdays-after", in, &y, &m, &d, err)) return false;
  if (!arg || !parse_small_int(arg, 1, 3660, &days)) {
    strbuf_printf(err,
                  L("workdays-after: '%s' is not a number of days (1 or more)",
                    "workdays-after：'%s' 不是有效的工作日天数"),
                  arg ? arg : "");
    return false;
  }
  char end[11];
  if (!tpl_workdays_after(in, days, tpl_eval_var(st, "holidays"), tpl_eval_var(st, "workdays"),
                          end)) {
    strbuf_printf(err,
                  L("workdays-after: $holidays or $workdays holds a date that is not YYYY-MM-DD",
                    "workdays-after：$holidays 或 $workdays 中有无效日期"));
    return false;
  }
  strbuf_append(out, end);
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
  (void)st, (void)arg;
  int n;
  if (blank(in)) return true;
  if (!parse_small_int(in, 0, 99999999, &n)) {
    strbuf_printf(err, L("hanzi-number: '%s' is not a whole number", "hanzi-number：'%s' 不是整数"),
                  in);
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
  return "join money percent date date-hanzi workdays-after default hanzi-number index trim "
         "nobreak";
}
