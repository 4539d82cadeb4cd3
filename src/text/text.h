/* text: Unicode services for the rest of yinfa — the only folder that includes ICU.
 * UTF-8 checks, NFC, line-layout segmentation (UAX #14 via ubrk, locale zh, plus the clreq/GB
 * prohibitions of docs/spec/layout.md), East Asian Width, collation, Chinese dates/numerals.
 * Strings are UTF-8 outside this module; offsets are UTF-8 byte offsets. */
#ifndef YINFA_TEXT_TEXT_H
#define YINFA_TEXT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- UTF-8 and normalization (normalize.c) ---- */

/* True when 'len' bytes at 's' are well-formed UTF-8 (no overlongs, surrogates, > U+10FFFF).
 * Otherwise stores the offset of the first bad byte in *bad_offset (if not NULL). */
bool txt_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Decodes one code point at 's' (at most 'len' bytes) into *cp; returns the bytes used, or 0 if
 * the sequence is malformed. */
size_t txt_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Appends the UTF-8 encoding of 'cp' to 'out' (room for 4 bytes); returns the bytes written. */
size_t txt_utf8_encode(uint32_t cp, char *out);

/* NFC of valid UTF-8 'utf8' ('len' bytes). Returns a malloc'd NUL-terminated string (caller
 * frees), its length in *out_len if not NULL; NULL only if ICU fails. */
char *txt_nfc(const char *utf8, size_t len, size_t *out_len);

/* ---- Legacy encodings (convert.c) ---- */

typedef enum { TXT_ENC_UTF8, TXT_ENC_UTF16LE, TXT_ENC_UTF16BE, TXT_ENC_GB18030 } txt_encoding;

/* Guesses the encoding of a text file: a BOM decides (UTF-8, UTF-16LE/BE); else well-formed
 * UTF-8 is UTF-8 and anything else is taken for GB18030 (a superset of GBK and GB2312). */
txt_encoding txt_detect_encoding(const char *bytes, size_t len);
/* ICU's name of the encoding ("GB18030"). Static string. */
const char *txt_encoding_name(txt_encoding e);
/* Converts 'len' bytes in 'enc' to UTF-8, dropping a leading BOM. Returns a malloc'd
 * NUL-terminated string (caller frees), its length in *out_len if not NULL; NULL when a byte
 * sequence is not valid in 'enc' (its offset in *bad_offset if not NULL) or ICU fails. */
char *txt_to_utf8(const char *bytes, size_t len, txt_encoding enc, size_t *out_len,
                  size_t *bad_offset);

/* ---- Values that become folder or file names (names.c) ---- */

#define TXT_NAME_MAX_BYTES 255 /* ext4 and most Linux file systems: 255 bytes per name */

/* C0 and C1 control characters and DEL. */
bool txt_is_control(uint32_t cp);
/* Characters that draw nothing: Default_Ignorable_Code_Point and the bidi marks. */
bool txt_is_invisible(uint32_t cp);
/* Whether 'utf8' can name one folder or file on every file system offices share documents over:
 * not empty, at most TXT_NAME_MAX_BYTES bytes, no leading dot, no leading space or trailing dot
 * or space, no Windows device name, none of / \ : * ? " < > |, no control, invisible or
 * replacement character. True when it can; otherwise false and a one-sentence reason (bilingual
 * through L(), starting with a verb: "is 270 bytes long; ...") in 'why'. */
bool txt_name_check(const char *utf8, char *why, size_t why_size);
/* The look-alike key of a name: NFKC_Casefold (full-width and half-width, case, compatibility
 * forms folded, default-ignorable characters dropped). Two names with one key would be one
 * folder to a reader, or on a case-insensitive share. Returns malloc'd; the caller frees. */
char *txt_name_key(const char *utf8);
/* 'utf8' for a message: control and invisible characters (and bad bytes) as <U+XXXX>, cut with
 * "…" to fit 'size' bytes (at least 16). */
void txt_name_shown(const char *utf8, char *out, size_t size);
/* Edit distance in code points between two short texts (of their first 48 code points; a
 * malformed byte counts as one): the nearest of a list of names to a mistyped one. */
