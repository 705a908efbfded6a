/* test_names.c — every name of every table (names/NAME.def) reaches the model it names when
 * a model file uses it: each activation, initializer, loss (string and class), optimizer
 * (string, any case, and class), metric and monitored quantity, checked on the model and
 * fit options the runner hands to fit(). */
#include <criterion/criterion.h>
#include <string.h>

#include "frontend.h"
#include "keras.h"
#include "support.h"

TestSuite(frontend_names, .init = test_dir_make, .fini = test_dir_remove);

/* What the runner built, seen at the file's fit(). */
typedef struct {
  bool reached;
  nnc_activation act, layer_act;  /* the Dense layer's, the Activation layer's */
  nnc_initializer kernel, bias;
  nnc_compile_options c;
  nnc_early_stopping es;
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
  s->es = f->early_stopping;
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
  Source s;
  fe_source_init(&s, "m.py", text, strlen(text));
  Module *m = NULL;
  FeChecked objs = {0};
  Seen seen = {0};
  nnc_status st = fe_parse(&s, &m);
  if (st == NNC_OK)
    st = fe_check(&s, m, &objs);
  FeRunOptions o = {.define_names = names, .define_paths = paths, .ndefines = 2,
                    .before_fit = at_fit, .user = &seen};
  if (st == NNC_OK)
    st = fe_run(&s, m, &objs, &o);
  cr_assert_eq(st, NNC_OK, "%s\n%s", text, s.ndiags ? s.diags[0].msg : nnc_last_error());
  cr_assert(seen.reached, "%s", text);
  fe_module_free(m);
  base_free(objs.objs);
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

static void metric(const NameTable *t, int id, const char *name) {
  (void)t;
  cr_assert_eq(id, NNC_METRIC_ACCURACY, "a new metric needs its own check here");
  char text[1024];
  snprintf(text, sizeof text, "model = Sequential([Dense(2)])\n"
           "model.compile(loss='mse', metrics=['%s'])\nmodel.fit(X, Y)\n", name);
  cr_expect(run(text).c.accuracy, "'%s'", name);
}

static void monitor(const NameTable *t, int id, const char *name) {
  (void)t;
  char text[1024];
  snprintf(text, sizeof text, "model = Sequential([Dense(2)])\n"
           "model.compile(loss='mse', metrics=['accuracy'])\n"
           "model.fit(X, Y, validation_split=0.5, callbacks=[EarlyStopping(monitor='%s')])\n", name);
  Seen s = run(text);
  cr_expect(s.es.enabled, "%s", name);
  cr_expect_eq(s.es.monitor, (nnc_monitor)id, "'%s'", name);
}

Test(frontend_names, every_activation_reaches_the_model) {
  each_name(&names_activations, activation);
}

Test(frontend_names, every_initializer_reaches_the_model) {
  each_name(&names_initializers, initializer);
}

Test(frontend_names, every_loss_reaches_the_model) {
  each_name(&names_losses, loss);
}

Test(frontend_names, every_optimizer_reaches_the_model) {
  each_name(&names_optimizers, optimizer);
}

Test(frontend_names, every_metric_reaches_the_model) {
  each_name(&names_metrics, metric);
  Seen s = run("model = Sequential([Dense(2)])\nmodel.compile(loss='mse', metrics=['Acc'])\n"
               "model.fit(X, Y)\n");
  cr_expect(s.c.accuracy, "compile lowercases 'acc'");
}

Test(frontend_names, every_monitor_reaches_the_model) {
  each_name(&names_monitors, monitor);
}
