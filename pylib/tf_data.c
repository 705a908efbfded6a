/* tf_data.c — tf.data.Dataset as a dense-network tutorial builds one from arrays:
 * from_tensor_slices(x) or ((x, y)) or ((x, y, sample_weight)), maybe map(f), then
 * shuffle(buffer_size) and batch(batch_size), maybe prefetch and cache; fit, evaluate and
 * predict take it, and a loop or list() walks it (take(n) the first n), giving numpy arrays
 * where TensorFlow gives eager tensors.
 *
 * A Dataset holds its arrays and what was asked of them, not a pipeline: fit trains on the
 * arrays in batches of the dataset's size, shuffled every epoch when it was shuffled (all
 * the elements: TensorFlow's buffer of buffer_size shuffles less when the buffer is smaller
 * than the dataset; reshuffle_each_iteration=False draws one order for every epoch). What
 * would need the pipeline itself (shuffling or mapping batches, batching twice, repeating
 * before batch, a batch with drop_remainder or a take() given to fit) is refused by name.
 * The reprs are TensorFlow 2.21's (<_BatchDataset element_spec=(TensorSpec(shape=(None, 28,
 * 28), ...)>). */
#include <string.h>

#include "pylib.h"

typedef struct {
  Obj hd;
  Obj *parts;           /* a tuple of arrays (from a tuple) or one array; owned */
  bool tuple;           /* elements are tuples */
  int64_t n;            /* elements before batching */
  int64_t batch;        /* 0: not batched */
  bool drop_remainder;
  bool shuffled;        /* shuffle() was called (before batch) */
  bool reshuffle;       /* a new order each iteration (TensorFlow's default) */
  int64_t take;         /* -1: all; else the first `take` elements (batches once batched) */
  int64_t repeat;       /* 0: one pass; -1: passes without end; else that many passes */
  const char *kind;     /* TensorFlow's class: "_TensorSliceDataset", "_BatchDataset", ... */
} Dataset;

#define DS(o) ((Dataset *)(o))

static void ds_clear(Interp *I, Obj *o) {
  fe_setref(I, &DS(o)->parts, NULL);
}

static void ds_traverse(Obj *o, FeVisit visit, void *arg) {
  if (DS(o)->parts)
    visit(DS(o)->parts, arg);
}

static const Layout ds_layout;

static bool is_dataset(const Obj *v) {
  return v->cls->layout == &ds_layout;
}

/* The parts as a C array of n arrays (borrowed). */
static int parts_of(const Dataset *d, NdArray **out) {
  if (!d->tuple)
    return out[0] = PL_ND(d->parts), 1;
  for (int64_t i = 0; i < FE_TUPLE(d->parts)->n; i++)
    out[i] = PL_ND(FE_TUPLE(d->parts)->v[i]);
  return (int)FE_TUPLE(d->parts)->n;
}

/* Elements (batches once batched) of one pass over the arrays. */
static int64_t per_pass(const Dataset *d) {
  return d->batch == 0 ? d->n : d->drop_remainder ? d->n / d->batch
                                                  : (d->n + d->batch - 1) / d->batch;
}

/* Elements (batches once batched) the dataset gives: TensorFlow's cardinality, -1 without
 * end. */
static int64_t cardinality(const Dataset *d) {
  int64_t c = d->repeat < 0 ? -1 : per_pass(d) * (d->repeat ? d->repeat : 1);
  return d->take >= 0 && (c < 0 || d->take < c) ? d->take : c;
}

/* ---- making datasets ---- */

static Dataset *ds_alloc(Interp *I) {
  Obj *m = fe_import(I, "tensorflow.data");
  Obj *c = m ? fe_dict_getstr(I, ((Module *)m)->dict, "Dataset") : NULL;
  fe_decref(I, m);
  if (!c || !FE_ISA(I, c, type))
    return I->exc_pending ? NULL : (fe_throw(I, EXC_RuntimeError, "tf.data is missing"), NULL);
  return (Dataset *)fe_new(I, (Class *)c, sizeof(Dataset));
}

