/* fuse.c — fusion groups: values that codegen emits as one kernel (pass_fuse).
 *
 * Contract.
 *   Does: sets `group` on values so that each group runs as ONE kernel over one iteration
 *     space (the shape of its values): optionally a MATMUL head first, then elementwise
 *     values and ASSIGNs of exactly that shape, and SUM/MEANs of members (summed in the same
 *     sweep: the bias gradient beside dZ, the loss's mean) that keep their operand's last
 *     axis longer than 1, so each result element adds its terms in the unfused order. A
 *     RESHAPE of a value from outside joins as a view: the group reads its operand's buffer
 *     in the space's row-major order (the reshaped bias gradient in its Adam update). A
 *     member reads group members from registers and everything else from memory (broadcast
 *     by strides, CONSTs as constants); with a head, the rest is applied in the matmul's
 *     epilogue, block by block. Groups are numbered
 *     1, 2, ... along the graph; values outside any group keep group 0. Values are reordered
 *     (a topological order of the groups, stable otherwise) so that every group is contiguous.
 *   Which merges, greedily, in SSA order (two rounds):
 *     1. an elementwise value (or an ASSIGN, through its value operand) joins the group of an
 *        operand that is a MATMUL or that has no other user: matmul + bias + activation,
 *        dY·Wᵀ with the activation derivative, Xᵀ·dZ with the optimizer chain;
 *     2. then through any matmul or elementwise operand (the chains of the loss and of the
 *        optimizer's shared values, and the ASSIGNs of the updates).
 *     A merge is refused when the spaces differ, when a member would read a reduction of the
 *     group (complete only at the end), when both groups have a matmul head, when
 *     the head would read a member or a target the group assigns, when the group would grow
 *     past MAX_MEMBERS, or when it would form a cycle: data edges and the order of every
 *     ASSIGN against the other reads and writes of its target (a read before the ASSIGN in
 *     SSA order stays before it, a read after stays after) must stay acyclic between groups.
 *     Moving an ASSIGN's write earlier is thereby safe: nothing between reads its target.
 *   Report: pass_fuse_report(g) gives the text of which value joined which group and why
 *     the others did not (kept in the graph's arena until the next pass_fuse or the graph's
 *     end).
 *   Requires: a verified graph (SSA order).
 *   Preserves: the values, their semantics (ASSIGN order against reads of the target), the
 *     outputs.
 *   Invalidates: value ids (reordered) and the plan (g->planned = false).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "passes.h"

enum {
  MAX_MEMBERS = 64,
  /* A matmul result of more elements than this (a MB of f32, past what stays in L2 beside
   * its operands) keeps an optimizer's update out of its epilogue: there the update reads and
   * writes the weights and moments a block at a time, rows a whole row of C apart, and Task
   * L's weight gradients ran their epilogues slower than the whole update as its own kernel,
   * which streams those arrays in order (bench/DECISIONS.md). */
  STREAMED_UPDATE_ELEMENTS = 1 << 18,
  /* A matmul of at most this many products per element (K), its result of SHALLOW_ELEMENTS
   * or more, keeps its whole epilogue out: its time is the epilogue's, which
   * in the matmul visits C a block at a time in column panels, rows a whole row of C apart,
   * while as a kernel of its own it streams the rows in order (Task L's input gradient of
   * its 10-unit layer, bench/DECISIONS.md). */
  SHALLOW_K = 16, SHALLOW_ELEMENTS = 1 << 16,
};

typedef enum { /* why a value is in no group: the first refusal seen, for the report */
  WHY_NONE, WHY_SHAPE, WHY_HEADS, WHY_HEAD_READS, WHY_CYCLE, WHY_BIG, WHY_READS_SUM, WHY_VIEW,
  WHY_STREAMED, WHY_SHALLOW,
} Why;

typedef struct {
  Graph *g;
  int n;
  int *up;           /* union-find parent; a root is its group's smallest id */
  int *next;         /* members of a group as a circular list */
  int *head;         /* per root: id of the matmul head, or -1 */
  unsigned char *alone; /* per matmul: why it takes no epilogue (WHY_STREAMED, WHY_SHALLOW),
                           or WHY_NONE */
  Shape *space;      /* per root: the iteration space (a reduction's: its operand's shape) */
  int *size;         /* per root: members */
  int *start, *succ; /* CSR: successors of each value (data users and ASSIGN order edges) */
  int *nuse;         /* per value: data users, outputs counted */
  int *mark, epoch;  /* per root: DFS visit stamp */
  int *stack;
  unsigned char *why;
  int *whyv;         /* the value the refused merge was with */
} Fz;

