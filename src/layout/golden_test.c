/* Golden layout dumps, laid out with the fake metrics of layout/testing.h (no fonts, no PDF:
 * a font package update changes nothing here) and compared with
 * tests/golden/layout-<name>/expected.layout:
 * - a small notice and a small form table built by hand (layout alone);
 * - every program's 公示 (notice) and one form (the first applicant's application, Henan's
 *   evaluation) from its sample round (samples/<round>.ini), through the real INI, input,
 *   scoring and template stages, so that a change of line breaks or pagination in any program
 *   shows up as a diff in review.
 * Regenerate after an intended change: LAYOUT_GOLDEN_UPDATE=1 build/tests/layout/golden_test
 * (run from the repository root; that run fails, having compared nothing), review the diff, and
 * run it again without the variable. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "../../tests/check.h"
#include "calendar/calendar.h"
#include "cli/config.h"
#include "cli/pipeline.h"
#include "layout/testing.h"


static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  size_t got = fread(s, 1, (size_t)n, f);
  s[got] = 0;
  fclose(f);
  return s;
}

/* Compares 'dump' with the expected file; prints the first differing line. */
static void compare(const char *name, const char *dump) {
  char dir[256], path[300];
  snprintf(dir, sizeof dir, "tests/golden/layout-%s", name);
  snprintf(path, sizeof path, "%s/expected.layout", dir);
  const char *update = getenv("LAYOUT_GOLDEN_UPDATE");
  if (update && *update && strcmp(update, "0") != 0) {
    mkdir(dir, 0777);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
      fputs(dump, f);
      fclose(f);
    }
    /* An update compared nothing, so it must not count as a pass: the run that follows, without
     * the variable, is the test. */
    CHECK_FAIL_("wrote %s instead of comparing; review the diff and run again without "
                "LAYOUT_GOLDEN_UPDATE",
                path);
    return;
  }
  char *want = read_file(path);
  if (!want) {
    CHECK_FAIL_("cannot read %s (%s); run from the repository root", path, strerror(errno));
    return;
  }
  if (strcmp(want, dump) != 0) {
    const char *a = want, *b = dump;
    int line = 1;
    const char *la = a, *lb = b; /* starts of the current lines */
    while (*a && *a == *b) {
      if (*a == '\n') {
        line++;
        la = a + 1;
        lb = b + 1;
      }
      a++;
      b++;
    }
    a = la;
    b = lb;
    const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
    CHECK_FAIL_("%s differs at line %d:\n    want: %.*s\n    got:  %.*s", path, line,
                (int)(ea ? ea - a : (long)strlen(a)), a, (int)(eb ? eb - b : (long)strlen(b)), b);
  }
  free(want);
}

TEST(golden_notice) {
  diag_sink *diag = diag_new(stderr, 0);
  lay_document *doc = fake_doc(true, true, diag);
  src_loc at = {"notice.tpl", 1, 1, NULL};
  lay_add_masthead(doc, "许昌市工业和信息化局文件", "许工信〔2022〕12号", at);
  lay_add_title(doc, "关于建立许昌市“新一代信息技术重点企业、重点项目”库的通知", at);
  lay_add_blank_lines(doc, 1);
  lay_add_paragraph(doc, LAY_PARA_PLAIN, "各县（市、区）工业和信息化主管部门：", at);
  lay_add_paragraph(doc, LAY_PARA_BODY,
                    "为培育壮大我市新一代信息技术产业，着力打造经济强市、创新强市、开放强市、"
                    "文化强市、生态强市，根据《河南省先进制造业集群培育行动方案（2021—2025年）》"
                    "（豫政办〔2021〕58号）文件精神，市工信局决定在全市遴选一批具有代表性的新一代"
                    "信息技术重点企业、重点项目入库培育。现将有关事项通知如下：",
                    at);
  lay_add_paragraph(doc, LAY_PARA_H1, "一、遴选工作原则", at);
  lay_add_paragraph(doc, LAY_PARA_H2, "（一）重点企业", at);
  lay_add_paragraph(doc, LAY_PARA_H3,
                    "1. 工业互联网平台计划投资不低于 1000 万元……拥有 CIO 团队。", at);
  const char *names[] = {"许昌市“新一代信息技术重点企业、重点项目”培育入库申请书",
                         "许昌市“新一代信息技术重点企业、重点项目”培育入库汇总表"};
  lay_add_attachment_note(doc, names, 2, at);
  lay_add_signature(doc, "许昌市工业和信息化局", "2022年3月18日", LAY_SIGN_SEALED, at);
  CHECK(lay_finish(doc));
  char *dump = lay_dump(doc);
  compare("notice", dump);
  free(dump);
  lay_document_free(doc);
  diag_free(diag);
}

