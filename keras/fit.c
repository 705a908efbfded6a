/* fit.c — the loops of the Keras-level API: fit, evaluate, predict.
 *
 * Data is never copied whole: each step gathers its rows (by shuffled index) into the
 * variant's contiguous batch buffers and calls the compiled step. Full batches and the
 * smaller last batch run through variants of their own size, so no sample is ever dropped.
 * Keras's semantics: validation_split takes the last fraction of the samples before any
 * shuffling; the training set is shuffled each epoch with the model's seeded RNG
 * (Fisher-Yates over indices); epoch loss and accuracy are means over all samples (batch
 * means weighted by batch size) of the values each step computed before its update.
 * Each pass over the data (an epoch, unless steps_per_epoch cuts it) shuffles the identity
 * order afresh (as Keras does), so its order depends on the RNG state alone and a checkpoint (checkpoint.c) resumes exactly.
 * NaN guard: a NaN or Inf loss, or a NaN or Inf in a weight or optimizer state (a loss can
 * stay finite while the weights are not: relu(NaN) is 0, and so is Adam's m/sqrt(v) for an
 * infinite v), stops training with NNC_ERR_NUMERIC naming the epoch, the first bad step and
 * the tensor, keeping the weights and optimizer state of the last good step. The loss is
 * looked at after every step, and so is the flag that the step's update kernels raise when
 * they write a NaN or Inf into a weight or optimizer state (codegen/guard.c: the check is
 * fused into the update, which touches every element anyway). The training state is
 * scanned (a vectorized test of exponent bits) before training; code without that flag
 * (none today) would have it scanned every GUARD_EVERY steps, at a cancel and at the end of
 * each epoch, before anything sees the epoch instead. A NaN or Inf stays in the state once
 * there, so the scans miss none. The state is copied at each epoch's start and every GUARD_EVERY steps; on a
 * failure the copy is restored and the steps since are replayed one by one (steps are deterministic),
 * checking loss and state after each, to find the first bad step. This costs nothing until
 * training has failed. Measured with examples/c/digits (seed model, batch 32, 30
 * alternating runs): a copy before every step cost 4-10% of samples/s; every 64 steps was
 * within the noise of once an epoch. A check fused into the update's kernel (a reduction of
 * x - x in the epilogue) made the batch-1 step about 1.5x slower: the reduction splits the
 * epilogue's merged loop into one loop per row of the weight.
 * With TerminateOnNaN the same finding ends training after the epoch's callbacks instead.
 * nnc_cancel and nnc_model_cancel are looked at before each step and once after the last
 * (evaluate, predict and fit's validation look at nnc_model_cancel before each batch): a cancelled fit stops
 * between two steps with the state the finished ones left, and returns NNC_ERR_CANCELLED
 * (EarlyStopping's restore_best_weights, which only a finished training runs, does not
 * undo that). validation_data replaces validation_split; initial_epoch starts the count as
 * Keras does; steps_per_epoch goes on through a pass over the data across epochs. Keras's
 * callbacks are callbacks.c's.
 * In a data-parallel job (nnc_distributed_init, more than one rank) each step is
 * data_parallel.c's: this rank's shard of the global batch, its gradients summed over the
 * ranks, the same update on every rank. What one rank could decide differently is rank 0's,
 * broadcast: the starting state, each pass's order and the decision to stop after an epoch;
 * the loss the NaN guard and the logs see, the metrics and a cancel are every rank's,
 * summed. Validation is sharded by batches (eval_range), its sums summed likewise.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "keras.h"

enum { GUARD_EVERY = 64 }; /* steps between the NaN guard's copies of the training state */

/* nnc_cancel: a fit stops when the count of calls has moved since it started. Lock-free
 * atomics, so the call is async-signal-safe. */
static atomic_uint cancels;
static atomic_int fits_running;

int nnc_cancel(void) {
  atomic_fetch_add(&cancels, 1);
  return atomic_load(&fits_running);
}

/* The one nnc_model_* call that takes no lock: it is made while another thread holds it.
 * A tag check, an atomic add and a load: async-signal-safe, and no message (snprintf is
 * not safe in a signal handler). */
int nnc_model_cancel(nnc_model *m) {
  if (!m || m->magic != BASE_MAGIC_MODEL)
    return -1;
  atomic_fetch_add(&m->cancels, 1);
  return atomic_load(&m->lock.owner) != 0;
}

int nnc_model_stop_training(nnc_model *m) {
  if (!m || m->magic != BASE_MAGIC_MODEL)
    return -1;
  atomic_fetch_add(&m->stops, 1);
  return atomic_load(&m->lock.owner) != 0;
}

/* Whether nnc_model_cancel was called on m since its count read `since`. */
static bool model_cancelled(const nnc_model *m, unsigned since) {
  return atomic_load_explicit(&((nnc_model *)m)->cancels, memory_order_relaxed) != since;
}

static unsigned cancel_count(nnc_model *m) {
  return atomic_load(&m->cancels);
}

/* Whether y, given to a model of several units compiled with categorical_crossentropy
 * (one-hot rows), is one column of integers in [0, units): the labels of the sparse loss. */
static bool class_ids(const nnc_model *m, const nnc_tensor *y) {
  int64_t units = keras_out_units(m);
  if (m->copt.loss != NNC_LOSS_CATEGORICAL_CROSSENTROPY || units < 2 ||
      (y->rank != 1 && !(y->rank == 2 && y->shape[1] == 1)))
    return false;
  for (int64_t i = 0; i < y->numel; i++) {
    double c = rt_tensor_get(y, i);
    if (!(c >= 0 && c < (double)units && c == floor(c)))
      return false;
  }
  return true;
}

/* y's shape as "[512, 10]", for messages. */
static const char *y_shape(const nnc_tensor *y, char *buf, size_t n) {
  Shape s = {y->rank < IR_MAX_RANK ? y->rank : IR_MAX_RANK, {0}};
  for (int i = 0; i < s.rank; i++)
    s.dim[i] = y->shape[i];
  return keras_weight_text(s, buf, n);
}

