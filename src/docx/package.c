/* The package: its parts in a fixed order, deflated, every entry with one DOS timestamp (the
 * document's date), so identical input gives identical bytes and the manifest and resume stay
 * stable; written to a temporary name and renamed over the final one. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "core/lang.h"
#include "core/outfile.h"
#include "core/xmalloc.h"
#include "docx/docx_private.h"

typedef struct {
  const char *name;
  unsigned char *data;
  size_t len;
} part;

typedef struct {
  int y, mo, d, h, mi, s;
  bool utc; /* else Beijing time (lay_info_time) */
} dx_time;

/* The date given, else lay_info_time()'s, with the ZIP format's floor (1980). */
static dx_time pick_time(const docx_document *doc, const docx_options *opt) {
  lay_info info = doc->info;
  if (opt && opt->date_iso) info.date = opt->date_iso;
  lay_time t = lay_info_time(&info);
  if (!t.have || t.year < 1980) return (dx_time){1980, 1, 1, 0, 0, 0, true};
  return (dx_time){t.year, t.month, t.day, t.hour, t.minute, t.second, t.utc};
}

/* Every part in the package's order, malloc'd; returns the count. */
static size_t make_parts(docx_document *d, const docx_options *opt, part *out) {
  dx_body_finish(d);
  size_t n = 0, len;
  unsigned char *body = dx_xml_take(d->x, d->buf, &len);
  d->x = NULL;
  d->buf = NULL;
  bool footers = d->options.page_numbers;
  dx_time t = pick_time(d, opt);
  char w3c[32];
  snprintf(w3c, sizeof w3c, "%04d-%02d-%02dT%02d:%02d:%02d%s", t.y, t.mo, t.d, t.h, t.mi, t.s,
           t.utc ? "Z" : "+08:00");
  out[n].name = "[Content_Types].xml", out[n].data = dx_content_types_xml(footers, &out[n].len), n++;
  out[n].name = "_rels/.rels", out[n].data = dx_root_rels_xml(&out[n].len), n++;
  out[n].name = "word/document.xml", out[n].data = body, out[n].len = len, n++;
  out[n].name = "word/_rels/document.xml.rels", out[n].data = dx_document_rels_xml(footers, &out[n].len), n++;
  out[n].name = "word/styles.xml", out[n].data = dx_styles_xml(&out[n].len), n++;
  out[n].name = "word/settings.xml", out[n].data = dx_settings_xml(d, &out[n].len), n++;
  out[n].name = "word/fontTable.xml", out[n].data = dx_font_table_xml(&out[n].len), n++;
  if (footers) {
    out[n].name = "word/footer1.xml", out[n].data = dx_footer_xml(true, &out[n].len), n++;
    out[n].name = "word/footer2.xml", out[n].data = dx_footer_xml(false, &out[n].len), n++;
  }
  out[n].name = "docProps/core.xml", out[n].data = dx_core_xml(&d->info, w3c, &out[n].len), n++;
  out[n].name = "docProps/app.xml", out[n].data = dx_app_xml(&out[n].len), n++;
  return n;
}

#define MAX_PARTS 12

static void free_parts(part *ps, size_t n) {
  for (size_t i = 0; i < n; i++) free(ps[i].data);
}

/* Adds the parts to the open archive; false when libzip refuses one. */
static bool add_parts(zip_t *za, const part *ps, size_t n, dx_time t) {
  zip_uint16_t dtime = (zip_uint16_t)(t.h << 11 | t.mi << 5 | t.s / 2);
  zip_uint16_t ddate = (zip_uint16_t)((t.y - 1980) << 9 | t.mo << 5 | t.d);
  for (size_t i = 0; i < n; i++) {
    zip_source_t *src = zip_source_buffer(za, ps[i].data, ps[i].len, 0);
    zip_int64_t idx = src ? zip_file_add(za, ps[i].name, src, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0) {
      zip_source_free(src);
      return false;
    }
    if (zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 6) != 0 ||
        zip_file_set_dostime(za, (zip_uint64_t)idx, dtime, ddate, 0) != 0)
      return false;
  }
  return true;
}

/* Writes the parts as a ZIP at 'file'; the errno of a failure in *err (EIO when libzip failed
 * inside). */
static bool write_zip(const char *file, const part *ps, size_t n, dx_time t, int *err) {
  int zerr = 0;
  zip_t *za = zip_open(file, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
  if (!za) {
    *err = errno ? errno : EIO;
    return false;
  }
  if (!add_parts(za, ps, n, t)) {
    zip_discard(za);
    *err = EIO;
    return false;
  }
  if (zip_close(za) != 0) {
    int e = zip_error_code_system(zip_get_error(za));
    zip_discard(za);
    *err = e ? e : EIO;
    return false;
  }
  return true;
}

static bool failed(diag_sink *diag, const char *path, int err, int *io_err) {
  diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot write the DOCX file: %s", "无法写入 DOCX 文件：%s"),
             lang_strerror(err));
  if (io_err) *io_err = err;
  errno = err;
  return false;
}

bool docx_write(docx_document *d, const docx_options *opt, const char *path, int *io_err, diag_sink *diag) {
  if (io_err) *io_err = 0;
  part ps[MAX_PARTS];
  size_t n = make_parts(d, opt, ps);
  dx_time t = pick_time(d, opt);
  char *temp = outfile_temp_path(path);
  int err = 0;
  bool ok = write_zip(temp, ps, n, t, &err);
  free_parts(ps, n);
  if (!ok) {
    unlink(temp);
    free(temp);
    return failed(diag, path, err, io_err);
  }
  if (opt && opt->no_fsync) {
    ok = outfile_replaceable(path) && rename(temp, path) == 0;
    err = errno;
    if (!ok) unlink(temp);
    free(temp);
    return ok || failed(diag, path, err, io_err);
  }
  ok = outfile_commit(temp, path, diag); /* reports itself */
  err = errno;
  free(temp);
  if (!ok && io_err) *io_err = err ? err : EIO;
  return ok;
}

bool docx_render(const tpl_program *p, const tpl_document_spec *spec, const tpl_context *ctx,
                 const docx_options *opt, const char *path, int *io_err, diag_sink *diag) {
  if (io_err) *io_err = 0;
  docx_document *d = docx_document_new(spec->options);
  bool ok = tpl_render_blocks(p, spec, ctx, docx_builder(), d, diag) && docx_write(d, opt, path, io_err, diag);
  docx_document_free(d);
  return ok;
}
