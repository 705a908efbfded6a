/* gc.c — the cycle collector: frees groups of objects that only reference each other.
 *
 * Reference counts free everything else as soon as it is dropped. For cycles (an object
 * holding itself, a class and its methods, a callback and its model) the collector does what
 * CPython's does: every object starts with its count; each reference from another object on
 * the list is subtracted; what is left over is referenced from outside (the C stack, the
 * interpreter), and everything reachable from those survives. The rest is garbage: each is
 * held, cleared (its references dropped, which breaks the cycles), then released.
 */
#include "frontend.h"
#include "base.h"

static void visit_dec(Obj *o, void *arg) {
  (void)arg;
  if (o->gc_prev)
    o->gc_refs--;
}

/* Visits what o references: its class (but type's class, itself, is not a counted
 * reference), then its layout's references. */
static void traverse(Obj *o, FeVisit visit, void *arg) {
  if (&o->cls->hd != o)
    visit(&o->cls->hd, arg);
  if (o->cls->layout->traverse)
    o->cls->layout->traverse(o, visit, arg);
}

typedef struct {
  Obj **v;
  int64_t n, cap;
  bool nomem;
} Stack;

static void push(Stack *s, Obj *o) {
  if (s->n == s->cap) {
    int64_t cap = s->cap ? s->cap * 2 : 256;
    Obj **v = base_realloc(s->v, (size_t)cap * sizeof *v);
    if (!v) {
      s->nomem = true;
      return;
    }
    s->v = v;
    s->cap = cap;
  }
  s->v[s->n++] = o;
}

enum { REACHABLE = -1 };

static void visit_reach(Obj *o, void *arg) {
  if (o->gc_prev && o->gc_refs != REACHABLE) {
    o->gc_refs = REACHABLE;
    push(arg, o);
  }
}

int64_t fe_collect(Interp *I) {
  Obj *h = &I->gc_head;
  I->allocs_since_gc = 0;
  for (Obj *o = h->gc_next; o != h; o = o->gc_next)
    o->gc_refs = o->refs;
  for (Obj *o = h->gc_next; o != h; o = o->gc_next)
    traverse(o, visit_dec, NULL);
  Stack work = {0};
  for (Obj *o = h->gc_next; o != h && !work.nomem; o = o->gc_next)
    if (o->gc_refs > 0) {
      o->gc_refs = REACHABLE;
      push(&work, o);
    }
  while (work.n > 0 && !work.nomem)
    traverse(work.v[--work.n], visit_reach, &work);
  Stack garbage = {0};
  for (Obj *o = h->gc_next; o != h && !work.nomem && !garbage.nomem; o = o->gc_next)
    if (o->gc_refs != REACHABLE)
      push(&garbage, o);
  int64_t freed = 0;
  if (!work.nomem && !garbage.nomem) {
    for (int64_t i = 0; i < garbage.n; i++)
      fe_incref(garbage.v[i]);
    for (int64_t i = 0; i < garbage.n; i++)
      if (garbage.v[i]->cls->layout->clear)
        garbage.v[i]->cls->layout->clear(I, garbage.v[i]);
    int64_t before = I->nobjs;
    for (int64_t i = 0; i < garbage.n; i++)
      fe_decref(I, garbage.v[i]);
    freed = before - I->nobjs;
  }
  base_free(work.v);
  base_free(garbage.v);
  return freed;
}
