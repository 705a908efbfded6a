/* guard.c — the entry of every nnc_model_* call: the model's tag and its try-lock
 * (base/handle.c). One thread at a time may use a model; a call from a second thread while
 * one is in flight returns NNC_ERR_BUSY at once and touches nothing, so two fits, or a fit
 * and a predict, never interleave on one model's weights, optimizer state or scratch. The
 * thread in a call may call again (fit's callbacks save weights and set the learning rate).
 * The outermost call also makes the model's nnc_context the thread's current one until it
 * returns (base/context.c). tests/keras/test_guard.c checks that every public call on a
 * model enters here first.
 */
#include "keras.h"

nnc_status keras_enter(const nnc_model *m, const char *fn) {
  if (!m)
    return base_error(NNC_ERR_ARG, "%s: the model is NULL", fn);
  nnc_status s = base_check_tag(m->magic, BASE_MAGIC_MODEL, fn, "model");
  /* the lock is not part of the model's value: a const call takes it too */
  nnc_model *mm = (nnc_model *)m;
  s = s ? s : base_lock_enter(&mm->lock, fn, "model");
  if (s == NNC_OK && mm->lock.depth == 0) /* the outermost call: the model's context */
    mm->outer = base_context_swap(mm->ctx);
  return s;
}

void keras_leave(nnc_model **held) {
  nnc_model *m = *held;
  if (!m)
    return;
  if (m->lock.depth == 0)
    base_context_swap(m->outer);
  base_lock_leave(&m->lock);
}