/* A copy of d of TensorFlow class kind, to change. */
static Dataset *derived(Interp *I, const Dataset *d, const char *kind) {
  Dataset *r = ds_alloc(I);
  if (!r)
    return NULL;
  Obj hd = r->hd;
  *r = *d;
  r->hd = hd;
  fe_incref(r->parts);
  r->kind = kind;
  return r;
}

static Obj *array_part(Interp *I, Obj *v) {
  NdArray *a = pl_array_arg(I, v);
  if (a && a->ndim == 0) {
    nd_unref(a);
    return fe_throw(I, EXC_ValueError, "Unbatched tensor slices need at least one dimension "
                    "(from_tensor_slices of a scalar)");
  }
  return a ? pl_array_wrap(I, a) : NULL;
}

static Obj *from_tensor_slices(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *t = args[0];
  if (FE_ISA(I, t, dict))
    return fe_throw(I, EXC_NotImplementedError, "from_tensor_slices of a dict (named features) "
                    "is not supported by nnc yet: pass arrays, (x, y) or (x, y, sample_weight)");
  bool tuple = FE_ISA(I, t, tuple);
  int64_t k = tuple ? FE_TUPLE(t)->n : 1;
  if (tuple && (k < 1 || k > 3))
    return fe_throw(I, EXC_NotImplementedError, "from_tensor_slices of a tuple of %lld arrays "
                    "is not supported by nnc yet: pass x, (x, y) or (x, y, sample_weight)",
                    (long long)k);
  Obj *parts = tuple ? fe_tuple_new(I, k) : array_part(I, t);
  for (int64_t i = 0; tuple && parts && i < k; i++)
    if (!(FE_TUPLE(parts)->v[i] = array_part(I, FE_TUPLE(t)->v[i])))
      fe_setref(I, &parts, NULL);
  Dataset d = {.parts = parts, .tuple = tuple, .take = -1, .kind = "_TensorSliceDataset"};
  NdArray *a[3];
  int np = parts ? parts_of(&d, a) : 0;
  for (int i = 1; i < np; i++)
    if (a[i]->shape[0] != a[0]->shape[0]) {
      fe_decref(I, parts);
      return fe_throw(I, EXC_ValueError, "Dimensions %lld and %lld are not compatible",
                      (long long)a[0]->shape[0], (long long)a[i]->shape[0]);
    }
  Dataset *r = parts ? ds_alloc(I) : NULL;
  if (!r) {
    fe_decref(I, parts);
    return NULL;
  }
  Obj hd = r->hd;
  *r = d;
  r->hd = hd;
  r->n = a[0]->shape[0];
  return &r->hd;
}

static bool positive(Interp *I, Obj *v, const char *what, int64_t *out) {
  if (fe_as_int(I, v, out) < 0)
    return false;
  if (*out < 1) {
    fe_throw(I, EXC_ValueError, "%s must be greater than zero, found %lld", what,
             (long long)*out);
    return false;
  }
  return true;
}

static Obj *ds_batch(Interp *I, Obj *self, Obj **args) {
  /* (batch_size, drop_remainder, num_parallel_calls, deterministic, name) */
  int64_t b;
  int drop = fe_truth(I, args[1]);
  if (!positive(I, args[0], "batch_size", &b) || drop < 0)
    return NULL;
  if (DS(self)->batch || DS(self)->take >= 0)
    return fe_throw(I, EXC_NotImplementedError, "Dataset.batch() of a batched or taken dataset "
                    "is not supported by nnc yet");
  Dataset *r = derived(I, DS(self), "_BatchDataset");
  if (r)
    r->batch = b, r->drop_remainder = drop == 1;
  return (Obj *)r;
}

