/* test_api_threads.c — one nnc_function called from many threads at once gives each call its
 * own right answer (each call has its own scratch); the checked call refuses short buffers;
 * the argument queries; freed graphs and functions are refused. scripts/test.sh runs this
 * file under ThreadSanitizer too. */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t */
#include <criterion/criterion.h>
#include <pthread.h>
#include <string.h>

#include "nnc.h"
#include "support.h"

enum { B = 96, K = 96, THREADS = 4, CALLS = 100 };

static pthread_barrier_t start; /* the threads' calls begin together */

/* loss = sum(tanh(x @ w) * sigmoid(x @ w)) and d loss / d w: intermediates live in the
 * function's scratch, so calls sharing one scratch would spoil each other's. */
static nnc_function *compile(void) {
  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  int64_t xs[2] = {B, K}, ws[2] = {K, K};
  nnc_value *x = nnc_input(g, "x", NNC_F64, 2, xs);
  nnc_value *w = nnc_param(g, "w", NNC_F64, 2, ws, NNC_INIT_GLOROT_UNIFORM);
  nnc_value *z = nnc_matmul(g, x, w);
  nnc_value *loss = nnc_sum(g, nnc_mul(g, nnc_tanh(g, z), nnc_sigmoid(g, z)), ~0u, 0);
  nnc_value *dw;
  cr_assert_eq(nnc_grad(g, loss, 1, &w, &dw), NNC_OK, "%s", nnc_last_error());
  nnc_function *f;
  cr_assert_eq(nnc_jit(g, 2, (nnc_value *[]){loss, dw}, &f), NNC_OK, "%s", nnc_last_error());
  nnc_graph_free(g);
  return f;
}

typedef struct {
  nnc_function *f;
  double x[B * K], w[K * K];
  double want_loss, want_dw[K * K];
  int wrong;
} Caller;

static void fill(Caller *c, uint64_t seed) {
  TestRng r = test_rng(seed);
  for (int i = 0; i < B * K; i++)
    c->x[i] = test_uniform(&r, -1, 1);
  for (int i = 0; i < K * K; i++)
    c->w[i] = test_uniform(&r, -0.5, 0.5);
  cr_assert_eq(nnc_function_call(c->f, (void *[]){c->x, c->w, &c->want_loss, c->want_dw}),
               NNC_OK);
}

static void *call_many(void *arg) {
  Caller *c = arg;
  pthread_barrier_wait(&start);
  for (int i = 0; i < CALLS; i++) {
    double loss, dw[K * K];
    size_t bytes[4] = {sizeof c->x, sizeof c->w, sizeof loss, sizeof dw};
    nnc_status s = i % 2 ? nnc_function_call(c->f, (void *[]){c->x, c->w, &loss, dw})
                         : nnc_function_call_checked(c->f, 4, (void *[]){c->x, c->w, &loss, dw},
                                                     bytes);
    c->wrong += s != NNC_OK || loss != c->want_loss || memcmp(dw, c->want_dw, sizeof dw) != 0;
  }
  return NULL;
}

Test(api_threads, one_function_from_many_threads) {
  nnc_function *f = compile();
  static Caller c[THREADS];
  for (int t = 0; t < THREADS; t++) {
    c[t].f = f;
    fill(&c[t], 100 + (uint64_t)t); /* each thread its own data and answer, found alone */
  }
  pthread_t th[THREADS];
  pthread_barrier_init(&start, NULL, THREADS);
  for (int t = 0; t < THREADS; t++)
    cr_assert_eq(pthread_create(&th[t], NULL, call_many, &c[t]), 0);
  for (int t = 0; t < THREADS; t++)
    pthread_join(th[t], NULL);
  pthread_barrier_destroy(&start);
  for (int t = 0; t < THREADS; t++)
    cr_expect_eq(c[t].wrong, 0, "thread %d: %d of %d calls gave another answer", t, c[t].wrong,
                 CALLS);
  nnc_function_free(f);
}

