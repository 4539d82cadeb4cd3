/* The run of one round. Everything that does not depend on the document (templates, fonts and
 * their subset, fingerprints of the shared inputs) is done once here, before the batch stage
 * forks its workers; produce() then only evaluates, lays out and draws one document. */
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
#include "template/template.h"
#include "text/text.h"


typedef struct {
  const tpl_document_spec *spec;
  size_t applicant; /* index into round->applicants (applicant scope) */
  const char *group; /* group scope: the group's key value */
} job_target;

/* SHA-256 of font files by path, for the manifest's fonts column: the roles' fonts as the setup
 * hashed them for the fingerprint, a fallback font the first time a worker embeds it (each
 * forked worker fills its own copy). */
typedef struct {
  char *path;
  char hex[SHA256_HEX_BYTES];
} font_digest;

typedef struct {
  font_digest *items;
  size_t count, cap;
} font_digests;

typedef struct {
  const inp_round *round;
  const tpl_program *program;
  pdf_fonts *fonts;
  font_digests *font_sha;
  lay_metrics metrics;
  pdf_options pdf;
  bool want_pdf, want_ofd; /* [output] formats; a page document is written in each */
  ofd_options ofd;
  tpl_var *vars; /* the program's parameters and $order; the last slot is the group's variable */
  size_t var_count;
  const char *date_iso; /* the documents' creation date: the round's 成文日期 */
  const cal_calendar *calendar; /* official holidays for workdays-after */
  const scr_model *scores;      /* the scoring model, for csv/xlsx documents (or NULL) */
} run_ctx;

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

/* ---- jobs ---- */

static char *expand_output(const char *pattern, const char *id, const char *group) {
  strbuf b;
  strbuf_init(&b);
  for (const char *p = pattern; *p;) {
    if (strncmp(p, "{id}", 4) == 0) {
      strbuf_append(&b, id ? id : "");
      p += 4;
    } else if (strncmp(p, "{group}", 7) == 0) {
      strbuf_append(&b, group ? group : "");
      p += 7;
    } else {
      strbuf_putc(&b, *p++);
    }
  }
  return strbuf_detach(&b);
}

bool cli_file_sha256(const char *path, char hex[SHA256_HEX_BYTES]) {
  FILE *f = fopen(path, "rb");
  char chunk[65536];
  size_t n;
  sha256_ctx file;
  sha256_init(&file);
  bool ok = f != NULL;
  if (f) {
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) sha256_update(&file, chunk, n);
    ok = !ferror(f);
    int err = errno;
    fclose(f);
    errno = err;
  }
  bat_fingerprint_final(&file, hex);
  return ok;
}

/* Adds the file's path and SHA-256 to the fingerprint; returns whether it could be read ('hex'
 * may be NULL). */
static bool hash_file(sha256_ctx *c, const char *path, char *hex_out) {
  char hex[SHA256_HEX_BYTES];
  bool ok = cli_file_sha256(path, hex);
  bat_fingerprint_add_str(c, path);
  bat_fingerprint_add_str(c, hex);
  if (hex_out) memcpy(hex_out, hex, SHA256_HEX_BYTES);
  return ok;
}

static void font_digests_free(font_digests *d) {
  for (size_t i = 0; i < d->count; i++) free(d->items[i].path);
  free(d->items);
  memset(d, 0, sizeof *d);
}

static void font_digest_add(font_digests *d, const char *path, const char *hex) {
  for (size_t i = 0; i < d->count; i++)
    if (strcmp(d->items[i].path, path) == 0) return; /* two roles, one file */
  d->items = xgrow(d->items, &d->cap, d->count + 1, sizeof *d->items);
  d->items[d->count].path = xstrdup(path);
  memcpy(d->items[d->count].hex, hex, SHA256_HEX_BYTES);
  d->count++;
}

/* The SHA-256 of font file 'path', hashed at most once per process; NULL after reporting a file
 * that cannot be read. */
static const char *font_sha256(font_digests *d, const char *path, diag_sink *diag) {
  for (size_t i = 0; i < d->count; i++)
    if (strcmp(d->items[i].path, path) == 0) return d->items[i].hex;
  char hex[SHA256_HEX_BYTES];
  if (!cli_file_sha256(path, hex)) {
    diag_error(diag, ((src_loc){path, 0, 0, NULL}),
               L("cannot read the font file to record its SHA-256 in the manifest: %s",
                 "无法读取字体文件以在清单中登记其 SHA-256：%s"),
               lang_strerror(errno));
    return NULL;
  }
  font_digest_add(d, path, hex);
  return d->items[d->count - 1].hex;
}

