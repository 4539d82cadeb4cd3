/* <include file="../common/signature.xml"/>: a file of template elements shared by several
 * programs (templates/common/), spliced in where the include stands. Resolved relative to the
 * including file and confined to the templates folder; its elements keep their own file:line. */
#include <errno.h>
#include <sys/stat.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "template/parse_private.h"

/* 'path' with "x/.." and "." segments removed, as written otherwise (messages name
 * templates/common/signature.xml, not templates/notice/../common/signature.xml). Malloc'd. */
static char *tidy_path(const char *path) {
  size_t n = strlen(path);
  const char **segs = xcalloc(n + 1, sizeof *segs);
  size_t *lens = xcalloc(n + 1, sizeof *lens);
  size_t count = 0;
  for (const char *s = path; *s;) {
    const char *e = strchr(s, '/');
    size_t l = e ? (size_t)(e - s) : strlen(s);
    if (l == 0 || (l == 1 && s[0] == '.')) {
      /* empty or "." */
    } else if (l == 2 && s[0] == '.' && s[1] == '.' && count && !(lens[count - 1] == 2 &&
                                                                   segs[count - 1][0] == '.')) {
      count--;
    } else {
      segs[count] = s;
      lens[count++] = l;
    }
    s += l + (e ? 1 : 0);
  }
  strbuf b;
  strbuf_init(&b);
  if (path[0] == '/') strbuf_putc(&b, '/');
  for (size_t i = 0; i < count; i++) {
    if (i) strbuf_putc(&b, '/');
    strbuf_append_n(&b, segs[i], lens[i]);
  }
  if (!b.len) strbuf_putc(&b, '.');
  free(segs);
  free(lens);
  return strbuf_detach(&b);
}

/* The folder of 'path' ("." when it has none). Malloc'd. */
static char *folder_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return xstrdup(".");
  return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

static char *tidy_path_join(const char *dir, const char *name) {
  char *joined = ps_join_path(dir, name), *tidy = tidy_path(joined);
  free(joined);
  return tidy;
}

void ps_include_begin(parser *ps, const char *path) {
  /* the templates folder: the one above the template's own (program) folder */
  char *dir = folder_of(path);
  /* tidied before it is resolved, as an include's path is: a program folder that is a symbolic
   * link (d/hunan-cloud -> templates/hunan-cloud) includes d/common/, not templates/common/ */
  char *up = tidy_path_join(dir, "..");
  char *root = realpath(up, NULL);
  char *self = realpath(path, NULL);
  ps->include_root = root ? arena_strdup(ps->p->mem, root) : NULL;
  ps->include_stack[0] = arena_strdup(ps->p->mem, self ? self : path);
  ps->include_depth = 1;
  free(self);
  free(root);
  free(up);
  free(dir);
}

static bool inside(const char *real, const char *root) {
  size_t n = strlen(root);
  return strncmp(real, root, n) == 0 && (real[n] == '/' || (n == 1 && root[0] == '/'));
}

/* Adds 'path' to the list at 'at' unless it is there. */
static void remember_in(parser *ps, tpl_file **at, size_t *count, const char *path) {
  for (; *at; at = &(*at)->next)
    if (strcmp((*at)->path, path) == 0) return;
  tpl_file *f = arena_alloc(ps->p->mem, sizeof *f);
  f->path = arena_strdup(ps->p->mem, path);
  f->next = NULL;
  *at = f;
  if (count) (*count)++;
}

static void remember(parser *ps, const char *path) {
  /* the document being parsed was made from it too (its fingerprint) */
  if (ps->doc) remember_in(ps, &ps->doc->files, NULL, path);
  remember_in(ps, &ps->p->includes, &ps->p->include_count, path);
}

void ps_include(parser *ps, xmlNodePtr n, tpl_node *parent, content ctx) {
  ps_check_attrs(ps, n, "file");
  const char *file = ps_attr(n, "file");
  if (!file || !*file) {
    ERR_NODE(n, "<include> %s file", L("needs", "缺少属性"));
    return;
  }
  if (file[0] == '/') {
    ERR_ATTR(n, "file", file, "file=\"%s\": %s", file,
             L("write the path relative to this template, e.g. ../common/signature.xml",
               "请写相对于本模板的路径，例如 ../common/signature.xml"));
    return;
  }
  char *dir = folder_of(ps->path), *joined = ps_join_path(dir, file);
  char *path = tidy_path(joined);
  char *real = realpath(path, NULL);
  if (!real) {
    int e = errno;
    char *pdir = folder_of(path);
    struct stat st;
    if (e == ENOENT && stat(pdir, &st) != 0)
      /* a program folder copied out of templates/ without the shared folders it includes
       * (docs/programs.md, "Adding a program"): say which folder to copy and where */
      ERR_ATTR(n, "file", file, "%s %s: %s",
               L("cannot include", "无法包含"), path,
               L("its folder does not exist; a program copied out of templates/ needs the folders "
                 "its templates include (such as templates/common) copied beside it",
                 "所在文件夹不存在；从 templates/ 复制出去的项目，还需把模板包含的文件夹（如 "
                 "templates/common）一并复制到它旁边"));
    else
      ERR_ATTR(n, "file", file, "%s %s: %s", L("cannot include", "无法包含"), path, lang_strerror(e));
    free(pdir);
    goto done;
  }
  if (!ps->include_root || !inside(real, ps->include_root)) {
    ERR_ATTR(n, "file", file, "%s %s %s %s", L("cannot include", "无法包含"), path,
             L("from outside the templates folder", "：它不在模板文件夹之内"),
             ps->include_root ? ps->include_root : "");
    goto done;
  }
  for (size_t i = 0; i < ps->include_depth; i++)
    if (strcmp(ps->include_stack[i], real) == 0) {
      strbuf chain;
      strbuf_init(&chain);
      for (size_t k = i; k < ps->include_depth; k++)
        strbuf_printf(&chain, "%s → ", ps->include_stack[k]);
      strbuf_append(&chain, real);
      ERR_ATTR(n, "file", file, "%s: %s", L("include cycle", "循环包含"), strbuf_str(&chain));
      strbuf_release(&chain);
      goto done;
    }
  if (ps->include_depth >= PS_MAX_INCLUDE_DEPTH) {
    ERR_ATTR(n, "file", file, "%s (%d)",
             L("includes nested too deep", "包含层数过多"), PS_MAX_INCLUDE_DEPTH);
    goto done;
  }
  remember(ps, path);

  /* parse the file as the current one: its elements report its own path:line */
  const char *saved_path = ps->path;
  source outer = ps->src;
  ps->path = arena_strdup(ps->p->mem, path);
  size_t len = 0;
  char *bytes = ps_read_file(ps, path, &len);
  xmlDocPtr doc = bytes ? ps_parse_xml(ps, bytes, len, ps->path) : NULL;
  if (doc) {
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root || !ps_is(root, "fragment")) {
      ERR(root ? ps_node_loc(ps, root) : ps_loc(ps, 0, 0), "%s",
          L("an included file's root element must be <fragment>",
            "被包含文件的根元素必须是 <fragment>"));
    } else {
      ps_check_attrs(ps, root, "");
      ps->include_stack[ps->include_depth++] = arena_strdup(ps->p->mem, real);
      ps_parse_children(ps, root, parent, ctx);
      ps->include_depth--;
    }
    xmlFreeDoc(doc);
    ps_source_free(&ps->src);
  }
  free(bytes);
  ps->src = outer;
  ps->path = saved_path;
done:
  free(real);
  free(path);
  free(joined);
  free(dir);
}
