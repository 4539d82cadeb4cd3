#include "core/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/lang.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"

bool outfile_mkdirs(const char *dir, diag_sink *diag) {
  char *path = xstrdup(dir);
  bool ok = true;
  for (char *p = path + 1;; p++) {
    if (*p != '/' && *p != '\0') continue;
    char saved = *p;
    *p = '\0';
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
      diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot create folder: %s", "无法创建文件夹：%s"),
                 lang_strerror(errno));
      ok = false;
      break;
    }
    *p = saved;
    if (saved == '\0') break;
  }
  free(path);
  return ok;
}

char *outfile_temp_path(const char *final_path) {
  static atomic_uint counter;
  const char *slash = strrchr(final_path, '/');
  size_t dir_len = slash ? (size_t)(slash - final_path + 1) : 0;
  strbuf b;
  strbuf_init(&b);
  strbuf_append_n(&b, final_path, dir_len);
  strbuf_printf(&b, ".%s.tmp-%ld-%u", final_path + dir_len, (long)getpid(),
                atomic_fetch_add(&counter, 1));
  return strbuf_detach(&b);
}

bool outfile_replaceable(const char *final_path) {
  struct stat sb;
  if (lstat(final_path, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISLNK(sb.st_mode)) {
    errno = EEXIST;
    return false;
  }
  return true;
}

bool outfile_commit(const char *temp_path, const char *final_path, diag_sink *diag) {
  /* rename replaces whatever has the name: a FIFO, a device node (as root, /dev/null's), a
   * socket or a folder there is never turned into a regular file, --force or not (checked
   * here too, so every writer is covered and a node made after a caller's check as well) */
  if (!outfile_replaceable(final_path)) {
    unlink(temp_path);
    diag_error(diag, ((src_loc){final_path, 0, 0, NULL}),
               L("exists and is not a regular file (a pipe, a device, a socket or a folder): it is never "
                 "replaced; remove it or write elsewhere",
                 "已存在且不是普通文件（管道、设备、套接字或文件夹）：不会被替换；请删除它或写到别处"));
    errno = EEXIST;
    return false;
  }
  int fd = open(temp_path, O_RDONLY);
  if (fd < 0 || fsync(fd) != 0 || close(fd) != 0 || rename(temp_path, final_path) != 0) {
    int err = errno;
    if (fd >= 0) close(fd);
    unlink(temp_path);
    diag_error(diag, ((src_loc){final_path, 0, 0, NULL}), L("cannot write file: %s", "无法写入文件：%s"),
               lang_strerror(err));
    errno = err;
    return false;
  }
  return true;
}

bool outfile_write_all(const char *path, const void *data, size_t len, diag_sink *diag) {
  char *temp = outfile_temp_path(path);
  /* O_EXCL | O_NOFOLLOW: a file or link planted under the temporary name is never written through */
  int fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
  if (fd >= 0 && !f) close(fd);
  bool ok = f && fwrite(data, 1, len, f) == len;
  if (f && fclose(f) != 0) ok = false;
  if (!ok) {
    int err = errno;
    if (fd >= 0) unlink(temp); /* only what we created */
    diag_error(diag, ((src_loc){path, 0, 0, NULL}), L("cannot write file: %s", "无法写入文件：%s"),
               lang_strerror(err));
    errno = err;
  } else {
    ok = outfile_commit(temp, path, diag);
  }
  int err = errno;
  free(temp);
  errno = err;
  return ok;
}
