/* verify.c — checks every invariant of a graph, and names the value that breaks one.
 *
 * Builders and the parser cannot make an invalid graph, so a failure here is a bug in the
 * pass that ran last: the status is NNC_ERR_INTERNAL and the message reads
 * "verify: %12 (add): operand 1 is %15, defined later". Values are checked in order and an
 * operand is looked at only once it is known to be an earlier value of this graph, so a
 * corrupt graph is reported, not followed into garbage. Types are re-inferred with the
 * builders' own rules (ir_infer), so the two can never disagree. Fusion groups (pass_fuse's
 * `group`) are checked last: contiguous, numbered in order, one iteration space, a matmul
 * only as the first value, and a value kept out of memory read only inside its group.
 */
#include <stdarg.h>
#include <string.h>

#include "ir.h"

static nnc_status bad(const Value *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static nnc_status bad(const Value *v, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (v)
    return base_error(NNC_ERR_INTERNAL, "verify: %%%d (%s): %s", v->id, ir_op_name(v->op), msg);
  return base_error(NNC_ERR_INTERNAL, "verify: %s", msg);
}

static bool in_graph(const Graph *g, const Value *v) {
  return v && v->id >= 0 && v->id < g->nvalues && g->values[v->id] == v;
}

static nnc_status operands(const Graph *g, const Value *v) {
  if (v->nargs != ir_op_arity(v->op))
    return bad(v, "expected %d operands, found %d", ir_op_arity(v->op), v->nargs);
  for (int k = 0; k < v->nargs; k++) {
    const Value *a = v->args[k];
    if (!a)
      return bad(v, "operand %d is NULL", k);
    if (!in_graph(g, a))
      return bad(v, "operand %d is not a value of this graph", k);
    if (a == v)
      return bad(v, "operand %d is the value itself", k);
    if (a->id > v->id)
      return bad(v, "operand %d is %%%d, defined later", k, a->id);
  }
  return NNC_OK;
}

static nnc_status type(const Value *v) {
  char msg[256], want[96], got[96];
  DType t;
  Shape s;
  if (ir_infer(v, &t, &s, msg, sizeof msg) != NNC_OK) {
    const char *what = strstr(msg, ": "); /* past ir_infer's "OP: ", which bad() names */
    return bad(v, "%s", what ? what + 2 : msg);
  }
  if (t == v->dtype && ir_shape_eq(s, v->shape))
    return NNC_OK;
  ir_print_type(want, sizeof want, t, s);
  ir_print_type(got, sizeof got, v->dtype, v->shape);
  return bad(v, "type is %s, but its operands give %s", got, want);
}

/* The leaf names seen so far, hashed (open addressing): a graph of many leaves is checked
 * in time linear in its size. */
typedef struct {
  int *slot;      /* value id, or -1 */
  size_t mask;
} Names;

static size_t name_hash(const char *s) {
  size_t h = 1469598103934665603u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

/* The earlier leaf named as v is, or -1 after noting v. */
static int name_seen(const Graph *g, Names *n, const Value *v) {
  size_t i = name_hash(v->name) & n->mask;
  for (; n->slot[i] >= 0; i = (i + 1) & n->mask)
    if (strcmp(g->values[n->slot[i]]->name, v->name) == 0)
      return n->slot[i];
  n->slot[i] = v->id;
  return -1;
}

static nnc_status names(const Graph *g, Names *n, const Value *v) {
  bool named = v->op == OP_INPUT || v->op == OP_PARAM || v->op == OP_STATE;
  if (!named)
    return v->name ? bad(v, "has a name (\"%.40s\") but is not a named leaf", v->name) : NNC_OK;
  int j = v->name ? name_seen(g, n, v) : -1;
  return j >= 0 ? bad(v, "leaf name \"%.40s\" is also the name of %%%d", v->name, j) : NNC_OK;
}

static nnc_status offset(const Graph *g, const Value *v) {
  bool none = (ir_op_flags(v->op) & OPF_LEAF) || v->op == OP_ASSIGN;
  if (none || !g->planned)
    return none && v->offset != -1 ? bad(v, "has offset %lld, expected -1 (no buffer)",
                                         (long long)v->offset)
                                   : NNC_OK;
  if (v->group && v->offset == -1)
    return NNC_OK; /* kept in registers inside its group: groups() checks who reads it */
  int64_t bytes = ir_numel(v->shape) * (int64_t)ir_dtype_size(v->dtype);
  if (v->offset < 0 || v->offset % 64 != 0)
    return bad(v, "offset %lld is not a 64-aligned scratch offset", (long long)v->offset);
  if (v->offset > g->scratch_bytes - bytes)
    return bad(v, "bytes %lld..%lld lie beyond the scratch size %lld", (long long)v->offset,
               (long long)(v->offset + bytes), (long long)g->scratch_bytes);
  return NNC_OK;
}

static nnc_status value(const Graph *g, Names *n, int i) {
  const Value *v = g->values[i];
  if (!v)
    return bad(NULL, "values[%d] is NULL", i);
  if (v->id != i)
    return bad(NULL, "values[%d] (%s) has id %d", i, ir_op_name(v->op), v->id);
  if ((unsigned)v->op >= OP_COUNT)
    return bad(v, "unknown op %d", (int)v->op);
  nnc_status st = operands(g, v);
  if (!st)
    st = type(v);
  if (!st)
    st = names(g, n, v);
  if (!st)
    st = offset(g, v);
  return st;
}

static nnc_status outputs(const Graph *g) {
  for (int i = 0; i < g->noutputs; i++) {
    const Value *v = g->outputs[i];
    if (!in_graph(g, v))
      return bad(NULL, "output %d is not a value of this graph", i);
    if (v->op == OP_ASSIGN)
      return bad(v, "is output %d, but an assign has no value", i);
  }
  return NNC_OK;
}

/* ---- fusion groups (pass_fuse) ---- */

static bool fusible_member(const Value *v) {
  return (ir_op_flags(v->op) & OPF_ELEMWISE) || v->op == OP_ASSIGN || v->op == OP_RESHAPE;
}

/* A SUM/MEAN in a group reduces a member, and no member reads it (it is complete only when
 * the group's sweep ends). */
static nnc_status group_reduce(const Graph *g, const Value *v, int first, int end) {
  if (v->args[0]->id < first || v->args[0]->group != v->group)
    return bad(v, "in group %d, but reduces %%%d from outside it", v->group, v->args[0]->id);
  for (int i = v->id + 1; i < end; i++)
    for (int k = 0; k < g->values[i]->nargs; k++)
      if (g->values[i]->args[k] == v)
        return bad(g->values[i], "reads %%%d, a reduction of its own group %d", v->id, v->group);
  return NNC_OK;
}

/* The values [first, end) of one group: a MATMUL only first, the rest elementwise, ASSIGN,
 * a RESHAPE of a value from outside (read as a view) or a reduction of a member, all but the reductions of the first value's shape (the
 * iteration space), at least two, and a matmul head reads no target its group's ASSIGNs
 * write (it reads all of it while the group writes). */
static nnc_status group_range(const Graph *g, int first, int end) {
  const Value *head = g->values[first];
  if (end - first < 2)
    return bad(head, "group %d has a single value", head->group);
  if (head->op != OP_MATMUL && !fusible_member(head))
    return bad(head, "a %s cannot be first in a fusion group", ir_op_name(head->op));
  for (int i = first + 1; i < end; i++) {
    const Value *v = g->values[i];
    if (ir_op_flags(v->op) & OPF_REDUCE) {
      nnc_status st = group_reduce(g, v, first, end);
      if (st)
        return st;
      continue;
    }
    if (!fusible_member(v))
      return bad(v, "in group %d, but only its first value may be a %s", v->group,
                 ir_op_name(v->op));
    if (v->op == OP_RESHAPE && v->args[0]->id >= first)
      return bad(v, "in group %d, but reshapes %%%d of the same group", v->group, v->args[0]->id);
    if (!ir_shape_eq(v->shape, head->shape)) {
      char want[96], got[96];
      ir_print_type(want, sizeof want, head->dtype, head->shape);
      ir_print_type(got, sizeof got, v->dtype, v->shape);
      return bad(v, "in group %d of %%%d's shape (%s) but its type is %s", v->group, first,
                 want, got);
    }
    if (head->op == OP_MATMUL && v->op == OP_ASSIGN &&
        (head->args[0] == v->args[0] || head->args[1] == v->args[0]))
      return bad(v, "assigns %%%d, which its group's matmul %%%d reads", v->args[0]->id, first);
  }
  return NNC_OK;
}

/* A group member without a buffer is read only inside its group, is not an output and is
 * not a matmul head (whose result the kernel accumulates in memory). */
static nnc_status unbuffered(const Graph *g) {
  if (!g->planned)
    return NNC_OK;
  for (int i = 0; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    bool off = v->group && v->offset == -1 && !(ir_op_flags(v->op) & OPF_LEAF) &&
               v->op != OP_ASSIGN;
    if (off && v->op == OP_MATMUL)
      return bad(v, "heads group %d but has no buffer", v->group);
    for (int k = 0; k < v->nargs; k++) {
      const Value *a = v->args[k];
      if (a->group && a->offset == -1 && a->op != OP_ASSIGN && !(ir_op_flags(a->op) & OPF_LEAF) &&
          a->group != v->group)
        return bad(a, "has no buffer, but %%%d outside its group %d reads it", v->id, a->group);
    }
  }
  for (int i = 0; i < g->noutputs; i++) {
    const Value *v = g->outputs[i];
    if (v->group && v->offset == -1 && v->op != OP_ASSIGN)
      return bad(v, "is output %d but has no buffer", i);
  }
  return NNC_OK;
}

/* Group numbers are positive and increase along the graph; each group is one range. */
static nnc_status groups(const Graph *g) {
  int prev = 0;
  for (int i = 0; i < g->nvalues;) {
    const Value *v = g->values[i];
    int end = i + 1;
    if (v->group < 0)
      return bad(v, "group %d is negative", v->group);
    if (!v->group) {
      i++;
      continue;
    }
    if (v->group <= prev)
      return bad(v, "group %d comes after group %d (groups are contiguous, numbered in order)",
                 v->group, prev);
    while (end < g->nvalues && g->values[end]->group == v->group)
      end++;
    nnc_status st = group_range(g, i, end);
    if (st)
      return st;
    prev = v->group;
    i = end;
  }
  return unbuffered(g);
}

nnc_status ir_verify(const Graph *g) {
  if (!g)
    return base_error(NNC_ERR_ARG, "verify: graph is NULL");
  if (g->status != NNC_OK)
    return base_error(g->status, "verify: the graph holds an error: %s", g->msg);
  if (g->nvalues < 0 || g->nvalues > g->cap || (g->nvalues && !g->values))
    return bad(NULL, "value list of %d entries with capacity %d", g->nvalues, g->cap);
  if (g->noutputs < 0 || g->noutputs > g->outcap || (g->noutputs && !g->outputs))
    return bad(NULL, "output list of %d entries with capacity %d", g->noutputs, g->outcap);
  if (g->planned && g->scratch_bytes < 0)
    return bad(NULL, "scratch size %lld is negative", (long long)g->scratch_bytes);
  Names n = {NULL, 0};
  size_t cap = 16;
  while (cap < 2 * (size_t)g->nvalues)
    cap *= 2;
  if (!(n.slot = base_malloc(cap * sizeof *n.slot)))
    return base_error(NNC_ERR_NOMEM, "verify: out of memory");
  memset(n.slot, 0xff, cap * sizeof *n.slot); /* -1 */
  n.mask = cap - 1;
  nnc_status st = NNC_OK;
  for (int i = 0; i < g->nvalues && !st; i++)
    st = value(g, &n, i);
  base_free(n.slot);
  if (st)
    return st;
  st = outputs(g);
  return st ? st : groups(g);
}
