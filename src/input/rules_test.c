/* Unit tests for the rules' working-day functions (workday, workdays-after, days-after over
 * data/cn-holidays.tsv and $holidays/$workdays) and for where rule messages are located
 * (param= at the INI's line; round values at theirs; optional parameters left empty). */
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>

#include "../../tests/check.h"
#include "calendar/calendar.h"
#include "core/lang.h"
#include "core/xmalloc.h"
#include "input/input.h"

static cal_calendar *cal;

static void quiet(void *data, xmlErrorPtr e) { (void)data, (void)e; }

/* 'expr' evaluated on an empty document with the functions, the calendar (when 'with_cal')
 * and the variables $holidays / $workdays (when not NULL), as a string (malloc'd). */
static char *eval(const char *expr, bool with_cal, const char *holidays, const char *workdays) {
  xmlDocPtr doc = xmlReadMemory("<r/>", 4, "t.xml", NULL, XML_PARSE_NONET);
  xmlXPathContextPtr xp = xmlXPathNewContext(doc);
  xp->error = quiet; /* the arity test's error is expected */
  inp_xpath_register(xp);
  inp_xpath_env env = {cal, 0};
  if (with_cal) inp_xpath_use_env(xp, &env);
  if (holidays) xmlXPathRegisterVariable(xp, BAD_CAST "holidays", xmlXPathNewCString(holidays));
  if (workdays) xmlXPathRegisterVariable(xp, BAD_CAST "workdays", xmlXPathNewCString(workdays));
  xmlXPathObjectPtr v = xmlXPathEvalExpression(BAD_CAST expr, xp);
  xmlChar *s = v ? xmlXPathCastToString(v) : NULL;
  char *out = xstrdup(s ? (const char *)s : "(error)");
  xmlFree(s);
  xmlXPathFreeObject(v);
  xmlXPathFreeContext(xp);
  xmlFreeDoc(doc);
  return out;
}

#define CHECK_EVAL(expr, with_cal, hol, work, want) \
  do {                                              \
    char *v_ = eval((expr), (with_cal), (hol), (work)); \
    CHECK_STR(v_, (want));                          \
    free(v_);                                       \
  } while (0)

TEST(workday_follows_the_official_calendar) {
  CHECK_EVAL("workday('2022-05-07')", true, NULL, NULL, "true");  /* Saturday worked (劳动节 调休) */
  CHECK_EVAL("workday('2022-05-01')", true, NULL, NULL, "false"); /* 劳动节 */
  CHECK_EVAL("workday('2022-05-04')", true, NULL, NULL, "false"); /* a Wednesday off */
  CHECK_EVAL("workday('2022-05-05')", true, NULL, NULL, "true");
  CHECK_EVAL("workday('2022-05-08')", true, NULL, NULL, "false"); /* an ordinary Sunday */
  CHECK_EVAL("workday('2024-09-29')", true, NULL, NULL, "true");  /* Sunday worked (国庆 2024) */
  /* not a date: false, so an assert fails and shows the value */
  CHECK_EVAL("workday('2022-02-30')", true, NULL, NULL, "false");
  CHECK_EVAL("workday('')", true, NULL, NULL, "false");
}

/* days() counts, in the context's own environment, the values that are there but no date: how
 * a rule that failed on 2022-02-30 knows the envelope has said why (no global counter). */
TEST(days_counts_values_that_are_no_date_in_its_context) {
  xmlDocPtr doc = xmlReadMemory("<r/>", 4, "t.xml", NULL, XML_PARSE_NONET);
  xmlXPathContextPtr xp = xmlXPathNewContext(doc), other = xmlXPathNewContext(doc);
  inp_xpath_register(xp);
  inp_xpath_register(other);
  inp_xpath_env env = {NULL, 0}, env2 = {NULL, 0};
  inp_xpath_use_env(xp, &env);
  inp_xpath_use_env(other, &env2);
  const char *exprs[] = {"days('2022-02-28')", "days('')", "days('2022-02-30')", "days('x')"};
  for (size_t i = 0; i < 4; i++) xmlXPathFreeObject(xmlXPathEvalExpression(BAD_CAST exprs[i], xp));
  CHECK_INT((long long)env.bad_dates, 2); /* '' is no value at all: not counted */
  CHECK_INT((long long)env2.bad_dates, 0); /* another context counts its own */
  xmlXPathFreeContext(xp);
  xmlXPathFreeContext(other);
  xmlFreeDoc(doc);
}

TEST(workday_with_the_ini_lists) {
  CHECK_EVAL("workday('2022-06-06')", true, "2022-06-06", "", "false"); /* a local day off */
  CHECK_EVAL("workday('2022-05-08')", true, "", "2022-05-08", "true");  /* a local 调休 Sunday */
  CHECK_EVAL("workday('2022-05-09')", true, "2022-05-08，2022-05-10", "", "true");
}