Test(api_threads, arguments_can_be_asked_their_name_dtype_and_shape) {
  nnc_function *f = compile();
  cr_assert_eq(nnc_function_arity(f), 4);
  cr_assert_eq(nnc_function_results(f), 2);
  cr_expect_str_eq(nnc_function_arg_name(f, 0), "x");
  cr_expect_str_eq(nnc_function_arg_name(f, 1), "w");
  cr_expect_str_eq(nnc_function_arg_name(f, 2), "output_0"); /* the results */
  cr_expect_str_eq(nnc_function_arg_name(f, 3), "output_1");
  nnc_dtype dt = NNC_I32;
  int rank = -1;
  int64_t shape[4] = {0};
  cr_assert_eq(nnc_function_arg_type(f, 0, &dt, &rank, shape), NNC_OK);
  cr_expect(dt == NNC_F64 && rank == 2 && shape[0] == B && shape[1] == K);
  cr_assert_eq(nnc_function_arg_type(f, 2, &dt, &rank, shape), NNC_OK);
  cr_expect(dt == NNC_F64 && rank == 0, "the loss is a scalar");
  cr_assert_eq(nnc_function_arg_type(f, 3, NULL, &rank, shape), NNC_OK);
  cr_expect(rank == 2 && shape[0] == K && shape[1] == K);
  cr_expect_eq(nnc_function_arg_type(f, 4, &dt, &rank, shape), NNC_ERR_ARG);
  cr_expect_str_eq(nnc_last_error(), "nnc_function_arg_type: argument 4 of a function of 4");
  cr_expect_null(nnc_function_arg_name(f, -1));
  cr_expect_eq(nnc_function_arg_numel(f, 3), K * K);
  nnc_function_free(f);
}

Test(api_threads, the_checked_call_refuses_a_short_buffer) {
  nnc_function *f = compile();
  static double x[B * K], w[K * K], dw[K * K];
  double loss = 0;
  void *args[4] = {x, w, &loss, dw};
  size_t bytes[4] = {sizeof x, sizeof w - 8, sizeof loss, sizeof dw};
  cr_expect_eq(nnc_function_call_checked(f, 4, args, bytes), NNC_ERR_ARG);
  cr_expect_str_eq(nnc_last_error(), "nnc_function_call_checked: argument 1 (w, 9216 f64) "
                                     "needs 73728 bytes; the buffer holds 73720");
  bytes[1] = sizeof w;
  cr_expect_eq(nnc_function_call_checked(f, 3, args, bytes), NNC_ERR_ARG);
  cr_expect_str_eq(nnc_last_error(), "nnc_function_call_checked: 3 arguments for a function of 4");
  args[3] = NULL;
  cr_expect_eq(nnc_function_call_checked(f, 4, args, bytes), NNC_ERR_ARG);
  cr_expect_str_eq(nnc_last_error(), "nnc_function_call_checked: argument 3 (output_1) is NULL");
  args[3] = dw;
  cr_expect_eq(nnc_function_call_checked(f, 4, args, NULL), NNC_ERR_ARG);
  cr_expect_eq(nnc_function_call_checked(f, 4, args, bytes), NNC_OK, "%s", nnc_last_error());
  nnc_function_free(f);
}

Test(api_threads, freed_graphs_and_functions_are_refused) {
  test_alloc_quarantine(true); /* freed blocks stay readable: the tags are what is checked */
  nnc_function *f = compile();
  nnc_function_free(f);
  double x[B * K], w[K * K], loss, dw[K * K];
  cr_expect_eq(nnc_function_call(f, (void *[]){x, w, &loss, dw}), NNC_ERR_ARG);
  cr_expect_str_eq(nnc_last_error(), "nnc_function_call: the function was freed");
  cr_expect_eq(nnc_function_arity(f), 0);
  nnc_function_free(f); /* a double free: refused */
  cr_expect_str_eq(nnc_last_error(), "nnc_function_free: the function was freed");

  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  nnc_graph_free(g);
  int64_t s[1] = {3};
  cr_expect_null(nnc_input(g, "x", NNC_F32, 1, s));
  cr_expect_str_eq(nnc_last_error(), "nnc_input: the graph was freed");
  cr_expect_eq(nnc_graph_status(g), NNC_ERR_ARG);
  nnc_graph_free(g);
  cr_expect_str_eq(nnc_last_error(), "nnc_graph_free: the graph was freed");
  /* a graph passed where a function is expected is no function */
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  cr_expect_eq(nnc_function_call((nnc_function *)g, (void *[]){x}), NNC_ERR_ARG);
  cr_expect_str_eq(nnc_last_error(),
                   "nnc_function_call: not a live function (freed, or another kind of pointer)");
  nnc_graph_free(g);
  test_alloc_quarantine(false);
}
