/* data_parallel.c — fit's training step when several ranks train one model (distributed.c).
 *
 * The one-process step is one compiled function: forward, backward and the optimizer's
 * update. Here it is split in two compiled functions, GRAD (forward and backward, the
 * gradients as outputs into the model's GradBuf) and UPDATE (the optimizer's update from
 * GradBuf's gradients), with the allreduce between them in C. Splitting keeps the IR and
 * codegen free of communication: no op calls out of generated code, each half is fused and
 * planned as any graph, and the update sees gradients the whole job agrees on, so every rank
 * applies the same bits. What it gives up is the fusion of the update into the epilogue of
 * the matmul that makes a weight's gradient, and overlap of communication with backward.
 *
 * Keras's MirroredStrategy semantics: batch_size is the global batch. Rank r of N takes the
 * rows [b*r/N, b*(r+1)/N) of the global batch of b rows; its GRAD computes the mean loss of
 * its n rows and its gradient, which is scaled by n/b before the sum, so the sum is the
 * gradient of the global batch's mean loss (regularizers' terms, added whole on every rank,
 * sum to themselves since the shares sum to 1). A rank without rows (a last batch smaller
 * than N) adds zeros. Summing in a fixed order over a fixed N (Open MPI's allreduce picks
 * its algorithm from the count and size alone) gives the same bits run after run.
 * Weights that the step writes but does not train (BatchNormalization's moving statistics,
 * moved by each rank's own rows' statistics) are averaged over the ranks after each step,
 * as Keras's MirroredStrategy aggregates such variables (MEAN), so ranks never diverge;
 * BatchNormalization still normalizes each rank's rows by their own statistics, as Keras's
 * does across replicas (SyncBatchNormalization aside), so such a model's numbers depend on
 * the rank count. The step's loss, nnc_cancel's flag (so a cancel on any rank stops every
 * rank after the same step) and the metrics' sums of its rows ride at the end of the
 * gradients' buffer, in its dtype: a step makes one allreduce, which matters more than its
 * size on a loaded machine, where each collective waits for the slowest rank's turn.
 */
#include <stdio.h>
#include <string.h>

#include "keras.h"

bool keras_dp_always;

void keras_grads_free(GradBuf *gb) {
  for (int i = 0; i < gb->n; i++)
    base_free(gb->names[i]);
  base_free(gb->names);
  base_free(gb->w);
  base_free(gb->at);
  base_free(gb->synced);
  keras_metrics_free(&gb->step);
  base_free(gb->tailv);
  nnc_tensor_free(gb->buf);
  *gb = (GradBuf){0};
}

/* Checks that f's params are the GradBuf's, in its order (GRAD variants of every batch size
 * build the same params). */
static nnc_status same_params(const GradBuf *gb, const Forward *f) {
  bool same = gb->n == f->nparams;
  for (int i = 0; same && i < gb->n; i++)
    same = gb->w[i] == f->pweights[i] && strcmp(gb->names[i], f->params[i]->name) == 0;
  return same ? NNC_OK
              : base_error(NNC_ERR_INTERNAL, "compile: a gradient step's weights changed");
}

nnc_status keras_grads_init(nnc_model *m, const Forward *f) {
  GradBuf *gb = &m->grads;
  if (gb->buf)
    return same_params(gb, f);
  int n = f->nparams;
  gb->w = base_calloc((size_t)n + 1, sizeof *gb->w);
  gb->names = base_calloc((size_t)n + 1, sizeof *gb->names);
  gb->at = base_calloc((size_t)n + 1, sizeof *gb->at);
  gb->synced = base_calloc((size_t)f->nassigned + 1, sizeof *gb->synced);
  if (!gb->w || !gb->names || !gb->at || !gb->synced) {
    keras_grads_free(gb);
    return base_error(NNC_ERR_NOMEM, "compile: out of memory");
  }
  gb->n = n;
  gb->nsynced = f->nassigned;
  memcpy(gb->synced, f->assigned, (size_t)f->nassigned * sizeof *gb->synced);
  for (int i = 0; i < n; i++) {
    gb->w[i] = f->pweights[i];
    gb->at[i + 1] = gb->at[i] + ir_numel(f->params[i]->shape);
    if (!(gb->names[i] = base_strdup(f->params[i]->name))) {
      keras_grads_free(gb);
      return base_error(NNC_ERR_NOMEM, "compile: out of memory");
    }
  }
  nnc_status s = keras_metrics_reset(m, &gb->step);
  int64_t total = gb->at[n] + 2 + gb->step.cap;
  if (s == NNC_OK && !(gb->tailv = base_calloc((size_t)gb->step.cap + 2, sizeof *gb->tailv)))
    s = base_error(NNC_ERR_NOMEM, "compile: out of memory");
  if (s == NNC_OK)
    s = nnc_tensor_new(m->copt.dtype, 1, &total, &gb->buf);
  if (s != NNC_OK)
    keras_grads_free(gb);
  return s;
}

nnc_status keras_update_graph(nnc_model *m, Forward *out, Value ***grads) {
  GradBuf *gb = &m->grads;
  int n = gb->n;
  *out = (Forward){.g = ir_graph_new(), .nparams = n};
  out->params = base_calloc((size_t)n + 1, sizeof *out->params);
  out->pweights = base_calloc((size_t)n + 1, sizeof *out->pweights);
  *grads = base_calloc((size_t)n + 1, sizeof **grads);
  if (!out->g || !out->params || !out->pweights || !*grads)
    return base_error(NNC_ERR_NOMEM, "compile: out of memory");
  if (!gb->buf)
    return base_error(NNC_ERR_INTERNAL, "compile: an update step before its gradient step");
  DType dt = (DType)m->copt.dtype;
  for (int i = 0; i < n; i++) {
    const Weight *w = gb->w[i];
    char name[400];
    snprintf(name, sizeof name, "grad:%s", gb->names[i]);
    out->params[i] = ir_param(out->g, gb->names[i], dt, w->shape, (InitKind)w->init.kind);
    (*grads)[i] = ir_input(out->g, name, dt, w->shape);
    out->pweights[i] = gb->w[i];
  }
  if (out->g->status != NNC_OK)
    return base_error(out->g->status, "compile: %s", out->g->msg);
  return NNC_OK;
}

