/* Tests of the web page writer: the blocks as elements, text escaped and unbroken, a semantic
 * table (thead/th, tbody/td, colspan), nothing loaded from elsewhere, a failed write reported. */
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../tests/check.h"
#include "core/diag.h"
#include "core/strbuf.h"
#include "html/html.h"

static const char tpl[] =
    "<document>\n"
    "  <info title=\"关于&lt;名单&gt;的公示\"/>\n"
    "  <masthead issuer=\"某某局\" number=\"某〔2024〕1号\"/>\n"
    "  <title>关于新一代信息技术重点项目名单的公示</title>\n"
    "  <p>根据规定，拟将{count(applicant)}家企业 A&amp;B 予以公示，公示期为五个工作日，请各单位周知。</p>\n"
    "  <p style=\"h1\">一、联系方式</p>\n"
    "  <attachments><item>名单</item></attachments>\n"
    "  <signature issuer=\"某某局\" date=\"2024年9月27日\"/>\n"
    "  <attachment label=\"附件\" title=\"名单\"/>\n"
    "  <table columns=\"1 3\" header-rows=\"1\">\n"
    "    <row><cell>序号</cell><cell>单位</cell></row>\n"
    "    <for-each select=\"applicant\"><row><cell>{$index}</cell><cell align=\"left\">{@id}</cell></row></for-each>\n"
    "    <row><cell colspan=\"2\">合计</cell></row>\n"
    "  </table>\n"
    "  <colophon copy-to=\"省厅。\" printer=\"某某局办公室\" date=\"2024年9月27日\"/>\n"
    "</document>\n";

static const char round_xml[] = "<review-round><applicant id=\"甲&lt;公司&gt;\"/><applicant id=\"乙公司\"/></review-round>";

static bool render(const char *path, int *io_err, diag_sink *diag) {
  tpl_program *p = tpl_parse(tpl, strlen(tpl), "t.xml", diag);
  xmlDocPtr rd = xmlReadMemory(round_xml, (int)strlen(round_xml), "r.xml", NULL, 0);
  bool ok = false;
  if (p && rd) {
    tpl_context ctx = {rd, xmlDocGetRootElement(rd), NULL, 0, NULL};
    ok = html_render(p, tpl_program_document(p, 0), &ctx, path, io_err, diag);
  }
  xmlFreeDoc(rd);
  tpl_program_free(p);
  return ok;
}

TEST(page) {
  char dir[] = "/tmp/html_test-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char path[128], bad[128];
  snprintf(path, sizeof path, "%s/notice.html", dir);
  snprintf(bad, sizeof bad, "%s/missing/notice.html", dir);
  diag_sink *diag = diag_new(NULL, 0);
  int io_err = -1;
  CHECK(render(path, &io_err, diag));
  CHECK_INT(io_err, 0);
  if (diag_error_count(diag)) printf("%s\n", diag_text(diag));
  strbuf b;
  strbuf_init(&b);
  CHECK(strbuf_append_file(&b, path));
  const char *h = strbuf_str(&b);
  CHECK_CONTAINS(h, "<!DOCTYPE html>\n<html lang=\"zh-CN\">");
  CHECK_CONTAINS(h, "<title>关于&lt;名单&gt;的公示</title>");
  CHECK_CONTAINS(h, "<p class=\"issuer\">某某局</p>");
  /* the title breaks only between words (GB/T 9704 7.3.3), as the PDF's: <wbr> there and
   * word-break:keep-all elsewhere, so a browser never breaks 项|目 or 信息|技术 */
  CHECK_CONTAINS(h, "<h1>关于<wbr>新一代信息技术<wbr>重点项目<wbr>名单<wbr>的<wbr>公示</h1>");
  CHECK_CONTAINS(h, "h1{font:22pt/1.5 \"方正小标宋简体\",\"Noto Serif CJK SC\",serif;text-align:center;margin:1em 0;"
                    "word-break:keep-all;");
  /* one paragraph, unbroken, escaped */
  CHECK_CONTAINS(h, "<p class=\"body\">根据规定，拟将2家企业 A&amp;B 予以公示，公示期为五个工作日，请各单位周知。</p>");
  CHECK_CONTAINS(h, "<h2>一、联系方式</h2>");
  CHECK_CONTAINS(h, "<thead>\n<tr><th><p>序号</p></th><th><p>单位</p></th></tr>\n</thead>\n<tbody>");
  CHECK_CONTAINS(h, "<td class=\"left\"><p>甲&lt;公司&gt;</p></td>");
  CHECK_CONTAINS(h, "<td colspan=\"2\"><p>合计</p></td>");
  CHECK_CONTAINS(h, "<p>抄送：省厅。</p>");
  CHECK_CONTAINS(h, "2024年9月27日印发");
  CHECK(strstr(h, "<br") == NULL && strstr(h, "<script") == NULL && strstr(h, "://") == NULL &&
        strstr(h, "url(") == NULL && strstr(h, "<img") == NULL && strstr(h, "<link") == NULL);
  strbuf_release(&b);
  CHECK(!render(bad, &io_err, diag));
  CHECK(io_err != 0);
  CHECK(access(bad, F_OK) != 0);
  diag_free(diag);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  CHECK(system(cmd) == 0);
}

int main(void) {
  xmlInitParser();
  RUN(page);
  return CHECK_DONE();
}
