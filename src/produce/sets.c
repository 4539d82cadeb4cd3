/* The print sets and blank forms (issue 25 §3): what a reviewer takes to the site visit.
 * A group's print set ([output] bundle = group) is every form (program.xml form="yes") of the
 * group's applicants, applicants in the round file's order and each applicant's forms in the
 * program's kind order, laid out again here and written by yinfa's own PDF writer in one session
 * (pdf_render_list): one XMP, one output intent, each font subset once, so the set is PDF/A-1b as
 * every document is, with no second library joining files. Each form starts on an odd page for
 * double-sided printing: a blank, unnumbered page goes before a form that would start on an even
 * one. A blank form (run --blank) is the form's template evaluated against an empty applicant
 * (one per value of the field program.xml's blank-per= names, that field alone set). */
#include <errno.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "layout/layout.h"
#include "produce/produce_private.h"

/* ---- blank forms ---- */

struct prd_blank {
  xmlDocPtr doc;
};

/* Sets 'path' (program.xml blank-per=: "project/@category", checked when the program was
 * loaded) under 'applicant' to 'value', making the elements on the way. */
static void set_path(xmlNodePtr applicant, const char *path, const char *value) {
  xmlNodePtr at = applicant;
  for (const char *s = path; *s;) {
    size_t n = strcspn(s, "/");
    char *name = xstrndup(s, n);
    if (name[0] == '@') {
      if (!xmlSetProp(at, BAD_CAST (name + 1), BAD_CAST value)) xoom();
    } else {
      /* the last step's text as text, not markup (xmlNewTextChild escapes it) */
      at = s[n] ? xmlNewChild(at, at->ns, BAD_CAST name, NULL) : xmlNewTextChild(at, at->ns, BAD_CAST name, BAD_CAST value);
      if (!at) xoom();
    }
    free(name);
    s += n + (s[n] == '/');
  }
}

prd_blank *prd_blank_context(const prd_run *run, const prd_target *t, tpl_context *ctx) {
  xmlNodePtr root = xmlDocGetRootElement(inp_round_xml(run->s.round));
  prd_blank *b = xcalloc(1, sizeof *b);
  b->doc = xmlNewDoc(BAD_CAST "1.0");
  if (!b->doc) xoom();
  /* the round element with its attributes (its year, its program), none of its applicants */
  xmlNodePtr copy = xmlDocCopyNode(root, b->doc, 2);
  if (!copy) xoom();
  xmlDocSetRootElement(b->doc, copy);
  xmlNodePtr applicant = xmlNewChild(copy, copy->ns, BAD_CAST "applicant", NULL);
  if (!applicant) xoom();
  if (t->value) set_path(applicant, t->spec->blank_per, t->value);
  ctx->round = b->doc;
  ctx->context = applicant;
  return b;
}

void prd_blank_free(prd_blank *b) {
  if (!b) return;
  xmlFreeDoc(b->doc);
  free(b);
}

char *prd_blank_title(const char *title) {
  static const char *const SEPARATORS[] = {"：", ":", " ", "—"};
  if (!title) return NULL;
  size_t n = strlen(title);
  for (size_t i = 0; i < sizeof SEPARATORS / sizeof SEPARATORS[0]; i++) {
    size_t k = strlen(SEPARATORS[i]);
    if (n > k && strcmp(title + n - k, SEPARATORS[i]) == 0) return xstrndup(title, n - k);
  }
  return NULL;
}

/* ---- print sets ---- */

/* The forms of a print set, laid out, and the pages to write (forms' pages and blank pages). */
typedef struct {
  lay_document **docs;
  size_t ndocs, docs_cap;
  const lay_page **pages;
  size_t npages, pages_cap;
  lay_page blank; /* the page a form that would start on an even page gets before it */
} print_set;

