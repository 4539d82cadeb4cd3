/* Unit tests for pdf_render: output, errors with source locations, nothing left on failure,
 * reproducible bytes, dates, PDF/A pieces. Text extraction is checked end to end by
 * tests/e2e/pdf_render.sh with poppler. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../tests/check.h"
#include "core/diag.h"
#include "core/lang.h"
#include "core/xmalloc.h"
#include "layout/layout.h"
#include "pdf/pdf.h"
#include "pdf/pdf_private.h"

static pdf_fonts *fonts;
static char dir[64];

static lay_op text_op(lay_font f, double x, double y, const char *s, int line) {
  lay_op op = {.kind = LAY_OP_TEXT, .from = {"page.tpl", line, 3, "A-001"}, .color = LAY_BLACK};
  op.u.text.font = f;
  op.u.text.size_pt = 16;
  op.u.text.x = x;
  op.u.text.y = y;
  op.u.text.utf8 = s;
  return op;
}

static lay_page one_page(lay_op *ops, size_t n) {
  return (lay_page){.ops = ops, .count = n, .cap = n, .width_pt = LAY_A4_WIDTH_PT, .height_pt = LAY_A4_HEIGHT_PT};
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = xmalloc((size_t)n + 1);
  *len = fread(b, 1, (size_t)n, f);
  b[*len] = 0;
  fclose(f);
  return b;
}

static bool contains(const char *hay, size_t len, const char *needle) {
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= len; i++)
    if (!memcmp(hay + i, needle, n)) return true;
  return false;
}

static int files_in_dir(void) {
  DIR *d = opendir(dir);
  int n = 0;
  for (struct dirent *e; d && (e = readdir(d));)
    if (e->d_name[0] != '.' || (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))) n++;
  if (d) closedir(d);
  return n;
}

static void clear_dir(void) {
  DIR *d = opendir(dir);
  char p[512];
  for (struct dirent *e; d && (e = readdir(d));) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    unlink(p);
  }
  if (d) closedir(d);
}

static lay_op ops[6];
static lay_page page;

static void build(void) {
  ops[0] = text_op(LAY_FONT_TITLE, 100, 100, "关于公布名单的通知", __LINE__);
  ops[1] = text_op(LAY_FONT_BODY, 80, 150, "许昌䶮堃喆珺〇𠮷，ABC 123。", __LINE__);
  ops[2] = (lay_op){.kind = LAY_OP_LINE, .color = LAY_RED};
  ops[2].u.line = (__typeof__(ops[2].u.line)){80, 120, 500, 120, 1};
  ops[3] = (lay_op){.kind = LAY_OP_CHECKBOX, .color = LAY_BLACK};
  ops[3].u.checkbox.x = 80, ops[3].u.checkbox.y = 200, ops[3].u.checkbox.size = 12, ops[3].u.checkbox.ticked = true;
  ops[4] = (lay_op){.kind = LAY_OP_RECT, .color = LAY_BLACK};
  ops[4].u.rect.x = 80, ops[4].u.rect.y = 220, ops[4].u.rect.w = 100, ops[4].u.rect.h = 20, ops[4].u.rect.stroke_pt = 0.5;
  ops[5] = text_op(LAY_FONT_HEADING, 80, 260, "一、总体要求", __LINE__);
  page = one_page(ops, 6);
  for (int i = 0; i < 6; i++)
    if (ops[i].kind == LAY_OP_TEXT) pdf_fonts_add_text(fonts, ops[i].u.text.utf8);
  pdf_fonts_add_text(fonts, "姓名：");
}

static const lay_info INFO = {.title = "通知 <A&B>", .author = "许昌市工业和信息化局", .date = "2022-03-18"};

TEST(renders_a_pdf) {
  diag_sink *d = diag_new(NULL, 0);
  char path[128];
  snprintf(path, sizeof path, "%s/a.pdf", dir);
  CHECK(pdf_render_pages(fonts, &page, 1, &INFO, &(pdf_options){0}, path, d));
  CHECK_STR(diag_text(d), "");
  size_t len = 0;
  char *b = slurp(path, &len);
  CHECK(b && len > 1000 && !memcmp(b, "%PDF-1.", 7));
  CHECK(b && contains(b, len, "/Identity-H"));
  CHECK(b && contains(b, len, "/ToUnicode"));
  CHECK(b && contains(b, len, "/CreationDate (D:20220318000000+08'00')"));
  CHECK(b && contains(b, len, "/Creator <FEFF00790069006E00660061>")); /* UTF-16BE text strings */
  CHECK(b && contains(b, len, "/ID [ <"));
  CHECK_INT(files_in_dir(), 1); /* no temporary left */
  free(b);
  diag_free(d);
  clear_dir();
}

