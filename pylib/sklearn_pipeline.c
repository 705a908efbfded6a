/* sklearn_pipeline.c — sklearn.pipeline's Pipeline and make_pipeline, as scikit-learn 1.2
 * runs them: the steps are (name, estimator) pairs; fit fits each step but the last on the
 * data the steps before it transformed (fit_transform where the step has it) and then the
 * last, so predict, predict_proba, score and transform see X as the fitted steps transform
 * it. fit's keywords go to a step by its name (mlp__epochs=10). A step None or 'passthrough'
 * passes X on. make_pipeline names each step by its class in lower case, a name used twice
 * numbered (standardscaler-1, standardscaler-2). The pipeline is a classifier or a regressor
 * as its last step is, so cross_val_score folds and scores it as that step. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "pylib.h"

static bool passthrough(Interp *I, Obj *est) {
  return est == &I->none || fe_str_is(est, "passthrough");
}

/* The items of a list or tuple v (borrowed) and their count; NULL for another value. */
static Obj *const *items(Interp *I, Obj *v, int64_t *n) {
  if (FE_ISA(I, v, list))
    return *n = FE_LIST(v)->n, FE_LIST(v)->v;
  if (FE_ISA(I, v, tuple))
    return *n = FE_TUPLE(v)->n, FE_TUPLE(v)->v;
  return NULL;
}

/* steps' pair i: *name (a str) and *est borrowed; false with a TypeError. */
static bool step(Interp *I, Obj *steps, int64_t i, Obj **name, Obj **est) {
  int64_t n = 0, two = 0;
  Obj *const *all = items(I, steps, &n), *const *pair = all && i < n ? items(I, all[i], &two)
                                                                      : NULL;
  if (!pair || two != 2 || !FE_ISA(I, pair[0], str))
    return fe_throw(I, EXC_TypeError, "Pipeline's steps must be a list of (name, estimator) "
                    "pairs, the names strs"), false;
  *name = pair[0], *est = pair[1];
  return true;
}

/* self.steps (a new reference) after checking them as Pipeline._validate_steps does. */
static Obj *checked_steps(Interp *I, Obj *self, int64_t *n) {
  Obj *steps = fe_getattr_str(I, self, "steps");
  *n = steps ? fe_len(I, steps) : -1;
  if (*n == 0) /* scikit-learn's zip(*self.steps) */
    fe_throw(I, EXC_ValueError, "not enough values to unpack (expected 2, got 0)");
  Obj *name, *est;
  for (int64_t i = 0; *n >= 0 && i < *n; i++) {
    if (!step(I, steps, i, &name, &est))
      break;
    bool last = i == *n - 1;
    Obj *fit = passthrough(I, est) ? NULL : fe_getattr_str(I, est, "fit");
    Obj *tf = fit && !last ? fe_getattr_str(I, est, "transform") : NULL;
    bool good = passthrough(I, est) || (fit && (last || tf));
    fe_decref(I, fit), fe_decref(I, tf);
    if (!good) {
      fe_decref(I, fe_exc_take(I));
      fe_throw(I, EXC_TypeError, last ? "Last step of Pipeline should implement fit or be the "
               "string 'passthrough'. '%s' (type %s) doesn't" : "All intermediate steps should "
               "be transformers and implement fit and transform or be the string "
               "'passthrough' '%s' (type %s) doesn't", pl_repr_text(I, est), fe_typename(est));
      break;
    }
  }
  if (I->exc_pending)
    fe_setref(I, &steps, NULL);
  return steps;
}

/* fit's keywords each name a step (name__key); false with scikit-learn's ValueError. */
static bool fit_params_named(Interp *I, Obj *params) {
  Obj *k, *v;
  for (int64_t pos = 0; fe_dict_next(params, &pos, &k, &v);)
    if (!strstr(FE_STR(k)->s, "__"))
      return fe_throw(I, EXC_ValueError, "Pipeline.fit does not accept the %s parameter. You "
                      "can pass parameters to specific steps of your pipeline using the "
                      "stepname__parameter format, e.g. `Pipeline.fit(X, y, "
                      "logisticregression__sample_weight=sample_weight)`.", FE_STR(k)->s), false;
  return true;
}

/* The fit keywords of the step named name ("name__key" given as key), a new dict. */
static Obj *step_params(Interp *I, Obj *params, Obj *name) {
  Obj *r = fe_dict_new(I), *k, *v;
  size_t n = strlen(FE_STR(name)->s);
  for (int64_t pos = 0; r && fe_dict_next(params, &pos, &k, &v);) {
    const char *s = FE_STR(k)->s;
    if (!strncmp(s, FE_STR(name)->s, n) && !strncmp(s + n, "__", 2) &&
        fe_dict_setstr(I, r, s + n + 2, v) < 0)
      fe_setref(I, &r, NULL);
  }
  return r;
}

