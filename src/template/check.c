/* Load-time checks of the names an XPath 1.0 expression uses (XPath 1.0 section 3.7 lexical
 * rules), so a typo in a field, function or variable is a template error, not an empty box.
 * Field names come from the program's own schema. */
#include <libxml/xmlerror.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/lang.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "template/template_private.h"

static const char *const functions[] = {"last",
                                        "position",
                                        "count",
                                        "id",
                                        "local-name",
                                        "namespace-uri",
                                        "name",
                                        "string",
                                        "concat",
                                        "starts-with",
                                        "contains",
                                        "substring-before",
                                        "substring-after",
                                        "substring",
                                        "string-length",
                                        "normalize-space",
                                        "translate",
                                        "boolean",
                                        "not",
                                        "true",
                                        "false",
                                        "lang",
                                        "number",
                                        "sum",
                                        "floor",
                                        "ceiling",
                                        "round",
                                        /* yinfa's own (input_register_xpath) */
                                        "days",
                                        "abs",
                                        "sum-max",
                                        "workday",
                                        "workdays-after",
                                        "days-after",
                                        "division",
                                        "province",
                                        "org-code-check",
                                        NULL};
static const char *const node_types[] = {"node", "text", "comment", "processing-instruction", NULL};

static bool in_list(const char *const *list, const char *s, size_t n) {
  for (; *list; list++)
    if (strlen(*list) == n && memcmp(*list, s, n) == 0) return true;
  return false;
}

static bool name_start(unsigned char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}
static bool name_char(unsigned char c) {
  return name_start(c) || c == '-' || c == '.' || (c >= '0' && c <= '9');
}

static const char *skip_ws(const char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
  return s;
}

__attribute__((format(printf, 6, 7))) static void name_error(tpl_name_error_fn report, void *data,
                                                             const char *xpath, const char *at,
                                                             size_t len, const char *fmt, ...) {
  char *msg;
  va_list ap;
  va_start(ap, fmt);
  if (vasprintf(&msg, fmt, ap) < 0) xoom();
  va_end(ap);
  report(data, (size_t)(at - xpath), len, msg);
  free(msg);
}

/* Whether the program's schema has that element or attribute name. */
static bool known_field(const tpl_program *p, bool attribute, const char *n, size_t len) {
  if (!p || !p->names_known) return true;
  const tpl_names *l = attribute ? &p->attributes : &p->elements;
  return l->items && in_list(l->items, n, len);
}

