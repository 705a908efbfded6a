/* json_value.c — JSON text as Python values, as Python's json.loads makes them: objects as
 * dicts (keys in the text's order), arrays as lists, integers as ints, other numbers as
 * floats, true/false/null as True/False/None. For the configurations the runtime writes as
 * JSON (model.get_config()).
 */
#include <math.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "pylib.h"

static Obj *value(Interp *I, const cJSON *j);

static Obj *object(Interp *I, const cJSON *j) {
  Obj *d = fe_dict_new(I);
  for (const cJSON *c = j->child; d && c; c = c->next) {
    Obj *v = value(I, c);
    if (!v || fe_dict_setstr(I, d, c->string, v) < 0)
      fe_setref(I, &d, NULL);
    fe_decref(I, v);
  }
  return d;
}

static Obj *array(Interp *I, const cJSON *j) {
  Obj *l = fe_list_new(I, 0);
  for (const cJSON *c = j->child; l && c; c = c->next) {
    Obj *v = value(I, c);
    if (!v || fe_list_append(I, l, v) < 0)
      fe_setref(I, &l, NULL);
    fe_decref(I, v);
  }
  return l;
}

/* An integer of the text (no '.', 'e' or 'E' in it) as an int, as json.loads reads 3 and 3.0
 * apart; cJSON keeps only the double, so the text decides. */
static Obj *number(Interp *I, const cJSON *j, const char *text) {
  double v = j->valuedouble;
  bool integral = text && !strpbrk(text, ".eE") && fabs(v) < 9007199254740992.0;
  return integral ? fe_int(I, (int64_t)v) : fe_float(I, v);
}

static Obj *value(Interp *I, const cJSON *j) {
  if (cJSON_IsObject(j))
    return object(I, j);
  if (cJSON_IsArray(j))
    return array(I, j);
  if (cJSON_IsString(j))
    return fe_str_cstr(I, j->valuestring);
  if (cJSON_IsBool(j))
    return fe_bool(I, cJSON_IsTrue(j));
  if (cJSON_IsNumber(j)) {
    char *text = cJSON_PrintUnformatted(j);
    Obj *r = number(I, j, text);
    cJSON_free(text);
    return r;
  }
  return fe_none(I);
}

Obj *pl_from_json(Interp *I, const char *text, const char *member) {
  cJSON *root = cJSON_Parse(text);
  const cJSON *j = root && member ? cJSON_GetObjectItemCaseSensitive(root, member) : root;
  Obj *r = j ? value(I, j) : fe_throw(I, EXC_ValueError, "not valid JSON");
  cJSON_Delete(root);
  if (!r && !I->exc_pending)
    fe_nomem(I);
  return r;
}
