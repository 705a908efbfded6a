/* ndtest.h — what the ndarray tests share (static functions; each test file includes it).
 *
 * nt_lit builds an array from a Python literal ("[[1, 2.5], [3, nan]]") through nd_array's
 * NdWalker interface, the way the interpreter will. nt_numpy runs /usr/bin/python3 with numpy
 * over a list of Python expressions and returns what each prints (str results raw, others
 * as repr, failures as "ERR: message"); nt_text gives the same for a C result, so a table of
 * cases can be checked against numpy itself. Without numpy the comparing tests are skipped
 * with a message (scripts/setup.sh installs python3-numpy, so CI runs them).
 */
#ifndef NNC_TESTS_NDTEST_H
#define NNC_TESTS_NDTEST_H

#pragma GCC diagnostic ignored "-Wunused-function" /* each test uses some helpers */

#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ndarray.h"

/* ---- Python literals through NdWalker ---- */

static const char *nt_skip_ws(const char *p) {
  while (*p == ' ' || *p == '\n')
    p++;
  return p;
}

/* The end of the value starting at p. */
static const char *nt_value_end(const char *p) {
  p = nt_skip_ws(p);
  if (*p == '[' || *p == '(') {
    int depth = 0;
    do {
      depth += *p == '[' || *p == '(';
      depth -= *p == ']' || *p == ')';
      p++;
    } while (depth > 0 && *p);
    return p;
  }
  while (*p && *p != ',' && *p != ']' && *p != ')')
    p++;
  return p;
}

/* The start of item i of the sequence at p, or NULL past its end (counting the items). */
static const char *nt_item(const char *p, int64_t i, int64_t *count) {
  p = nt_skip_ws(p) + 1;
  int64_t k = 0;
  for (;;) {
    p = nt_skip_ws(p);
    if (*p == ']' || *p == ')' || !*p)
      break;
    if (k == i)
      return p;
    p = nt_skip_ws(nt_value_end(p));
    k++;
    if (*p == ',')
      p++;
  }
  if (count)
    *count = k;
  return NULL;
}

static void nt_describe(void *ctx, const void *value, NdItem *out) {
  (void)ctx;
  const char *p = nt_skip_ws(value);
  if (*p == '[' || *p == '(') {
    out->kind = ND_ITEM_SEQ;
    nt_item(p, -1, &out->len);
  } else if (strncmp(p, "True", 4) == 0 || strncmp(p, "False", 5) == 0) {
    out->kind = ND_ITEM_BOOL;
    out->b = *p == 'T';
  } else if (*p == '\'') {
    out->kind = ND_ITEM_OTHER;
    out->type_name = "str";
  } else {
    const char *e = nt_value_end(p);
    bool is_float = false;
    for (const char *q = p; q < e; q++)
      is_float = is_float || *q == '.' || *q == 'e' || *q == 'n' || *q == 'i';
    out->kind = is_float ? ND_ITEM_FLOAT : ND_ITEM_INT;
    if (is_float)
      out->f = strtod(p, NULL);
    else
      out->i = strtoll(p, NULL, 10);
  }
}

static const void *nt_child(void *ctx, const void *seq, int64_t i) {
  (void)ctx;
  return nt_item(seq, i, NULL);
}

static const NdWalker nt_walker = {NULL, nt_describe, nt_child};

/* np.array(lit, dtype=t) (t ND_NODTYPE: numpy's inference); fails the test on error. */
static NdArray *nt_lit(const char *lit, NdDtype t) {
  NdArray *a = nd_array(&nt_walker, lit, t);
  cr_assert_not_null(a, "nt_lit(%s): %s", lit, base_last_error());
  return a;
}

/* Arrays made for one test and dropped together at its end (nt_drop_kept), so a table of
 * cases can build its operands inline without leaking them. */
static NdArray *nt_kept[256];
static int nt_nkept;
static NdArray *nt_keep(NdArray *a) {
  cr_assert_lt(nt_nkept, 256);
  nt_kept[nt_nkept++] = a;
  return a;
}
static void nt_drop_kept(void) {
  while (nt_nkept > 0)
    nd_unref(nt_kept[--nt_nkept]);
}

/* ---- operands given both ways ---- */

typedef enum { NT_ARRAY, NT_PY, NT_NP } NtKind;
typedef struct {
  NtKind kind;                  /* np.array(lit, dtype), a Python literal, np.<dtype>(lit) */
  const char *lit;
  const char *dtype;            /* numpy's name (NT_ARRAY may leave it NULL) */
} NtOperand;

