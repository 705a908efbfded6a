/* parse_expr.c — expressions: recursive descent over Python's expression grammar.
 *
 *   test     = lambda | or_test ['if' or_test 'else' test]
 *   or_test  = and_test {'or' and_test};  and_test = not_test {'and' not_test}
 *   not_test = 'not' not_test | comparison;  comparison = bitor {cmp_op bitor}
 *   bitor .. term: | ^ & << >> + - * / // % @, left-associative
 *   factor   = ('+'|'-'|'~') factor | power;  power = primary ['**' factor]
 *   primary  = atom {'.' NAME | '(' args ')' | '[' subscripts ']'}
 *   atom     = NAME | number | string+ | '...' | '(' ... ')' | '[' ... ']' | '{' ... '}'
 *
 * The height of the tree being built is counted (nesting, operators chained, trailers) and
 * bounded by FE_MAX_DEPTH, so neither this recursion nor any later walk of the tree can go
 * deep whatever the input. f-strings are split here: text parts are decoded, each field's
 * bytes are lexed again (fe_lex_range) and parsed as an expression, at its true position.
 */
#include <string.h>

#include "frontend.h"
#include "base.h"

static Node *atom(Parser *P);

/* a op b; opos: the operator's place (where an error in it points). */
static Node *binop(Parser *P, NodeKind k, int op, Pos opos, Node *a, Node *b) {
  Node *n = a && b ? fe_p_node(P, k, a->pos) : NULL;
  if (n) {
    n->op = op;
    n->a = a;
    n->b = b;
    n->npos = opos;
  }
  return n;
}

/* ---- arguments and subscripts ---- */

static Node *comprehension(Parser *P, NodeKind k, Pos p, Node *elt, Node *val);

static bool has_kw(const NodeVec *v, const char *name) {
  for (int i = 0; i < v->n; i++)
    if (v->v[i] && v->v[i]->kind == E_KW && strcmp(v->v[i]->name, name) == 0)
      return true;
  return false;
}

/* One argument of a call: x, *x, **x, name=x. */
static Node *argument(Parser *P, NodeVec *args, bool *kwseen) {
  const Token *t = fe_p_tok(P);
  if (fe_p_is(P, PY_MUL) || fe_p_is(P, PY_POW)) {
    bool dstar = fe_p_is(P, PY_POW);
    fe_p_next(P);
    Node *n = fe_p_node(P, dstar ? E_DSTAR : E_STARRED, t->pos);
    if (n && !(n->a = fe_p_test(P)))
      return NULL;
    if (n && !dstar && *kwseen && args->n && args->v[args->n - 1]->kind == E_DSTAR)
      return fe_p_fail(P, t->pos, "iterable argument unpacking follows keyword argument unpacking");
    *kwseen |= dstar;
    return n;
  }
  if (t->kind == TK_NAME && P->ts->t[P->k + 1].kind == TK_OP &&
      P->ts->t[P->k + 1].op == PY_ASSIGN) {
    Node *n = fe_p_node(P, E_KW, t->pos);
    if (!n)
      return NULL;
    n->npos = t->pos;
    n->name = fe_p_text(P, t);
    if (n->name && has_kw(args, n->name))
      fe_p_fail(P, t->pos, "duplicate keyword argument '%s'", n->name);
    fe_p_next(P);
    fe_p_next(P);
    *kwseen = true;
    return (n->a = fe_p_test(P)) ? n : NULL;
  }
  Node *e = fe_p_test(P);
  if (e && *kwseen)
    return fe_p_fail(P, e->pos, "positional argument follows keyword argument");
  return e;
}

static bool close_bracket(Parser *P, PyOp close, const Token *open) {
  if (fe_p_accept(P, close))
    return true;
  if (fe_p_tok(P)->kind == TK_EOF)
    return fe_p_fail(P, open->pos, "'%s' was never closed", fe_op_text[open->op]) != NULL;
  char what[64];
  snprintf(what, sizeof what, "',' or '%s' to close '%s' at %d:%d", fe_op_text[close],
           fe_op_text[open->op], open->pos.line, open->pos.col);
  fe_p_expected(P, what);
  return false;
}

static Node *call(Parser *P, Node *f) {
  const Token *open = fe_p_tok(P);
  fe_p_next(P);
  Node *n = fe_p_node(P, E_CALL, f->pos);
  NodeVec args = {0};
  bool kwseen = false, ok = n != NULL;
  while (ok && !fe_p_is(P, PY_RPAREN)) {
    Node *a = argument(P, &args, &kwseen);
    if (a && args.n == 0 && fe_p_word(P, "for") && a->kind != E_KW && a->kind != E_STARRED &&
        a->kind != E_DSTAR)
      a = comprehension(P, E_GENEXP, a->pos, a, NULL);
    ok = a && fe_p_push(P, &args, a);
    if (ok && !fe_p_accept(P, PY_COMMA))
      break;
  }
  if (ok)
    ok = close_bracket(P, PY_RPAREN, open);
  if (n) {
    n->a = f;
    n->items = fe_p_done(P, &args);
  } else {
    base_free(args.v);
  }
  return ok ? n : NULL;
}

