/* Loading a review round safely: size and UTF-8 checks on the raw bytes, a libxml2 parse that
 * never loads or expands anything (no DTD, no entities), NFC in place, then the program's XSD;
 * envelope.c checks what every program shares and rules.c the program's rules; messages.c keeps
 * the findings and explains libxml2's. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/arena.h"
#include "core/sha256.h"
#include "core/lang.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "input/input_private.h"
#include "text/text.h"

typedef struct {
  inp_round *r;
  const inp_spec *spec; /* NULL: envelope only */
  inp_msgs msgs;
  bool entity_refused;
  bool fatal_seen; /* what libxml2 reports after its first fatal error follows from that one */
  int last_line, last_code, last_level; /* libxml2 repeats some fatal errors; say each once */
} load_state;

static int line_at(const char *buf, size_t off, int *col) {
  int line = 1;
  size_t start = 0;
  for (size_t i = 0; i < off; i++)
    if (buf[i] == '\n') line++, start = i + 1;
  if (col) *col = (int)(off - start) + 1;
  return line;
}


static void on_parse_error(void *data, xmlErrorPtr e) {
  xmlParserCtxtPtr ctxt = data; /* libxml2 passes ctxt->userData, which is the context */
  load_state *st = ctxt->_private;
  /* After the first fatal error libxml2 goes on reporting what follows from it (the rest of a
   * cut tag, "Extra content at the end", "Memory allocation failed" for its own limit): the
   * first one is the one a person can act on. */
  if (st->fatal_seen) return;
  if (e->level == XML_ERR_FATAL) st->fatal_seen = true;
  /* The level counts too: "<?xml" in the wrong place is first a warning (a PI named xml...) then
   * a fatal error with the same code on the same line, and the error is the one that refuses. */
  if (e->line == st->last_line && e->code == st->last_code && (int)e->level == st->last_level) return;
  st->last_line = e->line, st->last_code = e->code, st->last_level = (int)e->level;
  inp_msg_xml_error(&st->msgs, st->r->path, st->r->arena_, e, ctxt->node, false);
}

static void on_schema_error(void *data, xmlErrorPtr e) {
  load_state *st = data;
  inp_msg_xml_error(&st->msgs, st->r->path, st->r->arena_, e, e->node, true);
}

/* Never called for a document without a DTD; belt and braces for one with. */
static xmlParserInputPtr refuse_entity(void *data, const xmlChar *public_id, const xmlChar *system_id) {
  (void)public_id, (void)system_id;
  xmlParserCtxtPtr ctxt = data;
  ((load_state *)ctxt->_private)->entity_refused = true;
  return NULL;
}

/* Finds the n-th (from 0) occurrence of 'needle' in the raw bytes; its line, or 0. */
static int nth_line(const char *buf, size_t len, const char *needle, int n) {
  size_t nl = strlen(needle);
  for (size_t i = 0; i + nl <= len; i++) {
    if (memcmp(buf + i, needle, nl) == 0 && n-- == 0) return line_at(buf, i, NULL);
  }
  return 0;
}

/* The contract allows only UTF-8; a declared GBK file that happens to be valid UTF-8 is
 * still refused, because its author meant something else. */
static bool check_declared_encoding(load_state *st, const char *buf, size_t len) {
  if (len < 5 || memcmp(buf, "<?xml", 5) != 0) return true;
  const char *end = memmem(buf, len < 512 ? len : 512, "?>", 2);
  if (!end) return true; /* the parser will complain */
  const char *enc = memmem(buf, (size_t)(end - buf), "encoding", 8);
  if (!enc) return true;
  const char *q = enc + 8;
  while (q < end && (*q == ' ' || *q == '=' || *q == '\t')) q++;
  if (q >= end || (*q != '"' && *q != '\'')) return true;
  const char *v = q + 1, *ve = memchr(v, *q, (size_t)(end - v));
  if (!ve) return true;
  size_t vl = (size_t)(ve - v);
  if ((vl == 5 && strncasecmp(v, "UTF-8", 5) == 0) || (vl == 4 && strncasecmp(v, "UTF8", 4) == 0))
    return true;
  /* The bytes are already UTF-8 (checked before): only line 1 is wrong, as an editor leaves it
   * after "save as UTF-8". Converting again would garble the file. */
  inp_msg_error(&st->msgs, ((src_loc){st->r->path, 1, 0, NULL}),
             L("the file is UTF-8 but its first line declares encoding=\"%.*s\": change it to "
               "encoding=\"UTF-8\" (do not convert the file again)",
               "文件内容已是 UTF-8 编码，但第一行声明 encoding=\"%.*s\"：请改为 encoding=\"UTF-8\"（不要再次转换文件）"),
             (int)vl, v);
  return false;
}

