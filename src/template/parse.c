/* The template parser's frame: parser state, libxml2 parsing with located errors, variables in
 * scope, attribute values. Positions are in srcpos.c, expressions and text in interp.c, the
 * elements in elements.c, program.xml in program.c (docs/templates.md). */
#include <ctype.h>
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xpathInternals.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "template/parse_private.h"

static void xml_error(void *data, xmlErrorPtr e) {
  parser *ps = data;
  if (!e || e->level == XML_ERR_WARNING) return;
  src_loc at = {e->file ? e->file : ps->path, e->line, e->int2, NULL};
  char *msg = xstrdup(e->message ? e->message : "XML error");
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = 0;
  diag_error(ps->diag, at, "%s", msg);
  free(msg);
  ps->errors++;
}

static void xpath_error(void *data, xmlErrorPtr e) {
  parser *ps = data;
  if (e && !ps->xp_error.len) tpl_xpath_error_text(&ps->xp_error, e);
}

src_loc ps_loc(parser *ps, int line, int col) { return (src_loc){ps->path, line, col, NULL}; }


const char *ps_node_name(xmlNodePtr n) { return (const char *)n->name; }
bool ps_is(xmlNodePtr n, const char *name) { return strcmp(ps_node_name(n), name) == 0; }

/* ---- variables in scope ---- */

void ps_push_var(parser *ps, const char *name) {
  ps->vars = xgrow(ps->vars, &ps->var_cap, ps->var_count + 2, sizeof *ps->vars);
  ps->vars[ps->var_count++] = name;
  ps->vars[ps->var_count] = NULL;
}
void ps_pop_vars(parser *ps, size_t to) {
  ps->var_count = to;
  ps->vars[to] = NULL;
}


/* ---- attributes ---- */

const char *ps_attr(xmlNodePtr n, const char *name) {
  xmlAttrPtr a = xmlHasProp(n, (const xmlChar *)name);
  if (!a || !a->children || !a->children->content) return a ? "" : NULL;
  return (const char *)a->children->content;
}

/* Reports every attribute of 'n' not in 'allowed' (space-separated). */
bool ps_check_attrs(parser *ps, xmlNodePtr n, const char *allowed) {
  bool ok = true;
  for (xmlAttrPtr a = n->properties; a; a = a->next) {
    const char *name = (const char *)a->name;
    size_t len = strlen(name);
    bool found = false;
    for (const char *s = allowed; *s;) {
      const char *e = strchr(s, ' ');
      size_t l = e ? (size_t)(e - s) : strlen(s);
      if (l == len && memcmp(s, name, len) == 0) found = true;
      s += l + (e ? 1 : 0);
    }
    if (!found) {
      ps_report(ps, ps_attr_origin(ps, n, name, true), 0, len, "%s '%s' %s <%s> (%s %s)",
             L("unknown attribute", "未知属性"), name, L("on", "位于"), (const char *)n->name,
             L("allowed:", "可用："), *allowed ? allowed : L("none", "无"));
      ok = false;
    }
  }
  return ok;
}

tpl_text *ps_attr_text(parser *ps, xmlNodePtr n, const char *name) {
  const char *v = ps_attr(n, name);
  return v ? ps_parse_text(ps, v, ps_attr_origin(ps, n, name, false)) : NULL;
}

static bool parse_number(const char *s, double *out) {
  char *end;
  double v = strtod(s, &end);
  if (end == s) return false;
  while (isspace((unsigned char)*end)) end++;
  if (strcmp(end, "mm") == 0)
    v *= LAY_MM_PT;
  else if (*end && strcmp(end, "pt") != 0)
    return false;
  *out = v;
  return v >= 0 && v < 1e6;
}

bool ps_number_attr(parser *ps, xmlNodePtr n, const char *name, double dflt, double *out) {
  const char *v = ps_attr(n, name);
  *out = dflt;
  if (!v) return true;
  if (parse_number(v, out)) return true;
  ERR_ATTR(n, name, v, "%s=\"%s\": %s", name, v,
           L("expected a number (points, or with 'mm')", "应为数字（磅，或带 mm 单位）"));
  return false;
}

bool ps_count_attr(parser *ps, xmlNodePtr n, const char *name, size_t dflt, size_t min,
                       size_t *out) {
  const char *v = ps_attr(n, name);
  *out = dflt;
  if (!v) return true;
  char *end;
  long x = strtol(v, &end, 10);
  if (end != v && !*end && x >= (long)min && x <= 1000) {
    *out = (size_t)x;
    return true;
  }
  ERR_ATTR(n, name, v, "%s=\"%s\": %s", name, v, L("expected a whole number", "应为整数"));
  return false;
}

/* Picks 'v' from "a|b|c" (space-separated words); returns its index or -1 after reporting. */
int ps_choice_attr(parser *ps, xmlNodePtr n, const char *name, const char *words, int dflt) {
  const char *v = ps_attr(n, name);
  if (!v) return dflt;
  int i = 0;
  for (const char *s = words; *s; i++) {
    const char *e = strchr(s, ' ');
    size_t l = e ? (size_t)(e - s) : strlen(s);
    if (strlen(v) == l && memcmp(s, v, l) == 0) return i;
    s += l + (e ? 1 : 0);
  }
  ERR_ATTR(n, name, v, "%s=\"%s\": %s %s", name, v, L("expected one of", "应为以下之一："), words);
  return -1;
}

