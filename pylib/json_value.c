/* json_value.c — JSON text as Python values, as Python's json.loads makes them: objects as
 * dicts (keys in the text's order), arrays as lists, integers as ints, other numbers as
 * floats, true/false/null as True/False/None. For the configurations the runtime writes as
 * JSON (model.get_config()) and for json.loads (json.c).
 */
#include <math.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "pylib.h"

/* The text's number tokens, read in the order the values are made (the document's): cJSON
 * keeps only a double, and json.loads tells 3 from 3.0 by how it is written. */
typedef struct {
  const char *at;
} Numbers;

/* The next number token outside strings (NaN, Infinity and -Infinity count as numbers):
 * *integral when it has no fraction or exponent. */
static const char *next_number(Numbers *ns, size_t *len, bool *integral) {
  const char *p = ns->at;
  for (bool in_str = false; *p; p++) {
    if (in_str && *p == '\\' && p[1])
      p++;
    else if (*p == '"')
      in_str = !in_str;
    else if (!in_str && strchr("-0123456789NI", *p))
      break;
  }
  size_t n = *p == 'N' ? 3 : *p == 'I' ? 8 : p[0] == '-' && p[1] == 'I' ? 9
             : strspn(p, "+-0123456789.eE");
  ns->at = p + n;
  *len = n;
  *integral = n > 0 && !memchr(p, '.', n) && !memchr(p, 'e', n) && !memchr(p, 'E', n);
  return p;
}

static Obj *value(Interp *I, const cJSON *j, Numbers *ns);

static Obj *object(Interp *I, const cJSON *j, Numbers *ns) {
  Obj *d = fe_dict_new(I);
  for (const cJSON *c = j->child; d && c; c = c->next) {
    Obj *v = value(I, c, ns);
    if (!v || fe_dict_setstr(I, d, c->string, v) < 0)
      fe_setref(I, &d, NULL);
    fe_decref(I, v);
  }
  return d;
}

static Obj *array(Interp *I, const cJSON *j, Numbers *ns) {
  Obj *l = fe_list_new(I, 0);
  for (const cJSON *c = j->child; l && c; c = c->next) {
    Obj *v = value(I, c, ns);
    if (!v || fe_list_append(I, l, v) < 0)
      fe_setref(I, &l, NULL);
    fe_decref(I, v);
  }
  return l;
}

/* An integer of the text as an int (exactly, as Python reads it, within nnc's 64 bits), any
 * other number as a float. */
static Obj *number(Interp *I, const cJSON *j, Numbers *ns) {
  size_t n;
  bool integral;
  const char *p = next_number(ns, &n, &integral);
  if (*p == 'N' || *p == 'I' || (*p == '-' && p[1] == 'I'))
    return fe_float(I, *p == 'N' ? NAN : *p == '-' ? -INFINITY : INFINITY);
  return integral ? fe_int_parse(I, p, n, 10) : fe_float(I, j->valuedouble);
}

static Obj *value(Interp *I, const cJSON *j, Numbers *ns) {
  if (cJSON_IsObject(j))
    return object(I, j, ns);
  if (cJSON_IsArray(j))
    return array(I, j, ns);
  if (cJSON_IsString(j))
    return fe_str_cstr(I, j->valuestring);
  if (cJSON_IsBool(j))
    return fe_bool(I, cJSON_IsTrue(j));
  if (cJSON_IsNumber(j))
    return number(I, j, ns);
  return fe_none(I);
}

Obj *pl_json_value(Interp *I, const cJSON *root, const char *text) {
  Numbers ns = {text};
  Obj *r = value(I, root, &ns);
  if (!r && !I->exc_pending)
    fe_nomem(I);
  return r;
}

Obj *pl_from_json(Interp *I, const char *text, const char *member) {
  cJSON *root = cJSON_Parse(text);
  Obj *all = root ? pl_json_value(I, root, text) : fe_throw(I, EXC_ValueError, "not valid JSON");
  cJSON_Delete(root);
  if (!all || !member)
    return all;
  Obj *r = FE_ISA(I, all, dict) ? fe_dict_getstr(I, all, member) : NULL;
  r = r ? r : &I->none;
  fe_incref(r);
  fe_decref(I, all);
  return r;
}
