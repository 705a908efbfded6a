/* module.c — modules: made from the registered tables on first import.
 *
 * A module's name may have several tables (FeModuleDef); importing it reads them all into
 * one dict: functions become native functions, classes are made (their bases found in the
 * same tables, the builtins, or by a dotted name in another module), constants become
 * values, and each table's init adds what is not constant. A name that is an alias
 * (tensorflow.keras of keras) is the same module object. A package whose submodules have
 * tables but itself has none (tensorflow, sklearn) is an empty module. Submodules are found
 * as attributes on first use (os.path), so `import os` then `os.path.join` works.
 */
#include <string.h>

#include "frontend.h"
#include "base.h"

/* ---- the module objects ---- */

Obj *fe_module_new(Interp *I, const char *name) {
  Module *m = (Module *)fe_new(I, I->cls_module, sizeof(Module));
  if (!m)
    return NULL;
  m->dict = fe_dict_new(I);
  m->name = fe_str_cstr(I, name);
  if (!m->dict || !m->name || fe_dict_set(I, m->dict, I->names.name, m->name) < 0) {
    fe_decref(I, (Obj *)m);
    return NULL;
  }
  return (Obj *)m;
}

static void module_clear(Interp *I, Obj *o) {
  Module *m = (Module *)o;
  fe_setref(I, &m->dict, NULL);
  fe_setref(I, &m->name, NULL);
}

static void module_traverse(Obj *o, FeVisit visit, void *arg) {
  Module *m = (Module *)o;
  if (m->dict)
    visit(m->dict, arg);
  if (m->name)
    visit(m->name, arg);
}

static Obj *module_repr(Interp *I, Obj *o) {
  return fe_strf(I, "<module '%s'>", FE_STR(((Module *)o)->name)->s);
}

Obj *fe_module_getattr(Interp *I, Obj *mod, Obj *name) {
  Module *m = (Module *)mod;
  int err = 0;
  Obj *v = fe_dict_get(I, m->dict, name, &err);
  if (v) {
    fe_incref(v);
    return v;
  }
  if (err)
    return NULL;
  char full[256];
  snprintf(full, sizeof full, "%s.%s", FE_STR(m->name)->s, FE_STR(name)->s);
  if (!fe_module_known(I, full)) {
    if (fe_str_is(name, "__dict__")) {
      fe_incref(m->dict);
      return m->dict;
    }
    return NULL;
  }
  Obj *sub = fe_import(I, full);
  if (sub && fe_dict_set(I, m->dict, name, sub) < 0) {
    fe_decref(I, sub);
    return NULL;
  }
  return sub;
}

static int module_setattr(Interp *I, Obj *o, Obj *name, Obj *v) {
  Module *m = (Module *)o;
  if (v)
    return fe_dict_set(I, m->dict, name, v);
  return fe_dict_del(I, m->dict, name) == 1 ? 0 : -1;
}

const Layout fe_module_layout = {
    .name = "module", .size = sizeof(Module), .clear = module_clear, .traverse = module_traverse,
    .repr = module_repr, .getattr = fe_module_getattr, .setattr = module_setattr,
};

/* ---- the registry ---- */

static bool has_prefix(const char *name, const char *prefix) {
  size_t n = strlen(prefix);
  return strncmp(name, prefix, n) == 0 && name[n] == '.';
}

bool fe_module_known(Interp *I, const char *name) {
  for (int i = 0; i < I->ndefs; i++)
    if (!I->defs[i]->refusal &&
        (strcmp(I->defs[i]->name, name) == 0 || has_prefix(I->defs[i]->name, name)))
      return true;
  return false;
}

const char *fe_module_refusal(Interp *I, const char *name) {
  for (int i = 0; i < I->ndefs; i++)
    if (I->defs[i]->refusal && strcmp(I->defs[i]->name, name) == 0)
      return I->defs[i]->refusal;
  return NULL;
}

int fe_module_names(Interp *I, const char **names, int cap) {
  int n = 0;
  for (int i = 0; i < I->ndefs && n < cap; i++) {
    if (I->defs[i]->refusal)
      continue;
    bool seen = false;
    for (int k = 0; k < n; k++)
      seen |= strcmp(names[k], I->defs[i]->name) == 0;
    if (!seen)
      names[n++] = I->defs[i]->name;
  }
  return n;
}

Obj *fe_const_value(Interp *I, const FeConstDef *c) {
  switch (c->kind) {
  case FC_INT: return fe_int(I, c->i);
  case FC_FLOAT: return fe_float(I, c->f);
  case FC_STR: return fe_str_cstr(I, c->s);
  case FC_BOOL: return fe_bool(I, c->i != 0);
  case FC_NONE: return fe_none(I);
  }
  return fe_none(I);
}

/* The class a table names as a base: the module being made, the builtins, or dotted. */
static Class *find_base(Interp *I, Obj *mod, const char *name) {
  Obj *v = mod ? fe_dict_getstr(I, ((Module *)mod)->dict, name) : NULL;
  if (!v)
    v = fe_dict_getstr(I, I->builtins, name);
  const char *dot = strrchr(name, '.');
  if (!v && dot) {
    char path[256];
    snprintf(path, sizeof path, "%.*s", (int)(dot - name), name);
    Obj *m = fe_import(I, path);
    Obj *c = m ? fe_getattr_str(I, m, dot + 1) : NULL;
    fe_decref(I, m);
    if (c && FE_IS(c, type)) {
      fe_decref(I, c);   /* the module keeps it alive */
      return (Class *)c;
    }
    fe_decref(I, c);
    return NULL;
  }
  return v && FE_IS(v, type) ? (Class *)v : NULL;
}

