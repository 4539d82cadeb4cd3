/* Applicants → the review-round XML of docs/spec/review-outcomes.md: each applicant a tree made
 * from the mapping's paths (elements made on the way, empty ones left out), its elements and
 * attributes in the order of the program's schema; then checked exactly as `yinfa validate`
 * checks a file and written atomically. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/lang.h"
#include "core/outfile.h"
#include "core/xmalloc.h"
#include "import/import_private.h"
#include "input/input.h"

/* An element of the applicant being written. */
typedef struct node {
  const char *name, *path; /* path from the applicant, for the schema's order */
  const char **attr_names, **attr_values;
  size_t attr_count;
  const char *text;
  struct node **kids;
  size_t kid_count, kid_cap;
  bool repeated; /* a group's record or a list's item: never the target of a plain path */
} node;

static node *add_kid(arena *a, node *parent, const char *name, bool repeated) {
  node *n = arena_alloc(a, sizeof *n);
  n->name = name;
  size_t pl = strlen(parent->path);
  char *path = arena_alloc(a, pl + strlen(name) + 2);
  memcpy(path, parent->path, pl);
  if (pl) path[pl++] = '/';
  strcpy(path + pl, name);
  n->path = path;
  n->repeated = repeated;
  if (parent->kid_count == parent->kid_cap) {
    size_t cap = parent->kid_cap ? parent->kid_cap * 2 : 4;
    node **grown = arena_alloc(a, cap * sizeof *grown);
    if (parent->kid_count) memcpy(grown, parent->kids, parent->kid_count * sizeof *grown);
    parent->kids = grown, parent->kid_cap = cap;
  }
  parent->kids[parent->kid_count++] = n;
  return n;
}

static node *kid(arena *a, node *parent, const char *name) {
  for (size_t i = 0; i < parent->kid_count; i++)
    if (!parent->kids[i]->repeated && strcmp(parent->kids[i]->name, name) == 0) return parent->kids[i];
  return add_kid(a, parent, name, false);
}

/* Puts 'value' at 'path' under 'base' ("main-business/@share", "name", "."), making the elements
 * on the way. A flag makes its element only. A value already there stays (one value each). */
static void put(arena *a, node *base, const char *path, const char *value, bool flag) {
  node *n = base;
  const char *p = path;
  while (*p && *p != '@' && strcmp(p, ".") != 0) {
    const char *slash = strchr(p, '/');
    size_t len = slash ? (size_t)(slash - p) : strlen(p);
    n = kid(a, n, arena_strndup(a, p, len));
    p += len + (slash ? 1 : 0);
  }
  if (flag) return;
  if (*p == '@') {
    for (size_t i = 0; i < n->attr_count; i++)
      if (strcmp(n->attr_names[i], p + 1) == 0) return;
    const char **names = arena_alloc(a, (n->attr_count + 1) * sizeof *names);
    const char **values = arena_alloc(a, (n->attr_count + 1) * sizeof *values);
    if (n->attr_count) {
      memcpy(names, n->attr_names, n->attr_count * sizeof *names);
      memcpy(values, n->attr_values, n->attr_count * sizeof *values);
    }
    names[n->attr_count] = p + 1;
    values[n->attr_count] = value;
    n->attr_names = names, n->attr_values = values, n->attr_count++;
  } else if (!n->text) {
    n->text = value;
  }
}

/* A new repeated element at 'path' (a group's record, a list's item): its parent found or made. */
static node *put_repeated(arena *a, node *base, const char *path) {
  const char *slash = strrchr(path, '/');
  node *parent = base;
  if (slash) {
    char *dir = arena_strndup(a, path, (size_t)(slash - path));
    for (char *p = dir; p;) { /* walk to it */
      char *s = strchr(p, '/');
      if (s) *s = '\0';
      parent = kid(a, parent, p);
      p = s ? s + 1 : NULL;
    }
  }
  return add_kid(a, parent, slash ? slash + 1 : path, true);
}

