/* fuzz.c — the helpers every fuzz target links (declared in fuzz.h): the per-process input
 * file, the allocation cap, the check of a failure's message. Only nnc.h is used, so the
 * targets of the IR and frontend readers link it without the runtime.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

_Noreturn void fuzz_broken(const char *who, const char *what, const char *detail) {
  fprintf(stderr, "%s: %s\n", who, what);
  if (detail)
    fprintf(stderr, "%s\n", detail);
  abort();
}

static void *capped_realloc(void *user, void *p, size_t n) {
  (void)user;
  if (n > FUZZ_ALLOC_CAP) {
    fprintf(stderr, "fuzz: a single allocation of %zu bytes for an input of a few KB\n", n);
    abort();
  }
  return realloc(p, n);
}

static void plain_free(void *user, void *p) {
  (void)user;
  free(p);
}

void fuzz_cap_allocations(void) {
  static const nnc_allocator a = {capped_realloc, plain_free, NULL};
  nnc_set_allocator(&a);
}

static char path[96]; /* the per-process input file; empty until first written */

static void remove_file(void) {
  unlink(path);
}

const char *fuzz_file(const char *suffix, const uint8_t *data, size_t size) {
  if (!path[0]) {
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(path, sizeof path, "%s/nnc_fuzz_%ld%s", dir, (long)getpid(), suffix);
    atexit(remove_file);
    fuzz_cap_allocations();
  }
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
    fuzz_broken("fuzz", "cannot write the input file", path); /* the harness, not the reader */
  return path;
}

void fuzz_check_message(const char *who, const char *p) {
  const char *m = nnc_last_error();
  if (!m || !strstr(m, p) || strchr(m, '\n'))
    fuzz_broken(who, "an error message without the file, or not one line:", m ? m : "(null)");
}

uint8_t fuzz_next(FuzzBytes *b) {
  return b->at < b->n ? b->p[b->at++] : 0;
}
