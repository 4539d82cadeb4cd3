/* The messages of one load of a review round (load.c, envelope.c, rules.c, names.c): kept in
 * order of arrival, capped at INP_MAX_MESSAGES, handed to the caller's sink sorted by line when
 * the load ends; and libxml2's English parser and schema messages rewritten into what is wrong
 * and what to do, in the user's language, at the file's line and the applicant's id. Owns each
 * message's text until inp_msgs_flush() or inp_msgs_clear(). */
#include <libxml/xmlerror.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/lang.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "input/input.h"
#include "input/messages.h"

struct inp_msg {
  diag_level level;
  src_loc at;
  char *text;
  size_t seq;
};

void inp_msg_add(inp_msgs *m, diag_level level, src_loc at, const char *fmt, ...) {
  char *text;
  va_list ap;
  va_start(ap, fmt);
  if (vasprintf(&text, fmt, ap) < 0) xoom();
  va_end(ap);
  if (level == DIAG_ERROR) m->errors++;
  /* A hostile file of up to INP_MAX_FILE_BYTES can hold millions of errors; keep the first ones. */
  if (m->count >= INP_MAX_MESSAGES) {
    m->dropped++;
    free(text);
    return;
  }
  m->items = xgrow(m->items, &m->cap, m->count + 1, sizeof *m->items);
  m->items[m->count] = (struct inp_msg){level, at, text, m->count};
  m->count++;
}

static int by_line(const void *x, const void *y) {
  const struct inp_msg *a = x, *b = y;
  if (a->at.line != b->at.line) return a->at.line < b->at.line ? -1 : 1;
  return (a->seq > b->seq) - (a->seq < b->seq);
}

void inp_msgs_flush(inp_msgs *m, diag_sink *diag) {
  if (m->count > 1) qsort(m->items, m->count, sizeof *m->items, by_line);
  for (size_t i = 0; i < m->count; i++) {
    diag_report(diag, m->items[i].level, m->items[i].at, "%s", m->items[i].text);
    free(m->items[i].text);
  }
  if (m->dropped)
    diag_error(diag, SRC_LOC_NONE, L("%zu further problems not listed; fix the ones above first",
                                     "另有 %zu 处问题未列出；请先修正以上问题"),
               m->dropped);
  free(m->items);
  *m = (inp_msgs){NULL, 0, 0, 0, 0};
}

int inp_node_line(const xmlNode *node) {
  for (; node; node = node->parent) {
    if (node->type == XML_DOCUMENT_NODE) break;
    long l = node->type == XML_ELEMENT_NODE ? xmlGetLineNo(node) : node->line;
    if (l > 0) return (int)l;
  }
  return 0;
}

const char *inp_applicant_label(struct arena *a, const xmlNode *node) {
  for (; node; node = node->parent) {
    if (node->type != XML_ELEMENT_NODE || !xmlStrEqual(node->name, BAD_CAST "applicant")) continue;
    if (!node->parent || node->parent->type != XML_ELEMENT_NODE) continue;
    xmlChar *id = xmlGetProp(node, BAD_CAST "id");
    if (id && *id) {
      char *s = arena_strdup(a, (const char *)id);
      xmlFree(id);
      return s;
    }
    xmlFree(id);
    size_t n = 1;
    for (const xmlNode *p = node->prev; p; p = p->prev)
      if (p->type == XML_ELEMENT_NODE && xmlStrEqual(p->name, BAD_CAST "applicant")) n++;
    char buf[32];
    snprintf(buf, sizeof buf, "#%zu", n);
    return arena_strdup(a, buf);
  }
  return NULL;
}

/* Copies the text between the first 'open' after 'from' and the next 'close' into out[size];
 * returns the position after 'close', or NULL. */
static const char *between(const char *from, const char *open, const char *close, char *out, size_t size) {
  const char *a = from ? strstr(from, open) : NULL;
  if (!a) return NULL;
  a += strlen(open);
  const char *b = strstr(a, close);
  if (!b) return NULL;
  snprintf(out, size, "%.*s", (int)(b - a), a);
  return b + strlen(close);
}

