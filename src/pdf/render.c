/* render: lay_page display lists → one PDF per document with libharu 2.3.0. libharu draws pages and
 * writes the file; the fonts are ours (fonts/README.md): text is written as 2-byte CIDs of our run
 * subset (Identity-H), and render_font.c builds the Type0 / CIDFont / FontDescriptor objects, /W,
 * CIDToGIDMap, a correct ToUnicode (beyond U+FFFF too) and the per-document font program. This
 * file draws the pages, writes the metadata and the file. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hpdf.h>

#include "core/lang.h"
#include "core/outfile.h"
#include "core/xmalloc.h"
#include "pdf/pdf_private.h"
#include "pdf/render_private.h"

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data) {
  writer *w = user_data;
  if (!w->status) {
    w->status = error_no;
    w->detail = detail_no;
  }
}

/* Records the status of one libharu call unless an earlier one failed: statuses are codes, not
 * counts, and only the first failure says what went wrong. Returns true when 'st' is OK. */
bool rw_keep_status(writer *w, HPDF_STATUS st) {
  if (st != HPDF_OK && !w->status) w->status = st;
  return st == HPDF_OK;
}

/* What a libharu status means, for the codes drawing and writing can meet (hpdf_error.h). */
static const char *status_text(HPDF_STATUS st) {
  switch (st) {
  case HPDF_FAILD_TO_ALLOC_MEM: return L("out of memory", "内存不足");
  case HPDF_FILE_IO_ERROR: return L("file input/output error", "文件读写错误");
  case HPDF_PAGE_OUT_OF_RANGE: return L("a value out of range (size, width or position)", "数值超出范围（尺寸、线宽或位置）");
  case HPDF_REAL_OUT_OF_RANGE: return L("a number out of the range PDF allows", "数值超出 PDF 允许的范围");
  case HPDF_PAGE_INVALID_FONT_SIZE: return L("an invalid font size", "字号无效");
  case HPDF_PAGE_INVALID_FONT: case HPDF_PAGE_FONT_NOT_FOUND: return L("no usable font set", "未设置可用字体");
  case HPDF_PAGE_INVALID_GMODE: return L("an operator used in the wrong place (text or path)", "绘图命令用在了错误的位置（文本或路径中）");
  case HPDF_PAGE_INVALID_SIZE: return L("an invalid page size", "页面尺寸无效");
  case HPDF_ZLIB_ERROR: return L("compression failed", "压缩失败");
  case HPDF_STRING_OUT_OF_RANGE: case HPDF_BINARY_LENGTH_ERR: return L("a string too long", "字符串过长");
  case HPDF_INVALID_PARAMETER: case HPDF_INVALID_OBJECT: return L("an invalid parameter", "参数无效");
  default: return L("error", "错误");
  }
}

/* Where drawing is, for messages: the document, its page and the op being drawn. */
static void describe_box(const writer *w, strbuf *b) {
  const lay_op *op = w->op;
  strbuf_printf(b, "%s", w->path ? w->path : "?");
  if (w->page_no) strbuf_printf(b, L(", page %zu", "，第 %zu 页"), w->page_no);
  if (!op) return;
  switch (op->kind) {
  case LAY_OP_TEXT:
    strbuf_printf(b, L(", text \"%.60s\" at x=%.1f y=%.1f pt, %.1f pt", "，文字“%.60s”（x=%.1f y=%.1f pt，%.1f pt）"),
                  op->u.text.utf8 ? op->u.text.utf8 : "", op->u.text.x, op->u.text.y, op->u.text.size_pt);
    break;
  case LAY_OP_LINE:
    strbuf_printf(b, L(", rule from (%.1f, %.1f) to (%.1f, %.1f) pt, %.2f pt wide", "，线条（%.1f, %.1f）至（%.1f, %.1f）pt，线宽 %.2f pt"),
                  op->u.line.x1, op->u.line.y1, op->u.line.x2, op->u.line.y2, op->u.line.width_pt);
    break;
  case LAY_OP_RECT:
    strbuf_printf(b, L(", box at (%.1f, %.1f) pt, %.1f x %.1f pt", "，方框（%.1f, %.1f）pt，%.1f x %.1f pt"),
                  op->u.rect.x, op->u.rect.y, op->u.rect.w, op->u.rect.h);
    break;
  case LAY_OP_CHECKBOX:
    strbuf_printf(b, L(", checkbox at (%.1f, %.1f) pt", "，复选框（%.1f, %.1f）pt"), op->u.checkbox.x, op->u.checkbox.y);
    break;
  }
}

/* After the first libharu failure: one error naming what was being done, in which document,
 * page and box, and what the library said; the caller stops (nothing more is drawn and no file
 * is written). */
