/* The column mapping of a program (templates/<program>/import.xml, docs/import.md): which header
 * texts name which value, how a cell is read (its kind), and where the value goes in the round
 * (a path from the <applicant>, repeating groups, lists). Data, so a program is a folder and an
 * office can bring its own mapping with --mapping; the program's schema gives the order. */
#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "import/import_private.h"

static const char *const KIND_NAMES[] = {
    [KIND_TEXT] = "text",       [KIND_PARAGRAPHS] = "paragraphs", [KIND_ID] = "id",
    [KIND_CODE] = "code",       [KIND_CREDIT_CODE] = "credit-code", [KIND_PHONE] = "phone",
    [KIND_AMOUNT] = "amount",   [KIND_PERCENT] = "percent",     [KIND_NUMBER] = "number",
    [KIND_INTEGER] = "integer", [KIND_YEAR] = "year",           [KIND_YEAR_MONTH] = "year-month",
    [KIND_DATE] = "date",       [KIND_ENUM] = "enum",           [KIND_FLAG] = "flag",
    [KIND_LIST] = "list",
};

const char *imp_kind_name(field_kind k) { return KIND_NAMES[k]; }

int imp_kind_of(const char *name) {
  for (int i = 0; i < (int)(sizeof KIND_NAMES / sizeof *KIND_NAMES); i++)
    if (i != KIND_LIST && strcmp(KIND_NAMES[i], name) == 0) return i;
  return -1;
}

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

const char *imp_field_label(const map_field *f) { return f->label ? f->label : f->header_count ? f->headers[0] : f->name; }

typedef struct {
  imp_mapping *m;
  diag_sink *diag;
  bool ok;
} loader;

