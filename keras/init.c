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
 * The draws are computed in the tensor's dtype with runtime/rng.c's portable draws (no libm
 * but sqrt), as ir.h's state fills describe them (a constant, a*u - b, a*z), so that nnc
 * build's objects, which draw the same way, give the same weights: keras_init_rule gives
 * that description, for the initializers an object can draw (no seed, no mean, neither
 * Orthogonal nor Identity).
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

/* Where a row's function sends its distribution: drawn into t from r, or described. */
typedef struct {
  nnc_tensor *t;
  Rng *r;
  Fill *rule;                   /* describing: nnc build's state fill; NULL: drawing */
  bool exact;                   /* describing: rule is the whole distribution */
} Draw;

static void fill_f32(float *d, int64_t n, const Fill *f, Rng *r) {
  float a = (float)f->a, b = (float)f->b;
  for (int64_t i = 0; i < n; i++)
    d[i] = f->kind == FILL_UNIFORM  ? a * rt_rng_uniform_f32(r) - b
           : f->kind == FILL_NORMAL ? a * rt_rng_normal_f32(r, b)
                                    : a;
}

/* f64, and i32 by truncating the f64 draws. */
static void fill_f64(nnc_tensor *t, const Fill *f, Rng *r) {
  for (int64_t i = 0; i < t->numel; i++)
    rt_tensor_set(t, i, f->kind == FILL_UNIFORM  ? f->a * rt_rng_uniform(r) - f->b
                        : f->kind == FILL_NORMAL ? f->a * rt_rng_normal_f64(r, f->b)
                                                 : f->a);
}

/* f, then mean added: drawn, or described (exactly when mean is 0). */
static void put(Draw *d, Fill f, double mean) {
  if (d->rule) {
    *d->rule = f;
    d->exact = mean == 0;
    return;
  }
  if (d->t->dtype == NNC_F32)
    fill_f32(d->t->data, d->t->numel, &f, d->r);
  else
    fill_f64(d->t, &f, d->r);
  for (int64_t i = 0; mean != 0 && i < d->t->numel; i++)
    rt_tensor_set(d->t, i, rt_tensor_get(d->t, i) + mean);
}

static void fill_uniform(Draw *d, double lo, double hi) {
  put(d, (Fill){.kind = FILL_UNIFORM, .a = hi - lo, .b = -lo}, 0);
}

static void fill_normal(Draw *d, double mean, double std) {
  put(d, (Fill){.kind = FILL_NORMAL, .a = std, .b = INFINITY}, mean);
}

/* redrawn beyond 2 std */
static void fill_truncated(Draw *d, double mean, double std) {
  put(d, (Fill){.kind = FILL_NORMAL, .a = std, .b = 2}, mean);
}

static void fill_const(Draw *d, double v) {
  put(d, (Fill){.kind = FILL_CONST, .a = v}, 0);
}

/* Keras's VarianceScaling: modes and distributions as their LA_CHOICE indices in
 * initializers.def ('normal' is 'truncated_normal'). */
enum { FAN_IN, FAN_OUT, FAN_AVG };
enum { TRUNCATED, UNTRUNCATED, UNIFORM, NORMAL };

static void variance_scaling(Draw *d, const Fans *f, double scale, int mode,
                             int dist) {
  scale /= mode == FAN_IN ? f->in : mode == FAN_OUT ? f->out : (f->in + f->out) / 2;
  if (dist == UNIFORM)
    fill_uniform(d, -sqrt(3 * scale), sqrt(3 * scale));
  else if (dist == UNTRUNCATED)
    fill_normal(d, 0, sqrt(scale));
  else
    fill_truncated(d, 0, sqrt(scale) / TRUNC_STD);
}

/* ---- the fills of names/initializers.def's rows ---- */

static void init_zeros(Draw *d, const Fans *f, const double *a) {
  (void)f, (void)a;
  fill_const(d, 0);
}

static void init_ones(Draw *d, const Fans *f, const double *a) {
  (void)f, (void)a;
  fill_const(d, 1);
}

static void init_glorot_uniform(Draw *d, const Fans *f, const double *a) {
  (void)a;
  variance_scaling(d, f, 1, FAN_AVG, UNIFORM);
}

static void init_glorot_normal(Draw *d, const Fans *f, const double *a) {
  (void)a;
  variance_scaling(d, f, 1, FAN_AVG, TRUNCATED);
}

static void init_he_normal(Draw *d, const Fans *f, const double *a) {
  (void)a;
  variance_scaling(d, f, 2, FAN_IN, TRUNCATED);
}

static void init_he_uniform(Draw *d, const Fans *f, const double *a) {
  (void)a;
  variance_scaling(d, f, 2, FAN_IN, UNIFORM);
}

static void init_lecun_normal(Draw *d, const Fans *f, const double *a) {
  (void)a;
  variance_scaling(d, f, 1, FAN_IN, TRUNCATED);
}