bool rw_failed(writer *w, src_loc at, const char *what) {
  if (!w->status) return false;
  if (w->reported) return true;
  w->reported = true;
  strbuf where;
  strbuf_init(&where);
  describe_box(w, &where);
  diag_error(w->diag, at,
             L("PDF library failed while %s (%s): %s, libharu code 0x%04X detail %u; the document "
               "is not written; this is a yinfa bug, please report it with this message",
               "PDF 库在%s时出错（%s）：%s，libharu 代码 0x%04X 细节 %u；文件未生成；这是 yinfa 的缺陷，请附此信息报告"),
             what, where.data ? where.data : "", status_text(w->status), (unsigned)w->status,
             (unsigned)w->detail);
  strbuf_release(&where);
  return true;
}

static void hash_bytes(writer *w, const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++) {
    w->hash[0] = (w->hash[0] ^ b[i]) * 0x100000001b3ULL;
    w->hash[1] = (w->hash[1] ^ b[i]) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
  }
}

static void hash_str(writer *w, const char *s) { hash_bytes(w, s ? s : "", s ? strlen(s) + 1 : 1); }

/* ---- Drawing ---- */

static void raw(HPDF_Page page, const char *s) {
  HPDF_PageAttr attr = page->attr;
  HPDF_Stream_WriteStr(attr->stream, s);
}

/* One text op being drawn: the pen, the font in use, what is drawn after the text object (the
 * bars of 破折号 pairs, a narrowed glyph's outline). */
typedef struct {
  HPDF_Page page;
  const lay_op *op;
  double size, base, pen, prev_pen;
  long cur; /* slot of the font set in the text object (-1: none) */
  int32_t prev_cp;
  int prev_fi;
  pdf_bridge bridges[8];
  size_t nbridges;
  const pdf_font_file *outline_file; /* the glyph drawn as a path, if any */
  unsigned outline_gid;
  double outline_pen;
} text_run;

/* Hashes the op for the /ID and opens its text object. */
static void text_begin(writer *w, text_run *t, lay_font role, bool bold, const char *s, double page_h) {
  const lay_op *op = t->op;
  lay_color c = op->color;
  double nums[5] = {t->size, op->u.text.x, op->u.text.y, op->u.text.tracking_pt, op->u.text.cut_last_pt};
  hash_bytes(w, nums, sizeof nums);
  hash_bytes(w, &role, sizeof role);
  hash_bytes(w, &bold, sizeof bold);
  hash_str(w, s);
  if (!*s) return;
  HPDF_Page_BeginText(t->page);
  HPDF_Page_SetRGBFill(t->page, c.r, c.g, c.b);
  if (bold) {
    HPDF_Page_SetRGBStroke(t->page, c.r, c.g, c.b);
    HPDF_Page_SetLineWidth(t->page, (HPDF_REAL)(t->size * 0.03));
    HPDF_Page_SetTextRenderingMode(t->page, HPDF_FILL_THEN_STROKE);
  } else {
    HPDF_Page_SetTextRenderingMode(t->page, HPDF_FILL);
  }
  HPDF_Page_SetCharSpace(t->page, (HPDF_REAL)op->u.text.tracking_pt);
  HPDF_Page_MoveTextPos(t->page, (HPDF_REAL)op->u.text.x, (HPDF_REAL)(page_h - op->u.text.y));
}

/* Advances the pen over 'cp' of file 'fi', noting a bar between two dashes of one font. */
static void text_advance(writer *w, text_run *t, int32_t cp, int fi) {
  const pdf_font_file *f = &w->fonts->files[fi];
  if (pdf_is_dash(cp) && pdf_is_dash(t->prev_cp) && t->prev_fi == fi && t->nbridges < 8 &&
      pdf_dash_bridge(f, (uint32_t)t->prev_cp, (uint32_t)cp, t->prev_pen, t->pen, t->base, t->size,
                      &t->bridges[t->nbridges]))
    t->nbridges++;
  t->prev_cp = pdf_is_dash(t->prev_cp) && pdf_is_dash(cp) ? -1 : cp; /* "————" is two pairs */
  t->prev_fi = fi;
  t->prev_pen = t->pen;
  unsigned g = pdf_file_gid(f, (uint32_t)cp);
  t->pen += (f->upem ? f->adv[g] * t->size / f->upem : 0) + t->op->u.text.tracking_pt;
}

