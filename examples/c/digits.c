/* digits.c — the lecture's model through nnc's Keras-level C API: handwritten 0s and 1s.
 *
 * Loads DATA/mnist01_{train,test}_{x,y}.npy (made by scripts/fetch-data.sh), trains
 * 784 -> 25 -> 15 -> 1 sigmoid with binary cross-entropy and Adam, batch 32, seed 1234,
 * then prints the held-out accuracy, the training throughput and the time it took to
 * JIT-compile the training step. Exits 1 when accuracy on the test set is below 99%.
 * Usage: digits [DATA_DIR [EPOCHS]]   (defaults: data, 20)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <nnc.h>

static nnc_tensor *load(const char *dir, const char *name) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  nnc_tensor *t = NULL;
  if (nnc_tensor_load(path, NNC_F32, &t) != NNC_OK)
    fprintf(stderr, "digits: %s\n(run scripts/fetch-data.sh to fetch the digits)\n", nnc_last_error());
  return t;
}

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

static double now(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sums the wall time of the training steps, as fit measures it per epoch. */
static int on_epoch(const nnc_epoch_log *log, void *user) {
  *(double *)user += log->seconds;
  return 0;
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "data";
  int epochs = argc > 2 ? atoi(argv[2]) : 20;
  if (epochs < 1) {
    fprintf(stderr, "usage: digits [DATA_DIR [EPOCHS >= 1]]\n");
    return 2;
  }
  nnc_tensor *xtr = load(dir, "mnist01_train_x.npy"), *ytr = load(dir, "mnist01_train_y.npy");
  nnc_tensor *xte = load(dir, "mnist01_test_x.npy"), *yte = load(dir, "mnist01_test_y.npy");
  nnc_model *m = NULL;
  int rc = 1;
  if (!xtr || !ytr || !xte || !yte || nnc_model_new(&m) != NNC_OK)
    goto done;
  double t0 = now(), train_s = 0;
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = epochs;
  f.batch_size = 32;
  f.verbose = 0;
  f.on_epoch = on_epoch;
  f.user = &train_s;
  nnc_metrics test;
  if (build(m) != NNC_OK || nnc_model_fit(m, xtr, ytr, &f) != NNC_OK ||
      nnc_model_evaluate(m, xte, yte, 32, &test) != NNC_OK) {
    fprintf(stderr, "digits: %s\n", nnc_last_error());
    goto done;
  }
  double total_s = now() - t0;
  int64_t n = nnc_tensor_dim(xtr, 0);
  printf("digits: 784-25-15-1 sigmoid, binary cross-entropy, Adam, batch 32, %d epochs, "
         "%lld training images, %lld test images\n", epochs, (long long)n,
         (long long)nnc_tensor_dim(xte, 0));
  printf("test accuracy: %.4f (loss %.4f)\n", test.accuracy, test.loss);
  printf("training: %.0f samples/s (%.3f s in steps, %.3f s wall including compile)\n",
         (double)n * epochs / train_s, train_s, total_s);
  printf("JIT compile of the training step: %.1f ms\n", nnc_model_compile_ms(m));
  rc = test.accuracy >= 0.99 ? 0 : 1;
  if (rc)
    fprintf(stderr, "digits: accuracy %.4f is below 0.99\n", test.accuracy);
done:
  nnc_model_free(m);
  nnc_tensor_free(xtr);
  nnc_tensor_free(ytr);
  nnc_tensor_free(xte);
  nnc_tensor_free(yte);
  return rc;
}
