/* simplify.c — constant folding, common subexpressions and dead values (pass_simplify).
 *
 * Contract.
 *   Does, repeated until nothing changes:
 *   1. folding. An elementwise op whose operands are all CONST becomes a CONST when every
 *      operand and the result are finite (an i32 result must also be an integer that fits):
 *      the value is rewritten in place, keeping its id and type. The result is ir_eval_elem's,
 *      the op's reference semantics (ops.def's ELEM column, which ir_eval uses too), in f64
 *      from the operands' `num`; a cast to f32 rounds to f32 (so a folded f32 chain may be
 *      an ulp closer to the exact result than f32 code). RESHAPE,
 *      BROADCAST and TRANSPOSE of a CONST are CONSTs too. Identities, applied only where
 *      they are exact for every input, NaN, ±Inf and -0 included, and only when the
 *      replacement already has the value's type:
 *        x*1, 1*x, x/1, x-(+0), x+(-0), x**1, neg(neg x), transpose(transpose x),
 *        cast/reshape/broadcast to x's own type  ->  x
 *        i32 only: x+0, 0+x -> x; x*0, 0*x -> const 0
 *      Not folded: x+(+0) for floats (-0 + +0 is +0) and x*0 for floats (NaN, Inf, -0).
 *   2. CSE. Two values with the same op, attributes, type and operands are merged into the
 *      first (commutative ops, OPF_COMMUTES, match either operand order). CONSTs with the
 *      same type and bit-identical fill are merged too (they have no buffer and no name).
 *      Never INPUT/PARAM/STATE or ASSIGN. A read of a PARAM/STATE after an ASSIGN to it
 *      sees a new value, so the key of a leaf operand includes how many ASSIGNs to it came
 *      before; likewise x is not substituted for a value when x is assigned later.
 *   3. DCE. Keeps what reaches an output or an ASSIGN, and every INPUT/PARAM/STATE (they
 *      are the calling convention) even when unused; unused CONSTs go.
 *   Requires: a verified graph.
 *   Preserves: SSA order, the outputs (possibly replaced by an equal value), every
 *     INPUT/PARAM/STATE and ASSIGN in order.
 *   Invalidates: value ids (dead values are removed and the rest renumbered), the plan.
 *
 * A value replaced by another (folding's identities, CSE's merges) is noted, not searched
 * for: each value's operands take their replacements just before it is looked at, which in
 * SSA order is after every replacement of those operands was decided, so a round costs one
 * walk however many values it replaces.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "passes.h"

typedef struct {
  Graph *g;
  int *ver;          /* ver[id]: ASSIGNs to leaf id before the current value */
  int *last_assign;  /* last_assign[id]: id of the last ASSIGN to leaf id, or -1 */
  Value **repl;      /* repl[id]: the value that replaces value id at its uses, or NULL */
  bool changed;
} Simp;

/* Value `from` is replaced by `to` (which no value replaces) at all of its uses. */
static void replace(Simp *s, const Value *from, Value *to) {
  s->repl[from->id] = to;
  s->changed = true;
}

/* v's operands, replaced where noted. */
static void take_replacements(const Simp *s, Value *v) {
  for (int k = 0; k < v->nargs; k++)
    if (s->repl[v->args[k]->id])
      v->args[k] = s->repl[v->args[k]->id];
}

/* After a walk that called take_replacements on every value: the outputs too, and the notes
 * cleared for the next walk. */
static void replacements_done(Simp *s) {
  Graph *g = s->g;
  for (int i = 0; i < g->noutputs; i++)
    if (s->repl[g->outputs[i]->id])
      g->outputs[i] = s->repl[g->outputs[i]->id];
  memset(s->repl, 0, (size_t)g->nvalues * sizeof *s->repl);
}

static bool is_const(const Value *v, double c) {
  return v->op == OP_CONST && v->num == c && signbit(v->num) == signbit(c);
}

/* ---------------------------------------------------------------- folding */

static bool fits(DType t, double r) {
  if (!isfinite(r))
    return false;
  if (t == DT_F32)
    return fabs(r) <= FLT_MAX;
  if (t == DT_I32)
    return r == trunc(r) && r >= INT32_MIN && r <= INT32_MAX;
  return true;
}

static void make_const(Simp *s, Value *v, double num) {
  v->op = OP_CONST;
  v->nargs = 0;
  memset(v->args, 0, sizeof v->args);
  v->num = v->dtype == DT_I32 && num == 0.0 ? 0.0 : num; /* i32 has no -0 */
  v->axes = 0;
  v->keepdims = v->trans_a = v->trans_b = v->bf16 = false;
  v->cmp = CMP_LT;
  v->offset = -1;
  s->changed = true;
}

