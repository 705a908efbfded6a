/* context.c — nnc_context: what an embedder sets for some models rather than for the whole
 * process (a thread count, a log function). A model made in a context (nnc_model_new_in)
 * makes it the calling thread's current context for the length of each call on the model
 * (keras/guard.c); the code that logs (log.c) and the pool (runtime/threads.c) ask for the
 * current one. No context, or a context's unset fields, mean the process-wide settings:
 * that is the default context, so nnc_model_new and every call before contexts existed
 * behave as they did. The current context is thread-local, so two models of two contexts
 * run at once on two threads without seeing each other's settings.
 */
#include <stdatomic.h>

#include "base.h"

struct nnc_context {
  uint32_t magic;               /* BASE_MAGIC_CONTEXT while alive */
  atomic_int threads;           /* 0: the process pool's count (nnc_set_threads) */
  _Atomic(nnc_log_fn) log;      /* NULL: nnc_set_log's, else stderr */
  _Atomic(void *) log_user;
  atomic_int models;            /* models made in it and not freed */
};

static _Thread_local const nnc_context *current;

static nnc_status check(const nnc_context *c, const char *fn) {
  if (!c)
    return base_error(NNC_ERR_ARG, "%s: the context is NULL", fn);
  return base_check_tag(c->magic, BASE_MAGIC_CONTEXT, fn, "context");
}

nnc_status nnc_context_new(nnc_context **out) {
  if (!out)
    return base_error(NNC_ERR_ARG, "nnc_context_new: out is NULL");
  *out = base_calloc(1, sizeof **out);
  if (!*out)
    return base_error(NNC_ERR_NOMEM, "nnc_context_new: out of memory");
  (*out)->magic = BASE_MAGIC_CONTEXT;
  return NNC_OK;
}

void nnc_context_free(nnc_context *c) {
  if (!c || check(c, __func__) != NNC_OK)
    return;
  int n = atomic_load(&c->models);
  if (n > 0) {
    base_error(NNC_ERR_BUSY, "nnc_context_free: %d models made in the context are not freed; "
               "not freed", n);
    return;
  }
  c->magic = BASE_MAGIC_DEAD;
  base_free(c);
}

nnc_status nnc_context_set_threads(nnc_context *c, int n) {
  nnc_status s = check(c, __func__);
  if (s == NNC_OK && (n < 0 || n > 1024))
    s = base_error(NNC_ERR_ARG, "nnc_context_set_threads: %d threads; want 1 to 1024, or 0 "
                   "for the process's pool", n);
  if (s == NNC_OK)
    atomic_store(&c->threads, n);
  return s;
}

nnc_status nnc_context_set_log(nnc_context *c, nnc_log_fn fn, void *user) {
  nnc_status s = check(c, __func__);
  if (s == NNC_OK) {
    atomic_store(&c->log_user, user);
    atomic_store(&c->log, fn);
  }
  return s;
}

nnc_status base_context_adopt(nnc_context *c, const char *fn) {
  nnc_status s = c ? check(c, fn) : NNC_OK;
  if (s == NNC_OK && c)
    atomic_fetch_add(&c->models, 1);
  return s;
}

void base_context_release(nnc_context *c) {
  if (c)
    atomic_fetch_sub(&c->models, 1);
}

const nnc_context *base_context_swap(const nnc_context *c) {
  const nnc_context *was = current;
  current = c;
  return was;
}

int base_context_threads(void) {
  return current ? atomic_load(&current->threads) : 0;
}

nnc_log_fn base_context_log(void **user) {
  nnc_log_fn fn = current ? atomic_load(&current->log) : NULL;
  if (fn)
    *user = atomic_load(&current->log_user);
  return fn;
}
