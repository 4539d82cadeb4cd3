/* Loads program.xml and its templates into a tree, compiling every XPath expression and
 * checking every element, attribute, filter and field name once (docs/templates.md). */
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
  if (e && e->message && !ps->xp_error.len) {
    strbuf_append(&ps->xp_error, e->message);
    while (ps->xp_error.len && ps->xp_error.data[ps->xp_error.len - 1] == '\n')
      ps->xp_error.data[--ps->xp_error.len] = 0;
  }
}

src_loc ps_loc(parser *ps, int line, int col) { return (src_loc){ps->path, line, col, NULL}; }


const char *ps_node_name(xmlNodePtr n) { return (const char *)n->name; }
bool ps_is(xmlNodePtr n, const char *name) { return strcmp(ps_node_name(n), name) == 0; }

/* ---- positions in the source ---- */

void ps_source_free(source *sc) {
  free(sc->lines);
  free(sc->tags);
  *sc = (source){0};
}

static void source_init(source *sc, const char *bytes, size_t len) {
  *sc = (source){.bytes = bytes, .len = len};
  size_t cap = 0;
  sc->lines = xgrow(NULL, &cap, 1, sizeof *sc->lines);
  sc->lines[sc->line_count++] = 0;
  for (size_t i = 0; i < len; i++)
    if (bytes[i] == '\n') {
      sc->lines = xgrow(sc->lines, &cap, sc->line_count + 1, sizeof *sc->lines);
      sc->lines[sc->line_count++] = i + 1;
    }
}

