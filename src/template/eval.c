/* Evaluates a loaded template against one context of the round, driving a builder (the layout
 * module or the trace recorder). All state lives in eval_state: renders may run in parallel. */
#include <libxml/xpathInternals.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "template/eval_private.h"

const char *tpl_eval_var(struct eval_state *st, const char *name) {
  for (size_t i = 0; i < st->ctx->var_count; i++)
    if (strcmp(st->ctx->vars[i].name, name) == 0)
      return st->ctx->vars[i].value ? st->ctx->vars[i].value : "";
  return "";
}

int tpl_eval_index(struct eval_state *st) { return st->index > 0 ? st->index + st->index_offset : 0; }

const cal_calendar *tpl_eval_calendar(struct eval_state *st) { return st->ctx->calendar; }

void tpl_eval_warning(struct eval_state *st, const char *fmt, ...) {
  strbuf msg;
  strbuf_init(&msg);
  va_list ap;
  va_start(ap, fmt);
  strbuf_vprintf(&msg, fmt, ap);
  va_end(ap);
  strbuf_putc(&msg, '\n');
  /* a filter in a table row would repeat the same warning once per row */
  if (!st->warned.data || !strstr(st->warned.data, msg.data)) {
    strbuf_append(&st->warned, msg.data);
    msg.data[--msg.len] = 0;
    src_loc at = st->filter_at;
    at.applicant = st->applicant;
    diag_warning(st->diag, at, "%s", msg.data);
  }
  strbuf_release(&msg);
}

static src_loc at_applicant(struct eval_state *st, src_loc at) {
  at.applicant = st->applicant;
  return at;
}

static xmlXPathObjectPtr lookup(void *data, const xmlChar *name, const xmlChar *ns_uri) {
  struct eval_state *st = data;
  (void)ns_uri;
  const char *n = (const char *)name;
  for (let *l = st->lets; l; l = l->up)
    if (strcmp(l->name, n) == 0) return xmlXPathObjectCopy(l->value);
  if (strcmp(n, "index") == 0) return xmlXPathNewFloat(tpl_eval_index(st));
  if (strcmp(n, "group") == 0) return xmlXPathWrapNodeSet(xmlXPathNodeSetMerge(NULL, st->group));
  for (size_t i = 0; i < st->ctx->var_count; i++)
    if (strcmp(st->ctx->vars[i].name, n) == 0)
      return xmlXPathNewCString(st->ctx->vars[i].value ? st->ctx->vars[i].value : "");
  /* declared but not configured: empty */
  for (size_t i = 0; i < st->p->param_count; i++)
    if (strcmp(st->p->params[i].name, n) == 0) return xmlXPathNewCString("");
  if (strcmp(n, "order") == 0 || (st->p->group && strcmp(st->p->group->name, n) == 0))
    return xmlXPathNewCString("");
  return NULL;
}

static void xpath_error(void *data, xmlErrorPtr e) {
  struct eval_state *st = data;
  if (e && !st->xp_error.len) tpl_xpath_error_text(&st->xp_error, e);
}

xmlXPathObjectPtr tpl_state_run(struct eval_state *st, const tpl_expr *e) {
  strbuf_reset(&st->xp_error);
  st->xp->node = st->node;
  st->xp->contextSize = st->size > 0 ? st->size : 1;
  st->xp->proximityPosition = st->index > 0 ? st->index : 1;
  inp_xpath_bound(st->xp);
  xmlXPathObjectPtr r = xmlXPathCompiledEval(e->comp, st->xp);
  if (!r && inp_xpath_exceeded(st->xp)) {
    diag_error(st->diag, at_applicant(st, e->at),
               L("cannot evaluate \"%s\": stopped after %lu million steps, too costly for a round of this size; "
                 "simplify the expression (no // inside a predicate)",
                 "无法求值“%s”：计算超过 %lu 百万步被停止，对此规模的评审结果代价过高；请简化表达式（谓词中不要用 //）"),
               e->src, INP_XPATH_MAX_STEPS / 1000000);
    st->ok = false;
  } else if (!r) {
    diag_error(st->diag, at_applicant(st, e->at), L("cannot evaluate \"%s\": %s", "无法求值“%s”：%s"),
               e->src, st->xp_error.len ? strbuf_str(&st->xp_error) : L("XPath error", "XPath 错误"));
    st->ok = false;
  }
  return r;
}

