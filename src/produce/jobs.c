/* The documents of a round: one job per document kind and scope target (the round, each group,
 * each applicant), once per page format asked for, with the output path its pattern expands to
 * and the fingerprint of everything the document depends on, so that an unchanged document is
 * skipped on a re-run and a changed input (or another yinfa) makes it again. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/build.h"
#include "core/ini.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "produce/produce_private.h"

prd_run *prd_run_new(const prd_setup *setup) {
  prd_run *run = xcalloc(1, sizeof *run);
  run->s = *setup;
  run->metrics = pdf_fonts_metrics(setup->fonts);
  const char *crash = getenv(PRD_TEST_CRASH_ENV);
  run->crash_on = crash && *crash ? crash : NULL;
  return run;
}

void prd_run_free(prd_run *run) {
  if (!run) return;
  for (size_t i = 0; i < run->count; i++) free(run->paths[i]);
  free(run->jobs);
  free(run->targets);
  free(run->paths);
  free(run->groups);
  for (size_t i = 0; i < run->font_sha.count; i++) free(run->font_sha.items[i].path);
  free(run->font_sha.items);
  if (run->laid) lay_document_free(run->laid);
  free(run->program_hex);
  free(run->spec_hex);
  free(run);
}

const bat_job *prd_jobs(const prd_run *run, size_t *count) {
  *count = run->count;
  return run->jobs;
}

bool prd_file_sha256(const char *path, char hex[SHA256_HEX_BYTES]) {
  FILE *f = fopen(path, "rb");
  char chunk[65536];
  size_t n;
  sha256_ctx file;
  sha256_init(&file);
  bool ok = f != NULL;
  if (f) {
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) sha256_update(&file, chunk, n);
    ok = !ferror(f);
    int err = errno;
    fclose(f);
    errno = err;
  }
  bat_fingerprint_final(&file, hex);
  return ok;
}

/* Adds the file's path and SHA-256 to the fingerprint; returns whether it could be read ('hex'
 * may be NULL). */
static bool hash_file(sha256_ctx *c, const char *path, char *hex_out) {
  char hex[SHA256_HEX_BYTES];
  bool ok = prd_file_sha256(path, hex);
  bat_fingerprint_add_str(c, path);
  bat_fingerprint_add_str(c, hex);
  if (hex_out) memcpy(hex_out, hex, SHA256_HEX_BYTES);
  return ok;
}

void prd_font_digest_add(prd_font_digests *d, const char *path, const char *hex) {
  for (size_t i = 0; i < d->count; i++)
    if (strcmp(d->items[i].path, path) == 0) return; /* two roles, one file */
  d->items = xgrow(d->items, &d->cap, d->count + 1, sizeof *d->items);
  d->items[d->count].path = xstrdup(path);
  memcpy(d->items[d->count].hex, hex, SHA256_HEX_BYTES);
  d->count++;
}

static char *expand_output(const char *pattern, const char *id, const char *group) {
  strbuf b;
  strbuf_init(&b);
  for (const char *p = pattern; *p;) {
    if (strncmp(p, "{id}", 4) == 0) {
      strbuf_append(&b, id ? id : "");
      p += 4;
    } else if (strncmp(p, "{group}", 7) == 0) {
      strbuf_append(&b, group ? group : "");
      p += 7;
    } else {
      strbuf_putc(&b, *p++);
    }
  }
  return strbuf_detach(&b);
}

/* The distinct groups in order of first appearance. Returns the count; *out is malloc'd. */
static size_t distinct_groups(const inp_round *round, const char ***out) {
  const char **list = xcalloc(round->applicant_count + 1, sizeof *list);
  size_t n = 0;
  for (size_t i = 0; i < round->applicant_count; i++) {
    const char *c = round->applicants[i].group;
    bool seen = false;
    for (size_t j = 0; j < n && !seen; j++) seen = strcmp(list[j], c) == 0;
    if (!seen) list[n++] = c;
  }
  *out = list;
  return n;
}

/* Whether INI key [section] key reaches a document only through what it loads, which the
 * fingerprint has already, or not at all: [output] formats says which documents are made, not
 * what one holds (the writer is in each job's fingerprint), so adding docx must not make the
 * PDFs again; [wording] file brings sentences, each in the fingerprint of the documents that use
 * it; [round] input the round, whose bytes are in every fingerprint; [round] output and [output]
 * jobs say where and by how many workers, not what. */
