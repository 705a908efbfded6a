/* test_build.c — nnc_model_build_object against the model itself, bit for bit: the object
 * (with its NAME_io.c) is linked into a shared library by the system's C compiler and
 * loaded here, so its init, training steps, predictions and weight files meet nnc's own
 * initializers, nnc_model_fit, nnc_model_predict and weight files in one process. Also the
 * refusals, which must leave the directory empty. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <dirent.h>
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keras.h"
#include "support.h"

static char dir[64];

static void setup(void) {
  snprintf(dir, sizeof dir, "/tmp/nnc_build_XXXXXX");
  cr_assert(mkdtemp(dir));
}

static void teardown(void) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  cr_assert_eq(system(cmd), 0);
}

TestSuite(keras, .init = setup, .fini = teardown);

/* The functions of one object, loaded from the shared library made of it. */
typedef struct {
  void *lib;
  void *state;
  void (*init)(void *, uint64_t);
  float (*train)(void *, const void *, const void *);    /* f32 models */
  double (*train64)(void *, const void *, const void *); /* f64 models: the same symbol */
  void (*predict)(void *, const void *, void *, size_t);
  size_t (*count)(void);
  const char *(*name)(size_t);
  void *(*param)(void *, size_t, size_t *);
  const char *(*save)(const void *, const char *);
  const char *(*load)(void *, const char *);
} Obj;

static void *sym(const Obj *o, const char *prefix, const char *what) {
  char name[128];
  snprintf(name, sizeof name, "%s_%s", prefix, what);
  return dlsym(o->lib, name);
}

/* NAME_STATE_SIZE from the header. */
static long state_size(const char *name) {
  char path[256], line[512], key[160];
  snprintf(path, sizeof path, "%s/%s.h", dir, name);
  snprintf(key, sizeof key, "#define %s_STATE_SIZE", name);
  FILE *f = fopen(path, "r");
  cr_assert(f, "no %s", path);
  long size = -1;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, key, strlen(key)) == 0)
      size = strtol(line + strlen(key), NULL, 10);
  fclose(f);
  cr_assert_gt(size, 0);
  return size;
}

static Obj load_object(const char *name) {
  char cmd[1024], lib[256];
  snprintf(lib, sizeof lib, "%s/lib%s.so", dir, name);
  snprintf(cmd, sizeof cmd, "cc -std=c17 -Wall -Wextra -Werror -shared -fPIC -O1 -o '%s' "
           "'%s/%s.o' '%s/%s_io.c'", lib, dir, name, dir, name);
  cr_assert_eq(system(cmd), 0, "%s", cmd);
  Obj o = {.lib = dlopen(lib, RTLD_NOW | RTLD_LOCAL)};
  cr_assert(o.lib, "%s", dlerror());
  *(void **)&o.init = sym(&o, name, "init");
  *(void **)&o.train = sym(&o, name, "train_step");
  *(void **)&o.train64 = sym(&o, name, "train_step");
  *(void **)&o.predict = sym(&o, name, "predict");
  *(void **)&o.count = sym(&o, name, "param_count");
  *(void **)&o.name = sym(&o, name, "param_name");
  *(void **)&o.param = sym(&o, name, "param");
  *(void **)&o.save = sym(&o, name, "save_weights");
  *(void **)&o.load = sym(&o, name, "load_weights");
  cr_assert(o.init && o.predict && o.count && o.name && o.param && o.save && o.load);
  o.state = aligned_alloc(64, (size_t)state_size(name));
  cr_assert(o.state);
  return o;
}

static void unload(Obj *o) {
  free(o->state);
  dlclose(o->lib);
}

static Obj build(nnc_model *m, const char *name, int64_t batch, int predict_only) {
  nnc_build_options b = nnc_build_defaults();
  b.dir = dir;
  b.name = name;
  b.batch = batch;
  b.predict_only = predict_only;
  cr_assert_eq(nnc_model_build_object(m, &b), NNC_OK, "%s", nnc_last_error());
  return load_object(name);
}

