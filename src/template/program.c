/* program.xml: a program's documents, parameters and templates
 * (docs/templates.md). */
#include <libxml/parser.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "template/parse_private.h"

static void free_program(tpl_program *p) {
  for (size_t i = 0; i < p->comp_count; i++)
    xmlXPathFreeCompExpr(p->comps[i]);
  free(p->comps);
  arena_free(p->mem);
  free(p);
}

void tpl_program_free(tpl_program *p) {
  if (p)
    free_program(p);
}

tpl_program *tpl_program_load(const char *program_dir, diag_sink *diag) {
  parser ps;
  tpl_program *p = ps_begin(&ps, diag);

  char *path = ps_join_path(program_dir, "program.xml");
  ps.path = arena_strdup(p->mem, path);
  size_t len = 0;
  char *bytes = ps_read_file(&ps, path, &len);
  xmlDocPtr doc = bytes ? ps_parse_xml(&ps, bytes, len, path) : NULL;
  free(path);
  xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
  if (doc && (!root || !ps_is(root, "program"))) {
    diag_error(diag, root ? ps_node_loc(&ps, root) : ps_loc(&ps, 0, 0), "%s",
               L("the root element of program.xml must be <program>",
                 "program.xml 的根元素必须是 <program>"));
    ps.errors++;
    root = NULL;
  }
  if (root) {
    parser *pp = &ps;
    ps_check_attrs(pp, root, "name");
    const char *name = ps_attr(root, "name");
    p->name = arena_strdup(p->mem, name ? name : "");
    /* parameters first: every template may use them */
    const char **params = NULL;
    size_t param_cap = 0;
    for (xmlNodePtr c = root->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE || !ps_is(c, "param"))
        continue;
      ps_check_attrs(pp, c, "name");
      const char *pn = ps_attr(c, "name");
      if (!pn || !*pn) {
        diag_error(diag, ps_node_loc(pp, c), "<param> %s name",
                   L("needs", "缺少属性"));
        ps.errors++;
        continue;
      }
      params = xgrow(params, &param_cap, p->param_count + 1, sizeof *params);
      params[p->param_count++] = arena_strdup(p->mem, pn);
      ps_push_var(pp, params[p->param_count - 1]);
    }
    p->params = arena_alloc(p->mem, (p->param_count + 1) * sizeof *params);
    if (p->param_count)
      memcpy(p->params, params, p->param_count * sizeof *params);
    free(params);

    size_t count = 0;
    for (xmlNodePtr c = root->children; c; c = c->next)
      if (c->type == XML_ELEMENT_NODE && ps_is(c, "document"))
        count++;
    p->docs = arena_alloc(p->mem, (count ? count : 1) * sizeof *p->docs);
    const char *program_path = ps.path;
    p->program_path = program_path;
    for (xmlNodePtr c = root->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (ps_is(c, "param"))
        continue;
      ps.path = program_path;
      if (!ps_is(c, "document")) {
        diag_error(diag, ps_node_loc(pp, c),
                   "%s <%s> %s program.xml (%s <param>, <document>)",
                   L("unknown element", "未知元素"), ps_node_name(c),
                   L("in", "位于"), L("allowed:", "可用："));
        ps.errors++;
        continue;
      }
      ps_check_attrs(pp, c, "kind scope output template page-numbers grid");
      const char *kind = ps_attr(c, "kind"), *out = ps_attr(c, "output"),
                 *file = ps_attr(c, "template");
      int scope = ps_choice_attr(pp, c, "scope", "round applicant county", 0);
      if (!kind || !out || !file) {
        diag_error(diag, ps_node_loc(pp, c),
                   "<document> %s kind, output, template",
                   L("needs", "缺少属性"));
        ps.errors++;
        continue;
      }
      for (size_t i = 0; i < p->doc_count; i++)
        if (strcmp(p->docs[i].spec.kind, kind) == 0) {
          diag_error(diag, ps_node_loc(pp, c), "%s '%s'",
                     L("duplicate document kind", "文档类型重复"), kind);
          ps.errors++;
        }
      /* the output pattern must tell the documents of its scope apart */
      bool has_id = strstr(out, "{id}") != NULL,
           has_county = strstr(out, "{county}") != NULL;
      if ((scope == 1 && !has_id) || (scope == 2 && !has_county) ||
          (scope == 0 && (has_id || has_county))) {
        diag_error(diag, ps_node_loc(pp, c), "output=\"%s\": %s", out,
                   L("applicant scope needs {id}, county scope {county}, round "
                     "scope neither",
                     "applicant 范围须含 {id}，county 范围须含 {county}，round "
                     "范围两者都不能有"));
        ps.errors++;
      }
      tpl_template *t = &p->docs[p->doc_count++];
      t->spec.kind = arena_strdup(p->mem, kind);
      t->spec.scope = scope == 2   ? TPL_SCOPE_COUNTY
                      : scope == 1 ? TPL_SCOPE_APPLICANT
                                   : TPL_SCOPE_ROUND;
      t->spec.output = arena_strdup(p->mem, out);
      const char *pn = ps_attr(c, "page-numbers"), *grid = ps_attr(c, "grid");
      t->spec.options.page_numbers = pn && strcmp(pn, "yes") == 0;
      t->spec.options.grid = grid && strcmp(grid, "yes") == 0;
      char *tp = ps_join_path(program_dir, file);
      t->spec.template_path = arena_strdup(p->mem, tp);
      free(tp);
      t->root = ps_parse_template(pp, t->spec.template_path, NULL, 0);
    }
    if (!count && !ps.errors) {
      diag_error(diag, ps_node_loc(pp, root), "%s",
                 L("program.xml lists no <document>",
                   "program.xml 没有列出任何 <document>"));
      ps.errors++;
    }
  }
  if (doc)
    xmlFreeDoc(doc);
  ps_source_free(&ps.src);
  free(bytes);
  xmlXPathFreeContext(ps.xp);
  strbuf_release(&ps.xp_error);
  free(ps.vars);
  if (ps.errors) {
    free_program(p);
    return NULL;
  }
  return p;
}

