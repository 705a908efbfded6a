/* scikeras.c — a Keras model as a scikit-learn estimator, which tutorials hand to
 * cross_val_score, Pipeline and GridSearchCV: scikeras.wrappers' KerasClassifier and
 * KerasRegressor as SciKeras 0.13 defines them, and Keras 3's own keras.wrappers
 * SKLearnClassifier and SKLearnRegressor (at the end).
 *
 * The constructor keeps its parameters as attributes, and any other keyword too (a parameter
 * of the model function), so cross_val_score's clone copies them. Each fit makes a new model:
 * `model` (or the older `build_fn`) called with those other keywords and the ones prefixed
 * model__, and with meta, compile_kwargs and params when its signature names them; a model
 * the function left uncompiled is compiled with optimizer, loss and metrics. It is trained
 * with batch_size, epochs, verbose, validation_split, shuffle, validation_batch_size and
 * callbacks, a fit__ prefixed parameter winning, then fit's own keywords. A classifier first
 * encodes its labels as SciKeras's ClassifierLabelEncoder does: 1-d labels (numbers or text)
 * become their index among the sorted classes_ (one-hot when loss is categorical
 * crossentropy and there are more than two), and one-hot rows stay as they are; predict
 * turns the model's probabilities back into labels (a single sigmoid column read as [1 - p,
 * p]) in y's shape and score is their accuracy. A regressor trains on y as given,
 * predicts the model's outputs in y's shape and scores R². random_state seeds the models the
 * fit makes, as tf.random.set_seed would, and leaves the run's seeding as it was. */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "pylib.h"

#define PARAMS                                                                             \
  "model=None", "build_fn=None", "warm_start=False", "random_state=None",                 \
      "optimizer='rmsprop'", "loss=None", "metrics=None", "batch_size=None",              \
      "validation_batch_size=None", "verbose=1", "callbacks=None", "validation_split=0.0", \
      "shuffle=True", "run_eagerly=False", "epochs=1"
static const char *const regressor_params[] = {PARAMS, NULL};
static const char *const classifier_params[] = {PARAMS, "class_weight=None", NULL};
enum { NREGRESSOR = 15 }; /* the rows of regressor_params; the classifier's one more */

/* What each destination takes of the parameters without a prefix. */
static const char *const fit_keys[] = {"batch_size", "epochs", "verbose", "validation_split",
                                       "shuffle", "validation_batch_size", NULL};
static const char *const predict_keys[] = {"batch_size", "verbose", NULL};
static const char *const compile_keys[] = {"optimizer", "loss", "metrics", "run_eagerly", NULL};

/* Keeps the parameters, and the other keywords with their names in _user_params. */
static Obj *init(Interp *I, Obj *self, Obj **args, const char *const *params, Obj *kwargs) {
  if (!pl_set_params(I, self, params, args))
    return NULL;
  Obj *names = fe_list_new(I, 0), *k, *v;
  for (int64_t pos = 0; names && fe_dict_next(kwargs, &pos, &k, &v);)
    if (fe_setattr(I, self, k, v) < 0 || fe_list_append(I, names, k) < 0)
      fe_setref(I, &names, NULL);
  return names && pl_set_attr(I, self, "_user_params", names) ? fe_none(I) : NULL;
}

static Obj *c_init(Interp *I, Obj *self, Obj **args) {
  return init(I, self, args, classifier_params, args[NREGRESSOR + 1]);
}

static Obj *r_init(Interp *I, Obj *self, Obj **args) {
  return init(I, self, args, regressor_params, args[NREGRESSOR]);
}

static bool parameter_name(const char *s) {
  size_t n = strlen(s);
  return n && s[0] != '_' && s[n - 1] != '_';
}

/* get_params(): the attributes neither starting nor ending with '_', in a new dict. */
static Obj *params_of(Interp *I, Obj *self) {
  Obj *dict = fe_getattr_str(I, self, "__dict__"), *r = dict ? fe_dict_new(I) : NULL, *k, *v;
  for (int64_t pos = 0; r && fe_dict_next(dict, &pos, &k, &v);)
    if (parameter_name(FE_STR(k)->s) && fe_dict_set(I, r, k, v) < 0)
      fe_setref(I, &r, NULL);
  fe_decref(I, dict);
  return r;
}

static Obj *get_params(Interp *I, Obj *self, Obj **args) {
  (void)args; /* deep: the parameters hold no estimators */
  return params_of(I, self);
}

/* set_params(**params): each kept as an attribute, as get_params would give it back: a
 * routed one (model__units), or a parameter the estimator has. */
static Obj *set_params(Interp *I, Obj *self, Obj **args) {
  static const char *const routes[] = {"model__", "fit__", "compile__", "predict__",
                                       "optimizer__", "loss__", "metrics__"};
  Obj *params = params_of(I, self), *k, *v;
  bool ok = params != NULL;
  for (int64_t pos = 0; ok && fe_dict_next(args[0], &pos, &k, &v);) {
    const char *s = FE_STR(k)->s;
    bool routed = false;
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
      routed |= !strncmp(s, routes[i], strlen(routes[i]));
    int known = routed ? 1 : fe_contains(I, params, k);
    if (known == 0)
      fe_throw(I, EXC_ValueError, "Invalid parameter %s for estimator %s.\nThis issue can "
               "likely be resolved by setting this parameter in the %s constructor:\n`%s(%s=%s)`"
               "\nCheck the list of available parameters with `estimator.get_params().keys()`",
               s, fe_typename(self), fe_typename(self), fe_typename(self), s,
               pl_repr_text(I, v));
    ok = known == 1 && fe_setattr(I, self, k, v) == 0;
  }
  fe_decref(I, params);
  return ok ? (fe_incref(self), self) : NULL;
}

