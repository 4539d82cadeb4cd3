/* Tests of the official holiday calendar (data/cn-holidays.tsv, read from the repository root
 * where tests/run.sh runs) and of working-day and calendar-day periods. Every expected date was
 * counted by hand from the State Council notices quoted in the comments. */
#include "calendar/calendar.h"

#include <stdlib.h>
#include <string.h>

#include "../../tests/check.h"
#include "core/diag.h"

static cal_calendar *official;

static long day(const char *iso) {
  long d = 0;
  if (!cal_parse_iso(iso, &d)) CHECK_FAIL_("bad date in the test: %s", iso);
  return d;
}

/* The end of a 'days' working-day period from 'start' as ISO, "" when refused. */
static const char *work_end(const cal_calendar *c, const char *start, int days,
                            const char *holidays, const char *workdays, int *uncovered) {
  static char out[11];
  long end;
  cal_report rep;
  if (!cal_workdays_after(c, day(start), days, holidays, workdays, &end, &rep)) return "";
  if (uncovered) *uncovered = rep.uncovered_year;
  cal_format_iso(end, out);
  return out;
}

TEST(shipped_calendar_loads) {
  CHECK(official != NULL);
  int first, last;
  cal_years(official, &first, &last);
  CHECK_INT(first, 2018);
  CHECK_INT(last, 2026);
  for (int y = 2018; y <= 2026; y++) CHECK(cal_covers(official, y));
  CHECK(!cal_covers(official, 2017));
  CHECK(!cal_covers(official, 2027));
}

TEST(dates) {
  CHECK_INT(cal_weekday(day("2022-05-07")), 5); /* a Saturday */
  CHECK_INT(cal_weekday(day("2024-02-18")), 6); /* a Sunday */
  long d;
  CHECK(!cal_parse_iso("2022-02-29", &d));
  CHECK(cal_parse_iso("2024-02-29", &d));
  CHECK(!cal_parse_iso("2022-5-7", &d));
  CHECK(cal_parse_iso(" 2022-05-07\n", &d));
  char iso[11];
  cal_format_iso(day("2023-12-31") + 1, iso);
  CHECK_STR(iso, "2024-01-01");
}

/* 2022 劳动节 (国办发明电〔2021〕11号): 4月30日至5月4日放假调休，共5天；4月24日（星期日）、
 * 5月7日（星期六）上班. */
TEST(workdays_around_the_worked_saturday_2022_05_07) {
  /* Thu 5-5 (1), Fri 5-6 (2), Sat 5-7 worked (3) */
  CHECK_STR(work_end(official, "2022-05-05", 3, NULL, NULL, NULL), "2022-05-07");
  /* weekends only would give Mon 5-9: the calendar is what makes the difference */
  CHECK_STR(work_end(NULL, "2022-05-05", 3, NULL, NULL, NULL), "2022-05-09");
  /* Fri 4-29 (1), 4-30..5-4 off, 5-5 (2), 5-6 (3), 5-7 (4), Mon 5-9 (5) */
  CHECK_STR(work_end(official, "2022-04-29", 5, NULL, NULL, NULL), "2022-05-09");
  /* published on the holiday 5-1: counting starts on Thu 5-5; 5-7 is day 3 */
  CHECK_STR(work_end(official, "2022-05-01", 3, NULL, NULL, NULL), "2022-05-07");
  /* Sun 4-24 is worked: published that day, it is day 1 */
  CHECK_STR(work_end(official, "2022-04-24", 1, NULL, NULL, NULL), "2022-04-24");
}

/* 2023 中秋节、国庆节 (国办发明电〔2022〕16号): 9月29日至10月6日放假调休，共8天；10月7日
 * （星期六）、10月8日（星期日）上班. */
TEST(workdays_across_the_2023_national_day_week) {
  /* Mon 9-25 .. Thu 9-28 (4), 9-29..10-6 off, Sat 10-7 worked (5) */
  CHECK_STR(work_end(official, "2023-09-25", 5, NULL, NULL, NULL), "2023-10-07");
  /* Thu 9-28 (1), Sat 10-7 (2), Sun 10-8 (3), Mon 10-9 (4), Tue 10-10 (5) */
  CHECK_STR(work_end(official, "2023-09-28", 5, NULL, NULL, NULL), "2023-10-10");
  /* published on 10-1 (a holiday): day 1 is Sat 10-7 */
  CHECK_STR(work_end(official, "2023-10-01", 1, NULL, NULL, NULL), "2023-10-07");
}

