/* Where the table is on a sheet: the header row(s) (merged cells, two rows, labels and years), a
 * unit row, the title rows above (the review year, 第N批, a 单位：元 line, the sheet's value of
 * a from-sheet field), which rows hold data (not 合计, notes or a repeated header), and the count
 * of applicants a 合计 row states (共8家). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "import/import_private.h"
#include "text/text.h"

/* The mapping, the arena and the sink every function here reads. */
typedef struct {
  const imp_mapping *m;
  arena *a;
  diag_sink *diag;
} gather;

/* ---- Header texts ---- */

/* Takes a year ("2021年", "2021年度", "2021") and a unit in brackets ("(万元)", "(元)", "(%)") out
 * of a normalized label; returns what is left (arena). */
static const char *strip_label(arena *a, const char *label, int *year, const char **unit) {
  strbuf b;
  strbuf_init(&b);
  for (const char *p = label; *p;) {
    if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
        isdigit((unsigned char)p[3]) && !isdigit((unsigned char)p[4]) && (p == label || !isdigit((unsigned char)p[-1]))) {
      int y = atoi(p);
      if (y >= 1900 && y <= 2199) {
        *year = y;
        p += 4;
        if (strncmp(p, "年度", 6) == 0) p += 6;
        else if (strncmp(p, "年", 3) == 0) p += 3;
        continue;
      }
    }
    if (*p == '(') {
      const char *close = strchr(p, ')');
      if (close) {
        size_t n = (size_t)(close - p - 1);
        char inner[64];
        if (n < sizeof inner) {
          memcpy(inner, p + 1, n);
          inner[n] = '\0';
          const char *u = strstr(inner, "万元") ? "万元" : strstr(inner, "元") ? "元" : NULL;
          if (u || strcmp(inner, "%") == 0 || strstr(inner, "单位")) {
            if (u) *unit = u;
            p = close + 1;
            continue;
          }
        }
      }
    }
    strbuf_putc(&b, *p++);
  }
  const char *r = arena_strdup(a, strbuf_str(&b));
  strbuf_release(&b);
  return r;
}

/* A header cell's text as the office wrote it, on one line (统一社会\n信用代码 → 统一社会信用代码). */
static const char *header_text(arena *a, const char *raw) {
  if (!raw) return NULL;
  strbuf b;
  strbuf_init(&b);
  for (const char *p = raw; *p; p++) {
    if (*p == '\n' || *p == '\r') {
      while (b.len && b.data[b.len - 1] == ' ') b.data[--b.len] = '\0';
      while (p[1] == ' ' || p[1] == '\n' || p[1] == '\r') p++;
      continue;
    }
    strbuf_putc(&b, *p);
  }
  size_t n;
  const char *t = imp_trim(strbuf_str(&b), &n);
  const char *r = arena_strndup(a, t, n);
  strbuf_release(&b);
  return r;
}

static const map_field *find_field(const imp_mapping *m, const char *label) {
  if (!*label) return NULL;
  for (size_t i = 0; i < m->column_count; i++)
    for (size_t h = 0; h < m->columns[i]->header_count; h++)
      if (strcmp(m->columns[i]->headers[h], label) == 0) return m->columns[i];
  return NULL;
}

/* The field a header text names, with its year and unit. */
static const map_field *match_label(gather *g, const char *raw, int *year, const char **unit) {
  if (!raw) return NULL;
  const char *stripped = strip_label(g->a, imp_normalize_label(g->a, raw), year, unit);
  return find_field(g->m, stripped);
}

const char *imp_cell_text(const imp_sheet *s, int r, int c) {
  if (r < 0 || r >= s->rows || c < 0 || c >= s->cols) return NULL;
  const imp_cell *cell = sheet_cell(s, r, c);
  /* "" only for a formula never calculated, which must still be reported */
  return cell->text && (*cell->text || cell->type == CELL_ERROR) ? cell->text : NULL;
}