/* Reports a character that cannot be drawn (bad UTF-8, in no font, not collected); false then. */
static bool char_drawable(writer *w, const lay_op *op, int32_t cp, int fi, unsigned cid, const char *start,
                          const char *next) {
  if (cp < 0) {
    diag_error(w->diag, op->from, L("invalid UTF-8 in text", "文本中有无效的 UTF-8"));
    return false;
  }
  if (fi < 0) {
    /* one message per document: the run goes on with the others (issue 13 §2) */
    diag_error(w->diag, op->from,
               L("character U+%04X '%.*s' is in no installed font, so %s is not written: install a font that "
                 "has it (yinfa fonts lists the fonts) and run again, which writes just the documents left",
                 "字符 U+%04X“%.*s”不在任何已安装的字体中，因此未生成 %s：请安装含有该字的字体（yinfa fonts 列出现有字体）"
                 "后重新运行，将只生成尚未生成的文书"),
               (unsigned)cp, (int)(next - start), start, w->path);
    return false;
  }
  if (!cid) {
    diag_error(w->diag, op->from,
               L("internal error: character U+%04X '%.*s' was not collected before the fonts were prepared",
                 "内部错误：字符 U+%04X“%.*s”在准备字体之前未被收集"),
               (unsigned)cp, (int)(next - start), start);
    return false;
  }
  return true;
}

/* Ends the hex string being written, if any. */
static void flush_tj(writer *w, text_run *t) {
  if (!w->tj.len) return;
  strbuf_append(&w->tj, "> Tj\n");
  raw(t->page, w->tj.data);
  strbuf_reset(&w->tj);
}

/* The narrowed last glyph is written as invisible text (what extractors read, boxed by the
 * narrowed advance) and its outline drawn as a path after the text object: a full-width mark
 * keeps its 1-em glyph in the font, only its place on the line is narrower. Returns its CID. */
static long narrow_last(writer *w, text_run *t, long slot, unsigned cid, int fi, int32_t cp) {
  const pdf_subset *sb = w->df[slot].sub;
  double narrowed = sb->cid_w[cid] - t->op->u.text.cut_last_pt * 1000.0 / t->size;
  doc_font *nd = rw_use_narrow_font(w, (size_t)slot, t->op->from);
  if (!nd) return -1;
  cid = rw_narrow_cid(nd, cid, fmax(0, round(narrowed * 100) / 100));
  flush_tj(w, t);
  HPDF_Page_SetTextRenderingMode(t->page, HPDF_INVISIBLE);
  HPDF_Page_SetFontAndSize(t->page, nd->font, (HPDF_REAL)t->size);
  t->cur = -1;
  strbuf_putc(&w->tj, '<');
  t->outline_file = &w->fonts->files[fi];
  t->outline_gid = pdf_file_gid(t->outline_file, (uint32_t)cp);
  t->outline_pen = t->prev_pen;
  return cid;
}

/* Closes the text object, then draws the narrowed glyph's outline and the dash bars. */
static void text_end(writer *w, text_run *t, bool ok, bool bold) {
  lay_color c = t->op->color;
  if (ok && w->tj.len) {
    strbuf_append(&w->tj, "> Tj\n");
    raw(t->page, w->tj.data);
  }
  HPDF_Page_EndText(t->page);
  if (ok && t->outline_file)
    pdf_draw_outline(t->page, t->outline_file, t->outline_gid, t->outline_pen, t->base, t->size, c, bold);
  for (size_t i = 0; ok && i < t->nbridges; i++) {
    const pdf_bridge *b = &t->bridges[i];
    HPDF_Page_SetRGBFill(t->page, c.r, c.g, c.b);
    HPDF_Page_Rectangle(t->page, (HPDF_REAL)b->x1, (HPDF_REAL)b->y1, (HPDF_REAL)(b->x2 - b->x1),
                        (HPDF_REAL)(b->y2 - b->y1));
    HPDF_Page_Fill(t->page);
  }
}

