/* yinfa command line: parses arguments and maps module results to exit codes
 * (0 ok, 1 bad input or config, 2 usage, 3 I/O or system error). */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--version") == 0) {
    puts("yinfa 0.1.0");
    return 0;
  }
  fputs("usage: yinfa run CONFIG.ini | yinfa validate FILE.xml | yinfa --help\n", stderr);
  return 2;
}