static bool listed(const char *key, const char *const *keys) {
  for (int i = 0; keys && keys[i]; i++)
    if (!strcmp(key, keys[i]))
      return true;
  return false;
}

/* SciKeras's route_params: the parameters for dest, those named in keys or in the list user
 * as they are and those prefixed "dest__" without it; a new dict. */
static Obj *routed(Interp *I, Obj *params, const char *dest, const char *const *keys,
                   Obj *user) {
  Obj *r = fe_dict_new(I), *k, *v;
  size_t n = strlen(dest);
  for (int64_t pos = 0; r && fe_dict_next(params, &pos, &k, &v);) {
    const char *s = FE_STR(k)->s;
    int in_user = user && !strstr(s, "__") ? fe_contains(I, user, k) : 0;
    int bad = in_user < 0;
    if (!strncmp(s, dest, n) && !strncmp(s + n, "__", 2))
      bad = fe_dict_setstr(I, r, s + n + 2, v) < 0;
    else if (!strstr(s, "__") && (listed(s, keys) || in_user == 1))
      bad = fe_dict_set(I, r, k, v) < 0;
    if (bad)
      fe_setref(I, &r, NULL);
  }
  return r;
}

static bool takes(Obj *fn, const char *name) {
  const Sig *sig = ((Function *)fn)->sig;
  if (sig->varkw >= 0)
    return true;
  for (int i = 0; i < sig->n; i++)
    if (fe_str_is(sig->p[i].name, name))
      return true;
  return false;
}

/* SciKeras's meta: the fitted attributes (name_, not _name_ or name__). */
static Obj *meta_of(Interp *I, Obj *self) {
  Obj *dict = fe_getattr_str(I, self, "__dict__"), *r = dict ? fe_dict_new(I) : NULL, *k, *v;
  for (int64_t pos = 0; r && fe_dict_next(dict, &pos, &k, &v);) {
    const char *s = FE_STR(k)->s;
    size_t n = strlen(s);
    if (n > 1 && s[n - 1] == '_' && s[n - 2] != '_' && s[0] != '_' &&
        fe_dict_set(I, r, k, v) < 0)
      fe_setref(I, &r, NULL);
  }
  fe_decref(I, dict);
  return r;
}

static bool warn_build_fn(Interp *I) {
  if (!pl_state(I)->warnings_off)
    fprintf(fe_err(I), "UserWarning: ``build_fn`` will be renamed to ``model`` in a future "
            "release, at which point use of ``build_fn`` will raise an Error instead.\n");
  return true;
}

/* The model function's Keras model (or the Model given as `model`), a new reference. */
static Obj *build(Interp *I, Obj *self, Obj *params) {
  Obj *fn = fe_dict_getstr(I, params, "model"), *old = fe_dict_getstr(I, params, "build_fn");
  if (fn == &I->none && old && old != &I->none && warn_build_fn(I))
    fn = old;
  if (!fn || fn == &I->none)
    return fe_throw(I, EXC_ValueError, "If not using the ``build_fn`` param, you must "
                    "implement ``_keras_build_fn``");
  if (pl_is_model(I, fn)) {
    fe_incref(fn);
    return fn;
  }
  if (!FE_ISA(I, fn, function))
    return fe_throw(I, EXC_TypeError, "``model`` must be a callable, a Keras Model instance "
                    "or None");
  Obj *user = fe_getattr_str(I, self, "_user_params");
  Obj *kw = user ? routed(I, params, "model", NULL, user) : NULL;
  Obj *meta = kw && takes(fn, "meta") ? meta_of(I, self) : NULL;
  Obj *ckw = kw && takes(fn, "compile_kwargs") ? routed(I, params, "compile", compile_keys, NULL)
                                                : NULL;
  bool ok = kw && (!takes(fn, "meta") || (meta && fe_dict_setstr(I, kw, "meta", meta) == 0)) &&
            (!takes(fn, "compile_kwargs") ||
             (ckw && fe_dict_setstr(I, kw, "compile_kwargs", ckw) == 0)) &&
            (!takes(fn, "params") || fe_dict_setstr(I, kw, "params", params) == 0);
  Obj *m = ok ? pl_call_kw_result(I, fn, NULL, NULL, 0, kw) : NULL;
  fe_decref(I, user), fe_decref(I, kw), fe_decref(I, meta), fe_decref(I, ckw);
  if (m && !pl_is_model(I, m)) {
    fe_throw(I, EXC_TypeError, "the model function returned %s where SciKeras needs a Keras "
             "Model", fe_typename(m));
    fe_setref(I, &m, NULL);
  }
  return m;
}

/* The class of keras.optimizers an optimizer's name means, as Keras's optimizers.get reads
 * it ('adam': Adam, 'rmsprop': RMSprop); a new reference. */
static Obj *optimizer_class(Interp *I, Obj *name) {
  Obj *mod = fe_import(I, "keras.optimizers"), *k, *v, *cls = NULL;
  for (int64_t pos = 0; mod && !cls && fe_dict_next(((Module *)mod)->dict, &pos, &k, &v);)
    if (FE_ISA(I, v, type) && !strcasecmp(FE_STR(k)->s, FE_STR(name)->s))
      cls = (fe_incref(v), v);
  fe_decref(I, mod);
  if (mod && !cls)
    fe_throw(I, EXC_ValueError, "Could not interpret optimizer identifier: %s", FE_STR(name)->s);
  return cls;
}

