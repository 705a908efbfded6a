/* args.c — the argument lists of the tables whose rows take arguments (layers.def,
 * initializers.def, regularizers.def, constraints.def) and the weights of layers.def, as
 * arrays: keras/config.c checks a configuration against them, the docs list them.
 *
 * Each row's ARG(...) column becomes a static array of its own, terminated by an empty entry
 * so an empty column still makes an array; the tables point at them by the public enum.
 */
#include <string.h>

#include "names.h"

/* The Operation layer's `op` choices: the names of keras_ops.def, space-separated. */
static const char keras_op_choices[] = ""
#define KOP(id, name, cls, kind, fn, doc) " " name
#include "keras_ops.def"
    ;
#define KERAS_OP_CHOICES (keras_op_choices + 1)

#define ARG(name, type, def, more) {#name, LA_##type, def, more},
#define W(name, kind, init, reg, con) {#name, WK_##kind, init, reg, con},

#define LAYER(id, cls, prefix, args, weights, shape, train, infer, doc) \
  static const ArgSpec layer_args_##id[] = {args{0}};                  \
  static const WeightSpec layer_weights_##id[] = {weights{0}};
#define LAYER_BASE(args) static const ArgSpec layer_base[] = {args{0}};
#include "layers.def"

#define COUNT(a) ((int)(sizeof a / sizeof a[0]) - 1)

static const LayerRow layers[] = {
#define LAYER(id, cls, prefix, args, weights, shape, train, infer, doc)                    \
  [NNC_LAYER_##id] = {cls, prefix, layer_args_##id, COUNT(layer_args_##id),                \
                      layer_weights_##id, COUNT(layer_weights_##id), doc},
#include "layers.def"
};

#define INITIALIZER(id, name, cls, aliases, fill, args, doc) \
  static const ArgSpec init_args_##id[] = {args{0}};
#include "initializers.def"
#define REGULARIZER(id, name, cls, aliases, args, doc) \
  static const ArgSpec reg_args_##id[] = {args{0}};
#include "regularizers.def"
#define CONSTRAINT(id, name, cls, aliases, args, apply, doc) \
  static const ArgSpec con_args_##id[] = {args{0}};
#include "constraints.def"

typedef struct {
  const ArgSpec *args;
  int n;
} Args;

static const Args init_args[] = {
#define INITIALIZER(id, name, cls, aliases, fill, args, doc) \
  [NNC_INIT_##id] = {init_args_##id, COUNT(init_args_##id)},
#include "initializers.def"
};
static const Args reg_args[] = {
#define REGULARIZER(id, name, cls, aliases, args, doc) \
  [NNC_REGULARIZER_##id] = {reg_args_##id, COUNT(reg_args_##id)},
#include "regularizers.def"
};
static const Args con_args[] = {
#define CONSTRAINT(id, name, cls, aliases, args, apply, doc) \
  [NNC_CONSTRAINT_##id] = {con_args_##id, COUNT(con_args_##id)},
#include "constraints.def"
};

#undef ARG
#undef W

const LayerRow *names_layer(int k) {
  int n = (int)(sizeof layers / sizeof layers[0]);
  return k >= 0 && k < n && layers[k].cls ? &layers[k] : NULL;
}

const ArgSpec *names_layer_base(int *n) {
  *n = COUNT(layer_base);
  return layer_base;
}

static const ArgSpec *args_of(const Args *t, int nrows, int k, int *n) {
  bool row = k >= 0 && k < nrows && t[k].args;
  *n = row ? t[k].n : 0;
  return row ? t[k].args : NULL;
}

const ArgSpec *names_initializer_args(int k, int *n) {
  return args_of(init_args, (int)(sizeof init_args / sizeof init_args[0]), k, n);
}

const ArgSpec *names_regularizer_args(int k, int *n) {
  return args_of(reg_args, (int)(sizeof reg_args / sizeof reg_args[0]), k, n);
}

const ArgSpec *names_constraint_args(int k, int *n) {
  return args_of(con_args, (int)(sizeof con_args / sizeof con_args[0]), k, n);
}

typedef struct {
  const char *name;
  bool found;
} Older;

static void older(const char *w, size_t len, void *user) {
  Older *o = user;
  if (strlen(o->name) == len && memcmp(w, o->name, len) == 0)
    o->found = true;
}

const ArgSpec *names_arg_find(const ArgSpec *args, int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (strcmp(args[i].name, name) == 0)
      return &args[i];
  for (int i = 0; i < n; i++) {
    Older o = {name, false};
    if (args[i].type != LA_CHOICE)
      names_words(args[i].more, older, &o);
    if (o.found)
      return &args[i];
  }
  return NULL;
}
