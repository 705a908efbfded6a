/* cache.c — the compile cache: a JIT-compiled graph's object code kept on disk, so the same
 * step in a new process is read back instead of compiled.
 *
 * An entry is filed under the SHA-256 of everything its code depends on: the planned IR's
 * text (ir_print: canonical, every attribute and offset), nnc's version, a hash of the
 * codegen sources (generated codegen_id.h) and the target (cg_target_id: LLVM's version,
 * triple, CPU, features, vector width, pipeline). The function is named after the key, so
 * the bytes stored are the bytes loaded, and a JIT that has the function already reuses it.
 *
 * The directory is $NNC_CACHE, else $XDG_CACHE_HOME/nnc, else ~/.cache/nnc
 * (nnc_set_compile_cache overrides, and an nnc_context's compile_cache overrides that for the
 * steps compiled in it; NNC_CACHE=off turns the cache off). Entries are written
 * to an O_EXCL temporary in that directory, synced and renamed into place, so two processes
 * filling one entry each rename a whole file and a reader never sees half of one. Nothing
 * is written outside the directory, and entries are opened without following symlinks.
 * An entry that does not decode (cache_entry.c) or does not link is reported once as a note,
 * rebuilt and replaced; a directory that cannot be written is noted once and left alone.
 * A hit refreshes the entry's mtime; after each write the least recently used entries are
 * removed until the directory holds at most NNC_CACHE_MAX bytes (default 256M).
 *
 * The cache is trusted as the user's own files are: it holds code that runs.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "codegen.h"
#include "codegen_id.h"
#include "driver.h"

_Static_assert((int)DRIVER_ENTRY_MAX_PARTS == (int)CG_CODE_MAX, "an entry holds a graph's objects");

enum { DEFAULT_MAX = 256 << 20, STALE_TMP_S = 3600, PATH_CAP = 4096 };
static const char suffix[] = ".nnco";
enum { NAME_LEN = 64 + sizeof suffix - 1 }; /* <hex key>.nnco */

/* The settings live in static storage, not nnc's allocator: they last the process. */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
typedef struct {
  bool set;          /* settings decided (from the environment or the API) */
  bool on;
  char dir[PATH_CAP - NAME_LEN - 2];
  uint64_t max;      /* bytes */
  char unwritable[PATH_CAP];  /* the directory found unwritable ("": none), noted once;
                                 its entries are still read */
  DriverCacheStats stats;
} Cache;
static Cache cache;

static void count(int *field) {
  pthread_mutex_lock(&mu);
  (*field)++;
  pthread_mutex_unlock(&mu);
}

DriverCacheStats driver_cache_stats(void) {
  pthread_mutex_lock(&mu);
  DriverCacheStats s = cache.stats;
  pthread_mutex_unlock(&mu);
  return s;
}

/* A note for a person: to the log (the current context's, nnc_set_log's), else stderr. */
static void note(const char *fmt, const char *a, const char *b) {
  char what[2 * PATH_CAP + 256]; /* room for any path, to please -Wformat; the log cuts it */
  snprintf(what, sizeof what, fmt, a, b);
  base_log(NNC_LOG_WARNING, "nnc: note: %s\n", what);
}

/* NNC_CACHE_MAX: bytes, with an optional K, M or G; the default when absent or bad. */
static uint64_t max_from_env(void) {
  const char *s = getenv("NNC_CACHE_MAX");
  if (!s || !*s)
    return DEFAULT_MAX;
  char *end;
  unsigned long long v = strtoull(s, &end, 10);
  int shift = *end == 'K' || *end == 'k' ? 10 : *end == 'M' || *end == 'm' ? 20
              : *end == 'G' || *end == 'g' ? 30 : 0;
  if (end == s || (shift ? end[1] : end[0]) != 0 || v > (1ull << 50)) {
    note("NNC_CACHE_MAX='%s' is not a size such as 512M; using %s", s, "256M");
    return DEFAULT_MAX;
  }
  return (uint64_t)v << shift;
}

/* The directory dir, or the environment's when dir is NULL, into out (cap bytes); false when
 * that is none (NNC_CACHE=off) or too long (noted). */
