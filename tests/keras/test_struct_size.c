/* test_struct_size.c — option structs from callers built against another nnc.h
 * (base/struct_size.c). An older caller is simulated by a struct cut short at a field, with
 * garbage where this library's later fields lie: the library must use its defaults there
 * and never read the garbage. A newer caller's longer struct passes when the fields it adds
 * are zero. A struct not made by _defaults() is refused. */
#include <criterion/criterion.h>
#include <stddef.h>
#include <string.h>

#include "nnc.h"
#include "support.h"

enum { N = 40, F = 3, GARBAGE = 0xAB };

/* An older caller's copy of *full: its first `size` bytes, then garbage. */
static void *older(const void *full, size_t ours, size_t size) {
  unsigned char *b = malloc(ours);
  cr_assert(b);
  memset(b, GARBAGE, ours);
  memcpy(b, full, size);
  memcpy(b, &size, sizeof size); /* what _defaults() of its header wrote */
  return b;
}

static nnc_model *model(void) {
  nnc_model *m = NULL;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, F), NNC_OK);
  nnc_dense_options d = nnc_dense(1, NNC_ACT_SIGMOID);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  return m;
}

static void data(nnc_tensor **x, nnc_tensor **y) {
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, (int64_t[]){N, F}, x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, (int64_t[]){N, 1}, y), NNC_OK);
  float *xd = nnc_tensor_data(*x), *yd = nnc_tensor_data(*y);
  for (int i = 0; i < N * F; i++)
    xd[i] = (float)(i % 7) / 7;
  for (int i = 0; i < N; i++)
    yd[i] = i % 2;
}

Test(struct_size, defaults_fill_it) {
  cr_assert_eq(nnc_fit_defaults().struct_size, sizeof(nnc_fit_options));
  cr_assert_eq(nnc_compile_defaults(NNC_LOSS_HINGE).struct_size, sizeof(nnc_compile_options));
  cr_assert_eq(nnc_dense(3, NNC_ACT_RELU).struct_size, sizeof(nnc_dense_options));
  cr_assert_eq(nnc_build_defaults().struct_size, sizeof(nnc_build_options));
  cr_assert_eq(nnc_context_defaults().struct_size, sizeof(nnc_context_options));
}

/* A caller from before the compile cache's fields: garbage there would be a compile_cache
 * outside -1 to 1 (NNC_ERR_ARG); the default, the process's cache, is taken instead. */
Test(struct_size, an_older_context_caller_gets_the_process_compile_cache) {
  nnc_context_options o = nnc_context_defaults();
  o.threads = 2;
  void *old = older(&o, sizeof o, offsetof(nnc_context_options, compile_cache));
  nnc_context *c;
  cr_assert_eq(nnc_context_new_with(old, &c), NNC_OK, "%s", nnc_last_error());
  nnc_context_free(c);
  free(old);
  o.struct_size = 0;
  TEST_EXPECT(nnc_context_new_with(&o, &c), NNC_ERR_ARG, "nnc_context_options.struct_size is 0");
}

/* A caller from before steps_per_epoch and validation_batch_size: garbage there would be a
 * negative count (NNC_ERR_ARG) or a cut epoch; the defaults (every batch) train 3 x 3 steps. */
