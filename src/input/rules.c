/* A program's rules (program.xml <rules>, docs/programs.md): eligibility and consistency checks
 * the schema cannot state, as XPath 1.0 over the round with located, bilingual messages and a
 * severity. Our own design rather than ISO Schematron: libxml2's Schematron reports node paths,
 * not lines, has no severity and no message language, and cannot name the other applicant of
 * a duplicate; these four are what an office needs from a message. */
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "core/lang.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "input/input_private.h"

/* The marker of inp_xpath_use_env(): libxml2 hands an XPath function only its context, and
 * the function-lookup hook's data is the one slot of it that nothing else here uses (the
 * templates keep their state in userData). Finds nothing, so every lookup falls through. */
static xmlXPathFunction no_function(void *data, const xmlChar *name, const xmlChar *ns) {
  (void)data, (void)name, (void)ns;
  return NULL;
}

static inp_xpath_env *env_of(xmlXPathContextPtr xp) {
  return xp->funcLookupFunc == no_function ? xp->funcLookupData : NULL;
}

/* days(date): days since 1970-01-01 of an ISO date, NaN when the value is not one. Lets a rule
 * compare dates and count the days between them ("registered a year before the deadline"). */
static void fn_days(xmlXPathParserContextPtr ctxt, int nargs) {
  if (nargs != 1) {
    xmlXPathSetArityError(ctxt);
    return;
  }
  xmlChar *s = xmlXPathPopString(ctxt);
  inp_date d;
  double v = NAN;
  inp_xpath_env *env = env_of(ctxt->context);
  if (env && s && *s && !inp_date_parse((const char *)s, &d)) env->bad_dates++;
  if (s && inp_date_parse((const char *)s, &d)) {
    /* days from civil (Howard Hinnant's algorithm) */
    int y = d.year - (d.month <= 2);
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    v = (double)era * 146097 + doe - 719468;
  }
  xmlFree(s);
  valuePush(ctxt, xmlXPathNewFloat(v));
}

/* abs(n): XPath 1.0 has none, and sums are compared within a tolerance. */
static void fn_abs(xmlXPathParserContextPtr ctxt, int nargs) {
  if (nargs != 1) {
    xmlXPathSetArityError(ctxt);
    return;
  }
  double v = xmlXPathPopNumber(ctxt);
  valuePush(ctxt, xmlXPathNewFloat(fabs(v)));
}

/* sum-max(nodes, 'key', 'value'): over the nodes, the largest value of each distinct key,
 * summed — "one project counted once, at its highest level" (seed 004's awards and titles).
 * 'key' and 'value' are XPath expressions evaluated at each node. */
static void fn_sum_max(xmlXPathParserContextPtr ctxt, int nargs) {
  if (nargs != 3) {
    xmlXPathSetArityError(ctxt);
    return;
  }
  xmlChar *value = xmlXPathPopString(ctxt), *key = xmlXPathPopString(ctxt);
  xmlNodeSetPtr set = xmlXPathPopNodeSet(ctxt);
  if (ctxt->error || !value || !key) {
    xmlFree(value), xmlFree(key), xmlXPathFreeNodeSet(set);
    if (!ctxt->error) xmlXPathSetTypeError(ctxt);
    return;
  }
  xmlXPathContextPtr xp = ctxt->context;
  xmlNodePtr saved = xp->node;
  size_t n = set ? (size_t)set->nodeNr : 0;
  char **keys = xcalloc(n + 1, sizeof *keys);
  double *best = xcalloc(n + 1, sizeof *best), sum = 0;
  size_t distinct = 0;
  bool bad = false;
  for (size_t i = 0; i < n && !bad; i++) {
    xp->node = set->nodeTab[i];
    xmlXPathObjectPtr k = xmlXPathEvalExpression(key, xp), v = xmlXPathEvalExpression(value, xp);
    xmlChar *ks = k ? xmlXPathCastToString(k) : NULL;
    double vd = v ? xmlXPathCastToNumber(v) : NAN;
    bad = !k || !v;
    if (!bad && !isnan(vd)) {
      size_t j = 0;
      while (j < distinct && strcmp(keys[j], (const char *)ks) != 0) j++;
      if (j == distinct) keys[distinct] = xstrdup((const char *)ks), best[distinct++] = vd;
      else if (vd > best[j]) best[j] = vd;
    }
    xmlFree(ks);
    xmlXPathFreeObject(k);
    xmlXPathFreeObject(v);
  }
  xp->node = saved;
  for (size_t j = 0; j < distinct; j++) sum += best[j], free(keys[j]);
  free(keys);
  free(best);
  xmlFree(value);
  xmlFree(key);
  xmlXPathFreeNodeSet(set);
  if (bad) {
    xmlXPathSetError(ctxt, XPATH_EXPR_ERROR);
    return;
  }
  valuePush(ctxt, xmlXPathNewFloat(sum));
}

