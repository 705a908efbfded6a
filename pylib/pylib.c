/* pylib.c — the library's registration and what its modules share: the state of a run
 * (options, seed, Python's random stream) and the conversion of nnc's failures into Python
 * exceptions worded without C function names. */
#include <stdio.h>
#include <string.h>

#include "pylib.h"

static const FeModuleDef *const modules[] = {
    &pl_builtins_def, &pl_time_def, &pl_math_def, &pl_os_def, &pl_os_path_def, &pl_sys_def,
    &pl_random_def, &pl_warnings_def, &pl_datetime_def, &pl_copy_def, &pl_future_def,
    &pl_base64_def, &pl_json_def, &pl_numpy_def, &pl_numpy_printoptions_def, &pl_numpy_reduce_def,
    &pl_numpy_files_def, &pl_numpy_lib_def, &pl_numpy_npyio_def, &pl_numpy_random_def,
    &pl_tensorflow_def, &pl_tf_keras_def, &pl_tf_random_def, &pl_tf_keras_layers_def,
    &pl_tf_keras_losses_def, &pl_tf_keras_optimizers_def, &pl_tf_keras_callbacks_def,
    &pl_tf_keras_models_def, &pl_tf_keras_metrics_def, &pl_tf_keras_utils_def,
    &pl_keras_def, &pl_keras_layers_def, &pl_keras_losses_def, &pl_keras_optimizers_def,
    &pl_keras_callbacks_def, &pl_keras_history_def, &pl_keras_variable_def,
    &pl_keras_models_def, &pl_keras_saving_def, &pl_tf_keras_saving_def, &pl_keras_metrics_def,
        &pl_keras_utils_def, &pl_keras_schedules_def, &pl_tf_keras_schedules_def,
    &pl_keras_mixed_precision_def, &pl_tf_keras_mixed_precision_def,
    &pl_keras_initializers_def, &pl_tf_keras_initializers_def, &pl_keras_regularizers_def,
    &pl_tf_keras_regularizers_def, &pl_keras_constraints_def, &pl_tf_keras_constraints_def,
    &pl_keras_activations_def, &pl_tf_keras_activations_def, &pl_tf_nn_def,
    &pl_keras_ops_def, &pl_tf_keras_ops_def, &pl_keras_backend_def, &pl_tf_keras_backend_def,
    &pl_sklearn_def, &pl_sklearn_metrics_def,
    &pl_sklearn_classification_def, &pl_sklearn_cm_display_def, &pl_sklearn_encoders_def,
    &pl_sklearn_generators_def, &pl_keras_utils_more_def, &pl_keras_plot_model_def, &pl_sklearn_datasets_def, &pl_sklearn_utils_def,
    &pl_sklearn_shuffle_def, &pl_sklearn_linear_def, &pl_sklearn_decomposition_def, &pl_sklearn_cross_val_def, &pl_sklearn_logistic_def,
    &pl_scikeras_def, &pl_scikeras_wrappers_def, &pl_keras2_wrappers_def,
    &pl_tf_keras2_wrappers_def, &pl_keras_wrappers_def, &pl_tf_keras_wrappers_def,
    &pl_keras_np_utils_def, &pl_tf_keras_np_utils_def, &pl_sklearn_pipeline_def,
    &pl_sklearn_grid_search_def,
    &pl_scipy_def, &pl_scipy_sparse_def, &pl_tf_data_def,
    &pl_tf_data_experimental_def, &pl_tf_dtypes_def, &pl_tf_math_def, &pl_tf_linspace_def,
    &pl_sklearn_model_selection_def, &pl_sklearn_preprocessing_def, &pl_matplotlib_def,
    &pl_pyplot_def, &pl_pyplot_axes_def, &pl_mpl_patches_def, &pl_mpl_lines_def, &pl_numpy_tricks_def, &pl_matplotlib_cm_def,
    &pl_pyplot_cm_def, &pl_matplotlib_style_def, &pl_pyplot_style_def, &pl_cycler_def,
    &pl_matplotlib_rc_def, &pl_pyplot_rc_def, &pl_matplotlib_cycler_def, &pl_pyplot_cycler_def,
    &pl_pandas_def, &pl_seaborn_def, &pl_seaborn_pair_def, &pl_seaborn_facet_def,
    &pl_seaborn_theme_def,
    &pl_tensorflowjs_def, &pl_tfjs_converters_def, &pl_ipython_display_def,
    &pl_pyplot_mode_def, &pl_matplotlib_mode_def, &pl_backend_agg_def,
};

/* The end of a file's run: the host's at_end sees the last model it made. */
static void at_end(Interp *I) {
  PlState *st = pl_state(I);
  if (st && st->o.at_end && !st->stopped)
    st->o.at_end(st->last_model ? st->last_model->m : NULL, st->o.user);
}

nnc_status pl_register(Interp *I, const PlOptions *o) {
  PlState *st = base_calloc(1, sizeof *st);
  if (!st)
    return base_error(NNC_ERR_NOMEM, "out of memory");
  if (o)
    st->o = *o;
  st->print_options = nd_default_printoptions();
  fe_set_host(I, st);
  pl_seed_run(I, st->o.seeded ? st->o.seed : 0, PL_SEED_PYTHON | PL_SEED_NUMPY);
  fe_set_at_end(I, at_end);
  nnc_status s = fe_register_modules(I, modules, (int)(sizeof modules / sizeof modules[0]));
  if (s == NNC_OK)
    s = fe_register_modules(I, pl_keras_datasets_defs, pl_keras_datasets_count);
  if (s == NNC_OK)
    s = fe_register_modules(I, pl_tf_python_keras_defs, pl_tf_python_keras_count);
  if (s != NNC_OK) {
    fe_set_host(I, NULL);
    base_free(st);
  }
  return s;
}

