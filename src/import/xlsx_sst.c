/* Parts of an .xlsx read as streams straight from the ZIP (imp_xlsx_stream_open: the sheets, in
 * xlsx.c) and the shared-string table (xl/sharedStrings.xml): no copy of the part and no document
 * tree, so memory grows with the values' own bytes (3 million unused strings took 1.27 GB as a
 * tree). The sizes the ZIP declares are not trusted: a part that inflates beyond them, or beyond
 * 256 MiB, is refused as it is read. */
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <string.h>
#include <zip.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "import/import_private.h"

#define PART_MAX_BYTES ((zip_uint64_t)256 * 1024 * 1024)

static int stream_read(void *ctx, char *buf, int len) {
  imp_part_stream *ps = ctx;
  zip_int64_t got = zip_fread(ps->f, buf, (zip_uint64_t)len);
  if (got < 0) {
    snprintf(ps->why, sizeof ps->why, "%s", zip_file_strerror(ps->f));
    return -1;
  }
  ps->n += (zip_uint64_t)got;
  if (ps->has_declared && ps->n > ps->declared)
    snprintf(ps->why, sizeof ps->why,
             L("inflates to more than the %llu bytes the ZIP directory declares", "解压后超过 ZIP 目录所记的 %llu 字节"),
             (unsigned long long)ps->declared);
  else if (ps->n > PART_MAX_BYTES)
    snprintf(ps->why, sizeof ps->why, "%s", L("inflates to more than 256 MiB", "解压后超过 256 MiB"));
  return ps->why[0] ? -1 : (int)got;
}

static int stream_close(void *ctx) {
  (void)ctx;
  return 0;
}

static bool named(xmlTextReaderPtr r, const char *local) {
  const xmlChar *n = xmlTextReaderConstLocalName(r);
  return n && strcmp((const char *)n, local) == 0;
}

/* Appends one <si>'s text (its <t>s outside phonetic runs) as each </si> closes. */
static void read_items(xmlTextReaderPtr r, arena *a, const char ***strings, size_t *count, int *rc) {
  size_t cap = 0;
  strbuf t;
  strbuf_init(&t);
  int in_t = 0, in_phonetic = 0;
  while ((*rc = xmlTextReaderRead(r)) == 1) {
    int type = xmlTextReaderNodeType(r), depth = xmlTextReaderDepth(r);
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
      *rc = -2; /* a DTD: refused, never expanded */
      break;
    }
    bool empty = xmlTextReaderIsEmptyElement(r) == 1;
    if (type == XML_READER_TYPE_ELEMENT) {
      if (depth == 1 && named(r, "si")) strbuf_reset(&t), in_t = in_phonetic = 0;
      else if (named(r, "rPh") || named(r, "phoneticPr")) in_phonetic += !empty;
      else if (named(r, "t")) in_t += !empty;
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
      if (named(r, "rPh") || named(r, "phoneticPr")) in_phonetic--;
      else if (named(r, "t")) in_t--;
    } else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                type == XML_READER_TYPE_CDATA) && in_t > 0 && in_phonetic <= 0) {
      const xmlChar *v = xmlTextReaderConstValue(r);
      if (v) strbuf_append(&t, (const char *)v);
    }
    if (depth == 1 && named(r, "si") && (type == XML_READER_TYPE_END_ELEMENT || (type == XML_READER_TYPE_ELEMENT && empty))) {
      if (*count == cap) *strings = xgrow(*strings, &cap, *count + 1, sizeof **strings);
      (*strings)[(*count)++] = imp_xlsx_unescape(a, strbuf_str(&t));
    }
  }
  strbuf_release(&t);
}

xmlTextReaderPtr imp_xlsx_stream_open(zip_t *zip, const char *part, imp_part_stream *ps, const char **why) {
  zip_stat_t st;
  zip_stat_init(&st);
  memset(ps, 0, sizeof *ps);
  *why = NULL;
  if (zip_stat(zip, part, 0, &st) != 0) *why = L("missing", "缺失");
  else if (!(ps->f = zip_fopen(zip, part, 0))) *why = zip_strerror(zip);
  if (*why) return NULL;
  ps->has_declared = (st.valid & ZIP_STAT_SIZE) != 0;
  ps->declared = st.size;
  if (ps->has_declared && st.size > PART_MAX_BYTES) {
    *why = L("inflates to more than 256 MiB", "解压后超过 256 MiB");
    zip_fclose(ps->f);
    ps->f = NULL;
    return NULL;
  }
  xmlTextReaderPtr r = xmlReaderForIO(stream_read, stream_close, ps, part, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
  if (!r) {
    *why = L("cannot be read", "无法读取");
    zip_fclose(ps->f);
    ps->f = NULL;
  }
  return r;
}

const char *imp_xlsx_stream_close(xmlTextReaderPtr r, imp_part_stream *ps, int rc, char buf[200]) {
  int line = r ? xmlTextReaderGetParserLineNumber(r) : 0;
  xmlFreeTextReader(r);
  if (ps->f) zip_fclose(ps->f);
  ps->f = NULL;
  if (ps->why[0]) return ps->why;
  if (rc == -2) return L("holds a DTD, which an office file never does", "含有 DTD，正常的办公文件不会有");
  if (rc < 0) {
    snprintf(buf, 200, L("not well-formed XML (line %d)", "XML 格式错误（第 %d 行）"), line);
    return buf;
  }
  return NULL;
}

bool imp_xlsx_shared_strings(zip_t *zip, const char *path, const char *part, arena *a, const char ***strings,
                             size_t *count, diag_sink *diag) {
  imp_part_stream ps;
  const char *why = NULL;
  char buf[200];
  xmlTextReaderPtr r = imp_xlsx_stream_open(zip, part, &ps, &why);
  if (r) {
    int rc = 0;
    read_items(r, a, strings, count, &rc);
    why = imp_xlsx_stream_close(r, &ps, rc, buf);
  }
  if (why)
    diag_error(diag, ((src_loc){path, 0, 0, NULL}),
               L("%s: %s: the workbook is damaged or not an .xlsx file; open it in Excel or WPS and "
                 "save it again as .xlsx",
                 "%s：%s：工作簿已损坏或不是 .xlsx 文件；请用 Excel 或 WPS 打开后重新另存为 .xlsx"),
               part, why);
  return !why;
}
