/* The manifest: one RFC 4180 CSV line per output file (path, kind, applicant, pages, bytes,
 * SHA-256, input fingerprint, fonts), sorted by path; and `verify`, which rechecks the files against
 * the union of all manifest*.csv in a folder. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch/batch_private.h"
#include "core/build.h"
#include "core/csv.h"
#include "core/lang.h"
#include "core/outfile.h"
#include "core/xmalloc.h"

/* ---- entries ---- */

void entries_free(bat_entries *e) {
  for (size_t i = 0; i < e->count; i++) {
    free(e->items[i].path);
    free(e->items[i].kind);
    free(e->items[i].applicant);
    free(e->items[i].fonts);
  }
  free(e->items);
  memset(e, 0, sizeof *e);
}

void entries_add(bat_entries *e, const char *path, const char *kind, const char *applicant,
                 uint64_t pages, uint64_t bytes, const char *sha256, const char *fingerprint,
                 const char *fonts) {
  e->items = xgrow(e->items, &e->cap, e->count + 1, sizeof *e->items);
  bat_entry *n = &e->items[e->count++];
  n->path = xstrdup(path);
  n->kind = xstrdup(kind ? kind : "");
  n->applicant = xstrdup(applicant ? applicant : "");
  n->pages = pages;
  n->bytes = bytes;
  snprintf(n->sha256, sizeof n->sha256, "%s", sha256 ? sha256 : "");
  snprintf(n->fingerprint, sizeof n->fingerprint, "%s", fingerprint ? fingerprint : "");
  n->fonts = xstrdup(fonts ? fonts : "");
}

void entries_add_copy(bat_entries *e, const bat_entry *entry) {
  entries_add(e, entry->path, entry->kind, entry->applicant, entry->pages, entry->bytes, entry->sha256,
              entry->fingerprint, entry->fonts);
}

typedef struct {
  bat_entry entry;
  size_t order;
} ordered_entry;

static int compare_ordered(const void *a, const void *b) {
  const ordered_entry *x = a, *y = b;
  int c = strcmp(x->entry.path, y->entry.path);
  if (c) return c;
  return x->order < y->order ? -1 : x->order > y->order;
}

void entries_sort_unique(bat_entries *e) {
  if (e->count == 0) return;
  /* qsort is not stable: sort (entry, insertion order) pairs so the last duplicate wins. */
  ordered_entry *tmp = xmalloc(e->count * sizeof *tmp);
  for (size_t i = 0; i < e->count; i++) tmp[i] = (ordered_entry){e->items[i], i};
  qsort(tmp, e->count, sizeof *tmp, compare_ordered);
  size_t out = 0;
  for (size_t i = 0; i < e->count; i++) {
    if (i + 1 < e->count && strcmp(tmp[i].entry.path, tmp[i + 1].entry.path) == 0) {
      free(tmp[i].entry.path);
      free(tmp[i].entry.kind);
      free(tmp[i].entry.applicant);
      free(tmp[i].entry.fonts);
      continue;
    }
    e->items[out++] = tmp[i].entry;
  }
  e->count = out;
  free(tmp);
}

static int compare_path_key(const void *key, const void *item) {
  return strcmp(key, ((const bat_entry *)item)->path);
}

const bat_entry *entries_find(const bat_entries *e, const char *path) {
  if (e->count == 0) return NULL;
  return bsearch(path, e->items, e->count, sizeof *e->items, compare_path_key);
}

/* ---- CSV ---- */

/* The manifest is for `yinfa verify`, which must read back exactly what was written: CSV_EXACT. */
static void put_field(strbuf *b, const char *s) { csv_put_field(b, s, CSV_EXACT); }

void manifest_format_line(strbuf *b, const bat_entry *entry) {
  put_field(b, entry->path);
  strbuf_putc(b, ',');
  put_field(b, entry->kind);
  strbuf_putc(b, ',');
  put_field(b, entry->applicant);
  strbuf_printf(b, ",%" PRIu64 ",%" PRIu64 ",%s,%s,", entry->pages, entry->bytes, entry->sha256,
                entry->fingerprint);
  put_field(b, entry->fonts);
  strbuf_putc(b, '\n');
}