/* The 0-based line holding byte 'off'. */
static size_t line_of(const source *sc, size_t off) {
  size_t lo = 0, hi = sc->line_count;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (sc->lines[mid] <= off)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

/* FILE:LINE:COL of byte 'off'; the column counts characters (UTF-8 code points) from 1. */
static src_loc offset_loc(parser *ps, size_t off) {
  size_t l = line_of(&ps->src, off);
  int col = 1;
  for (size_t i = ps->src.lines[l]; i < off; i++)
    if (((unsigned char)ps->src.bytes[i] & 0xC0) != 0x80) col++;
  return ps_loc(ps, (int)l + 1, col);
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Skips a comment, processing instruction, CDATA section or DOCTYPE at 'i' (a '<'); returns
 * the offset after it, or 'i' when 'i' starts a start or end tag. */
static size_t skip_markup(const source *sc, size_t i) {
  const char *s = sc->bytes, *e;
  size_t rest = sc->len - i;
  const char *end = NULL;
  if (rest >= 4 && memcmp(s + i, "<!--", 4) == 0)
    end = (e = strstr(s + i + 4, "-->")) ? e + 3 : NULL;
  else if (rest >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0)
    end = (e = strstr(s + i + 9, "]]>")) ? e + 3 : NULL;
  else if (rest >= 2 && s[i + 1] == '?')
    end = (e = strstr(s + i + 2, "?>")) ? e + 2 : NULL;
  else if (rest >= 2 && s[i + 1] == '!') {
    int depth = 0;
    for (e = s + i + 2; *e && (*e != '>' || depth > 0); e++)
      depth += *e == '[' ? 1 : *e == ']' ? -1 : 0;
    end = *e ? e + 1 : NULL;
  } else
    return i;
  return end ? (size_t)(end - s) : sc->len;
}

/* The next start or end tag's '<' at or after 'i', or NO_POS. */
static size_t next_tag(const source *sc, size_t i) {
  while (i < sc->len) {
    const char *lt = memchr(sc->bytes + i, '<', sc->len - i);
    if (!lt) return NO_POS;
    i = (size_t)(lt - sc->bytes);
    size_t j = skip_markup(sc, i);
    if (j == i) return i;
    i = j;
  }
  return NO_POS;
}

/* The '>' closing the tag whose '<' is at 'i' (quoted values may hold '>'), or NO_POS. */
static size_t tag_end(const source *sc, size_t i) {
  for (char q = 0; i < sc->len; i++) {
    char c = sc->bytes[i];
    if (q)
      q = c == q ? 0 : q;
    else if (c == '"' || c == '\'')
      q = c;
    else if (c == '>')
      return i;
  }
  return NO_POS;
}

/* Finds the tags of 'n' and of the elements inside it from '*pos' on; false when the bytes do
 * not match the tree (entities declared in a DTD, say): the rest keeps libxml2's lines. */
static bool find_tags(source *sc, xmlNodePtr n, size_t *pos) {
  size_t lt = next_tag(sc, *pos);
  if (lt == NO_POS || sc->bytes[lt + 1] == '/') return false;
  char qname[256];
  if (n->ns && n->ns->prefix)
    snprintf(qname, sizeof qname, "%s:%s", (const char *)n->ns->prefix, (const char *)n->name);
  else
    snprintf(qname, sizeof qname, "%s", (const char *)n->name);
  size_t ql = strlen(qname);
  if (lt + 1 + ql >= sc->len || memcmp(sc->bytes + lt + 1, qname, ql) != 0) return false;
  char after = sc->bytes[lt + 1 + ql];
  if (!is_space(after) && after != '/' && after != '>') return false;
  size_t gt = tag_end(sc, lt);
  if (gt == NO_POS) return false;
  sc->tags = xgrow(sc->tags, &sc->tag_cap, sc->tag_count + 1, sizeof *sc->tags);
  size_t index = sc->tag_count++;
  sc->tags[index] = (tag_pos){lt, gt, gt + 1};
  n->_private = (void *)(uintptr_t)(index + 1);
  if (sc->bytes[gt - 1] == '/') {
    *pos = gt + 1;
    return true;
  }
  size_t p = gt + 1;
  for (xmlNodePtr c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && !find_tags(sc, c, &p)) return false;
  size_t close = next_tag(sc, p);
  if (close == NO_POS || sc->bytes[close + 1] != '/') return false;
  size_t end = tag_end(sc, close);
  if (end == NO_POS) return false;
  sc->tags[index].end = end + 1;
  *pos = end + 1;
  return true;
}

static const tag_pos *tag_of(parser *ps, xmlNodePtr n) {
  uintptr_t i = n && n->type == XML_ELEMENT_NODE ? (uintptr_t)n->_private : 0;
  return ps->src.bytes && i > 0 && i <= ps->src.tag_count ? &ps->src.tags[i - 1] : NULL;
}

/* Where an element is: its start tag's '<' (libxml2's line of the tag's end when unknown). */
static origin node_origin(parser *ps, xmlNodePtr n) {
  const tag_pos *t = tag_of(ps, n);
  return (origin){NULL, t ? t->lt : NO_POS, true, (int)xmlGetLineNo(n)};
}

src_loc ps_node_loc(parser *ps, xmlNodePtr n) {
  const tag_pos *t = tag_of(ps, n);
  return t ? offset_loc(ps, t->lt) : ps_loc(ps, (int)xmlGetLineNo(n), 0);
}

/* Where the attribute 'name' of 'n' is: its value's first byte, or its name when 'at_name'. */
static origin attr_origin(parser *ps, xmlNodePtr n, const char *name, bool at_name) {
  origin o = node_origin(ps, n);
  const tag_pos *t = tag_of(ps, n);
  o.text = at_name ? name : NULL;
  xmlAttrPtr a = xmlHasProp(n, (const xmlChar *)name);
  if (!at_name && a && a->children) o.text = (const char *)a->children->content;
  if (!t) return o;
  const char *s = ps->src.bytes;
  size_t i = t->lt + 1, nl = strlen(name);
  while (i < t->gt && !is_space(s[i]) && s[i] != '/' && s[i] != '>') i++;
  while (i < t->gt) {
    while (i < t->gt && is_space(s[i])) i++;
    size_t n0 = i;
    while (i < t->gt && !is_space(s[i]) && s[i] != '=' && s[i] != '/' && s[i] != '>') i++;
    size_t n1 = i;
    while (i < t->gt && is_space(s[i])) i++;
    if (i >= t->gt || s[i] != '=') break;
    i++;
    while (i < t->gt && is_space(s[i])) i++;
    if (i >= t->gt || (s[i] != '"' && s[i] != '\'')) break;
    const char *close = memchr(s + i + 1, s[i], t->gt - i - 1);
    if (!close) break;
    if (n1 - n0 == nl && memcmp(s + n0, name, nl) == 0) {
      o.start = at_name ? n0 : i + 1;
      return o;
    }
    i = (size_t)(close - s) + 1;
  }
  return o;
}

/* Where the text content of 'n' starts: right after its start tag. */
static origin content_origin(parser *ps, xmlNodePtr n, const char *text) {
  const tag_pos *t = tag_of(ps, n);
  return (origin){text, t ? t->gt + 1 : NO_POS, false, (int)xmlGetLineNo(n)};
}

/* The length in the decoded text of the reference '&...;' at 's' (the UTF-8 length of a
 * character reference, 1 for the predefined entities). */
static size_t ref_length(const char *s, size_t n) {
  if (n < 3 || s[1] != '#') return 1;
  unsigned long c = s[2] == 'x' ? strtoul(s + 3, NULL, 16) : strtoul(s + 2, NULL, 10);
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/* The source offset of byte 'off' of the decoded string of 'o' (o.start known): undoes
 * references, line-end normalisation, comments and CDATA markers. */
static size_t source_offset(parser *ps, origin o, size_t off) {
  const source *sc = &ps->src;
  const char *s = sc->bytes;
  size_t i = o.start, d = 0;
  bool cdata = false;
  while (i < sc->len && d < off) {
    if (cdata) {
      if (sc->len - i >= 3 && memcmp(s + i, "]]>", 3) == 0) {
        cdata = false;
        i += 3;
        continue;
      }
    } else if (s[i] == '&') {
      const char *semi = memchr(s + i, ';', sc->len - i);
      size_t n = semi ? (size_t)(semi - (s + i)) + 1 : 1;
      size_t dl = ref_length(s + i, n);
      if (d + dl > off) break; /* inside the reference: point at its '&' */
      d += dl;
      i += n;
      continue;
    } else if (s[i] == '<' && !o.attribute) {
      if (sc->len - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
        cdata = true;
        i += 9;
        continue;
      }
      size_t j = skip_markup(sc, i);
      if (j == i) break; /* a tag: the text ended */
      i = j;
      continue;
    }
    if (s[i] == '\r' && i + 1 < sc->len && s[i + 1] == '\n') i++;
    i++;
    d++;
  }
  return i;
}

/* East Asian wide characters take two columns in a terminal: for the caret under them. */
static bool is_wide(unsigned long c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
         (c >= 0x20000 && c <= 0x3FFFD);
}

/* Appends the padding (or carets) for the characters in [from, to) of the source. */
static void pad(strbuf *b, const char *s, size_t from, size_t to, char fill) {
  for (size_t i = from; i < to;) {
    unsigned char c = (unsigned char)s[i];
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    unsigned long cp = c < 0x80 ? c : c < 0xE0 ? c & 0x1F : c < 0xF0 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; k < n && i + k < to; k++) cp = cp << 6 | ((unsigned char)s[i + k] & 0x3F);
    if (c == '\t' && fill == ' ')
      strbuf_putc(b, '\t');
    else
      strbuf_append(b, is_wide(cp) ? (fill == ' ' ? "  " : "^^") : (fill == ' ' ? " " : "^"));
    i += n;
  }
}

/* Reports 'fmt' at bytes [off, off + len) of the decoded string of 'o', as
 * "FILE:LINE:COL: error: message" followed by the source line and a caret under that part
 * (GUIDE.md section 4, jq's locfile). Without the source: "FILE:LINE: error: message". */
__attribute__((format(printf, 5, 6))) static void report(parser *ps, origin o, size_t off,
                                                         size_t len, const char *fmt, ...) {
  char *msg;
  va_list ap;
  va_start(ap, fmt);
  if (vasprintf(&msg, fmt, ap) < 0) xoom();
  va_end(ap);
  ps->errors++;
  if (o.start == NO_POS || !ps->src.bytes) {
    int line = o.line;
    for (size_t i = 0; o.text && !o.attribute && i < off && o.text[i]; i++)
      line += o.text[i] == '\n';
    diag_error(ps->diag, ps_loc(ps, line, 0), "%s", msg);
    free(msg);
    return;
  }
  const char *s = ps->src.bytes;
  size_t from = source_offset(ps, o, off), to = len ? source_offset(ps, o, off + len) : from;
  size_t l = line_of(&ps->src, from), bol = ps->src.lines[l], eol = bol;
  while (eol < ps->src.len && s[eol] != '\n') eol++;
  size_t shown = eol > bol && s[eol - 1] == '\r' ? eol - 1 : eol;
  if (to > shown) to = shown;
  strbuf b;
  strbuf_init(&b);
  strbuf_printf(&b, "%s\n%.*s\n", msg, (int)(shown - bol), s + bol);
  pad(&b, s, bol, from, ' ');
  if (to > from)
    pad(&b, s, from, to, '^');
  else
    strbuf_putc(&b, '^');
  diag_error(ps->diag, offset_loc(ps, from), "%s", strbuf_str(&b));
  strbuf_release(&b);
  free(msg);
}

/* The src_loc of byte 'off' of the decoded string of 'o', for the template tree. */
static src_loc origin_loc(parser *ps, origin o, size_t off) {
  if (o.start != NO_POS && ps->src.bytes) return offset_loc(ps, source_offset(ps, o, off));
  int line = o.line;
  for (size_t i = 0; o.text && !o.attribute && i < off && o.text[i]; i++) line += o.text[i] == '\n';
  return ps_loc(ps, line, 0);
}

/* Reports at element 'n', the caret under its '<name'. */
#define ERR_NODE(n, ...) report(ps, node_origin(ps, (n)), 0, 1 + strlen(ps_node_name(n)), __VA_ARGS__)
/* Reports at the value of attribute 'name' of 'n', the caret under the value. */
#define ERR_ATTR(n, name, value, ...) \
  report(ps, attr_origin(ps, (n), (name), false), 0, strlen(value), __VA_ARGS__)

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

/* ---- expressions ---- */

typedef struct {
  parser *ps;
  origin o;
  size_t off;
} name_report;

static void name_error(void *data, size_t offset, size_t len, const char *msg) {
  name_report *r = data;
  report(r->ps, r->o, r->off + offset, len, "%s", msg);
}

/* Compiles 'src', which is at byte 'off' of the decoded string of 'o'. */
static tpl_expr *compile(parser *ps, const char *src, origin o, size_t off) {
  tpl_program *p = ps->p;
  const char *s = src;
  while (isspace((unsigned char)*s)) s++;
  if (!*s) {
    report(ps, o, off, strlen(src), "%s", L("empty expression", "表达式为空"));
    return NULL;
  }
  size_t lead = (size_t)(s - src), len = strlen(s);
  while (len && isspace((unsigned char)s[len - 1])) len--;
  strbuf_reset(&ps->xp_error);
  xmlXPathCompExprPtr comp = xmlXPathCtxtCompile(ps->xp, (const xmlChar *)src);
  if (!comp) {
    report(ps, o, off + lead, len, "%s \"%s\": %s", L("bad XPath expression", "XPath 表达式有误"),
           src, ps->xp_error.len ? strbuf_str(&ps->xp_error) : "syntax error");
    return NULL;
  }
  p->comps = xgrow(p->comps, &p->comp_cap, p->comp_count + 1, sizeof *p->comps);
  p->comps[p->comp_count++] = comp;
  name_report r = {ps, o, off};
  tpl_check_names(src, ps->vars, p, name_error, &r);
  tpl_expr *e = arena_alloc(p->mem, sizeof *e);
  e->comp = comp;
  e->src = arena_strdup(p->mem, src);
  e->at = origin_loc(ps, o, off + lead);
  return e;
}

tpl_expr *ps_compile_attr(parser *ps, xmlNodePtr n, const char *name) {
  const char *v = ps_attr(n, name);
  return compile(ps, v ? v : "", attr_origin(ps, n, name, false), 0);
}

/* ---- interpolated text ---- */

/* Appends literal template text, dropping white space that contains a line break (it only
 * indents the XML; Chinese text has no spaces between lines). */
static void add_literal(strbuf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    if (isspace((unsigned char)s[i])) {
      size_t j = i;
      bool newline = false;
      while (j < n && isspace((unsigned char)s[j])) newline |= s[j++] == '\n';
      if (!newline) strbuf_append_n(b, s + i, j - i);
      i = j;
    } else {
      strbuf_putc(b, s[i++]);
    }
  }
}

/* Finds the end of an expression starting at 's' (the '}' closing it) and the top-level '|'
 * separators; returns NULL when unterminated. */
static const char *scan_expr(const char *s, const char **bars, size_t *bar_count, size_t max_bars) {
  int depth = 0;
  *bar_count = 0;
  for (; *s; s++) {
    if (*s == '\'' || *s == '"') {
      const char *e = strchr(s + 1, *s);
      if (!e) return NULL;
      s = e;
    } else if (*s == '(' || *s == '[') {
      depth++;
    } else if (*s == ')' || *s == ']') {
      depth--;
    } else if (*s == '|' && depth == 0) {
      if (*bar_count < max_bars) bars[(*bar_count)++] = s;
    } else if (*s == '}' && depth <= 0) {
      return s;
    }
  }
  return NULL;
}

static char *trimmed(const char *s, size_t n) {
  while (n && isspace((unsigned char)*s)) s++, n--;
  while (n && isspace((unsigned char)s[n - 1])) n--;
  return xstrndup(s, n);
}

/* Parses the filter 's' (n bytes, at byte 'off' of the decoded string of 'o'). */
static bool parse_filter(parser *ps, const char *s, size_t n, origin o, size_t off,
                         tpl_filter *out) {
  size_t lead = 0;
  while (lead < n && isspace((unsigned char)s[lead])) lead++;
  off += lead;
  char *spec = trimmed(s, n);
  size_t spec_len = strlen(spec);
  bool ok = false;
  size_t name_len = 0;
  while (spec[name_len] &&
         (isalnum((unsigned char)spec[name_len]) || spec[name_len] == '-' || spec[name_len] == '_'))
    name_len++;
  char *name = xstrndup(spec, name_len);
  const char *rest = spec + name_len;
  while (isspace((unsigned char)*rest)) rest++;
  out->def = tpl_filter_find(name);
  out->arg = NULL;
  if (!out->def) {
    report(ps, o, off, name_len ? name_len : spec_len, "%s '%s' (%s %s)",
           L("unknown filter", "未知过滤器"), spec, L("known:", "可用："), tpl_filter_names());
    goto done;
  }
  if (*rest == '(') {
    size_t len = strlen(rest);
    if (len < 2 || rest[len - 1] != ')') {
      report(ps, o, off, spec_len, "%s '%s'",
             L("filter argument needs a closing ')'", "过滤器参数缺少 ')'"), spec);
      goto done;
    }
    if (out->def->arg == 0) {
      report(ps, o, off + (size_t)(rest - spec), len, "%s '%s' %s", L("filter", "过滤器"), name,
             L("takes no argument", "不接受参数"));
      goto done;
    }
    char *arg = xstrndup(rest + 1, len - 2);
    out->arg = compile(ps, arg, o, off + (size_t)(rest - spec) + 1);
    free(arg);
    if (!out->arg) goto done;
  } else if (*rest) {
    report(ps, o, off + (size_t)(rest - spec), strlen(rest), "%s '%s'",
           L("unexpected text after filter name", "过滤器名称后有多余内容"), spec);
    goto done;
  } else if (out->def->arg == 2) {
    report(ps, o, off, name_len, "%s '%s' %s", L("filter", "过滤器"), name,
           L("needs an argument, e.g. name($value)", "需要参数，例如 name($value)"));
    goto done;
  }
  ok = true;
done:
  free(name);
  free(spec);
  return ok;
}

/* Parses "literal {expr | filter(arg)} literal", the decoded string of 'o'. */
static tpl_text *parse_text(parser *ps, const char *src, origin o) {
  tpl_program *p = ps->p;
  tpl_part *parts = NULL;
  size_t count = 0, cap = 0;
  strbuf lit;
  strbuf_init(&lit);
  const char *s = src;
  bool ok = true;
  while (true) {
    if (*s && !(*s == '{' && s[1] != '{') && !(*s == '}' && s[1] != '}')) {
      const char *start = s;
      while (*s && *s != '{' && *s != '}') s++;
      add_literal(&lit, start, (size_t)(s - start));
      if ((*s == '{' && s[1] == '{') || (*s == '}' && s[1] == '}')) {
        strbuf_putc(&lit, *s);
        s += 2;
      }
      continue;
    }
    size_t here = (size_t)(s - src);
    if (*s == '}') {
      report(
          ps, o, here, 1, "%s",
          L("'}' without '{' (write '}}' for a literal brace)", "多余的 '}'（字面量请写 '}}'）"));
      ok = false;
      s++;
      continue;
    }
    if (lit.len || (!*s && count == 0)) {
      parts = xgrow(parts, &cap, count + 1, sizeof *parts);
      parts[count++] = (tpl_part){arena_strdup(p->mem, strbuf_str(&lit)), NULL, NULL, 0};
      strbuf_reset(&lit);
    }
    if (!*s) break;
    const char *bars[16];
    size_t bar_count;
    const char *end = scan_expr(s + 1, bars, &bar_count, 16);
    if (!end) {
      report(ps, o, here, 1, "%s", L("'{' without a closing '}'", "'{' 缺少对应的 '}'"));
      ok = false;
      break;
    }
    const char *expr_end = bar_count ? bars[0] : end;
    char *expr = xstrndup(s + 1, (size_t)(expr_end - (s + 1)));
    tpl_part part = {NULL, compile(ps, expr, o, here + 1), NULL, 0};
    free(expr);
    if (!part.expr) ok = false;
    if (bar_count) part.filters = arena_alloc(p->mem, bar_count * sizeof *part.filters);
    for (size_t i = 0; i < bar_count; i++) {
      const char *fs = bars[i] + 1, *fe = i + 1 < bar_count ? bars[i + 1] : end;
      if (!parse_filter(ps, fs, (size_t)(fe - fs), o, (size_t)(fs - src),
                        &part.filters[part.filter_count++]))
        ok = false;
    }
    parts = xgrow(parts, &cap, count + 1, sizeof *parts);
    parts[count++] = part;
    s = end + 1;
  }
  strbuf_release(&lit);
  tpl_text *t = NULL;
  if (ok) {
    /* trim the ends of the whole text */
    if (count && parts[0].lit) {
      const char *q = parts[0].lit;
      while (isspace((unsigned char)*q)) q++;
      parts[0].lit = q;
    }
    if (count && parts[count - 1].lit) {
      char *q = (char *)parts[count - 1].lit;
      size_t n = strlen(q);
      while (n && isspace((unsigned char)q[n - 1])) q[--n] = 0;
    }
    t = arena_alloc(p->mem, sizeof *t);
    t->parts = arena_alloc(p->mem, (count ? count : 1) * sizeof *parts);
    if (count) memcpy(t->parts, parts, count * sizeof *parts);
    t->count = count;
  }
  free(parts);
  return t;
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
      report(ps, attr_origin(ps, n, name, true), 0, len, "%s '%s' %s <%s> (%s %s)",
             L("unknown attribute", "未知属性"), name, L("on", "位于"), (const char *)n->name,
             L("allowed:", "可用："), *allowed ? allowed : L("none", "无"));
      ok = false;
    }
  }
  return ok;
}

