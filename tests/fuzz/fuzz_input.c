/* libFuzzer target for the review-round reader: any bytes in, a round or located errors out,
 * never a crash, a leak, a hang or a read of another file. Seeds: tests/fuzz/seeds-fuzz_input/. */
#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "input/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The xuchang-nit program's schema, group and a rule, as a round for it is loaded; the fuzzer
 * runs from the repository root (make fuzz, tests/run.sh). */
static const inp_rule RULES[] = {{.name = "one-finance-per-year",
                                  .context = "applicant/enterprise/finance",
                                  .assert = "not(preceding-sibling::finance/@year = @year)",
                                  .message_en = "a second finance entry for {@year}",
                                  .message_zh = "{@year} 年的财务数据填写了两次"}};
static const inp_spec SPEC = {.program = "xuchang-nit",
                              .schema_path = "templates/xuchang-nit/schema.xsd",
                              .group_key = "@county",
                              .rules = RULES,
                              .rule_count = 1};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  diag_sink *diag = diag_new(NULL, 50);
  inp_round *r = inp_round_load_memory((const char *)data, size, "fuzz.xml", &SPEC, diag);
  /* Touch the items so that a half-built round would show up under ASan. */
  if (r) {
    size_t n = 0;
    for (size_t i = 0; i < r->applicant_count; i++) {
      const inp_applicant *a = &r->applicants[i];
      n += (size_t)a->id[0] + (size_t)a->group[0];
      if (!inp_applicant_xml(r, i)) __builtin_trap();
    }
    (void)n;
  } else if (diag_error_count(diag) == 0) {
    __builtin_trap(); /* a refusal must say why */
  }
  inp_round_free(r);
  diag_free(diag);
  return 0;
}
