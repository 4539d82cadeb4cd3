/* Sheets → applicants: every data row is cleaned by the kinds of its columns (clean.c) and the
 * rows of one applicant come together from any sheet or file (same id, else the mapping's match
 * fields: credit code, name). One value per field (a conflict names both cells), one record per
 * key of a repeating group, list items joined without repeats. Knows no program's fields: only
 * the mapping's paths, groups and lists. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/strmap.h"
#include "core/xmalloc.h"
#include "import/import_private.h"
#include "input/input.h"
#include "text/text.h"

typedef struct {
  const imp_mapping *m;
  arena *a;
  diag_sink *diag;
  imp_app **apps;
  size_t count, cap;
  int year;
  imp_app **row_app; /* per row of the sheet being read: whose row it is (merges spanning two) */
  strmap *index; /* per match field: value → applicant (rows found in constant time) */
  const char **file_pairs; /* pairs of files already reported as holding the same enterprise */
  size_t file_pair_count, file_pair_cap;
} gather;

/* ---- Lists: "王志强（组长）、陈建设", "河南省智能工厂（省级，2021）" one per line ---- */

static bool at_sep(const char *p, bool words) {
  if (!*p || *p == '\n' || *p == '\r' || *p == ';' || strncmp(p, "；", 3) == 0) return true;
  return words && (*p == ',' || strncmp(p, "、", 3) == 0 || strncmp(p, "，", 3) == 0);
}

/* Splits a list cell into items: line breaks and ；; always, 、，, too for words. A separator
 * inside brackets belongs to the item ("林晓峰（教授，厦门大学）"). */
static size_t split_items(arena *a, const char *text, bool words, const char ***out) {
  size_t count = 0;
  const char **items = NULL;
  strbuf cur;
  strbuf_init(&cur);
  int depth = 0;
  for (const char *p = text;; p++) {
    if (*p == '(' || strncmp(p, "（", 3) == 0) depth++;
    if ((*p == ')' || strncmp(p, "）", 3) == 0) && depth > 0) depth--;
    if (!*p || (depth == 0 && at_sep(p, words)) || *p == '\n') {
      size_t n;
      const char *t = imp_trim(strbuf_str(&cur), &n);
      if (n) {
        const char **grown = arena_alloc(a, (count + 1) * sizeof *grown);
        if (count) memcpy(grown, items, count * sizeof *grown);
        grown[count++] = arena_strndup(a, t, n);
        items = grown;
      }
      strbuf_reset(&cur);
      depth = 0;
      if (!*p) break;
      if ((unsigned char)*p >= 0x80) p += 2;
      continue;
    }
    strbuf_putc(&cur, *p);
  }
  strbuf_release(&cur);
  *out = items;
  return count;
}

/* "王志强（组长）" → "王志强" and the text in the closing bracket (*inner), full- or half-width. */
static const char *split_bracket(arena *a, const char *item, const char **inner) {
  size_t n = strlen(item), close_len = 0;
  *inner = NULL;
  if (n > 1 && item[n - 1] == ')') close_len = 1;
  else if (n > 3 && strcmp(item + n - 3, "）") == 0) close_len = 3;
  if (!close_len) return item;
  const char *open = NULL;
  size_t open_len = 0;
  for (const char *p = item; p < item + n - close_len; p++) {
    if (*p == '(') open = p, open_len = 1;
    else if (strncmp(p, "（", 3) == 0) open = p, open_len = 3;
  }
  if (!open || open == item) return item;
  *inner = arena_strndup(a, open + open_len, (size_t)(item + n - close_len - open - open_len));
  size_t keep;
  const char *t = imp_trim(arena_strndup(a, item, (size_t)(open - item)), &keep);
  return arena_strndup(a, t, keep);
}

/* The bracket's parts ("省级，2021") to the list's other parts: each to the first part not yet
 * given that accepts it (a year, a level ending in 级, one of an enum's values, any text); an
 * empty part ("（，厦门大学）") passes over one. False when a part fits none: the bracket is then
 * the item's own text ("国家高新技术企业（第三批）"). */
static bool assign_parts(arena *a, const map_list *li, const char *inner, const char **parts) {
  bool *taken = arena_alloc(a, li->part_count + 1);
  size_t given = 0;
  const char *p = inner;
  for (;;) {
    const char *end = p;
    while (*end && !(*end == ',' || *end == ';' || strncmp(end, "，", 3) == 0 || strncmp(end, "、", 3) == 0 ||
                     strncmp(end, "；", 3) == 0))
      end++;
    size_t n;
    const char *t = imp_trim(arena_strndup(a, p, (size_t)(end - p)), &n);
    bool placed = false;
    for (size_t k = 1; k < li->part_count && !placed; k++) {
      if (taken[k]) continue;
      const char *v = n ? imp_clean_part(a, &li->parts[k], arena_strndup(a, t, n)) : "";
      if (v) taken[k] = placed = true, parts[k] = n ? v : NULL;
    }
    if (!placed) return false;
    given += n > 0;
    if (!*end) break;
    p = end + ((unsigned char)*end >= 0x80 ? 3 : 1);
  }
  return given > 0;
}

