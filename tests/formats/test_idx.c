/* test_idx.c — IDX loading: every element type, big-endian decoding, scaling, gzip, the
 * dispatch by name, the real Fashion-MNIST files when installed, and corrupt files (each a
 * status and a message naming the file and the byte offset). */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "formats.h"
#include "support.h"

TestSuite(runtime, .init = test_dir_make, .fini = test_dir_remove);

/* The file as given, or gzip'd when gz. */
static const char *write_bytes(const char *name, const void *bytes, size_t n, bool gz) {
  if (!gz)
    return test_write(name, bytes, n);
  const char *p = test_path(name);
  gzFile g = gzopen(p, "wb");
  cr_assert_not_null(g);
  cr_assert_eq(gzwrite(g, bytes, (unsigned)n), (int)n);
  cr_assert_eq(gzclose(g), Z_OK);
  return p;
}

/* An IDX image in buf: header for `type` and dims, then n elements of `esize` bytes each,
 * given as big-endian byte strings in `data`. Returns the total length. */
static size_t idx(unsigned char *buf, int type, int rank, const uint32_t *dims, const void *data,
                  size_t data_bytes) {
  buf[0] = buf[1] = 0;
  buf[2] = (unsigned char)type;
  buf[3] = (unsigned char)rank;
  for (int i = 0; i < rank; i++)
    for (int b = 0; b < 4; b++)
      buf[4 + 4 * i + b] = (unsigned char)(dims[i] >> (24 - 8 * b));
  if (data_bytes)
    memcpy(buf + 4 + 4 * rank, data, data_bytes);
  return 4 + 4 * (size_t)rank + data_bytes;
}

static nnc_tensor *load_ok(const char *p, nnc_dtype dt, unsigned flags) {
  nnc_tensor *t = NULL;
  cr_assert_eq(nnc_tensor_load_idx(p, dt, flags, &t), NNC_OK, "%s", nnc_last_error());
  return t;
}

Test(runtime, idx_loads_u8_images) {
  unsigned char b[64], px[6] = {0, 1, 2, 127, 254, 255};
  uint32_t dims[3] = {1, 2, 3};
  const char *p = write_bytes("img-idx3-ubyte", b, idx(b, 0x08, 3, dims, px, 6), false);
  nnc_tensor *t = load_ok(p, NNC_F32, 0);
  cr_assert_eq(nnc_tensor_rank(t), 3);
  cr_assert_eq(nnc_tensor_dim(t, 0), 1);
  cr_assert_eq(nnc_tensor_dim(t, 1), 2);
  cr_assert_eq(nnc_tensor_dim(t, 2), 3);
  for (int i = 0; i < 6; i++)
    cr_assert_eq(((float *)nnc_tensor_data(t))[i], (float)px[i]);
  nnc_tensor_free(t);
  t = load_ok(p, NNC_F32, NNC_IDX_SCALE);
  for (int i = 0; i < 6; i++)
    cr_assert_eq(((float *)nnc_tensor_data(t))[i], (float)(px[i] / 255.0));
  nnc_tensor_free(t);
  t = load_ok(p, NNC_F64, NNC_IDX_SCALE);
  cr_assert_eq(((double *)nnc_tensor_data(t))[5], 1.0);
  cr_assert_eq(((double *)nnc_tensor_data(t))[3], 127 / 255.0);
  nnc_tensor_free(t);
  t = load_ok(p, NNC_I32, 0);
  cr_assert_eq(((int32_t *)nnc_tensor_data(t))[5], 255);
  nnc_tensor_free(t);
}

Test(runtime, idx_decodes_every_type_big_endian) {
  struct { int type; unsigned char bytes[16]; size_t esize; double want[2]; } cases[] = {
      {0x08, {0x00, 0xff}, 1, {0, 255}},
      {0x09, {0x7f, 0x80}, 1, {127, -128}},
      {0x0B, {0x01, 0x02, 0xff, 0xfe}, 2, {258, -2}},
      {0x0C, {0x00, 0x01, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00}, 4, {65536, -2147483648.0}},
      {0x0D, {0x3f, 0xc0, 0x00, 0x00, 0xc1, 0x20, 0x00, 0x00}, 4, {1.5, -10}},
      {0x0E, {0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18, 0xbf, 0xf0, 0, 0, 0, 0, 0, 0}, 8,
       {3.141592653589793, -1}},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    unsigned char b[64];
    uint32_t dims[1] = {2};
    char name[32];
    snprintf(name, sizeof name, "t%zu.idx", c);
    const char *p = write_bytes(name, b, idx(b, cases[c].type, 1, dims, cases[c].bytes,
                                              2 * cases[c].esize), false);
    nnc_tensor *t = load_ok(p, NNC_F64, 0);
    cr_assert_eq(nnc_tensor_rank(t), 1);
    for (int i = 0; i < 2; i++)
      cr_assert_eq(rt_tensor_get(t, i), cases[c].want[i], "type 0x%02x element %d: %g",
                   cases[c].type, i, rt_tensor_get(t, i));
    nnc_tensor_free(t);
  }
}

