/* Locale lookup is done once; messages are chosen per call with L(). */
#include "core/lang.h"

#include <stdlib.h>
#include <string.h>

static int chosen = -1;

static bool env_says_chinese(void) {
  static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
    const char *v = getenv(vars[i]);
    if (v && *v) return strncmp(v, "zh", 2) == 0;
  }
  return false;
}

bool lang_is_chinese(void) {
  if (chosen < 0) chosen = env_says_chinese() ? 1 : 0;
  return chosen == 1;
}

void lang_force(bool chinese) { chosen = chinese ? 1 : 0; }
