/* keras_fit.c — model.fit: the runtime's training loop with Keras's History and callbacks.
 *
 * fit builds nnc_fit_options from its arguments and the callbacks (Keras's built-in ones,
 * names/callbacks.def's rows, are the runtime's own; LearningRateScheduler's schedule and a
 * user's keras.callbacks.Callback subclass are called from the runtime's hooks, the user's
 * at their place in the list, on one logs dict that goes back and forth), gives the
 * host its chance (before_fit: the nnc command's progress display and logs), trains, and
 * returns a History whose .history holds one list of Python floats per quantity, named as
 * Keras names them: accuracy, loss, val_accuracy, val_loss, and learning_rate with the
 * callbacks that change it.
 * A callback that raises stops training; the exception goes on from the fit call. Setting
 * self.model.stop_training = True in a callback stops it too, as in Keras.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pylib.h"
#include "saving.h"

static const nnc_callback runtime_callback[] = { /* by PL_CB_ row */
#define CALLBACK(id, cls, member, params, doc) [PL_CB_##id] = NNC_CALLBACK_##id,
#include "callbacks.def"
};

enum { NBUILTIN = sizeof runtime_callback / sizeof *runtime_callback };

typedef struct {
  Interp *I;
  PlModel *pm;
  Obj *history;       /* dict: quantity -> list of floats */
  Obj *epochs;        /* list of epoch numbers (from 0) */
  Obj *callbacks;     /* list of the user's callback objects */
  int last;           /* the last epoch fit will run (from 1) */
  bool batch_hooks;   /* a callback overrides a batch or test hook (batch_hooks()) */
  bool validates;     /* the fit has validation data: Keras's test hooks run */
  Obj *schedule;      /* LearningRateScheduler's function (borrowed from its callback) */
  /* The list as the runtime runs it: the built-in ones, and a NNC_CALLBACK_USER slot for
   * each run of the user's between them; the last slot, History's, ends the list. */
  nnc_callback order[2 * NBUILTIN + 1];
  int64_t slot_end[NBUILTIN + 1]; /* slot k runs callbacks[slot_end[k - 1] .. slot_end[k]) */
  int nslots;
  Obj *logs;          /* the logs dict of the epoch ending, shared down the list */
  Obj *last_logs;     /* the last finished epoch's, which on_train_end gets */
  bool failed;        /* a callback raised: the exception is pending */
} FitCtx;

/* Calls cb.name(*args) on the user callbacks [from, to); false when one raised. */
static bool notify_range(FitCtx *c, int64_t from, int64_t to, const char *name,
                         Obj *const *args, int n) {
  return pl_hooks_notify(c->I, c->callbacks, from, to, name, args, n);
}

/* Calls cb.name(*args) on every user callback; false when one raised. */
static bool notify(FitCtx *c, const char *name, Obj *const *args, int n) {
  return notify_range(c, 0, INT64_MAX, name, args, n);
}

/* Calls cb.name(number, logs) on every user callback, logs NULL being {}. */
static bool notify_at(FitCtx *c, const char *name, int64_t number, Obj *logs) {
  return pl_hooks_at(c->I, c->callbacks, name, number, logs);
}

/* ---- the logs at the end of an epoch, shared with the runtime's callbacks ---- */

/* A Python number or a numpy scalar (a 0-d array). */
static bool is_number(Interp *I, Obj *v) {
  return fe_is_number(I, v) || (pl_is_array(v) && PL_ND(v)->ndim == 0);
}

/* dict[key] = the runtime's value, unless the dict holds it already (a vector metric's
 * array stays the object it was; a number set by a callback came back the same). */
static bool take_value(Interp *I, Obj *dict, const char *key, const double *v, int64_t n) {
  Obj *old = fe_dict_getstr(I, dict, key);
  double d;
  if (old && (n > 1 || (is_number(I, old) && fe_as_double(I, old, &d) == 0 &&
                        (d == *v || (isnan(d) && isnan(*v))))))
    return true;
  Obj *o = pl_metric_value(I, *v, n > 1 ? v : NULL, n);
  bool good = o && fe_dict_setstr(I, dict, key, o) == 0;
  fe_decref(I, o);
  return good;
}

/* The runtime's logs into c->logs. Made at the epoch's first slot: the keys sorted, as
 * Keras's pythonify_logs sorts the epoch's, but learning_rate, which a callback adds after
 * them; later keys go at the end, as a callback's assignment puts them. */