static void set_add(print_set *s, lay_document *doc) {
  s->docs = xgrow(s->docs, &s->docs_cap, s->ndocs + 1, sizeof *s->docs);
  s->docs[s->ndocs++] = doc;
  size_t n = lay_page_count(doc);
  s->pages = xgrow(s->pages, &s->pages_cap, s->npages + n + 1, sizeof *s->pages);
  if (s->npages % 2 == 1) s->pages[s->npages++] = &s->blank; /* the form starts on an odd page */
  for (size_t i = 0; i < n; i++) s->pages[s->npages++] = lay_page_get(doc, i);
}

static void set_free(print_set *s) {
  for (size_t i = 0; i < s->ndocs; i++) lay_document_free(s->docs[i]);
  free(s->docs);
  free(s->pages);
}

/* Lays out every form of the group's applicants into 's'; false after reporting, with one line
 * saying which set is not written. */
static bool lay_out_set(const prd_run *run, const bat_job *job, const prd_target *t, print_set *s, diag_sink *diag) {
  const inp_round *round = run->s.round;
  const tpl_program *program = run->s.program;
  for (size_t i = 0; i < round->applicant_count; i++) {
    if (strcmp(round->applicants[i].group, t->group) != 0) continue;
    for (size_t d = 0; d < tpl_program_document_count(program); d++) {
      const tpl_document_spec *spec = tpl_program_document(program, d);
      if (!spec->form) continue;
      bool error = false;
      lay_document *doc = NULL;
      if (prd_applies(run, spec, i, NULL, &error, diag))
        doc = prd_lay_out(run, &(prd_target){spec, i, NULL, t->writer, PRD_MADE_DOC, NULL}, diag);
      else if (!error) continue; /* its when= leaves this applicant out: not in the set either */
      if (!doc) {
        diag_error(diag, ((src_loc){job->path, 0, 0, round->applicants[i].id}),
                   L("the print set is not written: the %s of %s could not be set (the errors above)",
                     "打印合订本未生成：表单 %s（%s）无法排版（见上面的错误）"),
                   spec->kind, round->applicants[i].id);
        return false;
      }
      set_add(s, doc);
    }
  }
  if (s->ndocs == 0) {
    diag_error(diag, ((src_loc){job->path, 0, 0, NULL}),
               L("the print set of %s is not written: none of its applicants has a form",
                 "%s 的打印合订本未生成：其申报单位均无表单"),
               t->group);
    return false;
  }
  return true;
}

bat_doc_result prd_write_bundle(const prd_run *run, const bat_job *job, const char *path, pdf_font_face **used,
                                size_t *used_count, diag_sink *diag) {
  const prd_target *t = job->user;
  print_set s = {.blank = {.width_pt = LAY_A4_WIDTH_PT, .height_pt = LAY_A4_HEIGHT_PT}};
  if (!lay_out_set(run, job, t, &s, diag)) {
    set_free(&s);
    return bat_doc_error();
  }
  /* the set's own metadata: its file's name as title ("魏都区评审表"), the forms' author and subject */
  const lay_info *first = lay_get_info(s.docs[0]);
  const char *base = strrchr(job->path, '/');
  base = base ? base + 1 : job->path;
  char *title = xstrndup(base, strlen(base) - 4); /* the pattern ends in .pdf (program.c) */
  lay_info info = {.title = title, .author = first->author, .subject = first->subject, .keywords = t->group,
                   .creator = first->creator, .date = run->s.date_iso};
  size_t nfiles = pdf_fonts_file_count(run->s.fonts);
  bool *flag = xcalloc(nfiles ? nfiles : 1, sizeof *flag);
  int io_err = 0;
  pdf_digest dg = {0};
  pdf_options opt = run->s.pdf;
  opt.digest = &dg; /* hashed as written, as every PDF: the manifest need not read it back */
  bool ok = pdf_render_list(run->s.fonts, s.pages, s.npages, &info, &opt, path, flag, &io_err, diag);
  if (ok) pdf_fonts_used_faces(run->s.fonts, flag, used, used_count);
  free(flag);
  free(title);
  set_free(&s);
  if (ok && dg.set) return bat_doc_ok_digest(dg.bytes, dg.pages, dg.sha256);
  return ok ? bat_doc_ok() : io_err ? bat_doc_system(io_err, path) : bat_doc_error();
}
