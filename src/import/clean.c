/* One cell → the plain value of the round, by its field's kind (docs/import.md, kinds): codes
 * that Excel stored as numbers, Excel errors, amounts with units, percentages, years, dates,
 * enumerations with their synonyms. Every problem is reported with the cell and the applicant. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "import/import_private.h"
#include "input/input.h"
#include "text/text.h"

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

const char *imp_enum_value(arena *a, const map_field *f, const char *text) {
  const char *v = imp_normalize_label(a, text);
  for (size_t i = 0; i < f->value_count; i++)
    for (size_t k = 0; k < f->values[i].alias_count; k++)
      if (strcmp(f->values[i].aliases[k], v) == 0) return f->values[i].is;
  return NULL;
}



void imp_enum_error(diag_sink *diag, src_loc at, arena *a, const map_field *f, const char *header, const char *text) {
  const char *label = header ? header : imp_field_label(f);
  strbuf list;
  strbuf_init(&list);
  /* the words an office types (the first <means>), not the round's codes (admitted) */
  const char *nearest = NULL, *typed = imp_normalize_label(a, text);
  size_t best = (size_t)-1, len = strlen(typed);
  for (size_t i = 0; i < f->value_count; i++) /* a renamed one: 许昌县 is 建安区 since 2015 */
    for (size_t k = 0; k < f->values[i].former_count; k++)
      if (strcmp(imp_normalize_label(a, f->values[i].formers[k]), typed) == 0) {
        diag_error(diag, at, L("%s \"%s\" is the former name of %s: write %s", "%s“%s”是 %s 的旧称（已更名）：请填写 %s"),
                   label, text, f->values[i].is, f->values[i].is);
        strbuf_release(&list);
        return;
      }
  for (size_t i = 0; i < f->value_count; i++) {
    const char *is = f->values[i].is;
    const char *word = (unsigned char)is[0] < 0x80 && f->values[i].alias_count > 1 ? f->values[i].aliases[1] : is;
    strbuf_printf(&list, "%s%s", i ? L(", ", "、") : "", word);
    for (size_t k = 0; k < f->values[i].alias_count; k++) {
      size_t d = txt_edit_distance(typed, f->values[i].aliases[k]);
      if (d < best) best = d, nearest = word;
    }
  }
  /* close enough to be a slip: 魏都 for 魏都区, one character in three */
  if (nearest && best > 0 && best <= 1 + len / 9)
    diag_error(diag, at, L("%s \"%s\" is not one of: %s — did you mean %s?", "%s“%s”不是以下之一：%s——是否为 %s？"),
               label, text, strbuf_str(&list), nearest);
  else
    diag_error(diag, at, L("%s \"%s\" is not one of: %s", "%s“%s”不是以下之一：%s"), label, text,
               strbuf_str(&list));
  strbuf_release(&list);
}

/* What a message calls the cell's column: its header as the office wrote it. */
static const char *header_of(const imp_cellref *r) { return r->header ? r->header : imp_field_label(r->field); }

/* An Excel error (#N/A, #REF!) or a formula without a saved value. */
static void report_error_cell(diag_sink *diag, src_loc at, const char *label, const imp_cell *cell) {
  if (*cell->text)
    diag_error(diag, at, L("%s shows the Excel error %s: correct the formula or type the value",
                              "%s 显示 Excel 错误 %s：请改正公式或直接填写数值"),
               label, cell->text);
  else
    diag_error(diag, at, L("%s is a formula whose value was never saved: open the file in Excel or WPS and save it again",
                              "%s 是公式但没有保存计算结果：请用 Excel 或 WPS 打开后重新保存"),
               label);
}

