/* run.c — the lowering: a checked model file executed through the Keras level of nnc.h.
 *
 * The checker has done the work of understanding the file: every call node knows its callable
 * and holds one argument per parameter with Keras's defaults filled in, and objects carry the
 * checker's numbers. So the runner is a plain walk over the statements: constructors of
 * layers, losses, optimizers and callbacks evaluate to the call node that describes them;
 * Sequential(...) and model.add build an nnc_model; compile/fit/evaluate/predict call the
 * runtime. Keras tensors (Input(...), layer calls) are recorded as they are made, and
 * Model(inputs, outputs) adds the layers its output depends on to a new model through the
 * runtime's layer graph. fe_lowerable refuses, before anything runs, what the runtime cannot
 * do yet (inputs of more than one dimension, shared layers, several inputs or outputs).
 *
 * Data and weights files are named relative to the working directory, as in Python.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "base.h"

typedef struct {
  ValueKind vk;
  const Node *call;   /* LAYER, LOSS, OPTIMIZER, CALLBACK, Input: the call that describes it */
  const Node *lit;    /* literals, lists and tuples */
  nnc_tensor *t;      /* TENSOR, owned by the runner */
  int obj;            /* MODEL: index into models; SYMBOLIC: into syms */
  double num[2];      /* METRICS (loss, accuracy), or a FLOAT unpacked from them */
  int nnum;
} RVal;

typedef struct {
  nnc_model *m;
  int64_t features;   /* 0 until an input size is known */
  bool compiled;
  bool functional;    /* made by Model(inputs, outputs) */
} RModel;

/* A Keras tensor of the functional API: what made it and what it reads. */
typedef struct {
  const Node *layer;  /* the call describing its layer: Input(...), Dense(...), Add(), ... */
  Pos pos;            /* where it was made (the layer call) */
  int ninputs;
  int *inputs;        /* owned; the Keras tensors it reads, by object number */
  bool made;
} Sym;

typedef struct {
  const char *name;
  RVal v;
} REntry;

typedef struct {
  Source *s;
  const FeRunOptions *o;
  FILE *out;
  REntry *env;
  int nenv, capenv;
  RModel *models;     /* indexed by the checker's object numbers (nmodels of them) */
  int nmodels;
  Sym *syms;          /* the same numbering: Keras tensors */
  bool *used;         /* the same numbering: layers called once already */
  nnc_tensor **tensors;
  int ntensors, captensors;
  nnc_status st;
  bool stopped;       /* o->before_fit asked to end the run */
  int unnamed[2];     /* Sequential and Model calls without name=, for Keras's default names */
} Runner;

static RVal none_val(void) {
  return (RVal){.vk = VK_NONE, .obj = -1};
}