/* Every weight of m equals the object's of the same name, bit for bit. */
static void same_weights(nnc_model *m, const Obj *o) {
  TensorRef *w;
  int n;
  cr_assert_eq(keras_model_tensors(m, false, "test", &w, &n), NNC_OK);
  cr_assert_eq(o->count(), (size_t)n);
  for (int i = 0; i < n; i++) {
    size_t count;
    const void *p = o->param(o->state, (size_t)i, &count);
    cr_assert_str_eq(o->name((size_t)i), w[i].name);
    cr_assert_eq(count, (size_t)w[i].t->numel);
    size_t bytes = count * rt_dtype_size(w[i].t->dtype);
    cr_assert(memcmp(p, w[i].t->data, bytes) == 0, "%s differs", w[i].name);
  }
  cr_assert_null(o->name((size_t)n));
  size_t count = 7;
  cr_assert_null(o->param(o->state, (size_t)n, &count));
  cr_assert_eq(count, 0);
  base_free(w);
}

static nnc_model *dense_model(uint64_t seed, int64_t in, int n, const int64_t *units,
                              const nnc_activation *act, const nnc_initializer *init) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  nnc_model_set_seed(m, seed);
  cr_assert_eq(nnc_model_add_input(m, in), NNC_OK);
  for (int i = 0; i < n; i++) {
    nnc_dense_options d = nnc_dense(units[i], act[i]);
    if (init) {
      d.kernel_initializer = init[i];
      d.bias_initializer = i % 2 ? NNC_INIT_ONES : NNC_INIT_ZEROS;
    }
    cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  }
  return m;
}

static void check_init(nnc_dtype dt, uint64_t seed) {
  static const int64_t units[4] = {30, 20, 10, 3};
  static const nnc_activation act[4] = {NNC_ACT_RELU, NNC_ACT_TANH, NNC_ACT_SIGMOID,
                                        NNC_ACT_SOFTMAX};
  static const nnc_initializer init[4] = {NNC_INIT_GLOROT_UNIFORM, NNC_INIT_HE_NORMAL,
                                          NNC_INIT_GLOROT_NORMAL, NNC_INIT_HE_UNIFORM};
  nnc_model *m = dense_model(seed, 40, 4, units, act, init);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_CATEGORICAL_CROSSENTROPY);
  c.dtype = dt;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  char name[32];
  snprintf(name, sizeof name, "init%d_%llu", (int)dt, (unsigned long long)seed);
  Obj o = build(m, name, 4, 0);
  o.init(o.state, seed);
  same_weights(m, &o);
  unload(&o);
  nnc_model_free(m);
}

/* Every initializer, f32 and f64: the object's IR draws are nnc's C draws. */
Test(keras, init_gives_the_weights_of_the_seed) {
  check_init(NNC_F32, 0);
  check_init(NNC_F32, 12345);
  check_init(NNC_F64, 99);
}

/* ---- training: nnc_model_fit against NAME_train_step ---- */

typedef struct {
  nnc_loss_kind loss;
  int from_logits;
  nnc_optimizer opt;
  nnc_activation last;
  int64_t out;
  nnc_dtype dtype;
} Case;

