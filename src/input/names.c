/* Checks of values that become folder or file names (a county, a program's group key), with
 * file:line and applicant: one place, so `validate` and `run` refuse the same values, and the
 * look-alike check that keeps 示范区Ａ１ and 示范区A1 from becoming two folders of one county. */
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "core/xmalloc.h"
#include "input/input_private.h"
#include "text/text.h"

bool inp_check_name(inp_msgs *m, src_loc at, const char *what, const char *value) {
  char why[512];
  if (!value || txt_name_check(value, why, sizeof why)) return true;
  char shown[160];
  txt_name_shown(value, shown, sizeof shown);
  inp_msg_error(m, at, L("%s \"%s\" names an output folder but %s", "%s“%s”用作输出文件夹名，但%s"), what, shown,
                why);
  return false;
}

typedef struct {
  char *key;
  const char *value; /* the first spelling, borrowed */
  int line;
} name_slot;

struct inp_name_set {
  name_slot *slots;
  size_t mask, count;
};

inp_name_set *inp_name_set_new(void) {
  inp_name_set *s = xcalloc(1, sizeof *s);
  s->mask = 63;
  s->slots = xcalloc(s->mask + 1, sizeof *s->slots);
  return s;
}

void inp_name_set_free(inp_name_set *s) {
  if (!s) return;
  for (size_t i = 0; i <= s->mask; i++) free(s->slots[i].key);
  free(s->slots);
  free(s);
}

static size_t hash(const char *k) {
  size_t h = 1469598103934665603u;
  for (; *k; k++) h = (h ^ (unsigned char)*k) * 1099511628211u;
  return h;
}

static name_slot *find(inp_name_set *s, const char *key) {
  for (size_t i = hash(key) & s->mask;; i = (i + 1) & s->mask)
    if (!s->slots[i].key || strcmp(s->slots[i].key, key) == 0) return &s->slots[i];
}

bool inp_name_set_add(inp_name_set *s, inp_msgs *m, src_loc at, const char *what, const char *value) {
  if (!value) return true;
  if (2 * (s->count + 1) > s->mask + 1) { /* grow: rehash into twice the slots */
    name_slot *old = s->slots;
    size_t old_mask = s->mask;
    s->mask = s->mask * 2 + 1;
    s->slots = xcalloc(s->mask + 1, sizeof *s->slots);
    for (size_t i = 0; i <= old_mask; i++)
      if (old[i].key) *find(s, old[i].key) = old[i];
    free(old);
  }
  char *key = txt_name_key(value);
  name_slot *slot = find(s, key);
  if (!slot->key) {
    *slot = (name_slot){key, value, at.line};
    s->count++;
    return true;
  }
  free(key);
  if (strcmp(slot->value, value) == 0) return true;
  char a[160], b[160];
  txt_name_shown(value, a, sizeof a);
  txt_name_shown(slot->value, b, sizeof b);
  inp_msg_error(m, at,
                L("%s \"%s\" looks the same as \"%s\" at line %d but is spelled differently (full-width or "
                  "half-width, case, or an invisible character): they would be two folders; write it "
                  "the same way everywhere",
                  "%s“%s”与“%s”（第 %d 行）看起来相同但写法不同（全角半角、大小写或不可见字符）：会成为两个文件夹；请统一写法"),
                what, a, b, slot->line);
  return false;
}
