/* .xlsx (ECMA-376 SpreadsheetML) through libzip for the container and libxml2 for the parts:
 * workbook (sheet names, 1904 dates), shared strings, number formats (dates, percent), sheets
 * and their merged cells. Formulas are read as their cached values. */
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "import/import_private.h"

/* An uncompressed part larger than this is refused (a zip bomb, or not an office file). */
#define PART_MAX_BYTES ((size_t)256 * 1024 * 1024)

typedef struct {
  const char *path;
  zip_t *zip;
  arena *a;
  diag_sink *diag;
  const char **strings; /* shared strings */
  size_t string_count;
  const char *sst_part; /* the shared-string part, for messages; NULL: the workbook has none */
  const char *styles_part;
  unsigned char *xf_style; /* cell_style per cellXfs index */
  size_t xf_count;
  bool date1904;
} book;

static void damaged(book *b, const char *part, const char *why) {
  diag_error(b->diag, ((src_loc){b->path, 0, 0, NULL}),
             L("%s: %s: the workbook is damaged or not an .xlsx file; open it in Excel or WPS and "
               "save it again as .xlsx",
               "%s：%s：工作簿已损坏或不是 .xlsx 文件；请用 Excel 或 WPS 打开后重新另存为 .xlsx"),
             part, why);
}

/* Reads a part into memory; NULL when absent ('required' reports it). Caller frees. */
static char *read_part(book *b, const char *name, bool required, size_t *len) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(b->zip, name, 0, &st) != 0) {
    if (required) damaged(b, name, L("missing", "缺失"));
    return NULL;
  }
  if ((st.valid & ZIP_STAT_SIZE) && st.size > PART_MAX_BYTES) {
    damaged(b, name, L("inflates to more than 256 MiB", "解压后超过 256 MiB"));
    return NULL;
  }
  zip_file_t *f = zip_fopen(b->zip, name, 0);
  if (!f) {
    damaged(b, name, zip_strerror(b->zip));
    return NULL;
  }
  /* The directory's size is a claim, not a fact: it never sizes the buffer beyond 1 MiB, and a
   * part that inflates to more than it claims is damaged (stopped at once, not at the cap) */
  bool declared = st.valid & ZIP_STAT_SIZE;
  size_t cap = declared && st.size < ((zip_uint64_t)1 << 20) ? (size_t)st.size + 1 : 65536, n = 0;
  char *buf = xmalloc(cap);
  for (;;) {
    if (n + 1 >= cap) buf = xgrow(buf, &cap, n + 65536, 1);
    zip_int64_t got = zip_fread(f, buf + n, cap - n - 1);
    if (got < 0) {
      damaged(b, name, zip_file_strerror(f));
      free(buf);
      zip_fclose(f);
      return NULL;
    }
    if (got == 0) break;
    n += (size_t)got;
    if (declared && n > st.size) {
      char why[160];
      snprintf(why, sizeof why,
               L("inflates to more than the %llu bytes the ZIP directory declares",
                 "解压后超过 ZIP 目录所记的 %llu 字节"),
               (unsigned long long)st.size);
      damaged(b, name, why);
      free(buf);
      zip_fclose(f);
      return NULL;
    }
    if (n > PART_MAX_BYTES) {
      damaged(b, name, L("inflates to more than 256 MiB", "解压后超过 256 MiB"));
      free(buf);
      zip_fclose(f);
      return NULL;
    }
  }
  zip_fclose(f);
  buf[n] = '\0';
  *len = n;
  return buf;
}

static xmlDocPtr parse_part(book *b, const char *name, bool required) {
  size_t len = 0;
  char *data = read_part(b, name, required, &len);
  if (!data) return NULL;
  /* a DTD is refused before parsing: its entities could make a small part enormous, and the
   * parser's own refusal would read as "not well-formed" */
  if (memmem(data, len, "<!DOCTYPE", 9)) {
    damaged(b, name, L("holds a DTD, which an office file never does", "含有 DTD，正常的办公文件不会有"));
    free(data);
    return NULL;
  }
  /* Never fetch or expand anything: no network, no entity substitution, no DTD loading. */
  xmlDocPtr doc = xmlReadMemory(data, (int)len, name, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                    XML_PARSE_COMPACT);
  free(data);
  if (!doc) {
    const xmlError *e = xmlGetLastError();
    char why[160];
    snprintf(why, sizeof why, L("not well-formed XML (line %d)", "XML 格式错误（第 %d 行）"), e ? e->line : 0);
    damaged(b, name, why);
    return NULL;
  }
  if (doc->intSubset || !xmlDocGetRootElement(doc)) {
    damaged(b, name, L("holds a DTD, which an office file never does", "含有 DTD，正常的办公文件不会有"));
    xmlFreeDoc(doc);
    return NULL;
  }
  return doc;
}

