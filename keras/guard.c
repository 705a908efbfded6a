/* guard.c — the entry of every nnc_model_* call: the model's tag and its try-lock
 * (base/handle.c). One thread at a time may use a model; a call from a second thread while
 * one is in flight returns NNC_ERR_BUSY at once and touches nothing, so two fits, or a fit
 * and a predict, never interleave on one model's weights, optimizer state or scratch. The
 * thread in a call may call again (fit's callbacks save weights and set the learning rate);
 * tests/keras/test_guard.c checks that every public call on a model enters here first.
 */
#include "keras.h"

nnc_status keras_enter(const nnc_model *m, const char *fn) {
  if (!m)
    return base_error(NNC_ERR_ARG, "%s: the model is NULL", fn);
  nnc_status s = base_check_tag(m->magic, BASE_MAGIC_MODEL, fn, "model");
  /* the lock is not part of the model's value: a const call takes it too */
  return s ? s : base_lock_enter(&((nnc_model *)m)->lock, fn, "model");
}

void keras_leave(nnc_model **held) {
  if (*held)
    base_lock_leave(&(*held)->lock);
}
