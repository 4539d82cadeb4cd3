/* Applicants → the review-round XML of docs/spec/review-outcomes.md: each applicant a tree made
 * from the mapping's paths (elements made on the way, empty ones left out), its elements and
 * attributes in the order of the program's schema; then checked exactly as `yinfa validate`
 * checks a file and written atomically. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/lang.h"
#include "core/sha256.h"
#include "core/outfile.h"
#include "core/xmalloc.h"
#include "import/import_private.h"
#include "input/input.h"

/* An element of the applicant being written. */
typedef struct node {
  const char *name, *path; /* path from the applicant, for the schema's order */
  const char **attr_names, **attr_values;
  imp_from *attr_from; /* per attribute: its cell and header, for messages (imp_srcmap) */
  size_t attr_count;
  const char *text;
  imp_from text_from;
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
static void put(arena *a, node *base, const char *path, const char *value, bool flag, imp_from from) {
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
    imp_from *froms = arena_alloc(a, (n->attr_count + 1) * sizeof *froms);
    if (n->attr_count) {
      memcpy(names, n->attr_names, n->attr_count * sizeof *names);
      memcpy(values, n->attr_values, n->attr_count * sizeof *values);
      memcpy(froms, n->attr_from, n->attr_count * sizeof *froms);
    }
    names[n->attr_count] = p + 1;
    values[n->attr_count] = value;
    froms[n->attr_count] = from;
    n->attr_names = names, n->attr_values = values, n->attr_from = froms, n->attr_count++;
  } else if (!n->text) {
    n->text = value;
    n->text_from = from;
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
        imp_from tf = n->attr_from[j - 1];
        n->attr_names[j - 1] = n->attr_names[j], n->attr_values[j - 1] = n->attr_values[j];
        n->attr_from[j - 1] = n->attr_from[j];
        n->attr_names[j] = tn, n->attr_values[j] = tv, n->attr_from[j] = tf;
      }
  }
  for (size_t i = 0; i < n->kid_count; i++) order(n->kids[i], m);
}

/* The round being written, with the line it is at and where each value came from. */
typedef struct {
  strbuf *o;
  size_t counted; /* bytes of o whose line ends are counted in 'line' */
  int line;
  imp_srcmap *map; /* NULL: not asked for */
} writer;

/* Records where the values of 'n' came from, at the line its start tag is written on. */
static void map_node(writer *w, const node *n) {
  if (!w->map) return;
  for (; w->counted < w->o->len; w->counted++)
    if (w->o->data[w->counted] == '\n') w->line++;
  for (size_t i = 0; i < n->attr_count; i++)
    imp_srcmap_add(w->map, w->line, n->name, n->attr_names[i], n->attr_values[i], n->attr_from[i]);
  if (n->text) imp_srcmap_add(w->map, w->line, n->name, NULL, n->text, n->text_from);
}