/* 2024 春节 (国办发明电〔2023〕7号): 2月10日至17日放假调休，共8天；2月4日（星期日）、2月18日
 * （星期日）上班. 2月9日 (除夕, a Friday) is an ordinary working day. */
TEST(workdays_across_the_2024_spring_festival) {
  /* Sat 2-3 off, Sun 2-4 worked (1) */
  CHECK_STR(work_end(official, "2024-02-03", 1, NULL, NULL, NULL), "2024-02-04");
  /* Thu 2-8 (1), Fri 2-9 (2), 2-10..2-17 off, Sun 2-18 worked (3), Mon 2-19 (4), Tue 2-20 (5) */
  CHECK_STR(work_end(official, "2024-02-08", 5, NULL, NULL, NULL), "2024-02-20");
  /* Mon 2-5 .. Fri 2-9 (5) */
  CHECK_STR(work_end(official, "2024-02-05", 5, NULL, NULL, NULL), "2024-02-09");
  /* Sun 2-4 (1), Mon 2-5 .. Fri 2-9 (6), Sun 2-18 (7) */
  CHECK_STR(work_end(official, "2024-02-04", 7, NULL, NULL, NULL), "2024-02-18");
}

TEST(ini_lists_add_to_the_calendar) {
  /* a local day off on Fri 2022-05-06: Thu 5-5 (1), Sat 5-7 (2), Mon 5-9 (3) */
  CHECK_STR(work_end(official, "2022-05-05", 3, "2022-05-06", NULL, NULL), "2022-05-09");
  /* a local make-up Sunday 2022-05-08: 5-5, 5-6, 5-7, 5-8 */
  CHECK_STR(work_end(official, "2022-05-05", 4, NULL, "2022-05-08", NULL), "2022-05-08");
  /* separators as offices type them */
  CHECK_STR(work_end(official, "2022-05-05", 3, "2022-05-06、2022-05-09，2022-05-10", NULL, NULL),
            "2022-05-11");
  /* a malformed entry refuses the computation */
  CHECK_STR(work_end(official, "2022-05-05", 3, "2022-5-6", NULL, NULL), "");
  CHECK_STR(work_end(official, "2022-05-05", 0, NULL, NULL, NULL), "");
  CHECK(cal_check_list("2022-05-06, 2022-05-07"));
  CHECK(!cal_check_list("2022-05-06, 5月7日"));
}

TEST(calendar_day_periods) {
  char iso[11];
  long end;
  /* Hunan: 公示 for 7 calendar days from Thu 2024-02-08, holidays or not: 2-8 .. 2-14 */
  CHECK(cal_days_after(day("2024-02-08"), 7, &end));
  cal_format_iso(end, iso);
  CHECK_STR(iso, "2024-02-14");
  CHECK(cal_days_after(day("2023-12-28"), 7, &end));
  cal_format_iso(end, iso);
  CHECK_STR(iso, "2024-01-03");
  CHECK(cal_days_after(day("2024-02-28"), 2, &end));
  cal_format_iso(end, iso);
  CHECK_STR(iso, "2024-02-29");
  CHECK(cal_days_after(day("2022-05-07"), 1, &end));
  CHECK_INT(end, day("2022-05-07"));
  CHECK(!cal_days_after(day("2022-05-07"), 0, &end));
}

TEST(uncovered_year_is_reported) {
  int year = -1;
  /* inside 2026: known */
  CHECK_STR(work_end(official, "2026-12-01", 5, NULL, NULL, &year), "2026-12-07");
  CHECK_INT(year, 0);
  /* Mon 2026-12-28 .. Thu 12-31 (4), Fri 2027-01-01 is 元旦 (statutory), Mon 01-04 (5); 2027's
   * 调休 is not known yet */
  CHECK_STR(work_end(official, "2026-12-28", 5, NULL, NULL, &year), "2027-01-04");
  CHECK_INT(year, 2027);
  /* once the INI names a day of 2027 the office has taken care of that year */
  CHECK_STR(work_end(official, "2026-12-28", 5, "2027-01-01", NULL, &year), "2027-01-04");
  CHECK_INT(year, 0);
  /* before the calendar starts */
  work_end(official, "2017-12-29", 2, NULL, NULL, &year);
  CHECK_INT(year, 2017);
  /* no calendar at all: nothing to report */
  work_end(NULL, "2030-01-02", 2, NULL, NULL, &year);
  CHECK_INT(year, 0);
}

