/* cmd_emit.c — nnc emit: each stage of the pipeline, as the compile driver hands it out.
 *
 *   ast   the parsed file (frontend's S-expression printer)
 *   ir    the forward graph of the training step: inputs, params, layers, loss
 *   grad  the same graph after autodiff appended the backward pass
 *   opt   after the whole training pipeline (optimizer update, simplify, fusion, memory
 *         plan), with its fusion groups, scratch offsets and arena size
 *   llvm  the LLVM IR codegen makes of it, after O3
 *   asm   the host assembly
 *
 * The graph stages (ir, grad, opt) print as IR text, or with --format=dot as a Graphviz
 * picture (ir/dot.c) or with --format=svg as that picture rendered (picture.c).
 *
 * The graphs are the very ones the runtime compiles, not a re-creation: the file runs up to
 * its first fit(), where the model's input size becomes known, and the model compiles its
 * training step for fit()'s batch size with the driver keeping the asked stage
 * (keras_variant_stages).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ir.h"

static const char *const stage_names[] = {"ast", "ir", "grad", "opt", "llvm", "asm"};

const char *cli_stage_name(Stage st) {
  return (unsigned)st < STAGE_NONE ? stage_names[st] : "?";
}

Stage cli_stage_find(const char *name) {
  for (int i = 0; i < (int)STAGE_NONE; i++)
    if (strcmp(name, stage_names[i]) == 0)
      return (Stage)i;
  return STAGE_NONE;
}

Format cli_format_find(const char *name) {
  static const char *const names[] = {"text", "dot", "svg"};
  for (int i = 0; i < (int)FORMAT_NONE; i++)
    if (strcmp(name, names[i]) == 0)
      return (Format)i;
  return FORMAT_NONE;
}

/* ---- the hook: the training step for fit()'s batch, compiled with its stage kept ---- */

typedef struct {
  CliStop stop;
  DriverStage stage;                /* the driver's stage for the asked one */
  DriverOut out;                    /* what the driver handed out */
  int64_t batch;
  const char *dtype;
} EmitState;

static DriverStage driver_stage(Stage st) {
  static const DriverStage map[] = {[STAGE_IR] = DRIVER_FORWARD, [STAGE_GRAD] = DRIVER_GRAD,
                                    [STAGE_OPT] = DRIVER_PLANNED, [STAGE_LLVM] = DRIVER_LLVM,
                                    [STAGE_ASM] = DRIVER_ASM};
  return map[st];
}

static int emit_hook(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y, nnc_fit_options *f,
                     void *user) {
  EmitState *es = user;
  es->stop.reached = true;
  es->stop.st = keras_check_data(m, x, y, "fit");
  int64_t n = x->shape[0];
  int64_t train = f->x_val ? n : (int64_t)((double)n * (1.0 - f->validation_split));
  es->batch = train < f->batch_size && train > 0 ? train : f->batch_size;
  es->dtype = rt_dtype_name(m->copt.dtype);
  if (es->stop.st == NNC_OK)
    es->stop.st = keras_variant_stages(m, VAR_TRAIN, es->batch, 1u << es->stage, &es->out);
  return 1;
}

/* The file's name without its directories, so the output does not depend on them. */
static const char *base(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

static nnc_status print_stage(const CliArgs *a, const EmitState *es, FILE *out) {
  const char *text = es->out.text[es->stage];
  if (text) {
    fputs(text, out);
    return NNC_OK;
  }
  static const char *const what[] = {[STAGE_IR] = "the forward graph",
                                     [STAGE_GRAD] = "after autodiff",
                                     [STAGE_OPT] = "after the training pipeline"};
  char title[512];
  snprintf(title, sizeof title, "%s: the training step for batch %lld (%s), %s", base(a->file),
           (long long)es->batch, es->dtype, what[a->stage]);
  const Graph *g = es->out.graph[es->stage];
  IrDotOptions dot = {.title = title, .loss = es->out.loss_output, .ngrads = es->out.ngrads,
                      .grad_ids = es->out.grad_ids, .wrt_ids = es->out.wrt_ids}; /* grad only */
  if (a->format == FORMAT_DOT)
    return ir_dot(g, &dot, out);
  if (a->format == FORMAT_SVG)
    return cli_svg(g, &dot, out);
  char *ir = ir_print(g);
  if (!ir)
    return base_error(NNC_ERR_NOMEM, "out of memory");
  fprintf(out, "# %s\n", title);
  fputs(ir, out);
  base_free(ir);
  return NNC_OK;
}

static int status_code(nnc_status st) {
  return st == NNC_OK ? 0 : st == NNC_ERR_INTERNAL || st == NNC_ERR_NOMEM ? EXIT_INTERNAL : EXIT_BAD_INPUT;
}

static int emit_ast(const Ast *ast, FILE *out) {
  char *text = fe_ast_print(ast);
  if (!text) {
    fprintf(stderr, "nnc: out of memory\n");
    return EXIT_INTERNAL;
  }
  fputs(text, out);
  base_free(text);
  return 0;
}

int cli_emit(const CliArgs *a, Interp *I, Source *s, Ast *ast, FILE *out) {
  if (a->stage == STAGE_AST)
    return emit_ast(ast, out);
  EmitState es = {.stage = driver_stage(a->stage), .dtype = "f32"};
  pl_state(I)->o.before_fit = emit_hook;
  pl_state(I)->o.user = &es;
  int code = 0;
  nnc_status st = fe_run(I, s, ast, &code);
  if (st == NNC_OK && !es.stop.reached)
    st = base_error(NNC_ERR_ARG, "%s never calls fit(), which is where nnc emit learns the input size",
                  a->file);
  if (st == NNC_OK)
    st = es.stop.st;
  if (st == NNC_OK)
    st = print_stage(a, &es, out);
  driver_out_free(&es.out);
  if (st != NNC_OK && !s->ndiags)
    fprintf(stderr, "nnc: %s\n", nnc_last_error());
  return s->ndiags ? status_code(fe_status(s)) : status_code(st);
}
