/* Finding programs (templates/<name>/ and the office's own folders) and `yinfa programs`, which
 * shows an office what each program is, which documents it makes and what its INI needs. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/pipeline.h"
#include "core/lang.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"

void cli_program_search(const char *extra, const cli_config *cfg, char *search[3]) {
  char *data_dir = cli_data_dir();
  search[0] = extra && *extra ? xstrdup(extra) : NULL;
  search[1] = cfg && cfg->programs ? xstrdup(cfg->programs) : NULL;
  if (asprintf(&search[2], "%s/templates", data_dir) < 0) xoom();
  free(data_dir);
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The program names found in the search folders (first folder wins), sorted; 'common' (shared
 * pieces) is not a program. Returns the count; *out malloc'd, each name malloc'd. */
size_t cli_program_names(char *const search[3], char ***out) {
  char **names = NULL;
  size_t n = 0, cap = 0;
  for (int i = 0; i < 3; i++) {
    DIR *d = search[i] ? opendir(search[i]) : NULL;
    if (!d) continue;
    struct dirent *de;
    while ((de = readdir(d))) {
      if (de->d_name[0] == '.' || strcmp(de->d_name, "common") == 0) continue;
      char *dir = tpl_program_find_dir((const char *const *)&search[i], 1, de->d_name);
      if (!dir) continue;
      free(dir);
      bool seen = false;
      for (size_t k = 0; k < n && !seen; k++) seen = strcmp(names[k], de->d_name) == 0;
      if (seen) continue;
      names = xgrow(names, &cap, n + 1, sizeof *names);
      names[n++] = xstrdup(de->d_name);
    }
    closedir(d);
  }
  if (n > 1) qsort(names, n, sizeof *names, by_name);
  *out = names;
  return n;
}

tpl_program *cli_program_open(const char *name, char *const search[3], src_loc at, const char *wording,
                              diag_sink *diag) {
  char *dir = tpl_program_find_dir((const char *const *)search, 3, name);
  if (!dir) {
    char **names = NULL;
    size_t n = cli_program_names(search, &names);
    strbuf known, where;
    strbuf_init(&known);
    strbuf_init(&where);
    for (size_t i = 0; i < n; i++) {
      strbuf_printf(&known, "%s%s", i ? ", " : "", names[i]);
      free(names[i]);
    }
    free(names);
    for (int i = 0; i < 3; i++)
      if (search[i]) strbuf_printf(&where, "%s%s", where.len ? ", " : "", search[i]);
    diag_error(diag, at,
               L("no program \"%s\" (looked in %s); the programs are: %s",
                 "找不到项目“%s”（已查找 %s）；现有项目：%s"),
               name ? name : "", strbuf_str(&where), known.len ? strbuf_str(&known) : "-");
    strbuf_release(&known);
    strbuf_release(&where);
    return NULL;
  }
  tpl_program *p = tpl_program_load_wording(dir, wording, diag);
  free(dir);
  if (p && !tpl_program_check_folder(p, diag)) {
    tpl_program_free(p);
    return NULL;
  }
  /* messages about the round name its items as the program does (企业, 项目 ...) */
  if (p) diag_set_item_noun(diag, tpl_program_item_noun(p, false), tpl_program_item_noun(p, true));
  return p;
}

static const char *type_name(tpl_param_type t) {
  static const char *const names[] = {"text", "date", "integer", "date-list", "enum", "email", "doc-number"};
  return (unsigned)t < sizeof names / sizeof *names ? names[t] : "?";
}

static const char *scope_name(tpl_scope s) {
  return s == TPL_SCOPE_APPLICANT ? L("one per applicant", "每个申报单位一份")
         : s == TPL_SCOPE_GROUP   ? L("one per group", "每组一份")
                                  : L("one per round", "每轮一份");
}

/* The notices' fixed sentences (wording.txt): the name a round's [wording] file uses, the
 * document, the placeholders that sentence may use where it stands, and the text. */
static void show_sentences(const tpl_program *p) {
  size_t n = tpl_program_sentence_count(p);
  if (!n) return;
  printf("  %s\n", L("sentences (wording.txt; a round replaces any of them with [wording] file = FILE):",
                     "固定语句（wording.txt；某一轮可用 [wording] file = 文件 替换其中任意一句）："));
  for (size_t i = 0; i < n; i++) {
    const tpl_sentence *s = tpl_program_sentence(p, i);
    const char *doc = s->document ? strrchr(s->document, '/') : NULL;
    printf("    %s  (%s%s)\n", s->name, doc ? doc + 1 : "-", s->from_round ? L(", replaced by the round", "，本轮已替换") : "");
    printf("      %s %s\n", L("placeholders:", "占位符："), s->placeholders && *s->placeholders ? s->placeholders : "-");
    printf("      = %s\n", s->text);
  }
}

