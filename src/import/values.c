/* Cell values as offices type them → the plain forms of the round contract: full-width digits,
 * thousands separators, units, Excel's float text and serial dates, Chinese date spellings. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_private.h"
#include "text/text.h"

void imp_ascii_forms(strbuf *out, const char *s) {
  size_t len = strlen(s);
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t n = txt_utf8_decode(s + i, len - i, &cp);
    if (n == 0) {
      strbuf_putc(out, s[i++]);
      continue;
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E) strbuf_putc(out, (char)(cp - 0xFF01 + 0x21));
    else if (cp == 0x3000 || cp == 0x00A0) strbuf_putc(out, ' ');
    else strbuf_append_n(out, s + i, n);
    i += n;
  }
}

static bool is_blank_at(const char *s, size_t len, size_t *n) {
  const unsigned char *p = (const unsigned char *)s;
  if (len >= 1 && (p[0] == ' ' || p[0] == '\t' || p[0] == '\n' || p[0] == '\r')) return *n = 1, true;
  if (len >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) return *n = 3, true; /* U+3000 */
  if (len >= 2 && p[0] == 0xC2 && p[1] == 0xA0) return *n = 2, true;                 /* U+00A0 */
  return false;
}

const char *imp_trim(const char *s, size_t *len) {
  size_t l = strlen(s), n;
  while (l > 0 && is_blank_at(s, l, &n)) s += n, l -= n;
  for (;;) {
    if (l >= 1 && is_blank_at(s + l - 1, 1, &n)) l -= 1;
    else if (l >= 2 && is_blank_at(s + l - 2, 2, &n) && n == 2) l -= 2;
    else if (l >= 3 && is_blank_at(s + l - 3, 3, &n) && n == 3) l -= 3;
    else break;
  }
  *len = l;
  return s;
}

/* Strips trailing zeros of a fraction and a bare '.'. */
static void strip_zeros(char *s) {
  char *dot = strchr(s, '.');
  if (!dot) return;
  char *end = s + strlen(s);
  while (end > dot + 1 && end[-1] == '0') *--end = '\0';
  if (end == dot + 1) *dot = '\0';
}

bool imp_number_text(const char *num, char out[64]) {
  char *end;
  double v = strtod(num, &end);
  if (end == num || *end || !isfinite(v)) return false;
  if (fabs(v) >= 1e15) snprintf(out, 64, "%.0f", v);
  else snprintf(out, 64, "%.15g", v);
  if (strchr(out, 'e')) snprintf(out, 64, "%.15f", v); /* tiny values: no exponent */
  strip_zeros(out);
  if (strcmp(out, "-0") == 0) strcpy(out, "0");
  return true;
}

bool imp_parse_amount(const char *s, char out[64], const char **unit_out) {
  strbuf b;
  strbuf_init(&b);
  imp_ascii_forms(&b, s);
  const char *p = strbuf_str(&b);
  char digits[64];
  size_t n = 0;
  bool ok = true, seen_digit = false, seen_dot = false;
  *unit_out = "";
  while (*p == ' ') p++;
  if (*p == '-' || *p == '+') {
    if (*p == '-') digits[n++] = '-';
    p++;
  }
  for (; *p && ok; p++) {
    if (isdigit((unsigned char)*p)) {
      if (n + 2 >= sizeof digits) ok = false;
      else digits[n++] = *p, seen_digit = true;
    } else if (*p == '.' && !seen_dot && seen_digit) {
      digits[n++] = '.', seen_dot = true;
    } else if ((*p == ',' || *p == ' ' || *p == '\'') && seen_digit && !seen_dot) {
      /* thousands separators: 1,234,567 or 1 234 567 */
    } else if (strncmp(p, "\xEF\xBC\x8C", 3) == 0 && seen_digit && !seen_dot) {
      p += 2; /* ， (U+FF0C) */
    } else {
      break;
    }
  }
  while (*p == ' ') p++;
  if (ok && *p) {
    if (strcmp(p, "万元") == 0) *unit_out = "万元";
    else if (strcmp(p, "元") == 0) *unit_out = "元";
    else ok = false;
  }
  if (ok && (!seen_digit || digits[n - 1] == '.')) ok = false;
  digits[n] = '\0';
  if (ok) {
    /* canonical: no leading zeros ("007" → "7"), no trailing fraction zeros */
    const char *d = digits;
    bool neg = *d == '-';
    if (neg) d++;
    while (d[0] == '0' && isdigit((unsigned char)d[1])) d++;
    size_t k = 0, dl = strlen(d);
    if (neg) out[k++] = '-';
    if (dl > 62) dl = 62; /* cannot happen: digits[] holds at most 62 */
    memcpy(out + k, d, dl);
    out[k + dl] = '\0';
    strip_zeros(out);
    if (strcmp(out, "-0") == 0) strcpy(out, "0");
  }
  strbuf_release(&b);
  return ok;
}