static RVal fail(Runner *R, Pos p, nnc_status st, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static RVal fail(Runner *R, Pos p, nnc_status st, const char *fmt, ...) {
  char msg[FE_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (R->st == NNC_OK) {
    fe_error(R->s, st, p, "%s", msg);
    R->st = st;
  }
  return none_val();
}

/* A runtime call's failure, at the call's place. */
static bool ok(Runner *R, Pos p, nnc_status st) {
  if (st == NNC_OK)
    return true;
  fail(R, p, st, "%s", nnc_last_error());
  return false;
}

static void own(Runner *R, nnc_tensor *t) {
  if (R->ntensors == R->captensors) {
    int cap = R->captensors ? R->captensors * 2 : 16;
    nnc_tensor **v = base_realloc(R->tensors, (size_t)cap * sizeof *v);
    if (!v) {
      nnc_tensor_free(t);
      R->st = base_error(NNC_ERR_NOMEM, "out of memory");
      return;
    }
    R->tensors = v;
    R->captensors = cap;
  }
  R->tensors[R->ntensors++] = t;
}

static RVal *lookup(Runner *R, const char *name) {
  for (int i = R->nenv - 1; i >= 0; i--)
    if (strcmp(R->env[i].name, name) == 0)
      return &R->env[i].v;
  return NULL;
}

static void bind(Runner *R, const char *name, RVal v) {
  RVal *old = lookup(R, name);
  if (old) {
    *old = v;
    return;
  }
  if (R->nenv == R->capenv) {
    int cap = R->capenv ? R->capenv * 2 : 16;
    REntry *e = base_realloc(R->env, (size_t)cap * sizeof *e);
    if (!e) {
      R->st = base_error(NNC_ERR_NOMEM, "out of memory");
      return;
    }
    R->env = e;
    R->capenv = cap;
  }
  R->env[R->nenv++] = (REntry){name, v};
}

/* ---- reading checked arguments ---- */

static const Node *lit(const Node *call, const char *p) {
  return fe_literal(fe_arg(call, p));
}
static bool is_none(const Node *call, const char *p) {
  const Node *l = lit(call, p);
  return !l || l->kind == EX_NONE;
}
static int64_t int_arg(const Node *call, const char *p, int64_t def) {
  const Node *l = lit(call, p);
  return l && l->kind == EX_INT ? l->ival : def;
}
static double num_arg(const Node *call, const char *p, double def) {
  const Node *l = lit(call, p);
  return !l ? def : l->kind == EX_INT ? (double)l->ival : l->kind == EX_FLOAT ? l->fval : def;
}
static const char *str_arg(const Node *call, const char *p) {
  const Node *l = lit(call, p);
  return l && l->kind == EX_STR ? l->str : NULL;
}
static bool bool_arg(const Node *call, const char *p) {
  const Node *l = lit(call, p);
  return l && l->kind == EX_BOOL && l->ival;
}
/* The first dimension of a shape argument (fe_lowerable made sure there is only one). */
static int64_t features_arg(const Node *call, const char *p) {
  const Node *l = lit(call, p);
  return l && l->nitems == 1 && l->items[0]->lit ? l->items[0]->lit->ival : 0;
}

static RVal eval(Runner *R, const Node *e);

/* ---- models ---- */

/* The row of table t that a (checked) string argument names; `none` when it is None. */
static int named(const Node *call, const char *p, const NameTable *t, int none) {
  const char *s = str_arg(call, p);
  int id = s ? names_find(t, s) : none;
  return id < 0 ? none : id;
}

static nnc_activation activation_arg(const Node *c) {
  return (nnc_activation)named(c, "activation", &names_activations, NNC_ACT_LINEAR);
}

static nnc_dense_options dense_options(const Node *c) {
  nnc_dense_options d = nnc_dense(int_arg(c, "units", 1), activation_arg(c));
  d.use_bias = bool_arg(c, "use_bias");
  d.kernel_initializer =
      (nnc_initializer)named(c, "kernel_initializer", &names_initializers, NNC_INIT_GLOROT_UNIFORM);
  d.bias_initializer = (nnc_initializer)named(c, "bias_initializer", &names_initializers, NNC_INIT_ZEROS);
  d.name = str_arg(c, "name");
  return d;
}

static bool add_input(Runner *R, RModel *rm, int64_t features, Pos p) {
  if (!ok(R, p, nnc_model_add_input(rm->m, features)))
    return false;
  rm->features = features;
  return true;
}

/* One item of Sequential([...]) or model.add(...): Input, Dense or Activation. */
static bool add_layer(Runner *R, RModel *rm, const Node *item) {
  RVal v = eval(R, item);
  const Node *c = v.call;
  int id, n = nnc_model_layer_count(rm->m);
  if (!c)
    return false;
  if (c->fn->id == FN_INPUT)
    return add_input(R, rm, features_arg(c, "shape"), item->pos);
  if (c->fn->id == FN_ACTIVATION) {
    if (n == 0) {
      fail(R, item->pos, NNC_ERR_TYPE, "an Activation layer cannot come first: give the input "
           "size with Input(shape=...), input_shape= or input_dim= before it");
      return false;
    }
    return ok(R, item->pos, nnc_model_activation(rm->m, n - 1, activation_arg(c),
                                                 str_arg(c, "name"), &id));
  }
  int64_t features = !is_none(c, "input_shape") ? features_arg(c, "input_shape")
                     : int_arg(c, "input_dim", 0); /* Keras: input_dim=n is input_shape=(n,) */
  if (n == 0 && rm->features == 0 && features > 0 && !add_input(R, rm, features, item->pos))
    return false;
  nnc_dense_options d = dense_options(c);
  return ok(R, item->pos, nnc_model_add_dense(rm->m, &d));
}

static RModel *new_model(Runner *R, const Node *e) {
  if (e->obj < 0 || e->obj >= R->nmodels) {
    fail(R, e->pos, NNC_ERR_INTERNAL, "internal error: model object %d", e->obj);
    return NULL;
  }
  RModel *rm = &R->models[e->obj];
  if (!ok(R, e->pos, nnc_model_new(&rm->m)))
    return NULL;
  if (R->o->seeded && !ok(R, e->pos, nnc_model_set_seed(rm->m, R->o->seed)))
    return NULL;
  /* Keras numbers the models it names: sequential, sequential_1, ..., functional, ... */
  const char *name = str_arg(e, "name");
  bool seq = e->fn->id == FN_SEQUENTIAL;
  char numbered[32];
  if (!name && R->unnamed[seq]++) {
    snprintf(numbered, sizeof numbered, "%s_%d", seq ? "sequential" : "functional", R->unnamed[seq] - 1);
    name = numbered;
  }
  if (name && !ok(R, e->pos, nnc_model_set_name(rm->m, name)))
    return NULL;
  return rm;
}

static RVal sequential(Runner *R, const Node *e) {
  RModel *rm = new_model(R, e);
  if (!rm)
    return none_val();
  const Node *layers = lit(e, "layers");
  for (int i = 0; layers && layers->kind != EX_NONE && i < layers->nitems && R->st == NNC_OK; i++)
    add_layer(R, rm, layers->items[i]);
  return (RVal){.vk = VK_MODEL, .obj = e->obj};
}

/* ---- the functional API ----
 * Keras tensors are recorded as they are made (Input(...) and layer calls), by the checker's
 * object number; Model(inputs, outputs) then adds the layers its output depends on, in the
 * order they were made, to a new nnc_model. */

static Sym *sym(Runner *R, int obj) {
  return obj >= 0 && obj < R->nmodels ? &R->syms[obj] : NULL;
}

static RVal input_call(Runner *R, const Node *e) {
  Sym *s = sym(R, e->obj);
  if (!s)
    return fail(R, e->pos, NNC_ERR_INTERNAL, "internal error: Input object %d", e->obj);
  *s = (Sym){.layer = e, .pos = e->pos, .made = true};
  return (RVal){.vk = VK_SYMBOLIC, .call = e, .obj = e->obj};
}

/* layer(tensor) or Add()([a, b]): records the Keras tensor it makes. */
static RVal layer_call(Runner *R, const Node *e) {
  RVal layer = eval(R, e->lhs);
  Sym *s = sym(R, e->obj);
  const Node *a = e->nitems == 1 ? e->items[0] : NULL;
  if (!layer.call || !s || !a || (layer.obj >= 0 && layer.obj >= R->nmodels))
    return fail(R, e->pos, NNC_ERR_INTERNAL, "internal error: a layer call the checker did not resolve");
  if (layer.obj >= 0 && R->used[layer.obj])
    return fail(R, e->pos, NNC_ERR_TYPE, "calling the same layer twice (shared weights) is not "
                "supported yet; make a new layer for each call");
  if (layer.obj >= 0)
    R->used[layer.obj] = true;
  bool multi = a->lit && (a->lit->kind == EX_LIST || a->lit->kind == EX_TUPLE);
  int n = multi ? a->lit->nitems : 1;
  *s = (Sym){.layer = layer.call, .pos = e->pos, .ninputs = n};
  s->inputs = base_calloc((size_t)n, sizeof *s->inputs);
  if (!s->inputs)
    return fail(R, e->pos, NNC_ERR_NOMEM, "out of memory");
  for (int i = 0; i < n; i++) {
    RVal v = eval(R, multi ? a->lit->items[i] : a);
    const Sym *in = sym(R, v.obj);
    if (v.vk != VK_SYMBOLIC || !in || !in->made)
      return fail(R, e->pos, NNC_ERR_INTERNAL, "internal error: a layer called on an unknown tensor");
    s->inputs[i] = v.obj;
  }
  s->made = true;
  return (RVal){.vk = VK_SYMBOLIC, .obj = e->obj};
}

/* The one Keras tensor an argument of Model() names (itself, or a list of one). */
static int sym_arg(Runner *R, const Node *e, const char *p) {
  const Node *a = fe_arg(e, p), *l = fe_literal(a);
  if (l && (l->kind == EX_LIST || l->kind == EX_TUPLE))
    a = l->nitems == 1 ? l->items[0] : NULL;
  RVal v = eval(R, a);
  const Sym *s = sym(R, v.obj);
  return v.vk == VK_SYMBOLIC && s && s->made ? v.obj : -1;
}

/* Adds Keras tensor i (its inputs are in already) to the model; ids[] maps tensors to layers. */
static bool add_sym(Runner *R, RModel *rm, int i, int in_obj, int *ids) {
  const Sym *s = &R->syms[i];
  const Node *c = s->layer;
  int in[64], n = s->ninputs < 64 ? s->ninputs : 64;
  for (int k = 0; k < n; k++)
    in[k] = ids[s->inputs[k]];
  const char *name = str_arg(c, "name");
  int64_t f;
  nnc_dense_options d;
  switch (c->fn->id) {
  case FN_INPUT:
    if (i != in_obj)
      return fail(R, s->pos, NNC_ERR_TYPE, "the model's output depends on this Input, which is "
                  "not the model's input"), false;
    f = features_arg(c, "shape");
    rm->features = f;
    return ok(R, s->pos, nnc_model_input(rm->m, 1, &f, name, &ids[i]));
  case FN_DENSE:
    d = dense_options(c);
    return ok(R, s->pos, nnc_model_dense(rm->m, in[0], &d, &ids[i]));
  case FN_ACTIVATION:
    return ok(R, s->pos, nnc_model_activation(rm->m, in[0], activation_arg(c), name, &ids[i]));
  case FN_ADD:
    return ok(R, s->pos, nnc_model_add_layer(rm->m, n, in, name, &ids[i]));
  case FN_CONCATENATE:
    return ok(R, s->pos, nnc_model_concatenate(rm->m, n, in, (int)int_arg(c, "axis", -1), name, &ids[i]));
  default:
    return fail(R, s->pos, NNC_ERR_INTERNAL, "internal error: layer %s", c->fn->name), false;
  }
}

/* The layers `out` depends on, in the order they were made (an input is made before what
 * reads it, so object numbers are a topological order). */
static bool lower_graph(Runner *R, RModel *rm, int in_obj, int out_obj) {
  bool *need = base_calloc((size_t)out_obj + 1, sizeof *need);
  int *ids = base_calloc((size_t)out_obj + 1, sizeof *ids);
  bool good = need && ids;
  if (!good)
    fail(R, (Pos){0, 0}, NNC_ERR_NOMEM, "out of memory");
  if (good)
    need[out_obj] = true;
  for (int i = out_obj; good && i >= 0; i--)
    for (int k = 0; need[i] && k < R->syms[i].ninputs; k++)
      need[R->syms[i].inputs[k]] = true;
  for (int i = 0; good && i <= out_obj; i++)
    if (need[i])
      good = add_sym(R, rm, i, in_obj, ids);
  if (good)
    good = ok(R, R->syms[out_obj].pos, nnc_model_set_outputs(rm->m, 1, &ids[out_obj]));
  base_free(need);
  base_free(ids);
  return good;
}

static RVal functional(Runner *R, const Node *e) {
  int in = sym_arg(R, e, "inputs"), out = sym_arg(R, e, "outputs");
  if (in < 0 || out < 0)
    return fail(R, e->pos, NNC_ERR_INTERNAL, "internal error: Model() of unknown tensors");
  if (R->syms[in].layer->fn->id != FN_INPUT)
    return fail(R, fe_arg(e, "inputs")->pos, NNC_ERR_TYPE, "Model's inputs must be an Input(...) "
                "tensor, not the output of a layer");
  if (R->syms[out].layer->fn->id == FN_INPUT)
    return fail(R, fe_arg(e, "outputs")->pos, NNC_ERR_TYPE, "Model's outputs must come from a "
                "layer, not straight from an Input");
  RModel *rm = new_model(R, e);
  if (!rm)
    return none_val();
  rm->functional = true;
  lower_graph(R, rm, in, out);
  return (RVal){.vk = VK_MODEL, .obj = e->obj};
}


/* ---- compile and fit ---- */

/* compile(optimizer='adam'): Keras's defaults of the optimizer named. */
static nnc_optimizer optimizer(const Node *opt_arg) {
  const Node *l = fe_literal(opt_arg);
  int k = l && l->kind == EX_STR ? names_find(&names_optimizers, l->str) : -1;
  return nnc_optimizer_defaults(k < 0 ? NNC_OPT_RMSPROP : (nnc_optimizer_kind)k);
}

/* Adam(learning_rate=...): the class's row (its name is an accepted name), then the
 * arguments, which carry the names of nnc_optimizer's fields. */
static nnc_optimizer optimizer_object(const Node *c) {
  int k = names_find(&names_optimizers, c->fn->name);
  nnc_optimizer o = nnc_optimizer_defaults(k < 0 ? NNC_OPT_RMSPROP : (nnc_optimizer_kind)k);
  o.learning_rate = num_arg(c, "learning_rate", o.learning_rate);
  o.momentum = num_arg(c, "momentum", o.momentum);
  o.nesterov = bool_arg(c, "nesterov");
  o.beta_1 = num_arg(c, "beta_1", o.beta_1);
  o.beta_2 = num_arg(c, "beta_2", o.beta_2);
  o.rho = num_arg(c, "rho", o.rho);
  o.epsilon = num_arg(c, "epsilon", o.epsilon);
  return o;
}

static RVal compile(Runner *R, RModel *rm, const Node *e) {
  RVal loss = eval(R, fe_arg(e, "loss")), opt = eval(R, fe_arg(e, "optimizer"));
  nnc_compile_options c;
  /* a loss class's name is one of its accepted names too */
  int k = names_find(&names_losses, loss.call ? loss.call->fn->name : loss.lit->str);
  c = nnc_compile_defaults(k < 0 ? NNC_LOSS_MEAN_SQUARED_ERROR : (nnc_loss_kind)k);
  if (loss.call)
    c.from_logits = bool_arg(loss.call, "from_logits");
  c.optimizer = opt.call ? optimizer_object(opt.call) : optimizer(fe_arg(e, "optimizer"));
  const Node *metrics = lit(e, "metrics");
  for (int i = 0; metrics && metrics->kind != EX_NONE && i < metrics->nitems; i++) {
    const Node *m = metrics->items[i]->lit;
    c.accuracy |= m && m->kind == EX_STR && names_find(&names_metrics, m->str) == NNC_METRIC_ACCURACY;
  }
  rm->compiled = ok(R, e->pos, nnc_model_compile(rm->m, &c));
  return none_val();
}

static int verbosity(const Node *call) {
  const Node *l = lit(call, "verbose");
  return l && l->kind == EX_INT ? l->ival != 0 : 1;
}

/* EarlyStopping(...) as the runtime's options (fe_lowerable allows one per fit). */
static nnc_early_stopping early_stopping(const Node *c) {
  static const char *const modes[] = {"auto", "min", "max"};
  nnc_early_stopping es = nnc_early_stopping_defaults();
  int mode = fe_string_index(modes, 3, str_arg(c, "mode"));
  es.monitor = (nnc_monitor)named(c, "monitor", &names_monitors, NNC_MONITOR_VAL_LOSS);
  es.mode = (nnc_mode)(mode < 0 ? 0 : mode);
  es.min_delta = fabs(num_arg(c, "min_delta", 0));
  es.patience = (int)int_arg(c, "patience", 0);
  es.verbose = int_arg(c, "verbose", 0) != 0;
  es.restore_best_weights = bool_arg(c, "restore_best_weights");
  return es;
}

static RVal fit(Runner *R, RModel *rm, const Node *e) {
  RVal x = eval(R, fe_arg(e, "x")), y = eval(R, fe_arg(e, "y"));
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = (int)int_arg(e, "epochs", 1);
  f.batch_size = int_arg(e, "batch_size", 32);
  f.validation_split = num_arg(e, "validation_split", 0);
  f.shuffle = bool_arg(e, "shuffle");
  f.verbose = verbosity(e);
  f.initial_epoch = (int)int_arg(e, "initial_epoch", 0);
  const Node *val = lit(e, "validation_data");
  if (val && (val->kind == EX_TUPLE || val->kind == EX_LIST) && val->nitems == 2) {
    RVal xv = eval(R, val->items[0]), yv = eval(R, val->items[1]);
    f.x_val = xv.t;
    f.y_val = yv.t;
  }
  const Node *cbs = lit(e, "callbacks");
  for (int i = 0; cbs && cbs->kind != EX_NONE && i < cbs->nitems; i++) {
    RVal cb = eval(R, cbs->items[i]);
    if (cb.call && cb.call->fn->id == FN_EARLY_STOPPING)
      f.early_stopping = early_stopping(cb.call);
  }
  if (R->st != NNC_OK || !x.t || !y.t)
    return (RVal){.vk = VK_HISTORY, .obj = -1};
  if (R->o->before_fit && R->o->before_fit(rm->m, x.t, y.t, &f, R->o->user))
    R->stopped = true;
  else
    ok(R, e->pos, nnc_model_fit(rm->m, x.t, y.t, &f));
  return (RVal){.vk = VK_HISTORY, .obj = -1};
}

static RVal evaluate(Runner *R, RModel *rm, const Node *e) {
  RVal x = eval(R, fe_arg(e, "x")), y = eval(R, fe_arg(e, "y"));
  nnc_metrics met = {NAN, NAN};
  if (!x.t || !y.t || !ok(R, e->pos, nnc_model_evaluate(rm->m, x.t, y.t, int_arg(e, "batch_size", 32), &met)))
    return none_val();
  RVal v = {.vk = VK_METRICS, .obj = -1, .num = {met.loss, met.accuracy}, .nnum = isnan(met.accuracy) ? 1 : 2};
  if (verbosity(e))
    fprintf(stderr, v.nnum == 2 ? "loss: %.4f - accuracy: %.4f\n" : "loss: %.4f\n", met.loss, met.accuracy);
  return v;
}

static RVal predict(Runner *R, RModel *rm, const Node *e) {
  RVal x = eval(R, fe_arg(e, "x"));
  nnc_tensor *out = NULL;
  /* Keras predicts with an uncompiled model; the runtime compiles first (any loss will do). */
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  if (!rm->compiled && !(rm->compiled = ok(R, e->pos, nnc_model_compile(rm->m, &c))))
    return none_val();
  if (!x.t || !ok(R, e->pos, nnc_model_predict(rm->m, x.t, int_arg(e, "batch_size", 32), &out)))
    return none_val();
  own(R, out);
  return (RVal){.vk = VK_TENSOR, .obj = -1, .t = out};
}

/* ---- summary ---- */

static void summary(Runner *R, const RModel *rm, const Node *e) {
  ok(R, e->pos, nnc_model_summary(rm->m, R->out, (int)int_arg(e, "line_length", 0)));
}

/* ---- printing values ---- */

static void print_lit(FILE *out, const Node *l, bool nested) {
  switch (l->kind) {
  case EX_INT: fprintf(out, "%lld", (long long)l->ival); break;
  case EX_FLOAT: {
    char buf[40];
    for (int prec = 15; prec <= 17; prec++) {
      snprintf(buf, sizeof buf, "%.*g", prec, l->fval);
      if (strtod(buf, NULL) == l->fval)
        break;
    }
    fprintf(out, "%s%s", buf, strpbrk(buf, ".eni") ? "" : ".0");
    break;
  }
  case EX_STR:
    fprintf(out, nested ? "'" : "");
    fwrite(l->str, 1, l->slen, out);
    fprintf(out, nested ? "'" : "");
    break;
  case EX_BOOL: fprintf(out, l->ival ? "True" : "False"); break;
  case EX_NONE: fprintf(out, "None"); break;
  default: fprintf(out, "?"); break;
  }
}

static void print_tensor(FILE *out, const nnc_tensor *t) {
  int rank = nnc_tensor_rank(t);
  int64_t rows = rank >= 1 ? nnc_tensor_dim(t, 0) : 1, cols = rank >= 2 ? nnc_tensor_numel(t) / (rows ? rows : 1) : 0;
  const float *f = nnc_tensor_dtype(t) == NNC_F32 ? nnc_tensor_cdata(t) : NULL;
  const double *d = nnc_tensor_dtype(t) == NNC_F64 ? nnc_tensor_cdata(t) : NULL;
  const int32_t *k = nnc_tensor_dtype(t) == NNC_I32 ? nnc_tensor_cdata(t) : NULL;
  fprintf(out, "[");
  for (int64_t r = 0; r < rows; r++) {
    if (rows > 6 && r == 3) {
      fprintf(out, "%s...", rank >= 2 ? "\n " : " ");
      r = rows - 3;
    }
    if (rank >= 2)
      fprintf(out, "%s[", r ? "\n " : "");
    int64_t n = rank >= 2 ? cols : 1;
    for (int64_t c = 0; c < n; c++) {
      int64_t i = r * n + c;
      if (n > 6 && c == 3) {
        fprintf(out, " ...");
        c = n - 3;
        i = r * n + c;
      }
      double v = f ? f[i] : d ? d[i] : (double)k[i];
      fprintf(out, "%s%.6g", c || (rank < 2 && r) ? " " : "", v);
    }
    if (rank >= 2)
      fprintf(out, "]");
  }
  fprintf(out, "]");
}

static void print_val(Runner *R, const Node *e, RVal v, bool nested) {
  FILE *out = R->out;
  if (v.vk == VK_TENSOR && v.t) {
    print_tensor(out, v.t);
  } else if (v.vk == VK_METRICS) {
    if (v.nnum == 2)
      fprintf(out, "[%.17g, %.17g]", v.num[0], v.num[1]);
    else
      fprintf(out, "%.17g", v.num[0]);
  } else if (v.vk == VK_FLOAT && !v.lit) {
    fprintf(out, "%.17g", v.num[0]);
  } else if (v.lit && (v.lit->kind == EX_LIST || v.lit->kind == EX_TUPLE)) {
    bool list = v.lit->kind == EX_LIST;
    fprintf(out, list ? "[" : "(");
    for (int i = 0; i < v.lit->nitems; i++) {
      fprintf(out, i ? ", " : "");
      print_val(R, v.lit->items[i], eval(R, v.lit->items[i]), true);
    }
    fprintf(out, !list && v.lit->nitems == 1 ? ",)" : list ? "]" : ")");
  } else if (v.lit) {
    print_lit(out, v.lit, nested);
  } else {
    bool fm = v.vk == VK_MODEL && v.obj >= 0 && v.obj < R->nmodels && R->models[v.obj].functional;
    const char *what = v.vk == VK_MODEL ? (fm ? "Functional" : "Sequential") : v.vk == VK_SYMBOLIC ? "KerasTensor"
                     : v.vk == VK_HISTORY ? "History"
                     : v.call ? v.call->fn->name : e && e->kind == EX_NAME ? e->name : "object";
    fprintf(out, "<%s>", what);
  }
}

/* ---- calls ---- */

/* model.save(filepath, include_optimizer=True): a checkpoint, or the weights alone. */
static void save_model(Runner *R, RModel *rm, const Node *e) {
  const char *path = str_arg(e, "filepath");
  ok(R, e->pos, bool_arg(e, "include_optimizer") ? nnc_model_save_checkpoint(rm->m, path)
                                                 : nnc_model_save_weights(rm->m, path));
}

static RVal method(Runner *R, const Node *e) {
  RVal recv = eval(R, e->lhs->lhs);
  if (recv.vk != VK_MODEL || recv.obj < 0 || recv.obj >= R->nmodels || !R->models[recv.obj].m)
    return fail(R, e->pos, NNC_ERR_INTERNAL, "internal error: %s() on a model that was not built", e->fn->name);
  RModel *rm = &R->models[recv.obj];
  switch (e->fn->id) {
  case FN_COMPILE: return compile(R, rm, e);
  case FN_FIT: return fit(R, rm, e);
  case FN_EVALUATE: return evaluate(R, rm, e);
  case FN_PREDICT: return predict(R, rm, e);
  case FN_SUMMARY: summary(R, rm, e); return none_val();
  case FN_SAVE_WEIGHTS: ok(R, e->pos, nnc_model_save_weights(rm->m, str_arg(e, "filepath"))); return none_val();
  case FN_LOAD_WEIGHTS: ok(R, e->pos, nnc_model_load_checkpoint(rm->m, str_arg(e, "filepath"))); return none_val();
  case FN_SAVE_MODEL: save_model(R, rm, e); return none_val();
  case FN_ADD_LAYER: add_layer(R, rm, fe_arg(e, "layer")); return none_val();
  default: return fail(R, e->pos, NNC_ERR_INTERNAL, "internal error: method %s", e->fn->name);
  }
}

static RVal load(Runner *R, const Node *e, const char *path) {
  nnc_tensor *t = NULL;
  if (!ok(R, e->pos, nnc_tensor_load(path ? path : str_arg(e, "file"), NNC_F32, &t)))
    return none_val();
  own(R, t);
  return (RVal){.vk = VK_TENSOR, .obj = -1, .t = t};
}

static RVal call(Runner *R, const Node *e) {
  const Callable *fn = e->fn;
  if (e->lhs->vk == VK_LAYER)
    return layer_call(R, e);
  if (!fn)
    return fail(R, e->pos, NNC_ERR_INTERNAL, "internal error: a call the checker did not resolve");
  if (e->lhs->vk == VK_METHOD)
    return method(R, e);
  switch (fn->id) {
  case FN_SEQUENTIAL: return sequential(R, e);
  case FN_MODEL: return functional(R, e);
  case FN_INPUT: return input_call(R, e);
  case FN_LOAD: return load(R, e, NULL);
  case FN_SAVE: {
    RVal t = eval(R, fe_arg(e, "tensor"));
    if (t.t)
      ok(R, e->pos, nnc_tensor_save(t.t, str_arg(e, "file")));
    return none_val();
  }
  case FN_R2_SCORE: {
    RVal t = eval(R, fe_arg(e, "y_true")), p = eval(R, fe_arg(e, "y_pred"));
    RVal v = {.vk = VK_FLOAT, .obj = -1, .nnum = 1};
    return t.t && p.t && ok(R, e->pos, fe_r2_score(t.t, p.t, &v.num[0])) ? v : none_val();
  }
  case FN_PRINT:
    for (int i = 0; i < e->nitems; i++) {
      fprintf(R->out, i ? " " : "");
      print_val(R, e->items[i], eval(R, e->items[i]), false);
    }
    fprintf(R->out, "\n");
    return none_val();
  default:
    return (RVal){.vk = e->vk, .call = e, .obj = e->obj};
  }
}

static RVal eval(Runner *R, const Node *e) {
  if (!e || R->st != NNC_OK)
    return none_val();
  if (e->kind == EX_NAME) {
    RVal *v = lookup(R, e->name);
    return v ? *v : (RVal){.vk = e->vk, .obj = e->obj, .lit = e->lit};
  }
  if (e->kind == EX_CALL)
    return call(R, e);
  return (RVal){.vk = e->vk, .obj = e->obj, .lit = e->lit};
}

/* ---- statements ---- */

static const char *defined_path(Runner *R, const char *name) {
  for (int i = 0; i < R->o->ndefines; i++)
    if (strcmp(R->o->define_names[i], name) == 0)
      return R->o->define_paths[i];
  return NULL;
}

static void assign(Runner *R, const Node *st) {
  const Node *rhs = st->lhs;
  if (!st->ival) {
    const char *name = st->items[0]->name, *path = defined_path(R, name);
    bool is_load = rhs->kind == EX_CALL && rhs->fn && rhs->fn->id == FN_LOAD;
    bind(R, name, path && is_load ? load(R, rhs, path) : eval(R, rhs));
    return;
  }
  RVal v = eval(R, rhs);
  for (int i = 0; i < st->nitems && R->st == NNC_OK; i++) {
    RVal item = {.vk = VK_FLOAT, .obj = -1, .num = {v.num[i < 2 ? i : 0]}, .nnum = 1};
    if (v.lit && (v.lit->kind == EX_LIST || v.lit->kind == EX_TUPLE) && i < v.lit->nitems)
      item = eval(R, v.lit->items[i]);
    bind(R, st->items[i]->name, item);
  }
}

/* The model made last (models are numbered in the order the file makes them), or NULL. */
static nnc_model *last_model(const Runner *R) {
  for (int i = R->nmodels - 1; i >= 0; i--)
    if (R->models[i].m)
      return R->models[i].m;
  return NULL;
}

nnc_status fe_run(Source *s, const Module *m, const FeChecked *objs, const FeRunOptions *o) {
  FeRunOptions none = {0};
  Runner R = {.s = s, .o = o ? o : &none, .out = o && o->out ? o->out : stdout};
  R.nmodels = objs ? objs->nobjs : 0;
  R.models = base_calloc(R.nmodels ? (size_t)R.nmodels : 1, sizeof(RModel));
  R.syms = base_calloc(R.nmodels ? (size_t)R.nmodels : 1, sizeof(Sym));
  R.used = base_calloc(R.nmodels ? (size_t)R.nmodels : 1, sizeof(bool));
  if (!R.models || !R.syms || !R.used) {
    base_free(R.models), base_free(R.syms), base_free(R.used);
    return base_error(NNC_ERR_NOMEM, "out of memory");
  }
  for (int i = 0; i < m->nstmts && R.st == NNC_OK && !R.stopped; i++) {
    const Node *st = m->stmts[i];
    if (st->kind == ST_ASSIGN)
      assign(&R, st);
    else if (st->kind == ST_EXPR)
      eval(&R, st->lhs);
  }
  fflush(R.out);
  if (o && o->at_end && R.st == NNC_OK && !R.stopped)
    o->at_end(last_model(&R), o->user);
  for (int i = 0; i < R.nmodels; i++) {
    nnc_model_free(R.models[i].m);
    base_free(R.syms[i].inputs);
  }
  for (int i = 0; i < R.ntensors; i++)
    nnc_tensor_free(R.tensors[i]);
  base_free(R.models);
  base_free(R.syms);
  base_free(R.used);
  base_free(R.tensors);
  base_free(R.env);
  nnc_status st = R.st;
  if (st != NNC_OK && s->ndiags > 0)
    st = fe_status(s);
  return st;
}

/* ---- what nnc run cannot do yet ---- */

static void refuse(Source *s, Pos p, const char *what) {
  fe_error(s, NNC_ERR_TYPE, p, "%s is not supported by nnc run yet", what);
}

/* Layer objects already called (a second call would share weights). */
typedef struct {
  int *objs;
  int n, cap;
  bool nomem;
} Called;

static bool called_before(Called *c, int obj) {
  for (int i = 0; i < c->n; i++)
    if (c->objs[i] == obj)
      return true;
  if (c->n == c->cap) {
    int cap = c->cap ? 2 * c->cap : 32;
    int *v = base_realloc(c->objs, (size_t)cap * sizeof *v);
    if (!v) {
      c->nomem = true;
      return false;
    }
    c->objs = v;
    c->cap = cap;
  }
  c->objs[c->n++] = obj;
  return false;
}

/* A layer of Sequential([...]) or model.add(...) that joins tensors. */
static void sequential_item(Source *s, const Node *item) {
  if (item && item->vk == VK_LAYER && item->fn && (item->fn->id == FN_ADD || item->fn->id == FN_CONCATENATE))
    fe_error(s, NNC_ERR_TYPE, item->pos, "%s joins several tensors and cannot be a layer of a "
             "Sequential model; use the functional API (Model(inputs, outputs))", item->fn->name);
}

static void several(Source *s, const Node *arg, const char *what) {
  const Node *l = fe_literal(arg);
  if (l && (l->kind == EX_LIST || l->kind == EX_TUPLE) && l->nitems > 1)
    refuse(s, arg->pos, what);
}

static void lowerable_call(Source *s, const Node *e, Called *called) {
  const Node *l;
  int nstop = 0;
  switch (e->fn->id) {
  case FN_INPUT:
  case FN_DENSE:
    l = lit(e, e->fn->id == FN_INPUT ? "shape" : "input_shape");
    if (l && (l->kind == EX_LIST || l->kind == EX_TUPLE) && l->nitems != 1)
      refuse(s, fe_arg(e, e->fn->id == FN_INPUT ? "shape" : "input_shape")->pos,
             "an input of more than one dimension");
    if (e->fn->id == FN_INPUT && !is_none(e, "batch_size"))
      refuse(s, fe_arg(e, "batch_size")->pos, "Input(batch_size=)");
    break;
  case FN_SEQUENTIAL:
    l = lit(e, "layers");
    for (int i = 0; l && (l->kind == EX_LIST || l->kind == EX_TUPLE) && i < l->nitems; i++)
      sequential_item(s, l->items[i]);
    break;
  case FN_ADD_LAYER: sequential_item(s, fe_arg(e, "layer")); break;
  case FN_MODEL:
    several(s, fe_arg(e, "inputs"), "a model with more than one input");
    several(s, fe_arg(e, "outputs"), "a model with more than one output");
    break;
  case FN_FIT:
    l = lit(e, "callbacks");
    for (int i = 0; l && (l->kind == EX_LIST || l->kind == EX_TUPLE) && i < l->nitems; i++)
      if (l->items[i]->vk == VK_CALLBACK && ++nstop == 2)
        refuse(s, l->items[i]->pos, "more than one EarlyStopping callback in one fit");
    break;
  default: break;
  }
  (void)called;
}

static void lowerable_expr(Source *s, const Node *e, Called *called) {
  if (!e)
    return;
  bool layer_call = e->kind == EX_CALL && e->lhs->vk == VK_LAYER;
  if (layer_call && e->lhs->obj >= 0 && called_before(called, e->lhs->obj))
    fe_error(s, NNC_ERR_TYPE, e->pos, "calling the same layer twice (shared weights) is not "
             "supported by nnc run yet; make a new layer for each call");
  else if (e->kind == EX_CALL && e->fn && !layer_call)
    lowerable_call(s, e, called);
  lowerable_expr(s, e->kind == EX_CALL ? e->lhs : NULL, called);
  for (int i = 0; i < e->nitems; i++)
    lowerable_expr(s, e->items[i]->kind == EX_KW ? e->items[i]->lhs : e->items[i], called);
}

nnc_status fe_lowerable(Source *s, const Module *m) {
  Called called = {0};
  for (int i = 0; i < m->nstmts; i++)
    if (m->stmts[i]->kind == ST_ASSIGN || m->stmts[i]->kind == ST_EXPR)
      lowerable_expr(s, m->stmts[i]->lhs, &called);
  base_free(called.objs);
  if (called.nomem)
    return base_error(NNC_ERR_NOMEM, "out of memory");
  fe_diags_sort(s);
  return fe_status(s);
}