TEST(byte_identical_renders) {
  diag_sink *d = diag_new(NULL, 0);
  char p1[128], p2[128];
  for (int pdfa = 0; pdfa <= 1; pdfa++) {
    snprintf(p1, sizeof p1, "%s/one.pdf", dir);
    snprintf(p2, sizeof p2, "%s/two.pdf", dir);
    pdf_options opt = {.pdfa = pdfa};
    CHECK(pdf_render_pages(fonts, &page, 1, &INFO, &opt, p1, d));
    CHECK(pdf_render_pages(fonts, &page, 1, &INFO, &opt, p2, d));
    size_t l1 = 0, l2 = 0;
    char *a = slurp(p1, &l1), *b = slurp(p2, &l2);
    CHECK(a && b && l1 == l2 && !memcmp(a, b, l1));
    free(a);
    free(b);
  }
  /* different content gives a different /ID */
  lay_info other = INFO;
  other.title = "另一个标题";
  CHECK(pdf_render_pages(fonts, &page, 1, &other, &(pdf_options){0}, p2, d));
  size_t l1 = 0, l2 = 0;
  char *a = slurp(p1, &l1), *b = slurp(p2, &l2);
  char *ia = a ? memmem(a, l1, "/ID [", 5) : NULL, *ib = b ? memmem(b, l2, "/ID [", 5) : NULL;
  CHECK(ia && ib && memcmp(ia, ib, 40) != 0);
  free(a);
  free(b);
  diag_free(d);
  clear_dir();
}

/* The worker's program cache (progcache.c): a document drawing the same glyphs of a subset gets
 * the same program from it, one drawing other glyphs gets its own, and a document is byte for byte
 * the same whether its programs came from the cache or were cut anew. */
TEST(program_cache) {
  diag_sink *d = diag_new(NULL, 0);
  char p1[128], p2[128], p3[128];
  snprintf(p1, sizeof p1, "%s/one.pdf", dir);
  snprintf(p2, sizeof p2, "%s/two.pdf", dir);
  snprintf(p3, sizeof p3, "%s/three.pdf", dir);
  lay_op other_ops[6];
  memcpy(other_ops, ops, sizeof other_ops);
  other_ops[1] = text_op(LAY_FONT_BODY, 80, 150, "许昌〇，ABC。", __LINE__); /* fewer body glyphs */
  lay_page other = one_page(other_ops, 6);
  pdf_program_cache_release(&fonts->cache);
  CHECK(pdf_render_pages(fonts, &page, 1, &INFO, &(pdf_options){0}, p1, d));
  size_t first = fonts->cache.nprog;
  CHECK(first > 0);
  CHECK(pdf_render_pages(fonts, &page, 1, &INFO, &(pdf_options){0}, p1, d));
  CHECK_INT(fonts->cache.nprog, first); /* every program from the cache */
  CHECK(pdf_render_pages(fonts, &other, 1, &INFO, &(pdf_options){0}, p2, d));
  CHECK(fonts->cache.nprog > first); /* the body's program of other glyphs is its own */
  pdf_program_cache_release(&fonts->cache);
  CHECK(pdf_render_pages(fonts, &other, 1, &INFO, &(pdf_options){0}, p3, d));
  size_t l2 = 0, l3 = 0;
  char *b = slurp(p2, &l2), *c = slurp(p3, &l3);
  CHECK(b && c && l2 == l3 && !memcmp(b, c, l2));
  free(b);
  free(c);
  diag_free(d);
  clear_dir();
}

/* Word joiners and other invisible characters (U+00AD SOFT HYPHEN too: weak-soft-hyphen-gap)
 * are not drawn: the PDF is the one without them, except for the /ID (a hash of the text as given). */