static nnc_status check_y(const nnc_model *m, const nnc_tensor *y, const char *fn) {
  int64_t units = keras_out_units(m);
  char got[64];
  if (keras_sparse(m)) {
    if (y->rank != 1 && !(y->rank == 2 && y->shape[1] == 1))
      return base_error(NNC_ERR_SHAPE, "%s: y must hold class ids, [n] or [n, 1], found %s", fn,
                        y_shape(y, got, sizeof got));
    for (int64_t i = 0; i < y->numel; i++) {
      double c = rt_tensor_get(y, i);
      if (!(c >= 0 && c < (double)units && c == floor(c)))
        return base_error(NNC_ERR_ARG, "%s: y[%lld] = %g is not a class id in [0, %lld)", fn,
                        (long long)i, c, (long long)units);
    }
    return NNC_OK;
  }
  if (class_ids(m, y))
    return base_error(NNC_ERR_SHAPE, "%s: y holds class ids (one column of integers from 0 to "
                      "%lld), but categorical_crossentropy wants one-hot rows [n, %lld]: use "
                      "loss='sparse_categorical_crossentropy', or one-hot encode y "
                      "(keras.utils.to_categorical)", fn, (long long)units - 1, (long long)units);
  if (y->dtype != m->copt.dtype)
    return base_error(NNC_ERR_TYPE, "%s: y is %s but the model is compiled for %s", fn,
                    rt_dtype_name(y->dtype), rt_dtype_name(m->copt.dtype));
  bool ok = (y->rank == 2 && y->shape[1] == units) || (y->rank == 1 && units == 1);
  if (!ok)
    return base_error(NNC_ERR_SHAPE, "%s: y must be [n, %lld] (the last layer's units), found "
                      "%s", fn, (long long)units, y_shape(y, got, sizeof got));
  return NNC_OK;
}

/* x against the model's input shape (when known): one more axis, the samples, first. */
static nnc_status check_x(const nnc_model *m, const nnc_tensor *x, const char *fn) {
  Shape in = keras_input_shape(m);
  char want[64], got[64];
  Shape xs = {x->rank - 1, {0}};
  for (int i = 1; i < x->rank; i++)
    xs.dim[i - 1] = x->shape[i];
  if (x->rank < 2 || x->rank > IR_MAX_RANK)
    return base_error(NNC_ERR_SHAPE, "%s: x must be [samples, ...one sample...] of rank 2 to "
                      "%d, found rank %d", fn, IR_MAX_RANK, x->rank);
  bool fits = in.rank < 0 || in.rank == xs.rank;
  for (int i = 0; fits && in.rank >= 0 && i < in.rank; i++)
    fits = in.dim[i] == xs.dim[i];
  if (!fits)
    return base_error(NNC_ERR_SHAPE, "%s: x's samples are %s, the model's input is %s", fn,
                      keras_shape_text(xs, got, sizeof got), keras_shape_text(in, want, sizeof want));
  if (x->numel == 0)
    return base_error(NNC_ERR_SHAPE, "%s: x is empty (%lld samples of %s)", fn,
                      (long long)x->shape[0], keras_shape_text(xs, got, sizeof got));
  return NNC_OK;
}

nnc_status keras_check_data(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y, const char *fn) {
  if (!m || !x)
    return base_error(NNC_ERR_ARG, "%s: %s is NULL", fn, m ? "x" : "model");
  if (!m->compiled)
    return base_error(NNC_ERR_ARG, "%s: the model is not compiled (call nnc_model_compile first)", fn);
  nnc_status s = check_x(m, x, fn);
  if (s != NNC_OK)
    return s;
  if (y && y->shape[0] != x->shape[0])
    return base_error(NNC_ERR_SHAPE, "%s: x has %lld samples but y has %lld", fn,
                    (long long)x->shape[0], (long long)(y->rank ? y->shape[0] : 1));
  Shape xs = {x->rank - 1, {0}};
  memcpy(xs.dim, x->shape + 1, (size_t)xs.rank * sizeof *xs.dim);
  s = keras_model_build(m, xs);
  if (s == NNC_OK && y)
    s = check_y(m, y, fn);
  return s;
}

void keras_gather(const nnc_model *m, Variant *v, const nnc_tensor *x, const nnc_tensor *y,
               const int64_t *idx, int64_t start, int64_t n) {
  int64_t xw = m->features;
  size_t xes = rt_dtype_size(x->dtype), es = rt_dtype_size(m->copt.dtype);
  int64_t yw = keras_sparse(m) ? 1 : keras_out_units(m);
  size_t ys = y ? rt_dtype_size(y->dtype) : 0;
  for (int64_t r = 0; r < n; r++) {
    int64_t src = idx ? idx[start + r] : start + r;
    rt_convert((char *)v->x->data + (size_t)(r * xw) * es, m->copt.dtype,
               (const char *)x->data + (size_t)(src * xw) * xes, x->dtype, xw);
    if (y)
      rt_convert((char *)v->y->data + (size_t)(r * yw) * es, m->copt.dtype,
                 (const char *)y->data + (size_t)(src * yw) * ys, y->dtype, yw);
  }
}

int64_t keras_eval_rows;

/* Batches [*k0, *k1) of nb: all of them, or this rank's share when shard. */
static void eval_share(int64_t nb, bool shard, int64_t *k0, int64_t *k1) {
  int64_t r = shard ? keras_dist_rank() : 0, size = shard ? keras_dist_size() : 1;
  *k0 = nb * r / size;
  *k1 = nb * (r + 1) / size;
}

/* A sharded evaluation's sums over the ranks: the loss's (sum[0]), the cancelled and failed
 * ranks (sum[1], sum[2]) and the metrics' (ms->sums), so every rank ends with the sums of
 * all the batches and the same status. Collective: every rank calls it once per
 * evaluation, whatever happened on it. */
static nnc_status eval_reduce(Metrics *ms, double sum[3], nnc_status s) {
  double *all = base_malloc((size_t)(3 + ms->cap) * sizeof *all);
  if (!all) /* the others wait for this rank: the failure ends the job */
    return s != NNC_OK ? s : base_error(NNC_ERR_NOMEM, "validation: out of memory");
  sum[1] = s == NNC_ERR_CANCELLED, sum[2] = s != NNC_OK && s != NNC_ERR_CANCELLED;
  memcpy(all, sum, 3 * sizeof *all);
  if (ms->cap > 0)
    memcpy(all + 3, ms->sums, (size_t)ms->cap * sizeof *all);
  keras_dist_sum(all, 3 + ms->cap, NNC_F64);
  memcpy(sum, all, 3 * sizeof *all);
  if (ms->cap > 0)
    memcpy(ms->sums, all + 3, (size_t)ms->cap * sizeof *all);
  base_free(all);
  if (s == NNC_OK && sum[2] > 0)
    s = base_error(NNC_ERR_ARG, "validation: another data-parallel rank failed (its message "
                   "says why)");
  else if (s == NNC_OK && sum[1] > 0)
    s = base_error(NNC_ERR_CANCELLED, "validation: cancelled on another data-parallel rank; "
                   "no result");
  return s;
}

