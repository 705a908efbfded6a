/* parse.c — reads the IR text format (see print.c) back into a graph.
 *
 * The text is read a line at a time; a line is `%name = OP OPERANDS ATTRS : TYPE`,
 * `output %name`, `scratch BYTES` (a planned graph's arena, before the first value), or
 * blank (`#` starts a comment). Every value goes through ir_build, so a
 * parsed graph passes the same checks as a built one, and the type written after ':' must
 * equal the inferred one. The first error stops the parse: FILE:LINE:COL points at the
 * offending token. The lexer never looks past the terminating NUL of the text nor keeps a
 * fixed-size copy of a token except numbers (bounded, and too long is an error), so any input
 * gives either a graph or a message.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"

typedef enum { T_END, T_VAL, T_IDENT, T_NUM, T_STR, T_OPENSTR, T_PUNCT, T_BAD } TokKind;

typedef struct {
  TokKind kind;
  const char *s;              /* into the text */
  size_t n;
} Tok;

typedef struct {
  const char *s;              /* name without '%', into the text */
  size_t n;
  Value *v;
  int line;                   /* where it was defined */
} Name;

typedef struct {
  const char *file;
  const char *line, *end;     /* current line, [line, end) */
  const char *p;              /* cursor in the line */
  int lineno;
  Graph *g;
  Name *names;                /* open addressing, cap a power of two */
  size_t nnames, cap;
  char *str;                  /* decoded string literal (base_malloc'd) */
  nnc_status st;
} P;

/* ---- errors ------------------------------------------------------------------------- */

/* The token as a message shows it: at most 24 bytes, printable ASCII only. */
static const char *show(Tok t, char buf[32]) {
  if (t.kind == T_END)
    return "end of line";
  size_t n = t.n < 24 ? t.n : 24, k = 0;
  buf[k++] = '\'';
  for (size_t i = 0; i < n; i++)
    buf[k++] = t.s[i] >= 0x20 && t.s[i] < 0x7f ? t.s[i] : '?';
  if (t.n > n)
    buf[k++] = '.', buf[k++] = '.', buf[k++] = '.';
  buf[k++] = '\'';
  buf[k] = 0;
  return buf;
}

static nnc_status fail(P *p, const char *at, nnc_status code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static nnc_status fail(P *p, const char *at, nnc_status code, const char *fmt, ...) {
  if (p->st != NNC_OK)
    return p->st;
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  long col = (long)(at - p->line) + 1;
  p->st = code;
  base_error(code, "%s:%d:%ld: error: %s", p->file, p->lineno, col, msg);
  return code;
}

static nnc_status expected(P *p, Tok t, const char *what) {
  char b[32];
  return fail(p, t.s, NNC_ERR_SYNTAX, "expected %s, found %s", what, show(t, b));
}

/* ---- lexer -------------------------------------------------------------------------- */

static bool is_name(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '.';
}

static bool is_numch(char c) {
  return is_name(c) || c == '+' || c == '-';
}

static const char *span(const char *s, const char *end, bool (*ok)(char)) {
  while (s < end && ok(*s))
    s++;
  return s;
}

/* A string token runs to the closing quote; unterminated, to the end of the line. */
static const char *string_end(const char *s, const char *end, bool *closed) {
  for (s++; s < end; s++) {
    if (*s == '\\' && s + 1 < end) {
      s++;
    } else if (*s == '"') {
      *closed = true;
      return s + 1;
    }
  }
  *closed = false;
  return end;
}

static Tok lex(P *p) {
  while (p->p < p->end && (*p->p == ' ' || *p->p == '\t' || *p->p == '\r'))
    p->p++;
  if (p->p < p->end && *p->p == '#')
    p->p = p->end;
  Tok t = {T_END, p->p, 0};
  const char *s = p->p, *e = s + 1;
  if (s >= p->end)
    return t;
  char c = *s;
  if (c == '%') {
    t.kind = T_VAL, e = span(s + 1, p->end, is_name);
  } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
    t.kind = T_IDENT, e = span(s, p->end, is_name);
  } else if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
    t.kind = T_NUM, e = span(s, p->end, is_numch);
  } else if (c == '"') {
    bool closed;
    e = string_end(s, p->end, &closed);
    t.kind = closed ? T_STR : T_OPENSTR;
  } else if (strchr("=,:[]", c)) {
    t.kind = T_PUNCT;
  } else {
    t.kind = T_BAD;
  }
  t.n = (size_t)(e - s);
  p->p = e;
  return t;
}

