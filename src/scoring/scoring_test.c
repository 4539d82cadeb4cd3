/* Unit tests for scoring/: hand-worked examples of 极值法, weights, totals and ranks (the
 * working is in the comments), max = min, a negative growth rate, a tie, awards and titles
 * counted once at their highest (sum-max), the energy conversion, 规模 at each boundary, a
 * missing figure and a division by zero, and the CSV read back. */
#include <libxml/tree.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../tests/check.h"
#include "core/lang.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "input/input.h"
#include "scoring/scoring.h"

static char dir[] = "/tmp/yinfa-scoring-XXXXXX";

static char *write_file(const char *name, const char *text) {
  char *path;
  if (asprintf(&path, "%s/%s", dir, name) < 0) xoom();
  FILE *f = fopen(path, "w");
  fputs(text, f);
  fclose(f);
  return path;
}

/* Three indicator categories. growth (50) = (rev - prev) / prev × 100; awards (30) = each
 * project once at its highest (国家 10, 省级 1); energy (20) = elec × 1.229 + coal × 0.7143 +
 * gas × 12.143 (seed 004's conversion); constant (10) = 7 for everyone (max = min). */
static const char MODEL[] =
    "<scoring name=\"@name\" population=\"\" rank=\"field size\">\n"
    "  <key name=\"field\" label=\"领域\" value=\"@field\"/>\n"
    "  <classify name=\"size\" label=\"规模\" given=\"@size\" default=\"微型\">\n"
    "    <class value=\"大型\" when=\"number(@emp) &gt;= 1000 and number(@srev) &gt;= 40000\"/>\n"
    "    <class value=\"中型\" when=\"number(@emp) &gt;= 300 and number(@srev) &gt;= 2000\"/>\n"
    "    <class value=\"小型\" when=\"number(@emp) &gt;= 20 and number(@srev) &gt;= 300\"/>\n"
    "  </classify>\n"
    "  <table name=\"T\" when=\"true()\">\n"
    "    <category name=\"发展\" weight=\"50\">\n"
    "      <indicator no=\"1\" name=\"增长率\" weight=\"50\" unit=\"%\" value=\"(@rev - @prev) div @prev * 100\">\n"
    "        <need label=\"当年营业收入\" value=\"@rev\"/>\n"
    "        <need label=\"上年营业收入\" value=\"@prev\" nonzero=\"yes\"/>\n"
    "      </indicator>\n"
    "    </category>\n"
    "    <category name=\"创新\" weight=\"30\">\n"
    "      <indicator no=\"2\" name=\"奖项\" weight=\"30\" unit=\"个\"\n"
    "        value=\"sum-max(award, '@project', &quot;(@level = '国家') * 10 + (@level = '省级') * 1&quot;)\"/>\n"
    "    </category>\n"
    "    <category name=\"绿色\" weight=\"20\">\n"
    "      <indicator no=\"3\" name=\"能耗\" weight=\"20\" unit=\"吨标准煤\"\n"
    "        value=\"@elec * 1.229 + @coal * 0.7143 + @gas * 12.143\"/>\n"
    "    </category>\n"
    "    <category name=\"管理\" weight=\"10\">\n"
    "      <indicator no=\"4\" name=\"常数\" weight=\"10\" unit=\"\" value=\"7\"/>\n"
    "    </category>\n"
    "  </table>\n"
    "  <raw label=\"当年营业收入\" value=\"@rev\"/>\n"
    "</scoring>\n";

/* E1: growth 10, awards X at 国家 (10, its 省级 not counted again) + Y 省级 (1) = 11,
 *     energy 10 × 1.229 = 12.29;
 * E2: growth -10 (negative), no award = 0, energy 100 × 0.7143 = 71.43;
 * E3: growth 0, award Z 国家 = 10, energy 1 × 12.143 = 12.143.
 * Normalised: growth (x + 10) / 20 → 1, 0, 0.5; awards x / 11 → 1, 0, 0.9090909091;
 * energy (x - 12.143) / 59.287 → 0.0024794643, 1, 0; constant: max = min → 1, 1, 1.
 * Totals: E1 50 + 30 + 0.049589286 + 10 = 90.049589286; E2 0 + 0 + 20 + 10 = 30;
 * E3 25 + 27.2727272727 + 0 + 10 = 62.2727272727. Ranks: E1 1, E3 2, E2 3.
 * 规模 at the boundaries: E1 1000 people and 40000 万元 → 大型; E2 999 → 中型; E3 20 and 300 →
 * 小型; all in one field, E2 and E3 given as 大型 so all three rank together. */