static bool is(const xmlNode *n, const char *local) {
  return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

static xmlNode *child(const xmlNode *n, const char *local) {
  for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (is(c, local)) return c;
  return NULL;
}

/* An attribute by local name, whatever its namespace (r:id). Borrowed from the document's
 * dictionary-free copy: the caller copies it if it must outlive the document. */
static char *attr(const xmlNode *n, const char *local) {
  for (xmlAttr *a = n->properties; a; a = a->next)
    if (strcmp((const char *)a->name, local) == 0) return (char *)xmlNodeGetContent((xmlNode *)a);
  return NULL;
}

/* Text of <t> descendants, skipping phonetic runs (<rPh>), with OOXML's _xHHHH_ escapes
 * decoded (_x000D_ is a carriage return Excel keeps from pasted text). */
static void collect_text(const xmlNode *n, strbuf *out) {
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (is(c, "rPh") || is(c, "phoneticPr")) continue;
    if (is(c, "t")) {
      xmlChar *t = xmlNodeGetContent(c);
      if (t) strbuf_append(out, (const char *)t);
      xmlFree(t);
    } else {
      collect_text(c, out);
    }
  }
}

const char *imp_xlsx_unescape(arena *a, const char *s) {
  if (!strstr(s, "_x")) return arena_strdup(a, s);
  strbuf b;
  strbuf_init(&b);
  for (const char *p = s; *p;) {
    unsigned v;
    int used = 0;
    if (p[0] == '_' && p[1] == 'x' && sscanf(p + 2, "%4x_%n", &v, &used) == 1 && used == 5) {
      if (v == 0x0D) {
        /* CR: line breaks stay '\n' only */
      } else if (v < 0x80) {
        strbuf_putc(&b, (char)v);
      } else {
        char u[4];
        size_t n = 0;
        if (v < 0x800) u[n++] = (char)(0xC0 | (v >> 6)), u[n++] = (char)(0x80 | (v & 0x3F));
        else u[n++] = (char)(0xE0 | (v >> 12)), u[n++] = (char)(0x80 | ((v >> 6) & 0x3F)),
             u[n++] = (char)(0x80 | (v & 0x3F));
        strbuf_append_n(&b, u, n);
      }
      p += 7;
    } else {
      strbuf_putc(&b, *p++);
    }
  }
  const char *r = arena_strdup(a, strbuf_str(&b));
  strbuf_release(&b);
  return r;
}

/* The part the workbook's relationships name: missing or damaged, it is an error (its cells
 * would read as empty). Streamed (xlsx_sst.c). */
static bool load_shared_strings(book *b, const char *part) {
  b->sst_part = arena_strdup(b->a, part);
  return imp_xlsx_shared_strings(b->zip, b->path, part, b->a, &b->strings, &b->string_count, b->diag);
}

/* A number format shows a date when its code has d, m or y outside quotes and brackets
 * ([Red], [$-804]); a percent when it has %. Built-in ids: ECMA-376 Part 1, 18.8.30. */
static cell_style style_of_code(const char *code) {
  bool quoted = false, bracket = false, date = false;
  for (const char *p = code; *p; p++) {
    if (*p == '"') quoted = !quoted;
    else if (quoted) continue;
    else if (*p == '\\') { if (p[1]) p++; }
    else if (*p == '[') bracket = true;
    else if (*p == ']') bracket = false;
    else if (bracket) continue;
    else if (*p == '%') return STYLE_PERCENT;
    else if (*p == '@') return STYLE_TEXT;
    else if (strchr("dmyDMY", *p) || strncmp(p, "年", 3) == 0 || strncmp(p, "日", 3) == 0) date = true;
  }
  return date ? STYLE_DATE : STYLE_NONE;
}

