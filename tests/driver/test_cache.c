/* test_cache.c — the compile cache: a hit runs the very bits a miss runs; every kind of
 * damage to an entry (header, key, payload, truncation, a foreign entry) is noted and
 * rebuilt, never loaded; two processes filling one entry; the size limit; a directory that
 * cannot be written; the entry format and SHA-256 on their own. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "driver.h"
#include "passes/step.h"
#include "support.h"

TestSuite(cache, .init = test_dir_make, .fini = test_dir_remove);

/* A training step: loss = mean(sigmoid(x @ w)), x f32[4,3], w f32[3,width], SGD on w. */
typedef struct {
  Graph *g;
  Value *w, *loss;
  nnc_optimizer opt;
  DriverJit *jit;
  DriverOut out;
} Step;

static void step_compile(Step *s, int64_t width) {
  memset(s, 0, sizeof *s);
  Graph *g = s->g = ir_graph_new();
  cr_assert(g);
  Value *x = ir_input(g, "x", DT_F32, ir_shape(2, 4L, 3L));
  s->w = ir_param(g, "w", DT_F32, ir_shape(2, 3L, width), INIT_GLOROT_UNIFORM);
  s->loss = ir_reduce(g, OP_MEAN, ir_unary(g, OP_SIGMOID, ir_matmul(g, x, s->w, false, false)),
                      3u, false);
  ir_output(g, s->loss);
  s->opt = (nnc_optimizer){.kind = NNC_OPT_SGD, .learning_rate = 0.1};
  cr_assert_eq(driver_jit_new(&s->jit), NNC_OK, "%s", base_last_error());
  DriverJob job = {.loss = s->loss, .nwrt = 1, .wrt = &s->w, .opt = &s->opt,
                   .stop = DRIVER_JIT, .jit = s->jit};
  cr_assert_eq(driver_compile(g, &job, &s->out), NNC_OK, "%s", base_last_error());
}

static void step_free(Step *s) {
  driver_out_free(&s->out);
  driver_jit_free(s->jit);
  ir_graph_free(s->g);
}

/* Runs the step once on fixed inputs; returns every slot's bytes after it, joined. */
static char *step_run(Step *s, size_t *n) {
  Value *vals[16];
  int nslots = ir_slots(s->g, NULL);
  cr_assert_leq(nslots, 16);
  ir_slots(s->g, vals);
  void *slots[16];
  size_t off[17] = {0};
  for (int i = 0; i < nslots; i++)
    off[i + 1] = off[i] + (size_t)ir_numel(vals[i]->shape) * ir_dtype_size(vals[i]->dtype);
  char *bytes = calloc(1, off[nslots] + 1);
  for (int i = 0; i < nslots; i++) {
    slots[i] = bytes + off[i];
    for (size_t k = 0; k < (off[i + 1] - off[i]) / 4; k++)
      ((float *)slots[i])[k] = 0.25f + 0.125f * (float)((k * 7 + (size_t)i) % 5);
  }
  void *raw = malloc((size_t)s->out.scratch_bytes + 64);
  driver_run(s->out.fn, slots, (void *)(((uintptr_t)raw + 63) & ~(uintptr_t)63));
  free(raw);
  *n = off[nslots];
  return bytes;
}

/* The one entry in dir (test_path'd), or NULL; *count entries there. */
static const char *only_entry(const char *dir, int *count, int *tmps) {
  static char path[4096];
  DIR *d = opendir(dir);
  *count = 0;
  *tmps = 0;
  const char *found = NULL;
  for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
    if (strstr(e->d_name, ".nnco")) {
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      found = path;
      (*count)++;
    }
    *tmps += strncmp(e->d_name, "tmp.", 4) == 0;
  }
  if (d)
    closedir(d);
  return *count == 1 ? found : NULL;
}

static char *slurp_file(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  cr_assert(f, "cannot open %s", path);
  char *b = test_slurp(f);
  fseek(f, 0, SEEK_END);
  *n = (size_t)ftell(f);
  fclose(f);
  return b;
}

static void put_file(const char *path, const void *b, size_t n) {
  FILE *f = fopen(path, "wb");
  cr_assert(f);
  cr_assert_eq(fwrite(b, 1, n, f), n);
  fclose(f);
}

static void nap(void) { /* mtimes apart, for the LRU order */
  nanosleep(&(struct timespec){0, 10000000}, NULL);
}

static const char *use_cache(void) {
  const char *dir = test_path("cache");
  cr_assert_eq(nnc_set_compile_cache(1, dir), NNC_OK);
  return dir;
}

