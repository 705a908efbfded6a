/* outfile.c — every file nnc writes goes through here: written whole or not at all, never
 * through a name someone else chose, never over what the user did not name.
 *
 * A save writes a temporary ".NAME.nnc-XXXXXX" beside the file it replaces, created with
 * O_CREAT|O_EXCL (so a symlink or file planted under that name makes the open fail, never
 * redirects it; the six characters are drawn afresh on a clash), flushes and fsyncs it, and
 * renames it over the target, then syncs the directory: a reader, a crash or a kill sees the
 * old file or the complete new one. The target is the named path with its symlinks followed
 * (as gcc -o and coreutils write through a link): the link stays and the file it points to
 * is replaced, created where a dangling link points. The new file keeps the old one's
 * permission bits (0777 of them: never a set-id bit on a file nnc wrote); a new file gets
 * 0666 less the umask. A file the user cannot write is refused rather than replaced, as a
 * plain open would refuse it. A character device or FIFO (/dev/null, /dev/stdout on a
 * pipe), and the regular file already open as our stdout or stderr, are written straight
 * through: there is nothing to rename over. A directory or socket is refused.
 *
 * Every temporary in flight is also listed in a fixed table that fmt_out_cleanup, which is
 * async-signal-safe, unlinks: the command calls it from its SIGINT/SIGTERM handler before it
 * dies. A temporary is made and listed with those signals held, so no handler runs between.
 *
 * In a data-parallel job (keras/distributed.c) rank 0 alone writes: the other ranks set
 * fmt_out_discard and write to /dev/null, and every commit waits in fmt_out_agree for rank
 * 0's, so a file is complete before any rank reads it back, and rank 0's failure is every
 * rank's. A SIGKILL between the temporary's creation and the rename leaves the temporary
 * (and the old file whole): docs/cli.md gives what each point of a save leaves.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "formats.h"

enum { MAX_LINKS = 40, MAX_BASE = 200, MAX_INFLIGHT = 16, INFLIGHT_PATH = 4096 };

void (*fmt_out_probe)(FmtOutStage stage, const FmtOut *o);

static void probe(FmtOutStage stage, const FmtOut *o) {
  if (fmt_out_probe)
    fmt_out_probe(stage, o);
}

/* ---- the temporaries in flight, for a signal handler ---- */

static char inflight[MAX_INFLIGHT][INFLIGHT_PATH];
static atomic_int inflight_state[MAX_INFLIGHT]; /* 0 free, 1 being filled, 2 listed */

static int list_tmp(const char *tmp) {
  if (strlen(tmp) >= INFLIGHT_PATH)
    return -1;
  for (int i = 0; i < MAX_INFLIGHT; i++) {
    int free_slot = 0;
    if (atomic_compare_exchange_strong(&inflight_state[i], &free_slot, 1)) {
      strcpy(inflight[i], tmp);
      atomic_store(&inflight_state[i], 2);
      return i;
    }
  }
  return -1; /* more saves at once than slots: this one is cleaned on its error paths only */
}

static void unlist_tmp(int slot) {
  if (slot >= 0)
    atomic_store(&inflight_state[slot], 0);
}

void fmt_out_cleanup(void) {
  for (int i = 0; i < MAX_INFLIGHT; i++)
    if (atomic_load(&inflight_state[i]) == 2)
      unlink(inflight[i]);
}

/* ---- names ---- */

static char *dup_str(const char *s, size_t n) {
  char *d = base_malloc(n + 1);
  if (d) {
    memcpy(d, s, n);
    d[n] = 0;
  }
  return d;
}

/* The directory part of path ("." when it has none, "/" for "/x"), its length in *n. */
static const char *dir_of(const char *path, size_t *n) {
  const char *slash = strrchr(path, '/');
  if (!slash) {
    *n = 1;
    return ".";
  }
  *n = slash == path ? 1 : (size_t)(slash - path);
  return path;
}

/* path with its symlinks followed (a relative link read from the link's directory), up to
 * MAX_LINKS; the last name may not exist. NULL with errno set when a link cannot be read. */
static char *follow(const char *path) {
  char *cur = dup_str(path, strlen(path));
  for (int hops = 0; cur; hops++) {
    struct stat st;
    if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
      return cur;
    char link[INFLIGHT_PATH];
    ssize_t k = hops < MAX_LINKS ? readlink(cur, link, sizeof link - 1) : -1;
    if (hops >= MAX_LINKS)
      errno = ELOOP;
    if (k < 0 || k >= (ssize_t)sizeof link - 1) {
      errno = k < 0 ? errno : ENAMETOOLONG;
      base_free(cur);
      return NULL;
    }
    size_t dn = 0;
    const char *d = dir_of(cur, &dn);
    size_t need = (size_t)k + dn + 2;
    char *next = base_malloc(need);
    if (next && link[0] == '/')
      snprintf(next, need, "%.*s", (int)k, link);
    else if (next)
      snprintf(next, need, "%.*s/%.*s", (int)dn, d, (int)k, link);
    base_free(cur);
    cur = next;
  }
  errno = ENOMEM;
  return NULL;
}

