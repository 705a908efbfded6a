/* pd_select_dtypes.c — DataFrame.select_dtypes(include=, exclude=), as tutorials split a
 * table's number columns from its text ones (df.select_dtypes(include='number')): the
 * columns, in order, whose dtype one of include's names (all when include is empty) and
 * none of exclude's.
 *
 * A name is a dtype's ('float64', 'i8', np.int64) or a kind's, as pandas reads them:
 * 'number' and np.number (ints and floats, not bools), 'integer' and np.integer, 'int' and
 * int (signed ints), 'float', float, 'floating' and np.floating, 'bool' and bool, 'object'
 * and object (text). 'category', 'datetime' and 'timedelta' name dtypes nnc's columns never
 * have, so they select nothing; str is refused as pandas refuses it. */
#include <string.h>

#include "pylib.h"

enum { OBJECT = ND_NDTYPES };   /* the bit of text columns, after one per NdDtype */

/* A name's columns (a bit per NdDtype and OBJECT) and numpy's class for it, which pandas
 * names when include and exclude share one. */
typedef struct {
  unsigned kinds;
  char name[32];
} Sel;

static unsigned numbers(bool ints, bool floats, bool unsigned_too) {
  unsigned k = 0;
  for (int t = 0; t < ND_NDTYPES; t++)
    if ((ints && nd_dtype_is_int((NdDtype)t) && (unsigned_too || t != ND_UINT8)) ||
        (floats && nd_dtype_is_float((NdDtype)t)))
      k |= 1u << t;
  return k;
}

/* The kinds a name of text gives (true), or false when it names none of them. */
static bool kind_name(const char *s, Sel *out) {
  static const struct {
    const char *name, *numpy;
    bool ints, floats, unsigned_too;
  } kinds[] = {
      {"number", "number", true, true, true},  {"integer", "integer", true, false, true},
      {"int", "signedinteger", true, false, false}, {"float", "floating", false, true, false},
      {"floating", "floating", false, true, false},
  };
  static const char *const none[] = {"category", "datetime", "datetime64", "datetimetz",
                                     "timedelta", "timedelta64"};
  for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
    if (strcmp(s, kinds[i].name) == 0) {
      out->kinds = numbers(kinds[i].ints, kinds[i].floats, kinds[i].unsigned_too);
      snprintf(out->name, sizeof out->name, "%s", kinds[i].numpy);
      return true;
    }
  for (size_t i = 0; i < sizeof none / sizeof *none; i++)
    if (strcmp(s, none[i]) == 0) {
      out->kinds = 0;
      snprintf(out->name, sizeof out->name, "%s", s);
      return true;
    }
  if (strcmp(s, "object") == 0 || strcmp(s, "O") == 0) {
    out->kinds = 1u << OBJECT;
    snprintf(out->name, sizeof out->name, "object_");
    return true;
  }
  return false;
}

/* The columns a numpy class covers: the dtypes whose scalars are of it (np.number). */
static bool numpy_class(Interp *I, Obj *v, Sel *out) {
  PlState *st = pl_state(I);
  out->kinds = 0;
  for (int t = 0; t < ND_NDTYPES; t++)
    if (st->np_scalar[t] && fe_is_subclass(st->np_scalar[t], (Class *)v))
      out->kinds |= 1u << t;
  snprintf(out->name, sizeof out->name, "%s", ((Class *)v)->name);
  return out->kinds != 0;
}

/* One name of include or exclude; false with pandas' TypeError. */
static bool sel_of(Interp *I, Obj *v, Sel *out) {
  if (v == &I->cls_str->hd || fe_str_is(v, "str")) {
    fe_throw(I, EXC_TypeError, "string dtypes are not allowed, use 'object' instead");
    return false;
  }
  if (FE_IS(v, str) && kind_name(FE_STR(v)->s, out))
    return true;
  if (v == &I->cls_object->hd || v == &I->cls_float->hd || v == &I->cls_int->hd)
    return kind_name(v == &I->cls_object->hd ? "object" : v == &I->cls_int->hd ? "int"
                                                                                : "float", out);
  if (FE_IS(v, type) && numpy_class(I, v, out))
    return true;
  NdDtype t;
  if (!pl_dtype_of(I, v, &t)) {
    if (FE_IS(v, str)) {
      fe_decref(I, fe_exc_take(I));
      fe_throw(I, EXC_TypeError, "data type '%s' not understood", FE_STR(v)->s);
    }
    return false;
  }
  out->kinds = 1u << t;
  snprintf(out->name, sizeof out->name, "%s", t == ND_BOOL ? "bool_" : nd_dtype_name(t));
  return true;
}

/* The names of include or exclude (one, or a list or tuple of them) into sels; their count,
 * or -1 with an exception. */
enum { MAX_SELS = 16 };
static int sels_of(Interp *I, Obj *v, Sel *sels) {
  if (v == &I->none)
    return 0;
  Obj *const *items = &v;
  int64_t n = 1;
  if ((FE_IS(v, list) || FE_IS(v, tuple)) && !fe_seq_items(I, v, &items, &n))
    return -1;
  if (n > MAX_SELS) {
    fe_throw(I, EXC_NotImplementedError, "select_dtypes of more than %d dtypes is not "
             "supported by nnc", MAX_SELS);
    return -1;
  }
  for (int64_t i = 0; i < n; i++)
    if (!sel_of(I, items[i], &sels[i]))
      return -1;
  return (int)n;
}

/* Pandas' ValueError when include and exclude share a name; false then. */
static bool disjoint(Interp *I, const Sel *in, int nin, const Sel *ex, int nex) {
  for (int i = 0; i < nin; i++)
    for (int j = 0; j < nex; j++)
      if (strcmp(in[i].name, ex[j].name) == 0) {
        fe_throw(I, EXC_ValueError, "include and exclude overlap on frozenset({<class "
                 "'numpy.%s'>})", in[i].name);
        return false;
      }
  return true;
}

static unsigned union_of(const Sel *s, int n) {
  unsigned k = 0;
  for (int i = 0; i < n; i++)
    k |= s[i].kinds;
  return k;
}

/* select_dtypes(include=None, exclude=None): a new frame of the columns chosen. */
Obj *pl_frame_select_dtypes(Interp *I, Obj *self, Obj **args) {
  Sel in[MAX_SELS], ex[MAX_SELS];
  int nin = sels_of(I, args[0], in), nex = nin < 0 ? -1 : sels_of(I, args[1], ex);
  if (nex < 0 || !disjoint(I, in, nin, ex, nex))
    return NULL;
  if (nin == 0 && nex == 0)
    return fe_throw(I, EXC_ValueError, "at least one of include or exclude must be nonempty");
  unsigned want = nin ? union_of(in, nin) : ~0u, unwanted = union_of(ex, nex);
  Obj *names = pl_frame_names(self), *const *nv, *keep = fe_list_new(I, 0);
  int64_t n;
  bool ok = keep && fe_seq_items(I, names, &nv, &n);
  for (int64_t j = 0; ok && j < n; j++) {
    Obj *c = pl_frame_column(I, self, nv[j]);
    unsigned bit = !c ? 0 : pl_col_is_text(I, c) ? 1u << OBJECT : 1u << PL_ND(c)->dtype;
    ok = c && ((bit & want) == 0 || (bit & unwanted) != 0 || fe_list_append(I, keep, nv[j]) == 0);
    fe_decref(I, c);
  }
  Obj *r = ok ? pl_frame_select(I, self, keep) : NULL;
  fe_decref(I, keep);
  return r;
}