static void refuse_dtd(load_state *st, xmlDocPtr doc, const char *buf, size_t len) {
  const char *path = st->r->path;
  inp_msg_error(&st->msgs, ((src_loc){path, nth_line(buf, len, "<!DOCTYPE", 0), 0, NULL}),
             L("a DOCTYPE is not allowed in a review-round file (DTDs and entities are never "
               "honoured); remove it",
               "评审结果文件不得包含 DOCTYPE（不支持 DTD 和实体）；请删除"));
  int k = 0;
  xmlDtdPtr dtd = doc ? doc->intSubset : NULL;
  for (xmlNodePtr n = dtd ? dtd->children : NULL; n; n = n->next) {
    if (n->type != XML_ENTITY_DECL) continue;
    xmlEntityPtr ent = (xmlEntityPtr)n;
    src_loc at = {path, nth_line(buf, len, "<!ENTITY", k++), 0, NULL};
    if (ent->SystemID || ent->URI)
      inp_msg_error(&st->msgs, at,
                 L("external entity \"%s\" (\"%s\") is refused and was not read",
                   "外部实体“%s”（“%s”）被拒绝，未读取"),
                 (const char *)ent->name, (const char *)(ent->SystemID ? ent->SystemID : ent->URI));
    else
      inp_msg_error(&st->msgs, at,
                 L("entity declaration \"%s\" is refused (entities are never expanded)",
                   "实体声明“%s”被拒绝（不展开任何实体）"),
                 (const char *)ent->name);
  }
  if (doc && doc->extSubset && doc->extSubset != doc->intSubset)
    inp_msg_error(&st->msgs, ((src_loc){path, 0, 0, NULL}),
               L("an external DTD is refused and was not read", "外部 DTD 被拒绝，未读取"));
}

/* The entity references (not &amp; &lt; &gt; &quot; &apos; or &#...;) after the DOCTYPE, from the
 * raw text, for a document libxml2 could not build; the first few, each with its line. */
static void refuse_raw_entity_refs(load_state *st, const char *buf, size_t len) {
  const char *p = memmem(buf, len, "<!DOCTYPE", 9), *end = buf + len;
  int depth = 0, found = 0;
  for (; p && p < end; p++) { /* past the DOCTYPE: its internal subset ends at "]>" or ">" */
    if (*p == '[') depth++;
    else if (*p == ']') depth--;
    else if (*p == '>' && depth <= 0) break;
  }
  for (; p && p < end && found < 5; p++) {
    if (*p != '&' || p + 1 >= end || p[1] == '#') continue;
    const char *q = p + 1;
    while (q < end && q - p < 64 && (isalnum((unsigned char)*q) || *q == '_' || *q == '-' || *q == '.')) q++;
    if (q >= end || *q != ';' || q == p + 1) continue;
    size_t n = (size_t)(q - p - 1);
    static const char *const predefined[] = {"amp", "lt", "gt", "quot", "apos"};
    bool known = false;
    for (int i = 0; i < 5; i++) known = known || (strlen(predefined[i]) == n && memcmp(p + 1, predefined[i], n) == 0);
    if (known) continue;
    int col, line = line_at(buf, (size_t)(p - buf), &col);
    inp_msg_error(&st->msgs, ((src_loc){st->r->path, line, col, NULL}),
                  L("entity reference &%.*s; is refused (entities are never expanded); write the text itself",
                    "实体引用 &%.*s; 被拒绝（不展开任何实体）；请直接写出文字"),
                  (int)n, p + 1);
    found++;
  }
}

