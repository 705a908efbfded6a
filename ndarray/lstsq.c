/* lstsq.c — least squares of minimum norm, the problem numpy's and SciPy's lstsq solve (with
 * LAPACK's gelsd), so scikit-learn's LinearRegression gets its answer for any X.
 *
 * The singular value decomposition comes from one-sided Jacobi rotations (Hestenes): pairs of
 * A's columns are rotated until every two are orthogonal; their norms are then the singular
 * values, and the rotations, accumulated, are V. Jacobi finds small singular values to high
 * relative accuracy, which matters here: singular values at or below rcond times the largest
 * count as zero and their directions are left out, so a rank-deficient A (one-hot columns
 * beside an intercept, a column repeated) gives the shortest of the best-fitting solutions,
 * as LAPACK does, rather than one blown up by a near-zero divisor.
 */
#include <math.h>

#include "ndarray.h"

enum { MAX_SWEEPS = 80 };
#define ORTHOGONAL 1e-15 /* |cos| of the angle between two columns taken as orthogonal */

static double dot(const double *u, const double *v, int64_t n) {
  double s = 0;
  for (int64_t i = 0; i < n; i++)
    s += u[i] * v[i];
  return s;
}

/* (u, v) := (c u - s v, s u + c v) */
static void rotate(double *u, double *v, int64_t n, double c, double s) {
  for (int64_t i = 0; i < n; i++) {
    double a = u[i], b = v[i];
    u[i] = c * a - s * b;
    v[i] = s * a + c * b;
  }
}

/* Rotates the columns of u [p][n] (column-major) until they are orthogonal, accumulating the
 * rotations into v [p][p] (the identity on entry). */
static void orthogonalise(double *u, int64_t n, int64_t p, double *v) {
  for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    bool rotated = false;
    for (int64_t i = 0; i < p; i++)
      for (int64_t j = i + 1; j < p; j++) {
        double *ui = u + i * n, *uj = u + j * n;
        double a = dot(ui, ui, n), b = dot(uj, uj, n), g = dot(ui, uj, n);
        if (!(fabs(g) > ORTHOGONAL * sqrt(a * b)))
          continue;
        rotated = true;
        double zeta = (b - a) / (2 * g);
        double t = copysign(1.0, zeta) / (fabs(zeta) + sqrt(1 + zeta * zeta));
        double c = 1 / sqrt(1 + t * t);
        rotate(ui, uj, n, c, c * t);
        rotate(v + i * p, v + j * p, p, c, c * t);
      }
    if (!rotated)
      return;
  }
}

/* order[0..p) = the columns by norm, largest first (insertion: p is a few dozen) */
static void by_size_down(const double *norm, int64_t p, int64_t *order) {
  for (int64_t j = 0; j < p; j++) {
    int64_t at = j;
    for (; at > 0 && norm[order[at - 1]] < norm[j]; at--)
      order[at] = order[at - 1];
    order[at] = j;
  }
}

bool nd_lstsq(const double *a, int64_t n, int64_t p, const double *b, int64_t k, double rcond,
              double *x, int64_t *rank, double *sv) {
  double *u = base_malloc(sizeof *u * (size_t)(n * p) + 1);
  double *v = base_calloc((size_t)(p * p) + 1, sizeof *v);
  double *norm = base_malloc(sizeof *norm * (size_t)p + 1);
  double *col = base_malloc(sizeof *col * (size_t)n + 1);
  int64_t *order = base_malloc(sizeof *order * (size_t)p + 1);
  bool ok = u && v && norm && col && order;
  if (ok) {
    for (int64_t j = 0; j < p; j++) {
      for (int64_t i = 0; i < n; i++)
        u[j * n + i] = a[i * p + j];
      v[j * p + j] = 1;
    }
    orthogonalise(u, n, p, v);
    for (int64_t j = 0; j < p; j++)
      norm[j] = sqrt(dot(u + j * n, u + j * n, n));
    by_size_down(norm, p, order);
    double cut = p > 0 ? rcond * norm[order[0]] : 0;
    *rank = 0;
    for (int64_t j = 0; j < p; j++) {
      if (j < (n < p ? n : p))
        sv[j] = norm[order[j]];
      *rank += norm[order[j]] > cut;
    }
    for (int64_t i = 0; i < p * k; i++)
      x[i] = 0;
    for (int64_t r = 0; r < *rank; r++) { /* x += V_j (U_j' b) / sigma_j^2, U_j unnormalised */
      int64_t j = order[r];
      double s2 = norm[j] * norm[j];
      for (int64_t t = 0; t < k; t++) {
        for (int64_t i = 0; i < n; i++)
          col[i] = b[i * k + t];
        double f = dot(u + j * n, col, n) / s2;
        for (int64_t i = 0; i < p; i++)
          x[i * k + t] += f * v[j * p + i];
      }
    }
  }
  base_free(u), base_free(v), base_free(norm), base_free(col), base_free(order);
  return ok || (nd_fail(ND_E_MEMORY, "out of memory"), false);
}
