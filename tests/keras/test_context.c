/* test_context.c — nnc_context (base/context.c): a model made in a context sends its
 * messages to the context's log function while other models keep the process's; a context
 * outlives its models; the default context is today's behaviour. The thread count is
 * checked in tests/runtime/test_threads.c. */
#include <criterion/criterion.h>
#include <string.h>

#include "nnc.h"
#include "support.h"

enum { N = 32, F = 3 };

typedef struct {
  int lines;
  char first[256];
} Lines;

static void keep(nnc_log_level level, const char *line, void *user) {
  Lines *l = user;
  (void)level;
  if (l->lines++ == 0)
    snprintf(l->first, sizeof l->first, "%s", line);
}

static nnc_status fit_verbosely(nnc_model *m) {
  nnc_tensor *x, *y;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, (int64_t[]){N, F}, &x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, (int64_t[]){N, 1}, &y), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, F), NNC_OK);
  nnc_dense_options d = nnc_dense(1, NNC_ACT_SIGMOID);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 2, f.verbose = 2;
  nnc_status s = nnc_model_fit(m, x, y, &f);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  return s;
}

Test(context, a_models_messages_go_to_its_contexts_log) {
  Lines process = {0}, mine = {0};
  nnc_set_log(keep, &process);
  nnc_context *c;
  cr_assert_eq(nnc_context_new(&c), NNC_OK);
  cr_assert_eq(nnc_context_set_log(c, keep, &mine), NNC_OK);
  nnc_model *in_c, *plain;
  cr_assert_eq(nnc_model_new_in(c, &in_c), NNC_OK);
  cr_assert_eq(nnc_model_new(&plain), NNC_OK);
  cr_assert_eq(fit_verbosely(in_c), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(mine.lines, 2, "one line per epoch to the context's log");
  cr_assert(strstr(mine.first, "Epoch 1/2"), "%s", mine.first);
  cr_assert_eq(process.lines, 0, "nothing to the process's log");
  cr_assert_eq(fit_verbosely(plain), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(process.lines, 2, "the default context: the process's log");
  cr_assert_eq(mine.lines, 2);
  nnc_set_log(NULL, NULL);
  nnc_model_free(plain);
  nnc_model_free(in_c);
  nnc_context_free(c);
}

Test(context, outlives_its_models) {
  test_alloc_quarantine(true); /* a freed context stays mapped: its tag decides */
  nnc_context *c;
  cr_assert_eq(nnc_context_new(&c), NNC_OK);
  nnc_model *m;
  cr_assert_eq(nnc_model_new_in(c, &m), NNC_OK);
  nnc_context_free(c);
  cr_assert(strstr(nnc_last_error(), "1 models made in the context are not freed"), "%s",
            nnc_last_error());
  TEST_EXPECT(nnc_context_set_threads(c, 2), NNC_OK, "");
  TEST_EXPECT(nnc_context_set_threads(c, -1), NNC_ERR_ARG, "want 1 to 1024, or 0");
  nnc_model_free(m);
  nnc_context_free(c);
  TEST_EXPECT(nnc_context_set_threads(c, 2), NNC_ERR_ARG, "the context was freed");
  TEST_EXPECT(nnc_model_new_in(c, &m), NNC_ERR_ARG, "nnc_model_new_in: the context was freed");
  cr_assert_null(m);
  test_alloc_quarantine(false);
}
