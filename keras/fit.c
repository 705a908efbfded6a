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
 * NaN guard: a NaN or Inf loss stops training with NNC_ERR_NUMERIC naming the epoch and
 * step, keeping the weights and optimizer state of the last good step (those the bad loss
 * was computed from). Copying every weight and optimizer buffer before each step would cost
 * a measurable share of a small model's step, so the copy is taken at the start of each
 * epoch and every GUARD_EVERY steps; on a bad loss the copy is restored and the steps since
 * are replayed (steps are deterministic), which costs nothing until training has failed.
 * Measured with examples/c/digits (seed model, batch 32, 30 alternating runs): a copy before
 * every step cost 4-10% of samples/s; every 64 steps was within the noise of once an epoch.
 * validation_data replaces validation_split; initial_epoch starts the count as Keras does;
 * EarlyStopping follows Keras 3's callback line by line (wait counted before the
 * comparison, no stop at the very first epoch, best weights restored at the end of training
 * however it ended).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "keras.h"

enum { GUARD_EVERY = 64 }; /* steps between the NaN guard's copies of the training state */

static double now_s(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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
static int snap_weight(void *user, const char *name, Weight *w) {
  Snapshot *sn = user;
  (void)name;
  sn->live[sn->n++] = w->t;
  return 0;
}

static int count_weight(void *user, const char *name, Weight *w) {
  (void)name, (void)w;
  ++*(int *)user;
  return 0;
}

/* The weights, and the optimizer state too when `states`. */
static nnc_status snapshot_init(nnc_model *m, Snapshot *sn, bool states) {
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

static bool all_finite(const Snapshot *sn) {
  for (int i = 0; i < sn->n; i++)
    for (int64_t k = 0; k < sn->live[i]->numel; k++)
      if (!isfinite(rt_tensor_get(sn->live[i], k)))
        return false;
  return true;
}

/* Restores the guard's copy and replays the epoch's steps after it up to `to`. */
static void replay(Fit *ft, int64_t to) {
  int64_t b;
  snapshot_copy(&ft->snap, true);
  for (int64_t k = ft->snap_step + 1; k <= to; k++)
    run_step(ft, k, &b);
}

/* After step `bad` gave a NaN or Inf loss: puts back the training state after step bad-1,
 * or, should that hold a NaN or Inf itself (an update that overflowed while its loss was
 * still finite), after the latest step since the guard's copy whose state is all finite.
 * Returns that step (0: the start of the epoch). */
static int64_t rewind_to_good(Fit *ft, int64_t bad) {
  int64_t good = bad - 1, b;
  snapshot_copy(&ft->snap, true);
  for (int64_t k = ft->snap_step + 1; k <= good; k++) {
    run_step(ft, k, &b);
    if (!all_finite(&ft->snap)) {
      good = k - 1;
      break;
    }
  }
  if (good < bad - 1)
    replay(ft, good);
  return good;
}

static nnc_status numeric_error(Fit *ft, int epoch, int64_t step, double l) {
  int64_t good = rewind_to_good(ft, step);
  char kept[96];
  if (good == 0)
    snprintf(kept, sizeof kept, "at the start of epoch %d", epoch);
  else
    snprintf(kept, sizeof kept, "after step %lld of epoch %d, the last good step",
             (long long)good, epoch);
  return base_error(NNC_ERR_NUMERIC, "nnc_model_fit: the loss is %s at epoch %d, step %lld; the "
                  "weights and optimizer state are kept as they were %s",
                  isnan(l) ? "NaN" : "Inf", epoch, (long long)step, kept);
}

static nnc_status run_epoch(Fit *ft, int epoch, nnc_epoch_log *log) {
  nnc_model *m = ft->m;
  int64_t bs = ft->f->batch_size, correct = 0;
  double loss = 0, t0 = now_s();
  for (int64_t at = 0, step = 1; at < ft->ntrain; at += bs, step++) {
    if (step > 1 && (step - 1) % GUARD_EVERY == 0) {
      snapshot_copy(&ft->snap, false);
      ft->snap_step = step - 1;
    }
    int64_t b;
    Variant *v = run_step(ft, step, &b);
    double l = keras_variant_loss(v);
    if (!isfinite(l))
      return numeric_error(ft, epoch, step, l);
    loss += l * (double)b;
    if (m->copt.accuracy)
      correct += keras_accuracy_count(m, v->pred, v->y, b);
    if (ft->f->on_batch)
      ft->f->on_batch(&(nnc_batch_log){epoch, ft->f->epochs, step, (ft->ntrain + bs - 1) / bs,
                      loss / (double)(at + b), m->copt.accuracy ? (double)correct /
                      (double)keras_accuracy_total(m, at + b) : NAN, now_s() - t0}, ft->f->user);
  }
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
  for (int e = f->initial_epoch + 1; e <= f->epochs; e++) {
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
  Fit ft = {.m = m, .x = x, .y = y, .f = f};
  s = fit_prepare(&ft);
  if (s == NNC_OK) {
    m->optimizer_built = true;  /* as Keras's fit builds the optimizer before its first step */
    s = fit_epochs(&ft);
  }
  snapshot_free(&ft.snap);
  snapshot_free(&ft.stop.weights);
  base_free(ft.idx);
  return s;
}
