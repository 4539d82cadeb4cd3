/* lang: picks the Chinese or English wording of a user-facing message from the locale
 * (LC_ALL, LC_MESSAGES, LANG starting with "zh" gives Chinese). */
#ifndef YINFA_CORE_LANG_H
#define YINFA_CORE_LANG_H

#include <stdbool.h>

bool lang_is_chinese(void);
/* Forces the choice (tests); call before any message is formatted. */
void lang_force(bool chinese);

/* L("file not found", "找不到文件"): both are string literals; returns one of them. */
#define L(en, zh) (lang_is_chinese() ? (zh) : (en))

#endif
