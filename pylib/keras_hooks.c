/* keras_hooks.c — the hooks of the user's callbacks, as Keras's CallbackList calls them.
 *
 * fit (keras_fit.c) calls them in its own order; evaluate and predict call them here: a
 * list of the callbacks of the user's own classes (the built-in ones have no test or
 * predict hooks), each given the model and its params first, then on_test_begin or
 * on_predict_begin, each batch's begin and end, and the end. A batch's begin gets an empty
 * dict and its end the logs so far, as Keras 3 passes them. A hook that raises stops the
 * call (the runtime's evaluate is cancelled at its next batch) and its exception goes on.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pylib.h"

enum { MAX_RANK = 8 }; /* of the tensors predict batches */

static size_t elem_bytes(const nnc_tensor *t) {
  return nnc_tensor_dtype(t) == NNC_F64 ? 8 : 4;
}

bool pl_hooks_notify(Interp *I, Obj *list, int64_t from, int64_t to, const char *name,
                     Obj *const *args, int n) {
  for (int64_t i = from; list && i < to && i < FE_LIST(list)->n; i++) {
    Obj *r = fe_call_method(I, FE_LIST(list)->v[i], name, args, n);
    if (!r)
      return false;
    fe_decref(I, r);
  }
  return true;
}

bool pl_hooks_at(Interp *I, Obj *list, const char *name, int64_t number, Obj *logs) {
  Obj *n = fe_int(I, number), *l = logs ? logs : fe_dict_new(I);
  bool good = n && l && pl_hooks_notify(I, list, 0, INT64_MAX, name, (Obj *[]){n, l}, 2);
  fe_decref(I, n);
  if (!logs)
    fe_decref(I, l);
  return good;
}

bool pl_hooks_empty(Interp *I, Obj *list, const char *name) {
  Obj *l = fe_dict_new(I);
  bool good = l && pl_hooks_notify(I, list, 0, INT64_MAX, name, &l, 1);
  fe_decref(I, l);
  return good;
}

typedef struct {
  char key[72];
  double v;
  const double *vals;           /* a vector metric's n values, else NULL */
  int64_t n;
} LogItem;

static int by_key(const void *a, const void *b) {
  return strcmp(((const LogItem *)a)->key, ((const LogItem *)b)->key);
}

Obj *pl_batch_logs(Interp *I, const nnc_batch_log *b) {
  LogItem items[NNC_METRICS_MAX + 1] = {{.key = "loss", .v = b->loss}};
  int n = b->nmetrics + 1;
  for (int i = 0; i < b->nmetrics; i++) {
    const int64_t *off = b->metric_offsets;
    items[i + 1] = (LogItem){.v = b->metrics[i], .vals = off ? b->metric_values + off[i] : NULL,
                             .n = off ? off[i + 1] - off[i] : 1};
    snprintf(items[i + 1].key, sizeof items[0].key, "%s", b->metric_keys[i]);
  }
  qsort(items, (size_t)n, sizeof *items, by_key);
  Obj *d = fe_dict_new(I);
  for (int i = 0; d && i < n; i++) {
    if (isnan(items[i].v)) /* not measured */
      continue;
    Obj *v = pl_metric_value(I, items[i].v, items[i].vals, items[i].n);
    if (!v || fe_dict_setstr(I, d, items[i].key, v) < 0)
      fe_setref(I, &d, NULL);
    fe_decref(I, v);
  }
  return d;
}

/* Keras's params of a callback in evaluate and predict: {verbose, epochs: 1, steps}. */
static Obj *params(Interp *I, int verbose, int64_t steps) {
  Obj *d = fe_dict_new(I), *v = fe_int(I, verbose), *e = fe_int(I, 1), *s = fe_int(I, steps);
  bool good = d && v && e && s && fe_dict_setstr(I, d, "verbose", v) == 0 &&
              fe_dict_setstr(I, d, "epochs", e) == 0 && fe_dict_setstr(I, d, "steps", s) == 0;
  fe_decref(I, v);
  fe_decref(I, e);
  fe_decref(I, s);
  if (!good)
    fe_setref(I, &d, NULL);
  return d;
}

Obj *pl_hooks_list(Interp *I, Obj *arg, Obj *model, int verbose, int64_t steps) {
  Obj *list = fe_list_new(I, 0);
  if (!list || arg == &I->none)
    return list;
  Obj *m = fe_import(I, "keras.callbacks"), *cls = NULL;
  if (m)
    cls = fe_dict_getstr(I, ((Module *)m)->dict, "Callback");
  fe_decref(I, m);
  Obj *p = cls ? params(I, verbose, steps) : NULL, *it = p ? fe_iter(I, arg) : NULL;
  bool good = it != NULL;
  for (Obj *cb; good && (cb = fe_next(I, it));) {
    if (pl_is_kobj(I, cb, KK_EARLY_STOPPING, KK_CALLBACK)) {
      /* a built-in callback: nothing of its runs in evaluate or predict */
    } else if (!fe_isinstance(cb, (Class *)cls)) {
      fe_throw(I, EXC_TypeError, "callbacks must be keras.callbacks.Callback objects, found %s",
               fe_typename(cb));
      good = false;
    } else if (cb->cls->layout->user) {
      Obj *r1 = fe_call_method(I, cb, "set_model", &model, 1);
      Obj *r2 = r1 ? fe_call_method(I, cb, "set_params", &p, 1) : NULL;
      good = r2 && fe_list_append(I, list, cb) == 0;
      fe_decref(I, r1);
      fe_decref(I, r2);
    }
    fe_decref(I, cb);
  }
  fe_decref(I, it);
  fe_decref(I, p);
  if (!good || I->exc_pending)
    fe_setref(I, &list, NULL);
  return list;
}

