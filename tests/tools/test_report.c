/* test_report.c — nnc run's --log CSV (columns for what was measured, one row per epoch)
 * and --plot SVG (well-formed, one series per quantity). */
#include "cli_run.h"

TestSuite(tools, .init = cli_setup, .fini = cli_teardown);

static int lines(const char *s) {
  return cli_count(s, "\n");
}

Test(tools, log_has_every_column_with_metrics_and_validation) {
  CliRun *r = cli_run("run MODELS/small.nn --log l.csv");
  cr_assert_eq(r->status, 0, "%s", r->err);
  const char *csv = cli_file("l.csv");
  cr_expect(strncmp(csv, "epoch,loss,accuracy,val_loss,val_accuracy,seconds\n", 50) == 0, "%s", csv);
  cr_expect_eq(lines(csv), 4, "%s", csv);
  int e;
  double loss, acc, vloss, vacc, secs;
  const char *row3 = strstr(csv, "\n3,");
  cr_assert(row3, "%s", csv);
  cr_expect_eq(sscanf(row3 + 1, "%d,%lf,%lf,%lf,%lf,%lf", &e, &loss, &acc, &vloss, &vacc, &secs), 6);
  cr_expect(loss > 0 && acc >= 0 && acc <= 1 && vloss > 0 && vacc >= 0 && vacc <= 1 && secs >= 0);
}

Test(tools, log_has_only_what_was_measured) {
  CliRun *r = cli_run("run MODELS/plain.nn --log=l.csv");
  cr_assert_eq(r->status, 0, "%s", r->err);
  const char *csv = cli_file("l.csv");
  cr_expect(strncmp(csv, "epoch,loss,seconds\n1,", 21) == 0, "%s", csv);
  cr_expect_eq(lines(csv), 5, "%s", csv);
}

Test(tools, log_stops_with_early_stopping) {
  CliRun *r = cli_run("run MODELS/early.nn --log l.csv");
  cr_assert_eq(r->status, 0, "%s", r->err);
  int rows = lines(cli_file("l.csv")) - 1;
  cr_expect(rows >= 3 && rows <= 4, "%d rows", rows);
}

Test(tools, log_that_cannot_be_written_exits_1_before_training) {
  CliRun *r = cli_run("run MODELS/small.nn --log no/such/dir/l.csv");
  cr_expect_eq(r->status, 1);
  cr_expect(strstr(r->err, "no/such/dir/l.csv"), "%s", r->err);
  cr_expect_str_eq(r->out, "");
}

/* Tags open and close in order; attributes are quoted. */
static bool well_formed(const char *s) {
  const char *stack[64];
  size_t lens[64];
  int depth = 0;
  for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<')) {
    const char *end = strchr(p, '>');
    if (!end)
      return false;
    if (p[1] == '?' || p[1] == '!')
      continue;
    int quotes = 0;
    for (const char *q = p; q < end; q++)
      quotes += *q == '"';
    if (quotes % 2)
      return false;
    if (p[1] == '/') {
      size_t n = strcspn(p + 2, " >");
      if (depth == 0 || lens[depth - 1] != n || strncmp(stack[depth - 1], p + 2, n) != 0)
        return false;
      depth--;
    } else if (end[-1] != '/') {
      if (depth == 64)
        return false;
      stack[depth] = p + 1;
      lens[depth++] = strcspn(p + 1, " >");
    }
  }
  return depth == 0;
}

Test(tools, plot_is_a_well_formed_svg_with_each_series) {
  CliRun *r = cli_run("run MODELS/small.nn --plot p.svg");
  cr_assert_eq(r->status, 0, "%s", r->err);
  const char *svg = cli_file("p.svg");
  cr_expect(strncmp(svg, "<?xml", 5) == 0);
  cr_expect(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
  cr_expect(well_formed(svg), "%s", svg);
  const char *series[] = {"\"loss\"", "\"val_loss\"", "\"accuracy\"", "\"val_accuracy\""};
  for (int i = 0; i < 4; i++) {
    char want[64];
    snprintf(want, sizeof want, "data-name=%s", series[i]);
    cr_expect_eq(cli_count(svg, want), 1, "series %s", series[i]);
  }
  /* three epochs: three points in the loss line */
  const char *pts = strstr(strstr(svg, "data-name=\"loss\""), "points=\"");
  cr_assert(pts);
  char line[512];
  snprintf(line, sizeof line, "%.*s", (int)strcspn(pts + 8, "\""), pts + 8);
  cr_expect_eq(cli_count(line, ","), 3, "%s", line);
}

Test(tools, plot_without_metrics_has_only_the_loss) {
  CliRun *r = cli_run("run MODELS/plain.nn --plot p.svg");
  cr_assert_eq(r->status, 0, "%s", r->err);
  const char *svg = cli_file("p.svg");
  cr_expect(well_formed(svg));
  cr_expect_eq(cli_count(svg, "class=\"series\""), 1);
  cr_expect(!strstr(svg, "accuracy"));
}
