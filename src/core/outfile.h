/* outfile: never-half-written output. A file is written under a temporary name in its final
 * folder and renamed over the final name only when complete (rename is atomic on POSIX). */
#ifndef YINFA_CORE_OUTFILE_H
#define YINFA_CORE_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"

/* Creates every missing folder of 'dir' (like mkdir -p). Reports to 'diag' and returns false
 * on failure. */
bool outfile_mkdirs(const char *dir, diag_sink *diag);

/* Returns a malloc'd temporary path next to 'final_path' ("dir/.name.tmp-PID-N"), unique within
 * this process. The caller frees it. */
char *outfile_temp_path(const char *final_path);

/* False (errno EEXIST) when 'final_path' is a FIFO, device, socket or folder, which a rename
 * would replace: a writer that renames without outfile_commit() asks this first. */
bool outfile_replaceable(const char *final_path);

/* fsyncs 'temp_path' and renames it to 'final_path' (never over a FIFO, device, socket or
 * folder: refused as a failure, EEXIST); on failure removes the temporary file,
 * reports to 'diag' (path and strerror) and returns false with errno as the failing call set it
 * (a writer types its failure as a system error from it). */
bool outfile_commit(const char *temp_path, const char *final_path, diag_sink *diag);

/* Writes 'len' bytes atomically to 'path' (temp + rename); on failure false with errno as the
 * failing call set it. */
bool outfile_write_all(const char *path, const void *data, size_t len, diag_sink *diag);

#endif
