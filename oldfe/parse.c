/* parse.c — tokens to statements: recursive descent over a small part of Python's grammar.
 *
 *   file   = { line } EOF
 *   line   = simple { ';' simple } [';'] NEWLINE
 *   simple = 'import' dotted ['as' NAME] {',' ...}
 *          | 'from' dotted 'import' ( names | '(' names ')' )
 *          | exprs [ '=' exprs ]                 (targets: names, or a tuple of names)
 *   exprs  = expr { ',' expr } [',']             (a tuple when there is a comma)
 *   expr   = '-' expr | postfix                  (a binary operator after it is an error)
 *   postfix= atom { '.' NAME | '(' args ')' }
 *   atom   = NAME | number | string+ | True | False | None | '(' [exprs] ')' | '[' [exprs] ']'
 *
 * Everything else Python has is named and refused at its place ("'def' is not supported in a
 * model file", "operator '+' ..."). After an error the parser skips to the end of the logical
 * line and goes on, so one run reports the errors of every statement. Nesting is counted and
 * limited to FE_MAX_DEPTH, so no input makes the recursion deep. Unary minus on a number
 * literal is folded into the literal.
 */
#include <stdarg.h>
#include <string.h>

#include "frontend.h"
#include "base.h"

typedef struct {
  Source *s;
  Module *m;
  const Tokens *ts;
  int k;              /* current token; never past the TK_EOF at the end */
  int depth;
  int nlex;           /* diagnostics the lexer left: a parse error on their lines is not news */
  bool in_block;      /* skipping the indented lines after a refused 'def', 'for', ... */
  bool nomem;
} Parser;

static const Token *tok(const Parser *P) {
  return &P->ts->t[P->k];
}

static const Token *peek_tok(const Parser *P, int d) {
  int k = P->k + d;
  return &P->ts->t[k < P->ts->n ? k : P->ts->n - 1];
}

static void next(Parser *P) {
  if (tok(P)->kind != TK_EOF)
    P->k++;
}

static bool is_op(const Parser *P, const char *op) {
  return fe_tok_op(P->s, tok(P), op);
}

static bool accept(Parser *P, const char *op) {
  if (!is_op(P, op))
    return false;
  next(P);
  return true;
}

static bool is_word(const Parser *P, const Token *t, const char *w) {
  size_t n = strlen(w);
  return t->kind == TK_NAME && t->len == n && memcmp(P->s->text + t->off, w, n) == 0;
}

/* Python's keywords; True, False and None are handled as literals before this is asked. */
static bool is_keyword(const Parser *P, const Token *t) {
  static const char *const kw[] = {
      "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
      "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
      "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with",
      "yield", "True", "False", "None",
  };
  for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
    if (is_word(P, t, kw[i]))
      return true;
  return false;
}

/* The token as a message shows it: 'text', end of line, end of file. */
static const char *show(const Parser *P, const Token *t, char *buf, size_t n) {
  if (t->kind == TK_NEWLINE)
    return "end of line";
  if (t->kind == TK_EOF)
    return "end of file";
  char q[64];
  snprintf(buf, n, "'%s'", fe_quote(q, sizeof q, P->s->text + t->off, t->len, 24));
  return buf;
}

