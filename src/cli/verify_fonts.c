/* verify --fonts: the font files a manifest's fonts column names (docs/cli.md, manifest.csv) are
 * installed on this machine with the SHA-256 each document was set with, so the documents can be
 * reproduced here. */
#include <stdlib.h>
#include <string.h>

#include "cli/pipeline.h"
#include "produce/produce.h"
#include "core/lang.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"

/* One font file name: the installed files of that name and their SHA-256 (NULL: unreadable). */
typedef struct {
  char *name;
  char **paths;
  char **hex;
  size_t count;
} named_files;

struct cli_font_check {
  named_files *names;
  size_t name_count, name_cap;
  char **reported; /* entries ("NAME sha256=HEX") already reported: each is named once */
  size_t reported_count, reported_cap;
  size_t bad_documents;
};

cli_font_check *cli_font_check_new(void) { return xcalloc(1, sizeof(cli_font_check)); }

void cli_font_check_free(cli_font_check *c) {
  if (!c) return;
  for (size_t i = 0; i < c->name_count; i++) {
    named_files *n = &c->names[i];
    for (size_t k = 0; k < n->count; k++) {
      free(n->paths[k]);
      free(n->hex[k]);
    }
    free(n->paths);
    free(n->hex);
    free(n->name);
  }
  free(c->names);
  for (size_t i = 0; i < c->reported_count; i++) free(c->reported[i]);
  free(c->reported);
  free(c);
}

size_t cli_font_check_bad(const cli_font_check *c) { return c->bad_documents; }

/* The installed files called 'name', each hashed once per run. */
static const named_files *files_named(cli_font_check *c, const char *name) {
  for (size_t i = 0; i < c->name_count; i++)
    if (strcmp(c->names[i].name, name) == 0) return &c->names[i];
  c->names = xgrow(c->names, &c->name_cap, c->name_count + 1, sizeof *c->names);
  named_files *n = &c->names[c->name_count++];
  n->name = xstrdup(name);
  n->count = pdf_font_files_named(name, &n->paths);
  n->hex = xcalloc(n->count ? n->count : 1, sizeof *n->hex);
  for (size_t k = 0; k < n->count; k++) {
    char hex[SHA256_HEX_BYTES];
    if (prd_file_sha256(n->paths[k], hex)) n->hex[k] = xstrdup(hex);
  }
  return n;
}

/* Decodes the %XX escapes of a name written by the pipeline (format_fonts); false if malformed. */
static bool unescape(const char *s, size_t len, strbuf *out) {
  for (size_t i = 0; i < len; i++) {
    if (s[i] != '%') {
      strbuf_putc(out, s[i]);
      continue;
    }
    char two[3] = {0};
    if (i + 2 >= len) return false;
    memcpy(two, s + i + 1, 2);
    if (strspn(two, "0123456789ABCDEFabcdef") != 2) return false;
    unsigned long v = strtoul(two, NULL, 16);
    strbuf_putc(out, (char)v);
    i += 2;
  }
  return true;
}

/* Whether 'entry' was reported before; remembers it. */
static bool seen_before(cli_font_check *c, const char *entry, size_t len) {
  for (size_t i = 0; i < c->reported_count; i++)
    if (strlen(c->reported[i]) == len && strncmp(c->reported[i], entry, len) == 0) return true;
  c->reported = xgrow(c->reported, &c->reported_cap, c->reported_count + 1, sizeof *c->reported);
  c->reported[c->reported_count++] = xstrndup(entry, len);
  return false;
}

static bool is_hex64(const char *s, size_t len) {
  return len == 64 && strspn(s, "0123456789abcdef") >= 64;
}

bool cli_check_fonts(void *ctx, const char *path, const char *applicant, const char *fonts, diag_sink *diag) {
  cli_font_check *c = ctx;
  src_loc at = {path, 0, 0, applicant && applicant[0] ? applicant : NULL};
  size_t plen = strlen(path);
  if (!fonts[0]) {
    if (plen > 4 && strcmp(path + plen - 4, ".pdf") == 0 && !seen_before(c, "", 0))
      diag_warning(diag, at,
                   L("the manifest does not say which fonts this document (and any other such) was set with: it "
                     "was written before yinfa recorded them; run again to record them",
                     "清单未记录此文书（及其他同类文书）所用的字体：清单写于 yinfa 记录字体之前；重新运行即可记录"));
    return true;
  }
  bool ok = true;
  strbuf name;
  strbuf_init(&name);
  for (const char *p = fonts; *p;) {
    const char *end = strstr(p, "; ");
    size_t len = end ? (size_t)(end - p) : strlen(p);
    const char *space = NULL;
    for (const char *q = p; q < p + len; q++)
      if (*q == ' ') space = q;
    const char *hex = space ? space + 1 + strlen("sha256=") : NULL;
    strbuf_reset(&name);
    if (!space || strncmp(space + 1, "sha256=", 7) != 0 || !is_hex64(hex, (size_t)(p + len - hex)) ||
        !unescape(p, (size_t)(space - p), &name)) {
      diag_error(diag, at, L("malformed entry \"%.*s\" in the manifest's fonts column",
                             "清单字体列中的条目“%.*s”格式错误"),
                 (int)len, p);
      ok = false;
    } else {
      /* "NAME:INDEX" names a face; the SHA-256 is the whole file's */
      char *file = xstrdup(strbuf_str(&name));
      char *colon = strrchr(file, ':');
      if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1)) *colon = '\0';
      const named_files *n = files_named(c, file);
      bool match = false;
      for (size_t k = 0; k < n->count && !match; k++) match = n->hex[k] && strncmp(n->hex[k], hex, 64) == 0;
      if (!match) {
        ok = false;
        if (!seen_before(c, p, len)) {
          if (n->count == 0)
            diag_error(diag, at,
                       L("font file %s (SHA-256 %.64s) that this document was set with is not installed on this "
                         "machine (fontconfig knows no file of that name)",
                         "此文书所用的字体文件 %s（SHA-256 %.64s）未安装在本机（fontconfig 找不到同名文件）"),
                       file, hex);
          else
            diag_error(diag, at,
                       L("font file %s on this machine (%s) has SHA-256 %s, not the %.64s this document was set "
                         "with: another version of the font",
                         "本机的字体文件 %s（%s）的 SHA-256 为 %s，而非此文书所用的 %.64s：字体版本不同"),
                       file, n->paths[0], n->hex[0] ? n->hex[0] : "?", hex);
        }
      }
      free(file);
    }
    p += len;
    if (*p) p += 2;
  }
  strbuf_release(&name);
  if (!ok) c->bad_documents++;
  return ok;
}