/* 《全国年节及纪念日放假办法》 against the notices: in every year 2018-2026 each statutory day is
 * a day off in data/cn-holidays.tsv under its festival's name (a notice may add days, never drop
 * one), in the version in force that year: 除夕 and 5月2日 only from 2025. */
TEST(statutory_days_agree_with_every_notice_2018_2026) {
  size_t checked = 0;
  for (int y = 2018; y <= 2026; y++) {
    cal_statutory_day list[CAL_MAX_STATUTORY];
    size_t n = cal_statutory_days(official, y, list);
    CHECK_INT((int)n, y >= 2025 ? 13 : 11);
    for (size_t i = 0; i < n; i++, checked++) {
      const char *name = NULL;
      char iso[11];
      cal_format_iso(list[i].day, iso);
      if (cal_official(official, list[i].day, &name) != -1 || !name || !strstr(name, list[i].name_zh))
        CHECK_FAIL_("%s (%s) is not a day off named so in data/cn-holidays.tsv (%s)", iso, list[i].name_zh,
                    name ? name : "not listed");
    }
  }
  CHECK_INT((int)checked, 7 * 11 + 2 * 13);
}

/* The lunar dates are the published calendar's (table-based), not ICU's astronomical ones,
 * which are a day off in 2027 and 2030; 清明 from its solar term. */
TEST(festival_dates_beyond_the_notices) {
  cal_statutory_day list[CAL_MAX_STATUTORY];
  CHECK_INT((int)cal_statutory_days(official, 2027, list), 13);
  CHECK_STR(cal_statutory_name(official, day("2027-02-06"), NULL), "春节"); /* 正月初一 (ICU: 02-07) */
  CHECK_STR(cal_statutory_name(official, day("2027-02-05"), NULL), "春节"); /* 除夕, from 2025 */
  CHECK(cal_statutory_name(official, day("2027-02-09"), NULL) == NULL);     /* 初四: not statutory */
  CHECK_STR(cal_statutory_name(official, day("2030-02-03"), NULL), "春节"); /* 正月初一 (ICU: 02-02) */
  CHECK_STR(cal_statutory_name(official, day("2030-02-02"), NULL), "春节"); /* 除夕 */
  CHECK_STR(cal_statutory_name(official, day("2027-04-05"), NULL), "清明节");
  CHECK_STR(cal_statutory_name(official, day("2028-04-04"), NULL), "清明节");
  CHECK_STR(cal_statutory_name(official, day("2027-06-09"), NULL), "端午节");
  CHECK_STR(cal_statutory_name(official, day("2027-09-15"), NULL), "中秋节");
  CHECK_STR(cal_statutory_name(official, day("2027-05-02"), NULL), "劳动节");
  /* the version in force: 2013 had 除夕 and 初一-初二, 2014-2024 初一-初三, one day of 劳动节 */
  CHECK_STR(cal_statutory_name(official, day("2013-02-09"), NULL), "春节"); /* 除夕 2013 */
  CHECK(cal_statutory_name(official, day("2013-02-12"), NULL) == NULL);     /* 初三 2013 */
  CHECK(cal_statutory_name(official, day("2024-02-09"), NULL) == NULL);     /* 除夕 2024 */
  CHECK(cal_statutory_name(official, day("2024-05-02"), NULL) == NULL);
  CHECK_INT((int)cal_statutory_days(official, 2007, list), 0); /* before the 2007 version */
}

/* A 公示 from Monday 2026-12-28 (case fails-publicity-ends-on-new-year-2027): 元旦 2027 is a
 * statutory day whatever the notice will say, so 5 working days end on Monday 2027-01-04; the
 * year is still reported, its 调休 being unknown. */
TEST(statutory_days_count_in_an_unlisted_year) {
  int year = -1;
  CHECK_STR(work_end(official, "2026-12-28", 5, NULL, NULL, &year), "2027-01-04");
  CHECK_INT(year, 2027);
  /* 2027-02-05 (除夕, Fri) .. 02-08 (初三, Mon) statutory: Tue 02-09 is the first working day */
  CHECK_STR(work_end(official, "2027-02-05", 5, NULL, NULL, &year), "2027-02-15");
  CHECK(!cal_is_workday(official, day("2027-10-01"), NULL, NULL));
  CHECK(cal_is_workday(official, day("2027-10-04"), NULL, NULL)); /* Monday: the notice may say otherwise */
  CHECK(!cal_accepts_statutory(official));
}

