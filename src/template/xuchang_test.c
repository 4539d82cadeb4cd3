/* Loads templates/xuchang-nit/ and renders its four documents against a small hand-written
 * round: through the trace recorder (exact builder calls) and through the layout module. */
#include <libxml/parser.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../../tests/check.h"
#include "core/diag.h"
#include "core/lang.h"
#include "core/strbuf.h"
#include "template/template.h"
#include "text/text.h"

static const char round_xml[] =
    "<review-round program=\"xuchang-nit\" year=\"2022\" round=\"1\">\n"
    "  <applicant id=\"XC-2022-001\" county=\"魏都区\">\n"
    "    <enterprise>\n"
    "      <name>许昌智云信息技术有限公司</name>\n"
    "      <credit-code>91411002MA9F4K2X1L</credit-code>\n"
    "      <industry>软件和信息技术服务业</industry>\n"
    "      <address>许昌市魏都区学院路88号</address>\n"
    "      <nature>民营企业</nature>\n"
    "      <main-business share=\"78.5\">工业软件研发与实施</main-business>\n"
    "      <contact name=\"张敏\" title=\"总经理助理\" phone=\"0374-2965675\"\n"
    "               mobile=\"13800000000\" email=\"zhangmin@example.cn\"/>\n"
    "      <leader name=\"李建国\" title=\"董事长、高级工程师\"/>\n"
    "      <finance year=\"2019\" total-assets=\"1\" total-liabilities=\"1\" revenue=\"1\" "
    "profit=\"1\" tax=\"1\"/>\n"
    "      <finance year=\"2021\" total-assets=\"13456.7\" total-liabilities=\"4678.9\"\n"
    "               revenue=\"10987.6\" profit=\"1345.6\" tax=\"456.7\"/>\n"
    "      <finance year=\"2020\" total-assets=\"12345.6\" total-liabilities=\"4567.8\"\n"
    "               revenue=\"9876.5\" profit=\"-1234.5\" tax=\"345.6\"/>\n"
    "      <honor level=\"省级\" year=\"2021\">河南省服务型制造示范企业</honor>\n"
    "      <honor level=\"省级\" year=\"2020\">河南省智能工厂</honor>\n"
    "    </enterprise>\n"
    "    <project direction=\"工业互联网平台\">\n"
    "      <name>面向发制品行业的工业互联网平台</name>\n"
    "      <summary>平台第一段。\n\n平台第二段。</summary>\n"
    "      <goals>目标。</goals>\n"
    "      <effects>成效。</effects>\n"
    "    </project>\n"
    "    <review>\n"
    "      <county-opinion date=\"2022-03-10\">同意推荐。</county-opinion>\n"
    "      <on-site date=\"2022-04-02\">\n"
    "        <innovation>创新性较强。</innovation>\n"
    "        <technical>技术团队稳定。</technical>\n"
    "        <funding>资金到位。</funding>\n"
    "        <opinion>建议入库。</opinion>\n"
    "        <expert name=\"王志强\" role=\"组长\"/>\n"
    "        <expert name=\"赵丽\" role=\"成员\"/>\n"
    "      </on-site>\n"
    "      <expert-opinion date=\"2022-04-06\">同意入库。</expert-opinion>\n"
    "      <decision>admitted</decision>\n"
    "    </review>\n"
    "  </applicant>\n"
    "  <applicant id=\"XC-2022-002\" county=\"长葛市\">\n"
    "    "
    "<enterprise><name>丁香超硬材料有限公司</name><credit-code>91411082MA0000000X</credit-code></"
    "enterprise>\n"
    "    <project direction=\"服务型制造\"><name>超硬材料共享制造平台</name></project>\n"
    "  </applicant>\n"
    "  <applicant id=\"XC-2022-003\" county=\"魏都区\">\n"
    "    "
    "<enterprise><name>王氏发制品有限公司</name><credit-code>91411002MA0000000X</credit-code></"
    "enterprise>\n"
    "    <project direction=\"5G产业链融合创新\"><name>发制品5G工厂</name></project>\n"
    "    <review><decision>admitted</decision></review>\n"
    "  </applicant>\n"
    "  <applicant id=\"XC-2022-004\" county=\"长葛市\">\n"
    "    "
    "<enterprise><name>长葛市远航机械有限公司</name><credit-code>91411082MA0000000X</credit-code></"
    "enterprise>\n"
    "    <project direction=\"新一代信息技术融合\"><name>机械加工数字化车间</name></project>\n"
    "    <review><decision>admitted</decision></review>\n"
    "  </applicant>\n"
    "</review-round>\n";

