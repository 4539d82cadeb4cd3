/* pdfdemo: test driver for src/pdf. Builds two pages of display-list ops by hand (title, body,
 * headings, rare characters incl. 𠮷 U+20BB7, a table grid, checkboxes) and renders them.
 *   pdfdemo [--pdfa] [--fontmap FILE] [--expect FILE] [--repeat N] [--vocab N] [--bad] [--layout] OUT.pdf
 * --expect writes every drawn string, one a line, for end-to-end checks; --repeat renders N
 * documents with the fonts loaded once and prints timings; --vocab adds N more hanzi to the run's
 * subset (as a round with many applicants would); --bad draws a character no font has;
 * --layout builds a multi-page notice with the real layout engine (src/layout) instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/diag.h"
#include "core/xmalloc.h"
#include "layout/layout.h"
#include "pdf/pdf.h"

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void push(lay_page *p, lay_op op) {
  p->ops = xgrow(p->ops, &p->cap, p->count + 1, sizeof *p->ops);
  p->ops[p->count++] = op;
}

static FILE *expect;
static pdf_fonts *fonts;
static lay_metrics metrics;

static void text(lay_page *p, lay_font f, double size, double x, double y, const char *s, int line) {
  lay_op op = {.kind = LAY_OP_TEXT, .from = {"pdfdemo", line, 1, NULL}, .color = LAY_BLACK};
  op.u.text.font = f;
  op.u.text.size_pt = size;
  op.u.text.x = x;
  op.u.text.y = y;
  op.u.text.utf8 = s;
  push(p, op);
  pdf_fonts_add_text(fonts, s);
  if (expect) fprintf(expect, "%s\n", s);
}

static void centered(lay_page *p, lay_font f, double size, double y, const char *s, int line) {
  double w = metrics.advance_pt(metrics.ctx, f, size, s, strlen(s));
  text(p, f, size, (LAY_A4_WIDTH_PT - w) / 2, y, s, line);
}

static void line(lay_page *p, double x1, double y1, double x2, double y2, double w, lay_color c) {
  lay_op op = {.kind = LAY_OP_LINE, .color = c};
  op.u.line.x1 = x1, op.u.line.y1 = y1, op.u.line.x2 = x2, op.u.line.y2 = y2, op.u.line.width_pt = w;
  push(p, op);
}

static void checkbox(lay_page *p, double x, double y, double size, bool ticked) {
  lay_op op = {.kind = LAY_OP_CHECKBOX, .color = LAY_BLACK};
  op.u.checkbox.x = x, op.u.checkbox.y = y, op.u.checkbox.size = size, op.u.checkbox.ticked = ticked;
  push(p, op);
}

static const char *const BODY[] = {
    "根据《中华人民共和国中小企业促进法》和省工业和信息化厅",
    "有关规定，经企业申报、县级主管部门推荐、专家评审，现将",
    "2022年度专精特新中小企业名单予以公布（见附件）。",
    "生僻字检查：䶮 堃 喆 珺 〇 𠮷（U+20BB7）𪛖（U+2A6D6）。",
    "全角标点：，。、；：？！“引号”‘单引’《书名》……——",
};

static void build(lay_page pages[2], bool bad) {
  double left = 28 * LAY_MM_PT, top = 37 * LAY_MM_PT;
  lay_page *p = &pages[0];
  centered(p, LAY_FONT_TITLE, 22, top + 22, "关于公布2022年度专精特新中小企业名单的通知", __LINE__);
  line(p, left, top + 40, LAY_A4_WIDTH_PT - left, top + 40, 1.0, LAY_RED);
  text(p, LAY_FONT_BODY, 16, left, top + 80, "各县（市、区）工业和信息化主管部门：", __LINE__);
  for (size_t i = 0; i < sizeof BODY / sizeof *BODY; i++)
    text(p, LAY_FONT_BODY, 16, left + (i == 0 ? 32 : 0), top + 110 + 29 * (double)i, BODY[i], __LINE__);
  text(p, LAY_FONT_HEADING, 16, left + 32, top + 270, "一、认定条件", __LINE__);
  text(p, LAY_FONT_KAI, 16, left + 32, top + 299, "（一）基本条件", __LINE__);
  text(p, LAY_FONT_BODY, 16, left + 32, top + 328, "Latin and digits: ABC xyz 0123456789 (half-width)", __LINE__);
  if (bad) text(p, LAY_FONT_BODY, 16, left, top + 357, "坏字符：\xEE\x80\x80", __LINE__); /* U+E000 */
  centered(p, LAY_FONT_SONG, 14, LAY_A4_HEIGHT_PT - 20 * LAY_MM_PT, "— 1 —", __LINE__);

  p = &pages[1];
  text(p, LAY_FONT_HEADING, 16, left, top + 20, "附件", __LINE__);
  centered(p, LAY_FONT_TITLE, 22, top + 70, "企业名单", __LINE__);
  double col[] = {left, left + 60, left + 260, left + 360, LAY_A4_WIDTH_PT - left};
  double row[] = {top + 100, top + 130, top + 160, top + 190, top + 220};
  for (int r = 0; r < 5; r++) line(p, col[0], row[r], col[4], row[r], 0.5, LAY_BLACK);
  for (int c = 0; c < 5; c++) line(p, col[c], row[0], col[c], row[4], 0.5, LAY_BLACK);
  const char *cells[4][4] = {{"序号", "企业名称", "负责人", "是否通过"},
                             {"1", "许昌喆珺科技有限公司", "王䶮", ""},
                             {"2", "𠮷野家餐饮（许昌）有限公司", "李堃", ""},
                             {"3", "长葛市〇号实业有限公司", "张三", ""}};
  for (int r = 0; r < 4; r++)
    for (int c = 0; c < 4; c++)
      if (*cells[r][c]) text(p, LAY_FONT_BODY, 12, col[c] + 6, row[r] + 20, cells[r][c], __LINE__);
  for (int r = 1; r < 4; r++) {
    checkbox(p, col[3] + 6, row[r] + 9, 12, r != 2);
    FILE *saved = expect;
    expect = NULL;
    text(p, LAY_FONT_BODY, 12, col[3] + 22, row[r] + 20, r != 2 ? "是" : "否", __LINE__);
    expect = saved;
    if (expect) fprintf(expect, "%s\n", r != 2 ? "☑是" : "☐否"); /* invisible mark behind the box */
  }
  lay_op rect = {.kind = LAY_OP_RECT, .color = {0.85f, 0.85f, 0.85f}};
  rect.u.rect.x = col[0], rect.u.rect.y = row[4] + 20, rect.u.rect.w = 100, rect.u.rect.h = 20;
  rect.u.rect.fill = true, rect.u.rect.stroke_pt = 0.5;
  push(p, rect);
  centered(p, LAY_FONT_SONG, 14, LAY_A4_HEIGHT_PT - 20 * LAY_MM_PT, "— 2 —", __LINE__);
}

