/* Collation of names for lists: by pinyin ("zh@collation=pinyin") or by stroke count
 * ("zh@collation=stroke", the order of lists "按姓氏笔画排序"), through ICU's ucol.
 *
 * What ICU 72 (CLDR 42) gives, measured (docs/spec/libharu-findings.md section 4 and
 * collate_test.c):
 * - pinyin: one reading per character, with a few words as exceptions (重庆 chóng). 厦 sorts
 *   as shà (厦门 is xià), 长 as zhǎng (长江, 长沙, 长葛 are cháng), and surnames take their
 *   common reading (曾 céng, not Zēng). Latin sorts after Han, digits before both. We compare
 *   first with those characters replaced by one of the right reading (pinyin_proxy below), then
 *   as ICU does: 长 anywhere and 厦门 read cháng and xià, and a name's first character 曾 翟 覃
 *   缪 仇 朴 单 its surname reading. Off by default (txt_collator_set_name_readings), since it
 *   moves 长葛市 from after 禹州市 to the front of 许昌's county lists. (A tailored ICU collator
 *   would do the same but takes 0.3 s to build from the 27,000-character pinyin rules.)
 * - stroke: groups characters by total stroke count, but counts the traditional forms of the
 *   components: 阝 as 3 (陈 陆 邓 郑 郭 邵 邹 郝 阳 队 get one stroke too many), 艹 as 4 (苏 范
 *   董 蒋 蔡 薛 莫), 礻 as 5 (祁), 黄 as 12, 长 as 5. 26 of 120 common surnames land in the
 *   wrong group. We correct the count: the first character where two names differ is compared
 *   by its simplified stroke count from Unihan kTotalStrokes (strokes_data.c, every unified
 *   and compatibility ideograph, 𠮷 included), and only equal counts are left to ICU.
 * - Not corrected: within one stroke count, 姓氏笔画 orders by the first stroke 横竖撇点折
 *   (王 before 中, 李 before 张); ICU uses its own order there (中 before 王, 张 before 李).
 *   No stroke-order data with a licence we can ship was at hand (Unihan has none). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ucol.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "core/xmalloc.h"
#include "text/text.h"
#include "text/text_private.h"

struct txt_collator {
  txt_order order;
  UCollator *ucol;    /* NULL for TXT_ORDER_INPUT */
  UCollator *primary; /* stroke order only: the same at primary strength, to find ignorables */
  bool name_readings; /* pinyin order only: apply PINYIN_FIX */
};

txt_collator *txt_collator_new(txt_order order) {
  txt_collator *c = xcalloc(1, sizeof *c);
  c->order = order;
  if (order == TXT_ORDER_INPUT) return c;
  const char *locale = order == TXT_ORDER_STROKE ? "zh@collation=stroke" : "zh@collation=pinyin";
  UErrorCode err = U_ZERO_ERROR;
  c->ucol = ucol_open(locale, &err);
  if (U_FAILURE(err)) goto fail;
  /* "第2批" before "第10批", "1号店" before "10号店". */
  ucol_setAttribute(c->ucol, UCOL_NUMERIC_COLLATION, UCOL_ON, &err);
  if (U_FAILURE(err)) goto fail;
  if (order == TXT_ORDER_STROKE) {
    c->primary = ucol_clone(c->ucol, &err);
    if (U_FAILURE(err)) goto fail;
    ucol_setStrength(c->primary, UCOL_PRIMARY);
  }
  return c;
fail:
  txt_collator_free(c);
  return NULL;
}

void txt_collator_free(txt_collator *c) {
  if (!c) return;
  if (c->ucol) ucol_close(c->ucol);
  if (c->primary) ucol_close(c->primary);
  free(c);
}

/* The stroke count of a Han character, 0 if Unihan has none (々 〇 and radicals without a
 * decomposition); -1 for characters of other scripts. Kangxi radicals (⼀) and compatibility
 * forms count as the ideograph NFKC maps them to, next to which ICU sorts them. */
