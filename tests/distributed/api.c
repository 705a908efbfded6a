/* api.c — the C API of data-parallel fit, as a program that mpirun starts (run.sh):
 *
 *   api plain|bn FROM TO LOAD SAVE
 *
 * joins the job through nnc_distributed_init with the caller's communicator, builds a small
 * model (bn: with BatchNormalization, whose moving statistics each rank computes from its
 * own rows), loads checkpoint LOAD ("-": none), fits epochs FROM to TO, saves checkpoint
 * SAVE and loads it back on every rank (a file rank 0 writes is whole before any rank reads
 * it). After the fit every rank's weights must be the same bits as rank 0's: ranks never
 * diverge; and the ranks must have shared the validation: together they evaluated each
 * epoch's validation samples once, no rank all of them (keras_eval_rows, fit.c's count).
 * Exit 0 when all of that holds; a failing rank ends the job. */
#include <mpi.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nnc.h"

enum { N = 203, F = 6, NVAL = 41 }; /* NVAL: N's last 20% (validation_split, below) */

extern int64_t keras_eval_rows; /* keras/fit.c's, tests only */

static void check(nnc_status s, const char *what) {
  if (s == NNC_OK)
    return;
  fprintf(stderr, "api: rank %d: %s: %s\n", nnc_distributed_rank(), what, nnc_last_error());
  nnc_distributed_abort(1);
  exit(1);
}

static void data(nnc_tensor **x, nnc_tensor **y) {
  int64_t xs[2] = {N, F}, ys[2] = {N, 1};
  check(nnc_tensor_new(NNC_F32, 2, xs, x), "x");
  check(nnc_tensor_new(NNC_F32, 2, ys, y), "y");
  float *xd = nnc_tensor_data(*x), *yd = nnc_tensor_data(*y);
  for (int i = 0; i < N * F; i++)
    xd[i] = (float)((i * 37 % 101) - 50) / 50.0f;
  for (int i = 0; i < N; i++)
    yd[i] = xd[i * F] - xd[i * F + 1] * xd[i * F + 2] > 0;
}

static nnc_model *model(bool bn) {
  nnc_model *m = NULL;
  check(nnc_model_new(&m), "new");
  nnc_model_set_seed(m, 3);
  check(nnc_model_add_input(m, F), "input");
  nnc_dense_options d = nnc_dense(16, NNC_ACT_RELU);
  check(nnc_model_add_dense(m, &d), "dense");
  if (bn)
    check(nnc_model_add_layer_config(m, "BatchNormalization", NULL), "batch norm");
  d = nnc_dense(1, NNC_ACT_SIGMOID);
  check(nnc_model_add_dense(m, &d), "dense");
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  check(nnc_model_compile(m, &c), "compile");
  return m;
}

/* FNV-1a over the bytes of every weight of the model, as this rank holds them. */
static unsigned long long weights_hash(nnc_model *m) {
  static const char *const names[] = {
      "dense/kernel", "dense/bias", "batch_normalization/gamma", "batch_normalization/beta",
      "batch_normalization/moving_mean", "batch_normalization/moving_variance",
      "dense_1/kernel", "dense_1/bias"};
  unsigned long long h = 1469598103934665603ull;
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    nnc_tensor *t = nnc_model_weight(m, names[i]);
    const unsigned char *b = t ? nnc_tensor_data(t) : NULL;
    for (int64_t k = 0; b && k < nnc_tensor_numel(t) * 4; k++)
      h = (h ^ b[k]) * 1099511628211ull;
  }
  return h;
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm world = MPI_COMM_WORLD;
  if (argc != 6) {
    fprintf(stderr, "usage: api plain|bn FROM TO LOAD SAVE\n");
    return 2;
  }
  check(nnc_distributed_init(&world), "nnc_distributed_init");
  int rank, size;
  MPI_Comm_rank(world, &rank);
  MPI_Comm_size(world, &size);
  if (rank != nnc_distributed_rank() || size != nnc_distributed_size()) {
    fprintf(stderr, "api: rank %d of %d, but nnc says %d of %d\n", rank, size,
            nnc_distributed_rank(), nnc_distributed_size());
    nnc_distributed_abort(1);
  }
  nnc_tensor *x, *y;
  data(&x, &y);
  nnc_model *m = model(strcmp(argv[1], "bn") == 0);
  if (strcmp(argv[4], "-") != 0)
    check(nnc_model_load_checkpoint(m, argv[4]), "load");
  nnc_fit_options f = nnc_fit_defaults();
  f.initial_epoch = atoi(argv[2]), f.epochs = atoi(argv[3]);
  f.batch_size = 16, f.verbose = 0, f.validation_split = 0.2;
  f.early_stopping = nnc_early_stopping_defaults();
  f.early_stopping.patience = 2;
  check(nnc_model_fit(m, x, y, &f), "fit");
  int64_t rows = keras_eval_rows, epochs = nnc_model_epoch(m) - f.initial_epoch, total = 0;
  MPI_Allreduce(&rows, &total, 1, MPI_INT64_T, MPI_SUM, world);
  if (total != epochs * NVAL || (size > 1 && rows >= total)) {
    fprintf(stderr, "api: rank %d evaluated %lld validation samples of %lld in all, over %lld "
            "epochs of %d: not a share\n", rank, (long long)rows, (long long)total,
            (long long)epochs, NVAL);
    nnc_distributed_abort(1);
  }
  unsigned long long h = weights_hash(m), *all = calloc((size_t)size, sizeof *all);
  MPI_Allgather(&h, 1, MPI_UNSIGNED_LONG_LONG, all, 1, MPI_UNSIGNED_LONG_LONG, world);
  int bad = 0;
  for (int r = 0; r < size; r++)
    if (all[r] != all[0]) {
      fprintf(stderr, "api: rank %d's weights differ from rank 0's\n", r);
      bad = 1;
    }
  check(nnc_model_save_checkpoint(m, argv[5]), "save");
  check(nnc_model_load_checkpoint(m, argv[5]), "load back"); /* whole on every rank */
  if (rank == 0 && !bad)
    printf("api: %d ranks hold the same weights after epoch %d\n", size, nnc_model_epoch(m));
  free(all);
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_distributed_finalize();
  MPI_Finalize();
  return bad;
}