static cell_style style_of_builtin(long id) {
  if (id == 9 || id == 10) return STYLE_PERCENT;
  if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
    return STYLE_DATE;
  if (id == 49) return STYLE_TEXT;
  return STYLE_NONE;
}

static void load_styles(book *b) {
  xmlDocPtr doc = parse_part(b, "xl/styles.xml", false);
  if (!doc) return;
  xmlNode *root = xmlDocGetRootElement(doc);
  typedef struct { long id; cell_style style; } fmt;
  fmt *fmts = NULL;
  size_t nf = 0, capf = 0, capx = 0;
  for (xmlNode *f = child(child(root, "numFmts"), "numFmt"); f; f = f->next) {
    if (!is(f, "numFmt")) continue;
    char *id = attr(f, "numFmtId"), *code = attr(f, "formatCode");
    if (id && code) {
      if (nf == capf) fmts = xgrow(fmts, &capf, nf + 1, sizeof *fmts);
      fmts[nf++] = (fmt){strtol(id, NULL, 10), style_of_code(code)};
    }
    xmlFree(id);
    xmlFree(code);
  }
  for (xmlNode *x = child(child(root, "cellXfs"), "xf"); x; x = x->next) {
    if (!is(x, "xf")) continue;
    char *id = attr(x, "numFmtId");
    long fid = id ? strtol(id, NULL, 10) : 0;
    xmlFree(id);
    cell_style st = style_of_builtin(fid);
    for (size_t i = 0; i < nf; i++)
      if (fmts[i].id == fid) st = fmts[i].style;
    if (b->xf_count == capx) b->xf_style = xgrow(b->xf_style, &capx, b->xf_count + 1, 1);
    b->xf_style[b->xf_count++] = (unsigned char)st;
  }
  free(fmts);
  xmlFreeDoc(doc);
}

/* "AB12" → row 11, column 27; false when malformed. */
static bool parse_ref(const char *ref, int *row, int *col) {
  int c = 0, r = 0, nl = 0, nd = 0;
  const char *p = ref;
  for (; *p >= 'A' && *p <= 'Z' && nl < 4; p++, nl++) c = c * 26 + (*p - 'A' + 1);
  for (; *p >= '0' && *p <= '9' && nd < 8; p++, nd++) r = r * 10 + (*p - '0');
  if (!nl || !nd || *p || r < 1) return false;
  *row = r - 1;
  *col = c - 1;
  return true;
}

typedef struct {
  int row, col;
  imp_cell cell;
} placed;

/* A reference inside the workbook that does not resolve (a shared string past the table, a
 * style that is not there): the workbook is damaged, and the cell would read as empty or
 * wrong. Named with its cell and the part; the first ten of a sheet, then a count. */
static void unresolved(book *b, const imp_sheet *out, int r, int c, int *count, const char *what,
                       const char *value, size_t have, const char *part) {
  if (++*count > 10) return;
  diag_error(b->diag, ((src_loc){imp_cell_where(b->a, out, r, c), 0, 0, NULL}),
             L("refers to %s %s, %s has %zu: the workbook is damaged; open it in Excel or WPS and "
               "save it again",
               "引用了%s %s，而 %s 只有 %zu 个：工作簿已损坏；请用 Excel 或 WPS 打开后重新保存"),
             what, value ? value : "(none)", part ? part : L("the workbook", "工作簿"), have);
}

