/* CSV and tab-separated text (RFC 4180 quoting) in whatever encoding Excel saved it, plus the
 * grid helpers every reader shares. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "import/import_private.h"
#include "text/text.h"

void imp_cell_ref(int row, int col, char out[16]) {
  char letters[8];
  int n = 0;
  for (int c = col + 1; c > 0 && n < 7; c = (c - 1) / 26) letters[n++] = (char)('A' + (c - 1) % 26);
  int k = 0;
  while (n > 0) out[k++] = letters[--n];
  snprintf(out + k, (size_t)(16 - k), "%d", row + 1);
}

const char *imp_cell_where(arena *a, const imp_sheet *s, int row, int col) {
  char ref[16];
  imp_cell_ref(row, col, ref);
  strbuf b;
  strbuf_init(&b);
  if (s->name) strbuf_printf(&b, "%s:%s!%s", s->file, s->name, ref);
  else strbuf_printf(&b, "%s:%s", s->file, ref);
  const char *r = arena_strdup(a, strbuf_str(&b));
  strbuf_release(&b);
  return r;
}

void imp_sheet_finish(imp_sheet *s, arena *a) {
  (void)a;
  for (int i = 0; i < s->merge_count; i++) {
    imp_range m = s->merges[i];
    if (m.r0 >= s->rows || m.c0 >= s->cols) continue;
    imp_cell top = *sheet_cell(s, m.r0, m.c0);
    for (int r = m.r0; r <= m.r1 && r < s->rows; r++)
      for (int c = m.c0; c <= m.c1 && c < s->cols; c++) {
        if (r == m.r0 && c == m.c0) continue;
        imp_cell *cell = sheet_cell(s, r, c);
        *cell = top;
        cell->merged = true;
      }
  }
}

/* One parsed field before the grid is sized. */
typedef struct {
  int row, col;
  const char *text;
} raw_cell;

static char guess_delimiter(const char *s, size_t len) {
  size_t commas = 0, tabs = 0, semis = 0;
  bool quoted = false;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '"') quoted = !quoted;
    else if (!quoted && s[i] == '\n' && (commas || tabs || semis)) break;
    else if (!quoted && s[i] == ',') commas++;
    else if (!quoted && s[i] == '\t') tabs++;
    else if (!quoted && s[i] == ';') semis++;
  }
  if (tabs >= commas && tabs >= semis && tabs > 0) return '\t';
  if (semis > commas) return ';';
  return ',';
}

/* The column letters of 'col' ("AM"), into out (16 bytes). */
static void col_letters(int col, char out[16]) {
  imp_cell_ref(0, col, out);
  out[strcspn(out, "0123456789")] = '\0';
}

/* A quote opened at the start of a field is closed by a quote followed by the delimiter or the
 * line's end; anything else (text after the closing quote, the file's end) means the quote was
 * never meant to be closed there: the cause is named at the cell where it opened, not the
 * shifted columns it leads to. */
static void unclosed_quote(diag_sink *diag, arena *a, const imp_sheet *out, int row, int col, int line,
                           int end_line, bool at_eof) {
  char ref[16];
  imp_cell_ref(row, col, ref);
  if (at_eof)
    diag_error(diag, ((src_loc){out->file, line, 0, NULL}),
               L("the quote opened at %s is never closed: the field runs on to the end of the file "
                 "(line %d); close it, or the file may be cut short",
                 "引号未闭合，自 %s 起：该字段一直延续到文件末尾（第 %d 行）；请补上右引号，或文件可能不完整"),
               ref, end_line);
  else
    diag_error(diag, ((src_loc){out->file, line, 0, NULL}),
               L("the quote opened at %s is not closed where the field ends: text follows the quote "
                 "that would close it (line %d); close it, or double a quote inside a field (\"\")",
                 "引号未闭合，自 %s 起：可作结束的引号之后仍有文字（第 %d 行）；请补上右引号，字段内的引号请写两次（\"\"）"),
               ref, end_line);
  (void)a;
}