/* ---- working days: the official calendar (src/calendar) with $holidays and $workdays ---- */

void inp_xpath_bound(struct _xmlXPathContext *xp) {
  xp->opLimit = INP_XPATH_MAX_STEPS;
  xp->opCount = 0;
}

bool inp_xpath_exceeded(const struct _xmlXPathContext *xp) {
  return xp->opLimit && xp->opCount >= xp->opLimit;
}

void inp_xpath_use_env(struct _xmlXPathContext *xp, inp_xpath_env *env) {
  xmlXPathRegisterFuncLookup(xp, no_function, env);
}

static const cal_calendar *calendar_of(xmlXPathContextPtr xp) {
  const inp_xpath_env *env = env_of(xp);
  return env ? env->calendar : NULL;
}

/* $name as a string (malloc'd, NULL when not defined): the INI's extra holidays and workdays,
 * read where the caller keeps its variables (a rule's registered ones, a template's lookup). */
static char *var_text(xmlXPathContextPtr xp, const char *name) {
  xmlXPathObjectPtr v = xmlXPathVariableLookup(xp, BAD_CAST name);
  xmlChar *s = v ? xmlXPathCastToString(v) : NULL;
  xmlXPathFreeObject(v);
  char *out = s ? xstrdup((const char *)s) : NULL;
  xmlFree(s);
  return out;
}

/* Pops the date argument; false (and *day untouched) when it is not YYYY-MM-DD. */
static bool pop_day(xmlXPathParserContextPtr ctxt, long *day) {
  xmlChar *s = xmlXPathPopString(ctxt);
  bool ok = s && cal_parse_iso((const char *)s, day);
  xmlFree(s);
  return ok;
}

/* workday(date): a working day, 调休 Saturdays included, holidays excluded. Not a date: false,
 * so a rule asserting it fails and its message shows the value. */
static void fn_workday(xmlXPathParserContextPtr ctxt, int nargs) {
  if (nargs != 1) {
    xmlXPathSetArityError(ctxt);
    return;
  }
  long day;
  bool yes = false;
  if (pop_day(ctxt, &day)) {
    char *holidays = var_text(ctxt->context, "holidays"), *workdays = var_text(ctxt->context, "workdays");
    yes = cal_is_workday(calendar_of(ctxt->context), day, holidays, workdays);
    free(holidays);
    free(workdays);
  }
  valuePush(ctxt, xmlXPathNewBoolean(yes));
}

/* workdays-after(date, n) / days-after(date, n): the end of a period of n working / calendar
 * days whose first day is 'date', as the filters compute the 公示期 the notice prints; '' when
 * the date, n or a $holidays/$workdays entry is bad (days('') is NaN: comparisons fail). */