/* The value of one <c> at row r, column c; false after reporting an unresolved reference. */
static bool cell_value(book *b, const imp_sheet *out, xmlNode *cn, int r, int c, int *bad, imp_cell *cell) {
  char *t = attr(cn, "t"), *s = attr(cn, "s");
  xmlNode *v = child(cn, "v");
  xmlChar *vt = v ? xmlNodeGetContent(v) : NULL;
  const char *type = t ? t : "n";
  bool ok = true;
  memset(cell, 0, sizeof *cell);
  if (strcmp(type, "s") == 0 && vt) {
    char *end;
    errno = 0;
    long k = strtol((const char *)vt, &end, 10);
    if (end != (char *)vt && !*end && !errno && k >= 0 && (size_t)k < b->string_count)
      cell->text = b->strings[k], cell->type = CELL_TEXT;
    else
      ok = false, unresolved(b, out, r, c, bad, L("shared string", "共享字符串"), (const char *)vt,
                             b->string_count, b->sst_part);
  } else if (strcmp(type, "inlineStr") == 0) {
    strbuf is_text;
    strbuf_init(&is_text);
    collect_text(cn, &is_text);
    cell->text = imp_xlsx_unescape(b->a, strbuf_str(&is_text)), cell->type = CELL_TEXT;
    strbuf_release(&is_text);
  } else if (vt && (strcmp(type, "str") == 0)) {
    cell->text = imp_xlsx_unescape(b->a, (const char *)vt), cell->type = CELL_TEXT;
  } else if (vt && strcmp(type, "b") == 0) {
    cell->text = arena_strdup(b->a, (const char *)vt), cell->type = CELL_BOOL;
  } else if (vt && strcmp(type, "e") == 0) {
    cell->text = arena_strdup(b->a, (const char *)vt), cell->type = CELL_ERROR;
  } else if (vt && (strcmp(type, "n") == 0 || strcmp(type, "d") == 0)) {
    cell->text = arena_strdup(b->a, (const char *)vt), cell->type = CELL_NUMBER;
  }
  if (ok && !cell->text && !vt && child(cn, "f") && strcmp(type, "inlineStr") != 0) {
    /* a formula whose value was never saved (files written by scripts, not by Excel) */
    cell->text = "", cell->type = CELL_ERROR;
  }
  if (s && cell->text) {
    char *end;
    errno = 0;
    long xi = strtol(s, &end, 10);
    if (end != s && !*end && !errno && xi >= 0 && (size_t)xi < b->xf_count) cell->style = b->xf_style[xi];
    else if (xi != 0 || b->xf_count) /* s="0" without styles.xml is Excel's default style */
      ok = false, unresolved(b, out, r, c, bad, L("cell style", "单元格样式"), s, b->xf_count,
                             b->styles_part ? b->styles_part : "xl/styles.xml");
  }
  xmlFree(vt);
  xmlFree(t);
  xmlFree(s);
  return ok;
}

static bool hidden_attr(const xmlNode *n) {
  char *h = attr(n, "hidden");
  bool yes = h && (strcmp(h, "1") == 0 || strcmp(h, "true") == 0);
  xmlFree(h);
  return yes;
}

/* The hidden columns of a <cols> (0-based ranges), noted as the sheet streams by. */
typedef struct {
  int (*ranges)[2];
  size_t count, cap;
} hidden_cols;

static void note_hidden_cols(xmlNode *cols, hidden_cols *hc) {
  for (xmlNode *cl = child(cols, "col"); cl; cl = cl->next) {
    if (!is(cl, "col") || !hidden_attr(cl)) continue;
    char *lo = attr(cl, "min"), *hi = attr(cl, "max");
    int c0 = lo ? atoi(lo) - 1 : -1, c1 = hi ? atoi(hi) - 1 : c0;
    xmlFree(lo);
    xmlFree(hi);
    if (hc->count == hc->cap) hc->ranges = xgrow(hc->ranges, &hc->cap, hc->count + 1, sizeof *hc->ranges);
    hc->ranges[hc->count][0] = c0 < 0 ? 0 : c0;
    hc->ranges[hc->count++][1] = c1;
  }
}

/* Hidden columns that hold data: imported like the others, but the office does not see them on
 * screen, so each is named. */
static void warn_hidden_cols(book *b, const imp_sheet *out, const hidden_cols *hc) {
  for (size_t i = 0; i < hc->count; i++)
    for (int c = hc->ranges[i][0]; c <= hc->ranges[i][1] && c < out->cols; c++)
      for (int r = 0; r < out->rows; r++) {
        if (!sheet_cell(out, r, c)->text) continue;
        char ref[16];
        imp_cell_ref(0, c, ref);
        ref[strcspn(ref, "0123456789")] = '\0';
        diag_warning(b->diag, ((src_loc){imp_cell_where(b->a, out, r, c), 0, 0, NULL}),
                     L("column %s is hidden; it is imported like the others (unhide it to check it)",
                       "第 %s 列已隐藏；仍照常导入（请取消隐藏后核对）"), ref);
        break;
      }
}

