/* test_context_alloc.c — a context's allocator (base/context.c, base/alloc.c): every
 * allocation of a model's life, and of the graphs, tensors and functions made in the
 * context, goes through the context's hooks and none through the process's; each block
 * goes back to the allocator that made it, from any thread; the context outlives its
 * blocks; a failing context allocator gives NNC_ERR_NOMEM; the options are checked; a
 * context's compile cache is its own. Two contexts on two threads: tests/threads/rules.c. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nnc.h"

enum { N = 32, F = 3, TAG = 16 };

/* Counts blocks and tags each with its allocator, so a block given to another allocator's
 * free is seen (and leaked instead of freed wrongly). fail_at > 0: that allocation fails. */
typedef struct {
  atomic_long allocs, live, foreign;
  long fail_at;
} Counter;

static void *counting_realloc(void *user, void *p, size_t n) {
  Counter *c = user;
  char *raw = p ? (char *)p - TAG : NULL;
  if (raw && *(Counter **)raw != c) {
    atomic_fetch_add(&c->foreign, 1);
    return NULL;
  }
  if (!raw && c->fail_at > 0 && atomic_load(&c->allocs) + 1 == c->fail_at)
    return NULL;
  char *q = realloc(raw, n + TAG);
  if (!q)
    return NULL;
  if (!raw)
    atomic_fetch_add(&c->allocs, 1), atomic_fetch_add(&c->live, 1);
  *(Counter **)q = c;
  return q + TAG;
}

static void counting_free(void *user, void *p) {
  Counter *c = user;
  char *raw = (char *)p - TAG;
  if (*(Counter **)raw != c) {
    atomic_fetch_add(&c->foreign, 1);
    return;
  }
  atomic_fetch_sub(&c->live, 1);
  free(raw);
}

static nnc_allocator counting(Counter *c) {
  return (nnc_allocator){counting_realloc, counting_free, c};
}

/* A context of c's allocator that compiles every step (no cache to load them from). */
static nnc_context *context_with(Counter *c) {
  nnc_context_options o = nnc_context_defaults();
  o.allocator = counting(c);
  o.compile_cache = 0;
  nnc_context *ctx;
  cr_assert_eq(nnc_context_new_with(&o, &ctx), NNC_OK, "%s", nnc_last_error());
  return ctx;
}

static void fill(nnc_tensor *x, nnc_tensor *y) {
  float *xd = nnc_tensor_data(x), *yd = nnc_tensor_data(y);
  for (int i = 0; i < N * F; i++)
    xd[i] = (float)((i * 37) % 23 - 11) / 11;
  for (int i = 0; i < N; i++)
    yd[i] = xd[i * F] > xd[i * F + 1];
}

/* A model's whole life in ctx (NULL: the default): built, compiled, fitted, evaluated,
 * predicting, saving its weights, handing out its graph (differentiated, compiled, called),
 * freed with everything it made. */
