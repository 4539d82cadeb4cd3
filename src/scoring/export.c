/* The scores as data for auditors: CSV (UTF-8 with BOM) and XLSX (libxlsxwriter), one row per
 * scored applicant, read back from the <score> elements scr_score_round() wrote. */
#include <errno.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "calendar/calendar.h"
#include "core/csv.h"
#include "core/lang.h"
#include "core/outfile.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "scoring/scoring_private.h"

/* One table of cells: strings, with numbers marked so XLSX stores them as numbers. */
typedef struct {
  char **cells;
  bool *numeric;
  size_t rows, cols, cap;
} sheet;

static char *prop(xmlNodePtr n, const char *name) {
  xmlChar *v = n ? xmlGetProp(n, BAD_CAST name) : NULL;
  char *s = xstrdup(v ? (const char *)v : "");
  xmlFree(v);
  return s;
}

static xmlNodePtr child(xmlNodePtr n, const char *name) {
  for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0) return c;
  return NULL;
}

static char *xpath_string(xmlXPathContextPtr xp, xmlXPathCompExprPtr e, xmlNodePtr at) {
  if (!e) return xstrdup("");
  xp->node = at;
  inp_xpath_bound(xp);
  xmlXPathObjectPtr v = xmlXPathCompiledEval(e, xp);
  xmlChar *s = v ? xmlXPathCastToString(v) : NULL;
  char *out = xstrdup(s ? (const char *)s : "");
  xmlFree(s);
  xmlXPathFreeObject(v);
  return out;
}

static void add_cell(sheet *t, size_t *at, const char *text, bool numeric) {
  t->cells = xgrow(t->cells, &t->cap, *at + 1, sizeof *t->cells);
  t->numeric = xrealloc(t->numeric, t->cap * sizeof *t->numeric);
  t->cells[*at] = xstrdup(text ? text : "");
  t->numeric[*at] = numeric;
  (*at)++;
}

/* Adds 'owned' (malloc'd) and frees it. */
static void add_owned(sheet *t, size_t *at, char *owned, bool numeric) {
  add_cell(t, at, owned, numeric);
  free(owned);
}

/* Builds the table (headers in Chinese whatever the locale: the file is the office's): a header row, then a row per scored applicant. The columns are the union
 * of all tables' indicators (an enterprise of the other table leaves the cells empty). */
static void build(const scr_model *m, const inp_round *r, sheet *t) {
  strbuf h;
  strbuf_init(&h);
  size_t at = 0;
  add_cell(t, &at, "编号", false);
  add_cell(t, &at, "企业名称", false);
  add_cell(t, &at, "指标表", false);
  for (size_t k = 0; k < m->key_count; k++) add_cell(t, &at, m->keys[k].label ? m->keys[k].label : m->keys[k].name, false);
  add_cell(t, &at, m->classify.label ? m->classify.label : "规模", false);
  add_cell(t, &at, "同领域同规模企业数", false);
  add_cell(t, &at, "综合效用值", false);
  add_cell(t, &at, "排名", false);
  add_cell(t, &at, "领域内排名", false);
  for (size_t tb = 0; tb < m->table_count; tb++)
    for (size_t k = 0; k < m->tables[tb].indicator_count; k++) {
      const scr_indicator *ind = &m->tables[tb].indicators[k];
      const char *suffix[3] = {"（指标值）", "（无量纲值）", "（效用值）"};
      for (int s = 0; s < 3; s++) {
        strbuf_reset(&h);
        if (m->table_count > 1) strbuf_printf(&h, "%s·", m->tables[tb].name);
        strbuf_printf(&h, "%s %s%s", ind->no, ind->name, suffix[s]);
        if (s == 0 && ind->unit && *ind->unit) strbuf_printf(&h, "（%s）", ind->unit);
        add_cell(t, &at, strbuf_str(&h), false);
      }
    }
  for (size_t w = 0; w < m->raw_count; w++) add_cell(t, &at, m->raws[w].label, false);
  t->cols = at;
  t->rows = 1;

  xmlXPathContextPtr xp = xmlXPathNewContext(inp_round_xml(r));
  inp_xpath_register(xp);
  for (size_t i = 0; i < r->applicant_count; i++) {
    xmlNodePtr el = inp_applicant_xml(r, i);
    xmlNodePtr sc = child(el, "score");
    if (!sc) continue;
    char *v;
    add_cell(t, &at, r->applicants[i].id, false);
    add_owned(t, &at, xpath_string(xp, m->name, el), false);
    v = prop(sc, "table"), add_cell(t, &at, v, false);
    int table = -1;
    for (size_t tb = 0; tb < m->table_count; tb++)
      if (strcmp(m->tables[tb].name, v) == 0) table = (int)tb;
    free(v);
    for (xmlNodePtr k = sc->children; k; k = k->next)
      if (k->type == XML_ELEMENT_NODE && strcmp((const char *)k->name, "key") == 0)
        add_owned(t, &at, prop(k, "value"), false);
    add_owned(t, &at, prop(sc, "size"), false);
    add_owned(t, &at, prop(sc, "rank-count"), true);
    add_owned(t, &at, prop(sc, "total"), true);
    add_owned(t, &at, prop(sc, "rank"), true);
    add_owned(t, &at, prop(sc, "field-rank"), true);
    for (size_t tb = 0; tb < m->table_count; tb++) {
      xmlNodePtr ind = tb == (size_t)table ? child(sc, "indicator") : NULL;
      for (size_t k = 0; k < m->tables[tb].indicator_count; k++) {
        while (ind && (ind->type != XML_ELEMENT_NODE || strcmp((const char *)ind->name, "indicator") != 0)) ind = ind->next;
        const char *attrs[3] = {"value", "normalized", "utility"};
        for (int s = 0; s < 3; s++) {
          v = prop(ind, attrs[s]);
          add_cell(t, &at, v, ind != NULL);
          free(v);
        }
        if (ind) ind = ind->next;
      }
    }
    for (size_t w = 0; w < m->raw_count; w++) add_owned(t, &at, xpath_string(xp, m->raws[w].value, el), false);
    t->rows++;
  }
  xmlXPathFreeContext(xp);
  strbuf_release(&h);
}