/* Entity references survive in the tree because we never pass XML_PARSE_NOENT. */
static void refuse_entity_refs(load_state *st, xmlNodePtr n) {
  for (; n; n = n->next) {
    if (n->type == XML_ENTITY_REF_NODE) {
      src_loc at = {st->r->path, inp_node_line(n), 0, inp_applicant_label(st->r->arena_, n)};
      inp_msg_error(&st->msgs, at, L("entity reference &%s; is refused", "实体引用 &%s; 被拒绝"),
                 (const char *)n->name);
      continue;
    }
    if (n->type == XML_ELEMENT_NODE) {
      for (xmlAttrPtr a = n->properties; a; a = a->next) refuse_entity_refs(st, a->children);
      refuse_entity_refs(st, n->children);
    }
  }
}

/* Characters in 's'; *ascii tells whether all of them are ASCII (and so already NFC). */
static size_t count_chars(const xmlChar *s, bool *ascii) {
  size_t n = 0;
  unsigned char any = 0;
  for (; *s; s++) {
    any |= *s;
    if ((*s & 0xC0) != 0x80) n++;
  }
  *ascii = any < 0x80;
  return n;
}

/* Characters no official text may hold, found before anything prints them: DEL and the C1
 * controls (XML 1.0 allows both) are errors; U+FFFD, the mark an upstream encoding conversion
 * leaves where it lost a character, is a warning. One message per text, at the character's line. */
static void check_chars(load_state *st, const xmlNode *n, const xmlNode *owner) {
  const char *s = (const char *)n->content;
  size_t len = strlen(s);
  const xmlNode *el = owner->type == XML_ATTRIBUTE_NODE ? owner->parent : owner;
  bool attr = owner != el;
  int line = attr ? inp_node_line(el) : inp_node_line(n);
  bool warned = false;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t k = txt_utf8_decode(s + i, len - i, &cp);
    if (k == 0) break; /* checked before parsing */
    bool bidi = (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069); /* reorder what follows */
    if ((txt_is_control(cp) && cp != '\t' && cp != '\n' && cp != '\r') || bidi || (cp == 0xFFFD && !warned)) {
      src_loc at = {st->r->path, line, 0, inp_applicant_label(st->r->arena_, el)};
      if (cp == 0xFFFD)
        inp_msg_add(&st->msgs, DIAG_WARNING, at,
                    L("<%s%s%s> holds U+FFFD (the replacement character): a character was lost when the "
                      "text was converted from another encoding; correct the source and export again",
                      "<%s%s%s> 含有 U+FFFD（替换字符）：文本从其他编码转换时丢失了字符；请改正源数据后重新导出"),
                    (const char *)el->name, attr ? " @" : "", attr ? (const char *)owner->name : "");
      else
        inp_msg_error(&st->msgs, at,
                      L("<%s%s%s> holds the control character U+%04X, which prints as nothing and splits or "
                        "reorders the text for search and copy: remove it",
                        "<%s%s%s> 含有控制字符 U+%04X，打印时不可见并会割裂或颠倒文本的检索与复制：请删除"),
                      (const char *)el->name, attr ? " @" : "", attr ? (const char *)owner->name : "",
                      (unsigned)cp);
      if (cp != 0xFFFD) return;
      warned = true;
    }
    if (cp == '\n' && !attr) line++;
    i += k;
  }
}

/* NFC in the document itself, so that templates' XPath and our records see the same text. */
static void normalize_text(load_state *st, xmlNodePtr n, const xmlNode *owner) {
  for (; n; n = n->next) {
    if (n->type == XML_ELEMENT_NODE) {
      for (xmlAttrPtr a = n->properties; a; a = a->next) normalize_text(st, a->children, (xmlNodePtr)a);
      normalize_text(st, n->children, n);
      continue;
    }
    if ((n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE) || !n->content) continue;
    bool ascii;
    size_t chars = count_chars(n->content, &ascii);
    if (chars > INP_MAX_FIELD_CHARS) {
      const xmlNode *el = owner->type == XML_ATTRIBUTE_NODE ? owner->parent : owner;
      src_loc at = {st->r->path, inp_node_line(el), 0, inp_applicant_label(st->r->arena_, el)};
      inp_msg_error(&st->msgs, at,
                 L("<%s%s%s> holds %zu characters; at most %d are allowed in one field",
                   "<%s%s%s> 有 %zu 个字符，单个字段最多 %d 个字符"),
                 (const char *)el->name, owner != el ? " @" : "",
                 owner != el ? (const char *)owner->name : "", chars, INP_MAX_FIELD_CHARS);
    }
    if (ascii ? memchr(n->content, 0x7F, strlen((const char *)n->content)) != NULL : true)
      check_chars(st, n, owner);
    if (ascii) continue;
    size_t len = strlen((const char *)n->content), out_len;
    char *nfc = txt_nfc((const char *)n->content, len, &out_len);
    if (nfc && (out_len != len || memcmp(nfc, n->content, len) != 0)) xmlNodeSetContent(n, BAD_CAST nfc);
    free(nfc);
  }
}

