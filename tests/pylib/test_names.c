/* test_names.c — every name of every table (names/NAME.def) reaches the model it names when
 * a model file uses it: each activation, initializer, loss (string and class), optimizer
 * (string, any case, and class), metric and monitored quantity, checked on the model and
 * fit options the binding hands to fit(). And each loss and optimizer class takes its row's
 * parameters with the row's defaults and checks. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "keras.h"
#include "names.h"
#include "pylib.h"
#include "support.h"

TestSuite(pylib_names, .init = test_dir_make, .fini = test_dir_remove);

/* What the binding built, seen at the file's fit(). */
typedef struct {
  bool reached;
  nnc_activation act, layer_act;  /* the Dense layer's, the Activation layer's */
  nnc_initializer kernel, bias;
  nnc_compile_options c;
  char key[64];                 /* the first metric's log key */
  nnc_early_stopping es;
  char es_key[64];              /* the log key EarlyStopping monitors */
} Seen;

static int at_fit(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y, nnc_fit_options *f,
                  void *user) {
  (void)x, (void)y;
  Seen *s = user;
  s->reached = true;
  const LayerConfig *dense = &m->layers[1]->cfg, *last = &m->net.nodes[m->net.nnodes - 1].layer->cfg;
  s->act = keras_arg(dense, "activation")->act;
  s->kernel = keras_arg(dense, "kernel_initializer")->init.kind;
  s->bias = keras_arg(dense, "bias_initializer")->init.kind;
  s->layer_act = keras_arg(last, "activation")->act;
  s->c = m->copt;
  snprintf(s->key, sizeof s->key, "%s", m->copt.nmetrics ? m->copt.metric_keys[0] : "");
  s->es = f->early_stopping;
  snprintf(s->es_key, sizeof s->es_key, "%s",
           f->early_stopping_monitor ? f->early_stopping_monitor : "");
  return 1; /* nothing trains */
}

/* Runs a model file up to its fit(); the file's X and Y are a small generated data set. */
static Seen run(const char *model) {
  static const char head[] =
      "from tensorflow.keras import Sequential\n"
      "from tensorflow.keras.layers import Dense, Activation\n"
      "import tensorflow as tf\n"
      "import keras\n"
      "from tensorflow.keras.callbacks import EarlyStopping\n"
      "X = load('x.npy')\n"
      "Y = load('y.npy')\n";
  static char text[4096];
  snprintf(text, sizeof text, "%s%s", head, model);
  int64_t xs[2] = {8, 3}, ys[2] = {8, 2};
  nnc_tensor *x, *y;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, &x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, ys, &y), NNC_OK);
  const char *names[] = {"X", "Y"}, *paths[] = {test_path("x.npy"), test_path("y.npy")};
  cr_assert_eq(nnc_tensor_save(x, paths[0]), NNC_OK);
  cr_assert_eq(nnc_tensor_save(y, paths[1]), NNC_OK);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  FILE *out = fopen("/dev/null", "w");
  FeConfig cfg = {.out = out, .err = out};
  Interp *I = fe_interp_new(&cfg);
  cr_assert(I);
  Seen seen = {0};
  PlOptions o = {.define_names = names, .define_paths = paths, .ndefines = 2,
                 .before_fit = at_fit, .user = &seen};
  cr_assert_eq(pl_register(I, &o), NNC_OK);
  Source s;
  fe_source_init(&s, "m.py", text, strlen(text));
  Ast *a = NULL;
  int code = 0;
  nnc_status st = fe_check_text(I, &s, &a);
  if (st == NNC_OK)
    st = fe_run(I, &s, a, &code);
  cr_assert_eq(st, NNC_OK, "%s\n%s", text, s.ndiags ? s.diags[0].msg : nnc_last_error());
  cr_assert(seen.reached, "%s", text);
  fe_ast_release(I, a);
  fe_ast_free(a);
  pl_unregister(I);
  cr_assert_eq(fe_interp_free(I), 0);
  fclose(out);
  return seen;
}

/* Calls fn(table, id, name) for every name (canonical, class, aliases) of every row. */
typedef void (*Each)(const NameTable *t, int id, const char *name);
typedef struct {
  const NameTable *t;
  int id;
  Each fn;
} Walk;

static void one(const char *w, size_t len, void *user) {
  Walk *k = user;
  char name[128];
  snprintf(name, sizeof name, "%.*s", (int)len, w);
  k->fn(k->t, k->id, name);
}

