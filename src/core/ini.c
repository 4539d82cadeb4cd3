/* ini: the strict INI reader (see ini.h). One pass over the text, one entry per meaningful line;
 * each section name, key and value is its own allocation, owned by the ini_file (strings[]). */
#include "core/ini.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"

struct ini_file {
  ini_entry *items;
  size_t count, cap;
  char **strings;
  size_t nstrings, scap;
};

static const char *keep(ini_file *f, char *s) {
  f->strings = xgrow(f->strings, &f->scap, f->nstrings + 1, sizeof *f->strings);
  f->strings[f->nstrings++] = s;
  return s;
}

static void add(ini_file *f, const char *section, const char *key, const char *value, int line) {
  f->items = xgrow(f->items, &f->cap, f->count + 1, sizeof *f->items);
  f->items[f->count++] = (ini_entry){section, key, value, line};
}

static char *lower(const char *s, size_t n) {
  char *d = xstrndup(s, n);
  for (char *p = d; *p; p++) *p = (char)tolower((unsigned char)*p);
  return d;
}

static bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* Well-formed UTF-8 without overlongs or surrogates; the offset of the first bad byte. */
static bool utf8_ok(const char *s, size_t len, size_t *bad) {
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < len;) {
    unsigned char c = p[i];
    size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    bool ok = n > 0 && i + n <= len;
    for (size_t k = 1; ok && k < n; k++) ok = (p[i + k] & 0xC0) == 0x80;
    if (ok && n == 3) ok = !(c == 0xE0 && p[i + 1] < 0xA0) && !(c == 0xED && p[i + 1] >= 0xA0);
    if (ok && n == 4) ok = !(c == 0xF0 && p[i + 1] < 0x90) && !(c == 0xF4 && p[i + 1] >= 0x90);
    if (!ok) {
      *bad = i;
      return false;
    }
    i += n;
  }
  return true;
}

/* Unquotes the value v[0, n): sets *out (malloc'd) or reports why it cannot. */
static bool value_of(const char *v, size_t n, char **out, src_loc at, const char *key, diag_sink *diag) {
  if (n > 0 && (v[0] == '"' || v[0] == '\'')) {
    char q = v[0];
    strbuf b;
    strbuf_init(&b);
    size_t i = 1;
    for (; i < n; i++) {
      if (q == '"' && v[i] == '\\' && i + 1 < n && (v[i + 1] == '"' || v[i + 1] == '\\')) {
        strbuf_putc(&b, v[++i]);
      } else if (v[i] == q) {
        break;
      } else {
        strbuf_putc(&b, v[i]);
      }
    }
    if (i >= n) {
      diag_error(diag, at, L("the value of %s starts with %c but has no closing %c on this line: close the "
                             "quote, or write the value without it",
                             "%s 的值以 %c 开头，但本行没有对应的结束 %c：请补全引号，或去掉引号"),
                 key, q, q);
      strbuf_release(&b);
      return false;
    }
    if (i + 1 < n) {
      diag_error(diag, at,
                 L("the value of %s starts with a quoted part that ends before the value does (\"%.*s\" "
                   "follows): put the whole value in quotes and write inner quotes as \\\" or “ ”",
                   "%s 的值以引号开头，但引号在值结束前就闭合了（其后还有“%.*s”）：请给整个值加引号，内部引号写作 \\\" 或 “ ”"),
                 key, (int)(n - i - 1), v + i + 1);
      strbuf_release(&b);
      return false;
    }
    *out = strbuf_detach(&b);
    return true;
  }
  if (memchr(v, ';', n) || memchr(v, '#', n)) {
    diag_error(diag, at,
               L("the value of %s contains ';' or '#', which start a comment in INI files; put the value "
                 "in double quotes",
                 "%s 的值含有“;”或“#”，在 INI 文件中表示注释开始；请给值加上双引号"),
               key);
    return false;
  }
  *out = xstrndup(v, n);
  return true;
}