static bool fold_const(Simp *s, Value *v) {
  unsigned f = ir_op_flags(v->op);
  double a[IR_MAX_ARGS] = {0};
  for (int i = 0; i < v->nargs; i++) {
    if (v->args[i]->op != OP_CONST || !isfinite(v->args[i]->num))
      return false;
    a[i] = v->args[i]->num;
  }
  if (v->nargs == 0)
    return false;
  if (v->op == OP_RESHAPE || v->op == OP_BROADCAST || v->op == OP_TRANSPOSE) {
    make_const(s, v, a[0]);
    return true;
  }
  if (!(f & OPF_ELEMWISE))
    return false;
  double r = ir_eval_elem(v, a);
  if (!fits(v->dtype, r))
    return false;
  make_const(s, v, r);
  return true;
}

/* May x stand for v at v's uses? It must have v's type and keep its value until the end. */
static bool can_use(const Simp *s, const Value *v, const Value *x) {
  if (x->dtype != v->dtype || !ir_shape_eq(x->shape, v->shape))
    return false;
  if (x->op == OP_PARAM || x->op == OP_STATE)
    return s->last_assign[x->id] < v->id;
  return true;
}

/* Only these ops have identities; any other op has none (hence no switch over ops). */
static Value *identity_of(const Value *v) {
  Value *a = v->nargs > 0 ? v->args[0] : NULL, *b = v->nargs > 1 ? v->args[1] : NULL;
  bool i32 = v->dtype == DT_I32;
  OpKind op = v->op;
  if (op == OP_MUL)
    return is_const(b, 1) ? a : is_const(a, 1) ? b : NULL;
  if (op == OP_DIV)
    return is_const(b, 1) ? a : NULL;
  if (op == OP_SUB)
    return is_const(b, 0.0) || (i32 && is_const(b, -0.0)) ? a : NULL;
  if (op == OP_ADD && (is_const(b, -0.0) || (i32 && is_const(b, 0.0))))
    return a;
  if (op == OP_ADD)
    return is_const(a, -0.0) || (i32 && is_const(a, 0.0)) ? b : NULL;
  if (op == OP_POW)
    return v->num == 1.0 ? a : NULL;
  if (op == OP_NEG || op == OP_TRANSPOSE) /* an involution */
    return a->op == op ? a->args[0] : NULL;
  if (op == OP_CAST || op == OP_RESHAPE || op == OP_BROADCAST)
    return a; /* used only when the types agree */
  return NULL;
}

static bool int_zero_product(const Value *v) {
  if (v->op != OP_MUL || v->dtype != DT_I32)
    return false;
  const Value *a = v->args[0], *b = v->args[1];
  return (a->op == OP_CONST && a->num == 0) || (b->op == OP_CONST && b->num == 0);
}

static void fold(Simp *s) {
  Graph *g = s->g;
  for (int i = 0; i < g->nvalues; i++) {
    Value *v = g->values[i];
    take_replacements(s, v);
    if ((ir_op_flags(v->op) & (OPF_LEAF | OPF_EFFECT)) || fold_const(s, v))
      continue;
    if (int_zero_product(v)) {
      make_const(s, v, 0.0);
      continue;
    }
    Value *x = identity_of(v);
    if (x && x != v && can_use(s, v, x))
      replace(s, v, x);
  }
  replacements_done(s);
}

/* ---------------------------------------------------------------- CSE */

typedef struct {
  int id[IR_MAX_ARGS];  /* operand ids */
  int ver[IR_MAX_ARGS]; /* ASSIGNs to a leaf operand seen so far */
} Key;

static Key key_of(const Simp *s, const Value *v, bool swap) {
  Key k;
  memset(&k, 0, sizeof k);
  for (int i = 0; i < v->nargs; i++) {
    const Value *a = v->args[swap && i < 2 ? 1 - i : i];
    k.id[i] = a->id;
    k.ver[i] = s->ver[a->id];
  }
  return k;
}

static bool same_attrs(const Value *a, const Value *b) {
  return a->dtype == b->dtype && a->nargs == b->nargs && ir_shape_eq(a->shape, b->shape) &&
         ir_attrs_equal(a, b);
}

static uint64_t hash_of(const Value *v, const Key *k) {
  uint64_t h = 1469598103934665603ull;
  uint64_t parts[2 + 2 * IR_MAX_ARGS] = {(uint64_t)v->op, (uint64_t)ir_numel(v->shape)};
  for (int i = 0; i < IR_MAX_ARGS; i++) {
    parts[2 + 2 * i] = (uint64_t)k->id[i];
    parts[3 + 2 * i] = (uint64_t)k->ver[i];
  }
  if (v->op == OP_CONST)
    memcpy(&parts[1], &v->num, sizeof v->num);
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
    h = (h ^ parts[i]) * 1099511628211ull;
  return h;
}

typedef struct {
  Value **v;     /* representative values, NULL = empty */
  Key *k;        /* their keys */
  size_t mask;
} Table;

