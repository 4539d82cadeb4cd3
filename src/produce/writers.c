/* The writers as a table, and producing one document. A row names a format, the extension of
 * its files, what it consumes (the laid-out pages, the template's blocks, the round's data) and
 * its one entry point; prd_produce() prepares what the job's writer consumes and calls it. Each
 * entry point types its own failure: the writer saw whether a write failed (system error, with
 * that call's errno) or the document could not be made (document error, reported). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/build.h"
#include "core/lang.h"
#include "core/xmalloc.h"
#include "layout/layout.h"
#include "produce/produce_private.h"
#include "text/text.h"

/* ---- the entry points ---- */

/* A writer's bool and the errno of a failed write (0: the document itself failed) as a result. */
static bat_doc_result typed(bool ok, int io_err, const char *path) {
  return ok ? bat_doc_ok() : io_err ? bat_doc_system(io_err, path) : bat_doc_error();
}

static bat_doc_result write_pdf(const prd_run *run, prd_content in, const char *path, pdf_font_face **used,
                                size_t *used_count, diag_sink *diag) {
  int io_err = 0;
  pdf_digest dg = {0};
  pdf_options opt = run->s.pdf;
  opt.digest = &dg; /* hashed as written: the manifest need not read the file back */
  bool ok = pdf_render_used(run->s.fonts, in.pages, &opt, path, used, used_count, &io_err, diag);
  return ok && dg.set ? bat_doc_ok_digest(dg.bytes, dg.pages, dg.sha256) : typed(ok, io_err, path);
}

static bat_doc_result write_ofd(const prd_run *run, prd_content in, const char *path, pdf_font_face **used,
                                size_t *used_count, diag_sink *diag) {
  int io_err = 0;
  bool ok = ofd_render_used(run->s.fonts, in.pages, &run->s.ofd, path, used, used_count, &io_err, diag);
  return typed(ok, io_err, path);
}

static bat_doc_result write_csv(const prd_run *run, prd_content in, const char *path, pdf_font_face **used,
                                size_t *used_count, diag_sink *diag) {
  (void)in, (void)used, (void)used_count;
  int io_err = 0;
  bool ok = scr_write_csv(run->s.scores, run->s.round, path, &io_err, diag);
  return typed(ok, io_err, path);
}

static bat_doc_result write_xlsx(const prd_run *run, prd_content in, const char *path, pdf_font_face **used,
                                 size_t *used_count, diag_sink *diag) {
  (void)in, (void)used, (void)used_count;
  int io_err = 0;
  bool ok = scr_write_xlsx(run->s.scores, run->s.round, path, run->s.date_iso, &io_err, diag);
  return typed(ok, io_err, path);
}

/* The writers that read the template's blocks (not laid-out pages): each gets the document's
 * context, built here once for all three. */
typedef enum { BLOCKS_DOCX, BLOCKS_HTML, BLOCKS_LIST } blocks_writer;

static bat_doc_result write_blocks(const prd_run *run, prd_content in, const char *path, blocks_writer w,
                                   diag_sink *diag) {
  const prd_target *t = in.target;
  tpl_var *vars = xmalloc(run->s.var_count * sizeof *vars);
  memcpy(vars, run->s.vars, run->s.var_count * sizeof *vars);
  tpl_context ctx = prd_doc_context(run, t->spec, t->applicant, t->group, vars);
  int io_err = 0;
  bool ok = false;
  switch (w) {
  case BLOCKS_DOCX: {
    docx_options opt = {.date_iso = run->s.date_iso, .no_fsync = true};
    ok = docx_render(run->s.program, t->spec, &ctx, &opt, path, &io_err, diag);
    break;
  }
  case BLOCKS_HTML:
    ok = html_render(run->s.program, t->spec, &ctx, path, &io_err, diag);
    break;
  case BLOCKS_LIST:
    ok = lst_render(run->s.program, t->spec, &ctx, run->s.date_iso, path, &io_err, diag);
    break;
  }
  free(vars);
  return typed(ok, io_err, path);
}

/* An editable WordprocessingML document (docx/), for the notices. */
static bat_doc_result write_docx(const prd_run *run, prd_content in, const char *path, pdf_font_face **used,
                                 size_t *used_count, diag_sink *diag) {
  (void)used, (void)used_count;
  return write_blocks(run, in, path, BLOCKS_DOCX, diag);
}

/* One self-contained web page (html/): the 公示 for the website. */
static bat_doc_result write_html(const prd_run *run, prd_content in, const char *path, pdf_font_face **used,
                                 size_t *used_count, diag_sink *diag) {
  (void)used, (void)used_count;
  return write_blocks(run, in, path, BLOCKS_HTML, diag);
}

