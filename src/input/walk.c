/* Walks the loaded round for the stages after input: every printable text with its location
 * (for font coverage before anything is drawn) and a canonical form of one applicant (for the
 * fingerprint that lets a re-run skip an unchanged document). */
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "input/input.h"

/* One walk in document order. Applicants are met in the order of r->applicant_nodes_, so the
 * owner of every node is passed down instead of searched for (a search per node over all
 * applicants made setup quadratic: 29.6 s at 100,000 applicants, weak-quadratic-setup). */
typedef struct {
  const inp_round *r;
  size_t next; /* the next applicant node to be met */
  inp_text_fn fn;
  void *ctx;
  diag_sink *diag;
} walker;

static bool walk(walker *w, xmlNode *n, const char *owner) {
  bool ok = true;
  const inp_round *r = w->r;
  for (; n; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content && *n->content) {
        xmlNode *parent = n->parent;
        src_loc at = {r->path, (int)xmlGetLineNo(parent ? parent : n), 0, owner};
        ok = w->fn(w->ctx, (const char *)n->content, at, w->diag) && ok;
      }
    } else if (n->type == XML_ELEMENT_NODE) {
      const char *id = owner;
      if (w->next < r->applicant_count && r->applicant_nodes_[w->next] == n) id = r->applicants[w->next++].id;
      src_loc at = {r->path, (int)xmlGetLineNo(n), 0, id};
      for (xmlAttr *a = n->properties; a; a = a->next)
        if (a->children && a->children->content && *a->children->content)
          ok = w->fn(w->ctx, (const char *)a->children->content, at, w->diag) && ok;
      ok = walk(w, n->children, id) && ok;
    }
  }
  return ok;
}

bool inp_round_foreach_text(const inp_round *r, inp_text_fn fn, void *ctx, diag_sink *diag) {
  walker w = {r, 0, fn, ctx, diag};
  return walk(&w, xmlDocGetRootElement(r->doc_), NULL);
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
