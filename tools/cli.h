/* cli.h — the nnc command's parts, one file per concept:
 *   nnc.c          command line, exit statuses, the path from a file to a checked module;
 *   cmd_summary.c  nnc summary: the model's summary and the memory plan of its training step;
 *   cmd_emit.c     nnc emit: the stages of the pipeline as text or pictures;
 *   cmd_build.c    nnc build: the training step as an object file for a target;
 *   picture.c      a graph's picture as SVG, through Graphviz's library;
 *   report.c       what nnc run shows and writes while training: progress, --log, --plot;
 *   plot.c         the learning curves as a hand-written SVG;
 *   process.c      standard descriptors, signals, and stdout's write errors.
 *   ranks.c        the command as one rank of a data-parallel job under mpirun.
 * summary, emit, build and run all execute the model file through fe_run and meet the model
 * at its first fit() through PlOptions.before_fit: summary, emit and build stop there, run
 * goes on.
 */
#ifndef NNC_CLI_H
#define NNC_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "formats.h"
#include "pylib.h"
#include "keras.h"

enum { EXIT_BAD_INPUT = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };
enum { CLI_MAX_DEFINES = 64 };

typedef enum { CMD_RUN, CMD_CHECK, CMD_SUMMARY, CMD_EMIT, CMD_BUILD, CMD_EXPORT } Command;
typedef enum { STAGE_AST, STAGE_IR, STAGE_GRAD, STAGE_OPT, STAGE_LLVM, STAGE_ASM, STAGE_NONE } Stage;
typedef enum { FORMAT_TEXT, FORMAT_DOT, FORMAT_SVG, FORMAT_NONE } Format;

typedef struct {
  Command cmd;
  Stage stage;                         /* emit */
  Format format;                       /* emit: --format, FORMAT_NONE when not given */
  const char *file;
  const char *names[CLI_MAX_DEFINES], *paths[CLI_MAX_DEFINES];
  char *owned[CLI_MAX_DEFINES];        /* the names, base_malloc'd */
  int ndefines;
  uint64_t seed;
  bool seeded;
  const char *log, *plot;              /* run: --log FILE.csv, --plot FILE.svg, or NULL */
  int threads;                         /* run: --threads N; 0 when not given */
  bool profile;                        /* run: --profile (codegen's NNC_PROFILE) */
  bool no_cache;                       /* run: --no-cache */
  const char *outdir;                  /* build: -o DIR; export: -o FILE.onnx */
  const char *name, *target, *cpu;     /* build: --name, --target, --cpu, or NULL */
  int64_t batch;                       /* build: --batch N; 0 when not given */
  bool predict_only;                   /* build: --predict-only */
} CliArgs;

/* What a fit() met by the hook left behind: the first failure, if any. */
typedef struct {
  bool reached;                        /* the hook ran */
  nnc_status st;                       /* NNC_OK, or the failure (message in nnc_last_error) */
} CliStop;

/* ---- cmd_export.c ---- */
/* PlOptions.at_end for nnc export (user: a CliExport): the last model the file made, as ONNX. */
typedef struct {
  const char *path;                    /* -o */
  CliStop stop;
} CliExport;
void cli_export_end(nnc_model *m, void *user);

/* ---- cmd_summary.c ---- */
/* PlOptions.before_fit for nnc summary: builds the model for x, compiles its training
 * step, prints the summary and the memory plan to stdout (user: a CliStop); stops the run. */
int cli_summary_hook(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y, nnc_fit_options *f,
                     void *user);
/* PlOptions.at_end for nnc summary, for a file without fit(): the summary of the last
 * model, with its memory plan when it is compiled and its input size known. */
void cli_summary_end(nnc_model *m, void *user);

/* ---- cmd_emit.c ---- */
/* nnc emit for the stages after the AST: runs the file up to its first fit(), compiles the
 * training step there with the driver keeping the asked stage, and prints it to out.
 * Returns an exit status. */