/* What a value of the schema's pattern types should look like, from the pattern text. */
static const char *pattern_hint(const char *pattern) {
  if (strchr(pattern, '@')) return L("an e-mail address such as name@example.com", "电子邮箱地址，如 name@example.com");
  if (strncmp(pattern, "1[3-9]", 6) == 0) return L("an 11-digit mobile number starting with 1", "以 1 开头的 11 位手机号码");
  if (strstr(pattern, "{8}[0-9X]")) return L("a 9-character organization code: 8 digits or capitals, then a digit or X",
                                            "9 位组织机构代码：8 位数字或大写字母，再加 1 位数字或 X");
  if (strstr(pattern, "-[0-9]{2}-")) return L("a date written YYYY-MM-DD", "YYYY-MM-DD 格式的日期");
  if (strstr(pattern, "[1-9]")) return L("a round number: 1, 2, 3 ...", "批次号（1、2、3……）");
  if (strstr(pattern, "{4}")) return L("a four-digit year", "四位数的年份");
  if (strstr(pattern, "-?[0-9]")) return L("a plain decimal such as 12345.6 (no commas or units)", "普通小数，如 12345.6（不加逗号或单位）");
  if (strstr(pattern, "[0-9]+(\\.[0-9]+)?")) return L("an amount of zero or more such as 12345.6 (no sign, commas or units)", "不小于零的数，如 12345.6（不加正负号、逗号或单位）");
  if (strstr(pattern, "[0-9]+\\s")) return L("a whole number of zero or more", "不小于零的整数");
  return NULL;
}

/* Rewrites libxml2's English schema messages into what is wrong and what to do, in the user's
 * language; anything unrecognised is kept as libxml2 wrote it. */