static bool logs_in(FitCtx *c, const nnc_logs *l) {
  Interp *I = c->I;
  if (!c->logs && !(c->logs = fe_dict_new(I)))
    return false;
  for (int pass = 0; pass < 2; pass++)
    for (int i = 0; i < nnc_logs_count(l); i++) {
      const char *key = nnc_logs_key(l, i);
      const double *v;
      int64_t n = nnc_logs_values(l, i, &v);
      if ((strcmp(key, "learning_rate") == 0) == pass && !take_value(I, c->logs, key, v, n))
        return false;
    }
  return true;
}

/* The numbers the callbacks put in c->logs back to the runtime, for the built-in callbacks
 * after them; other values (strings, arrays) stay in the dict, for History. */
static bool logs_out(FitCtx *c, nnc_logs *l) {
  Interp *I = c->I;
  int64_t pos = 0;
  Obj *k, *v;
  while (fe_dict_next(c->logs, &pos, &k, &v)) {
    double d;
    if (!FE_ISA(I, k, str) || !is_number(I, v))
      continue;
    if (fe_as_double(I, v, &d) < 0)
      return false;
    nnc_status s = nnc_logs_set(l, FE_STR(k)->s, d);
    if (s != NNC_OK)
      return pl_raise_status(I, s), false;
  }
  return true;
}

static bool record(FitCtx *c, Obj *logs, int epoch) {
  Interp *I = c->I;
  int64_t pos = 0;
  Obj *k, *v;
  while (fe_dict_next(logs, &pos, &k, &v)) {
    int err = 0;
    Obj *l = fe_dict_get(I, c->history, k, &err);
    if (!l) {
      if (err || !(l = fe_list_new(I, 0)))
        return false;
      int r = fe_dict_set(I, c->history, k, l);
      fe_decref(I, l);
      if (r < 0)
        return false;
    }
    if (fe_list_append(I, l, v) < 0)
      return false;
  }
  Obj *n = fe_int(I, epoch);
  bool good = n && fe_list_append(I, c->epochs, n) == 0;
  fe_decref(I, n);
  return good;
}

static bool stop_requested(FitCtx *c) {
  Obj *s = fe_dict_getstr(c->I, c->pm->dict, "stop_training");
  return s && fe_truth(c->I, s) == 1;
}

/* Slot k of the list: the user callbacks of that run, each called with the logs as the
 * runtime's callbacks before them left them; History records them at the last slot. */
static int on_user_callback(int k, int epoch, nnc_logs *l, void *user) {
  FitCtx *c = user;
  Interp *I = c->I;
  Obj *num = fe_int(I, epoch - 1);
  bool good = num && logs_in(c, l) &&
              notify_range(c, k ? c->slot_end[k - 1] : 0, c->slot_end[k], "on_epoch_end",
                           (Obj *[]){num, c->logs}, 2) &&
              (k + 1 < c->nslots || record(c, c->logs, epoch - 1)) && logs_out(c, l);
  if (good && k + 1 == c->nslots) {
    fe_incref(c->logs);
    fe_setref(I, &c->last_logs, c->logs);
  }
  fe_decref(I, num);
  c->failed |= !good;
  return good ? NNC_FIT_CONTINUE : NNC_FIT_CANCEL;
}

static int on_epoch(const nnc_epoch_log *e, void *user) {
  FitCtx *c = user;
  Interp *I = c->I;
  bool good = true;
  fe_setref(I, &c->logs, NULL);
  if (e->epoch < c->last && !stop_requested(c)) {
    Obj *next = fe_int(I, e->epoch), *empty = next ? fe_dict_new(I) : NULL;
    Obj *args[2] = {next, empty};
    good = empty && notify(c, "on_epoch_begin", args, 2) &&
           (!c->batch_hooks || notify_at(c, "on_train_batch_begin", 0, NULL));
    fe_decref(I, next);
    fe_decref(I, empty);
  }
  if (!good) {
    c->failed = true;
    return 1;
  }
  return stop_requested(c);
}

