/* tensorflowjs.c — the tensorflowjs package's Python converters (`import tensorflowjs as
 * tfjs`): tfjs.converters.save_keras_model(model, artifacts_dir) writes the directory's
 * model.json and its weights (nnc_model_save_tfjs: one shard, weights.bin), and
 * tfjs.converters.load_keras_model(config_json_path) reads such a model.json back, as
 * nnc_model_load_tfjs reads it, into an uncompiled keras model. The directory is made when
 * it does not exist, as the converter makes it; arguments nnc does not honour are refused
 * when given.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "pylib.h"

static bool ok(Interp *I, nnc_status st) {
  if (st == NNC_OK)
    return true;
  pl_raise_status(I, st);
  return false;
}

static const char *path_arg(Interp *I, Obj *v, const char *what) {
  if (FE_ISA(I, v, str))
    return fe_path_bytes(I, v);
  fe_throw(I, EXC_TypeError, "%s must be a string, found %s", what, fe_typename(v));
  return NULL;
}

/* Refuses the arguments args[from..from+n) that are given (not None), by their names. */
static bool none_given(Interp *I, Obj **args, const char *const *names, int n,
                       const char *fn) {
  for (int i = 0; i < n; i++)
    if (args[i] != &I->none) {
      fe_throw(I, EXC_NotImplementedError, "%s(%s=...) is not supported by nnc yet", fn,
               names[i]);
      return false;
    }
  return true;
}

/* artifacts_dir made if missing (its parent must exist); an existing file is refused. */
static bool make_dir(Interp *I, const char *dir) {
  struct stat st;
  if (stat(dir, &st) == 0) {
    if (S_ISDIR(st.st_mode))
      return true;
    fe_throw(I, EXC_ValueError, "Path \"%s\" already exists as a file (not a directory).", dir);
    return false;
  }
  if (mkdir(dir, 0777) == 0 || errno == EEXIST)
    return true;
  fe_throw(I, EXC_OSError, "cannot make the directory %s: %s", dir, strerror(errno));
  return false;
}

/* save_keras_model(model, artifacts_dir, quantization_dtype_map=None,
 * weight_shard_size_bytes=4194304, metadata=None) */
static Obj *save_keras_model(Interp *I, Obj *self, Obj **args) {
  (void)self;
  static const char *const later[] = {"quantization_dtype_map"};
  static const char *const meta[] = {"metadata"};
  const char *fn = "save_keras_model";
  if (!pl_is_model(I, args[0]))
    return fe_throw(I, EXC_TypeError, "%s: model must be a keras model, found %s", fn,
                    fe_typename(args[0]));
  const char *dir = path_arg(I, args[1], "artifacts_dir");
  if (!dir || !none_given(I, args + 2, later, 1, fn) || !none_given(I, args + 4, meta, 1, fn) ||
      !make_dir(I, dir))
    return NULL;
  char path[4096];
  if (snprintf(path, sizeof path, "%s/model.json", dir) >= (int)sizeof path)
    return fe_throw(I, EXC_ValueError, "%s: artifacts_dir is too long", fn);
  return ok(I, nnc_model_save_tfjs(((PlModel *)args[0])->m, path)) ? fe_none(I) : NULL;
}

/* load_keras_model(config_json_path, weights_path_prefix=None, weights_data_buffers=None,
 * load_weights=True, use_unique_name_scope=False) */
static Obj *load_keras_model(Interp *I, Obj *self, Obj **args) {
  (void)self;
  static const char *const later[] = {"weights_path_prefix", "weights_data_buffers"};
  const char *fn = "load_keras_model";
  const char *p = path_arg(I, args[0], "config_json_path");
  if (!p || !none_given(I, args + 1, later, 2, fn))
    return NULL;
  if (fe_truth(I, args[3]) != 1)
    return I->exc_pending ? NULL
        : fe_throw(I, EXC_NotImplementedError, "%s(load_weights=False) is not supported by "
                   "nnc yet", fn);
  nnc_model *m = NULL;
  if (!ok(I, nnc_model_load_tfjs(p, &m)))
    return NULL;
  return pl_model_wrap(I, m, false);
}

static const FeFnDef converters_fns[] = {
    {"save_keras_model", save_keras_model,
     "(model, artifacts_dir, quantization_dtype_map=None, "
     "weight_shard_size_bytes: posint = 4194304, metadata=None)", NULL, NULL},
    {"load_keras_model", load_keras_model,
     "(config_json_path, weights_path_prefix=None, weights_data_buffers=None, "
     "load_weights=True, use_unique_name_scope=False)", "keras.models.Model", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_tensorflowjs_def = {.name = "tensorflowjs"};
const FeModuleDef pl_tfjs_converters_def = {
    .name = "tensorflowjs.converters", .fns = converters_fns,
    .lacks = "convert deserialize_keras_model convert_tf_saved_model"};
