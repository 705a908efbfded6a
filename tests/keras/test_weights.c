/* test_weights.c — a model's weights saved as safetensors and loaded back: Keras's names
 * and shapes, identical predictions after loading into a fresh model, and every mismatch
 * (missing, extra, wrong shape, wrong dtype, corrupt file, no weights yet) refused with a
 * message naming the tensor, leaving the model's weights as they were. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keras.h"
#include "support.h"

TestSuite(runtime, .init = test_dir_make, .fini = test_dir_remove);

/* in -> hidden (relu) -> out (sigmoid), compiled in dtype dt with the given seed. */
static nnc_model *model(int64_t in, int64_t hidden, int64_t out, nnc_dtype dt, uint64_t seed,
                        int bias) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_set_seed(m, seed), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, in), NNC_OK);
  nnc_dense_options d = nnc_dense(hidden, NNC_ACT_RELU);
  d.bias_initializer = NNC_INIT_GLOROT_UNIFORM; /* non-zero biases, so a mix-up shows */
  d.use_bias = bias;
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  d = nnc_dense(out, NNC_ACT_SIGMOID);
  d.bias_initializer = NNC_INIT_GLOROT_UNIFORM;
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.dtype = dt;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  return m;
}

static nnc_tensor *inputs(int64_t n, int64_t in, nnc_dtype dt) {
  int64_t s[2] = {n, in};
  nnc_tensor *x;
  cr_assert_eq(nnc_tensor_new(dt, 2, s, &x), NNC_OK);
  for (int64_t i = 0; i < n * in; i++)
    rt_tensor_set(x, i, (double)((i * 37) % 11) / 5.0 - 1.0);
  return x;
}

static nnc_tensor *predict(nnc_model *m, const nnc_tensor *x) {
  nnc_tensor *p;
  cr_assert_eq(nnc_model_predict(m, x, 4, &p), NNC_OK, "%s", nnc_last_error());
  return p;
}

static bool same_bytes(const nnc_tensor *a, const nnc_tensor *b) {
  return a->numel == b->numel && a->dtype == b->dtype &&
         memcmp(a->data, b->data, (size_t)a->numel * rt_dtype_size(a->dtype)) == 0;
}

/* A copy of every weight of m, to check later that nothing changed. */
typedef struct { int n; nnc_tensor *t[8]; } Snapshot;

static Snapshot snapshot(nnc_model *m) {
  Snapshot s = {0};
  for (int i = 0; nnc_model_kernel(m, i); i++) {
    cr_assert_eq(rt_tensor_copy(nnc_model_kernel(m, i), &s.t[s.n++]), NNC_OK);
    if (nnc_model_bias(m, i))
      cr_assert_eq(rt_tensor_copy(nnc_model_bias(m, i), &s.t[s.n++]), NNC_OK);
  }
  return s;
}

static void unchanged(nnc_model *m, Snapshot s) {
  int k = 0;
  for (int i = 0; nnc_model_kernel(m, i); i++) {
    cr_assert(same_bytes(nnc_model_kernel(m, i), s.t[k++]), "layer %d's kernel changed", i);
    if (nnc_model_bias(m, i))
      cr_assert(same_bytes(nnc_model_bias(m, i), s.t[k++]), "layer %d's bias changed", i);
  }
  cr_assert_eq(k, s.n);
  for (int i = 0; i < s.n; i++)
    nnc_tensor_free(s.t[i]);
}