Test(runtime, idx_reads_gzip_and_dispatches_by_name) {
  unsigned char b[64], lab[5] = {9, 0, 0, 3, 7};
  uint32_t dims[1] = {5};
  size_t n = idx(b, 0x08, 1, dims, lab, 5);
  const char *names[] = {"l-idx1-ubyte.gz", "l.idx.gz", "l-idx1-ubyte", "l.idx"};
  for (int k = 0; k < 4; k++) {
    const char *p = write_bytes(names[k], b, n, strstr(names[k], ".gz") != NULL);
    nnc_tensor *t;
    cr_assert_eq(nnc_tensor_load(p, NNC_I32, &t), NNC_OK, "%s: %s", names[k], nnc_last_error());
    cr_assert_eq(nnc_tensor_numel(t), 5);
    cr_assert_arr_eq(nnc_tensor_data(t), ((int32_t[]){9, 0, 0, 3, 7}), 5 * sizeof(int32_t));
    nnc_tensor_free(t);
  }
}

Test(runtime, idx_scalar_and_empty_tensors) {
  unsigned char b[64], one[1] = {42};
  const char *p = write_bytes("s.idx", b, idx(b, 0x08, 0, NULL, one, 1), false);
  nnc_tensor *t = load_ok(p, NNC_F32, 0);
  cr_assert_eq(nnc_tensor_rank(t), 0);
  cr_assert_eq(((float *)nnc_tensor_data(t))[0], 42.0f);
  nnc_tensor_free(t);
  uint32_t dims[2] = {0, 28};
  p = write_bytes("e.idx", b, idx(b, 0x08, 2, dims, NULL, 0), false);
  t = load_ok(p, NNC_F32, 0);
  cr_assert_eq(nnc_tensor_numel(t), 0);
  cr_assert_eq(nnc_tensor_dim(t, 1), 28);
  nnc_tensor_free(t);
}

/* Fashion-MNIST from Debian's dataset-fashion-mnist, when installed. */
#define FASHION "/usr/share/datasets/fashion-mnist/"

Test(runtime, idx_reads_fashion_mnist_when_installed) {
  if (access(FASHION "t10k-images-idx3-ubyte.gz", R_OK) != 0 ||
      access(FASHION "t10k-labels-idx1-ubyte.gz", R_OK) != 0)
    cr_skip_test("dataset-fashion-mnist is not installed");
  nnc_tensor *x = load_ok(FASHION "t10k-images-idx3-ubyte.gz", NNC_F32, NNC_IDX_SCALE);
  cr_assert_eq(nnc_tensor_rank(x), 3);
  cr_assert_eq(nnc_tensor_dim(x, 0), 10000);
  cr_assert_eq(nnc_tensor_dim(x, 1), 28);
  cr_assert_eq(nnc_tensor_dim(x, 2), 28);
  const float *px = nnc_tensor_data(x);
  float lo = 1, hi = 0;
  for (int64_t i = 0; i < nnc_tensor_numel(x); i++) {
    lo = px[i] < lo ? px[i] : lo;
    hi = px[i] > hi ? px[i] : hi;
  }
  cr_assert(lo == 0.0f && hi == 1.0f, "pixels in [%g, %g]", lo, hi);
  nnc_tensor_free(x);
  nnc_tensor *y;
  cr_assert_eq(nnc_tensor_load(FASHION "t10k-labels-idx1-ubyte.gz", NNC_I32, &y), NNC_OK, "%s",
               nnc_last_error());
  cr_assert_eq(nnc_tensor_rank(y), 1);
  cr_assert_eq(nnc_tensor_dim(y, 0), 10000);
  const int32_t *l = nnc_tensor_data(y);
  cr_assert_eq(l[0], 9, "the first test image is an ankle boot (9), not %d", l[0]);
  int count[10] = {0};
  for (int i = 0; i < 10000; i++) {
    cr_assert(l[i] >= 0 && l[i] <= 9);
    count[l[i]]++;
  }
  for (int c = 0; c < 10; c++)
    cr_assert_eq(count[c], 1000, "class %d has %d test images", c, count[c]);
  nnc_tensor_free(y);
  if (access(FASHION "train-labels-idx1-ubyte.gz", R_OK) != 0)
    return;
  y = load_ok(FASHION "train-labels-idx1-ubyte.gz", NNC_F32, 0);
  cr_assert_eq(nnc_tensor_numel(y), 60000);
  int train[10] = {0};
  for (int i = 0; i < 60000; i++)
    train[(int)((float *)nnc_tensor_data(y))[i]]++;
  for (int c = 0; c < 10; c++)
    cr_assert_eq(train[c], 6000, "class %d has %d training images", c, train[c]);
  nnc_tensor_free(y);
}