/* compile's optimizer: with optimizer__ parameters, the optimizer's class (or the class of
 * its name) made with them, as SciKeras makes it; a new reference. */
static Obj *optimizer(Interp *I, Obj *params, Obj *given) {
  Obj *kw = routed(I, params, "optimizer", NULL, NULL);
  bool plain = kw && fe_len(I, kw) == 0 && !FE_ISA(I, given, type);
  Obj *cls = !kw || plain ? NULL : FE_ISA(I, given, str) ? optimizer_class(I, given)
                                                         : (fe_incref(given), given);
  Obj *r = plain ? (fe_incref(given), given)
           : cls && FE_ISA(I, cls, type) ? pl_call_kw_result(I, cls, NULL, NULL, 0, kw)
           : cls; /* an instance: SciKeras passes it as it is */
  if (r != cls)
    fe_decref(I, cls);
  fe_decref(I, kw);
  return r;
}

/* Compiles m with the compile parameters unless its function did. */
static bool ensure_compiled(Interp *I, Obj *m, Obj *params) {
  if (((PlModel *)m)->compiled)
    return true;
  Obj *kw = routed(I, params, "compile", compile_keys, NULL);
  Obj *loss = kw ? fe_dict_getstr(I, kw, "loss") : NULL;
  if (kw && (!loss || loss == &I->none))
    fe_throw(I, EXC_ValueError, "You must provide a loss or a compiled model");
  Obj *opt = kw && !I->exc_pending ? optimizer(I, params, fe_dict_getstr(I, kw, "optimizer"))
                                   : NULL;
  bool ok = opt && fe_dict_setstr(I, kw, "optimizer", opt) == 0 &&
            pl_call_kw(I, m, "compile", NULL, 0, kw);
  fe_decref(I, kw), fe_decref(I, opt);
  return ok;
}

/* X as float32 (a new reference), its shape kept in X_shape_ and n_features_in_. */
static Obj *features(Interp *I, Obj *self, Obj *xv, bool fitting) {
  NdArray *x = pl_array_of(I, xv, ND_FLOAT32, false);
  if (!x)
    return pl_nd_raise(I);
  if (x->ndim < 2) {
    const char *what = x->ndim ? "1D" : "scalar";
    nd_unref(x);
    return fe_throw(I, EXC_ValueError, "Expected 2D array, got %s array instead", what);
  }
  Obj *shape = fitting ? fe_tuple_new(I, x->ndim) : NULL;
  for (int d = 0; shape && d < x->ndim; d++)
    FE_TUPLE(shape)->v[d] = fe_int(I, x->shape[d]);
  if (fitting && !(shape && pl_set_attr(I, self, "X_shape_", shape) &&
                   pl_set_attr(I, self, "n_features_in_", fe_int(I, x->shape[1])))) {
    nd_unref(x);
    return NULL;
  }
  return pl_array_wrap(I, x);
}

static bool categorical_loss(Interp *I, Obj *loss) {
  if (FE_ISA(I, loss, str))
    return fe_str_is(loss, "categorical_crossentropy");
  const char *name = FE_ISA(I, loss, function) ? FE_STR(((Function *)loss)->name)->s
                                               : fe_typename(loss);
  return !strcmp(name, "CategoricalCrossentropy") || !strcmp(name, "categorical_crossentropy");
}

/* Whether the [n, k] labels y are 0s and 1s (a label indicator matrix); *one_hot: a single
 * 1 in each row. */
static bool indicator(const NdArray *y, bool *one_hot) {
  NdArray *f = nd_astype(y, ND_FLOAT64);
  bool yes = f != NULL;
  *one_hot = yes;
  for (int64_t i = 0; yes && i < y->shape[0]; i++) {
    double sum = 0;
    for (int64_t j = 0; j < y->shape[1]; j++) {
      double v = ((double *)f->data)[i * y->shape[1] + j];
      yes = yes && (v == 0 || v == 1);
      sum += v;
    }
    *one_hot = *one_hot && sum == 1;
  }
  nd_unref(f);
  return yes;
}

/* Whose encoding of labels: SciKeras's ClassifierLabelEncoder, or Keras's SKLearnClassifier
 * (one-hot always; binary and multiclass labels only). */
typedef enum { SCIKERAS, KERAS } Encoding;

static Obj *unknown_label_type(Interp *I, const char *type, Encoding e) {
  if (e == KERAS)
    return fe_throw(I, EXC_ValueError, "Only binary and multiclass target types are "
                    "supported. Target type: %s", type);
  return fe_throw(I, EXC_ValueError, "Unknown label type: %s.\n\nTo implement support, "
                  "subclass KerasClassifier and override ``target_encoder`` with a transformer "
                  "that supports this label type.", type);
}

/* float32 [n, k] rows of classes_ codes: one-hot when k > 0, else [n, 1] codes. */
static Obj *coded(Interp *I, Obj *codes, int64_t k) {
  NdArray *c = pl_array_arg(I, codes);
  int64_t n = c ? c->size : 0, shape[2] = {n, k ? k : 1};
  NdArray *out = c ? nd_empty(ND_FLOAT32, 2, shape) : NULL, *ci = c ? nd_astype(c, ND_INT64) : NULL;
  for (int64_t i = 0; out && ci && i < n; i++) {
    float *row = (float *)out->data + i * shape[1];
    int64_t code = ((int64_t *)ci->data)[i];
    if (k)
      for (int64_t j = 0; j < k; j++)
        row[j] = j == code;
    else
      row[0] = (float)code;
  }
  nd_unref(c), nd_unref(ci);
  if (out && !ci)
    nd_unref(out), out = NULL;
  return out ? pl_array_wrap(I, out) : (I->exc_pending ? NULL : pl_nd_raise(I));
}

