/* test_names.c — the name tables through the C API: every name of every row maps to its id
 * and back to the canonical name, as Keras matches names; Keras's names that nnc lacks are
 * refused as such; hints offer only slips of spelling, never a name of other maths. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <string.h>

#include "names.h"
#include "support.h"

/* The C API's lookups for each table, as int-typed wrappers, by the table they serve. */
typedef struct {
  const NameTable *t;
  nnc_status (*find)(const char *name, int *id);
  const char *(*name)(int id);
} Api;

#define WRAP(kind, type)                                                                   \
  static nnc_status kind##_find(const char *name, int *id) {                              \
    type v;                                                                                \
    nnc_status s = nnc_##kind##_from_name(name, &v);                                       \
    *id = s == NNC_OK ? (int)v : -1;                                                       \
    return s;                                                                              \
  }                                                                                        \
  static const char *kind##_name(int id) { return nnc_##kind##_name((type)id); }
WRAP(activation, nnc_activation)
WRAP(initializer, nnc_initializer)
WRAP(loss, nnc_loss_kind)
WRAP(optimizer, nnc_optimizer_kind)
WRAP(metric, nnc_metric)
WRAP(monitor, nnc_monitor)
#undef WRAP

static const Api apis[] = {
    {&names_activations, activation_find, activation_name},
    {&names_initializers, initializer_find, initializer_name},
    {&names_losses, loss_find, loss_name},
    {&names_optimizers, optimizer_find, optimizer_name},
    {&names_metrics, metric_find, metric_name},
    {&names_monitors, monitor_find, monitor_name},
};
enum { NAPIS = sizeof apis / sizeof apis[0] };

typedef struct {
  const Api *api;
  int id;
  int count;
} Expect;

static void maps_to_row(const char *w, size_t len, void *user) {
  Expect *e = user;
  char name[128];
  snprintf(name, sizeof name, "%.*s", (int)len, w);
  int id;
  cr_expect_eq(e->api->find(name, &id), NNC_OK, "%s: %s", name, nnc_last_error());
  cr_expect_eq(id, e->id, "%s: id %d, want %d", name, id, e->id);
  e->count++;
}

Test(names, every_name_of_every_row_round_trips) {
  for (int a = 0; a < NAPIS; a++) {
    const NameTable *t = apis[a].t;
    cr_assert_gt(t->nrows, 0, "%s", t->what);
    for (int id = 0; id < t->nrows; id++) {
      const char *canon = apis[a].name(id);
      cr_assert_not_null(canon, "%s %d has no row", t->what, id);
      cr_expect_str_eq(canon, t->rows[id].name);
      Expect e = {&apis[a], id, 0};
      if (t->rows[id].key_only)                       /* a log key, which find refuses */
        cr_expect_neq(apis[a].find(canon, &(int){0}), NNC_OK, "%s", canon);
      else
        maps_to_row(canon, strlen(canon), &e);        /* name -> id -> the same name */
      if (t->rows[id].cls)
        maps_to_row(t->rows[id].cls, strlen(t->rows[id].cls), &e);
      names_words(t->rows[id].aliases, maps_to_row, &e);
    }
    cr_expect_null(apis[a].name(t->nrows), "%s: a value past the rows", t->what);
    cr_expect_null(apis[a].name(-1), "%s: a negative value", t->what);
  }
}

