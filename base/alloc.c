/* alloc.c — the one allocation hook every module allocates through.
 *
 * Each block carries a header naming the context it was allocated in (NULL: the default),
 * so it is freed or grown by that context's hook (the process-wide one when the context has
 * none) wherever and whenever it is
 * freed: a tensor a model made in a context may be freed after the call, on another thread.
 * A new block comes from the calling thread's current context (base/context.c) unless the
 * caller names one (base_realloc_in: a graph's arena grows in the graph's context, whichever
 * call grows it).
 *
 * nnc_set_allocator swaps the process-wide hook; tests install one that fails the Nth call
 * to prove that every out-of-memory path ends in a clean error. base_malloc(0) returns a
 * unique pointer like malloc may, so callers never have to special-case empty tensors.
 */
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"

/* The header before every block; HDR bytes keep the block aligned as malloc's are. */
typedef struct {
  nnc_context *ctx;           /* the context it was allocated in; NULL: the default */
} Header;
enum { HDR = 16 };
_Static_assert(alignof(max_align_t) <= HDR && sizeof(Header) <= HDR, "header keeps alignment");

static void *default_realloc(void *user, void *p, size_t n) {
  (void)user;
  return realloc(p, n);
}

static void default_free(void *user, void *p) {
  (void)user;
  free(p);
}

static nnc_allocator hook = {default_realloc, default_free, NULL};

void nnc_set_allocator(const nnc_allocator *a) {
  nnc_allocator d = {default_realloc, default_free, NULL};
  hook = a ? *a : d;
}

static Header *header(const void *p) {
  return (Header *)((char *)(uintptr_t)p - HDR);
}

void *base_realloc_in(nnc_context *c, void *p, size_t n) {
  c = p ? header(p)->ctx : c;
  if (n > SIZE_MAX - HDR)
    return NULL;
  n = (n ? n : 1) + HDR;
  void *raw = p ? header(p) : NULL;
  const nnc_allocator *a = c ? base_context_allocator(c) : NULL;
  Header *h = a ? a->realloc(a->user, raw, n) : hook.realloc(hook.user, raw, n);
  if (!h)
    return NULL;
  if (c && !raw)
    base_context_count(c, 1);
  h->ctx = c;
  return (char *)h + HDR;
}

void *base_realloc(void *p, size_t n) {
  return base_realloc_in(base_context_current(), p, n);
}

void *base_malloc(size_t n) {
  return base_realloc(NULL, n);
}

void *base_calloc(size_t count, size_t size) {
  if (size && count > SIZE_MAX / size)
    return NULL;
  void *p = base_malloc(count * size);
  if (p)
    memset(p, 0, count * size);
  return p;
}

void base_free(void *p) {
  if (!p)
    return;
  Header *h = header(p);
  nnc_context *c = h->ctx;
  const nnc_allocator *a = c ? base_context_allocator(c) : NULL;
  if (a)
    a->free(a->user, h);
  else
    hook.free(hook.user, h);
  if (c)
    base_context_count(c, -1);
}

nnc_context *base_owner(const void *p) {
  return p ? header(p)->ctx : NULL;
}

char *base_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = base_malloc(n);
  if (p)
    memcpy(p, s, n);
  return p;
}