static tpl_text *attr_text(parser *ps, xmlNodePtr n, const char *name) {
  const char *v = ps_attr(n, name);
  return v ? parse_text(ps, v, attr_origin(ps, n, name, false)) : NULL;
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

static bool number_attr(parser *ps, xmlNodePtr n, const char *name, double dflt, double *out) {
  const char *v = ps_attr(n, name);
  *out = dflt;
  if (!v) return true;
  if (parse_number(v, out)) return true;
  ERR_ATTR(n, name, v, "%s=\"%s\": %s", name, v,
           L("expected a number (points, or with 'mm')", "应为数字（磅，或带 mm 单位）"));
  return false;
}

static bool count_attr(parser *ps, xmlNodePtr n, const char *name, size_t dflt, size_t min,
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

/* Font sizes by their Chinese names (shared/spec/layout.md), or a number of points. */
static bool size_attr(parser *ps, xmlNodePtr n, const char *name, double dflt, double *out) {
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
  return number_attr(ps, n, name, dflt, out);
}

/* ---- elements ---- */

static tpl_node *new_node(parser *ps, tpl_node_kind kind, xmlNodePtr n) {
  tpl_node *t = arena_alloc(ps->p->mem, sizeof *t);
  t->kind = kind;
  t->at = ps_node_loc(ps, n);
  return t;
}

static void append(tpl_node *parent, tpl_node *child) {
  if (parent->last)
    parent->last->next = child;
  else
    parent->first = child;
  parent->last = child;
}

/* The concatenated text content of 'n', which must not contain elements. */
static tpl_text *content_text(parser *ps, xmlNodePtr n) {
  strbuf b;
  strbuf_init(&b);
  bool ok = true;
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      strbuf_append(&b, (const char *)c->content);
    } else if (c->type == XML_ELEMENT_NODE) {
      ERR_NODE(c, "<%s> %s <%s> (%s)", (const char *)c->name,
               L("is not allowed inside", "不能放在"), (const char *)n->name,
               L("it holds text only", "其中只能写文字"));
      ok = false;
    }
  }
  tpl_text *t = ok ? parse_text(ps, strbuf_str(&b), content_origin(ps, n, strbuf_str(&b))) : NULL;
  strbuf_release(&b);
  return t;
}