/* test | [test] ':' [test] [':' [test]] */
static Node *subscript(Parser *P) {
  const Token *t = fe_p_tok(P);
  Node *lo = NULL;
  if (!fe_p_is(P, PY_COLON)) {
    if (!(lo = fe_p_test(P)))
      return NULL;
    if (!fe_p_is(P, PY_COLON))
      return lo;
  }
  Node *n = fe_p_node(P, E_SLICE, t->pos);
  if (!n)
    return NULL;
  n->a = lo;
  fe_p_next(P);
  if (!fe_p_is(P, PY_COLON) && !fe_p_is(P, PY_RBRACKET) && !fe_p_is(P, PY_COMMA) &&
      !(n->b = fe_p_test(P)))
    return NULL;
  if (fe_p_accept(P, PY_COLON) && !fe_p_is(P, PY_RBRACKET) && !fe_p_is(P, PY_COMMA) &&
      !(n->c = fe_p_test(P)))
    return NULL;
  return n;
}

static Node *index_of(Parser *P, Node *obj) {
  const Token *open = fe_p_tok(P);
  fe_p_next(P);
  Node *n = fe_p_node(P, E_SUBSCRIPT, obj->pos);
  NodeVec items = {0};
  bool ok = n != NULL, comma = false;
  while (ok && !fe_p_is(P, PY_RBRACKET)) {
    Node *s = subscript(P);
    ok = s && fe_p_push(P, &items, s);
    if (ok && !(comma = fe_p_accept(P, PY_COMMA)))
      break;
  }
  if (ok && items.n == 0)
    ok = fe_p_expected(P, "an index") != NULL;
  if (ok)
    ok = close_bracket(P, PY_RBRACKET, open);
  if (!ok) {
    base_free(items.v);
    return NULL;
  }
  n->a = obj;
  if (items.n == 1 && !comma) {
    n->b = items.v[0];
    base_free(items.v);
  } else if ((n->b = fe_p_node(P, E_TUPLE, items.v[0]->pos))) {
    n->b->items = fe_p_done(P, &items);
  } else {
    base_free(items.v);
  }
  return n->b ? n : NULL;
}

static Node *primary(Parser *P) {
  Node *e = atom(P);
  int levels = 0;
  while (e) {
    const Token *t = fe_p_tok(P);
    if (t->kind != TK_OP || (t->op != PY_DOT && t->op != PY_LPAREN && t->op != PY_LBRACKET))
      break;
    if (!fe_p_enter(P, t->pos)) {
      e = NULL;
      break;
    }
    levels++;
    if (t->op == PY_LPAREN) {
      e = call(P, e);
    } else if (t->op == PY_LBRACKET) {
      e = index_of(P, e);
    } else {
      fe_p_next(P);
      const Token *nt = fe_p_tok(P);
      if (nt->kind != TK_NAME || fe_p_keyword(P, nt)) {
        e = fe_p_expected(P, "an attribute name after '.'");
        break;
      }
      Node *n = fe_p_node(P, E_ATTR, e->pos);
      if (n) {
        n->a = e;
        n->npos = nt->pos;
        n->name = fe_p_text(P, nt);
      }
      e = n;
      fe_p_next(P);
    }
  }
  while (levels--)
    fe_p_leave(P);
  return e;
}

/* ---- operators ---- */

static Node *factor(Parser *P);

static Node *power(Parser *P) {
  Node *e = primary(P);
  if (e && fe_p_is(P, PY_POW)) {
    Pos p = fe_p_tok(P)->pos;
    fe_p_next(P);
    if (!fe_p_enter(P, p))
      return NULL;
    Node *r = factor(P);
    fe_p_leave(P);
    e = binop(P, E_BINOP, PY_POW, p, e, r);
  }
  return e;
}

static Node *factor(Parser *P) {
  const Token *t = fe_p_tok(P);
  if (t->kind == TK_OP && (t->op == PY_SUB || t->op == PY_ADD || t->op == PY_INVERT)) {
    fe_p_next(P);
    if (!fe_p_enter(P, t->pos))
      return NULL;
    Node *a = factor(P);
    fe_p_leave(P);
    Node *n = a ? fe_p_node(P, E_UNARY, t->pos) : NULL;
    if (n) {
      n->op = t->op;
      n->a = a;
    }
    return n;
  }
  return power(P);
}

/* Binary operators of one precedence level, left to right; each one deepens the tree. */
typedef Node *(*Level)(Parser *P);

static Node *chain(Parser *P, Level next, const PyOp *ops, int nops) {
  Node *e = next(P);
  int levels = 0;
  for (;;) {
    const Token *t = fe_p_tok(P);
    int k = 0;
    while (k < nops && !(t->kind == TK_OP && t->op == ops[k]))
      k++;
    if (!e || k == nops)
      break;
    fe_p_next(P);
    if (!fe_p_enter(P, t->pos)) {
      e = NULL;
      break;
    }
    levels++;
    e = binop(P, E_BINOP, ops[k], t->pos, e, next(P));
  }
  while (levels--)
    fe_p_leave(P);
  return e;
}

static Node *term(Parser *P) {
  static const PyOp ops[] = {PY_MUL, PY_DIV, PY_FLOORDIV, PY_MOD, PY_MATMUL};
  return chain(P, factor, ops, 5);
}
static Node *arith(Parser *P) {
  static const PyOp ops[] = {PY_ADD, PY_SUB};
  return chain(P, term, ops, 2);
}
static Node *shift(Parser *P) {
  static const PyOp ops[] = {PY_LSHIFT, PY_RSHIFT};
  return chain(P, arith, ops, 2);
}
static Node *band(Parser *P) {
  static const PyOp ops[] = {PY_AND};
  return chain(P, shift, ops, 1);
}
static Node *bxor(Parser *P) {
  static const PyOp ops[] = {PY_XOR};
  return chain(P, band, ops, 1);
}
static Node *bor(Parser *P) {
  static const PyOp ops[] = {PY_OR};
  return chain(P, bxor, ops, 1);
}