/* X through steps [0, upto), fitting each first when fit_params is given; a new reference. */
static Obj *through(Interp *I, Obj *steps, int64_t upto, Obj *x, Obj *y, Obj *fit_params) {
  fe_incref(x);
  Obj *name, *est;
  for (int64_t i = 0; x && i < upto; i++) {
    if (!step(I, steps, i, &name, &est)) {
      fe_setref(I, &x, NULL);
      break;
    }
    if (passthrough(I, est))
      continue;
    Obj *kw = fit_params ? step_params(I, fit_params, name) : NULL, *xy[2] = {x, y};
    Obj *t = !fit_params ? pl_call_kw_result(I, est, "transform", &x, 1, NULL)
             : !kw ? NULL : pl_call_kw_result(I, est, "fit_transform", xy, 2, kw);
    fe_decref(I, kw);
    fe_setref(I, &x, t);
  }
  return x;
}

static Obj *p_init(Interp *I, Obj *self, Obj **args) {
  return pl_set_attr(I, self, "steps", (fe_incref(args[0]), args[0])) &&
                 pl_set_attr(I, self, "memory", (fe_incref(args[1]), args[1])) &&
                 pl_set_attr(I, self, "verbose", (fe_incref(args[2]), args[2]))
             ? fe_none(I) : NULL;
}

/* fit(X, y=None, **fit_params): returns the pipeline. */
static Obj *p_fit(Interp *I, Obj *self, Obj **args) {
  int64_t n;
  Obj *steps = checked_steps(I, self, &n), *name = NULL, *est = NULL;
  Obj *x = steps && n > 0 && fit_params_named(I, args[2])
               ? through(I, steps, n - 1, args[0], args[1], args[2]) : NULL;
  bool ok = x && step(I, steps, n - 1, &name, &est);
  if (ok && !passthrough(I, est)) {
    Obj *kw = step_params(I, args[2], name), *xy[2] = {x, args[1]};
    Obj *r = kw ? pl_call_kw_result(I, est, "fit", xy, 2, kw) : NULL;
    ok = r != NULL;
    fe_decref(I, kw), fe_decref(I, r);
  }
  fe_decref(I, steps), fe_decref(I, x);
  return ok ? (fe_incref(self), self) : NULL;
}

/* The last step's method on X transformed by the others, with kwargs (or NULL). */
static Obj *on_last(Interp *I, Obj *self, const char *method, Obj *xv, Obj *y, Obj *kwargs) {
  int64_t n;
  Obj *steps = checked_steps(I, self, &n), *name, *est;
  Obj *x = steps && n > 0 ? through(I, steps, n - 1, xv, NULL, NULL) : NULL;
  Obj *r = NULL, *xy[2] = {x, y};
  if (x && step(I, steps, n - 1, &name, &est))
    r = passthrough(I, est) ? fe_throw(I, EXC_AttributeError, "'str' object has no attribute "
                                       "'%s'", method)
                            : pl_call_kw_result(I, est, method, xy, y ? 2 : 1, kwargs);
  fe_decref(I, steps), fe_decref(I, x);
  return r;
}

static Obj *p_predict(Interp *I, Obj *self, Obj **args) {
  return on_last(I, self, "predict", args[0], NULL, args[1]);
}

static Obj *p_predict_proba(Interp *I, Obj *self, Obj **args) {
  return on_last(I, self, "predict_proba", args[0], NULL, args[1]);
}

/* score(X, y=None, sample_weight=None): the last step's, sample_weight passed when given. */
static Obj *p_score(Interp *I, Obj *self, Obj **args) {
  Obj *kw = fe_dict_new(I);
  if (kw && args[2] != &I->none && fe_dict_setstr(I, kw, "sample_weight", args[2]) < 0)
    fe_setref(I, &kw, NULL);
  Obj *r = kw ? on_last(I, self, "score", args[0], args[1], kw) : NULL;
  fe_decref(I, kw);
  return r;
}

/* transform(X): X through every step. */
static Obj *p_transform(Interp *I, Obj *self, Obj **args) {
  int64_t n;
  Obj *steps = checked_steps(I, self, &n);
  Obj *r = steps ? through(I, steps, n, args[0], NULL, NULL) : NULL;
  fe_decref(I, steps);
  return r;
}