static void period_end(xmlXPathParserContextPtr ctxt, int nargs, bool working) {
  if (nargs != 2) {
    xmlXPathSetArityError(ctxt);
    return;
  }
  double n = xmlXPathPopNumber(ctxt);
  long start, end;
  bool ok = pop_day(ctxt, &start) && n >= 1 && n <= (working ? 3660 : 36600) && n == floor(n);
  if (ok && working) {
    char *holidays = var_text(ctxt->context, "holidays"), *workdays = var_text(ctxt->context, "workdays");
    ok = cal_workdays_after(calendar_of(ctxt->context), start, (int)n, holidays, workdays, &end, NULL);
    free(holidays);
    free(workdays);
  } else if (ok) {
    ok = cal_days_after(start, (int)n, &end);
  }
  char iso[11] = "";
  int y = 0, m, d;
  if (ok) cal_civil(end, &y, &m, &d);
  if (ok && y <= 9999) cal_format_iso(end, iso); /* a date past 9999-12-31 is none: '' */
  valuePush(ctxt, xmlXPathNewString(BAD_CAST iso));
}

static void fn_workdays_after(xmlXPathParserContextPtr ctxt, int nargs) { period_end(ctxt, nargs, true); }
static void fn_days_after(xmlXPathParserContextPtr ctxt, int nargs) { period_end(ctxt, nargs, false); }

/* ---- where an enterprise is registered: GB 32100-2015 and GB/T 2260 ---- */

/* The code's characters 3-8 (the registering authority's administrative division, GB/T 2260)
 * when it is a valid unified social credit code, blanks around it ignored; else false. */
static bool division_of(const char *s, char out[7]) {
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
  char code[19];
  size_t n = 0;
  while (s[n] && n < 18) code[n] = s[n], n++;
  code[n] = 0;
  for (const char *t = s + n; *t; t++)
    if (*t != ' ' && *t != '\t' && *t != '\n' && *t != '\r') return false;
  if (n != 18 || !inp_credit_code_valid(code)) return false;
  memcpy(out, code + 2, 6);
  out[6] = 0;
  for (int i = 0; i < 6; i++)
    if (out[i] < '0' || out[i] > '9') return false;
  return true;
}

/* division(code): the administrative division a unified social credit code was registered in,
 * its characters 3-8 ('410100'); '' when the value is not a valid code, so every comparison
 * with a division fails and the rule reports the value. One function for every program's
 * "registered in the province / city" rule (seed 002 第五条（一）, seed 004 入库条件 1). */
static void fn_division(xmlXPathParserContextPtr ctxt, int nargs) {
  if (nargs != 1) {
    xmlXPathSetArityError(ctxt);
    return;
  }
  xmlChar *s = xmlXPathPopString(ctxt);
  char d[7] = "";
  if (!s || !division_of((const char *)s, d)) d[0] = 0;
  xmlFree(s);
  valuePush(ctxt, xmlXPathNewCString(d));
}

/* province(code): the province-level name (GB/T 2260) of a credit code's division, or of a
 * division code's first two digits ('41' -> 河南省), for messages that name where a code was
 * registered; '' when unknown. The table is the standard's, not any program's. */
static void fn_province(xmlXPathParserContextPtr ctxt, int nargs) {
  static const char *const names[][2] = {
      {"11", "北京市"}, {"12", "天津市"}, {"13", "河北省"}, {"14", "山西省"}, {"15", "内蒙古自治区"},
      {"21", "辽宁省"}, {"22", "吉林省"}, {"23", "黑龙江省"}, {"31", "上海市"}, {"32", "江苏省"},
      {"33", "浙江省"}, {"34", "安徽省"}, {"35", "福建省"}, {"36", "江西省"}, {"37", "山东省"},
      {"41", "河南省"}, {"42", "湖北省"}, {"43", "湖南省"}, {"44", "广东省"}, {"45", "广西壮族自治区"},
      {"46", "海南省"}, {"50", "重庆市"}, {"51", "四川省"}, {"52", "贵州省"}, {"53", "云南省"},
      {"54", "西藏自治区"}, {"61", "陕西省"}, {"62", "甘肃省"}, {"63", "青海省"},
      {"64", "宁夏回族自治区"}, {"65", "新疆维吾尔自治区"}, {"71", "台湾省"},
      {"81", "香港特别行政区"}, {"82", "澳门特别行政区"}};
  if (nargs != 1) {
    xmlXPathSetArityError(ctxt);
    return;
  }
  xmlChar *s = xmlXPathPopString(ctxt);
  char d[7] = "";
  const char *v = s ? (const char *)s : "";
  while (*v == ' ') v++;
  if (!division_of(v, d) && strlen(v) >= 2 && v[0] >= '0' && v[0] <= '9') memcpy(d, v, 2);
  const char *name = "";
  for (size_t i = 0; d[0] && i < sizeof names / sizeof *names; i++)
    if (!strncmp(names[i][0], d, 2)) name = names[i][1];
  xmlFree(s);
  valuePush(ctxt, xmlXPathNewCString(name));
}

