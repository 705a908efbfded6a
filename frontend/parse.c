/* parse.c — tokens to statements: recursive descent over Python's statement grammar.
 *
 *   file     = { statement } EOF
 *   statement= compound | simple { ';' simple } [';'] NEWLINE
 *   compound = if | while | for | try | with | def | class | decorators (def | class)
 *   block    = ':' ( simple-line | NEWLINE INDENT statement+ DEDENT )
 *   simple   = pass | break | continue | return | raise | global | nonlocal | del | assert
 *            | import | from | targets '=' ... | target augop value | target ':' ann ['=' value]
 *            | expressions
 *
 * After an error the parser skips to the end of the logical line and goes on (a block after a
 * broken header is still parsed), so one run reports the errors of every statement. Nesting
 * of blocks is counted with the expressions' (FE_MAX_DEPTH). 'return' outside a function,
 * 'break' and 'continue' outside a loop, and targets that cannot be assigned are found here.
 */
#include <stdarg.h>
#include <string.h>

#include "frontend.h"
#include "base.h"

/* ---- tokens ---- */

const Token *fe_p_tok(const Parser *P) {
  return &P->ts->t[P->k];
}

void fe_p_next(Parser *P) {
  if (fe_p_tok(P)->kind != TK_EOF)
    P->k++;
}

bool fe_p_is(const Parser *P, PyOp op) {
  const Token *t = fe_p_tok(P);
  return t->kind == TK_OP && t->op == op;
}

bool fe_p_accept(Parser *P, PyOp op) {
  if (!fe_p_is(P, op))
    return false;
  fe_p_next(P);
  return true;
}

static bool word_at(const Parser *P, const Token *t, const char *w) {
  size_t n = strlen(w);
  return t->kind == TK_NAME && t->len == n && memcmp(P->s->text + t->off, w, n) == 0;
}

bool fe_p_word(const Parser *P, const char *w) {
  return word_at(P, fe_p_tok(P), w);
}

bool fe_p_keyword(const Parser *P, const Token *t) {
  static const char *const kw[] = {
      "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
      "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
      "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with",
      "yield", "True", "False", "None",
  };
  if (t->kind != TK_NAME)
    return false;
  for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
    if (word_at(P, t, kw[i]))
      return true;
  return false;
}

/* The token as a message shows it: 'text', end of line, end of file, indent. */
static const char *show(const Parser *P, const Token *t, char *buf, size_t n) {
  switch (t->kind) {
  case TK_NEWLINE: return "end of line";
  case TK_EOF: return "end of file";
  case TK_INDENT: return "an indented line";
  case TK_DEDENT: return "the end of the block";
  case TK_NAME: case TK_INT: case TK_FLOAT: case TK_STR: case TK_OP: break;
  }
  char q[64];
  snprintf(buf, n, "'%s'", fe_quote(q, sizeof q, P->s->text + t->off, t->len, 24));
  return buf;
}

