/* A review round → an .xlsx workbook in the columns of a program's mapping (libxlsxwriter), so
 * that an office can correct it in Excel and import it again: import → export → import gives
 * the same round. One sheet, one row per applicant, one column per field, one per key of a
 * repeating group (2021年总资产), one per list. Values are found by the mapping's paths. */
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/lang.h"
#include "core/outfile.h"
#include "core/xmalloc.h"
#include "import/import_private.h"
#include "input/input.h"

typedef struct {
  const map_field *field;
  const char *key; /* a group column: the record's key */
} out_col;

static bool is_el(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *child_el(xmlNode *n, const char *name, size_t len) {
  for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && strlen((const char *)c->name) == len && strncmp((const char *)c->name, name, len) == 0)
      return c;
  return NULL;
}

/* An attribute or the text of 'n', trimmed, in 'a'; NULL when absent or blank. */
static const char *value_of(arena *a, xmlNode *n, const char *attr) {
  if (!n) return NULL;
  xmlChar *v = attr ? xmlGetProp(n, (const xmlChar *)attr) : xmlNodeGetContent(n);
  const char *r = NULL;
  if (v) {
    size_t len;
    const char *t = imp_trim((const char *)v, &len);
    if (len) r = arena_strndup(a, t, len);
  }
  xmlFree(v);
  return r;
}

/* The element a path leads to from 'n' (its element steps; the first of each name). */
static xmlNode *walk(xmlNode *n, const char *path, const char **rest) {
  const char *p = path;
  while (n && *p && *p != '@' && strcmp(p, ".") != 0) {
    const char *slash = strchr(p, '/');
    size_t len = slash ? (size_t)(slash - p) : strlen(p);
    n = child_el(n, p, len);
    p += len + (slash ? 1 : 0);
  }
  *rest = p;
  return n;
}

/* The value at 'path' from 'n'; a flag: "是" when its element is there. */
static const char *value_at(arena *a, xmlNode *n, const map_field *f) {
  const char *rest;
  xmlNode *e = walk(n, f->path, &rest);
  if (!e) return NULL;
  if (f->kind == KIND_FLAG) return "是";
  return value_of(a, e, *rest == '@' ? rest + 1 : NULL);
}

/* The elements at 'path' from the applicant: a group's records, a list's items. */
static size_t repeated(xmlNode *app, const char *path, xmlNode **out, size_t max) {
  const char *slash = strrchr(path, '/');
  const char *name = slash ? slash + 1 : path;
  xmlNode *parent = app;
  if (slash) {
    char dir[512];
    size_t n = (size_t)(slash - path);
    if (n >= sizeof dir) return 0;
    memcpy(dir, path, n);
    dir[n] = '\0';
    const char *rest;
    parent = walk(app, dir, &rest);
  }
  size_t count = 0;
  for (xmlNode *c = parent ? parent->children : NULL; c; c = c->next)
    if (is_el(c, name) && count < max) out[count++] = c;
  return count;
}

static const char *key_of(arena *a, xmlNode *rec, const map_group *g) {
  map_field kf = {.path = g->key, .kind = KIND_TEXT};
  return value_at(a, rec, &kf);
}

#define MAX_REPEAT 4096

/* ---- What the round holds that the mapping has no column for (it would be lost) ---- */

static bool covered_in(const char *path, const char *base, const map_field *fields, size_t count, const char *key) {
  size_t bl = strlen(base);
  if (strncmp(path, base, bl) != 0) return false;
  const char *rest = !bl ? path : path[bl] == '/' ? path + bl + 1 : path[bl] ? NULL : ".";
  if (!rest) return false;
  if (key && strcmp(rest, key) == 0) return true;
  for (size_t i = 0; i < count; i++) {
    const char *fp = fields[i].path;
    size_t fl = strlen(fp);
    if (strcmp(fp, rest) == 0 || (fl > 2 && strcmp(fp + fl - 2, "/.") == 0 && strncmp(fp, rest, fl - 2) == 0 && !rest[fl - 2]))
      return true;
  }
  return false;
}

/* An element some mapping path goes through ("attachments" for attachments/license): empty, it
 * holds nothing to lose. */
static bool structural(const imp_mapping *m, const char *path) {
  size_t n = strlen(path);
  for (size_t i = 0; i < m->column_count; i++) {
    const char *p = m->columns[i]->group ? m->columns[i]->group->path : m->columns[i]->path;
    if (strncmp(p, path, n) == 0 && p[n] == '/') return true;
  }
  return false;
}

