/* program.c — the verifier of an object's description (ir.h explains Program).
 *
 * Codegen trusts a verified program: every address it computes from an offset lands inside
 * the state block, every element is aligned for its dtype, and each graph's slots are bound
 * to buffers of the size the graph reads or writes. So a mistake in the description is
 * caught here, with the thing that does not fit named, rather than as a wild store in
 * someone's firmware.
 */
#include <ctype.h>
#include <string.h>

#include "ir.h"

static bool identifier(const char *s) {
  if (!s || !(isalpha((unsigned char)*s) || *s == '_'))
    return false;
  for (; *s; s++)
    if (!isalnum((unsigned char)*s) && *s != '_')
      return false;
  return true;
}

/* bytes of dtype t at offset fit the state and are aligned for t. */
static bool region(const Program *p, DType t, int64_t offset, int64_t bytes) {
  int64_t es = (int64_t)ir_dtype_size(t);
  return offset >= 0 && bytes >= 0 && offset % es == 0 && offset <= p->state_bytes - bytes;
}

/* [a, a + an) and [b, b + bn) share no byte. */
static bool apart(int64_t a, int64_t an, int64_t b, int64_t bn) {
  return a + an <= b || b + bn <= a;
}

static int64_t bytes_of(DType t, Shape s) {
  return ir_numel(s) * (int64_t)ir_dtype_size(t);
}

static nnc_status check_fill(const Program *p, int i) {
  const Fill *f = &p->fills[i];
  bool ok = (unsigned)f->kind <= FILL_SELECT && f->dtype != DT_I32 &&
            region(p, f->dtype, f->offset, bytes_of(f->dtype, f->shape));
  if (ok && f->kind == FILL_SELECT)
    ok = f->shape.rank == 2 && f->col0 >= 0 && f->col0 <= f->shape.dim[1];
  return ok ? NNC_OK : base_error(NNC_ERR_ARG, "program: fill %d does not fit the state", i);
}

/* The binding of slot k of entry e, whose leaf or output is v. */
static nnc_status check_slot(const Program *p, const Entry *e, int k, const Value *v, bool out) {
  const Binding *b = &e->slots[k];
  bool train = e->kind == ENTRY_TRAIN;
  bool is_x = !out && v->op == OP_INPUT && strcmp(v->name, "x") == 0;
  bool is_y = (!out && train && v->op == OP_INPUT && strcmp(v->name, "y") == 0) ||
              (out && !train && v == e->g->outputs[0]);
  int64_t row = is_x ? p->in : train ? p->ylen : p->out;
  bool ok;
  if (b->kind == BIND_STATE)
    ok = !is_x && !is_y && region(p, v->dtype, b->offset, bytes_of(v->dtype, v->shape));
  else
    ok = (b->kind == BIND_X ? is_x : is_y) && v->dtype == p->dtype &&
         ir_numel(v->shape) == p->batch * row;
  return ok ? NNC_OK : base_error(NNC_ERR_ARG, "program: %s slot %d (%%%d) is bound wrongly",
                                  e->fn, k, v->id);
}

static nnc_status check_entry(const Program *p, const Entry *e) {
  if (!e->g || !e->g->planned || !e->fn || !e->slots)
    return base_error(NNC_ERR_ARG, "program: entry %s has no planned graph", e->fn ? e->fn : "?");
  int n = ir_slots(e->g, NULL), nleaves = n - e->g->noutputs;
  Value **slots = base_malloc(sizeof *slots * ((size_t)n + 1));
  if (!slots)
    return base_error(NNC_ERR_NOMEM, "program: out of memory");
  ir_slots(e->g, slots);
  nnc_status st = NNC_OK;
  for (int k = 0; k < n && !st; k++)
    st = check_slot(p, e, k, slots[k], k >= nleaves);
  bool ok = !st && e->scratch % 64 == 0 && region(p, DT_F32, e->scratch, e->g->scratch_bytes);
  if (e->kind == ENTRY_TRAIN)
    ok = ok && e->loss >= nleaves && e->loss < n && e->slots[e->loss].kind == BIND_STATE &&
         slots[e->loss]->dtype == p->dtype && ir_numel(slots[e->loss]->shape) == 1;
  else {
    /* the staging rows may lie in the scratch arena, but not where this graph uses it */
    int64_t es = (int64_t)ir_dtype_size(p->dtype), xn = p->batch * p->in * es;
    int64_t yn = p->batch * p->out * es, sn = e->g->scratch_bytes;
    ok = ok && e->kind == ENTRY_PREDICT && e->g->noutputs == 1 &&
         region(p, p->dtype, e->x_stage, xn) && region(p, p->dtype, e->y_stage, yn) &&
         apart(e->x_stage, xn, e->y_stage, yn) && apart(e->x_stage, xn, e->scratch, sn) &&
         apart(e->y_stage, yn, e->scratch, sn);
  }
  base_free(slots);
  if (st)
    return st;
  return ok ? NNC_OK : base_error(NNC_ERR_ARG, "program: %s's scratch, loss or staging does "
                                  "not fit the state", e->fn);
}

nnc_status ir_program_verify(const Program *p) {
  if (!identifier(p->prefix))
    return base_error(NNC_ERR_ARG, "program: the prefix '%s' is not a C identifier",
                      p->prefix ? p->prefix : "");
  if ((p->dtype != DT_F32 && p->dtype != DT_F64) || p->batch < 1 || p->in < 1 || p->out < 1 ||
      p->ylen < 1 || p->state_bytes < 0)
    return base_error(NNC_ERR_ARG, "program: bad dtype or sizes");
  nnc_status st = NNC_OK;
  for (int i = 0; i < p->nfills && !st; i++)
    st = check_fill(p, i);
  for (int i = 0; i < p->nnamed && !st; i++)
    if (!p->named[i].name || !region(p, p->dtype, p->named[i].offset,
                                     bytes_of(p->dtype, p->named[i].shape)))
      st = base_error(NNC_ERR_ARG, "program: tensor %d does not fit the state", i);
  for (int i = 0; i < p->nentries && !st; i++)
    st = check_entry(p, &p->entries[i]);
  return st;
}
