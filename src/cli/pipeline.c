/* The run of one round. Everything that does not depend on the document (templates, fonts and
 * their subset, the calendar) is set up once here; the produce module (src/produce) lists the
 * documents with their fingerprints and produces one, in the workers the batch stage forks. */
#include "cli/pipeline.h"

#include <errno.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/build.h"
#include "core/lang.h"
#include "core/sha256.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "layout/layout.h"
#include "ofd/ofd.h"
#include "pdf/pdf.h"
#include "produce/produce.h"
#include "template/template.h"
#include "text/text.h"


char *cli_data_dir(void) {
  const char *home = getenv("YINFA_HOME");
  if (home && *home) return xstrdup(home);
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    for (int up = 0; up < 2; up++) {
      char *slash = strrchr(exe, '/');
      if (!slash) break;
      *slash = '\0';
      strbuf probe;
      strbuf_init(&probe);
      strbuf_printf(&probe, "%s/templates", exe);
      struct stat st;
      bool found = stat(strbuf_str(&probe), &st) == 0 && S_ISDIR(st.st_mode);
      strbuf_release(&probe);
      if (found) return xstrdup(exe);
    }
  }
  return xstrdup("/usr/share/yinfa");
}

/* ---- configuration → template variables ---- */

static const char *order_name(txt_order o) {
  return o == TXT_ORDER_STROKE ? "stroke" : o == TXT_ORDER_INPUT ? "input" : "pinyin";
}

/* Every parameter the program declares, $order, and last the group's variable (set per group
 * document). Returns the count; *out is malloc'd, its strings borrowed from cfg and program. */
static size_t config_vars(const cli_config *cfg, const tpl_program *program, tpl_var **out) {
  tpl_var *vars = xcalloc(cfg->value_count + 2, sizeof *vars);
  size_t n = 0;
  for (size_t i = 0; i < cfg->value_count; i++) vars[n++] = (tpl_var){cfg->values[i].name, cfg->values[i].value};
  vars[n++] = (tpl_var){"order", order_name(cfg->order)};
  const tpl_group *g = tpl_program_group(program);
  vars[n++] = (tpl_var){g ? g->name : "", ""};
  *out = vars;
  return n;
}

/* ---- fonts ---- */

pdf_fonts *cli_load_fonts(const cli_config *cfg, const char *data_dir, diag_sink *diag) {
  static const char *const ROLE_KEYS[LAY_FONT_COUNT] = {"body", "title", "heading", "kai", "song"};
  static const char *const FAMILY_KEYS[LAY_FONT_COUNT] = {"body_family", "title_family", "heading_family",
                                                          "kai_family", "song_family"};
  pdf_font_choice choices[LAY_FONT_COUNT] = {0};
  if (cfg) {
    const char *files[LAY_FONT_COUNT] = {cfg->font_body, cfg->font_title, cfg->font_heading, cfg->font_kai,
                                         cfg->font_song};
    for (int r = 0; r < LAY_FONT_COUNT; r++) {
      choices[r].file = files[r];
      choices[r].families = cfg->font_families[r];
      choices[r].at = cli_config_loc(cfg, "fonts", files[r] ? ROLE_KEYS[r] : FAMILY_KEYS[r]);
    }
  }
  strbuf map;
  strbuf_init(&map);
  strbuf_printf(&map, "%s/fonts/fontmap.ini", data_dir);
  pdf_fonts *fonts = pdf_fonts_load(strbuf_str(&map), choices, diag);
  strbuf_release(&map);
  return fonts;
}

/* A character no installed font has does not stop the run: it is a warning here, at the record's
 * line (as `yinfa validate` gives it); the documents that print it fail one by one in pdf_render
 * (one message each, naming the document), every other document is written, and a re-run after
 * installing a font produces just those. */
static bool collect_text(void *fonts, const char *utf8, src_loc at, diag_sink *diag) {
  pdf_fonts_add_text(fonts, utf8); /* line breaks and tabs (< 0x20) are never collected */
  pdf_fonts_warn_missing(fonts, utf8, at, diag);
  return true;
}

