/* The template elements: one table row per element (its name, attributes, where it may appear,
 * the node it builds and the function reading the rest) instead of an if-chain, and the walk
 * over an element's children (docs/templates.md "Flow elements", "Control elements"). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "template/parse_private.h"

tpl_node *ps_new_node(parser *ps, tpl_node_kind kind, xmlNodePtr n) {
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
  tpl_text *t = ok ? ps_parse_text(ps, strbuf_str(&b), ps_content_origin(ps, n, strbuf_str(&b))) : NULL;
  strbuf_release(&b);
  return t;
}

static const char *const content_names[] = {"the document", "<table>",       "<row>",
                                            "<cell>",       "<attachments>", "<cover>"};

/* ---- control elements ---- */

static tpl_sort parse_sort(parser *ps, xmlNodePtr n, const char *key_attr, const char *order_attr) {
  tpl_sort s = {0};
  const char *key = ps_attr(n, key_attr);
  if (!key) {
    ERR_NODE(n, "<%s> %s %s", ps_node_name(n), L("needs", "缺少属性"), key_attr);
    return s;
  }
  s.key = ps_compile(ps, key, ps_attr_origin(ps, n, key_attr, false), 0);
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

/* <empty-error lang="zh|en">: the list must not be empty; the words say why, per language (one
 * language given serves both). docs/templates.md "Lists that must not be empty". */
static void parse_empty_error(parser *ps, xmlNodePtr c, tpl_node *t) {
  ps_check_attrs(ps, c, "lang");
  int lang = ps_choice_attr(ps, c, "lang", "en zh", -1);
  if (lang < 0) {
    if (!ps_attr(c, "lang")) ERR_NODE(c, "<empty-error> %s lang (en, zh)", L("needs", "缺少属性"));
    return;
  }
  if (t->empty_error[lang]) {
    ERR_NODE(c, "%s", L("a second <empty-error> in this language", "同一语言的 <empty-error> 重复"));
    return;
  }
  t->empty_error[lang] = content_text(ps, c);
}

static void parse_for_each(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  const char *sel = ps_attr(n, "select");
  if (!sel)
    ERR_NODE(n, "<for-each> %s select", L("needs", "缺少属性"));
  else
    t->expr = ps_compile(ps, sel, ps_attr_origin(ps, n, "select", false), 0);
  tpl_sort sorts[16];
  size_t count = 0;
  if (ps_attr(n, "sort"))
    sorts[count++] = parse_sort(ps, n, "sort", "order");
  else if (ps_attr(n, "order"))
    ps_report(ps, ps_attr_origin(ps, n, "order", true), 0, 5, "%s",
              L("order= needs sort=", "order= 需要与 sort= 一起使用"));
  if (ps_attr(n, "group-by"))
    t->group_by = ps_compile(ps, ps_attr(n, "group-by"), ps_attr_origin(ps, n, "group-by", false), 0);
  ps_count_attr(ps, n, "min", 0, 0, &t->min_count);
  if (t->min_count && t->group_by)
    ps_report(ps, ps_attr_origin(ps, n, "min", true), 0, 3, "%s",
              L("min= fills up rows of a list and cannot be used with group-by",
                "min= 用于补足列表行数，不能与 group-by 一起使用"));
  t->continue_index = ps_choice_attr(ps, n, "numbering", "restart continue", 0) == 1;
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && ps_is(c, "empty-error")) parse_empty_error(ps, c, t);
    if (c->type != XML_ELEMENT_NODE || !ps_is(c, "sort")) continue;
    ps_check_attrs(ps, c, "key order descending");
    if (count < 16)
      sorts[count++] = parse_sort(ps, c, "key", "order");
    else
      ERR_NODE(c, "%s", L("too many sort keys", "排序键过多"));
  }
  for (int l = 0; l < 2; l++)
    if (!t->empty_error[l]) t->empty_error[l] = t->empty_error[1 - l];
  t->sort_count = count;
  t->sorts = arena_alloc(ps->p->mem, (count ? count : 1) * sizeof *t->sorts);
  if (count) memcpy(t->sorts, sorts, count * sizeof *sorts);
  ps_parse_children(ps, n, t, ctx);
}

