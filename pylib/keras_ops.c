/* keras_ops.c — keras.ops on Keras tensors, and Python's operators on them, as layers of
 * the functional model: each call records an Operation layer (names/layers.def) naming a row
 * of names/keras_ops.def, so `x * y`, `2.0 - x`, `x ** 2`, `x @ W` and
 * `keras.ops.mean(x, axis=-1)` become graph nodes that the model's autodiff differentiates.
 * Shapes are checked here, at the call, as Keras checks them, so an error names the line
 * that made it. A constant matrix (`x @ W`, W an array or nested lists) goes into the
 * layer's config as a list of rows.
 *
 * Two tensors added with `+` stay keras.layers.Add, as before. A keras.ops function given
 * no Keras tensor runs numpy's function of the same name on the data instead (Keras runs
 * the op eagerly then).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pylib.h"

typedef enum { KOP_UNARY, KOP_BINARY, KOP_REDUCE, KOP_MATRIX, KOP_ACTIVATION } KopKind;
typedef enum {
#define KOP(id, name, cls, kind, fn, doc) PK_##id,
#include "keras_ops.def"
  PK_COUNT
} KopId;

static const struct {
  const char *name;
  KopKind kind;
} kops[] = {
#define KOP(id, name, cls, kind, fn, doc) [PK_##id] = {name, kind},
#include "keras_ops.def"
};

/* The arguments of one operation, as its layer's config holds them. */
typedef struct {
  KopId k;
  Obj *x, *y;                   /* tensors (borrowed); y NULL for one */
  Obj *constant;                /* a number operand, a matrix's list of rows (borrowed), or
                                   NULL */
  int64_t matrix[2];            /* the matrix's rows and columns */
  bool constant_first;
  Obj *axis;                    /* reductions: None, an int or a sequence of ints */
  bool keepdims;
  Obj *activation;              /* KOP_ACTIVATION: a name, or {class_name, config} */
  const char *prefix;           /* KOP_ACTIVATION: the prefix of Keras's name for it */
  bool halves;                  /* KOP_ACTIVATION: gives half of a sample's features (glu) */
} OpCall;

static Class *operation_class(Interp *I) {
  Obj *m = fe_import(I, "keras.ops");
  Obj *c = m ? fe_dict_getstr(I, ((Module *)m)->dict, "Operation") : NULL;
  fe_decref(I, m);
  if (!c || !FE_ISA(I, c, type))
    return I->exc_pending ? NULL : (fe_throw(I, EXC_RuntimeError, "internal error: no "
                                             "keras.ops.Operation"), NULL);
  return (Class *)c;
}

/* The reduction's sample shape into *t (from x's); false with Keras's kind of error. */
static bool reduce_shape(Interp *I, const OpCall *c, KTensor *t) {
  const char *op = kops[c->k].name;
  if (c->axis == &I->none) {
    fe_throw(I, EXC_NotImplementedError, "keras.ops.%s(x) with axis=None reduces the batch "
             "axis too, which a model's output cannot do: give the sample's axes, such as "
             "axis=-1", op);
    return false;
  }
  Obj *one[1] = {c->axis};
  Obj *const *items = one;
  int64_t n = 1;
  unsigned mask = 0;
  if (!fe_is_int(I, c->axis) && !fe_seq_items(I, c->axis, &items, &n)) {
    fe_throw(I, EXC_TypeError, "keras.ops.%s: axis must be an int or a tuple of ints, found %s",
             op, fe_typename(c->axis));
    return false;
  }
  for (int64_t i = 0; i < n; i++) {
    int64_t axis;
    if (!fe_is_int(I, items[i])) {
      fe_throw(I, EXC_TypeError, "keras.ops.%s: axis must hold ints, found %s", op,
               fe_typename(items[i]));
      return false;
    }
    if (fe_as_int(I, items[i], &axis) < 0)
      return false;
    int64_t d = axis < 0 ? axis + t->rank : axis - 1;    /* the batch is Keras's axis 0 */
    if (axis == 0 || axis == -t->rank - 1) {
      fe_throw(I, EXC_NotImplementedError, "keras.ops.%s over axis %lld, the batch axis, is "
               "not something a model can do: each sample's output is its own", op,
               (long long)axis);
      return false;
    }
    if (d < 0 || d >= t->rank || (mask & (1u << d))) {
      fe_throw(I, EXC_ValueError, "keras.ops.%s: axis %lld is %s for a tensor of rank %d", op,
               (long long)axis, d < 0 || d >= t->rank ? "out of range" : "repeated",
               t->rank + 1);
      return false;
    }
    mask |= 1u << d;
  }
  int r = 0;
  for (int d = 0; d < t->rank; d++)
    if (!(mask & (1u << d)) || c->keepdims)
      t->dim[r++] = mask & (1u << d) ? 1 : t->dim[d];
  t->rank = r;
  return true;
}