static bool add_file_text(pdf_fonts *fonts, const char *path, diag_sink *diag) {
  strbuf b;
  strbuf_init(&b);
  bool ok = strbuf_append_file(&b, path);
  if (ok)
    pdf_fonts_add_text(fonts, strbuf_str(&b));
  else
    diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot read: %s", "无法读取：%s"), lang_strerror(errno));
  strbuf_release(&b);
  return ok;
}

static pdf_fonts *load_fonts(const cli_config *cfg, const char *data_dir, const inp_round *round,
                             const tpl_program *program, bool *system_error, diag_sink *diag) {
  pdf_fonts *fonts = cli_load_fonts(cfg, data_dir, diag);
  if (!fonts) {
    *system_error = errno != 0; /* out of memory or I/O while loading: exit 3, not a bad font */
    return NULL;
  }

  /* The subset covers every character the round can print: its text (each checked against the
   * fonts with its file:line and applicant), the templates' fixed text, the configuration, and
   * what filters generate (digits, 〇一二… for dates and numbering). */
  bool ok = inp_round_foreach_text(round, collect_text, fonts, diag);
  for (size_t i = 0; i < tpl_program_file_count(program); i++)
    ok = add_file_text(fonts, tpl_program_file(program, i), diag) && ok;
  ok = add_file_text(fonts, cfg->path, diag) && ok;
  pdf_fonts_add_text(fonts, "0123456789〇零一二三四五六七八九十百千年月日—…·（）〔〕［］【】《》“”‘’、，。：；！？％");
  pdf_fonts_add_text(fonts, tpl_program_layout_text(program));
  if (!ok || !pdf_fonts_prepare(fonts, diag) || (cfg->want_ofd && !pdf_fonts_prepare_other(fonts, diag))) {
    pdf_fonts_free(fonts);
    return NULL;
  }
  return fonts;
}

/* Every kind named in 'only' (comma-separated) is one of the program's; reports the others. */
static bool check_only(const tpl_program *program, const char *only, bool bundle, diag_sink *diag) {
  bool ok = true;
  for (const char *p = only; p && *p;) {
    size_t k = strcspn(p, ",");
    char *kind = xstrndup(p, k);
    /* the print sets are of kind "bundle" when [output] bundle = group makes them */
    if (!tpl_program_find(program, kind) && !(bundle && strcmp(kind, PRD_BUNDLE_KIND) == 0)) {
      strbuf known;
      strbuf_init(&known);
      for (size_t i = 0; i < tpl_program_document_count(program); i++)
        strbuf_printf(&known, "%s%s", i ? ", " : "", tpl_program_document(program, i)->kind);
      diag_error(diag, SRC_LOC_NONE,
                 L("--only: program %s has no document kind \"%s\"; its kinds are %s",
                   "--only：项目 %s 没有文书类型“%s”；可用的类型为 %s"),
                 tpl_program_name(program), kind, strbuf_str(&known));
      strbuf_release(&known);
      ok = false;
    }
    free(kind);
    p += k + (p[k] == ',');
  }
  return ok;
}



/* The program has forms (program.xml form="yes") for [output] bundle = group or --blank, and a
 * <group> for the print sets; else one error at the INI's line or for the option. */
static bool check_forms(const cli_config *cfg, const tpl_program *program, bool blank, diag_sink *diag) {
  bool forms = false;
  for (size_t i = 0; i < tpl_program_document_count(program); i++) forms = forms || tpl_program_document(program, i)->form;
  src_loc at = blank ? SRC_LOC_NONE : cli_config_loc(cfg, "output", "bundle");
  const char *what = blank ? "--blank" : "[output] bundle = group";
  if (!forms)
    diag_error(diag, at,
               L("%s: program %s declares no form (program.xml <document form=\"yes\">), so there is nothing to print",
                 "%s：项目 %s 未声明表单（program.xml <document form=\"yes\">），没有可打印的表单"),
               what, tpl_program_name(program));
  else if (cfg->bundle_group && !tpl_program_group(program))
    diag_error(diag, cli_config_loc(cfg, "output", "bundle"),
               L("[output] bundle = group: program %s has no groups (program.xml <group>)",
                 "[output] bundle = group：项目 %s 没有分组（program.xml <group>）"),
               tpl_program_name(program));
  return forms && (!cfg->bundle_group || tpl_program_group(program));
}