void tpl_eval_value_refused(struct eval_state *st) { st->value_refused = true; }

/* The string value of 'e' (XPath string()); malloc'd, NULL after reporting. 'value_at' (may be
 * NULL) receives where that value is in its document: the first node's line when 'e' selects
 * nodes, else no place (a computed number, a variable). */
static char *run_string(struct eval_state *st, const tpl_expr *e, src_loc *value_at) {
  xmlXPathObjectPtr r = tpl_state_run(st, e);
  if (!r) return NULL;
  if (value_at) {
    *value_at = SRC_LOC_NONE;
    xmlNodePtr n = r->type == XPATH_NODESET && r->nodesetval && r->nodesetval->nodeNr > 0
                       ? r->nodesetval->nodeTab[0] : NULL;
    long line = n ? xmlGetLineNo(n->type == XML_ATTRIBUTE_NODE ? n->parent : n) : -1;
    if (n && n->doc && n->doc->URL && line > 0) *value_at = (src_loc){(const char *)n->doc->URL, (int)line, 0, NULL};
  }
  xmlChar *s = xmlXPathCastToString(r);
  xmlXPathFreeObject(r);
  char *out = xstrdup(s ? (const char *)s : "");
  xmlFree(s);
  return out;
}

/* The string values of the nodes 'e' selects, joined by 'sep' (default 、); malloc'd, NULL
 * after reporting. */
static char *run_join(struct eval_state *st, const tpl_expr *e, const tpl_expr *sep) {
  char *s = sep ? run_string(st, sep, NULL) : xstrdup("、");
  if (!s) return NULL;
  xmlXPathObjectPtr r = tpl_state_run(st, e);
  if (!r) {
    free(s);
    return NULL;
  }
  strbuf b;
  strbuf_init(&b);
  strbuf_append(&b, "");
  if (r->type == XPATH_NODESET && r->nodesetval) {
    for (int i = 0; i < r->nodesetval->nodeNr; i++) {
      xmlChar *v = xmlXPathCastNodeToString(r->nodesetval->nodeTab[i]);
      if (v && *v) {
        if (b.len) strbuf_append(&b, s);
        strbuf_append(&b, (const char *)v);
      }
      xmlFree(v);
    }
  } else {
    xmlChar *v = xmlXPathCastToString(r);
    strbuf_append(&b, v ? (const char *)v : "");
    xmlFree(v);
  }
  xmlXPathFreeObject(r);
  free(s);
  return strbuf_detach(&b);
}

/* Evaluates interpolated text. Returns malloc'd, or NULL after reporting. */
char *tpl_state_text(struct eval_state *st, const tpl_text *t) {
  if (!t) return xstrdup("");
  strbuf out, tmp, err;
  strbuf_init(&out);
  strbuf_init(&tmp);
  strbuf_init(&err);
  bool ok = true;
  for (size_t i = 0; i < t->count && ok; i++) {
    const tpl_part *part = &t->parts[i];
    if (part->lit) {
      strbuf_append(&out, part->lit);
      continue;
    }
    size_t f = 0;
    char *v = NULL;
    if (part->filter_count && strcmp(part->filters[0].def->name, "join") == 0) {
      v = run_join(st, part->expr, part->filters[0].arg);
      st->value_at = SRC_LOC_NONE; /* many values */
      f = 1;
    } else {
      v = run_string(st, part->expr, &st->value_at);
    }
    if (!v) {
      ok = false;
      break;
    }
    for (; f < part->filter_count && ok; f++) {
      const tpl_filter *flt = &part->filters[f];
      char *arg = flt->arg ? run_string(st, flt->arg, NULL) : NULL;
      if (flt->arg && !arg) {
        ok = false;
        break;
      }
      strbuf_reset(&tmp);
      strbuf_reset(&err);
      st->filter_at = part->expr->at;
      st->value_refused = false;
      if (!flt->def->fn(st, v, arg, &tmp, &err)) {
        if (st->value_refused && st->value_at.path) /* the data is wrong: say where it is */
          diag_error(st->diag, at_applicant(st, st->value_at), "%s (%s:%d: {%s | %s})", strbuf_str(&err),
                     part->expr->at.path, part->expr->at.line, part->expr->src, flt->def->name);
        else
          diag_error(st->diag, at_applicant(st, part->expr->at), "{%s | %s}: %s", part->expr->src,
                     flt->def->name, strbuf_str(&err));
        st->ok = ok = false;
      } else {
        free(v);
        v = xstrdup(strbuf_str(&tmp));
      }
      free(arg);
    }
    if (ok) strbuf_append(&out, v);
    free(v);
  }
  strbuf_release(&tmp);
  strbuf_release(&err);
  if (!ok) {
    strbuf_release(&out);
    return NULL;
  }
  return strbuf_detach(&out);
}

