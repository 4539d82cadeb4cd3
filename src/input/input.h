/* input: reads one review-round file (docs/spec/review-outcomes.md) into typed records owned
 * by one arena: safe parsing (no DTD, no entities, UTF-8 only), the embedded XSD, NFC text and
 * the semantic checks the schema cannot express. The rest of yinfa sees only these records. */
#ifndef YINFA_INPUT_INPUT_H
#define YINFA_INPUT_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"

struct _xmlDoc;
struct _xmlNode;
struct _xmlXPathContext;
struct cal_calendar;

/* The program-specific half of loading: everything a program folder declares about its input
 * (templates/<program>/program.xml and schema.xsd; docs/programs.md). The common envelope
 * (review-round/@program/@year/@round, applicant/@id, credit codes, real dates, the decision)
 * is checked in C for every program; this adds the program's schema, group key and rules. */

typedef struct {
  int year, month, day; /* year 0: absent */
  const char *iso;      /* "2022-03-10", or NULL when absent */
} inp_date;

typedef struct {
  const char *name, *value;
  src_loc at; /* where the job's INI sets it (line 0: not set there), for rules' param= */
} inp_var;

/* One rule of program.xml's <rules> (docs/programs.md). Exactly one of 'assert', 'unique' and
 * 'max' says what is checked over the nodes 'context' selects (an XPath from the
 * <review-round> element; "applicant" when NULL):
 *   assert  a boolean XPath that must hold at each node;
 *   unique  a string XPath whose value must differ between the nodes (blank values ignored);
 *   max     at most this many nodes (a decimal). 'max_text' is the limit as written.
 * Messages interpolate {xpath} at the node; $other_id / $other_line name the earlier node of a
 * 'unique' pair, $count and $max a 'max' rule; every program parameter is a variable too. */
typedef struct {
  const char *name;
  src_loc at; /* where program.xml declares the rule */
  bool warning; /* severity="warning": printed and counted, does not block the run */
  const char *context, *assert, *unique, *max_text;
  const char *message_en, *message_zh;
  /* clause="…": where the program's document says it ("许昌 入库通知 二（三）1"); every message
   * of the rule starts with it, and `yinfa programs NAME` lists it (NULL: none) */
  const char *clause;
  /* param="NAME": the rule is about that INI parameter, so its message is located at the
   * parameter's line in the job's INI (at the node when the INI does not set it) */
  const char *param;
} inp_rule;

typedef struct {
  const char *program;     /* review-round/@program must equal it (NULL: any) */
  const char *schema_path; /* the program's XSD (NULL: envelope checks only) */
  const char *group_key;   /* XPath from an <applicant> giving its group (NULL: no groups) */
  src_loc group_at;        /* where program.xml declares it, for a key that cannot be evaluated */
  const char *group_en, *group_zh; /* what a group is called, e.g. "county" / "县（市、区）" */
  const inp_rule *rules;
  size_t rule_count;
  const inp_var *vars; /* parameter values the rules may use as $name */
  size_t var_count;
  /* the official holidays (data/cn-holidays.tsv) for workday() and workdays-after(); NULL:
   * Monday-Friday plus the $holidays and $workdays parameters */
  const struct cal_calendar *calendar;
  /* rules needing a parameter without a value are skipped without a note: import and export
   * have no job INI by design, and the run that has one checks them */
  bool quiet_unset;
} inp_spec;

typedef struct {
  const char *id;    /* safe as a folder name: see inp_id_safe() */
  const char *group; /* the spec's group key value, safe as a folder name; "" without groups */
  src_loc loc;       /* file, line of <applicant>, and the id: ready for diag_error() */
  size_t index;      /* position in the file, from 0 */
} inp_applicant;

typedef struct inp_round {
  const char *path; /* as given to the loader */
  const char *program;
  int year, round; /* round defaults to 1 */
  src_loc loc;     /* the <review-round> element */
  inp_applicant *applicants;
  size_t applicant_count;
  size_t warning_count; /* rule warnings reported while loading */
  /* SHA-256 (hex) of the bytes the loader read, once: the round's identity for fingerprints,
   * also when 'path' is a pipe (/dev/stdin) that cannot be read a second time. */
  char sha256[65];
  /* private: use inp_round_xml() / inp_applicant_xml() */
  struct arena *arena_;
  struct _xmlDoc *doc_;
  struct _xmlNode **applicant_nodes_;
} inp_round;

