/* callbacks.c — Keras 3's built-in callbacks as nnc_model_fit runs them: EarlyStopping,
 * ReduceLROnPlateau, ModelCheckpoint, CSVLogger and LearningRateScheduler, each following
 * its class in keras/src/callbacks/ line by line (TerminateOnNaN acts inside an epoch, so
 * it is fit.c's; TensorBoard writes its files in tensorboard.c).
 *
 * The logs of an epoch are what Keras's would hold: loss (and val_loss with validation
 * data), every compiled metric by its key (and val_ its key with validation data),
 * and learning_rate, which Keras's ReduceLROnPlateau (before it lowers the rate) and
 * LearningRateScheduler write when they run. A callback monitors any of these keys; one
 * whose key the logs lack warns once per fit (base_log: stderr) and does nothing that
 * epoch, as Keras's do. At the end of an epoch they run in the fit's callback_order, as
 * Keras runs a callbacks list, with the caller's own among them (on_user_callback),
 * sharing one set of logs: each sees what those before it wrote.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "keras.h"

enum { CB_EARLY_STOPPING, CB_REDUCE_LR, CB_CHECKPOINT }; /* bits of Callbacks.warned */

static const char *const callback_class[] = { /* by nnc_callback: a row each, USER's NULL */
#define CALLBACK(id, cls, member, params, doc) [NNC_CALLBACK_##id] = cls,
#include "callbacks.def"
};
enum { LAST_CALLBACK = NNC_CALLBACK_TENSORBOARD }; /* nnc_callback's last */
_Static_assert(sizeof callback_class / sizeof *callback_class == LAST_CALLBACK + 1,
               "nnc_callback: callbacks.def's rows, USER among them");
enum { PATH_MAX_LEN = 4096 };

void keras_warn(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char text[4096];
  vsnprintf(text, sizeof text, fmt, ap);
  base_log(NNC_LOG_WARNING, "UserWarning: %s\n", text); /* as Python prints Keras's warnings */
  va_end(ap);
}

/* ---- monitored quantities and the logs ---- */