static void parse_children(parser *ps, xmlNodePtr n, tpl_node *parent, content ctx);

static const char *const content_names[] = {"the document", "<table>", "<row>", "<cell>",
                                            "<attachments>"};

static tpl_sort parse_sort(parser *ps, xmlNodePtr n, const char *key_attr, const char *order_attr) {
  tpl_sort s = {0};
  const char *key = ps_attr(n, key_attr);
  if (!key) {
    ERR_NODE(n, "<%s> %s %s", ps_node_name(n), L("needs", "缺少属性"), key_attr);
    return s;
  }
  s.key = compile(ps, key, attr_origin(ps, n, key_attr, false), 0);
  const char *order = ps_attr(n, order_attr);
  if (!order) order = "input";
  if (order[0] == '$') {
    s.order = ORDER_VAR;
    s.order_var = arena_strdup(ps->p->mem, order + 1);
    bool known = false;
    for (size_t i = 0; i < ps->var_count; i++)
      if (strcmp(ps->vars[i], s.order_var) == 0) known = true;
    if (!known) ERR_ATTR(n, order_attr, order, "%s '%s'", L("unknown variable", "未知变量"), order);
  } else {
    static const char *words[] = {"input", "pinyin", "stroke", "number"};
    static const tpl_order orders[] = {ORDER_INPUT, ORDER_PINYIN, ORDER_STROKE, ORDER_NUMBER};
    bool found = false;
    for (int i = 0; i < 4; i++)
      if (strcmp(order, words[i]) == 0) s.order = orders[i], found = true;
    if (!found)
      ERR_ATTR(n, order_attr, order, "%s=\"%s\": %s", order_attr, order,
               L("expected input, pinyin, stroke, number or a $variable",
                 "应为 input、pinyin、stroke、number 或 $变量"));
  }
  const char *desc = ps_attr(n, "descending");
  s.descending = desc && strcmp(desc, "yes") == 0;
  return s;
}