/* The cells read so far of a sheet being streamed. */
typedef struct {
  placed *cells;
  size_t count, cap;
  int row, bad, max_row, max_col;
} sheet_cells;

/* The cells of one <row>; false after reporting a row that comes again or a value out of bounds. */
static bool read_row(book *b, xmlNode *rn, imp_sheet *out, sheet_cells *sc) {
  char *rattr = attr(rn, "r");
  int prev = sc->row;
  sc->row = rattr ? atoi(rattr) - 1 : sc->row + 1;
  xmlFree(rattr);
  int row = sc->row;
  if (row <= prev) {
    /* Excel writes rows in order, once each: a row again would replace cells without a word */
    diag_error(b->diag, ((src_loc){imp_cell_where(b->a, out, row < 0 ? 0 : row, 0), 0, 0, NULL}),
               L("row %d comes again after row %d in the sheet's part: the workbook is damaged; open "
                 "it in Excel or WPS and save it again",
                 "第 %d 行在工作表内容中重复出现（在第 %d 行之后）：工作簿已损坏；请用 Excel 或 WPS 打开后重新保存"),
               row + 1, prev + 1);
    return false;
  }
  bool hidden = hidden_attr(rn), warned = false;
  int col = -1;
  for (xmlNode *cn = rn->children; cn; cn = cn->next) {
    if (!is(cn, "c")) continue;
    char *ref = attr(cn, "r");
    int r = row, c = col + 1;
    if (ref && !parse_ref(ref, &r, &c)) r = row, c = col + 1;
    xmlFree(ref);
    if (r != row || c <= col) {
      /* Excel writes a row's cells in order, once each: a cell again (or one of another row)
       * would replace a value without a word */
      diag_error(b->diag, ((src_loc){imp_cell_where(b->a, out, r < 0 ? 0 : r, c < 0 ? 0 : c), 0, 0, NULL}),
                 L("this cell comes again, or out of its row (%d), in the sheet's part: the workbook is "
                   "damaged; open it in Excel or WPS and save it again",
                   "此单元格在工作表内容中重复出现或不在其所在行（第 %d 行）：工作簿已损坏；请用 Excel 或 WPS 打开后重新保存"),
                 row + 1);
      return false;
    }
    col = c;
    imp_cell cell;
    if (!cell_value(b, out, cn, r, c, &sc->bad, &cell)) continue;
    if (!cell.text || (!*cell.text && cell.type != CELL_ERROR) || r < 0 || c < 0) continue;
    if (r >= IMP_MAX_ROWS || c >= IMP_MAX_COLS) {
      diag_error(b->diag, ((src_loc){imp_cell_where(b->a, out, r, c), 0, 0, NULL}),
                 L("a value beyond row %d or column %d: is this the right sheet?",
                   "数据超出第 %d 行或第 %d 列：工作表是否选错？"), IMP_MAX_ROWS, IMP_MAX_COLS);
      return false;
    }
    if (hidden && !warned) {
      /* offices hide a row to take it out without deleting it: it is still imported */
      diag_warning(b->diag, ((src_loc){imp_cell_where(b->a, out, r, c), 0, 0, NULL}),
                   L("row %d is hidden; it is imported like the others (delete it if it should not be)",
                     "第 %d 行已隐藏；仍照常导入（如不应导入请删除该行）"), r + 1);
      warned = true;
    }
    if (sc->count == sc->cap) sc->cells = xgrow(sc->cells, &sc->cap, sc->count + 1, sizeof *sc->cells);
    sc->cells[sc->count++] = (placed){r, c, cell};
    if (r > sc->max_row) sc->max_row = r;
    if (c > sc->max_col) sc->max_col = c;
  }
  return true;
}

static void read_merges(book *b, xmlNode *merge_cells, imp_sheet *out) {
  size_t mcap = 0;
  imp_range *merges = NULL;
  for (xmlNode *m = child(merge_cells, "mergeCell"); m; m = m->next) {
    if (!is(m, "mergeCell")) continue;
    char *ref = attr(m, "ref");
    char *colon = ref ? strchr(ref, ':') : NULL;
    imp_range rg;
    if (colon) {
      *colon = '\0';
      if (parse_ref(ref, &rg.r0, &rg.c0) && parse_ref(colon + 1, &rg.r1, &rg.c1) && rg.r0 <= rg.r1 &&
          rg.c0 <= rg.c1) {
        if ((size_t)out->merge_count == mcap) merges = xgrow(merges, &mcap, (size_t)out->merge_count + 1, sizeof *merges);
        merges[out->merge_count++] = rg;
      }
    }
    xmlFree(ref);
  }
  if (out->merge_count) {
    out->merges = arena_alloc(b->a, (size_t)out->merge_count * sizeof *merges);
    memcpy(out->merges, merges, (size_t)out->merge_count * sizeof *merges);
  }
  free(merges);
}