/* Splits at blank lines (the round's paragraph separator); calls 'emit' per paragraph. */
static void each_paragraph(struct eval_state *st, const char *s, const tpl_node *n,
                           void (*emit)(struct eval_state *, const tpl_node *, const char *)) {
  while (*s) {
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
    if (!*s) break;
    const char *e = s, *next = NULL;
    for (; *e; e++) {
      if (*e != '\n') continue;
      const char *q = e + 1;
      while (*q == ' ' || *q == '\t' || *q == '\r') q++;
      if (*q == '\n') {
        next = q;
        break;
      }
    }
    const char *end = next ? e : s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
      end--;
    char *para = xstrndup(s, (size_t)(end - s));
    emit(st, n, para);
    free(para);
    s = next ? next : end + strlen(end);
  }
}

static void emit_paragraph(struct eval_state *st, const tpl_node *n, const char *text) {
  st->b->paragraph(st->sink, n->style, n->element, text, at_applicant(st, n->at));
}

static void emit_cell_text(struct eval_state *st, const tpl_node *n, const char *text) {
  lay_align a = n->kind == N_TEXT && n->number > 0 ? n->align : st->cell_align;
  st->b->cell_text(st->sink, text, a, at_applicant(st, n->at));
}

static bool run_nodes(struct eval_state *st, const tpl_node *first);

/* A cell's bare text runs are one paragraph: `5、其他<if …>：{…}</if>` must not become two
 * paragraphs, the second starting with ：(a mark no line may start with). Runs are held here and
 * emitted when anything else comes: a <text> paragraph (the way to start a new one), a checkbox,
 * a for-each item, the cell's end. (A line break in the template's source is white space, as
 * inside one run.) */
static void flush_cell_text(struct eval_state *st) {
  if (!st->cell_text.len) return;
  each_paragraph(st, strbuf_str(&st->cell_text), st->cell_at, emit_cell_text);
  strbuf_reset(&st->cell_text);
}

static void add_cell_text(struct eval_state *st, const tpl_node *n, const char *text) {
  if (!st->cell_text.len) st->cell_at = n;
  strbuf_append(&st->cell_text, text);
}

/* ---- for-each ---- */

typedef struct {
  xmlNodePtr node;
  size_t input; /* position in the selection */
  char **keys;
  double *nums;
} item;

typedef struct {
  struct eval_state *st;
  const tpl_node *n;
  txt_order orders[16]; /* resolved per sort key; number keys use nums */
  bool number[16];
} sort_ctx;

static int compare_items(const void *a, const void *b, void *data) {
  const item *x = a, *y = b;
  sort_ctx *sc = data;
  for (size_t k = 0; k < sc->n->sort_count; k++) {
    int c = 0;
    if (sc->number[k]) {
      double u = x->nums[k], v = y->nums[k];
      if (isnan(u) || isnan(v))
        c = isnan(u) - isnan(v);
      else
        c = (u > v) - (u < v);
    } else if (sc->orders[k] == TXT_ORDER_INPUT) {
      c = (x->nums[k] > y->nums[k]) - (x->nums[k] < y->nums[k]); /* first appearance */
    } else {
      c = txt_collate(sc->st->coll[sc->orders[k] == TXT_ORDER_STROKE], x->keys[k], y->keys[k]);
      if (c == 0) c = strcmp(x->keys[k], y->keys[k]);
    }
    if (sc->n->sorts[k].descending) c = -c;
    if (c) return c;
  }
  return (x->input > y->input) - (x->input < y->input);
}

