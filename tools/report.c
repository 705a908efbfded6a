/* report.c — what nnc run shows and writes while a model trains.
 *
 * At each fit() the before_fit hook takes over the options the runner built: it silences
 * fit's own one-line-per-epoch output, installs Keras's progress display (keras/progress.c)
 * when fit's verbose is on, and chains the runner's on_epoch (EarlyStopping) after its own
 * (and the runner's on_batch, on_val_batch and on_user_callback, which need the runner's user
 * pointer).
 * Every epoch then goes to the display, to the --log CSV and to the history that --plot draws
 * at the end.
 *
 * Outputs are opened only when there is something to write to them, through the safe writer
 * (formats/outfile.c): the CSV at the first epoch (header and row written, then renamed over
 * an old log in one step; later rows appended and flushed one by one, so a run that stops
 * early keeps its rows), the SVG when a run that reached fit() ends. A run that fails
 * before its first fit() (a bad load(), say) leaves an old log and plot as they were. The
 * outputs are checked before anything runs (a missing directory fails at once), and again
 * at each fit() against every file the run has read by then: nnc never writes over an
 * input, whatever name it was given by.
 * The display goes to stdout on a terminal and to stderr otherwise, so that a pipe on
 * stdout carries only data (print(), predictions).
 *
 * The CSV's columns are fixed at the first fit(), from what it measures: the loss and the
 * compiled metrics under their keys, then the same for validation data when the fit has
 * some (a NaN or infinite val_loss keeps its columns and is written as nan or inf),
 *     epoch,loss[,accuracy,mae,...][,val_loss[,val_accuracy,val_mae,...]],seconds
 * A vector metric (F1Score with average=None) fills its one cell with its values.
 * Several fit() calls append to the same file, each numbering its epochs from 1 as Keras.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "formats.h"
#include "ir.h"

nnc_status cli_report_open(CliReport *r, const CliArgs *a) {
  memset(r, 0, sizeof *r);
  r->a = a;
  nnc_status s = a->log ? fmt_out_check(a->log) : NNC_OK;
  if (s == NNC_OK && a->plot)
    s = fmt_out_check(a->plot);
  if (s == NNC_OK)
    fmt_inputs_track();
  return s;
}

static void csv_number(FILE *f, double v) {
  fprintf(f, ",%.9g", v);
}

/* Metric i's cell: its value, or a vector metric's values (F1Score with average=None: one
 * per class) as a JSON array in one quoted field, "[0.5,0.333333343,0]". */
static void csv_metric(FILE *f, const nnc_epoch_log *e, bool val, int i) {
  const int64_t *off = e->metric_offsets;
  const double *values = val ? e->val_metric_values : e->metric_values;
  if (!off || !values || off[i + 1] - off[i] == 1) {
    csv_number(f, val ? e->val_metrics[i] : e->metrics[i]);
    return;
  }
  for (int64_t j = off[i]; j < off[i + 1]; j++)
    fprintf(f, j == off[i] ? ",\"[%.9g" : ",%.9g", values[j]);
  fputs("]\"", f);
}

/* ",prefix key", quoted as RFC 4180 (and Python's csv module) quote: when the key holds a
 * comma, a quote or a line end, in quotes with its quotes doubled. */
static void csv_key(FILE *f, const char *prefix, const char *key) {
  bool quote = strpbrk(key, ",\"\r\n") != NULL;
  fputs(quote ? ",\"" : ",", f);
  fputs(prefix, f);
  for (const char *c = key; *c; c++) {
    if (*c == '"')
      fputc('"', f);
    fputc(*c, f);
  }
  if (quote)
    fputc('"', f);
}

/* The header: the loss, the metrics by their keys in compile's order, then the same with
 * val_ when the first fit had validation data. */
static void log_header(CliReport *r, const nnc_epoch_log *e) {
  FILE *f = r->log.f;
  r->nmetrics = e->nmetrics;
  fputs("epoch,loss", f);
  for (int i = 0; i < e->nmetrics; i++)
    csv_key(f, "", e->metric_keys[i]);
  if (r->val)
    fputs(",val_loss", f);
  for (int i = 0; r->val && i < e->nmetrics; i++)
    csv_key(f, "val_", e->metric_keys[i]);
  fputs(",seconds\n", f);
}

