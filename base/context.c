/* context.c — nnc_context: what an embedder sets for some objects rather than for the whole
 * process (an allocator, a thread count, a log function, the compile cache). An object made
 * in a context (nnc_model_new_in, nnc_graph_new_in, nnc_tensor_new_in, and what those make)
 * makes it the calling thread's current context for the length of each call on it
 * (keras/guard.c, driver/api_graph.c); allocation (alloc.c), the code that logs (log.c), the
 * pool (runtime/threads.c) and the compile cache (driver/cache.c) ask for the current one.
 * No context, or a context's unset fields, mean the process-wide settings: that is the
 * default context, so nnc_model_new and every call before contexts existed behave as they
 * did. The current context is thread-local, so two contexts' objects run at once on two
 * threads without seeing each other's settings.
 *
 * A context counts the blocks allocated in it and not freed (each names its context, see
 * alloc.c): it refuses to be freed while one lives, since that block's free goes back to its
 * hook. The context's own struct comes from its allocator too.
 */
#include <stdatomic.h>
#include <string.h>

#include "base.h"

enum { CACHE_DIR_CAP = 4096 };

struct nnc_context {
  uint32_t magic;               /* BASE_MAGIC_CONTEXT while alive */
  nnc_allocator alloc;          /* realloc NULL: the process-wide hook (nnc_set_allocator) */
  atomic_long blocks;           /* blocks allocated in it and not freed yet */
  atomic_int threads;           /* 0: the process pool's count (nnc_set_threads) */
  _Atomic(nnc_log_fn) log;      /* NULL: nnc_set_log's, else stderr */
  _Atomic(void *) log_user;
  atomic_int models;            /* models made in it and not freed */
  int cache;                    /* -1: the process's compile cache; 0 off; 1 on */
  char cache_dir[CACHE_DIR_CAP]; /* "": the directory nnc_set_compile_cache(1, NULL) picks */
};

/* initial-exec: every model call reads and writes it, and the default model of a shared
 * library's thread-locals goes through __tls_get_addr (4 ns of the guard's 14; its 8 bytes
 * fit glibc's static TLS reserve even when libnnc is dlopen'ed) */
static _Thread_local const nnc_context *current __attribute__((tls_model("initial-exec")));

static nnc_status check(const nnc_context *c, const char *fn) {
  if (!c)
    return base_error(NNC_ERR_ARG, "%s: the context is NULL", fn);
  return base_check_tag(c->magic, BASE_MAGIC_CONTEXT, fn, "context");
}

nnc_context_options nnc_context_defaults(void) {
  return (nnc_context_options){.struct_size = sizeof(nnc_context_options), .compile_cache = -1};
}

static nnc_status check_options(const nnc_context_options *o, const char *fn) {
  if ((o->allocator.realloc == NULL) != (o->allocator.free == NULL))
    return base_error(NNC_ERR_ARG, "%s: allocator.realloc and allocator.free must be set "
                      "together (found only %s)", fn, o->allocator.realloc ? "realloc" : "free");
  if (o->threads < 0 || o->threads > 1024)
    return base_error(NNC_ERR_ARG, "%s: threads %d; want 1 to 1024, or 0 for the process's "
                      "pool", fn, o->threads);
  if (o->compile_cache < -1 || o->compile_cache > 1)
    return base_error(NNC_ERR_ARG, "%s: compile_cache %d; want -1 (the process's), 0 (off) or "
                      "1 (on)", fn, o->compile_cache);
  if (o->compile_cache_dir && strlen(o->compile_cache_dir) >= CACHE_DIR_CAP - 80)
    return base_error(NNC_ERR_ARG, "%s: a compile_cache_dir of %zu bytes", fn,
                      strlen(o->compile_cache_dir));
  return NNC_OK;
}

/* A context's struct from its own allocator, or the process's when it has none. */
static nnc_context *context_alloc(const nnc_allocator *a) {
  nnc_context *c = a->realloc ? a->realloc(a->user, NULL, sizeof *c)
                              : base_realloc_in(NULL, NULL, sizeof *c);
  if (c)
    memset(c, 0, sizeof *c);
  return c;
}

static nnc_status context_new(const nnc_context_options *caller, nnc_context **out,
                              const char *fn) {
  if (!out)
    return base_error(NNC_ERR_ARG, "%s: out is NULL", fn);
  *out = NULL;
  nnc_context_options o, defaults = nnc_context_defaults();
  nnc_status s = caller ? base_struct_read(&o, &defaults, sizeof o, caller, fn,
                                           "nnc_context_options")
                        : (o = defaults, NNC_OK);
  if (s == NNC_OK)
    s = check_options(&o, fn);
  if (s != NNC_OK)
    return s;
  nnc_context *c = context_alloc(&o.allocator);
  if (!c)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  c->magic = BASE_MAGIC_CONTEXT;
  c->alloc = o.allocator;
  atomic_store(&c->threads, o.threads);
  atomic_store(&c->log, o.log);
  atomic_store(&c->log_user, o.log_user);
  c->cache = o.compile_cache;
  if (o.compile_cache_dir)
    strcpy(c->cache_dir, o.compile_cache_dir); /* its length checked above */
  *out = c;
  return NNC_OK;
}

nnc_status nnc_context_new_with(const nnc_context_options *o, nnc_context **out) {
  return context_new(o, out, __func__);
}

nnc_status nnc_context_new(nnc_context **out) {
  return context_new(NULL, out, __func__);
}

void nnc_context_free(nnc_context *c) {
  if (!c || check(c, __func__) != NNC_OK)
    return;
  int n = atomic_load(&c->models);
  long b = atomic_load(&c->blocks);
  if (n > 0 || b > 0) {
    if (n > 0)
      base_error(NNC_ERR_BUSY, "nnc_context_free: %d models made in the context are not "
                 "freed; not freed", n);
    else
      base_error(NNC_ERR_BUSY, "nnc_context_free: %ld blocks allocated in the context "
                 "(graphs, tensors, functions, strings) are not freed; not freed", b);
    return;
  }
  c->magic = BASE_MAGIC_DEAD;
  nnc_allocator a = c->alloc;
  if (a.free)
    a.free(a.user, c);
  else
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

nnc_status base_context_check(const nnc_context *c, const char *fn) {
  return check(c, fn);
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

int base_context_cache(const char **dir) {
  if (!current || current->cache < 0)
    return -1;
  *dir = current->cache_dir[0] ? current->cache_dir : NULL;
  return current->cache;
}

/* ---- the blocks alloc.c allocates in a context ---- */

nnc_context *base_context_current(void) {
  return (nnc_context *)current; /* its counters change; its settings never do */
}

const nnc_allocator *base_context_allocator(const nnc_context *c) {
  return c->alloc.realloc ? &c->alloc : NULL;
}

void base_context_count(nnc_context *c, long delta) {
  atomic_fetch_add(&c->blocks, delta);
}
