/* Expressions and interpolated text: "literal {xpath | filter(arg)} literal" compiled once at
 * load, each expression's names checked and every mistake reported at its own column. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "template/parse_private.h"

typedef struct {
  parser *ps;
  origin o;
  size_t off;
} name_report;

static void name_error(void *data, size_t offset, size_t len, const char *msg) {
  name_report *r = data;
  ps_report(r->ps, r->o, r->off + offset, len, "%s", msg);
}

/* Compiles 'src', which is at byte 'off' of the decoded string of 'o'. */
tpl_expr *ps_compile(parser *ps, const char *src, origin o, size_t off) {
  tpl_program *p = ps->p;
  const char *s = src;
  while (isspace((unsigned char)*s)) s++;
  if (!*s) {
    ps_report(ps, o, off, strlen(src), "%s", L("empty expression", "表达式为空"));
    return NULL;
  }
  size_t lead = (size_t)(s - src), len = strlen(s);
  while (len && isspace((unsigned char)s[len - 1])) len--;
  strbuf_reset(&ps->xp_error);
  xmlXPathCompExprPtr comp = xmlXPathCtxtCompile(ps->xp, (const xmlChar *)src);
  if (!comp) {
    ps_report(ps, o, off + lead, len, L("bad XPath expression \"%s\": %s", "XPath 表达式有误“%s”：%s"),
           src, ps->xp_error.len ? strbuf_str(&ps->xp_error) : L("syntax error", "语法错误"));
    return NULL;
  }
  p->comps = xgrow(p->comps, &p->comp_cap, p->comp_count + 1, sizeof *p->comps);
  p->comps[p->comp_count++] = comp;
  name_report r = {ps, o, off};
  tpl_check_names(src, ps->vars, ps->p, name_error, &r);
  tpl_expr *e = arena_alloc(p->mem, sizeof *e);
  e->comp = comp;
  e->src = arena_strndup(p->mem, s, len); /* messages quote it without the spaces around */
  e->at = ps_origin_loc(ps, o, off + lead);
  return e;
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
    ps_report(ps, o, off, name_len ? name_len : spec_len, "%s '%s' (%s %s)",
           L("unknown filter", "未知过滤器"), spec, L("known:", "可用："), tpl_filter_names());
    goto done;
  }
  if (*rest == '(') {
    size_t len = strlen(rest);
    if (len < 2 || rest[len - 1] != ')') {
      ps_report(ps, o, off, spec_len, "%s '%s'",
             L("filter argument needs a closing ')'", "过滤器参数缺少 ')'"), spec);
      goto done;
    }
    if (out->def->arg == 0) {
      ps_report(ps, o, off + (size_t)(rest - spec), len, "%s '%s' %s", L("filter", "过滤器"), name,
             L("takes no argument", "不接受参数"));
      goto done;
    }
    char *arg = xstrndup(rest + 1, len - 2);
    out->arg = ps_compile(ps, arg, o, off + (size_t)(rest - spec) + 1);
    free(arg);
    if (!out->arg) goto done;
  } else if (*rest) {
    ps_report(ps, o, off + (size_t)(rest - spec), strlen(rest), "%s '%s'",
           L("unexpected text after filter name", "过滤器名称后有多余内容"), spec);
    goto done;
  } else if (out->def->arg == 2) {
    ps_report(ps, o, off, name_len, "%s '%s' %s", L("filter", "过滤器"), name,
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
tpl_text *ps_parse_text(parser *ps, const char *src, origin o) {
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
      ps_report(
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
      ps_report(ps, o, here, 1, "%s", L("'{' without a closing '}'", "'{' 缺少对应的 '}'"));
      ok = false;
      break;
    }
    const char *expr_end = bar_count ? bars[0] : end;
    char *expr = xstrndup(s + 1, (size_t)(expr_end - (s + 1)));
    tpl_part part = {NULL, ps_compile(ps, expr, o, here + 1), NULL, 0};
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

