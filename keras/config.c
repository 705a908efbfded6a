/* config.c — a layer's configuration as Keras's get_config() holds it: every argument of
 * its row of names/layers.def (and of keras.layers.Layer) by name, parsed from JSON with
 * cJSON, checked against the argument's type, and written back as JSON.
 *
 * Keras's defaults are JSON text in the rows; they go through the same parser as a user's
 * values, so a default cannot disagree with the type it claims. Initializers, regularizers
 * and constraints are names or objects ({"class_name": ..., "config": {...}}), whose
 * arguments are checked against their own rows the same way. Every message names the
 * function, the class and the argument, and shows what was found. A failed set leaves the
 * configuration as it was: values are parsed into a copy, which replaces the old one only
 * when every argument is good.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keras.h"

/* Where a message is about: "nnc_model_add_layer_config: Dense: kernel_initializer". */
typedef struct {
  const char *fn, *cls, *arg;
} Where;

static nnc_status bad(const Where *w, nnc_status code, const char *what, const cJSON *found) {
  char *text = found ? cJSON_PrintUnformatted(found) : NULL;
  char shown[64] = "";
  if (text)
    snprintf(shown, sizeof shown, ", found %.40s%s", text, strlen(text) > 40 ? "..." : "");
  cJSON_free(text);
  return base_error(code, "%s: %s: argument '%s' %s%s", w->fn, w->cls, w->arg, what, shown);
}

/* ---- the values of one argument ---- */

static bool integral(const cJSON *j, double lo, double hi) {
  return cJSON_IsNumber(j) && j->valuedouble == floor(j->valuedouble) && j->valuedouble >= lo &&
         j->valuedouble <= hi;
}

typedef struct {
  int index;
  const char *s;
  int found;
} Choice;

static void choice_word(const char *w, size_t len, void *user) {
  Choice *c = user;
  if (c->found < 0 && strlen(c->s) == len && memcmp(w, c->s, len) == 0)
    c->found = c->index;
  c->index++;
}

/* The index of s among the space-separated words of list, or -1. */
static int choice_of(const char *list, const char *s) {
  Choice c = {0, s, -1};
  names_words(list, choice_word, &c);
  return c.found;
}

/* A list of 1 to max integers, each checked by ok (nulls where allow_null, stored as 0). */
static nnc_status int_list(const Where *w, const cJSON *j, ArgVal *v, int min, int max,
                           bool allow_null, bool negative_one, const char *what) {
  if (!cJSON_IsArray(j) || cJSON_GetArraySize(j) < min || cJSON_GetArraySize(j) > max)
    return bad(w, NNC_ERR_ARG, what, j);
  int n = 0, free_dims = 0;
  const cJSON *e;
  cJSON_ArrayForEach(e, j) {
    if (allow_null && cJSON_IsNull(e)) {
      v->ints[n++] = 0;
    } else if (negative_one && integral(e, -1, -1)) {
      v->ints[n++] = -1;
      free_dims++;
    } else if (integral(e, 1, 0x1p40)) {
      v->ints[n++] = (int64_t)e->valuedouble;
    } else {
      return bad(w, NNC_ERR_ARG, what, j);
    }
  }
  if (free_dims > 1)
    return bad(w, NNC_ERR_ARG, "may hold -1 once", j);
  v->n = n;
  return NNC_OK;
}

static nnc_status axes(const Where *w, const cJSON *j, ArgVal *v) {
  const char *what = "must be an integer or a list of distinct integers (axes)";
  if (cJSON_IsNumber(j)) {
    if (!integral(j, -IR_MAX_RANK, IR_MAX_RANK - 1))
      return bad(w, NNC_ERR_ARG, what, j);
    v->ints[0] = (int64_t)j->valuedouble;
    v->n = 1;
    return NNC_OK;
  }
  if (!cJSON_IsArray(j) || cJSON_GetArraySize(j) < 1 || cJSON_GetArraySize(j) > IR_MAX_RANK)
    return bad(w, NNC_ERR_ARG, what, j);
  const cJSON *e;
  v->n = 0;
  cJSON_ArrayForEach(e, j) {
    if (!integral(e, -IR_MAX_RANK, IR_MAX_RANK - 1))
      return bad(w, NNC_ERR_ARG, what, j);
    for (int i = 0; i < v->n; i++)
      if (v->ints[i] == (int64_t)e->valuedouble)
        return bad(w, NNC_ERR_ARG, what, j);
    v->ints[v->n++] = (int64_t)e->valuedouble;
  }
  return NNC_OK;
}

