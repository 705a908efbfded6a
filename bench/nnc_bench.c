/* nnc_bench.c — nnc's side of the benchmark (bench/run.sh): one task per invocation, trained
 * through the public Keras-level API exactly as bench/torch_tasks.py trains it in PyTorch.
 *
 * Tasks (Adam lr 1e-3, eps 1e-7, shuffled every epoch, f32):
 *   S   784->25->15->1 sigmoid, binary cross-entropy, batch 32     (MNIST 0 vs 1)
 *   S1  the same at batch 1
 *   M   784->128 relu->10, sparse categorical cross-entropy from logits, batch 32
 *   M256 the same at batch 256                                      (Fashion-MNIST)
 *   L   784->1024 relu->1024 relu->10, as M, batch 256
 * --policy mixed_bfloat16 trains with Keras's mixed precision policy (bf16 matmuls).
 * --batch N and --width W change a task's batch size and its hidden layers' units, for the
 * sweeps of bench/sweep.py.
 * Data: .npy, or IDX (-ubyte, -ubyte.gz): images are scaled to [0,1] and flattened to
 * [n, features]; labels are read as they are.
 *
 * Timing: one warm-up epoch (a fit call of its own, which also compiles the step for this
 * batch size and for the smaller last batch), then a second fit call that trains whole
 * epochs until at least --min-seconds have passed (on_epoch stops it). `seconds` is the wall
 * time around that second fit call — shuffling, gathering batches and the per-epoch weight
 * snapshot included, as the PyTorch loop includes its randperm and indexing;
 * `steps_seconds` is the sum of fit's own per-epoch times (training steps only).
 * Peak RSS: the high-water mark is reset (/proc/self/clear_refs) once the data is loaded,
 * so it counts the resident data, the model, compiling and training, but not the transient
 * copies made while loading; the torch side does the same.
 * Allocations: every allocation nnc makes goes through a counting allocator
 * (nnc_set_allocator); `allocs_per_step` counts those made between the end of the warm-up
 * epoch's first step and the end of its last (issue 4 wants 0).
 * Compile: `compile_ms` is nnc_model_compile's, the first compile in this process (so it
 * includes LLVM's one-time start-up: page faults and first-use set-up); `compile_again_ms`
 * is the same step compiled again, for a second model, after training.
 * Output: one JSON line on stdout. Exit status 0, or 1 with the error on stderr.
 */
#define _XOPEN_SOURCE 700
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <nnc.h>

typedef struct {
  const char *name;
  int nlayers;
  int64_t units[3];
  nnc_activation hidden;
  int bce;        /* 1: sigmoid output + BCE; 0: linear output + SCCE from logits */
  int64_t batch;
} Task;

static const Task tasks[] = {
    {"S", 3, {25, 15, 1}, NNC_ACT_SIGMOID, 1, 32},
    {"S1", 3, {25, 15, 1}, NNC_ACT_SIGMOID, 1, 1},
    {"M", 2, {128, 10, 0}, NNC_ACT_RELU, 0, 32},
    {"M256", 2, {128, 10, 0}, NNC_ACT_RELU, 0, 256},
    {"L", 3, {1024, 1024, 10}, NNC_ACT_RELU, 0, 256},
};

typedef struct {
  const Task *task;    /* the task as given, with --batch and --width applied */
  Task custom;
  const char *xpath, *ypath;
  double min_seconds;  /* timed training lasts at least this long (whole epochs) */
  int max_epochs;      /* and at most this many epochs */
  int threads;         /* nnc_set_threads */
  int64_t limit;       /* > 0: train on the first `limit` samples only */
  int bf16;            /* --policy mixed_bfloat16 */
} Args;

/* Allocation counts, kept by the allocator hook and read by the warm-up's on_batch. */
typedef struct {
  size_t calls;        /* realloc calls so far (new blocks and resizes) */
  size_t at_first;     /* calls at the end of the first step of the warm-up */
  size_t at_last;      /* ... and at the end of its latest step */
  int64_t steps;       /* warm-up steps seen */
} Allocs;