bool manifest_write(const char *file, const bat_entries *e, diag_sink *diag) {
  strbuf b;
  strbuf_init(&b);
  strbuf_append(&b, BAT_MANIFEST_HEADER "\n");
  for (size_t i = 0; i < e->count; i++) manifest_format_line(&b, &e->items[i]);
  /* The manifest vouches for itself too: a copy cut short, an emptied file or a removed line
   * no longer matches its closing line. */
  uint8_t d[SHA256_DIGEST_BYTES];
  char hex[SHA256_HEX_BYTES];
  sha256_buffer(b.data, b.len, d);
  sha256_to_hex(d, hex);
  /* and says which yinfa made it (core/build.h): the build identity is in every fingerprint */
  strbuf_printf(&b, BAT_MANIFEST_END "%zu records, SHA-256 of the lines above %s, by yinfa %s build %s\n",
                e->count, hex, YINFA_VERSION, yinfa_build_id());
  bool ok = outfile_write_all(file, strbuf_str(&b), b.len, diag);
  strbuf_release(&b);
  return ok;
}

/* Splits one CSV record starting at *p into at most 'max' fields (malloc'd, into 'fields');
 * advances *p past the record's line end. Returns the field count, or -1 on a bad quote. */
static int parse_record(const char **p, char **fields, int max) {
  const char *s = *p;
  int n = 0;
  strbuf f;
  strbuf_init(&f);
  for (;;) {
    strbuf_reset(&f);
    if (*s == '"') {
      s++;
      for (;;) {
        if (*s == '\0') goto bad;
        if (*s == '"' && s[1] == '"') {
          strbuf_putc(&f, '"');
          s += 2;
        } else if (*s == '"') {
          s++;
          break;
        } else {
          strbuf_putc(&f, *s++);
        }
      }
      if (*s != ',' && *s != '\n' && *s != '\r' && *s != '\0') goto bad;
    } else {
      const char *start = s;
      while (*s && *s != ',' && *s != '\n' && *s != '\r') s++;
      strbuf_append_n(&f, start, (size_t)(s - start));
    }
    if (n < max) fields[n] = strbuf_detach(&f);
    n++;
    if (*s == ',') {
      s++;
      continue;
    }
    if (*s == '\r') s++;
    if (*s == '\n') s++;
    break;
  }
  strbuf_release(&f);
  *p = s;
  return n;
bad:
  strbuf_release(&f);
  for (int i = 0; i < n && i < max; i++) free(fields[i]);
  while (*s && *s != '\n') s++;
  if (*s == '\n') s++;
  *p = s;
  return -1;
}

static bool is_hex64(const char *s) {
  if (strlen(s) != 64) return false;
  for (; *s; s++)
    if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))) return false;
  return true;
}

static bool parse_u64(const char *s, uint64_t *out) {
  if (*s < '0' || *s > '9') return false;
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || *end) return false;
  *out = v;
  return true;
}

static bool read_whole(const char *path, strbuf *into) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) strbuf_append_n(into, buf, n);
  bool ok = !ferror(f);
  fclose(f);
  return ok;
}

/* Checks the closing line 'end' (at 'line') against the 'records' lines in text[0, end). */
static bool check_end(const char *file, const char *text, const char *end, int line, size_t records,
                      diag_sink *diag) {
  src_loc at = {file, line, 0, NULL};
  size_t said = 0;
  char hex[SHA256_HEX_BYTES] = "", want[SHA256_HEX_BYTES];
  int used = 0;
  if (sscanf(end, BAT_MANIFEST_END "%zu records, SHA-256 of the lines above %64[0-9a-f]%n", &said, hex, &used) != 2)
    used = -1;
  /* manifests since issue 22 name the yinfa that made them: ", by yinfa VERSION build ID" */
  else if (strncmp(end + used, ", by yinfa ", 11) == 0)
    while (end[used] && end[used] != '\n') used++;
  if (used < 0 || (end[used] != '\n' && end[used] != '\0')) {
    diag_error(diag, at, L("the closing line of the manifest is damaged; run again to rewrite it",
                           "清单的结尾行已损坏；请重新运行以重写清单"));
    return false;
  }
  if (said != records) {
    diag_error(diag, at,
               L("the manifest lists %zu documents but its closing line says %zu: lines were removed or "
                 "added; run again to rewrite it",
                 "清单登记了 %zu 份文书，而结尾行记为 %zu 份：有行被删除或添加；请重新运行以重写清单"),
               records, said);
    return false;
  }
  uint8_t d[SHA256_DIGEST_BYTES];
  sha256_buffer(text, (size_t)(end - text), d);
  sha256_to_hex(d, want);
  if (strcmp(want, hex) != 0) {
    diag_error(diag, at,
               L("the lines above do not match the manifest's own SHA-256: it was edited; run again to "
                 "rewrite it",
                 "以上各行与清单自身的 SHA-256 不符：清单被改动过；请重新运行以重写清单"));
    return false;
  }
  return true;
}

