/* The column mapping of a program (templates/<program>/import.xml, docs/import.md): which
 * header texts name which field of the round, the unit of bare amounts, the words that mean
 * each value of a choice. Data, so an office can bring its own with --mapping. */
#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "import/import_private.h"

const struct field_info imp_fields[F_COUNT] = {
    [F_ID] = {"id", KIND_CODE},
    [F_COUNTY] = {"county", KIND_TEXT},
    [F_NAME] = {"name", KIND_TEXT},
    [F_CREDIT_CODE] = {"credit-code", KIND_CODE},
    [F_INDUSTRY] = {"industry", KIND_TEXT},
    [F_ADDRESS] = {"address", KIND_TEXT},
    [F_NATURE] = {"nature", KIND_TEXT},
    [F_MAIN_BUSINESS] = {"main-business", KIND_TEXT},
    [F_MAIN_BUSINESS_SHARE] = {"main-business-share", KIND_PERCENT},
    [F_CONTACT_NAME] = {"contact-name", KIND_TEXT},
    [F_CONTACT_TITLE] = {"contact-title", KIND_TEXT},
    [F_CONTACT_PHONE] = {"contact-phone", KIND_PHONE},
    [F_CONTACT_MOBILE] = {"contact-mobile", KIND_PHONE},
    [F_CONTACT_EMAIL] = {"contact-email", KIND_TEXT},
    [F_LEADER_NAME] = {"leader-name", KIND_TEXT},
    [F_LEADER_TITLE] = {"leader-title", KIND_TEXT},
    [F_FINANCE_YEAR] = {"finance-year", KIND_YEAR},
    [F_TOTAL_ASSETS] = {"total-assets", KIND_AMOUNT},
    [F_TOTAL_LIABILITIES] = {"total-liabilities", KIND_AMOUNT},
    [F_REVENUE] = {"revenue", KIND_AMOUNT},
    [F_PROFIT] = {"profit", KIND_AMOUNT},
    [F_TAX] = {"tax", KIND_AMOUNT},
    [F_HONOR] = {"honor", KIND_HONORS},
    [F_DIRECTION] = {"direction", KIND_CHOICE},
    [F_PROJECT_NAME] = {"project-name", KIND_TEXT},
    [F_SUMMARY] = {"summary", KIND_PARAGRAPHS},
    [F_GOALS] = {"goals", KIND_PARAGRAPHS},
    [F_EFFECTS] = {"effects", KIND_PARAGRAPHS},
    [F_COUNTY_OPINION] = {"county-opinion", KIND_PARAGRAPHS},
    [F_COUNTY_OPINION_DATE] = {"county-opinion-date", KIND_DATE},
    [F_ON_SITE_DATE] = {"on-site-date", KIND_DATE},
    [F_INNOVATION] = {"innovation", KIND_PARAGRAPHS},
    [F_TECHNICAL] = {"technical", KIND_PARAGRAPHS},
    [F_FUNDING] = {"funding", KIND_PARAGRAPHS},
    [F_OPINION] = {"opinion", KIND_PARAGRAPHS},
    [F_EXPERT] = {"expert", KIND_EXPERTS},
    [F_EXPERT_OPINION] = {"expert-opinion", KIND_PARAGRAPHS},
    [F_EXPERT_OPINION_DATE] = {"expert-opinion-date", KIND_DATE},
    [F_DECISION] = {"decision", KIND_CHOICE},
};

char *imp_normalize_label(arena *a, const char *s) {
  strbuf b, out;
  strbuf_init(&b);
  strbuf_init(&out);
  imp_ascii_forms(&b, s);
  for (const char *p = strbuf_str(&b); *p; p++)
    if (!isspace((unsigned char)*p)) strbuf_putc(&out, (char)toupper((unsigned char)*p));
  char *r = arena_strdup(a, strbuf_str(&out));
  strbuf_release(&b);
  strbuf_release(&out);
  return r;
}

static bool is(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const char *text_of(arena *a, const xmlNode *n) {
  xmlChar *t = xmlNodeGetContent(n);
  const char *r = imp_normalize_label(a, t ? (const char *)t : "");
  xmlFree(t);
  return r;
}

static const char *attr_copy(arena *a, xmlNode *n, const char *name) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  const char *r = v ? arena_strdup(a, (const char *)v) : NULL;
  xmlFree(v);
  return r;
}

static void push(arena *a, const char ***list, size_t *count, const char *s) {
  const char **grown = arena_alloc(a, (*count + 1) * sizeof *grown);
  if (*count) memcpy(grown, *list, *count * sizeof *grown);
  grown[(*count)++] = s;
  *list = grown;
}