static void parse_if(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  const char *test = ps_attr(n, "test");
  if (!test)
    ERR_NODE(n, "<if> %s test", L("needs", "缺少属性"));
  else
    t->expr = ps_compile(ps, test, ps_attr_origin(ps, n, "test", false), 0);
  ps_parse_children(ps, n, t, ctx);
}

static void parse_let(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  const char *name = ps_attr(n, "name"), *sel = ps_attr(n, "select");
  if (!name || !sel) {
    ERR_NODE(n, "<let> %s name, select", L("needs", "缺少属性"));
    return;
  }
  t->name = arena_strdup(ps->p->mem, name);
  t->expr = ps_compile(ps, sel, ps_attr_origin(ps, n, "select", false), 0);
  ps_push_var(ps, t->name); /* visible to the following siblings: popped by the caller */
}

/* ---- flow elements ---- */

/* Attributes that show text, in the order of tpl_node.attr[] (eval.c reads them by index). */
static void text_attrs(parser *ps, xmlNodePtr n, tpl_node *t, const char *const *names, int count) {
  for (int i = 0; i < count; i++) t->attr[i] = ps_attr_text(ps, n, names[i]);
}

static void parse_info(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  static const char *const names[] = {"title", "author", "subject", "keywords"};
  text_attrs(ps, n, t, names, 4);
}

static void parse_masthead(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  static const char *const names[] = {"issuer", "number"};
  text_attrs(ps, n, t, names, 2);
}

static void parse_signature(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  /* seal: yes (GB/T 9704 7.3.5.1, the default) or no (7.3.5.2), checked when evaluated */
  static const char *const names[] = {"issuer", "date", "seal"};
  text_attrs(ps, n, t, names, 3);
}

static void parse_attachment(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  static const char *const names[] = {"label", "title"};
  text_attrs(ps, n, t, names, 2);
}

/* Elements whose content is their text: <title>, <item>. */
static void parse_text_only(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  t->text = content_text(ps, n);
}

static void parse_p(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  int s = ps_choice_attr(ps, n, "style", "body h1 h2 h3 h4 plain center right", 0);
  static const lay_para_style styles[] = {LAY_PARA_BODY,   LAY_PARA_H1,   LAY_PARA_H2,
                                          LAY_PARA_H3,     LAY_PARA_H4,   LAY_PARA_PLAIN,
                                          LAY_PARA_CENTER, LAY_PARA_RIGHT};
  t->style = styles[s < 0 ? 0 : s];
  /* element= names the GB/T 9704 element for writers that tag them (OFD, GB/T 33476) */
  int e = ps_choice_attr(ps, n, "element", "主送机关 正文", -1);
  t->element = e == 0 ? LAY_EL_RECIPIENT : e == 1 ? LAY_EL_BODY : LAY_EL_NONE;
  if (!ps_attr(n, "wording")) {
    t->text = content_text(ps, n);
    return;
  }
  /* <p wording="依据"/>: the program's sentence (wording.c) instead of text written here */
  for (xmlNodePtr c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE || ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
                                        strspn((const char *)c->content, " \t\r\n") != strlen((const char *)c->content))) {
      ERR_NODE(n, "%s", L("<p wording=\"...\"> takes its text from wording.txt: leave it empty",
                          "<p wording=\"...\"> 的文字来自 wording.txt，元素内容应为空"));
      return;
    }
  t->text = ps_wording_text(ps, n, "wording");
}

static void parse_placeholder(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  ps_placeholder(ps, n, t);
}

static void parse_blank(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  size_t lines;
  ps_count_attr(ps, n, "lines", 1, 1, &lines);
  t->number = (double)lines;
}

static void parse_attachments(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  ps_parse_children(ps, n, t, C_ITEMS);
}