Test(names, matching_is_keras_s) {
  int id;
  /* keras.optimizers.get lowercases the name */
  const char *adam[] = {"adam", "Adam", "ADAM", "aDaM"};
  for (int i = 0; i < 4; i++) {
    cr_expect_eq(optimizer_find(adam[i], &id), NNC_OK, "%s", adam[i]);
    cr_expect_eq(id, NNC_OPT_ADAM);
  }
  cr_expect_eq(optimizer_find("RMSprop", &id), NNC_OK);
  cr_expect_eq(id, NNC_OPT_RMSPROP);
  /* compile lowercases 'accuracy' and 'acc' */
  cr_expect_eq(metric_find("Accuracy", &id), NNC_OK);
  cr_expect_eq(metric_find("ACC", &id), NNC_OK);
  /* FBetaScore() logs 'fbeta_score', a string keras.metrics.get refuses ("Could not
   * interpret metric identifier: fbeta_score", Keras 3.15); it takes 'f_beta_score' */
  cr_expect_neq(metric_find("fbeta_score", &id), NNC_OK);
  cr_expect(strstr(nnc_last_error(), "did you mean 'FBetaScore'?"), "%s", nnc_last_error());
  cr_expect_eq(metric_find("f_beta_score", &id), NNC_OK);
  cr_expect_eq(id, NNC_METRIC_FBETA_SCORE);
  cr_expect_str_eq(nnc_metric_name(NNC_METRIC_FBETA_SCORE), "fbeta_score");
  /* activations, initializers and losses match exactly, classes and aliases included */
  cr_expect_neq(activation_find("Relu", &id), NNC_OK);
  cr_expect_eq(initializer_find("GlorotUniform", &id), NNC_OK);
  cr_expect_eq(id, NNC_INIT_GLOROT_UNIFORM);
  cr_expect_neq(initializer_find("glorotuniform", &id), NNC_OK);
  cr_expect_eq(loss_find("BinaryCrossentropy", &id), NNC_OK);
  cr_expect_eq(id, NNC_LOSS_BINARY_CROSSENTROPY);
  cr_expect_eq(loss_find("MSE", &id), NNC_OK);
  cr_expect_eq(id, NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_expect_neq(loss_find("Mse", &id), NNC_OK);
  cr_expect_neq(monitor_find("Val_Loss", &id), NNC_OK);
}

typedef struct {
  const Api *api;
  int count;
} Only;

/* A Keras name nnc lacks: refused as such, with no hint, in any spelling of it. */
static void refused_as_keras_only(const char *w, size_t len, void *user) {
  Only *o = user;
  char name[128], shout[128], squeezed[128];
  snprintf(name, sizeof name, "%.*s", (int)len, w);
  size_t k = 0;
  for (size_t i = 0; i <= len; i++) {
    shout[i] = (char)toupper((unsigned char)name[i]);
    if (name[i] != '_')
      squeezed[k++] = name[i];
  }
  int id;
  TEST_EXPECT(o->api->find(name, &id), NNC_ERR_ARG, "is not supported by nnc yet");
  cr_expect_null(strstr(nnc_last_error(), "did you mean"), "%s: %s", name, nnc_last_error());
  char buf[128];
  const char *spellings[] = {name, shout, squeezed};
  for (int i = 0; i < 3; i++)
    cr_expect_null(names_suggest(o->api->t, spellings[i], buf, sizeof buf),
                   "%s '%s' is Keras's, but nnc offers '%s'", o->api->t->what, spellings[i], buf);
  o->count++;
}

Test(names, keras_names_nnc_lacks_are_refused_without_hints) {
  int total = 0;
  for (int a = 0; a < NAPIS; a++) {
    Only o = {&apis[a], 0};
    names_words(apis[a].t->keras_only, refused_as_keras_only, &o);
    total += o.count;
  }
  /* 79 once kmath's activations, losses and metrics and layers' initializers left them */
  cr_expect_gt(total, 50, "the lists hold Keras's names: %d", total);
}

static void hint_is(const Api *api, const char *typed, const char *want) {
  int id;
  cr_assert_eq(api->find(typed, &id), NNC_ERR_ARG, "%s", typed);
  char expect[128];
  snprintf(expect, sizeof expect, "(did you mean '%s'?)", want);
  if (want)
    cr_expect(strstr(nnc_last_error(), expect), "%s: %s", typed, nnc_last_error());
  else
    cr_expect(!strstr(nnc_last_error(), "did you mean") && strstr(nnc_last_error(), "nnc knows"),
              "%s: %s", typed, nnc_last_error());
}

Test(names, hints_are_slips_of_spelling_case_or_underscores) {
  hint_is(&apis[0], "sigmod", "sigmoid");
  hint_is(&apis[0], "Sigmoid", "sigmoid");
  hint_is(&apis[0], "LeakyReLU", "leaky_relu");
  hint_is(&apis[0], "leakyrelu", "leaky_relu");
  hint_is(&apis[0], "RELU", "relu");
  hint_is(&apis[0], "rlu", NULL);              /* short: one edit is as often another function */
  hint_is(&apis[0], "gelo", NULL);
  hint_is(&apis[1], "he-normal", "he_normal");
  hint_is(&apis[1], "glorot_unifrom", "glorot_uniform");
  hint_is(&apis[2], "binary_cross_entropy", "binary_crossentropy");
  hint_is(&apis[2], "BinaryCrossEntropy", "binary_crossentropy");
  hint_is(&apis[2], "catagorical_crosentropy", "categorical_crossentropy");
  hint_is(&apis[2], "Mse", "mse");
  hint_is(&apis[2], "msa", NULL);
  hint_is(&apis[3], "adma", NULL);
  hint_is(&apis[3], "rmsporp", NULL);          /* two edits in seven letters: too far */
  hint_is(&apis[3], "rms_prop", "rmsprop");
  hint_is(&apis[4], "acuracy", "accuracy");
  hint_is(&apis[5], "val_los", "val_loss");
  hint_is(&apis[5], "val_acc", NULL);
}

Test(names, lookups_refuse_null) {
  nnc_activation a;
  TEST_EXPECT(nnc_activation_from_name(NULL, &a), NNC_ERR_ARG, "name is NULL");
  TEST_EXPECT(nnc_activation_from_name("relu", NULL), NNC_ERR_ARG, "out is NULL");
  TEST_EXPECT(nnc_loss_from_name("\x01weird\xff", &(nnc_loss_kind){0}), NNC_ERR_ARG,
              "unknown loss '?weird?'");
}

Test(names, edit_distance_is_levenshtein_capped) {
  cr_assert_eq(names_edit_distance("sigmod", "sigmoid", 5), 1);
  cr_assert_eq(names_edit_distance("kitten", "sitting", 5), 3);
  cr_assert_eq(names_edit_distance("", "abc", 5), 3);
  cr_assert_eq(names_edit_distance("abcdef", "uvwxyz", 2), 3);
}
