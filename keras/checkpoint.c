/* checkpoint.c — checkpoints: everything training needs to resume exactly.
 *
 * A checkpoint is one safetensors file, written atomically as weight files are
 * (formats/outfile.c): the weights under their Keras names ("dense/kernel"), the optimizer state
 * under the training step's STATE names ("dense/kernel/m", "adam/iteration"), and in
 * "__metadata__" the string values nnc_checkpoint = "1" (the format's version), optimizer
 * (the optimizer's canonical name in names/optimizers.def: "sgd", "adam", "rmsprop"), epoch
 * (the epochs trained, decimal), iterations (the optimizer's step count, decimal: a
 * schedule's step; optional on reading) and shuffle_rng (the shuffling RNG's xoshiro256** state,
 * four 16-digit hex words). The initial-weight RNG is
 * not kept: it is used once, when the weights are built. Since fit shuffles each epoch from
 * the identity order, the RNG state alone fixes every later epoch's order, so loading a
 * checkpoint and fitting with initial_epoch = its epoch gives the same weights, bit for bit,
 * as an uninterrupted run (the steps are deterministic for a given thread count).
 *
 * Loading validates the whole file (every name, shape, dtype, the optimizer, the epoch and
 * the RNG) before it changes anything. The optimizer state exists only once a training step
 * is compiled; both directions compile one (the default batch size) when none is yet.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keras.h"

int nnc_model_epoch(const nnc_model *m) {
  KERAS_GUARD(m, 0);
  return m ? m->epoch : 0;
}

nnc_status keras_ensure_states(nnc_model *m, const char *fn) {
  for (int i = 0; i < m->nvariants; i++)
    if (m->variants[i]->kind == VAR_TRAIN)
      return NNC_OK;
  Variant *v;
  nnc_status s = keras_variant_get(m, VAR_TRAIN, nnc_fit_defaults().batch_size, &v);
  if (s == NNC_ERR_NOMEM)
    return base_error(s, "%s: out of memory compiling the training step", fn);
  return s;
}

static nnc_status need_model(nnc_model *m, const char *fn, const char *path, bool saving) {
  nnc_status s = keras_need_built(m, fn, path, saving);
  return s == NNC_OK ? keras_ensure_states(m, fn) : s;
}

/* The model's weights and optimizer state, listed for a checkpoint. */
static nnc_status tensors(nnc_model *m, const char *fn, const char *path, TensorRef **w, int *n) {
  nnc_status s = need_model(m, fn, path, false);
  if (s == NNC_OK)
    s = keras_model_tensors(m, true, fn, w, n);
  return s;
}

nnc_status nnc_model_save_checkpoint(nnc_model *m, const char *path) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_save_checkpoint";
  nnc_status s = need_model(m, fn, path, true);
  if (s != NNC_OK)
    return s;
  const uint64_t *r = m->shuffle_rng.s;
  char meta[512];
  snprintf(meta, sizeof meta, "{\"format\":\"nnc\",\"nnc_version\":\"" NNC_VERSION "\","
           "\"nnc_checkpoint\":\"1\",\"optimizer\":\"%s\",\"epoch\":\"%d\",\"iterations\":"
           "\"%" PRId64 "\",\"shuffle_rng\":\"%016" PRIx64 "%016" PRIx64 "%016" PRIx64 "%016" PRIx64
           "\"}", nnc_optimizer_name(m->copt.optimizer.kind), m->epoch, m->opt.iterations, r[0],
           r[1], r[2], r[3]);
  return keras_save_tensors(m, true, fn, path, meta);
}

/* The optimizer's iteration count of a checkpoint's metadata (0 when it has none: a file of
 * an nnc before schedules, whose rate did not depend on it). */
static nnc_status read_iterations(const char *path, const StSet *set, int64_t *out) {
  const char *it = fmt_st_meta(set, "iterations");
  char *end = NULL;
  errno = 0;
  long long v = it ? strtoll(it, &end, 10) : 0;
  if (it && (end == it || *end || errno || v < 0))
    return base_error(NNC_ERR_CORRUPT, "%s: metadata 'iterations' must be a step count, found "
                    "'%.20s'", path, it);
  *out = (int64_t)v;
  return NNC_OK;
}

/* The epoch and RNG of a checkpoint's metadata, checked. */
static nnc_status read_meta(const nnc_model *m, const char *path, const StSet *set, int *epoch,
                            Rng *rng) {
  const char *ver = fmt_st_meta(set, "nnc_checkpoint"), *opt = fmt_st_meta(set, "optimizer");
  const char *ep = fmt_st_meta(set, "epoch"), *r = fmt_st_meta(set, "shuffle_rng");
  if (strcmp(ver, "1") != 0)
    return base_error(NNC_ERR_CORRUPT, "%s: checkpoint format '%.20s' is not one this nnc reads "
                    "(1)", path, ver);
  const char *want = nnc_optimizer_name(m->copt.optimizer.kind);
  if (!opt || strcmp(opt, want) != 0)
    return base_error(NNC_ERR_ARG, "%s: the checkpoint's optimizer is '%.20s' but the model is "
                    "compiled with '%s'", path, opt ? opt : "(none)", want);
  char *end = NULL;
  errno = 0;
  long e = ep ? strtol(ep, &end, 10) : -1;
  if (!ep || end == ep || *end || errno || e < 0 || e > INT_MAX)
    return base_error(NNC_ERR_CORRUPT, "%s: metadata 'epoch' must be an epoch count, found "
                    "'%.20s'", path, ep ? ep : "(none)");
  *epoch = (int)e;
  bool ok = r && strlen(r) == 64 && strspn(r, "0123456789abcdef") == 64;
  for (int i = 0; ok && i < 4; i++) {
    char word[17];
    memcpy(word, r + 16 * i, 16);
    word[16] = '\0';
    rng->s[i] = strtoull(word, NULL, 16);
  }
  if (!ok || (rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]) == 0)
    return base_error(NNC_ERR_CORRUPT, "%s: metadata 'shuffle_rng' must be 64 lowercase hex "
                    "digits, not all zero", path);
  return NNC_OK;
}

nnc_status nnc_model_load_checkpoint(nnc_model *m, const char *path) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_load_checkpoint";
  if (path && (keras_ends_with(path, ".weights.h5") || keras_legacy_h5_name(path) ||
               keras_ends_with(path, ".keras")))
    return nnc_model_load_weights(m, path); /* Keras's files: weights, optimizer variables */
  TensorRef *w = NULL;
  int n = 0, epoch = 0;
  Rng rng;
  StSet *set = NULL;
  nnc_status s = tensors(m, fn, path, &w, &n);
  if (s == NNC_OK)
    s = fmt_st_read(path, &set);
  bool full = s == NNC_OK && fmt_st_meta(set, "nnc_checkpoint");
  if (full)
    s = read_meta(m, path, set, &epoch, &rng);
  int64_t iterations = 0;
  if (full && s == NNC_OK)
    s = read_iterations(path, set, &iterations);
  int k = full ? n : n - m->nstates; /* a weights file: the weights only */
  if (s == NNC_OK)
    s = keras_check_tensors(path, set, w, k, full ? "weight or optimizer state" : "weight");
  if (s == NNC_OK) {
    keras_copy_tensors(set, w, k);
    if (full) {
      m->epoch = epoch;
      m->shuffle_rng = rng;
      m->opt.iterations = iterations;
      keras_lr_read(m);          /* the rate the checkpoint's step would have used */
      m->optimizer_built = true; /* its state is the checkpoint's */
    }
  }
  fmt_st_free(set);
  base_free(w);
  return s;
}
