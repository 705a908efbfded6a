/* lex.c — model-file bytes to tokens, by Python's rules.
 *
 * A NEWLINE token ends each logical line; inside (), [] and {} lines join; a backslash at the
 * end of a line joins it with the next; '#' starts a comment; blank and comment-only lines make
 * no tokens. At the start of each logical line the indentation is compared with a stack of
 * the open blocks' indentations: deeper pushes one INDENT, shallower pops one DEDENT per block
 * it closes. Tabs advance to the next multiple of 8; a line whose indentation compares
 * differently with tabs counted as 1 column is refused (Python's TabError). A UTF-8 byte-order
 * mark at the start of the file is skipped.
 *
 * A bracket that is never closed would swallow the rest of the file into one logical line
 * and hide every later error. So when the end of the file is inside brackets, the file is
 * lexed again with the outermost unclosed bracket's statement ended at the first line that
 * starts no deeper than that statement did (the parser then reports the bracket there), and
 * so on for the next unclosed bracket, so one check reports the errors of every statement.
 * A file whose brackets all close is lexed once, by Python's rules alone.
 *
 * Strings take the prefixes r, u, f and rf in either case and either order, one or three
 * quotes of either kind. An f-string is not decoded here: its token keeps the body's place,
 * and the parser splits it into text and fields (lexing each field with fe_lex_range).
 *
 * Invariant: every read is bounded by the end of the range being lexed (the text need not be
 * NUL-terminated), and every loop advances, so no byte sequence can make the lexer read out
 * of bounds or spin.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "base.h"

const char *const fe_op_text[PY_COUNT] = {
#define FE_OP_TEXT(e, s) s,
    FE_OPS(FE_OP_TEXT)
#undef FE_OP_TEXT
};

enum { MAX_INDENTS = 100 };

typedef struct {
  Source *s;
  Tokens *out;
  size_t i, end;      /* next byte; end of the range */
  int line;
  size_t bol;         /* offset of the current line's first byte (may precede the range) */
  size_t depth;       /* open brackets */
  bool inner;         /* an f-string field: no NEWLINE, INDENT or DEDENT */
  bool at_bol;        /* the next token starts a logical line */
  int indents[MAX_INDENTS], tabs1[MAX_INDENTS]; /* open blocks' columns (tab 8, tab 1) */
  int nindent;
  int stmt_col;       /* the indentation of the current logical line */
  size_t opened[FE_MAX_DEPTH]; /* offsets of the open brackets, outermost first */
  Pos opened_at[FE_MAX_DEPTH]; /* and their places */
  const size_t *cuts; /* offsets of outermost brackets an earlier pass found never closed */
  int ncuts;
  int cut_col;        /* inside such a bracket: a line starting at or left of this column
                         ends its statement; -1 otherwise */
  bool nomem;
} Lexer;

static int peek(const Lexer *L, size_t k) {
  return L->i + k < L->end ? (unsigned char)L->s->text[L->i + k] : -1;
}

static Pos pos_at(const Lexer *L, size_t off) {
  return (Pos){L->line, (int)(off - L->bol) + 1};
}

static Token *push(Lexer *L, TokKind k, size_t off, size_t len) {
  Tokens *ts = L->out;
  if (L->nomem)
    return NULL;
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
  return n > 0 && L->out->t[n - 1].kind != TK_NEWLINE && L->out->t[n - 1].kind != TK_DEDENT &&
         L->out->t[n - 1].kind != TK_INDENT;
}

static void error_at(Lexer *L, size_t off, const char *fmt, const char *arg) {
  fe_error(L->s, NNC_ERR_SYNTAX, pos_at(L, off), fmt, arg);
}

/* ---- indentation ---- */

/* Measures the indentation at L->i (which it skips); -1 for a blank or comment-only line. */
static int measure(Lexer *L, int *tab1) {
  int col = 0, col1 = 0;
  for (;; L->i++) {
    int c = peek(L, 0);
    if (c == ' ') {
      col++, col1++;
    } else if (c == '\t') {
      col = (col / 8 + 1) * 8;
      col1++;
    } else if (c == '\f') {
      col = col1 = 0;
    } else {
      break;
    }
  }
  int c = peek(L, 0);
  *tab1 = col1;
  return c == -1 || c == '#' || is_newline(c) || (c == '\\' && is_newline(peek(L, 1))) ? -1 : col;
}