/* org-code-check(code): the check character GB 11714-1997 gives the first 8 characters of a
 * 组织机构代码 ('X' for 10), '' when they are not 8 digits or capital letters: a rule compares it
 * with the 9th (hunan-cloud's org-code-check) instead of spelling the weights out in XPath. */
static void fn_org_code_check(xmlXPathParserContextPtr ctxt, int nargs) {
  if (nargs != 1) {
    xmlXPathSetArityError(ctxt);
    return;
  }
  xmlChar *s = xmlXPathPopString(ctxt);
  char check[2] = {s ? inp_org_code_check_char((const char *)s) : 0, 0};
  xmlFree(s);
  valuePush(ctxt, xmlXPathNewCString(check));
}

void inp_xpath_register(struct _xmlXPathContext *xp) {
  xmlXPathRegisterFunc(xp, BAD_CAST "days", fn_days);
  xmlXPathRegisterFunc(xp, BAD_CAST "abs", fn_abs);
  xmlXPathRegisterFunc(xp, BAD_CAST "sum-max", fn_sum_max);
  xmlXPathRegisterFunc(xp, BAD_CAST "workday", fn_workday);
  xmlXPathRegisterFunc(xp, BAD_CAST "workdays-after", fn_workdays_after);
  xmlXPathRegisterFunc(xp, BAD_CAST "days-after", fn_days_after);
  xmlXPathRegisterFunc(xp, BAD_CAST "division", fn_division);
  xmlXPathRegisterFunc(xp, BAD_CAST "province", fn_province);
  xmlXPathRegisterFunc(xp, BAD_CAST "org-code-check", fn_org_code_check);
}

typedef struct {
  inp_round *r;
  const inp_spec *spec;
  inp_msgs *msgs;
  xmlXPathContextPtr xp;
  bool failed;
  inp_xpath_env env; /* the calendar and days()'s count of values that are no date */
  unsigned long spent; /* libxml2 operations of every evaluation so far, against INP_RULES_MAX_STEPS */
} checker;

/* Before an evaluation: its own bound, or what is left of the check's budget if less. False
 * once the budget is spent (the rule that spent it was reported; nothing more is evaluated). */
static bool budget_bound(checker *c) {
  inp_xpath_bound(c->xp);
  if (c->spent >= INP_RULES_MAX_STEPS) return false;
  if (INP_RULES_MAX_STEPS - c->spent < (unsigned long)c->xp->opLimit)
    c->xp->opLimit = INP_RULES_MAX_STEPS - c->spent;
  return true;
}

static void set_var(xmlXPathContextPtr xp, const char *name, const char *value) {
  xmlXPathRegisterVariable(xp, BAD_CAST name, xmlXPathNewString(BAD_CAST(value ? value : "")));
}

/* The message with each {xpath} replaced by its string value at 'node'. A part that does not
 * evaluate is kept as written, so a typo shows rather than vanishes. */
