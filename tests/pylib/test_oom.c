/* test_oom.c — a model file's numpy under the failing allocator: every refused allocation
 * becomes a MemoryError that ends the run cleanly, with no block and no object leaked (the
 * interpreter's objects, ndarray/'s arrays and buffers alike). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "pylib.h"
#include "support.h"

static const char program[] =
    "import numpy as np\n"
    "x = np.arange(24, dtype=np.float32).reshape(4, 6) / 255.0\n"
    "y = (x - x.mean(axis=0)) / (x.std(axis=0) + 1e-7)\n"
    "m = y[y > 0]\n"
    "y[0, :2] = [1, 2]\n"
    "print(f'{y.sum():.3f}', y.shape, m.size, np.unique(np.array([3, 1, 3]), return_counts=True))\n"
    "z = np.concatenate([x, x]).T @ np.ones((8, 2))\n"
    "print(z.tolist()[0], repr(x[:1, :2]), np.random.rand(2).shape, [float(v) for v in x[0]])\n";

static nnc_status step(void *arg) {
  (void)arg;
  FILE *out = fopen("/dev/null", "w");
  FeConfig cfg = {.out = out, .err = out};
  Interp *I = fe_interp_new(&cfg);
  nnc_status st = I ? pl_register(I, NULL) : NNC_ERR_NOMEM;
  if (st != NNC_OK) {
    if (I)
      fe_interp_free(I);
    fclose(out);
    return base_error(NNC_ERR_NOMEM, "out of memory");
  }
  Source *s = malloc(sizeof *s);
  fe_source_init(s, "oom.py", program, sizeof program - 1);
  Ast *a = NULL;
  int code = 0;
  st = fe_check_text(I, s, &a);
  if (st == NNC_OK)
    st = fe_run(I, s, a, &code);
  fe_ast_release(I, a);
  fe_ast_free(a);
  pl_unregister(I);
  int64_t leaked = fe_interp_free(I);
  free(s);
  fclose(out);
  if (leaked)
    return base_error(NNC_ERR_INTERNAL, "%lld objects leaked", (long long)leaked);
  return st;
}

Test(pylib, numpy_survives_every_allocation_failing, .timeout = 300) {
  long ok = test_until_ok_walk(step, NULL, (TestOomWalk){.max = 400000, .dense = 3000});
  cr_assert_gt(ok, 1000);
}

Test(pylib, numpy_survives_single_allocation_failures, .timeout = 300) {
  long ok = test_until_ok_walk(step, NULL,
                               (TestOomWalk){.max = 400000, .dense = 3000, .once = true});
  cr_assert_gt(ok, 1000);
}
