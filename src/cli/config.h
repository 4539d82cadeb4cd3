/* cli config: the batch configuration INI (docs/cli.md) read with core/ini.c, with every key's
 * line found by our own scan so that unknown, missing or bad keys are reported where they are.
 * Paths in the file are relative to the INI file's folder. */
#ifndef YINFA_CLI_CONFIG_H
#define YINFA_CLI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/strbuf.h"
#include "input/input.h"
#include "text/text.h"

typedef struct cli_config_entry cli_config_entry;
struct ini_file;
struct tpl_program;

/* One program parameter's value: 'name' borrowed from the program, 'value' owned. The input
 * stage's shape, so the values pass to the program's rules as they are. */
typedef inp_var cli_value;


/* All strings are owned by the config (freed by cli_config_free); NULL when absent. Paths are
 * already resolved against the INI file's folder. */
typedef struct {
  char *path; /* the INI file as given */
  int errors; /* problems reported while loading (the config is still returned: bind it too) */
  char *dir;  /* its folder ("." for a bare name) */

  /* [round] */
  char *program;   /* required; must equal the round file's program attribute */
  char *input;     /* the review-round XML; may be replaced by --input */
  char *output;    /* the output folder; may be replaced by --output */
  txt_order order; /* order of applicants in lists: pinyin (default), stroke or input */
  char *programs;  /* a folder of the office's own programs, searched first (or NULL) */

  /* [wording] file: the round's sentences replacing the program's wording.txt (or NULL) */
  char *wording;

  /* the program's parameters after cli_config_bind(): every declared one, in program.xml's
   * order, normalised (dates YYYY-MM-DD, date lists comma-separated), "" when not set */
  cli_value *values;
  size_t value_count;

  /* [output] */
  bool pdfa; /* default true */
  /* formats = pdf, ofd: the page formats written (default pdf alone); ofd = ofd-a (default) | ofd;
   * docx: also the editable copy of the documents whose program declares reflow="docx"; xlsx: the
   * list of those that declare list="admitted.xlsx" */
  bool want_pdf, want_ofd, ofd_plain, want_docx, want_list, want_html; /* html: reflow="html" */
  /* bundle = group: per group, one PDF of its applicants' forms (the print set); default none */
  bool bundle_group;

  /* [round] allow_unknown_calendar (or --allow-unknown-calendar): a period that runs through a
   * year data/cn-holidays.tsv does not list is counted with that year's statutory days alone
   * instead of being an error (calendar.h, cal_accept_statutory) */
  bool allow_unknown_calendar;
  int jobs;  /* 0: one per CPU (default) */

  /* [fonts] overrides of fonts/fontmap.ini; NULL keeps the default */
  char *font_body, *font_title, *font_heading, *font_kai, *font_song;
  /* [fonts] body_family ... song_family (in lay_font order): "A, B" names looked up with
   * fontconfig instead of fonts/fontmap.ini's; NULL keeps the fontmap's list */
  char *font_families[5];

  /* private */
  struct ini_file *ini_;
  cli_config_entry *entries_;
  size_t entry_count_;
} cli_config;

/* Reads and checks 'path' (the engine's sections; the program's are checked by
 * cli_config_bind()). Reports every problem to 'diag' as "FILE:LINE: ..."; returns NULL when
 * the file cannot be read as INI at all, else the config with 'errors' counting the problems
 * reported. The caller frees the result with cli_config_free(). */
cli_config *cli_config_load(const char *path, diag_sink *diag);
void cli_config_free(cli_config *c);

/* Checks the keys of every section other than [round], [output] and [fonts] against the
 * program's parameters (unknown sections and keys, missing required ones, values of the wrong
 * type, each with its line) and fills c->values. False after reporting. */
bool cli_config_bind(cli_config *c, const struct tpl_program *program, diag_sink *diag);
/* After cli_config_bind(): a warning at its INI line for each date parameter in a year the
 * official holiday calendar 'cal' does not cover (and holidays/workdays do not mention), whose
 * working days are then counted Monday to Friday. For `validate`; `run` warns where a period is
 * counted. */
struct cal_calendar;
void cli_config_warn_calendar(const cli_config *c, const struct tpl_program *program,
                              const struct cal_calendar *cal, diag_sink *diag);
/* The bound value of the program parameter 'name', or NULL when the program has none. */
const char *cli_config_value(const cli_config *c, const char *name);

/* Where 'section'/'key' is in the file (the section's line when the key is absent), for
 * messages about a value found bad later (e.g. a font that does not load). */
src_loc cli_config_loc(const cli_config *c, const char *section, const char *key);

/* Whether 'v' is a 发文字号 of GB/T 9704-2012 7.2.4's form, 许工信〔2022〕12号 (docnumber.c):
 * true when it is; else false with what is wrong appended to 'why' and, when the typist's
 * meaning is clear (other brackets, quotes around it, 第, leading zeros), *fixed set to the
 * corrected number (malloc'd; the caller frees), else NULL. */
bool cli_doc_number_check(const char *v, char **fixed, strbuf *why);

/* 'p' relative to the INI file's folder unless absolute. Returns malloc'd; the caller frees. */
char *cli_config_resolve(const cli_config *c, const char *p);


#endif