static char *explain_schema_error(const char *m) {
  char el[128] = "", attr[128] = "", v1[512] = "", v2[512] = "";
  char *out = NULL;
  const char *rest = between(m, "Element '", "'", el, sizeof el);
  if (!rest) goto raw;
  if (strncmp(rest, ", attribute '", 13) == 0) rest = between(rest, ", attribute '", "'", attr, sizeof attr);
  if (!rest) goto raw;
  int n = 0;
  if (strstr(rest, "This element is not expected.")) {
    if (between(rest, "Expected is one of ( ", " )", v1, sizeof v1) || between(rest, "Expected is ( ", " )", v1, sizeof v1))
      n = asprintf(&out, L("<%s> is not allowed here; expected %s (check the spelling and the order of elements)",
                           "此处不应出现 <%s>；此处应为 %s（请检查元素名称的拼写和顺序）"),
                   el, v1);
    else
      n = asprintf(&out, L("<%s> is not allowed here (a misspelt, repeated or misplaced element)",
                           "此处不应出现 <%s>（元素名称错误、重复或位置不对）"),
                   el);
  } else if (strstr(rest, "Missing child element(s).") && between(rest, "Expected is ( ", " )", v1, sizeof v1)) {
    n = asprintf(&out, L("<%s> lacks <%s>, which is required here", "<%s> 缺少必填的 <%s>"), el, v1);
  } else if (strstr(rest, "is not allowed.") && *attr) {
    n = asprintf(&out, L("<%s> has no attribute \"%s\" (check the spelling)", "<%s> 没有“%s”这个属性（请检查拼写）"),
                 el, attr);
  } else if (strstr(rest, "is required but missing.") && between(rest, "The attribute '", "'", v1, sizeof v1)) {
    n = asprintf(&out, L("<%s> lacks the required attribute \"%s\"", "<%s> 缺少必填属性“%s”"), el, v1);
  } else if (strstr(rest, "[facet 'pattern']") && between(rest, "The value '", "' is not", v1, sizeof v1) &&
             between(rest, "by the pattern '", "'.", v2, sizeof v2) && pattern_hint(v2)) {
    if (*attr)
      n = asprintf(&out, L("<%s> %s=\"%s\" should be %s", "<%s> 的 %s“%s”应为%s"), el, attr, v1, pattern_hint(v2));
    else
      n = asprintf(&out, L("<%s> \"%s\" should be %s", "<%s>“%s”应为%s"), el, v1, pattern_hint(v2));
  } else if (strstr(rest, "[facet 'enumeration']") && between(rest, "The value '", "' is not", v1, sizeof v1) &&
             between(rest, "the set {", "}.", v2, sizeof v2)) {
    /* {'a', 'b'} → a、b */
    strbuf set;
    strbuf_init(&set);
    for (const char *q = v2; *q; q++) {
      if (strncmp(q, "', '", 4) == 0) strbuf_append(&set, "、"), q += 3;
      else if (*q != '\'') strbuf_putc(&set, *q);
    }
    snprintf(v2, sizeof v2, "%s", strbuf_str(&set));
    strbuf_release(&set);
    if (*attr)
      n = asprintf(&out, L("<%s> %s=\"%s\" is not one of: %s", "<%s> 的 %s“%s”不在规定范围内，应为以下之一：%s"), el, attr, v1, v2);
    else
      n = asprintf(&out, L("<%s> \"%s\" is not one of: %s", "<%s>“%s”不在规定范围内，应为以下之一：%s"), el, v1, v2);
  } else if ((strstr(rest, "[facet 'maxInclusive']") || strstr(rest, "[facet 'minInclusive']")) &&
             between(rest, "The value '", "' is", v1, sizeof v1) && between(rest, "allowed ('", "')", v2, sizeof v2)) {
    bool max = strstr(rest, "maxInclusive") != NULL;
    const char *what = max ? L("at most", "不大于") : L("at least", "不小于");
    if (*attr)
      n = asprintf(&out, L("<%s> %s=\"%s\" must be %s %s", "<%s> 的 %s“%s”应%s %s"), el, attr, v1, what, v2);
    else
      n = asprintf(&out, L("<%s> \"%s\" must be %s %s", "<%s>“%s”应%s %s"), el, v1, what, v2);
  } else if (strstr(rest, "of the atomic type 'xs:date'") && between(rest, " '", "' is not", v1, sizeof v1)) {
    n = asprintf(&out, L("<%s>%s%s \"%s\" is not a real calendar date; write it as YYYY-MM-DD",
                         "<%s>%s%s 的日期“%s”不是有效日期；请按 YYYY-MM-DD 填写"),
                 el, *attr ? " " : "", attr, v1);
  } else if (strstr(rest, "[facet 'minLength']")) {
    if (*attr)
      n = asprintf(&out, L("<%s> %s must not be empty", "<%s> 的 %s 不能为空"), el, attr);
    else
      n = asprintf(&out, L("<%s> must not be empty", "<%s> 不能为空"), el);
  } else if (strstr(rest, "Character content is not allowed")) {
    n = asprintf(&out, L("<%s> takes attributes only, no text", "<%s> 只能有属性，不能有文字内容"), el);
  } else if (strstr(rest, "Element content is not allowed")) {
    n = asprintf(&out, L("<%s> holds text only, no elements", "<%s> 只能是文字，不能包含元素"), el);
  } else if (strstr(rest, "No matching global declaration")) {
    n = asprintf(&out, L("the root element must be <review-round>, not <%s>", "根元素应为 <review-round>，而不是 <%s>"), el);
  } else {
    goto raw;
  }
  if (n < 0) xoom();
  return out;
raw:
  if (asprintf(&out, L("does not match the review-round schema: %s", "不符合评审结果文件的格式规定：%s"), m) < 0) xoom();
  return out;
}

/* libxml2 messages end in a newline and are English; we keep their text (it names the element
 * and what was expected) inside our own located, translated frame. */