static xmlDocPtr doc;
static tpl_program *prog;

static const tpl_var base_vars[] = {{"issuer", "许昌市工业和信息化局"},
                                    {"doc_number", "许工信〔2022〕12号"},
                                    {"date", "2022-05-06"},
                                    {"publicity_start", "2022-05-30"},
                                    {"publicity_days", "5"},
                                    {"holidays", "2022-06-03"},
                                    {"contact", "杨广磊"},
                                    {"phone", "0374-2965675"},
                                    {"email", "xcsxxb5675@126.com"},
                                    {"address", "许昌市工业和信息化局工业信息化工作办公室"},
                                    {"order", "pinyin"},
                                    {"county", "魏都区"}};
enum { NVARS = sizeof base_vars / sizeof base_vars[0] };

static xmlNodePtr applicant(int n) {
  int i = 0;
  for (xmlNodePtr c = xmlDocGetRootElement(doc)->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && i++ == n) return c;
  return NULL;
}

/* Trace of 'kind' for applicant n (-1: round scope) with $order and $county set. */
static char *trace(const char *kind, int n, const char *order, const char *county) {
  tpl_var vars[NVARS];
  memcpy(vars, base_vars, sizeof vars);
  vars[NVARS - 2].value = order;
  vars[NVARS - 1].value = county;
  tpl_context ctx = {doc, n >= 0 ? applicant(n) : xmlDocGetRootElement(doc), vars, NVARS, NULL};
  diag_sink *d = diag_new(stderr, 0);
  const tpl_document_spec *spec = tpl_program_find(prog, kind);
  char *t = spec ? tpl_render_trace(prog, spec, &ctx, d) : NULL;
  diag_free(d);
  return t;
}

TEST(program_lists_four_documents) {
  CHECK(prog != NULL);
  if (!prog) return;
  CHECK_INT(tpl_program_document_count(prog), 4);
  const tpl_document_spec *s = tpl_program_find(prog, "notice");
  CHECK(s && s->scope == TPL_SCOPE_ROUND && strcmp(s->output, "notice.pdf") == 0);
  CHECK(s && s->options.page_numbers);
  s = tpl_program_find(prog, "application");
  CHECK(s && s->scope == TPL_SCOPE_APPLICANT);
  CHECK(s && strcmp(s->output, "applicants/{id}/application.pdf") == 0);
  s = tpl_program_find(prog, "summary");
  CHECK(s && s->scope == TPL_SCOPE_GROUP &&
        strcmp(s->output, "counties/{group}/summary.pdf") == 0);
  s = tpl_program_find(prog, "review-form");
  CHECK(s && s->scope == TPL_SCOPE_APPLICANT);
  CHECK(s && strstr(s->template_path, "templates/xuchang-nit/review-form.xml") != NULL);
  /* program.xml, the four templates, the notice's sentences (read first), the two pieces the
   * notice includes from common/, the schema */
  CHECK_INT(tpl_program_file_count(prog), 9);
  CHECK_STR(tpl_program_file(prog, 0), "templates/xuchang-nit/program.xml");
  CHECK_STR(tpl_program_file(prog, 1), "templates/xuchang-nit/notice.xml");
  CHECK_STR(tpl_program_file(prog, 5), "templates/xuchang-nit/wording.txt");
  CHECK_STR(tpl_program_file(prog, 6), "templates/common/masthead.xml");
  CHECK_STR(tpl_program_file(prog, 7), "templates/common/signature.xml");
  CHECK_STR(tpl_program_file(prog, 8), "templates/xuchang-nit/schema.xsd");
  CHECK(tpl_program_file(prog, 9) == NULL);
  const tpl_group *g = tpl_program_group(prog);
  CHECK(g && strcmp(g->name, "county") == 0 && strcmp(g->key, "@county") == 0);
  CHECK_STR(tpl_program_title(prog), "许昌市“新一代信息技术重点企业、重点项目”库");
  /* the eligibility rules (issue 27), one-finance-per-year, then the date checks: looked up by
   * name, so a rule added before them does not move them */
  const inp_spec *in = tpl_program_input(prog);
  CHECK_INT(in->rule_count, 14);
  const inp_rule *start = NULL, *review = NULL, *review_ini = NULL, *investment = NULL;
  for (size_t i = 0; i < in->rule_count; i++) {
    const inp_rule *r = &in->rules[i];
    if (!strcmp(r->name, "publicity-not-before-date")) start = r;
    if (!strcmp(r->name, "review-before-notice")) review = r;
    if (!strcmp(r->name, "review-before-notice-ini")) review_ini = r;
    if (!strcmp(r->name, "platform-investment")) investment = r;
  }
  CHECK(start && start->param && strcmp(start->param, "publicity_start") == 0);
  CHECK(review && !review->param && !review->warning); /* review dates: the round's lines */
  /* and the same check from the INI's side, at [issuer] date, when the INI's date is the wrong one */
  CHECK(review_ini && review_ini->param && strcmp(review_ini->param, "date") == 0);
  CHECK(investment && investment->clause && strcmp(investment->clause, "许昌 入库通知 二（二）5") == 0);
}

