/* yinfa command line: parses arguments and maps module results to exit codes
 * (0 ok, 1 bad input or config, 2 usage, 3 I/O or system error). See docs/cli.md. */
#include <errno.h>
#include <libxml/parser.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch/batch.h"
#include "cli/config.h"
#include "cli/pipeline.h"
#include "core/build.h"
#include "core/diag.h"
#include "core/lang.h"
#include "core/xmalloc.h"
#include "core/strbuf.h"
#include "import/import.h"
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

static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("yinfa: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\n%s\n", L("Try 'yinfa --help'.", "用法见 yinfa --help。"));
  return EXIT_USAGE;
}

/* Accepts "--name VALUE" and "--name=VALUE"; advances *i past what it used. */
static bool option_value(int argc, char **argv, int *i, const char *name, const char **value) {
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n) != 0) return false;
  if (argv[*i][n] == '=') {
    *value = argv[*i] + n + 1;
    return true;
  }
  if (argv[*i][n] != '\0') return false;
  *value = *i + 1 < argc ? argv[++*i] : NULL;
  /* "--output --quiet": the value was forgotten; never take the next option for a name
   * (weak-output-option-swallows-flag). "--output=--x" still names such a folder. */
  if (*value && strncmp(*value, "--", 2) == 0) *value = NULL;
  return true;
}

static bool parse_int(const char *s, int lo, int hi, int *out) {
  if (!s || !*s) return false;
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || *end || v < lo || v > hi) return false;
  *out = (int)v;
  return true;
}

static bool readable(const char *path, diag_sink *diag) {
  if (access(path, R_OK) == 0) return true;
  diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot read: %s", "无法读取：%s"), lang_strerror(errno));
  return false;
}

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
  };
  return cli_run_pipeline(cfg, program, round, scores, &po, stats, diag);
}