ini_file *ini_parse(const char *text, size_t len, const char *path, diag_sink *diag) {
  ini_file *f = xcalloc(1, sizeof *f);
  bool ok = true;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) text += 3, len -= 3;
  size_t bad;
  const char *nul = memchr(text, '\0', len);
  if (nul || !utf8_ok(text, len, &bad)) {
    size_t at = nul ? (size_t)(nul - text) : bad;
    int line = 1;
    for (size_t i = 0; i < at; i++) line += text[i] == '\n';
    diag_error(diag, ((src_loc){path, line, 0, NULL}),
               nul ? L("this line holds a NUL byte (the file may be UTF-16 or not text): save it as UTF-8 text",
                       "此行含有 NUL 字节（文件可能是 UTF-16 或非文本）：请另存为 UTF-8 文本")
                   : L("this line is not UTF-8 (the file may be saved as GBK/ANSI); save the file as UTF-8",
                       "此行不是 UTF-8 编码（文件可能以 GBK/ANSI 保存）；请将文件另存为 UTF-8"));
    ini_free(f);
    return NULL;
  }
  const char *section = NULL;
  int lineno = 0;
  for (size_t pos = 0; pos < len;) {
    const char *s = text + pos;
    const char *nl = memchr(s, '\n', len - pos);
    size_t n = nl ? (size_t)(nl - s) : len - pos;
    pos += n + (nl ? 1 : 0);
    lineno++;
    src_loc at = {path, lineno, 0, NULL};
    if (n > INI_MAX_LINE) {
      diag_error(diag, at,
                 L("this line is %zu bytes long; at most %d bytes (about 1,360 Chinese characters) are "
                   "read per line: shorten it",
                   "此行长 %zu 字节；每行最多读取 %d 字节（约 1360 个汉字）：请缩短"),
                 n, INI_MAX_LINE);
      ok = false;
      continue;
    }
    while (n && blank(*s)) s++, n--;
    while (n && blank(s[n - 1])) n--;
    if (n == 0 || *s == ';' || *s == '#') continue;
    if (s[n - 1] == '\\' && *s != '[') {
      /* Lenient readers join the next line here and swallow its key (weak-ini-continuation-*). */
      diag_error(diag, at,
                 L("this line ends with \\, which some INI readers take as \"continues on line %d\"; yinfa "
                   "never joins lines: remove the \\ (or quote a value that must end in it: \"C:\\\\dir\\\\\")",
                   "此行以 \\ 结尾，有的 INI 读取器会把第 %d 行接到本行；yinfa 从不拼接行：请删除 \\（值确需以 \\ 结尾时请加引号）"),
                 lineno + 1);
      ok = false;
      continue;
    }
    if (*s == '[') {
      const char *end = memchr(s, ']', n);
      const char *after = end ? end + 1 : NULL;
      while (after && after < s + n && blank(*after)) after++;
      if (!end || (after < s + n && *after != ';' && *after != '#')) {
        diag_error(diag, at, end ? L("text after the section header's ]: remove it", "节名的 ] 之后还有文字：请删除")
                                 : L("a section header needs a closing ]", "节名缺少右方括号 ]"));
        ok = false;
        continue;
      }
      const char *a = s + 1, *b = end;
      while (a < b && blank(*a)) a++;
      while (b > a && blank(b[-1])) b--;
      section = keep(f, lower(a, (size_t)(b - a)));
      add(f, section, NULL, NULL, lineno);
      continue;
    }
    const char *eq = memchr(s, '=', n);
    if (!eq) {
      diag_error(diag, at, L("cannot read this line: expected [section], key = value or a comment",
                             "无法识别此行：应为 [节名]、键 = 值 或注释"));
      ok = false;
      continue;
    }
    const char *ke = eq;
    while (ke > s && blank(ke[-1])) ke--;
    if (ke == s) {
      diag_error(diag, at, L("a value without a key: write key = value", "只有值没有键：请写成 键 = 值"));
      ok = false;
      continue;
    }
    char *key = lower(s, (size_t)(ke - s));
    keep(f, key);
    if (!section) {
      diag_error(diag, at, L("key \"%s\" comes before any [section]", "键“%s”不在任何节中"), key);
      ok = false;
      continue;
    }
    const char *v = eq + 1;
    while (v < s + n && blank(*v)) v++;
    char *value;
    if (!value_of(v, (size_t)(s + n - v), &value, at, key, diag)) {
      ok = false;
      continue;
    }
    add(f, section, key, keep(f, value), lineno);
  }
  if (!ok) {
    ini_free(f);
    return NULL;
  }
  return f;
}

ini_file *ini_load(const char *path, diag_sink *diag) {
  strbuf b;
  strbuf_init(&b);
  if (!strbuf_append_file(&b, path)) {
    diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot read: %s", "无法读取：%s"), lang_strerror(errno));
    strbuf_release(&b);
    return NULL;
  }
  ini_file *f = ini_parse(b.data ? b.data : "", b.len, path, diag);
  strbuf_release(&b);
  return f;
}

void ini_free(ini_file *f) {
  if (!f) return;
  for (size_t i = 0; i < f->nstrings; i++) free(f->strings[i]);
  free(f->strings);
  free(f->items);
  free(f);
}

size_t ini_count(const ini_file *f) { return f->count; }
const ini_entry *ini_at(const ini_file *f, size_t i) { return i < f->count ? &f->items[i] : NULL; }

const ini_entry *ini_find(const ini_file *f, const char *section, const char *key) {
  for (size_t i = 0; i < f->count; i++) {
    const ini_entry *e = &f->items[i];
    if (strcmp(e->section, section) == 0 && (key ? e->key && strcmp(e->key, key) == 0 : !e->key)) return e;
  }
  return NULL;
}