TEST(notice) {
  if (!prog) return;
  char *t = trace("notice", -1, "pinyin", "");
  CHECK_CONTAINS(t, "title 关于2022年许昌市“新一代信息技术重点企业、重点项目”拟入库名单的公示\n");
  CHECK_CONTAINS(t, "masthead 许昌市工业和信息化局 | 许工信〔2022〕12号\n");
  CHECK_CONTAINS(
      t,
      "info title=关于2022年许昌市“新一代信息技术重点企业、重点项目”拟入库名单的公示 "
      "author=许昌市工业和信息化局 subject=许昌市“新一代信息技术重点企业、重点项目”库 2022年");
  /* 2022-05-30 is a Monday; the 5th working day skips the 端午 holiday 06-03 and the weekend */
  CHECK_CONTAINS(t, "公示期为2022年5月30日至2022年6月6日（5个工作日）");
  CHECK_CONTAINS(t, "拟将3个企业（项目）纳入2022年");
  CHECK_CONTAINS(
      t, "p body [正文] 联系人：杨广磊\np body [正文] 联系电话：0374-2965675\np body [正文] 邮箱：xcsxxb5675@126.com\n");
  CHECK_CONTAINS(t,
                 "attachments 2022年许昌市“新一代信息技术重点企业、重点项目”拟入库名单\n"
                 "signature 许昌市工业和信息化局 | 2022年5月6日\n"
                 "attachment 附件 | 2022年许昌市“新一代信息技术重点企业、重点项目”拟入库名单\n"
                 "blank 1\ntable columns=5 header=1");
  /* admitted only; counties, then names (王 wang before 许 xu), in pinyin order. Where 长葛市
   * goes is ICU's business (长 is polyphonic), so the county order is asked of the collator. */
  CHECK(!strstr(t, "丁香超硬材料有限公司"));
  txt_collator *coll = txt_collator_new(TXT_ORDER_PINYIN);
  txt_collator_set_name_readings(coll, true);
  bool chang_first = txt_collate(coll, "长葛市", "魏都区") < 0;
  txt_collator_free(coll);
  CHECK(chang_first); /* 长葛 reads cháng in place names */
  const char *a = strstr(t, "长葛市远航机械有限公司"), *b = strstr(t, "王氏发制品有限公司"),
             *c = strstr(t, "许昌智云信息技术有限公司");
  CHECK(a && b && c && b < c && (chang_first ? a < b : a > c));
  CHECK_CONTAINS(t,
                 "text center 1\ncell 1x1 left\ntext left 长葛市远航机械有限公司\n"
                 "cell 1x1 left\ntext left 机械加工数字化车间\n");
  CHECK_CONTAINS(
      t,
      "cell 1x1 left\ntext left 许昌智云信息技术有限公司\n"
      "cell 1x1 left\ntext left 面向发制品行业的工业互联网平台\n"
      "cell 1x1 center\ntext center 工业互联网平台\ncell 1x1 center\ntext center 魏都区\n");
  free(t);
  /* stroke order: 长 (4 strokes) before 魏 (17); 王 (4) before 许 (6) */
  t = trace("notice", -1, "stroke", "");
  a = strstr(t, "长葛市远航机械有限公司"), b = strstr(t, "王氏发制品有限公司"),
  c = strstr(t, "许昌智云信息技术有限公司");
  CHECK(a && b && c && a < b && b < c);
  CHECK_CONTAINS(t, "text center 1\ncell 1x1 left\ntext left 长葛市远航机械有限公司\n");
  free(t);
  /* input order: 魏都区 first (its first applicant comes first), names as in the file */
  t = trace("notice", -1, "input", "");
  a = strstr(t, "许昌智云信息技术有限公司"), b = strstr(t, "王氏发制品有限公司"),
  c = strstr(t, "长葛市远航机械有限公司");
  CHECK(a && b && c && a < b && b < c);
  free(t);
}

