/* test_misuse.c — the misuse table of docs/c-api.md: each row is a mistake an embedder can
 * make with the C API and the status it gets back instead of a crash or corruption. Freed
 * handles are read under the test allocator's quarantine (the memory stays mapped, so the
 * tag is what decides); a model busy on another thread is held by a helper thread that
 * takes its lock as a call would. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <string.h>

#include "keras.h"
#include "support.h"

/* ---- a model held by another thread, as if in a long fit ---- */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int phase; /* 1: held, 2: let go */

static void *hold(void *arg) {
  nnc_model *m = arg;
  cr_assert_eq(keras_enter(m, "holder"), NNC_OK);
  pthread_mutex_lock(&mu);
  phase = 1;
  pthread_cond_broadcast(&cv);
  while (phase != 2)
    pthread_cond_wait(&cv, &mu);
  pthread_mutex_unlock(&mu);
  keras_leave(&m);
  return NULL;
}

static pthread_t holder;
static void hold_model(nnc_model *m) {
  phase = 0;
  cr_assert_eq(pthread_create(&holder, NULL, hold, m), 0);
  pthread_mutex_lock(&mu);
  while (phase != 1)
    pthread_cond_wait(&cv, &mu);
  pthread_mutex_unlock(&mu);
}

static void let_go(void) {
  pthread_mutex_lock(&mu);
  phase = 2;
  pthread_cond_broadcast(&cv);
  pthread_mutex_unlock(&mu);
  pthread_join(holder, NULL);
}

static nnc_model *small_model(void) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 2), NNC_OK);
  nnc_dense_options d = nnc_dense(1, NNC_ACT_LINEAR);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  return m;
}

static nnc_tensor *tensor(int64_t rows, int64_t cols) {
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, (int64_t[]){rows, cols}, &t), NNC_OK);
  return t;
}

/* f(x) = sum(x * x), x f64[3]: arguments x, then the result. */
static nnc_function *small_function(void) {
  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  nnc_value *x = nnc_input(g, "x", NNC_F64, 1, (int64_t[]){3});
  nnc_value *f = nnc_sum(g, nnc_mul(g, x, x), ~0u, 0);
  nnc_function *fn;
  cr_assert_eq(nnc_jit(g, 1, &f, &fn), NNC_OK, "%s", nnc_last_error());
  nnc_graph_free(g);
  return fn;
}

/* ---- the rows ---- */
static nnc_status fit_while_another_thread_fits(void) {
  nnc_model *m = small_model();
  nnc_tensor *x = tensor(4, 2), *y = tensor(4, 1);
  hold_model(m);
  nnc_status s = nnc_model_fit(m, x, y, NULL);
  let_go();
  nnc_model_free(m), nnc_tensor_free(x), nnc_tensor_free(y);
  return s;
}

static nnc_status predict_while_another_thread_fits(void) {
  nnc_model *m = small_model();
  nnc_tensor *x = tensor(4, 2), *p = NULL;
  hold_model(m);
  nnc_status s = nnc_model_predict(m, x, 32, &p);
  let_go();
  nnc_model_free(m), nnc_tensor_free(x);
  return s;
}

static nnc_status save_while_another_thread_fits(void) {
  nnc_model *m = small_model();
  hold_model(m);
  nnc_status s = nnc_model_save_weights(m, test_path("w.safetensors"));
  let_go();
  nnc_model_free(m);
  return s;
}

static nnc_status free_while_another_thread_fits(void) {
  nnc_model *m = small_model();
  hold_model(m);
  nnc_model_free(m); /* void: refused, the reason in nnc_last_error */
  nnc_status s = strstr(nnc_last_error(), "in use by another thread") ? NNC_ERR_BUSY : NNC_OK;
  let_go();
  nnc_model_free(m);
  return s;
}

static nnc_status use_a_freed_model(void) {
  nnc_model *m = small_model();
  nnc_model_free(m);
  return nnc_model_set_learning_rate(m, 0.1);
}