static bool resolve_order(struct eval_state *st, const tpl_sort *s, txt_order *order,
                          bool *number) {
  tpl_order o = s->order;
  *number = false;
  if (o == ORDER_VAR) {
    const char *v = tpl_eval_var(st, s->order_var);
    if (!v || !*v || strcmp(v, "input") == 0)
      o = ORDER_INPUT;
    else if (strcmp(v, "pinyin") == 0)
      o = ORDER_PINYIN;
    else if (strcmp(v, "stroke") == 0)
      o = ORDER_STROKE;
    else if (strcmp(v, "number") == 0)
      o = ORDER_NUMBER;
    else {
      diag_error(
          st->diag, at_applicant(st, s->key->at), "$%s = \"%s\": %s", s->order_var, v,
          L("expected pinyin, stroke, input or number", "应为 pinyin、stroke、input 或 number"));
      return false;
    }
  }
  *number = o == ORDER_NUMBER;
  *order = o == ORDER_PINYIN   ? TXT_ORDER_PINYIN
           : o == ORDER_STROKE ? TXT_ORDER_STROKE
                               : TXT_ORDER_INPUT;
  if (*order != TXT_ORDER_INPUT && !st->coll[*order == TXT_ORDER_STROKE]) {
    st->coll[*order == TXT_ORDER_STROKE] = txt_collator_new(*order);
    /* lists of companies and places: 长葛 is cháng, 厦门 xià (ICU alone reads zhǎng, shà) */
    if (st->coll[*order == TXT_ORDER_STROKE])
      txt_collator_set_name_readings(st->coll[*order == TXT_ORDER_STROKE], true);
    if (!st->coll[*order == TXT_ORDER_STROKE]) {
      diag_error(st->diag, at_applicant(st, s->key->at), "%s",
                 L("cannot open the ICU collator for sorting", "无法打开 ICU 排序器"));
      return false;
    }
  }
  return true;
}

/* The context of a row added by min=: an element with no attributes and no children, so the
 * row's own fields are empty (absolute paths and variables still give their values). */
static xmlNodePtr blank_node(struct eval_state *st) {
  if (!st->blank_doc) {
    st->blank_doc = xmlNewDoc(BAD_CAST "1.0");
    xmlDocSetRootElement(st->blank_doc, xmlNewDocNode(st->blank_doc, NULL, BAD_CAST "blank", NULL));
  }
  return xmlDocGetRootElement(st->blank_doc);
}

static counter *counter_of(struct eval_state *st, const tpl_node *n) {
  for (size_t i = 0; i < st->counter_count; i++)
    if (st->counters[i].node == n) return &st->counters[i];
  st->counters = xgrow(st->counters, &st->counter_cap, st->counter_count + 1, sizeof *st->counters);
  st->counters[st->counter_count] = (counter){n, 0};
  return &st->counters[st->counter_count++];
}