static bool config_key_elsewhere(const ini_entry *e) {
  static const char *const keys[][2] = {
      {"output", "formats"}, {"wording", "file"}, {"round", "input"}, {"round", "output"}, {"output", "jobs"}};
  for (size_t i = 0; e->key && i < sizeof keys / sizeof keys[0]; i++)
    if (strcmp(e->section, keys[i][0]) == 0 && strcmp(e->key, keys[i][1]) == 0) return true;
  return false;
}

/* The job's INI, key by key but those above. Every other key stays in, the issuer and dates as
 * much as the fonts or pdfa: any document may read any of them. Not its path: a copy of the INI
 * beside it makes the same documents (what its relative paths lead to, the round, the fonts,
 * the program's files, is fingerprinted by its content). An INI that cannot be read as one (it
 * was read already) counts by its bytes. */
static void config_fingerprint(const char *path, sha256_ctx *c, diag_sink *diag) {
  bat_fingerprint_add_str(c, "config");
  ini_file *ini = path ? ini_load(path, diag) : NULL;
  if (!ini) {
    if (path) hash_file(c, path, NULL);
    return;
  }
  for (size_t i = 0; i < ini_count(ini); i++) {
    const ini_entry *e = ini_at(ini, i);
    if (!e->key || config_key_elsewhere(e)) continue; /* a header alone says nothing */
    bat_fingerprint_add_str(c, e->section);
    bat_fingerprint_add_str(c, e->key);
    bat_fingerprint_add_str(c, e->value);
  }
  ini_free(ini);
}

/* The fingerprint every document starts from: this yinfa, the program's own files (not its
 * templates, includes and wording, which go into the documents made from them), the INI, the
 * run's input files and notes, the fonts (whose digests the manifest's fonts column reuses). */
static void shared_fingerprint(prd_run *run, sha256_ctx *shared, diag_sink *diag) {
  sha256_init(shared);
  /* the version and the build identity: a yinfa built from other sources (a layout, text or pdf
   * change) may set the same data differently, so it makes every document again */
  bat_fingerprint_add_str(shared, "yinfa-" YINFA_VERSION);
  bat_fingerprint_add_str(shared, yinfa_build_id());
  /* Manifests before this one had no fonts column: their documents are made once more, so that
   * every line of the manifest says what its document was set with. */
  bat_fingerprint_add_str(shared, "manifest with fonts");
  /* each program file read once: the documents made from a template add its digest */
  size_t files = tpl_program_file_count(run->s.program);
  run->program_hex = xcalloc(files + 1, sizeof *run->program_hex);
  for (size_t i = 0; i < files; i++) {
    const char *path = tpl_program_file(run->s.program, i);
    if (tpl_program_file_per_document(run->s.program, i)) prd_file_sha256(path, run->program_hex[i]);
    else hash_file(shared, path, run->program_hex[i]);
  }
  config_fingerprint(run->s.config, shared, diag);
  /* the run's font subsets: every character any document of the round may print (the round's
   * text, every template and sentence, the INI) decides the CIDs a PDF or OFD is written with, so
   * a new character anywhere (a sentence, an applicant's name) gives each of them other bytes
   * (add_job adds it to those; a DOCX, a web page or a workbook names characters, not glyphs) */
  uint32_t *cps = NULL;
  size_t ncp = pdf_fonts_prepared_set(run->s.fonts, &cps);
  sha256_ctx set;
  sha256_init(&set);
  char cp_text[16];
  for (size_t i = 0; i < ncp; i++) {
    snprintf(cp_text, sizeof cp_text, "%x,", (unsigned)cps[i]);
    sha256_update(&set, cp_text, strlen(cp_text));
  }
  bat_fingerprint_final(&set, run->subset_hex);
  free(cps);
  for (size_t i = 0; i < run->s.input_count; i++) hash_file(shared, run->s.inputs[i], NULL);
  for (size_t i = 0; i < run->s.note_count; i++) bat_fingerprint_add_str(shared, run->s.notes[i]);
  for (int r = 0; r < LAY_FONT_COUNT; r++) {
    /* a .ttc face is named "path:INDEX": hash the file's bytes and the name with its index */
    const char *role_file = pdf_fonts_role_file(run->s.fonts, (lay_font)r);
    const char *colon = strrchr(role_file, ':');
    char *file = colon && colon[1] >= '0' && colon[1] <= '9' ? xstrndup(role_file, (size_t)(colon - role_file))
                                                              : xstrdup(role_file);
    char hex[SHA256_HEX_BYTES];
    if (hash_file(shared, file, hex)) prd_font_digest_add(&run->font_sha, file, hex); /* for the manifest */
    bat_fingerprint_add_str(shared, role_file);
    free(file);
  }
}

