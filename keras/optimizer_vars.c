/* optimizer_vars.c — the optimizer's variables as Keras 3 lists them (optimizer.variables),
 * which a .keras archive holds as "optimizer/vars/0", "1", ... (saving_lib.py's
 * save_own_variables and load_own_variables of keras/src/optimizers/base_optimizer.py).
 *
 * Keras's list: "iteration" (int32 with the JAX backend, the steps applied), "learning_rate"
 * (unless a schedule gives the rate), then, once the optimizer is built (at the first fit, or
 * at load_model's compile), the slot variables of every trainable weight in the model's
 * trainable_variables order (the weight files' order, non-trainable weights left out).
 * Slots named together in one add_optimizer_variables call interleave per weight (Adam's
 * momentum, velocity, momentum, velocity, ...); each later call appends its own run
 * (amsgrad's velocity_hat, RMSprop's momentum and average_gradient); Nadam's u_product comes
 * last. nnc's training step keeps each slot as the STATE "<weight>/<slot>"
 * (passes/optimizer.c), so the two lists map one to one; a weight the loss does not reach
 * has no STATE and is written as its initial value. The iteration is also the training
 * step's counter "<opt>/iteration", from which it computes β1ᵗ, β2ᵗ and 0.96ᵗ as Keras does.
 * (passes/optimizer.c's slot names and names/optimizers.def's slot counts must agree with
 * slot_layout: test_optimizer_vars.c checks the counts Keras writes for each optimizer.)
 *
 * Loading follows Keras: a count that is not the model's is warned about in Keras's words and
 * nothing is loaded (the optimizer starts afresh); a variable of another shape is an error,
 * as load_model's and load_weights' ValueError. load_model builds the optimizer before it
 * loads (keras_opt_vars_load); load_weights does not (h5weights.c), so a file of a trained
 * model loads its variables only into a model whose optimizer a fit has built, and is
 * skipped with the warning by a model only compiled, as in Keras.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "keras.h"

enum { MAX_RUNS = 3, MAX_PER_RUN = 2 };

/* Keras's slot variables: runs of slots, each run interleaved per weight; a slot is the
 * STATE suffix of passes/optimizer.c and the name Keras gives the variable (the end of its
 * path, "adam/dense_kernel_momentum"). */
typedef struct {
  const char *state, *keras;
} Slot;

typedef struct {
  int nruns;
  Slot run[MAX_RUNS][MAX_PER_RUN + 1]; /* ended by a slot of NULL names */
  double fill;                         /* every slot's value before the first step */
  const char *shared;                  /* a shared scalar after them, or NULL */
} SlotLayout;

static const Slot M = {"m", "momentum"}, V = {"v", "velocity"}, MOMENTUM = {"momentum", "momentum"};

static SlotLayout slot_layout(const nnc_optimizer *o) {
  SlotLayout l = {0};
  switch (o->kind) {
  case NNC_OPT_SGD:
    if (o->momentum != 0)
      l = (SlotLayout){.nruns = 1, .run = {{MOMENTUM}}};
    break;
  case NNC_OPT_ADAM:
  case NNC_OPT_ADAMW:
    l = (SlotLayout){.nruns = 1, .run = {{M, V}}};
    if (o->amsgrad)
      l = (SlotLayout){.nruns = 2, .run = {{M, V}, {{"vhat", "velocity_hat"}}}};
    break;
  case NNC_OPT_RMSPROP:
    l = (SlotLayout){.nruns = 1, .run = {{{"v", "velocity"}}}};
    if (o->momentum > 0)
      l.run[l.nruns++][0] = MOMENTUM;
    if (o->centered)
      l.run[l.nruns++][0] = (Slot){"average_gradient", "average_gradient"};
    break;
  case NNC_OPT_NADAM:
    l = (SlotLayout){.nruns = 1, .run = {{M, V}}, .shared = "u_product"};
    break;
  case NNC_OPT_ADAGRAD:
    l = (SlotLayout){.nruns = 1, .run = {{{"accumulator", "accumulator"}}},
                     .fill = o->initial_accumulator_value};
    break;
  case NNC_OPT_ADADELTA:
    l = (SlotLayout){.nruns = 1, .run = {{{"accumulated_grad", "accumulated_grad"},
                                          {"accumulated_delta_var", "accumulated_delta_var"}}}};
    break;
  case NNC_OPT_ADAMAX:
    l = (SlotLayout){.nruns = 1, .run = {{M, {"u", "norm"}}}};
    break;
  case NNC_OPT_LION:
    l = (SlotLayout){.nruns = 1, .run = {{M}}};
    break;
  }
  return l;
}