/* Every group named in 'groups' (comma-separated) is one the round has (an applicant's group):
 * reports the others with the nearest one and the round's groups, as a usage error. */
static bool check_groups(const tpl_program *program, const inp_round *round, const char *groups, diag_sink *diag) {
  const tpl_group *g = tpl_program_group(program);
  /* the round's groups in order of first appearance: few (counties), however many applicants */
  const char **known = xcalloc(round->applicant_count + 1, sizeof *known);
  size_t n = 0;
  for (size_t i = 0; i < round->applicant_count; i++) {
    size_t j = 0;
    while (j < n && strcmp(known[j], round->applicants[i].group) != 0) j++;
    if (j == n) known[n++] = round->applicants[i].group;
  }
  bool ok = true;
  for (const char *p = groups; p && *p;) {
    size_t k = strcspn(p, ",");
    char *name = xstrndup(p, k);
    const char *nearest = NULL;
    size_t best = (size_t)-1;
    strbuf list;
    strbuf_init(&list);
    for (size_t j = 0; j < n; j++) {
      size_t d = txt_edit_distance(name, known[j]);
      if (d < best) best = d, nearest = known[j];
      strbuf_printf(&list, "%s%s", j ? ", " : "", known[j]);
    }
    if (best > 0 && (!g || !nearest)) {
      diag_error(diag, SRC_LOC_NONE, L("--group: program %s has no groups", "--group：项目 %s 没有分组"),
                 tpl_program_name(program));
      ok = false;
    } else if (best > 0) {
      diag_error(diag, SRC_LOC_NONE,
                 L("--group: the round has no %s \"%s\"; the nearest is \"%s\" (the round's: %s)",
                   "--group：本轮没有%s“%s”；最接近的是“%s”（本轮有：%s）"),
                 L(g->label_en, g->label_zh), name, nearest, strbuf_str(&list));
      ok = false;
    }
    strbuf_release(&list);
    free(name);
    p += k + (p[k] == ',');
  }
  free(known);
  return ok;
}

void cli_run_summary(int rc, const bat_stats *stats, diag_sink *diag) {
  size_t written = stats ? stats->produced : 0;
  if (rc > 128 && rc < 128 + 65) {
    /* stopped by a signal: nothing is wrong with the round, the run is unfinished */
    const char *sig = sigabbrev_np(rc - 128);
    fprintf(stderr,
            L("yinfa: stopped by SIG%s: %zu document(s) were written and are kept, the others were not made "
              "and no manifest was made yet; run the same command again to finish (it makes only what is "
              "missing)\n",
              "yinfa：被信号 SIG%s 中止：已生成 %zu 份文书并保留，其余未生成，清单也尚未生成；"
              "请重新运行同一命令以完成（只生成缺少的文书）\n"),
            sig ? sig : "?", written);
  } else if (stats && stats->system_errors > 0) {
    /* the machine refused, not the round: say so, with what to do */
    fprintf(stderr,
            L("yinfa: system error (%s, named above): the run stopped; %zu document(s) were written and are "
              "kept, no manifest was made; make room or fix the output folder, then run the same command "
              "again (it makes only what is missing)\n",
              "yinfa：系统错误（%s，见上）：运行已停止；已生成 %zu 份文书并保留，未生成清单；"
              "请腾出空间或修正输出文件夹后重新运行同一命令（只生成缺少的文书）\n"),
            lang_strerror(stats->system_errno), written);
  } else if (stats && stats->crashes > 0) {
    fprintf(stderr,
            L("yinfa: a worker process crashed on %zu document(s) (named above): a fault in yinfa, not in "
              "the round; %zu document(s) were written and are kept, no manifest was made; run the same "
              "command again, and report the fault if it happens again\n",
              "yinfa：工作进程在 %zu 份文书上崩溃（见上）：这是 yinfa 的缺陷，不是评审结果的问题；"
              "已生成 %zu 份文书并保留，未生成清单；请重新运行同一命令，若再次发生请报告此缺陷\n"),
            stats->crashes, written);
  } else if (rc != EXIT_OK && written > 0) {
    fprintf(stderr,
            L("yinfa: %d error(s); %zu document(s) were written, the others were not and no manifest "
              "was made: correct the errors and run again (finished documents are kept)\n",
              "yinfa：共 %d 处错误；已生成 %zu 份文书，其余未生成，也未生成清单：请改正错误后重新运行"
              "（已完成的文书会保留）\n"),
            diag_error_count(diag), written);
  } else if (rc == EXIT_INPUT && diag_error_count(diag) > 0) {
    fprintf(stderr, L("yinfa: %d error(s); nothing was written\n", "yinfa：共 %d 处错误；未生成任何文件\n"),
            diag_error_count(diag));
  }
}

