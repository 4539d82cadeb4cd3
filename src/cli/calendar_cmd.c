/* `yinfa calendar YEAR [CONFIG.ini]`: a year's days off and 调休 working days, each with where it
 * comes from — the State Council's notice (data/cn-holidays.tsv), the statutory days of
 * 《全国年节及纪念日放假办法》 in the version in force that year (data/cn-festivals.tsv), or the
 * job INI's holidays= / workdays= — so that an office sees what a period will be counted with. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/config.h"
#include "cli/pipeline.h"
#include "core/lang.h"

static const char *weekday_name(long day) {
  static const char *const en[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static const char *const zh[] = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};
  int w = cal_weekday(day);
  return L(en[w], zh[w]);
}

/* Is 'day' one of the ISO dates of 'list' (the INI's holidays= or workdays=)? */
static bool in_list(const char *list, long day) {
  if (!list) return false;
  char iso[11];
  cal_format_iso(day, iso);
  return strstr(list, iso) != NULL;
}

static void print_day(long day, bool off, const char *name, const char *source) {
  char iso[11];
  cal_format_iso(day, iso);
  printf("%s %s  %-4s %-8s %s\n", iso, weekday_name(day), off ? L("off", "放假") : L("work", "上班"),
         name ? name : "", source);
}

/* The year's lines, in date order: what the notice, the statute and the INI say of each day
 * that is not an ordinary weekday or weekend. */
static void list_year(const cal_calendar *cal, int year, const char *holidays, const char *workdays,
                      const char *ini) {
  bool listed = cal_covers(cal, year);
  char src[512];
  for (long day = cal_day(year, 1, 1); day < cal_day(year + 1, 1, 1); day++) {
    const char *name = NULL, *stat = cal_statutory_name(cal, day, NULL);
    int official = cal_official(cal, day, &name);
    bool weekend = cal_weekday(day) >= 5;
    if (in_list(workdays, day) || in_list(holidays, day)) {
      snprintf(src, sizeof src, L("%s: %s", "%s：%s"), ini, in_list(workdays, day) ? "workdays" : "holidays");
      print_day(day, !in_list(workdays, day), stat ? stat : name, src);
    } else if (official) {
      snprintf(src, sizeof src, "%s%s",
               L("data/cn-holidays.tsv (the State Council's notice)", "data/cn-holidays.tsv（国务院办公厅放假通知）"),
               stat && official < 0 ? L(", a statutory day", "，法定节假日") : "");
      print_day(day, official < 0, name, src);
    } else if (stat) {
      snprintf(src, sizeof src, "%s%s%s", L("statutory: 全国年节及纪念日放假办法 ", "法定：《全国年节及纪念日放假办法》"),
               cal_statutory_version(year),
               weekend && !listed ? L("; on a weekend: the notice names a day off in lieu (Article 6)",
                                      "；逢周末：由放假通知另定补休日（第六条）")
                                  : "");
      print_day(day, true, stat, src);
    }
  }
}

int cli_calendar(int argc, char **argv) {
  const char *year_arg = NULL, *config = NULL, *programs = NULL;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--programs") == 0 && i + 1 < argc) programs = argv[++i];
    else if (!year_arg) year_arg = argv[i];
    else if (!config) config = argv[i];
    else {
      fprintf(stderr, L("yinfa: calendar takes YEAR [CONFIG.ini], not also '%s'\n",
                        "yinfa：calendar 只接受 年份 [配置.ini]，多余的参数“%s”\n"),
              argv[i]);
      return 2;
    }
  }
  char *end = NULL;
  long year = year_arg ? strtol(year_arg, &end, 10) : 0;
  if (!year_arg || *end || year < 2008 || year > 2099) {
    fprintf(stderr, L("yinfa: calendar needs a YEAR from 2008 to 2099, e.g. yinfa calendar 2027\n",
                      "yinfa：calendar 需要 2008 至 2099 之间的年份，如 yinfa calendar 2027\n"));
    return 2;
  }
  diag_sink *diag = diag_new(stderr, 0);
  cli_config *cfg = config ? cli_config_load(config, diag) : NULL;
  tpl_program *program = NULL;
  char *search[3] = {NULL, NULL, NULL};
  int rc = 1;
  if (config && (!cfg || !cfg->program)) goto done;
  if (cfg) {
    cli_program_search(programs, cfg, search);
    if (!(program = cli_program_open(cfg->program, search, cli_config_loc(cfg, "round", "program"), cfg->wording, diag)) ||
        !cli_config_bind(cfg, program, diag))
      goto done;
  }
  cal_calendar *cal = cli_load_calendar(cfg && cfg->allow_unknown_calendar, diag);
  if (!cal) goto done;
  int first, last;
  cal_years(cal, &first, &last);
  const char *holidays = cfg ? cli_config_value(cfg, "holidays") : NULL;
  const char *workdays = cfg ? cli_config_value(cfg, "workdays") : NULL;
  if (cal_covers(cal, (int)year))
    printf(L("%ld: the State Council's notice is in data/cn-holidays.tsv\n",
             "%ld 年：国务院放假通知已收入 data/cn-holidays.tsv\n"), year);
  else
    printf(L("%ld: data/cn-holidays.tsv (%d-%d) does not list this year yet: its statutory days off are "
             "known, its worked weekends and days off in lieu only from the notice; a period of working days "
             "that runs through %ld is an error until the notice is added, the INI lists the year's days, or "
             "allow_unknown_calendar = yes (docs/cli.md)%s\n",
             "%ld 年：data/cn-holidays.tsv（%d—%d 年）尚未收入该年：法定节假日已知，调休上班日和补休日须待放假通知；"
             "跨入 %ld 年的工作日期间会报错，直到加入该年通知、在 INI 中写明该年日期，或设置 "
             "allow_unknown_calendar = yes（见 docs/cli.md）%s\n"),
           year, first, last, year,
           cfg && cfg->allow_unknown_calendar ? L("; this INI accepts the statutory days alone", "；此 INI 已确认只按法定节假日计算") : "");
  list_year(cal, (int)year, holidays, workdays, config);
  cal_free(cal);
  rc = 0;
done:
  for (int i = 0; i < 3; i++) free(search[i]);
  tpl_program_free(program);
  cli_config_free(cfg);
  diag_free(diag);
  return rc;
}