static void sheet_free(sheet *t) {
  for (size_t i = 0; i < t->rows * t->cols; i++) free(t->cells[i]);
  free(t->cells);
  free(t->numeric);
}

bool scr_write_csv(const scr_model *m, const inp_round *r, const char *path, int *io_err, diag_sink *diag) {
  sheet t = {0};
  build(m, r, &t);
  strbuf b;
  strbuf_init(&b);
  strbuf_append(&b, "\xEF\xBB\xBF"); /* Excel and WPS take a CSV without it for GBK */
  for (size_t row = 0; row < t.rows; row++) {
    for (size_t c = 0; c < t.cols; c++) {
      if (c) strbuf_putc(&b, ',');
      /* a file for people: names that look like formulas are neutralised (core/csv.h) */
      csv_put_field(&b, t.cells[row * t.cols + c], CSV_FOR_PEOPLE);
    }
    strbuf_append(&b, "\r\n");
  }
  bool ok = outfile_write_all(path, b.data, b.len, diag);
  if (!ok && io_err) *io_err = errno ? errno : EIO; /* as outfile_write_all leaves it */
  strbuf_release(&b);
  sheet_free(&t);
  return ok;
}

bool scr_write_xlsx(const scr_model *m, const inp_round *r, const char *path, const char *date_iso, int *io_err,
                    diag_sink *diag) {
  sheet t = {0};
  build(m, r, &t);
  char *temp = outfile_temp_path(path);
  bool ok = false;
  int err = 0;
  lxw_workbook *wb = workbook_new(temp);
  if (wb) {
    long day = 3652; /* 1980-01-01, days since 1970 */
    if (date_iso) cal_parse_iso(date_iso, &day);
    lxw_doc_properties props = {.created = (time_t)day * 86400 - 8 * 3600}; /* 00:00 in Beijing */
    workbook_set_properties(wb, &props);
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    for (size_t row = 0; row < t.rows; row++)
      for (size_t c = 0; c < t.cols; c++) {
        const char *cell = t.cells[row * t.cols + c];
        char *end = NULL;
        double d = t.numeric[row * t.cols + c] && *cell ? strtod(cell, &end) : 0;
        if (row > 0 && t.numeric[row * t.cols + c] && *cell && end && !*end)
          worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)c, d, NULL);
        else if (*cell)
          worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c, cell, row == 0 ? bold : NULL);
      }
    worksheet_freeze_panes(ws, 1, 2);
    lxw_error e = workbook_close(wb);
    ok = e == LXW_NO_ERROR;
    if (!ok) err = errno ? errno : EIO; /* libxlsxwriter writes the file at close */
    if (!ok)
      diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot write the workbook: %s", "无法写入工作簿：%s"),
                 lxw_strerror(e));
  } else {
    err = errno ? errno : EIO;
    diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot create the workbook: %s", "无法创建工作簿：%s"),
               lang_strerror(err));
  }
  if (ok && !(ok = outfile_commit(temp, path, diag))) err = errno;
  else unlink(temp);
  free(temp);
  sheet_free(&t);
  if (!ok && io_err) *io_err = err ? err : EIO;
  return ok;
}
