/* Internals shared by the files of src/calendar/: the calendar's tables. */
#ifndef YINFA_CALENDAR_CALENDAR_PRIVATE_H
#define YINFA_CALENDAR_CALENDAR_PRIVATE_H

#include "calendar/calendar.h"

typedef struct {
  long day;
  bool work;  /* 'work' (调休上班) rather than 'off' */
  char *name; /* the festival, as the file names it (owned) */
} entry;

/* One year of data/cn-festivals.tsv: the days the statutory holidays follow. */
typedef struct {
  int year;
  long chunjie, duanwu, zhongqiu, qingming; /* 正月初一 (除夕 is the day before), 五月初五, 八月十五, 清明 */
} festivals;

struct cal_calendar {
  entry *days; /* sorted by day, each day once */
  size_t count;
  int *years; /* sorted, distinct: the years some line is dated in */
  size_t year_count;
  festivals *festivals;  /* by year, consecutive; NULL before cal_load_festivals() */
  size_t festival_count;
  bool accept_statutory; /* cal_accept_statutory() */
};

/* The next line of 'text' ('len' bytes) from *pos: its start in *line and its length without
 * "\n" or "\r\n" in *n; *pos moves past it. False at the end. Both data files are read this way. */
static inline bool cal_next_line(const char *text, size_t len, size_t *pos, const char **line, size_t *n) {
  if (*pos >= len) return false;
  *line = text + *pos;
  size_t k = 0;
  while (*pos + k < len && text[*pos + k] != '\n') k++;
  *pos += k + 1;
  if (k && (*line)[k - 1] == '\r') k--;
  *n = k;
  return true;
}

#endif
