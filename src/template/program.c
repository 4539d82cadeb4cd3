/* program.xml: what a program folder declares (docs/programs.md) — its title, input schema,
 * group, typed parameters, rules and document kinds — and the loading of its templates. */
#include <libxml/parser.h>
#include <libxml/uri.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "scoring/scoring.h"
#include "template/parse_private.h"
#include "text/text.h"

static const char *keep(tpl_program *p, const char *s) { return s ? arena_strdup(p->mem, s) : NULL; }

/* ---- the field names of the program's schema, for template checks ---- */

typedef struct {
  const char **items;
  size_t count, cap;
} name_list;

static void add_name(tpl_program *p, name_list *l, const char *name) {
  for (size_t i = 0; i < l->count; i++)
    if (strcmp(l->items[i], name) == 0) return;
  l->items = xgrow(l->items, &l->cap, l->count + 2, sizeof *l->items);
  l->items[l->count++] = arena_strdup(p->mem, name);
  l->items[l->count] = NULL;
}

static bool is_xs(xmlNodePtr n, const char *local) {
  return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0 && n->ns &&
         xmlStrEqual(n->ns->href, BAD_CAST "http://www.w3.org/2001/XMLSchema");
}

/* ---- the files a program names stay in its folder ---- */

/* Is 'real' (a resolved path) inside the folder whose resolved path is 'root'? */
static bool inside_folder(const char *real, const char *root) {
  size_t n = strlen(root);
  return strncmp(real, root, n) == 0 && (real[n] == '/' || (n == 1 && root[0] == '/'));
}

/* A program folder is data from someone else (docs/programs.md): every file it names (schema=,
 * template=, <scoring file=>, the schema's xs:include/xs:import/xs:redefine) is a relative path
 * that stays inside the folder once links are resolved, and never a URL (yinfa opens no network
 * connection). False when 'file' (named in 'dir') is refused; 'why' then says why. */
static bool confined_as_is(const char *root_dir, const char *dir, const char *file, const char **why) {
  *why = NULL;
  if (strstr(file, "://") || strncmp(file, "file:", 5) == 0) {
    *why = L("is a URL: yinfa reads no file from the network; copy the file into the program folder",
             "是网址：yinfa 不从网络读取文件；请把文件复制到项目文件夹中");
    return false;
  }
  if (file[0] == '/') {
    *why = L("is an absolute path: name a file inside the program folder, relative to it",
             "是绝对路径：请给出项目文件夹内的文件，用相对路径");
    return false;
  }
  char *root = realpath(root_dir, NULL), *joined = ps_join_path(dir, file), *real = realpath(joined, NULL);
  /* a missing file is reported by whoever reads it; only ".." can lead out of the folder then */
  bool ok = root && real ? inside_folder(real, root) || strcmp(real, root) == 0
                         : strncmp(file, "../", 3) != 0 && !strstr(file, "/../");
  if (!ok)
    *why = L("is outside the program folder: a program may only use its own files; copy the file in",
             "不在项目文件夹之内：项目只能使用自己文件夹中的文件；请把文件复制进来");
  free(root), free(joined), free(real);
  return ok;
}

/* libxml2 opens a name as it is and, when that fails, percent-unescaped (%2e%2e is ".."), so
 * both spellings must stay in the folder: the check is made on what will actually be opened. */
static bool confined(const char *root_dir, const char *dir, const char *file, const char **why) {
  if (!confined_as_is(root_dir, dir, file, why)) return false;
  char *plain = xmlURIUnescapeString(file, 0, NULL);
  bool ok = !plain || strcmp(plain, file) == 0 || confined_as_is(root_dir, dir, plain, why);
  xmlFree(plain);
  return ok;
}

/* The schema compiler resolves a schemaLocation as a URI: it opens the unescaped path only
 * (types%41.xsd is typesA.xsd). That path, joined to 'dir', malloc'd. */
static char *schema_location_path(const char *dir, const char *loc) {
  char *plain = xmlURIUnescapeString(loc, 0, NULL);
  char *path = ps_join_path(dir, plain ? plain : loc);
  xmlFree(plain);
  return path;
}

/* The path of the file attribute 'attr' of 'n' names, joined to the program folder; NULL after
 * reporting at the attribute when it is refused (above). Malloc'd. */
static char *program_file(parser *ps, xmlNodePtr n, const char *attr, const char *dir) {
  const char *file = ps_attr(n, attr), *why;
  if (!confined(dir, dir, file, &why)) {
    ERR_ATTR(n, attr, file, "%s=\"%s\" %s", attr, file, why);
    return NULL;
  }
  return ps_join_path(dir, file);
}

/* One located message for a schema that cannot be used as it is (a DTD, a URL, a file outside
 * the folder): the line of the first occurrence of 'needle' in the file, or 0. */
static int line_of(const char *path, const char *needle) {
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  char buf[4096];
  int line = 1, found = 0;
  while (!found && fgets(buf, sizeof buf, f)) {
    if (strstr(buf, needle)) found = line;
    if (strchr(buf, '\n')) line++;
  }
  fclose(f);
  return found;
}

/* Every xs:element and xs:attribute name in the schema and the files it includes (depth-limited:
 * an include cycle ends there). */
