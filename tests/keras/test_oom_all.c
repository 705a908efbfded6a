/* test_oom_all.c — the failing allocator at EVERY allocation of the seed model's life:
 * building 784 -> 25 -> 15 -> 1 (sigmoid, binary cross-entropy, Adam), compiling it (the
 * passes and the JIT), one epoch of training on a small synthetic batch, evaluating, and a
 * checkpoint saved and loaded back. For each N the Nth allocation is refused (and, in the
 * second test, every one after it too): the run must end in NNC_ERR_NOMEM with an "out of
 * memory" message, never a crash, and free every block it allocated. The data is made
 * outside the allocator, so only nnc's own allocations are counted. test_oom.c samples the
 * budgets of a smaller model; this walks all of them (a few seconds per thousand in a
 * Debug build: LLVM's own allocations do not go through the hook, so a refused nnc
 * allocation ends the run before the JIT's work or right after it).
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "keras.h"
#include "support.h"

TestSuite(runtime, .init = test_dir_make, .fini = test_dir_remove);

typedef struct {
  nnc_tensor *x, *y;            /* [32, 784] and [32, 1], made outside the allocator */
  const char *path;             /* the checkpoint */
} Seed;

static nnc_status build(nnc_model *m) {
  nnc_status s = nnc_model_set_seed(m, 1234);
  if (s == NNC_OK)
    s = nnc_model_add_input(m, 784);
  const int64_t units[3] = {25, 15, 1};
  for (int i = 0; i < 3 && s == NNC_OK; i++) {
    nnc_dense_options d = nnc_dense(units[i], NNC_ACT_SIGMOID);
    s = nnc_model_add_dense(m, &d);
  }
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.optimizer = nnc_adam();
  c.accuracy = 1;
  if (s == NNC_OK)
    s = nnc_model_compile(m, &c);
  return s;
}

/* The seed model's whole life; every status passed on. */
static nnc_status life(void *arg) {
  const Seed *sd = arg;
  nnc_model *m = NULL;
  nnc_status s = nnc_model_new(&m);
  if (s == NNC_OK)
    s = build(m);
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  if (s == NNC_OK)
    s = nnc_model_fit(m, sd->x, sd->y, &f);
  nnc_metrics met;
  if (s == NNC_OK)
    s = nnc_model_evaluate(m, sd->x, sd->y, 32, &met);
  if (s == NNC_OK)
    s = nnc_model_save_checkpoint(m, sd->path);
  if (s == NNC_OK)
    s = nnc_model_load_checkpoint(m, sd->path);
  nnc_model_free(m);
  return s;
}

static void seed_data(Seed *sd) {
  int64_t xs[2] = {32, 784}, ys[2] = {32, 1};
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, &sd->x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, ys, &sd->y), NNC_OK);
  TestRng r = test_rng(9);
  for (int64_t i = 0; i < 32 * 784; i++)
    ((float *)nnc_tensor_data(sd->x))[i] = (float)test_uniform(&r, 0, 1);
  for (int64_t i = 0; i < 32; i++)
    ((float *)nnc_tensor_data(sd->y))[i] = (float)(i % 2);
  sd->path = test_path("seed.safetensors");
}

static void walk(bool once) {
  nnc_set_compile_cache(0, NULL); /* every run compiles, as the first did (test_cache.c walks the cache) */
  Seed sd;
  seed_data(&sd);
  test_alloc_fail_after(-1);
  cr_assert_eq(life(&sd), NNC_OK, "%s", nnc_last_error());
  long total = test_alloc_calls();
  test_alloc_restore();
  long ok = test_until_ok_walk(life, &sd, (TestOomWalk){.max = total, .once = once});
  cr_log_info("%ld allocations; each of the first %ld refused in turn ended cleanly", total, ok);
  cr_assert_eq(ok, total, "the run succeeded with allocation %ld refused", ok);
  nnc_tensor_free(sd.x);
  nnc_tensor_free(sd.y);
}

Test(runtime, oom_every_allocation_of_the_seed_model_fails_cleanly, .timeout = 300) {
  walk(false);
}

Test(runtime, oom_any_single_refused_allocation_of_the_seed_model_fails_cleanly, .timeout = 300) {
  walk(true);
}
