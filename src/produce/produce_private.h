/* Internals shared by jobs.c and writers.c: the run, a job's target, the writers' table. */
#ifndef YINFA_PRODUCE_PRIVATE_H
#define YINFA_PRODUCE_PRIVATE_H

#include "produce/produce.h"

/* SHA-256 of font files by path, for the manifest's fonts column: the roles' fonts as the job
 * list hashed them for the fingerprint, a fallback font the first time a worker embeds it (each
 * forked worker fills its own copy). */
typedef struct {
  char *path;
  char hex[SHA256_HEX_BYTES];
} prd_font_digest;

typedef struct {
  prd_font_digest *items;
  size_t count, cap;
} prd_font_digests;

/* What a writer gets besides the run: the content it consumes. */
typedef struct {
  const lay_document *pages;       /* PRD_PAGES */
  const struct prd_target *target; /* PRD_BLOCKS: the document whose template the writer evaluates */
} prd_content;

/* A writer: one row of the table. 'write' writes 'path' atomically and returns the typed
 * result; a page writer lists in *used the font files it embedded (malloc'd, or NULL). */
typedef struct prd_writer {
  const char *format;    /* as program.xml format= and [output] formats name it */
  const char *extension; /* of the files it writes: ".pdf" */
  prd_consumes consumes;
  bat_doc_result (*write)(const prd_run *run, prd_content in, const char *path, pdf_font_face **used,
                          size_t *used_count, diag_sink *diag);
} prd_writer;

/* The writer of 'format', or NULL. */
const prd_writer *prd_writer_find(const char *format);
/* The table's rows, in order. */
const prd_writer *prd_writer_at(size_t i);
size_t prd_writer_count(void);

/* What a job makes of its spec: the document, a group's print set, the blank form. */
typedef enum {
  PRD_MADE_DOC,
  PRD_MADE_BUNDLE, /* 'group''s print set: every form of its applicants ('spec' is the first form kind) */
  PRD_MADE_BLANK   /* the form 'spec' with no applicant's data: blank/<kind>.pdf */
} prd_made;

/* One document: its kind's spec, its scope's target and its writer. */
typedef struct prd_target {
  const tpl_document_spec *spec;
  size_t applicant;  /* index into round->applicants (applicant scope) */
  const char *group; /* group scope: the group's key value */
  const prd_writer *writer;
  prd_made made;
  const char *value; /* PRD_MADE_BLANK of a form with blank-per=: the value of that field it is
                      * made for (one of spec->blank_values); NULL otherwise */
} prd_target;

struct prd_run {
  prd_setup s;
  prd_font_digests font_sha;
  lay_metrics metrics;
  const char *crash_on; /* PRD_TEST_CRASH_ENV, tests only */
  /* In a worker: the last document laid out and for which target, so that the next job, the
   * same document in another page format (bat_job.with_previous), is not laid out again. */
  lay_document *laid; /* NULL when its layout failed */
  prd_target laid_for;
  const char *laid_path; /* the job it was laid out for (NULL: none yet) */
  /* the job list */
  bat_job *jobs;
  prd_target *targets;
  char **paths;
  size_t count, cap;
  const char **groups;
  /* SHA-256 of each tpl_program_file(), by its index, read once for every job's fingerprint */
  char (*program_hex)[SHA256_HEX_BYTES];
  /* SHA-256 of what each tpl_program_document() is made from (its template, includes and
   * sentences), by its index: computed once, added to each of its jobs' fingerprints */
  char (*spec_hex)[SHA256_HEX_BYTES];
  /* SHA-256 of the code points the run's font subsets were made for (pdf_fonts_prepared_set):
   * in the fingerprint of each document laid out in pages (PDF, OFD, a print set, a blank form) */
  char subset_hex[SHA256_HEX_BYTES];
};

/* Adds 'path' with its SHA-256 unless listed already. */
void prd_font_digest_add(prd_font_digests *d, const char *path, const char *hex);

/* Whether 'a' and 'b' are the same document (the same laid-out pages). */
bool prd_same_target(const prd_target *a, const prd_target *b);

/* Whether the document of 'spec' for that applicant or group is made (its when=); *error after
 * reporting a condition that cannot be evaluated. */
bool prd_applies(const prd_run *run, const tpl_document_spec *spec, size_t applicant, const char *group, bool *error,
                 diag_sink *diag);

/* Evaluates the document's template and lays it out (a blank form with an empty applicant);
 * NULL after reporting (a document error). */
lay_document *prd_lay_out(const prd_run *run, const prd_target *t, diag_sink *diag);

/* The context of a blank form (sets.c): a round of the round element's own attributes and one
 * empty <applicant/>, so that every applicant value is empty; for a form made per value of a
 * field (t->value, blank-per=) the applicant holds that field alone, set to it. Free with
 * prd_blank_free(). */
typedef struct prd_blank prd_blank;
prd_blank *prd_blank_context(const prd_run *run, const prd_target *t, tpl_context *ctx);
void prd_blank_free(prd_blank *b);
/* A blank form's title: 'title' without the separator its empty name left at its end
 * ("…评审表："), malloc'd; NULL when nothing is to be cut. */
char *prd_blank_title(const char *title);

/* Writes the print set of job 'job' (a PRD_MADE_BUNDLE target) to 'path' (sets.c). */
bat_doc_result prd_write_bundle(const prd_run *run, const bat_job *job, const char *path, pdf_font_face **used,
                                size_t *used_count, diag_sink *diag);

/* The template context of a document of 'spec'; 'vars' is a copy of the run's whose last slot
 * receives the group. */
tpl_context prd_doc_context(const prd_run *run, const tpl_document_spec *spec, size_t applicant, const char *group,
                            tpl_var *vars);

#endif