/* The comparison operator at the current token (consumed), or -1. */
static int cmp_op(Parser *P) {
  const Token *t = fe_p_tok(P);
  static const PyOp ops[] = {PY_LT, PY_LE, PY_GT, PY_GE, PY_EQ, PY_NE};
  for (int k = 0; k < 6; k++)
    if (t->kind == TK_OP && t->op == ops[k]) {
      fe_p_next(P);
      return k;   /* PYC_LT .. PYC_NE in the same order */
    }
  if (fe_p_word(P, "in")) {
    fe_p_next(P);
    return PYC_IN;
  }
  if (fe_p_word(P, "not") && P->ts->t[P->k + 1].kind == TK_NAME &&
      P->ts->t[P->k + 1].len == 2 && memcmp(P->s->text + P->ts->t[P->k + 1].off, "in", 2) == 0) {
    fe_p_next(P);
    fe_p_next(P);
    return PYC_NOT_IN;
  }
  if (fe_p_word(P, "is")) {
    fe_p_next(P);
    if (fe_p_word(P, "not")) {
      fe_p_next(P);
      return PYC_IS_NOT;
    }
    return PYC_IS;
  }
  return -1;
}

static Node *comparison(Parser *P) {
  Node *e = bor(P);
  if (!e)
    return NULL;
  int k = cmp_op(P);
  if (k < 0)
    return e;
  NodeVec items = {0};
  int8_t ops[FE_MAX_DEPTH];
  int nops = 0;
  Node *n = fe_p_node(P, E_COMPARE, e->pos);
  bool ok = n && fe_p_push(P, &items, e);
  for (; ok && k >= 0; k = cmp_op(P)) {
    if (nops == FE_MAX_DEPTH) {
      ok = fe_p_fail(P, fe_p_tok(P)->pos, "comparison chain too long") != NULL;
      break;
    }
    ops[nops++] = (int8_t)k;
    Node *r = bor(P);
    ok = r && fe_p_push(P, &items, r);
  }
  if (!ok) {
    base_free(items.v);
    return NULL;
  }
  n->items = fe_p_done(P, &items);
  n->ops = fe_alloc(P->a, (size_t)nops);
  if (!n->ops) {
    P->nomem = true;
    return NULL;
  }
  memcpy(n->ops, ops, (size_t)nops);
  return n;
}

static Node *not_test(Parser *P) {
  if (!fe_p_word(P, "not"))
    return comparison(P);
  Pos p = fe_p_tok(P)->pos;
  fe_p_next(P);
  if (!fe_p_enter(P, p))
    return NULL;
  Node *a = not_test(P);
  fe_p_leave(P);
  Node *n = a ? fe_p_node(P, E_UNARY, p) : NULL;
  if (n) {
    n->op = PY_BANG;
    n->a = a;
  }
  return n;
}

/* and_test / or_test: items joined by one keyword. */
static Node *boolop(Parser *P, const char *word, Level next, int op) {
  Node *e = next(P);
  if (!e || !fe_p_word(P, word))
    return e;
  NodeVec items = {0};
  Node *n = fe_p_node(P, E_BOOLOP, e->pos);
  bool ok = n && fe_p_push(P, &items, e);
  int levels = 0;
  while (ok && fe_p_word(P, word)) {
    Pos p = fe_p_tok(P)->pos;
    fe_p_next(P);
    if (!(ok = fe_p_enter(P, p)))
      break;
    levels++;
    Node *r = next(P);
    ok = r && fe_p_push(P, &items, r);
  }
  while (levels--)
    fe_p_leave(P);
  if (!ok) {
    base_free(items.v);
    return NULL;
  }
  n->op = op;
  n->items = fe_p_done(P, &items);
  return n;
}

static Node *and_test(Parser *P) {
  return boolop(P, "and", not_test, PY_AND);
}

Node *fe_p_or_test(Parser *P) {
  return boolop(P, "or", and_test, PY_OR);
}

static Node *lambda(Parser *P) {
  Pos p = fe_p_tok(P)->pos;
  fe_p_next(P);
  Node *n = fe_p_node(P, E_LAMBDA, p);
  FnInfo *fn = fe_alloc(P->a, sizeof *fn);
  Node *ret = fe_p_node(P, S_RETURN, p);
  if (!n || !fn || !ret) {
    P->nomem = true;
    return NULL;
  }
  n->fn = fn;
  fn->name = "<lambda>";
  if (!fe_p_params(P, fn, false))
    return NULL;
  if (!fe_p_accept(P, PY_COLON))
    return fe_p_expected(P, "':' after the lambda's parameters");
  if (!fe_p_enter(P, p))
    return NULL;
  ret->a = fe_p_test(P);
  fe_p_leave(P);
  if (!ret->a || !(fn->body.v = fe_alloc(P->a, sizeof(Node *)))) {
    P->nomem |= ret->a != NULL;
    return NULL;
  }
  ret->pos = ret->a->pos;
  fn->body.v[0] = ret;
  fn->body.n = 1;
  return n;
}