static void log_row(CliReport *r, const nnc_epoch_log *e) {
  if (!r->a->log || r->failed)
    return;
  bool first = !r->log.f;
  if (first && fmt_out_open(&r->log, r->a->log) != NNC_OK) {
    fprintf(stderr, "nnc: %s\n", nnc_last_error());
    r->failed = true;
    return;
  }
  if (first)
    log_header(r, e);
  FILE *f = r->log.f;
  fprintf(f, "%d", e->epoch);
  csv_number(f, e->loss);
  for (int i = 0; i < r->nmetrics && i < e->nmetrics; i++)
    csv_metric(f, e, false, i);
  if (r->val)
    csv_number(f, e->val_loss);
  for (int i = 0; r->val && i < r->nmetrics && i < e->nmetrics; i++)
    csv_metric(f, e, true, i);
  fprintf(f, ",%.6f\n", e->seconds);
  nnc_status s = first ? fmt_out_commit(&r->log) : NNC_OK;
  if (s == NNC_OK && (fflush(f) != 0 || ferror(f)))
    s = base_error(NNC_ERR_IO, "%s: cannot write: %s", r->a->log, strerror(errno));
  if (s != NNC_OK) {
    fprintf(stderr, "nnc: writing the log failed: %s\n", nnc_last_error());
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

static void on_val_batch(const nnc_batch_log *b, void *user) {
  CliReport *r = user;
  if (r->chained_val_batch)
    r->chained_val_batch(b, r->chained_user);
}

static int on_user_callback(int index, int epoch, nnc_logs *logs, void *user) {
  CliReport *r = user;
  return r->chained_user_callback ? r->chained_user_callback(index, epoch, logs, r->chained_user)
                                  : 0;
}

/* NNC_ERR_ARG when an output is a file the run has read (by any name), else NNC_OK. */
static nnc_status outputs_not_read(const CliArgs *a) {
  bool log = a->log && fmt_is_input(a->log);
  if (!log && !(a->plot && fmt_is_input(a->plot)))
    return NNC_OK;
  return base_error(NNC_ERR_ARG, "%s %s is a file this run reads; nnc does not write over its "
                    "inputs", log ? "--log" : "--plot", log ? a->log : a->plot);
}

int cli_report_hook(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y, nnc_fit_options *f,
                    void *user) {
  (void)m, (void)x, (void)y;
  CliReport *r = user;
  if ((r->st = outputs_not_read(r->a)) != NNC_OK)
    return 1;
  if (!r->reached) /* the log's val_ columns, whatever the values turn out to be */
    r->val = f->x_val || f->validation_split > 0;
  r->reached = true;
  r->display = NULL;
  if (f->verbose) {
    /* a rank but 0 of a data-parallel job: stdout, which ranks.c sent to /dev/null */
    r->display = isatty(STDOUT_FILENO) || nnc_distributed_rank() != 0 ? stdout : stderr;
    /* verbose=2: the epoch's two plain lines, as Keras prints them, even on a terminal */
    keras_progress_init(&r->progress, r->display,
                        f->verbose != 2 && isatty(fileno(r->display)) != 0);
    r->progress.validating = r->val;
  }
  r->epochs = f->epochs;
  r->chained = f->on_epoch;
  r->chained_batch = f->on_batch;
  r->chained_user_callback = f->on_user_callback;
  r->chained_val_batch = f->on_val_batch;
  r->chained_user = f->user;
  f->verbose = 0;
  f->on_epoch = on_epoch;
  f->on_batch = on_batch;
  f->on_user_callback = on_user_callback;
  f->on_val_batch = on_val_batch;
  f->user = r;
  return 0;
}

nnc_status cli_report_close(CliReport *r) {
  nnc_status st = r->st, closed = fmt_out_close(&r->log);
  if (st == NNC_OK)
    st = r->failed ? base_error(NNC_ERR_IO, "writing the log %s failed", r->a->log) : closed;
  if (r->a->plot && r->reached && r->st == NNC_OK) {
    nnc_status p = outputs_not_read(r->a);
    if (p == NNC_OK)
      p = cli_plot_svg(r->a->plot, r->history, r->nhistory);
    if (st == NNC_OK)
      st = p;
  }
  base_free(r->history);
  r->history = NULL;
  return st;
}