static size_t rank_of(const char *const *names, size_t count, const char *name) {
  for (size_t i = 0; i < count; i++)
    if (strcmp(names[i], name) == 0) return i;
  return count;
}

/* Children and attributes in the schema's order (stable: unknown ones and repeats keep theirs). */
static void order(node *n, const imp_mapping *m) {
  const xsd_element *e = imp_schema_find(m->order, n->path);
  if (e) {
    for (size_t i = 1; i < n->kid_count; i++)
      for (size_t j = i; j > 0; j--) {
        size_t ra = rank_of(e->children, e->child_count, n->kids[j - 1]->name);
        size_t rb = rank_of(e->children, e->child_count, n->kids[j]->name);
        if (ra <= rb) break;
        node *t = n->kids[j - 1];
        n->kids[j - 1] = n->kids[j], n->kids[j] = t;
      }
    for (size_t i = 1; i < n->attr_count; i++)
      for (size_t j = i; j > 0; j--) {
        if (rank_of(e->attrs, e->attr_count, n->attr_names[j - 1]) <= rank_of(e->attrs, e->attr_count, n->attr_names[j]))
          break;
        const char *tn = n->attr_names[j - 1], *tv = n->attr_values[j - 1];
        n->attr_names[j - 1] = n->attr_names[j], n->attr_values[j - 1] = n->attr_values[j];
        n->attr_names[j] = tn, n->attr_values[j] = tv;
      }
  }
  for (size_t i = 0; i < n->kid_count; i++) order(n->kids[i], m);
}

static void write_node(strbuf *o, const node *n, int depth) {
  strbuf_printf(o, "%*s<%s", depth * 2, "", n->name);
  for (size_t i = 0; i < n->attr_count; i++) {
    strbuf_printf(o, " %s=\"", n->attr_names[i]);
    strbuf_append_xml_escaped(o, n->attr_values[i]);
    strbuf_putc(o, '"');
  }
  if (!n->text && !n->kid_count) {
    strbuf_append(o, "/>\n");
    return;
  }
  strbuf_putc(o, '>');
  if (n->text) strbuf_append_xml_escaped(o, n->text);
  if (n->kid_count) {
    strbuf_putc(o, '\n');
    for (size_t i = 0; i < n->kid_count; i++) write_node(o, n->kids[i], depth + 1);
    strbuf_printf(o, "%*s", depth * 2, "");
  }
  strbuf_printf(o, "</%s>\n", n->name);
}

/* The cell an applicant came from, as a comment: where to look when `validate` complains. */
static void source_comment(strbuf *o, const char *where) {
  strbuf_append(o, "  <!-- ");
  for (const char *p = where; *p; p++) {
    if (p[0] == '-' && p[1] == '-') strbuf_append(o, "- ");
    else strbuf_putc(o, *p);
  }
  strbuf_append(o, " -->\n");
}

static void write_applicant(strbuf *o, arena *a, const imp_mapping *m, const imp_app *app) {
  node root = {.name = "applicant", .path = ""};
  /* in the mapping's order, so that the same values always give the same bytes */
  for (size_t i = 0; i < m->column_count; i++) {
    const map_field *f = m->columns[i];
    if (f->list || f->group) continue;
    if (app->v[f->index].text) put(a, &root, f->path, app->v[f->index].text, f->kind == KIND_FLAG);
  }
  for (size_t gi = 0; gi < m->group_count; gi++) {
    const map_group *gr = &m->groups[gi];
    const imp_records *rs = &app->groups[gi];
    for (size_t r = 0; r < rs->count; r++) {
      node *rec = put_repeated(a, &root, gr->path);
      put(a, rec, gr->key, rs->recs[r].key, false);
      for (size_t k = 0; k < gr->field_count; k++)
        if (rs->recs[r].v[k].text && (int)k != gr->key_field)
          put(a, rec, gr->fields[k].path, rs->recs[r].v[k].text, gr->fields[k].kind == KIND_FLAG);
    }
  }
  for (size_t li = 0; li < m->list_count; li++) {
    const map_list *l = &m->lists[li];
    const imp_items *items = &app->lists[li];
    for (size_t i = 0; i < items->count; i++) {
      node *item = put_repeated(a, &root, l->path);
      for (size_t k = 0; k < l->part_count; k++)
        if (items->items[i].parts[k]) put(a, item, l->parts[k].path, items->items[i].parts[k], l->parts[k].kind == KIND_FLAG);
    }
  }
  order(&root, m);
  source_comment(o, app->where);
  write_node(o, &root, 1);
}