static void on_batch(const nnc_batch_log *b, void *user) {
  FitCtx *c = user;
  Interp *I = c->I;
  if (c->failed)
    return;
  Obj *logs = pl_batch_logs(I, b);
  bool good = logs && notify_at(c, "on_train_batch_end", b->step - 1, logs);
  fe_decref(I, logs);
  /* What Keras calls next: the next batch's begin, or, once the epoch's batches are done
   * (stop_training ends them early), the validation's first hooks */
  bool last = b->step == b->steps || (good && stop_requested(c));
  if (good && last && b->step < b->steps)
    nnc_model_stop_training(c->pm->m);
  if (good && !last)
    good = notify_at(c, "on_train_batch_begin", b->step, NULL);
  else if (good && c->validates)
    good = pl_hooks_empty(I, c->callbacks, "on_test_begin") &&
           notify_at(c, "on_test_batch_begin", 0, NULL);
  c->failed |= !good;
}

/* Keras's test hooks for a batch of fit's validation: the batch's end with the running logs,
 * then the next batch's begin or, after the last, on_test_end with the same logs. */
static void on_val_batch(const nnc_batch_log *b, void *user) {
  FitCtx *c = user;
  if (c->failed)
    return;
  Obj *logs = pl_batch_logs(c->I, b);
  bool good = logs && notify_at(c, "on_test_batch_end", b->step - 1, logs) &&
              (b->step < b->steps ? notify_at(c, "on_test_batch_begin", b->step, NULL)
                                  : notify(c, "on_test_end", &logs, 1));
  fe_decref(c->I, logs);
  c->failed |= !good;
}

/* ---- the callbacks argument ---- */

/* monitor= and mode= of a callback: monitor any log key, as the callback object holds it
 * (alive through the fit). */
static void monitor_mode(Interp *I, Obj *cb, const char **key, nnc_mode *mode) {
  static const char *const modes[] = {"auto", "min", "max"};
  Obj *mon = pl_kobj_arg(I, cb, "monitor"), *md = pl_kobj_arg(I, cb, "mode");
  if (mon && FE_ISA(I, mon, str))
    *key = FE_STR(mon)->s;
  for (int i = 0; md && FE_ISA(I, md, str) && i < 3; i++)
    if (strcmp(FE_STR(md)->s, modes[i]) == 0)
      *mode = (nnc_mode)i;
}

static bool early_stopping(Interp *I, Obj *cb, nnc_fit_options *f) {
  nnc_early_stopping *es = &f->early_stopping;
  *es = nnc_early_stopping_defaults();
  monitor_mode(I, cb, &f->early_stopping_monitor, &es->mode);
  double d = 0;
  int64_t k = 0;
  if (fe_as_double(I, pl_kobj_arg(I, cb, "min_delta"), &d) == 0)
    es->min_delta = fabs(d);
  if (fe_as_int(I, pl_kobj_arg(I, cb, "patience"), &k) == 0)
    es->patience = (int)k;
  if (fe_as_int(I, pl_kobj_arg(I, cb, "verbose"), &k) == 0)
    es->verbose = k != 0;
  es->restore_best_weights = fe_truth(I, pl_kobj_arg(I, cb, "restore_best_weights")) == 1;
  Obj *base = pl_kobj_arg(I, cb, "baseline");
  es->has_baseline = base && base != &I->none && fe_as_double(I, base, &es->baseline) == 0;
  if (fe_as_int(I, pl_kobj_arg(I, cb, "start_from_epoch"), &k) == 0)
    es->start_from_epoch = (int)k;
  return !I->exc_pending;
}

static double num(Interp *I, Obj *cb, const char *name, double def) {
  double d;
  Obj *v = pl_kobj_arg(I, cb, name);
  return v && v != &I->none && fe_as_double(I, v, &d) == 0 ? d : def;
}

static const char *str(Interp *I, Obj *cb, const char *name) {
  Obj *v = pl_kobj_arg(I, cb, name);
  return v && FE_ISA(I, v, str) ? FE_STR(v)->s : NULL;
}

/* A callback's file name: as str, but a NUL inside it is Python's ValueError, since C would
 * read "a\0b.csv" as the file a. */
static const char *path(Interp *I, Obj *cb, const char *name) {
  Obj *v = pl_kobj_arg(I, cb, name);
  return v && FE_ISA(I, v, str) ? fe_path_bytes(I, v) : NULL;
}

/* LearningRateScheduler's schedule(epoch, lr), called by the runtime before each epoch; as
 * in Keras, a TypeError from it (a schedule of Keras 2's API, lambda epoch: ...) calls
 * schedule(epoch) instead. */