Node *fe_p_test(Parser *P) {
  if (fe_p_word(P, "lambda"))
    return lambda(P);
  Node *e = fe_p_or_test(P);
  if (!e || !fe_p_word(P, "if"))
    return e;
  Pos p = fe_p_tok(P)->pos;
  fe_p_next(P);
  if (!fe_p_enter(P, p))
    return NULL;
  Node *n = fe_p_node(P, E_IFEXP, e->pos);
  if (n) {
    n->b = e;
    n->a = fe_p_or_test(P);
    if (n->a && !fe_p_word(P, "else"))
      n->a = fe_p_expected(P, "'else' in a conditional expression");
    else if (n->a)
      fe_p_next(P);
    n->c = n->a ? fe_p_test(P) : NULL;
  }
  fe_p_leave(P);
  return n && n->a && n->c ? n : NULL;
}

static Node *star_or_test(Parser *P, bool star) {
  if (!star || !fe_p_is(P, PY_MUL))
    return fe_p_test(P);
  Pos p = fe_p_tok(P)->pos;
  fe_p_next(P);
  Node *n = fe_p_node(P, E_STARRED, p);
  return n && (n->a = bor(P)) ? n : NULL;
}

/* Whether the current token can start an expression (so a trailing comma ends a tuple). */
static bool starts_expr(const Parser *P) {
  const Token *t = fe_p_tok(P);
  if (t->kind == TK_NAME)
    return !fe_p_keyword(P, t) || fe_p_word(P, "not") || fe_p_word(P, "lambda") ||
           fe_p_word(P, "None") || fe_p_word(P, "True") || fe_p_word(P, "False") ||
           fe_p_word(P, "yield") || fe_p_word(P, "await");
  if (t->kind != TK_OP)
    return t->kind == TK_INT || t->kind == TK_FLOAT || t->kind == TK_STR;
  static const bool opens[PY_COUNT] = {
      [PY_LPAREN] = true, [PY_LBRACKET] = true, [PY_LBRACE] = true, [PY_SUB] = true,
      [PY_ADD] = true, [PY_INVERT] = true, [PY_MUL] = true, [PY_ELLIPSIS] = true,
  };
  return opens[t->op];
}

/* Items separated by commas, each parsed by one; a tuple when there is a comma. */
static Node *items_list(Parser *P, Node *(*one)(Parser *, bool), bool star) {
  Node *e = one(P, star);
  if (!e || !fe_p_is(P, PY_COMMA))
    return e;
  NodeVec items = {0};
  Node *n = fe_p_node(P, E_TUPLE, e->pos);
  bool ok = n && fe_p_push(P, &items, e);
  while (ok && fe_p_accept(P, PY_COMMA) && starts_expr(P)) {
    Node *x = one(P, star);
    ok = x && fe_p_push(P, &items, x);
  }
  if (!ok) {
    base_free(items.v);
    return NULL;
  }
  n->items = fe_p_done(P, &items);
  return n;
}

Node *fe_p_testlist(Parser *P, bool star) {
  return items_list(P, star_or_test, star);
}

static Node *target(Parser *P, bool star) {
  if (!star || !fe_p_is(P, PY_MUL))
    return bor(P);
  Pos p = fe_p_tok(P)->pos;
  fe_p_next(P);
  Node *n = fe_p_node(P, E_STARRED, p);
  return n && (n->a = bor(P)) ? n : NULL;
}

Node *fe_p_exprlist(Parser *P) {
  return items_list(P, target, true);
}

/* ---- displays and comprehensions ---- */

/* One 'for target in iter' and the 'if' clauses after it. */
static bool comp_for(Parser *P, NodeVec *gens_targets, NodeVec *gens_iters, NodeVec *ifs,
                     int *nifs) {
  fe_p_next(P);   /* 'for' */
  Node *t = fe_p_exprlist(P);
  if (!t)
    return false;
  if (!fe_p_word(P, "in"))
    return fe_p_expected(P, "'in'") != NULL;
  fe_p_next(P);
  Node *it = fe_p_or_test(P);
  if (!it || !fe_p_push(P, gens_targets, t) || !fe_p_push(P, gens_iters, it))
    return false;
  int k = 0;
  while (fe_p_word(P, "if")) {
    fe_p_next(P);
    Node *c = fe_p_or_test(P);
    if (!c || !fe_p_push(P, ifs, c))
      return false;
    k++;
  }
  *nifs = k;
  return true;
}

