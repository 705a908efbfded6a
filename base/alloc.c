/* alloc.c — the one allocation hook every module allocates through.
 *
 * nnc_set_allocator swaps the hook process-wide; tests install one that fails the Nth call
 * to prove that every out-of-memory path ends in a clean error. base_malloc(0) returns a
 * unique pointer like malloc may, so callers never have to special-case empty tensors.
 */
#include <stdlib.h>
#include <string.h>

#include "base.h"

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

void *base_realloc(void *p, size_t n) {
  return hook.realloc(hook.user, p, n ? n : 1);
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
  if (p)
    hook.free(hook.user, p);
}

char *base_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = base_malloc(n);
  if (p)
    memcpy(p, s, n);
  return p;
}