/* A unit cell: 万元, 元, (万元), 单位：万元, %. */
static const char *unit_word(gather *g, const char *raw) {
  const char *n = imp_normalize_label(g->a, raw);
  const char *colon = strstr(n, ":");
  if (colon && strstr(n, "单位")) n = colon + 1;
  if (*n == '(') n++;
  if (strncmp(n, "万元", 6) == 0 && (!n[6] || n[6] == ')')) return "万元";
  if (strncmp(n, "元", 3) == 0 && (!n[3] || n[3] == ')')) return "元";
  if (strcmp(n, "%") == 0 || strcmp(n, "(%)") == 0) return "%";
  return NULL;
}

static int label_matches(gather *g, const imp_sheet *s, int r) {
  int n = 0;
  for (int c = 0; c < s->cols; c++) {
    int y = 0;
    const char *u = NULL;
    if (match_label(g, imp_cell_text(s, r, c), &y, &u)) n++;
  }
  return n;
}

static bool row_is_unit_row(gather *g, const imp_sheet *s, int r) {
  int units = 0;
  for (int c = 0; c < s->cols; c++) {
    const char *t = imp_cell_text(s, r, c);
    if (!t) continue;
    if (!unit_word(g, t)) return false;
    units++;
  }
  return units > 0;
}

/* "…（盖章）：魏都区" above the table: the value of the from-sheet field for the sheet's rows; one
 * outside the program's list (魏都) is an error at its cell with the nearest name. */
static void sheet_label_value(gather *g, imp_layout *L, const char *cell_text, const char *v, int r, int c) {
  const map_field *f = g->m->sheet_field >= 0 ? &g->m->fields[g->m->sheet_field] : NULL;
  const char *where = imp_cell_where(g->a, L->sheet, r, c);
  const char *typed = strstr(cell_text, "：") ? strstr(cell_text, "：") + 3 : strchr(cell_text, ':') ? strchr(cell_text, ':') + 1 : v;
  size_t n;
  typed = imp_trim(typed, &n);
  typed = arena_strndup(g->a, typed, n);
  if (f && f->kind == KIND_ENUM) {
    const char *is = imp_enum_value(g->a, f, typed);
    if (!is) {
      imp_enum_error(g->diag, ((src_loc){where, 0, 0, NULL}), g->a, f, NULL, typed);
      return;
    }
    v = is;
  } else {
    v = arena_strdup(g->a, v);
  }
  L->sheet_value = v, L->sheet_value_where = where;
}

/* A line "LABEL：value" above the table whose label is one of the mapping's with a slip
 * (（盖张） for （盖章）): one error at its cell naming the label meant, instead of one "no
 * 县(市、区)" per applicant of the sheet (one fault, one message). */
static void label_slip(gather *g, imp_layout *L, const char *n, size_t k, int r, int c) {
  char *typed = arena_strndup(g->a, n, k);
  const char *nearest = NULL;
  size_t best = (size_t)-1, len = 0;
  for (const char *p = typed; *p; p++) len += ((unsigned char)*p & 0xC0) != 0x80;
  for (size_t i = 0; i < g->m->sheet_label_count; i++) {
    size_t d = txt_edit_distance(typed, g->m->sheet_labels[i]);
    if (d < best) best = d, nearest = g->m->sheet_labels[i];
  }
  if (!nearest || best == 0 || best > 1 + len / 9) return;
  L->sheet_label_slip = true;
  if (!g->diag) return;
  diag_error(g->diag, ((src_loc){imp_cell_where(g->a, L->sheet, r, c), 0, 0, NULL}),
             L("\"%s\" is not a label the mapping knows — did you mean %s? The value after it is what this "
               "sheet's rows lack: correct the label",
               "“%s”不是列映射中的标签——是否为 %s？此工作表各行所缺的值就在其后：请改正该标签"),
             typed, nearest);
}

/* A 盖章 line naming another of the program's values than the sheet's name (sheet 建安区, A2
 * "…（盖章）：魏都区"): one of the two is wrong, and taking either would move the sheet's
 * applicants silently; an error at the cell naming both. */