Node *fe_p_fail(Parser *P, Pos p, const char *fmt, ...) {
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

Node *fe_p_expected(Parser *P, const char *what) {
  char buf[80];
  return fe_p_fail(P, fe_p_tok(P)->pos, "expected %s, found %s", what,
                   show(P, fe_p_tok(P), buf, sizeof buf));
}

Node *fe_p_node(Parser *P, NodeKind k, Pos p) {
  Node *n = fe_node(P->a, k, p);
  if (!n)
    P->nomem = true;
  return n;
}

const char *fe_p_text(Parser *P, const Token *t) {
  const char *s = fe_strndup(P->a, P->s->text + t->off, t->len);
  if (!s)
    P->nomem = true;
  return s;
}

bool fe_p_enter(Parser *P, Pos p) {
  if (P->depth >= FE_MAX_DEPTH) {
    if (!P->deep)
      fe_p_fail(P, p, "expression nested too deeply (at most %d levels)", FE_MAX_DEPTH);
    P->deep = true;
    return false;
  }
  P->depth++;
  return true;
}

void fe_p_leave(Parser *P) {
  P->depth--;
}

bool fe_p_push(Parser *P, NodeVec *l, Node *n) {
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

NodeList fe_p_done(Parser *P, NodeVec *l) {
  NodeList out = {0};
  if (l->n) {
    out.v = fe_alloc(P->a, (size_t)l->n * sizeof(Node *));
    if (out.v) {
      memcpy(out.v, l->v, (size_t)l->n * sizeof(Node *));
      out.n = l->n;
    } else {
      P->nomem = true;
    }
  }
  base_free(l->v);
  *l = (NodeVec){0};
  return out;
}

/* ---- recovery ---- */

/* Skips the rest of the logical line, its NEWLINE included. */
static void skip_line(Parser *P) {
  for (;;) {
    TokKind k = fe_p_tok(P)->kind;
    if (k == TK_EOF || k == TK_INDENT || k == TK_DEDENT)
      return;
    fe_p_next(P);
    if (k == TK_NEWLINE)
      return;
  }
}

static bool end_line(Parser *P) {
  if (fe_p_tok(P)->kind == TK_NEWLINE) {
    fe_p_next(P);
    return true;
  }
  if (fe_p_tok(P)->kind == TK_EOF)
    return true;
  fe_p_expected(P, "end of line");
  skip_line(P);
  return false;
}

/* ---- targets ---- */

static const char *what_expr(const Node *e) {
  switch (e->kind) {
  case E_CALL: return "a call";
  case E_CONST: return "a literal";
  case E_BINOP: case E_UNARY: case E_BOOLOP: return "an expression";
  case E_COMPARE: return "a comparison";
  case E_LAMBDA: return "a lambda";
  case E_IFEXP: return "a conditional expression";
  case E_DICT: case E_SET: return "a display";
  case E_FSTRING: return "an f-string";
  case E_LISTCOMP: case E_SETCOMP: case E_DICTCOMP: case E_GENEXP: return "a comprehension";
  FE_STMT_CASES: case E_NAME: case E_ATTR: case E_SUBSCRIPT: case E_SLICE: case E_KW:
  case E_STARRED: case E_DSTAR: case E_LIST: case E_TUPLE: case E_FORMAT:
    break;
  }
  return "this";
}

/* Whether e can be assigned to (del: deleted); reports where it cannot. */
static bool target_ok(Parser *P, const Node *e, bool del) {
  switch (e->kind) {
  case E_NAME: case E_ATTR: case E_SUBSCRIPT:
    return true;
  case E_TUPLE: case E_LIST: {
    bool ok = true;
    int stars = 0;
    for (int i = 0; i < e->items.n; i++) {
      const Node *t = e->items.v[i];
      if (t->kind == E_STARRED && !del) {
        if (++stars > 1)
          return fe_p_fail(P, t->pos, "multiple starred expressions in assignment") != NULL;
        ok = target_ok(P, t->a, del) && ok;
      } else {
        ok = target_ok(P, t, del) && ok;
      }
    }
    return ok;
  }
  case E_STARRED:
    return fe_p_fail(P, e->pos, "starred assignment target must be in a list or tuple") != NULL;
  FE_STMT_CASES: case E_CONST: case E_SLICE: case E_CALL: case E_KW: case E_DSTAR: case E_BINOP:
  case E_UNARY: case E_BOOLOP: case E_COMPARE: case E_IFEXP: case E_LAMBDA: case E_SET:
  case E_DICT: case E_LISTCOMP: case E_SETCOMP: case E_GENEXP: case E_DICTCOMP: case E_FSTRING:
  case E_FORMAT:
    break;
  }
  return fe_p_fail(P, e->pos, "cannot %s %s", del ? "delete" : "assign to", what_expr(e)) != NULL;
}

/* ---- simple statements ---- */

static Node *simple(Parser *P);

/* The binary operator of an augmented assignment ('+=' -> PY_ADD), or -1. */
static int aug_op(PyOp op) {
  static const PyOp pairs[][2] = {
      {PY_POW_EQ, PY_POW}, {PY_FLOORDIV_EQ, PY_FLOORDIV}, {PY_RSHIFT_EQ, PY_RSHIFT},
      {PY_LSHIFT_EQ, PY_LSHIFT}, {PY_ADD_EQ, PY_ADD}, {PY_SUB_EQ, PY_SUB}, {PY_MUL_EQ, PY_MUL},
      {PY_DIV_EQ, PY_DIV}, {PY_MOD_EQ, PY_MOD}, {PY_AND_EQ, PY_AND}, {PY_OR_EQ, PY_OR},
      {PY_XOR_EQ, PY_XOR}, {PY_MATMUL_EQ, PY_MATMUL},
  };
  for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
    if (pairs[i][0] == op)
      return (int)pairs[i][1];
  return -1;
}

static Node *expr_stmt(Parser *P) {
  Pos p = fe_p_tok(P)->pos;
  Node *e = fe_p_testlist(P, true);
  if (!e)
    return NULL;
  const Token *t = fe_p_tok(P);
  int aug = t->kind == TK_OP ? aug_op(t->op) : -1;
  if (aug >= 0) {
    if (e->kind != E_NAME && e->kind != E_ATTR && e->kind != E_SUBSCRIPT)
      return fe_p_fail(P, e->pos, "'%s' is an illegal target for augmented assignment",
                       what_expr(e));
    Node *n = fe_p_node(P, S_AUGASSIGN, p);
    fe_p_next(P);
    if (n) {
      n->op = aug;
      n->a = e;
      n->b = fe_p_testlist(P, true);
    }
    return n && n->b ? n : NULL;
  }
  if (fe_p_is(P, PY_COLON) && (e->kind == E_NAME || e->kind == E_ATTR || e->kind == E_SUBSCRIPT)) {
    Node *n = fe_p_node(P, S_ANNASSIGN, p);
    fe_p_next(P);
    if (!n || !(n->c = fe_p_test(P)))
      return NULL;
    n->a = e;
    if (fe_p_accept(P, PY_ASSIGN) && !(n->b = fe_p_testlist(P, true)))
      return NULL;
    return n;
  }
  if (!fe_p_is(P, PY_ASSIGN)) {
    Node *n = fe_p_node(P, S_EXPR, p);
    if (n)
      n->a = e;
    return n;
  }
  NodeVec targets = {0};
  Node *n = fe_p_node(P, S_ASSIGN, p);
  bool ok = n != NULL;
  while (ok && fe_p_accept(P, PY_ASSIGN)) {
    ok = target_ok(P, e, false) && fe_p_push(P, &targets, e);
    if (ok && fe_p_word(P, "yield"))
      ok = fe_p_fail(P, fe_p_tok(P)->pos, "'yield' is not supported in nnc model files") != NULL;
    if (ok)
      ok = (e = fe_p_testlist(P, true)) != NULL;
  }
  if (!ok) {
    base_free(targets.v);
    return NULL;
  }
  n->items = fe_p_done(P, &targets);
  n->a = e;
  return n;
}

/* A dotted module name into the arena; NULL after an error. */
static const char *dotted(Parser *P) {
  const Token *first = fe_p_tok(P);
  if (first->kind != TK_NAME || fe_p_keyword(P, first))
    return fe_p_expected(P, "a module name"), NULL;
  size_t end = first->off + first->len;
  fe_p_next(P);
  while (fe_p_is(P, PY_DOT)) {
    fe_p_next(P);
    const Token *t = fe_p_tok(P);
    if (t->kind != TK_NAME || fe_p_keyword(P, t))
      return fe_p_expected(P, "a name after '.'"), NULL;
    end = t->off + t->len;
    fe_p_next(P);
  }
  /* Spaces may separate the parts ("a . b"): keep only the names and dots. */
  char buf[512];
  size_t n = 0;
  for (size_t i = first->off; i < end && n + 1 < sizeof buf; i++)
    if (P->s->text[i] != ' ' && P->s->text[i] != '\t' && P->s->text[i] != '\\' &&
        P->s->text[i] != '\n' && P->s->text[i] != '\r')
      buf[n++] = P->s->text[i];
  const char *s = fe_strndup(P->a, buf, n);
  if (!s)
    P->nomem = true;
  return s;
}

/* 'as' NAME after an import; sets alias and npos. */
static bool alias(Parser *P, Node *n) {
  if (!fe_p_word(P, "as"))
    return true;
  fe_p_next(P);
  const Token *t = fe_p_tok(P);
  if (t->kind != TK_NAME || fe_p_keyword(P, t))
    return fe_p_expected(P, "a name after 'as'") != NULL;
  n->alias = fe_p_text(P, t);
  n->npos = t->pos;
  fe_p_next(P);
  return n->alias != NULL;
}

/* 'import a.b as c, d': one S_IMPORT each; all but the last go to extra. */
static Node *import_stmt(Parser *P, NodeVec *extra) {
  fe_p_next(P);
  Node *last = NULL;
  do {
    if (last && !fe_p_push(P, extra, last))
      return NULL;
    Pos p = fe_p_tok(P)->pos;
    last = fe_p_node(P, S_IMPORT, p);
    if (!last || !(last->name = dotted(P)) || !alias(P, last))
      return NULL;
    last->npos = last->alias ? last->npos : p;
  } while (fe_p_accept(P, PY_COMMA));
  return last;
}

static Node *from_stmt(Parser *P) {
  Pos p = fe_p_tok(P)->pos;
  fe_p_next(P);
  Node *n = fe_p_node(P, S_FROM, p);
  if (!n)
    return NULL;
  while (fe_p_is(P, PY_DOT) || fe_p_is(P, PY_ELLIPSIS)) {
    n->op += fe_p_is(P, PY_DOT) ? 1 : 3;
    fe_p_next(P);
  }
  if (n->op)
    return fe_p_fail(P, p, "relative imports are not supported in nnc model files");
  if (!(n->name = dotted(P)))
    return NULL;
  if (!fe_p_word(P, "import"))
    return fe_p_expected(P, "'import'");
  fe_p_next(P);
  NodeVec items = {0};
  if (fe_p_is(P, PY_MUL)) {
    Node *star = fe_p_node(P, E_NAME, fe_p_tok(P)->pos);
    fe_p_next(P);
    if (!star || !fe_p_push(P, &items, star))
      return NULL;
    star->name = "*";
    n->items = fe_p_done(P, &items);
    return n;
  }
  const Token *open = fe_p_tok(P);
  bool paren = fe_p_accept(P, PY_LPAREN);
  bool ok = true;
  while (ok) {
    const Token *t = fe_p_tok(P);
    if (t->kind != TK_NAME || fe_p_keyword(P, t)) {
      ok = fe_p_expected(P, "a name to import") != NULL;
      break;
    }
    Node *it = fe_p_node(P, E_NAME, t->pos);
    ok = it && (it->name = fe_p_text(P, t)) != NULL;
    fe_p_next(P);
    ok = ok && alias(P, it) && fe_p_push(P, &items, it);
    if (!ok || !fe_p_accept(P, PY_COMMA) || (paren && fe_p_is(P, PY_RPAREN)))
      break;
  }
  if (ok && paren && !fe_p_accept(P, PY_RPAREN)) {
    char what[64];
    snprintf(what, sizeof what, "',' or ')' to close '(' at %d:%d", open->pos.line, open->pos.col);
    ok = fe_p_expected(P, what) != NULL;
  }
  if (!ok) {
    base_free(items.v);
    return NULL;
  }
  n->items = fe_p_done(P, &items);
  return n;
}

/* global/nonlocal a, b */
static Node *names_stmt(Parser *P, NodeKind k) {
  Node *n = fe_p_node(P, k, fe_p_tok(P)->pos);
  fe_p_next(P);
  NodeVec items = {0};
  bool ok = n != NULL;
  do {
    const Token *t = fe_p_tok(P);
    if (t->kind != TK_NAME || fe_p_keyword(P, t)) {
      ok = fe_p_expected(P, "a name") != NULL;
      break;
    }
    Node *it = fe_p_node(P, E_NAME, t->pos);
    ok = it && (it->name = fe_p_text(P, t)) && fe_p_push(P, &items, it);
    fe_p_next(P);
  } while (ok && fe_p_accept(P, PY_COMMA));
  if (!ok) {
    base_free(items.v);
    return NULL;
  }
  n->items = fe_p_done(P, &items);
  return n;
}

static Node *keyword_stmt(Parser *P, NodeKind k, bool value) {
  Node *n = fe_p_node(P, k, fe_p_tok(P)->pos);
  fe_p_next(P);
  if (!n)
    return NULL;
  TokKind t = fe_p_tok(P)->kind;
  if (value && t != TK_NEWLINE && t != TK_EOF && !fe_p_is(P, PY_SEMI) &&
      !(n->a = fe_p_testlist(P, true)))
    return NULL;
  return n;
}

static Node *simple(Parser *P) {
  const Token *t = fe_p_tok(P);
  if (fe_p_word(P, "pass"))
    return keyword_stmt(P, S_PASS, false);
  if (fe_p_word(P, "break") || fe_p_word(P, "continue")) {
    bool brk = fe_p_word(P, "break");
    if (!P->loops)
      return fe_p_fail(P, t->pos, "'%s' outside loop", brk ? "break" : "continue");
    return keyword_stmt(P, brk ? S_BREAK : S_CONTINUE, false);
  }
  if (fe_p_word(P, "return")) {
    if (!P->funcs)
      return fe_p_fail(P, t->pos, "'return' outside function");
    return keyword_stmt(P, S_RETURN, true);
  }
  if (fe_p_word(P, "raise")) {
    Node *n = keyword_stmt(P, S_RAISE, true);
    if (n && n->a && fe_p_word(P, "from")) {
      fe_p_next(P);
      if (!(n->b = fe_p_test(P)))
        return NULL;
    }
    return n;
  }
  if (fe_p_word(P, "global") || fe_p_word(P, "nonlocal"))
    return names_stmt(P, fe_p_word(P, "global") ? S_GLOBAL : S_NONLOCAL);
  if (fe_p_word(P, "del")) {
    Node *n = keyword_stmt(P, S_DEL, true);
    if (!n || !n->a)
      return n ? fe_p_expected(P, "what to delete") : NULL;
    if (!target_ok(P, n->a, true))
      return NULL;
    if (n->a->kind == E_TUPLE) {
      n->items = n->a->items;
    } else {
      n->items.v = fe_alloc(P->a, sizeof(Node *));
      if (!n->items.v)
        return P->nomem = true, NULL;
      n->items.v[0] = n->a;
      n->items.n = 1;
    }
    return n;
  }
  if (fe_p_word(P, "assert")) {
    Node *n = fe_p_node(P, S_ASSERT, t->pos);
    fe_p_next(P);
    if (!n || !(n->a = fe_p_test(P)))
      return NULL;
    if (fe_p_accept(P, PY_COMMA) && !(n->b = fe_p_test(P)))
      return NULL;
    return n;
  }
  if (fe_p_word(P, "from"))
    return from_stmt(P);
  if (fe_p_word(P, "yield") || fe_p_word(P, "async") || fe_p_word(P, "await"))
    return fe_p_fail(P, t->pos, "'%.*s' is not supported in nnc model files", (int)t->len,
                     P->s->text + t->off);
  if (fe_p_keyword(P, t) && !fe_p_word(P, "not") && !fe_p_word(P, "lambda") &&
      !fe_p_word(P, "None") &&
      !fe_p_word(P, "True") && !fe_p_word(P, "False"))
    return fe_p_expected(P, "a statement");
  return expr_stmt(P);
}

/* simple { ';' simple } [';'] NEWLINE, appended to out. */
/* `NAME = <broken>` still binds NAME (to None: a file with errors never runs), so that the
 * checker reports no "undefined name" for each later use of it. */
static Node *binding_of_broken(Parser *P, int start) {
  const Token *t = &P->ts->t[start], *eq = t + 1;
  if (t->kind != TK_NAME || fe_p_keyword(P, t) || eq->kind != TK_OP || eq->op != PY_ASSIGN)
    return NULL;
  Node *n = fe_p_node(P, S_ASSIGN, t->pos), *target = fe_p_node(P, E_NAME, t->pos);
  Node *none = fe_p_node(P, E_CONST, eq->pos);
  NodeVec targets = {0};
  if (!n || !target || !none || !(target->name = fe_p_text(P, t)) ||
      !fe_p_push(P, &targets, target))
    return NULL;
  none->cval = C_NONE;
  n->items = fe_p_done(P, &targets);
  n->a = none;
  return n;
}

static void simple_line(Parser *P, NodeVec *out) {
  for (;;) {
    int start = P->k;
    Node *n = fe_p_word(P, "import") ? import_stmt(P, out) : simple(P);
    if (!n || !fe_p_push(P, out, n)) {
      Node *b = n ? NULL : binding_of_broken(P, start);
      if (b)
        fe_p_push(P, out, b);
      skip_line(P);
      return;
    }
    if (!fe_p_accept(P, PY_SEMI))
      break;
    if (fe_p_tok(P)->kind == TK_NEWLINE || fe_p_tok(P)->kind == TK_EOF)
      break;
  }
  end_line(P);
}

/* ---- compound statements ---- */

static void statement(Parser *P, NodeVec *out);

/* The statements of an indented block, up to its DEDENT. */
static NodeList block_body(Parser *P) {
  NodeVec body = {0};
  fe_p_next(P);   /* INDENT */
  while (fe_p_tok(P)->kind != TK_DEDENT && fe_p_tok(P)->kind != TK_EOF && !P->nomem)
    statement(P, &body);
  if (fe_p_tok(P)->kind == TK_DEDENT)
    fe_p_next(P);
  return fe_p_done(P, &body);
}

/* ':' then the block of a `what` statement that started at head. */
static NodeList block(Parser *P, const char *what, Pos head) {
  NodeList none = {0};
  if (!fe_p_accept(P, PY_COLON)) {
    fe_p_expected(P, "':'");
    skip_line(P);
    if (fe_p_tok(P)->kind == TK_INDENT)
      block_body(P);
    return none;
  }
  if (fe_p_tok(P)->kind != TK_NEWLINE) {
    NodeVec body = {0};
    simple_line(P, &body);
    return fe_p_done(P, &body);
  }
  fe_p_next(P);
  if (fe_p_tok(P)->kind != TK_INDENT) {
    fe_p_fail(P, fe_p_tok(P)->pos, "expected an indented block after '%s' on line %d", what,
              head.line);
    return none;
  }
  if (!fe_p_enter(P, head)) {
    block_body(P);
    return none;
  }
  NodeList l = block_body(P);
  fe_p_leave(P);
  return l;
}

/* Skips a broken header up to its ':' (or the end of the line), so its block still parses. */
static void skip_header(Parser *P) {
  while (fe_p_tok(P)->kind != TK_NEWLINE && fe_p_tok(P)->kind != TK_EOF && !fe_p_is(P, PY_COLON))
    fe_p_next(P);
}

/* The header expression of a compound statement; on an error the rest of the header goes. */
static Node *header(Parser *P, Node *(*parse)(Parser *)) {
  Node *e = parse(P);
  if (!e)
    skip_header(P);
  return e;
}

static bool close_paren(Parser *P, const Token *open) {
  if (fe_p_accept(P, PY_RPAREN))
    return true;
  if (fe_p_tok(P)->kind == TK_EOF)
    return fe_p_fail(P, open->pos, "'(' was never closed") != NULL;
  char what[64];
  snprintf(what, sizeof what, "',' or ')' to close '(' at %d:%d", open->pos.line, open->pos.col);
  return fe_p_expected(P, what) != NULL;
}

static Node *if_stmt(Parser *P, const char *what) {
  Node *n = fe_p_node(P, S_IF, fe_p_tok(P)->pos);
  fe_p_next(P);
  if (!n)
    return NULL;
  n->a = header(P, fe_p_test);
  n->body = block(P, what, n->pos);
  if (fe_p_word(P, "elif")) {
    Node *e = if_stmt(P, "elif");
    if (e && (n->orelse.v = fe_alloc(P->a, sizeof(Node *)))) {
      n->orelse.v[0] = e;
      n->orelse.n = 1;
    }
  } else if (fe_p_word(P, "else")) {
    Pos p = fe_p_tok(P)->pos;
    fe_p_next(P);
    n->orelse = block(P, "else", p);
  }
  return n->a ? n : NULL;
}

static void loop_else(Parser *P, Node *n) {
  if (fe_p_word(P, "else")) {
    Pos p = fe_p_tok(P)->pos;
    fe_p_next(P);
    n->orelse = block(P, "else", p);
  }
}

static Node *while_stmt(Parser *P) {
  Node *n = fe_p_node(P, S_WHILE, fe_p_tok(P)->pos);
  fe_p_next(P);
  if (!n)
    return NULL;
  n->a = header(P, fe_p_test);
  P->loops++;
  n->body = block(P, "while", n->pos);
  P->loops--;
  loop_else(P, n);
  return n->a ? n : NULL;
}

static Node *in_list(Parser *P) {
  return fe_p_testlist(P, true);
}

static Node *for_stmt(Parser *P) {
  Node *n = fe_p_node(P, S_FOR, fe_p_tok(P)->pos);
  fe_p_next(P);
  if (!n)
    return NULL;
  n->a = header(P, fe_p_exprlist);
  if (n->a && !target_ok(P, n->a, false))
    n->a = NULL;
  if (n->a && !fe_p_word(P, "in")) {
    fe_p_expected(P, "'in'");
    skip_header(P);
    n->a = NULL;
  } else if (n->a) {
    fe_p_next(P);
    n->b = header(P, in_list);
  }
  P->loops++;
  n->body = block(P, "for", n->pos);
  P->loops--;
  loop_else(P, n);
  return n->a && n->b ? n : NULL;
}

static Node *try_stmt(Parser *P) {
  Node *n = fe_p_node(P, S_TRY, fe_p_tok(P)->pos);
  fe_p_next(P);
  if (!n)
    return NULL;
  n->body = block(P, "try", n->pos);
  NodeVec handlers = {0};
  bool bare = false;
  while (fe_p_word(P, "except")) {
    Node *h = fe_p_node(P, S_HANDLER, fe_p_tok(P)->pos);
    fe_p_next(P);
    if (!h)
      break;
    if (bare)
      fe_p_fail(P, h->pos, "a bare 'except:' must be the last handler");
    if (!fe_p_is(P, PY_COLON)) {
      h->a = header(P, fe_p_test);
      if (h->a && fe_p_word(P, "as")) {
        fe_p_next(P);
        const Token *t = fe_p_tok(P);
        if (t->kind == TK_NAME && !fe_p_keyword(P, t)) {
          h->name = fe_p_text(P, t);
          h->npos = t->pos;
          fe_p_next(P);
        } else {
          fe_p_expected(P, "a name after 'as'");
        }
      }
    } else {
      bare = true;
    }
    h->body = block(P, "except", h->pos);
    fe_p_push(P, &handlers, h);
  }
  n->items = fe_p_done(P, &handlers);
  if (fe_p_word(P, "else")) {
    Pos p = fe_p_tok(P)->pos;
    fe_p_next(P);
    if (!n->items.n)
      fe_p_fail(P, p, "'else' after 'try' needs an 'except' before it");
    n->orelse = block(P, "else", p);
  }
  if (fe_p_word(P, "finally")) {
    Pos p = fe_p_tok(P)->pos;
    fe_p_next(P);
    n->final = block(P, "finally", p);
    if (!n->final.n && (n->final.v = fe_alloc(P->a, sizeof(Node *))) &&
        (n->final.v[0] = fe_p_node(P, S_PASS, p)))
      n->final.n = 1;     /* a finally block is there, even if it failed to parse */
  }
  if (!n->items.n && !n->final.n)
    return fe_p_fail(P, n->pos, "expected 'except' or 'finally' block");
  return n;
}

static Node *with_stmt(Parser *P) {
  Node *n = fe_p_node(P, S_WITH, fe_p_tok(P)->pos);
  fe_p_next(P);
  NodeVec items = {0};
  bool ok = n != NULL;
  do {
    Node *it = fe_p_node(P, S_WITHITEM, fe_p_tok(P)->pos);
    ok = it && (it->a = header(P, fe_p_test));
    if (ok && fe_p_word(P, "as")) {
      fe_p_next(P);
      ok = (it->b = header(P, fe_p_or_test)) && target_ok(P, it->b, false);
    }
    ok = ok && fe_p_push(P, &items, it);
  } while (ok && fe_p_accept(P, PY_COMMA));
  if (n)
    n->items = fe_p_done(P, &items);
  else
    base_free(items.v);
  if (!ok)
    skip_line(P);
  if (n)
    n->body = block(P, "with", n->pos);
  return ok ? n : NULL;
}

static Node *def_stmt(Parser *P, NodeList decorators) {
  Node *n = fe_p_node(P, S_DEF, fe_p_tok(P)->pos);
  fe_p_next(P);
  FnInfo *fn = fe_alloc(P->a, sizeof *fn);
  if (!n || !fn)
    return P->nomem = true, NULL;
  n->fn = fn;
  n->items = decorators;
  const Token *t = fe_p_tok(P);
  bool ok = t->kind == TK_NAME && !fe_p_keyword(P, t);
  if (!ok)
    fe_p_expected(P, "a function name");
  else {
    n->name = fn->name = fe_p_text(P, t);
    n->npos = t->pos;
    fe_p_next(P);
    const Token *open = fe_p_tok(P);
    ok = fe_p_accept(P, PY_LPAREN) ? fe_p_params(P, fn, true) && close_paren(P, open)
                                   : fe_p_expected(P, "'(' after the function name") != NULL;
    if (ok && fe_p_accept(P, PY_ARROW))
      ok = fe_p_test(P) != NULL;   /* a return annotation: ignored */
  }
  if (!ok)
    skip_header(P);
  int loops = P->loops;
  P->loops = 0;
  P->funcs++;
  fn->body = block(P, "def", n->pos);
  P->funcs--;
  P->loops = loops;
  return ok ? n : NULL;
}

static Node *class_stmt(Parser *P, NodeList decorators) {
  Node *n = fe_p_node(P, S_CLASS, fe_p_tok(P)->pos);
  fe_p_next(P);
  FnInfo *fn = fe_alloc(P->a, sizeof *fn);
  if (!n || !fn)
    return P->nomem = true, NULL;
  n->fn = fn;
  n->items = decorators;
  const Token *t = fe_p_tok(P);
  bool ok = t->kind == TK_NAME && !fe_p_keyword(P, t);
  if (!ok) {
    fe_p_expected(P, "a class name");
  } else {
    n->name = fn->name = fe_p_text(P, t);
    n->npos = t->pos;
    fe_p_next(P);
    const Token *open = fe_p_tok(P);
    if (fe_p_accept(P, PY_LPAREN)) {
      NodeVec bases = {0};
      while (ok && !fe_p_is(P, PY_RPAREN)) {
        Node *b = fe_p_test(P);
        if (b && fe_p_is(P, PY_ASSIGN))
          ok = fe_p_fail(P, b->pos,
                         "class keywords (metaclass=...) are not supported in nnc model "
                         "files") != NULL;
        ok = ok && b && fe_p_push(P, &bases, b);
        if (ok && !fe_p_accept(P, PY_COMMA))
          break;
      }
      ok = ok && close_paren(P, open);
      n->items2 = fe_p_done(P, &bases);
    }
  }
  if (!ok)
    skip_header(P);
  int loops = P->loops, funcs = P->funcs;
  P->loops = P->funcs = 0;
  fn->body = block(P, "class", n->pos);
  P->loops = loops;
  P->funcs = funcs;
  return ok ? n : NULL;
}

/* '@' expressions, then the def or class they decorate. */
static Node *decorated(Parser *P) {
  NodeVec decs = {0};
  while (fe_p_is(P, PY_MATMUL)) {
    fe_p_next(P);
    Node *d = fe_p_test(P);
    if (!d || !fe_p_push(P, &decs, d) || !end_line(P)) {
      base_free(decs.v);
      skip_line(P);
      return NULL;
    }
  }
  NodeList l = fe_p_done(P, &decs);
  if (fe_p_word(P, "def"))
    return def_stmt(P, l);
  if (fe_p_word(P, "class"))
    return class_stmt(P, l);
  return fe_p_expected(P, "'def' or 'class' after a decorator");
}

static void statement(Parser *P, NodeVec *out) {
  const Token *t = fe_p_tok(P);
  Node *n = NULL;
  if (t->kind == TK_INDENT) {
    fe_p_fail(P, t->pos, "unexpected indent");
    NodeList l = block_body(P);
    for (int i = 0; i < l.n; i++)
      fe_p_push(P, out, l.v[i]);
    return;
  }
  if (t->kind == TK_NEWLINE || t->kind == TK_DEDENT) {
    fe_p_next(P);
    return;
  }
  if (fe_p_word(P, "if"))
    n = if_stmt(P, "if");
  else if (fe_p_word(P, "while"))
    n = while_stmt(P);
  else if (fe_p_word(P, "for"))
    n = for_stmt(P);
  else if (fe_p_word(P, "try"))
    n = try_stmt(P);
  else if (fe_p_word(P, "with"))
    n = with_stmt(P);
  else if (fe_p_word(P, "def"))
    n = def_stmt(P, (NodeList){0});
  else if (fe_p_word(P, "class"))
    n = class_stmt(P, (NodeList){0});
  else if (fe_p_is(P, PY_MATMUL))
    n = decorated(P);
  else if (fe_p_word(P, "elif") || fe_p_word(P, "else") || fe_p_word(P, "except") ||
           fe_p_word(P, "finally")) {
    char buf[40];
    fe_p_fail(P, t->pos, "%s without the statement it belongs to", show(P, t, buf, sizeof buf));
    skip_line(P);
    if (fe_p_tok(P)->kind == TK_INDENT)
      block_body(P);
    return;
  } else {
    simple_line(P, out);
    return;
  }
  if (n)
    fe_p_push(P, out, n);
}

nnc_status fe_parse(Source *s, Ast **out) {
  *out = NULL;
  Tokens ts;
  nnc_status st = fe_lex(s, &ts);
  if (st != NNC_OK)
    return st;
  Ast *a = fe_ast_new();
  if (!a) {
    fe_tokens_free(&ts);
    return base_error(NNC_ERR_NOMEM, "%s: out of memory while parsing", s->file);
  }
  Parser P = {.s = s, .a = a, .ts = &ts, .nlex = s->ndiags};
  NodeVec body = {0};
  while (fe_p_tok(&P)->kind != TK_EOF && !P.nomem) {
    int k = P.k;
    statement(&P, &body);
    if (P.k == k)
      fe_p_next(&P);   /* a stray DEDENT: never loop in place */
  }
  a->body = fe_p_done(&P, &body);
  fe_tokens_free(&ts);
  if (P.nomem) {
    fe_ast_free(a);
    return base_error(NNC_ERR_NOMEM, "%s: out of memory while parsing", s->file);
  }
  *out = a;
  fe_diags_sort(s);
  return fe_status(s);
}