TEST(invisible_characters_not_drawn) {
  diag_sink *d = diag_new(NULL, 0);
  char p1[128], p2[128];
  snprintf(p1, sizeof p1, "%s/plain.pdf", dir);
  snprintf(p2, sizeof p2, "%s/joined.pdf", dir);
  lay_op o1 = text_op(LAY_FONT_BODY, 80, 150, "姓名：许昌", __LINE__);
  lay_op o2 = text_op(LAY_FONT_BODY, 80, 150, "\u2060姓\u2060名\uFEFF：\u200B许\u00AD\u2060昌\u200D", __LINE__);
  lay_page pg1 = one_page(&o1, 1), pg2 = one_page(&o2, 1);
  CHECK(pdf_render_pages(fonts, &pg1, 1, &INFO, &(pdf_options){0}, p1, d));
  CHECK(pdf_render_pages(fonts, &pg2, 1, &INFO, &(pdf_options){0}, p2, d));
  CHECK_STR(diag_text(d), "");
  size_t l1 = 0, l2 = 0;
  char *a = slurp(p1, &l1), *b = slurp(p2, &l2);
  char *ia = a ? memmem(a, l1, "/ID [", 5) : NULL, *ib = b ? memmem(b, l2, "/ID [", 5) : NULL;
  char *ea = ia ? memchr(ia, ']', l1 - (size_t)(ia - a)) : NULL;
  char *eb = ib ? memchr(ib, ']', l2 - (size_t)(ib - b)) : NULL;
  CHECK(ea && eb && l1 == l2 && ia - a == ib - b && ea - a == eb - b);
  if (ea && eb && l1 == l2 && ia - a == ib - b && ea - a == eb - b) {
    CHECK(memcmp(a, b, (size_t)(ia - a)) == 0);
    CHECK(memcmp(ea, eb, l1 - (size_t)(ea - a)) == 0);
  }
  free(a);
  free(b);
  diag_free(d);
  clear_dir();
}

TEST(missing_character_is_located_error) {
  diag_sink *d = diag_new(NULL, 0);
  char path[128];
  snprintf(path, sizeof path, "%s/bad.pdf", dir);
  lay_op bad[2] = {ops[0], text_op(LAY_FONT_BODY, 80, 300, "姓名：\xEE\x80\x80", 42)};
  lay_page p = one_page(bad, 2);
  CHECK(!pdf_render_pages(fonts, &p, 1, &INFO, &(pdf_options){0}, path, d));
  CHECK_CONTAINS(diag_text(d), "U+E000");
  CHECK_CONTAINS(diag_text(d), "page.tpl:42");
  CHECK_CONTAINS(diag_text(d), "A-001");
  CHECK(access(path, F_OK) != 0);
  CHECK_INT(files_in_dir(), 0);
  diag_free(d);

  /* a drawable character that was never collected before prepare: an internal error, not a blank */
  d = diag_new(NULL, 0);
  lay_op late[1] = {text_op(LAY_FONT_BODY, 80, 300, "鬱", 43)};
  p = one_page(late, 1);
  CHECK(!pdf_render_pages(fonts, &p, 1, &INFO, &(pdf_options){0}, path, d));
  CHECK_CONTAINS(diag_text(d), "U+9B31");
  CHECK_CONTAINS(diag_text(d), "page.tpl:43");
  CHECK_INT(files_in_dir(), 0);
  diag_free(d);
}

/* issue 14 §9: a libharu failure stops the document at once and says what failed, in which
 * document, page and box, with libharu's own code (not a sum of codes), and no file is left. */
TEST(library_failure_names_document_page_and_box) {
  diag_sink *d = diag_new(NULL, 0);
  char path[128];
  snprintf(path, sizeof path, "%s/rule.pdf", dir);
  lay_op rule = {.kind = LAY_OP_LINE, .from = {"summary.xml", 17, 5, "XC-2022-001"}, .color = LAY_BLACK};
  rule.u.line.x1 = 100, rule.u.line.y1 = 200, rule.u.line.x2 = 300, rule.u.line.y2 = 200;
  rule.u.line.width_pt = -1; /* a negative width */
  lay_op list[4] = {ops[0], ops[0], rule, text_op(LAY_FONT_BODY, 80, 400, "姓名：", 44)};
  lay_page pages[2] = {one_page(list, 2), one_page(list + 1, 3)};
  CHECK(!pdf_render_pages(fonts, pages, 2, &INFO, &(pdf_options){0}, path, d));
  const char *msg = diag_text(d);
  CHECK_CONTAINS(msg, "summary.xml:17");
  CHECK_CONTAINS(msg, "XC-2022-001");
  CHECK_CONTAINS(msg, "rule.pdf");
  CHECK_CONTAINS(msg, "page 2");
  CHECK_CONTAINS(msg, "rule from (100.0, 200.0) to (300.0, 200.0) pt, -1.00 pt wide");
  CHECK_CONTAINS(msg, "0x1056");
  CHECK_CONTAINS(msg, "value out of range");
  CHECK(strstr(msg, "page.tpl:44") == NULL); /* nothing after the failure was drawn */
  CHECK_INT(diag_error_count(d), 1);
  CHECK(access(path, F_OK) != 0);
  CHECK_INT(files_in_dir(), 0);
  diag_free(d);
}

