/* Values that become folder or file names: whether one can name a folder on every file system
 * offices share documents over (ext4, NTFS over SMB, FAT32/exFAT sticks), and a look-alike key
 * (Unicode NFKC_Casefold, which also drops default-ignorable characters) so that 示范区Ａ１,
 * 示范区A1 and 示范区a1 are seen as one name, as a case-insensitive share would see them.
 * And where an issuer's name too long for one line breaks into two (the PDF's and the DOCX's
 * signature, GB/T 9704 7.3.5.1). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "text/text.h"
#include "text/text_private.h"

bool txt_is_control(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

bool txt_is_invisible(uint32_t cp) {
  /* Default_Ignorable_Code_Point (DerivedCoreProperties.txt) plus the bidi marks, which draw
   * nothing yet change what a name looks like. */
  return cp == 0x00AD || cp == 0x034F || cp == 0x061C || (cp >= 0x115F && cp <= 0x1160) ||
         (cp >= 0x17B4 && cp <= 0x17B5) || (cp >= 0x180B && cp <= 0x180F) ||
         (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) ||
         cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFF8) ||
         (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A) ||
         (cp >= 0xE0000 && cp <= 0xE0FFF);
}

/* Windows device names, reserved with any extension and in any case on NTFS and FAT. */
static bool reserved_device(const char *s) {
  static const char *const names[] = {"CON", "PRN", "AUX", "NUL"};
  size_t stem = strcspn(s, ".");
  for (size_t i = 0; i < 4; i++)
    if (stem == 3 && strncasecmp(s, names[i], 3) == 0) return true;
  if (stem == 4 && (strncasecmp(s, "COM", 3) == 0 || strncasecmp(s, "LPT", 3) == 0) && s[3] >= '1' &&
      s[3] <= '9')
    return true;
  return false;
}

bool txt_name_check(const char *utf8, char *why, size_t size) {
  size_t len = strlen(utf8);
  if (len == 0 || strspn(utf8, " ") == len) {
    snprintf(why, size, "%s", L("is empty", "为空"));
    return false;
  }
  if (len > TXT_NAME_MAX_BYTES) {
    snprintf(why, size,
             L("is %zu bytes long; a folder name can have at most %d bytes (85 Chinese characters): "
               "shorten it",
               "长 %zu 字节；文件夹名最多 %d 字节（85 个汉字）：请缩短"),
             len, TXT_NAME_MAX_BYTES);
    return false;
  }
  if (utf8[0] == '.') {
    snprintf(why, size, "%s",
             L("starts with \".\", which makes a hidden (or temporary-looking) folder: remove the dot",
               "以“.”开头，会成为隐藏（或形似临时文件的）文件夹：请去掉该点"));
    return false;
  }
  if (utf8[len - 1] == '.' || utf8[len - 1] == ' ' || utf8[0] == ' ') {
    snprintf(why, size, "%s",
             L("starts with a space or ends with a dot or a space, which Windows shares drop: remove it",
               "以空格开头或以点、空格结尾，Windows 共享会将其去掉：请删除"));
    return false;
  }
  if (reserved_device(utf8)) {
    snprintf(why, size, "%s",
             L("is a device name reserved by Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9): rename it",
               "是 Windows 保留的设备名（CON、PRN、AUX、NUL、COM1-9、LPT1-9）：请改名"));
    return false;
  }
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t n = txt_utf8_decode(utf8 + i, len - i, &cp);
    if (n == 0) {
      snprintf(why, size, "%s", L("is not valid UTF-8", "不是有效的 UTF-8"));
      return false;
    }
    i += n;
    if (cp < 0x80 && strchr("/\\:*?\"<>|", (int)cp)) {
      snprintf(why, size,
               L("contains '%c', which no folder name may hold on the shares offices use "
                 "(/ \\ : * ? \" < > |): write one plain name",
                 "含有“%c”，共享文件夹名不能包含（/ \\ : * ? \" < > |）：请只写一个普通名称"),
               (int)cp);
      return false;
    }
    if (txt_is_control(cp) || txt_is_invisible(cp) || cp == 0x2028 || cp == 0x2029 || cp == 0xFFFD ||
        (cp & 0xFFFE) == 0xFFFE) {
      snprintf(why, size,
               L("contains U+%04X, a control, invisible or replacement character: retype the name",
                 "含有 U+%04X（控制字符、不可见字符或替换字符）：请重新输入该名称"),
               (unsigned)cp);
      return false;
    }
  }
  return true;
}

char *txt_name_key(const char *utf8) {
  UErrorCode st = U_ZERO_ERROR;
  const UNormalizer2 *nf = unorm2_getNFKCCasefoldInstance(&st);
  int32_t ulen = 0;
  UChar *u = U_SUCCESS(st) ? txt_u16_from_utf8(utf8, strlen(utf8), &ulen) : NULL;
  if (!u) return xstrdup(utf8);
  int32_t cap = ulen * 3 + 16;
  UChar *f = xmalloc((size_t)cap * sizeof *f);
  int32_t flen = unorm2_normalize(nf, u, ulen, f, cap, &st);
  char *out = U_SUCCESS(st) ? txt_utf8_from_u16(f, flen, NULL) : NULL;
  free(u);
  free(f);
  return out ? out : xstrdup(utf8);
}