/* Loss and metrics of samples [start, start+count) of x, y through EVAL variants, in batches
 * of bs; with sw (one weight per sample of x) the loss weighs each sample as Keras 3's
 * evaluate does, Σ w·loss over the sample count, and compile's metrics stay unweighted (Keras
 * weighs only weighted_metrics). With shard (a data-parallel fit's validation) each rank evaluates its share of the
 * batches and the ranks sum the batches' loss terms and metrics' sums: every batch is the one
 * a single process evaluates, so only the order of the (double) sums differs from one
 * process's, and each rank does 1/N of the work. Collective then. */
/* Who hears of each batch eval_range finishes: fn(log, user), the log's epoch given. */
typedef struct {
  void (*fn)(const nnc_batch_log *log, void *user);
  void *user;
  int epoch, epochs;
} EvalHook;

/* Tells hook of batch k (from 0) of nb, after which the loss's sum over `seen` samples is
 * loss_sum and ms holds the metrics so far. */
static void eval_batch_done(const nnc_model *m, const EvalHook *hook, Metrics *ms, int64_t k,
                            int64_t nb, double loss_sum, int64_t seen, double t0) {
  double vals[NNC_METRICS_MAX];
  keras_metrics_result(m, ms, vals);
  int acc = keras_accuracy_index(m);
  hook->fn(&(nnc_batch_log){hook->epoch, hook->epochs, k + 1, nb,
                            keras_rounded(m, loss_sum / (double)seen),
                            acc >= 0 ? vals[acc] : NAN, base_seconds() - t0, m->copt.nmetrics,
                            m->copt.metric_keys, vals, ms->off, ms->values},
           hook->user);
}

static nnc_status eval_range(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y,
                             const double *sw, int64_t start, int64_t count, int64_t bs,
                             unsigned since, bool shard, const EvalHook *hook, Metrics *ms,
                             nnc_metrics *out) {
  double sum[3] = {0}, t0 = base_seconds(); /* the loss's sum; for eval_reduce, two flags */
  int64_t nb = (count + bs - 1) / bs, k0, k1, seen = 0;
  eval_share(nb, shard, &k0, &k1);
  nnc_status s = keras_metrics_reset(m, ms);
  m->eval_weighted = sw != NULL;
  for (int64_t k = k0; s == NNC_OK && k < k1; k++) {
    int64_t at = k * bs, b = count - at < bs ? count - at : bs;
    Variant *v;
    if (model_cancelled(m, since)) {
      s = base_error(NNC_ERR_CANCELLED, "nnc_model_evaluate: cancelled before batch %lld of "
                     "%lld; no result", (long long)(k + 1), (long long)nb);
      break;
    }
    s = keras_variant_get(m, VAR_EVAL, b, &v);
    if (s != NNC_OK)
      break;
    keras_gather(m, v, x, y, NULL, start + at, b);
    if (sw)
      keras_gather_weights(v, sw, NULL, start + at, b);
    keras_variant_run(m, v);
    sum[0] += keras_variant_loss(v) * (double)b;
    seen += b;
    keras_eval_rows += b;
    keras_metrics_update(m, ms, v->pred, v->y, b);
    if (hook && hook->fn)
      eval_batch_done(m, hook, ms, k - k0, k1 - k0, sum[0], seen, t0);
  }
  if (shard)
    s = eval_reduce(ms, sum, s);
  m->eval_weighted = false;
  if (s == NNC_OK) {
    out->loss = keras_rounded(m, sum[0] / (double)count);
    out->nmetrics = m->copt.nmetrics;
    out->metric_keys = m->copt.metric_keys;
    keras_metrics_result(m, ms, out->metrics);
    int acc = keras_accuracy_index(m);
    out->accuracy = acc >= 0 ? out->metrics[acc] : NAN;
  }
  return s;
}

static nnc_status evaluate(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y,
                           const nnc_tensor *sample_weight, int64_t batch_size,
                           const EvalHook *hook, nnc_metrics *out, const char *fn) {
  unsigned since = cancel_count(m);
  if (!y || !out)
    return base_error(NNC_ERR_ARG, "%s: %s is NULL", fn, y ? "out" : "y");
  if (batch_size < 1)
    return base_error(NNC_ERR_ARG, "%s: batch_size must be at least 1, found %lld", fn,
                    (long long)batch_size);
  nnc_status s = keras_check_data(m, x, y, fn);
  double *sw = NULL;
  if (s == NNC_OK)
    s = keras_sample_weight_vector(y, sample_weight, fn, &sw);
  if (s == NNC_OK)
    s = eval_range(m, x, y, sw, 0, x->shape[0], batch_size, since, false, hook, &m->evaluated,
                   out);
  if (s != NNC_OK) /* no values for nnc_model_metric_values */
    keras_metrics_free(&m->evaluated);
  base_free(sw);
  return s;
}

nnc_status nnc_model_evaluate(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y,
                              int64_t batch_size, nnc_metrics *out) {
  KERAS_ENTER(m);
  return evaluate(m, x, y, NULL, batch_size, NULL, out, "nnc_model_evaluate");
}

nnc_status nnc_model_evaluate_weighted(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y,
                                       const nnc_tensor *sample_weight, int64_t batch_size,
                                       nnc_metrics *out) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_evaluate_weighted";
  if (!sample_weight)
    return base_error(NNC_ERR_ARG, "%s: sample_weight is NULL", fn);
  return evaluate(m, x, y, sample_weight, batch_size, NULL, out, fn);
}

nnc_status nnc_model_evaluate_with(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y,
                                   const nnc_evaluate_options *caller, nnc_metrics *out) {
  KERAS_ENTER(m);
  nnc_evaluate_options defaults = nnc_evaluate_defaults(), o = defaults;
  nnc_status s = caller ? base_struct_read(&o, &defaults, sizeof o, caller, __func__,
                                           "nnc_evaluate_options") : NNC_OK;
  EvalHook hook = {o.on_batch, o.user, 1, 1};
  return s != NNC_OK ? s : evaluate(m, x, y, o.sample_weight, o.batch_size, &hook, out,
                                    "nnc_model_evaluate_with");
}

int64_t nnc_model_metric_values(const nnc_model *m, int i, const double **values) {
  KERAS_GUARD(m, 0); /* busy: 0 and *values as it was */
  bool have = m && i >= 0 && i < m->copt.nmetrics && m->evaluated.values;
  if (values)
    *values = have ? m->evaluated.values + m->evaluated.off[i] : NULL;
  return have ? m->evaluated.off[i + 1] - m->evaluated.off[i] : 0;
}