static void indent(Lexer *L, int col, int col1) {
  int top = L->nindent ? L->indents[L->nindent - 1] : 0;
  int top1 = L->nindent ? L->tabs1[L->nindent - 1] : 0;
  if ((col > top) != (col1 > top1) || (col == top) != (col1 == top1)) {
    error_at(L, L->i, "inconsistent use of tabs and spaces in indentation%s", "");
    return;
  }
  if (col > top) {
    if (L->nindent == MAX_INDENTS) {
      error_at(L, L->i, "too many levels of indentation (at most %s)", "100");
      return;
    }
    L->indents[L->nindent] = col;
    L->tabs1[L->nindent++] = col1;
    push(L, TK_INDENT, L->i, 0);
    return;
  }
  while (L->nindent > 0 && L->indents[L->nindent - 1] > col) {
    L->nindent--;
    push(L, TK_DEDENT, L->i, 0);
  }
  if ((L->nindent ? L->indents[L->nindent - 1] : 0) != col)
    error_at(L, L->i, "unindent does not match any outer indentation level%s", "");
}

/* At the start of a logical line: skips blank lines, then emits INDENT/DEDENT. */
static void line_start(Lexer *L) {
  int col1, col = measure(L, &col1);
  if (col < 0)
    return;     /* nothing on this line: step() eats the comment and the line break */
  L->at_bol = false;
  L->stmt_col = col;
  indent(L, col, col1);
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

/* Decimal digits, an optional fraction and exponent, into buf; true when it is a float. */
static bool decimal(Lexer *L, char *buf, size_t *n, size_t cap) {
  bool isfloat = false;
  *n = digits(L, 10, buf, 0, cap);
  if (peek(L, 0) == '.') {
    isfloat = true;
    buf[*n < cap ? (*n)++ : *n] = '.';
    L->i++;
    *n = digits(L, 10, buf, *n, cap);
  }
  int e = peek(L, 0), e1 = peek(L, 1), e2 = peek(L, 2);
  if ((e == 'e' || e == 'E') &&
      (isdigit(e1) || ((e1 == '+' || e1 == '-') && e2 >= 0 && isdigit(e2)))) {
    isfloat = true;
    buf[*n < cap ? (*n)++ : *n] = 'e';
    L->i++;
    if (peek(L, 0) == '+' || peek(L, 0) == '-') {
      buf[*n < cap ? (*n)++ : *n] = (char)peek(L, 0);
      L->i++;
    }
    *n = digits(L, 10, buf, *n, cap);
  }
  buf[*n] = '\0';
  return isfloat;
}

static void number(Lexer *L) {
  enum { CAP = 400 };
  char buf[CAP + 1];
  size_t start = L->i, n = 0;
  int base = 10;
  bool isfloat = false;
  int p1 = peek(L, 1);
  if (peek(L, 0) == '0' &&
      (p1 == 'x' || p1 == 'X' || p1 == 'o' || p1 == 'O' || p1 == 'b' || p1 == 'B')) {
    base = p1 == 'x' || p1 == 'X' ? 16 : p1 == 'o' || p1 == 'O' ? 8 : 2;
    L->i += 2;
    if (peek(L, 0) == '_')
      L->i++;
    n = digits(L, base, buf, 0, CAP);
  } else {
    isfloat = decimal(L, buf, &n, CAP);
  }
  bool bad = n == 0 || L->i - start >= CAP - 8, imag = false;
  if (!bad && base == 10 && (peek(L, 0) == 'j' || peek(L, 0) == 'J')) {
    imag = true;
    L->i++;
  }
  while (peek(L, 0) >= 0 && (isalnum(peek(L, 0)) || peek(L, 0) == '_' || peek(L, 0) >= 0x80)) {
    bad = true;   /* 3abc, 0x, 1e, 0b12: eat the rest so it is one error */
    L->i++;
  }
  Token *t = push(L, isfloat ? TK_FLOAT : TK_INT, start, L->i - start);
  if (!t)
    return;
  if (bad) {
    error_at(L, start, "invalid number literal%s", "");
  } else if (imag) {
    error_at(L, start, "complex numbers are not supported in nnc model files%s", "");
  } else if (isfloat) {
    t->fval = strtod(buf, NULL);   /* 1e999 is inf, as in Python */
  } else {
    if (base == 10 && buf[0] == '0' && strspn(buf, "0") != n)
      error_at(L, start, "leading zeros in a decimal integer are not allowed; use an 0o prefix "
               "for octal integers%s", "");
    int_value(t, buf, base);
    if (t->toobig)
      error_at(L, start, "integer literal too big: nnc's integers are 64-bit (at most %s)",
               "9223372036854775807");
  }
}

/* ---- strings ---- */

static void put_utf8(BaseBuf *b, uint32_t cp) {
  char u[4];
  size_t n;
  if (cp < 0x80) {
    u[0] = (char)cp, n = 1;
  } else if (cp < 0x800) {
    u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
  } else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
  } else {
    u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
  }
  base_buf_put(b, u, n);
}

