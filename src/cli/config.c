/* The batch configuration INI, read by the strict reader core/ini.c (which reports quoting,
 * joined lines, NUL bytes and long lines with their line); here: which sections and keys exist,
 * each once, and what their values must be. */
#include "cli/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar/calendar.h"
#include "core/ini.h"
#include "core/lang.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "template/template.h"
#include "text/text.h"

struct cli_config_entry {
  char *section, *key; /* lower case, as core/ini.c gives them; key NULL for a section header */
  int line;
};

typedef struct {
  const char *section, *key;
  bool required;
  const char *hint_en, *hint_zh; /* what the key means, for "missing" messages */
} key_spec;

/* The engine's own keys; every other section belongs to the program's parameters
 * (program.xml <param section=... key=...>), checked by cli_config_bind(). */
static const key_spec KEYS[] = {
    {"round", "program", true, "the program whose templates apply, e.g. xuchang-nit", "适用的项目模板，如 xuchang-nit"},
    {"round", "input", false, NULL, NULL},
    {"round", "output", false, NULL, NULL},
    {"round", "order", false, NULL, NULL},
    {"round", "programs", false, NULL, NULL},
    {"round", "allow_unknown_calendar", false, NULL, NULL},
    {"output", "pdfa", false, NULL, NULL},
    {"output", "formats", false, NULL, NULL},
    {"output", "ofd", false, NULL, NULL},
    {"output", "bundle", false, NULL, NULL},
    {"output", "jobs", false, NULL, NULL},
    {"wording", "file", false, NULL, NULL},
    {"fonts", "body", false, NULL, NULL},
    {"fonts", "title", false, NULL, NULL},
    {"fonts", "heading", false, NULL, NULL},
    {"fonts", "kai", false, NULL, NULL},
    {"fonts", "song", false, NULL, NULL},
    {"fonts", "body_family", false, NULL, NULL},
    {"fonts", "title_family", false, NULL, NULL},
    {"fonts", "heading_family", false, NULL, NULL},
    {"fonts", "kai_family", false, NULL, NULL},
    {"fonts", "song_family", false, NULL, NULL},
};
#define NKEYS (sizeof KEYS / sizeof KEYS[0])

typedef struct {
  cli_config *c;
  ini_file *ini;
  diag_sink *diag;
  bool failed;
} loader;