static bool run_for_each(struct eval_state *st, const tpl_node *n) {
  xmlXPathObjectPtr r = tpl_state_run(st, n->expr);
  if (!r) return false;
  if (r->type != XPATH_NODESET) {
    diag_error(st->diag, at_applicant(st, n->at), "<for-each select=\"%s\"> %s", n->expr->src,
               L("must select nodes, not a value", "必须选择节点而不是值"));
    xmlXPathFreeObject(r);
    return st->ok = false;
  }
  size_t count = r->nodesetval ? (size_t)r->nodesetval->nodeNr : 0;
  if (!count && (n->empty_error[0] || n->empty_error[1])) {
    xmlXPathFreeObject(r);
    return tpl_list_empty(st, n);
  }
  size_t nk = n->sort_count;
  item *items = xcalloc(count ? count : 1, sizeof *items);
  bool ok = true;
  sort_ctx sc = {st, n, {0}, {0}};
  for (size_t k = 0; k < nk && ok; k++)
    ok = resolve_order(st, &n->sorts[k], &sc.orders[k], &sc.number[k]);
  xmlNodePtr saved_node = st->node;
  int saved_index = st->index, saved_size = st->size, saved_offset = st->index_offset;
  st->index_offset = 0;
  for (size_t i = 0; i < count; i++) {
    items[i].node = r->nodesetval->nodeTab[i];
    items[i].input = i;
    if (!nk) continue;
    items[i].keys = xcalloc(nk, sizeof(char *));
    items[i].nums = xcalloc(nk, sizeof(double));
    st->node = items[i].node;
    st->index = (int)i + 1;
    st->size = (int)count;
    for (size_t k = 0; k < nk && ok; k++) {
      items[i].keys[k] = run_string(st, n->sorts[k].key, NULL);
      if (!items[i].keys[k]) {
        ok = false;
        break;
      }
      if (sc.number[k]) {
        char *end;
        items[i].nums[k] = strtod(items[i].keys[k], &end);
        if (end == items[i].keys[k]) items[i].nums[k] = NAN;
      } else if (sc.orders[k] == TXT_ORDER_INPUT) {
        size_t first = i; /* input order of a key: where its value first appears */
        for (size_t j = 0; j < i; j++)
          if (items[j].keys[k] && strcmp(items[j].keys[k], items[i].keys[k]) == 0) {
            first = j;
            break;
          }
        items[i].nums[k] = (double)first;
      }
    }
  }
  if (ok && nk) qsort_r(items, count, sizeof *items, compare_items, &sc);

  if (ok && n->group_by) {
    /* groups in the order of their first member; each member once */
    char **gkeys = xcalloc(count ? count : 1, sizeof *gkeys);
    for (size_t i = 0; i < count && ok; i++) {
      st->node = items[i].node;
      gkeys[i] = run_string(st, n->group_by, NULL);
      if (!gkeys[i]) ok = false;
    }
    bool *done = xcalloc(count ? count : 1, sizeof *done);
    int groups = 0;
    for (size_t i = 0; i < count && ok; i++)
      if (!done[i]) {
        groups++;
        for (size_t j = i; j < count; j++)
          if (strcmp(gkeys[j], gkeys[i]) == 0) done[j] = true;
      }
    memset(done, 0, count * sizeof *done);
    int g = 0;
    xmlNodeSetPtr saved_group = st->group;
    for (size_t i = 0; i < count && ok; i++) {
      if (done[i]) continue;
      xmlNodeSetPtr set = xmlXPathNodeSetCreate(NULL);
      for (size_t j = i; j < count; j++)
        if (strcmp(gkeys[j], gkeys[i]) == 0) {
          done[j] = true;
          xmlXPathNodeSetAdd(set, items[j].node);
        }
      st->group = set;
      st->node = items[i].node;
      st->index = ++g;
      st->size = groups;
      ok = run_nodes(st, n->first);
      if (st->in_cell) flush_cell_text(st); /* each item its own paragraph, as before */
      xmlXPathFreeNodeSet(set);
    }
    st->group = saved_group;
    for (size_t i = 0; i < count; i++) free(gkeys[i]);
    free(gkeys);
    free(done);
  } else {
    /* min= repeats the content over an empty context until there are that many */
    size_t total = count < n->min_count ? n->min_count : count;
    counter *c = n->continue_index ? counter_of(st, n) : NULL;
    st->index_offset = c ? c->last : 0;
    for (size_t i = 0; i < total && ok; i++) {
      st->node = i < count ? items[i].node : blank_node(st);
      st->index = (int)i + 1;
      st->size = (int)total;
      ok = run_nodes(st, n->first);
      if (st->in_cell) flush_cell_text(st); /* each item its own paragraph, as before */
    }
    if (c) c->last += (int)total;
  }
  st->node = saved_node;
  st->index = saved_index;
  st->size = saved_size;
  st->index_offset = saved_offset;
  for (size_t i = 0; i < count; i++) {
    for (size_t k = 0; items[i].keys && k < nk; k++) free(items[i].keys[k]);
    free(items[i].keys);
    free(items[i].nums);
  }
  free(items);
  xmlXPathFreeObject(r);
  if (!ok) st->ok = false;
  return ok;
}

/* ---- nodes ---- */

static const char *or_null(const char *s) { return s && *s ? s : NULL; }

/* <attachments>: collects its <item>s (st->items, saved and restored around it) into one 附件说明. */
static bool run_attachments(struct eval_state *st, const tpl_node *n, src_loc at) {
  const char **saved = st->items;
  size_t saved_count = st->item_count, saved_cap = st->item_cap;
  bool saved_collecting = st->collecting;
  st->items = NULL, st->item_count = st->item_cap = 0, st->collecting = true;
  bool ok = run_nodes(st, n->first);
  if (ok && st->item_count) st->b->attachment_note(st->sink, st->items, st->item_count, at);
  for (size_t i = 0; i < st->item_count; i++) free((char *)st->items[i]);
  free(st->items);
  st->items = saved, st->item_count = saved_count, st->item_cap = saved_cap;
  st->collecting = saved_collecting;
  return ok;
}