static void sheet_name_agrees(gather *g, const imp_layout *L) {
  const map_field *f = g->m->sheet_field >= 0 ? &g->m->fields[g->m->sheet_field] : NULL;
  if (!f || f->kind != KIND_ENUM || !g->diag) return;
  const char *named = imp_enum_value(g->a, f, L->sheet->name);
  if (!named || strcmp(named, L->sheet_value) == 0) return;
  diag_error(g->diag, ((src_loc){L->sheet_value_where, 0, 0, NULL}),
             L("this line says %s but the sheet is named %s: which is it? Correct the line or the sheet's "
               "name (its applicants would otherwise go to the wrong %s)",
               "此行写的是 %s，但工作表名为 %s：究竟是哪一个？请改正此行或工作表名（否则其申报单位会被归入错误的%s）"),
             L->sheet_value, L->sheet->name, f->label ? f->label : f->name);
}

/* Looks above the header for the from-sheet field's value ("县级工业和信息化主管部门（盖章）：魏都区"), the review
 * year of the title ("许昌市2022年…汇总表") and a table-wide unit ("单位：元"). */
static void read_title_rows(gather *g, imp_layout *L) {
  const imp_sheet *s = L->sheet;
  for (int r = 0; r < L->header_row; r++)
    for (int c = 0; c < s->cols; c++) {
      const char *t = imp_cell_text(s, r, c);
      if (!t || sheet_cell(s, r, c)->merged) continue;
      const char *n = imp_normalize_label(g->a, t);
      const char *colon = strchr(n, ':');
      if (colon) {
        size_t k = (size_t)(colon - n);
        bool known = false;
        for (size_t i = 0; i < g->m->sheet_label_count; i++) {
          const char *lab = g->m->sheet_labels[i];
          if (strlen(lab) == k && strncmp(lab, n, k) == 0) {
            const char *v = colon + 1;
            while (*v == '_') v++;
            if (*v) sheet_label_value(g, L, t, v, r, c);
            known = true;
          }
        }
        if (!known) label_slip(g, L, n, k, r, c);
        if (strstr(n, "单位") && unit_word(g, t)) L->default_unit = unit_word(g, t);
      }
      const char *batch = strstr(n, "第");
      if (!L->title_round && batch && isdigit((unsigned char)batch[3])) {
        int k = atoi(batch + 3);
        const char *q = batch + 3;
        while (isdigit((unsigned char)*q)) q++;
        if (strncmp(q, "批", 3) == 0 && k >= 1 && k <= 9999) L->title_round = k;
      }
      if (!L->title_year)
        for (const char *p = n; *p; p++)
          if (isdigit((unsigned char)p[0]) && strncmp(p + 4, "年", 3) == 0 && (p == n || !isdigit((unsigned char)p[-1]))) {
            int y = atoi(p);
            if (y >= 1900 && y <= 2199) L->title_year = y;
            break;
          }
    }
  if (L->sheet_value && s->name) sheet_name_agrees(g, L);
  if (!L->sheet_value && s->name) {
    /* a sheet per county (city, ...): its name is the value when it is one of the program's
     * (历年经济指标, 评审结果 are names of other sheets, never a county); without a list, unless
     * it is a default name */
    const map_field *f = g->m->sheet_field >= 0 ? &g->m->fields[g->m->sheet_field] : NULL;
    const char *n = imp_normalize_label(g->a, s->name);
    bool generic = strncmp(n, "SHEET", 5) == 0 || strncmp(n, "工作表", 9) == 0;
    if (f && f->kind == KIND_ENUM) {
      const char *v = imp_enum_value(g->a, f, s->name);
      if (v) L->sheet_value = v, L->sheet_value_where = imp_cell_where(g->a, s, 0, 0);
    } else if (!generic) {
      L->sheet_value = s->name, L->sheet_value_where = imp_cell_where(g->a, s, 0, 0);
    }
  }
}

/* A header the mapping does not know, over a column with data: its values would be left out
 * without a word. Kept for imp_warn_unknown_headers(), which names each once after the rows'
 * own messages. */
static void unknown_header(gather *g, imp_layout *L, int c, const char *text, int r) {
  const imp_sheet *s = L->sheet;
  bool data = false;
  for (int k = L->header_row + L->header_rows; k < s->rows && !data; k++) data = imp_cell_text(s, k, c) != NULL;
  if (!data) return;
  const char *typed = imp_normalize_label(g->a, text);
  for (size_t i = 0; i < g->m->ignored_count; i++)
    if (strcmp(g->m->ignored[i], typed) == 0) return;
  imp_unknown *u = arena_alloc(g->a, sizeof *u);
  *u = (imp_unknown){text, typed, r, c, L->unknown};
  L->unknown = u;
}

