/* fontfind: a role's font found by family name through fontconfig, as a desktop finds it, so a
 * licensed 仿宋_GB2312 dropped into ~/.fonts or /usr/share/fonts is used with no configuration.
 * fontconfig always returns its nearest font; only a match that carries the asked name counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "pdf/pdf_private.h"

/* The match's file when one of its family names (fontconfig lists every localized one) is 'name'
 * and its outlines are TrueType or CFF; NULL otherwise. */
static char *match_family(const char *name, unsigned *index, bool *not_truetype) {
  FcPattern *pat = FcPatternCreate();
  if (!pat) xoom();
  FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)name);
  FcPatternAddBool(pat, FC_OUTLINE, FcTrue);
  FcConfigSubstitute(NULL, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult res;
  FcPattern *m = FcFontMatch(NULL, pat, &res);
  FcPatternDestroy(pat);
  if (!m) return NULL;
  char *out = NULL;
  FcChar8 *fam = NULL, *file = NULL, *format = NULL;
  bool same = false;
  for (int i = 0; !same && FcPatternGetString(m, FC_FAMILY, i, &fam) == FcResultMatch; i++)
    same = FcStrCmpIgnoreCase(fam, (const FcChar8 *)name) == 0;
  int idx = 0;
  if (same && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch &&
      FcPatternGetInteger(m, FC_INDEX, 0, &idx) == FcResultMatch && idx >= 0 && idx < 0x10000) {
    /* TrueType and CFF outlines can be embedded; anything else (Type 1, bitmap): the next name */
    if (FcPatternGetString(m, FC_FONTFORMAT, 0, &format) == FcResultMatch && strcmp((const char *)format, "TrueType") &&
        strcmp((const char *)format, "CFF")) {
      *not_truetype = true;
    } else {
      out = xstrdup((const char *)file);
      *index = (unsigned)idx;
    }
  }
  FcPatternDestroy(m);
  return out;
}

bool pdf_find_family(const char *families, char **path, unsigned *index, char *why, size_t why_size) {
  static bool init_failed = false;
  if (init_failed || !FcInit()) {
    init_failed = true;
    return false;
  }
  /* names are separated by ',' or the full-width ，、 a Chinese keyboard types */
  char *list = xmalloc(strlen(families) + 1), *save = NULL, *o = list;
  for (const char *p = families; *p;) {
    if (!strncmp(p, "，", 3) || !strncmp(p, "、", 3))
      *o++ = ',', p += 3;
    else
      *o++ = *p++;
  }
  *o = '\0';
  bool found = false;
  for (char *tok = strtok_r(list, ",", &save); tok && !found; tok = strtok_r(NULL, ",", &save)) {
    while (*tok == ' ' || *tok == '\t') tok++;
    char *e = tok + strlen(tok);
    while (e > tok && (e[-1] == ' ' || e[-1] == '\t')) *--e = '\0';
    if (!*tok) continue;
    bool cff = false;
    char *file = match_family(tok, index, &cff);
    if (file) {
      *path = file;
      snprintf(why, why_size, L("family \"%s\" found by fontconfig", "由 fontconfig 按字体名“%s”找到"), tok);
      found = true;
    }
  }
  free(list);
  return found;
}