static bool draw_text(writer *w, HPDF_Page page, double page_h, const lay_op *op) {
  const char *s = op->u.text.utf8 ? op->u.text.utf8 : "";
  const char *end = s + strlen(s);
  lay_font role = op->u.text.font;
  if ((unsigned)role >= LAY_FONT_COUNT) {
    diag_error(w->diag, op->from, L("unknown font role %d", "未知的字体角色 %d"), (int)role);
    return false;
  }
  bool bold = op->u.text.fake_bold || w->fonts->roles[role].fake_bold;
  text_run t = {.page = page, .op = op, .size = op->u.text.size_pt, .base = page_h - op->u.text.y,
                .pen = op->u.text.x, .cur = -1, .prev_cp = -1, .prev_fi = -1};
  text_begin(w, &t, role, bold, s, page_h);
  if (s == end) return true;
  strbuf_reset(&w->tj);
  bool ok = true;
  /* the last drawn character, whose advance op->u.text.cut_last_pt narrows */
  const char *last = NULL;
  for (const char *q = s; q < end;) {
    const char *at = q;
    int32_t cp = pdf_utf8_next(&q, end);
    if (cp < 0 || !lay_invisible((uint32_t)cp)) last = at;
  }
  while (s < end) {
    const char *start = s;
    int32_t cp = pdf_utf8_next(&s, end);
    if (cp >= 0 && lay_invisible((uint32_t)cp)) continue; /* layout gave it no room */
    int fi = cp < 0 ? -1 : pdf_resolve(w->fonts, role, (uint32_t)cp);
    if (fi >= 0) text_advance(w, &t, cp, fi);
    uint32_t v = fi < 0 ? 0 : pdf_file_cid(&w->fonts->files[fi], (uint32_t)cp);
    unsigned cid = v & 0xffff;
    size_t chunk = v >> 16;
    if (!(ok = char_drawable(w, op, cp, fi, cid, start, s))) break;
    long slot = (long)(w->fonts->files[fi].slot_base + chunk);
    if (slot != t.cur) {
      flush_tj(w, &t);
      doc_font *d = rw_use_font(w, &w->fonts->files[fi], chunk, op->from);
      if (!(ok = d != NULL)) break;
      HPDF_Page_SetFontAndSize(page, d->font, (HPDF_REAL)t.size);
      strbuf_putc(&w->tj, '<');
      t.cur = slot;
    }
    rw_mark_used(&w->df[slot], cid);
    if (start == last && op->u.text.cut_last_pt > 0) {
      long narrow = narrow_last(w, &t, slot, cid, fi, cp);
      if (!(ok = narrow >= 0)) break;
      cid = (unsigned)narrow;
    }
    static const char HEX[] = "0123456789ABCDEF";
    char hex[4] = {HEX[cid >> 12 & 15], HEX[cid >> 8 & 15], HEX[cid >> 4 & 15], HEX[cid & 15]};
    strbuf_append_n(&w->tj, hex, 4);
  }
  text_end(w, &t, ok, bold);
  return ok && !rw_failed(w, op->from, L("drawing text", "绘制文本时"));
}

static void draw_line(HPDF_Page page, double h, const lay_op *op) {
  lay_color c = op->color;
  HPDF_Page_SetRGBStroke(page, c.r, c.g, c.b);
  HPDF_Page_SetLineWidth(page, (HPDF_REAL)op->u.line.width_pt);
  HPDF_Page_MoveTo(page, (HPDF_REAL)op->u.line.x1, (HPDF_REAL)(h - op->u.line.y1));
  HPDF_Page_LineTo(page, (HPDF_REAL)op->u.line.x2, (HPDF_REAL)(h - op->u.line.y2));
  HPDF_Page_Stroke(page);
}

static void draw_rect(HPDF_Page page, double h, const lay_op *op) {
  lay_color c = op->color;
  bool stroke = op->u.rect.stroke_pt > 0;
  if (!stroke && !op->u.rect.fill) return;
  HPDF_Page_SetRGBStroke(page, c.r, c.g, c.b);
  HPDF_Page_SetRGBFill(page, c.r, c.g, c.b);
  if (stroke) HPDF_Page_SetLineWidth(page, (HPDF_REAL)op->u.rect.stroke_pt);
  HPDF_Page_Rectangle(page, (HPDF_REAL)op->u.rect.x, (HPDF_REAL)(h - op->u.rect.y - op->u.rect.h),
                      (HPDF_REAL)op->u.rect.w, (HPDF_REAL)op->u.rect.h);
  if (stroke && op->u.rect.fill)
    HPDF_Page_FillStroke(page);
  else if (stroke)
    HPDF_Page_Stroke(page);
  else
    HPDF_Page_Fill(page);
}

/* A vector box; ticked: a vector check mark inside (layout.md: never a glyph). */
static void draw_checkbox(HPDF_Page page, double h, const lay_op *op) {
  lay_color c = op->color;
  double x = op->u.checkbox.x, s = op->u.checkbox.size, top = h - op->u.checkbox.y;
  HPDF_Page_GSave(page);
  HPDF_Page_SetRGBStroke(page, c.r, c.g, c.b);
  HPDF_Page_SetLineWidth(page, (HPDF_REAL)fmax(0.5, s * 0.06));
  HPDF_Page_Rectangle(page, (HPDF_REAL)x, (HPDF_REAL)(top - s), (HPDF_REAL)s, (HPDF_REAL)s);
  HPDF_Page_Stroke(page);
  if (op->u.checkbox.ticked) {
    HPDF_Page_SetLineWidth(page, (HPDF_REAL)(s * 0.12));
    HPDF_Page_SetLineCap(page, HPDF_ROUND_END);
    HPDF_Page_SetLineJoin(page, HPDF_ROUND_JOIN);
    HPDF_Page_MoveTo(page, (HPDF_REAL)(x + 0.2 * s), (HPDF_REAL)(top - 0.52 * s));
    HPDF_Page_LineTo(page, (HPDF_REAL)(x + 0.42 * s), (HPDF_REAL)(top - 0.76 * s));
    HPDF_Page_LineTo(page, (HPDF_REAL)(x + 0.82 * s), (HPDF_REAL)(top - 0.22 * s));
    HPDF_Page_Stroke(page);
  }
  HPDF_Page_GRestore(page);
}