static tpl_node *parse_control(parser *ps, xmlNodePtr n, content ctx) {
  tpl_program *p = ps->p;
  tpl_node *t;
  if (ps_is(n, "for-each")) {
    ps_check_attrs(ps, n, "select sort order descending group-by");
    t = new_node(ps, N_FOR_EACH, n);
    const char *sel = ps_attr(n, "select");
    if (!sel)
      ERR_NODE(n, "<for-each> %s select", L("needs", "缺少属性"));
    else
      t->expr = compile(ps, sel, attr_origin(ps, n, "select", false), 0);
    tpl_sort sorts[16];
    size_t count = 0;
    if (ps_attr(n, "sort"))
      sorts[count++] = parse_sort(ps, n, "sort", "order");
    else if (ps_attr(n, "order"))
      report(ps, attr_origin(ps, n, "order", true), 0, 5, "%s",
             L("order= needs sort=", "order= 需要与 sort= 一起使用"));
    if (ps_attr(n, "group-by"))
      t->group_by = compile(ps, ps_attr(n, "group-by"), attr_origin(ps, n, "group-by", false), 0);
    for (xmlNodePtr c = n->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE || !ps_is(c, "sort")) continue;
      ps_check_attrs(ps, c, "key order descending");
      if (count < 16)
        sorts[count++] = parse_sort(ps, c, "key", "order");
      else
        ERR_NODE(c, "%s", L("too many sort keys", "排序键过多"));
    }
    t->sort_count = count;
    t->sorts = arena_alloc(p->mem, (count ? count : 1) * sizeof *t->sorts);
    if (count) memcpy(t->sorts, sorts, count * sizeof *sorts);
    parse_children(ps, n, t, ctx);
  } else if (ps_is(n, "if")) {
    ps_check_attrs(ps, n, "test");
    t = new_node(ps, N_IF, n);
    const char *test = ps_attr(n, "test");
    if (!test)
      ERR_NODE(n, "<if> %s test", L("needs", "缺少属性"));
    else
      t->expr = compile(ps, test, attr_origin(ps, n, "test", false), 0);
    parse_children(ps, n, t, ctx);
  } else { /* let */
    ps_check_attrs(ps, n, "name select");
    t = new_node(ps, N_LET, n);
    const char *name = ps_attr(n, "name"), *sel = ps_attr(n, "select");
    if (!name || !sel)
      ERR_NODE(n, "<let> %s name, select", L("needs", "缺少属性"));
    else {
      t->name = arena_strdup(p->mem, name);
      t->expr = compile(ps, sel, attr_origin(ps, n, "select", false), 0);
      ps_push_var(ps, t->name); /* visible to the following siblings: popped by the caller */
    }
  }
  return t;
}