/* Numbers of a number or of (nested) lists of them, in order. */
static bool count_nums(const cJSON *j, int *n) {
  if (cJSON_IsNumber(j))
    return ++*n > 0;
  if (!cJSON_IsArray(j))
    return false;
  const cJSON *e;
  cJSON_ArrayForEach(e, j) if (!count_nums(e, n)) return false;
  return true;
}

static void copy_nums(const cJSON *j, double *out, int *n) {
  if (cJSON_IsNumber(j)) {
    out[(*n)++] = j->valuedouble;
    return;
  }
  const cJSON *e;
  cJSON_ArrayForEach(e, j) copy_nums(e, out, n);
}

static nnc_status nums(const Where *w, const cJSON *j, ArgVal *v) {
  int n = 0;
  if (!count_nums(j, &n) || n == 0)
    return bad(w, NNC_ERR_ARG, "must be a number or a list of numbers", j);
  if (!(v->nums = base_malloc((size_t)n * sizeof *v->nums)))
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", w->fn);
  v->n = 0;
  copy_nums(j, v->nums, &v->n);
  return NNC_OK;
}

static nnc_status dtype(const Where *w, const cJSON *j, ArgVal *v) {
  const cJSON *name = j;
  if (cJSON_IsObject(j)) { /* Keras's DTypePolicy: {"class_name": ..., "config": {"name": ...}} */
    name = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "config"), "name");
  }
  if (!cJSON_IsString(name) || choice_of("float32 float64", name->valuestring) < 0)
    return bad(w, NNC_ERR_ARG, "must be 'float32' or 'float64' (the model's dtype comes from "
                               "compile)", j);
  v->num = choice_of("float32 float64", name->valuestring);
  return NNC_OK;
}

static nnc_status parse_arg(const Where *w, const ArgSpec *s, const cJSON *j, ArgVal *v);

/* An object's arguments ({"class_name": ..., "config": {...}}) into vals, every other
 * argument at its default. */
static nnc_status object_args(const Where *w, const ArgSpec *args, int n, const cJSON *config,
                              ArgVal *vals) {
  for (int i = 0; i < n; i++) {
    cJSON *d = cJSON_Parse(args[i].def);
    Where wd = {w->fn, w->cls, args[i].name};
    nnc_status s = d ? parse_arg(&wd, &args[i], d, &vals[i])
                     : base_error(NNC_ERR_INTERNAL, "%s: default of '%s'", w->fn, args[i].name);
    cJSON_Delete(d);
    if (s != NNC_OK)
      return s;
  }
  if (config && !cJSON_IsObject(config))
    return bad(w, NNC_ERR_ARG, "has a \"config\" that is not an object", config);
  const cJSON *e;
  cJSON_ArrayForEach(e, config) {
    const ArgSpec *s = names_arg_find(args, n, e->string);
    if (!s)
      return base_error(NNC_ERR_ARG, "%s: %s: argument '%s': unknown argument '%s'", w->fn,
                        w->cls, w->arg, e->string);
    Where we = {w->fn, w->cls, s->name};
    nnc_status st = parse_arg(&we, s, e, &vals[s - args]);
    if (st != NNC_OK)
      return st;
  }
  return NNC_OK;
}

/* A name of `table`, or an object whose class is one; *row its id, vals its arguments. */
static nnc_status named_object(const Where *w, const NameTable *table, const cJSON *j,
                               const ArgSpec *(*args_of)(int, int *), int *row, ArgVal *vals) {
  const cJSON *cls = j, *config = NULL;
  if (cJSON_IsObject(j)) {
    cls = cJSON_GetObjectItemCaseSensitive(j, "class_name");
    config = cJSON_GetObjectItemCaseSensitive(j, "config");
  }
  if (!cJSON_IsString(cls)) {
    char what[96];
    snprintf(what, sizeof what, "must be a%s %s's name or {\"class_name\": ..., \"config\": ...}",
             table->what[0] == 'i' ? "n" : "", table->what);
    return bad(w, NNC_ERR_ARG, what, j);
  }
  *row = names_find(table, cls->valuestring);
  if (*row < 0) {
    char msg[400];
    names_unknown(table, cls->valuestring, cls->valuestring, msg, sizeof msg);
    return base_error(NNC_ERR_ARG, "%s: %s: argument '%s': %s", w->fn, w->cls, w->arg, msg);
  }
  int n;
  const ArgSpec *args = args_of(*row, &n);
  return object_args(w, args, n, cJSON_IsNull(config) ? NULL : config, vals);
}

enum { OBJ_ARGS = 8 };

