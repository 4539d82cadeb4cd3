/* ofd: the OFD package of one document (GB/T 33190-2016 §7): the pages first (page.c), then
 * PublicRes.xml with the fonts (subset per document through pdf/, with a cmap), Document.xml
 * (CommonData, MaxUnitID the largest ID used) and OFD.xml (DocInfo from the document's metadata,
 * DocID a hash of the other parts). Written to a ZIP in a fixed order with fixed timestamps, so
 * identical input gives identical bytes. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>

#include "core/build.h"
#include "core/lang.h"
#include "core/outfile.h"
#include "core/xmalloc.h"
#include "ofd/ofd_private.h"

#define OFD_NS "http://www.ofdspec.org/2016"

/* ---- XML helpers ---- */

xmlTextWriterPtr ofd_xml_new(xmlBufferPtr *buf) {
  *buf = xmlBufferCreate();
  xmlTextWriterPtr x = *buf ? xmlNewTextWriterMemory(*buf, 0) : NULL;
  if (!x) xoom();
  xmlTextWriterStartDocument(x, "1.0", "UTF-8", NULL);
  return x;
}

void ofd_start(xmlTextWriterPtr x, const char *name, bool root) {
  xmlTextWriterStartElementNS(x, BAD_CAST "ofd", BAD_CAST name, root ? BAD_CAST OFD_NS : NULL);
}

void ofd_end(xmlTextWriterPtr x) { xmlTextWriterEndElement(x); }

void ofd_attr(xmlTextWriterPtr x, const char *name, const char *value) {
  xmlTextWriterWriteAttribute(x, BAD_CAST name, BAD_CAST value);
}

void ofd_attr_u(xmlTextWriterPtr x, const char *name, unsigned v) {
  char b[16];
  snprintf(b, sizeof b, "%u", v);
  ofd_attr(x, name, b);
}

void ofd_elem(xmlTextWriterPtr x, const char *name, const char *text) {
  xmlTextWriterWriteElementNS(x, BAD_CAST "ofd", BAD_CAST name, NULL, BAD_CAST text);
}

const char *ofd_mm(char buf[32], double pt) {
  double v = round(pt * 25.4 / 72.0 * 1000) / 1000;
  if (v == 0) v = 0; /* no "-0" */
  snprintf(buf, 32, "%.3f", v);
  char *e = buf + strlen(buf) - 1;
  while (*e == '0') *e-- = 0;
  if (*e == '.') *e = 0;
  return buf;
}

/* ---- Parts, in the order they go into the ZIP ---- */

typedef struct {
  char *name;
  unsigned char *data;
  size_t len;
} part;

typedef struct {
  part *p;
  size_t n, cap;
} parts;

static void add_part(parts *ps, const char *name, unsigned char *data, size_t len) {
  ps->p = xgrow(ps->p, &ps->cap, ps->n + 1, sizeof *ps->p);
  ps->p[ps->n++] = (part){xstrdup(name), data, len};
}

static void add_xml(parts *ps, const char *name, xmlTextWriterPtr x, xmlBufferPtr buf) {
  xmlTextWriterEndDocument(x);
  xmlFreeTextWriter(x);
  size_t len = (size_t)xmlBufferLength(buf);
  unsigned char *d = xmalloc(len ? len : 1);
  memcpy(d, xmlBufferContent(buf), len);
  xmlBufferFree(buf);
  add_part(ps, name, d, len);
}

/* ---- Dates ---- */

typedef struct {
  int y, mo, d, h, mi, s;
  bool have;
} ofd_date;

/* lay_info_time(), with the ZIP format's floor: no time before 1980 (its DOS timestamps). */
static ofd_date pick_date(const lay_info *info) {
  lay_time t = lay_info_time(info);
  if (!t.have || t.year < 1980) return (ofd_date){1980, 1, 1, 0, 0, 0, false};
  return (ofd_date){t.year, t.month, t.day, t.hour, t.minute, t.second, true};
}

/* ---- Resources ---- */