static void collect_names(parser *ps, const char *root, const char *path, name_list *el, name_list *at,
                          int depth) {
  xmlDocPtr doc = depth < 8 ? xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                          XML_PARSE_NOWARNING)
                            : NULL;
  const char *where = arena_strdup(ps->p->mem, path);
  if (!doc) {
    if (depth < 8)
      ERR(((src_loc){where, 0, 0, NULL}), "%s",
          L("the program's schema cannot be read as XML", "项目的输入格式定义（schema）无法按 XML 读取"));
    return;
  }
  if (doc->intSubset || doc->extSubset) { /* one message, not the schema compiler's hundreds */
    ERR(((src_loc){where, line_of(path, "<!DOCTYPE"), 0, NULL}), "%s",
        L("a DOCTYPE is not allowed in a program's schema (DTDs and entities are never honoured); remove it",
          "项目的输入格式定义（schema）不得包含 DOCTYPE（不支持 DTD 和实体）；请删除"));
    xmlFreeDoc(doc);
    return;
  }
  xmlNodePtr stack[256];
  size_t top = 0;
  stack[top++] = xmlDocGetRootElement(doc);
  while (top) {
    xmlNodePtr n = stack[--top];
    for (; n; n = n->next) {
      if (n->type != XML_ELEMENT_NODE) continue;
      xmlChar *name = xmlGetProp(n, BAD_CAST "name");
      if (name && is_xs(n, "element")) add_name(ps->p, el, (const char *)name);
      if (name && is_xs(n, "attribute")) add_name(ps->p, at, (const char *)name);
      xmlFree(name);
      if (is_xs(n, "include") || is_xs(n, "redefine") || is_xs(n, "override") || is_xs(n, "import")) {
        xmlChar *loc = xmlGetProp(n, BAD_CAST "schemaLocation");
        if (loc) {
          char *dir = xstrdup(path), *slash = strrchr(dir, '/');
          if (slash) *slash = 0;
          const char *why;
          if (!confined(root, slash ? dir : ".", (const char *)loc, &why))
            ERR(((src_loc){where, n->line, 0, NULL}), "schemaLocation=\"%s\" %s", (const char *)loc, why);
          else {
            char *inc = schema_location_path(slash ? dir : ".", (const char *)loc);
            struct stat sb;
            if (stat(inc, &sb) != 0)
              ERR(((src_loc){where, n->line, 0, NULL}), "schemaLocation=\"%s\" %s", (const char *)loc,
                  L("does not exist: put the file in the program folder or correct the name",
                    "不存在：请把该文件放进项目文件夹，或改正文件名"));
            else /* an imported file's own includes and imports are checked the same way */
              collect_names(ps, root, inc, el, at, depth + 1);
            free(inc);
          }
          free(dir);
        }
        xmlFree(loc);
      }
      if (n->children && top < sizeof stack / sizeof *stack) stack[top++] = n->children;
    }
  }
  xmlFreeDoc(doc);
}

/* ---- <param> ---- */

static const char *const PARAM_TYPES = "text date integer date-list enum email doc-number";

static void parse_param(parser *ps, xmlNodePtr c) {
  tpl_program *p = ps->p;
  ps_check_attrs(ps, c, "name section key type required default values min max zh en");
  const char *name = ps_attr(c, "name");
  if (!name || !*name) {
    ERR(ps_node_loc(ps, c), "<param> %s name", L("needs", "缺少属性"));
    return;
  }
  for (size_t i = 0; i < p->param_count; i++)
    if (strcmp(p->params[i].name, name) == 0) {
      ERR(ps_node_loc(ps, c), "%s '%s'", L("duplicate parameter", "参数重复"), name);
      return;
    }
  /* yinfa's own variables: $order ([round] order), $index and $group (for-each) */
  if (strcmp(name, "order") == 0 || strcmp(name, "index") == 0 || strcmp(name, "group") == 0) {
    ERR(ps_node_loc(ps, c), L("'%s' is yinfa's own variable, always there; remove this <param>",
                              "“%s”是 yinfa 自带的变量，无需声明；请删除此 <param>"),
        name);
    return;
  }
  tpl_param *t = &p->params[p->param_count++];
  *t = (tpl_param){.name = keep(p, name), .at = ps_node_loc(ps, c)};
  const char *section = ps_attr(c, "section"), *key = ps_attr(c, "key");
  t->section = keep(p, section && *section ? section : "program");
  t->key = keep(p, key && *key ? key : name);
  t->type = (tpl_param_type)ps_choice_attr(ps, c, "type", PARAM_TYPES, 0);
  t->required = ps_choice_attr(ps, c, "required", "no yes", 0) == 1;
  t->default_value = keep(p, ps_attr(c, "default"));
  t->values = keep(p, ps_attr(c, "values"));
  t->en = keep(p, ps_attr(c, "en"));
  t->zh = keep(p, ps_attr(c, "zh"));
  const char *min = ps_attr(c, "min"), *max = ps_attr(c, "max");
  t->min = min ? atol(min) : 0;
  t->max = max ? atol(max) : 0;
  t->has_min = min != NULL, t->has_max = max != NULL;
  if (t->type == TPL_PARAM_ENUM && (!t->values || !*t->values))
    ERR(ps_node_loc(ps, c), "%s", L("an enum parameter needs values=\"a b c\"", "enum 类型的参数须给出 values=\"a b c\""));
  ps_push_var(ps, t->name);
}

