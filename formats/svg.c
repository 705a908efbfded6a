/* svg.c — an SVG document built in memory: formatted output appended to a growing buffer,
 * and text escaped for XML. A failed allocation makes the buffer sticky-failed (later
 * appends do nothing), so a writer checks once at the end, as with a FILE's ferror.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "formats.h"

static bool grow(FmtSvg *b, size_t need) {
  if (b->failed)
    return false;
  if (b->len + need + 1 <= b->cap)
    return true;
  size_t cap = b->cap ? b->cap : 4096;
  while (cap < b->len + need + 1)
    cap *= 2;
  char *s = base_realloc(b->s, cap);
  if (!s) {
    b->failed = true;
    return false;
  }
  b->s = s;
  b->cap = cap;
  return true;
}

void fmt_svg_printf(FmtSvg *b, const char *fmt, ...) {
  va_list ap, aq;
  va_start(ap, fmt);
  va_copy(aq, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n >= 0 && grow(b, (size_t)n)) {
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, aq);
    b->len += (size_t)n;
  }
  va_end(aq);
}

void fmt_svg_text(FmtSvg *b, const char *s) {
  for (; *s; s++) {
    switch (*s) {
    case '&': fmt_svg_printf(b, "&amp;"); break;
    case '<': fmt_svg_printf(b, "&lt;"); break;
    case '>': fmt_svg_printf(b, "&gt;"); break;
    case '"': fmt_svg_printf(b, "&quot;"); break;
    default:
      if ((unsigned char)*s >= 0x20 || *s == '\t')
        fmt_svg_printf(b, "%c", *s);
    }
  }
}

void fmt_svg_free(FmtSvg *b) {
  base_free(b->s);
  *b = (FmtSvg){0};
}