/* The slot bound to buffer p, or -1. */
static int slot_of(const Variant *v, const void *p) {
  for (int i = 0; i < v->nslots; i++)
    if (v->slots[i] == p)
      return i;
  return -1;
}

/* Runs v on rows that are already its batch, in place: x's rows from `at` are read where they
 * are and the predictions written into out's rows, with no copy either way (the compiled
 * function reads and writes its slots with element alignment only, and never writes x).
 * Only when x holds the compiled dtype, so a row needs no conversion; false otherwise. */
static bool run_in_place(nnc_model *m, Variant *v, const nnc_tensor *x, nnc_tensor *out,
                         int64_t at) {
  int xs = slot_of(v, v->x->data), ps = v->nslots - 1;
  if (x->dtype != m->copt.dtype || xs < 0 || v->slots[ps] != v->pred->data)
    return false;
  size_t es = rt_dtype_size(m->copt.dtype);
  v->slots[xs] = (char *)x->data + (size_t)(at * m->features) * es;
  v->slots[ps] = (char *)out->data + (size_t)(at * out->shape[1]) * es;
  keras_variant_run(m, v);
  v->slots[xs] = v->x->data;
  v->slots[ps] = v->pred->data;
  return true;
}

nnc_status nnc_model_predict(nnc_model *m, const nnc_tensor *x, int64_t batch_size,
                             nnc_tensor **out) {
  if (out)
    *out = NULL; /* even when the model is NULL or busy */
  KERAS_ENTER(m);
  unsigned since = cancel_count(m);
  const char *fn = "nnc_model_predict";
  if (!out)
    return base_error(NNC_ERR_ARG, "%s: out is NULL", fn);
  if (batch_size < 1)
    return base_error(NNC_ERR_ARG, "%s: batch_size must be at least 1, found %lld", fn,
                    (long long)batch_size);
  nnc_status s = keras_check_data(m, x, NULL, fn);
  if (s != NNC_OK)
    return s;
  int64_t n = x->shape[0], shape[2] = {n, keras_out_units(m)};
  s = rt_tensor_alloc(m->copt.dtype, 2, shape, out);
  size_t row = (size_t)shape[1] * rt_dtype_size(m->copt.dtype);
  for (int64_t at = 0; s == NNC_OK && at < n; at += batch_size) {
    int64_t b = n - at < batch_size ? n - at : batch_size;
    Variant *v;
    if (model_cancelled(m, since)) {
      s = base_error(NNC_ERR_CANCELLED, "%s: cancelled before batch %lld of %lld; no result",
                     fn, (long long)(at / batch_size + 1), (long long)((n + batch_size - 1) / batch_size));
      break;
    }
    s = keras_variant_get(m, VAR_PREDICT, b, &v);
    if (s != NNC_OK)
      break;
    if (run_in_place(m, v, x, *out, at))
      continue;
    keras_gather(m, v, x, NULL, NULL, at, b);
    keras_variant_run(m, v);
    memcpy((char *)(*out)->data + (size_t)at * row, v->pred->data, (size_t)b * row);
  }
  if (s != NNC_OK) {
    nnc_tensor_free(*out);
    *out = NULL;
  }
  return s;
}

/* ---- fit ---- */

void keras_snapshot_free(StateCopy *sn) {
  for (int i = 0; i < sn->n; i++)
    nnc_tensor_free(sn->copy[i]);
  base_free(sn->live);
  base_free(sn->copy);
}

static int snap_weight(void *user, const char *name, Weight *w) {
  StateCopy *sn = user;
  (void)name;
  sn->live[sn->n++] = w->t;
  return 0;
}

static int count_weight(void *user, const char *name, Weight *w) {
  (void)name, (void)w;
  ++*(int *)user;
  return 0;
}

nnc_status keras_snapshot_init(nnc_model *m, StateCopy *sn, bool states) {
  int cap = states ? m->nstates : 0;
  keras_model_weights(m, count_weight, &cap);
  sn->n = 0;
  sn->live = base_calloc((size_t)cap + 1, sizeof *sn->live);
  sn->copy = base_calloc((size_t)cap + 1, sizeof *sn->copy);
  if (!sn->live || !sn->copy)
    return base_error(NNC_ERR_NOMEM, "nnc_model_fit: out of memory");
  keras_model_weights(m, snap_weight, sn);
  for (int i = 0; states && i < m->nstates; i++)
    sn->live[sn->n++] = m->states[i].t;
  for (int i = 0; i < sn->n; i++)
    if (rt_tensor_copy(sn->live[i], &sn->copy[i]) != NNC_OK)
      return NNC_ERR_NOMEM;
  return NNC_OK;
}

void keras_snapshot_copy(StateCopy *sn, bool restore) {
  for (int i = 0; i < sn->n; i++) {
    nnc_tensor *dst = restore ? sn->live[i] : sn->copy[i];
    const nnc_tensor *src = restore ? sn->copy[i] : sn->live[i];
    memcpy(dst->data, src->data, (size_t)src->numel * rt_dtype_size(src->dtype));
  }
}

typedef struct {
  nnc_model *m;
  const nnc_tensor *x, *y;
  const nnc_tensor *xv, *yv;  /* validation data: the given one, or the tail of x and y */
  int64_t vstart;             /* its first sample */
  const nnc_fit_options *f;
  int64_t ntrain, nval;
  int64_t *idx;               /* [ntrain] sample order of this epoch (owned) */
  double *sw;                 /* [n] the samples' loss weights (owned), NULL: unweighted */
  Variant *full, *last;       /* training steps for batch_size and ntrain % batch_size */
  unsigned cancels;           /* nnc_cancel's count when the fit started */
  unsigned model_cancels;     /* and nnc_model_cancel's on the model */
  unsigned model_stops;       /* nnc_model_stop_training's on the model */
  bool stop_after_epoch;      /* it was called during the epoch: the fit ends with it */
  StateCopy snap;             /* the NaN guard's copy of the training state ... */
  int64_t snap_step;          /* ... after this many steps of the current epoch */
  int64_t iter0;              /* the optimizer's iterations at the start of the epoch */
  bool guarded;               /* every training step raises the NaN guard's flag itself */
  int64_t batches;            /* in a pass over the training samples */
  int64_t pass0;              /* batches of the current pass done before this epoch */
  bool ran_out;               /* steps_per_epoch's warning was given */
  Callbacks cb;
  Metrics met;                /* the epoch's metrics so far (dp: of every rank's rows, which
                                 each step adds: data_parallel.c) */
  Metrics val_met;            /* the epoch's validation metrics */
  bool dp;                    /* data-parallel: one rank of several (data_parallel.c) */
  DpStep dps;                 /* dp: the last step */
  double vals[NNC_METRICS_MAX], val_vals[NNC_METRICS_MAX]; /* their results, the epoch's log */
} Fit;

