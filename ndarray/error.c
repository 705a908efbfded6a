/* error.c — the Python exception class of the last failed nd_ call.
 *
 * The message itself goes through base_error like every module's, so nnc_last_error and
 * base_last_error read it; ndarray also remembers which Python exception numpy raises for
 * it, so the interpreter can print "IndexError: index 5 is out of bounds ...".
 */
#include <stdarg.h>
#include <stdio.h>

#include "ndarray.h"

static _Thread_local NdErrClass last_class;

void *nd_fail(NdErrClass k, const char *fmt, ...) {
  static const nnc_status status[] = {
      [ND_E_VALUE] = NNC_ERR_ARG,     [ND_E_TYPE] = NNC_ERR_TYPE,
      [ND_E_INDEX] = NNC_ERR_ARG,     [ND_E_MEMORY] = NNC_ERR_NOMEM,
      [ND_E_NOTFOUND] = NNC_ERR_IO,   [ND_E_OS] = NNC_ERR_IO,
      [ND_E_ZERODIV] = NNC_ERR_ARG,   [ND_E_OVERFLOW] = NNC_ERR_ARG,
  };
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  base_error(status[k], "%s", msg);
  last_class = k;
  return NULL;
}

NdErrClass nd_error_kind(void) {
  return last_class;
}

const char *nd_error_class(void) {
  static const char *const names[] = {
      [ND_E_VALUE] = "ValueError",     [ND_E_TYPE] = "TypeError",
      [ND_E_INDEX] = "IndexError",     [ND_E_MEMORY] = "MemoryError",
      [ND_E_NOTFOUND] = "FileNotFoundError", [ND_E_OS] = "OSError",
      [ND_E_ZERODIV] = "ZeroDivisionError", [ND_E_OVERFLOW] = "OverflowError",
  };
  return names[last_class];
}
