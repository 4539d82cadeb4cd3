/* Wording: the fixed sentences of the notices (the 依据, the reviewing unit, the 公示 request,
 * the closing ...) as plain UTF-8 text a clerk edits in Notepad, not XML (issue 25 §2). The
 * program's templates/<program>/wording.txt holds one "名称 = 句子" a line; a round's file named
 * in the INI ([wording] file) replaces any of them. A template says where a sentence goes
 * (<p wording="依据"/>) and what its {placeholders} mean (<placeholder name="人数">{count(...)}
 * </placeholder>); the sentence is spliced into the template's text at load, so a sentence is
 * checked before anything is written and evaluated like the text it replaced. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "template/parse_private.h"

static void report(parser *ps, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report(parser *ps, const char *file, int line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  strbuf b;
  strbuf_init(&b);
  strbuf_vprintf(&b, fmt, ap);
  va_end(ap);
  diag_error(ps->diag, ((src_loc){file, line, 0, NULL}), "%s", strbuf_str(&b));
  strbuf_release(&b);
  ps->errors++;
}

static tpl_sentence *find_sentence(tpl_program *p, const char *name) {
  for (size_t i = 0; i < p->sentence_count; i++)
    if (strcmp(p->sentences[i].name, name) == 0) return &p->sentences[i];
  return NULL;
}

/* Where the braces of 'text' are wrong ('{' unclosed, '}' alone, '{}'), or NULL: a sentence is
 * refused at its line when read, not where a template first uses it. */
static const char *brace_problem(const char *text) {
  for (const char *s = text; *s; s++) {
    if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
      s++;
    } else if (*s == '{') {
      const char *e = strpbrk(s + 1, "{}");
      if (!e || *e == '{') return L("'{' without its '}' (write '{{' for a brace of the text)",
                                    "“{”缺少对应的“}”（正文中的括号请写作“{{”）");
      if (e == s + 1) return L("'{}' names no placeholder", "“{}”中没有占位符名称");
      s = e;
    } else if (*s == '}') {
      return L("'}' without '{' (write '}}' for a brace of the text)", "“}”前没有“{”（正文中的括号请写作“}}”）");
    }
  }
  return NULL;
}

/* The ASCII blanks at either end of [s, e) trimmed; U+3000 is text (an indent). */
static void trim(const char **s, const char **e) {
  while (*s < *e && (**s == ' ' || **s == '\t')) (*s)++;
  while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r')) (*e)--;
}

/* One "名称 = 句子" line (without its '\n'); blank lines and '#' comments are skipped. */
static void read_line(parser *ps, const char *file, int line, const char *s, const char *e, bool round,
                      const char *program_file) {
  tpl_program *p = ps->p;
  trim(&s, &e);
  if (s == e || *s == '#') return;
  /* '=' or the full-width '＝' a Chinese input method types */
  const char *eq = memchr(s, '=', (size_t)(e - s)), *wide = NULL;
  for (const char *q = s; q + 3 <= e && (!eq || q < eq); q++)
    if (memcmp(q, "\xef\xbc\x9d", 3) == 0) { wide = q; break; }
  const char *name_end = wide ? wide : eq, *text = wide ? wide + 3 : eq ? eq + 1 : NULL;
  const char *ns = s;
  if (name_end) trim(&ns, &name_end);
  if (!text || ns == name_end) {
    report(ps, file, line, "%s", L("expected 名称 = 句子 (a sentence's name, '=', its text)",
                                   "应为“名称 = 句子”（句子名称、等号、句子）"));
    return;
  }
  const char *te = e;
  trim(&text, &te);
  size_t len;
  char *name = txt_nfc(ns, (size_t)(name_end - ns), &len); /* as the template's name= is read */
  if (!name) name = xstrndup(ns, (size_t)(name_end - ns));
  char *nfc = txt_nfc(text, (size_t)(te - text), &len);
  if (!nfc) nfc = xstrndup(text, (size_t)(te - text));
  const char *why = brace_problem(nfc);
  tpl_sentence *had = find_sentence(p, name);
  if (why) {
    report(ps, file, line, "%s “%s”: %s", L("sentence", "句子"), name, why);
  } else if (had && (!round || had->from_round)) {
    report(ps, file, line, L("sentence \"%s\" is given twice (also at line %d)", "句子“%s”重复（另见第 %d 行）"),
           name, had->at.line);
  } else if (!had && round) {
    strbuf known;
    strbuf_init(&known);
    for (size_t i = 0; i < p->sentence_count; i++)
      strbuf_printf(&known, "%s%s", i ? L(", ", "、") : "", p->sentences[i].name);
    report(ps, file, line,
           L("the program %s has no sentence \"%s\" (%s has: %s)", "项目 %s 没有名为“%s”的句子（%s 中有：%s）"),
           p->dir, name, program_file, known.len ? strbuf_str(&known) : "-");
    strbuf_release(&known);
  } else {
    if (!had) {
      p->sentences = xrealloc(p->sentences, (p->sentence_count + 1) * sizeof *p->sentences);
      had = &p->sentences[p->sentence_count++];
      *had = (tpl_sentence){.name = arena_strdup(p->mem, name), .placeholders = NULL};
    }
    had->text = arena_strdup(p->mem, nfc);
    had->at = (src_loc){file, line, 0, NULL};
    had->from_round = round;
  }
  free(name);
  free(nfc);
}