static void a_models_life(nnc_context *ctx) {
  nnc_tensor *x, *y, *pred;
  cr_assert_eq(nnc_tensor_new_in(ctx, NNC_F32, 2, (int64_t[]){N, F}, &x), NNC_OK);
  cr_assert_eq(nnc_tensor_new_in(ctx, NNC_F32, 2, (int64_t[]){N, 1}, &y), NNC_OK);
  fill(x, y);
  nnc_model *m;
  cr_assert_eq(nnc_model_new_in(ctx, &m), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_add_input(m, F), NNC_OK);
  nnc_dense_options d = nnc_dense(8, NNC_ACT_RELU);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  d = nnc_dense(1, NNC_ACT_SIGMOID);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.optimizer = nnc_adam();
  c.accuracy = 1;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 2, f.batch_size = 8, f.verbose = 0;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  nnc_metrics met;
  cr_assert_eq(nnc_model_evaluate(m, x, y, 8, &met), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_predict(m, x, 8, &pred), NNC_OK, "%s", nnc_last_error());
  char path[64];
  snprintf(path, sizeof path, "/tmp/nnc_ctx_alloc_%d.safetensors", (int)getpid());
  cr_assert_eq(nnc_model_save_weights(m, path), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_load_weights(m, path), NNC_OK, "%s", nnc_last_error());
  unlink(path);
  nnc_graph *g;
  nnc_value *xv, *pv, *dx;
  cr_assert_eq(nnc_model_graph(m, 4, &g, &xv, &pv), NNC_OK, "%s", nnc_last_error());
  nnc_value *s = nnc_sum(g, pv, ~0u, 0);
  cr_assert_eq(nnc_grad(g, s, 1, &xv, &dx), NNC_OK, "%s", nnc_last_error());
  nnc_function *fn;
  cr_assert_eq(nnc_jit(g, 1, &dx, &fn), NNC_OK, "%s", nnc_last_error());
  char *text = nnc_graph_print(g);
  cr_assert_not_null(text);
  nnc_string_free(text);
  nnc_graph_free(g);
  nnc_model_free(m);
  nnc_function_free(fn);
  nnc_tensor_free(pred);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

Test(context_alloc, a_counting_allocator_sees_a_models_whole_life) {
  a_models_life(NULL); /* once in the default context: the process's lazy set-up is done */
  Counter mine = {0}, process = {0};
  nnc_context *ctx = context_with(&mine);
  nnc_allocator p = counting(&process);
  setenv("NNC_JIT_THREADS", "2", 1); /* compile workers on threads of their own too */
  nnc_set_allocator(&p);
  a_models_life(ctx);
  nnc_set_allocator(NULL);
  unsetenv("NNC_JIT_THREADS");
  long allocs = atomic_load(&mine.allocs);
  cr_assert_gt(allocs, 100, "the context's allocator saw %ld allocations", allocs);
  cr_assert_eq(atomic_load(&process.allocs), 0, "%ld allocations went to the process's hook",
               atomic_load(&process.allocs));
  cr_assert_eq(atomic_load(&mine.foreign), 0, "blocks given back to the wrong allocator");
  cr_assert_eq(atomic_load(&mine.live), 1, "after every free, only the context's struct lives "
               "(found %ld blocks)", atomic_load(&mine.live));
  nnc_context_free(ctx);
  cr_assert_eq(atomic_load(&mine.live), 0, "%ld blocks never freed", atomic_load(&mine.live));
}

/* A graph and a tensor hold the context: it refuses to go while they live. */
Test(context_alloc, a_context_outlives_its_blocks) {
  Counter mine = {0};
  nnc_context *ctx = context_with(&mine);
  nnc_graph *g;
  nnc_tensor *t;
  cr_assert_eq(nnc_graph_new_in(ctx, &g), NNC_OK);
  cr_assert_eq(nnc_tensor_new_in(ctx, NNC_F64, 1, (int64_t[]){5}, &t), NNC_OK);
  for (int i = 0; i < 200; i++) /* the arena grows through the context's hooks */
    cr_assert_not_null(nnc_input(g, (char[16]){'v', (char)('a' + i % 26), (char)('a' + i / 26)},
                                 NNC_F64, 1, (int64_t[]){4}));
  long seen = atomic_load(&mine.allocs);
  nnc_context_free(ctx);
  cr_assert(strstr(nnc_last_error(), "blocks allocated in the context"), "%s", nnc_last_error());
  nnc_graph_free(g);
  nnc_context_free(ctx);
  cr_assert(strstr(nnc_last_error(), "blocks allocated in the context"), "%s", nnc_last_error());
  nnc_tensor_free(t);
  cr_assert_gt(seen, 4);
  cr_assert_eq(atomic_load(&mine.live), 1);
  nnc_context_free(ctx);
  cr_assert_eq(atomic_load(&mine.live), 0); /* its memory is gone: no call may read it now */
}

/* The Nth allocation of the context fails: a clean NNC_ERR_NOMEM, nothing left behind. */
Test(context_alloc, a_failing_context_allocator_is_out_of_memory) {
  Counter mine = {.fail_at = 1};
  nnc_context_options o = nnc_context_defaults();
  o.allocator = counting(&mine);
  nnc_context *ctx;
  cr_assert_eq(nnc_context_new_with(&o, &ctx), NNC_ERR_NOMEM);
  cr_assert_null(ctx);
  nnc_status s = NNC_ERR_NOMEM;
  for (long k = 2; s == NNC_ERR_NOMEM && k < 200; k++) {
    mine = (Counter){.fail_at = k};
    cr_assert_eq(nnc_context_new_with(&o, &ctx), NNC_OK);
    nnc_graph *g;
    s = nnc_graph_new_in(ctx, &g);
    nnc_value *x = s ? NULL : nnc_input(g, "x", NNC_F64, 2, (int64_t[]){3, 2});
    nnc_value *w = s ? NULL : nnc_param(g, "w", NNC_F64, 2, (int64_t[]){2, 1}, NNC_INIT_ZEROS);
    nnc_value *l = s ? NULL : nnc_mean(g, nnc_matmul(g, x, w), ~0u, 0);
    nnc_function *f = NULL;
    if (s == NNC_OK)
      s = l ? nnc_jit(g, 1, &l, &f) : nnc_graph_status(g);
    cr_assert(s == NNC_OK || s == NNC_ERR_NOMEM, "allocation %ld failing: %s (%s)", k,
              nnc_status_name(s), nnc_last_error());
    nnc_function_free(f);
    nnc_graph_free(g);
    nnc_context_free(ctx);
    cr_assert_eq(atomic_load(&mine.live), 0, "allocation %ld failing: %ld blocks leaked", k,
                 atomic_load(&mine.live));
  }
  cr_assert_eq(s, NNC_OK, "a graph compiled once enough allocations succeed");
}

static void refused(const nnc_context_options *o, const char *part) {
  nnc_context *ctx = (nnc_context *)o;
  cr_assert_eq(nnc_context_new_with(o, &ctx), NNC_ERR_ARG, "%s", part);
  cr_assert_null(ctx);
  cr_assert(strstr(nnc_last_error(), part), "%s", nnc_last_error());
}

Test(context_alloc, bad_options_are_refused) {
  Counter c = {0};
  nnc_context_options o = nnc_context_defaults();
  o.allocator.realloc = counting_realloc;
  refused(&o, "allocator.realloc and allocator.free must be set together");
  o = nnc_context_defaults();
  o.threads = 2000;
  refused(&o, "threads 2000");
  o = nnc_context_defaults();
  o.compile_cache = 2;
  refused(&o, "compile_cache 2");
  nnc_context_options zero = {0};
  refused(&zero, "nnc_context_options.struct_size is 0");
  o = nnc_context_defaults();
  o.allocator = counting(&c);
  cr_assert_eq(nnc_context_new_with(&o, NULL), NNC_ERR_ARG);
  nnc_context *ctx;
  cr_assert_eq(nnc_context_new_with(NULL, &ctx), NNC_OK, "NULL options: the defaults");
  nnc_context_free(ctx);
  cr_assert_eq(atomic_load(&c.allocs), 0);
}

static int entries(const char *dir) {
  DIR *d = opendir(dir);
  int n = 0;
  for (struct dirent *e; d && (e = readdir(d));)
    n += strstr(e->d_name, ".nnco") != NULL;
  if (d)
    closedir(d);
  return n;
}

/* A context's compile cache is its own: steps compiled in it are filed in its directory. */
Test(context_alloc, a_context_has_its_own_compile_cache) {
  char dir[] = "/tmp/nnc_ctx_cache_XXXXXX";
  cr_assert_not_null(mkdtemp(dir));
  nnc_context_options o = nnc_context_defaults();
  o.compile_cache = 1;
  o.compile_cache_dir = dir;
  nnc_context *ctx;
  cr_assert_eq(nnc_context_new_with(&o, &ctx), NNC_OK, "%s", nnc_last_error());
  nnc_graph *g;
  cr_assert_eq(nnc_graph_new_in(ctx, &g), NNC_OK);
  nnc_value *x = nnc_input(g, "x", NNC_F64, 1, (int64_t[]){7});
  nnc_value *y = nnc_tanh(g, nnc_mul(g, x, nnc_scalar(g, NNC_F64, 0.123456789)));
  nnc_function *f;
  cr_assert_eq(nnc_jit(g, 1, &y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(entries(dir), 1, "the step is filed in the context's directory");
  nnc_function_free(f);
  nnc_graph_free(g);
  nnc_context_free(ctx);
  o.compile_cache = 0; /* off: nothing filed anywhere, the process's setting aside */
  cr_assert_eq(nnc_context_new_with(&o, &ctx), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_graph_new_in(ctx, &g), NNC_OK);
  x = nnc_input(g, "x", NNC_F64, 1, (int64_t[]){9});
  y = nnc_exp(g, nnc_mul(g, x, nnc_scalar(g, NNC_F64, 0.987654321)));
  cr_assert_eq(nnc_jit(g, 1, &y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(entries(dir), 1);
  nnc_function_free(f);
  nnc_graph_free(g);
  nnc_context_free(ctx);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  cr_assert_eq(system(cmd), 0);
}

/* The file loaders' _in forms: each tensor and model read from a file, and the loader's
 * working memory, come from the context's allocator and none from the process's; a model
 * loaded so lives in the context (it holds it) and trains there. */
static void write_text(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  cr_assert_not_null(f, "%s", path);
  fputs(text, f);
  fclose(f);
}

static void write_idx(const char *path) {
  static const unsigned char idx[] = {0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6};
  FILE *f = fopen(path, "wb");
  cr_assert_not_null(f, "%s", path);
  fwrite(idx, 1, sizeof idx, f);
  fclose(f);
}

Test(context_alloc, the_loaders_in_forms_allocate_in_the_context) {
  char dir[] = "/tmp/nnc_ctx_load_XXXXXX", p[6][96];
  cr_assert_not_null(mkdtemp(dir));
  const char *names[6] = {"t.npy", "t.csv", "t-ubyte", "m.onnx", "m.keras", "model.json"};
  for (int i = 0; i < 6; i++)
    snprintf(p[i], sizeof p[i], "%s/%s", dir, names[i]);
  nnc_tensor *x, *y;                     /* the files, written in the default context */
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, (int64_t[]){N, F}, &x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, (int64_t[]){N, 1}, &y), NNC_OK);
  fill(x, y);
  cr_assert_eq(nnc_tensor_save(x, p[0]), NNC_OK, "%s", nnc_last_error());
  write_text(p[1], "a,b\n1,2\n3,4\n");
  write_idx(p[2]);
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, F), NNC_OK);
  nnc_dense_options d = nnc_dense(1, NNC_ACT_SIGMOID);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_export_onnx(m, p[3]), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_save_keras(m, p[4]), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_save_tfjs(m, p[5]), NNC_OK, "%s", nnc_last_error());
  nnc_model_free(m);

  Counter mine = {0}, process = {0};
  nnc_context *ctx = context_with(&mine);
  nnc_allocator pa = counting(&process);
  nnc_set_allocator(&pa);
  nnc_tensor *t[3];
  cr_assert_eq(nnc_tensor_load_in(ctx, p[0], NNC_F32, &t[0]), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_tensor_load_csv_in(ctx, p[1], NNC_F64, NNC_CSV_HEADER_AUTO, &t[1]), NNC_OK,
               "%s", nnc_last_error());
  cr_assert_eq(nnc_tensor_load_idx_in(ctx, p[2], NNC_F32, NNC_IDX_SCALE, &t[2]), NNC_OK, "%s",
               nnc_last_error());
  nnc_status (*const load[3])(nnc_context *, const char *, nnc_model **) = {
      nnc_model_load_onnx_in, nnc_model_load_keras_in, nnc_model_load_tfjs_in};
  for (int i = 0; i < 3; i++) {
    cr_assert_eq(load[i](ctx, p[3 + i], &m), NNC_OK, "%s: %s", names[3 + i], nnc_last_error());
    nnc_context_free(ctx);
    cr_assert(strstr(nnc_last_error(), "models made in the context"), "%s", nnc_last_error());
    if (i != 1) /* the .keras file comes back compiled */
      cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
    nnc_fit_options f = nnc_fit_defaults();
    f.verbose = 0, f.batch_size = 8;
    cr_assert_eq(nnc_model_fit(m, t[0], y, &f), NNC_OK, "%s: %s", names[3 + i], nnc_last_error());
    nnc_model_free(m);
  }
  nnc_set_allocator(NULL);
  cr_expect_eq(nnc_tensor_numel(t[1]), 4);
  cr_expect_eq(((float *)nnc_tensor_data(t[2]))[5], 6.0f / 255);
  for (int i = 0; i < 3; i++)
    nnc_tensor_free(t[i]);
  cr_assert_eq(atomic_load(&process.allocs), 0, "%ld allocations went to the process's hook",
               atomic_load(&process.allocs));
  cr_assert_gt(atomic_load(&mine.allocs), 50);
  cr_assert_eq(atomic_load(&mine.foreign), 0, "blocks given back to the wrong allocator");
  cr_assert_eq(atomic_load(&mine.live), 1, "%ld blocks live", atomic_load(&mine.live));
  nnc_context_free(ctx);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  for (int i = 0; i < 6; i++)
    unlink(p[i]);
  char bin[128];
  snprintf(bin, sizeof bin, "%s/weights.bin", dir);
  unlink(bin);
  rmdir(dir);
}