static Tok peek(P *p) {
  const char *save = p->p;
  Tok t = lex(p);
  p->p = save;
  return t;
}

static bool is_punct(Tok t, char c) {
  return t.kind == T_PUNCT && t.s[0] == c;
}

static bool is_word(Tok t, const char *w) {
  return t.kind == T_IDENT && t.n == strlen(w) && memcmp(t.s, w, t.n) == 0;
}

static bool punct(P *p, char c, const char *what) {
  Tok t = lex(p);
  if (is_punct(t, c))
    return true;
  expected(p, t, what);
  return false;
}

/* ---- names -------------------------------------------------------------------------- */

static size_t hash(const char *s, size_t n) {
  size_t h = 1469598103934665603u;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211u;
  return h;
}

static Name *slot(const P *p, const char *s, size_t n) {
  size_t i = hash(s, n) & (p->cap - 1);
  while (p->names[i].s && !(p->names[i].n == n && memcmp(p->names[i].s, s, n) == 0))
    i = (i + 1) & (p->cap - 1);
  return &p->names[i];
}

static Name *lookup(const P *p, Tok t) {
  if (!p->cap)
    return NULL;
  Name *e = slot(p, t.s + 1, t.n - 1);
  return e->s ? e : NULL;
}

static bool rehash(P *p) {
  size_t ncap = p->cap ? p->cap * 2 : 64;
  Name *old = p->names, *fresh = base_calloc(ncap, sizeof *fresh);
  if (!fresh)
    return false;
  size_t ocap = p->cap;
  p->names = fresh, p->cap = ncap;
  for (size_t i = 0; i < ocap; i++)
    if (old[i].s)
      *slot(p, old[i].s, old[i].n) = old[i];
  base_free(old);
  return true;
}

static bool define(P *p, Tok t, Value *v) {
  if ((p->nnames + 1) * 2 > p->cap && !rehash(p)) {
    fail(p, t.s, NNC_ERR_NOMEM, "out of memory");
    return false;
  }
  Name *e = slot(p, t.s + 1, t.n - 1);
  *e = (Name){t.s + 1, t.n - 1, v, p->lineno};
  p->nnames++;
  return true;
}

static Value *use(P *p, Tok t) {
  if (t.kind != T_VAL || t.n < 2) {
    expected(p, t, "an operand %name");
    return NULL;
  }
  Name *e = lookup(p, t);
  if (!e) {
    char b[32];
    fail(p, t.s, NNC_ERR_SYNTAX, "undefined value %s", show(t, b));
    return NULL;
  }
  return e->v;
}

/* ---- literals ----------------------------------------------------------------------- */

static bool number(P *p, double *out) {
  Tok t = lex(p);
  char buf[64], b[32];
  if (t.kind != T_NUM && t.kind != T_IDENT) {
    expected(p, t, "a number");
    return false;
  }
  if (t.n >= sizeof buf) {
    fail(p, t.s, NNC_ERR_SYNTAX, "number too long: %s", show(t, b));
    return false;
  }
  memcpy(buf, t.s, t.n);
  buf[t.n] = 0;
  char *e;
  *out = strtod(buf, &e);
  if (e != buf + t.n || t.n == 0) {
    fail(p, t.s, NNC_ERR_SYNTAX, "bad number %s", show(t, b));
    return false;
  }
  return true;
}