static double call_schedule(int epoch, double lr, void *user) {
  FitCtx *c = user;
  Interp *I = c->I;
  Obj *e = fe_int(I, epoch), *l = e ? fe_float(I, lr) : NULL;
  Obj *r = l ? fe_call(I, c->schedule, (Obj *[]){e, l}, 2, NULL) : NULL;
  if (!r && l && fe_exc_matches(I, I->exc_pending, (Obj *)I->exc[EXC_TypeError])) {
    fe_decref(I, fe_exc_take(I));
    r = fe_call(I, c->schedule, &e, 1, NULL);
  }
  double v = NAN;
  if (r && fe_as_double(I, r, &v) < 0)
    v = NAN;
  fe_decref(I, e);
  fe_decref(I, l);
  fe_decref(I, r);
  c->failed |= I->exc_pending != NULL;
  return v;
}

/* ModelCheckpoint's file names as Keras 3 checks them (a .keras or .h5 model, .weights.h5
 * weights; its ValueError otherwise), and nnc's own .safetensors (its checkpoint: the
 * weights and the whole training state, or the weights alone). */
static bool checkpoint_name(Interp *I, const nnc_model_checkpoint *k) {
  const char *p = k->filepath;
  if (keras_ends_with(p, ".safetensors"))
    return true;
  if (k->save_weights_only && !keras_ends_with(p, ".weights.h5")) {
    fe_throw(I, EXC_ValueError, "When using `save_weights_only=True` in `ModelCheckpoint`, the "
             "filepath provided must end in `.weights.h5` (Keras weights format). Received: "
             "filepath=%s", p);
    return false;
  }
  if (!k->save_weights_only && !keras_ends_with(p, ".keras") && !keras_ends_with(p, ".h5")) {
    fe_throw(I, EXC_ValueError, "The filepath provided must end in `.keras` (Keras model "
             "format). Received: filepath=%s", p);
    return false;
  }
  return true;
}

/* TensorBoard's arguments: what nnc does not write is refused by name when asked for
 * (write_images draws the histograms' weights, and embeddings_metadata the embeddings:
 * without them Keras ignores both, and so does nnc). */
static bool tensorboard(Interp *I, Obj *cb, nnc_fit_options *f) {
  static const char *const zero[] = {"histogram_freq", "profile_batch", "embeddings_freq"};
  const char *freq = str(I, cb, "update_freq");
  if (!freq || strcmp(freq, "epoch") != 0) {
    fe_throw(I, EXC_NotImplementedError, "TensorBoard(update_freq=...) other than 'epoch' is "
             "not supported by nnc yet");
    return false;
  }
  for (int i = 0; i < 3; i++)
    if (fe_truth(I, pl_kobj_arg(I, cb, zero[i])) != 0) {
      fe_throw(I, EXC_NotImplementedError, "TensorBoard(%s=...) other than 0 is not supported "
               "by nnc yet", zero[i]);
      return false;
    }
  nnc_tensorboard *t = &f->tensorboard;
  t->log_dir = path(I, cb, "log_dir");
  t->write_graph = fe_truth(I, pl_kobj_arg(I, cb, "write_graph")) == 1;
  t->write_steps_per_second = fe_truth(I, pl_kobj_arg(I, cb, "write_steps_per_second")) == 1;
  return !I->exc_pending;
}

