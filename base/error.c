/* error.c — the thread's last error message, behind nnc_last_error().
 *
 * Messages are one line: where, what, expected vs found. Every module reports through
 * base_error, so the public API has one place to read the message from; control bytes (a
 * newline or an escape sequence quoted from a broken file) become '?' there.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base.h"

static _Thread_local char last[1024];

nnc_status base_error(nnc_status code, const char *fmt, ...) {
  /* formatted aside first: an argument may be the last message itself (a caller passing on
   * nnc_last_error() with a prefix), which vsnprintf must not overwrite as it reads */
  char msg[sizeof last];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  for (char *c = msg; *c; c++) /* bytes quoted from a file never break the line */
    if ((unsigned char)*c < 0x20 || *c == 0x7f)
      *c = '?';
  memcpy(last, msg, sizeof last);
  return code;
}

nnc_status base_error_at(nnc_status code, const char *place) {
  size_t n = strlen(place);
  if (strncmp(last, place, n) == 0)
    return code;
  return base_error(code, "%s: %s", place, last);
}

const char *base_last_error(void) {
  return last;
}

const char *nnc_last_error(void) {
  return last;
}

const char *nnc_status_name(nnc_status s) {
  static const char *const names[] = {
      "NNC_OK", "NNC_ERR_ARG", "NNC_ERR_SYNTAX", "NNC_ERR_SHAPE", "NNC_ERR_TYPE", "NNC_ERR_IO",
      "NNC_ERR_NOMEM", "NNC_ERR_CORRUPT", "NNC_ERR_JIT", "NNC_ERR_NUMERIC", "NNC_ERR_INTERNAL",
      "NNC_ERR_CANCELLED", "NNC_ERR_BUSY",
  };
  if ((unsigned)s < sizeof names / sizeof names[0])
    return names[s];
  return "NNC_ERR_UNKNOWN";
}