bool tpl_check_names(const char *xpath, const char *const *vars, const tpl_program *p,
                     tpl_name_error_fn report, void *data) {
  bool ok = true;
  bool operand = false;   /* the previous token ends an operand: '*' multiplies, names are ops */
  bool attribute = false; /* the next name test is on the attribute axis */
  const char *s = xpath;
  while (*(s = skip_ws(s))) {
    unsigned char c = (unsigned char)*s;
    if (c == '\'' || c == '"') {
      const char *end = strchr(s + 1, c);
      s = end ? end + 1 : s + strlen(s);
      operand = true;
    } else if ((c >= '0' && c <= '9') || (c == '.' && s[1] >= '0' && s[1] <= '9')) {
      while ((*s >= '0' && *s <= '9') || *s == '.') s++;
      operand = true;
    } else if (c == '.') {
      s += s[1] == '.' ? 2 : 1;
      operand = true;
    } else if (c == '$') {
      const char *n = ++s;
      while (name_char((unsigned char)*s) || *s == ':') s++;
      bool known = false;
      for (const char *const *v = vars; v && *v; v++)
        if (strlen(*v) == (size_t)(s - n) && memcmp(*v, n, (size_t)(s - n)) == 0) known = true;
      if (!known) {
        name_error(report, data, xpath, n - 1, (size_t)(s - n) + 1, L("unknown variable '$%.*s' in \"%s\"", "未知变量“$%.*s”（表达式“%s”）"),
                   (int)(s - n), n, xpath);
        ok = false;
      }
      operand = true;
    } else if (c == '*') {
      s++;
      if (!operand) {
        attribute = false;
        operand = true;
      } else {
        operand = false;
      }
    } else if (c == '@') {
      s++;
      attribute = true;
      operand = false;
    } else if (c == ':' && s[1] == ':') {
      s += 2;
      operand = false;
    } else if (name_start(c)) {
      const char *n = s;
      while (name_char((unsigned char)*s)) s++;
      size_t len = (size_t)(s - n);
      if (*s == ':' && s[1] != ':') { /* prefixed name: the round has no namespaces */
        name_error(report, data, xpath, n, len, L("namespace prefix not allowed '%.*s' in \"%s\"", "不支持命名空间前缀“%.*s”（表达式“%s”）"),
                   (int)len, n, xpath);
        ok = false;
        s++;
        continue;
      }
      if (operand) { /* an operator name: and, or, div, mod */
        operand = false;
        continue;
      }
      const char *after = skip_ws(s);
      if (*after == '(') {
        if (!in_list(functions, n, len) && !in_list(node_types, n, len)) {
          name_error(report, data, xpath, n, len, L("unknown function '%.*s()' in \"%s\"", "未知函数“%.*s()”（表达式“%s”）"),
                     (int)len, n, xpath);
          ok = false;
        }
        operand = false;
        continue;
      }
      if (after[0] == ':' && after[1] == ':') {
        attribute = len == 9 && memcmp(n, "attribute", 9) == 0;
        s = after + 2;
        operand = false;
        continue;
      }
      if (!known_field(p, attribute, n, len)) {
        const char *at = n; /* point at the '@' too */
        while (at > xpath && (at[-1] == ' ' || at[-1] == '\t' || at[-1] == '\n')) at--;
        at = attribute && at > xpath && at[-1] == '@' ? at - 1 : n;
        name_error(report, data, xpath, at, len + (size_t)(n - at), L("unknown field '%s%.*s' (the review round has no such field) in \"%s\"",
                     "未知字段“%s%.*s”（评审数据没有该字段），表达式“%s”"),
                   attribute ? "@" : "", (int)len, n, xpath);
        ok = false;
      }
      attribute = false;
      operand = true;
    } else {
      /* ')' and ']' end operands; every other punctuation starts a new one. */
      operand = c == ')' || c == ']';
      if (c == '!' || c == '<' || c == '>' || c == '/') {
        s += s[1] == '=' || (c == '/' && s[1] == '/') ? 2 : 1;
      } else {
        s++;
      }
      attribute = false;
    }
  }
  return ok;
}

/* libxml2's XPath errors say what is wrong in English ("Invalid expression", "Unregistered
 * function"): the common ones are said in the user's language, libxml2's own words kept after
 * them as a detail for whoever reports a bug. */
void tpl_xpath_error_text(strbuf *out, const xmlError *e) {
  const char *what = NULL;
  switch (e ? e->code : 0) {
    case XML_XPATH_EXPR_ERROR: what = L("invalid expression", "表达式无效"); break;
    case XML_XPATH_UNKNOWN_FUNC_ERROR: what = L("unknown function", "未知函数"); break;
    case XML_XPATH_UNDEF_VARIABLE_ERROR: what = L("undefined variable", "未定义的变量"); break;
    case XML_XPATH_VARIABLE_REF_ERROR: what = L("bad variable reference", "变量引用有误"); break;
    case XML_XPATH_UNCLOSED_ERROR: what = L("a bracket or quote is not closed", "括号或引号未闭合"); break;
    case XML_XPATH_UNFINISHED_LITERAL_ERROR:
    case XML_XPATH_START_LITERAL_ERROR: what = L("a quoted text is not closed", "引号内的文字未闭合"); break;
    case XML_XPATH_INVALID_PREDICATE_ERROR: what = L("invalid predicate [...]", "谓词 [...] 有误"); break;
    case XML_XPATH_INVALID_OPERAND: what = L("an operand of the wrong type", "运算对象类型不对"); break;
    case XML_XPATH_INVALID_TYPE: what = L("a value of the wrong type", "值的类型不对"); break;
    case XML_XPATH_INVALID_ARITY: what = L("wrong number of arguments", "参数个数不对"); break;
    case XML_XPATH_NUMBER_ERROR: what = L("invalid number", "数字有误"); break;
    default: what = L("syntax error", "语法错误"); break;
  }
  strbuf_append(out, what);
  if (!e || !e->message) return;
  size_t n = strlen(e->message);
  while (n && (e->message[n - 1] == '\n' || e->message[n - 1] == ' ')) n--;
  /* in English the detail is dropped when it only repeats what was said */
  if (!lang_is_chinese() && n == strlen(what) && strncasecmp(e->message, what, n) == 0) return;
  strbuf_printf(out, L(" (libxml2: %.*s)", "（libxml2：%.*s）"), (int)n, e->message);
}
