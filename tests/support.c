/* support.c — helpers shared by the Criterion tests, linked into every test binary.
 *
 * test_rng hashes its seed (one splitmix64 step) so nearby seeds start far apart: with the
 * seed used as the state directly, seed n+1 would be seed n one draw later.
 * The failing allocator keeps its counters in globals: nnc's hook is process-wide anyway,
 * and Criterion runs each test in a process of its own. It counts blocks net (allocated
 * minus freed), so a step must not free blocks made before it started.
 */
#define _POSIX_C_SOURCE 200809L
#include "support.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t splitmix64(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

TestRng test_rng(uint64_t seed) {
  TestRng r = {splitmix64(&seed)};
  return r;
}

double test_uniform(TestRng *r, double lo, double hi) {
  return lo + (hi - lo) * (double)(splitmix64(&r->s) >> 11) / 9007199254740992.0;
}

/* ---- out of memory ---- */

static struct {
  long fail_from, fail_to; /* calls numbered in [fail_from, fail_to) are refused */
  long calls, live;
  bool refused;
} oom;

static void *oom_realloc(void *user, void *p, size_t n) {
  (void)user;
  long k = oom.calls++;
  if (k >= oom.fail_from && k < oom.fail_to) {
    oom.refused = true;
    return NULL;
  }
  void *q = realloc(p, n);
  if (q && !p)
    oom.live++;
  return q;
}

static void oom_free(void *user, void *p) {
  (void)user;
  oom.live--;
  free(p);
}

static void install(long from, long to) {
  static const nnc_allocator a = {oom_realloc, oom_free, NULL};
  oom.fail_from = from;
  oom.fail_to = to;
  oom.calls = oom.live = 0;
  oom.refused = false;
  nnc_set_allocator(&a);
}

void test_alloc_fail_after(long budget) {
  install(budget < 0 ? LONG_MAX : budget, LONG_MAX);
}

void test_alloc_fail_once(long k) {
  install(k, k + 1);
}

long test_alloc_live(void) {
  return oom.live;
}

long test_alloc_calls(void) {
  return oom.calls;
}

bool test_alloc_refused(void) {
  return oom.refused;
}

void test_alloc_restore(void) {
  nnc_set_allocator(NULL);
}

/* The quarantine: blocks nnc frees are kept until it ends, so a test may call nnc on a freed
 * handle and read its tag without reading freed memory (which AddressSanitizer reports). */
static struct {
  void **kept;                 /* grown with plain realloc */
  size_t n, cap;
} quarantine;

static void *kept_realloc(void *user, void *p, size_t n) {
  (void)user;
  return realloc(p, n);
}

static void kept_free(void *user, void *p) {
  (void)user;
  if (quarantine.n == quarantine.cap) {
    size_t cap = quarantine.cap ? 2 * quarantine.cap : 1024;
    void **kept = realloc(quarantine.kept, cap * sizeof *kept);
    if (!kept) {
      free(p);
      return;
    }
    quarantine.kept = kept, quarantine.cap = cap;
  }
  quarantine.kept[quarantine.n++] = p;
}

void test_alloc_quarantine(bool on) {
  static const nnc_allocator a = {kept_realloc, kept_free, NULL};
  nnc_set_allocator(on ? &a : NULL);
  if (!on) {
    while (quarantine.n > 0)
      free(quarantine.kept[--quarantine.n]);
    free(quarantine.kept);
    quarantine.kept = NULL, quarantine.cap = 0;
  }
}

long test_until_ok(nnc_status (*step)(void *), void *arg, long max) {
  return test_until_ok_walk(step, arg, (TestOomWalk){.max = max});
}

