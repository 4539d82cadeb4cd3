/* The official holiday calendar (data/cn-holidays.tsv) and 公示 period arithmetic. The file is
 * small (about 30 lines a year) and read once per run: a sorted array and binary search. */
#include "calendar/calendar.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"

#include "calendar/calendar_private.h"

/* ---- day numbers ---- */

/* H. Hinnant's days_from_civil / civil_from_days. */
long cal_day(int year, int month, int mday) {
  long y = year - (month <= 2);
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + mday - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void cal_civil(long day, int *year, int *month, int *mday) {
  long z = day + 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *mday = (int)(doy - (153 * mp + 2) / 5 + 1);
  *month = (int)(mp < 10 ? mp + 3 : mp - 9);
  *year = (int)(yoe + era * 400 + (*month <= 2));
}

int cal_weekday(long day) { return (int)(((day % 7) + 7 + 3) % 7); } /* 1970-01-01: Thursday */

static int year_of(long day) {
  int y, m, d;
  cal_civil(day, &y, &m, &d);
  return y;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Exactly "YYYY-MM-DD" in the 'n' bytes at 's'. */
static bool iso_n(const char *s, size_t n, long *day) {
  if (n != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
  int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap)) return false;
  *day = cal_day(y, m, d);
  return true;
}

bool cal_parse_iso(const char *s, long *day) {
  if (!s) return false;
  while (is_space(*s)) s++;
  size_t n = strlen(s);
  while (n && is_space(s[n - 1])) n--;
  return iso_n(s, n, day);
}

void cal_format_iso(long day, char out[11]) {
  int y, m, d;
  cal_civil(day, &y, &m, &d);
  char buf[32];
  snprintf(buf, sizeof buf, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
  memcpy(out, buf, 10);
  out[10] = 0;
}

/* ---- the file ---- */

static int by_day(const void *a, const void *b) {
  long x = ((const entry *)a)->day, y = ((const entry *)b)->day;
  return (x > y) - (x < y);
}

/* One field of a TSV line: [s, end of field); *next after the tab (or at the line end). */
static size_t field(const char *s, size_t n, size_t *next) {
  size_t i = 0;
  while (i < n && s[i] != '\t') i++;
  *next = i < n ? i + 1 : n;
  return i;
}

cal_calendar *cal_parse(const char *text, size_t len, const char *path, diag_sink *diag) {
  cal_calendar *c = xcalloc(1, sizeof *c);
  size_t cap = 0, year_cap = 0;
  bool ok = true;
  int line = 0;
  const char *s;
  size_t n;
  for (size_t pos = 0; cal_next_line(text, len, &pos, &s, &n);) {
    line++;
    size_t lead = 0;
    while (lead < n && (s[lead] == ' ' || s[lead] == '\t')) lead++;
    if (lead == n || s[lead] == '#') continue;

    src_loc at = {path, line, 0, NULL};
    size_t next, f1 = field(s, n, &next);
    const char *kind = s + next;
    size_t rest = n - next, next2, f2 = field(kind, rest, &next2);
    size_t f3 = rest - next2;
    long day;
    if (!iso_n(s, f1, &day)) {
      diag_error(diag, at,
                 L("\"%.*s\" is not a date YYYY-MM-DD; each line is: date<TAB>off|work<TAB>name",
                   "“%.*s” 不是 YYYY-MM-DD 日期；每行应为：日期<TAB>off|work<TAB>节日名称"),
                 (int)(f1 > 40 ? 40 : f1), s);
      ok = false;
      continue;
    }
    bool work = f2 == 4 && memcmp(kind, "work", 4) == 0;
    if (!work && !(f2 == 3 && memcmp(kind, "off", 3) == 0)) {
      diag_error(diag, at,
                 L("%.10s: the second column must be 'off' or 'work', not \"%.*s\"",
                   "%.10s：第二列应为 off（放假）或 work（调休上班），而不是“%.*s”"),
                 s, (int)(f2 > 40 ? 40 : f2), kind);
      ok = false;
      continue;
    }
    if (f3 == 0 || next == n || next2 == rest) {
      diag_error(diag, at,
                 L("%.10s: the third column (the festival's name) is missing",
                   "%.10s：缺少第三列（节日名称）"),
                 s);
      ok = false;
      continue;
    }
    c->days = xgrow(c->days, &cap, c->count + 1, sizeof *c->days);
    c->days[c->count++] = (entry){day, work, xstrndup(kind + next2, f3)};
    int y = year_of(day);
    size_t k = 0;
    while (k < c->year_count && c->years[k] < y) k++;
    if (k == c->year_count || c->years[k] != y) {
      c->years = xgrow(c->years, &year_cap, c->year_count + 1, sizeof *c->years);
      memmove(c->years + k + 1, c->years + k, (c->year_count - k) * sizeof *c->years);
      c->years[k] = y;
      c->year_count++;
    }
  }
  if (c->count) qsort(c->days, c->count, sizeof *c->days, by_day);
  for (size_t i = 1; i < c->count; i++)
    if (c->days[i].day == c->days[i - 1].day) {
      char iso[11];
      cal_format_iso(c->days[i].day, iso);
      /* qsort lost the line numbers: find both lines again for the message */
      int first = 0, second = 0, ln = 0;
      for (size_t pos = 0; cal_next_line(text, len, &pos, &s, &n);) {
        ln++;
        if (n >= 10 && memcmp(s, iso, 10) == 0) {
          if (!first)
            first = ln;
          else if (!second)
            second = ln;
        }
      }
      diag_error(diag, ((src_loc){path, second, 0, NULL}),
                 L("%s is listed twice (also on line %d); keep one line per date",
                   "%s 重复出现（第 %d 行也有）；每个日期只写一行"),
                 iso, first);
      ok = false;
      while (i + 1 < c->count && c->days[i + 1].day == c->days[i].day) i++;
    }
  if (!ok) {
    cal_free(c);
    return NULL;
  }
  return c;
}

cal_calendar *cal_load(const char *path, diag_sink *diag) {
  strbuf b;
  strbuf_init(&b);
  if (!strbuf_append_file(&b, path)) {
    diag_error(diag, ((src_loc){path, 0, 0, NULL}),
               L("cannot read the holiday calendar: %s (it ships as data/cn-holidays.tsv)",
                 "无法读取节假日日历：%s（随程序提供的 data/cn-holidays.tsv）"),
               lang_strerror(errno));
    strbuf_release(&b);
    return NULL;
  }
  cal_calendar *c = cal_parse(b.data ? b.data : "", b.len, path, diag);
  strbuf_release(&b);
  return c;
}

void cal_free(cal_calendar *c) {
  if (!c) return;
  for (size_t i = 0; i < c->count; i++) free(c->days[i].name);
  free(c->days);
  free(c->festivals);
  free(c->years);
  free(c);
}

bool cal_covers(const cal_calendar *c, int year) {
  for (size_t i = 0; c && i < c->year_count; i++)
    if (c->years[i] == year) return true;
  return false;
}

void cal_years(const cal_calendar *c, int *first, int *last) {
  *first = c && c->year_count ? c->years[0] : 0;
  *last = c && c->year_count ? c->years[c->year_count - 1] : 0;
}

int cal_official(const cal_calendar *c, long day, const char **name) {
  if (!c || !c->count) return 0;
  entry key = {day, false, NULL};
  const entry *e = bsearch(&key, c->days, c->count, sizeof *c->days, by_day);
  if (e && name) *name = e->name;
  return e ? (e->work ? 1 : -1) : 0;
}

/* ---- lists of extra dates ---- */

/* Calls 'fn' for each entry of the list; false when an entry is not an ISO date. */
static bool each_date(const char *list, bool (*fn)(long day, void *data), void *data) {
  if (!list) return true;
  const char *s = list;
  bool ok = true;
  while (*s) {
    if (is_space(*s) || *s == ',' || *s == ';') {
      s++;
      continue;
    }
    if (strncmp(s, "、", 3) == 0 || strncmp(s, "，", 3) == 0 || strncmp(s, "；", 3) == 0) {
      s += 3;
      continue;
    }
    const char *e = s;
    while (*e && !is_space(*e) && *e != ',' && *e != ';' && (unsigned char)*e < 0x80) e++;
    long day;
    if (e == s || !iso_n(s, (size_t)(e - s), &day)) {
      ok = false;
      while (*e && !is_space(*e) && *e != ',' && *e != ';') e++;
      if (e == s) e++;
    } else if (fn && fn(day, data)) {
      return ok;
    }
    s = e;
  }
  return ok;
}

typedef struct {
  long day;
  int year;
  bool found;
} probe;

static bool same_day(long day, void *data) {
  probe *p = data;
  if (day == p->day) p->found = true;
  return p->found;
}

static bool same_year(long day, void *data) {
  probe *p = data;
  if (year_of(day) == p->year) p->found = true;
  return p->found;
}

static bool listed(const char *list, long day) {
  probe p = {day, 0, false};
  each_date(list, same_day, &p);
  return p.found;
}

static bool year_listed(const char *list, int year) {
  probe p = {0, year, false};
  each_date(list, same_year, &p);
  return p.found;
}

bool cal_check_list(const char *list) { return each_date(list, NULL, NULL); }

/* ---- periods ---- */

static bool working(const cal_calendar *c, long day, const char *holidays, const char *workdays) {
  if (listed(workdays, day)) return true;
  if (listed(holidays, day)) return false;
  int o = cal_official(c, day, NULL);
  if (o) return o > 0;
  /* a year the notices do not list yet: its statutory days off are known all the same */
  if (c && !cal_covers(c, year_of(day)) && cal_statutory_name(c, day, NULL)) return false;
  return cal_weekday(day) < 5;
}

bool cal_is_workday(const cal_calendar *c, long day, const char *holidays, const char *workdays) {
  return working(c, day, holidays, workdays);
}

bool cal_workdays_after(const cal_calendar *c, long start, int days, const char *holidays,
                        const char *workdays, long *end, cal_report *rep) {
  if (rep) rep->uncovered_year = 0;
  if (days < 1 || days > 3660 || !cal_check_list(holidays) || !cal_check_list(workdays))
    return false;
  long day = start;
  int checked_year = 0;
  for (int counted = 0;; day++) {
    int y = year_of(day);
    if (c && rep && !rep->uncovered_year && y != checked_year) {
      checked_year = y;
      if (!cal_covers(c, y) && !year_listed(holidays, y) && !year_listed(workdays, y))
        rep->uncovered_year = y;
    }
    if (working(c, day, holidays, workdays) && ++counted == days) break;
  }
  *end = day;
  return true;
}

bool cal_days_after(long start, int days, long *end) {
  if (days < 1 || days > 36600) return false;
  *end = start + days - 1;
  return true;
}