static bool is(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const char *text_of(arena *a, const xmlNode *n) {
  xmlChar *t = xmlNodeGetContent(n);
  const char *r = imp_normalize_label(a, t ? (const char *)t : "");
  xmlFree(t);
  return r;
}

static const char *raw_text(arena *a, const xmlNode *n) {
  xmlChar *t = xmlNodeGetContent(n);
  size_t len;
  const char *s = imp_trim(t ? (const char *)t : "", &len);
  const char *r = arena_strndup(a, s, len);
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

/* Grows an arena array of 'elem'-byte items by one; returns the new (zeroed) last item. */
static void *append(arena *a, void **array, size_t *count, size_t elem) {
  char *grown = arena_alloc(a, (*count + 1) * elem);
  if (*count) memcpy(grown, *array, *count * elem);
  *array = grown;
  return grown + (*count)++ * elem;
}

/* Every message here has one %s: the name, value or path it is about. */
#define error_at(l, n, fmt, arg)                                                                   \
  do {                                                                                           \
    const char *arg_ = (arg);                                                                    \
    diag_error((l)->diag, ((src_loc){(l)->m->path, (int)xmlGetLineNo(n), 0, NULL}), fmt, arg_ ? arg_ : ""); \
    (l)->ok = false;                                                                             \
  } while (0)

/* element steps separated by '/', then optionally "@attr" or "." for the text */
static bool path_valid(const char *p, bool allow_dot) {
  if (!p || !*p) return false;
  if (strcmp(p, ".") == 0) return allow_dot;
  for (;;) {
    bool attr = *p == '@';
    if (attr) p++;
    if (!isalpha((unsigned char)*p) && *p != '_') return false;
    if (strncasecmp(p, "xml", 3) == 0) return false; /* reserved: xmlns would break the round */
    while (isalnum((unsigned char)*p) || *p == '_' || *p == '-' || *p == '.') p++;
    if (!*p) return true;
    if (attr || *p != '/') return false;
    p++;
    if (strcmp(p, ".") == 0) return true;
  }
}

/* A path that is there but not a path is named as invalid, not as missing. */
static bool path_present_but_invalid(loader *l, xmlNode *n, const char *path) {
  if (!path) return false;
  error_at(l, n, L("path=\"%s\" is not a valid path: element names separated by /, then @attribute "
                   "(no \"..\", \"//\", \"[...]\", leading / or names starting with xml; docs/import.md)",
                   "path=\"%s\" 不是有效的路径：应为以 / 分隔的元素名，最后可为 @属性"
                   "（不可含“..”“//”“[...]”、开头的 / 或以 xml 开头的名称；见 docs/import.md）"),
           path);
  return true;
}

static void load_values(loader *l, xmlNode *c, map_field *f) {
  const char *v = attr_copy(l->m->arena, c, "is");
  if (!v) {
    error_at(l, c, L("<value> needs is=\"...\": the value written to the round%s", "<value> 需要 is=\"...\"：写入评审结果的取值%s"), "");
    return;
  }
  map_value *mv = append(l->m->arena, (void **)&f->values, &f->value_count, sizeof *mv);
  mv->is = v;
  push(l->m->arena, &mv->aliases, &mv->alias_count, imp_normalize_label(l->m->arena, v));
  for (xmlNode *w = c->children; w; w = w->next)
    if (is(w, "means")) push(l->m->arena, &mv->aliases, &mv->alias_count, text_of(l->m->arena, w));
    else if (is(w, "former")) push(l->m->arena, &mv->formers, &mv->former_count, text_of(l->m->arena, w));
    else if (w->type == XML_ELEMENT_NODE)
      error_at(l, w, L("<%s> is not allowed in <value> (means, former)", "<value> 中不能有 <%s>（可用 means、former）"),
               (const char *)w->name);
}

/* A <field> (or a list's <part>): its path, kind, unit, headers and values. */
static void load_field(loader *l, xmlNode *n, map_field *f, bool part, bool in_group) {
  arena *a = l->m->arena;
  f->line = (int)xmlGetLineNo(n);
  f->path = attr_copy(a, n, "path");
  f->name = attr_copy(a, n, "name");
  if (!path_valid(f->path, part || in_group)) {
    if (!path_present_but_invalid(l, n, f->path))
      error_at(l, n, L("<%s> needs path=\"...\": where the value goes, e.g. enterprise/name, @county, main-business/@share (docs/import.md)",
                       "<%s> 需要 path=\"...\"：取值写入的位置，如 enterprise/name、@county、main-business/@share（见 docs/import.md）"),
               (const char *)n->name);
    f->path = "@invalid";
  }
  if (!f->name) f->name = f->path;
  const char *last = strrchr(f->path, '/');
  last = last ? last + 1 : f->path;
  f->kind = strcmp(f->path, "@id") == 0 ? KIND_ID : strcmp(last, "credit-code") == 0 ? KIND_CREDIT_CODE : KIND_TEXT;
  f->unit = attr_copy(a, n, "unit");
  f->suffix = attr_copy(a, n, "suffix");
  f->fixed_key = attr_copy(a, n, "key");
  const char *kind = attr_copy(a, n, "kind");
  if (f->unit) f->kind = KIND_AMOUNT;
  for (xmlNode *c = n->children; c; c = c->next)
    if (is(c, "value")) f->kind = KIND_ENUM;
  if (kind) {
    int k = imp_kind_of(kind);
    if (k < 0)
      error_at(l, n, L("kind=\"%s\": use text, paragraphs, id, code, credit-code, phone, amount, percent, number, integer, year, year-month, date, enum or flag",
                       "kind=\"%s\"：可用 text、paragraphs、id、code、credit-code、phone、amount、percent、number、integer、year、year-month、date、enum、flag"),
               kind);
    else f->kind = (field_kind)k;
  }
  if (f->unit && strcmp(f->unit, "万元") != 0 && strcmp(f->unit, "元") != 0)
    error_at(l, n, L("unit=\"%s\": use 万元 or 元", "unit=\"%s\"：单位只能是 万元 或 元"), f->unit);
  if (f->kind == KIND_AMOUNT && !f->unit) f->unit = "万元";
  const char *match = attr_copy(a, n, "match"), *req = attr_copy(a, n, "required"),
             *sheet = attr_copy(a, n, "from-sheet");
  f->match = match && strcmp(match, "no") != 0;
  f->required = req && strcmp(req, "yes") == 0;
  f->from_sheet = sheet && strcmp(sheet, "yes") == 0;
  for (xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (is(c, "header") && !part) {
      const char *h = text_of(a, c);
      if (*h && !f->header_count) f->label = raw_text(a, c);
      if (*h) push(a, &f->headers, &f->header_count, h);
    } else if (is(c, "value") && f->kind == KIND_ENUM) {
      load_values(l, c, f);
    } else {
      error_at(l, c, L("<%s> is not allowed here (header, value)", "此处不能有 <%s>（可用 header、value）"),
               (const char *)c->name);
    }
  }
  if (f->kind == KIND_ENUM && f->value_count == 0)
    error_at(l, n, L("field %s is kind enum but has no <value is=\"...\">", "字段 %s 为 enum 类型，但没有 <value is=\"...\">"), f->name);
  if (!part && f->header_count == 0)
    error_at(l, n, L("field %s has no <header>", "字段 %s 没有 <header>"), f->name);
}

static map_field *add_column(loader *l, map_field *f) {
  imp_mapping *m = l->m;
  const map_field **grown = arena_alloc(m->arena, (m->column_count + 1) * sizeof *grown);
  if (m->column_count) memcpy(grown, m->columns, m->column_count * sizeof *grown);
  grown[m->column_count++] = f;
  m->columns = grown;
  return f;
}

static void push_node(arena *a, xmlNode ***list, size_t *count, xmlNode *n) {
  xmlNode **grown = arena_alloc(a, (*count + 1) * sizeof *grown);
  if (*count) memcpy(grown, *list, *count * sizeof *grown);
  grown[(*count)++] = n;
  *list = grown;
}

static void load_group(loader *l, xmlNode *n) {
  arena *a = l->m->arena;
  map_group *g = append(a, (void **)&l->m->groups, &l->m->group_count, sizeof *g);
  g->line = (int)xmlGetLineNo(n);
  g->path = attr_copy(a, n, "path");
  g->key = attr_copy(a, n, "key");
  g->name = attr_copy(a, n, "name");
  g->index = l->m->group_count - 1;
  g->key_field = -1;
  if ((!path_valid(g->path, false) || strchr(g->path, '@')) && !path_present_but_invalid(l, n, g->path))
    error_at(l, n, L("<group> needs path=\"...\" naming its record element, e.g. enterprise/finance%s",
                     "<group> 需要 path=\"...\"，即每条记录的元素，如 enterprise/finance%s"), "");
  if (!g->key || !path_valid(g->key, true))
    error_at(l, n, L("<group> needs key=\"...\": what tells its records apart, e.g. @year%s",
                     "<group> 需要 key=\"...\"：区分各条记录的取值，如 @year%s"), "");
  if (!g->name) g->name = g->path ? g->path : "group";
  for (xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (!is(c, "field")) {
      error_at(l, c, L("<%s> is not allowed in <group> (field)", "<group> 中不能有 <%s>（可用 field）"), (const char *)c->name);
      continue;
    }
    map_field *f = append(a, (void **)&g->fields, &g->field_count, sizeof *f);
    load_field(l, c, f, false, true);
    if (g->key && strcmp(f->path, g->key) == 0) g->key_field = (int)(g->field_count - 1);
  }
  for (size_t i = 0; i < g->field_count; i++) g->fields[i].index = i;
}

static void load_list(loader *l, xmlNode *n) {
  arena *a = l->m->arena;
  map_list *li = append(a, (void **)&l->m->lists, &l->m->list_count, sizeof *li);
  li->line = (int)xmlGetLineNo(n);
  li->path = attr_copy(a, n, "path");
  li->name = attr_copy(a, n, "name");
  li->index = l->m->list_count - 1;
  const char *split = attr_copy(a, n, "split");
  li->words = split && strcmp(split, "words") == 0;
  if (split && !li->words && strcmp(split, "lines") != 0)
    error_at(l, n, L("split=\"%s\": use lines (line breaks and ；) or words (also 、，)", "split=\"%s\"：可用 lines（换行和；）或 words（另加、，）"), split);
  if ((!path_valid(li->path, false) || strchr(li->path, '@')) && !path_present_but_invalid(l, n, li->path))
    error_at(l, n, L("<list> needs path=\"...\" naming its item element, e.g. enterprise/honor%s",
                     "<list> 需要 path=\"...\"，即每一项的元素，如 enterprise/honor%s"), "");
  if (!li->name) li->name = li->path ? li->path : "list";
  map_field *direct = NULL; /* headers directly under <list>: one column */
  xmlNode **cols = NULL;
  size_t ncols = 0;
  for (xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (is(c, "part")) {
      map_field *p = append(a, (void **)&li->parts, &li->part_count, sizeof *p);
      load_field(l, c, p, true, false);
    } else if (is(c, "column")) {
      push_node(a, &cols, &ncols, c);
    } else if (is(c, "header")) {
      if (!direct) direct = arena_alloc(a, sizeof *direct);
      push(a, &direct->headers, &direct->header_count, text_of(a, c));
    } else {
      error_at(l, c, L("<%s> is not allowed in <list> (part, header, column)", "<list> 中不能有 <%s>（可用 part、header、column）"),
               (const char *)c->name);
    }
  }
  if (li->part_count == 0)
    error_at(l, n, L("<list> %s has no <part path=\"...\"> (the first is the item's text)", "<list> %s 没有 <part path=\"...\">（第一个为每项的正文）"), li->name);
  for (size_t i = 0; i < li->part_count; i++) li->parts[i].index = i;
  size_t total = ncols + (direct ? 1 : 0);
  li->columns = arena_alloc(a, (total + 1) * sizeof *li->columns);
  for (size_t k = 0; k < total; k++) {
    map_field *col = k < ncols ? arena_alloc(a, sizeof *col) : direct;
    col->kind = KIND_LIST;
    col->list = li;
    col->name = li->name;
    col->path = li->path;
    col->defaults = arena_alloc(a, (li->part_count + 1) * sizeof *col->defaults);
    col->line = k < ncols ? (int)xmlGetLineNo(cols[k]) : li->line;
    if (k < ncols)
      for (xmlNode *c = cols[k]->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (is(c, "header")) {
          push(a, &col->headers, &col->header_count, text_of(a, c));
        } else if (is(c, "default")) {
          const char *p = attr_copy(a, c, "path");
          size_t i = 0;
          while (p && i < li->part_count && strcmp(li->parts[i].path, p) != 0) i++;
          if (i < li->part_count) col->defaults[i] = raw_text(a, c);
          else error_at(l, c, L("<default path=\"%s\"> names no <part> of the list", "<default path=\"%s\"> 不是该列表的 <part>"), p);
        } else {
          error_at(l, c, L("<%s> is not allowed in <column> (header, default)", "<column> 中不能有 <%s>（可用 header、default）"),
                   (const char *)c->name);
        }
      }
    if (col->header_count == 0) error_at(l, n, L("list %s: a column has no <header>", "列表 %s：有一列没有 <header>"), li->name);
    li->columns[li->column_count++] = col;
  }
  if (total == 0) error_at(l, n, L("list %s has no <header>", "列表 %s 没有 <header>"), li->name);
}

/* The line of the file's "<!DOCTYPE", or 0. */
static int doctype_line(const char *path) {
  FILE *f = fopen(path, "rb");
  int line = 1, c, found = 0;
  const char *want = "<!DOCTYPE";
  size_t matched = 0;
  while (f && !found && (c = getc(f)) != EOF) {
    matched = c == want[matched] ? matched + 1 : c == want[0];
    if (!want[matched]) found = line;
    line += c == '\n';
  }
  if (f) fclose(f);
  return found;
}

imp_mapping *imp_mapping_load(const char *path, const inp_spec *spec, diag_sink *diag) {
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
  m->id_field = m->sheet_field = -1;
  loader l = {m, diag, true};
  xmlNode *root = xmlDocGetRootElement(doc);
  if (doc->intSubset || doc->extSubset) { /* one message at its line, as in every program file */
    diag_error(diag, ((src_loc){path, doctype_line(path), 0, NULL}), "%s",
               L("a DOCTYPE is not allowed in a program file (DTDs and entities are never honoured); remove it",
                 "项目文件不得包含 DOCTYPE（不支持 DTD 和实体）；请删除"));
    l.ok = false;
    goto done;
  }
  if (!root || !is(root, "import")) {
    diag_error(diag, ((src_loc){path, root ? (int)xmlGetLineNo(root) : 0, 0, NULL}),
               L("a mapping is an <import> element without a DTD (docs/import.md)",
                 "列映射文件应为不含 DTD 的 <import> 元素（见 docs/import.md）"));
    l.ok = false;
    goto done;
  }
  m->program = attr_copy(m->arena, root, "program");
  m->id_format = attr_copy(m->arena, root, "id-format");
  const char *dup = attr_copy(m->arena, root, "duplicates");
  m->duplicates_allowed = dup && strcmp(dup, "allowed") == 0;
  if (dup && !m->duplicates_allowed && strcmp(dup, "error") != 0)
    error_at(&l, root, L("duplicates=\"%s\": use allowed (an enterprise may appear more than once) or error",
                         "duplicates=\"%s\"：可用 allowed（同一企业可出现多次）或 error"), dup);
  if (spec && spec->schema_path) {
    m->order = imp_schema_read(spec->schema_path, m->arena, diag);
    if (!m->order) l.ok = false;
  }
  xmlNode **field_nodes = NULL;
  size_t nfield_nodes = 0;
  for (xmlNode *c = root->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (is(c, "field")) {
      map_field *f = append(m->arena, (void **)&m->fields, &m->field_count, sizeof *f);
      load_field(&l, c, f, false, false);
      push_node(m->arena, &field_nodes, &nfield_nodes, c);
    } else if (is(c, "group")) {
      load_group(&l, c);
    } else if (is(c, "list")) {
      load_list(&l, c);
    } else if (is(c, "sheet-label") || is(c, "county-label")) {
      push(m->arena, &m->sheet_labels, &m->sheet_label_count, text_of(m->arena, c));
    } else if (is(c, "ignore")) {
      /* columns an office's sheet has that the round does not take (序号): known, not imported */
      for (xmlNode *h = c->children; h; h = h->next)
        if (is(h, "header")) push(m->arena, &m->ignored, &m->ignored_count, text_of(m->arena, h));
    } else {
      error_at(&l, c, L("<%s> is not allowed in <import> (field, group, list, sheet-label, ignore)",
                        "<import> 中不能有 <%s>（可用 field、group、list、sheet-label、ignore）"),
               (const char *)c->name);
    }
  }
  /* the simple fields' array is complete: index them, find the id, the from-sheet field, the
   * match order and what the schema requires */
  for (size_t i = 0; i < m->field_count; i++) {
    map_field *f = &m->fields[i];
    f->index = i;
    if (strcmp(f->path, "@id") == 0 && m->id_field < 0) m->id_field = (int)i;
    if (f->from_sheet) {
      if (m->sheet_field >= 0 && strcmp(m->fields[m->sheet_field].path, f->path) != 0)
        error_at(&l, field_nodes[i], L("from-sheet=\"yes\" on a second field (%s): a sheet gives one value", "第二个字段（%s）也有 from-sheet=\"yes\"：一个工作表只能给出一个值"), f->name);
      else m->sheet_field = (int)i;
    }
    if (!f->required && m->order) f->required = imp_schema_required(m->order, f->path);
    xmlChar *req = xmlGetProp(field_nodes[i], (const xmlChar *)"required");
    if (req && strcmp((const char *)req, "no") == 0) f->required = false;
    xmlFree(req);
  }
  /* every column a header can name, in the mapping's order (export writes them so) */
  for (size_t i = 0; i < m->group_count; i++) /* the arrays grew by copying: point back anew */
    for (size_t k = 0; k < m->groups[i].field_count; k++) m->groups[i].fields[k].group = &m->groups[i];
  for (size_t i = 0; i < m->list_count; i++)
    for (size_t k = 0; k < m->lists[i].column_count; k++) m->lists[i].columns[k]->list = &m->lists[i];
  size_t fi = 0, gi = 0, li = 0;
  for (xmlNode *c = root->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (is(c, "field")) add_column(&l, &m->fields[fi++]);
    else if (is(c, "group"))
      for (size_t k = 0; k < m->groups[gi].field_count; k++) add_column(&l, &m->groups[gi].fields[k]);
    else if (is(c, "list"))
      for (size_t k = 0; k < m->lists[li].column_count; k++) add_column(&l, m->lists[li].columns[k]);
    gi += is(c, "group"), li += is(c, "list");
  }
  if (m->id_field < 0 && root) {
    error_at(&l, root, L("the mapping has no <field path=\"@id\">: every applicant needs an id (编号), from a column or numbered by id-format%s",
                         "列映射没有 <field path=\"@id\">：每个申报单位都需要编号（来自一列，或按 id-format 编号）%s"), "");
  }
  if (m->sheet_field < 0 && spec && spec->group_key)
    for (size_t i = 0; i < m->field_count && m->sheet_field < 0; i++)
      if (strcmp(m->fields[i].path, spec->group_key) == 0) m->sheet_field = (int)i;
  /* the fields identifying an applicant: the id, then match= fields in the order their numbers
   * (or, for match="yes", their place in the mapping) give */
  m->match = arena_alloc(m->arena, (m->field_count + 1) * sizeof *m->match);
  if (m->id_field >= 0) m->match[m->match_count++] = &m->fields[m->id_field];
  for (int rank = 1; rank <= 9; rank++)
    for (size_t i = 0; i < nfield_nodes; i++) {
      xmlChar *v = xmlGetProp(field_nodes[i], (const xmlChar *)"match");
      int r = v ? (isdigit(v[0]) ? atoi((const char *)v) : strcmp((const char *)v, "no") == 0 ? 0 : 9) : 0;
      xmlFree(v);
      if (r == rank && (int)i != m->id_field) m->match[m->match_count++] = &m->fields[i];
    }
  /* One header text naming two values would make a column's meaning depend on order. */
  for (size_t i = 0; i < m->column_count; i++)
    for (size_t j = i + 1; j < m->column_count; j++) {
      const map_field *a = m->columns[i], *b = m->columns[j];
      bool same = strcmp(a->path, b->path) == 0 && a->group == b->group && a->list == b->list &&
                  !a->fixed_key && !b->fixed_key;
      for (size_t h = 0; h < a->header_count && !same; h++)
        for (size_t k = 0; k < b->header_count; k++)
          if (strcmp(a->headers[h], b->headers[k]) == 0) {
            diag_error(diag, ((src_loc){path, b->line, 0, NULL}),
                       L("header %s names both %s (line %d) and %s", "表头 %s 同时对应 %s（第 %d 行）和 %s"),
                       b->headers[k], a->name, a->line, b->name);
            l.ok = false;
          }
    }
done:
  xmlFreeDoc(doc);
  if (!l.ok) {
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