/* pipeline[i] (a step's estimator) or pipeline['name']. */
static Obj *p_getitem(Interp *I, Obj *self, Obj **args) {
  int64_t n;
  Obj *steps = checked_steps(I, self, &n), *name, *est, *r = NULL;
  int64_t i = 0, at = -1;
  if (steps && fe_is_int(I, args[0]) && fe_as_int(I, args[0], &i) == 0) {
    at = i < 0 ? i + n : i;
    if (at < 0 || at >= n)
      fe_throw(I, EXC_IndexError, "list index out of range"), at = -1;
  }
  for (int64_t j = 0; steps && !fe_is_int(I, args[0]) && j < n && at < 0; j++)
    if (step(I, steps, j, &name, &est) && fe_eq(I, name, args[0]) == 1)
      at = j;
  if (steps && at < 0 && !I->exc_pending)
    fe_throw(I, EXC_KeyError, "%s", pl_repr_text(I, args[0]));
  if (at >= 0 && step(I, steps, at, &name, &est))
    r = (fe_incref(est), est);
  fe_decref(I, steps);
  return r;
}

static Obj *p_len(Interp *I, Obj *self, Obj **args) {
  (void)args;
  Obj *steps = fe_getattr_str(I, self, "steps");
  int64_t n = steps ? fe_len(I, steps) : -1;
  fe_decref(I, steps);
  return n >= 0 ? fe_int(I, n) : NULL;
}

/* named_steps: a Bunch of the estimators by name. */
static Obj *p_named_steps(Interp *I, Obj *self) {
  int64_t n;
  Obj *steps = checked_steps(I, self, &n), *byname = steps ? fe_dict_new(I) : NULL, *name, *est;
  for (int64_t i = 0; byname && i < n; i++)
    if (!step(I, steps, i, &name, &est) || fe_dict_set(I, byname, name, est) < 0)
      fe_setref(I, &byname, NULL);
  Obj *mod = byname ? fe_import(I, "sklearn.utils") : NULL;
  Obj *bunch = mod ? fe_getattr_str(I, mod, "Bunch") : NULL;
  Obj *r = bunch ? pl_call_kw_result(I, bunch, NULL, NULL, 0, byname) : NULL;
  fe_decref(I, steps), fe_decref(I, byname), fe_decref(I, mod), fe_decref(I, bunch);
  return r;
}

/* An attribute of the last step: what the pipeline is and the classes it predicts. */
static Obj *last_attr(Interp *I, Obj *self, const char *attr) {
  Obj *steps = fe_getattr_str(I, self, "steps"), *name, *est;
  int64_t n = steps ? fe_len(I, steps) : -1;
  Obj *r = n > 0 && step(I, steps, n - 1, &name, &est) ? fe_getattr_str(I, est, attr) : NULL;
  fe_decref(I, steps);
  return r;
}

static Obj *p_estimator_type(Interp *I, Obj *self) {
  return last_attr(I, self, "_estimator_type");
}

static Obj *p_classes(Interp *I, Obj *self) {
  return last_attr(I, self, "classes_");
}

/* The index of the step named name, or -1. */
static int64_t step_named(Interp *I, Obj *steps, Obj *name) {
  int64_t n = 0;
  Obj *step_name, *est;
  items(I, steps, &n);
  for (int64_t i = 0; i < n; i++)
    if (step(I, steps, i, &step_name, &est) && fe_eq(I, step_name, name) == 1)
      return i;
  fe_decref(I, fe_exc_take(I));
  return -1;
}

/* set_params(**params): steps, memory, verbose; a step's name replaces its estimator;
 * name__param sets the step's parameter. */