/* ---- <group> ---- */

static const char *reserved_output(const char *out, char *buf, size_t size);

static void parse_group(parser *ps, xmlNodePtr c) {
  tpl_program *p = ps->p;
  ps_check_attrs(ps, c, "name key label label-en bundle");
  if (p->group) {
    ERR(ps_node_loc(ps, c), "%s", L("a program has at most one <group>", "一个项目只能有一个 <group>"));
    return;
  }
  const char *name = ps_attr(c, "name"), *key = ps_attr(c, "key");
  if (!name || !*name || !key || !*key) {
    ERR(ps_node_loc(ps, c), "<group> %s name, key", L("needs", "缺少属性"));
    return;
  }
  tpl_group *g = arena_alloc(p->mem, sizeof *g);
  g->name = keep(p, name);
  g->key = keep(p, key);
  g->at = ps_node_loc(ps, c);
  const char *label = ps_attr(c, "label"), *label_en = ps_attr(c, "label-en");
  g->label_zh = keep(p, label ? label : name);
  g->label_en = keep(p, label_en ? label_en : name);
  /* the group's print set ([output] bundle = group): one PDF of its applicants' forms */
  const char *bundle = ps_attr(c, "bundle");
  g->bundle = keep(p, bundle ? bundle : "bundles/{group}.pdf");
  char buf[512];
  const char *why = reserved_output(g->bundle, buf, sizeof buf);
  size_t bn = strlen(g->bundle);
  if (why) ERR_ATTR(c, "bundle", g->bundle, "bundle=\"%s\" %s", g->bundle, why);
  else if (!strstr(g->bundle, "{group}") || strstr(g->bundle, "{id}") || bn < 5 || strcmp(g->bundle + bn - 4, ".pdf") != 0)
    ERR_ATTR(c, "bundle", g->bundle, "bundle=\"%s\": %s", g->bundle,
             L("the print set's file: a path with {group} ending in .pdf", "打印合订本的文件：含 {group}、以 .pdf 结尾的路径"));
  ps_compile_attr(ps, c, "key"); /* checked against the schema like any template expression */
  p->group = g;
  ps_push_var(ps, g->name);
}

/* ---- <rules> ---- */

static void parse_rule(parser *ps, xmlNodePtr c, inp_rule *r) {
  tpl_program *p = ps->p;
  ps_check_attrs(ps, c, "name severity context assert unique max param clause");
  const char *name = ps_attr(c, "name");
  *r = (inp_rule){.name = keep(p, name ? name : "rule"), .at = ps_node_loc(ps, c)};
  const char *param = ps_attr(c, "param");
  if (param) {
    /* located at that parameter's INI line: it must be one the INI can set */
    bool declared = false;
    for (size_t i = 0; i < p->param_count; i++) declared |= strcmp(p->params[i].name, param) == 0;
    if (declared) r->param = keep(p, param);
    else
      ERR(ps_node_loc(ps, c), L("param=\"%s\" names no <param> of this program", "param=\"%s\" 不是本项目声明的 <param>"),
          param);
  }
  r->warning = ps_choice_attr(ps, c, "severity", "error warning", 0) == 1;
  r->clause = keep(p, ps_attr(c, "clause"));
  int kinds = 0;
  if (ps_attr(c, "context")) r->context = ps_compile_attr(ps, c, "context") ? keep(p, ps_attr(c, "context")) : NULL;
  if (ps_attr(c, "assert")) kinds++, r->assert = ps_compile_attr(ps, c, "assert") ? keep(p, ps_attr(c, "assert")) : NULL;
  if (ps_attr(c, "unique")) kinds++, r->unique = ps_compile_attr(ps, c, "unique") ? keep(p, ps_attr(c, "unique")) : NULL;
  if (ps_attr(c, "max")) {
    kinds++;
    char *end;
    strtod(ps_attr(c, "max"), &end);
    if (end == ps_attr(c, "max") || *end)
      ERR(ps_node_loc(ps, c), "%s", L("max= must be a number", "max= 必须是数字"));
    r->max_text = keep(p, ps_attr(c, "max"));
  }
  if (kinds != 1)
    ERR(ps_node_loc(ps, c), "%s",
        L("a <rule> says exactly one of assert=, unique= or max=", "<rule> 必须且只能有 assert=、unique=、max= 之一"));
  for (xmlNodePtr m = c->children; m; m = m->next) {
    if (m->type != XML_ELEMENT_NODE) continue;
    if (!ps_is(m, "message")) {
      ERR(ps_node_loc(ps, m), "%s <%s> %s <rule> (%s <message>)", L("unknown element", "未知元素"),
          ps_node_name(m), L("in", "位于"), L("allowed:", "可用："));
      continue;
    }
    ps_check_attrs(ps, m, "lang");
    int lang = ps_choice_attr(ps, m, "lang", "zh en", 0);
    xmlChar *text = xmlNodeGetContent(m);
    const char *t = keep(p, (const char *)text);
    xmlFree(text);
    if (lang == 1) r->message_en = t;
    else r->message_zh = t;
  }
  if (!r->message_zh || !r->message_en)
    ERR(ps_node_loc(ps, c), "%s",
        L("a <rule> needs <message lang=\"zh\"> and <message lang=\"en\">",
          "<rule> 须有 <message lang=\"zh\"> 和 <message lang=\"en\">"));
}

