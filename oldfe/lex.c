/* lex.c — model-file bytes to tokens.
 *
 * Python's rules, cut down: a NEWLINE token ends each logical line; inside (), [] and {} lines
 * join; a backslash at the end of a line joins it with the next; '#' starts a comment. There
 * are no blocks, so there are no INDENT tokens: the parser sees a statement's first token at a
 * column past 1 and says "unexpected indent". Python keywords come out as TK_NAME; the parser rejects the
 * ones a model file cannot use. Operators Python has but a model file does not are still
 * lexed (TK_OP) so the parser can say "operator '+' is not supported" at the right place.
 *
 * Invariant: every read is bounded by s->len (the text need not be NUL-terminated), and every
 * loop advances, so no byte sequence can make the lexer read out of bounds or spin.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "base.h"

typedef struct {
  Source *s;
  Tokens *out;
  size_t i;           /* next byte */
  int line;
  size_t bol;         /* offset of the current line's first byte */
  size_t depth;       /* open brackets (the parser limits their nesting) */
  bool nomem;
} Lexer;

static int peek(const Lexer *L, size_t k) {
  return L->i + k < L->s->len ? (unsigned char)L->s->text[L->i + k] : -1;
}

static Pos pos_at(const Lexer *L, size_t off) {
  return (Pos){L->line, (int)(off - L->bol) + 1};
}

static Token *push(Lexer *L, TokKind k, size_t off, size_t len) {
  Tokens *ts = L->out;
  if (ts->n == ts->cap) {
    int cap = ts->cap ? ts->cap * 2 : 64;
    Token *t = base_realloc(ts->t, (size_t)cap * sizeof *t);
    if (!t) {
      L->nomem = true;
      return NULL;
    }
    ts->t = t;
    ts->cap = cap;
  }
  Token *t = &ts->t[ts->n++];
  memset(t, 0, sizeof *t);
  t->kind = k;
  t->pos = pos_at(L, off);
  t->off = off;
  t->len = len;
  return t;
}

static bool is_newline(int c) {
  return c == '\n' || c == '\r';
}

/* Consumes one line break at L->i and starts a new line. */
static void eat_newline(Lexer *L) {
  if (peek(L, 0) == '\r' && peek(L, 1) == '\n')
    L->i++;
  L->i++;
  L->line++;
  L->bol = L->i;
}

static bool ends_line(const Lexer *L) {
  int n = L->out->n;
  return n > 0 && L->out->t[n - 1].kind != TK_NEWLINE;
}

static void error_at(Lexer *L, size_t off, const char *fmt, const char *arg) {
  fe_error(L->s, NNC_ERR_SYNTAX, pos_at(L, off), fmt, arg);
}

/* ---- numbers ---- */

static bool digit_in(int c, int base) {
  if (base == 16)
    return c >= 0 && isxdigit(c);
  return c >= '0' && c < '0' + (base < 10 ? base : 10);
}

