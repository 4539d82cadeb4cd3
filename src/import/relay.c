/* What the checks after an import (the round's schema, the input checks, the program's rules and
 * scoring, validate's) find in the round that was never written is said where the office can act:
 * at the cell the value came from, with the column's header instead of the round's element and
 * attribute (`长沙市!N5: 移动电话 "12345" should be an 11-digit mobile number`), else at the
 * applicant's first cell; a message at another file (a template's line) keeps its place. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "import/import_private.h"

imp_srcmap *imp_srcmap_new(void) {
  imp_srcmap *map = xcalloc(1, sizeof *map);
  map->a = arena_new();
  return map;
}

void imp_srcmap_free(imp_srcmap *map) {
  if (!map) return;
  arena_free(map->a);
  free(map->src);
  free(map);
}

void imp_srcmap_add(imp_srcmap *map, int line, const char *element, const char *attr, const char *value,
                    imp_from from) {
  if (!map || !from.where) return;
  if (map->count == map->cap) map->src = xgrow(map->src, &map->cap, map->count + 1, sizeof *map->src);
  arena *a = map->a;
  map->src[map->count++] = (imp_src){line, arena_strdup(a, element), attr ? arena_strdup(a, attr) : NULL,
                                     arena_strdup(a, value), arena_strdup(a, from.where),
                                     from.label ? arena_strdup(a, from.label) : NULL};
}

static bool has(const char *msg, const char *a, const char *b, const char *c) {
  char buf[512];
  snprintf(buf, sizeof buf, "%s%s%s", a, b, c);
  return strstr(msg, buf) != NULL;
}

/* Whether 'msg' speaks of the value 's': its attribute (libxml2's words and validate's in either
 * language), or its element's text. */
static bool names_value(const char *msg, const imp_src *s) {
  if (s->attr)
    return has(msg, "attribute '", s->attr, "'") || has(msg, " ", s->attr, "=\"") || has(msg, " 的 ", s->attr, "“") ||
           has(msg, "> ", s->attr, " \"") || has(msg, "> ", s->attr, " 的") || has(msg, " ", s->attr, " must not") ||
           has(msg, " 的 ", s->attr, " 不能");
  return has(msg, "<", s->element, "> \"") || has(msg, "<", s->element, ">“") || has(msg, "Element '", s->element, "': ") ||
         has(msg, "<", s->element, "> must not") || has(msg, "<", s->element, "> 不能");
}