static int find(Fz *z, int i) {
  while (z->up[i] != i) {
    z->up[i] = z->up[z->up[i]];
    i = z->up[i];
  }
  return i;
}

static bool member_op(const Value *v) {
  return ((ir_op_flags(v->op) & OPF_ELEMWISE) || v->op == OP_ASSIGN) &&
         !(v->op == OP_ASSIGN && v->args[0] == v->args[1]);
}

/* A SUM/MEAN that may end a group: its last axis longer than 1 is kept, so the fused sweep
 * adds each result element's terms in the order the unfused kernel does (and vectorizes). */
static bool tail_reduce(const Value *v) {
  if (!(ir_op_flags(v->op) & OPF_REDUCE))
    return false;
  Shape s = v->args[0]->shape;
  for (int d = s.rank - 1; d >= 0; d--)
    if (s.dim[d] > 1)
      return !(v->axes >> d & 1u);
  return true;
}

/* ---- the dependence graph: data edges plus the order of each ASSIGN against its target's
 * other reads and writes ---- */

typedef struct {
  int *from, *to, n, cap;
} Edges;

static bool edge(Edges *e, int from, int to) {
  if (e->n == e->cap) {
    int cap = e->cap ? 2 * e->cap : 256;
    int *f = base_realloc(e->from, (size_t)cap * sizeof *f);
    if (f)
      e->from = f;
    int *t = f ? base_realloc(e->to, (size_t)cap * sizeof *t) : NULL;
    if (!t)
      return false;
    e->to = t, e->cap = cap;
  }
  e->from[e->n] = from, e->to[e->n++] = to;
  return true;
}

/* The users of every value, each once, in id order: those of value i are
 * use[start[i] .. start[i + 1]). Looked up rather than searched for, so that the passes over
 * users cost the graph's size, not its size times the values asked about. */
typedef struct {
  int *start, *use;
} Users;

static bool users_of(const Graph *g, Users *u) {
  size_t n = (size_t)g->nvalues;
  u->start = base_calloc(n + 2, sizeof *u->start);
  int nuse = 0;
  for (int r = 0; u->start && r < g->nvalues; r++)
    nuse += g->values[r]->nargs;
  u->use = u->start ? base_malloc(sizeof *u->use * ((size_t)nuse + 1)) : NULL;
  if (!u->use)
    return false;
  for (int pass = 0; pass < 2; pass++) { /* count, then fill (start[i + 1] is the cursor) */
    for (int r = 0; r < g->nvalues; r++) {
      const Value *v = g->values[r];
      for (int k = 0; k < v->nargs; k++) {
        bool again = false;
        for (int j = 0; j < k; j++)
          again |= v->args[j] == v->args[k];
        if (again)
          continue;
        if (pass == 0)
          u->start[v->args[k]->id + 2]++;
        else
          u->use[u->start[v->args[k]->id + 1]++] = r;
      }
    }
    for (size_t i = 0; pass == 0 && i < n; i++)
      u->start[i + 2] += u->start[i + 1];
  }
  return true;
}

static void users_free(Users *u) {
  base_free(u->start);
  base_free(u->use);
}

/* Every value r that names target t as an operand keeps its side of ASSIGN a. */
static bool order_edges(const Users *u, Edges *e, const Value *a) {
  int t = a->args[0]->id;
  for (int j = u->start[t]; j < u->start[t + 1]; j++) {
    int r = u->use[j];
    if (r != a->id && !edge(e, r < a->id ? r : a->id, r < a->id ? a->id : r))
      return false;
  }
  return true;
}