static bool cse_candidate(const Value *v) {
  if (v->op == OP_CONST)
    return true;
  return !(ir_op_flags(v->op) & (OPF_LEAF | OPF_EFFECT));
}

/* The earlier value equal to v under key k, or NULL after recording v. */
static Value *lookup(Table *t, Value *v, const Key *k, bool insert) {
  size_t i = hash_of(v, k) & t->mask;
  for (; t->v[i]; i = (i + 1) & t->mask)
    if (same_attrs(t->v[i], v) && memcmp(&t->k[i], k, sizeof *k) == 0)
      return t->v[i];
  if (insert) {
    t->v[i] = v;
    t->k[i] = *k;
  }
  return NULL;
}

static void cse_value(Simp *s, Table *t, Value *v) {
  Key k = key_of(s, v, false);
  Value *old = lookup(t, v, &k, false);
  if (!old && (ir_op_flags(v->op) & OPF_COMMUTES) && v->nargs == 2) {
    Key ks = key_of(s, v, true);
    old = lookup(t, v, &ks, false);
  }
  if (old) {
    replace(s, v, old);
  } else {
    lookup(t, v, &k, true);
  }
}

static nnc_status cse(Simp *s) {
  Graph *g = s->g;
  size_t cap = 16;
  while (cap < 2 * (size_t)g->nvalues)
    cap *= 2;
  Table t = {base_calloc(cap, sizeof *t.v), base_calloc(cap, sizeof *t.k), cap - 1};
  if (!t.v || !t.k) {
    base_free(t.v);
    base_free(t.k);
    return base_error(NNC_ERR_NOMEM, "simplify: out of memory");
  }
  memset(s->ver, 0, (size_t)g->nvalues * sizeof *s->ver);
  for (int i = 0; i < g->nvalues; i++) {
    Value *v = g->values[i];
    take_replacements(s, v);
    if (v->op == OP_ASSIGN)
      s->ver[v->args[0]->id]++;
    else if (cse_candidate(v))
      cse_value(s, &t, v);
  }
  replacements_done(s);
  base_free(t.v);
  base_free(t.k);
  return NNC_OK;
}

/* ---------------------------------------------------------------- DCE */

static nnc_status dce(Simp *s) {
  Graph *g = s->g;
  bool *live = base_calloc((size_t)g->nvalues + 1, sizeof *live);
  if (!live)
    return base_error(NNC_ERR_NOMEM, "simplify: out of memory");
  for (int i = 0; i < g->noutputs; i++)
    live[g->outputs[i]->id] = true;
  int ndead = 0;
  for (int i = g->nvalues - 1; i >= 0; i--) {
    Value *v = g->values[i];
    OpKind op = v->op;
    if (op == OP_ASSIGN || op == OP_INPUT || op == OP_PARAM || op == OP_STATE)
      live[i] = true;
    if (!live[i]) {
      ndead++;
      continue;
    }
    for (int j = 0; j < v->nargs; j++)
      live[v->args[j]->id] = true;
  }
  if (ndead) {
    for (int i = 0; i < g->nvalues; i++)
      live[i] = !live[i]; /* now: dead */
    ir_remove(g, live);
    s->changed = true;
  }
  base_free(live);
  return NNC_OK;
}

/* ---------------------------------------------------------------- driver */

static void find_assigns(Simp *s) {
  Graph *g = s->g;
  for (int i = 0; i < g->nvalues; i++)
    s->last_assign[i] = -1;
  for (int i = 0; i < g->nvalues; i++)
    if (g->values[i]->op == OP_ASSIGN)
      s->last_assign[g->values[i]->args[0]->id] = i;
}

static nnc_status round_once(Simp *s) {
  find_assigns(s);
  fold(s);
  nnc_status st = cse(s);
  return st != NNC_OK ? st : dce(s);
}

nnc_status pass_simplify(Graph *g, PassCtx *cx) {
  (void)cx;
  Simp s = {.g = g};
  size_t n = (size_t)g->nvalues + 1;
  s.ver = base_calloc(n, sizeof *s.ver);
  s.last_assign = base_calloc(n, sizeof *s.last_assign);
  s.repl = base_calloc(n, sizeof *s.repl);
  nnc_status st = s.ver && s.last_assign && s.repl ? NNC_OK
                                         : base_error(NNC_ERR_NOMEM, "simplify: out of memory");
  /* Every round that changes something removes or rewrites a value, so this terminates;
   * the bound only guards against a bug. */
  for (int round = 0; st == NNC_OK && round < 1000; round++) {
    s.changed = false;
    st = round_once(&s);
    if (!s.changed)
      break;
  }
  base_free(s.ver);
  base_free(s.last_assign);
  base_free(s.repl);
  g->planned = false;
  return st;
}
