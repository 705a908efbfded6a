/* frontend.h — the model-file language: an interpreter of the Python that tutorials are
 * written in.
 *
 * A model file goes through these stages, each in its own files:
 *   diag.c    the source text and its diagnostics (FILE:LINE:COL: error: MESSAGE, the line,
 *             a caret under the column), notes for a traceback;
 *   lex.c     bytes -> tokens (logical lines, INDENT/DEDENT, strings of every quoting);
 *   parse*.c  tokens -> an AST of statements and expressions (ast.c: nodes, arena, printer);
 *   scope.c   every name resolved with Python's scoping rules (local slot, cell, global,
 *             builtin), undefined names reported;
 *   check.c   imports, attributes of known modules and calls to library functions checked
 *             against the same tables the runtime binds arguments with;
 *   eval.c, exec.c   the tree-walking evaluator of expressions and statements;
 *   obj.c, gc.c and one file per built-in type: the values (refcounted, cycles collected).
 *
 * Every error of the static stages is found before anything runs: no stage stops at the
 * first one; each records up to FE_MAX_DIAGS in the Source and goes on.
 *
 * Positions: lines and columns are 1-based and columns count BYTES from the start of the
 * line, so a tab or a byte of a multi-byte UTF-8 character is one column.
 *
 * The interpreter knows no library: modules (time, os, keras, numpy, ...) are tables
 * (FeModuleDef) that another folder registers with fe_register_modules, so the language
 * never depends on what it runs. docs/adding-a-module.md is the recipe.
 */
#ifndef NNC_FRONTEND_H
#define NNC_FRONTEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base.h"
#include "nnc.h"

/* ---------------------------------------------------------------------------------------
 * diag.c */
enum {
  FE_MAX_DIAGS = 20,  /* diagnostics kept per file; later ones are counted, not kept */
  FE_MSG_MAX = 320,   /* bytes of one message, NUL included */
  FE_MAX_DEPTH = 100, /* nesting of brackets, operators and blocks in the source */
};

typedef struct {
  int line, col;      /* 1-based; col counts bytes; line 0 when there is no place */
} Pos;

typedef struct {
  Pos pos;
  nnc_status code;    /* NNC_ERR_SYNTAX for lexing and parsing, NNC_ERR_TYPE for checking */
  bool note;          /* a note that explains the error before it (a traceback line) */
  char msg[FE_MSG_MAX];
} Diag;

typedef struct {
  const char *file;   /* name used in messages; not owned */
  const char *text;   /* the bytes, not necessarily NUL-terminated; not owned */
  size_t len;
  Diag diags[FE_MAX_DIAGS];
  int ndiags;         /* kept, <= FE_MAX_DIAGS */
  int nerrors;        /* reported, including those not kept; notes are not counted */
} Source;