static void report(loader *ld, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void report(loader *ld, int line, const char *fmt, ...) {
  char *msg;
  va_list ap;
  va_start(ap, fmt);
  if (vasprintf(&msg, fmt, ap) < 0) xoom();
  va_end(ap);
  diag_error(ld->diag, ((src_loc){ld->c->path, line, 0, NULL}), "%s", msg);
  free(msg);
  ld->failed = true;
  ld->c->errors++;
}

static char *trim(char *s) {
  while (isspace((unsigned char)*s)) s++;
  char *e = s + strlen(s);
  while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
  return s;
}

static void add_entry(cli_config *c, size_t *cap, const char *section, const char *key, int line) {
  c->entries_ = xgrow(c->entries_, cap, c->entry_count_ + 1, sizeof *c->entries_);
  c->entries_[c->entry_count_++] =
      (cli_config_entry){xstrdup(section), key ? xstrdup(key) : NULL, line};
}

static const cli_config_entry *find_entry(const cli_config *c, const char *section, const char *key) {
  for (size_t i = 0; i < c->entry_count_; i++) {
    const cli_config_entry *e = &c->entries_[i];
    if (strcmp(e->section, section) == 0 && (key ? e->key && strcmp(e->key, key) == 0 : !e->key))
      return e;
  }
  return NULL;
}

static const key_spec *find_spec(const char *section, const char *key) {
  for (size_t i = 0; i < NKEYS; i++)
    if (strcmp(KEYS[i].section, section) == 0 && (!key || strcmp(KEYS[i].key, key) == 0))
      return &KEYS[i];
  return NULL;
}

/* Unknown and repeated sections and keys, with their lines; records where each is for
 * cli_config_loc(). Every problem is reported, so one run shows them all. */
static void scan(loader *ld) {
  cli_config *c = ld->c;
  size_t cap = 0;
  for (size_t i = 0; i < ini_count(ld->ini); i++) {
    const ini_entry *e = ini_at(ld->ini, i);
    const char *section = e->section;
    int lineno = e->line;
    if (!e->key) {
      /* sections other than the engine's are the program's: checked by cli_config_bind() */
      if (find_entry(c, section, NULL))
        report(ld, lineno, L("section [%s] appears twice (first at line %d); merge them",
                             "节 [%s] 重复出现（首次在第 %d 行）；请合并"),
               section, find_entry(c, section, NULL)->line);
      else
        add_entry(c, &cap, section, NULL, lineno);
      continue;
    }
    const char *key = e->key;
    if (find_spec(section, NULL) && !find_spec(section, key)) {
      strbuf known;
      strbuf_init(&known);
      for (size_t k = 0; k < NKEYS; k++)
        if (strcmp(KEYS[k].section, section) == 0)
          strbuf_printf(&known, "%s%s", known.len ? ", " : "", KEYS[k].key);
      report(ld, lineno, L("unknown key \"%s\" in [%s]; the keys there are %s",
                           "未知的键“%s”（位于 [%s]）；该节可用的键为 %s"),
             key, section, strbuf_str(&known));
      strbuf_release(&known);
      continue;
    }
    const cli_config_entry *prev = find_entry(c, section, key);
    if (prev)
      report(ld, lineno, L("[%s] %s is set twice (first at line %d); keep one",
                           "[%s] %s 重复设置（首次在第 %d 行）；只保留一处"),
             section, key, prev->line);
    else
      add_entry(c, &cap, section, key, lineno);
  }
}

static const char *raw(loader *ld, const char *section, const char *key) {
  const ini_entry *e = ini_find(ld->ini, section, key);
  return e && e->value && *e->value ? e->value : NULL;
}

static int line_of(loader *ld, const char *section, const char *key) {
  return cli_config_loc(ld->c, section, key).line;
}

static char *str(loader *ld, const char *section, const char *key) {
  const char *v = raw(ld, section, key);
  return v ? xstrdup(v) : NULL;
}

static char *path_value(loader *ld, const char *section, const char *key) {
  const char *v = raw(ld, section, key);
  return v ? cli_config_resolve(ld->c, v) : NULL;
}

static bool int_value(loader *ld, const char *section, const char *key, int lo, int hi, int *out) {
  const char *v = raw(ld, section, key);
  if (!v) return false;
  char *end;
  errno = 0;
  long n = strtol(v, &end, 10);
  if (errno || end == v || *trim(end) || n < lo || n > hi) {
    report(ld, line_of(ld, section, key),
           L("[%s] %s \"%s\" must be a whole number from %d to %d",
             "[%s] %s “%s”必须是 %d 到 %d 之间的整数"),
           section, key, v, lo, hi);
    return false;
  }
  *out = (int)n;
  return true;
}

static void bool_value(loader *ld, const char *section, const char *key, bool *out) {
  const char *v = raw(ld, section, key);
  if (!v) return;
  static const char *const yes[] = {"true", "yes", "on", "1"}, *const no[] = {"false", "no", "off", "0"};
  for (int i = 0; i < 4; i++) {
    if (strcasecmp(v, yes[i]) == 0) { *out = true; return; }
    if (strcasecmp(v, no[i]) == 0) { *out = false; return; }
  }
  report(ld, line_of(ld, section, key),
         L("[%s] %s \"%s\" must be true or false", "[%s] %s “%s”只能是 true 或 false"), section,
         key, v);
}

/* A font file, "path" or "path:INDEX" for a face of a .ttc (fonts/README.md). */
static void font_value(loader *ld, const char *key, char **out) {
  *out = path_value(ld, "fonts", key);
  if (!*out || access(*out, R_OK) == 0) return;
  int err = errno;
  char *colon = strrchr(*out, ':');
  if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
    *colon = '\0';
    bool readable = access(*out, R_OK) == 0;
    err = errno;
    *colon = ':';
    if (readable) return;
  }
  report(ld, line_of(ld, "fonts", key),
         L("[fonts] %s: cannot read the font file %s (%s)", "[fonts] %s：无法读取字体文件 %s（%s）"), key, *out,
         lang_strerror(err));
}

