/* check.h: the unit-test harness. A test file defines TEST(name) functions and lists them in
 * main() with RUN(name); CHECK* record a failure with file:line and keep going.
 * The binary ends with "check: N passed, N failed" (one per test case) and exits 1 on failure. */
#ifndef YINFA_TESTS_CHECK_H
#define YINFA_TESTS_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_failures_in_case, check_cases_passed, check_cases_failed;

#define TEST(name) static void test_##name(void)

#define RUN(name)                                                      \
  do {                                                                 \
    check_failures_in_case = 0;                                        \
    test_##name();                                                     \
    if (check_failures_in_case) {                                      \
      check_cases_failed++;                                            \
      printf("FAIL %s\n", #name);                                      \
    } else {                                                           \
      check_cases_passed++;                                            \
      printf("ok   %s\n", #name);                                      \
    }                                                                  \
  } while (0)

#define CHECK_FAIL_(...)                                               \
  do {                                                                 \
    check_failures_in_case++;                                          \
    printf("  %s:%d: ", __FILE__, __LINE__);                           \
    printf(__VA_ARGS__);                                               \
    printf("\n");                                                      \
  } while (0)

#define CHECK(cond)                                                    \
  do {                                                                 \
    if (!(cond)) CHECK_FAIL_("check failed: %s", #cond);               \
  } while (0)

#define CHECK_INT(got, want)                                           \
  do {                                                                 \
    long long g_ = (long long)(got), w_ = (long long)(want);           \
    if (g_ != w_) CHECK_FAIL_("%s is %lld, want %lld", #got, g_, w_);  \
  } while (0)

#define CHECK_NEAR(got, want, tol)                                     \
  do {                                                                 \
    double g_ = (got), w_ = (want);                                    \
    if (!(fabs(g_ - w_) <= (tol)))                                     \
      CHECK_FAIL_("%s is %g, want %g (±%g)", #got, g_, w_, (double)(tol)); \
  } while (0)

#define CHECK_STR(got, want)                                           \
  do {                                                                 \
    const char *g_ = (got), *w_ = (want);                              \
    if (!g_ || !w_ || strcmp(g_, w_) != 0)                             \
      CHECK_FAIL_("%s is \"%s\", want \"%s\"", #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
  } while (0)

#define CHECK_CONTAINS(haystack, needle)                               \
  do {                                                                 \
    const char *h_ = (haystack), *n_ = (needle);                       \
    if (!h_ || !strstr(h_, n_))                                        \
      CHECK_FAIL_("%s does not contain \"%s\":\n%s", #haystack, n_, h_ ? h_ : "(null)"); \
  } while (0)

#define CHECK_DONE()                                                   \
  (printf("check: %d passed, %d failed\n", check_cases_passed, check_cases_failed), \
   check_cases_failed ? 1 : 0)

#endif
