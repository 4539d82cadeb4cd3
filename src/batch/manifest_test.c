/* The manifest's fonts column: produce() hands it back, it round-trips through the journal and
 * the manifest (CSV quoting included), a skipped or --only-carried document keeps it, a manifest
 * written before the column (7 fields) still verifies and lets a re-run skip, an edited column
 * fails the manifest's own digest. (Apart from batch_test.c, which is long enough.) */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../tests/check.h"
#include "batch/batch.h"
#include "batch/batch_private.h"
#include "batch/testing.h"
#include "core/lang.h"
#include "core/outfile.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"

typedef struct {
  const char *version; /* goes into every document's fonts text */
  const char *fail_on; /* job path that fails after writing its fonts text */
  bool digest;         /* hand batch the digest of what was written, as the PDF writer does,
                          with a page count of 7 that reading the file back would not give */
} fake_ctx;

static bat_doc_result fake_produce(void *ctx, const bat_job *job, const char *final_path, strbuf *fonts,
                                   diag_sink *diag) {
  const fake_ctx *c = ctx;
  /* a comma, a quote and a line break: the column must survive CSV and stay on one line */
  strbuf_printf(fonts, "Body \"%s\", A.ttc:2 sha256=%s;\nnext", c->version, job->fingerprint);
  if (c->fail_on && strcmp(job->path, c->fail_on) == 0) {
    diag_error(diag, ((src_loc){"round.xml", 7, 0, job->applicant}), "bad record");
    return bat_doc_error();
  }
  strbuf b;
  strbuf_init(&b);
  strbuf_printf(&b, "%%PDF-1.4\n<< /Type /Page >>\n%% %s\n", job->path);
  bool ok = outfile_write_all(final_path, b.data, b.len, diag);
  int err = errno;
  bat_doc_result r = ok ? bat_doc_ok() : bat_doc_system(err, final_path);
  if (ok && c->digest) {
    uint8_t d[SHA256_DIGEST_BYTES];
    char hex[SHA256_HEX_BYTES];
    sha256_buffer(b.data, b.len, d);
    sha256_to_hex(d, hex);
    r = bat_doc_ok_digest(b.len, 7, hex);
  }
  strbuf_release(&b);
  return r;
}

#define NJOBS 6
static bat_job jobs[NJOBS];
static char paths[NJOBS][64], ids[NJOBS][16];

static void make_jobs(void) {
  for (int i = 0; i < NJOBS; i++) {
    bool notice = i == NJOBS - 1;
    snprintf(ids[i], sizeof ids[i], "XC-%03d", i + 1);
    snprintf(paths[i], sizeof paths[i], "applicants/XC-%03d/application.pdf", i + 1);
    if (notice) {
      ids[i][0] = '\0';
      snprintf(paths[i], sizeof paths[i], "notice.pdf");
    }
    jobs[i] = (bat_job){.path = paths[i], .kind = notice ? "notice" : "application", .applicant = ids[i], .group = ""};
    char seed[32];
    snprintf(seed, sizeof seed, "input %d", i);
    uint8_t d[SHA256_DIGEST_BYTES];
    sha256_buffer(seed, strlen(seed), d);
    sha256_to_hex(d, jobs[i].fingerprint);
  }
}






static bat_options opts(fake_ctx *c) {
  return (bat_options){.produce = fake_produce, .ctx = c, .jobs = 2, .progress_mode = BAT_PROGRESS_QUIET};
}

/* The fonts text fake_produce() gives job 'i' in 'version'. */
static void want_fonts(char *out, size_t size, int i, const char *version) {
  snprintf(out, size, "Body \"%s\", A.ttc:2 sha256=%s; next", version, jobs[i].fingerprint);
}

/* The fonts of 'rel' in the manifest (or journal) 'file' of 'dir', as manifest_read() gives them;
 * "(absent)" when it is not listed. Malloc'd. */