const char *tpl_program_name(const tpl_program *p) { return p->name; }
size_t tpl_program_document_count(const tpl_program *p) {
  return p ? p->doc_count : 0;
}
const tpl_document_spec *tpl_program_document(const tpl_program *p, size_t i) {
  return p && i < p->doc_count ? &p->docs[i].spec : NULL;
}
size_t tpl_program_file_count(const tpl_program *p) {
  return p ? p->doc_count + 1 + p->include_count : 0;
}
const char *tpl_program_file(const tpl_program *p, size_t i) {
  if (!p || i > p->doc_count + p->include_count)
    return NULL;
  if (i > p->doc_count) { /* the files <include> brought in */
    const tpl_file *f = p->includes;
    for (size_t k = p->doc_count + 1; f && k < i; k++) f = f->next;
    return f ? f->path : NULL;
  }
  return i == 0 ? p->program_path : p->docs[i - 1].spec.template_path;
}

const tpl_document_spec *tpl_program_find(const tpl_program *p,
                                          const char *kind) {
  for (size_t i = 0; p && i < p->doc_count; i++)
    if (strcmp(p->docs[i].spec.kind, kind) == 0)
      return &p->docs[i].spec;
  return NULL;
}

tpl_program *tpl_parse(const char *src, size_t len, const char *path,
                       diag_sink *diag) {
  static const char *const params[] = {
      "issuer",         "doc_number", "date",     "title",   "publicity_start",
      "publicity_days", "holidays",   "workdays", "contact", "phone",
      "email",          "address",    "order",    "county",  "year"};
  parser ps;
  tpl_program *p = ps_begin(&ps, diag);
  size_t count = sizeof params / sizeof params[0];
  p->params = arena_alloc(p->mem, count * sizeof *p->params);
  for (size_t i = 0; i < count; i++) {
    p->params[p->param_count++] = params[i];
    ps_push_var(&ps, params[i]);
  }
  p->name = "";
  p->docs = arena_alloc(p->mem, sizeof *p->docs);
  tpl_template *t = &p->docs[p->doc_count++];
  t->spec.kind = "document";
  t->spec.scope = TPL_SCOPE_ROUND;
  t->spec.output = "document.pdf";
  t->spec.template_path = arena_strdup(p->mem, path ? path : "<template>");
  p->program_path = t->spec.template_path;
  t->root = ps_parse_template(&ps, t->spec.template_path, src ? src : "", len);
  xmlXPathFreeContext(ps.xp);
  strbuf_release(&ps.xp_error);
  free(ps.vars);
  if (ps.errors || !t->root) {
    free_program(p);
    return NULL;
  }
  return p;
}
