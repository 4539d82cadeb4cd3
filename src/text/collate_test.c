/* Tests for txt_collate: pinyin and stroke orders of real names, and ICU's known deviations
 * from 姓氏笔画 pinned so that an ICU upgrade that changes them is noticed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../tests/check.h"
#include "core/strbuf.h"
#include "text/text.h"

static const txt_collator *sort_coll;
static int cmp(const void *a, const void *b) {
  return txt_collate(sort_coll, *(const char *const *)a, *(const char *const *)b);
}

static bool name_readings; /* passed to txt_collator_set_name_readings by sorted() */

/* Sorts 'names' (NULL-terminated) and joins them with " < ". Caller frees. */
static char *sorted(txt_order order, const char *const *names) {
  const char *v[64];
  size_t n = 0;
  while (names[n] && n < 64) v[n] = names[n], n++;
  txt_collator *c = txt_collator_new(order);
  if (!c) return NULL;
  txt_collator_set_name_readings(c, name_readings);
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

/* ICU reads 长 zhǎng, 厦 shà and 曾 céng; names want cháng, xià (厦门) and the surname Zēng. */
TEST(pinyin_readings_for_names) {
  /* off by default: ICU's readings */
  CHECK_SORTED(TXT_ORDER_PINYIN, "常州 < 禹州市 < 长葛市", "长葛市", "禹州市", "常州");
  name_readings = true;
  /* the counties of 许昌: 长葛 is cháng (C), not zhǎng (after 禹 yǔ) */
  CHECK_SORTED(TXT_ORDER_PINYIN, "长葛市 < 建安区 < 魏都区 < 襄城县 < 鄢陵县 < 禹州市",
               "魏都区", "建安区", "禹州市", "长葛市", "鄢陵县", "襄城县");
  /* cháng gě < cháng shā < cháng zhōu < chóng qìng < zhǎng yuè */
  CHECK_SORTED(TXT_ORDER_PINYIN, "长葛市 < 长沙 < 常州 < 重庆 < 掌阅科技",
               "掌阅科技", "重庆", "长沙", "常州", "长葛市");
  /* dà shà < xià mén < xià yì < xiāng chéng */
  CHECK_SORTED(TXT_ORDER_PINYIN, "大厦 < 厦门 < 夏邑 < 襄城", "厦门", "襄城", "大厦", "夏邑");
  /* céng < zēng < zhāng */
  CHECK_SORTED(TXT_ORDER_PINYIN, "层峰 < 曾国藩 < 张伟", "曾国藩", "张伟", "层峰");
  CHECK_SORTED(TXT_ORDER_PINYIN, "丁一 < 善二 < 单三 < 宋四", "宋四", "单三", "丁一", "善二");
  /* only a name's first character takes the surname reading */
  CHECK_SORTED(TXT_ORDER_PINYIN, "何单 < 何善", "何善", "何单");
  name_readings = false;
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

/* ICU 72 counts the traditional components (阝 3, 艹 4, 長 for 长); txt_collate corrects the
 * count with Unihan's simplified kTotalStrokes (collate.c). One surname per count, 1 to 17,
 * most of them ones ICU alone misplaces. */
TEST(stroke_counts_corrected) {
  CHECK_SORTED(TXT_ORDER_STROKE,
               "乙 < 丁 < 马 < 邓 < 冯 < 祁 < 陈 < 郑 < 郝 < 陶 < 黄 < 蒋 < 雷 < 蔡 < 潘 < 薛 < 魏",
               "魏", "黄", "陈", "丁", "蔡", "邓", "郝", "乙", "潘", "郑", "蒋", "马", "薛", "祁",
               "雷", "冯", "陶");
  CHECK_SORTED(TXT_ORDER_STROKE, "长 < 北", "北", "长"); /* 长 4, 北 5; ICU alone: 北 < 长 */
  CHECK_SORTED(TXT_ORDER_STROKE, "邓 < 白", "白", "邓"); /* 邓 4, 白 5 */
  CHECK_SORTED(TXT_ORDER_STROKE, "苏 < 周", "周", "苏"); /* 苏 7, 周 8 */
  /* the first differing character decides: 陈 (7) before 周 (8) whatever follows */
  CHECK_SORTED(TXT_ORDER_STROKE, "陈一 < 陈丁 < 周乙", "周乙", "陈丁", "陈一");
  CHECK_SORTED(TXT_ORDER_STROKE, "王 < 王五 < 王海 < 邓小平", "邓小平", "王海", "王", "王五");
  CHECK_SORTED(TXT_ORDER_STROKE, "第2批 < 第09批 < 第10批", "第10批", "第09批", "第2批");
  /* digits before Han, Latin after, as in ICU */
  CHECK_SORTED(TXT_ORDER_STROKE, "1号店 < 邓 < Apple", "Apple", "邓", "1号店");
  /* beyond the BMP too: 𠮷 (6 strokes) between 冯 (5) and 陈 (7); ICU alone puts it last */
  CHECK_SORTED(TXT_ORDER_STROKE, "冯 < 𠮷 < 陈 < Apple", "Apple", "陈", "𠮷", "冯");
}

/* Not corrected: inside one stroke count 姓氏笔画 orders by the first stroke (横竖撇点折), ICU
 * does not. Pinned so an ICU upgrade that changes it is noticed. */
TEST(stroke_known_icu_deviations) {
  CHECK_SORTED(TXT_ORDER_STROKE, "中 < 王", "王", "中"); /* both 4: 王 starts with 横 */
  CHECK_SORTED(TXT_ORDER_STROKE, "张 < 李", "李", "张"); /* both 7: 李 starts with 横 */
}

/* qsort needs a consistent order: after sorting pseudo-random names mixing URO, Ext A, Ext B,
 * digits and Latin, every pair must compare in sorted order. */
TEST(stroke_order_is_consistent) {
  /* what names contain: URO, Ext A, Ext B-H, compatibility ideographs, 々〆〇, digits, Latin,
   * Kangxi radicals, ideographic variation selectors. (CJK radicals supplement, strokes and
   * combining Latin letters at a name's start can still make rare cycles; see collate.c.) */
  static const uint32_t ranges[][2] = {{0x4E00, 0x9FFF}, {0x3400, 0x4DBF}, {0x20000, 0x2A6DF},
                                       {'0', '9'},       {'A', 'Z'},       {0x4E00, 0x4E2F},
                                       {0x2F00, 0x2FD5}, {0x3005, 0x3007}, {0x30000, 0x3134A},
                                       {0xF900, 0xFAD9}, {0x2A700, 0x2EBE0}, {0xE0100, 0xE01EF}};
  enum { N = 600 };
  char *names[N];
  uint32_t seed = 12345;
  for (int i = 0; i < N; i++) {
    char buf[32];
    size_t len = 0;
    int chars = 1 + i % 3;
    for (int k = 0; k < chars; k++) {
      seed = seed * 1103515245u + 12345u;
      const uint32_t *r = ranges[(seed >> 16) % (sizeof ranges / sizeof *ranges)];
      seed = seed * 1103515245u + 12345u;
      len += txt_utf8_encode(r[0] + (seed >> 8) % (r[1] - r[0] + 1), buf + len);
    }
    buf[len] = 0;
    names[i] = strdup(buf);
  }
  txt_collator *c = txt_collator_new(TXT_ORDER_STROKE);
  sort_coll = c;
  qsort(names, N, sizeof *names, cmp);
  int bad = 0;
  for (int i = 0; i < N; i++)
    for (int j = i + 1; j < N; j++)
      if (txt_collate(c, names[i], names[j]) > 0 && bad++ < 5)
        CHECK_FAIL_("%s sorted before %s but compares after", names[i], names[j]);
  CHECK_INT(bad, 0);
  txt_collator_free(c);
  for (int i = 0; i < N; i++) free(names[i]);
}

/* The pinyin order with its reading fixes is consistent too: names built from 长 厦 门 曾 单
 * and their neighbours in every position. */
TEST(pinyin_order_is_consistent) {
  static const char *atoms[] = {"长", "常", "掌", "厦", "门", "夏", "曾", "增", "层", "单", "善",
                                "丹", "重", "庆", "何", "A", "1"};
  enum { N = 500 };
  char *names[N];
  uint32_t seed = 7;
  for (int i = 0; i < N; i++) {
    char buf[32] = "";
    for (int k = 0; k < 1 + i % 4; k++) {
      seed = seed * 1103515245u + 12345u;
      strcat(buf, atoms[(seed >> 16) % (sizeof atoms / sizeof *atoms)]);
    }
    names[i] = strdup(buf);
  }
  txt_collator *c = txt_collator_new(TXT_ORDER_PINYIN);
  txt_collator_set_name_readings(c, true);
  sort_coll = c;
  qsort(names, N, sizeof *names, cmp);
  int bad = 0;
  for (int i = 0; i < N; i++)
    for (int j = i + 1; j < N; j++)
      if (txt_collate(c, names[i], names[j]) > 0 && bad++ < 5)
        CHECK_FAIL_("%s sorted before %s but compares after", names[i], names[j]);
  CHECK_INT(bad, 0);
  txt_collator_free(c);
  for (int i = 0; i < N; i++) free(names[i]);
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
  RUN(pinyin_readings_for_names);
  RUN(pinyin_numbers_by_value);
  RUN(stroke_surnames);
  RUN(stroke_counts_corrected);
  RUN(stroke_known_icu_deviations);
  RUN(stroke_order_is_consistent);
  RUN(pinyin_order_is_consistent);
  RUN(input_order_and_edges);
  return CHECK_DONE();
}