/* elt (and val for a dict) followed by 'for ...' clauses. */
static Node *comprehension(Parser *P, NodeKind k, Pos p, Node *elt, Node *val) {
  static const char *const names[] = {[E_LISTCOMP] = "<listcomp>", [E_SETCOMP] = "<setcomp>",
                                      [E_GENEXP] = "<genexpr>", [E_DICTCOMP] = "<dictcomp>"};
  Node *n = fe_p_node(P, k, p);
  FnInfo *fn = fe_alloc(P->a, sizeof *fn);
  if (!n || !fn) {
    P->nomem = true;
    return NULL;
  }
  n->a = elt;
  n->b = val;
  n->fn = fn;
  fn->name = names[k];
  NodeVec ts = {0}, its = {0}, ifs = {0};
  int counts[FE_MAX_DEPTH], ngens = 0;
  bool ok = true;
  while (ok && fe_p_word(P, "for")) {
    if (ngens == FE_MAX_DEPTH) {
      ok = false;
      fe_p_fail(P, fe_p_tok(P)->pos, "too many 'for' clauses in a comprehension");
      break;
    }
    ok = comp_for(P, &ts, &its, &ifs, &counts[ngens]);
    ngens++;
  }
  fn->gens = ok ? fe_alloc(P->a, (size_t)ngens * sizeof(CompFor)) : NULL;
  if (ok && !fn->gens)
    P->nomem = true;
  ok = ok && fn->gens;
  for (int g = 0, at = 0; ok && g < ngens; g++) {
    fn->gens[g].target = ts.v[g];
    fn->gens[g].iter = its.v[g];
    fn->gens[g].ifs.n = counts[g];
    fn->gens[g].ifs.v = fe_alloc(P->a, (size_t)(counts[g] ? counts[g] : 1) * sizeof(Node *));
    if (!fn->gens[g].ifs.v) {
      P->nomem = true;
      ok = false;
      break;
    }
    if (counts[g])
      memcpy(fn->gens[g].ifs.v, ifs.v + at, (size_t)counts[g] * sizeof(Node *));
    at += counts[g];
  }
  fn->ngens = ngens;
  base_free(ts.v);
  base_free(its.v);
  base_free(ifs.v);
  return ok ? n : NULL;
}

/* '(' ... ')': (), (x), (x,), (x, y), (x for ...). */
static Node *paren(Parser *P, const Token *open) {
  fe_p_next(P);
  if (fe_p_accept(P, PY_RPAREN))
    return fe_p_node(P, E_TUPLE, open->pos);
  if (fe_p_word(P, "yield"))
    return fe_p_fail(P, fe_p_tok(P)->pos, "'yield' is not supported in nnc model files");
  Node *e = star_or_test(P, true);
  if (e && fe_p_word(P, "for"))
    e = comprehension(P, E_GENEXP, open->pos, e, NULL);
  else if (e && fe_p_is(P, PY_COMMA)) {
    NodeVec items = {0};
    Node *n = fe_p_node(P, E_TUPLE, open->pos);
    bool ok = n && fe_p_push(P, &items, e);
    while (ok && fe_p_accept(P, PY_COMMA) && !fe_p_is(P, PY_RPAREN)) {
      Node *x = star_or_test(P, true);
      ok = x && fe_p_push(P, &items, x);
    }
    if (ok) {
      n->items = fe_p_done(P, &items);
    } else {
      base_free(items.v);
      n = NULL;
    }
    e = n;
  } else if (e && fe_p_is(P, PY_WALRUS)) {
    return fe_p_fail(P, fe_p_tok(P)->pos, "':=' is not supported in nnc model files");
  }
  return e && close_bracket(P, PY_RPAREN, open) ? e : NULL;
}

static Node *list_display(Parser *P, const Token *open) {
  fe_p_next(P);
  Node *n = fe_p_node(P, E_LIST, open->pos);
  NodeVec items = {0};
  bool ok = n != NULL;
  while (ok && !fe_p_is(P, PY_RBRACKET)) {
    Node *x = star_or_test(P, true);
    if (x && items.n == 0 && fe_p_word(P, "for")) {
      Node *c = comprehension(P, E_LISTCOMP, open->pos, x, NULL);
      base_free(items.v);
      return c && close_bracket(P, PY_RBRACKET, open) ? c : NULL;
    }
    ok = x && fe_p_push(P, &items, x);
    if (ok && !fe_p_accept(P, PY_COMMA))
      break;
  }
  if (ok)
    ok = close_bracket(P, PY_RBRACKET, open);
  if (!ok) {
    base_free(items.v);
    return NULL;
  }
  n->items = fe_p_done(P, &items);
  return n;
}

/* '{' ... '}': a dict, a set, or their comprehensions. */
static Node *brace_display(Parser *P, const Token *open) {
  fe_p_next(P);
  if (fe_p_accept(P, PY_RBRACE))
    return fe_p_node(P, E_DICT, open->pos);
  NodeVec items = {0};
  bool ok = true, dict = false, set = false;
  while (ok && !fe_p_is(P, PY_RBRACE)) {
    Node *k;
    if (fe_p_is(P, PY_POW) && !set) {
      Pos p = fe_p_tok(P)->pos;
      fe_p_next(P);
      k = fe_p_node(P, E_DSTAR, p);
      ok = k && (k->a = bor(P)) && fe_p_push(P, &items, k);
      dict = true;
    } else if ((k = star_or_test(P, !dict)) && !set && fe_p_accept(P, PY_COLON)) {
      Node *v = fe_p_test(P);
      if (v && items.n == 0 && fe_p_word(P, "for")) {
        base_free(items.v);
        Node *c = comprehension(P, E_DICTCOMP, open->pos, k, v);
        return c && close_bracket(P, PY_RBRACE, open) ? c : NULL;
      }
      ok = v && fe_p_push(P, &items, k) && fe_p_push(P, &items, v);
      dict = true;
    } else if (k && !dict) {
      if (items.n == 0 && fe_p_word(P, "for")) {
        base_free(items.v);
        Node *c = comprehension(P, E_SETCOMP, open->pos, k, NULL);
        return c && close_bracket(P, PY_RBRACE, open) ? c : NULL;
      }
      ok = fe_p_push(P, &items, k);
      set = true;
    } else {
      ok = k ? fe_p_expected(P, "':' and a value") != NULL : false;
    }
    if (ok && !fe_p_accept(P, PY_COMMA))
      break;
  }
  Node *n = ok ? fe_p_node(P, set ? E_SET : E_DICT, open->pos) : NULL;
  if (n && close_bracket(P, PY_RBRACE, open)) {
    n->items = fe_p_done(P, &items);
    return n;
  }
  base_free(items.v);
  return NULL;
}

