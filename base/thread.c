/* thread.c — the threads nnc starts (the runtime's workers, the JIT's compile workers) keep
 * the process's termination signals blocked, so a SIGINT, SIGTERM or SIGABRT sent to the
 * process reaches one of the caller's threads. The caller is where a save runs, and a save
 * can make its temporary and list it for the handler as one step only if the handler cannot
 * run in another thread meanwhile (formats/outfile.c). An abort() in a worker still ends the
 * process: abort unblocks SIGABRT for itself. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>

#include "base.h"

void base_termination_signals(void *set) {
  sigset_t *s = set;
  sigemptyset(s);
  sigaddset(s, SIGINT);
  sigaddset(s, SIGTERM);
  sigaddset(s, SIGABRT);
}

int base_thread_start(pthread_t *thread, void *(*fn)(void *), void *arg) {
  sigset_t block, old;
  base_termination_signals(&block);
  pthread_sigmask(SIG_BLOCK, &block, &old); /* the new thread inherits this mask */
  int err = pthread_create(thread, NULL, fn, arg);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return err;
}