/* Behind each box, an invisible ☑ or ☐ (text render mode 3) in the box's place, so text
 * extraction shows which boxes are ticked ("☑是 ☐否"). Skipped when no font of the body chain
 * has the character. */
static bool checkbox_text(writer *w, HPDF_Page page, double h, const lay_op *op) {
  uint32_t cp = op->u.checkbox.ticked ? 0x2611 : 0x2610;
  int fi = pdf_resolve(w->fonts, LAY_FONT_BODY, cp);
  uint32_t v = fi < 0 ? 0 : pdf_file_cid(&w->fonts->files[fi], cp);
  if (!v) return true;
  doc_font *d = rw_use_font(w, &w->fonts->files[fi], v >> 16, op->from);
  if (!d) return false;
  unsigned cid = v & 0xffff;
  rw_mark_used(d, cid);
  double s = op->u.checkbox.size;
  char buf[32];
  snprintf(buf, sizeof buf, "<%04X> Tj\n", cid);
  HPDF_Page_BeginText(page);
  HPDF_Page_SetTextRenderingMode(page, HPDF_INVISIBLE);
  HPDF_Page_SetCharSpace(page, 0);
  HPDF_Page_MoveTextPos(page, (HPDF_REAL)op->u.checkbox.x, (HPDF_REAL)(h - op->u.checkbox.y - 0.88 * s));
  HPDF_Page_SetFontAndSize(page, d->font, (HPDF_REAL)s);
  raw(page, buf);
  HPDF_Page_EndText(page);
  return true;
}

static bool draw_page(writer *w, const lay_page *lp) {
  double pw = lp->width_pt > 0 ? lp->width_pt : LAY_A4_WIDTH_PT;
  double ph = lp->height_pt > 0 ? lp->height_pt : LAY_A4_HEIGHT_PT;
  hash_bytes(w, &pw, sizeof pw);
  hash_bytes(w, &ph, sizeof ph);
  HPDF_Page page = HPDF_AddPage(w->pdf);
  if (page) {
    HPDF_Page_SetWidth(page, (HPDF_REAL)pw);
    HPDF_Page_SetHeight(page, (HPDF_REAL)ph);
  }
  if (rw_failed(w, SRC_LOC_NONE, L("adding a page", "添加页面时"))) return false;
  for (size_t i = 0; i < lp->count; i++) {
    const lay_op *op = &lp->ops[i];
    w->op = op;
    hash_bytes(w, &op->kind, sizeof op->kind);
    hash_bytes(w, &op->color, sizeof op->color);
    switch (op->kind) {
    case LAY_OP_TEXT:
      if (!draw_text(w, page, ph, op)) return false;
      continue;
    case LAY_OP_LINE:
      hash_bytes(w, &op->u.line, sizeof op->u.line);
      draw_line(page, ph, op);
      break;
    case LAY_OP_RECT:
      {
        const double r[5] = {op->u.rect.x, op->u.rect.y, op->u.rect.w, op->u.rect.h, op->u.rect.stroke_pt};
        hash_bytes(w, r, sizeof r);
      }
      hash_bytes(w, &op->u.rect.fill, sizeof(bool));
      draw_rect(page, ph, op);
      break;
    case LAY_OP_CHECKBOX:
      {
        const double b[3] = {op->u.checkbox.x, op->u.checkbox.y, op->u.checkbox.size};
        hash_bytes(w, b, sizeof b);
      }
      hash_bytes(w, &op->u.checkbox.ticked, sizeof(bool));
      draw_checkbox(page, ph, op);
      if (!checkbox_text(w, page, ph, op)) return false;
      break;
    }
    if (rw_failed(w, op->from, L("drawing graphics", "绘制图形时"))) return false;
  }
  w->op = NULL;
  return true;
}

/* ---- Metadata ---- */

/* A PDF text string: UTF-16BE with BOM, as a hex string (libharu would write raw UTF-8 bytes). */
static HPDF_Binary text_string(HPDF_MMgr mmgr, const char *utf8) {
  size_t len = strlen(utf8);
  unsigned char *buf = xmalloc(2 + 4 * len + 2);
  size_t n = 0;
  buf[n++] = 0xfe, buf[n++] = 0xff;
  const char *s = utf8, *end = utf8 + len;
  while (s < end) {
    int32_t cp = pdf_utf8_next(&s, end);
    if (cp < 0) cp = 0xfffd;
    if (cp >= 0x10000) {
      uint32_t v = (uint32_t)cp - 0x10000;
      unsigned hi = 0xd800 + (v >> 10), lo = 0xdc00 + (v & 0x3ff);
      buf[n++] = (unsigned char)(hi >> 8), buf[n++] = (unsigned char)hi;
      buf[n++] = (unsigned char)(lo >> 8), buf[n++] = (unsigned char)lo;
    } else {
      buf[n++] = (unsigned char)(cp >> 8), buf[n++] = (unsigned char)cp;
    }
  }
  HPDF_Binary b = HPDF_Binary_New(mmgr, buf, (HPDF_UINT)n);
  free(buf);
  return b;
}

