/* init.c — Keras's weight initializers, with Keras's formulas (keras/src/initializers).
 *
 * Fans follow keras.initializers' compute_fans: a scalar has fans 1/1; a vector [n] has
 * n/n; a matrix [in, out] (a Dense kernel) has in/out; higher ranks multiply the leading
 * (receptive field) dims into both; VarianceScaling takes them at least 1. The named ones
 * (glorot_*, he_*, lecun_*) are VarianceScaling with Keras's scale, mode and distribution.
 * VarianceScaling's truncated normals are cut at 2 std and their std divided by
 * 0.87962566, the std of a unit normal truncated at ±2, as Keras does, so the drawn values
 * have the intended variance; TruncatedNormal is cut at mean ± 2·stddev without it.
 * Orthogonal is the Q of a QR decomposition of a normal matrix, by modified Gram-Schmidt,
 * which gives the Q with R's diagonal positive: Keras's Q after its sign correction.
 * A seeded initializer draws from its own generator seeded with its seed, so it gives the
 * same numbers every time, as Keras's does; an unseeded one draws from the model's stream.
 * Integer tensors (Normalization's count) get the values truncated.
 */
#include <math.h>
#include <string.h>

#include "keras.h"

/* The std of a unit normal truncated at ±2: truncated normals divide by it (Keras). */
#define TRUNC_STD 0.87962566103423978

void keras_fans(const nnc_tensor *t, double *fan_in, double *fan_out) {
  const int64_t *s = t->shape;
  switch (t->rank) {
  case 0: *fan_in = *fan_out = 1; return;
  case 1: *fan_in = *fan_out = (double)s[0]; return;
  default: {
    double field = 1;
    for (int i = 0; i < t->rank - 2; i++)
      field *= (double)s[i];
    *fan_in = (double)s[t->rank - 2] * field;
    *fan_out = (double)s[t->rank - 1] * field;
  }
  }
}

typedef struct {
  double in, out;               /* at least 1 */
} Fans;

static void fill_uniform(nnc_tensor *t, Rng *r, double lo, double hi) {
  for (int64_t i = 0; i < t->numel; i++)
    rt_tensor_set(t, i, rt_rng_range(r, lo, hi));
}

static void fill_normal(nnc_tensor *t, Rng *r, double mean, double std) {
  for (int64_t i = 0; i < t->numel; i++)
    rt_tensor_set(t, i, mean + std * rt_rng_normal(r));
}

static void fill_truncated(nnc_tensor *t, Rng *r, double mean, double std) {
  for (int64_t i = 0; i < t->numel; i++)
    rt_tensor_set(t, i, rt_rng_truncated_normal(r, mean, std));
}

static void fill_const(nnc_tensor *t, double v) {
  for (int64_t i = 0; i < t->numel; i++)
    rt_tensor_set(t, i, v);
}

/* Keras's VarianceScaling: modes and distributions as their LA_CHOICE indices in
 * initializers.def ('normal' is 'truncated_normal'). */
enum { FAN_IN, FAN_OUT, FAN_AVG };
enum { TRUNCATED, UNTRUNCATED, UNIFORM, NORMAL };

static void variance_scaling(nnc_tensor *t, Rng *r, const Fans *f, double scale, int mode,
                             int dist) {
  scale /= mode == FAN_IN ? f->in : mode == FAN_OUT ? f->out : (f->in + f->out) / 2;
  if (dist == UNIFORM)
    fill_uniform(t, r, -sqrt(3 * scale), sqrt(3 * scale));
  else if (dist == UNTRUNCATED)
    fill_normal(t, r, 0, sqrt(scale));
  else
    fill_truncated(t, r, 0, sqrt(scale) / TRUNC_STD);
}

/* ---- the fills of names/initializers.def's rows ---- */

static void init_zeros(nnc_tensor *t, Rng *r, const Fans *f, const double *a) {
  (void)r, (void)f, (void)a;
  fill_const(t, 0);
}

static void init_ones(nnc_tensor *t, Rng *r, const Fans *f, const double *a) {
  (void)r, (void)f, (void)a;
  fill_const(t, 1);
}

static void init_glorot_uniform(nnc_tensor *t, Rng *r, const Fans *f, const double *a) {
  (void)a;
  variance_scaling(t, r, f, 1, FAN_AVG, UNIFORM);
}

static void init_glorot_normal(nnc_tensor *t, Rng *r, const Fans *f, const double *a) {
  (void)a;
  variance_scaling(t, r, f, 1, FAN_AVG, TRUNCATED);
}

static void init_he_normal(nnc_tensor *t, Rng *r, const Fans *f, const double *a) {
  (void)a;
  variance_scaling(t, r, f, 2, FAN_IN, TRUNCATED);
}

static void init_he_uniform(nnc_tensor *t, Rng *r, const Fans *f, const double *a) {
  (void)a;
  variance_scaling(t, r, f, 2, FAN_IN, UNIFORM);
}

static void init_lecun_normal(nnc_tensor *t, Rng *r, const Fans *f, const double *a) {
  (void)a;
  variance_scaling(t, r, f, 1, FAN_IN, TRUNCATED);
}

