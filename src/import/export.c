/* A review round → an .xlsx workbook in the columns of a program's mapping (libxlsxwriter), so
 * that an office can correct it in Excel and import it again: import → export → import gives
 * the same round. One sheet, one row per applicant, one column per field (finance per year). */
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
  int year; /* amounts: the finance year of this column */
} out_col;

/* Where each one-value field is in an <applicant> (shared/spec/review-outcomes.md): a path of
 * child elements, then an attribute, or the text when 'attr' is NULL. */
static const struct {
  field_id f;
  const char *path[3];
  const char *attr;
} PLACES[] = {
    {F_ID, {NULL}, "id"},
    {F_COUNTY, {NULL}, "county"},
    {F_NAME, {"enterprise", "name"}, NULL},
    {F_CREDIT_CODE, {"enterprise", "credit-code"}, NULL},
    {F_INDUSTRY, {"enterprise", "industry"}, NULL},
    {F_ADDRESS, {"enterprise", "address"}, NULL},
    {F_NATURE, {"enterprise", "nature"}, NULL},
    {F_MAIN_BUSINESS, {"enterprise", "main-business"}, NULL},
    {F_MAIN_BUSINESS_SHARE, {"enterprise", "main-business"}, "share"},
    {F_CONTACT_NAME, {"enterprise", "contact"}, "name"},
    {F_CONTACT_TITLE, {"enterprise", "contact"}, "title"},
    {F_CONTACT_PHONE, {"enterprise", "contact"}, "phone"},
    {F_CONTACT_MOBILE, {"enterprise", "contact"}, "mobile"},
    {F_CONTACT_EMAIL, {"enterprise", "contact"}, "email"},
    {F_LEADER_NAME, {"enterprise", "leader"}, "name"},
    {F_LEADER_TITLE, {"enterprise", "leader"}, "title"},
    {F_DIRECTION, {"project"}, "direction"},
    {F_PROJECT_NAME, {"project", "name"}, NULL},
    {F_SUMMARY, {"project", "summary"}, NULL},
    {F_GOALS, {"project", "goals"}, NULL},
    {F_EFFECTS, {"project", "effects"}, NULL},
    {F_COUNTY_OPINION, {"review", "county-opinion"}, NULL},
    {F_COUNTY_OPINION_DATE, {"review", "county-opinion"}, "date"},
    {F_ON_SITE_DATE, {"review", "on-site"}, "date"},
    {F_INNOVATION, {"review", "on-site", "innovation"}, NULL},
    {F_TECHNICAL, {"review", "on-site", "technical"}, NULL},
    {F_FUNDING, {"review", "on-site", "funding"}, NULL},
    {F_OPINION, {"review", "on-site", "opinion"}, NULL},
    {F_EXPERT_OPINION, {"review", "expert-opinion"}, NULL},
    {F_EXPERT_OPINION_DATE, {"review", "expert-opinion"}, "date"},
    {F_DECISION, {"review", "decision"}, NULL},
};