TEST(unwritable_folder) {
  diag_sink *d = diag_new(NULL, 0);
  CHECK(!pdf_render_pages(fonts, &page, 1, &INFO, &(pdf_options){0}, "/nonexistent-dir/x.pdf", d));
  CHECK_CONTAINS(diag_text(d), "/nonexistent-dir/x.pdf");
  diag_free(d);
}

/* A full disk, simulated with RLIMIT_FSIZE in a child: false, errno EFBIG, nothing left. */
TEST(file_size_limit) {
  char path[128];
  snprintf(path, sizeof path, "%s/big.pdf", dir);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {2000, 2000};
    setrlimit(RLIMIT_FSIZE, &rl);
    diag_sink *d = diag_new(NULL, 0);
    bool ok = pdf_render_pages(fonts, &page, 1, &INFO, &(pdf_options){.no_fsync = true}, path, d);
    int e = errno;
    _exit(ok ? 10 : e == EFBIG && strstr(diag_text(d), "big.pdf") ? 0 : 11);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK_INT(WEXITSTATUS(status), 0);
  CHECK_INT(files_in_dir(), 0);
  /* without the limit, no_fsync renders normally */
  diag_sink *d = diag_new(NULL, 0);
  CHECK(pdf_render_pages(fonts, &page, 1, &INFO, &(pdf_options){.no_fsync = true}, path, d));
  CHECK_INT(files_in_dir(), 1);
  diag_free(d);
  clear_dir();
}

TEST(dates_never_from_clock) {
  diag_sink *d = diag_new(NULL, 0);
  char path[128];
  snprintf(path, sizeof path, "%s/d.pdf", dir);
  lay_info no_date = INFO;
  no_date.date = NULL;
  unsetenv("SOURCE_DATE_EPOCH");
  CHECK(pdf_render_pages(fonts, &page, 1, &no_date, &(pdf_options){0}, path, d));
  size_t len = 0;
  char *b = slurp(path, &len);
  CHECK(b && !contains(b, len, "/CreationDate"));
  free(b);
  setenv("SOURCE_DATE_EPOCH", "1647600000", 1); /* 2022-03-18 10:40:00 UTC */
  CHECK(pdf_render_pages(fonts, &page, 1, &no_date, &(pdf_options){0}, path, d));
  b = slurp(path, &len);
  CHECK(b && contains(b, len, "/CreationDate (D:20220318104000Z"));
  free(b);
  unsetenv("SOURCE_DATE_EPOCH");
  diag_free(d);
  clear_dir();
}

/* Streams in the PDF 'b': how many, how many with an indirect /Length ("/Length 6 0 R"), and how
 * many whose direct /Length is not the count of bytes between "stream\r\n" and "\nendstream". */
static void stream_lengths(const char *b, size_t len, int *streams, int *indirect, int *wrong) {
  *streams = *indirect = *wrong = 0;
  for (const char *p = b; (p = memmem(p, len - (size_t)(p - b), ">>\012stream\015\012", 11)) != NULL; p += 11) {
    (*streams)++;
    const char *d = p;
    while (d > b && memcmp(d, "<<", 2) != 0) d--; /* the stream's dictionary (ours hold no <<) */
    const char *l = memmem(d, (size_t)(p - d), "/Length ", 8);
    if (!l) {
      (*wrong)++;
      continue;
    }
    char *end;
    unsigned long n = strtoul(l + 8, &end, 10);
    if (!strncmp(end, " 0 R", 4)) {
      (*indirect)++;
      continue;
    }
    const char *data = p + 11;
    if ((size_t)(data - b) + n + 10 > len || memcmp(data + n, "\012endstream", 10) != 0) (*wrong)++;
  }
}