static bool named(xmlTextReaderPtr r, const char *local) {
  const xmlChar *n = xmlTextReaderConstLocalName(r);
  return n && strcmp((const char *)n, local) == 0;
}

/* Reads the sheet's part as a stream, one <row> (and the <cols>, the <mergeCells>) expanded at a
 * time: memory grows with the cells' values, not with a document tree of the whole sheet (a
 * 50,000-row sheet took about 1.5 GB as a tree). False after reporting. */
static bool stream_sheet(book *b, const char *part, imp_sheet *out, sheet_cells *sc, hidden_cols *hc) {
  imp_part_stream ps;
  const char *why = NULL;
  char buf[200];
  /* the sheet as the office knows it (建安区), and its part for whoever repairs the file */
  char label[400];
  snprintf(label, sizeof label, L("sheet %s (%s)", "工作表“%s”（%s）"), out->name, part);
  xmlTextReaderPtr r = imp_xlsx_stream_open(b->zip, part, &ps, &why);
  if (!r) {
    damaged(b, label, why);
    return false;
  }
  bool ok = true;
  int rc = xmlTextReaderRead(r);
  while (rc == 1 && ok) {
    int type = xmlTextReaderNodeType(r), depth = xmlTextReaderDepth(r);
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
      rc = -2; /* a DTD: refused, never expanded */
      break;
    }
    bool row = depth == 2 && named(r, "row"), cols = depth == 1 && named(r, "cols"),
         merges = depth == 1 && named(r, "mergeCells");
    if (type != XML_READER_TYPE_ELEMENT || !(row || cols || merges)) {
      rc = xmlTextReaderRead(r);
      continue;
    }
    xmlNode *n = xmlTextReaderExpand(r);
    if (!n) {
      rc = -1;
      break;
    }
    if (row) ok = read_row(b, n, out, sc);
    else if (cols) note_hidden_cols(n, hc);
    else read_merges(b, n, out);
    rc = xmlTextReaderNext(r); /* past it: the reader frees the subtree */
  }
  why = imp_xlsx_stream_close(r, &ps, ok ? rc : 0, buf);
  if (why) damaged(b, label, why);
  return ok && !why;
}

static bool load_sheet(book *b, const char *part, const char *name, imp_sheet *out) {
  memset(out, 0, sizeof *out);
  out->file = b->path;
  out->name = arena_strdup(b->a, name);
  out->date1904 = b->date1904;
  sheet_cells sc = {.row = -1, .max_row = -1, .max_col = -1};
  hidden_cols hc = {0};
  bool ok = stream_sheet(b, part, out, &sc, &hc);
  if (sc.bad > 10)
    diag_error(b->diag, ((src_loc){imp_cell_where(b->a, out, 0, 0), 0, 0, NULL}),
               L("%d more cells of this sheet refer to what the workbook does not have",
                 "此工作表另有 %d 个单元格引用了工作簿中不存在的内容"), sc.bad - 10);
  ok = ok && !sc.bad;
  if (ok) {
    out->rows = sc.max_row + 1;
    out->cols = sc.max_col + 1;
    if ((size_t)out->rows * (size_t)out->cols > IMP_MAX_CELLS) {
      diag_error(b->diag, ((src_loc){imp_cell_where(b->a, out, 0, 0), 0, 0, NULL}),
                 L("more than %zu cells: is this the right sheet?", "超过 %zu 个单元格：工作表是否选错？"),
                 IMP_MAX_CELLS);
      ok = false;
    }
  }
  if (ok) {
    out->cells = arena_alloc(b->a, (size_t)out->rows * (size_t)out->cols * sizeof(imp_cell) + 1);
    for (size_t i = 0; i < sc.count; i++) *sheet_cell(out, sc.cells[i].row, sc.cells[i].col) = sc.cells[i].cell;
    warn_hidden_cols(b, out, &hc);
    imp_sheet_finish(out, b->a);
  }
  free(sc.cells);
  free(hc.ranges);
  return ok;
}