static nnc_status free_a_model_twice(void) {
  nnc_model *m = small_model();
  nnc_model_free(m);
  nnc_model_free(m);
  return strstr(nnc_last_error(), "nnc_model_free: the model was freed") ? NNC_ERR_ARG : NNC_OK;
}

static nnc_status call_a_freed_function(void) {
  nnc_function *f = small_function();
  nnc_function_free(f);
  double x[3], r;
  return nnc_function_call(f, (void *[]){x, &r});
}

static nnc_status free_a_function_twice(void) {
  nnc_function *f = small_function();
  nnc_function_free(f);
  nnc_function_free(f);
  return strstr(nnc_last_error(), "the function was freed") ? NNC_ERR_ARG : NNC_OK;
}

static nnc_status build_on_a_freed_graph(void) {
  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  nnc_graph_free(g);
  return nnc_scalar(g, NNC_F32, 1) == NULL ? nnc_graph_status(g) : NNC_OK;
}

static nnc_status free_a_tensor_twice(void) {
  nnc_tensor *t = tensor(2, 2);
  nnc_tensor_free(t);
  nnc_tensor_free(t);
  return strstr(nnc_last_error(), "nnc_tensor_free: the tensor was freed") ? NNC_ERR_ARG : NNC_OK;
}

static nnc_status save_a_freed_tensor(void) {
  nnc_tensor *t = tensor(2, 2);
  nnc_tensor_free(t);
  return nnc_tensor_save(t, test_path("t.npy"));
}

static nnc_status a_graph_passed_as_a_function(void) {
  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  double x[3], r;
  nnc_status s = nnc_function_call((nnc_function *)g, (void *[]){x, &r});
  nnc_graph_free(g);
  return s;
}

static nnc_status a_short_buffer(void) {
  nnc_function *f = small_function();
  double x[2], r; /* x needs 3 */
  nnc_status s = nnc_function_call_checked(f, 2, (void *[]){x, &r},
                                           (size_t[]){sizeof x, sizeof r});
  nnc_function_free(f);
  return s;
}

static nnc_status too_few_arguments(void) {
  nnc_function *f = small_function();
  double x[3];
  nnc_status s = nnc_function_call_checked(f, 1, (void *[]){x}, (size_t[]){sizeof x});
  nnc_function_free(f);
  return s;
}

static nnc_status fit_before_compile(void) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  nnc_tensor *x = tensor(4, 2), *y = tensor(4, 1);
  nnc_status s = nnc_model_fit(m, x, y, NULL);
  nnc_model_free(m), nnc_tensor_free(x), nnc_tensor_free(y);
  return s;
}

static nnc_status fit_on_data_of_the_wrong_width(void) {
  nnc_model *m = small_model();
  nnc_tensor *x = tensor(4, 3), *y = tensor(4, 1);
  nnc_status s = nnc_model_fit(m, x, y, NULL);
  nnc_model_free(m), nnc_tensor_free(x), nnc_tensor_free(y);
  return s;
}

static nnc_status fit_options_not_from_their_defaults(void) {
  nnc_model *m = small_model();
  nnc_tensor *x = tensor(4, 2), *y = tensor(4, 1);
  nnc_fit_options f = {.epochs = 1, .batch_size = 2};
  nnc_status s = nnc_model_fit(m, x, y, &f);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
  return s;
}

static nnc_status free_a_context_its_model_outlives(void) {
  nnc_context *c;
  nnc_model *m;
  cr_assert_eq(nnc_context_new(&c), NNC_OK);
  cr_assert_eq(nnc_model_new_in(c, &m), NNC_OK);
  nnc_context_free(c); /* void: refused, the reason in nnc_last_error */
  nnc_status s = strstr(nnc_last_error(), "are not freed") ? NNC_ERR_BUSY : NNC_OK;
  nnc_model_free(m);
  nnc_context_free(c);
  return s;
}

