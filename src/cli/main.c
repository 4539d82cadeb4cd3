/* yinfa command line: reads the command and its options and maps module results to exit codes
 * (0 ok, 1 bad input or config, 2 usage, 3 I/O or system error). See docs/cli.md. This file owns
 * the help text and the commands that act on documents (run, verify, fonts, programs);
 * validate, import and export are round_cmd.c's, calendar is calendar_cmd.c's, the words every
 * command reads alike args.c's. */
#include <errno.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch/batch.h"
#include "cli/args.h"
#include "cli/config.h"
#include "cli/pipeline.h"
#include "cli/round_cmd.h"
#include "core/build.h"
#include "core/diag.h"
#include "core/lang.h"
#include "core/strbuf.h"
#include "input/input.h"

typedef struct {
  const char *config, *input, *output; /* input/output: NULL keeps the INI's */
  int jobs;                            /* 0: from the INI */
  bool force, prune;
  int verbosity; /* 0 quiet, 1 normal, 2 verbose */
  int shard_k, shard_n; /* this run does shard K of N (1-based); 1/1 when not sharded */
  const char *only;     /* --only KIND,KIND */
  const char *groups;   /* --group NAME,NAME */
  const char *programs; /* --programs DIR */
  bool allow_unknown_calendar; /* --allow-unknown-calendar */
  bool blank;                  /* --blank: the blank forms only */
} run_options;

static const char HELP_EN[] =
    "yinfa: turns a review round (an XML file; spreadsheets through `yinfa import`) into the round's\n"
    "official documents (PDF, and OFD when asked).\n"
    "\n"
    "Usage:\n"
    "  yinfa run CONFIG.ini [options]   check the round named by CONFIG.ini and produce its documents\n"
    "  yinfa validate FILE.xml [--program NAME] [--config CONFIG.ini]\n"
    "                                   check a review-round file against its program's schema\n"
    "                                   and rules and report every problem\n"
    "  yinfa verify OUTDIR [--fonts]    recheck a finished output folder against its manifest(s);\n"
    "                                   --fonts: and the font files they name are installed here\n"
    "  yinfa fonts [CONFIG.ini]         show the font of each role, its file, why it was chosen and\n"
    "                                   what it covers (GB2312, GBK, CJK Ext A..I)\n"
    "  yinfa import PROGRAM SHEET... --output ROUND.xml [--mapping FILE] [--year N] [--round N]\n"
    "                                   [--programs DIR] [--force]\n"
    "                                   turn .xlsx/.csv spreadsheets into a checked review round\n"
    "                                   (docs/import.md); --force replaces an existing ROUND.xml\n"
    "  yinfa programs [NAME]            list the programs, or show one: documents, INI parameters\n"
    "  yinfa calendar YEAR [CONFIG.ini] a year's days off and 调休 working days, with their source\n"
    "  yinfa export PROGRAM ROUND.xml --output FILE.xlsx [--mapping FILE] [--programs DIR] [--force]\n"
    "                                   write a round back to a spreadsheet that imports again\n"
    "  yinfa --help | --version\n"
    "\n"
    "Options of run:\n"
    "  --input FILE     read this review round instead of [round] input\n"
    "  --output DIR     write into DIR instead of [round] output\n"
    "  --jobs N         use N worker processes (default: [output] jobs, else one per CPU)\n"
    "  --force          replace documents that already exist in the output folder\n"
    "  --prune          remove documents of earlier runs this round no longer makes\n"
    "  --quiet          print nothing but errors\n"
    "  --verbose        also list every document as it is planned or written\n"
    "  --shard K/N      produce only part K of N (documents split by applicant id), so that\n"
    "                   N machines can share a round; `verify` accepts the union\n"
    "  --only KINDS     produce only these document kinds (comma-separated, e.g. review-form)\n"
    "  --group NAMES    produce only these groups' documents (counties ..., comma-separated):\n"
    "                   their applicants' and their own; round-level ones only if --only names them\n"
    "  --blank          write only one blank form per form kind (blank/KIND.pdf), for the site visit\n"
    "Options of run and validate:\n"
    "  --allow-unknown-calendar  count a period that runs into a year data/cn-holidays.tsv does\n"
    "                   not list by that year's statutory days alone (else an error)\n"
    "Options of run, validate and programs:\n"
    "  --programs DIR   look for programs in DIR before the installed ones\n"
    "Options of validate:\n"
    "  --program NAME   also require the file's program attribute to be NAME\n"
    "  --config INI     take the parameters the program's rules use from this INI\n"
    "\n"
    "Exit status: 0 success, 1 the input or configuration has errors, 2 usage error,\n"
    "3 I/O or system error. Messages go to stderr as FILE:LINE: applicant ID: message,\n"
    "in Chinese when LANG starts with zh. Documentation: docs/cli.md\n";