static Obj *ds_shuffle(Interp *I, Obj *self, Obj **args) {
  /* (buffer_size, seed, reshuffle_each_iteration, name) */
  int64_t b;
  int again = args[2] == &I->none ? 1 : fe_truth(I, args[2]);
  if (!positive(I, args[0], "buffer_size", &b) || again < 0)
    return NULL;
  if (DS(self)->batch || DS(self)->take >= 0)
    return fe_throw(I, EXC_NotImplementedError, "Dataset.shuffle() after batch() or take() "
                    "(shuffling batches) is not supported by nnc yet: shuffle, then batch");
  Dataset *r = derived(I, DS(self), "_ShuffleDataset");
  if (r)
    r->shuffled = true, r->reshuffle = again == 1;
  return (Obj *)r;
}

static Obj *ds_take(Interp *I, Obj *self, Obj **args) {
  int64_t k;
  if (fe_as_int(I, args[0], &k) < 0)
    return NULL;
  Dataset *r = derived(I, DS(self), "_TakeDataset");
  if (r && k >= 0 && (r->take < 0 || k < r->take))
    r->take = k;
  return (Obj *)r;
}

/* repeat(count) of a batched dataset: its batches again, count times (None or -1: without
 * end), each pass shuffled anew when it was shuffled. fit takes it as Keras does: an epoch
 * of steps_per_epoch batches goes on from where the last one stopped. Repeating before
 * batch, whose batches would then span two passes, is refused by name. */
static Obj *ds_repeat(Interp *I, Obj *self, Obj **args) {
  int64_t k = -1;
  if (args[0] != &I->none && fe_as_int(I, args[0], &k) < 0)
    return NULL;
  if (!DS(self)->batch)
    return fe_throw(I, EXC_NotImplementedError, "Dataset.repeat() before batch() is not "
                    "supported by nnc yet: batch, then repeat");
  if (DS(self)->take >= 0 || DS(self)->repeat)
    return fe_throw(I, EXC_NotImplementedError, "Dataset.repeat() of a taken or repeated "
                    "dataset is not supported by nnc yet");
  if (k == 0)
    return fe_throw(I, EXC_NotImplementedError, "Dataset.repeat(0), an empty dataset, is not "
                    "supported by nnc yet");
  Dataset *r = derived(I, DS(self), "_RepeatDataset");
  if (r)
    r->repeat = k < 0 ? -1 : k;
  return (Obj *)r;
}

/* prefetch and cache change when the elements are made, not which: the same elements. */
static Obj *ds_prefetch(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return (Obj *)derived(I, DS(self), "_PrefetchDataset");
}

static Obj *ds_cache(Interp *I, Obj *self, Obj **args) {
  if (FE_ISA(I, args[0], str) && FE_STR(args[0])->len)
    return fe_throw(I, EXC_NotImplementedError, "Dataset.cache(filename) is not supported by "
                    "nnc yet: cache() keeps the elements in memory");
  return (Obj *)derived(I, DS(self), "CacheDataset");
}

/* map(f): f called on each element as TensorFlow calls it (a tuple's parts as separate
 * arguments, each an array without the first axis), and its results stacked into the new
 * dataset's arrays. It runs here, once, on the elements in their made order: the function
 * gives each element its own result, so a later shuffle or batch sees the same elements. */
static Obj *map_results(Interp *I, const Dataset *d, Obj *f, NdArray **out, int *kout) {
  NdArray *a[3];
  int k = parts_of(d, a);
  for (int64_t i = 0; i < d->n; i++) {
    Obj *argv[3] = {0};
    for (int j = 0; j < k; j++) {
      NdIndex at = nd_ix_int(i);
      if (!(argv[j] = pl_array_wrap(I, nd_getitem(a[j], 1, &at)))) {
        for (int m = 0; m < j; m++)
          fe_decref(I, argv[m]);
        return NULL;
      }
    }
    Obj *r = fe_call(I, f, argv, k, NULL);
    for (int j = 0; j < k; j++)
      fe_decref(I, argv[j]);
    if (!r)
      return NULL;
    bool tuple = FE_ISA(I, r, tuple);
    int n = tuple ? (int)FE_TUPLE(r)->n : 1;
    if (i == 0)
      *kout = tuple ? -n : n;       /* negative: the elements are tuples */
    if (n != (*kout < 0 ? -*kout : *kout) || tuple != (*kout < 0) || n < 1 || n > 3) {
      fe_decref(I, r);
      return fe_throw(I, EXC_NotImplementedError, "Dataset.map(): the function must give "
                      "every element the same structure, an array or a tuple of 1 to 3 arrays "
                      "(element %lld gives %s of %d)", (long long)i, tuple ? "a tuple" : "a value",
                      n);
    }
    for (int j = 0; j < n; j++)
      if (!(out[j * d->n + i] = pl_array_arg(I, tuple ? FE_TUPLE(r)->v[j] : r))) {
        fe_decref(I, r);
        return NULL;
      }
    fe_decref(I, r);
  }
  return &I->none;
}

