/* input: reads one review-round file (shared/spec/review-outcomes.md) into typed records owned
 * by one arena: safe parsing (no DTD, no entities, UTF-8 only), the embedded XSD, NFC text and
 * the semantic checks the schema cannot express. The rest of yinfa sees only these records. */
#ifndef YINFA_INPUT_INPUT_H
#define YINFA_INPUT_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"

struct _xmlDoc;
struct _xmlNode;

/* Optional text fields are NULL when absent or blank; present text is NFC, with leading and
 * trailing white space trimmed (inner blank lines separate paragraphs). */

typedef struct {
  int year, month, day; /* year 0: absent */
  const char *iso;      /* "2022-03-10", or NULL when absent */
} inp_date;

typedef struct {
  bool present;
  double value;
  const char *text; /* the decimal as written ("12345.6"), for printing without rounding */
} inp_amount;

typedef struct {
  const char *name, *title, *phone, *mobile, *email;
} inp_contact;

typedef struct {
  const char *name, *title; /* title: 职务和职称 */
} inp_leader;

typedef struct {
  int year;
  inp_amount total_assets, total_liabilities, revenue, profit, tax; /* 万元 */
  int line;
} inp_finance;

typedef struct {
  const char *text;
  const char *level; /* 国家级, 省级 ...; NULL when absent */
  int year;          /* 0 when absent */
} inp_honor;

typedef struct {
  const char *name, *credit_code;
  const char *industry, *address, *nature, *main_business;
  bool has_main_business_share;
  double main_business_share; /* percent, 0..100 */
  const char *main_business_share_text;
  inp_contact contact; /* all NULL when <contact> is absent */
  inp_leader leader;
  inp_finance *finance; /* sorted by year, oldest first; at most one per year */
  size_t finance_count;
  inp_honor *honors; /* in input order */
  size_t honor_count;
} inp_enterprise;

typedef enum {
  INP_DIRECTION_INDUSTRIAL_INTERNET, /* 工业互联网平台 */
  INP_DIRECTION_5G,                  /* 5G产业链融合创新 */
  INP_DIRECTION_SERVICE_MANUFACTURING, /* 服务型制造 */
  INP_DIRECTION_NEW_IT,              /* 新一代信息技术融合 */
  INP_DIRECTION_COUNT
} inp_direction;

/* The contract's wording of a direction ("工业互联网平台"). Static string. */
const char *inp_direction_name(inp_direction d);

typedef struct {
  inp_direction direction;
  const char *direction_name; /* as in the file, e.g. "服务型制造" */
  const char *name;
  const char *summary, *goals, *effects;
} inp_project;

typedef struct {
  const char *name, *role;
} inp_expert;

typedef struct {
  bool present; /* false: no <on-site>; the form shows empty boxes */
  inp_date date;
  const char *innovation, *technical, *funding, *opinion;
  inp_expert *experts;
  size_t expert_count;
} inp_on_site;

typedef enum { INP_DECISION_PENDING, INP_DECISION_ADMITTED, INP_DECISION_REJECTED } inp_decision;

typedef struct {
  const char *county_opinion;
  inp_date county_opinion_date;
  inp_on_site on_site;
  const char *expert_opinion;
  inp_date expert_opinion_date;
  inp_decision decision; /* PENDING when absent */
} inp_review;

typedef struct {
  const char *id;     /* safe as a folder name: see inp_id_safe() */
  const char *county; /* contains no path separator or control character */
  src_loc loc;        /* file, line of <applicant>, and the id: ready for diag_error() */
  size_t index;       /* position in the file, from 0 */
  inp_enterprise enterprise;
  inp_project project;
  inp_review review;
} inp_applicant;

typedef struct inp_round {
  const char *path; /* as given to the loader */
  const char *program;
  int year, round; /* round defaults to 1 */
  src_loc loc;     /* the <review-round> element */
  inp_applicant *applicants;
  size_t applicant_count;
  /* SHA-256 (hex) of the bytes the loader read, once: the round's identity for fingerprints,
   * also when 'path' is a pipe (/dev/stdin) that cannot be read a second time. */
  char sha256[65];
  /* private: use inp_round_xml() / inp_applicant_xml() */
  struct arena *arena_;
  struct _xmlDoc *doc_;
  struct _xmlNode **applicant_nodes_;
} inp_round;

/* Loads, validates and checks the review round at 'path'. On any problem reports ALL of them to
 * 'diag' ("FILE:LINE: applicant ID: ...") and returns NULL. Never reads another file (no DTD,
 * no external entity). The caller frees the result with inp_round_free(). */
inp_round *inp_round_load(const char *path, diag_sink *diag);

/* The same from 'len' bytes in memory; 'name' labels messages (e.g. the original path). */
inp_round *inp_round_load_memory(const char *data, size_t len, const char *name, diag_sink *diag);

/* Frees the round, its records and its document. NULL does nothing. */
void inp_round_free(inp_round *r);

/* The parsed document with every text node and attribute value in NFC, for XPath in templates.
 * Owned by the round; valid until inp_round_free(). */
struct _xmlDoc *inp_round_xml(const inp_round *r);
/* The <applicant> element of applicants[i] (owned by the round), or NULL if i is out of range. */
struct _xmlNode *inp_applicant_xml(const inp_round *r, size_t i);

/* ---- Rules, exposed for the CLI and tests ---- */

/* A unified social credit code (GB 32100-2015): 18 characters from 0-9 and A-Y without I O S V Z,
 * whose last character is the check character over the first 17. */
bool inp_credit_code_valid(const char *code);
/* The check character GB 32100-2015 assigns to the first 17 characters of 'code', or 0 if one
 * of them is outside the alphabet. */
char inp_credit_code_check_char(const char *code17);

/* An applicant id: 1..64 characters from A-Z a-z 0-9 - _ (never ".", "..", "/" or "\"), so it can
 * name a folder under the output directory. */
bool inp_id_safe(const char *id);

/* Parses an ISO date "YYYY-MM-DD" that exists in the Gregorian calendar (1900..2199). Leading
 * and trailing white space is allowed. Fills *out (iso stays NULL) and returns true. */
bool inp_date_parse(const char *s, inp_date *out);

/* Largest accepted input file and text field. */
#define INP_MAX_FILE_BYTES ((size_t)1024 * 1024 * 1024) /* 1 GiB: ~200,000 applicants with full texts; docs/performance.md */
#define INP_MAX_FIELD_CHARS 100000

/* ---- Walking the round (walk.c), for the stages after input ---- */

/* Called for each text node and attribute value with the line of its element and the applicant
 * it belongs to (NULL outside applicants); returns false to mark a problem (walking goes on). */
typedef bool (*inp_text_fn)(void *ctx, const char *utf8, src_loc at, diag_sink *diag);
/* Calls 'fn' for every printable text of the round, in document order. True when every call
 * returned true. */
bool inp_round_foreach_text(const inp_round *r, inp_text_fn fn, void *ctx, diag_sink *diag);
/* The <review-round> element (owned by the round). */
struct _xmlNode *inp_round_root_xml(const inp_round *r);
/* A canonical serialization of applicants[i] (its element, plus the round's program, year and
 * number) for fingerprints. Returns malloc'd; the caller frees. */
char *inp_applicant_canonical(const inp_round *r, size_t i);

#endif