static void parse_line(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  int s = ps_choice_attr(ps, n, "style", "plain center right", 0);
  static const lay_para_style styles[] = {LAY_PARA_PLAIN, LAY_PARA_CENTER, LAY_PARA_RIGHT};
  t->style = styles[s < 0 ? 0 : s];
  int f = ps_choice_attr(ps, n, "font", "body title heading kai song", 0);
  static const lay_font fonts[] = {LAY_FONT_BODY, LAY_FONT_TITLE, LAY_FONT_HEADING, LAY_FONT_KAI,
                                   LAY_FONT_SONG};
  t->font = fonts[f < 0 ? 0 : f];
  ps_size_attr(ps, n, "size", 14, &t->number);
  t->text = content_text(ps, n);
}

/* The colophon's "抄送：" and "印发" are written by lay_add_colophon(), not by the template. */
const char *tpl_program_layout_text(const tpl_program *p) {
  return p && p->has_colophon ? "抄送：印发" : "";
}

/* 版记 (GB/T 9704 7.4): 抄送, 印发机关 and 印发日期 between the rules at the foot of the last page. */
static void parse_colophon(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  static const char *const names[] = {"copy-to", "printer", "date"};
  text_attrs(ps, n, t, names, 3);
  ps->p->has_colophon = true;
}

/* 封面: <title-line> and <fill> children (and control elements around them). */
static void parse_cover(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  ps_number_attr(ps, n, "top", 0, &t->number);
  ps_size_attr(ps, n, "size", 0, &t->font_size);
  static const char *const names[] = {"footer"};
  text_attrs(ps, n, t, names, 1);
  ps_parse_children(ps, n, t, C_COVER);
}

static void parse_cover_title(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  int f = ps_choice_attr(ps, n, "font", "title body heading kai song", 0);
  static const lay_font fonts[] = {LAY_FONT_TITLE, LAY_FONT_BODY, LAY_FONT_HEADING, LAY_FONT_KAI,
                                   LAY_FONT_SONG};
  t->font = fonts[f < 0 ? 0 : f];
  ps_size_attr(ps, n, "size", 0, &t->number);
  t->text = content_text(ps, n);
}

/* A fill-in line: label="申报单位（盖章）：", the value as its text, empty="    年  月  日" shown
 * on the line when the value is empty. */
static void parse_fill(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  static const char *const names[] = {"label", "empty"};
  text_attrs(ps, n, t, names, 2);
  t->text = content_text(ps, n);
}

static void parse_nothing(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ps, (void)n, (void)t, (void)ctx;
}

/* ---- tables ---- */

static void parse_table(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
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
  t->weights = arena_alloc(ps->p->mem, (nc ? nc : 1) * sizeof(double));
  if (nc) memcpy(t->weights, w, nc * sizeof(double));
  ps_count_attr(ps, n, "header-rows", 0, 0, &t->header_rows);
  ps_size_attr(ps, n, "font-size", 0, &t->font_size);
  t->fit_content = ps_choice_attr(ps, n, "fit", "weights content", 0) == 1;
  ps_parse_children(ps, n, t, C_TABLE);
}

static void parse_row(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  ps_number_attr(ps, n, "min-height", 0, &t->number);
  t->heads = ps_choice_attr(ps, n, "header", "no yes", 0) == 1;
  ps_parse_children(ps, n, t, C_ROW);
}

static void parse_cell(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  ps_count_attr(ps, n, "colspan", 1, 1, &t->colspan);
  ps_count_attr(ps, n, "rowspan", 1, 1, &t->rowspan);
  int a = ps_choice_attr(ps, n, "align", "center left right justify", 0);
  static const lay_align aligns[] = {LAY_ALIGN_CENTER, LAY_ALIGN_LEFT, LAY_ALIGN_RIGHT,
                                     LAY_ALIGN_JUSTIFY};
  t->align = aligns[a < 0 ? 0 : a];
  ps_parse_children(ps, n, t, C_CELL);
}