static bool covered(const imp_mapping *m, const char *path) {
  if (covered_in(path, "", m->fields, m->field_count, NULL)) return true;
  for (size_t i = 0; i < m->group_count; i++)
    if (covered_in(path, m->groups[i].path, m->groups[i].fields, m->groups[i].field_count, m->groups[i].key)) return true;
  for (size_t i = 0; i < m->list_count; i++)
    if (covered_in(path, m->lists[i].path, m->lists[i].parts, m->lists[i].part_count, NULL)) return true;
  return false;
}

/* Collects, once each, the paths of values under 'n' that no column covers. */
static void uncovered(const imp_mapping *m, arena *a, xmlNode *n, const char *path, strbuf *missing) {
  bool has_el = false, has_text = false;
  for (xmlNode *c = n->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) has_el = true;
    else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
      size_t len;
      imp_trim((const char *)c->content, &len);
      has_text |= len > 0;
    }
  }
  const char *self = *path ? path : ".";
  strbuf p;
  strbuf_init(&p);
  if ((has_text || (!has_el && !n->properties && *path && !structural(m, path))) && !covered(m, self)) {
    strbuf_printf(&p, "\n%s\n", self);
    if (!strstr(strbuf_str(missing), strbuf_str(&p))) strbuf_printf(missing, "%s\n", self);
  }
  for (xmlAttr *at = n->properties; at; at = at->next) {
    strbuf_reset(&p);
    strbuf_printf(&p, "%s%s@%s", path, *path ? "/" : "", (const char *)at->name);
    if (covered(m, strbuf_str(&p))) continue;
    strbuf_printf(&p, "\n");
    strbuf both;
    strbuf_init(&both);
    strbuf_printf(&both, "\n%s", strbuf_str(&p));
    if (!strstr(strbuf_str(missing), strbuf_str(&both))) strbuf_append(missing, strbuf_str(&p));
    strbuf_release(&both);
  }
  for (xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    strbuf_reset(&p);
    strbuf_printf(&p, "%s%s%s", path, *path ? "/" : "", (const char *)c->name);
    uncovered(m, a, c, strbuf_str(&p), missing);
  }
  strbuf_release(&p);
}

/* What an enum is written as: the round's value when it is Chinese (服务型制造), else its first
 * other word (入库 for admitted), which reads better in an office; both are mapped back. */
static const char *choice_word(const map_field *f, const char *is) {
  if ((unsigned char)is[0] >= 0x80) return is;
  for (size_t i = 0; i < f->value_count; i++)
    if (strcmp(f->values[i].is, is) == 0 && f->values[i].alias_count > 1) return f->values[i].aliases[1];
  return is;
}


/* A decimal goes into a number cell only when Excel's 15 digits give it back unchanged. */
static bool exact_number(const char *text, double *v) {
  char back[64];
  char *end;
  *v = strtod(text, &end);
  if (end == text || *end || !imp_number_text(text, back)) return false;
  char again[64];
  snprintf(again, sizeof again, "%.15g", *v);
  return imp_number_text(again, again) && strcmp(again, back) == 0;
}

static int cmp_key(const void *a, const void *b) {
  const char *x = *(const char *const *)a, *y = *(const char *const *)b;
  long nx = strtol(x, NULL, 10), ny = strtol(y, NULL, 10);
  if (nx != ny && strspn(x, "0123456789") == strlen(x) && strspn(y, "0123456789") == strlen(y)) return nx < ny ? -1 : 1;
  return strcmp(x, y);
}

/* The text of a list's items: "王志强、陈建设（成员）", honours one per line with （省级，2021）. A part
 * equal to the column's default is left out; an empty part is written only where a later part
 * would otherwise be read into it. */
static void list_text(strbuf *cell, arena *a, const map_field *col, xmlNode *app) {
  const map_list *li = col->list;
  xmlNode **items = xcalloc(MAX_REPEAT, sizeof *items);
  size_t n = repeated(app, li->path, items, MAX_REPEAT);
  const char **vals = arena_alloc(a, (li->part_count + 1) * sizeof *vals);
  for (size_t i = 0; i < n; i++) {
    for (size_t k = 0; k < li->part_count; k++) {
      vals[k] = value_at(a, items[i], &li->parts[k]);
      if (k && vals[k] && col->defaults[k] && strcmp(vals[k], col->defaults[k]) == 0) vals[k] = NULL;
    }
    if (i) strbuf_append(cell, li->words ? "、" : "\n");
    strbuf_append(cell, vals[0] ? vals[0] : "");
    size_t last = 0;
    for (size_t k = 1; k < li->part_count; k++)
      if (vals[k]) last = k;
    if (!last) continue;
    strbuf_append(cell, "（");
    bool first = true;
    for (size_t k = 1; k <= last; k++) {
      bool needed = vals[k] != NULL;
      for (size_t j = k + 1; j <= last && !needed; j++)
        needed = vals[j] && imp_clean_part(a, &li->parts[k], vals[j]) != NULL;
      if (!needed) continue;
      if (!first) strbuf_append(cell, "，");
      strbuf_append(cell, vals[k] ? vals[k] : "");
      first = false;
    }
    strbuf_append(cell, "）");
  }
  free(items);
}