static bool build_edges(Fz *z) {
  Graph *g = z->g;
  Edges e = {0};
  Users u = {0};
  bool ok = users_of(g, &u);
  for (int i = 0; i < g->nvalues && ok; i++) {
    const Value *v = g->values[i];
    for (int k = 0; k < v->nargs && ok; k++) {
      ok = edge(&e, v->args[k]->id, i);
      z->nuse[v->args[k]->id]++;
    }
    if (ok && v->op == OP_ASSIGN)
      ok = order_edges(&u, &e, v);
  }
  for (int i = 0; i < g->noutputs; i++)
    z->nuse[g->outputs[i]->id]++;
  if (ok && (z->succ = base_malloc(sizeof *z->succ * ((size_t)e.n + 1)))) {
    for (int k = 0; k < e.n; k++)
      z->start[e.from[k] + 1]++;
    for (int i = 0; i < z->n; i++)
      z->start[i + 1] += z->start[i];
    int *fill = z->stack; /* free until the merges start */
    memset(fill, 0, sizeof *fill * (size_t)z->n);
    for (int k = 0; k < e.n; k++)
      z->succ[z->start[e.from[k]] + fill[e.from[k]]++] = e.to[k];
  }
  base_free(e.from);
  base_free(e.to);
  users_free(&u);
  return ok && z->succ;
}

/* ---- merging ---- */

/* Pushes the groups that members of root x lead to, other than a and b; true when one of
 * x's successors is in a or b and x is not (a path left the pair and came back). */
static bool visit(Fz *z, int x, int a, int b, int *sp) {
  int m = x;
  do {
    for (int k = z->start[m]; k < z->start[m + 1]; k++) {
      int r = find(z, z->succ[k]);
      if ((r == a || r == b) && x != a && x != b)
        return true;
      if (r != a && r != b && r != x && z->mark[r] != z->epoch) {
        z->mark[r] = z->epoch;
        z->stack[(*sp)++] = r;
      }
    }
    m = z->next[m];
  } while (m != x);
  return false;
}

/* Would merging groups a and b close a cycle through some third group? */
static bool cycle(Fz *z, int a, int b) {
  int sp = 0;
  z->epoch++;
  visit(z, a, a, b, &sp);
  visit(z, b, a, b, &sp);
  while (sp > 0)
    if (visit(z, z->stack[--sp], a, b, &sp))
      return true;
  return false;
}

/* A RESHAPE member reads its operand's buffer in the space's row-major order: the operand
 * must come from outside, and no other member may read that buffer (through other strides). */
static bool view_conflict(Fz *z, int a, int b) {
  for (int s = 0; s < 2; s++) {
    int x = s ? b : a, m = x;
    do {
      const Value *r = z->g->values[m];
      int src = r->op == OP_RESHAPE ? r->args[0]->id : -1, rs = src >= 0 ? find(z, src) : -1;
      if (rs == a || rs == b)
        return true;
      for (int t = 0; src >= 0 && t < 2; t++) {
        int y = t ? b : a, w = y;
        do {
          const Value *v = z->g->values[w];
          for (int k = v->op == OP_ASSIGN ? 1 : 0; k < v->nargs; k++)
            if (w != m && v->args[k]->id == src)
              return true;
          w = z->next[w];
        } while (w != y);
      }
      m = z->next[m];
    } while (m != x);
  }
  return false;
}

/* Does a member of a or b read a reduction of a or b (which is complete only at the end)? */
static bool reads_sum(Fz *z, int a, int b) {
  for (int s = 0; s < 2; s++) {
    int x = s ? b : a, m = x;
    do {
      const Value *v = z->g->values[m];
      for (int k = 0; k < v->nargs; k++) {
        const Value *u = v->args[k];
        int r = find(z, u->id);
        if ((ir_op_flags(u->op) & OPF_REDUCE) && (r == a || r == b))
          return true;
      }
      m = z->next[m];
    } while (m != x);
  }
  return false;
}

/* The head reads neither a member nor a target that a member assigns. */
static bool head_ok(Fz *z, int h, int a, int b) {
  const Value *hv = z->g->values[h];
  for (int k = 0; k < hv->nargs; k++) {
    int r = find(z, hv->args[k]->id);
    if (r == a || r == b)
      return false;
  }
  for (int s = 0; s < 2; s++) {
    int x = s ? b : a, m = x;
    do {
      const Value *v = z->g->values[m];
      if (v->op == OP_ASSIGN && (v->args[0] == hv->args[0] || v->args[0] == hv->args[1]))
        return false;
      m = z->next[m];
    } while (m != x);
  }
  return true;
}