/* n rows of x [n, 12] and targets of the case's kind. */
static void data(const Case *k, int64_t n, nnc_tensor **x, nnc_tensor **y) {
  TestRng r = test_rng(77);
  int64_t xs[2] = {n, 12}, ys[2] = {n, k->out};
  bool sparse = k->loss == NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY;
  cr_assert_eq(nnc_tensor_new(k->dtype, 2, xs, x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(k->dtype, sparse ? 1 : 2, ys, y), NNC_OK);
  for (int64_t i = 0; i < n * 12; i++)
    rt_tensor_set(*x, i, test_uniform(&r, -1, 1));
  for (int64_t i = 0; i < n; i++) {
    int cls = (int)(test_uniform(&r, 0, (double)k->out));
    for (int64_t j = 0; j < (sparse ? 1 : k->out); j++) {
      double v = k->loss == NNC_LOSS_MEAN_SQUARED_ERROR ? test_uniform(&r, -1, 1)
                 : sparse                               ? cls
                 : k->loss == NNC_LOSS_BINARY_CROSSENTROPY ? (double)(test_uniform(&r, 0, 1) < 0.5)
                                                           : (double)(j == cls);
      rt_tensor_set(*y, i * (sparse ? 1 : k->out) + j, v);
    }
  }
}

static void check_training(const char *name, const Case *k) {
  enum { N = 64, BATCH = 8, EPOCHS = 3 };
  const int64_t units[2] = {16, k->out};
  const nnc_activation act[2] = {NNC_ACT_TANH, k->last};
  nnc_model *m = dense_model(5, 12, 2, units, act, NULL);
  nnc_compile_options c = nnc_compile_defaults(k->loss);
  c.from_logits = k->from_logits;
  c.optimizer = k->opt;
  c.dtype = k->dtype;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  Obj o = build(m, name, BATCH, 0);
  nnc_tensor *x, *y;
  data(k, N, &x, &y);
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = EPOCHS;
  f.batch_size = BATCH;
  f.shuffle = 0;
  f.verbose = 0;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  o.init(o.state, 5);
  size_t es = rt_dtype_size(k->dtype), xrow = 12 * es, yrow = (size_t)(y->numel / N) * es;
  for (int e = 0; e < EPOCHS; e++)
    for (int b = 0; b < N; b += BATCH) {
      const char *xb = (const char *)x->data + (size_t)b * xrow;
      const char *yb = (const char *)y->data + (size_t)b * yrow;
      double loss = k->dtype == NNC_F32 ? o.train(o.state, xb, yb) : o.train64(o.state, xb, yb);
      bool negative_ok = k->loss == NNC_LOSS_COSINE_SIMILARITY; /* -1 at best */
      cr_assert(isfinite(loss) && (loss >= 0 || negative_ok), "%s: loss %g", name, loss);
    }
  same_weights(m, &o);
  /* predict: 45 rows, so a last partial batch goes through the staging rows */
  nnc_tensor *p;
  cr_assert_eq(nnc_model_predict(m, x, 45, &p), NNC_OK);
  void *q = calloc(N, (size_t)k->out * es);
  o.predict(o.state, x->data, q, 45);
  cr_assert(memcmp(q, p->data, 45 * (size_t)k->out * es) == 0, "predictions differ");
  free(q);
  nnc_tensor_free(p);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  unload(&o);
  nnc_model_free(m);
}

Test(keras, sgd_with_momentum_and_mse_train_as_fit) {
  nnc_optimizer sgd = nnc_sgd();
  sgd.momentum = 0.9;
  sgd.nesterov = 1;
  Case k = {NNC_LOSS_MEAN_SQUARED_ERROR, 0, sgd, NNC_ACT_LINEAR, 3, NNC_F32};
  check_training("sgd_mse", &k);
}

Test(keras, adam_and_binary_crossentropy_train_as_fit) {
  Case k = {NNC_LOSS_BINARY_CROSSENTROPY, 0, nnc_adam(), NNC_ACT_SIGMOID, 1, NNC_F32};
  check_training("adam_bce", &k);
}

Test(keras, binary_crossentropy_from_logits_trains_as_fit) {
  Case k = {NNC_LOSS_BINARY_CROSSENTROPY, 1, nnc_rmsprop(), NNC_ACT_LINEAR, 2, NNC_F32};
  check_training("bce_logits", &k);
}

Test(keras, categorical_crossentropy_trains_as_fit) {
  Case k = {NNC_LOSS_CATEGORICAL_CROSSENTROPY, 0, nnc_rmsprop(), NNC_ACT_SOFTMAX, 4, NNC_F32};
  check_training("cce", &k);
}

Test(keras, sparse_categorical_crossentropy_from_logits_trains_as_fit) {
  Case k = {NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 1, nnc_sgd(), NNC_ACT_LINEAR, 5, NNC_F32};
  check_training("scce", &k);
}

Test(keras, categorical_crossentropy_from_logits_trains_as_fit) {
  Case k = {NNC_LOSS_CATEGORICAL_CROSSENTROPY, 1, nnc_adam(), NNC_ACT_LINEAR, 3, NNC_F32};
  check_training("cce_logits", &k);
}

Test(keras, sparse_categorical_crossentropy_of_probabilities_trains_as_fit) {
  nnc_optimizer momentum = nnc_sgd();
  momentum.momentum = 0.5;
  Case k = {NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0, momentum, NNC_ACT_SOFTMAX, 4, NNC_F32};
  check_training("scce_probs", &k);
}

Test(keras, f64_models_train_as_fit) {
  Case k = {NNC_LOSS_MEAN_SQUARED_ERROR, 0, nnc_adam(), NNC_ACT_LINEAR, 2, NNC_F64};
  check_training("f64", &k);
}

/* Every loss of names/losses.def, on softmax outputs (probabilities suit each of them) with
 * Adam: the object trains as fit does, bit for bit. A new row is covered without a new test. */
Test(keras, every_loss_trains_as_fit, .timeout = 300) {
  static const nnc_loss_kind losses[] = {
#define LOSS(id, ...) NNC_LOSS_##id,
#include "losses.def"
  };
  for (size_t i = 0; i < sizeof losses / sizeof *losses; i++) {
    Case k = {losses[i], 0, nnc_adam(), NNC_ACT_SOFTMAX, 3, NNC_F32};
    char name[64];
    snprintf(name, sizeof name, "loss_%s", nnc_loss_name(k.loss));
    check_training(name, &k);
  }
}

/* Every optimizer of names/optimizers.def with its Keras defaults, on mean squared error. */
Test(keras, every_optimizer_trains_as_fit, .timeout = 300) {
  static const nnc_optimizer_kind kinds[] = {
#define OPTIMIZER(id, ...) NNC_OPT_##id,
#include "optimizers.def"
  };
  for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
    Case k = {NNC_LOSS_MEAN_SQUARED_ERROR, 0, nnc_optimizer_defaults(kinds[i]), NNC_ACT_LINEAR,
              2, NNC_F32};
    char name[64];
    snprintf(name, sizeof name, "opt_%s", nnc_optimizer_name(kinds[i]));
    check_training(name, &k);
  }
}

