/* test_index.c — a[ix] and a[ix] = v against numpy for ints, slices (steps, negative,
 * empty), ..., None, index arrays (numpy's placement rule for adjacent and separated ones),
 * masks, their mixtures, and the errors; views share memory, numpy scalars come out of
 * full integer indexes. */
#include "ndtest.h"

/* Python index text ("1:3, None, ..., [0, 2]") as NdIndex items; arrays into owned. */
static int parse_index(const char *text, NdIndex *ix, NdArray **owned, int *nowned) {
  int n = 0;
  const char *p = text;
  while (*p) {
    p = nt_skip_ws(p);
    const char *e = p;
    int depth = 0;
    while (*e && !(depth == 0 && *e == ',')) {
      depth += *e == '[';
      depth -= *e == ']';
      e++;
    }
    char item[300];
    snprintf(item, sizeof item, "%.*s", (int)(e - p), p);
    if (strcmp(item, "...") == 0) {
      ix[n++] = nd_ix_ellipsis();
    } else if (strcmp(item, "None") == 0) {
      ix[n++] = nd_ix_newaxis();
    } else if (item[0] == '[') {
      owned[*nowned] = nt_lit(item, ND_NODTYPE);
      ix[n++] = nd_ix_array(owned[(*nowned)++]);
    } else if (strchr(item, ':')) {
      char *c1 = strchr(item, ':'), *c2 = strchr(c1 + 1, ':');
      int has = 0;
      int64_t v[3] = {0, 0, 0};
      *c1 = 0;
      if (c2)
        *c2 = 0;
      const char *parts[3] = {item, c1 + 1, c2 ? c2 + 1 : ""};
      for (int k = 0; k < 3; k++)
        if (*nt_skip_ws(parts[k])) {
          has |= 1 << k;
          v[k] = strtoll(parts[k], NULL, 10);
        }
      ix[n++] = nd_ix_slice(v[0], v[1], v[2], has);
    } else {
      ix[n++] = nd_ix_int(strtoll(item, NULL, 10));
    }
    p = *e ? e + 1 : e;
  }
  return n;
}

typedef struct {
  const char *base;             /* Python for the array, also built in C by make_base */
  const char *index;
  const char *value;            /* NULL: a[index]; else a[index] = value (a Python literal) */
} Case;

static NdArray *make_base(const char *base) {
  NdScalar zero = {.dtype = ND_INT64, .i = 0}, one = {.dtype = ND_INT64, .i = 1};
  if (strcmp(base, "np.arange(24).reshape(2, 3, 4)") == 0) {
    NdArray *a = nd_arange(zero, (NdScalar){.dtype = ND_INT64, .i = 24}, true, one, ND_NODTYPE);
    NdArray *r = nd_reshape(a, 3, (int64_t[]){2, 3, 4});
    nd_unref(a);
    return r;
  }
  if (strcmp(base, "np.arange(10.)") == 0)
    return nd_arange(zero, (NdScalar){.dtype = ND_FLOAT64, .f = 10}, true, one, ND_NODTYPE);
  if (strcmp(base, "np.array(5)") == 0)
    return nt_lit("5", ND_NODTYPE);
  const char *lit = strchr(base, '['), *dt = strstr(base, "dtype=np.");
  char *text = strndup(lit, (size_t)(strrchr(base, ']') - lit + 1));
  char name[16] = "";
  if (dt)
    sscanf(dt + 9, "%15[a-z0-9]", name);
  NdArray *a = nt_lit(text, dt ? nt_dtype(name) : ND_NODTYPE);
  free(text);
  return a;
}