static void free_vals(ArgVal *v, int n) {
  for (int i = 0; i < n; i++) {
    base_free(v[i].nums);
    base_free(v[i].str);
  }
}

static nnc_status initializer(const Where *w, const cJSON *j, ArgVal *v) {
  ArgVal a[OBJ_ARGS] = {0};
  int row;
  nnc_status s = named_object(w, &names_initializers, j, names_initializer_args, &row, a);
  if (s == NNC_OK) {
    v->init.kind = (nnc_initializer)row;
    for (int i = 0; i < INIT_ARGS; i++)
      v->init.a[i] = a[i].null ? NAN : a[i].num;
  }
  free_vals(a, OBJ_ARGS);
  return s;
}

static nnc_status regularizer(const Where *w, const cJSON *j, ArgVal *v) {
  ArgVal a[OBJ_ARGS] = {0};
  int row, n;
  nnc_status s = named_object(w, &names_regularizers, j, names_regularizer_args, &row, a);
  const ArgSpec *args = s == NNC_OK ? names_regularizer_args(row, &n) : NULL;
  for (int i = 0; args && i < n; i++) {
    if (strcmp(args[i].name, "l1") == 0)
      v->reg.l1 = a[i].num;
    if (strcmp(args[i].name, "l2") == 0)
      v->reg.l2 = a[i].num;
  }
  free_vals(a, OBJ_ARGS);
  return s;
}

static nnc_status constraint(const Where *w, const cJSON *j, ArgVal *v) {
  ArgVal a[OBJ_ARGS] = {0};
  int row, n;
  nnc_status s = named_object(w, &names_constraints, j, names_constraint_args, &row, a);
  if (s == NNC_OK) {
    const ArgSpec *args = names_constraint_args(row, &n);
    v->con = nnc_constraint_defaults((nnc_constraint_kind)row);
    for (int i = 0; i < n; i++)
      keras_constraint_field(&v->con, args[i].name, a[i].num);
  }
  free_vals(a, OBJ_ARGS);
  return s;
}

/* One argument of an activation object: a number, a bool (gelu's approximate), or null
 * (relu's max_value: no bound). */
static nnc_status activation_arg(const Where *w, const cJSON *e, ArgVal *v) {
  for (int i = 0; i < NNC_ACT_ARGS; i++) {
    const char *name = keras_activation_arg(v->act, i, NULL);
    if (!name)
      break;
    if (strcmp(name, e->string) != 0)
      continue;
    if (cJSON_IsNumber(e) || cJSON_IsBool(e) || cJSON_IsNull(e)) {
      v->args[i] = cJSON_IsNumber(e) ? e->valuedouble : cJSON_IsNull(e) ? INFINITY
                                                                        : cJSON_IsTrue(e);
      return NNC_OK;
    }
    Where we = {w->fn, w->cls, e->string};
    return bad(&we, NNC_ERR_ARG, "must be a number", e);
  }
  return base_error(NNC_ERR_ARG, "%s: %s: argument '%s': %s has no argument '%s'", w->fn, w->cls,
                    w->arg, nnc_activation_name(v->act), e->string);
}

/* An activation: its name; Keras's serialized function ({"class_name": "function", "config":
 * "gelu", ...}), which with "module": "keras.ops" is keras.ops.gelu, computed with keras.ops's
 * defaults (approximate=True) and saved as Keras saves it, the name alone; or a function with
 * arguments ({"class_name": "gelu", "config": {"approximate": true}}:
 * keras.activations.gelu(x, approximate=True) in a model file). */