TEST(application_full) {
  if (!prog) return;
  char *t = trace("application", 0, "pinyin", "");
  CHECK_CONTAINS(
      t,
      "info title=许昌市“新一代信息技术重点企业、重点项目”入库申请书：许昌智云信息技术有限公司 "
      "author=许昌市工业和信息化局 subject=许昌市“新一代信息技术重点企业、重点项目”库 2022年 "
      "keywords=XC-2022-001");
  CHECK_CONTAINS(t, "attachment 附件1 | 许昌市“新一代信息技术重点企业、重点项目”入库申请书\n");
  CHECK_CONTAINS(t, "text left 许昌智云信息技术有限公司\n");
  CHECK_CONTAINS(t, "text left 91411002MA9F4K2X1L\n");
  CHECK_CONTAINS(t, "text center 78.5%\n");
  CHECK_CONTAINS(t, "text left 董事长、高级工程师\n");
  /* the two latest years, in order, whatever the order in the file */
  CHECK_CONTAINS(t,
                 "text center 近两年主要经济指标\ncell 2x1 center\ntext center 2020年\n"
                 "cell 2x1 center\ntext center 2021年\n");
  CHECK_CONTAINS(t,
                 "text center 总资产（万元）\ncell 2x1 center\ntext center 12345.60\n"
                 "cell 2x1 center\ntext center 13456.70\n");
  CHECK_CONTAINS(t, "text center -1234.50\n");
  CHECK_CONTAINS(t, "text left 河南省服务型制造示范企业\ntext left 河南省智能工厂\n");
  CHECK_CONTAINS(t,
                 "checkbox [x] 工业互联网平台\ncheckbox [ ] 5G产业链融合创新\n"
                 "checkbox [ ] 服务型制造\ncheckbox [ ] 新一代信息技术融合\n");
  CHECK_CONTAINS(t, "text justify 平台第一段。\ntext justify 平台第二段。\n");
  CHECK_CONTAINS(t, "text justify 同意推荐。\nspace 42.5");
  CHECK_CONTAINS(t, "text right 2022年3月10日\n");
  CHECK_CONTAINS(t, "text justify 同意入库。\n");
  CHECK_CONTAINS(t, "text right 2022年4月6日\n");
  CHECK_CONTAINS(t, "法定代表人签字");
  CHECK_CONTAINS(t, "许昌市工业和信息化局综合审核意见");
  CHECK(!strstr(t, "null") && !strstr(t, "NaN"));
  free(t);
}

TEST(application_minimal) {
  if (!prog) return;
  char *t = trace("application", 1, "pinyin", "");
  CHECK_CONTAINS(t, "text left 丁香超硬材料有限公司\n");
  CHECK_CONTAINS(t,
                 "checkbox [ ] 工业互联网平台\ncheckbox [ ] 5G产业链融合创新\n"
                 "checkbox [x] 服务型制造\n");
  /* no finance: the two years before the round, empty boxes */
  CHECK_CONTAINS(t, "cell 2x1 center\ntext center 2020年\ncell 2x1 center\ntext center 2021年\n");
  CHECK_CONTAINS(t, "text center 总资产（万元）\ncell 2x1 center\ncell 2x1 center\n/row\n");
  CHECK_CONTAINS(t, "text right 年　　月　　日\n");
  CHECK(!strstr(t, "null") && !strstr(t, "NaN") && !strstr(t, "%\n"));
  free(t);
}