/* Adds a file a template was made from: its path and the digest read once (else read now). */
static void add_program_file(const prd_run *run, sha256_ctx *c, const char *path) {
  for (size_t i = 0; i < tpl_program_file_count(run->s.program); i++)
    if (strcmp(tpl_program_file(run->s.program, i), path) == 0) {
      bat_fingerprint_add_str(c, path);
      bat_fingerprint_add_str(c, run->program_hex[i]);
      return;
    }
  hash_file(c, path, NULL);
}

/* What the documents of 'spec' are made from, as the template module recorded it while loading
 * (so that a template that gains an include or a sentence fingerprints it without a list here):
 * the template, every file its includes brought in, each sentence of the wording it uses. */
static void template_fingerprint(const prd_run *run, sha256_ctx *c, const tpl_document_spec *spec) {
  const char *f;
  for (size_t i = 0; (f = tpl_document_file(run->s.program, spec, i)); i++) add_program_file(run, c, f);
  const tpl_sentence *s;
  for (size_t i = 0; (s = tpl_document_sentence(run->s.program, spec, i)); i++) {
    bat_fingerprint_add_str(c, s->name);
    bat_fingerprint_add_str(c, s->text);
  }
}

/* Each document kind's template digest, once per run (the same for every job of the kind). */
static void spec_fingerprints(prd_run *run) {
  size_t n = tpl_program_document_count(run->s.program);
  run->spec_hex = xcalloc(n ? n : 1, sizeof *run->spec_hex);
  for (size_t d = 0; d < n; d++) {
    sha256_ctx c;
    sha256_init(&c);
    template_fingerprint(run, &c, tpl_program_document(run->s.program, d));
    bat_fingerprint_final(&c, run->spec_hex[d]);
  }
}

/* Adds the template digest of 'spec' (every kind's, for NULL: a print set joins them all). */
static void add_spec_fingerprint(const prd_run *run, sha256_ctx *c, const tpl_document_spec *spec) {
  bool found = false;
  for (size_t d = 0; d < tpl_program_document_count(run->s.program); d++)
    if (!spec || tpl_program_document(run->s.program, d) == spec) {
      bat_fingerprint_add_str(c, run->spec_hex[d]);
      found = true;
    }
  if (!found) template_fingerprint(run, c, spec); /* a spec of no listed kind: read it here */
}