cal_calendar *cli_load_calendar(bool allow_unknown, diag_sink *diag) {
  char *data_dir = cli_data_dir();
  strbuf path;
  strbuf_init(&path);
  strbuf_printf(&path, "%s/data/cn-holidays.tsv", data_dir);
  cal_calendar *c = cal_load(strbuf_str(&path), diag);
  strbuf_reset(&path);
  strbuf_printf(&path, "%s/data/cn-festivals.tsv", data_dir);
  if (c && !cal_load_festivals(c, strbuf_str(&path), diag)) {
    cal_free(c);
    c = NULL;
  }
  cal_accept_statutory(c, allow_unknown);
  strbuf_release(&path);
  free(data_dir);
  return c;
}

bool cli_score(const tpl_program *program, inp_round *round, scr_model **model, diag_sink *diag) {
  *model = NULL;
  const char *path = tpl_program_scoring_path(program);
  if (!path) return true;
  if (!(*model = scr_model_load(path, diag))) return false;
  return scr_score_round(*model, round, diag);
}

/* The fonts the office asked for that are not installed, said after the summary: an office must
 * know when its notice was not set in the fonts it asked for. */
static void warn_fallback_fonts(const pdf_fonts *fonts) {
  static const char *const ROLE_KEYS[LAY_FONT_COUNT] = {"body", "title", "heading", "kai", "song"};
  strbuf roles;
  strbuf_init(&roles);
  for (int r = 0; r < LAY_FONT_COUNT; r++) {
    const char *why;
    if (pdf_fonts_role_fell_back(fonts, (lay_font)r, &why))
      strbuf_printf(&roles, "%s%s", roles.len ? ", " : "", ROLE_KEYS[r]);
  }
  if (roles.len)
    fprintf(stderr,
            L("fonts: %s set in the free default font, none of the fonts asked for being installed "
              "(yinfa fonts shows which)\n",
              "字体：%s 使用了免费默认字体，所要求的字体均未安装（yinfa fonts 可查看详情）\n"),
            strbuf_str(&roles));
  strbuf_release(&roles);
}

/* The exit status of a batch run that did not succeed, by its most serious failure. */
static int failure_code(const bat_stats *stats) {
  switch (stats->failure) {
    case BAT_FAIL_INTERRUPTED: return 128 + stats->signal; /* as the shell reports a signal */
    case BAT_FAIL_SYSTEM:
    case BAT_FAIL_CRASH: return EXIT_IO;
    default: return EXIT_INPUT;
  }
}