/* A Concatenate: kernels read in row slices, select matrices made by init. */
Test(keras, concatenate_trains_as_fit) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  int x, a, b, cat, out;
  int64_t shape[1] = {12};
  nnc_dense_options d = nnc_dense(6, NNC_ACT_TANH);
  cr_assert_eq(nnc_model_input(m, 1, shape, NULL, &x), NNC_OK);
  cr_assert_eq(nnc_model_dense(m, x, &d, &a), NNC_OK);
  d = nnc_dense(5, NNC_ACT_RELU);
  cr_assert_eq(nnc_model_dense(m, x, &d, &b), NNC_OK);
  int both[2] = {a, b};
  cr_assert_eq(nnc_model_concatenate(m, 2, both, -1, NULL, &cat), NNC_OK);
  cr_assert_eq(nnc_model_activation(m, cat, NNC_ACT_SOFTMAX, NULL, &out), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_CATEGORICAL_CROSSENTROPY);
  c.optimizer = nnc_adam();
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  Obj o = build(m, "cat", 8, 0);
  Case k = {NNC_LOSS_CATEGORICAL_CROSSENTROPY, 0, c.optimizer, NNC_ACT_SOFTMAX, 11, NNC_F32};
  nnc_tensor *xs, *ys;
  data(&k, 16, &xs, &ys);
  nnc_fit_options f = nnc_fit_defaults();
  f.batch_size = 8;
  f.shuffle = 0;
  f.verbose = 0;
  cr_assert_eq(nnc_model_fit(m, xs, ys, &f), NNC_OK, "%s", nnc_last_error());
  o.init(o.state, 0);
  for (int i = 0; i < 16; i += 8)
    o.train(o.state, (float *)xs->data + i * 12, (float *)ys->data + i * 11);
  same_weights(m, &o);
  nnc_tensor_free(xs);
  nnc_tensor_free(ys);
  unload(&o);
  nnc_model_free(m);
}

/* ---- weight files, predict-only, refusals ---- */

static nnc_model *lecture(void) {
  const int64_t units[3] = {25, 15, 1};
  const nnc_activation act[3] = {NNC_ACT_SIGMOID, NNC_ACT_SIGMOID, NNC_ACT_SIGMOID};
  nnc_model *m = dense_model(3, 784, 3, units, act, NULL);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  return m;
}

