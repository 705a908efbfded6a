/* compile.c — the compile driver: the pipeline from a forward graph to a function.
 *
 * The pass list below is the whole pipeline, read top to bottom (QBE's main.c): each pass
 * belongs to the stage its result is, and after the last pass of a stage the driver hands
 * out a copy of the graph when the caller keeps that stage. Copies are made only then, so
 * a compile that keeps nothing does exactly the passes and the JIT. Every pass goes
 * through pass_run, which verifies the graph after it (always: verifying costs far less
 * than a pass) and honours NNC_DISABLE and NNC_DUMP_AFTER.
 */
#include <string.h>

#include "codegen.h"
#include "driver.h"
#include "passes.h"

enum { NEEDS_LOSS = 1, NEEDS_OPT = 2 };

typedef struct {
  DriverStage stage;            /* the stage the pass's result belongs to */
  const char *name;             /* for messages, NNC_DISABLE and NNC_DUMP_AFTER */
  PassFn fn;
  unsigned skip;                /* the PASS_NO_* bit that switches it off, or 0 */
  unsigned needs;               /* NEEDS_*: runs only for a job that has these */
} Step;

static const Step pipeline[] = {
    {DRIVER_GRAD, "autodiff", pass_autodiff, 0, NEEDS_LOSS},
    {DRIVER_OPT, "optimizer", pass_optimizer, 0, NEEDS_OPT},
    {DRIVER_OPT, "simplify", pass_simplify, PASS_NO_SIMPLIFY, 0},
    {DRIVER_OPT, "layout", pass_layout, PASS_NO_LAYOUT, 0},
    {DRIVER_OPT, "fuse", pass_fuse, PASS_NO_FUSE, 0},
    {DRIVER_PLANNED, "plan", pass_plan, 0, 0},
};

struct DriverJit {
  CgJit *cg;
};

struct DriverObject {
  CgObject *cg;
};

nnc_status driver_jit_new(DriverJit **out) {
  *out = base_calloc(1, sizeof **out);
  if (!*out)
    return base_error(NNC_ERR_NOMEM, "compile: out of memory");
  nnc_status s = cg_jit_new(&(*out)->cg);
  if (s != NNC_OK) {
    base_free(*out);
    *out = NULL;
  }
  return s;
}

void driver_jit_free(DriverJit *jit) {
  if (!jit)
    return;
  cg_jit_free(jit->cg);
  base_free(jit);
}

nnc_status driver_object_new(const char *triple, const char *cpu, DriverObject **out) {
  *out = base_calloc(1, sizeof **out);
  if (!*out)
    return base_error(NNC_ERR_NOMEM, "compile: out of memory");
  nnc_status s = cg_object_new(triple, cpu, &(*out)->cg);
  if (s != NNC_OK) {
    base_free(*out);
    *out = NULL;
  }
  return s;
}

void driver_object_free(DriverObject *o) {
  if (!o)
    return;
  cg_object_free(o->cg);
  base_free(o);
}

nnc_status driver_object_write(DriverObject *o, const Program *p, char **bytes, size_t *n) {
  return cg_object_emit(o->cg, p, bytes, n);
}

void driver_run(DriverFn f, void *const *slots, void *scratch) {
  ((CgEntry)f.code)(slots, scratch, driver_pool());
}

/* driver_pool with a ready of the caller's. */
typedef struct {
  CgPool pool;                  /* first: the code sees this */
  DriverReady *ready;
  void *user;
} ReadyPool;

static void pool_ready(CgPool *self, int64_t output) {
  ReadyPool *p = (ReadyPool *)self;
  p->ready(p->user, (int)output);
}

void driver_run_ready(DriverFn f, void *const *slots, void *scratch, DriverReady *ready,
                      void *user) {
  ReadyPool p = {*driver_pool(), ready, user};
  p.pool.ready = pool_ready;
  ((CgEntry)f.code)(slots, scratch, &p.pool);
}

void driver_out_free(DriverOut *out) {
  for (int i = 0; i < DRIVER_NSTAGES; i++) {
    ir_graph_free(out->graph[i]);
    base_free(out->text[i]);
    out->graph[i] = NULL;
    out->text[i] = NULL;
  }
  base_free(out->grad_ids);
  base_free(out->wrt_ids);
  out->grad_ids = out->wrt_ids = NULL;
  out->ngrads = 0;
}

static bool kept(const DriverJob *job, DriverStage st) {
  return st <= job->stop && (job->keep >> st & 1);
}

/* A copy of g as it is at the end of stage st, when the job keeps st. */
static nnc_status keep_graph(const Graph *g, const DriverJob *job, DriverStage st,
                             DriverOut *out) {
  return kept(job, st) ? ir_clone(g, &out->graph[st]) : NNC_OK;
}

static bool runs(const Step *p, const DriverJob *job) {
  return p->stage <= job->stop && (!(p->needs & NEEDS_LOSS) || job->loss) &&
         (!(p->needs & NEEDS_OPT) || job->opt);
}

