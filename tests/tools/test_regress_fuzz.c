/* test_regress_fuzz.c — what fuzz_log found in nnc run's --log and --plot writers, kept
 * fixed: the writers (tools/report.c, tools/plot.c) are compiled into this test. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "support.h"

static const char *text_of(const char *path) {
  static char buf[1 << 16];
  FILE *f = fopen(path, "rb");
  cr_assert(f, "%s", path);
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  return buf;
}

/* Losses near ±DBL_MAX made the y range infinite, and the polylines' points "nan". */
Test(tools, plot_of_extreme_losses_has_finite_coordinates) {
  const double cases[][2] = {{1.7976931348623157e308, -1.7976931348623157e308},
                             {NAN, -6.2963787867625564e305}, {1e300, 1e300}, {5e-324, 0}};
  for (int c = 0; c < 4; c++) {
    nnc_epoch_log h[2] = {{.epoch = 1, .loss = cases[c][0], .val_loss = cases[c][1],
                           .accuracy = NAN, .val_accuracy = NAN},
                          {.epoch = 2, .loss = cases[c][1], .val_loss = NAN, .accuracy = NAN,
                           .val_accuracy = NAN}};
    const char *path = test_path("p.svg");
    cr_assert_eq(cli_plot_svg(path, h, 2), NNC_OK, "%s", nnc_last_error());
    const char *svg = text_of(path);
    for (const char *p = strstr(svg, "points=\""); p; p = strstr(p + 1, "points=\""))
      cr_expect(strcspn(p + 8, "\"") == strspn(p + 8, "0123456789.,- "), "case %d:\n%s", c, p);
  }
}

/* One epoch whose loss is the denormal 0x7f (6.3e-322): the y axis' ticks came out NaN and
 * the tick formatter's power of ten of them was converted to an int (UBSan). */
Test(tools, plot_of_a_denormal_loss_formats_its_ticks) {
  uint64_t bits = 0x7f;
  double loss;
  memcpy(&loss, &bits, sizeof loss);
  nnc_epoch_log h[1] = {{.epoch = 1, .loss = loss, .val_loss = NAN, .accuracy = NAN,
                         .val_accuracy = NAN}};
  const char *path = test_path("p.svg");
  cr_assert_eq(cli_plot_svg(path, h, 1), NNC_OK, "%s", nnc_last_error());
  const char *svg = text_of(path);
  cr_expect(strstr(svg, "</svg>") && !strstr(svg, "nan\""), "%s", svg);
}

/* A metric key with a comma, a quote or a line end is quoted as RFC 4180 says. */
Test(tools, log_quotes_odd_metric_keys) {
  CliArgs a = {.log = test_path("l.csv")};
  CliReport r;
  cr_assert_eq(cli_report_open(&r, &a), NNC_OK);
  nnc_fit_options f = {.epochs = 1, .validation_split = 0.5};
  cr_assert_eq(cli_report_hook(NULL, NULL, NULL, &f, &r), 0);
  const char *keys[] = {"a,b", "say \"hi\"", "plain"};
  double m[3] = {1, 2, 3};
  nnc_epoch_log e = {.epoch = 1, .loss = 0.5, .val_loss = 0.25, .nmetrics = 3,
                     .metric_keys = keys, .metrics = m, .val_metrics = m};
  f.on_epoch(&e, f.user);
  cr_assert_eq(cli_report_close(&r), NNC_OK);
  cr_expect_str_eq(text_of(a.log), "epoch,loss,\"a,b\",\"say \"\"hi\"\"\",plain,val_loss,"
                                   "\"val_a,b\",\"val_say \"\"hi\"\"\",val_plain,seconds\n"
                                   "1,0.5,1,2,3,0.25,1,2,3,0.000000\n");
}