/* Font sizes by their Chinese names (docs/spec/layout.md), or a number of points. */
bool ps_size_attr(parser *ps, xmlNodePtr n, const char *name, double dflt, double *out) {
  static const struct {
    const char *name;
    double pt;
  } sizes[] = {{"初号", 42}, {"小初", 36}, {"一号", 26}, {"小一", 24}, {"二号", 22},   {"小二", 18},
               {"三号", 16}, {"小三", 15}, {"四号", 14}, {"小四", 12}, {"五号", 10.5}, {"小五", 9}};
  const char *v = ps_attr(n, name);
  if (v)
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
      if (strcmp(v, sizes[i].name) == 0) {
        *out = sizes[i].pt;
        return true;
      }
  return ps_number_attr(ps, n, name, dflt, out);
}

/* ---- files ---- */

/* Parses 'len' bytes at 'bytes' ('path' labels messages); NULL after reporting. On success the
 * bytes become the parser's source for line:column positions (the caller restores the previous
 * one with ps_source_free() and frees the bytes after the document). */
xmlDocPtr ps_parse_xml(parser *ps, const char *bytes, size_t len, const char *path) {
  int before = ps->errors;
  xmlSetStructuredErrorFunc(ps, xml_error);
  xmlDocPtr doc =
      len > 0 && len < (size_t)1 << 30
          ? xmlReadMemory(bytes, (int)len, path, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA)
          : NULL;
  xmlSetStructuredErrorFunc(NULL, NULL);
  if (doc && ps->errors > before) {
    xmlFreeDoc(doc);
    doc = NULL;
  }
  if (!doc && ps->errors == before)
    ERR(ps_loc(ps, 0, 0), "%s", L("not well-formed XML", "XML 格式错误"));
  if (!doc) return NULL;
  /* A program folder is someone else's data: a DTD's entities would vanish from the documents
   * (or, expanded, read any file), so one is refused as a whole, at its line, as in schemas. */
  if (doc->intSubset || doc->extSubset) {
    const char *at = memmem(bytes, len, "<!DOCTYPE", 9);
    int line = 1;
    for (const char *c = bytes; at && c < at; c++) line += *c == '\n';
    ERR(ps_loc(ps, at ? line : 0, 0), "%s",
        L("a DOCTYPE is not allowed in a program file (DTDs and entities are never honoured); remove it",
          "项目文件不得包含 DOCTYPE（不支持 DTD 和实体）；请删除"));
    xmlFreeDoc(doc);
    return NULL;
  }
  /* offsets into the bytes are offsets into what libxml2 decoded only for UTF-8 */
  const xmlChar *enc = doc->encoding;
  xmlNodePtr root = xmlDocGetRootElement(doc);
  if (root && (!enc || xmlStrcasecmp(enc, BAD_CAST "UTF-8") == 0 ||
               xmlStrcasecmp(enc, BAD_CAST "UTF8") == 0)) {
    ps_source_scan(ps, bytes, len, root);
  } else {
    ps->src = (source){0};
  }
  return doc;
}

/* The whole file at 'path', NUL-terminated as the scanners need (caller frees), or NULL after
 * reporting. */
char *ps_read_file(parser *ps, const char *path, size_t *len) {
  strbuf b;
  strbuf_init(&b);
  if (!strbuf_append_file(&b, path)) {
    ERR(ps_loc(ps, 0, 0), L("cannot read the file: %s", "无法读取文件：%s"), lang_strerror(errno));
    strbuf_release(&b);
    return NULL;
  }
  *len = b.len;
  return strbuf_detach(&b);
}

char *ps_join_path(const char *dir, const char *file) {
  strbuf b;
  strbuf_init(&b);
  strbuf_append(&b, dir);
  if (b.len && b.data[b.len - 1] != '/') strbuf_putc(&b, '/');
  strbuf_append(&b, file);
  return strbuf_detach(&b);
}

/* Parses a template file, or 'len' bytes at 'src' when 'src' is not NULL. */
tpl_node *ps_parse_template(parser *ps, const char *path, const char *src, size_t len) {
  ps->path = arena_strdup(ps->p->mem, path);
  ps_include_begin(ps, path);
  source outer = ps->src; /* program.xml's, restored after */
  char *bytes = NULL;
  if (src) {
    bytes = xmalloc(len + 1); /* NUL-terminated for the scanners */
    memcpy(bytes, src, len);
    bytes[len] = 0;
  } else {
    bytes = ps_read_file(ps, path, &len);
  }
  xmlDocPtr doc = bytes ? ps_parse_xml(ps, bytes, len, path) : NULL;
  tpl_node *t = NULL;
  if (doc) {
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root || !ps_is(root, "document")) {
      ERR(root ? ps_node_loc(ps, root) : ps_loc(ps, 0, 0), "%s",
          L("a template's root element must be <document>", "模板的根元素必须是 <document>"));
    } else {
      ps_check_attrs(ps, root, "");
      t = ps_new_node(ps, N_DOCUMENT, root);
      ps_parse_children(ps, root, t, C_FLOW);
    }
    xmlFreeDoc(doc);
    ps_source_free(&ps->src);
  }
  free(bytes);
  ps->src = outer;
  return t;
}

/* A fresh program and the parser state that compiles into it; $index and $group always exist.
 * 'ps' must stay where it is: the XPath context points back at it. */
tpl_program *ps_begin(parser *ps, diag_sink *diag) {
  tpl_program *p = xcalloc(1, sizeof *p);
  p->mem = arena_new();
  *ps = (parser){.p = p, .diag = diag};
  strbuf_init(&ps->xp_error);
  ps->xp = xmlXPathNewContext(NULL);
  ps->xp->error = xpath_error;
  ps->xp->userData = ps;
  ps_push_var(ps, "index");
  ps_push_var(ps, "group");
  return p;
}

tpl_expr *ps_compile_attr(parser *ps, xmlNodePtr n, const char *name) {
  const char *v = ps_attr(n, name);
  return ps_compile(ps, v ? v : "", ps_attr_origin(ps, n, name, false), 0);
}
