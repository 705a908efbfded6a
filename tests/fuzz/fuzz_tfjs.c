/* fuzz_tfjs.c — libFuzzer target for TensorFlow.js's model format (keras/tfjs.c over
 * keras/model_config.c): model.json with its weightsManifest, and the shard it names.
 *
 * An input is model.json's bytes, a NUL, then weights.bin's bytes (no NUL: no shard), both
 * written into a per-process directory and loaded with nnc_model_load_tfjs. A load either
 * gives a model (freed at once) or fails with a one-line message naming a file, having made
 * nothing. The manifest's sizes are checked against the shards before anything of that size
 * is allocated, which the capped allocator enforces.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static char dir[96], json[128], bin[128];

static void remove_files(void) {
  unlink(json);
  unlink(bin);
  rmdir(dir);
}

static void write_file(const char *path, const uint8_t *data, size_t size) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
    fuzz_broken("fuzz_tfjs", "cannot write the input file", path); /* the harness */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!dir[0]) {
    snprintf(dir, sizeof dir, "%s/nnc_fuzz_tfjs_%ld",
             access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", (long)getpid());
    if (mkdir(dir, 0700) != 0)
      fuzz_broken("fuzz_tfjs", "cannot make the input directory", dir);
    snprintf(json, sizeof json, "%s/model.json", dir);
    snprintf(bin, sizeof bin, "%s/weights.bin", dir);
    atexit(remove_files);
    fuzz_cap_allocations();
  }
  const uint8_t *nul = memchr(data, 0, size);
  size_t n = nul ? (size_t)(nul - data) : size;
  write_file(json, data, n);
  unlink(bin);
  if (nul)
    write_file(bin, nul + 1, size - n - 1);
  nnc_model *m = NULL;
  if (nnc_model_load_tfjs(json, &m) == NNC_OK)
    nnc_model_free(m);
  else if (m)
    fuzz_broken("fuzz_tfjs", "a failed load left a model", json);
  else
    fuzz_check_message("fuzz_tfjs", dir);
  return 0;
}