Test(cache, a_hit_runs_the_bits_a_miss_runs) {
  const char *dir = use_cache();
  Step a, b, c;
  step_compile(&a, 5);
  cr_assert_eq(driver_cache_stats().misses, 1);
  cr_assert_eq(driver_cache_stats().stores, 1);
  step_compile(&b, 5); /* a new JIT: the function comes from the entry */
  cr_assert_eq(driver_cache_stats().hits, 1);
  cr_assert_eq(driver_cache_stats().misses, 1);
  nnc_set_compile_cache(0, NULL);
  step_compile(&c, 5);
  cr_assert_eq(driver_cache_stats().hits, 1);
  size_t na, nb, nc;
  char *ra = step_run(&a, &na), *rb = step_run(&b, &nb), *rc = step_run(&c, &nc);
  cr_assert(na == nb && nb == nc && memcmp(ra, rb, na) == 0 && memcmp(ra, rc, na) == 0);
  int count, tmps;
  cr_expect(only_entry(dir, &count, &tmps), "%d entries", count);
  cr_expect_eq(tmps, 0);
  free(ra), free(rb), free(rc);
  step_free(&a), step_free(&b), step_free(&c);
}

/* Damages the entry with edit, compiles again: the damage is noted, the entry rebuilt to its
 * first bytes, and the step computes what it did. */
typedef void (*Edit)(char *b, size_t *n, size_t at);

static void flip(char *b, size_t *n, size_t at) {
  (void)n;
  b[at] ^= 0x5a;
}

static void cut(char *b, size_t *n, size_t at) {
  (void)b;
  *n = at;
}

static void damage_each(Edit edit, size_t from, size_t to, size_t stride) {
  const char *dir = use_cache();
  Step s;
  step_compile(&s, 5);
  size_t nr, n;
  char *want = step_run(&s, &nr);
  step_free(&s);
  int count, tmps;
  char *path = strdup(only_entry(dir, &count, &tmps));
  char *good = slurp_file(path, &n);
  int damaged = 0;
  for (size_t at = from; at < (to < n ? to : n); at += stride) {
    char *bad = malloc(n + 1);
    memcpy(bad, good, n);
    size_t m = n;
    edit(bad, &m, at);
    put_file(path, bad, m);
    free(bad);
    step_compile(&s, 5);
    cr_assert_eq(driver_cache_stats().damaged, ++damaged, "byte %zu not caught", at);
    size_t nr2, n2;
    char *got = step_run(&s, &nr2), *now = slurp_file(path, &n2);
    cr_assert(nr2 == nr && memcmp(got, want, nr) == 0, "byte %zu: other results", at);
    cr_assert(n2 == n && memcmp(now, good, n) == 0, "byte %zu: entry not rebuilt", at);
    free(got), free(now);
    step_free(&s);
  }
  cr_assert_eq(driver_cache_stats().hits, 0);
  cr_assert(strstr(step_read_stderr(), "is damaged"));
  free(good), free(want), free(path);
}

Test(cache, every_header_byte_is_checked, .init = cr_redirect_stderr) {
  damage_each(flip, 0, 64, 1); /* magic, version, parts, key, length, crcs */
}

Test(cache, payload_damage_is_caught, .init = cr_redirect_stderr) {
  damage_each(flip, 64, (size_t)-1, 499); /* the part table, then the object code */
}

Test(cache, truncation_is_caught, .init = cr_redirect_stderr) {
  damage_each(cut, 0, (size_t)-1, 1013);
}

Test(cache, a_foreign_entry_is_not_loaded, .init = cr_redirect_stderr) {
  const char *dir = use_cache();
  Step s;
  step_compile(&s, 6);
  step_free(&s);
  int count, tmps;
  char *other = strdup(only_entry(dir, &count, &tmps));
  step_compile(&s, 5);
  step_free(&s);
  cr_assert_eq(driver_cache_stats().stores, 2);
  DIR *d = opendir(dir); /* the width-5 entry: the one that is not `other` */
  char mine[4096] = "";
  for (struct dirent *e; (e = readdir(d)) != NULL;)
    if (strstr(e->d_name, ".nnco") && !strstr(other, e->d_name))
      snprintf(mine, sizeof mine, "%s/%s", dir, e->d_name);
  closedir(d);
  size_t n;
  char *b = slurp_file(other, &n);
  put_file(mine, b, n); /* a sound entry, filed under another key */
  step_compile(&s, 5);
  cr_assert_eq(driver_cache_stats().damaged, 1);
  cr_assert(strstr(step_read_stderr(), "filed under another key"));
  step_free(&s);
  free(b), free(other);
}

