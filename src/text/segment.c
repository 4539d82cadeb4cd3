/* Segmentation for line layout: UAX #14 break opportunities from ubrk_open(UBRK_LINE, "zh"),
 * narrowed by the clreq/GB prohibitions of docs/spec/layout.md "Line breaking" rules 1-2,
 * which are enforced here whatever ICU says. UAX #11 East Asian Width for 'wide'. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <uchar.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "core/xmalloc.h"
#include "text/text.h"

/* ---- East Asian Width ---- */

bool txt_is_wide(uint32_t cp) {
  int w = u_getIntPropertyValue((UChar32)cp, UCHAR_EAST_ASIAN_WIDTH);
  return w == U_EA_WIDE || w == U_EA_FULLWIDTH;
}

bool txt_is_wide_zh(uint32_t cp) {
  int w = u_getIntPropertyValue((UChar32)cp, UCHAR_EAST_ASIAN_WIDTH);
  if (w == U_EA_WIDE || w == U_EA_FULLWIDTH) return true;
  if (w != U_EA_AMBIGUOUS) return false;
  /* UAX #11: ambiguous characters are wide in an East Asian context. Only punctuation and
   * symbols (“ ” ‘ ’ · — … ※ №) qualify: accented Latin, Greek and Cyrillic letters are also
   * "A" but Chinese documents set them from the Latin font. */
  int8_t t = u_charType((UChar32)cp);
  switch (t) {
  case U_DASH_PUNCTUATION: case U_START_PUNCTUATION: case U_END_PUNCTUATION:
  case U_CONNECTOR_PUNCTUATION: case U_OTHER_PUNCTUATION: case U_INITIAL_PUNCTUATION:
  case U_FINAL_PUNCTUATION: case U_MATH_SYMBOL: case U_CURRENCY_SYMBOL:
  case U_MODIFIER_SYMBOL: case U_OTHER_SYMBOL:
    return true;
  default:
    return false;
  }
}

/* ---- Character classes ---- */

typedef enum {
  C_OTHER, C_NEWLINE, C_SPACE, C_EXTEND, C_DASH, C_ELLIPSIS, C_STOP, C_MIDDLE, C_OPEN,
  C_CLOSE, C_SUFFIX, C_ALNUM, C_ALNUM_WIDE, C_HAN
} cclass;

static bool is_newline(UChar32 c) {
  return c == 0x0A || c == 0x0B || c == 0x0C || c == 0x0D || c == 0x85 || c == 0x2028 ||
         c == 0x2029;
}

/* Marks that continue the previous character rather than starting a unit: combining marks,
 * ZWJ/ZWNJ, variation selectors (including the Han IVS block), emoji modifiers. */
static bool is_extend(UChar32 c) {
  if (c == 0x200C || c == 0x200D) return true;
  if ((c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF)) return true;
  if ((c >= 0x180B && c <= 0x180D) || (c >= 0x1F3FB && c <= 0x1F3FF)) return true;
  int8_t t = u_charType(c);
  return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
}

/* U+2060 WORD JOINER and U+FEFF ZERO WIDTH NO-BREAK SPACE (UAX #14 class WJ): no break on either
 * side. They extend the unit before them (as C_EXTEND), so only "after" needs a rule. */
static bool is_joiner(UChar32 c) { return c == 0x2060 || c == 0xFEFF; }

