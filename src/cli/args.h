/* args: the command-line words every subcommand of yinfa reads alike (args.c). */
#ifndef YINFA_CLI_ARGS_H
#define YINFA_CLI_ARGS_H

#include <stdbool.h>

#include "core/diag.h"

/* Prints "yinfa: " and the message, then where to look (yinfa --help), to stderr; returns
 * EXIT_USAGE (2). */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Is argv[*i] option 'name' ("--name VALUE" or "--name=VALUE")? Then *value is its value, NULL
 * when it has none (the end of the line, or the next word is an option), and *i is past it. */
bool cli_option_value(int argc, char **argv, int *i, const char *name, const char **value);

/* 's' as a decimal integer from lo to hi, nothing else in it, into *out. */
bool cli_parse_int(const char *s, int lo, int hi, int *out);

/* Can 'path' be read? Otherwise an error at the path with the system's reason. */
bool cli_readable(const char *path, diag_sink *diag);

#endif
