/* ofd_private: what ofd.c (package, resources) and page.c (page contents) share. */
#ifndef YINFA_OFD_PRIVATE_H
#define YINFA_OFD_PRIVATE_H

#include <stdint.h>

#include <libxml/xmlwriter.h>

#include "core/strbuf.h"
#include "ofd/ofd.h"

/* One font file of the run as this document uses it. */
typedef struct {
  unsigned id;    /* its Font resource ID (0: not used by the document) */
  uint64_t *bits; /* code points written with it (0x110000 bits; NULL: none) */
} ofd_font;

typedef struct {
  const pdf_fonts *fonts;
  diag_sink *diag;
  const char *path; /* the document, for messages */
  unsigned next_id; /* one ID space for the whole document (0 is invalid) */
  ofd_font *font;   /* per file of the run (pdf_fonts_file_count) */
  size_t nfonts;
  strbuf num; /* scratch for numbers */
  unsigned page_id; /* of the page being written */
  struct ofd_tag {
    unsigned char element; /* lay_element */
    unsigned page, object;
  } *tags; /* the objects that draw a GB/T 9704 element, in drawing order */
  size_t ntags, tag_cap;
} ofd_writer;

/* A new XML part in memory, with the declaration. */
xmlTextWriterPtr ofd_xml_new(xmlBufferPtr *buf);
/* <ofd:NAME>, declaring the namespace when 'root'. */
void ofd_start(xmlTextWriterPtr x, const char *name, bool root);
void ofd_end(xmlTextWriterPtr x);
void ofd_attr(xmlTextWriterPtr x, const char *name, const char *value);
void ofd_attr_u(xmlTextWriterPtr x, const char *name, unsigned v);
/* A length in mm from points, 3 decimals, trailing zeros dropped. */
const char *ofd_mm(char buf[32], double pt);
/* <ofd:NAME>text</ofd:NAME> */
void ofd_elem(xmlTextWriterPtr x, const char *name, const char *text);

/* page.c: the Content.xml of 'page' (ID 'page_id'); new IDs from w->next_id. False after
 * reporting (a character no font has). */
bool ofd_page_content(ofd_writer *w, const lay_page *page, size_t page_no, xmlTextWriterPtr x);
/* page.c: records in w->font which file draws each character of 'page' (first pass); false after
 * reporting a character no font has. */
bool ofd_collect_page(ofd_writer *w, const lay_page *page);

/* tags.c: GB/T 33476 custom tags. True when the document drew a 公文 element (a page number
 * alone does not count); the CustomTags.xml index; the CustomTag.xml with every tagged object. */
bool ofd_has_tags(const ofd_writer *w);
void ofd_tags_index(xmlTextWriterPtr x);
void ofd_tags_content(const ofd_writer *w, xmlTextWriterPtr x);

#endif