static nnc_status activation(const Where *w, const cJSON *j, ArgVal *v) {
  v->kops = false;
  if (cJSON_IsNull(j)) {
    v->act = NNC_ACT_LINEAR;
    keras_activation_init(v->act, v->args);
    return NNC_OK;
  }
  const cJSON *name = j, *config = NULL;
  if (cJSON_IsObject(j)) {
    name = cJSON_GetObjectItemCaseSensitive(j, "class_name");
    config = cJSON_GetObjectItemCaseSensitive(j, "config");
    if (cJSON_IsString(name) && strcmp(name->valuestring, "function") == 0 &&
        cJSON_IsString(config)) {
      const cJSON *module = cJSON_GetObjectItemCaseSensitive(j, "module");
      v->kops = cJSON_IsString(module) && strcmp(module->valuestring, "keras.ops") == 0;
      name = config, config = NULL;
    }
  }
  if (!cJSON_IsString(name))
    return bad(w, NNC_ERR_ARG, "must be an activation's name or {\"class_name\": ..., "
               "\"config\": {...}}", j);
  int id = names_find(&names_activations, name->valuestring);
  if (id < 0) {
    char msg[400];
    names_unknown(&names_activations, name->valuestring, name->valuestring, msg, sizeof msg);
    return base_error(NNC_ERR_ARG, "%s: %s: argument '%s': %s", w->fn, w->cls, w->arg, msg);
  }
  v->act = (nnc_activation)id;
  if (v->kops && !keras_activation_kop(v->act))
    return base_error(NNC_ERR_ARG, "%s: %s: argument '%s': keras.ops has no function '%s'",
                      w->fn, w->cls, w->arg, name->valuestring);
  if (v->kops)
    keras_activation_kops_init(v->act, v->args);
  else
    keras_activation_init(v->act, v->args);
  if (config && !cJSON_IsNull(config) && !cJSON_IsObject(config))
    return bad(w, NNC_ERR_ARG, "has a \"config\" that is not an object", config);
  const cJSON *e;
  cJSON_ArrayForEach(e, config) {
    nnc_status s = activation_arg(w, e, v);
    if (s != NNC_OK)
      return s;
  }
  return keras_activation_check(v->act, v->args, 0, w->fn); /* threshold's have no default */
}

/* Numbers of every LA_ type that is one: the range a value must lie in. */
static nnc_status number(const Where *w, ArgType t, const cJSON *j, ArgVal *v) {
  static const struct {
    double lo, hi;
    bool integer;
    const char *what;
  } kinds[] = {
      [LA_INT] = {-0x1p31, 0x1p31, true, "must be an integer"},
      [LA_POS_INT] = {1, 0x1p40, true, "must be a positive integer"},
      [LA_NUM] = {-HUGE_VAL, HUGE_VAL, false, "must be a number"},
      [LA_POS_NUM] = {0, HUGE_VAL, false, "must be a number > 0"},
      [LA_NONNEG_NUM] = {0, HUGE_VAL, false, "must be a number >= 0"},
      [LA_RATE] = {0, 1, false, "must be a number in [0, 1]"},
      [LA_SEED] = {0, 0x1p53 - 1, true, "must be an integer seed in [0, 2^53)"},
  };
  bool ok = cJSON_IsNumber(j) && isfinite(j->valuedouble) && j->valuedouble >= kinds[t].lo &&
            j->valuedouble <= kinds[t].hi &&
            (!kinds[t].integer || j->valuedouble == floor(j->valuedouble));
  if (ok && t == LA_POS_NUM)
    ok = j->valuedouble > 0;
  if (!ok)
    return bad(w, NNC_ERR_ARG, kinds[t].what, j);
  v->num = j->valuedouble;
  return NNC_OK;
}

/* A number, or a matrix: a list of rows, each a list of as many finite numbers. */
static nnc_status operand(const Where *w, const cJSON *j, ArgVal *v) {
  if (cJSON_IsNumber(j))
    return number(w, LA_NUM, j, v);
  const char *what = "must be a number or a matrix (a list of rows of as many numbers)";
  int rows = cJSON_IsArray(j) ? cJSON_GetArraySize(j) : 0;
  int cols = rows && cJSON_IsArray(j->child) ? cJSON_GetArraySize(j->child) : 0;
  const cJSON *row, *e;
  cJSON_ArrayForEach(row, j) {
    bool fit = cJSON_IsArray(row) && cJSON_GetArraySize(row) == cols;
    cJSON_ArrayForEach(e, row) fit = fit && cJSON_IsNumber(e) && isfinite(e->valuedouble);
    if (!fit)
      return bad(w, NNC_ERR_ARG, what, j);
  }
  if (cols == 0)
    return bad(w, NNC_ERR_ARG, what, j);
  if (!(v->nums = base_malloc((size_t)rows * (size_t)cols * sizeof *v->nums)))
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", w->fn);
  cJSON_ArrayForEach(row, j) cJSON_ArrayForEach(e, row) v->nums[v->n++] = e->valuedouble;
  v->ints[0] = rows, v->ints[1] = cols;
  return NNC_OK;
}