int cli_emit(const CliArgs *a, Interp *I, Source *s, Ast *ast, FILE *out);
const char *cli_stage_name(Stage st);
Stage cli_stage_find(const char *name);    /* STAGE_NONE when unknown */
Format cli_format_find(const char *name);  /* FORMAT_NONE when unknown */

/* ---- cmd_build.c ---- */
/* nnc build: runs the file up to its first fit() and writes the object there. */
nnc_status cli_build(const CliArgs *a, Interp *I, Source *s, Ast *ast, int *code);

/* ---- picture.c ---- */
/* The picture of g (ir_dot) rendered to SVG by Graphviz, written to out. */
nnc_status cli_svg(const Graph *g, const IrDotOptions *o, FILE *out);
/* DOT text (the stream, read from where it is) rendered by Graphviz as `format` ("svg",
 * "png", "pdf", ...) to out: plot_model's pictures (PlOptions.render_dot). */
nnc_status cli_render_dot(FILE *dot, const char *format, FILE *out);

/* ---- report.c ---- */
typedef struct {
  const CliArgs *a;                    /* --log, --plot (borrowed) */
  FILE *display;                       /* progress, or NULL when fit's verbose is 0 */
  Progress progress;
  int epochs;
  int (*chained)(const nnc_epoch_log *log, void *user); /* the binding's own on_epoch */
  void (*chained_batch)(const nnc_batch_log *log, void *user); /* and on_batch */
  void (*chained_val_batch)(const nnc_batch_log *log, void *user); /* and on_val_batch */
  int (*chained_user_callback)(int index, int epoch, nnc_logs *logs, void *user); /* and the
                                                                  user's callbacks' slots */
  void *chained_user;
  FmtOut log;                          /* --log, open from the first epoch on */
  int nmetrics;                        /* the log's metric columns, fixed at its first epoch */
  bool val;                            /* its val_ columns, fixed at the first fit() */
  bool reached;                        /* a fit() was reached: --plot is written at the end */
  nnc_epoch_log *history;              /* every epoch of every fit, for --plot (owned) */
  int nhistory, caphistory;
  bool failed;                         /* writing the log failed (reported once) */
  nnc_status st;                       /* the hook's refusal: an output the run reads */
} CliReport;

/* Checks that --log and --plot can be written (touching neither) and starts listing the
 * files the run reads; NNC_ERR_IO with a message when an output cannot be written. */
nnc_status cli_report_open(CliReport *r, const CliArgs *a);
/* PlOptions.before_fit for nnc run (user: a CliReport): refuses an output that is a file
 * the run has read (stopping the run), then installs the display and logs. */
int cli_report_hook(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y, nnc_fit_options *f,
                    void *user);
/* Closes the log and writes --plot when a fit() was reached; the first failure, or the
 * hook's refusal. */
nnc_status cli_report_close(CliReport *r);

/* ---- process.c ---- */
/* Opens /dev/null on any closed descriptor of 0-2 and installs the SIGINT/SIGTERM handler
 * (first thing in main). */
void cli_process_init(void);
/* The exit status for code: 1 when writing stdout failed (said on stderr) and code was 0;
 * 128 + the signal when one cancelled training. */
int cli_process_exit(int code);

/* ---- ranks.c ---- */
/* Under mpirun with more than one process: joins the data-parallel job and silences the
 * ranks but 0; 0, or the exit status when this build cannot (it has no MPI). */
int cli_ranks_init(void);
/* At exit: a failed rank ends the whole job (MPI_Abort), else MPI is finalised; code. */
int cli_ranks_exit(int code);

/* ---- plot.c ---- */
/* The learning curves of n epochs as an SVG document: one panel for the loss and one for
 * the accuracy when measured, training and validation series, axes, ticks and a legend. */
nnc_status cli_plot_svg(const char *path, const nnc_epoch_log *h, int n);

#endif

