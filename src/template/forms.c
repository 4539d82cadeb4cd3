/* program.xml's form declarations on a <document> (docs/programs.md): form="yes" (filled per
 * applicant, printed per group, written blank by run --blank) and, for a form whose content
 * depends on a field of the applicant (fujian-fusion's criteria follow the category), the field
 * and its values the blank form is made once for each of (blank-per=, blank-values=). Apart from
 * program.c, which is full, and so that no C file knows a program's fields: they are data here. */
#include <stdbool.h>
#include <string.h>

#include "core/lang.h"
#include "template/parse_private.h"

/* Whether 'path' is a child path the blank applicant can be given: element names separated by
 * '/', the last step an element or an attribute (@name); no predicates, axes or functions. */
static bool simple_path(const char *path) {
  const char *s = path;
  for (;;) {
    bool attribute = *s == '@';
    if (attribute) s++;
    size_t n = 0;
    while (s[n] && s[n] != '/' && s[n] != '@' && !strchr(" []()=:*.$|'\"", s[n])) n++;
    if (n == 0) return false;
    s += n;
    if (!*s) return true;
    if (attribute || *s != '/') return false;
    s++;
  }
}

/* A value that can stand in a file name on every system the office uses (Windows included):
 * not empty, no control character nor one of <>:"/\|?*, not ending in a dot or a space. */
static bool file_name_safe(const char *v, size_t n) {
  if (n == 0 || v[n - 1] == '.' || v[n - 1] == ' ') return false;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)v[i] < 0x20 || strchr("<>:\"/\\|?*", v[i])) return false;
  return true;
}

/* blank-values="A|B|C" into spec->blank_values; false after reporting. */
static bool parse_values(parser *ps, xmlNodePtr c, const char *values, tpl_document_spec *spec) {
  size_t count = 1;
  for (const char *s = values; *s; s++) count += *s == '|';
  const char **list = arena_alloc(ps->p->mem, (count + 1) * sizeof *list);
  size_t k = 0;
  for (const char *s = values;; s++) {
    size_t n = strcspn(s, "|");
    bool dup = false;
    for (size_t j = 0; j < k && !dup; j++) dup = strlen(list[j]) == n && strncmp(list[j], s, n) == 0;
    if (!file_name_safe(s, n) || dup) {
      ERR_ATTR(c, "blank-values", values, "blank-values=\"%s\": %s", values,
               L("the values the blank form is made for, separated by |: each once, none empty, none with "
                 "<>:\"/\\|?* (they name its files)",
                 "空白表按其逐一制作的取值，以 | 分隔：各出现一次，不能为空，不能含 <>:\"/\\|?*（用作文件名）"));
      return false;
    }
    list[k++] = arena_strndup(ps->p->mem, s, n);
    s += n;
    if (!*s) break;
  }
  spec->blank_values = list;
  spec->blank_value_count = k;
  return true;
}

void ps_parse_form(parser *ps, xmlNodePtr c, tpl_document_spec *spec, bool can_be_form) {
  const char *form = ps_attr(c, "form");
  if (form && strcmp(form, "yes") != 0 && strcmp(form, "no") != 0)
    ERR_ATTR(c, "form", form, "form=\"%s\": %s", form, L("expected yes or no", "应为 yes 或 no"));
  else if (form && strcmp(form, "yes") == 0 && !can_be_form)
    ERR_ATTR(c, "form", form, "form=\"%s\": %s", form,
             L("a form is an applicant-scope document laid out from a template",
               "表单应为由模板排版的 applicant 范围文档"));
  else spec->form = form && strcmp(form, "yes") == 0;

  const char *per = ps_attr(c, "blank-per"), *values = ps_attr(c, "blank-values");
  if (!per && !values) return;
  if (!spec->form || !per || !values) {
    ERR_NODE(c, "%s",
             L("blank-per= and blank-values= go together, on a form (form=\"yes\"): the blank form is made "
               "once for each value of that field of the applicant",
               "blank-per= 与 blank-values= 须同时给出，且用于表单（form=\"yes\"）：空白表按申报单位该字段的每个取值各制作一份"));
    return;
  }
  if (!simple_path(per)) {
    ERR_ATTR(c, "blank-per", per, "blank-per=\"%s\": %s", per,
             L("a path of element names from the applicant, its last step may be an attribute "
               "(project/@category)",
               "应为从申报单位起的元素名路径，最后一步可为属性（如 project/@category）"));
    return;
  }
  if (!ps_compile_attr(ps, c, "blank-per")) return; /* its names checked against the schema */
  if (parse_values(ps, c, values, spec)) spec->blank_per = arena_strdup(ps->p->mem, per);
}