TEST(summary) {
  if (!prog) return;
  char *t = trace("summary", -1, "pinyin", "长葛市");
  CHECK_CONTAINS(t, "attachment 附件2 | 许昌市“新一代信息技术重点企业、重点项目”入库汇总表\n");
  CHECK_CONTAINS(t, "县级工业和信息化主管部门（盖章）：长葛市\n");
  CHECK_CONTAINS(t, "keywords=长葛市");
  CHECK_CONTAINS(t, "table columns=3 header=2");
  /* all the county's applicants (admitted or not), two rows each: 项目方向 above 项目名称 */
  CHECK_CONTAINS(t,
                 "cell 1x2 left\ntext left 长葛市远航机械有限公司\n"
                 "cell 1x1 left\ntext left 新一代信息技术融合\n/row\nrow 25.5118\n"
                 "cell 1x1 left\ntext left 机械加工数字化车间\n/row\n");
  CHECK_CONTAINS(t, "cell 1x2 left\ntext left 丁香超硬材料有限公司\n");
  CHECK_CONTAINS(t, "cell 1x2 center\ntext center 1\n");
  CHECK_CONTAINS(t, "cell 1x2 center\ntext center 2\n");
  CHECK(!strstr(t, "许昌智云"));
  free(t);
}

TEST(review_form) {
  if (!prog) return;
  char *t = trace("review-form", 0, "pinyin", "");
  CHECK_CONTAINS(
      t, "attachment 附件3 | 许昌市“新一代信息技术重点企业、重点项目”培育入库专家现场核查评审表\n");
  CHECK_CONTAINS(t, "text left 许昌智云信息技术有限公司\n");
  CHECK_CONTAINS(t, "text left 工业互联网平台\n");
  CHECK_CONTAINS(t, "text left 面向发制品行业的工业互联网平台\n");
  CHECK_CONTAINS(t, "text justify 创新性较强。\n");
  CHECK_CONTAINS(t, "text justify 技术团队稳定。\n");
  CHECK_CONTAINS(t, "text justify 资金到位。\n");
  CHECK_CONTAINS(t, "text justify 建议入库。\n");
  /* nobreak: U+2060 WORD JOINER inside each name, none around the 、 between names */
  CHECK_CONTAINS(t, "text right 专家签名：王\u2060志\u2060强、赵\u2060丽\n");
  CHECK_CONTAINS(t, "text right 2022年4月2日\n");
  CHECK(!strstr(t, "space 85.0394"));
  free(t);
  t = trace("review-form", 1, "pinyin", "");
  /* no on-site review: tall empty boxes for the reviewers */
  CHECK_CONTAINS(t,
                 "row 70.8661\ncell 1x1 center\ntext center 项目创新性\ncell 1x1 justify\n"
                 "space 85.0394\n/row\n");
  CHECK_CONTAINS(t, "text left 专家签名：\n");
  CHECK_CONTAINS(t, "text right 年　　月　　日\n");
  free(t);
}

/* ---- through the layout module, with a fixed-width fake font ---- */

static double fake_advance(void *ctx, lay_font font, double size_pt, const char *utf8, size_t len) {
  (void)ctx, (void)font;
  double w = 0;
  for (size_t i = 0; i < len;) {
    uint32_t cp = 0;
    size_t n = txt_utf8_decode(utf8 + i, len - i, &cp);
    i += n ? n : 1;
    /* the CJK quotes are em-wide in every CJK font: narrow ones made the paragraph set '”'
     * over the character before it, which the overprint check (issue 20) refuses */
    w += txt_is_wide(cp) || (cp >= 0x2018 && cp <= 0x201D) ? size_pt : size_pt / 2;
  }
  return w;
}

static char *laid_out(const char *kind, int n, const char *county, size_t *pages) {
  static const lay_metrics metrics = {NULL, fake_advance, NULL};
  diag_sink *d = diag_new(stderr, 0);
  const tpl_document_spec *spec = tpl_program_find(prog, kind);
  tpl_var vars[NVARS];
  memcpy(vars, base_vars, sizeof vars);
  vars[NVARS - 1].value = county;
  tpl_context ctx = {doc, n >= 0 ? applicant(n) : xmlDocGetRootElement(doc), vars, NVARS, NULL};
  lay_document *ld = lay_document_new(&metrics, spec->options, d);
  char *dump = NULL;
  if (tpl_render(prog, spec, &ctx, ld, d) && lay_finish(ld)) {
    dump = lay_dump(ld);
    *pages = lay_page_count(ld);
  }
  CHECK_INT(diag_error_count(d), 0);
  lay_document_free(ld);
  diag_free(d);
  return dump;
}

