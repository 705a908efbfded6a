/* graph.c — the Graph container: its arena, its value list, its outputs, its sticky error.
 *
 * Invariant kept here: g->values[i]->id == i after every function of this file returns.
 * Nodes, shapes and strings live in the arena, a list of chunks that grows on demand (a
 * request bigger than a quarter of a chunk gets a chunk of its own), so Value pointers stay
 * valid for the life of the graph; only the values and outputs arrays are reallocated.
 * Chunks and arrays are allocated in the graph's context (the one ir_graph_new ran in), so a
 * builder called from anywhere grows the graph with its own allocator.
 * Running out of memory records NNC_ERR_NOMEM in the graph and returns NULL; it never aborts.
 * Bugs of the caller (removing an output, a cycle) abort with file:line.
 */
#include <limits.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"

typedef struct Chunk Chunk;
struct Chunk {
  Chunk *next;
  size_t used, cap;           /* bytes of the data area after the header */
};

struct Arena {
  Chunk *head;                /* the chunk small requests are served from */
  size_t next_cap;            /* data size of the next regular chunk; doubles up to a limit */
};

enum { ARENA_FIRST = 16 << 10, ARENA_MAX = 1 << 20 };

#define ALIGN alignof(max_align_t)
#define HDR ((sizeof(Chunk) + ALIGN - 1) / ALIGN * ALIGN)

/* A chunk in the arena's context (base/alloc.c), whichever call grows the graph. */
static Chunk *chunk_new(const Arena *a, size_t cap) {
  if (cap > SIZE_MAX - HDR)
    return NULL;
  Chunk *c = base_realloc_in(base_owner(a), NULL, HDR + cap);
  if (c) {
    memset(c, 0, HDR + cap);
    c->cap = cap;
  }
  return c;
}

static void *arena_alloc(Arena *a, size_t n) {
  if (n > SIZE_MAX - ALIGN)
    return NULL;
  n = (n + ALIGN - 1) / ALIGN * ALIGN;
  Chunk *c = a->head;
  if (c && c->cap - c->used >= n) {
    void *p = (char *)c + HDR + c->used;
    c->used += n;
    return p; /* zeroed: chunks are calloc'd and never reused */
  }
  if (n > a->next_cap / 4) { /* big: its own chunk, behind the current one */
    Chunk *big = chunk_new(a, n);
    if (!big)
      return NULL;
    big->used = n;
    big->next = c ? c->next : NULL;
    if (c)
      c->next = big;
    else
      a->head = big;
    return (char *)big + HDR;
  }
  Chunk *fresh = chunk_new(a, a->next_cap);
  if (!fresh)
    return NULL;
  if (a->next_cap < ARENA_MAX)
    a->next_cap *= 2;
  fresh->next = c;
  a->head = fresh;
  fresh->used = n;
  return (char *)fresh + HDR;
}

Graph *ir_graph_new(void) {
  Graph *g = base_calloc(1, sizeof *g);
  if (!g)
    return NULL;
  g->arena = base_calloc(1, sizeof *g->arena);
  if (!g->arena) {
    base_free(g);
    return NULL;
  }
  g->arena->next_cap = ARENA_FIRST;
  g->magic = BASE_MAGIC_GRAPH;
  return g;
}

void ir_graph_free(Graph *g) {
  if (!g)
    return;
  g->magic = BASE_MAGIC_DEAD;
  if (g->arena) {
    Chunk *c = g->arena->head;
    while (c) {
      Chunk *next = c->next;
      base_free(c);
      c = next;
    }
    base_free(g->arena);
  }
  base_free(g->values);
  base_free(g->outputs);
  base_free(g);
}

void *ir_arena_alloc(Graph *g, size_t n) {
  if (!g)
    return NULL;
  void *p = arena_alloc(g->arena, n);
  if (!p)
    ir_fail(g, NNC_ERR_NOMEM, "out of memory: graph arena request of %zu bytes", n);
  return p;
}

const char *ir_strdup(Graph *g, const char *s) {
  if (!s)
    return NULL;
  size_t n = strlen(s) + 1;
  char *p = ir_arena_alloc(g, n);
  if (p)
    memcpy(p, s, n);
  return p;
}