static bool load_field(imp_mapping *m, xmlNode *n, map_field *f, diag_sink *diag) {
  src_loc at = {m->path, (int)xmlGetLineNo(n), 0, NULL};
  const char *name = attr_copy(m->arena, n, "name");
  memset(f, 0, sizeof *f);
  f->line = at.line;
  int id = -1;
  for (int i = 0; name && i < F_COUNT; i++)
    if (strcmp(imp_fields[i].name, name) == 0) id = i;
  if (id < 0) {
    diag_error(diag, at, L("<field name=\"%s\">: no such field (see docs/import.md for the list)",
                           "<field name=\"%s\">：没有这个字段（字段表见 docs/import.md）"),
               name ? name : "");
    return false;
  }
  f->id = (field_id)id;
  f->name = imp_fields[id].name;
  f->kind = imp_fields[id].kind;
  f->unit = attr_copy(m->arena, n, "unit");
  f->role = attr_copy(m->arena, n, "role");
  bool ok = true;
  if (f->unit && strcmp(f->unit, "万元") != 0 && strcmp(f->unit, "元") != 0) {
    diag_error(diag, at, L("unit=\"%s\": use 万元 or 元", "unit=\"%s\"：单位只能是 万元 或 元"), f->unit);
    ok = false;
  }
  if (f->kind == KIND_AMOUNT && !f->unit) f->unit = "万元";
  for (xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    src_loc cat = {m->path, (int)xmlGetLineNo(c), 0, NULL};
    if (is(c, "header")) {
      const char *h = text_of(m->arena, c);
      if (*h) push(m->arena, &f->headers, &f->header_count, h);
    } else if (is(c, "value") && f->kind == KIND_CHOICE) {
      const char *v = attr_copy(m->arena, c, "is");
      if (!v) {
        diag_error(diag, cat, L("<value> needs is=\"...\": the value written to the round",
                                "<value> 需要 is=\"...\"：写入评审结果的取值"));
        ok = false;
        continue;
      }
      map_value *grown = arena_alloc(m->arena, (f->value_count + 1) * sizeof *grown);
      if (f->value_count) memcpy(grown, f->values, f->value_count * sizeof *grown);
      f->values = grown;
      map_value *mv = &f->values[f->value_count++];
      mv->is = v;
      push(m->arena, &mv->aliases, &mv->alias_count, imp_normalize_label(m->arena, v));
      for (xmlNode *w = c->children; w; w = w->next)
        if (is(w, "means")) push(m->arena, &mv->aliases, &mv->alias_count, text_of(m->arena, w));
    } else {
      diag_error(diag, cat, L("<%s> is not allowed in <field> (header%s)", "<field> 中不能有 <%s>（可用 header%s）"),
                 (const char *)c->name, f->kind == KIND_CHOICE ? ", value" : "");
      ok = false;
    }
  }
  if (f->header_count == 0) {
    diag_error(diag, at, L("field %s has no <header>", "字段 %s 没有 <header>"), f->name);
    ok = false;
  }
  return ok;
}

imp_mapping *imp_mapping_load(const char *path, diag_sink *diag) {
  xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) {
    const xmlError *e = xmlGetLastError();
    diag_error(diag, ((src_loc){path, e ? e->line : 0, 0, NULL}),
               L("cannot read the mapping: %s", "无法读取列映射文件：%s"),
               e && e->message ? e->message : L("not well-formed XML", "XML 格式错误"));
    return NULL;
  }
  imp_mapping *m = xcalloc(1, sizeof *m);
  m->arena = arena_new();
  m->path = arena_strdup(m->arena, path);
  bool ok = true;
  xmlNode *root = xmlDocGetRootElement(doc);
  if (doc->intSubset || !root || !is(root, "import")) {
    diag_error(diag, ((src_loc){path, root ? (int)xmlGetLineNo(root) : 0, 0, NULL}),
               L("a mapping is an <import> element without a DTD (docs/import.md)",
                 "列映射文件应为不含 DTD 的 <import> 元素（见 docs/import.md）"));
    ok = false;
    goto done;
  }
  m->program = attr_copy(m->arena, root, "program");
  m->id_format = attr_copy(m->arena, root, "id-format");
  size_t cap = 0;
  for (xmlNode *c = root->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (is(c, "field")) {
      if (m->field_count == cap) {
        map_field *grown = arena_alloc(m->arena, (cap = cap ? cap * 2 : 64) * sizeof *grown);
        if (m->field_count) memcpy(grown, m->fields, m->field_count * sizeof *grown);
        m->fields = grown;
      }
      if (load_field(m, c, &m->fields[m->field_count], diag)) m->field_count++;
      else ok = false;
    } else if (is(c, "county-label")) {
      push(m->arena, &m->county_labels, &m->county_label_count, text_of(m->arena, c));
    } else {
      diag_error(diag, ((src_loc){path, (int)xmlGetLineNo(c), 0, NULL}),
                 L("<%s> is not allowed in <import> (field, county-label)",
                   "<import> 中不能有 <%s>（可用 field、county-label）"),
                 (const char *)c->name);
      ok = false;
    }
  }
  /* One header text naming two fields would make a column's meaning depend on order. */
  for (size_t i = 0; i < m->field_count; i++)
    for (size_t j = i + 1; j < m->field_count; j++)
      for (size_t h = 0; h < m->fields[i].header_count; h++)
        for (size_t k = 0; k < m->fields[j].header_count; k++)
          if (strcmp(m->fields[i].headers[h], m->fields[j].headers[k]) == 0 &&
              !(m->fields[i].id == m->fields[j].id)) {
            diag_error(diag, ((src_loc){path, m->fields[j].line, 0, NULL}),
                       L("header %s names both %s (line %d) and %s", "表头 %s 同时对应 %s（第 %d 行）和 %s"),
                       m->fields[j].headers[k], m->fields[i].name, m->fields[i].line, m->fields[j].name);
            ok = false;
          }
done:
  xmlFreeDoc(doc);
  if (!ok) {
    imp_mapping_free(m);
    return NULL;
  }
  return m;
}

void imp_mapping_free(imp_mapping *m) {
  if (!m) return;
  arena_free(m->arena);
  free(m);
}

const char *imp_mapping_program(const imp_mapping *m) { return m->program; }