static nnc_status free_a_context_its_graph_outlives(void) {
  nnc_context *c;
  nnc_graph *g;
  cr_assert_eq(nnc_context_new(&c), NNC_OK);
  cr_assert_eq(nnc_graph_new_in(c, &g), NNC_OK);
  nnc_context_free(c); /* void: refused, the reason in nnc_last_error */
  nnc_status s = strstr(nnc_last_error(), "are not freed") ? NNC_ERR_BUSY : NNC_OK;
  char why[256];
  snprintf(why, sizeof why, "%s", nnc_last_error());
  nnc_graph_free(g);
  nnc_context_free(c);
  base_error(NNC_ERR_BUSY, "%s", why); /* the refusal's message, for the table */
  return s;
}

static void *no_realloc(void *user, void *p, size_t n) {
  (void)user, (void)p, (void)n;
  return NULL;
}

static nnc_status context_with_half_an_allocator(void) {
  nnc_context_options o = nnc_context_defaults();
  o.allocator.realloc = no_realloc;
  nnc_context *c;
  return nnc_context_new_with(&o, &c);
}

static nnc_status model_in_a_freed_context(void) {
  nnc_context *c;
  nnc_model *m;
  cr_assert_eq(nnc_context_new(&c), NNC_OK);
  nnc_context_free(c);
  return nnc_model_new_in(c, &m);
}

static nnc_status load_in_a_freed_context(void) {
  nnc_context *c;
  nnc_tensor *t;
  cr_assert_eq(nnc_context_new(&c), NNC_OK);
  nnc_context_free(c);
  return nnc_tensor_load_in(c, test_path("t.npy"), NNC_F32, &t);
}

static nnc_status graph_of_a_model_not_compiled(void) {
  nnc_model *m;
  nnc_graph *g;
  nnc_value *x, *pred;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  nnc_status s = nnc_model_graph(m, 4, &g, &x, &pred);
  nnc_model_free(m);
  return s;
}

/* nnc_model_cancel returns an int (it writes no message: it must be async-signal-safe). */
static nnc_status cancel_a_freed_model(void) {
  nnc_model *m = small_model();
  nnc_model_free(m);
  return nnc_model_cancel(m) == -1 ? NNC_ERR_ARG : NNC_OK;
}

static nnc_status a_null_model(void) {
  return nnc_model_compile(NULL, NULL);
}

static nnc_status an_unknown_init_flag(void) {
  return nnc_init(1u << 20);
}

typedef struct {
  const char *misuse;
  nnc_status (*row)(void);
  nnc_status want;
  const char *message; /* in nnc_last_error after the row */
} Row;

