/* fontmap: reads fonts/fontmap.ini, a tiny INI (sections, key = value, ; and # comments): per role
 * the family names to look for and the free default file; the [fallback] files in order. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "pdf/pdf_private.h"

const char *const pdf_role_names[LAY_FONT_COUNT] = {"body", "title", "heading", "kai", "song"};


static char *trim(char *s) {
  while (isspace((unsigned char)*s)) s++;
  char *e = s + strlen(s);
  while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
  if (e - s >= 2 && ((s[0] == '"' && e[-1] == '"') || (s[0] == '\'' && e[-1] == '\''))) {
    e[-1] = '\0';
    s++;
  }
  return s;
}

/* Joins a relative path to the fontmap's folder. */
static char *resolve_path(const char *base_file, const char *p) {
  if (p[0] == '/' || !strchr(base_file, '/')) return xstrdup(p);
  size_t dir = (size_t)(strrchr(base_file, '/') - base_file);
  char *out = xmalloc(dir + 1 + strlen(p) + 1);
  memcpy(out, base_file, dir);
  out[dir] = '/';
  strcpy(out + dir + 1, p);
  return out;
}

static bool parse_bool(const char *v) {
  return !strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "on");
}

bool pdf_parse_index(const char *v, unsigned *out) {
  char *end;
  errno = 0;
  unsigned long n = strtoul(v, &end, 10);
  if (errno || end == v || *end || n > 1000) return false;
  *out = (unsigned)n;
  return true;
}

bool pdf_fontmap_read(const char *path, pdf_fontmap *m, diag_sink *diag) {
  FILE *f = fopen(path, "r");
  if (!f) {
    diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot open font map: %s", "无法打开字体映射文件：%s"),
               strerror(errno));
    return false;
  }
  char line[4096];
  int lineno = 0, section = -2; /* -2 none, -1 fallback, else role */
  bool ok = true;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    src_loc at = {path, lineno, 1, NULL};
    char *s = trim(line);
    if (!*s || *s == ';' || *s == '#') continue;
    if (*s == '[') {
      char *close = strchr(s, ']');
      if (!close) {
        diag_error(diag, at, L("missing ']' in section header", "节名缺少“]”"));
        ok = false;
        continue;
      }
      *close = '\0';
      char *name = trim(s + 1);
      section = -3;
      if (!strcmp(name, "fallback")) section = -1;
      for (int r = 0; r < LAY_FONT_COUNT; r++)
        if (!strcmp(name, pdf_role_names[r])) section = r;
      if (section == -3) {
        diag_error(diag, at, L("unknown section [%s] (expected body, title, heading, kai, song, fallback)",
                               "未知的节 [%s]（应为 body、title、heading、kai、song、fallback）"),
                   name);
        ok = false;
      }
      continue;
    }
    char *eq = strchr(s, '=');
    if (!eq) {
      diag_error(diag, at, L("expected 'key = value'", "应为“键 = 值”"));
      ok = false;
      continue;
    }
    *eq = '\0';
    char *key = trim(s), *val = trim(eq + 1);
    if (section == -3) continue;
    if (section == -2) {
      diag_error(diag, at, L("'%s' outside a section", "“%s”不在任何节内"), key);
      ok = false;
      continue;
    }
    pdf_role_spec *spec;
    if (section == -1) {
      if (!strcmp(key, "file")) {
        if (m->fallback_count == PDF_MAX_CHAIN - 1) {
          diag_error(diag, at, L("too many fallback fonts (at most %d)", "后备字体过多（最多 %d 个）"),
                     PDF_MAX_CHAIN - 1);
          ok = false;
          continue;
        }
        spec = &m->fallback[m->fallback_count++];
        spec->file = resolve_path(path, val);
        spec->line = lineno;
        continue;
      }
      if (m->fallback_count == 0) {
        diag_error(diag, at, L("'%s' before any 'file' in [fallback]", "[fallback] 中“%s”出现在 file 之前"), key);
        ok = false;
        continue;
      }
      spec = &m->fallback[m->fallback_count - 1];
    } else {
      spec = &m->roles[section];
    }
    if (!strcmp(key, "file") && section >= 0) {
      free(spec->file);
      spec->file = resolve_path(path, val);
      spec->line = lineno;
    } else if (!strcmp(key, "family") && section >= 0) {
      free(spec->families);
      spec->families = xstrdup(val);
    } else if (!strcmp(key, "index")) {
      if (!pdf_parse_index(val, &spec->index)) {
        diag_error(diag, at, L("bad font index '%s'", "字体序号“%s”无效"), val);
        ok = false;
      }
    } else if (!strcmp(key, "fake_bold") && section >= 0) {
      spec->fake_bold = parse_bool(val);
    } else {
      diag_error(diag, at, L("unknown key '%s'", "未知的键“%s”"), key);
      ok = false;
    }
  }
  fclose(f);
  for (int r = 0; r < LAY_FONT_COUNT && ok; r++) {
    if (!m->roles[r].file) {
      diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("no font file for role [%s]", "角色 [%s] 没有指定字体文件"),
                 pdf_role_names[r]);
      ok = false;
    }
  }
  return ok;
}

void pdf_fontmap_release(pdf_fontmap *m) {
  for (int r = 0; r < LAY_FONT_COUNT; r++) free(m->roles[r].file), free(m->roles[r].families);
  for (int i = 0; i < m->fallback_count; i++) free(m->fallback[i].file);
}