bool imp_parse_csv(const char *data, size_t len, const char *name, arena *a, imp_sheet *out,
                   diag_sink *diag) {
  memset(out, 0, sizeof *out);
  out->file = arena_strdup(a, name);
  char delim = guess_delimiter(data, len);
  raw_cell *cells = NULL;
  size_t count = 0, cap = 0;
  int row = 0, col = 0, max_col = -1, max_row = -1, line = 1, widest = 0;
  int last_fields = 0, last_line = 0, last_widest = 0; /* the last row with data, and the widest above it */
  int *fields = NULL, *starts = NULL; /* per row: its fields and its first line */
  size_t fcap = 0, scap = 0;
  strbuf field;
  strbuf_init(&field);
  bool ok = true;
  size_t i = 0;
  while (i <= len) {
    if (col == 0) {
      if ((size_t)row >= scap) starts = xgrow(starts, &scap, (size_t)row + 1, sizeof *starts);
      starts[row] = line;
    }
    bool quoted = false;
    strbuf_reset(&field);
    int start_row = row, start_line = line;
    if (i < len && data[i] == '"') {
      quoted = true;
      i++;
      for (;;) {
        if (i >= len) {
          unclosed_quote(diag, a, out, start_row, col, start_line, line, true);
          ok = false;
          goto done;
        }
        if (data[i] == '"') {
          if (i + 1 < len && data[i + 1] == '"') {
            strbuf_putc(&field, '"');
            i += 2;
            continue;
          }
          i++;
          break;
        }
        line += data[i] == '\n';
        strbuf_putc(&field, data[i++]);
      }
      bool end = i >= len || data[i] == delim || data[i] == '\n' || data[i] == '\r';
      if (!end) {
        unclosed_quote(diag, a, out, start_row, col, start_line, line, false);
        ok = false;
        goto done;
      }
    }
    /* unquoted text up to the delimiter */
    while (i < len && data[i] != delim && data[i] != '\n' && !(data[i] == '\r' && (i + 1 >= len || data[i + 1] == '\n'))) {
      strbuf_putc(&field, data[i++]);
    }
    if (field.len > 0 || quoted) {
      if (col >= IMP_MAX_COLS || row >= IMP_MAX_ROWS) {
        diag_error(diag, ((src_loc){out->file, 0, 0, NULL}),
                   L("more than %d rows or %d columns: is this the right file?",
                     "超过 %d 行或 %d 列：文件是否选错？"), IMP_MAX_ROWS, IMP_MAX_COLS);
        ok = false;
        goto done;
      }
      if (field.len > 0) {
        if (count == cap) cells = xgrow(cells, &cap, count + 1, sizeof *cells);
        /* CR LF inside a quoted field is one line break */
        char *t = strbuf_detach(&field), *w = t;
        for (char *r = t; *r; r++)
          if (!(r[0] == '\r' && r[1] == '\n')) *w++ = *r;
        *w = '\0';
        cells[count++] = (raw_cell){start_row, col, arena_strdup(a, t)};
        free(t);
        if (col > max_col) max_col = col;
        if (start_row > max_row) max_row = start_row, last_widest = widest;
        last_line = line;
      }
    }
    if (start_row == max_row && row == start_row) last_fields = col + 1;
    if (i >= len || data[i] != delim) {
      if ((size_t)row >= fcap) fields = xgrow(fields, &fcap, (size_t)row + 1, sizeof *fields);
      fields[row] = col + 1;
    }
    if (i >= len) break;
    if (data[i] == delim) {
      col++;
      i++;
    } else {
      if (data[i] == '\r') i++;
      i++; /* '\n' */
      line++;
      if (col + 1 > widest) widest = col + 1;
      row++;
      col = 0;
    }
  }
  /* Excel writes every column of every row and ends each line: a last row without its line end
   * and with fewer fields than the rows above is a file cut off (a copy or a download that
   * stopped). With its line end it may be a 合计 or a note row. */
  if (max_row >= 0 && last_fields < last_widest && len > 0 && data[len - 1] != '\n') {
    char have[16], all[16];
    col_letters(last_fields - 1, have);
    col_letters(last_widest - 1, all);
    diag_error(diag, ((src_loc){out->file, last_line, 0, NULL}),
               L("the last row ends after column %s, the rows above go to %s: the file looks cut off; "
                 "save it again from the spreadsheet (nothing was imported)",
                 "最后一行只到 %s 列，上面各行到 %s 列：文件似乎不完整；请从表格软件重新保存（未导入任何内容）"),
               have, all);
    ok = false;
    goto done;
  }
  out->rows = max_row + 1;
  out->cols = max_col + 1;
  if ((size_t)out->rows * (size_t)out->cols > IMP_MAX_CELLS) {
    diag_error(diag, ((src_loc){out->file, 0, 0, NULL}),
               L("more than %zu cells: is this the right file?", "超过 %zu 个单元格：文件是否选错？"),
               IMP_MAX_CELLS);
    ok = false;
    goto done;
  }
  out->cells = arena_alloc(a, (size_t)out->rows * (size_t)out->cols * sizeof(imp_cell) + 1);
  out->row_fields = arena_alloc(a, ((size_t)out->rows + 1) * sizeof *out->row_fields);
  out->row_line = arena_alloc(a, ((size_t)out->rows + 1) * sizeof *out->row_line);
  for (int r = 0; r < out->rows; r++) out->row_fields[r] = fields[r], out->row_line[r] = starts[r];
  for (size_t k = 0; k < count; k++) {
    imp_cell *c = sheet_cell(out, cells[k].row, cells[k].col);
    c->text = cells[k].text;
    c->type = CELL_TEXT;
  }
done:
  strbuf_release(&field);
  free(fields);
  free(starts);
  free(cells);
  return ok;
}

