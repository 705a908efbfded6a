/* check.c — nnc's half of the TensorFlow.js comparison (run.sh runs it, then run.mjs).
 *
 * For each case of cases.txt (its format is described there) this builds the model through
 * the public Keras-level API, makes the data from a fixed generator, gives the Dense biases
 * small non-zero values (so their updates are checked from a point that is not special),
 * saves the initial weights, trains one epoch with shuffling off, and saves the final
 * weights, the epoch's loss and metrics, and then evaluate's and predict's results on the
 * same data, all under OUT/NAME/. run.mjs trains tfjs from the same files and compares.
 * Names come only through nnc_X_from_name, so a row for a name nnc lacks needs no code
 * here; a name Keras has but nnc does not implement yet is a skip, written to
 * OUT/NAME/skip.txt with nnc's message. Anything else that fails is an error of the case
 * (OUT/NAME/error.txt), which run.mjs reports as a failure.
 *
 * Usage: tfjs_check CASES OUT_DIR   (exit 0 unless the cases file cannot be read)
 */
#define _POSIX_C_SOURCE 200809L  /* strtok_r, mkdir */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "names.h"
#include "nnc.h"

enum { MAX_FIELDS = 16, MAX_LAYERS = 16, MAX_BRANCHES = 8, MSG = 512 };

/* One row of cases.txt, split in place. */
typedef struct {
  const char *name, *model, *loss, *optimizer;
  const char *opts[MAX_FIELDS];  /* key=value options, in order */
  int nopts;
} Case;

/* Why a case stopped: a skip (nnc lacks a name) or an error (first one wins); both empty
 * while it goes on. */
typedef struct { char skip[MSG], err[MSG]; } Why;

/* What one case produced, before it is written out. */
typedef struct {
  char layer_names[MAX_LAYERS][64];
  int nlayers;
  int nmetrics;                     /* the row's metrics, keyed by the row's names */
  char keys[NNC_METRICS_MAX][48];
  double loss, metrics[NNC_METRICS_MAX];      /* the last epoch's, from fit */
  nnc_metrics eval;                 /* evaluate on the same data after the epoch */
  int64_t n, batch;
} Result;

/* ---- small helpers ---- */

/* snprintf into a buffer of n bytes; a message or path that does not fit is cut short. */
static void say(char *buf, size_t n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, n, fmt, ap);
  va_end(ap);
}

static const char *opt(const Case *c, const char *key, const char *def) {
  size_t k = strlen(key);
  for (int i = 0; i < c->nopts; i++)
    if (strncmp(c->opts[i], key, k) == 0 && c->opts[i][k] == '=')
      return c->opts[i] + k + 1;
  return def;
}

/* A failure of an nnc call: `what` and nnc's message. */
static int fail(Why *w, const char *what) {
  if (!w->err[0])
    say(w->err, MSG, "%s: %s", what, nnc_last_error());
  return -1;
}

/* A name nnc refuses because it does not implement it yet: the skip message. */
static int refuse(const NameTable *t, const char *name, Why *w) {
  if (names_keras_only(t, name)) {
    say(w->skip, MSG, "nnc does not implement the %s '%s' yet", t->what, name);
    return -1;
  }
  return fail(w, name);
}

/* The row's dtype: f32, or f64 (whose values are float32 numbers all the same, so that tfjs,
 * float32 only, reads the very inputs nnc trains on). */
static nnc_dtype dtype(const Case *c) {
  return strcmp(opt(c, "dtype", "f32"), "f64") == 0 ? NNC_F64 : NNC_F32;
}

static void put(nnc_tensor *t, int64_t i, double v) {
  if (nnc_tensor_dtype(t) == NNC_F64)
    ((double *)nnc_tensor_data(t))[i] = (float)v;
  else
    ((float *)nnc_tensor_data(t))[i] = (float)v;
}

static double get(const nnc_tensor *t, int64_t i) {
  return nnc_tensor_dtype(t) == NNC_F64 ? ((const double *)nnc_tensor_cdata(t))[i]
                                        : ((const float *)nnc_tensor_cdata(t))[i];
}

