/* Value rules of the common envelope: GB 32100-2015 credit codes, GB 11714-1997 organisation
 * codes, applicant ids, ISO dates.
 * Pure functions, no libxml2. */
#include <stdio.h>
#include <string.h>

#include "input/input.h"

/* GB 32100-2015, 4.3: the 31 code characters and the weights of positions 1..17. */
static const char CREDIT_ALPHABET[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int CREDIT_WEIGHTS[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

static int credit_value(char c) {
  const char *p = c ? strchr(CREDIT_ALPHABET, c) : NULL;
  return p ? (int)(p - CREDIT_ALPHABET) : -1;
}

char inp_credit_code_check_char(const char *code17) {
  int sum = 0;
  for (int i = 0; i < 17; i++) {
    int v = credit_value(code17[i]);
    if (v < 0) return 0;
    sum += v * CREDIT_WEIGHTS[i];
  }
  return CREDIT_ALPHABET[(31 - sum % 31) % 31];
}

char inp_org_code_check_char(const char *code8) {
  static const int weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 8; i++) {
    char c = code8[i];
    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : -1;
    if (v < 0) return 0; /* also the end of a shorter string */
    sum += v * weights[i];
  }
  int check = 11 - sum % 11;
  return check == 11 ? '0' : check == 10 ? 'X' : (char)('0' + check);
}

bool inp_credit_code_valid(const char *code) {
  if (!code || strlen(code) != 18) return false;
  char want = inp_credit_code_check_char(code);
  return want != 0 && code[17] == want;
}

bool inp_id_safe(const char *id) {
  if (!id) return false;
  size_t n = strlen(id);
  if (n < 1 || n > 64) return false;
  for (size_t i = 0; i < n; i++) {
    char c = id[i];
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool inp_date_parse(const char *s, inp_date *out) {
  if (!s) return false;
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
  int y, m, d, used = 0;
  for (int i = 0; i < 10; i++) {
    bool digit = s[i] >= '0' && s[i] <= '9';
    if ((i == 4 || i == 7) ? s[i] != '-' : !digit) return false;
  }
  if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10) return false;
  for (const char *t = s + 10; *t; t++)
    if (*t != ' ' && *t != '\t' && *t != '\n' && *t != '\r') return false;
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1) return false;
  if (d > days[m - 1] + (m == 2 && is_leap(y))) return false;
  if (out) *out = (inp_date){y, m, d, NULL};
  return true;
}