static const Case cases[] = {
    {"np.arange(10.)", "3", NULL},
    {"np.arange(10.)", "-1", NULL},
    {"np.arange(10.)", "10", NULL},
    {"np.arange(10.)", "2:7", NULL},
    {"np.arange(10.)", "::2", NULL},
    {"np.arange(10.)", "::-1", NULL},
    {"np.arange(10.)", "7:2:-2", NULL},
    {"np.arange(10.)", "-3:", NULL},
    {"np.arange(10.)", ":0", NULL},
    {"np.arange(10.)", "5:100", NULL},
    {"np.arange(10.)", "-100:3", NULL},
    {"np.arange(10.)", "[0, 2, -1]", NULL},
    {"np.arange(10.)", "[True, False, True, False, True, False, True, False, True, True]", NULL},
    {"np.arange(10.)", "None", NULL},
    {"np.arange(10.)", "...", NULL},
    {"np.arange(10.)", "None, 2:4", NULL},
    {"np.arange(10.)", "[[1, 2], [3, 4]]", NULL},
    {"np.arange(10.)", "::0", NULL},
    {"np.arange(10.)", "[10]", NULL},
    {"np.arange(10.)", "[True, False]", NULL},
    {"np.arange(10.)", "[]", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "0", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "0, 1", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "0, 1, 2", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "-1, -1, -1", NULL},
    {"np.arange(24).reshape(2, 3, 4)", ":, 1", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "..., 1", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "1, ...", NULL},
    {"np.arange(24).reshape(2, 3, 4)", ":, :, ::2", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "None, 0", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "0, None, :, 1", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "[0, 1], :, [1, 2]", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "0, :, [1, 2]", NULL},
    {"np.arange(24).reshape(2, 3, 4)", ":, [0, 2]", NULL},
    {"np.arange(24).reshape(2, 3, 4)", ":, [0, 2], 1:3", NULL},
    {"np.arange(24).reshape(2, 3, 4)", ":, [[0], [2]], [1, 3]", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "[True, False]", NULL},
    {"np.arange(24).reshape(2, 3, 4)", ":, [True, False, True]", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "[[True, False, True], [False, True, False]]", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "[[True, False, True], [False, True, False]], 1:3", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "1, [[True, False, True, False]] ", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "0, 0, 0, 0", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "3", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "..., ...", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "[0, 1], [0, 1, 2]", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "[0, 1], None, [2, 1]", NULL},
    {"np.arange(24).reshape(2, 3, 4)", "..., [3, 0]", NULL},
    {"np.array(5)", "", NULL},
    {"np.array(5)", "...", NULL},
    {"np.array(5)", "None", NULL},
    {"np.array([[1.5, 2.5, 3.5], [4.5, 5.5, 6.5]], dtype=np.float32)", "1, 2", NULL},
    {"np.array([[1.5, 2.5, 3.5], [4.5, 5.5, 6.5]], dtype=np.float32)", "[1, 0], [2, 0]", NULL},
    {"np.arange(10.)", "2:5", "7"},
    {"np.arange(10.)", "::2", "[1, 2, 3, 4, 5]"},
    {"np.arange(10.)", "[0, 0, 1]", "[5, 6, 7]"},
    {"np.arange(10.)", "[True, False, True, False, True, False, True, False, True, True]", "-1"},
    {"np.arange(10.)", "2:5", "[1, 2]"},
    {"np.arange(10.)", "::-1", "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]"},
    {"np.arange(10.)", "-1", "[[42]]"},
    {"np.arange(24).reshape(2, 3, 4)", "0", "1.5"},
    {"np.arange(24).reshape(2, 3, 4)", ":, 1", "[[1, 2, 3, 4]]"},
    {"np.arange(24).reshape(2, 3, 4)", "..., 0", "[9, 8, 7]"},
    {"np.arange(24).reshape(2, 3, 4)", "0, [1, 2]", "0"},
    {"np.arange(24).reshape(2, 3, 4)", ":, [0, 2], 1:3", "[[-1, -2]]"},
    {"np.arange(24).reshape(2, 3, 4)", "[0, 1], :, [1, 2]", "[[-1], [-2]]"},
    {"np.arange(24).reshape(2, 3, 4)", "[0, 1]", "[1, 2, 3]"},
    {"np.arange(24).reshape(2, 3, 4)", "[[True, False, True], [False, True, False]]", "[0, 0, 0, 1]"},
    {"np.arange(24).reshape(2, 3, 4)", "1, 2, 3", "True"},
    {"np.array(5)", "...", "7"},
    {"np.array(5)", "", "8"},
};
enum { N = sizeof cases / sizeof cases[0] };

