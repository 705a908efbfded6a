/* progress.c — Keras's progress display for fit, driven by nnc_fit_options' callbacks.
 *
 * On a terminal: "Epoch 3/100", then one line redrawn in place as the steps go by,
 *     54/54 ━━━━━━━━━━━━━━━━━━━━ 0s 1ms/step - accuracy: 0.9912 - loss: 0.0312
 * (a 20-character bar, done part bold and the rest dim; the time left during the epoch and
 * the epoch's time at its end; time per step; metrics in Keras's order, then validation),
 * finished with a newline when the epoch ends. Elsewhere (a file, a pipe), and with
 * verbose=2, Keras's verbose=2 form: the epoch's line and its finished line, no escape codes:
 *     Epoch 3/100
 *     54/54 - 0s - 1ms/step - accuracy: 0.9912 - loss: 0.0312
 * A fit of one epoch has no "Epoch 1/1" line, as Keras's ProgbarLogger prints none.
 * evaluate and predict print only the finished line, as Keras does once they are done.
 * Redraws happen at most every 50 ms, so a fast epoch costs nothing to display. Numbers
 * follow Keras's Progbar: %.4f, or %.4e below 1e-3; times as s, ms or us per step.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progress.h"

enum { BAR_WIDTH = 20 };

void keras_progress_init(Progress *p, FILE *out, bool tty) {
  memset(p, 0, sizeof *p);
  p->out = out;
  p->tty = tty;
  p->last_draw = -1;
}

/* A NaN is left out (not measured), unless nan says it is a value, as a diverged val_loss
 * is: Keras prints "val_loss: nan". */
static void value(FILE *out, const char *name, double v, bool nan) {
  if (isnan(v)) {
    if (nan)
      fprintf(out, " - %s: nan", name);
    return;
  }
  fprintf(out, fabs(v) > 1e-3 || v == 0 ? " - %s: %.4f" : " - %s: %.4e", name, v);
}

typedef struct {
  char key[72];
  double v;
} Item;

static int by_key(const void *a, const void *b) {
  return strcmp(((const Item *)a)->key, ((const Item *)b)->key);
}

/* The loss and the metrics (prefix "val_" for validation), as Keras's logs: sorted by key. */
static void values(FILE *out, const char *prefix, double loss, int n, const char *const *keys,
                   const double *vals, bool nan) {
  Item items[NNC_METRICS_MAX + 1];
  snprintf(items[0].key, sizeof items[0].key, "%sloss", prefix);
  items[0].v = loss;
  for (int i = 0; i < n; i++) {
    snprintf(items[i + 1].key, sizeof items[i + 1].key, "%s%s", prefix, keys[i]);
    items[i + 1].v = vals[i];
  }
  qsort(items, (size_t)n + 1, sizeof *items, by_key);
  for (int i = 0; i <= n; i++)
    value(out, items[i].key, items[i].v, nan);
}

/* " 3ms/step", as Keras's Progbar writes it. */
static void per_step(FILE *out, double seconds, int64_t steps) {
  double t = steps > 0 ? seconds / (double)steps : 0;
  if (t >= 1 || t == 0)
    fprintf(out, " %.0fs/step", t);
  else if (t >= 1e-3)
    fprintf(out, " %.0fms/step", t * 1e3);
  else
    fprintf(out, " %.0fus/step", t * 1e6);
}

static void duration(FILE *out, double s) {
  long t = (long)s;
  if (t >= 3600)
    fprintf(out, " %ld:%02ld:%02ld", t / 3600, t % 3600 / 60, t % 60);
  else if (t >= 60)
    fprintf(out, " %ld:%02ld", t / 60, t % 60);
  else
    fprintf(out, " %lds", t);
}

static void bar(FILE *out, int64_t step, int64_t steps) {
  int done = steps > 0 ? (int)(BAR_WIDTH * step / steps) : BAR_WIDTH;
  fputs(" \x1b[1m", out);
  for (int i = 0; i < done; i++)
    fputs("\xe2\x94\x81", out);     /* ━ */
  fputs("\x1b[0m\x1b[2m", out);
  for (int i = done; i < BAR_WIDTH; i++)
    fputs("\xe2\x94\x81", out);
  fputs("\x1b[0m", out);
}

void keras_progress_batch(Progress *p, const nnc_batch_log *b) {
  if (b->step == 1 && p->tty && b->epochs > 1)
    fprintf(p->out, "Epoch %d/%d\n", b->epoch, b->epochs);
  p->steps = b->steps;
  if (b->step == 1)
    p->last_draw = -1;
  if (!p->tty || b->step == b->steps || (p->last_draw >= 0 && b->seconds - p->last_draw < 0.05))
    return;                         /* the epoch's end draws the final line */
  p->last_draw = b->seconds;
  int digits = snprintf(NULL, 0, "%lld", (long long)b->steps);
  fprintf(p->out, "\r%*lld/%lld", digits, (long long)b->step, (long long)b->steps);
  bar(p->out, b->step, b->steps);
  duration(p->out, b->seconds / (double)b->step * (double)(b->steps - b->step));
  per_step(p->out, b->seconds, b->step);
  values(p->out, "", b->loss, b->nmetrics, b->metric_keys, b->metrics, false);
  fputs("\x1b[K", p->out);
  fflush(p->out);
}

/* "54/54 ━━━━━━━━━━━━━━━━━━━━ 0s 1ms/step" on a terminal, "54/54 - 0s - 1ms/step" elsewhere. */
static void finished(FILE *out, bool tty, int64_t steps, double seconds) {
  fprintf(out, "%lld/%lld", (long long)steps, (long long)steps);
  if (tty)
    bar(out, steps, steps);
  else
    fputs(" -", out);
  duration(out, seconds);
  if (!tty)
    fputs(" -", out);
  per_step(out, seconds, steps);
}

void keras_progress_epoch(Progress *p, const nnc_epoch_log *e, int epochs) {
  if (p->tty)
    fputc('\r', p->out);
  else if (epochs > 1)
    fprintf(p->out, "Epoch %d/%d\n", e->epoch, epochs);
  finished(p->out, p->tty, p->steps, e->seconds);
  values(p->out, "", e->loss, e->nmetrics, e->metric_keys, e->metrics, false);
  values(p->out, "val_", e->val_loss, e->nmetrics, e->metric_keys, e->val_metrics,
         p->validating);
  fputs(p->tty ? "\x1b[K\n" : "\n", p->out);
  fflush(p->out);
}

void keras_progress_total(FILE *out, bool tty, int64_t steps, double seconds, double loss,
                          int nmetrics, const char *const *keys, const double *vals) {
  finished(out, tty, steps, seconds);
  values(out, "", loss, nmetrics, keys, vals, false);
  fputc('\n', out);
  fflush(out);
}
