/* fit.c — the loops of the Keras-level API: fit, evaluate, predict.
 *
 * Data is never copied whole: each step gathers its rows (by shuffled index) into the
 * variant's contiguous batch buffers and calls the compiled step. Full batches and the
 * smaller last batch run through variants of their own size, so no sample is ever dropped.
 * Keras's semantics: validation_split takes the last fraction of the samples before any
 * shuffling; the training set is shuffled each epoch with the model's seeded RNG
 * (Fisher-Yates over indices); epoch loss and accuracy are means over all samples (batch
 * means weighted by batch size) of the values each step computed before its update.
 * Each epoch shuffles the identity order afresh (as Keras does), so an epoch's order depends
 * on the RNG state alone and a checkpoint (checkpoint.c) resumes exactly.
 * NaN guard: a NaN or Inf loss, or a NaN or Inf in a weight or optimizer state (a loss can
 * stay finite while the weights are not: relu(NaN) is 0, and so is Adam's m/sqrt(v) for an
 * infinite v), stops training with NNC_ERR_NUMERIC naming the epoch, the first bad step and
 * the tensor, keeping the weights and optimizer state of the last good step. The loss is
 * looked at after every step; the training state is scanned (a vectorized test of exponent
 * bits) before training, every GUARD_EVERY steps, at a cancel and at the end of each epoch,
 * before anything sees the epoch. A NaN or Inf stays in the state once there, so the scans
 * miss none. The state is copied at each epoch's start and every GUARD_EVERY steps; on a failure the
 * copy is restored and the steps since are replayed one by one (steps are deterministic),
 * checking loss and state after each, to find the first bad step. This costs nothing until
 * training has failed. Measured with examples/c/digits (seed model, batch 32, 30
 * alternating runs): a copy before every step cost 4-10% of samples/s; every 64 steps was
 * within the noise of once an epoch. A check fused into the update's kernel (a reduction of
 * x - x in the epilogue) made the batch-1 step about 1.5x slower: the reduction splits the
 * epilogue's merged loop into one loop per row of the weight.
 * nnc_cancel is looked at before each step and once after the last: a cancelled fit stops
 * between two steps with the state the finished ones left, and returns NNC_ERR_CANCELLED.
 * validation_data replaces validation_split; initial_epoch starts the count as Keras does;
 * EarlyStopping follows Keras 3's callback line by line (wait counted before the
 * comparison, no stop at the very first epoch, best weights restored at the end of training
 * however it ended).
 */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

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