static const char HELP_ZH[] =
    "yinfa：把一轮评审结果（一个 XML 文件；电子表格先用 `yinfa import` 转换）生成为该轮的正式公文\n"
    "（PDF，按需另出 OFD）。\n"
    "\n"
    "用法：\n"
    "  yinfa run 配置.ini [选项]          检查配置所指的评审结果并生成全部文书\n"
    "  yinfa validate 文件.xml [--program 名称] [--config 配置.ini]\n"
    "                                   按项目的格式定义和规则检查评审结果文件并列出全部问题\n"
    "  yinfa verify 输出目录 [--fonts]    按清单复核已生成的输出目录；--fonts：并核对清单所记字体文件已安装在本机\n"
    "  yinfa fonts [配置.ini]            列出各角色所用字体、字体文件、选用原因及覆盖范围\n"
    "                                   （GB2312、GBK、CJK 扩展 A 至 I）\n"
    "  yinfa import 项目 表格... --output 评审结果.xml [--mapping 文件] [--year 年] [--round 批次]\n"
    "                                   [--programs 目录] [--force]\n"
    "                                   把 .xlsx/.csv 表格转为经过检查的评审结果文件（见 docs/import.md）；\n"
    "                                   --force：替换已有的评审结果文件\n"
    "  yinfa programs [名称]              列出全部项目，或显示一个项目的文书和 INI 参数\n"
    "  yinfa calendar 年份 [配置.ini]     列出一年的放假日和调休上班日及其来源\n"
    "  yinfa export 项目 评审结果.xml --output 文件.xlsx [--mapping 文件] [--force]\n"
    "                                   把评审结果写回可再次导入的表格\n"
    "  yinfa --help | --version\n"
    "\n"
    "run 的选项：\n"
    "  --input 文件      读取此评审结果文件，代替 [round] input\n"
    "  --output 目录     输出到此目录，代替 [round] output\n"
    "  --jobs N          使用 N 个工作进程（默认取 [output] jobs，否则每个 CPU 一个）\n"
    "  --force           覆盖输出目录中已有的文书\n"
    "  --prune           删除本轮不再生成的早先文书\n"
    "  --quiet           只输出错误\n"
    "  --verbose         逐一列出计划生成或已生成的文书\n"
    "  --shard K/N       只生成 N 份中的第 K 份（按申报单位编号划分），供 N 台机器分担；\n"
    "                    verify 可检查各份合并后的结果\n"
    "  --only 类型       只生成这些类型的文书（逗号分隔，如 review-form）\n"
    "  --group 名称      只生成这些分组（县区、市州等，逗号分隔）的文书：其申报单位的和分组自己的；\n"
    "                    全轮的文书（公示、通知等）仅在 --only 指明时生成\n"
    "  --blank           只生成每种表单的空白表（blank/类型.pdf），供现场核查时使用\n"
    "run、validate 的选项：\n"
    "  --allow-unknown-calendar  跨入 data/cn-holidays.tsv 尚未收入年份的期间只按该年法定节假日计算\n"
    "                   （否则报错）\n"
    "run、validate、programs 的选项：\n"
    "  --programs 目录   先在此目录中查找项目，再查找安装的项目\n"
    "validate 的选项：\n"
    "  --program 名称    同时要求文件的 program 属性为该名称\n"
    "  --config 配置.ini 从此配置文件读取规则所用的参数\n"
    "\n"
    "退出状态：0 成功，1 输入或配置有错误，2 命令用法错误，3 读写或系统错误。\n"
    "消息输出到标准错误，格式为 文件:行: 申报单位 编号：内容。说明文档：docs/cli.md\n";