/* The whole file, NUL-terminated; NULL with errno set on failure. Configurations are small. */
static char *read_file(const char *path, size_t *len) {
  strbuf b;
  strbuf_init(&b);
  if (!strbuf_append_file(&b, path)) {
    int err = errno;
    strbuf_release(&b);
    errno = err;
    return NULL;
  }
  *len = b.len;
  return strbuf_detach(&b);
}

/* [output] formats = pdf, ofd, docx, xlsx (the page formats written, default pdf; docx: the editable
 * copy of the documents whose program declares one; xlsx: their lists as workbooks, admitted.xlsx;
 * docs/docx.md) and ofd = ofd-a | ofd. */
static void formats_value(loader *ld, cli_config *c) {
  const char *f = raw(ld, "output", "formats");
  if (f) {
    c->want_pdf = false;
    for (const char *p = f; *p;) {
      p += strspn(p, " ,\t");
      size_t k = strcspn(p, " ,\t");
      if (!k) break;
      if (k == 3 && strncasecmp(p, "pdf", 3) == 0) c->want_pdf = true;
      else if (k == 3 && strncasecmp(p, "ofd", 3) == 0) c->want_ofd = true;
      else if (k == 4 && strncasecmp(p, "docx", 4) == 0) c->want_docx = true;
      else if (k == 4 && strncasecmp(p, "xlsx", 4) == 0) c->want_list = true;
      else if (k == 4 && strncasecmp(p, "html", 4) == 0) c->want_html = true;
      else
        report(ld, line_of(ld, "output", "formats"),
               L("[output] formats: \"%.*s\" is not a format yinfa writes; write pdf, ofd or both (pdf, ofd), "
                 "docx for the editable copies of the notices, xlsx for the admitted list as a workbook, html for "
                 "the 公示 as a web page",
                 "[output] formats：“%.*s”不是 yinfa 能写的格式；请写 pdf、ofd 或两者（pdf, ofd），"
                 "需要公示、通知的可编辑稿时加 docx，需要名单工作簿时加 xlsx，需要公示网页时加 html"),
               (int)k, p);
      p += k;
    }
    /* docx is a copy beside the page documents, for the notices only: never the whole run */
    if (!c->want_pdf && !c->want_ofd)
      report(ld, line_of(ld, "output", "formats"),
             L("[output] formats names no page format; write pdf, ofd or both (docx only beside them)",
               "[output] formats 未写任何版式格式；请写 pdf、ofd 或两者（docx 只能与它们同写）"));
  }
  const char *b = raw(ld, "output", "bundle");
  if (b && strcasecmp(b, "group") == 0) c->bundle_group = true;
  else if (b && strcasecmp(b, "none") != 0)
    report(ld, line_of(ld, "output", "bundle"),
           L("[output] bundle \"%s\" must be group (one PDF of each group's forms, for printing) or none",
             "[output] bundle “%s”只能是 group（每个分组的表单合订为一个 PDF，供打印）或 none"), b);
  const char *o = raw(ld, "output", "ofd");
  if (o && strcasecmp(o, "ofd") == 0) c->ofd_plain = true;
  else if (o && strcasecmp(o, "ofd-a") != 0)
    report(ld, line_of(ld, "output", "ofd"),
           L("[output] ofd \"%s\" must be ofd-a (the archival profile, GB/T 42133) or ofd",
             "[output] ofd “%s”只能是 ofd-a（归档格式，GB/T 42133）或 ofd"), o);
}