typedef struct {
  OptVar *v;                    /* NULL while counting */
  int n;
  const Slot *run;              /* the slots of this run, ended by NULL names */
  double fill;
  char opt[64];                 /* Keras's optimizer name, its variables' paths' first part */
  char model[128];              /* "sequential/" before a Sequential model's paths, else "" */
  bool fits;
} VarList;

static void push(VarList *l, OptVarRole role, const char *state, const char *path,
                 nnc_dtype dt, int rank, const int64_t *shape, double fill) {
  if (l->v) {
    OptVar *v = &l->v[l->n];
    *v = (OptVar){.role = role, .dtype = dt, .rank = rank, .fill = fill};
    int len = snprintf(v->state, sizeof v->state, "%s", state);
    int plen = snprintf(v->path, sizeof v->path, "%s", path);
    l->fits = l->fits && len >= 0 && (size_t)len < sizeof v->state && plen >= 0 &&
              (size_t)plen < sizeof v->path;
    for (int i = 0; i < rank; i++)
      v->shape[i] = shape[i];
  }
  l->n++;
}

/* A trainable weight's slots of the current run, in the run's order. */
static int slots_of(void *user, const char *name, Weight *w) {
  VarList *l = user;
  if (!w->trainable || !w->t || w->dtype == DT_I32)
    return 0;
  char flat[400]; /* Keras's variable path with '/' as '_' */
  snprintf(flat, sizeof flat, "%s%.250s", l->model, name);
  for (char *c = flat; *c; c++)
    *c = *c == '/' ? '_' : *c;
  for (int k = 0; l->run[k].state; k++) {
    char state[300], path[520];
    snprintf(state, sizeof state, "%.250s/%s", name, l->run[k].state);
    snprintf(path, sizeof path, "%s/%s_%s", l->opt, flat, l->run[k].keras);
    push(l, OV_SLOT, state, path, w->t->dtype, w->t->rank, w->t->shape, l->fill);
  }
  return 0;
}

/* Keras's list into l (counted only while l->v is NULL). */
static void list_vars(nnc_model *m, VarList *l) {
  const nnc_optimizer *o = &m->copt.optimizer;
  const char *prefix = nnc_optimizer_name(o->kind);
  char name[64], path[128];
  nnc_dtype dt = m->copt.dtype;
  keras_opt_default_name(o->kind, l->opt, sizeof l->opt);
  snprintf(l->model, sizeof l->model, "%.100s%s", keras_sequential(m) ? keras_model_name(m) : "",
           keras_sequential(m) ? "/" : "");
  snprintf(path, sizeof path, "%s/iteration", l->opt);
  push(l, OV_ITERATION, "iteration", path, NNC_I32, 0, NULL, 0);
  if (!m->opt.scheduled) {
    snprintf(name, sizeof name, "%s/learning_rate", prefix);
    snprintf(path, sizeof path, "%s/learning_rate", l->opt);
    push(l, OV_LEARNING_RATE, name, path, dt, 0, NULL, m->opt.lr);
  }
  if (!m->optimizer_built)
    return;
  SlotLayout s = slot_layout(o);
  l->fill = s.fill;
  for (int r = 0; r < s.nruns; r++) {
    l->run = s.run[r];
    keras_model_weights(m, slots_of, l);
  }
  if (s.shared) {
    snprintf(name, sizeof name, "%s/%s", prefix, s.shared);
    push(l, OV_SHARED, name, "variable", dt, 0, NULL, 1.0); /* Keras makes it outside its scope */
  }
}