static void parse_cell_text(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  int a = ps_choice_attr(ps, n, "align", "inherit center left right justify", 0);
  static const lay_align aligns[] = {LAY_ALIGN_CENTER, LAY_ALIGN_CENTER, LAY_ALIGN_LEFT,
                                     LAY_ALIGN_RIGHT, LAY_ALIGN_JUSTIFY};
  t->align = aligns[a < 0 ? 0 : a];
  t->number = a <= 0 ? 0 : 1; /* 0: the cell's alignment */
  t->text = content_text(ps, n);
}

static void parse_checkbox(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  t->attr[0] = ps_attr_text(ps, n, "label");
  const char *ticked = ps_attr(n, "ticked");
  if (ticked) t->expr = ps_compile(ps, ticked, ps_attr_origin(ps, n, "ticked", false), 0);
}

static void parse_space(parser *ps, xmlNodePtr n, tpl_node *t, content ctx) {
  (void)ctx;
  ps_number_attr(ps, n, "height", 14, &t->number);
}

/* ---- the table of elements ---- */

#define IN(c) (1u << (c))
#define ANYWHERE (IN(C_FLOW) | IN(C_TABLE) | IN(C_ROW) | IN(C_CELL) | IN(C_ITEMS) | IN(C_COVER))

typedef struct {
  const char *name;
  const char *attrs;  /* allowed attributes, space-separated */
  unsigned contexts;  /* IN(content) for each content it may appear in */
  tpl_node_kind kind;
  void (*parse)(parser *ps, xmlNodePtr n, tpl_node *t, content ctx); /* after the attributes
                                                                        were checked */
} element_spec;

/* In the order "unknown element" messages list them; the control elements come last. */
static const element_spec elements[] = {
    {"info", "title author subject keywords", IN(C_FLOW), N_INFO, parse_info},
    {"masthead", "issuer number", IN(C_FLOW), N_MASTHEAD, parse_masthead},
    {"title", "", IN(C_FLOW), N_TITLE, parse_text_only},
    {"p", "style element wording", IN(C_FLOW), N_P, parse_p},
    {"blank", "lines", IN(C_FLOW), N_BLANK, parse_blank},
    {"attachments", "", IN(C_FLOW), N_ATTACHMENTS, parse_attachments},
    {"signature", "issuer date seal", IN(C_FLOW), N_SIGNATURE, parse_signature},
    {"attachment", "label title", IN(C_FLOW), N_ATTACHMENT, parse_attachment},
    {"line", "style font size", IN(C_FLOW), N_LINE, parse_line},
    {"page-break", "", IN(C_FLOW), N_PAGE_BREAK, parse_nothing},
    {"table", "columns header-rows font-size fit", IN(C_FLOW), N_TABLE, parse_table},
    {"cover", "top size footer", IN(C_FLOW), N_COVER, parse_cover},
    {"colophon", "copy-to printer date", IN(C_FLOW), N_COLOPHON, parse_colophon},
    {"row", "min-height header", IN(C_TABLE), N_ROW, parse_row},
    {"cell", "colspan rowspan align", IN(C_ROW), N_CELL, parse_cell},
    {"text", "align", IN(C_CELL), N_TEXT, parse_cell_text},
    {"checkbox", "label ticked", IN(C_CELL), N_CHECKBOX, parse_checkbox},
    {"space", "height", IN(C_CELL), N_SPACE, parse_space},
    {"item", "", IN(C_ITEMS), N_ITEM, parse_text_only},
    {"title-line", "font size", IN(C_COVER), N_COVER_TITLE, parse_cover_title},
    {"fill", "label empty", IN(C_COVER), N_FILL, parse_fill},
    {"for-each", "select sort order descending group-by min numbering", ANYWHERE, N_FOR_EACH,
     parse_for_each},
    {"if", "test", ANYWHERE, N_IF, parse_if},
    {"let", "name select", ANYWHERE, N_LET, parse_let},
    {"placeholder", "name", ANYWHERE, N_PLACEHOLDER, parse_placeholder},
};
#define ELEMENT_COUNT (sizeof elements / sizeof elements[0])