/* The classifier's targets for Keras as e encodes them, with classes_, n_classes_ and
 * target_type_ set, and for predict _target_type (the encoder's) and _y_ndim. */
static Obj *encode_labels(Interp *I, Obj *self, Obj *yv, Obj *loss, Encoding e) {
  NdArray *y = pl_array_of(I, yv, ND_NODTYPE, false);
  if (!y && I->exc_pending) /* labels of text: LabelEncoder's below */
    fe_decref(I, fe_exc_take(I));
  bool continuous = false, one_hot = false;
  if (y && nd_dtype_is_float(y->dtype)) {
    NdArray *f = nd_astype(y, ND_FLOAT64);
    for (int64_t i = 0; f && i < f->size; i++)
      continuous |= ((double *)f->data)[i] != (double)(int64_t)((double *)f->data)[i];
    nd_unref(f);
  }
  int ndim = y ? y->ndim : 1;
  if (y && y->ndim == 2 && y->shape[1] > 1) { /* rows of labels: kept as they are */
    bool rows01 = !continuous && indicator(y, &one_hot), yes = rows01 && e == SCIKERAS;
    int64_t k = y->shape[1];
    NdArray *f = yes ? nd_astype(y, ND_FLOAT32) : NULL, *classes = nd_empty(ND_INT64, 1, &k);
    nd_unref(y);
    for (int64_t j = 0; classes && j < k; j++)
      ((int64_t *)classes->data)[j] = j;
    if (!yes) {
      nd_unref(classes);
      return unknown_label_type(I, continuous ? "continuous-multioutput"
                                   : rows01 ? "multilabel-indicator"
                                   : "multiclass-multioutput", e);
    }
    return f && classes && pl_set_array_attr(I, self, "classes_", classes) &&
           pl_set_attr(I, self, "n_classes_", fe_int(I, k)) &&
           pl_set_attr(I, self, "target_type_", fe_str_cstr(I, "multilabel-indicator")) &&
           pl_set_attr(I, self, "_target_type",
                       fe_str_cstr(I, one_hot ? "multiclass-onehot" : "multilabel-indicator"))
               ? pl_array_wrap(I, f) : (nd_unref(f), NULL);
  }
  bool column = !y || y->ndim == 1 || (y->ndim == 2 && y->shape[1] == 1), text = !y;
  nd_unref(y);
  if (continuous || !column)
    return unknown_label_type(I, continuous ? "continuous" : "unknown", e);
  Obj *mod = fe_import(I, "sklearn.preprocessing");
  Obj *cls = mod ? fe_getattr_str(I, mod, "LabelEncoder") : NULL;
  Obj *le = cls ? fe_call0(I, cls) : NULL;
  Obj *np = le ? fe_import(I, "numpy") : NULL, *ravel = np ? fe_getattr_str(I, np, "ravel") : NULL;
  Obj *flat = !ravel ? NULL : text ? (fe_incref(yv), yv) : fe_call1(I, ravel, yv);
  Obj *codes = flat ? fe_call_method(I, le, "fit_transform", &flat, 1) : NULL;
  Obj *classes = codes ? fe_getattr_str(I, le, "classes_") : NULL;
  int64_t k = classes ? fe_len(I, classes) : -1;
  bool all = e == KERAS || (k > 2 && categorical_loss(I, loss));
  if (e == KERAS && k == 1)
    fe_throw(I, EXC_ValueError, "Classifier can't train when only one class is present.");
  Obj *out = k >= 0 && !I->exc_pending ? coded(I, codes, all ? k : 0) : NULL;
  fe_decref(I, mod), fe_decref(I, cls), fe_decref(I, le), fe_decref(I, np);
  fe_decref(I, ravel), fe_decref(I, flat), fe_decref(I, codes);
  const char *type = k <= 2 ? "binary" : "multiclass";
  if (!out)
    fe_setref(I, &classes, NULL); /* else pl_set_attr takes it */
  if (!(out && pl_set_attr(I, self, "classes_", classes) &&
        pl_set_attr(I, self, "n_classes_", fe_int(I, k)) &&
        pl_set_attr(I, self, "target_type_", fe_str_cstr(I, type)) &&
        pl_set_attr(I, self, "_target_type", fe_str_cstr(I, type)) &&
        pl_set_attr(I, self, "_y_ndim", fe_int(I, ndim))))
    fe_setref(I, &out, NULL);
  return out;
}

/* The regressor's targets: y as an array, its rank kept for predict. */
static Obj *target(Interp *I, Obj *self, Obj *yv) {
  NdArray *y = pl_array_of(I, yv, ND_NODTYPE, false);
  if (!y)
    return I->exc_pending ? NULL : pl_nd_raise(I);
  int ndim = y->ndim;
  return pl_set_attr(I, self, "_y_ndim", fe_int(I, ndim)) ? pl_array_wrap(I, y)
                                                           : (nd_unref(y), NULL);
}

/* The model's seeding for random_state (an int; None leaves it), restored by unseed. */
typedef struct {
  bool set;
  uint64_t seed;
  Rng models;
  bool model_seeded;
} Seeding;

static bool seed(Interp *I, Obj *rs, Seeding *s) {
  int64_t v;
  PlState *st = pl_state(I);
  *s = (Seeding){false, st->seed, st->models, st->model_seeded};
  if (rs == &I->none)
    return true;
  if (fe_as_int(I, rs, &v) < 0)
    return false;
  pl_seed_run(I, (uint64_t)v, 0);
  s->set = true;
  return true;
}