static void show(const tpl_program *p, bool full) {
  printf("%s\t%s\n", tpl_program_name(p), tpl_program_title(p));
  if (!full) {
    printf("  %s", L("documents:", "文书："));
    for (size_t i = 0; i < tpl_program_document_count(p); i++)
      printf(" %s", tpl_program_document(p, i)->kind);
    printf("\n  %s", L("INI parameters:", "INI 参数："));
    for (size_t i = 0; i < tpl_program_param_count(p); i++) {
      const tpl_param *t = tpl_program_param(p, i);
      printf(" [%s] %s%s", t->section, t->key, t->required ? "*" : "");
    }
    printf("\n");
    return;
  }
  printf("  %s %s\n", L("folder:", "目录："), tpl_program_dir(p));
  const tpl_group *g = tpl_program_group(p);
  if (g) printf("  %s %s (%s, $%s = %s)\n", L("groups:", "分组："), L(g->label_en, g->label_zh), g->key, g->name, g->label_zh);
  printf("  %s\n", L("documents:", "文书："));
  for (size_t i = 0; i < tpl_program_document_count(p); i++) {
    const tpl_document_spec *d = tpl_program_document(p, i);
    printf("    %-14s %s, %s%s%s", d->kind, scope_name(d->scope), d->output, d->when ? "  when " : "",
           d->when ? d->when : "");
    /* what [output] formats can add to it (docs/docx.md) */
    if (d->reflow && *d->reflow) printf("  %s%s", L("also, when formats asks: ", "formats 要求时另写："), d->reflow);
    /* the list workbook is written in every run (issue 25 §4) */
    if (d->list) printf("  %s%s", L("and always: ", "并总是写："), d->list);
    /* a form: in its group's print set ([output] bundle = group) and blank with run --blank */
    if (d->form && g)
      printf("  %s%s, blank/%s.pdf", L("form: print set ", "表单：合订本 "), g->bundle, d->kind);
    else if (d->form)
      printf("  %sblank/%s.pdf", L("form: ", "表单："), d->kind);
    printf("\n");
  }
  printf("  %s\n", L("INI parameters (* required):", "INI 参数（* 为必填）："));
  for (size_t i = 0; i < tpl_program_param_count(p); i++) {
    const tpl_param *t = tpl_program_param(p, i);
    printf("    [%s] %s%s  %s", t->section, t->key, t->required ? "*" : "", type_name(t->type));
    if (t->type == TPL_PARAM_ENUM && t->values) printf(" (%s)", t->values);
    if (t->has_min || t->has_max) printf(" %ld..%ld", t->min, t->max);
    if (t->default_value) printf(" %s %s", L("default", "默认"), t->default_value);
    const char *what = L(t->en, t->zh);
    printf("  %s\n", what ? what : "");
  }
  show_sentences(p);
  const inp_spec *in = tpl_program_input(p);
  if (in->rule_count) {
    printf("  %s\n", L("rules:", "规则："));
    for (size_t i = 0; i < in->rule_count; i++) {
      const char *sev = in->rules[i].warning ? L("warning", "警告") : L("error", "错误");
      if (in->rules[i].clause) printf("    %-28s %-7s %s\n", in->rules[i].name, sev, in->rules[i].clause);
      else printf("    %-28s %s\n", in->rules[i].name, sev);
    }
  }
}

int cli_programs(const char *name, const char *extra, diag_sink *diag) {
  char *search[3];
  cli_program_search(extra, NULL, search);
  int rc = 0;
  if (name) {
    tpl_program *p = cli_program_open(name, search, SRC_LOC_NONE, NULL, diag);
    if (p) show(p, true);
    else rc = 1;
    tpl_program_free(p);
  } else {
    char **names = NULL;
    size_t n = cli_program_names(search, &names);
    for (size_t i = 0; i < n; i++) {
      char *dir = tpl_program_find_dir((const char *const *)search, 3, names[i]);
      tpl_program *p = dir ? tpl_program_load(dir, diag) : NULL;
      if (p && !tpl_program_check_folder(p, diag)) {
        tpl_program_free(p);
        p = NULL;
      }
      if (p) show(p, false);
      else rc = 1; /* its errors are reported; the others are still listed */
      tpl_program_free(p);
      free(dir);
      free(names[i]);
    }
    free(names);
    if (!n) {
      diag_error(diag, SRC_LOC_NONE, "%s", L("no programs found", "未找到任何项目"));
      rc = 1;
    }
  }
  for (int i = 0; i < 3; i++) free(search[i]);
  return rc;
}
