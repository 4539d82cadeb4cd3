/* libFuzzer target for the review-round reader: any bytes in, a round or located errors out,
 * never a crash, a leak, a hang or a read of another file. Seeds: tests/fuzz/seeds-fuzz_input/. */
#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "input/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  diag_sink *diag = diag_new(NULL, 50);
  inp_round *r = inp_round_load_memory((const char *)data, size, "fuzz.xml", diag);
  /* Touch the records so that a half-built round would show up under ASan. */
  if (r) {
    size_t n = 0;
    for (size_t i = 0; i < r->applicant_count; i++) {
      const inp_applicant *a = &r->applicants[i];
      n += a->id[0] + a->enterprise.finance_count + a->review.on_site.expert_count;
      if (a->project.summary) n += a->project.summary[0];
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