/* nnc_cancel's or nnc_model_cancel's since the fit started (on this rank). */
static bool cancel_asked(const Fit *ft) {
  return atomic_load_explicit(&cancels, memory_order_relaxed) != ft->cancels ||
         model_cancelled(ft->m, ft->model_cancels);
}

static bool cancelled(const Fit *ft) {
  if (ft->dp) /* as the ranks agreed at the last step, so all stop at the same one */
    return ft->dps.cancel;
  return cancel_asked(ft);
}

/* Runs step `step` (from 1) of the epoch: its rows of the epoch's order, its variant (NULL
 * for a rank without rows in it). *b: the rows of the (global) batch. */
static Variant *run_step(Fit *ft, int64_t step, int64_t *b) {
  int64_t bs = ft->f->batch_size, at = (ft->pass0 + step - 1) * bs;
  *b = ft->ntrain - at < bs ? ft->ntrain - at : bs;
  keras_lr_write(ft->m, ft->iter0 + step - 1);  /* the rate of this step (keras/optimizer.c) */
  ft->m->opt.iterations = ft->iter0 + step;
  if (ft->dp) {
    ft->dps.cancel = cancel_asked(ft);
    ft->dps.sums = &ft->met;
    keras_dp_step(ft->m, ft->x, ft->y, ft->idx, at, *b, &ft->dps);
    return ft->dps.v;
  }
  Variant *v = *b == ft->full->batch ? ft->full : ft->last;
  keras_gather(ft->m, v, ft->x, ft->y, ft->idx, at, *b);
  if (ft->sw)
    keras_gather_weights(v, ft->sw, ft->idx, at, *b);
  keras_variant_run(ft->m, v);
  return v;
}

/* The loss of the step run_step just ran: the global batch's. */
static double step_loss(const Fit *ft, const Variant *v) {
  return ft->dp ? ft->dps.loss : keras_variant_loss(v);
}

/* The rows of the batch that v holds: all of them, or this rank's. */
static int64_t rows_here(const Fit *ft, int64_t b) {
  return ft->dp ? ft->dps.n : b;
}

/* Restores the guard's copy and replays the epoch's steps after it up to `to`: the state,
 * the optimizer's iterations among it, after step `to`. */
static void replay(Fit *ft, int64_t to) {
  int64_t b;
  keras_snapshot_copy(&ft->snap, true);
  for (int64_t k = ft->snap_step + 1; k <= to; k++)
    run_step(ft, k, &b);
  ft->m->opt.iterations = ft->iter0 + to;
}

/* Index of t's first NaN or Inf, or -1. Branch-free over the exponent bits, so the compiler
 * vectorizes it: a scan of the training state costs about what its copy does. */
static int64_t first_nonfinite(const nnc_tensor *t) {
  bool bad = false;
  int64_t n = t->numel;
  if (t->dtype == NNC_F32)
    for (int64_t i = 0; i < n; i++) {
      uint32_t u;
      memcpy(&u, (const float *)t->data + i, sizeof u);
      bad |= (u & 0x7f800000u) == 0x7f800000u;
    }
  else if (t->dtype == NNC_F64)
    for (int64_t i = 0; i < n; i++) {
      uint64_t u;
      memcpy(&u, (const double *)t->data + i, sizeof u);
      bad |= (u & 0x7ff0000000000000u) == 0x7ff0000000000000u;
    }
  for (int64_t i = 0; bad && i < n; i++)
    if (!isfinite(rt_tensor_get(t, i)))
      return i;
  return -1;
}

static bool state_finite(const StateCopy *sn) {
  for (int i = 0; i < sn->n; i++)
    if (first_nonfinite(sn->live[i]) >= 0)
      return false;
  return true;
}

static const char *nonfinite_name(double x) {
  return isnan(x) ? "NaN" : "Inf";
}

/* "'NAME' holds NaN" (or Inf) for the first weight or optimizer state that is not finite;
 * false when they all are. */
static bool name_nonfinite(nnc_model *m, char *buf, size_t n) {
  TensorRef *w;
  int nw;
  bool found = false;
  if (keras_model_tensors(m, true, "nnc_model_fit", &w, &nw) != NNC_OK)
    return false;
  for (int i = 0; i < nw && !found; i++) {
    int64_t k = first_nonfinite(w[i].t);
    if ((found = k >= 0))
      snprintf(buf, n, "'%.200s' %s", w[i].name, nonfinite_name(rt_tensor_get(w[i].t, k)));
  }
  base_free(w);
  return found;
}

/* "; x holds NaN in sample S, feature F" when the step's batch does (else ""); in a
 * data-parallel fit, when this rank's rows do. */
static void bad_input(const Fit *ft, const Variant *v, int64_t step, int64_t b, char *buf,
                      size_t n) {
  int64_t feats = ft->m->features, at = (ft->pass0 + step - 1) * ft->f->batch_size;
  buf[0] = 0;
  if (ft->dp)
    at += ft->dps.lo;
  for (int64_t i = 0; v && i < rows_here(ft, b) * feats; i++) {
    double x = rt_tensor_get(v->x, i);
    if (!isfinite(x)) {
      snprintf(buf, n, "; x holds %s in sample %lld, feature %lld", nonfinite_name(x),
               (long long)ft->idx[at + i / feats], (long long)(i % feats));
      return;
    }
  }
}

/* The first step that went bad, found by numeric_rewind. */
typedef struct {
  int64_t step;
  bool loss;                  /* its loss was NaN or Inf (else the state it left) */
  char what[320], input[96];  /* "the loss is NaN", "the update made 'w' NaN"; "; x holds ..." */
} BadStep;

/* A step in (snap_step, upto] gave a NaN or Inf loss or left one in the training state:
 * replays from the guard's copy to find the first such step and describe it, and puts back
 * the state after the step before it. */