static int hexval(int c) {
  return c >= 0 && c < 256 && isxdigit(c) ? digit_val(c) : -1;
}

/* The escape at p[0] == '\\' (len bytes left); appends its bytes, returns the bytes it used.
 * In a bytes literal (bytes) \ooo and \xhh stand for one byte, and \u, \U and \N are no
 * escapes. */
static size_t escape(Source *s, Pos at, const char *p, size_t len, bool bytes, BaseBuf *b) {
  static const char from[] = "ntr\\'\"abfv", to[] = "\n\t\r\\'\"\a\b\f\v";
  int c = len > 1 ? (unsigned char)p[1] : -1;
  const char *k = c > 0 ? strchr(from, c) : NULL;
  if (k) {
    base_buf_put(b, &to[k - from], 1);
    return 2;
  }
  if (c == '\n')
    return 2;                     /* a backslash-newline inside a string joins the lines */
  if (c == '\r')
    return len > 2 && p[2] == '\n' ? 3 : 2;
  if (c >= '0' && c <= '7') {
    uint32_t v = 0;
    size_t i = 1;
    for (; i < 4 && i < len && p[i] >= '0' && p[i] <= '7'; i++)
      v = v * 8 + (uint32_t)(p[i] - '0');
    if (bytes)
      base_buf_put(b, &(char){(char)(v & 0xFF)}, 1);  /* Python keeps the low byte of \777 */
    else
      put_utf8(b, v);
    return i;
  }
  int want = c == 'x' ? 2 : bytes ? 0 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
  if (want) {
    uint32_t v = 0;
    for (int i = 0; i < want; i++) {
      int h = (size_t)(2 + i) < len ? hexval((unsigned char)p[2 + i]) : -1;
      if (h < 0) {
        char e[3] = {'\\', (char)c, 0};
        fe_error(s, NNC_ERR_SYNTAX, at, "invalid '%s' escape: %d hex digits must follow", e, want);
        return 2;
      }
      v = v * 16 + (uint32_t)h;
    }
    if (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) {
      fe_error(s, NNC_ERR_SYNTAX, at, "escape of an invalid character U+%X", (unsigned)v);
      return (size_t)(2 + want);
    }
    if (bytes)
      base_buf_put(b, &(char){(char)v}, 1);
    else
      put_utf8(b, v);
    return (size_t)(2 + want);
  }
  if (c == 'N' && !bytes) {
    fe_error(s, NNC_ERR_SYNTAX, at, "escape '\\N{...}' is not supported in nnc model files");
    return 2;
  }
  base_buf_put(b, "\\", 1);            /* Python keeps an unknown escape as it is */
  return 1;
}

