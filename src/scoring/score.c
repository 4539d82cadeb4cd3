/* The evaluation of a round (docs/scoring.md): each applicant's indicators from its figures,
 * 极值法 over its population, utilities, the total, and ranks, written into the document. */
#include <libxml/tree.h>
#include <libxml/xpathInternals.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "scoring/scoring_private.h"

const char *const scr_element_names[] = {"score", "indicator", "key", NULL};
const char *const scr_attribute_names[] = {"table",     "size",       "population", "total", "rank",
                                           "rank-count", "field-rank", "field-count", "no",   "name",
                                           "category",  "weight",     "unit",       "value", "normalized",
                                           "utility",   NULL};

void scr_format(double v, char out[64]) {
  if (!isfinite(v)) v = 0;
  if (fabs(v) < 5e-11) v = 0; /* no "-0" */
  if (fabs(v) > SCR_MAX_ABS) { /* refused when scored (compute); never cut short here either */
    snprintf(out, 64, "%.17g", v);
    return;
  }
  snprintf(out, 64, "%.10f", v);
  char *dot = strchr(out, '.');
  if (!dot) return;
  char *e = out + strlen(out);
  while (e > dot + 1 && e[-1] == '0') *--e = '\0';
  if (e == dot + 1) *dot = '\0';
}

/* Totals compared as scr_format prints them (10 decimals): two that print the same tie. */
typedef struct {
  double key;
  size_t at;
} ranked;

static int by_total_desc(const void *a, const void *b) {
  const ranked *x = a, *y = b;
  return x->key > y->key ? -1 : x->key < y->key ? 1 : 0;
}

/* Sorting, not comparing every pair: a province's 10,000 candidates rank in milliseconds. */
void scr_rank(const double *totals, size_t n, int *rank) {
  ranked *r = xcalloc(n + 1, sizeof *r);
  for (size_t i = 0; i < n; i++) r[i] = (ranked){round(totals[i] * 1e10), i};
  qsort(r, n, sizeof *r, by_total_desc);
  for (size_t i = 0; i < n; i++) /* 1 + how many are strictly better: the first of its tie */
    rank[r[i].at] = i > 0 && r[i].key == r[i - 1].key ? rank[r[i - 1].at] : (int)i + 1;
  free(r);
}

typedef struct {
  int table;      /* -1: no table applies, not scored */
  char **keys;    /* the model's keys' values */
  char *size;     /* the classify's value (NULL without one) */
  double *values; /* per indicator of its table */
  double *norm, *util;
  double total;
  char *population, *group, *field; /* joined key values */
  int rank, rank_count, field_rank, field_count;
} result;

typedef struct {
  const scr_model *m;
  inp_round *r;
  diag_sink *diag;
  xmlXPathContextPtr xp;
  int errors;
  bool stopped; /* an expression ran into the XPath bound: said once, the round is not scored */
} scorer;

static xmlXPathObjectPtr eval(scorer *s, xmlXPathCompExprPtr e, xmlNodePtr at) {
  s->xp->node = at;
  inp_xpath_bound(s->xp);
  return xmlXPathCompiledEval(e, s->xp);
}

static double eval_number(scorer *s, xmlXPathCompExprPtr e, xmlNodePtr at) {
  xmlXPathObjectPtr v = eval(s, e, at);
  double d = v ? xmlXPathCastToNumber(v) : NAN;
  xmlXPathFreeObject(v);
  return d;
}

static char *eval_string(scorer *s, xmlXPathCompExprPtr e, xmlNodePtr at) {
  xmlXPathObjectPtr v = e ? eval(s, e, at) : NULL;
  xmlChar *t = v ? xmlXPathCastToString(v) : NULL;
  char *out = xstrdup(t ? (const char *)t : "");
  xmlFree(t);
  xmlXPathFreeObject(v);
  return out;
}

static bool eval_bool(scorer *s, xmlXPathCompExprPtr e, xmlNodePtr at) {
  xmlXPathObjectPtr v = eval(s, e, at);
  bool b = v && xmlXPathCastToBoolean(v);
  xmlXPathFreeObject(v);
  return b;
}

static src_loc applicant_loc(scorer *s, size_t i) { return s->r->applicants[i].loc; }