static Why refusal(Fz *z, int a, int b) {
  if (!ir_shape_eq(z->space[a], z->space[b]))
    return WHY_SHAPE;
  if (reads_sum(z, a, b))
    return WHY_READS_SUM;
  if (view_conflict(z, a, b))
    return WHY_VIEW;
  if (z->head[a] >= 0 && z->head[b] >= 0)
    return WHY_HEADS;
  int h = z->head[a] >= 0 ? z->head[a] : z->head[b];
  if (h >= 0 && z->alone[h])
    return (Why)z->alone[h];
  if (h >= 0 && !head_ok(z, h, a, b))
    return WHY_HEAD_READS;
  if (z->size[a] + z->size[b] > MAX_MEMBERS)
    return WHY_BIG;
  return cycle(z, a, b) ? WHY_CYCLE : WHY_NONE;
}

static void note(Fz *z, int v, Why w, int other) {
  if (!z->why[v]) {
    z->why[v] = (unsigned char)w;
    z->whyv[v] = other;
  }
}

/* v joins u's group (or u joins v's): both are values. */
static void try_merge(Fz *z, int v, int u) {
  int a = find(z, v), b = find(z, u);
  if (a == b)
    return;
  Why w = refusal(z, a, b);
  if (w != WHY_NONE) {
    note(z, v, w, u);
    note(z, u, w, v);
    return;
  }
  if (b < a) {
    int t = a;
    a = b, b = t;
  }
  z->up[b] = a;
  int t = z->next[a];
  z->next[a] = z->next[b], z->next[b] = t;
  z->size[a] += z->size[b];
  if (z->head[a] < 0)
    z->head[a] = z->head[b];
}

static void merge_round(Fz *z, bool any_user) {
  const Graph *g = z->g;
  for (int i = 0; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    if ((!member_op(v) && !tail_reduce(v)) || ir_numel(z->space[i]) == 0)
      continue; /* an empty space runs no kernel, but a reduction of it must still fill */
    for (int k = v->op == OP_ASSIGN ? 1 : 0; k < v->nargs; k++) {
      const Value *u = v->args[k];
      bool near = member_op(u) || u->op == OP_RESHAPE; /* a reshape joins as a view */
      bool ok = u->op == OP_MATMUL || (near && (any_user || z->nuse[u->id] == 1));
      if (ok)
        try_merge(z, i, u->id);
    }
  }
}

/* ---- the new order: groups topologically, each contiguous, stable otherwise ---- */

static void heap_push(int *h, int *n, int x) {
  int i = (*n)++;
  for (; i > 0 && h[(i - 1) / 2] > x; i = (i - 1) / 2)
    h[i] = h[(i - 1) / 2];
  h[i] = x;
}

static int heap_pop(int *h, int *n) {
  int top = h[0], x = h[--*n], i = 0;
  for (int c; (c = 2 * i + 1) < *n; i = c) {
    if (c + 1 < *n && h[c + 1] < h[c])
      c++;
    if (h[c] >= x)
      break;
    h[i] = h[c];
  }
  h[i] = x;
  return top;
}

/* Members of each root, the matmul head first (it reads no member, so it may run first)
 * and the others in id order: mem[first[r] .. first[r] + size[r]). */
static void members(Fz *z, int *first, int *mem) {
  int at = 0;
  for (int i = 0; i < z->n; i++)
    if (find(z, i) == i) {
      first[i] = at;
      at += z->size[i];
    }
  int *fill = z->mark; /* the DFS is over */
  memset(fill, 0, sizeof *fill * (size_t)z->n);
  for (int i = 0; i < z->n; i++) {
    int r = find(z, i);
    if (z->head[r] >= 0 && fill[r] == 0)
      mem[first[r] + fill[r]++] = z->head[r];
    if (i != z->head[r])
      mem[first[r] + fill[r]++] = i;
  }
}