static void unseed(Interp *I, const Seeding *s) {
  PlState *st = pl_state(I);
  if (s->set)
    st->seed = s->seed, st->models = s->models, st->model_seeded = s->model_seeded;
}

/* The first parameter given that nnc does not honour, or NULL. */
static const char *unsupported(Interp *I, Obj *params) {
  static const char *const routes[] = {"loss__", "metrics__", "callbacks__"};
  Obj *k, *v;
  for (int64_t pos = 0; fe_dict_next(params, &pos, &k, &v);) {
    const char *s = FE_STR(k)->s;
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
      if (!strncmp(s, routes[i], strlen(routes[i])))
        return s;
    if ((!strcmp(s, "class_weight") && v != &I->none) ||
        (!strcmp(s, "warm_start") && fe_truth(I, v) == 1))
      return s;
  }
  return NULL;
}

/* fit(X, y, sample_weight=None, **kwargs): a new model trained on X and y. */
static Obj *fit(Interp *I, Obj *self, Obj **args, bool classifier) {
  Obj *params = params_of(I, self);
  if (!params)
    return NULL;
  const char *refused = unsupported(I, params); /* a key of params */
  if (refused) {
    fe_throw(I, EXC_NotImplementedError, "%s(%s=...) is not supported by nnc yet",
             fe_typename(self), refused);
    fe_decref(I, params);
    return NULL;
  }
  Seeding s;
  Obj *x = NULL, *y = NULL, *m = NULL, *kw = NULL, *hist = NULL, *h = NULL;
  bool ok = seed(I, fe_dict_getstr(I, params, "random_state"), &s) &&
            (x = features(I, self, args[0], true)) &&
            (y = classifier ? encode_labels(I, self, args[1], fe_dict_getstr(I, params, "loss"),
                                            SCIKERAS)
                            : target(I, self, args[1])) &&
            (m = build(I, self, params)) && ensure_compiled(I, m, params) &&
            (kw = routed(I, params, "fit", fit_keys, NULL)) &&
            fe_dict_setstr(I, kw, "callbacks", fe_dict_getstr(I, params, "callbacks")) == 0 &&
            fe_dict_setstr(I, kw, "sample_weight", args[2]) == 0;
  Obj *k, *v;
  for (int64_t pos = 0; ok && fe_dict_next(args[3], &pos, &k, &v);)
    ok = fe_dict_set(I, kw, k, v) == 0;
  Obj *bs = ok ? fe_dict_getstr(I, kw, "batch_size") : NULL;
  int64_t b;
  if (bs && fe_is_int(I, bs) && fe_as_int(I, bs, &b) == 0 && b == -1) { /* all at once */
    Obj *n = fe_int(I, PL_ND(x)->shape[0]);
    ok = n && fe_dict_setstr(I, kw, "batch_size", n) == 0;
    fe_decref(I, n);
  }
  Obj *xy[2] = {x, y};
  hist = ok ? pl_call_kw_result(I, m, "fit", xy, 2, kw) : NULL;
  h = hist ? fe_getattr_str(I, hist, "history") : NULL;
  unseed(I, &s);
  Obj *r = h && pl_set_attr(I, self, "model_", (fe_incref(m), m)) &&
                   pl_set_attr(I, self, "history_", (fe_incref(h), h))
               ? (fe_incref(self), self) : NULL;
  fe_decref(I, params), fe_decref(I, x), fe_decref(I, y), fe_decref(I, m);
  fe_decref(I, kw), fe_decref(I, hist), fe_decref(I, h);
  return r;
}

static Obj *c_fit(Interp *I, Obj *self, Obj **args) {
  return fit(I, self, args, true);
}

static Obj *r_fit(Interp *I, Obj *self, Obj **args) {
  return fit(I, self, args, false);
}

/* SciKeras's wrappers route parameters to predict; Keras's have none to route. */
static bool scikeras(Interp *I, Obj *self) {
  Obj *user = fe_getattr_str(I, self, "_user_params");
  if (!user)
    fe_decref(I, fe_exc_take(I));
  fe_decref(I, user);
  return user != NULL;
}

/* The model's outputs for X (an NdArray, float32), predict's keywords routed. */
static NdArray *raw(Interp *I, Obj *self, Obj *xv, Obj *kwargs) {
  Obj *m = fe_getattr_str(I, self, "model_");
  if (!m) {
    fe_decref(I, fe_exc_take(I));
    if (scikeras(I, self))
      fe_throw(I, EXC_ValueError, "Estimator needs to be fit before `predict` can be called");
    else
      fe_throw(I, EXC_ValueError, "This %s instance is not fitted yet. Call 'fit' with "
               "appropriate arguments before using this estimator.", fe_typename(self));
    return NULL;
  }
  Obj *params = params_of(I, self), *x = params ? features(I, self, xv, false) : NULL;
  Obj *kw = !x ? NULL : scikeras(I, self) ? routed(I, params, "predict", predict_keys, NULL)
                                          : fe_dict_new(I), *k, *v;
  bool ok = kw != NULL;
  for (int64_t pos = 0; ok && kwargs && fe_dict_next(kwargs, &pos, &k, &v);)
    ok = fe_dict_set(I, kw, k, v) == 0;
  Obj *p = ok ? pl_call_kw_result(I, m, "predict", &x, 1, kw) : NULL;
  NdArray *a = p ? pl_array_of(I, p, ND_FLOAT32, false) : NULL;
  if (p && !a)
    pl_nd_raise(I);
  fe_decref(I, m), fe_decref(I, params), fe_decref(I, x), fe_decref(I, kw), fe_decref(I, p);
  return a;
}

