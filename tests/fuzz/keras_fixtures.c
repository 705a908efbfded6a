/* keras_fixtures.c — the helpers the fuzz targets of a model's weight and checkpoint
 * readers link (declared in fuzz.h): one small compiled model per process, and a snapshot of
 * what a failed load must not change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "keras.h"

nnc_model *fuzz_small_model(const char *who, nnc_optimizer opt) {
  static nnc_model *m;
  if (!m)
    m = fuzz_new_small_model(who, opt);
  return m;
}

nnc_model *fuzz_new_small_model(const char *who, nnc_optimizer opt) {
  nnc_model *m = NULL;
  fuzz_cap_allocations();
  nnc_dense_options d1 = nnc_dense(2, NNC_ACT_RELU), d2 = nnc_dense(1, NNC_ACT_SIGMOID);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.optimizer = opt;
  if (nnc_model_new(&m) != NNC_OK || nnc_model_add_input(m, 3) != NNC_OK ||
      nnc_model_add_dense(m, &d1) != NNC_OK || nnc_model_add_dense(m, &d2) != NNC_OK ||
      nnc_model_compile(m, &c) != NNC_OK || keras_ensure_states(m, who) != NNC_OK)
    fuzz_broken(who, "cannot build the model:", nnc_last_error());
  return m; /* with its training step, so the optimizer state exists before any load */
}

static void put(const char *who, FuzzSnapshot *out, const void *p, size_t n) {
  if (n > sizeof out->bytes - out->n)
    fuzz_broken(who, "the snapshot is too small for the model", NULL);
  memcpy(out->bytes + out->n, p, n);
  out->n += n;
}

void fuzz_snapshot(const char *who, nnc_model *m, bool states, FuzzSnapshot *out) {
  TensorRef *w = NULL;
  int n = 0;
  if (keras_model_tensors(m, states, who, &w, &n) != NNC_OK)
    fuzz_broken(who, "cannot list the model's tensors:", nnc_last_error());
  out->n = 0;
  for (int i = 0; i < n; i++)
    put(who, out, w[i].t->data, (size_t)w[i].t->numel * rt_dtype_size(w[i].t->dtype));
  if (states) {
    put(who, out, &m->epoch, sizeof m->epoch);
    put(who, out, &m->shuffle_rng, sizeof m->shuffle_rng);
  }
  base_free(w);
}

nnc_status fuzz_load_into(const char *who, nnc_model *m, bool states, const char *path,
                          nnc_status (*load)(nnc_model *m, const char *path)) {
  static FuzzSnapshot before, after; /* static: 4 KB off the stack of every execution */
  fuzz_snapshot(who, m, states, &before);
  nnc_status s = load(m, path);
  if (s == NNC_OK)
    return s;
  fuzz_check_message(who, path);
  fuzz_snapshot(who, m, states, &after);
  if (after.n != before.n || memcmp(after.bytes, before.bytes, after.n) != 0)
    fuzz_broken(who, "a failed load changed the model", NULL);
  return s;
}
