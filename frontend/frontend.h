/* frontend.h — the model-file language: a strict subset of Python that reads as Keras.
 *
 * A model file goes through four stages, each in its own file:
 *   diag.c   the source text and its diagnostics (FILE:LINE:COL: error: MESSAGE, the line,
 *            a caret under the column);
 *   lex.c    bytes -> tokens (logical lines, bracket joining, backslash continuation);
 *   parse.c  tokens -> statements and expressions (ast.c holds the nodes, their arena and a
 *            printer);
 *   check.c  names resolved against the Keras vocabulary (vocab.c, one table), argument
 *            types and literal values checked, the model's life cycle followed; the result is
 *            the same AST annotated for the lowering step.
 *
 * Positions: lines and columns are 1-based and columns count BYTES from the start of the
 * line, so a tab or a byte of a multi-byte UTF-8 character is one column. The caret line
 * repeats tabs so that it lines up on a terminal.
 *
 * No stage stops at the first error: each records up to FE_MAX_DIAGS diagnostics in the
 * Source and goes on where it can, so all errors of a file are reported before anything runs.
 * No input makes a stage crash or recurse without bound.
 */
#ifndef NNC_FRONTEND_H
#define NNC_FRONTEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "names.h"
#include "nnc.h"

/* ---------------------------------------------------------------------------------------
 * diag.c */
enum {
  FE_MAX_DIAGS = 20,  /* diagnostics kept per file; later ones are counted, not kept */
  FE_MSG_MAX = 240,   /* bytes of one message, NUL included */
  FE_MAX_DEPTH = 64,  /* nesting of brackets and unary minus */
};

typedef struct {
  int line, col;      /* 1-based; col counts bytes */
} Pos;

typedef struct {
  Pos pos;
  nnc_status code;    /* NNC_ERR_SYNTAX for lexing and parsing, NNC_ERR_TYPE for checking */
  char msg[FE_MSG_MAX];
} Diag;

typedef struct {
  const char *file;   /* name used in messages; not owned */
  const char *text;   /* the bytes, not necessarily NUL-terminated; not owned */
  size_t len;
  Diag diags[FE_MAX_DIAGS];
  int ndiags;         /* kept, <= FE_MAX_DIAGS */
  int nerrors;        /* reported, including those not kept */
} Source;

