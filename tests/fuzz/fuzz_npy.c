/* fuzz_npy.c — libFuzzer target for the .npy loader (runtime/npy.c).
 *
 * The loader takes a path, so each input is written to one temporary file per process
 * (created on the first call, removed at exit) and loaded as f32 and as i32. Any input must
 * give a tensor or an error status whose message names the file; a tensor must hold exactly
 * the elements its shape says.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char tmp_path[64];

static void remove_tmp(void) {
  unlink(tmp_path);
}

/* Writes the input to the per-process file; its name ends in .npy so no other reader claims it. */
static const char *write_input(const uint8_t *data, size_t size) {
  if (!tmp_path[0]) {
    snprintf(tmp_path, sizeof tmp_path, "/tmp/nnc_fuzz_npy_%ld.npy", (long)getpid());
    atexit(remove_tmp);
  }
  FILE *f = fopen(tmp_path, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
    abort(); /* the harness, not the loader, failed */
  return tmp_path;
}

static void load(const char *path, nnc_dtype want) {
  nnc_tensor *t = NULL;
  nnc_status s = nnc_tensor_load(path, want, &t);
  if (s == NNC_OK) {
    int64_t n = 1;
    for (int i = 0; i < nnc_tensor_rank(t); i++)
      n *= nnc_tensor_dim(t, i);
    if (n != t->numel || t->dtype != want)
      abort();
    volatile double sum = 0; /* touch every element, so a short buffer shows up in ASan */
    for (int64_t i = 0; i < t->numel; i++)
      sum += rt_tensor_get(t, i);
    (void)sum;
    nnc_tensor_free(t);
  } else if (t != NULL || !strstr(nnc_last_error(), path)) {
    fprintf(stderr, "fuzz_npy: failed load left a tensor or a message without the path: %s\n",
            nnc_last_error());
    abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = write_input(data, size);
  load(path, NNC_F32);
  load(path, NNC_I32);
  return 0;
}