typedef struct {
  double t0, steps_s, last_loss;
  double min_seconds;
  int epochs;
} Clock;

static double now_s(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int usage(void) {
  fprintf(stderr, "usage: nnc_bench --task S|S1|M|M256|L --x FILE --y FILE [--min-seconds S]\n"
                  "                 [--max-epochs N] [--threads N] [--limit SAMPLES]\n"
                  "                 [--policy float32|mixed_bfloat16] [--batch N] [--width W]\n");
  return 2;
}

static const Task *find_task(const char *name) {
  for (size_t i = 0; i < sizeof tasks / sizeof tasks[0]; i++)
    if (strcmp(tasks[i].name, name) == 0)
      return &tasks[i];
  return NULL;
}

static int parse_args(int argc, char **argv, Args *a) {
  *a = (Args){.min_seconds = 3.0, .max_epochs = 1000000, .threads = 1};
  int64_t batch = 0, width = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const char *k = argv[i], *v = argv[i + 1];
    if (strcmp(k, "--task") == 0)
      a->task = find_task(v);
    else if (strcmp(k, "--x") == 0)
      a->xpath = v;
    else if (strcmp(k, "--y") == 0)
      a->ypath = v;
    else if (strcmp(k, "--min-seconds") == 0)
      a->min_seconds = atof(v);
    else if (strcmp(k, "--max-epochs") == 0)
      a->max_epochs = atoi(v);
    else if (strcmp(k, "--threads") == 0)
      a->threads = atoi(v);
    else if (strcmp(k, "--limit") == 0)
      a->limit = atoll(v);
    else if (strcmp(k, "--policy") == 0 && (!strcmp(v, "float32") || !strcmp(v, "mixed_bfloat16")))
      a->bf16 = v[0] == 'm';
    else if (strcmp(k, "--batch") == 0)
      batch = atoll(v);
    else if (strcmp(k, "--width") == 0)
      width = atoll(v);
    else
      return 0;
  }
  if (!a->task || batch < 0 || width < 0)
    return 0;
  a->custom = *a->task;
  if (batch)
    a->custom.batch = batch;
  for (int i = 0; width && i < a->custom.nlayers - 1; i++)
    a->custom.units[i] = width;
  a->task = &a->custom;
  return argc % 2 == 1 && a->xpath && a->ypath && a->max_epochs >= 1 && a->threads >= 1 &&
         a->limit >= 0;
}

static int is_idx(const char *path) {
  return strstr(path, "-ubyte") != NULL || strstr(path, ".idx") != NULL;
}

/* A [n, features] view of t: t itself when it is 2-D, else a flattened copy (t freed). */
static nnc_tensor *flatten(nnc_tensor *t) {
  if (!t || nnc_tensor_rank(t) <= 2)
    return t;
  int64_t n = nnc_tensor_dim(t, 0), shape[2] = {n, n ? nnc_tensor_numel(t) / n : 0};
  nnc_tensor *f = NULL;
  if (nnc_tensor_new(nnc_tensor_dtype(t), 2, shape, &f) == NNC_OK)
    memcpy(nnc_tensor_data(f), nnc_tensor_cdata(t), (size_t)nnc_tensor_numel(t) * sizeof(float));
  nnc_tensor_free(t);
  return f;
}

/* The first `limit` rows of t (t freed), or t when limit is 0 or not smaller. */
static nnc_tensor *head(nnc_tensor *t, int64_t limit) {
  if (!t || limit <= 0 || limit >= nnc_tensor_dim(t, 0))
    return t;
  int64_t shape[4];
  int rank = nnc_tensor_rank(t);
  for (int i = 0; i < rank; i++)
    shape[i] = i ? nnc_tensor_dim(t, i) : limit;
  nnc_tensor *h = NULL;
  if (nnc_tensor_new(nnc_tensor_dtype(t), rank, shape, &h) == NNC_OK)
    memcpy(nnc_tensor_data(h), nnc_tensor_cdata(t), (size_t)nnc_tensor_numel(h) * sizeof(float));
  nnc_tensor_free(t);
  return h;
}

