/* Tests for dates, hanzi numbers and fixed decimals, edges included. */
#include <locale.h>
#include <stdlib.h>

#include "../../tests/check.h"
#include "text/text.h"

#define CHECK_OWNED(expr, want)     \
  do {                              \
    char *s_ = (expr);              \
    CHECK_STR(s_, want);            \
    free(s_);                       \
  } while (0)

TEST(date_arabic) {
  CHECK_OWNED(txt_date_arabic(2022, 3, 18), "2022年3月18日");
  CHECK_OWNED(txt_date_arabic(2022, 1, 1), "2022年1月1日");
  CHECK_OWNED(txt_date_arabic(2022, 12, 31), "2022年12月31日");
  CHECK_OWNED(txt_date_arabic(2024, 2, 29), "2024年2月29日");
  CHECK(txt_date_arabic(2023, 2, 29) == NULL);
  CHECK(txt_date_arabic(1900, 2, 29) == NULL);
  CHECK_OWNED(txt_date_arabic(2000, 2, 29), "2000年2月29日");
  CHECK(txt_date_arabic(2022, 4, 31) == NULL);
  CHECK(txt_date_arabic(2022, 13, 1) == NULL);
  CHECK(txt_date_arabic(2022, 0, 1) == NULL);
  CHECK(txt_date_arabic(2022, 1, 0) == NULL);
  CHECK(txt_date_arabic(-1, 1, 1) == NULL);
  CHECK(txt_date_arabic(10000, 1, 1) == NULL);
  CHECK_OWNED(txt_date_hanzi(0, 1, 1), "〇年一月一日"); /* ISO 8601 year 0000 */
}

TEST(date_hanzi) {
  CHECK_OWNED(txt_date_hanzi(2022, 3, 18), "二〇二二年三月十八日");
  CHECK_OWNED(txt_date_hanzi(2020, 10, 10), "二〇二〇年十月十日");
  CHECK_OWNED(txt_date_hanzi(2000, 1, 1), "二〇〇〇年一月一日");
  CHECK_OWNED(txt_date_hanzi(2021, 11, 11), "二〇二一年十一月十一日");
  CHECK_OWNED(txt_date_hanzi(2022, 12, 20), "二〇二二年十二月二十日");
  CHECK_OWNED(txt_date_hanzi(2022, 12, 21), "二〇二二年十二月二十一日");
  CHECK_OWNED(txt_date_hanzi(2022, 1, 30), "二〇二二年一月三十日");
  CHECK_OWNED(txt_date_hanzi(2022, 1, 31), "二〇二二年一月三十一日");
  CHECK_OWNED(txt_date_hanzi(1999, 9, 9), "一九九九年九月九日");
  CHECK(txt_date_hanzi(2022, 2, 30) == NULL);
}

TEST(hanzi_number) {
  static const struct { int n; const char *want; } cases[] = {
      {1, "一"}, {2, "二"}, {9, "九"}, {10, "十"}, {11, "十一"}, {18, "十八"}, {19, "十九"},
      {20, "二十"}, {21, "二十一"}, {30, "三十"}, {31, "三十一"}, {99, "九十九"},
      {100, "一百"}, {101, "一百零一"}, {105, "一百零五"}, {110, "一百一十"},
      {115, "一百一十五"}, {120, "一百二十"}, {999, "九百九十九"}, {1000, "一千"},
      {1001, "一千零一"}, {1010, "一千零一十"}, {1100, "一千一百"}, {2022, "二千零二十二"},
      {10000, "一万"}, {10005, "一万零五"}, {10010, "一万零一十"}, {10100, "一万零一百"},
      {11000, "一万一千"}, {100000, "十万"}, {150000, "十五万"}, {1000010, "一百万零一十"},
      {10000000, "一千万"}, {100000005, "一亿零五"}, {100010000, "一亿零一万"},
      {110000000, "一亿一千万"}, {2147483647, "二十一亿四千七百四十八万三千六百四十七"},
      {0, "零"}, {-3, "负三"}, {-15, "负十五"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *got = txt_hanzi_number(cases[i].n);
    if (!got || strcmp(got, cases[i].want) != 0)
      CHECK_FAIL_("%d is \"%s\", want \"%s\"", cases[i].n, got ? got : "(null)", cases[i].want);
    free(got);
  }
  CHECK_OWNED(txt_hanzi_number(-2147483647 - 1), "负二十一亿四千七百四十八万三千六百四十八");
}

int main(void) {
  RUN(date_arabic);
  RUN(date_hanzi);
  RUN(hanzi_number);
  return CHECK_DONE();
}