/* PublicRes.xml and each used font's subset; font IDs were given by the caller. */
static bool public_res(ofd_writer *w, parts *ps, unsigned cs_id) {
  xmlBufferPtr buf;
  xmlTextWriterPtr x = ofd_xml_new(&buf);
  ofd_start(x, "Res", true);
  ofd_attr(x, "BaseLoc", "Res");
  ofd_start(x, "ColorSpaces", false);
  ofd_start(x, "ColorSpace", false);
  ofd_attr_u(x, "ID", cs_id);
  ofd_attr(x, "Type", "RGB");
  ofd_attr(x, "BitsPerComponent", "8");
  ofd_end(x);
  ofd_end(x);
  ofd_start(x, "Fonts", false);
  bool ok = true;
  for (size_t fi = 0; ok && fi < w->nfonts; fi++) {
    ofd_font *f = &w->font[fi];
    if (!f->id) continue;
    size_t n = 0, cap = 0;
    uint32_t *cps = NULL;
    for (uint32_t word = 0; word < 0x110000 / 64; word++)
      for (uint64_t b = f->bits[word]; b; b &= b - 1) {
        cps = xgrow(cps, &cap, n + 1, sizeof *cps);
        cps[n++] = word * 64 + (uint32_t)__builtin_ctzll(b);
      }
    unsigned char *data;
    size_t len;
    ok = pdf_fonts_subset_cmap(w->fonts, (int)fi, cps, n, &data, &len, w->diag);
    free(cps);
    if (!ok) break;
    char family[128], ps_name[128], file[48], part_name[64];
    pdf_fonts_file_names(w->fonts, (int)fi, family, sizeof family, ps_name, sizeof ps_name);
    snprintf(file, sizeof file, "font_%u.%s", f->id, len >= 4 && memcmp(data, "OTTO", 4) == 0 ? "otf" : "ttf");
    snprintf(part_name, sizeof part_name, "Doc_0/Res/%s", file);
    ofd_start(x, "Font", false);
    ofd_attr_u(x, "ID", f->id);
    ofd_attr(x, "FontName", ps_name);
    ofd_attr(x, "FamilyName", family);
    ofd_elem(x, "FontFile", file);
    ofd_end(x);
    add_part(ps, part_name, data, len);
  }
  ofd_end(x);
  ofd_end(x);
  add_xml(ps, "Doc_0/PublicRes.xml", x, buf);
  return ok;
}

static void document_xml(ofd_writer *w, parts *ps, const unsigned *page_ids, size_t count, unsigned cs_id) {
  xmlBufferPtr buf;
  xmlTextWriterPtr x = ofd_xml_new(&buf);
  ofd_start(x, "Document", true);
  ofd_start(x, "CommonData", false);
  char v[32];
  snprintf(v, sizeof v, "%u", w->next_id - 1);
  ofd_elem(x, "MaxUnitID", v);
  ofd_start(x, "PageArea", false);
  ofd_elem(x, "PhysicalBox", "0 0 210 297"); /* A4 as GB/T 9704 gives it (595.28 pt is 210.0015 mm) */
  ofd_end(x);
  ofd_elem(x, "PublicRes", "PublicRes.xml");
  snprintf(v, sizeof v, "%u", cs_id);
  ofd_elem(x, "DefaultCS", v);
  ofd_end(x);
  ofd_start(x, "Pages", false);
  for (size_t i = 0; i < count; i++) {
    char loc[64];
    snprintf(loc, sizeof loc, "Pages/Page_%zu/Content.xml", i);
    ofd_start(x, "Page", false);
    ofd_attr_u(x, "ID", page_ids[i]);
    ofd_attr(x, "BaseLoc", loc);
    ofd_end(x);
  }
  ofd_end(x);
  if (ofd_has_tags(w)) ofd_elem(x, "CustomTags", "Tags/CustomTags.xml");
  ofd_end(x);
  add_xml(ps, "Doc_0/Document.xml", x, buf);
}

/* OFD.xml: DocInfo from the same fields as the PDF's Info; DocID a hash of every other part. */
static void ofd_xml(const parts *ps, const lay_info *info, const ofd_options *opt, const ofd_date *dd,
                    parts *out) {
  uint64_t h[2] = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
  for (size_t i = 0; i < ps->n; i++)
    for (size_t k = 0; k < ps->p[i].len; k++) {
      h[0] = (h[0] ^ ps->p[i].data[k]) * 0x100000001b3ULL;
      h[1] = (h[1] ^ ps->p[i].data[k]) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
    }
  char id[40], date[48];
  snprintf(id, sizeof id, "%016llx%016llx", (unsigned long long)h[0], (unsigned long long)h[1]);
  lay_info none = {0};
  if (!info) info = &none;
  xmlBufferPtr buf;
  xmlTextWriterPtr x = ofd_xml_new(&buf);
  ofd_start(x, "OFD", true);
  ofd_attr(x, "Version", "1.0");
  ofd_attr(x, "DocType", opt && opt->plain ? "OFD" : "OFD-A");
  ofd_start(x, "DocBody", false);
  ofd_start(x, "DocInfo", false);
  ofd_elem(x, "DocID", id);
  if (info->title && *info->title) ofd_elem(x, "Title", info->title);
  if (info->author && *info->author) ofd_elem(x, "Author", info->author);
  if (info->subject && *info->subject) ofd_elem(x, "Subject", info->subject);
  if (dd->have) {
    snprintf(date, sizeof date, "%04d-%02d-%02d", dd->y, dd->mo, dd->d);
    ofd_elem(x, "CreationDate", date);
  }
  if (info->keywords && *info->keywords) {
    /* Keywords holds one Keyword each; split at ASCII separators only (bytes of a UTF-8
     * character are never ASCII, so no character is cut) */
    ofd_start(x, "Keywords", false);
    char *k = xstrdup(info->keywords), *save = NULL;
    for (char *t = strtok_r(k, ",; ", &save); t; t = strtok_r(NULL, ",; ", &save)) ofd_elem(x, "Keyword", t);
    free(k);
    ofd_end(x);
  }
  ofd_elem(x, "Creator", info->creator && *info->creator ? info->creator : "yinfa");
  ofd_elem(x, "CreatorVersion", YINFA_VERSION);
  ofd_end(x);
  ofd_elem(x, "DocRoot", "Doc_0/Document.xml");
  ofd_end(x);
  ofd_end(x);
  add_xml(out, "OFD.xml", x, buf);
}