typedef struct {
  bool have;
  int y, mo, d, h, mi, s;
  char ind; /* '+' or 'Z' */
  int off_h;
} doc_date;

static doc_date pick_date(const lay_info *info) {
  lay_time t = lay_info_time(info);
  return (doc_date){t.have, t.year, t.month, t.day, t.hour, t.minute, t.second, t.utc ? 'Z' : '+', t.utc ? 0 : 8};
}

static void xmp_date(strbuf *b, const doc_date *d) {
  strbuf_printf(b, "%04d-%02d-%02dT%02d:%02d:%02d", d->y, d->mo, d->d, d->h, d->mi, d->s);
  if (d->ind == 'Z')
    strbuf_append(b, "Z");
  else
    strbuf_printf(b, "+%02d:00", d->off_h);
}

/* An XMP property with a text value, left out when the value is empty: 'open', the value
 * XML-escaped, 'close'. */
static void xmp_property(strbuf *bx, const char *open, const char *value, const char *close) {
  if (!value || !*value) return;
  strbuf_append(bx, open);
  strbuf_append_xml_escaped(bx, value);
  strbuf_append(bx, close);
}

/* The XMP packet of PDF/A-1b: Dublin Core title, creator, description; xmp dates and tool;
 * pdf producer and keywords; pdfaid part 1, conformance B. Values XML-escaped. */