static const size_t monitor_field[] = { /* offset of its double in nnc_epoch_log */
#define MONITOR(id, name, field, doc) [NNC_MONITOR_##id] = offsetof(nnc_epoch_log, field),
#include "monitors.def"
};
static const bool metric_max[] = { /* higher is better: Keras's _direction "up" */
#define METRIC(id, name, aliases, match, better, doc) \
  [NNC_METRIC_##id] = NNC_MODE_##better == NNC_MODE_MAX,
#include "metrics.def"
};

double keras_monitored(const nnc_epoch_log *log, nnc_monitor k) {
  double v;
  memcpy(&v, (const char *)log + monitor_field[k], sizeof v);
  return v;
}

static bool logs_rate(const nnc_fit_options *f) {
  return f->reduce_lr_on_plateau.enabled || f->lr_scheduler.schedule;
}

static bool has_key(const KerasLogs *l, const char *key) {
  for (int i = 0; i < l->n; i++)
    if (strcmp(l->keys[i], key) == 0)
      return true;
  return false;
}

static void add(KerasLogs *l, const char *key, double v, const double *vector, int64_t len) {
  l->keys[l->n] = key, l->values[l->n] = v;
  l->vectors[l->n] = len > 1 ? vector : NULL, l->lens[l->n++] = len;
}

/* The compiled metrics under their keys (accuracy, mae, auc, ...; one named "loss" is
 * shadowed by the loss), and their val_ twins: Keras's logs hold every metric, so
 * CSVLogger writes them, ModelCheckpoint's path names them and the callbacks monitor them. */
static void metric_logs(const nnc_model *m, bool val, const nnc_epoch_log *log, KerasLogs *l) {
  for (int i = 0; i < m->copt.nmetrics; i++) {
    const char *key = m->copt.metric_keys[i];
    bool have = i < log->nmetrics;
    const int64_t *off = log->metric_offsets;
    int64_t at = off ? off[i] : 0, len = off ? off[i + 1] - off[i] : 1;
    if (has_key(l, key))
      continue;
    add(l, key, have ? log->metrics[i] : NAN, off ? log->metric_values + at : NULL, len);
    if (!val)
      continue;
    snprintf(l->val_keys[i], sizeof l->val_keys[i], "val_%s", key);
    add(l, l->val_keys[i], have ? log->val_metrics[i] : NAN,
        log->val_metric_values ? log->val_metric_values + at : NULL, len);
  }
}

/* Sorts l's keys: a handful, by insertion. */
static void sort_logs(KerasLogs *l) {
  for (int i = 1; i < l->n; i++)
    for (int j = i; j > 0 && strcmp(l->keys[j - 1], l->keys[j]) > 0; j--) {
      const char *k = l->keys[j];
      double v = l->values[j];
      const double *vec = l->vectors[j];
      int64_t len = l->lens[j];
      l->keys[j] = l->keys[j - 1], l->values[j] = l->values[j - 1];
      l->vectors[j] = l->vectors[j - 1], l->lens[j] = l->lens[j - 1];
      l->keys[j - 1] = k, l->values[j - 1] = v, l->vectors[j - 1] = vec, l->lens[j - 1] = len;
    }
}

/* logs["learning_rate"] = lr, as ReduceLROnPlateau and LearningRateScheduler write it. */
static void log_rate(KerasLogs *l, double lr) {
  for (int i = 0; i < l->n; i++)
    if (strcmp(l->keys[i], "learning_rate") == 0) {
      l->values[i] = lr;
      return;
    }
  add(l, "learning_rate", lr, NULL, 1);
  sort_logs(l);
}

int nnc_logs_count(const nnc_logs *l) {
  return l ? l->n : 0;
}

const char *nnc_logs_key(const nnc_logs *l, int i) {
  return l && i >= 0 && i < l->n ? l->keys[i] : NULL;
}

int64_t nnc_logs_values(const nnc_logs *l, int i, const double **values) {
  if (!l || i < 0 || i >= l->n)
    return 0;
  *values = l->vectors[i] ? l->vectors[i] : &l->values[i];
  return l->vectors[i] ? l->lens[i] : 1;
}

nnc_status nnc_logs_set(nnc_logs *l, const char *key, double value) {
  const char *fn = "nnc_logs_set";
  if (!l || !key || !*key || strlen(key) >= sizeof l->user_keys[0])
    return base_error(NNC_ERR_ARG, "%s: a key is 1 to %zu bytes", fn,
                      sizeof l->user_keys[0] - 1);
  for (int i = 0; i < l->n; i++)
    if (strcmp(l->keys[i], key) == 0) {
      l->values[i] = value, l->vectors[i] = NULL, l->lens[i] = 1;
      return NNC_OK;
    }
  if (l->nuser_keys == LOG_USER_KEYS_MAX)
    return base_error(NNC_ERR_ARG, "%s: the logs hold %d keys of the caller's already; nnc "
                      "takes no more", fn, LOG_USER_KEYS_MAX);
  char *k = l->user_keys[l->nuser_keys++];
  snprintf(k, sizeof l->user_keys[0], "%s", key);
  add(l, k, value, NULL, 1);
  sort_logs(l);
  return NNC_OK;
}

void keras_logs_of(const nnc_model *m, bool val, const nnc_epoch_log *log, KerasLogs *l) {
  l->epoch = log->epoch;
  l->n = l->nuser_keys = 0;
  add(l, "loss", log->loss, NULL, 1);
  if (val)
    add(l, "val_loss", log->val_loss, NULL, 1);
  metric_logs(m, val, log, l);
  sort_logs(l);
}

/* The log key a callback monitors: its key in f, else its nnc_monitor's name. */
static const char *monitor_key(const char *key, nnc_monitor k) {
  return key ? key : nnc_monitor_name(k);
}

static int find(const KerasLogs *l, const char *key) {
  for (int i = 0; i < l->n; i++)
    if (strcmp(l->keys[i], key) == 0)
      return i;
  return -1;
}

/* str(np.float32(v)) for v in [0, 1]: the fewest digits that read back as the same float32. */
static void repr_float32(double v, char *b, size_t cap) {
  float f = (float)v;
  for (int p = 1; p <= 9; p++) {
    snprintf(b, cap, "%.*g", p, (double)f);
    if (strtof(b, NULL) == f)
      break;
  }
  if (!strpbrk(b, ".en"))
    snprintf(b + strlen(b), cap - strlen(b), ".0");
}

/* A vector metric's values as a list of float32s prints: "[0.5, 0.25]". */
static void list_text(const double *v, int64_t n, char *b, size_t cap) {
  size_t k = (size_t)snprintf(b, cap, "[");
  for (int64_t j = 0; j < n && k < cap; j++) {
    char x[32];
    repr_float32(v[j], x, sizeof x);
    k += (size_t)snprintf(b + k, cap - k, "%s%s", j ? ", " : "", x);
  }
  if (k < cap)
    snprintf(b + k, cap - k, "]");
}

/* Keras compares a monitored value with the best so far through numpy: a vector metric's
 * array fails in `if`. */
static nnc_status scalar_monitor(const char *cls, const char *key, const KerasLogs *l) {
  int at = find(l, key);
  if (at >= 0 && l->vectors[at])
    return base_error(NNC_ERR_ARG, "%s: monitor=%s holds one value per class: The truth value "
                      "of an array with more than one element is ambiguous. Use a.any() or "
                      "a.all()", cls, key);
  return NNC_OK;
}

/* The value of `key` in the logs into *v; when they lack it, false and (once per fit) Keras's
 * warning, which lists the keys they have. */
static bool present(Callbacks *cb, int which, const char *key, const KerasLogs *l, double *v) {
  int at = find(l, key);
  if (at >= 0) {
    *v = l->values[at];
    return true;
  }
  if (!(cb->warned & 1u << which)) {
    char keys[LOG_KEYS_MAX * 72] = "";
    for (int i = 0; i < l->n; i++)
      snprintf(keys + strlen(keys), sizeof keys - strlen(keys), "%s%s", i ? "," : "", l->keys[i]);
    if (which == CB_CHECKPOINT)
      keras_warn("Can save best model only with %s available.", key);
    else
      keras_warn("%s conditioned on metric `%s` which is not available. Available metrics "
                 "are: %s", which == CB_EARLY_STOPPING ? "Early stopping" :
                 "Learning rate reduction is", key, keys);
  }
  cb->warned |= 1u << which;
  return false;
}

/* MonitorCallback._set_monitor_op: whether higher values of `key` are better. mode auto:
 * lower for the loss, else the way of the compiled metric the key names without its val_;
 * Keras's ValueError when it names none. */
static nnc_status maximize(const nnc_model *m, const char *cls, const char *key, nnc_mode mode,
                           bool *max) {
  *max = mode == NNC_MODE_MAX;
  if (mode != NNC_MODE_AUTO)
    return NNC_OK;
  const char *name = strncmp(key, "val_", 4) == 0 ? key + 4 : key;
  bool known = strcmp(name, "loss") == 0;
  for (int i = 0; i < m->copt.nmetrics; i++)
    if (strcmp(m->copt.metric_keys[i], name) == 0) {
      known = true;
      *max = metric_max[m->copt.metrics[i]];
    }
  if (!known)
    return base_error(NNC_ERR_ARG, "%s callback received monitor=%s, but Keras isn't able to "
                      "automatically determine whether that metric should be maximized or "
                      "minimized. Pass `mode='max'` in order to monitor based on the highest "
                      "metric value, or pass `mode='min'` in order to use the lowest value.",
                      cls, key);
  return NNC_OK;
}

/* Keras's MonitorCallback._is_improvement; NaN best is None. */
static bool improves(bool max, double min_delta, double v, double best) {
  if (isnan(best))
    return true;
  min_delta = fabs(min_delta);
  return max ? v - min_delta > best : v + min_delta < best;
}

/* ---- the callbacks at the end of an epoch ---- */

/* EarlyStopping.on_epoch_end: *stop when training should stop. */
static nnc_status early_stopping(Callbacks *cb, const nnc_epoch_log *log, const KerasLogs *l,
                                 bool *stop) {
  const nnc_early_stopping *es = &cb->f->early_stopping;
  EarlyStop *st = &cb->es;
  const char *key = monitor_key(cb->f->early_stopping_monitor, es->monitor);
  bool max = false;
  double v = NAN;
  nnc_status s = es->enabled ? maximize(cb->m, "EarlyStopping", key, es->mode, &max) : NNC_OK;
  if (s != NNC_OK || !es->enabled || !present(cb, CB_EARLY_STOPPING, key, l, &v) ||
      log->epoch - 1 < es->start_from_epoch)
    return s;
  if ((!isnan(st->best) || es->has_baseline) &&  /* a comparison: Keras's None compares none */
      (s = scalar_monitor("EarlyStopping", key, l)) != NNC_OK)
    return s;
  if (es->restore_best_weights && st->best_epoch == 0) {
    keras_snapshot_copy(&st->weights, false);
    st->best_epoch = log->epoch;
  }
  st->wait++;
  if (improves(max, es->min_delta, v, st->best)) {
    st->best = v;
    st->best_epoch = log->epoch;
    if (es->restore_best_weights)
      keras_snapshot_copy(&st->weights, false);
    if (!es->has_baseline || improves(max, es->min_delta, v, es->baseline))
      st->wait = 0;
    return NNC_OK;
  }
  if (st->wait >= es->patience && log->epoch > 1) {
    st->stopped_epoch = log->epoch;
    *stop = true;
  }
  return NNC_OK;
}

static nnc_status reduce_lr(Callbacks *cb, const nnc_epoch_log *log, const KerasLogs *l) {
  const nnc_reduce_lr_on_plateau *r = &cb->f->reduce_lr_on_plateau;
  const char *key = monitor_key(cb->f->reduce_lr_monitor, r->monitor);
  bool max = false;
  double v = NAN;
  nnc_status s = r->enabled ? maximize(cb->m, "ReduceLROnPlateau", key, r->mode, &max) : NNC_OK;
  if (s != NNC_OK || !r->enabled || !present(cb, CB_REDUCE_LR, key, l, &v))
    return s;
  if (!isnan(cb->plateau_best) && (s = scalar_monitor("ReduceLROnPlateau", key, l)) != NNC_OK)
    return s;
  if (cb->cooldown > 0) {
    cb->cooldown--;
    cb->plateau_wait = 0;
  }
  if (improves(max, r->min_delta, v, cb->plateau_best)) {
    cb->plateau_best = v;
    cb->plateau_wait = 0;
    return NNC_OK;
  }
  if (cb->cooldown > 0 || ++cb->plateau_wait < r->patience)
    return NNC_OK;
  double old = nnc_model_learning_rate(cb->m);
  if (!(old > (double)(float)r->min_lr)) /* Keras compares with np.float32(min_lr) */
    return NNC_OK;
  double lr = fmax(old * r->factor, r->min_lr);
  s = nnc_model_set_learning_rate(cb->m, lr);
  if (s == NNC_OK && r->verbose) {
    char b[32];
    base_repr_double(lr, b);
    base_log(NNC_LOG_INFO, "\nEpoch %d: ReduceLROnPlateau reducing learning rate to %s.\n", log->epoch, b);
  }
  cb->cooldown = r->cooldown;
  cb->plateau_wait = 0;
  return s;
}

/* os.makedirs of the directories of path (ModelCheckpoint makes them). */
static nnc_status make_dirs(const char *path) {
  char dir[PATH_MAX_LEN];
  snprintf(dir, sizeof dir, "%s", path);
  for (char *p = dir + 1; (p = strchr(p, '/')); p++) {
    *p = '\0';
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
      return base_error(NNC_ERR_IO, "ModelCheckpoint: cannot make the directory '%s': %s", dir,
                      strerror(errno));
    *p = '/';
  }
  return NNC_OK;
}

/* ModelCheckpoint._should_save_model, verbose lines as Keras prints them. */
static bool should_save(Callbacks *cb, const nnc_epoch_log *log, const KerasLogs *l,
                        const char *path, bool max) {
  const nnc_model_checkpoint *c = &cb->f->model_checkpoint;
  const char *name = monitor_key(cb->f->checkpoint_monitor, c->monitor);
  double v = NAN;
  int at = find(l, name);
  bool vector = at >= 0 && l->vectors[at];
  if (c->save_best_only && vector) { /* Keras's text holds the float32 array as numpy prints it */
    BaseBuf b = {0};
    base_np_str_floats(&b, l->vectors[at], l->lens[at], true);
    keras_warn("Can save best model only when `monitor` is a scalar value. Received: %s. "
               "Falling back to `save_best_only=False`.", b.nomem ? "[...]" : b.p);
    base_free(b.p);
  }
  if (c->save_best_only && !vector && present(cb, CB_CHECKPOINT, name, l, &v)) {
    char best[32] = "None";
    if (!isnan(cb->ckpt_best))
      snprintf(best, sizeof best, "%.5f", cb->ckpt_best);
    if (!improves(max, 0, v, cb->ckpt_best)) {
      if (c->verbose)
        base_log(NNC_LOG_INFO, "\nEpoch %d: %s did not improve from %s\n", log->epoch, name, best);
      return false;
    }
    if (c->verbose)
      base_log(NNC_LOG_INFO, "\nEpoch %d: %s improved from %s to %.5f, saving model to %s\n",
              log->epoch, name, best, v, path);
    cb->ckpt_best = v;
  } else if (c->verbose) {
    base_log(NNC_LOG_INFO, "\nEpoch %d: saving model to %s\n", log->epoch, path);
  }
  return true;
}

/* What ModelCheckpoint's model.save writes for the name, as in Keras: a .keras archive, or
 * a legacy .h5 file with Keras's warning at each save; any other name, nnc's checkpoint
 * (the weights and the whole training state). */
static nnc_status save_model(nnc_model *m, const char *path) {
  if (keras_legacy_h5_name(path))
    base_log(NNC_LOG_WARNING, "%s", keras_legacy_h5_warning);
  if (keras_legacy_h5_name(path) || keras_ends_with(path, ".keras"))
    return nnc_model_save_keras(m, path);
  return nnc_model_save_checkpoint(m, path);
}

static nnc_status checkpoint(Callbacks *cb, const nnc_epoch_log *log, const KerasLogs *l) {
  const nnc_model_checkpoint *c = &cb->f->model_checkpoint;
  if (!c->filepath)
    return NNC_OK;
  char path[PATH_MAX_LEN];
  bool max = false;
  nnc_status s = maximize(cb->m, "ModelCheckpoint",
                          monitor_key(cb->f->checkpoint_monitor, c->monitor), c->mode, &max);
  if (s == NNC_OK)
    s = keras_format_path(c->filepath, l, path, sizeof path);
  if (s != NNC_OK || !should_save(cb, log, l, path, max))
    return s;
  s = make_dirs(path);
  if (s == NNC_OK)
    s = c->save_weights_only ? nnc_model_save_weights(cb->m, path) : save_model(cb->m, path);
  if (s == NNC_OK && c->verbose)
    base_log(NNC_LOG_INFO, "\nEpoch %d: finished saving model to %s\n", log->epoch, path);
  return s;
}

/* CSVLogger.on_epoch_end: Python's csv module writes the rows (excel dialect: \r\n). */
static nnc_status csv_row(Callbacks *cb, const nnc_epoch_log *log, const KerasLogs *l) {
  FILE *f = cb->csv.f;
  if (!f)
    return NNC_OK;
  char sep = cb->f->csv_logger.separator ? cb->f->csv_logger.separator : ',';
  bool val = false; /* no val_ key: Keras adds val_<key> columns, holding NA */
  for (int i = 0; i < l->n; i++)
    val |= strncmp(l->keys[i], "val_", 4) == 0;
  if (cb->csv_header) {
    fputs("epoch", f);
    for (int pass = 0; pass < 1 + !val; pass++)
      for (int i = 0; i < l->n; i++)
        fprintf(f, "%c%s%s", sep, pass ? "val_" : "", l->keys[i]);
    fputs("\r\n", f);
    cb->csv_header = false;
  }
  fprintf(f, "%d", log->epoch - 1);
  for (int i = 0; i < l->n; i++) {
    char b[4096];
    if (l->vectors[i]) /* Keras's "[...]" in quotes, which the csv module quotes again */
      list_text(l->vectors[i], l->lens[i], b, sizeof b);
    else
      base_repr_double(l->values[i], b);
    fprintf(f, l->vectors[i] ? "%c\"\"\"%s\"\"\"" : "%c%s", sep, b);
  }
  for (int i = 0; !val && i < l->n; i++)
    fprintf(f, "%cNA", sep);
  fputs("\r\n", f);
  /* the first row replaces the old file whole; later rows are appended to the new one */
  nnc_status s = cb->csv.committed ? NNC_OK : fmt_out_commit(&cb->csv);
  if (s == NNC_OK && (fflush(f) != 0 || ferror(f)))
    s = base_error(NNC_ERR_IO, "CSVLogger: writing '%s' failed: %s", cb->f->csv_logger.filename,
                   strerror(errno));
  return s;
}

/* A callback of the caller's own, the user-th: it reads the logs as those before it left
 * them and may change them for those after, as Keras passes one dict down the list. */
static nnc_status user_callback(Callbacks *cb, int user, KerasLogs *l, bool *stop) {
  const nnc_fit_options *f = cb->f;
  int act = f->on_user_callback ? f->on_user_callback(user, l->epoch, l, f->user)
                                : NNC_FIT_CONTINUE;
  if (act == NNC_FIT_CANCEL)
    return base_error(NNC_ERR_CANCELLED, "nnc_model_fit: on_user_callback cancelled the fit "
                      "at the end of epoch %d", l->epoch);
  *stop = *stop || act != NNC_FIT_CONTINUE;
  return NNC_OK;
}

/* Callback c's on_epoch_end; *user counts the caller's own callbacks run so far. */
static nnc_status epoch_end(Callbacks *cb, nnc_callback c, int *user, nnc_epoch_log *log,
                            KerasLogs *l, bool *stop) {
  const nnc_fit_options *f = cb->f;
  switch (c) {
  case NNC_CALLBACK_EARLY_STOPPING: return early_stopping(cb, log, l, stop);
  case NNC_CALLBACK_REDUCE_LR_ON_PLATEAU:
    if (f->reduce_lr_on_plateau.enabled)
      log_rate(l, nnc_model_learning_rate(cb->m));
    return reduce_lr(cb, log, l);
  case NNC_CALLBACK_MODEL_CHECKPOINT: return checkpoint(cb, log, l);
  case NNC_CALLBACK_CSV_LOGGER: return csv_row(cb, log, l);
  case NNC_CALLBACK_LEARNING_RATE_SCHEDULER:
    if (f->lr_scheduler.schedule)
      log_rate(l, nnc_model_learning_rate(cb->m));
    return NNC_OK;
  case NNC_CALLBACK_TERMINATE_ON_NAN: return NNC_OK; /* acts inside the epoch (fit.c) */
  case NNC_CALLBACK_USER: return user_callback(cb, (*user)++, l, stop);
  case NNC_CALLBACK_TENSORBOARD: return keras_tensorboard_epoch_end(cb, log, l);
  }
  return NNC_OK;
}

static bool given(const nnc_fit_options *f, nnc_callback c) {
  for (int i = 0; f->callback_order && i < f->ncallback_order; i++)
    if (f->callback_order[i] == c)
      return true;
  return false;
}

/* Runs the order callback_order gives, then the default order's others. */
static nnc_status run_order(Callbacks *cb, nnc_epoch_log *log, KerasLogs *l, bool *stop) {
  static const nnc_callback nnc_order[] = {
      NNC_CALLBACK_LEARNING_RATE_SCHEDULER, NNC_CALLBACK_MODEL_CHECKPOINT,
      NNC_CALLBACK_REDUCE_LR_ON_PLATEAU, NNC_CALLBACK_EARLY_STOPPING, NNC_CALLBACK_CSV_LOGGER,
      NNC_CALLBACK_TENSORBOARD};
  const nnc_fit_options *f = cb->f;
  nnc_status s = NNC_OK;
  int user = 0;
  for (int i = 0; s == NNC_OK && f->callback_order && i < f->ncallback_order; i++)
    s = epoch_end(cb, f->callback_order[i], &user, log, l, stop);
  for (size_t i = 0; s == NNC_OK && i < sizeof nnc_order / sizeof *nnc_order; i++)
    if (!given(f, nnc_order[i]))
      s = epoch_end(cb, nnc_order[i], &user, log, l, stop);
  return s;
}

nnc_status keras_callbacks_epoch_end(Callbacks *cb, nnc_epoch_log *log, bool *stop) {
  KerasLogs l;
  keras_logs_of(cb->m, cb->val, log, &l);
  nnc_status s = run_order(cb, log, &l, stop);
  log->learning_rate = nnc_model_learning_rate(cb->m);
  for (int i = 0; i < l.n; i++)
    if (strcmp(l.keys[i], "learning_rate") == 0)
      log->learning_rate = l.values[i];
  return s;
}

/* ---- the start and end of training, the start of an epoch ---- */

nnc_status keras_callbacks_epoch_begin(Callbacks *cb, int epoch, bool *stop) {
  const nnc_fit_options *f = cb->f;
  const nnc_lr_scheduler *sc = &f->lr_scheduler;
  keras_tensorboard_epoch_begin(cb);
  if (sc->schedule) {
    double lr = sc->schedule(epoch - 1, nnc_model_learning_rate(cb->m), sc->user);
    if (!(lr >= 0) || !isfinite(lr))
      return base_error(NNC_ERR_ARG, "LearningRateScheduler: the schedule gave %g for epoch %d; "
                      "a learning rate is a number >= 0", lr, epoch - 1);
    nnc_status s = nnc_model_set_learning_rate(cb->m, lr);
    if (s != NNC_OK)
      return s;
    if (sc->verbose) {
      char b[32];
      base_repr_double(lr, b);
      base_log(NNC_LOG_INFO, "\nEpoch %d: LearningRateScheduler setting learning rate to %s.\n", epoch, b);
    }
  }
  int act = f->on_epoch_begin ? f->on_epoch_begin(epoch, f->user) : NNC_FIT_CONTINUE;
  if (act == NNC_FIT_CANCEL)
    return base_error(NNC_ERR_CANCELLED, "nnc_model_fit: on_epoch_begin cancelled the fit "
                      "before epoch %d", epoch);
  *stop = act != NNC_FIT_CONTINUE;
  return NNC_OK;
}

/* With append, the old file's bytes start the new one (Keras: a header unless its first
 * line has something, its \n included). */
static bool csv_copy_old(Callbacks *cb, const char *path) {
  FILE *old = fopen(path, "rb");
  if (!old)
    return true;
  char buf[4096];
  size_t k, total = 0;
  while ((k = fread(buf, 1, sizeof buf, old)) > 0 && fwrite(buf, 1, k, cb->csv.f) == k)
    total += k;
  bool ok = !ferror(old) && !ferror(cb->csv.f);
  fclose(old);
  cb->csv_header = total == 0;
  return ok;
}

/* The file is written through the safe writer: nothing replaces the old one until the first
 * row is complete, and a fit that ends before it leaves the old file as it was. A device or
 * FIFO is written straight through. */
static nnc_status csv_open(Callbacks *cb) {
  const nnc_csv_logger *c = &cb->f->csv_logger;
  if (!c->filename)
    return NNC_OK;
  cb->csv_header = true;
  nnc_status s = fmt_out_open(&cb->csv, c->filename);
  if (s != NNC_OK)
    return base_error_at(s, "CSVLogger");
  if (c->append && !cb->csv.committed && !csv_copy_old(cb, c->filename))
    return base_error(NNC_ERR_IO, "CSVLogger: cannot append to '%s': %s", c->filename,
                      strerror(errno));
  return NNC_OK;
}

nnc_status keras_callbacks_begin(Callbacks *cb, nnc_model *m, const nnc_fit_options *f, bool val) {
  *cb = (Callbacks){.m = m, .f = f, .val = val, .es = {.best = NAN}, .plateau_best = NAN,
                    .ckpt_best = f->model_checkpoint.initial_value_threshold};
  if (f->early_stopping.enabled && f->early_stopping.restore_best_weights) {
    nnc_status s = keras_snapshot_init(m, &cb->es.weights, false);
    if (s != NNC_OK)
      return s;
  }
  nnc_status s = csv_open(cb);
  return s == NNC_OK ? keras_tensorboard_begin(cb) : s;
}

void keras_callbacks_end(Callbacks *cb, bool finished) {
  if (!cb->f) /* never begun */
    return;
  const nnc_early_stopping *es = &cb->f->early_stopping;
  EarlyStop *st = &cb->es;
  if (finished && es->enabled && st->stopped_epoch && es->verbose)
    base_log(NNC_LOG_INFO, "Epoch %d: early stopping\n", st->stopped_epoch);
  if (finished && es->enabled && es->restore_best_weights && st->best_epoch > 0) {
    if (es->verbose)
      base_log(NNC_LOG_INFO, "Restoring model weights from the end of the best epoch: %d.\n",
              st->best_epoch);
    keras_snapshot_copy(&st->weights, true);
  }
  keras_snapshot_free(&st->weights);
  if (cb->csv.path)
    fmt_out_close(&cb->csv);
  cb->csv = (FmtOut){.slot = -1};
  keras_tensorboard_end(cb);
}

/* ---- checks, before any training ---- */

static nnc_status check_monitor(const char *fn, const char *key, nnc_monitor k, nnc_mode mode) {
  if (!key && !nnc_monitor_name(k))
    return base_error(NNC_ERR_ARG, "%s: unknown monitor %d", fn, (int)k);
  if ((unsigned)mode > NNC_MODE_MAX)
    return base_error(NNC_ERR_ARG, "%s: unknown mode %d", fn, (int)mode);
  return NNC_OK;
}

static nnc_status check_early_stopping(const nnc_fit_options *f) {
  const nnc_early_stopping *es = &f->early_stopping;
  const char *fn = "nnc_model_fit: early_stopping";
  nnc_status s = es->enabled ? check_monitor(fn, f->early_stopping_monitor, es->monitor, es->mode) : NNC_OK;
  if (s == NNC_OK && es->enabled &&
      (!isfinite(es->min_delta) || es->patience < 0 || es->start_from_epoch < 0))
    return base_error(NNC_ERR_ARG, "%s: min_delta must be finite, patience and "
                    "start_from_epoch >= 0, found %g, %d and %d", fn, es->min_delta,
                    es->patience, es->start_from_epoch);
  return s;
}

static nnc_status check_reduce_lr(const nnc_fit_options *f) {
  const nnc_reduce_lr_on_plateau *r = &f->reduce_lr_on_plateau;
  const char *fn = "nnc_model_fit: reduce_lr_on_plateau";
  nnc_status s = r->enabled ? check_monitor(fn, f->reduce_lr_monitor, r->monitor, r->mode) : NNC_OK;
  if (s != NNC_OK || !r->enabled)
    return s;
  if (!(r->factor >= 0 && r->factor < 1))
    return base_error(NNC_ERR_ARG, "%s: ReduceLROnPlateau does not support a factor >= 1.0 "
                    "(or below 0), found %g", fn, r->factor);
  if (r->patience < 0 || r->cooldown < 0 || !isfinite(r->min_delta) || !(r->min_lr >= 0))
    return base_error(NNC_ERR_ARG, "%s: patience, cooldown and min_lr must be >= 0 and "
                    "min_delta finite", fn);
  return NNC_OK;
}

/* ModelCheckpoint's path formats with the logs fit will have (NNC_ERR_ARG otherwise). */
static nnc_status check_checkpoint(const nnc_model *m, const nnc_fit_options *f, bool val) {
  const nnc_model_checkpoint *c = &f->model_checkpoint;
  if (!c->filepath)
    return NNC_OK;
  nnc_status s = check_monitor("nnc_model_fit: model_checkpoint", f->checkpoint_monitor, c->monitor,
                               c->mode);
  nnc_epoch_log log = {.epoch = 1};
  KerasLogs l;
  keras_logs_of(m, val, &log, &l);
  if (logs_rate(f))
    log_rate(&l, NAN);
  char path[PATH_MAX_LEN];
  return s == NNC_OK ? keras_format_path(c->filepath, &l, path, sizeof path) : s;
}

/* callback_order names callbacks, each built-in one once. */
static nnc_status check_order(const nnc_fit_options *f) {
  const char *fn = "nnc_model_fit: callback_order";
  if (f->ncallback_order < 0 || (f->ncallback_order > 0 && !f->callback_order))
    return base_error(NNC_ERR_ARG, "%s: %d callbacks given%s", fn, f->ncallback_order,
                      f->callback_order ? "" : ", and no array");
  for (int i = 0; i < f->ncallback_order; i++) {
    nnc_callback c = f->callback_order[i];
    if ((int)c < 0 || (int)c > LAST_CALLBACK)
      return base_error(NNC_ERR_ARG, "%s: %d is not an nnc_callback", fn, (int)c);
    for (int j = 0; c != NNC_CALLBACK_USER && j < i; j++)
      if (f->callback_order[j] == c)
        return base_error(NNC_ERR_ARG, "%s: %s is given twice", fn, callback_class[c]);
  }
  return NNC_OK;
}

nnc_status keras_callbacks_check(const nnc_model *m, const nnc_fit_options *f, bool val) {
  nnc_status s = check_order(f);
  if (s == NNC_OK)
    s = check_early_stopping(f);
  if (s == NNC_OK)
    s = check_reduce_lr(f);
  if (s == NNC_OK)
    s = check_checkpoint(m, f, val);
  if (s == NNC_OK && logs_rate(f) && m->opt.scheduled)
    return base_error(NNC_ERR_ARG, "nnc_model_fit: %s sets the learning rate, but the optimizer "
                    "was compiled with a schedule (%s), whose rate is not settable",
                    f->reduce_lr_on_plateau.enabled ? "ReduceLROnPlateau" : "LearningRateScheduler",
                    keras_schedule_class(m->opt.sched.kind));
  return s;
}