static int han_strokes(UChar32 c) {
  int n = txt_stroke_count((uint32_t)c);
  if (n) return n;
  UErrorCode err = U_ZERO_ERROR;
  /* Everything ICU's stroke order places among the ideographs must count as Han here, or the
   * order would stop being consistent (and nothing else): the Han script, radicals, 〆. */
  bool han = (uscript_getScript(c, &err) == USCRIPT_HAN && U_SUCCESS(err)) ||
             u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) || u_hasBinaryProperty(c, UCHAR_RADICAL) ||
             c == 0x3006;
  if (!han) return -1;
  err = U_ZERO_ERROR;
  const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&err);
  UChar d[8];
  int32_t len = U_SUCCESS(err) ? unorm2_getDecomposition(nfkc, c, d, 8, &err) : 0;
  if (U_SUCCESS(err) && len > 0) {
    UChar32 base;
    int32_t i = 0;
    U16_NEXT(d, i, len, base);
    if (i == len) return txt_stroke_count((uint32_t)base);
  }
  return 0;
}

/* At the first code point where 'a' and 'b' differ, two Han characters of different stroke
 * counts decide; otherwise (equal counts, non-Han, end of a string) ICU does. Per position this
 * orders Han by (count, ICU order), and ICU keeps Han as one block between digits and Latin,
 * so the result is a consistent total order for sorting (collate_test.c checks it on random
 * names). Known gap: ICU treats a few characters as primary-equal to an ideograph while we
 * give them another count (CJK radicals supplement without a decomposition, like ⺋); names
 * mixing those can still sort slightly inconsistently. */
/* The next code point that ICU does not ignore at the primary level (most marks, controls,
 * variation selectors are skipped, as ICU skips them); -1 at the end, -2 if malformed. */
static UChar32 next_significant(const UCollator *primary, const char *s, int32_t *i,
                                int32_t len) {
  while (*i < len) {
    UChar32 c;
    U8_NEXT(s, *i, len, c);
    if (c < 0) return -2;
    if (c < 0x80 ? c >= 0x20 && c != 0x7F : txt_stroke_count((uint32_t)c) > 0) return c;
    if (c < 0x80) continue;
    UChar u[2];
    int32_t n = 0;
    U16_APPEND_UNSAFE(u, n, c);
    if (ucol_strcoll(primary, u, n, NULL, 0) != UCOL_EQUAL) return c;
  }
  return -1;
}

/* Reads the rest of the digit runs starting with 'ca' in 'a' and 'cb' in 'b' (advancing *i and
 * *j) and tells whether they have the same value, leading zeros aside. */
static bool same_number(const char *a, int32_t *i, int32_t la, UChar32 ca, const char *b,
                        int32_t *j, int32_t lb, UChar32 cb) {
  /* digits without leading zeros, as decimal values; names carry short numbers */
  char da[64] = {0}, db[64] = {0}; /* zeroed for cppcheck, which cannot follow side ? db : da */
  size_t na = 0, nb = 0;
  bool overflow = false;
  for (int side = 0; side < 2; side++) {
    const char *s = side ? b : a;
    int32_t *k = side ? j : i, len = side ? lb : la;
    char *d = side ? db : da;
    size_t *n = side ? &nb : &na;
    UChar32 c = side ? cb : ca;
    for (;;) {
      int v = u_charDigitValue(c);
      if (!(*n == 0 && v == 0)) {
        if (*n < sizeof da) d[*n] = (char)('0' + v);
        else overflow = true;
        (*n)++;
      }
      if (*k >= len) break;
      int32_t next = *k;
      U8_NEXT(s, next, len, c);
      if (c < 0 || u_charDigitValue(c) < 0) break;
      *k = next;
    }
  }
  return !overflow && na == nb && memcmp(da, db, na) == 0;
}

