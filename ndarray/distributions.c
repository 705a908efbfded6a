/* distributions.c — np.random's exponential, lognormal, poisson and binomial draws, with
 * numpy's algorithms and order of draws, so a seeded RandomState or Generator gives numpy's
 * numbers bit for bit (tutorials make their data with them: counts from poisson, labels from
 * binomial(1, p)).
 *
 * The uniform, normal and exponential draws under them come from random.c, by the
 * generator's kind: RandomState takes -log(1 - U) for an exponential and the polar method for
 * a normal, a Generator its ziggurats. poisson and binomial are numpy's shared algorithms:
 *   poisson  lam < 10: multiply uniforms until the product falls below e^-lam; lam >= 10:
 *            Hörmann's transformed rejection (PTRS), with numpy's log-gamma;
 *   binomial min(p, 1-p)·n <= 30: inversion by the recurrence of the probabilities; above:
 *            Kachitvichyanukul and Schmeiser's BTPE. A Generator returns 0 at once for n = 0
 *            or p = 0; RandomState still draws one uniform there (numpy keeps that for its
 *            stream's sake).
 * The parameters broadcast together as numpy's do (and to size when given), and are all
 * checked before the first draw, with numpy's messages.
 */
#include <math.h>
#include <string.h>

#include "ndarray.h"

/* ---- log-gamma and poisson ---- */

#define TWO_PI 0x1.921fb54442d18p+2 /* 2π as a double, numpy's 2 * M_PI */

/* ln Γ(x), numpy's random_loggam: Stirling's series, shifted up to x >= 7 */
static double loggam(double x) {
  static const double a[10] = {8.333333333333333e-02,  -2.777777777777778e-03,
                               7.936507936507937e-04,  -5.952380952380952e-04,
                               8.417508417508418e-04,  -1.917526917526918e-03,
                               6.410256410256410e-03,  -2.955065359477124e-02,
                               1.796443723688307e-01,  -1.39243221690590e+00};
  if (x == 1.0 || x == 2.0)
    return 0.0;
  int64_t n = x <= 7.0 ? (int64_t)(7 - x) : 0;
  double x0 = x + (double)n, x2 = 1.0 / (x0 * x0), gl0 = a[9];
  for (int k = 8; k >= 0; k--)
    gl0 = gl0 * x2 + a[k];
  double gl = gl0 / x0 + 0.5 * log(TWO_PI) + (x0 - 0.5) * log(x0) - x0;
  for (int64_t k = 1; k <= n; k++) {
    gl -= log(x0 - 1.0);
    x0 -= 1.0;
  }
  return gl;
}

static int64_t poisson_mult(NdRandom *r, double lam) {
  double enlam = exp(-lam), prod = 1.0;
  int64_t x = 0;
  for (;;) {
    prod *= nd_random_next_double(r);
    if (prod <= enlam)
      return x;
    x++;
  }
}

static int64_t poisson_ptrs(NdRandom *r, double lam) {
  double slam = sqrt(lam), loglam = log(lam);
  double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
  double invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    double u = nd_random_next_double(r) - 0.5, v = nd_random_next_double(r);
    double us = 0.5 - fabs(u);
    int64_t k = (int64_t)floor((2 * a / us + b) * u + lam + 0.43);
    if (us >= 0.07 && v <= vr)
      return k;
    if (k < 0 || (us < 0.013 && v > us))
      continue;
    if (log(v) + log(invalpha) - log(a / (us * us) + b) <=
        -lam + (double)k * loglam - loggam((double)(k + 1)))
      return k;
  }
}

static int64_t poisson(NdRandom *r, double lam) {
  return lam >= 10 ? poisson_ptrs(r, lam) : lam == 0 ? 0 : poisson_mult(r, lam);
}

/* ---- binomial ---- */

static int64_t binomial_inversion(NdRandom *r, int64_t n, double p) {
  double q = 1.0 - p, qn = exp((double)n * log(q)), np = (double)n * p;
  double cap = np + 10.0 * sqrt(np * q + 1);
  int64_t bound = (int64_t)((double)n < cap ? (double)n : cap), x = 0;
  double px = qn, u = nd_random_next_double(r);
  while (u > px) {
    x++;
    if (x > bound) {
      x = 0;
      px = qn;
      u = nd_random_next_double(r);
    } else {
      u -= px;
      px = ((double)(n - x + 1) * p * px) / ((double)x * q);
    }
  }
  return x;
}