/* Two tensors' broadcast sample shape into *t; false with the shapes in the error. */
static bool broadcast_shape(Interp *I, const OpCall *c, KTensor *t) {
  KTensor *b = (KTensor *)c->y;
  bool fit = b->rank == t->rank;
  for (int d = 0; fit && d < t->rank; d++) {
    fit = b->dim[d] == t->dim[d] || b->dim[d] == 1 || t->dim[d] == 1;
    t->dim[d] = t->dim[d] == 1 ? b->dim[d] : t->dim[d];
  }
  if (fit)
    return true;
  char x[80], y[80];
  fe_throw(I, EXC_ValueError, "keras.ops.%s: Cannot broadcast shape, the shapes %s and %s "
           "differ where neither is 1", kops[c->k].name,
           pl_ktensor_shape_text((KTensor *)c->x, x, sizeof x), pl_ktensor_shape_text(b, y,
                                                                                        sizeof y));
  return false;
}

/* x @ y's sample shape into *t (from x's), numpy's product with the batch axis first:
 * (None, m, k) @ (None, k, n) of two tensors, (None, ..., k) @ (k, n) and (p, m) @
 * (None, m, k) with a constant matrix; false with the shapes in the error. */
static bool matmul_shape(Interp *I, const OpCall *c, KTensor *t) {
  const KTensor *b = c->y ? (const KTensor *)c->y : NULL;
  bool fit;
  if (b) {
    fit = t->rank == 2 && b->rank == 2 && t->dim[1] == b->dim[0];
    t->dim[1] = b->dim[1];
  } else if (!c->constant_first) {
    fit = t->rank >= 1 && t->dim[t->rank - 1] == c->matrix[0];  /* (None,) would sum the batch */
    if (fit)
      t->dim[t->rank - 1] = c->matrix[1];
  } else {
    fit = t->rank == 2 && t->dim[0] == c->matrix[1];
    t->dim[0] = c->matrix[0];
  }
  if (fit)
    return true;
  char x[80], y[80];
  pl_ktensor_shape_text((const KTensor *)c->x, x, sizeof x);
  if (b)
    pl_ktensor_shape_text(b, y, sizeof y);
  else
    snprintf(y, sizeof y, "(%lld, %lld)", (long long)c->matrix[0], (long long)c->matrix[1]);
  fe_throw(I, EXC_ValueError, "keras.ops.matmul: %s @ %s: nnc multiplies (None, m, k) @ (None, "
           "k, n), (None, ..., k) @ (k, n) and (p, m) @ (None, m, k), the batch axis first",
           c->constant_first ? y : x, c->constant_first ? x : y);
  return false;
}