TEST(golden_table) {
  diag_sink *diag = diag_new(stderr, 0);
  lay_document *doc = fake_doc(true, false, diag);
  src_loc at = {"form.tpl", 1, 1, NULL};
  lay_add_attachment_start(doc, "附件1", "许昌市“新一代信息技术重点企业、重点项目”入库申请书",
                           at);
  lay_add_blank_lines(doc, 1);
  static const double w[] = {1.2, 1.8, 1.0, 1.4};
  lay_table_spec spec = {4, w, 0, 0, false};
  lay_table *t = lay_table_begin(doc, &spec, at);
  lay_table_row_begin(t, 0);
  lay_table_cell(t, 4, 1, LAY_ALIGN_LEFT);
  lay_cell_text(t, "（一）企业信息", LAY_ALIGN_LEFT, at);
  lay_table_row_begin(t, 0);
  lay_table_cell(t, 1, 1, LAY_ALIGN_CENTER);
  lay_cell_text(t, "统一社会信用代码", LAY_ALIGN_CENTER, at);
  lay_table_cell(t, 1, 1, LAY_ALIGN_LEFT);
  lay_cell_text(t, "91411000MA44XXXX1A", LAY_ALIGN_LEFT, at);
  lay_table_cell(t, 1, 1, LAY_ALIGN_CENTER);
  lay_cell_text(t, "所属行业", LAY_ALIGN_CENTER, at);
  lay_table_cell(t, 1, 1, LAY_ALIGN_LEFT);
  lay_cell_text(t, "软件和信息技术服务业", LAY_ALIGN_LEFT, at);
  const char *labels[] = {"姓名", "职务", "电子邮箱"};
  for (int r = 0; r < 3; r++) {
    lay_table_row_begin(t, 0);
    if (r == 0) {
      lay_table_cell(t, 1, 3, LAY_ALIGN_CENTER);
      lay_cell_text(t, "联系人", LAY_ALIGN_CENTER, at);
    }
    lay_table_cell(t, 1, 1, LAY_ALIGN_CENTER);
    lay_cell_text(t, labels[r], LAY_ALIGN_CENTER, at);
    lay_table_cell(t, 2, 1, LAY_ALIGN_LEFT);
  }
  lay_table_row_begin(t, 0);
  lay_table_cell(t, 1, 1, LAY_ALIGN_CENTER);
  lay_cell_text(t, "培育方向（单选）", LAY_ALIGN_CENTER, at);
  lay_table_cell(t, 3, 1, LAY_ALIGN_LEFT);
  lay_cell_checkbox(t, "工业互联网平台", false, at);
  lay_cell_checkbox(t, "5G产业链融合创新", true, at);
  lay_cell_checkbox(t, "服务型制造", false, at);
  lay_cell_checkbox(t, "新一代信息技术融合", false, at);
  lay_table_row_begin(t, 0);
  lay_table_cell(t, 1, 1, LAY_ALIGN_CENTER);
  lay_cell_text(t, "申报单位真实性承诺", LAY_ALIGN_CENTER, at);
  lay_table_cell(t, 3, 1, LAY_ALIGN_LEFT);
  lay_cell_text(t, "我单位申报的所有材料，均真实、完整，如有不实，愿承担相应的责任。",
                LAY_ALIGN_JUSTIFY, at);
  lay_cell_space(t, 28);
  lay_cell_text(t, "法定代表人签字：\u3000\u3000\u3000\u3000单位（公章）：", LAY_ALIGN_RIGHT, at);
  lay_cell_text(t, "年\u3000\u3000月\u3000\u3000日", LAY_ALIGN_RIGHT, at);
  lay_table_end(t);
  CHECK(lay_finish(doc));
  char *dump = lay_dump(doc);
  compare("table", dump);
  free(dump);
  lay_document_free(doc);
  diag_free(diag);
}

/* The documents of one sample round that are dumped: the round's INI, the kind of its 公示 and
 * of its form. */
typedef struct {
  const char *ini;
  const char *name; /* the dumps' prefix: tests/golden/layout-<name>-<kind>/ */
  const char *kinds[2];
} sample_round;

/* Lays out document 'kind' of the loaded round (for an applicant-scoped one, the first
 * applicant) with the fake metrics, as src/produce does up to the writer. */