bool manifest_read(const char *file, bat_entries *e, bool missing_ok, bool strict, diag_sink *diag) {
  strbuf text;
  strbuf_init(&text);
  if (!read_whole(file, &text)) {
    int err = errno;
    strbuf_release(&text);
    if (err == ENOENT && missing_ok) return false;
    diag_error(diag, ((src_loc){file, 0, 0, NULL}), L("cannot read manifest: %s", "无法读取清单：%s"),
               lang_strerror(err));
    return false;
  }
  const char *base = strbuf_str(&text), *p = base;
  int line = 0;
  size_t records = 0;
  bool ok = true, ended = false;
  while (*p) {
    line++;
    const char *start = p;
    if (strncmp(p, BAT_MANIFEST_END, strlen(BAT_MANIFEST_END)) == 0) {
      if (strict && !check_end(file, base, p, line, records, diag)) ok = false;
      ended = true;
      while (*p && *p != '\n') p++;
      if (*p) p++;
      if (strict && *p) {
        diag_error(diag, ((src_loc){file, line + 1, 0, NULL}),
                   L("lines after the manifest's closing line; run again to rewrite it",
                     "清单结尾行之后还有内容；请重新运行以重写清单"));
        ok = false;
      }
      break;
    }
    char *f[9] = {0};
    int n = parse_record(&p, f, 9);
    /* 7 fields: written before the fonts column, which is then unknown ("") */
    bool header = (n == 7 && strncmp(start, BAT_MANIFEST_HEADER_7, strlen(BAT_MANIFEST_HEADER_7)) == 0) ||
                  (n == 8 && strncmp(start, BAT_MANIFEST_HEADER, strlen(BAT_MANIFEST_HEADER)) == 0);
    uint64_t pages = 0, bytes = 0;
    if (header || (n == 1 && f[0][0] == '\0')) {
      /* header or blank line */
    } else if ((n == 7 || n == 8) && f[0][0] && parse_u64(f[3], &pages) && parse_u64(f[4], &bytes) &&
               is_hex64(f[5]) && strlen(f[6]) < SHA256_HEX_BYTES) {
      records++;
      if (folder_path_is_safe(f[0])) {
        entries_add(e, f[0], f[1], f[2], pages, bytes, f[5], f[6], n == 8 ? f[7] : "");
      } else {
        /* verify reads the files a manifest names: never one outside the folder */
        if (strict)
          diag_error(diag, ((src_loc){file, line, 0, NULL}),
                     L("the path \"%s\" leaves the output folder; refused", "路径“%s”超出输出文件夹，已拒绝"),
                     f[0]);
        ok = false;
      }
    } else if (strict) {
      diag_error(diag, ((src_loc){file, line, 0, NULL}),
                 L("malformed manifest line; run again to rewrite the manifest",
                   "清单中的行格式错误；请重新运行以重写清单"));
      ok = false;
    } else if (*p || (p > start && p[-1] == '\n')) {
      /* A journal's last line may be cut short by a kill; anything else is worth a word. */
      diag_warning(diag, ((src_loc){file, line, 0, NULL}),
                   L("malformed manifest line ignored", "清单中格式错误的行已忽略"));
    }
    for (int i = 0; i < n && i < 9; i++) free(f[i]);
  }
  if (strict && !ended) {
    diag_error(diag, ((src_loc){file, line > 0 ? line : 1, 0, NULL}),
               line == 0 ? L("the manifest is empty; run again to rewrite it", "清单为空；请重新运行以重写清单")
                         : L("the manifest ends without its closing line (record count and SHA-256): it was "
                             "cut short; run again to rewrite it",
                             "清单缺少结尾行（记录数与 SHA-256）：文件被截断；请重新运行以重写清单"));
    ok = false;
  }
  strbuf_release(&text);
  return ok || !strict;
}

