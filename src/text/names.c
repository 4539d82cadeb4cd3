/* Values that become folder or file names: whether one can name a folder on every file system
 * offices share documents over (ext4, NTFS over SMB, FAT32/exFAT sticks), and a look-alike key
 * (Unicode NFKC_Casefold, which also drops default-ignorable characters) so that 示范区Ａ１,
 * 示范区A1 and 示范区a1 are seen as one name, as a case-insensitive share would see them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "text/text.h"
#include "text/text_private.h"

bool txt_is_control(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

bool txt_is_invisible(uint32_t cp) {
  /* Default_Ignorable_Code_Point (DerivedCoreProperties.txt) plus the bidi marks, which draw
   * nothing yet change what a name looks like. */
  return cp == 0x00AD || cp == 0x034F || cp == 0x061C || (cp >= 0x115F && cp <= 0x1160) ||
         (cp >= 0x17B4 && cp <= 0x17B5) || (cp >= 0x180B && cp <= 0x180F) ||
         (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) ||
         cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFF8) ||
         (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A) ||
         (cp >= 0xE0000 && cp <= 0xE0FFF);
}

/* Windows device names, reserved with any extension and in any case on NTFS and FAT. */
static bool reserved_device(const char *s) {
  static const char *const names[] = {"CON", "PRN", "AUX", "NUL"};
  size_t stem = strcspn(s, ".");
  for (size_t i = 0; i < 4; i++)
    if (stem == 3 && strncasecmp(s, names[i], 3) == 0) return true;
  if (stem == 4 && (strncasecmp(s, "COM", 3) == 0 || strncasecmp(s, "LPT", 3) == 0) && s[3] >= '1' &&
      s[3] <= '9')
    return true;
  return false;
}

bool txt_name_check(const char *utf8, char *why, size_t size) {
  size_t len = strlen(utf8);
  if (len == 0 || strspn(utf8, " ") == len) {
    snprintf(why, size, "%s", L("is empty", "为空"));
    return false;
  }
  if (len > TXT_NAME_MAX_BYTES) {
    snprintf(why, size,
             L("is %zu bytes long; a folder name can have at most %d bytes (85 Chinese characters): "
               "shorten it",
               "长 %zu 字节；文件夹名最多 %d 字节（85 个汉字）：请缩短"),
             len, TXT_NAME_MAX_BYTES);
    return false;
  }
  if (utf8[0] == '.') {
    snprintf(why, size, "%s",
             L("starts with \".\", which makes a hidden (or temporary-looking) folder: remove the dot",
               "以“.”开头，会成为隐藏（或形似临时文件的）文件夹：请去掉该点"));
    return false;
  }
  if (utf8[len - 1] == '.' || utf8[len - 1] == ' ' || utf8[0] == ' ') {
    snprintf(why, size, "%s",
             L("starts with a space or ends with a dot or a space, which Windows shares drop: remove it",
               "以空格开头或以点、空格结尾，Windows 共享会将其去掉：请删除"));
    return false;
  }
  if (reserved_device(utf8)) {
    snprintf(why, size, "%s",
             L("is a device name reserved by Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9): rename it",
               "是 Windows 保留的设备名（CON、PRN、AUX、NUL、COM1-9、LPT1-9）：请改名"));
    return false;
  }
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t n = txt_utf8_decode(utf8 + i, len - i, &cp);
    if (n == 0) {
      snprintf(why, size, "%s", L("is not valid UTF-8", "不是有效的 UTF-8"));
      return false;
    }
    i += n;
    if (cp < 0x80 && strchr("/\\:*?\"<>|", (int)cp)) {
      snprintf(why, size,
               L("contains '%c', which no folder name may hold on the shares offices use "
                 "(/ \\ : * ? \" < > |): write one plain name",
                 "含有“%c”，共享文件夹名不能包含（/ \\ : * ? \" < > |）：请只写一个普通名称"),
               (int)cp);
      return false;
    }
    if (txt_is_control(cp) || txt_is_invisible(cp) || cp == 0x2028 || cp == 0x2029 || cp == 0xFFFD ||
        (cp & 0xFFFE) == 0xFFFE) {
      snprintf(why, size,
               L("contains U+%04X, a control, invisible or replacement character: retype the name",
                 "含有 U+%04X（控制字符、不可见字符或替换字符）：请重新输入该名称"),
               (unsigned)cp);
      return false;
    }
  }
  return true;
}

char *txt_name_key(const char *utf8) {
  UErrorCode st = U_ZERO_ERROR;
  const UNormalizer2 *nf = unorm2_getNFKCCasefoldInstance(&st);
  int32_t ulen = 0;
  UChar *u = U_SUCCESS(st) ? txt_u16_from_utf8(utf8, strlen(utf8), &ulen) : NULL;
  if (!u) return xstrdup(utf8);
  int32_t cap = ulen * 3 + 16;
  UChar *f = xmalloc((size_t)cap * sizeof *f);
  int32_t flen = unorm2_normalize(nf, u, ulen, f, cap, &st);
  char *out = U_SUCCESS(st) ? txt_utf8_from_u16(f, flen, NULL) : NULL;
  free(u);
  free(f);
  return out ? out : xstrdup(utf8);
}

void txt_name_shown(const char *utf8, char *out, size_t size) {
  size_t o = 0, len = strlen(utf8);
  for (size_t i = 0; i < len && o + 12 < size;) {
    uint32_t cp;
    size_t n = txt_utf8_decode(utf8 + i, len - i, &cp);
    if (n == 0) {
      o += (size_t)snprintf(out + o, size - o, "<0x%02X>", (unsigned char)utf8[i]);
      i++;
    } else if (txt_is_control(cp) || txt_is_invisible(cp) || cp == 0x2028 || cp == 0x2029) {
      o += (size_t)snprintf(out + o, size - o, "<U+%04X>", (unsigned)cp);
      i += n;
    } else {
      memcpy(out + o, utf8 + i, n);
      o += n;
      i += n;
    }
    if (i < len && o + 12 >= size) o += (size_t)snprintf(out + o, size - o, "…");
  }
  out[o < size ? o : size - 1] = '\0';
}

/* The first 'max' code points of 'utf8' (a malformed byte is one code point of its own value). */
static size_t first_code_points(const char *utf8, uint32_t *out, size_t max) {
  size_t n = 0, len = strlen(utf8);
  for (size_t i = 0; i < len && n < max; n++) {
    size_t k = txt_utf8_decode(utf8 + i, len - i, &out[n]);
    if (k == 0) out[n] = (unsigned char)utf8[i], k = 1;
    i += k;
  }
  return n;
}

size_t txt_edit_distance(const char *x, const char *y) {
  enum { MAX = 48 };
  uint32_t a[MAX], b[MAX];
  size_t n = first_code_points(x, a, MAX), m = first_code_points(y, b, MAX);
  size_t row[MAX + 1];
  for (size_t j = 0; j <= m; j++) row[j] = j;
  for (size_t i = 1; i <= n; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= m; j++) {
      size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      diag = up, row[j] = best;
    }
  }
  return row[m];
}