/* The document's tables as a workbook (listing/): admitted.xlsx, the list as the 公示 shows it. */
static bat_doc_result write_list(const prd_run *run, prd_content in, const char *path, pdf_font_face **used,
                                 size_t *used_count, diag_sink *diag) {
  (void)used, (void)used_count;
  return write_blocks(run, in, path, BLOCKS_LIST, diag);
}

/* The table. A new format: its writer (a module with one entry point) and a row here. */
static const prd_writer WRITERS[] = {
    {"pdf", ".pdf", PRD_PAGES, write_pdf},
    {"ofd", ".ofd", PRD_PAGES, write_ofd},
    {"csv", ".csv", PRD_ROUND_DATA, write_csv},
    {"xlsx", ".xlsx", PRD_ROUND_DATA, write_xlsx},
    {"docx", ".docx", PRD_BLOCKS, write_docx},
    {"list", ".xlsx", PRD_BLOCKS, write_list}, /* program.xml list=, [output] formats xlsx */
    {"html", ".html", PRD_BLOCKS, write_html},
};

size_t prd_writer_count(void) { return sizeof WRITERS / sizeof WRITERS[0]; }

const prd_writer *prd_writer_at(size_t i) { return i < prd_writer_count() ? &WRITERS[i] : NULL; }

const prd_writer *prd_writer_find(const char *format) {
  for (size_t i = 0; i < prd_writer_count(); i++)
    if (strcmp(WRITERS[i].format, format) == 0) return &WRITERS[i];
  return NULL;
}

/* ---- the manifest's fonts column ---- */

/* The SHA-256 of font file 'path', hashed at most once per process; NULL with *err set after
 * reporting a file that cannot be read. */
static const char *font_sha256(prd_font_digests *d, const char *path, int *err, diag_sink *diag) {
  for (size_t i = 0; i < d->count; i++)
    if (strcmp(d->items[i].path, path) == 0) return d->items[i].hex;
  char hex[SHA256_HEX_BYTES];
  if (!prd_file_sha256(path, hex)) {
    *err = errno;
    diag_error(diag, ((src_loc){path, 0, 0, NULL}),
               L("cannot read the font file to record its SHA-256 in the manifest: %s",
                 "无法读取字体文件以在清单中登记其 SHA-256：%s"),
               lang_strerror(*err));
    return NULL;
  }
  prd_font_digest_add(d, path, hex);
  return d->items[d->count - 1].hex;
}

/* The manifest's fonts column: "NAME sha256=HEX" per font file, joined by "; ", NAME being the
 * file's base name with ":INDEX" for a face of a .ttc other than its first; in NAME, '%', ';',
 * ':', control characters and bytes that are not UTF-8 are written %XX, so the text is UTF-8 and
 * splits unambiguously at "; ", at its last space and at ":". docs/cli.md describes it. A font
 * file that cannot be read is a system error on it. */
static bat_doc_result format_fonts(prd_font_digests *d, const pdf_font_face *used, size_t count, strbuf *out,
                                   diag_sink *diag) {
  for (size_t i = 0; i < count; i++) {
    int err = 0;
    const char *hex = font_sha256(d, used[i].path, &err, diag);
    if (!hex) return bat_doc_system(err, used[i].path);
    const char *slash = strrchr(used[i].path, '/');
    if (i) strbuf_append(out, "; ");
    const char *name = slash ? slash + 1 : used[i].path, *end = name + strlen(name);
    for (const char *p = name; p < end;) {
      unsigned char c = (unsigned char)*p;
      uint32_t cp;
      size_t n = c < 0x80 ? 1 : txt_utf8_decode(p, (size_t)(end - p), &cp);
      if (n == 0 || c < 0x20 || c == 0x7f || c == '%' || c == ';' || c == ':') {
        strbuf_printf(out, "%%%02X", c); /* a file name in GBK, say, is not UTF-8 */
        p++;
      } else {
        strbuf_append_n(out, p, n);
        p += n;
      }
    }
    if (used[i].index) strbuf_printf(out, ":%u", used[i].index);
    strbuf_printf(out, " sha256=%s", hex);
  }
  return bat_doc_ok();
}

/* ---- one document ---- */