/* A built-in callback other than EarlyStopping, as nnc_fit_options' member of its row. */
static bool builtin(Interp *I, Obj *cb, FitCtx *c, nnc_fit_options *f) {
  switch (((KObj *)cb)->id) {
  case PL_CB_REDUCE_LR_ON_PLATEAU: {
    nnc_reduce_lr_on_plateau *r = &f->reduce_lr_on_plateau;
    *r = nnc_reduce_lr_on_plateau_defaults();
    monitor_mode(I, cb, &f->reduce_lr_monitor, &r->mode);
    r->factor = num(I, cb, "factor", r->factor);
    r->patience = (int)num(I, cb, "patience", r->patience);
    r->verbose = num(I, cb, "verbose", 0) != 0;
    r->min_delta = num(I, cb, "min_delta", r->min_delta);
    r->cooldown = (int)num(I, cb, "cooldown", r->cooldown);
    r->min_lr = num(I, cb, "min_lr", r->min_lr);
    break;
  }
  case PL_CB_MODEL_CHECKPOINT: {
    nnc_model_checkpoint *k = &f->model_checkpoint;
    *k = nnc_model_checkpoint_defaults(path(I, cb, "filepath"));
    if (I->exc_pending)
      return false;
    const char *freq = str(I, cb, "save_freq");
    if (!freq || strcmp(freq, "epoch") != 0) {
      fe_throw(I, EXC_NotImplementedError,
               "ModelCheckpoint(save_freq=...) other than 'epoch' is not supported by nnc yet");
      return false;
    }
    monitor_mode(I, cb, &f->checkpoint_monitor, &k->mode);
    k->verbose = num(I, cb, "verbose", 0) != 0;
    k->save_best_only = fe_truth(I, pl_kobj_arg(I, cb, "save_best_only")) == 1;
    k->save_weights_only = fe_truth(I, pl_kobj_arg(I, cb, "save_weights_only")) == 1;
    if (!checkpoint_name(I, k))
      return false;
    k->initial_value_threshold = num(I, cb, "initial_value_threshold", NAN);
    break;
  }
  case PL_CB_CSV_LOGGER: {
    const char *sep = str(I, cb, "separator");
    if (!sep || strlen(sep) != 1) {
      fe_throw(I, EXC_TypeError, "CSVLogger: separator must be a 1-character string");
      return false;
    }
    const char *file = path(I, cb, "filename");
    if (I->exc_pending)
      return false;
    f->csv_logger = (nnc_csv_logger){file, sep[0],
                                     fe_truth(I, pl_kobj_arg(I, cb, "append")) == 1};
    break;
  }
  case PL_CB_LEARNING_RATE_SCHEDULER:
    c->schedule = pl_kobj_arg(I, cb, "schedule");
    f->lr_scheduler = (nnc_lr_scheduler){call_schedule, c, num(I, cb, "verbose", 0) != 0};
    break;
  case PL_CB_TENSORBOARD:
    return tensorboard(I, cb, f);
  case PL_CB_TERMINATE_ON_NAN: /* raise_error: nnc's error, as without the callback */
    f->terminate_on_nan = fe_truth(I, pl_kobj_arg(I, cb, "raise_error")) != 1;
    break;
  default:
    fe_throw(I, EXC_RuntimeError, "internal error: callback row %d", ((KObj *)cb)->id);
    return false;
  }
  return !I->exc_pending;
}

/* The user callback just listed joins the slot that ends the order, or opens one. */
static void user_slot(FitCtx *c, nnc_fit_options *f) {
  int n = f->ncallback_order;
  if (n == 0 || c->order[n - 1] != NNC_CALLBACK_USER) {
    c->order[f->ncallback_order++] = NNC_CALLBACK_USER;
    c->nslots++;
  }
  c->slot_end[c->nslots - 1] = FE_LIST(c->callbacks)->n;
}

/* Whether cb runs code of its own around each batch or in the validation: a method of its
 * class or a function on the instance (LambdaCallback's), under Keras 3's name or Keras 2's,
 * which Callback's on_train_batch_begin and _end call. Without one, fit needs no per-batch
 * calls from the runtime. */
static bool batch_hooks(Interp *I, Obj *cb) {
  static const char *const names[] = {
      "on_train_batch_begin", "on_train_batch_end", "on_batch_begin", "on_batch_end",
      "on_test_begin", "on_test_end", "on_test_batch_begin", "on_test_batch_end"};
  bool own = false;
  for (size_t i = 0; i < sizeof names / sizeof *names && !own; i++) {
    Obj *v = fe_getattr_str(I, cb, names[i]);
    own = v && !FE_IS(v, native);
    if (!v)
      fe_decref(I, fe_exc_take(I));
    fe_decref(I, v);
  }
  return own;
}

/* Sorts fit's callbacks into the order the runtime runs them in, as Keras runs the list:
 * the built-in ones (one of each kind) for the runtime, the user's in slots between them
 * for on_user_callback, History last. */