/* Grows *arr (of *cap pointers) to hold one more than `len`. */
static bool grow(Graph *g, Value ***arr, int *cap, int len) {
  if (len < *cap)
    return true;
  if (*cap > INT_MAX / 2 - 8) {
    ir_fail(g, NNC_ERR_NOMEM, "out of memory: too many values");
    return false;
  }
  int ncap = *cap ? *cap * 2 : 16;
  Value **p = base_realloc_in(base_owner(g), *arr, (size_t)ncap * sizeof *p);
  if (!p) {
    ir_fail(g, NNC_ERR_NOMEM, "out of memory: growing a list to %d values", ncap);
    return false;
  }
  *arr = p;
  *cap = ncap;
  return true;
}

Value *ir_append(Graph *g, const Value *proto) {
  if (!g || !proto)
    return NULL;
  if (!grow(g, &g->values, &g->cap, g->nvalues))
    return NULL;
  Value *v = ir_arena_alloc(g, sizeof *v);
  if (!v)
    return NULL;
  *v = *proto;
  v->id = g->nvalues;
  v->offset = -1;
  g->values[g->nvalues++] = v;
  return v;
}

/* Values, outputs, memory plan and fusion report, each into the copy's own arena. */
nnc_status ir_clone(const Graph *g, Graph **out) {
  *out = NULL;
  Graph *c = ir_graph_new();
  if (!c)
    return base_error(NNC_ERR_NOMEM, "out of memory copying a graph");
  for (int i = 0; i < g->nvalues && c->status == NNC_OK; i++) {
    Value p = *g->values[i];
    for (int k = 0; k < p.nargs; k++)
      p.args[k] = c->values[p.args[k]->id];
    p.name = ir_strdup(c, p.name);
    Value *v = ir_append(c, &p);
    if (v)
      v->offset = p.offset;
  }
  for (int i = 0; i < g->noutputs && c->status == NNC_OK; i++)
    ir_output(c, c->values[g->outputs[i]->id]);
  c->scratch_bytes = g->scratch_bytes;
  c->planned = g->planned;
  c->fuse_report = ir_strdup(c, g->fuse_report);
  c->early_outputs = g->early_outputs;
  if (c->status != NNC_OK) {
    nnc_status s = base_error(c->status, "copying a graph: %s", c->msg);
    ir_graph_free(c);
    return s;
  }
  *out = c;
  return NNC_OK;
}

nnc_status ir_fail(Graph *g, nnc_status code, const char *fmt, ...) {
  if (g && g->status != NNC_OK)
    return code; /* sticky: the first error is the one worth reading */
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (g) {
    g->status = code;
    size_t n = strlen(buf) < sizeof g->msg - 1 ? strlen(buf) : sizeof g->msg - 1;
    memcpy(g->msg, buf, n);
    g->msg[n] = 0;
  }
  base_error(code, "%s", buf);
  return code;
}

static bool owns(const Graph *g, const Value *v) {
  return v && v->id >= 0 && v->id < g->nvalues && g->values[v->id] == v;
}

void ir_output(Graph *g, Value *v) {
  if (!g || g->status != NNC_OK)
    return;
  if (!v) {
    ir_fail(g, NNC_ERR_ARG, "output: value is NULL");
    return;
  }
  if (!owns(g, v)) {
    ir_fail(g, NNC_ERR_ARG, "output: value does not belong to this graph");
    return;
  }
  if (!grow(g, &g->outputs, &g->outcap, g->noutputs))
    return;
  g->outputs[g->noutputs++] = v;
}

void ir_replace_uses(Graph *g, Value *from, Value *to) {
  if (!g || from == to)
    return;
  for (int i = 0; i < g->nvalues; i++) {
    Value *v = g->values[i];
    for (int k = 0; k < v->nargs; k++)
      if (v->args[k] == from)
        v->args[k] = to;
  }
  for (int i = 0; i < g->noutputs; i++)
    if (g->outputs[i] == from)
      g->outputs[i] = to;
}

void ir_remove(Graph *g, const bool *dead) {
  if (!g || !dead)
    return;
  for (int i = 0; i < g->noutputs; i++)
    if (owns(g, g->outputs[i]) && dead[g->outputs[i]->id])
      nnc_unreachable("ir_remove: an output is marked dead");
  int n = 0;
  for (int i = 0; i < g->nvalues; i++) {
    Value *v = g->values[i];
    if (dead[i])
      continue;
    for (int k = 0; k < v->nargs; k++)
      if (owns(g, v->args[k]) && dead[v->args[k]->id])
        nnc_unreachable("ir_remove: a live value uses a dead one");
    g->values[n++] = v;
  }
  g->nvalues = n;
  for (int i = 0; i < n; i++)
    g->values[i]->id = i;
}

