/* progress.h — Keras's progress display (progress.c), on the public log types only, so the
 * model-file modules can print evaluate's and predict's line without the Keras level's
 * internals. */
#ifndef NNC_KERAS_PROGRESS_H
#define NNC_KERAS_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "nnc.h"

/* progress.c — Keras's progress display for fit, fed from nnc_fit_options.on_batch and
 * on_epoch: a bar redrawn in place on a terminal, Keras's verbose=2 lines elsewhere. */
typedef struct {
  FILE *out;                    /* not owned */
  bool tty;                     /* redraw one line in place, with escape codes */
  int64_t steps;                /* steps of the current epoch, from its batches */
  double last_draw;             /* seconds into the epoch of the last redraw; -1: none yet */
  bool validating;              /* fit has validation data: a NaN val_ value is shown as nan */
} Progress;
void keras_progress_init(Progress *p, FILE *out, bool tty);
void keras_progress_batch(Progress *p, const nnc_batch_log *b);
void keras_progress_epoch(Progress *p, const nnc_epoch_log *e, int epochs);
/* The line evaluate and predict end with: steps, time, then the loss (NaN: none) and metrics. */
void keras_progress_total(FILE *out, bool tty, int64_t steps, double seconds, double loss,
                          int nmetrics, const char *const *keys, const double *vals);

#endif