static tpl_node *parse_element(parser *ps, xmlNodePtr n, content ctx) {
  tpl_program *p = ps->p;
  const char *name = ps_node_name(n);
  if (ps_is(n, "for-each") || ps_is(n, "if") || ps_is(n, "let")) return parse_control(ps, n, ctx);
  tpl_node *t = NULL;
  switch (ctx) {
    case C_FLOW:
      if (ps_is(n, "info")) {
        ps_check_attrs(ps, n, "title author subject keywords");
        t = new_node(ps, N_INFO, n);
        const char *names[] = {"title", "author", "subject", "keywords"};
        for (int i = 0; i < 4; i++) t->attr[i] = attr_text(ps, n, names[i]);
      } else if (ps_is(n, "masthead")) {
        ps_check_attrs(ps, n, "issuer number");
        t = new_node(ps, N_MASTHEAD, n);
        t->attr[0] = attr_text(ps, n, "issuer");
        t->attr[1] = attr_text(ps, n, "number");
      } else if (ps_is(n, "title")) {
        ps_check_attrs(ps, n, "");
        t = new_node(ps, N_TITLE, n);
        t->text = content_text(ps, n);
      } else if (ps_is(n, "p")) {
        ps_check_attrs(ps, n, "style");
        t = new_node(ps, N_P, n);
        int s = ps_choice_attr(ps, n, "style", "body h1 h2 h3 h4 plain center right", 0);
        static const lay_para_style styles[] = {LAY_PARA_BODY,   LAY_PARA_H1,   LAY_PARA_H2,
                                                LAY_PARA_H3,     LAY_PARA_H4,   LAY_PARA_PLAIN,
                                                LAY_PARA_CENTER, LAY_PARA_RIGHT};
        t->style = styles[s < 0 ? 0 : s];
        t->text = content_text(ps, n);
      } else if (ps_is(n, "blank")) {
        ps_check_attrs(ps, n, "lines");
        t = new_node(ps, N_BLANK, n);
        size_t lines;
        count_attr(ps, n, "lines", 1, 1, &lines);
        t->number = (double)lines;
      } else if (ps_is(n, "attachments")) {
        ps_check_attrs(ps, n, "");
        t = new_node(ps, N_ATTACHMENTS, n);
        parse_children(ps, n, t, C_ITEMS);
      } else if (ps_is(n, "signature")) {
        ps_check_attrs(ps, n, "issuer date");
        t = new_node(ps, N_SIGNATURE, n);
        t->attr[0] = attr_text(ps, n, "issuer");
        t->attr[1] = attr_text(ps, n, "date");
      } else if (ps_is(n, "attachment")) {
        ps_check_attrs(ps, n, "label title");
        t = new_node(ps, N_ATTACHMENT, n);
        t->attr[0] = attr_text(ps, n, "label");
        t->attr[1] = attr_text(ps, n, "title");
      } else if (ps_is(n, "line")) {
        ps_check_attrs(ps, n, "style font size");
        t = new_node(ps, N_LINE, n);
        int s = ps_choice_attr(ps, n, "style", "plain center right", 0);
        static const lay_para_style styles[] = {LAY_PARA_PLAIN, LAY_PARA_CENTER, LAY_PARA_RIGHT};
        t->style = styles[s < 0 ? 0 : s];
        int f = ps_choice_attr(ps, n, "font", "body title heading kai song", 0);
        static const lay_font fonts[] = {LAY_FONT_BODY, LAY_FONT_TITLE, LAY_FONT_HEADING,
                                         LAY_FONT_KAI, LAY_FONT_SONG};
        t->font = fonts[f < 0 ? 0 : f];
        size_attr(ps, n, "size", 14, &t->number);
        t->text = content_text(ps, n);
      } else if (ps_is(n, "page-break")) {
        ps_check_attrs(ps, n, "");
        t = new_node(ps, N_PAGE_BREAK, n);
      } else if (ps_is(n, "table")) {
        ps_check_attrs(ps, n, "columns header-rows font-size");
        t = new_node(ps, N_TABLE, n);
        const char *cols = ps_attr(n, "columns");
        double w[64];
        size_t nc = 0;
        for (const char *s = cols ? cols : ""; *s;) {
          char *end;
          double v = strtod(s, &end);
          if (end == s || v <= 0 || nc == 64) {
            ERR_ATTR(n, "columns", cols, "columns=\"%s\": %s", cols,
                     L("expected positive column weights, e.g. \"1 3 2\"",
                       "应为正数列宽比例，如 \"1 3 2\""));
            nc = 0;
            break;
          }
          w[nc++] = v;
          s = end;
          while (isspace((unsigned char)*s)) s++;
        }
        if (!cols) ERR_NODE(n, "<table> %s columns", L("needs", "缺少属性"));
        t->columns = nc;
        t->weights = arena_alloc(p->mem, (nc ? nc : 1) * sizeof(double));
        if (nc) memcpy(t->weights, w, nc * sizeof(double));
        count_attr(ps, n, "header-rows", 0, 0, &t->header_rows);
        size_attr(ps, n, "font-size", 0, &t->font_size);
        parse_children(ps, n, t, C_TABLE);
      }
      break;
    case C_TABLE:
      if (ps_is(n, "row")) {
        ps_check_attrs(ps, n, "min-height");
        t = new_node(ps, N_ROW, n);
        number_attr(ps, n, "min-height", 0, &t->number);
        parse_children(ps, n, t, C_ROW);
      }
      break;
    case C_ROW:
      if (ps_is(n, "cell")) {
        ps_check_attrs(ps, n, "colspan rowspan align");
        t = new_node(ps, N_CELL, n);
        count_attr(ps, n, "colspan", 1, 1, &t->colspan);
        count_attr(ps, n, "rowspan", 1, 1, &t->rowspan);
        int a = ps_choice_attr(ps, n, "align", "center left right justify", 0);
        static const lay_align aligns[] = {LAY_ALIGN_CENTER, LAY_ALIGN_LEFT, LAY_ALIGN_RIGHT,
                                           LAY_ALIGN_JUSTIFY};
        t->align = aligns[a < 0 ? 0 : a];
        parse_children(ps, n, t, C_CELL);
      }
      break;
    case C_CELL:
      if (ps_is(n, "text")) {
        ps_check_attrs(ps, n, "align");
        t = new_node(ps, N_TEXT, n);
        int a = ps_choice_attr(ps, n, "align", "inherit center left right justify", 0);
        static const lay_align aligns[] = {LAY_ALIGN_CENTER, LAY_ALIGN_CENTER, LAY_ALIGN_LEFT,
                                           LAY_ALIGN_RIGHT, LAY_ALIGN_JUSTIFY};
        t->align = aligns[a < 0 ? 0 : a];
        t->number = a <= 0 ? 0 : 1; /* 0: the cell's alignment */
        t->text = content_text(ps, n);
      } else if (ps_is(n, "checkbox")) {
        ps_check_attrs(ps, n, "label ticked");
        t = new_node(ps, N_CHECKBOX, n);
        t->attr[0] = attr_text(ps, n, "label");
        const char *ticked = ps_attr(n, "ticked");
        if (ticked) t->expr = compile(ps, ticked, attr_origin(ps, n, "ticked", false), 0);
      } else if (ps_is(n, "space")) {
        ps_check_attrs(ps, n, "height");
        t = new_node(ps, N_SPACE, n);
        number_attr(ps, n, "height", 14, &t->number);
      }
      break;
    case C_ITEMS:
      if (ps_is(n, "item")) {
        ps_check_attrs(ps, n, "");
        t = new_node(ps, N_ITEM, n);
        t->text = content_text(ps, n);
      }
      break;
  }
  static const char *const allowed[] = {
      "info masthead title p blank attachments signature attachment line page-break table", "row",
      "cell", "text checkbox space", "item"};
  if (!t)
    ERR_NODE(n, "%s <%s> %s %s (%s %s for-each if let)", L("unknown element", "未知元素"), name,
             L("in", "位于"), content_names[ctx], L("allowed:", "可用："), allowed[ctx]);
  return t;
}