/* ---- digests ---- */

static bool is_name_char(unsigned char c) {
  /* PDF regular characters: anything but white space and the delimiters ()<>[]{}/% */
  return c > ' ' && c < 127 && !strchr("()<>[]{}/%", c);
}

/* Counts "/Type /Page" (any white space, not "/Pages") starting before 'limit' in data[0, len):
 * the file is read in chunks, and a match starting near a chunk's end is counted with the next. */
static uint64_t count_pages(const char *data, size_t len, size_t limit) {
  uint64_t pages = 0;
  const char *end = data + len;
  for (const char *p = data; p < data + limit && (p = memmem(p, (size_t)(end - p), "/Type", 5)) != NULL &&
                             p < data + limit;) {
    p += 5;
    const char *q = p;
    while (q < end && *q && strchr(" \t\r\n\f", *q)) q++;
    if (end - q >= 5 && memcmp(q, "/Page", 5) == 0 && (q + 5 == end || !is_name_char((unsigned char)q[5])))
      pages++;
  }
  return pages;
}

/* Counts the page parts of an OFD package ("Doc_0/Pages/Page_N/Content.xml") starting before
 * 'limit': each name is stored twice (local header and central directory), so the caller halves
 * the count. ZIP names are stored uncompressed. */
static uint64_t count_ofd_pages(const char *data, size_t len, size_t limit) {
  static const char key[] = "Doc_0/Pages/Page_";
  uint64_t pages = 0;
  const char *end = data + len;
  for (const char *p = data; p < data + limit && (p = memmem(p, (size_t)(end - p), key, sizeof key - 1)) != NULL &&
                             p < data + limit;) {
    p += sizeof key - 1;
    const char *q = p;
    while (q < end && *q >= '0' && *q <= '9') q++;
    if (q > p && end - q >= 12 && memcmp(q, "/Content.xml", 12) == 0) pages++;
  }
  return pages;
}

#define DIGEST_CHUNK 65536
#define PAGE_OVERLAP 64 /* longer than "/Type /Page" with any sane white space, plus one */

bool bat_file_digest(const char *path, uint64_t *bytes, uint64_t *pages,
                     char sha256_hex[SHA256_HEX_BYTES], diag_sink *diag) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot read file: %s", "无法读取文件：%s"), lang_strerror(errno));
    return false;
  }
  bool ok = bat_fd_digest(fd, path, bytes, pages, sha256_hex, diag);
  close(fd);
  return ok;
}

bool bat_fd_digest(int fd, const char *shown, uint64_t *bytes, uint64_t *pages,
                   char sha256_hex[SHA256_HEX_BYTES], diag_sink *diag) {
  /* read() into one stack buffer rather than mmap: on virtual machines page faults on a mapping
   * cost several times the hashing itself. */
  char buf[PAGE_OVERLAP + DIGEST_CHUNK];
  sha256_ctx c;
  sha256_init(&c);
  uint64_t total = 0, count = 0;
  size_t carry = 0;
  bool is_pdf = false, is_ofd = false;
  for (;;) {
    ssize_t n = read(fd, buf + carry, DIGEST_CHUNK);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      diag_error(diag, ((src_loc){shown, 0, 0, NULL}), L("cannot read file: %s", "无法读取文件：%s"),
                 lang_strerror(errno));
      return false;
    }
    sha256_update(&c, buf + carry, (size_t)n);
    if (total == 0 && n > 0) is_pdf = carry + (size_t)n >= 5 && memcmp(buf, "%PDF-", 5) == 0;
    /* an OFD package as ofd/ writes it: a ZIP whose first part is OFD.xml */
    if (total == 0 && n > 0)
      is_ofd = carry + (size_t)n >= 37 && memcmp(buf, "PK\3\4", 4) == 0 && memcmp(buf + 30, "OFD.xml", 7) == 0;
    total += (uint64_t)n;
    size_t len = carry + (size_t)n;
    size_t limit = n == 0 ? len : len > PAGE_OVERLAP ? len - PAGE_OVERLAP : 0;
    if (is_pdf) count += count_pages(buf, len, limit);
    if (is_ofd) count += count_ofd_pages(buf, len, limit);
    if (n == 0) break;
    memmove(buf, buf + limit, len - limit);
    carry = len - limit;
  }
  uint8_t digest[SHA256_DIGEST_BYTES];
  sha256_final(&c, digest);
  sha256_to_hex(digest, sha256_hex);
  if (bytes) *bytes = total;
  if (pages) *pages = is_pdf ? count : is_ofd ? count / 2 : 0;
  return true;
}