/* The manifest's fonts column: "NAME sha256=HEX" per font file, joined by "; ", NAME being the
 * file's base name with ":INDEX" for a face of a .ttc other than its first; in NAME, '%', ';',
 * ':', control characters and bytes that are not UTF-8 are written %XX, so the text is UTF-8 and
 * splits unambiguously at "; ", at its last space and at ":". docs/cli.md describes it. */
static bool format_fonts(font_digests *d, const pdf_font_face *used, size_t count, strbuf *out, diag_sink *diag) {
  for (size_t i = 0; i < count; i++) {
    const char *hex = font_sha256(d, used[i].path, diag);
    if (!hex) return false;
    const char *slash = strrchr(used[i].path, '/');
    if (i) strbuf_append(out, "; ");
    const char *name = slash ? slash + 1 : used[i].path, *end = name + strlen(name);
    for (const char *p = name; p < end;) {
      unsigned char c = (unsigned char)*p;
      uint32_t cp;
      size_t n = c < 0x80 ? 1 : txt_utf8_decode(p, (size_t)(end - p), &cp);
      if (n == 0 || c < 0x20 || c == 0x7f || c == '%' || c == ';' || c == ':') {
        strbuf_printf(out, "%%%02X", c); /* a file name in GBK, say, is not UTF-8 */
        p++;
      } else {
        strbuf_append_n(out, p, n);
        p += n;
      }
    }
    if (used[i].index) strbuf_printf(out, ":%u", used[i].index);
    strbuf_printf(out, " sha256=%s", hex);
  }
  return true;
}

/* The distinct groups in order of first appearance. Returns the count; *out is malloc'd. */
static size_t distinct_groups(const inp_round *round, const char ***out) {
  const char **list = xcalloc(round->applicant_count + 1, sizeof *list);
  size_t n = 0;
  for (size_t i = 0; i < round->applicant_count; i++) {
    const char *c = round->applicants[i].group;
    bool seen = false;
    for (size_t j = 0; j < n && !seen; j++) seen = strcmp(list[j], c) == 0;
    if (!seen) list[n++] = c;
  }
  *out = list;
  return n;
}

typedef struct {
  bat_job *jobs;
  job_target *targets;
  char **paths;
  size_t count, cap;
  const char **groups;
} job_list;

static void job_list_free(job_list *l) {
  for (size_t i = 0; i < l->count; i++) free(l->paths[i]);
  free(l->jobs);
  free(l->targets);
  free(l->paths);
  free(l->groups);
}

static void add_job(job_list *l, const sha256_ctx *shared, const tpl_document_spec *spec,
                    const inp_round *round, size_t applicant, const char *group,
                    const char *round_file_hex, bool scored, bool ofd) {
  size_t cap = l->cap;
  l->jobs = xgrow(l->jobs, &cap, l->count + 1, sizeof *l->jobs);
  cap = l->cap;
  l->targets = xgrow(l->targets, &cap, l->count + 1, sizeof *l->targets);
  cap = l->cap;
  l->paths = xgrow(l->paths, &cap, l->count + 1, sizeof *l->paths);
  l->cap = cap;

  const inp_applicant *a = spec->scope == TPL_SCOPE_APPLICANT ? &round->applicants[applicant] : NULL;
  char *path = expand_output(spec->output, a ? a->id : NULL, group);
  size_t plen = strlen(path);
  if (ofd && plen > 4 && strcmp(path + plen - 4, ".pdf") == 0) memcpy(path + plen - 3, "ofd", 3);
  bat_job *job = &l->jobs[l->count];
  *job = (bat_job){.path = path, .kind = spec->kind, .applicant = a ? a->id : "",
                   .group = a ? a->group : group ? group : ""};
  l->targets[l->count] = (job_target){spec, applicant, group};
  l->paths[l->count] = path;
  job->user = &l->targets[l->count]; /* fixed up after the last growth, see build_jobs() */

  sha256_ctx c = *shared;
  bat_fingerprint_add_str(&c, spec->kind);
  bat_fingerprint_add_str(&c, path);
  if (a) {
    char *canon = inp_applicant_canonical(round, applicant);
    bat_fingerprint_add_str(&c, canon);
    free(canon);
    /* a score is relative (min and max over the population): it depends on every applicant */
    if (scored) bat_fingerprint_add_str(&c, round_file_hex);
  } else {
    /* the notice and group tables depend on many applicants: the whole round */
    bat_fingerprint_add_str(&c, round_file_hex);
  }
  bat_fingerprint_final(&c, job->fingerprint);
  l->count++;
}

