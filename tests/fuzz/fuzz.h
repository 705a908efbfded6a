/* fuzz.h — what the fuzz targets share: the input as a file, and a cap on any single
 * allocation.
 *
 * Readers that take a path get the input through one temporary file per process, created
 * on first use in /dev/shm (memory; /tmp when it is missing) with the extension that selects
 * the reader, and removed at exit.
 * The allocation cap makes "nothing larger than the file is allocated" a crash when broken:
 * inputs are at most a few KB (a gzip'd one inflates at most about 1000-fold), so a single
 * request above FUZZ_ALLOC_CAP can only come from trusting a size field.
 * Everything here is static inline: each target is one translation unit.
 */
#ifndef NNC_FUZZ_H
#define NNC_FUZZ_H

#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nnc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { FUZZ_ALLOC_CAP = 64 << 20 };

static inline void *fuzz_realloc(void *user, void *p, size_t n) {
  (void)user;
  if (n > FUZZ_ALLOC_CAP) {
    fprintf(stderr, "fuzz: a single allocation of %zu bytes for an input of a few KB\n", n);
    abort();
  }
  return realloc(p, n);
}

static inline void fuzz_free(void *user, void *p) {
  (void)user;
  free(p);
}

static inline void fuzz_cap_allocations(void) {
  static const nnc_allocator a = {fuzz_realloc, fuzz_free, NULL};
  nnc_set_allocator(&a);
}

static char fuzz_path[96]; /* the per-process input file; empty until first written */

static inline void fuzz_remove_file(void) {
  unlink(fuzz_path);
}

/* Writes the input to the per-process file named ..._PID<suffix> and returns its path. */
static inline const char *fuzz_file(const char *suffix, const uint8_t *data, size_t size) {
  if (!fuzz_path[0]) {
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(fuzz_path, sizeof fuzz_path, "%s/nnc_fuzz_%ld%s", dir, (long)getpid(), suffix);
    atexit(fuzz_remove_file);
    fuzz_cap_allocations();
  }
  FILE *f = fopen(fuzz_path, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
    abort(); /* the harness failed, not the reader */
  return fuzz_path;
}

/* A failed load must name the file in its one-line message. */
static inline void fuzz_check_message(const char *who, const char *path) {
  const char *m = nnc_last_error();
  if (!m || !strstr(m, path) || strchr(m, '\n')) {
    fprintf(stderr, "%s: an error message without the file, or not one line: %s\n", who,
            m ? m : "(null)");
    abort();
  }
}

#endif