/* The items of a list cell; a column's defaults fill parts an item does not give. */
static size_t parse_items(gather *g, const map_field *col, const char *text, imp_item **out) {
  const map_list *li = col->list;
  const char **items;
  size_t n = split_items(g->a, text, li->words, &items);
  imp_item *res = arena_alloc(g->a, (n + 1) * sizeof *res);
  for (size_t i = 0; i < n; i++) {
    const char **parts = arena_alloc(g->a, (li->part_count + 1) * sizeof *parts);
    const char *inner = NULL, *main = items[i];
    if (li->part_count > 1) {
      main = split_bracket(g->a, items[i], &inner);
      if (!inner || !assign_parts(g->a, li, inner, parts)) {
        memset(parts, 0, (li->part_count + 1) * sizeof *parts);
        main = items[i];
      }
    }
    const char *v = imp_clean_part(g->a, &li->parts[0], main);
    parts[0] = v ? v : main;
    for (size_t k = 1; k < li->part_count; k++)
      if (!parts[k] && col->defaults[k]) parts[k] = col->defaults[k];
    res[i].parts = parts;
  }
  *out = res;
  return n;
}

static bool same_str(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

static void add_items(gather *g, imp_app *app, const map_field *col, const char *text, const char *where,
                      const char *header) {
  const map_list *li = col->list;
  imp_items *list = &app->lists[li->index];
  imp_item *items;
  size_t n = parse_items(g, col, text, &items);
  for (size_t i = 0; i < n; i++) items[i].where = where, items[i].header = header;
  size_t before = list->count;
  for (size_t i = 0; i < n; i++) {
    /* the same list on two sheets is one list (a cell's own items are all kept) */
    bool dup = false;
    for (size_t k = 0; k < before && !dup; k++) {
      bool same = true;
      for (size_t p = 0; p < li->part_count && same; p++) same = same_str(list->items[k].parts[p], items[i].parts[p]);
      dup = same;
    }
    if (dup) continue;
    if (list->count == list->cap) {
      size_t cap = list->cap ? list->cap * 2 : 4;
      imp_item *grown = arena_alloc(g->a, cap * sizeof *grown);
      if (list->count) memcpy(grown, list->items, list->count * sizeof *grown);
      list->items = grown, list->cap = cap;
    }
    list->items[list->count++] = items[i];
  }
}

/* ---- Applicants ---- */

static imp_app *find_app(gather *g, const char **keys) {
  const imp_mapping *m = g->m;
  for (size_t k = 0; k < m->match_count; k++) {
    if (!keys[k]) continue;
    size_t fi = m->match[k]->index;
    imp_app *found = strmap_get(&g->index[k], keys[k]);
    if (found) return found;
    /* an id given but not known yet is a new applicant, whatever its code says */
    if ((int)fi == m->id_field) return NULL;
  }
  return NULL;
}

static const char *app_label(const imp_mapping *m, const imp_app *app) {
  for (size_t k = 0; k < m->match_count; k++)
    if (app->v[m->match[k]->index].text) return app->v[m->match[k]->index].text;
  return NULL;
}

static imp_app *new_app(gather *g, const char *where) {
  const imp_mapping *m = g->m;
  imp_app *app = arena_alloc(g->a, sizeof *app);
  app->v = arena_alloc(g->a, (m->field_count + 1) * sizeof *app->v);
  app->bad = arena_alloc(g->a, m->field_count + 1);
  app->groups = arena_alloc(g->a, (m->group_count + 1) * sizeof *app->groups);
  app->lists = arena_alloc(g->a, (m->list_count + 1) * sizeof *app->lists);
  app->where = where;
  if (g->count == g->cap) g->apps = xgrow(g->apps, &g->cap, g->count + 1, sizeof *g->apps);
  g->apps[g->count++] = app;
  return app;
}

/* Sets a one-value field; a second, different value for one applicant is an error. */
static void set_value(gather *g, imp_app *app, const map_field *f, const char *value, const char *where,
                      const char *header) {
  imp_val *v = &app->v[f->index];
  if (!v->text) {
    v->text = value, v->where = where, v->header = header;
  } else if (strcmp(v->text, value) != 0) {
    diag_error(g->diag, ((src_loc){where, 0, 0, app_label(g->m, app)}),
               L("%s is \"%s\" here but \"%s\" at %s: one applicant, one value",
                 "%s 此处为“%s”，另一处为“%s”（%s）：同一申报单位只能有一个值"),
               header ? header : imp_field_label(f), value, v->text, v->where);
  }
}

static imp_record *record_for(gather *g, imp_app *app, const map_group *gr, const char *key, const char *where) {
  imp_records *rs = &app->groups[gr->index];
  for (size_t i = 0; i < rs->count; i++)
    if (strcmp(rs->recs[i].key, key) == 0) return &rs->recs[i];
  if (rs->count == rs->cap) {
    size_t cap = rs->cap ? rs->cap * 2 : 4;
    imp_record *grown = arena_alloc(g->a, cap * sizeof *grown);
    if (rs->count) memcpy(grown, rs->recs, rs->count * sizeof *grown);
    rs->recs = grown, rs->cap = cap;
  }
  imp_record *r = &rs->recs[rs->count++];
  r->key = key;
  r->key_where = where;
  r->v = arena_alloc(g->a, (gr->field_count + 1) * sizeof *r->v);
  return r;
}

/* id-format: {year} and {n:W} (running number, W digits) */
static const char *format_id(gather *g) {
  strbuf id;
  strbuf_init(&id);
  for (const char *p = g->m->id_format; *p; p++) {
    int w = 0;
    if (strncmp(p, "{year}", 6) == 0) strbuf_printf(&id, "%d", g->year), p += 5;
    else if (strncmp(p, "{n}", 3) == 0) strbuf_printf(&id, "%zu", g->count), p += 2;
    else if (sscanf(p, "{n:%d}", &w) == 1 && strchr(p, '}')) strbuf_printf(&id, "%0*zu", w, g->count), p = strchr(p, '}');
    else strbuf_putc(&id, *p);
  }
  const char *r = arena_strdup(g->a, strbuf_str(&id));
  strbuf_release(&id);
  return r;
}

static const char *clean(gather *g, const imp_layout *L, int r, int c, const char *label) {
  imp_cellref ref = {L->sheet, r, c, L->cols[c].field, L->cols[c].unit, label, g->a, g->diag, L->cols[c].header};
  return imp_clean_cell(&ref);
}

/* A cell of a repeating group: into the record of its key (the column's, else the row's). */
static void group_cell(gather *g, const imp_layout *L, imp_app *app, int r, int c, const char **row_keys) {
  const map_field *f = L->cols[c].field;
  const map_group *gr = f->group;
  const imp_sheet *s = L->sheet;
  const char *label = app_label(g->m, app);
  const char *key = L->cols[c].key ? L->cols[c].key : row_keys[gr->index];
  if (!key) {
    const map_field *kf = gr->key_field >= 0 ? &gr->fields[gr->key_field] : NULL;
    if (!kf || kf->kind == KIND_YEAR)
      diag_error(g->diag, ((src_loc){imp_cell_where(g->a, s, r, c), 0, 0, label}),
                 L("%s: which year? Put it in the header (2021年%s) or add a column 年度",
                   "%s：是哪一年的？请写在表头中（2021年%s）或增加“年度”列"),
                 imp_field_label(f), imp_field_label(f));
    else
      diag_error(g->diag, ((src_loc){imp_cell_where(g->a, s, r, c), 0, 0, label}),
                 L("%s: which %s? Add a column %s", "%s：属于哪一个%s？请增加“%s”列"), imp_field_label(f),
                 imp_field_label(kf), imp_field_label(kf));
    return;
  }
  const char *v = clean(g, L, r, c, label);
  if (!v) return;
  const char *where = imp_cell_where(g->a, s, r, c);
  imp_val *slot = &record_for(g, app, gr, key, where)->v[f->index];
  if (!slot->text) *slot = (imp_val){v, where, L->cols[c].header, NULL, 0};
  else if (strcmp(slot->text, v) != 0)
    diag_error(g->diag, ((src_loc){where, 0, 0, label}),
               L("%s %s is %s here but %s has %s: one applicant, one value",
                 "%s %s 此处为 %s，但 %s 处为 %s：同一申报单位只能有一个值"),
               imp_field_label(f), key, v, slot->where, slot->text);
}

/* The key that brought a row to 'app': its first match field given in the row. */
static size_t row_key(const imp_mapping *m, const char **keys) {
  size_t k = 0;
  while (k + 1 < m->match_count && !keys[k]) k++;
  return k;
}

static void report_twice(gather *g, const imp_layout *L, imp_app *app, int r, const char **keys, const char *other) {
  const imp_mapping *m = g->m;
  size_t k = row_key(m, keys);
  int c = L->match_col[k];
  diag_error(g->diag, ((src_loc){imp_cell_where(g->a, L->sheet, r, c >= 0 ? c : 0), 0, 0, app_label(m, app)}),
             L("%s %s is here and at %s: one enterprise recommended twice? Keep one row (a program "
               "where an enterprise may appear more than once says duplicates=\"allowed\" in import.xml)",
               "%s %s 在此处出现，也在 %s 出现：同一企业被推荐了两次？请只保留一行（允许同一企业多次出现的项目须在 "
               "import.xml 中写明 duplicates=\"allowed\"）"),
             imp_field_label(m->match[k]), keys[k], other);
}

/* A row of one file that finds an applicant first seen in another file (the workbook and its
 * CSV, two counties' files): the same enterprise given twice, never merged. Reported once per
 * pair of files (a copy would otherwise give one error per applicant); its rows are dropped. */
static bool other_file(gather *g, const imp_layout *L, imp_app *app, int r, const char **keys) {
  const char *here = L->sheet->file, *there = app->first_layout->sheet->file;
  if (strcmp(here, there) == 0) return true;
  for (size_t i = 0; i + 1 < g->file_pair_count; i += 2)
    if (strcmp(g->file_pairs[i], there) == 0 && strcmp(g->file_pairs[i + 1], here) == 0) return false;
  if (g->file_pair_count + 2 > g->file_pair_cap)
    g->file_pairs = xgrow(g->file_pairs, &g->file_pair_cap, g->file_pair_count + 2, sizeof *g->file_pairs);
  g->file_pairs[g->file_pair_count++] = there;
  g->file_pairs[g->file_pair_count++] = here;
  const imp_mapping *m = g->m;
  size_t k = row_key(m, keys);
  int c = L->match_col[k];
  diag_error(g->diag, ((src_loc){imp_cell_where(g->a, L->sheet, r, c >= 0 ? c : 0), 0, 0, app_label(m, app)}),
             L("%s %s is also in %s, at %s: the same enterprise in two files (a copy, or the workbook and "
               "its CSV?); give each applicant in one file only (further applicants of these two files "
               "not listed)",
               "%s %s 也在 %s 中（%s）：同一企业出现在两个文件中（是副本，或是工作簿及其 CSV？）；每个申报单位只在一个"
               "文件中给出（这两个文件的其余重复不再逐一列出）"),
             imp_field_label(m->match[k]), keys[k], there, app->where);
  return false;
}

/* A row that finds an applicant already seen is the same applicant's other sheet (finance,
 * review, a 年度 row) — or the same enterprise recommended twice: a row that gives again a value
 * an earlier row of the same sheet gave (not through a merged cell), or a row of another
 * group's sheet (another county). Those are errors naming both cells, never merged or imported
 * twice. */
static bool same_enterprise(gather *g, const imp_layout *L, imp_app *app, int r, const char **keys) {
  const imp_mapping *m = g->m;
  const imp_sheet *s = L->sheet;
  const char *other = NULL;
  if (L->sheet_value && app->weak_sheet && strcmp(L->sheet_value, app->weak_sheet) != 0) other = app->weak_sheet_where;
  for (int c = 0; c < s->cols && !other; c++) {
    const map_field *f = L->cols[c].field;
    /* the identity and the group (设区市) may be repeated on an applicant's other rows */
    if (!f || f->list || f->group || f->match || (int)f->index == m->id_field ||
        (int)f->index == m->sheet_field || !imp_cell_text(s, r, c) ||
        sheet_cell(s, r, c)->merged)
      continue;
    const imp_val *v = &app->v[f->index];
    if (v->text && v->sheet == L && v->row != r) {
      /* named at the earlier row's key cell (the code or name the message quotes), not at the
       * column whose repeated value gave the row away */
      int kc = L->match_col[row_key(m, keys)];
      other = imp_cell_where(g->a, s, v->row, kc >= 0 ? kc : c);
    }
  }
  if (!other) return other_file(g, L, app, r, keys);
  report_twice(g, L, app, r, keys, other);
  return false;
}

static void process_row(gather *g, const imp_layout *L, int r, bool generate_ids) {
  const imp_mapping *m = g->m;
  const imp_sheet *s = L->sheet;
  const char **keys = arena_alloc(g->a, (m->match_count + 1) * sizeof *keys);
  bool *bad_key = arena_alloc(g->a, m->match_count + 1), any_bad = false;
  for (size_t k = 0; k < m->match_count; k++) {
    int c = L->match_col[k];
    if (c < 0 || !imp_cell_text(s, r, c)) continue;
    keys[k] = clean(g, L, r, c, k ? keys[0] : NULL);
    if (!keys[k]) bad_key[k] = any_bad = true;
  }
  int first = 0;
  while (first < s->cols && !imp_cell_text(s, r, first)) first++;
  bool any_key = false;
  for (size_t k = 0; k < m->match_count; k++) any_key |= keys[k] != NULL;
  /* a bad key cell was reported: the row still counts by its other keys (one fault, one
   * message: its other values are not reported missing); with no good key it is left out */
  if (!any_key && any_bad) return;
  if (!any_key) {
    bool mapped = false;
    for (int c = 0; c < s->cols; c++) mapped |= imp_cell_text(s, r, c) && L->cols[c].field;
    if (mapped)
      diag_error(g->diag, ((src_loc){imp_cell_where(g->a, s, r, first), 0, 0, NULL}),
                 L("this row has data but no id, credit code or company name: whose is it?",
                   "此行有数据，但没有编号、统一社会信用代码或企业名称：属于哪家单位？"));
    return;
  }
  imp_app *app = find_app(g, keys);
  if (!app) {
    app = new_app(g, imp_cell_where(g->a, s, r, first));
    app->first_layout = L, app->first_row = r;
    if (generate_ids && m->id_field >= 0 && !keys[0]) {
      app->v[m->id_field].text = format_id(g);
      app->v[m->id_field].where = app->where;
    }
  }
  for (size_t k = 0; k < m->match_count; k++) {
    if (keys[k])
      set_value(g, app, m->match[k], keys[k], imp_cell_where(g->a, s, r, L->match_col[k]), L->cols[L->match_col[k]].header);
    if (keys[k]) strmap_put(&g->index[k], app->v[m->match[k]->index].text, app);
    if (bad_key[k]) app->bad[m->match[k]->index] = true;
  }
  if (g->row_app) g->row_app[r] = app;
  if (!m->duplicates_allowed && !same_enterprise(g, L, app, r, keys)) return;
  if (L->sheet_value && !app->weak_sheet) app->weak_sheet = L->sheet_value, app->weak_sheet_where = L->sheet_value_where;
  const char *label = app_label(m, app);
  /* the row's key of each group (a 年度 column: one row per year) */
  const char **row_keys = arena_alloc(g->a, (m->group_count + 1) * sizeof *row_keys);
  for (size_t k = 0; k < m->group_count; k++) {
    int c = L->key_col[k];
    if (c < 0 || !imp_cell_text(s, r, c)) continue;
    if (!(row_keys[k] = clean(g, L, r, c, label))) return;
  }
  for (int c = 0; c < s->cols; c++) {
    const map_field *f = L->cols[c].field;
    const char *t = imp_cell_text(s, r, c);
    if (!f || !t) continue;
    bool is_match = false;
    for (size_t k = 0; k < m->match_count; k++) is_match |= f == m->match[k];
    if (is_match) continue;
    if (f->list) {
      add_items(g, app, f, t, imp_cell_where(g->a, s, r, c), L->cols[c].header);
    } else if (f->group) {
      if ((int)f->index != f->group->key_field) group_cell(g, L, app, r, c, row_keys);
    } else {
      const char *v = clean(g, L, r, c, label);
      if (v && !app->v[f->index].text) app->v[f->index].sheet = L, app->v[f->index].row = r;
      if (v) set_value(g, app, f, v, imp_cell_where(g->a, s, r, c), L->cols[c].header);
      else if (f->kind != KIND_FLAG) app->bad[f->index] = true;
    }
  }
}

/* A merged cell over the rows of two applicants gives the second the first one's value: an
 * error at the merge, not a value copied without a word. */
static void check_merges(gather *g, const imp_layout *L) {
  const imp_sheet *s = L->sheet;
  for (int i = 0; i < s->merge_count; i++) {
    imp_range rg = s->merges[i];
    if (rg.r0 == rg.r1 || rg.r0 < L->first_data_row || rg.r1 >= s->rows) continue;
    bool mapped = false;
    for (int c = rg.c0; c <= rg.c1 && c < s->cols; c++) mapped |= L->cols[c].field != NULL;
    const imp_app *first = g->row_app[rg.r0];
    for (int r = rg.r0 + 1; r <= rg.r1 && mapped && first; r++) {
      const imp_app *other = g->row_app[r];
      if (!other || other == first) continue;
      char a[16], b[16];
      imp_cell_ref(rg.r0, rg.c0, a);
      imp_cell_ref(rg.r1, rg.c1, b);
      diag_error(g->diag, ((src_loc){imp_cell_where(g->a, s, rg.r0, rg.c0), 0, 0, NULL}),
                 L("the merged cell %s:%s spans the rows of two applicants (%s, row %d; %s, row %d): the "
                   "second would get the first one's value; unmerge it and type each applicant's own",
                   "合并单元格 %s:%s 跨越两个申报单位的行（%s，第 %d 行；%s，第 %d 行）：后者会得到前者的值；"
                   "请取消合并，分别填写各自的值"),
                 a, b, app_label(g->m, first), rg.r0 + 1, app_label(g->m, other), r + 1);
      break;
    }
  }
}

/* Two applicants (two ids) with the same credit code or name: the same enterprise twice, which
 * would be listed twice in the 公示. */
/* What two values of a match field are compared by for the duplicate check only (the text is
 * never altered): a name after NFKC_Casefold with its blanks removed, so that 许昌 绿源…,
 * U+3000 inside or full-width brackets are the same name; a code or id as it is. */
static const char *dup_key(gather *g, const map_field *f, const char *text) {
  if (f->kind != KIND_TEXT && f->kind != KIND_PARAGRAPHS) return text;
  char *k = txt_name_key(text);
  if (!k) return text;
  char *w = k;
  for (const char *r = k; *r; r++)
    if (*r != ' ' && *r != '\t' && *r != '\n' && *r != '\r') *w++ = *r;
  *w = '\0';
  const char *out = arena_strdup(g->a, k);
  free(k);
  return out;
}

static void check_unique(gather *g) {
  const imp_mapping *m = g->m;
  if (m->duplicates_allowed) return;
  for (size_t k = 0; k < m->match_count; k++) {
    size_t fi = m->match[k]->index;
    if ((int)fi == m->id_field) continue;
    strmap seen = {0};
    for (size_t i = 0; i < g->count; i++) {
      const imp_val *v = &g->apps[i]->v[fi];
      if (!v->text) continue;
      const char *key = dup_key(g, m->match[k], v->text);
      imp_app *first = strmap_get(&seen, key);
      if (!first) {
        strmap_put(&seen, key, g->apps[i]);
        continue;
      }
      /* one name, two different credit codes: two enterprises, most likely, but worth a look */
      const map_field *differs = NULL;
      for (size_t j = 0; j < m->match_count && !differs; j++) {
        size_t fj = m->match[j]->index;
        const imp_val *a = &g->apps[i]->v[fj], *b = &first->v[fj];
        if (j != k && (int)fj != m->id_field && a->text && b->text && strcmp(a->text, b->text) != 0)
          differs = m->match[j];
      }
      /* one code is one enterprise whatever its name: the same code under another name is the
       * same enterprise twice (or a code typed wrong), an error worded as the code's */
      bool is_code = m->match[k]->kind == KIND_CREDIT_CODE || m->match[k]->kind == KIND_CODE;
      if (differs && is_code) {
        const char *dl = g->apps[i]->v[differs->index].header ? g->apps[i]->v[differs->index].header
                                                               : imp_field_label(differs);
        diag_error(g->diag, ((src_loc){v->where, 0, 0, app_label(m, g->apps[i])}),
                   L("%s %s is also applicant %s's, at %s, under another %s (\"%s\" there, \"%s\" here, at "
                     "%s): one code is one enterprise, recommended twice or a code typed wrong; keep one, "
                     "or correct the code",
                     "%s %s 也是申报单位 %s 的（%s），但%s不同（那里为“%s”，此处为“%s”，%s）：同一代码即同一企业，"
                     "是被推荐了两次还是代码填错？请只保留一个，或改正代码"),
                   v->header ? v->header : imp_field_label(m->match[k]), v->text, app_label(m, first),
                   first->v[fi].where, dl, first->v[differs->index].text, g->apps[i]->v[differs->index].text,
                   g->apps[i]->v[differs->index].where);
      } else if (differs)
        diag_warning(g->diag, ((src_loc){v->where, 0, 0, app_label(m, g->apps[i])}),
                     L("%s %s is also applicant %s's, at %s, with another %s: two enterprises of one name? "
                       "Check both",
                       "%s %s 也是申报单位 %s 的（%s），但%s不同：是否为同名的两家企业？请核对"),
                     v->header ? v->header : imp_field_label(m->match[k]), v->text, app_label(m, first),
                     first->v[fi].where, g->apps[i]->v[differs->index].header ? g->apps[i]->v[differs->index].header
                                                                              : imp_field_label(differs));
      else
        diag_error(g->diag, ((src_loc){v->where, 0, 0, app_label(m, g->apps[i])}),
                   L("%s %s is also applicant %s's, at %s: one enterprise recommended twice? Keep one (a "
                     "program where an enterprise may appear more than once says duplicates=\"allowed\" "
                     "in import.xml)",
                     "%s %s 也是申报单位 %s 的（%s）：同一企业被推荐了两次？请只保留一个（允许同一企业多次出现的项目须在 "
                     "import.xml 中写明 duplicates=\"allowed\"）"),
                   v->header ? v->header : imp_field_label(m->match[k]), v->text, app_label(m, first),
                   first->v[fi].where);
    }
    strmap_release(&seen);
  }
}

/* Where a value of 'f' the applicant lacks belongs: its column's cell in the applicant's first
 * row when that sheet has the column (the blank cell to fill in), else the row's first cell. */
static const char *blank_cell(gather *g, const imp_app *app, const map_field *f, const char **header) {
  const imp_layout *L = app->first_layout;
  *header = imp_field_label(f);
  for (int c = 0; L && c < L->sheet->cols; c++)
    if (L->cols[c].field == f) {
      if (L->cols[c].header) *header = L->cols[c].header; /* as the office wrote it */
      return imp_cell_where(g->a, L->sheet, app->first_row, c);
    }
  return app->where;
}

/* A required choice of the schema whose every element is a simple field here ("统一社会信用代码
 * or 组织机构代码"): one of them must be given, said in the headers' words at the applicant's row. */
static void check_choices(gather *g, imp_app *app) {
  const imp_mapping *m = g->m;
  for (size_t i = 0; m->order && i < m->order->choice_count; i++) {
    const xsd_choice *ch = &m->order->choices[i];
    const char *slash = strrchr(ch->paths[0], '/');
    char *parent = arena_strndup(g->a, ch->paths[0], slash ? (size_t)(slash - ch->paths[0]) : 0);
    if (!imp_schema_required(m->order, parent)) continue;
    strbuf names;
    strbuf_init(&names);
    bool all_mapped = true, given = false;
    const char *where = NULL;
    for (size_t k = 0; k < ch->count && all_mapped; k++) {
      const map_field *f = NULL;
      for (size_t j = 0; j < m->field_count && !f; j++)
        if (strcmp(m->fields[j].path, ch->paths[k]) == 0) f = &m->fields[j];
      all_mapped = f != NULL;
      if (f) {
        const char *header;
        const char *w = blank_cell(g, app, f, &header);
        if (!where || (where == app->where && w != app->where)) where = w;
        given |= app->v[f->index].text != NULL || app->bad[f->index];
        strbuf_printf(&names, "%s%s", k ? L(" or ", "或") : "", header);
      }
    }
    if (all_mapped && !given)
      diag_error(g->diag, ((src_loc){where, 0, 0, app_label(m, app)}),
                 L("no %s: fill in one of them", "缺少%s：请填写其一"), strbuf_str(&names));
    strbuf_release(&names);
  }
}

/* Fields every applicant needs (required= or the schema), reported at its first row. */
static void check_required(gather *g, imp_app *app) {
  const imp_mapping *m = g->m;
  if (m->sheet_field >= 0 && !app->v[m->sheet_field].text && app->weak_sheet)
    app->v[m->sheet_field] = (imp_val){app->weak_sheet, app->weak_sheet_where, NULL, NULL, 0};
  for (size_t i = 0; i < m->field_count; i++) {
    const map_field *f = &m->fields[i];
    if (!f->required || app->v[i].text || app->bad[i]) continue;
    if ((int)i == m->sheet_field && app->first_layout && app->first_layout->sheet_label_slip)
      continue; /* the label above the table was reported: one fault, one message */
    if ((int)i == m->sheet_field)
      diag_error(g->diag, ((src_loc){app->where, 0, 0, app_label(m, app)}),
                 L("no %s: add that column, or name the sheet after the %s", "缺少%s：请增加该列，或以%s名称命名工作表"),
                 imp_field_label(f), imp_field_label(f));
    else {
      const char *header;
      const char *where = blank_cell(g, app, f, &header);
      diag_error(g->diag, ((src_loc){where, 0, 0, app_label(m, app)}),
                 L("no %s: fill it in (every applicant needs one)", "缺少%s：请填写（每个申报单位都必须有）"), header);
    }
  }
}

/* Records in the order of their keys: years as numbers, other keys as they first came. */
static bool all_digits(const char *s) { return *s && strspn(s, "0123456789") == strlen(s); }

static void sort_records(imp_records *rs) {
  for (size_t i = 1; i < rs->count; i++) /* insertion sort: a handful of records, stable */
    for (size_t j = i; j > 0; j--) {
      const char *a = rs->recs[j - 1].key, *b = rs->recs[j].key;
      if (!all_digits(a) || !all_digits(b) || strtol(a, NULL, 10) <= strtol(b, NULL, 10)) break;
      imp_record t = rs->recs[j - 1];
      rs->recs[j - 1] = rs->recs[j], rs->recs[j] = t;
    }
}

static int cmp_ptr(const void *x, const void *y) {
  uintptr_t a = (uintptr_t)*(const void *const *)x, b = (uintptr_t)*(const void *const *)y;
  return (a > b) - (a < b);
}

/* A 合计 row stating how many applicants the sheet lists (共8家) is checked against the
 * applicants read above it: a copy that lost rows (a filter, a cut paste) would otherwise import
 * fewer without a word. Not after an error in the sheet (its rows may be what is missing). */
static void check_stated_count(gather *g, const imp_layout *L, int errors_before) {
  int col = 0;
  long stated = 0;
  int r = imp_stated_count(g->m, L, &col, &stated);
  if (r < 0 || diag_error_count(g->diag) > errors_before) return;
  const imp_app **apps = xcalloc((size_t)r + 1, sizeof *apps);
  size_t n = 0;
  for (int k = L->first_data_row; k < r; k++)
    if (g->row_app[k]) apps[n++] = g->row_app[k];
  qsort(apps, n, sizeof *apps, cmp_ptr);
  long read = 0;
  for (size_t k = 0; k < n; k++) read += k == 0 || apps[k] != apps[k - 1];
  free(apps);
  if (read == stated) return;
  diag_error(g->diag, ((src_loc){imp_cell_where(g->a, L->sheet, r, col), 0, 0, NULL}),
             L("the sheet's 合计 row says %ld applicants (\"%s\"), but %ld were read above it: rows are "
               "missing (a filter, hidden or deleted rows, a copy cut short) or the 合计 is out of date; "
               "compare the file with the office's table (nothing was imported)",
               "本表合计行写明 %ld 家（“%s”），但其上只读到 %ld 家：可能缺行（筛选、隐藏或删除的行，复制不全），"
               "或合计未更新；请与原表核对（未导入任何内容）"),
             stated, imp_cell_text(L->sheet, r, col), read);
}

char *imp_import(const imp_mapping *m, const char *const *paths, size_t count, const imp_options *opt,
                 size_t *len, diag_sink *diag) {
  return imp_import_map(m, paths, count, opt, len, NULL, diag);
}

/* A CSV row with more or fewer fields than its header row (a comma typed into an unquoted cell,
 * a field deleted) shifts every cell after it: named once at its line with both counts, and
 * the sheet's rows are then not read, so that no shifted cell is reported or imported. */
static bool csv_widths_ok(gather *g, const imp_layout *L) {
  const imp_sheet *s = L->sheet;
  if (!s->row_fields) return true;
  int want = s->row_fields[L->header_row];
  bool ok = true;
  for (int r = L->first_data_row; r < s->rows; r++) {
    if (s->row_fields[r] == want || !imp_row_is_data(g->m, L, r)) continue;
    diag_error(g->diag, ((src_loc){s->file, s->row_line[r], 0, NULL}),
               L("line %d has %d fields, the header %d: a comma inside a cell needs the cell in quotes "
                 "(\"a,b\"), or a cell was added or deleted; save the file again from the spreadsheet "
                 "(nothing was imported)",
                 "第 %d 行有 %d 个字段，表头 %d 个：单元格内的逗号需要用引号括起（\"a,b\"），或多了、少了单元格；"
                 "请从表格软件重新保存（未导入任何内容）"),
               s->row_line[r], s->row_fields[r], want);
    ok = false;
  }
  return ok;
}

char *imp_import_map(const imp_mapping *m, const char *const *paths, size_t count, const imp_options *opt,
                     size_t *len, imp_srcmap *map, diag_sink *diag) {
  int errors_before = diag_error_count(diag);
  gather g = {.m = m, .a = arena_new(), .diag = diag};
  g.index = xcalloc(m->match_count + 1, sizeof *g.index);
  imp_sheet *sheets = NULL;
  size_t nsheets = 0, cap = 0;
  imp_layout *layouts = NULL;
  char *result = NULL;
  for (size_t i = 0; i < count; i++) {
    size_t n = strlen(paths[i]);
    bool xlsx = n > 5 && (strcasecmp(paths[i] + n - 5, ".xlsx") == 0 || strcasecmp(paths[i] + n - 5, ".xlsm") == 0);
    if (xlsx) imp_read_xlsx(paths[i], g.a, &sheets, &nsheets, &cap, diag);
    else imp_read_csv(paths[i], g.a, &sheets, &nsheets, &cap, diag);
  }
  if (diag_error_count(diag) > errors_before) {
    if (opt->unreadable) *opt->unreadable = true;
    goto done;
  }
  layouts = xcalloc(nsheets + 1, sizeof *layouts);
  bool any_id_column = false, any_layout = false;
  g.year = opt->year;
  const char *year_where = NULL;
  for (size_t i = 0; i < nsheets; i++) {
    if (!imp_read_layout(m, g.a, diag, &sheets[i], &layouts[i])) continue;
    any_layout = true;
    any_id_column |= m->id_field >= 0 && layouts[i].match_col[0] >= 0;
    if (!opt->year && layouts[i].title_year) {
      if (!g.year) g.year = layouts[i].title_year, year_where = imp_cell_where(g.a, &sheets[i], 0, 0);
      else if (g.year != layouts[i].title_year)
        diag_error(diag, ((src_loc){imp_cell_where(g.a, &sheets[i], 0, 0), 0, 0, NULL}),
                   L("the title says %d but %s says %d: give the review year with --year",
                     "标题年份为 %d，但 %s 为 %d：请用 --year 指定评审年度"),
                   layouts[i].title_year, year_where, g.year);
    }
  }
  if (!any_layout) {
    diag_error(diag, ((src_loc){count ? paths[0] : NULL, 0, 0, NULL}),
               L("no sheet has the column headers of %s (企业名称, 统一社会信用代码, ...): is this the right file and mapping?",
                 "没有一个工作表含有 %s 中的表头（企业名称、统一社会信用代码等）：文件或列映射是否选错？"),
               m->path);
    goto done;
  }
  int round = opt->round;
  for (size_t i = 0; i < nsheets && !round; i++) round = layouts[i].title_round;
  bool generate = !any_id_column && m->id_format;
  if (!any_id_column && !m->id_format)
    diag_error(diag, ((src_loc){m->path, 0, 0, NULL}),
               L("no sheet has an id column and the mapping has no id-format to number applicants",
                 "没有工作表含有编号列，列映射也没有 id-format 用于编号"));
  for (size_t i = 0; i < nsheets; i++) {
    const imp_layout *L = &layouts[i];
    if (!L->header_rows || !csv_widths_ok(&g, L)) continue;
    g.row_app = arena_alloc(g.a, ((size_t)L->sheet->rows + 1) * sizeof *g.row_app);
    int sheet_errors = diag_error_count(diag);
    for (int r = L->first_data_row; r < L->sheet->rows; r++)
      if (imp_row_is_data(m, L, r)) process_row(&g, L, r, generate);
    check_merges(&g, L);
    check_stated_count(&g, L, sheet_errors);
    g.row_app = NULL;
  }
  /* after the rows, so that their problems are reported in the same run */
  if (!g.year)
    diag_error(diag, ((src_loc){count ? paths[0] : NULL, 0, 0, NULL}),
               L("no review year: give --year 2022, or put it in the title row (许昌市2022年…汇总表)",
                 "缺少评审年度：请使用 --year 2022，或写在标题行中（许昌市2022年…汇总表）"));
  if (g.count == 0 && diag_error_count(diag) == errors_before)
    diag_error(diag, ((src_loc){paths[0], 0, 0, NULL}),
               L("no applicant rows under the headers", "表头下没有申报单位数据"));
  imp_warn_unknown_headers(m, g.a, diag, layouts, nsheets);
  check_unique(&g);
  for (size_t i = 0; i < g.count; i++) {
    check_required(&g, g.apps[i]);
    check_choices(&g, g.apps[i]);
    for (size_t k = 0; k < m->group_count; k++) sort_records(&g.apps[i]->groups[k]);
  }
  if (diag_error_count(diag) > errors_before) goto done;
  strbuf out;
  strbuf_init(&out);
  imp_write_round(&out, m, opt->program ? opt->program : m->program, g.year, round > 0 ? round : 1,
                  g.apps, g.count, map);
  size_t n = out.len;
  if (len) *len = n;
  result = xrealloc(strbuf_detach(&out), n + 1); /* its slack (up to half) is not kept through validation */
done:
  for (size_t k = 0; k < m->match_count; k++) strmap_release(&g.index[k]);
  free(g.index);
  free(g.file_pairs);
  free(g.apps);
  free(layouts);
  free(sheets);
  arena_free(g.a);
  return result;
}