/* Text runs may be split; look for the characters in order. */
static bool dump_has(const char *dump, const char *text) {
  if (!dump) return false;
  strbuf all;
  strbuf_init(&all);
  for (const char *s = strstr(dump, "'"); s; s = strstr(s, "\n")) {
    const char *q = strstr(s, " text ");
    if (!q) break;
    const char *open = strchr(q, '\''), *nl = strchr(q, '\n');
    if (!open || (nl && open > nl)) {
      s = nl;
      if (!s) break;
      continue;
    }
    const char *close = nl ? nl - 1 : open + strlen(open) - 1;
    /* a row continued on a new page repeats its label with （续）: not part of the text */
    static const char cont[] = "（续）";
    size_t n = (size_t)(close - open - 1), m = sizeof cont - 1;
    if (!(n >= m && memcmp(close - m, cont, m) == 0)) strbuf_append_n(&all, open + 1, n);
    s = nl;
    if (!s) break;
  }
  bool found = strstr(strbuf_str(&all), text) != NULL;
  strbuf_release(&all);
  return found;
}

TEST(layout_all_four) {
  if (!prog) return;
  size_t pages = 0;
  char *dump = laid_out("application", 0, "", &pages);
  CHECK(dump_has(dump, "许昌智云信息技术有限公司"));
  CHECK(dump_has(dump, "91411002MA9F4K2X1L"));
  CHECK(dump_has(dump, "面向发制品行业的工业互联网平台"));
  CHECK(dump_has(dump, "工业互联网平台"));
  CHECK(dump && strstr(dump, "checkbox"));
  CHECK(pages >= 1);
  free(dump);
  dump = laid_out("notice", -1, "", &pages);
  CHECK(dump_has(dump, "许昌智云信息技术有限公司"));
  CHECK(dump_has(dump, "2022年6月6日"));
  CHECK(pages >= 2);
  free(dump);
  dump = laid_out("summary", -1, "魏都区", &pages);
  CHECK(dump_has(dump, "王氏发制品有限公司"));
  free(dump);
  dump = laid_out("review-form", 0, "", &pages);
  CHECK(dump_has(dump, "王\u2060志\u2060强、赵\u2060丽"));
  free(dump);
}

/* Renders from several threads at once give the same traces as one at a time. */
enum { THREADS = 8, ROUNDS = 20 };
static char *serial[4][4];
static const char *const kinds[4] = {"notice", "application", "summary", "review-form"};
static int thread_failures;
static pthread_mutex_t failures_lock = PTHREAD_MUTEX_INITIALIZER;

static void *render_many(void *arg) {
  (void)arg;
  for (int r = 0; r < ROUNDS; r++)
    for (int k = 0; k < 4; k++)
      for (int a = 0; a < 4; a++) {
        char *t = trace(kinds[k], k == 0 || k == 2 ? -1 : a, "stroke", a % 2 ? "长葛市" : "魏都区");
        if (!t || strcmp(t, serial[k][a]) != 0) {
          pthread_mutex_lock(&failures_lock);
          thread_failures++;
          pthread_mutex_unlock(&failures_lock);
        }
        free(t);
      }
  return NULL;
}

TEST(threads) {
  if (!prog) return;
  for (int k = 0; k < 4; k++)
    for (int a = 0; a < 4; a++)
      serial[k][a] =
          trace(kinds[k], k == 0 || k == 2 ? -1 : a, "stroke", a % 2 ? "长葛市" : "魏都区");
  pthread_t th[THREADS];
  for (int i = 0; i < THREADS; i++) pthread_create(&th[i], NULL, render_many, NULL);
  for (int i = 0; i < THREADS; i++) pthread_join(th[i], NULL);
  CHECK_INT(thread_failures, 0);
  for (int k = 0; k < 4; k++)
    for (int a = 0; a < 4; a++) free(serial[k][a]);
}

