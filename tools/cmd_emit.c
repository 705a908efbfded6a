/* cmd_emit.c — nnc emit: each stage of the pipeline as text.
 *
 *   ast   the parsed file (frontend's S-expression printer)
 *   ir    the forward graph of the training step: inputs, params, layers, loss
 *   grad  the same graph after autodiff appended the backward pass
 *   opt   after the whole training pipeline (optimizer update, simplify, memory plan)
 *   llvm  the LLVM IR codegen makes of it, after O3
 *   asm   the host assembly
 *
 * The graphs are the very ones the runtime compiles, not a re-creation: the file runs up to
 * its first fit(), where the model's input size becomes known and the training step for
 * fit()'s batch size is compiled, with the pipeline's dump switch (NNC_DUMP_AFTER, see
 * passes/pipeline.c) naming autodiff and plan, and stderr captured meanwhile. The last
 * "autodiff" dump is the step's graph after autodiff; the "plan" dump after it is the
 * optimised graph. Autodiff only appends, so the forward graph is the prefix of the first
 * up to its last output. The optimised graph is parsed back and planned again (the text
 * format holds no offsets) for codegen. Captured text that is not a dump goes on to stderr.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* ---- capturing stderr ---- */

typedef struct {
  int saved;                        /* the real stderr, dup'ed */
  FILE *tmp;
} Capture;

static bool capture_begin(Capture *c) {
  fflush(stderr);
  c->saved = -1;
  c->tmp = tmpfile();
  if (!c->tmp)
    return false;
  c->saved = dup(STDERR_FILENO);
  if (c->saved < 0 || dup2(fileno(c->tmp), STDERR_FILENO) < 0) {
    fclose(c->tmp);
    return false;
  }
  return true;
}

/* Restores stderr and returns what was written to it (base_free it), or NULL. */
static char *capture_end(Capture *c) {
  fflush(stderr);
  dup2(c->saved, STDERR_FILENO);
  close(c->saved);
  long n = ftell(c->tmp);
  char *text = n >= 0 ? base_malloc((size_t)n + 1) : NULL;
  rewind(c->tmp);
  if (text)
    text[fread(text, 1, (size_t)n, c->tmp)] = '\0';
  fclose(c->tmp);
  return text;
}

/* ---- the dumps in the captured text ---- */

typedef struct {
  const char *start;                /* first line after "# after pass NAME" */
  size_t len;
} Dump;

static bool ir_line(const char *p) {
  return *p == '%' || strncmp(p, "output ", 7) == 0;
}

/* Splits text into dumps (autodiff: the last one; plan: the first after it) and the rest,
 * which goes to stderr. */
static void split(const char *text, Dump *grad, Dump *opt) {
  const char *in = NULL;          /* the dump being read */
  Dump cur = {0};
  for (const char *p = text; *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);
    if (strncmp(p, "# after pass ", 13) == 0) {
      in = p + 13;
      cur = (Dump){p + n, 0};
    } else if (in && ir_line(p)) {
      cur.len += n;
    } else {
      in = NULL;
      fwrite(p, 1, n, stderr);
    }
    if (in && strncmp(in, "autodiff\n", 9) == 0) {
      *grad = cur;
      *opt = (Dump){0};
    } else if (in && strncmp(in, "plan\n", 5) == 0 && grad->start && !opt->start) {
      *opt = cur;
    } else if (in && strncmp(in, "plan\n", 5) == 0 && opt->start == cur.start) {
      *opt = cur;
    }
    p += n;
  }
}

static nnc_status parse_dump(const Dump *d, const char *what, Graph **g) {
  char *text = base_malloc(d->len + 1);
  if (!text)
    return base_error(NNC_ERR_NOMEM, "out of memory");
  memcpy(text, d->start, d->len);
  text[d->len] = '\0';
  nnc_status st = ir_parse(text, what, g);
  base_free(text);
  return st;
}

/* The forward graph: the values up to the last output (autodiff appends after them). */
static nnc_status forward(Graph *g) {
  int last = 0;
  for (int i = 0; i < g->noutputs; i++)
    last = g->outputs[i]->id > last ? g->outputs[i]->id : last;
  bool *dead = base_calloc((size_t)g->nvalues + 1, sizeof *dead);
  if (!dead)
    return base_error(NNC_ERR_NOMEM, "out of memory");
  for (int i = last + 1; i < g->nvalues; i++)
    dead[i] = true;
  ir_remove(g, dead);
  base_free(dead);
  return NNC_OK;
}