void imp_warn_unknown_headers(const imp_mapping *m, arena *a, diag_sink *diag, const imp_layout *layouts,
                              size_t count) {
  for (size_t i = 0; i < count; i++)
    for (const imp_unknown *u = layouts[i].unknown; u; u = u->next) {
      bool earlier = false; /* the same header on another sheet of the file: named once */
      for (size_t j = 0; j < i && !earlier; j++)
        for (const imp_unknown *v = layouts[j].unknown; v && !earlier; v = v->next)
          earlier = strcmp(v->typed, u->typed) == 0 && layouts[j].sheet->file == layouts[i].sheet->file;
      if (earlier) continue;
      strbuf near;
      strbuf_init(&near);
      size_t len = strlen(u->typed);
      for (size_t k = 0; k < m->column_count; k++) {
        const map_field *f = m->columns[k];
        for (size_t h = 0; h < f->header_count; h++) {
          size_t d = txt_edit_distance(u->typed, f->headers[h]);
          if ((strlen(f->headers[h]) >= 6 && strstr(u->typed, f->headers[h])) || d <= 1 + len / 9) {
            strbuf_printf(&near, "%s%s", near.len ? L(", ", "、") : "", imp_field_label(f));
            break;
          }
        }
      }
      char ref[16];
      imp_cell_ref(u->row, u->col, ref);
      src_loc at = {imp_cell_where(a, layouts[i].sheet, u->row, u->col), 0, 0, NULL};
      if (near.len)
        diag_warning(diag, at, L("header \"%s\" (%s) is not one the mapping knows, so its column is not "
                                 "imported; accepted: %s",
                                 "表头“%s”（%s）未识别，该列未导入；可用：%s"),
                     u->text, ref, strbuf_str(&near));
      else
        diag_warning(diag, at, L("header \"%s\" (%s) is not one the mapping knows, so its column is not "
                                 "imported (the headers it knows: %s)",
                                 "表头“%s”（%s）未识别，该列未导入（可用的表头见 %s）"),
                     u->text, ref, m->path);
      strbuf_release(&near);
    }
}

