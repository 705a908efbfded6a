/* ast.c — the nodes of a parsed model file, their arena, and a printer.
 *
 * Every node, name, string and array of an Ast lives in its arena (a list of chunks that
 * grows, never a fixed size); fe_ast_free frees them all at once. Values the run time caches
 * on nodes (constants, attribute names) are counted in `owned` and released by the
 * interpreter (fe_ast_release), which alone knows how. The printer writes one S-expression
 * per statement for tests and `nnc emit --stage=ast`; its recursion is bounded because the
 * parser bounds nesting (FE_MAX_DEPTH).
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

const char *const fe_cmp_text[] = {"<", "<=", ">", ">=", "==", "!=", "in", "not in", "is",
                                   "is not"};

Ast *fe_ast_new(void) {
  return base_calloc(1, sizeof(Ast));
}

void fe_ast_free(Ast *a) {
  if (!a)
    return;
  for (FeChunk *c = a->chunks, *next; c; c = next) {
    next = c->next;
    base_free(c);
  }
  base_free(a->owned);
  base_free(a);
}

void *fe_alloc(Ast *a, size_t n) {
  size_t align = _Alignof(max_align_t);
  n = (n + align - 1) / align * align;
  FeChunk *c = a->chunks;
  if (!c || c->cap - c->used < n) {
    size_t cap = n > 16384 ? n : 16384;
    c = base_malloc(sizeof(FeChunk) + cap);
    if (!c)
      return NULL;
    c->next = a->chunks;
    c->used = 0;
    c->cap = cap;
    a->chunks = c;
  }
  void *p = c->data + c->used;
  c->used += n;
  memset(p, 0, n);
  return p;
}

Node *fe_node(Ast *a, NodeKind k, Pos p) {
  Node *n = fe_alloc(a, sizeof(Node));
  if (!n)
    return NULL;
  n->kind = k;
  n->pos = p;
  return n;
}

const char *fe_strndup(Ast *a, const char *s, size_t n) {
  char *p = fe_alloc(a, n + 1);
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
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (strtod(buf, NULL) == v)
      break;
  }
  put(o, "%s%s", buf, strpbrk(buf, ".eni") ? "" : ".0");
}

static void put_expr(Out *o, const Node *e);
static void put_block(Out *o, const char *head, const NodeList *l);

static void put_list(Out *o, const NodeList *l, const char *sep) {
  for (int i = 0; i < l->n; i++) {
    put(o, "%s", i ? sep : "");
    put_expr(o, l->v[i]);
  }
}

static void put_opt(Out *o, const Node *e) {
  if (e)
    put_expr(o, e);
  else
    put(o, "_");
}

static void put_const(Out *o, const Node *e) {
  switch (e->cval) {
  case C_INT: put(o, "%lld", (long long)e->ival); break;
  case C_FLOAT: put_float(o, e->fval); break;
  case C_STR: put_str(o, e->str, e->slen); break;
  case C_BYTES: put(o, "b"); put_str(o, e->str, e->slen); break;
  case C_TRUE: put(o, "True"); break;
  case C_FALSE: put(o, "False"); break;
  case C_NONE: put(o, "None"); break;
  case C_ELLIPSIS: put(o, "..."); break;
  }
}

static void put_fn(Out *o, const FnInfo *f) {
  put(o, "(");
  for (int i = 0; i < f->nparams; i++) {
    const FnParam *p = &f->params[i];
    put(o, "%s%s%s", i ? " " : "", p->kind == PK_VARARGS ? "*" : p->kind == PK_VARKW ? "**" : "",
        p->name);
    if (p->kind == PK_KW_ONLY)
      put(o, ":kw");
    if (p->kind == PK_POS_ONLY)
      put(o, ":pos");
    if (p->def) {
      put(o, "=");
      put_expr(o, p->def);
    }
  }
  put(o, ")");
}

static void put_gens(Out *o, const FnInfo *f) {
  for (int i = 0; i < f->ngens; i++) {
    put(o, " (for ");
    put_expr(o, f->gens[i].target);
    put(o, " ");
    put_expr(o, f->gens[i].iter);
    for (int k = 0; k < f->gens[i].ifs.n; k++) {
      put(o, " (if ");
      put_expr(o, f->gens[i].ifs.v[k]);
      put(o, ")");
    }
    put(o, ")");
  }
}

static void put_expr(Out *o, const Node *e) {
  static const char *const comps[] = {[E_LISTCOMP] = "listcomp", [E_SETCOMP] = "setcomp",
                                      [E_GENEXP] = "genexp", [E_DICTCOMP] = "dictcomp"};
  switch (e->kind) {
  case E_CONST: put_const(o, e); break;
  case E_NAME: put(o, "%s", e->name); break;
  case E_ATTR: put(o, "(. "); put_expr(o, e->a); put(o, " %s)", e->name); break;
  case E_SUBSCRIPT:
    put(o, "([] ");
    put_expr(o, e->a);
    put(o, " ");
    put_expr(o, e->b);
    put(o, ")");
    break;
  case E_SLICE:
    put(o, "(: "); put_opt(o, e->a); put(o, " "); put_opt(o, e->b); put(o, " "); put_opt(o, e->c);
    put(o, ")");
    break;
  case E_CALL:
    put(o, "(call ");
    put_expr(o, e->a);
    put(o, "%s", e->items.n ? " " : "");
    put_list(o, &e->items, " ");
    put(o, ")");
    break;
  case E_KW: put(o, "%s=", e->name); put_expr(o, e->a); break;
  case E_STARRED: put(o, "*"); put_expr(o, e->a); break;
  case E_DSTAR: put(o, "**"); put_expr(o, e->a); break;
  case E_BINOP:
    put(o, "(%s ", fe_op_text[e->op]);
    put_expr(o, e->a);
    put(o, " ");
    put_expr(o, e->b);
    put(o, ")");
    break;
  case E_UNARY:
    put(o, "(%s ", e->op == PY_BANG ? "not" : fe_op_text[e->op]); put_expr(o, e->a); put(o, ")");
    break;
  case E_BOOLOP:
    put(o, "(%s ", e->op == PY_AND ? "and" : "or");
    put_list(o, &e->items, " ");
    put(o, ")");
    break;
  case E_COMPARE:
    put(o, "(cmp ");
    for (int i = 0; i < e->items.n; i++) {
      if (i)
        put(o, " %s ", fe_cmp_text[e->ops[i - 1]]);
      put_expr(o, e->items.v[i]);
    }
    put(o, ")");
    break;
  case E_IFEXP:
    put(o, "(if ");
    put_expr(o, e->a);
    put(o, " ");
    put_expr(o, e->b);
    put(o, " ");
    put_expr(o, e->c);
    put(o, ")");
    break;
  case E_LAMBDA:
    put(o, "(lambda ");
    put_fn(o, e->fn);
    put(o, " ");
    put_expr(o, e->fn->body.v[0]->a);
    put(o, ")");
    break;
  case E_LIST: put(o, "["); put_list(o, &e->items, " "); put(o, "]"); break;
  case E_TUPLE:
    put(o, "(tuple%s", e->items.n ? " " : "");
    put_list(o, &e->items, " ");
    put(o, ")");
    break;
  case E_SET: put(o, "{"); put_list(o, &e->items, " "); put(o, "}"); break;
  case E_DICT:
    put(o, "(dict%s", e->items.n ? " " : "");
    put_list(o, &e->items, " ");
    put(o, ")");
    break;
  case E_LISTCOMP: case E_SETCOMP: case E_GENEXP: case E_DICTCOMP:
    put(o, "(%s ", comps[e->kind]);
    put_expr(o, e->a);
    if (e->b) {
      put(o, " ");
      put_expr(o, e->b);
    }
    put_gens(o, e->fn);
    put(o, ")");
    break;
  case E_FSTRING:
    put(o, "(f");
    for (int i = 0; i < e->items.n; i++) {
      put(o, " ");
      put_expr(o, e->items.v[i]);
    }
    put(o, ")");
    break;
  case E_FORMAT:
    put(o, "{");
    put_expr(o, e->a);
    if (e->op)
      put(o, "!%c", e->op);
    if (e->b) {
      put(o, ":");
      put_expr(o, e->b);
    }
    put(o, "}");
    break;
  FE_STMT_CASES: put(o, "?"); break;
  }
}

static void put_stmt(Out *o, const Node *s);

static void put_block(Out *o, const char *head, const NodeList *l) {
  put(o, " (%s", head);
  for (int i = 0; i < l->n; i++) {
    put(o, " ");
    put_stmt(o, l->v[i]);
  }
  put(o, ")");
}

static void put_import(Out *o, const Node *s) {
  if (s->kind == S_IMPORT) {
    put(o, "(import %s%s%s)", s->name, s->alias ? " as " : "", s->alias ? s->alias : "");
    return;
  }
  put(o, "(from %.*s%s import", s->op, "..........", s->name ? s->name : "");
  for (int i = 0; i < s->items.n; i++) {
    const Node *n = s->items.v[i];
    put(o, "%s %s%s%s", i ? "," : "", n->name, n->alias ? " as " : "", n->alias ? n->alias : "");
  }
  put(o, ")");
}

static void put_stmt(Out *o, const Node *s) {
  switch (s->kind) {
  case S_EXPR: put_expr(o, s->a); break;
  case S_ASSIGN:
    put(o, "(= ");
    put_list(o, &s->items, " ");
    put(o, " ");
    put_expr(o, s->a);
    put(o, ")");
    break;
  case S_AUGASSIGN:
    put(o, "(%s= ", fe_op_text[s->op]);
    put_expr(o, s->a);
    put(o, " ");
    put_expr(o, s->b);
    put(o, ")");
    break;
  case S_ANNASSIGN:
    put(o, "(: ");
    put_expr(o, s->a);
    put(o, " ");
    put_expr(o, s->c);
    put(o, " ");
    put_opt(o, s->b);
    put(o, ")");
    break;
  case S_IF: case S_WHILE:
    put(o, "(%s ", s->kind == S_IF ? "if" : "while");
    put_expr(o, s->a);
    put_block(o, "do", &s->body);
    if (s->orelse.n)
      put_block(o, "else", &s->orelse);
    put(o, ")");
    break;
  case S_FOR:
    put(o, "(for "); put_expr(o, s->a); put(o, " "); put_expr(o, s->b);
    put_block(o, "do", &s->body);
    if (s->orelse.n)
      put_block(o, "else", &s->orelse);
    put(o, ")");
    break;
  case S_BREAK: put(o, "(break)"); break;
  case S_CONTINUE: put(o, "(continue)"); break;
  case S_PASS: put(o, "(pass)"); break;
  case S_RETURN:
    put(o, "(return");
    if (s->a) {
      put(o, " ");
      put_expr(o, s->a);
    }
    put(o, ")");
    break;
  case S_DEF:
    put(o, "(def %s ", s->name);
    put_fn(o, s->fn);
    put_block(o, "do", &s->fn->body);
    put(o, ")");
    break;
  case S_CLASS:
    put(o, "(class %s (", s->name);
    put_list(o, &s->items2, " ");
    put(o, ")");
    put_block(o, "do", &s->fn->body);
    put(o, ")");
    break;
  case S_IMPORT: case S_FROM: put_import(o, s); break;
  case S_GLOBAL: case S_NONLOCAL:
    put(o, "(%s ", s->kind == S_GLOBAL ? "global" : "nonlocal");
    put_list(o, &s->items, " ");
    put(o, ")");
    break;
  case S_DEL: put(o, "(del "); put_list(o, &s->items, " "); put(o, ")"); break;
  case S_ASSERT:
    put(o, "(assert ");
    put_expr(o, s->a);
    if (s->b) {
      put(o, " ");
      put_expr(o, s->b);
    }
    put(o, ")");
    break;
  case S_RAISE:
    put(o, "(raise");
    if (s->a) {
      put(o, " ");
      put_expr(o, s->a);
    }
    if (s->b) {
      put(o, " from ");
      put_expr(o, s->b);
    }
    put(o, ")");
    break;
  case S_TRY:
    put(o, "(try");
    put_block(o, "do", &s->body);
    for (int i = 0; i < s->items.n; i++) {
      const Node *h = s->items.v[i];
      put(o, " (except ");
      put_opt(o, h->a);
      put(o, " %s", h->name ? h->name : "_");
      put_block(o, "do", &h->body);
      put(o, ")");
    }
    if (s->orelse.n)
      put_block(o, "else", &s->orelse);
    if (s->final.n)
      put_block(o, "finally", &s->final);
    put(o, ")");
    break;
  case S_WITH:
    put(o, "(with");
    for (int i = 0; i < s->items.n; i++) {
      put(o, " ");
      put_expr(o, s->items.v[i]->a);
      put(o, " as ");
      put_opt(o, s->items.v[i]->b);
    }
    put_block(o, "do", &s->body);
    put(o, ")");
    break;
  FE_EXPR_CASES: case S_HANDLER: case S_WITHITEM: put(o, "?"); break;
  }
}

char *fe_ast_print(const Ast *a) {
  Out o = {0};
  put(&o, "%s", "");
  for (int i = 0; i < a->body.n; i++) {
    put_stmt(&o, a->body.v[i]);
    put(&o, "\n");
  }
  if (o.nomem) {
    base_free(o.p);
    return NULL;
  }
  return o.p;
}

/* ---- finding an assignment from a call ---- */

