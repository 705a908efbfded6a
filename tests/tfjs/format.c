/* format.c — nnc's half of the check of TensorFlow.js's model format (format.sh runs it).
 *
 *   tfjs_format save OUT   builds and trains a few models, saves each as OUT/nnc_NAME/
 *                          model.json + weights.bin (nnc_model_save_tfjs), with the inputs
 *                          (x.bin) and nnc's predictions (pred.bin) and their shapes
 *                          (shapes.json); format.mjs loads each in tfjs and compares.
 *   tfjs_format load OUT   loads each OUT/tfjs_NAME/model.json that format.mjs saved from
 *                          tfjs (nnc_model_load_tfjs) and compares nnc's predictions on its
 *                          x.bin with tfjs's pred.bin.
 * Prints one line per model; exits 1 when one fails (a difference above 1e-5 or an error).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "nnc.h"

enum { N = 9 };

static int failed;

static bool check(nnc_status s, const char *what) {
  if (s != NNC_OK) {
    printf("FAIL %s: %s\n", what, nnc_last_error());
    failed = 1;
  }
  return s == NNC_OK;
}

/* x: [N, dims...] of sin values. */
static nnc_tensor *inputs(int rank, const int64_t *dims) {
  int64_t shape[4] = {N};
  for (int i = 0; i < rank; i++)
    shape[i + 1] = dims[i];
  nnc_tensor *x = NULL;
  if (nnc_tensor_new(NNC_F32, rank + 1, shape, &x) != NNC_OK)
    return NULL;
  float *p = nnc_tensor_data(x);
  for (int64_t i = 0; i < nnc_tensor_numel(x); i++)
    p[i] = (float)sin(0.37 * (double)i + 0.2);
  return x;
}

static void write_bin(const char *dir, const char *name, nnc_tensor *t) {
  char p[1024];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  FILE *f = fopen(p, "wb");
  size_t n = (size_t)nnc_tensor_numel(t);
  if (!f || fwrite(nnc_tensor_data(t), sizeof(float), n, f) != n) {
    printf("FAIL cannot write %s\n", p);
    failed = 1;
  }
  if (f)
    fclose(f);
}

static void write_shape(FILE *f, const nnc_tensor *t) {
  fputc('[', f);
  for (int i = 0; i < nnc_tensor_rank(t); i++)
    fprintf(f, "%s%lld", i ? ", " : "", (long long)nnc_tensor_dim(t, i));
  fputc(']', f);
}

/* Trains m one epoch on x against zeros-and-ones targets, then saves it and its predictions. */
static void save_case(const char *out, const char *name, nnc_model *m, nnc_tensor *x,
                      int64_t units) {
  char dir[1024], json[1100];
  snprintf(dir, sizeof dir, "%s/nnc_%s", out, name);
  mkdir(dir, 0755);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  nnc_tensor *y = NULL, *pred = NULL;
  int64_t yshape[2] = {N, units};
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 2;
  f.batch_size = 4;
  f.verbose = 0;
  bool ok = check(nnc_model_compile(m, &c), name) &&
            check(nnc_tensor_new(NNC_F32, 2, yshape, &y), name);
  for (int64_t i = 0; ok && i < nnc_tensor_numel(y); i++)
    ((float *)nnc_tensor_data(y))[i] = (float)(i % 3 == 0);
  ok = ok && check(nnc_model_fit(m, x, y, &f), name) &&
       check(nnc_model_predict(m, x, 4, &pred), name);
  snprintf(json, sizeof json, "%s/model.json", dir);
  if (ok && check(nnc_model_save_tfjs(m, json), name)) {
    write_bin(dir, "x.bin", x);
    write_bin(dir, "pred.bin", pred);
    snprintf(json, sizeof json, "%s/shapes.json", dir);
    FILE *s = fopen(json, "w");
    if (s) {
      fputs("{\"x\": ", s);
      write_shape(s, x);
      fputs(", \"pred\": ", s);
      write_shape(s, pred);
      fputs("}\n", s);
      fclose(s);
    }
    printf("saved nnc_%s\n", name);
  }
  nnc_tensor_free(y);
  nnc_tensor_free(pred);
  nnc_tensor_free(x);
  nnc_model_free(m);
}

static nnc_model *new_model(void) {
  nnc_model *m = NULL;
  if (nnc_model_new(&m) == NNC_OK)
    nnc_model_set_seed(m, 7);
  return m;
}

static bool add(nnc_model *m, const char *cls, const char *config) {
  return check(nnc_model_add_layer_config(m, cls, config), cls);
}

static int from(nnc_model *m, const char *cls, const char *config, int n, const int *in) {
  int id = -1;
  check(nnc_model_layer_from_config(m, cls, config, n, in, &id), cls);
  return id;
}

/* Sequential: 5 -> Dense 8 relu -> BatchNormalization -> Dropout -> Dense 3 softmax. */
static void save_sequential(const char *out) {
  nnc_model *m = new_model();
  bool ok = check(nnc_model_add_input(m, 5), "input") &&
            add(m, "Dense", "{\"units\": 8, \"activation\": \"relu\"}") &&
            add(m, "BatchNormalization", "{}") && add(m, "Dropout", "{\"rate\": 0.3}") &&
            add(m, "Dense", "{\"units\": 3, \"activation\": \"softmax\"}");
  int64_t d = 5;
  if (ok)
    save_case(out, "sequential", m, inputs(1, &d), 3);
  else
    nnc_model_free(m);
}