/* Where the text node 'c' inside 'n' starts: after the start tag of 'n' or after the element
 * before it (after a comment: unknown, libxml2's line). */
static origin literal_origin(parser *ps, xmlNodePtr n, xmlNodePtr c) {
  const tag_pos *t = c->prev ? tag_of(ps, c->prev) : tag_of(ps, n);
  int line = (int)xmlGetLineNo(c->prev ? c->prev : n);
  return (origin){(const char *)c->content, t ? (c->prev ? t->end : t->gt + 1) : NO_POS, false,
                  line};
}

static void parse_children(parser *ps, xmlNodePtr n, tpl_node *parent, content ctx) {
  size_t scope = ps->var_count;
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      const char *s = (const char *)c->content;
      bool only_space = true;
      for (const char *q = s; *q; q++)
        if (!isspace((unsigned char)*q)) only_space = false;
      if (only_space) continue;
      if (ctx != C_CELL) {
        origin o = literal_origin(ps, n, c);
        size_t lead = 0;
        while (isspace((unsigned char)s[lead])) lead++;
        report(ps, o, lead, 1, "%s <%s>",
               L("text is not allowed directly inside", "文字不能直接写在"), ps_node_name(n));
        continue;
      }
      tpl_node *t = new_node(ps, N_LITERAL, c);
      origin o = literal_origin(ps, n, c);
      size_t lead = 0;
      while (isspace((unsigned char)s[lead])) lead++;
      t->at = origin_loc(ps, o, lead);
      t->text = parse_text(ps, s, o);
      append(parent, t);
      continue;
    }
    if (c->type != XML_ELEMENT_NODE) continue;
    if (parent->kind == N_FOR_EACH && ps_is(c, "sort")) continue; /* taken by parse_control */
    tpl_node *t = NULL;
    if (ps_is(c, "else")) {
      ps_check_attrs(ps, c, "");
      if (parent->kind != N_IF || parent->else_branch) {
        ERR_NODE(
            c, "%s",
            L("<else> must be the last child of an <if>", "<else> 必须是 <if> 的最后一个子元素"));
        continue;
      }
      t = new_node(ps, N_ELSE, c);
      ps_pop_vars(ps, scope); /* lets of the if branch are not visible in the else branch */
      parse_children(ps, c, t, ctx);
      parent->else_branch = t;
      continue;
    }
    if (parent->else_branch) {
      ERR_NODE(
          c, "%s",
          L("<else> must be the last child of an <if>", "<else> 必须是 <if> 的最后一个子元素"));
    }
    t = parse_element(ps, c, ctx);
    if (t) append(parent, t);
  }
  ps_pop_vars(ps, scope);
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
  /* offsets into the bytes are offsets into what libxml2 decoded only for UTF-8 */
  const xmlChar *enc = doc->encoding;
  xmlNodePtr root = xmlDocGetRootElement(doc);
  if (root && (!enc || xmlStrcasecmp(enc, BAD_CAST "UTF-8") == 0 ||
               xmlStrcasecmp(enc, BAD_CAST "UTF8") == 0)) {
    source_init(&ps->src, bytes, len);
    size_t pos = 0;
    find_tags(&ps->src, root, &pos);
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
    ERR(ps_loc(ps, 0, 0), L("cannot read the file: %s", "无法读取文件：%s"), strerror(errno));
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
      t = new_node(ps, N_DOCUMENT, root);
      parse_children(ps, root, t, C_FLOW);
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