static char *unescape(Source *s, const char *p, size_t len, bool raw, bool bytes, Pos at,
                      size_t *n) {
  BaseBuf b = {0};
  base_buf_put(&b, "", 0);
  for (size_t i = 0; i < len && !b.nomem;) {
    if (!raw && p[i] == '\\') {
      i += escape(s, at, p + i, len - i, bytes, &b);
    } else if (p[i] == '\r') {    /* line ends inside a triple-quoted string read as \n */
      base_buf_put(&b, "\n", 1);
      i += i + 1 < len && p[i + 1] == '\n' ? 2 : 1;
    } else {
      size_t j = i;
      while (j < len && p[j] != '\\' && p[j] != '\r')
        j++;
      if (j == i)
        j++;                      /* a raw backslash */
      base_buf_put(&b, p + i, j - i);
      i = j;
    }
  }
  if (b.nomem) {
    base_free(b.p);
    return NULL;
  }
  *n = b.n;
  return b.p;
}

char *fe_unescape(Source *s, const char *p, size_t len, bool raw, Pos at, size_t *n) {
  return unescape(s, p, len, raw, false, at, n);
}

/* Finds the end of a string body starting at L->i (after the opening quotes), moving lines
 * on; true when the closing quotes were found (L->i is then past them). */
static bool string_body(Lexer *L, int q, bool triple, bool raw, size_t *body_end) {
  for (;;) {
    int c = peek(L, 0);
    if (c == -1 || (!triple && is_newline(c))) {
      *body_end = L->i;
      return false;
    }
    if (c == q && (!triple || (peek(L, 1) == q && peek(L, 2) == q))) {
      *body_end = L->i;
      L->i += triple ? 3 : 1;
      return true;
    }
    if (c == '\\' && peek(L, 1) != -1) {
      L->i++;
      if (is_newline(peek(L, 0)))
        eat_newline(L);
      else
        L->i++;
      (void)raw;                  /* a raw string still cannot end on an escaped quote */
    } else if (is_newline(c)) {
      eat_newline(L);
    } else {
      L->i++;
    }
  }
}

/* A string starting at start (its prefix) with the quote at L->i. */
static void string(Lexer *L, size_t start, bool raw, bool fstr, bool bytes) {
  int q = peek(L, 0);
  bool triple = peek(L, 1) == q && peek(L, 2) == q;
  Pos p = pos_at(L, start);
  L->i += triple ? 3 : 1;
  size_t body = L->i, body_end;
  Pos bodypos = pos_at(L, body);
  if (!string_body(L, q, triple, raw, &body_end)) {
    fe_error(L->s, NNC_ERR_SYNTAX, p,
             triple ? "unterminated triple-quoted string" : "unterminated string");
    return;
  }
  Token *t = push(L, TK_STR, start, L->i - start);
  if (!t)
    return;
  t->pos = p;
  t->raw = raw;
  t->bytes = bytes;
  for (size_t i = body; bytes && i < body_end; i++)
    if ((unsigned char)L->s->text[i] >= 0x80) {
      fe_error(L->s, NNC_ERR_SYNTAX, p, "bytes can only contain ASCII literal characters");
      break;
    }
  if (fstr) {
    t->fstring = true;
    t->body = body;
    t->bodyend = body_end;
    t->bodypos = bodypos;
    return;
  }
  t->str = unescape(L->s, L->s->text + body, body_end - body, raw, bytes, bodypos, &t->slen);
  if (!t->str)
    L->nomem = true;
}

/* A name just lexed that is followed by a quote is a string prefix; true when it was one. */
static bool prefix(Lexer *L, size_t start) {
  size_t n = L->i - start;
  int q = peek(L, 0);
  const char *p = L->s->text + start;
  if ((q != '\'' && q != '"') || n > 2 || strspn(p, "rRbBfFuU") < n)
    return false;
  bool raw = false, f = false, b = false, u = false;
  for (size_t i = 0; i < n; i++) {
    int c = tolower((unsigned char)p[i]);
    raw |= c == 'r', f |= c == 'f', b |= c == 'b', u |= c == 'u';
  }
  if ((u && n > 1) || (f && b) || (n == 2 && p[0] == p[1]))
    return false;               /* not a Python prefix: "uu" is a name */
  string(L, start, raw, f, b);
  return true;
}