/* The Operation layer's arguments: op, constant, constant_first, axis, keepdims. */
static Obj *config_of(Interp *I, const OpCall *c) {
  double v = 0;
  bool number = c->constant && !FE_ISA(I, c->constant, list);
  if (number && fe_as_double(I, c->constant, &v) < 0)
    return NULL;
  if (!isfinite(v))
    return fe_throw(I, EXC_ValueError, "keras.ops.%s: nnc takes a finite number operand, found "
                    "%g", kops[c->k].name, v);
  char auto_name[64];    /* Keras names an operation as a layer, on the same counter */
  const char *prefix = c->prefix ? c->prefix : kops[c->k].name;
  Obj *d = fe_dict_new(I), *op = fe_str_cstr(I, kops[c->k].name);
  Obj *name = fe_str_cstr(I, pl_unique_name(I, prefix, auto_name, sizeof auto_name));
  Obj *num = number ? fe_float(I, v)                          /* True is 1.0, as Keras casts */
           : c->constant ? (fe_incref(c->constant), c->constant) : fe_none(I);
  Obj *first = fe_bool(I, c->constant_first), *keep = fe_bool(I, c->keepdims);
  bool good = d && op && name && num && first && keep && fe_dict_setstr(I, d, "op", op) == 0 &&
              fe_dict_setstr(I, d, "name", name) == 0 &&
              fe_dict_setstr(I, d, "constant", num) == 0 &&
              fe_dict_setstr(I, d, "constant_first", first) == 0 &&
              fe_dict_setstr(I, d, "axis", c->axis ? c->axis : &I->none) == 0 &&
              fe_dict_setstr(I, d, "keepdims", keep) == 0 &&
              fe_dict_setstr(I, d, "activation", c->activation ? c->activation : &I->none) == 0;
  fe_decref(I, op);
  fe_decref(I, name);
  fe_decref(I, num);
  fe_decref(I, first);
  fe_decref(I, keep);
  if (!good) {
    fe_decref(I, d);
    return NULL;
  }
  return d;
}

/* An activation's sample shape into *t: x's, or for glu half of its last axis; false with
 * Keras's error for an odd one. */
static bool activation_shape(Interp *I, const OpCall *c, KTensor *t) {
  int64_t *last = &t->dim[t->rank - 1];
  if (!c->halves || t->rank == 0)
    return true;
  if (*last % 2 == 0) {
    *last /= 2;
    return true;
  }
  char x[80];
  fe_throw(I, EXC_ValueError, "axis size must be divisible by 2. Received: x.shape=%s with "
           "axis=-1", pl_ktensor_shape_text(t, x, sizeof x));
  return false;
}

/* Whether layer's activation and its arguments are ones nnc takes (else an exception), so
 * that a bad argument is reported at the call that gave it. */
static bool activation_checked(Interp *I, Obj *layer) {
  PlJson j = {0};
  bool good = pl_config_json(I, layer, &j);
  if (good && nnc_layer_check_config("Operation", j.buf) != NNC_OK) {
    pl_raise_status(I, NNC_ERR_ARG);
    good = false;
  }
  pl_json_free(&j);
  return good;
}

/* The Keras tensor operation c makes, its shape checked. */
static Obj *record(Interp *I, const OpCall *c) {
  KTensor shape = *(KTensor *)c->x;
  bool good = kops[c->k].kind == KOP_REDUCE ? reduce_shape(I, c, &shape)
            : kops[c->k].kind == KOP_MATRIX ? matmul_shape(I, c, &shape)
            : kops[c->k].kind == KOP_ACTIVATION ? activation_shape(I, c, &shape)
            : c->y ? broadcast_shape(I, c, &shape) : true;
  Class *cls = good ? operation_class(I) : NULL;
  Obj *cfg = cls ? config_of(I, c) : NULL;
  Obj *layer = cfg ? pl_config_layer_new(I, &cls->hd, cfg) : NULL;
  if (layer && kops[c->k].kind == KOP_ACTIVATION && !activation_checked(I, layer)) {
    fe_decref(I, layer);
    layer = NULL;
  }
  Obj *in = layer ? (c->y ? fe_tuple_pack(I, 2, c->x, c->y) : fe_tuple_pack(I, 1, c->x)) : NULL;
  Obj *t = in ? pl_ktensor_new(I, layer, in, shape.rank, shape.dim) : NULL;
  fe_decref(I, in);
  fe_decref(I, layer);
  fe_decref(I, cfg);
  return t;
}

/* The rows of the 2-D array a, a list of lists of floats; NULL with an error for a number
 * that is not finite. */