static void add_job(prd_run *l, const sha256_ctx *shared, const prd_target *target, const char *round_file_hex) {
  size_t cap = l->cap;
  l->jobs = xgrow(l->jobs, &cap, l->count + 1, sizeof *l->jobs);
  cap = l->cap;
  l->targets = xgrow(l->targets, &cap, l->count + 1, sizeof *l->targets);
  cap = l->cap;
  l->paths = xgrow(l->paths, &cap, l->count + 1, sizeof *l->paths);
  l->cap = cap;

  const inp_round *round = l->s.round;
  const tpl_document_spec *spec = target->spec;
  const char *group = target->group;
  bool doc = target->made == PRD_MADE_DOC;
  const inp_applicant *a = doc && spec->scope == TPL_SCOPE_APPLICANT ? &round->applicants[target->applicant] : NULL;
  /* the list of a document (program.xml list=) has a name of its own: admitted.xlsx */
  bool list = strcmp(target->writer->format, "list") == 0;
  char *path = target->made == PRD_MADE_BUNDLE ? expand_output(tpl_program_group(l->s.program)->bundle, NULL, group)
               : target->made == PRD_MADE_BLANK ? expand_output(target->value ? "blank/{id}-{group}.pdf" : "blank/{id}.pdf",
                                                                spec->kind, target->value)
                                                : expand_output(list ? spec->list : spec->output, a ? a->id : NULL, group);
  /* a page document's pattern names its PDF: another page format writes its own extension */
  size_t plen = strlen(path), elen = strlen(target->writer->extension);
  if (!list && target->writer->consumes != PRD_ROUND_DATA && strcmp(target->writer->extension, ".pdf") != 0 && plen > 4 &&
      strcmp(path + plen - 4, ".pdf") == 0) {
    path = xrealloc(path, plen - 4 + elen + 1);
    memcpy(path + plen - 4, target->writer->extension, elen + 1);
  }
  bat_job *job = &l->jobs[l->count];
  const char *kind = target->made == PRD_MADE_BUNDLE ? PRD_BUNDLE_KIND : spec->kind;
  *job = (bat_job){.path = path, .kind = kind, .applicant = a ? a->id : "",
                   .group = a ? a->group : group ? group : "", .on_request = target->made == PRD_MADE_BLANK};
  l->targets[l->count] = *target;
  l->paths[l->count] = path;

  sha256_ctx c = *shared;
  bat_fingerprint_add_str(&c, kind);
  bat_fingerprint_add_str(&c, path);
  bat_fingerprint_add_str(&c, target->writer->format);
  if (target->writer->consumes == PRD_PAGES) bat_fingerprint_add_str(&c, l->subset_hex);
  /* a print set joins every form kind of its group: each template of the program, to be sure */
  add_spec_fingerprint(l, &c, target->made == PRD_MADE_BUNDLE ? NULL : spec);
  if (a) {
    char *canon = inp_applicant_canonical(round, target->applicant);
    bat_fingerprint_add_str(&c, canon);
    free(canon);
    /* a score is relative (min and max over the population): it depends on every applicant */
    if (l->s.scores) bat_fingerprint_add_str(&c, round_file_hex);
  } else {
    /* the notice and group tables depend on many applicants: the whole round (a print set too;
     * a blank form only on the round's own attributes, which are in it) */
    bat_fingerprint_add_str(&c, round_file_hex);
  }
  bat_fingerprint_final(&c, job->fingerprint);
  l->count++;
}

tpl_context prd_doc_context(const prd_run *run, const tpl_document_spec *spec, size_t applicant, const char *group,
                            tpl_var *vars) {
  tpl_context ctx = {.round = inp_round_xml(run->s.round), .vars = vars, .var_count = run->s.var_count,
                     .calendar = run->s.calendar};
  if (spec->scope == TPL_SCOPE_APPLICANT) {
    ctx.context = inp_applicant_xml(run->s.round, applicant);
  } else {
    ctx.context = inp_round_root_xml(run->s.round);
    vars[run->s.var_count - 1].value = group ? group : "";
  }
  return ctx;
}

/* Whether 'format' is in the comma-separated 'list'. */
static bool listed(const char *list, const char *format) {
  size_t n = strlen(format);
  for (const char *p = list ? list : ""; *p;) {
    size_t k = strcspn(p, ",");
    if (k == n && strncmp(p, format, n) == 0) return true;
    p += k + (p[k] == ',');
  }
  return false;
}

/* Whether 'word' is one of the space-separated words of 'words' (program.xml reflow="docx html"). */
static bool word_in(const char *words, const char *word) {
  size_t n = strlen(word);
  for (const char *p = words; *p;) {
    size_t k = strcspn(p, " ");
    if (k == n && strncmp(p, word, n) == 0) return true;
    p += k + (p[k] == ' ');
  }
  return false;
}

/* Adds the document's jobs unless its when= condition excludes it: a page document once per
 * page writer asked for, a data document by the writer of its format. False after reporting a
 * condition that cannot be evaluated. */
bool prd_applies(const prd_run *run, const tpl_document_spec *spec, size_t applicant, const char *group, bool *error,
                 diag_sink *diag) {
  *error = false;
  if (!spec->when) return true;
  tpl_var *vars = xmalloc(run->s.var_count * sizeof *vars);
  memcpy(vars, run->s.vars, run->s.var_count * sizeof *vars);
  tpl_context ctx = prd_doc_context(run, spec, applicant, group, vars);
  bool yes = tpl_document_applies(run->s.program, spec, &ctx, error, diag);
  free(vars);
  return yes && !*error;
}

bool prd_same_target(const prd_target *a, const prd_target *b) {
  return a->spec == b->spec && a->applicant == b->applicant && a->made == b->made &&
         (a->group == b->group || (a->group && b->group && strcmp(a->group, b->group) == 0)) &&
         a->value == b->value; /* both point into the spec's blank_values */
}

