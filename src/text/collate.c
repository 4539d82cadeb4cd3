/* Collation of names for lists: by pinyin ("zh@collation=pinyin") or by stroke count
 * ("zh@collation=stroke", the order of lists "按姓氏笔画排序"), through ICU's ucol.
 *
 * What ICU 72 (CLDR 42) gives, measured (shared/spec/libharu-findings.md section 4 and
 * collate_test.c):
 * - pinyin: one reading per character. 重 is read chóng, but 厦 sorts as shà (厦门 is xià) and
 *   长 as zhǎng (长江 is cháng); Latin sorts after Han, digits before both.
 * - stroke: groups characters by total stroke count, but counts the traditional forms of the
 *   components: 阝 as 3 (陈 陆 邓 郑 郭 邵 邹 郝 阳 队 are one stroke too many), 艹 as 4 (苏 范
 *   董 蒋 蔡 薛 莫), 礻 as 5 (祁), 黄 as 12, 长 as 5 (長 is 8, 长 is 4). Within one stroke count
 *   it does not follow the 横竖撇点折 order of the first stroke (it puts 中 before 王, 张 before
 *   李). txt_collate does not correct this: a list that must follow GB/T 15834-style 姓氏笔画
 *   exactly needs stroke data ICU does not ship (Unihan's simplified kTotalStrokes and a
 *   first-stroke table). */
#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>

#include "core/xmalloc.h"
#include "text/text.h"

struct txt_collator {
  txt_order order;
  UCollator *ucol; /* NULL for TXT_ORDER_INPUT */
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
  return c;
fail:
  txt_collator_free(c);
  return NULL;
}

void txt_collator_free(txt_collator *c) {
  if (!c) return;
  if (c->ucol) ucol_close(c->ucol);
  free(c);
}

int txt_collate(const txt_collator *c, const char *a, const char *b) {
  if (!c || c->order == TXT_ORDER_INPUT) return 0;
  if (!a) a = "";
  if (!b) b = "";
  UErrorCode err = U_ZERO_ERROR;
  UCollationResult r = ucol_strcollUTF8(c->ucol, a, -1, b, -1, &err);
  /* Strings ICU finds equal (or cannot compare) are ordered by their bytes, so a list sorts
   * the same on every run whatever the sort algorithm. */
  if (U_FAILURE(err) || r == UCOL_EQUAL) return strcmp(a, b);
  return r == UCOL_LESS ? -1 : 1;
}