/* s's value j into v (v zeroed first); null only where the default is null. */
static nnc_status parse_arg(const Where *w, const ArgSpec *s, const cJSON *j, ArgVal *v) {
  memset(v, 0, sizeof *v);
  if (cJSON_IsNull(j) && s->type != LA_FIXED && s->type != LA_ACTIVATION) {
    if (strcmp(s->def, "null") != 0 && s->type != LA_KEEP_AXES)
      return bad(w, NNC_ERR_ARG, s->def[0] ? "may not be null" : "is required and may not be null", j);
    v->null = true;
    return NNC_OK;
  }
  switch (s->type) {
  case LA_INT: case LA_POS_INT: case LA_NUM: case LA_POS_NUM: case LA_NONNEG_NUM: case LA_RATE:
  case LA_SEED:
    return number(w, s->type, j, v);
  case LA_BOOL:
    if (!cJSON_IsBool(j))
      return bad(w, NNC_ERR_ARG, "must be true or false", j);
    v->num = cJSON_IsTrue(j);
    return NNC_OK;
  case LA_STR:
    if (!cJSON_IsString(j) || !j->valuestring[0])
      return bad(w, NNC_ERR_ARG, "must be a non-empty string", j);
    v->str = base_malloc(strlen(j->valuestring) + 1);
    if (!v->str)
      return base_error(NNC_ERR_NOMEM, "%s: out of memory", w->fn);
    strcpy(v->str, j->valuestring);
    return NNC_OK;
  case LA_CHOICE: {
    int k = cJSON_IsString(j) ? choice_of(s->more, j->valuestring) : -1;
    char what[160];
    snprintf(what, sizeof what, "must be one of: %s", s->more);
    if (k < 0)
      return bad(w, NNC_ERR_ARG, what, j);
    v->num = k;
    return NNC_OK;
  }
  case LA_DTYPE: return dtype(w, j, v);
  case LA_ACTIVATION: return activation(w, j, v);
  case LA_INITIALIZER: return initializer(w, j, v);
  case LA_REGULARIZER: return regularizer(w, j, v);
  case LA_CONSTRAINT: return constraint(w, j, v);
  case LA_SHAPE:
    return int_list(w, j, v, 1, IR_MAX_RANK - 1, false, false,
                    "must be a list of 1 to 3 positive integers (one sample's shape)");
  case LA_BATCH_SHAPE: {
    nnc_status st = int_list(w, j, v, 2, IR_MAX_RANK, true, false,
                             "must be a list of 2 to 4 positive integers, the first may be null");
    for (int i = 1; st == NNC_OK && i < v->n; i++)
      if (v->ints[i] == 0)
        st = bad(w, NNC_ERR_ARG, "may be null in its first (batch) entry only", j);
    return st;
  }
  case LA_TARGET_SHAPE:
    return int_list(w, j, v, 1, IR_MAX_RANK - 1, false, true,
                    "must be a list of 1 to 3 positive integers (one may be -1)");
  case LA_NOISE_SHAPE:
    return int_list(w, j, v, 1, IR_MAX_RANK, true, false,
                    "must be a list of positive integers or nulls");
  case LA_AXES: case LA_KEEP_AXES: return axes(w, j, v);
  case LA_NUMS: return nums(w, j, v);
  case LA_OPERAND: return operand(w, j, v);
  case LA_FIXED: {
    cJSON *d = cJSON_Parse(s->def);
    bool same = (d && cJSON_Compare(d, j, true)) || cJSON_IsNull(j) || cJSON_IsFalse(j);
    cJSON_Delete(d);
    if (!same)
      return bad(w, NNC_ERR_ARG, "is not supported by nnc yet (only its default is accepted)", j);
    v->null = true;
    return NNC_OK;
  }
  }
  return base_error(NNC_ERR_INTERNAL, "%s: argument '%s' of unknown type", w->fn, s->name);
}

/* ---- a layer's configuration ---- */

static int find(const LayerConfig *c, const char *name) {
  int n = c->nrow + c->nbase;
  for (int i = 0; i < n; i++)
    if (strcmp(c->spec[i]->name, name) == 0)
      return i;
  for (int i = 0; i < n; i++)
    if (c->spec[i]->type != LA_CHOICE && names_arg_find(c->spec[i], 1, name))
      return i;
  return -1;
}

void keras_config_free(LayerConfig *c) {
  if (c->v)
    free_vals(c->v, c->nrow + c->nbase);
  base_free(c->v);
  base_free(c->spec);
  memset(c, 0, sizeof *c);
}

static nnc_status set_default(LayerConfig *c, int i, const char *fn) {
  const ArgSpec *s = c->spec[i];
  Where w = {fn, names_layer(c->kind)->cls, s->name};
  if (!s->def[0]) { /* required: no value yet */
    memset(&c->v[i], 0, sizeof c->v[i]);
    c->v[i].null = true;
    return NNC_OK;
  }
  cJSON *d = cJSON_Parse(s->def);
  nnc_status st = d ? parse_arg(&w, s, d, &c->v[i])
                    : base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  cJSON_Delete(d);
  return st;
}