static bool pick_dir(const char *dir, char *out, size_t cap) {
  const char *d = getenv("NNC_CACHE"), *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  int n = -1;
  if (dir)
    n = snprintf(out, cap, "%s", dir);
  else if (d && (strcmp(d, "off") == 0 || strcmp(d, "0") == 0))
    n = -1;
  else if (d && *d)
    n = snprintf(out, cap, "%s", d);
  else if (xdg && xdg[0] == '/')
    n = snprintf(out, cap, "%s/nnc", xdg);
  else if (home && *home)
    n = snprintf(out, cap, "%s/.cache/nnc", home);
  bool on = n > 0 && (size_t)n < cap;
  if (n > 0 && !on)
    note("compile cache directory %.200s... is too long; compiling without the cache%s", out, "");
  return on;
}

/* Sets the directory from dir, or from the environment when dir is NULL (on when it fits),
 * and the size bound. Both are read before the lock is taken: their notes call the
 * embedder's log function, which may call nnc. first: only if nothing is set yet (the
 * first compile's default loses to a concurrent nnc_set_compile_cache). */
static void set_dir(const char *dir, bool first) {
  char d[sizeof cache.dir] = "";
  bool on = pick_dir(dir, d, sizeof d);
  uint64_t max = max_from_env();
  pthread_mutex_lock(&mu);
  if (!first || !cache.set) {
    cache.on = on;
    memcpy(cache.dir, d, sizeof d);
    cache.max = max;
    cache.unwritable[0] = 0;
    cache.set = true;
  }
  pthread_mutex_unlock(&mu);
}

nnc_status nnc_set_compile_cache(int enabled, const char *dir) {
  if (enabled && dir && *dir && strlen(dir) >= sizeof cache.dir)
    return base_error(NNC_ERR_ARG, "nnc_set_compile_cache: a directory name of %zu bytes",
                      strlen(dir));
  if (enabled) {
    set_dir(dir && *dir ? dir : NULL, false);
    return NNC_OK;
  }
  uint64_t max = max_from_env();
  pthread_mutex_lock(&mu);
  cache = (Cache){.set = true, .max = max, .stats = cache.stats};
  pthread_mutex_unlock(&mu);
  return NNC_OK;
}

/* Copies the directory into dir and the size limit into *max; false when the cache is off.
 * The current context's setting (base/context.c), when it has one, is taken over the
 * process's; the size limit and the counts are the process's. */
static bool settings(char dir[PATH_CAP], uint64_t *max) {
  const char *mine = NULL;
  int ctx = base_context_cache(&mine);
  pthread_mutex_lock(&mu);
  bool set = cache.set;
  pthread_mutex_unlock(&mu);
  if (!set) /* the environment's, the first time */
    set_dir(NULL, true);
  pthread_mutex_lock(&mu);
  bool on = cache.on;
  snprintf(dir, PATH_CAP, "%s", cache.dir);
  *max = cache.max;
  pthread_mutex_unlock(&mu);
  if (ctx >= 0)
    on = ctx == 1 && pick_dir(mine, dir, sizeof cache.dir);
  return on;
}

static void hash_str(DriverSha256 *h, const char *s) {
  driver_sha256_update(h, s, strlen(s) + 1); /* the NUL keeps fields apart */
}

nnc_status driver_cache_key(const Graph *g, uint8_t key[32]) {
  char *target = NULL, *text = ir_print(g);
  nnc_status s = text ? cg_target_id(&target)
                      : base_error(NNC_ERR_NOMEM, "compile cache: out of memory");
  if (!s) {
    DriverSha256 h;
    driver_sha256_init(&h);
    hash_str(&h, "nnc compile cache key 1");
    hash_str(&h, NNC_VERSION);
    hash_str(&h, NNC_CODEGEN_ID);
    hash_str(&h, target);
    hash_str(&h, text);
    if (g->early_outputs) /* the same graph, with pool->ready calls in its code */
      hash_str(&h, "early outputs");
    driver_sha256_final(&h, key);
  }
  base_free(target);
  base_free(text);
  return s;
}

static void hex(const uint8_t *b, int n, char *out) {
  for (int i = 0; i < n; i++)
    snprintf(out + 2 * i, 3, "%02x", b[i]);
}

static nnc_status no_memory(void) {
  return base_error(NNC_ERR_NOMEM, "compile cache: out of memory");
}

/* The whole of the regular file at path into *b (base_free it), or *b NULL: absent,
 * unreadable or not a file. A read one gets a fresh mtime, the LRU clock (when the file may
 * be written). NNC_ERR_NOMEM only. */