static void random_name(char *x6) {
  static const char abc[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  static atomic_uint_fast64_t counter;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  uint64_t z = (uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 30 ^ (uint64_t)getpid() << 40 ^
               atomic_fetch_add(&counter, 1) * 0x9e3779b97f4a7c15u;
  z = (z ^ z >> 30) * 0xbf58476d1ce4e5b9u; /* splitmix64's finaliser */
  z = (z ^ z >> 27) * 0x94d049bb133111ebu;
  z ^= z >> 31;
  for (int i = 0; i < 6; i++, z /= 62)
    x6[i] = abc[z % 62];
}

/* Creates o->tmp beside o->target with O_EXCL; the descriptor, or -1 with errno. */
static int create_tmp(FmtOut *o) {
  size_t dn = 0;
  const char *d = dir_of(o->target, &dn);
  const char *slash = strrchr(o->target, '/'), *base = slash ? slash + 1 : o->target;
  size_t bn = strlen(base) > MAX_BASE ? MAX_BASE : strlen(base); /* room for the suffix */
  size_t need = dn + bn + 16;
  if (!(o->tmp = base_malloc(need))) {
    errno = ENOMEM;
    return -1;
  }
  for (int tries = 0; tries < 100; tries++) {
    char x6[7] = {0};
    random_name(x6);
    snprintf(o->tmp, need, "%.*s/.%.*s.nnc-%s", (int)dn, d, (int)bn, base, x6);
    int fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0666);
    if (fd >= 0 || errno != EEXIST)
      return fd;
  }
  return -1;
}

/* ---- opening ---- */

static nnc_status fail(FmtOut *o, int err, const char *what) {
  nnc_status s = err == ENOMEM ? base_error(NNC_ERR_NOMEM, "%s: out of memory", o->path)
                               : base_error(NNC_ERR_IO, "%s: cannot write%s: %s", o->path, what,
                                            strerror(err));
  base_free(o->target);
  base_free(o->tmp);
  *o = (FmtOut){.path = o->path, .slot = -1};
  return s;
}

static bool is_stream(const struct stat *st, int fd) {
  struct stat s;
  return fstat(fd, &s) == 0 && s.st_dev == st->st_dev && s.st_ino == st->st_ino;
}

/* Our stdout or stderr when it is writable and st's file, else -1. */
static int own_stream(const struct stat *st) {
  for (int fd = STDOUT_FILENO; fd <= STDERR_FILENO; fd++) {
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0 && (fl & O_ACCMODE) != O_RDONLY && is_stream(st, fd))
      return fd;
  }
  return -1;
}

/* A device, a FIFO or our own stdout/stderr, written straight through. Our own stream is
 * written through a copy of its descriptor, so the two share one offset: a file the shell
 * opened with '>' (no O_APPEND) would otherwise take stdout's next write over our bytes. */
static nnc_status open_direct(FmtOut *o, const struct stat *st) {
  if (S_ISDIR(st->st_mode))
    return fail(o, EISDIR, "");
  if (S_ISSOCK(st->st_mode) || S_ISBLK(st->st_mode))
    return base_error(NNC_ERR_IO, "%s: cannot write: it is a %s, not a regular file", o->path,
                      S_ISSOCK(st->st_mode) ? "socket" : "block device");
  int own = S_ISREG(st->st_mode) ? own_stream(st) : -1;
  int flags = O_WRONLY | O_CLOEXEC | O_NOCTTY | (S_ISREG(st->st_mode) ? O_APPEND : 0);
  int fd = own >= 0 ? fcntl(own, F_DUPFD_CLOEXEC, 0)
                    : open(o->path, flags | (S_ISFIFO(st->st_mode) ? O_NONBLOCK : 0));
  if (fd < 0)
    return fail(o, errno == ENXIO ? EPIPE : errno, errno == ENXIO ? " (no reader)" : "");
  if (S_ISFIFO(st->st_mode))
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  if (!(o->f = fdopen(fd, "wb"))) {
    close(fd);
    return fail(o, errno, "");
  }
  o->committed = true;
  return NNC_OK;
}

bool fmt_out_discard;
int (*fmt_out_agree)(int failed);

