/* scoring.xml: the indicator tables, weights and formulas of a program's evaluation, loaded and
 * compiled once (docs/scoring.md). */
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "scoring/scoring_private.h"

typedef struct {
  scr_model *m;
  const char *path;
  diag_sink *diag;
  xmlXPathContextPtr xp;
  int errors;
} loader;

static src_loc at(loader *ld, xmlNodePtr n) { return (src_loc){ld->path, (int)xmlGetLineNo(n), 0, NULL}; }

static bool is(xmlNodePtr n, const char *name) {
  return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The attribute, malloc'd (owned by the model), or NULL. */
static char *attr(xmlNodePtr n, const char *name) {
  xmlChar *v = xmlGetProp(n, BAD_CAST name);
  char *s = v ? xstrdup((const char *)v) : NULL;
  xmlFree(v);
  return s;
}

static char *required(loader *ld, xmlNodePtr n, const char *name) {
  char *v = attr(n, name);
  if (!v || !*v) {
    diag_error(ld->diag, at(ld, n), L("<%s> needs %s=", "<%s> 缺少属性 %s="), (const char *)n->name, name);
    ld->errors++;
  }
  return v;
}

static xmlXPathCompExprPtr compile(loader *ld, xmlNodePtr n, const char *name) {
  char *src = required(ld, n, name);
  xmlXPathCompExprPtr c = src && *src ? xmlXPathCtxtCompile(ld->xp, BAD_CAST src) : NULL;
  if (src && *src && !c) {
    diag_error(ld->diag, at(ld, n), L("<%s> %s=\"%s\" is not a valid XPath expression", "<%s> 的 %s=“%s”不是有效的 XPath 表达式"),
               (const char *)n->name, name, src);
    ld->errors++;
  }
  free(src);
  return c;
}

static double number(loader *ld, xmlNodePtr n, const char *name) {
  char *v = required(ld, n, name), *end = NULL;
  double d = v ? strtod(v, &end) : NAN;
  if (v && (end == v || *end || !isfinite(d))) {
    diag_error(ld->diag, at(ld, n), L("<%s> %s=\"%s\" must be a number", "<%s> 的 %s=“%s”必须是数字"),
               (const char *)n->name, name, v);
    ld->errors++;
    d = NAN;
  }
  free(v);
  return d;
}

static void load_indicator(loader *ld, xmlNodePtr n, scr_table *t, const char *category) {
  t->indicators = xrealloc(t->indicators, (t->indicator_count + 1) * sizeof *t->indicators);
  scr_indicator *ind = &t->indicators[t->indicator_count++];
  *ind = (scr_indicator){0};
  ind->no = required(ld, n, "no");
  ind->name = required(ld, n, "name");
  ind->unit = attr(n, "unit");
  ind->category = xstrdup(category);
  ind->weight = number(ld, n, "weight");
  ind->value = compile(ld, n, "value");
  ind->line = (int)xmlGetLineNo(n);
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (!is(c, "need")) continue;
    ind->needs = xrealloc(ind->needs, (ind->need_count + 1) * sizeof *ind->needs);
    scr_need *nd = &ind->needs[ind->need_count++];
    nd->label = required(ld, c, "label");
    nd->value = compile(ld, c, "value");
    char *nz = attr(c, "nonzero");
    nd->nonzero = nz && strcmp(nz, "yes") == 0;
    free(nz);
  }
}

