/* lstsq.c — least squares of minimum norm, the problem numpy's and SciPy's lstsq solve (with
 * LAPACK's gelsd), so scikit-learn's LinearRegression gets its answer for any X.
 *
 * From the singular value decomposition (svd.c): x = sum over the kept j of
 * Vt_j (U_j' b) / s_j. Singular values at or below rcond times the largest count as zero and
 * their directions are left out, so a rank-deficient A (one-hot columns beside an intercept,
 * a column repeated) gives the shortest of the best-fitting solutions, as LAPACK does, rather
 * than one blown up by a near-zero divisor.
 */
#include "ndarray.h"

bool nd_lstsq(const double *a, int64_t n, int64_t p, const double *b, int64_t k, double rcond,
              double *x, int64_t *rank, double *sv) {
  int64_t r = n < p ? n : p;
  double *u = base_malloc(sizeof *u * (size_t)(n * r) + 1);
  double *vt = base_malloc(sizeof *vt * (size_t)(r * p) + 1);
  bool ok = u && vt && nd_svd(a, n, p, u, sv, vt);
  if (ok) {
    double cut = r > 0 ? rcond * sv[0] : 0;
    *rank = 0;
    for (int64_t j = 0; j < r; j++)
      *rank += sv[j] > cut;
    for (int64_t i = 0; i < p * k; i++)
      x[i] = 0;
    for (int64_t j = 0; j < *rank; j++)
      for (int64_t t = 0; t < k; t++) {
        double f = 0;
        for (int64_t i = 0; i < n; i++)
          f += u[i * r + j] * b[i * k + t];
        f /= sv[j];
        for (int64_t i = 0; i < p; i++)
          x[i * k + t] += f * vt[j * p + i];
      }
  } else if (!u || !vt) {
    nd_fail(ND_E_MEMORY, "out of memory");
  }
  base_free(u), base_free(vt);
  return ok;
}