/* ---- names, operators, other bytes ---- */

/* Length of the valid UTF-8 sequence of at least 2 bytes at L->i, or 0. */
static int utf8_at(const Lexer *L) {
  int c = peek(L, 0);
  int n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (n == 0 || (n == 2 && c < 0xC2))
    return 0;
  for (int k = 1; k < n; k++)
    if (peek(L, (size_t)k) < 0x80 || peek(L, (size_t)k) >= 0xC0)
      return 0;
  return n;
}

static bool name_start(const Lexer *L) {
  int c = peek(L, 0);
  return c >= 0 && (c < 0x80 ? isalpha(c) || c == '_' : utf8_at(L) > 0);
}

static void name(Lexer *L) {
  size_t start = L->i;
  while (name_start(L) || (peek(L, 0) >= 0 && isdigit(peek(L, 0))))
    L->i += peek(L, 0) < 0x80 ? 1 : (size_t)utf8_at(L);
  if (!prefix(L, start))
    push(L, TK_NAME, start, L->i - start);
}

static void open_bracket(Lexer *L, size_t at) {
  if (L->depth < FE_MAX_DEPTH) {
    L->opened[L->depth] = at;
    L->opened_at[L->depth] = pos_at(L, at);
  }
  for (int i = 0; L->depth == 0 && i < L->ncuts; i++)
    if (L->cuts[i] == at)
      L->cut_col = L->stmt_col;
  L->depth++;
}

/* At a line break inside brackets: does the next line end a never-closed bracket's statement? */
static bool cut_here(Lexer *L) {
  if (L->cut_col < 0 || L->inner)
    return false;
  Lexer at = *L;
  eat_newline(&at);
  int col1, col = measure(&at, &col1);
  return col >= 0 && col <= L->cut_col;
}

/* Ends the statement of a never-closed bracket here, reporting the innermost bracket open, as
 * Python does. The NEWLINE stands at that bracket, so that the parser's complaint about the
 * line ending early (an error on a line with a lexical error) is not reported twice. */
static void cut(Lexer *L) {
  size_t inner = (L->depth < FE_MAX_DEPTH ? L->depth : FE_MAX_DEPTH) - 1;
  char bracket[2] = {L->s->text[L->opened[inner]], 0};
  Pos at = L->opened_at[inner];
  fe_error(L->s, NNC_ERR_SYNTAX, at, "'%s' was never closed", bracket);
  Token *t = ends_line(L) ? push(L, TK_NEWLINE, L->i, 0) : NULL;
  if (t)
    t->pos = at;
  L->depth = 0;
  L->cut_col = -1;
}

static void op(Lexer *L) {
  size_t start = L->i, rest = L->end - L->i;
  for (int k = 0; k < PY_COUNT; k++) {
    size_t n = strlen(fe_op_text[k]);
    if (n <= rest && memcmp(L->s->text + start, fe_op_text[k], n) == 0) {
      if (k == PY_LPAREN || k == PY_LBRACKET || k == PY_LBRACE)
        open_bracket(L, start);
      else if ((k == PY_RPAREN || k == PY_RBRACKET || k == PY_RBRACE) && L->depth > 0)
        L->depth--;
      L->i += n;
      Token *t = push(L, TK_OP, start, n);
      if (t)
        t->op = (PyOp)k;
      return;
    }
  }
  /* Not Python at all: a stray byte. Skip a whole UTF-8 character as one. */
  int c = peek(L, 0);
  char q[40], shown[2] = {(char)c, 0};
  size_t n = c >= 0x80 && utf8_at(L) ? (size_t)utf8_at(L) : 1;
  if (c >= 0x21 && c < 0x7f)
    error_at(L, start, "unexpected character '%s'", shown);
  else if (c == 0)
    error_at(L, start, "null byte in the file%s", "");
  else if (c >= 0x80)
    error_at(L, start, "unexpected character '%s'",
             fe_quote(q, sizeof q, L->s->text + start, n, 8));
  else
    error_at(L, start, "unexpected control byte '%s'",
             fe_quote(q, sizeof q, L->s->text + start, 1, 4));
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
  if (L->at_bol && L->depth == 0 && !L->inner) {
    line_start(L);
    if (L->i >= L->end)
      return;
  }
  int c = peek(L, 0);
  if (c == ' ' || c == '\t' || c == '\f') {
    L->i++;
  } else if (c == '#') {
    while (peek(L, 0) != -1 && !is_newline(peek(L, 0)))
      L->i++;
  } else if (is_newline(c)) {
    if (L->depth > 0 && cut_here(L))
      cut(L);
    if (L->depth == 0 && !L->inner && ends_line(L)) {
      push(L, TK_NEWLINE, L->i, 0);
    }
    if (L->depth == 0)
      L->at_bol = true;
    eat_newline(L);
  } else if (c == '\\') {
    backslash(L);
  } else if (isdigit(c) || (c == '.' && peek(L, 1) >= 0 && isdigit(peek(L, 1)))) {
    number(L);
  } else if (name_start(L)) {
    name(L);
  } else if (c == '\'' || c == '"') {
    string(L, L->i, false, false, false);
  } else {
    op(L);
  }
}