static Obj *ds_map(Interp *I, Obj *self, Obj **args) {
  /* (map_func, num_parallel_calls, deterministic, name): the calls run one after another */
  const Dataset *d = DS(self);
  if (d->batch || d->take >= 0)
    return fe_throw(I, EXC_NotImplementedError, "Dataset.map() after batch() or take() is not "
                    "supported by nnc yet: map, then batch");
  if (d->n == 0)
    return fe_throw(I, EXC_NotImplementedError, "Dataset.map() of an empty dataset is not "
                    "supported by nnc yet");
  NdArray **out = base_calloc((size_t)(3 * d->n), sizeof *out);
  if (!out)
    return fe_nomem(I);
  int k = 0;
  Obj *ok = map_results(I, d, args[0], out, &k);
  int nk = k < 0 ? -k : k;
  Obj *parts = ok && k < 0 ? fe_tuple_new(I, nk) : NULL;
  for (int j = 0; ok && j < nk && (k > 0 || parts); j++) {
    Obj *v = pl_array_wrap(I, nd_stack((int)d->n, out + j * d->n, 0));
    if (!v)
      fe_setref(I, &parts, NULL), ok = NULL;
    else if (k < 0)
      FE_TUPLE(parts)->v[j] = v;
    else
      parts = v;
  }
  for (int64_t i = 0; i < 3 * d->n; i++)
    nd_unref(out[i]);
  base_free(out);
  /* TensorFlow's class says whether the calls were asked to run in parallel */
  Dataset *r = parts ? derived(I, d, args[1] == &I->none ? "_MapDataset" : "_ParallelMapDataset")
                     : NULL;
  if (r) {
    fe_setref(I, &r->parts, parts);
    r->tuple = k < 0;
  } else {
    fe_decref(I, parts);
  }
  return (Obj *)r;
}

/* ---- the elements ---- */

/* The order of the elements for one pass: shuffled (numpy's global generator) or as made. */
static NdArray *order(Interp *I, const Dataset *d) {
  if (!d->shuffled) {
    NdArray *r = nd_empty(ND_INT64, 1, &d->n);
    for (int64_t i = 0; r && i < d->n; i++)
      ((int64_t *)r->data)[i] = i;
    return r ? r : (pl_nd_raise(I), NULL);
  }
  bool owned;
  NdRandom *g = pl_random_state(I, &I->none, &owned);
  NdArray *p = g ? pl_permutation(g, d->n) : NULL;
  if (g && owned)
    nd_random_free(g);
  return p ? p : I->exc_pending ? NULL : (pl_nd_raise(I), NULL);
}

/* Element (or batch) i of a pass in order `ix`: an array, or a tuple of them. */
static Obj *element(Interp *I, const Dataset *d, const NdArray *ix, int64_t i) {
  NdArray *a[3];
  int k = parts_of(d, a);
  int64_t lo = d->batch ? i * d->batch : i, hi = d->batch ? lo + d->batch : lo + 1;
  hi = hi < d->n ? hi : d->n;
  int64_t len = hi - lo;
  NdArray *pick = nd_empty(ND_INT64, 1, &len);
  for (int64_t j = 0; pick && j < len; j++)
    ((int64_t *)pick->data)[j] = ((const int64_t *)ix->data)[lo + j];
  Obj *t = d->tuple ? fe_tuple_new(I, k) : NULL, *one = NULL;
  for (int j = 0; pick && (!d->tuple || t) && j < k; j++) {
    NdIndex at = d->batch ? nd_ix_array(pick) : nd_ix_int(((int64_t *)pick->data)[0]);
    Obj *v = pl_array_wrap(I, nd_getitem(a[j], 1, &at));
    if (!d->tuple)
      one = v;
    else if (v)
      FE_TUPLE(t)->v[j] = v;
    else
      fe_setref(I, &t, NULL);
  }
  if (!pick)
    pl_nd_raise(I);
  nd_unref(pick);
  return d->tuple ? t : one;
}

