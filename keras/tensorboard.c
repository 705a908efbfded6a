/* tensorboard.c — Keras 3's TensorBoard callback as fit runs it with update_freq 'epoch',
 * following keras/src/callbacks/tensorboard.py: the event files TensorFlow's summary
 * writers would write (formats/tfevents.c), one writer for log_dir/train and one for
 * log_dir/validation, each opened when it first has something to write, as Keras's writers
 * are made on first use.
 *
 * set_model writes the model's to_json() under "keras" at step 0 (write_graph); at the end
 * of validation Keras's on_test_end writes evaluation_<key>_vs_iterations at the optimizer's
 * iterations; on_epoch_end writes the logs as epoch_<key> at the epoch (from 0): the train
 * keys, then learning_rate (the optimizer's, which _collect_learning_rate sets last) and
 * steps_per_second, to train; the val_ keys without val_ to validation. The graph of the
 * train function that Keras's TensorFlow backend adds at the first batch is a TensorFlow
 * graph, which nnc has not; with JAX's backend Keras writes none either.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "keras.h"

/* The writer of log_dir/sub, opened on first use. */
static nnc_status writer(Callbacks *cb, bool val, TfEvents **w) {
  *w = val ? &cb->tb_val : &cb->tb_train;
  if ((*w)->out.f)
    return NNC_OK;
  char dir[4096];
  const char *log_dir = cb->f->tensorboard.log_dir; /* os.path.join(log_dir, "train") */
  int k = snprintf(dir, sizeof dir, "%s%s%s", log_dir, *log_dir ? "/" : "",
                   val ? "validation" : "train");
  if (k < 0 || (size_t)k >= sizeof dir)
    return base_error(NNC_ERR_IO, "TensorBoard: log_dir is too long");
  nnc_status s = fmt_tfevents_open(*w, dir);
  return s == NNC_OK ? s : base_error_at(s, "TensorBoard");
}

/* tf.summary.scalar(tag, logs[key]): one value, as Keras's logs hold for each scalar. */
static nnc_status scalar(TfEvents *w, const char *prefix, const char *key, const char *suffix,
                         const KerasLogs *l, int i, int64_t step) {
  char tag[160];
  if (l->vectors[i]) /* tf.summary.scalar's error */
    return base_error(NNC_ERR_ARG, "TensorBoard: logs['%s']: Expected scalar shape, saw "
                      "shape: (%lld,).", l->keys[i], (long long)l->lens[i]);
  snprintf(tag, sizeof tag, "%s%s%s", prefix, key, suffix);
  return fmt_tfevents_scalar(w, tag, l->values[i], step);
}

static bool is_val(const char *key) {
  return strncmp(key, "val_", 4) == 0;
}

/* on_test_end: the evaluation's logs (validation's loss and metrics, before any callback
 * changed them) at the optimizer's iterations. */
static nnc_status evaluation(Callbacks *cb, const nnc_epoch_log *log) {
  KerasLogs ev;
  TfEvents *w;
  keras_logs_of(cb->m, true, log, &ev);
  nnc_status s = writer(cb, true, &w);
  for (int i = 0; s == NNC_OK && i < ev.n; i++)
    if (is_val(ev.keys[i]))
      s = scalar(w, "evaluation_", ev.keys[i] + 4, "_vs_iterations", &ev, i,
                 nnc_model_iterations(cb->m));
  return s;
}

/* _log_epoch_metrics: the train keys and the val_ keys, each to its writer. */
static nnc_status epoch_metrics(Callbacks *cb, const nnc_epoch_log *log, const KerasLogs *l) {
  const nnc_tensorboard *t = &cb->f->tensorboard;
  int64_t step = log->epoch - 1;
  TfEvents *w;
  nnc_status s = writer(cb, false, &w);
  for (int i = 0; s == NNC_OK && i < l->n; i++)
    if (!is_val(l->keys[i]) && strcmp(l->keys[i], "learning_rate") != 0)
      s = scalar(w, "epoch_", l->keys[i], "", l, i, step);
  if (s == NNC_OK)
    s = fmt_tfevents_scalar(w, "epoch_learning_rate", nnc_model_learning_rate(cb->m), step);
  if (s == NNC_OK && t->write_steps_per_second) {
    float steps = (float)(nnc_model_iterations(cb->m) - cb->tb_epoch_iterations);
    float seconds = (float)(base_seconds() - cb->tb_epoch_start); /* float32, as Keras's */
    s = fmt_tfevents_scalar(w, "epoch_steps_per_second", steps / seconds, step);
  }
  if (s == NNC_OK)
    s = fmt_tfevents_flush(w);
  bool any_val = false;
  for (int i = 0; i < l->n; i++)
    any_val |= is_val(l->keys[i]);
  if (s != NNC_OK || !any_val)
    return s;
  s = writer(cb, true, &w);
  for (int i = 0; s == NNC_OK && i < l->n; i++)
    if (is_val(l->keys[i]))
      s = scalar(w, "epoch_", l->keys[i] + 4, "", l, i, step);
  return s == NNC_OK ? fmt_tfevents_flush(w) : s;
}

nnc_status keras_tensorboard_epoch_end(Callbacks *cb, const nnc_epoch_log *log,
                                       const KerasLogs *l) {
  if (!cb->f->tensorboard.log_dir)
    return NNC_OK;
  nnc_status s = cb->val ? evaluation(cb, log) : NNC_OK;
  return s == NNC_OK ? epoch_metrics(cb, log, l) : s;
}

void keras_tensorboard_epoch_begin(Callbacks *cb) {
  cb->tb_epoch_start = base_seconds();
  cb->tb_epoch_iterations = nnc_model_iterations(cb->m);
}

/* set_model's _write_keras_model_summary: a model that does not serialize is skipped with
 * Keras's warning. */
nnc_status keras_tensorboard_begin(Callbacks *cb) {
  const nnc_tensorboard *t = &cb->f->tensorboard;
  cb->tb_train = cb->tb_val = (TfEvents){.out = {.slot = -1}};
  if (!t->log_dir || !t->write_graph)
    return NNC_OK;
  char *json = NULL;
  nnc_status s = keras_model_config(cb->m, false, "TensorBoard", &json);
  if (s != NNC_OK) {
    keras_warn("Model failed to serialize as JSON. Ignoring... %s", nnc_last_error());
    return NNC_OK;
  }
  TfEvents *w;
  s = writer(cb, false, &w);
  if (s == NNC_OK)
    s = fmt_tfevents_string(w, "keras", json, 0, "graph_keras_model", "1");
  if (s == NNC_OK)
    s = fmt_tfevents_flush(w);
  cJSON_free(json);
  return s;
}

void keras_tensorboard_end(Callbacks *cb) {
  fmt_tfevents_close(&cb->tb_train);
  fmt_tfevents_close(&cb->tb_val);
}