/* An amount in the field's unit (万元 unless unit="元") from a cell, or NULL after reporting. */
static const char *clean_amount(const imp_cellref *r, src_loc at, const imp_cell *cell) {
  const map_field *f = r->field;
  char num[64], wan[80];
  const char *unit = "";
  if (cell->type == CELL_ERROR) {
    report_error_cell(r->diag, at, header_of(r), cell);
    return NULL;
  }
  bool ok = cell->type == CELL_NUMBER ? imp_number_text(cell->text, num) : imp_parse_amount(cell->text, num, &unit);
  if (!ok) {
    diag_error(r->diag, at, L("%s \"%s\" is not an amount: type a number such as 1234.5 (万元)",
                              "%s“%s”不是金额：请填写数字，如 1234.5（万元）"),
               header_of(r), cell->text);
    return NULL;
  }
  if (!*unit) unit = r->unit ? r->unit : f->unit;
  if (strcmp(unit, "元") == 0 && strcmp(f->unit, "万元") == 0) {
    imp_yuan_to_wan(num, wan);
    return arena_strdup(r->a, wan);
  }
  if (strcmp(unit, "万元") == 0 && strcmp(f->unit, "元") == 0) {
    /* 万元 into a round that holds 元: exact, by moving the point four places */
    strbuf b;
    strbuf_init(&b);
    const char *dot = strchr(num, '.');
    size_t whole = dot ? (size_t)(dot - num) : strlen(num);
    const char *frac = dot ? dot + 1 : "";
    strbuf_append_n(&b, num, whole);
    for (int i = 0; i < 4; i++) strbuf_putc(&b, *frac ? *frac++ : '0');
    if (*frac) strbuf_printf(&b, ".%s", frac);
    char out[64];
    const char *u;
    bool ok2 = imp_parse_amount(strbuf_str(&b), out, &u);
    strbuf_release(&b);
    return ok2 ? arena_strdup(r->a, out) : NULL;
  }
  return arena_strdup(r->a, num);
}


/* Each kind's reading of a non-empty cell that is no Excel error: the value (in r->a), or NULL
 * after reporting at 'at'. */
typedef const char *clean_fn(const imp_cellref *r, src_loc at, const imp_cell *cell);

static const char *clean_code(const imp_cellref *r, src_loc at, const imp_cell *cell) {
  const map_field *f = r->field;
  if (looks_like_lost_number(cell)) {
    diag_error(r->diag, at,
               L("%s %s is stored as a number, so Excel has kept only 15 digits and lost the "
                 "rest: format the column as Text (文本) and type the codes again",
                 "%s %s 存成了数字，Excel 只保留 15 位有效数字，其余已丢失：请把该列设置为“文本”格式后重新录入"),
               header_of(r), cell->text);
    return NULL;
  }
  strbuf b, code;
  strbuf_init(&b);
  strbuf_init(&code);
  imp_ascii_forms(&b, cell->text);
  for (const char *p = strbuf_str(&b); *p; p++)
    if (!isspace((unsigned char)*p)) strbuf_putc(&code, (char)toupper((unsigned char)*p));
  const char *result = arena_strdup(r->a, strbuf_str(&code));
  strbuf_release(&code);
  strbuf_release(&b);
  if (f->kind == KIND_CREDIT_CODE && !inp_credit_code_valid(result)) {
    char check = strlen(result) == 18 ? inp_credit_code_check_char(result) : 0;
    if (check)
      diag_error(r->diag, at, L("credit code %s: its last character should be %c (check character, GB 32100-2015): a typing error?",
                                "统一社会信用代码 %s：末位校验码应为 %c（GB 32100-2015），是否录入有误？"),
                 result, check);
    else
      diag_error(r->diag, at, L("credit code %s must be 18 characters from 0-9 and A-Y (not I, O, S, V, Z)",
                                "统一社会信用代码 %s 应为 18 位，由 0-9 和 A-Y（不含 I、O、S、V、Z）组成"),
                 result);
    return NULL;
  }
  if (f->kind == KIND_ID && !inp_id_safe(result)) {
    diag_error(r->diag, at, L("id %s: use 1 to 64 letters, digits, - and _ only",
                              "编号 %s：只能由 1 至 64 个字母、数字、- 和 _ 组成"),
               result);
    return NULL;
  }
  return result;
}

static const char *clean_phone(const imp_cellref *r, src_loc at, const imp_cell *cell) {
  char num[64];
  if (cell->type == CELL_NUMBER) {
    if (imp_number_text(cell->text, num) && strlen(num) <= 15 && !strchr(num, '.')) return arena_strdup(r->a, num);
    diag_error(r->diag, at, L("%s %s is stored as a number and has lost digits: format the column as Text (文本) and type it again",
                              "%s %s 存成了数字，已丢失位数：请把该列设置为“文本”格式后重新录入"),
               header_of(r), cell->text);
    return NULL;
  }
  strbuf b;
  strbuf_init(&b);
  imp_ascii_forms(&b, cell->text);
  size_t n;
  const char *t = imp_trim(strbuf_str(&b), &n);
  const char *result = arena_strndup(r->a, t, n);
  strbuf_release(&b);
  return result;
}