static tpl_node *parse_element(parser *ps, xmlNodePtr n, tpl_node *parent, content ctx) {
  if (ps_is(n, "include")) { /* no node of its own: the file's elements join 'parent' */
    ps_include(ps, n, parent, ctx);
    return NULL;
  }
  const element_spec *spec = NULL;
  for (size_t i = 0; i < ELEMENT_COUNT && !spec; i++)
    if ((elements[i].contexts & IN(ctx)) && ps_is(n, elements[i].name)) spec = &elements[i];
  if (!spec) {
    strbuf allowed, control;
    strbuf_init(&allowed);
    strbuf_init(&control);
    for (size_t i = 0; i < ELEMENT_COUNT; i++) {
      if (!(elements[i].contexts & IN(ctx))) continue;
      strbuf *b = elements[i].contexts == ANYWHERE ? &control : &allowed;
      if (b->len) strbuf_putc(b, ' ');
      strbuf_append(b, elements[i].name);
    }
    strbuf_append(&control, " include");
    ERR_NODE(n, "%s <%s> %s %s (%s %s %s)", L("unknown element", "未知元素"), ps_node_name(n),
             L("in", "位于"), content_names[ctx], L("allowed:", "可用："), strbuf_str(&allowed),
             strbuf_str(&control));
    strbuf_release(&allowed);
    strbuf_release(&control);
    return NULL;
  }
  ps_check_attrs(ps, n, spec->attrs);
  tpl_node *t = ps_new_node(ps, spec->kind, n);
  spec->parse(ps, n, t, ctx);
  return t;
}

/* ---- children ---- */

void ps_parse_children(parser *ps, xmlNodePtr n, tpl_node *parent, content ctx) {
  size_t scope = ps->var_count;
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      const char *s = (const char *)c->content;
      bool only_space = true;
      for (const char *q = s; *q; q++)
        if (!isspace((unsigned char)*q)) only_space = false;
      if (only_space) continue;
      if (ctx != C_CELL) {
        origin o = ps_literal_origin(ps, n, c);
        size_t lead = 0;
        while (isspace((unsigned char)s[lead])) lead++;
        ps_report(ps, o, lead, 1, "%s <%s>",
               L("text is not allowed directly inside", "文字不能直接写在"), ps_node_name(n));
        continue;
      }
      tpl_node *t = ps_new_node(ps, N_LITERAL, c);
      origin o = ps_literal_origin(ps, n, c);
      size_t lead = 0;
      while (isspace((unsigned char)s[lead])) lead++;
      t->at = ps_origin_loc(ps, o, lead);
      t->text = ps_parse_text(ps, s, o);
      append(parent, t);
      continue;
    }
    if (c->type != XML_ELEMENT_NODE) continue;
    if (parent->kind == N_FOR_EACH && (ps_is(c, "sort") || ps_is(c, "empty-error")))
      continue; /* taken by parse_for_each */
    tpl_node *t = NULL;
    if (ps_is(c, "else")) {
      ps_check_attrs(ps, c, "");
      if (parent->kind != N_IF || parent->else_branch) {
        ERR_NODE(
            c, "%s",
            L("<else> must be the last child of an <if>", "<else> 必须是 <if> 的最后一个子元素"));
        continue;
      }
      t = ps_new_node(ps, N_ELSE, c);
      ps_pop_vars(ps, scope); /* lets of the if branch are not visible in the else branch */
      ps_parse_children(ps, c, t, ctx);
      parent->else_branch = t;
      continue;
    }
    if (parent->else_branch) {
      ERR_NODE(
          c, "%s",
          L("<else> must be the last child of an <if>", "<else> 必须是 <if> 的最后一个子元素"));
    }
    t = parse_element(ps, c, parent, ctx);
    if (t) append(parent, t);
  }
  ps_pop_vars(ps, scope);
}

