/* init.c — the settings of the host process an embedder opted into (nnc_init). None is on
 * by default: a program that links libnnc keeps its malloc as it configured it. */
#include <stdatomic.h>

#include "base.h"

static atomic_uint flags;

nnc_status nnc_init(unsigned f) {
  if (f & ~NNC_INIT_PREFAULT_HEAP)
    return base_error(NNC_ERR_ARG, "nnc_init: unknown flags 0x%x", f & ~NNC_INIT_PREFAULT_HEAP);
  atomic_store(&flags, f);
  return NNC_OK;
}

unsigned base_init_flags(void) {
  return atomic_load(&flags);
}