static void parse_rules(parser *ps, xmlNodePtr rules) {
  tpl_program *p = ps->p;
  ps_check_attrs(ps, rules, "");
  size_t n = 0;
  for (xmlNodePtr c = rules->children; c; c = c->next) n += c->type == XML_ELEMENT_NODE;
  inp_rule *list = arena_alloc(p->mem, (p->rule_count + n + 1) * sizeof *list);
  if (p->rule_count) memcpy(list, p->rules, p->rule_count * sizeof *list);
  p->rules = list;
  /* the variables a rule's messages and expressions may use besides the parameters */
  size_t mark = ps->var_count;
  static const char *const rule_vars[] = {"other_id", "other_line", "count", "max"};
  for (size_t i = 0; i < 4; i++) ps_push_var(ps, rule_vars[i]);
  for (xmlNodePtr c = rules->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (!ps_is(c, "rule")) {
      ERR(ps_node_loc(ps, c), "%s <%s> %s <rules> (%s <rule>)", L("unknown element", "未知元素"),
          ps_node_name(c), L("in", "位于"), L("allowed:", "可用："));
      continue;
    }
    parse_rule(ps, c, &p->rules[p->rule_count++]);
  }
  ps_pop_vars(ps, mark);
}

/* ---- <document> ---- */

/* Why a document's output pattern names one of the files yinfa keeps for itself in the output
 * folder (manifest.csv, manifest-K-of-N.csv, .manifest.journal, .yinfa.lock, .yinfa-K-of-N.lock,
 * temporary ".NAME.tmp-N" files), or NULL when it names none: a document written there would be
 * overwritten by the manifest or replace the lock, and the folder would fail `verify`. Any part
 * starting with '.' is refused (all of yinfa's own files do, and a hidden document is lost to
 * whoever opens the folder), and at the top any name starting with "manifest" and ending ".csv",
 * whatever the letter case (Windows and macOS folders ignore it), also as a folder; so are empty
 * parts (a trailing '/') and parts with a space at either end, which look like another name. */
static const char *reserved_output(const char *out, char *buf, size_t size) {
  if (out[0] == '/' || out[0] == '\\')
    return L("is an absolute path: a document is written inside the output folder; write a path "
             "relative to it",
             "是绝对路径：文书写在输出文件夹之内；请写相对于它的路径");
  bool first = true;
  for (const char *s = out;; first = false) {
    const char *e = strchr(s, '/');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
      return L("has a \".\" or \"..\" part: a document stays where its path says, inside the output "
               "folder; write the path without it",
               "含有“.”或“..”段：文书须写在路径所指之处、输出文件夹之内；请去掉该段");
    if (n == 0)
      return L("has an empty name part (a '/' at its start or end, or two together): a folder named like "
               "a document would take its place; write every part",
               "含有空的名称段（开头或结尾有“/”，或两个“/”相连）：会生成与文书同名的文件夹；请写全每一段");
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
      return L("has a name part that starts or ends with a space: it looks the same as the name without it "
               "(manifest.csv and \"manifest.csv \"); remove the space",
               "含有以空格开头或结尾的名称段：看上去与去掉空格的名称相同（如 manifest.csv 与“manifest.csv ”）；请删去空格");
    if (*s == '.' && !(n == 1 || (n == 2 && s[1] == '.'))) /* "." and ".." are refused elsewhere */
      return L("starts a name with '.': such names are yinfa's own files (.yinfa.lock, .manifest.journal, "
               "temporary files) and hidden; choose another name",
               "的文件名以“.”开头：这类名称是 yinfa 自用的文件（.yinfa.lock、.manifest.journal、临时文件），"
               "且为隐藏文件；请换一个名称");
    /* at the top, a file or a folder (manifest.csv/x.pdf) of the manifest's name, in any case */
    if (first && n >= 12 && strncasecmp(s, "manifest", 8) == 0 && strncasecmp(s + n - 4, ".csv", 4) == 0)
      return L("is the name of the folder's manifest (manifest.csv, manifest-K-of-N.csv), which yinfa writes "
               "itself: choose another name",
               "是输出文件夹清单（manifest.csv、manifest-K-of-N.csv）的名称，该文件由 yinfa 自己写入：请换一个名称");
    /* and what a group key may not be either (one rule, text/names.c): a trailing dot or space,
     * '\\', ':' (::$DATA), CON, NUL, COM1..., which a Windows share drops or refuses */
    char part[TXT_NAME_MAX_BYTES + 2];
    if (n < sizeof part) {
      memcpy(part, s, n);
      part[n] = 0;
      char why[256];
      if (!txt_name_check(part, why, sizeof why)) {
        snprintf(buf, size, L("has the part \"%s\", which %s", "的名称段“%s”%s"), part, why);
        return buf;
      }
    }
    if (!e) return NULL;
    s = e + 1;
  }
}

/* Does the folder 'dir' (an output pattern) hold what the pattern 'out' names? Parts with a
 * placeholder match any part: applicants/XC-2022-001 is a folder of applicants/{id}/x.pdf. */