void imp_yuan_to_wan(const char *dec, char out[80]) {
  bool neg = dec[0] == '-';
  if (neg) dec++;
  const char *dot = strchr(dec, '.');
  size_t int_len = dot ? (size_t)(dot - dec) : strlen(dec);
  const char *frac = dot ? dot + 1 : "";
  char digits[80];
  /* pad the integer part to at least 5 digits, then move the point four places left */
  size_t pad = int_len < 5 ? 5 - int_len : 0, k = 0;
  for (size_t i = 0; i < pad; i++) digits[k++] = '0';
  memcpy(digits + k, dec, int_len);
  k += int_len;
  size_t whole = k - 4;
  char res[80];
  size_t r = 0;
  if (neg) res[r++] = '-';
  size_t i = 0;
  while (i + 1 < whole && digits[i] == '0') i++;
  for (; i < whole; i++) res[r++] = digits[i];
  res[r++] = '.';
  for (i = whole; i < k; i++) res[r++] = digits[i];
  for (const char *f = frac; *f && r < sizeof res - 1; f++) res[r++] = *f;
  res[r] = '\0';
  strip_zeros(res);
  if (strcmp(res, "-0") == 0) strcpy(res, "0");
  memcpy(out, res, strlen(res) + 1);
}

/* y, m, d were checked to be a real date in 1900..2199: exactly 10 characters. */
static void format_iso(char iso[11], int y, int m, int d) {
  char tmp[48];
  snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
  memcpy(iso, tmp, 10);
  iso[10] = '\0';
}

static bool read_int(const char **p, int max_digits, int *v) {
  int n = 0, x = 0;
  while (isdigit((unsigned char)**p) && n < max_digits) x = x * 10 + (*(*p)++ - '0'), n++;
  if (n == 0 || isdigit((unsigned char)**p)) return false;
  *v = x;
  return true;
}

bool imp_parse_date_text(const char *s, char iso[11]) {
  strbuf b;
  strbuf_init(&b);
  imp_ascii_forms(&b, s);
  size_t len;
  const char *p = imp_trim(strbuf_str(&b), &len);
  char buf[64];
  bool ok = false;
  if (len == 0 || len >= sizeof buf) goto done;
  memcpy(buf, p, len);
  buf[len] = '\0';
  p = buf;
  int y, m, d;
  if (!read_int(&p, 4, &y) || y < 1000) goto done;
  if (strncmp(p, "年", 3) == 0) {
    p += 3;
    if (!read_int(&p, 2, &m) || strncmp(p, "月", 3) != 0) goto done;
    p += 3;
    if (!read_int(&p, 2, &d)) goto done;
    if (strncmp(p, "日", 3) == 0) p += 3;
  } else {
    char sep = *p;
    if (sep != '-' && sep != '/' && sep != '.') goto done;
    p++;
    if (!read_int(&p, 2, &m) || *p != sep) goto done;
    p++;
    if (!read_int(&p, 2, &d)) goto done;
  }
  while (*p == ' ') p++;
  /* Excel's text of a date-time: "2022/3/18 0:00:00" */
  if (*p && !(isdigit((unsigned char)*p) && strspn(p, "0123456789: ") == strlen(p))) goto done;
  if (y < 1900 || y > 2199 || !txt_date_valid(y, m, d)) goto done;
  format_iso(iso, y, m, d);
  ok = true;
done:
  strbuf_release(&b);
  return ok;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), inverted by civil_from_days. */
static void civil_from_days(long z, int *y, int *m, int *d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long yy = yoe + era * 400;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yy + (*m <= 2));
}

bool imp_serial_date(double serial, bool date1904, char iso[11]) {
  if (!isfinite(serial) || serial < 1 || serial > 150000) return false;
  long days = (long)floor(serial);
  /* 1900 system: day 1 is 1900-01-01 and Excel counts a 1900-02-29 that never was (day 60), so
   * from day 61 on the epoch is 1899-12-30; 1904 system: day 0 is 1904-01-01. */
  long from_1970;
  if (date1904) from_1970 = days - 24107;
  else if (days >= 61) from_1970 = days - 25569;
  else if (days == 60) return false;
  else from_1970 = days - 25568;
  int y, m, d;
  civil_from_days(from_1970, &y, &m, &d);
  if (y < 1900 || y > 2199) return false;
  format_iso(iso, y, m, d);
  return true;
}