Test(runtime, weights_save_uses_keras_names_and_shapes) {
  nnc_model *m = model(5, 3, 2, NNC_F32, 1, 1);
  const char *p = test_path("w.safetensors");
  cr_assert_eq(nnc_model_save_weights(m, p), NNC_OK, "%s", nnc_last_error());
  StSet *set;
  cr_assert_eq(fmt_st_read(p, &set), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(set->n, 4);
  const char *names[4] = {"dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"};
  nnc_tensor *want[4] = {nnc_model_kernel(m, 0), nnc_model_bias(m, 0), nnc_model_kernel(m, 1),
                         nnc_model_bias(m, 1)};
  for (int i = 0; i < 4; i++) {
    cr_assert_str_eq(set->tensors[i].name, names[i]);
    cr_assert(same_bytes(set->tensors[i].t, want[i]), "%s", names[i]);
  }
  cr_assert_eq(fmt_st_get(set, "dense/kernel")->shape[0], 5);
  cr_assert_eq(fmt_st_get(set, "dense/kernel")->shape[1], 3);
  cr_assert_eq(fmt_st_get(set, "dense_1/bias")->rank, 1);
  cr_assert_str_eq(fmt_st_meta(set, "format"), "nnc");
  fmt_st_free(set);
  nnc_model_free(m);
}

Test(runtime, weights_load_into_a_fresh_model_predicts_identically) {
  nnc_dtype dts[2] = {NNC_F32, NNC_F64};
  for (int k = 0; k < 2; k++) {
    nnc_model *a = model(6, 4, 3, dts[k], 11, 1), *b = model(6, 4, 3, dts[k], 22, 1);
    nnc_tensor *x = inputs(10, 6, dts[k]);
    nnc_tensor *pa = predict(a, x), *pb = predict(b, x);
    cr_assert(!same_bytes(pa, pb), "different seeds predict differently before loading");
    nnc_tensor_free(pb);
    const char *p = test_path("a.safetensors");
    cr_assert_eq(nnc_model_save_weights(a, p), NNC_OK, "%s", nnc_last_error());
    cr_assert_eq(nnc_model_load_weights(b, p), NNC_OK, "%s", nnc_last_error());
    pb = predict(b, x); /* b's compiled functions see the loaded weights */
    cr_assert(same_bytes(pa, pb), "%s: predictions differ after loading", rt_dtype_name(dts[k]));
    nnc_tensor_free(pa);
    nnc_tensor_free(pb);
    nnc_tensor_free(x);
    nnc_model_free(a);
    nnc_model_free(b);
  }
}

Test(runtime, weights_follow_user_layer_names_and_missing_biases) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 2), NNC_OK);
  nnc_dense_options d = nnc_dense(3, NNC_ACT_TANH);
  d.name = "hidden";
  d.use_bias = 0;
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  d = nnc_dense(1, NNC_ACT_LINEAR);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  const char *p = test_path("n.safetensors");
  cr_assert_eq(nnc_model_save_weights(m, p), NNC_OK, "%s", nnc_last_error());
  StSet *set;
  cr_assert_eq(fmt_st_read(p, &set), NNC_OK);
  cr_assert_eq(set->n, 3);
  cr_assert_not_null(fmt_st_get(set, "hidden/kernel"));
  cr_assert_null(fmt_st_get(set, "hidden/bias"));
  /* as Keras: a layer given its own name takes no number from the ones it names */
  cr_assert_str_eq(m->layers[2]->name, "dense");
  cr_assert_not_null(fmt_st_get(set, "dense/kernel"), "the model's own layer names");
  fmt_st_free(set);
  cr_assert_eq(nnc_model_load_weights(m, p), NNC_OK, "%s", nnc_last_error());
  nnc_model_free(m);
}

Test(runtime, weights_need_a_built_model) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  nnc_dense_options d = nnc_dense(2, NNC_ACT_RELU);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  const char *p = test_path("none.safetensors");
  TEST_EXPECT(nnc_model_save_weights(m, p), NNC_ERR_ARG, "You are saving a model that has "
              "not yet been built (it has no weights: give it an input shape, or fit it once)");
  TEST_EXPECT(nnc_model_load_weights(m, p), NNC_ERR_ARG, "You are loading weights into a model "
              "that has not yet been built");
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  TEST_EXPECT(nnc_model_save_weights(m, p), NNC_ERR_ARG, "has not yet been built");
  cr_assert_eq(access(p, F_OK), -1, "nothing was written");
  TEST_EXPECT(nnc_model_save_weights(NULL, p), NNC_ERR_ARG, "the model is NULL");
  TEST_EXPECT(nnc_model_load_weights(m, NULL), NNC_ERR_ARG, "path is NULL");
  nnc_model_free(m);
}

/* Keras builds a model with an Input at once: its weights save and load before compile, and
 * are those compile would make (the model's seed draws them either way). */