/* Probabilities of the classes: [1 - p, p] for a single sigmoid column of two classes. */
static NdArray *probabilities(Interp *I, Obj *self, NdArray *out) {
  Obj *nc = fe_getattr_str(I, self, "n_classes_");
  int64_t k = 0;
  bool ok = nc && fe_as_int(I, nc, &k) == 0;
  fe_decref(I, nc);
  if (!ok || out->ndim != 2 || out->shape[1] != 1 || k != 2)
    return ok ? out : (nd_unref(out), NULL);
  int64_t shape[2] = {out->shape[0], 2};
  NdArray *two = nd_empty(ND_FLOAT32, 2, shape), *c = nd_ascontiguous(out, ND_FLOAT32);
  for (int64_t i = 0; two && c && i < shape[0]; i++) {
    float p = ((float *)c->data)[i];
    ((float *)two->data)[2 * i] = 1 - p;
    ((float *)two->data)[2 * i + 1] = p;
  }
  nd_unref(out), nd_unref(c);
  if (!two)
    pl_nd_raise(I);
  return two;
}

/* a without its axes of length 1 (np.squeeze), taken over. */
static NdArray *squeezed(Interp *I, NdArray *a) {
  int64_t shape[ND_MAXDIM];
  int nd = 0;
  for (int d = 0; d < a->ndim; d++)
    if (a->shape[d] != 1)
      shape[nd++] = a->shape[d];
  NdArray *s = nd_reshape(a, nd, shape);
  nd_unref(a);
  if (!s)
    pl_nd_raise(I);
  return s;
}

static Obj *predict_proba(Interp *I, Obj *self, Obj **args) {
  NdArray *a = raw(I, self, args[0], args[1]), *p = a ? probabilities(I, self, a) : NULL;
  NdArray *s = p ? squeezed(I, p) : NULL;
  return s ? pl_array_wrap(I, s) : NULL;
}

/* pred (taken) in y's shape: flat for 1-d y, a column for a column of labels. */
static Obj *shaped_like_y(Interp *I, Obj *self, Obj *pred) {
  Obj *yn = pred ? fe_getattr_str(I, self, "_y_ndim") : NULL;
  Obj *pn = yn ? fe_getattr_str(I, pred, "ndim") : NULL;
  int64_t ydim, pdim;
  bool ok = pn && fe_as_int(I, yn, &ydim) == 0 && fe_as_int(I, pn, &pdim) == 0;
  fe_decref(I, yn), fe_decref(I, pn);
  if (ok && ydim != pdim) {
    Obj *dims[2] = {fe_int(I, -1), fe_int(I, 1)};
    Obj *r = dims[0] && dims[1] ? fe_call_method(I, pred, "reshape", dims, ydim == 1 ? 1 : 2)
                                : NULL;
    fe_decref(I, dims[0]), fe_decref(I, dims[1]);
    fe_setref(I, &pred, r);
  }
  if (!ok)
    fe_setref(I, &pred, NULL);
  return pred;
}

/* The labels the model's probabilities give, as SciKeras's encoder inverts them: classes_
 * of the most probable class; for indicator labels the most probable as one-hot int rows,
 * or each probability rounded. */
static Obj *c_predict(Interp *I, Obj *self, Obj **args) {
  NdArray *a = raw(I, self, args[0], args[1]), *p = a ? probabilities(I, self, a) : NULL;
  NdArray *c = p ? nd_ascontiguous(p, ND_FLOAT32) : NULL;
  nd_unref(p);
  Obj *type = c ? fe_getattr_str(I, self, "_target_type") : NULL;
  if (!type) {
    nd_unref(c);
    return p && !I->exc_pending ? pl_nd_raise(I) : NULL;
  }
  bool onehot = fe_str_is(type, "multiclass-onehot"), rounded = fe_str_is(type,
                                                                          "multilabel-indicator");
  fe_decref(I, type);
  int64_t n = c->shape[0], k = c->ndim == 2 ? c->shape[1] : 1, shape[2] = {n, k};
  NdArray *out = onehot || rounded ? nd_zeros(ND_INT64, 2, shape) : nd_empty(ND_INT64, 1, &n);
  for (int64_t i = 0; out && i < n; i++) {
    const float *row = (float *)c->data + i * k;
    int64_t best = 0, *o = (int64_t *)out->data;
    for (int64_t j = 1; j < k; j++)
      best = row[j] > row[best] ? j : best;
    for (int64_t j = 0; rounded && j < k; j++)
      o[i * k + j] = (int64_t)nearbyintf(row[j]);
    if (onehot)
      o[i * k + best] = 1;
    else if (!rounded)
      o[i] = best;
  }
  nd_unref(c);
  if (!out)
    return pl_nd_raise(I);
  if (onehot || rounded)
    return pl_array_wrap(I, out);
  Obj *classes = fe_getattr_str(I, self, "classes_");
  Obj *ix = classes ? pl_array_wrap(I, out) : (nd_unref(out), NULL);
  Obj *r = ix ? fe_getitem(I, classes, ix) : NULL;
  fe_decref(I, classes), fe_decref(I, ix);
  return shaped_like_y(I, self, r);
}

/* The model's outputs in y's shape. */
static Obj *r_predict(Interp *I, Obj *self, Obj **args) {
  NdArray *a = raw(I, self, args[0], args[1]);
  return a ? shaped_like_y(I, self, pl_array_wrap(I, a)) : NULL;
}