/* A notice through the layout engine: masthead, title, body pages, headings, attachment note,
 * signature, then an attachment with a long table (header repeated) and checkboxes. */
static const char PARA[] =
    "为深入贯彻落实党中央、国务院关于支持中小企业专业化、精细化、特色化、新颖化发展的决策部署，"
    "进一步激发涌现更多专精特新中小企业，根据《中华人民共和国中小企业促进法》和工业和信息化部"
    "《优质中小企业梯度培育管理暂行办法》有关要求，经企业自愿申报、县级工业和信息化主管部门推荐、"
    "市级复核、专家评审和社会公示等程序，现将有关事项通知如下。";

static lay_document *build_layout(const lay_metrics *m, diag_sink *diag) {
  lay_document *doc = lay_document_new(m, (lay_options){.page_numbers = true, .grid = true}, diag);
  src_loc at = {"pdfdemo-layout", 1, 1, NULL};
  lay_info info = {.title = "关于公布2022年度专精特新中小企业名单的通知", .author = "许昌市工业和信息化局",
                   .date = "2022-03-18"};
  lay_set_info(doc, &info);
  lay_add_masthead(doc, "许昌市工业和信息化局文件", "许工信〔2022〕18号", at);
  lay_add_title(doc, "许昌市工业和信息化局关于公布2022年度专精特新中小企业名单的通知", at);
  lay_add_paragraph(doc, LAY_PARA_PLAIN, "各县（市、区）工业和信息化主管部门，有关企业：", at);
  for (int i = 0; i < 6; i++) lay_add_paragraph(doc, LAY_PARA_BODY, PARA, at);
  lay_add_paragraph(doc, LAY_PARA_H1, "一、认定条件", at);
  lay_add_paragraph(doc, LAY_PARA_H2, "（一）基本条件", at);
  lay_add_paragraph(doc, LAY_PARA_BODY, "申报企业负责人王䶮、李堃、张喆、赵珺，地址长葛市〇号路，𠮷野家餐饮（许昌）有限公司等。", at);
  const char *names[] = {"2022年度许昌市专精特新中小企业名单"};
  lay_add_attachment_note(doc, names, 1, at);
  lay_add_signature(doc, "许昌市工业和信息化局", "2022年3月18日", LAY_SIGN_SEALED, at);
  lay_add_attachment_start(doc, "附件", "2022年度许昌市专精特新中小企业名单", at);
  double w[] = {1, 5, 2, 2};
  lay_table *t = lay_table_begin(doc, &(lay_table_spec){.columns = 4, .weights = w, .header_rows = 1}, at);
  const char *head[] = {"序号", "企业名称", "负责人", "是否通过"};
  lay_table_row_begin(t, 0);
  for (int c = 0; c < 4; c++) {
    lay_table_cell(t, 1, 1, LAY_ALIGN_CENTER);
    lay_cell_text(t, head[c], LAY_ALIGN_CENTER, at);
  }
  lay_table_row_end(t);
  static char num[60][16];
  const char *firms[] = {"许昌喆珺科技有限公司", "𠮷野家餐饮（许昌）有限公司", "长葛市〇号实业有限公司",
                         "禹州市钧瓷文化发展有限公司", "鄢陵县花木园艺股份有限公司"};
  const char *people[] = {"王䶮", "李堃", "张喆", "赵珺", "刘洋"};
  for (int r = 0; r < 60; r++) {
    snprintf(num[r], sizeof num[r], "%d", r + 1);
    lay_table_row_begin(t, 0);
    lay_table_cell(t, 1, 1, LAY_ALIGN_CENTER);
    lay_cell_text(t, num[r], LAY_ALIGN_CENTER, at);
    lay_table_cell(t, 1, 1, LAY_ALIGN_LEFT);
    lay_cell_text(t, firms[r % 5], LAY_ALIGN_LEFT, at);
    lay_table_cell(t, 1, 1, LAY_ALIGN_CENTER);
    lay_cell_text(t, people[r % 5], LAY_ALIGN_CENTER, at);
    lay_table_cell(t, 1, 1, LAY_ALIGN_LEFT);
    lay_cell_checkbox(t, "是", r % 3 != 1, at);
    lay_cell_checkbox(t, "否", r % 3 == 1, at);
    lay_table_row_end(t);
  }
  lay_table_end(t);
  if (!lay_finish(doc)) {
    lay_document_free(doc);
    return NULL;
  }
  return doc;
}