static bool output_inside(const char *dir, const char *out) {
  for (;;) {
    size_t a = strcspn(dir, "/"), b = strcspn(out, "/");
    if (!out[b]) return false; /* 'out' ends here: a file, not a folder of 'dir' */
    bool any = memchr(dir, '{', a) || memchr(out, '{', b);
    if (!any && (a != b || memcmp(dir, out, a) != 0)) return false;
    if (!dir[a]) return true;
    dir += a + 1, out += b + 1;
  }
}

/* A document's output that is the folder of another's (applicants, applicants/XC-2022-001 next
 * to applicants/{id}/application.pdf) failed at run as a system error: refused here, at the line
 * of the one that is the folder, compared with every <document> before 'c'. */
static void folder_of_another(parser *ps, xmlNodePtr c, const char *out) {
  for (xmlNodePtr o = c->prev; o; o = o->prev) {
    const char *other = o->type == XML_ELEMENT_NODE && strcmp((const char *)o->name, "document") == 0
                            ? ps_attr(o, "output")
                            : NULL;
    bool mine = other && output_inside(out, other);
    if (!other || (!mine && !output_inside(other, out))) continue;
    xmlNodePtr dir = mine ? c : o;
    const char *kind = ps_attr(mine ? o : c, "kind");
    ERR_ATTR(dir, "output", mine ? out : other,
             L("output=\"%s\" is the folder of document \"%s\" (%s): give each document a path of its own",
               "output=\"%s\" 是文书“%s”（%s）所在的文件夹：请给每种文书各自的路径"),
             mine ? out : other, kind ? kind : "", mine ? other : out);
  }
}

static void parse_document(parser *ps, xmlNodePtr c, const char *program_dir) {
  tpl_program *p = ps->p;
  ps_check_attrs(ps, c, "kind scope output template page-numbers grid when format reflow list form blank-per blank-values");
  const char *kind = ps_attr(c, "kind"), *out = ps_attr(c, "output"), *file = ps_attr(c, "template");
  int scope = ps_choice_attr(ps, c, "scope", "round applicant group", 0);
  /* pdf: laid out from a template; csv, xlsx: the scores of a <scoring> program (scoring.h) */
  int format = ps_choice_attr(ps, c, "format", "pdf csv xlsx", 0);
  if (!kind || !out || (!file && format == 0)) {
    ERR(ps_node_loc(ps, c), "<document> %s kind, output, template", L("needs", "缺少属性"));
    return;
  }
  if (format != 0 && (!p->scoring_path || scope != 0)) {
    ERR(ps_node_loc(ps, c), "%s",
        L("format=\"csv\" and \"xlsx\" export the scores: they need <scoring file=...> and scope=\"round\"",
          "format=\"csv\" 与 \"xlsx\" 导出评价结果：需要 <scoring file=...> 且 scope=\"round\""));
    return;
  }
  for (size_t i = 0; i < p->doc_count; i++)
    if (strcmp(p->docs[i].spec.kind, kind) == 0)
      ERR(ps_node_loc(ps, c), "%s '%s'", L("duplicate document kind", "文档类型重复"), kind);
  if (strcmp(kind, "bundle") == 0) /* the print sets' kind in the manifest and for --only */
    ERR_ATTR(c, "kind", kind, "kind=\"%s\": %s", kind,
             L("the kind of the groups' print sets ([output] bundle = group): choose another",
               "是分组打印合订本（[output] bundle = group）的类型：请换一个"));
  /* the output pattern must tell the documents of its scope apart */
  bool has_id = strstr(out, "{id}") != NULL, has_group = strstr(out, "{group}") != NULL;
  if ((scope == 1 && !has_id) || (scope == 2 && !has_group) || (scope == 0 && (has_id || has_group)))
    ERR(ps_node_loc(ps, c), "output=\"%s\": %s", out,
        L("applicant scope needs {id}, group scope {group}, round scope neither",
          "applicant 范围须含 {id}，group 范围须含 {group}，round 范围两者都不能有"));
  char buf[512];
  const char *why = reserved_output(out, buf, sizeof buf);
  if (why) ERR_ATTR(c, "output", out, "output=\"%s\" %s", out, why);
  if (!why) folder_of_another(ps, c, out);
  if (scope == 2 && !p->group)
    ERR(ps_node_loc(ps, c), "%s",
        L("scope=\"group\" needs a <group> in program.xml", "scope=\"group\" 需要在 program.xml 中声明 <group>"));
  tpl_template *t = &p->docs[p->doc_count++];
  t->spec.format = format == 2 ? "xlsx" : format == 1 ? "csv" : "pdf";
  t->spec.kind = keep(p, kind);
  t->spec.scope = scope == 2 ? TPL_SCOPE_GROUP : scope == 1 ? TPL_SCOPE_APPLICANT : TPL_SCOPE_ROUND;
  t->spec.output = keep(p, out);
  const char *pn = ps_attr(c, "page-numbers"), *grid = ps_attr(c, "grid");
  t->spec.options.page_numbers = pn && strcmp(pn, "yes") == 0;
  t->spec.options.grid = grid && strcmp(grid, "yes") == 0;
  /* list="admitted.xlsx": its tables also written as a workbook with formats xlsx (docs/docx.md) */
  const char *list = ps_attr(c, "list");
  if (list) {
    const char *bad = reserved_output(list, buf, sizeof buf);
    size_t n = strlen(list);
    if (bad) ERR_ATTR(c, "list", list, "list=\"%s\" %s", list, bad);
    else if (scope != 0 || format != 0 || n < 6 || strcmp(list + n - 5, ".xlsx") != 0 || strchr(list, '{'))
      ERR_ATTR(c, "list", list, "list=\"%s\": %s", list,
               L("the workbook of a round-scope document laid out from a template: a path ending in .xlsx",
                 "应为由模板排版的 round 范围文档的工作簿：以 .xlsx 结尾的路径"));
    else t->spec.list = keep(p, list);
  }
  /* reflow="docx html": also written from its blocks, for the office to edit and the website to
   * post (docs/docx.md) */
  t->spec.reflow = "";
  const char *reflow = ps_attr(c, "reflow");
  if (reflow) {
    bool words_ok = true;
    for (const char *w = reflow; *w;) {
      size_t k = strcspn(w, " ");
      words_ok = words_ok && ((k == 4 && strncmp(w, "docx", 4) == 0) || (k == 4 && strncmp(w, "html", 4) == 0));
      w += k + (w[k] == ' ');
    }
    if (!words_ok || !*reflow)
      ERR_ATTR(c, "reflow", reflow, "reflow=\"%s\": %s", reflow,
               L("expected docx, html or both (docx html)", "应为 docx、html 或两者（docx html）"));
    else if (format != 0)
      ERR(ps_node_loc(ps, c), "%s",
          L("reflow= is for a document laid out from a template, not a score export",
            "reflow= 只用于由模板排版的文档，不用于评价结果导出"));
    else t->spec.reflow = keep(p, reflow);
  }
  /* form="yes", blank-per=, blank-values= (forms.c) */
  ps_parse_form(ps, c, &t->spec, scope == 1 && format == 0);
  if (ps_attr(c, "when")) {
    t->when = ps_compile_attr(ps, c, "when");
    t->spec.when = keep(p, ps_attr(c, "when"));
  }
  if (format != 0) { /* written by the scoring stage, no template */
    t->spec.template_path = p->scoring_path;
    return;
  }
  char *tp = program_file(ps, c, "template", program_dir);
  if (!tp) return;
  t->spec.template_path = keep(p, tp);
  free(tp);
  const char *program_path = ps->path;
  ps->doc = t;
  t->root = ps_parse_template(ps, t->spec.template_path, NULL, 0);
  ps->doc = NULL;
  ps->path = program_path;
}

