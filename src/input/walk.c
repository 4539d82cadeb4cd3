/* Walks the loaded round for the stages after input: every printable text with its location
 * (for font coverage before anything is drawn) and a canonical form of one applicant (for the
 * fingerprint that lets a re-run skip an unchanged document). */
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "input/input.h"

/* The applicant an element belongs to, from its nearest <applicant> ancestor. */
static const char *applicant_id_of(const inp_round *r, xmlNode *n) {
  for (; n; n = n->parent) {
    if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "applicant") != 0) continue;
    for (size_t i = 0; i < r->applicant_count; i++)
      if (r->applicant_nodes_[i] == n) return r->applicants[i].id;
    return NULL;
  }
  return NULL;
}

static bool walk(const inp_round *r, xmlNode *n, inp_text_fn fn, void *ctx, diag_sink *diag) {
  bool ok = true;
  for (; n; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content && *n->content) {
        xmlNode *owner = n->parent;
        src_loc at = {r->path, (int)xmlGetLineNo(owner ? owner : n), 0, applicant_id_of(r, owner)};
        ok = fn(ctx, (const char *)n->content, at, diag) && ok;
      }
    } else if (n->type == XML_ELEMENT_NODE) {
      src_loc at = {r->path, (int)xmlGetLineNo(n), 0, applicant_id_of(r, n)};
      for (xmlAttr *a = n->properties; a; a = a->next)
        if (a->children && a->children->content && *a->children->content)
          ok = fn(ctx, (const char *)a->children->content, at, diag) && ok;
      ok = walk(r, n->children, fn, ctx, diag) && ok;
    }
  }
  return ok;
}

bool inp_round_foreach_text(const inp_round *r, inp_text_fn fn, void *ctx, diag_sink *diag) {
  return walk(r, xmlDocGetRootElement(r->doc_), fn, ctx, diag);
}

struct _xmlNode *inp_round_root_xml(const inp_round *r) { return xmlDocGetRootElement(r->doc_); }

char *inp_applicant_canonical(const inp_round *r, size_t i) {
  xmlBuffer *buf = xmlBufferCreate();
  if (!buf) xoom();
  if (i < r->applicant_count) xmlNodeDump(buf, r->doc_, r->applicant_nodes_[i], 0, 0);
  /* the program, year and round print on every document */
  strbuf b;
  strbuf_init(&b);
  strbuf_printf(&b, "%s|%d|%d|", r->program ? r->program : "", r->year, r->round);
  strbuf_append_n(&b, (const char *)xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
  xmlBufferFree(buf);
  return strbuf_detach(&b);
}