static bool same_file(const char *a, const char *b) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", a, b);
  return system(cmd) == 0;
}

Test(keras, weight_files_go_both_ways) {
  nnc_model *m = lecture();
  Obj o = build(m, "lecture", 32, 0);
  char ours[256], theirs[256];
  snprintf(ours, sizeof ours, "%s/obj.safetensors", dir);
  snprintf(theirs, sizeof theirs, "%s/nnc.safetensors", dir);
  o.init(o.state, 3);                           /* the model's seed: the same weights */
  cr_assert_null(o.save(o.state, ours));
  cr_assert_eq(nnc_model_save_weights(m, theirs), NNC_OK);
  cr_assert(same_file(ours, theirs), "the object's weight file is not nnc's");
  o.init(o.state, 4);                           /* other weights, saved and read by nnc */
  cr_assert_null(o.save(o.state, ours));
  cr_assert_eq(nnc_model_load_weights(m, ours), NNC_OK, "%s", nnc_last_error());
  same_weights(m, &o);
  cr_assert_eq(nnc_model_save_weights(m, theirs), NNC_OK);
  o.init(o.state, 5);                           /* and nnc's file read by the object */
  cr_assert_null(o.load(o.state, theirs));
  same_weights(m, &o);
  unload(&o);
  nnc_model_free(m);
}

Test(keras, a_bad_weight_file_changes_nothing) {
  nnc_model *m = lecture();
  Obj o = build(m, "lecture", 32, 0);
  char path[256], cmd[600];
  snprintf(path, sizeof path, "%s/w.safetensors", dir);
  o.init(o.state, 3);
  cr_assert_null(o.save(o.state, path));
  snprintf(cmd, sizeof cmd, "truncate -s -4 '%s'", path);
  cr_assert_eq(system(cmd), 0);
  o.init(o.state, 8);
  size_t n;
  float first = *(float *)o.param(o.state, 0, &n);
  const char *err = o.load(o.state, path);
  cr_assert(err && strstr(err, "w.safetensors") && strstr(err, "data_offsets"), "%s",
            err ? err : "");
  cr_assert_eq(*(float *)o.param(o.state, 0, &n), first);
  snprintf(path, sizeof path, "%s/missing.safetensors", dir);
  err = o.load(o.state, path);
  cr_assert(err && strstr(err, "cannot be opened"), "%s", err ? err : "");
  snprintf(path, sizeof path, "%s/ckpt.safetensors", dir);   /* optimizer state too */
  cr_assert_eq(nnc_model_save_checkpoint(m, path), NNC_OK, "%s", nnc_last_error());
  err = o.load(o.state, path);
  cr_assert(err && strstr(err, "not a weight of this model"), "%s", err ? err : "");
  const int64_t units[3] = {24, 15, 1};                      /* another model's weights */
  const nnc_activation act[3] = {NNC_ACT_SIGMOID, NNC_ACT_SIGMOID, NNC_ACT_SIGMOID};
  nnc_model *other = dense_model(3, 784, 3, units, act, NULL);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(other, &c), NNC_OK);
  snprintf(path, sizeof path, "%s/other.safetensors", dir);
  cr_assert_eq(nnc_model_save_weights(other, path), NNC_OK);
  err = o.load(o.state, path);
  cr_assert(err && strstr(err, "another shape for dense/kernel"), "%s", err ? err : "");
  cr_assert_eq(*(float *)o.param(o.state, 0, &n), first);
  nnc_model_free(other);
  unload(&o);
  nnc_model_free(m);
}

Test(keras, predict_only_has_no_training_step) {
  nnc_model *m = lecture();
  Obj o = build(m, "serve", 16, 1);
  cr_assert_null(o.train);
  o.init(o.state, 3);
  int64_t xs[2] = {50, 784};
  nnc_tensor *x, *p;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, &x), NNC_OK);
  TestRng r = test_rng(9);
  for (int64_t i = 0; i < x->numel; i++)
    rt_tensor_set(x, i, test_uniform(&r, 0, 1));
  cr_assert_eq(nnc_model_predict(m, x, 32, &p), NNC_OK);
  float q[50];
  o.predict(o.state, x->data, q, 50);
  cr_assert(memcmp(q, p->data, sizeof q) == 0);
  o.predict(o.state, x->data, q, 0);           /* nothing to do */
  nnc_tensor_free(x);
  nnc_tensor_free(p);
  unload(&o);
  nnc_model_free(m);
}

