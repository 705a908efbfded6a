/* log.c — what nnc writes for a person to read (fit's epoch lines, the Keras callbacks'
 * messages, warnings): to the embedder's nnc_set_log callback when there is one, else to
 * stderr as before. The callback gets each message as one line, without the newlines that
 * set it apart on a terminal.
 */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "base.h"

static _Atomic(nnc_log_fn) sink;
static _Atomic(void *) sink_user;

void nnc_set_log(nnc_log_fn fn, void *user) {
  atomic_store(&sink_user, user);
  atomic_store(&sink, fn);
}

void base_log(nnc_log_level level, const char *fmt, ...) {
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  void *user = NULL;
  nnc_log_fn fn = base_context_log(&user); /* the current context's first */
  if (!fn) {
    fn = atomic_load(&sink);
    user = atomic_load(&sink_user);
  }
  if (!fn) {
    fputs(line, stderr);
    return;
  }
  char *start = line + strspn(line, "\n");
  size_t n = strlen(start);
  while (n > 0 && start[n - 1] == '\n')
    start[--n] = 0;
  fn(level, start, user);
}