static void numeric_rewind(Fit *ft, int64_t upto, BadStep *bad) {
  char name[256];
  int64_t b;
  *bad = (BadStep){.step = upto};
  keras_snapshot_copy(&ft->snap, true);
  for (int64_t k = ft->snap_step + 1; k <= upto; k++) {
    Variant *v = run_step(ft, k, &b);
    double l = step_loss(ft, v);
    if ((bad->loss = !isfinite(l)))
      snprintf(bad->what, sizeof bad->what, "the loss is %s", nonfinite_name(l));
    else if (name_nonfinite(ft->m, name, sizeof name))
      snprintf(bad->what, sizeof bad->what, "the update made %.256s", name);
    if (bad->what[0]) {
      bad->step = k;
      bad_input(ft, v, k, b, bad->input, sizeof bad->input);
      break;
    }
  }
  if (!bad->what[0]) /* not seen again: a step that is not deterministic */
    snprintf(bad->what, sizeof bad->what, "a NaN or Inf appeared in the loss or the training "
             "state");
  replay(ft, bad->step - 1);
}

/* After a NaN or Inf in steps (snap_step, upto]: the state of the last good step, then
 * NNC_ERR_NUMERIC naming the bad step, or with TerminateOnNaN the end of training (*stop)
 * after this epoch's callbacks, as Keras's callback says it on stderr (base_log). */
static nnc_status numeric_stop(Fit *ft, int epoch, int64_t upto, bool *stop) {
  BadStep bad;
  numeric_rewind(ft, upto, &bad);
  if (ft->f->terminate_on_nan) {
    base_log(NNC_LOG_WARNING, "Batch %lld: %s, terminating training\n",
             (long long)(bad.step - 1), bad.loss ? "Invalid loss" : bad.what);
    *stop = true;
    return NNC_OK;
  }
  char kept[96];
  if (bad.step == 1)
    snprintf(kept, sizeof kept, "at the start of epoch %d", epoch);
  else
    snprintf(kept, sizeof kept, "after step %lld of epoch %d, the last good step",
             (long long)(bad.step - 1), epoch);
  return base_error(NNC_ERR_NUMERIC, "nnc_model_fit: %s at epoch %d, step %lld; the weights and "
                  "optimizer state are kept as they were %s%s", bad.what, epoch,
                  (long long)bad.step, kept, bad.input);
}

/* The guard between steps: checks the training state after `done` steps of the epoch and,
 * when it is finite, copies it (the point later failures rewind to). */
static nnc_status guard_point(Fit *ft, int epoch, int64_t done, bool copy, bool *stop) {
  if (!ft->guarded && !state_finite(&ft->snap))
    return numeric_stop(ft, epoch, done, stop);
  if (copy) {
    keras_snapshot_copy(&ft->snap, false);
    ft->snap_step = done;
  }
  return NNC_OK;
}

/* The steps of this epoch: steps_per_epoch, or what is left of the pass over the data when
 * that is fewer (Keras's iterator then interrupts the epoch, with its warning) and the data
 * does not repeat. */
static int64_t epoch_steps(Fit *ft) {
  int64_t left = ft->batches - ft->pass0, spe = ft->f->steps_per_epoch;
  if (ft->f->repeat && spe > 0)
    return spe;
  if (spe > left && !ft->ran_out)
    keras_warn("Your input ran out of data; interrupting training. Make sure that your dataset "
               "or generator can generate at least `steps_per_epoch * epochs` batches.");
  ft->ran_out |= spe > left; /* Python shows a warning once */
  return spe > 0 && spe < left ? spe : left;
}

/* Before step `step`: the guard's check and copy every GUARD_EVERY steps, and nnc_cancel
 * (with the state checked first, so a cancel never hides a NaN). */
static nnc_status before_step(Fit *ft, int epoch, int64_t step, bool *stop) {
  nnc_status s = NNC_OK;
  if (step > 1 && (step - 1) % GUARD_EVERY == 0)
    s = guard_point(ft, epoch, step - 1, true, stop);
  if (s == NNC_OK && !*stop && cancelled(ft) &&
      (s = guard_point(ft, epoch, step - 1, false, stop)) == NNC_OK && !*stop)
    s = base_error(NNC_ERR_CANCELLED, "nnc_model_fit: cancelled at epoch %d before step %lld; "
                   "the weights are those after the step before, and the last epoch finished "
                   "is %d", epoch, (long long)step, epoch - 1);
  return s;
}

/* A new pass over the data, in a new order when shuffling. */
static void new_pass(Fit *ft) {
  nnc_model *m = ft->m;
  for (int64_t i = 0; i < ft->ntrain; i++)
    ft->idx[i] = i;
  if (ft->f->shuffle)
    rt_rng_shuffle(&m->shuffle_rng, ft->idx, ft->ntrain);
  if (ft->dp && ft->f->shuffle) { /* rank 0's order, and its RNG for checkpoints */
    keras_dist_bcast(ft->idx, (size_t)ft->ntrain * sizeof *ft->idx);
    keras_dist_bcast(&m->shuffle_rng, sizeof m->shuffle_rng);
  }
}

/* Whether nnc_model_stop_training was called during the fit (looked at after each step
 * but in a data-parallel one, whose ranks could see it at different steps). */
static bool stop_asked(Fit *ft) {
  return !ft->dp && atomic_load(&ft->m->stops) != ft->model_stops;
}

static nnc_status run_epoch(Fit *ft, int epoch, nnc_epoch_log *log, bool *stop) {
  nnc_model *m = ft->m;
  int64_t steps = epoch_steps(ft), seen = 0, ran = 0;
  double loss = 0, t0 = base_seconds();
  int acc = keras_accuracy_index(m);
  nnc_status s = keras_metrics_reset(m, &ft->met);
  for (int64_t step = 1; s == NNC_OK && step <= steps; step++) {
    if ((s = before_step(ft, epoch, step, stop)) != NNC_OK || *stop)
      return s;
    if (ft->pass0 + step - 1 == ft->batches) { /* repeat: the pass ended within the epoch */
      new_pass(ft);
      ft->pass0 = -(step - 1);                  /* so that this step is the pass's first */
    }
    int64_t b;
    Variant *v = run_step(ft, step, &b);
    double l = step_loss(ft, v);
    if (!isfinite(l)) {
      log->loss = l;
      return numeric_stop(ft, epoch, step, stop);
    }
    if (ft->guarded && keras_variant_nonfinite(m, v))
      return numeric_stop(ft, epoch, step, stop);
    loss += l * (double)b;
    seen += b;
    if (!ft->dp) /* else keras_dp_step added every rank's */
      keras_metrics_update(m, &ft->met, v->pred, v->y, b);
    if (ft->f->on_batch) {
      keras_metrics_result(m, &ft->met, ft->vals);
      ft->f->on_batch(&(nnc_batch_log){epoch, ft->f->epochs, step, steps,
                      keras_rounded(m, loss / (double)seen),
                      acc >= 0 ? ft->vals[acc] : NAN, base_seconds() - t0, m->copt.nmetrics,
                      m->copt.metric_keys, ft->vals, ft->met.off, ft->met.values}, ft->f->user);
    }
    ran = step;
    if ((ft->stop_after_epoch = stop_asked(ft)))
      break;
  }
  if (s == NNC_OK)
    s = guard_point(ft, epoch, ran, false, stop);
  if (s != NNC_OK || *stop)
    return s;
  ft->pass0 = (ft->pass0 + ran) % ft->batches;
  log->seconds = base_seconds() - t0;
  log->loss = keras_rounded(m, loss / (double)seen);
  keras_metrics_result(m, &ft->met, ft->vals);
  if (acc >= 0)
    log->accuracy = ft->vals[acc];
  return NNC_OK;
}