void fe_source_init(Source *s, const char *file, const char *text, size_t len);
/* Records an error at p; a printf-style message of one line. */
void fe_error(Source *s, nnc_status code, Pos p, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
bool fe_full(const Source *s);   /* as many errors as are worth reporting */
/* Puts the kept diagnostics in file order (stable), as each stage does when it ends. */
void fe_diags_sort(Source *s);
/* Writes one diagnostic: "FILE:L:C: error: MSG\n", the source line, the caret line. */
void fe_diag_render(const Source *s, const Diag *d, FILE *out);
/* Writes all of them, then "N errors" when there were more than one. */
void fe_diags_print(const Source *s, FILE *out);
/* NNC_OK without errors; otherwise the first error's code, with its one-line message
 * ("FILE:L:C: error: MSG") set for nnc_last_error. */
nnc_status fe_status(const Source *s);
/* Quotes bytes for a message: printable ASCII as is, the rest as \xHH, cut at max bytes with
 * "..."; writes at most n bytes into buf (NUL included) and returns buf. */
char *fe_quote(char *buf, size_t n, const char *s, size_t len, size_t max);
/* The candidate closest to name (at most about a third of its length away), or NULL. */
const char *fe_suggest(const char *name, const char *const *cands, int n);

/* ---------------------------------------------------------------------------------------
 * lex.c */
typedef enum {
  TK_NAME,            /* identifiers and keywords alike; the parser tells them apart */
  TK_INT,
  TK_FLOAT,
  TK_STR,
  TK_OP,              /* punctuation and operators; text at off, len bytes */
  TK_NEWLINE,         /* end of a logical line (never inside brackets) */
  TK_EOF,
} TokKind;

typedef struct {
  TokKind kind;
  Pos pos;
  size_t off, len;    /* the token's bytes in the source */
  int64_t ival;       /* TK_INT */
  double fval;        /* TK_FLOAT */
  bool toobig;        /* TK_INT that does not fit int64 */
  char *str;          /* TK_STR: decoded bytes, NUL-terminated, owned by Tokens */
  size_t slen;        /* their count (a string may hold NUL) */
} Token;

typedef struct {
  Token *t;           /* ends with one TK_EOF */
  int n, cap;
} Tokens;

/* Lexes s's text; errors go to s. Fails only with NNC_ERR_NOMEM (out is then freed). */
nnc_status fe_lex(Source *s, Tokens *out);
void fe_tokens_free(Tokens *ts);
/* The token is the operator/punctuation op. */
bool fe_tok_op(const Source *s, const Token *t, const char *op);

/* ---------------------------------------------------------------------------------------
 * ast.c */
typedef enum {
  /* expressions */
  EX_NAME,            /* name */
  EX_ATTR,            /* lhs.name; npos = the attribute's position */
  EX_CALL,            /* lhs(items...); keyword arguments are EX_KW items after the others */
  EX_KW,              /* name=lhs, inside a call; npos = the name's position */
  EX_LIST,            /* [items] */
  EX_TUPLE,           /* (items) or a, b */
  EX_STR,             /* str, slen */
  EX_INT,             /* ival (toobig when it did not fit) */
  EX_FLOAT,           /* fval */
  EX_BOOL,            /* ival 0 or 1 */
  EX_NONE,
  EX_NEG,             /* -lhs, when lhs is not a number literal (numbers are folded) */
  /* statements */
  ST_IMPORT,          /* import name [as alias]; name is dotted */
  ST_FROM,            /* from name import items (EX_NAME items with alias) */
  ST_ASSIGN,          /* items (EX_NAME targets) = lhs; ival 1 when unpacking (a, b = ...) */
  ST_EXPR,            /* lhs */
} NodeKind;

typedef struct Callable Callable;   /* vocab.c */
typedef struct Node Node;

/* What a checked expression is. */
typedef enum {
  VK_UNKNOWN,         /* not checked, or an error was reported */
  VK_MODULE,          /* mod = index into fe_modules */
  VK_CALLABLE,        /* fn: a class or function of the vocabulary, not called yet */
  VK_METHOD,          /* fn: a model method bound to obj */
  VK_LAYER,           /* obj */
  VK_MODEL,           /* obj */
  VK_SYMBOLIC,        /* a Keras tensor of the functional API (Input or a layer's output); obj */
  VK_TENSOR,          /* data: load(), predict() */
  VK_LOSS,
  VK_OPTIMIZER,
  VK_CALLBACK,
  VK_HISTORY,         /* what fit() returns */
  VK_METRICS,         /* what evaluate() returns */
  VK_INT, VK_FLOAT, VK_STR, VK_BOOL, VK_NONE,
  VK_LIST, VK_TUPLE,
} ValueKind;

struct Node {
  NodeKind kind;
  Pos pos;            /* where the node starts */
  Pos npos;           /* EX_ATTR, EX_KW: the name; ST_IMPORT, EX_NAME in ST_FROM: the alias */
  const char *name;   /* EX_NAME, EX_ATTR, EX_KW, ST_IMPORT/ST_FROM module; arena-owned */
  const char *alias;  /* ST_IMPORT, imported EX_NAME: the "as" name, or NULL */
  const char *str;    /* EX_STR: bytes, NUL-terminated */
  size_t slen;
  int64_t ival;
  double fval;
  bool toobig;
  Node *lhs;
  Node **items;
  int nitems;
  /* Annotations set by fe_check. */
  ValueKind vk;
  const Callable *fn; /* VK_CALLABLE/VK_METHOD; on EX_CALL: the callable that was called */
  int obj;            /* object index (layers, models, symbolic tensors), -1 if none */
  int mod;            /* VK_MODULE: index into fe_modules */
  const Node *lit;    /* the literal this expression stands for (through names), or NULL */
  Node **args;        /* EX_CALL of a vocabulary callable: one per parameter, defaults filled */
  int nargs;
};

typedef struct FeChunk FeChunk;

typedef struct {
  Node **stmts;
  int nstmts;
  FeChunk *chunks;    /* the arena: every node, string and array of the module */
} Module;

Module *fe_module_new(void);                      /* NULL when out of memory */
void fe_module_free(Module *m);
void *fe_alloc(Module *m, size_t n);              /* zeroed; NULL when out of memory */
Node *fe_node(Module *m, NodeKind k, Pos p);      /* annotations cleared: obj = mod = -1 */
const char *fe_strndup(Module *m, const char *s, size_t n);
/* The AST as S-expressions, one statement a line; the caller frees it with base_free. */
char *fe_ast_print(const Module *m);

/* ---------------------------------------------------------------------------------------
 * parse.c */
/* Parses s into *out (always set unless out of memory, even when there were errors, so a
 * caller can look at what was understood). Returns fe_status(s), or NNC_ERR_NOMEM. */
nnc_status fe_parse(Source *s, Module **out);

/* ---------------------------------------------------------------------------------------
 * vocab.c — the Keras vocabulary as data: modules, and callables with their parameters (those
 * of losses and optimizers from names/losses.def and optimizers.def). The string names Keras accepts for
 * activations, initializers, losses, optimizers, metrics and monitors are names.h's tables. */

/* Namespaces a callable lives in (bits). */
enum {
  NS_BUILTIN = 1 << 0,   /* bare names without import: load, save, print */
  NS_TF = 1 << 1,        /* tensorflow */
  NS_KERAS = 1 << 2,     /* tensorflow.keras, keras */
  NS_LAYERS = 1 << 3,
  NS_LOSSES = 1 << 4,
  NS_OPTIMIZERS = 1 << 5,
  NS_CALLBACKS = 1 << 6,
  NS_MODELS = 1 << 7,
  NS_METRICS = 1 << 8,
  NS_NUMPY = 1 << 9,
  NS_MODEL = 1 << 10,    /* methods of a model */
  NS_SKLEARN = 1 << 11,  /* sklearn.metrics: r2_score */
};

typedef struct {
  const char *path;      /* "tensorflow.keras.layers" */
  unsigned ns;           /* the one NS_ bit of what it holds */
} FeModule;

/* Parameter types; FE_OR_NONE may be or-ed in. */
typedef enum {
  PT_ANY,
  PT_POS_INT,            /* an int literal in [1, INT32_MAX] */
  PT_NONNEG_INT,         /* an int literal in [0, INT32_MAX] */
  PT_INT,                /* any int literal (an axis) */
  PT_POS_NUM,            /* a number > 0 */
  PT_NONNEG_NUM,         /* a number >= 0 */
  PT_FRACTION,           /* a number in [0, 1) */
  PT_UNIT,               /* a number in [0, 1] (momentum) */
  PT_BOOL,
  PT_STR,
  PT_PATH,               /* a string */
  PT_ACTIVATION,         /* a name of names_activations, or None */
  PT_INITIALIZER,        /* a name of names_initializers */
  PT_SHAPE,              /* a tuple or list of positive ints */
  PT_LAYER,              /* a layer, or an Input tensor */
  PT_LAYERS,             /* a list of layers (an Input tensor may come first) */
  PT_SYMBOLIC,           /* a Keras tensor (functional API) */
  PT_SYMBOLICS,          /* a Keras tensor or a list of them */
  PT_LOSS,               /* a loss object or a name of names_losses */
  PT_OPTIMIZER,          /* an optimizer object or a name of names_optimizers */
  PT_METRICS,            /* a list of names of names_metrics */
  PT_TENSOR,             /* data */
  PT_VALIDATION,         /* a tuple (x, y) of data */
  PT_CALLBACKS,          /* a list of callbacks */
  PT_VERBOSE,            /* 'auto', 0, 1 or 2 */
  PT_MONITOR,            /* a name of names_monitors */
  PT_MODE,               /* 'auto', 'min', 'max' */
  FE_OR_NONE = 0x100,
} ParamType;

typedef struct {
  const char *name;
  int type;              /* ParamType, maybe | FE_OR_NONE */
  const char *def;       /* Python text of the default ("0.001", "'zeros'", "None"); NULL: required */
  bool kwonly;           /* only by keyword */
} Param;

/* What the lowering dispatches on. */
typedef enum {
  FN_INPUT, FN_DENSE, FN_ACTIVATION, FN_ADD, FN_CONCATENATE,
  FN_SEQUENTIAL, FN_MODEL,
  FN_LOSS,               /* a loss class: the row of names_losses its name finds */
  FN_OPTIMIZER,          /* an optimizer class: the row of names_optimizers its name finds */
  FN_EARLY_STOPPING,
  FN_COMPILE, FN_FIT, FN_EVALUATE, FN_PREDICT, FN_SUMMARY, FN_SAVE_WEIGHTS, FN_LOAD_WEIGHTS,
  FN_ADD_LAYER,
  FN_LOAD, FN_SAVE, FN_PRINT,
  FN_R2_SCORE,
  FN_SAVE_MODEL,         /* model.save(): weights and optimizer state (a checkpoint) */
} FnId;

enum { FE_MAX_PARAMS = 12 };

struct Callable {
  const char *name;      /* as written: "Dense", "fit" */
  FnId id;
  unsigned ns;           /* NS_ bits of where it can be found */
  ValueKind result;      /* what a call returns */
  bool variadic;         /* print: any positional arguments, no keywords */
  int nparams;
  Param params[FE_MAX_PARAMS];
};

extern const FeModule fe_modules[];
extern const int fe_nmodules;
extern const Callable fe_vocab[];
extern const int fe_nvocab;

int fe_module_find(const char *path, size_t len);      /* index into fe_modules, or -1 */
const Callable *fe_vocab_find(const char *name, unsigned ns);
int fe_param_index(const Callable *c, const char *name);   /* or -1 */
int fe_string_index(const char *const *names, int n, const char *s); /* or -1 */

/* ---------------------------------------------------------------------------------------
 * check.c */

/* What the checker knows of an object (a layer, model or Keras tensor), by index. */
typedef struct {
  ValueKind vk;
  const Callable *fn;    /* what made it: Dense, Sequential, Input, a layer call ... */
  bool sequential;       /* a Sequential model */
  bool compiled;
  bool metrics;          /* compiled with metrics= */
  int nlayers;
} FeObject;

typedef struct {
  FeObject *objs;        /* base_malloc'd */
  int nobjs, cap;
} FeChecked;

/* Resolves and checks m (parsed from s); annotates its nodes; errors go to s. Returns
 * fe_status(s), or NNC_ERR_NOMEM. objs may be NULL when the caller does not need them;
 * otherwise the caller frees objs->objs with base_free. */
nnc_status fe_check(Source *s, Module *m, FeChecked *objs);
/* Parses and checks text in one go; *out is the module (freed by the caller) or NULL. */
nnc_status fe_check_text(Source *s, Module **out);
/* The n-th argument of a checked call to a vocabulary callable (defaults filled in). */
const Node *fe_arg(const Node *call, const char *param);
/* The literal an expression stands for, through names bound to literals; or NULL. */
const Node *fe_literal(const Node *e);

/* ---------------------------------------------------------------------------------------
 * builtins.c — what builtins compute beyond the Keras level. */
/* sklearn.metrics.r2_score: 1 - SS_res / SS_tot of each output column (a column whose
 * y_true is constant scores 1 when predicted exactly, else 0), averaged over the columns.
 * NNC_ERR_SHAPE (with a message) unless both hold the same rows (at least 2) and values. */
nnc_status fe_r2_score(const nnc_tensor *y_true, const nnc_tensor *y_pred, double *out);

/* ---------------------------------------------------------------------------------------
 * run.c — executes a checked model file through the Keras level of nnc.h. */
typedef struct {
  const char *const *define_names;   /* -D NAME=PATH: NAME = load(...) reads PATH instead */
  const char *const *define_paths;
  int ndefines;
  uint64_t seed;
  bool seeded;                       /* else the runtime's default seed */
  FILE *out;                         /* print() and summary(); stdout when NULL */
  /* Called before each fit() with the model, its data and the options the runner built,
   * which it may change (the nnc command adds its progress display and logs, chaining
   * on_epoch). A non-zero return skips that fit and ends the run with NNC_OK: nnc summary
   * and nnc emit stop there, with the model's input known. May be NULL. */
  int (*before_fit)(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y, nnc_fit_options *f,
                    void *user);
  /* Called when every statement has run (not after a failure, nor when before_fit ended
   * the run) with the last model the file made, or NULL when it made none: nnc summary
   * summarizes it for a file without fit(). May be NULL. */
  void (*at_end)(nnc_model *m, void *user);
  void *user;
} FeRunOptions;

/* Reports (in s) each construct of a checked module that nnc run cannot execute yet, such as
 * the functional API, so a file is refused before anything runs. Returns fe_status(s). */
nnc_status fe_lowerable(Source *s, const Module *m);
/* Runs the statements in order. A failure of the runtime (a missing data file, shapes that
 * do not fit) becomes a diagnostic at its statement; the run stops there. */
nnc_status fe_run(Source *s, const Module *m, const FeChecked *objs, const FeRunOptions *o);

#endif