/* What happens after validation: the whole pipeline (cli/pipeline.c). */
static int run_round(const cli_config *cfg, const tpl_program *program, inp_round *round,
                     const scr_model *scores, const run_options *opt, bat_stats *stats, diag_sink *diag) {
  cli_pipeline_options po = {
      .output = opt->output,
      .jobs = opt->jobs,
      .force = opt->force,
      .prune = opt->prune,
      .shard_k = opt->shard_k,
      .shard_n = opt->shard_n,
      .progress = opt->verbosity == 0   ? BAT_PROGRESS_QUIET
                  : opt->verbosity > 1 ? BAT_PROGRESS_VERBOSE
                                       : BAT_PROGRESS_AUTO,
      .verbose_plan = opt->verbosity > 1,
      .only = opt->only,
      .groups = opt->groups,
      .blank = opt->blank,
  };
  return cli_run_pipeline(cfg, program, round, scores, &po, stats, diag);
}

static int cmd_run(int argc, char **argv) {
  run_options opt = {NULL, NULL, NULL, 0, false, false, 1, 1, 1, NULL, NULL, NULL, false, false};
  for (int i = 2; i < argc; i++) {
    const char *v = NULL;
    if (cli_option_value(argc, argv, &i, "--input", &v)) {
      if (!v || !*v) return cli_usage(L("--input needs a file", "--input 需要文件名"));
      opt.input = v;
    } else if (cli_option_value(argc, argv, &i, "--output", &v)) {
      if (!v || !*v) return cli_usage(L("--output needs a folder", "--output 需要目录名"));
      opt.output = v;
    } else if (cli_option_value(argc, argv, &i, "--jobs", &v)) {
      if (!cli_parse_int(v, 0, 256, &opt.jobs))
        return cli_usage(L("--jobs needs a number from 0 (one per CPU) to 256", "--jobs 需要 0（每个 CPU 一个）到 256 之间的数"));
      if (opt.jobs == 0) opt.jobs = -1; /* as [output] jobs = 0: one per CPU, whatever the INI says */
    } else if (cli_option_value(argc, argv, &i, "--shard", &v)) {
      if (!bat_parse_shard(v, &opt.shard_k, &opt.shard_n))
        return cli_usage(L("--shard needs K/N with 1 <= K <= N <= 100000, e.g. --shard 2/4",
                       "--shard 需要 K/N，且 1 <= K <= N <= 100000，如 --shard 2/4"));
    } else if (cli_option_value(argc, argv, &i, "--only", &v)) {
      if (!v || !*v || *v == ',' || v[strlen(v) - 1] == ',' || strstr(v, ",,"))
        return cli_usage(L("--only needs document kinds, e.g. --only review-form,application",
                       "--only 需要文书类型，如 --only review-form,application"));
      opt.only = v;
    } else if (cli_option_value(argc, argv, &i, "--group", &v)) {
      if (!v || !*v || *v == ',' || v[strlen(v) - 1] == ',' || strstr(v, ",,"))
        return cli_usage(L("--group needs group names (counties ...), e.g. --group 魏都区,禹州市",
                       "--group 需要分组名称（县区等），如 --group 魏都区,禹州市"));
      opt.groups = v;
    } else if (cli_option_value(argc, argv, &i, "--programs", &v)) {
      if (!v || !*v) return cli_usage(L("--programs needs a folder", "--programs 需要目录名"));
      opt.programs = v;
    } else if (strcmp(argv[i], "--force") == 0) {
      opt.force = true;
    } else if (strcmp(argv[i], "--blank") == 0) {
      opt.blank = true;
    } else if (strcmp(argv[i], "--prune") == 0) {
      opt.prune = true;
    } else if (strcmp(argv[i], "--allow-unknown-calendar") == 0) {
      opt.allow_unknown_calendar = true;
    } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
      opt.verbosity = 0;
    } else if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0) {
      opt.verbosity = 2;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      return cli_usage(L("unknown option '%s' for run", "run 没有选项“%s”"), argv[i]);
    } else if (!opt.config) {
      opt.config = argv[i];
    } else {
      return cli_usage(L("run takes one CONFIG.ini, not also '%s'", "run 只接受一个配置文件，多余的参数“%s”"), argv[i]);
    }
  }
  if (!opt.config) return cli_usage(L("run needs a CONFIG.ini", "run 需要一个配置文件"));

  diag_sink *diag = diag_new(stderr, 0);
  cli_config *cfg = NULL;
  inp_round *round = NULL;
  tpl_program *program = NULL;
  scr_model *scores = NULL;
  cal_calendar *calendar = NULL;
  char *search[3] = {NULL, NULL, NULL};
  bat_stats stats = {0};
  int rc = EXIT_IO;
  if (!cli_readable(opt.config, diag)) goto done;
  rc = EXIT_INPUT;
  if (!(cfg = cli_config_load(opt.config, diag)) || !cfg->program) goto done;
  if (opt.allow_unknown_calendar) cfg->allow_unknown_calendar = true; /* the option wins */
  cli_program_search(opt.programs, cfg, search);
  if (!(program = cli_program_open(cfg->program, search, cli_config_loc(cfg, "round", "program"), cfg->wording, diag)))
    goto done;
  if (!cli_config_bind(cfg, program, diag)) goto done;

  const char *input = opt.input ? opt.input : cfg->input;
  const char *output = opt.output ? opt.output : cfg->output;
  if (!input) {
    diag_error(diag, cli_config_loc(cfg, "round", NULL),
               L("no review round: set [round] input or give --input", "未指定评审结果文件：请设置 [round] input 或使用 --input"));
  }
  if (!output) {
    diag_error(diag, cli_config_loc(cfg, "round", NULL),
               L("no output folder: set [round] output or give --output", "未指定输出目录：请设置 [round] output 或使用 --output"));
  }
  if (!input || !output) goto done;
  opt.output = output;
  if (!opt.jobs) opt.jobs = cfg->jobs;
  if (opt.jobs <= 0) {
    opt.jobs = bat_default_jobs();
  }
  if (!cli_readable(input, diag)) {
    rc = EXIT_IO;
    goto done;
  }
  inp_spec spec = *tpl_program_input(program);
  spec.vars = cfg->values;
  spec.var_count = cfg->value_count;
  if (!(calendar = cli_load_calendar(cfg->allow_unknown_calendar, diag))) goto done; /* the rules' workday() */
  spec.calendar = calendar;
  if (!(round = inp_round_load(input, &spec, diag))) goto done;
  if (round->warning_count)
    fprintf(stderr, L("yinfa: %zu warning(s) from the program's rules (listed above); the documents are made\n",
                      "yinfa：项目规则给出 %zu 条警告（见上）；文书照常生成\n"),
            round->warning_count);
  if (!cli_score(program, round, &scores, diag)) goto done;
  rc = run_round(cfg, program, round, scores, &opt, &stats, diag);

