/* test_keras_archive.c — Keras 3's .keras archives: files Keras wrote (tests/keras/fixtures,
 * made by make_keras_archive.py) are rebuilt and predict what Keras predicted; nnc's own
 * round-trip, architecture and weights, with the members and config Keras reads (checked
 * with Python's zipfile and h5py); compile_config, Keras's and nnc's, compiles the loaded
 * model; a layer class nnc lacks is refused by its name, other names and broken archives
 * are refused. */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keras.h"
#include "support.h"
#include "support_files.h"

TestSuite(keras_archive, .init = test_dir_make, .fini = test_dir_remove);

static nnc_tensor *predict(nnc_model *m, const nnc_tensor *x) {
  nnc_tensor *y;
  cr_assert_eq(nnc_model_predict(m, x, 32, &y), NNC_OK, "%s", nnc_last_error());
  return y;
}

static nnc_tensor *load(const char *path) {
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_load(path, NNC_F32, &t), NNC_OK, "%s", nnc_last_error());
  return t;
}

static void compile(nnc_model *m) {
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
}

/* Loads fixture NAME.keras and compares predict on x.npy with NAME_pred.npy. */
static void predicts_as_keras(const char *name, int layers) {
  char file[64];
  snprintf(file, sizeof file, "%s.keras", name);
  nnc_model *m;
  cr_assert_eq(nnc_model_load_keras(test_keras_fixture(file), &m), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_layer_count(m), layers, "%s: %d layers", name, nnc_model_layer_count(m));
  compile(m);
  snprintf(file, sizeof file, "%s_pred.npy", name);
  nnc_tensor *x = load(test_keras_fixture("x.npy")), *want = load(test_keras_fixture(file));
  nnc_tensor *got = predict(m, x);
  cr_assert_lt(test_max_diff(got, want), 1e-5, "%s: nnc and Keras differ by %g", name,
               test_max_diff(got, want));
  nnc_tensor_free(x);
  nnc_tensor_free(want);
  nnc_tensor_free(got);
  nnc_model_free(m);
}

Test(keras_archive, a_sequential_model_keras_saved_predicts_as_in_keras) {
  predicts_as_keras("mlp", 12);
}

Test(keras_archive, a_functional_model_keras_saved_with_a_shared_layer_predicts_as_in_keras) {
  predicts_as_keras("graph", 9);
}

/* Input(4) -> Dense(8, relu) -> BatchNormalization -> Dropout -> Dense(3, softmax). */
static nnc_model *sequential(void) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  nnc_model_set_seed(m, 3);
  cr_assert_eq(nnc_model_add_input(m, 4), NNC_OK);
  cr_assert_eq(nnc_model_add_layer_config(m, "Dense", "{\"units\": 8, \"activation\": \"relu\"}"),
               NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_add_layer_config(m, "BatchNormalization", "{\"momentum\": 0.9}"), NNC_OK);
  cr_assert_eq(nnc_model_add_layer_config(m, "Dropout", "{\"rate\": 0.5}"), NNC_OK);
  cr_assert_eq(nnc_model_add_layer_config(m, "Dense", "{\"units\": 3, \"activation\": \"softmax\"}"),
               NNC_OK);
  compile(m);
  return m;
}

static nnc_tensor *inputs(int64_t n, int64_t features) {
  nnc_tensor *x;
  int64_t shape[2] = {n, features};
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, shape, &x), NNC_OK);
  for (int64_t i = 0; i < x->numel; i++)
    ((float *)x->data)[i] = (float)sin(0.7 * (double)i);
  return x;
}

/* Saves m, loads it back, and checks the layers' configs, names and predictions agree. */
static nnc_model *round_trip(nnc_model *m, const char *path, int64_t features) {
  cr_assert_eq(nnc_model_save_keras(m, path), NNC_OK, "%s", nnc_last_error());
  nnc_model *back;
  cr_assert_eq(nnc_model_load_keras(path, &back), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_layer_count(back), nnc_model_layer_count(m));
  for (int i = 1; i < nnc_model_layer_count(m); i++) { /* the input: by its shape, below */
    char *a = nnc_model_layer_config(m, i), *b = nnc_model_layer_config(back, i);
    cr_assert_str_eq(b, a, "layer %d", i);
    nnc_string_free(a);
    nnc_string_free(b);
  }
  nnc_layer_info a, b;
  cr_assert_eq(nnc_model_layer(m, 0, &a), NNC_OK);
  cr_assert_eq(nnc_model_layer(back, 0, &b), NNC_OK);
  cr_assert_eq(b.kind, NNC_LAYER_INPUT);
  cr_assert_eq(b.units, a.units);
  compile(back);
  nnc_tensor *x = inputs(7, features);
  nnc_tensor *y0 = predict(m, x), *y1 = predict(back, x);
  cr_assert_eq(test_max_diff(y0, y1), 0.0);
  nnc_tensor_free(x);
  nnc_tensor_free(y0);
  nnc_tensor_free(y1);
  return back;
}