static int cmd_run(int argc, char **argv) {
  run_options opt = {NULL, NULL, NULL, 0, false, false, 1, 1, 1, NULL, NULL, NULL, false};
  for (int i = 2; i < argc; i++) {
    const char *v = NULL;
    if (option_value(argc, argv, &i, "--input", &v)) {
      if (!v || !*v) return usage(L("--input needs a file", "--input 需要文件名"));
      opt.input = v;
    } else if (option_value(argc, argv, &i, "--output", &v)) {
      if (!v || !*v) return usage(L("--output needs a folder", "--output 需要目录名"));
      opt.output = v;
    } else if (option_value(argc, argv, &i, "--jobs", &v)) {
      if (!parse_int(v, 0, 256, &opt.jobs))
        return usage(L("--jobs needs a number from 0 (one per CPU) to 256", "--jobs 需要 0（每个 CPU 一个）到 256 之间的数"));
      if (opt.jobs == 0) opt.jobs = -1; /* as [output] jobs = 0: one per CPU, whatever the INI says */
    } else if (option_value(argc, argv, &i, "--shard", &v)) {
      if (!bat_parse_shard(v, &opt.shard_k, &opt.shard_n))
        return usage(L("--shard needs K/N with 1 <= K <= N <= 100000, e.g. --shard 2/4",
                       "--shard 需要 K/N，且 1 <= K <= N <= 100000，如 --shard 2/4"));
    } else if (option_value(argc, argv, &i, "--only", &v)) {
      if (!v || !*v || *v == ',' || v[strlen(v) - 1] == ',' || strstr(v, ",,"))
        return usage(L("--only needs document kinds, e.g. --only review-form,application",
                       "--only 需要文书类型，如 --only review-form,application"));
      opt.only = v;
    } else if (option_value(argc, argv, &i, "--group", &v)) {
      if (!v || !*v || *v == ',' || v[strlen(v) - 1] == ',' || strstr(v, ",,"))
        return usage(L("--group needs group names (counties ...), e.g. --group 魏都区,禹州市",
                       "--group 需要分组名称（县区等），如 --group 魏都区,禹州市"));
      opt.groups = v;
    } else if (option_value(argc, argv, &i, "--programs", &v)) {
      if (!v || !*v) return usage(L("--programs needs a folder", "--programs 需要目录名"));
      opt.programs = v;
    } else if (strcmp(argv[i], "--force") == 0) {
      opt.force = true;
    } else if (strcmp(argv[i], "--prune") == 0) {
      opt.prune = true;
    } else if (strcmp(argv[i], "--allow-unknown-calendar") == 0) {
      opt.allow_unknown_calendar = true;
    } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
      opt.verbosity = 0;
    } else if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0) {
      opt.verbosity = 2;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      return usage(L("unknown option '%s' for run", "run 没有选项“%s”"), argv[i]);
    } else if (!opt.config) {
      opt.config = argv[i];
    } else {
      return usage(L("run takes one CONFIG.ini, not also '%s'", "run 只接受一个配置文件，多余的参数“%s”"), argv[i]);
    }
  }
  if (!opt.config) return usage(L("run needs a CONFIG.ini", "run 需要一个配置文件"));

  diag_sink *diag = diag_new(stderr, 0);
  cli_config *cfg = NULL;
  inp_round *round = NULL;
  tpl_program *program = NULL;
  scr_model *scores = NULL;
  cal_calendar *calendar = NULL;
  char *search[3] = {NULL, NULL, NULL};
  bat_stats stats = {0};
  int rc = EXIT_IO;
  if (!readable(opt.config, diag)) goto done;
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
  if (!readable(input, diag)) {
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

/* Without the job's INI every parameter has its default or no value: a rule that needs one is
 * skipped with a note, never failed for want of it. Returns malloc'd (the caller frees). */
static inp_var *default_vars(const tpl_program *program, size_t *count) {
  size_t np = tpl_program_param_count(program);
  inp_var *defaults = xcalloc(np + 1, sizeof *defaults);
  for (size_t i = 0; i < np; i++) {
    const tpl_param *t = tpl_program_param(program, i);
    defaults[i] = (inp_var){t->name, t->default_value ? t->default_value : "", SRC_LOC_NONE};
  }
  *count = np;
  return defaults;
}

/* What import and export check a round against: `yinfa validate` without the job's INI, so the
 * parameters at their defaults (*defaults, the caller frees) and the rules that compare dates
 * with the INI skipped quietly (they are run's and validate --config's). */
static inp_spec spec_without_ini(const tpl_program *program, const cal_calendar *calendar, inp_var **defaults) {
  inp_spec spec = *tpl_program_input(program);
  *defaults = default_vars(program, &spec.var_count);
  spec.vars = *defaults;
  spec.calendar = calendar;
  spec.quiet_unset = true;
  return spec;
}

static bool warn_text(void *fonts, const char *utf8, src_loc at, diag_sink *diag) {
  pdf_fonts_warn_missing(fonts, utf8, at, diag);
  return true;
}

/* Warns, with line and applicant, about every character no installed font draws: `run` would write
 * every document but those that print it (issue 13 §2). The default fonts (fonts/fontmap.ini and
 * what fontconfig finds) are used: validate has no INI. */
static void warn_undrawable(const inp_round *round, diag_sink *diag) {
  char *data_dir = cli_data_dir();
  diag_sink *quiet = diag_new(NULL, 0);
  pdf_fonts *fonts = cli_load_fonts(NULL, data_dir, quiet);
  if (fonts)
    inp_round_foreach_text(round, warn_text, fonts, diag);
  else
    diag_warning(diag, SRC_LOC_NONE,
                 L("the fonts could not be loaded, so characters were not checked against them (%s)",
                   "无法加载字体，未检查字符是否有字体可用（%s）"),
                 diag_text(quiet));
  pdf_fonts_free(fonts);
  diag_free(quiet);
  free(data_dir);
}

/* The documents of 'round' that would list nobody (a 公示 without one admitted applicant;
 * tpl_check_lists): errors for validate, warnings for import (a round before its reviews is
 * still a round). Returns how many. */
static size_t check_lists(const tpl_program *program, inp_round *round, const inp_var *values, size_t count,
                          const cal_calendar *calendar, bool as_error, diag_sink *diag) {
  tpl_var *vars = xcalloc(count + 1, sizeof *vars);
  for (size_t i = 0; i < count; i++) vars[i] = (tpl_var){values[i].name, values[i].value};
  tpl_context ctx = {.round = inp_round_xml(round), .vars = vars, .var_count = count, .calendar = calendar};
  size_t n = tpl_check_lists(program, &ctx, as_error, diag);
  free(vars);
  return n;
}

static int cmd_validate(int argc, char **argv) {
  const char *file = NULL, *program_name = NULL, *programs = NULL, *config = NULL;
  bool quiet = false, allow_unknown = false;
  for (int i = 2; i < argc; i++) {
    const char *v = NULL;
    if (option_value(argc, argv, &i, "--program", &v)) {
      if (!v || !*v) return usage(L("--program needs a name", "--program 需要项目名称"));
      program_name = v;
    } else if (option_value(argc, argv, &i, "--programs", &v)) {
      if (!v || !*v) return usage(L("--programs needs a folder", "--programs 需要目录名"));
      programs = v;
    } else if (option_value(argc, argv, &i, "--config", &v)) {
      if (!v || !*v) return usage(L("--config needs a CONFIG.ini", "--config 需要配置文件"));
      config = v;
    } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
      quiet = true;
    } else if (strcmp(argv[i], "--allow-unknown-calendar") == 0) {
      allow_unknown = true;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      return usage(L("unknown option '%s' for validate", "validate 没有选项“%s”"), argv[i]);
    } else if (!file) {
      file = argv[i];
    } else {
      return usage(L("validate takes one FILE.xml, not also '%s'", "validate 只接受一个文件，多余的参数“%s”"), argv[i]);
    }
  }
  if (!file) return usage(L("validate needs a FILE.xml", "validate 需要一个 XML 文件"));

  diag_sink *diag = diag_new(stderr, 0);
  int rc = EXIT_IO;
  inp_round *round = NULL;
  tpl_program *program = NULL;
  scr_model *scores = NULL;
  cli_config *cfg = NULL;
  char *peeked = NULL, *search[3] = {NULL, NULL, NULL};
  inp_var *defaults = NULL;
  cal_calendar *calendar = NULL;
  if (!readable(file, diag)) goto done;
  rc = EXIT_INPUT;
  if (config && !(cfg = cli_config_load(config, diag))) goto done;
  /* --program names the program to check against (a file for another is an error); without it
   * the file says which program it is for */
  if (!program_name && !(program_name = peeked = inp_round_peek_program(file))) {
    /* the envelope alone: says what is wrong with the file (or that it names no program) */
    if ((round = inp_round_load(file, NULL, diag)))
      diag_error(diag, round->loc, "%s", L("the file names no program", "文件未注明所属项目"));
    goto done;
  }
  if (cfg && cfg->program && strcmp(cfg->program, program_name) != 0) {
    /* its other sections would all be "unknown": say the one thing that is wrong */
    diag_error(diag, cli_config_loc(cfg, "round", "program"),
               L("this INI is for program \"%s\", but %s is a round of \"%s\": give the INI of that program",
                 "该 INI 用于项目“%s”，而 %s 是项目“%s”的评审结果：请使用该项目的 INI"),
               cfg->program, file, program_name);
    goto done;
  }
  cli_program_search(programs, cfg, search);
  if (!(program = cli_program_open(program_name, search, SRC_LOC_NONE, cfg ? cfg->wording : NULL, diag))) {
    inp_round_free(inp_round_load(file, NULL, diag)); /* and what is wrong with the file itself */
    /* the errors are the program's (each names its file): the round was not checked against it */
    fprintf(stderr, L("yinfa: %d error(s); %s could not be checked: program \"%s\" does not load\n",
                      "yinfa：共 %d 处错误；无法检查 %s：项目“%s”无法加载\n"),
            diag_error_count(diag), file, program_name);
    rc = EXIT_INPUT;
    config = NULL, file = NULL; /* said above */
    goto done;
  }
  inp_spec spec = *tpl_program_input(program);
  if (cfg) {
    if (!cli_config_bind(cfg, program, diag)) goto done;
    spec.vars = cfg->values;
    spec.var_count = cfg->value_count;
  } else {
    defaults = default_vars(program, &spec.var_count);
    spec.vars = defaults;
  }
  if (!(calendar = cli_load_calendar(allow_unknown || (cfg && cfg->allow_unknown_calendar), diag)))
    goto done; /* the rules' workday(), as run has it */
  spec.calendar = calendar;
  if (cfg) cli_config_warn_calendar(cfg, program, calendar, diag);
  if (!(round = inp_round_load(file, &spec, diag))) goto done;
  if (!cli_score(program, round, &scores, diag)) goto done; /* a figure a formula needs is missing */
  if (check_lists(program, round, spec.vars, spec.var_count, calendar, true, diag)) goto done;
  rc = EXIT_OK;
  warn_undrawable(round, diag);
  if (!quiet)
    printf(L("%s: valid (%zu applicant(s), program %s, %d round %d%s)\n",
             "%s：检查通过（%zu 个申报单位，项目 %s，%d 年第 %d 批%s）\n"),
           file, round->applicant_count, round->program, round->year, round->round,
           round->warning_count ? L(", with warnings", "，有警告") : "");
done:
  if (rc == EXIT_INPUT && config) /* the errors may be the INI's: each message names its file */
    fprintf(stderr, L("yinfa: %d error(s) in %s and %s\n", "yinfa：共 %d 处错误，见文件 %s 和 %s\n"),
            diag_error_count(diag), file, config);
  else if (rc == EXIT_INPUT && file)
    fprintf(stderr, L("yinfa: %d error(s) in %s\n", "yinfa：共 %d 处错误，文件 %s\n"), diag_error_count(diag), file);
  inp_round_free(round);
  scr_model_free(scores);
  tpl_program_free(program);
  cli_config_free(cfg);
  cal_free(calendar);
  free(defaults);
  free(peeked);
  for (int i = 0; i < 3; i++) free(search[i]);
  diag_free(diag);
  return rc;
}