static const char *clean_percent(const imp_cellref *r, src_loc at, const imp_cell *cell) {
  char num[64];
  if (cell->type == CELL_NUMBER) {
    double v = strtod(cell->text, NULL);
    if (cell->style == STYLE_PERCENT) v *= 100;
    snprintf(num, sizeof num, "%.12g", v);
    imp_number_text(num, num);
  } else {
    strbuf b;
    strbuf_init(&b);
    imp_ascii_forms(&b, cell->text);
    size_t n;
    const char *t = imp_trim(strbuf_str(&b), &n), *unit = "";
    char tmp[64];
    if (n && n < sizeof tmp && t[n - 1] == '%') n--;
    snprintf(tmp, sizeof tmp, "%.*s", (int)(n < sizeof tmp ? n : 0), t);
    strbuf_release(&b);
    if (!imp_parse_amount(tmp, num, &unit) || *unit) {
      diag_error(r->diag, at, L("%s \"%s\" is not a percentage: type a number such as 67.5",
                                "%s“%s”不是百分比：请填写数字，如 67.5"),
                 header_of(r), cell->text);
      return NULL;
    }
  }
  double v = strtod(num, NULL);
  if (v < 0 || v > 100) {
    diag_error(r->diag, at, L("%s %s is outside 0..100 (percent)", "%s %s 不在 0 到 100 之间（百分比）"),
               header_of(r), num);
    return NULL;
  }
  return arena_strdup(r->a, num);
}

static const char *clean_year(const imp_cellref *r, src_loc at, const imp_cell *cell) {
  strbuf b;
  strbuf_init(&b);
  imp_ascii_forms(&b, cell->text);
  size_t n;
  const char *t = imp_trim(strbuf_str(&b), &n), *result = NULL;
  int y = 0;
  char tail[16] = "", num[16];
  if (sscanf(t, "%4d%15s", &y, tail) >= 1 && y >= 1900 && y <= 2199 &&
      (!*tail || strcmp(tail, "年") == 0 || strcmp(tail, "年度") == 0 || strcmp(tail, ".0") == 0)) {
    snprintf(num, sizeof num, "%d", y);
    result = arena_strdup(r->a, num);
  } else {
    diag_error(r->diag, at, L("%s \"%s\" is not a year such as 2021", "%s“%s”不是年份（如 2021）"),
               header_of(r), cell->text);
  }
  strbuf_release(&b);
  return result;
}

static const char *clean_date(const imp_cellref *r, src_loc at, const imp_cell *cell) {
  char iso[11];
  char *end;
  double serial = strtod(cell->text, &end);
  bool number = cell->type == CELL_NUMBER || (end != cell->text && !*end && !strchr(cell->text, '.') &&
                                              strlen(cell->text) == 5);
  if (number ? imp_serial_date(serial, r->sheet->date1904, iso) : imp_parse_date_text(cell->text, iso))
    return arena_strdup(r->a, iso);
  diag_error(r->diag, at, L("%s \"%s\" is not a date: write 2022-03-18, 2022/3/18, 2022.3.18 or 2022年3月18日",
                            "%s“%s”不是日期：请写成 2022-03-18、2022/3/18、2022.3.18 或 2022年3月18日"),
             header_of(r), cell->text);
  return NULL;
}

static const char *clean_number(const imp_cellref *r, src_loc at, const imp_cell *cell) {
  const map_field *f = r->field;
  const char *unit = "";
  char num[64];
  bool ok = cell->type == CELL_NUMBER ? imp_number_text(cell->text, num) : imp_parse_amount(cell->text, num, &unit);
  if (!ok || *unit || (f->kind == KIND_INTEGER && strchr(num, '.'))) {
    diag_error(r->diag, at, f->kind == KIND_INTEGER ? L("%s \"%s\" is not a whole number", "%s“%s”不是整数")
                                                   : L("%s \"%s\" is not a number", "%s“%s”不是数字"),
               header_of(r), cell->text);
    return NULL;
  }
  return arena_strdup(r->a, num);
}

static const char *clean_year_month(const imp_cellref *r, src_loc at, const imp_cell *cell) {
  char ym[8], iso[11];
  bool ok = false;
  if (cell->type == CELL_NUMBER && imp_serial_date(strtod(cell->text, NULL), r->sheet->date1904, iso))
    memcpy(ym, iso, 7), ym[7] = '\0', ok = cell->style == STYLE_DATE;
  else
    ok = imp_parse_year_month(cell->text, ym);
  if (ok) return arena_strdup(r->a, ym);
  diag_error(r->diag, at, L("%s \"%s\" is not a month: write 2018-05, 2018.5 or 2018年5月",
                            "%s“%s”不是年月：请写成 2018-05、2018.5 或 2018年5月"),
             header_of(r), cell->text);
  return NULL;
}

