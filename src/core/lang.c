/* Locale lookup is done once; messages are chosen per call with L(). */
#include "core/lang.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* The one process-wide setting of yinfa's own (besides which SHA-256 code the CPU runs): the
 * language of messages, taken from the environment as the C library takes its locale (setlocale
 * is process-wide too). Passing it to each L() would thread a parameter through every message
 * for a value that never changes within a run. Atomic because worker threads read it; only
 * tests change it (lang_force). -1: not read yet. */
static _Atomic int chosen = -1;

static bool env_says_chinese(void) {
  static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
    const char *v = getenv(vars[i]);
    if (v && *v) return strncmp(v, "zh", 2) == 0;
  }
  return false;
}

bool lang_is_chinese(void) {
  int c = atomic_load(&chosen);
  if (c < 0) { /* every thread computes the same value from the same environment */
    c = env_says_chinese() ? 1 : 0;
    atomic_store(&chosen, c);
  }
  return c == 1;
}

void lang_force(bool chinese) { atomic_store(&chosen, chinese ? 1 : 0); }

const char *lang_strerror(int err) {
  static const struct {
    int err;
    const char *zh;
  } table[] = {
      {ENOENT, "文件或目录不存在"},     {EACCES, "权限不足"},         {EPERM, "不允许的操作"},
      {ENOSPC, "磁盘空间不足"},         {EDQUOT, "超出磁盘配额"},     {EROFS, "文件系统为只读"},
      {EEXIST, "文件已存在"},           {ENOTDIR, "不是目录"},         {EISDIR, "是一个目录"},
      {EFBIG, "文件过大"},              {EMFILE, "打开的文件过多"},   {ENFILE, "系统打开的文件过多"},
      {ENAMETOOLONG, "文件名过长"},     {ELOOP, "符号链接层数过多"},   {EIO, "输入/输出错误"},
      {ENOMEM, "内存不足"},             {EXDEV, "不能跨文件系统移动"}, {EBUSY, "设备或资源忙"},
      {ENOTEMPTY, "目录非空"},          {EINVAL, "无效参数"},         {EAGAIN, "资源暂时不可用"},
      {EINTR, "操作被中断"},            {EPIPE, "管道已断开"},         {ETXTBSY, "文本文件忙"},
  };
  if (lang_is_chinese())
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
      if (table[i].err == err) return table[i].zh;
  return strerror(err);
}
