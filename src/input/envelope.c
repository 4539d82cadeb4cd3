/* The common envelope every program's round shares (docs/programs.md), checked in C after the
 * program's schema: the applicants with unique ids safe as folder names, their group key,
 * GB 32100-2015 credit codes wherever a <credit-code> is, real calendar dates wherever a value
 * is written YYYY-MM-DD, and the decision. Runs even after schema errors, so that one run
 * reports every problem; it skips what the schema already complained about. */
#include <libxml/xpath.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/lang.h"
#include "core/xmalloc.h"
#include "input/input_private.h"
#include "text/text.h"

typedef struct {
  inp_round *r;
  arena *a;
  inp_msgs *msgs;
  const char *applicant; /* label of the applicant being built, for messages */
  bool failed;
} builder;

static void report(builder *b, const xmlNode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void report(builder *b, const xmlNode *n, const char *fmt, ...) {
  char *msg;
  va_list ap;
  va_start(ap, fmt);
  if (vasprintf(&msg, fmt, ap) < 0) xoom();
  va_end(ap);
  inp_msg_error(b->msgs, ((src_loc){b->r->path, inp_node_line(n), 0, b->applicant}), "%s", msg);
  free(msg);
  b->failed = true;
}

static bool is_el(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name);
}

static xmlNode *child(const xmlNode *parent, const char *name) {
  for (xmlNode *c = parent ? parent->children : NULL; c; c = c->next)
    if (is_el(c, name)) return c;
  return NULL;
}