static const char *clean_flag(const imp_cellref *r, src_loc at, const imp_cell *cell) {
  int yes = imp_flag_value(cell->text);
  if (yes < 0)
    diag_error(r->diag, at, L("%s \"%s\" is neither 是 (有, √) nor 否 (无)", "%s“%s”应为 是（有、√）或 否（无）"),
               header_of(r), cell->text);
  return yes > 0 ? "yes" : NULL;
}

static const char *clean_enum(const imp_cellref *r, src_loc at, const imp_cell *cell) {
  const char *result = imp_enum_value(r->a, r->field, cell->text);
  if (!result) imp_enum_error(r->diag, at, r->a, r->field, r->header, cell->text);
  return result;
}

static const char *clean_paragraphs(const imp_cellref *r, src_loc at, const imp_cell *cell) {
  (void)at;
  strbuf b;
  strbuf_init(&b);
  for (const char *p = cell->text; *p; p++)
    if (*p != '\r') strbuf_putc(&b, *p);
  size_t n;
  const char *t = imp_trim(strbuf_str(&b), &n);
  const char *result = arena_strndup(r->a, t, n);
  strbuf_release(&b);
  return result;
}

/* One line: a line break typed inside (Alt+Enter) is joined away with the spaces around it
 * (Chinese names and addresses have no spaces), with a warning; spaces around a match field too. */
static const char *clean_text(const imp_cellref *r, src_loc at, const imp_cell *cell) {
  const map_field *f = r->field;
  char num[64];
  if (cell->type == CELL_NUMBER) return imp_number_text(cell->text, num) ? arena_strdup(r->a, num) : cell->text;
  size_t n;
  const char *t = imp_trim(cell->text, &n);
  bool trimmed = n != strlen(cell->text), joined = false;
  strbuf one;
  strbuf_init(&one);
  for (size_t i = 0; i < n; i++) {
    if (t[i] == '\n' || t[i] == '\r') {
      joined = true;
      while (one.len && one.data[one.len - 1] == ' ') one.data[--one.len] = '\0';
      while (i + 1 < n && (t[i + 1] == ' ' || t[i + 1] == '\n' || t[i + 1] == '\r')) i++;
      continue;
    }
    strbuf_putc(&one, t[i]);
  }
  const char *result = arena_strdup(r->a, strbuf_str(&one));
  strbuf_release(&one);
  if (joined)
    diag_warning(r->diag, at, L("%s has a line break inside; read as \"%s\"", "%s 单元格内有换行，已按“%s”读取"),
                 header_of(r), result);
  else if (trimmed && f->match)
    diag_warning(r->diag, at, L("%s has spaces before or after it; read as \"%s\"", "%s 首尾有空格，已按“%s”读取"),
                 header_of(r), result);
  return result;
}

static clean_fn *const cleaners[] = {
    [KIND_TEXT] = clean_text,       [KIND_PARAGRAPHS] = clean_paragraphs, [KIND_ID] = clean_code,
    [KIND_CODE] = clean_code,       [KIND_CREDIT_CODE] = clean_code,      [KIND_PHONE] = clean_phone,
    [KIND_PERCENT] = clean_percent, [KIND_NUMBER] = clean_number,         [KIND_INTEGER] = clean_number,
    [KIND_YEAR] = clean_year,       [KIND_YEAR_MONTH] = clean_year_month, [KIND_DATE] = clean_date,
    [KIND_ENUM] = clean_enum,       [KIND_FLAG] = clean_flag,
};