static nnc_status finish(Lexer *L) {
  if (!L->inner) {
    if (L->depth == 0 && ends_line(L))
      push(L, TK_NEWLINE, L->i, 0);
    while (L->nindent > 0) {
      L->nindent--;
      push(L, TK_DEDENT, L->i, 0);
    }
  }
  push(L, TK_EOF, L->i, 0);
  if (L->nomem) {
    fe_tokens_free(L->out);
    return base_error(NNC_ERR_NOMEM, "%s: out of memory while reading the model file", L->s->file);
  }
  return NNC_OK;
}

/* One pass over the file, ending the statements of the brackets at cuts early. */
static void lex_pass(Lexer *L, Source *s, Tokens *out, const size_t *cuts, int ncuts) {
  memset(out, 0, sizeof *out);
  *L = (Lexer){.s = s, .out = out, .line = 1, .end = s->len, .at_bol = true, .cuts = cuts,
               .ncuts = ncuts, .cut_col = -1};
  if (s->len >= 3 && memcmp(s->text, "\xEF\xBB\xBF", 3) == 0)
    L->i = L->bol = 3;    /* a UTF-8 byte-order mark; columns count from after it */
  while (L->i < L->end && !L->nomem)
    step(L);
}

nnc_status fe_lex(Source *s, Tokens *out) {
  enum { MAX_CUTS = FE_MAX_DIAGS };
  size_t cuts[MAX_CUTS] = {0};
  int ncuts = 0, ndiags = s->ndiags, nerrors = s->nerrors;
  Lexer L;
  lex_pass(&L, s, out, cuts, ncuts);
  while (L.depth > 0 && !L.nomem && ncuts < MAX_CUTS) {
    size_t at = L.opened[0];
    for (int i = 0; i < ncuts; i++)
      if (cuts[i] == at)
        return finish(&L);   /* no line ends its statement: the bracket runs to the end */
    cuts[ncuts++] = at;
    fe_tokens_free(out);
    s->ndiags = ndiags;     /* the next pass reports the lexical errors again */
    s->nerrors = nerrors;
    lex_pass(&L, s, out, cuts, ncuts);
  }
  return finish(&L);
}

nnc_status fe_lex_range(Source *s, size_t off, size_t end, Pos at, Tokens *out) {
  memset(out, 0, sizeof *out);
  Lexer L = {.s = s, .out = out, .i = off, .end = end < s->len ? end : s->len, .line = at.line,
             .bol = off - (size_t)(at.col - 1), .inner = true};
  while (L.i < L.end && !L.nomem)
    step(&L);
  return finish(&L);
}

void fe_tokens_free(Tokens *ts) {
  if (!ts)
    return;
  for (int i = 0; i < ts->n; i++)
    base_free(ts->t[i].str);
  base_free(ts->t);
  memset(ts, 0, sizeof *ts);
}
