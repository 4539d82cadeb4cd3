/* Tests for txt_collate: pinyin and stroke orders of real names, and ICU's known deviations
 * from 姓氏笔画 pinned so that an ICU upgrade that changes them is noticed. */
#include <stdlib.h>
#include <string.h>

#include "../../tests/check.h"
#include "core/strbuf.h"
#include "text/text.h"

static const txt_collator *sort_coll;
static int cmp(const void *a, const void *b) {
  return txt_collate(sort_coll, *(const char *const *)a, *(const char *const *)b);
}

/* Sorts 'names' (NULL-terminated) and joins them with " < ". Caller frees. */
static char *sorted(txt_order order, const char *const *names) {
  const char *v[64];
  size_t n = 0;
  while (names[n] && n < 64) v[n] = names[n], n++;
  txt_collator *c = txt_collator_new(order);
  if (!c) return NULL;
  sort_coll = c;
  qsort(v, n, sizeof *v, cmp);
  txt_collator_free(c);
  strbuf b;
  strbuf_init(&b);
  for (size_t i = 0; i < n; i++) {
    if (i) strbuf_append(&b, " < ");
    strbuf_append(&b, v[i]);
  }
  return strbuf_detach(&b);
}

#define CHECK_SORTED(order, want, ...)                         \
  do {                                                         \
    const char *in_[] = {__VA_ARGS__, NULL};                   \
    char *got_ = sorted(order, in_);                           \
    CHECK_STR(got_, want);                                     \
    free(got_);                                                \
  } while (0)

TEST(pinyin_company_names) {
  CHECK_SORTED(TXT_ORDER_PINYIN,
               "河南黄河旋风股份有限公司 < 瑞贝卡集团 < 森源电气股份有限公司 < "
               "许昌远东传动轴股份有限公司 < 许继电气股份有限公司 < 中原内配集团",
               "许继电气股份有限公司", "中原内配集团", "河南黄河旋风股份有限公司",
               "许昌远东传动轴股份有限公司", "森源电气股份有限公司", "瑞贝卡集团");
  /* 重 is read chóng; digits before Han, Latin after it */
  CHECK_SORTED(TXT_ORDER_PINYIN, "1号店 < 阿里巴巴 < 北京百度 < 重庆 < 华为 < 腾讯 < Apple 中国",
               "腾讯", "Apple 中国", "重庆", "1号店", "北京百度", "华为", "阿里巴巴");
}

TEST(pinyin_numbers_by_value) {
  CHECK_SORTED(TXT_ORDER_PINYIN, "第2批 < 第10批 < 第11批", "第11批", "第10批", "第2批");
}

TEST(stroke_surnames) {
  /* one surname per stroke count, 2 to 15, none with a component ICU miscounts */
  CHECK_SORTED(TXT_ORDER_STROKE,
               "丁 < 马 < 王 < 白 < 刘 < 李 < 周 < 赵 < 徐 < 梁 < 谢 < 雷 < 谭 < 潘",
               "潘", "李", "王", "谢", "丁", "赵", "刘", "谭", "马", "徐", "周", "雷", "白", "梁");
  /* same surname: the next character decides, again by strokes */
  CHECK_SORTED(TXT_ORDER_STROKE, "王二 < 王五 < 王海", "王海", "王五", "王二");
  CHECK_SORTED(TXT_ORDER_STROKE, "于建国 < 王丽 < 刘洋 < 杨帆", "杨帆", "刘洋", "王丽",
               "于建国");
}

/* ICU 72 counts the traditional components (阝 3, 艹 4, 長 for 长): documented in collate.c.
 * These lines pin what ICU does today; correct 姓氏笔画 would give the opposite order. */
TEST(stroke_known_icu_deviations) {
  CHECK_SORTED(TXT_ORDER_STROKE, "北 < 长", "长", "北");   /* 长 4 strokes, 北 5 */
  CHECK_SORTED(TXT_ORDER_STROKE, "白 < 邓", "邓", "白");   /* 邓 4, 白 5 */
  CHECK_SORTED(TXT_ORDER_STROKE, "中 < 王", "王", "中");   /* both 4: 王 starts with 横 */
  CHECK_SORTED(TXT_ORDER_STROKE, "周 < 苏", "苏", "周");   /* 苏 7, 周 8 */
}

TEST(input_order_and_edges) {
  txt_collator *c = txt_collator_new(TXT_ORDER_INPUT);
  CHECK(c != NULL);
  CHECK_INT(txt_collate(c, "乙", "甲"), 0);
  txt_collator_free(c);
  txt_collator_free(NULL);
  c = txt_collator_new(TXT_ORDER_PINYIN);
  CHECK(c != NULL);
  CHECK(txt_collate(c, "张三", "张三") == 0);
  CHECK(txt_collate(c, NULL, "a") < 0);
  CHECK(txt_collate(c, "a", "A") != 0); /* never 0 for different strings */
  CHECK(txt_collate(c, "a", "A") == -txt_collate(c, "A", "a"));
  txt_collator_free(c);
}

int main(void) {
  RUN(pinyin_company_names);
  RUN(pinyin_numbers_by_value);
  RUN(stroke_surnames);
  RUN(stroke_known_icu_deviations);
  RUN(input_order_and_edges);
  return CHECK_DONE();
}