TEST(without_a_calendar_weekdays_only) {
  CHECK_EVAL("workday('2022-05-03')", false, NULL, NULL, "true"); /* a holiday the calendar knows */
  CHECK_EVAL("workday('2022-05-07')", false, NULL, NULL, "false");
}

TEST(workdays_after_counts_as_the_notice_does) {
  /* Thu 05-05, Fri 05-06, Sat 05-07 (worked): the third working day is the Saturday */
  CHECK_EVAL("workdays-after('2022-05-05', 3)", true, NULL, NULL, "2022-05-07");
  CHECK_EVAL("workdays-after('2022-05-05', 3)", true, "2022-05-06", NULL, "2022-05-09");
  /* the 福建 sample: 5 working days from 2024-09-27 end after 国庆 */
  CHECK_EVAL("workdays-after('2024-09-27', '5')", true, NULL, NULL, "2024-10-09");
  /* n = 1: the day itself when it is a working day, else the next one */
  CHECK_EVAL("workdays-after('2022-05-01', 1)", true, NULL, NULL, "2022-05-05");
  CHECK_EVAL("workdays-after('2022-05-06', 1)", true, NULL, NULL, "2022-05-06");
  CHECK_EVAL("days(workdays-after('2022-05-05', 3)) - days('2022-05-05')", true, NULL, NULL, "2");
  /* bad input: '' (days('') is NaN, so comparisons with it fail) */
  CHECK_EVAL("workdays-after('2022-05-32', 3)", true, NULL, NULL, "");
  CHECK_EVAL("workdays-after('2022-05-05', 0)", true, NULL, NULL, "");
  CHECK_EVAL("workdays-after('2022-05-05', 1.5)", true, NULL, NULL, "");
  CHECK_EVAL("workdays-after('2022-05-05', 3)", true, "2022-5-6", NULL, "");
  CHECK_EVAL("days(workdays-after('x', 3)) < 1 or days(workdays-after('x', 3)) >= 1", true, NULL, NULL,
             "false");
}

TEST(days_after_counts_calendar_days) {
  CHECK_EVAL("days-after('2024-02-08', 7)", true, NULL, NULL, "2024-02-14");
  CHECK_EVAL("days-after('2019-09-29', 7)", false, NULL, NULL, "2019-10-05");
  CHECK_EVAL("days-after('2019-09-29', 0)", true, NULL, NULL, "");
  /* a period past 9999-12-31 reaches no date yinfa writes: '' (it came out as year 0000) */
  CHECK_EVAL("days-after('9999-12-22', 10)", true, NULL, NULL, "9999-12-31");
  CHECK_EVAL("days-after('9999-12-25', 10)", true, NULL, NULL, "");
  CHECK_EVAL("days-after('2019-09-29')", true, NULL, NULL, "(error)"); /* arity */
}

/* ---- where rule messages go ---- */