static bool callbacks(Interp *I, Obj *arg, FitCtx *c, nnc_fit_options *f) {
  f->callback_order = c->order;
  f->on_user_callback = on_user_callback;
  if (arg == &I->none)
    return user_slot(c, f), true;
  Obj *cls = NULL, *m = fe_import(I, "keras.callbacks");
  if (m)
    cls = fe_dict_getstr(I, ((Module *)m)->dict, "Callback");
  fe_decref(I, m);
  Obj *it = cls ? fe_iter(I, arg) : NULL;
  unsigned seen = 0; /* 1u << row of each built-in callback given */
  for (Obj *cb; it && (cb = fe_next(I, it));) {
    bool good = true;
    if (pl_is_kobj(I, cb, KK_EARLY_STOPPING, KK_CALLBACK)) {
      bool es = ((KObj *)cb)->kind == KK_EARLY_STOPPING;
      unsigned bit = 1u << (es ? PL_CB_EARLY_STOPPING : ((KObj *)cb)->id);
      if (seen & bit) {
        fe_throw(I, EXC_NotImplementedError, "more than one %s callback in one fit is not "
                 "supported by nnc yet", fe_typename(cb));
        good = false;
      } else {
        good = es ? early_stopping(I, cb, f) : builtin(I, cb, c, f);
        c->order[f->ncallback_order++] = runtime_callback[es ? PL_CB_EARLY_STOPPING
                                                             : ((KObj *)cb)->id];
      }
      seen |= bit;
    } else if (fe_isinstance(cb, (Class *)cls) && cb->cls->layout->user) {
      good = fe_list_append(I, c->callbacks, cb) == 0;
      if (good)
        user_slot(c, f);
      c->batch_hooks |= batch_hooks(I, cb);
    } else {
      fe_throw(I, EXC_TypeError, "callbacks must be callbacks such as EarlyStopping(...) or a "
               "keras.callbacks.Callback of your own, found %s", fe_typename(cb));
      good = false;
    }
    fe_decref(I, cb);
    if (!good)
      break;
  }
  fe_decref(I, it);
  user_slot(c, f); /* History's */
  return !I->exc_pending;
}

/* ---- fit ---- */

/* The History fit returns, its params as Keras 3's: verbose, epochs and the steps (batches)
 * of an epoch over the samples of x less the validation split. */
static Obj *history_object(Interp *I, FitCtx *c, const nnc_fit_options *f, int64_t samples) {
  Obj *m = fe_import(I, "keras.callbacks");
  Obj *cls = m ? fe_dict_getstr(I, ((Module *)m)->dict, "History") : NULL;
  fe_decref(I, m);
  int64_t train = f->x_val ? samples : (int64_t)((double)samples * (1.0 - f->validation_split));
  int64_t batch = f->batch_size > 0 ? f->batch_size : 32;
  Obj *h = cls ? fe_call0(I, cls) : NULL, *params = h ? fe_dict_new(I) : NULL;
  Obj *ep = params ? fe_int(I, f->epochs) : NULL, *verb = ep ? fe_int(I, f->verbose) : NULL;
  int64_t per_epoch = f->steps_per_epoch > 0 ? f->steps_per_epoch : (train + batch - 1) / batch;
  Obj *steps = verb ? fe_int(I, per_epoch) : NULL;
  bool good = steps && fe_dict_setstr(I, params, "verbose", verb) == 0 &&
              fe_dict_setstr(I, params, "epochs", ep) == 0 &&
              fe_dict_setstr(I, params, "steps", steps) == 0;
  fe_decref(I, ep);
  fe_decref(I, verb);
  fe_decref(I, steps);
  if (!good) {
    fe_decref(I, h);
    fe_decref(I, params);
    return NULL;
  }
  const char *names[] = {"history", "epoch", "params", "model"};
  Obj *values[] = {c->history, c->epochs, params, &c->pm->hd};
  for (int i = 0; i < 4; i++) {
    Obj *n = fe_str_cstr(I, names[i]);
    int r = n ? fe_setattr(I, h, n, values[i]) : -1;
    fe_decref(I, n);
    if (r < 0) {
      fe_decref(I, params);
      fe_decref(I, h);
      return NULL;
    }
  }
  fe_decref(I, params);
  return h;
}

/* Arguments of Keras's fit that nnc cannot honour yet, refused when given. */
static bool refuse_unsupported(Interp *I, Obj **args) {
  static const struct { int index; const char *name; } later[] = {
      {13, "validation_steps"},
  };
  for (size_t i = 0; i < sizeof later / sizeof later[0]; i++)
    if (args[later[i].index] != &I->none) {
      fe_throw(I, EXC_NotImplementedError, "fit(%s=...) is not supported by nnc yet",
               later[i].name);
      return false;
    }
  int64_t freq = 1;
  if (fe_as_int(I, args[15], &freq) < 0 || freq != 1) {
    fe_decref(I, fe_exc_take(I));
    fe_throw(I, EXC_NotImplementedError, "fit(validation_freq=...) is not supported by nnc yet");
    return false;
  }
  return true;
}