static Obj *matrix_rows(Interp *I, const NdArray *a) {
  Obj *rows = fe_list_new(I, 0);
  for (int64_t i = 0; rows && i < a->shape[0]; i++) {
    Obj *row = fe_list_new(I, 0);
    for (int64_t j = 0; row && j < a->shape[1]; j++) {
      double v = *(const double *)(a->data + i * a->strides[0] + j * a->strides[1]);
      Obj *f = isfinite(v) ? fe_float(I, v)
             : fe_throw(I, EXC_ValueError, "keras.ops.matmul: nnc takes a matrix of finite "
                        "numbers, found %g", v);
      if (!f || fe_list_append(I, row, f) != 0) {
        fe_decref(I, row);
        row = NULL;
      }
      fe_decref(I, f);
    }
    if (!row || fe_list_append(I, rows, row) != 0) {
      fe_decref(I, rows);
      rows = NULL;
    }
    fe_decref(I, row);
  }
  return rows;
}

/* x @ w, or w @ x when first, of a Keras tensor x and w, a matrix as an array or nested
 * lists: the layer keeps w as its constant, a list of rows. */
static Obj *matrix_product(Interp *I, Obj *x, Obj *w, bool first) {
  NdArray *a = pl_array_of(I, w, ND_FLOAT64, false);
  if (!a)
    return pl_nd_raise(I);
  Obj *rows = NULL, *r = NULL;
  if (a->ndim != 2)
    fe_throw(I, EXC_ValueError, "keras.ops.matmul: nnc multiplies a Keras tensor by a matrix "
             "of 2 dimensions, found %d (%s); a vector v can be v.reshape(-1, 1)", a->ndim,
             fe_typename(w));
  else
    rows = matrix_rows(I, a);
  if (rows) {
    OpCall c = {.k = PK_MATMUL, .x = x, .constant = rows, .constant_first = first,
                .matrix = {a->shape[0], a->shape[1]}};
    r = record(I, &c);
  }
  fe_decref(I, rows);
  nd_unref(a);
  return r;
}

/* op(a, b) of a binary row: two tensors, or a tensor and a number on either side. */
static Obj *binary(Interp *I, KopId k, Obj *a, Obj *b) {
  OpCall c = {.k = k, .x = a, .y = b};
  bool ta = pl_is_ktensor(I, a), tb = pl_is_ktensor(I, b);
  if (kops[k].kind == KOP_MATRIX && (!ta || !tb))
    return matrix_product(I, ta ? a : b, ta ? b : a, !ta);
  if (ta && !tb && fe_is_number(I, b))
    c.y = NULL, c.constant = b;
  else if (!ta && tb && fe_is_number(I, a))
    c.x = b, c.y = NULL, c.constant = a, c.constant_first = true;
  else if (!ta || !tb)
    return fe_throw(I, EXC_TypeError, "keras.ops.%s(%s, %s): nnc takes Keras tensors and "
                    "numbers here (an array as an operand of a Keras tensor is not supported "
                    "yet)", kops[k].name, ta ? "KerasTensor" : fe_typename(a),
                    tb ? "KerasTensor" : fe_typename(b));
  if (k == PK_POWER && !c.constant)
    return fe_throw(I, EXC_NotImplementedError, "keras.ops.power of two Keras tensors is not "
                    "supported by nnc yet: the base or the exponent must be a number");
  double v;
  if (k == PK_POWER && c.constant_first && (fe_as_double(I, c.constant, &v) < 0 || !(v > 0)))
    return I->exc_pending ? NULL : fe_throw(I, EXC_NotImplementedError, "%g ** KerasTensor: "
                                            "nnc takes a number base that is positive", v);
  return record(I, &c);
}

/* ---- Python's operators ---- */

static KopId op_row(int op) {
  switch (op) {
  case PY_ADD: return PK_ADD;
  case PY_SUB: return PK_SUBTRACT;
  case PY_MUL: return PK_MULTIPLY;
  case PY_DIV: return PK_TRUE_DIVIDE;
  case PY_FLOORDIV: return PK_FLOOR_DIVIDE;
  case PY_MOD: return PK_MOD;
  case PY_POW: return PK_POWER;
  case PY_MATMUL: return PK_MATMUL;
  default: return PK_COUNT;
  }
}