/* A non-negative decimal integer no larger than max. */
static bool integer(P *p, int64_t max, const char *what, int64_t *out) {
  Tok t = lex(p);
  char b[32];
  if (t.kind != T_NUM) {
    expected(p, t, what);
    return false;
  }
  int64_t x = 0;
  for (size_t i = 0; i < t.n; i++) {
    if (t.s[i] < '0' || t.s[i] > '9') {
      fail(p, t.s, NNC_ERR_SYNTAX, "expected %s, found %s", what, show(t, b));
      return false;
    }
    if (x > (max - (t.s[i] - '0')) / 10) {
      fail(p, t.s, NNC_ERR_SYNTAX, "%s out of range: %s", what, show(t, b));
      return false;
    }
    x = x * 10 + (t.s[i] - '0');
  }
  *out = x;
  return true;
}

/* "..." with \" and \\ into p->str. */
static bool string(P *p) {
  Tok t = lex(p);
  if (t.kind == T_OPENSTR) {
    fail(p, t.s, NNC_ERR_SYNTAX, "unterminated string");
    return false;
  }
  if (t.kind != T_STR) {
    expected(p, t, "a name in double quotes");
    return false;
  }
  base_free(p->str);
  if (!(p->str = base_malloc(t.n))) {
    fail(p, t.s, NNC_ERR_NOMEM, "out of memory");
    return false;
  }
  size_t k = 0;
  for (size_t i = 1; i + 1 < t.n; i++) {
    if (t.s[i] == '\\') {
      i++;
      if (t.s[i] != '"' && t.s[i] != '\\') {
        fail(p, t.s + i - 1, NNC_ERR_SYNTAX, "unknown escape '\\%c' (only \\\" and \\\\)",
             t.s[i] >= 0x20 && t.s[i] < 0x7f ? t.s[i] : '?');
        return false;
      }
    }
    p->str[k++] = t.s[i];
  }
  p->str[k] = 0;
  return true;
}

/* ---- ops and attributes ------------------------------------------------------------- */

/* Levenshtein distance, for "did you mean"; long words are never close. */
static size_t edit(const char *a, size_t na, const char *b) {
  size_t nb = strlen(b), row[40];
  if (na >= 32 || nb >= 32)
    return 99;
  for (size_t j = 0; j <= nb; j++)
    row[j] = j;
  for (size_t i = 1; i <= na; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= nb; j++) {
      size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      diag = up;
      row[j] = best;
    }
  }
  return row[nb];
}

/* The words a line may start an op with: every op but bare cmp, then cmp.lt ... cmp.ne. */
static const char *op_word(int i, char buf[16]) {
  if (i < OP_COUNT)
    return i == OP_CMP ? NULL : ir_op_name((OpKind)i);
  snprintf(buf, 16, "cmp.%s", ir_cmp_name((CmpKind)(i - OP_COUNT)));
  return buf;
}

static bool opname(P *p, Tok t, Value *v) {
  char buf[16], b[32];
  if (t.kind != T_IDENT)
    return !expected(p, t, "an op name");
  int best = -1;
  size_t dist = 3;
  for (int i = 0; i < OP_COUNT + CMP_NE + 1; i++) {
    const char *w = op_word(i, buf);
    if (w && is_word(t, w)) {
      v->op = i < OP_COUNT ? (OpKind)i : OP_CMP;
      v->cmp = i < OP_COUNT ? CMP_LT : (CmpKind)(i - OP_COUNT);
      return true;
    }
    size_t d = w ? edit(t.s, t.n, w) : 99;
    if (d < dist)
      dist = d, best = i;
  }
  if (is_word(t, "cmp"))
    return !fail(p, t.s, NNC_ERR_SYNTAX, "cmp needs a comparison: cmp.lt, cmp.le, cmp.gt, "
                                         "cmp.ge, cmp.eq or cmp.ne");
  if (best >= 0)
    return !fail(p, t.s, NNC_ERR_SYNTAX, "unknown op %s; did you mean '%s'?", show(t, b),
                 op_word(best, buf));
  return !fail(p, t.s, NNC_ERR_SYNTAX, "unknown op %s", show(t, b));
}

