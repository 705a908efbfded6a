/* keras_activations.c — keras.activations: a function per row of names/activations.def,
 * with Keras 3's name, arguments and defaults (keras.activations.relu(x, negative_slope=0.0,
 * max_value=None, threshold=0.0)), and the aliases Keras exports (swish is silu).
 *
 * A function stands for its activation wherever a name does (Dense(activation=
 * keras.activations.gelu), Activation(keras.activations.relu)). Called on a Keras tensor of
 * the functional API it adds the operation Keras 3 adds to the graph, with the arguments given
 * (an Operation layer, named and shown as Keras's: x = keras.activations.gelu(x,
 * approximate=True) is gelu (Gelu)). Its arguments travel as the object nnc's layer
 * configuration takes: {"class_name": "gelu", "config": {"approximate": true}}. nnc runs no
 * Python function inside a model, so a lambda or def given as an activation is refused
 * (keras_objects.c's check of activation=).
 *
 * keras.ops has functions of the same names (the kops column), with arguments and defaults
 * of their own (keras.ops.relu(x) takes none; keras.ops.gelu's approximate defaults to True):
 * they are made here too, and make the operation keras.ops makes (relu (Relu)). Their
 * arguments travel as the activation's, compared with keras.activations' defaults, so one
 * configuration means one computation whichever function made it. Given as a layer's
 * activation (Dense(activation=keras.ops.gelu)) a function of keras.ops is the layer's to
 * call with no arguments, as Keras calls it: keras.ops's defaults (gelu's tanh form), though
 * the layer's configuration says "gelu" as Keras's does (keras_objects.c writes it as
 * {"module": "keras.ops", "class_name": "function", "config": "gelu"} for nnc's layer).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "pylib.h"

static Obj *activation_call(Interp *I, nnc_activation a, Obj **args, bool ops);

#define ACTIVATION(id, name, aliases, axis, build, args, op, kops, doc) \
  static Obj *call_##id(Interp *I, Obj *self, Obj **argv) {              \
    (void)self;                                                          \
    return activation_call(I, NNC_ACT_##id, argv, false);                \
  }                                                                      \
  static Obj *ops_call_##id(Interp *I, Obj *self, Obj **argv) {          \
    (void)self;                                                          \
    return activation_call(I, NNC_ACT_##id, argv, true);                 \
  }
#include "activations.def"

/* The functions, by nnc_activation, of keras.activations and of keras.ops; their signatures
 * are made from the args and kops columns. */