Test(cache, two_processes_fill_one_entry) {
  const char *dir = use_cache();
  int go[2];
  cr_assert_eq(pipe(go), 0);
  pid_t kids[2];
  for (int k = 0; k < 2; k++) {
    kids[k] = fork();
    cr_assert_geq(kids[k], 0);
    if (kids[k] == 0) { /* each waits for the word, then compiles and stores */
      char c;
      close(go[1]);
      if (read(go[0], &c, 1) != 1)
        _exit(3);
      Step s;
      step_compile(&s, 7);
      int ok = driver_cache_stats().stores == 1;
      step_free(&s);
      _exit(ok ? 0 : 4);
    }
  }
  close(go[0]);
  cr_assert_eq(write(go[1], "gg", 2), 2);
  close(go[1]);
  for (int k = 0; k < 2; k++) {
    int status;
    cr_assert_eq(waitpid(kids[k], &status, 0), kids[k]);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child %d: %d", k, status);
  }
  int count, tmps;
  cr_assert(only_entry(dir, &count, &tmps), "%d entries", count);
  cr_assert_eq(tmps, 0);
  Step s;
  step_compile(&s, 7);
  cr_assert_eq(driver_cache_stats().hits, 1);
  step_free(&s);
}

Test(cache, the_size_limit_evicts_the_least_recently_used) {
  const char *dir = use_cache();
  Step s;
  step_compile(&s, 5);
  step_free(&s);
  int count, tmps;
  size_t one;
  free(slurp_file(only_entry(dir, &count, &tmps), &one));
  char limit[32];
  snprintf(limit, sizeof limit, "%zu", 2 * one + one / 2); /* room for two entries */
  setenv("NNC_CACHE_MAX", limit, 1);
  nnc_set_compile_cache(1, dir); /* reads NNC_CACHE_MAX again */
  nap();
  step_compile(&s, 6);
  step_free(&s);
  nap();
  step_compile(&s, 5); /* a hit: width 5 is now the most recently used */
  step_free(&s);
  cr_assert_eq(driver_cache_stats().hits, 1);
  nap();
  step_compile(&s, 7); /* a third entry: width 6, the least recently used, goes */
  step_free(&s);
  cr_assert_eq(driver_cache_stats().evicted, 1);
  step_compile(&s, 5);
  step_free(&s);
  cr_assert_eq(driver_cache_stats().hits, 2);
  step_compile(&s, 6);
  step_free(&s);
  cr_assert_eq(driver_cache_stats().hits, 2, "width 6 should have been evicted");
}

Test(cache, an_unwritable_directory_is_noted_once, .init = cr_redirect_stderr) {
  const char *file = test_write_text("plain", "not a directory");
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/cache", file);
  cr_assert_eq(nnc_set_compile_cache(1, dir), NNC_OK);
  Step s;
  for (int w = 5; w < 7; w++) {
    step_compile(&s, w);
    step_free(&s);
  }
  cr_assert_eq(driver_cache_stats().stores, 0);
  const char *err = step_read_stderr(), *at = strstr(err, "cannot be written");
  cr_assert(at, "%s", err);
  cr_assert(!strstr(at + 1, "cannot be written"), "noted twice: %s", err);
}

Test(cache, off_writes_nothing) {
  const char *dir = test_path("cache");
  setenv("NNC_CACHE", dir, 1);
  cr_assert_eq(nnc_set_compile_cache(0, NULL), NNC_OK);
  Step s;
  step_compile(&s, 5);
  step_free(&s);
  struct stat st;
  cr_assert_neq(stat(dir, &st), 0);
  setenv("NNC_CACHE", "off", 1);
  cr_assert_eq(nnc_set_compile_cache(1, NULL), NNC_OK);
  step_compile(&s, 5);
  step_free(&s);
  cr_assert_neq(stat(dir, &st), 0);
  cr_assert_eq(driver_cache_stats().misses, 0);
}

Test(cache, the_key_follows_the_graph) {
  Step a, b, c;
  nnc_set_compile_cache(0, NULL);
  step_compile(&a, 5);
  step_compile(&b, 5);
  step_compile(&c, 6);
  uint8_t ka[32], kb[32], kc[32];
  cr_assert_eq(driver_cache_key(a.g, ka), NNC_OK);
  cr_assert_eq(driver_cache_key(b.g, kb), NNC_OK);
  cr_assert_eq(driver_cache_key(c.g, kc), NNC_OK);
  cr_expect_eq(memcmp(ka, kb, 32), 0);
  cr_expect_neq(memcmp(ka, kc, 32), 0);
  step_free(&a), step_free(&b), step_free(&c);
}

static void sha_hex(const char *text, size_t n, char out[65]) {
  DriverSha256 h;
  uint8_t d[32];
  driver_sha256_init(&h);
  for (size_t i = 0; i < n; i += 7) /* in pieces, across block edges */
    driver_sha256_update(&h, text + i, n - i < 7 ? n - i : 7);
  driver_sha256_final(&h, d);
  for (int i = 0; i < 32; i++)
    snprintf(out + 2 * i, 3, "%02x", d[i]);
}

