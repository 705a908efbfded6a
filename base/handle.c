/* handle.c — what the public handles (nnc_model, nnc_function, nnc_tensor, nnc_graph) carry
 * so that misuse returns a status instead of corrupting memory.
 *
 * A tag: each handle starts its life with its kind's magic number and ends it with
 * BASE_MAGIC_DEAD, written just before its memory is freed. A call checks the tag first, so a
 * handle freed twice, used after free or of the wrong kind gives NNC_ERR_ARG. This holds in
 * every build, but only while the freed memory is not reused: glibc overwrites the first
 * words of a freed block (which may turn the dead tag into another value, still refused)
 * and a later allocation may take the block over, so the check catches most misuse, not all. Reading a freed block is itself undefined, which AddressSanitizer reports.
 *
 * A try-lock: an object that one thread at a time may use (a model) is taken by every call
 * that reads or writes it. A second thread gets NNC_ERR_BUSY at once, never a wait. The
 * thread that holds it may enter again (a callback of fit calls nnc_model_save_weights), so
 * the owner is the thread's identity, and only the owner touches the depth.
 */
#include <stdatomic.h>

#include "base.h"

/* its address names this thread; initial-exec as base/context.c's current, for the same call */
static _Thread_local char self __attribute__((tls_model("initial-exec")));

nnc_status base_check_tag(uint32_t tag, uint32_t want, const char *fn, const char *what) {
  if (tag == want)
    return NNC_OK;
  if (tag == BASE_MAGIC_DEAD)
    return base_error(NNC_ERR_ARG, "%s: the %s was freed", fn, what);
  return base_error(NNC_ERR_ARG, "%s: not a live %s (freed, or another kind of pointer)", fn,
                    what);
}

nnc_status base_lock_enter(BaseLock *l, const char *fn, const char *what) {
  uintptr_t me = (uintptr_t)&self, none = 0;
  if (atomic_compare_exchange_strong(&l->owner, &none, me))
    return NNC_OK;
  if (none == me) {
    l->depth++;
    return NNC_OK;
  }
  return base_error(NNC_ERR_BUSY, "%s: the %s is in use by another thread (one thread at a "
                    "time per %s: see docs/c-api.md)", fn, what, what);
}

void base_lock_leave(BaseLock *l) {
  if (l->depth > 0)
    l->depth--;
  else
    atomic_store(&l->owner, 0);
}