void bat_fingerprint_add(sha256_ctx *c, const void *data, size_t len) {
  uint8_t prefix[8];
  for (int i = 0; i < 8; i++) prefix[i] = (uint8_t)((uint64_t)len >> (56 - 8 * i));
  sha256_update(c, prefix, sizeof prefix);
  sha256_update(c, data, len);
}

void bat_fingerprint_add_str(sha256_ctx *c, const char *s) {
  bat_fingerprint_add(c, s ? s : "", s ? strlen(s) : 0);
}

void bat_fingerprint_final(sha256_ctx *c, char hex[SHA256_HEX_BYTES]) {
  uint8_t d[SHA256_DIGEST_BYTES];
  sha256_final(c, d);
  sha256_to_hex(d, hex);
}

/* ---- verify ---- */

/* What check_listed() needs: the manifests' entries, and where to report. */
typedef struct {
  const bat_entries *known;
  diag_sink *diag;
  bat_verify_stats *stats;
} unlisted_walk;

/* folder_walk_files() callback: reports a regular file that no manifest lists. */
static void check_listed(void *ctx, const char *path, const char *rel, int level) {
  (void)path;
  unlisted_walk *w = ctx;
  if (level == 1 && strncmp(rel, "manifest", 8) == 0) return;
  if (entries_find(w->known, rel)) return;
  size_t n = strlen(rel);
  bool document = (n > 4 && (strcmp(rel + n - 4, ".pdf") == 0 || strcmp(rel + n - 4, ".ofd") == 0)) ||
                  (n > 5 && (strcmp(rel + n - 5, ".docx") == 0 || strcmp(rel + n - 5, ".html") == 0));
  if (w->stats->unlisted++ < 20) {
    if (document) /* a document nobody vouches for must not be handed over with the others */
      diag_error(w->diag, ((src_loc){rel, 0, 0, NULL}),
                 L("a document no manifest lists (left from an earlier round, or put here by hand): "
                   "remove it, or `yinfa run --prune` removes documents yinfa made",
                   "没有任何清单登记的文书（早先轮次所留，或手工放入）：请删除，或用 `yinfa run --prune` 删除 yinfa 生成的文书"));
    else
      diag_warning(w->diag, ((src_loc){rel, 0, 0, NULL}), L("not listed in any manifest", "未登记在任何清单中"));
  }
  if (document) w->stats->bad++;
}

static bool parse_shard_name(const char *name, int *k, int *n) {
  int used = 0;
  return sscanf(name, "manifest-%d-of-%d.csv%n", k, n, &used) == 2 && name[used] == '\0' && *k >= 1 &&
         *k <= *n;
}

static int compare_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

char *trim_dir(const char *dir) {
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') n--; /* "out/" and "out" name one folder; keep "/" */
  return xstrndup(n ? dir : ".", n ? n : 1);
}

static bool verify_dir(const char *outdir, bat_listed_fn each, void *ctx, bat_verify_stats *stats,
                       diag_sink *diag);

bool bat_verify(const char *outdir, bat_verify_stats *stats, diag_sink *diag) {
  return bat_verify_with(outdir, NULL, NULL, stats, diag);
}

bool bat_verify_with(const char *outdir, bat_listed_fn each, void *ctx, bat_verify_stats *stats,
                     diag_sink *diag) {
  char *dir = trim_dir(outdir);
  bool ok = verify_dir(dir, each, ctx, stats, diag);
  free(dir);
  return ok;
}

/* The manifest*.csv names of 'outdir' (sorted; caller frees each and the array) and, in 'later',
 * what an unfinished later run recorded in a .manifest*.journal (*journal: one exists). */
