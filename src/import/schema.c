/* The content model of <applicant> read from a program's XML Schema (XSD 1.0, as libxml2 parses
 * it: a plain XML tree), so that an imported round writes elements and attributes in the order
 * the schema requires and knows which values every applicant needs, without a program's element
 * names in C or in import.xml. Supports what program schemas use: named and inline complex
 * types, xs:sequence / xs:choice / xs:all, simple and complex content with extension. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "import/import_private.h"

#define XS_NS "http://www.w3.org/2001/XMLSchema"
#define MAX_DEPTH 24

typedef struct {
  xmlNode *root;
  arena *a;
  xsd_element *els;
  size_t count, cap;
  xsd_choice *choices;
  size_t choice_count;
} walker;

static bool xs(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && n->ns && strcmp((const char *)n->ns->href, XS_NS) == 0 &&
         strcmp((const char *)n->name, name) == 0;
}

static const char *prop(walker *w, xmlNode *n, const char *name) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  const char *r = v ? arena_strdup(w->a, (const char *)v) : NULL;
  xmlFree(v);
  return r;
}

/* A global xs:complexType (or xs:element) by name; a prefix (xs:string, tns:x) is dropped. */
static xmlNode *global(walker *w, const char *kind, const char *qname) {
  if (!qname) return NULL;
  const char *colon = strchr(qname, ':');
  const char *name = colon ? colon + 1 : qname;
  for (xmlNode *c = w->root->children; c; c = c->next)
    if (xs(c, kind)) {
      xmlChar *n = xmlGetProp(c, (const xmlChar *)"name");
      bool same = n && strcmp((const char *)n, name) == 0;
      xmlFree(n);
      if (same) return c;
    }
  return NULL;
}

static void push_name(arena *a, const char ***list, size_t *count, const char *s) {
  for (size_t i = 0; i < *count; i++)
    if (strcmp((*list)[i], s) == 0) return;
  const char **grown = arena_alloc(a, (*count + 1) * sizeof *grown);
  if (*count) memcpy(grown, *list, *count * sizeof *grown);
  grown[(*count)++] = s;
  *list = grown;
}

static void walk_element(walker *w, xmlNode *decl, const char *path, bool required, int depth);

static void add_attr(walker *w, size_t at, xmlNode *n) {
  const char *name = prop(w, n, "name");
  if (!name) return;
  xsd_element *e = &w->els[at];
  for (size_t i = 0; i < e->attr_count; i++)
    if (strcmp(e->attrs[i], name) == 0) return;
  const char **attrs = arena_alloc(w->a, (e->attr_count + 1) * sizeof *attrs);
  bool *req = arena_alloc(w->a, (e->attr_count + 1) * sizeof *req);
  if (e->attr_count) {
    memcpy(attrs, e->attrs, e->attr_count * sizeof *attrs);
    memcpy(req, e->attr_required, e->attr_count * sizeof *req);
  }
  const char *use = prop(w, n, "use");
  attrs[e->attr_count] = name;
  req[e->attr_count] = use && strcmp(use, "required") == 0;
  e->attrs = attrs, e->attr_required = req, e->attr_count++;
}

/* A required choice of elements ("either code"): its element paths under 'at'. */
static void add_choice(walker *w, xmlNode *choice, size_t at) {
  xsd_choice ch = {0};
  const char *parent = w->els[at].path;
  for (xmlNode *c = choice->children; c; c = c->next) {
    if (!xs(c, "element")) continue;
    const char *name = prop(w, c, "name");
    if (!name) return; /* a ref or a nested group: not a choice of plain elements */
    char *path = arena_alloc(w->a, strlen(parent) + strlen(name) + 2);
    strcpy(path, parent);
    if (*parent) strcat(path, "/");
    strcat(path, name);
    push_name(w->a, &ch.paths, &ch.count, path);
  }
  if (ch.count < 2) return;
  xsd_choice *grown = arena_alloc(w->a, (w->choice_count + 1) * sizeof *grown);
  if (w->choice_count) memcpy(grown, w->choices, w->choice_count * sizeof *grown);
  grown[w->choice_count++] = ch;
  w->choices = grown;
}

/* The particles and attributes of a complex type's content, into element 'at'. 'optional': inside
 * a choice or an optional particle, so no child found here is required. */
static void walk_content(walker *w, xmlNode *n, size_t at, bool optional, int depth) {
  if (depth > MAX_DEPTH) return;
  for (xmlNode *c = n->children; c; c = c->next) {
    if (xs(c, "sequence") || xs(c, "all") || xs(c, "choice")) {
      const char *min = prop(w, c, "minOccurs");
      bool opt = optional || (min && strcmp(min, "0") == 0);
      if (xs(c, "choice") && !opt) add_choice(w, c, at);
      walk_content(w, c, at, opt || xs(c, "choice"), depth + 1);
    } else if (xs(c, "element")) {
      const char *name = prop(w, c, "name");
      xmlNode *decl = c;
      if (!name) { /* ref="x": a global element */
        const char *ref = prop(w, c, "ref");
        decl = global(w, "element", ref);
        name = decl ? prop(w, decl, "name") : NULL;
      }
      if (!name) continue;
      push_name(w->a, &w->els[at].children, &w->els[at].child_count, name);
      const char *min = prop(w, c, "minOccurs");
      const char *parent = w->els[at].path;
      char *path = arena_alloc(w->a, strlen(parent) + strlen(name) + 2);
      strcpy(path, parent);
      if (*parent) strcat(path, "/");
      strcat(path, name);
      walk_element(w, decl, path, !optional && !(min && strcmp(min, "0") == 0), depth + 1);
    } else if (xs(c, "attribute")) {
      add_attr(w, at, c);
    } else if (xs(c, "simpleContent") || xs(c, "complexContent")) {
      walk_content(w, c, at, optional, depth + 1);
    } else if (xs(c, "extension") || xs(c, "restriction")) {
      /* complexContent extension: the base type's content comes first */
      xmlNode *base = xs(c, "extension") ? global(w, "complexType", prop(w, c, "base")) : NULL;
      if (base) walk_content(w, base, at, optional, depth + 1);
      walk_content(w, c, at, optional, depth + 1);
    } else if (xs(c, "complexType")) {
      walk_content(w, c, at, optional, depth + 1);
    }
  }
}