static void write_node(writer *w, const node *n, int depth) {
  strbuf *o = w->o;
  map_node(w, n);
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
    for (size_t i = 0; i < n->kid_count; i++) write_node(w, n->kids[i], depth + 1);
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

static void write_applicant(writer *w, arena *a, const imp_mapping *m, const imp_app *app) {
  node root = {.name = "applicant", .path = ""};
  /* in the mapping's order, so that the same values always give the same bytes */
  for (size_t i = 0; i < m->column_count; i++) {
    const map_field *f = m->columns[i];
    const imp_val *v = &app->v[f->index];
    if (f->list || f->group || !v->text) continue;
    put(a, &root, f->path, v->text, f->kind == KIND_FLAG, (imp_from){v->where, v->header ? v->header : imp_field_label(f)});
  }
  for (size_t gi = 0; gi < m->group_count; gi++) {
    const map_group *gr = &m->groups[gi];
    const imp_records *rs = &app->groups[gi];
    const char *key_label = gr->key_field >= 0 ? imp_field_label(&gr->fields[gr->key_field]) : NULL;
    for (size_t r = 0; r < rs->count; r++) {
      node *rec = put_repeated(a, &root, gr->path);
      put(a, rec, gr->key, rs->recs[r].key, false, (imp_from){rs->recs[r].key_where, key_label});
      for (size_t k = 0; k < gr->field_count; k++) {
        const imp_val *v = &rs->recs[r].v[k];
        if (v->text && (int)k != gr->key_field)
          put(a, rec, gr->fields[k].path, v->text, gr->fields[k].kind == KIND_FLAG,
              (imp_from){v->where, v->header ? v->header : imp_field_label(&gr->fields[k])});
      }
    }
  }
  for (size_t li = 0; li < m->list_count; li++) {
    const map_list *l = &m->lists[li];
    const imp_items *items = &app->lists[li];
    for (size_t i = 0; i < items->count; i++) {
      node *item = put_repeated(a, &root, l->path);
      for (size_t k = 0; k < l->part_count; k++)
        if (items->items[i].parts[k])
          put(a, item, l->parts[k].path, items->items[i].parts[k], l->parts[k].kind == KIND_FLAG,
              (imp_from){items->items[i].where,
                         items->items[i].header ? items->items[i].header : imp_field_label(l->columns[0])});
    }
  }
  order(&root, m);
  source_comment(w->o, app->where);
  write_node(w, &root, 1);
}

void imp_write_round(strbuf *out, const imp_mapping *m, const char *program, int year, int round,
                     imp_app *const *apps, size_t count, imp_srcmap *map) {
  strbuf_append(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<!-- Written by yinfa import; each applicant names the cell it came from. -->\n"
                     "<review-round program=\"");
  strbuf_append_xml_escaped(out, program ? program : "");
  strbuf_printf(out, "\" year=\"%d\" round=\"%d\">\n", year, round);
  writer w = {out, 0, 1, map};
  /* one applicant's tree at a time: written, then dropped (kept for the whole round, the trees
   * were 7 KB an applicant, 375 MB at 50,000, held beside the sheets and the text) */
  for (size_t i = 0; i < count; i++) {
    arena *a = arena_new();
    write_applicant(&w, a, m, apps[i]);
    arena_free(a);
  }
  strbuf_append(out, "</review-round>\n");
}

/* Writes 'len' bytes of 'xml' to the new file 'path', the temporary name of 'output'; false after
 * reporting at 'output' (the name the user gave: a temporary name would mean nothing to them). */
static bool write_temp(const char *path, const char *output, const char *xml, size_t len,
                       diag_sink *diag) {
  FILE *f = fopen(path, "wbx");
  bool ok = f && fwrite(xml, 1, len, f) == len;
  int err = errno;
  if (f && fclose(f) != 0 && ok) ok = false, err = errno;
  if (!ok) {
    diag_error(diag, ((src_loc){output, 0, 0, NULL}), L("cannot write: %s", "无法写入：%s"), lang_strerror(err));
    if (f) unlink(path);
  }
  return ok;
}

/* The whole file at 'path' (NUL-terminated, malloc'd), or NULL. */
static char *read_back(const char *path) {
  strbuf b;
  strbuf_init(&b);
  if (!strbuf_append_file(&b, path)) {
    strbuf_release(&b);
    return NULL;
  }
  return strbuf_detach(&b);
}

int imp_import_file(const imp_mapping *m, const char *const *sheets, size_t count,
                    const imp_options *opt, const inp_spec *spec, imp_round_check check, void *ctx,
                    const char *output, size_t *applicants, diag_sink *diag) {
  size_t len = 0;
  char *xml = imp_import(m, sheets, count, opt, &len, diag);
  if (!xml) return 1;
  /* The same loader and checks as `yinfa validate`, on the bytes about to be written; their
   * messages are given at the values' cells (imp_relay). With an output, the bytes go to its
   * temporary file first and are checked from there, so that the text is not held beside the
   * round's tree (250 MB at 50,000 applicants); the file is renamed over the output only when the
   * checks pass. */
  char *temp = output ? outfile_temp_path(output) : NULL;
  if (temp && !write_temp(temp, output, xml, len, diag)) {
    free(temp);
    free(xml);
    return 3;
  }
  if (temp) free(xml), xml = NULL;
  const char *name = temp ? temp : "(import)";
  diag_sink *quiet = diag_new_like(diag, NULL, 1 << 30); /* relayed into 'diag': its item noun */
  inp_round *round = temp ? inp_round_load(temp, spec, quiet) : inp_round_load_memory(xml, len, name, spec, quiet);
  int rc = 1;
  if (round && (!check || check(ctx, round, quiet))) {
    if (applicants) *applicants = round->applicant_count;
    rc = 0;
  }
  inp_round_free(round); /* before the map, which the round's tree would otherwise sit beside */
  imp_srcmap *map = NULL;
  if (*diag_text(quiet)) {
    /* Where each value came from is needed only to place these messages: made now, by reading
     * the sheets again (quietly: their own messages were given), not kept for every import (at
     * 50,000 applicants it would add about 400 MB beside the round's tree) */
    diag_sink *again = diag_new(NULL, 1 << 30);
    map = imp_srcmap_new();
    free(imp_import_map(m, sheets, count, opt, NULL, map, again));
    diag_free(again);
    if (!xml) xml = read_back(temp);
  }
  imp_relay(diag, diag_text(quiet), name, output ? output : name, xml ? xml : "", map);
  imp_srcmap_free(map);
  diag_free(quiet);
  if (temp && rc == 0 && !outfile_commit(temp, output, diag)) rc = 3;
  else if (temp && rc != 0) unlink(temp);
  free(temp);
  free(xml);
  return rc;
}

int imp_output_check(const char *output, const char *const *inputs, size_t count, bool force,
                     diag_sink *diag) {
  struct stat out;
  /* lstat: the commit renames over the name itself, so a link there (dangling or not) would be
   * replaced by a file, not written through; a link is refused whatever it points at, so that
   * it is never replaced silently (give the file's own name) */
  if (lstat(output, &out) != 0) return 0;
  if (S_ISLNK(out.st_mode)) {
    diag_error(diag, ((src_loc){output, 0, 0, NULL}),
               L("--output %s is a symbolic link: it is not followed nor replaced; give the file's own name",
                 "--output %s 是符号链接：既不跟随也不替换；请给出文件本身的名称"),
               output);
    return 2;
  }
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
  /* a folder, a FIFO, a device (we run as root: /dev/null would become a file), a socket: never
   * replaced, --force or not */
  if (S_ISDIR(out.st_mode)) {
    diag_error(diag, ((src_loc){output, 0, 0, NULL}), L("is a folder: --output needs a file name",
                                                          "是文件夹：--output 需要文件名"));
    return 2;
  }
  if (!S_ISREG(out.st_mode)) {
    diag_error(diag, ((src_loc){output, 0, 0, NULL}),
               L("--output %s exists and is not a regular file (a pipe, a device or a socket): it is "
                 "never replaced, even with --force; give a file name",
                 "--output %s 已存在且不是普通文件（管道、设备或套接字）：即使加 --force 也不会替换；请给出文件名"),
               output);
    return 2;
  }
  if (!force) {
    diag_error(diag, ((src_loc){output, 0, 0, NULL}),
               L("%s already exists: give another file name, or --force to replace it",
                 "%s 已存在：请换一个文件名，或加 --force 替换它"),
               output);
    return 2;
  }
  return 0;
}

/* The file's SHA-256, or false when it cannot be read (the reader reports that later). */
static bool file_digest(const char *path, uint8_t digest[SHA256_DIGEST_BYTES]) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  sha256_ctx c;
  sha256_init(&c);
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) sha256_update(&c, buf, n);
  bool ok = !ferror(f);
  fclose(f);
  sha256_final(&c, digest);
  return ok;
}