done:
  cli_run_summary(rc, &stats, diag);
  inp_round_free(round);
  scr_model_free(scores);
  cal_free(calendar);
  tpl_program_free(program);
  for (int i = 0; i < 3; i++) free(search[i]);
  cli_config_free(cfg);
  diag_free(diag);
  return rc;
}


static int cmd_programs(int argc, char **argv) {
  const char *name = NULL, *programs = NULL;
  for (int i = 2; i < argc; i++) {
    const char *v = NULL;
    if (cli_option_value(argc, argv, &i, "--programs", &v)) {
      if (!v || !*v) return cli_usage(L("--programs needs a folder", "--programs 需要目录名"));
      programs = v;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      return cli_usage(L("unknown option '%s' for programs", "programs 没有选项“%s”"), argv[i]);
    } else if (!name) {
      name = argv[i];
    } else {
      return cli_usage(L("programs takes at most one NAME, not also '%s'", "programs 最多接受一个项目名称，多余的参数“%s”"), argv[i]);
    }
  }
  diag_sink *diag = diag_new(stderr, 0);
  int rc = cli_programs(name, programs, diag);
  diag_free(diag);
  return rc ? EXIT_INPUT : EXIT_OK;
}

/* yinfa fonts [CONFIG.ini]: the fonts a run with CONFIG.ini (or the defaults) would use. */
static int cmd_fonts(int argc, char **argv) {
  if (argc > 3 || (argc == 3 && argv[2][0] == '-'))
    return cli_usage(L("fonts takes at most one CONFIG.ini", "fonts 最多接受一个配置文件"));
  diag_sink *diag = diag_new(stderr, 0);
  cli_config *cfg = NULL;
  char *data_dir = cli_data_dir();
  int rc = EXIT_INPUT;
  if (argc == 3 && !(cfg = cli_config_load(argv[2], diag))) goto done;
  pdf_fonts *fonts = cli_load_fonts(cfg, data_dir, diag);
  if (!fonts) {
    rc = errno ? EXIT_IO : EXIT_INPUT;
    goto done;
  }
  strbuf out;
  strbuf_init(&out);
  pdf_fonts_describe(fonts, &out);
  fputs(strbuf_str(&out), stdout);
  strbuf_release(&out);
  pdf_fonts_free(fonts);
  rc = EXIT_OK;
done:
  free(data_dir);
  cli_config_free(cfg);
  diag_free(diag);
  return rc;
}