static nnc_tensor *load(const char *path, int images, int64_t limit) {
  nnc_tensor *t = NULL;
  nnc_status s = is_idx(path)
                     ? nnc_tensor_load_idx(path, NNC_F32, images ? NNC_IDX_SCALE : 0, &t)
                     : nnc_tensor_load(path, NNC_F32, &t);
  if (s != NNC_OK) {
    fprintf(stderr, "nnc_bench: %s\n", nnc_last_error());
    return NULL;
  }
  t = head(images ? flatten(t) : t, limit);
  if (!t)
    fprintf(stderr, "nnc_bench: out of memory reshaping %s\n", path);
  return t;
}

static nnc_status build(nnc_model *m, const Task *t, int64_t features, int bf16) {
  nnc_status s = nnc_model_set_seed(m, 1);
  if (s == NNC_OK)
    s = nnc_model_add_input(m, features);
  for (int i = 0; i < t->nlayers && s == NNC_OK; i++) {
    int last = i == t->nlayers - 1;
    nnc_activation a = last ? (t->bce ? NNC_ACT_SIGMOID : NNC_ACT_LINEAR) : t->hidden;
    nnc_dense_options d = nnc_dense(t->units[i], a);
    s = nnc_model_add_dense(m, &d);
  }
  nnc_compile_options c = nnc_compile_defaults(t->bce ? NNC_LOSS_BINARY_CROSSENTROPY
                                                      : NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY);
  c.from_logits = !t->bce;
  c.optimizer = nnc_adam();
  c.optimizer.learning_rate = 1e-3;
  c.optimizer.epsilon = 1e-7;
  c.mixed_bfloat16 = bf16;
  if (s == NNC_OK)
    s = nnc_model_compile(m, &c);
  return s;
}

static int on_epoch(const nnc_epoch_log *log, void *user) {
  Clock *c = user;
  c->steps_s += log->seconds;
  c->last_loss = log->loss;
  c->epochs++;
  return now_s() - c->t0 >= c->min_seconds;
}

static void *count_realloc(void *user, void *ptr, size_t size) {
  ((Allocs *)user)->calls++;
  return realloc(ptr, size);
}

static void count_free(void *user, void *ptr) {
  (void)user;
  free(ptr);
}

static void on_batch(const nnc_batch_log *log, void *user) {
  Allocs *al = user;
  if (log->step == 1)
    al->at_first = al->calls;
  al->at_last = al->calls;
  al->steps = log->step;
}

static double allocs_per_step(const Allocs *al) {
  return al->steps > 1 ? (double)(al->at_last - al->at_first) / (double)(al->steps - 1) : NAN;
}

/* Resets the peak-RSS high-water mark (Linux); 0 when that is not possible. */
static int reset_peak_rss(void) {
  FILE *f = fopen("/proc/self/clear_refs", "w");
  if (!f)
    return 0;
  int ok = fputs("5", f) >= 0;
  return fclose(f) == 0 && ok;
}

static double peak_rss_mb(void) {
  struct rusage r;
  return getrusage(RUSAGE_SELF, &r) == 0 ? (double)r.ru_maxrss / 1024.0 : NAN;
}

/* The warm-up epoch, then whole timed epochs until min_seconds; fills c and *wall. */
static nnc_status train(nnc_model *m, const Args *a, nnc_tensor *x, nnc_tensor *y, Clock *c,
                        double *wall, double *warm_s, Allocs *al) {
  nnc_fit_options f = nnc_fit_defaults();
  f.batch_size = a->task->batch;
  f.shuffle = 1;
  f.verbose = 0;
  f.epochs = 1;
  f.on_batch = on_batch;  /* the warm-up only: the timed epochs run without it */
  f.user = al;
  double t = now_s();
  nnc_status s = nnc_model_fit(m, x, y, &f);
  *warm_s = now_s() - t;
  if (s != NNC_OK)
    return s;
  f.on_batch = NULL;
  f.epochs = a->max_epochs;
  f.on_epoch = on_epoch;
  f.user = c;
  c->min_seconds = a->min_seconds;
  c->t0 = now_s();
  s = nnc_model_fit(m, x, y, &f);
  *wall = now_s() - c->t0;
  return s;
}