void fe_source_init(Source *s, const char *file, const char *text, size_t len);
/* Records an error at p; a printf-style message of one line. */
void fe_error(Source *s, nnc_status code, Pos p, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Records a note (kept only when the error it follows was kept). */
void fe_note(Source *s, Pos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool fe_full(const Source *s);   /* as many errors as are worth reporting */
/* Puts the kept diagnostics in file order (stable), as each static stage does when it ends. */
void fe_diags_sort(Source *s);
/* Writes one diagnostic: "FILE:L:C: error: MSG\n" (or note:), the source line, the caret. */
void fe_diag_render(const Source *s, const Diag *d, FILE *out);
/* Writes all of them, then "N errors" when there were more than one. */
void fe_diags_print(const Source *s, FILE *out);
/* NNC_OK without errors; otherwise the first error's code, with its one-line message
 * ("FILE:L:C: error: MSG") set for nnc_last_error. */
nnc_status fe_status(const Source *s);
/* Quotes bytes for a message: printable ASCII as is, the rest as \xHH, cut at max bytes with
 * "..."; writes at most n bytes into buf (NUL included) and returns buf. */
char *fe_quote(char *buf, size_t n, const char *s, size_t len, size_t max);
/* The candidate closest to name (at most about a third of its length away, by
 * names_edit_distance; names of two bytes only when they differ in letter case), or NULL.
 * For identifiers; a library's names (activations, losses, ...) are names_suggest's. */
const char *fe_suggest(const char *name, const char *const *cands, int n);
/* " (did you mean 'x'?)" into buf when fe_suggest finds one, else ""; returns buf. */
const char *fe_hint(char *buf, size_t n, const char *name, const char *const *cands, int nc);

/* ---------------------------------------------------------------------------------------
 * lex.c */
typedef enum {
  TK_NAME,            /* identifiers and keywords alike; the parser tells them apart */
  TK_INT,
  TK_FLOAT,
  TK_STR,             /* a string literal; an f-string keeps its body for the parser */
  TK_OP,              /* punctuation and operators: op says which */
  TK_NEWLINE,         /* end of a logical line (never inside brackets) */
  TK_INDENT,          /* a line indented deeper than the one before */
  TK_DEDENT,          /* one per block a line's indentation closes */
  TK_EOF,
} TokKind;

/* Operators and punctuation, longest first where one is a prefix of another. */
#define FE_OPS(X)                                                                          \
  X(PY_POW_EQ, "**=") X(PY_FLOORDIV_EQ, "//=") X(PY_RSHIFT_EQ, ">>=") X(PY_LSHIFT_EQ, "<<=") \
  X(PY_ELLIPSIS, "...") X(PY_POW, "**") X(PY_FLOORDIV, "//") X(PY_LSHIFT, "<<")            \
  X(PY_RSHIFT, ">>") X(PY_LE, "<=") X(PY_GE, ">=") X(PY_EQ, "==") X(PY_NE, "!=")           \
  X(PY_ARROW, "->") X(PY_WALRUS, ":=") X(PY_ADD_EQ, "+=") X(PY_SUB_EQ, "-=")               \
  X(PY_MUL_EQ, "*=") X(PY_DIV_EQ, "/=") X(PY_MOD_EQ, "%=") X(PY_AND_EQ, "&=")              \
  X(PY_OR_EQ, "|=") X(PY_XOR_EQ, "^=") X(PY_MATMUL_EQ, "@=") X(PY_ADD, "+") X(PY_SUB, "-") \
  X(PY_MUL, "*") X(PY_DIV, "/") X(PY_MOD, "%") X(PY_MATMUL, "@") X(PY_AND, "&")            \
  X(PY_OR, "|") X(PY_XOR, "^") X(PY_INVERT, "~") X(PY_LT, "<") X(PY_GT, ">")               \
  X(PY_ASSIGN, "=") X(PY_DOT, ".") X(PY_COMMA, ",") X(PY_COLON, ":") X(PY_SEMI, ";")       \
  X(PY_BANG, "!") X(PY_LPAREN, "(") X(PY_RPAREN, ")") X(PY_LBRACKET, "[")                  \
  X(PY_RBRACKET, "]") X(PY_LBRACE, "{") X(PY_RBRACE, "}")

typedef enum {
#define FE_OP_ENUM(e, s) e,
  FE_OPS(FE_OP_ENUM)
#undef FE_OP_ENUM
  PY_COUNT
} PyOp;
extern const char *const fe_op_text[PY_COUNT];

typedef struct {
  TokKind kind;
  Pos pos;
  size_t off, len;    /* the token's bytes in the source */
  PyOp op;          /* TK_OP */
  int64_t ival;       /* TK_INT */
  double fval;        /* TK_FLOAT */
  bool toobig;        /* TK_INT that does not fit int64 */
  /* TK_STR */
  char *str;          /* decoded bytes (UTF-8), NUL-terminated, owned by Tokens; NULL for f */
  size_t slen;        /* their count (a string may hold NUL) */
  bool fstring, raw;  /* f-string: its body is body..bodyend in the source, at bodypos */
  bool bytes;         /* a bytes literal: str holds its bytes, not UTF-8 */
  size_t body, bodyend;
  Pos bodypos;
} Token;

typedef struct {
  Token *t;           /* ends with one TK_EOF */
  int n, cap;
} Tokens;

/* Lexes s's text; errors go to s. Fails only with NNC_ERR_NOMEM (out is then freed). */
nnc_status fe_lex(Source *s, Tokens *out);
/* Lexes the bytes off..end of s as an expression inside brackets (an f-string's field):
 * no NEWLINE or INDENT tokens; `at` is the position of byte off. */
nnc_status fe_lex_range(Source *s, size_t off, size_t end, Pos at, Tokens *out);
void fe_tokens_free(Tokens *ts);
/* Decodes the escapes of a string's bytes (raw: none) as the lexer does, into a new
 * NUL-terminated buffer (base_malloc'd) of *n bytes; errors go to s at positions from at. */
char *fe_unescape(Source *s, const char *p, size_t len, bool raw, Pos at, size_t *n);

/* ---------------------------------------------------------------------------------------
 * ast.c — nodes of a parsed file. Expressions and statements share one struct; which fields
 * a kind uses is listed beside it. Every node, name and array lives in the Ast's arena. */
typedef enum {
  /* expressions */
  E_CONST,      /* a literal: cval says which; ival, fval, str/slen */
  E_NAME,       /* name; ref tells where it lives (scope.c) */
  E_ATTR,       /* a.name; npos = the name's place */
  E_SUBSCRIPT,  /* a[b] */
  E_SLICE,      /* a:b:c inside a subscript (each may be NULL) */
  E_CALL,       /* a(items...); keyword arguments are E_KW items, **x an E_DSTAR item */
  E_KW,         /* name=a inside a call; npos = the name's place */
  E_STARRED,    /* *a in a call, a display or an assignment target */
  E_DSTAR,      /* **a in a call or a dict display */
  E_BINOP,      /* a op b: op is the PyOp of the operator */
  E_UNARY,      /* op a: PY_SUB, PY_ADD, PY_INVERT, or PY_BANG for 'not' */
  E_BOOLOP,     /* items joined by 'and' (op PY_AND) or 'or' (op PY_OR) */
  E_COMPARE,    /* items[0] ops[0] items[1] ops[1] ...: ops holds PyCmp values */
  E_IFEXP,      /* b if a else c */
  E_LAMBDA,     /* fn */
  E_LIST, E_TUPLE, E_SET, /* items (E_STARRED allowed) */
  E_DICT,       /* items: key, value, key, value, ...; an E_DSTAR item stands alone */
  E_LISTCOMP, E_SETCOMP, E_GENEXP, /* a for ... (fn: the comprehension's scope, gens) */
  E_DICTCOMP,   /* a: b for ... */
  E_FSTRING,    /* items: E_CONST strings and E_FORMAT fields, in order */
  E_FORMAT,     /* {a!conv:b}: op = 0, 's', 'r' or 'a'; b an E_FSTRING spec or NULL */
  /* statements */
  S_EXPR,       /* a */
  S_ASSIGN,     /* items = a (items: one target per '=') */
  S_AUGASSIGN,  /* a op= b: op is the binary PyOp */
  S_ANNASSIGN,  /* a: annotation = b (b may be NULL) */
  S_IF,         /* if a: body else: orelse (an elif is an S_IF alone in orelse) */
  S_WHILE,      /* while a: body else: orelse */
  S_FOR,        /* for a in b: body else: orelse */
  S_BREAK, S_CONTINUE, S_PASS,
  S_RETURN,     /* return a (may be NULL) */
  S_DEF,        /* def name(fn->params): fn->body; items: decorators */
  S_CLASS,      /* class name(bases: items2): body (fn: the class scope); items: decorators */
  S_IMPORT,     /* import name [as alias]: one statement per name */
  S_FROM,       /* from name import items (E_NAME with alias, or "*"); op = dots */
  S_GLOBAL, S_NONLOCAL, /* names in items (E_NAME) */
  S_DEL,        /* del items */
  S_ASSERT,     /* assert a, b */
  S_RAISE,      /* raise a from b */
  S_TRY,        /* try: body handlers: items (S_HANDLER) else: orelse finally: final */
  S_HANDLER,    /* except a as name: body */
  S_WITH,       /* with items (S_WITHITEM: a as b): body */
  S_WITHITEM,
} NodeKind;

/* The case labels of every statement kind and of every expression kind, for a walker's switch
 * that handles one group and passes the other on: a new kind of the group it handles is then
 * a build error there (-Wswitch-enum), as for the op table. Keep them in step with NodeKind. */
#define FE_EXPR_CASES                                                                      \
  case E_CONST: case E_NAME: case E_ATTR: case E_SUBSCRIPT: case E_SLICE: case E_CALL:     \
  case E_KW: case E_STARRED: case E_DSTAR: case E_BINOP: case E_UNARY: case E_BOOLOP:      \
  case E_COMPARE: case E_IFEXP: case E_LAMBDA: case E_LIST: case E_TUPLE: case E_SET:      \
  case E_DICT: case E_LISTCOMP: case E_SETCOMP: case E_GENEXP: case E_DICTCOMP:            \
  case E_FSTRING: case E_FORMAT
#define FE_STMT_CASES                                                                      \
  case S_EXPR: case S_ASSIGN: case S_AUGASSIGN: case S_ANNASSIGN: case S_IF: case S_WHILE: \
  case S_FOR: case S_BREAK: case S_CONTINUE: case S_PASS: case S_RETURN: case S_DEF:       \
  case S_CLASS: case S_IMPORT: case S_FROM: case S_GLOBAL: case S_NONLOCAL: case S_DEL:    \
  case S_ASSERT: case S_RAISE: case S_TRY: case S_HANDLER: case S_WITH: case S_WITHITEM

typedef enum { C_INT, C_FLOAT, C_STR, C_BYTES, C_TRUE, C_FALSE, C_NONE, C_ELLIPSIS } ConstKind;
typedef enum { PYC_LT, PYC_LE, PYC_GT, PYC_GE, PYC_EQ, PYC_NE, PYC_IN, PYC_NOT_IN, PYC_IS,
               PYC_IS_NOT } PyCmp;

typedef struct Node Node;
typedef struct Scope Scope;
typedef struct Obj Obj;

typedef struct {
  Node **v;
  int n;
} NodeList;

/* How a name is reached at run time (scope.c). */
typedef enum {
  REF_UNRESOLVED,
  REF_GLOBAL,   /* the module's globals, then the builtins */
  REF_LOCAL,    /* slot of the frame's locals */
  REF_CELL,     /* slot of the frame's locals, which holds a cell (captured by an inner scope) */
  REF_FREE,     /* index into the function's closure (cells of enclosing scopes) */
  REF_CLASS,    /* a class body: its namespace, then globals, then builtins */
} RefKind;

typedef struct {
  RefKind kind;
  int slot;
} Ref;

/* One parameter of a def or lambda. */
typedef enum { PK_POS, PK_POS_ONLY, PK_KW_ONLY, PK_VARARGS, PK_VARKW } ParamKind;
typedef struct {
  const char *name;
  Pos pos;
  ParamKind kind;
  Node *def;          /* default, or NULL */
} FnParam;

/* One 'for target in iter if cond ...' of a comprehension. */
typedef struct {
  Node *target, *iter;
  NodeList ifs;
} CompFor;

/* What a def, lambda, class body or comprehension holds; its scope is filled by scope.c. */
typedef struct {
  const char *name;   /* "f", "<lambda>", "<listcomp>", the class's name */
  FnParam *params;
  int nparams;
  NodeList body;      /* a lambda's body is one S_RETURN */
  CompFor *gens;      /* comprehensions */
  int ngens;
  Scope *scope;
} FnInfo;

struct Node {
  NodeKind kind;
  Pos pos;            /* where the node starts */
  Pos npos;           /* E_ATTR, E_KW: the name; imports: the alias; S_HANDLER: the name */
  int op;             /* see the kinds */
  ConstKind cval;     /* E_CONST */
  const char *name;   /* E_NAME, E_ATTR, E_KW, S_DEF, S_CLASS, imports (module), S_HANDLER */
  const char *alias;  /* imports: the "as" name, or NULL */
  Node *a, *b, *c;
  NodeList items, items2;
  NodeList body, orelse, final;
  int8_t *ops;        /* E_COMPARE: nitems - 1 CmpKinds */
  int64_t ival;
  double fval;
  const char *str;    /* E_CONST C_STR (UTF-8), C_BYTES: slen bytes, NUL-terminated */
  size_t slen;
  FnInfo *fn;         /* S_DEF, E_LAMBDA, S_CLASS, comprehensions */
  Ref ref;            /* E_NAME (scope.c); S_DEF, S_CLASS, S_HANDLER, imports: the bound name */
  Obj *value;         /* run time: E_CONST's value, E_ATTR/E_KW's name as a str (owned) */
};

typedef struct FeChunk FeChunk;

typedef struct {
  NodeList body;
  Scope *scope;       /* the module's scope (scope.c) */
  FeChunk *chunks;    /* the arena: every node, string and array of the file */
  Obj **owned;        /* values the run time cached on nodes, released by fe_ast_release */
  int nowned, capowned;
} Ast;

Ast *fe_ast_new(void);                         /* NULL when out of memory */
/* Frees the arena. Values cached on nodes must have been released (fe_ast_release). */
void fe_ast_free(Ast *a);
void *fe_alloc(Ast *a, size_t n);              /* zeroed; NULL when out of memory */
Node *fe_node(Ast *a, NodeKind k, Pos p);
const char *fe_strndup(Ast *a, const char *s, size_t n);
/* The AST as S-expressions, one statement a line; the caller frees it with base_free. */
char *fe_ast_print(const Ast *a);
/* Some statement of the file (in any block or function) is `name = fn(...)` or
 * `name = x.fn(...)`: nnc's -D NAME=PATH has a load() to change. */
bool fe_ast_assigns_call(const Ast *a, const char *name, const char *fn);
extern const char *const fe_cmp_text[];        /* "<", "not in", ... by PyCmp */

/* ---------------------------------------------------------------------------------------
 * parse.c (statements), parse_expr.c (expressions and f-strings) */
/* Parses s into *out (always set unless out of memory, even when there were errors, so a
 * caller can look at what was understood). Returns fe_status(s), or NNC_ERR_NOMEM. */
nnc_status fe_parse(Source *s, Ast **out);

/* The parser's state, shared by its two files. */
typedef struct {
  Source *s;
  Ast *a;
  const Tokens *ts;
  int k;              /* current token; never past the TK_EOF at the end */
  int depth;          /* nesting of what is being parsed, bounded by FE_MAX_DEPTH */
  int nlex;           /* diagnostics the lexer left: a parse error on their lines is not news */
  bool deep;          /* "nested too deeply" was reported */
  bool nomem;
  int loops;          /* loops around the statement being parsed, in its function */
  int funcs;          /* functions around it */
} Parser;

const Token *fe_p_tok(const Parser *P);
void fe_p_next(Parser *P);
bool fe_p_is(const Parser *P, PyOp op);
bool fe_p_accept(Parser *P, PyOp op);
bool fe_p_word(const Parser *P, const char *w);          /* the current token is name w */
bool fe_p_keyword(const Parser *P, const Token *t);      /* a Python keyword */
Node *fe_p_fail(Parser *P, Pos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
Node *fe_p_expected(Parser *P, const char *what);        /* "expected W, found X" */
Node *fe_p_node(Parser *P, NodeKind k, Pos p);
const char *fe_p_text(Parser *P, const Token *t);        /* the token's bytes, in the arena */
/* Depth of what is being parsed: false (once reported) when it passes FE_MAX_DEPTH. */
bool fe_p_enter(Parser *P, Pos p);
void fe_p_leave(Parser *P);

/* A growing list of nodes, moved into the arena when done. */
typedef struct {
  Node **v;
  int n, cap;
} NodeVec;
bool fe_p_push(Parser *P, NodeVec *l, Node *n);
NodeList fe_p_done(Parser *P, NodeVec *l);               /* frees l */

Node *fe_p_test(Parser *P);                 /* one expression: a ternary, lambda, or_test */
Node *fe_p_or_test(Parser *P);              /* without a ternary (comprehension, for-in) */
/* Expressions separated by commas; a tuple when there is a comma (star: *x allowed). */
Node *fe_p_testlist(Parser *P, bool star);
/* Targets of 'for' and comprehensions: bitwise-or expressions, so 'in' is not a comparison. */
Node *fe_p_exprlist(Parser *P);
/* The parameters of a def (parens: inside '(' ')', annotations allowed) or a lambda. */
bool fe_p_params(Parser *P, FnInfo *fn, bool parens);

/* =======================================================================================
 * The run time. Every value is an Obj, reference-counted: a function that returns Obj *
 * returns a new reference, or NULL with an exception pending in the interpreter (I->exc);
 * arguments are borrowed. Functions that return int give -1 with an exception pending,
 * else 0 or 1. Every object of an interpreter is on one list, so the cycle collector
 * (gc.c) can find garbage cycles and fe_interp_free can account for everything. */

typedef struct Interp Interp;
typedef struct Class Class;
typedef struct Layout Layout;
typedef struct Sig Sig;

struct Obj {
  Class *cls;
  intptr_t refs;
  Obj *gc_prev, *gc_next;   /* the interpreter's list of objects; NULL for immortal ones */
  intptr_t gc_refs;         /* the collector's scratch */
};

/* The C side of a class: how its instances are laid out and behave. Slots left NULL take
 * the generic behaviour (attributes through the class and an instance dict, identity
 * comparison and hashing, "not supported" errors for the rest). */
typedef void (*FeVisit)(Obj *o, void *arg);
struct Layout {
  const char *name;
  size_t size;                            /* bytes of an instance, Obj included */
  size_t dict_offset;                     /* offset of an Obj *dict of attributes, or 0 */
  void (*clear)(Interp *I, Obj *o);       /* drops every reference the object holds */
  void (*finalize)(Interp *I, Obj *o);    /* frees what is not an Obj (buffers, FILEs) */
  void (*traverse)(Obj *o, FeVisit visit, void *arg); /* each Obj it references */
  Obj *(*repr)(Interp *I, Obj *o);
  Obj *(*str)(Interp *I, Obj *o);         /* NULL: repr */
  int (*hash)(Interp *I, Obj *o, int64_t *h);        /* NULL: by identity */
  /* a op b for PyOp op; reflected: o is the right operand. NotImplemented to pass. */
  Obj *(*binop)(Interp *I, int op, Obj *a, Obj *b, bool reflected);
  /* a op= b; NotImplemented: a = a op b (lists extend in place, arrays update in place) */
  Obj *(*inplace)(Interp *I, int op, Obj *a, Obj *b);
  Obj *(*unary)(Interp *I, int op, Obj *a);           /* PY_SUB, PY_ADD, PY_INVERT */
  Obj *(*compare)(Interp *I, int cmp, Obj *a, Obj *b); /* PyCmp up to PYC_NE; NotImplemented */
  int (*truth)(Interp *I, Obj *o);        /* NULL: len if any, else true */
  int64_t (*len)(Interp *I, Obj *o);      /* -1 with an exception */
  Obj *(*getattr)(Interp *I, Obj *o, Obj *name);     /* NULL without an exception: generic */
  int (*setattr)(Interp *I, Obj *o, Obj *name, Obj *v); /* v NULL: delete */
  Obj *(*getitem)(Interp *I, Obj *o, Obj *key);
  int (*setitem)(Interp *I, Obj *o, Obj *key, Obj *v);  /* v NULL: delete */
  int (*contains)(Interp *I, Obj *o, Obj *v);
  Obj *(*iter)(Interp *I, Obj *o);
  Obj *(*next)(Interp *I, Obj *o);        /* NULL without an exception: exhausted */
  Obj *(*call)(Interp *I, Obj *f, Obj *const *args, int nargs, Obj *kwnames);
  /* A scalar-like object (a numpy scalar, a one-element array) as a Python int or float,
   * for int(), float(), indexing and arithmetic with numbers; NULL with TypeError. */
  Obj *(*to_number)(Interp *I, Obj *o);
  /* format(o, spec) (spec a str, maybe empty); NULL: str(o) for an empty spec, else a
   * TypeError */
  Obj *(*format)(Interp *I, Obj *o, Obj *spec);
  /* the items of an immutable sequence kept as a tuple (a pandas Index), so that whatever
   * reads lists and tuples reads it too; a borrowed tuple */
  Obj *(*items)(Obj *o);
  bool user;                              /* slots dispatch to dunder methods (user classes) */
  /* a library class whose constructor has no effect beyond its instance: the checker builds
   * one from literal arguments, to report what the constructor refuses before anything runs */
  bool checker_builds;
  /* its getattr gives data, never a method (a layer's weights by name), so a call of a name
   * its class lacks is still the checker's error */
  bool getattr_data_only;
};

/* A class, also a value (type(x), isinstance). */
struct Class {
  Obj hd;
  char *name;                 /* owned */
  char *module;               /* owned: "builtins", "keras.callbacks", "__main__" */
  Class *base;                /* single inheritance; NULL for object */
  Obj *dict;                  /* methods and class attributes */
  const Layout *layout;
  const struct FeClassDef *def; /* the table row of a library class, or NULL */
  Sig *ctor_sig;              /* the parsed def->ctor_sig, when def->ctor is set */
};

typedef struct { Obj hd; int64_t v; } Int;       /* int and bool */
typedef struct { Obj hd; double v; } Float;
typedef struct {
  Obj hd;
  int64_t len;                /* bytes */
  int64_t ncp;                /* code points */
  int64_t hash;               /* -1 until computed */
  char s[];                   /* UTF-8, NUL-terminated */
} Str;
typedef struct {
  Obj hd;
  int64_t len;
  unsigned char b[];          /* len bytes, then a NUL */
} Bytes;
typedef struct { Obj hd; int64_t n, cap; Obj **v; } List;
typedef struct { Obj hd; int64_t n; Obj *v[]; } Tuple;

/* The hash table of dicts and sets: entries in insertion order, an index table over them. */
typedef struct { int64_t hash; Obj *key, *value; } DictEntry;
typedef struct {
  Obj hd;
  DictEntry *e;               /* ne used (holes have key NULL), cape allocated */
  int64_t ne, cape, count;
  int64_t *index;             /* nindex slots: -1 empty, -2 deleted, else an entry */
  int64_t nindex;
} Dict;                       /* a set is a Dict whose values are NULL */

typedef struct { Obj hd; Obj *start, *stop, *step; } Slice;
typedef struct { Obj hd; int64_t start, stop, step; } Range;
typedef struct { Obj hd; Obj *value; } Cell;

/* Interned names, made once per interpreter (dunder names the evaluator looks up). */
#define FE_NAMES(X)                                                                        \
  X(init, "__init__") X(new, "__new__") X(str, "__str__") X(repr, "__repr__")             \
  X(len, "__len__") X(getitem, "__getitem__") X(setitem, "__setitem__")                   \
  X(iter, "__iter__") X(next, "__next__") X(call, "__call__") X(eq, "__eq__")             \
  X(contains, "__contains__") X(enter, "__enter__") X(exit, "__exit__")                   \
  X(name, "__name__") X(doc, "__doc__") X(class_, "__class__") X(main, "__main__")        \
  X(module, "__module__") X(bool_, "__bool__") X(hash, "__hash__") X(dict, "__dict__")    \
  X(version, "__version__") X(args, "args") X(format, "__format__") X(empty, "")          \
  X(delitem, "__delitem__") X(getattr, "__getattr__") X(missing, "__missing__")             \
  X(builtins, "builtins") X(self, "self") X(reversed, "__reversed__")
typedef struct {
#define FE_NAME_FIELD(f, s) Obj *f;
  FE_NAMES(FE_NAME_FIELD)
#undef FE_NAME_FIELD
} FeNames;

/* ---------------------------------------------------------------------------------------
 * Tables that define library modules (docs/adding-a-module.md). */

/* A function's body: args holds one borrowed value per parameter of its signature, in
 * order, defaults filled in; a *args parameter gets a tuple, a **kwargs one a dict. self
 * is the bound object of a method (the class for a constructor's ctor), else NULL. */
typedef Obj *(*FeNative)(Interp *I, Obj *self, Obj **args);

/* A check of an annotated parameter ("units: posint"): 0 when v passes, else FE_TYPE_ERR
 * or FE_VALUE_ERR with the whole message in msg ("units must be a positive integer, found
 * 'ten'"). The same check runs on literal arguments before anything runs and on every
 * value at run time, so both report alike. */
enum { FE_TYPE_ERR = 1, FE_VALUE_ERR = 2 };
typedef int (*FeCheck)(Interp *I, const char *param, Obj *v, char *msg, size_t n);
typedef struct { const char *name; FeCheck check; } FeCheckDef;

typedef struct FeFnDef {
  const char *name;
  FeNative fn;            /* NULL: refused, before anything runs, with `refusal` */
  const char *sig;        /* Python's syntax: "(x, /, y=1, *args, units: posint, **kw)" */
  const char *returns;    /* for the checker: the class a call returns
                             ("keras.callbacks.History") */
  const char *refusal;    /* fn NULL: why ("input() is not available: a model file runs
                             unattended") */
} FeFnDef;

typedef struct FeGetDef {
  const char *name;
  Obj *(*get)(Interp *I, Obj *self);
  int (*set)(Interp *I, Obj *self, Obj *v);   /* NULL: read-only */
} FeGetDef;

typedef enum { FC_INT, FC_FLOAT, FC_STR, FC_BOOL, FC_NONE } FeConstKind;
typedef struct FeConstDef {
  const char *name;
  FeConstKind kind;
  int64_t i;
  double f;
  const char *s;
} FeConstDef;

typedef struct FeClassDef {
  const char *name;
  const char *base;       /* "Exception", "keras.callbacks.Callback"; NULL: object */
  const Layout *layout;   /* NULL: the base's */
  /* Makes an instance from the arguments bound to its signature (self is the class);
   * NULL: the instance is allocated and __init__ (a method row) is called on it. */
  FeNative ctor;
  const char *ctor_sig;
  const FeFnDef *methods; /* rows up to one with a NULL name; may be NULL */
  const FeFnDef *statics; /* functions called on the class (dict.fromkeys); may be NULL */
  const FeGetDef *props;
  const FeConstDef *consts;
} FeClassDef;

typedef struct FeModuleDef {
  const char *name;       /* full dotted name: "os.path"; several defs of one name merge */
  const char *alias_of;   /* this name is that module too ("tensorflow.keras" of "keras") */
  const FeFnDef *fns;     /* each table ends with a row whose name is NULL; may be NULL */
  const FeClassDef *classes;
  const FeConstDef *consts;
  const FeCheckDef *checks; /* annotation names for signatures, usable by every module */
  int (*init)(Interp *I, Obj *module); /* values that are not constants (sys.argv); may be NULL */
  /* names the real module has and nnc does not, separated by spaces (may be NULL): the checker
   * refuses them by name and never offers another name of the module in their place */
  const char *lacks;
  /* a module nnc refuses, with why and what to use instead (Keras 3 removed it); a table
   * with a refusal has nothing else */
  const char *refusal;
} FeModuleDef;

/* ---------------------------------------------------------------------------------------
 * interp.c — the interpreter and what a host (the nnc command, tests) calls. */
typedef struct {
  FILE *out, *err;        /* print() and sys.stdout; sys.stderr (stdout/stderr when NULL) */
  const char *const *argv;/* sys.argv: the model file, then its arguments */
  int argc;
  size_t stack_limit;     /* bytes of C stack the evaluator may use; 0: 4 MiB */
} FeConfig;

Interp *fe_interp_new(const FeConfig *cfg);   /* NULL when out of memory */
/* Frees every object, cycles included. Returns how many had to be freed although a
 * reference to them was still counted (a reference nnc lost track of: 0 unless a bug). */
int64_t fe_interp_free(Interp *I);
/* Adds library modules (their tables must outlive the interpreter). NNC_ERR_NOMEM. */
nnc_status fe_register_modules(Interp *I, const FeModuleDef *const *defs, int n);
/* The static stages on a parsed file: scopes (scope.c) and library calls (check.c); errors
 * go to s. Returns fe_status(s), or NNC_ERR_NOMEM. */
nnc_status fe_check(Interp *I, Source *s, Ast *a);
/* Parses and checks text; *out is the Ast (freed by the caller with fe_ast_free after
 * fe_ast_release) or NULL. */
nnc_status fe_check_text(Interp *I, Source *s, Ast **out);
/* Runs a checked file as the module __main__. An uncaught exception becomes an error at
 * its place in s, with a note for each call it came through. *exit_code is sys.exit's
 * status (0 when the file ran to its end, 1 after an error). */
nnc_status fe_run(Interp *I, Source *s, Ast *a, int *exit_code);
/* Releases the values the run cached on a's nodes. */
void fe_ast_release(Interp *I, Ast *a);
/* Keeps v (a new reference) cached on a node of a until fe_ast_release; false: MemoryError. */
bool fe_ast_own(Interp *I, Ast *a, Obj *v);
/* The host's own state (pylib's), kept for library functions to find. */
void fe_set_host(Interp *I, void *host);
void *fe_host(Interp *I);
/* at_end(I) is called by fe_run once the file's statements have all run (no exception
 * escaped), before its globals go: the host's last look at what the file made. */
void fe_set_at_end(Interp *I, void (*at_end)(Interp *I));
/* The name the statement being run assigns the result of the running call to (NAME in
 * `NAME = load(...)`), or NULL: for a host that redirects such calls (nnc's -D). */
const char *fe_assign_target(Interp *I);
FILE *fe_out(Interp *I);
FILE *fe_err(Interp *I);
/* Objects alive (for tests: 0 after everything was released and collected). */
int64_t fe_live_objects(const Interp *I);

/* =======================================================================================
 * Inside the run time: what the interpreter's files and library modules share. */

/* The built-in exception classes: name and base. */
#define FE_EXCEPTIONS(X)                                                                   \
  X(BaseException, -1) X(SystemExit, EXC_BaseException)                                    \
  X(KeyboardInterrupt, EXC_BaseException) X(Exception, EXC_BaseException)                 \
  X(ArithmeticError, EXC_Exception) X(ZeroDivisionError, EXC_ArithmeticError)             \
  X(OverflowError, EXC_ArithmeticError) X(FloatingPointError, EXC_ArithmeticError)        \
  X(AssertionError, EXC_Exception) X(AttributeError, EXC_Exception)                       \
  X(LookupError, EXC_Exception) X(IndexError, EXC_LookupError) X(KeyError, EXC_LookupError) \
  X(NameError, EXC_Exception) X(UnboundLocalError, EXC_NameError)                         \
  X(ImportError, EXC_Exception) X(ModuleNotFoundError, EXC_ImportError)                   \
  X(OSError, EXC_Exception) X(FileNotFoundError, EXC_OSError)                             \
  X(FileExistsError, EXC_OSError) X(IsADirectoryError, EXC_OSError)                       \
  X(NotADirectoryError, EXC_OSError) X(PermissionError, EXC_OSError)                      \
  X(RuntimeError, EXC_Exception) X(RecursionError, EXC_RuntimeError)                      \
  X(NotImplementedError, EXC_RuntimeError) X(StopIteration, EXC_Exception)                \
  X(TypeError, EXC_Exception) X(ValueError, EXC_Exception)                                \
  X(UnicodeError, EXC_ValueError) X(MemoryError, EXC_Exception)                           \
  X(Warning, EXC_Exception) X(UserWarning, EXC_Warning)                                   \
  X(DeprecationWarning, EXC_Warning) X(FutureWarning, EXC_Warning)                        \
  X(RuntimeWarning, EXC_Warning)

typedef enum {
#define FE_EXC_ENUM(n, b) EXC_##n,
  FE_EXCEPTIONS(FE_EXC_ENUM)
#undef FE_EXC_ENUM
  EXC_COUNT
} ExcKind;

/* A place an exception came through: the innermost first. */
typedef struct {
  Pos pos;
  const char *fn;             /* the user function it was in ("<module>"); arena-owned */
} TbEntry;

typedef struct {
  Obj hd;
  Obj *dict;
  Obj *args;                  /* a tuple */
  TbEntry *tb;                /* base_malloc'd: where it was raised, then each call site */
  int ntb, captb;
  const void *tb_frame;       /* the frame of the last entry (one entry per frame) */
  nnc_status status;          /* what nnc's API said when it made this error; 0: by class */
} Exc;

typedef struct Frame Frame;

struct Interp {
  FeConfig cfg;
  Source *src;                /* the running file, for messages */
  void *host;
  /* immortal values */
  Obj none, ellipsis, notimpl;
  Int false_, true_;
  Int small[262];             /* -5 .. 256 */
  Obj gc_head;                /* the list of every object */
  int64_t nobjs;
  int64_t allocs_since_gc;
  /* classes of the built-in types */
  Class *cls_object, *cls_type, *cls_int, *cls_bool, *cls_float, *cls_str, *cls_list,
        *cls_tuple, *cls_dict, *cls_set, *cls_slice, *cls_range, *cls_none, *cls_function,
        *cls_native, *cls_method, *cls_module, *cls_cell, *cls_iter, *cls_sig, *cls_property,
        *cls_staticmethod, *cls_classmethod, *cls_super, *cls_file, *cls_dictview,
        *cls_ellipsis, *cls_notimpl, *cls_frozen, *cls_bytes;
  Class *exc[EXC_COUNT];
  Obj *exc_pending;           /* the exception being raised, or NULL (owned) */
  Obj *handling;              /* the exception an except block is handling (bare raise) */
  Obj *memerr;                /* a MemoryError made in advance */
  FeNames names;
  Obj *builtins;              /* dict */
  Obj *modules;               /* dict: name -> module object (sys.modules) */
  const FeModuleDef **defs;   /* registered tables */
  int ndefs, capdefs;
  Obj *main;                  /* the __main__ module, while running */
  int depth;                  /* Python calls in progress */
  uintptr_t stack_base;
  Frame *frame;               /* the innermost frame */
  Ast *ast;                   /* the file running (values cached on its nodes) */
  int dealloc_depth;          /* nested fe_dealloc calls; deeper ones are deferred */
  Obj *trash;                 /* objects whose freeing was deferred (linked by gc_next) */
  Obj *empty_tuple;
  Obj *repr_active[64];       /* containers whose repr is being made (FE_REPR_DEPTH) */
  int nrepr;
  /* `NAME = f(...)`: the call and NAME (a host's -D NAME=PATH uses them); assign_name is set
   * only while the call itself runs, not its arguments */
  Node *assign_call;
  const char *assign_next;
  const char *assign_name;
  void (*at_end)(Interp *I);  /* fe_set_at_end */
  bool checking;              /* the checker is building an object from literals: state a
                                 run counts (Keras's automatic names) stays untouched */
  Obj *temps[2];              /* the operands of the binary operation in progress that are
                                 no variable's value (fe_is_temporary) */
};

enum { FE_REPR_DEPTH = 64 };
#define fe_incref(o) ((void)((o)->refs++))
void fe_dealloc(Interp *I, Obj *o);
static inline void fe_decref(Interp *I, Obj *o) {
  if (o && --o->refs == 0)
    fe_dealloc(I, o);
}
/* Replaces *slot's reference with v (a new reference, may be NULL). */
static inline void fe_setref(Interp *I, Obj **slot, Obj *v) {
  Obj *old = *slot;
  *slot = v;
  fe_decref(I, old);
}
#define FE_IS(o, c) ((o)->cls == I->cls_##c)
#define FE_ISA(interp, o, c) ((o)->cls == (interp)->cls_##c)

/* The layouts and class tables of the built-in types (one per file that defines them). */
extern const Layout fe_bytes_layout, fe_int_layout, fe_bool_layout, fe_float_layout, fe_str_layout,
    fe_list_layout, fe_tuple_layout, fe_dict_layout, fe_set_layout, fe_frozenset_layout,
    fe_slice_layout, fe_range_layout, fe_none_layout, fe_class_layout, fe_function_layout,
    fe_native_layout, fe_method_layout, fe_module_layout, fe_cell_layout, fe_iter_layout,
    fe_sig_layout, fe_property_layout, fe_staticmethod_layout, fe_classmethod_layout,
    fe_super_layout, fe_file_layout, fe_dictview_layout, fe_ellipsis_layout,
    fe_notimpl_layout, fe_object_layout;
extern const struct FeClassDef fe_int_class, fe_bool_class, fe_float_class, fe_str_class,
    fe_list_class, fe_tuple_class, fe_dict_class, fe_set_class, fe_frozenset_class,
    fe_slice_class, fe_range_class, fe_object_class, fe_type_class, fe_file_class,
    fe_dictview_class, fe_bytes_class;

/* ---- obj.c: objects, classes and the generic operations ---- */
/* A zeroed object of `size` bytes (its class's layout size when 0); NULL: MemoryError. */
Obj *fe_new(Interp *I, Class *cls, size_t size);
Obj *fe_none(Interp *I);                      /* new references to the immortal values */
Obj *fe_bool(Interp *I, bool b);
Obj *fe_notimpl(Interp *I);
bool fe_isinstance(const Obj *o, const Class *c);
bool fe_is_subclass(const Class *a, const Class *b);
const char *fe_typename(const Obj *o);
Obj *fe_repr(Interp *I, Obj *o);             /* a str */
Obj *fe_str(Interp *I, Obj *o);              /* a str */
int fe_truth(Interp *I, Obj *o);
int fe_hash(Interp *I, Obj *o, int64_t *h);
int fe_eq(Interp *I, Obj *a, Obj *b);        /* 0 or 1; -1 with an exception */
Obj *fe_compare(Interp *I, int cmp, Obj *a, Obj *b);  /* PyCmp: a bool, or an array */
Obj *fe_binop(Interp *I, int op, Obj *a, Obj *b);
Obj *fe_inplace(Interp *I, int op, Obj *a, Obj *b);  /* a op= b */
Obj *fe_unary(Interp *I, int op, Obj *a);
/* True when o is an operand of the binary operation in progress that nothing else
 * references: the evaluator drops it afterwards, so a slot may reuse its memory for the
 * result (numpy's temporary elision). */
bool fe_is_temporary(const Interp *I, const Obj *o);
Obj *fe_getattr(Interp *I, Obj *o, Obj *name);
Obj *fe_getattr_str(Interp *I, Obj *o, const char *name);
int fe_setattr(Interp *I, Obj *o, Obj *name, Obj *v);  /* v NULL: delete */
int fe_hasattr(Interp *I, Obj *o, Obj *name);
Obj *fe_getitem(Interp *I, Obj *o, Obj *key);
int fe_setitem(Interp *I, Obj *o, Obj *key, Obj *v);   /* v NULL: delete */
int64_t fe_len(Interp *I, Obj *o);
Obj *fe_iter(Interp *I, Obj *o);
Obj *fe_next(Interp *I, Obj *it);            /* NULL and no exception: exhausted */
int fe_contains(Interp *I, Obj *container, Obj *v);
/* Calls f with nargs values, the last kwnames' length of them by keyword (kwnames: a
 * tuple of str, or NULL). */
Obj *fe_call(Interp *I, Obj *f, Obj *const *args, int nargs, Obj *kwnames);
Obj *fe_call0(Interp *I, Obj *f);
Obj *fe_call1(Interp *I, Obj *f, Obj *a);
Obj *fe_call2(Interp *I, Obj *f, Obj *a, Obj *b);
/* o.name(args...) without keywords; NULL with AttributeError when o has no such method. */
Obj *fe_call_method(Interp *I, Obj *o, const char *name, Obj *const *args, int nargs);
/* The attribute found on o's class (its bases too) under name, borrowed, or NULL. */
Obj *fe_class_lookup(const Class *c, Obj *name);
/* Looks name up for a call on o: *fn gets the function, *self o when it must be passed as
 * the first argument (a method), else NULL. New reference in *fn; -1 with an exception. */
int fe_lookup_method(Interp *I, Obj *o, Obj *name, Obj **fn, Obj **self);
/* The generic attribute lookup (class, then instance dict); NULL without an exception
 * when not found. */
Obj *fe_generic_getattr(Interp *I, Obj *o, Obj *name);
/* A list of o's attribute names for hints (new reference; sorted). */
Obj *fe_dir(Interp *I, Obj *o);

/* ---- class.c: classes, instances, methods and descriptors ---- */
extern const Layout fe_instance_layout;       /* instances of user classes: a dict */
/* A class from a table row (the base resolved by the caller). */
Class *fe_class_from_def(Interp *I, const struct FeClassDef *def, Class *base, const char *module);
/* Puts a row's methods, statics, properties and constants into an existing class. */
int fe_class_fill(Interp *I, Class *c, const struct FeClassDef *def);
/* A new class: name, base, the namespace its body filled (borrowed, copied). */
Obj *fe_class_new(Interp *I, const char *name, const char *module, Class *base, Obj *ns);
/* Calls a class: makes an instance. */
Obj *fe_class_call(Interp *I, Obj *cls, Obj *const *args, int nargs, Obj *kwnames);
Obj *fe_super(Interp *I, Class *cls, Obj *self);
/* A dunder method of o's class as a user class defines it (not object's), borrowed, or NULL. */
Obj *fe_user_method(Interp *I, Obj *o, const char *name);
Obj *fe_bound_method(Interp *I, Obj *fn, Obj *self);
Obj *fe_property_new(Interp *I, Obj *getter);
Obj *fe_property_get(Interp *I, Obj *prop, Obj *o);
int fe_property_set(Interp *I, Obj *prop, Obj *o, Obj *v);   /* v NULL: delete (refused) */
extern const struct FeClassDef fe_property_class, fe_staticmethod_class, fe_classmethod_class;

/* ---- num.c: int, bool, float ---- */
Obj *fe_int(Interp *I, int64_t v);
Obj *fe_float(Interp *I, double v);
bool fe_is_int(const Interp *I, const Obj *o);       /* int or bool */
bool fe_is_number(const Interp *I, const Obj *o);    /* int, bool or float */
/* Converts without rounding: int/bool (and objects with __index__); TypeError otherwise. */
int fe_as_int(Interp *I, Obj *o, int64_t *out);
/* A number as a double (int, bool, float, one-element arrays through the host). */
int fe_as_double(Interp *I, Obj *o, double *out);
/* Arithmetic and comparison of two numbers; NotImplemented when either is not one. */
Obj *fe_num_binop(Interp *I, int op, Obj *a, Obj *b);
Obj *fe_num_compare(Interp *I, int cmp, Obj *a, Obj *b);
/* Whether an order c (negative, 0 or positive; 2 for unordered, as with NaN) satisfies cmp
 * (PYC_LT .. PYC_NE). */
bool fe_order_holds(int cmp, int c);
/* The order of two byte runs as Python orders str and bytes: by memcmp, then the shorter
 * first: -1, 0 or 1. */
int fe_bytes_order(const void *a, int64_t na, const void *b, int64_t nb);
Obj *fe_int_parse(Interp *I, const char *s, size_t n, int base);  /* int("..."); ValueError */
Obj *fe_float_parse(Interp *I, const char *s, size_t n);          /* float("...") */
int64_t fe_hash_double(double v);
/* Python's round(): to `digits` decimals, halves to even (on the exact binary value). */
double fe_round(double v, int64_t digits);

/* ---- str.c ---- */
Obj *fe_str_new(Interp *I, const char *s, size_t n);  /* copies n bytes of UTF-8 */
Obj *fe_str_cstr(Interp *I, const char *s);
Obj *fe_strf(Interp *I, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define FE_STR(o) ((Str *)(o))
bool fe_str_is(const Obj *o, const char *s);         /* a str equal to s */
/* The bytes of a str naming a file, or NULL with ValueError "embedded null byte" (as
 * Python refuses it: C would read the path only up to the NUL). */
const char *fe_path_bytes(Interp *I, Obj *str);
int64_t fe_str_hash(Str *s);
/* Building strings in a BaseBuf (base/buf.c): */
void fe_sb_obj(BaseBuf *b, const Obj *str);            /* appends a str's bytes */
Obj *fe_sb_finish(Interp *I, BaseBuf *b);              /* the str; frees the buffer */
/* Appends repr(o) or str(o): false with an exception. */
bool fe_sb_repr(Interp *I, BaseBuf *b, Obj *o);
bool fe_sb_str(Interp *I, BaseBuf *b, Obj *o);
/* Python's repr of a string's bytes (quotes chosen as Python chooses them). */
void fe_str_quote(BaseBuf *b, const char *s, size_t n);
Obj *fe_str_getitem(Interp *I, Obj *s, Obj *key);
Obj *fe_str_join(Interp *I, Obj *sep, Obj *iterable);
/* Byte offset of code point i of s (i <= ncp). */
int64_t fe_str_offset(const Str *s, int64_t i);

/* ---- list.c, tuple.c ---- */
Obj *fe_list_new(Interp *I, int64_t n);        /* n items, NULL until set */
int fe_list_append(Interp *I, Obj *list, Obj *v);  /* v borrowed */
int fe_list_extend(Interp *I, Obj *list, Obj *iterable);   /* list += iterable; -1 */
int fe_list_append_text(Interp *I, Obj *list, const char *text);  /* a new str of text */
Obj *fe_list_from_iter(Interp *I, Obj *iterable);
int fe_list_sort(Interp *I, Obj *list, Obj *key, bool reverse);
Obj *fe_tuple_new(Interp *I, int64_t n);       /* n items, NULL until set */
Obj *fe_tuple_pack(Interp *I, int n, ...);     /* borrowed items */
Obj *fe_tuple_from_iter(Interp *I, Obj *iterable);
#define FE_LIST(o) ((List *)(o))
#define FE_TUPLE(o) ((Tuple *)(o))

/* ---- bytes.c ---- */
#define FE_BYTES(o) ((Bytes *)(o))
Obj *fe_bytes_new(Interp *I, const void *p, size_t n);  /* copies n bytes (p NULL: zeros) */
/* str.encode: 'utf-8' or 'ascii', errors='strict' only; NULL with an exception. */
Obj *fe_str_encode(Interp *I, Obj *s, Obj *encoding, Obj *errors);
/* Items of a list, tuple or a layout's `items`: array and count (borrowed; valid until the
 * list changes). */
bool fe_seq_items(Interp *I, Obj *o, Obj *const **items, int64_t *n);
bool fe_is_seq(Interp *I, Obj *o);   /* whether fe_seq_items takes o */
/* Normalizes a slice of a sequence of length n: start, stop, step and the count. */
int fe_slice_indices(Interp *I, Obj *slice, int64_t n, int64_t *start, int64_t *stop,
                     int64_t *step, int64_t *count);
/* An index into a sequence of length n: negative counts from the end; IndexError
 * ("list index out of range") when outside, TypeError when not an integer; tname: "list",
 * "tuple", "string", ... */
int fe_seq_index(Interp *I, Obj *key, int64_t n, const char *tname, int64_t *out);
Obj *fe_seq_repr(Interp *I, Obj *const *v, int64_t n, const char *open, const char *close);
/* The repr of container o whose items are v: "[...]" when o is inside its own repr. */
Obj *fe_container_repr(Interp *I, Obj *o, Obj *const *v, int64_t n, const char *open,
                       const char *close);
/* Guards a repr that nests (dicts, arrays): *again when o is already being shown. */
bool fe_repr_enter(Interp *I, Obj *o, bool *again);
void fe_repr_leave(Interp *I, Obj *o);
/* cmp (PYC_LT .. PYC_NE) of two sequences, lexicographic: 0 or 1, -1 with an exception. */
int fe_seq_compare(Interp *I, int cmp, Obj *const *a, int64_t na, Obj *const *b, int64_t nb);
Obj *fe_seq_slice(Interp *I, Obj *const *v, int64_t n, Obj *slice, bool list);
Obj *fe_slice_new(Interp *I, Obj *start, Obj *stop, Obj *step);   /* NULL parts: None */
extern const FeGetDef fe_slice_props[];
int fe_seq_contains(Interp *I, Obj *const *v, int64_t n, Obj *x);
/* a + b, a * k of lists (list) or tuples; NotImplemented for other operators. */
Obj *fe_seq_binop(Interp *I, int op, Obj *a, Obj *b, bool reflected, bool list);

/* ---- dict.c: dicts and sets ---- */
Obj *fe_dict_new(Interp *I);
Obj *fe_set_new(Interp *I, bool frozen);
#define FE_DICT(o) ((Dict *)(o))
/* The value under key (borrowed), NULL when absent; -1 in *err for an unhashable key. */
Obj *fe_dict_get(Interp *I, Obj *d, Obj *key, int *err);
Obj *fe_dict_getstr(Interp *I, Obj *d, const char *key);  /* borrowed or NULL */
int fe_dict_set(Interp *I, Obj *d, Obj *key, Obj *v);     /* both borrowed */
int fe_dict_setstr(Interp *I, Obj *d, const char *key, Obj *v);
int fe_dict_del(Interp *I, Obj *d, Obj *key);             /* 0 absent, 1 deleted, -1 */
/* Walks the entries: *pos from 0; false at the end. Borrowed key and value. */
bool fe_dict_next(Obj *d, int64_t *pos, Obj **key, Obj **value);
int fe_set_add(Interp *I, Obj *s, Obj *v);
int fe_set_contains(Interp *I, Obj *s, Obj *v);
Obj *fe_dict_keys_list(Interp *I, Obj *d);

/* ---- exc.c: exceptions ---- */
/* Raises a new exception of a built-in class with a printf-style message; returns NULL. */
Obj *fe_throw(Interp *I, ExcKind k, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
Obj *fe_raise(Interp *I, Obj *exc);          /* an exception instance or class; NULL */
Obj *fe_key_error(Interp *I, Obj *key);      /* raises KeyError(key), as a dict's; NULL */
Obj *fe_nomem(Interp *I);                    /* MemoryError; NULL */
bool fe_exc_matches(Interp *I, Obj *exc, Obj *spec);  /* spec: a class or tuple of them */
Obj *fe_exc_take(Interp *I);                 /* the pending exception (owned), cleared */
bool fe_pending(const Interp *I, ExcKind k); /* an exception of k (or a subclass) is pending */
/* The exception's message as Python's str(e) gives it (a new str), or NULL. */
Obj *fe_exc_str(Interp *I, Obj *exc);
/* Adds a place to the pending exception's traceback, once per frame. */
void fe_exc_place(Interp *I, const void *frame, Pos p, const char *fn);
/* The nnc_status an exception stands for (its own, else by class: OSError NNC_ERR_IO, ...). */
nnc_status fe_exc_status(Interp *I, Obj *exc);
/* Raises k with the message of nnc_last_error() and that status (the library's failures). */
Obj *fe_throw_status(Interp *I, ExcKind k, nnc_status st, const char *msg);
extern const Layout fe_exc_layout;
extern const FeFnDef fe_exc_methods[];
extern const FeGetDef fe_exc_props[];

/* ---- func.c: signatures, argument binding, functions and methods ---- */
typedef struct {
  Obj *name;                  /* a str */
  ParamKind kind;
  Obj *def;                   /* default, or NULL: required (unless optional) */
  bool optional;              /* "=<missing>" in a table: may be left out; then NULL */
  FeCheck check;              /* the annotation's check, or NULL */
  bool or_none;               /* "x: str|None": None passes the check */
} SigParam;
struct Sig {
  Obj hd;
  const char *fname;          /* for messages: "Dense" (not owned: a table or the AST) */
  SigParam *p;
  int n;
  int npos;                   /* parameters that can be given by position */
  int varargs, varkw;         /* index of *args / **kwargs, or -1 */
};
/* Parses a table's signature text ("(x, /, y=1, *, z: posint = 2, **kw)"). */
Sig *fe_sig_parse(Interp *I, const char *text, const char *fname);
/* Binds a call's arguments to sig: out gets one new reference per parameter (NULL for an
 * optional one left out). On failure out holds nothing and TypeError (or the ValueError of
 * a check) is pending. */
int fe_bind(Interp *I, const Sig *sig, Obj *const *args, int nargs, Obj *kwnames, Obj **out);
/* Where each argument of a call goes, without values (the checker's view and fe_bind's
 * first step): npos positional arguments, then nkw keywords named kw[]. map[i] is the
 * parameter argument i fills, or -1 when it goes to *args or **kwargs. Returns -1 with a
 * message (and *bad the argument at fault, or -1 for the call itself) when they do not fit. */
int fe_sig_map(const Sig *sig, int npos, const char *const *kw, int nkw, int *map, char *msg,
               size_t n, int *bad);
/* Runs a parameter's check on v: 0, or FE_TYPE_ERR/FE_VALUE_ERR with the message. */
int fe_sig_check(Interp *I, const Sig *sig, int param, Obj *v, char *msg, size_t n);
/* The Sig of a def or lambda; defaults[i] for parameter i (NULL: none; the array may be NULL). */
Sig *fe_sig_from_params(Interp *I, const FnInfo *fn, Obj *const *defaults);
/* Calls a table's function with self and arguments bound to sig (no native object made). */
Obj *fe_call_def(Interp *I, const FeFnDef *def, Sig *sig, Obj *self, Obj *const *args, int nargs,
                 Obj *kwnames);
/* A check of the annotation `name`, or NULL. */
FeCheck fe_check_find(Interp *I, const char *name);
/* A native function (def outlives it); self: bound to it (a method), or NULL. */
Obj *fe_native_new(Interp *I, const FeFnDef *def, Sig *sig, Obj *self);
typedef struct {
  Obj hd;
  const FeFnDef *def;
  Sig *sig;
  Obj *self;                  /* bound object, or NULL */
  Class *owner;               /* the class of a method (for messages) */
} Native;
/* A user function. */
typedef struct {
  Obj hd;
  FnInfo *fn;
  Node *def;                  /* the S_DEF or E_LAMBDA */
  Obj *globals;               /* the module's dict */
  Obj *closure;               /* a tuple of cells, or NULL */
  Sig *sig;                   /* parameters with defaults evaluated at def time */
  Obj *name, *qualname;
  Obj *dict;
  Class *owner;               /* set when the class is made: for super() and messages */
} Function;
typedef struct { Obj hd; Obj *fn, *self; } Method;

/* ---- module.c: modules, the registry and imports ---- */
typedef struct {
  Obj hd;
  Obj *dict;
  Obj *name;                  /* a str */
  bool loaded;                /* every table of its name has been read */
} Module;
/* The module of that full name, made from its tables on first use; NULL with
 * ModuleNotFoundError ("module 'torch' is not available in nnc model files"). */
Obj *fe_import(Interp *I, const char *name);
/* Whether tables of that name (or a submodule of it) are registered. */
bool fe_module_known(Interp *I, const char *name);
/* The refusal of the module named name, or NULL. */
const char *fe_module_refusal(Interp *I, const char *name);
/* The names registered modules and submodules go by (for hints); n written into names. */
int fe_module_names(Interp *I, const char **names, int cap);
/* name's parent-relative attribute of a module, importing a submodule if that is what it is. */
Obj *fe_module_getattr(Interp *I, Obj *mod, Obj *name);
Obj *fe_module_new(Interp *I, const char *name);
/* The value a constant row stands for. */
Obj *fe_const_value(Interp *I, const FeConstDef *c);

/* ---- iter.c: ranges, iterators, views ---- */
Obj *fe_range_new(Interp *I, int64_t start, int64_t stop, int64_t step);
Obj *fe_seq_iter(Interp *I, Obj *seq);       /* an iterator over a list, tuple or str */
typedef enum { VIEW_KEYS, VIEW_VALUES, VIEW_ITEMS } ViewKind;
Obj *fe_dict_view(Interp *I, Obj *d, ViewKind k);
/* Iterator constructors of the builtins of those names. */
Obj *fe_zip(Interp *I, Obj *iterables, bool strict);
Obj *fe_enumerate(Interp *I, Obj *iterable, int64_t start);
Obj *fe_map(Interp *I, Obj *fn, Obj *iterables);
Obj *fe_filter(Interp *I, Obj *fn, Obj *iterable);
Obj *fe_reversed(Interp *I, Obj *seq);

/* ---- fmt.c: how values become text ---- */
/* format(v, spec) for the built-in types (the format-spec mini-language). */
Obj *fe_format(Interp *I, Obj *v, Obj *spec);
bool fe_format_into(Interp *I, BaseBuf *b, Obj *v, const char *spec, size_t n);
/* fmt % args */
Obj *fe_percent_format(Interp *I, Obj *fmt, Obj *args);
/* fmt.format(*args, **kwargs) */
Obj *fe_str_format(Interp *I, Obj *fmt, Obj *args, Obj *kwargs);

/* ---- file.c ---- */
/* A file object over fp (owned: closed when the object goes unless borrowed). */
Obj *fe_file_new(Interp *I, FILE *fp, const char *name, const char *mode, bool borrowed);
Obj *fe_open(Interp *I, Obj *path, Obj *mode);
/* Raises the OSError subclass of errno err about path, worded as Python words it. */
Obj *fe_os_error(Interp *I, int err, Obj *path);
/* Writes a str to a file object (print's file=); -1 with an exception. */
int fe_file_write(Interp *I, Obj *file, const char *s, size_t n);

/* ---- builtins.c ---- */
extern const FeModuleDef fe_builtins_def;
extern const FeCheckDef fe_core_checks[];

/* ---- gc.c ---- */
/* Frees unreachable cycles; returns how many objects it freed. */
int64_t fe_collect(Interp *I);

/* ---- scope.c ---- */
typedef enum { SC_MODULE, SC_FUNCTION, SC_CLASS, SC_COMP } ScopeKind;
typedef enum {
  SYM_ASSIGNED = 1, SYM_PARAM = 2, SYM_GLOBAL = 4, SYM_NONLOCAL = 8, SYM_USED = 16,
  SYM_CELL = 32, SYM_FREE = 64, SYM_IMPORTED = 128,
} SymFlag;
typedef struct {
  const char *name;
  unsigned flags;
  int slot;                   /* local slot */
  Pos first;                  /* where it is first bound (for messages) */
  int nbind;                  /* how many places bind it */
  int first_top;              /* module scope: the first top-level statement that binds it */
  Node *value;                /* bound once, by a plain assignment: the value expression */
} Sym;
typedef struct {
  bool from_cell;             /* the enclosing scope's local cell (slot), else its free index */
  int index;
} FreeVar;
struct Scope {
  ScopeKind kind;
  Scope *parent;
  const char *name;
  Sym *syms;                  /* arena */
  int nsyms, capsyms;
  int nlocals;                /* slots of a frame (function and comprehension scopes) */
  const char **free;          /* names of the free variables, by index (arena) */
  int nfree, capfree;
  FreeVar *captures;          /* nfree: how a new function takes its closure */
  bool star_import;           /* module scope: 'from m import *' somewhere */
};
/* The symbol of name in a scope, or NULL. */
Sym *fe_scope_find(const Scope *sc, const char *name);
/* Resolves every name of a (errors, such as undefined names, go to s). */
nnc_status fe_scope(Source *s, Ast *a, Interp *I);

/* ---- check.c ---- */
nnc_status fe_check_calls(Interp *I, Source *s, Ast *a);

/* ---- eval.c, exec.c: the evaluator ---- */
struct Frame {
  Frame *back;
  Scope *scope;
  Obj **locals;               /* scope->nlocals slots (cells where SYM_CELL) */
  Obj *closure;               /* a tuple of cells, or NULL */
  Obj *globals;               /* the module's dict */
  Obj *ns;                    /* a class body's namespace, or NULL */
  Function *func;             /* NULL for the module and class bodies */
  const char *name;           /* for tracebacks */
};
typedef enum { X_NORMAL, X_BREAK, X_CONTINUE, X_RETURN, X_ERROR } ExecStatus;
Obj *fe_eval(Interp *I, Frame *f, Node *e);
ExecStatus fe_exec_block(Interp *I, Frame *f, const NodeList *body, Obj **ret);
/* Calls a user function. */
Obj *fe_function_call(Interp *I, Obj *fn, Obj *const *args, int nargs, Obj *kwnames);
/* Assigns v to a target expression (names, attributes, items, unpacking). */
int fe_assign(Interp *I, Frame *f, Node *target, Obj *v);
int fe_delete(Interp *I, Frame *f, Node *target);
/* A function object for a def or lambda node, its defaults evaluated in f. */
Obj *fe_make_function(Interp *I, Frame *f, Node *def);
/* The closure a function or class body of scope sc takes from frame f (NULL: none). */
Obj *fe_closure_of(Interp *I, Frame *f, Scope *sc);
/* A node's name as a str (cached on it; borrowed). */
Obj *fe_node_name(Interp *I, Node *e);
/* The value of a literal expression (constants, unary minus, tuples/lists of literals),
 * or NULL without an exception when it is not one: the checker's view of arguments. */
Obj *fe_literal(Interp *I, const Node *e);
/* Guards the C stack and the Python call depth: false with RecursionError. */
bool fe_enter_call(Interp *I);
void fe_leave_call(Interp *I);

#endif
