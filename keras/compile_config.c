/* compile_config.c — what model.compile was given, as Keras 3 serializes it into a .keras
 * archive's config.json ("compile_config") and a legacy .h5 file's training_config, and a
 * model compiled again from it (Keras's compile_from_config, which load_model calls).
 *
 * Keras 3 stores compile's arguments as serialize_keras_object makes them: the optimizer an
 * object {"module": "keras.optimizers", "class_name": "Adam", "config": {...}} (or the
 * string the user gave), the loss a name or such an object, metrics a list of names or
 * objects, then loss_weights, weighted_metrics, run_eagerly, steps_per_execution and
 * jit_compile. nnc writes the optimizer as an object of every argument of its row of
 * names/optimizers.def, the loss and each metric as a name when its arguments are Keras's
 * defaults and as an object otherwise. The reader takes either form of each, the argument
 * names of the rows (and the arguments every Keras optimizer, loss and metric has, when
 * they hold what nnc does: an EMA, a loss scale or a reduction nnc has not are refused by
 * name), and names the file and the key in every error. A learning-rate schedule and a
 * loss built at the graph level have no such form here: a model compiled with one is saved
 * without its compile_config (Keras then loads it uncompiled, as nnc does). A
 * compile_config without a loss (Keras's {} of a model saved uncompiled, or a model whose
 * losses are its own add_loss terms) leaves the model uncompiled.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keras.h"

/* ---- the optimizers' and losses' arguments, from their rows ---- */

typedef struct {
  const char *name;             /* as Keras and nnc_optimizer's field name it */
  size_t offset;                /* of the field in nnc_optimizer */
  bool is_int;                  /* an int flag (BOOL); else a double, NAN for None */
} OptField;

#define HP(name, type, def)                                                                  \
  {#name, offsetof(nnc_optimizer, name), _Generic(((nnc_optimizer *)0)->name, int: true,     \
                                                  default: false)},
#define OPTIMIZER(id, name, cls, rule, slots, params, doc) params
static const OptField opt_fields[] = {
#include "optimizers.def"
};
#undef HP

/* Each optimizer's argument names, " name1 name2 ... ". */
#define HP(name, type, def) " " #name
#define OPTIMIZER(id, name, cls, rule, slots, params, doc) [NNC_OPT_##id] = params " ",
static const char *const opt_args[] = {
#include "optimizers.def"
};
#undef HP