nnc_status keras_config_defaults(nnc_layer_kind k, LayerConfig *c, const char *fn) {
  const LayerRow *row = names_layer((int)k);
  int nbase;
  const ArgSpec *base = names_layer_base(&nbase);
  memset(c, 0, sizeof *c);
  c->kind = k;
  c->spec = base_calloc((size_t)(row->nargs + nbase) + 1, sizeof *c->spec);
  c->v = base_calloc((size_t)(row->nargs + nbase) + 1, sizeof *c->v);
  if (!c->spec || !c->v) {
    keras_config_free(c);
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  }
  for (int i = 0; i < row->nargs; i++)
    c->spec[c->nrow++] = &row->args[i];
  for (int i = 0; i < nbase; i++)
    if (!names_arg_find(row->args, row->nargs, base[i].name))
      c->spec[c->nrow + c->nbase++] = &base[i];
  for (int i = 0; i < c->nrow + c->nbase; i++) {
    nnc_status s = set_default(c, i, fn);
    if (s != NNC_OK) {
      keras_config_free(c);
      return s;
    }
  }
  return NNC_OK;
}

/* The nearest argument name, for "did you mean". */
static const char *nearest(const LayerConfig *c, const char *name) {
  const char *best = NULL;
  int bd = 3;
  for (int i = 0; i < c->nrow + c->nbase; i++) {
    int d = names_edit_distance(name, c->spec[i]->name, 2);
    if (d < bd && strlen(name) >= 4) {
      bd = d;
      best = c->spec[i]->name;
    }
  }
  return best;
}

static nnc_status unknown_arg(const LayerConfig *c, const char *name, const char *fn) {
  const char *near = nearest(c, name);
  char hint[96] = "";
  if (near)
    snprintf(hint, sizeof hint, " (did you mean '%s'?)", near);
  return base_error(NNC_ERR_ARG, "%s: %s: unknown argument '%.60s'%s", fn,
                    names_layer(c->kind)->cls, name, hint);
}

/* Parses every key of the object into tmp (a copy of c's values). */
static nnc_status set_all(const LayerConfig *c, const cJSON *root, ArgVal *tmp, bool *given,
                          const char *fn) {
  const cJSON *e;
  cJSON_ArrayForEach(e, root) {
    int i = find(c, e->string);
    if (i < 0)
      return unknown_arg(c, e->string, fn);
    if (given[i])
      return base_error(NNC_ERR_ARG, "%s: %s: argument '%s' given twice", fn,
                        names_layer(c->kind)->cls, c->spec[i]->name);
    given[i] = true;
    Where w = {fn, names_layer(c->kind)->cls, c->spec[i]->name};
    base_free(tmp[i].nums);
    base_free(tmp[i].str);
    nnc_status s = parse_arg(&w, c->spec[i], e, &tmp[i]);
    if (s != NNC_OK)
      return s;
  }
  return NNC_OK;
}

nnc_status keras_config_set(LayerConfig *c, const char *json, const char *fn) {
  if (!json || !json[0])
    return NNC_OK;
  cJSON *root = cJSON_Parse(json);
  if (!root || !cJSON_IsObject(root)) {
    const char *at = cJSON_GetErrorPtr();
    long off = root ? 0 : at && at >= json ? (long)(at - json) : 0;
    cJSON_Delete(root);
    return base_error(NNC_ERR_SYNTAX, "%s: %s: the config is not a JSON object (at character %ld)",
                      fn, names_layer(c->kind)->cls, off);
  }
  int n = c->nrow + c->nbase;
  ArgVal *tmp = base_calloc((size_t)n + 1, sizeof *tmp);
  bool *given = base_calloc((size_t)n + 1, sizeof *given);
  nnc_status s = tmp && given ? NNC_OK : base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  for (int i = 0; s == NNC_OK && i < n; i++) { /* a deep copy, so failure changes nothing */
    tmp[i] = c->v[i];
    tmp[i].nums = NULL;
    tmp[i].str = NULL;
    if (c->v[i].nums && (tmp[i].nums = base_malloc((size_t)c->v[i].n * sizeof(double))))
      memcpy(tmp[i].nums, c->v[i].nums, (size_t)c->v[i].n * sizeof(double));
    if (c->v[i].str && (tmp[i].str = base_malloc(strlen(c->v[i].str) + 1)))
      strcpy(tmp[i].str, c->v[i].str);
    if ((c->v[i].nums && !tmp[i].nums) || (c->v[i].str && !tmp[i].str))
      s = base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  }
  if (s == NNC_OK)
    s = set_all(c, root, tmp, given, fn);
  cJSON_Delete(root);
  ArgVal *old = c->v;
  if (s == NNC_OK)
    c->v = tmp;
  if (tmp)
    free_vals(s == NNC_OK ? old : tmp, n);
  base_free(s == NNC_OK ? old : tmp);
  base_free(given);
  return s;
}

