/* fontmap: reads fonts/fontmap.ini (with core/ini.c, the INI reader the batch configuration uses):
 * per role the family names to look for and the free default file; the [fallback] files in order. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ini.h"
#include "core/lang.h"
#include "core/xmalloc.h"
#include "pdf/pdf_private.h"

const char *const pdf_role_names[LAY_FONT_COUNT] = {"body", "title", "heading", "kai", "song"};


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
  /* the strict reader shared with the batch INI (core/ini.c): a cut value, a joined or overlong
   * line is an error with its line, never a silently different font */
  ini_file *ini = ini_load(path, diag);
  if (!ini) return false;
  int section = -2; /* -2 none, -3 unknown, -1 fallback, else role */
  bool ok = true;
  for (size_t i = 0; i < ini_count(ini); i++) {
    const ini_entry *e = ini_at(ini, i);
    src_loc at = {path, e->line, 1, NULL};
    if (!e->key) {
      section = -3;
      if (!strcmp(e->section, "fallback")) section = -1;
      for (int r = 0; r < LAY_FONT_COUNT; r++)
        if (!strcmp(e->section, pdf_role_names[r])) section = r;
      if (section == -3) {
        diag_error(diag, at, L("unknown section [%s] (expected body, title, heading, kai, song, fallback)",
                               "未知的节 [%s]（应为 body、title、heading、kai、song、fallback）"),
                   e->section);
        ok = false;
      }
      continue;
    }
    const char *key = e->key, *val = e->value;
    if (section == -3) continue;
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
        spec->line = e->line;
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
      spec->line = e->line;
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
  ini_free(ini);
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
