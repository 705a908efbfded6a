/* prefault.c — the heap LLVM is about to use, mapped in one system call.
 *
 * A compile of a training step has LLVM allocate a few megabytes on each compile thread.
 * The first compile in a process gets that memory fresh from the kernel, and touches it
 * page by page: one page fault per 4 KiB. In a virtual machine a fault is costly, and on the
 * seed model they were a third of the first compile; asking the kernel to map the pages in
 * advance (MADV_POPULATE_WRITE, Linux 5.14) costs a tenth as much a page (bench/DECISIONS.md).
 *
 * So before LLVM runs on a thread, cg_prefault_heap takes a block from that thread's malloc
 * arena, has the kernel map it, and gives it back: the arena keeps the mapped memory as free
 * space and LLVM's allocations are carved from it. That takes two properties of glibc's
 * malloc, which only decide how much the call saves, never whether nnc works:
 * - a block smaller than the mmap threshold comes from the arena. The threshold starts at
 *   128 KiB and rises to the size of any mmap'd block freed (at most 32 MiB), so freeing one
 *   larger block first makes PREFAULT_BYTES an arena block;
 * - free space at the top of an arena is returned to the kernel only beyond the trim
 *   threshold, which that same rise sets to twice the mmap threshold.
 * When the block comes from mmap all the same (a program that fixed the threshold with
 * mallopt), its pages would go back to the kernel at free: it is not mapped in advance.
 * Memory already mapped (every compile after the first on a thread) costs little to ask
 * for again. On a kernel without MADV_POPULATE_WRITE the call does nothing.
 *
 * Raising the thresholds changes malloc for the whole host process, which a library must not
 * do unasked: all this happens only after nnc_init(NNC_INIT_PREFAULT_HEAP), which the nnc
 * command calls and an embedder may.
 */
#define _DEFAULT_SOURCE /* madvise */
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cg.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

enum { PREFAULT_BYTES = 4 << 20 };

static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Raises glibc's mmap and trim thresholds above PREFAULT_BYTES (see above). */
static void raise_thresholds(void) {
  void *volatile block = malloc(2 * PREFAULT_BYTES); /* volatile: the pair must happen */
  free(block);
}

/* Bytes malloc holds in mmap'd blocks. */
static size_t mmapped_bytes(void) {
#ifdef __GLIBC__
  return mallinfo2().hblkhd;
#else
  return 0;
#endif
}

void cg_prefault_heap(void) {
  if (!(base_init_flags() & NNC_INIT_PREFAULT_HEAP))
    return;
  pthread_once(&once, raise_thresholds);
  size_t mmapped = mmapped_bytes();
  char *volatile block = malloc(PREFAULT_BYTES);
  if (!block)
    return;
  if (mmapped_bytes() == mmapped) { /* an arena block: its pages stay with the arena */
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t lo = ((uintptr_t)block + page - 1) & ~(page - 1);
    uintptr_t hi = ((uintptr_t)block + PREFAULT_BYTES) & ~(page - 1);
    madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
  }
  free(block);
}