Test(keras_archive, a_sequential_model_round_trips_with_its_architecture_and_weights) {
  nnc_model *m = sequential();
  /* train a little, so the moving statistics are not their initial values */
  nnc_tensor *x = inputs(16, 4), *y = inputs(16, 3);
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 2;
  f.verbose = 0;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  nnc_model_free(round_trip(m, test_path("s.keras"), 4));
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

Test(keras_archive, a_functional_model_round_trips_with_its_shared_layer_and_name) {
  nnc_model *m;
  int x, a, b, s, c, y;
  int64_t shape[1] = {4};
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_set_name(m, "net"), NNC_OK);
  cr_assert_eq(nnc_model_input(m, 1, shape, "pixels", &x), NNC_OK);
  nnc_dense_options d = nnc_dense(4, NNC_ACT_TANH);
  cr_assert_eq(nnc_model_dense(m, x, &d, &a), NNC_OK);
  cr_assert_eq(nnc_model_call_layer(m, a, 1, &a, &b), NNC_OK, "%s", nnc_last_error());
  int both[2] = {a, b};
  cr_assert_eq(nnc_model_add_layer(m, 2, both, NULL, &s), NNC_OK);
  cr_assert_eq(nnc_model_concatenate(m, 2, (int[]){s, x}, -1, NULL, &c), NNC_OK);
  d = nnc_dense(2, NNC_ACT_SIGMOID);
  cr_assert_eq(nnc_model_dense(m, c, &d, &y), NNC_OK);
  compile(m);
  nnc_model *back = round_trip(m, test_path("f.keras"), 4);
  nnc_layer_info info;
  cr_assert_eq(nnc_model_layer(back, 2, &info), NNC_OK);
  cr_assert_eq(info.shared, 1, "the second call of dense is a call of the same layer");
  cr_assert_eq(nnc_model_layer(back, 0, &info), NNC_OK);
  cr_assert_str_eq(info.name, "pixels");
  nnc_model_free(back);
  nnc_model_free(m);
}

/* The parsed config.json of the archive at path. */
static cJSON *archive_config(const char *path) {
  FmtNpz z;
  char *text = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&text, &n);
  cr_assert_eq(fmt_npz_open(path, &z), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(fmt_zip_extract(&z, "config.json", f), NNC_OK, "%s", nnc_last_error());
  fmt_npz_close(&z);
  fclose(f);
  cJSON *c = cJSON_Parse(text);
  free(text);
  cr_assert(c, "config.json of %s is not JSON", path);
  return c;
}

/* Loads the fixture NAME.keras and saves it again: each operation's entry nnc writes must be
 * the one Keras wrote (module, class, config, registration, the call's tensors and
 * constant). The number of operations compared. */
static int saves_operations_as_keras_wrote_them(const char *name) {
  char file[64];
  snprintf(file, sizeof file, "%s.keras", name);
  nnc_model *m;
  cr_assert_eq(nnc_model_load_keras(test_keras_fixture(file), &m), NNC_OK, "%s",
               nnc_last_error());
  const char *p = test_path(file);
  cr_assert_eq(nnc_model_save_keras(m, p), NNC_OK, "%s", nnc_last_error());
  cJSON *keras = archive_config(test_keras_fixture(file)), *nnc = archive_config(p);
  const cJSON *want = cJSON_GetObjectItem(cJSON_GetObjectItem(keras, "config"), "layers");
  const cJSON *got = cJSON_GetObjectItem(cJSON_GetObjectItem(nnc, "config"), "layers");
  cr_assert_eq(cJSON_GetArraySize(got), cJSON_GetArraySize(want));
  int ops = 0;
  for (const cJSON *w = want->child, *g = got->child; w && g; w = w->next, g = g->next) {
    const char *module = cJSON_GetStringValue(cJSON_GetObjectItem(w, "module"));
    if (!strcmp(module, "keras.layers"))
      continue;
    char *a = cJSON_PrintUnformatted(w), *b = cJSON_PrintUnformatted(g);
    cr_assert(cJSON_Compare(w, g, true), "Keras wrote\n%s\nnnc wrote\n%s", a, b);
    free(a);
    free(b);
    ops++;
  }
  cJSON_Delete(keras);
  cJSON_Delete(nnc);
  nnc_model_free(m);
  return ops;
}

