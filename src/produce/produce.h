/* produce: one document of a round, from its job to its file — the contract the batch stage
 * calls in each worker. Owns the list of documents a round makes (bat_job, with the fingerprint
 * of everything each depends on) and producing one: evaluate its template, lay it out once, hand
 * it to the writer of its format; or hand the round's data to a data writer. The writers are a
 * table (writers.c): each row names its format, what it consumes and its one entry point, so a
 * new format is one file (its writer) and one row. The result is typed (bat_doc_result): ok,
 * document error (with its located message), system error (errno and path); batch adds crash.
 * Sits between the batch stage and cli (above) and template, layout, pdf, ofd, scoring (below). */
#ifndef YINFA_PRODUCE_PRODUCE_H
#define YINFA_PRODUCE_PRODUCE_H

#include <stdbool.h>
#include <stddef.h>

#include "batch/batch.h"
#include "calendar/calendar.h"
#include "core/diag.h"
#include "docx/docx.h"
#include "html/html.h"
#include "listing/listing.h"
#include "core/sha256.h"
#include "input/input.h"
#include "ofd/ofd.h"
#include "pdf/pdf.h"
#include "scoring/scoring.h"
#include "template/template.h"

/* What a writer consumes. */
typedef enum {
  PRD_PAGES,     /* the laid-out pages (lay_document): pdf, ofd */
  PRD_BLOCKS,    /* the template's blocks before layout: docx, html (program.xml reflow=), list (list=) */
  PRD_ROUND_DATA /* the round's data as scored: csv, xlsx */
} prd_consumes;

/* Everything a run's documents share, set up once before the workers fork. Borrowed: it must
 * outlive the prd_run. */
typedef struct {
  const inp_round *round;
  const tpl_program *program;
  pdf_fonts *fonts;             /* prepared (pdf_fonts_prepare, and _other for ofd) */
  const scr_model *scores;      /* the scoring model for data documents, or NULL */
  const cal_calendar *calendar; /* official holidays for workdays-after */
  const tpl_var *vars;          /* the program's parameters and $order, then one slot for the group */
  size_t var_count;
  const char *date_iso;         /* the documents' creation date (the round's 成文日期), or NULL */
  const char *page_formats;     /* comma-separated writers to use ([output] formats): "pdf,ofd", "docx"
                                 * for the documents whose program.xml declares reflow="docx", "list"
                                 * (formats xlsx) for those that declare list= */
  bool bundle; /* [output] bundle = group: per group, its print set (the program's <group bundle=>),
                 every form (program.xml form="yes") of its applicants in one PDF (sets.c) */
  pdf_options pdf;
  ofd_options ofd;
  /* The fingerprint: besides the program's files and the fonts, every document depends on the
   * job's INI (each key but [output] formats, which says which documents are made, not what one
   * holds: the writer is in the job's own fingerprint), on these files (the holiday tables) and
   * on these notes (options that change the text). */
  const char *config;
  const char *const *inputs;
  size_t input_count;
  const char *const *notes;
  size_t note_count;
} prd_setup;

typedef struct prd_run prd_run;

prd_run *prd_run_new(const prd_setup *setup);
void prd_run_free(prd_run *run);

/* Lists every document of the round (each document kind per scope, once per page format asked
 * for, unless its when= excludes it) with its output path and fingerprint; with setup.bundle each
 * group's print set (kind PRD_BUNDLE_KIND); and each form kind's blank form (blank/<kind>.pdf,
 * bat_job.on_request: made by run --blank only). False after reporting a condition that cannot be
 * evaluated. Call once. */
bool prd_build_jobs(prd_run *run, diag_sink *diag);
/* The kind of a group's print set in the manifest and for --only. */
#define PRD_BUNDLE_KIND "bundle"

/* The jobs prd_build_jobs() listed (owned by 'run'); their 'user' points into 'run'. */
const bat_job *prd_jobs(const prd_run *run, size_t *count);

/* The batch stage's produce() (bat_produce_fn) for a job of prd_jobs(); 'run' is the prd_run. */
bat_doc_result prd_produce(void *run, const bat_job *job, const char *final_path, strbuf *fonts, diag_sink *diag);

/* SHA-256 (hex) of the file's bytes; false with errno set when it cannot be read (then 'hex' is
 * the digest of what was read). */
bool prd_file_sha256(const char *path, char hex[SHA256_HEX_BYTES]);

/* The environment variable that makes a worker crash on the document whose path (relative to
 * the output folder) it names: for the tests of the crash report only (docs/testing.md). */
#define PRD_TEST_CRASH_ENV "YINFA_TEST_CRASH_ON"

#endif