/* ---- <scoring> ---- */

static void parse_scoring(parser *ps, xmlNodePtr c, const char *program_dir) {
  tpl_program *p = ps->p;
  ps_check_attrs(ps, c, "file");
  const char *file = ps_attr(c, "file");
  if (!file || !*file || p->scoring_path) {
    ERR(ps_node_loc(ps, c), "%s", L("one <scoring file=\"...\"/> at most, with its file", "最多一个 <scoring file=\"...\"/>，且须给出文件"));
    return;
  }
  char *sp = program_file(ps, c, "file", program_dir);
  if (!sp) return;
  p->scoring_path = keep(p, sp);
  free(sp);
  /* templates read the results: <score>, <indicator>, <key> and their attributes */
  for (const char *const *n = scr_element_names; *n; n++) add_name(p, (name_list *)&p->elements, *n);
  for (const char *const *n = scr_attribute_names; *n; n++) add_name(p, (name_list *)&p->attributes, *n);
}

/* ---- the program ---- */

static void free_program(tpl_program *p) {
  for (size_t i = 0; i < p->comp_count; i++) xmlXPathFreeCompExpr(p->comps[i]);
  free(p->comps);
  free(p->sentences);
  free(p->elements.items);
  free(p->attributes.items);
  arena_free(p->mem);
  free(p);
}

void tpl_program_free(tpl_program *p) {
  if (p) free_program(p);
}

static size_t count_children(xmlNodePtr root, const char *name) {
  size_t n = 0;
  for (xmlNodePtr c = root->children; c; c = c->next) n += c->type == XML_ELEMENT_NODE && ps_is(c, name);
  return n;
}

