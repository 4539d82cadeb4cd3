/* The form of a 发文字号 (GB/T 9704-2012 7.2.4): 机关代字, the year in 六角括号 〔〕, the
 * number without leading zeros and without 第, then 号 — 许工信〔2022〕12号. The INI's
 * type="doc-number" parameters are checked here, when the INI is bound, because the form is
 * the value's alone and the same in every program; the version a typist most likely meant
 * (〔〕 for [] or 【】, no quotes) is offered in the message. */
#include <stdbool.h>
#include <string.h>

#include "cli/config.h"
#include "core/lang.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"

/* Quotes a value copied from a document keeps around it; the 版头 would print them. */
static const char *const QUOTES[] = {"\"", "'", "“", "”", "‘", "’", "「", "」", "『", "』", NULL};

/* Bracket pairs typed for 〔〕: the first is the right one (U+3014, U+3015). ﹝﹞ (U+FE5D/E)
 * and 〘〙 look alike on screen but are other characters, which a font may not draw alike. */
static const char *const BRACKETS[][2] = {
    {"〔", "〕"}, {"[", "]"},   {"【", "】"}, {"［", "］"}, {"(", ")"}, {"（", "）"}, {"〖", "〗"},
    {"﹝", "﹞"},  {"〘", "〙"}, {"{", "}"},   {"｛", "｝"}, {"<", ">"}, {"《", "》"}, {"〈", "〉"},
};

static size_t quote_at(const char *s) {
  for (size_t i = 0; QUOTES[i]; i++)
    if (strncmp(s, QUOTES[i], strlen(QUOTES[i])) == 0) return strlen(QUOTES[i]);
  return 0;
}

static size_t quote_before(const char *s, size_t n) {
  for (size_t i = 0; QUOTES[i]; i++) {
    size_t k = strlen(QUOTES[i]);
    if (n >= k && memcmp(s + n - k, QUOTES[i], k) == 0) return k;
  }
  return 0;
}

static bool digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return n > 0;
}

static bool blank_in(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] == ' ' || s[i] == '\t' || (i + 3 <= n && memcmp(s + i, "　", 3) == 0)) return true;
  return false;
}

bool cli_doc_number_check(const char *v, char **fixed, strbuf *why) {
  *fixed = NULL;
  const char *s = v;
  size_t n = strlen(v), q;
  bool quoted = false;
  while ((q = quote_at(s)) != 0 && q <= n) s += q, n -= q, quoted = true;
  while ((q = quote_before(s, n)) != 0) n -= q, quoted = true;
  /* the year: the first 4 digits between a pair of brackets */
  size_t open = 0, year = 0;
  int pair = -1;
  for (size_t i = 0; i < n && pair < 0; i++)
    for (int b = 0; b < (int)(sizeof BRACKETS / sizeof *BRACKETS); b++) {
      size_t ko = strlen(BRACKETS[b][0]), kc = strlen(BRACKETS[b][1]);
      if (i + ko + 4 + kc <= n && memcmp(s + i, BRACKETS[b][0], ko) == 0 && digits(s + i + ko, 4) &&
          memcmp(s + i + ko + 4, BRACKETS[b][1], kc) == 0) {
        pair = b, open = i, year = i + ko;
        break;
      }
    }
  const char *rest = NULL;
  size_t rest_n = 0;
  if (pair >= 0) {
    rest = s + year + 4 + strlen(BRACKETS[pair][1]);
    rest_n = n - (size_t)(rest - s);
  }
  bool di = rest && rest_n >= 3 && strncmp(rest, "第", 3) == 0;
  if (di) rest += 3, rest_n -= 3;
  size_t num = 0;
  while (rest && num < rest_n && rest[num] >= '0' && rest[num] <= '9') num++;
  size_t zeros = 0;
  while (zeros + 1 < num && rest[zeros] == '0') zeros++;
  bool shaped = pair >= 0 && open > 0 && !blank_in(s, open) && num > 0 && rest[zeros] != '0' &&
                rest_n == num + 3 && strncmp(rest + num, "号", 3) == 0;
  if (!shaped) {
    strbuf_append(why, L("it must read 机关代字〔年份〕序号号, e.g. 许工信〔2022〕12号: the year as four "
                         "digits in 六角括号 〔〕 (U+3014, U+3015), the number in Arabic digits, then 号",
                         "应写作“机关代字〔年份〕序号号”，如 许工信〔2022〕12号：年份为四位数字，用六角括号〔〕"
                         "（U+3014、U+3015）括入，序号用阿拉伯数字，后加“号”"));
    return false;
  }
  if (!quoted && pair == 0 && !di && !zeros) return true;
  strbuf f;
  strbuf_init(&f);
  strbuf_append_n(&f, s, open);
  strbuf_printf(&f, "〔%.4s〕%.*s号", s + year, (int)(num - zeros), rest + zeros);
  *fixed = strbuf_detach(&f);
  const char *sep = "";
  if (quoted)
    strbuf_printf(why, "%s%s", sep, L("no quotes around it (the 版头 would print them)", "不加引号（版头会原样印出引号）")), sep = L("; ", "；");
  if (pair > 0)
    strbuf_printf(why, L("%sthe year goes in 六角括号 〔〕 (U+3014, U+3015), not %s%s", "%s年份用六角括号〔〕（U+3014、U+3015）括入，不用 %s%s"),
                  sep, BRACKETS[pair][0], BRACKETS[pair][1]), sep = L("; ", "；");
  if (di) strbuf_printf(why, "%s%s", sep, L("no 第 before the number", "序号前不加“第”")), sep = L("; ", "；");
  if (zeros) strbuf_printf(why, "%s%s", sep, L("no leading zero in the number (1, not 01)", "序号不编虚位（1 不编为 01）"));
  return false;
}
