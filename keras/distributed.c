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

/* The sums keras_dist_isum queued, which the communication thread works through in order
 * (MPI_Allreduce each, blocking it alone) while the caller's thread computes. Open MPI moves
 * a nonblocking collective only inside its calls, so MPI_Iallreduce from the computing thread
 * would wait for its next call; a thread of its own moves it now. MPI is then called from two
 * threads, never at once (MPI_THREAD_SERIALIZED): the caller's makes no MPI call between its
 * first keras_dist_isum and keras_dist_wait. */
typedef struct {
  void *x;
  int64_t n;
  nnc_dtype dt;
} Sum;
static struct {
  pthread_t thread;
  bool running, stop;          /* the thread is started; asked to end */
  pthread_mutex_t mu;
  pthread_cond_t cv;           /* signalled when a sum is queued or done, and at stop */
  Sum *q;                      /* [cap] (owned): the queue; done: [0, done), queued: [0, n) */
  int n, done, cap;
} qs = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
static bool serialized;         /* the MPI gives MPI_THREAD_SERIALIZED or more */

static void *sum_thread(void *arg) {
  (void)arg;
  pthread_mutex_lock(&qs.mu);
  while (!qs.stop) {
    if (qs.done == qs.n) {
      pthread_cond_wait(&qs.cv, &qs.mu);
      continue;
    }
    Sum s = qs.q[qs.done];
    pthread_mutex_unlock(&qs.mu);
    keras_dist_sum(s.x, s.n, s.dt);
    pthread_mutex_lock(&qs.mu);
    qs.done++;
    pthread_cond_broadcast(&qs.cv);
  }
  pthread_mutex_unlock(&qs.mu);
  return NULL;
}

bool keras_dist_async(void) {
  if (size_ > 1 && serialized && !qs.running)
    qs.running = base_thread_start(&qs.thread, sum_thread, NULL) == 0;
  return qs.running;
}

/* Queues a sum for the thread; false when there is no room (nothing queued). */
static bool queue(void *x, int64_t n, nnc_dtype dt) {
  if (qs.n == qs.cap) {
    int cap = qs.cap ? 2 * qs.cap : 16;
    Sum *p = base_realloc(qs.q, (size_t)cap * sizeof *p);
    if (!p)
      return false;
    qs.q = p, qs.cap = cap;
  }
  qs.q[qs.n++] = (Sum){x, n, dt};
  pthread_cond_broadcast(&qs.cv);
  return true;
}

void keras_dist_isum(void *x, int64_t n, nnc_dtype dt) {
  if (size_ < 2)
    return;
  pthread_mutex_lock(&qs.mu);
  bool queued = qs.running && queue(x, n, dt);
  pthread_mutex_unlock(&qs.mu);
  if (!queued) { /* no thread, or no memory: after what is queued, here */
    keras_dist_wait();
    keras_dist_sum(x, n, dt);
  }
}

void keras_dist_wait(void) {
  pthread_mutex_lock(&qs.mu);
  while (qs.done < qs.n)
    pthread_cond_wait(&qs.cv, &qs.mu);
  qs.n = qs.done = 0;
  pthread_mutex_unlock(&qs.mu);
}

/* Ends the thread (its queue is empty: every step waits for its sums). */
static void stop_thread(void) {
  if (!qs.running)
    return;
  pthread_mutex_lock(&qs.mu);
  qs.stop = true;
  pthread_cond_broadcast(&qs.cv);
  pthread_mutex_unlock(&qs.mu);
  pthread_join(qs.thread, NULL);
  base_free(qs.q);
  qs.q = NULL, qs.n = qs.done = qs.cap = 0;
  qs.running = qs.stop = false;
}

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
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS)
      return base_error(NNC_ERR_IO, "nnc_distributed_init: MPI_Init_thread failed");
    we_initialized = true;
  }
  MPI_Query_thread(&provided);
  serialized = provided >= MPI_THREAD_SERIALIZED; /* else no overlap: data_parallel.c */
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
  stop_thread();
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

void keras_dist_isum(void *x, int64_t n, nnc_dtype dt) {
  (void)x, (void)n, (void)dt;
}

bool keras_dist_async(void) {
  return false;
}

void keras_dist_wait(void) {
}

void keras_dist_bcast(void *p, size_t bytes) {
  (void)p, (void)bytes;
}

#endif