static bool read_whole(const char *path, strbuf *b, diag_sink *diag) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot open: %s", "无法打开：%s"), lang_strerror(errno));
    return false;
  }
  char buf[65536];
  size_t n;
  bool ok = true;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
    strbuf_append_n(b, buf, n);
    if (b->len > IMP_MAX_FILE_BYTES) {
      diag_error(diag, ((src_loc){path, 0, 0, NULL}),
                 L("larger than %zu MB: is this the right file?", "大于 %zu MB：文件是否选错？"),
                 IMP_MAX_FILE_BYTES >> 20);
      ok = false;
      break;
    }
  }
  if (ok && ferror(f)) {
    diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot read: %s", "无法读取：%s"), lang_strerror(errno));
    ok = false;
  }
  fclose(f);
  return ok;
}

/* The first bad bytes of a CSV that is not valid in its encoding, located at their line and (for
 * UTF-8) column, shown in hex with the text before them on their line: the clerk finds the row
 * by it. Every encoding here but UTF-16 keeps '\n' as is, so lines are counted in the raw bytes. */
static void bad_bytes_message(const char *path, const char *bytes, size_t len, size_t bad,
                              txt_encoding enc, diag_sink *diag) {
  if (bad > len) bad = len;
  int line = 1;
  size_t start = 0, record = 0; /* the line's start, and its record's (a quoted cell spans lines) */
  bool quoted = false;
  for (size_t k = 0; k < bad; k++) {
    if (bytes[k] == '"') quoted = !quoted; /* a doubled "" toggles twice */
    if (bytes[k] == '\n') {
      line++, start = k + 1;
      if (!quoted) record = k + 1;
    }
  }
  /* the run of bad bytes (at most 8 shown): bytes that start no character of the encoding */
  char hex[32] = "";
  int shown = 0;
  for (size_t k = bad; k < len && shown < 8; k++, shown++) {
    uint32_t cp;
    unsigned char c = (unsigned char)bytes[k];
    if (shown > 0 && (c < 0x80 || (enc == TXT_ENC_UTF8 && txt_utf8_decode(bytes + k, len - k, &cp))))
      break;
    snprintf(hex + strlen(hex), sizeof hex - strlen(hex), shown ? " %02x" : "%02x", c);
  }
  /* the line's text before them (its last 24 characters), and its column in characters */
  char *before = enc == TXT_ENC_UTF8 ? xstrndup(bytes + start, bad - start)
                                     : txt_to_utf8(bytes + start, bad - start, enc, NULL, NULL);
  int col = 0;
  const char *tail = before ? before : "";
  if (before) {
    for (const char *p = before; *p; p++) col += ((unsigned char)*p & 0xC0) != 0x80;
    int keep = col;
    while (keep > 24 && *tail) keep -= (((unsigned char)*++tail & 0xC0) != 0x80);
    col++;
  }
  if (enc != TXT_ENC_UTF8 && enc != TXT_ENC_GB18030) line = 0;
  strbuf after;
  strbuf_init(&after);
  /* far into a long row, or on a later line of a quoted cell, the row's beginning too: it names
   * the applicant (序号, 企业名称) */
  char *row = NULL;
  if (record < start) {
    size_t e = record;
    while (e < start && bytes[e] != '\n' && bytes[e] != '\r') e++;
    row = enc == TXT_ENC_UTF8 ? xstrndup(bytes + record, e - record)
                              : txt_to_utf8(bytes + record, e - record, enc, NULL, NULL);
  } else if (tail != before) {
    row = xstrdup(before);
  }
  int head = 0;
  for (int k = 0; row && row[head] && k < 16; k++)
    do head++; while (((unsigned char)row[head] & 0xC0) == 0x80);
  if (row)
    strbuf_printf(&after, L(" (in the row beginning \"%.*s…\", after \"…%s\")", "（该行开头为“%.*s…”，位于“…%s”之后）"),
                  head, row, tail);
  else if (*tail)
    strbuf_printf(&after, L(" (after \"%s\")", "（位于“%s”之后）"), tail);
  src_loc at = {path, line, enc == TXT_ENC_UTF8 ? col : 0, NULL};
  char are[64];
  snprintf(are, sizeof are, shown > 1 ? L("bytes %s are", "字节 %s") : L("byte %s is", "字节 %s"), hex);
  if (enc == TXT_ENC_UTF8)
    diag_error(diag, at,
               L("%s not valid UTF-8%s; the rest of the file is UTF-8: retype the text there, "
                 "or save the file again as CSV UTF-8 (or as .xlsx)",
                 "%s 不是有效的 UTF-8 编码%s；文件其余部分是 UTF-8：请重新输入该处文字，"
                 "或重新另存为“CSV UTF-8”（或 .xlsx）"),
               are, strbuf_str(&after));
  else
    diag_error(diag, at,
               L("%s not valid %s%s: save the file again as CSV UTF-8 (or as .xlsx)",
                 "%s 不是有效的 %s 编码%s：请重新另存为“CSV UTF-8”（或 .xlsx）"),
               are, txt_encoding_name(enc), strbuf_str(&after));
  strbuf_release(&after);
  free(before);
  free(row);
}