/* The first value of the map at 'line' or after (lines ascend). */
static size_t first_at(const imp_srcmap *map, int line) {
  size_t lo = 0, hi = map->count;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (map->src[mid].line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* Whether the message quotes the value (its id aside: every message names the applicant). */
static bool quotes(const char *msg, const imp_src *s, size_t min_len) {
  if (strlen(s->value) < min_len || (s->attr && strcmp(s->element, "applicant") == 0 && strcmp(s->attr, "id") == 0))
    return false;
  return strstr(msg, s->value) != NULL;
}

/* Of the values [lo, hi), the one 'msg' quotes last: a rule's message ends with what is wrong
 * ("requires … at least 3000 万元; it is -5 万元": the revenue, not the category named first). */
static const imp_src *last_quoted(const imp_srcmap *map, size_t lo, size_t hi, const char *msg, size_t min_len) {
  const imp_src *best = NULL;
  const char *at = NULL;
  for (size_t i = lo; i < hi; i++) {
    if (!quotes(msg, &map->src[i], min_len)) continue;
    const char *last = NULL;
    for (const char *q = strstr(msg, map->src[i].value); q; q = strstr(q + 1, map->src[i].value)) last = q;
    if (!best || last > at || (last == at && strlen(map->src[i].value) > strlen(best->value)))
      best = &map->src[i], at = last;
  }
  return best;
}

/* The value a message at 'line' of the round is about: the one whose attribute or element it
 * names (a schema message), else the one whose text it quotes (a rule's: "it is -5 万元"), else
 * the element's text on that line; for a message at the applicant itself (a rule about it), the
 * value of that applicant (lines up to 'end') it quotes. NULL: none the map knows. */
static const imp_src *value_of(const imp_srcmap *map, int line, int end, const char *msg) {
  if (!map) return NULL;
  size_t lo = first_at(map, line), hi = lo;
  while (hi < map->count && map->src[hi].line == line) hi++;
  const imp_src *text = NULL;
  for (size_t i = lo; i < hi; i++) {
    if (names_value(msg, &map->src[i])) return &map->src[i];
    if (!map->src[i].attr) text = &map->src[i];
  }
  const imp_src *quoted = last_quoted(map, lo, hi, msg, 1);
  if (quoted || text) return quoted ? quoted : text;
  while (hi < map->count && map->src[hi].line < end) hi++;
  return last_quoted(map, lo, hi, msg, 2);
}

/* 'msg' with the round's words for the value ('<contact> email="x"', '<contact> 的 email“x”')
 * replaced by the column's header ('电子邮箱 "x"'); libxml2's own pattern message said plainly. */
static char *office_words(const char *msg, const imp_src *s) {
  strbuf b;
  strbuf_init(&b);
  char el[160];
  snprintf(el, sizeof el, "<%s>", s->element);
  const char *p0 = s->label ? strstr(msg, el) : NULL;
  const char *raw = s->label ? strstr(msg, "Element '") : NULL;
  bool zh = lang_is_chinese();
  if (p0) {
    char q[600];
    snprintf(q, sizeof q, zh ? "“%s”" : "\"%s\"", s->value);
    const char *v = strstr(p0, q);
    strbuf_append_n(&b, msg, (size_t)(p0 - msg));
    strbuf_printf(&b, zh ? "%s%s" : "%s %s", s->label, v ? q : "");
    const char *after = v ? v + strlen(q) : p0 + strlen(el);
    if (!v && s->attr) { /* "<el> A must not be empty", "<el> 的 A 不能为空" */
      const char *a = strstr(after, s->attr);
      if (a && a - after <= 6) after = a + strlen(s->attr);
    }
    strbuf_append(&b, !v && *after == ' ' && zh ? after + 1 : after);
  } else if (raw && strstr(raw, "[facet 'pattern']") && strstr(raw, "by the pattern '")) {
    /* a pattern validate has no words for: said with the header, the value and the pattern */
    const char *pat = strstr(raw, "by the pattern '") + 16;
    const char *frame = strstr(msg, L("does not match the review-round schema: ", "不符合评审结果文件的格式规定："));
    strbuf_append_n(&b, msg, (size_t)((frame ? frame : raw) - msg));
    strbuf_printf(&b, L("%s \"%s\" is not in the form this program takes (the pattern %.*s): correct it",
                        "%s“%s”的格式不符合本项目的要求（格式 %.*s）：请改正"),
                  s->label, s->value, (int)strcspn(pat, "'"), pat);
  } else {
    strbuf_append(&b, msg);
  }
  return strbuf_detach(&b);
}

/* Where each applicant of the written round came from: the line of its source comment and the
 * cell it names, so that a message of the checks at a line of the round (a file the office never
 * sees) is given at the applicant's cell instead. */
typedef struct {
  int line;
  char *cell;
} src_mark;

static size_t source_marks(const char *xml, src_mark **out) {
  size_t n = 0, cap = 0;
  src_mark *marks = NULL;
  int line = 1;
  for (const char *p = xml; *p; p++) {
    if (p[0] == '\n') {
      line++;
      if (strncmp(p + 1, "  <!-- ", 7) == 0) {
        const char *start = p + 8, *end = strstr(start, " -->\n");
        if (!end) continue;
        if (n == cap) marks = xgrow(marks, &cap, n + 1, sizeof *marks);
        marks[n++] = (src_mark){line + 1, strndup(start, (size_t)(end - start))};
      }
    }
  }
  *out = marks;
  return n;
}

/* Re-reports one message of 'text' (as diag_format() made it) at the applicant's cell when it
 * names a line of 'name'. */
static void relay_one(diag_sink *diag, const char *msg, const char *name, const char *shown, const src_mark *marks,
                      size_t n, const imp_srcmap *map) {
  size_t nl = strlen(name);
  int line = 0;
  const char *rest = msg;
  if (strncmp(msg, name, nl) == 0 && msg[nl] == ':') {
    rest = msg + nl + 1;
    if (*rest >= '0' && *rest <= '9') line = (int)strtol(rest, (char **)&rest, 10);
    while (*rest == ':' || *rest == ' ' || (*rest >= '0' && *rest <= '9')) rest++;
  }
  static const struct { const char *word; diag_level level; } words[] = {
      {"error: ", DIAG_ERROR}, {"错误: ", DIAG_ERROR}, {"warning: ", DIAG_WARNING},
      {"警告: ", DIAG_WARNING}, {"note: ", DIAG_NOTE}, {"提示: ", DIAG_NOTE}};
  diag_level level = DIAG_ERROR;
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (strncmp(rest, words[i].word, strlen(words[i].word)) == 0) {
      level = words[i].level, rest += strlen(words[i].word);
      break;
    }
  /* a message at another file (a template's line, scoring.xml): its place and level as given */
  char *place = NULL;
  for (size_t i = 0; rest == msg && i < sizeof words / sizeof *words; i++) {
    char sep[24];
    snprintf(sep, sizeof sep, ": %s", words[i].word);
    const char *hit = strstr(msg, sep);
    if (hit && !memchr(msg, '\n', (size_t)(hit - msg))) {
      place = strndup(msg, (size_t)(hit - msg));
      level = words[i].level, rest = hit + strlen(sep);
    }
  }
  int end = INT_MAX; /* the next applicant's line */
  for (size_t i = 0; i < n && end == INT_MAX; i++)
    if (marks[i].line > line) end = marks[i].line - 1;
  const imp_src *from = place || line <= 0 ? NULL : value_of(map, line, end, rest);
  if (from) { /* at the value's cell, in the header's words */
    char *said = office_words(rest, from);
    diag_report(diag, level, ((src_loc){from->where, 0, 0, NULL}), "%s", said);
    free(said);
    return;
  }
  src_loc at = {place ? place : rest == msg ? NULL : shown, line, 0, NULL};
  for (size_t i = n; line > 0 && i > 0; i--)
    if (marks[i - 1].line <= line) {
      at = (src_loc){marks[i - 1].cell, 0, 0, NULL};
      break;
    }
  diag_report(diag, level, at, "%s", rest);
  free(place);
}

void imp_relay(diag_sink *diag, const char *text, const char *name, const char *shown, const char *xml,
               const imp_srcmap *map) {
  src_mark *marks = NULL;
  size_t n = source_marks(xml, &marks);
  strbuf msg;
  strbuf_init(&msg);
  size_t nl = strlen(name);
  for (const char *p = text; *p;) {
    const char *end = strchr(p, '\n');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    /* a message's further lines belong to it */
    bool starts = strncmp(p, name, nl) == 0 || strncmp(p, "error", 5) == 0 || strncmp(p, "warning", 7) == 0 ||
                  strncmp(p, "错误", 6) == 0 || strncmp(p, "警告", 6) == 0;
    if (starts && msg.len) {
      relay_one(diag, strbuf_str(&msg), name, shown, marks, n, map);
      strbuf_reset(&msg);
    }
    if (msg.len) strbuf_putc(&msg, '\n');
    strbuf_append_n(&msg, p, len);
    p += len + (end ? 1 : 0);
  }
  if (msg.len) relay_one(diag, strbuf_str(&msg), name, shown, marks, n, map);
  strbuf_release(&msg);
  for (size_t i = 0; i < n; i++) free(marks[i].cell);
  free(marks);
}