Test(runtime, weights_of_an_uncompiled_model_with_an_input_save_and_load) {
  nnc_model *a = model(6, 4, 3, NNC_F32, 11, 1), *b;
  const char *names[] = {"a.safetensors", "a.weights.h5"};
  for (int k = 0; k < 2; k++) {
    cr_assert_eq(nnc_model_new(&b), NNC_OK);
    cr_assert_eq(nnc_model_set_seed(b, 11), NNC_OK);
    cr_assert_eq(nnc_model_add_input(b, 6), NNC_OK);
    nnc_dense_options d = nnc_dense(4, NNC_ACT_RELU);
    d.bias_initializer = NNC_INIT_GLOROT_UNIFORM;
    cr_assert_eq(nnc_model_add_dense(b, &d), NNC_OK);
    d = nnc_dense(3, NNC_ACT_SIGMOID);
    d.bias_initializer = NNC_INIT_GLOROT_UNIFORM;
    cr_assert_eq(nnc_model_add_dense(b, &d), NNC_OK);
    const char *p = test_path(names[k]);
    cr_assert_eq(nnc_model_save_weights(b, p), NNC_OK, "%s", nnc_last_error());
    const nnc_tensor *wa = nnc_model_weight(a, "dense_1/kernel");
    cr_assert(same_bytes(wa, nnc_model_weight(b, "dense_1/kernel")), "the weights compile makes");
    cr_assert_eq(nnc_model_load_weights(b, p), NNC_OK, "%s", nnc_last_error());
    nnc_model_free(b);
  }
  nnc_model_free(a);
}

/* Writes the named tensors (all F32 unless dt says otherwise) as a weights file. */
static const char *write_weights(const char *name, int n, const char *const *names,
                                 const int64_t (*shapes)[2], const int *ranks,
                                 const nnc_dtype *dt) {
  nnc_tensor *t[8];
  for (int i = 0; i < n; i++)
    cr_assert_eq(nnc_tensor_new(dt ? dt[i] : NNC_F32, ranks[i], shapes[i], &t[i]), NNC_OK);
  const char *p = test_path(name);
  cr_assert_eq(fmt_st_write(p, n, names, (const nnc_tensor *const *)t, NULL), NNC_OK, "%s",
               nnc_last_error());
  for (int i = 0; i < n; i++)
    nnc_tensor_free(t[i]);
  return p;
}