void pl_unregister(Interp *I) {
  if (!fe_host(I))
    return;
  pl_np_release(I);
  pl_pyplot_release(I);
  fe_decref(I, pl_state(I)->rc);
  fe_decref(I, pl_state(I)->said);
  fe_decref(I, (Obj *)pl_state(I)->pd_frame);
  fe_decref(I, (Obj *)pl_state(I)->pd_series);
  fe_decref(I, (Obj *)pl_state(I)->pd_index);
  fe_decref(I, (Obj *)pl_state(I)->pd_indexer);
  fe_decref(I, (Obj *)pl_state(I)->pd_groupby);
  fe_decref(I, (Obj *)pl_state(I)->pd_plot);
  base_free(fe_host(I));
  fe_set_host(I, NULL);
  fe_set_at_end(I, NULL);
}

PlState *pl_state(Interp *I) {
  return fe_host(I);
}

const char *pl_unique_name(Interp *I, const char *prefix, char *buf, size_t n) {
  PlState *st = pl_state(I);
  int i = 0;
  while (i < st->nuids && strcmp(st->uids[i].prefix, prefix) != 0)
    i++;
  if (i == st->nuids && i < PL_MAX_UIDS) {   /* past the table, every name is the prefix's */
    snprintf(st->uids[i].prefix, sizeof st->uids[i].prefix, "%s", prefix);
    st->uids[i].n = 0;
    st->nuids++;
  }
  int64_t k = i < PL_MAX_UIDS ? st->uids[i].n : 0;
  if (i < PL_MAX_UIDS && !I->checking)   /* what the checker builds is no object of the run */
    st->uids[i].n++;
  if (k)
    snprintf(buf, n, "%s_%lld", prefix, (long long)k);
  else
    snprintf(buf, n, "%s", prefix);
  return buf;
}

void pl_seed_run(Interp *I, uint64_t seed, unsigned also) {
  PlState *st = pl_state(I);
  st->seed = seed;
  st->model_seeded = false;
  rt_rng_seed(&st->models, seed);
  if (also & PL_SEED_PYTHON)
    rt_rng_seed(&st->rng, seed);
  if (also & PL_SEED_NUMPY)
    nd_random_seed(nd_random_global(), true, seed);
}

uint64_t pl_model_seed(Interp *I) {
  PlState *st = pl_state(I);
  if (st->model_seeded)
    return rt_rng_next(&st->models);
  st->model_seeded = true;
  return st->seed;
}

const char *pl_defined_path(Interp *I, const char *name) {
  PlState *st = pl_state(I);
  for (int i = 0; st && i < st->o.ndefines; i++)
    if (strcmp(st->o.define_names[i], name) == 0)
      return st->o.define_paths[i];
  return NULL;
}

/* "nnc_model_fit: the loss is NaN" reads "the loss is NaN" to a model file's author */
const char *pl_error_text(const char *msg) {
  if (strncmp(msg, "nnc_", 4) == 0) {
    const char *colon = strstr(msg, ": ");
    if (colon && strspn(msg, "abcdefghijklmnopqrstuvwxyz_") == (size_t)(colon - msg))
      return colon + 2;
  }
  return msg;
}

Obj *pl_raise_status(Interp *I, nnc_status st) {
  const char *msg = pl_error_text(nnc_last_error());
  /* "x.csv:2:3: error: 'x' is not a number" is placed in the model file, which says
   * "error:" once: the file's own place keeps its line and column */
  char buf[1024];
  const char *inner = strstr(msg, ": error: ");
  if (inner) {
    snprintf(buf, sizeof buf, "%.*s: %s", (int)(inner - msg), msg, inner + 9);
    msg = buf;
  }
  ExcKind k = EXC_ValueError;   /* arguments, shapes, syntax, corrupt files */
  switch (st) {
  case NNC_ERR_IO: k = EXC_OSError; break;
  case NNC_ERR_TYPE: k = EXC_TypeError; break;
  case NNC_ERR_NOMEM: return fe_nomem(I);
  case NNC_ERR_NUMERIC: k = EXC_FloatingPointError; break;
  case NNC_ERR_JIT: case NNC_ERR_INTERNAL: k = EXC_RuntimeError; break;
  case NNC_ERR_CANCELLED: k = EXC_KeyboardInterrupt; break; /* Ctrl-C: no except Exception stops it */
  case NNC_ERR_BUSY: k = EXC_RuntimeError; break;
  case NNC_OK: case NNC_ERR_ARG: case NNC_ERR_SYNTAX: case NNC_ERR_SHAPE: case NNC_ERR_CORRUPT:
    break;
  }
  return fe_throw_status(I, k, st, msg);
}

Obj *pl_range_list(Interp *I, int64_t n) {
  Obj *l = fe_list_new(I, 0);
  for (int64_t i = 0; l && i < n; i++) {
    Obj *v = fe_int(I, i);
    if (!v || fe_list_append(I, l, v) < 0)
      fe_setref(I, &l, NULL);
    fe_decref(I, v);
  }
  return l;
}
