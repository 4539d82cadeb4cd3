/* Lists that must not be empty: a <for-each> with <empty-error> that selects nothing fails its
 * document (a 公示 over nobody: "拟将0个企业纳入…" above an empty table), naming the document's
 * file and saying why in the template's words; tpl_check_lists() finds such documents before
 * anything is written (validate, import). Which lists must not be empty is the templates' data,
 * never a field known here. */
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "template/eval_private.h"

/* The document's file as the run names it: its output pattern with {group} and {id} filled. */
static char *doc_file(struct eval_state *st) {
  const char *pat = st->doc && st->doc->output ? st->doc->output : "";
  const char *group = st->p->group ? tpl_eval_var(st, st->p->group->name) : "";
  strbuf b;
  strbuf_init(&b);
  strbuf_append(&b, "");
  for (const char *s = pat; *s; s++) {
    if (strncmp(s, "{group}", 7) == 0) {
      strbuf_append(&b, group), s += 6;
    } else if (strncmp(s, "{id}", 4) == 0) {
      strbuf_append(&b, st->applicant ? st->applicant : ""), s += 3;
    } else {
      strbuf_putc(&b, *s);
    }
  }
  return strbuf_detach(&b);
}

/* Reports the list 'n' as empty: 'failed' in a render (the document is not written), else
 * found beforehand (at 'level'). */
static void report_empty(struct eval_state *st, const tpl_node *n, bool failed, diag_level level) {
  char *why = tpl_state_text(st, n->empty_error[lang_is_chinese() ? 1 : 0]);
  if (!why) return; /* its expression's error is reported */
  char *file = doc_file(st);
  src_loc at = n->at;
  at.applicant = st->applicant;
  if (failed)
    diag_report(st->diag, level, at, L("%s would list nobody, so it is not written: %s", "%s 的名单为空，未生成：%s"),
                file, why);
  else
    diag_report(st->diag, level, at,
                L("%s would list nobody (yinfa run would not write it): %s", "%s 的名单将为空（yinfa run 不会生成该文档）：%s"),
                file, why);
  free(file);
  free(why);
}

bool tpl_list_empty(struct eval_state *st, const tpl_node *n) {
  report_empty(st, n, true, DIAG_ERROR);
  return st->ok = false;
}

/* The lists that must not be empty among 'first' and its siblings, with the <let>s before them;
 * not inside an <if> (the condition may need the job's INI) or another <for-each> (their context
 * is each item). Counts the empty ones in *empty. */
static void walk(struct eval_state *st, const tpl_node *first, diag_level level, size_t *empty) {
  let *scope = st->lets;
  for (const tpl_node *n = first; n && st->ok; n = n->next) {
    if (n->kind == N_LET) {
      tpl_state_let(st, n);
    } else if (n->kind == N_FOR_EACH) {
      if (!n->empty_error[0]) continue;
      xmlXPathObjectPtr r = tpl_state_run(st, n->expr);
      if (r && r->type == XPATH_NODESET && (!r->nodesetval || r->nodesetval->nodeNr == 0)) {
        report_empty(st, n, false, level);
        ++*empty;
      }
      xmlXPathFreeObject(r);
    } else if (n->kind != N_IF) {
      walk(st, n->first, level, empty);
    }
  }
  tpl_state_unwind(st, scope);
}

static bool has_lists(const tpl_node *first) {
  for (const tpl_node *n = first; n; n = n->next)
    if ((n->kind == N_FOR_EACH && n->empty_error[0]) || (n->kind != N_IF && n->kind != N_FOR_EACH && has_lists(n->first)))
      return true;
  return false;
}

/* One document at 'ctx': reported when it applies and a list of it would be empty. */
static size_t check_one(const tpl_program *p, const tpl_template *t, const tpl_context *ctx, diag_level level,
                        diag_sink *diag) {
  bool error = false;
  if (!tpl_document_applies(p, &t->spec, ctx, &error, diag) || error) return 0;
  struct eval_state st = {0};
  tpl_state_init(&st, p, &t->spec, ctx, diag);
  size_t empty = 0;
  walk(&st, t->root->first, level, &empty);
  tpl_state_release(&st);
  return empty ? 1 : 0;
}

/* The distinct values of the program's group key over the applicants, in order of appearance
 * (as the run makes its group documents); malloc'd strings in a malloc'd array. */
static size_t group_values(const tpl_program *p, xmlDocPtr round, char ***out) {
  *out = NULL;
  xmlXPathCompExprPtr key = xmlXPathCompile(BAD_CAST p->group->key);
  xmlXPathContextPtr xp = xmlXPathNewContext(round);
  xmlXPathObjectPtr apps = xmlXPathEval(BAD_CAST "/review-round/applicant", xp);
  size_t n = 0, cap = 0;
  for (int i = 0; key && apps && apps->nodesetval && i < apps->nodesetval->nodeNr; i++) {
    xp->node = apps->nodesetval->nodeTab[i];
    xmlXPathObjectPtr v = xmlXPathCompiledEval(key, xp);
    xmlChar *s = v ? xmlXPathCastToString(v) : NULL;
    bool seen = !s || !*s;
    for (size_t j = 0; j < n && !seen; j++) seen = strcmp((*out)[j], (const char *)s) == 0;
    if (!seen) {
      *out = xgrow(*out, &cap, n + 1, sizeof **out);
      (*out)[n++] = xstrdup((const char *)s);
    }
    xmlFree(s);
    xmlXPathFreeObject(v);
  }
  xmlXPathFreeObject(apps);
  xmlXPathFreeContext(xp);
  xmlXPathFreeCompExpr(key);
  return n;
}

size_t tpl_check_lists(const tpl_program *p, const tpl_context *round_ctx, bool as_error, diag_sink *diag) {
  diag_level level = as_error ? DIAG_ERROR : DIAG_WARNING;
  tpl_context ctx = *round_ctx;
  xmlNodePtr root = xmlDocGetRootElement(ctx.round);
  /* the configuration and, last, the group's variable */
  tpl_var *vars = xcalloc(ctx.var_count + 1, sizeof *vars);
  if (ctx.var_count) memcpy(vars, ctx.vars, ctx.var_count * sizeof *vars);
  ctx.vars = vars;
  char **groups = NULL;
  size_t group_count = p->group ? group_values(p, ctx.round, &groups) : 0, failed = 0;
  if (p->group) vars[ctx.var_count++] = (tpl_var){p->group->name, ""};
  for (size_t d = 0; d < p->doc_count; d++) {
    const tpl_template *t = &p->docs[d];
    if (!t->root || !has_lists(t->root->first)) continue;
    ctx.context = root;
    if (t->spec.scope == TPL_SCOPE_ROUND) {
      failed += check_one(p, t, &ctx, level, diag);
    } else if (t->spec.scope == TPL_SCOPE_GROUP) {
      for (size_t g = 0; g < group_count; g++) {
        vars[ctx.var_count - 1].value = groups[g];
        failed += check_one(p, t, &ctx, level, diag);
      }
    } else {
      for (xmlNodePtr a = root ? root->children : NULL; a; a = a->next) {
        if (a->type != XML_ELEMENT_NODE || strcmp((const char *)a->name, "applicant") != 0) continue;
        ctx.context = a;
        failed += check_one(p, t, &ctx, level, diag);
      }
    }
  }
  for (size_t g = 0; g < group_count; g++) free(groups[g]);
  free(groups);
  free(vars);
  return failed;
}
