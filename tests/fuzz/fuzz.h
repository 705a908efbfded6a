/* fuzz.h — what the fuzz targets share. fuzz.c, linked into every target: the input as a
 * file, a cap on any single allocation, the checks a failure must pass. formats_fixtures.c,
 * linked into the targets of the file-format readers: the check of a loaded tensor. keras_fixtures.c,
 * linked into the targets of a model's readers: a small compiled model and a snapshot of
 * everything a load may change.
 *
 * Readers that take a path get the input through one temporary file per process, created
 * on first use in /dev/shm (memory; /tmp when it is missing) with the extension that selects
 * the reader, and removed at exit.
 * The allocation cap makes "nothing larger than the file is allocated" a crash when broken:
 * inputs are at most a few KB (a gzip'd one inflates at most about 1000-fold), so a single
 * request above FUZZ_ALLOC_CAP can only come from trusting a size field.
 * A broken property aborts, which libFuzzer reports as a crash, like a sanitizer finding.
 */
#ifndef NNC_FUZZ_H
#define NNC_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nnc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { FUZZ_ALLOC_CAP = 64 << 20 };

/* ---- fuzz.c ---- */
/* Prints "who: what" and detail (when not NULL) to stderr and aborts. */
_Noreturn void fuzz_broken(const char *who, const char *what, const char *detail);
/* Installs the capped allocator (every target calls it, directly or through fuzz_file). */
void fuzz_cap_allocations(void);
/* Writes the input to the per-process file named ..._PID<suffix> and returns its path. */
const char *fuzz_file(const char *suffix, const uint8_t *data, size_t size);
/* A failed load must name the file in a one-line message. */
void fuzz_check_message(const char *who, const char *path);
/* The input read byte by byte, for targets that build what they write from it: 0 past its
 * end. */
typedef struct {
  const uint8_t *p;
  size_t n, at;
} FuzzBytes;
uint8_t fuzz_next(FuzzBytes *b);

/* ---- formats_fixtures.c ---- */
/* The outcome of loading path as dtype want: on NNC_OK a tensor of that dtype (and rank,
 * when rank >= 0) holding the elements its shape says, each read, then freed; on failure no
 * tensor and a message naming path. */
void fuzz_check_tensor(const char *who, const char *path, nnc_status s, nnc_tensor *t,
                       nnc_dtype want, int rank);
/* ---- keras_fixtures.c ---- */
/* 3 -> dense 2 relu -> dense_1 1 sigmoid, f32, binary cross-entropy, compiled with opt; built
 * on the first call, the same model afterwards. */
nnc_model *fuzz_small_model(const char *who, nnc_optimizer opt);
/* Another such model, new at each call (the caller frees it). */
nnc_model *fuzz_new_small_model(const char *who, nnc_optimizer opt);

/* The bytes of every weight, and with states of the optimizer state, the epoch count and
 * the shuffling RNG. */
typedef struct {
  size_t n;
  unsigned char bytes[2048];
} FuzzSnapshot;
void fuzz_snapshot(const char *who, nnc_model *m, bool states, FuzzSnapshot *out);

/* Loads path into m with load (nnc_model_load_weights, nnc_model_load_checkpoint) and
 * returns its status. A failure must name the file and leave every weight as it was, and
 * with states also the optimizer state, the epoch count and the shuffling RNG. */
nnc_status fuzz_load_into(const char *who, nnc_model *m, bool states, const char *path,
                          nnc_status (*load)(nnc_model *m, const char *path));

#endif