/* Min-heap of value indices: the ready value that came first in the old order goes next. */
static void heap_push(int *h, int *n, int x) {
  int i = (*n)++;
  while (i > 0 && h[(i - 1) / 2] > x) {
    h[i] = h[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  h[i] = x;
}

static int heap_pop(int *h, int *n) {
  int top = h[0], x = h[--*n], i = 0;
  for (;;) {
    int c = 2 * i + 1;
    if (c >= *n)
      break;
    if (c + 1 < *n && h[c + 1] < h[c])
      c++;
    if (h[c] >= x)
      break;
    h[i] = h[c];
    i = c;
  }
  h[i] = x;
  return top;
}

typedef struct {
  int *pending;   /* per value: operands not yet placed */
  int *start;     /* users of value i are use[start[i]..start[i+1]) */
  int *fill;
  int *use;
  int *heap;
  Value **order;  /* the new order */
} Sort;

static void users(Graph *g, Sort *s) {
  int n = g->nvalues;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < g->values[i]->nargs; k++) {
      if (!owns(g, g->values[i]->args[k]))
        nnc_unreachable("ir_toposort: an operand is not a value of the graph");
      s->start[g->values[i]->args[k]->id + 1]++;
    }
  for (int i = 0; i < n; i++)
    s->start[i + 1] += s->start[i];
  for (int i = 0; i < n; i++) {
    Value *v = g->values[i];
    s->pending[i] = v->nargs;
    for (int k = 0; k < v->nargs; k++) {
      int a = v->args[k]->id;
      s->use[s->start[a] + s->fill[a]++] = i;
    }
  }
}

/* Kahn's algorithm; the ready value that came first in the old order goes next, so a graph
 * already in order is unchanged and a misplaced value moves just after its last operand. */
static void kahn(Graph *g, Sort *s) {
  int n = g->nvalues, nheap = 0, nout = 0;
  for (int i = 0; i < n; i++)
    if (g->values[i]->nargs == 0)
      heap_push(s->heap, &nheap, i);
  while (nheap > 0) {
    int i = heap_pop(s->heap, &nheap);
    s->order[nout++] = g->values[i];
    for (int u = s->start[i]; u < s->start[i + 1]; u++)
      if (--s->pending[s->use[u]] == 0)
        heap_push(s->heap, &nheap, s->use[u]);
  }
  if (nout != n)
    nnc_unreachable("ir_toposort: the graph has a cycle");
  for (int i = 0; i < n; i++) {
    g->values[i] = s->order[i];
    s->order[i]->id = i;
  }
}

void ir_toposort(Graph *g) {
  if (!g || g->nvalues == 0)
    return;
  size_t n = (size_t)g->nvalues, nuse = 0;
  for (size_t i = 0; i < n; i++) {
    g->values[i]->id = (int)i; /* operands are found by id */
    nuse += (size_t)g->values[i]->nargs;
  }
  Sort s = {
      base_calloc(n, sizeof(int)), base_calloc(n + 1, sizeof(int)), base_calloc(n, sizeof(int)),
      base_calloc(nuse + 1, sizeof(int)), base_calloc(n, sizeof(int)), base_calloc(n, sizeof(Value *)),
  };
  if (s.pending && s.start && s.fill && s.use && s.heap && s.order) {
    users(g, &s);
    kahn(g, &s);
  } else {
    ir_fail(g, NNC_ERR_NOMEM, "out of memory: sorting %zu values", n);
  }
  base_free(s.pending), base_free(s.start), base_free(s.fill);
  base_free(s.use), base_free(s.heap), base_free(s.order);
}

int ir_slots(const Graph *g, Value **slots) {
  if (!g)
    return 0;
  int n = 0;
  for (int i = 0; i < g->nvalues; i++) {
    Value *v = g->values[i];
    if ((ir_op_flags(v->op) & OPF_LEAF) && v->op != OP_CONST) {
      if (slots)
        slots[n] = v;
      n++;
    }
  }
  for (int i = 0; i < g->noutputs; i++) {
    if (slots)
      slots[n] = g->outputs[i];
    n++;
  }
  return n;
}

Value *ir_find(const Graph *g, const char *name) {
  if (!g || !name)
    return NULL;
  for (int i = 0; i < g->nvalues; i++) {
    Value *v = g->values[i];
    if (v->name && (ir_op_flags(v->op) & OPF_LEAF) && strcmp(v->name, name) == 0)
      return v;
  }
  return NULL;
}
