/* assert.c — the one place nnc aborts: an internal invariant that does not hold.
 *
 * Reaching it is a bug in nnc, never the user's doing; tests check this with Criterion's
 * .signal = SIGABRT. The message goes to stderr, since the program cannot go on to report it.
 * base_fatal is the same last word for an error inside a library nnc uses (LLVM), which
 * ends the process after its handler returns: the program's hook gets to end it first.
 */
#include <stdio.h>
#include <stdlib.h>

#include "base.h"

_Noreturn void base_bug(const char *file, int line, const char *what) {
  fprintf(stderr, "%s:%d: internal error: %s\n", file, line, what);
  fflush(stderr);
  abort();
}

static void (*fatal_hook)(void);

void base_on_fatal(void (*hook)(void)) {
  fatal_hook = hook;
}

void base_fatal(const char *who, const char *what) {
  fprintf(stderr, "nnc: fatal error in %s: %s\n", who, what ? what : "(no message)");
  fflush(stderr);
  if (fatal_hook)
    fatal_hook();
}