Test(cache, sha256_matches_fips_180_vectors) {
  char h[65];
  sha_hex("", 0, h);
  cr_expect_str_eq(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  sha_hex("abc", 3, h);
  cr_expect_str_eq(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  sha_hex(two, strlen(two), h);
  cr_expect_str_eq(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

Test(cache, entries_round_trip_and_refuse_other_keys) {
  uint8_t key[32] = {1, 2, 3}, other[32] = {9};
  DriverParts p = {.n = 2, .bytes = {(const uint8_t *)"hello", (const uint8_t *)"world!"},
                   .len = {5, 6}};
  uint8_t *b;
  size_t n;
  cr_assert_eq(driver_entry_encode(key, &p, &b, &n), NNC_OK);
  cr_assert_eq(n, 64 + 16 + 11);
  DriverParts q;
  cr_assert_null(driver_entry_decode(b, n, key, &q));
  cr_assert(q.n == 2 && q.len[0] == 5 && q.len[1] == 6 && memcmp(q.bytes[1], "world!", 6) == 0);
  cr_assert_str_eq(driver_entry_decode(b, n, other, &q), "filed under another key");
  cr_assert_eq(q.n, 0);
  cr_assert_str_eq(driver_entry_decode(b, n - 1, key, &q), "truncated");
  cr_assert_str_eq(driver_entry_decode(b, 10, key, &q), "shorter than its header");
  base_free(b);
}

/* One compile of the width-5 step; with a fresh directory each time when miss. */
static nnc_status compile_once(void *arg) {
  bool miss = *(bool *)arg;
  static int round;
  char dir[64];
  snprintf(dir, sizeof dir, "cache%d", miss ? round++ : 0);
  nnc_set_compile_cache(1, test_path(dir));
  Graph *g = ir_graph_new();
  Value *w = NULL;
  nnc_optimizer opt = {.kind = NNC_OPT_SGD, .learning_rate = 0.1};
  DriverJit *jit = NULL;
  DriverOut out = {0};
  nnc_status s = g ? NNC_OK : base_error(NNC_ERR_NOMEM, "test: out of memory");
  if (!s) {
    Value *x = ir_input(g, "x", DT_F32, ir_shape(2, 4L, 3L));
    w = ir_param(g, "w", DT_F32, ir_shape(2, 3L, 5L), INIT_GLOROT_UNIFORM);
    Value *loss = ir_reduce(g, OP_MEAN, ir_unary(g, OP_SIGMOID, ir_matmul(g, x, w, false, false)),
                            3u, false);
    ir_output(g, loss);
    s = g->status ? g->status : driver_jit_new(&jit);
    DriverJob job = {.loss = loss, .nwrt = 1, .wrt = &w, .opt = &opt, .stop = DRIVER_JIT,
                     .jit = jit};
    if (!s)
      s = driver_compile(g, &job, &out);
  }
  driver_out_free(&out);
  driver_jit_free(jit);
  ir_graph_free(g);
  return s;
}

Test(cache, out_of_memory_anywhere_is_a_clean_error) {
  bool miss = true;
  test_until_ok_walk(compile_once, &miss, (TestOomWalk){.once = true, .dense = 60});
  miss = false;
  cr_assert_eq(compile_once(&miss), NNC_OK); /* fills cache0 */
  long hits = driver_cache_stats().hits;
  test_until_ok_walk(compile_once, &miss, (TestOomWalk){.once = true});
  cr_assert_gt(driver_cache_stats().hits, hits);
}

Test(cache, a_step_compiled_in_parts_is_stored_and_loaded_whole) {
  const char *dir = use_cache();
  cr_assert_eq(setenv("NNC_JIT_THREADS", "2", 1), 0);
  cr_assert_eq(setenv("NNC_JIT_PART_INSTS", "1", 1), 0); /* as many parts as kernels */
  Step a, b;
  step_compile(&a, 5);
  step_compile(&b, 5);
  cr_assert_eq(driver_cache_stats().hits, 1);
  int count, tmps;
  size_t n, na, nb;
  unsigned char *e = (unsigned char *)slurp_file(only_entry(dir, &count, &tmps), &n);
  cr_assert_gt(e[12], 1, "the step was not compiled in parts");
  char *ra = step_run(&a, &na), *rb = step_run(&b, &nb);
  cr_assert(na == nb && memcmp(ra, rb, na) == 0);
  free(e), free(ra), free(rb);
  step_free(&a), step_free(&b);
}
