/* svg.c — text escaped for XML, appended to an SVG document being built in a BaseBuf. */
#include "formats.h"

void fmt_svg_text(BaseBuf *b, const char *s) {
  for (; *s; s++) {
    switch (*s) {
    case '&': base_buf_puts(b, "&amp;"); break;
    case '<': base_buf_puts(b, "&lt;"); break;
    case '>': base_buf_puts(b, "&gt;"); break;
    case '"': base_buf_puts(b, "&quot;"); break;
    default:
      if ((unsigned char)*s >= 0x20 || *s == '\t')
        base_buf_put(b, s, 1);
    }
  }
}