/* <signature seal="yes|no">: "yes" (or empty) for GB/T 9704 7.3.5.1, "no" for 7.3.5.2. */
static bool run_signature(struct eval_state *st, char *const t[4], src_loc at) {
  const char *seal = t[2] ? t[2] : "";
  bool sealed = !*seal || strcmp(seal, "yes") == 0;
  if (!sealed && strcmp(seal, "no") != 0) {
    diag_error(st->diag, at, L("<signature seal=\"%s\">: write yes (issuer and date as with a seal, "
                               "GB/T 9704 7.3.5.1) or no (without a seal, 7.3.5.2)",
                               "<signature seal=\"%s\">：应为 yes（加盖印章，GB/T 9704 7.3.5.1）或 no（不加盖印章，7.3.5.2）"),
               seal);
    return false;
  }
  st->b->signature(st->sink, t[0] ? t[0] : "", t[1] ? t[1] : "", sealed, at);
  return true;
}

static bool run_cell(struct eval_state *st, const tpl_node *n) {
  lay_align saved = st->cell_align;
  bool saved_in = st->in_cell;
  st->b->cell(st->sink, n->colspan, n->rowspan, n->align);
  st->cell_align = n->align;
  st->in_cell = true;
  bool ok = run_nodes(st, n->first);
  flush_cell_text(st);
  st->in_cell = saved_in;
  st->cell_align = saved;
  return ok;
}

/* The boolean of n->expr in *yes (false without an expression); false on an XPath error. */
static bool run_condition(struct eval_state *st, const tpl_node *n, bool *yes) {
  *yes = false;
  if (!n->expr) return true;
  xmlXPathObjectPtr r = tpl_state_run(st, n->expr);
  if (!r) return false;
  *yes = xmlXPathCastToBoolean(r) != 0;
  xmlXPathFreeObject(r);
  return true;
}

/* <cover>: its <cover-title>s and <fill>s are collected (st->cover), then laid out as one page. */
static bool run_cover(struct eval_state *st, const tpl_node *n, const char *number_style, src_loc at) {
  cover_parts parts = {0}, *saved = st->cover;
  st->cover = &parts;
  bool ok = run_nodes(st, n->first);
  st->cover = saved;
  if (ok) {
    lay_cover c = {n->number, parts.titles, parts.title_count, parts.fills, parts.fill_count,
                   n->font_size, or_null(number_style)};
    st->b->cover(st->sink, &c, at);
  }
  for (size_t i = 0; i < parts.title_count; i++) free((char *)parts.titles[i].text);
  for (size_t i = 0; i < parts.fill_count; i++) {
    free((char *)parts.fills[i].label);
    free((char *)parts.fills[i].value);
    free((char *)parts.fills[i].empty);
  }
  free(parts.titles);
  free(parts.fills);
  return ok;
}

/* <cover-title> and <fill> inside a <cover>: take over *text (and t[0], t[1] of a fill). */
static void add_cover_part(struct eval_state *st, const tpl_node *n, char *t[4], char **text) {
  cover_parts *c = st->cover;
  if (!c) return;
  if (n->kind == N_COVER_TITLE) {
    if (!**text) return;
    c->titles = xgrow(c->titles, &c->title_cap, c->title_count + 1, sizeof *c->titles);
    c->titles[c->title_count++] = (lay_cover_line){*text, n->font, n->number};
  } else {
    c->fills = xgrow(c->fills, &c->fill_cap, c->fill_count + 1, sizeof *c->fills);
    c->fills[c->fill_count++] = (lay_cover_fill){t[0] ? t[0] : xstrdup(""), *text, t[1] ? t[1] : xstrdup("")};
    t[0] = t[1] = NULL;
  }
  *text = NULL;
}

/* <let>: binds n->name for the rest of this sibling list (popped by run_nodes). */
bool tpl_state_let(struct eval_state *st, const tpl_node *n) {
  xmlXPathObjectPtr r = tpl_state_run(st, n->expr);
  if (!r) return false;
  let *l = xmalloc(sizeof *l);
  *l = (let){st->lets, n->name, r};
  st->lets = l;
  return true;
}