/* Attributes written as words after the operands: flags alone, the rest as word=value. */
static const unsigned flag_attrs = ATTR(KEEPDIMS) | ATTR(TRANS_A) | ATTR(TRANS_B) |
                                   ATTR(APPROXIMATE) | ATTR(BF16);
static const unsigned word_attrs = ATTR(INIT) | ATTR(FILL) | ATTR(EXPONENT) | ATTR(SLOPE) |
                                   ATTR(ALPHA) | ATTR(DEPTH) | ATTR(START) | ATTR(SEED) |
                                   ATTR(AXES) | flag_attrs;
/* group=N (pass_fuse's fusion group) and offset=N (pass_plan's scratch offset) may follow any
 * op's attributes, counted beside them; the verifier judges them. */
enum { A_GROUP = AT_COUNT, A_OFFSET };

static bool init_kind(P *p, Value *v) {
  Tok t = lex(p);
  char what[256] = "an initializer (";
  for (int k = 0; k < INIT_COUNT; k++) {
    if (is_word(t, ir_init_name((InitKind)k))) {
      v->init = (InitKind)k;
      return true;
    }
    size_t o = strlen(what);
    snprintf(what + o, sizeof what - o, "%s%s", ir_init_name((InitKind)k),
             k + 1 < INIT_COUNT ? ", " : ")");
  }
  return !expected(p, t, what);
}

static bool axes(P *p, Value *v) {
  if (!punct(p, '[', "'['"))
    return false;
  if (is_punct(peek(p), ']'))
    return lex(p), true;
  for (;;) {
    Tok at = peek(p);
    int64_t a;
    if (!integer(p, 31, "an axis", &a))
      return false;
    if (v->axes >> a & 1)
      return !fail(p, at.s, NNC_ERR_SYNTAX, "axis %d given twice", (int)a);
    v->axes |= 1u << a;
    Tok t = lex(p);
    if (is_punct(t, ']'))
      return true;
    if (!is_punct(t, ','))
      return !expected(p, t, "',' or ']'");
  }
}

static bool *flag_of(Value *v, AttrKind a) {
  return a == AT_KEEPDIMS ? &v->keepdims : a == AT_TRANS_A ? &v->trans_a
         : a == AT_TRANS_B ? &v->trans_b : a == AT_BF16 ? &v->bf16 : &v->approximate;
}

static bool attr_value(P *p, AttrKind a, Value *v) {
  if (flag_attrs >> a & 1) {
    *flag_of(v, a) = true;
    return true;
  }
  if (!punct(p, '=', "'='"))
    return false;
  if (a == AT_INIT)
    return init_kind(p, v);
  if (a == AT_AXES)
    return axes(p, v);
  return number(p, &v->num);
}

static bool group_or_offset(P *p, int a, Value *v) {
  int64_t n;
  if (!punct(p, '=', "'='"))
    return false;
  if (a == A_GROUP) {
    if (!integer(p, INT_MAX, "a group number", &n))
      return false;
    v->group = (int)n;
    return true;
  }
  Tok at = peek(p);
  if (!p->g->planned)
    return !fail(p, at.s, NNC_ERR_SYNTAX, "offset= needs a 'scratch BYTES' line before the "
                                          "first value (the graph is not planned)");
  return integer(p, INT64_MAX, "a scratch offset", &v->offset);
}

static int attr_named(Tok t) {
  for (int a = 0; a < AT_COUNT; a++)
    if ((word_attrs >> a & 1) && is_word(t, ir_attr_word((AttrKind)a)))
      return a;
  return is_word(t, "group") ? A_GROUP : is_word(t, "offset") ? A_OFFSET : -1;
}