size_t txt_edit_distance(const char *x, const char *y);

/* ---- Segmentation for line layout (segment.c) ---- */

typedef enum {
  TXT_UNIT_HAN,        /* one ideograph, kana, or other wide letter */
  TXT_UNIT_WORD,       /* a Latin word or a number (with its % or unit sign): never split */
  TXT_UNIT_SPACE,      /* a run of white space (may vanish at a line edge) */
  TXT_UNIT_OPEN,       /* opening bracket or quote: （《“〔【 ... */
  TXT_UNIT_CLOSE,      /* closing bracket or quote: ）》”〕】 ... */
  TXT_UNIT_STOP,       /* 、，。．：；！？ */
  TXT_UNIT_MIDDLE,     /* interpunct · and connectors */
  TXT_UNIT_INSEP,      /* —— or …… (two ems), never split */
  TXT_UNIT_NEWLINE,    /* a forced line break (\n) */
  TXT_UNIT_OTHER
} txt_unit_kind;

typedef struct {
  size_t offset, len; /* bytes in the segmented string */
  txt_unit_kind kind;
  bool wide;              /* East Asian Width W or F (takes a full em in a CJK font) */
  bool break_before;      /* a line may end before this unit (ICU + clreq prohibitions) */
  double squeeze_em;      /* how much the unit may give up at a line end or between marks (0 or 0.5):
                           * wide STOP and CLOSE have their blank half on the right, OPEN on the
                           * left, MIDDLE (·) a quarter on each side */
} txt_unit;

/* Splits 'utf8' into units in reading order. Returns the count; *out is a malloc'd array the
 * caller frees (NULL when the count is 0). break_before of unit 0 is false; the unit after a
 * NEWLINE always has break_before true. Malformed UTF-8 does not stop it: bad bytes become
 * part of an OTHER unit. Units cover the input exactly, without gaps (inputs over 2 GiB are
 * cut at INT32_MAX - 1 bytes, ICU's limit). U+2060 WORD JOINER and U+FEFF belong to the unit
 * before them and forbid a break on either side (templates' `nobreak`). Thread-safe (each thread keeps its own ICU break
 * iterator, closed when the thread exits). Linear time: about 0.2 s for 1 MB of hanzi. */
size_t txt_segment(const char *utf8, size_t len, txt_unit **out);

/* Word boundaries of 'utf8' by ICU's dictionary segmentation (UBRK_WORD, locale zh): a malloc'd
 * array of len + 1 flags, true at each byte offset where a word starts or ends ([0] and [len]
 * included); the caller frees. Titles break only there (GB/T 9704 7.3.1: words kept whole).
 * Without ICU every offset is a boundary. */
bool *txt_word_bounds(const char *utf8, size_t len);

/* ---- What a line of a title or a name never splits (names.c) ---- */

/* inside[j] (n + 1 flags, caller frees): unit j starts strictly inside a term a title's or a
 * name's line never splits though ICU's dictionary sees two words there (信息|技术, 网络|安全), or
 * after a hanzi numeral and before another or 年 (二〇|二三|年度). */
bool *txt_kept_inside(const char *text, size_t len, const txt_unit *units, size_t n);
/* Whether units j-1 and j are two hanzi of a word such a line keeps whole that ICU splits or
 * joins differently (新一代|信息, 互|联|网, 通|知). */
bool txt_kept_pair(const char *text, const txt_unit *units, size_t j);

/* ---- A 发文机关署名 in two lines (names.c; GB/T 9704 7.3.5.1) ---- */

/* The cost (em²) of ending the first line of a name before unit j of 'units' (segmented from
 * 'text'), 'depth' brackets open there, 'word_start' whether an ICU word starts at unit j: 0
 * after an organ's name (…厅|, …处|), 20 between two other words, 40 at 和 与 及 (inside one
 * organ's name); punctuation, brackets and other scripts as a title's; INFINITY where no line
 * may end or inside a word. */