/* x + y of two tensors: keras.layers.Add()([x, y]). */
static Obj *add_layer(Interp *I, Obj *a, Obj *b) {
  Obj *m = fe_import(I, "keras.layers");
  Obj *add = m ? fe_getattr_str(I, m, "Add") : NULL;
  Obj *layer = add ? fe_call0(I, add) : NULL;
  Obj *pair = layer ? fe_list_new(I, 0) : NULL;
  Obj *r = NULL;
  if (pair && fe_list_append(I, pair, a) == 0 && fe_list_append(I, pair, b) == 0)
    r = fe_call1(I, layer, pair);
  fe_decref(I, pair);
  fe_decref(I, layer);
  fe_decref(I, add);
  fe_decref(I, m);
  return r;
}

Obj *pl_ktensor_binop(Interp *I, int op, Obj *a, Obj *b, bool reflected) {
  Obj *left = reflected ? b : a, *right = reflected ? a : b;
  KopId k = op_row(op);
  if (k == PK_COUNT)
    return fe_throw(I, EXC_TypeError, "'%s' on a Keras tensor (%s %s %s) is not supported by "
                    "nnc: Keras tensors take + - * / // %% ** @ and the functions of keras.ops",
                    fe_op_text[op], pl_is_ktensor(I, left) ? "KerasTensor" : fe_typename(left),
                    fe_op_text[op], pl_is_ktensor(I, right) ? "KerasTensor"
                    : fe_typename(right));
  if (k == PK_ADD && pl_is_ktensor(I, left) && pl_is_ktensor(I, right))
    return add_layer(I, left, right);
  return binary(I, k, left, right);
}

Obj *pl_ktensor_unary(Interp *I, int op, Obj *a) {
  if (op == PY_ADD) {
    fe_incref(a);
    return a;
  }
  if (op != PY_SUB)
    return fe_throw(I, EXC_TypeError, "bad operand type for unary %s: 'KerasTensor'",
                    fe_op_text[op]);
  OpCall c = {.k = PK_NEGATIVE, .x = a};
  return record(I, &c);
}

static Obj *kt_abs(Interp *I, Obj *self, Obj **args) {
  (void)args;
  OpCall c = {.k = PK_ABSOLUTE, .x = self};
  return record(I, &c);
}