/* The nodes that build a table or a paragraph's place in it; false when 'n' is not one. */
static bool run_table_node(struct eval_state *st, const tpl_node *n, char *t[4], char **text, src_loc at,
                           bool *ok) {
  const tpl_builder *b = st->b;
  void *s = st->sink;
  switch (n->kind) {
    case N_TABLE: {
      lay_table_spec spec = {n->columns, n->weights, n->header_rows, n->font_size, n->fit_content};
      b->table_begin(s, &spec, at);
      *ok = run_nodes(st, n->first);
      b->table_end(s);
      return true;
    }
    case N_ROW:
      b->row_begin(s, n->number);
      if (n->heads && b->row_heads) b->row_heads(s);
      *ok = run_nodes(st, n->first);
      b->row_end(s);
      return true;
    case N_CELL:
      *ok = run_cell(st, n);
      return true;
    case N_LITERAL: /* a run of the cell's own text: joins the runs next to it */
      if (st->in_cell)
        add_cell_text(st, n, *text);
      else
        each_paragraph(st, *text, n, emit_cell_text);
      return true;
    case N_TEXT: /* <text>: a paragraph of its own */
      each_paragraph(st, *text, n, emit_cell_text);
      return true;
    case N_CHECKBOX: {
      bool ticked;
      *ok = run_condition(st, n, &ticked);
      if (*ok) b->cell_checkbox(s, t[0] ? t[0] : "", ticked, at);
      return true;
    }
    case N_SPACE:
      b->cell_space(s, n->number);
      return true;
    default:
      return false;
  }
}

/* One node with its attributes (t[0..3]) and text evaluated; false on an error (reported). */
static bool dispatch(struct eval_state *st, const tpl_node *n, char *t[4], char **text, src_loc at) {
  const tpl_builder *b = st->b;
  void *s = st->sink;
  bool ok = true, yes;
  if (run_table_node(st, n, t, text, at, &ok)) return ok;
  switch (n->kind) {
    case N_INFO: {
      lay_info info = {or_null(t[0]), or_null(t[1]), or_null(t[2]), or_null(t[3]), NULL,
                       or_null(tpl_eval_var(st, "date"))};
      b->info(s, &info);
      return true;
    }
    case N_MASTHEAD: b->masthead(s, or_null(t[0]), or_null(t[1]), at); return true;
    case N_TITLE: b->title(s, *text, at); return true;
    case N_P: each_paragraph(st, *text, n, emit_paragraph); return true;
    case N_BLANK: b->blank(s, (int)n->number); return true;
    case N_ATTACHMENTS: return run_attachments(st, n, at);
    case N_ITEM:
      if (**text) {
        st->items = xgrow(st->items, &st->item_cap, st->item_count + 1, sizeof *st->items);
        st->items[st->item_count++] = *text;
        *text = NULL;
      }
      return true;
    case N_SIGNATURE: return run_signature(st, t, at);
    case N_ATTACHMENT: b->attachment_start(s, or_null(t[0]), or_null(t[1]), at); return true;
    case N_LINE: b->line(s, n->style, n->font, n->number, *text, at); return true;
    case N_PAGE_BREAK: b->page_break(s); return true;
    case N_COLOPHON: b->colophon(s, or_null(t[0]), or_null(t[1]), or_null(t[2]), at); return true;
    case N_COVER: return run_cover(st, n, t[0], at);
    case N_COVER_TITLE:
    case N_FILL: add_cover_part(st, n, t, text); return true;
    case N_FOR_EACH: return run_for_each(st, n);
    case N_IF:
      if (!run_condition(st, n, &yes)) return false;
      return yes ? run_nodes(st, n->first) : n->else_branch ? run_nodes(st, n->else_branch->first) : true;
    case N_LET: return tpl_state_let(st, n);
    default: /* N_DOCUMENT, N_SORT, N_ELSE: their children; N_PLACEHOLDER has none */
      return run_nodes(st, n->first);
  }
}

static bool run_node(struct eval_state *st, const tpl_node *n) {
  src_loc at = at_applicant(st, n->at);
  char *t[4] = {NULL, NULL, NULL, NULL};
  bool ok = true;
  for (int i = 0; i < 4 && ok; i++)
    if (n->attr[i] && !(t[i] = tpl_state_text(st, n->attr[i]))) ok = false;
  char *text = NULL;
  if (ok && n->text && !(text = tpl_state_text(st, n->text))) ok = false;
  if (ok) {
    /* anything but text, a condition or a variable ends the cell's paragraph before it */
    if (st->in_cell && n->kind != N_LITERAL && n->kind != N_IF && n->kind != N_LET && n->kind != N_PLACEHOLDER)
      flush_cell_text(st);
    ok = dispatch(st, n, t, &text, at);
  }
  for (int i = 0; i < 4; i++) free(t[i]);
  free(text);
  if (!ok) st->ok = false;
  return ok;
}