/* The same step compiled again in this process (a new model): LLVM's one-time start-up,
 * which the first compile pays, is behind it. NAN on failure. */
static double compile_again(const Task *t, int64_t features, int bf16) {
  nnc_model *m = NULL;
  double ms = NAN;
  if (nnc_model_new(&m) == NNC_OK && build(m, t, features, bf16) == NNC_OK)
    ms = nnc_model_compile_ms(m);
  nnc_model_free(m);
  return ms;
}

static void report(const Args *a, nnc_model *m, int64_t n, const Clock *c, double wall,
                   double warm_s, int rss_reset, const Allocs *al, double again_ms) {
  const Task *t = a->task;
  char aps[32] = "null", again[32] = "null";
  if (!isnan(allocs_per_step(al)))
    snprintf(aps, sizeof aps, "%.6g", allocs_per_step(al));
  if (!isnan(again_ms))
    snprintf(again, sizeof again, "%.6g", again_ms);
  double samples = (double)n * c->epochs, steps = (double)((n + t->batch - 1) / t->batch) * c->epochs;
  printf("{\"side\": \"nnc\", \"task\": \"%s\", \"batch\": %lld, \"width\": %lld, "
         "\"threads\": %d, "
         "\"samples_per_s\": %.6g, \"seconds\": %.6g, "
         "\"steps_seconds\": %.6g, \"us_per_step\": %.6g, \"samples\": %.0f, \"epochs\": %d, "
         "\"compile_ms\": %.6g, \"compile_again_ms\": %s, \"warmup_epoch_s\": %.6g, "
         "\"final_loss\": %.6g, "
         "\"peak_rss_mb\": %.6g, \"rss_reset\": %s, \"params\": %lld, "
         "\"allocs_per_step\": %s}\n",
         t->name, (long long)t->batch, (long long)t->units[0], nnc_threads(), samples / wall, wall, c->steps_s,
         wall / steps * 1e6, samples, c->epochs, nnc_model_compile_ms(m), again, warm_s,
         c->last_loss,
         peak_rss_mb(), rss_reset ? "true" : "false", (long long)nnc_model_param_count(m), aps);
}

int main(int argc, char **argv) {
  nnc_init(NNC_INIT_PREFAULT_HEAP); /* as the nnc command runs */
  Args a;
  if (!parse_args(argc, argv, &a))
    return usage();
  Allocs al = {0, 0, 0, 0};
  nnc_set_allocator(&(nnc_allocator){count_realloc, count_free, &al});
  nnc_tensor *x = load(a.xpath, 1, a.limit), *y = load(a.ypath, 0, a.limit);
  nnc_model *m = NULL;
  int rc = 1;
  if (!x || !y || nnc_set_threads(a.threads) != NNC_OK || nnc_model_new(&m) != NNC_OK)
    goto done;
  int rss_reset = reset_peak_rss();
  Clock c = {0, 0, NAN, 0, 0};
  double wall = 0, warm_s = 0;
  if (build(m, a.task, nnc_tensor_dim(x, 1), a.bf16) != NNC_OK ||
      train(m, &a, x, y, &c, &wall, &warm_s, &al) != NNC_OK) {
    fprintf(stderr, "nnc_bench: task %s: %s\n", a.task->name, nnc_last_error());
    goto done;
  }
  double again_ms = compile_again(a.task, nnc_tensor_dim(x, 1), a.bf16);
  report(&a, m, nnc_tensor_dim(x, 0), &c, wall, warm_s, rss_reset, &al, again_ms);
  rc = 0;
done:
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  return rc;
}
