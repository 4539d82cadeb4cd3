/* calendar: the official calendar of public holidays and 调休 working days of the People's
 * Republic of China (data/cn-holidays.tsv, from the State Council's yearly notices) and the day
 * arithmetic of 公示 periods: working-day and calendar-day end dates (docs/templates.md). */
#ifndef YINFA_CALENDAR_CALENDAR_H
#define YINFA_CALENDAR_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"

typedef struct cal_calendar cal_calendar; /* opaque, immutable after load: share across threads */

/* Reads the calendar file at 'path': lines "YYYY-MM-DD<TAB>off|work<TAB>name", '#' comments and
 * blank lines ignored ('off': a day off on any day; 'work': a working day, in practice a
 * Saturday or Sunday worked for 调休 — the file also marks 2020-02-03, the Monday work resumed
 * after the extended 2020 春节, which changes nothing). Every bad line (malformed or impossible
 * date, unknown kind, missing name, a date listed twice) is reported with path:line; then NULL
 * is returned. Free with cal_free(). */
cal_calendar *cal_load(const char *path, diag_sink *diag);
/* The same from 'len' bytes at 'text' ('path' labels the messages). */
cal_calendar *cal_parse(const char *text, size_t len, const char *path, diag_sink *diag);
void cal_free(cal_calendar *c);

/* Does the calendar list the holidays of 'year' (any line dated in that year)? */
bool cal_covers(const cal_calendar *c, int year);
/* The first and last year the calendar lists (0 and 0 when empty), for messages. */
void cal_years(const cal_calendar *c, int *first, int *last);

/* ---- dates as day numbers (days since 1970-01-01, proleptic Gregorian) ---- */

/* Parses "YYYY-MM-DD" (surrounding white space allowed) into *day; false when malformed or
 * not a real date (2022-02-30). */
bool cal_parse_iso(const char *s, long *day);
long cal_day(int year, int month, int mday);
void cal_civil(long day, int *year, int *month, int *mday);
/* Writes "YYYY-MM-DD" into out[11]. */
void cal_format_iso(long day, char out[11]);
/* 0 = Monday ... 6 = Sunday. */
int cal_weekday(long day);

/* ---- periods ---- */

/* What a working-day count went through: the first year (0 when none) that neither the
 * calendar nor the extra lists know, so the caller can warn that its holidays are unknown. */
typedef struct {
  int uncovered_year;
} cal_report;

/* The 'days'-th working day counting from 'start' itself (the day of publication is day 1 when
 * it is a working day). A day is a working day when 'workdays' lists it; otherwise not when
 * 'holidays' lists it; otherwise as the calendar says ('c' may be NULL: none); otherwise, in a
 * year the calendar does not list, not when it is a statutory day off (cal_statutory_days);
 * otherwise Monday-Friday. 'holidays' and 'workdays' are ISO dates separated by spaces, commas, semicolons
 * or '、' (NULL: none). A year is uncovered when 'c' is given, does not cover it, and neither
 * list names a date in it. Returns false when a list holds a malformed date or 'days' is not
 * within 1..3660; 'rep' may be NULL. */
bool cal_workdays_after(const cal_calendar *c, long start, int days, const char *holidays,
                        const char *workdays, long *end, cal_report *rep);

/* Whether 'day' is a working day, by the same rule as cal_workdays_after() (the lists first,
 * then the calendar, then Monday-Friday): what a rule's workday() asks (docs/programs.md).
 * A malformed entry in a list is skipped here; cal_check_list() reports it. */
bool cal_is_workday(const cal_calendar *c, long day, const char *holidays, const char *workdays);

/* The 'days'-th calendar day counting from 'start' itself (day 1 = the start day), for periods
 * published in calendar days (7 days: 2024-02-08 → 2024-02-14). False when 'days' is not
 * within 1..36600. */
bool cal_days_after(long start, int days, long *end);

/* Checks an ISO date list as accepted above; false when an entry is not a date. */
bool cal_check_list(const char *list);

/* ---- statutory holidays (《全国年节及纪念日放假办法》) and years the notices do not list ---- */

/* Reads data/cn-festivals.tsv into 'c': lines year<TAB>春节<TAB>端午<TAB>中秋<TAB>清明 (the Gregorian
 * dates of 正月初一, 五月初五, 八月十五 and of the solar term 清明, one year after the other;
 * tools/gen_cn_festivals.py writes it from a table-based lunar calendar). Every bad line is
 * reported with path:line; false then. */
bool cal_load_festivals(cal_calendar *c, const char *path, diag_sink *diag);
bool cal_parse_festivals(cal_calendar *c, const char *text, size_t len, const char *path, diag_sink *diag);
/* Does the festival table hold 'year'? */
bool cal_knows_festivals(const cal_calendar *c, int year);

#define CAL_MAX_STATUTORY 16
typedef struct {
  long day;
  const char *name_zh, *name_en;
} cal_statutory_day;

/* The statutory days off of 'year' by the version of the 办法 in force that year (2008-2013: 11
 * days with 除夕; 2014-2024: 11 days, 春节 初一-初三; from 2025: 13 days, 除夕 and 5月2日 added), in
 * the order of the year; 0 when the festival table does not hold the year or it is before 2008.
 * A statutory day on a weekend is made up on a working day the yearly notice names (Article 6):
 * that, and the 调休 working weekends, only the notice (data/cn-holidays.tsv) or the INI says. */
size_t cal_statutory_days(const cal_calendar *c, int year, cal_statutory_day out[CAL_MAX_STATUTORY]);
/* The festival whose statutory day off 'day' is (its Chinese name; the English one in *name_en
 * when not NULL), or NULL. */
const char *cal_statutory_name(const cal_calendar *c, long day, const char **name_en);
/* Which version of the 办法 applies in 'year', for messages; NULL before 2008. */
const char *cal_statutory_version(int year);

/* The official list's entry for 'day': 1 a working day, -1 a day off, 0 not listed; *name (when
 * not NULL) is then the festival it names. */
int cal_official(const cal_calendar *c, long day, const char **name);

/* A period that runs through a year the notices do not list (cal_report.uncovered_year) is an
 * error for the caller unless the office said to count that year by its statutory days alone
 * ([round] allow_unknown_calendar = yes, or --allow-unknown-calendar): set here, once, before
 * the calendar is shared. */
void cal_accept_statutory(cal_calendar *c, bool yes);
bool cal_accepts_statutory(const cal_calendar *c);

#endif