/* The operand as Python source into buf. */
static const char *nt_py(const NtOperand *o, char *buf, size_t n) {
  switch (o->kind) {
  case NT_ARRAY:
    snprintf(buf, n, "np.array(%s%s%s)", o->lit, o->dtype ? ", dtype=np." : "",
             !o->dtype ? "" : strcmp(o->dtype, "bool") ? o->dtype : "bool_");
    break;
  case NT_PY: snprintf(buf, n, o->lit[0] == '-' ? "(%s)" : "%s", o->lit); break;
  case NT_NP: snprintf(buf, n, "np.%s(%s)", strcmp(o->dtype, "bool") ? o->dtype : "bool_", o->lit); break;
  }
  return buf;
}

static NdDtype nt_dtype(const char *name) {
  NdDtype t = ND_NODTYPE;
  if (name)
    cr_assert(nd_dtype_parse(name, &t), "dtype %s", name);
  return t;
}

/* The operand as an NdArray (a Python scalar is a 0-d array of its own type). */
static NdArray *nt_make(const NtOperand *o) {
  NdArray *a = nt_lit(o->lit, o->kind == NT_PY ? ND_NODTYPE : nt_dtype(o->dtype));
  if (o->kind == NT_NP)
    a->scalar = true;
  return a;
}

/* ---- results as text ---- */

/* nd_repr(r), or "ERR: message" for NULL; drops r. A new string. */
static char *nt_text(NdArray *r) {
  if (!r) {
    char *s = malloc(strlen(base_last_error()) + 8);
    sprintf(s, "ERR: %s", base_last_error());
    return s;
  }
  char *t = nd_repr(r);
  cr_assert_not_null(t);
  char *s = strdup(t);
  base_free(t);
  nd_unref(r);
  return s;
}

/* nd_str(r) (or the error); drops r. */
static char *nt_str(NdArray *r) {
  if (!r)
    return nt_text(NULL);
  char *t = nd_str(r);
  char *s = strdup(t);
  base_free(t);
  nd_unref(r);
  return s;
}

/* For expressions marked "CLOSE:": the dtype, the shape as [2,3] and every value, to be
 * compared within a few units in the last place (see nt_compare). */
static char *nt_close_text(NdArray *r) {
  if (!r)
    return nt_text(NULL);
  size_t cap = 64 + (size_t)r->size * 26, k = 0;
  char *s = malloc(cap);
  k += (size_t)sprintf(s, "%s [", nd_dtype_name(r->dtype));
  for (int i = 0; i < r->ndim; i++)
    k += (size_t)sprintf(s + k, "%s%lld", i ? "," : "", (long long)r->shape[i]);
  k += (size_t)sprintf(s + k, "]");
  NdArray *flat = nd_flatten(r);
  for (int64_t i = 0; i < flat->size; i++) {
    int64_t idx = i;
    k += (size_t)sprintf(s + k, " %.17g", nd_scalar_to_double(nd_get(flat, &idx)));
  }
  nd_unref(flat);
  nd_unref(r);
  return s;
}

/* Whether two "CLOSE:" texts agree: dtype and shape exactly, values within 5 units in the
 * last place of the dtype (numpy may use SVML's vector math, which is not correctly
 * rounded, where nnc uses libm). */
static bool nt_close_equal(const char *a, const char *b) {
  char *x = strdup(a), *y = strdup(b), *sx, *sy;
  char *tx = strtok_r(x, " ", &sx), *ty = strtok_r(y, " ", &sy);
  bool ok = tx && ty && strcmp(tx, ty) == 0;
  double tol = ok && strcmp(tx, "float32") == 0 ? 5 * 0x1p-24 : 5 * 0x1p-53;
  for (int k = 1; ok; k++) {
    tx = strtok_r(NULL, " ", &sx);
    ty = strtok_r(NULL, " ", &sy);
    if (!tx || !ty) {
      ok = !tx && !ty;
      break;
    }
    if (k == 1) {
      ok = strcmp(tx, ty) == 0;
      continue;
    }
    double u = strtod(tx, NULL), v = strtod(ty, NULL);
    ok = (isnan(u) && isnan(v)) || u == v || fabs(u - v) <= tol * fmax(fabs(u), fabs(v));
  }
  free(x);
  free(y);
  return ok;
}