static void print_log(const nnc_model *m, const nnc_epoch_log *log, int epochs, bool val) {
  char b[1024];
  size_t n = 0;
  n += (size_t)snprintf(b, sizeof b, "Epoch %d/%d - %.2fs - loss: %.4f", log->epoch, epochs,
                        log->seconds, log->loss);
  for (int i = 0; i < log->nmetrics && n < sizeof b; i++)
    n += (size_t)snprintf(b + n, sizeof b - n, " - %s: %.4f", m->copt.metric_keys[i],
                          log->metrics[i]);
  if (val && n < sizeof b)
    n += (size_t)snprintf(b + n, sizeof b - n, " - val_loss: %.4f", log->val_loss);
  for (int i = 0; val && i < log->nmetrics && n < sizeof b; i++)
    n += (size_t)snprintf(b + n, sizeof b - n, " - val_%s: %.4f", m->copt.metric_keys[i],
                          log->val_metrics[i]);
  base_log(NNC_LOG_INFO, "%s\n", b);
}

static nnc_status fit_epochs(Fit *ft) {
  nnc_model *m = ft->m;
  const nnc_fit_options *f = ft->f;
  int64_t vbs = f->validation_batch_size > 0 ? f->validation_batch_size : f->batch_size;
  for (int done = f->initial_epoch; done < f->epochs; done++) { /* e never passes INT_MAX */
    int e = done + 1;
    for (int i = 0; i < m->copt.nmetrics; i++)
      ft->val_vals[i] = NAN;
    nnc_epoch_log log = {e, NAN, NAN, NAN, NAN, 0, NAN, m->copt.nmetrics, m->copt.metric_keys,
                         ft->vals, ft->val_vals, NULL, NULL, NULL};
    bool stop = false;
    nnc_status s = keras_callbacks_epoch_begin(&ft->cb, e, &stop);
    if (s != NNC_OK || stop)
      return s;
    keras_snapshot_copy(&ft->snap, false);
    ft->snap_step = 0;
    ft->iter0 = m->opt.iterations;
    if (ft->pass0 == 0) /* a new pass over the data, in a new order */
      new_pass(ft);
    s = run_epoch(ft, e, &log, &stop);
    log.metric_offsets = ft->met.off, log.metric_values = ft->met.values; /* reset by then */
    if (s == NNC_OK && ft->nval > 0) {
      nnc_metrics vm;
      EvalHook hook = {f->on_val_batch, f->user, e, f->epochs};
      s = eval_range(m, ft->xv, ft->yv, NULL, ft->vstart, ft->nval, vbs, ft->model_cancels,
                     ft->dp, &hook, &ft->val_met, &vm);
      if (s != NNC_OK)
        return s;
      log.val_metric_values = ft->val_met.values;
      log.val_loss = vm.loss;
      log.val_accuracy = vm.accuracy;
      memcpy(ft->val_vals, vm.metrics, (size_t)vm.nmetrics * sizeof *vm.metrics);
    }
    if (s != NNC_OK)
      return s;
    m->epoch = e;
    if (f->verbose)
      print_log(m, &log, f->epochs, ft->nval > 0);
    s = keras_callbacks_epoch_end(&ft->cb, &log, &stop);
    if (s != NNC_OK)
      return s;
    int act = f->on_epoch ? f->on_epoch(&log, f->user) : NNC_FIT_CONTINUE;
    if (act == NNC_FIT_CANCEL)
      return base_error(NNC_ERR_CANCELLED, "nnc_model_fit: on_epoch cancelled the fit after "
                        "epoch %d, the last finished", e);
    stop = stop || act != NNC_FIT_CONTINUE || ft->stop_after_epoch;
    if (ft->dp) { /* rank 0 decides for all: ranks never diverge */
      int st = stop;
      keras_dist_bcast(&st, sizeof st);
      stop = st;
    }
    if (stop)
      break;
  }
  if (cancelled(ft)) /* during the last step: what follows the fit must not run either */
    return base_error(NNC_ERR_CANCELLED, "nnc_model_fit: cancelled during its last step; the "
                      "last epoch finished is %d", ft->m->epoch);
  return NNC_OK;
}

static nnc_status check_fit(const nnc_fit_options *f) {
  const char *fn = "nnc_model_fit";
  if (f->epochs < 0)
    return base_error(NNC_ERR_ARG, "%s: epochs must be >= 0, found %d", fn, f->epochs);
  if (f->batch_size < 1)
    return base_error(NNC_ERR_ARG, "%s: batch_size must be at least 1, found %lld", fn,
                    (long long)f->batch_size);
  if (!(f->validation_split >= 0 && f->validation_split < 1))
    return base_error(NNC_ERR_ARG, "%s: validation_split must be in [0, 1), found %g", fn,
                    f->validation_split);
  if (f->initial_epoch < 0)
    return base_error(NNC_ERR_ARG, "%s: initial_epoch must be >= 0, found %d", fn, f->initial_epoch);
  if (!f->x_val != !f->y_val)
    return base_error(NNC_ERR_ARG, "%s: validation data needs both x_val and y_val", fn);
  if (f->steps_per_epoch < 0 || f->validation_batch_size < 0)
    return base_error(NNC_ERR_ARG, "%s: steps_per_epoch and validation_batch_size must be >= 0 "
                    "(0: all batches, batch_size), found %lld and %lld", fn,
                    (long long)f->steps_per_epoch, (long long)f->validation_batch_size);
  return NNC_OK;
}