static void read_file(parser *ps, const char *path, bool round, const char *program_file) {
  const char *file = arena_strdup(ps->p->mem, path);
  FILE *f = fopen(path, "rb");
  if (!f) { /* ps_read_file() would name the file being parsed (program.xml) */
    report(ps, file, 0, L("cannot read the %s: %s", "无法读取%s：%s"),
           round ? L("round's wording file ([wording] file)", "本轮的语句文件（[wording] file）")
                 : L("program's wording file", "项目的语句文件"),
           strerror(errno));
    return;
  }
  fclose(f);
  size_t len = 0;
  char *bytes = ps_read_file(ps, path, &len);
  if (!bytes) return;
  size_t bad;
  if (!txt_utf8_valid(bytes, len, &bad)) {
    int line = 1;
    for (size_t i = 0; i < bad; i++) line += bytes[i] == '\n';
    report(ps, file, line, "%s", L("not UTF-8 text: save the file as UTF-8", "不是 UTF-8 文本：请以 UTF-8 编码保存此文件"));
  } else {
    const char *s = bytes, *end = bytes + len;
    if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) s += 3; /* Notepad's BOM */
    for (int line = 1; s < end; line++) {
      const char *e = memchr(s, '\n', (size_t)(end - s));
      if (!e) e = end;
      read_line(ps, file, line, s, e, round, program_file);
      s = e + 1;
    }
  }
  free(bytes);
  /* a changed sentence changes the documents: the file is one of the program's */
  tpl_file **at = &ps->p->includes;
  while (*at) at = &(*at)->next;
  *at = arena_alloc(ps->p->mem, sizeof **at);
  **at = (tpl_file){file, NULL};
  ps->p->include_count++;
}

void ps_wording_load(parser *ps, const char *program_dir, const char *round_path) {
  char *own = ps_join_path(program_dir, "wording.txt");
  FILE *f = fopen(own, "rb");
  if (f) {
    fclose(f);
    read_file(ps, own, false, own);
  }
  if (round_path) read_file(ps, round_path, true, own);
  free(own);
}

void ps_placeholder(parser *ps, xmlNodePtr n, tpl_node *t) {
  (void)t;
  const char *name = ps_attr(n, "name");
  if (!name || !*name || strpbrk(name, "{}=")) {
    ERR_NODE(n, "<placeholder> %s", L("needs a name= without braces or '='", "需要不含括号和等号的 name="));
    return;
  }
  strbuf text;
  strbuf_init(&text);
  for (xmlNodePtr c = n->children; c; c = c->next)
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) strbuf_append(&text, (const char *)c->content);
  tpl_text *value = ps_parse_text(ps, strbuf_str(&text), ps_content_origin(ps, n, strbuf_str(&text)));
  strbuf_release(&text);
  if (!value) return;
  strbuf key;
  strbuf_init(&key);
  strbuf_printf(&key, "{%s}", name);
  const char *k = arena_strdup(ps->p->mem, strbuf_str(&key));
  strbuf_release(&key);
  ps->ph_keys = xgrow(ps->ph_keys, &ps->ph_cap, ps->ph_count + 1, sizeof *ps->ph_keys);
  ps->ph_texts = xrealloc(ps->ph_texts, ps->ph_cap * sizeof *ps->ph_texts);
  ps->ph_keys[ps->ph_count] = k;
  ps->ph_texts[ps->ph_count++] = value;
  ps_push_var(ps, k); /* in scope as a <let> would be */
}

/* The placeholder "{name}" in scope (the innermost), or NULL. */
static const tpl_text *placeholder(parser *ps, const char *key) {
  for (size_t i = ps->var_count; i-- > 0;) {
    if (strcmp(ps->vars[i], key) != 0) continue;
    for (size_t k = 0; k < ps->ph_count; k++)
      if (ps->ph_keys[k] == ps->vars[i]) return ps->ph_texts[k];
  }
  return NULL;
}

