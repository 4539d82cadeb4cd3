/* scoring internals: the compiled model (model.c), shared with the computation (score.c) and
 * the exports (export.c). */
#ifndef YINFA_SCORING_PRIVATE_H
#define YINFA_SCORING_PRIVATE_H

#include <libxml/xpath.h>

#include "scoring/scoring.h"

typedef struct {
  char *label;
  xmlXPathCompExprPtr value;
  bool nonzero; /* divides: 0 is an error too */
} scr_need;

typedef struct {
  char *no, *name, *unit, *category;
  double weight; /* the seed's weight: utility = normalised × weight */
  xmlXPathCompExprPtr value;
  scr_need *needs;
  size_t need_count;
  int line; /* in scoring.xml */
} scr_indicator;

typedef struct {
  char *name;
  xmlXPathCompExprPtr when; /* the applicants this table scores */
  scr_indicator *indicators;
  size_t indicator_count;
  double weight_sum;
} scr_table;

typedef struct {
  char *name, *label;
  xmlXPathCompExprPtr value;
} scr_key;

typedef struct {
  char *value;
  xmlXPathCompExprPtr when;
} scr_class;

typedef struct {
  char *name, *label, *fallback; /* fallback: the class when no <class> holds */
  xmlXPathCompExprPtr given;     /* a value the input gives wins (NULL: always derived) */
  scr_class *classes;
  size_t class_count;
} scr_classify;

typedef struct {
  char *label;
  xmlXPathCompExprPtr value;
} scr_raw;

struct scr_model {
  char *path;
  xmlXPathCompExprPtr name; /* the enterprise's name, for the exports */
  scr_key *keys;
  size_t key_count;
  scr_classify classify;
  scr_table *tables;
  size_t table_count;
  scr_raw *raws;
  size_t raw_count;
  char **population; /* names (keys or the classify) whose values, with the table, make one
                        population for min and max; none: the whole table */
  size_t population_count;
  char **rank; /* names whose values make one ranking group; the first alone: the field rank */
  size_t rank_count;
};

/* Formats 'v' as a plain decimal with 10 places, trailing zeros trimmed ("12.5", "-0.0001234567"):
 * never an exponent, so templates' decimal filters read it. out must hold 64 bytes. */
void scr_format(double v, char out[64]);
/* The declared range of indicator values, utilities and totals: |v| <= 10^15 (16 digits and 10
 * decimals fit scr_format's 64 bytes many times over); a value outside it is an error at the
 * applicant's line when scored. */
#define SCR_MAX_ABS 1e15

#endif
