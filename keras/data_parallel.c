/* data_parallel.c — fit's training step when several ranks train one model (distributed.c).
 *
 * The one-process step is one compiled function: forward, backward and the optimizer's
 * update. Here it is split in two compiled functions, GRAD (forward and backward, the
 * gradients as outputs into the model's GradBuf) and UPDATE (the optimizer's update from
 * GradBuf's gradients), with the allreduce between them in C. Splitting keeps the IR and
 * codegen free of communication: no op calls out of generated code, each half is fused and
 * planned as any graph, and the update sees gradients the whole job agrees on, so every rank
 * applies the same bits. What it gives up is the fusion of the update into the epilogue of
 * the matmul that makes a weight's gradient.
 *
 * Overlap, as PyTorch's DDP does it: GRAD is compiled with early_outputs, so its code hands
 * each gradient to grad_ready as soon as backward has made it. The gradients are cut into
 * buckets of about KERAS_DP_BUCKET_MB (NNC_DP_BUCKET_MB) from the last weights down, the
 * order backward makes them, and a bucket whose gradients are all made is queued for
 * distributed.c's thread to sum while backward goes on with the earlier layers; buckets
 * start in bucket order on every rank, whatever order their gradients come in, so the
 * collectives match across ranks and a fixed layout sums in a fixed order (the same bits run
 * after run). The last bucket (the first layers') waits for the step's tail. With one bucket
 * (0 MB, or an MPI without MPI_THREAD_SERIALIZED) the step makes one allreduce after
 * backward, on the calling thread. bench/DISTRIBUTED.md measures both.
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
 * rank after the same step) and the metrics' sums of its rows ride at the start of the
 * gradients' buffer, in its dtype, summed with the last bucket: no collective of their own,
 * which matters more than its size on a loaded machine, where each collective waits for the
 * slowest rank's turn.
 */
#include <stdio.h>
#include <stdlib.h>
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
  base_free(gb->cut);
  base_free(gb->of);
  base_free(gb->pending);
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
  nnc_status s = keras_metrics_reset(m, &gb->step);
  gb->at[0] = 2 + gb->step.cap; /* the tail first: it joins the last bucket */
  for (int i = 0; i < n; i++) {
    gb->w[i] = f->pweights[i];
    gb->at[i + 1] = gb->at[i] + ir_numel(f->params[i]->shape);
    if (s == NNC_OK && !(gb->names[i] = base_strdup(f->params[i]->name)))
      s = base_error(NNC_ERR_NOMEM, "compile: out of memory");
  }
  gb->of = base_calloc((size_t)n + 1, sizeof *gb->of);
  gb->tailv = base_calloc((size_t)gb->at[0], sizeof *gb->tailv);
  if (s == NNC_OK && (!gb->of || !gb->tailv))
    s = base_error(NNC_ERR_NOMEM, "compile: out of memory");
  if (s == NNC_OK)
    s = nnc_tensor_new(m->copt.dtype, 1, &gb->at[n], &gb->buf);
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

/* The bytes of gradients a bucket holds (NNC_DP_BUCKET_MB megabytes, else the default; 0:
 * one allreduce after the whole of backward). */
static nnc_status bucket_bytes(double *bytes) {
  const char *e = getenv("NNC_DP_BUCKET_MB");
  char *end = NULL;
  double mb = e && *e ? strtod(e, &end) : KERAS_DP_BUCKET_MB;
  if (e && *e && (*end || !(mb >= 0 && mb < 1e9)))
    return base_error(NNC_ERR_ARG, "NNC_DP_BUCKET_MB=%s: expected the megabytes of a gradient "
                      "bucket, a number >= 0 (0: one allreduce after backward)", e);
  *bytes = mb * 1e6;
  return NNC_OK;
}

/* Whether weights a and b ("dense_1/kernel") belong to the same layer. */
static bool same_layer(const char *a, const char *b) {
  const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
  size_t na = sa ? (size_t)(sa - a) : strlen(a), nb = sb ? (size_t)(sb - b) : strlen(b);
  return na == nb && memcmp(a, b, na) == 0;
}

/* Cuts the gradients into buckets from the last weights down (the order backward makes
 * them): the last layer's alone first, so the first sum starts as early as it can (as DDP's
 * small first bucket), then buckets of at least `bytes` each, the first weights' maybe
 * smaller; one bucket when bytes is 0. */
static nnc_status plan_buckets(GradBuf *gb, double bytes) {
  base_free(gb->cut);
  base_free(gb->pending);
  gb->cut = base_calloc((size_t)gb->n + 2, sizeof *gb->cut);
  gb->pending = base_calloc((size_t)gb->n + 1, sizeof *gb->pending);
  gb->nbuckets = 0;
  if (!gb->cut || !gb->pending)
    return base_error(NNC_ERR_NOMEM, "compile: out of memory");
  double acc = 0, size = (double)rt_dtype_size(gb->buf->dtype);
  int nb = 0;
  gb->cut[0] = gb->n;
  for (int i = gb->n - 1; i >= 0; i--) {
    gb->of[i] = nb;
    acc += (double)(gb->at[i + 1] - gb->at[i]) * size;
    bool last_layer = nb == 0 && !same_layer(gb->names[i - (i > 0)], gb->names[gb->n - 1]);
    if (bytes > 0 && i > 0 && (acc >= bytes || last_layer))
      gb->cut[++nb] = i, acc = 0;
  }
  gb->cut[++nb] = 0;
  gb->nbuckets = nb;
  return NNC_OK;
}

