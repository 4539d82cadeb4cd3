/* srgb: the compact sRGB IEC61966-2.1 ICC profile of the PDF/A output intent, built here from the
 * standard's numbers (issue 24). icc-profiles-free's sRGB.icc is 6,922 bytes (2.4 KB deflated in
 * every document); this one is 604 (363 deflated) and converts every 8-bit colour as lcms2's
 * built-in sRGB does (docs/performance.md). It is a version 2 profile, because PDF/A-1 (PDF 1.4)
 * and PDFBox Preflight refuse version 4 ones; version 2 has no parametric curves, so the sRGB
 * curve is a 64-point table (linear interpolation errs by at most 0.1 of an 8-bit step). */
#include <string.h>

#include "pdf/pdf_private.h"

/* s15Fixed16 numbers (value x 65536) */
enum { D50_X = 63190, D50_Y = 65536, D50_Z = 54061 };

/* The sRGB decoding curve, (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055)^2.4) x 65535 at
 * v = i / 63, rounded: a table rather than pow() so the bytes are the same on every libm. */
static const unsigned short srgb_curve[64] = {
    0,     81,    161,   244,   345,   466,   609,   776,   965,   1180,  1420,  1687,  1980,
    2301,  2651,  3030,  3439,  3879,  4349,  4851,  5386,  5953,  6554,  7189,  7858,  8562,
    9302,  10078, 10890, 11739, 12626, 13551, 14513, 15515, 16556, 17636, 18757, 19918, 21120,
    22363, 23648, 24974, 26344, 27756, 29211, 30710, 32253, 33840, 35471, 37148, 38870, 40638,
    42452, 44312, 46219, 48173, 50174, 52223, 54320, 56465, 58659, 60901, 63193, 65535,
};

typedef struct {
  unsigned char *p;
  size_t n;
} icc_out;

static void put32(icc_out *o, unsigned long v) {
  for (int s = 24; s >= 0; s -= 8) o->p[o->n++] = (unsigned char)(v >> s);
}
static void put16(icc_out *o, unsigned v) {
  o->p[o->n++] = (unsigned char)(v >> 8);
  o->p[o->n++] = (unsigned char)v;
}
static void put_bytes(icc_out *o, const void *b, size_t len) {
  memcpy(o->p + o->n, b, len);
  o->n += len;
}
static void put_zero(icc_out *o, size_t len) {
  memset(o->p + o->n, 0, len);
  o->n += len;
}
static void pad4(icc_out *o) {
  while (o->n % 4) o->p[o->n++] = 0;
}
static void put_xyz(icc_out *o, long x, long y, long z) {
  put_bytes(o, "XYZ \0\0\0\0", 8);
  put32(o, (unsigned long)x), put32(o, (unsigned long)y), put32(o, (unsigned long)z);
}

/* Tag signatures in the order of the table; the three TRCs share one curve. */
static const char tag_sig[9][5] = {"desc", "cprt", "wtpt", "rXYZ", "gXYZ", "bXYZ", "rTRC", "gTRC", "bTRC"};

/* Writes the data of tag i at o's end, recording where it went; the TRCs after the first point
 * at the first one's data. */
static void put_tag(icc_out *o, int i, unsigned long at[9][2]) {
  static const char name[] = "sRGB IEC61966-2.1", cprt[] = "No copyright, use freely";
  size_t start = o->n;
  switch (i) {
  case 0: /* textDescriptionType: ASCII, then empty Unicode and ScriptCode parts */
    put_bytes(o, "desc\0\0\0\0", 8);
    put32(o, sizeof name);
    put_bytes(o, name, sizeof name);
    put_zero(o, 4 + 4 + 2 + 1 + 67);
    break;
  case 1:
    put_bytes(o, "text\0\0\0\0", 8);
    put_bytes(o, cprt, sizeof cprt);
    break;
  case 2: put_xyz(o, 62292, 65536, 71375); break; /* D65 media white 0.9505 1 1.0891 */
  /* the primaries adapted to D50 (Bradford), as in the IEC's own profile; they sum to D50 */
  case 3: put_xyz(o, 28580, 14582, 911); break;   /* 0.4361 0.2225 0.0139 */
  case 4: put_xyz(o, 25238, 46983, 6364); break;  /* 0.3851 0.7169 0.0971 */
  case 5: put_xyz(o, 9378, 3971, 46799); break;   /* 0.1431 0.0606 0.7141 */
  case 6:
    put_bytes(o, "curv\0\0\0\0", 8);
    put32(o, 64);
    for (int k = 0; k < 64; k++) put16(o, srgb_curve[k]);
    break;
  default: at[i][0] = at[6][0], at[i][1] = at[6][1]; return;
  }
  at[i][0] = start, at[i][1] = o->n - start;
  pad4(o);
}

size_t pdf_srgb_profile(unsigned char out[PDF_SRGB_MAX]) {
  icc_out o = {out, 0};
  unsigned long at[9][2];
  size_t tags_at = 128 + 4;
  o.n = tags_at + 9 * 12; /* data first, then the header and tag table that point at it */
  for (int i = 0; i < 9; i++) put_tag(&o, i, at);
  size_t total = o.n;
  o.n = 0;
  put32(&o, total);
  put32(&o, 0);            /* preferred CMM: none */
  put32(&o, 0x02100000UL); /* version 2.1 */
  put_bytes(&o, "mntrRGB XYZ ", 12);
  put_zero(&o, 12); /* date */
  put_bytes(&o, "acsp", 4);
  put_zero(&o, 4 + 4 + 4 + 4 + 8 + 4); /* platform, flags, manufacturer, model, attributes, intent */
  put32(&o, D50_X), put32(&o, D50_Y), put32(&o, D50_Z);
  put_zero(&o, 4 + 44); /* creator, reserved */
  put32(&o, 9);
  for (int i = 0; i < 9; i++) {
    put_bytes(&o, tag_sig[i], 4);
    put32(&o, at[i][0]), put32(&o, at[i][1]);
  }
  return total;
}
