/* harness.c — trains the object that nnc build made (prefix `model`) as nnc run trains the
 * model file with fit(..., shuffle=False): NAME_init with the seed, then every full batch in
 * order, for each epoch; then saves the weights with model_io.c. tests/tools/test_build.c
 * compiles it with the object and compares the weights with nnc run's, byte for byte.
 * Usage: harness X.f32 Y.f32 ROWS EPOCHS SEED OUT.safetensors  (raw float32 rows) */
#include <stdio.h>
#include <stdlib.h>

#include "model.h"

static float *read_rows(const char *path, size_t n) {
  float *b = malloc(n * sizeof *b);
  FILE *f = fopen(path, "rb");
  if (!b || !f || fread(b, sizeof *b, n, f) != n) {
    fprintf(stderr, "harness: cannot read %zu floats from %s\n", n, path);
    exit(1);
  }
  fclose(f);
  return b;
}

int main(int argc, char **argv) {
  if (argc != 7)
    return 2;
  size_t rows = strtoul(argv[3], NULL, 10);
  int epochs = atoi(argv[4]);
  float *x = read_rows(argv[1], rows * model_IN), *y = read_rows(argv[2], rows * model_TARGETS);
  void *state = aligned_alloc(model_STATE_ALIGN, model_STATE_SIZE);
  if (!state)
    return 1;
  model_init(state, strtoull(argv[5], NULL, 10));
  for (int e = 0; e < epochs; e++) {
    double loss = 0;
    for (size_t b = 0; b + model_BATCH <= rows; b += model_BATCH)
      loss += model_train_step(state, x + b * model_IN, y + b * model_TARGETS);
    printf("epoch %d loss %.6f\n", e + 1, loss / (double)(rows / model_BATCH));
  }
  const char *err = model_save_weights(state, argv[6]);
  if (err)
    fprintf(stderr, "harness: %s\n", err);
  free(state);
  free(x);
  free(y);
  return err != NULL;
}