static bool read_layout(gather *g, const imp_sheet *s, imp_layout *L) {
  memset(L, 0, sizeof *L);
  L->sheet = s;
  if (s->rows == 0) return false;
  int h = -1;
  for (int r = 0; r < s->rows && r < 30 && h < 0; r++)
    if (label_matches(g, s, r) >= 2) h = r;
  if (h < 0) {
    diag_warning(g->diag, ((src_loc){s->name ? imp_cell_where(g->a, s, 0, 0) : s->file, 0, 0, NULL}),
                 L("skipped: none of the first 30 rows has two column headers of the mapping %s",
                   "已跳过：前 30 行中没有一行含有列映射 %s 中的两个表头"),
                 g->m->path);
    return false;
  }
  L->header_row = h;
  L->header_rows = 1;
  /* A second header row: cells merged down from the header, or a row of labels and years. */
  if (h + 1 < s->rows) {
    bool merged_down = false, all_labels = true, any = false;
    for (int c = 0; c < s->cols; c++) {
      const imp_cell *cell = sheet_cell(s, h + 1, c);
      if (!cell->text) continue;
      any = true;
      if (cell->merged && cell->text == sheet_cell(s, h, c)->text) {
        merged_down = true;
        continue;
      }
      int y = 0;
      const char *u = NULL;
      if (!match_label(g, cell->text, &y, &u) && !y) all_labels = false;
    }
    if (any && (merged_down || all_labels) && !row_is_unit_row(g, s, h + 1)) L->header_rows = 2;
  }
  L->cols = arena_alloc(g->a, (size_t)s->cols * sizeof *L->cols + 1);
  const char *carried = NULL; /* an upper label spanning columns without merged cells (CSV) */
  for (int c = 0; c < s->cols; c++) {
    const char *up = imp_cell_text(s, h, c), *low = L->header_rows == 2 ? imp_cell_text(s, h + 1, c) : NULL;
    if (up) carried = up;
    else if (low) up = carried;
    if (low == up) low = NULL;
    int y = 0;
    const char *u = NULL;
    const map_field *f = NULL;
    /* the lower text alone, then both together, then the upper alone */
    const char *as_both = NULL;
    if (low) {
      int yu = 0;
      const char *uu = NULL;
      f = match_label(g, low, &y, &u);
      if (f) match_label(g, up, &yu, &uu), y = y ? y : yu, u = u ? u : uu;
    }
    if (!f && low && up) {
      strbuf both;
      strbuf_init(&both);
      strbuf_printf(&both, "%s%s", up, low);
      f = match_label(g, strbuf_str(&both), &y, &u);
      if (f) as_both = arena_strdup(g->a, strbuf_str(&both));
      strbuf_release(&both);
    }
    const char *as_written = low;
    if (!f && low && up) as_written = NULL; /* both, joined below */
    if (!f) y = 0, u = NULL, f = match_label(g, up, &y, &u), as_written = up;
    const char *key = NULL;
    if (f && f->group && f->fixed_key) key = f->fixed_key;
    else if (f && f->group && y) {
      char yb[16];
      snprintf(yb, sizeof yb, "%d", y);
      key = arena_strdup(g->a, yb);
    }
    L->cols[c] = (imp_column){f, key, u, f ? header_text(g->a, as_both ? as_both : as_written) : NULL};
    if (!f && (low || up)) unknown_header(g, L, c, low ? low : up, low ? h + 1 : h);
  }
  /* the columns that identify an applicant and those holding a group's key (年度) */
  L->match_col = arena_alloc(g->a, (g->m->match_count + 1) * sizeof *L->match_col);
  L->key_col = arena_alloc(g->a, (g->m->group_count + 1) * sizeof *L->key_col);
  for (size_t k = 0; k < g->m->match_count; k++) {
    L->match_col[k] = -1;
    for (int c = s->cols - 1; c >= 0; c--)
      if (L->cols[c].field == g->m->match[k]) L->match_col[k] = c;
  }
  for (size_t k = 0; k < g->m->group_count; k++) {
    const map_group *gr = &g->m->groups[k];
    L->key_col[k] = -1;
    for (int c = s->cols - 1; c >= 0 && gr->key_field >= 0; c--)
      if (L->cols[c].field == &gr->fields[gr->key_field]) L->key_col[k] = c;
  }
  L->first_data_row = h + L->header_rows;
  if (L->first_data_row < s->rows && row_is_unit_row(g, s, L->first_data_row)) {
    for (int c = 0; c < s->cols; c++) {
      const char *t = imp_cell_text(s, L->first_data_row, c);
      const char *u = t ? unit_word(g, t) : NULL;
      if (u && strcmp(u, "%") != 0) L->cols[c].unit = u;
    }
    L->first_data_row++;
  }
  read_title_rows(g, L);
  for (int c = 0; c < s->cols; c++)
    if (L->cols[c].field && L->cols[c].field->kind == KIND_AMOUNT && !L->cols[c].unit)
      L->cols[c].unit = L->default_unit ? L->default_unit : L->cols[c].field->unit;
  return true;
}

/* ---- Rows ---- */

static bool row_blank(const imp_sheet *s, int r) {
  for (int c = 0; c < s->cols; c++)
    if (imp_cell_text(s, r, c)) {
      size_t n;
      imp_trim(imp_cell_text(s, r, c), &n);
      if (n) return false;
    }
  return true;
}

