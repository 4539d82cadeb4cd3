/* Sheets → applicants: find the header rows (merged cells, two rows, a unit row), map columns
 * through the mapping, clean every cell by its field's kind, and bring the rows of one
 * applicant together from any sheet. Every problem names its cell. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "import/import_private.h"
#include "input/input.h"
#include "text/text.h"

/* What one column of a sheet holds. */
typedef struct {
  const map_field *field; /* NULL: not mapped */
  int year;               /* an amount's finance year from the header ("2021年"), else 0 */
  const char *unit;       /* "万元"/"元" from the header or a unit row, else NULL */
} column;

typedef struct {
  const imp_sheet *sheet;
  column *cols;
  int header_row, header_rows; /* header_rows 0: no header found */
  int first_data_row;
  const char *county, *county_where; /* from a "…（盖章）：魏都区" cell or the sheet's name */
  int title_year, title_round;         /* "2022年", "第2批" in a title row */
  const char *default_unit;          /* "单位：元" above the table */
  int col_of[F_COUNT];               /* first column of each one-value field, or -1 */
} layout;

typedef struct {
  const imp_mapping *m;
  arena *a;
  diag_sink *diag;
  imp_app **apps;
  size_t count, cap;
  int year;
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

static const map_field *find_field(const imp_mapping *m, const char *label) {
  if (!*label) return NULL;
  for (size_t i = 0; i < m->field_count; i++)
    for (size_t h = 0; h < m->fields[i].header_count; h++)
      if (strcmp(m->fields[i].headers[h], label) == 0) return &m->fields[i];
  return NULL;
}

/* The field a header text names, with its year and unit. */
static const map_field *match_label(gather *g, const char *raw, int *year, const char **unit) {
  if (!raw) return NULL;
  const char *stripped = strip_label(g->a, imp_normalize_label(g->a, raw), year, unit);
  return find_field(g->m, stripped);
}

static const char *cell_text(const imp_sheet *s, int r, int c) {
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
    if (match_label(g, cell_text(s, r, c), &y, &u)) n++;
  }
  return n;
}

static bool row_is_unit_row(gather *g, const imp_sheet *s, int r) {
  int units = 0;
  for (int c = 0; c < s->cols; c++) {
    const char *t = cell_text(s, r, c);
    if (!t) continue;
    if (!unit_word(g, t)) return false;
    units++;
  }
  return units > 0;
}

/* Looks above the header for the county ("县级工业和信息化主管部门（盖章）：魏都区"), the review
 * year of the title ("许昌市2022年…汇总表") and a table-wide unit ("单位：元"). */