/* What the round holds that no column would carry: each an error at the mapping (it would be
 * lost). False when there is any. */
static bool report_uncovered(const imp_mapping *m, arena *a, const inp_round *r, diag_sink *diag) {
  strbuf missing;
  strbuf_init(&missing);
  strbuf_putc(&missing, '\n');
  for (size_t i = 0; i < r->applicant_count; i++) uncovered(m, a, inp_applicant_xml(r, i), "", &missing);
  bool ok = missing.len <= 1;
  for (char *p = missing.data + 1; !ok && *p;) {
    char *nl = strchr(p, '\n');
    *nl = '\0';
    diag_error(diag, ((src_loc){m->path, 0, 0, NULL}),
               L("the mapping has no column for %s, which the round uses: it would be lost",
                 "列映射中没有 %s 列，而评审结果中有该项：导出会丢失数据"),
               p);
    p = nl + 1;
  }
  strbuf_release(&missing);
  return ok;
}

/* The columns: the mapping's order; a group's column once per key of the round (malloc'd). */
static out_col *plan_columns(const imp_mapping *m, arena *a, const inp_round *r, xmlNode **recs, size_t *count) {
  out_col *cols = NULL;
  size_t nc = 0, cap = 0;
  for (size_t i = 0; i < m->column_count; i++) {
    const map_field *f = m->columns[i];
    bool dup = false;
    for (size_t k = 0; k < nc && !dup; k++)
      dup = cols[k].field->group == f->group && cols[k].field->list == f->list && strcmp(cols[k].field->path, f->path) == 0 &&
            !f->fixed_key && !cols[k].field->fixed_key;
    if (dup || (f->list && f->list->columns[0] != f) || (f->group && (int)f->index == f->group->key_field)) continue;
    const char **keys = NULL;
    size_t nk = 0;
    if (f->group && !f->fixed_key) {
      keys = arena_alloc(a, (MAX_REPEAT + 1) * sizeof *keys);
      for (size_t ai = 0; ai < r->applicant_count; ai++) {
        size_t n = repeated(inp_applicant_xml(r, ai), f->group->path, recs, MAX_REPEAT);
        for (size_t k = 0; k < n; k++) {
          const char *key = key_of(a, recs[k], f->group);
          bool seen = !key;
          for (size_t j = 0; j < nk && !seen; j++) seen = strcmp(keys[j], key) == 0;
          if (!seen && nk < MAX_REPEAT) keys[nk++] = key;
        }
      }
      qsort(keys, nk, sizeof *keys, cmp_key);
    }
    for (size_t k = 0; k < (keys ? nk : 1); k++) {
      if (nc == cap) cols = xgrow(cols, &cap, nc + 1, sizeof *cols);
      cols[nc++] = (out_col){f, keys ? keys[k] : f->fixed_key};
    }
  }
  *count = nc;
  return cols;
}

typedef struct {
  lxw_format *text, *wrap, *date, *head;
} formats;

/* The title row (program, year, round) and the header row, with each column's width and format. */
static void write_heading(lxw_worksheet *ws, const formats *fm, const out_col *cols, size_t nc, const inp_round *r) {
  char title[256];
  snprintf(title, sizeof title, L("%s %d年第%d批 review round (yinfa export)", "%s %d年第%d批评审结果（yinfa export）"),
           r->program, r->year, r->round);
  worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(nc ? nc - 1 : 0), title, fm->head);
  for (size_t c = 0; c < nc; c++) {
    const map_field *f = cols[c].field;
    char h[256];
    bool year_key = cols[c].key && !f->fixed_key && strspn(cols[c].key, "0123456789") == strlen(cols[c].key);
    snprintf(h, sizeof h, "%s%s%s%s", cols[c].key && !f->fixed_key ? cols[c].key : "", year_key ? "年" : "",
             f->headers[0], f->kind == KIND_AMOUNT && f->group ? (strcmp(f->unit, "元") == 0 ? "（元）" : "（万元）") : "");
    worksheet_write_string(ws, 1, (lxw_col_t)c, h, fm->head);
    bool as_text = f->kind == KIND_CODE || f->kind == KIND_CREDIT_CODE || f->kind == KIND_ID || f->kind == KIND_PHONE;
    worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
                         f->kind == KIND_PARAGRAPHS ? 40 : f->kind == KIND_AMOUNT ? 14 : 20, as_text ? fm->text : NULL);
  }
  worksheet_freeze_panes(ws, 2, 0);
}

/* One applicant's value of column 'oc' at (row, col): a date as an Excel date, an exact number
 * as a number, else text. False when the text exceeds an Excel cell. */
