/* summary.c — nnc_model_summary: Keras 3's model.summary(), character for character (without
 * its colours); the nnc command's summary and a model file's model.summary() both print it.
 *
 * What the table holds follows keras/src/utils/summary_utils.py. A Sequential model (one
 * built with nnc_model_add_input / nnc_model_add_dense) lists its layers in order but not
 * its input. A functional one lists its InputLayer too, in Keras's order for a functional
 * model (see order() below), and has a "Connected to" column unless every layer reads one
 * other, when Keras draws it as a sequence. Until the input size is known a
 * Sequential model is unbuilt, and Keras shows its shapes as "?" and each Dense layer's
 * parameters as "0 (unbuilt)". Counts have thousands commas; sizes are Keras's
 * readable_memory_size of the bytes. Once fit has run since compile, Keras has built the
 * optimizer and counts its variables too (per weight the slots of names/optimizers.def, plus
 * the iteration count, an int32, the learning rate unless a schedule gives it, and Nadam's
 * u_product): "Optimizer params", added to the
 * total. Default widths: 88 characters, or 108 with "Connected to", but at most the
 * terminal's width less 4, as Keras sizes them; table.c draws the table.
 */
#include <string.h>

#include "keras.h"

void keras_commas(char *buf, size_t n, int64_t v) {
  char digits[32];
  int len = snprintf(digits, sizeof digits, "%lld", (long long)v), o = 0;
  for (int i = 0; i < len && (size_t)o + 2 < n; i++) {
    if (i && digits[i - 1] != '-' && (len - i) % 3 == 0)
      buf[o++] = ',';
    buf[o++] = digits[i];
  }
  buf[o] = '\0';
}

void keras_bytes(char *buf, size_t n, double bytes) {
  static const char *const units[] = {"B", "KB", "MB", "GB", "TB", "PB"};
  int u = 0;
  while (bytes >= 1024 && u < 5) {
    bytes /= 1024;
    u++;
  }
  snprintf(buf, n, "%.2f %s", bytes, units[u]);
}

/* Keras's variables per weight for the optimizer (the slots column). */
static int64_t slots(const nnc_optimizer *o) {
  switch (o->kind) {
#define OPTIMIZER(id, name, cls, rule, slots, params, doc) \
  case NNC_OPT_##id: return (slots);
#include "optimizers.def"
  }
  return 0;
}

/* Keras's Sequential: not made with nnc_model_input, and each layer reads the one before. */
bool keras_sequential(const nnc_model *m) {
  const Net *n = &m->net;
  for (int i = 1; n->sequential && i < n->nnodes; i++) {
    const Nest *nest = keras_node_nest(n, i), *before = keras_node_nest(n, i - 1);
    int prev = before ? before->output : i - 1; /* a nested model reads as one layer */
    if (nest && i != nest->first)
      continue;
    if (nest ? nest->input != prev
             : n->nodes[i].ninputs != 1 || n->nodes[i].inputs[0] != prev)
      return false;
  }
  return n->sequential;
}

const char *keras_model_name(const nnc_model *m) {
  return m->name ? m->name : keras_sequential(m) ? "sequential" : "functional";
}

/* A functional model that is not a plain chain gets the "Connected to" column. */
static bool connected(const nnc_model *m) {
  if (keras_sequential(m))
    return false;
  for (int i = 0; i < m->net.nnodes; i++)
    if (!keras_node_nest(&m->net, i) && (m->net.nodes[i].ninputs > 1 || m->net.nodes[i].call > 0))
      return true;
  return false;
}

typedef struct {
  char name[224];               /* "dense (Dense)" */
  char shape[48];               /* "(None, 25)" or "?" */
  char params[48];              /* "19,625", "0 (unbuilt)" */
  char inputs[4096];            /* "dense[0][0], dense_1[0][0]" or "-" */
} Row;

/* How a consumer names node i: "dense[1][0]" (the layer's call), a nested model's output
 * as the model ("sequential[0][0]"). */
static size_t input_text(const Net *n, int i, char *buf, size_t size, size_t at) {
  const Nest *nest = keras_node_nest(n, i);
  return (size_t)snprintf(buf + at, size - at, "%s%s[%d][0]", at ? ", " : "",
                          nest ? nest->name : n->nodes[i].layer->name,
                          nest ? 0 : n->nodes[i].call);
}