/* (13680 - (462 - (132 - (99 - 140/z²)/z²)/z²)/z²)/z/166320: Stirling's correction term */
static double stirling(double z) {
  double z2 = z * z;
  return (13680. - (462. - (132. - (99. - 140. / z2) / z2) / z2) / z2) / z / 166320.;
}

/* BTPE: a triangle, two parallelograms and two exponential tails over the distribution,
 * with the squeeze of step 5.2; the steps keep the paper's (and numpy's) numbering. */
static int64_t binomial_btpe(NdRandom *r, int64_t n, double p) {
  double rr = p < 1.0 - p ? p : 1.0 - p, q = 1.0 - rr, fm = (double)n * rr + rr;
  int64_t m = (int64_t)floor(fm);
  double p1 = floor(2.195 * sqrt((double)n * rr * q) - 4.6 * q) + 0.5;
  double xm = (double)m + 0.5, xl = xm - p1, xr = xm + p1, c = 0.134 + 20.5 / (15.3 + (double)m);
  double a = (fm - xl) / (fm - xl * rr), laml = a * (1.0 + a / 2.0);
  a = (xr - fm) / (xr * q);
  double lamr = a * (1.0 + a / 2.0), p2 = p1 * (1.0 + 2.0 * c), p3 = p2 + c / laml,
         p4 = p3 + c / lamr, nrq = (double)n * rr * q;
  for (;;) {
    double u = nd_random_next_double(r) * p4, v = nd_random_next_double(r);
    int64_t y;
    if (u <= p1) { /* step 10: the triangle, accepted at once */
      y = (int64_t)floor(xm - p1 * v + u);
      return p > 0.5 ? n - y : y;
    }
    if (u <= p2) { /* step 20: the parallelograms */
      double x = xl + (u - p1) / c;
      v = v * c + 1.0 - fabs((double)m - x + 0.5) / p1;
      if (v > 1.0)
        continue;
      y = (int64_t)floor(x);
    } else if (u <= p3) { /* step 30: the left tail */
      y = (int64_t)floor(xl + log(v) / laml);
      if (y < 0 || v == 0.0)
        continue;
      v = v * (u - p2) * laml;
    } else { /* step 40: the right tail */
      y = (int64_t)floor(xr - log(v) / lamr);
      if (y > n || v == 0.0)
        continue;
      v = v * (u - p3) * lamr;
    }
    int64_t k = y > m ? y - m : m - y; /* step 50: accept or reject y by v */
    if (k <= 20 || (double)k >= nrq / 2.0 - 1) {
      double s = rr / q, aa = s * (double)(n + 1), f = 1.0;
      for (int64_t i = m + 1; i <= y; i++)
        f *= aa / (double)i - s;
      for (int64_t i = y + 1; i <= m; i++)
        f /= aa / (double)i - s;
      if (v > f)
        continue;
      return p > 0.5 ? n - y : y;
    }
    double kd = (double)k; /* step 52: the squeeze, then the bound by Stirling's formula */
    double rho = (kd / nrq) * ((kd * (kd / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5);
    double t = (double)(-k * k) / (2 * nrq), lv = log(v);
    if (lv < t - rho)
      return p > 0.5 ? n - y : y;
    if (lv > t + rho)
      continue;
    double x1 = (double)(y + 1), f1 = (double)(m + 1), z = (double)(n + 1 - m),
           w = (double)(n - y + 1);
    if (lv > xm * log(f1 / x1) + ((double)(n - m) + 0.5) * log(z / w) +
                 (double)(y - m) * log(w * rr / (x1 * q)) + stirling(f1) + stirling(z) +
                 stirling(x1) + stirling(w))
      continue;
    return p > 0.5 ? n - y : y;
  }
}

/* numpy's random_binomial; RandomState's has no shortcut for n = 0 or p = 0 */
static int64_t binomial(NdRandom *r, int64_t n, double p) {
  if (!nd_random_is_legacy(r) && (n == 0 || p == 0.0))
    return 0;
  if (p <= 0.5)
    return p * (double)n <= 30.0 ? binomial_inversion(r, n, p) : binomial_btpe(r, n, p);
  double q = 1.0 - p;
  return n - (q * (double)n <= 30.0 ? binomial_inversion(r, n, q) : binomial_btpe(r, n, q));
}

/* ---- arrays of draws ---- */

typedef struct {
  int nparams;
  bool int_out;                /* int64 draws, else float64 */
  NdDtype first;               /* the first parameter's dtype (binomial's n is an int) */
  bool swapped;                /* numpy broadcasts the parameters in the other order */
} Spec;

static const Spec specs[] = {
    [ND_EXPONENTIAL] = {1, false, ND_FLOAT64, false},
    [ND_LOGNORMAL] = {2, false, ND_FLOAT64, false},
    [ND_POISSON] = {1, true, ND_FLOAT64, false},
    [ND_BINOMIAL] = {2, true, ND_INT64, true},
};

/* numpy's POISSON_LAM_MAX: int64's largest less 10 standard deviations */
#define LAM_MAX ((double)INT64_MAX - sqrt((double)INT64_MAX) * 10)

/* A negative value, -0.0 included, as numpy's signbit test finds it (NaN passes). */
static bool negative(const double *v, int64_t n) {
  for (int64_t i = 0; i < n; i++)
    if (!isnan(v[i]) && signbit(v[i]))
      return true;
  return false;
}

/* Whether every v[i] lies in [lo, hi] (NaN does not). */
static bool within(const double *v, int64_t n, double lo, double hi) {
  for (int64_t i = 0; i < n; i++)
    if (!(v[i] >= lo && v[i] <= hi))
      return false;
  return true;
}

/* Every parameter value checked before the first draw, with numpy's tests, order and words:
 * a scalar "is NaN" and an array "contains NaNs", and a scalar lam is tested for < 0 before
 * its size, an array lam after. */
static bool valid(NdDistribution d, const NdArray *x, const NdArray *y) {
  bool scalar = x->ndim == 0 && (!y || y->ndim == 0);
  const double *xv = (const double *)x->data, *yv = y ? (const double *)y->data : NULL;
  switch (d) {
  case ND_EXPONENTIAL:
    return !negative(xv, x->size) || (nd_fail(ND_E_VALUE, "scale < 0"), false);
  case ND_LOGNORMAL:
    return !negative(yv, y->size) || (nd_fail(ND_E_VALUE, "sigma < 0"), false);
  case ND_POISSON:
    if (scalar && !within(xv, 1, 0, INFINITY))
      return nd_fail(ND_E_VALUE, "lam < 0 or lam is NaN"), false;
    if (!within(xv, x->size, -INFINITY, LAM_MAX))
      return nd_fail(ND_E_VALUE, "lam value too large"), false;
    return within(xv, x->size, 0, INFINITY) ||
           (nd_fail(ND_E_VALUE, "lam < 0 or lam contains NaNs"), false);
  case ND_BINOMIAL:
    if (!within(yv, y->size, 0, 1))
      return nd_fail(ND_E_VALUE, "p < 0, p > 1 or p %s", scalar ? "is NaN" : "contains NaNs"),
             false;
    for (int64_t i = 0; i < x->size; i++)
      if (((const int64_t *)x->data)[i] < 0)
        return nd_fail(ND_E_VALUE, "n < 0"), false;
    return true;
  }
  return false;
}

/* Whether shapes a and b broadcast together. */
static bool joins(int na, const int64_t *a, int nb, const int64_t *b) {
  for (int i = 1; i <= na && i <= nb; i++) {
    int64_t u = a[na - i], v = b[nb - i];
    if (u != v && u != 1 && v != 1)
      return false;
  }
  return true;
}

/* out = the broadcast of n shapes, or false with numpy's message naming the first pair
 * that does not broadcast (argument numbers as numpy counts them). */
static bool broadcast(int n, const int *nd, const int64_t *const *sh, int *ndim,
                      int64_t *shape) {
  for (int i = 1; i < n; i++)
    for (int j = 0; j < i; j++)
      if (!joins(nd[j], sh[j], nd[i], sh[i])) {
        char a[ND_SHAPE_STR], b[ND_SHAPE_STR];
        nd_fail(ND_E_VALUE, "shape mismatch: objects cannot be broadcast to a single shape.  "
                "Mismatch is between arg %d with shape %s and arg %d with shape %s.", j,
                nd_shape_str(nd[j], sh[j], false, a, sizeof a), i,
                nd_shape_str(nd[i], sh[i], false, b, sizeof b));
        return false;
      }
  *ndim = 0;
  for (int i = 0; i < n; i++)
    *ndim = nd[i] > *ndim ? nd[i] : *ndim;
  for (int k = 0; k < *ndim; k++) {
    shape[k] = 1;
    for (int i = 0; i < n; i++) {
      int at = k - (*ndim - nd[i]);
      if (at >= 0 && sh[i][at] != 1)
        shape[k] = sh[i][at];
    }
  }
  return true;
}

/* The flat index in contiguous p of element i (C order) of the broadcast shape. */
static int64_t source(int64_t i, int ndim, const int64_t *shape, const NdArray *p) {
  int64_t at = 0, stride = 1;
  for (int k = ndim - 1, pk = p->ndim - 1; k >= 0; k--, pk--) {
    int64_t coord = i % shape[k];
    i /= shape[k];
    if (pk >= 0) {
      if (p->shape[pk] != 1)
        at += coord * stride;
      stride *= p->shape[pk];
    }
  }
  return at;
}

static void draw(NdRandom *r, NdDistribution d, const NdArray *x, const NdArray *y,
                 int64_t ix, int64_t iy, NdArray *out, int64_t i) {
  double a = x->dtype == ND_FLOAT64 ? ((const double *)x->data)[ix] : 0;
  double b = y ? ((const double *)y->data)[iy] : 0;
  switch (d) {
  case ND_EXPONENTIAL:
    ((double *)out->data)[i] = a * nd_random_next_exponential(r);
    break;
  case ND_LOGNORMAL:
    ((double *)out->data)[i] = exp(a + b * nd_random_next_normal(r));
    break;
  case ND_POISSON:
    ((int64_t *)out->data)[i] = poisson(r, a);
    break;
  case ND_BINOMIAL:
    ((int64_t *)out->data)[i] = binomial(r, ((const int64_t *)x->data)[ix], b);
    break;
  }
}

static NdArray *draws(NdRandom *r, NdDistribution d, const NdArray *x, const NdArray *y,
                      int ndim, const int64_t *shape) {
  const Spec *s = &specs[d];
  const NdArray *order[2] = {s->swapped && y ? y : x, s->swapped && y ? x : y};
  int n = 0, nd[3];
  const int64_t *sh[3];
  if (ndim >= 0)
    nd[n] = ndim, sh[n++] = shape;
  for (int k = 0; k < s->nparams; k++)
    nd[n] = order[k]->ndim, sh[n++] = order[k]->shape;
  int bnd;
  int64_t bshape[ND_MAXDIM];
  if (!broadcast(n, nd, sh, &bnd, bshape))
    return NULL;
  if (ndim >= 0 && (bnd != ndim || memcmp(bshape, shape, sizeof *shape * (size_t)ndim))) {
    char a[ND_SHAPE_STR], b[ND_SHAPE_STR];
    return nd_fail(ND_E_VALUE, "Output size %s is not compatible with broadcast dimensions "
                   "of inputs %s.", nd_shape_str(ndim, shape, false, a, sizeof a),
                   nd_shape_str(bnd, bshape, false, b, sizeof b));
  }
  if (!valid(d, x, y))
    return NULL;
  bool scalar = ndim < 0 && bnd == 0;
  NdDtype t = s->int_out ? ND_INT64 : ND_FLOAT64;
  NdArray *out = scalar ? nd_mark_scalar(nd_empty(t, 0, NULL)) : nd_empty(t, bnd, bshape);
  for (int64_t i = 0; out && i < out->size; i++)
    draw(r, d, x, y, source(i, bnd, bshape, x), y ? source(i, bnd, bshape, y) : 0, out, i);
  return out;
}

NdArray *nd_random_draws(NdRandom *r, NdDistribution d, const NdArray *x, const NdArray *y,
                         int ndim, const int64_t *shape) {
  NdArray *xs = nd_astype(x, specs[d].first), *ys = y ? nd_astype(y, ND_FLOAT64) : NULL;
  NdArray *out = xs && (ys || !y) ? draws(r, d, xs, ys, ndim, shape) : NULL;
  nd_unref(xs);
  nd_unref(ys);
  return out;
}
