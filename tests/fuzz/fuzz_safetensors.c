/* fuzz_safetensors.c — libFuzzer target for the safetensors reader (formats/safetensors.c).
 *
 * Each input is read from the per-process .safetensors file (fuzz.h) with fmt_st_read. A set
 * must hold what it says: every tensor found again by its name, every element readable,
 * every metadata key found; a failure must leave no set and name the file.
 */
#include "fuzz.h"
#include "formats.h"

static void walk(const StSet *s) {
  volatile double sum = 0;
  for (int i = 0; i < s->n; i++) {
    const nnc_tensor *t = s->tensors[i].t;
    if (fmt_st_get(s, s->tensors[i].name) != t)
      fuzz_broken("fuzz_safetensors", "a tensor not found by its name", s->tensors[i].name);
    for (int64_t k = 0; k < t->numel; k++)
      sum += rt_tensor_get(t, k);
  }
  for (int i = 0; i < s->nmeta; i++)
    if (!fmt_st_meta(s, s->meta_keys[i]) || !s->meta_values[i])
      fuzz_broken("fuzz_safetensors", "a metadata key not found", s->meta_keys[i]);
  (void)sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file(".safetensors", data, size);
  StSet *s = NULL;
  if (fmt_st_read(path, &s) == NNC_OK) {
    walk(s);
    fmt_st_free(s);
  } else {
    if (s)
      fuzz_broken("fuzz_safetensors", "a failed read left a set", NULL);
    fuzz_check_message("fuzz_safetensors", path);
  }
  return 0;
}