/* ---- numpy ---- */

static bool nt_have_numpy(void) {
  return system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") == 0;
}

static const char nt_script[] =
    "import sys, numpy as np\n"
    "from numpy import nan, inf\n"
    "import warnings; warnings.simplefilter('ignore')\n"
    "six = {'bool', 'uint8', 'int32', 'int64', 'float32', 'float64'}\n"
    "def widen(name):  # numpy's dtypes nnc lacks, as ndarray.h maps them\n"
    "    return {'int8': 'int32', 'int16': 'int32', 'uint16': 'int32', 'uint32': 'int64',\n"
    "            'uint64': 'int64', 'float16': 'float32'}.get(name, name)\n"
    "for e in open(sys.argv[1]).read().split('\\n\\x1f\\n')[:-1]:\n"
    "    close = e.startswith('CLOSE:')\n"
    "    try:\n"
    "        r = eval(e[6:] if close else e)\n"
    "        if hasattr(r, 'dtype') and r.dtype.name not in six:\n"
    "            r = 'SKIP'\n"
    "        elif close:\n"
    "            a = np.asarray(r)\n"
    "            r = ' '.join([a.dtype.name, str(list(a.shape)).replace(' ', '')] +\n"
    "                         [repr(float(v)) for v in a.ravel()])\n"
    "        r = r if isinstance(r, str) else repr(r)\n"
    "    except Exception as ex:\n"
    "        r = 'ERR: ' + str(ex)\n"
    "    sys.stdout.write(r + '\\n\\x1e\\n')\n";

/* What numpy prints for each expression (see the file comment); out[i] are new strings. */
static void nt_numpy(int n, const char *const *exprs, char **out) {
  if (!nt_have_numpy())
    cr_skip_test("numpy is absent: /usr/bin/python3 cannot import numpy (scripts/setup.sh "
                 "installs python3-numpy)");
  char dir[] = "/tmp/nt_numpy_XXXXXX", script[64], input[64], cmd[200];
  cr_assert_not_null(mkdtemp(dir));
  snprintf(script, sizeof script, "%s/run.py", dir);
  snprintf(input, sizeof input, "%s/in.txt", dir);
  FILE *f = fopen(script, "w");
  fputs(nt_script, f);
  fclose(f);
  f = fopen(input, "w");
  for (int i = 0; i < n; i++)
    fprintf(f, "%s\n\x1f\n", exprs[i]);
  fclose(f);
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s", script, input);
  FILE *p = popen(cmd, "r");
  cr_assert_not_null(p);
  size_t cap = 1 << 16, len = 0;
  char *all = malloc(cap);
  for (size_t k; (k = fread(all + len, 1, cap - len - 1, p)) > 0;)
    if ((len += k) + 1 >= cap)
      all = realloc(all, cap *= 2);
  all[len] = 0;
  cr_assert_eq(pclose(p), 0, "python failed:\n%s", all);
  char *at = all;
  for (int i = 0; i < n; i++) {
    char *end = strstr(at, "\n\x1e\n");
    cr_assert_not_null(end, "numpy gave %d results, expected %d", i, n);
    *end = 0;
    out[i] = strdup(at);
    at = end + 3;
  }
  free(all);
  unlink(script);
  unlink(input);
  rmdir(dir);
}

/* Checks mine[i] against numpy's text for exprs[i], for all n; frees mine. numpy's results
 * of a dtype nnc lacks (int16, uint64, float16, ...) print "SKIP" and are not compared;
 * returns how many were skipped. */
static int nt_compare(int n, const char *const *exprs, char **mine) {
  char **theirs = calloc((size_t)n, sizeof *theirs);
  int skipped = 0;
  nt_numpy(n, exprs, theirs);
  for (int i = 0; i < n; i++) {
    if (strcmp(theirs[i], "SKIP") == 0)
      skipped++;
    else if (strncmp(exprs[i], "CLOSE:", 6) == 0)
      cr_expect(nt_close_equal(mine[i], theirs[i]), "%s\n--- nnc:\n%s\n--- numpy:\n%s",
                exprs[i], mine[i], theirs[i]);
    else
      cr_expect_str_eq(mine[i], theirs[i], "%s\n--- nnc:\n%s\n--- numpy:\n%s", exprs[i],
                       mine[i], theirs[i]);
    free(mine[i]);
    free(theirs[i]);
  }
  free(theirs);
  return skipped;
}

#endif
