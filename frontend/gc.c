/* gc.c — the cycle collector: frees groups of objects that only reference each other.
 *
 * Reference counts free everything else as soon as it is dropped. For cycles (an object
 * holding itself, a class and its methods, a callback and its model) the collector does what
 * CPython's does: every object starts with its count; each reference from another object on
 * the list is subtracted; what is left over is referenced from outside (the C stack, the
 * interpreter), and everything reachable from those survives. The rest is garbage: each is
 * held, cleared (its references dropped, which breaks the cycles), then released.
 *
 * It allocates nothing (objects move between lists through their own links), so it also
 * works when memory has run out, as the interpreter's teardown needs.
 */
#include "frontend.h"
#include "base.h"

enum { TENTATIVE = -2 };            /* in the unreachable list, for now */

static void unlink_obj(Obj *o) {
  o->gc_prev->gc_next = o->gc_next;
  o->gc_next->gc_prev = o->gc_prev;
}

static void append(Obj *list, Obj *o) {
  o->gc_prev = list->gc_prev;
  o->gc_next = list;
  list->gc_prev->gc_next = o;
  list->gc_prev = o;
}

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

/* o is reachable: an object not visited yet is marked; one already moved to the unreachable
 * list comes back to the end of the live list, where the walk will reach it. */
static void visit_reach(Obj *o, void *arg) {
  Obj *live = arg;
  if (!o->gc_prev)
    return;                         /* immortal */
  if (o->gc_refs == 0) {
    o->gc_refs = 1;
  } else if (o->gc_refs == TENTATIVE) {
    unlink_obj(o);
    append(live, o);
    o->gc_refs = 1;
  }
}

int64_t fe_collect(Interp *I) {
  Obj *live = &I->gc_head, dead = {0};
  dead.gc_next = dead.gc_prev = &dead;
  I->allocs_since_gc = 0;
  for (Obj *o = live->gc_next; o != live; o = o->gc_next)
    o->gc_refs = o->refs;
  for (Obj *o = live->gc_next; o != live; o = o->gc_next)
    traverse(o, visit_dec, NULL);
  for (Obj *o = live->gc_next, *next; o != live; o = next) {
    next = o->gc_next;
    if (o->gc_refs > 0) {
      traverse(o, visit_reach, live);
      next = o->gc_next;            /* objects may have moved behind o */
    } else {
      unlink_obj(o);
      append(&dead, o);
      o->gc_refs = TENTATIVE;
    }
  }
  /* what is left in dead is garbage: hold it, break its references, release it */
  int64_t before = I->nobjs;
  for (Obj *o = dead.gc_next; o != &dead; o = o->gc_next)
    fe_incref(o);
  for (Obj *o = dead.gc_next; o != &dead; o = o->gc_next)
    if (o->cls->layout->clear)
      o->cls->layout->clear(I, o);
  while (dead.gc_next != &dead) {
    Obj *o = dead.gc_next;
    unlink_obj(o);
    append(live, o);                /* back on the list that fe_dealloc unlinks from */
    fe_decref(I, o);
  }
  return before - I->nobjs;
}