static cclass classify(UChar32 c) {
  if (c < 0x80) {
    if (is_newline(c)) return C_NEWLINE;
    if (c == ' ' || c == '\t') return C_SPACE;
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
      return C_ALNUM;
    switch (c) {
    case ',': case '.': case ':': case ';': case '!': case '?': return C_STOP;
    case '(': case '[': case '{': return C_OPEN;
    case ')': case ']': case '}': return C_CLOSE;
    case '%': return C_SUFFIX;
    default: return C_OTHER;
    }
  }
  switch (c) {
  case 0x3001: case 0xFF0C: case 0x3002: case 0xFF0E: case 0xFF1A: case 0xFF1B:
  case 0xFF01: case 0xFF1F: case 0xFF61: case 0xFF64: case 0x203C: case 0x2047:
  case 0x2048: case 0x2049:
    return C_STOP; /* 、，。．：；！？ and their half-width and doubled forms */
  case 0x00B7: case 0x30FB: case 0x2027: case 0xFF65: /* interpuncts · ・ ‧ ･ */
  case 0x2010: case 0x2011: case 0x2013: case 0xFF5E: case 0x301C: case 0xFF0D: /* connectors */
    return C_MIDDLE;
  /* GB 2312 0xA1AA decodes to U+2014 or (older tables) U+2015; ⸺ ⸻ are already two/three ems. */
  case 0x2014: case 0x2015: case 0x2E3A: case 0x2E3B:
    return C_DASH;
  case 0x2026: case 0x22EF:
    return C_ELLIPSIS;
  case 0xFF05: case 0x2030: case 0x2031: case 0x2103: case 0x2109: case 0x00B0:
  case 0x2032: case 0x2033:
    return C_SUFFIX; /* ％ ‰ ‱ ℃ ℉ ° ′ ″ */
  case 0x3000:
    return C_SPACE;
  default:
    break;
  }
  if (is_newline(c)) return C_NEWLINE;
  if (is_extend(c)) return C_EXTEND;
  int8_t t = u_charType(c);
  switch (t) {
  case U_START_PUNCTUATION: case U_INITIAL_PUNCTUATION: return C_OPEN;
  case U_END_PUNCTUATION: case U_FINAL_PUNCTUATION: return C_CLOSE;
  case U_SPACE_SEPARATOR: return C_SPACE;
  case U_FORMAT_CHAR: return c == 0x200B ? C_SPACE : C_EXTEND; /* ZWSP is a break, others glue */
  default: break;
  }
  bool letter_or_number = (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK)) != 0;
  if (!letter_or_number) return C_OTHER;
  if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
      (c >= 0xFF41 && c <= 0xFF5A))
    return C_ALNUM_WIDE; /* full-width Latin letters and digits form words too */
  return txt_is_wide((uint32_t)c) ? C_HAN : C_ALNUM;
}

/* No line may start with these even though their class alone allows it (layout.md rule 1). */
static bool never_starts_line(UChar32 c) {
  switch (c) {
  case '%': case 0xFF05: case 0x2030: case 0x2031: /* ％‰ when not attached to a number */
  case 0x3005: case 0x303B: case 0x309D: case 0x309E: case 0x30FD: case 0x30FE: /* 々〻ゝゞヽヾ */
    return true;
  default:
    return false;
  }
}

/* Han measure words and date parts that stay with the number before them ("2022年", "12.5万元",
 * "3个"): layout.md rule 2 "a number with its unit". */
static bool is_number_unit(UChar32 c) {
  static const char32_t units[] = U"年月日号时分秒点元角万亿千百个家人名位户项次件份台套辆岁米克吨亩"
                                  U"倍度条款章节页天周期批届";
  for (size_t i = 0; units[i]; i++)
    if ((UChar32)units[i] == c) return true;
  return false;
}

static bool is_digit(UChar32 c) { return u_isdigit(c); }

/* ---- The break iterator: opened once per thread, closed when the thread exits ---- */

static pthread_key_t brk_key;
static pthread_once_t brk_once = PTHREAD_ONCE_INIT;
static _Thread_local UBreakIterator *tl_brk;

static void close_brk(void *p) { ubrk_close(p); }
static void make_brk_key(void) { (void)pthread_key_create(&brk_key, close_brk); }

static UBreakIterator *thread_brk(void) {
  if (tl_brk) return tl_brk;
  UErrorCode err = U_ZERO_ERROR;
  UBreakIterator *bi = ubrk_open(UBRK_LINE, "zh", NULL, 0, &err);
  if (U_FAILURE(err)) return NULL;
  pthread_once(&brk_once, make_brk_key);
  (void)pthread_setspecific(brk_key, bi);
  tl_brk = bi;
  return bi;
}

/* ---- Segmentation ---- */

typedef struct {
  const UChar *s;
  int32_t n, i; /* text, length and position in UTF-16 units */
} u16cursor;