/* ---- evaluate and predict ---- */

typedef struct {
  Interp *I;
  Obj *hooks;
  nnc_model *m;
  bool failed;                  /* a hook raised: the exception is pending */
} Run;

/* After evaluate's batch: its end, then the next one's begin. */
static void test_batch(const nnc_batch_log *b, void *user) {
  Run *r = user;
  if (r->failed)
    return;
  Obj *logs = pl_batch_logs(r->I, b);
  bool good = logs && pl_hooks_at(r->I, r->hooks, "on_test_batch_end", b->step - 1, logs) &&
              (b->step == b->steps ||
               pl_hooks_at(r->I, r->hooks, "on_test_batch_begin", b->step, NULL));
  fe_decref(r->I, logs);
  if (!good) { /* stop at the next batch; the exception is the call's error */
    r->failed = true;
    nnc_model_cancel(r->m);
  }
}

bool pl_hooks_evaluate(Interp *I, Obj *hooks, nnc_model *m, const nnc_tensor *x,
                       const nnc_tensor *y, const nnc_tensor *w, int64_t batch,
                       nnc_metrics *out) {
  Run r = {I, hooks, m, false};
  nnc_evaluate_options o = nnc_evaluate_defaults();
  o.batch_size = batch;
  o.sample_weight = w;
  o.on_batch = test_batch;
  o.user = &r;
  if (!pl_hooks_empty(I, hooks, "on_test_begin") ||
      !pl_hooks_at(I, hooks, "on_test_batch_begin", 0, NULL))
    return false;
  nnc_status s = nnc_model_evaluate_with(m, x, y, &o, out);
  return !r.failed && (s == NNC_OK || (pl_raise_status(I, s), false));
}

/* Rows [at, at + n) of x as a new tensor (NULL, with MemoryError, when out of memory). */
static nnc_tensor *rows(Interp *I, const nnc_tensor *x, int64_t at, int64_t n) {
  int rank = nnc_tensor_rank(x);
  int64_t shape[MAX_RANK], row = nnc_tensor_numel(x) / nnc_tensor_dim(x, 0);
  for (int i = 0; i < rank && i < MAX_RANK; i++)
    shape[i] = i ? nnc_tensor_dim(x, i) : n;
  nnc_tensor *t = NULL;
  if (rank > MAX_RANK || nnc_tensor_new(nnc_tensor_dtype(x), rank, shape, &t) != NNC_OK) {
    fe_nomem(I);
    return NULL;
  }
  size_t es = elem_bytes(x);
  memcpy(nnc_tensor_data(t), (const char *)nnc_tensor_cdata(x) + (size_t)(at * row) * es,
         (size_t)(n * row) * es);
  return t;
}

/* {'outputs': the batch's predictions as an array}, what on_predict_batch_end gets. */
static Obj *outputs(Interp *I, const nnc_tensor *y) {
  Obj *d = fe_dict_new(I), *a = d ? pl_array_wrap(I, nd_from_tensor(y)) : NULL;
  if (!a || fe_dict_setstr(I, d, "outputs", a) < 0)
    fe_setref(I, &d, NULL);
  fe_decref(I, a);
  return d;
}

/* Copies y's rows to rows [at, ..) of *out, which the first batch makes: y's dtype and
 * shape but n rows. */
static bool gather(Interp *I, const nnc_tensor *y, int64_t at, int64_t n, nnc_tensor **out) {
  int64_t shape[MAX_RANK];
  int rank = nnc_tensor_rank(y);
  for (int i = 0; i < rank && i < MAX_RANK; i++)
    shape[i] = i ? nnc_tensor_dim(y, i) : n;
  nnc_dtype t = nnc_tensor_dtype(y);
  if (!*out && (rank > MAX_RANK || nnc_tensor_new(t, rank, shape, out) != NNC_OK)) {
    fe_nomem(I);
    return false;
  }
  size_t bytes = (size_t)nnc_tensor_numel(y) * elem_bytes(y);
  memcpy((char *)nnc_tensor_data(*out) + (size_t)at * (bytes / (size_t)nnc_tensor_dim(y, 0)),
         nnc_tensor_cdata(y), bytes);
  return true;
}

bool pl_hooks_predict(Interp *I, Obj *hooks, nnc_model *m, const nnc_tensor *x,
                      int64_t batch, nnc_tensor **out) {
  *out = NULL;
  if (batch < 1) /* the runtime's error, before any hook */
    return pl_raise_status(I, nnc_model_predict(m, x, batch, out)), false;
  int64_t n = nnc_tensor_dim(x, 0);
  bool good = pl_hooks_empty(I, hooks, "on_predict_begin");
  for (int64_t at = 0, k = 0; good && at < n; at += batch, k++) {
    int64_t b = n - at < batch ? n - at : batch;
    nnc_tensor *xs = pl_hooks_at(I, hooks, "on_predict_batch_begin", k, NULL)
                         ? rows(I, x, at, b) : NULL, *ys = NULL;
    nnc_status s = xs ? nnc_model_predict(m, xs, batch, &ys) : NNC_OK;
    good = xs && (s == NNC_OK || (pl_raise_status(I, s), false)) && gather(I, ys, at, n, out);
    Obj *logs = good ? outputs(I, ys) : NULL;
    good = logs && pl_hooks_at(I, hooks, "on_predict_batch_end", k, logs);
    fe_decref(I, logs);
    nnc_tensor_free(xs);
    nnc_tensor_free(ys);
  }
  good = good && pl_hooks_empty(I, hooks, "on_predict_end");
  if (!good) {
    nnc_tensor_free(*out);
    *out = NULL;
  }
  return good;
}