nnc_status keras_config_complete(const LayerConfig *c, const char *fn) {
  for (int i = 0; i < c->nrow; i++)
    if (!c->spec[i]->def[0] && c->v[i].null)
      return base_error(NNC_ERR_ARG, "%s: %s: argument '%s' is required", fn,
                        names_layer(c->kind)->cls, c->spec[i]->name);
  return NNC_OK;
}

bool keras_arg_has(const LayerConfig *c, const char *name) {
  return name[0] && find(c, name) >= 0;
}

const ArgVal *keras_arg(const LayerConfig *c, const char *name) {
  int i = find(c, name);
  NNC_ASSERT(i >= 0); /* the layer functions ask for their row's arguments only */
  return &c->v[i];
}

ArgVal *keras_arg_set(LayerConfig *c, const char *name) {
  return (ArgVal *)keras_arg(c, name);
}

Initializer keras_init_of(nnc_initializer k) {
  Initializer in = {.kind = k};
  int n;
  const ArgSpec *args = names_initializer_args((int)k, &n);
  for (int i = 0; i < INIT_ARGS; i++)
    in.a[i] = NAN;
  for (int i = 0; i < n && i < INIT_ARGS; i++) {
    ArgVal v = {0};
    cJSON *d = cJSON_Parse(args[i].def);
    Where w = {"initializer", "", args[i].name};
    if (d && parse_arg(&w, &args[i], d, &v) == NNC_OK && !v.null)
      in.a[i] = v.num;
    cJSON_Delete(d);
  }
  return in;
}

/* ---- back to JSON ---- */

cJSON *keras_object_json(const char *module, const char *cls, cJSON *config) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "module", module);
  cJSON_AddStringToObject(o, "class_name", cls);
  cJSON_AddItemToObject(o, "config", config);
  cJSON_AddNullToObject(o, "registered_name");
  return o;
}

static cJSON *arg_json(const ArgSpec *s, const ArgVal *v);

static cJSON *init_json(const Initializer *in) {
  int n;
  const ArgSpec *args = names_initializer_args((int)in->kind, &n);
  cJSON *config = cJSON_CreateObject();
  for (int i = 0; i < n; i++) {
    ArgVal v = {.null = isnan(in->a[i]), .num = in->a[i]};
    cJSON_AddItemToObject(config, args[i].name, arg_json(&args[i], &v));
  }
  return keras_object_json("keras.initializers", names_initializers.rows[in->kind].cls, config);
}

static cJSON *reg_json(nnc_regularizer r) {
  cJSON *config = cJSON_CreateObject();
  const char *cls = r.l1 != 0 && r.l2 != 0 ? "L1L2" : r.l2 != 0 ? "L2" : "L1";
  if (r.l1 != 0 || r.l2 == 0)
    cJSON_AddNumberToObject(config, "l1", r.l1);
  if (r.l2 != 0)
    cJSON_AddNumberToObject(config, "l2", r.l2);
  return keras_object_json("keras.regularizers", cls, config);
}

static cJSON *con_json(const nnc_constraint *k) {
  int n;
  const ArgSpec *args = names_constraint_args((int)k->kind, &n);
  cJSON *config = cJSON_CreateObject();
  for (int i = 0; i < n; i++) {
    const char *a = args[i].name;
    double x = !strcmp(a, "max_value") ? k->max_value : !strcmp(a, "min_value") ? k->min_value
               : !strcmp(a, "rate") ? k->rate : k->axis;
    cJSON_AddNumberToObject(config, a, x);
  }
  return keras_object_json("keras.constraints", names_constraints.rows[k->kind].cls, config);
}

static cJSON *ints_json(const ArgVal *v) {
  cJSON *a = cJSON_CreateArray();
  for (int i = 0; i < v->n; i++)
    cJSON_AddItemToArray(a, v->ints[i] ? cJSON_CreateNumber((double)v->ints[i]) : cJSON_CreateNull());
  return a;
}

/* An activation as its name, or as an object with its arguments when they are not all
 * Keras's defaults (so that a saved configuration keeps them). A function of keras.ops is its
 * name alone, as Keras writes it, whatever keras.ops's defaults are (keras.ops.gelu is
 * "gelu", which loads as keras.activations.gelu, the exact form). */
