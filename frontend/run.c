/* run.c — the lowering: a checked model file executed through the Keras level of nnc.h.
 *
 * The checker has done the work of understanding the file: every call node knows its callable
 * and holds one argument per parameter with Keras's defaults filled in, and objects carry the
 * checker's numbers. So the runner is a plain walk over the statements: constructors of
 * layers, losses, optimizers and callbacks evaluate to the call node that describes them;
 * Sequential(...) and model.add build an nnc_model; compile/fit/evaluate/predict call the
 * runtime. fe_lowerable refuses, before anything runs, what the runtime cannot do yet (the
 * functional API, Activation layers, validation_data, ...).
 *
 * Data and weights files are named relative to the working directory, as in Python.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "ir.h"

typedef struct {
  ValueKind vk;
  const Node *call;   /* LAYER, LOSS, OPTIMIZER, CALLBACK, Input: the call that describes it */
  const Node *lit;    /* literals, lists and tuples */
  nnc_tensor *t;      /* TENSOR, owned by the runner */
  int obj;            /* MODEL: index into models */
  double num[2];      /* METRICS (loss, accuracy), or a FLOAT unpacked from them */
  int nnum;
} RVal;

typedef struct {
  nnc_model *m;
  int64_t features;   /* 0 until an input size is known */
  bool compiled;
  const Node **layers;/* the Dense calls, in order */
  int nlayers, cap;
} RModel;

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
  RModel *models;     /* indexed by the checker's object numbers */
  int nmodels;
  nnc_tensor **tensors;
  int ntensors, captensors;
  nnc_status st;
  bool stopped;       /* o->before_fit asked to end the run */
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
    nnc_tensor **v = ir_realloc(R->tensors, (size_t)cap * sizeof *v);
    if (!v) {
      nnc_tensor_free(t);
      R->st = ir_error(NNC_ERR_NOMEM, "out of memory");
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
    REntry *e = ir_realloc(R->env, (size_t)cap * sizeof *e);
    if (!e) {
      R->st = ir_error(NNC_ERR_NOMEM, "out of memory");
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

static bool push_layer(Runner *R, RModel *rm, const Node *call) {
  if (rm->nlayers == rm->cap) {
    int cap = rm->cap ? rm->cap * 2 : 8;
    const Node **v = ir_realloc(rm->layers, (size_t)cap * sizeof *v);
    if (!v) {
      R->st = ir_error(NNC_ERR_NOMEM, "out of memory");
      return false;
    }
    rm->layers = v;
    rm->cap = cap;
  }
  rm->layers[rm->nlayers++] = call;
  return true;
}

static bool add_input(Runner *R, RModel *rm, int64_t features, Pos p) {
  if (!ok(R, p, nnc_model_add_input(rm->m, features)))
    return false;
  rm->features = features;
  return true;
}

static bool add_layer(Runner *R, RModel *rm, const Node *item) {
  RVal v = eval(R, item);
  const Node *c = v.call;
  if (!c)
    return false;
  if (c->fn->id == FN_INPUT)
    return add_input(R, rm, features_arg(c, "shape"), item->pos);
  if (rm->nlayers == 0 && rm->features == 0 && !is_none(c, "input_shape") &&
      !add_input(R, rm, features_arg(c, "input_shape"), item->pos))
    return false;
  const char *act = str_arg(c, "activation");
  int a = act ? fe_string_index(fe_activations, fe_nactivations, act) : NNC_ACT_LINEAR;
  nnc_dense_options d = nnc_dense(int_arg(c, "units", 1), (nnc_activation)(a < 0 ? 0 : a));
  d.use_bias = bool_arg(c, "use_bias");
  d.kernel_initializer = (nnc_initializer)fe_string_index(fe_initializers, fe_ninitializers,
                                                          str_arg(c, "kernel_initializer"));
  d.bias_initializer = (nnc_initializer)fe_string_index(fe_initializers, fe_ninitializers,
                                                        str_arg(c, "bias_initializer"));
  d.name = str_arg(c, "name");
  return ok(R, item->pos, nnc_model_add_dense(rm->m, &d)) && push_layer(R, rm, c);
}

static RVal sequential(Runner *R, const Node *e) {
  if (e->obj < 0 || e->obj >= R->nmodels)
    return fail(R, e->pos, NNC_ERR_INTERNAL, "internal error: model object %d", e->obj);
  RModel *rm = &R->models[e->obj];
  if (!ok(R, e->pos, nnc_model_new(&rm->m)))
    return none_val();
  if (R->o->seeded && !ok(R, e->pos, nnc_model_set_seed(rm->m, R->o->seed)))
    return none_val();
  const Node *layers = lit(e, "layers");
  for (int i = 0; layers && layers->kind != EX_NONE && i < layers->nitems && R->st == NNC_OK; i++)
    add_layer(R, rm, layers->items[i]);
  return (RVal){.vk = VK_MODEL, .obj = e->obj};
}


/* ---- compile and fit ---- */

static nnc_optimizer optimizer(const Node *opt_arg) {
  const Node *l = fe_literal(opt_arg);
  if (l && l->kind == EX_STR) {
    int k = fe_named_find(fe_optimizers, fe_noptimizers, l->str);
    return k == NNC_OPT_SGD ? nnc_sgd() : k == NNC_OPT_ADAM ? nnc_adam() : nnc_rmsprop();
  }
  return nnc_rmsprop();
}

static nnc_optimizer optimizer_object(const Node *c) {
  nnc_optimizer o = c->fn->id == FN_SGD ? nnc_sgd() : c->fn->id == FN_ADAM ? nnc_adam() : nnc_rmsprop();
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
  if (loss.call) {
    static const nnc_loss_kind kinds[] = {
        [FN_BCE] = NNC_LOSS_BINARY_CROSSENTROPY, [FN_MSE] = NNC_LOSS_MEAN_SQUARED_ERROR,
        [FN_CCE] = NNC_LOSS_CATEGORICAL_CROSSENTROPY, [FN_SCCE] = NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY};
    c = nnc_compile_defaults(kinds[loss.call->fn->id]);
    c.from_logits = bool_arg(loss.call, "from_logits");
  } else {
    c = nnc_compile_defaults((nnc_loss_kind)fe_named_find(fe_losses, fe_nlosses, loss.lit->str));
  }
  c.optimizer = opt.call ? optimizer_object(opt.call) : optimizer(fe_arg(e, "optimizer"));
  const Node *metrics = lit(e, "metrics");
  c.accuracy = metrics && metrics->kind != EX_NONE && metrics->nitems > 0;
  rm->compiled = ok(R, e->pos, nnc_model_compile(rm->m, &c));
  return none_val();
}

/* EarlyStopping, as Keras does it: stop when the monitored quantity has not improved by
 * min_delta for `patience` epochs. */
typedef struct {
  const Node *cb[8];
  double best[8];
  int wait[8];
  int n;
} Stopper;

static double monitored(const nnc_epoch_log *log, const char *what) {
  return strcmp(what, "loss") == 0 ? log->loss : strcmp(what, "accuracy") == 0 ? log->accuracy
       : strcmp(what, "val_accuracy") == 0 ? log->val_accuracy : log->val_loss;
}

static int on_epoch(const nnc_epoch_log *log, void *user) {
  Stopper *st = user;
  int stop = 0;
  for (int i = 0; i < st->n; i++) {
    const char *what = str_arg(st->cb[i], "monitor"), *mode = str_arg(st->cb[i], "mode");
    double v = monitored(log, what), delta = fabs(num_arg(st->cb[i], "min_delta", 0));
    if (isnan(v))
      continue;
    bool max = strcmp(mode, "max") == 0 || (strcmp(mode, "auto") == 0 && strstr(what, "accuracy"));
    bool better = isnan(st->best[i]) || (max ? v > st->best[i] + delta : v < st->best[i] - delta);
    if (better) {
      st->best[i] = v;
      st->wait[i] = 0;
    } else if (++st->wait[i] > int_arg(st->cb[i], "patience", 0)) {
      stop = 1;
    }
  }
  return stop;
}

static int verbosity(const Node *call) {
  const Node *l = lit(call, "verbose");
  return l && l->kind == EX_INT ? l->ival != 0 : 1;
}

static RVal fit(Runner *R, RModel *rm, const Node *e) {
  RVal x = eval(R, fe_arg(e, "x")), y = eval(R, fe_arg(e, "y"));
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = (int)int_arg(e, "epochs", 1);
  f.batch_size = int_arg(e, "batch_size", 32);
  f.validation_split = num_arg(e, "validation_split", 0);
  f.shuffle = bool_arg(e, "shuffle");
  f.verbose = verbosity(e);
  Stopper st = {.n = 0};
  const Node *cbs = lit(e, "callbacks");
  for (int i = 0; cbs && cbs->kind != EX_NONE && i < cbs->nitems && st.n < 8; i++) {
    RVal cb = eval(R, cbs->items[i]);
    st.cb[st.n] = cb.call;
    st.best[st.n] = NAN;
    st.wait[st.n++] = 0;
  }
  if (st.n) {
    f.on_epoch = on_epoch;
    f.user = &st;
  }
  if (x.t && y.t && R->o->before_fit && R->o->before_fit(rm->m, x.t, y.t, &f, R->o->user))
    R->stopped = true;
  else if (x.t && y.t)
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

static void commas(char *buf, size_t n, int64_t v) {
  char digits[32];
  int len = snprintf(digits, sizeof digits, "%lld", (long long)v), o = 0;
  for (int i = 0; i < len && (size_t)o + 2 < n; i++) {
    if (i && (len - i) % 3 == 0)
      buf[o++] = ',';
    buf[o++] = digits[i];
  }
  buf[o] = '\0';
}

static void summary(Runner *R, const RModel *rm) {
  FILE *out = R->out;
  char name[64], shape[32], count[32];
  int64_t in = rm->features, total = 0;
  fprintf(out, "Model: \"sequential\"\n%-33s %-24s %15s\n", "Layer (type)", "Output Shape", "Param #");
  fprintf(out, "=========================================================================\n");
  for (int i = 0; i < rm->nlayers; i++) {
    const Node *c = rm->layers[i];
    int64_t units = int_arg(c, "units", 0);
    int64_t p = in ? in * units + (bool_arg(c, "use_bias") ? units : 0) : 0;
    total += p;
    if (str_arg(c, "name"))
      snprintf(name, sizeof name, "%.40s (Dense)", str_arg(c, "name"));
    else
      snprintf(name, sizeof name, i ? "dense_%d (Dense)" : "dense (Dense)", i);
    snprintf(shape, sizeof shape, "(None, %lld)", (long long)units);
    commas(count, sizeof count, p);
    fprintf(out, "%-33s %-24s %15s\n", name, shape, in ? count : "0 (unbuilt)");
    in = in ? units : 0;
  }
  commas(count, sizeof count, total);
  double kb = (double)total * 4 / 1024;
  fprintf(out, "=========================================================================\n");
  fprintf(out, " Total params: %s (%.2f KB)\n Trainable params: %s (%.2f KB)\n Non-trainable params: 0 (0.00 B)\n",
          count, kb, count, kb);
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
    const char *what = v.vk == VK_MODEL ? "Sequential" : v.vk == VK_HISTORY ? "History"
                     : v.call ? v.call->fn->name : e && e->kind == EX_NAME ? e->name : "object";
    fprintf(out, "<%s>", what);
  }
}

/* ---- calls ---- */

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
  case FN_SUMMARY: summary(R, rm); return none_val();
  case FN_SAVE_WEIGHTS: ok(R, e->pos, nnc_model_save_weights(rm->m, str_arg(e, "filepath"))); return none_val();
  case FN_LOAD_WEIGHTS: ok(R, e->pos, nnc_model_load_weights(rm->m, str_arg(e, "filepath"))); return none_val();
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
  if (!fn || e->lhs->vk == VK_LAYER)
    return fail(R, e->pos, NNC_ERR_INTERNAL, "internal error: a call the checker did not resolve");
  if (e->lhs->vk == VK_METHOD)
    return method(R, e);
  switch (fn->id) {
  case FN_SEQUENTIAL: return sequential(R, e);
  case FN_LOAD: return load(R, e, NULL);
  case FN_SAVE: {
    RVal t = eval(R, fe_arg(e, "tensor"));
    if (t.t)
      ok(R, e->pos, nnc_tensor_save(t.t, str_arg(e, "file")));
    return none_val();
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

nnc_status fe_run(Source *s, const Module *m, const FeChecked *objs, const FeRunOptions *o) {
  FeRunOptions none = {0};
  Runner R = {.s = s, .o = o ? o : &none, .out = o && o->out ? o->out : stdout};
  R.nmodels = objs ? objs->nobjs : 0;
  R.models = ir_calloc(R.nmodels ? (size_t)R.nmodels : 1, sizeof(RModel));
  if (!R.models)
    return ir_error(NNC_ERR_NOMEM, "out of memory");
  for (int i = 0; i < m->nstmts && R.st == NNC_OK && !R.stopped; i++) {
    const Node *st = m->stmts[i];
    if (st->kind == ST_ASSIGN)
      assign(&R, st);
    else if (st->kind == ST_EXPR)
      eval(&R, st->lhs);
  }
  fflush(R.out);
  for (int i = 0; i < R.nmodels; i++) {
    nnc_model_free(R.models[i].m);
    ir_free(R.models[i].layers);
  }
  for (int i = 0; i < R.ntensors; i++)
    nnc_tensor_free(R.tensors[i]);
  ir_free(R.models);
  ir_free(R.tensors);
  ir_free(R.env);
  nnc_status st = R.st;
  if (st != NNC_OK && s->ndiags > 0)
    st = fe_status(s);
  return st;
}

/* ---- what nnc run cannot do yet ---- */

static void refuse(Source *s, Pos p, const char *what) {
  fe_error(s, NNC_ERR_TYPE, p, "%s is not supported by nnc run yet", what);
}

/* The functional API is refused once, at its first use: every later line would repeat it. */
static void lowerable_expr(Source *s, const Node *e, bool *functional) {
  if (!e)
    return;
  bool layer_call = e->kind == EX_CALL && e->lhs->vk == VK_LAYER;
  if ((layer_call || (e->kind == EX_CALL && e->fn && e->fn->id == FN_MODEL)) && !*functional) {
    fe_error(s, NNC_ERR_TYPE, e->pos, "the functional API (calling a layer, Model(inputs, outputs)) is "
             "not supported by nnc run yet; use Sequential([...])");
    *functional = true;
  } else if (e->kind == EX_CALL && e->fn && !layer_call) {
    const Node *l;
    switch (e->fn->id) {
    case FN_ADD: case FN_CONCATENATE: case FN_ACTIVATION: {
      char what[64];
      snprintf(what, sizeof what, "the %s layer", e->fn->name);
      if (!*functional)
        refuse(s, e->pos, what);
      break;
    }
    case FN_INPUT:
    case FN_DENSE:
      l = lit(e, e->fn->id == FN_INPUT ? "shape" : "input_shape");
      if (l && (l->kind == EX_LIST || l->kind == EX_TUPLE) && l->nitems != 1)
        refuse(s, fe_arg(e, e->fn->id == FN_INPUT ? "shape" : "input_shape")->pos,
               "an input of more than one dimension");
      if (e->fn->id == FN_INPUT && !is_none(e, "batch_size"))
        refuse(s, fe_arg(e, "batch_size")->pos, "Input(batch_size=)");
      break;
    case FN_FIT:
      if (!is_none(e, "validation_data"))
        refuse(s, fe_arg(e, "validation_data")->pos, "fit(validation_data=)");
      if (int_arg(e, "initial_epoch", 0) != 0)
        refuse(s, fe_arg(e, "initial_epoch")->pos, "fit(initial_epoch=)");
      break;
    case FN_EARLY_STOPPING:
      if (bool_arg(e, "restore_best_weights"))
        refuse(s, fe_arg(e, "restore_best_weights")->pos, "EarlyStopping(restore_best_weights=True)");
      break;
    default: break;
    }
  }
  lowerable_expr(s, e->kind == EX_CALL ? e->lhs : NULL, functional);
  for (int i = 0; i < e->nitems; i++)
    lowerable_expr(s, e->items[i]->kind == EX_KW ? e->items[i]->lhs : e->items[i], functional);
}

nnc_status fe_lowerable(Source *s, const Module *m) {
  bool functional = false;
  for (int i = 0; i < m->nstmts; i++)
    if (m->stmts[i]->kind == ST_ASSIGN || m->stmts[i]->kind == ST_EXPR)
      lowerable_expr(s, m->stmts[i]->lhs, &functional);
  fe_diags_sort(s);
  return fe_status(s);
}