static char *expand(checker *c, const char *msg, xmlNode *node) {
  strbuf b;
  strbuf_init(&b);
  for (const char *p = msg; *p;) {
    const char *close = *p == '{' ? strchr(p, '}') : NULL;
    if (!close) {
      strbuf_putc(&b, *p++);
      continue;
    }
    char *expr = xstrndup(p + 1, (size_t)(close - p - 1));
    c->xp->node = node;
    xmlXPathObjectPtr v = budget_bound(c) ? xmlXPathEvalExpression(BAD_CAST expr, c->xp) : NULL;
    c->spent += c->xp->opCount;
    xmlChar *s = v ? xmlXPathCastToString(v) : NULL;
    if (s)
      strbuf_append(&b, (const char *)s);
    else
      strbuf_append_n(&b, p, (size_t)(close - p + 1));
    xmlFree(s);
    xmlXPathFreeObject(v);
    free(expr);
    p = close + 1;
  }
  return strbuf_detach(&b);
}

/* The INI parameter a rule is about (param=), when the job's INI sets it: its line. */
static const inp_var *located_param(const checker *c, const inp_rule *rule) {
  for (size_t i = 0; rule->param && i < c->spec->var_count; i++)
    if (strcmp(c->spec->vars[i].name, rule->param) == 0)
      return c->spec->vars[i].at.path && c->spec->vars[i].at.line > 0 ? &c->spec->vars[i] : NULL;
  return NULL;
}

static void say(checker *c, const inp_rule *rule, xmlNode *node) {
  char *text = expand(c, L(rule->message_en, rule->message_zh), node);
  if (rule->clause && *rule->clause) {
    /* the clause first: the office checks the message against its document */
    char *cited;
    if (asprintf(&cited, L("%s: %s", "%s：%s"), rule->clause, text) < 0) xoom();
    free(text);
    text = cited;
  }
  src_loc at = {c->r->path, inp_node_line(node), 0, inp_applicant_label(c->r->arena_, node)};
  if (!at.line) at.line = c->r->loc.line; /* context="/": the round as a whole */
  const inp_var *param = located_param(c, rule);
  if (param) {
    /* the INI value is what to change; a round value it was compared with keeps its line */
    if (node->type == XML_ELEMENT_NODE) {
      char *both;
      if (asprintf(&both, L("%s (the round: %s:%d%s%s)", "%s（评审结果：%s 第 %d 行%s%s）"), text, at.path,
                   at.line, at.applicant ? L(", applicant ", "，申报单位 ") : "", at.applicant ? at.applicant : "") < 0)
        xoom();
      free(text);
      text = both;
    }
    at = param->at;
  }
  if (rule->warning) {
    inp_msg_add(c->msgs, DIAG_WARNING, at, "%s [%s]", text, rule->name);
    c->r->warning_count++;
  } else {
    inp_msg_error(c->msgs, at, "%s [%s]", text, rule->name);
    c->failed = true;
  }
  free(text);
}

/* Evaluates 'expr' at 'node' as 'type' (XPATH_BOOLEAN, XPATH_STRING ...); NULL when it fails. */
static xmlXPathObjectPtr eval_as(checker *c, const inp_rule *rule, const char *expr, xmlNode *node) {
  c->xp->node = node;
  if (!budget_bound(c)) return NULL; /* reported once, at the rule that spent it */
  xmlXPathObjectPtr v = xmlXPathEvalExpression(BAD_CAST expr, c->xp);
  c->spent += c->xp->opCount;
  if (!v && c->spent >= INP_RULES_MAX_STEPS) {
    inp_msg_error(c->msgs, rule->at,
                  L("rule \"%s\": the rules together were stopped after %lu million steps, at line %d of the "
                    "round; each evaluation of \"%s\" stays under its own limit, but over every applicant "
                    "they take too long: simplify it (no // inside a predicate)",
                    "规则“%s”：全部规则合计计算超过 %lu 百万步被停止（评审结果第 %d 行）；“%s”每次求值虽未超限，"
                    "但对全部申报单位耗时过长：请简化（谓词中不要用 //）"),
                  rule->name, INP_RULES_MAX_STEPS / 1000000, inp_node_line(node), expr);
    c->failed = true;
  } else if (!v && inp_xpath_exceeded(c->xp)) {
    inp_msg_error(c->msgs, rule->at,
                  L("rule \"%s\": the expression \"%s\" was stopped after %lu million steps, too costly for "
                    "a round of this size (at line %d of the round); simplify it (no // inside a predicate, "
                    "no preceding-sibling:: over every applicant)",
                    "规则“%s”：表达式“%s”计算超过 %lu 百万步被停止，对此规模的评审结果代价过高（评审结果第 %d 行）；"
                    "请简化（谓词中不要用 //，不要对全部申报单位用 preceding-sibling::）"),
                  rule->name, expr, INP_XPATH_MAX_STEPS / 1000000, inp_node_line(node));
    c->failed = true;
  } else if (!v) {
    inp_msg_error(c->msgs, rule->at,
                  L("rule \"%s\": the expression \"%s\" cannot be evaluated",
                    "规则“%s”：表达式“%s”无法求值"),
                  rule->name, expr);
    c->failed = true;
  }
  return v;
}

