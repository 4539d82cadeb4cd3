/* From the validated, NFC-normalised document to typed records, with the semantic rules the
 * schema cannot express (shared/spec/review-outcomes.md): unique safe ids, credit codes,
 * one finance per year, real dates, the direction list, decisions, the share range.
 * Runs even after schema errors, so that one run reports every problem; it skips whatever
 * the schema already complained about (missing or malformed values) to avoid repeats. */
#include <stdarg.h>
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

/* Plain decimal as the schema's pattern allows; false for anything else (already reported). */
static bool parse_decimal(const char *s, double *out) {
  if (!s) return false;
  const char *p = s;
  if (*p == '-') p++;
  if (!(*p >= '0' && *p <= '9')) return false;
  while (*p >= '0' && *p <= '9') p++;
  if (*p == '.') {
    p++;
    if (!(*p >= '0' && *p <= '9')) return false;
    while (*p >= '0' && *p <= '9') p++;
  }
  if (*p) return false;
  *out = strtod(s, NULL);
  return true;
}

static bool parse_year(const char *s, int *out) {
  if (!s || strlen(s) != 4) return false;
  for (int i = 0; i < 4; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  *out = atoi(s);
  return true;
}

static inp_amount amount_of(builder *b, const xmlNode *el, const char *name) {
  inp_amount a = {false, 0, attr_of(b, el, name)};
  a.present = parse_decimal(a.text, &a.value);
  if (!a.present) a.text = NULL;
  return a;
}

/* A well-shaped date that does not exist is ours to report; a badly shaped one, the schema's. */
static inp_date date_of(builder *b, const xmlNode *el, const char *what) {
  inp_date d = {0, 0, 0, NULL};
  const char *s = attr_of(b, el, "date");
  if (!s) return d;
  bool shaped = strlen(s) == 10 && s[4] == '-' && s[7] == '-';
  if (inp_date_parse(s, &d)) {
    d.iso = s;
  } else if (shaped && (atoi(s) < 1900 || atoi(s) > 2199) && s[0] >= '0' && s[0] <= '9') {
    /* a real date, but no review round is dated before 1900 or after 2199: a typo of the year */
    report(b, el,
           L("%s date \"%s\" is outside the years 1900-2199; check the year",
             "%s的日期“%s”不在 1900-2199 年之间；请检查年份"),
           what, s);
  } else if (shaped) {
    report(b, el,
           L("%s date \"%s\" is not a real calendar date; write it as YYYY-MM-DD",
             "%s的日期“%s”不是有效日期；请按 YYYY-MM-DD 填写"),
           what, s);
  }
  return d;
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

static void check_id(builder *b, const xmlNode *el, const char *id, id_set *seen, size_t index) {
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
  if (first != (size_t)-1)
    report(b, el,
           L("id \"%s\" is already used at line %d; give each applicant its own id",
             "编号“%s”已在第 %d 行使用；每个申报单位的编号必须唯一"),
           id, b->r->applicants[first].loc.line);
}

/* The county names a folder (counties/<county>/): the checks every such value gets (names.c),
 * and no second spelling of one county that looks the same. */
static void check_county(builder *b, const xmlNode *el, const char *county, inp_name_set *seen) {
  src_loc at = {b->r->path, inp_node_line(el), 0, b->applicant};
  if (!inp_check_name(b->msgs, at, L("county", "县（市、区）"), county) ||
      !inp_name_set_add(seen, b->msgs, at, L("county", "县（市、区）"), county))
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

static int by_year(const void *x, const void *y) {
  const inp_finance *a = x, *b = y;
  return (a->year > b->year) - (a->year < b->year);
}

static void build_enterprise(builder *b, const xmlNode *el, inp_enterprise *e) {
  e->name = text_of(b, child(el, "name"));
  xmlNode *cc = child(el, "credit-code");
  e->credit_code = text_of(b, cc);
  check_credit_code(b, cc, e->credit_code);
  e->industry = text_of(b, child(el, "industry"));
  e->address = text_of(b, child(el, "address"));
  e->nature = text_of(b, child(el, "nature"));
  xmlNode *mb = child(el, "main-business");
  e->main_business = text_of(b, mb);
  const char *share = attr_of(b, mb, "share");
  if (parse_decimal(share, &e->main_business_share)) {
    e->has_main_business_share = true;
    e->main_business_share_text = share;
    if (e->main_business_share < 0 || e->main_business_share > 100) {
      report(b, mb,
             L("main-business share %s is outside 0..100; it is a percentage of total revenue",
               "主营业务占比 %s 超出 0～100 的范围；应为占总收入的百分比"),
             share);
    }
  }
  xmlNode *c = child(el, "contact");
  e->contact = (inp_contact){attr_of(b, c, "name"), attr_of(b, c, "title"), attr_of(b, c, "phone"),
                             attr_of(b, c, "mobile"), attr_of(b, c, "email")};
  xmlNode *l = child(el, "leader");
  e->leader = (inp_leader){attr_of(b, l, "name"), attr_of(b, l, "title")};

  size_t nf = count_children(el, "finance"), k = 0;
  e->finance = arena_alloc(b->a, (nf ? nf : 1) * sizeof *e->finance);
  for (xmlNode *f = el->children; f; f = f->next) {
    if (!is_el(f, "finance")) continue;
    inp_finance fin = {0};
    if (!parse_year(attr_of(b, f, "year"), &fin.year)) continue; /* the schema reported it */
    fin.line = inp_node_line(f);
    bool dup = false;
    for (size_t i = 0; i < k && !dup; i++) {
      if (e->finance[i].year != fin.year) continue;
      dup = true;
      report(b, f,
             L("a second finance entry for %d (the first is at line %d); keep one per year",
               "%d 年的经济指标重复（第一条在第 %d 行）；每年只能填一条"),
             fin.year, e->finance[i].line);
    }
    if (dup) continue;
    fin.total_assets = amount_of(b, f, "total-assets");
    fin.total_liabilities = amount_of(b, f, "total-liabilities");
    fin.revenue = amount_of(b, f, "revenue");
    fin.profit = amount_of(b, f, "profit");
    fin.tax = amount_of(b, f, "tax");
    e->finance[k++] = fin;
  }
  e->finance_count = k;
  qsort(e->finance, k, sizeof *e->finance, by_year);

  size_t nh = count_children(el, "honor");
  e->honors = arena_alloc(b->a, (nh ? nh : 1) * sizeof *e->honors);
  for (xmlNode *h = el->children; h; h = h->next) {
    if (!is_el(h, "honor")) continue;
    inp_honor hon = {text_of(b, h), attr_of(b, h, "level"), 0};
    parse_year(attr_of(b, h, "year"), &hon.year);
    if (hon.text) e->honors[e->honor_count++] = hon;
  }
}

static void build_project(builder *b, const xmlNode *el, inp_project *p) {
  p->name = text_of(b, child(el, "name"));
  p->summary = text_of(b, child(el, "summary"));
  p->goals = text_of(b, child(el, "goals"));
  p->effects = text_of(b, child(el, "effects"));
  p->direction_name = attr_of(b, el, "direction");
  if (!el || !xmlHasProp(el, BAD_CAST "direction")) return; /* missing: the schema said so */
  for (int d = 0; d < INP_DIRECTION_COUNT; d++) {
    if (p->direction_name && strcmp(p->direction_name, inp_direction_name((inp_direction)d)) == 0) {
      p->direction = (inp_direction)d;
      return;
    }
  }
  report(b, el,
         L("direction \"%s\" is not one of 工业互联网平台, 5G产业链融合创新, 服务型制造, "
           "新一代信息技术融合",
           "项目方向“%s”不在规定范围内（工业互联网平台、5G产业链融合创新、服务型制造、新一代信息技术融合）"),
         p->direction_name ? p->direction_name : "");
}

static void build_review(builder *b, const xmlNode *el, inp_review *rv) {
  rv->decision = INP_DECISION_PENDING;
  if (!el) return;
  xmlNode *co = child(el, "county-opinion");
  rv->county_opinion = text_of(b, co);
  if (co) rv->county_opinion_date = date_of(b, co, L("county-opinion", "县区推荐意见"));
  xmlNode *eo = child(el, "expert-opinion");
  rv->expert_opinion = text_of(b, eo);
  if (eo) rv->expert_opinion_date = date_of(b, eo, L("expert-opinion", "专家组评审意见"));

  xmlNode *os = child(el, "on-site");
  if (os) {
    inp_on_site *o = &rv->on_site;
    o->present = true;
    o->date = date_of(b, os, L("on-site", "现场核查"));
    o->innovation = text_of(b, child(os, "innovation"));
    o->technical = text_of(b, child(os, "technical"));
    o->funding = text_of(b, child(os, "funding"));
    o->opinion = text_of(b, child(os, "opinion"));
    size_t ne = count_children(os, "expert");
    o->experts = arena_alloc(b->a, (ne ? ne : 1) * sizeof *o->experts);
    for (xmlNode *x = os->children; x; x = x->next) {
      if (!is_el(x, "expert")) continue;
      inp_expert ex = {attr_of(b, x, "name"), attr_of(b, x, "role")};
      if (ex.name) o->experts[o->expert_count++] = ex;
    }
  }

  xmlNode *dn = child(el, "decision");
  if (!dn || xmlFirstElementChild(dn)) return; /* elements inside: the schema said so */
  const char *d = text_of(b, dn);
  if (d && strcmp(d, "admitted") == 0) rv->decision = INP_DECISION_ADMITTED;
  else if (d && strcmp(d, "rejected") == 0) rv->decision = INP_DECISION_REJECTED;
  else if (d && strcmp(d, "pending") == 0) rv->decision = INP_DECISION_PENDING;
  else
    report(b, dn,
           L("decision \"%s\" must be admitted, rejected or pending",
             "评审结论“%s”无效；只能是 admitted（入库）、rejected（未入库）或 pending（待定）"),
           d ? d : "");
}

bool inp_build_records(inp_round *r, inp_msgs *msgs) {
  builder b = {r, r->arena_, msgs, NULL, false};
  xmlNode *root = xmlDocGetRootElement(r->doc_);
  if (!is_el(root, "review-round")) return true; /* the schema reported the wrong root */
  r->loc = (src_loc){r->path, inp_node_line(root), 0, NULL};
  r->program = attr_of(&b, root, "program");
  if (!parse_year(attr_of(&b, root, "year"), &r->year)) r->year = 0;
  const char *round = attr_of(&b, root, "round");
  r->round = round ? atoi(round) : 1;
  if (r->round < 1) r->round = 1;

  size_t n = count_children(root, "applicant");
  r->applicants = arena_alloc(b.a, (n ? n : 1) * sizeof *r->applicants);
  r->applicant_nodes_ = arena_alloc(b.a, (n ? n : 1) * sizeof *r->applicant_nodes_);
  id_set seen = {NULL, 1};
  while (seen.mask + 1 < 2 * n) seen.mask = seen.mask * 2 + 1;
  seen.slots = arena_alloc(b.a, (seen.mask + 1) * sizeof *seen.slots);
  inp_name_set *counties = inp_name_set_new();
  for (xmlNode *el = root->children; el; el = el->next) {
    if (!is_el(el, "applicant")) continue;
    size_t i = r->applicant_count++;
    inp_applicant *ap = &r->applicants[i];
    r->applicant_nodes_[i] = el;
    ap->index = i;
    ap->id = attr_of(&b, el, "id");
    ap->county = attr_of(&b, el, "county");
    b.applicant = inp_applicant_label(b.a, el);
    ap->loc = (src_loc){r->path, inp_node_line(el), 0, b.applicant};
    check_id(&b, el, ap->id, &seen, i);
    check_county(&b, el, ap->county, counties);
    xmlNode *ent = child(el, "enterprise");
    if (ent) build_enterprise(&b, ent, &ap->enterprise);
    xmlNode *proj = child(el, "project");
    if (proj) build_project(&b, proj, &ap->project);
    build_review(&b, child(el, "review"), &ap->review);
  }
  inp_name_set_free(counties);
  return !b.failed;
}
