/* schedules.c — Keras 3's learning-rate schedules (keras.optimizers.schedules): the value
 * functions of names/schedules.def's rows, their defaults, and their checks.
 *
 * Each value follows learning_rate_schedule.py's __call__ operation for operation, in double;
 * the runtime rounds the result to the learning-rate variable's dtype, as Keras's float32
 * tensors hold it. The step is the optimizer's iteration count (Keras's `iterations`) before
 * the step that uses the rate, so step 0 is the first. NNC_SCHEDULE_CUSTOM, a
 * LearningRateSchedule subclass of one's own, has no row: its fn is called.
 */
#include <math.h>

#include "keras.h"

/* The params column holds Python literals. */
enum { False = 0, True = 1, REQUIRED = 0 };
#define None NAN

static const double PI = 3.14159265358979323846; /* Python's math.pi */

static double exponential(const nnc_lr_schedule *s, double step) {
  double p = step / s->decay_steps;
  if (s->staircase)
    p = floor(p);
  return s->initial_learning_rate * pow(s->decay_rate, p);
}

static double piecewise(const nnc_lr_schedule *s, double step) {
  int n = s->nboundaries;
  if (step <= s->boundaries[0])
    return s->values[0];
  for (int i = 1; i < n; i++)
    if (step > s->boundaries[i - 1] && step <= s->boundaries[i])
      return s->values[i];
  return s->values[n];
}

static double polynomial(const nnc_lr_schedule *s, double step) {
  double steps = s->decay_steps;
  if (s->cycle)
    steps *= step == 0 ? 1.0 : ceil(step / s->decay_steps);
  else
    step = fmin(step, steps);
  double p = step / steps;
  return (s->initial_learning_rate - s->end_learning_rate) * pow(1 - p, s->power) +
         s->end_learning_rate;
}

static double inverse_time(const nnc_lr_schedule *s, double step) {
  double p = step / s->decay_steps;
  if (s->staircase)
    p = floor(p);
  return s->initial_learning_rate / (1 + s->decay_rate * p);
}

/* CosineDecay's _decay_function. */
static double cosine_from(const nnc_lr_schedule *s, double step, double from) {
  double decayed = 0.5 * (1.0 + cos(PI * (step / s->decay_steps)));
  return from * ((1 - s->alpha) * decayed + s->alpha);
}

static double cosine(const nnc_lr_schedule *s, double step) {
  if (isnan(s->warmup_target))
    return cosine_from(s, fmin(step, s->decay_steps), s->initial_learning_rate);
  step = fmin(step, s->decay_steps + s->warmup_steps);
  if (step < s->warmup_steps)
    return (s->warmup_target - s->initial_learning_rate) * (step / s->warmup_steps) +
           s->initial_learning_rate;
  return cosine_from(s, step - s->warmup_steps, s->warmup_target);
}

static double restarts(const nnc_lr_schedule *s, double step) {
  double done = step / s->first_decay_steps, t = s->t_mul, i;
  if (t == 1.0) {
    i = floor(done);
    done -= i;
  } else {
    i = floor(log(1.0 - done * (1.0 - t)) / log(t));
    double sum = (1.0 - pow(t, i)) / (1.0 - t);
    done = (done - sum) / pow(t, i);
  }
  double decayed = 0.5 * pow(s->m_mul, i) * (1.0 + cos(PI * done));
  return s->initial_learning_rate * ((1 - s->alpha) * decayed + s->alpha);
}

typedef double (*ScheduleFn)(const nnc_lr_schedule *s, double step);
static const struct {
  const char *cls;
  ScheduleFn value;
} rows[] = {
#define SCHEDULE(id, cls, value, params, doc) [NNC_SCHEDULE_##id] = {cls, value},
#include "schedules.def"
};
enum { NROWS = sizeof rows / sizeof rows[0] };
_Static_assert((int)NROWS == (int)NNC_SCHEDULE_CUSTOM, "a row per nnc_schedule_kind but CUSTOM");

nnc_lr_schedule nnc_schedule_defaults(nnc_schedule_kind kind) {
  nnc_lr_schedule s = {.kind = kind};
#define HP(name, type, def) s.name = def;
#define SCHEDULE(id, cls, value, params, doc) params
#include "schedules.def"
#undef HP
  return s;
}

const char *keras_schedule_class(nnc_schedule_kind k) {
  return (unsigned)k < NROWS ? rows[k].cls : "LearningRateSchedule";
}

nnc_status keras_schedule_check(const nnc_lr_schedule *s, const char *fn) {
  if ((unsigned)s->kind > NNC_SCHEDULE_CUSTOM)
    return base_error(NNC_ERR_ARG, "%s: unknown schedule kind %d", fn, (int)s->kind);
  const char *cls = keras_schedule_class(s->kind);
  switch (s->kind) {
  case NNC_SCHEDULE_CUSTOM:
    return s->fn ? NNC_OK : base_error(NNC_ERR_ARG, "%s: a custom schedule needs fn", fn);
  case NNC_SCHEDULE_PIECEWISE_CONSTANT_DECAY:
    if (s->nboundaries < 1 || !s->boundaries || !s->values)
      return base_error(NNC_ERR_ARG, "%s: %s needs boundaries and values (one more value than "
                      "boundaries)", fn, cls);
    return NNC_OK;
  case NNC_SCHEDULE_COSINE_DECAY_RESTARTS:
    if (!(s->first_decay_steps > 0))
      return base_error(NNC_ERR_ARG, "%s: %s: first_decay_steps must be > 0, found %g", fn, cls,
                      s->first_decay_steps);
    return NNC_OK;
  case NNC_SCHEDULE_COSINE_DECAY:
    if (!(s->warmup_steps >= 0))
      return base_error(NNC_ERR_ARG, "%s: %s: warmup_steps must be >= 0, found %g", fn, cls,
                      s->warmup_steps);
    /* fall through */
  case NNC_SCHEDULE_EXPONENTIAL_DECAY:
  case NNC_SCHEDULE_POLYNOMIAL_DECAY:
  case NNC_SCHEDULE_INVERSE_TIME_DECAY:
    if (!(s->decay_steps > 0))
      return base_error(NNC_ERR_ARG, "%s: %s: decay_steps must be > 0, found %g", fn, cls,
                      s->decay_steps);
    return NNC_OK;
  }
  return NNC_OK;
}

double nnc_schedule_value(const nnc_lr_schedule *s, int64_t step) {
  const char *fn = "nnc_schedule_value";
  if (!s || step < 0) {
    base_error(NNC_ERR_ARG, "%s: %s", fn, s ? "the step is negative" : "the schedule is NULL");
    return NAN;
  }
  if (keras_schedule_check(s, fn) != NNC_OK)
    return NAN;
  if (s->kind == NNC_SCHEDULE_CUSTOM)
    return s->fn(step, s->user);
  return rows[s->kind].value(s, (double)step);
}
