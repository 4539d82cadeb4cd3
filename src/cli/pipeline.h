/* pipeline: the whole run of one round — calendar, fonts, programs and the setup the produce
 * module (src/produce: the documents, their fingerprints, producing one) and the batch stage
 * run with; the run's exit status and summary. */
#ifndef YINFA_CLI_PIPELINE_H
#define YINFA_CLI_PIPELINE_H

#include <stdbool.h>

#include "batch/batch.h"
#include "cli/config.h"
#include "core/diag.h"
#include "input/input.h"
#include "scoring/scoring.h"
#include "template/template.h"
#include "pdf/pdf.h"

/* yinfa's exit statuses (docs/cli.md "Exit status"); a run stopped by signal N exits 128+N. */
enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

typedef struct {
  const char *output; /* the output folder */
  int jobs;           /* worker processes, >= 1 */
  bool force;
  bool prune; /* remove documents of earlier runs this round no longer makes */
  int shard_k, shard_n;
  bat_progress_mode progress;
  bool verbose_plan; /* list the documents before producing them */
  const char *only;  /* comma-separated document kinds to produce, NULL: all (--only) */
  const char *groups; /* comma-separated groups (counties ...) whose documents to produce, NULL: all
                         (--group); an unknown one is a usage error (exit 2) */
  bool blank;         /* --blank: only the blank forms (blank/<kind>.pdf) */
} cli_pipeline_options;

/* Where templates/, fonts/ and data/ (the holiday calendar) are: $YINFA_HOME, else the folder above the executable's folder
 * when it holds templates/ (a build tree), else /usr/share/yinfa. Returns malloc'd; caller frees. */
char *cli_data_dir(void);

/* The official holiday calendar, data/cn-holidays.tsv in cli_data_dir(), with the festival
 * dates of data/cn-festivals.tsv (the statutory days of years the notices do not list yet),
 * which the rules' workday() and the templates' workdays-after use; 'allow_unknown' is the
 * office's acceptance of statutory days alone (cal_accept_statutory). NULL after reporting
 * (file:line). Free with cal_free(). */
cal_calendar *cli_load_calendar(bool allow_unknown, diag_sink *diag);

/* The last line of `yinfa run` for exit status 'rc' and the batch run's 'stats' (NULL: it did not
 * start): stopped by a signal (say which, what was kept, run again), a system error (which, make
 * room and run again), a crashed worker (a fault in yinfa), errors after some were written, or
 * nothing written; nothing on success. */
void cli_run_summary(int rc, const bat_stats *stats, diag_sink *diag);

/* `yinfa calendar YEAR [CONFIG.ini]` (calendar_cmd.c): a year's days off and 调休 working days
 * with their source; the exit status. */
int cli_calendar(int argc, char **argv);

/* `yinfa verify --fonts` (verify_fonts.c): a bat_listed_fn that checks a document's fonts entry
 * (docs/cli.md, manifest.csv): every font file it names is installed on this machine (found by
 * file name through fontconfig) with the SHA-256 it names. Each missing or different font is
 * reported once, at the first document naming it. 'ctx' is a cli_font_check. */
typedef struct cli_font_check cli_font_check;
cli_font_check *cli_font_check_new(void);
void cli_font_check_free(cli_font_check *c);
/* Documents found naming a font file that is not installed here as it was. */
size_t cli_font_check_bad(const cli_font_check *c);
bool cli_check_fonts(void *ctx, const char *path, const char *applicant, const char *fonts, diag_sink *diag);

/* Loads the fonts for 'cfg' (NULL: the defaults only) from data_dir/fonts/fontmap.ini, the INI's
 * [fonts] file and *_family keys taking precedence (pdf_fonts_load). NULL after reporting; errno
 * as pdf_fonts_load leaves it (non-zero: a system error). Free with pdf_fonts_free(). */
pdf_fonts *cli_load_fonts(const cli_config *cfg, const char *data_dir, diag_sink *diag);

/* Produces every document of 'round' with 'program' as configured ('cfg' bound to the program
 * with cli_config_bind()) through the produce module and the batch stage. Returns the exit code
 * (0; 1 bad input or template; 2 a --group the round does not have; 3 I/O, system error or a crashed worker; 128+N stopped by signal
 * N) after reporting to 'diag'; *stats (may be NULL) says what the batch run did (zero when it
 * did not start), for cli_run_summary(). */
int cli_run_pipeline(const cli_config *cfg, const tpl_program *program, const inp_round *round,
                     const scr_model *scores, const cli_pipeline_options *opt, bat_stats *stats,
                     diag_sink *diag);

/* When the program has a scoring model (program.xml <scoring>), loads it into *model (the
 * caller frees it with scr_model_free()) and scores 'round' (scoring.h). True when there is
 * nothing to score or it scored; false after reporting. */
bool cli_score(const tpl_program *program, inp_round *round, scr_model **model, diag_sink *diag);

/* The folders searched for programs, in order: 'extra' (--programs), the INI's [round]
 * programs (cfg may be NULL), then the data folder's templates/. Fills search[3] with
 * malloc'd paths or NULL; free each. */
void cli_program_search(const char *extra, const cli_config *cfg, char *search[3]);

/* Finds and loads program 'name' from the search folders, with the round's wording file
 * 'wording' ([wording] file, NULL: none; tpl_program_load_wording); NULL after reporting (an
 * unknown name lists the programs that exist). Free with tpl_program_free(). */
tpl_program *cli_program_open(const char *name, char *const search[3], src_loc at, const char *wording,
                              diag_sink *diag);

/* The names of the programs in the search folders (first folder wins), sorted; *out and each
 * name malloc'd (the caller frees). Returns the count. */
size_t cli_program_names(char *const search[3], char ***out);

/* `yinfa programs [NAME]`: every program found (name, title, documents, INI parameters), or
 * one in full. 'extra' is --programs (may be NULL). Returns the exit code. */
int cli_programs(const char *name, const char *extra, diag_sink *diag);

#endif