/* ---- f-strings ---- */

static Node *fstring_body(Parser *P, const Token *t, size_t off, size_t end, int level,
                          NodeVec *parts);

/* The position of byte off of a token's body (which may span lines). */
static Pos body_pos(const Parser *P, const Token *t, size_t off) {
  Pos p = t->bodypos;
  size_t bol = t->body - (size_t)(p.col - 1);
  for (size_t i = t->body; i < off; i++) {
    char c = P->s->text[i];
    if (c == '\n' || (c == '\r' && (i + 1 >= off || P->s->text[i + 1] != '\n'))) {
      p.line++;
      bol = i + 1;
    }
  }
  p.col = (int)(off - bol) + 1;
  return p;
}

static Node *text_part(Parser *P, const Token *t, size_t off, size_t end) {
  Pos p = body_pos(P, t, off);
  size_t n;
  char *s = fe_unescape(P->s, P->s->text + off, end - off, t->raw, p, &n);
  Node *c = s ? fe_p_node(P, E_CONST, p) : NULL;
  const char *copy = c ? fe_strndup(P->a, s, n) : NULL;
  base_free(s);
  if (!copy) {
    P->nomem = true;
    return NULL;
  }
  c->cval = C_STR;
  c->str = copy;
  c->slen = n;
  return c;
}

/* The end of a field's expression from off: a '}', '!', ':' or '=' outside brackets and
 * quotes ('!=', '==', '<=', '>=' are operators). */