static const FeFnDef functions[] = {
#define ACTIVATION(id, name, aliases, axis, build, args, op, kops, doc) \
  [NNC_ACT_##id] = {name, call_##id, NULL, NULL, NULL},
#include "activations.def"
};
enum { NFUNCTIONS = sizeof functions / sizeof *functions };
static const FeFnDef ops_functions[] = {
#define ACTIVATION(id, name, aliases, axis, build, args, op, kops, doc) \
  [NNC_ACT_##id] = {name, ops_call_##id, NULL, NULL, NULL},
#include "activations.def"
};

/* Each row's parameters after x as Python text: ", negative_slope=0.0, max_value=None". */
#define ARG(name, def) ", " #name "=" #def
static const char *const params[] = {
#define ACTIVATION(id, name, aliases, axis, build, args, op, kops, doc) [NNC_ACT_##id] = "" args,
#include "activations.def"
};

/* The kops column: whether keras.ops has the function, its parameters after x where they
 * are not keras.activations' (else NULL), and its operation's prefix where that is not the
 * op column's (else NULL). */
static const struct {
  bool has;
  const char *params, *prefix;
} kops[] = {
#define KOPS(module, cls, prefix, args) {true, "" args, prefix}
#define KOPS_AS_OP {true, NULL, NULL}
#define NO_KOPS {false, NULL, NULL}
#define ACTIVATION(id, name, aliases, axis, build, args, op, kops, doc) [NNC_ACT_##id] = kops,
#include "activations.def"
#undef KOPS
#undef KOPS_AS_OP
#undef NO_KOPS
};
#undef ARG

/* The op column: the prefix of Keras's name for a call on a Keras tensor (NULL: Keras
 * refuses the call), and whether the call gives half of a sample's features (glu). */
enum { EACH, ROW, HALVE };
static const struct {
  const char *prefix;
  bool halves;
} on_tensor[] = {
#define OP(module, cls, prefix) prefix
#define NO_OP NULL
#define ACTIVATION(id, name, aliases, axis, build, args, op, kops, doc) \
  [NNC_ACT_##id] = {op, axis == HALVE},
#include "activations.def"
#undef OP
#undef NO_OP
};

static const char *const aliases[] = {
#define ACTIVATION(id, name, aliases, axis, build, args, op, kops, doc) [NNC_ACT_##id] = aliases,
#include "activations.def"
};

/* The row of v in table (functions or ops_functions), or -1. */
static int row_in(Interp *I, Obj *v, const FeFnDef *table) {
  if (!v || !FE_ISA(I, v, native))
    return -1;
  const FeFnDef *d = ((Native *)v)->def;
  return d >= table && d < table + NFUNCTIONS ? (int)(d - table) : -1;
}

int pl_activation_function(Interp *I, Obj *v) {
  return row_in(I, v, functions);
}

int pl_ops_activation_function(Interp *I, Obj *v) {
  return row_in(I, v, ops_functions);
}

/* Row a's signature, keras.ops' when ops: "(x" then params, a REQUIRED default dropped
 * (Keras's threshold has none), then ")". */
static void signature(nnc_activation a, bool ops, char *buf, size_t n) {
  size_t k = (size_t)snprintf(buf, n, "(x");
  for (const char *p = ops && kops[a].params ? kops[a].params : params[a]; *p && k + 1 < n;) {
    static const char req[] = "=REQUIRED";
    if (strncmp(p, req, sizeof req - 1) == 0) {
      p += sizeof req - 1;
      continue;
    }
    buf[k++] = *p++;
  }
  snprintf(buf + k, n - k, ")");
}

/* The activation value an Activation layer is made with from the first n of args (x, then
 * arguments by sig, keras.activations' function's signature): the name when every argument
 * is sig's default, else {"class_name": name, "config": {the arguments that differ}}. */
static Obj *activation_value(Interp *I, nnc_activation a, const Sig *sig, int n, Obj **args) {
  Obj *config = fe_dict_new(I);
  if (!config)
    return NULL;
  bool given = false;
  for (int i = 1; i < n; i++) {
    if (sig->p[i].def) {
      int same = fe_eq(I, args[i], sig->p[i].def);
      if (same < 0) {
        fe_decref(I, config);
        return NULL;
      }
      if (same == 1 && FE_ISA(I, args[i], bool) == FE_ISA(I, sig->p[i].def, bool))
        continue;
    }
    given = true;
    if (fe_dict_set(I, config, sig->p[i].name, args[i]) < 0) {
      fe_decref(I, config);
      return NULL;
    }
  }
  const char *name = nnc_activation_name(a);
  if (!given) {
    fe_decref(I, config);
    return fe_str_new(I, name, strlen(name));
  }
  Obj *o = fe_dict_new(I), *cls = fe_str_new(I, name, strlen(name));
  bool good = o && cls && fe_dict_setstr(I, o, "class_name", cls) == 0 &&
              fe_dict_setstr(I, o, "config", config) == 0;
  fe_decref(I, cls);
  fe_decref(I, config);
  if (!good) {
    fe_decref(I, o);
    return NULL;
  }
  return o;
}

/* y = a(x, args) over the whole array (float64 stays float64, anything else is computed in
 * float32 as Keras computes on data), through a graph of nnc's own activation, JIT-compiled:
 * the same formula a layer uses. */
static Obj *on_data(Interp *I, nnc_activation a, const double *args, Obj *data) {
  NdArray *arr = pl_array_arg(I, data);
  if (!arr)
    return NULL;
  nnc_dtype dt = arr->dtype == ND_FLOAT64 ? NNC_F64 : NNC_F32;
  int rank = arr->ndim;
  nd_unref(arr);
  if (rank < 1 || rank > 8)
    return fe_throw(I, EXC_ValueError, "%s: nnc applies an activation to data of rank 1 to 8, "
                    "found rank %d", nnc_activation_name(a), rank);
  nnc_tensor *x = pl_tensor_from(I, data, dt, false, "x"), *y = NULL;
  if (!x)
    return NULL;
  int64_t shape[8];
  for (int i = 0; i < rank; i++)
    shape[i] = nnc_tensor_dim(x, i);
  nnc_graph *g = NULL;
  nnc_function *f = NULL;
  nnc_status s = nnc_graph_new(&g);
  nnc_value *out = s == NNC_OK
      ? nnc_activate(g, a, args, nnc_input(g, "x", dt, rank, shape)) : NULL;
  if (s == NNC_OK)
    s = out ? nnc_jit(g, 1, &out, &f) : nnc_graph_status(g);
  if (s == NNC_OK)
    s = nnc_tensor_new(dt, rank, shape, &y);
  if (s == NNC_OK) {
    void *io[2] = {nnc_tensor_data(x), nnc_tensor_data(y)};
    s = nnc_function_call(f, io);
  }
  nnc_function_free(f);
  nnc_graph_free(g);
  nnc_tensor_free(x);
  NdArray *r = s == NNC_OK ? nd_from_tensor(y) : NULL;
  nnc_tensor_free(y);
  if (s != NNC_OK)
    return pl_raise_status(I, s);
  return r ? pl_array_wrap(I, r) : pl_nd_raise(I);
}

/* The numbers of a call's arguments after x (the first n of args; None is relu's unbounded
 * max_value) into out, Keras's defaults for the rest; false with an exception. */
static bool arg_numbers(Interp *I, nnc_activation a, int n, Obj **args, double *out) {
  nnc_activation_defaults(a, out);
  for (int i = 1; i < n; i++) {
    if (args[i] == &I->none)
      out[i - 1] = INFINITY;
    else if (fe_as_double(I, args[i], &out[i - 1]) < 0)
      return false;
  }
  return true;
}

/* The signature of module's function name (borrowed: the module keeps it). */
static const Sig *signature_of(Interp *I, const char *module, const char *name) {
  Obj *mod = fe_import(I, module);
  Obj *fn = mod ? fe_dict_getstr(I, ((Module *)mod)->dict, name) : NULL;
  fe_decref(I, mod);
  return fn ? ((Native *)fn)->sig : NULL;
}

/* keras.activations.NAME(x, ...), or keras.ops.NAME when ops: on a Keras tensor, the
 * operation Keras 3 makes of it with the arguments given (linear's is x itself, as Keras's:
 * no node); on data (an array, as TensorFlow's tf.nn.softmax(predictions)), the values. */
static Obj *activation_call(Interp *I, nnc_activation a, Obj **args, bool ops) {
  const char *name = nnc_activation_name(a);
  const char *prefix = ops && kops[a].prefix ? kops[a].prefix : on_tensor[a].prefix;
  bool tensor = pl_is_ktensor(I, args[0]);
  if (a == NNC_ACT_LINEAR && tensor) {
    fe_incref(args[0]);
    return args[0];
  }
  if (tensor && !prefix)
    return fe_throw(I, EXC_ValueError, "keras.activations.%s cannot be called on a Keras "
                    "tensor (Keras 3 computes it with JAX functions, which refuse one): use "
                    "keras.layers.Activation('%s')(x)", name, name);
  const Sig *own = signature_of(I, ops ? "keras.ops" : "keras.activations", name);
  const Sig *sig = own ? signature_of(I, "keras.activations", name) : NULL;
  if (!sig)
    return NULL;
  if (!tensor) {
    double v[NNC_ACT_ARGS];
    return arg_numbers(I, a, own->n, args, v) ? on_data(I, a, v, args[0]) : NULL;
  }
  Obj *value = activation_value(I, a, sig, own->n, args);
  Obj *out = value ? pl_activation_op(I, args[0], value, prefix, on_tensor[a].halves, ops)
                   : NULL;
  fe_decref(I, value);
  return out;
}

/* Adds a's function under name to the module: keras.ops' when ops. */
static int add(Interp *I, Obj *m, const char *name, nnc_activation a, bool ops) {
  char text[160];
  signature(a, ops, text, sizeof text);
  Sig *sig = fe_sig_parse(I, text, name);
  Obj *f = sig ? fe_native_new(I, ops ? &ops_functions[a] : &functions[a], sig, NULL) : NULL;
  fe_decref(I, sig ? &sig->hd : NULL);
  int r = f ? fe_dict_setstr(I, ((Module *)m)->dict, name, f) : -1;
  fe_decref(I, f);
  return r;
}

/* Adds the functions to m, keras.ops' when ops (the rows that keras.ops has), each under
 * its name and its aliases. */
static int add_all(Interp *I, Obj *m, bool ops) {
  for (int a = 0; a < NFUNCTIONS; a++) {
    if (ops && !kops[a].has)
      continue;
    if (add(I, m, functions[a].name, (nnc_activation)a, ops) < 0)
      return -1;
    for (const char *p = aliases[a]; *p;) {   /* the same function object under each alias */
      size_t n = strcspn(p, " ");
      char alias[32];
      snprintf(alias, sizeof alias, "%.*s", (int)n, p);
      Obj *f = fe_dict_getstr(I, ((Module *)m)->dict, functions[a].name);
      if (!f || fe_dict_setstr(I, ((Module *)m)->dict, alias, f) < 0)
        return -1;
      p += n + (p[n] == ' ');
    }
  }
  return 0;
}

static int activations_init(Interp *I, Obj *m) {
  return add_all(I, m, false);
}

int pl_ops_activations_init(Interp *I, Obj *m) {
  return add_all(I, m, true);
}

const FeModuleDef pl_keras_activations_def = {.name = "keras.activations",
                                              .init = activations_init};

/* tf.nn's activations that Keras's are (activation=tf.nn.relu): keras.activations' own
 * function objects under TensorFlow's names, so a layer given one records the Keras name. */
static int tf_nn_init(Interp *I, Obj *m) {
  static const char *const names[] = {"relu", "relu6", "elu", "selu", "gelu", "silu", "swish",
                                      "sigmoid", "tanh", "softmax", "log_softmax", "softplus",
                                      "softsign", "leaky_relu", NULL};
  Obj *acts = fe_import(I, "keras.activations");
  int r = acts ? 0 : -1;
  for (int i = 0; r == 0 && names[i]; i++) {
    Obj *f = fe_dict_getstr(I, ((Module *)acts)->dict, names[i]);
    r = f ? fe_dict_setstr(I, ((Module *)m)->dict, names[i], f) : -1;
  }
  fe_decref(I, acts);
  return r;
}

const FeModuleDef pl_tf_nn_def = {.name = "tensorflow.nn", .init = tf_nn_init};
const FeModuleDef pl_tf_keras_activations_def = {.name = "tensorflow.keras.activations",
                                                 .alias_of = "keras.activations"};