static int digit_val(int c) {
  return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

/* Digits of `base` with single underscores between them, appended to buf (without '_'). */
static size_t digits(Lexer *L, int base, char *buf, size_t n, size_t cap) {
  while (digit_in(peek(L, 0), base) || (peek(L, 0) == '_' && digit_in(peek(L, 1), base))) {
    if (peek(L, 0) != '_' && n + 1 < cap)
      buf[n++] = (char)peek(L, 0);
    L->i++;
  }
  buf[n] = '\0';
  return n;
}

static void int_value(Token *t, const char *buf, int base) {
  uint64_t v = 0;
  for (const char *p = buf; *p; p++) {
    int d = digit_val((unsigned char)*p);
    if (v > ((uint64_t)INT64_MAX - (uint64_t)d) / (uint64_t)base) {
      t->toobig = true;
      return;
    }
    v = v * (uint64_t)base + (uint64_t)d;
  }
  t->ival = (int64_t)v;
}

static void number(Lexer *L) {
  enum { CAP = 400 };
  char buf[CAP + 1];
  size_t start = L->i, n = 0;
  int base = 10;
  bool isfloat = false;
  int p1 = peek(L, 1);
  if (peek(L, 0) == '0' && (p1 == 'x' || p1 == 'X' || p1 == 'o' || p1 == 'O' || p1 == 'b' || p1 == 'B')) {
    base = p1 == 'x' || p1 == 'X' ? 16 : p1 == 'o' || p1 == 'O' ? 8 : 2;
    L->i += 2;
    if (peek(L, 0) == '_')
      L->i++;
    n = digits(L, base, buf, 0, CAP);
  } else {
    n = digits(L, 10, buf, 0, CAP);
    if (peek(L, 0) == '.') {
      isfloat = true;
      buf[n < CAP ? n++ : n] = '.';
      L->i++;
      n = digits(L, 10, buf, n, CAP);
    }
    int e = peek(L, 0), e1 = peek(L, 1), e2 = peek(L, 2);
    if ((e == 'e' || e == 'E') && (isdigit(e1) || ((e1 == '+' || e1 == '-') && e2 >= 0 && isdigit(e2)))) {
      isfloat = true;
      buf[n < CAP ? n++ : n] = 'e';
      L->i++;
      if (peek(L, 0) == '+' || peek(L, 0) == '-') {
        buf[n < CAP ? n++ : n] = (char)peek(L, 0);
        L->i++;
      }
      n = digits(L, 10, buf, n, CAP);
    }
  }
  buf[n] = '\0';
  bool bad = n == 0 || L->i - start >= CAP - 8;
  while (peek(L, 0) >= 0 && (isalnum(peek(L, 0)) || peek(L, 0) == '_' || peek(L, 0) >= 0x80)) {
    bad = true;   /* 3abc, 0x, 1e, 0b12: eat the rest so it is one error */
    L->i++;
  }
  Token *t = push(L, isfloat ? TK_FLOAT : TK_INT, start, L->i - start);
  if (!t)
    return;
  if (bad) {
    error_at(L, start, "invalid number literal%s", "");
  } else if (isfloat) {
    t->fval = strtod(buf, NULL);
    if (isinf(t->fval))
      error_at(L, start, "float literal too big%s", "");
  } else {
    if (base == 10 && buf[0] == '0' && strspn(buf, "0") != n)
      error_at(L, start, "leading zeros are not allowed in an integer%s", "");
    int_value(t, buf, base);
    if (t->toobig)
      error_at(L, start, "integer literal too big (at most %s)", "9223372036854775807");
  }
}

/* ---- strings ---- */

typedef struct { char *p; size_t n, cap; } Buf;

static bool buf_put(Lexer *L, Buf *b, char c) {
  if (b->n + 1 >= b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 32;
    char *p = base_realloc(b->p, cap);
    if (!p) {
      L->nomem = true;
      return false;
    }
    b->p = p;
    b->cap = cap;
  }
  b->p[b->n++] = (char)c;
  b->p[b->n] = '\0';
  return true;
}

static int hexval(int c) {
  return c >= 0 && isxdigit(c) ? digit_val(c) : -1;
}

/* One escape after a backslash at L->i; appends its bytes to b. */
static void escape(Lexer *L, Buf *b) {
  size_t at = L->i;
  L->i++;
  int c = peek(L, 0);
  static const char from[] = "ntr\\'\"abfv", to[] = "\n\t\r\\'\"\a\b\f\v";
  const char *k = c > 0 ? strchr(from, c) : NULL;
  if (k) {
    buf_put(L, b, to[k - from]);
    L->i++;
  } else if (is_newline(c)) {
    eat_newline(L);               /* a backslash-newline inside a string joins the lines */
  } else if (c == 'x') {
    int h = hexval(peek(L, 1)), l = hexval(peek(L, 2));
    if (h < 0 || l < 0) {
      error_at(L, at, "invalid \\x escape: two hex digits must follow%s", "");
      L->i++;
      return;
    }
    buf_put(L, b, (char)(h * 16 + l));
    L->i += 3;
  } else if (c >= '0' && c <= '7') {
    int v = 0;
    for (int d = 0; d < 3 && peek(L, 0) >= '0' && peek(L, 0) <= '7'; d++, L->i++)
      v = v * 8 + peek(L, 0) - '0';
    buf_put(L, b, (char)(v & 0xff));
  } else if (c == 'u' || c == 'U' || c == 'N') {
    char e[3] = {'\\', (char)c, 0};
    error_at(L, at, "escape '%s' is not supported in a model file", e);
    L->i++;
  } else {
    buf_put(L, b, '\\');          /* Python keeps an unknown escape as it is */
  }
}

/* Skips a triple-quoted string (not supported) so it makes one error, not many. */
static void triple(Lexer *L, int q, size_t start) {
  error_at(L, start, "triple-quoted strings are not supported in a model file%s", "");
  L->i += 3;
  while (peek(L, 0) != -1 && !(peek(L, 0) == q && peek(L, 1) == q && peek(L, 2) == q)) {
    if (is_newline(peek(L, 0)))
      eat_newline(L);
    else
      L->i++;
  }
  L->i = L->i + 3 < L->s->len ? L->i + 3 : L->s->len;
}

static void string(Lexer *L, size_t start) {
  int q = peek(L, 0);
  if (peek(L, 1) == q && peek(L, 2) == q) {
    triple(L, q, start);
    return;
  }
  Pos p = pos_at(L, start);
  Buf b = {0};
  if (!buf_put(L, &b, 'x'))   /* so that even "" has a buffer */
    return;
  b.n = 0;
  b.p[0] = '\0';
  L->i++;
  while (!L->nomem) {
    int c = peek(L, 0);
    if (c == -1 || is_newline(c)) {
      fe_error(L->s, NNC_ERR_SYNTAX, p, "unterminated string");
      break;
    }
    L->i++;
    if (c == q)
      break;
    if (c == '\\') {
      L->i--;
      escape(L, &b);
    } else {
      buf_put(L, &b, (char)c);
    }
  }
  Token *t = L->nomem ? NULL : push(L, TK_STR, start, L->i - start);
  if (!t) {
    base_free(b.p);
    return;
  }
  t->pos = p;   /* a backslash-newline may have moved the line on */
  t->str = b.p;
  t->slen = b.n;
}

/* A name just lexed that is followed by a quote is a string prefix. */
static bool prefix(Lexer *L, size_t start) {
  size_t n = L->i - start;
  int q = peek(L, 0);
  if ((q != '\'' && q != '"') || n > 2 || strspn(L->s->text + start, "rRbBfFuU") < n)
    return false;
  if (!(n == 1 && (L->s->text[start] == 'u' || L->s->text[start] == 'U'))) {
    if (memchr(L->s->text + start, 'f', n) || memchr(L->s->text + start, 'F', n))
      error_at(L, start, "f-strings are not supported in a model file%s", "");
    else {
      char pre[3] = {L->s->text[start], n > 1 ? L->s->text[start + 1] : 0, 0};
      error_at(L, start, "string prefix '%s' is not supported in a model file", pre);
    }
  }
  string(L, start);
  return true;
}

/* ---- names, operators, other bytes ---- */

static bool name_start(int c) {
  return c >= 0 && (isalpha(c) || c == '_');
}

static void name(Lexer *L) {
  size_t start = L->i;
  while (name_start(peek(L, 0)) || (peek(L, 0) >= 0 && isdigit(peek(L, 0))))
    L->i++;
  if (!prefix(L, start))
    push(L, TK_NAME, start, L->i - start);
}

static const char *const ops[] = {
    "**=", "//=", ">>=", "<<=", "...", "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "->", ":=",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
    "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "=", ".", ",", ":", ";", "!",
    "(", ")", "[", "]", "{", "}",
};

static void op(Lexer *L) {
  size_t start = L->i, rest = L->s->len - L->i;
  for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
    size_t n = strlen(ops[k]);
    if (n <= rest && memcmp(L->s->text + start, ops[k], n) == 0) {
      char c = ops[k][0];
      if (n == 1 && (c == '(' || c == '[' || c == '{')) {
        L->depth++;
      } else if (n == 1 && (c == ')' || c == ']' || c == '}') && L->depth > 0) {
        L->depth--;
      }
      L->i += n;
      push(L, TK_OP, start, n);
      return;
    }
  }
  /* Not Python at all: a stray byte. Skip a whole UTF-8 character as one. */
  int c = peek(L, 0);
  char q[40], shown[2] = {(char)c, 0};
  size_t n = 1;
  while (c >= 0xC0 && n < 4 && peek(L, (size_t)n) >= 0x80 && peek(L, (size_t)n) < 0xC0)
    n++;
  if (c >= 0x21 && c < 0x7f)
    error_at(L, start, "unexpected character '%s'", shown);
  else if (c == 0)
    error_at(L, start, "null byte in the file%s", "");
  else if (c >= 0x80)
    error_at(L, start, "unexpected non-ASCII character '%s' (names and operators are ASCII)",
             fe_quote(q, sizeof q, L->s->text + start, n, 8));
  else
    error_at(L, start, "unexpected control byte '%s'", fe_quote(q, sizeof q, L->s->text + start, 1, 4));
  L->i += n;
}