void txt_name_shown(const char *utf8, char *out, size_t size) {
  size_t o = 0, len = strlen(utf8);
  for (size_t i = 0; i < len && o + 12 < size;) {
    uint32_t cp;
    size_t n = txt_utf8_decode(utf8 + i, len - i, &cp);
    if (n == 0) {
      o += (size_t)snprintf(out + o, size - o, "<0x%02X>", (unsigned char)utf8[i]);
      i++;
    } else if (txt_is_control(cp) || txt_is_invisible(cp) || cp == 0x2028 || cp == 0x2029) {
      o += (size_t)snprintf(out + o, size - o, "<U+%04X>", (unsigned)cp);
      i += n;
    } else {
      memcpy(out + o, utf8 + i, n);
      o += n;
      i += n;
    }
    if (i < len && o + 12 >= size) o += (size_t)snprintf(out + o, size - o, "…");
  }
  out[o < size ? o : size - 1] = '\0';
}

/* The first 'max' code points of 'utf8' (a malformed byte is one code point of its own value). */
static size_t first_code_points(const char *utf8, uint32_t *out, size_t max) {
  size_t n = 0, len = strlen(utf8);
  for (size_t i = 0; i < len && n < max; n++) {
    size_t k = txt_utf8_decode(utf8 + i, len - i, &out[n]);
    if (k == 0) out[n] = (unsigned char)utf8[i], k = 1;
    i += k;
  }
  return n;
}

size_t txt_edit_distance(const char *x, const char *y) {
  enum { MAX = 48 };
  uint32_t a[MAX], b[MAX];
  size_t n = first_code_points(x, a, MAX), m = first_code_points(y, b, MAX);
  size_t row[MAX + 1];
  for (size_t j = 0; j <= m; j++) row[j] = j;
  for (size_t i = 1; i <= n; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= m; j++) {
      size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      diag = up, row[j] = best;
    }
  }
  return row[m];
}

/* ---- a 发文机关署名 in two lines (GB/T 9704 7.3.5.1; issue 20) ----
 * An issuer's name is a chain of organs (湖南省工业和信息化厅|人工智能与信息化处): its best break
 * is after an organ's name, where a title's best break (after 和 与 及) would split one
 * (工业和信息化厅). Costs in em², as for titles (layout/title.c: the same bracket, opening-mark
 * and other-script costs). Shared by the PDF's layout and the DOCX writer, so that both break
 * a name at one place. */
#define NAME_AFTER_ORGAN 0.0    /* after 厅 局 处 委 办 …, an ICU word ending there */
#define NAME_BETWEEN_WORDS 20.0 /* between two other words (网络|安全): an organ's end 3 characters off the middle is better */
#define NAME_AT_PARTICLE 40.0   /* before or after 和 与 及: inside one organ's name */
#define NAME_IN_BRACKETS 12.0   /* per open bracket or quote (up to two) around the break */
#define NAME_BEFORE_OPEN 0.5    /* before （“《: the bracket opens the next line */
#define NAME_OTHER 6.0          /* between a number or Latin word and Han text */

static bool unit_is(const char *text, const txt_unit *u, const char *s) {
  return u->len == strlen(s) && memcmp(text + u->offset, s, u->len) == 0;
}

double txt_name_break_cost(const char *text, const txt_unit *units, size_t j, int depth, bool word_start) {
  const txt_unit *a = &units[j - 1], *b = &units[j];
  if (!b->break_before) return INFINITY;
  double inside = NAME_IN_BRACKETS * (depth > 2 ? 2 : depth);
  if (a->kind == TXT_UNIT_STOP || a->kind == TXT_UNIT_CLOSE || a->kind == TXT_UNIT_SPACE) return inside;
  if (b->kind == TXT_UNIT_OPEN || b->kind == TXT_UNIT_SPACE) return NAME_BEFORE_OPEN + inside;
  if (a->kind != TXT_UNIT_HAN || b->kind != TXT_UNIT_HAN) return NAME_OTHER + inside;
  if (!word_start) return INFINITY;
  static const char *const particle[] = {"和", "与", "及"};
  for (size_t k = 0; k < sizeof particle / sizeof *particle; k++)
    if (unit_is(text, a, particle[k]) || unit_is(text, b, particle[k])) return NAME_AT_PARTICLE + inside;
  static const char *const organ[] = {"厅", "局", "处", "委", "办", "部", "院", "司", "府",
                                     "室", "会", "所", "站", "心", "署", "馆", "队", "科"};
  for (size_t k = 0; k < sizeof organ / sizeof *organ; k++)
    if (unit_is(text, a, organ[k])) return NAME_AFTER_ORGAN + inside;
  return NAME_BETWEEN_WORDS + inside;
}

/* ---- what a title's or a name's line never splits (layout/title.c and the DOCX) ---- */