/* Which values of the kept GRAD copy are the gradients (ids survive ir_clone). */
static nnc_status keep_grads(const PassCtx *cx, DriverOut *out) {
  if (!out->graph[DRIVER_GRAD] || cx->nwrt <= 0 || !cx->grads)
    return NNC_OK;
  out->grad_ids = base_calloc((size_t)cx->nwrt, sizeof *out->grad_ids);
  out->wrt_ids = base_calloc((size_t)cx->nwrt, sizeof *out->wrt_ids);
  if (!out->grad_ids || !out->wrt_ids)
    return base_error(NNC_ERR_NOMEM, "compile: out of memory");
  for (int i = 0; i < cx->nwrt; i++) {
    out->grad_ids[i] = cx->grads[i]->id;
    out->wrt_ids[i] = cx->wrt[i]->id;
  }
  out->ngrads = cx->nwrt;
  return NNC_OK;
}

/* FORWARD to PLANNED: the passes, with a copy of the graph after each kept stage. */
static nnc_status passes(Graph *g, const DriverJob *job, PassCtx *cx, DriverOut *out) {
  nnc_status s = keep_graph(g, job, DRIVER_FORWARD, out);
  size_t n = sizeof pipeline / sizeof *pipeline;
  for (size_t i = 0; i < n && s == NNC_OK; i++) {
    if (runs(&pipeline[i], job))
      s = pass_run(g, cx, pipeline[i].name, pipeline[i].fn, pipeline[i].skip);
    bool last = i + 1 == n || pipeline[i + 1].stage != pipeline[i].stage;
    if (s == NNC_OK && last)
      s = keep_graph(g, job, pipeline[i].stage, out);
    if (s == NNC_OK && last && pipeline[i].stage == DRIVER_GRAD)
      s = keep_grads(cx, out);
  }
  return s;
}

/* LLVM, ASM and JIT or OBJECT, from the planned graph. */
static nnc_status code(const Graph *g, const DriverJob *job, DriverOut *out) {
  nnc_status s = NNC_OK;
  if (kept(job, DRIVER_LLVM))
    s = cg_emit_text(g, false, true, &out->text[DRIVER_LLVM]);
  if (s == NNC_OK && kept(job, DRIVER_ASM))
    s = cg_emit_text(g, true, true, &out->text[DRIVER_ASM]);
  if (s == NNC_OK && job->stop == DRIVER_JIT) {
    s = driver_cache_compile(job->jit->cg, g, &out->fn);
  }
  if (s == NNC_OK && job->stop == DRIVER_OBJECT)
    s = cg_object_add(job->object->cg, g, job->object_fn);
  return s;
}

static int output_index(const Graph *g, const Value *v) {
  for (int i = 0; v && i < g->noutputs; i++)
    if (g->outputs[i] == v)
      return i;
  return -1;
}

static nnc_status check_job(const Graph *g, const DriverJob *job) {
  if (!g || !job)
    return base_error(NNC_ERR_ARG, "compile: NULL graph or job");
  if ((unsigned)job->stop >= DRIVER_NSTAGES || (job->stop == DRIVER_JIT && !job->jit))
    return base_error(NNC_ERR_ARG, "compile: stop at stage %d needs a JIT", (int)job->stop);
  if (job->stop == DRIVER_OBJECT && (!job->object || !job->object_fn))
    return base_error(NNC_ERR_ARG, "compile: an object stage needs an object and a name");
  if (job->opt && !job->loss && !(job->grads_in && job->grads))
    return base_error(NNC_ERR_ARG, "compile: an optimizer needs a loss");
  if (job->grads_in && job->loss)
    return base_error(NNC_ERR_ARG, "compile: given gradients and a loss to differentiate");
  if (job->grads_out && !job->loss)
    return base_error(NNC_ERR_ARG, "compile: gradients as outputs need a loss");
  return ir_verify(g);
}

nnc_status driver_compile(Graph *g, const DriverJob *job, DriverOut *out) {
  memset(out, 0, sizeof *out);
  out->loss_output = -1;
  out->guard_offset = -1;
  nnc_status s = check_job(g, job);
  if (s != NNC_OK)
    return s;
  out->loss_output = output_index(g, job->loss);
  Value **grads = job->grads;
  if (!grads && job->nwrt > 0 && !(grads = base_calloc((size_t)job->nwrt, sizeof *grads)))
    return base_error(NNC_ERR_NOMEM, "compile: out of memory");
  PassCtx cx = {.loss = job->loss, .nwrt = job->nwrt, .wrt = job->wrt, .grads = grads,
                .opt = job->opt, .constrain = job->constrain, .user = job->user,
                .nno_decay = job->nno_decay, .no_decay = job->no_decay,
                .grads_out = job->grads_out,
                .no_f64 = job->object && !cg_object_has_f64(job->object->cg),
                .disabled = job->disabled, .verify = true};
  s = passes(g, job, &cx, out);
  out->scratch_bytes = g->planned ? g->scratch_bytes : 0;
  if (s == NNC_OK && g->planned && job->stop == DRIVER_JIT) { /* the JIT's code has the guard */
    out->scratch_bytes = cg_scratch_bytes(g);
    out->guard_offset = cg_guard_offset(g);
  }
  g->early_outputs = job->early_outputs && job->stop == DRIVER_JIT;
  if (s == NNC_OK && job->stop >= DRIVER_LLVM)
    s = code(g, job, out);
  if (grads != job->grads)
    base_free(grads);
  return s;
}