/* 合计/总计 rows, notes under the table, and a header repeated on a later page are not data. */
static bool row_not_data(gather *g, const imp_layout *L, int r) {
  const imp_sheet *s = L->sheet;
  int seen = 0, filled = 0;
  for (int c = 0; c < s->cols; c++)
    if (imp_cell_text(s, r, c)) filled++;
  for (int c = 0; c < s->cols && seen < 3; c++) {
    const char *t = imp_cell_text(s, r, c);
    if (!t) continue;
    seen++;
    const char *n = imp_normalize_label(g->a, t);
    static const char *const totals[] = {"合计", "总计", "小计", "共计", "累计"};
    for (size_t i = 0; i < sizeof totals / sizeof *totals; i++)
      if (strncmp(n, totals[i], strlen(totals[i])) == 0) return true;
    static const char *const notes[] = {"注:", "注1", "备注:", "说明:", "填表说明", "填表人", "制表人", "审核人", "联系人:"};
    if (seen == 1 && filled <= 2)
      for (size_t i = 0; i < sizeof notes / sizeof *notes; i++)
        if (strncmp(n, notes[i], strlen(notes[i])) == 0) return true;
  }
  return label_matches(g, s, r) >= 2 && r > L->header_row;
}


bool imp_read_layout(const imp_mapping *m, arena *a, diag_sink *diag, const imp_sheet *s, imp_layout *L) {
  gather g = {m, a, diag};
  return read_layout(&g, s, L);
}

bool imp_row_is_data(const imp_mapping *m, const imp_layout *L, int r) {
  /* the texts compared here are dropped with the row: in the import's arena they took 42 MB of
   * 187 at 5,000 applicants (massif), about 400 MB at 50,000 */
  arena *scratch = arena_new();
  gather g = {m, scratch, NULL};
  bool data = !row_blank(L->sheet, r) && !row_not_data(&g, L, r);
  arena_free(scratch);
  return data;
}

/* Whether the number at 'p' (in 'n') is the row's count: at the cell's start or after 共, 计 or a
 * colon; "重点企业3家" counts a part. */
static bool count_starts(const char *n, const char *p) {
  static const char *const before[] = {"共", "计", ":", "合计", "总计"};
  if (p == n) return true;
  for (size_t i = 0; i < sizeof before / sizeof *before; i++) {
    size_t k = strlen(before[i]);
    if ((size_t)(p - n) >= k && memcmp(p - k, before[i], k) == 0) return true;
  }
  return false;
}

/* The count in a 合计 cell: 共8家, 8家, 共8个, 共8项 (an N个/N项 followed by other words, 8个项目,
 * may count projects, not applicants: left alone). -1 when the text states none. */
static long count_in(const char *n) {
  for (const char *p = n; *p; p++) {
    if (*p < '0' || *p > '9' || (p > n && p[-1] >= '0' && p[-1] <= '9') || !count_starts(n, p)) continue;
    char *end;
    long v = strtol(p, &end, 10);
    if (strncmp(end, "家", strlen("家")) == 0) return v;
    bool unit = strncmp(end, "个", strlen("个")) == 0 || strncmp(end, "项", strlen("项")) == 0;
    const char *after = end + (unit ? strlen("个") : 0);
    static const char *const fine[] = {"", "单位", "企业", ",", ";", ")", "。", "、"};
    for (size_t i = 0; unit && i < sizeof fine / sizeof *fine; i++)
      if (*fine[i] ? strncmp(after, fine[i], strlen(fine[i])) == 0 : *after == '\0') return v;
  }
  return -1;
}

int imp_stated_count(const imp_mapping *m, const imp_layout *L, int *col, long *count) {
  const imp_sheet *s = L->sheet;
  arena *scratch = arena_new();
  int found = -1;
  for (int r = L->first_data_row; r < s->rows && found < 0; r++) {
    bool total = false;
    for (int c = 0, seen = 0; c < s->cols && seen < 3 && !total; c++) {
      const char *t = imp_cell_text(s, r, c);
      if (!t) continue;
      seen++;
      const char *n = imp_normalize_label(scratch, t);
      total = strncmp(n, "合计", strlen("合计")) == 0 || strncmp(n, "总计", strlen("总计")) == 0 ||
              strncmp(n, "共计", strlen("共计")) == 0;
    }
    for (int c = 0; c < s->cols && total && found < 0; c++) {
      const char *t = imp_cell_text(s, r, c);
      if (!t || (c > 0 && s->cells && imp_cell_text(s, r, c - 1) == t)) continue; /* a merge's copies */
      long v = count_in(imp_normalize_label(scratch, t));
      if (v >= 0) found = r, *col = c, *count = v;
    }
  }
  (void)m;
  arena_free(scratch);
  return found;
}