nnc_status keras_opt_vars(nnc_model *m, const char *fn, OptVar **out, int *n) {
  *out = NULL;
  *n = 0;
  if (!m->compiled)
    return NNC_OK;
  VarList l = {.fits = true};
  list_vars(m, &l);
  int count = l.n;
  l = (VarList){.v = base_calloc((size_t)count + 1, sizeof *l.v), .fits = true};
  if (!l.v)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  list_vars(m, &l);
  if (!l.fits) {
    base_free(l.v);
    return base_error(NNC_ERR_ARG, "%s: a weight's name is too long for its optimizer variable",
                      fn);
  }
  *out = l.v;
  *n = l.n;
  return NNC_OK;
}

nnc_status keras_opt_var_value(const nnc_model *m, const OptVar *v, nnc_tensor **out) {
  nnc_status s = rt_tensor_alloc(v->dtype, v->rank, v->shape, out);
  if (s != NNC_OK)
    return s;
  const nnc_tensor *st = v->role == OV_SLOT || v->role == OV_SHARED ? keras_state(m, v->state)
                                                                    : NULL;
  double x = v->role == OV_ITERATION ? (double)m->opt.iterations : v->fill;
  bool same = st && st->numel == (*out)->numel && st->dtype == (*out)->dtype;
  if (same)
    memcpy((*out)->data, st->data, (size_t)st->numel * rt_dtype_size(st->dtype));
  else
    for (int64_t i = 0; i < (*out)->numel; i++)
      rt_tensor_set(*out, i, x);
  return NNC_OK;
}

/* ---- loading ---- */

/* Keras's default name of an optimizer of class cls: utils/naming.py's to_snake_case
 * ("RMSprop" -> "rm_sprop", "AdamW" -> "adam_w"). */
static void snake_case(const char *cls, char *out, size_t n) {
  size_t k = 0, len = strlen(cls);
  for (size_t i = 0; i < len && k + 2 < n; i++) {
    bool upper = cls[i] >= 'A' && cls[i] <= 'Z';
    bool word = upper && i > 0 && i + 1 < len && cls[i + 1] >= 'a' && cls[i + 1] <= 'z';
    bool after_lower = upper && i > 0 && cls[i - 1] >= 'a' && cls[i - 1] <= 'z';
    if (word || after_lower)
      out[k++] = '_';
    out[k++] = (char)(upper ? cls[i] - 'A' + 'a' : cls[i]);
  }
  out[k] = 0;
}

void keras_opt_default_name(nnc_optimizer_kind k, char *out, size_t n) {
  snake_case(names_optimizers.rows[k].cls, out, n);
}

/* The file's variable i (set named "optimizer/vars/<i>"), or NULL. */
static const nnc_tensor *saved(const StSet *set, int i) {
  char key[48];
  snprintf(key, sizeof key, "optimizer/vars/%d", i);
  return fmt_st_get(set, key);
}

static nnc_status check_saved(const StSet *set, const OptVar *v, int n, const char *where) {
  for (int i = 0; i < n; i++) {
    const nnc_tensor *t = saved(set, i);
    char a[96], b[96];
    if (!t)
      return base_error(NNC_ERR_CORRUPT, "%s: optimizer/vars holds %d variables but no '%d'",
                        where, set->n, i);
    if (t->rank != v[i].rank || memcmp(t->shape, v[i].shape, (size_t)t->rank * sizeof *t->shape))
      return base_error(NNC_ERR_SHAPE, "%s: optimizer/vars/%d: The shape of the target variable "
                        "and the shape of the target value in `variable.assign(value)` must "
                        "match. variable.shape=%s, Received: value.shape=%s (the optimizer's %s)",
                        where, i, base_tuple_text(v[i].rank, v[i].shape, a, sizeof a),
                        base_tuple_text(t->rank, t->shape, b, sizeof b), v[i].state);
    if (v[i].role == OV_ITERATION) {
      double it = rt_tensor_get(t, 0);
      if (!(it >= 0) || it != floor(it) || it > 2147483647.0)
        return base_error(NNC_ERR_CORRUPT, "%s: optimizer/vars/0: the iteration count must be a "
                          "whole number >= 0, found %g", where, it);
    }
  }
  return NNC_OK;
}