static nnc_status read_entry(const char *path, uint8_t **b, size_t *n) {
  *b = NULL;
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  struct stat st;
  if (fd < 0)
    return NNC_OK;
  nnc_status s = NNC_OK;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < (1ll << 40)) {
    if (!(*b = base_malloc((size_t)st.st_size + 1)))
      s = no_memory();
    size_t got = 0;
    ssize_t r = 1;
    while (*b && got < (size_t)st.st_size &&
           (r = read(fd, *b + got, (size_t)st.st_size - got)) > 0)
      got += (size_t)r;
    *n = got;
    if (*b && r < 0) {
      base_free(*b);
      *b = NULL;
    }
  }
  if (*b)
    futimens(fd, NULL);
  close(fd);
  return s;
}

static bool write_all(int fd, const uint8_t *b, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, b, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return false;
    b += w;
    n -= (size_t)w;
  }
  return true;
}

/* mkdir -p dir (0777 less the umask); errno set on failure. */
static bool make_dirs(char *dir) {
  for (char *p = dir + 1; *p; p++)
    if (*p == '/') {
      *p = 0;
      int r = mkdir(dir, 0777);
      *p = '/';
      if (r != 0 && errno != EEXIST)
        return false;
    }
  return mkdir(dir, 0777) == 0 || errno == EEXIST;
}

/* Writes b to dir/name through an O_EXCL temporary beside it; 0, or errno on failure. */
static int write_entry(char *dir, const char *name, const uint8_t *b, size_t n) {
  if (!make_dirs(dir))
    return errno;
  char tmp[2 * PATH_CAP], path[2 * PATH_CAP]; /* room for any dir, to please -Wformat */
  snprintf(path, sizeof path, "%s/%s", dir, name);
  int fd = -1;
  for (int tries = 0; fd < 0 && tries < 8; tries++) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    snprintf(tmp, sizeof tmp, "%s/tmp.%ld.%lx.%d", dir, (long)getpid(),
             (unsigned long)ts.tv_nsec, tries);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST)
      return errno;
  }
  if (fd < 0)
    return EEXIST;
  int err = write_all(fd, b, n) && fsync(fd) == 0 ? 0 : errno ? errno : EIO;
  if (close(fd) != 0 && !err)
    err = errno;
  if (!err && rename(tmp, path) != 0)
    err = errno;
  if (err)
    unlink(tmp);
  return err;
}

typedef struct {
  char name[NAME_LEN + 1];
  off_t size;
  struct timespec mtime; /* the last write or hit */
} Item;

static int older(const void *a, const void *b) {
  struct timespec x = ((const Item *)a)->mtime, y = ((const Item *)b)->mtime;
  return x.tv_sec != y.tv_sec ? (x.tv_sec < y.tv_sec ? -1 : 1)
                              : (x.tv_nsec < y.tv_nsec ? -1 : x.tv_nsec > y.tv_nsec);
}

static bool is_entry(const char *name) {
  return strlen(name) == NAME_LEN && strcmp(name + 64, suffix) == 0;
}

/* The entries of directory d into *items (*n of them; base_free it) and their total size;
 * temporaries left by a process that died more than an hour ago are removed on the way. */
static nnc_status list_entries(DIR *d, Item **items, size_t *n, uint64_t *total) {
  size_t cap = 0;
  *items = NULL;
  *n = 0;
  *total = 0;
  time_t now = time(NULL);
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    struct stat st;
    bool entry = is_entry(e->d_name), tmp = strncmp(e->d_name, "tmp.", 4) == 0;
    if ((!entry && !tmp) || fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
        !S_ISREG(st.st_mode))
      continue;
    if (tmp) {
      if (now - st.st_mtime > STALE_TMP_S)
        unlinkat(dirfd(d), e->d_name, 0);
      continue;
    }
    if (*n == cap) {
      cap = cap ? 2 * cap : 64;
      Item *more = base_realloc(*items, cap * sizeof *more);
      if (!more)
        return no_memory();
      *items = more;
    }
    Item *it = &(*items)[(*n)++];
    snprintf(it->name, sizeof it->name, "%s", e->d_name);
    it->size = st.st_size;
    it->mtime = st.st_mtim;
    *total += (uint64_t)st.st_size;
  }
  return NNC_OK;
}

/* Removes the least recently used entries of dir until it holds at most max bytes. */
static nnc_status evict(const char *dir, uint64_t max) {
  DIR *d = opendir(dir);
  if (!d)
    return NNC_OK;
  size_t n;
  uint64_t total;
  Item *items;
  nnc_status s = list_entries(d, &items, &n, &total);
  if (!s)
    qsort(items, n, sizeof *items, older);
  for (size_t i = 0; !s && i < n && total > max; i++)
    if (unlinkat(dirfd(d), items[i].name, 0) == 0) {
      total -= (uint64_t)items[i].size;
      count(&cache.stats.evicted);
    }
  base_free(items);
  closedir(d);
  return s;
}