void imp_write_round(strbuf *out, const imp_mapping *m, const char *program, int year, int round,
                     imp_app *const *apps, size_t count) {
  strbuf_append(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<!-- Written by yinfa import; each applicant names the cell it came from. -->\n"
                     "<review-round program=\"");
  strbuf_append_xml_escaped(out, program ? program : "");
  strbuf_printf(out, "\" year=\"%d\" round=\"%d\">\n", year, round);
  arena *a = arena_new();
  for (size_t i = 0; i < count; i++) write_applicant(out, a, m, apps[i]);
  arena_free(a);
  strbuf_append(out, "</review-round>\n");
}

/* Where each applicant of the written round came from: the line of its source comment and the
 * cell it names, so that a message of the checks at a line of the round (a file the office never
 * sees) is given at the applicant's cell instead. */
typedef struct {
  int line;
  char *cell;
} src_mark;

static size_t source_marks(const char *xml, src_mark **out) {
  size_t n = 0, cap = 0;
  src_mark *marks = NULL;
  int line = 1;
  for (const char *p = xml; *p; p++) {
    if (p[0] == '\n') {
      line++;
      if (strncmp(p + 1, "  <!-- ", 7) == 0) {
        const char *start = p + 8, *end = strstr(start, " -->\n");
        if (!end) continue;
        if (n == cap) marks = xgrow(marks, &cap, n + 1, sizeof *marks);
        marks[n++] = (src_mark){line + 1, strndup(start, (size_t)(end - start))};
      }
    }
  }
  *out = marks;
  return n;
}

/* Re-reports one message of 'text' (as diag_format() made it) at the applicant's cell when it
 * names a line of 'name'. */
static void relay_one(diag_sink *diag, const char *msg, const char *name, const src_mark *marks, size_t n) {
  size_t nl = strlen(name);
  int line = 0;
  const char *rest = msg;
  if (strncmp(msg, name, nl) == 0 && msg[nl] == ':') {
    rest = msg + nl + 1;
    if (*rest >= '0' && *rest <= '9') line = (int)strtol(rest, (char **)&rest, 10);
    while (*rest == ':' || *rest == ' ' || (*rest >= '0' && *rest <= '9')) rest++;
  }
  static const struct { const char *word; diag_level level; } words[] = {
      {"error: ", DIAG_ERROR}, {"错误: ", DIAG_ERROR}, {"warning: ", DIAG_WARNING},
      {"警告: ", DIAG_WARNING}, {"note: ", DIAG_NOTE}, {"提示: ", DIAG_NOTE}};
  diag_level level = DIAG_ERROR;
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (strncmp(rest, words[i].word, strlen(words[i].word)) == 0) {
      level = words[i].level, rest += strlen(words[i].word);
      break;
    }
  /* a message at another file (a template's line, scoring.xml): its place and level as given */
  char *place = NULL;
  for (size_t i = 0; rest == msg && i < sizeof words / sizeof *words; i++) {
    char sep[24];
    snprintf(sep, sizeof sep, ": %s", words[i].word);
    const char *hit = strstr(msg, sep);
    if (hit && !memchr(msg, '\n', (size_t)(hit - msg))) {
      place = strndup(msg, (size_t)(hit - msg));
      level = words[i].level, rest = hit + strlen(sep);
    }
  }
  src_loc at = {place ? place : rest == msg ? NULL : name, line, 0, NULL};
  for (size_t i = n; line > 0 && i > 0; i--)
    if (marks[i - 1].line <= line) {
      at = (src_loc){marks[i - 1].cell, 0, 0, NULL};
      break;
    }
  diag_report(diag, level, at, "%s", rest);
  free(place);
}