/* The value of name 'n' (a key or the classify) for 'res'. */
static const char *named(const scr_model *m, const result *res, const char *n) {
  if (m->classify.name && strcmp(n, m->classify.name) == 0) return res->size ? res->size : "";
  for (size_t k = 0; k < m->key_count; k++)
    if (strcmp(m->keys[k].name, n) == 0) return res->keys[k];
  return "";
}

static char *join(const scr_model *m, const result *res, char *const *names, size_t count) {
  strbuf b;
  strbuf_init(&b);
  strbuf_append(&b, m->tables[res->table].name);
  for (size_t i = 0; i < count; i++) {
    strbuf_putc(&b, '\x1f');
    strbuf_append(&b, named(m, res, names[i]));
  }
  return strbuf_detach(&b);
}

/* Figures and values of one applicant; false after reporting what cannot be computed. */
static bool compute(scorer *s, size_t i, result *res) {
  const scr_model *m = s->m;
  xmlNodePtr el = inp_applicant_xml(s->r, i);
  res->table = -1;
  for (size_t t = 0; t < m->table_count && res->table < 0; t++)
    if (eval_bool(s, m->tables[t].when, el)) res->table = (int)t;
  if (res->table < 0) return true;
  res->keys = xcalloc(m->key_count + 1, sizeof *res->keys);
  for (size_t k = 0; k < m->key_count; k++) res->keys[k] = eval_string(s, m->keys[k].value, el);
  if (m->classify.name) {
    char *given = m->classify.given ? eval_string(s, m->classify.given, el) : NULL;
    if (given && *given) {
      res->size = given;
    } else {
      free(given);
      for (size_t c = 0; c < m->classify.class_count && !res->size; c++)
        if (eval_bool(s, m->classify.classes[c].when, el)) res->size = xstrdup(m->classify.classes[c].value);
      if (!res->size) res->size = xstrdup(m->classify.fallback);
    }
  }
  const scr_table *tb = &m->tables[res->table];
  res->values = xcalloc(tb->indicator_count, sizeof *res->values);
  res->norm = xcalloc(tb->indicator_count, sizeof *res->norm);
  res->util = xcalloc(tb->indicator_count, sizeof *res->util);
  bool ok = true;
  for (size_t k = 0; k < tb->indicator_count; k++) {
    const scr_indicator *ind = &tb->indicators[k];
    bool missing = false;
    for (size_t n = 0; n < ind->need_count; n++) {
      double v = eval_number(s, ind->needs[n].value, el);
      if (isnan(v) || (ind->needs[n].nonzero && v == 0)) {
        diag_error(s->diag, applicant_loc(s, i),
                   isnan(v) ? L("indicator %s %s cannot be computed: %s is missing or not a number",
                                "指标 %s %s 无法计算：缺少%s或不是数字")
                            : L("indicator %s %s cannot be computed: %s is 0 and divides",
                                "指标 %s %s 无法计算：%s 为 0，不能作除数"),
                   ind->no, ind->name, ind->needs[n].label);
        missing = true;
      }
    }
    double v = missing ? NAN : eval_number(s, ind->value, el);
    if (!missing && isfinite(v) && fabs(v) > SCR_MAX_ABS) {
      /* the declared range of every number scoring writes: 10 decimals fit, nothing is cut */
      diag_error(s->diag, applicant_loc(s, i),
                 L("indicator %s %s is %g, outside the range of ±10^15 that scores are computed and printed "
                   "in: check the figures it is computed from (scoring.xml line %d)",
                   "指标 %s %s 为 %g，超出评价计算和输出的范围（±10^15）：请检查计算所用的数据（scoring.xml 第 %d 行）"),
                 ind->no, ind->name, v, ind->line);
      missing = true;
    } else if (!missing && !isfinite(v) && inp_xpath_exceeded(s->xp)) {
      diag_error(s->diag, applicant_loc(s, i),
                 L("indicator %s %s: its expression was stopped after %lu million steps, too costly for a round "
                   "of this size; simplify it (scoring.xml line %d)",
                   "指标 %s %s：其表达式计算超过 %lu 百万步被停止，对此规模的评审结果代价过高；请简化（scoring.xml 第 %d 行）"),
                 ind->no, ind->name, INP_XPATH_MAX_STEPS / 1000000, ind->line);
      missing = true;
      s->stopped = true; /* it would be as costly for every other enterprise */
    } else if (!missing && !isfinite(v)) {
      diag_error(s->diag, applicant_loc(s, i),
                 L("indicator %s %s cannot be computed from the figures given (scoring.xml line %d)",
                   "指标 %s %s 无法由所填数据计算（scoring.xml 第 %d 行）"),
                 ind->no, ind->name, ind->line);
      missing = true;
    }
    if (missing) ok = false;
    res->values[k] = v;
  }
  res->population = join(m, res, m->population, m->population_count);
  res->group = join(m, res, m->rank, m->rank_count);
  res->field = join(m, res, m->rank, m->rank_count ? 1 : 0);
  return ok;
}