static void xmp_packet(strbuf *bx, const lay_info *info, const char *creator, const doc_date *dd) {
  strbuf_append(bx, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                    "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                    "<dc:format>application/pdf</dc:format>\n");
  xmp_property(bx, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">", info->title,
               "</rdf:li></rdf:Alt></dc:title>\n");
  xmp_property(bx, "<dc:creator><rdf:Seq><rdf:li>", info->author, "</rdf:li></rdf:Seq></dc:creator>\n");
  xmp_property(bx, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">", info->subject,
               "</rdf:li></rdf:Alt></dc:description>\n");
  strbuf_append(bx, "</rdf:Description>\n"
                    "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
                    "<xmp:CreatorTool>");
  strbuf_append_xml_escaped(bx, creator);
  strbuf_append(bx, "</xmp:CreatorTool>\n");
  if (dd->have) {
    strbuf_append(bx, "<xmp:CreateDate>");
    xmp_date(bx, dd);
    strbuf_append(bx, "</xmp:CreateDate>\n<xmp:ModifyDate>");
    xmp_date(bx, dd);
    strbuf_append(bx, "</xmp:ModifyDate>\n");
  }
  strbuf_append(bx, "</rdf:Description>\n"
                    "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                    "<pdf:Producer>yinfa (libHaru 2.3.0)</pdf:Producer>\n");
  xmp_property(bx, "<pdf:Keywords>", info->keywords, "</pdf:Keywords>\n");
  strbuf_append(bx, "</rdf:Description>\n"
                    "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                    "<pdfaid:part>1</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n"
                    "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
}

/* The sRGB output intent of PDF/A-1 (its profile built, or read from opt->icc_path, and deflated
 * once per worker, deflate.c). */
static bool output_intent(writer *w, const pdf_options *opt) {
  HPDF_Doc pdf = w->pdf;
  const char *icc_path = opt->icc_path;
  if (icc_path && access(icc_path, R_OK) != 0) {
    diag_error(w->diag, ((src_loc){icc_path, 0, 0, NULL}),
               L("cannot read the ICC profile for PDF/A", "无法读取 PDF/A 所需的 ICC 色彩配置文件"));
    return false;
  }
  HPDF_Dict icc = pdf_icc_stream(w->cache, pdf, icc_path);
  HPDF_Dict intent = HPDF_Dict_New(pdf->mmgr);
  if (icc && intent) {
    /* Built here rather than with HPDF_PDFA_AppendOutputIntents, which misspells
     * /DestOutputProfile with a trailing space. */
    HPDF_Xref_Add(pdf->xref, intent);
    HPDF_Dict_AddName(intent, "Type", "OutputIntent");
    HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
    HPDF_Dict_Add(intent, "OutputConditionIdentifier", HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL));
    HPDF_Dict_Add(intent, "Info", HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL));
    HPDF_Dict_Add(intent, "DestOutputProfile", icc);
    HPDF_Array intents = HPDF_Array_New(pdf->mmgr);
    HPDF_Array_Add(intents, intent);
    HPDF_Dict_Add(pdf->catalog, "OutputIntents", intents);
  } else if (!w->status) {
    w->status = HPDF_INVALID_OBJECT;
  }
  return !rw_failed(w, SRC_LOC_NONE, L("writing PDF/A metadata", "写入 PDF/A 元数据时"));
}

static bool set_metadata(writer *w, const lay_info *info, const pdf_options *opt) {
  HPDF_Doc pdf = w->pdf;
  lay_info none = {0};
  if (!info) info = &none;
  const char *creator = info->creator ? info->creator : "yinfa";
  HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "yinfa"); /* creates the Info dictionary */
  HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, "yinfa (libHaru 2.3.0)");
  struct {
    const char *key, *val;
  } items[] = {{"Title", info->title}, {"Author", info->author}, {"Subject", info->subject},
               {"Keywords", info->keywords}, {"Creator", creator}};
  for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
    hash_str(w, items[i].val);
    if (items[i].val && *items[i].val) HPDF_Dict_Add(pdf->info, items[i].key, text_string(pdf->mmgr, items[i].val));
  }
  doc_date dd = pick_date(info);
  if (dd.have) {
    HPDF_Date hd = {dd.y, dd.mo, dd.d, dd.h, dd.mi, dd.s, dd.ind, dd.off_h, 0};
    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, hd);
    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, hd);
    int fields[8] = {dd.y, dd.mo, dd.d, dd.h, dd.mi, dd.s, dd.ind, dd.off_h}; /* not &dd: padding */
    hash_bytes(w, fields, sizeof fields);
  }
  if (rw_failed(w, SRC_LOC_NONE, L("setting document information", "设置文档信息时"))) return false;

  /* A stable /ID from what was drawn, so identical input gives identical bytes. */
  unsigned char id[16];
  for (int i = 0; i < 8; i++) {
    id[i] = (unsigned char)(w->hash[0] >> (8 * i));
    id[8 + i] = (unsigned char)(w->hash[1] >> (8 * i));
  }
  HPDF_Array ida = HPDF_Array_New(pdf->mmgr);
  HPDF_Array_Add(ida, HPDF_Binary_New(pdf->mmgr, id, 16));
  HPDF_Array_Add(ida, HPDF_Binary_New(pdf->mmgr, id, 16));
  HPDF_Dict_Add(pdf->trailer, "ID", ida);

  if (!opt || !opt->pdfa) return !rw_failed(w, SRC_LOC_NONE, L("setting the document ID", "设置文档 ID 时"));

  /* PDF/A-1b: our own XMP (libharu's HPDF_PDFA_SetPDFAConformance writes /SubType, leaves values
   * unescaped and adds a clock-based /ID), an sRGB output intent, PDF 1.4. */
  pdf->pdf_version = HPDF_VER_14;
  strbuf x;
  strbuf_init(&x);
  xmp_packet(&x, info, creator, &dd);
  HPDF_Dict xmp = pdf_stream_new(pdf, false); /* PDF/A-1: metadata is never filtered */
  if (xmp) {
    HPDF_Dict_AddName(xmp, "Type", "Metadata");
    HPDF_Dict_AddName(xmp, "Subtype", "XML");
    HPDF_Stream_Write(xmp->stream, (const HPDF_BYTE *)x.data, (HPDF_UINT)x.len);
    HPDF_Dict_Add(pdf->catalog, "Metadata", xmp);
  }
  strbuf_release(&x);
  return output_intent(w, opt);
}

/* ---- Output ---- */

/* Writes libharu's in-memory result to 'temp' with checked write()s (libharu's own file writer
 * ignores fclose errors, so a full disk could pass unnoticed), then renames it to 'path'. The
 * SHA-256 of what is written is taken from the same buffers on the way (issue 24: the manifest
 * read every document back for it); 'dg' receives it once the file is under its final name.
 * On failure nothing is left and errno is as the failing call set it. */
static bool write_out(HPDF_Doc pdf, const char *temp, const char *path, bool durable, pdf_digest *dg,
                      diag_sink *diag) {
  int fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  bool ok = fd >= 0;
  HPDF_Stream st = pdf->stream;
  HPDF_UINT count = ok ? HPDF_MemStream_GetBufCount(st) : 0;
  sha256_ctx sha;
  sha256_init(&sha);
  uint64_t total = 0;
  for (HPDF_UINT i = 0; ok && i < count; i++) {
    HPDF_UINT len = 0;
    HPDF_BYTE *buf = HPDF_MemStream_GetBufPtr(st, i, &len);
    if (!buf) continue;
    if (dg) sha256_update(&sha, buf, len);
    total += len;
    for (size_t done = 0; ok && done < len;) {
      ssize_t n = write(fd, buf + done, len - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        if (n == 0) errno = EIO;
        ok = false;
        break;
      }
      done += (size_t)n;
    }
  }
  if (ok && close(fd) != 0) ok = false;
  else if (!ok && fd >= 0) {
    int e = errno;
    close(fd);
    errno = e;
  }
  if (ok && (durable ? outfile_commit(temp, path, diag) : outfile_replaceable(path) && rename(temp, path) == 0)) {
    if (dg) {
      uint8_t d[SHA256_DIGEST_BYTES];
      sha256_final(&sha, d);
      sha256_to_hex(d, dg->sha256);
      dg->bytes = total;
      dg->set = true;
    }
    return true;
  }
  if (ok && durable) return false; /* outfile_commit reported it and removed the temporary file */
  int err = errno;
  if (fd >= 0) unlink(temp);
  diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot write file: %s", "无法写入文件：%s"), lang_strerror(err));
  errno = err;
  return false;
}