/* The context a document of 'spec' is evaluated in; 'vars' is the run's copy whose last slot
 * receives the group. */
static tpl_context doc_context(const run_ctx *rc, const tpl_document_spec *spec, size_t applicant,
                               const char *group, tpl_var *vars) {
  tpl_context ctx = {.round = inp_round_xml(rc->round), .vars = vars, .var_count = rc->var_count,
                     .calendar = rc->calendar};
  if (spec->scope == TPL_SCOPE_APPLICANT) {
    ctx.context = inp_applicant_xml(rc->round, applicant);
  } else {
    ctx.context = inp_round_root_xml(rc->round);
    vars[rc->var_count - 1].value = group ? group : "";
  }
  return ctx;
}

/* Adds the job unless the document's when= condition excludes it. False after reporting a
 * condition that cannot be evaluated. */
static bool add_if(job_list *l, const run_ctx *rc, const sha256_ctx *shared, const tpl_document_spec *spec,
                   size_t applicant, const char *group, const char *round_hex, diag_sink *diag) {
  if (spec->when) {
    tpl_var *vars = xmalloc(rc->var_count * sizeof *vars);
    memcpy(vars, rc->vars, rc->var_count * sizeof *vars);
    tpl_context ctx = doc_context(rc, spec, applicant, group, vars);
    bool error = false, yes = tpl_document_applies(rc->program, spec, &ctx, &error, diag);
    free(vars);
    if (error) return false;
    if (!yes) return true;
  }
  /* a page document once per page format asked for; csv and xlsx as they are */
  bool page = !spec->format || strcmp(spec->format, "pdf") == 0;
  if (!page || rc->want_pdf) add_job(l, shared, spec, rc->round, applicant, group, round_hex, rc->scores != NULL, false);
  if (page && rc->want_ofd) add_job(l, shared, spec, rc->round, applicant, group, round_hex, rc->scores != NULL, true);
  return true;
}

