/* csv: see csv.h. */
#include "core/csv.h"

#include <string.h>

/* A plain decimal number, optionally signed, with an optional exponent: "-12.5", "+3", "1e-3". */
static bool plain_number(const char *s) {
  if (*s == '+' || *s == '-') s++;
  size_t digits = 0;
  for (; *s >= '0' && *s <= '9'; s++) digits++;
  if (*s == '.')
    for (s++; *s >= '0' && *s <= '9'; s++) digits++;
  if (!digits) return false;
  if (*s == 'e' || *s == 'E') {
    s++;
    if (*s == '+' || *s == '-') s++;
    if (!(*s >= '0' && *s <= '9')) return false;
    while (*s >= '0' && *s <= '9') s++;
  }
  return *s == '\0';
}

bool csv_looks_like_formula(const char *s) {
  if (!s || !*s) return false;
  /* OWASP's list, and the full-width forms an IME types (U+FF1D ＝, U+FF0B ＋, U+FF0D －, U+FF20 ＠) */
  static const char *const fullwidth[] = {"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D", "\xEF\xBC\xA0"};
  bool trigger = strchr("=+-@\t\r", *s) != NULL;
  for (size_t i = 0; i < 4 && !trigger; i++) trigger = strncmp(s, fullwidth[i], 3) == 0;
  return trigger && !plain_number(s);
}

void csv_put_field(strbuf *b, const char *s, csv_mode mode) {
  if (!s) s = "";
  bool neutralise = mode == CSV_FOR_PEOPLE && csv_looks_like_formula(s);
  if (!neutralise && !strpbrk(s, ",\"\r\n")) {
    strbuf_append(b, s);
    return;
  }
  strbuf_putc(b, '"');
  if (neutralise) strbuf_putc(b, '\'');
  for (; *s; s++) {
    if (*s == '"') strbuf_putc(b, '"');
    strbuf_putc(b, *s);
  }
  strbuf_putc(b, '"');
}