/* A list of the elements, which a loop walks: pass after pass when repeated, each pass in
 * its own order when shuffled anew. */
static Obj *ds_iter(Interp *I, Obj *o) {
  const Dataset *d = DS(o);
  int64_t n = cardinality(d), pass = per_pass(d);
  if (n < 0)
    return fe_throw(I, EXC_NotImplementedError, "a loop over a Dataset repeated without end is "
                    "not supported by nnc: take(n) of it first");
  NdArray *ix = order(I, d);
  Obj *l = ix ? fe_list_new(I, 0) : NULL;
  for (int64_t i = 0; l && i < n; i++) {
    if (i > 0 && i % pass == 0 && d->shuffled && d->reshuffle) {
      nd_unref(ix);
      if (!(ix = order(I, d))) {
        fe_setref(I, &l, NULL);
        break;
      }
    }
    Obj *e = element(I, d, ix, i % pass);
    if (!e || fe_list_append(I, l, e) < 0)
      fe_setref(I, &l, NULL);
    fe_decref(I, e);
  }
  nd_unref(ix);
  Obj *it = l ? fe_iter(I, l) : NULL;
  fe_decref(I, l);
  return it;
}

static Obj *ds_numpy_iter(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return ds_iter(I, self);
}

static int64_t ds_len(Interp *I, Obj *o) {
  int64_t n = cardinality(DS(o));
  return n >= 0 ? n : (fe_throw(I, EXC_TypeError, "The dataset is infinite."), -1);
}

/* TensorSpec(shape=(None, 28, 28), dtype=tf.uint8, name=None) of one part. */
static void spec(BaseBuf *b, const Dataset *d, const NdArray *a) {
  base_buf_puts(b, "TensorSpec(shape=(");
  for (int i = 0; i < a->ndim; i++) {
    if (i == 0 && !d->batch)
      continue;
    if (i == 0 && !d->drop_remainder)
      base_buf_puts(b, "None");
    else
      base_buf_printf(b, "%lld", (long long)(i == 0 ? d->batch : a->shape[i]));
    if (a->ndim == 1 || i + 1 < a->ndim)
      base_buf_puts(b, i + 1 < a->ndim ? ", " : ",");
  }
  if (!d->batch && a->ndim == 2)
    base_buf_puts(b, ",");
  base_buf_printf(b, "), dtype=tf.%s, name=None)", nd_dtype_name(a->dtype));
}

static Obj *ds_repr(Interp *I, Obj *o) {
  const Dataset *d = DS(o);
  NdArray *a[3];
  int k = parts_of(d, a);
  BaseBuf b = {0};
  base_buf_printf(&b, "<%s element_spec=%s", d->kind, d->tuple ? "(" : "");
  for (int i = 0; i < k; i++) {
    spec(&b, d, a[i]);
    base_buf_puts(&b, i + 1 < k ? ", " : k == 1 && d->tuple ? ",)" : d->tuple ? ")" : "");
  }
  base_buf_puts(&b, ">");
  Obj *r = b.nomem ? fe_nomem(I) : fe_str_new(I, b.p, b.n);
  base_buf_free(&b);
  return r;
}

static const Layout ds_layout = {
    .name = "Dataset", .size = sizeof(Dataset), .clear = ds_clear, .traverse = ds_traverse,
    .repr = ds_repr, .iter = ds_iter, .len = ds_len,
};

/* ---- what fit, evaluate and predict take ---- */