int cli_run_pipeline(const cli_config *cfg, const tpl_program *program, const inp_round *round,
                     const scr_model *scores, const cli_pipeline_options *opt, bat_stats *stats,
                     diag_sink *diag) {
  int code = EXIT_INPUT;
  char *data_dir = cli_data_dir();
  char *calendar_path = NULL, *festivals_path = NULL;
  if (asprintf(&calendar_path, "%s/data/cn-holidays.tsv", data_dir) < 0 ||
      asprintf(&festivals_path, "%s/data/cn-festivals.tsv", data_dir) < 0)
    xoom();
  cal_calendar *calendar = NULL;
  pdf_fonts *fonts = NULL;
  prd_run *run = NULL;
  tpl_var *vars = NULL;
  size_t var_count = config_vars(cfg, program, &vars);
  const char *date = cli_config_value(cfg, "date");
  bat_stats st = {0};

  if (opt->only && !check_only(program, opt->only, cfg->bundle_group, diag)) goto done;
  if ((cfg->bundle_group || opt->blank) && !check_forms(cfg, program, opt->blank, diag)) goto done;
  if (opt->groups && !check_groups(program, round, opt->groups, diag)) {
    code = EXIT_USAGE;
    goto done;
  }
  if (!(calendar = cli_load_calendar(cfg->allow_unknown_calendar, diag))) goto done;
  cli_config_warn_calendar(cfg, program, calendar, diag); /* at the INI's lines, as validate does */
  bool font_system_error = false;
  if (!(fonts = load_fonts(cfg, data_dir, round, program, &font_system_error, diag))) {
    if (font_system_error) code = EXIT_IO;
    goto done;
  }
  /* every document depends on the INI and the holiday tables (a corrected holiday changes the
   * notices' end dates; the festivals give the years the notices do not list yet) */
  const char *inputs[] = {calendar_path, festivals_path};
  const char *notes[] = {"statutory days accepted"};
  /* the page formats asked for, docx and the lists (xlsx) for the documents that declare them */
  char formats[32];
  snprintf(formats, sizeof formats, "%s%s%s%s", cfg->want_pdf && cfg->want_ofd ? "pdf,ofd" : cfg->want_ofd ? "ofd" : "pdf",
           cfg->want_docx ? ",docx" : "", cfg->want_list ? ",list" : "", cfg->want_html ? ",html" : "");
  prd_setup setup = {.round = round, .program = program, .fonts = fonts, .scores = scores, .calendar = calendar,
                     .vars = vars, .var_count = var_count, .date_iso = date && *date ? date : NULL,
                     .page_formats = formats, .bundle = cfg->bundle_group,
                     .pdf = {.pdfa = cfg->pdfa, .no_fsync = true}, .ofd = {.plain = cfg->ofd_plain, .no_fsync = true},
                     .config = cfg->path, .inputs = inputs, .input_count = 2, .notes = notes,
                     .note_count = cfg->allow_unknown_calendar ? 1 : 0};
  run = prd_run_new(&setup);
  if (!prd_build_jobs(run, diag)) goto done;
  size_t count = 0;
  const bat_job *jobs = prd_jobs(run, &count);
  if (opt->verbose_plan)
    for (size_t i = 0; i < count; i++) fprintf(stderr, "%s/%s\n", opt->output, jobs[i].path);

  bat_options bo = {.produce = prd_produce, .ctx = run, .jobs = opt->jobs, .force = opt->force, .prune = opt->prune,
                    .shard_index = opt->shard_k, .shard_count = opt->shard_n, .only_kinds = opt->only,
                    .only_groups = opt->groups, .requested = opt->blank,
                    .progress = stderr, .progress_mode = opt->progress};
  bool ok = bat_run(opt->output, jobs, count, &bo, &st, diag);
  /* after the summary (when documents were made: after a refusal it would only bury the error) */
  if (opt->progress != BAT_PROGRESS_QUIET && st.produced + st.skipped > 0) warn_fallback_fonts(fonts);
  code = ok ? EXIT_OK : failure_code(&st);

done:
  if (stats) *stats = st;
  prd_run_free(run);
  pdf_fonts_free(fonts);
  cal_free(calendar);
  free(calendar_path);
  free(festivals_path);
  free(vars);
  free(data_dir);
  return code;
}