/* The training step's own count of the steps taken (passes/optimizer.c), which its powers of
 * β come from. */
static void set_step_count(nnc_model *m, int64_t iterations) {
  char name[64];
  snprintf(name, sizeof name, "%s/iteration", nnc_optimizer_name(m->copt.optimizer.kind));
  nnc_tensor *t = keras_state(m, name);
  if (t)
    rt_tensor_set(t, 0, (double)iterations);
}

static void assign(nnc_model *m, const OptVar *v, const nnc_tensor *t) {
  switch (v->role) {
  case OV_ITERATION:
    m->opt.iterations = (int64_t)rt_tensor_get(t, 0);
    set_step_count(m, m->opt.iterations);
    return;
  case OV_LEARNING_RATE:
    m->opt.lr = m->copt.dtype == NNC_F32 ? (double)(float)rt_tensor_get(t, 0)
                                         : rt_tensor_get(t, 0);
    return;
  case OV_SLOT:
  case OV_SHARED: {
    nnc_tensor *st = keras_state(m, v->state);
    for (int64_t i = 0; st && i < st->numel && i < t->numel; i++)
      rt_tensor_set(st, i, rt_tensor_get(t, i));
    return;
  }
  }
}

nnc_status keras_opt_vars_read(nnc_model *m, const char *fn, const char *h5path,
                               const char *where, const char *name, OptLoad *l) {
  *l = (OptLoad){0};
  if (!m->compiled)
    return NNC_OK;
  nnc_status s = keras_opt_vars(m, fn, &l->v, &l->n);
  if (s == NNC_OK)
    s = fmt_h5_read(h5path, "optimizer/vars/", &l->set);
  if (s == NNC_OK && l->set->n != l->n)
    keras_warn("Skipping variable loading for optimizer '%s', because it has %d variables "
               "whereas the saved optimizer has %d variables. ", name, l->n, l->set->n);
  else if (s == NNC_OK)
    s = check_saved(l->set, l->v, l->n, where);
  if (s != NNC_OK)
    keras_opt_vars_done(m, l, false);
  return s;
}

void keras_opt_vars_done(nnc_model *m, OptLoad *l, bool apply) {
  if (apply && l->set && l->set->n == l->n) {
    for (int i = 0; i < l->n; i++)
      assign(m, &l->v[i], saved(l->set, i));
    keras_lr_write(m, m->opt.iterations);
  }
  fmt_st_free(l->set);
  base_free(l->v);
  *l = (OptLoad){0};
}

int keras_opt_set_weights(nnc_model *m, const OptVar *v, int nv, const nnc_tensor *const *values,
                          int n) {
  int bad = -1;
  for (int i = 0; i < nv && i < n && bad < 0; i++) {
    const nnc_tensor *t = values[i];
    if (t->rank != v[i].rank || memcmp(t->shape, v[i].shape, (size_t)t->rank * sizeof *t->shape))
      bad = i;
    else
      assign(m, &v[i], t);
  }
  keras_lr_write(m, m->opt.iterations);
  return bad;
}

nnc_status keras_opt_vars_load(nnc_model *m, const char *h5path, const char *where,
                               const char *name) {
  if (!m->compiled)
    return NNC_OK;
  m->optimizer_built = true; /* Keras's compile_from_config builds it */
  OptLoad l;
  nnc_status s = keras_opt_vars_read(m, "nnc_model_load_keras", h5path, where, name, &l);
  if (s == NNC_OK)
    keras_opt_vars_done(m, &l, true);
  return s;
}