/* A 3,000-character project summary flows over further pages without losing a character. */
TEST(long_summary_flows) {
  if (!prog) return;
  static const char piece[] = "平台建设推动产业数字化转型，";
  size_t reps = 3000 / 14 + 1;
  strbuf text;
  strbuf_init(&text);
  for (size_t i = 0; i < reps; i++) strbuf_printf(&text, "%s%zu", piece, i % 10);
  strbuf xml;
  strbuf_init(&xml);
  strbuf_printf(
      &xml,
      "<review-round program=\"xuchang-nit\" year=\"2022\"><applicant id=\"L-1\" county=\"魏都区\">"
      "<enterprise><name>长文本有限公司</name><credit-code>x</credit-code></enterprise>"
      "<project direction=\"服务型制造\"><name>长项目</name><summary>%s</summary></project>"
      "</applicant></review-round>",
      strbuf_str(&text));
  xmlDocPtr saved = doc;
  doc = xmlReadMemory(xml.data, (int)xml.len, "long.xml", NULL, XML_PARSE_NONET);
  size_t pages = 0;
  char *dump = laid_out("application", 0, "", &pages);
  CHECK(pages >= 4);
  CHECK(dump_has(dump, strbuf_str(&text)));
  CHECK(!dump_has(dump, "推动产业数字化转型，推动"));
  free(dump);
  xmlFreeDoc(doc);
  doc = saved;
  strbuf_release(&xml);
  strbuf_release(&text);
}

/* 'path' ends with '/' 'tail' (or is 'tail'). */
static bool ends_with(const char *path, const char *tail) {
  size_t n = strlen(path), t = strlen(tail);
  return n >= t && strcmp(path + n - t, tail) == 0 && (n == t || path[n - t - 1] == '/');
}

/* What each document is made from, for its fingerprint (issue 24): the notice's template, the
 * two files it includes and its six sentences, each once; the 申报书's template alone. */
TEST(document_inputs) {
  if (!prog) return;
  const tpl_document_spec *notice = tpl_program_find(prog, "notice");
  const tpl_document_spec *app = tpl_program_find(prog, "application");
  const char *f;
  size_t n = 0, masthead = 0, signature = 0;
  for (; (f = tpl_document_file(prog, notice, n)); n++) {
    if (n == 0) CHECK(ends_with(f, "xuchang-nit/notice.xml"));
    masthead += ends_with(f, "common/masthead.xml");
    signature += ends_with(f, "common/signature.xml");
  }
  CHECK_INT(n, 3);
  CHECK_INT(masthead, 1);
  CHECK_INT(signature, 1);
  const tpl_sentence *s;
  size_t count = 0, basis = 0;
  for (; (s = tpl_document_sentence(prog, notice, count)); count++) basis += strcmp(s->name, "公示依据") == 0;
  CHECK_INT(count, 6);
  CHECK_INT(basis, 1);
  CHECK(tpl_document_file(prog, app, 0) && ends_with(tpl_document_file(prog, app, 0), "xuchang-nit/application.xml"));
  CHECK(tpl_document_file(prog, app, 1) == NULL);
  CHECK(tpl_document_sentence(prog, app, 0) == NULL);
  /* the templates, includes and wording are the per-document files; program.xml is not */
  CHECK(!tpl_program_file_per_document(prog, 0));
  size_t per = 0;
  for (size_t i = 0; i < tpl_program_file_count(prog); i++) per += tpl_program_file_per_document(prog, i);
  CHECK_INT(per, 4 + 2 + 1); /* four templates, two includes, wording.txt */
}

int main(void) {
  xmlInitParser();
  lang_force(false);
  doc = xmlReadMemory(round_xml, (int)strlen(round_xml), "round.xml", NULL, XML_PARSE_NONET);
  diag_sink *d = diag_new(stderr, 0);
  prog = tpl_program_load("templates/xuchang-nit", d);
  diag_free(d);
  RUN(program_lists_four_documents);
  RUN(notice);
  RUN(application_full);
  RUN(application_minimal);
  RUN(summary);
  RUN(review_form);
  RUN(layout_all_four);
  RUN(threads);
  RUN(long_summary_flows);
  RUN(document_inputs);
  tpl_program_free(prog);
  xmlFreeDoc(doc);
  xmlCleanupParser();
  return CHECK_DONE();
}
