/* test_activation_config.c — an activation in a layer's configuration: a name, Keras's
 * serialized function, or an object with the function's arguments, kept when the
 * configuration is written back. */
#include <criterion/criterion.h>
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
