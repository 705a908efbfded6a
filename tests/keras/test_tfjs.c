/* test_tfjs.c — TensorFlow.js's model.json + weights.bin without tfjs (tests/tfjs/format.sh
 * checks them in tfjs): a round trip keeps the architecture and the weights; the manifest is
 * checked against the shards (sizes, dtypes, names, where a shard may be) before the model
 * is made, and other names are refused. */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "keras.h"
#include "support.h"

TestSuite(tfjs, .init = test_dir_make, .fini = test_dir_remove);

/* 3 -> Dense 4 relu -> Dense 2, compiled. */
static nnc_model *small(void) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 3), NNC_OK);
  cr_assert_eq(nnc_model_add_layer_config(m, "Dense", "{\"units\": 4, \"activation\": \"relu\"}"),
               NNC_OK);
  cr_assert_eq(nnc_model_add_layer_config(m, "Dense", "{\"units\": 2}"), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  return m;
}

Test(tfjs, a_model_round_trips_with_its_weights) {
  nnc_model *m = small();
  const char *p = test_path("model.json");
  cr_assert_eq(nnc_model_save_tfjs(m, p), NNC_OK, "%s", nnc_last_error());
  const char *json = test_read_text("model.json");
  cr_assert(strstr(json, "\"batch_input_shape\":\t[null, 3]") ||
            strstr(json, "\"batch_input_shape\":[null,3]") ||
            strstr(json, "\"batch_input_shape\":\t[null,3]"), "%s", json);
  cr_assert(strstr(json, "\"paths\":\t[\"weights.bin\"]"), "%s", json);
  nnc_model *back;
  cr_assert_eq(nnc_model_load_tfjs(p, &back), NNC_OK, "%s", nnc_last_error());
  for (int i = 0; i < 2; i++) {
    const nnc_tensor *a = nnc_model_kernel(m, i), *b = nnc_model_kernel(back, i);
    cr_assert(a && b);
    cr_assert_eq(memcmp(a->data, b->data, (size_t)a->numel * sizeof(float)), 0, "kernel %d", i);
  }
  nnc_model_free(back);
  nnc_model_free(m);
}

/* A model.json of the small model's topology with `manifest` as its weightsManifest. */
static const char *with_manifest(const char *manifest) {
  nnc_model *m = small();
  const char *p = test_path("model.json");
  cr_assert_eq(nnc_model_save_tfjs(m, p), NNC_OK);
  char *topology;
  cr_assert_eq(keras_model_config(m, true, "test", &topology), NNC_OK);
  static char text[8192];
  snprintf(text, sizeof text, "{\"modelTopology\": %s, \"weightsManifest\": %s}", topology,
           manifest);
  cJSON_free(topology);
  nnc_model_free(m);
  return test_write_text("model.json", text);
}

#define W(name, shape) "{\"name\": \"" name "\", \"shape\": " shape ", \"dtype\": \"float32\"}"
#define ALL W("dense/kernel", "[3, 4]") ", " W("dense/bias", "[4]") ", " \
            W("dense_1/kernel", "[4, 2]") ", " W("dense_1/bias", "[2]")

static void refused(const char *manifest, nnc_status want, const char *says) {
  const char *p = with_manifest(manifest);
  nnc_model *m = (nnc_model *)1;
  cr_assert_eq(nnc_model_load_tfjs(p, &m), want, "%s: %s", manifest, nnc_last_error());
  cr_assert_null(m);
  cr_assert(strstr(nnc_last_error(), says), "%s", nnc_last_error());
  cr_assert(strstr(nnc_last_error(), "model.json") || strstr(nnc_last_error(), "weights.bin"),
            "%s", nnc_last_error());
}

Test(tfjs, a_manifest_that_disagrees_with_the_shards_is_refused) {
  /* weights.bin holds the 26 floats of the small model (104 bytes) */
  refused("[{\"paths\": [\"weights.bin\"], \"weights\": [" ALL ", " W("extra", "[1]") "]}]",
          NNC_ERR_CORRUPT, "need more bytes than the shards hold");
  refused("[{\"paths\": [\"weights.bin\"], \"weights\": [" W("dense/kernel", "[3, 4]") "]}]",
          NNC_ERR_CORRUPT, "the shards hold 104 bytes, the weights 48");
  refused("[{\"paths\": [\"../weights.bin\"], \"weights\": [" ALL "]}]", NNC_ERR_CORRUPT,
          "a file name in model.json's directory");
  refused("[{\"paths\": [\"weights.bin\"], \"weights\": [" ALL ", " ALL "]}]", NNC_ERR_CORRUPT,
          "named twice");
  refused("[{\"paths\": [\"weights.bin\"], \"weights\": [{\"name\": \"dense/kernel\", \"shape\": "
          "[3, 4], \"dtype\": \"float16\"}]}]", NNC_ERR_TYPE, "float16");
  refused("[{\"paths\": [\"weights.bin\"], \"weights\": [" W("dense/kernel", "[3, 4]") ", "
          W("dense/bias", "[4]") ", " W("dense_1/kernel", "[2, 4]") ", " W("dense_1/bias", "[2]")
          "]}]", NNC_ERR_SHAPE, "dense_1/kernel");
  refused("{}", NNC_ERR_CORRUPT, "weightsManifest: missing");
}

Test(tfjs, a_topology_claiming_more_weights_than_the_shards_hold_is_refused) {
  const char *p = test_write_text("model.json",
      "{\"modelTopology\": {\"class_name\": \"Sequential\", \"config\": {\"layers\": ["
      "{\"class_name\": \"Dense\", \"config\": {\"units\": 100000000, \"batch_input_shape\": "
      "[null, 5000]}}]}}, \"weightsManifest\": []}");
  nnc_model *m;
  cr_assert_eq(nnc_model_load_tfjs(p, &m), NNC_ERR_CORRUPT);
  cr_assert(strstr(nnc_last_error(), "need more bytes than its weights file holds"), "%s",
            nnc_last_error());
}

Test(tfjs, other_names_and_unbuilt_models_are_refused) {
  nnc_model *m = small();
  cr_assert_eq(nnc_model_save_tfjs(m, test_path("model.bin")), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), ".json"), "%s", nnc_last_error());
  nnc_model *empty;
  cr_assert_eq(nnc_model_new(&empty), NNC_OK);
  cr_assert_eq(nnc_model_save_tfjs(empty, test_path("e.json")), NNC_ERR_ARG);
  nnc_model_free(empty);
  cr_assert_eq(nnc_model_load_tfjs(test_write_text("t.json", "not json"), &empty), NNC_ERR_CORRUPT);
  cr_assert(strstr(nnc_last_error(), "t.json: not JSON"), "%s", nnc_last_error());
  nnc_model_free(m);
}

/* tfjs's layers format has no operations of keras.ops: a model with one is refused by name,
 * not written as a class tfjs cannot load. */
Test(tfjs, a_model_with_an_operation_is_refused) {
  nnc_model *m;
  int x, e;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_input(m, 1, (int64_t[]){3}, NULL, &x), NNC_OK);
  cr_assert_eq(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"exp\"}", 1, &x, &e),
               NNC_OK, "%s", nnc_last_error());
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_save_tfjs(m, test_path("op.json")), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "TensorFlow.js's layers format has no operations, and "
                   "'exp' is one (Exp)"), "%s", nnc_last_error());
  nnc_model_free(m);
}
