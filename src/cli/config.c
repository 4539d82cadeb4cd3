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

#include "core/ini.h"
#include "core/lang.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
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

static const key_spec KEYS[] = {
    {"round", "program", true, "the program whose templates apply, e.g. xuchang-nit", "适用的项目模板，如 xuchang-nit"},
    {"round", "input", false, NULL, NULL},
    {"round", "output", false, NULL, NULL},
    {"round", "order", false, NULL, NULL},
    {"issuer", "name", true, "the issuing authority, e.g. 许昌市工业和信息化局", "发文机关，如 许昌市工业和信息化局"},
    {"issuer", "doc_number", true, "the document number, e.g. 许工信〔2022〕12号", "发文字号，如 许工信〔2022〕12号"},
    {"issuer", "date", true, "the date of the document (成文日期), YYYY-MM-DD", "成文日期，格式 YYYY-MM-DD"},
    {"notice", "title", false, NULL, NULL},
    {"notice", "publicity_start", true, "the first day of the publicity period, YYYY-MM-DD", "公示开始日期，格式 YYYY-MM-DD"},
    {"notice", "publicity_days", true, "the publicity period in working days, e.g. 5", "公示期（工作日），如 5"},
    {"notice", "holidays", false, NULL, NULL},
    {"notice", "workdays", false, NULL, NULL},
    {"notice", "contact", true, "the contact person named in the notice", "公示联系人"},
    {"notice", "phone", true, "the contact phone number", "联系电话"},
    {"notice", "email", false, NULL, NULL},
    {"notice", "address", false, NULL, NULL},
    {"output", "pdfa", false, NULL, NULL},
    {"output", "jobs", false, NULL, NULL},
    {"fonts", "body", false, NULL, NULL},
    {"fonts", "title", false, NULL, NULL},
    {"fonts", "heading", false, NULL, NULL},
    {"fonts", "kai", false, NULL, NULL},
    {"fonts", "song", false, NULL, NULL},
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
      if (!find_spec(section, NULL))
        report(ld, lineno,
               L("unknown section [%s]; the sections are [round], [issuer], [notice], [output] "
                 "and [fonts]",
                 "未知的节 [%s]；可用的节为 [round]、[issuer]、[notice]、[output]、[fonts]"),
               section);
      else if (find_entry(c, section, NULL))
        report(ld, lineno, L("section [%s] appears twice (first at line %d); merge them",
                             "节 [%s] 重复出现（首次在第 %d 行）；请合并"),
               section, find_entry(c, section, NULL)->line);
      else
        add_entry(c, &cap, section, NULL, lineno);
      continue;
    }
    const char *key = e->key;
    if (!find_spec(section, NULL)) continue; /* its section is reported already */
    if (!find_spec(section, key)) {
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

/* 'iso' (11 bytes, owned by the config) receives the normalised text that out->iso points to. */
static void date_value(loader *ld, const char *section, const char *key, inp_date *out, char *iso) {
  const char *v = raw(ld, section, key);
  if (!v) return;
  if (!inp_date_parse(v, out)) {
    report(ld, line_of(ld, section, key),
           L("[%s] %s \"%s\" is not a real date in YYYY-MM-DD form",
             "[%s] %s “%s”不是 YYYY-MM-DD 格式的有效日期"),
           section, key, v);
    return;
  }
  snprintf(iso, 11, "%04d-%02d-%02d", out->year, out->month, out->day);
  out->iso = iso;
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

/* A list of ISO dates from one INI value ("2022-06-03, 2022-06-04"; full-width ，and 、 work). */
static void date_list_value(loader *ld, const char *key, inp_date **dates, size_t *count, char **text_out) {
  const char *v = raw(ld, "notice", key);
  if (!v) return;
  strbuf norm;
  strbuf_init(&norm);
  /* Accept the full-width comma and 、 that a Chinese keyboard produces. */
  for (const char *p = v; *p;) {
    if (strncmp(p, "，", 3) == 0 || strncmp(p, "、", 3) == 0) strbuf_putc(&norm, ','), p += 3;
    else strbuf_putc(&norm, *p++);
  }
  char *list = strbuf_detach(&norm), *save = NULL;
  strbuf text;
  strbuf_init(&text);
  for (char *tok = strtok_r(list, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
    inp_date d;
    if (!inp_date_parse(tok, &d)) {
      report(ld, line_of(ld, "notice", key),
             L("[notice] %s: \"%s\" is not a real date in YYYY-MM-DD form",
               "[notice] %s 中的“%s”不是 YYYY-MM-DD 格式的有效日期"),
             key, tok);
      continue;
    }
    strbuf_printf(&text, "%s%04d-%02d-%02d", text.len ? "," : "", d.year, d.month, d.day);
    *dates = xrealloc(*dates, (*count + 1) * sizeof **dates);
    (*dates)[(*count)++] = d;
  }
  free(list);
  if (!*count) {
    strbuf_release(&text);
    return;
  }
  *text_out = strbuf_detach(&text);
  /* "A,B,C" holds every date at 11-byte steps; .iso points at a NUL-terminated copy of each. */
  char *isos = xmalloc(*count * 11);
  for (size_t i = 0; i < *count; i++) {
    memcpy(isos + i * 11, *text_out + i * 11, 10);
    isos[i * 11 + 10] = '\0';
    (*dates)[i].iso = isos + i * 11;
  }
}

static void free_date_list(inp_date *dates, size_t count, char *text) {
  if (count) free((char *)dates[0].iso);
  free(dates);
  free(text);
}

static void font_value(loader *ld, const char *key, char **out) {
  *out = path_value(ld, "fonts", key);
  if (*out && access(*out, R_OK) != 0)
    report(ld, line_of(ld, "fonts", key),
           L("[fonts] %s: cannot read the font file %s (%s)", "[fonts] %s：无法读取字体文件 %s（%s）"),
           key, *out, strerror(errno));
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

cli_config *cli_config_load(const char *path, diag_sink *diag) {
  cli_config *c = xcalloc(1, sizeof *c);
  c->path = xstrdup(path);
  const char *slash = strrchr(path, '/');
  c->dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
  c->order = TXT_ORDER_PINYIN;
  c->pdfa = true;
  loader ld = {c, NULL, diag, false};

  size_t len = 0;
  char *bytes = read_file(path, &len);
  if (!bytes) {
    report(&ld, 0, L("cannot open the configuration: %s", "无法打开配置文件：%s"), strerror(errno));
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
  c->issuer_name = str(&ld, "issuer", "name");
  c->doc_number = str(&ld, "issuer", "doc_number");
  date_value(&ld, "issuer", "date", &c->date, c->date_iso_);
  c->title = str(&ld, "notice", "title");
  date_value(&ld, "notice", "publicity_start", &c->publicity_start, c->publicity_start_iso_);
  int_value(&ld, "notice", "publicity_days", 1, 60, &c->publicity_days);
  date_list_value(&ld, "holidays", &c->holidays, &c->holiday_count, &c->holidays_text);
  date_list_value(&ld, "workdays", &c->workdays, &c->workday_count, &c->workdays_text);
  c->contact = str(&ld, "notice", "contact");
  c->phone = str(&ld, "notice", "phone");
  c->email = str(&ld, "notice", "email");
  if (c->email) {
    const char *at = strchr(c->email, '@');
    if (!at || at == c->email || !strchr(at, '.'))
      report(&ld, line_of(&ld, "notice", "email"),
             L("[notice] email \"%s\" is not an e-mail address", "[notice] email “%s”不是电子邮箱地址"),
             c->email);
  }
  c->address = str(&ld, "notice", "address");
  bool_value(&ld, "output", "pdfa", &c->pdfa);
  int_value(&ld, "output", "jobs", 0, 256, &c->jobs);
  font_value(&ld, "body", &c->font_body);
  font_value(&ld, "title", &c->font_title);
  font_value(&ld, "heading", &c->font_heading);
  font_value(&ld, "kai", &c->font_kai);
  font_value(&ld, "song", &c->font_song);

  ini_free(ld.ini);
  if (ld.failed) goto fail_noini;
  return c;

fail:
  ini_free(ld.ini);
fail_noini:
  cli_config_free(c);
  return NULL;
}

void cli_config_free(cli_config *c) {
  if (!c) return;
  char **strings[] = {&c->path, &c->dir, &c->program, &c->input, &c->output, &c->issuer_name,
                      &c->doc_number, &c->title, &c->contact, &c->phone, &c->email, &c->address,
                      &c->font_body, &c->font_title, &c->font_heading, &c->font_kai, &c->font_song};
  for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) free(*strings[i]);
  for (size_t i = 0; i < c->entry_count_; i++) {
    free(c->entries_[i].section);
    free(c->entries_[i].key);
  }
  free(c->entries_);
  free_date_list(c->holidays, c->holiday_count, c->holidays_text);
  free_date_list(c->workdays, c->workday_count, c->workdays_text);
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