/* Functional: two branches added, a shared Dense on both, concatenated, normalized. */
static void save_functional(const char *out) {
  nnc_model *m = new_model();
  int x, shared, b2;
  int64_t d = 4;
  check(nnc_model_input(m, 1, &d, "features", &x), "input");
  int a = from(m, "Dense", "{\"units\": 6, \"activation\": \"tanh\"}", 1, &x);
  int b = from(m, "Dense", "{\"units\": 6, \"name\": \"right\"}", 1, &x);
  int s = from(m, "Add", "{}", 2, (int[]){a, b});
  shared = from(m, "Dense", "{\"units\": 3, \"activation\": \"sigmoid\"}", 1, &s);
  check(nnc_model_call_layer(m, shared, 1, &a, &b2), "call_layer");
  int c = from(m, "Concatenate", "{}", 2, (int[]){shared, b2});
  int n = from(m, "LayerNormalization", "{}", 1, &c);
  int y = from(m, "Dense", "{\"units\": 2}", 1, &n);
  if (y >= 0 && check(nnc_model_set_outputs(m, 1, &y), "outputs"))
    save_case(out, "functional", m, inputs(1, &d), 2);
  else
    nnc_model_free(m);
}

/* Samples of shape (2, 3): Flatten, Dense, LeakyReLU, Reshape, Flatten, Dense. */
static void save_reshape(const char *out) {
  nnc_model *m = new_model();
  int64_t dims[2] = {2, 3};
  bool ok = check(nnc_model_add_input_shape(m, 2, dims), "input") && add(m, "Flatten", "{}") &&
            add(m, "Dense", "{\"units\": 4}") && add(m, "LeakyReLU", "{}") &&
            add(m, "Reshape", "{\"target_shape\": [2, 2]}") && add(m, "Flatten", "{}") &&
            add(m, "Dense", "{\"units\": 1}");
  if (ok)
    save_case(out, "reshape", m, inputs(2, dims), 1);
  else
    nnc_model_free(m);
}

/* Reads n floats of path into a new tensor of shape (rank dims). */
static nnc_tensor *read_bin(const char *path, int rank, const int64_t *shape) {
  nnc_tensor *t = NULL;
  if (nnc_tensor_new(NNC_F32, rank, shape, &t) != NNC_OK)
    return NULL;
  FILE *f = fopen(path, "rb");
  size_t n = (size_t)nnc_tensor_numel(t), got = f ? fread(nnc_tensor_data(t), sizeof(float), n, f) : 0;
  if (f)
    fclose(f);
  if (got != n) {
    nnc_tensor_free(t);
    return NULL;
  }
  return t;
}

/* The shape of key in DIR/shapes.json ({"x": [9, 5], "pred": [9, 3]}, spaces or none). */
static int read_shape(const char *dir, const char *key, int64_t *shape) {
  char p[1024], text[256] = "", want[16];
  snprintf(p, sizeof p, "%s/shapes.json", dir);
  FILE *f = fopen(p, "r");
  if (f) {
    text[fread(text, 1, sizeof text - 1, f)] = 0;
    fclose(f);
  }
  snprintf(want, sizeof want, "\"%s\":", key);
  const char *at = strstr(text, want);
  int rank = 0;
  for (at = at ? at + strlen(want) + strspn(at + strlen(want), " [") : NULL;
       at && rank < 4 && *at != ']'; rank++) {
    char *end;
    shape[rank] = strtoll(at, &end, 10);
    at = end + strspn(end, ", ");
  }
  return rank;
}

static void load_case(const char *out, const char *name) {
  char dir[1024], p[1100];
  snprintf(dir, sizeof dir, "%s/tfjs_%s", out, name);
  snprintf(p, sizeof p, "%s/model.json", dir);
  nnc_model *m = NULL;
  nnc_tensor *x = NULL, *want = NULL, *got = NULL;
  int64_t xs[4], ps[4];
  int xr = read_shape(dir, "x", xs), pr = read_shape(dir, "pred", ps);
  char label[64];
  snprintf(label, sizeof label, "tfjs_%s", name);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  if (!check(nnc_model_load_tfjs(p, &m), label) || !check(nnc_model_compile(m, &c), label)) {
    nnc_model_free(m);
    return;
  }
  snprintf(p, sizeof p, "%s/x.bin", dir);
  x = read_bin(p, xr, xs);
  snprintf(p, sizeof p, "%s/pred.bin", dir);
  want = read_bin(p, pr, ps);
  if (!x || !want) {
    printf("FAIL %s: cannot read x.bin or pred.bin\n", label);
    failed = 1;
  } else if (check(nnc_model_predict(m, x, 4, &got), label)) {
    double d = 0;
    int64_t n = nnc_tensor_numel(got);
    const float *g = nnc_tensor_data(got), *w = nnc_tensor_data(want);
    for (int64_t i = 0; i < n && n == nnc_tensor_numel(want); i++)
      d = fmax(d, fabs(g[i] - w[i]));
    bool ok = n == nnc_tensor_numel(want) && d <= 1e-5;
    printf("%s %s: nnc predicts tfjs's model within %.3g\n", ok ? "ok" : "FAIL", label, d);
    failed |= !ok;
  }
  nnc_tensor_free(x);
  nnc_tensor_free(want);
  nnc_tensor_free(got);
  nnc_model_free(m);
}

int main(int argc, char **argv) {
  if (argc != 3 || (strcmp(argv[1], "save") != 0 && strcmp(argv[1], "load") != 0)) {
    fprintf(stderr, "usage: tfjs_format save|load OUT_DIR\n");
    return 2;
  }
  if (!strcmp(argv[1], "save")) {
    save_sequential(argv[2]);
    save_functional(argv[2]);
    save_reshape(argv[2]);
  } else {
    load_case(argv[2], "sequential");
    load_case(argv[2], "functional");
  }
  return failed;
}
