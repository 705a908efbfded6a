/* test_oom.c — running out of memory anywhere in the runtime's paths ends in a clean
 * NNC_ERR_NOMEM (never a crash or a leak), and the objects involved can still be freed. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime.h"

static long countdown;   /* allocations left before the one that fails; < 0: never fail */
static long calls;

static void *failing_realloc(void *user, void *p, size_t n) {
  (void)user;
  calls++;
  if (countdown >= 0 && countdown-- == 0)
    return NULL;
  return realloc(p, n);
}

static void plain_free(void *user, void *p) {
  (void)user;
  free(p);
}

static void fail_at(long k) {
  static nnc_allocator a = {failing_realloc, plain_free, NULL};
  countdown = k;
  calls = 0;
  nnc_set_allocator(&a);
}

#define CHECK(call)                                                                          \
  do {                                                                                       \
    nnc_status s_ = (call);                                                                  \
    if (s_ != NNC_OK) {                                                                      \
      cr_assert_eq(s_, NNC_ERR_NOMEM, "%s: %s: %s", #call, nnc_status_name(s_),               \
                   nnc_last_error());                                                        \
      goto out;                                                                              \
    }                                                                                        \
  } while (0)

/* The whole Keras-level life of a small model; true when nothing failed. */
static bool scenario(void) {
  bool ok = false;
  nnc_model *m = NULL;
  nnc_tensor *x = NULL, *y = NULL, *p = NULL;
  int64_t xs[2] = {40, 3}, ys[2] = {40, 1};
  CHECK(nnc_tensor_new(NNC_F32, 2, xs, &x));
  CHECK(nnc_tensor_new(NNC_F32, 2, ys, &y));
  CHECK(nnc_model_new(&m));
  CHECK(nnc_model_add_input(m, 3));
  nnc_dense_options d = nnc_dense(4, NNC_ACT_RELU);
  CHECK(nnc_model_add_dense(m, &d));
  d = nnc_dense(1, NNC_ACT_SIGMOID);
  CHECK(nnc_model_add_dense(m, &d));
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.optimizer = nnc_adam();
  c.accuracy = 1;
  CHECK(nnc_model_compile(m, &c));
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  f.validation_split = 0.2; /* 32 training samples: one batch, the compiled variant */
  CHECK(nnc_model_fit(m, x, y, &f));
  CHECK(nnc_model_predict(m, x, 40, &p));
  ok = true;
out:
  nnc_tensor_free(p);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
  return ok;
}

Test(runtime, oom_keras_level_fails_cleanly) {
  fail_at(-1);
  cr_assert(scenario(), "%s", nnc_last_error());
  long total = calls;
  cr_log_info("the scenario makes %ld allocations", total);
  cr_assert_gt(total, 10);
  /* the first allocations one by one, then a spread over the rest (each run JIT-compiles) */
  for (long k = 0; k < total; k = k < 40 ? k + 1 : k * 3 / 2) {
    fail_at(k);
    bool ok = scenario();
    nnc_set_allocator(NULL);
    cr_assert(!ok || countdown >= 0, "allocation %ld failed but the scenario succeeded", k);
  }
  nnc_set_allocator(NULL);
}

Test(runtime, oom_graph_level_fails_cleanly) {
  for (long k = 0;; k++) {
    fail_at(k);
    nnc_graph *g = NULL;
    nnc_function *fn = NULL;
    nnc_status s = nnc_graph_new(&g);
    if (s == NNC_OK) {
      int64_t xs[1] = {3};
      nnc_value *x = nnc_input(g, "x", NNC_F64, 1, xs);
      nnc_value *y = nnc_sum(g, nnc_mul(g, x, x), ~0u, 0), *d = NULL;
      s = nnc_graph_status(g);
      if (s == NNC_OK)
        s = nnc_grad(g, y, 1, &x, &d);
      if (s == NNC_OK)
        s = nnc_jit(g, 2, (nnc_value *[]){y, d}, &fn);
    }
    bool reached = countdown < 0;
    nnc_set_allocator(NULL);
    nnc_function_free(fn);
    nnc_graph_free(g);
    if (!reached) {
      cr_assert_eq(s, NNC_OK, "%s", nnc_last_error());
      break;
    }
    cr_assert_eq(s, NNC_ERR_NOMEM, "allocation %ld: %s: %s", k, nnc_status_name(s), nnc_last_error());
  }
}

Test(runtime, oom_npy_round_trip_fails_cleanly) {
  char path[] = "/tmp/nnc_oom_XXXXXX";
  int fd = mkstemp(path);
  cr_assert_geq(fd, 0);
  close(fd);
  int64_t s3[2] = {4, 5};
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_new(NNC_F64, 2, s3, &t), NNC_OK);
  for (long k = 0;; k++) {
    fail_at(k);
    nnc_tensor *u = NULL;
    nnc_status s = nnc_tensor_save(t, path);
    if (s == NNC_OK)
      s = nnc_tensor_load(path, NNC_F32, &u);
    bool reached = countdown < 0;
    nnc_set_allocator(NULL);
    nnc_tensor_free(u);
    if (!reached) {
      cr_assert_eq(s, NNC_OK, "%s", nnc_last_error());
      break;
    }
    cr_assert_eq(s, NNC_ERR_NOMEM, "allocation %ld: %s", k, nnc_last_error());
  }
  nnc_tensor_free(t);
  remove(path);
}
