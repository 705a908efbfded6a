/* evalbuf.h — buffers for ir_eval in the pass tests: one array of doubles per value. */
#ifndef NNC_TESTS_PASSES_EVALBUF_H
#define NNC_TESTS_PASSES_EVALBUF_H

#include <stdlib.h>

#include "ir.h"
#include "support.h"

/* vals[i] holds ir_numel(values[i]) doubles (at least one), zeroed; NULL for ASSIGNs. */
static inline double **evalbuf_new(const Graph *g) {
  double **vals = calloc((size_t)g->nvalues + 1, sizeof *vals);
  for (int i = 0; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    if (v->op != OP_ASSIGN)
      vals[i] = calloc((size_t)ir_numel(v->shape) + 1, sizeof(double));
  }
  return vals;
}

static inline void evalbuf_free(const Graph *g, double **vals) {
  for (int i = 0; i < g->nvalues; i++)
    free(vals[i]);
  free(vals);
}

/* Fills every INPUT and PARAM with uniform numbers in [lo, hi), STATEs with their fill. */
static inline void evalbuf_fill(const Graph *g, double **vals, TestRng *r, double lo, double hi) {
  for (int i = 0; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    int64_t n = ir_numel(v->shape);
    if (v->op == OP_INPUT || v->op == OP_PARAM)
      for (int64_t j = 0; j < n; j++)
        vals[i][j] = test_uniform(r, lo, hi);
    else if (v->op == OP_STATE)
      for (int64_t j = 0; j < n; j++)
        vals[i][j] = v->num;
  }
}

#endif