static bool assigns_call(const NodeList *body, const char *name, const char *fn);

/* st is `name = fn(...)` or `name = x.fn(...)`, or holds one in a block. */
static bool stmt_assigns_call(const Node *st, const char *name, const char *fn) {
  if (st->kind == S_ASSIGN && st->a->kind == E_CALL) {
    const Node *f = st->a->a;
    bool called = (f->kind == E_NAME || f->kind == E_ATTR) && strcmp(f->name, fn) == 0;
    for (int i = 0; called && i < st->items.n; i++)
      if (st->items.v[i]->kind == E_NAME && strcmp(st->items.v[i]->name, name) == 0)
        return true;
  }
  const NodeList *handlers = st->kind == S_TRY ? &st->items : NULL;
  const NodeList *inner = st->kind == S_DEF ? &st->fn->body : &st->body;
  if (handlers)
    for (int i = 0; i < handlers->n; i++)
      if (assigns_call(&handlers->v[i]->body, name, fn))
        return true;
  return assigns_call(inner, name, fn) || assigns_call(&st->orelse, name, fn) ||
         assigns_call(&st->final, name, fn);
}

static bool assigns_call(const NodeList *body, const char *name, const char *fn) {
  for (int i = 0; i < body->n; i++)
    if (stmt_assigns_call(body->v[i], name, fn))
      return true;
  return false;
}

bool fe_ast_assigns_call(const Ast *a, const char *name, const char *fn) {
  return assigns_call(&a->body, name, fn);
}