static bool add_if(prd_run *run, const sha256_ctx *shared, const tpl_document_spec *spec, size_t applicant,
                   const char *group, const char *round_hex, diag_sink *diag) {
  bool error = false;
  if (!prd_applies(run, spec, applicant, group, &error, diag)) return !error;
  const prd_writer *own = prd_writer_find(spec->format ? spec->format : "pdf");
  size_t first = run->count;
  for (size_t w = 0; w < prd_writer_count(); w++) {
    const prd_writer *wr = prd_writer_at(w);
    /* the template says "pdf" for a page document: it is made in each page format asked for */
    bool page_doc = own && own->consumes == PRD_PAGES;
    bool take = !page_doc ? wr == own
                : wr->consumes == PRD_PAGES ? listed(run->s.page_formats, wr->format)
                /* written from its blocks too when the program declares it (reflow="docx") and the
                 * run asks for it; other kinds ignore docx */
                : strcmp(wr->format, "list") == 0 ? spec->list != NULL && listed(run->s.page_formats, wr->format)
                : wr->consumes == PRD_BLOCKS && spec->reflow && word_in(spec->reflow, wr->format) &&
                      listed(run->s.page_formats, wr->format);
    if (take) add_job(run, shared, &(prd_target){spec, applicant, group, wr, PRD_MADE_DOC, NULL}, round_hex);
  }
  /* the page formats of one document are made together: laid out once (writers.c) */
  for (size_t i = first + 1; i < run->count; i++) run->jobs[i].with_previous = true;
  return true;
}

bool prd_build_jobs(prd_run *run, diag_sink *diag) {
  const tpl_program *program = run->s.program;
  const inp_round *round = run->s.round;
  sha256_ctx shared;
  shared_fingerprint(run, &shared, diag);
  spec_fingerprints(run);

  sha256_ctx whole;
  sha256_init(&whole);
  /* the bytes the loader read, not the file again: a pipe (/dev/stdin) is empty the second time */
  bat_fingerprint_add_str(&whole, round->sha256);
  char round_hex[SHA256_HEX_BYTES];
  bat_fingerprint_final(&whole, round_hex);

  bool ok = true;
  size_t group_count = distinct_groups(round, &run->groups);
  for (size_t d = 0; d < tpl_program_document_count(program); d++) {
    const tpl_document_spec *spec = tpl_program_document(program, d);
    switch (spec->scope) {
      case TPL_SCOPE_ROUND: ok = add_if(run, &shared, spec, 0, NULL, round_hex, diag) && ok; break;
      case TPL_SCOPE_GROUP:
        for (size_t c = 0; c < group_count; c++) ok = add_if(run, &shared, spec, 0, run->groups[c], round_hex, diag) && ok;
        break;
      case TPL_SCOPE_APPLICANT:
        for (size_t i = 0; i < round->applicant_count; i++)
          ok = add_if(run, &shared, spec, i, NULL, round_hex, diag) && ok;
        break;
    }
  }
  /* the print sets and blank forms (sets.c), of the kinds program.xml declares forms */
  const tpl_document_spec *first_form = NULL;
  const prd_writer *pdf = prd_writer_find("pdf");
  for (size_t d = 0; d < tpl_program_document_count(program); d++) {
    const tpl_document_spec *spec = tpl_program_document(program, d);
    if (!spec->form) continue;
    if (!first_form) first_form = spec;
    /* one per value of blank-per= when the form's content follows that field (program.xml) */
    if (!spec->blank_per) add_job(run, &shared, &(prd_target){spec, 0, NULL, pdf, PRD_MADE_BLANK, NULL}, round_hex);
    for (size_t v = 0; spec->blank_per && v < spec->blank_value_count; v++)
      add_job(run, &shared, &(prd_target){spec, 0, NULL, pdf, PRD_MADE_BLANK, spec->blank_values[v]}, round_hex);
  }
  if (run->s.bundle && first_form && tpl_program_group(program))
    for (size_t c = 0; c < group_count; c++)
      add_job(run, &shared, &(prd_target){first_form, 0, run->groups[c], pdf, PRD_MADE_BUNDLE, NULL}, round_hex);
  for (size_t i = 0; i < run->count; i++) run->jobs[i].user = &run->targets[i]; /* after the last growth */
  return ok;
}