static void init_lecun_uniform(nnc_tensor *t, Rng *r, const Fans *f, const double *a) {
  (void)a;
  variance_scaling(t, r, f, 1, FAN_IN, UNIFORM);
}

static void init_random_uniform(nnc_tensor *t, Rng *r, const Fans *f, const double *a) {
  (void)f;
  fill_uniform(t, r, a[0], a[1]); /* minval, maxval */
}

static void init_random_normal(nnc_tensor *t, Rng *r, const Fans *f, const double *a) {
  (void)f;
  fill_normal(t, r, a[0], a[1]); /* mean, stddev */
}

static void init_truncated_normal(nnc_tensor *t, Rng *r, const Fans *f, const double *a) {
  (void)f;
  fill_truncated(t, r, a[0], a[1]);
}

static void init_constant(nnc_tensor *t, Rng *r, const Fans *f, const double *a) {
  (void)r, (void)f;
  fill_const(t, a[0]);
}

static void init_variance_scaling(nnc_tensor *t, Rng *r, const Fans *f, const double *a) {
  variance_scaling(t, r, f, a[0], (int)a[1], (int)a[2]); /* scale, mode, distribution */
}

/* gain·Q of a [max(rows, cols), min(rows, cols)] normal matrix, rows the leading dims
 * flattened; Q transposed when rows < cols. Modified Gram-Schmidt in f64. */
static void init_orthogonal(nnc_tensor *t, Rng *r, const Fans *f, const double *a) {
  (void)f;
  int64_t cols = t->rank ? t->shape[t->rank - 1] : 1, rows = cols ? t->numel / cols : 0;
  int64_t m = rows > cols ? rows : cols, n = rows > cols ? cols : rows;
  double *q = base_malloc((size_t)(m * n + 1) * sizeof *q);
  if (!q) {
    fill_const(t, NAN); /* keras_init_fill checked the size; reported there */
    return;
  }
  for (int64_t i = 0; i < m * n; i++)
    q[i] = rt_rng_normal(r);
  for (int64_t j = 0; j < n; j++) {   /* column j of q, q[i * n + j] */
    for (int64_t k = 0; k < j; k++) {
      double dot = 0;
      for (int64_t i = 0; i < m; i++)
        dot += q[i * n + k] * q[i * n + j];
      for (int64_t i = 0; i < m; i++)
        q[i * n + j] -= dot * q[i * n + k];
    }
    double norm = 0;
    for (int64_t i = 0; i < m; i++)
      norm += q[i * n + j] * q[i * n + j];
    norm = sqrt(norm);
    for (int64_t i = 0; i < m; i++)
      q[i * n + j] = norm > 0 ? q[i * n + j] / norm : 0;
  }
  for (int64_t i = 0; i < rows; i++)
    for (int64_t j = 0; j < cols; j++)
      rt_tensor_set(t, i * cols + j, a[0] * (rows >= cols ? q[i * n + j] : q[j * n + i]));
  base_free(q);
}

static void init_identity(nnc_tensor *t, Rng *r, const Fans *f, const double *a) {
  (void)r, (void)f;
  int64_t cols = t->shape[1];
  for (int64_t i = 0; i < t->numel; i++)
    rt_tensor_set(t, i, i / cols == i % cols ? a[0] : 0);
}

typedef void Fill(nnc_tensor *t, Rng *r, const Fans *f, const double *a);
static Fill *const fills[] = {
#define INITIALIZER(id, name, cls, aliases, fill, args, doc) [NNC_INIT_##id] = fill,
#include "initializers.def"
};

/* The seed argument's index in k's row, or -1. */
static int seed_arg(nnc_initializer k) {
  int n;
  const ArgSpec *args = names_initializer_args((int)k, &n);
  for (int i = 0; i < n; i++)
    if (args[i].type == LA_SEED)
      return i;
  return -1;
}

nnc_status keras_init_fill(nnc_tensor *t, const Initializer *in, Rng *r) {
  if (!nnc_initializer_name(in->kind))
    return base_error(NNC_ERR_ARG, "initializer: unknown kind %d", (int)in->kind);
  if (in->kind == NNC_INIT_IDENTITY && t->rank != 2)
    return base_error(NNC_ERR_SHAPE, "initializer: Identity initializes 2-D weights only, found "
                      "rank %d", t->rank);
  if (in->kind == NNC_INIT_ORTHOGONAL && t->rank < 2)
    return base_error(NNC_ERR_SHAPE, "initializer: Orthogonal initializes weights of at least "
                      "2 dimensions, found rank %d", t->rank);
  double fi, fo;
  keras_fans(t, &fi, &fo);
  Fans f = {fi < 1 ? 1 : fi, fo < 1 ? 1 : fo}; /* Keras: max(1, fan) */
  int s = seed_arg(in->kind);
  Rng own;
  if (s >= 0 && !isnan(in->a[s])) {
    rt_rng_seed(&own, (uint64_t)in->a[s]);
    r = &own;
  }
  fills[in->kind](t, r, &f, in->a);
  if (in->kind == NNC_INIT_ORTHOGONAL && t->numel && isnan(rt_tensor_get(t, 0)))
    return base_error(NNC_ERR_NOMEM, "initializer: out of memory");
  return NNC_OK;
}