/* The program's schema, read from its file. Its xs:include of shared types is allowed when the
 * file is inside the program folder (checked when the program loads, src/template/program.c). */
void inp_no_network(void) { xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader); }

/* The schema compiler's first error, kept for the one message below (libxml2 would print every
 * one of them raw on stderr). */
static void on_schema_parse_error(void *data, xmlErrorPtr e) {
  strbuf *first = data;
  if (first->len || !e || !e->message) return;
  strbuf_printf(first, "%s:%d: %s", e->file ? e->file : "", e->line, e->message);
  while (first->len && first->data[first->len - 1] == '\n') first->data[--first->len] = 0;
}

static void validate_schema(load_state *st) {
  const char *path = st->spec ? st->spec->schema_path : NULL;
  if (!path) return;
  /* read without network and without a DTD, as the round is; libxml2's loader refuses URLs for
   * the files it includes (inp_no_network), and program loading refused any outside the folder */
  xmlDocPtr sd = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  bool dtd = sd && (sd->intSubset || sd->extSubset);
  xmlSchemaParserCtxtPtr pc = sd && !dtd ? xmlSchemaNewDocParserCtxt(sd) : NULL;
  strbuf first;
  strbuf_init(&first);
  if (pc) xmlSchemaSetParserStructuredErrors(pc, on_schema_parse_error, &first);
  xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
  xmlSchemaFreeParserCtxt(pc);
  xmlFreeDoc(sd);
  if (!schema) {
    inp_msg_error(&st->msgs, ((src_loc){path, 0, 0, NULL}),
                  L("the program's input schema does not load or compile (%s); check it with "
                    "xmllint --noout --schema %s FILE.xml",
                    "项目的输入格式定义（schema）无法加载或编译（%s）；请用 xmllint --noout --schema %s FILE.xml 检查"),
                  first.len ? strbuf_str(&first) : dtd ? "DOCTYPE" : "-", path);
    strbuf_release(&first);
    return;
  }
  strbuf_release(&first);
  xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
  xmlSchemaSetValidStructuredErrors(vc, on_schema_error, st);
  xmlSchemaValidateDoc(vc, st->r->doc_);
  xmlSchemaFreeValidCtxt(vc);
  xmlSchemaFree(schema);
}

/* A regular file streamed in chunks, each checked as UTF-8 before libxml2 sees it, so that
 * neither we nor libxml2 (which copies a memory input whole, then converts it into a third
 * copy) hold the whole file while the document is built. Any doubt (invalid or cut UTF-8, more
 * or fewer bytes than the file's size, a read error) stops the parse; the caller then loads the
 * file the careful way, which reports the problem precisely. */
#define STREAM_CHUNK 65536
typedef struct {
  FILE *f;
  size_t left;        /* bytes the file may still give */
  size_t pos, end;    /* checked bytes not yet handed out: buf[pos, end) */
  size_t tail;        /* bytes of a character cut by the chunk's end, after 'end' */
  bool failed;
  sha256_ctx sha; /* of every byte read, for inp_round.sha256 */
  char buf[STREAM_CHUNK + 4];
} file_reader;

