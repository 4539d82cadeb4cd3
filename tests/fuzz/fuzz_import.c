/* libFuzzer target for `yinfa import`: any bytes, read as a CSV file and as an .xlsx workbook,
 * through the shipped mapping give a round or located errors, never a crash, leak or hang.
 * Seeds: tests/fuzz/seeds-fuzz_import/ (a CSV, a GB18030 CSV, a small workbook). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/diag.h"
#include "import/import.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static imp_mapping *mapping; /* loaded once, before the inputs, so never counted as a leak */

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  diag_sink *d = diag_new(stderr, 0);
  /* the program's schema gives the element order, as `yinfa import` loads it */
  static const inp_spec spec = {.program = "xuchang-nit", .schema_path = "templates/xuchang-nit/schema.xsd",
                                .group_key = "@county"};
  mapping = imp_mapping_load("templates/xuchang-nit/import.xml", &spec, d);
  diag_free(d);
  if (!mapping) __builtin_trap();
  return 0;
}

static void import_as(const char *path, const uint8_t *data, size_t size) {
  FILE *f = fopen(path, "wb");
  if (!f) return;
  fwrite(data, 1, size, f);
  fclose(f);
  diag_sink *diag = diag_new(NULL, 50);
  imp_options opt = {"xuchang-nit", 0, 0};
  size_t len = 0;
  const char *sheets[] = {path};
  char *xml = imp_import(mapping, sheets, 1, &opt, &len, diag);
  if (!xml && diag_error_count(diag) == 0) __builtin_trap(); /* a refusal must say why */
  free(xml);
  diag_free(diag);
  unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char csv[64], xlsx[64];
  snprintf(csv, sizeof csv, "/tmp/yinfa-fuzz-import-%d.csv", (int)getpid());
  snprintf(xlsx, sizeof xlsx, "/tmp/yinfa-fuzz-import-%d.xlsx", (int)getpid());
  import_as(csv, data, size);
  import_as(xlsx, data, size);
  return 0;
}