/* score(X, y, sample_weight=None): metric(y, predict(X)), accuracy or R². */
static Obj *score(Interp *I, Obj *self, Obj **args, const char *metric) {
  Obj *noargs = fe_dict_new(I), *pa[2] = {args[0], noargs};
  Obj *pred = noargs ? (strcmp(metric, "r2_score") ? c_predict : r_predict)(I, self, pa) : NULL;
  Obj *mod = pred ? fe_import(I, "sklearn.metrics") : NULL;
  Obj *f = mod ? fe_getattr_str(I, mod, metric) : NULL;
  Obj *kw = f ? fe_dict_new(I) : NULL;
  Obj *yp[2] = {args[1], pred};
  Obj *r = kw && fe_dict_setstr(I, kw, "sample_weight", args[2]) == 0
               ? pl_call_kw_result(I, f, NULL, yp, 2, kw) : NULL;
  fe_decref(I, noargs), fe_decref(I, pred), fe_decref(I, mod), fe_decref(I, f);
  fe_decref(I, kw);
  return r;
}

static Obj *c_score(Interp *I, Obj *self, Obj **args) {
  return score(I, self, args, "accuracy_score");
}

static Obj *r_score(Interp *I, Obj *self, Obj **args) {
  return score(I, self, args, "r2_score");
}

#define SIG                                                                                 \
  "model=None, *, build_fn=None, warm_start=False, random_state=None, optimizer='rmsprop', " \
  "loss=None, metrics=None, batch_size=None, validation_batch_size=None, verbose=1, "       \
  "callbacks=None, validation_split=0.0, shuffle=True, run_eagerly=False, epochs=1"
#define COMMON_METHODS                                                                   \
  {"get_params", get_params, "(deep=True)", "dict", NULL},                                \
  {"set_params", set_params, "(**params)", NULL, NULL}