Test(runtime, weights_mismatches_are_refused_and_change_nothing) {
  nnc_model *m = model(5, 3, 2, NNC_F32, 1, 1);
  const char *names[5] = {"dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias", "extra"};
  const int64_t shapes[5][2] = {{5, 3}, {3}, {3, 2}, {2}, {1}};
  const int ranks[5] = {2, 1, 2, 1, 1};
  const int64_t wrong[4][2] = {{5, 3}, {3}, {3, 4}, {2}};
  const nnc_dtype f64[4] = {NNC_F32, NNC_F32, NNC_F32, NNC_F64};
  struct { const char *p; nnc_status s; const char *msg; } cases[] = {
      {write_weights("missing.st", 3, names, shapes, ranks, NULL), NNC_ERR_CORRUPT,
       "tensor 'dense_1/bias' is missing (expected f32[2])"},
      {write_weights("extra.st", 5, names, shapes, ranks, NULL), NNC_ERR_CORRUPT,
       "tensor 'extra' (f32[1]) is not a weight of this model"},
      {write_weights("shape.st", 4, names, wrong, ranks, NULL), NNC_ERR_SHAPE,
       "tensor 'dense_1/kernel': expected f32[3,2], found f32[3,4]"},
      {write_weights("dtype.st", 4, names, shapes, ranks, f64), NNC_ERR_TYPE,
       "tensor 'dense_1/bias': expected f32[2], found f64[2]"},
      {test_path("absent.st"), NNC_ERR_IO, "No such file"},
      {test_dir(), NNC_ERR_IO, "it is a directory"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    Snapshot s = snapshot(m);
    TEST_EXPECT(nnc_model_load_weights(m, cases[i].p), cases[i].s, cases[i].msg);
    cr_assert(strstr(nnc_last_error(), cases[i].p), "%s", nnc_last_error());
    unchanged(m, s);
  }
  nnc_model_free(m);
}

Test(runtime, weights_of_another_architecture_are_refused) {
  nnc_model *a = model(5, 4, 2, NNC_F32, 1, 1), *b = model(5, 3, 2, NNC_F32, 2, 1);
  nnc_model *c = model(5, 3, 2, NNC_F64, 3, 1), *d = model(5, 3, 2, NNC_F32, 4, 0);
  const char *p = test_path("a.safetensors");
  cr_assert_eq(nnc_model_save_weights(a, p), NNC_OK);
  Snapshot s = snapshot(b);
  TEST_EXPECT(nnc_model_load_weights(b, p), NNC_ERR_SHAPE,
         "tensor 'dense/kernel': expected f32[5,3], found f32[5,4]");
  unchanged(b, s);
  s = snapshot(c);
  TEST_EXPECT(nnc_model_load_weights(c, p), NNC_ERR_TYPE,
         "tensor 'dense/kernel': expected f64[5,3], found f32[5,4]");
  unchanged(c, s);
  cr_assert_eq(nnc_model_save_weights(b, p), NNC_OK);
  s = snapshot(d);
  TEST_EXPECT(nnc_model_load_weights(d, p), NNC_ERR_CORRUPT,
         "tensor 'dense/bias' (f32[3]) is not a weight of this model");
  unchanged(d, s);
  nnc_model_free(a);
  nnc_model_free(b);
  nnc_model_free(c);
  nnc_model_free(d);
}

Test(runtime, weights_from_a_corrupt_file_change_nothing) {
  nnc_model *m = model(5, 3, 2, NNC_F32, 1, 1);
  const char *p = test_path("w.safetensors");
  cr_assert_eq(nnc_model_save_weights(m, p), NNC_OK);
  FILE *f = fopen(p, "rb");
  unsigned char b[4096];
  size_t n = fread(b, 1, sizeof b, f);
  fclose(f);
  f = fopen(p, "wb");
  cr_assert_eq(fwrite(b, 1, n - 5, f), n - 5);
  fclose(f);
  Snapshot s = snapshot(m);
  TEST_EXPECT(nnc_model_load_weights(m, p), NNC_ERR_CORRUPT, "past the end of the file's");
  unchanged(m, s);
  nnc_model_free(m);
}

Test(runtime, weights_survive_training_and_a_failed_save) {
  nnc_model *m = model(4, 3, 1, NNC_F32, 5, 1);
  const char *p = test_path("w.safetensors");
  cr_assert_eq(nnc_model_save_weights(m, p), NNC_OK);
  nnc_tensor *x = inputs(8, 4, NNC_F32), *y;
  int64_t ys[2] = {8, 1};
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, ys, &y), NNC_OK);
  for (int i = 0; i < 8; i++)
    ((float *)y->data)[i] = (float)(i % 2);
  nnc_fit_options fo = nnc_fit_defaults();
  fo.verbose = 0;
  fo.epochs = 3;
  nnc_tensor *before = predict(m, x);
  cr_assert_eq(nnc_model_fit(m, x, y, &fo), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *trained = predict(m, x);
  cr_assert(!same_bytes(before, trained), "training changed the weights");
  const char *dir = test_path("dir.safetensors"); /* a directory: refused, nothing written */
  cr_assert_eq(mkdir(dir, 0700), 0);
  TEST_EXPECT(nnc_model_save_weights(m, dir), NNC_ERR_IO, "Is a directory");
  cr_assert_eq(nnc_model_load_weights(m, p), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *again = predict(m, x);
  cr_assert(same_bytes(before, again), "loading restores the saved predictions");
  cr_assert_eq(nnc_model_fit(m, x, y, &fo), NNC_OK, "training goes on after loading: %s",
               nnc_last_error());
  nnc_tensor_free(before);
  nnc_tensor_free(trained);
  nnc_tensor_free(again);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

static nnc_model *oom_model;

static nnc_status save(void *p) {
  return nnc_model_save_weights(oom_model, p);
}

static nnc_status load(void *p) {
  return nnc_model_load_weights(oom_model, p);
}

Test(runtime, weights_out_of_memory_is_clean) {
  oom_model = model(3, 2, 1, NNC_F32, 1, 1);
  const char *p = test_path("m.safetensors");
  cr_assert_gt(test_until_ok(save, (void *)p, 0), 3);
  Snapshot s = snapshot(oom_model);
  cr_assert_gt(test_until_ok(load, (void *)p, 0), 3);
  unchanged(oom_model, s);
  nnc_model_free(oom_model);
}