Test(index, getitem_and_setitem_match_numpy) {
  const char *exprs[N];
  char *mine[N], buf[N][400];
  for (int i = 0; i < N; i++) {
    const Case *c = &cases[i];
    if (c->value)
      snprintf(buf[i], sizeof buf[i], "[x := %s, x.__setitem__(%s%s%s, np.array(%s)), x][2]",
               c->base, *c->index ? "np.index_exp[" : "()", c->index, *c->index ? "]" : "",
               c->value);
    else
      snprintf(buf[i], sizeof buf[i], "%s[%s]", c->base, *c->index ? c->index : "()");
    exprs[i] = buf[i];
    NdArray *a = make_base(c->base), *owned[8];
    NdIndex ix[8];
    int nowned = 0, n = parse_index(c->index, ix, owned, &nowned);
    if (c->value) {
      NdArray *v = nt_lit(c->value, ND_NODTYPE);
      mine[i] = nd_setitem(a, n, ix, v) ? nt_text(nd_ref(a)) : nt_text(NULL);
      nd_unref(v);
    } else {
      mine[i] = nt_text(nd_getitem(a, n, ix));
    }
    for (int k = 0; k < nowned; k++)
      nd_unref(owned[k]);
    nd_unref(a);
  }
  nt_compare(N, exprs, mine);
}

Test(index, basic_indexes_are_views_and_ints_give_scalars) {
  NdArray *a = nt_lit("[[1, 2, 3], [4, 5, 6]]", ND_NODTYPE);
  NdIndex col[2] = {nd_ix_all(), nd_ix_int(1)};
  NdArray *v = nd_getitem(a, 2, col);
  cr_assert_not(v->scalar);
  NdArray *nine = nd_scalar_i64(9);
  NdIndex first = nd_ix_int(0);
  cr_assert(nd_setitem(v, 1, &first, nine)); /* v[0] = 9 writes a[0, 1] */
  cr_expect_eq(((int64_t *)a->data)[1], 9);
  NdIndex both[2] = {nd_ix_int(1), nd_ix_int(-1)};
  NdArray *e = nd_getitem(a, 2, both);
  cr_expect(e->scalar && e->ndim == 0 && *(int64_t *)e->data == 6);
  cr_expect_not(nd_setitem(e, 0, NULL, nine));
  cr_expect_str_eq(base_last_error(), "'numpy.int64' object does not support item assignment");
  NdArray *f = nt_lit("[1.5]", ND_NODTYPE);
  NdIndex fx = nd_ix_array(f);
  cr_expect_null(nd_getitem(a, 1, &fx));
  cr_expect_str_eq(base_last_error(), "arrays used as indices must be of integer (or boolean) type");
  cr_expect_str_eq(nd_error_class(), "IndexError");
  NdArray *s = nd_scalar_i64(1); /* a numpy integer acts as an int */
  NdIndex sx = nd_ix_array(s);
  NdArray *row = nd_getitem(a, 1, &sx);
  cr_expect(row->ndim == 1 && row->shape[0] == 3);
  nd_unref(a), nd_unref(v), nd_unref(nine), nd_unref(e), nd_unref(f), nd_unref(s), nd_unref(row);
}

Test(index, permutation_index_gathers_rows) {
  NdScalar zero = {.dtype = ND_INT64, .i = 0}, one = {.dtype = ND_INT64, .i = 1};
  NdArray *flat = nd_arange(zero, (NdScalar){.dtype = ND_INT64, .i = 3000}, true, one, ND_FLOAT32);
  NdArray *x = nd_reshape(flat, 2, (int64_t[]){1000, 3});
  NdArray *idx = nd_arange((NdScalar){.dtype = ND_INT64, .i = 999}, (NdScalar){.dtype = ND_INT64, .i = -1},
                           true, (NdScalar){.dtype = ND_INT64, .i = -1}, ND_NODTYPE);
  NdIndex ix = nd_ix_array(idx);
  NdArray *r = nd_getitem(x, 1, &ix);
  cr_assert(r->shape[0] == 1000 && r->shape[1] == 3);
  for (int64_t i = 0; i < 1000; i++)
    cr_expect_eq(((float *)r->data)[i * 3 + 2], (float)((999 - i) * 3 + 2));
  nd_unref(flat), nd_unref(x), nd_unref(idx), nd_unref(r);
}