/* keras.ops and keras.activations on Keras tensors (relu with arguments, gelu, constants on
 * either side, a mean, a NumPy matrix, glu, max, softmax, elu, power, silu, exp): the model
 * Keras saved predicts as in Keras, and nnc saves each operation as Keras did. */
Test(keras_archive, operations_load_predict_and_save_as_keras_writes_them) {
  predicts_as_keras("ops", 19);
  cr_assert_eq(saves_operations_as_keras_wrote_them("ops"), 16);
}

/* The activations of keras.ops (make_keras_archive.py's "kops": all 30 functions, the
 * aliases swish and hard_swish, arguments given and defaulted, gelu both ways), on one Dense
 * output: keras.ops.relu's Relu (not keras.activations.relu's ReLU), gelu's approximate
 * default True, HardSilu and Sparsemax, which keras.activations cannot make. */
Test(keras_archive, keras_ops_activations_load_predict_and_save_as_keras_writes_them) {
  predicts_as_keras("kops", 34);
  cr_assert_eq(saves_operations_as_keras_wrote_them("kops"), 30);
}

/* Runs python code with Debian's python3 on the archive at path (as `z`, a ZipFile, with
 * json and h5py imported); its stdout must equal want. */
static void python_prints(const char *path, const char *code, const char *want) {
  if (system("/usr/bin/python3 -c 'import h5py' 2>/dev/null") != 0)
    cr_skip_test("Debian's python3-h5py is absent (scripts/setup.sh installs it)");
  char cmd[4096], out[1024] = "";
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c \"import io, json, zipfile, h5py\n"
           "z = zipfile.ZipFile('%s')\n%s\"", path, code);
  FILE *p = popen(cmd, "r");
  cr_assert(p);
  size_t n = fread(out, 1, sizeof out - 1, p);
  out[n] = 0;
  cr_assert_eq(pclose(p), 0, "python failed on %s", path);
  cr_assert_str_eq(out, want);
}

Test(keras_archive, the_archive_holds_what_keras_load_model_reads) {
  nnc_model *m = sequential();
  const char *p = test_path("m.keras");
  cr_assert_eq(nnc_model_save_keras(m, p), NNC_OK, "%s", nnc_last_error());
  python_prints(p, "print([(i.filename, i.compress_type) for i in z.infolist()])",
                "[('metadata.json', 0), ('config.json', 0), ('model.weights.h5', 0)]\n");
  python_prints(p, "c = json.loads(z.read('config.json'))\n"
                   "print(c['module'], c['class_name'], c['config']['name'], "
                   "[l['class_name'] for l in c['config']['layers']], "
                   "c['config']['layers'][0]['config']['batch_shape'], "
                   "c['config']['layers'][1]['build_config'])",
                "keras Sequential sequential ['InputLayer', 'Dense', 'BatchNormalization', "
                "'Dropout', 'Dense'] [None, 4] {'input_shape': [None, 4]}\n");
  python_prints(p, "print(sorted(json.loads(z.read('metadata.json'))))",
                "['date_saved', 'keras_version', 'nnc_version']\n");
  python_prints(p, "f = h5py.File(io.BytesIO(z.read('model.weights.h5')), 'r')\n"
                   "print(sorted(f['layers'].keys()), f['layers/batch_normalization/vars/3'].shape)",
                "['batch_normalization', 'dense', 'dense_1', 'dropout'] (8,)\n");
  nnc_model_free(m);
}

/* nnc_model_to_json: the archive's config.json, byte for byte; a model whose input is not
 * known yet has none. */