static UChar32 peek(const u16cursor *k, int32_t at) {
  if (at >= k->n) return -1;
  UChar32 c;
  U16_GET(k->s, 0, at, k->n, c);
  return c;
}

static void skip_extends(u16cursor *k) {
  while (k->i < k->n) {
    UChar32 c;
    int32_t j = k->i;
    U16_NEXT(k->s, j, k->n, c);
    if (!is_extend(c)) break;
    k->i = j;
  }
}

/* Characters that join two alphanumerics into one word: "ABC-123", "12.5", "1,234", "9:30",
 * "www.gov.cn", "GB/T", "Xi’an". 'prev' is the last character taken, 'next' the one after. */
static bool joins(UChar32 c, UChar32 prev, UChar32 next) {
  if (next < 0 || classify(next) != C_ALNUM) return false;
  switch (c) {
  case ',': case ':': return is_digit(prev) && is_digit(next);
  case '.': case '-': case '/': case '_': case '&': case '+': case '@': case '#': case '\\':
  case '\'': case 0x00AD: case 0x2011:
    return true;
  case 0x2019: return !is_digit(prev) && !is_digit(next);
  default: return false;
  }
}

/* Consumes the rest of a word whose first character 'first' was just read; k->i ends after the
 * word. Full-width words ('wide') take only full-width alphanumerics. */
static void take_word(u16cursor *k, UChar32 first, bool wide) {
  UChar32 prev = first;
  for (;;) {
    skip_extends(k);
    if (k->i >= k->n) return;
    int32_t j = k->i;
    UChar32 c;
    U16_NEXT(k->s, j, k->n, c);
    cclass cc = classify(c);
    if (cc == (wide ? C_ALNUM_WIDE : C_ALNUM)) {
      k->i = j, prev = c;
    } else if (cc == C_SUFFIX && is_digit(prev)) {
      k->i = j, prev = c; /* 12.5%, 30℃ */
    } else if (!wide && joins(c, prev, peek(k, j))) {
      k->i = j, prev = c;
    } else {
      return;
    }
  }
}

/* A sign or currency symbol right before a digit starts the number: "-3.5", "$12", "¥12.5". */
static bool number_prefix(UChar32 c, UChar32 next) {
  if (next < 0 || !is_digit(next) || classify(next) != C_ALNUM) return false;
  switch (c) {
  case '-': case '+': case '$': case '.': case '#': case 0x00A5: case 0x20AC: case 0x00A3:
  case 0xFFE5: case 0x2212:
    return true;
  default:
    return false;
  }
}

static txt_unit_kind kind_of(cclass cc) {
  switch (cc) {
  case C_NEWLINE: return TXT_UNIT_NEWLINE;
  case C_SPACE: return TXT_UNIT_SPACE;
  case C_DASH: case C_ELLIPSIS: return TXT_UNIT_INSEP;
  case C_STOP: return TXT_UNIT_STOP;
  case C_MIDDLE: return TXT_UNIT_MIDDLE;
  case C_OPEN: return TXT_UNIT_OPEN;
  case C_CLOSE: return TXT_UNIT_CLOSE;
  case C_ALNUM: case C_ALNUM_WIDE: return TXT_UNIT_WORD;
  case C_HAN: return TXT_UNIT_HAN;
  default: return TXT_UNIT_OTHER;
  }
}

/* Converts UTF-8 to UTF-16 once, keeping for every UTF-16 index the byte offset of its code
 * point (off8[n16] == len). Malformed bytes become U+FFFD covering the bad sequence. */
