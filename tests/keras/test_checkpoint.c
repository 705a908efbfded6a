/* test_checkpoint.c — checkpoints: the weights, the optimizer state, the epoch count and
 * the shuffling RNG in one safetensors file. Training 2 epochs, saving, loading into a
 * fresh model and training epochs 3..4 gives the weights and optimizer state of 4 epochs
 * straight, bit for bit; every malformed or mismatched checkpoint is refused before
 * anything changes; a process killed at any moment of a save leaves a file that loads and
 * is one of the complete versions. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "keras.h"
#include "support.h"

TestSuite(runtime, .init = test_dir_make, .fini = test_dir_remove);

enum { FEATURES = 12, SAMPLES = 100 }; /* 100 = 3 batches of 32 and one of 4 */

/* FEATURES -> 25 -> 15 -> 1, sigmoid, binary cross-entropy, the optimizer `opt`. */
static nnc_model *model(nnc_optimizer opt, uint64_t seed) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_set_seed(m, seed), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, FEATURES), NNC_OK);
  const int64_t units[3] = {25, 15, 1};
  for (int i = 0; i < 3; i++) {
    nnc_dense_options d = nnc_dense(units[i], NNC_ACT_SIGMOID);
    cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  }
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.optimizer = opt;
  c.accuracy = 1;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  return m;
}

static void data(nnc_tensor **x, nnc_tensor **y) {
  int64_t xs[2] = {SAMPLES, FEATURES}, ys[2] = {SAMPLES, 1};
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, ys, y), NNC_OK);
  TestRng r = test_rng(17);
  float *xd = nnc_tensor_data(*x), *yd = nnc_tensor_data(*y);
  for (int i = 0; i < SAMPLES; i++) {
    double sum = 0;
    for (int j = 0; j < FEATURES; j++)
      sum += xd[i * FEATURES + j] = (float)test_uniform(&r, -1, 1);
    yd[i] = sum > 0;
  }
}

static nnc_fit_options epochs(int from, int to) {
  nnc_fit_options f = nnc_fit_defaults();
  f.initial_epoch = from;
  f.epochs = to;
  f.verbose = 0;
  return f;
}

/* The model's weights and optimizer state as one byte string (base_free it); *n bytes. */
static unsigned char *state_bytes(nnc_model *m, size_t *n) {
  TensorRef *w;
  int k;
  cr_assert_eq(keras_model_tensors(m, true, "test", &w, &k), NNC_OK);
  size_t total = 0;
  for (int i = 0; i < k; i++)
    total += (size_t)w[i].t->numel * rt_dtype_size(w[i].t->dtype) + strlen(w[i].name);
  unsigned char *b = base_malloc(total + 1), *p = b;
  for (int i = 0; i < k; i++) {
    size_t len = strlen(w[i].name), bytes = (size_t)w[i].t->numel * rt_dtype_size(w[i].t->dtype);
    memcpy(p, w[i].name, len);
    memcpy(p + len, w[i].t->data, bytes);
    p += len + bytes;
  }
  base_free(w);
  *n = total;
  return b;
}

static void expect_same_state(nnc_model *a, nnc_model *b, const char *what) {
  size_t na, nb;
  unsigned char *sa = state_bytes(a, &na), *sb = state_bytes(b, &nb);
  cr_assert_eq(na, nb, "%s", what);
  cr_assert(memcmp(sa, sb, na) == 0, "%s: the weights or optimizer state differ", what);
  base_free(sa);
  base_free(sb);
}