/* ---- the hook: the training step for fit()'s batch, then stop ---- */

typedef struct {
  CliStop stop;
  int64_t batch;
  const char *dtype;
} EmitState;

static int emit_hook(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y, nnc_fit_options *f,
                     void *user) {
  EmitState *es = user;
  es->stop.reached = true;
  es->stop.st = keras_check_data(m, x, y, "fit");
  int64_t n = x->shape[0];
  int64_t train = f->x_val ? n : (int64_t)((double)n * (1.0 - f->validation_split));
  es->batch = train < f->batch_size && train > 0 ? train : f->batch_size;
  es->dtype = rt_dtype_name(m->copt.dtype);
  Variant *v;
  if (es->stop.st == NNC_OK)
    es->stop.st = keras_variant_get(m, VAR_TRAIN, es->batch, &v);
  return 1;
}

/* The file's name without its directories, so the output does not depend on them. */
static const char *base(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

static nnc_status print_stage(const CliArgs *a, const EmitState *es, const Dump *grad,
                              const Dump *opt, FILE *out) {
  Graph *g = NULL;
  bool ir = a->stage == STAGE_IR || a->stage == STAGE_GRAD;
  nnc_status st = parse_dump(ir ? grad : opt, ir ? "after autodiff" : "after plan", &g);
  if (st == NNC_OK && a->stage == STAGE_IR)
    st = forward(g);
  char *text = NULL;
  PassCtx cx = {0};
  if (st == NNC_OK && a->stage != STAGE_IR && a->stage != STAGE_GRAD)
    st = pass_plan(g, &cx);
  if (st == NNC_OK && (a->stage == STAGE_LLVM || a->stage == STAGE_ASM)) {
    st = cg_emit_text(g, a->stage == STAGE_ASM, true, &text);
  } else if (st == NNC_OK) {
    static const char *const what[] = {"", "the forward graph", "after autodiff",
                                       "after the training pipeline"};
    text = ir_print(g);
    st = text ? NNC_OK : base_error(NNC_ERR_NOMEM, "out of memory");
    if (st == NNC_OK)
      fprintf(out, "# %s: the training step for batch %lld (%s), %s\n", base(a->file),
              (long long)es->batch, es->dtype, what[a->stage]);
    if (st == NNC_OK && a->stage == STAGE_OPT)
      fprintf(out, "# scratch arena: %lld bytes\n", (long long)g->scratch_bytes);
  }
  if (st == NNC_OK)
    fputs(text, out);
  base_free(text);
  ir_graph_free(g);
  return st;
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
  EmitState es = {{0}, 0, "f32"};
  pl_state(I)->o.before_fit = emit_hook;
  pl_state(I)->o.user = &es;
  Capture c;
  if (setenv("NNC_DUMP_AFTER", "autodiff,plan", 1) != 0 || !capture_begin(&c)) {
    fprintf(stderr, "nnc: cannot capture the pipeline's dumps\n");
    return EXIT_INTERNAL;
  }
  int code = 0;
  nnc_status st = fe_run(I, s, ast, &code);
  char *text = capture_end(&c);
  Dump grad = {0}, opt = {0};
  if (text)
    split(text, &grad, &opt);
  if (st == NNC_OK && !es.stop.reached)
    st = base_error(NNC_ERR_ARG, "%s never calls fit(), which is where nnc emit learns the input size",
                  a->file);
  if (st == NNC_OK)
    st = es.stop.st;
  if (st == NNC_OK && (!grad.start || !opt.start))
    st = base_error(NNC_ERR_INTERNAL, "the pipeline left no dump of its training step");
  if (st == NNC_OK)
    st = print_stage(a, &es, &grad, &opt, out);
  base_free(text);
  if (st != NNC_OK && !s->ndiags)
    fprintf(stderr, "nnc: %s\n", nnc_last_error());
  return s->ndiags ? status_code(fe_status(s)) : status_code(st);
}