static void each_name(const NameTable *t, Each fn) {
  for (int id = 0; id < t->nrows; id++) {
    Walk k = {t, id, fn};
    const NameRow *r = &t->rows[id];
    if (!r->key_only)
      one(r->name, strlen(r->name), &k);
    if (r->cls)
      one(r->cls, strlen(r->cls), &k);
    names_words(r->aliases, one, &k);
  }
}

static const char fit[] =
    "model.compile(loss='mse')\n"
    "model.fit(X, Y, epochs=1)\n";

static void activation(const NameTable *t, int id, const char *name) {
  (void)t;
  double args[NNC_ACT_ARGS];
  nnc_activation_defaults((nnc_activation)id, args);
  if (isnan(args[0]))
    return; /* threshold: Keras's function has no defaults, so its name alone cannot run */
  char text[1024];
  snprintf(text, sizeof text, "model = Sequential([Dense(2, activation='%s'), Activation('%s')])\n%s",
           name, name, fit);
  Seen s = run(text);
  cr_expect_eq(s.act, (nnc_activation)id, "%s", name);
  cr_expect_eq(s.layer_act, (nnc_activation)id, "%s", name);
}

static void initializer(const NameTable *t, int id, const char *name) {
  (void)t;
  char text[1024];
  snprintf(text, sizeof text, "model = Sequential([Dense(2, kernel_initializer='%s', "
           "bias_initializer='%s')])\n%s", name, name, fit);
  Seen s = run(text);
  cr_expect_eq(s.kernel, (nnc_initializer)id, "%s", name);
  cr_expect_eq(s.bias, (nnc_initializer)id, "%s", name);
}

static void loss(const NameTable *t, int id, const char *name) {
  char text[1024];
  snprintf(text, sizeof text, "model = Sequential([Dense(2)])\nmodel.compile(loss='%s')\n"
           "model.fit(X, Y)\n", name);
  cr_expect_eq(run(text).c.loss, (nnc_loss_kind)id, "'%s'", name);
  if (t->rows[id].cls && strcmp(name, t->rows[id].cls) == 0) { /* the class, called */
    snprintf(text, sizeof text, "model = Sequential([Dense(2)])\nmodel.compile(loss=tf.keras.losses.%s())\n"
             "model.fit(X, Y)\n", name);
    cr_expect_eq(run(text).c.loss, (nnc_loss_kind)id, "%s()", name);
  }
}

static void optimizer(const NameTable *t, int id, const char *name) {
  char text[1024], upper[64];
  size_t n = strlen(name);
  for (size_t i = 0; i <= n && i < sizeof upper; i++)
    upper[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 32 : name[i]);
  const char *spellings[] = {name, upper};
  for (int i = 0; i < 2; i++) { /* Keras lowercases optimizer names */
    snprintf(text, sizeof text, "model = Sequential([Dense(2)])\n"
             "model.compile(loss='mse', optimizer='%s')\nmodel.fit(X, Y)\n", spellings[i]);
    cr_expect_eq(run(text).c.optimizer.kind, (nnc_optimizer_kind)id, "'%s'", spellings[i]);
  }
  const char *cls = NULL;     /* the class, called with its defaults */
  switch ((nnc_optimizer_kind)id) {
#define OPTIMIZER(ID, nm, c, ...) case NNC_OPT_##ID: cls = c; break;
#include "optimizers.def"
  }
  (void)t;
  snprintf(text, sizeof text, "model = Sequential([Dense(2)])\n"
           "model.compile(loss='mse', optimizer=keras.optimizers.%s())\nmodel.fit(X, Y)\n", cls);
  Seen s = run(text);
  nnc_optimizer want = nnc_optimizer_defaults((nnc_optimizer_kind)id);
  cr_expect_eq(memcmp(&s.c.optimizer, &want, sizeof want), 0, "%s(): Keras's defaults", cls);
}

/* Each metric name reaches the compiled model, its log key the name as given; the sparse
 * ones with a sparse loss, whose targets they read. */
static void metric(const NameTable *t, int id, const char *name) {
  (void)t;
  bool sparse = id == NNC_METRIC_SPARSE_CATEGORICAL_ACCURACY ||
                id == NNC_METRIC_SPARSE_TOP_K_CATEGORICAL_ACCURACY;
  char text[1024];
  snprintf(text, sizeof text, "model = Sequential([Dense(2)])\n"
           "model.compile(loss='%s', metrics=['%s'])\nmodel.fit(X, %s)\n",
           sparse ? "sparse_categorical_crossentropy" : "mse", name, sparse ? "Y[:, 0]" : "Y");
  Seen s = run(text);
  cr_expect(s.c.nmetrics == 1 && s.c.metrics[0] == (nnc_metric)id, "'%s'", name);
  cr_expect_str_eq(s.key, name);
  cr_expect_eq(s.c.accuracy, id == NNC_METRIC_ACCURACY, "'%s'", name);
}