Test(struct_size, an_older_fit_caller_gets_the_defaults_of_the_fields_it_lacks) {
  nnc_model *m = model();
  nnc_tensor *x, *y;
  data(&x, &y);
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 3, f.batch_size = 16, f.verbose = 0;
  void *old = older(&f, sizeof f, offsetof(nnc_fit_options, steps_per_epoch));
  cr_assert_eq(nnc_model_fit(m, x, y, old), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_iterations(m), 3 * 3, "epochs and batch_size read, the rest defaults");
  free(old);
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

Test(struct_size, an_older_compile_caller_gets_no_metrics) {
  nnc_model *m = model();
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.accuracy = 1;
  void *old = older(&c, sizeof c, offsetof(nnc_compile_options, nmetrics));
  cr_assert_eq(nnc_model_compile(m, old), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *x, *y;
  data(&x, &y);
  nnc_metrics out;
  cr_assert_eq(nnc_model_evaluate(m, x, y, 8, &out), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(out.nmetrics, 1, "accuracy alone: the garbage count was not read");
  cr_assert_str_eq(out.metric_keys[0], "accuracy");
  free(old);
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

Test(struct_size, an_older_dense_caller_gets_no_regularizers_or_constraints) {
  nnc_model *m = NULL;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, F), NNC_OK);
  nnc_dense_options d = nnc_dense(2, NNC_ACT_TANH);
  void *old = older(&d, sizeof d, offsetof(nnc_dense_options, kernel_regularizer));
  cr_assert_eq(nnc_model_add_dense(m, old), NNC_OK, "%s", nnc_last_error());
  char *config = nnc_model_layer_config(m, 1);
  cr_assert(config, "%s", nnc_last_error());
  cr_assert(strstr(config, "\"kernel_regularizer\":null"), "%s", config);
  cr_assert(strstr(config, "\"kernel_constraint\":null"), "%s", config);
  cr_assert(strstr(config, "\"units\":2"), "%s", config);
  nnc_string_free(config);
  free(old);
  nnc_model_free(m);
}

/* A caller from before predict_only: garbage there would leave the training step out of
 * the object; the default (training included) is taken. */
Test(struct_size, an_older_build_caller_gets_the_training_step, .init = test_dir_make,
     .fini = test_dir_remove) {
  nnc_model *m = model();
  nnc_build_options o = nnc_build_defaults();
  const char *dir = test_dir();
  o.dir = dir, o.name = "old", o.batch = 4;
  void *old = older(&o, sizeof o, offsetof(nnc_build_options, predict_only));
  cr_assert_eq(nnc_model_build_object(m, old), NNC_OK, "%s", nnc_last_error());
  char path[600], text[8192] = "";
  snprintf(path, sizeof path, "%s/old.h", dir);
  FILE *f = fopen(path, "r");
  cr_assert_not_null(f, "%s", path);
  text[fread(text, 1, sizeof text - 1, f)] = 0;
  fclose(f);
  cr_assert(strstr(text, "old_train_step"), "the header lacks the training step:\n%s", text);
  free(old);
  nnc_model_free(m);
}

/* A newer caller: the library's struct, then fields it does not know. */
Test(struct_size, a_newer_caller_passes_when_its_new_fields_are_unused) {
  nnc_model *m = model();
  nnc_tensor *x, *y;
  data(&x, &y);
  size_t ours = sizeof(nnc_fit_options), theirs = ours + 16;
  unsigned char *b = calloc(1, theirs);
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  memcpy(b, &f, ours);
  memcpy(b, &theirs, sizeof theirs);
  cr_assert_eq(nnc_model_fit(m, x, y, (nnc_fit_options *)b), NNC_OK, "%s", nnc_last_error());
  b[ours + 3] = 1;
  TEST_EXPECT(nnc_model_fit(m, x, y, (nnc_fit_options *)b), NNC_ERR_ARG,
              "has fields this library");
  free(b);
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

Test(struct_size, a_struct_not_made_by_its_defaults_is_refused) {
  nnc_model *m = model();
  nnc_tensor *x, *y;
  data(&x, &y);
  nnc_fit_options f = {.epochs = 1, .batch_size = 8};
  TEST_EXPECT(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG,
              "nnc_model_fit: nnc_fit_options.struct_size is 0: fill it with its _defaults()");
  f = nnc_fit_defaults();
  f.struct_size = 12345;
  TEST_EXPECT(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG, "struct_size 12345 is not the size");
  nnc_compile_options c = {.loss = NNC_LOSS_HINGE};
  TEST_EXPECT(nnc_model_compile(m, &c), NNC_ERR_ARG, "nnc_compile_options.struct_size is 0");
  nnc_model *fresh = NULL; /* one that still takes layers */
  cr_assert_eq(nnc_model_new(&fresh), NNC_OK);
  nnc_dense_options d = {.units = 3};
  TEST_EXPECT(nnc_model_add_dense(fresh, &d), NNC_ERR_ARG, "nnc_dense_options.struct_size is 0");
  nnc_model_free(fresh);
  nnc_build_options o = {.dir = ".", .name = "x", .batch = 1};
  TEST_EXPECT(nnc_model_build_object(m, &o), NNC_ERR_ARG, "nnc_build_options.struct_size is 0");
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}