/* ---- The ZIP ---- */

static bool zip_failed(diag_sink *diag, const char *path, const char *what, int err) {
  diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot write the OFD package (%s): %s", "无法写入 OFD 文件（%s）：%s"),
             what, err ? lang_strerror(err) : "libzip");
  errno = err ? err : EIO; /* libzip failing inside: a system error all the same */
  return false;
}

/* Every part in order, deflated, with one fixed DOS timestamp; then renamed over 'path'. */
static bool write_zip(const parts *ps, const ofd_date *dd, const ofd_options *opt, const char *path, diag_sink *diag) {
  char *temp = outfile_temp_path(path);
  int zerr = 0;
  zip_t *za = zip_open(temp, ZIP_CREATE | ZIP_EXCL, &zerr);
  if (!za) {
    bool r = zip_failed(diag, path, temp, zerr == ZIP_ER_EXISTS ? EEXIST : errno);
    free(temp);
    return r;
  }
  zip_uint16_t dtime = (zip_uint16_t)(dd->h << 11 | dd->mi << 5 | dd->s / 2);
  zip_uint16_t ddate = (zip_uint16_t)((dd->y - 1980) << 9 | dd->mo << 5 | dd->d);
  bool ok = true;
  for (size_t i = 0; ok && i < ps->n; i++) {
    zip_source_t *src = zip_source_buffer(za, ps->p[i].data, ps->p[i].len, 0);
    zip_int64_t idx = src ? zip_file_add(za, ps->p[i].name, src, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0) {
      zip_source_free(src);
      ok = false;
      break;
    }
    /* level 1, as the PDF streams: level 6 made deflate a quarter of the writer's time */
    ok = zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 1) == 0 &&
         zip_file_set_dostime(za, (zip_uint64_t)idx, dtime, ddate, 0) == 0;
  }
  if (!ok) {
    zip_discard(za);
    unlink(temp);
    free(temp);
    return zip_failed(diag, path, L("adding a part", "添加部件"), 0);
  }
  if (zip_close(za) != 0) {
    int e = zip_error_code_system(zip_get_error(za));
    zip_discard(za);
    unlink(temp);
    free(temp);
    return zip_failed(diag, path, L("closing", "完成写入"), e ? e : EIO);
  }
  if (opt && opt->no_fsync ? outfile_replaceable(path) && rename(temp, path) == 0 : outfile_commit(temp, path, diag)) {
    free(temp);
    return true;
  }
  int e = errno;
  unlink(temp);
  free(temp);
  if (opt && opt->no_fsync) zip_failed(diag, path, L("renaming", "重命名"), e);
  errno = e;
  return false;
}

/* ---- Entry points ---- */