static int cmd_programs(int argc, char **argv) {
  const char *name = NULL, *programs = NULL;
  for (int i = 2; i < argc; i++) {
    const char *v = NULL;
    if (option_value(argc, argv, &i, "--programs", &v)) {
      if (!v || !*v) return usage(L("--programs needs a folder", "--programs 需要目录名"));
      programs = v;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      return usage(L("unknown option '%s' for programs", "programs 没有选项“%s”"), argv[i]);
    } else if (!name) {
      name = argv[i];
    } else {
      return usage(L("programs takes at most one NAME, not also '%s'", "programs 最多接受一个项目名称，多余的参数“%s”"), argv[i]);
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
    return usage(L("fonts takes at most one CONFIG.ini", "fonts 最多接受一个配置文件"));
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
    else return usage(L("verify takes one OUTDIR, and --fonts", "verify 需要一个输出目录，可加 --fonts"));
  }
  if (!dir) return usage(L("verify takes one OUTDIR", "verify 需要一个输出目录"));
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

/* The mapping: --mapping, else the program folder's import.xml. Returns NULL after reporting;
 * *rc is the exit code then. */
static imp_mapping *load_mapping(const tpl_program *prog, const char *program, const char *given, int *rc,
                                 diag_sink *diag) {
  char *path = NULL;
  imp_mapping *m = NULL;
  *rc = EXIT_IO;
  if (!given) {
    if (asprintf(&path, "%s/import.xml", tpl_program_dir(prog)) < 0) xoom();
    if (access(path, R_OK) != 0) {
      diag_error(diag, ((src_loc){path, 0, 0, NULL}),
                 L("program \"%s\" has no import mapping here: give --mapping FILE (docs/import.md)",
                   "项目“%s”没有列映射文件：请用 --mapping 指定（见 docs/import.md）"), program);
      *rc = EXIT_INPUT;
      goto done;
    }
    given = path;
  } else if (!readable(given, diag)) {
    goto done;
  }
  *rc = EXIT_INPUT;
  m = imp_mapping_load(given, tpl_program_input(prog), diag);
done:
  free(path);
  return m;
}

static int cmd_export(int argc, char **argv) {
  const char *program = NULL, *input = NULL, *output = NULL, *mapping = NULL, *programs = NULL;
  bool force = false;
  for (int i = 2; i < argc; i++) {
    const char *v = NULL;
    if (strcmp(argv[i], "--force") == 0) {
      force = true;
    } else if (option_value(argc, argv, &i, "--programs", &v)) {
      if (!v || !*v) return usage(L("--programs needs a folder", "--programs 需要目录名"));
      programs = v;
    } else if (option_value(argc, argv, &i, "--output", &v)) {
      if (!v || !*v || v[0] == '-') return usage(L("--output needs a file", "--output 需要文件名"));
      output = v;
    } else if (option_value(argc, argv, &i, "--mapping", &v)) {
      if (!v || !*v || v[0] == '-') return usage(L("--mapping needs a file", "--mapping 需要文件名"));
      mapping = v;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      return usage(L("unknown option '%s' for export", "export 没有选项“%s”"), argv[i]);
    } else if (!program) {
      program = argv[i];
    } else if (!input) {
      input = argv[i];
    } else {
      return usage(L("export takes one ROUND.xml, not also '%s'", "export 只接受一个评审结果文件，多余的参数“%s”"), argv[i]);
    }
  }
  if (!program || !input) return usage(L("export needs a PROGRAM and a ROUND.xml", "export 需要项目名称和评审结果文件"));
  if (!output) return usage(L("export needs --output FILE.xlsx", "export 需要 --output 文件.xlsx"));
  diag_sink *diag = diag_new(stderr, 0);
  inp_round *round = NULL;
  imp_mapping *m = NULL;
  tpl_program *prog = NULL;
  inp_var *defaults = NULL;
  cal_calendar *calendar = NULL;
  char *search[3] = {NULL, NULL, NULL};
  int rc = EXIT_IO;
  if (!readable(input, diag)) goto done;
  const char *reads[2] = {input, mapping};
  if ((rc = imp_output_check(output, reads, 2, force, diag)) != EXIT_OK) goto done;
  rc = EXIT_INPUT;
  cli_program_search(programs, NULL, search);
  if (!(prog = cli_program_open(program, search, SRC_LOC_NONE, NULL, diag))) goto done;
  /* checked as validate checks it (without the job's INI), against PROGRAM (a round of another
   * program is an error) */
  if (!(calendar = cli_load_calendar(false, diag))) goto done;
  inp_spec spec = spec_without_ini(prog, calendar, &defaults);
  if (!(round = inp_round_load(input, &spec, diag))) goto done;
  if (!(m = load_mapping(prog, program, mapping, &rc, diag))) goto done;
  rc = imp_export_file(m, round, output, diag);
  if (rc == EXIT_OK)
    printf(L("%s: %zu applicant(s) written\n", "%s：已写入 %zu 个申报单位\n"), output, round->applicant_count);
done:
  if (rc == EXIT_INPUT)
    fprintf(stderr, L("yinfa: %d error(s); %s was not written\n", "yinfa：共 %d 处错误；未写入 %s\n"),
            diag_error_count(diag), output);
  imp_mapping_free(m);
  inp_round_free(round);
  tpl_program_free(prog);
  cal_free(calendar);
  free(defaults);
  for (int i = 0; i < 3; i++) free(search[i]);
  diag_free(diag);
  return rc;
}

/* The imported round scored as validate scores it: a figure a formula needs is missing, ... */
static bool score_check(void *program, inp_round *round, diag_sink *diag) {
  scr_model *scores = NULL;
  bool ok = cli_score(program, round, &scores, diag);
  scr_model_free(scores);
  if (ok) { /* and a document that would list nobody, said now (run would not write it) */
    size_t count = 0;
    inp_var *defaults = default_vars(program, &count);
    check_lists(program, round, defaults, count, NULL, false, diag);
    free(defaults);
  }
  return ok;
}

/* After a failed import: the sheets may be another program's (a Fujian workbook given to
 * xuchang-nit gives a hundred cell errors that read like data mistakes). Tries every other
 * program's mapping, quietly and writing nothing; names the first that takes them without an
 * error. */
static void suggest_program(const char *tried, const char **sheets, size_t count, const imp_options *io,
                            char *const search[3], const cal_calendar *calendar) {
  char **names = NULL;
  size_t n = cli_program_names(search, &names);
  bool found = false;
  for (size_t i = 0; i < n; i++) {
    if (!found && strcmp(names[i], tried) != 0) {
      diag_sink *quiet = diag_new(NULL, 0);
      int rc = EXIT_INPUT;
      tpl_program *other = cli_program_open(names[i], search, SRC_LOC_NONE, NULL, quiet);
      imp_mapping *om = other ? load_mapping(other, names[i], NULL, &rc, quiet) : NULL;
      if (om) {
        inp_var *defaults = NULL;
        inp_spec spec = spec_without_ini(other, calendar, &defaults);
        imp_options o = *io;
        o.program = names[i];
        o.unreadable = NULL;
        found = imp_import_file(om, sheets, count, &o, &spec, score_check, other, NULL, NULL, quiet) == EXIT_OK;
        free(defaults);
      }
      if (found)
        fprintf(stderr,
                L("yinfa: note: these spreadsheets are not %s's, but they import into program %s without an "
                  "error: yinfa import %s ...\n",
                  "yinfa：注意：这些表格不是项目 %s 的，但可以无错误地导入项目 %s：yinfa import %s ...\n"),
                tried, names[i], names[i]);
      imp_mapping_free(om);
      tpl_program_free(other);
      diag_free(quiet);
    }
    free(names[i]);
  }
  free(names);
}

static int cmd_import(int argc, char **argv) {
  const char *program = NULL, *output = NULL, *mapping = NULL, *programs = NULL;
  const char **sheets = calloc((size_t)argc + 1, sizeof *sheets);
  size_t count = 0;
  bool unreadable = false;
  imp_options io = {NULL, 0, 0, &unreadable};
  int rc = EXIT_USAGE;
  bool force = false;
  for (int i = 2; i < argc; i++) {
    const char *v = NULL;
    if (strcmp(argv[i], "--force") == 0) {
      force = true;
    } else if (option_value(argc, argv, &i, "--output", &v)) {
      if (!v || !*v || v[0] == '-') { rc = usage(L("--output needs a file", "--output 需要文件名")); goto out; }
      output = v;
    } else if (option_value(argc, argv, &i, "--programs", &v)) {
      if (!v || !*v) { rc = usage(L("--programs needs a folder", "--programs 需要目录名")); goto out; }
      programs = v;
    } else if (option_value(argc, argv, &i, "--mapping", &v)) {
      if (!v || !*v || v[0] == '-') { rc = usage(L("--mapping needs a file", "--mapping 需要文件名")); goto out; }
      mapping = v;
    } else if (option_value(argc, argv, &i, "--year", &v)) {
      if (!parse_int(v, 1900, 2199, &io.year)) { rc = usage(L("--year needs a year such as 2022", "--year 需要年份，如 2022")); goto out; }
    } else if (option_value(argc, argv, &i, "--round", &v)) {
      if (!parse_int(v, 1, 9999, &io.round)) { rc = usage(L("--round needs a number from 1", "--round 需要从 1 起的数")); goto out; }
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      rc = usage(L("unknown option '%s' for import", "import 没有选项“%s”"), argv[i]);
      goto out;
    } else if (!program) {
      program = argv[i];
    } else {
      sheets[count++] = argv[i];
    }
  }
  if (!program || !count) { rc = usage(L("import needs a PROGRAM and at least one SHEET (.xlsx or .csv)", "import 需要项目名称和至少一个表格（.xlsx 或 .csv）")); goto out; }
  if (!output) { rc = usage(L("import needs --output ROUND.xml", "import 需要 --output 评审结果.xml")); goto out; }

  diag_sink *diag = diag_new(stderr, 0);
  char *search[3] = {NULL, NULL, NULL};
  imp_mapping *m = NULL;
  tpl_program *prog = NULL;
  inp_var *defaults = NULL;
  cal_calendar *calendar = NULL;
  size_t applicants = 0;
  rc = EXIT_IO;
  for (size_t i = 0; i < count; i++)
    if (!readable(sheets[i], diag)) goto done;
  rc = EXIT_USAGE;
  if (imp_inputs_check(sheets, count, diag) != 0) goto done;
  rc = EXIT_IO;
  sheets[count] = mapping; /* read too: never the output */
  if ((rc = imp_output_check(output, sheets, count + 1, force, diag)) != EXIT_OK) goto done;
  rc = EXIT_INPUT;
  cli_program_search(programs, NULL, search);
  if (!(prog = cli_program_open(program, search, SRC_LOC_NONE, NULL, diag))) goto done;
  if (!(m = load_mapping(prog, program, mapping, &rc, diag))) goto done;
  io.program = program;
  /* checked as `yinfa validate` checks a file without the job's INI */
  if (!(calendar = cli_load_calendar(false, diag))) goto done;
  inp_spec spec = spec_without_ini(prog, calendar, &defaults);
  rc = imp_import_file(m, sheets, count, &io, &spec, score_check, prog, output, &applicants, diag);
  if (rc == EXIT_INPUT && !mapping && !unreadable) suggest_program(program, sheets, count, &io, search, calendar);
  if (rc == EXIT_OK)
    printf(L("%s: %zu applicant(s) imported and checked (program %s)\n", "%s：已导入并检查 %zu 个申报单位（项目 %s）\n"),
           output, applicants, program);
done:
  if (rc == EXIT_INPUT)
    fprintf(stderr, L("yinfa: %d error(s); %s was not written\n", "yinfa：共 %d 处错误；未写入 %s\n"),
            diag_error_count(diag), output);
  imp_mapping_free(m);
  tpl_program_free(prog);
  cal_free(calendar);
  free(defaults);
  for (int i = 0; i < 3; i++) free(search[i]);
  diag_free(diag);
out:
  free(sheets);
  return rc;
}

int main(int argc, char **argv) {
  inp_no_network(); /* before anything parses XML */
  if (argc < 2) return usage(L("no command given", "缺少命令"));
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
  else if (strcmp(cmd, "validate") == 0) rc = cmd_validate(argc, argv);
  else if (strcmp(cmd, "verify") == 0) rc = cmd_verify(argc, argv);
  else if (strcmp(cmd, "fonts") == 0) rc = cmd_fonts(argc, argv);
  else if (strcmp(cmd, "import") == 0) rc = cmd_import(argc, argv);
  else if (strcmp(cmd, "programs") == 0) rc = cmd_programs(argc, argv);
  else if (strcmp(cmd, "calendar") == 0) rc = cli_calendar(argc, argv);
  else if (strcmp(cmd, "export") == 0) rc = cmd_export(argc, argv);
  else rc = usage(L("unknown command '%s'", "未知命令“%s”"), cmd);
  xmlCleanupParser();
  return rc;
}