Test(keras_archive, to_json_is_the_archive_s_config) {
  nnc_model *m = sequential();
  const char *p = test_path("j.keras");
  cr_assert_eq(nnc_model_save_keras(m, p), NNC_OK, "%s", nnc_last_error());
  char *json = NULL;
  cr_assert_eq(nnc_model_to_json(m, &json), NNC_OK, "%s", nnc_last_error());
  char code[1024];
  snprintf(code, sizeof code, "print(z.read('config.json').decode() == open('%s').read())",
           test_write("j.json", json, strlen(json)));
  python_prints(p, code, "True\n");
  cr_assert(strstr(json, "\"compile_config\""), "compiled: its compile_config too");
  nnc_string_free(json);
  nnc_model_free(m);
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  TEST_EXPECT(nnc_model_to_json(m, &json), NNC_ERR_ARG, "input shape is not known");
  cr_assert_null(json);
  TEST_EXPECT(nnc_model_to_json(m, NULL), NNC_ERR_ARG, "out is NULL");
  nnc_model_free(m);
}

/* An archive of nnc's own members with config.json replaced by `config`. */
static const char *archive_with(const char *name, const char *config) {
  nnc_model *m = sequential();
  const char *p = test_path(name);
  cr_assert_eq(nnc_model_save_keras(m, p), NNC_OK);
  void *h5;
  size_t n;
  cr_assert_eq(keras_h5_image(m, "test", p, &h5, &n), NNC_OK);
  const char *names[] = {"config.json", "model.weights.h5"};
  const void *bytes[] = {config, h5};
  size_t sizes[] = {strlen(config), n};
  cr_assert_eq(fmt_zip_write(p, 2, names, bytes, sizes), NNC_OK, "%s", nnc_last_error());
  base_free(h5);
  nnc_model_free(m);
  return p;
}

Test(keras_archive, a_layer_class_nnc_lacks_is_refused_by_its_name) {
  const char *p = archive_with("conv.keras",
      "{\"class_name\": \"Sequential\", \"config\": {\"layers\": ["
      "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 4]}},"
      "{\"class_name\": \"Conv2D\", \"config\": {\"filters\": 3}}]}}");
  nnc_model *m = (nnc_model *)1;
  cr_assert_eq(nnc_model_load_keras(p, &m), NNC_ERR_ARG);
  cr_assert_null(m);
  cr_assert(strstr(nnc_last_error(), "conv.keras[config.json]"), "%s", nnc_last_error());
  cr_assert(strstr(nnc_last_error(), "Conv2D"), "%s", nnc_last_error());
}

/* An operation nnc lacks is refused by its module and class. */
Test(keras_archive, an_operation_nnc_lacks_is_refused_by_its_class) {
  const char *p = archive_with("op.keras",
      "{\"class_name\": \"Functional\", \"config\": {\"layers\": ["
      "{\"class_name\": \"InputLayer\", \"name\": \"x\", \"config\": {\"batch_shape\": "
      "[null, 4]}, \"inbound_nodes\": []},"
      "{\"module\": \"keras.src.ops.numpy\", \"class_name\": \"Cumsum\", \"name\": \"c\", "
      "\"config\": {\"name\": \"c\"}, \"inbound_nodes\": [{\"args\": [{\"class_name\": "
      "\"__keras_tensor__\", \"config\": {\"keras_history\": [\"x\", 0, 0]}}], "
      "\"kwargs\": {}}]}], \"input_layers\": [[\"x\", 0, 0]], "
      "\"output_layers\": [[\"c\", 0, 0]]}}");
  nnc_model *m = (nnc_model *)1;
  cr_assert_eq(nnc_model_load_keras(p, &m), NNC_ERR_ARG);
  cr_assert_null(m);
  cr_assert(strstr(nnc_last_error(), "the operation keras.src.ops.numpy.Cumsum is not one nnc "
                   "implements"), "%s", nnc_last_error());
}