static bool build_jobs(job_list *l, const run_ctx *rc, const cli_config *cfg, const char *calendar_path,
                       diag_sink *diag) {
  const tpl_program *program = rc->program;
  const inp_round *round = rc->round;
  sha256_ctx shared;
  sha256_init(&shared);
  /* the version and the build identity: a yinfa built from other sources (a layout, text or pdf
   * change) may set the same data differently, so it makes every document again */
  bat_fingerprint_add_str(&shared, "yinfa-" YINFA_VERSION);
  bat_fingerprint_add_str(&shared, yinfa_build_id());
  /* Manifests before this one had no fonts column: their documents are made once more, so that
   * every line of the manifest says what its document was set with. */
  bat_fingerprint_add_str(&shared, "manifest with fonts");
  for (size_t i = 0; i < tpl_program_file_count(program); i++)
    hash_file(&shared, tpl_program_file(program, i), NULL);
  hash_file(&shared, cfg->path, NULL);
  hash_file(&shared, calendar_path, NULL); /* a corrected holiday changes the notices' end dates */
  const char *slash = strrchr(calendar_path, '/');
  char *festivals; /* the statutory days of the years the notices do not list yet */
  if (asprintf(&festivals, "%.*s/cn-festivals.tsv", slash ? (int)(slash - calendar_path) : 1,
               slash ? calendar_path : ".") < 0)
    xoom();
  hash_file(&shared, festivals, NULL);
  free(festivals);
  if (cfg->allow_unknown_calendar) bat_fingerprint_add_str(&shared, "statutory days accepted");
  for (int r = 0; r < LAY_FONT_COUNT; r++) {
    /* a .ttc face is named "path:INDEX": hash the file's bytes and the name with its index */
    const char *role_file = pdf_fonts_role_file(rc->fonts, (lay_font)r);
    const char *colon = strrchr(role_file, ':');
    char *file = colon && colon[1] >= '0' && colon[1] <= '9' ? xstrndup(role_file, (size_t)(colon - role_file))
                                                              : xstrdup(role_file);
    char hex[SHA256_HEX_BYTES];
    if (hash_file(&shared, file, hex)) font_digest_add(rc->font_sha, file, hex); /* for the manifest */
    bat_fingerprint_add_str(&shared, role_file);
    free(file);
  }

  sha256_ctx whole;
  sha256_init(&whole);
  /* the bytes the loader read, not the file again: a pipe (/dev/stdin) is empty the second time */
  bat_fingerprint_add_str(&whole, round->sha256);
  char round_hex[SHA256_HEX_BYTES];
  bat_fingerprint_final(&whole, round_hex);

  bool ok = true;
  size_t group_count = distinct_groups(round, &l->groups);
  for (size_t d = 0; d < tpl_program_document_count(program); d++) {
    const tpl_document_spec *spec = tpl_program_document(program, d);
    switch (spec->scope) {
      case TPL_SCOPE_ROUND: ok = add_if(l, rc, &shared, spec, 0, NULL, round_hex, diag) && ok; break;
      case TPL_SCOPE_GROUP:
        for (size_t c = 0; c < group_count; c++)
          ok = add_if(l, rc, &shared, spec, 0, l->groups[c], round_hex, diag) && ok;
        break;
      case TPL_SCOPE_APPLICANT:
        for (size_t i = 0; i < round->applicant_count; i++)
          ok = add_if(l, rc, &shared, spec, i, NULL, round_hex, diag) && ok;
        break;
    }
  }
  for (size_t i = 0; i < l->count; i++) l->jobs[i].user = &l->targets[i];
  return ok;
}

/* ---- one document ---- */

static bool produce(void *vctx, const bat_job *job, const char *final_path, strbuf *fonts, diag_sink *diag) {
  const run_ctx *rcx = vctx;
  const job_target *tt = job->user;
  const char *format = tt->spec->format ? tt->spec->format : "pdf";
  if (strcmp(format, "csv") == 0) return scr_write_csv(rcx->scores, rcx->round, final_path, diag);
  if (strcmp(format, "xlsx") == 0) return scr_write_xlsx(rcx->scores, rcx->round, final_path, diag);
  const run_ctx *rc = vctx;
  const job_target *t = job->user;
  tpl_var *vars = xmalloc(rc->var_count * sizeof *vars);
  memcpy(vars, rc->vars, rc->var_count * sizeof *vars);
  tpl_context ctx = doc_context(rc, t->spec, t->applicant, t->group, vars);
  lay_document *doc = lay_document_new(&rc->metrics, t->spec->options, diag);
  bool ok = tpl_render(rc->program, t->spec, &ctx, doc, diag);
  if (ok) {
    lay_info info = *lay_get_info(doc);
    info.date = rc->date_iso;
    if (!info.creator) info.creator = "yinfa yinfa-" YINFA_VERSION;
    lay_set_info(doc, &info);
    ok = lay_finish(doc);
  }
  pdf_font_face *used = NULL;
  size_t used_count = 0;
  size_t fl = strlen(final_path);
  if (ok && fl > 4 && strcmp(final_path + fl - 4, ".ofd") == 0)
    ok = ofd_render_used(rc->fonts, doc, &rc->ofd, final_path, &used, &used_count, diag);
  else if (ok)
    ok = pdf_render_used(rc->fonts, doc, &rc->pdf, final_path, &used, &used_count, diag);
  if (ok && !format_fonts(rc->font_sha, used, used_count, fonts, diag)) {
    ok = false;
    unlink(final_path); /* a document the manifest cannot describe is not kept */
  }
  free(used);
  int saved = errno;
  lay_document_free(doc);
  free(vars);
  errno = saved;
  return ok;
}

