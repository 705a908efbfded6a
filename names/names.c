/* names.c — the name tables as data, finding a name as Keras finds it, and the C API's
 * lookups (nnc_activation_from_name, nnc_activation_name, ...).
 *
 * Rows are placed at their public enum's value ([NNC_ACT_RELU] = ...), and each nnc_X_name
 * switches over its enum with one case per row and no default, so the build fails (with
 * -Wswitch of -Wall, -Werror) when a public value has no row, and an identifier is undeclared
 * when a row has no public value. Matching follows each kind's Keras get(): exact for
 * activations, initializers, losses and monitors; ignoring case for optimizers (Keras
 * lowercases the name) and for 'accuracy'/'acc' (compile lowercases them).
 */
#include <string.h>

#include "names.h"
#include "base.h"

enum { EXACT, FOLD, KEY }; /* metrics.def's match column */

static const NameRow activation_rows[] = {
#define ACTIVATION(id, name, aliases, axis, build, args, op, kops, doc) \
  [NNC_ACT_##id] = {name, NULL, aliases, false},
#include "activations.def"
};
static const NameRow initializer_rows[] = {
#define INITIALIZER(id, name, cls, aliases, fill, args, doc) \
  [NNC_INIT_##id] = {name, cls, aliases, false},
#include "initializers.def"
};
static const NameRow loss_rows[] = {
#define LOSS(id, short, name, cls, aliases, flags, build, params, doc) \
  [NNC_LOSS_##id] = {name, cls, aliases, false},
#include "losses.def"
};
static const NameRow optimizer_rows[] = {
#define OPTIMIZER(id, name, cls, rule, slots, params, doc) [NNC_OPT_##id] = {name, cls, "", true},
#include "optimizers.def"
};
static const NameRow metric_rows[] = {
#define METRIC(id, name, aliases, match, better, doc) \
  [NNC_METRIC_##id] = {name, NULL, aliases, match == FOLD, match == KEY},
#include "metrics.def"
};
static const NameRow layer_rows[] = {
#define LAYER(id, cls, prefix, args, weights, shape, train, infer, doc) \
  [NNC_LAYER_##id] = {cls, NULL, "", false},
#include "layers.def"
};
static const NameRow regularizer_rows[] = {
#define REGULARIZER(id, name, cls, aliases, args, doc) \
  [NNC_REGULARIZER_##id] = {name, cls, aliases, false},
#include "regularizers.def"
};
static const NameRow constraint_rows[] = {
#define CONSTRAINT(id, name, cls, aliases, args, apply, doc) \
  [NNC_CONSTRAINT_##id] = {name, cls, aliases, false},
#include "constraints.def"
};
static const NameRow monitor_rows[] = {
#define MONITOR(id, name, field, doc) [NNC_MONITOR_##id] = {name, NULL, "", false},
#include "monitors.def"
};

/* Each .def's KERAS_ONLY string ("" when it has none; every .def #undefs the macro). */
static const char activation_keras_only[] = ""
#define KERAS_ONLY(names) names
#include "activations.def"
    ;
static const char initializer_keras_only[] = ""
#define KERAS_ONLY(names) names
#include "initializers.def"
    ;
static const char loss_keras_only[] = ""
#define KERAS_ONLY(names) names
#include "losses.def"
    ;
static const char optimizer_keras_only[] = ""
#define KERAS_ONLY(names) names
#include "optimizers.def"
    ;
static const char metric_keras_only[] = ""
#define KERAS_ONLY(names) names
#include "metrics.def"
    ;
static const char layer_keras_only[] = ""   /* a row a name: spaces between them */
#define KERAS_ONLY(cls) cls " "
#include "layers.def"
    ;
static const char regularizer_keras_only[] = ""
#define KERAS_ONLY(names) names
#include "regularizers.def"
    ;

#define TABLE(what, rows, fold, keras_only) \
  {what, rows, (int)(sizeof rows / sizeof rows[0]), fold, keras_only}
const NameTable names_activations =
    TABLE("activation", activation_rows, false, activation_keras_only);
const NameTable names_initializers =
    TABLE("initializer", initializer_rows, false, initializer_keras_only);
const NameTable names_losses = TABLE("loss", loss_rows, false, loss_keras_only);
const NameTable names_optimizers = TABLE("optimizer", optimizer_rows, true, optimizer_keras_only);
const NameTable names_metrics = TABLE("metric", metric_rows, false, metric_keras_only);
const NameTable names_monitors = TABLE("quantity to monitor", monitor_rows, false, "");
const NameTable names_layers = TABLE("layer", layer_rows, false, layer_keras_only);
const NameTable names_regularizers =
    TABLE("regularizer", regularizer_rows, false, regularizer_keras_only);
const NameTable names_constraints = TABLE("constraint", constraint_rows, false, "");
#undef TABLE

/* ---- finding a name ---- */

void names_words(const char *s, void (*fn)(const char *w, size_t len, void *user), void *user) {
  while (s && *s) {
    while (*s == ' ')
      s++;
    size_t len = strcspn(s, " ");
    if (len)
      fn(s, len, user);
    s += len;
  }
}

typedef struct {
  const char *name;
  bool fold;
  bool found;
} Match;

static void match_word(const char *w, size_t len, void *user) {
  Match *m = user;
  size_t n = strlen(m->name);
  bool same = len == n && memcmp(w, m->name, n) == 0;
  if (same || (m->fold && names_same_letters(w, len, m->name, n)))
    m->found = true;
}

static bool row_accepts(const NameRow *r, const char *name, bool fold) {
  Match m = {name, fold || r->fold, false};
  if (!r->key_only)
    match_word(r->name, strlen(r->name), &m);
  if (r->cls)
    match_word(r->cls, strlen(r->cls), &m);
  names_words(r->aliases, match_word, &m);
  return m.found;
}

int names_find(const NameTable *t, const char *name) {
  for (int i = 0; name && i < t->nrows; i++)
    if (t->rows[i].name && row_accepts(&t->rows[i], name, t->fold))
      return i;
  return -1;
}

const char *names_name(const NameTable *t, int id) {
  return id >= 0 && id < t->nrows ? t->rows[id].name : NULL;
}

bool names_keras_only(const NameTable *t, const char *name) {
  Match m = {name, t->fold, false};
  if (name)
    names_words(t->keras_only, match_word, &m);
  return m.found;
}

/* ---- the C API ---- */

/* The id of `name` in t, or NNC_ERR_ARG with the message names_unknown gives. */
static nnc_status from_name(const NameTable *t, const char *fn, const char *name, const void *out,
                            int *id) {
  if (!name || !out)
    return base_error(NNC_ERR_ARG, "%s: %s is NULL", fn, name ? "out" : "name");
  *id = names_find(t, name);
  if (*id >= 0)
    return NNC_OK;
  char shown[48], msg[400];
  size_t len = strlen(name);
  snprintf(shown, sizeof shown, "%.40s%s", name, len > 40 ? "..." : "");
  for (char *c = shown; *c; c++)
    if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f)
      *c = '?';
  names_unknown(t, name, shown, msg, sizeof msg);
  return base_error(NNC_ERR_ARG, "%s: %s", fn, msg);
}

nnc_status nnc_activation_from_name(const char *name, nnc_activation *out) {
  int id = -1;
  nnc_status s = from_name(&names_activations, "nnc_activation_from_name", name, out, &id);
  if (s == NNC_OK)
    *out = (nnc_activation)id;
  return s;
}

nnc_status nnc_initializer_from_name(const char *name, nnc_initializer *out) {
  int id = -1;
  nnc_status s = from_name(&names_initializers, "nnc_initializer_from_name", name, out, &id);
  if (s == NNC_OK)
    *out = (nnc_initializer)id;
  return s;
}

nnc_status nnc_loss_from_name(const char *name, nnc_loss_kind *out) {
  int id = -1;
  nnc_status s = from_name(&names_losses, "nnc_loss_from_name", name, out, &id);
  if (s == NNC_OK)
    *out = (nnc_loss_kind)id;
  return s;
}

nnc_status nnc_optimizer_from_name(const char *name, nnc_optimizer_kind *out) {
  int id = -1;
  nnc_status s = from_name(&names_optimizers, "nnc_optimizer_from_name", name, out, &id);
  if (s == NNC_OK)
    *out = (nnc_optimizer_kind)id;
  return s;
}

nnc_status nnc_metric_from_name(const char *name, nnc_metric *out) {
  int id = -1;
  nnc_status s = from_name(&names_metrics, "nnc_metric_from_name", name, out, &id);
  if (s == NNC_OK)
    *out = (nnc_metric)id;
  return s;
}

nnc_status nnc_monitor_from_name(const char *name, nnc_monitor *out) {
  int id = -1;
  nnc_status s = from_name(&names_monitors, "nnc_monitor_from_name", name, out, &id);
  if (s == NNC_OK)
    *out = (nnc_monitor)id;
  return s;
}

/* Each switch has a case per row and no default: a public value without a row fails the
 * build. Out-of-range values fall out of the switch. */

const char *nnc_activation_name(nnc_activation a) {
  switch (a) {
#define ACTIVATION(id, ...) case NNC_ACT_##id:
#include "activations.def"
    return names_name(&names_activations, (int)a);
  }
  return NULL;
}

const char *nnc_initializer_name(nnc_initializer k) {
  switch (k) {
#define INITIALIZER(id, ...) case NNC_INIT_##id:
#include "initializers.def"
    return names_name(&names_initializers, (int)k);
  }
  return NULL;
}

const char *nnc_loss_name(nnc_loss_kind k) {
  switch (k) {
#define LOSS(id, ...) case NNC_LOSS_##id:
#include "losses.def"
    return names_name(&names_losses, (int)k);
  }
  return NULL;
}

const char *nnc_optimizer_name(nnc_optimizer_kind k) {
  switch (k) {
#define OPTIMIZER(id, ...) case NNC_OPT_##id:
#include "optimizers.def"
    return names_name(&names_optimizers, (int)k);
  }
  return NULL;
}

const char *nnc_metric_name(nnc_metric k) {
  switch (k) {
#define METRIC(id, ...) case NNC_METRIC_##id:
#include "metrics.def"
    return names_name(&names_metrics, (int)k);
  }
  return NULL;
}

const char *nnc_monitor_name(nnc_monitor k) {
  switch (k) {
#define MONITOR(id, ...) case NNC_MONITOR_##id:
#include "monitors.def"
    return names_name(&names_monitors, (int)k);
  }
  return NULL;
}