/* class_weight={class: weight} as nnc's array (classes it leaves out weigh 1, as Keras's
 * adapters fill them) into cw (PL_MAX_CLASS_WEIGHTS), and sample_weight as a tensor. */
enum { PL_MAX_CLASS_WEIGHTS = 1024 };
static bool weights(Interp *I, Obj *cw, Obj *sw, double *w, nnc_fit_options *f) {
  int64_t pos = 0, c;
  Obj *k, *v;
  if (cw != &I->none && !FE_ISA(I, cw, dict)) {
    fe_throw(I, EXC_TypeError, "class_weight must be a dict {class: weight}, found %s",
             fe_typename(cw));
    return false;
  }
  for (int i = 0; i < PL_MAX_CLASS_WEIGHTS; i++)
    w[i] = 1;
  while (cw != &I->none && fe_dict_next(cw, &pos, &k, &v)) {
    double x;
    if (fe_as_int(I, k, &c) < 0 || fe_as_double(I, v, &x) < 0)
      return false;
    if (c < 0 || c >= PL_MAX_CLASS_WEIGHTS) {
      fe_throw(I, EXC_ValueError, "class_weight: nnc takes classes 0 to %d, found %lld",
               PL_MAX_CLASS_WEIGHTS - 1, (long long)c);
      return false;
    }
    w[c] = x;
    f->class_weight = w;
    f->nclass_weights = f->nclass_weights > c + 1 ? f->nclass_weights : (int)c + 1;
  }
  if (cw != &I->none && !f->class_weight) {
    fe_throw(I, EXC_ValueError, "class_weight is empty");
    return false;
  }
  if (sw != &I->none)
    f->sample_weight = pl_tensor_from(I, sw, NNC_F64, false, "sample_weight");
  return sw == &I->none || f->sample_weight;
}

static bool validation(Interp *I, Obj *v, PlModel *pm, nnc_fit_options *f) {
  if (v == &I->none)
    return true;
  Obj *const *items;
  int64_t n;
  if (!fe_seq_items(I, v, &items, &n) || n != 2) {
    fe_throw(I, EXC_TypeError, "validation_data must be a tuple (x_val, y_val)");
    return false;
  }
  nnc_tensor *y;
  f->x_val = pl_model_xy(I, pm, items[0], "validation_data's x", items[1], &y,
                         "validation_data's y");
  f->y_val = y;
  return f->x_val != NULL;
}

