/* The commands that read a round and check it without producing documents: `yinfa validate`
 * (against its program, with or without the job's INI), `yinfa import` (spreadsheets into a
 * checked round) and `yinfa export` (a round into its program's workbook). What a check without
 * the INI means (the parameters at their defaults) is decided here, once for all three. */
#include "cli/round_cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/config.h"
#include "cli/pipeline.h"
#include "core/diag.h"
#include "core/lang.h"
#include "core/xmalloc.h"
#include "import/import.h"
#include "input/input.h"

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

int cli_validate(int argc, char **argv) {
  const char *file = NULL, *program_name = NULL, *programs = NULL, *config = NULL;
  bool quiet = false, allow_unknown = false;
  for (int i = 2; i < argc; i++) {
    const char *v = NULL;
    if (cli_option_value(argc, argv, &i, "--program", &v)) {
      if (!v || !*v) return cli_usage(L("--program needs a name", "--program 需要项目名称"));
      program_name = v;
    } else if (cli_option_value(argc, argv, &i, "--programs", &v)) {
      if (!v || !*v) return cli_usage(L("--programs needs a folder", "--programs 需要目录名"));
      programs = v;
    } else if (cli_option_value(argc, argv, &i, "--config", &v)) {
      if (!v || !*v) return cli_usage(L("--config needs a CONFIG.ini", "--config 需要配置文件"));
      config = v;
    } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
      quiet = true;
    } else if (strcmp(argv[i], "--allow-unknown-calendar") == 0) {
      allow_unknown = true;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      return cli_usage(L("unknown option '%s' for validate", "validate 没有选项“%s”"), argv[i]);
    } else if (!file) {
      file = argv[i];
    } else {
      return cli_usage(L("validate takes one FILE.xml, not also '%s'", "validate 只接受一个文件，多余的参数“%s”"), argv[i]);
    }
  }
  if (!file) return cli_usage(L("validate needs a FILE.xml", "validate 需要一个 XML 文件"));

  diag_sink *diag = diag_new(stderr, 0);
  int rc = EXIT_IO;
  inp_round *round = NULL;
  tpl_program *program = NULL;
  scr_model *scores = NULL;
  cli_config *cfg = NULL;
  char *peeked = NULL, *search[3] = {NULL, NULL, NULL};
  inp_var *defaults = NULL;
  cal_calendar *calendar = NULL;
  if (!cli_readable(file, diag)) goto done;
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
  } else if (!cli_readable(given, diag)) {
    goto done;
  }
  *rc = EXIT_INPUT;
  m = imp_mapping_load(given, tpl_program_input(prog), diag);
done:
  free(path);
  return m;
}

int cli_export(int argc, char **argv) {
  const char *program = NULL, *input = NULL, *output = NULL, *mapping = NULL, *programs = NULL;
  bool force = false;
  for (int i = 2; i < argc; i++) {
    const char *v = NULL;
    if (strcmp(argv[i], "--force") == 0) {
      force = true;
    } else if (cli_option_value(argc, argv, &i, "--programs", &v)) {
      if (!v || !*v) return cli_usage(L("--programs needs a folder", "--programs 需要目录名"));
      programs = v;
    } else if (cli_option_value(argc, argv, &i, "--output", &v)) {
      if (!v || !*v || v[0] == '-') return cli_usage(L("--output needs a file", "--output 需要文件名"));
      output = v;
    } else if (cli_option_value(argc, argv, &i, "--mapping", &v)) {
      if (!v || !*v || v[0] == '-') return cli_usage(L("--mapping needs a file", "--mapping 需要文件名"));
      mapping = v;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      return cli_usage(L("unknown option '%s' for export", "export 没有选项“%s”"), argv[i]);
    } else if (!program) {
      program = argv[i];
    } else if (!input) {
      input = argv[i];
    } else {
      return cli_usage(L("export takes one ROUND.xml, not also '%s'", "export 只接受一个评审结果文件，多余的参数“%s”"), argv[i]);
    }
  }
  if (!program || !input) return cli_usage(L("export needs a PROGRAM and a ROUND.xml", "export 需要项目名称和评审结果文件"));
  if (!output) return cli_usage(L("export needs --output FILE.xlsx", "export 需要 --output 文件.xlsx"));
  diag_sink *diag = diag_new(stderr, 0);
  inp_round *round = NULL;
  imp_mapping *m = NULL;
  tpl_program *prog = NULL;
  inp_var *defaults = NULL;
  cal_calendar *calendar = NULL;
  char *search[3] = {NULL, NULL, NULL};
  int rc = EXIT_IO;
  if (!cli_readable(input, diag)) goto done;
  const char *reads[2] = {input, mapping};
  if ((rc = imp_output_check(output, reads, 2, force, diag)) != EXIT_OK) goto done;
  size_t olen = strlen(output);
  if (olen < 5 || strcasecmp(output + olen - 5, ".xlsx") != 0) {
    /* a workbook under another name (r.csv) is what import later refuses as "an .xlsx named .csv" */
    diag_error(diag, ((src_loc){output, 0, 0, NULL}),
               L("export writes an .xlsx workbook: name the output FILE.xlsx",
                 "export 写出的是 .xlsx 工作簿：输出文件名请以 .xlsx 结尾"));
    rc = EXIT_USAGE;
    goto done;
  }
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

int cli_import(int argc, char **argv) {
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
    } else if (cli_option_value(argc, argv, &i, "--output", &v)) {
      if (!v || !*v || v[0] == '-') { rc = cli_usage(L("--output needs a file", "--output 需要文件名")); goto out; }
      output = v;
    } else if (cli_option_value(argc, argv, &i, "--programs", &v)) {
      if (!v || !*v) { rc = cli_usage(L("--programs needs a folder", "--programs 需要目录名")); goto out; }
      programs = v;
    } else if (cli_option_value(argc, argv, &i, "--mapping", &v)) {
      if (!v || !*v || v[0] == '-') { rc = cli_usage(L("--mapping needs a file", "--mapping 需要文件名")); goto out; }
      mapping = v;
    } else if (cli_option_value(argc, argv, &i, "--year", &v)) {
      if (!cli_parse_int(v, 1900, 2199, &io.year)) { rc = cli_usage(L("--year needs a year such as 2022", "--year 需要年份，如 2022")); goto out; }
    } else if (cli_option_value(argc, argv, &i, "--round", &v)) {
      if (!cli_parse_int(v, 1, 9999, &io.round)) { rc = cli_usage(L("--round needs a number from 1", "--round 需要从 1 起的数")); goto out; }
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      rc = cli_usage(L("unknown option '%s' for import", "import 没有选项“%s”"), argv[i]);
      goto out;
    } else if (!program) {
      program = argv[i];
    } else {
      sheets[count++] = argv[i];
    }
  }
  if (!program || !count) { rc = cli_usage(L("import needs a PROGRAM and at least one SHEET (.xlsx or .csv)", "import 需要项目名称和至少一个表格（.xlsx 或 .csv）")); goto out; }
  if (!output) { rc = cli_usage(L("import needs --output ROUND.xml", "import 需要 --output 评审结果.xml")); goto out; }

  diag_sink *diag = diag_new(stderr, 0);
  char *search[3] = {NULL, NULL, NULL};
  imp_mapping *m = NULL;
  tpl_program *prog = NULL;
  inp_var *defaults = NULL;
  cal_calendar *calendar = NULL;
  size_t applicants = 0;
  rc = EXIT_IO;
  for (size_t i = 0; i < count; i++)
    if (!cli_readable(sheets[i], diag)) goto done;
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
