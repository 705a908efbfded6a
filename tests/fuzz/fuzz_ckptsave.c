/* fuzz_ckptsave.c — libFuzzer target for the checkpoint writer (nnc_model_save_checkpoint),
 * round-tripped through its reader (nnc_model_load_checkpoint).
 *
 * The input's bytes (cycled) become every weight and optimizer state of the small model of
 * keras_fixtures.c (any bit pattern: NaN, -0, denormals), its epoch count (0..INT_MAX), its
 * optimizer step count and its shuffling RNG (any but all zero). The checkpoint is loaded into a second model
 * built the same way and holding other bytes (each byte of the first's inverted), which
 * afterwards must hold exactly the first's: the same weights, states, epoch, step count and
 * RNG, bit for bit. A save may only fail with a message naming the file.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "keras.h"

static const char *const who = "fuzz_ckptsave";
static char path[96];

static void remove_file(void) {
  unlink(path);
}

/* Fills every weight and state of m, its epoch, step count and RNG from the input's bytes,
 * each XORed with flip. */
static void fill(nnc_model *m, const uint8_t *data, size_t size, uint8_t flip) {
  TensorRef *w = NULL;
  int n = 0;
  if (keras_model_tensors(m, true, who, &w, &n) != NNC_OK)
    fuzz_broken(who, "cannot list the model's tensors:", nnc_last_error());
  size_t at = 0;
  for (int i = 0; i < n; i++) {
    unsigned char *d = w[i].t->data;
    for (size_t k = 0; k < (size_t)w[i].t->numel * rt_dtype_size(w[i].t->dtype); k++)
      d[k] = (uint8_t)((size ? data[at++ % size] : 0) ^ flip);
  }
  base_free(w);
  uint64_t u[6] = {0};
  for (size_t k = 0; k < sizeof u; k++)
    ((unsigned char *)u)[k] = (uint8_t)((size ? data[at++ % size] : 0) ^ flip);
  m->epoch = (int)(u[0] & 0x7fffffff);
  m->opt.iterations = (int64_t)(u[1] & INT64_MAX);
  memcpy(m->shuffle_rng.s, u + 2, sizeof m->shuffle_rng.s);
  if (!(u[2] | u[3] | u[4] | u[5])) /* xoshiro's one stuck state, which no seed gives */
    m->shuffle_rng.s[0] = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  nnc_model *saved = fuzz_small_model(who, nnc_adam());
  static nnc_model *loaded;
  if (!loaded)
    loaded = fuzz_new_small_model(who, nnc_adam());
  if (!path[0]) {
    snprintf(path, sizeof path, "%s/nnc_fuzz_ckptsave_%ld.safetensors",
             access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", (long)getpid());
    atexit(remove_file);
  }
  fill(saved, data, size, 0);
  fill(loaded, data, size, 0xff);
  if (nnc_model_save_checkpoint(saved, path) != NNC_OK) {
    fuzz_check_message(who, path);
    return 0;
  }
  if (nnc_model_load_checkpoint(loaded, path) != NNC_OK)
    fuzz_broken(who, "what nnc_model_save_checkpoint wrote does not load:", nnc_last_error());
  static FuzzSnapshot a, b;
  fuzz_snapshot(who, saved, true, &a);
  fuzz_snapshot(who, loaded, true, &b);
  if (a.n != b.n || memcmp(a.bytes, b.bytes, a.n) != 0)
    fuzz_broken(who, "the loaded model differs from the saved one", path);
  if (saved->opt.iterations != loaded->opt.iterations)
    fuzz_broken(who, "the optimizer's step count differs", path);
  return 0;
}
