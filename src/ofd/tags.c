/* tags: the GB/T 33476 (党政机关电子公文格式规范) structure of a 公文 as OFD custom tags
 * (GB/T 33190 §16, 自定义标引): Doc_0/Tags/CustomTag.xml names each element the layout drew
 * (版头: 发文机关标志, 发文字号; 主体: 标题, 附件说明, 发文机关署名, 成文日期; 版记: 抄送机关,
 * 印发机关, 印发日期; 页码) and points at the page objects that draw it with ObjectRef PageRef="page
 * ID", "non-contact" as §16 has it: the page content is not changed. Elements layout knows by
 * its blocks (lay_add_masthead ...) are tagged, and 主送机关 and 正文 where the template names them
 * (<p element="主送机关|正文">). */
#include <stdio.h>
#include <string.h>

#include "ofd/ofd_private.h"

static const struct {
  const char *group, *name;
} ELEMENTS[LAY_EL_COUNT] = {
    [LAY_EL_ISSUER_MARK] = {"版头", "发文机关标志"},   [LAY_EL_DOC_NUMBER] = {"版头", "发文字号"},
    [LAY_EL_TITLE] = {"主体", "标题"},                [LAY_EL_RECIPIENT] = {"主体", "主送机关"},
    [LAY_EL_BODY] = {"主体", "正文"},                 [LAY_EL_ATTACHMENT_NOTE] = {"主体", "附件说明"},
    [LAY_EL_ISSUER] = {"主体", "发文机关署名"},        [LAY_EL_DATE] = {"主体", "成文日期"},
    [LAY_EL_COPY_TO] = {"版记", "抄送机关"},           [LAY_EL_PRINTER] = {"版记", "印发机关"},
    [LAY_EL_PRINT_DATE] = {"版记", "印发日期"},        [LAY_EL_PAGE_NUMBER] = {NULL, "页码"},
};

bool ofd_has_tags(const ofd_writer *w) {
  for (size_t i = 0; i < w->ntags; i++)
    if (w->tags[i].element != LAY_EL_PAGE_NUMBER) return true; /* forms have page numbers too */
  return false;
}

void ofd_tags_index(xmlTextWriterPtr x) {
  ofd_start(x, "CustomTags", true);
  ofd_start(x, "CustomTag", false);
  ofd_attr(x, "TypeID", "GB/T 33476");
  ofd_elem(x, "FileLoc", "CustomTag.xml");
  ofd_end(x);
  ofd_end(x);
}

void ofd_tags_content(const ofd_writer *w, xmlTextWriterPtr x) {
  ofd_start(x, "公文", true);
  const char *open_group = NULL;
  for (int el = 1; el < LAY_EL_COUNT; el++) {
    size_t n = 0;
    for (size_t i = 0; i < w->ntags; i++) n += w->tags[i].element == el;
    if (!n) continue;
    const char *group = ELEMENTS[el].group;
    if (open_group && (!group || strcmp(group, open_group) != 0)) {
      ofd_end(x);
      open_group = NULL;
    }
    if (group && !open_group) {
      ofd_start(x, group, false);
      open_group = group;
    }
    ofd_start(x, ELEMENTS[el].name, false);
    for (size_t i = 0; i < w->ntags; i++) {
      if (w->tags[i].element != el) continue;
      char v[16];
      snprintf(v, sizeof v, "%u", w->tags[i].object);
      ofd_start(x, "ObjectRef", false);
      ofd_attr_u(x, "PageRef", w->tags[i].page);
      xmlTextWriterWriteString(x, BAD_CAST v);
      ofd_end(x);
    }
    ofd_end(x);
  }
  if (open_group) ofd_end(x);
  ofd_end(x);
}