/* Reads the next chunk; false at the end of the file or on failure. */
static bool refill(file_reader *rd) {
  memmove(rd->buf, rd->buf + rd->end, rd->tail);
  rd->pos = rd->end = 0;
  for (;;) {
    size_t want = STREAM_CHUNK < rd->left ? STREAM_CHUNK : rd->left;
    size_t got = want ? fread(rd->buf + rd->tail, 1, want, rd->f) : 0;
    sha256_update(&rd->sha, rd->buf + rd->tail, got);
    rd->left -= got;
    size_t n = rd->tail + got;
    if (got == 0) {
      char extra;
      rd->failed = rd->tail > 0 || ferror(rd->f) || fread(&extra, 1, 1, rd->f) > 0;
      return false;
    }
    /* Keep a character cut by the chunk's end for the next chunk (concatenated valid UTF-8
     * is valid UTF-8, so checking chunk by chunk equals checking the whole). */
    size_t i = n;
    while (i > 0 && n - i < 3 && ((unsigned char)rd->buf[i - 1] & 0xC0) == 0x80) i--;
    size_t cut = n;
    if (i > 0) {
      unsigned char lead = (unsigned char)rd->buf[i - 1];
      size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
      if (n - (i - 1) < need) cut = i - 1;
    }
    size_t bad;
    if (!txt_utf8_valid(rd->buf, cut, &bad)) {
      rd->failed = true;
      return false;
    }
    rd->end = cut, rd->tail = n - cut;
    if (cut > 0) return true;
  }
}

static int read_file(void *ctx, char *out, int len) {
  file_reader *rd = ctx;
  if (rd->failed) return -1;
  if (rd->pos == rd->end && !refill(rd)) return rd->failed ? -1 : 0;
  size_t n = len > 0 && (size_t)len < rd->end - rd->pos ? (size_t)len : rd->end - rd->pos;
  memcpy(out, rd->buf + rd->pos, n);
  rd->pos += n;
  return (int)n;
}

static inp_round *round_new(const char *name, const inp_spec *spec, load_state *st) {
  xmlInitParser();
  arena *a = arena_new();
  inp_round *r = arena_alloc(a, sizeof *r);
  r->arena_ = a;
  r->path = arena_strdup(a, name ? name : "(memory)");
  *st = (load_state){.r = r, .spec = spec};
  return r;
}

/* Bytes in memory handed to the parser a piece at a time, as a file's are: xmlCtxtReadMemory
 * copies the whole text into its input buffer and once more through the UTF-8 converter (84 MB
 * for an imported round of 25 MB, on top of the text and its tree). */
typedef struct {
  const char *p;
  size_t left;
} mem_reader;

static int read_mem(void *ctx, char *out, int len) {
  mem_reader *m = ctx;
  size_t n = len > 0 && (size_t)len < m->left ? (size_t)len : m->left;
  memcpy(out, m->p, n);
  m->p += n, m->left -= n;
  return (int)n;
}

/* Parses 'len' bytes at 'data', or what 'rd' reads when data is NULL, with the loader's
 * handlers; the document or NULL. */
static xmlDocPtr parse(load_state *st, const char *data, size_t len, file_reader *rd) {
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) xoom();
  ctxt->_private = st;
  ctxt->sax->serror = on_parse_error;
  ctxt->sax->resolveEntity = refuse_entity;
  ctxt->sax->externalSubset = NULL;
  /* NONET and BIG_LINES: never NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE. NOBLANKS:
   * the indentation between elements is not kept as text nodes (no program's schema has mixed
   * content, so it is never data; a value's own blanks and xml:space="preserve" are kept): they
   * were a third of the tree's nodes, 15 % of the memory a round needs, and every walk over an
   * element's children stepped through them, one cache miss each on a large round. */
  int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS;
  mem_reader mem = {data, len};
  xmlDocPtr doc = data ? xmlCtxtReadIO(ctxt, read_mem, NULL, &mem, st->r->path, "UTF-8", options)
                       : xmlCtxtReadIO(ctxt, read_file, NULL, rd, st->r->path, "UTF-8", options);
  /* The document holds its own reference to the parser's dictionary. */
  xmlFreeParserCtxt(ctxt);
  return doc;
}

/* From a parsed document without DTD to records: entity references, NFC, the schema and the
 * semantic checks. True when nothing reported an error. */