static const char ROUND[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"        /* 1 */
    "<review-round program=\"p\" year=\"2021\">\n"        /* 2 */
    "  <applicant id=\"A-1\">\n"                          /* 3 */
    "    <review>\n"                                      /* 4 */
    "      <on-site date=\"2031-04-14\"/>\n"              /* 5 */
    "    </review>\n"                                     /* 6 */
    "  </applicant>\n"                                    /* 7 */
    "</review-round>\n";                                  /* 8 */

static const inp_rule RULES[] = {
    {.name = "start-workday", .param = "start", .context = "/", .assert = "workday($start)",
     .message_en = "{$start} is not a working day", .message_zh = "{$start} 不是工作日"},
    {.name = "review-before", .context = "applicant/review/*[@date]", .assert = "days(@date) <= days($date)",
     .message_en = "<{local-name()}> {@date} is after {$date}", .message_zh = "{@date} 晚于 {$date}"},
    {.name = "year", .param = "doc", .warning = true, .context = ".", .assert = "contains($doc, @year)",
     .message_en = "{$doc} is not of {@year}", .message_zh = "{$doc} 不是 {@year} 年"},
    {.name = "needs-optional", .context = ".", .assert = "$optional = 'x'", .message_en = "never", .message_zh = "never"},
};

static char *check_round(const inp_var *vars, size_t n) {
  inp_spec spec = {.program = "p", .rules = RULES, .rule_count = sizeof RULES / sizeof *RULES,
                   .vars = vars, .var_count = n, .calendar = cal};
  diag_sink *d = diag_new(NULL, 100);
  inp_round_free(inp_round_load_memory(ROUND, strlen(ROUND), "t.xml", &spec, d));
  char *out = xstrdup(diag_text(d));
  diag_free(d);
  return out;
}

TEST(param_rules_are_located_at_the_ini_line) {
  const inp_var vars[] = {{"start", "2022-05-01", {"job.ini", 7, 0, NULL}},
                          {"date", "2022-05-06", {"job.ini", 4, 0, NULL}},
                          {"doc", "许工信〔2022〕12号", {"job.ini", 3, 0, NULL}},
                          {"optional", "", {"job.ini", 0, 0, NULL}}};
  char *t = check_round(vars, 4);
  CHECK_CONTAINS(t, "job.ini:7: error: 2022-05-01 is not a working day [start-workday]");
  /* a round value keeps its own line and applicant */
  CHECK_CONTAINS(t, "t.xml:5: error: applicant A-1: <on-site> 2031-04-14 is after 2022-05-06 [review-before]");
  /* an INI value compared with the round: at the INI, naming the round's line */
  CHECK_CONTAINS(t, "job.ini:3: warning: 许工信〔2022〕12号 is not of 2021 (the round: t.xml:2) [year]");
  /* an optional parameter the INI leaves empty: the rule does not apply, no note */
  CHECK(strstr(t, "needs-optional") == NULL);
  free(t);
}

TEST(without_the_ini_the_rule_falls_back_or_is_noted) {
  /* no INI (validate without --config): defaults only, no lines */
  const inp_var vars[] = {{"start", "2022-05-01", SRC_LOC_NONE}, {"date", "", SRC_LOC_NONE},
                          {"doc", "x2021", SRC_LOC_NONE}, {"optional", "", SRC_LOC_NONE}};
  char *t = check_round(vars, 4);
  CHECK_CONTAINS(t, "t.xml:2: error: 2022-05-01 is not a working day [start-workday]"); /* the round's line */
  CHECK_CONTAINS(t, "note: rule \"review-before\" is not checked: it needs the parameter $date");
  CHECK_CONTAINS(t, "note: rule \"needs-optional\" is not checked");
  CHECK(strstr(t, "[year]") == NULL); /* x2021 contains 2021 */
  free(t);
}

/* division(): characters 3-8 of a valid GB 32100 code, '' otherwise; province(): its name. */
TEST(division_and_province_of_a_credit_code) {
  CHECK_EVAL("division('91411002MA9F4K2X12')", false, NULL, NULL, "411002");
  CHECK_EVAL("division(' 91411002MA9F4K2X12\n')", false, NULL, NULL, "411002");
  CHECK_EVAL("substring(division('91411002MA9F4K2X12'), 1, 4) = '4110'", false, NULL, NULL, "true");
  CHECK_EVAL("division('91411002MA9F4K2X13')", false, NULL, NULL, ""); /* wrong check character */
  CHECK_EVAL("division('91411002MA9F4K2X1')", false, NULL, NULL, "");
  CHECK_EVAL("division('')", false, NULL, NULL, "");
  CHECK_EVAL("province('91411002MA9F4K2X12')", false, NULL, NULL, "河南省");
  CHECK_EVAL("province('43')", false, NULL, NULL, "湖南省");
  CHECK_EVAL("province('350100')", false, NULL, NULL, "福建省");
  CHECK_EVAL("province('99')", false, NULL, NULL, "");
  CHECK_EVAL("province('')", false, NULL, NULL, "");
}

/* org-code-check(): GB 11714-1997's check character of a 组织机构代码's first 8 characters. */
TEST(org_code_check_character) {
  CHECK_EVAL("org-code-check('D2143569')", false, NULL, NULL, "X"); /* 10 is written X */
  CHECK_EVAL("org-code-check('D2143569X')", false, NULL, NULL, "X");
  CHECK_EVAL("org-code-check('00000000')", false, NULL, NULL, "0"); /* 11 is written 0 */
  CHECK_EVAL("org-code-check('12345678')", false, NULL, NULL, "8");
  CHECK_EVAL("org-code-check('181949505')", false, NULL, NULL, "5"); /* hunan-2019.xml's */
  CHECK_EVAL("org-code-check('MALMMFLL1')", false, NULL, NULL, "1");
  CHECK_EVAL("org-code-check('1234567')", false, NULL, NULL, "");
  CHECK_EVAL("org-code-check('d2143569')", false, NULL, NULL, "");
  CHECK_EVAL("org-code-check('')", false, NULL, NULL, "");
}

int main(void) {
  lang_force(false);
  diag_sink *d = diag_new(stderr, 0);
  cal = cal_load("data/cn-holidays.tsv", d);
  diag_free(d);
  if (!cal) {
    printf("FAIL cannot read data/cn-holidays.tsv (run from the source tree)\n");
    return 1;
  }
  RUN(workday_follows_the_official_calendar);
  RUN(org_code_check_character);
  RUN(days_counts_values_that_are_no_date_in_its_context);
  RUN(workday_with_the_ini_lists);
  RUN(without_a_calendar_weekdays_only);
  RUN(workdays_after_counts_as_the_notice_does);
  RUN(days_after_counts_calendar_days);
  RUN(param_rules_are_located_at_the_ini_line);
  RUN(without_the_ini_the_rule_falls_back_or_is_noted);
  RUN(division_and_province_of_a_credit_code);
  cal_free(cal);
  xmlCleanupParser();
  return CHECK_DONE();
}