static int stroke_precheck(const UCollator *primary, const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > INT32_MAX || lb > INT32_MAX) return 0;
  int32_t i = 0, j = 0;
  for (;;) {
    UChar32 ca = next_significant(primary, a, &i, (int32_t)la);
    UChar32 cb = next_significant(primary, b, &j, (int32_t)lb);
    if (ca >= 0 && cb >= 0 && u_charDigitValue(ca) >= 0 && u_charDigitValue(cb) >= 0) {
      /* Numeric collation: "9" and "09" are equal and the characters after them decide. */
      if (!same_number(a, &i, (int32_t)la, ca, b, &j, (int32_t)lb, cb)) return 0;
      continue;
    }
    if (ca == cb && ca >= 0) continue;
    if (ca < 0 || cb < 0) return 0;
    int sa = han_strokes(ca), sb = han_strokes(cb);
    if (sa >= 0 && sb >= 0 && sa != sb) return sa < sb ? -1 : 1;
    return 0;
  }
}

void txt_collator_set_name_readings(txt_collator *c, bool on) {
  if (c) c->name_readings = on;
}

/* Characters whose ICU pinyin position is wrong for names, and a character of the right
 * reading (same UTF-8 length, so the copy is made in place). */
static const struct { const char *from, *to; bool first_only; } PINYIN_FIX[] = {
    {"长", "常", false},   /* cháng: 长江 长沙 长春 长葛, not zhǎng */
    {"厦门", "夏门", false}, /* xià */
    {"曾", "增", true},    /* surnames: Zēng */
    {"翟", "宅", true},    /* Zhái */
    {"覃", "琴", true},    /* Qín */
    {"缪", "庙", true},    /* Miào */
    {"仇", "求", true},    /* Qiú */
    {"朴", "瓢", true},    /* Piáo */
    {"单", "善", true},    /* Shàn */
};

/* A copy of 's' with PINYIN_FIX applied, or NULL when nothing changes. Caller frees. */
static char *pinyin_proxy(const char *s) {
  char *out = NULL;
  for (size_t k = 0; k < sizeof PINYIN_FIX / sizeof *PINYIN_FIX; k++) {
    const char *from = PINYIN_FIX[k].from;
    size_t n = strlen(from);
    const char *base = out ? out : s;
    for (const char *p = strstr(base, from); p; p = strstr(p + n, from)) {
      if (PINYIN_FIX[k].first_only && p != base) break;
      if (!out) {
        out = xstrdup(s);
        p = out + (p - s);
        base = out;
      }
      memcpy((char *)p, PINYIN_FIX[k].to, n);
      if (PINYIN_FIX[k].first_only) break;
    }
  }
  return out;
}

int txt_collate(const txt_collator *c, const char *a, const char *b) {
  if (!c || c->order == TXT_ORDER_INPUT) return 0;
  if (!a) a = "";
  if (!b) b = "";
  UErrorCode err = U_ZERO_ERROR;
  if (c->order == TXT_ORDER_STROKE) {
    int r = stroke_precheck(c->primary, a, b);
    if (r) return r;
  } else if (c->name_readings) {
    char *pa = pinyin_proxy(a), *pb = pinyin_proxy(b);
    UCollationResult r = UCOL_EQUAL;
    if (pa || pb) r = ucol_strcollUTF8(c->ucol, pa ? pa : a, -1, pb ? pb : b, -1, &err);
    free(pa);
    free(pb);
    if (U_SUCCESS(err) && r != UCOL_EQUAL) return r == UCOL_LESS ? -1 : 1;
    err = U_ZERO_ERROR;
  }
  UCollationResult r = ucol_strcollUTF8(c->ucol, a, -1, b, -1, &err);
  /* Strings ICU finds equal (or cannot compare) are ordered by their bytes, so a list sorts
   * the same on every run whatever the sort algorithm. */
  if (U_FAILURE(err) || r == UCOL_EQUAL) return strcmp(a, b);
  return r == UCOL_LESS ? -1 : 1;
}