static const char ROUND[] =
    "<review-round program=\"t\" year=\"2024\">\n"
    "  <applicant id=\"E1\" name=\"甲\" field=\"F\" rev=\"110\" prev=\"100\" elec=\"10\" coal=\"0\" gas=\"0\" emp=\"1000\" srev=\"40000\">\n"
    "    <award project=\"X\" level=\"省级\"/><award project=\"X\" level=\"国家\"/><award project=\"Y\" level=\"省级\"/>\n"
    "  </applicant>\n"
    "  <applicant id=\"E2\" name=\"乙\" field=\"F\" size=\"大型\" rev=\"90\" prev=\"100\" elec=\"0\" coal=\"100\" gas=\"0\" emp=\"999\" srev=\"40000\"/>\n"
    "  <applicant id=\"E3\" name=\"丙\" field=\"F\" size=\"大型\" rev=\"100\" prev=\"100\" elec=\"0\" coal=\"0\" gas=\"1\" emp=\"20\" srev=\"300\">\n"
    "    <award project=\"Z\" level=\"国家\"/>\n"
    "  </applicant>\n"
    "</review-round>\n";

static diag_sink *diag;

static scr_model *model(const char *text) {
  char *path = write_file("scoring.xml", text);
  scr_model *m = scr_model_load(path, diag);
  free(path);
  return m;
}

static inp_round *round_of(const char *xml) {
  return inp_round_load_memory(xml, strlen(xml), "t.xml", NULL, diag);
}

/* An attribute of applicant i's <score> (or its k-th <indicator> when k > 0), malloc'd. */
static char *score_attr(const inp_round *r, size_t i, int k, const char *name) {
  xmlNodePtr sc = inp_applicant_xml(r, i) ? inp_applicant_xml(r, i)->children : NULL;
  while (sc && !(sc->type == XML_ELEMENT_NODE && xmlStrEqual(sc->name, BAD_CAST "score"))) sc = sc->next;
  xmlNodePtr n = sc;
  if (k > 0) {
    n = sc ? sc->children : NULL;
    for (int seen = 0; n; n = n->next)
      if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "indicator") && ++seen == k) break;
  }
  xmlChar *v = n ? xmlGetProp(n, BAD_CAST name) : NULL;
  char *s = xstrdup(v ? (const char *)v : "(none)");
  xmlFree(v);
  return s;
}

#define CHECK_SCORE(r, i, k, name, want)           \
  do {                                             \
    char *v_ = score_attr((r), (i), (k), (name));  \
    CHECK_STR(v_, (want));                         \
    free(v_);                                      \
  } while (0)