/* Loads, validates and checks the review round at 'path' against the common envelope and, when
 * 'spec' is not NULL, the program's schema, group key and rules. On any error reports ALL
 * problems to 'diag' ("FILE:LINE: applicant ID: ...", sorted by line; rule warnings too) and
 * returns NULL. Never reads another file named by the round (no DTD, no external entity); the
 * spec's schema file is read. The caller frees the result with inp_round_free(). */
inp_round *inp_round_load(const char *path, const inp_spec *spec, diag_sink *diag);

/* The same from 'len' bytes in memory; 'name' labels messages (e.g. the original path). */
inp_round *inp_round_load_memory(const char *data, size_t len, const char *name,
                                 const inp_spec *spec, diag_sink *diag);

/* The program a round file is for (review-round/@program), read from its start only, so the
 * caller can load that program before the round. Returns malloc'd (caller frees), or NULL
 * without a message when the start is not a plain XML root element with that attribute (a
 * DOCTYPE, bad bytes ...): load the file with a NULL spec then, whose messages say what. */
char *inp_round_peek_program(const char *path);

/* Registers yinfa's XPath extension functions on 'xp' (an xmlXPathContext), for rules and
 * templates alike: days(date) = days since 1970-01-01 of an ISO date (NaN if it is not one);
 * abs(number); sum-max(nodes, 'key-xpath', 'value-xpath) = over the nodes, the largest value
 * of each distinct key, summed ("one project counted once, at its highest level");
 * workday(date) = true on a working day; workdays-after(date, n) and days-after(date, n) = the
 * n-th working / calendar day counting from date itself, as ISO text ('' for a bad date): the
 * templates' filters of the same names. Working days are those of the calendar given to
 * inp_xpath_use_env() (none: Monday-Friday) with the XPath variables $holidays and
 * $workdays, when defined, added, as for the filters. */
void inp_xpath_register(struct _xmlXPathContext *xp);
/* What yinfa's XPath functions on one context share: the official calendar the working-day
 * functions use (NULL: none), and a count of the values days() was given that are there but are
 * no date (2022-02-30), which the envelope reports at their line: a rule whose assertion failed
 * while reading one does not add a second, false reason ("after the notice's date"). Owned by
 * the caller (a rule checker, a template render), one per context, no global. */
typedef struct inp_xpath_env {
  const struct cal_calendar *calendar;
  unsigned long bad_dates;
} inp_xpath_env;
/* Gives 'xp' its environment; borrowed, must outlive 'xp'. Takes xp's function-lookup hook
 * (which yinfa uses for nothing else). */
void inp_xpath_use_env(struct _xmlXPathContext *xp, inp_xpath_env *env);

/* Every XPath evaluation is bounded: rules, group keys, scoring and templates are data from a
 * program folder, and one costly expression (// inside a predicate over thousands of
 * applicants) would otherwise run for hours. A second or two of work;
 * far above what any shipped program needs on 100,000 applicants (tests/e2e/trust3.sh). */
#define INP_XPATH_MAX_STEPS 100000000UL
/* And all the rules of one check together (validate, run): a rule just under the bound above,
 * evaluated for each of 48 applicants, took 72 s without a word. About ten seconds. */
#define INP_RULES_MAX_STEPS (10 * INP_XPATH_MAX_STEPS)
/* Call before each evaluation on 'xp': starts a fresh count of libxml2's operations. */
void inp_xpath_bound(struct _xmlXPathContext *xp);
/* After an evaluation that failed: was it stopped by the bound? */
bool inp_xpath_exceeded(const struct _xmlXPathContext *xp);

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
/* The check character GB 11714-1997 (组织机构代码) assigns to the first 8 characters of 'code'
 * (digits and capital letters, weights 3 7 9 10 5 8 4 2 modulo 11, 10 written X), or 0 when
 * 'code' is shorter or one of them is outside that alphabet. */
char inp_org_code_check_char(const char *code8);

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

/* No network, ever: every external file libxml2 would load on its own (a schema's xs:include or
 * xs:import, an external entity) goes through libxml2's loader that refuses http:// and ftp://
 * URLs, whatever a parser's options say. Process-wide (libxml2 keeps one loader): call once at
 * start, before any thread. Every parse yinfa makes passes XML_PARSE_NONET as well. */
void inp_no_network(void);

#endif