static Node *fail(Parser *P, Pos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static Node *fail(Parser *P, Pos p, const char *fmt, ...) {
  char msg[FE_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  for (int i = 0; i < P->nlex; i++)
    if (P->s->diags[i].pos.line == p.line)
      return NULL;
  fe_error(P->s, NNC_ERR_SYNTAX, p, "%s", msg);
  return NULL;
}

static Node *expected(Parser *P, const char *what) {
  char buf[80];
  return fail(P, tok(P)->pos, "expected %s, found %s", what, show(P, tok(P), buf, sizeof buf));
}

static Node *new_node(Parser *P, NodeKind k, Pos p) {
  Node *n = fe_node(P->m, k, p);
  if (!n)
    P->nomem = true;
  return n;
}

static const char *tok_text(Parser *P, const Token *t) {
  const char *s = fe_strndup(P->m, P->s->text + t->off, t->len);
  if (!s)
    P->nomem = true;
  return s;
}

/* A growing list of nodes, copied into the arena when done. */
typedef struct {
  Node **v;
  int n, cap;
} List;

static bool list_push(Parser *P, List *l, Node *n) {
  if (l->n == l->cap) {
    int cap = l->cap ? l->cap * 2 : 8;
    Node **v = base_realloc(l->v, (size_t)cap * sizeof *v);
    if (!v) {
      P->nomem = true;
      return false;
    }
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n++] = n;
  return true;
}

/* Moves the list into node n's items. */
static Node *list_done(Parser *P, List *l, Node *n) {
  if (n && l->n) {
    n->items = fe_alloc(P->m, (size_t)l->n * sizeof(Node *));
    if (n->items) {
      memcpy(n->items, l->v, (size_t)l->n * sizeof(Node *));
      n->nitems = l->n;
    } else {
      P->nomem = true;
      n = NULL;
    }
  }
  base_free(l->v);
  return n;
}

static Node *expr(Parser *P);
static Node *exprs(Parser *P, bool *tuple);

/* ---- atoms ---- */

static Node *name_atom(Parser *P) {
  const Token *t = tok(P);
  char buf[80];
  if (is_word(P, t, "True") || is_word(P, t, "False") || is_word(P, t, "None")) {
    Node *n = new_node(P, is_word(P, t, "None") ? EX_NONE : EX_BOOL, t->pos);
    if (n)
      n->ival = is_word(P, t, "True");
    next(P);
    return n;
  }
  if (is_word(P, t, "lambda") || is_word(P, t, "not") || is_word(P, t, "await") || is_word(P, t, "yield"))
    return fail(P, t->pos, "%s is not supported in a model file", show(P, t, buf, sizeof buf));
  if (is_keyword(P, t))
    return expected(P, "an expression");
  Node *n = new_node(P, EX_NAME, t->pos);
  if (n)
    n->name = tok_text(P, t);
  next(P);
  return n;
}

/* One or more adjacent string literals, joined as Python does. */
static Node *string_atom(Parser *P) {
  Node *n = new_node(P, EX_STR, tok(P)->pos);
  size_t len = 0;
  for (int k = P->k; P->ts->t[k].kind == TK_STR; k++)
    len += P->ts->t[k].slen;
  char *s = fe_alloc(P->m, len + 1);
  if (!n || !s) {
    P->nomem = true;
    return NULL;
  }
  n->str = s;
  n->slen = len;
  for (; tok(P)->kind == TK_STR; next(P)) {
    memcpy(s, tok(P)->str, tok(P)->slen);
    s += tok(P)->slen;
  }
  return n;
}

/* The closing bracket of one opened at `open`; names the opening one when it is missing. */
static bool close(Parser *P, const Token *open, const char *closer) {
  if (accept(P, closer))
    return true;
  char o[2] = {P->s->text[open->off], 0}, what[16], buf[80];
  if (tok(P)->kind == TK_EOF) {
    fail(P, open->pos, "'%s' was never closed", o);
    return false;
  }
  snprintf(what, sizeof what, "',' or '%s'", closer);
  fail(P, tok(P)->pos, "expected %s to close '%s' at %d:%d, found %s", what, o,
       open->pos.line, open->pos.col, show(P, tok(P), buf, sizeof buf));
  return false;
}

/* Items up to the closer; trailing comma allowed. */
static Node *bracket_items(Parser *P, NodeKind k, const char *closer) {
  const Token *open = tok(P);
  next(P);
  Node *n = new_node(P, k, open->pos);
  List l = {0};
  bool comma = false;
  while (n && !is_op(P, closer)) {
    Node *e = expr(P);
    if (!e || !list_push(P, &l, e)) {
      n = NULL;
      break;
    }
    if (!(comma = accept(P, ",")))
      break;
  }
  if (n && !close(P, open, closer))
    n = NULL;
  n = list_done(P, &l, n);
  /* (x) is x; (x,) and () are tuples */
  if (n && k == EX_TUPLE && n->nitems == 1 && !comma)
    return n->items[0];
  return n;
}

static Node *atom(Parser *P) {
  const Token *t = tok(P);
  char buf[80];
  switch (t->kind) {
  case TK_NAME: return name_atom(P);
  case TK_STR: return string_atom(P);
  case TK_INT:
  case TK_FLOAT: {
    Node *n = new_node(P, t->kind == TK_INT ? EX_INT : EX_FLOAT, t->pos);
    if (n) {
      n->ival = t->ival;
      n->fval = t->fval;
      n->toobig = t->toobig;
    }
    next(P);
    return n;
  }
  default: break;
  }
  if (is_op(P, "("))
    return bracket_items(P, EX_TUPLE, ")");
  if (is_op(P, "["))
    return bracket_items(P, EX_LIST, "]");
  if (is_op(P, "{"))
    return fail(P, t->pos, "dictionaries and sets are not supported in a model file");
  if (is_op(P, "*") || is_op(P, "**"))
    return fail(P, t->pos, "unpacking with %s is not supported in a model file", show(P, t, buf, sizeof buf));
  return expected(P, "an expression");
}

/* ---- calls and attributes ---- */

static Node *argument(Parser *P, List *args, bool *seen_kw) {
  const Token *t = tok(P);
  if (t->kind == TK_NAME && fe_tok_op(P->s, peek_tok(P, 1), "=") && !is_keyword(P, t)) {
    Node *kw = new_node(P, EX_KW, t->pos);
    if (!kw)
      return NULL;
    kw->npos = t->pos;
    kw->name = tok_text(P, t);
    next(P);
    next(P);
    for (int i = 0; kw->name && i < args->n; i++)
      if (args->v[i]->kind == EX_KW && strcmp(args->v[i]->name, kw->name) == 0)
        fail(P, t->pos, "duplicate keyword argument '%s'", kw->name);
    *seen_kw = true;
    return (kw->lhs = expr(P)) ? kw : NULL;
  }
  Node *e = expr(P);
  if (e && *seen_kw)
    fail(P, e->pos, "positional argument follows keyword argument");
  return e;
}

static Node *call(Parser *P, Node *fn) {
  const Token *open = tok(P);
  next(P);
  Node *n = new_node(P, EX_CALL, fn->pos);
  List l = {0};
  bool seen_kw = false;
  while (n && !is_op(P, ")")) {
    Node *a = argument(P, &l, &seen_kw);
    if (!a || !list_push(P, &l, a)) {
      n = NULL;
      break;
    }
    if (!accept(P, ","))
      break;
  }
  if (n && !close(P, open, ")"))
    n = NULL;
  if (n)
    n->lhs = fn;
  return list_done(P, &l, n);
}

/* Each '.name' and '(...)' is a level of nesting too, so a long chain cannot make later
 * stages recurse deeply. */
static Node *postfix(Parser *P) {
  Node *n = atom(P);
  int saved = P->depth;
  while (n && (is_op(P, ".") || is_op(P, "(") || is_op(P, "["))) {
    const Token *t = tok(P);
    if (++P->depth > FE_MAX_DEPTH) {
      n = fail(P, t->pos, "expression nested too deeply (at most %d levels)", FE_MAX_DEPTH);
    } else if (is_op(P, "(")) {
      n = call(P, n);
    } else if (is_op(P, "[")) {
      n = fail(P, t->pos, "indexing with [] is not supported in a model file");
    } else {
      next(P);
      if (tok(P)->kind != TK_NAME || is_keyword(P, tok(P))) {
        n = expected(P, "a name after '.'");
        break;
      }
      Node *a = new_node(P, EX_ATTR, n->pos);
      if (a) {
        a->npos = tok(P)->pos;
        a->name = tok_text(P, tok(P));
        a->lhs = n;
        next(P);
      }
      n = a;
    }
  }
  P->depth = saved;
  return n;
}

/* Operators and keywords that may follow an expression in Python but not in a model file. */
static bool binary_op(const Parser *P, const Token *t) {
  static const char *const bin[] = {
      "+", "-", "*", "/", "//", "%", "**", "@", "<<", ">>", "&", "|", "^", "<", ">", "<=",
      ">=", "==", "!=", ":=", "+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=", "&=", "|=",
      "^=", "<<=", ">>=", "->",
  };
  static const char *const words[] = {"if", "else", "and", "or", "in", "is", "not", "for", "async"};
  for (size_t i = 0; i < sizeof bin / sizeof bin[0]; i++)
    if (fe_tok_op(P->s, t, bin[i]))
      return true;
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (is_word(P, t, words[i]))
      return true;
  return false;
}

static Node *unary(Parser *P) {
  const Token *t = tok(P);
  if (!is_op(P, "-"))
    return postfix(P);
  next(P);
  Node *e = expr(P);
  if (!e)
    return NULL;
  if (e->kind == EX_INT || e->kind == EX_FLOAT) {
    e->ival = -e->ival;
    e->fval = -e->fval;
    e->pos = t->pos;
    return e;
  }
  Node *n = new_node(P, EX_NEG, t->pos);
  if (n)
    n->lhs = e;
  return n;
}

static Node *expr(Parser *P) {
  char buf[80];
  if (++P->depth > FE_MAX_DEPTH) {
    P->depth--;
    return fail(P, tok(P)->pos, "expression nested too deeply (at most %d levels)", FE_MAX_DEPTH);
  }
  Node *e = unary(P);
  P->depth--;
  if (!e || !binary_op(P, tok(P)))
    return e;
  const Token *t = tok(P);
  if (t->kind == TK_NAME)
    return fail(P, t->pos, "%s is not supported in a model file", show(P, t, buf, sizeof buf));
  return fail(P, t->pos, "operator %s is not supported in a model file", show(P, t, buf, sizeof buf));
}

/* expr {, expr} [,]: a tuple when there is a comma. */
static Node *exprs(Parser *P, bool *tuple) {
  Node *first = expr(P);
  *tuple = false;
  if (!first || !is_op(P, ","))
    return first;
  *tuple = true;
  Node *n = new_node(P, EX_TUPLE, first->pos);
  List l = {0};
  if (!list_push(P, &l, first))
    n = NULL;
  while (n && accept(P, ",")) {
    const Token *t = tok(P);
    if (t->kind == TK_NEWLINE || t->kind == TK_EOF || is_op(P, "=") || is_op(P, ";"))
      break;
    Node *e = expr(P);
    if (!e || !list_push(P, &l, e))
      n = NULL;
  }
  return list_done(P, &l, n);
}

/* ---- statements ---- */

/* NAME {'.' NAME} into the arena as one string. */
static const char *dotted(Parser *P) {
  if (is_op(P, ".")) {
    fail(P, tok(P)->pos, "relative imports are not supported in a model file");
    return NULL;
  }
  size_t start = tok(P)->off, end = start;
  for (;;) {
    if (tok(P)->kind != TK_NAME || is_keyword(P, tok(P))) {
      expected(P, "a module name");
      return NULL;
    }
    end = tok(P)->off + tok(P)->len;
    next(P);
    if (!is_op(P, ".") || peek_tok(P, 1)->kind != TK_NAME)
      break;
    next(P);
  }
  /* Tokens of a dotted name may have spaces between them (Python allows "a . b"). */
  char *s = fe_alloc(P->m, end - start + 1);
  if (!s) {
    P->nomem = true;
    return NULL;
  }
  size_t n = 0;
  for (size_t i = start; i < end; i++)
    if (P->s->text[i] != ' ' && P->s->text[i] != '\t')
      s[n++] = P->s->text[i];
  s[n] = '\0';
  return s;
}

/* ['as' NAME]: the alias and its position, or NULL. */
static bool alias(Parser *P, Node *n) {
  if (!is_word(P, tok(P), "as"))
    return true;
  next(P);
  if (tok(P)->kind != TK_NAME || is_keyword(P, tok(P))) {
    expected(P, "a name after 'as'");
    return false;
  }
  n->npos = tok(P)->pos;
  n->alias = tok_text(P, tok(P));
  next(P);
  return true;
}

static bool add_stmt(Parser *P, List *out, Node *n) {
  return n && list_push(P, out, n);
}

static bool import_stmt(Parser *P, List *out) {
  next(P);
  do {
    Node *n = new_node(P, ST_IMPORT, tok(P)->pos);
    if (!n || !(n->name = dotted(P)) || !alias(P, n) || !add_stmt(P, out, n))
      return false;
  } while (accept(P, ","));
  return true;
}

static bool from_names(Parser *P, Node *st) {
  List l = {0};
  const Token *open = is_op(P, "(") ? tok(P) : NULL;
  if (open)
    next(P);
  bool ok = true;
  do {
    if (open && is_op(P, ")"))
      break;
    if (is_op(P, "*")) {
      fail(P, tok(P)->pos, "'import *' is not supported in a model file: name what you import");
      ok = false;
      break;
    }
    if (tok(P)->kind != TK_NAME || is_keyword(P, tok(P))) {
      expected(P, "a name to import");
      ok = false;
      break;
    }
    Node *n = new_node(P, EX_NAME, tok(P)->pos);
    ok = n && (n->name = tok_text(P, tok(P)));
    next(P);
    if (!ok || !alias(P, n) || !list_push(P, &l, n)) {
      ok = false;
      break;
    }
  } while (accept(P, ","));
  if (ok && open)
    ok = close(P, open, ")");
  return list_done(P, &l, ok ? st : NULL) != NULL;
}

static bool from_stmt(Parser *P, List *out) {
  next(P);
  Node *n = new_node(P, ST_FROM, tok(P)->pos);
  if (!n || !(n->name = dotted(P)))
    return false;
  if (!is_word(P, tok(P), "import")) {
    expected(P, "'import'");
    return false;
  }
  next(P);
  return from_names(P, n) && add_stmt(P, out, n);
}

/* Checks assignment targets: names, or a tuple of names. */
static bool target(Parser *P, const Node *t) {
  static const char *const what[] = {
      [EX_CALL] = "a call", [EX_LIST] = "a list", [EX_TUPLE] = "a nested tuple",
      [EX_STR] = "a string", [EX_INT] = "a number", [EX_FLOAT] = "a number",
      [EX_BOOL] = "True or False", [EX_NONE] = "None", [EX_NEG] = "an expression",
  };
  if (t->kind == EX_NAME)
    return true;
  if (t->kind == EX_ATTR)
    fail(P, t->pos, "assigning to an attribute is not supported in a model file");
  else
    fail(P, t->pos, "cannot assign to %s", t->kind < sizeof what / sizeof what[0] && what[t->kind]
                                              ? what[t->kind] : "this");
  return false;
}

static bool assignment(Parser *P, List *out, Node *lhs, bool tuple) {
  Node *n = new_node(P, ST_ASSIGN, lhs->pos);
  if (!n)
    return false;
  List l = {0};
  bool ok = true;
  if (tuple || lhs->kind == EX_TUPLE) {
    for (int i = 0; i < lhs->nitems; i++)
      ok = target(P, lhs->items[i]) && ok;
    if (lhs->nitems == 0)
      ok = target(P, lhs);
    for (int i = 0; ok && i < lhs->nitems; i++)
      ok = list_push(P, &l, lhs->items[i]);
  } else {
    ok = target(P, lhs) && list_push(P, &l, lhs);
  }
  if (!list_done(P, &l, ok ? n : NULL))
    return false;
  n->ival = tuple || lhs->kind == EX_TUPLE;   /* unpacking, even into one name: "x, = y" */
  bool t2;
  if (!(n->lhs = exprs(P, &t2)))
    return false;
  if (is_op(P, "=")) {
    fail(P, tok(P)->pos, "chained assignment is not supported in a model file");
    return false;
  }
  return add_stmt(P, out, n);
}

static bool simple_stmt(Parser *P, List *out) {
  const Token *t = tok(P);
  char buf[80];
  if (is_word(P, t, "import"))
    return import_stmt(P, out);
  if (is_word(P, t, "from"))
    return from_stmt(P, out);
  if (is_keyword(P, t) && !is_word(P, t, "True") && !is_word(P, t, "False") &&
      !is_word(P, t, "None") && !is_word(P, t, "not") && !is_word(P, t, "lambda")) {
    static const char *const compound[] = {"def", "class", "if", "elif", "else", "for", "while",
                                           "with", "try", "except", "finally", "async"};
    fail(P, t->pos, "%s is not supported in a model file", show(P, t, buf, sizeof buf));
    for (size_t i = 0; i < sizeof compound / sizeof compound[0]; i++)
      P->in_block |= is_word(P, t, compound[i]);
    return false;
  }
  bool tuple;
  Node *e = exprs(P, &tuple);
  if (!e)
    return false;
  if (accept(P, "="))
    return assignment(P, out, e, tuple);
  Node *n = new_node(P, ST_EXPR, e->pos);
  if (n)
    n->lhs = e;
  return add_stmt(P, out, n);
}

/* One logical line; on an error, skips to its end. */
static void line(Parser *P, List *out) {
  bool ok = true;
  if (tok(P)->pos.col > 1 && P->in_block) {
    ok = false;             /* the body of a refused block: one error is enough */
  } else if (tok(P)->pos.col > 1) {
    fail(P, tok(P)->pos, "unexpected indent");
    P->in_block = true;     /* the rest of this indented run would only repeat it */
  } else {
    P->in_block = false;
  }
  while (ok && tok(P)->kind != TK_NEWLINE && tok(P)->kind != TK_EOF) {
    ok = simple_stmt(P, out);
    if (!accept(P, ";"))
      break;
  }
  if (ok && tok(P)->kind != TK_NEWLINE && tok(P)->kind != TK_EOF) {
    if (is_op(P, ")") || is_op(P, "]") || is_op(P, "}")) {
      char buf[80];
      fail(P, tok(P)->pos, "unmatched %s", show(P, tok(P), buf, sizeof buf));
    } else {
      expected(P, "end of line");
    }
  }
  while (tok(P)->kind != TK_NEWLINE && tok(P)->kind != TK_EOF)
    next(P);
  next(P);
}

nnc_status fe_parse(Source *s, Module **out) {
  *out = NULL;
  Tokens ts;
  if (fe_lex(s, &ts) != NNC_OK)
    return NNC_ERR_NOMEM;
  Parser P = {.s = s, .ts = &ts, .m = fe_module_new(), .nlex = s->ndiags};
  List stmts = {0};
  if (!P.m)
    P.nomem = true;
  while (!P.nomem && tok(&P)->kind != TK_EOF && !fe_full(s))
    line(&P, &stmts);
  if (!P.nomem && stmts.n) {
    P.m->stmts = fe_alloc(P.m, (size_t)stmts.n * sizeof(Node *));
    if (P.m->stmts) {
      memcpy(P.m->stmts, stmts.v, (size_t)stmts.n * sizeof(Node *));
      P.m->nstmts = stmts.n;
    } else {
      P.nomem = true;
    }
  }
  base_free(stmts.v);
  fe_tokens_free(&ts);
  if (P.nomem) {
    fe_module_free(P.m);
    return base_error(NNC_ERR_NOMEM, "%s: out of memory while parsing the model file", s->file);
  }
  *out = P.m;
  fe_diags_sort(s);
  return fe_status(s);
}