/* "{发文机关} {人数}": the placeholders in scope, each once. */
static const char *offered(parser *ps) {
  strbuf b;
  strbuf_init(&b);
  for (size_t i = 0; i < ps->var_count; i++) {
    if (ps->vars[i][0] != '{') continue;
    bool again = false;
    for (size_t k = i + 1; k < ps->var_count; k++) again |= strcmp(ps->vars[k], ps->vars[i]) == 0;
    if (!again) strbuf_printf(&b, "%s%s", b.len ? " " : "", ps->vars[i]);
  }
  const char *s = arena_strdup(ps->p->mem, strbuf_str(&b));
  strbuf_release(&b);
  return s;
}

static void add_part(tpl_part **parts, size_t *count, size_t *cap, tpl_part part) {
  *parts = xgrow(*parts, cap, *count + 1, sizeof **parts);
  (*parts)[(*count)++] = part;
}

tpl_text *ps_wording_text(parser *ps, xmlNodePtr n, const char *attr) {
  tpl_program *p = ps->p;
  const char *name = ps_attr(n, attr);
  tpl_sentence *s = find_sentence(p, name);
  if (!s) {
    strbuf known;
    strbuf_init(&known);
    for (size_t i = 0; i < p->sentence_count; i++)
      strbuf_printf(&known, "%s%s", i ? " " : "", p->sentences[i].name);
    ERR_ATTR(n, attr, name, L("no sentence \"%s\" in the program's wording.txt (it has: %s)",
                              "项目的 wording.txt 中没有句子“%s”（现有：%s）"),
             name, known.len ? strbuf_str(&known) : "-");
    strbuf_release(&known);
    return NULL;
  }
  if (ps->doc) { /* the document is made from this sentence (its fingerprint), once */
    size_t index = (size_t)(s - p->sentences);
    tpl_used_sentence **at = &ps->doc->sentences;
    while (*at && (*at)->index != index) at = &(*at)->next;
    if (!*at) {
      *at = arena_alloc(p->mem, sizeof **at);
      **at = (tpl_used_sentence){index, NULL};
    }
  }
  const char *here = offered(ps);
  if (!s->placeholders) {
    s->placeholders = here;
    s->document = ps->path;
  }
  tpl_part *parts = NULL;
  size_t count = 0, cap = 0;
  strbuf lit;
  strbuf_init(&lit);
  bool ok = true;
  for (const char *c = s->text; *c; c++) {
    if ((c[0] == '{' && c[1] == '{') || (c[0] == '}' && c[1] == '}')) {
      strbuf_putc(&lit, *c++);
      continue;
    }
    if (*c != '{') {
      strbuf_putc(&lit, *c);
      continue;
    }
    const char *e = strchr(c, '}'); /* brace_problem() saw it closed */
    char *key = xstrndup(c, (size_t)(e - c) + 1);
    const tpl_text *v = placeholder(ps, key);
    if (!v) {
      report(ps, s->at.path, s->at.line,
             L("sentence \"%s\": no placeholder %s where %s uses it (there: %s)",
               "句子“%s”：%s 不是可用的占位符（%s 使用此句处可用：%s）"),
             s->name, key, ps->path, *here ? here : "-");
      ok = false;
    } else {
      if (lit.len) add_part(&parts, &count, &cap, (tpl_part){arena_strdup(p->mem, strbuf_str(&lit)), NULL, NULL, 0});
      strbuf_reset(&lit);
      for (size_t i = 0; i < v->count; i++) add_part(&parts, &count, &cap, v->parts[i]);
    }
    free(key);
    c = e;
  }
  if (lit.len || !count) add_part(&parts, &count, &cap, (tpl_part){arena_strdup(p->mem, strbuf_str(&lit)), NULL, NULL, 0});
  strbuf_release(&lit);
  tpl_text *t = NULL;
  if (ok) {
    t = arena_alloc(p->mem, sizeof *t);
    t->parts = arena_alloc(p->mem, count * sizeof *t->parts);
    memcpy(t->parts, parts, count * sizeof *parts);
    t->count = count;
  }
  free(parts);
  return t;
}

void ps_wording_finish(parser *ps) {
  tpl_program *p = ps->p;
  for (size_t i = 0; i < p->sentence_count; i++)
    if (!p->sentences[i].placeholders && !p->sentences[i].from_round)
      report(ps, p->sentences[i].at.path, p->sentences[i].at.line,
             L("sentence \"%s\" is used by no template: delete this line, or use it in a "
               "template with <p wording=\"%s\"/>",
               "没有模板使用句子“%s”：删去这一行，或在模板中用 <p wording=\"%s\"/> 引用"),
             p->sentences[i].name, p->sentences[i].name);
}

size_t tpl_program_sentence_count(const tpl_program *p) { return p ? p->sentence_count : 0; }
const tpl_sentence *tpl_program_sentence(const tpl_program *p, size_t i) {
  return p && i < p->sentence_count ? &p->sentences[i] : NULL;
}