static bool is_el(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *child_el(xmlNode *n, const char *name) {
  for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (is_el(c, name)) return c;
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

static const char *text_of(arena *a, xmlNode *app, field_id f) {
  for (size_t i = 0; i < sizeof PLACES / sizeof *PLACES; i++) {
    if (PLACES[i].f != f) continue;
    xmlNode *n = app;
    for (int k = 0; k < 3 && PLACES[i].path[k] && n; k++) n = child_el(n, PLACES[i].path[k]);
    return value_of(a, n, PLACES[i].attr);
  }
  return NULL;
}

/* What a choice is written as: the round's value when it is Chinese (服务型制造), else its first
 * other word (入库 for admitted), which reads better in an office; both are mapped back. */
static const char *choice_word(const map_field *f, const char *is) {
  if ((unsigned char)is[0] >= 0x80) return is;
  for (size_t i = 0; i < f->value_count; i++)
    if (strcmp(f->values[i].is, is) == 0 && f->values[i].alias_count > 1) return f->values[i].aliases[1];
  return is;
}

static const char *const AMOUNT_ATTR[5] = {"total-assets", "total-liabilities", "revenue", "profit", "tax"};

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

static int cmp_int(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

int imp_export_file(const imp_mapping *m, const inp_round *r, const char *output, diag_sink *diag) {
  arena *a = arena_new();
  /* the columns: mapping order, each amount once per finance year of the round */
  int years[64] = {0};
  size_t ny = 0;
  for (size_t i = 0; i < r->applicant_count; i++)
    for (xmlNode *f = child_el(child_el(inp_applicant_xml(r, i), "enterprise"), "finance"); f; f = f->next) {
      const char *yt = is_el(f, "finance") ? value_of(a, f, "year") : NULL;
      if (!yt) continue;
      int y = atoi(yt);
      bool seen = false;
      for (size_t j = 0; j < ny; j++) seen |= years[j] == y;
      if (!seen && ny < sizeof years / sizeof *years) years[ny++] = y;
    }
  qsort(years, ny, sizeof *years, cmp_int);
  out_col *cols = xcalloc(m->field_count * (ny + 1) + 1, sizeof *cols);
  size_t nc = 0;
  const map_field *experts = NULL, *honors = NULL;
  bool mapped[F_COUNT] = {false};
  for (size_t f = 0; f < m->field_count; f++) {
    const map_field *mf = &m->fields[f];
    if (mapped[mf->id] || mf->id == F_FINANCE_YEAR) continue;
    mapped[mf->id] = true;
    if (mf->kind == KIND_AMOUNT) {
      for (size_t y = 0; y < ny; y++) cols[nc++] = (out_col){mf, years[y]};
    } else {
      cols[nc++] = (out_col){mf, 0};
      if (mf->kind == KIND_EXPERTS) experts = mf;
      if (mf->kind == KIND_HONORS) honors = mf;
    }
  }
  int rc = 1;
  for (int f = 0; f < F_COUNT; f++) {
    if (mapped[f] || f == F_FINANCE_YEAR) continue;
    bool used = false;
    for (size_t i = 0; i < r->applicant_count && !used; i++) {
      xmlNode *app = inp_applicant_xml(r, i), *e = child_el(app, "enterprise");
      used = f == F_EXPERT ? child_el(child_el(child_el(app, "review"), "on-site"), "expert") != NULL
             : f == F_HONOR ? child_el(e, "honor") != NULL
             : (f >= F_TOTAL_ASSETS && f <= F_TAX) ? child_el(e, "finance") != NULL
                                                   : text_of(a, app, (field_id)f) != NULL;
    }
    if (used) {
      diag_error(diag, ((src_loc){m->path, 0, 0, NULL}),
                 L("the mapping has no column for %s, which the round uses: it would be lost",
                   "列映射中没有 %s 列，而评审结果中有该项：导出会丢失数据"),
                 imp_fields[f].name);
      goto fail;
    }
  }

  char *temp = outfile_temp_path(output);
  lxw_workbook *wb = workbook_new(temp);
  if (!wb) {
    diag_error(diag, ((src_loc){output, 0, 0, NULL}), L("cannot create the workbook", "无法创建工作簿"));
    free(temp);
    rc = 3;
    goto fail;
  }
  lxw_worksheet *ws = workbook_add_worksheet(wb, L("Round", "评审结果"));
  lxw_format *text = workbook_add_format(wb), *wrap = workbook_add_format(wb),
             *date = workbook_add_format(wb), *head = workbook_add_format(wb);
  format_set_num_format(text, "@"); /* codes and phones stay text when retyped */
  format_set_text_wrap(wrap);
  format_set_num_format(date, "yyyy-mm-dd");
  format_set_bold(head);
  format_set_text_wrap(head);
  char title[256];
  snprintf(title, sizeof title, L("%s %d年第%d批 review round (yinfa export)", "%s %d年第%d批评审结果（yinfa export）"),
           r->program, r->year, r->round);
  worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(nc ? nc - 1 : 0), title, head);
  for (size_t c = 0; c < nc; c++) {
    const map_field *f = cols[c].field;
    char h[256];
    if (f->kind == KIND_AMOUNT) snprintf(h, sizeof h, "%d年%s（万元）", cols[c].year, f->headers[0]);
    else snprintf(h, sizeof h, "%s", f->headers[0]);
    worksheet_write_string(ws, 1, (lxw_col_t)c, h, head);
    worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
                         f->kind == KIND_PARAGRAPHS ? 40 : f->kind == KIND_AMOUNT ? 14 : 20,
                         f->kind == KIND_CODE || f->kind == KIND_PHONE ? text : NULL);
  }
  worksheet_freeze_panes(ws, 2, 0);
  strbuf cell;
  strbuf_init(&cell);
  bool too_long = false;
  for (size_t i = 0; i < r->applicant_count; i++) {
    lxw_row_t row = (lxw_row_t)(i + 2);
    xmlNode *app = inp_applicant_xml(r, i), *ent = child_el(app, "enterprise");
    for (size_t c = 0; c < nc; c++) {
      const map_field *f = cols[c].field;
      lxw_col_t col = (lxw_col_t)c;
      strbuf_reset(&cell);
      double v;
      if (f->kind == KIND_AMOUNT) {
        for (xmlNode *fin = child_el(ent, "finance"); fin; fin = fin->next) {
          const char *yt = is_el(fin, "finance") ? value_of(a, fin, "year") : NULL;
          const char *am = yt && atoi(yt) == cols[c].year ? value_of(a, fin, AMOUNT_ATTR[f->id - F_TOTAL_ASSETS]) : NULL;
          if (!am) continue;
          if (exact_number(am, &v)) worksheet_write_number(ws, row, col, v, NULL);
          else worksheet_write_string(ws, row, col, am, NULL);
        }
        continue;
      }
      if (f == experts) {
        size_t k = 0;
        for (xmlNode *e = child_el(child_el(child_el(app, "review"), "on-site"), "expert"); e; e = e->next) {
          if (!is_el(e, "expert")) continue;
          const char *name = value_of(a, e, "name"), *role = value_of(a, e, "role");
          strbuf_append(&cell, k++ ? "、" : "");
          strbuf_append(&cell, name ? name : "");
          if (role && !(f->role && strcmp(f->role, role) == 0)) strbuf_printf(&cell, "（%s）", role);
        }
      } else if (f == honors) {
        size_t k = 0;
        for (xmlNode *h = child_el(ent, "honor"); h; h = h->next) {
          if (!is_el(h, "honor")) continue;
          const char *ht = value_of(a, h, NULL), *level = value_of(a, h, "level"), *year = value_of(a, h, "year");
          strbuf_append(&cell, k++ ? "\n" : "");
          strbuf_append(&cell, ht ? ht : "");
          if (level && year) strbuf_printf(&cell, "（%s，%s）", level, year);
          else if (level || year) strbuf_printf(&cell, "（%s）", level ? level : year);
        }
      } else {
        const char *t = text_of(a, app, f->id);
        if (!t) continue;
        if (f->kind == KIND_DATE) {
          inp_date d;
          if (inp_date_parse(t, &d)) {
            lxw_datetime dt = {d.year, d.month, d.day, 0, 0, 0};
            worksheet_write_datetime(ws, row, col, &dt, date);
            continue;
          }
        }
        if (f->kind == KIND_PERCENT && exact_number(t, &v)) {
          worksheet_write_number(ws, row, col, v, NULL);
          continue;
        }
        strbuf_append(&cell, f->kind == KIND_CHOICE ? choice_word(f, t) : t);
      }
      if (cell.len &&
          worksheet_write_string(ws, row, col, strbuf_str(&cell), f->kind == KIND_PARAGRAPHS || f == honors ? wrap : NULL) ==
              LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) {
        diag_error(diag, r->applicants[i].loc, L("%s is longer than the 32,767 characters an Excel cell holds: shorten it first",
                                   "%s 超过 Excel 单元格上限 32767 个字符：请先缩短"),
                   f->headers[0]);
        too_long = true;
      }
    }
  }
  strbuf_release(&cell);
  lxw_error err = workbook_close(wb);
  if (too_long) {
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
  free(temp);
fail:
  free(cols);
  arena_free(a);
  return rc;
}
