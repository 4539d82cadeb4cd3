/* Applicants → the review-round XML of shared/spec/review-outcomes.md (elements in the schema's
 * order, empty optional fields left out), then checked exactly as `yinfa validate` checks a
 * file and written atomically. */
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/outfile.h"
#include "import/import_private.h"
#include "input/input.h"

static const char *val(const imp_app *a, field_id f) { return a->v[f].text; }

static void attr(strbuf *o, const char *name, const char *value) {
  if (!value) return;
  strbuf_printf(o, " %s=\"", name);
  strbuf_append_xml_escaped(o, value);
  strbuf_putc(o, '"');
}

static void element(strbuf *o, const char *indent, const char *name, const char *text) {
  if (!text) return;
  strbuf_printf(o, "%s<%s>", indent, name);
  strbuf_append_xml_escaped(o, text);
  strbuf_printf(o, "</%s>\n", name);
}

static void dated(strbuf *o, const char *indent, const char *name, const char *text, const char *date) {
  if (!text && !date) return;
  strbuf_printf(o, "%s<%s", indent, name);
  attr(o, "date", date);
  strbuf_putc(o, '>');
  if (text) strbuf_append_xml_escaped(o, text);
  strbuf_printf(o, "</%s>\n", name);
}

/* The cell an applicant came from, as a comment: where to look when `validate` complains. */
static void source_comment(strbuf *o, const char *where) {
  strbuf_append(o, "  <!-- ");
  for (const char *p = where; *p; p++) {
    if (p[0] == '-' && p[1] == '-') strbuf_append(o, "- ");
    else strbuf_putc(o, *p);
  }
  strbuf_append(o, " -->\n");
}

