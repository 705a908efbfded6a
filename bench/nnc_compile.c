/* nnc_compile.c — one compile of a benchmark task's training step in a fresh process
 * (bench/compile.sh runs it): builds the model as nnc_bench.c does (Adam, batch 32) and
 * prints nnc_model_compile_ms, the time from nothing to a callable step (LLVM's start-up,
 * the graph, the passes, code generation or the compile cache's load) as one JSON line.
 *
 * Usage: nnc_compile [--task S|M|L] [--no-cache]   (the cache is $NNC_CACHE's, as nnc's)
 */
#include <stdio.h>
#include <string.h>

#include <nnc.h>

typedef struct {
  const char *name;
  int nlayers;
  int64_t units[3];
  nnc_activation hidden;
  int bce;
} Task;

static const Task tasks[] = {
    {"S", 3, {25, 15, 1}, NNC_ACT_SIGMOID, 1},
    {"M", 2, {128, 10, 0}, NNC_ACT_RELU, 0},
    {"L", 3, {1024, 1024, 10}, NNC_ACT_RELU, 0},
};

static nnc_status build(nnc_model *m, const Task *t) {
  nnc_status s = nnc_model_set_seed(m, 1);
  if (s == NNC_OK)
    s = nnc_model_add_input(m, 784);
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
  if (s == NNC_OK)
    s = nnc_model_compile(m, &c);
  return s;
}

int main(int argc, char **argv) {
  const Task *t = &tasks[0];
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--no-cache") == 0) {
      nnc_set_compile_cache(0, NULL);
    } else if (strcmp(argv[i], "--task") == 0 && i + 1 < argc) {
      t = NULL;
      for (size_t k = 0; k < sizeof tasks / sizeof *tasks; k++)
        if (strcmp(argv[i + 1], tasks[k].name) == 0)
          t = &tasks[k];
      i++;
      if (!t)
        break;
    } else {
      t = NULL;
      break;
    }
  }
  if (!t) {
    fprintf(stderr, "usage: nnc_compile [--task S|M|L] [--no-cache]\n");
    return 2;
  }
  nnc_model *m = NULL;
  nnc_status s = nnc_model_new(&m);
  if (s == NNC_OK)
    s = build(m, t);
  if (s != NNC_OK) {
    fprintf(stderr, "nnc_compile: task %s: %s\n", t->name, nnc_last_error());
    nnc_model_free(m);
    return 1;
  }
  printf("{\"task\": \"%s\", \"compile_ms\": %.6g}\n", t->name, nnc_model_compile_ms(m));
  nnc_model_free(m);
  return 0;
}