static void walk_element(walker *w, xmlNode *decl, const char *path, bool required, int depth) {
  if (depth > MAX_DEPTH) return;
  for (size_t i = 0; i < w->count; i++)
    if (strcmp(w->els[i].path, path) == 0) return; /* declared twice (a choice): first wins */
  if (w->count == w->cap) {
    size_t cap = w->cap ? w->cap * 2 : 32;
    xsd_element *grown = arena_alloc(w->a, cap * sizeof *grown);
    if (w->count) memcpy(grown, w->els, w->count * sizeof *grown);
    w->els = grown, w->cap = cap;
  }
  size_t at = w->count++;
  memset(&w->els[at], 0, sizeof w->els[at]);
  w->els[at].path = path;
  w->els[at].required = required;
  xmlNode *type = NULL;
  for (xmlNode *c = decl->children; c && !type; c = c->next)
    if (xs(c, "complexType")) type = c;
  if (!type) type = global(w, "complexType", prop(w, decl, "type"));
  if (type) walk_content(w, type, at, false, depth + 1);
}

xsd_order *imp_schema_read(const char *xsd_path, arena *a, diag_sink *diag) {
  xmlDocPtr doc = xmlReadFile(xsd_path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
  if (!root || !xs(root, "schema")) {
    diag_error(diag, ((src_loc){xsd_path, 0, 0, NULL}),
               L("cannot read the schema's element order: not an XML Schema", "无法从架构读取元素顺序：不是 XML Schema"));
    xmlFreeDoc(doc);
    return NULL;
  }
  walker w = {.root = root, .a = a};
  /* review-round (global) → applicant, the envelope every program shares */
  xmlNode *rr = global(&w, "element", "review-round");
  xmlNode *app = NULL;
  if (rr) {
    /* depth-first search for <xs:element name="applicant"> in review-round's type */
    xmlNode *type = NULL;
    for (xmlNode *c = rr->children; c && !type; c = c->next)
      if (xs(c, "complexType")) type = c;
    if (!type) type = global(&w, "complexType", prop(&w, rr, "type"));
    xmlNode *stack[64];
    int sp = 0;
    if (type) stack[sp++] = type;
    while (sp > 0 && !app) {
      xmlNode *x = stack[--sp];
      for (xmlNode *c = x->children; c && !app; c = c->next) {
        if (xs(c, "element")) {
          const char *name = prop(&w, c, "name");
          if (name && strcmp(name, "applicant") == 0) app = c;
        } else if (c->type == XML_ELEMENT_NODE && sp < 64) {
          stack[sp++] = c;
        }
      }
    }
  }
  xsd_order *o = arena_alloc(a, sizeof *o);
  if (app) walk_element(&w, app, "", true, 0);
  else
    diag_error(diag, ((src_loc){xsd_path, 0, 0, NULL}),
               L("the schema declares no review-round/applicant element", "架构中没有 review-round/applicant 元素"));
  o->elements = w.els;
  o->count = w.count;
  o->choices = w.choices;
  o->choice_count = w.choice_count;
  xmlFreeDoc(doc);
  return app ? o : NULL;
}

const xsd_element *imp_schema_find(const xsd_order *o, const char *path) {
  for (size_t i = 0; o && i < o->count; i++)
    if (strcmp(o->elements[i].path, path) == 0) return &o->elements[i];
  return NULL;
}

bool imp_schema_required(const xsd_order *o, const char *path) {
  if (!o) return false;
  char buf[512];
  size_t n = strlen(path);
  if (n >= sizeof buf) return false;
  memcpy(buf, path, n + 1);
  const char *attr = NULL;
  char *at = strrchr(buf, '@');
  if (at) {
    attr = at + 1;
    if (at > buf) at[-1] = '\0';
    else *at = '\0';
  } else if (n >= 1 && strcmp(buf + n - 1, ".") == 0) {
    buf[n - 1] = '\0';
    if (n >= 2) buf[n - 2] = '\0';
  }
  /* every element step from the applicant must be required */
  for (char *p = buf;; p++) {
    if (*p == '/' || !*p) {
      char saved = *p;
      *p = '\0';
      const xsd_element *e = imp_schema_find(o, buf);
      *p = saved;
      if (!e || !e->required) return false;
      if (!saved) break;
    }
  }
  if (!attr) return true;
  const xsd_element *e = imp_schema_find(o, buf);
  for (size_t i = 0; e && i < e->attr_count; i++)
    if (strcmp(e->attrs[i], attr) == 0) return e->attr_required[i];
  return false;
}