static void init_lecun_uniform(Draw *d, const Fans *f, const double *a) {
  (void)a;
  variance_scaling(d, f, 1, FAN_IN, UNIFORM);
}

static void init_random_uniform(Draw *d, const Fans *f, const double *a) {
  (void)f;
  fill_uniform(d, a[0], a[1]); /* minval, maxval */
}

static void init_random_normal(Draw *d, const Fans *f, const double *a) {
  (void)f;
  fill_normal(d, a[0], a[1]); /* mean, stddev */
}

static void init_truncated_normal(Draw *d, const Fans *f, const double *a) {
  (void)f;
  fill_truncated(d, a[0], a[1]);
}

static void init_constant(Draw *d, const Fans *f, const double *a) {
  (void)f;
  fill_const(d, a[0]);
}

static void init_variance_scaling(Draw *d, const Fans *f, const double *a) {
  variance_scaling(d, f, a[0], (int)a[1], (int)a[2]); /* scale, mode, distribution */
}

/* gain·Q of a [max(rows, cols), min(rows, cols)] normal matrix, rows the leading dims
 * flattened; Q transposed when rows < cols. Modified Gram-Schmidt in f64. */
static void init_orthogonal(Draw *d, const Fans *f, const double *a) {
  (void)f;
  if (d->rule) { /* no state fill draws it */
    d->exact = false;
    return;
  }
  nnc_tensor *t = d->t;
  Rng *r = d->r;
  int64_t cols = t->rank ? t->shape[t->rank - 1] : 1, rows = cols ? t->numel / cols : 0;
  int64_t m = rows > cols ? rows : cols, n = rows > cols ? cols : rows;
  double *q = base_malloc((size_t)(m * n + 1) * sizeof *q);
  if (!q) {
    fill_const(d, NAN); /* keras_init_fill checked the size; reported there */
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

static void init_identity(Draw *d, const Fans *f, const double *a) {
  (void)f;
  nnc_tensor *t = d->t;
  if (d->rule) {
    d->exact = false;
    return;
  }
  int64_t cols = t->shape[1];
  for (int64_t i = 0; i < t->numel; i++)
    rt_tensor_set(t, i, i / cols == i % cols ? a[0] : 0);
}

typedef void FillFn(Draw *d, const Fans *f, const double *a);
static FillFn *const fills[] = {
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

/* k's checks against t; the fans as Keras takes them. */
static nnc_status check(const nnc_tensor *t, nnc_initializer k, Fans *f) {
  if (!nnc_initializer_name(k))
    return base_error(NNC_ERR_ARG, "initializer: unknown kind %d", (int)k);
  if (k == NNC_INIT_IDENTITY && t->rank != 2)
    return base_error(NNC_ERR_SHAPE, "initializer: Identity initializes 2-D weights only, found "
                      "rank %d", t->rank);
  if (k == NNC_INIT_ORTHOGONAL && t->rank < 2)
    return base_error(NNC_ERR_SHAPE, "initializer: Orthogonal initializes weights of at least "
                      "2 dimensions, found rank %d", t->rank);
  double fi, fo;
  keras_fans(t, &fi, &fo);
  *f = (Fans){fi < 1 ? 1 : fi, fo < 1 ? 1 : fo}; /* Keras: max(1, fan) */
  return NNC_OK;
}

static bool seeded(const Initializer *in) {
  int s = seed_arg(in->kind);
  return s >= 0 && !isnan(in->a[s]);
}

nnc_status keras_init_rule(const nnc_tensor *t, const Initializer *in, Fill *out) {
  Fans f;
  nnc_status s = check(t, in->kind, &f);
  if (s != NNC_OK)
    return s;
  Draw d = {.rule = out};
  fills[in->kind](&d, &f, in->a);
  if (!d.exact || seeded(in))
    return base_error(NNC_ERR_ARG, "initializer: an object of nnc build cannot draw %s%s yet",
                      nnc_initializer_name(in->kind),
                      seeded(in) ? " with a seed" : " with these arguments");
  out->dtype = (DType)t->dtype;
  out->shape.rank = t->rank;
  for (int i = 0; i < t->rank; i++)
    out->shape.dim[i] = t->shape[i];
  return NNC_OK;
}

nnc_status keras_init_fill(nnc_tensor *t, const Initializer *in, Rng *r) {
  Fans f;
  nnc_status s = check(t, in->kind, &f);
  if (s != NNC_OK)
    return s;
  Rng own;
  if (seeded(in)) {
    rt_rng_seed(&own, (uint64_t)in->a[seed_arg(in->kind)]);
    r = &own;
  }
  Draw d = {.t = t, .r = r};
  fills[in->kind](&d, &f, in->a);
  if (in->kind == NNC_INIT_ORTHOGONAL && t->numel && isnan(rt_tensor_get(t, 0)))
    return base_error(NNC_ERR_NOMEM, "initializer: out of memory");
  return NNC_OK;
}
