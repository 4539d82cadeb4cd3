/* Tests of the list workbook: a template's tables and the attachment's headings as one sheet (the
 * header once and first, the same header of a later table dropped, merged cells, numbers with
 * their decimals), the body text left out, identical bytes, a write that fails as a system error. */
#include <errno.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "../../tests/check.h"
#include "core/diag.h"
#include "core/strbuf.h"
#include "listing/listing.h"

static char dir[64];

static char *part(const char *path, const char *name) {
  zip_t *za = zip_open(path, ZIP_RDONLY, NULL);
  if (!za) return NULL;
  zip_stat_t st;
  char *out = NULL;
  if (zip_stat(za, name, 0, &st) == 0) {
    zip_file_t *f = zip_fopen(za, name, 0);
    out = calloc(1, st.size + 1);
    if (f) {
      if (zip_fread(f, out, st.size) != (zip_int64_t)st.size) out[0] = 0;
      zip_fclose(f);
    }
  }
  zip_close(za);
  return out;
}

static const char tpl[] =
    "<document>\n"
    "  <title>关于名单的公示</title>\n"
    "  <p>正文不进名单。</p>\n"
    "  <attachment label=\"附件\" title=\"名单\"/>\n"
    "  <p style=\"h1\">一、平台（2个）</p>\n"
    "  <table columns=\"1 3 2\" header-rows=\"1\">\n"
    "    <row><cell>序号</cell><cell>单位</cell><cell>得分</cell></row>\n"
    "    <for-each select=\"applicant\"><row><cell>{$index}</cell><cell>{@id}</cell><cell>{@score}</cell></row></for-each>\n"
    "  </table>\n"
    "  <p style=\"h1\">二、场景（1个）</p>\n"
    "  <table columns=\"1 3 2\" header-rows=\"1\">\n"
    "    <row><cell>序号</cell><cell>单位</cell><cell>得分</cell></row>\n"
    "    <row><cell>3</cell><cell colspan=\"2\">丙公司 0371</cell></row>\n"
    "  </table>\n"
    "</document>\n";

static const char round_xml[] =
    "<review-round><applicant id=\"甲公司\" score=\"54.5770\"/><applicant id=\"乙公司\" score=\"012\"/></review-round>";

static bool render(const char *path, int *io_err, diag_sink *diag) {
  tpl_program *p = tpl_parse(tpl, strlen(tpl), "t.xml", diag);
  xmlDocPtr rd = xmlReadMemory(round_xml, (int)strlen(round_xml), "r.xml", NULL, 0);
  bool ok = false;
  if (p && rd) {
    tpl_context ctx = {rd, xmlDocGetRootElement(rd), NULL, 0, NULL};
    ok = lst_render(p, tpl_program_document(p, 0), &ctx, "2024-09-27", path, io_err, diag);
  }
  xmlFreeDoc(rd);
  tpl_program_free(p);
  return ok;
}

TEST(tables_as_one_sheet) {
  char path[128];
  snprintf(path, sizeof path, "%s/a.xlsx", dir);
  diag_sink *diag = diag_new(NULL, 0);
  int io_err = -1;
  CHECK(render(path, &io_err, diag));
  CHECK_INT(io_err, 0);
  char *sst = part(path, "xl/sharedStrings.xml"), *sheet = part(path, "xl/worksheets/sheet1.xml");
  CHECK(sst && sheet);
  if (sst && sheet) {
    /* strings in the order first written: the header first, then the heading, the rows */
    const char *h = strstr(sst, "序号"), *g = strstr(sst, "一、平台（2个）"), *a = strstr(sst, "甲公司");
    CHECK(h && g && a && h < g && g < a);
    CHECK(strstr(sst, "二、场景（1个）") != NULL);
    CHECK(strstr(sst, "正文") == NULL && strstr(sst, "关于名单") == NULL);
    /* the second table's header is dropped: 序号 is written once */
    CHECK(strstr(sheet, "<dimension ref=\"A1:C6\"/>") != NULL);
    /* 54.5770 a number shown with its four decimals, 012 (a leading zero) text */
    CHECK(strstr(sheet, "<v>54.577</v>") != NULL);
    CHECK(strstr(sst, "012") != NULL && strstr(sst, "丙公司 0371") != NULL);
    /* the headings and the colspan merged */
    CHECK(strstr(sheet, "<mergeCell ref=\"A2:C2\"/>") != NULL);
    CHECK(strstr(sheet, "<mergeCell ref=\"B6:C6\"/>") != NULL);
    CHECK(strstr(sheet, "state=\"frozen\"") != NULL);
  }
  char *styles = part(path, "xl/styles.xml");
  CHECK(styles && strstr(styles, "formatCode=\"0.0000\"") != NULL);
  free(sst), free(sheet), free(styles);
  diag_free(diag);
}

TEST(identical_bytes_and_failure) {
  char a[128], b[128], bad[128];
  snprintf(a, sizeof a, "%s/x.xlsx", dir);
  snprintf(b, sizeof b, "%s/y.xlsx", dir);
  snprintf(bad, sizeof bad, "%s/missing/z.xlsx", dir);
  diag_sink *diag = diag_new(NULL, 0);
  int io_err = 0;
  CHECK(render(a, &io_err, diag));
  sleep(1); /* a clock in the bytes would show */
  CHECK(render(b, &io_err, diag));
  strbuf x, y;
  strbuf_init(&x);
  strbuf_init(&y);
  CHECK(strbuf_append_file(&x, a) && strbuf_append_file(&y, b));
  CHECK(x.len > 0 && x.len == y.len && memcmp(strbuf_str(&x), strbuf_str(&y), x.len) == 0);
  CHECK(!render(bad, &io_err, diag));
  CHECK(io_err != 0);
  CHECK(access(bad, F_OK) != 0);
  CHECK(diag_error_count(diag) > 0);
  strbuf_release(&x);
  strbuf_release(&y);
  diag_free(diag);
}

int main(void) {
  xmlInitParser();
  snprintf(dir, sizeof dir, "/tmp/listing_test-XXXXXX");
  if (!mkdtemp(dir)) return 1;
  RUN(tables_as_one_sheet);
  RUN(identical_bytes_and_failure);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) return 1;
  return CHECK_DONE();
}