lay_document *prd_lay_out(const prd_run *run, const prd_target *t, diag_sink *diag) {
  tpl_var *vars = xmalloc(run->s.var_count * sizeof *vars);
  memcpy(vars, run->s.vars, run->s.var_count * sizeof *vars);
  tpl_context ctx = prd_doc_context(run, t->spec, t->applicant, t->group, vars);
  prd_blank *blank = t->made == PRD_MADE_BLANK ? prd_blank_context(run, t, &ctx) : NULL;
  lay_document *doc = lay_document_new(&run->metrics, t->spec->options, diag);
  bool ok = tpl_render(run->s.program, t->spec, &ctx, doc, diag);
  if (ok) {
    lay_info info = *lay_get_info(doc);
    info.date = run->s.date_iso;
    if (!info.creator) info.creator = "yinfa yinfa-" YINFA_VERSION;
    char *title = blank ? prd_blank_title(info.title) : NULL; /* "…评审表：" without the name */
    if (title) info.title = title;
    lay_set_info(doc, &info);
    free(title);
    ok = lay_finish(doc);
  }
  prd_blank_free(blank);
  free(vars);
  if (!ok) {
    lay_document_free(doc);
    return NULL;
  }
  return doc;
}

/* The document of 't' laid out: the one the previous job of this worker laid out when it is the
 * same document (its other page format), else laid out now and kept for the next job. NULL
 * after reporting. */
static const lay_document *pages_of(prd_run *run, const bat_job *job, const prd_target *t, diag_sink *diag) {
  bool same = run->laid_path && prd_same_target(&run->laid_for, t);
  if (same && !run->laid) /* its errors were given with the other format; one line here */
    diag_error(diag, ((src_loc){job->path, 0, 0, job->applicant[0] ? job->applicant : NULL}),
               L("not written: the document could not be set (the errors given for %s)",
                 "未生成：该文书无法排版（见对 %s 给出的错误）"),
               run->laid_path);
  if (same) return run->laid;
  if (run->laid) lay_document_free(run->laid);
  run->laid = prd_lay_out(run, t, diag);
  run->laid_for = *t;
  run->laid_path = job->path;
  return run->laid;
}

/* Whether 't' is a document's blocks (docx, html, its list) evaluated again right after this
 * worker evaluated the same document for its pages: its warnings (a calendar year accepted by
 * its statutory days, say) and errors were given then. */
static bool blocks_again(const prd_run *run, const bat_job *job, const prd_target *t) {
  return t->writer->consumes == PRD_BLOCKS && job->with_previous && run->laid_path && prd_same_target(&run->laid_for, t);
}

/* Writes such a document without saying again what its pages' job said: quietly; when that
 * fails, one line pointing at those messages if its pages failed too, else (an error of its own)
 * once more with the messages. */
static bat_doc_result write_again(const prd_run *run, const bat_job *job, prd_content in, const char *final_path,
                                  diag_sink *diag) {
  pdf_font_face *used = NULL;
  size_t used_count = 0;
  diag_sink *quiet = diag_new_like(diag, NULL, 1);
  bat_doc_result r = in.target->writer->write(run, in, final_path, &used, &used_count, quiet);
  diag_free(quiet);
  free(used); /* a document's blocks are set with no font: nothing for the manifest's fonts */
  used = NULL;
  if (r.kind != BAT_DOC_ERROR) return r;
  if (run->laid) { /* its pages were made: this error is its own, said now */
    r = in.target->writer->write(run, in, final_path, &used, &used_count, diag);
    free(used);
    return r;
  }
  diag_error(diag, ((src_loc){job->path, 0, 0, job->applicant[0] ? job->applicant : NULL}),
             L("not written: the document could not be made (the errors given for %s)",
               "未生成：该文书无法生成（见对 %s 给出的错误）"),
             run->laid_path);
  return r;
}

bat_doc_result prd_produce(void *vrun, const bat_job *job, const char *final_path, strbuf *fonts, diag_sink *diag) {
  prd_run *run = vrun;
  const prd_target *t = job->user;
  if (run->crash_on && strcmp(run->crash_on, job->path) == 0) abort(); /* PRD_TEST_CRASH_ENV */
  prd_content in = {.target = t};
  bool bundle = t->made == PRD_MADE_BUNDLE;
  if (!bundle && t->writer->consumes == PRD_PAGES && !(in.pages = pages_of(run, job, t, diag))) return bat_doc_error();
  pdf_font_face *used = NULL;
  size_t used_count = 0;
  bat_doc_result r = bundle                   ? prd_write_bundle(run, job, final_path, &used, &used_count, diag)
                     : blocks_again(run, job, t) ? write_again(run, job, in, final_path, diag)
                                                 : t->writer->write(run, in, final_path, &used, &used_count, diag);
  if (r.kind == BAT_DOC_OK) {
    bat_doc_result f = format_fonts(&run->font_sha, used, used_count, fonts, diag);
    if (f.kind != BAT_DOC_OK) unlink(final_path); /* a document the manifest cannot describe is not kept */
    if (f.kind != BAT_DOC_OK) r = f;
  }
  free(used);
  return r;
}