static bool render_list(const pdf_fonts *fonts, const lay_page *const *pages, size_t count, const lay_info *info,
                        const ofd_options *opt, const char *path, bool *file_used, int *io_err, diag_sink *diag) {
  if (count == 0) {
    diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("document has no pages", "文档没有页面"));
    return false;
  }
  ofd_writer w = {.fonts = fonts, .diag = diag, .path = path, .next_id = 1};
  w.nfonts = pdf_fonts_file_count(fonts);
  w.font = xcalloc(w.nfonts ? w.nfonts : 1, sizeof *w.font);
  strbuf_init(&w.num);
  parts ps = {0}, head = {0};
  unsigned *page_ids = xcalloc(count, sizeof *page_ids);
  bool ok = true;
  for (size_t i = 0; ok && i < count; i++) ok = ofd_collect_page(&w, pages[i]);
  unsigned cs_id = w.next_id++;
  for (size_t fi = 0; fi < w.nfonts; fi++)
    if (w.font[fi].bits) w.font[fi].id = w.next_id++;
  for (size_t i = 0; ok && i < count; i++) {
    char name[64];
    xmlBufferPtr buf;
    xmlTextWriterPtr x = ofd_xml_new(&buf);
    page_ids[i] = w.page_id = w.next_id++;
    ok = ofd_page_content(&w, pages[i], i + 1, x);
    snprintf(name, sizeof name, "Doc_0/Pages/Page_%zu/Content.xml", i);
    add_xml(&ps, name, x, buf);
  }
  ok = ok && public_res(&w, &ps, cs_id);
  if (ok && ofd_has_tags(&w)) {
    xmlBufferPtr buf;
    xmlTextWriterPtr x = ofd_xml_new(&buf);
    ofd_tags_index(x);
    add_xml(&ps, "Doc_0/Tags/CustomTags.xml", x, buf);
    x = ofd_xml_new(&buf);
    ofd_tags_content(&w, x);
    add_xml(&ps, "Doc_0/Tags/CustomTag.xml", x, buf);
  }
  ofd_date dd = pick_date(info);
  if (ok) {
    document_xml(&w, &head, page_ids, count, cs_id);
    ofd_xml(&ps, info, opt, &dd, &head);
    /* OFD.xml first, then Document.xml, the resources and the pages */
    parts all = {0};
    add_part(&all, head.p[1].name, head.p[1].data, head.p[1].len);
    add_part(&all, head.p[0].name, head.p[0].data, head.p[0].len);
    for (size_t k = 0; k < 2; k++) /* resources (appended last) before the pages */
      for (size_t i = 0; i < ps.n; i++) {
        bool page = strncmp(ps.p[i].name, "Doc_0/Pages/", 12) == 0;
        if (page == (k == 1)) add_part(&all, ps.p[i].name, ps.p[i].data, ps.p[i].len);
      }
    ok = write_zip(&all, &dd, opt, path, diag);
    if (!ok && io_err) *io_err = errno ? errno : EIO; /* write_zip leaves the failing call's errno */
    for (size_t i = 0; i < all.n; i++) free(all.p[i].name);
    free(all.p);
  }
  for (size_t i = 0; i < ps.n; i++) free(ps.p[i].name), free(ps.p[i].data);
  for (size_t i = 0; i < head.n; i++) free(head.p[i].name), free(head.p[i].data);
  free(ps.p);
  free(head.p);
  for (size_t fi = 0; ok && file_used && fi < w.nfonts; fi++) file_used[fi] = w.font[fi].id != 0;
  for (size_t fi = 0; fi < w.nfonts; fi++) free(w.font[fi].bits);
  free(w.font);
  free(w.tags);
  free(page_ids);
  strbuf_release(&w.num);
  return ok;
}

static bool render_doc(const pdf_fonts *fonts, const lay_document *doc, const ofd_options *opt, const char *path,
                       bool *file_used, int *io_err, diag_sink *diag) {
  size_t count = lay_page_count(doc);
  const lay_page **list = xcalloc(count ? count : 1, sizeof *list);
  for (size_t i = 0; i < count; i++) list[i] = lay_page_get(doc, i);
  bool ok = render_list(fonts, list, count, lay_get_info(doc), opt, path, file_used, io_err, diag);
  free(list);
  return ok;
}

bool ofd_render(const pdf_fonts *fonts, const lay_document *doc, const ofd_options *opt, const char *path,
                diag_sink *diag) {
  return render_doc(fonts, doc, opt, path, NULL, NULL, diag);
}

bool ofd_render_used(const pdf_fonts *fonts, const lay_document *doc, const ofd_options *opt, const char *path,
                     pdf_font_face **used, size_t *used_count, int *io_err, diag_sink *diag) {
  size_t n = pdf_fonts_file_count(fonts);
  bool *flag = xcalloc(n ? n : 1, sizeof *flag);
  bool ok = render_doc(fonts, doc, opt, path, flag, io_err, diag);
  *used = NULL;
  *used_count = 0;
  if (ok) pdf_fonts_used_faces(fonts, flag, used, used_count);
  free(flag);
  return ok;
}

bool ofd_render_pages(const pdf_fonts *fonts, const lay_page *pages, size_t count, const lay_info *info,
                      const ofd_options *opt, const char *path, diag_sink *diag) {
  const lay_page **list = xcalloc(count ? count : 1, sizeof *list);
  for (size_t i = 0; i < count; i++) list[i] = &pages[i];
  bool ok = render_list(fonts, list, count, info, opt, path, NULL, NULL, diag);
  free(list);
  return ok;
}