cli_config *cli_config_load(const char *path, diag_sink *diag) {
  cli_config *c = xcalloc(1, sizeof *c);
  c->path = xstrdup(path);
  const char *slash = strrchr(path, '/');
  c->dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
  c->order = TXT_ORDER_PINYIN;
  c->pdfa = true;
  c->want_pdf = true;
  c->want_list = true; /* admitted.xlsx in every run (issue 25 §4): the list reported upward */
  loader ld = {c, NULL, diag, false};

  size_t len = 0;
  char *bytes = read_file(path, &len);
  if (!bytes) {
    report(&ld, 0, L("cannot open the configuration: %s", "无法打开配置文件：%s"), lang_strerror(errno));
    goto fail;
  }
  ld.ini = ini_parse(bytes, len, path, diag);
  free(bytes);
  if (!ld.ini) goto fail;
  scan(&ld);

  for (size_t i = 0; i < NKEYS; i++) {
    const key_spec *k = &KEYS[i];
    if (!k->required || raw(&ld, k->section, k->key)) continue;
    const cli_config_entry *sec = find_entry(c, k->section, NULL);
    report(&ld, sec ? sec->line : 0,
           L("[%s] %s is missing: %s", "缺少 [%s] %s：%s"), k->section, k->key,
           L(k->hint_en, k->hint_zh));
  }

  c->program = str(&ld, "round", "program");
  c->input = path_value(&ld, "round", "input");
  c->output = path_value(&ld, "round", "output");
  const char *order = raw(&ld, "round", "order");
  if (order) {
    if (strcasecmp(order, "pinyin") == 0) c->order = TXT_ORDER_PINYIN;
    else if (strcasecmp(order, "stroke") == 0) c->order = TXT_ORDER_STROKE;
    else if (strcasecmp(order, "input") == 0) c->order = TXT_ORDER_INPUT;
    else
      report(&ld, line_of(&ld, "round", "order"),
             L("[round] order \"%s\" must be pinyin, stroke or input",
               "[round] order “%s”只能是 pinyin（拼音）、stroke（笔画）或 input（原顺序）"),
             order);
  }
  c->programs = path_value(&ld, "round", "programs");
  c->wording = path_value(&ld, "wording", "file");
  bool_value(&ld, "output", "pdfa", &c->pdfa);
  formats_value(&ld, c);
  bool_value(&ld, "round", "allow_unknown_calendar", &c->allow_unknown_calendar);
  int_value(&ld, "output", "jobs", 0, 256, &c->jobs);
  font_value(&ld, "body", &c->font_body);
  font_value(&ld, "title", &c->font_title);
  font_value(&ld, "heading", &c->font_heading);
  font_value(&ld, "kai", &c->font_kai);
  font_value(&ld, "song", &c->font_song);
  static const char *const FAMILY_KEYS[5] = {"body_family", "title_family", "heading_family", "kai_family",
                                             "song_family"};
  for (int r = 0; r < 5; r++) c->font_families[r] = str(&ld, "fonts", FAMILY_KEYS[r]);

  /* Bad values are counted in c->errors, not fatal: the caller binds the program's parameters
   * too, so one run reports every problem of the file. */
  c->ini_ = ld.ini; /* kept for cli_config_bind() */
  return c;

fail:
  ini_free(ld.ini);
  cli_config_free(c);
  return NULL;
}

void cli_config_free(cli_config *c) {
  if (!c) return;
  char **strings[] = {&c->path, &c->dir, &c->program, &c->input, &c->output, &c->programs, &c->wording,
                      &c->font_body, &c->font_title, &c->font_heading, &c->font_kai, &c->font_song};
  for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) free(*strings[i]);
  for (size_t i = 0; i < c->value_count; i++) free((char *)c->values[i].value);
  free(c->values);
  ini_free(c->ini_);
  for (int r = 0; r < 5; r++) free(c->font_families[r]);
  for (size_t i = 0; i < c->entry_count_; i++) {
    free(c->entries_[i].section);
    free(c->entries_[i].key);
  }
  free(c->entries_);
  free(c);
}

src_loc cli_config_loc(const cli_config *c, const char *section, const char *key) {
  const cli_config_entry *e = find_entry(c, section, key);
  if (!e) e = find_entry(c, section, NULL);
  return (src_loc){c->path, e ? e->line : 0, 0, NULL};
}

