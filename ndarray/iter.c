/* iter.c — walking several arrays of one (broadcast) shape together, in C order.
 *
 * Operands are broadcast by giving a stride of 0 along the axes where they have length 1
 * or no axis at all. Then axes of length 1 are dropped and neighbours merged wherever every
 * operand steps evenly across them, so a contiguous array is one inner run however many
 * axes it has. Work is addressed by flat element ranges, which is what lets a large
 * iteration be cut into equal tasks for the thread pool regardless of its shape; the
 * inner function sees each range as runs along the last (merged) axis.
 */
#include <string.h>

#include "ndarray.h"
#include "runtime.h"

enum {
  GRAIN = 1 << 15,              /* elements per parallel task, at least */
  MAX_TASKS = 256,
};

bool nd_broadcast_shape(int n, const NdArray *const *a, int *ndim, int64_t *shape) {
  int nd = 0;
  for (int k = 0; k < n; k++)
    nd = a[k]->ndim > nd ? a[k]->ndim : nd;
  for (int i = 0; i < nd; i++)
    shape[i] = 1;
  for (int k = 0; k < n; k++) {
    int off = nd - a[k]->ndim;
    for (int i = 0; i < a[k]->ndim; i++) {
      int64_t d = a[k]->shape[i], *s = &shape[off + i];
      if (d == *s || d == 1)
        continue;
      if (*s != 1)
        goto mismatch;
      *s = d;
    }
  }
  *ndim = nd;
  return true;
mismatch:;
  char msg[ND_MAXOPS * ND_SHAPE_STR + 80] = "operands could not be broadcast together with shapes ";
  for (int k = 0; k < n && k < ND_MAXOPS; k++) {
    char s[ND_SHAPE_STR];
    strcat(msg, nd_shape_str(a[k]->ndim, a[k]->shape, true, s, sizeof s));
    strcat(msg, " ");
  }
  return nd_fail(ND_E_VALUE, "%s", msg), false;
}

void nd_iter_init(NdIter *it, int nop, const NdArray *const *ops, int ndim,
                  const int64_t *shape) {
  NNC_ASSERT(nop <= ND_MAXOPS);
  it->nop = nop;
  it->size = 1;
  for (int k = 0; k < nop; k++)
    it->data[k] = ops[k]->data;
  int d = 0;
  for (int i = 0; i < ndim; i++) {
    it->size *= shape[i];
    if (shape[i] == 1)
      continue; /* steps nowhere */
    it->shape[d] = shape[i];
    for (int k = 0; k < nop; k++) {
      int j = i - (ndim - ops[k]->ndim);
      it->strides[k][d] = j < 0 || ops[k]->shape[j] == 1 ? 0 : ops[k]->strides[j];
    }
    if (d > 0) { /* merge into the previous axis when every operand allows */
      bool merge = true;
      for (int k = 0; k < nop && merge; k++)
        merge = it->strides[k][d - 1] == it->strides[k][d] * shape[i];
      if (merge) {
        it->shape[d - 1] *= shape[i];
        for (int k = 0; k < nop; k++)
          it->strides[k][d - 1] = it->strides[k][d];
        continue;
      }
    }
    d++;
  }
  if (d == 0) { /* every axis was 1 (or there were none): one element */
    it->shape[0] = 1;
    for (int k = 0; k < nop; k++)
      it->strides[k][0] = 0;
    d = 1;
  }
  if (it->size == 0)
    it->shape[0] = 0;
  it->ndim = d;
}

void nd_iter_range(const NdIter *it, int64_t begin, int64_t end, NdInner fn, void *ctx) {
  if (begin >= end)
    return;
  int nd = it->ndim, nop = it->nop;
  int64_t idx[ND_MAXDIM], rest = begin;
  char *p[ND_MAXOPS];
  for (int i = nd - 1; i >= 0; i--) {
    idx[i] = rest % it->shape[i];
    rest /= it->shape[i];
  }
  for (int k = 0; k < nop; k++) {
    p[k] = it->data[k];
    for (int i = 0; i < nd; i++)
      p[k] += idx[i] * it->strides[k][i];
  }
  int64_t inner[ND_MAXOPS];
  for (int k = 0; k < nop; k++)
    inner[k] = it->strides[k][nd - 1];
  for (int64_t at = begin; at < end;) {
    int64_t n = it->shape[nd - 1] - idx[nd - 1];
    if (n > end - at)
      n = end - at;
    fn(ctx, p, inner, n);
    at += n;
    if (at >= end)
      break;
    /* step to the next run: carry through the outer axes */
    for (int k = 0; k < nop; k++)
      p[k] += (n - 1) * inner[k];
    int i = nd - 1;
    idx[i] += n - 1;
    for (;;) {
      if (++idx[i] < it->shape[i]) {
        for (int k = 0; k < nop; k++)
          p[k] += it->strides[k][i];
        break;
      }
      for (int k = 0; k < nop; k++)
        p[k] -= (it->shape[i] - 1) * it->strides[k][i];
      idx[i] = 0;
      i--;
    }
  }
}

typedef struct {
  const NdIter *it;
  NdInner fn;
  void *ctx;
  int64_t per;                  /* elements per task */
} Split;

static void task(void *arg, int64_t begin, int64_t end) {
  const Split *s = arg;
  for (int64_t t = begin; t < end; t++) {
    int64_t lo = t * s->per, hi = lo + s->per < s->it->size ? lo + s->per : s->it->size;
    nd_iter_range(s->it, lo, hi, s->fn, s->ctx);
  }
}

void nd_iter_run(const NdIter *it, NdInner fn, void *ctx, bool parallel) {
  if (!parallel || it->size < 2 * GRAIN) {
    nd_iter_range(it, 0, it->size, fn, ctx);
    return;
  }
  int64_t tasks = it->size / GRAIN;
  if (tasks > MAX_TASKS)
    tasks = MAX_TASKS;
  Split s = {it, fn, ctx, (it->size + tasks - 1) / tasks};
  rt_parallel(task, &s, (it->size + s.per - 1) / s.per);
}