/* Kahn's algorithm over groups; the ready group with the smallest first id goes next. */
static void schedule(Fz *z, const int *first, const int *mem, int *indeg, Value **order) {
  Graph *g = z->g;
  int nheap = 0, nout = 0, group = 0;
  for (int i = 0; i < z->n; i++)
    for (int k = z->start[i]; k < z->start[i + 1]; k++)
      if (find(z, z->succ[k]) != find(z, i))
        indeg[find(z, z->succ[k])]++;
  for (int i = 0; i < z->n; i++)
    if (find(z, i) == i && indeg[i] == 0)
      heap_push(z->stack, &nheap, i);
  while (nheap > 0) {
    int r = heap_pop(z->stack, &nheap);
    group += z->size[r] > 1;
    for (int j = first[r]; j < first[r] + z->size[r]; j++) {
      Value *v = g->values[mem[j]];
      v->group = z->size[r] > 1 ? group : 0;
      order[nout++] = v;
      for (int k = z->start[mem[j]]; k < z->start[mem[j] + 1]; k++) {
        int s = find(z, z->succ[k]);
        if (s != r && --indeg[s] == 0)
          heap_push(z->stack, &nheap, s);
      }
    }
  }
  if (nout != z->n)
    nnc_unreachable("fusion groups form a cycle");
}

/* Puts the values in the new order; old_of[new id] = old id. */
static bool reorder(Fz *z, int *old_of) {
  size_t n = (size_t)z->n;
  int *first = base_calloc(n, sizeof *first), *mem = base_calloc(n, sizeof *mem);
  int *indeg = base_calloc(n, sizeof *indeg);
  Value **order = base_calloc(n, sizeof *order);
  bool ok = first && mem && indeg && order;
  if (ok) {
    members(z, first, mem);
    schedule(z, first, mem, indeg, order);
    for (int i = 0; i < z->n; i++) {
      old_of[i] = order[i]->id;
      z->g->values[i] = order[i];
      order[i]->id = i;
    }
  }
  base_free(first), base_free(mem), base_free(indeg), base_free(order);
  return ok;
}

/* ---- the report ---- */

typedef struct {
  char *p;
  size_t len, cap;
  bool oom;
} Text;