/* Lexical clean-up of "a/b/../c" to "a/c", so messages show the path a person would write. */
static char *clean_path(char *p) {
  bool abs = p[0] == '/';
  char **parts = NULL;
  size_t n = 0, cap = 0;
  char *save = NULL;
  for (char *t = strtok_r(p, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
    if (strcmp(t, ".") == 0) continue;
    if (strcmp(t, "..") == 0 && n > 0 && strcmp(parts[n - 1], "..") != 0) {
      n--;
      continue;
    }
    if (strcmp(t, "..") == 0 && n == 0 && abs) continue;
    parts = xgrow(parts, &cap, n + 1, sizeof *parts);
    parts[n++] = t;
  }
  strbuf b;
  strbuf_init(&b);
  if (abs) strbuf_putc(&b, '/');
  for (size_t i = 0; i < n; i++) {
    if (i) strbuf_putc(&b, '/');
    strbuf_append(&b, parts[i]);
  }
  if (!b.len) strbuf_putc(&b, '.');
  free(parts);
  free(p);
  return strbuf_detach(&b);
}

char *cli_config_resolve(const cli_config *c, const char *p) {
  char *out;
  if (p[0] == '/' || strcmp(c->dir, ".") == 0) out = xstrdup(p);
  else if (asprintf(&out, "%s/%s", c->dir, p) < 0) xoom();
  return clean_path(out);
}

/* ---- the program's parameters ---- */

/* A list of ISO dates ("2022-06-03, 2022-06-04"; the full-width ，and 、 of a Chinese keyboard
 * work too) normalised to "2022-06-03,2022-06-04"; NULL after reporting a bad date. */
static char *date_list(loader *ld, const tpl_param *p, const char *v, int line) {
  strbuf norm, text;
  strbuf_init(&norm);
  strbuf_init(&text);
  for (const char *q = v; *q;) {
    if (strncmp(q, "，", 3) == 0 || strncmp(q, "、", 3) == 0) strbuf_putc(&norm, ','), q += 3;
    else strbuf_putc(&norm, *q++);
  }
  char *list = strbuf_detach(&norm), *save = NULL;
  bool ok = true;
  for (char *tok = strtok_r(list, ",; \t", &save); tok; tok = strtok_r(NULL, ",; \t", &save)) {
    inp_date d;
    if (!inp_date_parse(tok, &d)) {
      report(ld, line,
             L("[%s] %s: \"%s\" is not a real date in YYYY-MM-DD form",
               "[%s] %s 中的“%s”不是 YYYY-MM-DD 格式的有效日期"),
             p->section, p->key, tok);
      ok = false;
      continue;
    }
    strbuf_printf(&text, "%s%04d-%02d-%02d", text.len ? "," : "", d.year, d.month, d.day);
  }
  free(list);
  if (!ok) {
    strbuf_release(&text);
    return NULL;
  }
  return strbuf_detach(&text);
}

/* The value of 'p' checked against its type, normalised (dates as YYYY-MM-DD); malloc'd, or
 * NULL after reporting. */
static char *typed_value(loader *ld, const tpl_param *p, const char *v, int line) {
  switch (p->type) {
    case TPL_PARAM_DATE: {
      inp_date d;
      if (!inp_date_parse(v, &d)) {
        report(ld, line, L("[%s] %s \"%s\" is not a real date in YYYY-MM-DD form",
                           "[%s] %s “%s”不是 YYYY-MM-DD 格式的有效日期"),
               p->section, p->key, v);
        return NULL;
      }
      char *out;
      if (asprintf(&out, "%04d-%02d-%02d", d.year, d.month, d.day) < 0) xoom();
      return out;
    }
    case TPL_PARAM_INTEGER: {
      char *end;
      errno = 0;
      long n = strtol(v, &end, 10);
      while (isspace((unsigned char)*end)) end++;
      bool bad = errno || end == v || *end || (p->has_min && n < p->min) || (p->has_max && n > p->max);
      if (bad) {
        report(ld, line,
               L("[%s] %s \"%s\" must be a whole number from %ld to %ld",
                 "[%s] %s “%s”必须是 %ld 到 %ld 之间的整数"),
               p->section, p->key, v, p->has_min ? p->min : (long)-999999999, p->has_max ? p->max : 999999999L);
        return NULL;
      }
      char *out;
      if (asprintf(&out, "%ld", n) < 0) xoom();
      return out;
    }
    case TPL_PARAM_DATE_LIST:
      return date_list(ld, p, v, line);
    case TPL_PARAM_ENUM: {
      size_t n = strlen(v);
      for (const char *w = p->values; w && *w;) {
        while (*w == ' ') w++;
        size_t k = strcspn(w, " ");
        if (k == n && strncasecmp(w, v, n) == 0) return xstrndup(w, k);
        w += k;
      }
      report(ld, line, L("[%s] %s \"%s\" must be one of: %s", "[%s] %s “%s”只能是以下之一：%s"),
             p->section, p->key, v, p->values ? p->values : "");
      return NULL;
    }
    case TPL_PARAM_EMAIL: {
      const char *at = strchr(v, '@');
      if (!at || at == v || !strchr(at, '.') || strpbrk(v, " \t,;")) {
        report(ld, line, L("[%s] %s \"%s\" is not an e-mail address", "[%s] %s “%s”不是电子邮箱地址"),
               p->section, p->key, v);
        return NULL;
      }
      break;
    }
    case TPL_PARAM_DOC_NUMBER: {
      char *fixed = NULL;
      strbuf why;
      strbuf_init(&why);
      bool ok = cli_doc_number_check(v, &fixed, &why);
      if (!ok && fixed)
        report(ld, line, L("[%s] %s \"%s\" is not in the form of a 发文字号 (GB/T 9704-2012 7.2.4): %s; write %s",
                           "[%s] %s “%s”不符合发文字号的格式（GB/T 9704-2012 7.2.4）：%s；请写作 %s"),
               p->section, p->key, v, strbuf_str(&why), fixed);
      else if (!ok)
        report(ld, line, L("[%s] %s \"%s\": %s (GB/T 9704-2012 7.2.4)", "[%s] %s “%s”：%s（GB/T 9704-2012 7.2.4）"),
               p->section, p->key, v, strbuf_str(&why));
      free(fixed);
      strbuf_release(&why);
      if (!ok) return NULL;
      break;
    }
    case TPL_PARAM_TEXT:
      break;
  }
  return xstrdup(v);
}

static bool is_engine_section(const char *section) { return find_spec(section, NULL) != NULL; }

bool cli_config_bind(cli_config *c, const tpl_program *program, diag_sink *diag) {
  loader ld = {c, c->ini_, diag, false};
  size_t np = tpl_program_param_count(program);
  /* every key the file sets outside the engine's sections must be one of the program's */
  for (size_t i = 0; i < c->entry_count_; i++) {
    const cli_config_entry *e = &c->entries_[i];
    if (is_engine_section(e->section)) continue;
    bool section_known = false, key_known = !e->key;
    for (size_t k = 0; k < np; k++) {
      const tpl_param *p = tpl_program_param(program, k);
      if (strcasecmp(p->section, e->section) != 0) continue;
      section_known = true;
      if (e->key && strcasecmp(p->key, e->key) == 0) key_known = true;
    }
    strbuf known;
    strbuf_init(&known);
    for (size_t k = 0; k < np; k++) {
      const tpl_param *p = tpl_program_param(program, k);
      if (!section_known) {
        bool seen = false;
        for (size_t j = 0; j < k; j++) seen |= strcasecmp(tpl_program_param(program, j)->section, p->section) == 0;
        if (!seen) strbuf_printf(&known, ", [%s]", p->section);
      } else if (strcasecmp(p->section, e->section) == 0) {
        strbuf_printf(&known, "%s%s", known.len ? ", " : "", p->key);
      }
    }
    if (!section_known && !e->key)
      report(&ld, e->line,
             L("unknown section [%s]; the sections are [round], [output], [fonts]%s (program %s; "
               "`yinfa programs %s` lists its parameters)",
               "未知的节 [%s]；可用的节为 [round]、[output]、[fonts]%s（项目 %s；`yinfa programs %s` 列出其参数）"),
             e->section, strbuf_str(&known), tpl_program_name(program), tpl_program_name(program));
    else if (section_known && !key_known)
      report(&ld, e->line,
             L("unknown key \"%s\" in [%s]; the keys there are %s", "未知的键“%s”（位于 [%s]）；该节可用的键为 %s"),
             e->key, e->section, strbuf_str(&known));
    strbuf_release(&known);
  }
  c->values = xcalloc(np + 1, sizeof *c->values);
  for (size_t k = 0; k < np; k++) {
    const tpl_param *p = tpl_program_param(program, k);
    char *section = xstrdup(p->section), *key = xstrdup(p->key); /* the reader's keys are lower case */
    for (char *q = section; *q; q++) *q = (char)tolower((unsigned char)*q);
    for (char *q = key; *q; q++) *q = (char)tolower((unsigned char)*q);
    const ini_entry *found = c->ini_ ? ini_find(c->ini_, section, key) : NULL;
    free(section);
    free(key);
    const char *v = found && found->value && *found->value ? found->value : NULL;
    int line = cli_config_loc(c, p->section, p->key).line;
    char *value = NULL;
    if (v) {
      value = typed_value(&ld, p, v, line);
    } else if (p->default_value) {
      value = xstrdup(p->default_value);
    } else if (p->required) {
      report(&ld, line, L("[%s] %s is missing: %s", "缺少 [%s] %s：%s"), p->section, p->key,
             L(p->en ? p->en : p->name, p->zh ? p->zh : p->name));
    }
    /* a rule about this parameter (param=) is reported at its line, when the INI sets it */
    src_loc at = {c->path, v ? line : 0, 0, NULL};
    c->values[c->value_count++] = (cli_value){p->name, value ? value : xstrdup(""), at};
  }
  return !ld.failed && !c->errors;
}

const char *cli_config_value(const cli_config *c, const char *name) {
  for (size_t i = 0; i < c->value_count; i++)
    if (strcmp(c->values[i].name, name) == 0) return c->values[i].value;
  return NULL;
}

void cli_config_warn_calendar(const cli_config *c, const tpl_program *program, const cal_calendar *cal,
                              diag_sink *diag) {
  if (!cal || !c->values) return;
  const char *holidays = cli_config_value(c, "holidays"), *workdays = cli_config_value(c, "workdays");
  int first, last;
  cal_years(cal, &first, &last);
  for (size_t k = 0; k < tpl_program_param_count(program); k++) {
    const tpl_param *p = tpl_program_param(program, k);
    if (p->type != TPL_PARAM_DATE) continue;
    const char *v = cli_config_value(c, p->name);
    long day;
    if (!v || !*v || !cal_parse_iso(v, &day)) continue;
    int year = atoi(v);
    char prefix[8];
    snprintf(prefix, sizeof prefix, "%d-", year);
    /* the office may have written that year's arrangement into holidays/workdays itself */
    if (cal_covers(cal, year) || (holidays && strstr(holidays, prefix)) || (workdays && strstr(workdays, prefix)))
      continue;
    if (cal_accepts_statutory(cal)) continue; /* the office said how to count that year */
    diag_report(diag, DIAG_WARNING, cli_config_loc(c, p->section, p->key),
                L("[%s] %s is in %d, whose arrangement (worked weekends, days off in lieu) the calendar does "
                  "not list yet (it covers %d-%d): its statutory days off are known, but a period of working "
                  "days that runs through it is an error until that year's notice is in data/cn-holidays.tsv, "
                  "its days are in holidays/workdays, or allow_unknown_calendar = yes (docs/cli.md)",
                  "[%s] %s 在 %d 年，节假日日历中尚无该年的放假安排（调休上班日、补休日；只包含 %d—%d 年）："
                  "法定节假日已知，但跨入该年的工作日期间会报错，直到 data/cn-holidays.tsv 加入该年的通知、"
                  "在 holidays/workdays 中写明该年的日期，或设置 allow_unknown_calendar = yes（见 docs/cli.md）"),
                p->section, p->key, year, first, last);
  }
}