Test(keras_archive, a_model_class_nnc_lacks_and_broken_configs_are_refused) {
  nnc_model *m;
  cr_assert_eq(nnc_model_load_keras(archive_with("sub.keras",
                   "{\"class_name\": \"MyModel\", \"config\": {}}"), &m), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "'MyModel'"), "%s", nnc_last_error());
  cr_assert_eq(nnc_model_load_keras(archive_with("bad.keras", "{\"class_name\": "), &m),
               NNC_ERR_CORRUPT);
  cr_assert(strstr(nnc_last_error(), "bad.keras[config.json]: model config: not JSON"), "%s",
            nnc_last_error());
  cr_assert_eq(nnc_model_load_keras(archive_with("cycle.keras",
      "{\"class_name\": \"Functional\", \"config\": {\"layers\": ["
      "{\"class_name\": \"InputLayer\", \"name\": \"in\", \"config\": {\"batch_shape\": [null, 4]},"
      " \"inbound_nodes\": []},"
      "{\"class_name\": \"Dense\", \"name\": \"a\", \"config\": {\"units\": 2},"
      " \"inbound_nodes\": [[[\"b\", 0, 0, {}]]]},"
      "{\"class_name\": \"Dense\", \"name\": \"b\", \"config\": {\"units\": 2},"
      " \"inbound_nodes\": [[[\"a\", 0, 0, {}]]]}],"
      " \"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"b\", 0, 0]]}}"), &m),
      NNC_ERR_CORRUPT);
  cr_assert(strstr(nnc_last_error(), "cycle"), "%s", nnc_last_error());
}

Test(keras_archive, weights_that_do_not_fit_the_architecture_are_refused_naming_the_member) {
  const char *p = archive_with("wide.keras",
      "{\"class_name\": \"Sequential\", \"config\": {\"layers\": ["
      "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 5]}},"
      "{\"class_name\": \"Dense\", \"config\": {\"units\": 8, \"activation\": \"relu\"}},"
      "{\"class_name\": \"BatchNormalization\", \"config\": {}},"
      "{\"class_name\": \"Dropout\", \"config\": {\"rate\": 0.5}},"
      "{\"class_name\": \"Dense\", \"config\": {\"units\": 3}}]}}");
  nnc_model *m;
  cr_assert_eq(nnc_model_load_keras(p, &m), NNC_ERR_SHAPE, "%s", nnc_last_error());
  cr_assert(strstr(nnc_last_error(), "wide.keras[model.weights.h5]: "), "%s", nnc_last_error());
}

Test(keras_archive, other_names_and_files_that_are_not_archives_are_refused) {
  nnc_model *m = sequential();
  cr_assert_eq(nnc_model_save_keras(m, test_path("m.zip")), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "'.keras'"), "%s", nnc_last_error());
  nnc_model *back;
  cr_assert_eq(nnc_model_load_keras(test_keras_fixture("x.npy"), &back), NNC_ERR_CORRUPT);
  cr_assert(strstr(nnc_last_error(), "not a readable"), "%s", nnc_last_error());
  cr_assert_eq(nnc_model_load_keras(test_path("missing.keras"), &back), NNC_ERR_IO);
  nnc_model_free(m);
}

Test(keras_archive, a_config_claiming_more_weights_than_the_archive_holds_is_refused) {
  const char *p = archive_with("huge.keras",
      "{\"class_name\": \"Sequential\", \"config\": {\"layers\": ["
      "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 5000]}},"
      "{\"class_name\": \"Dense\", \"config\": {\"units\": 100000000}}]}}");
  nnc_model *m;
  cr_assert_eq(nnc_model_load_keras(p, &m), NNC_ERR_CORRUPT);
  cr_assert(strstr(nnc_last_error(), "huge.keras[config.json]: the model's 500100000000 "
                   "weights need more bytes than its weights file holds"), "%s", nnc_last_error());
}

/* ---- compile_config ---- */

