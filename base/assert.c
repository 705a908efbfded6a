/* assert.c — the one place nnc aborts: an internal invariant that does not hold.
 *
 * Reaching it is a bug in nnc, never the user's doing; tests check this with Criterion's
 * .signal = SIGABRT. The message goes to stderr, since the program cannot go on to report it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "base.h"

_Noreturn void base_bug(const char *file, int line, const char *what) {
  fprintf(stderr, "%s:%d: internal error: %s\n", file, line, what);
  fflush(stderr);
  abort();
}
