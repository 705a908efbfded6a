/* buf.c — a growing, NUL-terminated byte buffer for building text (the interpreter's strings,
 * the IR printer, the lexer's literals, SVG documents). A failed allocation makes it
 * sticky-failed: later appends do nothing and the writer checks nomem once at the end, as
 * with a FILE's ferror. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base.h"

void base_buf_put(BaseBuf *b, const char *s, size_t n) {
  if (b->nomem)
    return;
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->n + n + 1)
      cap *= 2;
    char *p = base_realloc(b->p, cap);
    if (!p) {
      b->nomem = true;
      return;
    }
    b->p = p;
    b->cap = cap;
  }
  if (n)
    memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
}

void base_buf_puts(BaseBuf *b, const char *s) {
  base_buf_put(b, s, strlen(s));
}

void base_buf_vprintf(BaseBuf *b, const char *fmt, va_list ap) {
  char small[256];
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  if (n >= 0 && (size_t)n < sizeof small) {
    base_buf_put(b, small, (size_t)n);
  } else if (n >= 0) {
    char *big = base_malloc((size_t)n + 1);
    if (big) {
      vsnprintf(big, (size_t)n + 1, fmt, again);
      base_buf_put(b, big, (size_t)n);
      base_free(big);
    } else {
      b->nomem = true;
    }
  }
  va_end(again);
}

void base_buf_printf(BaseBuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  base_buf_vprintf(b, fmt, ap);
  va_end(ap);
}

void base_buf_free(BaseBuf *b) {
  base_free(b->p);
  *b = (BaseBuf){0};
}