const char *imp_clean_cell(const imp_cellref *r) {
  const imp_cell *cell = sheet_cell(r->sheet, r->row, r->col);
  const map_field *f = r->field;
  src_loc at = {imp_cell_where(r->a, r->sheet, r->row, r->col), 0, 0, r->label};
  if (f->kind == KIND_AMOUNT) return clean_amount(r, at, cell);
  if (cell->type == CELL_ERROR) {
    report_error_cell(r->diag, at, header_of(r), cell);
    return NULL;
  }
  clean_fn *fn = (size_t)f->kind < sizeof cleaners / sizeof *cleaners && cleaners[f->kind] ? cleaners[f->kind] : clean_text;
  const char *result = fn(r, at, cell);
  /* a text a spreadsheet would run as a formula if it went back to one as CSV (CSV injection,
   * OWASP): kept as typed, but the office is told (yinfa's own CSV exports neutralize it) */
  if (result && *result && strchr("=+-@", result[0]) && (f->kind == KIND_TEXT || f->kind == KIND_PARAGRAPHS) &&
      cell->type == CELL_TEXT)
    diag_warning(r->diag, at,
                 L("%s starts with \"%c\", as a spreadsheet formula does: kept as text; check that it is "
                   "what the applicant wrote (a formula in a CSV can run when the file is opened)",
                   "%s 以“%c”开头，形同电子表格公式：已按文本保留；请核对是否为申报单位原文（CSV 中的公式打开时可能被执行）"),
                 header_of(r), result[0]);
  return result && *result ? result : NULL;
}

int imp_flag_value(const char *text) {
  static const char *const yes[] = {"是", "有", "√", "✓", "✔", "Y", "YES", "TRUE", "1", "已提供"};
  static const char *const no[] = {"否", "无", "×", "✗", "N", "NO", "FALSE", "0", "-", "/", "未提供"};
  strbuf b;
  strbuf_init(&b);
  imp_ascii_forms(&b, text);
  size_t n;
  const char *t = imp_trim(strbuf_str(&b), &n);
  char word[16];
  int r = -1;
  if (n < sizeof word) {
    for (size_t i = 0; i < n; i++) word[i] = (char)toupper((unsigned char)t[i]);
    word[n] = '\0';
    if (!n) r = 0;
    for (size_t i = 0; i < sizeof yes / sizeof *yes && r < 0; i++)
      if (strcmp(word, yes[i]) == 0) r = 1;
    for (size_t i = 0; i < sizeof no / sizeof *no && r < 0; i++)
      if (strcmp(word, no[i]) == 0) r = 0;
  }
  strbuf_release(&b);
  return r;
}

bool imp_parse_year_month(const char *text, char out[8]) {
  strbuf b;
  strbuf_init(&b);
  imp_ascii_forms(&b, text);
  size_t n;
  const char *t = imp_trim(strbuf_str(&b), &n);
  int y = 0, m = 0, used = 0;
  char rest[16] = "";
  bool ok = false;
  char iso[11];
  if (n < 32) {
    char buf[32];
    memcpy(buf, t, n);
    buf[n] = '\0';
    if (imp_parse_date_text(buf, iso)) { /* a whole date: its month */
      memcpy(out, iso, 7), out[7] = '\0';
      strbuf_release(&b);
      return true;
    }
    if (sscanf(buf, "%4d%*[-./]%2d%n", &y, &m, &used) == 2 && !buf[used]) ok = true;
    else if (sscanf(buf, "%4d年%2d%15s", &y, &m, rest) >= 2 && (!*rest || strcmp(rest, "月") == 0)) ok = true;
  }
  strbuf_release(&b);
  if (!ok || y < 1900 || y > 2199 || m < 1 || m > 12) return false;
  snprintf(out, 8, "%04d-%02d", y % 10000, m % 100);
  return true;
}

const char *imp_clean_part(arena *a, const map_field *f, const char *text) {
  char buf[64];
  const char *unit = "";
  switch (f->kind) {
    case KIND_YEAR: {
      size_t len = strlen(text);
      if ((len == 4 || (len == 7 && strcmp(text + 4, "年") == 0)) && strspn(text, "0123456789") == 4)
        return arena_strndup(a, text, 4);
      return NULL;
    }
    case KIND_YEAR_MONTH: {
      char ym[8];
      return imp_parse_year_month(text, ym) ? arena_strdup(a, ym) : NULL;
    }
    case KIND_DATE: {
      char iso[11];
      return imp_parse_date_text(text, iso) ? arena_strdup(a, iso) : NULL;
    }
    case KIND_ENUM:
      return imp_enum_value(a, f, text);
    case KIND_NUMBER:
    case KIND_INTEGER:
    case KIND_AMOUNT:
      if (!imp_parse_amount(text, buf, &unit) || *unit || (f->kind == KIND_INTEGER && strchr(buf, '.'))) return NULL;
      return arena_strdup(a, buf);
    default: {
      size_t len = strlen(text), sl = f->suffix ? strlen(f->suffix) : 0;
      if (sl && (len <= sl || strcmp(text + len - sl, f->suffix) != 0)) return NULL;
      return len ? arena_strdup(a, text) : NULL;
    }
  }
}
