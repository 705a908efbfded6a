/* runtime.h — what compiled code and every higher module share at run time: tensors, random
 * numbers and the thread pool. It stands on base/ and the public header only.
 *
 * Sections below follow the .c files that define them.
 */
#ifndef NNC_RUNTIME_H
#define NNC_RUNTIME_H

#include <stdbool.h>
#include <stdint.h>

#include "base.h"

enum { RT_MAX_RANK = 4 };

/* tensor.c — a dense, C-ordered tensor whose data is 64-byte aligned. */
struct nnc_tensor {
  uint32_t magic;               /* BASE_MAGIC_TENSOR while alive (base/handle.c) */
  nnc_dtype dtype;
  int rank;                     /* 0..4 */
  int64_t shape[RT_MAX_RANK];   /* dims beyond rank are 1 */
  int64_t numel;                /* product of shape */
  void *raw;                    /* what base_malloc returned (owned) */
  void *data;                   /* raw rounded up to 64 bytes; numel elements */
};

size_t rt_dtype_size(nnc_dtype t);   /* 0 for a dtype out of range */
const char *rt_dtype_name(nnc_dtype t); /* "f32", "f64", "i32", "?" */
bool rt_dtype_ok(nnc_dtype t);
/* Like nnc_tensor_new but leaves the data uninitialised. */
nnc_status rt_tensor_alloc(nnc_dtype dtype, int rank, const int64_t *shape, nnc_tensor **out);
nnc_status rt_tensor_copy(const nnc_tensor *t, nnc_tensor **out);
/* Element i as a double, and back (I32 truncates toward zero). */
double rt_tensor_get(const nnc_tensor *t, int64_t i);
void rt_tensor_set(nnc_tensor *t, int64_t i, double v);
/* Converts n elements between dtypes (F32, F64, I32). */
void rt_convert(void *dst, nnc_dtype dt, const void *src, nnc_dtype st, int64_t n);

/* rng.c — xoshiro256** seeded through splitmix64: the same seed gives the same numbers on
 * every machine and run. */
typedef struct { uint64_t s[4]; } Rng;
void rt_rng_seed(Rng *r, uint64_t seed);
uint64_t rt_rng_next(Rng *r);
double rt_rng_uniform(Rng *r);                     /* [0, 1), 53 random bits */
double rt_rng_range(Rng *r, double lo, double hi); /* [lo, hi) */
uint64_t rt_rng_below(Rng *r, uint64_t n);         /* uniform in [0, n), unbiased; 0 when n == 0 */
double rt_rng_normal(Rng *r);                      /* standard normal (polar method) */
/* Normal(mean, std) redrawn while it falls more than 2 std from the mean (Keras). */
double rt_rng_truncated_normal(Rng *r, double mean, double std);
/* The initializers' draws, bit for bit what nnc build's objects compute (codegen/
 * object_init.c mirrors them, with base.h's constants; rng.c says why they round the same
 * everywhere). */
float rt_rng_uniform_f32(Rng *r);                  /* [0, 1), 24 random bits */
float rt_rng_normal_f32(Rng *r, float limit);      /* standard normal, redrawn while |z| > limit */
double rt_rng_normal_f64(Rng *r, double limit);    /* the same in f64 (53-bit uniforms) */
float rt_log_f32(float x);                         /* log of a positive normal x */
double rt_log_f64(double x);
void rt_rng_shuffle(Rng *r, int64_t *idx, int64_t n); /* Fisher-Yates */

/* threads.c — the process's thread pool (nnc_set_threads) for compiled functions.
 * rt_parallel runs task(ctx, begin, end) over [0, n) split into ranges, on the pool's threads
 * and the caller's, and returns when all are done. */
typedef void (*RtTask)(void *ctx, int64_t begin, int64_t end);
void rt_parallel(RtTask task, void *ctx, int64_t n);

#endif
