/* test_prefault.c — after cg_prefault_heap, the next few MB a thread allocates are mapped
 * already: touching them takes no page faults, on the calling thread and on a new one (a
 * compile's second thread); a program that fixed malloc's mmap threshold gets no mapping it
 * would lose at once. glibc's malloc only: a sanitizer's allocator keeps its own heap. */
#define _GNU_SOURCE /* RUSAGE_THREAD, MAP_ANONYMOUS, madvise */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "cg.h"
#include "cgtest.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

enum { TOUCH_BYTES = 3 << 20, PAGE = 4096 };

static long thread_faults(void) {
  struct rusage r;
  getrusage(RUSAGE_THREAD, &r);
  return r.ru_minflt;
}

/* Page faults taken while this thread allocates and writes TOUCH_BYTES after a prefault. */
static void *faults_after_prefault(void *out) {
  cg_prefault_heap();
  long before = thread_faults();
  char *volatile p = malloc(TOUCH_BYTES);
  for (size_t i = 0; p && i < TOUCH_BYTES; i += PAGE)
    p[i] = 1;
  *(long *)out = thread_faults() - before;
  free(p);
  return NULL;
}

static void skip_unless_supported(void) {
#if !defined(__GLIBC__) || defined(__SANITIZE_ADDRESS__)
  cr_skip_test("the prefault relies on glibc's malloc");
#endif
  void *probe = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  cr_assert(probe != MAP_FAILED);
  int rc = madvise(probe, PAGE, MADV_POPULATE_WRITE);
  int err = errno;
  munmap(probe, PAGE);
  if (rc != 0 && err == EINVAL)
    cr_skip_test("this kernel has no MADV_POPULATE_WRITE");
  cr_assert_eq(nnc_init(NNC_INIT_PREFAULT_HEAP), NNC_OK); /* off unless asked */
}

/* A library user who did not opt in keeps glibc's thresholds: a 4 MiB block is still mmap'd
 * after a compile's prefault (the opted-in prefault would have made it an arena block). */
Test(codegen, prefault_changes_nothing_unless_asked) {
#if !defined(__GLIBC__) || defined(__SANITIZE_ADDRESS__)
  cr_skip_test("the check reads glibc's malloc statistics");
#endif
  cg_prefault_heap();
  size_t before = mallinfo2().hblkhd;
  char *volatile p = malloc(4 << 20);
  cr_assert(p);
  cr_expect_gt(mallinfo2().hblkhd, before, "a 4 MiB block came from the arena: the "
               "thresholds were raised without nnc_init");
  free(p);
  cr_expect_eq(nnc_init(0x80), NNC_ERR_ARG);
}

Test(codegen, prefault_maps_the_calling_threads_heap) {
  skip_unless_supported();
  long faults = -1;
  faults_after_prefault(&faults);
  cr_expect(faults >= 0 && faults <= 4, "%ld page faults writing %d KiB after the prefault",
            faults, TOUCH_BYTES >> 10);
}

Test(codegen, prefault_maps_a_new_threads_heap) {
  skip_unless_supported();
  long faults = -1;
  pthread_t t;
  cr_assert(pthread_create(&t, NULL, faults_after_prefault, &faults) == 0);
  pthread_join(t, NULL);
  cr_expect(faults >= 0 && faults <= 4, "%ld page faults writing %d KiB after the prefault",
            faults, TOUCH_BYTES >> 10);
}

Test(codegen, prefault_maps_nothing_malloc_would_unmap) {
  skip_unless_supported();
  cr_assert(mallopt(M_MMAP_THRESHOLD, 128 << 10) == 1); /* a block of 4 MB is mmap'd */
  long before = thread_faults(); /* a populated page counts as a fault */
  cg_prefault_heap();
  long faults = thread_faults() - before;
  cr_expect(faults < 64, "%ld pages mapped for a block malloc unmaps when freed", faults);
}