/* The scored results' indices sorted by table, then by the key 'which' picks (population,
 * group or field), then by position: each population or ranking group is then one run, found
 * in O(n log n) where comparing every pair took minutes for 10,000 enterprises. */
typedef enum { BY_POPULATION, BY_GROUP, BY_FIELD } result_key;

static const char *key_of(const result *r, result_key which) {
  return which == BY_POPULATION ? r->population : which == BY_GROUP ? r->group : r->field;
}

typedef struct {
  const result *res;
  result_key which;
} sort_ctx;

static int by_key(const void *a, const void *b, void *data) {
  const sort_ctx *c = data;
  size_t i = *(const size_t *)a, j = *(const size_t *)b;
  const result *x = &c->res[i], *y = &c->res[j];
  if (c->which == BY_POPULATION && x->table != y->table) return x->table < y->table ? -1 : 1;
  int k = strcmp(key_of(x, c->which), key_of(y, c->which));
  return k ? k : i < j ? -1 : i > j;
}

/* The scored indices, sorted; their number in *count. Malloc'd. */
static size_t *sorted_scored(const result *res, size_t n, result_key which, size_t *count) {
  size_t *idx = xcalloc(n + 1, sizeof *idx), m = 0;
  for (size_t i = 0; i < n; i++)
    if (res[i].table >= 0) idx[m++] = i;
  sort_ctx c = {res, which};
  qsort_r(idx, m, sizeof *idx, by_key, &c);
  *count = m;
  return idx;
}

/* The end of the run of equal keys that starts at idx[from]. */
static size_t run_end(const result *res, const size_t *idx, size_t m, size_t from, result_key which) {
  size_t to = from + 1;
  while (to < m && (which != BY_POPULATION || res[idx[to]].table == res[idx[from]].table) &&
         strcmp(key_of(&res[idx[to]], which), key_of(&res[idx[from]], which)) == 0)
    to++;
  return to;
}

/* 极值法 over each population, utilities and totals. */
static void normalise(const scr_model *m, result *res, size_t n) {
  size_t count, *idx = sorted_scored(res, n, BY_POPULATION, &count);
  for (size_t from = 0, to; from < count; from = to) {
    to = run_end(res, idx, count, from, BY_POPULATION);
    const scr_table *tb = &m->tables[res[idx[from]].table];
    for (size_t i = from; i < to; i++) res[idx[i]].total = 0;
    for (size_t k = 0; k < tb->indicator_count; k++) {
      double lo = INFINITY, hi = -INFINITY;
      for (size_t i = from; i < to; i++) {
        if (res[idx[i]].values[k] < lo) lo = res[idx[i]].values[k];
        if (res[idx[i]].values[k] > hi) hi = res[idx[i]].values[k];
      }
      for (size_t i = from; i < to; i++) {
        result *r = &res[idx[i]];
        r->norm[k] = hi - lo > 0 ? (r->values[k] - lo) / (hi - lo) : 1.0;
        r->util[k] = r->norm[k] * tb->indicators[k].weight;
        r->total += r->util[k];
      }
    }
  }
  free(idx);
}

