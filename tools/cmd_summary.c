/* cmd_summary.c — nnc summary: Keras 3's model table, then nnc's memory plan.
 *
 * The table is drawn as Keras 3 draws it (rich's heavy-head box, a line between rows):
 * "Layer (type)", "Output Shape", "Param #" with thousands commas, and "Connected to" for
 * a model that is not a plain stack; then Total, Trainable and Non-trainable params with
 * their size ("20,031 (78.25 KB)"). A plain stack prints as Keras prints a Sequential
 * model, without its input layer. The memory plan comes from the compiled training step
 * for fit()'s batch size: parameter bytes, optimizer state bytes (the STATE buffers the
 * step binds) and the scratch arena the memory planner laid out.
 */
#include <math.h>
#include <string.h>

#include "cli.h"

enum { COLS_MAX = 4 };

typedef struct {
  int ncols;
  int width[COLS_MAX];              /* characters inside a cell, padding included */
  bool right[COLS_MAX];             /* right-aligned */
} Table;

void cli_commas(char *buf, size_t n, int64_t v) {
  char digits[32];
  int len = snprintf(digits, sizeof digits, "%lld", (long long)v), o = 0;
  for (int i = 0; i < len && (size_t)o + 2 < n; i++) {
    if (i && digits[i - 1] != '-' && (len - i) % 3 == 0)
      buf[o++] = ',';
    buf[o++] = digits[i];
  }
  buf[o] = '\0';
}

void cli_bytes(char *buf, size_t n, double bytes) {
  static const char *const units[] = {"B", "KB", "MB", "GB", "TB"};
  int u = 0;
  while (bytes >= 1024 && u < 4) {
    bytes /= 1024;
    u++;
  }
  snprintf(buf, n, "%.2f %s", bytes, units[u]);
}