/* A nested model's row: its name and class, its output's shape, its layers' parameters. */
static void nest_row(const nnc_model *m, const Nest *nest, Row *r) {
  const Net *n = &m->net;
  int64_t params = 0;
  bool built = true;
  for (int i = nest->first; i <= nest->last; i++) {
    const Layer *l = n->nodes[i].layer;
    nnc_layer_info li;
    if (n->nodes[i].call > 0 || nnc_model_layer(m, i, &li) != NNC_OK)
      continue;
    built = built && (l->built || !l->nweights);
    params += li.params;
  }
  snprintf(r->name, sizeof r->name, "%s (%s)", nest->name,
           nest->sequential ? "Sequential" : "Functional");
  keras_shape_text(n->nodes[nest->output].out, r->shape, sizeof r->shape);
  if (built)
    keras_commas(r->params, sizeof r->params, params);
  else
    snprintf(r->params, sizeof r->params, "0 (unbuilt)");
  snprintf(r->inputs, sizeof r->inputs, "-");
  input_text(n, nest->input, r->inputs, sizeof r->inputs, 0);
}

/* The row of node id's layer: its first call's shape, every call's inputs as Keras writes
 * them ("dense[1][0]": the input layer's call). */
static void row_of(const nnc_model *m, int id, Row *r) {
  const Net *n = &m->net;
  const Layer *l = n->nodes[id].layer;
  if (keras_node_nest(n, id)) {
    nest_row(m, keras_node_nest(n, id), r);
    return;
  }
  nnc_layer_info li;
  nnc_model_layer(m, id, &li);
  snprintf(r->name, sizeof r->name, "%s (%s)", li.name, li.type);
  keras_shape_text(n->nodes[id].out, r->shape, sizeof r->shape);
  if (l->built)
    keras_commas(r->params, sizeof r->params, li.params);
  else
    snprintf(r->params, sizeof r->params, "%s", l->nweights ? "0 (unbuilt)" : "0");
  size_t at = 0;
  snprintf(r->inputs, sizeof r->inputs, "-");
  for (int i = id; i < n->nnodes; i++)
    for (int k = 0; n->nodes[i].layer == l && k < n->nodes[i].ninputs && at < sizeof r->inputs;
         k++)
      at += input_text(n, n->nodes[i].inputs[k], r->inputs, sizeof r->inputs, at);
}

/* A functional model's layers as Keras lists them (map_graph in keras/src/ops/function.py):
 * by depth, the longest path to the output, deepest first; those of one depth in the order
 * a depth-first walk from the output first meets them, each layer's inputs in order. Layers
 * that do not lead to the output are not part of the model. Writes the ids to order and
 * returns their count; -1 when out of memory. */
static int order(const nnc_model *m, int *ids) {
  int n = m->net.nnodes, out = keras_net_output(&m->net), k = 0, top = 0;
  size_t edges = 1;             /* what the walk can push: the output, and each input once */
  for (int i = 0; i < n; i++)
    edges += (size_t)m->net.nodes[i].ninputs;
  int *depth = base_malloc((size_t)n * sizeof *depth);
  int *seen = base_malloc((size_t)n * sizeof *seen);
  int *stack = base_malloc(edges * sizeof *stack);
  if (!depth || !seen || !stack) {
    base_free(depth), base_free(seen), base_free(stack);
    return -1;
  }
  for (int i = 0; i < n; i++)
    depth[i] = seen[i] = -1;
  depth[out] = 0;
  for (int i = out; i >= 0; i--) /* consumers come after what they read */
    for (int j = 0; depth[i] >= 0 && j < m->net.nodes[i].ninputs; j++) {
      int in = m->net.nodes[i].inputs[j];
      depth[in] = depth[in] > depth[i] + 1 ? depth[in] : depth[i] + 1;
    }
  stack[top++] = out;
  while (top > 0) {              /* preorder: inputs pushed last to first, so met in order */
    int i = stack[--top];
    if (seen[i] >= 0)
      continue;
    seen[i] = k++;
    for (int j = m->net.nodes[i].ninputs - 1; j >= 0; j--)
      stack[top++] = m->net.nodes[i].inputs[j];
  }
  k = 0;
  for (int i = 0; i < n; i++) {
    const Nest *nest = keras_node_nest(&m->net, i); /* a nested model: one row, at its output */
    if (depth[i] >= 0 && (nest ? i == nest->output : m->net.nodes[i].call == 0))
      ids[k++] = i;                                 /* a shared layer: one row */
  }
  for (int a = 1; a < k; a++) /* insertion sort: deeper first, then met first */
    for (int b = a; b > 0; b--) {
      int x = ids[b - 1], y = ids[b];
      if (depth[x] > depth[y] || (depth[x] == depth[y] && seen[x] < seen[y]))
        break;
      ids[b - 1] = y, ids[b] = x;
    }
  base_free(depth), base_free(seen), base_free(stack);
  return k;
}