TEST(pdfa_pieces) {
  diag_sink *d = diag_new(NULL, 0);
  char path[128];
  snprintf(path, sizeof path, "%s/a.pdf", dir);
  CHECK(pdf_render_pages(fonts, &page, 1, &INFO, &(pdf_options){.pdfa = true}, path, d));
  CHECK_STR(diag_text(d), "");
  size_t len = 0;
  char *b = slurp(path, &len);
  CHECK(b && !memcmp(b, "%PDF-1.4", 8));
  CHECK(b && contains(b, len, "<pdfaid:part>1</pdfaid:part>"));
  CHECK(b && contains(b, len, "/Subtype /XML"));
  CHECK(b && contains(b, len, "通知 &lt;A&amp;B&gt;")); /* escaped in XMP */
  CHECK(b && contains(b, len, "<xmp:CreateDate>2022-03-18T00:00:00+08:00</xmp:CreateDate>"));
  CHECK(b && contains(b, len, "/S /GTS_PDFA1"));
  CHECK(b && contains(b, len, "/DestOutputProfile "));
  CHECK(b && !contains(b, len, "/DestOutputProfile  "));
  CHECK(b && contains(b, len, "/CIDSet"));
  CHECK(b && !contains(b, len, "YinfaCIDSet"));
  /* our streams (fonts, ToUnicode, CIDSet, profile, XMP) carry their /Length directly and
   * rightly; only libharu's page content keeps an indirect one (issue 24: 45 bytes a stream) */
  int streams = 0, indirect = 0, wrong = 0;
  if (b) stream_lengths(b, len, &streams, &indirect, &wrong);
  CHECK(streams >= 6);
  CHECK_INT(indirect, 1);
  CHECK_INT(wrong, 0);
  free(b);
  /* missing ICC profile: a clear error, no file */
  pdf_options opt = {.pdfa = true, .icc_path = "/nonexistent/sRGB.icc"};
  CHECK(!pdf_render_pages(fonts, &page, 1, &INFO, &opt, path, d));
  CHECK_CONTAINS(diag_text(d), "cannot read the ICC profile");
  diag_free(d);
  clear_dir();
}

/* A character of Extension B that the body font lacks, drawn by a fallback (set in main()). */
static char fallback_char[8];
static uint32_t fallback_cp;

static bool same_face(const pdf_font_face *f, const char *label) {
  char buf[1024];
  snprintf(buf, sizeof buf, f->index ? "%s:%u" : "%s", f->path, f->index);
  return strcmp(buf, label) == 0;
}

/* The built-in output profile is a well-formed ICC v2 sRGB display profile: its size, signature,
 * classes and D50 as ICC.1:2001 says; every tag inside it; the curve rising from 0 to 1. (PDFBox
 * Preflight accepting it is tests/e2e/pdfa.sh's.) */