static size_t field_end(const char *s, size_t off, size_t end) {
  int depth = 0;
  char quote = 0;
  for (size_t i = off; i < end; i++) {
    char c = s[i];
    if (quote) {
      if (c == quote)
        quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(' || c == '[' || c == '{') {
      depth++;
    } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
      depth--;
    } else if (depth == 0 && (c == '}' || c == ':' ||
                              (c == '!' && (i + 1 >= end || s[i + 1] != '=')) ||
                              (c == '=' && (i + 1 >= end || s[i + 1] != '=') && i > off &&
                               !strchr("=!<>", s[i - 1])))) {
      return i;
    }
  }
  return end;
}

/* The end of a format spec from off: the '}' that closes the field, nested fields skipped. */
static size_t spec_end(const char *s, size_t off, size_t end) {
  int depth = 0;
  for (size_t i = off; i < end; i++) {
    if (s[i] == '{')
      depth++;
    else if (s[i] == '}' && depth-- == 0)
      return i;
  }
  return end;
}

/* Parses the field's expression bytes with the expression parser. */
static Node *field_expr(Parser *P, const Token *t, size_t off, size_t end) {
  Pos p = body_pos(P, t, off);
  Tokens sub;
  if (fe_lex_range(P->s, off, end, p, &sub) != NNC_OK) {
    P->nomem = true;
    return NULL;
  }
  const Tokens *save = P->ts;
  int k = P->k;
  P->ts = &sub;
  P->k = 0;
  Node *e = NULL;
  if (sub.t[0].kind == TK_EOF)
    fe_p_fail(P, p, "f-string: empty expression not allowed");
  else
    e = fe_p_testlist(P, true);
  if (e && fe_p_tok(P)->kind != TK_EOF)
    e = fe_p_expected(P, "'}' to end the f-string field");
  P->ts = save;
  P->k = k;
  fe_tokens_free(&sub);
  return e;
}

/* One field at s[off] == '{'; returns the offset after its '}', or 0 after an error. */
static size_t field(Parser *P, const Token *t, size_t off, size_t end, int level, NodeVec *parts) {
  const char *s = P->s->text;
  Pos p = body_pos(P, t, off);
  size_t e = field_end(s, off + 1, end);
  if (e >= end)
    return fe_p_fail(P, p, "f-string: expecting '}'"), 0;
  Node *f = fe_p_node(P, E_FORMAT, p);
  if (!f || !(f->a = field_expr(P, t, off + 1, e)))
    return 0;
  bool selfdoc = s[e] == '=', conv = false;
  if (selfdoc) {          /* {x=}: the expression's text, then its value */
    Node *txt = text_part(P, t, off + 1, e + 1);
    if (!txt || !fe_p_push(P, parts, txt))
      return 0;
    e++;
  }
  if (e < end && s[e] == '!') {
    if (e + 2 >= end || !strchr("sra", s[e + 1]))
      return fe_p_fail(P, body_pos(P, t, e),
                       "f-string: invalid conversion character: expected 's', 'r', or 'a'"), 0;
    f->op = s[e + 1];
    conv = true;
    e += 2;
  }
  if (e < end && s[e] == ':') {
    if (level >= 2)
      return fe_p_fail(P, body_pos(P, t, e), "f-string: expressions nested too deeply"), 0;
    size_t se = spec_end(s, e + 1, end);
    NodeVec spec = {0};
    if (!(f->b = fstring_body(P, t, e + 1, se, level + 1, &spec)))
      return 0;
    e = se;
  }
  if (selfdoc && !conv && !f->b)
    f->op = 'r';          /* {x=} shows the repr, {x=:.2f} the formatted value */
  if (e >= end || s[e] != '}')
    return fe_p_fail(P, body_pos(P, t, e < end ? e : end), "f-string: expecting '}'"), 0;
  return fe_p_push(P, parts, f) ? e + 1 : 0;
}

/* Splits body bytes off..end into text parts and fields, appended to parts; the result is
 * an E_FSTRING of them (the parts vector is moved into it). */
static Node *fstring_body(Parser *P, const Token *t, size_t off, size_t end, int level,
                          NodeVec *parts) {
  const char *s = P->s->text;
  size_t i = off, start = off;
  while (i < end) {
    if ((s[i] == '{' || s[i] == '}') && i + 1 < end && s[i + 1] == s[i]) {
      Node *txt = text_part(P, t, start, i + 1);   /* the text and one brace */
      if (!txt || !fe_p_push(P, parts, txt))
        goto fail;
      i += 2;
      start = i;
    } else if (s[i] == '{') {
      if (i > start) {
        Node *txt = text_part(P, t, start, i);
        if (!txt || !fe_p_push(P, parts, txt))
          goto fail;
      }
      if (!(i = field(P, t, i, end, level, parts)))
        goto fail;
      start = i;
    } else if (s[i] == '}') {
      fe_p_fail(P, body_pos(P, t, i), "f-string: single '}' is not allowed");
      goto fail;
    } else {
      i++;
    }
  }
  if (i > start) {
    Node *txt = text_part(P, t, start, i);
    if (!txt || !fe_p_push(P, parts, txt))
      goto fail;
  }
  Node *n = fe_p_node(P, E_FSTRING, body_pos(P, t, off));
  if (n)
    n->items = fe_p_done(P, parts);
  return n;
fail:
  base_free(parts->v);
  parts->v = NULL;
  parts->n = parts->cap = 0;
  return NULL;
}

/* One or more adjacent string literals, joined as Python does: a constant, or an f-string
 * when one of them is. */
static Node *strings(Parser *P) {
  Pos p = fe_p_tok(P)->pos;
  bool f = false, bytes = fe_p_tok(P)->bytes;
  size_t len = 0;
  for (int k = P->k; P->ts->t[k].kind == TK_STR; k++) {
    f |= P->ts->t[k].fstring;
    len += P->ts->t[k].slen;
    if (P->ts->t[k].bytes != bytes) {
      while (fe_p_tok(P)->kind == TK_STR)
        fe_p_next(P);
      return fe_p_fail(P, p, "cannot mix bytes and nonbytes literals");
    }
  }
  if (!f) {
    Node *n = fe_p_node(P, E_CONST, p);
    char *s = n ? fe_alloc(P->a, len + 1) : NULL;
    if (!s) {
      P->nomem = true;
      return NULL;
    }
    n->cval = bytes ? C_BYTES : C_STR;
    n->str = s;
    n->slen = len;
    for (; fe_p_tok(P)->kind == TK_STR; fe_p_next(P)) {
      if (fe_p_tok(P)->slen)
        memcpy(s, fe_p_tok(P)->str, fe_p_tok(P)->slen);
      s += fe_p_tok(P)->slen;
    }
    return n;
  }
  NodeVec parts = {0};
  bool ok = true;
  for (; ok && fe_p_tok(P)->kind == TK_STR; fe_p_next(P)) {
    const Token *t = fe_p_tok(P);
    if (!t->fstring) {
      Node *c = fe_p_node(P, E_CONST, t->pos);
      if ((ok = c && (c->str = fe_strndup(P->a, t->str, t->slen)) != NULL)) {
        c->cval = C_STR;
        c->slen = t->slen;
        ok = fe_p_push(P, &parts, c);
      }
      continue;
    }
    NodeVec sub = {0};
    Node *body = fstring_body(P, t, t->body, t->bodyend, 0, &sub);
    for (int i = 0; ok && body && i < body->items.n; i++)
      ok = fe_p_push(P, &parts, body->items.v[i]);
    ok = ok && body;
  }
  Node *n = ok ? fe_p_node(P, E_FSTRING, p) : NULL;
  if (n) {
    n->items = fe_p_done(P, &parts);
    return n;
  }
  while (fe_p_tok(P)->kind == TK_STR)
    fe_p_next(P);
  base_free(parts.v);
  return NULL;
}

/* ---- atoms ---- */

static Node *constant(Parser *P, ConstKind k) {
  Node *n = fe_p_node(P, E_CONST, fe_p_tok(P)->pos);
  if (n)
    n->cval = k;
  fe_p_next(P);
  return n;
}

static Node *name_atom(Parser *P) {
  const Token *t = fe_p_tok(P);
  if (fe_p_word(P, "True"))
    return constant(P, C_TRUE);
  if (fe_p_word(P, "False"))
    return constant(P, C_FALSE);
  if (fe_p_word(P, "None"))
    return constant(P, C_NONE);
  if (fe_p_word(P, "yield") || fe_p_word(P, "await"))
    return fe_p_fail(P, t->pos, "'%s' is not supported in nnc model files",
                     fe_p_word(P, "yield") ? "yield" : "await");
  if (fe_p_keyword(P, t))
    return fe_p_expected(P, "an expression");
  Node *n = fe_p_node(P, E_NAME, t->pos);
  if (n)
    n->name = fe_p_text(P, t);
  fe_p_next(P);
  return n && n->name ? n : NULL;
}

static Node *atom(Parser *P) {
  const Token *t = fe_p_tok(P);
  Node *n;
  switch (t->kind) {
  case TK_NAME: return name_atom(P);
  case TK_STR: return strings(P);
  case TK_INT:
  case TK_FLOAT:
    n = constant(P, t->kind == TK_INT ? C_INT : C_FLOAT);
    if (n) {
      n->ival = t->ival;
      n->fval = t->fval;
    }
    return n;
  case TK_OP:
    if (t->op == PY_ELLIPSIS)
      return constant(P, C_ELLIPSIS);
    if (t->op != PY_LPAREN && t->op != PY_LBRACKET && t->op != PY_LBRACE)
      break;
    if (!fe_p_enter(P, t->pos))
      return NULL;
    n = t->op == PY_LPAREN ? paren(P, t) : t->op == PY_LBRACKET
        ? list_display(P, t) : brace_display(P, t);
    fe_p_leave(P);
    return n;
  case TK_NEWLINE: case TK_INDENT: case TK_DEDENT: case TK_EOF:
    break;
  }
  return fe_p_expected(P, "an expression");
}

/* ---- parameters ---- */

static bool param(Parser *P, FnInfo *fn, FnParam *out, ParamKind kind, bool parens) {
  const Token *t = fe_p_tok(P);
  if (t->kind != TK_NAME || fe_p_keyword(P, t))
    return fe_p_expected(P, "a parameter name") != NULL;
  *out = (FnParam){.name = fe_p_text(P, t), .pos = t->pos, .kind = kind};
  for (int i = 0; i < fn->nparams; i++)
    if (out->name && strcmp(fn->params[i].name, out->name) == 0)
      return fe_p_fail(P, t->pos, "duplicate parameter '%s'", out->name) != NULL;
  fe_p_next(P);
  if (parens && fe_p_accept(P, PY_COLON) && !fe_p_test(P))   /* an annotation: ignored */
    return false;
  if (kind != PK_VARARGS && kind != PK_VARKW && fe_p_accept(P, PY_ASSIGN))
    return (out->def = fe_p_test(P)) != NULL;
  return out->name != NULL;
}

enum { MAX_PARAMS = 255 };

/* The parameters into ps (fn->params points there while parsing, for the duplicate check). */
static bool params_into(Parser *P, FnInfo *fn, FnParam *ps, bool parens) {
  PyOp close = parens ? PY_RPAREN : PY_COLON;
  ParamKind kind = PK_POS;
  bool defaults = false, kwvar = false;
  fn->params = ps;
  fn->nparams = 0;
  while (!fe_p_is(P, close) && fe_p_tok(P)->kind != TK_EOF) {
    if (fn->nparams == MAX_PARAMS)
      return fe_p_fail(P, fe_p_tok(P)->pos, "too many parameters (at most 255)") != NULL;
    Pos p = fe_p_tok(P)->pos;
    if (kwvar)
      return fe_p_fail(P, p, "a parameter after **%s", ps[fn->nparams - 1].name) != NULL;
    if (fe_p_accept(P, PY_DIV)) {
      if (kind != PK_POS || fn->nparams == 0)
        return fe_p_fail(P, p, "'/' must follow the positional parameters") != NULL;
      for (int i = 0; i < fn->nparams; i++)
        ps[i].kind = PK_POS_ONLY;
    } else if (fe_p_accept(P, PY_MUL)) {
      if (kind == PK_KW_ONLY)
        return fe_p_fail(P, p, "'*' may appear only once among the parameters") != NULL;
      kind = PK_KW_ONLY;
      if (!fe_p_is(P, PY_COMMA)) {
        if (!param(P, fn, &ps[fn->nparams], PK_VARARGS, parens))
          return false;
        fn->nparams++;
      }
    } else if (fe_p_accept(P, PY_POW)) {
      if (!param(P, fn, &ps[fn->nparams], PK_VARKW, parens))
        return false;
      fn->nparams++;
      kwvar = true;
    } else {
      if (!param(P, fn, &ps[fn->nparams], kind, parens))
        return false;
      if (ps[fn->nparams].def)
        defaults = true;
      else if (defaults && kind == PK_POS)
        return fe_p_fail(P, p, "a parameter without a default follows one with a default") != NULL;
      fn->nparams++;
    }
    if (!fe_p_accept(P, PY_COMMA))
      break;
  }
  return true;
}

bool fe_p_params(Parser *P, FnInfo *fn, bool parens) {
  FnParam ps[MAX_PARAMS];
  if (!params_into(P, fn, ps, parens)) {
    fn->params = NULL;
    fn->nparams = 0;
    return false;
  }
  fn->params = fn->nparams ? fe_alloc(P->a, (size_t)fn->nparams * sizeof(FnParam)) : NULL;
  if (fn->nparams && !fn->params) {
    P->nomem = true;
    return false;
  }
  if (fn->nparams)
    memcpy(fn->params, ps, (size_t)fn->nparams * sizeof(FnParam));
  return true;
}