static void parse_program(parser *ps, xmlNodePtr root, const char *program_dir) {
  tpl_program *p = ps->p;
  ps_check_attrs(ps, root, "name title title-en schema item item-en");
  p->item_zh = keep(p, ps_attr(root, "item"));
  p->item_en = keep(p, ps_attr(root, "item-en"));
  p->name = keep(p, ps_attr(root, "name") ? ps_attr(root, "name") : "");
  p->name_at = ps_node_loc(ps, root);
  p->title = keep(p, ps_attr(root, "title") ? ps_attr(root, "title") : p->name);
  char *sp = ps_attr(root, "schema") ? program_file(ps, root, "schema", program_dir) : NULL;
  if (sp) {
    p->schema_path = keep(p, sp);
    free(sp);
    name_list *el = (name_list *)&p->elements, *at = (name_list *)&p->attributes;
    int before = ps->errors;
    collect_names(ps, program_dir, p->schema_path, el, at, 0);
    /* a schema that is refused (a DTD, an include from outside) names no fields: one message,
     * not one per field every template uses */
    p->names_known = ps->errors == before;
  }
  p->params = arena_alloc(p->mem, (count_children(root, "param") + 1) * sizeof *p->params);
  size_t ndocs = count_children(root, "document");
  p->docs = arena_alloc(p->mem, (ndocs ? ndocs : 1) * sizeof *p->docs);
  ps_push_var(ps, "order"); /* the engine's: [round] order */
  /* parameters and the group first: every rule and template may use them */
  for (xmlNodePtr c = root->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (ps_is(c, "param")) parse_param(ps, c);
    else if (ps_is(c, "group")) parse_group(ps, c);
    else if (ps_is(c, "scoring")) parse_scoring(ps, c, program_dir);
  }
  for (xmlNodePtr c = root->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || ps_is(c, "param") || ps_is(c, "group") || ps_is(c, "scoring"))
      continue;
    if (ps_is(c, "rules")) parse_rules(ps, c);
    else if (ps_is(c, "document")) parse_document(ps, c, program_dir);
    else
      ERR(ps_node_loc(ps, c), "%s <%s> %s program.xml (%s <param>, <group>, <scoring>, <rules>, <document>)",
          L("unknown element", "未知元素"), ps_node_name(c), L("in", "位于"), L("allowed:", "可用："));
  }
  if (!ndocs && !ps->errors)
    ERR(ps_node_loc(ps, root), "%s", L("program.xml lists no <document>", "program.xml 没有列出任何 <document>"));
  p->input = (inp_spec){.program = p->name,
                        .schema_path = p->schema_path,
                        .group_key = p->group ? p->group->key : NULL,
                        .group_at = p->group ? p->group->at : (src_loc){0},
                        .group_en = p->group ? p->group->label_en : NULL,
                        .group_zh = p->group ? p->group->label_zh : NULL,
                        .rules = p->rules,
                        .rule_count = p->rule_count};
}

tpl_program *tpl_program_load(const char *program_dir, diag_sink *diag) {
  return tpl_program_load_wording(program_dir, NULL, diag);
}

tpl_program *tpl_program_load_wording(const char *program_dir, const char *round_wording, diag_sink *diag) {
  parser st;
  parser *ps = &st;
  tpl_program *p = ps_begin(ps, diag);
  p->dir = keep(p, program_dir);
  char *path = ps_join_path(program_dir, "program.xml");
  ps->path = keep(p, path);
  free(path);
  p->program_path = ps->path;
  size_t len = 0;
  char *bytes = ps_read_file(ps, ps->path, &len);
  xmlDocPtr doc = bytes ? ps_parse_xml(ps, bytes, len, ps->path) : NULL;
  xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
  if (doc && (!root || !ps_is(root, "program")))
    ERR(root ? ps_node_loc(ps, root) : ps_loc(ps, 0, 0), "%s",
        L("the root element of program.xml must be <program>", "program.xml 的根元素必须是 <program>"));
  else if (root) {
    ps_wording_load(ps, program_dir, round_wording);
    parse_program(ps, root, program_dir);
    if (!ps->errors) ps_wording_finish(ps);
  }
  /* program.xml, the import mapping and the sentences are named by the folder, not by an
   * attribute: the same confinement, for a link that leads out of the folder */
  static const char *const own[] = {"program.xml", "import.xml", "wording.txt"};
  for (size_t i = 0; i < 3; i++) {
    char *f = ps_join_path(program_dir, own[i]);
    struct stat sb;
    const char *why;
    if (stat(f, &sb) == 0 && !confined(program_dir, program_dir, own[i], &why))
      ERR(((src_loc){keep(p, f), 0, 0, NULL}), "%s %s", own[i], why);
    free(f);
  }
  if (doc) xmlFreeDoc(doc);
  ps_source_free(&ps->src);
  free(bytes);
  xmlXPathFreeContext(ps->xp);
  strbuf_release(&ps->xp_error);
  free(ps->vars);
  free(ps->ph_keys);
  free(ps->ph_texts);
  if (ps->errors) {
    free_program(p);
    return NULL;
  }
  return p;
}