bool imp_read_csv(const char *path, arena *a, imp_sheet **sheets, size_t *count, size_t *cap,
                  diag_sink *diag) {
  strbuf raw;
  strbuf_init(&raw);
  bool ok = false;
  char *utf8 = NULL;
  int magic = imp_file_magic(path);
  if (magic == IMP_MAGIC_ZIP) {
    diag_error(diag, ((src_loc){path, 0, 0, NULL}),
               L("a workbook (.xlsx), not CSV text: give it its name ending .xlsx",
                 "这是工作簿（.xlsx），不是 CSV 文本：请把文件扩展名改为 .xlsx"));
    goto done;
  }
  if (magic == IMP_MAGIC_OLE) {
    imp_ole_message(path, diag);
    goto done;
  }
  if (!read_whole(path, &raw, diag)) goto done;
  const char *bytes = raw.data ? raw.data : "";
  txt_encoding enc = txt_detect_encoding(bytes, raw.len);
  size_t len = 0, bad = 0;
  if (!(utf8 = txt_to_utf8(bytes, raw.len, enc, &len, &bad))) {
    /* a short file has too few characters to tell: the encoding that reads further is the one
     * the file is in, and its first bad bytes are the ones to name */
    size_t bad8 = 0;
    if (enc == TXT_ENC_GB18030 && !txt_utf8_valid(bytes, raw.len, &bad8) && bad8 > bad)
      enc = TXT_ENC_UTF8, bad = bad8;
    bad_bytes_message(path, bytes, raw.len, bad, enc, diag);
    goto done;
  }
  if (*count == *cap) *sheets = xgrow(*sheets, cap, *count + 1, sizeof **sheets);
  ok = imp_parse_csv(utf8, len, path, a, &(*sheets)[*count], diag);
  if (ok) (*count)++;
done:
  free(utf8);
  strbuf_release(&raw);
  return ok;
}