const FeFnDef pl_ktensor_methods[] = {
    {"__abs__", kt_abs, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- keras.ops ---- */

/* numpy's function `name` on args (named as kwnames says, for the last ones): keras.ops on
 * data that holds no Keras tensor. */
static Obj *on_data(Interp *I, const char *name, Obj *const *args, int n, Obj *kwnames) {
  Obj *np = fe_import(I, "numpy");
  Obj *f = np ? fe_getattr_str(I, np, name) : NULL;
  Obj *r = f ? fe_call(I, f, args, n, kwnames) : NULL;
  fe_decref(I, f);
  fe_decref(I, np);
  return r;
}

static Obj *apply(Interp *I, KopId k, Obj **args) {
  const char *name = kops[k].name;
  switch (kops[k].kind) {
  case KOP_UNARY:
    if (!pl_is_ktensor(I, args[0]))
      return on_data(I, name, args, 1, NULL);
    return record(I, &(OpCall){.k = k, .x = args[0]});
  case KOP_BINARY: case KOP_MATRIX:
    if (!pl_is_ktensor(I, args[0]) && !pl_is_ktensor(I, args[1]))
      return on_data(I, name, args, 2, NULL);
    return binary(I, k, args[0], args[1]);
  case KOP_REDUCE: {
    int keep = fe_truth(I, args[2]);
    if (keep < 0)
      return NULL;
    if (!pl_is_ktensor(I, args[0])) {
      Obj *kw = fe_tuple_new(I, 2);
      Obj *a = kw ? fe_str_cstr(I, "axis") : NULL, *b = a ? fe_str_cstr(I, "keepdims") : NULL;
      Obj *r = NULL;
      if (b) {
        FE_TUPLE(kw)->v[0] = a, FE_TUPLE(kw)->v[1] = b;
        r = on_data(I, name, args, 3, kw);
      } else {
        fe_decref(I, a);
      }
      fe_decref(I, kw);
      return r;
    }
    return record(I, &(OpCall){.k = k, .x = args[0], .axis = args[1], .keepdims = keep});
  }
  case KOP_ACTIVATION:
    break;
  }
  return fe_throw(I, EXC_RuntimeError, "internal error: keras.ops row of no kind");
}

Obj *pl_activation_op(Interp *I, Obj *x, Obj *activation, const char *prefix, bool halves,
                      bool ops) {
  OpCall c = {.k = ops ? PK_OPS_ACTIVATION : PK_ACTIVATION_OP, .x = x, .activation = activation, .prefix = prefix,
              .halves = halves};
  return record(I, &c);
}

/* keras.ops.NAME for every row but the activations' (keras_activations.c's functions make
 * those, pl_activation_op). */
#define PY_FN(id)                                           \
  static Obj *py_##id(Interp *I, Obj *self, Obj **args) {   \
    (void)self;                                             \
    return apply(I, PK_##id, args);                         \
  }
#define PY_FN_KOP_UNARY PY_FN
#define PY_FN_KOP_BINARY PY_FN
#define PY_FN_KOP_REDUCE PY_FN
#define PY_FN_KOP_MATRIX PY_FN
#define PY_FN_KOP_ACTIVATION(id)
#define KOP(id, name, cls, kind, fn, doc) PY_FN_##kind(id)
#include "keras_ops.def"

/* keras.ops.concatenate(xs, axis=0): Keras tensors join as keras.layers.Concatenate(axis);
 * Keras's default axis 0 is the batch's, which a model cannot join. */
static Obj *py_concatenate(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *const *items;
  int64_t n;
  bool tensors = false;
  if (fe_seq_items(I, args[0], &items, &n))
    for (int64_t i = 0; i < n; i++)
      tensors |= pl_is_ktensor(I, items[i]);
  if (!tensors) {
    Obj *kw = fe_tuple_new(I, 1), *a = kw ? fe_str_cstr(I, "axis") : NULL, *r = NULL;
    if (a) {
      FE_TUPLE(kw)->v[0] = a;
      r = on_data(I, "concatenate", args, 2, kw);
    }
    fe_decref(I, kw);
    return r;
  }
  Obj *m = fe_import(I, "keras.layers");
  Obj *cls = m ? fe_getattr_str(I, m, "Concatenate") : NULL;
  Obj *kw = cls ? fe_tuple_new(I, 1) : NULL, *a = kw ? fe_str_cstr(I, "axis") : NULL;
  Obj *layer = NULL, *r = NULL;
  if (a) {
    FE_TUPLE(kw)->v[0] = a;
    layer = fe_call(I, cls, &args[1], 1, kw);
  }
  if (layer)
    r = fe_call1(I, layer, args[0]);
  fe_decref(I, layer);
  fe_decref(I, kw);
  fe_decref(I, cls);
  fe_decref(I, m);
  return r;
}

#define FN_KOP_UNARY(name, id) {name, py_##id, "(x)", NULL, NULL},
#define FN_KOP_BINARY(name, id) {name, py_##id, "(x1, x2)", NULL, NULL},
#define FN_KOP_REDUCE(name, id) {name, py_##id, "(x, axis=None, keepdims=False)", NULL, NULL},
#define FN_KOP_MATRIX(name, id) {name, py_##id, "(x1, x2)", NULL, NULL},
#define FN_KOP_ACTIVATION(name, id)
static const FeFnDef ops_fns[] = {
#define KOP(id, name, cls, kind, fn, doc) FN_##kind(name, id)
#include "keras_ops.def"
    {"abs", py_ABSOLUTE, "(x)", NULL, NULL},
    {"concatenate", py_concatenate, "(xs, axis=0)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeClassDef ops_classes[] = {
    /* an operation's layer: made by the functions above, never by a user */
    {.name = "Operation", .layout = &pl_layer_layout},
    {.name = NULL},
};

/* The activations' functions (keras.ops.relu, keras.ops.gelu) come from keras_activations.c,
 * one per row of names/activations.def that keras.ops has. */
const FeModuleDef pl_keras_ops_def = {.name = "keras.ops", .fns = ops_fns,
                                      .classes = ops_classes, .init = pl_ops_activations_init};
const FeModuleDef pl_tf_keras_ops_def = {.name = "tensorflow.keras.ops", .alias_of = "keras.ops"};