static double now_s(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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

static nnc_status check_y(const nnc_model *m, const nnc_tensor *y, const char *fn) {
  int64_t units = keras_out_units(m);
  if (keras_sparse(m)) {
    if (y->rank != 1 && !(y->rank == 2 && y->shape[1] == 1))
      return base_error(NNC_ERR_SHAPE, "%s: y must hold class ids, [n] or [n, 1], found rank %d "
                      "with %lld columns", fn, y->rank, (long long)nnc_tensor_dim(y, 1));
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
                    "rank %d with %lld columns", fn, (long long)units, y->rank,
                    (long long)nnc_tensor_dim(y, 1));
  return NNC_OK;
}

nnc_status keras_check_data(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y, const char *fn) {
  if (!m || !x)
    return base_error(NNC_ERR_ARG, "%s: %s is NULL", fn, m ? "x" : "model");
  if (!m->compiled)
    return base_error(NNC_ERR_ARG, "%s: the model is not compiled (call nnc_model_compile first)", fn);
  if (x->dtype != m->copt.dtype)
    return base_error(NNC_ERR_TYPE, "%s: x is %s but the model is compiled for %s", fn,
                    rt_dtype_name(x->dtype), rt_dtype_name(m->copt.dtype));
  if (x->rank != 2)
    return base_error(NNC_ERR_SHAPE, "%s: x must be [samples, features], found rank %d", fn, x->rank);
  if (m->features > 0 && x->shape[1] != m->features)
    return base_error(NNC_ERR_SHAPE, "%s: x has %lld features, the model's input has %lld", fn,
                    (long long)x->shape[1], (long long)m->features);
  if (x->shape[0] == 0 || x->shape[1] == 0)
    return base_error(NNC_ERR_SHAPE, "%s: x is empty ([%lld, %lld])", fn, (long long)x->shape[0],
                    (long long)x->shape[1]);
  if (y && y->shape[0] != x->shape[0])
    return base_error(NNC_ERR_SHAPE, "%s: x has %lld samples but y has %lld", fn,
                    (long long)x->shape[0], (long long)(y->rank ? y->shape[0] : 1));
  nnc_status s = y ? check_y(m, y, fn) : NNC_OK;
  if (s == NNC_OK)
    s = keras_model_build(m, x->shape[1]);
  return s;
}

void keras_gather(const nnc_model *m, Variant *v, const nnc_tensor *x, const nnc_tensor *y,
               const int64_t *idx, int64_t start, int64_t n) {
  size_t es = rt_dtype_size(x->dtype), row = (size_t)m->features * es;
  int64_t yw = keras_sparse(m) ? 1 : keras_out_units(m);
  size_t ys = y ? rt_dtype_size(y->dtype) : 0, yes = rt_dtype_size(m->copt.dtype);
  for (int64_t r = 0; r < n; r++) {
    int64_t src = idx ? idx[start + r] : start + r;
    memcpy((char *)v->x->data + (size_t)r * row, (const char *)x->data + (size_t)src * row, row);
    if (y)
      rt_convert((char *)v->y->data + (size_t)(r * yw) * yes, m->copt.dtype,
                 (const char *)y->data + (size_t)(src * yw) * ys, y->dtype, yw);
  }
}

/* Loss and accuracy of samples [start, start+count) of x, y through EVAL variants. */
static nnc_status eval_range(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y,
                             int64_t start, int64_t count, int64_t bs, nnc_metrics *out) {
  double loss = 0;
  int64_t correct = 0;
  for (int64_t at = 0; at < count; at += bs) {
    int64_t b = count - at < bs ? count - at : bs;
    Variant *v;
    nnc_status s = keras_variant_get(m, VAR_EVAL, b, &v);
    if (s != NNC_OK)
      return s;
    keras_gather(m, v, x, y, NULL, start + at, b);
    keras_variant_run(m, v);
    loss += keras_variant_loss(v) * (double)b;
    if (m->copt.accuracy)
      correct += keras_accuracy_count(m, v->pred, v->y, b);
  }
  out->loss = loss / (double)count;
  out->accuracy = m->copt.accuracy ? (double)correct / (double)keras_accuracy_total(m, count) : NAN;
  return NNC_OK;
}

nnc_status nnc_model_evaluate(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y,
                              int64_t batch_size, nnc_metrics *out) {
  const char *fn = "nnc_model_evaluate";
  if (!y || !out)
    return base_error(NNC_ERR_ARG, "%s: %s is NULL", fn, y ? "out" : "y");
  if (batch_size < 1)
    return base_error(NNC_ERR_ARG, "%s: batch_size must be at least 1, found %lld", fn,
                    (long long)batch_size);
  nnc_status s = keras_check_data(m, x, y, fn);
  if (s != NNC_OK)
    return s;
  return eval_range(m, x, y, 0, x->shape[0], batch_size, out);
}

nnc_status nnc_model_predict(nnc_model *m, const nnc_tensor *x, int64_t batch_size,
                             nnc_tensor **out) {
  const char *fn = "nnc_model_predict";
  if (!out)
    return base_error(NNC_ERR_ARG, "%s: out is NULL", fn);
  *out = NULL;
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
    s = keras_variant_get(m, VAR_PREDICT, b, &v);
    if (s != NNC_OK)
      break;
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

/* Copies of every weight and optimizer buffer (the NaN guard's), or of the weights alone
 * (EarlyStopping's best epoch). */
typedef struct {
  int n;
  nnc_tensor **live;          /* the model's tensors (not owned) */
  nnc_tensor **copy;          /* owned */
} Snapshot;

static void snapshot_free(Snapshot *sn) {
  for (int i = 0; i < sn->n; i++)
    nnc_tensor_free(sn->copy[i]);
  base_free(sn->live);
  base_free(sn->copy);
}

/* The weights, and the optimizer state too when `states`. */
static nnc_status snapshot_init(nnc_model *m, Snapshot *sn, bool states) {
  int cap = 2 * m->nlayers + (states ? m->nstates : 0);
  sn->n = 0;
  sn->live = base_calloc((size_t)cap + 1, sizeof *sn->live);
  sn->copy = base_calloc((size_t)cap + 1, sizeof *sn->copy);
  if (!sn->live || !sn->copy)
    return base_error(NNC_ERR_NOMEM, "nnc_model_fit: out of memory");
  for (int i = 0; i < m->nlayers; i++) {
    sn->live[sn->n++] = m->layers[i].kernel;
    if (m->layers[i].bias)
      sn->live[sn->n++] = m->layers[i].bias;
  }
  for (int i = 0; states && i < m->nstates; i++)
    sn->live[sn->n++] = m->states[i].t;
  for (int i = 0; i < sn->n; i++)
    if (rt_tensor_copy(sn->live[i], &sn->copy[i]) != NNC_OK)
      return NNC_ERR_NOMEM;
  return NNC_OK;
}

static void snapshot_copy(Snapshot *sn, bool restore) {
  for (int i = 0; i < sn->n; i++) {
    nnc_tensor *dst = restore ? sn->live[i] : sn->copy[i];
    const nnc_tensor *src = restore ? sn->copy[i] : sn->live[i];
    memcpy(dst->data, src->data, (size_t)src->numel * rt_dtype_size(src->dtype));
  }
}

/* EarlyStopping's memory, as Keras keeps it. */
typedef struct {
  double best;                /* NaN until the first epoch is seen */
  int wait;                   /* epochs since the last improvement */
  int best_epoch;             /* from 1; 0 before any */
  int stopped_epoch;          /* from 1; 0 when it did not stop training */
  Snapshot weights;           /* the best epoch's weights (restore_best_weights) */
} Stopper;

typedef struct {
  nnc_model *m;
  const nnc_tensor *x, *y;
  const nnc_tensor *xv, *yv;  /* validation data: the given one, or the tail of x and y */
  int64_t vstart;             /* its first sample */
  const nnc_fit_options *f;
  int64_t ntrain, nval;
  int64_t *idx;               /* [ntrain] sample order of this epoch (owned) */
  Variant *full, *last;       /* training steps for batch_size and ntrain % batch_size */
  unsigned cancels;           /* nnc_cancel's count when the fit started */
  Snapshot snap;              /* the NaN guard's copy of the training state ... */
  int64_t snap_step;          /* ... after this many steps of the current epoch */
  Stopper stop;
} Fit;

/* Runs step `step` (from 1) of the epoch: its rows of the epoch's order, its variant. */
static Variant *run_step(Fit *ft, int64_t step, int64_t *b) {
  int64_t bs = ft->f->batch_size, at = (step - 1) * bs;
  *b = ft->ntrain - at < bs ? ft->ntrain - at : bs;
  Variant *v = *b == ft->full->batch ? ft->full : ft->last;
  keras_gather(ft->m, v, ft->x, ft->y, ft->idx, at, *b);
  keras_variant_run(ft->m, v);
  return v;
}

static bool cancelled(const Fit *ft) {
  return atomic_load_explicit(&cancels, memory_order_relaxed) != ft->cancels;
}

/* Restores the guard's copy and replays the epoch's steps after it up to `to`. */
static void replay(Fit *ft, int64_t to) {
  int64_t b;
  snapshot_copy(&ft->snap, true);
  for (int64_t k = ft->snap_step + 1; k <= to; k++)
    run_step(ft, k, &b);
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

static bool state_finite(const Snapshot *sn) {
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

/* "; x holds NaN in sample S, feature F" when the step's batch does (else ""). */
static void bad_input(const Fit *ft, const Variant *v, int64_t step, int64_t b, char *buf,
                      size_t n) {
  int64_t feats = ft->m->features, at = (step - 1) * ft->f->batch_size;
  buf[0] = 0;
  for (int64_t i = 0; i < b * feats; i++) {
    double x = rt_tensor_get(v->x, i);
    if (!isfinite(x)) {
      snprintf(buf, n, "; x holds %s in sample %lld, feature %lld", nonfinite_name(x),
               (long long)ft->idx[at + i / feats], (long long)(i % feats));
      return;
    }
  }
}

/* A step in (snap_step, upto] gave a NaN or Inf loss or left one in the training state:
 * replays from the guard's copy to find the first such step, describes it, and puts back
 * the state after the step before it. */
static nnc_status numeric_error(Fit *ft, int epoch, int64_t upto) {
  char what[320] = "", name[256], input[96] = "", kept[96];
  int64_t step = upto, b;
  snapshot_copy(&ft->snap, true);
  for (int64_t k = ft->snap_step + 1; k <= upto; k++) {
    Variant *v = run_step(ft, k, &b);
    double l = keras_variant_loss(v);
    if (!isfinite(l))
      snprintf(what, sizeof what, "the loss is %s", nonfinite_name(l));
    else if (name_nonfinite(ft->m, name, sizeof name))
      snprintf(what, sizeof what, "the update made %.256s", name);
    if (what[0]) {
      step = k;
      bad_input(ft, v, k, b, input, sizeof input);
      break;
    }
  }
  if (!what[0]) /* not seen again: a step that is not deterministic */
    snprintf(what, sizeof what, "a NaN or Inf appeared in the loss or the training state");
  replay(ft, step - 1);
  if (step == 1)
    snprintf(kept, sizeof kept, "at the start of epoch %d", epoch);
  else
    snprintf(kept, sizeof kept, "after step %lld of epoch %d, the last good step",
             (long long)(step - 1), epoch);
  return base_error(NNC_ERR_NUMERIC, "nnc_model_fit: %s at epoch %d, step %lld; the weights and "
                  "optimizer state are kept as they were %s%s", what, epoch, (long long)step,
                  kept, input);
}

/* The guard between steps: checks the training state after `done` steps of the epoch and,
 * when it is finite, copies it (the point later failures rewind to). */
static nnc_status guard_point(Fit *ft, int epoch, int64_t done, bool copy) {
  if (!state_finite(&ft->snap))
    return numeric_error(ft, epoch, done);
  if (copy) {
    snapshot_copy(&ft->snap, false);
    ft->snap_step = done;
  }
  return NNC_OK;
}

static nnc_status run_epoch(Fit *ft, int epoch, nnc_epoch_log *log) {
  nnc_model *m = ft->m;
  int64_t bs = ft->f->batch_size, correct = 0, step = 1;
  double loss = 0, t0 = now_s();
  for (int64_t at = 0; at < ft->ntrain; at += bs, step++) {
    nnc_status s = NNC_OK;
    if (step > 1 && (step - 1) % GUARD_EVERY == 0)
      s = guard_point(ft, epoch, step - 1, true);
    if (s == NNC_OK && cancelled(ft) && (s = guard_point(ft, epoch, step - 1, false)) == NNC_OK)
      s = base_error(NNC_ERR_CANCELLED, "nnc_model_fit: cancelled at epoch %d before step "
                     "%lld; the weights are those after the step before, and the last epoch "
                     "finished is %d", epoch, (long long)step, epoch - 1);
    if (s != NNC_OK)
      return s;
    int64_t b;
    Variant *v = run_step(ft, step, &b);
    double l = keras_variant_loss(v);
    if (!isfinite(l))
      return numeric_error(ft, epoch, step);
    loss += l * (double)b;
    if (m->copt.accuracy)
      correct += keras_accuracy_count(m, v->pred, v->y, b);
    if (ft->f->on_batch)
      ft->f->on_batch(&(nnc_batch_log){epoch, ft->f->epochs, step, (ft->ntrain + bs - 1) / bs,
                      loss / (double)(at + b), m->copt.accuracy ? (double)correct /
                      (double)keras_accuracy_total(m, at + b) : NAN, now_s() - t0}, ft->f->user);
  }
  nnc_status s = guard_point(ft, epoch, step - 1, false);
  if (s != NNC_OK)
    return s;
  log->seconds = now_s() - t0;
  log->loss = loss / (double)ft->ntrain;
  if (m->copt.accuracy)
    log->accuracy = (double)correct / (double)keras_accuracy_total(m, ft->ntrain);
  return NNC_OK;
}

static void print_log(const nnc_epoch_log *log, int epochs, bool acc, bool val) {
  fprintf(stderr, "Epoch %d/%d - %.2fs - loss: %.4f", log->epoch, epochs, log->seconds, log->loss);
  if (acc)
    fprintf(stderr, " - accuracy: %.4f", log->accuracy);
  if (val)
    fprintf(stderr, " - val_loss: %.4f", log->val_loss);
  if (val && acc)
    fprintf(stderr, " - val_accuracy: %.4f", log->val_accuracy);
  fputc('\n', stderr);
}

/* ---- early stopping ---- */

nnc_early_stopping nnc_early_stopping_defaults(void) {
  nnc_early_stopping e = {.enabled = 1, .monitor = NNC_MONITOR_VAL_LOSS, .min_delta = 0,
                          .patience = 0, .mode = NNC_MODE_AUTO, .restore_best_weights = 0,
                          .verbose = 0};
  return e;
}

/* The monitored quantities: names/monitors.def's rows. */
static const struct {
  size_t field;                 /* offset of its double in nnc_epoch_log */
  nnc_mode mode;                /* NNC_MODE_MIN or _MAX: what 'auto' means */
  unsigned needs;               /* NEED_VAL, NEED_ACCURACY */
} monitors[] = {
#define MONITOR(id, name, field, mode, needs, doc) \
  [NNC_MONITOR_##id] = {offsetof(nnc_epoch_log, field), NNC_MODE_##mode, needs},
#include "monitors.def"
};

static double monitored(const nnc_epoch_log *log, nnc_monitor k) {
  double v;
  memcpy(&v, (const char *)log + monitors[k].field, sizeof v);
  return v;
}

static bool improved(const nnc_early_stopping *es, double v, double best) {
  bool max = es->mode == NNC_MODE_MAX ||
             (es->mode == NNC_MODE_AUTO && monitors[es->monitor].mode == NNC_MODE_MAX);
  if (isnan(best))
    return true;
  return max ? v - es->min_delta > best : v + es->min_delta < best;
}

/* Keras's EarlyStopping.on_epoch_end: true when training should stop after this epoch. */
static bool stop_check(Fit *ft, const nnc_epoch_log *log) {
  const nnc_early_stopping *es = &ft->f->early_stopping;
  Stopper *st = &ft->stop;
  double v = monitored(log, es->monitor);
  if (!es->enabled || isnan(v))
    return false;
  if (es->restore_best_weights && st->best_epoch == 0) {
    snapshot_copy(&st->weights, false);
    st->best_epoch = log->epoch;
  }
  st->wait++;
  if (improved(es, v, st->best)) {
    st->best = v;
    st->best_epoch = log->epoch;
    if (es->restore_best_weights)
      snapshot_copy(&st->weights, false);
    st->wait = 0;
    return false;
  }
  if (st->wait >= es->patience && log->epoch > 1) {
    st->stopped_epoch = log->epoch;
    return true;
  }
  return false;
}

/* Keras's EarlyStopping.on_train_end. */
static void stop_end(Fit *ft) {
  const nnc_early_stopping *es = &ft->f->early_stopping;
  Stopper *st = &ft->stop;
  if (!es->enabled)
    return;
  if (st->stopped_epoch && es->verbose)
    fprintf(stderr, "Epoch %d: early stopping\n", st->stopped_epoch);
  if (es->restore_best_weights && st->best_epoch > 0) {
    if (es->verbose)
      fprintf(stderr, "Restoring model weights from the end of the best epoch: %d.\n",
              st->best_epoch);
    snapshot_copy(&st->weights, true);
  }
}

static nnc_status fit_epochs(Fit *ft) {
  nnc_model *m = ft->m;
  const nnc_fit_options *f = ft->f;
  for (int done = f->initial_epoch; done < f->epochs; done++) { /* e never passes INT_MAX */
    int e = done + 1;
    nnc_epoch_log log = {e, NAN, NAN, NAN, NAN, 0};
    snapshot_copy(&ft->snap, false);
    ft->snap_step = 0;
    for (int64_t i = 0; i < ft->ntrain; i++)
      ft->idx[i] = i;
    if (f->shuffle)
      rt_rng_shuffle(&m->shuffle_rng, ft->idx, ft->ntrain);
    nnc_status s = run_epoch(ft, e, &log);
    if (s == NNC_OK && ft->nval > 0) {
      nnc_metrics vm;
      s = eval_range(m, ft->xv, ft->yv, ft->vstart, ft->nval, f->batch_size, &vm);
      log.val_loss = vm.loss;
      log.val_accuracy = vm.accuracy;
    }
    if (s != NNC_OK)
      return s;
    m->epoch = e;
    if (f->verbose)
      print_log(&log, f->epochs, m->copt.accuracy != 0, ft->nval > 0);
    bool stop = stop_check(ft, &log);
    if (f->on_epoch && f->on_epoch(&log, f->user) != 0)
      stop = true;
    if (stop)
      break;
  }
  stop_end(ft);
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
  return NNC_OK;
}

static nnc_status check_early_stopping(const nnc_model *m, const nnc_fit_options *f) {
  const char *fn = "nnc_model_fit: early_stopping";
  const nnc_early_stopping *es = &f->early_stopping;
  if (!es->enabled)
    return NNC_OK;
  if (!nnc_monitor_name(es->monitor) || (unsigned)es->mode > NNC_MODE_MAX)
    return base_error(NNC_ERR_ARG, "%s: unknown %s %d", fn,
                    (unsigned)es->mode > NNC_MODE_MAX ? "mode" : "monitor",
                    (unsigned)es->mode > NNC_MODE_MAX ? (int)es->mode : (int)es->monitor);
  if (!(es->min_delta >= 0) || !isfinite(es->min_delta) || es->patience < 0)
    return base_error(NNC_ERR_ARG, "%s: min_delta and patience must be >= 0, found %g and %d", fn,
                    es->min_delta, es->patience);
  bool val = monitors[es->monitor].needs & NEED_VAL;
  bool acc = monitors[es->monitor].needs & NEED_ACCURACY;
  if (val && !f->x_val && f->validation_split == 0)
    return base_error(NNC_ERR_ARG, "%s: monitors %s, but fit has no validation data (give "
                    "validation_split or validation_data)", fn, nnc_monitor_name(es->monitor));
  if (acc && !m->copt.accuracy)
    return base_error(NNC_ERR_ARG, "%s: monitors %s, but the model was compiled without the "
                    "accuracy metric", fn, nnc_monitor_name(es->monitor));
  return NNC_OK;
}

/* Splits the samples, compiles the training steps and snapshots the weights. */
static nnc_status fit_prepare(Fit *ft) {
  int64_t n = ft->x->shape[0], bs = ft->f->batch_size;
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
  ft->idx = base_malloc((size_t)ft->ntrain * sizeof *ft->idx);
  if (!ft->idx)
    return base_error(NNC_ERR_NOMEM, "nnc_model_fit: out of memory");
  nnc_status s = keras_variant_get(ft->m, VAR_TRAIN, ft->ntrain < bs ? ft->ntrain : bs, &ft->full);
  ft->last = ft->full;
  if (s == NNC_OK && ft->ntrain > bs && ft->ntrain % bs)
    s = keras_variant_get(ft->m, VAR_TRAIN, ft->ntrain % bs, &ft->last);
  if (s == NNC_OK)
    s = snapshot_init(ft->m, &ft->snap, true);
  char name[256];
  if (s == NNC_OK && !state_finite(&ft->snap) && name_nonfinite(ft->m, name, sizeof name))
    s = base_error(NNC_ERR_NUMERIC, "nnc_model_fit: %s before training; nothing was trained",
                   name);
  ft->stop.best = NAN;
  if (s == NNC_OK && ft->f->early_stopping.enabled && ft->f->early_stopping.restore_best_weights)
    s = snapshot_init(ft->m, &ft->stop.weights, false);
  return s;
}

nnc_status nnc_model_fit(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y,
                         const nnc_fit_options *f) {
  nnc_fit_options defaults = nnc_fit_defaults();
  if (!f)
    f = &defaults;
  if (!y)
    return base_error(NNC_ERR_ARG, "nnc_model_fit: y is NULL");
  nnc_status s = check_fit(f);
  if (s == NNC_OK)
    s = keras_check_data(m, x, y, "nnc_model_fit");
  if (s == NNC_OK && f->x_val)
    s = keras_check_data(m, f->x_val, f->y_val, "nnc_model_fit: validation_data");
  if (s == NNC_OK)
    s = check_early_stopping(m, f);
  if (s != NNC_OK)
    return s;
  Fit ft = {.m = m, .x = x, .y = y, .f = f, .cancels = atomic_load(&cancels)};
  atomic_fetch_add(&fits_running, 1);
  s = fit_prepare(&ft);
  if (s == NNC_OK) {
    m->optimizer_built = true;  /* as Keras's fit builds the optimizer before its first step */
    s = fit_epochs(&ft);
  }
  atomic_fetch_sub(&fits_running, 1);
  snapshot_free(&ft.snap);
  snapshot_free(&ft.stop.weights);
  base_free(ft.idx);
  return s;
}
