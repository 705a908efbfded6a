/* fuzz_log.c — libFuzzer target for nnc run's --log CSV (tools/report.c) and --plot SVG
 * (tools/plot.c), fed epoch logs made of the input's bytes.
 *
 * The input gives the number of epochs (1..16), the metrics (0..3, keys of any byte but
 * NUL: commas, quotes, line ends, invalid UTF-8, up to 64 bytes), whether the fit has
 * validation data, and every value as 8 raw bytes (NaN, infinities, denormals, 1e308). They
 * go through the same calls nnc run makes (cli_report_open, its fit hook, the epoch
 * callback, cli_report_close). Then the CSV must read back, by RFC 4180, as the header of
 * those keys and one row per epoch whose numbers are the values (9 significant digits, nan
 * and inf kept), and the SVG must parse as XML whose coordinates are all finite numbers.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "cli.h"
#include "fuzz.h"

enum { MAX_EPOCHS = 16, MAX_METRICS = 3, MAX_KEY = 64, MAX_FIELDS = 2 * MAX_METRICS + 4 };

static double next_double(FuzzBytes *b) {
  uint64_t u = 0;
  for (int i = 0; i < 8; i++)
    u = u << 8 | fuzz_next(b);
  double d;
  memcpy(&d, &u, sizeof d);
  return d;
}

static char dirpath[64], csv_path[96], svg_path[96];

static void remove_dir(void) {
  unlink(csv_path);
  unlink(svg_path);
  rmdir(dirpath);
}

static void paths(void) {
  if (dirpath[0])
    return;
  snprintf(dirpath, sizeof dirpath, "%s/nnc_fuzz_log_%ld",
           access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", (long)getpid());
  if (mkdir(dirpath, 0700) != 0 && errno != EEXIST)
    fuzz_broken("fuzz_log", "cannot make the directory", dirpath);
  snprintf(csv_path, sizeof csv_path, "%s/log.csv", dirpath);
  snprintf(svg_path, sizeof svg_path, "%s/plot.svg", dirpath);
  atexit(remove_dir);
}

typedef struct {
  int n, nmetrics;
  bool val;
  char keys[MAX_METRICS][MAX_KEY + 1];
  const char *key_ptrs[MAX_METRICS];
  double metrics[MAX_EPOCHS][MAX_METRICS], val_metrics[MAX_EPOCHS][MAX_METRICS];
  nnc_epoch_log e[MAX_EPOCHS];
} Run;

static void make_run(FuzzBytes *b, Run *r) {
  r->n = 1 + fuzz_next(b) % MAX_EPOCHS;
  r->nmetrics = fuzz_next(b) % (MAX_METRICS + 1);
  r->val = fuzz_next(b) & 1;
  for (int k = 0; k < r->nmetrics; k++) {
    int len = 1 + fuzz_next(b) % MAX_KEY;
    for (int i = 0; i < len; i++) {
      uint8_t c = fuzz_next(b);
      r->keys[k][i] = (char)(c ? c : 'x');
    }
    r->keys[k][len] = 0;
    r->key_ptrs[k] = r->keys[k];
  }
  for (int i = 0; i < r->n; i++) {
    nnc_epoch_log *e = &r->e[i];
    *e = (nnc_epoch_log){.epoch = i + 1, .nmetrics = r->nmetrics, .metric_keys = r->key_ptrs,
                         .metrics = r->metrics[i], .val_metrics = r->val_metrics[i]};
    e->loss = next_double(b);
    e->val_loss = r->val ? next_double(b) : NAN;
    for (int k = 0; k < r->nmetrics; k++) {
      r->metrics[i][k] = next_double(b);
      r->val_metrics[i][k] = r->val ? next_double(b) : NAN;
    }
    e->accuracy = r->nmetrics ? r->metrics[i][0] : NAN;
    e->val_accuracy = r->nmetrics ? r->val_metrics[i][0] : NAN;
    e->seconds = fuzz_next(b) / 7.0;
  }
}

/* Writes the run as nnc run does. */
static void write_run(Run *r) {
  CliArgs a = {.log = csv_path, .plot = svg_path};
  CliReport rep;
  if (cli_report_open(&rep, &a) != NNC_OK)
    fuzz_broken("fuzz_log", "cannot open the outputs:", nnc_last_error());
  nnc_fit_options f = {.epochs = r->n, .validation_split = r->val ? 0.5 : 0};
  if (cli_report_hook(NULL, NULL, NULL, &f, &rep) != 0)
    fuzz_broken("fuzz_log", "the fit hook refused:", nnc_last_error());
  for (int i = 0; i < r->n; i++)
    f.on_epoch(&r->e[i], f.user);
  if (cli_report_close(&rep) != NNC_OK)
    fuzz_broken("fuzz_log", "writing failed:", nnc_last_error());
}