static int cmd_verify(int argc, char **argv) {
  const char *dir = NULL;
  bool fonts = false;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--fonts") == 0 && !fonts) fonts = true;
    else if (argv[i][0] != '-' && !dir) dir = argv[i];
    else return cli_usage(L("verify takes one OUTDIR, and --fonts", "verify 需要一个输出目录，可加 --fonts"));
  }
  if (!dir) return cli_usage(L("verify takes one OUTDIR", "verify 需要一个输出目录"));
  diag_sink *diag = diag_new(stderr, 0);
  cli_font_check *fc = fonts ? cli_font_check_new() : NULL;
  struct stat st;
  int rc = EXIT_IO;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
    diag_error(diag, ((src_loc){dir, 0, 0, NULL}), L("not a folder: %s", "不是目录：%s"),
               errno ? lang_strerror(errno) : L("not a directory", "不是目录"));
    goto done;
  }
  bat_verify_stats vs = {0};
  if (bat_verify_with(dir, fonts ? cli_check_fonts : NULL, fc, &vs, diag)) {
    printf(L("%s: %zu files match %zu manifest(s)\n", "%s：%zu 个文件与 %zu 份清单一致\n"), dir,
           vs.files, vs.manifests);
    if (fonts)
      printf(L("%s: the font files the documents name are installed here as they were\n",
               "%s：文书所记录的字体文件均已按原样安装在本机\n"),
             dir);
    rc = EXIT_OK;
  } else {
    size_t font_bad = fc ? cli_font_check_bad(fc) : 0;
    if (vs.unfinished)
      fprintf(stderr,
              L("yinfa: %s: %zu file(s) from a later run that did not finish: run it again to finish the folder\n",
                "yinfa：%s：%zu 个文件来自之后未完成的运行：请重新运行以完成该文件夹\n"),
              dir, vs.unfinished);
    if (vs.bad > font_bad + vs.unfinished)
      fprintf(stderr, L("yinfa: %s: %zu file(s) missing or altered\n", "yinfa：%s：%zu 个文件缺失或被改动\n"),
              dir, vs.bad - font_bad - vs.unfinished);
    if (font_bad)
      fprintf(stderr,
              L("yinfa: %s: %zu document(s) name font files not installed here as they were\n",
                "yinfa：%s：%zu 份文书所用的字体文件未按原样安装在本机\n"),
              dir, font_bad);
    rc = EXIT_INPUT;
  }
done:
  cli_font_check_free(fc);
  diag_free(diag);
  return rc;
}


int main(int argc, char **argv) {
  inp_no_network(); /* before anything parses XML */
  if (argc < 2) return cli_usage(L("no command given", "缺少命令"));
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
    fputs(L(HELP_EN, HELP_ZH), stdout);
    return EXIT_OK;
  }
  if (strcmp(cmd, "--version") == 0) {
    printf("yinfa %s (build %s)\n", YINFA_VERSION, yinfa_build_id());
    return EXIT_OK;
  }
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(L(HELP_EN, HELP_ZH), stdout);
      return EXIT_OK;
    }
  }
  xmlInitParser();
  int rc;
  if (strcmp(cmd, "run") == 0) rc = cmd_run(argc, argv);
  else if (strcmp(cmd, "validate") == 0) rc = cli_validate(argc, argv);
  else if (strcmp(cmd, "verify") == 0) rc = cmd_verify(argc, argv);
  else if (strcmp(cmd, "fonts") == 0) rc = cmd_fonts(argc, argv);
  else if (strcmp(cmd, "import") == 0) rc = cli_import(argc, argv);
  else if (strcmp(cmd, "programs") == 0) rc = cmd_programs(argc, argv);
  else if (strcmp(cmd, "calendar") == 0) rc = cli_calendar(argc, argv);
  else if (strcmp(cmd, "export") == 0) rc = cli_export(argc, argv);
  else rc = cli_usage(L("unknown command '%s'", "未知命令“%s”"), cmd);
  xmlCleanupParser();
  return rc;
}