/* Keys sorted with their positions: each applicant whose key an earlier one has is found in
 * O(n log n) (comparing every pair made a 10,000-applicant round take minutes). */
typedef struct {
  const char *key;
  size_t at;
} keyed;

static int by_key_then_position(const void *a, const void *b) {
  const keyed *x = a, *y = b;
  int k = strcmp(x->key, y->key);
  return k ? k : x->at < y->at ? -1 : x->at > y->at;
}

static void check_unique(checker *c, const inp_rule *rule, xmlNodeSetPtr set) {
  size_t n = set ? (size_t)set->nodeNr : 0, m = 0;
  char **keys = xcalloc(n + 1, sizeof *keys);
  for (; m < n; m++) { /* up to the first that does not evaluate (reported) */
    xmlXPathObjectPtr v = eval_as(c, rule, rule->unique, set->nodeTab[m]);
    if (!v) break;
    xmlChar *s = xmlXPathCastToString(v);
    xmlXPathFreeObject(v);
    keys[m] = xstrdup(s ? (const char *)s : "");
    xmlFree(s);
  }
  keyed *sorted = xcalloc(m + 1, sizeof *sorted);
  size_t *first = xcalloc(m + 1, sizeof *first); /* the earliest with the same key, or itself */
  for (size_t i = 0; i < m; i++) sorted[i] = (keyed){keys[i], i};
  qsort(sorted, m, sizeof *sorted, by_key_then_position);
  for (size_t i = 0; i < m; i++)
    first[sorted[i].at] = i > 0 && strcmp(sorted[i].key, sorted[i - 1].key) == 0 ? first[sorted[i - 1].at]
                                                                                 : sorted[i].at;
  for (size_t i = 0; i < m; i++) {
    size_t j = first[i];
    if (!*keys[i] || j == i) continue; /* an empty key is no key */
    char line[16];
    snprintf(line, sizeof line, "%d", inp_node_line(set->nodeTab[j]));
    const char *other = inp_applicant_label(c->r->arena_, set->nodeTab[j]);
    set_var(c->xp, "other_id", other ? other : "");
    set_var(c->xp, "other_line", line);
    say(c, rule, set->nodeTab[i]);
  }
  for (size_t i = 0; i < m; i++) free(keys[i]);
  free(keys);
  free(sorted);
  free(first);
}

static void check_rule(checker *c, const inp_rule *rule, xmlNode *root) {
  c->xp->node = root;
  xmlXPathObjectPtr sel = eval_as(c, rule, rule->context ? rule->context : "applicant", root);
  if (!sel) return;
  xmlNodeSetPtr set = sel->type == XPATH_NODESET ? sel->nodesetval : NULL;
  size_t n = set ? (size_t)set->nodeNr : 0;
  if (rule->assert) {
    for (size_t i = 0; i < n; i++) {
      unsigned long bad_before = c->env.bad_dates;
      xmlXPathObjectPtr v = eval_as(c, rule, rule->assert, set->nodeTab[i]);
      if (!v) break;
      bool ok = xmlXPathCastToBoolean(v);
      xmlXPathFreeObject(v);
      /* failed on a date that does not exist (2022-02-30): the envelope said so at its line;
       * "after the notice's date" would be a second, false reason */
      if (!ok && c->env.bad_dates == bad_before) say(c, rule, set->nodeTab[i]);
    }
  } else if (rule->unique) {
    check_unique(c, rule, set);
  } else if (rule->max_text) {
    double max = strtod(rule->max_text, NULL);
    if ((double)n > max) {
      char count[32];
      snprintf(count, sizeof count, "%zu", n);
      set_var(c->xp, "count", count);
      set_var(c->xp, "max", rule->max_text);
      /* at the first node over the limit: the one a reader would strike out */
      say(c, rule, set->nodeTab[(size_t)max < n ? (size_t)max : n - 1]);
    }
  }
  xmlXPathFreeObject(sel);
}

