/* cli config: the batch configuration INI (docs/cli.md) read with core/ini.c, with every key's
 * line found by our own scan so that unknown, missing or bad keys are reported where they are.
 * Paths in the file are relative to the INI file's folder. */
#ifndef YINFA_CLI_CONFIG_H
#define YINFA_CLI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "input/input.h"
#include "text/text.h"

typedef struct cli_config_entry cli_config_entry;


/* All strings are owned by the config (freed by cli_config_free); NULL when absent. Paths are
 * already resolved against the INI file's folder. */
typedef struct {
  char *path; /* the INI file as given */
  char *dir;  /* its folder ("." for a bare name) */

  /* [round] */
  char *program;   /* required; must equal the round file's program attribute */
  char *input;     /* the review-round XML; may be replaced by --input */
  char *output;    /* the output folder; may be replaced by --output */
  txt_order order; /* order of applicants in lists: pinyin (default), stroke or input */

  /* [issuer] */
  char *issuer_name; /* 发文机关, e.g. 许昌市工业和信息化局 (required) */
  char *doc_number;  /* 发文字号, e.g. 许工信〔2022〕12号 (required) */
  inp_date date;     /* 成文日期 (required); date.iso points into the config */

  /* [notice] */
  char *title;              /* overrides the template's title */
  inp_date publicity_start; /* 公示 starts (required) */
  int publicity_days;       /* 公示期 in working days (required, 1..60) */
  inp_date *holidays; /* extra non-working days (public holidays), as written; .iso set */
  size_t holiday_count;
  char *holidays_text; /* the same as "2022-06-03,2022-06-04" (NULL when none), for $holidays */
  inp_date *workdays;  /* weekend days that are working days (调休 make-up days); .iso set */
  size_t workday_count;
  char *workdays_text; /* for $workdays, as holidays_text */
  char *contact, *phone; /* required */
  char *email, *address;

  /* [output] */
  bool pdfa; /* default true */
  int jobs;  /* 0: one per CPU (default) */

  /* [fonts] overrides of fonts/fontmap.ini; NULL keeps the default */
  char *font_body, *font_title, *font_heading, *font_kai, *font_song;

  /* private */
  char date_iso_[11], publicity_start_iso_[11];
  cli_config_entry *entries_;
  size_t entry_count_;
} cli_config;

/* Reads and checks 'path'. Reports every problem to 'diag' as "FILE:LINE: ..." and returns NULL
 * if there was any. The caller frees the result with cli_config_free(). */
cli_config *cli_config_load(const char *path, diag_sink *diag);
void cli_config_free(cli_config *c);

/* Where 'section'/'key' is in the file (the section's line when the key is absent), for
 * messages about a value found bad later (e.g. a font that does not load). */
src_loc cli_config_loc(const cli_config *c, const char *section, const char *key);

/* 'p' relative to the INI file's folder unless absolute. Returns malloc'd; the caller frees. */
char *cli_config_resolve(const cli_config *c, const char *p);


#endif