static char *fonts_of(const char *dir, const char *file, const char *rel) {
  char *p = path_in(dir, file);
  bat_entries e = {0};
  diag_sink *d = diag_new(NULL, 0);
  manifest_read(p, &e, false, false, d);
  entries_sort_unique(&e);
  const bat_entry *en = entries_find(&e, rel);
  char *out = xstrdup(en ? en->fonts : "(absent)");
  entries_free(&e);
  diag_free(d);
  free(p);
  return out;
}

TEST(fonts_round_trip_through_the_manifest) {
  fake_ctx c = {.version = "v1"};
  char *dir = test_tmpdir("manifest");
  diag_sink *d = diag_new(NULL, 0);
  bat_options o = opts(&c);
  CHECK(bat_run(dir, jobs, NJOBS, &o, NULL, d));
  char *m = slurp(dir, "manifest.csv");
  CHECK(m && strncmp(m, BAT_MANIFEST_HEADER "\n", strlen(BAT_MANIFEST_HEADER) + 1) == 0);
  CHECK_CONTAINS(m, ",fingerprint,fonts\n");
  /* quoted as CSV, the line break made a space: one line per document */
  char want[256], line[400];
  snprintf(want, sizeof want, "Body \"\"v1\"\", A.ttc:2 sha256=%s; next", jobs[0].fingerprint);
  snprintf(line, sizeof line, "%s,\"%s\"\n", jobs[0].fingerprint, want);
  CHECK_CONTAINS(m, line);
  int lines = 0;
  for (const char *q = m; q && (q = strchr(q, '\n')) != NULL; q++) lines++;
  CHECK_INT(lines, NJOBS + 2); /* header, one per document, the closing line */
  for (int i = 0; i < NJOBS; i++) {
    char *got = fonts_of(dir, "manifest.csv", jobs[i].path);
    want_fonts(want, sizeof want, i, "v1");
    CHECK_STR(got, want);
    free(got);
  }
  bat_verify_stats vs;
  CHECK(bat_verify(dir, &vs, d));
  CHECK_INT(vs.files, NJOBS);
  CHECK_INT(diag_error_count(d), 0);
  free(m);
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

TEST(skipped_document_keeps_its_fonts) {
  fake_ctx c = {.version = "v1"};
  char *dir = test_tmpdir("manifest");
  diag_sink *d = diag_new(NULL, 0);
  bat_options o = opts(&c);
  bat_stats s;
  CHECK(bat_run(dir, jobs, NJOBS, &o, NULL, d));
  /* The same documents made with other fonts now: the unchanged files keep what they were set with. */
  c.version = "v2";
  bat_job changed[NJOBS];
  memcpy(changed, jobs, sizeof changed);
  changed[2].fingerprint[0] = changed[2].fingerprint[0] == 'a' ? 'b' : 'a';
  CHECK(bat_run(dir, changed, NJOBS, &o, &s, d));
  CHECK_INT(s.skipped, NJOBS - 1);
  CHECK_INT(s.produced, 1);
  char want[256];
  for (int i = 0; i < NJOBS; i++) {
    char *got = fonts_of(dir, "manifest.csv", jobs[i].path);
    if (i == 2)
      snprintf(want, sizeof want, "Body \"v2\", A.ttc:2 sha256=%s; next", changed[2].fingerprint);
    else
      want_fonts(want, sizeof want, i, "v1");
    CHECK_STR(got, want);
    free(got);
  }
  /* --only remakes the notice; the applications are carried over with their fonts. */
  o.force = true;
  o.only_kinds = "notice";
  c.version = "v3";
  CHECK(bat_run(dir, changed, NJOBS, &o, &s, d));
  CHECK_INT(s.produced, 1);
  for (int i = 0; i < NJOBS; i++) {
    char *got = fonts_of(dir, "manifest.csv", jobs[i].path);
    if (i == NJOBS - 1)
      want_fonts(want, sizeof want, i, "v3");
    else if (i == 2)
      snprintf(want, sizeof want, "Body \"v2\", A.ttc:2 sha256=%s; next", changed[2].fingerprint);
    else
      want_fonts(want, sizeof want, i, "v1");
    CHECK_STR(got, want);
    free(got);
  }
  CHECK(bat_verify(dir, NULL, d));
  CHECK_INT(diag_error_count(d), 0);
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

TEST(journal_carries_fonts_to_the_resumed_run) {
  fake_ctx c = {.version = "v1", .fail_on = "applicants/XC-002/application.pdf"};
  char *dir = test_tmpdir("manifest");
  diag_sink *d = diag_new(NULL, 0);
  bat_options o = opts(&c);
  bat_stats s;
  CHECK(!bat_run(dir, jobs, NJOBS, &o, &s, d));
  CHECK_INT(s.failed, 1);
  char *m = slurp(dir, "manifest.csv");
  CHECK(m == NULL);
  free(m);
  char want[256];
  for (int i = 0; i < NJOBS; i++) {
    char *got = fonts_of(dir, ".manifest.journal", jobs[i].path);
    if (i == 1) /* failed: its fonts text is not recorded */
      snprintf(want, sizeof want, "(absent)");
    else
      want_fonts(want, sizeof want, i, "v1");
    CHECK_STR(got, want);
    free(got);
  }
  /* The resumed run skips what the journal lists, with the journal's fonts. */
  c.fail_on = NULL;
  c.version = "v2";
  CHECK(bat_run(dir, jobs, NJOBS, &o, &s, d));
  CHECK_INT(s.skipped, NJOBS - 1);
  for (int i = 0; i < NJOBS; i++) {
    char *got = fonts_of(dir, "manifest.csv", jobs[i].path);
    want_fonts(want, sizeof want, i, i == 1 ? "v2" : "v1");
    CHECK_STR(got, want);
    free(got);
  }
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

TEST(edited_fonts_column_fails_verify) {
  fake_ctx c = {.version = "v1"};
  char *dir = test_tmpdir("manifest");
  diag_sink *d = diag_new(NULL, 0);
  bat_options o = opts(&c);
  CHECK(bat_run(dir, jobs, NJOBS, &o, NULL, d));
  char *m = slurp(dir, "manifest.csv");
  char *hit = m ? strstr(m, "\"\"v1\"\"") : NULL;
  CHECK(hit != NULL);
  if (hit) {
    hit[3] = '9'; /* v1 -> v9: same length, only the fonts column differs */
    write_text(dir, "manifest.csv", m);
  }
  diag_sink *v = diag_new(NULL, 0);
  CHECK(!bat_verify(dir, NULL, v));
  CHECK_CONTAINS(diag_text(v), "manifest.csv:8: error: the lines above do not match the manifest's own SHA-256");
  free(m);
  diag_free(v);
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

/* A writer that hashed its file as it wrote it (the PDF writer, issue 24): the manifest takes its
 * size, pages and SHA-256 without reading the file back (the 7 pages show it), and verify, which
 * does read every file, agrees with the digest. */
TEST(writer_digest_taken_without_reading_back) {
  fake_ctx c = {.version = "v1", .digest = true};
  char *dir = test_tmpdir("manifest");
  diag_sink *d = diag_new(NULL, 0);
  bat_options o = opts(&c);
  bat_stats s;
  CHECK(bat_run(dir, jobs, NJOBS, &o, &s, d));
  CHECK_INT(s.pages, 7 * NJOBS);
  char *m = slurp(dir, "manifest.csv");
  strbuf b;
  strbuf_init(&b);
  strbuf_printf(&b, "%%PDF-1.4\n<< /Type /Page >>\n%% %s\n", jobs[0].path);
  uint8_t dg[SHA256_DIGEST_BYTES];
  char hex[SHA256_HEX_BYTES], want[256];
  sha256_buffer(b.data, b.len, dg);
  sha256_to_hex(dg, hex);
  snprintf(want, sizeof want, "%s,application,%s,7,%zu,%s,%s,", jobs[0].path, jobs[0].applicant, b.len, hex,
           jobs[0].fingerprint);
  CHECK(m != NULL);
  if (m) CHECK_CONTAINS(m, want);
  bat_verify_stats vs;
  CHECK(bat_verify(dir, &vs, d));
  CHECK_INT(vs.files, NJOBS);
  CHECK_INT(diag_error_count(d), 0);
  strbuf_release(&b);
  free(m);
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

TEST(old_seven_column_manifest_still_reads) {
  fake_ctx c = {.version = "v1"};
  char *dir = test_tmpdir("manifest");
  diag_sink *d = diag_new(NULL, 0);
  bat_options o = opts(&c);
  CHECK(bat_run(dir, jobs, NJOBS, &o, NULL, d));
  /* Rewrite the manifest as yinfa wrote it before the fonts column, with a valid closing line. */
  bat_entries e = {0};
  char *file = path_in(dir, "manifest.csv");
  CHECK(manifest_read(file, &e, false, true, d));
  strbuf b;
  strbuf_init(&b);
  strbuf_append(&b, BAT_MANIFEST_HEADER_7 "\n");
  for (size_t i = 0; i < e.count; i++) {
    strbuf line;
    strbuf_init(&line);
    manifest_format_line(&line, &e.items[i]);
    /* drop the last field: the fonts text has no unquoted comma, so cut at the 7th comma */
    const char *q = line.data;
    for (int commas = 0; commas < 7 && q; commas++) q = strchr(q, ',') + 1;
    strbuf_append_n(&b, line.data, (size_t)(q - line.data - 1));
    strbuf_putc(&b, '\n');
    strbuf_release(&line);
  }
  uint8_t dg[SHA256_DIGEST_BYTES];
  char hex[SHA256_HEX_BYTES];
  sha256_buffer(b.data, b.len, dg);
  sha256_to_hex(dg, hex);
  strbuf_printf(&b, BAT_MANIFEST_END "%zu records, SHA-256 of the lines above %s\n", e.count, hex);
  write_text(dir, "manifest.csv", strbuf_str(&b));
  strbuf_release(&b);
  entries_free(&e);

  /* verify accepts it, the fonts are unknown ("") */
  bat_verify_stats vs;
  CHECK(bat_verify(dir, &vs, d));
  CHECK_INT(vs.files, NJOBS);
  char *got = fonts_of(dir, "manifest.csv", jobs[0].path);
  CHECK_STR(got, "");
  free(got);
  /* an edited line of an old manifest still fails its digest */
  char *m = slurp(dir, "manifest.csv");
  char *comma = m ? strstr(m, ",application,XC-001,1,") : NULL;
  CHECK(comma != NULL);
  if (comma) {
    comma[strlen(",application,XC-001,")] = '2';
    write_text(dir, "manifest.csv", m);
    diag_sink *v = diag_new(NULL, 0);
    CHECK(!bat_verify(dir, NULL, v));
    CHECK_CONTAINS(diag_text(v), "error: the lines above do not match");
    diag_free(v);
    comma[strlen(",application,XC-001,")] = '1';
    write_text(dir, "manifest.csv", m);
  }
  free(m);
  /* a re-run skips its unchanged documents and writes the new format, fonts unknown */
  bat_stats s;
  c.version = "v2";
  CHECK(bat_run(dir, jobs, NJOBS, &o, &s, d));
  CHECK_INT(s.skipped, NJOBS);
  m = slurp(dir, "manifest.csv");
  CHECK(m && strncmp(m, BAT_MANIFEST_HEADER "\n", strlen(BAT_MANIFEST_HEADER) + 1) == 0);
  char want[200];
  snprintf(want, sizeof want, ",%s,\n", jobs[0].fingerprint);
  CHECK_CONTAINS(m, want);
  free(m);
  CHECK(bat_verify(dir, NULL, d));
  CHECK_INT(diag_error_count(d), 0);
  free(file);
  diag_free(d);
  rm_rf(dir);
  free(dir);
}

int main(void) {
  lang_force(false);
  make_jobs();
  RUN(fonts_round_trip_through_the_manifest);
  RUN(skipped_document_keeps_its_fonts);
  RUN(journal_carries_fonts_to_the_resumed_run);
  RUN(edited_fonts_column_fails_verify);
  RUN(old_seven_column_manifest_still_reads);
  RUN(writer_digest_taken_without_reading_back);
  return CHECK_DONE();
}