static int run_layout(const char *out, const pdf_options *opt, diag_sink *diag) {
  lay_metrics m = pdf_fonts_metrics(fonts);
  lay_document *doc = build_layout(&m, diag);
  if (!doc) return 1;
  for (size_t i = 0; i < lay_page_count(doc); i++) {
    const lay_page *p = lay_page_get(doc, i);
    for (size_t k = 0; k < p->count; k++)
      if (p->ops[k].kind == LAY_OP_TEXT) {
        pdf_fonts_add_text(fonts, p->ops[k].u.text.utf8);
        if (expect) fprintf(expect, "%s\n", p->ops[k].u.text.utf8);
      }
  }
  int rc = pdf_fonts_prepare(fonts, diag) && pdf_render(fonts, doc, opt, out, diag) ? 0 : 1;
  lay_document_free(doc);
  return rc;
}

int main(int argc, char **argv) {
  const char *out = NULL, *fontmap = "fonts/fontmap.ini", *expect_path = NULL;
  pdf_options opt = {0};
  int repeat = 0, vocab = 0;
  bool bad = false, layout = false;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--pdfa"))
      opt.pdfa = true;
    else if (!strcmp(argv[i], "--bad"))
      bad = true;
    else if (!strcmp(argv[i], "--layout"))
      layout = true;
    else if (!strcmp(argv[i], "--fontmap") && i + 1 < argc)
      fontmap = argv[++i];
    else if (!strcmp(argv[i], "--expect") && i + 1 < argc)
      expect_path = argv[++i];
    else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
      repeat = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--vocab") && i + 1 < argc)
      vocab = atoi(argv[++i]);
    else if (argv[i][0] != '-' && !out)
      out = argv[i];
    else {
      fprintf(stderr, "usage: pdfdemo [--pdfa] [--bad] [--fontmap FILE] [--expect FILE] [--repeat N] [--vocab N] OUT.pdf\n");
      return 2;
    }
  }
  if (!out) {
    fprintf(stderr, "usage: pdfdemo [--pdfa] [--bad] [--fontmap FILE] [--expect FILE] [--repeat N] [--vocab N] OUT.pdf\n");
    return 2;
  }
  diag_sink *diag = diag_new(stderr, 0);
  int rc = 1;
  double t0 = now_ms();
  fonts = pdf_fonts_load(fontmap, NULL, diag);
  if (!fonts) goto done;
  double t1 = now_ms();
  metrics = pdf_fonts_metrics(fonts);
  if (expect_path && !(expect = fopen(expect_path, "w"))) {
    perror(expect_path);
    goto done;
  }
  if (layout) {
    rc = run_layout(out, &opt, diag);
    if (expect) fclose(expect);
    goto done;
  }
  lay_page pages[2] = {{.width_pt = LAY_A4_WIDTH_PT, .height_pt = LAY_A4_HEIGHT_PT},
                       {.width_pt = LAY_A4_WIDTH_PT, .height_pt = LAY_A4_HEIGHT_PT}};
  build(pages, bad);
  if (expect) fclose(expect);
  bool checked = true;
  for (int i = 0; i < 2; i++)
    for (size_t k = 0; k < pages[i].count; k++)
      if (pages[i].ops[k].kind == LAY_OP_TEXT &&
          !pdf_fonts_check(fonts, pages[i].ops[k].u.text.utf8, pages[i].ops[k].from, diag))
        checked = false;
  for (int i = 0; i < vocab && i < 20000; i++) { /* common hanzi block, as extra applicants' text */
    unsigned cp = 0x4E00 + (unsigned)i;
    char u[4] = {(char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3f)), (char)(0x80 | (cp & 0x3f)), 0};
    pdf_fonts_add_text(fonts, u);
  }
  double t2 = now_ms();
  if (!pdf_fonts_prepare(fonts, diag)) goto done;
  double t3 = now_ms();
  lay_info info = {.title = "关于公布名单的通知 <A&B>", .author = "许昌市工业和信息化局", .subject = "专精特新",
                   .keywords = "通知, 名单", .date = "2022-03-18"};
  if (!pdf_render_pages(fonts, pages, 2, &info, &opt, out, diag)) goto done;
  double t4 = now_ms();
  if (repeat > 0) {
    for (int i = 0; i < repeat; i++)
      if (!pdf_render_pages(fonts, pages, 2, &info, &opt, out, diag)) goto done;
    double t5 = now_ms();
    fprintf(stderr, "load %.1f ms, prepare (subset) %.1f ms, first doc %.2f ms, %d docs %.2f ms each (%.0f docs/s)\n",
            t1 - t0, t3 - t2, t4 - t3, repeat, (t5 - t4) / repeat, repeat * 1000.0 / (t5 - t4));
  }
  rc = checked ? 0 : 1;
  for (int i = 0; i < 2; i++) free(pages[i].ops);
done:
  pdf_fonts_free(fonts);
  diag_free(diag);
  return rc;
}
