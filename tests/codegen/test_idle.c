/* test_idle.c — how many CPUs a compile finds idle (idle.c): a look that sees a busy
 * machine is taken again, so another thread's short run does not cost the compile its
 * second thread, while a load that stays is still seen; the machine's own count reads. */
#include "cg.h"
#include "cgtest.h"

/* Runnable counts the looks return in turn (the last one repeats), and how many were made. */
typedef struct {
  const long *counts;
  int n, looks;
} Looks;

static long next_look(void *ctx) {
  Looks *l = ctx;
  long c = l->counts[l->looks < l->n ? l->looks : l->n - 1];
  l->looks++;
  return c;
}

static int idle(long ncpu, int want, const long *counts, int n, int *looks) {
  Looks l = {counts, n, 0};
  int r = cg_idle_cpus(ncpu, want, next_look, &l);
  *looks = l.looks;
  return r;
}

Test(idle, an_idle_machine_is_seen_at_one_look) {
  int looks;
  cr_expect_eq(idle(2, 2, (long[]){1}, 1, &looks), 2);
  cr_expect_eq(looks, 1, "no second look when the first finds what is wanted");
}

Test(idle, a_blip_passes) {
  int looks;
  cr_expect_eq(idle(2, 2, (long[]){2, 1}, 2, &looks), 2, "another thread ran for a moment");
  cr_expect_eq(looks, 2);
  cr_expect_eq(idle(2, 2, (long[]){3, 2, 1}, 3, &looks), 2);
  cr_expect_eq(looks, 3);
}

Test(idle, a_load_that_stays_is_seen) {
  int looks;
  cr_expect_eq(idle(2, 2, (long[]){2}, 1, &looks), 1, "one CPU is someone else's");
  cr_expect_eq(looks, 3, "looked at three times in all");
  cr_expect_eq(idle(2, 2, (long[]){5}, 1, &looks), 0, "both are");
  cr_expect_eq(idle(8, 2, (long[]){9, 8, 9}, 3, &looks), 1, "the most found");
  cr_expect_eq(looks, 3);
}

Test(idle, the_machine_count_reads) {
  long r = cg_runnable_threads(NULL);
  cr_expect_geq(r, 1, "this thread runs: %ld", r);
}