int pl_dataset_unpack(Interp *I, Obj *v, const char *fn, PlDataset *out) {
  *out = (PlDataset){0};
  if (!is_dataset(v))
    return 0;
  const Dataset *d = DS(v);
  if (!d->batch) {
    fe_throw(I, EXC_ValueError, "%s(): the tf.data.Dataset gives single elements, and Keras "
             "takes each element as a batch: call .batch(batch_size) on it", fn);
    return -1;
  }
  if (d->repeat && strcmp(fn, "fit") != 0) {
    fe_throw(I, EXC_NotImplementedError, "%s() of a repeated Dataset is not supported by nnc "
             "yet", fn);
    return -1;
  }
  if (d->drop_remainder || d->take >= 0) {
    fe_throw(I, EXC_NotImplementedError, "%s() of a Dataset batched with drop_remainder=True "
             "or cut by take() is not supported by nnc yet", fn);
    return -1;
  }
  NdArray *a[3];
  int k = parts_of(d, a);
  Obj *p[3] = {0};
  NdArray *ix = d->shuffled && !d->reshuffle ? order(I, d) : NULL; /* one order for all */
  if (d->shuffled && !d->reshuffle && !ix)
    return -1;
  for (int i = 0; i < k; i++) {
    NdIndex at = nd_ix_array(ix);
    p[i] = ix ? pl_array_wrap(I, nd_getitem(a[i], 1, &at)) : pl_array_wrap(I, nd_ref(a[i]));
    if (!p[i]) {
      for (int j = 0; j < i; j++)
        fe_decref(I, p[j]);
      nd_unref(ix);
      return -1;
    }
  }
  nd_unref(ix);
  *out = (PlDataset){.x = p[0], .y = p[1], .sw = p[2], .batch = d->batch,
                     .shuffle = d->shuffled && d->reshuffle, .endless = d->repeat < 0,
                     .steps = d->repeat > 0 ? per_pass(d) * d->repeat : 0};
  return 1;
}

void pl_dataset_free(Interp *I, PlDataset *d) {
  fe_decref(I, d->x), fe_decref(I, d->y), fe_decref(I, d->sw);
  *d = (PlDataset){0};
}

/* ---- the module ---- */

static const FeFnDef ds_methods[] = {
    {"batch", ds_batch,
     "(batch_size, drop_remainder=False, num_parallel_calls=None, deterministic=None, "
         "name=None)", "tensorflow.data.Dataset", NULL},
    {"shuffle", ds_shuffle, "(buffer_size, seed=None, reshuffle_each_iteration=None, name=None)",
     "tensorflow.data.Dataset", NULL},
    {"take", ds_take, "(count, name=None)", "tensorflow.data.Dataset", NULL},
    {"prefetch", ds_prefetch, "(buffer_size, name=None)", "tensorflow.data.Dataset", NULL},
    {"cache", ds_cache, "(filename='', name=None)", "tensorflow.data.Dataset", NULL},
    {"map", ds_map, "(map_func, num_parallel_calls=None, deterministic=None, name=None)",
     "tensorflow.data.Dataset", NULL},
    {"as_numpy_iterator", ds_numpy_iter, "()", NULL, NULL},
    {"repeat", ds_repeat, "(count=None, name=None)", "tensorflow.data.Dataset", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeFnDef ds_statics[] = {
    {"from_tensor_slices", from_tensor_slices, "(tensors, name=None)",
     "tensorflow.data.Dataset", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeClassDef classes[] = {
    {.name = "Dataset", .layout = &ds_layout, .methods = ds_methods, .statics = ds_statics},
    {.name = NULL},
};

static const FeConstDef consts[] = {
    {"AUTOTUNE", FC_INT, -1, 0, NULL},
    {NULL, FC_NONE, 0, 0, NULL},
};

const FeModuleDef pl_tf_data_def = {.name = "tensorflow.data", .classes = classes,
                                    .consts = consts};
/* TensorFlow 2.0 to 2.3 named it tf.data.experimental.AUTOTUNE, which 2.4 on keep */
const FeModuleDef pl_tf_data_experimental_def = {.name = "tensorflow.data.experimental",
                                                 .consts = consts};