TEST(hand_worked_three_enterprises) {
  scr_model *m = model(MODEL);
  CHECK(m != NULL);
  inp_round *r = round_of(ROUND);
  CHECK(r != NULL);
  if (!m || !r) {
    printf("%s", diag_text(diag));
    scr_model_free(m);
    inp_round_free(r);
    return;
  }
  CHECK(scr_score_round(m, r, diag));
  CHECK_STR(diag_text(diag), "");
  /* indicator values: growth, awards (counted once at the highest), energy conversion */
  CHECK_SCORE(r, 0, 1, "value", "10");
  CHECK_SCORE(r, 1, 1, "value", "-10");
  CHECK_SCORE(r, 0, 2, "value", "11");
  CHECK_SCORE(r, 2, 2, "value", "10");
  CHECK_SCORE(r, 0, 3, "value", "12.29");
  CHECK_SCORE(r, 1, 3, "value", "71.43");
  CHECK_SCORE(r, 2, 3, "value", "12.143");
  /* 极值法 */
  CHECK_SCORE(r, 0, 1, "normalized", "1");
  CHECK_SCORE(r, 1, 1, "normalized", "0");
  CHECK_SCORE(r, 2, 1, "normalized", "0.5");
  CHECK_SCORE(r, 2, 2, "normalized", "0.9090909091");
  CHECK_SCORE(r, 0, 3, "normalized", "0.0024794643");
  CHECK_SCORE(r, 1, 4, "normalized", "1"); /* max = min: everyone 1 */
  /* utilities and totals */
  CHECK_SCORE(r, 2, 2, "utility", "27.2727272727");
  CHECK_SCORE(r, 0, 3, "utility", "0.049589286");
  CHECK_SCORE(r, 0, 0, "total", "90.049589286");
  CHECK_SCORE(r, 1, 0, "total", "30");
  CHECK_SCORE(r, 2, 0, "total", "62.2727272727");
  CHECK_SCORE(r, 0, 0, "rank", "1");
  CHECK_SCORE(r, 2, 0, "rank", "2");
  CHECK_SCORE(r, 1, 0, "rank", "3");
  CHECK_SCORE(r, 1, 0, "rank-count", "3");
  CHECK_SCORE(r, 0, 0, "size", "大型"); /* 1000 people and 40000 万元: 大型 */
  CHECK_SCORE(r, 1, 0, "size", "大型"); /* given */

  /* the CSV read back: BOM, header, E1's row with its total and rank */
  char *csv;
  if (asprintf(&csv, "%s/scores.csv", dir) < 0) xoom();
  CHECK(scr_write_csv(m, r, csv, NULL, diag));
  strbuf b;
  strbuf_init(&b);
  CHECK(strbuf_append_file(&b, csv));
  CHECK(strncmp(strbuf_str(&b), "\xEF\xBB\xBF编号,企业名称,指标表,领域,规模", 3 + 36) == 0);
  CHECK_CONTAINS(strbuf_str(&b), "\r\nE1,甲,T,F,大型,3,90.049589286,1,1,10,1,50,11,1,30,12.29,0.0024794643,0.049589286,7,1,10,110\r\n");
  strbuf_release(&b);
  char *xlsx;
  if (asprintf(&xlsx, "%s/scores.xlsx", dir) < 0) xoom();
  CHECK(scr_write_xlsx(m, r, xlsx, "2024-06-03", NULL, diag));
  CHECK(access(xlsx, R_OK) == 0);
  /* the same round gives the same bytes a second later: the creation time is the date's */
  sleep(1);
  char *again;
  if (asprintf(&again, "%s/again.xlsx", dir) < 0) xoom();
  CHECK(scr_write_xlsx(m, r, again, "2024-06-03", NULL, diag));
  strbuf x1, x2;
  strbuf_init(&x1);
  strbuf_init(&x2);
  CHECK(strbuf_append_file(&x1, xlsx) && strbuf_append_file(&x2, again));
  CHECK(x1.len > 0 && x1.len == x2.len && memcmp(x1.data, x2.data, x1.len) == 0);
  strbuf_release(&x1);
  strbuf_release(&x2);
  free(again);
  free(csv);
  free(xlsx);
  inp_round_free(r);
  scr_model_free(m);
}

TEST(size_at_each_boundary) {
  /* one constant indicator; only 规模 matters here */
  scr_model *m = model(
      "<scoring name=\"@id\" rank=\"size\"><classify name=\"size\" default=\"微型\">"
      "<class value=\"大型\" when=\"number(@emp) &gt;= 1000 and number(@srev) &gt;= 40000\"/>"
      "<class value=\"中型\" when=\"number(@emp) &gt;= 300 and number(@srev) &gt;= 2000\"/>"
      "<class value=\"小型\" when=\"number(@emp) &gt;= 20 and number(@srev) &gt;= 300\"/></classify>"
      "<table name=\"T\" when=\"true()\"><category name=\"c\" weight=\"1\">"
      "<indicator no=\"1\" name=\"k\" weight=\"1\" value=\"1\"/></category></table></scoring>");
  inp_round *r = round_of(
      "<review-round program=\"t\" year=\"2024\">"
      "<applicant id=\"A\" emp=\"1000\" srev=\"40000\"/><applicant id=\"B\" emp=\"999\" srev=\"40000\"/>"
      "<applicant id=\"C\" emp=\"1000\" srev=\"39999.9\"/><applicant id=\"D\" emp=\"300\" srev=\"2000\"/>"
      "<applicant id=\"E\" emp=\"299\" srev=\"2000\"/><applicant id=\"F\" emp=\"20\" srev=\"300\"/>"
      "<applicant id=\"G\" emp=\"19\" srev=\"300\"/><applicant id=\"H\" emp=\"20\" srev=\"299\"/></review-round>");
  CHECK(m && r && scr_score_round(m, r, diag));
  if (m && r) {
    const char *want[] = {"大型", "中型", "中型", "中型", "小型", "小型", "微型", "微型"};
    for (size_t i = 0; i < 8; i++) CHECK_SCORE(r, i, 0, "size", want[i]);
  }
  inp_round_free(r);
  scr_model_free(m);
}