/* Deterministic numbers in [0, 1): the same for a case on every run and machine. */
static double next_unit(uint64_t *s) {
  *s = *s * 6364136223846793005ull + 1442695040888963407ull;
  return (double)(*s >> 11) / 9007199254740992.0;
}

/* ---- the model ---- */

/* The row's optimizer, "adam:learning_rate=0.01,beta_1=0.8": the defaults of its kind, then
 * each argument set on the nnc_optimizer field of that name. optimizers.def's params column
 * lists each kind's arguments, so a new optimizer or argument needs nothing here; an
 * argument Keras has and nnc's optimizer does not take yet skips the case. */
typedef struct { const char *name; size_t off; int is_int; } Param;
static const struct { nnc_optimizer_kind kind; const Param *params; } kinds[] = {
#define HP(n, type, def) \
  {#n, offsetof(nnc_optimizer, n), _Generic(((nnc_optimizer *)0)->n, int: 1, double: 0)},
#define OPTIMIZER(id, name, cls, rule, slots, ps, doc) {NNC_OPT_##id, (const Param[]){ps {0}}},
#include "optimizers.def"
#undef HP
};

static int set_param(nnc_optimizer *o, const char *key, const char *value, Why *w) {
  const Param *p = NULL;
  for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
    for (const Param *q = kinds[k].params; kinds[k].kind == o->kind && q->name; q++)
      if (strcmp(q->name, key) == 0)
        p = q;
  if (!p) {
    say(w->skip, MSG, "nnc's %s takes no argument '%s' yet", nnc_optimizer_name(o->kind), key);
    return -1;
  }
  char *end;
  double v = strtod(value, &end);
  if (*end) {
    say(w->err, MSG, "optimizer argument %s=%s is not a number", key, value);
    return -1;
  }
  if (p->is_int)
    *(int *)((char *)o + p->off) = (int)v;
  else
    *(double *)((char *)o + p->off) = v;
  return 0;
}

static int optimizer(const char *spec, nnc_optimizer *o, Why *w) {
  char buf[256];
  say(buf, sizeof buf, "%s", spec);
  char *args = strchr(buf, ':');
  if (args)
    *args++ = '\0';
  nnc_optimizer_kind k;
  if (nnc_optimizer_from_name(buf, &k) != NNC_OK)
    return refuse(&names_optimizers, buf, w);
  *o = nnc_optimizer_defaults(k);
  for (char *a = args ? strtok(args, ",") : NULL; a; a = strtok(NULL, ",")) {
    char *eq = strchr(a, '=');
    if (!eq) {
      say(w->err, MSG, "optimizer argument '%s' has no '='", a);
      return -1;
    }
    *eq = '\0';
    if (set_param(o, a, eq + 1, w) != 0)
      return -1;
  }
  return 0;
}

/* A layer by Keras's class and its get_config() JSON, "Flatten()" or
 * "Dense({\"units\":4,\"kernel_regularizer\":\"l2\"})", on layer `in`. */
static int keras_layer(nnc_model *m, char *spec, int in, int *out, Why *w) {
  char *open = strchr(spec, '(');
  size_t len = strlen(spec);
  if (!open || spec[len - 1] != ')') {
    say(w->err, MSG, "'%s': a layer by class is CLASS(JSON)", spec);
    return -1;
  }
  *open = spec[len - 1] = '\0';
  if (nnc_model_layer_from_config(m, spec, open + 1, 1, &in, out) == NNC_OK)
    return 0;
  if (strstr(nnc_last_error(), "not implement"))
    say(w->skip, MSG, "nnc: %s", nnc_last_error());
  return fail(w, spec);
}

/* One layer of the row's model, "dense:4:tanh", "dense:4:tanh:nobias" or "activation:elu",
 * or a Keras class with its config (keras_layer), on layer `in`. */
static int layer(nnc_model *m, char *spec, int in, int *out, Why *w) {
  if (strchr(spec, '('))
    return keras_layer(m, spec, in, out, w);
  char *kind = strtok(spec, ":"), *a = strtok(NULL, ":"), *b = strtok(NULL, ":");
  char *flag = strtok(NULL, ":");
  nnc_activation act = NNC_ACT_LINEAR;
  if (strcmp(kind, "dense") == 0) {
    if (!a) {
      say(w->err, MSG, "dense needs its units: dense:UNITS[:ACTIVATION]");
      return -1;
    }
    if (b && nnc_activation_from_name(b, &act) != NNC_OK)
      return refuse(&names_activations, b, w);
    nnc_dense_options d = nnc_dense(atoll(a), act);
    d.use_bias = !(flag && strcmp(flag, "nobias") == 0);
    return nnc_model_dense(m, in, &d, out) == NNC_OK ? 0 : fail(w, "dense");
  }
  if (strcmp(kind, "activation") == 0) {
    if (!a || nnc_activation_from_name(a, &act) != NNC_OK)
      return a ? refuse(&names_activations, a, w) : fail(w, "activation needs a name");
    return nnc_model_activation(m, in, act, NULL, out) == NNC_OK ? 0 : fail(w, "activation");
  }
  say(w->err, MSG, "unknown layer kind '%s' in cases.txt", kind);
  return -1;
}

/* A merge of branches, "add{dense:3:tanh,dense:3:relu}": each branch a layer on `in`, then
 * Add or Concatenate (on the last axis) of them all. */
static int merge(nnc_model *m, char *spec, int in, int *out, Why *w) {
  char *open = strchr(spec, '{'), *close = strrchr(spec, '}'), *save;
  int ids[MAX_BRANCHES], n = 0;
  if (!open || !close || close < open) {
    say(w->err, MSG, "'%s': a merge is NAME{LAYER,LAYER...}", spec);
    return -1;
  }
  *open = *close = '\0';
  for (char *b = strtok_r(open + 1, ",", &save); b; b = strtok_r(NULL, ",", &save)) {
    if (n == MAX_BRANCHES) {
      say(w->err, MSG, "'%s': more than %d branches", spec, MAX_BRANCHES);
      return -1;
    }
    if (layer(m, b, in, &ids[n++], w) != 0)
      return -1;
  }
  if (strcmp(spec, "add") == 0)
    return nnc_model_add_layer(m, n, ids, NULL, out) == NNC_OK ? 0 : fail(w, spec);
  if (strcmp(spec, "concatenate") == 0)
    return nnc_model_concatenate(m, n, ids, -1, NULL, out) == NNC_OK ? 0 : fail(w, spec);
  say(w->err, MSG, "unknown merge '%s' in cases.txt", spec);
  return -1;
}

/* "5>dense:4:tanh>dense:1:sigmoid": an input of 5 features (4x5: samples of shape [4, 5]),
 * then each layer on the last. */
static int build(nnc_model *m, const char *spec, Why *w) {
  char buf[512];
  say(buf, sizeof buf, "%s", spec);
  char *save, *part = strtok_r(buf, ">", &save), *dim;
  int64_t shape[3];
  int rank = 0, id;
  for (dim = part; rank < 3 && dim; dim = strchr(dim, 'x'), dim = dim ? dim + 1 : NULL)
    shape[rank++] = atoll(dim);
  if (nnc_model_input(m, rank, shape, NULL, &id) != NNC_OK)
    return fail(w, "input");
  while ((part = strtok_r(NULL, ">", &save)))
    if ((part[strcspn(part, "({")] == '{' ? merge(m, part, id, &id, w)
                           : layer(m, part, id, &id, w)) != 0)
      return -1;
  return 0;
}

/* ---- the data ---- */

/* Targets of kind `y` for n samples and `units` outputs (class ids: [n, 1]). */
static int targets(const char *kind, nnc_dtype dt, int64_t n, int64_t units, uint64_t *s,
                   nnc_tensor **out, Why *w) {
  int ids = strcmp(kind, "ids") == 0;
  int64_t shape[2] = {n, ids ? 1 : units};
  if (nnc_tensor_new(dt, 2, shape, out) != NNC_OK)
    return fail(w, "targets");
  nnc_tensor *y = *out;
  for (int64_t i = 0; i < n; i++) {
    int64_t cls = (int64_t)(next_unit(s) * (double)units);
    double sum = 0;
    for (int64_t j = 0; j < shape[1]; j++) {
      double u = next_unit(s), v;
      if (ids) v = (double)cls;
      else if (strcmp(kind, "binary") == 0) v = u < 0.5;
      else if (strcmp(kind, "onehot") == 0) v = j == cls;
      else if (strcmp(kind, "pm1") == 0) v = u < 0.5 ? -1 : 1;
      else if (strcmp(kind, "real") == 0) v = 2 * u - 1;
      else if (strcmp(kind, "positive") == 0 || strcmp(kind, "dist") == 0) v = 0.1 + 1.9 * u;
      else {
        say(w->err, MSG, "unknown target kind y=%s in cases.txt", kind);
        return -1;
      }
      put(y, i * shape[1] + j, v);
      sum += v;
    }
    for (int64_t j = 0; strcmp(kind, "dist") == 0 && j < shape[1]; j++)
      put(y, i * shape[1] + j, get(y, i * shape[1] + j) / sum);  /* rows sum to 1 */
  }
  return 0;
}

static int data(nnc_model *m, const Case *c, int64_t n, nnc_tensor **x, nnc_tensor **y,
                Why *w) {
  nnc_layer_info in, last;
  if (nnc_model_layer(m, 0, &in) != NNC_OK ||
      nnc_model_layer(m, nnc_model_layer_count(m) - 1, &last) != NNC_OK)
    return fail(w, "layers");
  uint64_t s = 0x9e3779b97f4a7c15ull;
  for (const char *p = c->name; *p; p++)
    s = s * 31 + (unsigned char)*p;  /* each case its own data */
  int64_t shape[4] = {n};
  for (int k = 0; k < in.rank; k++)
    shape[k + 1] = in.shape[k];
  if (nnc_tensor_new(dtype(c), in.rank + 1, shape, x) != NNC_OK)
    return fail(w, "inputs");
  for (int64_t i = 0; i < n * in.units; i++)
    put(*x, i, 2 * next_unit(&s) - 1);
  return targets(opt(c, "y", "real"), dtype(c), n, last.units, &s, y, w);
}

/* Biases of a small spread, so a bias's update starts from a point that is not special. */
static void spread_biases(nnc_model *m) {
  uint64_t s = 12345;
  for (int l = 0; nnc_model_kernel(m, l); l++) {
    nnc_tensor *b = nnc_model_bias(m, l);
    for (int64_t i = 0; b && i < nnc_tensor_numel(b); i++)
      put(b, i, 0.2 * next_unit(&s) - 0.1);
  }
}

/* ---- one case ---- */

static int keep_log(const nnc_epoch_log *log, void *user) {
  Result *r = user;
  r->loss = log->loss;
  for (int i = 0; i < log->nmetrics && i < NNC_METRICS_MAX; i++)
    r->metrics[i] = log->metrics[i];
  return 0;
}

/* Each loss's arguments but from_logits, in Keras's order: loss_args[i] is the i-th (a
 * losses.def params column, so a new loss or argument needs nothing here). */
static const char *const *const loss_params[] = {
#define HP(n, type, def) #n,
#define LOSS(id, short, name, cls, aliases, flags, build, ps, doc) \
  [NNC_LOSS_##id] = (const char *const[]){ps NULL},
#include "losses.def"
#undef HP
};

/* One argument of the row's loss: from_logits, or one of loss_args. */
static int loss_arg(nnc_compile_options *o, const char *key, const char *value, Why *w) {
  char *end;
  double v = value ? strtod(value, &end) : 1;  /* a bare key: from_logits */
  if (value && *end) {
    say(w->err, MSG, "loss argument %s=%s is not a number", key, value);
    return -1;
  }
  if (strcmp(key, "from_logits") == 0) {
    o->from_logits = v != 0;
    return 0;
  }
  int i = 0;
  for (const char *const *p = loss_params[o->loss]; *p; p++) {
    if (strcmp(*p, "from_logits") == 0)
      continue;
    if (strcmp(*p, key) == 0) {
      o->loss_args[i] = v;
      return 0;
    }
    i++;
  }
  say(w->skip, MSG, "nnc's %s takes no argument '%s' yet", nnc_loss_name(o->loss), key);
  return -1;
}

/* The row's loss, "huber:delta=0.5" or "binary_crossentropy:from_logits,label_smoothing=0.1":
 * its compile options with Keras's defaults, then each argument. */
static int loss(const char *spec, nnc_compile_options *o, Why *w) {
  char buf[128];
  say(buf, sizeof buf, "%s", spec);
  char *args = strchr(buf, ':'), *save;
  if (args)
    *args++ = '\0';
  nnc_loss_kind k;
  if (nnc_loss_from_name(buf, &k) != NNC_OK)
    return refuse(&names_losses, buf, w);
  *o = nnc_compile_defaults(k);
  for (char *a = args ? strtok_r(args, ",", &save) : NULL; a; a = strtok_r(NULL, ",", &save)) {
    char *eq = strchr(a, '=');
    if (eq)
      *eq++ = '\0';
    if (loss_arg(o, a, eq, w) != 0)
      return -1;
  }
  return 0;
}

static int compile(nnc_model *m, const Case *c, Result *r, Why *w) {
  nnc_compile_options o;
  if (loss(c->loss, &o, w) != 0)
    return -1;
  if (optimizer(c->optimizer, &o.optimizer, w) != 0)
    return -1;
  char ms[128];
  say(ms, sizeof ms, "%s", opt(c, "metrics", ""));
  for (char *name = strtok(ms, ","); name; name = strtok(NULL, ",")) {
    nnc_metric id;
    if (nnc_metric_from_name(name, &id) != NNC_OK)
      return refuse(&names_metrics, name, w);
    if (o.nmetrics == NNC_METRICS_MAX) {
      say(w->err, MSG, "more than %d metrics", NNC_METRICS_MAX);
      return -1;
    }
    /* logged under the row's name, as Keras logs metrics=['mae'] under "mae" */
    say(r->keys[o.nmetrics], sizeof r->keys[0], "%s", name);
    o.metrics[o.nmetrics] = id;
    o.metric_keys[o.nmetrics] = r->keys[o.nmetrics];
    o.metric_args[o.nmetrics++] = nnc_metric_default_arg(id);
  }
  r->nmetrics = o.nmetrics;
  o.dtype = dtype(c);
  if (nnc_model_set_seed(m, 7) != NNC_OK || nnc_model_compile(m, &o) != NNC_OK)
    return fail(w, "compile");
  return 0;
}

static int train(nnc_model *m, const Case *c, const char *dir, Result *r, Why *w) {
  r->n = atoll(opt(c, "n", "10"));
  r->batch = atoll(opt(c, "batch", "4"));
  nnc_tensor *x = NULL, *y = NULL, *p = NULL;
  char path[1024];
  int rc = data(m, c, r->n, &x, &y, w);
  spread_biases(m);
  nnc_fit_options f = nnc_fit_defaults();
  f.batch_size = r->batch;
  f.epochs = atoi(opt(c, "epochs", "1"));
  f.shuffle = 0;
  f.verbose = 0;
  f.on_epoch = keep_log;
  f.user = r;
#define SAVE(call, file) \
  (say(path, sizeof path, "%s/%s", dir, file), (call) == NNC_OK ? 0 : fail(w, path))
  if (rc == 0)
    rc = SAVE(nnc_tensor_save(x, path), "x.npy") || SAVE(nnc_tensor_save(y, path), "y.npy") ||
         SAVE(nnc_model_save_weights(m, path), "initial.safetensors") ||
         (nnc_model_fit(m, x, y, &f) == NNC_OK ? 0 : fail(w, "fit")) ||
         SAVE(nnc_model_save_weights(m, path), "final.safetensors") ||
         (nnc_model_evaluate(m, x, y, r->batch, &r->eval) == NNC_OK ? 0 : fail(w, "evaluate")) ||
         (nnc_model_predict(m, x, r->batch, &p) == NNC_OK ? 0 : fail(w, "predict")) ||
         SAVE(nnc_tensor_save(p, path), "predict.npy");
#undef SAVE
  nnc_tensor_free(p);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  return rc;
}

static void layer_names(const nnc_model *m, Result *r) {
  r->nlayers = 0;
  for (int i = 0; i < nnc_model_layer_count(m) && r->nlayers < MAX_LAYERS; i++) {
    nnc_layer_info info;
    if (nnc_model_layer(m, i, &info) == NNC_OK)
      say(r->layer_names[r->nlayers++], sizeof r->layer_names[0], "%s", info.name);
  }
}

/* {"loss": L, "mae": M, ...} as Keras's logs. */
static void write_logs(FILE *f, const Result *r, double loss, const double *metrics) {
  fprintf(f, "{\"loss\": %.9g", loss);
  for (int i = 0; i < r->nmetrics; i++)
    fprintf(f, ", \"%s\": %.9g", r->keys[i], metrics[i]);
  fprintf(f, "}");
}

/* nnc.json: what run.mjs needs besides the tensors. */
static int write_result(const char *dir, const Result *r) {
  char path[1024];
  say(path, sizeof path, "%s/nnc.json", dir);
  FILE *f = fopen(path, "w");
  if (!f)
    return -1;
  fprintf(f, "{\"n\": %lld, \"batch\": %lld, \"layers\": [", (long long)r->n,
          (long long)r->batch);
  for (int i = 0; i < r->nlayers; i++)
    fprintf(f, "%s\"%s\"", i ? ", " : "", r->layer_names[i]);
  fprintf(f, "],\n  \"fit\": ");
  write_logs(f, r, r->loss, r->metrics);
  fprintf(f, ",\n  \"evaluate\": ");
  write_logs(f, r, r->eval.loss, r->eval.metrics);
  fprintf(f, "}\n");
  return fclose(f) == 0 ? 0 : -1;
}

static void write_text(const char *dir, const char *file, const char *text) {
  char path[1024];
  say(path, sizeof path, "%s/%s", dir, file);
  FILE *f = fopen(path, "w");
  if (f) {
    fprintf(f, "%s\n", text);
    fclose(f);
  }
}

static void run_case(const Case *c, const char *out) {
  char dir[1024];
  Why w = {"", ""};
  say(dir, sizeof dir, "%s/%s", out, c->name);
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "tfjs_check: cannot create %s\n", dir);
    return;
  }
  nnc_model *m = NULL;
  Result r = {.loss = NAN};
  int rc = nnc_model_new(&m) == NNC_OK ? 0 : fail(&w, "model");
  if (rc == 0)
    rc = build(m, c->model, &w) || compile(m, c, &r, &w) || train(m, c, dir, &r, &w);
  layer_names(m, &r);
  nnc_model_free(m);
  if (w.skip[0])
    write_text(dir, "skip.txt", w.skip);
  else if (rc != 0 || write_result(dir, &r) != 0)
    write_text(dir, "error.txt", w.err[0] ? w.err : "cannot write nnc.json");
}

/* ---- cases.txt ---- */

/* Splits a line into a case; false for blank lines, comments and `skip` rows. */
static int parse(char *line, Case *c) {
  char *save, *words[4 + MAX_FIELDS];
  int n = 0;
  for (char *t = strtok_r(line, " \t\r\n", &save); t && n < 4 + MAX_FIELDS;
       t = strtok_r(NULL, " \t\r\n", &save)) {
    if (t[0] == '#')
      break;
    words[n++] = t;
  }
  if (n < 4 || strcmp(words[0], "skip") == 0)
    return 0;
  *c = (Case){words[0], words[1], words[2], words[3], {0}, n - 4};
  memcpy(c->opts, words + 4, (size_t)(n - 4) * sizeof *words);
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: tfjs_check CASES OUT_DIR\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "r");
  if (!f) {
    fprintf(stderr, "tfjs_check: cannot open %s\n", argv[1]);
    return 1;
  }
  char line[1024];
  Case c;
  while (fgets(line, sizeof line, f))
    if (parse(line, &c))
      run_case(&c, argv[2]);
  fclose(f);
  return 0;
}
