/* pool.c — the runtime's thread pool (runtime/threads.c) seen as the CgPool that compiled
 * code calls. Codegen knows only its own CgPool and the runtime only its own task type, so
 * neither depends on the other; this file is where they meet. */
#include "codegen.h"
#include "driver.h"
#include "runtime.h"

static void run(CgPool *self, CgTask task, void *ctx, int64_t n) {
  (void)self;
  rt_parallel(task, ctx, n);
}

static void mark(CgPool *self, int64_t kernel) {
  (void)self;
  cg_profile_mark(kernel);
}

static void ready(CgPool *self, int64_t output) {
  (void)self, (void)output;
}

static CgPool pool = {run, mark, ready};

CgPool *driver_pool(void) {
  return &pool;
}
