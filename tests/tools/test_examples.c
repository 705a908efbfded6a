/* test_examples.c — every model file of examples/ runs and learns. They read data/ (made by
 * scripts/fetch-data.sh); a test whose data is missing is skipped. To stay within seconds,
 * fashion.nn trains here on the first 12,000 of its 60,000 images (-D) and must pass 80%;
 * scripts/examples.sh runs every example in full against the numbers they are known for
 * (digits >= 99%, Fashion-MNIST >= 85%, diabetes R^2 > 0). */
#include "cli_run.h"

#include <math.h>

#include "nnc.h"

TestSuite(tools, .init = cli_setup, .fini = cli_teardown);

static char root[512];

/* The repository's top directory, when the data files there exist; else the test skips. */
static const char *with_data(const char *const *files, int n) {
  snprintf(root, sizeof root, "%s/..", NNC_TEST_DATA);
  for (int i = 0; i < n; i++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/data/%s", root, files[i]);
    if (access(path, R_OK) != 0)
      cr_skip_test("%s is missing: run scripts/fetch-data.sh", path);
  }
  return root;
}

/* The number after `label` on stdout. */
static double number_after(const CliRun *r, const char *label) {
  const char *p = strstr(r->out, label);
  cr_assert(p, "no '%s' in:\n%s\nstderr:\n%.3000s", label, r->out, r->err);
  return strtod(p + strlen(label), NULL);
}

Test(tools, example_digits_reaches_99_percent, .timeout = 60) {
  const char *files[] = {"mnist01_train_x.npy", "mnist01_test_x.npy"};
  CliRun *r = cli_run_in(with_data(files, 2), "run examples/digits.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_expect_geq(number_after(r, "held-out accuracy: "), 0.99);
  cr_expect_eq(cli_count(r->err, "Epoch "), 100);
}

Test(tools, example_digits_relu_reaches_99_percent, .timeout = 60) {
  const char *files[] = {"mnist01_train_x.npy", "mnist01_test_x.npy"};
  CliRun *r = cli_run_in(with_data(files, 2), "run examples/digits_relu.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_expect_geq(number_after(r, "held-out accuracy: "), 0.99);
}

/* mixed_bfloat16 (bf16 matmuls, f32 weights and loss) learns the lecture's task as well as
 * f32 does: the same held-out accuracy within half a point. */
Test(tools, example_digits_bf16_matches_f32, .timeout = 90) {
  const char *files[] = {"mnist01_train_x.npy", "mnist01_test_x.npy"};
  CliRun *r = cli_run_in(with_data(files, 2), "run examples/digits_bf16.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  double bf16 = number_after(r, "held-out accuracy: ");
  r = cli_run_in(root, "run examples/digits.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  double f32 = number_after(r, "held-out accuracy: ");
  cr_expect(fabs(bf16 - f32) <= 0.005 && bf16 >= 0.99, "bf16 %.4f, f32 %.4f", bf16, f32);
}

/* The first n rows of data/NAME saved as DIR/NAME. */
static void head_rows(const char *name, int64_t n) {
  char from[1024], to[1024];
  snprintf(from, sizeof from, "%s/data/%s", root, name);
  snprintf(to, sizeof to, "%s/%s", cli_dir, name);
  nnc_tensor *t, *h;
  cr_assert_eq(nnc_tensor_load(from, NNC_F32, &t), NNC_OK, "%s", nnc_last_error());
  int64_t shape[2] = {n, nnc_tensor_rank(t) > 1 ? nnc_tensor_dim(t, 1) : 1};
  cr_assert_eq(nnc_tensor_new(NNC_F32, nnc_tensor_rank(t), shape, &h), NNC_OK);
  memcpy(nnc_tensor_data(h), nnc_tensor_cdata(t), (size_t)nnc_tensor_numel(h) * sizeof(float));
  cr_assert_eq(nnc_tensor_save(h, to), NNC_OK);
  nnc_tensor_free(t);
  nnc_tensor_free(h);
}

Test(tools, example_fashion_learns_on_a_fifth_of_the_data, .timeout = 60) {
  const char *files[] = {"fashion_train_x.npy", "fashion_train_y.npy", "fashion_test_x.npy"};
  with_data(files, 3);
  head_rows("fashion_train_x.npy", 12000);
  head_rows("fashion_train_y.npy", 12000);
  char args[2048];
  snprintf(args, sizeof args, "run examples/fashion.nn -D X=%s/fashion_train_x.npy "
           "-D Y=%s/fashion_train_y.npy --log %s/l.csv", cli_dir, cli_dir, cli_dir);
  CliRun *r = cli_run_in(root, args);
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_expect_geq(number_after(r, "test accuracy: "), 0.80);
  cr_expect(strstr(r->err, "Epoch 10/10\n375/375 - "), "%s", r->err);
  cr_expect_eq(cli_count(cli_file("l.csv"), "\n"), 11);
}

Test(tools, example_diabetes_beats_the_mean, .timeout = 60) {
  const char *files[] = {"diabetes_train_x.csv", "diabetes_test_y.csv"};
  CliRun *r = cli_run_in(with_data(files, 2), "run examples/diabetes.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  double r2 = number_after(r, "held-out R^2: ");
  cr_expect(r2 > 0.3 && r2 < 1, "R^2 %g", r2);
  cr_expect_gt(number_after(r, "held-out MSE: "), 0);
}

Test(tools, example_functional_joins_two_branches, .timeout = 60) {
  const char *files[] = {"mnist_train_x.npy", "mnist_test_x.npy"};
  CliRun *r = cli_run_in(with_data(files, 2), "run examples/functional.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_expect(strstr(r->out, "│ concatenate         │ (None, 96)        │          0 │ dense[0][0],      │\n"
                           "│ (Concatenate)       │"), "%s", r->out);
  cr_expect_geq(number_after(r, "held-out accuracy: "), 0.9);
  cr_expect(strstr(r->err, " - val_accuracy: "), "%s", r->err);
}