static char *dump_document(diag_sink *diag, const tpl_program *program, const inp_round *round,
                           const cli_config *cfg, const cal_calendar *calendar, const char *kind) {
  const tpl_document_spec *spec = tpl_program_find(program, kind);
  CHECK(spec != NULL);
  if (!spec) return NULL;
  /* the program's parameters as the INI sets them, $order, and the group's variable (empty: the
   * documents dumped are the round's and an applicant's), as the pipeline passes them */
  tpl_var *vars = calloc(cfg->value_count + 2, sizeof *vars);
  size_t n = 0;
  for (size_t i = 0; i < cfg->value_count; i++)
    vars[n++] = (tpl_var){cfg->values[i].name, cfg->values[i].value};
  vars[n++] = (tpl_var){"order", cfg->order == TXT_ORDER_STROKE  ? "stroke"
                                 : cfg->order == TXT_ORDER_INPUT ? "input"
                                                                 : "pinyin"};
  const tpl_group *g = tpl_program_group(program);
  vars[n++] = (tpl_var){g ? g->name : "", ""};
  tpl_context ctx = {.round = inp_round_xml(round), .vars = vars, .var_count = n,
                     .calendar = calendar};
  CHECK(round->applicant_count > 0);
  bool first_applicant = spec->scope == TPL_SCOPE_APPLICANT && round->applicant_count > 0;
  ctx.context = first_applicant ? inp_applicant_xml(round, 0) : inp_round_root_xml(round);
  lay_document *doc = lay_document_new(&FAKE_METRICS, spec->options, diag);
  char *dump = NULL;
  bool ok = tpl_render(program, spec, &ctx, doc, diag) && lay_finish(doc);
  CHECK(ok);
  if (ok) dump = lay_dump(doc);
  lay_document_free(doc);
  free(vars);
  return dump;
}

/* Loads the sample round as `yinfa run` does (INI, program, calendar, input with the program's
 * rules, scores) and compares the dumps of its notice and form. */
static void golden_round(const sample_round *r) {
  diag_sink *diag = diag_new(stderr, 0);
  cli_config *cfg = cli_config_load(r->ini, diag);
  CHECK(cfg != NULL && cfg->program != NULL && cfg->input != NULL);
  if (!cfg || !cfg->program || !cfg->input) {
    cli_config_free(cfg);
    diag_free(diag);
    return;
  }
  char *search[3] = {NULL, NULL, NULL};
  cli_program_search(NULL, cfg, search);
  tpl_program *program = cli_program_open(cfg->program, search, SRC_LOC_NONE, cfg->wording, diag);
  cal_calendar *calendar = NULL;
  inp_round *round = NULL;
  scr_model *scores = NULL;
  bool ok = program && cli_config_bind(cfg, program, diag) &&
            (calendar = cli_load_calendar(cfg->allow_unknown_calendar, diag)) != NULL;
  if (ok) {
    inp_spec spec = *tpl_program_input(program);
    spec.vars = cfg->values;
    spec.var_count = cfg->value_count;
    spec.calendar = calendar;
    ok = (round = inp_round_load(cfg->input, &spec, diag)) != NULL &&
         cli_score(program, round, &scores, diag);
  }
  CHECK(ok);
  for (int k = 0; ok && k < 2; k++) {
    char *dump = dump_document(diag, program, round, cfg, calendar, r->kinds[k]);
    if (dump) {
      char name[128];
      snprintf(name, sizeof name, "%s-%s", r->name, r->kinds[k]);
      compare(name, dump);
    }
    free(dump);
  }
  scr_model_free(scores);
  inp_round_free(round);
  cal_free(calendar);
  tpl_program_free(program);
  for (int i = 0; i < 3; i++) free(search[i]);
  cli_config_free(cfg);
  diag_free(diag);
}

/* The sample rounds, one test each, so that a failing run names the program. */
static const sample_round ROUNDS[] = {
    {"samples/xuchang-2022.ini", "xuchang", {"notice", "application"}},
    {"samples/fujian-2024.ini", "fujian", {"notice", "application"}},
    {"samples/hunan-2019.ini", "hunan", {"notice", "application"}},
    {"samples/shandong-demo-2023.ini", "shandong", {"notice", "application"}},
    {"samples/henan-2024.ini", "henan", {"notice", "evaluation"}},
};

TEST(golden_xuchang) { golden_round(&ROUNDS[0]); }
TEST(golden_fujian) { golden_round(&ROUNDS[1]); }
TEST(golden_hunan) { golden_round(&ROUNDS[2]); }
TEST(golden_shandong) { golden_round(&ROUNDS[3]); }
TEST(golden_henan) { golden_round(&ROUNDS[4]); }

int main(void) {
  /* templates/, data/ (the holiday calendar) and samples/ are the repository's: the test runs
   * from its root, as the other golden dumps do */
  setenv("YINFA_HOME", ".", 1);
  RUN(golden_notice);
  RUN(golden_table);
  RUN(golden_xuchang);
  RUN(golden_fujian);
  RUN(golden_hunan);
  RUN(golden_shandong);
  RUN(golden_henan);
  return CHECK_DONE();
}