/* This rank's rows of a global batch of b. */
static void shard(int64_t b, int64_t *lo, int64_t *n) {
  int64_t r = keras_dist_rank(), size = keras_dist_size();
  *lo = b * r / size;
  *n = b * (r + 1) / size - *lo;
}

nnc_status keras_dp_prepare(nnc_model *m, int64_t b) {
  int64_t lo, n;
  Variant *v;
  shard(b, &lo, &n);
  nnc_status s = n > 0 ? keras_variant_get(m, VAR_GRAD, n, &v) : NNC_OK;
  if (s == NNC_OK && !m->grads.buf) /* a rank without rows still needs the buffer's layout */
    s = keras_variant_get(m, VAR_GRAD, 1, &v);
  if (s == NNC_OK)
    s = keras_variant_get(m, VAR_UPDATE, 0, &v);
  return s;
}

/* Multiplies the n elements at p (of dtype dt) by k. */
static void scale(void *p, int64_t n, nnc_dtype dt, double k) {
  if (dt == NNC_F32)
    for (int64_t i = 0; i < n; i++)
      ((float *)p)[i] = (float)(((float *)p)[i] * k);
  else
    for (int64_t i = 0; i < n; i++)
      ((double *)p)[i] *= k;
}

/* The tail of the gradients' buffer, after the gradients: the loss, the cancel flag and
 * the step's metrics, written from v (this rank's) or read into v (all ranks'). */
static void tail(GradBuf *gb, double *v, bool read) {
  int64_t n = 2 + gb->step.cap;
  char *p = (char *)gb->buf->data + (size_t)gb->at[gb->n] * rt_dtype_size(gb->buf->dtype);
  if (read)
    rt_convert(v, NNC_F64, p, gb->buf->dtype, n);
  else
    rt_convert(p, gb->buf->dtype, v, NNC_F64, n);
}

void keras_dp_step(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y, const int64_t *idx,
                   int64_t at, int64_t b, DpStep *out) {
  GradBuf *gb = &m->grads;
  nnc_tensor *g = gb->buf;
  int64_t ng = gb->at[gb->n];
  double head[2] = {0, out->cancel}; /* the loss's share, the flag: the tail's first two */
  shard(b, &out->lo, &out->n);
  out->v = NULL;
  keras_metrics_reset(m, &gb->step); /* sized at keras_grads_init: no allocation */
  if (out->n > 0) {
    keras_variant_get(m, VAR_GRAD, out->n, &out->v); /* compiled by keras_dp_prepare */
    keras_gather(m, out->v, x, y, idx, at + out->lo, out->n);
    keras_variant_run(m, out->v);
    scale(g->data, ng, g->dtype, (double)out->n / (double)b);
    head[0] = keras_variant_loss(out->v) * (double)out->n / (double)b;
    keras_metrics_update(m, &gb->step, out->v->pred, out->v->y, out->n);
  } else {
    memset(g->data, 0, (size_t)ng * rt_dtype_size(g->dtype));
  }
  gb->tailv[0] = head[0], gb->tailv[1] = head[1];
  if (gb->step.cap > 0) /* no metrics: no sums (memcpy of NULL is undefined, even of 0 bytes) */
    memcpy(gb->tailv + 2, gb->step.sums, (size_t)gb->step.cap * sizeof *gb->tailv);
  tail(gb, gb->tailv, false);
  keras_dist_sum(g->data, g->numel, g->dtype); /* the step's one allreduce */
  tail(gb, gb->tailv, true);
  out->loss = gb->tailv[0];
  out->cancel = gb->tailv[1] > 0;
  for (int64_t i = 0; i < gb->step.cap; i++)
    out->sums->sums[i] += gb->tailv[2 + i];
  Variant *u;
  keras_variant_get(m, VAR_UPDATE, 0, &u);
  keras_variant_run(m, u);
  for (int i = 0; i < gb->nsynced; i++) { /* each rank moved them by its own rows */
    nnc_tensor *w = gb->synced[i]->t;
    keras_dist_sum(w->data, w->numel, w->dtype);
    scale(w->data, w->numel, w->dtype, 1.0 / keras_dist_size());
  }
}

nnc_status keras_dp_agree(const int64_t *v, const char *const *what, int n, const char *fn) {
  int64_t *first = base_malloc(((size_t)n + 1) * sizeof *first);
  if (!first)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn); /* others wait: the job ends */
  memcpy(first, v, (size_t)n * sizeof *v);
  keras_dist_bcast(first, (size_t)n * sizeof *first);
  int differ = -1;
  for (int i = 0; i < n && differ < 0; i++)
    if (first[i] != v[i])
      differ = i;
  int any = differ >= 0;
  keras_dist_sum(&any, 1, NNC_I32);
  nnc_status s = NNC_OK;
  if (differ >= 0)
    s = base_error(NNC_ERR_ARG, "%s: data-parallel rank %d has %s %lld where rank 0 has %lld: "
                   "every rank must fit the same data with the same options", fn,
                   keras_dist_rank(), what[differ], (long long)v[differ], (long long)first[differ]);
  else if (any)
    s = base_error(NNC_ERR_ARG, "%s: the data or options of another data-parallel rank differ "
                   "from rank 0's (that rank's message names them)", fn);
  base_free(first);
  return s;
}
