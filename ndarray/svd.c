/* svd.c — the thin singular value decomposition A = U diag(s) Vt that LAPACK's gesdd gives
 * numpy and SciPy, for least squares (lstsq.c) and scikit-learn's PCA.
 *
 * One-sided Jacobi rotations (Hestenes): pairs of columns are rotated until every two are
 * orthogonal; their norms are then the singular values, the columns divided by them one
 * factor, and the rotations, accumulated, the other. The shorter side is rotated (A's columns
 * when n >= p, else its rows), so there are min(n, p) columns to orthogonalise. Jacobi finds
 * small singular values to high relative accuracy, which lstsq's rank cut needs. Signs are
 * whatever the rotations give: callers that need LAPACK's (PCA) fix them as scikit-learn's
 * svd_flip does, which depends on the subspaces only.
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

/* Rotates the r columns of w [r][len] (column-major) until they are orthogonal, accumulating
 * the rotations into z [r][r] (the identity on entry). */
static void orthogonalise(double *w, int64_t len, int64_t r, double *z) {
  for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    bool rotated = false;
    for (int64_t i = 0; i < r; i++)
      for (int64_t j = i + 1; j < r; j++) {
        double *wi = w + i * len, *wj = w + j * len;
        double a = dot(wi, wi, len), b = dot(wj, wj, len), g = dot(wi, wj, len);
        if (!(fabs(g) > ORTHOGONAL * sqrt(a * b)))
          continue;
        rotated = true;
        double zeta = (b - a) / (2 * g);
        double t = copysign(1.0, zeta) / (fabs(zeta) + sqrt(1 + zeta * zeta));
        double c = 1 / sqrt(1 + t * t);
        rotate(wi, wj, len, c, c * t);
        rotate(z + i * r, z + j * r, r, c, c * t);
      }
    if (!rotated)
      return;
  }
}

/* order[0..r) = the columns by norm, largest first (insertion: r is a few dozen) */
static void by_size_down(const double *norm, int64_t r, int64_t *order) {
  for (int64_t j = 0; j < r; j++) {
    int64_t at = j;
    for (; at > 0 && norm[order[at - 1]] < norm[j]; at--)
      order[at] = order[at - 1];
    order[at] = j;
  }
}

/* Factor j of the result from column c: the rotated column w_c over its norm (a zero column
 * stays zero) and the accumulated rotation z_c; tall says which is U's column. */
static void place(const double *w, const double *z, double norm, int64_t c, int64_t j,
                  int64_t n, int64_t p, int64_t r, bool tall, double *u, double *vt) {
  int64_t len = tall ? n : p;
  for (int64_t i = 0; i < len; i++) {
    double x = norm > 0 ? w[c * len + i] / norm : 0;
    if (tall)
      u[i * r + j] = x;
    else
      vt[j * p + i] = x;
  }
  for (int64_t i = 0; i < r; i++) {
    if (tall)
      vt[j * p + i] = z[c * r + i];
    else
      u[i * r + j] = z[c * r + i];
  }
}

bool nd_svd(const double *a, int64_t n, int64_t p, double *u, double *s, double *vt) {
  bool tall = n >= p;
  int64_t r = tall ? p : n, len = tall ? n : p;
  double *w = base_malloc(sizeof *w * (size_t)(r * len) + 1);
  double *z = base_calloc((size_t)(r * r) + 1, sizeof *z);
  double *norm = base_malloc(sizeof *norm * (size_t)r + 1);
  int64_t *order = base_malloc(sizeof *order * (size_t)r + 1);
  bool ok = w && z && norm && order;
  if (ok) {
    for (int64_t c = 0; c < r; c++) {
      for (int64_t i = 0; i < len; i++)
        w[c * len + i] = tall ? a[i * p + c] : a[c * p + i];
      z[c * r + c] = 1;
    }
    orthogonalise(w, len, r, z);
    for (int64_t c = 0; c < r; c++)
      norm[c] = sqrt(dot(w + c * len, w + c * len, len));
    by_size_down(norm, r, order);
    for (int64_t j = 0; j < r; j++) {
      s[j] = norm[order[j]];
      place(w, z, s[j], order[j], j, n, p, r, tall, u, vt);
    }
  }
  base_free(w), base_free(z), base_free(norm), base_free(order);
  return ok || (nd_fail(ND_E_MEMORY, "out of memory"), false);
}