/* The parameter a rule uses that has no value ($deadline when validate runs without the job's
 * INI), or NULL. Such a rule is not checked: every applicant would fail it for want of a date. */
static const char *unset_param(const inp_spec *spec, const inp_rule *rule) {
  const char *exprs[] = {rule->context, rule->assert, rule->unique};
  for (size_t e = 0; e < 3; e++)
    for (const char *p = exprs[e] ? strchr(exprs[e], '$') : NULL; p; p = strchr(p + 1, '$'))
      for (size_t i = 0; i < spec->var_count; i++) {
        size_t n = strlen(spec->vars[i].name);
        if (strncmp(p + 1, spec->vars[i].name, n) != 0) continue;
        char after = p[1 + n]; /* within the string: the n bytes before it matched */
        bool name_ends = !(after == '_' || after == '-' || (after >= '0' && after <= '9') ||
                           (after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z'));
        if (name_ends && (!spec->vars[i].value || !*spec->vars[i].value)) return spec->vars[i].name;
      }
  return NULL;
}

/* Whether a rule that needs the unset parameter 'name' is skipped without the note: when the
 * job's INI was read and leaves that (optional) parameter empty, the rule does not apply; and
 * a rule about the INI's values alone (context="/") says nothing about a round checked
 * without an INI. */
static bool quietly_skipped(const inp_spec *spec, const inp_rule *rule, const char *name) {
  if (spec->quiet_unset) return true;
  if (rule->context && strcmp(rule->context, "/") == 0) return true;
  for (size_t i = 0; i < spec->var_count; i++)
    if (strcmp(spec->vars[i].name, name) == 0) return spec->vars[i].at.path != NULL;
  return false;
}

/* libxml2's own XPath messages go nowhere: ours name the rule and program.xml's line. */
static void quiet(void *data, xmlErrorPtr e) { (void)data, (void)e; }

bool inp_check_rules(inp_round *r, const inp_spec *spec, inp_msgs *msgs) {
  xmlNode *root = xmlDocGetRootElement(r->doc_);
  if (!spec || !spec->rule_count || !root) return true;
  checker c = {r, spec, msgs, xmlXPathNewContext(r->doc_), false, {spec->calendar, 0}, 0};
  if (!c.xp) xoom();
  inp_xpath_register(c.xp);
  inp_xpath_use_env(c.xp, &c.env);
  c.xp->error = quiet;
  for (size_t i = 0; i < spec->var_count; i++) set_var(c.xp, spec->vars[i].name, spec->vars[i].value);
  for (size_t i = 0; i < spec->rule_count; i++) {
    const char *missing = unset_param(spec, &spec->rules[i]);
    if (missing && quietly_skipped(spec, &spec->rules[i], missing))
      continue;
    if (missing)
      inp_msg_add(msgs, DIAG_NOTE, spec->rules[i].at,
                  L("rule \"%s\" is not checked: it needs the parameter $%s, which the job's INI gives "
                    "(validate --config JOB.ini, or yinfa run)",
                    "规则“%s”未检查：它需要参数 $%s，该参数由任务的 INI 文件给出（validate --config 任务.ini，或 yinfa run）"),
                  spec->rules[i].name, missing);
    else
      check_rule(&c, &spec->rules[i], root);
  }
  xmlXPathFreeContext(c.xp);
  return !c.failed;
}