static int entries(const char *path) {
  DIR *d = opendir(path);
  cr_assert(d);
  int n = 0;
  for (struct dirent *e; (e = readdir(d));)
    n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
  closedir(d);
  return n;
}

/* The refusal's status and message; the directory stays empty. */
static void refused(nnc_model *m, nnc_build_options b, nnc_status want, const char *says) {
  nnc_status s = nnc_model_build_object(m, &b);
  cr_assert_eq(s, want, "%s: %s", nnc_status_name(s), nnc_last_error());
  cr_assert(strstr(nnc_last_error(), says), "'%s' lacks '%s'", nnc_last_error(), says);
  cr_assert_eq(entries(dir), 0);
}

Test(keras, bad_input_is_refused_and_leaves_no_file) {
  nnc_model *m = lecture();
  nnc_build_options b = nnc_build_defaults();
  b.dir = dir;
  b.target = "pdp11-unknown-none";
  refused(m, b, NNC_ERR_ARG, "unknown target 'pdp11-unknown-none'");
  b.target = "aarch64-linux-gnu";
  b.cpu = "cortex-m99";
  refused(m, b, NNC_ERR_ARG, "unknown CPU 'cortex-m99'");
  b = nnc_build_defaults();
  b.dir = dir;
  b.name = "2fast";
  refused(m, b, NNC_ERR_ARG, "not a C identifier");
  b.name = "model";
  b.batch = 0;
  refused(m, b, NNC_ERR_ARG, "batch must be");
  b.batch = 32;
  char file[128];
  snprintf(file, sizeof file, "%s/plain", dir);
  FILE *f = fopen(file, "w");
  cr_assert(f);
  fclose(f);
  b.dir = file;                                /* a file, not a directory */
  nnc_status s = nnc_model_build_object(m, &b);
  cr_assert_eq(s, NNC_ERR_IO, "%s", nnc_last_error());
  cr_assert(strstr(nnc_last_error(), "cannot write in") && strstr(nnc_last_error(), "plain"),
            "%s", nnc_last_error());
  remove(file);
  cr_assert_eq(entries(dir), 0);
  b.dir = dir;                                 /* a directory where the header goes */
  snprintf(file, sizeof file, "%s/model.h", dir);
  cr_assert_eq(mkdir(file, 0700), 0);
  s = nnc_model_build_object(m, &b);
  cr_assert_eq(s, NNC_ERR_IO, "%s", nnc_last_error());
  cr_assert(strstr(nnc_last_error(), "model.h: a directory is in the way"), "%s",
            nnc_last_error());
  cr_assert_eq(entries(dir), 1);               /* no model.o beside it */
  rmdir(file);
  nnc_model_free(m);

  cr_assert_eq(nnc_model_new(&m), NNC_OK);     /* no input size: nothing to build */
  nnc_dense_options d = nnc_dense(3, NNC_ACT_RELU);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK);
  b.dir = dir;
  refused(m, b, NNC_ERR_ARG, "no fixed input size");
  nnc_model_free(m);
}

/* Every activation, loss and optimizer, for this machine, a generic x86-64 (no FMA), AArch64
 * and Cortex-M4: no object refers to a symbol outside itself (no libm for exp, rounding or
 * fma, no memcpy, no compiler helper). */