static char **list_manifests(DIR *dir, const char *outdir, size_t *count, bat_entries *later, bool *journal) {
  char **names = NULL;
  size_t n = 0, cap = 0;
  *journal = false;
  for (struct dirent *de; (de = readdir(dir)) != NULL;) {
    const char *nm = de->d_name;
    size_t len = strlen(nm);
    if (strncmp(nm, ".manifest", 9) == 0 && len > 8 && strcmp(nm + len - 8, ".journal") == 0) {
      *journal = true;
      char *jf = NULL;
      if (asprintf(&jf, "%s/%s", outdir, nm) < 0) xoom();
      diag_sink *quiet = diag_new(NULL, 1);
      manifest_read(jf, later, true, false, quiet);
      diag_free(quiet);
      free(jf);
    }
    if (strncmp(nm, "manifest", 8) != 0 || len < 12 || strcmp(nm + len - 4, ".csv") != 0) continue;
    int k, total;
    if (strcmp(nm, "manifest.csv") != 0 && !parse_shard_name(nm, &k, &total)) continue;
    names = xgrow(names, &cap, n + 1, sizeof *names);
    names[n++] = xstrdup(nm);
  }
  if (n) qsort(names, n, sizeof *names, compare_str);
  *count = n;
  return names;
}

/* Every shard of a sharded run must have finished: false after reporting a missing one. */
static bool check_shards(char **names, size_t count, src_loc dir_loc, bat_verify_stats *st, diag_sink *diag) {
  int shard_total = 0;
  bool ok = true;
  for (size_t i = 0; i < count; i++) {
    int k, n;
    if (parse_shard_name(names[i], &k, &n) && n > shard_total) shard_total = n;
  }
  for (int k = 1; k <= shard_total; k++) {
    char want[64];
    snprintf(want, sizeof want, "manifest-%d-of-%d.csv", k, shard_total);
    const char *key = want;
    if (!bsearch(&key, names, count, sizeof *names, compare_str)) {
      diag_error(diag, dir_loc, L("%s is missing: shard %d of %d has not finished", "缺少 %s：第 %d/%d 分片尚未完成"),
                 want, k, shard_total);
      st->bad++;
      ok = false;
    }
  }
  return ok;
}

/* Reads every manifest into 'all' (sorted, one entry a path); the same path listed twice with
 * different contents is an error. False after reporting. */
static bool read_manifests(const char *outdir, char **names, size_t count, bat_entries *all,
                           bat_verify_stats *st, diag_sink *diag) {
  bool ok = true;
  for (size_t i = 0; i < count; i++) {
    char *file = NULL;
    if (asprintf(&file, "%s/%s", outdir, names[i]) < 0) xoom();
    if (manifest_read(file, all, false, true, diag)) st->manifests++;
    else ok = false;
    free(file);
  }
  /* Sort a copy by path keeping duplicates adjacent, to detect conflicts. */
  ordered_entry *tmp = xmalloc((all->count ? all->count : 1) * sizeof *tmp);
  for (size_t i = 0; i < all->count; i++) tmp[i] = (ordered_entry){all->items[i], i};
  qsort(tmp, all->count, sizeof *tmp, compare_ordered);
  for (size_t i = 0; i + 1 < all->count; i++) {
    if (strcmp(tmp[i].entry.path, tmp[i + 1].entry.path) == 0 &&
        (strcmp(tmp[i].entry.sha256, tmp[i + 1].entry.sha256) != 0 || tmp[i].entry.bytes != tmp[i + 1].entry.bytes)) {
      diag_error(diag, ((src_loc){tmp[i].entry.path, 0, 0, NULL}),
                 L("listed twice with different contents in the manifests", "在多个清单中登记了不同的内容"));
      st->bad++;
      ok = false;
    }
  }
  free(tmp);
  entries_sort_unique(all);
  return ok;
}

/* One listed file against its entry, read under 'root' never through a link; 'later' and
 * 'journal' tell an unfinished later run's file from an altered one. False after reporting. */
