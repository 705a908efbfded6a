/* test_activation_config.c — an activation in a layer's configuration: a name, Keras's
 * serialized function, or an object with the function's arguments, kept when the
 * configuration is written back. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "nnc.h"

static nnc_model *with_input(void) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 4), NNC_OK);
  return m;
}

/* layer 1's config holds want */
static void config_has(nnc_model *m, const char *want) {
  char *c = nnc_model_layer_config(m, 1);
  cr_assert(c);
  cr_assert(strstr(c, want), "%s", c);
  nnc_string_free(c);
}

Test(activation_config, keeps_arguments_that_are_not_the_defaults) {
  nnc_model *m = with_input();
  cr_assert_eq(nnc_model_add_layer_config(m, "Activation", "{\"activation\": {\"class_name\": "
               "\"gelu\", \"config\": {\"approximate\": true}}}"), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_add_layer_config(m, "Dense", "{\"units\": 3, \"activation\": "
               "{\"class_name\": \"relu\", \"config\": {\"max_value\": 6}}}"), NNC_OK);
  cr_assert_eq(nnc_model_add_layer_config(m, "Activation", "{\"activation\": {\"class_name\": "
               "\"elu\", \"config\": {\"alpha\": 1.0}}}"), NNC_OK);
  config_has(m, "\"activation\":{\"class_name\":\"gelu\",\"config\":{\"approximate\":true}}");
  char *c = nnc_model_layer_config(m, 2);
  cr_assert(strstr(c, "\"activation\":{\"class_name\":\"relu\",\"config\":{\"negative_slope\":0,"
                      "\"max_value\":6,\"threshold\":0}}"), "%s", c);
  nnc_string_free(c);
  c = nnc_model_layer_config(m, 3);
  cr_assert(strstr(c, "\"activation\":\"elu\""), "the defaults: the name alone: %s", c);
  nnc_string_free(c);
  nnc_model_free(m);
}

Test(activation_config, takes_keras_serialized_functions) {
  nnc_model *m = with_input();
  cr_assert_eq(nnc_model_add_layer_config(m, "Activation", "{\"activation\": {\"module\": "
               "\"keras.activations\", \"class_name\": \"function\", \"config\": \"silu\", "
               "\"registered_name\": \"function\"}}"), NNC_OK, "%s", nnc_last_error());
  config_has(m, "\"activation\":\"silu\"");
  nnc_model_free(m);
}

/* keras.ops.gelu as a layer's activation, which nnc's layer takes as {"module": "keras.ops",
 * "class_name": "function", "config": "gelu"}: it computes as keras.ops.gelu(x), the tanh
 * form, and its configuration is "gelu", as Keras 3.15.1's
 * Activation(keras.ops.gelu).get_config()["activation"] is. The numbers are Keras's
 * model.predict(x) of Activation(keras.ops.gelu) on x (JAX backend). */
Test(activation_config, takes_keras_ops_functions_and_writes_their_names) {
  static const double x[8] = {-2.0, -0.5, 0.5, 1.5, 3.0, -3.0, 0.0, 0.25};
  static const double keras[8] = {-0.04540235, -0.154286, 0.345714, 1.3995715,
                                  2.9963627, -0.00363734, 0.0, 0.14967535};
  nnc_model *m = with_input();
  cr_assert_eq(nnc_model_add_layer_config(m, "Activation", "{\"activation\": {\"module\": "
               "\"keras.ops\", \"class_name\": \"function\", \"config\": \"gelu\"}}"), NNC_OK,
               "%s", nnc_last_error());
  config_has(m, "\"activation\":\"gelu\"");
  cr_assert_eq(nnc_model_add_layer_config(m, "Activation", "{\"activation\": {\"module\": "
               "\"keras.ops\", \"class_name\": \"function\", \"config\": \"mish\"}}"),
               NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "keras.ops has no function 'mish'"), "%s", nnc_last_error());
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *t, *p;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, (int64_t[]){2, 4}, &t), NNC_OK);
  for (int i = 0; i < 8; i++)
    ((float *)nnc_tensor_data(t))[i] = (float)x[i];
  cr_assert_eq(nnc_model_predict(m, t, 2, &p), NNC_OK, "%s", nnc_last_error());
  for (int i = 0; i < 8; i++)
    cr_assert(fabs(((const float *)nnc_tensor_cdata(p))[i] - keras[i]) < 1e-5, "[%d]: %g, Keras %g",
              i, ((const float *)nnc_tensor_cdata(p))[i], keras[i]);
  nnc_tensor_free(t);
  nnc_tensor_free(p);
  nnc_model_free(m);
}

Test(activation_config, refuses_unknown_or_bad_arguments) {
  nnc_model *m = with_input();
  cr_assert_eq(nnc_model_add_layer_config(m, "Activation", "{\"activation\": {\"class_name\": "
               "\"gelu\", \"config\": {\"alpha\": 1}}}"), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "gelu has no argument 'alpha'"), "%s", nnc_last_error());
  cr_assert_eq(nnc_model_add_layer_config(m, "Activation", "{\"activation\": {\"class_name\": "
               "\"elu\", \"config\": {\"alpha\": \"big\"}}}"), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "argument 'alpha' must be a number"), "%s",
            nnc_last_error());
  cr_assert_eq(nnc_model_add_layer_config(m, "Activation", "{\"activation\": {\"class_name\": "
               "\"threshold\", \"config\": {\"threshold\": 1}}}"), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "default_value is required"), "%s", nnc_last_error());
  cr_assert_eq(nnc_model_layer_count(m), 1, "a failed call adds nothing");
  nnc_model_free(m);
}