nnc_status keras_dp_prepare(nnc_model *m, int64_t b) {
  int64_t lo, n;
  Variant *v;
  double bytes = 0;
  shard(b, &lo, &n);
  nnc_status s = bucket_bytes(&bytes);
  if (s == NNC_OK && n > 0)
    s = keras_variant_get(m, VAR_GRAD, n, &v);
  if (s == NNC_OK && !m->grads.buf) /* a rank without rows still needs the buffer's layout */
    s = keras_variant_get(m, VAR_GRAD, 1, &v);
  if (s == NNC_OK)
    s = keras_variant_get(m, VAR_UPDATE, 0, &v);
  /* buckets only where a thread sums them while backward runs (one process: to test them) */
  if (s == NNC_OK)
    s = plan_buckets(&m->grads, bytes > 0 && (keras_dist_size() == 1 || keras_dist_async())
                                    ? bytes : 0);
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

/* The tail of the gradients' buffer, before the gradients: the loss, the cancel flag and
 * the step's metrics, written from v (this rank's) or read into v (all ranks'). */
static void tail(GradBuf *gb, double *v, bool read) {
  if (read)
    rt_convert(v, NNC_F64, gb->buf->data, gb->buf->dtype, gb->at[0]);
  else
    rt_convert(gb->buf->data, gb->buf->dtype, v, NNC_F64, gb->at[0]);
}

/* Starts the sum of bucket j, its gradients scaled by the step's share first; the last
 * bucket takes the tail with it. One bucket is summed here and now. */
static void start_bucket(GradBuf *gb, int j) {
  nnc_tensor *g = gb->buf;
  size_t size = rt_dtype_size(g->dtype);
  int64_t lo = gb->at[gb->cut[j + 1]], hi = gb->at[gb->cut[j]];
  scale((char *)g->data + (size_t)lo * size, hi - lo, g->dtype, gb->share);
  if (j == gb->nbuckets - 1)
    lo = 0;
  if (gb->nbuckets == 1)
    keras_dist_sum(g->data, hi, g->dtype);
  else
    keras_dist_isum((char *)g->data + (size_t)lo * size, hi - lo, g->dtype);
}

/* driver_run_ready's: output k of the GRAD variant is in the buffer. Starts the buckets
 * whose gradients are all made, in bucket order (every rank starts the same sums in the
 * same order), but the last, which waits for the tail. */
static void grad_ready(void *user, int k) {
  GradBuf *gb = user;
  int i = k - gb->out0;
  if (i < 0 || i >= gb->n)
    return;
  gb->pending[gb->of[i]]--;
  while (gb->started < gb->nbuckets - 1 && gb->pending[gb->started] == 0)
    start_bucket(gb, gb->started++);
}

/* Runs this rank's rows of the step (v), its buckets' sums starting while backward runs. */
static void run_rows(nnc_model *m, DpStep *out, int64_t b) {
  GradBuf *gb = &m->grads;
  gb->share = (double)out->n / (double)b;
  gb->out0 = (out->v->loss != NULL) + (out->v->pred != NULL); /* then the gradients */
  keras_variant_run_ready(m, out->v, grad_ready, gb);
}

void keras_dp_step(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y, const int64_t *idx,
                   int64_t at, int64_t b, DpStep *out) {
  GradBuf *gb = &m->grads;
  nnc_tensor *g = gb->buf;
  double head[2] = {0, out->cancel}; /* the loss's share, the flag: the tail's first two */
  shard(b, &out->lo, &out->n);
  out->v = NULL;
  keras_metrics_reset(m, &gb->step); /* sized at keras_grads_init: no allocation */
  gb->started = 0;
  for (int j = 0; j < gb->nbuckets; j++)
    gb->pending[j] = gb->cut[j] - gb->cut[j + 1];
  if (out->n > 0) {
    keras_variant_get(m, VAR_GRAD, out->n, &out->v); /* compiled by keras_dp_prepare */
    keras_gather(m, out->v, x, y, idx, at + out->lo, out->n);
    run_rows(m, out, b);
    head[0] = keras_variant_loss(out->v) * gb->share;
    keras_metrics_update(m, &gb->step, out->v->pred, out->v->y, out->n);
  } else {
    size_t size = rt_dtype_size(g->dtype);
    memset((char *)g->data + (size_t)gb->at[0] * size, 0, (size_t)(g->numel - gb->at[0]) * size);
    gb->share = 1;
  }
  gb->tailv[0] = head[0], gb->tailv[1] = head[1];
  if (gb->step.cap > 0) /* no metrics: no sums (memcpy of NULL is undefined, even of 0 bytes) */
    memcpy(gb->tailv + 2, gb->step.sums, (size_t)gb->step.cap * sizeof *gb->tailv);
  tail(gb, gb->tailv, false);
  while (gb->started < gb->nbuckets) /* the last (with the tail), and any left */
    start_bucket(gb, gb->started++);
  keras_dist_wait();
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