/* Terms a title line never splits that ICU's dictionary splits or joins differently (新一代|信息,
 * 互|联|网, 制造|业): the document types, and words of the programs' fields in general use. */
static const char *const KEEP_WORDS[] = {
    "通知", "公示", "名单", "通告", "公告", "报告", "意见", "办法", "方案", "决定", "批复",
    "请示", "规定", "细则", "纪要", "函复", "工作", "项目", "企业", "申请", "汇总", "评审",
    "关于", "建立", "技术", "信息", "重点", "培育", "入库", "发展", "管理", "制造", "产业",
    "示范", "认定", "推荐", "专家", "核查", "平台", "融合", "创新", "标杆", "申报", "评价",
    "指南", "组织", "开展", "印发", "转发", "做好", "进一", "一步", "加强", "结果", "市场",
    "省级", "市级", "国家", "工业", "互联", "联网", "服务", "应用", "数字", "智能", "新一",
    "一代", "代信", "络安", "行动", "计划", "实施", "年度", "试点"};

/* Longer terms of the programs' titles and issuers that a line never splits where ICU's
 * dictionary sees two words (信息|技术, 重点|企业: "…新一代信息 / 技术重点企业…"). */
static const char *const KEEP_TERMS[] = {
    "信息技术", "重点企业", "重点项目", "标杆企业", "头雁企业", "示范项目", "融合发展", "人工智能",
    "网络安全", "数字经济", "工业互联网", "大数据", "上云上平台", "解决方案", "中小企业",
    "信息化", "委员会", "办公室"};

bool *txt_kept_inside(const char *text, size_t len, const txt_unit *units, size_t n) {
  bool *inside = xcalloc(n + 1, sizeof *inside);
  for (size_t k = 0; k < sizeof KEEP_TERMS / sizeof *KEEP_TERMS; k++) {
    const char *term = KEEP_TERMS[k];
    size_t tl = strlen(term);
    for (size_t i = 0; i < n; i++) {
      size_t off = units[i].offset;
      if (off + tl > len || memcmp(text + off, term, tl) != 0) continue;
      for (size_t j = i + 1; j < n && units[j].offset < off + tl; j++) inside[j] = true;
    }
  }
  static const char *const numerals[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  const size_t nn = sizeof numerals / sizeof *numerals;
  for (size_t j = 1; j < n; j++) {
    bool a = false, b = false;
    for (size_t k = 0; k < nn; k++) {
      a = a || unit_is(text, &units[j - 1], numerals[k]);
      b = b || unit_is(text, &units[j], numerals[k]);
    }
    b = b || unit_is(text, &units[j], "年");
    if (a && b) inside[j] = true;
  }
  return inside;
}

bool txt_kept_pair(const char *text, const txt_unit *units, size_t j) {
  const txt_unit *a = &units[j - 1], *b = &units[j];
  if (a->kind != TXT_UNIT_HAN || b->kind != TXT_UNIT_HAN) return false;
  char buf[16];
  if (a->len + b->len >= sizeof buf) return false;
  memcpy(buf, text + a->offset, a->len);
  memcpy(buf + a->len, text + b->offset, b->len);
  buf[a->len + b->len] = 0;
  for (size_t k = 0; k < sizeof KEEP_WORDS / sizeof *KEEP_WORDS; k++)
    if (strcmp(buf, KEEP_WORDS[k]) == 0) return true;
  return false;
}

/* Width of units [a, b) set with 'tracking' between characters: w[k] holds each unit's advance
 * with its tracking, as layout sums it, so that the PDF's choice stays bit for bit. */
static double set_width(const double *w, size_t a, size_t b, double tracking) {
  double x = 0;
  for (size_t k = a; k < b; k++) x += w[k];
  return b > a ? x - tracking : 0;
}

size_t txt_name_break(const char *text, size_t len, const txt_unit *units, size_t n, const double *w,
                      double tracking, double em, double measure, const bool *barred) {
  if (n < 2) return 0;
  for (size_t i = 0; i < n; i++)
    if (units[i].kind == TXT_UNIT_NEWLINE) return 0;
  bool *words = txt_word_bounds(text, len), *kept = txt_kept_inside(text, len, units, n);
  double best = INFINITY;
  size_t at = 0;
  int depth = 0;
  for (size_t j = 1; j < n; j++) {
    const txt_unit *u = &units[j - 1];
    if (u->kind == TXT_UNIT_OPEN) depth++;
    else if (u->kind == TXT_UNIT_CLOSE && depth > 0) depth--;
    double wa = set_width(w, 0, j, tracking), wb = set_width(w, j, n, tracking);
    if (wa > measure + 1e-6 || wb > measure + 1e-6 || kept[j] || txt_kept_pair(text, units, j) || (barred && barred[j]))
      continue;
    double d = (wa - wb) / em, c = d * d / 2 + txt_name_break_cost(text, units, j, depth, words[units[j].offset]);
    if (c < best) best = c, at = j;
  }
  free(words);
  free(kept);
  return isfinite(best) ? at : 0;
}
