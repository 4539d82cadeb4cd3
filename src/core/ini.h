/* ini: a strict INI reader that knows the line of everything it reads, shared by the batch
 * configuration (cli/config.c) and the font map (fonts/fontmap.ini). Where a lenient reader
 * would silently cut or join a value, this one reports the line and the cause. */
#ifndef YINFA_CORE_INI_H
#define YINFA_CORE_INI_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"

#define INI_MAX_LINE 4096 /* bytes per line, about 1,360 Chinese characters */

/* One line that says something: a section header (key NULL, value NULL) or key = value.
 * 'section' and 'key' are lower case; 'value' has its surrounding quotes removed. */
typedef struct {
  const char *section, *key, *value;
  int line;
} ini_entry;

typedef struct ini_file ini_file;

/* Reads 'len' bytes of INI text ('path' only names it in messages). The syntax:
 *   [section]            name up to ']' ; nothing but a comment after it
 *   key = value          value trimmed; "double" or 'single' quotes around the WHOLE value keep
 *                        spaces, ';' and '#' ("\"" and "\\" inside double quotes)
 *   ; comment, # comment whole lines only
 * Refused, each an error with file:line: bytes that are not UTF-8 (a UTF-8 BOM is fine), a NUL
 * byte, a line longer than INI_MAX_LINE, a value that starts with a quote but does not end with
 * it (`title = "关于许昌"市级…`), an unquoted value with ';' or '#' in it, a line ending in '\'
 * (no line is ever joined to the next), a key before any section, a line that is none of the
 * above. Returns NULL after reporting every problem; the caller frees the result with
 * ini_free(). */
ini_file *ini_parse(const char *text, size_t len, const char *path, diag_sink *diag);
/* ini_parse() of the file at 'path'; an unreadable file is reported (path, strerror). */
ini_file *ini_load(const char *path, diag_sink *diag);
void ini_free(ini_file *f);

/* The entries in file order; valid until ini_free(). */
size_t ini_count(const ini_file *f);
const ini_entry *ini_at(const ini_file *f, size_t i);
/* The first entry for 'section' and 'key' (lower case; key NULL: the section header), or NULL. */
const ini_entry *ini_find(const ini_file *f, const char *section, const char *key);

#endif
