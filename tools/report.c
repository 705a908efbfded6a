/* report.c — what nnc run shows and writes while a model trains.
 *
 * At each fit() the before_fit hook takes over the options the runner built: it silences
 * fit's own one-line-per-epoch output, installs Keras's progress display (keras/progress.c)
 * when fit's verbose is on, and chains the runner's on_epoch (EarlyStopping) after its own.
 * Every epoch then goes to the display, to the --log CSV (written and flushed row by row, so
 * a run that stops early keeps its rows) and to the history that --plot draws at the end.
 * The display goes to stdout on a terminal and to stderr otherwise, so that a pipe on
 * stdout carries only data (print(), predictions).
 *
 * The CSV's columns are fixed at the first epoch, from what it measured: the loss and the
 * compiled metrics under their keys, then the same for validation data when there is some,
 *     epoch,loss[,accuracy,mae,...][,val_loss[,val_accuracy,val_mae,...]],seconds
 * Several fit() calls append to the same file, each numbering its epochs from 1 as Keras.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ir.h"

nnc_status cli_report_open(CliReport *r, const CliArgs *a) {
  memset(r, 0, sizeof *r);
  if (!a->log)
    return NNC_OK;
  r->log_path = a->log;
  r->log = fopen(a->log, "w");
  if (!r->log)
    return base_error(NNC_ERR_IO, "cannot write the log %s: %s", a->log, strerror(errno));
  return NNC_OK;
}

static void csv_number(FILE *f, double v) {
  fprintf(f, ",%.9g", v);
}

/* The header: the loss, the metrics by their keys in compile's order, then the same with
 * val_ when the epoch had validation data. */
static void log_header(CliReport *r, const nnc_epoch_log *e) {
  r->nmetrics = e->nmetrics;
  r->val = !isnan(e->val_loss);
  fputs("epoch,loss", r->log);
  for (int i = 0; i < e->nmetrics; i++)
    fprintf(r->log, ",%s", e->metric_keys[i]);
  if (r->val)
    fputs(",val_loss", r->log);
  for (int i = 0; r->val && i < e->nmetrics; i++)
    fprintf(r->log, ",val_%s", e->metric_keys[i]);
  fputs(",seconds\n", r->log);
  r->header = true;
}

static void log_row(CliReport *r, const nnc_epoch_log *e) {
  if (!r->log || r->failed)
    return;
  if (!r->header)
    log_header(r, e);
  fprintf(r->log, "%d", e->epoch);
  csv_number(r->log, e->loss);
  for (int i = 0; i < r->nmetrics && i < e->nmetrics; i++)
    csv_number(r->log, e->metrics[i]);
  if (r->val)
    csv_number(r->log, e->val_loss);
  for (int i = 0; r->val && i < r->nmetrics && i < e->nmetrics; i++)
    csv_number(r->log, e->val_metrics[i]);
  fprintf(r->log, ",%.6f\n", e->seconds);
  if (fflush(r->log) != 0 || ferror(r->log)) {
    fprintf(stderr, "nnc: writing the log %s failed: %s\n", r->log_path, strerror(errno));
    r->failed = true;
  }
}

static void remember(CliReport *r, const nnc_epoch_log *e) {
  if (r->nhistory == r->caphistory) {
    int cap = r->caphistory ? 2 * r->caphistory : 64;
    nnc_epoch_log *h = base_realloc(r->history, (size_t)cap * sizeof *h);
    if (!h)
      return;                       /* the plot loses epochs; training goes on */
    r->history = h;
    r->caphistory = cap;
  }
  r->history[r->nhistory++] = *e;
}

static int on_epoch(const nnc_epoch_log *e, void *user) {
  CliReport *r = user;
  if (r->display)
    keras_progress_epoch(&r->progress, e, r->epochs);
  log_row(r, e);
  remember(r, e);
  return r->chained ? r->chained(e, r->chained_user) : 0;
}

static void on_batch(const nnc_batch_log *b, void *user) {
  CliReport *r = user;
  if (r->display)
    keras_progress_batch(&r->progress, b);
  if (r->chained_batch)
    r->chained_batch(b, r->chained_user);
}

int cli_report_hook(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y, nnc_fit_options *f,
                    void *user) {
  (void)m, (void)x, (void)y;
  CliReport *r = user;
  r->display = NULL;
  if (f->verbose) {
    r->display = isatty(STDOUT_FILENO) ? stdout : stderr;
    /* verbose=2: one line per epoch, as Keras prints it, even on a terminal */
    keras_progress_init(&r->progress, r->display,
                        f->verbose != 2 && isatty(fileno(r->display)) != 0);
  }
  r->epochs = f->epochs;
  r->chained = f->on_epoch;
  r->chained_batch = f->on_batch;
  r->chained_user = f->user;
  f->verbose = 0;
  f->on_epoch = on_epoch;
  f->on_batch = on_batch;
  f->user = r;
  return 0;
}

nnc_status cli_report_close(CliReport *r, const CliArgs *a) {
  nnc_status st = NNC_OK;
  if (r->log && fclose(r->log) != 0 && !r->failed)
    st = base_error(NNC_ERR_IO, "writing the log %s failed: %s", a->log, strerror(errno));
  else if (r->failed)
    st = base_error(NNC_ERR_IO, "writing the log %s failed", a->log);
  r->log = NULL;
  if (a->plot) {
    nnc_status p = cli_plot_svg(a->plot, r->history, r->nhistory);
    if (st == NNC_OK)
      st = p;
  }
  base_free(r->history);
  r->history = NULL;
  return st;
}
