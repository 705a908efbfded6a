/* idle.c — how many CPUs run nothing now: whether a compile's second thread would get a CPU.
 *
 * A part compiled on a thread that waits for a CPU only adds its own cost (~+30% CPU in all
 * on a busy 2-core machine), so the JIT splits a compile over the CPUs found idle. Idle is
 * online CPUs minus the other runnable threads (/proc/loadavg's "running/total"). One look
 * can catch another process's thread in the middle of a short run (a daemon's tick, a shell
 * forking): one first compile in eight here went to one thread for that, 44 ms against 28.
 * So a look that finds fewer than wanted is taken again, up to LOOKS in all, LOOK_US apart,
 * and the most found is the answer: a blip passes, a load stays.
 */
#define _DEFAULT_SOURCE /* usleep */
#include <stdio.h>
#include <unistd.h>

#include "cg.h"

enum {
  LOOKS = 3,
  LOOK_US = 100, /* a look takes ~10 us */
};

long cg_runnable_threads(void *ctx) {
  (void)ctx;
  long running = 1;
  FILE *f = fopen("/proc/loadavg", "r");
  if (f) {
    if (fscanf(f, "%*s %*s %*s %ld/", &running) != 1)
      running = 1;
    fclose(f);
  }
  return running;
}

int cg_idle_cpus(long ncpu, int want, CgLook *look, void *ctx) {
  long idle = 0;
  for (int k = 0; k < LOOKS && idle < want; k++) {
    if (k > 0)
      usleep(LOOK_US);
    long now = ncpu - (look(ctx) - 1);
    idle = now > idle ? now : idle;
  }
  return idle < 1 ? 0 : (int)idle;
}