int imp_inputs_check(const char *const *inputs, size_t count, diag_sink *diag) {
  struct stat *st = xcalloc(count + 1, sizeof *st);
  uint8_t(*dg)[SHA256_DIGEST_BYTES] = xcalloc(count + 1, sizeof *dg);
  bool *hashed = xcalloc(count + 1, sizeof *hashed);
  int rc = 0;
  for (size_t i = 0; i < count && rc == 0; i++) {
    bool have = stat(inputs[i], &st[i]) == 0;
    /* one file is read once (import_damaged.sh counts the opens): hashed only beside others */
    hashed[i] = count > 1 && have && S_ISREG(st[i].st_mode) && file_digest(inputs[i], dg[i]);
    for (size_t j = 0; j < i && rc == 0; j++) {
      if (have && st[j].st_ino == st[i].st_ino && st[j].st_dev == st[i].st_dev && st[j].st_ino) {
        diag_error(diag, ((src_loc){inputs[i], 0, 0, NULL}),
                   L("%s is %s again (the same file): give each file once",
                     "%s 与 %s 是同一个文件：每个文件只需给出一次"),
                   inputs[i], inputs[j]);
        rc = 2;
      } else if (hashed[i] && hashed[j] && memcmp(dg[i], dg[j], SHA256_DIGEST_BYTES) == 0) {
        /* a copy: every applicant would be a duplicate of itself; one message for the pair */
        diag_error(diag, ((src_loc){inputs[i], 0, 0, NULL}),
                   L("%s has the same content as %s (a copy of it): give each file once",
                     "%s 与 %s 内容完全相同（是它的副本）：每个文件只需给出一次"),
                   inputs[i], inputs[j]);
        rc = 2;
      }
    }
  }
  free(st);
  free(dg);
  free(hashed);
  return rc;
}