static void backslash(Lexer *L) {
  size_t at = L->i;
  L->i++;
  if (is_newline(peek(L, 0)))
    eat_newline(L);
  else if (peek(L, 0) == -1)
    error_at(L, at, "unexpected end of file after '\\'%s", "");
  else
    error_at(L, at, "unexpected character after line continuation '\\'%s", "");
}

static void step(Lexer *L) {
  int c = peek(L, 0);
  if (c == ' ' || c == '\t' || c == '\f') {
    L->i++;
  } else if (c == '#') {
    while (peek(L, 0) != -1 && !is_newline(peek(L, 0)))
      L->i++;
  } else if (is_newline(c)) {
    if (L->depth == 0 && ends_line(L))
      push(L, TK_NEWLINE, L->i, 0);
    eat_newline(L);
  } else if (c == '\\') {
    backslash(L);
  } else if (isdigit(c) || (c == '.' && peek(L, 1) >= 0 && isdigit(peek(L, 1)))) {
    number(L);
  } else if (name_start(c)) {
    name(L);
  } else if (c == '\'' || c == '"') {
    string(L, L->i);
  } else {
    op(L);
  }
}

nnc_status fe_lex(Source *s, Tokens *out) {
  memset(out, 0, sizeof *out);
  Lexer L = {.s = s, .out = out, .line = 1};
  while (L.i < s->len && !L.nomem)
    step(&L);
  if (!L.nomem && L.depth == 0 && ends_line(&L))
    push(&L, TK_NEWLINE, L.i, 0);
  if (!L.nomem)
    push(&L, TK_EOF, L.i, 0);
  if (L.nomem) {
    fe_tokens_free(out);
    return base_error(NNC_ERR_NOMEM, "%s: out of memory while reading the model file", s->file);
  }
  return NNC_OK;
}

void fe_tokens_free(Tokens *ts) {
  if (!ts)
    return;
  for (int i = 0; i < ts->n; i++)
    base_free(ts->t[i].str);
  base_free(ts->t);
  memset(ts, 0, sizeof *ts);
}

bool fe_tok_op(const Source *s, const Token *t, const char *op) {
  size_t n = strlen(op);
  return t->kind == TK_OP && t->len == n && memcmp(s->text + t->off, op, n) == 0;
}