Obj *pl_fit(Interp *I, PlModel *pm, Obj **args, bool repeat) {
  if (!refuse_unsupported(I, args))
    return NULL;
  if (!pm->compiled)
    return fe_throw(I, EXC_RuntimeError,
                    "the model is not compiled; call compile(...) before fit()");
  nnc_fit_options f = nnc_fit_defaults();
  FitCtx c = {.I = I, .pm = pm};
  Obj *h = NULL;
  nnc_tensor *y, *x = pl_model_xy(I, pm, args[0], "x", args[1], &y, "y");
  if (!x)
    goto done;
  int64_t k;
  if (args[2] != &I->none && fe_as_int(I, args[2], &k) == 0)
    f.batch_size = k;
  if (fe_as_int(I, args[3], &k) == 0)
    f.epochs = (int)k;
  f.verbose = fe_is_int(I, args[4]) ? (int)((Int *)args[4])->v : 1; /* 'auto' is 1 */
  if (fe_as_double(I, args[6], &f.validation_split) < 0 || fe_as_int(I, args[11], &k) < 0)
    goto done;
  f.initial_epoch = (int)k;
  /* Keras reads shuffle by its truth ('true' shuffles too), but for 'batch' */
  if (fe_str_is(args[8], "batch")) {
    fe_throw(I, EXC_NotImplementedError, "fit(shuffle='batch') is not supported by nnc yet");
    goto done;
  }
  int shuffle = fe_truth(I, args[8]);
  if (shuffle < 0)
    goto done;
  f.shuffle = shuffle == 1;
  if (args[12] != &I->none && fe_as_int(I, args[12], &f.steps_per_epoch) < 0)
    goto done;
  f.repeat = repeat;
  if (args[14] != &I->none && fe_as_int(I, args[14], &f.validation_batch_size) < 0)
    goto done;
  double class_weight[PL_MAX_CLASS_WEIGHTS];
  if (!weights(I, args[9], args[10], class_weight, &f))
    goto done;
  c.last = f.epochs;
  c.history = fe_dict_new(I);
  c.epochs = fe_list_new(I, 0);
  c.callbacks = fe_list_new(I, 0);
  if (!c.history || !c.epochs || !c.callbacks ||
      !validation(I, args[7], pm, &f) ||
      !callbacks(I, args[5], &c, &f))
    goto done;
  f.on_epoch = on_epoch;
  f.user = &c;
  c.validates = f.x_val || f.validation_split > 0;
  if (c.batch_hooks) {
    f.on_batch = on_batch;
    f.on_val_batch = on_val_batch;
  }
  if (!(h = history_object(I, &c, &f, nnc_tensor_dim(x, 0))))
    goto done;
  for (int64_t i = 0; i < FE_LIST(c.callbacks)->n; i++) {
    Obj *cb = FE_LIST(c.callbacks)->v[i];
    Obj *r1 = fe_call_method(I, cb, "set_model", (Obj *[]){&pm->hd}, 1);
    Obj *params = r1 ? fe_getattr_str(I, h, "params") : NULL;
    Obj *r2 = params ? fe_call_method(I, cb, "set_params", &params, 1) : NULL;
    fe_decref(I, r1);
    fe_decref(I, params);
    fe_decref(I, r2);
    if (!r2)
      goto done;
  }
  Obj *empty = fe_dict_new(I), *zero = fe_int(I, f.initial_epoch);
  bool started = empty && zero && notify(&c, "on_train_begin", &empty, 1) &&
                 notify(&c, "on_epoch_begin", (Obj *[]){zero, empty}, 2) &&
                 (!c.batch_hooks || notify_at(&c, "on_train_batch_begin", 0, NULL));
  fe_decref(I, empty);
  fe_decref(I, zero);
  if (!started)
    goto done;
  if (fe_dict_setstr(I, pm->dict, "stop_training",
                     &I->false_.hd) < 0)   /* as Keras: fit starts it over */
    goto done;
  PlState *st = pl_state(I);
  if (st->o.before_fit && st->o.before_fit(pm->m, x, y, &f, st->o.user)) {
    st->stopped = true;       /* the host has what it needs: end the run as sys.exit(0) */
    fe_setref(I, &h, NULL);
    Obj *e = fe_call0(I, &I->exc[EXC_SystemExit]->hd);
    if (e) {
      fe_raise(I, e);
      fe_decref(I, e);
    }
    goto done;
  }
  nnc_status s = nnc_model_fit(pm->m, x, y, &f);
  if (c.failed) {
    fe_setref(I, &h, NULL);   /* the callback's exception is pending */
    goto done;
  }
  if (s != NNC_OK) {
    pl_raise_status(I, s);
    fe_setref(I, &h, NULL);
    goto done;
  }
  Obj *logs = c.last_logs ? c.last_logs : fe_dict_new(I); /* Keras: the last epoch's */
  if (logs == c.last_logs)
    fe_incref(logs);
  if (!logs || !notify(&c, "on_train_end", &logs, 1))
    fe_setref(I, &h, NULL);
  fe_decref(I, logs);
  if (h && fe_dict_setstr(I, pm->dict, "history", h) < 0)
    fe_setref(I, &h, NULL);
done:
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_tensor_free((nnc_tensor *)f.x_val);
  nnc_tensor_free((nnc_tensor *)f.y_val);
  nnc_tensor_free((nnc_tensor *)f.sample_weight);
  fe_decref(I, c.history);
  fe_decref(I, c.epochs);
  fe_decref(I, c.callbacks);
  fe_decref(I, c.logs);
  fe_decref(I, c.last_logs);
  if (!h && !I->exc_pending)
    fe_nomem(I);
  return h;
}

/* keras.callbacks.History: a Callback whose attributes fit fills. */
static Obj *h_init(Interp *I, Obj *self, Obj **args) {
  (void)args;
  Obj *d = fe_dict_new(I), *n = d ? fe_str_cstr(I, "history") : NULL;
  int r = n ? fe_setattr(I, self, n, d) : -1;
  fe_decref(I, d);
  fe_decref(I, n);
  return r < 0 ? NULL : fe_none(I);
}

static const FeFnDef history_methods[] = {
    {"__init__", h_init, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeClassDef pl_history_classes[] = {
    {.name = "History", .base = "Callback", .methods = history_methods},
    {.name = NULL},
};