TEST(ties_share_a_rank) {
  double totals[] = {5, 3, 5, 1, 3.00000000001};
  int rank[5];
  scr_rank(totals, 5, rank);
  CHECK_INT(rank[0], 1);
  CHECK_INT(rank[2], 1);
  CHECK_INT(rank[1], 3); /* 1, 1, 3, 3, 5: equal to 10 decimals tie */
  CHECK_INT(rank[4], 3);
  CHECK_INT(rank[3], 5);
}

TEST(missing_figure_and_zero_divisor) {
  diag_free(diag);
  diag = diag_new(NULL, 0);
  scr_model *m = model(MODEL);
  inp_round *r = round_of(
      "<review-round program=\"t\" year=\"2024\">\n"
      "  <applicant id=\"E1\" field=\"F\" rev=\"110\" prev=\"0\" elec=\"1\" coal=\"0\" gas=\"0\"/>\n"
      "  <applicant id=\"E2\" field=\"F\" prev=\"100\" elec=\"1\" coal=\"0\"/>\n"
      "</review-round>\n");
  CHECK(m && r);
  if (m && r) {
    CHECK(!scr_score_round(m, r, diag));
    CHECK_CONTAINS(diag_text(diag), "t.xml:2: error: applicant E1: indicator 1 增长率 cannot be computed: 上年营业收入 is 0 and divides");
    CHECK_CONTAINS(diag_text(diag), "t.xml:3: error: applicant E2: indicator 1 增长率 cannot be computed: 当年营业收入 is missing or not a number");
    /* no gas at all: the sum is not a number, never a silent 0 */
    CHECK_CONTAINS(diag_text(diag), "applicant E2: indicator 3 能耗 cannot be computed from the figures given");
    /* nothing was written into the document */
    CHECK_SCORE(r, 0, 0, "total", "(none)");
  }
  inp_round_free(r);
  scr_model_free(m);
}

/* Every number scoring writes has a declared range (±10^15, scoring_private.h): a value outside
 * it is an error at the applicant's line, never a cut-short figure (issue 22 §4). */
TEST(values_outside_the_range_are_errors) {
  diag_free(diag);
  diag = diag_new(NULL, 0);
  scr_model *m = model(MODEL);
  inp_round *r = round_of(
      "<review-round program=\"t\" year=\"2024\">\n"
      "  <applicant id=\"E1\" field=\"F\" rev=\"1e300\" prev=\"1\" elec=\"1\" coal=\"0\" gas=\"0\"/>\n"
      "</review-round>\n");
  CHECK(m && r);
  if (m && r) {
    CHECK(!scr_score_round(m, r, diag));
    CHECK_CONTAINS(diag_text(diag), "t.xml:2: error: applicant E1: indicator 1 增长率 is ");
    CHECK_CONTAINS(diag_text(diag), "outside the range of ±10^15");
  }
  inp_round_free(r);
  scr_model_free(m);
}

TEST(model_errors_located) {
  diag_free(diag);
  diag = diag_new(NULL, 0);
  CHECK(model("<scoring name=\"@x\"><table name=\"T\" when=\"true()\"><category name=\"c\" weight=\"10\">"
              "<indicator no=\"1\" name=\"k\" weight=\"5\" value=\"1 +\"/></category></table></scoring>") == NULL);
  CHECK_CONTAINS(diag_text(diag), "scoring.xml:1: error: <indicator> value=\"1 +\" is not a valid XPath expression");
  CHECK_CONTAINS(diag_text(diag), "the indicators of c weigh 5, not the category's 10");
}

int main(void) {
  lang_force(false);
  if (!mkdtemp(dir)) return 3;
  xmlInitParser();
  diag = diag_new(NULL, 0);
  RUN(hand_worked_three_enterprises);
  RUN(size_at_each_boundary);
  RUN(ties_share_a_rank);
  RUN(missing_figure_and_zero_divisor);
  RUN(values_outside_the_range_are_errors);
  RUN(model_errors_located);
  diag_free(diag);
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) printf("could not remove %s\n", dir);
  return CHECK_DONE();
}
