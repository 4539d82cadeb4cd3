/* lang: picks the Chinese or English wording of a user-facing message from the locale
 * (LC_ALL, LC_MESSAGES, LANG starting with "zh" gives Chinese). */
#ifndef YINFA_CORE_LANG_H
#define YINFA_CORE_LANG_H

#include <stdbool.h>

bool lang_is_chinese(void);
/* Forces the choice (tests); call before any message is formatted. */
void lang_force(bool chinese);

/* The system error 'err' (an errno value) in the language of the messages: strerror() speaks
 * the C library's language whatever LANG says, so a Chinese message would end in English.
 * The errors a file-writing tool meets are translated; others fall back to strerror(). */
const char *lang_strerror(int err);

/* L("file not found", "找不到文件"): both are string literals; returns one of them. */
#define L(en, zh) (lang_is_chinese() ? (zh) : (en))

#endif