static void monitor(const NameTable *t, int id, const char *name) {
  (void)t;
  char text[1024];
  snprintf(text, sizeof text, "model = Sequential([Dense(2)])\n"
           "model.compile(loss='mse', metrics=['accuracy'])\n"
           "model.fit(X, Y, validation_split=0.5, callbacks=[EarlyStopping(monitor='%s')])\n", name);
  Seen s = run(text);
  cr_expect(s.es.enabled, "%s", name);
  cr_expect_str_eq(s.es_key, name, "'%s' (%d)", name, id);
}

Test(pylib_names, every_activation_reaches_the_model) {
  each_name(&names_activations, activation);
}

Test(pylib_names, every_initializer_reaches_the_model) {
  each_name(&names_initializers, initializer);
}

Test(pylib_names, every_loss_reaches_the_model) {
  each_name(&names_losses, loss);
}

Test(pylib_names, every_optimizer_reaches_the_model) {
  each_name(&names_optimizers, optimizer);
}

Test(pylib_names, every_metric_reaches_the_model) {
  each_name(&names_metrics, metric);
  Seen s = run("model = Sequential([Dense(2)])\nmodel.compile(loss='mse', metrics=['Acc'])\n"
               "model.fit(X, Y)\n");
  cr_expect(s.c.accuracy, "compile lowercases 'acc'");
}

Test(pylib_names, every_monitor_reaches_the_model) {
  each_name(&names_monitors, monitor);
}

/* ---- the classes' signatures hold their rows' parameters ---- */

/* The parameter `name` of class cls's signature in module mod: its check and default. */
static void expect_param(Interp *I, const char *mod, const char *cls, const char *name,
                         const char *check, const char *def) {
  Obj *m = fe_import(I, mod);
  cr_assert(m, "%s", mod);
  Obj *c = fe_getattr_str(I, m, cls);
  cr_assert(c && FE_ISA(I, c, type), "%s.%s", mod, cls);
  const Sig *sig = ((Class *)c)->ctor_sig;
  int k = 0;
  while (k < sig->n && strcmp(FE_STR(sig->p[k].name)->s, name) != 0)
    k++;
  cr_assert_lt(k, sig->n, "%s() lacks its row's parameter %s", cls, name);
  cr_expect_eq(sig->p[k].check, fe_check_find(I, check), "%s(%s): the check '%s'", cls, name,
               check);
  Obj *r = fe_repr(I, sig->p[k].def);
  cr_expect_str_eq(FE_STR(r)->s, def, "%s(%s): the default", cls, name);
  fe_decref(I, r);
  fe_decref(I, c);
  fe_decref(I, m);
}

#define CHECK_BOOL "bool"
#define CHECK_POS_NUM "posnum"
#define CHECK_UNIT "unit"
#define CHECK_FRACTION "fraction"
#define CHECK_NONNEG_NUM "nonnegnum"
#define CHECK_LEARNING_RATE "lrate"
#define CHECK_POS_NUM_OR_NONE "posnum"
#define CHECK_NONNEG_NUM_OR_NONE "nonnegnum"
#define CHECK_INT "int"

Test(pylib_names, each_loss_and_optimizer_class_takes_its_rows_parameters) {
  Interp *I = fe_interp_new(&(FeConfig){0});
  cr_assert(I);
  cr_assert_eq(pl_register(I, NULL), NNC_OK);
#define HP(name, type, def) expect_param(I, MODULE, CLASS, #name, CHECK_##type, #def);
#define MODULE "keras.losses"
#define LOSS(id, short, canonical, cls, aliases, flags, build, params, doc) { \
    const char *CLASS = cls;                                                  \
    (void)CLASS;                                                              \
    params                                                                    \
  }
#include "losses.def"
#undef MODULE
#define MODULE "keras.optimizers"
#define OPTIMIZER(id, canonical, cls, rule, slots, params, doc) { \
    const char *CLASS = cls;                                       \
    (void)CLASS;                                                   \
    params                                                         \
  }
#include "optimizers.def"
#undef MODULE
#undef HP
  pl_unregister(I);
  cr_assert_eq(fe_interp_free(I), 0);
}
