/* time.c — Python's time module: time(), perf_counter(), monotonic(), process_time(),
 * sleep(), and the strftime/ctime that tutorials print start times with. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, nanosleep, localtime_r */
#include <errno.h>
#include <math.h>
#include <time.h>

#include "pylib.h"

static double clock_of(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static Obj *t_time(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return fe_float(I, clock_of(CLOCK_REALTIME));
}

static Obj *t_perf_counter(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return fe_float(I, clock_of(CLOCK_MONOTONIC));
}

static Obj *t_process_time(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return fe_float(I, clock_of(CLOCK_PROCESS_CPUTIME_ID));
}

static Obj *t_sleep(Interp *I, Obj *self, Obj **args) {
  (void)self;
  double s;
  if (fe_as_double(I, args[0], &s) < 0)
    return NULL;
  if (s < 0 || isnan(s))
    return fe_throw(I, EXC_ValueError, "sleep length must be non-negative");
  struct timespec ts = {(time_t)s, (long)((s - floor(s)) * 1e9)};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
  return fe_none(I);
}

/* strftime(format, t=now) with a local time. */
static Obj *t_strftime(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!FE_ISA(I, args[0], str))
    return fe_throw(I, EXC_TypeError, "strftime() argument 1 must be str, not %s",
                    fe_typename(args[0]));
  double t = clock_of(CLOCK_REALTIME);
  if (args[1] && fe_as_double(I, args[1], &t) < 0)
    return NULL;
  time_t tt = (time_t)t;
  struct tm tm;
  localtime_r(&tt, &tm);
  char buf[512];
  size_t n = strftime(buf, sizeof buf, FE_STR(args[0])->s, &tm);
  return fe_str_new(I, buf, n);
}

static Obj *t_ctime(Interp *I, Obj *self, Obj **args) {
  (void)self;
  double t = clock_of(CLOCK_REALTIME);
  if (args[0] != &I->none && fe_as_double(I, args[0], &t) < 0)
    return NULL;
  time_t tt = (time_t)t;
  struct tm tm;
  localtime_r(&tt, &tm);
  char buf[64];
  size_t n = strftime(buf, sizeof buf, "%a %b %e %H:%M:%S %Y", &tm);
  return fe_str_new(I, buf, n);
}

static const FeFnDef fns[] = {
    {"time", t_time, "()", NULL, NULL},
    {"perf_counter", t_perf_counter, "()", NULL, NULL},
    {"monotonic", t_perf_counter, "()", NULL, NULL},
    {"process_time", t_process_time, "()", NULL, NULL},
    {"sleep", t_sleep, "(secs, /)", NULL, NULL},
    {"strftime", t_strftime, "(format, t=<missing>, /)", NULL, NULL},
    {"ctime", t_ctime, "(secs=None, /)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* CPython 3.11's public names of time (dir(time)) that nnc lacks: refused by name, never
 * offered as a slip of another name (time.strptime is not time.strftime). */
static const char time_lacks[] =
    "CLOCK_BOOTTIME CLOCK_MONOTONIC CLOCK_MONOTONIC_RAW CLOCK_PROCESS_CPUTIME_ID "
    "CLOCK_REALTIME CLOCK_TAI CLOCK_THREAD_CPUTIME_ID altzone asctime clock_getres "
    "clock_gettime clock_gettime_ns clock_settime clock_settime_ns daylight get_clock_info "
    "gmtime localtime mktime monotonic_ns perf_counter_ns process_time_ns "
    "pthread_getcpuclockid strptime struct_time thread_time thread_time_ns time_ns timezone "
    "tzname tzset";

const FeModuleDef pl_time_def = {.name = "time", .fns = fns, .lacks = time_lacks};