/* docs/c-api.md pastes this table. */
static const Row rows[] = {
    {"nnc_model_fit while another thread fits the model", fit_while_another_thread_fits,
     NNC_ERR_BUSY, "nnc_model_fit: the model is in use by another thread"},
    {"nnc_model_predict while another thread fits", predict_while_another_thread_fits,
     NNC_ERR_BUSY, "nnc_model_predict: the model is in use by another thread"},
    {"nnc_model_save_weights while another thread fits", save_while_another_thread_fits,
     NNC_ERR_BUSY, "in use by another thread"},
    {"nnc_model_free while another thread fits", free_while_another_thread_fits, NNC_ERR_BUSY,
     ""},
    {"a call on a freed model", use_a_freed_model, NNC_ERR_ARG,
     "nnc_model_set_learning_rate: the model was freed"},
    {"nnc_model_free twice", free_a_model_twice, NNC_ERR_ARG, "the model was freed"},
    {"nnc_function_call on a freed function", call_a_freed_function, NNC_ERR_ARG,
     "nnc_function_call: the function was freed"},
    {"nnc_function_free twice", free_a_function_twice, NNC_ERR_ARG, "the function was freed"},
    {"a builder on a freed graph", build_on_a_freed_graph, NNC_ERR_ARG,
     "the graph was freed"},
    {"nnc_tensor_free twice", free_a_tensor_twice, NNC_ERR_ARG, "the tensor was freed"},
    {"nnc_tensor_save of a freed tensor", save_a_freed_tensor, NNC_ERR_ARG,
     "nnc_tensor_save: the tensor was freed"},
    {"a graph passed as a function", a_graph_passed_as_a_function, NNC_ERR_ARG,
     "not a live function"},
    {"nnc_function_call_checked with a short buffer", a_short_buffer, NNC_ERR_ARG,
     "argument 0 (x, 3 f64) needs 24 bytes; the buffer holds 16"},
    {"nnc_function_call_checked with too few arguments", too_few_arguments, NNC_ERR_ARG,
     "1 arguments for a function of 2"},
    {"nnc_model_fit before nnc_model_compile", fit_before_compile, NNC_ERR_ARG, "compile"},
    {"nnc_model_fit on x of the wrong width", fit_on_data_of_the_wrong_width, NNC_ERR_SHAPE, ""},
    {"nnc_model_fit with options not from nnc_fit_defaults()", fit_options_not_from_their_defaults,
     NNC_ERR_ARG, "nnc_fit_options.struct_size is 0"},
    {"nnc_context_free while a model made in it lives", free_a_context_its_model_outlives,
     NNC_ERR_BUSY, ""},
    {"nnc_context_free while a graph made in it lives", free_a_context_its_graph_outlives,
     NNC_ERR_BUSY, "blocks allocated in the context"},
    {"nnc_context_new_with with only one of allocator.realloc and allocator.free",
     context_with_half_an_allocator, NNC_ERR_ARG, "must be set together"},
    {"nnc_model_new_in with a freed context", model_in_a_freed_context, NNC_ERR_ARG,
     "nnc_model_new_in: the context was freed"},
    {"nnc_tensor_load_in with a freed context", load_in_a_freed_context, NNC_ERR_ARG,
     "nnc_tensor_load_in: the context was freed"},
    {"nnc_model_graph before nnc_model_compile", graph_of_a_model_not_compiled, NNC_ERR_ARG,
     "nnc_model_graph: the model needs nnc_model_compile"},
    {"nnc_model_cancel on a freed model", cancel_a_freed_model, NNC_ERR_ARG, ""},
    {"a NULL model", a_null_model, NNC_ERR_ARG, "nnc_model_compile: the model is NULL"},
    {"nnc_init with an unknown flag", an_unknown_init_flag, NNC_ERR_ARG, "unknown flags"},
};

Test(misuse, every_row_returns_its_status) {
  test_alloc_quarantine(true);
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    nnc_status got = rows[i].row();
    const char *msg = nnc_last_error();
    cr_expect_eq(got, rows[i].want, "%s: %s, want %s (%s)", rows[i].misuse,
                 nnc_status_name(got), nnc_status_name(rows[i].want), msg);
    cr_expect(strstr(msg, rows[i].message), "%s: message '%s' lacks '%s'", rows[i].misuse, msg,
              rows[i].message);
  }
  test_alloc_quarantine(false);
}

/* docs/c-api.md's "Misuse" table has a row for each row here, its backticks aside. */
Test(misuse, docs_paste_every_row) {
  FILE *f = fopen(NNC_TEST_DATA "/../docs/c-api.md", "r");
  cr_assert_not_null(f);
  static char doc[1 << 17];
  size_t n = 0;
  for (int c; (c = fgetc(f)) != EOF && n < sizeof doc - 1;)
    if (c != '`')
      doc[n++] = (char)c;
  doc[n] = 0;
  fclose(f);
  const char *table = strstr(doc, "## Misuse and what it returns");
  cr_assert_not_null(table);
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    char row[256];
    snprintf(row, sizeof row, "\n| %s | ", rows[i].misuse);
    cr_expect(strstr(table, row), "docs/c-api.md lacks the row '%s'", rows[i].misuse);
  }
}
