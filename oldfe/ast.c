/* ast.c — the nodes of a parsed model file, their arena, and a printer.
 *
 * Every node, name, string and array of a Module lives in its arena (a list of chunks that
 * grows, never a fixed size); fe_module_free frees them all at once. The printer writes one
 * S-expression per statement; tests compare it and `nnc emit --stage=ast` shows it. Its
 * recursion is bounded because the parser bounds nesting (FE_MAX_DEPTH).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "base.h"

struct FeChunk {
  FeChunk *next;
  size_t used, cap;
  _Alignas(max_align_t) unsigned char data[];
};

Module *fe_module_new(void) {
  return base_calloc(1, sizeof(Module));
}

void fe_module_free(Module *m) {
  if (!m)
    return;
  for (FeChunk *c = m->chunks, *next; c; c = next) {
    next = c->next;
    base_free(c);
  }
  base_free(m);
}

void *fe_alloc(Module *m, size_t n) {
  size_t align = _Alignof(max_align_t);
  n = (n + align - 1) / align * align;
  FeChunk *c = m->chunks;
  if (!c || c->cap - c->used < n) {
    size_t cap = n > 16384 ? n : 16384;
    c = base_malloc(sizeof(FeChunk) + cap);
    if (!c)
      return NULL;
    c->next = m->chunks;
    c->used = 0;
    c->cap = cap;
    m->chunks = c;
  }
  void *p = c->data + c->used;
  c->used += n;
  memset(p, 0, n);
  return p;
}

Node *fe_node(Module *m, NodeKind k, Pos p) {
  Node *n = fe_alloc(m, sizeof(Node));
  if (!n)
    return NULL;
  n->kind = k;
  n->pos = p;
  n->obj = -1;
  n->mod = -1;
  return n;
}

const char *fe_strndup(Module *m, const char *s, size_t n) {
  char *p = fe_alloc(m, n + 1);
  if (!p)
    return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

/* ---- printer ---- */

typedef struct {
  char *p;
  size_t n, cap;
  bool nomem;
} Out;

static void put(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(Out *o, const char *fmt, ...) {
  if (o->nomem)
    return;
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(o->p ? o->p + o->n : NULL, o->p ? o->cap - o->n : 0, fmt, ap);
  va_end(ap);
  if (k < 0)
    return;
  if (!o->p || o->n + (size_t)k + 1 > o->cap) {
    size_t cap = o->cap ? o->cap : 256;
    while (cap < o->n + (size_t)k + 1)
      cap *= 2;
    char *p = base_realloc(o->p, cap);
    if (!p) {
      o->nomem = true;
      return;
    }
    o->p = p;
    o->cap = cap;
    va_start(ap, fmt);
    vsnprintf(o->p + o->n, o->cap - o->n, fmt, ap);
    va_end(ap);
  }
  o->n += (size_t)k;
}

static void put_str(Out *o, const char *s, size_t len) {
  put(o, "\"");
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\')
      put(o, "\\%c", c);
    else if (c == '\n')
      put(o, "\\n");
    else if (c >= 0x20 && c < 0x7f)
      put(o, "%c", c);
    else
      put(o, "\\x%02x", c);
  }
  put(o, "\"");
}

static void put_float(Out *o, double v) {
  char buf[40];
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (strtod(buf, NULL) == v)
      break;
  }
  put(o, "%s%s", buf, strpbrk(buf, ".eni") ? "" : ".0");
}

static void put_expr(Out *o, const Node *e);

static void put_items(Out *o, const Node *e, const char *sep) {
  for (int i = 0; i < e->nitems; i++) {
    put(o, "%s", i ? sep : "");
    put_expr(o, e->items[i]);
  }
}

static void put_expr(Out *o, const Node *e) {
  switch (e->kind) {
  case EX_NAME: put(o, "%s", e->name); break;
  case EX_ATTR: put(o, "(. "); put_expr(o, e->lhs); put(o, " %s)", e->name); break;
  case EX_CALL:
    put(o, "(call ");
    put_expr(o, e->lhs);
    put(o, "%s", e->nitems ? " " : "");
    put_items(o, e, " ");
    put(o, ")");
    break;
  case EX_KW: put(o, "%s=", e->name); put_expr(o, e->lhs); break;
  case EX_LIST: put(o, "["); put_items(o, e, " "); put(o, "]"); break;
  case EX_TUPLE: put(o, "(tuple%s", e->nitems ? " " : ""); put_items(o, e, " "); put(o, ")"); break;
  case EX_STR: put_str(o, e->str, e->slen); break;
  case EX_INT: put(o, "%lld", (long long)e->ival); break;
  case EX_FLOAT: put_float(o, e->fval); break;
  case EX_BOOL: put(o, "%s", e->ival ? "True" : "False"); break;
  case EX_NONE: put(o, "None"); break;
  case EX_NEG: put(o, "(- "); put_expr(o, e->lhs); put(o, ")"); break;
  default: put(o, "?"); break;
  }
}

static void put_stmt(Out *o, const Node *s) {
  switch (s->kind) {
  case ST_IMPORT:
    put(o, "(import %s%s%s)", s->name, s->alias ? " as " : "", s->alias ? s->alias : "");
    break;
  case ST_FROM:
    put(o, "(from %s import", s->name);
    for (int i = 0; i < s->nitems; i++) {
      const Node *n = s->items[i];
      put(o, "%s %s%s%s", i ? "," : "", n->name, n->alias ? " as " : "", n->alias ? n->alias : "");
    }
    put(o, ")");
    break;
  case ST_ASSIGN:
    put(o, "(= ");
    if (!s->ival) {
      put_expr(o, s->items[0]);
    } else {
      put(o, "(");
      put_items(o, s, " ");
      put(o, ")");
    }
    put(o, " ");
    put_expr(o, s->lhs);
    put(o, ")");
    break;
  case ST_EXPR: put_expr(o, s->lhs); break;
  default: put(o, "?"); break;
  }
  put(o, "\n");
}

char *fe_ast_print(const Module *m) {
  Out o = {0};
  put(&o, "%s", "");
  for (int i = 0; i < m->nstmts; i++)
    put_stmt(&o, m->stmts[i]);
  if (o.nomem) {
    base_free(o.p);
    return NULL;
  }
  return o.p;
}