static int32_t to_utf16(const char *utf8, size_t len, UChar **out16, size_t **out_off8) {
  UChar *s = xmalloc((len + 1) * sizeof *s); /* never more UTF-16 units than bytes */
  size_t *off8 = xmalloc((len + 1) * sizeof *off8);
  const uint8_t *p = (const uint8_t *)utf8;
  int32_t n = 0;
  size_t i = 0;
  while (i < len) {
    size_t start = i;
    UChar32 c;
    if (p[i] < 0x80) {
      c = p[i++];
    } else {
      /* U8_NEXT takes an int32_t length; feed it a window so huge inputs stay correct. */
      int32_t j = 0, w = (int32_t)(len - i < 4 ? len - i : 4);
      U8_NEXT(p + i, j, w, c);
      i += (size_t)j;
      if (c < 0) c = 0xFFFD;
    }
    off8[n] = start;
    if (c <= 0xFFFF) {
      s[n++] = (UChar)c;
    } else {
      off8[n + 1] = start;
      s[n++] = U16_LEAD(c);
      s[n++] = U16_TRAIL(c);
    }
  }
  off8[n] = len;
  *out16 = s;
  *out_off8 = off8;
  return n;
}

size_t txt_segment(const char *utf8, size_t len, txt_unit **out) {
  *out = NULL;
  if (len == 0) return 0;
  /* ICU indexes with int32_t; UTF-16 never has more units than the UTF-8 has bytes. */
  if (len > (size_t)INT32_MAX - 1) len = (size_t)INT32_MAX - 1;
  UChar *s16;
  size_t *off8;
  int32_t n16 = to_utf16(utf8, len, &s16, &off8);

  UBreakIterator *bi = thread_brk();
  int32_t next_brk = UBRK_DONE;
  if (bi) {
    UErrorCode err = U_ZERO_ERROR;
    ubrk_setText(bi, s16, n16, &err);
    if (U_FAILURE(err))
      bi = NULL; /* degrade to our own rules: every unit boundary, minus the prohibitions */
    else
      next_brk = ubrk_first(bi);
  }

  size_t cap = 0, count = 0;
  txt_unit *u = NULL;
  u16cursor k = {s16, n16, 0};
  UChar32 last_cp_of_prev = -1;   /* last base character of the previous unit */
  bool prev_joined = false;        /* the previous unit ends with a word joiner */
  size_t last_nonspace = SIZE_MAX; /* index of the last unit that is not a space */
  int number_units = 2; /* unit characters since the last number: 0 or 1 glue ("12万元"), 2 not */

  while (k.i < n16) {
    int32_t start = k.i;
    UChar32 c;
    U16_NEXT(s16, k.i, n16, c);
    cclass cc = classify(c);
    UChar32 last = c;

    if (cc == C_EXTEND && count > 0) {
      /* A mark with no base of its own extends the previous unit. */
      u[count - 1].len = off8[k.i] - u[count - 1].offset;
      prev_joined = is_joiner(c);
      continue;
    }
    if (cc == C_NEWLINE) {
      if (c == 0x0D && k.i < n16 && s16[k.i] == 0x0A) k.i++;
    } else if (cc == C_SPACE) {
      /* A run of narrow spaces is one unit; each U+3000 is its own (an em of indent). */
      if (c != 0x3000)
        while (k.i < n16 && classify(s16[k.i]) == C_SPACE && s16[k.i] != 0x3000 &&
               s16[k.i] != 0x200B)
          k.i++;
    } else if (cc == C_DASH || cc == C_ELLIPSIS) {
      /* —— and …… are one two-em unit; longer runs are split into pairs. */
      if (c != 0x2E3A && c != 0x2E3B && k.i < n16 && s16[k.i] == c) k.i++;
    } else if (cc == C_ALNUM || cc == C_ALNUM_WIDE) {
      take_word(&k, c, cc == C_ALNUM_WIDE);
    } else if ((cc == C_OTHER || cc == C_STOP || cc == C_MIDDLE) &&
               number_prefix(c, peek(&k, k.i))) {
      cc = C_ALNUM;
      take_word(&k, c, false);
    }
    skip_extends(&k);
    if (k.i > start) {
      UChar32 lc;
      int32_t j = k.i;
      U16_PREV(s16, 0, j, lc);
      while (is_extend(lc) && j > start) U16_PREV(s16, 0, j, lc);
      last = lc;
    }

    if (count == cap) u = xgrow(u, &cap, count + 1, sizeof *u);
    txt_unit *t = &u[count];
    t->offset = off8[start];
    t->len = off8[k.i] - off8[start];
    t->kind = kind_of(cc);
    t->wide = cc == C_ALNUM ? false : txt_is_wide_zh((uint32_t)c);
    t->squeeze_em = 0;
    if (t->wide && (cc == C_STOP || cc == C_OPEN || cc == C_CLOSE || cc == C_MIDDLE))
      t->squeeze_em = 0.5;

    /* ICU's opinion first: is there a break opportunity at 'start'? */
    bool brk;
    if (bi) {
      while (next_brk != UBRK_DONE && next_brk < start) next_brk = ubrk_next(bi);
      brk = next_brk == start;
    } else {
      brk = true;
    }
    /* ICU 72 implements Unicode 15.0 UAX #14 LB19, which glues quotation marks to both
     * neighbours; Unicode 15.1 (LB19a) allows breaks around them between East Asian
     * characters, as clreq does: before “ and after ”. */
    if (!brk && bi && count > 0 && u[count - 1].wide && t->wide) {
      int8_t ty = u_charType(c);
      if (ty == U_INITIAL_PUNCTUATION || (last_cp_of_prev >= 0 &&
                                          u_charType(last_cp_of_prev) == U_FINAL_PUNCTUATION))
        brk = true;
    }
    /* Then the prohibitions, which ICU cannot veto. */
    if (count == 0) {
      brk = false;
    } else if (u[count - 1].kind == TXT_UNIT_NEWLINE) {
      brk = true; /* a forced break beats every prohibition */
    } else {
      txt_unit_kind kd = t->kind;
      if (kd == TXT_UNIT_CLOSE || kd == TXT_UNIT_STOP || kd == TXT_UNIT_MIDDLE ||
          kd == TXT_UNIT_NEWLINE || never_starts_line(c))
        brk = false;
      /* Only spaces lie between the last non-space unit and this one; a line ending in
       * "（ " would end with the bracket once the space vanishes. */
      if (last_nonspace != SIZE_MAX && u[last_nonspace].kind == TXT_UNIT_OPEN) brk = false;
      if (cc == C_SUFFIX) brk = false;
      if (prev_joined) brk = false; /* even for ICU's LB19a exception or without ICU */
      if (number_units < 2 && cc == C_HAN && is_number_unit(c)) brk = false;
      if (cc == C_ALNUM && is_digit(c) && u[count - 1].kind == TXT_UNIT_HAN &&
          last_cp_of_prev == 0x7B2C) /* 第3条 */
        brk = false;
    }
    t->break_before = brk;

    if (t->kind == TXT_UNIT_WORD && (is_digit(last) || classify(last) == C_SUFFIX))
      number_units = 0;
    else if (number_units < 2 && t->kind == TXT_UNIT_HAN && is_number_unit(c))
      number_units++;
    else
      number_units = 2;
    if (t->kind != TXT_UNIT_SPACE) last_nonspace = count;
    last_cp_of_prev = last;
    prev_joined = is_joiner(c);
    count++;
  }

  if (bi) {
    UErrorCode err = U_ZERO_ERROR;
    ubrk_setText(bi, NULL, 0, &err); /* drop the pointer into s16 before freeing it */
  }
  free(s16);
  free(off8);
  *out = u;
  return count;
}

bool *txt_word_bounds(const char *utf8, size_t len) {
  bool *bounds = xcalloc(len + 1, sizeof *bounds);
  if (len > (size_t)INT32_MAX - 1) len = (size_t)INT32_MAX - 1;
  UChar *s16;
  size_t *off8;
  int32_t n16 = to_utf16(utf8, len, &s16, &off8);
  UErrorCode err = U_ZERO_ERROR;
  /* opened per call: titles are few, and the word iterator's dictionary is loaded once by ICU */
  UBreakIterator *bi = ubrk_open(UBRK_WORD, "zh", s16, n16, &err);
  if (U_FAILURE(err)) {
    for (size_t i = 0; i <= len; i++) bounds[i] = true;
  } else {
    for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi)) bounds[off8[b]] = true;
    ubrk_close(bi);
  }
  bounds[0] = bounds[len] = true;
  free(s16);
  free(off8);
  return bounds;
}