/* Every kind named in 'only' (comma-separated) is one of the program's; reports the others. */
static bool check_only(const tpl_program *program, const char *only, diag_sink *diag) {
  bool ok = true;
  for (const char *p = only; p && *p;) {
    size_t k = strcspn(p, ",");
    char *kind = xstrndup(p, k);
    if (!tpl_program_find(program, kind)) {
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

void cli_run_summary(int rc, size_t written, diag_sink *diag) {
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
  } else if (rc != EXIT_OK && written > 0)
    fprintf(stderr,
            L("yinfa: %d error(s); %zu document(s) were written, the others were not and no manifest "
              "was made: correct the errors and run again (finished documents are kept)\n",
              "yinfa：共 %d 处错误；已生成 %zu 份文书，其余未生成，也未生成清单：请改正错误后重新运行"
              "（已完成的文书会保留）\n"),
            diag_error_count(diag), written);
  else if (rc == EXIT_INPUT && diag_error_count(diag) > 0)
    fprintf(stderr, L("yinfa: %d error(s); nothing was written\n", "yinfa：共 %d 处错误；未生成任何文件\n"),
            diag_error_count(diag));
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

int cli_run_pipeline(const cli_config *cfg, const tpl_program *program, const inp_round *round,
                     const scr_model *scores, const cli_pipeline_options *opt, size_t *written,
                     diag_sink *diag) {
  int code = EXIT_INPUT;
  char *data_dir = cli_data_dir();
  strbuf calendar_path;
  strbuf_init(&calendar_path);
  strbuf_printf(&calendar_path, "%s/data/cn-holidays.tsv", data_dir);
  cal_calendar *calendar = NULL;
  pdf_fonts *fonts = NULL;
  job_list jobs = {0};
  font_digests font_sha = {0};
  tpl_var *vars = NULL;
  size_t var_count = config_vars(cfg, program, &vars);
  const char *date = cli_config_value(cfg, "date");

  if (opt->only && !check_only(program, opt->only, diag)) goto done;
  if (!(calendar = cli_load_calendar(cfg->allow_unknown_calendar, diag))) goto done;
  cli_config_warn_calendar(cfg, program, calendar, diag); /* at the INI's lines, as validate does */
  bool font_system_error = false;
  if (!(fonts = load_fonts(cfg, data_dir, round, program, &font_system_error, diag))) {
    if (font_system_error) code = EXIT_IO;
    goto done;
  }
  run_ctx rc = {.round = round, .program = program, .fonts = fonts, .font_sha = &font_sha,
                .metrics = pdf_fonts_metrics(fonts), .pdf = {.pdfa = cfg->pdfa, .no_fsync = true},
                .want_pdf = cfg->want_pdf, .want_ofd = cfg->want_ofd,
                .ofd = {.plain = cfg->ofd_plain, .no_fsync = true},
                .vars = vars, .var_count = var_count, .date_iso = date && *date ? date : NULL,
                .calendar = calendar, .scores = scores};
  if (!build_jobs(&jobs, &rc, cfg, strbuf_str(&calendar_path), diag)) goto done;
  if (opt->verbose_plan)
    for (size_t i = 0; i < jobs.count; i++) fprintf(stderr, "%s/%s\n", opt->output, jobs.jobs[i].path);

  bat_options bo = {.produce = produce, .ctx = &rc, .jobs = opt->jobs, .force = opt->force, .prune = opt->prune,
                    .shard_index = opt->shard_k, .shard_count = opt->shard_n, .only_kinds = opt->only,
                    .progress = stderr, .progress_mode = opt->progress};
  bat_stats stats = {0};
  bool ok = bat_run(opt->output, jobs.jobs, jobs.count, &bo, &stats, diag);
  /* after the summary: an office must know when its notice was not set in the fonts it asked for
   * (when documents were made: after a refusal it would only bury the error) */
  if (opt->progress != BAT_PROGRESS_QUIET && stats.produced + stats.skipped > 0) {
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
  if (written) *written = stats.produced;
  if (ok) {
    code = EXIT_OK;
  } else {
    code = stats.failure == BAT_FAIL_INTERRUPTED ? 128 + stats.signal /* as the shell reports a signal */
           : stats.failure == BAT_FAIL_SYSTEM || stats.failure == BAT_FAIL_CRASH ? EXIT_IO : EXIT_INPUT;
  }

done:
  job_list_free(&jobs);
  font_digests_free(&font_sha);
  pdf_fonts_free(fonts);
  cal_free(calendar);
  strbuf_release(&calendar_path);
  free(vars);
  free(data_dir);
  return code;
}