static cJSON *act_json(const ArgVal *v) {
  double def[NNC_ACT_ARGS];
  const char *name, *text;
  keras_activation_init(v->act, def);
  bool same = true;
  if (v->kops)
    return cJSON_CreateString(nnc_activation_name(v->act));
  for (int i = 0; i < NNC_ACT_ARGS; i++)
    same &= v->args[i] == def[i] || (isnan(v->args[i]) && isnan(def[i]));
  if (same)
    return cJSON_CreateString(nnc_activation_name(v->act));
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "class_name", nnc_activation_name(v->act));
  cJSON *config = cJSON_AddObjectToObject(o, "config");
  for (int i = 0; (name = keras_activation_arg(v->act, i, &text)); i++) {
    double x = v->args[i];
    cJSON_AddItemToObject(config, name, strcmp(text, "False") == 0 ? cJSON_CreateBool(x != 0)
                                        : isinf(x) && x > 0       ? cJSON_CreateNull()
                                                                  : cJSON_CreateNumber(x));
  }
  return o;
}

static cJSON *matrix_json(const ArgVal *v) {
  cJSON *m = cJSON_CreateArray();
  for (int64_t r = 0; m && r < v->ints[0]; r++)
    cJSON_AddItemToArray(m, cJSON_CreateDoubleArray(v->nums + r * v->ints[1], (int)v->ints[1]));
  return m;
}

static cJSON *arg_json(const ArgSpec *s, const ArgVal *v) {
  if (v->null && s->type != LA_FIXED && s->type != LA_ACTIVATION)
    return cJSON_CreateNull();
  switch (s->type) {
  case LA_INT: case LA_POS_INT: case LA_NUM: case LA_POS_NUM: case LA_NONNEG_NUM: case LA_RATE:
  case LA_SEED:
    return cJSON_CreateNumber(v->num);
  case LA_BOOL: return cJSON_CreateBool(v->num != 0);
  case LA_STR: return cJSON_CreateString(v->str);
  case LA_CHOICE: {
    char word[64] = "";
    int k = 0;
    for (const char *p = s->more; *p && k <= (int)v->num; k++) {
      size_t len = strcspn(p, " ");
      snprintf(word, sizeof word, "%.*s", (int)len, p);
      p += len + (p[len] == ' ');
    }
    return cJSON_CreateString(word);
  }
  case LA_DTYPE: return cJSON_CreateString(v->num ? "float64" : "float32");
  case LA_ACTIVATION: return act_json(v);
  case LA_INITIALIZER: return init_json(&v->init);
  case LA_REGULARIZER: return v->reg.l1 == 0 && v->reg.l2 == 0 ? cJSON_CreateNull() : reg_json(v->reg);
  case LA_CONSTRAINT: return v->con.kind ? con_json(&v->con) : cJSON_CreateNull();
  case LA_SHAPE: case LA_BATCH_SHAPE: case LA_TARGET_SHAPE: case LA_NOISE_SHAPE:
    return ints_json(v);
  case LA_KEEP_AXES: /* Keras keeps a tuple */
    return ints_json(v);
  case LA_AXES:
    return v->n == 1 ? cJSON_CreateNumber((double)v->ints[0]) : ints_json(v);
  case LA_NUMS:
    return v->n == 1 ? cJSON_CreateNumber(v->nums[0]) : cJSON_CreateDoubleArray(v->nums, v->n);
  case LA_OPERAND: return v->nums ? matrix_json(v) : cJSON_CreateNumber(v->num);
  case LA_FIXED: return cJSON_Parse(s->def);
  }
  return cJSON_CreateNull();
}

char *keras_config_json(const LayerConfig *c, const char *name) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "name", name);
  for (int i = 0; i < c->nrow + c->nbase; i++) {
    const ArgSpec *s = c->spec[i];
    bool base = i >= c->nrow, set = !c->v[i].null;
    if (!strcmp(s->name, "name") || (base && !set && strcmp(s->name, "trainable") != 0))
      continue; /* Keras writes the Layer arguments that matter: trainable, and those set */
    if (base && (!strcmp(s->name, "input_shape") || !strcmp(s->name, "input_dim")))
      continue; /* build information, not configuration */
    cJSON_AddItemToObject(o, s->name, arg_json(s, &c->v[i]));
  }
  char *text = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  if (!text)
    return NULL;
  char *out = base_malloc(strlen(text) + 1); /* freed by nnc_string_free (base_free) */
  if (out)
    strcpy(out, text);
  cJSON_free(text);
  return out;
}