static const FeFnDef classifier_methods[] = {
    {"__init__", c_init, "(" SIG ", class_weight=None, **kwargs)", NULL, NULL},
    {"fit", c_fit, "(X, y, sample_weight=None, **kwargs)", "scikeras.wrappers.KerasClassifier",
     NULL},
    {"predict", c_predict, "(X, **kwargs)", PL_ARRAY, NULL},
    {"predict_proba", predict_proba, "(X, **kwargs)", PL_ARRAY, NULL},
    {"score", c_score, "(X, y, sample_weight=None)", NULL, NULL},
    COMMON_METHODS,
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeFnDef regressor_methods[] = {
    {"__init__", r_init, "(" SIG ", **kwargs)", NULL, NULL},
    {"fit", r_fit, "(X, y, sample_weight=None, **kwargs)", "scikeras.wrappers.KerasRegressor",
     NULL},
    {"predict", r_predict, "(X, **kwargs)", PL_ARRAY, NULL},
    {"score", r_score, "(X, y, sample_weight=None)", NULL, NULL},
    COMMON_METHODS,
    {NULL, NULL, NULL, NULL, NULL},
};

/* what cross_val_score's default folds and scores go by */
static const FeConstDef classifier_consts[] = {
    {"_estimator_type", FC_STR, 0, 0, "classifier"},
    {NULL, FC_NONE, 0, 0, NULL},
};
static const FeConstDef regressor_consts[] = {
    {"_estimator_type", FC_STR, 0, 0, "regressor"},
    {NULL, FC_NONE, 0, 0, NULL},
};

static const FeClassDef classes[] = {
    {.name = "KerasClassifier", .methods = classifier_methods, .consts = classifier_consts},
    {.name = "KerasRegressor", .methods = regressor_methods, .consts = regressor_consts},
    {.name = NULL},
};

const FeModuleDef pl_scikeras_def = {.name = "scikeras"};
/* Keras 2's wrappers, which Keras 3 removed; tutorials written for them need scikeras's. */
#define KERAS2_WRAPPERS                                                                     \
  "Keras 3 removed it; scikeras.wrappers has KerasClassifier and KerasRegressor in its "    \
  "place (they take the build function as model=, and epochs= for nb_epoch=)"
const FeModuleDef pl_keras2_wrappers_def = {.name = "keras.wrappers.scikit_learn",
                                            .refusal = KERAS2_WRAPPERS};
const FeModuleDef pl_tf_keras2_wrappers_def = {.name = "tensorflow.keras.wrappers.scikit_learn",
                                               .refusal = KERAS2_WRAPPERS};
const FeModuleDef pl_scikeras_wrappers_def = {.name = "scikeras.wrappers", .classes = classes,
                                              .lacks = "BaseWrapper"};

/* ---- keras.wrappers: Keras 3's SKLearnClassifier and SKLearnRegressor ----
 * model(X=X, y=y, **model_kwargs) builds a compiled model each fit (the classifier's y one-hot
 * over classes_, the sorted labels, binary or multiclass only), trained with fit_kwargs and
 * fit's keywords; history_ is its History. predict gives classes_ of the largest output (the
 * regressor the outputs) in y's shape; score is accuracy or R². */

static const char *const keras_params[] = {"model", "warm_start=False", "model_kwargs=None",
                                           "fit_kwargs=None", NULL};

static Obj *k_init(Interp *I, Obj *self, Obj **args) {
  return pl_set_params(I, self, keras_params, args) ? fe_none(I) : NULL;
}

/* A copy of the dict d (None: empty) updated with more's items. */
static Obj *merged(Interp *I, Obj *d, Obj *more) {
  Obj *r = fe_dict_new(I), *k, *v;
  for (int64_t pos = 0; r && d != &I->none && fe_dict_next(d, &pos, &k, &v);)
    if (fe_dict_set(I, r, k, v) < 0)
      fe_setref(I, &r, NULL);
  for (int64_t pos = 0; r && fe_dict_next(more, &pos, &k, &v);)
    if (fe_dict_set(I, r, k, v) < 0)
      fe_setref(I, &r, NULL);
  return r;
}

/* fit(X, y, **kwargs) */
static Obj *k_fit(Interp *I, Obj *self, Obj **args, bool classifier) {
  Obj *fn = fe_getattr_str(I, self, "model"), *ws = fn ? fe_getattr_str(I, self, "warm_start")
                                                      : NULL;
  Obj *mk = ws ? fe_getattr_str(I, self, "model_kwargs") : NULL;
  Obj *fk = mk ? fe_getattr_str(I, self, "fit_kwargs") : NULL;
  if (fk && (fe_truth(I, ws) == 1 || pl_is_model(I, fn)))
    fe_throw(I, EXC_NotImplementedError, "%s(%s) is not supported by nnc yet: pass the function "
             "that builds the model", fe_typename(self),
             pl_is_model(I, fn) ? "model=a Model" : "warm_start=True");
  Obj *x = fk && !I->exc_pending ? features(I, self, args[0], true) : NULL;
  Obj *y = !x ? NULL : classifier ? encode_labels(I, self, args[1], NULL, KERAS)
                                  : target(I, self, args[1]);
  if (y && !classifier && PL_ND(y)->ndim == 1) { /* TargetReshaper: a column */
    Obj *dims[2] = {fe_int(I, -1), fe_int(I, 1)};
    fe_setref(I, &y, dims[0] && dims[1] ? fe_call_method(I, y, "reshape", dims, 2) : NULL);
    fe_decref(I, dims[0]), fe_decref(I, dims[1]);
  }
  Obj *xy = y ? fe_dict_new(I) : NULL;
  Obj *kw = xy && fe_dict_setstr(I, xy, "X", x) == 0 && fe_dict_setstr(I, xy, "y", y) == 0
                ? merged(I, xy, mk == &I->none ? xy : mk) : NULL;
  Obj *m = kw ? pl_call_kw_result(I, fn, NULL, NULL, 0, kw) : NULL;
  if (m && !(pl_is_model(I, m) && ((PlModel *)m)->compiled)) {
    fe_throw(I, EXC_RuntimeError, "Given model needs to be compiled, and have a loss and an "
             "optimizer.");
    fe_setref(I, &m, NULL);
  }
  Obj *fit_kw = m ? merged(I, fk, args[2]) : NULL, *data[2] = {x, y};
  Obj *h = fit_kw ? pl_call_kw_result(I, m, "fit", data, 2, fit_kw) : NULL;
  bool ok = h && pl_set_attr(I, self, "history_", h) &&
            pl_set_attr(I, self, "model_", (fe_incref(m), m));
  fe_decref(I, fn), fe_decref(I, ws), fe_decref(I, mk), fe_decref(I, fk), fe_decref(I, x);
  fe_decref(I, y), fe_decref(I, xy), fe_decref(I, kw), fe_decref(I, m), fe_decref(I, fit_kw);
  return ok ? (fe_incref(self), self) : NULL;
}

static Obj *kc_fit(Interp *I, Obj *self, Obj **args) {
  return k_fit(I, self, args, true);
}

static Obj *kr_fit(Interp *I, Obj *self, Obj **args) {
  return k_fit(I, self, args, false);
}

/* predict(X): the SciKeras wrappers' predict without keywords. */
static Obj *k_predict(Interp *I, Obj *self, Obj **args, bool classifier) {
  Obj *none = fe_dict_new(I), *xa[2] = {args[0], none};
  Obj *r = none ? (classifier ? c_predict : r_predict)(I, self, xa) : NULL;
  fe_decref(I, none);
  return r;
}

static Obj *kc_predict(Interp *I, Obj *self, Obj **args) {
  return k_predict(I, self, args, true);
}

static Obj *kr_predict(Interp *I, Obj *self, Obj **args) {
  return k_predict(I, self, args, false);
}

#define KERAS_SIG "(model, warm_start=False, model_kwargs=None, fit_kwargs=None)"

static const FeFnDef keras_classifier_methods[] = {
    {"__init__", k_init, KERAS_SIG, NULL, NULL},
    {"fit", kc_fit, "(X, y, **kwargs)", "keras.wrappers.SKLearnClassifier", NULL},
    {"predict", kc_predict, "(X)", PL_ARRAY, NULL},
    {"score", c_score, "(X, y, sample_weight=None)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeFnDef keras_regressor_methods[] = {
    {"__init__", k_init, KERAS_SIG, NULL, NULL},
    {"fit", kr_fit, "(X, y, **kwargs)", "keras.wrappers.SKLearnRegressor", NULL},
    {"predict", kr_predict, "(X)", PL_ARRAY, NULL},
    {"score", r_score, "(X, y, sample_weight=None)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeClassDef keras_classes[] = {
    {.name = "SKLearnClassifier", .methods = keras_classifier_methods,
     .consts = classifier_consts},
    {.name = "SKLearnRegressor", .methods = keras_regressor_methods, .consts = regressor_consts},
    {.name = NULL},
};

const FeModuleDef pl_keras_wrappers_def = {.name = "keras.wrappers", .classes = keras_classes,
                                           .lacks = "SKLearnTransformer"};
const FeModuleDef pl_tf_keras_wrappers_def = {.name = "tensorflow.keras.wrappers",
                                              .alias_of = "keras.wrappers"};