static void write_applicant(strbuf *o, const imp_app *a) {
  source_comment(o, a->where);
  strbuf_append(o, "  <applicant");
  attr(o, "id", val(a, F_ID));
  attr(o, "county", val(a, F_COUNTY));
  strbuf_append(o, ">\n    <enterprise>\n");
  element(o, "      ", "name", val(a, F_NAME));
  element(o, "      ", "credit-code", val(a, F_CREDIT_CODE));
  element(o, "      ", "industry", val(a, F_INDUSTRY));
  element(o, "      ", "address", val(a, F_ADDRESS));
  element(o, "      ", "nature", val(a, F_NATURE));
  if (val(a, F_MAIN_BUSINESS) || val(a, F_MAIN_BUSINESS_SHARE)) {
    strbuf_append(o, "      <main-business");
    attr(o, "share", val(a, F_MAIN_BUSINESS_SHARE));
    strbuf_putc(o, '>');
    if (val(a, F_MAIN_BUSINESS)) strbuf_append_xml_escaped(o, val(a, F_MAIN_BUSINESS));
    strbuf_append(o, "</main-business>\n");
  }
  if (val(a, F_CONTACT_NAME) || val(a, F_CONTACT_TITLE) || val(a, F_CONTACT_PHONE) ||
      val(a, F_CONTACT_MOBILE) || val(a, F_CONTACT_EMAIL)) {
    strbuf_append(o, "      <contact");
    attr(o, "name", val(a, F_CONTACT_NAME));
    attr(o, "title", val(a, F_CONTACT_TITLE));
    attr(o, "phone", val(a, F_CONTACT_PHONE));
    attr(o, "mobile", val(a, F_CONTACT_MOBILE));
    attr(o, "email", val(a, F_CONTACT_EMAIL));
    strbuf_append(o, "/>\n");
  }
  if (val(a, F_LEADER_NAME) || val(a, F_LEADER_TITLE)) {
    strbuf_append(o, "      <leader");
    attr(o, "name", val(a, F_LEADER_NAME));
    attr(o, "title", val(a, F_LEADER_TITLE));
    strbuf_append(o, "/>\n");
  }
  static const char *const amount_names[5] = {"total-assets", "total-liabilities", "revenue", "profit", "tax"};
  for (size_t i = 0; i < a->fin_count; i++) {
    strbuf_printf(o, "      <finance year=\"%d\"", a->fins[i].year);
    for (int k = 0; k < 5; k++) attr(o, amount_names[k], a->fins[i].amount[k].text);
    strbuf_append(o, "/>\n");
  }
  for (size_t i = 0; i < a->honor_count; i++) {
    strbuf_append(o, "      <honor");
    attr(o, "level", a->honors[i].level);
    attr(o, "year", a->honors[i].year);
    strbuf_putc(o, '>');
    strbuf_append_xml_escaped(o, a->honors[i].text);
    strbuf_append(o, "</honor>\n");
  }
  strbuf_append(o, "    </enterprise>\n    <project");
  attr(o, "direction", val(a, F_DIRECTION));
  strbuf_append(o, ">\n");
  element(o, "      ", "name", val(a, F_PROJECT_NAME));
  element(o, "      ", "summary", val(a, F_SUMMARY));
  element(o, "      ", "goals", val(a, F_GOALS));
  element(o, "      ", "effects", val(a, F_EFFECTS));
  strbuf_append(o, "    </project>\n");
  bool on_site = val(a, F_ON_SITE_DATE) || val(a, F_INNOVATION) || val(a, F_TECHNICAL) ||
                 val(a, F_FUNDING) || val(a, F_OPINION) || a->expert_count;
  if (on_site || val(a, F_COUNTY_OPINION) || val(a, F_COUNTY_OPINION_DATE) || val(a, F_EXPERT_OPINION) ||
      val(a, F_EXPERT_OPINION_DATE) || val(a, F_DECISION)) {
    strbuf_append(o, "    <review>\n");
    dated(o, "      ", "county-opinion", val(a, F_COUNTY_OPINION), val(a, F_COUNTY_OPINION_DATE));
    if (on_site) {
      strbuf_append(o, "      <on-site");
      attr(o, "date", val(a, F_ON_SITE_DATE));
      strbuf_append(o, ">\n");
      element(o, "        ", "innovation", val(a, F_INNOVATION));
      element(o, "        ", "technical", val(a, F_TECHNICAL));
      element(o, "        ", "funding", val(a, F_FUNDING));
      element(o, "        ", "opinion", val(a, F_OPINION));
      for (size_t i = 0; i < a->expert_count; i++) {
        strbuf_append(o, "        <expert");
        attr(o, "name", a->experts[i].name);
        attr(o, "role", a->experts[i].role);
        strbuf_append(o, "/>\n");
      }
      strbuf_append(o, "      </on-site>\n");
    }
    dated(o, "      ", "expert-opinion", val(a, F_EXPERT_OPINION), val(a, F_EXPERT_OPINION_DATE));
    element(o, "      ", "decision", val(a, F_DECISION));
    strbuf_append(o, "    </review>\n");
  }
  strbuf_append(o, "  </applicant>\n");
}

void imp_write_round(strbuf *out, const char *program, int year, int round, imp_app *const *apps,
                     size_t count) {
  strbuf_append(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<!-- Written by yinfa import; each applicant names the cell it came from. -->\n"
                     "<review-round");
  attr(out, "program", program);
  strbuf_printf(out, " year=\"%d\" round=\"%d\">\n", year, round);
  for (size_t i = 0; i < count; i++) write_applicant(out, apps[i]);
  strbuf_append(out, "</review-round>\n");
}

int imp_import_file(const imp_mapping *m, const char *const *sheets, size_t count,
                    const imp_options *opt, const inp_spec *spec, const char *output,
                    size_t *applicants, diag_sink *diag) {
  size_t len = 0;
  char *xml = imp_import(m, sheets, count, opt, &len, diag);
  if (!xml) return 1;
  /* The same loader and checks as `yinfa validate`, on the bytes about to be written. */
  inp_round *round = inp_round_load_memory(xml, len, output, spec, diag);
  int rc = 1;
  if (round) {
    if (applicants) *applicants = round->applicant_count;
    rc = outfile_write_all(output, xml, len, diag) ? 0 : 3;
  }
  inp_round_free(round);
  free(xml);
  return rc;
}