char *tpl_program_find_dir(const char *const *search, size_t count, const char *name) {
  if (!name || !*name || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
    return NULL;
  for (size_t i = 0; i < count; i++) {
    if (!search[i]) continue;
    char *dir = ps_join_path(search[i], name);
    char *xml = ps_join_path(dir, "program.xml");
    struct stat st;
    bool found = stat(xml, &st) == 0 && S_ISREG(st.st_mode);
    free(xml);
    if (found) return dir;
    free(dir);
  }
  return NULL;
}

const char *tpl_program_name(const tpl_program *p) { return p->name; }
const char *tpl_program_title(const tpl_program *p) { return p->title; }
const char *tpl_program_dir(const tpl_program *p) { return p->dir; }

bool tpl_program_check_folder(const tpl_program *p, diag_sink *diag) {
  const char *dir = p->dir, *end = dir + strlen(dir);
  while (end > dir + 1 && end[-1] == '/') end--; /* "d/xuchang-nit/" */
  const char *base = end;
  while (base > dir && base[-1] != '/') base--;
  size_t n = (size_t)(end - base);
  if (strlen(p->name) == n && strncmp(p->name, base, n) == 0) return true;
  diag_error(diag, p->name_at,
             L("the program is named \"%s\" but its folder is \"%.*s\": a program is found by its folder's "
               "name, so the two must match; rename the folder or change name=",
               "项目名称为“%s”，但其文件夹名为“%.*s”：yinfa 按文件夹名称查找项目，两者必须一致；"
               "请重命名文件夹或修改 name="),
             p->name, (int)n, base);
  return false;
}
const char *tpl_program_item_noun(const tpl_program *p, bool zh) { return zh ? p->item_zh : p->item_en; }
const tpl_group *tpl_program_group(const tpl_program *p) { return p->group; }
const inp_spec *tpl_program_input(const tpl_program *p) { return &p->input; }
size_t tpl_program_param_count(const tpl_program *p) { return p ? p->param_count : 0; }
const tpl_param *tpl_program_param(const tpl_program *p, size_t i) {
  return p && i < p->param_count ? &p->params[i] : NULL;
}
size_t tpl_program_document_count(const tpl_program *p) { return p ? p->doc_count : 0; }
const tpl_document_spec *tpl_program_document(const tpl_program *p, size_t i) {
  return p && i < p->doc_count ? &p->docs[i].spec : NULL;
}
size_t tpl_program_file_count(const tpl_program *p) {
  return p ? p->doc_count + 1 + p->include_count + (p->schema_path != NULL) + (p->scoring_path != NULL) : 0;
}
const char *tpl_program_file(const tpl_program *p, size_t i) {
  if (!p || i >= tpl_program_file_count(p)) return NULL;
  if (i == 0) return p->program_path;
  if (i <= p->doc_count) return p->docs[i - 1].spec.template_path;
  if (i <= p->doc_count + p->include_count) { /* the files <include> brought in */
    const tpl_file *f = p->includes;
    for (size_t k = p->doc_count + 1; f && k < i; k++) f = f->next;
    return f ? f->path : NULL;
  }
  return i == p->doc_count + p->include_count + 1 && p->schema_path ? p->schema_path : p->scoring_path;
}
const char *tpl_program_scoring_path(const tpl_program *p) { return p ? p->scoring_path : NULL; }

static const tpl_template *template_of(const tpl_program *p, const tpl_document_spec *doc) {
  for (size_t i = 0; p && i < p->doc_count; i++)
    if (&p->docs[i].spec == doc) return &p->docs[i];
  return NULL;
}
const char *tpl_document_file(const tpl_program *p, const tpl_document_spec *doc, size_t i) {
  const tpl_template *t = template_of(p, doc);
  if (!t || !doc->template_path) return NULL;
  if (i == 0) return doc->template_path;
  const tpl_file *f = t->files;
  for (size_t k = 1; f && k < i; k++) f = f->next;
  return f ? f->path : NULL;
}
const tpl_sentence *tpl_document_sentence(const tpl_program *p, const tpl_document_spec *doc, size_t i) {
  const tpl_template *t = template_of(p, doc);
  const tpl_used_sentence *s = t ? t->sentences : NULL;
  for (size_t k = 0; s && k < i; k++) s = s->next;
  return s && s->index < p->sentence_count ? &p->sentences[s->index] : NULL;
}
bool tpl_program_file_per_document(const tpl_program *p, size_t i) {
  return p && i >= 1 && i <= p->doc_count + p->include_count;
}

const tpl_document_spec *tpl_program_find(const tpl_program *p, const char *kind) {
  for (size_t i = 0; p && i < p->doc_count; i++)
    if (strcmp(p->docs[i].spec.kind, kind) == 0) return &p->docs[i].spec;
  return NULL;
}

tpl_program *tpl_parse_with_schema(const char *src, size_t len, const char *path, const char *schema_path,
                                   diag_sink *diag) {
  static const char *const params[] = {"issuer", "doc_number", "date",    "title", "publicity_start",
                                       "publicity_days", "holidays", "workdays", "contact", "phone",
                                       "email", "address", "county", "year"};
  parser st;
  parser *ps = &st;
  tpl_program *p = ps_begin(ps, diag);
  size_t count = sizeof params / sizeof params[0];
  p->params = arena_alloc(p->mem, count * sizeof *p->params);
  ps_push_var(ps, "order");
  for (size_t i = 0; i < count; i++) {
    p->params[p->param_count++] = (tpl_param){.name = params[i], .section = "program", .key = params[i]};
    ps_push_var(ps, params[i]);
  }
  if (schema_path) {
    char *dir = xstrdup(schema_path), *slash = strrchr(dir, '/');
    if (slash) *slash = 0;
    collect_names(ps, slash ? dir : ".", schema_path, (name_list *)&p->elements, (name_list *)&p->attributes, 0);
    free(dir);
    p->names_known = true;
  }
  p->name = "";
  p->title = "";
  p->docs = arena_alloc(p->mem, sizeof *p->docs);
  tpl_template *t = &p->docs[p->doc_count++];
  t->spec.kind = "document";
  t->spec.scope = TPL_SCOPE_ROUND;
  t->spec.output = "document.pdf";
  t->spec.template_path = keep(p, path ? path : "<template>");
  p->program_path = t->spec.template_path;
  t->root = ps->errors ? NULL : ps_parse_template(ps, t->spec.template_path, src ? src : "", len);
  xmlXPathFreeContext(ps->xp);
  strbuf_release(&ps->xp_error);
  free(ps->vars);
  free(ps->ph_keys);
  free(ps->ph_texts);
  if (ps->errors || !t->root) {
    free_program(p);
    return NULL;
  }
  return p;
}

tpl_program *tpl_parse(const char *src, size_t len, const char *path, diag_sink *diag) {
  return tpl_parse_with_schema(src, len, path, NULL, diag);
}