static size_t count_children(const xmlNode *parent, const char *name) {
  size_t n = 0;
  for (xmlNode *c = parent ? parent->children : NULL; c; c = c->next) n += is_el(c, name);
  return n;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Trimmed arena copy; NULL for NULL or blank. Takes ownership of the xmlChar string. */
static const char *keep(builder *b, xmlChar *s) {
  if (!s) return NULL;
  const char *p = (const char *)s, *e = p + strlen(p);
  while (p < e && is_space(*p)) p++;
  while (e > p && is_space(e[-1])) e--;
  const char *out = e > p ? arena_strndup(b->a, p, (size_t)(e - p)) : NULL;
  xmlFree(s);
  return out;
}

/* The value of a node list that is one text node: the document's own string when it needs no
 * trimming (the document lives as long as the round, and nothing changes it after loading),
 * else a trimmed arena copy; NULL for blank. Sets *done false for any other list. */
static const char *single_text(builder *b, const xmlNode *list, bool *done) {
  *done = false;
  if (!list) {
    *done = true;
    return NULL;
  }
  if (list->type != XML_TEXT_NODE || list->next) return NULL;
  *done = true;
  const char *p = list->content ? (const char *)list->content : "", *e = p + strlen(p);
  if (p == e || (!is_space(*p) && !is_space(e[-1]))) return p == e ? NULL : p;
  while (p < e && is_space(*p)) p++;
  while (e > p && is_space(e[-1])) e--;
  return e > p ? arena_strndup(b->a, p, (size_t)(e - p)) : NULL;
}

static const char *text_of(builder *b, const xmlNode *el) {
  if (!el) return NULL;
  if (el->type == XML_ELEMENT_NODE) {
    bool done;
    const char *s = single_text(b, el->children, &done);
    if (done) return s;
  }
  return keep(b, xmlNodeGetContent(el));
}

static const char *attr_of(builder *b, const xmlNode *el, const char *name) {
  if (!el) return NULL;
  xmlAttr *a = xmlHasProp(el, BAD_CAST name);
  if (a && a->type == XML_ATTRIBUTE_NODE) {
    bool done;
    const char *s = single_text(b, a->children, &done);
    if (done) return s;
  }
  return keep(b, xmlGetProp(el, BAD_CAST name));
}

/* Ids seen so far: open addressing over applicant indexes, so that a 30,000-applicant round
 * is checked in linear time. */
typedef struct {
  size_t *slots; /* applicant index + 1; 0 = empty */
  size_t mask;
} id_set;

static size_t hash_id(const char *s) {
  size_t h = 14695981039346656037u; /* FNV-1a */
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

/* Index of the applicant that already has 'id', or (size_t)-1 after adding 'index'. */
static size_t id_set_add(id_set *set, const inp_applicant *apps, const char *id, size_t index) {
  for (size_t h = hash_id(id) & set->mask;; h = (h + 1) & set->mask) {
    if (!set->slots[h]) {
      set->slots[h] = index + 1;
      return (size_t)-1;
    }
    if (strcmp(apps[set->slots[h] - 1].id, id) == 0) return set->slots[h] - 1;
  }
}

static void check_id(builder *b, const xmlNode *el, const char *id, id_set *seen, size_t index,
                     inp_name_set *ids) {
  if (!xmlHasProp(el, BAD_CAST "id")) return; /* missing: the schema said so */
  if (!id) id = "";
  if (!inp_id_safe(id)) {
    report(b, el,
           L("id \"%s\" may contain only letters, digits, - and _ (1 to 64 characters), because "
             "it names the applicant's output folder; rename it",
             "编号“%s”只能由字母、数字、- 和 _ 组成（1 至 64 个字符），因为它用作输出文件夹名；请修改"),
           id);
    return;
  }
  size_t first = id_set_add(seen, b->r->applicants, id, index);
  if (first != (size_t)-1) {
    report(b, el,
           L("id \"%s\" is already used at line %d; give each applicant its own id",
             "编号“%s”已在第 %d 行使用；每个申报单位的编号必须唯一"),
           id, b->r->applicants[first].loc.line);
    return;
  }
  /* The id names applicants/<id>/ too: a Windows device name (CON, NUL ...) or an id that differs
   * from another only in case ("xc-1", "XC-1": one folder on a case-insensitive share) is refused
   * by the same checks as a county. */
  src_loc at = {b->r->path, inp_node_line(el), 0, b->applicant};
  if (!inp_check_name(b->msgs, at, L("id", "编号"), id) || !inp_name_set_add(ids, b->msgs, at, L("id", "编号"), id))
    b->failed = true;
}

static void check_credit_code(builder *b, const xmlNode *el, const char *code) {
  if (!el) return;
  if (!code) {
    report(b, el, L("the credit code is empty; enter the 18-character unified social credit code",
                    "统一社会信用代码为空；请填写 18 位统一社会信用代码"));
    return;
  }
  size_t chars = 0;
  for (const char *p = code; *p; p++) chars += ((unsigned char)*p & 0xC0) != 0x80;
  if (chars != 18) {
    report(b, el,
           L("credit code \"%s\" has %zu characters; a unified social credit code has 18",
             "统一社会信用代码“%s”有 %zu 位；应为 18 位"),
           code, chars);
    return;
  }
  /* By character, so that a full-width Ｏ or a Chinese character is quoted whole. */
  size_t off = 0, len = strlen(code);
  for (int pos = 1; off < len; pos++) {
    uint32_t cp = 0;
    size_t n = txt_utf8_decode(code + off, len - off, &cp);
    if (n == 0) n = 1;
    if (n > 1 || !strchr("0123456789ABCDEFGHJKLMNPQRTUWXY", code[off])) {
      bool lower = n == 1 && code[off] >= 'a' && code[off] <= 'z';
      report(b, el,
             lower ? L("credit code \"%s\" has the lower-case letter '%.*s' at position %d; "
                       "write it in upper case",
                       "统一社会信用代码“%s”含有小写字母“%.*s”（第 %d 位）；请改为大写")
                   : L("credit code \"%s\" has '%.*s' at position %d; only digits and the "
                       "letters A-Y without I, O, S, V, Z are allowed",
                       "统一社会信用代码“%s”含有不允许的字符“%.*s”（第 %d 位）；只能使用数字和除 I、O、S、V、Z 以外的大写字母"),
             code, (int)n, code + off, pos);
      return;
    }
    off += n;
  }
  if (!inp_credit_code_valid(code))
    report(b, el,
           L("credit code \"%s\" fails the GB 32100-2015 check: its last character should be '%c'; "
             "copy the code again from the business licence",
             "统一社会信用代码“%s”未通过 GB 32100-2015 校验：最后一位应为“%c”；请按营业执照重新填写"),
           code, inp_credit_code_check_char(code));
}


/* A value shaped YYYY-MM-DD must be a day that exists; any other shape is the schema's concern. */
static void check_date(builder *b, const xmlNode *el, const char *what, const char *s) {
  if (!s) return;
  while (is_space(*s)) s++;
  size_t n = strlen(s);
  while (n && is_space(s[n - 1])) n--;
  if (n != 10 || s[4] != '-' || s[7] != '-') return;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return;
  int year = atoi(s);
  inp_date d;
  if (inp_date_parse(s, &d)) return;
  char ten[11];
  snprintf(ten, sizeof ten, "%.10s", s);
  memcpy(ten, "2000", 4); /* the same day in 2000 (a leap year): does it exist at all? */
  if ((year < 1900 || year > 2199) && inp_date_parse(ten, &d))
    /* a real day, but no review round is dated before 1900 or after 2199: a typo of the year */
    report(b, el, L("%s date \"%.10s\" is outside the years 1900-2199; check the year",
                    "%s的日期“%.10s”不在 1900-2199 年之间；请检查年份"),
           what, s);
  else
    report(b, el,
           L("%s date \"%.10s\" is not a real calendar date; write it as YYYY-MM-DD",
             "%s的日期“%.10s”不是有效日期；请按 YYYY-MM-DD 填写"),
           what, s);
}

static void check_values(builder *b, const xmlNode *el) {
  for (; el; el = el->next) {
    if (el->type != XML_ELEMENT_NODE) continue;
    if (is_el(el, "applicant") && el->parent && el->parent->type == XML_ELEMENT_NODE)
      b->applicant = inp_applicant_label(b->a, el);
    for (xmlAttr *a = el->properties; a; a = a->next) {
      bool done;
      const char *v = single_text(b, a->children, &done);
      if (done && v) check_date(b, el, (const char *)el->name, v);
    }
    if (is_el(el, "credit-code")) {
      check_credit_code(b, el, text_of(b, el));
    } else if (el->children && el->children->type == XML_TEXT_NODE && !el->children->next) {
      check_date(b, el, (const char *)el->name, (const char *)el->children->content);
    }
    check_values(b, el->children);
  }
}

static void check_decision(builder *b, const xmlNode *review) {
  xmlNode *dn = child(review, "decision");
  if (!dn || xmlFirstElementChild(dn)) return; /* elements inside: the schema said so */
  const char *d = text_of(b, dn);
  if (!d || (strcmp(d, "admitted") != 0 && strcmp(d, "rejected") != 0 && strcmp(d, "pending") != 0))
    report(b, dn,
           L("decision \"%s\" must be admitted, rejected or pending",
             "评审结论“%s”无效；只能是 admitted（入库）、rejected（未入库）或 pending（待定）"),
           d ? d : "");
}

/* libxml2's own XPath messages (English, one per applicant) are replaced by group_of's one. */
static void quiet(void *data, xmlErrorPtr e) { (void)data, (void)e; }

/* The group key of one applicant: the XPath's string value, trimmed. A key that cannot be
 * evaluated (too costly, an error) is the program's fault, not the round's: one error at
 * program.xml's <group>, then *key is dropped so no applicant is blamed for it. */
static const char *group_of(builder *b, xmlXPathContextPtr xp, xmlXPathCompExprPtr *key, xmlNode *el,
                            const inp_spec *spec) {
  xp->node = el;
  inp_xpath_bound(xp);
  xmlXPathObjectPtr v = xmlXPathCompiledEval(*key, xp);
  const char *out = v ? keep(b, xmlXPathCastToString(v)) : NULL;
  xmlXPathFreeObject(v);
  if (v) return out;
  if (inp_xpath_exceeded(xp))
    inp_msg_error(b->msgs, spec->group_at,
                  L("the group key key=\"%s\" was stopped after %lu million steps (at line %d of the round), "
                    "too costly; simplify it (no // inside a predicate)",
                    "分组键 key=\"%s\" 计算超过 %lu 百万步被停止（评审结果第 %d 行），代价过高；请简化（谓词中不要用 //）"),
                  spec->group_key, INP_XPATH_MAX_STEPS / 1000000, inp_node_line(el));
  else
    inp_msg_error(b->msgs, spec->group_at,
                  L("the group key key=\"%s\" cannot be evaluated (line %d of the round)",
                    "分组键 key=\"%s\" 无法求值（评审结果第 %d 行）"),
                  spec->group_key, inp_node_line(el));
  b->failed = true;
  xmlXPathFreeCompExpr(*key);
  *key = NULL;
  return "";
}

/* The group key names a folder (e.g. counties/<county>/): the checks every such value gets
 * (names.c), and no second spelling of one group that looks the same. */
static void check_group(builder *b, const xmlNode *el, const inp_spec *spec, const char *group,
                        inp_name_set *seen) {
  src_loc at = {b->r->path, inp_node_line(el), 0, b->applicant};
  const char *what = L(spec->group_en ? spec->group_en : "group", spec->group_zh ? spec->group_zh : "分组");
  if (!group) {
    report(b, el, L("the %s (%s) is empty; every applicant needs one", "%s（%s）为空；每个申报单位都必须填写"),
           what, spec->group_key);
    return;
  }
  if (!inp_check_name(b->msgs, at, what, group) || !inp_name_set_add(seen, b->msgs, at, what, group))
    b->failed = true;
}

bool inp_check_envelope(inp_round *r, const inp_spec *spec, inp_msgs *msgs) {
  builder b = {r, r->arena_, msgs, NULL, false};
  xmlNode *root = xmlDocGetRootElement(r->doc_);
  if (!is_el(root, "review-round")) {
    if (root)
      report(&b, root,
             L("the root element must be <review-round>, not <%s>", "根元素应为 <review-round>，而不是 <%s>"),
             (const char *)root->name);
    return false;
  }
  r->loc = (src_loc){r->path, inp_node_line(root), 0, NULL};
  r->program = attr_of(&b, root, "program");
  const char *year = attr_of(&b, root, "year");
  r->year = year && strlen(year) == 4 ? atoi(year) : 0;
  const char *round = attr_of(&b, root, "round");
  r->round = round ? atoi(round) : 1;
  if (r->round < 1) r->round = 1;
  if (!r->program)
    report(&b, root, "%s", L("<review-round> lacks the required attribute \"program\"",
                              "<review-round> 缺少必填属性“program”"));
  /* another program's file was refused before the schema (load.c) */

  xmlXPathContextPtr xp = NULL;
  xmlXPathCompExprPtr key = NULL;
  if (spec && spec->group_key) {
    xp = xmlXPathNewContext(r->doc_);
    if (!xp) xoom();
    xp->error = quiet;
    key = xmlXPathCtxtCompile(xp, BAD_CAST spec->group_key);
  }
  size_t n = count_children(root, "applicant");
  r->applicants = arena_alloc(b.a, (n ? n : 1) * sizeof *r->applicants);
  r->applicant_nodes_ = arena_alloc(b.a, (n ? n : 1) * sizeof *r->applicant_nodes_);
  inp_name_set *groups = inp_name_set_new();
  id_set seen = {NULL, 1};
  while (seen.mask + 1 < 2 * n) seen.mask = seen.mask * 2 + 1;
  seen.slots = arena_alloc(b.a, (seen.mask + 1) * sizeof *seen.slots);
  inp_name_set *ids = inp_name_set_new();
  for (xmlNode *el = root->children; el; el = el->next) {
    if (!is_el(el, "applicant")) continue;
    size_t i = r->applicant_count++;
    inp_applicant *ap = &r->applicants[i];
    r->applicant_nodes_[i] = el;
    ap->index = i;
    ap->id = attr_of(&b, el, "id");
    b.applicant = inp_applicant_label(b.a, el);
    ap->loc = (src_loc){r->path, inp_node_line(el), 0, b.applicant};
    check_id(&b, el, ap->id, &seen, i, ids);
    if (!ap->id) ap->id = "";
    ap->group = "";
    if (key) {
      ap->group = group_of(&b, xp, &key, el, spec);
      if (key) check_group(&b, el, spec, ap->group, groups);
      if (!ap->group) ap->group = "";
    }
    check_decision(&b, child(el, "review"));
  }
  b.applicant = NULL;
  check_values(&b, root);
  inp_name_set_free(groups);
  inp_name_set_free(ids);
  if (key) xmlXPathFreeCompExpr(key);
  if (xp) xmlXPathFreeContext(xp);
  return !b.failed;
}