/* Attributes up to the ':'; each at most once, the op's required ones present. */
static bool attrs(P *p, Value *v) {
  unsigned seen = 0, ok = (ir_op_attrs(v->op) & word_attrs) | 1u << A_GROUP | 1u << A_OFFSET;
  char b[32];
  for (Tok t = peek(p); t.kind == T_IDENT; t = peek(p)) {
    if (is_word(t, "f32") || is_word(t, "f64") || is_word(t, "i32"))
      break; /* a type without its ':' */
    lex(p);
    int a = attr_named(t);
    if (a < 0 || !(ok >> a & 1))
      return !fail(p, t.s, NNC_ERR_SYNTAX, "%s takes no attribute %s", ir_op_name(v->op),
                   show(t, b));
    if (seen >> a & 1)
      return !fail(p, t.s, NNC_ERR_SYNTAX, "attribute %s given twice", show(t, b));
    seen |= 1u << a;
    if (!(a < AT_COUNT ? attr_value(p, (AttrKind)a, v) : group_or_offset(p, a, v)))
      return false;
  }
  unsigned need = ok & ~flag_attrs & ~(1u << A_GROUP | 1u << A_OFFSET);
  for (int a = 0; a < AT_COUNT; a++)
    if ((need & ~seen) >> a & 1)
      return !fail(p, peek(p).s, NNC_ERR_SYNTAX, "%s needs %s=", ir_op_name(v->op),
                   ir_attr_word((AttrKind)a));
  return true;
}

/* f32[32,784] */
static bool type(P *p, DType *dt, Shape *s) {
  Tok t = lex(p);
  if (is_word(t, "f32")) *dt = DT_F32;
  else if (is_word(t, "f64")) *dt = DT_F64;
  else if (is_word(t, "i32")) *dt = DT_I32;
  else return !expected(p, t, "a dtype (f32, f64 or i32)");
  if (!punct(p, '[', "'[' after the dtype"))
    return false;
  *s = (Shape){0, {0}};
  if (is_punct(peek(p), ']'))
    return lex(p), true;
  for (;;) {
    Tok at = peek(p);
    if (s->rank == IR_MAX_RANK)
      return !fail(p, at.s, NNC_ERR_SHAPE, "too many dimensions (at most %d)", IR_MAX_RANK);
    if (!integer(p, INT64_MAX, "a dimension", &s->dim[s->rank++]))
      return false;
    Tok sep = lex(p);
    if (is_punct(sep, ']'))
      return true;
    if (!is_punct(sep, ','))
      return !expected(p, sep, "',' or ']'");
  }
}

/* ---- lines -------------------------------------------------------------------------- */

static bool operands(P *p, Value *v) {
  int n = ir_op_arity(v->op);
  for (int k = 0; k < n; k++) {
    if (k > 0) {
      Tok t = lex(p);
      if (!is_punct(t, ',')) {
        char what[64];
        snprintf(what, sizeof what, "',' (%s takes %d operands)", ir_op_name(v->op), n);
        return !expected(p, t, what);
      }
    }
    if (!(v->args[k] = use(p, lex(p))))
      return false;
    v->nargs = k + 1;
  }
  return true;
}

/* A leaf's name or a const's value, written bare after the op. */
static bool leaf_literal(P *p, Value *v) {
  unsigned attrs = ir_op_attrs(v->op);
  if (attrs & ATTR(NAME)) {
    if (!string(p))
      return false;
    v->name = p->str;
  }
  return !(attrs & ATTR(VALUE)) || number(p, &v->num);
}

static bool end_of_line(P *p, const char *after) {
  Tok t = lex(p);
  char what[64];
  snprintf(what, sizeof what, "end of line after %s", after);
  return t.kind == T_END || !expected(p, t, what);
}