static void relay(diag_sink *diag, const char *text, const char *name, const char *xml) {
  src_mark *marks = NULL;
  size_t n = source_marks(xml, &marks);
  strbuf msg;
  strbuf_init(&msg);
  size_t nl = strlen(name);
  for (const char *p = text; *p;) {
    const char *end = strchr(p, '\n');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    /* a message's further lines belong to it */
    bool starts = strncmp(p, name, nl) == 0 || strncmp(p, "error", 5) == 0 || strncmp(p, "warning", 7) == 0 ||
                  strncmp(p, "错误", 6) == 0 || strncmp(p, "警告", 6) == 0;
    if (starts && msg.len) {
      relay_one(diag, strbuf_str(&msg), name, marks, n);
      strbuf_reset(&msg);
    }
    if (msg.len) strbuf_putc(&msg, '\n');
    strbuf_append_n(&msg, p, len);
    p += len + (end ? 1 : 0);
  }
  if (msg.len) relay_one(diag, strbuf_str(&msg), name, marks, n);
  strbuf_release(&msg);
  for (size_t i = 0; i < n; i++) free(marks[i].cell);
  free(marks);
}

int imp_import_file(const imp_mapping *m, const char *const *sheets, size_t count,
                    const imp_options *opt, const inp_spec *spec, imp_round_check check, void *ctx,
                    const char *output, size_t *applicants, diag_sink *diag) {
  size_t len = 0;
  char *xml = imp_import(m, sheets, count, opt, &len, diag);
  if (!xml) return 1;
  /* The same loader and checks as `yinfa validate`, on the bytes about to be written; their
   * messages are given at the applicants' cells (relay) */
  const char *name = output ? output : "(import)";
  diag_sink *quiet = diag_new(NULL, 1 << 30);
  inp_round *round = inp_round_load_memory(xml, len, name, spec, quiet);
  int rc = 1;
  if (round && (!check || check(ctx, round, quiet))) {
    if (applicants) *applicants = round->applicant_count;
    rc = 0;
  }
  relay(diag, diag_text(quiet), name, xml);
  diag_free(quiet);
  if (rc == 0 && output && !outfile_write_all(output, xml, len, diag)) rc = 3; /* NULL: a trial */
  inp_round_free(round);
  free(xml);
  return rc;
}

int imp_output_check(const char *output, const char *const *inputs, size_t count, bool force,
                     diag_sink *diag) {
  struct stat out;
  /* stat, not lstat: a link at 'output' is followed to the file rename would not replace but a
   * careless copy back would; an output that reaches an input any way is refused */
  if (stat(output, &out) != 0) return 0;
  for (size_t i = 0; i < count; i++) {
    struct stat in;
    if (inputs[i] && stat(inputs[i], &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
      diag_error(diag, ((src_loc){output, 0, 0, NULL}),
                 L("--output %s is %s, one of the files being read: it would be replaced; give "
                   "another file name",
                   "--output %s 就是正在读取的文件 %s：它会被替换；请换一个文件名"),
                 output, inputs[i]);
      return 2;
    }
  }
  if (!force) {
    diag_error(diag, ((src_loc){output, 0, 0, NULL}),
               L("%s already exists: give another file name, or --force to replace it",
                 "%s 已存在：请换一个文件名，或加 --force 替换它"),
               output);
    return 2;
  }
  if (S_ISDIR(out.st_mode)) {
    diag_error(diag, ((src_loc){output, 0, 0, NULL}), L("is a folder: --output needs a file name",
                                                          "是文件夹：--output 需要文件名"));
    return 2;
  }
  return 0;
}
