/* fuzz_checkpoint.c — libFuzzer target for loading a checkpoint (keras/checkpoint.c:
 * nnc_model_load_checkpoint, the format of model.save(include_optimizer=True), on top of
 * the safetensors reader).
 *
 * One small model (fuzz.h: 3 -> dense 2 relu -> dense_1 1 sigmoid, f32) is compiled with
 * Adam once per process, so it has optimizer state (dense/kernel/m, ..., adam/iteration)
 * beside its weights. Each input is loaded into it from the per-process .ckpt file. A load
 * either succeeds or fails with a one-line message naming the file, leaving the weights,
 * the optimizer state, the epoch count and the shuffling RNG exactly as they were; a
 * successful load leaves an epoch count that is not negative. The input may also be a
 * plain weight file (no nnc_checkpoint metadata), which loads the weights only.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  nnc_model *m = fuzz_small_model("fuzz_checkpoint", nnc_adam());
  const char *path = fuzz_file(".ckpt", data, size);
  if (fuzz_load_into("fuzz_checkpoint", m, true, path, nnc_model_load_checkpoint) == NNC_OK &&
      nnc_model_epoch(m) < 0)
    fuzz_broken("fuzz_checkpoint", "a loaded checkpoint gave a negative epoch", NULL);
  return 0;
}