static bool run_nodes(struct eval_state *st, const tpl_node *first) {
  let *scope = st->lets;
  bool ok = true;
  for (const tpl_node *n = first; n && ok; n = n->next) ok = run_node(st, n);
  tpl_state_unwind(st, scope);
  return ok;
}

void tpl_state_unwind(struct eval_state *st, let *scope) {
  while (st->lets != scope) {
    let *l = st->lets;
    st->lets = l->up;
    xmlXPathFreeObject(l->value);
    free(l);
  }
}

static const tpl_template *find_template(const tpl_program *p, const tpl_document_spec *doc,
                                         const tpl_context *ctx, diag_sink *diag) {
  const tpl_template *t = NULL;
  for (size_t i = 0; i < p->doc_count; i++)
    if (&p->docs[i].spec == doc) t = &p->docs[i];
  if (!t || !t->root || !ctx || !ctx->round) {
    diag_error(diag, SRC_LOC_NONE, "%s",
               L("tpl_render: no such document or no round", "tpl_render：文档或评审数据无效"));
    return NULL;
  }
  return t;
}

void tpl_state_init(struct eval_state *st, const tpl_program *p, const tpl_document_spec *doc,
                    const tpl_context *ctx, diag_sink *diag) {
  strbuf_init(&st->xp_error);
  strbuf_init(&st->warned);
  strbuf_init(&st->cell_text);
  st->p = p, st->doc = doc, st->ctx = ctx, st->diag = diag, st->ok = true;
  st->node = ctx->context ? ctx->context : xmlDocGetRootElement(ctx->round);
  if (st->node && st->node->type == XML_ELEMENT_NODE &&
      strcmp((const char *)st->node->name, "applicant") == 0) {
    xmlAttrPtr id = xmlHasProp(st->node, (const xmlChar *)"id");
    if (id && id->children)
      st->applicant = (const char *)id->children->content; /* lives with the round */
  }
  st->xp = xmlXPathNewContext(ctx->round);
  st->xp->error = xpath_error;
  st->xp->userData = st;
  xmlXPathRegisterVariableLookup(st->xp, lookup, st);
  inp_xpath_register(st->xp);
  st->xpath_env = (inp_xpath_env){ctx->calendar, 0};
  inp_xpath_use_env(st->xp, &st->xpath_env);
}

void tpl_state_release(struct eval_state *st) {
  xmlXPathFreeContext(st->xp);
  for (int i = 0; i < 2; i++) txt_collator_free(st->coll[i]);
  free(st->counters);
  if (st->blank_doc) xmlFreeDoc(st->blank_doc);
  strbuf_release(&st->xp_error);
  strbuf_release(&st->warned);
  strbuf_release(&st->cell_text);
}

bool tpl_document_applies(const tpl_program *p, const tpl_document_spec *doc, const tpl_context *ctx,
                          bool *error, diag_sink *diag) {
  *error = false;
  const tpl_template *t = find_template(p, doc, ctx, diag);
  if (!t) return !(*error = true);
  if (!t->when) return true;
  struct eval_state st = {0};
  tpl_state_init(&st, p, doc, ctx, diag);
  xmlXPathObjectPtr r = tpl_state_run(&st, t->when);
  bool yes = r && xmlXPathCastToBoolean(r);
  *error = !r;
  xmlXPathFreeObject(r);
  tpl_state_release(&st);
  return yes;
}

bool tpl_eval(const tpl_program *p, const tpl_document_spec *doc, const tpl_context *ctx,
              const tpl_builder *b, void *sink, diag_sink *diag) {
  const tpl_template *t = find_template(p, doc, ctx, diag);
  if (!t) return false;
  struct eval_state st = {.b = b, .sink = sink};
  tpl_state_init(&st, p, doc, ctx, diag);
  run_nodes(&st, t->root->first);
  tpl_state_release(&st);
  return st.ok;
}

bool tpl_render_blocks(const tpl_program *p, const tpl_document_spec *doc, const tpl_context *ctx,
                       const tpl_builder *b, void *sink, diag_sink *diag) {
  return tpl_eval(p, doc, ctx, b, sink, diag);
}