nnc_status fmt_out_open(FmtOut *o, const char *path) {
  *o = (FmtOut){.path = path, .slot = -1};
  if (fmt_out_discard) {
    if (!(o->f = fopen("/dev/null", "wb")))
      return fail(o, errno, " (to /dev/null, as a rank other than 0)");
    o->committed = true;
    return NNC_OK;
  }
  struct stat st;
  bool exists = stat(path, &st) == 0;
  if (exists && (!S_ISREG(st.st_mode) || is_stream(&st, STDOUT_FILENO) ||
                 is_stream(&st, STDERR_FILENO)))
    return open_direct(o, &st);
  if (exists && access(path, W_OK) != 0)
    return fail(o, errno, " over it (nnc replaces only files you may write)");
  if (!(o->target = follow(path)))
    return fail(o, errno, "");
  /* Made and listed with the termination signals held: a handler running between the two
   * would miss the temporary. Only this thread can take them (base_thread_start). */
  sigset_t hold, old;
  base_termination_signals(&hold);
  pthread_sigmask(SIG_BLOCK, &hold, &old);
  int fd = create_tmp(o);
  int create_err = errno;
  if (fd >= 0)
    o->slot = list_tmp(o->tmp);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (fd < 0)
    return fail(o, create_err, " a temporary file beside it");
  if (exists)
    fchmod(fd, st.st_mode & 0777); /* best effort: the data matters more than the mode */
  if (!(o->f = fdopen(fd, "wb"))) {
    int err = errno;
    close(fd);
    unlink(o->tmp);
    unlist_tmp(o->slot);
    return fail(o, err, "");
  }
  probe(FMT_OUT_CREATED, o);
  return NNC_OK;
}

nnc_status fmt_out_check(const char *path) {
  FmtOut o = {.path = path, .slot = -1};
  struct stat st;
  if (stat(path, &st) == 0) {
    if (S_ISDIR(st.st_mode))
      return fail(&o, EISDIR, "");
    if (S_ISREG(st.st_mode) && access(path, W_OK) != 0)
      return fail(&o, errno, " over it (nnc replaces only files you may write)");
    return NNC_OK;
  }
  if (!(o.target = follow(path)))
    return fail(&o, errno, "");
  size_t dn = 0;
  const char *d = dir_of(o.target, &dn);
  char *dir = dup_str(d, dn);
  int ok = dir ? access(dir, W_OK | X_OK) : -1;
  int err = dir ? errno : ENOMEM;
  base_free(dir);
  base_free(o.target);
  o.target = NULL;
  return ok == 0 ? NNC_OK : fail(&o, err, "");
}

/* ---- finishing ---- */

/* Makes the rename durable (best effort: nothing the caller could do about a failure). */
static void sync_dir(const char *target) {
  size_t dn = 0;
  const char *d = dir_of(target, &dn);
  char dir[INFLIGHT_PATH];
  if (dn >= sizeof dir)
    return;
  memcpy(dir, d, dn);
  dir[dn] = 0;
  int fd = open(dir, O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
}

static void discard(FmtOut *o) {
  if (o->f)
    fclose(o->f);
  o->f = NULL;
  if (o->tmp)
    unlink(o->tmp);
  unlist_tmp(o->slot);
  base_free(o->tmp);
  base_free(o->target);
  o->tmp = o->target = NULL;
  o->slot = -1;
}

static nnc_status commit(FmtOut *o) {
  if (!o->f)
    return base_error(NNC_ERR_IO, "%s: cannot write: the file is not open", o->path);
  int before = errno; /* a write that failed earlier left its reason here */
  errno = 0;
  bool flushed = fflush(o->f) == 0;
  int err = !flushed ? errno : ferror(o->f) ? (before ? before : EIO) : 0;
  if (o->committed && err) /* straight through: nothing to rename, nothing to undo */
    discard(o);
  if (o->committed)
    return !err ? NNC_OK : base_error(NNC_ERR_IO, "%s: cannot write: %s", o->path, strerror(err));
  if (!err && fsync(fileno(o->f)) != 0)
    err = errno;
  probe(FMT_OUT_SYNCED, o);
  if (!err && rename(o->tmp, o->target) != 0)
    err = errno;
  if (err) {
    discard(o);
    return base_error(NNC_ERR_IO, "%s: cannot write: %s (the file is unchanged)", o->path,
                      strerror(err));
  }
  unlist_tmp(o->slot);
  o->slot = -1;
  base_free(o->tmp);
  o->tmp = NULL;
  o->committed = true;
  probe(FMT_OUT_RENAMED, o);
  sync_dir(o->target);
  return NNC_OK;
}

nnc_status fmt_out_commit(FmtOut *o) {
  nnc_status s = commit(o);
  if (fmt_out_agree && fmt_out_agree(s != NNC_OK) && s == NNC_OK)
    s = base_error(NNC_ERR_IO, "%s: cannot write: rank 0 of the data-parallel job failed to "
                   "write it", o->path);
  return s;
}

nnc_status fmt_out_close(FmtOut *o) {
  bool committed = o->committed;
  int err = 0;
  if (o->f) {
    errno = 0;
    bool bad = ferror(o->f) != 0;
    if (fclose(o->f) != 0 || bad)
      err = errno ? errno : EIO;
    o->f = NULL;
  }
  discard(o);
  o->committed = false;
  if (committed && err)
    return base_error(NNC_ERR_IO, "%s: cannot write: %s", o->path, strerror(err));
  return NNC_OK;
}
