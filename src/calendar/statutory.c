/* The statutory holidays of 《全国年节及纪念日放假办法》, in the version in force each year, from
 * the festival dates of data/cn-festivals.tsv: what is known of a year before the State
 * Council's notice gives its 调休 arrangement (docs/cli.md, yinfa calendar). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar_private.h"
#include "core/lang.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"

/* "YYYY-MM-DD" as the 'n' bytes at 's'. */
static bool iso_field(const char *s, size_t n, long *day) {
  char buf[16];
  if (n >= sizeof buf) return false;
  memcpy(buf, s, n);
  buf[n] = 0;
  return cal_parse_iso(buf, day);
}

/* One line "year<TAB>春节<TAB>端午<TAB>中秋<TAB>清明"; false when malformed. */
static bool parse_line(const char *s, size_t n, festivals *f) {
  long days[4];
  const char *end = s + n, *p = memchr(s, '\t', n);
  if (!p) return false;
  char *stop;
  long year = strtol(s, &stop, 10);
  if (stop != p || year < 1900 || year > 2199) return false;
  for (int i = 0; i < 4; i++) {
    const char *q = ++p;
    while (p < end && *p != '\t') p++;
    if (!iso_field(q, (size_t)(p - q), &days[i])) return false;
    int y, m, d;
    cal_civil(days[i], &y, &m, &d);
    if (y != year) return false;
  }
  if (p != end) return false;
  *f = (festivals){(int)year, days[0], days[1], days[2], days[3]};
  return true;
}

bool cal_parse_festivals(cal_calendar *c, const char *text, size_t len, const char *path, diag_sink *diag) {
  size_t cap = 0;
  bool ok = true;
  int line = 0;
  const char *s;
  size_t n;
  for (size_t pos = 0; cal_next_line(text, len, &pos, &s, &n);) {
    line++;
    if (!n || s[0] == '#') continue;
    festivals f;
    bool parsed = parse_line(s, n, &f);
    if (!parsed || (c->festival_count && f.year != c->festivals[c->festival_count - 1].year + 1)) {
      diag_error(diag, ((src_loc){path, line, 0, NULL}),
                 L("not a line year<TAB>春节<TAB>端午<TAB>中秋<TAB>清明 (dates YYYY-MM-DD in that year, one year "
                   "after the other): regenerate the file with tools/gen_cn_festivals.py",
                   "不是“年份<TAB>春节<TAB>端午<TAB>中秋<TAB>清明”格式的行（日期为该年的 YYYY-MM-DD，逐年连续）："
                   "请用 tools/gen_cn_festivals.py 重新生成"));
      ok = false;
      continue;
    }
    c->festivals = xgrow(c->festivals, &cap, c->festival_count + 1, sizeof *c->festivals);
    c->festivals[c->festival_count++] = f;
  }
  return ok;
}

bool cal_load_festivals(cal_calendar *c, const char *path, diag_sink *diag) {
  strbuf b;
  strbuf_init(&b);
  if (!strbuf_append_file(&b, path)) {
    diag_error(diag, ((src_loc){path, 0, 0, NULL}),
               L("cannot read the festival dates: %s (it ships as data/cn-festivals.tsv)",
                 "无法读取节日日期表：%s（随程序提供的 data/cn-festivals.tsv）"),
               lang_strerror(errno));
    strbuf_release(&b);
    return false;
  }
  bool ok = cal_parse_festivals(c, b.data ? b.data : "", b.len, path, diag);
  strbuf_release(&b);
  return ok;
}

static const festivals *festivals_of(const cal_calendar *c, int year) {
  if (!c || !c->festival_count) return NULL;
  long i = (long)year - c->festivals[0].year;
  return i >= 0 && (size_t)i < c->festival_count ? &c->festivals[i] : NULL;
}

const char *cal_statutory_version(int year) {
  /* 国务院令第513号 (2007, in force 2008-01-01), 第644号 (2013, in force 2014-01-01), 第795号
   * (2024, in force 2025-01-01) */
  return year >= 2025   ? L("as amended in 2024 (in force from 2025)", "2024年修订（2025年起施行）")
         : year >= 2014 ? L("as amended in 2013 (in force 2014-2024)", "2013年修订（2014—2024年施行）")
         : year >= 2008 ? L("as amended in 2007 (in force 2008-2013)", "2007年修订（2008—2013年施行）")
                        : NULL;
}

size_t cal_statutory_days(const cal_calendar *c, int year, cal_statutory_day out[CAL_MAX_STATUTORY]) {
  const festivals *f = festivals_of(c, year);
  if (!f || year < 2008) return 0;
  size_t n = 0;
#define DAY(d, zh, en) (out[n++] = (cal_statutory_day){(d), (zh), (en)})
  DAY(cal_day(year, 1, 1), "元旦", "New Year's Day");
  /* 春节: 除夕 and 初一-初二 (2008-2013), 初一-初三 (2014-2024), 除夕 and 初一-初三 (from 2025) */
  if (year < 2014 || year >= 2025) DAY(f->chunjie - 1, "春节", "Spring Festival");
  for (int i = 0; i < (year < 2014 ? 2 : 3); i++) DAY(f->chunjie + i, "春节", "Spring Festival");
  DAY(f->qingming, "清明节", "Qingming");
  DAY(cal_day(year, 5, 1), "劳动节", "Labour Day");
  if (year >= 2025) DAY(cal_day(year, 5, 2), "劳动节", "Labour Day");
  DAY(f->duanwu, "端午节", "Dragon Boat Festival");
  DAY(f->zhongqiu, "中秋节", "Mid-Autumn Festival");
  for (int i = 1; i <= 3; i++) DAY(cal_day(year, 10, i), "国庆节", "National Day");
#undef DAY
  return n;
}

const char *cal_statutory_name(const cal_calendar *c, long day, const char **name_en) {
  int y, m, d;
  cal_civil(day, &y, &m, &d);
  cal_statutory_day list[CAL_MAX_STATUTORY];
  size_t n = cal_statutory_days(c, y, list);
  for (size_t i = 0; i < n; i++)
    if (list[i].day == day) {
      if (name_en) *name_en = list[i].name_en;
      return list[i].name_zh;
    }
  return NULL;
}

bool cal_knows_festivals(const cal_calendar *c, int year) { return festivals_of(c, year) != NULL; }

void cal_accept_statutory(cal_calendar *c, bool yes) {
  if (c) c->accept_statutory = yes;
}

bool cal_accepts_statutory(const cal_calendar *c) { return c && c->accept_statutory; }