static unsigned long be32(const unsigned char *p) {
  return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

TEST(srgb_profile) {
  unsigned char p[PDF_SRGB_MAX];
  size_t n = pdf_srgb_profile(p);
  CHECK(n > 128 && n <= PDF_SRGB_MAX && n % 4 == 0);
  CHECK(be32(p) == n);
  CHECK(p[8] == 2);                          /* version 2.x: PDF/A-1 refuses 4 */
  CHECK(!memcmp(p + 12, "mntrRGB XYZ ", 12)); /* display class, RGB data, XYZ connection space */
  CHECK(!memcmp(p + 36, "acsp", 4));
  CHECK(be32(p + 68) == 63190 && be32(p + 72) == 65536 && be32(p + 76) == 54061);
  unsigned long count = be32(p + 128);
  CHECK(count == 9);
  const char *want[] = {"desc", "cprt", "wtpt", "rXYZ", "gXYZ", "bXYZ", "rTRC", "gTRC", "bTRC"};
  for (unsigned long i = 0; i < count && i < 9; i++) {
    const unsigned char *t = p + 132 + 12 * i;
    unsigned long off = be32(t + 4), len = be32(t + 8);
    CHECK(!memcmp(t, want[i], 4));
    CHECK(off >= 132 + 12 * count && off % 4 == 0 && len >= 12 && off + len <= n);
    if (i >= 6 && off + 12 + 2 * 64 <= n) {
      CHECK(!memcmp(p + off, "curv", 4) && be32(p + off + 8) == 64);
      const unsigned char *c = p + off + 12;
      CHECK(c[0] == 0 && c[1] == 0 && c[126] == 0xff && c[127] == 0xff);
      for (int k = 1; k < 64; k++) CHECK((c[2 * k] << 8 | c[2 * k + 1]) > (c[2 * k - 2] << 8 | c[2 * k - 1]));
    }
  }
  CHECK(memmem(p, n, "sRGB IEC61966-2.1", 17) != NULL);
}

TEST(used_font_files) {
  diag_sink *d = diag_new(NULL, 0);
  lay_metrics m = pdf_fonts_metrics(fonts);
  lay_document *doc = lay_document_new(&m, (lay_options){0}, d);
  src_loc at = {"page.tpl", 1, 1, NULL};
  lay_add_paragraph(doc, LAY_PARA_H1, "一、总体要求", at); /* heading first on the page ... */
  lay_add_title(doc, "关于公布名单的通知", at);
  char text[64];
  snprintf(text, sizeof text, "许昌%s公示", fallback_char);
  lay_add_paragraph(doc, LAY_PARA_BODY, text, at);
  CHECK(lay_finish(doc));
  char path[128];
  snprintf(path, sizeof path, "%s/used.pdf", dir);
  pdf_font_face *used = NULL;
  size_t n = 0;
  CHECK(pdf_render_used(fonts, doc, &(pdf_options){0}, path, &used, &n, NULL, d));
  CHECK_STR(diag_text(d), "");
  /* ... but listed in role order: body, title, heading, then the fallback, each file once */
  CHECK_INT(n, 4);
  if (n == 4) {
    CHECK(same_face(&used[0], pdf_fonts_role_file(fonts, LAY_FONT_BODY)));
    CHECK(same_face(&used[1], pdf_fonts_role_file(fonts, LAY_FONT_TITLE)));
    CHECK(same_face(&used[2], pdf_fonts_role_file(fonts, LAY_FONT_HEADING)));
    CHECK(same_face(&used[3], pdf_fonts_file_for(fonts, LAY_FONT_BODY, fallback_cp)));
  }
  free(used);
  /* a failed render lists nothing */
  snprintf(path, sizeof path, "%s/no-such-folder/used.pdf", dir);
  used = (pdf_font_face *)path;
  n = 9;
  CHECK(!pdf_render_used(fonts, doc, &(pdf_options){0}, path, &used, &n, NULL, d));
  CHECK(used == NULL);
  CHECK_INT(n, 0);
  lay_document_free(doc);
  diag_free(d);
  clear_dir();
}

int main(void) {
  lang_force(false);
  diag_sink *d = diag_new(stderr, 0);
  snprintf(dir, sizeof dir, "/tmp/yinfa-pdf-test-XXXXXX");
  if (!mkdtemp(dir)) return 3;
  fonts = pdf_fonts_load("fonts/fontmap.ini", NULL, d);
  if (!fonts) return 3;
  build();
  const char *body = pdf_fonts_role_file(fonts, LAY_FONT_BODY);
  for (uint32_t cp = 0x20000; cp < 0x2A6E0 && !fallback_char[0]; cp++) {
    const char *f = pdf_fonts_file_for(fonts, LAY_FONT_BODY, cp);
    if (f && strcmp(f, body) != 0 && (fallback_cp = cp))
      snprintf(fallback_char, sizeof fallback_char, "%c%c%c%c", 0xf0 | cp >> 18, 0x80 | (cp >> 12 & 0x3f),
               0x80 | (cp >> 6 & 0x3f), 0x80 | (cp & 0x3f));
  }
  pdf_fonts_add_text(fonts, "一、总体要求关于公布名单的通知许昌公示");
  pdf_fonts_add_text(fonts, fallback_char);
  if (!pdf_fonts_prepare(fonts, d)) return 3;
  RUN(renders_a_pdf);
  RUN(byte_identical_renders);
  RUN(program_cache);
  RUN(invisible_characters_not_drawn);
  RUN(missing_character_is_located_error);
  RUN(library_failure_names_document_page_and_box);
  RUN(unwritable_folder);
  RUN(file_size_limit);
  RUN(dates_never_from_clock);
  RUN(pdfa_pieces);
  RUN(srgb_profile);
  RUN(used_font_files);
  pdf_fonts_free(fonts);
  diag_free(d);
  clear_dir();
  rmdir(dir);
  return CHECK_DONE();
}