static bool check_entry(int root, const bat_entry *en, const bat_entries *later, bool journal,
                        bat_listed_fn each, void *ctx, bat_verify_stats *st, diag_sink *diag) {
  src_loc at = {en->path, 0, 0, en->applicant[0] ? en->applicant : NULL};
  bool each_ok = !each || each(ctx, en->path, en->applicant, en->fonts, diag);
  uint64_t bytes = 0;
  char sha[SHA256_HEX_BYTES];
  int err = 0;
  int fd = folder_open_file(root, en->path, &err);
  bool read = fd >= 0 && bat_fd_digest(fd, en->path, &bytes, NULL, sha, diag);
  if (fd >= 0) close(fd);
  const bat_entry *newer = read ? entries_find(later, en->path) : NULL;
  if (fd < 0 && (err == ELOOP || err == ENOTDIR)) {
    diag_error(diag, at, L("reached through a symbolic link or a file in its path; refused",
                           "其路径经过符号链接或文件，已拒绝"));
  } else if (fd < 0) {
    diag_error(diag, at, L("missing: %s", "文件缺失：%s"), lang_strerror(err));
  } else if (!read) {
    /* reported by bat_fd_digest() */
  } else if (bytes == en->bytes && strcmp(sha, en->sha256) == 0) {
    if (each_ok) return true;
  } else if (newer && newer->bytes == bytes && strcmp(newer->sha256, sha) == 0) {
    diag_error(diag, at, L("written by the later run that did not finish, not by the run of the manifest: "
                           "run again to finish the folder",
                           "由之后未完成的运行写入，而非清单所属的运行：请重新运行以完成该文件夹"));
    st->unfinished++;
  } else if (journal) {
    /* A worker renames a finished document into place just before the run records it: a kill
     * in between leaves the later run's file without its journal line. With a journal present,
     * that is the likelier story than tampering, and a complete run settles it either way. */
    diag_error(diag, at, L("differs from the manifest; the later run that did not finish may have written it "
                           "before recording it: run again to finish the folder (a file that still differs "
                           "after a complete run was changed outside yinfa)",
                           "与清单不符；之后未完成的运行可能已写入该文件但尚未记录：请重新运行以完成该文件夹"
                           "（完整运行后仍不符的文件系在 yinfa 之外被改动）"));
    st->unfinished++;
  } else if (bytes != en->bytes) {
    diag_error(diag, at, L("altered: %" PRIu64 " bytes, the manifest says %" PRIu64,
                           "已被改动：%" PRIu64 " 字节，清单登记为 %" PRIu64),
               bytes, en->bytes);
  } else {
    diag_error(diag, at, L("altered: SHA-256 %s, the manifest says %s", "已被改动：SHA-256 为 %s，清单登记为 %s"),
               sha, en->sha256);
  }
  st->bad++;
  return false;
}

static bool verify_dir(const char *outdir, bat_listed_fn each, void *ctx, bat_verify_stats *stats,
                       diag_sink *diag) {
  bat_verify_stats st = {0};
  bat_entries all = {0};
  bat_entries later = {0}; /* what an unfinished later run wrote (.manifest*.journal) */
  char **names = NULL;
  size_t name_count = 0;
  bool ok = false, journal = false;
  src_loc dir_loc = {outdir, 0, 0, NULL};
  int root = -1;
  char who[160];
  if (folder_busy(outdir, who, sizeof who)) {
    diag_error(diag, dir_loc, L("%s is writing this folder now: verify it when the run has finished",
                                "%s正在写入该文件夹：请在运行结束后再复核"),
               who);
    goto done;
  }
  root = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *dir = opendir(outdir);
  if (!dir || root < 0) {
    diag_error(diag, dir_loc, L("cannot open output folder: %s", "无法打开输出文件夹：%s"), lang_strerror(errno));
    if (dir) closedir(dir);
    goto done;
  }
  names = list_manifests(dir, outdir, &name_count, &later, &journal);
  closedir(dir);
  if (name_count == 0) {
    diag_error(diag, dir_loc,
               journal ? L("no manifest: the last run did not finish; run it again",
                           "没有清单：上次运行未完成，请重新运行")
                       : L("no manifest.csv: not a finished yinfa output folder",
                           "没有 manifest.csv：不是已完成的输出文件夹"));
    goto done;
  }
  ok = check_shards(names, name_count, dir_loc, &st, diag);
  ok &= read_manifests(outdir, names, name_count, &all, &st, diag);
  entries_sort_unique(&later);
  if (journal)
    diag_report(diag, DIAG_NOTE, dir_loc,
                L("a later run into this folder did not finish (.manifest.journal): the manifest describes "
                  "the run before it; run again to finish the folder",
                  "之后的一次运行未完成（存在 .manifest.journal）：清单描述的是其前一次运行；请重新运行以完成该文件夹"));
  for (size_t i = 0; i < all.count; i++) {
    st.files++;
    ok &= check_entry(root, &all.items[i], &later, journal, each, ctx, &st, diag);
  }

  /* Files nobody vouches for: left from an older round, or put there by hand. */
  unlisted_walk walk = {&all, diag, &st};
  size_t bad_before = st.bad;
  folder_walk_files(outdir, check_listed, &walk);
  if (st.bad > bad_before) ok = false;
  if (st.unlisted > 20)
    diag_report(diag, DIAG_NOTE, dir_loc, L("%zu files in all are not listed in any manifest", "共有 %zu 个文件未登记在任何清单中"),
                st.unlisted);

done:
  if (root >= 0) close(root);
  for (size_t i = 0; i < name_count; i++) free(names[i]);
  free(names);
  entries_free(&all);
  entries_free(&later);
  if (stats) *stats = st;
  return ok;
}

