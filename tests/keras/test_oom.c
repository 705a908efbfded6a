/* test_oom.c — running out of memory anywhere in the runtime's paths ends in a clean
 * NNC_ERR_NOMEM (never a crash or a leak), and the objects involved can still be freed. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "keras.h"
#include "support.h"

/* The whole Keras-level life of a small model. */
static nnc_status scenario(void *arg) {
  (void)arg;
  nnc_status s;
  nnc_model *m = NULL;
  nnc_tensor *x = NULL, *y = NULL, *p = NULL;
  int64_t xs[2] = {40, 3}, ys[2] = {40, 1};
  TEST_TRY(nnc_tensor_new(NNC_F32, 2, xs, &x));
  TEST_TRY(nnc_tensor_new(NNC_F32, 2, ys, &y));
  TEST_TRY(nnc_model_new(&m));
  TEST_TRY(nnc_model_add_input(m, 3));
  nnc_dense_options d = nnc_dense(4, NNC_ACT_RELU);
  TEST_TRY(nnc_model_add_dense(m, &d));
  d = nnc_dense(1, NNC_ACT_SIGMOID);
  TEST_TRY(nnc_model_add_dense(m, &d));
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.optimizer = nnc_adam();
  c.accuracy = 1;
  TEST_TRY(nnc_model_compile(m, &c));
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  f.validation_split = 0.2; /* 32 training samples: one batch, the compiled variant */
  TEST_TRY(nnc_model_fit(m, x, y, &f));
  TEST_TRY(nnc_model_predict(m, x, 40, &p));
out:
  nnc_tensor_free(p);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
  return s;
}

Test(runtime, oom_keras_level_fails_cleanly) {
  nnc_set_compile_cache(0, NULL); /* every run compiles, as the first did (test_cache.c walks the cache) */
  test_alloc_fail_after(-1);
  nnc_status s = scenario(NULL);
  long total = test_alloc_calls(), live = test_alloc_live();
  test_alloc_restore();
  cr_assert_eq(s, NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(live, 0, "%ld blocks leaked", live);
  cr_log_info("the scenario makes %ld allocations", total);
  cr_assert_gt(total, 10);
  /* each allocation alone fails: the first one by one, then a spread over the rest (each run
   * JIT-compiles) */
  TestOomWalk w = {.dense = 40, .once = true};
  cr_assert_geq(test_until_ok_walk(scenario, NULL, w), total);
}

static nnc_status graph_step(void *arg) {
  (void)arg;
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
  nnc_function_free(fn);
  nnc_graph_free(g);
  return s;
}

Test(runtime, oom_graph_level_fails_cleanly) {
  test_until_ok_walk(graph_step, NULL, (TestOomWalk){.once = true});
}

typedef struct {
  const nnc_tensor *t;
  const char *path;
} RoundTrip;

static nnc_status round_trip(void *arg) {
  const RoundTrip *r = arg;
  nnc_tensor *u = NULL;
  nnc_status s = nnc_tensor_save(r->t, r->path);
  if (s == NNC_OK)
    s = nnc_tensor_load(r->path, NNC_F32, &u);
  nnc_tensor_free(u);
  return s;
}

Test(runtime, oom_npy_round_trip_fails_cleanly, .init = test_dir_make, .fini = test_dir_remove) {
  int64_t s3[2] = {4, 5};
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_new(NNC_F64, 2, s3, &t), NNC_OK);
  RoundTrip r = {t, test_path("t.npy")};
  test_until_ok_walk(round_trip, &r, (TestOomWalk){.once = true});
  nnc_tensor_free(t);
}

/* nnc build's path: the graphs, the driver to its object stage, the program and the files
 * (the model is compiled before, outside the allocator). A refused run leaves no file. */
static nnc_status build_object(void *arg) {
  nnc_build_options b = nnc_build_defaults();
  b.dir = test_dir();
  b.batch = 4;
  nnc_status s = nnc_model_build_object(arg, &b);
  DIR *d = opendir(test_dir());
  cr_assert(d);
  int files = 0;
  for (struct dirent *e; (e = readdir(d));)
    files += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0; /* temporaries too */
  closedir(d);
  cr_assert_eq(files, s == NNC_OK ? 3 : 0, "%s left %d files", nnc_status_name(s), files);
  return s;
}

Test(runtime, oom_build_object_fails_cleanly, .init = test_dir_make, .fini = test_dir_remove) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 5), NNC_OK);
  nnc_dense_options d = nnc_dense(3, NNC_ACT_SOFTMAX);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_CATEGORICAL_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK);
  long n = test_until_ok_walk(build_object, m, (TestOomWalk){.dense = 200, .once = true});
  cr_log_info("nnc_model_build_object makes %ld allocations", n);
  nnc_model_free(m);
}