static bool finish(load_state *st) {
  inp_round *r = st->r;
  refuse_entity_refs(st, r->doc_->children);
  if (st->msgs.errors > 0) return false;
  normalize_text(st, r->doc_->children, (xmlNodePtr)r->doc_);
  /* A file for another program would fail its schema on every line: say the one thing. */
  xmlNodePtr root = xmlDocGetRootElement(r->doc_);
  xmlChar *program = root ? xmlGetProp(root, BAD_CAST "program") : NULL;
  bool other = program && st->spec && st->spec->program && strcmp((const char *)program, st->spec->program) != 0;
  if (other)
    inp_msg_error(&st->msgs, ((src_loc){r->path, inp_node_line(root), 0, NULL}),
                  L("the file is for program \"%s\", not \"%s\"; use the program the file names",
                    "文件的项目为“%s”，而不是“%s”；请使用文件所属的项目"),
                  (const char *)program, st->spec->program);
  xmlFree(program);
  if (other) return false;
  validate_schema(st);
  inp_check_envelope(r, st->spec, &st->msgs);
  /* Rules run on a file the schema refused too, so that one run reports every problem. */
  inp_check_rules(r, st->spec, &st->msgs);
  return st->msgs.errors == 0;
}

/* Loads from 'data'; 'owned' (data's malloc'd block, or NULL when the caller keeps it) is freed
 * as soon as the raw bytes are no longer needed, before validation and records. */
static inp_round *load(const char *data, size_t len, char *owned, const char *name,
                       const inp_spec *spec, diag_sink *diag) {
  load_state st;
  inp_round *r = round_new(name, spec, &st);

  if (len > INP_MAX_FILE_BYTES) {
    inp_msg_error(&st.msgs, ((src_loc){r->path, 0, 0, NULL}),
               L("the file is larger than %zu MB, the limit for a review-round file; split the round",
                 "文件超过 %zu MB（评审结果文件的上限）；请拆分评审批次"),
               INP_MAX_FILE_BYTES >> 20);
    goto fail;
  }
  uint8_t digest[SHA256_DIGEST_BYTES];
  sha256_buffer(data, len, digest);
  sha256_to_hex(digest, r->sha256);
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) data += 3, len -= 3;
  /* A spreadsheet given where a round is expected: say what it is and how to turn it into one,
   * not that its bytes are not UTF-8. */
  if (len >= 4 && (memcmp(data, "PK\x03\x04", 4) == 0 || memcmp(data, "\xD0\xCF\x11\xE0", 4) == 0)) {
    inp_msg_error(&st.msgs, ((src_loc){r->path, 0, 0, NULL}),
                  L("this is a spreadsheet or another ZIP or Office file, not a review-round XML file: a workbook "
                    "(.xlsx, .csv) becomes a round with `yinfa import PROGRAM %s --output round.xml` "
                    "(docs/import.md); then give round.xml here",
                    "这是电子表格或其他 ZIP/Office 文件，不是评审结果 XML 文件：工作簿（.xlsx、.csv）请先用 "
                    "`yinfa import 项目名 %s --output round.xml` 转换为评审结果文件（见 docs/import.md），再在此处使用 round.xml"),
                  r->path);
    goto fail;
  }
  size_t bad;
  if (!txt_utf8_valid(data, len, &bad)) {
    /* Say which encoding the file is in, when it plainly is one, and how to save it as UTF-8:
     * Windows tools write UTF-16 ("Unicode") or GBK ("ANSI") unless told otherwise. */
    txt_encoding enc = txt_detect_encoding(data, len);
    /* UTF-16 without a byte-order mark: its ASCII is every other byte NUL */
    size_t probe = len < 512 ? len : 512, nul_even = 0, nul_odd = 0;
    for (size_t i = 0; i < probe; i++)
      if (!data[i]) *(i % 2 ? &nul_odd : &nul_even) += 1;
    if (enc == TXT_ENC_GB18030 && (nul_odd > probe / 4 || nul_even > probe / 4))
      enc = nul_odd > nul_even ? TXT_ENC_UTF16LE : TXT_ENC_UTF16BE;
    char *converted = enc == TXT_ENC_UTF8 ? NULL : txt_to_utf8(data, len, enc, NULL, NULL);
    free(converted);
    int col, line = line_at(data, bad, &col);
    if (converted && enc != TXT_ENC_GB18030)
      inp_msg_error(&st.msgs, ((src_loc){r->path, 0, 0, NULL}),
                    L("the file is in UTF-16 (what Windows calls \"Unicode\"), not UTF-8: open it in a text "
                      "editor and save it again with the encoding UTF-8",
                      "文件是 UTF-16 编码（Windows 中称为“Unicode”），不是 UTF-8：请用文本编辑器打开，"
                      "另存为时选择编码“UTF-8”"));
    else if (converted)
      inp_msg_error(&st.msgs, ((src_loc){r->path, line, col, NULL}),
                    L("the file looks like GBK/GB18030 (what Chinese Windows calls \"ANSI\"), not UTF-8 "
                      "(byte 0x%02X): open it in a text editor and save it again with the encoding UTF-8",
                      "文件看来是 GBK/GB18030 编码（中文 Windows 中称为“ANSI”），不是 UTF-8（字节 0x%02X）："
                      "请用文本编辑器打开，另存为时选择编码“UTF-8”"),
                    (unsigned char)data[bad]);
    else
      inp_msg_error(&st.msgs, ((src_loc){r->path, line, col, NULL}),
                    L("invalid UTF-8 (byte 0x%02X); review-round files must be UTF-8: the file may be "
                      "damaged, or saved in another encoding; save it again as UTF-8",
                      "无效的 UTF-8 字节 0x%02X；评审结果文件必须使用 UTF-8 编码：文件可能已损坏或以其他编码保存，"
                      "请以 UTF-8 编码重新保存"),
                    (unsigned char)data[bad]);
    goto fail;
  }
  if (!check_declared_encoding(&st, data, len)) goto fail;

  r->doc_ = parse(&st, data, len, NULL);
  if (!r->doc_ || st.msgs.errors > 0) {
    /* An entity bomb stops the parser before we can look at the DTD: libxml2 then speaks of a
     * "loop" at odd places; name the real cause, the DOCTYPE and each entity reference. */
    if (memmem(data, len, "<!DOCTYPE", 9)) {
      inp_msgs_clear(&st.msgs);
      refuse_dtd(&st, NULL, data, len);
      refuse_raw_entity_refs(&st, data, len);
    }
    goto fail;
  }
  if (r->doc_->intSubset || r->doc_->extSubset || st.entity_refused) {
    refuse_dtd(&st, r->doc_, data, len);
    refuse_entity_refs(&st, r->doc_->children);
    goto fail;
  }
  free(owned);
  owned = NULL;
  if (!finish(&st)) goto fail;
  inp_msgs_flush(&st.msgs, diag);
  return r;