TEST(festival_table_errors_are_located) {
  diag_sink *d = diag_new(NULL, 0);
  cal_calendar *c = cal_parse("", 0, "x.tsv", d);
  const char *bad = "# c\n2027\t2027-02-06\t2027-06-09\t2027-09-15\t2027-04-05\n"
                    "2029\t2029-02-13\t2029-06-16\t2029-09-22\t2029-04-04\n"
                    "2030\t2030-02-03\t2030-06-05\t2030-09-12\n";
  CHECK(!cal_parse_festivals(c, bad, strlen(bad), "f.tsv", d));
  CHECK_CONTAINS(diag_text(d), "f.tsv:3: error: ");
  CHECK_CONTAINS(diag_text(d), "f.tsv:4: error: ");
  CHECK_INT(diag_error_count(d), 2);
  cal_free(c);
  diag_free(d);
}

TEST(malformed_lines_are_located) {
  static const char text[] =
      "# comment\n"                /* 1 */
      "2024-01-01\toff\t元旦\n"    /* 2 */
      "2024-02-30\toff\t春节\n"    /* 3: no such date */
      "2024-02-10\tholiday\t春节\n" /* 4: unknown kind */
      "2024-02-05\twork\t春节\n"   /* 5: a Monday marked 'work' changes nothing: fine */
      "\n"                         /* 6 */
      "2024-02-04\twork\n"         /* 7: no name */
      "2024-01-01\toff\t元旦\n"    /* 8: twice */
      "2024/02/18 work 春节\n";    /* 9: not tab-separated */
  diag_sink *d = diag_new(NULL, 0);
  cal_calendar *c = cal_parse(text, sizeof text - 1, "cal.tsv", d);
  CHECK(c == NULL);
  CHECK_INT(diag_error_count(d), 5);
  const char *m = diag_text(d);
  CHECK_CONTAINS(m, "cal.tsv:3: error: \"2024-02-30\" is not a date YYYY-MM-DD");
  CHECK_CONTAINS(m, "cal.tsv:4: error: 2024-02-10: the second column must be 'off' or 'work', not \"holiday\"");
  CHECK(strstr(m, "cal.tsv:5:") == NULL);
  CHECK_CONTAINS(m, "cal.tsv:7: error: 2024-02-04: the third column");
  CHECK_CONTAINS(m, "cal.tsv:8: error: 2024-01-01 is listed twice (also on line 2)");
  CHECK_CONTAINS(m, "cal.tsv:9: error: \"2024/02/18 work 春节\" is not a date");
  cal_free(c);
  diag_free(d);

  d = diag_new(NULL, 0);
  c = cal_load("no/such/cn-holidays.tsv", d);
  CHECK(c == NULL);
  CHECK_CONTAINS(diag_text(d), "no/such/cn-holidays.tsv: error: cannot read the holiday calendar");
  diag_free(d);

  /* CRLF line ends and an empty file are fine */
  d = diag_new(NULL, 0);
  c = cal_parse("2024-01-01\toff\t元旦\r\n", 18, "crlf.tsv", d);
  CHECK(c != NULL && cal_covers(c, 2024));
  CHECK_INT(diag_error_count(d), 0);
  cal_free(c);
  c = cal_parse("", 0, "empty.tsv", d);
  CHECK(c != NULL && !cal_covers(c, 2024));
  cal_free(c);
  diag_free(d);
}

int main(void) {
  diag_sink *d = diag_new(stdout, 0);
  official = cal_load("data/cn-holidays.tsv", d); /* missing: shipped_calendar_loads fails */
  if (official && !cal_load_festivals(official, "data/cn-festivals.tsv", d)) CHECK_FAIL_("%s", "data/cn-festivals.tsv");
  diag_free(d);
  RUN(shipped_calendar_loads);
  RUN(dates);
  RUN(workdays_around_the_worked_saturday_2022_05_07);
  RUN(workdays_across_the_2023_national_day_week);
  RUN(workdays_across_the_2024_spring_festival);
  RUN(ini_lists_add_to_the_calendar);
  RUN(calendar_day_periods);
  RUN(uncovered_year_is_reported);
  RUN(malformed_lines_are_located);
  RUN(statutory_days_agree_with_every_notice_2018_2026);
  RUN(festival_dates_beyond_the_notices);
  RUN(statutory_days_count_in_an_unlisted_year);
  RUN(festival_table_errors_are_located);
  cal_free(official);
  return CHECK_DONE();
}