static void resume_matches(nnc_optimizer opt, const char *what) {
  nnc_tensor *x, *y;
  data(&x, &y);
  nnc_model *straight = model(opt, 7), *first = model(opt, 7), *second = model(opt, 99);
  nnc_fit_options f = epochs(0, 4);
  cr_assert_eq(nnc_model_fit(straight, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_epoch(straight), 4);
  f = epochs(0, 2);
  cr_assert_eq(nnc_model_fit(first, x, y, &f), NNC_OK);
  const char *path = test_path("ckpt.safetensors");
  cr_assert_eq(nnc_model_save_checkpoint(first, path), NNC_OK, "%s", nnc_last_error());
  /* `second` has other initial weights and another shuffling seed: all comes from the file */
  cr_assert_eq(nnc_model_load_checkpoint(second, path), NNC_OK, "%s", nnc_last_error());
  expect_same_state(first, second, what);
  cr_assert_eq(nnc_model_epoch(second), 2);
  f = epochs(nnc_model_epoch(second), 4);
  cr_assert_eq(nnc_model_fit(second, x, y, &f), NNC_OK);
  expect_same_state(straight, second, what);
  nnc_model_free(straight);
  nnc_model_free(first);
  nnc_model_free(second);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

Test(runtime, checkpoint_resume_equals_training_straight_through) {
  resume_matches(nnc_adam(), "adam");
  nnc_optimizer sgd = nnc_sgd();
  sgd.momentum = 0.9;
  sgd.nesterov = 1;
  resume_matches(sgd, "sgd with momentum");
  resume_matches(nnc_rmsprop(), "rmsprop");
  resume_matches(nnc_sgd(), "plain sgd (no optimizer state)");
}

/* Saves a checkpoint at the end of epoch 2 from the epoch callback (Keras's ModelCheckpoint). */
static int save_at_2(const nnc_epoch_log *log, void *user) {
  if (log->epoch == 2)
    cr_assert_eq(nnc_model_save_checkpoint(user, test_path("e2.safetensors")), NNC_OK);
  return 0;
}

Test(runtime, checkpoint_saved_by_the_epoch_callback_resumes_exactly) {
  nnc_tensor *x, *y;
  data(&x, &y);
  nnc_model *a = model(nnc_adam(), 3), *b = model(nnc_adam(), 4);
  nnc_fit_options f = epochs(0, 4);
  f.on_epoch = save_at_2;
  f.user = a;
  cr_assert_eq(nnc_model_fit(a, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_load_checkpoint(b, test_path("e2.safetensors")), NNC_OK);
  f = epochs(nnc_model_epoch(b), 4);
  cr_assert_eq(f.initial_epoch, 2);
  cr_assert_eq(nnc_model_fit(b, x, y, &f), NNC_OK);
  expect_same_state(a, b, "saved from on_epoch");
  nnc_model_free(a);
  nnc_model_free(b);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

Test(runtime, checkpoint_holds_state_names_epoch_and_rng) {
  nnc_tensor *x, *y;
  data(&x, &y);
  nnc_model *m = model(nnc_adam(), 1);
  nnc_fit_options f = epochs(0, 3);
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK);
  const char *path = test_path("c.safetensors");
  cr_assert_eq(nnc_model_save_checkpoint(m, path), NNC_OK);
  StSet *set;
  cr_assert_eq(fmt_st_read(path, &set), NNC_OK, "%s", nnc_last_error());
  const char *names[] = {"dense/kernel", "dense/bias", "dense_2/kernel", "dense/kernel/m",
                         "dense/kernel/v", "dense_2/bias/v", "adam/iteration",
                         "adam/learning_rate"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    cr_assert_not_null(fmt_st_get(set, names[i]), "%s", names[i]);
  cr_assert_eq(set->n, 6 + 6 * 2 + 2, "weights, m and v of each, the step count, the rate");
  cr_assert_str_eq(fmt_st_meta(set, "nnc_checkpoint"), "1");
  cr_assert_str_eq(fmt_st_meta(set, "optimizer"), "adam");
  cr_assert_str_eq(fmt_st_meta(set, "epoch"), "3");
  cr_assert_eq(strlen(fmt_st_meta(set, "shuffle_rng")), 64);
  const nnc_tensor *it = fmt_st_get(set, "adam/iteration");
  cr_assert_eq(it->dtype, NNC_F32);
  cr_assert_eq(rt_tensor_get(it, 0), 3 * 4, "steps taken: %g", rt_tensor_get(it, 0));
  cr_assert_str_eq(fmt_st_meta(set, "iterations"), "12");
  fmt_st_free(set);
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

/* Rewrites checkpoint `from` as `to` with tensor `drop` left out (NULL: none), tensor
 * `reshape` given one row fewer, and metadata key `key` set to `value` (or dropped, NULL). */
static const char *doctor(const char *from, const char *to, const char *drop, const char *reshape,
                          const char *key, const char *value) {
  StSet *set;
  cr_assert_eq(fmt_st_read(from, &set), NNC_OK);
  const char *names[64];
  const nnc_tensor *ts[64];
  nnc_tensor *cut = NULL;
  int n = 0;
  for (int i = 0; i < set->n; i++) {
    const char *name = set->tensors[i].name;
    if (drop && strcmp(name, drop) == 0)
      continue;
    names[n] = name;
    ts[n] = set->tensors[i].t;
    if (reshape && strcmp(name, reshape) == 0) {
      int64_t shape[4];
      memcpy(shape, ts[n]->shape, sizeof shape);
      shape[0]--;
      cr_assert_eq(nnc_tensor_new(ts[n]->dtype, ts[n]->rank, shape, &cut), NNC_OK);
      ts[n] = cut;
    }
    n++;
  }
  char meta[1024] = "{";
  for (int i = 0; i < set->nmeta; i++) {
    const char *k = set->meta_keys[i], *v = strcmp(k, key) == 0 ? value : set->meta_values[i];
    if (v)
      snprintf(meta + strlen(meta), sizeof meta - strlen(meta), "%s\"%s\":\"%s\"",
               strlen(meta) > 1 ? "," : "", k, v);
  }
  strcat(meta, "}");
  const char *path = test_path(to);
  cr_assert_eq(fmt_st_write(path, n, names, ts, meta), NNC_OK, "%s", nnc_last_error());
  nnc_tensor_free(cut);
  fmt_st_free(set);
  return path;
}

Test(runtime, checkpoint_load_refuses_a_bad_file_and_changes_nothing) {
  nnc_tensor *x, *y;
  data(&x, &y);
  nnc_model *a = model(nnc_adam(), 1), *b = model(nnc_adam(), 2);
  nnc_fit_options f = epochs(0, 2);
  cr_assert_eq(nnc_model_fit(a, x, y, &f), NNC_OK);
  f = epochs(0, 1);
  cr_assert_eq(nnc_model_fit(b, x, y, &f), NNC_OK);
  const char *good = test_path("good.safetensors");
  cr_assert_eq(nnc_model_save_checkpoint(a, good), NNC_OK);
  size_t n0;
  unsigned char *before = state_bytes(b, &n0);
  Rng rng0 = b->shuffle_rng;
  struct { const char *path; nnc_status code; const char *text; } bad[] = {
      {doctor(good, "m.st", "dense_1/kernel/v", NULL, "", NULL), NNC_ERR_CORRUPT,
       "tensor 'dense_1/kernel/v' is missing (expected f32[25,15])"},
      {doctor(good, "p.st", "adam/iteration", NULL, "", NULL), NNC_ERR_CORRUPT,
       "tensor 'adam/iteration' is missing (expected f32[])"},
      {doctor(good, "s.st", NULL, "dense/kernel/m", "", NULL), NNC_ERR_SHAPE,
       "tensor 'dense/kernel/m': expected f32[12,25], found f32[11,25]"},
      {doctor(good, "o.st", NULL, NULL, "optimizer", "rmsprop"), NNC_ERR_ARG,
       "the checkpoint's optimizer is 'rmsprop' but the model is compiled with 'adam'"},
      {doctor(good, "e.st", NULL, NULL, "epoch", "two"), NNC_ERR_CORRUPT,
       "metadata 'epoch' must be an epoch count, found 'two'"},
      {doctor(good, "n.st", NULL, NULL, "epoch", "-1"), NNC_ERR_CORRUPT, "metadata 'epoch'"},
      {doctor(good, "ne.st", NULL, NULL, "epoch", NULL), NNC_ERR_CORRUPT, "found '(none)'"},
      {doctor(good, "r.st", NULL, NULL, "shuffle_rng", "12ab"), NNC_ERR_CORRUPT,
       "metadata 'shuffle_rng' must be 64 lowercase hex digits"},
      {doctor(good, "z.st", NULL, NULL, "shuffle_rng",
              "0000000000000000000000000000000000000000000000000000000000000000"),
       NNC_ERR_CORRUPT, "not all zero"},
      {doctor(good, "v.st", NULL, NULL, "nnc_checkpoint", "2"), NNC_ERR_CORRUPT,
       "checkpoint format '2' is not one this nnc reads"},
      {test_write("t.st", "\x10\0\0\0\0\0\0\0{}", 10), NNC_ERR_CORRUPT, "t.st"},
      {test_path("absent.st"), NNC_ERR_IO, "absent.st"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    TEST_EXPECT(nnc_model_load_checkpoint(b, bad[i].path), bad[i].code, bad[i].text);
    size_t n1;
    unsigned char *after = state_bytes(b, &n1);
    cr_assert(n0 == n1 && memcmp(before, after, n0) == 0, "case %zu changed the model", i);
    cr_assert_eq(nnc_model_epoch(b), 1, "case %zu changed the epoch", i);
    cr_assert(memcmp(&rng0, &b->shuffle_rng, sizeof rng0) == 0, "case %zu changed the RNG", i);
    base_free(after);
  }
  /* a checkpoint of another optimizer, by its tensors alone */
  nnc_model *r = model(nnc_rmsprop(), 1);
  TEST_EXPECT(nnc_model_load_checkpoint(r, good), NNC_ERR_ARG, "optimizer is 'adam'");
  base_free(before);
  nnc_model_free(r);
  nnc_model_free(a);
  nnc_model_free(b);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

Test(runtime, checkpoint_and_weight_files_are_told_apart) {
  nnc_tensor *x, *y;
  data(&x, &y);
  nnc_model *a = model(nnc_adam(), 1), *b = model(nnc_adam(), 2);
  nnc_fit_options f = epochs(0, 2);
  cr_assert_eq(nnc_model_fit(a, x, y, &f), NNC_OK);
  f = epochs(0, 1);
  cr_assert_eq(nnc_model_fit(b, x, y, &f), NNC_OK);
  const char *ck = test_path("ck.safetensors"), *w = test_path("w.safetensors");
  cr_assert_eq(nnc_model_save_checkpoint(a, ck), NNC_OK);
  cr_assert_eq(nnc_model_save_weights(a, w), NNC_OK);
  TEST_EXPECT(nnc_model_load_weights(b, ck), NNC_ERR_ARG,
              "is a checkpoint (weights and optimizer state): load it with nnc_model_load_checkpoint");
  /* a weights file through load_checkpoint: the weights only */
  nnc_tensor *mom = NULL;
  for (int i = 0; i < b->nstates; i++)
    if (strcmp(b->states[i].name, "dense/kernel/m") == 0)
      mom = b->states[i].t;
  cr_assert_not_null(mom);
  float m0 = *(float *)mom->data;
  cr_assert_eq(nnc_model_load_checkpoint(b, w), NNC_OK, "%s", nnc_last_error());
  cr_assert(memcmp(nnc_model_kernel(a, 1)->data, nnc_model_kernel(b, 1)->data,
                   25 * 15 * sizeof(float)) == 0);
  cr_assert_eq(*(float *)mom->data, m0, "the optimizer state stays");
  cr_assert_eq(nnc_model_epoch(b), 1, "the epoch stays");
  nnc_model_free(a);
  nnc_model_free(b);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

Test(runtime, checkpoint_needs_weights_and_compiles_the_step_it_needs) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  nnc_dense_options d = nnc_dense(2, NNC_ACT_LINEAR);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  TEST_EXPECT(nnc_model_save_checkpoint(m, test_path("x")), NNC_ERR_ARG, "not yet been built");
  TEST_EXPECT(nnc_model_load_checkpoint(m, test_path("x")), NNC_ERR_ARG, "not yet been built");
  TEST_EXPECT(nnc_model_save_checkpoint(NULL, test_path("x")), NNC_ERR_ARG, "NULL");
  TEST_EXPECT(nnc_model_load_checkpoint(m, NULL), NNC_ERR_ARG, "path is NULL");
  cr_assert_eq(nnc_model_epoch(NULL), 0);
  nnc_model_free(m);
  /* compiled with a known input: the state is created at compile; saved before any fit */
  nnc_model *a = model(nnc_adam(), 1), *b = model(nnc_adam(), 2);
  cr_assert_eq(nnc_model_save_checkpoint(a, test_path("fresh")), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_load_checkpoint(b, test_path("fresh")), NNC_OK, "%s", nnc_last_error());
  expect_same_state(a, b, "a checkpoint before training");
  cr_assert_eq(nnc_model_epoch(b), 0);
  nnc_model_free(a);
  nnc_model_free(b);
}

/* ---- a process killed mid-save ---- */

enum { BIG_UNITS = 1024 };

/* 784 -> 1024 -> 1 with Adam: about 2.4 million floats, 9.6 MB a checkpoint. */
static nnc_model *big_model(void) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 784), NNC_OK);
  nnc_dense_options d = nnc_dense(BIG_UNITS, NNC_ACT_RELU);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  d = nnc_dense(1, NNC_ACT_SIGMOID);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.optimizer = nnc_adam();
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  return m;
}

/* Version v of the checkpoint: every weight and state element v, the epoch v. */
static void set_version(nnc_model *m, int v) {
  TensorRef *w;
  int n;
  if (keras_model_tensors(m, true, "test", &w, &n) != NNC_OK)
    _exit(3);
  for (int i = 0; i < n; i++) { /* one element, then doubling copies: fast in a Debug build */
    float *d = w[i].t->data;
    int64_t numel = w[i].t->numel;
    d[0] = (float)v;
    for (int64_t k = 1; k < numel; k *= 2)
      memcpy(d + k, d, (size_t)(k < numel - k ? k : numel - k) * sizeof *d);
  }
  base_free(w);
  m->epoch = v;
}

/* The version the checkpoint at path holds, -1 when it is not one whole version. */
static int version_of(nnc_model *m, const char *path) {
  nnc_status s = nnc_model_load_checkpoint(m, path);
  cr_assert_eq(s, NNC_OK, "the file after a kill does not load: %s", nnc_last_error());
  int v = nnc_model_epoch(m);
  TensorRef *w;
  int n;
  cr_assert_eq(keras_model_tensors(m, true, "test", &w, &n), NNC_OK);
  for (int i = 0; i < n; i++)
    for (int64_t k = 0; k < w[i].t->numel; k++)
      if (((float *)w[i].t->data)[k] != (float)v) {
        base_free(w);
        return -1;
      }
  base_free(w);
  return v;
}

/* Leftover temporaries (.NAME.nnc-XXXXXX) in the test's directory: removed, counted. */
static int remove_temporaries(void) {
  int n = test_temporaries();
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -f '%s'/.*.nnc-*", test_dir());
  cr_assert_eq(system(cmd), 0);
  return n;
}

Test(runtime, checkpoint_killed_mid_save_leaves_a_whole_version, .timeout = 120) {
  nnc_model *m = big_model();
  const char *path = test_path("big.safetensors");
  set_version(m, 0);
  cr_assert_eq(nnc_model_save_checkpoint(m, path), NNC_OK, "%s", nnc_last_error());
  srand((unsigned)time(NULL));
  int mid_save = 0, rounds = 0, last = 0;
  for (; rounds < 30 && mid_save < 5; rounds++) {
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) { /* the child saves versions last+1, last+2, ... until it is killed */
      for (int v = last + 1; v < last + 10000; v++) {
        set_version(m, v);
        if (nnc_model_save_checkpoint(m, path) != NNC_OK)
          _exit(2);
      }
      _exit(0);
    }
    struct timespec nap = {0, 20000000 + rand() % 400000000};
    nanosleep(&nap, NULL);
    kill(pid, SIGKILL);
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFSIGNALED(st), "the child ended by itself: status %d", st);
    mid_save += remove_temporaries() > 0;
    int v = version_of(m, path);
    cr_assert_geq(v, last, "the file holds a mix of versions, or an older one");
    last = v;
  }
  cr_log_info("%d rounds, %d killed mid-save, last version %d", rounds, mid_save, last);
  cr_assert_geq(mid_save, 1, "no kill landed during a save in %d rounds", rounds);
  nnc_model_free(m);
}