/* Stores code under key as dir/name; a directory that cannot be written is noted once and
 * is no error. */
static nnc_status store(char *dir, const char *name, const uint8_t key[32], const CgCode *code,
                        uint64_t max) {
  DriverParts parts = {.n = code->n};
  for (int p = 0; p < code->n; p++) {
    parts.bytes[p] = (const uint8_t *)code->obj[p];
    parts.len[p] = code->len[p];
  }
  uint8_t *b;
  size_t n;
  nnc_status s = driver_entry_encode(key, &parts, &b, &n);
  if (s)
    return s;
  int err = write_entry(dir, name, b, n);
  base_free(b);
  pthread_mutex_lock(&mu);
  bool say = err && strcmp(cache.unwritable, dir) != 0;
  if (err)
    snprintf(cache.unwritable, sizeof cache.unwritable, "%s", dir);
  pthread_mutex_unlock(&mu);
  if (say)
    note("compile cache %s cannot be written (%s); compiling without storing code", dir,
         strerror(err));
  if (err)
    return NNC_OK;
  count(&cache.stats.stores);
  return evict(dir, max);
}

static bool writable(const char *dir) {
  pthread_mutex_lock(&mu);
  bool w = strcmp(cache.unwritable, dir) != 0;
  pthread_mutex_unlock(&mu);
  return w;
}

/* Loads the entry at path into jit when it is there and sound (*fn set). A damaged one is
 * noted (and rebuilt by the caller); an absent one is a quiet miss. */
static nnc_status load_entry(CgJit *jit, const char *path, const uint8_t key[32],
                             const char *name, CgEntry *fn) {
  size_t n = 0;
  uint8_t *b;
  nnc_status s = read_entry(path, &b, &n);
  if (s || !b)
    return s;
  DriverParts parts;
  const char *why = driver_entry_decode(b, n, key, &parts);
  CgCode code = {.n = parts.n};
  for (int p = 0; p < parts.n; p++) {
    code.obj[p] = (char *)parts.bytes[p];
    code.len[p] = parts.len[p];
  }
  if (!why && (s = cg_jit_load(jit, &code, name, fn)) == NNC_ERR_JIT) {
    why = "its code does not link";
    s = NNC_OK;
  }
  if (why)
    note("compile cache entry %s is damaged (%s); rebuilding it", path, why);
  if (!s)
    count(why ? &cache.stats.damaged : &cache.stats.hits);
  base_free(b);
  return s;
}

/* g's function under key: from the entry, else compiled, stored and loaded. */
static nnc_status through(CgJit *jit, const Graph *g, char *dir, uint64_t max,
                          const uint8_t key[32], CgEntry *fn) {
  char name[4 + 32 + 1] = "nnc_", file[NAME_LEN + 1], path[2 * PATH_CAP];
  hex(key, 16, name + 4);
  hex(key, 32, file);
  memcpy(file + 64, suffix, sizeof suffix);
  snprintf(path, sizeof path, "%s/%s", dir, file);
  if (cg_jit_find(jit, name, fn))
    return NNC_OK;
  nnc_status s = load_entry(jit, path, key, name, fn);
  if (s || *fn)
    return s;
  count(&cache.stats.misses);
  CgCode code;
  s = cg_jit_build(jit, g, name, &code);
  if (!s && writable(dir))
    s = store(dir, file, key, &code, max);
  if (!s)
    s = cg_jit_load(jit, &code, name, fn);
  cg_code_free(&code);
  return s;
}

nnc_status driver_cache_compile(CgJit *jit, const Graph *g, DriverFn *out) {
  char dir[PATH_CAP];
  uint64_t max;
  CgEntry fn = NULL;
  nnc_status s;
  /* a profile names its kernels while compiling them, so a profiled run compiles every step */
  if (cg_profiling() || !settings(dir, &max)) {
    s = cg_jit_compile(jit, g, &fn);
  } else {
    uint8_t key[32];
    s = driver_cache_key(g, key);
    if (!s)
      s = through(jit, g, dir, max, key, &fn);
  }
  out->code = s ? NULL : (void (*)(void))fn;
  return s;
}