static bool write_cell(lxw_worksheet *ws, const formats *fm, lxw_row_t row, lxw_col_t col, const out_col *oc,
                       arena *a, xmlNode *app, xmlNode **recs, strbuf *cell) {
  const map_field *f = oc->field;
  strbuf_reset(cell);
  double v;
  const char *t = NULL;
  if (f->list) {
    list_text(cell, a, f, app);
  } else if (f->group) {
    size_t n = repeated(app, f->group->path, recs, MAX_REPEAT);
    for (size_t k = 0; k < n && !t; k++) {
      const char *key = key_of(a, recs[k], f->group);
      if (key && strcmp(key, oc->key) == 0) t = value_at(a, recs[k], f);
    }
  } else {
    t = value_at(a, app, f);
  }
  if (t) {
    inp_date d;
    if (f->kind == KIND_DATE && inp_date_parse(t, &d)) {
      lxw_datetime dt = {d.year, d.month, d.day, 0, 0, 0};
      worksheet_write_datetime(ws, row, col, &dt, fm->date);
      return true;
    }
    if ((f->kind == KIND_AMOUNT || f->kind == KIND_PERCENT || f->kind == KIND_NUMBER || f->kind == KIND_INTEGER) &&
        exact_number(t, &v)) {
      worksheet_write_number(ws, row, col, v, NULL);
      return true;
    }
    strbuf_append(cell, f->kind == KIND_ENUM ? choice_word(f, t) : t);
  }
  return !cell->len || worksheet_write_string(ws, row, col, strbuf_str(cell),
                                              f->kind == KIND_PARAGRAPHS || (f->list && !f->list->words) ? fm->wrap : NULL) !=
                           LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED;
}

/* Every applicant's row; false (after reporting each) when a text exceeds an Excel cell. */
static bool write_rows(lxw_worksheet *ws, const formats *fm, const out_col *cols, size_t nc, arena *a,
                       const inp_round *r, xmlNode **recs, diag_sink *diag) {
  strbuf cell;
  strbuf_init(&cell);
  bool ok = true;
  for (size_t i = 0; i < r->applicant_count; i++)
    for (size_t c = 0; c < nc; c++)
      if (!write_cell(ws, fm, (lxw_row_t)(i + 2), (lxw_col_t)c, &cols[c], a, inp_applicant_xml(r, i), recs, &cell)) {
        diag_error(diag, r->applicants[i].loc, L("%s is longer than the 32,767 characters an Excel cell holds: shorten it first",
                                                 "%s 超过 Excel 单元格上限 32767 个字符：请先缩短"),
                   cols[c].field->headers[0]);
        ok = false;
      }
  strbuf_release(&cell);
  return ok;
}

int imp_export_file(const imp_mapping *m, const inp_round *r, const char *output, diag_sink *diag) {
  arena *a = arena_new();
  xmlNode **recs = xcalloc(MAX_REPEAT, sizeof *recs);
  int rc = 1;
  size_t nc = 0;
  bool covered = report_uncovered(m, a, r, diag);
  out_col *cols = covered ? plan_columns(m, a, r, recs, &nc) : NULL;
  char *temp = covered ? outfile_temp_path(output) : NULL;
  lxw_workbook *wb = temp ? workbook_new(temp) : NULL;
  if (temp && !wb) {
    diag_error(diag, ((src_loc){output, 0, 0, NULL}), L("cannot create the workbook", "无法创建工作簿"));
    rc = 3;
  }
  if (wb) {
    lxw_worksheet *ws = workbook_add_worksheet(wb, L("Round", "评审结果"));
    formats fm = {workbook_add_format(wb), workbook_add_format(wb), workbook_add_format(wb), workbook_add_format(wb)};
    format_set_num_format(fm.text, "@"); /* codes and phones stay text when retyped */
    format_set_text_wrap(fm.wrap);
    format_set_num_format(fm.date, "yyyy-mm-dd");
    format_set_bold(fm.head);
    format_set_text_wrap(fm.head);
    write_heading(ws, &fm, cols, nc, r);
    bool fits = write_rows(ws, &fm, cols, nc, a, r, recs, diag);
    lxw_error err = workbook_close(wb);
    if (!fits) {
      unlink(temp);
      rc = 1;
    } else if (err != LXW_NO_ERROR) {
      diag_error(diag, ((src_loc){output, 0, 0, NULL}), L("cannot write the workbook: %s", "无法写入工作簿：%s"),
                 lxw_strerror(err));
      unlink(temp);
      rc = 3;
    } else {
      rc = outfile_commit(temp, output, diag) ? 0 : 3;
    }
  }
  free(temp);
  free(cols);
  free(recs);
  arena_free(a);
  return rc;
}