Test(keras_archive, a_keras_compiled_archive_loads_compiled_as_keras_compiled_it) {
  nnc_model *m;
  cr_assert_eq(nnc_model_load_keras(test_keras_fixture("compiled.keras"), &m), NNC_OK, "%s",
               nnc_last_error());
  cr_assert(m->compiled, "load_model compiles from compile_config");
  cr_assert_eq(m->copt.optimizer.kind, NNC_OPT_SGD);
  cr_assert_float_eq(m->copt.optimizer.learning_rate, 0.05, 1e-7);
  cr_assert_float_eq(m->copt.optimizer.momentum, 0.5, 1e-12);
  cr_assert_eq(m->copt.loss, NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_float_eq(m->copt.loss_args[0], 0.1, 1e-12, "label_smoothing");
  cr_assert_eq(m->copt.nmetrics, 2);
  cr_assert_eq(m->copt.metrics[0], NNC_METRIC_AUC);
  cr_assert_str_eq(m->copt.metric_keys[1], "mae");
  nnc_tensor *x = load(test_keras_fixture("x.npy"));
  nnc_tensor *want = load(test_keras_fixture("compiled_pred.npy"));
  nnc_tensor *got = predict(m, x);
  cr_assert_lt(test_max_diff(got, want), 1e-5);
  /* and fit runs with no compile of the user's */
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  cr_assert_eq(nnc_model_fit(m, x, want, &f), NNC_OK, "%s", nnc_last_error());
  nnc_tensor_free(x);
  nnc_tensor_free(want);
  nnc_tensor_free(got);
  nnc_model_free(m);
}

Test(keras_archive, compile_config_round_trips_optimizer_loss_and_metrics) {
  nnc_model *m = sequential();
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_CATEGORICAL_CROSSENTROPY);
  c.optimizer = nnc_adam();
  c.optimizer.learning_rate = 0.02;
  c.optimizer.amsgrad = 1;
  c.from_logits = 1;
  c.nmetrics = 2;
  c.metrics[0] = NNC_METRIC_ACCURACY;
  c.metrics[1] = NNC_METRIC_TOP_K_CATEGORICAL_ACCURACY;
  c.metric_keys[1] = "top2";
  c.metric_args[0] = nnc_metric_default_arg(NNC_METRIC_ACCURACY);
  c.metric_args[1] = 2;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  const char *p = test_path("c.keras");
  cr_assert_eq(nnc_model_save_keras(m, p), NNC_OK, "%s", nnc_last_error());
  python_prints(p, "c = json.loads(z.read('config.json'))['compile_config']\n"
                   "print(c['optimizer']['class_name'], c['optimizer']['config']['amsgrad'], "
                   "c['loss']['class_name'], c['loss']['config']['from_logits'], c['metrics'])",
                "Adam True CategoricalCrossentropy True ['accuracy', {'module': 'keras.metrics', "
                "'class_name': 'TopKCategoricalAccuracy', 'config': {'name': 'top2', 'dtype': "
                "'float32', 'k': 2}, 'registered_name': None}]\n");
  nnc_model *back;
  cr_assert_eq(nnc_model_load_keras(p, &back), NNC_OK, "%s", nnc_last_error());
  cr_assert(back->compiled);
  cr_assert_eq(back->copt.optimizer.kind, NNC_OPT_ADAM);
  cr_assert_eq(back->copt.optimizer.amsgrad, 1);
  cr_assert_float_eq(back->copt.optimizer.learning_rate, 0.02, 1e-8);
  cr_assert_eq(back->copt.loss, NNC_LOSS_CATEGORICAL_CROSSENTROPY);
  cr_assert_eq(back->copt.from_logits, 1);
  cr_assert_eq(back->copt.nmetrics, 2);
  cr_assert_str_eq(back->copt.metric_keys[1], "top2");
  cr_assert_eq(back->copt.metric_args[1], 2);
  nnc_model_free(back);
  nnc_model_free(m);
}

/* Keras's optimizers refuse an int rate ("Argument `learning_rate` should be float, ...
 * Received instead: learning_rate=1", Keras 3.15.1 loading {"learning_rate": 1}): a whole
 * number is written as Python writes a float. */
Test(keras_archive, compile_config_writes_whole_numbers_as_floats) {
  nnc_model *m = sequential();
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_CATEGORICAL_CROSSENTROPY);
  c.optimizer = nnc_optimizer_defaults(NNC_OPT_ADADELTA);
  c.optimizer.learning_rate = 1.0;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  const char *p = test_path("f.keras");
  cr_assert_eq(nnc_model_save_keras(m, p), NNC_OK, "%s", nnc_last_error());
  python_prints(p, "c = json.loads(z.read('config.json'))['compile_config']['optimizer']['config']\n"
                   "print(repr(c['learning_rate']), repr(c['rho']), repr(c['epsilon']))",
                "1.0 0.95 1e-07\n");
  nnc_model_free(m);
}