fail:
  free(owned);
  inp_msgs_say_refused(&st.msgs, r->path);
  inp_msgs_flush(&st.msgs, diag); /* before the arena holding paths and labels goes */
  inp_round_free(r);
  return NULL;
}

/* The common case of a regular file, without holding its bytes: streams 'size' bytes of 'f'
 * into the parser. Returns NULL, having reported nothing, if anything at all is wrong; then the
 * caller loads the file with load(), whose messages (with lines for a DOCTYPE, the byte of bad
 * UTF-8 ...) need the whole text. */
static inp_round *load_stream(FILE *f, size_t size, const char *path, const inp_spec *spec,
                              diag_sink *diag) {
  if (size > INP_MAX_FILE_BYTES) return NULL;
  load_state st;
  inp_round *r = round_new(path, spec, &st);
  file_reader *rd = xmalloc(sizeof *rd);
  *rd = (file_reader){.f = f, .left = size};
  sha256_init(&rd->sha);
  /* The BOM and the XML declaration come from the first chunk, as load() sees them. */
  if (!refill(rd)) goto fail;
  if (rd->end >= 3 && memcmp(rd->buf, "\xEF\xBB\xBF", 3) == 0) rd->pos = 3;
  if (!check_declared_encoding(&st, rd->buf + rd->pos, rd->end - rd->pos)) goto fail;
  r->doc_ = parse(&st, NULL, 0, rd);
  if (!r->doc_ || rd->failed || st.msgs.errors > 0 || rd->left > 0) goto fail;
  if (r->doc_->intSubset || r->doc_->extSubset || st.entity_refused) goto fail;
  uint8_t digest[SHA256_DIGEST_BYTES];
  sha256_final(&rd->sha, digest);
  sha256_to_hex(digest, r->sha256);
  free(rd);
  rd = NULL;
  if (!finish(&st)) goto fail;
  inp_msgs_flush(&st.msgs, diag);
  return r;

fail:
  free(rd);
  inp_msgs_clear(&st.msgs);
  free(st.msgs.items);
  inp_round_free(r);
  return NULL;
}

