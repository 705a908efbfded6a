/* process.c — the nnc process around a run: its standard descriptors, its signals and the
 * errors of its standard output. The one place the command handles signals.
 *
 * Descriptors 0-2 are open before anything else is: a closed one gets /dev/null opened the
 * other way round (read-only for stdout and stderr), so no file nnc opens lands on it (a
 * --log file on descriptor 1 would receive the progress lines) and a write to a closed
 * stdout fails as it should, with the exit status saying so. As coreutils do, stdout is
 * flushed and checked at exit: print(), summary() and emit into /dev/full exit 1.
 *
 * SIGINT and SIGTERM: while a fit() runs, the first one asks it to stop after its current
 * step (nnc_cancel); the run then ends as after any error, so the --log is flushed and the
 * --plot written, and nnc exits 128 + the signal (130, 143). Outside a fit, or at a second
 * signal, the handler removes the temporaries of any save in flight (fmt_out_cleanup) and
 * dies of the signal. Both calls are async-signal-safe.
 *
 * Errors nnc cannot return from end with status 3 (an internal error), a message, and no
 * temporaries left: an LLVM fatal error (base_fatal's hook) and SIGABRT, which is where an
 * allocation failing inside LLVM ends (an uncaught std::bad_alloc, or LLVM's own "out of
 * memory"), as does an NNC_ASSERT, each after a line saying what happened.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "formats.h"

static volatile sig_atomic_t caught; /* the signal that cancelled training, or 0 */

static void on_signal(int sig) {
  if (!caught && nnc_cancel() > 0) {
    caught = sig;
    return;
  }
  fmt_out_cleanup();
  signal(sig, SIG_DFL);
  raise(sig); /* delivered when the handler returns: nnc dies of it, as the caller expects */
}

static void die_internal(void) {
  fmt_out_cleanup();
  _exit(EXIT_INTERNAL);
}

static void on_abort(int sig) {
  (void)sig;
  static const char msg[] = "nnc: aborted: out of memory or an internal error (the line above "
                            "says which); exit status 3\n";
  ssize_t r = write(STDERR_FILENO, msg, sizeof msg - 1);
  (void)r;
  die_internal();
}

void cli_process_init(void) {
  for (int fd = 0; fd <= 2; fd++)
    if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      int d = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY); /* the lowest free: fd */
      if (d >= 0 && d != fd) {
        dup2(d, fd);
        close(d);
      }
    }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sa.sa_handler = on_abort;
  sigaction(SIGABRT, &sa, NULL);
  base_on_fatal(die_internal);
}

int cli_process_exit(int code) {
  errno = 0;
  bool bad = ferror(stdout) != 0;
  if (fflush(stdout) != 0 || bad) {
    fprintf(stderr, "nnc: cannot write to standard output: %s\n",
            errno ? strerror(errno) : "a write failed");
    if (code == 0)
      code = EXIT_BAD_INPUT;
  }
  return caught ? 128 + caught : code;
}
