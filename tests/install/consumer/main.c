/* A program built against an installed nnc: it checks the library is at least as new as
 * the header, then differentiates and JIT-compiles f(x) = sum(x*x) and checks f and its
 * gradient. Exit 0 when all is right. */
#include <math.h>
#include <stdio.h>

#include <nnc.h>

int main(void) {
  if (nnc_version_number() < NNC_VERSION_NUMBER) { /* a library older than its header */
    fprintf(stderr, "consumer: libnnc %s is older than nnc.h %s\n", nnc_version(), NNC_VERSION);
    return 1;
  }
  nnc_graph *g;
  if (nnc_graph_new(&g) != NNC_OK)
    return 1;
  int64_t shape[1] = {3};
  nnc_value *x = nnc_input(g, "x", NNC_F64, 1, shape);
  nnc_value *f = nnc_sum(g, nnc_mul(g, x, x), ~0u, 0);
  nnc_value *df;
  nnc_function *fn = NULL;
  if (nnc_grad(g, f, 1, &x, &df) != NNC_OK ||
      nnc_jit(g, 2, (nnc_value *[]){f, df}, &fn) != NNC_OK) {
    fprintf(stderr, "consumer: %s\n", nnc_last_error());
    nnc_graph_free(g);
    return 1;
  }
  double xs[3] = {1, 2, 3}, fv = 0, dv[3] = {0};
  nnc_status s = nnc_function_call(fn, (void *[]){xs, &fv, dv});
  nnc_function_free(fn);
  nnc_graph_free(g);
  int ok = s == NNC_OK && fabs(fv - 14) < 1e-12 && dv[0] == 2 && dv[1] == 4 && dv[2] == 6;
  printf("consumer: f=%g df=[%g %g %g] %s\n", fv, dv[0], dv[1], dv[2], ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