/* The value ir_build made must have the type the text declares. */
static bool same_type(P *p, const Value *v, Tok at, DType dt, Shape s) {
  if (v->dtype == dt && ir_shape_eq(v->shape, s))
    return true;
  char want[96], got[96];
  ir_print_type(want, sizeof want, dt, s);
  ir_print_type(got, sizeof got, v->dtype, v->shape);
  return !fail(p, at.s, v->dtype == dt ? NNC_ERR_SHAPE : NNC_ERR_TYPE,
               "declared type %s, but %s gives %s", want, ir_op_name(v->op), got);
}

static bool definition(P *p, Tok name) {
  char b[32];
  if (name.n < 2)
    return !fail(p, name.s, NNC_ERR_SYNTAX, "expected a value name after '%%'");
  Name *old = lookup(p, name);
  if (old)
    return !fail(p, name.s, NNC_ERR_SYNTAX, "redefinition of %s (first defined on line %d)",
                 show(name, b), old->line);
  if (!punct(p, '=', "'=' after the value name"))
    return false;
  Value v = {.offset = -1};
  Tok op = lex(p);
  if (!opname(p, op, &v) || !operands(p, &v) || !leaf_literal(p, &v) || !attrs(p, &v))
    return false;
  if (!punct(p, ':', "':' before the type"))
    return false;
  Tok at = peek(p);
  if (!type(p, &v.dtype, &v.shape) || !end_of_line(p, "the type"))
    return false;
  DType dt = v.dtype;
  Shape s = v.shape;
  Value *made = ir_build(p->g, &v);
  if (!made)
    return !fail(p, op.s, p->g->status, "%s", p->g->msg);
  made->group = v.group; /* builders know nothing of fusion or memory plans */
  made->offset = v.offset;
  return same_type(p, made, at, dt, s) && define(p, name, made);
}

/* scratch BYTES: the graph is planned, with an arena of BYTES. */
static void scratch(P *p, Tok t) {
  if (p->g->planned)
    fail(p, t.s, NNC_ERR_SYNTAX, "scratch given twice");
  else if (p->g->nvalues > 0)
    fail(p, t.s, NNC_ERR_SYNTAX, "scratch must come before the first value");
  else if (integer(p, INT64_MAX, "the scratch size in bytes", &p->g->scratch_bytes) &&
           end_of_line(p, "the scratch size"))
    p->g->planned = true;
}

static void statement(P *p) {
  Tok t = lex(p);
  if (t.kind == T_END)
    return;
  if (t.kind == T_VAL) {
    definition(p, t);
  } else if (is_word(t, "scratch")) {
    scratch(p, t);
  } else if (is_word(t, "output")) {
    Tok at = lex(p);
    Value *v = use(p, at);
    if (v && v->op == OP_ASSIGN) /* the verifier's rule: an assign has no value to return */
      fail(p, at.s, NNC_ERR_SYNTAX, "an assign has no value to output");
    else if (v && end_of_line(p, "the output")) {
      ir_output(p->g, v);
      if (p->g->status)
        fail(p, t.s, p->g->status, "%s", p->g->msg);
    }
  } else {
    expected(p, t, "'%name = ...' or 'output %name'");
  }
}

nnc_status ir_parse(const char *text, const char *filename, Graph **out) {
  if (!out)
    return base_error(NNC_ERR_ARG, "ir_parse: out is NULL");
  *out = NULL;
  if (!text)
    return base_error(NNC_ERR_ARG, "ir_parse: text is NULL");
  P p = {.file = filename ? filename : "<input>", .g = ir_graph_new()};
  if (!p.g)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", p.file);
  for (const char *s = text; p.st == NNC_OK; s++) {
    p.line = p.p = s;
    p.end = s + strcspn(s, "\n");
    if (p.lineno == INT_MAX)
      fail(&p, s, NNC_ERR_SYNTAX, "too many lines");
    p.lineno++;
    statement(&p);
    s = p.end;
    if (!*s)
      break;
  }
  base_free(p.names);
  base_free(p.str);
  if (p.st != NNC_OK) {
    ir_graph_free(p.g);
    return p.st;
  }
  *out = p.g;
  return NNC_OK;
}
