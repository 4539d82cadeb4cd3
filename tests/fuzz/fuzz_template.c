/* libFuzzer target for the template stage: any bytes as a template are parsed, and when they
 * load, rendered (trace and layout) against a small fixed round — never a crash, leak or hang.
 * Seeds: tests/fuzz/seeds-fuzz_template/ (the shipped templates). */
#include <libxml/parser.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "layout/layout.h"
#include "template/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char ROUND[] =
    "<review-round program='xuchang-nit' year='2022'><applicant id='A-1' county='魏都区'>"
    "<enterprise><name>许昌测试有限公司</name><credit-code>91411002MA0NP0DX77</credit-code>"
    "</enterprise><project direction='服务型制造'><name>项目</name><summary>一段文字。</summary>"
    "</project><review><decision>admitted</decision></review></applicant></review-round>";

static double fixed_advance(void *ctx, lay_font font, double size_pt, const char *s, size_t len) {
  (void)ctx;
  (void)font;
  double w = 0;
  for (size_t i = 0; i < len; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) w += (unsigned char)s[i] < 0x80 ? 0.5 : 1.0;
  return w * size_pt;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static xmlDoc *round;
  if (!round) round = xmlReadMemory(ROUND, (int)strlen(ROUND), "round.xml", NULL, XML_PARSE_NONET);
  diag_sink *diag = diag_new(NULL, 50);
  tpl_program *p = tpl_parse((const char *)data, size, "fuzz.xml", diag);
  if (p) {
    const tpl_document_spec *spec = tpl_program_document(p, 0);
    tpl_var vars[] = {{"issuer", "许昌市工业和信息化局"}, {"order", "pinyin"}};
    tpl_context ctx = {round, xmlDocGetRootElement(round), vars, 2, NULL};
    free(tpl_render_trace(p, spec, &ctx, diag));
    lay_metrics m = {NULL, fixed_advance, NULL};
    lay_document *doc = lay_document_new(&m, spec->options, diag);
    if (tpl_render(p, spec, &ctx, doc, diag)) lay_finish(doc);
    lay_document_free(doc);
    tpl_program_free(p);
  } else if (diag_error_count(diag) == 0) {
    __builtin_trap(); /* a refusal must say why */
  }
  diag_free(diag);
  return 0;
}
