/* distributed.c — the process's place in a data-parallel job (nnc_distributed_init) and the
 * few collectives fit needs, over MPI when nnc is built with it (NNC_HAVE_MPI).
 *
 * nnc.h stays free of mpi.h: the caller's communicator comes in as a pointer to an MPI_Comm,
 * which is duplicated, so nnc's messages never match the caller's. Outside a job (or in a
 * build without MPI) the size is 1 and every collective is a no-op, so fit.c calls them
 * unconditionally. Every collective here is called by every rank at the same point of the
 * same fit; a rank that fails between two of them must end the job (nnc_distributed_abort,
 * as the nnc command does), or the others wait for it.
 *
 * Rank 0 alone writes files: the other ranks set formats' fmt_out_discard, and each commit
 * agrees with rank 0's (fmt_out_agree), so no rank reads a file before it is whole.
 */
#include <string.h>

#include "keras.h"

#ifdef NNC_HAVE_MPI
#include <mpi.h>

static MPI_Comm comm = MPI_COMM_NULL; /* nnc's duplicate of the caller's */
static bool we_initialized;           /* MPI_Init was ours: finalize is too */
#endif
static int rank_ = 0, size_ = 1;

int keras_dist_rank(void) {
  return rank_;
}

int keras_dist_size(void) {
  return size_;
}

int nnc_distributed_rank(void) {
  return rank_;
}

int nnc_distributed_size(void) {
  return size_;
}

#ifdef NNC_HAVE_MPI

static int agree(int failed) {
  MPI_Bcast(&failed, 1, MPI_INT, 0, comm);
  return failed;
}

nnc_status nnc_distributed_init(const void *user_comm) {
  int inited = 0, provided;
  if (comm != MPI_COMM_NULL)
    return base_error(NNC_ERR_ARG, "nnc_distributed_init: called twice");
  MPI_Initialized(&inited);
  if (!inited) {
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
      return base_error(NNC_ERR_IO, "nnc_distributed_init: MPI_Init_thread failed");
    we_initialized = true;
  }
  MPI_Comm from = user_comm ? *(const MPI_Comm *)user_comm : MPI_COMM_WORLD;
  if (MPI_Comm_dup(from, &comm) != MPI_SUCCESS)
    return base_error(NNC_ERR_ARG, "nnc_distributed_init: cannot duplicate the communicator");
  MPI_Comm_rank(comm, &rank_);
  MPI_Comm_size(comm, &size_);
  fmt_out_discard = rank_ != 0;
  fmt_out_agree = size_ > 1 ? agree : NULL;
  return NNC_OK;
}

void nnc_distributed_abort(int code) {
  if (comm != MPI_COMM_NULL)
    MPI_Abort(comm, code);
}

void nnc_distributed_finalize(void) {
  int done = 0;
  if (comm != MPI_COMM_NULL)
    MPI_Comm_free(&comm);
  fmt_out_discard = false;
  fmt_out_agree = NULL;
  rank_ = 0;
  size_ = 1;
  MPI_Finalized(&done);
  if (we_initialized && !done)
    MPI_Finalize();
  we_initialized = false;
}

static MPI_Datatype mpi_type(nnc_dtype dt) {
  return dt == NNC_F64 ? MPI_DOUBLE : dt == NNC_F32 ? MPI_FLOAT : MPI_INT;
}

void keras_dist_sum(void *x, int64_t n, nnc_dtype dt) {
  for (int64_t at = 0; size_ > 1 && at < n; at += INT32_MAX) { /* MPI counts are int */
    int k = (int)(n - at < INT32_MAX ? n - at : INT32_MAX);
    MPI_Allreduce(MPI_IN_PLACE, (char *)x + (size_t)at * rt_dtype_size(dt), k, mpi_type(dt),
                  MPI_SUM, comm);
  }
}

void keras_dist_bcast(void *p, size_t bytes) {
  for (size_t at = 0; size_ > 1 && at < bytes; at += INT32_MAX) {
    int k = (int)(bytes - at < INT32_MAX ? bytes - at : INT32_MAX);
    MPI_Bcast((char *)p + at, k, MPI_BYTE, 0, comm);
  }
}

#else /* built without MPI: a job of one process */

nnc_status nnc_distributed_init(const void *user_comm) {
  (void)user_comm;
  return base_error(NNC_ERR_ARG, "nnc_distributed_init: this nnc was built without MPI; "
                    "install libopenmpi-dev and build it again (docs/distributed.md)");
}

void nnc_distributed_abort(int code) {
  (void)code;
}

void nnc_distributed_finalize(void) {
}

void keras_dist_sum(void *x, int64_t n, nnc_dtype dt) {
  (void)x, (void)n, (void)dt;
}

void keras_dist_bcast(void *p, size_t bytes) {
  (void)p, (void)bytes;
}

#endif