static nnc_status table(FILE *out, const nnc_model *m, const Table *t) {
  static const char *const head[] = {"Layer (type)", "Output Shape", "Param #", "Connected to"};
  int *ids = base_malloc(((size_t)m->net.nnodes + 1) * sizeof *ids), n = 0;
  if (!ids)
    return base_error(NNC_ERR_NOMEM, "nnc_model_summary: out of memory");
  bool seq = keras_sequential(m);
  for (int i = 0; seq && i < m->net.nnodes; i++) {
    const Nest *nest = keras_node_nest(&m->net, i); /* a nested model: one row */
    if (m->net.nodes[i].layer->kind != NNC_LAYER_INPUT && (!nest || i == nest->first))
      ids[n++] = i;
  }
  if (!seq && m->net.nnodes > 0 && (n = order(m, ids)) < 0) {
    base_free(ids);
    return base_error(NNC_ERR_NOMEM, "nnc_model_summary: out of memory");
  }
  keras_table_rule(out, t, "┏", "━", "┳", "┓");
  keras_table_row(out, t, "┃", head, true);
  keras_table_rule(out, t, "┡", "━", "╇", "┩");
  for (int k = 0; k < n; k++) {
    Row r;
    row_of(m, ids[k], &r);
    if (k)
      keras_table_rule(out, t, "├", "─", "┼", "┤");
    const char *text[] = {r.name, r.shape, r.params, r.inputs};
    keras_table_row(out, t, "│", text, false);
  }
  keras_table_rule(out, t, "└", "─", "┴", "┘");
  base_free(ids);
  return NNC_OK;
}

/* " Total params: 20,031 (78.25 KB)" */
static void count_line(FILE *out, int width, const char *what, int64_t count, double bytes) {
  char c[32], b[32], line[128];
  keras_commas(c, sizeof c, count);
  keras_bytes(b, sizeof b, bytes);
  snprintf(line, sizeof line, " %s params: %s (%s)", what, c, b);
  keras_print_wrapped(out, line, width);
}

static void counts(FILE *out, const nnc_model *m, int width) {
  double es = (double)rt_dtype_size(m->copt.dtype);
  int64_t trainable = nnc_model_param_count(m), frozen = nnc_model_non_trainable_count(m);
  int64_t opt = 0;
  double opt_bytes = 0;
  if (m->optimizer_built) {     /* per weight its slots; the iteration, the rate's variable
                                   (none with a schedule) and Nadam's u_product */
    int64_t per = slots(&m->copt.optimizer) * trainable;
    int64_t shared = !m->opt.scheduled + (m->copt.optimizer.kind == NNC_OPT_NADAM);
    opt = per + 1 + shared;
    opt_bytes = (double)(per + shared) * es + 4;
  }
  count_line(out, width, "Total", trainable + frozen + opt,
             (double)(trainable + frozen) * es + opt_bytes);
  count_line(out, width, "Trainable", trainable, (double)trainable * es);
  count_line(out, width, "Non-trainable", frozen, (double)frozen * es);
  if (m->optimizer_built)
    count_line(out, width, "Optimizer", opt, opt_bytes);
}

nnc_status nnc_model_summary(const nnc_model *m, FILE *out, int line_length) {
  KERAS_ENTER(m);
  static const double plain[] = {0.45, 0.80, 1.0}, joined[] = {0.3, 0.56, 0.74, 1.0};
  if (!m || !out)
    return base_error(NNC_ERR_ARG, "nnc_model_summary: %s is NULL", m ? "out" : "model");
  if (line_length < 0)
    return base_error(NNC_ERR_ARG, "nnc_model_summary: line_length must be >= 0, found %d",
                      line_length);
  bool conn = connected(m);
  int console = keras_terminal_columns(), line = line_length;
  if (!line)
    line = conn ? 108 : 88;
  if (!line_length && console - 4 < line)
    line = console - 4;
  Table t;
  nnc_status s = keras_table_layout(&t, conn ? 4 : 3, conn ? joined : plain, line);
  if (s != NNC_OK)
    return s;
  t.right[2] = true;
  char title[512];
  snprintf(title, sizeof title, "Model: \"%.500s\"", keras_model_name(m));
  keras_print_wrapped(out, title, console);
  s = table(out, m, &t);
  if (s != NNC_OK)
    return s;
  counts(out, m, console);
  if (ferror(out))
    return base_error(NNC_ERR_IO, "nnc_model_summary: writing failed");
  return NNC_OK;
}

nnc_status nnc_model_set_name(nnc_model *m, const char *name) {
  KERAS_ENTER(m);
  if (!m)
    return base_error(NNC_ERR_ARG, "nnc_model_set_name: model is NULL");
  char *copy = NULL;
  if (name) {
    size_t n = strlen(name) + 1;
    if (!(copy = base_malloc(n)))
      return base_error(NNC_ERR_NOMEM, "nnc_model_set_name: out of memory");
    memcpy(copy, name, n);
  }
  base_free(m->name);
  m->name = copy;
  return NNC_OK;
}