static void load_table(loader *ld, xmlNodePtr n) {
  scr_model *m = ld->m;
  m->tables = xrealloc(m->tables, (m->table_count + 1) * sizeof *m->tables);
  scr_table *t = &m->tables[m->table_count++];
  *t = (scr_table){0};
  t->name = required(ld, n, "name");
  t->when = compile(ld, n, "when");
  double sum = 0;
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (!is(c, "category")) continue;
    char *name = required(ld, c, "name");
    double weight = number(ld, c, "weight"), inner = 0;
    for (xmlNodePtr i = c->children; i; i = i->next)
      if (is(i, "indicator")) {
        load_indicator(ld, i, t, name ? name : "");
        inner += t->indicators[t->indicator_count - 1].weight;
      }
    /* a table's weights are the seed's: a typo shows as categories that do not add up */
    if (isfinite(weight) && fabs(inner - weight) > 1e-9) {
      diag_error(ld->diag, at(ld, c), L("the indicators of %s weigh %g, not the category's %g",
                                        "%s 各指标权重之和为 %g，与该类权重 %g 不符"),
                 name ? name : "", inner, weight);
      ld->errors++;
    }
    sum += weight;
    free(name);
  }
  if (!t->indicator_count) {
    diag_error(ld->diag, at(ld, n), L("table %s has no <indicator>", "指标表 %s 没有 <indicator>"), t->name ? t->name : "");
    ld->errors++;
  }
  t->weight_sum = sum;
}

static void load_classify(loader *ld, xmlNodePtr n) {
  scr_model *m = ld->m;
  if (m->classify.name) {
    diag_error(ld->diag, at(ld, n), "%s", L("at most one <classify>", "只能有一个 <classify>"));
    ld->errors++;
    return;
  }
  m->classify.name = required(ld, n, "name");
  m->classify.label = attr(n, "label");
  m->classify.fallback = required(ld, n, "default");
  char *given = attr(n, "given");
  if (given) m->classify.given = xmlXPathCtxtCompile(ld->xp, BAD_CAST given);
  if (given && !m->classify.given) {
    diag_error(ld->diag, at(ld, n), L("given=\"%s\" is not a valid XPath expression", "given=“%s”不是有效的 XPath 表达式"), given);
    ld->errors++;
  }
  free(given);
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (!is(c, "class")) continue;
    m->classify.classes = xrealloc(m->classify.classes, (m->classify.class_count + 1) * sizeof *m->classify.classes);
    scr_class *k = &m->classify.classes[m->classify.class_count++];
    k->value = required(ld, c, "value");
    k->when = compile(ld, c, "when");
  }
}

/* "field size" → the names, each a <key> or the <classify>. */
static void load_names(loader *ld, xmlNodePtr root, const char *attr_name, char ***out, size_t *count) {
  char *list = attr(root, attr_name), *save = NULL;
  for (char *w = list ? strtok_r(list, " ", &save) : NULL; w; w = strtok_r(NULL, " ", &save)) {
    bool known = ld->m->classify.name && strcmp(w, ld->m->classify.name) == 0;
    for (size_t i = 0; i < ld->m->key_count && !known; i++) known = strcmp(w, ld->m->keys[i].name) == 0;
    if (!known) {
      diag_error(ld->diag, at(ld, root), L("%s=: \"%s\" is neither a <key> nor the <classify>", "%s=：“%s”既不是 <key> 也不是 <classify>"),
                 attr_name, w);
      ld->errors++;
      continue;
    }
    *out = xrealloc(*out, (*count + 1) * sizeof **out);
    (*out)[(*count)++] = xstrdup(w);
  }
  free(list);
}

/* libxml2's own message for a bad expression goes nowhere: ours names the file and line. */
static void quiet(void *data, xmlErrorPtr e) { (void)data, (void)e; }