/* ---- Entry points ---- */

bool pdf_render_list(pdf_fonts *fonts, const lay_page *const *pages, size_t count, const lay_info *info,
                     const pdf_options *opt, const char *path, bool *file_used, int *io_err, diag_sink *diag) {
  if (!fonts->prepared) {
    diag_error(diag, ((src_loc){path, 0, 0, NULL}),
               L("internal error: pdf_fonts_prepare() was not called", "内部错误：未调用 pdf_fonts_prepare()"));
    return false;
  }
  writer w = {.fonts = fonts, .cache = &fonts->cache, .diag = diag, .hash = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL},
              .path = path};
  strbuf_init(&w.tj);
  w.df = xcalloc(fonts->slot_count ? fonts->slot_count : 1, sizeof *w.df);
  w.narrow = xcalloc(fonts->slot_count ? fonts->slot_count : 1, sizeof *w.narrow);
  char *temp = NULL;
  bool ok = false;
  w.pdf = HPDF_New(on_error, &w);
  if (!w.pdf) xoom();
  HPDF_SetCompressionMode(w.pdf, HPDF_COMP_NONE); /* we deflate every stream ourselves */
  if (rw_failed(&w, SRC_LOC_NONE, L("creating the document", "创建文档时"))) goto done;
  for (size_t i = 0; i < count; i++) {
    w.page_no = i + 1;
    if (!draw_page(&w, pages[i])) goto done;
  }
  w.page_no = 0;
  for (size_t i = 0; i < count; i++) {
    HPDF_Page page = HPDF_GetPageByIndex(w.pdf, (HPDF_UINT)i);
    if (!page || !pdf_deflate_stream(w.cache, ((HPDF_PageAttr)page->attr)->contents)) {
      rw_keep_status(&w, HPDF_FAILD_TO_ALLOC_MEM);
      rw_failed(&w, SRC_LOC_NONE, L("compressing a page", "压缩页面时"));
      goto done;
    }
  }
  if (count == 0) {
    diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("document has no pages", "文档没有页面"));
    goto done;
  }
  for (size_t i = 0; i < fonts->slot_count; i++) {
    if (w.df[i].font && !rw_finish_font(&w, &w.df[i], opt && opt->pdfa)) goto done;
    if (w.narrow[i].font && !rw_finish_font(&w, &w.narrow[i], opt && opt->pdfa)) goto done;
  }
  if (!set_metadata(&w, info, opt)) goto done;
  temp = outfile_temp_path(path);
  if (HPDF_SaveToStream(w.pdf) != HPDF_OK || w.status) {
    rw_failed(&w, ((src_loc){path, 0, 0, NULL}), L("assembling the PDF", "生成 PDF 时"));
    goto done;
  }
  pdf_digest *dg = opt ? opt->digest : NULL;
  if (dg) dg->set = false;
  ok = write_out(w.pdf, temp, path, !(opt && opt->no_fsync), dg, diag);
  if (ok && dg) dg->pages = count;
  if (!ok && io_err) *io_err = errno ? errno : EIO; /* write_out leaves the failing call's errno */
  for (size_t fi = 0; ok && file_used && fi < fonts->file_count; fi++)
    for (size_t k = 0; k < fonts->files[fi].sub_n; k++)
      if (w.df[fonts->files[fi].slot_base + k].font) file_used[fi] = true;
done:
  free(temp);
  HPDF_Free(w.pdf);
  for (size_t i = 0; i < fonts->slot_count; i++) {
    free(w.df[i].used);
    free(w.df[i].list);
    free(w.narrow[i].used);
    free(w.narrow[i].list);
    free(w.narrow[i].aliases);
  }
  free(w.df);
  free(w.narrow);
  strbuf_release(&w.tj);
  return ok;
}

bool pdf_render_pages(pdf_fonts *fonts, const lay_page *pages, size_t count, const lay_info *info,
                      const pdf_options *opt, const char *path, diag_sink *diag) {
  const lay_page **list = xcalloc(count ? count : 1, sizeof *list);
  for (size_t i = 0; i < count; i++) list[i] = &pages[i];
  bool ok = pdf_render_list(fonts, list, count, info, opt, path, NULL, NULL, diag);
  free(list);
  return ok;
}