/* "worksheets/sheet1.xml" relative to xl/, or "/xl/worksheets/sheet1.xml" from the root. */
static char *part_path(const char *target) {
  strbuf p;
  strbuf_init(&p);
  if (target[0] == '/') strbuf_append(&p, target + 1);
  else strbuf_printf(&p, "xl/%s", target);
  return strbuf_detach(&p);
}

static bool ole_encrypted(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  /* a stream name of an encrypted OOXML package (MS-OFFCRYPTO), UTF-16LE in the directory */
  static const char name[] = "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0";
  enum { NAME = sizeof name - 1, CHUNK = 65536 };
  char buf[CHUNK + NAME];
  size_t keep = 0, n, total = 0;
  bool found = false;
  while (!found && total < IMP_MAX_FILE_BYTES && (n = fread(buf + keep, 1, CHUNK, f)) > 0) {
    found = memmem(buf, keep + n, name, NAME) != NULL;
    size_t have = keep + n, tail = have < NAME ? have : NAME; /* a name across two chunks */
    memmove(buf, buf + have - tail, tail);
    keep = tail;
    total += n;
  }
  fclose(f);
  return found;
}

int imp_file_magic(const char *path) {
  unsigned char m[8] = {0};
  FILE *f = fopen(path, "rb");
  if (!f) return IMP_MAGIC_OTHER;
  size_t n = fread(m, 1, sizeof m, f);
  fclose(f);
  if (n >= 4 && memcmp(m, "PK\3\4", 4) == 0) return IMP_MAGIC_ZIP;
  if (n == 8 && memcmp(m, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) return IMP_MAGIC_OLE;
  return IMP_MAGIC_OTHER;
}

/* An OLE compound file: Excel 97-2003 (.xls), or — common in offices — an .xlsx with a password,
 * which Excel stores encrypted in this container. */
void imp_ole_message(const char *path, diag_sink *diag) {
  if (ole_encrypted(path))
    diag_error(diag, ((src_loc){path, 0, 0, NULL}),
               L("a workbook protected by a password (it is encrypted): remove the password in Excel "
                 "or WPS (文件 → 信息 → 保护工作簿 → 用密码进行加密, empty) and save it again",
                 "工作簿设有打开密码（已加密）：请在 Excel 或 WPS 中取消密码（文件 → 信息 → 保护工作簿 → "
                 "用密码进行加密，清空）后重新保存"));
  else
    diag_error(diag, ((src_loc){path, 0, 0, NULL}),
               L("an old Excel 97-2003 file (.xls), or a workbook protected by a password: save it "
                 "as .xlsx in Excel or WPS (and remove any password: 文件 → 信息 → 保护工作簿)",
                 "旧版 Excel 97-2003 文件（.xls）或设有密码的工作簿：请在 Excel 或 WPS 中另存为 .xlsx"
                 "（如有密码请先取消：文件 → 信息 → 保护工作簿）"));
}

bool imp_read_xlsx(const char *path, arena *a, imp_sheet **sheets, size_t *count, size_t *cap,
                   diag_sink *diag) {
  int err = 0;
  if (imp_file_magic(path) == IMP_MAGIC_OLE) {
    imp_ole_message(path, diag);
    return false;
  }
  book b = {.path = path, .a = a, .diag = diag};
  b.zip = zip_open(path, ZIP_RDONLY, &err);
  if (!b.zip) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    FILE *probe = err == ZIP_ER_OPEN || err == ZIP_ER_READ ? fopen(path, "rb") : NULL;
    int sys = errno; /* libzip's int error drops it: the system's reason, in the user's language */
    if (probe) fclose(probe);
    if ((err == ZIP_ER_OPEN || err == ZIP_ER_READ) && !probe)
      diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot open: %s", "无法打开：%s"), lang_strerror(sys));
    else if (err == ZIP_ER_OPEN || err == ZIP_ER_READ)
      diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot open: %s", "无法打开：%s"), zip_error_strerror(&ze));
    else if (imp_file_magic(path) == IMP_MAGIC_ZIP)
      /* it starts as a ZIP does but its central directory (at the end) is missing or wrong: a
       * file cut short by a copy or a download, not an .xls or a renamed file */
      diag_error(diag, ((src_loc){path, 0, 0, NULL}),
                 L("the workbook is damaged or incomplete (a copy or a download cut short?): copy or "
                   "download it again, or open it in Excel or WPS and save it again as .xlsx (%s)",
                   "工作簿已损坏或不完整（复制或下载未完成？）：请重新复制或下载该文件，或用 Excel 或 WPS "
                   "打开后重新另存为 .xlsx（%s）"),
                 zip_error_strerror(&ze));
    else
      diag_error(diag, ((src_loc){path, 0, 0, NULL}),
                 L("not an .xlsx workbook (%s): an old .xls or a renamed file must be saved again "
                   "as .xlsx in Excel or WPS",
                   "不是 .xlsx 工作簿（%s）：旧版 .xls 或改了扩展名的文件请在 Excel 或 WPS 中另存为 .xlsx"),
                 zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return false;
  }
  bool ok = false;
  xmlDocPtr wb = NULL, rels = NULL;
  if (!(wb = parse_part(&b, "xl/workbook.xml", true))) goto done;
  if (!(rels = parse_part(&b, "xl/_rels/workbook.xml.rels", true))) goto done;
  xmlNode *wroot = xmlDocGetRootElement(wb), *rroot = xmlDocGetRootElement(rels);
  xmlNode *pr = child(wroot, "workbookPr");
  if (pr) {
    char *d = attr(pr, "date1904");
    b.date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    xmlFree(d);
  }
  for (xmlNode *r = child(rroot, "Relationship"); r; r = r->next) {
    if (!is(r, "Relationship")) continue;
    char *type = attr(r, "Type"), *target = attr(r, "Target");
    if (type && target && strlen(type) > 14 && strcmp(type + strlen(type) - 14, "/sharedStrings") == 0) {
      char *p = part_path(target);
      bool loaded = load_shared_strings(&b, p);
      free(p);
      if (!loaded) {
        xmlFree(type);
        xmlFree(target);
        goto done;
      }
    }
    xmlFree(type);
    xmlFree(target);
  }
  load_styles(&b);
  ok = true;
  size_t before = *count;
  for (xmlNode *s = child(child(wroot, "sheets"), "sheet"); s; s = s->next) {
    if (!is(s, "sheet")) continue;
    char *name = attr(s, "name"), *rid = attr(s, "id"), *state = attr(s, "state");
    char *target = NULL;
    for (xmlNode *r = child(rroot, "Relationship"); r && rid; r = r->next) {
      if (!is(r, "Relationship")) continue;
      char *id = attr(r, "Id");
      if (id && strcmp(id, rid) == 0) target = attr(r, "Target");
      xmlFree(id);
      if (target) break;
    }
    /* hidden sheets hold lookup lists and old versions, not what the office sends */
    bool hidden = state && strcmp(state, "visible") != 0;
    if (!hidden && target && name) {
      char *p = part_path(target);
      if (*count == *cap) *sheets = xgrow(*sheets, cap, *count + 1, sizeof **sheets);
      if (load_sheet(&b, p, name, &(*sheets)[*count])) (*count)++;
      else ok = false;
      free(p);
    } else if (!hidden && name) {
      damaged(&b, name, L("the sheet's part is missing", "工作表内容缺失"));
      ok = false;
    } else if (hidden && name) {
      diag_warning(diag, ((src_loc){path, 0, 0, NULL}),
                   L("sheet %s is hidden; it is not imported (unhide it if it should be)",
                     "工作表“%s”已隐藏，未导入（如需导入请取消隐藏）"), name);
    }
    xmlFree(name);
    xmlFree(rid);
    xmlFree(state);
    xmlFree(target);
  }
  if (ok && *count == before) {
    diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("the workbook has no visible sheet", "工作簿中没有可见的工作表"));
    ok = false;
  }
done:
  xmlFreeDoc(wb);
  xmlFreeDoc(rels);
  free(b.strings);
  free(b.xf_style);
  zip_discard(b.zip);
  return ok;
}