static void read_title_rows(gather *g, layout *L) {
  const imp_sheet *s = L->sheet;
  for (int r = 0; r < L->header_row; r++)
    for (int c = 0; c < s->cols; c++) {
      const char *t = cell_text(s, r, c);
      if (!t || sheet_cell(s, r, c)->merged) continue;
      const char *n = imp_normalize_label(g->a, t);
      const char *colon = strchr(n, ':');
      if (colon) {
        size_t k = (size_t)(colon - n);
        for (size_t i = 0; i < g->m->county_label_count; i++) {
          const char *lab = g->m->county_labels[i];
          if (strlen(lab) == k && strncmp(lab, n, k) == 0) {
            const char *v = colon + 1;
            while (*v == '_') v++;
            if (*v) L->county = arena_strdup(g->a, v), L->county_where = imp_cell_where(g->a, s, r, c);
          }
        }
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
  if (!L->county && s->name) {
    /* a sheet per county: its name is the county, unless it is a default name */
    const char *n = imp_normalize_label(g->a, s->name);
    bool generic = strncmp(n, "SHEET", 5) == 0 || strncmp(n, "工作表", 9) == 0;
    if (!generic) L->county = s->name, L->county_where = imp_cell_where(g->a, s, 0, 0);
  }
}

/* Finds the header row(s) and what each column holds. False (with a warning) when the sheet
 * has no header the mapping knows: it is skipped. */
static bool read_layout(gather *g, const imp_sheet *s, layout *L) {
  memset(L, 0, sizeof *L);
  L->sheet = s;
  for (int f = 0; f < F_COUNT; f++) L->col_of[f] = -1;
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
    const char *up = cell_text(s, h, c), *low = L->header_rows == 2 ? cell_text(s, h + 1, c) : NULL;
    if (up) carried = up;
    else if (low) up = carried;
    if (low == up) low = NULL;
    int y = 0;
    const char *u = NULL;
    const map_field *f = NULL;
    /* the lower text alone, then both together, then the upper alone */
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
      strbuf_release(&both);
    }
    if (!f) y = 0, u = NULL, f = match_label(g, up, &y, &u);
    L->cols[c] = (column){f, y, u};
    if (f && L->col_of[f->id] < 0) L->col_of[f->id] = c;
  }
  L->first_data_row = h + L->header_rows;
  if (L->first_data_row < s->rows && row_is_unit_row(g, s, L->first_data_row)) {
    for (int c = 0; c < s->cols; c++) {
      const char *t = cell_text(s, L->first_data_row, c);
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
    if (cell_text(s, r, c)) {
      size_t n;
      imp_trim(cell_text(s, r, c), &n);
      if (n) return false;
    }
  return true;
}

/* 合计/总计 rows, notes under the table, and a header repeated on a later page are not data. */
static bool row_not_data(gather *g, const layout *L, int r) {
  const imp_sheet *s = L->sheet;
  int seen = 0, filled = 0;
  for (int c = 0; c < s->cols; c++)
    if (cell_text(s, r, c)) filled++;
  for (int c = 0; c < s->cols && seen < 3; c++) {
    const char *t = cell_text(s, r, c);
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

static src_loc at_cell(gather *g, const imp_sheet *s, int r, int c, const char *applicant) {
  return (src_loc){imp_cell_where(g->a, s, r, c), 0, 0, applicant};
}

static const char *header_name(const map_field *f) {
  return f->header_count ? f->headers[0] : f->name;
}

/* Excel keeps 15 significant digits: a code typed as a number has lost the rest, and shows
 * as 9.14110E+17. A text cell holding that display form is the same loss, copied. */
static bool looks_like_lost_number(const imp_cell *cell) {
  if (cell->type == CELL_NUMBER) return true;
  const char *t = cell->text;
  const char *e = strpbrk(t, "eE");
  if (!e || (e[1] != '+' && !isdigit((unsigned char)e[1]))) return false;
  for (const char *p = t; p < e; p++)
    if (!isdigit((unsigned char)*p) && *p != '.') return false;
  return true;
}

/* An Excel error (#N/A, #REF!) or a formula without a saved value. */
static void report_error_cell(gather *g, src_loc at, const map_field *f, const imp_cell *cell) {
  if (*cell->text)
    diag_error(g->diag, at, L("%s shows the Excel error %s: correct the formula or type the value",
                              "%s 显示 Excel 错误 %s：请改正公式或直接填写数值"),
               header_name(f), cell->text);
  else
    diag_error(g->diag, at, L("%s is a formula whose value was never saved: open the file in Excel or WPS and save it again",
                              "%s 是公式但没有保存计算结果：请用 Excel 或 WPS 打开后重新保存"),
               header_name(f));
}

/* Cleans one cell for a one-value field. Returns the value (arena) or NULL after reporting. */
static const char *clean_value(gather *g, const layout *L, int r, int c, const char *label) {
  const imp_sheet *s = L->sheet;
  const imp_cell *cell = sheet_cell(s, r, c);
  const map_field *f = L->cols[c].field;
  src_loc at = at_cell(g, s, r, c, label);
  if (cell->type == CELL_ERROR) {
    report_error_cell(g, at, f, cell);
    return NULL;
  }
  strbuf b;
  strbuf_init(&b);
  const char *result = NULL;
  size_t n;
  const char *t;
  char num[64];
  switch (f->kind) {
    case KIND_CODE:
      if (looks_like_lost_number(cell)) {
        diag_error(g->diag, at,
                   L("%s %s is stored as a number, so Excel has kept only 15 digits and lost the "
                     "rest: format the column as Text (文本) and type the codes again",
                     "%s %s 存成了数字，Excel 只保留 15 位有效数字，其余已丢失：请把该列设置为“文本”格式后重新录入"),
                   header_name(f), cell->text);
        break;
      }
      imp_ascii_forms(&b, cell->text);
      {
        strbuf code;
        strbuf_init(&code);
        for (const char *p = strbuf_str(&b); *p; p++)
          if (!isspace((unsigned char)*p)) strbuf_putc(&code, (char)toupper((unsigned char)*p));
        result = arena_strdup(g->a, strbuf_str(&code));
        strbuf_release(&code);
      }
      if (f->id == F_CREDIT_CODE && !inp_credit_code_valid(result)) {
        char check = strlen(result) == 18 ? inp_credit_code_check_char(result) : 0;
        if (check)
          diag_error(g->diag, at, L("credit code %s: its last character should be %c (check character, GB 32100-2015): a typing error?",
                                    "统一社会信用代码 %s：末位校验码应为 %c（GB 32100-2015），是否录入有误？"),
                     result, check);
        else
          diag_error(g->diag, at, L("credit code %s must be 18 characters from 0-9 and A-Y (not I, O, S, V, Z)",
                                    "统一社会信用代码 %s 应为 18 位，由 0-9 和 A-Y（不含 I、O、S、V、Z）组成"),
                     result);
        result = NULL;
      } else if (f->id == F_ID && !inp_id_safe(result)) {
        diag_error(g->diag, at, L("id %s: use 1 to 64 letters, digits, - and _ only",
                                  "编号 %s：只能由 1 至 64 个字母、数字、- 和 _ 组成"),
                   result);
        result = NULL;
      }
      break;
    case KIND_PHONE:
      if (cell->type == CELL_NUMBER) {
        if (imp_number_text(cell->text, num) && strlen(num) <= 15 && !strchr(num, '.')) {
          result = arena_strdup(g->a, num);
          break;
        }
        diag_error(g->diag, at, L("%s %s is stored as a number and has lost digits: format the column as Text (文本) and type it again",
                                  "%s %s 存成了数字，已丢失位数：请把该列设置为“文本”格式后重新录入"),
                   header_name(f), cell->text);
        break;
      }
      imp_ascii_forms(&b, cell->text);
      t = imp_trim(strbuf_str(&b), &n);
      result = arena_strndup(g->a, t, n);
      break;
    case KIND_PERCENT: {
      const char *unit = "";
      if (cell->type == CELL_NUMBER) {
        double v = strtod(cell->text, NULL);
        if (cell->style == STYLE_PERCENT) v *= 100;
        snprintf(num, sizeof num, "%.12g", v);
        imp_number_text(num, num);
      } else {
        imp_ascii_forms(&b, cell->text);
        t = imp_trim(strbuf_str(&b), &n);
        char tmp[64];
        if (n && n < sizeof tmp && t[n - 1] == '%') n--;
        snprintf(tmp, sizeof tmp, "%.*s", (int)(n < sizeof tmp ? n : 0), t);
        if (!imp_parse_amount(tmp, num, &unit) || *unit) {
          diag_error(g->diag, at, L("%s \"%s\" is not a percentage: type a number such as 67.5",
                                    "%s“%s”不是百分比：请填写数字，如 67.5"),
                     header_name(f), cell->text);
          break;
        }
      }
      double v = strtod(num, NULL);
      if (v < 0 || v > 100) {
        diag_error(g->diag, at, L("%s %s is outside 0..100 (percent)", "%s %s 不在 0 到 100 之间（百分比）"),
                   header_name(f), num);
        break;
      }
      result = arena_strdup(g->a, num);
      break;
    }
    case KIND_YEAR: {
      imp_ascii_forms(&b, cell->text);
      t = imp_trim(strbuf_str(&b), &n);
      int y = 0;
      char tail[16] = "";
      if (sscanf(t, "%4d%15s", &y, tail) >= 1 && y >= 1900 && y <= 2199 &&
          (!*tail || strcmp(tail, "年") == 0 || strcmp(tail, "年度") == 0 || strcmp(tail, ".0") == 0)) {
        snprintf(num, sizeof num, "%d", y);
        result = arena_strdup(g->a, num);
      } else {
        diag_error(g->diag, at, L("%s \"%s\" is not a year such as 2021", "%s“%s”不是年份（如 2021）"),
                   header_name(f), cell->text);
      }
      break;
    }
    case KIND_DATE: {
      char iso[11];
      char *end;
      double serial = strtod(cell->text, &end);
      bool number = cell->type == CELL_NUMBER || (end != cell->text && !*end && !strchr(cell->text, '.') &&
                                                  strlen(cell->text) == 5);
      if (number ? imp_serial_date(serial, s->date1904, iso) : imp_parse_date_text(cell->text, iso)) {
        result = arena_strdup(g->a, iso);
      } else {
        diag_error(g->diag, at, L("%s \"%s\" is not a date: write 2022-03-18, 2022/3/18, 2022.3.18 or 2022年3月18日",
                                  "%s“%s”不是日期：请写成 2022-03-18、2022/3/18、2022.3.18 或 2022年3月18日"),
                   header_name(f), cell->text);
      }
      break;
    }
    case KIND_CHOICE: {
      const char *v = imp_normalize_label(g->a, cell->text);
      for (size_t i = 0; i < f->value_count && !result; i++)
        for (size_t k = 0; k < f->values[i].alias_count; k++)
          if (strcmp(f->values[i].aliases[k], v) == 0) result = f->values[i].is;
      if (!result) {
        strbuf list;
        strbuf_init(&list);
        for (size_t i = 0; i < f->value_count; i++) strbuf_printf(&list, "%s%s", i ? L(", ", "、") : "", f->values[i].is);
        diag_error(g->diag, at, L("%s \"%s\" is not one of: %s", "%s“%s”不是以下之一：%s"), header_name(f),
                   cell->text, strbuf_str(&list));
        strbuf_release(&list);
      }
      break;
    }
    case KIND_PARAGRAPHS:
      for (const char *p = cell->text; *p; p++)
        if (*p != '\r') strbuf_putc(&b, *p);
      t = imp_trim(strbuf_str(&b), &n);
      result = arena_strndup(g->a, t, n);
      break;
    default: { /* KIND_TEXT */
      if (cell->type == CELL_NUMBER) {
        result = imp_number_text(cell->text, num) ? arena_strdup(g->a, num) : cell->text;
        break;
      }
      t = imp_trim(cell->text, &n);
      bool trimmed = n != strlen(cell->text);
      strbuf one;
      strbuf_init(&one);
      bool joined = false;
      /* a line break typed inside a one-line field (Alt+Enter) is joined away with the spaces
       * around it: Chinese names and addresses have no spaces */
      for (size_t i = 0; i < n; i++) {
        if (t[i] == '\n' || t[i] == '\r') {
          joined = true;
          while (one.len && one.data[one.len - 1] == ' ') one.data[--one.len] = '\0';
          while (i + 1 < n && (t[i + 1] == ' ' || t[i + 1] == '\n' || t[i + 1] == '\r')) i++;
          continue;
        }
        strbuf_putc(&one, t[i]);
      }
      result = arena_strdup(g->a, strbuf_str(&one));
      strbuf_release(&one);
      if (joined)
        diag_warning(g->diag, at, L("%s has a line break inside; read as \"%s\"", "%s 单元格内有换行，已按“%s”读取"),
                     header_name(f), result);
      else if (trimmed && f->id == F_NAME)
        diag_warning(g->diag, at, L("%s has spaces before or after it; read as \"%s\"", "%s 首尾有空格，已按“%s”读取"),
                     header_name(f), result);
      break;
    }
  }
  strbuf_release(&b);
  return result && *result ? result : NULL;
}

/* An amount in 万元 from a cell, or NULL after reporting. */
static const char *clean_amount(gather *g, const layout *L, int r, int c, const char *label) {
  const imp_sheet *s = L->sheet;
  const imp_cell *cell = sheet_cell(s, r, c);
  const map_field *f = L->cols[c].field;
  src_loc at = at_cell(g, s, r, c, label);
  char num[64], wan[80];
  const char *unit = "";
  if (cell->type == CELL_ERROR) {
    report_error_cell(g, at, f, cell);
    return NULL;
  }
  bool ok = cell->type == CELL_NUMBER ? imp_number_text(cell->text, num) : imp_parse_amount(cell->text, num, &unit);
  if (!ok) {
    diag_error(g->diag, at, L("%s \"%s\" is not an amount: type a number such as 1234.5 (万元)",
                              "%s“%s”不是金额：请填写数字，如 1234.5（万元）"),
               header_name(f), cell->text);
    return NULL;
  }
  if (!*unit) unit = L->cols[c].unit;
  if (strcmp(unit, "元") == 0) {
    imp_yuan_to_wan(num, wan);
    return arena_strdup(g->a, wan);
  }
  return arena_strdup(g->a, num);
}

/* Splits a list cell into items: line breaks and ；; always, 、，, too for names. */
static size_t split_items(arena *a, const char *text, bool names, const char ***out) {
  size_t count = 0;
  const char **items = NULL;
  strbuf cur;
  strbuf_init(&cur);
  for (const char *p = text;; p++) {
    bool sep = !*p || *p == '\n' || *p == '\r' || *p == ';' || strncmp(p, "；", 3) == 0;
    if (names && (*p == ',' || strncmp(p, "、", 3) == 0 || strncmp(p, "，", 3) == 0)) sep = true;
    if (sep) {
      size_t n;
      const char *t = imp_trim(strbuf_str(&cur), &n);
      if (n) {
        const char **grown = arena_alloc(a, (count + 1) * sizeof *grown);
        if (count) memcpy(grown, items, count * sizeof *grown);
        grown[count++] = arena_strndup(a, t, n);
        items = grown;
      }
      strbuf_reset(&cur);
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

/* "王志强（组长）" → name and role: a bracket, full- or half-width, closing the item. */
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

static void add_experts(gather *g, imp_app *app, const map_field *f, const char *text) {
  const char **items;
  size_t n = split_items(g->a, text, true, &items);
  for (size_t i = 0; i < n; i++) {
    const char *role;
    const char *name = split_bracket(g->a, items[i], &role);
    if (!role) name = items[i], role = f->role;
    app->experts = xrealloc(app->experts, (app->expert_count + 1) * sizeof *app->experts);
    app->experts[app->expert_count++] = (imp_expert){name, role};
  }
}

/* Honours: "河南省智能工厂（省级，2021）": a trailing bracket of a level (…级) and/or a year. */
static void add_honors(gather *g, imp_app *app, const char *text) {
  const char **items;
  size_t n = split_items(g->a, text, false, &items);
  for (size_t i = 0; i < n; i++) {
    const char *inner;
    const char *name = split_bracket(g->a, items[i], &inner);
    imp_honor h = {items[i], NULL, NULL};
    if (inner) {
      const char **parts;
      size_t np = split_items(g->a, inner, true, &parts);
      const char *level = NULL, *year = NULL;
      bool meta = np > 0;
      for (size_t k = 0; k < np && meta; k++) {
        size_t len = strlen(parts[k]);
        if (len == 4 && strspn(parts[k], "0123456789") == 4) year = parts[k];
        else if (len == 7 && strspn(parts[k], "0123456789") == 4 && strcmp(parts[k] + 4, "年") == 0)
          year = arena_strndup(g->a, parts[k], 4);
        else if (len >= 6 && strcmp(parts[k] + len - 3, "级") == 0) level = parts[k];
        else meta = false;
      }
      if (meta) h = (imp_honor){name, level, year};
    }
    app->honors = xrealloc(app->honors, (app->honor_count + 1) * sizeof *app->honors);
    app->honors[app->honor_count++] = h;
  }
}

static imp_app *find_app(gather *g, const char *id, const char *code, const char *name) {
  const field_id keys[] = {F_ID, F_CREDIT_CODE, F_NAME};
  const char *vals[] = {id, code, name};
  for (int k = 0; k < 3; k++) {
    if (!vals[k]) continue;
    for (size_t i = 0; i < g->count; i++) {
      const char *have = g->apps[i]->v[keys[k]].text;
      if (have && strcmp(have, vals[k]) == 0) return g->apps[i];
    }
    /* an id given but not known yet is a new applicant, whatever its code says */
    if (k == 0) return NULL;
  }
  return NULL;
}

static const char *app_label(const imp_app *app) {
  if (app->v[F_ID].text) return app->v[F_ID].text;
  if (app->v[F_CREDIT_CODE].text) return app->v[F_CREDIT_CODE].text;
  return app->v[F_NAME].text;
}

/* Sets a one-value field; a second, different value for one applicant is an error. */
static void set_value(gather *g, imp_app *app, field_id f, const char *value, const char *where) {
  imp_val *v = &app->v[f];
  if (!v->text) {
    v->text = value, v->where = where;
  } else if (strcmp(v->text, value) != 0) {
    diag_error(g->diag, ((src_loc){where, 0, 0, app_label(app)}),
               L("%s is \"%s\" here but \"%s\" at %s: one applicant, one value",
                 "%s 此处为“%s”，但 %s 处为“%s”：同一申报单位只能有一个值"),
               imp_fields[f].name, value, v->text, v->where);
  }
}

static imp_fin *fin_for(imp_app *app, int year) {
  for (size_t i = 0; i < app->fin_count; i++)
    if (app->fins[i].year == year) return &app->fins[i];
  app->fins = xrealloc(app->fins, (app->fin_count + 1) * sizeof *app->fins);
  imp_fin *f = &app->fins[app->fin_count++];
  memset(f, 0, sizeof *f);
  f->year = year;
  return f;
}

static bool same_str(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* One honour twice in a year is no list: the same text, level and year from two sheets. */
static bool same_honor(const imp_honor *a, const imp_honor *b) {
  return same_str(a->text, b->text) && same_str(a->level, b->level) && same_str(a->year, b->year);
}

static void process_row(gather *g, const layout *L, int r, bool generate_ids) {
  const imp_sheet *s = L->sheet;
  const char *key[3] = {NULL, NULL, NULL};
  const field_id key_fields[3] = {F_ID, F_CREDIT_CODE, F_NAME};
  int key_col[3];
  bool bad_key = false;
  for (int k = 0; k < 3; k++) {
    int c = key_col[k] = L->col_of[key_fields[k]];
    if (c < 0 || !cell_text(s, r, c)) continue;
    key[k] = clean_value(g, L, r, c, k ? key[0] : NULL);
    if (!key[k]) bad_key = true;
  }
  if (bad_key) return;
  int first = 0;
  while (first < s->cols && !cell_text(s, r, first)) first++;
  if (!key[0] && !key[1] && !key[2]) {
    bool mapped = false;
    for (int c = 0; c < s->cols; c++) mapped |= cell_text(s, r, c) && L->cols[c].field;
    if (mapped)
      diag_error(g->diag, at_cell(g, s, r, first, NULL),
                 L("this row has data but no id, credit code or company name: whose is it?",
                   "此行有数据，但没有编号、统一社会信用代码或企业名称：属于哪家单位？"));
    return;
  }
  imp_app *app = find_app(g, key[0], key[1], key[2]);
  if (!app) {
    app = xcalloc(1, sizeof *app);
    app->where = imp_cell_where(g->a, s, r, first);
    if (g->count == g->cap) g->apps = xgrow(g->apps, &g->cap, g->count + 1, sizeof *g->apps);
    g->apps[g->count++] = app;
    if (generate_ids && !key[0]) {
      /* id-format: {year} and {n:W} (running number, W digits) */
      strbuf id;
      strbuf_init(&id);
      for (const char *p = g->m->id_format; *p; p++) {
        int w = 0;
        if (strncmp(p, "{year}", 6) == 0) strbuf_printf(&id, "%d", g->year), p += 5;
        else if (strncmp(p, "{n}", 3) == 0) strbuf_printf(&id, "%zu", g->count), p += 2;
        else if (sscanf(p, "{n:%d}", &w) == 1 && strchr(p, '}')) strbuf_printf(&id, "%0*zu", w, g->count), p = strchr(p, '}');
        else strbuf_putc(&id, *p);
      }
      app->v[F_ID].text = arena_strdup(g->a, strbuf_str(&id));
      app->v[F_ID].where = app->where;
      strbuf_release(&id);
    }
  }
  for (int k = 0; k < 3; k++)
    if (key[k]) set_value(g, app, key_fields[k], key[k], imp_cell_where(g->a, s, r, key_col[k]));
  if (L->county && !app->weak_county) app->weak_county = L->county, app->weak_county_where = L->county_where;
  const char *label = app_label(app);
  int year = 0;
  if (L->col_of[F_FINANCE_YEAR] >= 0 && cell_text(s, r, L->col_of[F_FINANCE_YEAR])) {
    const char *y = clean_value(g, L, r, L->col_of[F_FINANCE_YEAR], label);
    if (!y) return;
    year = atoi(y);
  }
  for (int c = 0; c < s->cols; c++) {
    const map_field *f = L->cols[c].field;
    const char *t = cell_text(s, r, c);
    if (!f || !t || f->id == F_ID || f->id == F_CREDIT_CODE || f->id == F_NAME || f->id == F_FINANCE_YEAR) continue;
    if (f->kind == KIND_AMOUNT) {
      int y = L->cols[c].year ? L->cols[c].year : year;
      if (!y) {
        diag_error(g->diag, at_cell(g, s, r, c, label),
                   L("%s: which year? Put it in the header (2021年%s) or add a column 年度",
                     "%s：是哪一年的？请写在表头中（2021年%s）或增加“年度”列"),
                   header_name(f), header_name(f));
        continue;
      }
      const char *v = clean_amount(g, L, r, c, label);
      if (!v) continue;
      imp_val *slot = &fin_for(app, y)->amount[f->id - F_TOTAL_ASSETS];
      const char *where = imp_cell_where(g->a, s, r, c);
      if (!slot->text) *slot = (imp_val){v, where};
      else if (strcmp(slot->text, v) != 0)
        diag_error(g->diag, ((src_loc){where, 0, 0, label}),
                   L("%s %d is %s here but %s at %s: one applicant, one value",
                     "%s %d 年此处为 %s，但 %s 处为 %s：同一申报单位只能有一个值"),
                   header_name(f), y, v, slot->where, slot->text);
    } else if (f->kind == KIND_EXPERTS) {
      size_t before = app->expert_count;
      add_experts(g, app, f, t);
      /* the same list on two sheets is one list (a cell's own items are all kept) */
      size_t w = before;
      for (size_t i = before; i < app->expert_count; i++) {
        bool dup = false;
        for (size_t k = 0; k < before; k++)
          dup |= same_str(app->experts[k].name, app->experts[i].name) && same_str(app->experts[k].role, app->experts[i].role);
        if (!dup) app->experts[w++] = app->experts[i];
      }
      app->expert_count = w;
    } else if (f->kind == KIND_HONORS) {
      size_t before = app->honor_count;
      add_honors(g, app, t);
      size_t w = before;
      for (size_t i = before; i < app->honor_count; i++) {
        bool dup = false;
        for (size_t k = 0; k < before; k++) dup |= same_honor(&app->honors[k], &app->honors[i]);
        if (!dup) app->honors[w++] = app->honors[i];
      }
      app->honor_count = w;
    } else {
      const char *v = clean_value(g, L, r, c, label);
      if (v) set_value(g, app, f->id, v, imp_cell_where(g->a, s, r, c));
      else app->bad[f->id] = true;
    }
  }
}

/* Fields every applicant needs (the round contract), reported at its first row. */
static void check_required(gather *g, imp_app *app) {
  static const field_id need[] = {F_ID, F_COUNTY, F_NAME, F_CREDIT_CODE, F_DIRECTION, F_PROJECT_NAME};
  if (!app->v[F_COUNTY].text && app->weak_county)
    app->v[F_COUNTY] = (imp_val){app->weak_county, app->weak_county_where};
  for (size_t i = 0; i < sizeof need / sizeof *need; i++) {
    if (app->v[need[i]].text || app->bad[need[i]]) continue;
    const char *header = imp_fields[need[i]].name;
    for (size_t k = 0; k < g->m->field_count; k++)
      if (g->m->fields[k].id == need[i]) header = header_name(&g->m->fields[k]);
    diag_error(g->diag, ((src_loc){app->where, 0, 0, app_label(app)}),
               need[i] == F_COUNTY
                   ? L("no %s: add that column, or name the sheet after the county", "缺少%s：请增加该列，或以县（市、区）名称命名工作表")
                   : L("no %s: fill it in (every applicant needs one)", "缺少%s：请填写（每个申报单位都必须有）"),
               header);
  }
}

static int cmp_fin(const void *a, const void *b) {
  return ((const imp_fin *)a)->year - ((const imp_fin *)b)->year;
}

char *imp_import(const imp_mapping *m, const char *const *paths, size_t count, const imp_options *opt,
                 size_t *len, diag_sink *diag) {
  int errors_before = diag_error_count(diag);
  gather g = {.m = m, .a = arena_new(), .diag = diag};
  imp_sheet *sheets = NULL;
  size_t nsheets = 0, cap = 0;
  layout *layouts = NULL;
  char *result = NULL;
  for (size_t i = 0; i < count; i++) {
    size_t n = strlen(paths[i]);
    bool xlsx = n > 5 && (strcasecmp(paths[i] + n - 5, ".xlsx") == 0 || strcasecmp(paths[i] + n - 5, ".xlsm") == 0);
    if (xlsx) imp_read_xlsx(paths[i], g.a, &sheets, &nsheets, &cap, diag);
    else imp_read_csv(paths[i], g.a, &sheets, &nsheets, &cap, diag);
  }
  if (diag_error_count(diag) > errors_before) goto done;
  layouts = xcalloc(nsheets + 1, sizeof *layouts);
  bool any_id_column = false, any_layout = false;
  g.year = opt->year;
  const char *year_where = NULL;
  for (size_t i = 0; i < nsheets; i++) {
    if (!read_layout(&g, &sheets[i], &layouts[i])) continue;
    any_layout = true;
    any_id_column |= layouts[i].col_of[F_ID] >= 0;
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
    const layout *L = &layouts[i];
    if (!L->header_rows) continue;
    for (int r = L->first_data_row; r < L->sheet->rows; r++)
      if (!row_blank(L->sheet, r) && !row_not_data(&g, L, r)) process_row(&g, L, r, generate);
  }
  /* after the rows, so that their problems are reported in the same run */
  if (!g.year)
    diag_error(diag, ((src_loc){count ? paths[0] : NULL, 0, 0, NULL}),
               L("no review year: give --year 2022, or put it in the title row (许昌市2022年…汇总表)",
                 "缺少评审年度：请使用 --year 2022，或写在标题行中（许昌市2022年…汇总表）"));
  if (g.count == 0 && diag_error_count(diag) == errors_before)
    diag_error(diag, ((src_loc){paths[0], 0, 0, NULL}),
               L("no applicant rows under the headers", "表头下没有申报单位数据"));
  for (size_t i = 0; i < g.count; i++) {
    check_required(&g, g.apps[i]);
    if (g.apps[i]->fin_count > 1) qsort(g.apps[i]->fins, g.apps[i]->fin_count, sizeof *g.apps[i]->fins, cmp_fin);
  }
  if (diag_error_count(diag) > errors_before) goto done;
  strbuf out;
  strbuf_init(&out);
  imp_write_round(&out, opt->program ? opt->program : m->program, g.year, round > 0 ? round : 1,
                  g.apps, g.count);
  if (len) *len = out.len;
  result = strbuf_detach(&out);
done:
  for (size_t i = 0; i < g.count; i++) {
    free(g.apps[i]->fins);
    free(g.apps[i]->honors);
    free(g.apps[i]->experts);
    free(g.apps[i]);
  }
  free(g.apps);
  free(layouts);
  free(sheets);
  arena_free(g.a);
  return result;
}
