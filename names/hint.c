/* hint.c — what to tell someone whose name a table does not accept.
 *
 * A hint must never send anyone to a function with different maths: 'mae' is not a slip of
 * 'mse', nor 'elu' of 'relu', nor 'nadam' of 'adam', though each is one edit away. So a name
 * is offered only when the typed one is it with letter case, underscores or hyphens changed
 * ('LeakyReLU' -> 'leaky_relu'), or a slip of spelling: within one edit (two from 10
 * letters), not counting case and separators, of a name of at least 5 letters, and nearer to
 * it than to every name Keras has for something nnc lacks (the table's KERAS_ONLY list).
 * Short names get no spelling hints: among them one edit is another function as often as a
 * typo. Otherwise the message lists what nnc accepts, and says when Keras has the name.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "names.h"

enum { NORM_MAX = 64 };

static int min3(int a, int b, int c) {
  int m = a < b ? a : b;
  return m < c ? m : c;
}

int names_edit_distance(const char *a, const char *b, int cap) {
  enum { MAXLEN = 64 };
  size_t la = strlen(a), lb = strlen(b);
  if (la > MAXLEN || lb > MAXLEN)
    return cap + 1;
  int row[MAXLEN + 1];
  for (size_t j = 0; j <= lb; j++)
    row[j] = (int)j;
  for (size_t i = 1; i <= la; i++) {
    int diag = row[0], best = row[0] = (int)i;
    for (size_t j = 1; j <= lb; j++) {
      int up = row[j];
      row[j] = min3(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1]));
      diag = up;
      if (row[j] < best)
        best = row[j];
    }
    if (best > cap)
      return cap + 1;
  }
  return row[lb] > cap ? cap + 1 : row[lb];
}

bool names_same_letters(const char *a, size_t la, const char *b, size_t lb) {
  if (la != lb)
    return false;
  for (size_t i = 0; i < la; i++)
    if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
      return false;
  return true;
}

/* s[0..len) in lower case without '_', '-' and ' ', cut at NORM_MAX - 1 bytes. */
static void normalize(const char *s, size_t len, char out[NORM_MAX]) {
  size_t o = 0;
  for (size_t i = 0; i < len && o + 1 < NORM_MAX; i++)
    if (s[i] != '_' && s[i] != '-' && s[i] != ' ')
      out[o++] = (char)tolower((unsigned char)s[i]);
  out[o] = '\0';
}

/* The search for the nearest accepted name. */
typedef struct {
  char want[NORM_MAX];          /* the typed name, normalized */
  int cap;                      /* the most edits a slip may have */
  int best;                     /* edits to the nearest name so far (cap + 1: none) */
  const char *word;             /* that name, not NUL-terminated */
  size_t len;
} Near;

static void consider(const char *w, size_t len, void *user) {
  Near *n = user;
  char norm[NORM_MAX];
  normalize(w, len, norm);
  int d = names_edit_distance(n->want, norm, n->cap);
  if (d < n->best) {
    n->best = d;
    n->word = w;
    n->len = len;
  }
}

static void consider_row(const NameRow *r, Near *n) {
  if (!r->key_only)
    consider(r->name, strlen(r->name), n);
  if (r->cls)
    consider(r->cls, strlen(r->cls), n);
  names_words(r->aliases, consider, n);
}

const char *names_suggest(const NameTable *t, const char *name, char *buf, size_t n) {
  Near near = {.cap = 0};
  normalize(name, strlen(name), near.want);
  size_t len = strlen(near.want);
  if (len == 0)
    return NULL;
  near.cap = len < 5 ? 0 : len < 10 ? 1 : 2;
  near.best = near.cap + 1;
  for (int i = 0; i < t->nrows; i++)
    if (t->rows[i].name)
      consider_row(&t->rows[i], &near);
  if (near.best > near.cap)
    return NULL;
  Near other = near;            /* a name of something else as near or nearer: no hint */
  other.word = NULL;
  other.cap = near.best;
  other.best = near.best + 1;
  names_words(t->keras_only, consider, &other);
  if (other.word)
    return NULL;
  snprintf(buf, n, "%.*s", (int)near.len, near.word);
  return buf;
}

/* Appends "'a', 'b', 'c'" (the canonical names), cut with "..." where buf ends. */
static void list(const NameTable *t, char *buf, size_t n) {
  size_t o = 0;
  for (int i = 0; i < t->nrows && o < n; i++) {
    if (!t->rows[i].name)
      continue;
    const char *sep = o ? ", " : "";
    size_t need = strlen(sep) + strlen(t->rows[i].name) + 2;
    if (o + need + 5 >= n) {    /* room for ", ..." and the NUL */
      snprintf(buf + o, n - o, "%s...", sep);
      return;
    }
    o += (size_t)snprintf(buf + o, n - o, "%s'%s'", sep, t->rows[i].name);
  }
}

void names_unknown(const NameTable *t, const char *name, const char *shown, char *buf, size_t n) {
  char hint[NORM_MAX + 8], known[192] = "";
  list(t, known, sizeof known);
  if (names_keras_only(t, name))
    snprintf(buf, n, "%s '%s' is not supported by nnc yet (nnc knows %s)", t->what, shown, known);
  else if (names_suggest(t, name, hint, sizeof hint))
    snprintf(buf, n, "unknown %s '%s' (did you mean '%s'?)", t->what, shown, hint);
  else
    snprintf(buf, n, "unknown %s '%s' (nnc knows %s)", t->what, shown, known);
}