/* Ranks of each applicant among those with the same 'which' key (group or field). */
static void rank_by(result *res, size_t n, bool field) {
  result_key which = field ? BY_FIELD : BY_GROUP;
  size_t count, *idx = sorted_scored(res, n, which, &count);
  double *totals = xcalloc(count + 1, sizeof *totals);
  int *ranks = xcalloc(count + 1, sizeof *ranks);
  for (size_t from = 0, to; from < count; from = to) {
    to = run_end(res, idx, count, from, which);
    for (size_t i = from; i < to; i++) totals[i - from] = res[idx[i]].total;
    scr_rank(totals, to - from, ranks);
    for (size_t i = from; i < to; i++) {
      result *r = &res[idx[i]];
      if (field) r->field_rank = ranks[i - from], r->field_count = (int)(to - from);
      else r->rank = ranks[i - from], r->rank_count = (int)(to - from);
    }
  }
  free(totals);
  free(ranks);
  free(idx);
}

static void set_number(xmlNodePtr n, const char *name, double v) {
  char buf[64];
  scr_format(v, buf);
  xmlNewProp(n, BAD_CAST name, BAD_CAST buf);
}

static void set_int(xmlNodePtr n, const char *name, int v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%d", v);
  xmlNewProp(n, BAD_CAST name, BAD_CAST buf);
}

static void write_score(const scr_model *m, xmlNodePtr el, const result *res) {
  const scr_table *tb = &m->tables[res->table];
  xmlNodePtr sc = xmlNewChild(el, NULL, BAD_CAST "score", NULL);
  xmlNewProp(sc, BAD_CAST "table", BAD_CAST tb->name);
  if (res->size) xmlNewProp(sc, BAD_CAST "size", BAD_CAST res->size);
  set_number(sc, "total", res->total);
  set_int(sc, "rank", res->rank);
  set_int(sc, "rank-count", res->rank_count);
  set_int(sc, "field-rank", res->field_rank);
  set_int(sc, "field-count", res->field_count);
  for (size_t k = 0; k < m->key_count; k++) {
    xmlNodePtr key = xmlNewChild(sc, NULL, BAD_CAST "key", NULL);
    xmlNewProp(key, BAD_CAST "name", BAD_CAST m->keys[k].name);
    xmlNewProp(key, BAD_CAST "value", BAD_CAST res->keys[k]);
  }
  for (size_t k = 0; k < tb->indicator_count; k++) {
    const scr_indicator *ind = &tb->indicators[k];
    xmlNodePtr n = xmlNewChild(sc, NULL, BAD_CAST "indicator", NULL);
    xmlNewProp(n, BAD_CAST "no", BAD_CAST ind->no);
    xmlNewProp(n, BAD_CAST "name", BAD_CAST ind->name);
    xmlNewProp(n, BAD_CAST "category", BAD_CAST ind->category);
    set_number(n, "weight", ind->weight);
    xmlNewProp(n, BAD_CAST "unit", BAD_CAST(ind->unit ? ind->unit : ""));
    set_number(n, "value", res->values[k]);
    set_number(n, "normalized", res->norm[k]);
    set_number(n, "utility", res->util[k]);
  }
}

static void free_result(const scr_model *m, result *res) {
  if (res->keys)
    for (size_t k = 0; k < m->key_count; k++) free(res->keys[k]);
  free(res->keys);
  free(res->size);
  free(res->values);
  free(res->norm);
  free(res->util);
  free(res->population);
  free(res->group);
  free(res->field);
}

bool scr_score_round(const scr_model *m, inp_round *r, diag_sink *diag) {
  scorer s = {m, r, diag, xmlXPathNewContext(inp_round_xml(r)), 0, false};
  if (!s.xp) xoom();
  inp_xpath_register(s.xp);
  size_t n = r->applicant_count;
  result *res = xcalloc(n + 1, sizeof *res);
  bool ok = true;
  for (size_t i = 0; i < n && !s.stopped; i++) ok = compute(&s, i, &res[i]) && ok;
  if (ok) {
    normalise(m, res, n);
    rank_by(res, n, false);
    rank_by(res, n, true);
    for (size_t i = 0; i < n; i++)
      if (res[i].table >= 0) write_score(m, inp_applicant_xml(r, i), &res[i]);
  }
  for (size_t i = 0; i < n; i++) free_result(m, &res[i]);
  free(res);
  xmlXPathFreeContext(s.xp);
  return ok;
}
