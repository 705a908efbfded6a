/* op_config.c — the Operation layer in Keras 3's model config, both ways.
 *
 * Keras 3 writes an operation of keras.ops or keras.activations as an entry of its own
 * module and class ("keras.src.ops.numpy" Multiply, "keras.src.ops.nn" Gelu,
 * "keras.src.activations.activations" ReLU for keras.activations.relu, "keras.src.ops.nn"
 * Relu for keras.ops.relu), registered under its class, whose config is the name and the
 * operation's own arguments (a reduction's axis and keepdims, the arguments the activation's
 * function takes: keras.ops.relu none), and whose call lists the operands in order: the tensors and, in
 * its place, the operand that is not one (2.0 in `1.0 - x`, a NumPy matrix in `x @ W`). nnc's
 * Operation layer keeps that operand and the activation in its config; this file converts
 * between the two, so a .keras file nnc writes loads in Keras and one Keras writes loads here.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "keras.h"

static const cJSON *get(const cJSON *o, const char *key) {
  return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* ---- writing ---- */

/* The first n of an activation's arguments by name, as Keras's operation config holds them:
 * a Python default of True/False marks a bool, relu's unbounded max_value is null. */
static void activation_args(const ArgVal *a, int n, cJSON *c) {
  for (int i = 0; i < n && i < NNC_ACT_ARGS; i++) {
    const char *def, *name = keras_activation_arg(a->act, i, &def);
    if (!name)
      return;
    double v = a->args[i];
    if (!strcmp(def, "True") || !strcmp(def, "False"))
      cJSON_AddBoolToObject(c, name, v != 0);
    else if (isinf(v))
      cJSON_AddNullToObject(c, name);
    else
      cJSON_AddNumberToObject(c, name, v);
  }
}

cJSON *keras_op_config(const Layer *l) {
  KopId k = (KopId)keras_arg(&l->cfg, "op")->num;
  cJSON *c = cJSON_CreateObject();
  cJSON_AddStringToObject(c, "name", l->name);
  if (keras_op_kind(k) == KOP_ACTIVATION) {
    const ArgVal *a = keras_arg(&l->cfg, "activation");
    activation_args(a, k == KOP_OPS_ACTIVATION ? keras_activation_kop_args(a->act) : NNC_ACT_ARGS,
                    c);
  } else if (keras_op_kind(k) == KOP_REDUCE) {
    const ArgVal *axis = keras_arg(&l->cfg, "axis");
    cJSON *a = axis->n == 1 ? cJSON_CreateNumber((double)axis->ints[0]) : cJSON_CreateArray();
    for (int i = 0; axis->n > 1 && i < axis->n; i++)
      cJSON_AddItemToArray(a, cJSON_CreateNumber((double)axis->ints[i]));
    cJSON_AddItemToObject(c, "axis", a);
    cJSON_AddBoolToObject(c, "keepdims", keras_arg(&l->cfg, "keepdims")->num != 0);
    if (k == KOP_MAX || k == KOP_MIN)
      cJSON_AddNullToObject(c, "initial");
  }
  return c;
}

/* A constant matrix as Keras serializes a NumPy array. */
static cJSON *numpy_matrix(const ArgVal *m) {
  cJSON *o = cJSON_CreateObject(), *c = cJSON_AddObjectToObject(o, "config");
  cJSON_AddStringToObject(o, "class_name", "__numpy__");
  cJSON *rows = cJSON_AddArrayToObject(c, "value");
  for (int64_t i = 0; i < m->ints[0]; i++) {
    cJSON *row = cJSON_CreateArray();
    for (int64_t j = 0; j < m->ints[1]; j++)
      cJSON_AddItemToArray(row, cJSON_CreateNumber(m->nums[i * m->ints[1] + j]));
    cJSON_AddItemToArray(rows, row);
  }
  cJSON_AddStringToObject(c, "dtype", "float32");
  return o;
}

