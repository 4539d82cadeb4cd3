/* Positions in a template's source: the line:column of every element, attribute value and
 * text (libxml2 gives only the line where a start tag ends), and error messages showing the
 * source line with a caret under the mistake (GUIDE.md section 4, jq's locfile). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "template/parse_private.h"

void ps_source_free(source *sc) {
  free(sc->lines);
  free(sc->tags);
  *sc = (source){0};
}

static void source_init(source *sc, const char *bytes, size_t len) {
  *sc = (source){.bytes = bytes, .len = len};
  size_t cap = 0;
  sc->lines = xgrow(NULL, &cap, 1, sizeof *sc->lines);
  sc->lines[sc->line_count++] = 0;
  for (size_t i = 0; i < len; i++)
    if (bytes[i] == '\n') {
      sc->lines = xgrow(sc->lines, &cap, sc->line_count + 1, sizeof *sc->lines);
      sc->lines[sc->line_count++] = i + 1;
    }
}

/* The 0-based line holding byte 'off'. */
static size_t line_of(const source *sc, size_t off) {
  size_t lo = 0, hi = sc->line_count;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (sc->lines[mid] <= off)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

/* FILE:LINE:COL of byte 'off'; the column counts characters (UTF-8 code points) from 1. */
static src_loc offset_loc(parser *ps, size_t off) {
  size_t l = line_of(&ps->src, off);
  int col = 1;
  for (size_t i = ps->src.lines[l]; i < off; i++)
    if (((unsigned char)ps->src.bytes[i] & 0xC0) != 0x80) col++;
  return ps_loc(ps, (int)l + 1, col);
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Skips a comment, processing instruction, CDATA section or DOCTYPE at 'i' (a '<'); returns
 * the offset after it, or 'i' when 'i' starts a start or end tag. */
static size_t skip_markup(const source *sc, size_t i) {
  const char *s = sc->bytes, *e;
  size_t rest = sc->len - i;
  const char *end = NULL;
  if (rest >= 4 && memcmp(s + i, "<!--", 4) == 0)
    end = (e = strstr(s + i + 4, "-->")) ? e + 3 : NULL;
  else if (rest >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0)
    end = (e = strstr(s + i + 9, "]]>")) ? e + 3 : NULL;
  else if (rest >= 2 && s[i + 1] == '?')
    end = (e = strstr(s + i + 2, "?>")) ? e + 2 : NULL;
  else if (rest >= 2 && s[i + 1] == '!') {
    int depth = 0;
    for (e = s + i + 2; *e && (*e != '>' || depth > 0); e++)
      depth += *e == '[' ? 1 : *e == ']' ? -1 : 0;
    end = *e ? e + 1 : NULL;
  } else
    return i;
  return end ? (size_t)(end - s) : sc->len;
}

/* The next start or end tag's '<' at or after 'i', or NO_POS. */
static size_t next_tag(const source *sc, size_t i) {
  while (i < sc->len) {
    const char *lt = memchr(sc->bytes + i, '<', sc->len - i);
    if (!lt) return NO_POS;
    i = (size_t)(lt - sc->bytes);
    size_t j = skip_markup(sc, i);
    if (j == i) return i;
    i = j;
  }
  return NO_POS;
}

/* The '>' closing the tag whose '<' is at 'i' (quoted values may hold '>'), or NO_POS. */
static size_t tag_end(const source *sc, size_t i) {
  for (char q = 0; i < sc->len; i++) {
    char c = sc->bytes[i];
    if (q)
      q = c == q ? 0 : q;
    else if (c == '"' || c == '\'')
      q = c;
    else if (c == '>')
      return i;
  }
  return NO_POS;
}

/* Finds the tags of 'n' and of the elements inside it from '*pos' on; false when the bytes do
 * not match the tree (entities declared in a DTD, say): the rest keeps libxml2's lines. */
static bool find_tags(source *sc, xmlNodePtr n, size_t *pos) {
  size_t lt = next_tag(sc, *pos);
  if (lt == NO_POS || sc->bytes[lt + 1] == '/') return false;
  char qname[256];
  if (n->ns && n->ns->prefix)
    snprintf(qname, sizeof qname, "%s:%s", (const char *)n->ns->prefix, (const char *)n->name);
  else
    snprintf(qname, sizeof qname, "%s", (const char *)n->name);
  size_t ql = strlen(qname);
  if (lt + 1 + ql >= sc->len || memcmp(sc->bytes + lt + 1, qname, ql) != 0) return false;
  char after = sc->bytes[lt + 1 + ql];
  if (!is_space(after) && after != '/' && after != '>') return false;
  size_t gt = tag_end(sc, lt);
  if (gt == NO_POS) return false;
  sc->tags = xgrow(sc->tags, &sc->tag_cap, sc->tag_count + 1, sizeof *sc->tags);
  size_t index = sc->tag_count++;
  sc->tags[index] = (tag_pos){lt, gt, gt + 1};
  n->_private = (void *)(uintptr_t)(index + 1);
  if (sc->bytes[gt - 1] == '/') {
    *pos = gt + 1;
    return true;
  }
  size_t p = gt + 1;
  for (xmlNodePtr c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && !find_tags(sc, c, &p)) return false;
  size_t close = next_tag(sc, p);
  if (close == NO_POS || sc->bytes[close + 1] != '/') return false;
  size_t end = tag_end(sc, close);
  if (end == NO_POS) return false;
  sc->tags[index].end = end + 1;
  *pos = end + 1;
  return true;
}

static const tag_pos *tag_of(parser *ps, xmlNodePtr n) {
  uintptr_t i = n && n->type == XML_ELEMENT_NODE ? (uintptr_t)n->_private : 0;
  return ps->src.bytes && i > 0 && i <= ps->src.tag_count ? &ps->src.tags[i - 1] : NULL;
}

/* Where an element is: its start tag's '<' (libxml2's line of the tag's end when unknown). */
origin ps_node_origin(parser *ps, xmlNodePtr n) {
  const tag_pos *t = tag_of(ps, n);
  return (origin){NULL, t ? t->lt : NO_POS, true, (int)xmlGetLineNo(n)};
}

src_loc ps_node_loc(parser *ps, xmlNodePtr n) {
  const tag_pos *t = tag_of(ps, n);
  return t ? offset_loc(ps, t->lt) : ps_loc(ps, (int)xmlGetLineNo(n), 0);
}

/* Where the attribute 'name' of 'n' is: its value's first byte, or its name when 'at_name'. */
origin ps_attr_origin(parser *ps, xmlNodePtr n, const char *name, bool at_name) {
  origin o = ps_node_origin(ps, n);
  const tag_pos *t = tag_of(ps, n);
  o.text = at_name ? name : NULL;
  xmlAttrPtr a = xmlHasProp(n, (const xmlChar *)name);
  if (!at_name && a && a->children) o.text = (const char *)a->children->content;
  if (!t) return o;
  const char *s = ps->src.bytes;
  size_t i = t->lt + 1, nl = strlen(name);
  while (i < t->gt && !is_space(s[i]) && s[i] != '/' && s[i] != '>') i++;
  while (i < t->gt) {
    while (i < t->gt && is_space(s[i])) i++;
    size_t n0 = i;
    while (i < t->gt && !is_space(s[i]) && s[i] != '=' && s[i] != '/' && s[i] != '>') i++;
    size_t n1 = i;
    while (i < t->gt && is_space(s[i])) i++;
    if (i >= t->gt || s[i] != '=') break;
    i++;
    while (i < t->gt && is_space(s[i])) i++;
    if (i >= t->gt || (s[i] != '"' && s[i] != '\'')) break;
    const char *close = memchr(s + i + 1, s[i], t->gt - i - 1);
    if (!close) break;
    if (n1 - n0 == nl && memcmp(s + n0, name, nl) == 0) {
      o.start = at_name ? n0 : i + 1;
      return o;
    }
    i = (size_t)(close - s) + 1;
  }
  return o;
}

/* Where the text content of 'n' starts: right after its start tag. */
origin ps_content_origin(parser *ps, xmlNodePtr n, const char *text) {
  const tag_pos *t = tag_of(ps, n);
  return (origin){text, t ? t->gt + 1 : NO_POS, false, (int)xmlGetLineNo(n)};
}

/* The length in the decoded text of the reference '&...;' at 's' (the UTF-8 length of a
 * character reference, 1 for the predefined entities). */
static size_t ref_length(const char *s, size_t n) {
  if (n < 3 || s[1] != '#') return 1;
  unsigned long c = s[2] == 'x' ? strtoul(s + 3, NULL, 16) : strtoul(s + 2, NULL, 10);
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/* The source offset of byte 'off' of the decoded string of 'o' (o.start known): undoes
 * references, line-end normalisation, comments and CDATA markers. */
static size_t source_offset(parser *ps, origin o, size_t off) {
  const source *sc = &ps->src;
  const char *s = sc->bytes;
  size_t i = o.start, d = 0;
  bool cdata = false;
  while (i < sc->len && d < off) {
    if (cdata) {
      if (sc->len - i >= 3 && memcmp(s + i, "]]>", 3) == 0) {
        cdata = false;
        i += 3;
        continue;
      }
    } else if (s[i] == '&') {
      const char *semi = memchr(s + i, ';', sc->len - i);
      size_t n = semi ? (size_t)(semi - (s + i)) + 1 : 1;
      size_t dl = ref_length(s + i, n);
      if (d + dl > off) break; /* inside the reference: point at its '&' */
      d += dl;
      i += n;
      continue;
    } else if (s[i] == '<' && !o.attribute) {
      if (sc->len - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
        cdata = true;
        i += 9;
        continue;
      }
      size_t j = skip_markup(sc, i);
      if (j == i) break; /* a tag: the text ended */
      i = j;
      continue;
    }
    if (s[i] == '\r' && i + 1 < sc->len && s[i + 1] == '\n') i++;
    i++;
    d++;
  }
  return i;
}

/* East Asian wide characters take two columns in a terminal: for the caret under them. */
static bool is_wide(unsigned long c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
         (c >= 0x20000 && c <= 0x3FFFD);
}

/* Appends the padding (or carets) for the characters in [from, to) of the source. */
static void pad(strbuf *b, const char *s, size_t from, size_t to, char fill) {
  for (size_t i = from; i < to;) {
    unsigned char c = (unsigned char)s[i];
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    unsigned long cp = c < 0x80 ? c : c < 0xE0 ? c & 0x1F : c < 0xF0 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; k < n && i + k < to; k++) cp = cp << 6 | ((unsigned char)s[i + k] & 0x3F);
    if (c == '\t' && fill == ' ')
      strbuf_putc(b, '\t');
    else
      strbuf_append(b, is_wide(cp) ? (fill == ' ' ? "  " : "^^") : (fill == ' ' ? " " : "^"));
    i += n;
  }
}

/* Reports 'fmt' at bytes [off, off + len) of the decoded string of 'o', as
 * "FILE:LINE:COL: error: message" followed by the source line and a caret under that part
 * (GUIDE.md section 4, jq's locfile). Without the source: "FILE:LINE: error: message". */
void ps_report(parser *ps, origin o, size_t off,
                                                         size_t len, const char *fmt, ...) {
  char *msg;
  va_list ap;
  va_start(ap, fmt);
  if (vasprintf(&msg, fmt, ap) < 0) xoom();
  va_end(ap);
  ps->errors++;
  if (o.start == NO_POS || !ps->src.bytes) {
    int line = o.line;
    for (size_t i = 0; o.text && !o.attribute && i < off && o.text[i]; i++)
      line += o.text[i] == '\n';
    diag_error(ps->diag, ps_loc(ps, line, 0), "%s", msg);
    free(msg);
    return;
  }
  const char *s = ps->src.bytes;
  size_t from = source_offset(ps, o, off), to = len ? source_offset(ps, o, off + len) : from;
  size_t l = line_of(&ps->src, from), bol = ps->src.lines[l], eol = bol;
  while (eol < ps->src.len && s[eol] != '\n') eol++;
  size_t shown = eol > bol && s[eol - 1] == '\r' ? eol - 1 : eol;
  if (to > shown) to = shown;
  strbuf b;
  strbuf_init(&b);
  strbuf_printf(&b, "%s\n%.*s\n", msg, (int)(shown - bol), s + bol);
  pad(&b, s, bol, from, ' ');
  if (to > from)
    pad(&b, s, from, to, '^');
  else
    strbuf_putc(&b, '^');
  diag_error(ps->diag, offset_loc(ps, from), "%s", strbuf_str(&b));
  strbuf_release(&b);
  free(msg);
}

/* The src_loc of byte 'off' of the decoded string of 'o', for the template tree. */
src_loc ps_origin_loc(parser *ps, origin o, size_t off) {
  if (o.start != NO_POS && ps->src.bytes) return offset_loc(ps, source_offset(ps, o, off));
  int line = o.line;
  for (size_t i = 0; o.text && !o.attribute && i < off && o.text[i]; i++) line += o.text[i] == '\n';
  return ps_loc(ps, line, 0);
}

/* Where the text node 'c' inside 'n' starts: after the start tag of 'n' or after the element
 * before it (after a comment: unknown, libxml2's line). */
origin ps_literal_origin(parser *ps, xmlNodePtr n, xmlNodePtr c) {
  const tag_pos *t = c->prev ? tag_of(ps, c->prev) : tag_of(ps, n);
  int line = (int)xmlGetLineNo(c->prev ? c->prev : n);
  return (origin){(const char *)c->content, t ? (c->prev ? t->end : t->gt + 1) : NO_POS, false,
                  line};
}

void ps_source_scan(parser *ps, const char *bytes, size_t len, xmlNodePtr root) {
  source_init(&ps->src, bytes, len);
  size_t pos = 0;
  find_tags(&ps->src, root, &pos);
}