inp_round *inp_round_load_memory(const char *data, size_t len, const char *name,
                                 const inp_spec *spec, diag_sink *diag) {
  return load(data, len, NULL, name, spec, diag);
}

inp_round *inp_round_load(const char *path, const inp_spec *spec, diag_sink *diag) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot open: %s", "无法打开：%s"),
               lang_strerror(errno));
    return NULL;
  }
  struct stat sb;
  if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && (uint64_t)sb.st_size > INP_MAX_FILE_BYTES) {
    fclose(f); /* refused by its size, without reading a gigabyte first */
    diag_error(diag, ((src_loc){path, 0, 0, NULL}),
               L("the file is larger than %zu MB, the limit for a review-round file; split the round",
                 "文件超过 %zu MB（评审结果文件的上限）；请拆分评审批次"),
               INP_MAX_FILE_BYTES >> 20);
    return NULL;
  }
  if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0) {
    inp_round *r = load_stream(f, (size_t)sb.st_size, path, spec, diag);
    if (r || fseek(f, 0, SEEK_SET) != 0) {
      fclose(f);
      return r;
    }
    clearerr(f);
  }
  /* Read at most one byte past the cap: enough for the loader to refuse a huge file. */
  size_t len = 0, cap = 65536;
  char *buf = xmalloc(cap);
  while (len <= INP_MAX_FILE_BYTES) {
    if (len == cap) buf = xgrow(buf, &cap, len + 65536, 1);
    size_t want = cap - len;
    if (want > INP_MAX_FILE_BYTES + 1 - len) want = INP_MAX_FILE_BYTES + 1 - len;
    size_t got = fread(buf + len, 1, want, f);
    len += got;
    if (got == 0) break;
  }
  bool read_error = ferror(f);
  int err = errno;
  fclose(f);
  if (read_error) {
    diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot read: %s", "无法读取：%s"),
               lang_strerror(err));
    free(buf);
    return NULL;
  }
  return load(buf, len, buf, path, spec, diag); /* takes buf */
}

void inp_round_free(inp_round *r) {
  if (!r) return;
  if (r->doc_) xmlFreeDoc(r->doc_);
  arena_free(r->arena_);
}

struct _xmlDoc *inp_round_xml(const inp_round *r) { return r->doc_; }

struct _xmlNode *inp_applicant_xml(const inp_round *r, size_t i) {
  return i < r->applicant_count ? r->applicant_nodes_[i] : NULL;
}

static void ignore_reader_error(void *arg, xmlErrorPtr e) {
  (void)arg, (void)e; /* the full load reports what is wrong, located */
}

char *inp_round_peek_program(const char *path) {
  /* The reader stops at the root element: the rest of the file is never read. Anything odd
   * (not XML, a DOCTYPE, no program attribute) gives NULL; the full load then says what. */
  /* Read as UTF-8 whatever line 1 declares (only the ASCII attribute matters here): a declared
   * GBK would send libxml2 converting, and printing its conversion errors on stderr. */
  xmlStructuredErrorFunc saved = xmlStructuredError;
  void *saved_ctx = xmlStructuredErrorContext;
  xmlSetStructuredErrorFunc(NULL, ignore_reader_error); /* the encoding layer reports globally */
  xmlTextReaderPtr rd = xmlReaderForFile(path, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (rd) xmlTextReaderSetStructuredErrorHandler(rd, ignore_reader_error, NULL);
  char *program = NULL;
  int ret = rd ? xmlTextReaderRead(rd) : -1;
  while (ret == 1 && xmlTextReaderNodeType(rd) != XML_READER_TYPE_ELEMENT &&
         xmlTextReaderNodeType(rd) != XML_READER_TYPE_DOCUMENT_TYPE)
    ret = xmlTextReaderRead(rd);
  if (ret == 1 && xmlTextReaderNodeType(rd) == XML_READER_TYPE_ELEMENT) {
    xmlChar *v = xmlTextReaderGetAttribute(rd, BAD_CAST "program");
    if (v && *v) program = xstrdup((const char *)v);
    xmlFree(v);
  }
  xmlFreeTextReader(rd);
  xmlSetStructuredErrorFunc(saved_ctx, saved);
  return program;
}