scr_model *scr_model_load(const char *path, diag_sink *diag) {
  xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
  if (!doc || !xmlDocGetRootElement(doc) || !is(xmlDocGetRootElement(doc), "scoring")) {
    diag_error(diag, ((src_loc){path, 0, 0, NULL}), "%s",
               L("cannot read the scoring model: not XML with a <scoring> root",
                 "无法读取评价模型：不是以 <scoring> 为根元素的 XML"));
    xmlFreeDoc(doc);
    return NULL;
  }
  scr_model *m = xcalloc(1, sizeof *m);
  m->path = xstrdup(path);
  loader ld = {m, m->path, diag, xmlXPathNewContext(NULL), 0};
  inp_xpath_register(ld.xp);
  ld.xp->error = quiet;
  xmlNodePtr root = xmlDocGetRootElement(doc);
  m->name = compile(&ld, root, "name");
  for (xmlNodePtr c = root->children; c; c = c->next) {
    if (is(c, "key")) {
      m->keys = xrealloc(m->keys, (m->key_count + 1) * sizeof *m->keys);
      scr_key *k = &m->keys[m->key_count++];
      k->name = required(&ld, c, "name");
      k->label = attr(c, "label");
      k->value = compile(&ld, c, "value");
    } else if (is(c, "classify")) {
      load_classify(&ld, c);
    } else if (is(c, "table")) {
      load_table(&ld, c);
    } else if (is(c, "raw")) {
      m->raws = xrealloc(m->raws, (m->raw_count + 1) * sizeof *m->raws);
      scr_raw *w = &m->raws[m->raw_count++];
      w->label = required(&ld, c, "label");
      w->value = compile(&ld, c, "value");
    } else if (c->type == XML_ELEMENT_NODE) {
      diag_error(diag, at(&ld, c), L("unknown element <%s> in <scoring> (allowed: <key>, <classify>, <table>, <raw>)",
                                     "<scoring> 中的未知元素 <%s>（可用：<key>、<classify>、<table>、<raw>）"),
                 (const char *)c->name);
      ld.errors++;
    }
  }
  load_names(&ld, root, "population", &m->population, &m->population_count);
  load_names(&ld, root, "rank", &m->rank, &m->rank_count);
  if (!m->table_count) {
    diag_error(diag, at(&ld, root), "%s", L("the model has no <table>", "评价模型没有 <table>"));
    ld.errors++;
  }
  xmlXPathFreeContext(ld.xp);
  xmlFreeDoc(doc);
  if (ld.errors) {
    scr_model_free(m);
    return NULL;
  }
  return m;
}

static void free_strings(char **s, size_t n) {
  for (size_t i = 0; i < n; i++) free(s[i]);
  free(s);
}

void scr_model_free(scr_model *m) {
  if (!m) return;
  xmlXPathFreeCompExpr(m->name);
  for (size_t i = 0; i < m->key_count; i++) {
    free(m->keys[i].name);
    free(m->keys[i].label);
    xmlXPathFreeCompExpr(m->keys[i].value);
  }
  free(m->keys);
  free(m->classify.name);
  free(m->classify.label);
  free(m->classify.fallback);
  xmlXPathFreeCompExpr(m->classify.given);
  for (size_t i = 0; i < m->classify.class_count; i++) {
    free(m->classify.classes[i].value);
    xmlXPathFreeCompExpr(m->classify.classes[i].when);
  }
  free(m->classify.classes);
  for (size_t t = 0; t < m->table_count; t++) {
    scr_table *tb = &m->tables[t];
    free(tb->name);
    xmlXPathFreeCompExpr(tb->when);
    for (size_t i = 0; i < tb->indicator_count; i++) {
      scr_indicator *ind = &tb->indicators[i];
      free(ind->no);
      free(ind->name);
      free(ind->unit);
      free(ind->category);
      xmlXPathFreeCompExpr(ind->value);
      for (size_t k = 0; k < ind->need_count; k++) {
        free(ind->needs[k].label);
        xmlXPathFreeCompExpr(ind->needs[k].value);
      }
      free(ind->needs);
    }
    free(tb->indicators);
  }
  free(m->tables);
  for (size_t i = 0; i < m->raw_count; i++) {
    free(m->raws[i].label);
    xmlXPathFreeCompExpr(m->raws[i].value);
  }
  free(m->raws);
  free_strings(m->population, m->population_count);
  free_strings(m->rank, m->rank_count);
  free(m->path);
  free(m);
}