static void say(Text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(Text *t, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (t->oom || n < 0)
    return;
  if (t->len + (size_t)n + 1 > t->cap) {
    size_t cap = t->cap ? t->cap : 1024;
    while (cap < t->len + (size_t)n + 1)
      cap *= 2;
    char *p = base_realloc(t->p, cap);
    if (!p) {
      t->oom = true;
      return;
    }
    t->p = p, t->cap = cap;
  }
  va_start(ap, fmt);
  vsnprintf(t->p + t->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  t->len += (size_t)n;
}

static bool has_kernel(const Value *v) {
  return !(ir_op_flags(v->op) & OPF_LEAF) && ir_numel(v->shape) > 0 &&
         !(v->op == OP_ASSIGN && v->args[0] == v->args[1]);
}

/* The first user of v outside its group (-1: none), or -2 when v is an output. */
static int outside_user(const Graph *g, const Users *us, const Value *v) {
  for (int i = 0; i < g->noutputs; i++)
    if (g->outputs[i] == v)
      return -2;
  for (int j = us->start[v->id]; j < us->start[v->id + 1]; j++)
    if (g->values[us->use[j]]->group != v->group)
      return us->use[j];
  return -1;
}

static void group_line(Text *t, const Graph *g, const Users *us, int first, int end) {
  char ty[96];
  const Value *h = g->values[first];
  ir_print_type(ty, sizeof ty, h->dtype, h->shape);
  say(t, "group %d over %s%s:", h->group, ty,
      h->op == OP_MATMUL ? ", the rest in the matmul's epilogue" : ", one loop");
  for (int i = first; i < end; i++)
    say(t, "%s %%%d %s", i > first ? "," : "", i, ir_op_name(g->values[i]->op));
  say(t, "\n  writes:");
  int nmem = 0;
  for (int i = first; i < end; i++) {
    const Value *v = g->values[i];
    int u = v->op == OP_ASSIGN ? -1 : outside_user(g, us, v);
    const char *sep = nmem ? "," : "";
    if (v->op == OP_ASSIGN)
      say(t, "%s %%%d (assigned by %%%d)", sep, v->args[0]->id, i);
    else if (i == first && v->op == OP_MATMUL)
      say(t, "%s %%%d (the matmul's sums)", sep, i);
    else if (u == -2)
      say(t, "%s %%%d (an output)", sep, i);
    else if (u >= 0)
      say(t, "%s %%%d (read by %%%d %s)", sep, i, u, ir_op_name(g->values[u]->op));
    else
      continue;
    nmem++;
  }
  say(t, "%s\n", nmem ? "" : " nothing (no value is read outside the group)");
}

static const char *why_text(Why w) {
  switch (w) {
  case WHY_SHAPE: return "its shape differs from that of the group of";
  case WHY_HEADS: return "it would share a group with a second matmul head, joining";
  case WHY_HEAD_READS: return "the group's matmul would read a value the group writes, joining";
  case WHY_CYCLE: return "a value outside the group would have to run in between (a cycle), joining";
  case WHY_BIG: return "the group would pass its size limit, joining";
  case WHY_READS_SUM: return "a member would read a reduction before it is complete, joining";
  case WHY_VIEW: return "a reshape's operand would be read in two layouts, joining";
  case WHY_STREAMED: return "a large matmul's optimizer update streams as its own kernel, apart from";
  case WHY_SHALLOW: return "a large matmul of few products per element runs its epilogue as its own kernel, apart from";
  case WHY_NONE: break;
  }
  return "";
}

/* Why v (at new id i) is in no group; new ids of recorded partners come from `now`. */
static void alone_line(Text *t, const Graph *g, const Fz *z, int old, int i, const int *now) {
  const Value *v = g->values[i];
  unsigned f = ir_op_flags(v->op);
  say(t, "%%%d %s: ", i, ir_op_name(v->op));
  if ((f & OPF_REDUCE) && z->why[old])
    say(t, "%s %%%d\n", why_text((Why)z->why[old]), now[z->whyv[old]]);
  else if ((f & OPF_REDUCE) && !tail_reduce(v))
    say(t, "reduces its last axis (its own kernel, which sums in another order)\n");
  else if (f & OPF_REDUCE || v->op == OP_SOFTMAX || v->op == OP_LOG_SOFTMAX)
    say(t, "a reduction (its own kernel)\n");
  else if (v->op == OP_RESHAPE && z->why[old])
    say(t, "%s %%%d\n", why_text((Why)z->why[old]), now[z->whyv[old]]);
  else if (v->op == OP_TRANSPOSE || v->op == OP_RESHAPE || v->op == OP_BROADCAST ||
           v->op == OP_ONE_HOT)
    say(t, "a layout op (its own kernel)\n");
  else if (v->op == OP_ASSIGN && v->args[0] == v->args[1])
    say(t, "assigns its target to itself (no code)\n");
  else if (z->why[old])
    say(t, "%s %%%d\n", why_text((Why)z->why[old]), now[z->whyv[old]]);
  else if (v->op == OP_MATMUL)
    say(t, "no elementwise user of its shape\n");
  else
    say(t, "no matmul or elementwise operand to join%s\n",
        v->op == OP_ASSIGN ? " (its value is not fusible)" : "");
}

/* Writes the report into the graph's arena; false when out of memory. */
static bool report(Fz *z, const int *old_of) {
  const Graph *g = z->g;
  Text t = {0};
  int *now = base_calloc((size_t)z->n + 1, sizeof *now);
  Users us = {0};
  if (!now || !users_of(g, &us)) {
    base_free(now);
    users_free(&us);
    return false;
  }
  int before = 0, after = 0;
  for (int i = 0; i < g->nvalues; i++) {
    now[old_of[i]] = i;
    const Value *v = g->values[i];
    before += has_kernel(v);
    after += has_kernel(v) && (!v->group || i == 0 || g->values[i - 1]->group != v->group);
  }
  say(&t, "fusion: %d kernels without fusion, %d with it\n", before, after);
  for (int i = 0; i < g->nvalues;) {
    int end = i + 1;
    while (g->values[i]->group && end < g->nvalues && g->values[end]->group == g->values[i]->group)
      end++;
    if (g->values[i]->group)
      group_line(&t, g, &us, i, end);
    i = end;
  }
  say(&t, "not fused:\n");
  for (int i = 0; i < g->nvalues; i++)
    if (!g->values[i]->group && has_kernel(g->values[i]))
      alone_line(&t, g, z, old_of[i], i, now);
  base_free(now);
  users_free(&us);
  z->g->fuse_report = t.oom || !t.p ? NULL : ir_strdup(z->g, t.p);
  base_free(t.p);
  return z->g->fuse_report != NULL;
}

/* ---- the pass ---- */

/* Is the matmul h large and of few products per element (SHALLOW_K)? */
static bool shallow(const Value *h) {
  int64_t k = h->args[0]->shape.dim[h->trans_a ? 0 : 1];
  return k <= SHALLOW_K && ir_numel(h->shape) >= SHALLOW_ELEMENTS;
}

/* Does an ASSIGN (an optimizer's update) follow from the large matmul h through elementwise
 * values of its shape? reach: scratch of one flag per value. */
static bool feeds_update(const Graph *g, int h, bool *reach) {
  if (ir_numel(g->values[h]->shape) <= STREAMED_UPDATE_ELEMENTS)
    return false;
  memset(reach, 0, sizeof *reach * (size_t)g->nvalues);
  reach[h] = true;
  for (int i = h + 1; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    if (!member_op(v) || !ir_shape_eq(v->shape, g->values[h]->shape))
      continue;
    for (int k = 0; k < v->nargs && !reach[i]; k++)
      reach[i] = reach[v->args[k]->id];
    if (reach[i] && v->op == OP_ASSIGN)
      return true;
  }
  return false;
}

static void fz_free(Fz *z) {
  base_free(z->up), base_free(z->next), base_free(z->head), base_free(z->alone);
  base_free(z->size), base_free(z->space);
  base_free(z->start), base_free(z->succ), base_free(z->nuse), base_free(z->mark);
  base_free(z->stack), base_free(z->why), base_free(z->whyv);
}

static bool fz_init(Fz *z, Graph *g) {
  size_t n = (size_t)g->nvalues + 1;
  *z = (Fz){.g = g, .n = g->nvalues};
  z->up = base_calloc(n, sizeof(int)), z->next = base_calloc(n, sizeof(int));
  z->head = base_calloc(n, sizeof(int)), z->size = base_calloc(n, sizeof(int));
  z->alone = base_calloc(n, 1);
  z->space = base_calloc(n, sizeof(Shape));
  z->start = base_calloc(n + 1, sizeof(int)), z->nuse = base_calloc(n, sizeof(int));
  z->mark = base_calloc(n, sizeof(int)), z->stack = base_calloc(n, sizeof(int));
  z->why = base_calloc(n, 1), z->whyv = base_calloc(n, sizeof(int));
  if (!z->up || !z->next || !z->head || !z->alone || !z->size || !z->space || !z->start ||
      !z->nuse || !z->mark || !z->stack || !z->why || !z->whyv)
    return false;
  bool *reach = base_calloc(n, sizeof *reach);
  if (!reach)
    return false;
  for (int i = 0; i < z->n; i++)
    z->alone[i] = g->values[i]->op != OP_MATMUL ? WHY_NONE
                : shallow(g->values[i])           ? WHY_SHALLOW
                : feeds_update(g, i, reach)       ? WHY_STREAMED : WHY_NONE;
  base_free(reach);
  for (int i = 0; i < z->n; i++) {
    z->up[i] = z->next[i] = i;
    z->size[i] = 1;
    z->head[i] = g->values[i]->op == OP_MATMUL ? i : -1;
    z->space[i] = tail_reduce(g->values[i]) ? g->values[i]->args[0]->shape : g->values[i]->shape;
    g->values[i]->group = 0;
  }
  return build_edges(z);
}

nnc_status pass_fuse(Graph *g, PassCtx *cx) {
  (void)cx;
  if (!g)
    return base_error(NNC_ERR_ARG, "fuse: no graph");
  Fz z = {0};
  int *old_of = base_calloc((size_t)g->nvalues + 1, sizeof *old_of);
  bool ok = old_of && fz_init(&z, g);
  if (ok) {
    merge_round(&z, false);
    merge_round(&z, true);
    ok = reorder(&z, old_of) && report(&z, old_of);
  }
  fz_free(&z);
  base_free(old_of);
  g->planned = false;
  return ok ? NNC_OK : base_error(NNC_ERR_NOMEM, "fuse: out of memory");
}

const char *pass_fuse_report(const Graph *g) {
  return g ? g->fuse_report : NULL;
}
