/* test_special_files.c — paths that are not regular files, given to every reader of outside
 * files: a FIFO, character devices (/dev/zero and /dev/urandom never end, /dev/null is
 * empty), a directory. Each must be refused at once with NNC_ERR_IO and a one-line message
 * naming the file and what it is, leaving no result behind.
 *
 * A reader that regressed would not fail but hang: opening a FIFO that has no writer
 * blocks, and /dev/zero feeds bytes until memory runs out. So every test carries a timeout,
 * which Criterion turns into a failure. The devices are reached through symbolic links
 * named with each reader's extension (the extension chooses the reader).
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keras.h"
#include "support.h"

TestSuite(runtime, .init = test_dir_make, .fini = test_dir_remove, .timeout = 30);

static nnc_model *model; /* for the weight and checkpoint readers; built once per test */

static nnc_status tensor_load(const char *path) {
  nnc_tensor *t = (nnc_tensor *)1;
  nnc_status s = nnc_tensor_load(path, NNC_F32, &t);
  cr_expect(s == NNC_OK || t == NULL, "%s: a failed load left a tensor", path);
  if (s == NNC_OK)
    nnc_tensor_free(t);
  return s;
}

static nnc_status csv_load(const char *path) {
  nnc_tensor *t = NULL;
  nnc_status s = nnc_tensor_load_csv(path, NNC_F64, NNC_CSV_HEADER_NONE, &t);
  nnc_tensor_free(t);
  return s;
}

static nnc_status idx_load(const char *path) {
  nnc_tensor *t = NULL;
  nnc_status s = nnc_tensor_load_idx(path, NNC_F32, NNC_IDX_SCALE, &t);
  nnc_tensor_free(t);
  return s;
}

static nnc_status st_read(const char *path) {
  StSet *set = (StSet *)1;
  nnc_status s = fmt_st_read(path, &set);
  cr_expect(s == NNC_OK || set == NULL, "%s: a failed read left a set", path);
  if (s == NNC_OK)
    fmt_st_free(set);
  return s;
}

static nnc_status weights_load(const char *path) {
  return nnc_model_load_weights(model, path);
}

static nnc_status checkpoint_load(const char *path) {
  return nnc_model_load_checkpoint(model, path);
}

typedef struct {
  const char *label;
  const char *name;           /* the file name in the test's directory */
  nnc_status (*read)(const char *path);
} Reader;

static const Reader readers[] = {
    {".npy (nnc_tensor_load)", "x.npy", tensor_load},
    {".csv (nnc_tensor_load)", "x.csv", tensor_load},
    {".csv.gz (nnc_tensor_load)", "x.csv.gz", tensor_load},
    {".idx (nnc_tensor_load)", "x.idx", tensor_load},
    {"-ubyte.gz (nnc_tensor_load)", "x-ubyte.gz", tensor_load},
    {"nnc_tensor_load_csv", "y.csv", csv_load},
    {"nnc_tensor_load_idx", "y-ubyte", idx_load},
    {"safetensors", "x.safetensors", st_read},
    {"nnc_model_load_weights", "w.safetensors", weights_load},
    {"nnc_model_load_checkpoint", "c.ckpt", checkpoint_load},
};

static void build_model(void) {
  cr_assert_eq(nnc_model_new(&model), NNC_OK);
  cr_assert_eq(nnc_model_add_input(model, 3), NNC_OK);
  nnc_dense_options d = nnc_dense(2, NNC_ACT_SIGMOID);
  cr_assert_eq(nnc_model_add_dense(model, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(model, &c), NNC_OK, "%s", nnc_last_error());
}

/* Makes each reader's name in the directory with make(path), then reads it: NNC_ERR_IO,
 * with the path and `kind` in a one-line message. */
static void refuse_everywhere(int (*make)(const char *path, const void *arg), const void *arg,
                              const char *kind) {
  build_model();
  for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
    const char *p = test_path(readers[i].name);
    cr_assert_eq(make(p, arg), 0, "cannot make %s", p);
    nnc_status s = readers[i].read(p);
    const char *m = nnc_last_error();
    cr_expect_eq(s, NNC_ERR_IO, "%s on %s: status %s: %s", readers[i].label, kind,
                 nnc_status_name(s), m);
    cr_expect(strstr(m, p) && strstr(m, kind) && !strchr(m, '\n'),
              "%s on %s: the message should name the file and '%s' on one line: %s",
              readers[i].label, kind, kind, m);
  }
  nnc_model_free(model);
}

static int make_fifo(const char *path, const void *arg) {
  (void)arg;
  return mkfifo(path, 0600);
}

static int make_link(const char *path, const void *target) {
  return symlink(target, path);
}

static int make_dir(const char *path, const void *arg) {
  (void)arg;
  return mkdir(path, 0700);
}

Test(runtime, a_fifo_is_refused_without_waiting_for_a_writer) {
  refuse_everywhere(make_fifo, NULL, "it is a FIFO");
}

Test(runtime, dev_zero_is_refused_without_reading_forever) {
  refuse_everywhere(make_link, "/dev/zero", "it is a character device");
}

Test(runtime, dev_urandom_is_refused_without_reading_forever) {
  refuse_everywhere(make_link, "/dev/urandom", "it is a character device");
}

Test(runtime, dev_null_is_refused_as_a_device) {
  refuse_everywhere(make_link, "/dev/null", "it is a character device");
}

Test(runtime, a_directory_is_refused) {
  refuse_everywhere(make_dir, NULL, "it is a directory");
}

/* The devices by their own names (no extension: the .npy reader), and a FIFO that does
 * have a writer: still not a file. */
Test(runtime, devices_by_name_and_a_fifo_with_a_writer) {
  const char *devs[] = {"/dev/zero", "/dev/urandom", "/dev/null"};
  for (size_t i = 0; i < 3; i++) {
    TEST_EXPECT(tensor_load(devs[i]), NNC_ERR_IO, "it is a character device");
    cr_expect(strstr(nnc_last_error(), devs[i]), "%s", nnc_last_error());
  }
  const char *p = test_path("open.npy");
  cr_assert_eq(mkfifo(p, 0600), 0);
  FILE *w = fopen(p, "r+"); /* read-write: opening a FIFO so never blocks (Linux) */
  cr_assert_not_null(w);
  fputs("\x93NUMPY", w);
  fflush(w);
  TEST_EXPECT(tensor_load(p), NNC_ERR_IO, "it is a FIFO");
  fclose(w);
}