/* F1Score's and FBetaScore's arguments as Keras 3's get_compile_config() writes them. */
Test(keras_archive, compile_config_keeps_f_score_arguments) {
  nnc_model *m = sequential();
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_CATEGORICAL_CROSSENTROPY);
  c.nmetrics = 2;
  c.metrics[0] = NNC_METRIC_FBETA_SCORE;
  c.f_scores[0].beta = 2;
  c.metrics[1] = NNC_METRIC_F1_SCORE;
  c.f_scores[1].average = NNC_F_AVERAGE_MACRO;
  c.f_scores[1].threshold = 0.5;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  const char *p = test_path("f.keras");
  cr_assert_eq(nnc_model_save_keras(m, p), NNC_OK, "%s", nnc_last_error());
  python_prints(p, "print(json.loads(z.read('config.json'))['compile_config']['metrics'])",
                "[{'module': 'keras.metrics', 'class_name': 'FBetaScore', 'config': {'name': "
                "'fbeta_score', 'dtype': 'float32', 'average': None, 'beta': 2.0, 'threshold': "
                "None}, 'registered_name': None}, {'module': 'keras.metrics', 'class_name': "
                "'F1Score', 'config': {'name': 'f1_score', 'dtype': 'float32', 'average': "
                "'macro', 'threshold': 0.5}, 'registered_name': None}]\n");
  nnc_model *back;
  cr_assert_eq(nnc_model_load_keras(p, &back), NNC_OK, "%s", nnc_last_error());
  cr_expect_eq(back->copt.f_scores[0].beta, 2);
  cr_expect(isnan(back->copt.f_scores[0].threshold));
  cr_expect_eq(back->copt.f_scores[1].average, NNC_F_AVERAGE_MACRO);
  cr_expect_eq(back->copt.f_scores[1].threshold, 0.5);
  nnc_model_free(back);
  nnc_model_free(m);
}

Test(keras_archive, an_uncompiled_model_has_no_compile_config_and_loads_uncompiled) {
  nnc_model *m;
  cr_assert_eq(nnc_model_load_keras(test_keras_fixture("mlp.keras"), &m), NNC_OK, "%s",
               nnc_last_error());
  cr_assert(!m->compiled, "Keras writes {} for a model saved uncompiled");
  const char *p = test_path("u.keras");
  cr_assert_eq(nnc_model_save_keras(m, p), NNC_OK, "%s", nnc_last_error());
  python_prints(p, "print('compile_config' in json.loads(z.read('config.json')))", "False\n");
  nnc_model_free(m);
}

Test(keras_archive, a_compile_config_nnc_cannot_follow_is_refused_naming_the_key) {
  const char *layers = "{\"class_name\": \"Sequential\", \"config\": {\"layers\": ["
      "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 4]}},"
      "{\"class_name\": \"Dense\", \"config\": {\"units\": 8, \"activation\": \"relu\"}},"
      "{\"class_name\": \"BatchNormalization\", \"config\": {}},"
      "{\"class_name\": \"Dropout\", \"config\": {\"rate\": 0.5}},"
      "{\"class_name\": \"Dense\", \"config\": {\"units\": 3}}]}, \"compile_config\": ";
  static const struct {
    const char *cc, *message;
  } cases[] = {
      {"{\"optimizer\": \"ftrl\", \"loss\": \"mse\"}", "compile_config: optimizer: "},
      {"{\"optimizer\": {\"class_name\": \"Adam\", \"config\": {\"use_ema\": true}}, "
       "\"loss\": \"mse\"}", "optimizer: an argument nnc does not support, found true"},
      {"{\"loss\": \"mse\", \"metrics\": [\"iou\"]}", "compile_config: metrics: "},
      {"{\"loss\": {\"class_name\": \"MeanSquaredError\", \"config\": {\"reduction\": \"sum\"}}}",
       "loss: an argument nnc does not support, found \"sum\""},
      {"{\"loss\": \"mse\", \"loss_weights\": [2]}", "loss_weights: not supported by nnc yet"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char config[2048];
    snprintf(config, sizeof config, "%s%s}", layers, cases[i].cc);
    nnc_model *m = (nnc_model *)1;
    cr_assert_eq(nnc_model_load_keras(archive_with("cc.keras", config), &m), NNC_ERR_ARG,
                 "case %zu: %s", i, nnc_last_error());
    cr_assert_null(m);
    cr_assert(strstr(nnc_last_error(), "cc.keras[config.json]: compile_config"), "%s",
              nnc_last_error());
    cr_assert(strstr(nnc_last_error(), cases[i].message), "case %zu: %s", i, nnc_last_error());
  }
  char config[2048];
  snprintf(config, sizeof config, "%s%s}", layers, "{\"optimizer\": \"adam\", \"loss\": null}");
  nnc_model *m;
  cr_assert_eq(nnc_model_load_keras(archive_with("noloss.keras", config), &m), NNC_OK, "%s",
               nnc_last_error());
  cr_assert(!m->compiled, "a compile_config without a loss leaves the model uncompiled");
  nnc_model_free(m);
}