static int add_fns(Interp *I, Obj *dict, const FeFnDef *rows) {
  for (const FeFnDef *f = rows; f && f->name; f++) {
    Sig *sig = fe_sig_parse(I, f->sig ? f->sig : "(*args, **kwargs)", f->name);
    Obj *fn = sig ? fe_native_new(I, f, sig, NULL) : NULL;
    if (sig)
      fe_decref(I, (Obj *)sig);
    int r = fn ? fe_dict_setstr(I, dict, f->name, fn) : -1;
    fe_decref(I, fn);
    if (r < 0)
      return -1;
  }
  return 0;
}

static int add_classes(Interp *I, Obj *mod, Obj *dict, const FeClassDef *rows,
                       const char *modname) {
  for (const FeClassDef *c = rows; c && c->name; c++) {
    Class *base = c->base ? find_base(I, mod, c->base) : I->cls_object;
    if (!base) {
      if (!I->exc_pending)
        fe_throw(I, EXC_RuntimeError, "internal error: base class %s of %s.%s not found", c->base,
                 modname, c->name);
      return -1;
    }
    Class *cls = fe_class_from_def(I, c, base, modname);
    int r = cls ? fe_dict_setstr(I, dict, c->name, &cls->hd) : -1;
    fe_decref(I, cls ? &cls->hd : NULL);
    if (r < 0)
      return -1;
  }
  return 0;
}

static int add_consts(Interp *I, Obj *dict, const FeConstDef *rows) {
  for (const FeConstDef *c = rows; c && c->name; c++) {
    Obj *v = fe_const_value(I, c);
    int r = v ? fe_dict_setstr(I, dict, c->name, v) : -1;
    fe_decref(I, v);
    if (r < 0)
      return -1;
  }
  return 0;
}

/* Reads every table of `name` into mod. */
static int load(Interp *I, Obj *mod, const char *name) {
  for (int i = 0; i < I->ndefs; i++) {
    const FeModuleDef *d = I->defs[i];
    if (strcmp(d->name, name) != 0 || d->alias_of)
      continue;
    Obj *dict = ((Module *)mod)->dict;
    if (add_fns(I, dict, d->fns) < 0 || add_classes(I, mod, dict, d->classes, name) < 0 ||
        add_consts(I, dict, d->consts) < 0 || (d->init && d->init(I, mod) < 0))
      return -1;
  }
  return 0;
}

static const char *alias_target(Interp *I, const char *name) {
  for (int i = 0; i < I->ndefs; i++)
    if (I->defs[i]->alias_of && strcmp(I->defs[i]->name, name) == 0)
      return I->defs[i]->alias_of;
  return NULL;
}

Obj *fe_import(Interp *I, const char *name) {
  int err = 0;
  Obj *key = fe_str_cstr(I, name);
  if (!key)
    return NULL;
  Obj *m = fe_dict_get(I, I->modules, key, &err);
  if (m) {
    fe_decref(I, key);
    fe_incref(m);
    return m;
  }
  const char *target = alias_target(I, name);
  if (target) {
    m = fe_import(I, target);
  } else if (fe_module_known(I, name)) {
    m = fe_module_new(I, name);
    /* registered before loading, so a table's base class in its own module is found */
    if (m && (fe_dict_set(I, I->modules, key, m) < 0 || load(I, m, name) < 0)) {
      fe_dict_del(I, I->modules, key);
      fe_decref(I, m);
      m = NULL;
    }
  } else {
    fe_decref(I, key);
    const char *why = fe_module_refusal(I, name);
    return fe_throw(I, EXC_ModuleNotFoundError, "module '%s' is not available in nnc model "
                    "files%s%s", name, why ? ": " : "", why ? why : "");
  }
  if (m && fe_dict_set(I, I->modules, key, m) < 0) {
    fe_decref(I, m);
    m = NULL;
  }
  fe_decref(I, key);
  return m;
}

nnc_status fe_register_modules(Interp *I, const FeModuleDef *const *defs, int n) {
  if (I->ndefs + n > I->capdefs) {
    int cap = I->capdefs ? I->capdefs : 16;
    while (cap < I->ndefs + n)
      cap *= 2;
    const FeModuleDef **v = base_realloc(I->defs, (size_t)cap * sizeof *v);
    if (!v)
      return base_error(NNC_ERR_NOMEM, "out of memory registering modules");
    I->defs = v;
    I->capdefs = cap;
  }
  for (int i = 0; i < n; i++) {
    I->defs[I->ndefs++] = defs[i];
    if (strcmp(defs[i]->name, "builtins") != 0)
      continue;
    /* more builtins (nnc's load and save): into the builtins dict at once */
    if (add_fns(I, I->builtins, defs[i]->fns) < 0 ||
        add_classes(I, NULL, I->builtins, defs[i]->classes, "builtins") < 0 ||
        add_consts(I, I->builtins, defs[i]->consts) < 0) {
      fe_decref(I, fe_exc_take(I));
      return base_error(NNC_ERR_NOMEM, "out of memory registering the builtins");
    }
  }
  return NNC_OK;
}