/* Each loss's arguments after from_logits, in loss_args's order, and their types. */
#define LOGITS
#define HP(name, type, def) {#name, #type},
#define LOSS(id, short, name, cls, aliases, flags, build, params, doc)                       \
  [NNC_LOSS_##id] = {params {NULL, NULL}},
static const struct {
  const char *name, *type;
} loss_args[][NNC_LOSS_ARGS + 1] = {
#include "losses.def"
};
#undef HP
#undef LOGITS

/* Whether the loss takes from_logits. */
#define LOGITS 1 +
#define HP(name, type, def)
#define LOSS(id, short, name, cls, aliases, flags, build, params, doc)                       \
  [NNC_LOSS_##id] = (params 0) != 0,
static const bool loss_logits[] = {
#include "losses.def"
};
#undef HP
#undef LOGITS

static const OptField *opt_field(const char *name) {
  for (size_t i = 0; i < sizeof opt_fields / sizeof *opt_fields; i++)
    if (!strcmp(opt_fields[i].name, name))
      return &opt_fields[i];
  return NULL;
}

static bool opt_has_arg(nnc_optimizer_kind k, const char *name) {
  char word[80];
  snprintf(word, sizeof word, " %s ", name);
  return strstr(opt_args[k], word) != NULL;
}

static double opt_get(const nnc_optimizer *o, const OptField *f) {
  const char *p = (const char *)o + f->offset;
  if (f->is_int) {
    int v;
    memcpy(&v, p, sizeof v);
    return v;
  }
  double v;
  memcpy(&v, p, sizeof v);
  return v;
}

static void opt_set(nnc_optimizer *o, const OptField *f, double v) {
  char *p = (char *)o + f->offset;
  if (f->is_int) {
    int i = v != 0;
    memcpy(p, &i, sizeof i);
  } else {
    memcpy(p, &v, sizeof v);
  }
}

/* ---- writing ---- */

/* x as Python's json writes a float: its shortest digits that read back as x (cJSON's own
 * printing stops at 15 when they read back nearly), and 1.0, not 1 (Keras's optimizers
 * refuse an int learning_rate or momentum). */
static cJSON *python_float(double x) {
  if (!isfinite(x))
    return cJSON_CreateNumber(x);
  char text[40];
  if (x == floor(x) && fabs(x) < 1e16) {
    snprintf(text, sizeof text, "%.1f", x);
  } else {
    for (int digits = 1; digits <= 17; digits++) {
      snprintf(text, sizeof text, "%.*g", digits, x);
      if (strtod(text, NULL) == x)
        break;
    }
  }
  return cJSON_CreateRaw(text);
}

static void add_field(cJSON *c, const nnc_optimizer *o, const OptField *f) {
  double v = opt_get(o, f);
  cJSON_AddItemToObject(c, f->name, f->is_int ? cJSON_CreateBool(v != 0)
                                    : isnan(v) ? cJSON_CreateNull() : python_float(v));
}

cJSON *keras_optimizer_config(const nnc_optimizer *o) {
  cJSON *c = cJSON_CreateObject();
  char name[64]; /* Keras's default, which its variables' paths begin with: "rm_sprop" */
  keras_opt_default_name(o->kind, name, sizeof name);
  cJSON_AddStringToObject(c, "name", name);
  /* the base class's arguments first, in get_config's order */
  static const char *const base[] = {"learning_rate", "weight_decay", "clipnorm",
                                     "global_clipnorm", "clipvalue"};
  for (size_t i = 0; i < sizeof base / sizeof *base; i++) {
    const OptField *f = opt_field(base[i]);
    if (f && opt_has_arg(o->kind, base[i]))
      add_field(c, o, f);
    else
      cJSON_AddNullToObject(c, base[i]);
  }
  cJSON_AddFalseToObject(c, "use_ema");
  cJSON_AddItemToObject(c, "ema_momentum", python_float(0.99));
  cJSON_AddNullToObject(c, "ema_overwrite_frequency");
  cJSON_AddNullToObject(c, "loss_scale_factor");
  cJSON_AddNullToObject(c, "gradient_accumulation_steps");
  for (const char *p = opt_args[o->kind]; *p;) {   /* then its own, in its row's order */
    p += strspn(p, " ");
    char word[64];
    size_t n = strcspn(p, " ");
    snprintf(word, sizeof word, "%.*s", (int)n, p);
    p += n;
    const OptField *f = n ? opt_field(word) : NULL;
    if (f && !cJSON_GetObjectItemCaseSensitive(c, word))
      add_field(c, o, f);
  }
  return c;
}

static cJSON *opt_json(const nnc_optimizer *o) {
  return keras_object_json("keras.optimizers", names_optimizers.rows[o->kind].cls,
                           keras_optimizer_config(o));
}

static bool loss_is_default(const nnc_compile_options *c) {
  double def[NNC_LOSS_ARGS];
  ir_loss_defaults((LossKind)c->loss, def);
  for (int i = 0; loss_args[c->loss][i].name; i++)
    if (c->loss_args[i] != def[i])
      return false;
  return !c->from_logits;
}

static cJSON *loss_json(const nnc_compile_options *c) {
  const char *name = nnc_loss_name(c->loss);
  if (loss_is_default(c))
    return cJSON_CreateString(name);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "name", name);
  cJSON_AddStringToObject(o, "reduction", "sum_over_batch_size");
  if (loss_logits[c->loss])
    cJSON_AddBoolToObject(o, "from_logits", c->from_logits != 0);
  for (int i = 0; loss_args[c->loss][i].name; i++) {
    double v = c->loss_args[i];
    cJSON_AddItemToObject(o, loss_args[c->loss][i].name,
                          !strcmp(loss_args[c->loss][i].type, "BOOL") ? cJSON_CreateBool(v != 0)
                                                                      : cJSON_CreateNumber(v));
  }
  return keras_object_json("keras.losses", names_losses.rows[c->loss].cls, o);
}

/* The metric's class: its CamelCase alias ("MeanAbsoluteError"). */
static void metric_class(nnc_metric k, char *out, size_t n) {
  const char *a = names_metrics.rows[k].aliases;
  snprintf(out, n, "%s", nnc_metric_name(k));
  for (const char *w = a; *w;) {
    size_t len = strcspn(w, " ");
    bool lower = false; /* a class name has a lowercase letter (F1Score, not MAE) */
    for (size_t i = 1; i < len; i++)
      lower |= w[i] >= 'a' && w[i] <= 'z';
    bool camel = w[0] >= 'A' && w[0] <= 'Z' && lower;
    if (camel && len < n) {
      snprintf(out, n, "%.*s", (int)len, w);
      return;
    }
    w += len + (w[len] == ' ');
  }
}

/* The name of metric k's one argument (nnc_metric_default_arg), NULL when it has none. */
static const char *metric_arg_name(nnc_metric k) {
  if (k == NNC_METRIC_BINARY_ACCURACY)
    return "threshold";
  if (k == NNC_METRIC_TOP_K_CATEGORICAL_ACCURACY || k == NNC_METRIC_SPARSE_TOP_K_CATEGORICAL_ACCURACY)
    return "k";
  return k == NNC_METRIC_AUC ? "curve" : NULL;
}

static const char *const f_averages[] = {"micro", "macro", "weighted"}; /* from MICRO */

static bool is_fbeta(nnc_metric k) {
  return k == NNC_METRIC_F1_SCORE || k == NNC_METRIC_FBETA_SCORE;
}

/* A Python float in JSON ("2.0", not cJSON's "2"): Keras's FBetaScore refuses an int. */
static void add_float(cJSON *c, const char *key, double v) {
  char b[32];
  base_repr_double(v, b);
  cJSON_AddRawToObject(c, key, b);
}

/* F1Score's and FBetaScore's arguments as Keras's config holds them. */
static void f_score_json(nnc_metric k, const nnc_f_score *f, cJSON *c) {
  if (f->average == NNC_F_AVERAGE_NONE)
    cJSON_AddNullToObject(c, "average");
  else
    cJSON_AddStringToObject(c, "average", f_averages[f->average - NNC_F_AVERAGE_MICRO]);
  if (k == NNC_METRIC_FBETA_SCORE)
    add_float(c, "beta", f->beta);
  if (isnan(f->threshold))
    cJSON_AddNullToObject(c, "threshold");
  else
    add_float(c, "threshold", f->threshold);
}

static cJSON *metric_json(nnc_metric k, const char *key, double arg, const nnc_f_score *f) {
  nnc_metric named;
  bool by_name = nnc_metric_from_name(key, &named) == NNC_OK && named == k;
  bool f_default = !is_fbeta(k) || (f->average == NNC_F_AVERAGE_NONE && isnan(f->threshold) &&
                                    (k == NNC_METRIC_F1_SCORE || f->beta == 1));
  if (by_name && arg == nnc_metric_default_arg(k) && f_default)
    return cJSON_CreateString(key);
  char cls[64];
  metric_class(k, cls, sizeof cls);
  cJSON *c = cJSON_CreateObject();
  cJSON_AddStringToObject(c, "name", key);
  cJSON_AddStringToObject(c, "dtype", "float32");
  const char *an = metric_arg_name(k);
  if (an && k == NNC_METRIC_AUC)
    cJSON_AddStringToObject(c, an, arg ? "PR" : "ROC");
  else if (an)
    cJSON_AddNumberToObject(c, an, arg);
  if (is_fbeta(k))
    f_score_json(k, f, c);
  return keras_object_json("keras.metrics", cls, c);
}

cJSON *keras_compile_config(const nnc_model *m) {
  const nnc_compile_options *c = &m->copt;
  if (!m->compiled || c->custom_loss || m->opt.scheduled)
    return NULL;
  nnc_optimizer now = c->optimizer;
  now.learning_rate = m->opt.lr; /* Keras saves the rate variable as it is */
  cJSON *o = cJSON_CreateObject();
  cJSON_AddItemToObject(o, "optimizer", opt_json(&now));
  cJSON_AddItemToObject(o, "loss", loss_json(c));
  cJSON_AddNullToObject(o, "loss_weights");
  cJSON *metrics = c->nmetrics ? cJSON_AddArrayToObject(o, "metrics") : NULL;
  if (!metrics)
    cJSON_AddNullToObject(o, "metrics");
  for (int i = 0; i < c->nmetrics; i++)
    cJSON_AddItemToArray(metrics, metric_json(c->metrics[i], m->metric_keys[i],
                                              c->metric_args[i], &c->f_scores[i]));
  cJSON_AddNullToObject(o, "weighted_metrics");
  cJSON_AddFalseToObject(o, "run_eagerly");
  cJSON_AddNumberToObject(o, "steps_per_execution", 1);
  cJSON_AddFalseToObject(o, "jit_compile");
  return o;
}

/* ---- reading ---- */

typedef struct {
  const char *where;            /* the file, for messages */
  nnc_compile_options c;
  char keys[NNC_METRICS_MAX][64]; /* the metrics' names, until compiled */
} Reader;

static nnc_status bad(const Reader *r, const char *key, const char *what, const cJSON *found) {
  char *text = found ? cJSON_PrintUnformatted(found) : NULL;
  nnc_status s = base_error(NNC_ERR_ARG, "%s: compile_config: %s: %s%s%.60s%s", r->where, key,
                            what, text ? ", found " : "", text ? text : "",
                            text && strlen(text) > 60 ? "..." : "");
  cJSON_free(text);
  return s;
}

/* An object's class_name and config, or a plain string (config NULL). */
static nnc_status class_of(const Reader *r, const char *key, const cJSON *j, const char **cls,
                           const cJSON **config) {
  *config = NULL;
  if (cJSON_IsString(j)) {
    *cls = j->valuestring;
    return NNC_OK;
  }
  const cJSON *cn = cJSON_GetObjectItemCaseSensitive(j, "class_name");
  *config = cJSON_GetObjectItemCaseSensitive(j, "config");
  if (!cJSON_IsString(cn) || !cJSON_IsObject(*config))
    return bad(r, key, "a name or an object with a class_name and a config is needed", j);
  *cls = cn->valuestring;
  return NNC_OK;
}

/* The builder's message for a name, prefixed with the file and the key (running out of
 * memory stays NNC_ERR_NOMEM: the file is not at fault). */
static nnc_status name_error(const Reader *r, const char *key, nnc_status s) {
  char msg[512];
  snprintf(msg, sizeof msg, "%s", nnc_last_error());
  return base_error(s == NNC_ERR_NOMEM ? s : NNC_ERR_ARG, "%s: compile_config: %s: %s",
                    r->where, key, msg);
}

/* A key every Keras object of the kind has, holding what nnc does (or one nnc ignores:
 * names, dtypes, compilation hints). */
static bool base_key_ok(const char *k, const cJSON *v) {
  static const char *const ignored[] = {"name", "dtype", "ema_momentum", "ema_overwrite_frequency",
                                        "is_legacy_optimizer", "jit_compile"};
  for (size_t i = 0; i < sizeof ignored / sizeof *ignored; i++)
    if (!strcmp(k, ignored[i]))
      return true;
  if (!strcmp(k, "use_ema"))
    return cJSON_IsFalse(v);
  if (!strcmp(k, "loss_scale_factor") || !strcmp(k, "gradient_accumulation_steps"))
    return cJSON_IsNull(v);
  if (!strcmp(k, "decay")) /* Keras 2's optimizers */
    return cJSON_IsNumber(v) && v->valuedouble == 0;
  if (!strcmp(k, "reduction"))
    return cJSON_IsString(v) && (!strcmp(v->valuestring, "sum_over_batch_size") ||
                                 !strcmp(v->valuestring, "auto"));
  return false;
}

/* A metric's argument nnc does not have, holding Keras's default: off (null or false), or
 * AUC's 200 thresholds interpolated, as nnc computes it. */
static bool metric_key_ok(const char *k, const cJSON *v) {
  if (cJSON_IsNull(v) || cJSON_IsFalse(v) || base_key_ok(k, v))
    return true;
  if (!strcmp(k, "num_thresholds"))
    return cJSON_IsNumber(v) && v->valuedouble == 200;
  if (!strcmp(k, "fn")) /* Keras 2's MeanMetricWrapper: the function its name gives */
    return true;
  return !strcmp(k, "summation_method") && cJSON_IsString(v) &&
         !strcmp(v->valuestring, "interpolation");
}

static nnc_status read_optimizer(Reader *r, const cJSON *j) {
  const char *cls;
  const cJSON *config;
  nnc_status s = class_of(r, "optimizer", j, &cls, &config);
  nnc_optimizer_kind kind;
  if (s == NNC_OK && nnc_optimizer_from_name(cls, &kind) != NNC_OK)
    return name_error(r, "optimizer", NNC_ERR_ARG);
  if (s != NNC_OK)
    return s;
  r->c.optimizer = nnc_optimizer_defaults(kind);
  for (const cJSON *a = config ? config->child : NULL; a; a = a->next) {
    const OptField *f = opt_has_arg(kind, a->string) ? opt_field(a->string) : NULL;
    if (f && (cJSON_IsNumber(a) || cJSON_IsBool(a) || (cJSON_IsNull(a) && !f->is_int)))
      opt_set(&r->c.optimizer, f, cJSON_IsNull(a) ? NAN : cJSON_IsBool(a) ? cJSON_IsTrue(a)
                                                                           : a->valuedouble);
    else if (f && cJSON_IsObject(a))
      return bad(r, "optimizer", "a learning-rate schedule here is not supported by nnc yet",
                 a);
    else if (f || !base_key_ok(a->string, a))
      return bad(r, "optimizer", f ? "an argument of the wrong type"
                                   : "an argument nnc does not support", a);
  }
  return NNC_OK;
}

static nnc_status read_loss(Reader *r, const cJSON *j) {
  const char *cls;
  const cJSON *config;
  nnc_status s = class_of(r, "loss", j, &cls, &config);
  nnc_loss_kind kind;
  if (s == NNC_OK && nnc_loss_from_name(cls, &kind) != NNC_OK)
    return name_error(r, "loss", NNC_ERR_ARG);
  if (s != NNC_OK)
    return s;
  nnc_compile_options c = nnc_compile_defaults(kind);
  r->c.loss = kind;
  memcpy(r->c.loss_args, c.loss_args, sizeof c.loss_args);
  for (const cJSON *a = config ? config->child : NULL; a; a = a->next) {
    int i = 0;
    while (loss_args[kind][i].name && strcmp(loss_args[kind][i].name, a->string))
      i++;
    bool number = cJSON_IsNumber(a) || cJSON_IsBool(a);
    double v = cJSON_IsBool(a) ? cJSON_IsTrue(a) : a->valuedouble;
    if (!strcmp(a->string, "from_logits") && loss_logits[kind] && cJSON_IsBool(a))
      r->c.from_logits = cJSON_IsTrue(a);
    else if (loss_args[kind][i].name && number)
      r->c.loss_args[i] = v;
    else if (!base_key_ok(a->string, a))
      return bad(r, "loss", "an argument nnc does not support", a);
  }
  return NNC_OK;
}

/* One of F1Score's and FBetaScore's arguments into f; false when a is none of them (or not
 * a value nnc knows: its check then refuses it). nnc_model_compile checks the ranges. */
static bool read_f_score(const cJSON *a, nnc_f_score *f) {
  if (!strcmp(a->string, "beta") && cJSON_IsNumber(a))
    f->beta = a->valuedouble;
  else if (!strcmp(a->string, "threshold") && (cJSON_IsNumber(a) || cJSON_IsNull(a)))
    f->threshold = cJSON_IsNull(a) ? NAN : a->valuedouble;
  else if (!strcmp(a->string, "average") && cJSON_IsNull(a))
    f->average = NNC_F_AVERAGE_NONE;
  else if (!strcmp(a->string, "average") && cJSON_IsString(a)) {
    int i = 0;
    while (i < 3 && strcmp(a->valuestring, f_averages[i]))
      i++;
    if (i == 3)
      return false;
    f->average = (nnc_f_average)(NNC_F_AVERAGE_MICRO + i);
  } else
    return false;
  return true;
}

static nnc_status read_metric(Reader *r, const cJSON *j) {
  const char *cls = NULL;
  const cJSON *config;
  nnc_status s = class_of(r, "metrics", j, &cls, &config);
  const cJSON *wrapped = cJSON_GetObjectItemCaseSensitive(config, "name");
  if (s == NNC_OK && !strcmp(cls, "MeanMetricWrapper") && cJSON_IsString(wrapped))
    cls = wrapped->valuestring; /* Keras 2's form of a metric given by name */
  nnc_metric k;
  if (s == NNC_OK && nnc_metric_from_name(cls, &k) != NNC_OK)
    return name_error(r, "metrics", NNC_ERR_ARG);
  if (s == NNC_OK && r->c.nmetrics >= NNC_METRICS_MAX)
    return bad(r, "metrics", "more metrics than nnc keeps", NULL);
  if (s != NNC_OK)
    return s;
  int i = r->c.nmetrics++;
  const cJSON *name = cJSON_GetObjectItemCaseSensitive(config, "name");
  snprintf(r->keys[i], sizeof r->keys[i], "%s", cJSON_IsString(name) ? name->valuestring : cls);
  r->c.metrics[i] = k;
  r->c.metric_keys[i] = r->keys[i];
  r->c.metric_args[i] = nnc_metric_default_arg(k);
  const char *an = metric_arg_name(k);
  for (const cJSON *a = config ? config->child : NULL; a; a = a->next) {
    if (an && !strcmp(a->string, an) && k == NNC_METRIC_AUC && cJSON_IsString(a))
      r->c.metric_args[i] = !strcmp(a->valuestring, "PR");
    else if (an && !strcmp(a->string, an) && cJSON_IsNumber(a))
      r->c.metric_args[i] = a->valuedouble;
    else if (is_fbeta(k) && read_f_score(a, &r->c.f_scores[i]))
      continue;
    else if (!metric_key_ok(a->string, a))
      return bad(r, "metrics", "an argument nnc does not support", a);
  }
  return NNC_OK;
}

/* The keys nnc has no use for must hold what nnc does. */
static nnc_status check_rest(const Reader *r, const cJSON *cc) {
  for (const cJSON *a = cc->child; a; a = a->next) {
    const char *k = a->string;
    if (!strcmp(k, "optimizer") || !strcmp(k, "loss") || !strcmp(k, "metrics") ||
        !strcmp(k, "run_eagerly") || !strcmp(k, "jit_compile") ||
        ((!strcmp(k, "loss_weights") || !strcmp(k, "weighted_metrics")) && cJSON_IsNull(a)))
      continue;
    if (!strcmp(k, "steps_per_execution") && cJSON_IsNumber(a) && a->valuedouble == 1)
      continue;
    return bad(r, k, "not supported by nnc yet", a);
  }
  return NNC_OK;
}

nnc_status keras_compile_from_config(nnc_model *m, const cJSON *cc, const char *where) {
  Reader r = {.where = where, .c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR)};
  if (!cJSON_IsObject(cc))
    return bad(&r, "compile_config", "not an object", cc);
  const cJSON *opt = cJSON_GetObjectItemCaseSensitive(cc, "optimizer"),
              *loss = cJSON_GetObjectItemCaseSensitive(cc, "loss"),
              *metrics = cJSON_GetObjectItemCaseSensitive(cc, "metrics");
  if (!loss || cJSON_IsNull(loss)) /* {} for a model saved uncompiled; Keras's add_loss */
    return NNC_OK;
  nnc_status s = check_rest(&r, cc);
  if (s == NNC_OK && opt && !cJSON_IsNull(opt))
    s = read_optimizer(&r, opt);
  if (s == NNC_OK)
    s = read_loss(&r, loss);
  if (s == NNC_OK && metrics && !cJSON_IsNull(metrics) && !cJSON_IsArray(metrics))
    s = bad(&r, "metrics", "a list is needed", metrics);
  for (const cJSON *k = cJSON_IsArray(metrics) ? metrics->child : NULL; s == NNC_OK && k;
       k = k->next) /* Keras 2 nests each output's list */
    for (const cJSON *e = cJSON_IsArray(k) ? k->child : k; s == NNC_OK && e;
         e = cJSON_IsArray(k) ? e->next : NULL)
      s = read_metric(&r, e);
  if (s == NNC_OK && (s = nnc_model_compile(m, &r.c)) != NNC_OK)
    s = name_error(&r, "compile", s);
  return s;
}