/* Splits the samples into training and validation ones. */
static nnc_status fit_split(Fit *ft) {
  int64_t n = ft->x->shape[0];
  ft->ntrain = (int64_t)((double)n * (1.0 - ft->f->validation_split)); /* Keras: int(n*(1-s)) */
  ft->nval = n - ft->ntrain;
  ft->xv = ft->x;
  ft->yv = ft->y;
  ft->vstart = ft->ntrain;
  if (ft->f->x_val) { /* validation_data replaces validation_split */
    ft->ntrain = n;
    ft->xv = ft->f->x_val;
    ft->yv = ft->f->y_val;
    ft->vstart = 0;
    ft->nval = ft->xv->shape[0];
  }
  if (ft->ntrain < 1)
    return base_error(NNC_ERR_ARG, "nnc_model_fit: validation_split %g leaves no training samples "
                    "out of %lld", ft->f->validation_split, (long long)n);
  ft->batches = (ft->ntrain + ft->f->batch_size - 1) / ft->f->batch_size;
  return NNC_OK;
}

/* A data-parallel fit's ranks have the same data sizes, options and model state, or all
 * stop (a collective). */
static nnc_status ranks_agree(const Fit *ft) {
  const nnc_fit_options *f = ft->f;
  static const char *const what[] = {
      "training samples", "validation samples", "features per sample", "batch_size",
      "epochs", "initial_epoch", "steps_per_epoch", "shuffle", "repeat", "validation_batch_size",
      "the optimizer's iterations", "trainable parameters"};
  int64_t v[] = {ft->ntrain, ft->nval, ft->m->features, f->batch_size, f->epochs,
                 f->initial_epoch, f->steps_per_epoch, f->shuffle, f->repeat,
                 f->validation_batch_size,
                 ft->m->opt.iterations, nnc_model_param_count(ft->m)};
  return keras_dp_agree(v, what, (int)(sizeof v / sizeof *v), "nnc_model_fit");
}

/* Compiles the training steps and snapshots the weights; a data-parallel fit starts from
 * rank 0's weights, optimizer state and shuffling RNG. */
static nnc_status fit_prepare(Fit *ft) {
  int64_t bs = ft->f->batch_size;
  ft->idx = base_malloc((size_t)ft->ntrain * sizeof *ft->idx);
  if (!ft->idx)
    return base_error(NNC_ERR_NOMEM, "nnc_model_fit: out of memory");
  int64_t full = ft->ntrain < bs ? ft->ntrain : bs, last = ft->ntrain > bs ? ft->ntrain % bs : 0;
  nnc_status s = keras_sample_weights(ft->y, ft->f, &ft->sw);
  ft->m->weighted = ft->sw != NULL; /* for this fit's training steps */
  if (s == NNC_OK && ft->dp && ft->sw)
    s = base_error(NNC_ERR_ARG, "nnc_model_fit: class_weight and sample_weight are not supported "
                   "in data-parallel training yet");
  if (s == NNC_OK && ft->dp) {
    s = keras_dp_prepare(ft->m, full);
    if (s == NNC_OK && last)
      s = keras_dp_prepare(ft->m, last);
  } else if (s == NNC_OK) {
    s = keras_variant_get(ft->m, VAR_TRAIN, full, &ft->full);
    ft->last = ft->full;
    if (s == NNC_OK && last)
      s = keras_variant_get(ft->m, VAR_TRAIN, last, &ft->last);
  }
  if (s == NNC_OK)
    s = keras_snapshot_init(ft->m, &ft->snap, true);
  for (int i = 0; s == NNC_OK && ft->dp && i < ft->snap.n; i++) { /* start from rank 0's */
    nnc_tensor *t = ft->snap.live[i];
    keras_dist_bcast(t->data, (size_t)t->numel * rt_dtype_size(t->dtype));
  }
  if (s == NNC_OK && ft->dp)
    keras_dist_bcast(&ft->m->shuffle_rng, sizeof ft->m->shuffle_rng);
  /* a data-parallel step's flag is one rank's: its ranks scan the state they agree on */
  ft->guarded = s == NNC_OK && !ft->dp && ft->full->guard_offset >= 0 &&
                ft->last->guard_offset >= 0;
  char name[256];
  if (s == NNC_OK && !state_finite(&ft->snap) && name_nonfinite(ft->m, name, sizeof name))
    s = base_error(NNC_ERR_NUMERIC, "nnc_model_fit: %s before training; nothing was trained",
                   name);
  return s;
}

nnc_status nnc_model_fit(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y,
                         const nnc_fit_options *caller) {
  KERAS_ENTER(m);
  nnc_fit_options defaults = nnc_fit_defaults(), opts = defaults;
  const nnc_fit_options *f = &opts;
  if (!y)
    return base_error(NNC_ERR_ARG, "nnc_model_fit: y is NULL");
  nnc_status s = caller ? base_struct_read(&opts, &defaults, sizeof opts, caller, __func__,
                                           "nnc_fit_options") : NNC_OK;
  if (s == NNC_OK)
    s = check_fit(f);
  if (s == NNC_OK)
    s = keras_check_data(m, x, y, "nnc_model_fit");
  if (s == NNC_OK && f->x_val)
    s = keras_check_data(m, f->x_val, f->y_val, "nnc_model_fit: validation_data");
  Fit ft = {.m = m, .x = x, .y = y, .f = f, .cancels = atomic_load(&cancels),
            .model_cancels = cancel_count(m), .model_stops = atomic_load(&m->stops), .dp = keras_dist_size() > 1 || keras_dp_always};
  if (s == NNC_OK)
    s = fit_split(&ft);
  if (s == NNC_OK)
    s = keras_callbacks_check(m, f, ft.nval > 0);
  if (s == NNC_OK && ft.dp)
    s = ranks_agree(&ft);
  if (s != NNC_OK)
    return s;
  atomic_fetch_add(&fits_running, 1);
  s = fit_prepare(&ft);
  if (s == NNC_OK)
    s = keras_callbacks_begin(&ft.cb, m, f, ft.nval > 0);
  if (s == NNC_OK) {
    m->optimizer_built = true;  /* as Keras's fit builds the optimizer before its first step */
    s = fit_epochs(&ft);
  }
  atomic_fetch_sub(&fits_running, 1);
  keras_callbacks_end(&ft.cb, s == NNC_OK);
  keras_snapshot_free(&ft.snap);
  keras_metrics_free(&ft.met);
  keras_metrics_free(&ft.val_met);
  base_free(ft.idx);
  base_free(ft.sw);
  m->weighted = false;
  return s;
}
