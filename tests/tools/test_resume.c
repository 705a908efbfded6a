/* test_resume.c — training state through the nnc command: a NaN or Inf loss stops the run
 * with exit status 1 and a message naming the epoch and step; model.save(path) writes a
 * checkpoint that model.load_weights(path) restores, so 2 epochs, save, a new process, load
 * and fit(..., initial_epoch=2) give the same weight file as 4 epochs straight, byte for
 * byte. */
#include "cli_run.h"

#include "nnc.h"

TestSuite(tools, .init = cli_setup, .fini = cli_teardown);

/* Whether two files in cli_dir hold the same bytes (both must exist). */
static bool same_file(const char *a, const char *b) {
  char pa[512], pb[512];
  snprintf(pa, sizeof pa, "%s/%s", cli_dir, a);
  snprintf(pb, sizeof pb, "%s/%s", cli_dir, b);
  FILE *fa = fopen(pa, "rb"), *fb = fopen(pb, "rb");
  cr_assert(fa && fb, "%s or %s is missing", a, b);
  int ca, cb;
  do {
    ca = fgetc(fa);
    cb = fgetc(fb);
  } while (ca == cb && ca != EOF);
  fclose(fa);
  fclose(fb);
  return ca == cb;
}

/* Whether cli_dir/name holds text (past the binary header length of a safetensors file). */
static bool file_has(const char *name, const char *text) {
  const char *head = cli_file(name);
  return strstr(head + 8, text) != NULL;
}

#define HEAD                                                                                  \
  "from tensorflow.keras import Sequential\n"                                                 \
  "from tensorflow.keras.layers import Dense, Input\n"                                        \
  "from tensorflow.keras.optimizers import SGD, Adam\n"                                       \
  "X = load('x.csv')\n"                                                                       \
  "Y = load('y.csv')\n"                                                                       \
  "model = Sequential([Input(shape=(4,)), Dense(8, activation='tanh'),\n"                     \
  "                    Dense(1, activation='sigmoid')])\n"

Test(tools, nan_loss_exits_1_naming_the_epoch_and_step) {
  cli_write("diverge.nn",
              "from tensorflow.keras import Sequential\n"
              "from tensorflow.keras.layers import Dense\n"
              "from tensorflow.keras.optimizers import SGD\n"
              "X = load('x.csv')\n"
              "Y = load('y.csv')\n"
              "model = Sequential([Dense(16, activation='relu'), Dense(1)])\n"
              "model.compile(optimizer=SGD(learning_rate=1e6), loss='mse')\n"
              "model.fit(X, Y, epochs=5, batch_size=8)\n"
              "print('after fit')\n");
  CliRun *r = cli_run("run diverge.nn --seed 1");
  cr_assert_eq(r->status, 1, "status %d: %s", r->status, r->err);
  cr_assert(strstr(r->err, "diverge.nn:8:"), "the diagnostic names the fit call: %s", r->err);
  cr_assert(strstr(r->err, "the loss is "), "%s", r->err);
  cr_assert(strstr(r->err, " at epoch 1, step "), "%s", r->err);
  cr_assert(strstr(r->err, "are kept as they were "), "%s", r->err);
  cr_assert(!strstr(r->out, "after fit"), "the run stops at the failing fit");
}

Test(tools, checkpoint_resumes_a_run_byte_for_byte) {
  cli_write("straight.nn", HEAD
              "model.compile(optimizer=Adam(learning_rate=0.01), loss='binary_crossentropy',\n"
              "              metrics=['accuracy'])\n"
              "model.fit(X, Y, epochs=4, batch_size=16, validation_split=0.25)\n"
              "model.save_weights('straight.safetensors')\n");
  cli_write("first.nn", HEAD
              "model.compile(optimizer=Adam(learning_rate=0.01), loss='binary_crossentropy',\n"
              "              metrics=['accuracy'])\n"
              "model.fit(X, Y, epochs=2, batch_size=16, validation_split=0.25)\n"
              "model.save('ckpt.safetensors')\n");
  cli_write("second.nn", HEAD
              "model.compile(optimizer=Adam(learning_rate=0.01), loss='binary_crossentropy',\n"
              "              metrics=['accuracy'])\n"
              "model.load_weights('ckpt.safetensors')\n"
              "model.fit(X, Y, epochs=4, batch_size=16, validation_split=0.25, initial_epoch=2)\n"
              "model.save_weights('resumed.safetensors')\n");
  CliRun *r = cli_run("run straight.nn --seed 3");
  cr_assert_eq(r->status, 0, "%s", r->err);
  r = cli_run("run first.nn --seed 3");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_assert(file_has("ckpt.safetensors", "\"nnc_checkpoint\":\"1\""),
            "model.save writes a checkpoint");
  /* another seed: the weights and the shuffling come from the checkpoint */
  r = cli_run("run second.nn --seed 8");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_assert(strstr(r->err, "Epoch 3/4") && strstr(r->err, "Epoch 4/4") && !strstr(r->err, "Epoch 1/4"),
            "%s", r->err);
  cr_assert(same_file("straight.safetensors", "resumed.safetensors"),
            "resumed weights differ from 4 epochs straight");
  /* the test can fail: the weights after 2 epochs are not those after 4 */
  cli_write("w2.nn", HEAD
              "model.compile(optimizer=Adam(learning_rate=0.01), loss='binary_crossentropy')\n"
              "model.load_weights('ckpt.safetensors')\n"
              "model.save_weights('w2.safetensors')\n");
  r = cli_run("run w2.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_assert(!same_file("straight.safetensors", "w2.safetensors"));
}

Test(tools, save_without_the_optimizer_is_save_weights) {
  cli_write("both.nn", HEAD
              "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
              "model.fit(X, Y, epochs=1, verbose=0)\n"
              "model.save('a.safetensors', include_optimizer=False)\n"
              "model.save_weights('b.safetensors')\n"
              "model.load_weights('a.safetensors')\n");
  CliRun *r = cli_run("run both.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_assert(same_file("a.safetensors", "b.safetensors"));
  cr_assert(!file_has("a.safetensors", "nnc_checkpoint"));
  cr_assert(file_has("a.safetensors", "dense/kernel"));
}

Test(tools, checkpoint_of_another_optimizer_is_refused) {
  cli_write("adam.nn", HEAD
              "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
              "model.save('ckpt.safetensors')\n");
  cli_write("sgd.nn", HEAD
              "model.compile(optimizer=SGD(momentum=0.9), loss='binary_crossentropy')\n"
              "model.load_weights('ckpt.safetensors')\n");
  CliRun *r = cli_run("run adam.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  r = cli_run("run sgd.nn");
  cr_assert_eq(r->status, 1, "%s", r->err);
  cr_assert(strstr(r->err, "sgd.nn:9:"), "%s", r->err);
  cr_assert(strstr(r->err, "the checkpoint's optimizer is 'adam' but the model is compiled with 'sgd'"),
            "%s", r->err);
}
