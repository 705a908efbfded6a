/* test_determinism.c — the same model file, data and --seed give bit-identical weights on
 * two runs of the nnc command (the saved weight files are compared byte for byte), and
 * another seed gives other weights (so the comparison can fail). And for any --threads: a
 * model whose matmuls are large enough to be split into tasks (its LLVM IR shows them) gives
 * the same weights on 1, 2 and 3 threads, bias gradients summed beside split matmuls
 * included. */
#include "cli_run.h"

#include "nnc.h"

TestSuite(tools, .init = cli_setup, .fini = cli_teardown);

static const char model[] =
    "from tensorflow.keras import Sequential\n"
    "from tensorflow.keras.layers import Dense\n"
    "from tensorflow.keras.callbacks import EarlyStopping\n"
    "X = load('x.csv')\n"
    "Y = load('y.csv')\n"
    "model = Sequential([Dense(12, activation='relu'), Dense(6, activation='tanh'),\n"
    "                    Dense(1, activation='sigmoid')])\n"
    "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])\n"
    "model.fit(X, Y, epochs=6, batch_size=10, validation_split=0.2,\n"
    "          callbacks=[EarlyStopping(monitor='val_loss', patience=10)])\n"
    "model.save_weights('w.safetensors')\n";

/* The bytes of cli_dir/name (malloc'ed, *n of them); the file must exist. */
static unsigned char *slurp(const char *name, size_t *n) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", cli_dir, name);
  FILE *f = fopen(path, "rb");
  cr_assert(f, "%s is missing", name);
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *b = malloc((size_t)len + 1);
  cr_assert(b && fread(b, 1, (size_t)len, f) == (size_t)len);
  fclose(f);
  *n = (size_t)len;
  return b;
}

/* Runs the model with `args` and keeps its weight file as cli_dir/keep. */
static void train(const char *args, const char *keep) {
  CliRun *r = cli_run(args);
  cr_assert_eq(r->status, 0, "%s", r->err);
  char from[512], to[512];
  snprintf(from, sizeof from, "%s/w.safetensors", cli_dir);
  snprintf(to, sizeof to, "%s/%s", cli_dir, keep);
  cr_assert_eq(rename(from, to), 0);
}

static bool same(const char *a, const char *b) {
  size_t na, nb;
  unsigned char *da = slurp(a, &na), *db = slurp(b, &nb);
  bool eq = na == nb && memcmp(da, db, na) == 0;
  free(da);
  free(db);
  return eq;
}

Test(tools, same_seed_gives_bit_identical_weight_files) {
  cli_write("det.nn", model);
  train("run det.nn --seed 42", "a.safetensors");
  train("run det.nn --seed 42", "b.safetensors");
  train("run det.nn --seed 42 --threads 1", "c.safetensors");
  train("run det.nn --seed 43", "d.safetensors");
  cr_assert(same("a.safetensors", "b.safetensors"), "two runs with --seed 42 differ");
  cr_assert(same("a.safetensors", "c.safetensors"), "--threads 1 changed the weights");
  cr_assert(!same("a.safetensors", "d.safetensors"), "--seed 43 gave the same weights");
}

/* 256 samples of 160 features, batch 128: the second layer's matmuls are large enough to be
 * split, and the first layer's bias gradient is summed beside one of them. */
static const char wide_model[] =
    "from tensorflow.keras import Sequential\n"
    "from tensorflow.keras.layers import Dense\n"
    "X = load('wx.csv')\n"
    "Y = load('wy.csv')\n"
    "model = Sequential([Dense(160, activation='relu'), Dense(224, activation='tanh'),\n"
    "                    Dense(1, activation='sigmoid')])\n"
    "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
    "model.fit(X, Y, epochs=3, batch_size=128, verbose=0)\n"
    "model.save_weights('w.safetensors')\n";

static void write_wide_data(void) {
  TestRng r = test_rng(77);
  FILE *x, *y;
  cli_open_pair("wx.csv", "wy.csv", &x, &y);
  for (int i = 0; i < 256; i++) {
    double sum = 0;
    for (int j = 0; j < 160; j++) {
      double v = test_uniform(&r, -1, 1);
      sum += j % 3 ? v : -v;
      fprintf(x, j ? ",%.5f" : "%.5f", v);
    }
    fprintf(x, "\n");
    fprintf(y, "%d\n", sum > 0);
  }
  fclose(x);
  fclose(y);
}

Test(tools, thread_count_gives_bit_identical_weight_files) {
  cli_write("wide.nn", wide_model);
  write_wide_data();
  CliRun *ir = cli_run("emit --stage=llvm wide.nn");
  cr_assert_eq(ir->status, 0, "%s", ir->err);
  cr_assert(strstr(ir->out, ".task("), "no matmul of the model was split into tasks");
  train("run wide.nn --seed 7 --threads 1", "t1.safetensors");
  train("run wide.nn --seed 7 --threads 2", "t2.safetensors");
  train("run wide.nn --seed 7 --threads 3", "t3.safetensors");
  cr_assert(same("t1.safetensors", "t2.safetensors"), "--threads 2 changed the weights");
  cr_assert(same("t1.safetensors", "t3.safetensors"), "--threads 3 changed the weights");
}