/* Characters a UTF-8 string takes on screen (every code point one column). */
static int columns(const char *s) {
  int n = 0;
  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

static void repeat(FILE *out, const char *s, int n) {
  for (int i = 0; i < n; i++)
    fputs(s, out);
}

/* A horizontal rule: left, fill, joint, right (each one box character). */
static void rule(FILE *out, const Table *t, const char *l, const char *f, const char *j,
                 const char *r) {
  fputs(l, out);
  for (int c = 0; c < t->ncols; c++) {
    repeat(out, f, t->width[c]);
    fputs(c + 1 < t->ncols ? j : r, out);
  }
  fputc('\n', out);
}

static void row(FILE *out, const Table *t, const char *bar, const char *const *cells) {
  fputs(bar, out);
  for (int c = 0; c < t->ncols; c++) {
    int pad = t->width[c] - 2 - columns(cells[c]);
    pad = pad < 0 ? 0 : pad;
    fputc(' ', out);
    if (t->right[c])
      repeat(out, " ", pad);
    fputs(cells[c], out);
    if (!t->right[c])
      repeat(out, " ", pad);
    fputc(' ', out);
    fputs(bar, out);
  }
  fputc('\n', out);
}

/* ---- the layers, as nnc_model_layer tells them ---- */

typedef struct {
  char name[160];                   /* "dense (Dense)" */
  char shape[48];                   /* "(None, 25)" */
  char params[32];                  /* "19,625" */
  char inputs[200];                 /* "dense[0][0], dense_1[0][0]" */
} LayerRow;

/* A plain stack, which Keras would print as a Sequential model: every layer reads the one
 * before it. */
static bool stack(const nnc_model *m) {
  nnc_layer_info li;
  for (int i = 0; i < nnc_model_layer_count(m); i++) {
    if (nnc_model_layer(m, i, &li) != NNC_OK || li.ninputs > 1)
      return false;
    if (i > 0 && (li.ninputs != 1 || li.inputs[0] != i - 1))
      return false;
  }
  return true;
}

static int64_t layer_row(const nnc_model *m, const nnc_layer_info *li, LayerRow *r) {
  snprintf(r->name, sizeof r->name, "%.100s (%s)", li->name, li->type);
  snprintf(r->shape, sizeof r->shape, "(None, %lld)", (long long)li->units);
  cli_commas(r->params, sizeof r->params, li->params);
  r->inputs[0] = '\0';
  size_t at = 0;
  nnc_layer_info in;
  for (int k = 0; k < li->ninputs && at < sizeof r->inputs; k++)
    if (nnc_model_layer(m, li->inputs[k], &in) == NNC_OK)
      at += (size_t)snprintf(r->inputs + at, sizeof r->inputs - at, "%s%.60s[0][0]",
                             k ? ", " : "", in.name);
  return li->params;
}

/* ---- printing ---- */

static void table(FILE *out, const nnc_model *m, int64_t *total) {
  bool functional = !stack(m);
  Table t = {.ncols = functional ? 4 : 3, .width = {33, 24, 15, 0}, .right = {false, false, true}};
  if (functional) {
    t.width[0] = 27, t.width[1] = 20, t.width[2] = 12, t.width[3] = 28;
  }
  fprintf(out, "Model: \"%s\"\n", functional ? "functional" : "sequential");
  rule(out, &t, "┏", "━", "┳", "┓");
  const char *head[] = {"Layer (type)", "Output Shape", "Param #", "Connected to"};
  row(out, &t, "┃", head);
  rule(out, &t, "┡", "━", "╇", "┩");
  int printed = 0;
  *total = 0;
  for (int i = 0; i < nnc_model_layer_count(m); i++) {
    nnc_layer_info li;
    LayerRow r;
    if (nnc_model_layer(m, i, &li) != NNC_OK || (!functional && li.kind == NNC_LAYER_INPUT))
      continue;
    *total += layer_row(m, &li, &r);
    if (printed++)
      rule(out, &t, "├", "─", "┼", "┤");
    const char *cells[] = {r.name, r.shape, r.params, r.inputs[0] ? r.inputs : "-"};
    row(out, &t, "│", cells);
  }
  rule(out, &t, "└", "─", "┴", "┘");
}

static int64_t state_bytes(const nnc_model *m) {
  int64_t b = 0;
  for (int i = 0; i < m->nstates; i++)
    b += m->states[i].t->numel * (int64_t)rt_dtype_size(m->states[i].t->dtype);
  return b;
}

static void print_summary(FILE *out, const nnc_model *m, const Variant *v) {
  int64_t total;
  table(out, m, &total);
  size_t es = rt_dtype_size(m->copt.dtype);
  char count[32], size[32];
  cli_commas(count, sizeof count, total);
  cli_bytes(size, sizeof size, (double)total * (double)es);
  fprintf(out, " Total params: %s (%s)\n", count, size);
  fprintf(out, " Trainable params: %s (%s)\n", count, size);
  fprintf(out, " Non-trainable params: 0 (0.00 B)\n");
  fprintf(out, " Memory plan of the training step (batch %lld, %s):\n", (long long)v->batch,
          rt_dtype_name(m->copt.dtype));
  int64_t parts[3] = {total * (int64_t)es, state_bytes(m), v->scratch_bytes};
  static const char *const what[3] = {"parameters", "optimizer state", "scratch"};
  for (int i = 0; i < 3; i++) {
    cli_commas(count, sizeof count, parts[i]);
    cli_bytes(size, sizeof size, (double)parts[i]);
    fprintf(out, "   %-16s %14s bytes (%s)\n", what[i], count, size);
  }
}

int cli_summary_hook(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y, nnc_fit_options *f,
                     void *user) {
  CliStop *stop = user;
  stop->reached = true;
  stop->st = keras_check_data(m, x, y, "fit");
  int64_t n = x->shape[0];
  int64_t train = f->x_val ? n : (int64_t)((double)n * (1.0 - f->validation_split));
  int64_t batch = train < f->batch_size && train > 0 ? train : f->batch_size;
  Variant *v = NULL;
  if (stop->st == NNC_OK)
    stop->st = keras_variant_get(m, VAR_TRAIN, batch, &v);
  if (stop->st == NNC_OK) {
    print_summary(stdout, m, v);
    fflush(stdout);
  }
  return 1;
}
