/* clock.c — seconds on a clock that never steps back, for durations (a wall clock can jump). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <time.h>

#include "base.h"

double base_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