/* A corrupt file: its bytes, the status and the message after "PATH: ". Gzip'd, the same
 * message with " (decompressed)" after the offset, or when gz_start is set, a message that
 * starts so (a size no gzip file of that length can hold is refused before reading on). */
typedef struct {
  const char *label;
  unsigned char bytes[40];
  size_t n;
  nnc_status status;
  const char *message;
  const char *gz_start;
} BadIdx;

static const BadIdx bad[] = {
    {"empty", {0}, 0, NNC_ERR_CORRUPT,
     "offset 0: truncated: 0 bytes are too few for an IDX header", NULL},
    {"cut at 3", {0, 0, 8}, 3, NNC_ERR_CORRUPT,
     "offset 3: truncated: 3 bytes are too few for an IDX header", NULL},
    {"bad magic", {0x93, 'N', 'U', 'M', 'P', 'Y'}, 6, NNC_ERR_CORRUPT,
     "offset 0: not an IDX file (magic 93 4e, expected 00 00)", NULL},
    {"unknown type", {0, 0, 0x0A, 1, 0, 0, 0, 1, 5}, 9, NNC_ERR_CORRUPT,
     "offset 2: unknown IDX element type 0x0a (expected 08, 09, 0B, 0C, 0D or 0E)", NULL},
    {"rank 5", {0, 0, 8, 5}, 4, NNC_ERR_SHAPE, "offset 3: rank 5 is above nnc's limit of 4", NULL},
    {"cut in dims", {0, 0, 8, 3, 0, 0, 0, 1, 0, 0}, 10, NNC_ERR_CORRUPT,
     "offset 10: truncated in the dimensions (rank 3 needs 16 header bytes)", NULL},
    {"no data", {0, 0, 8, 1, 0, 0, 0, 2}, 8, NNC_ERR_CORRUPT,
     "offset 8: truncated or corrupt: dimensions 2 of u8 need 2 bytes of data, the file holds 0",
     NULL},
    {"one byte short", {0, 0, 0x0B, 2, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6, 7}, 19,
     NNC_ERR_CORRUPT,
     "offset 12: truncated or corrupt: dimensions 2x2 of i16 need 8 bytes of data, the file holds 7",
     NULL},
    {"2^40 elements", {0, 0, 8, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 2, 3}, 19, NNC_ERR_CORRUPT,
     "offset 16: truncated or corrupt: dimensions 65536x65536x256 of u8 need 1099511627776 bytes "
     "of data, the file holds 3",
     "offset 16 (decompressed): truncated or corrupt: dimensions 65536x65536x256 of u8 need "
     "1099511627776 bytes of data, more than a gzip file of "},
    {"overflowing dims", {0, 0, 0x0E, 4, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
                          255, 255, 255, 255}, 20, NNC_ERR_CORRUPT,
     "offset 20: truncated or corrupt: dimensions 4294967295x4294967295x4294967295x4294967295 of "
     "f64 need more than 18446744073709551615 bytes of data, the file holds 0",
     "offset 20 (decompressed): truncated or corrupt: dimensions 4294967295x4294967295x4294967295x"
     "4294967295 of f64 need more than 18446744073709551615 bytes of data, more than a gzip file "
     "of "},
    {"trailing", {0, 0, 8, 1, 0, 0, 0, 2, 1, 2, 3}, 11, NNC_ERR_CORRUPT,
     "offset 10: 1 trailing bytes after the data (dimensions 2 of u8)", NULL},
};

