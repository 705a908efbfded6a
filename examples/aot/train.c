/* train.c — the lecture's model (examples/digits.nn: 784 -> 25 -> 15 -> 1 sigmoid, binary
 * cross-entropy, RMSprop, batches of 32) trained on handwritten 0s and 1s by the object that
 * `nnc build` made of it. Nothing of nnc runs here: digits.o is the whole training step.
 *
 * Usage: train [EPOCHS [DATA_DIR [WEIGHTS]]]  (defaults: 100, data, digits.safetensors)
 * Reads DATA_DIR/mnist01_{train,test}_{x,y}.npy (scripts/fetch-data.sh makes them), starts
 * from the weights of `nnc run --seed 0`, shuffles each epoch, prints the held-out accuracy
 * and saves the weights, which `model.load_weights(...)` in a model file reads back.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "digits.h"

/* The rows of a float32 .npy file (NumPy's format 1.0) that has `cols` columns; *rows. */
static float *load_npy(const char *dir, const char *name, size_t cols, size_t *rows) {
  char path[1024], head[1024];
  unsigned char pre[10];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  float *data = NULL;
  if (f && fread(pre, 1, 10, f) == 10 && memcmp(pre, "\x93NUMPY\x01", 7) == 0) {
    size_t hlen = pre[8] | (size_t)pre[9] << 8;
    const char *shape = NULL;
    bool read = hlen < sizeof head && fread(head, 1, hlen, f) == hlen;
    head[read ? hlen : 0] = 0;
    if (strstr(head, "'<f4'") && strstr(head, "False") && (shape = strstr(head, "'shape': (")))
      *rows = strtoul(shape + 10, NULL, 10);
    data = shape ? malloc(*rows * cols * sizeof *data) : NULL;
    if (data && fread(data, sizeof *data, *rows * cols, f) != *rows * cols)
      data = (free(data), NULL);
  }
  if (f)
    fclose(f);
  if (!data)
    fprintf(stderr, "train: cannot read %s as float32 rows of %zu (scripts/fetch-data.sh "
                    "makes it)\n", path, cols);
  return data;
}

static double now(void) {
  struct timespec t;
  timespec_get(&t, TIME_UTC);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static unsigned long long rng = 88172645463325252ull; /* xorshift64 for the shuffling */

static size_t below(size_t n) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return (size_t)(rng % n);
}

int main(int argc, char **argv) {
  int epochs = argc > 1 ? atoi(argv[1]) : 100;
  const char *dir = argc > 2 ? argv[2] : "data", *out = argc > 3 ? argv[3] : "digits.safetensors";
  size_t n, nt, ny, nty;
  float *x = load_npy(dir, "mnist01_train_x.npy", digits_IN, &n);
  float *y = load_npy(dir, "mnist01_train_y.npy", 1, &ny);
  float *xt = load_npy(dir, "mnist01_test_x.npy", digits_IN, &nt);
  float *yt = load_npy(dir, "mnist01_test_y.npy", 1, &nty);
  void *state = aligned_alloc(digits_STATE_ALIGN, digits_STATE_SIZE);
  size_t *order = malloc(n * sizeof *order);
  float *xb = malloc(sizeof(float) * digits_BATCH * digits_IN), *pred = malloc(nt * sizeof *pred);
  float yb[digits_BATCH];
  if (!x || !y || !xt || !yt || ny != n || nty != nt || !state || !order || !xb || !pred)
    return 1;
  digits_init(state, 0);
  for (size_t i = 0; i < n; i++)
    order[i] = i;
  double start = now();
  for (int e = 1; e <= epochs; e++) {
    double loss = 0;
    for (size_t i = n - 1; i > 0; i--) { /* Fisher-Yates */
      size_t j = below(i + 1), t = order[i];
      order[i] = order[j], order[j] = t;
    }
    for (size_t b = 0; b + digits_BATCH <= n; b += digits_BATCH) { /* full batches */
      for (size_t k = 0; k < digits_BATCH; k++) {
        memcpy(xb + k * digits_IN, x + order[b + k] * digits_IN, sizeof(float) * digits_IN);
        yb[k] = y[order[b + k]];
      }
      loss += digits_train_step(state, xb, yb);
    }
    if (e == 1 || e % 10 == 0)
      printf("epoch %d/%d - loss: %.4f\n", e, epochs, loss / (double)(n / digits_BATCH));
  }
  double secs = now() - start;
  size_t steps = (size_t)epochs * (n / digits_BATCH), right = 0;
  digits_predict(state, xt, pred, nt);
  for (size_t i = 0; i < nt; i++)
    right += (pred[i] >= 0.5f) == (yt[i] >= 0.5f);
  printf("trained %d epochs in %.3f s (%.1f us/step)\n", epochs, secs, 1e6 * secs / (double)steps);
  printf("held-out accuracy: %.6f\n", (double)right / (double)nt);
  const char *err = digits_save_weights(state, out);
  if (err)
    fprintf(stderr, "train: %s\n", err);
  return err != NULL;
}