/* One RFC 4180 record of s from *at into fields (each a malloc'd string); its field count. */
static int record(const char *s, size_t *at, char **fields, int max) {
  int n = 0;
  size_t i = *at;
  for (;;) {
    char buf[4 * MAX_KEY + 64];
    size_t k = 0;
    if (s[i] == '"') {
      for (i++; s[i] && !(s[i] == '"' && s[i + 1] != '"'); i++) {
        i += s[i] == '"';               /* "" is one quote */
        if (k + 1 < sizeof buf)
          buf[k++] = s[i];
      }
      if (s[i] == '"')
        i++;
    } else {
      for (; s[i] && s[i] != ',' && s[i] != '\n'; i++)
        if (k + 1 < sizeof buf)
          buf[k++] = s[i];
    }
    buf[k] = 0;
    if (n == max)
      fuzz_broken("fuzz_log csv", "a record has too many fields:", buf);
    fields[n++] = strdup(buf);
    if (s[i] != ',')
      break;
    i++;
  }
  if (s[i] != '\n')
    fuzz_broken("fuzz_log csv", "a record does not end with a line end", s + *at);
  *at = i + 1;
  return n;
}

static void expect_number(const char *field, double v, double tolerance) {
  char *end;
  double back = strtod(field, &end);
  bool ok = *field && !*end &&
            (isnan(v) ? isnan(back) : back == v || fabs(back - v) <= tolerance * fabs(v));
  if (!ok) {
    char want[64];
    snprintf(want, sizeof want, "%.17g, read %s", v, field);
    fuzz_broken("fuzz_log csv", "a value reads back differently: wrote", want);
  }
}

static void check_csv(const Run *r) {
  FILE *f = fopen(csv_path, "rb");
  if (!f)
    fuzz_broken("fuzz_log csv", "no log was written", csv_path);
  static char text[1 << 16];
  size_t len = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[len] = 0;
  char expect[MAX_FIELDS][MAX_KEY + 8], *fields[MAX_FIELDS];
  int ne = 0;
  snprintf(expect[ne++], sizeof expect[0], "epoch");
  snprintf(expect[ne++], sizeof expect[0], "loss");
  for (int k = 0; k < r->nmetrics; k++)
    snprintf(expect[ne++], sizeof expect[0], "%s", r->keys[k]);
  if (r->val)
    snprintf(expect[ne++], sizeof expect[0], "val_loss");
  for (int k = 0; r->val && k < r->nmetrics; k++)
    snprintf(expect[ne++], sizeof expect[0], "val_%s", r->keys[k]);
  snprintf(expect[ne++], sizeof expect[0], "seconds");
  size_t at = 0;
  int n = record(text, &at, fields, MAX_FIELDS);
  for (int i = 0; i < n; i++) {
    if (n != ne || strcmp(fields[i], expect[i]))
      fuzz_broken("fuzz_log csv", "the header differs at the column", expect[i < ne ? i : 0]);
    free(fields[i]);
  }
  for (int e = 0; e < r->n; e++) {
    const nnc_epoch_log *l = &r->e[e];
    if (record(text, &at, fields, MAX_FIELDS) != ne)
      fuzz_broken("fuzz_log csv", "a row's field count differs from the header's", csv_path);
    int c = 0;
    expect_number(fields[c++], l->epoch, 0);
    expect_number(fields[c++], l->loss, 1e-8);
    for (int k = 0; k < r->nmetrics; k++)
      expect_number(fields[c++], l->metrics[k], 1e-8);
    if (r->val)
      expect_number(fields[c++], l->val_loss, 1e-8);
    for (int k = 0; r->val && k < r->nmetrics; k++)
      expect_number(fields[c++], l->val_metrics[k], 1e-8);
    expect_number(fields[c++], l->seconds, 1e-6);
    for (int i = 0; i < ne; i++)
      free(fields[i]);
  }
  if (text[at])
    fuzz_broken("fuzz_log csv", "text after the last epoch's row", text + at);
}

/* Every coordinate of every element is a finite number (an attribute "nan" or "inf" draws
 * nothing, or garbage, in a browser). */
static void check_coordinates(xmlNode *node) {
  static const char *const coords[] = {"x", "y", "x1", "x2", "y1", "y2", "width", "height",
                                       "points"};
  for (; node; node = node->next) {
    if (node->type != XML_ELEMENT_NODE)
      continue;
    for (size_t i = 0; i < sizeof coords / sizeof *coords; i++) {
      xmlChar *v = xmlGetProp(node, (const xmlChar *)coords[i]);
      for (char *p = (char *)v, *end; p && *p; p = end) {
        p += strspn(p, " ,");
        if (!*p)
          break;
        double d = strtod(p, &end);
        end += end != p && *end == '%'; /* width="100%" */
        if (end == p || !isfinite(d))
          fuzz_broken("fuzz_log svg", "a coordinate is not a finite number:", (char *)v);
      }
      xmlFree(v);
    }
    check_coordinates(node->children);
  }
}

static void check_svg(void) {
  xmlDoc *doc = xmlReadFile(svg_path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                XML_PARSE_NOWARNING);
  if (!doc)
    fuzz_broken("fuzz_log svg", "the plot is not well-formed XML", svg_path);
  xmlNode *root = xmlDocGetRootElement(doc);
  if (!root || strcmp((const char *)root->name, "svg"))
    fuzz_broken("fuzz_log svg", "the plot's root element is not <svg>", svg_path);
  check_coordinates(root);
  xmlFreeDoc(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_cap_allocations();
  paths();
  FuzzBytes b = {data, size, 0};
  static Run r;
  memset(&r, 0, sizeof r);
  make_run(&b, &r);
  write_run(&r);
  check_csv(&r);
  check_svg();
  return 0;
}