Test(runtime, idx_corrupt_files_name_file_and_offset) {
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    for (int gz = 0; gz < 2; gz++) {
      char name[32];
      snprintf(name, sizeof name, "bad%zu.idx%s", i, gz ? ".gz" : "");
      const char *p = write_bytes(name, bad[i].bytes, bad[i].n, gz);
      nnc_tensor *t = (nnc_tensor *)1;
      nnc_status s = nnc_tensor_load_idx(p, NNC_F32, 0, &t);
      cr_assert_eq(s, bad[i].status, "%s: %s", bad[i].label, nnc_last_error());
      cr_assert_null(t, "%s", bad[i].label);
      /* offsets into a gzip file's decompressed bytes say so */
      char msg[600];
      snprintf(msg, sizeof msg, "%s", bad[i].message);
      if (gz && bad[i].gz_start) {
        snprintf(msg, sizeof msg, "%s: %s", p, bad[i].gz_start);
        cr_assert(strncmp(nnc_last_error(), msg, strlen(msg)) == 0, "%s (gzip): %s",
                  bad[i].label, nnc_last_error());
        continue;
      }
      if (gz) {
        char *colon = strchr(msg, ':');
        memmove(colon + 15, colon, strlen(colon) + 1);
        memcpy(colon, " (decompressed)", 15);
      }
      char want[700];
      snprintf(want, sizeof want, "%s: %s", p, msg);
      cr_assert_str_eq(nnc_last_error(), want, "%s%s", bad[i].label, gz ? " (gzip)" : "");
    }
  }
}

Test(runtime, idx_truncated_or_damaged_gzip_is_corrupt) {
  unsigned char b[600], px[512];
  for (int i = 0; i < 512; i++)
    px[i] = (unsigned char)(i * 7);
  uint32_t dims[2] = {16, 32};
  const char *p = write_bytes("g-ubyte.gz", b, idx(b, 0x08, 2, dims, px, 512), true);
  FILE *f = fopen(p, "rb");
  unsigned char z[1024];
  size_t n = fread(z, 1, sizeof z, f);
  fclose(f);
  nnc_tensor *t;
  for (size_t cut = 10; cut < n; cut += 17) {
    const char *q = write_bytes("cut-ubyte.gz", z, cut, false);
    cr_assert_eq(nnc_tensor_load(q, NNC_F32, &t), NNC_ERR_CORRUPT, "cut at %zu: %s", cut,
                 nnc_last_error());
    cr_assert(strstr(nnc_last_error(), "bad gzip stream"), "%s", nnc_last_error());
  }
  z[n / 2] ^= 0xff;
  const char *q = write_bytes("flip-ubyte.gz", z, n, false);
  cr_assert_eq(nnc_tensor_load(q, NNC_F32, &t), NNC_ERR_CORRUPT, "%s", nnc_last_error());
  cr_assert(strstr(nnc_last_error(), q), "%s", nnc_last_error());
}

Test(runtime, idx_missing_file_directory_and_bad_arguments) {
  nnc_tensor *t;
  const char *p = test_path("absent-ubyte");
  cr_assert_eq(nnc_tensor_load_idx(p, NNC_F32, 0, &t), NNC_ERR_IO);
  cr_assert(strstr(nnc_last_error(), p) && strstr(nnc_last_error(), "No such file"), "%s",
            nnc_last_error());
  p = test_path("dir-ubyte");
  cr_assert_eq(mkdir(p, 0700), 0);
  cr_assert_eq(nnc_tensor_load(p, NNC_F32, &t), NNC_ERR_IO);
  cr_assert(strstr(nnc_last_error(), "it is a directory"), "%s", nnc_last_error());
  unsigned char b[64];
  int16_t v[1] = {0};
  uint32_t dims[1] = {1};
  p = write_bytes("w.idx", b, idx(b, 0x0B, 1, dims, v, 2), false);
  cr_assert_eq(nnc_tensor_load_idx(p, NNC_F32, NNC_IDX_SCALE, &t), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "NNC_IDX_SCALE applies to u8 data; the file holds i16"), "%s",
            nnc_last_error());
  cr_assert_eq(nnc_tensor_load_idx(p, NNC_F32, 6, &t), NNC_ERR_ARG);
  cr_assert_eq(nnc_tensor_load_idx(p, (nnc_dtype)9, 0, &t), NNC_ERR_ARG);
  cr_assert_eq(nnc_tensor_load_idx(NULL, NNC_F32, 0, &t), NNC_ERR_ARG);
  cr_assert_eq(nnc_tensor_load_idx(p, NNC_F32, 0, NULL), NNC_ERR_ARG);
}

static nnc_status load_idx(void *p) {
  nnc_tensor *t;
  nnc_status s = nnc_tensor_load_idx(p, NNC_F32, NNC_IDX_SCALE, &t);
  nnc_tensor_free(t);
  return s;
}

Test(runtime, idx_out_of_memory_is_clean) {
  unsigned char b[64], px[6] = {1, 2, 3, 4, 5, 6};
  uint32_t dims[2] = {2, 3};
  size_t n = idx(b, 0x08, 2, dims, px, 6);
  cr_assert_gt(test_until_ok(load_idx, (void *)write_bytes("m-ubyte", b, n, false), 0), 1);
  cr_assert_gt(test_until_ok(load_idx, (void *)write_bytes("m-ubyte.gz", b, n, true), 0), 1);
}