static Obj *p_set_params(Interp *I, Obj *self, Obj **args) {
  Obj *k, *v;
  for (int64_t pos = 0; fe_dict_next(args[0], &pos, &k, &v);) {
    const char *s = FE_STR(k)->s, *sep = strstr(s, "__");
    Obj *steps = fe_getattr_str(I, self, "steps");
    Obj *name = steps ? fe_str_new(I, s, sep ? (size_t)(sep - s) : strlen(s)) : NULL;
    int64_t at = name ? step_named(I, steps, name) : -1;
    Obj *rest = sep && at >= 0 ? fe_str_cstr(I, sep + 2) : NULL, *step_name, *est;
    bool ok = name != NULL;
    if (ok && at >= 0 && sep)
      ok = rest && step(I, steps, at, &step_name, &est) && pl_set_param(I, est, rest, v);
    else if (ok && at >= 0) { /* a new list, with the step's estimator replaced */
      Obj *pair = fe_tuple_pack(I, 2, name, v), *list = pair ? fe_list_new(I, 0) : NULL;
      int64_t n = 0;
      Obj *const *all = items(I, steps, &n);
      for (int64_t i = 0; list && i < n; i++)
        if (fe_list_append(I, list, i == at ? pair : all[i]) < 0)
          fe_setref(I, &list, NULL);
      ok = list && pl_set_attr(I, self, "steps", list);
      fe_decref(I, pair);
    } else if (ok) {
      ok = (fe_str_is(k, "steps") || fe_str_is(k, "memory") || fe_str_is(k, "verbose"))
               ? fe_setattr(I, self, k, v) == 0
               : (fe_throw(I, EXC_ValueError, "Invalid parameter %s for estimator Pipeline. "
                           "Check the list of available parameters with "
                           "`estimator.get_params().keys()`.", pl_repr_text(I, name)), false);
    }
    fe_decref(I, steps), fe_decref(I, name), fe_decref(I, rest);
    if (!ok)
      return NULL;
  }
  fe_incref(self);
  return self;
}

/* make_pipeline(*steps, memory=None, verbose=False): steps named by their classes. */
static Obj *make_pipeline(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *ests = args[0], *steps = fe_list_new(I, 0);
  int64_t n = FE_TUPLE(ests)->n;
  for (int64_t i = 0; steps && i < n; i++) {
    char name[128];
    snprintf(name, sizeof name, "%s", fe_typename(FE_TUPLE(ests)->v[i]));
    for (char *c = name; *c; c++)
      *c = (char)tolower((unsigned char)*c);
    int same = 0, before = 0;
    for (int64_t j = 0; j < n; j++)
      if (!strcasecmp(fe_typename(FE_TUPLE(ests)->v[j]), name))
        same++, before += j < i;
    size_t len = strlen(name);
    if (same > 1)
      snprintf(name + len, sizeof name - len, "-%d", before + 1);
    Obj *k = fe_str_cstr(I, name), *pair = k ? fe_tuple_pack(I, 2, k, FE_TUPLE(ests)->v[i]) : NULL;
    if (!pair || fe_list_append(I, steps, pair) < 0)
      fe_setref(I, &steps, NULL);
    fe_decref(I, k), fe_decref(I, pair);
  }
  Obj *mod = steps ? fe_import(I, "sklearn.pipeline") : NULL;
  Obj *cls = mod ? fe_getattr_str(I, mod, "Pipeline") : NULL;
  Obj *ctor[3] = {steps, args[1], args[2]}, *m = cls ? fe_str_cstr(I, "memory") : NULL;
  Obj *v = m ? fe_str_cstr(I, "verbose") : NULL, *kwnames = v ? fe_tuple_pack(I, 2, m, v) : NULL;
  Obj *r = kwnames ? fe_call(I, cls, ctor, 3, kwnames) : NULL;
  fe_decref(I, steps), fe_decref(I, mod), fe_decref(I, cls);
  fe_decref(I, m), fe_decref(I, v), fe_decref(I, kwnames);
  return r;
}

static const FeFnDef methods[] = {
    {"__init__", p_init, "(steps, *, memory=None, verbose=False)", NULL, NULL},
    {"fit", p_fit, "(X, y=None, **fit_params)", "sklearn.pipeline.Pipeline", NULL},
    {"predict", p_predict, "(X, **predict_params)", NULL, NULL},
    {"predict_proba", p_predict_proba, "(X, **predict_proba_params)", NULL, NULL},
    {"score", p_score, "(X, y=None, sample_weight=None)", NULL, NULL},
    {"transform", p_transform, "(X)", NULL, NULL},
    {"set_params", p_set_params, "(**kwargs)", "sklearn.pipeline.Pipeline", NULL},
    {"__getitem__", p_getitem, "(ind)", NULL, NULL},
    {"__len__", p_len, "()", "int", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeGetDef props[] = {
    {"named_steps", p_named_steps, NULL},
    {"_estimator_type", p_estimator_type, NULL},
    {"classes_", p_classes, NULL},
    {NULL, NULL, NULL},
};

static const FeClassDef classes[] = {
    {.name = "Pipeline", .methods = methods, .props = props},
    {.name = NULL},
};

static const FeFnDef fns[] = {
    {"make_pipeline", make_pipeline, "(*steps, memory=None, verbose=False)",
     "sklearn.pipeline.Pipeline", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_sklearn_pipeline_def = {
    .name = "sklearn.pipeline", .classes = classes, .fns = fns,
    .lacks = "FeatureUnion make_union"};
