/* libFuzzer target for the INI reader (core/ini.c) that reads job.ini and fonts/fontmap.ini:
 * any bytes in, entries or located errors out, never a crash, a leak or a silent refusal.
 * Seeds: the project's own INI files (tests/fuzz/seeds.sh). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/diag.h"
#include "core/ini.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  diag_sink *diag = diag_new(NULL, 50);
  ini_file *f = ini_parse((const char *)data, size, "fuzz.ini", diag);
  if (f) {
    size_t n = 0;
    for (size_t i = 0; i < ini_count(f); i++) {
      const ini_entry *e = ini_at(f, i);
      if (!e->section || e->line < 1) __builtin_trap();
      if (e->key && (!e->value || !ini_find(f, e->section, e->key))) __builtin_trap();
      n += strlen(e->section) + (e->value ? strlen(e->value) : 0);
    }
    (void)n;
  } else if (diag_error_count(diag) == 0) {
    __builtin_trap(); /* a refusal must say why */
  }
  ini_free(f);
  diag_free(diag);
  return 0;
}