void inp_msg_xml_error(inp_msgs *msgs, const char *path, struct arena *a, const xmlError *e,
                       const xmlNode *node, bool schema) {
  char msg[1024];
  snprintf(msg, sizeof msg, "%s", e->message ? e->message : "?");
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = '\0';
  src_loc at = {path, e->line, schema ? 0 : e->int2, NULL};
  if (node) {
    at.applicant = inp_applicant_label(a, node);
    if (at.line <= 0) at.line = inp_node_line(node);
  }
  diag_level level = e->level == XML_ERR_WARNING ? DIAG_WARNING : DIAG_ERROR;
  if (schema) {
    char *text = explain_schema_error(msg);
    inp_msg_add(msgs, level, at, "%s", text);
    free(text);
  } else if (strstr(msg, "AttValue length too long")) {
    /* libxml2's own limit on one item, hit long before our 100,000-character field limit */
    inp_msg_add(msgs, level, at,
                L("an attribute value here is longer than the XML reader takes (10,000,000 bytes); a "
                  "field holds at most %d characters: shorten it",
                  "此处的属性值超过 XML 读取器的上限（10,000,000 字节）；单个字段最多 %d 个字符：请缩短"),
                INP_MAX_FIELD_CHARS);
  } else if (strstr(msg, "huge text node") || strstr(msg, "XML_PARSE_HUGE") || strstr(msg, "Huge input")) {
    inp_msg_add(msgs, level, at,
                L("a text or name here is longer than the XML reader takes (10,000,000 bytes); a field "
                  "holds at most %d characters: shorten it",
                  "此处的文字或名称超过 XML 读取器的上限（10,000,000 字节）；单个字段最多 %d 个字符：请缩短"),
                INP_MAX_FIELD_CHARS);
  } else if (e->code == XML_ERR_INVALID_CHAR || e->code == XML_ERR_INVALID_CHARREF) {
    /* "PCDATA invalid Char value 11", "xmlParseCharRef: invalid xmlChar value 31": a control
     * character, typed or written as &#x..;, that XML 1.0 does not allow anywhere */
    const char *v = strstr(msg, "value ");
    long cp = v ? strtol(v + 6, NULL, 10) : -1;
    if (cp >= 0 && cp < 0x110000)
      inp_msg_add(msgs, level, at,
                  L("an invisible control character (U+%04lX) is here, which a review-round file may not "
                    "contain: delete it (it often comes with text copied from Word, a web page or a database)",
                    "此处有一个不可见的控制字符（U+%04lX），评审结果文件中不允许出现：请删除它"
                    "（常随从 Word、网页或数据库复制的文字带入）"),
                  cp);
    else
      inp_msg_add(msgs, level, at,
                  L("a character here is not allowed in XML: delete it (%s)", "此处有 XML 不允许的字符：请删除它（%s）"),
                  msg);
  } else {
    inp_msg_add(msgs, level, at, L("not well-formed XML: %s", "XML 格式错误：%s"), msg);
  }
}


/* Forgets every message so far (libxml2's reactions to a DTD we refuse as a whole). */
void inp_msgs_clear(inp_msgs *m) {
  for (size_t i = 0; i < m->count; i++) free(m->items[i].text);
  m->count = 0;
  m->errors = 0;
  m->dropped = 0;
}

/* Every refusal says why (tests/fuzz traps on a refusal without an error): when the reader gave
 * up with nothing but warnings (libxml2 turning one into a stop, a limit hit without a message),
 * the last warning's place, or the file's first line, gets an error that says the file was not
 * read. */
void inp_msgs_say_refused(inp_msgs *m, const char *path) {
  if (m->errors > 0) return;
  src_loc at = {path, 1, 0, NULL};
  for (size_t i = 0; i < m->count; i++)
    if (m->items[i].at.line > 0) at = m->items[i].at;
  inp_msg_error(m, at,
                L("the file is not well-formed XML and was not read: the reader stopped here (see the "
                  "warnings above); correct the file at this line",
                  "文件不是格式正确的 XML，未读取：读取器在此处停止（见上方警告）；请修改文件此行"));
}
