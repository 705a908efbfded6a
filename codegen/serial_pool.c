/* serial_pool.c — the CgPool that runs every task on the calling thread, in order.
 *
 * Compiled graphs always call their parallel kernels through a pool; this one is for callers
 * that have no threads to offer (tests, tools that only need the results). The runtime's
 * thread pool (runtime/threads.c) gives the same bits, since a task does not depend on who
 * runs it.
 */
#include "codegen.h"

static void run_here(CgPool *self, CgTask task, void *ctx, int64_t n) {
  (void)self;
  if (n > 0)
    task(ctx, 0, n);
}

static void mark_here(CgPool *self, int64_t kernel) {
  (void)self;
  cg_profile_mark(kernel);
}

static void ready_here(CgPool *self, int64_t output) {
  (void)self, (void)output;
}

CgPool *cg_serial_pool(void) {
  static CgPool serial = {run_here, mark_here, ready_here};
  return &serial;
}