void keras_op_call_args(const Layer *l, cJSON *args) {
  const ArgVal *c = keras_arg(&l->cfg, "constant");
  if (c->null)
    return;
  cJSON *v = c->nums ? numpy_matrix(c) : cJSON_CreateNumber(c->num);
  if (keras_arg(&l->cfg, "constant_first")->num != 0)
    cJSON_InsertItemInArray(args, 0, v);
  else
    cJSON_AddItemToArray(args, v);
}

/* ---- reading ---- */

bool keras_op_entry(const cJSON *entry) {
  const cJSON *m = get(entry, "module");
  return cJSON_IsString(m) && (!strncmp(m->valuestring, "keras.src.ops.", 14) ||
                               !strcmp(m->valuestring, "keras.src.activations.activations"));
}

bool keras_op_constant(const cJSON *arg) {
  const cJSON *cls = get(arg, "class_name");
  return cJSON_IsNumber(arg) || cJSON_IsBool(arg) ||
         (cJSON_IsString(cls) && !strcmp(cls->valuestring, "__numpy__"));
}

/* The operand of a call that is not a tensor, into nnc's config: a number, or a NumPy
 * matrix's rows (its value); constant_first when it comes before the tensor. */
static void read_constant(const cJSON *args, cJSON *config) {
  bool first = true;
  for (const cJSON *a = args ? args->child : NULL; a; a = a->next) {
    if (!keras_op_constant(a)) {
      first = false;
      continue;
    }
    cJSON *v = cJSON_IsBool(a) ? cJSON_CreateNumber(cJSON_IsTrue(a))
             : cJSON_IsNumber(a) ? cJSON_CreateNumber(a->valuedouble)
             : cJSON_Duplicate(get(get(a, "config"), "value"), true);
    cJSON_AddItemToObject(config, "constant", v ? v : cJSON_CreateNull());
    cJSON_AddBoolToObject(config, "constant_first", first);
    return;
  }
}

/* An activation's operation: {"name", "op": "activation" (or "ops_activation", k's name),
 * "activation": {class_name, config: Keras's config but the name}}. */
static cJSON *activation_config(const cJSON *config, KopId k, nnc_activation act) {
  cJSON *c = cJSON_CreateObject(), *a = cJSON_AddObjectToObject(c, "activation");
  cJSON *args = cJSON_Duplicate(config, true);
  cJSON *name = cJSON_DetachItemFromObjectCaseSensitive(args, "name");
  if (name)
    cJSON_AddItemToObject(c, "name", name);
  cJSON_AddStringToObject(c, "op", keras_op_name(k));
  cJSON_AddStringToObject(a, "class_name", nnc_activation_name(act));
  cJSON_AddItemToObject(a, "config", args);
  return c;
}

nnc_status keras_op_from_entry(const cJSON *entry, const char *where, char **out) {
  const char *module = get(entry, "module")->valuestring;
  const char *cls = get(entry, "class_name")->valuestring;
  const cJSON *config = get(entry, "config");
  const cJSON *call = cJSON_GetArrayItem(get(entry, "inbound_nodes"), 0);
  nnc_activation act = NNC_ACT_LINEAR;
  int k = keras_operation_find(module, cls, &act);
  if (k < 0)
    return base_error(NNC_ERR_ARG, "%s: the operation %s.%s is not one nnc implements", where,
                      module, cls);
  bool activation = keras_op_kind((KopId)k) == KOP_ACTIVATION;
  cJSON *c = activation ? activation_config(config, (KopId)k, act)
                        : cJSON_Duplicate(config, true);
  if (!activation) {
    cJSON_AddStringToObject(c, "op", keras_op_name((KopId)k));
    if (cJSON_IsNull(get(c, "initial")))           /* Max's and Min's default */
      cJSON_DeleteItemFromObjectCaseSensitive(c, "initial");
  }
  read_constant(get(call, "args"), c);
  *out = cJSON_PrintUnformatted(c);
  cJSON_Delete(c);
  return *out ? NNC_OK : base_error(NNC_ERR_NOMEM, "%s: out of memory", where);
}
