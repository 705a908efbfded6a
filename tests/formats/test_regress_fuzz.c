/* test_regress_fuzz.c — inputs the fuzz targets (tests/fuzz/) found to break a data reader,
 * each kept as a byte array and checked to fail cleanly now: the status, a one-line message
 * naming the file, no tensor left behind. One test per finding, named after what it broke.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats.h"

static char dir[64];

static void make_dir(void) {
  strcpy(dir, "/tmp/nnc_regress_XXXXXX");
  cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  cr_assert_eq(system(cmd), 0);
}

TestSuite(runtime, .init = make_dir, .fini = remove_dir, .timeout = 20);

static const char *write_bytes(const char *name, const void *bytes, size_t n) {
  static char p[256];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  FILE *f = fopen(p, "wb");
  cr_assert_not_null(f, "%s", p);
  cr_assert_eq(fwrite(bytes, 1, n, f), n);
  cr_assert_eq(fclose(f), 0);
  return p;
}

/* The message of the last failure: one line without control bytes, naming path. */
static void expect_message(const char *path) {
  const char *m = nnc_last_error();
  cr_expect_not_null(strstr(m, path), "the message does not name the file: %s", m);
  cr_expect_null(strchr(m, '\n'), "the message is not one line: %s", m);
  for (const char *c = m; *c; c++)
    cr_expect((unsigned char)*c >= 0x20 && *c != 0x7f,
              "a control byte 0x%02x in the message: %s", (unsigned char)*c, m);
}

static void expect_load_fails(const char *name, const void *bytes, size_t n, nnc_status want) {
  const char *p = write_bytes(name, bytes, n);
  nnc_tensor *t = (nnc_tensor *)1;
  nnc_status s = nnc_tensor_load(p, NNC_F32, &t);
  cr_expect_eq(s, want, "status %s: %s", nnc_status_name(s), nnc_last_error());
  cr_expect_null(t);
  expect_message(p);
}

/* fuzz_npy: a dtype string holding a newline (and padding) was echoed raw, so the message
 * ran over two lines. */
Test(runtime, fuzz_npy_dtype_with_newline_gives_one_line) {
  static const char bytes[] =
      "\x93NUMPY\x01\x00v\x00{'descr': '<f8              \n"
      "er': False, 'shape': (), }                                     #                 "
      "       \n"
      "\x00\x00\x00\x00\x00\x00\x02\xc0"; /* 136 bytes */
  expect_load_fails("newline.npy", bytes, sizeof bytes - 1, NNC_ERR_TYPE);
  static const char high[] = "\x93NUMPY\x01\x00\x17\x00{'descr': '\xff\x01\x1b[31m', }\n";
  expect_load_fails("high.npy", high, sizeof high - 1, NNC_ERR_TYPE);
}

/* fuzz_safetensors: a key holding a raw newline inside a tensor's entry was quoted into the
 * message, which then ran over two lines (fixed for every reader in base_error). */
Test(runtime, fuzz_safetensors_key_with_newline_gives_one_line) {
  static const char bytes[] =
      "\x88\x00\x00\x00\x00\x00\x00\x00{\"dense/kernel\":{\"dtype\":\"F32\",\"shape\":[2"
      ",2],\"data_offsets\":[0,16]},\"dense/bias\":{\"d\n"
      "type\":\"F97\",\"dtype\":[2],\"data_offsets\":[16,24]}}    \x00\x00\x80\?\x00\x00"
      "\x00@\x00\x00@@\x00\x00\x80@\x00\x00\xa0@\x00\x00\xc0@"; /* 169 bytes */
  const char *p = write_bytes("newline.safetensors", bytes, sizeof bytes - 1);
  StSet *s = (StSet *)1;
  nnc_status st = fmt_st_read(p, &s);
  cr_expect_eq(st, NNC_ERR_CORRUPT, "status %s: %s", nnc_status_name(st), nnc_last_error());
  cr_expect_null(s);
  expect_message(p);
}

/* fuzz_idx: f32 dimensions 0x0200001f x 2051 x 0x03000000 x 0 hold no element, so the size
 * check passed, but the tensor's own check multiplied the non-zero dimensions first and
 * failed with NNC_ERR_ARG and a message without the file. The reader now bounds the
 * product of the non-zero dimensions for the widest dtype (found twice). */
Test(runtime, fuzz_idx_zero_dimension_beside_huge_ones_is_corrupt) {
  static const char bytes[] = "\x00\x00\x0d\x04\x02\x00\x00\x1f\x00\x00\x08\x03\x03\x00\x00\x00"
                              "\x00\x00\x00\x00"; /* 20 bytes */
  expect_load_fails("zero.idx", bytes, sizeof bytes - 1, NNC_ERR_CORRUPT);
  /* and again where the u8 file's count fits but the f32 tensor's bytes would not */
  static const char u8[] = "\x00\x00\x08\x03\x32\x00\xff\xff\xff\xff\x08\x01\x00\x00\x00\x00";
  expect_load_fails("zero_u8.idx", u8, sizeof u8 - 1, NNC_ERR_CORRUPT);
  /* a zero dimension beside modest ones is an empty tensor */
  static const char empty[] = "\x00\x00\x08\x02\x00\x00\x00\x00\x00\x00\x00\x05";
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_load(write_bytes("empty.idx", empty, sizeof empty - 1), NNC_F32, &t),
               NNC_OK, "%s", nnc_last_error());
  cr_expect_eq(nnc_tensor_dim(t, 0), 0);
  cr_expect_eq(nnc_tensor_dim(t, 1), 5);
  nnc_tensor_free(t);
}

/* fuzz_save: save() writes -FLT_MAX as "-3.40282347e+38", 9 digits that are above FLT_MAX
 * although they round to it; the CSV reader refused them as out of range. */
Test(runtime, fuzz_save_csv_flt_max_reads_back) {
  const char text[] = "-3.40282347e+38,3.40282347e+38\n";
  nnc_tensor *t = NULL;
  cr_assert_eq(nnc_tensor_load_csv(write_bytes("max.csv", text, sizeof text - 1), NNC_F32,
                                   NNC_CSV_HEADER_NONE, &t), NNC_OK, "%s", nnc_last_error());
  cr_expect_eq(((float *)t->data)[0], -FLT_MAX);
  cr_expect_eq(((float *)t->data)[1], FLT_MAX);
  nnc_tensor_free(t);
}
