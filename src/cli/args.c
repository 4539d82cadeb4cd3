/* The words of a command line every subcommand reads alike: a usage error (exit 2, pointing at
 * --help), "--name VALUE" / "--name=VALUE", a bounded integer, a file that must be readable. */
#include "cli/args.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/pipeline.h"
#include "core/lang.h"

int cli_usage(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("yinfa: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\n%s\n", L("Try 'yinfa --help'.", "用法见 yinfa --help。"));
  return EXIT_USAGE;
}

/* Accepts "--name VALUE" and "--name=VALUE"; advances *i past what it used. */
bool cli_option_value(int argc, char **argv, int *i, const char *name, const char **value) {
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n) != 0) return false;
  if (argv[*i][n] == '=') {
    *value = argv[*i] + n + 1;
    return true;
  }
  if (argv[*i][n] != '\0') return false;
  *value = *i + 1 < argc ? argv[++*i] : NULL;
  /* "--output --quiet": the value was forgotten; never take the next option for a name
   * (weak-output-option-swallows-flag). "--output=--x" still names such a folder. */
  if (*value && strncmp(*value, "--", 2) == 0) *value = NULL;
  return true;
}

bool cli_parse_int(const char *s, int lo, int hi, int *out) {
  if (!s || !*s) return false;
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || *end || v < lo || v > hi) return false;
  *out = (int)v;
  return true;
}

bool cli_readable(const char *path, diag_sink *diag) {
  if (access(path, R_OK) == 0) return true;
  diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot read: %s", "无法读取：%s"), lang_strerror(errno));
  return false;
}
