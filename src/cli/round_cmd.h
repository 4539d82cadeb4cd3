/* round_cmd: `yinfa validate`, `yinfa import` and `yinfa export` (round_cmd.c), the commands
 * that check a round without producing documents. Each takes main's argc/argv (argv[1] is the
 * command) and returns the exit status (docs/cli.md). */
#ifndef YINFA_CLI_ROUND_CMD_H
#define YINFA_CLI_ROUND_CMD_H

int cli_validate(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_export(int argc, char **argv);

#endif