Test(keras, objects_call_nothing_outside_themselves, .timeout = 120) {
  static const nnc_activation acts[6] = {NNC_ACT_RELU, NNC_ACT_TANH, NNC_ACT_GELU,
                                         NNC_ACT_LEAKY_RELU, NNC_ACT_SIGMOID, NNC_ACT_LINEAR};
  static const int64_t units[6] = {9, 8, 7, 6, 5, 4};
  nnc_optimizer momentum = nnc_sgd();
  momentum.momentum = 0.9;
  const struct {
    nnc_loss_kind loss;
    int logits;
    nnc_optimizer opt;
    nnc_activation last;
  } cases[4] = {
      {NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 1, nnc_adam(), NNC_ACT_LINEAR},
      {NNC_LOSS_CATEGORICAL_CROSSENTROPY, 0, nnc_rmsprop(), NNC_ACT_SOFTMAX},
      {NNC_LOSS_BINARY_CROSSENTROPY, 1, momentum, NNC_ACT_LINEAR},
      {NNC_LOSS_MEAN_SQUARED_ERROR, 0, nnc_sgd(), NNC_ACT_SIGMOID},
  };
  static const char *const targets[4][2] = {{NULL, NULL},
                                            {"x86_64-linux-gnu", NULL},
                                            {"aarch64-linux-gnu", NULL},
                                            {"thumbv7em-none-eabihf", "cortex-m4"}};
  for (int k = 0; k < 4; k++) {
    nnc_activation act[6];
    memcpy(act, acts, sizeof act);
    act[5] = cases[k].last;
    nnc_model *m = dense_model(1, 10, 6, units, act, NULL);
    nnc_compile_options c = nnc_compile_defaults(cases[k].loss);
    c.from_logits = cases[k].logits;
    c.optimizer = cases[k].opt;
    cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
    for (int t = 0; t < 4; t++) {
      nnc_build_options b = nnc_build_defaults();
      b.dir = dir;
      b.batch = 5;
      b.target = targets[t][0];
      b.cpu = targets[t][1];
      cr_assert_eq(nnc_model_build_object(m, &b), NNC_OK, "%s", nnc_last_error());
      char cmd[256], out[4096] = "";
      snprintf(cmd, sizeof cmd, "nm -u '%s/model.o' 2>&1", dir);
      FILE *p = popen(cmd, "r");
      cr_assert(p);
      size_t got = fread(out, 1, sizeof out - 1, p);
      out[got] = 0;
      cr_assert_eq(pclose(p), 0, "%s", out);
      cr_assert_str_empty(out, "case %d, %s: %s", k, b.target ? b.target : "host", out);
    }
    nnc_model_free(m);
  }
}

/* The files go through the safe writer: a symlink planted where the old code put its
 * predictable temporary (.NAME.o.tmp.PID) is not followed; a link at a target is kept and
 * its file replaced; the old file's mode is kept; no temporary is left. */
Test(keras, build_files_are_written_safely) {
  nnc_model *m = lecture();
  char victim[128], planted[128], link[128], target[128];
  snprintf(victim, sizeof victim, "%s/victim", dir);
  test_write_text("victim", "precious\n");
  cr_assert_eq(rename(test_path("victim"), victim), 0);
  snprintf(planted, sizeof planted, "%s/.model.o.tmp.%ld", dir, (long)getpid());
  cr_assert_eq(symlink(victim, planted), 0);
  snprintf(target, sizeof target, "%s/real.h", dir);
  FILE *f = fopen(target, "w");
  cr_assert(f);
  fclose(f);
  cr_assert_eq(chmod(target, 0640), 0);
  snprintf(link, sizeof link, "%s/model.h", dir);
  cr_assert_eq(symlink("real.h", link), 0);
  Obj o = build(m, "model", 32, 0);
  unload(&o);
  f = fopen(victim, "r");
  char buf[32] = "";
  cr_assert(f && fgets(buf, sizeof buf, f));
  fclose(f);
  cr_expect_str_eq(buf, "precious\n", "the planted link was followed");
  struct stat st;
  cr_assert_eq(lstat(link, &st), 0);
  cr_expect(S_ISLNK(st.st_mode), "model.h is still a link");
  cr_assert_eq(stat(target, &st), 0);
  cr_expect_gt(st.st_size, 0, "the header went to the link's target");
  cr_expect_eq(st.st_mode & 07777, 0640, "the old mode is kept");
  DIR *d = opendir(dir);
  for (struct dirent *e; d && (e = readdir(d));)
    cr_expect(!strstr(e->d_name, ".nnc-"), "temporary left: %s", e->d_name);
  closedir(d);
  unlink(planted);
  unlink(victim);
  nnc_model_free(m);
}