double txt_name_break_cost(const char *text, const txt_unit *units, size_t j, int depth, bool word_start);
/* Where a name ('text', 'len' bytes, segmented into 'units', 'n' of them) too long for one line
 * breaks into two balanced lines, each at most 'measure' wide: the unit the second line starts
 * with, 0 when no break gives two lines that fit (or the name has a newline). w[k]: unit k's
 * advance plus the 'tracking' after it, in the unit of 'em' (one body character) and 'measure';
 * never inside a kept term or pair (txt_kept_inside, txt_kept_pair); barred[j] (or NULL): the
 * caller forbids a break before unit j too. Each line's width is the sum
 * of its units' w less one tracking. */
size_t txt_name_break(const char *text, size_t len, const txt_unit *units, size_t n, const double *w,
                      double tracking, double em, double measure, const bool *barred);

/* East Asian Width of a code point is W or F. */
bool txt_is_wide(uint32_t cp);
/* Wide in a Chinese document: W or F, or A (ambiguous) for punctuation and symbols such as
 * “ ” ‘ ’ · — … that Chinese fonts set on a full em (UAX #11, East Asian context). Ambiguous
 * letters (é, α, я) stay narrow. txt_unit.wide uses this. */
bool txt_is_wide_zh(uint32_t cp);

/* ---- Collation (collate.c) ---- */

typedef enum { TXT_ORDER_INPUT, TXT_ORDER_PINYIN, TXT_ORDER_STROKE } txt_order;

typedef struct txt_collator txt_collator;
/* Returns NULL if ICU cannot open the collator. Free with txt_collator_free(). */
txt_collator *txt_collator_new(txt_order order);
void txt_collator_free(txt_collator *c);
/* <0, 0, >0 like strcmp; TXT_ORDER_INPUT compares equal always (use a stable sort). Digit runs
 * compare by value ("第2批" < "第10批"); strings ICU finds equal are ordered by their bytes, so
 * 0 means identical. NULL is "". Safe to call from several threads on one collator.
 * TXT_ORDER_PINYIN is ICU's, which reads 长 zhǎng, 厦 shà, 曾 céng (see
 * txt_collator_set_name_readings).
 * TXT_ORDER_STROKE counts strokes of the simplified forms (Unihan; ICU alone counts 陈 郑 苏 黄
 * 长 one stroke too many); within one count it keeps ICU's order, which is not the 横竖撇点折
 * first-stroke order of 姓氏笔画. Details in collate.c. */
int txt_collate(const txt_collator *c, const char *a, const char *b);
/* Pinyin order only (ignored otherwise), off by default: read 长 as cháng and 厦门 as xià mén
 * (长葛 长沙 长江 厦门), and a name's first character 曾 翟 覃 缪 仇 朴 单 as a surname (Zēng,
 * Zhái, Qín, Miào, Qiú, Piáo, Shàn), where ICU has zhǎng, shà, céng, dí, tán, miù, chóu, pǔ,
 * dān. Call before sharing the collator between threads. */
void txt_collator_set_name_readings(txt_collator *c, bool on);

/* ---- Dates and numbers (numerals.c) ---- */

/* The date exists in the proleptic Gregorian calendar of ISO 8601 (year 0..9999, 2月29日 only
 * in leap years). */
bool txt_date_valid(int year, int month, int day);
/* "2022年3月18日" (no zero padding). Returns malloc'd; caller frees. NULL if the date does not
 * exist (txt_date_valid). */
char *txt_date_arabic(int year, int month, int day);
/* "二〇二二年三月十八日" (year digit by digit with 〇, month and day as numbers: 十, 十一, 二十,
 * 三十一). Returns malloc'd; caller frees. NULL if the date does not exist. */
char *txt_date_hanzi(int year, int month, int day);
/* 1 → "一", 10 → "十", 18 → "十八", 105 → "一百零五", 110 → "一百一十", 10005 → "一万零五",
 * 0 → "零", -3 → "负三"; for numbering headings 一、二、. Never NULL; caller frees. */
char *txt_hanzi_number(int n);

#endif