long test_until_ok_walk(nnc_status (*step)(void *), void *arg, TestOomWalk w) {
  for (long k = 0;; k = k < w.dense || !w.dense || k < 2 ? k + 1 : k + k / 2) {
    cr_assert(!w.max || k <= w.max, "no budget up to %ld was enough", w.max);
    if (w.once)
      test_alloc_fail_once(k);
    else
      test_alloc_fail_after(k);
    nnc_status s = step(arg);
    test_alloc_restore();
    cr_assert(s == NNC_OK || s == NNC_ERR_NOMEM, "budget %ld: %s: %s", k, nnc_status_name(s),
              nnc_last_error());
    cr_assert_eq(oom.live, 0, "budget %ld: %ld blocks leaked", k, oom.live);
    if (s == NNC_OK) {
      cr_assert(!oom.refused, "budget %ld: a call was refused, yet the step succeeded", k);
      return k;
    }
    cr_assert(oom.refused, "budget %ld: NNC_ERR_NOMEM though no call was refused", k);
    cr_assert(strstr(nnc_last_error(), "out of memory"), "budget %ld: %s", k, nnc_last_error());
  }
}

/* ---- files ---- */

static char dir[64];

void test_dir_make(void) {
  strcpy(dir, "/tmp/nnc_test_XXXXXX");
  cr_assert_not_null(mkdtemp(dir));
}

void test_dir_remove(void) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  cr_assert_eq(system(cmd), 0);
}

const char *test_dir(void) {
  return dir;
}

const char *test_path(const char *name) {
  static char buf[16][160];
  static int k;
  char *b = buf[k++ % 16];
  snprintf(b, sizeof buf[0], "%s/%s", dir, name);
  return b;
}

const char *test_write(const char *name, const void *bytes, size_t n) {
  const char *p = test_path(name);
  FILE *f = fopen(p, "wb");
  cr_assert_not_null(f, "%s", p);
  cr_assert_eq(fwrite(bytes, 1, n, f), n);
  cr_assert_eq(fclose(f), 0);
  return p;
}

const char *test_write_text(const char *name, const char *text) {
  return test_write(name, text, strlen(text));
}

const char *test_read_text(const char *name) {
  static char buf[1 << 16];
  FILE *f = fopen(test_path(name), "rb");
  size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
  buf[n] = 0;
  if (f)
    fclose(f);
  return buf;
}

int test_temporaries(void) {
  DIR *d = opendir(dir);
  int n = 0;
  for (struct dirent *e; d && (e = readdir(d));)
    n += e->d_name[0] == '.' && strstr(e->d_name, ".nnc-") != NULL;
  if (d)
    closedir(d);
  return n;
}

/* ---- comparing with CPython ---- */

char *test_slurp(FILE *f) {
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  for (size_t k; buf && (k = fread(buf + n, 1, cap - n - 1, f)) > 0;) {
    n += k;
    if (n + 1 == cap)
      buf = realloc(buf, cap *= 2);
  }
  cr_assert(buf, "out of memory");
  buf[n] = 0;
  return buf;
}

static char *python_output(const char *text, size_t len) {
  const char *path = test_write("snippet.py", text, len);
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "cd %s && %s %s 2>/dev/null", test_dir(),
           access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3", path);
  FILE *p = popen(cmd, "r");
  cr_assert(p, "%s", cmd);
  char *r = test_slurp(p);
  pclose(p);
  return r;
}

char *test_read_data(const char *relpath) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", NNC_TEST_DATA, relpath);
  FILE *f = fopen(path, "rb");
  cr_assert(f, "%s", path);
  char *text = test_slurp(f);
  fclose(f);
  return text;
}

void test_compare_with_python(const char *file, int min_parts, TestRunText run) {
  char *all = test_read_data(file);
  int parts = 0;
  for (char *p = strstr(all, "# ---- "); p; parts++) {
    char name[64];
    sscanf(p + 7, "%63s", name);
    char *body = strchr(p, '\n') + 1, *next = strstr(body, "# ---- ");
    size_t len = next ? (size_t)(next - body) : strlen(body);
    char *want = python_output(body, len), *got = run(name, body, len);
    cr_expect_str_eq(got, want, "%s, part '%s' printed differently:\n--- nnc\n%s--- python\n%s",
                     file, name, got, want);
    free(want);
    free(got);
    p = next;
  }
  cr_assert_geq(parts, min_parts, "%s: %d parts", file, parts);
  free(all);
}