/* ---- forwarding worker diagnostics ---- */

/* Finds the level word of a formatted diag line: at the start ("error: …") or after the location
 * ("path:3: error: …"). Sets *loc_len and *msg_off; false for a continuation line. */
static bool split_line(const char *line, size_t len, diag_level *level, size_t *loc_len, size_t *msg_off) {
  static const diag_level levels[] = {DIAG_ERROR, DIAG_WARNING, DIAG_NOTE};
  const char *words[] = {L("error", "错误"), L("warning", "警告"), L("note", "提示")};
  bool found = false;
  for (int i = 0; i < 3; i++) {
    size_t wl = strlen(words[i]);
    if (len >= wl + 2 && strncmp(line, words[i], wl) == 0 && strncmp(line + wl, ": ", 2) == 0) {
      *level = levels[i];
      *loc_len = 0;
      *msg_off = wl + 2;
      return true;
    }
    char pat[32];
    snprintf(pat, sizeof pat, ": %s: ", words[i]);
    const char *hit = memmem(line, len, pat, strlen(pat));
    if (hit && (!found || (size_t)(hit - line) < *loc_len)) {
      found = true;
      *level = levels[i];
      *loc_len = (size_t)(hit - line);
      *msg_off = *loc_len + strlen(pat);
    }
  }
  return found;
}

static void report_forwarded(diag_sink *to, diag_level level, const char *loc, size_t loc_len,
                             const char *msg) {
  char *path = xstrndup(loc, loc_len);
  int nums[2] = {0, 0}, count = 0;
  /* Peel up to two trailing ":N" (line, then column) off the location. */
  for (; count < 2; count++) {
    char *colon = strrchr(path, ':');
    if (!colon || colon[1] == '\0' || strspn(colon + 1, "0123456789") != strlen(colon + 1)) break;
    nums[count] = atoi(colon + 1);
    *colon = '\0';
  }
  src_loc at = SRC_LOC_NONE;
  if (loc_len) {
    at.path = path;
    at.line = count == 2 ? nums[1] : count == 1 ? nums[0] : 0;
    at.col = count == 2 ? nums[0] : 0;
  }
  diag_report(to, level, at, "%s", msg);
  free(path);
}

void diag_forward(diag_sink *to, const char *text) {
  strbuf msg;
  strbuf_init(&msg);
  const char *loc = NULL;
  size_t loc_len = 0;
  diag_level level = DIAG_ERROR;
  bool pending = false;
  for (const char *p = text; *p;) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    diag_level lv;
    size_t ll = 0, off = 0;
    if (split_line(p, len, &lv, &ll, &off)) {
      if (pending) report_forwarded(to, level, loc, loc_len, strbuf_str(&msg));
      strbuf_reset(&msg);
      strbuf_append_n(&msg, p + off, len - off);
      loc = p;
      loc_len = ll;
      level = lv;
      pending = true;
    } else if (pending) {
      strbuf_putc(&msg, '\n');
      strbuf_append_n(&msg, p, len);
    } else if (len) {
      strbuf_append_n(&msg, p, len);
      loc = p;
      loc_len = 0;
      pending = true;
    }
    p += len + (nl ? 1 : 0);
  }
  if (pending) report_forwarded(to, level, loc, loc_len, strbuf_str(&msg));
  strbuf_release(&msg);
}
