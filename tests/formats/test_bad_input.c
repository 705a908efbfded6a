/* test_bad_input.c — broken data files, one table per reader: each must give a clear error
 * status whose message names the file, never a crash, an abort, a hang or an allocation the
 * file cannot back.
 *
 * Every case is written to a fresh file and loaded through the public nnc_tensor_load (the
 * file's extension chooses the reader). While a case loads, an allocator is installed that
 * records the largest single request; it must stay within a bound proportional to the file
 * (BOUND below), which is what "no impossible allocation" means for a header that claims
 * 2^40 elements. Each test carries a timeout, so a reader that hangs fails.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "formats.h"

static char dir[64];

static void make_dir(void) {
  strcpy(dir, "/tmp/nnc_bad_XXXXXX");
  cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  cr_assert_eq(system(cmd), 0);
}

TestSuite(runtime, .init = make_dir, .fini = remove_dir, .timeout = 20);

/* ---- the allocation watch ---------------------------------------------------------- */

static size_t largest; /* the largest single request since watch_start */

static void *watch_realloc(void *user, void *p, size_t n) {
  (void)user;
  if (n > largest)
    largest = n;
  return realloc(p, n);
}

static void watch_free(void *user, void *p) {
  (void)user;
  free(p);
}

/* What a broken file of n bytes may make the reader allocate at once: a fixed allowance for
 * buffers and messages, plus a small multiple of what the file holds (a gzip'd file may
 * inflate about 1000-fold, and is judged by what it inflates to). */
#define BOUND(n) ((size_t)1 << 20 | (size_t)(n) * 16)

/* ---- writing cases ------------------------------------------------------------------ */

static const char *path_of(const char *name) {
  static char buf[256];
  snprintf(buf, sizeof buf, "%s/%s", dir, name);
  return buf;
}

static const char *write_bytes(const char *name, const void *bytes, size_t n) {
  const char *p = path_of(name);
  FILE *f = fopen(p, "wb");
  cr_assert_not_null(f, "%s", p);
  cr_assert_eq(fwrite(bytes, 1, n, f), n);
  cr_assert_eq(fclose(f), 0);
  return p;
}

/* A .npy image in buf: preamble of version major, dict (dlen bytes) padded with spaces and a
 * newline to a multiple of 64, then ndata bytes of data (a counting pattern). */
static size_t npy_image(unsigned char *buf, size_t cap, int major, const char *dict,
                        size_t dlen, size_t ndata) {
  size_t pre = major == 1 ? 10 : 12;
  size_t pad = (64 - (pre + dlen + 1) % 64) % 64, hlen = dlen + pad + 1;
  cr_assert_leq(pre + hlen + ndata, cap);
  memcpy(buf, "\x93NUMPY", 6);
  buf[6] = (unsigned char)major;
  buf[7] = 0;
  for (size_t i = 0; i < pre - 8; i++)
    buf[8 + i] = (unsigned char)(hlen >> (8 * i));
  memcpy(buf + pre, dict, dlen);
  memset(buf + pre + dlen, ' ', pad);
  buf[pre + dlen + pad] = '\n';
  for (size_t i = 0; i < ndata; i++)
    buf[pre + hlen + i] = (unsigned char)i;
  return pre + hlen + ndata;
}

/* ---- the check every case goes through ---------------------------------------------- */

/* A reader as the tests call it: loads path, frees what it made, tells whether a result was
 * left behind (it must not be, on failure). */
typedef nnc_status (*LoadFn)(const char *path, bool *left);

static nnc_status tensor_as(const char *path, nnc_dtype want, bool *left) {
  nnc_tensor *t = (nnc_tensor *)1;
  nnc_status s = nnc_tensor_load(path, want, &t);
  *left = t != NULL && s != NNC_OK;
  if (s == NNC_OK)
    nnc_tensor_free(t);
  return s;
}

static nnc_status load_f32(const char *path, bool *left) {
  return tensor_as(path, NNC_F32, left);
}

static nnc_status load_i32(const char *path, bool *left) {
  return tensor_as(path, NNC_I32, left);
}

static nnc_status load_idx_scaled(const char *path, bool *left) {
  nnc_tensor *t = (nnc_tensor *)1;
  nnc_status s = nnc_tensor_load_idx(path, NNC_F32, NNC_IDX_SCALE, &t);
  *left = t != NULL && s != NNC_OK;
  if (s == NNC_OK)
    nnc_tensor_free(t);
  return s;
}

static nnc_status load_st(const char *path, bool *left) {
  StSet *set = (StSet *)1;
  nnc_status s = fmt_st_read(path, &set);
  *left = set != NULL && s != NNC_OK;
  if (s == NNC_OK)
    fmt_st_free(set);
  return s;
}

/* Loads path; the status must be `expect`, no result left, a one-line message naming the
 * file, and no single allocation beyond BOUND(file_size). */
static void expect_bad_with(LoadFn load, const char *label, const char *path, size_t file_size,
                            nnc_status expect) {
  nnc_allocator a = {watch_realloc, watch_free, NULL};
  largest = 0;
  nnc_set_allocator(&a);
  bool left = false;
  nnc_status s = load(path, &left);
  nnc_set_allocator(NULL);
  const char *msg = nnc_last_error();
  cr_expect_eq(s, expect, "%s: status %s, expected %s: %s", label, nnc_status_name(s),
               nnc_status_name(expect), msg);
  cr_expect(!left, "%s: a failed load left a result", label);
  cr_expect_not_null(strstr(msg, path), "%s: the message does not name the file: %s", label, msg);
  cr_expect_null(strchr(msg, '\n'), "%s: the message is not one line: %s", label, msg);
  cr_expect_leq(largest, BOUND(file_size), "%s: allocated %zu bytes at once for a %zu-byte file",
                label, largest, file_size);
}

static void expect_bad(const char *label, const char *path, size_t file_size, nnc_dtype want,
                       nnc_status expect) {
  expect_bad_with(want == NNC_I32 ? load_i32 : load_f32, label, path, file_size, expect);
}

static void expect_bad_bytes(const char *label, const char *name, const void *bytes, size_t n,
                             nnc_status expect) {
  expect_bad(label, write_bytes(name, bytes, n), n, NNC_F32, expect);
}

/* ---- .npy ---------------------------------------------------------------------------- */

typedef struct {
  const char *label;
  int major;
  const char *dict;
  size_t ndata;            /* data bytes after the header */
  nnc_status expect;
} NpyCase;

static const NpyCase npy_cases[] = {
    /* dtypes nnc does not read */
    {"half floats", 1, "{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", 4, NNC_ERR_TYPE},
    {"big-endian f4", 1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8, NNC_ERR_TYPE},
    {"booleans", 1, "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", 2, NNC_ERR_TYPE},
    {"Python objects", 1, "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", 8, NNC_ERR_TYPE},
    {"a structured dtype", 1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", 4, NNC_ERR_CORRUPT},
    {"a dtype that is not UTF-8", 1, "{'descr': '\xff\xfe\x80', 'fortran_order': False, 'shape': (1,), }", 4, NNC_ERR_TYPE},
    {"a dtype string far too long", 1, "{'descr': '<f4444444444444444444444444444444444444444', 'fortran_order': False, 'shape': (1,), }", 4, NNC_ERR_CORRUPT},
    /* absurd or negative sizes: refused before any buffer of that size exists */
    {"2^40 elements", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776,), }", 8, NNC_ERR_CORRUPT},
    {"2^20 x 2^20 elements", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1048576, 1048576), }", 8, NNC_ERR_CORRUPT},
    {"an element count that overflows int64", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }", 8, NNC_ERR_CORRUPT},
    {"a zero dimension beside an overflowing count", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4611686018427387904, 4), }", 0, NNC_ERR_CORRUPT},
    {"a dimension beyond int64", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", 4, NNC_ERR_CORRUPT},
    {"a negative dimension", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", 4, NNC_ERR_CORRUPT},
    {"a zero dimension but data", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3), }", 12, NNC_ERR_CORRUPT},
    {"rank 5", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1, 1, 1), }", 4, NNC_ERR_SHAPE},
    {"a float dimension", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2.0,), }", 8, NNC_ERR_CORRUPT},
    {"a nested shape", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': ((2,),), }", 8, NNC_ERR_CORRUPT},
    {"a shape as a list", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': [2], }", 8, NNC_ERR_CORRUPT},
    {"an unclosed shape", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, }", 8, NNC_ERR_CORRUPT},
    /* data that disagrees with the shape */
    {"data truncated", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", 20, NNC_ERR_CORRUPT},
    {"no data at all", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (5, 5), }", 0, NNC_ERR_CORRUPT},
    {"trailing data", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 12, NNC_ERR_CORRUPT},
    {"trailing data, version 2", 2, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", 9, NNC_ERR_CORRUPT},
    /* malformed dicts */
    {"a string that swallows the next key", 1, "{'descr': '<f4, 'fortran_order': False, 'shape': (2,), }", 8, NNC_ERR_TYPE},
    {"an unterminated string", 1, "{'descr': '<f4}", 8, NNC_ERR_CORRUPT},
    {"an unterminated key", 1, "{'descr': '<f4', 'fortran_order", 0, NNC_ERR_CORRUPT},
    {"fortran order", 1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16, NNC_ERR_CORRUPT},
    {"fortran order not a bool", 1, "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }", 8, NNC_ERR_CORRUPT},
    {"no shape", 1, "{'descr': '<f4', 'fortran_order': False, }", 4, NNC_ERR_CORRUPT},
    {"no descr", 1, "{'fortran_order': False, 'shape': (1,), }", 4, NNC_ERR_CORRUPT},
    {"a repeated key", 1, "{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 4, NNC_ERR_CORRUPT},
    {"an unknown key", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'dtype': 1, }", 4, NNC_ERR_CORRUPT},
    {"a key that is not UTF-8", 1, "{'\xc3\x28\xa0': '<f4', 'fortran_order': False, 'shape': (1,), }", 4, NNC_ERR_CORRUPT},
    {"an empty dict", 1, "{}", 0, NNC_ERR_CORRUPT},
    {"a list, not a dict", 1, "['<f4', False, (1,)]", 4, NNC_ERR_CORRUPT},
    {"an unclosed dict", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)", 4, NNC_ERR_CORRUPT},
    {"text after the dict", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } junk", 4, NNC_ERR_CORRUPT},
    {"an empty header", 1, "", 0, NNC_ERR_CORRUPT},
    {"version 3 with a bad key", 3, "{'descr': '<f4', 'fortran_order': False, 'sh\xe9pe': (1,), }", 4, NNC_ERR_CORRUPT},
};

Test(runtime, bad_npy_headers) {
  unsigned char buf[512];
  char name[32];
  for (size_t i = 0; i < sizeof npy_cases / sizeof npy_cases[0]; i++) {
    const NpyCase *c = &npy_cases[i];
    size_t n = npy_image(buf, sizeof buf, c->major, c->dict, strlen(c->dict), c->ndata);
    snprintf(name, sizeof name, "case%zu.npy", i);
    expect_bad_bytes(c->label, name, buf, n, c->expect);
  }
}

typedef struct {
  const char *label;
  const char *bytes;
  size_t n;
  nnc_status expect;
} RawCase;

#define RAW(label, lit, expect) {label, lit, sizeof lit - 1, expect}

static const RawCase npy_raw[] = {
    RAW("an empty file", "", NNC_ERR_CORRUPT),
    RAW("half a magic", "\x93NUM", NNC_ERR_CORRUPT),
    RAW("a wrong magic", "\x93NUMPZ\x01\x00\x10\x00{}              ", NNC_ERR_CORRUPT),
    RAW("a zip (.npz) named .npy", "PK\x03\x04\x14\x00\x00\x00\x08\x00", NNC_ERR_CORRUPT),
    RAW("gzip bytes named .npy", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", NNC_ERR_CORRUPT),
    RAW("plain text", "1.0, 2.0, 3.0\n", NNC_ERR_CORRUPT),
    RAW("version 0", "\x93NUMPY\x00\x00\x02\x00{}", NNC_ERR_CORRUPT),
    RAW("version 4", "\x93NUMPY\x04\x00\x02\x00{}", NNC_ERR_CORRUPT),
    RAW("version 255", "\x93NUMPY\xff\xff\x02\x00{}", NNC_ERR_CORRUPT),
    RAW("a header length past the end", "\x93NUMPY\x01\x00\xff\xff{'descr': '<f4'}", NNC_ERR_CORRUPT),
    RAW("a 4 GiB version-2 header length", "\x93NUMPY\x02\x00\xff\xff\xff\xff{}", NNC_ERR_CORRUPT),
    RAW("a version-2 header length cut short", "\x93NUMPY\x02\x00\x10", NNC_ERR_CORRUPT),
    RAW("a header length of zero", "\x93NUMPY\x01\x00\x00\x00\x00\x00\x80\x3f", NNC_ERR_CORRUPT),
    RAW("a NUL inside the dict", "\x93NUMPY\x01\x00\x0c\x00{'de\0cr': 1}", NNC_ERR_CORRUPT),
    RAW("only NULs", "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", NNC_ERR_CORRUPT),
};

Test(runtime, bad_npy_raw_bytes) {
  char name[32];
  for (size_t i = 0; i < sizeof npy_raw / sizeof npy_raw[0]; i++) {
    snprintf(name, sizeof name, "raw%zu.npy", i);
    expect_bad_bytes(npy_raw[i].label, name, npy_raw[i].bytes, npy_raw[i].n, npy_raw[i].expect);
  }
}

/* A valid file cut at every offset where the reader changes what it expects: inside the
 * magic, at the version, the header length, inside and at the end of the dict, at the
 * first and last data byte. */
Test(runtime, npy_truncated_at_every_interesting_offset) {
  unsigned char buf[256];
  static const char dict[] = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  for (int major = 1; major <= 2; major++) {
    size_t n = npy_image(buf, sizeof buf, major, dict, sizeof dict - 1, 24);
    size_t data_at = n - 24, pre = major == 1 ? 10 : 12;
    size_t cuts[] = {0, 1, 5, 6, 7, 8, 9, pre, pre + 1, pre + 20, data_at - 1, data_at,
                     data_at + 1, data_at + 4, n - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
      char label[64], name[32];
      snprintf(label, sizeof label, "version %d cut at %zu of %zu", major, cuts[i], n);
      snprintf(name, sizeof name, "cut%d_%zu.npy", major, cuts[i]);
      expect_bad_bytes(label, name, buf, cuts[i], NNC_ERR_CORRUPT);
    }
  }
  /* and the whole file loads, so the cuts above are what broke it */
  size_t n = npy_image(buf, sizeof buf, 1, dict, sizeof dict - 1, 24);
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_load(write_bytes("whole.npy", buf, n), NNC_F32, &t), NNC_OK, "%s",
               nnc_last_error());
  nnc_tensor_free(t);
}

/* ---- CSV ----------------------------------------------------------------------------- */

typedef struct {
  const char *label;
  const char *name;        /* its extension picks the reader */
  const char *bytes;
  size_t n;
  nnc_dtype want;
  nnc_status expect;
} FileCase;

#define CSV(label, lit, want, expect) {label, "c.csv", lit, sizeof lit - 1, want, expect}

static const FileCase csv_cases[] = {
    CSV("an empty file", "", NNC_F32, NNC_ERR_CORRUPT),
    CSV("only blank lines", "\n\r\n  \n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("only a header", "a,b,c\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("a short row", "1,2,3\n4,5\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("a long row", "1,2\n3,4,5\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("an empty field", "1,,3\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("a trailing comma", "1,2,\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("NaN", "1,nan\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("Inf", "-inf,1\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("text in the data", "x,y\n1,2\n3,abc\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("a hexadecimal number", "0x10\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("out of range for f32", "1e39\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("out of range for f64", "1e999\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("not whole for i32", "1.5\n", NNC_I32, NNC_ERR_CORRUPT),
    CSV("beyond i32", "2147483648\n", NNC_I32, NNC_ERR_CORRUPT),
    CSV("semicolons", "1;2;3\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("a quoted field", "\"1\",2\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("an unterminated quote", "1,2\n\"3,4\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("bytes that are not UTF-8", "1,2\n\xff\xfe,\x80\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("an escape sequence", "1,2\n3,\x1b[31m\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("a NUL byte", "1,2\n3,\0\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("a lone sign", "1,-\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("a lone dot", ".,1\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV("a bare exponent", "1e\n", NNC_F32, NNC_ERR_CORRUPT),
    CSV(".npy bytes named .csv", "\x93NUMPY\x01\x00\x02\x00{}", NNC_F32, NNC_ERR_CORRUPT),
    {"a truncated gzip stream", "c.csv.gz", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\x33\xd4\x31", 13,
     NNC_F32, NNC_ERR_CORRUPT},
    {"a gzip header and garbage", "c.csv.gz", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xff\xff\xff\xff", 14,
     NNC_F32, NNC_ERR_CORRUPT},
};

static void run_file_cases(const FileCase *cases, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char name[64];
    snprintf(name, sizeof name, "%zu_%s", i, cases[i].name);
    expect_bad(cases[i].label, write_bytes(name, cases[i].bytes, cases[i].n), cases[i].n,
               cases[i].want, cases[i].expect);
  }
}

Test(runtime, bad_csv_files) {
  run_file_cases(csv_cases, sizeof csv_cases / sizeof csv_cases[0]);
}

/* ---- IDX ----------------------------------------------------------------------------- */

#define IDX(label, lit, expect) {label, "i.idx", lit, sizeof lit - 1, NNC_F32, expect}

static const FileCase idx_cases[] = {
    IDX("an empty file", "", NNC_ERR_CORRUPT),
    IDX("a wrong magic", "\x01\x00\x08\x01\x00\x00\x00\x01\x05", NNC_ERR_CORRUPT),
    IDX("an unknown element type", "\x00\x00\x0a\x01\x00\x00\x00\x01\x05", NNC_ERR_CORRUPT),
    IDX("rank 5", "\x00\x00\x08\x05\0\0\0\1\0\0\0\1\0\0\0\1\0\0\0\1\0\0\0\1\x07", NNC_ERR_SHAPE),
    IDX("rank 255", "\x00\x00\x08\xff\0\0\0\1", NNC_ERR_SHAPE),
    IDX("dimensions cut short", "\x00\x00\x08\x02\x00\x00\x00\x02\x00\x00", NNC_ERR_CORRUPT),
    IDX("2^32-1 x 2^32-1 elements", "\x00\x00\x0e\x02\xff\xff\xff\xff\xff\xff\xff\xff\1\2\3\4\5\6\7\x08", NNC_ERR_CORRUPT),
    IDX("2^40 elements in 8 bytes", "\x00\x00\x08\x02\x00\x10\x00\x00\x00\x10\x00\x00\1\2\3\4\5\6\7\x08", NNC_ERR_CORRUPT),
    IDX("data cut short", "\x00\x00\x0e\x01\x00\x00\x00\x02\0\0\0\0\0\0\0\0\0\0\0", NNC_ERR_CORRUPT),
    IDX("trailing bytes", "\x00\x00\x08\x01\x00\x00\x00\x02\x01\x02\x03", NNC_ERR_CORRUPT),
    IDX("a zero dimension but data", "\x00\x00\x08\x02\x00\x00\x00\x00\x00\x00\x00\x03\x01", NNC_ERR_CORRUPT),
    IDX("text named .idx", "1,2,3\n", NNC_ERR_CORRUPT),
    {"a bad magic named -ubyte", "train-images-idx3-ubyte", "\x00\x00\x08", 3, NNC_F32, NNC_ERR_CORRUPT},
    {"a truncated gzip stream", "i.idx.gz", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\x63\x60\xe0", 13,
     NNC_F32, NNC_ERR_CORRUPT},
};

Test(runtime, bad_idx_files) {
  run_file_cases(idx_cases, sizeof idx_cases / sizeof idx_cases[0]);
  /* scaling applies to u8 pixels only */
  static const char f32[] = "\x00\x00\x0d\x01\x00\x00\x00\x01\x3f\x80\x00\x00";
  const char *p = write_bytes("f32.idx", f32, sizeof f32 - 1);
  expect_bad_with(load_idx_scaled, "NNC_IDX_SCALE on f32 data", p, sizeof f32 - 1, NNC_ERR_ARG);
}

/* A valid u8 [2, 3] IDX file cut at every byte. */
Test(runtime, idx_truncated_at_every_offset) {
  static const char whole[] = "\x00\x00\x08\x02\x00\x00\x00\x02\x00\x00\x00\x03\x00\x01\x02\x80\xfe\xff";
  for (size_t cut = 0; cut < sizeof whole - 1; cut++) {
    char label[48], name[32];
    snprintf(label, sizeof label, "IDX cut at %zu", cut);
    snprintf(name, sizeof name, "cut%zu.idx", cut);
    expect_bad_bytes(label, name, whole, cut, NNC_ERR_CORRUPT);
  }
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_load(write_bytes("whole.idx", whole, sizeof whole - 1), NNC_F32, &t),
               NNC_OK, "%s", nnc_last_error());
  nnc_tensor_free(t);
}

/* A gzip'd IDX file: an u8 header of the given dimensions, then `zeros` zero bytes (the data
 * and whatever follows it), deflated at level 9, about 1000 to 1. */
static const char *gzip_bomb(const char *name, uint32_t d0, uint32_t d1, size_t zeros,
                             size_t *file_size) {
  const char *p = path_of(name);
  gzFile g = gzopen(p, "wb1"); /* fast: zeros compress ~1000:1 at any level */
  cr_assert_not_null(g);
  unsigned char head[12] = {0, 0, 8, 2};
  for (int i = 0; i < 4; i++) {
    head[4 + i] = (unsigned char)(d0 >> (24 - 8 * i));
    head[8 + i] = (unsigned char)(d1 >> (24 - 8 * i));
  }
  cr_assert_eq(gzwrite(g, head, sizeof head), (int)sizeof head);
  static unsigned char block[1 << 16];
  for (size_t done = 0; done < zeros; done += sizeof block)
    cr_assert_eq(gzwrite(g, block, sizeof block), (int)sizeof block);
  cr_assert_eq(gzclose(g), Z_OK);
  struct stat st;
  cr_assert_eq(stat(p, &st), 0);
  *file_size = (size_t)st.st_size;
  return p;
}

/* 256 MB of zeros behind a header that announces 4x4 pixels: refused after inflating what
 * the header justifies (and a few KB), not 256 MB; the same bomb behind a header announcing
 * 2^32 pixels, more than its ~250 KB can inflate to, is refused before any data is read. */
Test(runtime, idx_gzip_bomb_is_refused_at_the_size_its_header_announces, .timeout = 90) {
  size_t n;
  const char *p = gzip_bomb("bomb-ubyte.gz", 4, 4, (size_t)256 << 20, &n);
  expect_bad("a gzip bomb behind a 4x4 header", p, n, NNC_F32, NNC_ERR_CORRUPT);
  cr_expect(strstr(nnc_last_error(), "at least") && strstr(nnc_last_error(), "trailing bytes"),
            "%s", nnc_last_error());
  p = gzip_bomb("huge-ubyte.gz", 65536, 65536, (size_t)256 << 20, &n);
  expect_bad("a gzip bomb behind a 2^32-pixel header", p, n, NNC_F32, NNC_ERR_CORRUPT);
  cr_expect(strstr(nnc_last_error(), "more than a gzip file of"), "%s", nnc_last_error());
}

/* ---- safetensors ----------------------------------------------------------------------- */

/* A safetensors image: the 8-byte length, the JSON as given (no padding), ndata data bytes. */
static size_t st_image(unsigned char *buf, size_t cap, const char *json, size_t ndata) {
  size_t n = strlen(json);
  cr_assert_leq(8 + n + ndata, cap);
  for (int i = 0; i < 8; i++)
    buf[i] = (unsigned char)((uint64_t)n >> (8 * i));
  memcpy(buf + 8, json, n);
  memset(buf + 8 + n, 0, ndata);
  return 8 + n + ndata;
}

typedef struct {
  const char *label;
  const char *json;
  size_t ndata;
  nnc_status expect;
} StCase;

#define T1(body) "{\"w\":{" body "}}"

static const StCase st_cases[] = {
    {"not JSON", "{\"w\": {\"dtype\": \"F32\",", 4, NNC_ERR_CORRUPT},
    {"a JSON array", "[1, 2]", 0, NNC_ERR_CORRUPT},
    {"JSON and then junk", "{} junk", 0, NNC_ERR_CORRUPT},
    {"an entry that is not an object", "{\"w\": 3}", 0, NNC_ERR_CORRUPT},
    {"F16", T1("\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]"), 4, NNC_ERR_TYPE},
    {"an unknown dtype", T1("\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,4]"), 4, NNC_ERR_CORRUPT},
    {"no dtype", T1("\"shape\":[1],\"data_offsets\":[0,4]"), 4, NNC_ERR_CORRUPT},
    {"rank 5", T1("\"dtype\":\"F32\",\"shape\":[1,1,1,1,1],\"data_offsets\":[0,4]"), 4, NNC_ERR_SHAPE},
    {"a negative dimension", T1("\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]"), 4, NNC_ERR_CORRUPT},
    {"a fractional dimension", T1("\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,4]"), 4, NNC_ERR_CORRUPT},
    {"a dimension as a string", T1("\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]"), 8, NNC_ERR_CORRUPT},
    {"2^40 elements the file lacks", T1("\"dtype\":\"F32\",\"shape\":[1099511627776],\"data_offsets\":[0,4398046511104]"), 8, NNC_ERR_CORRUPT},
    {"an element count that overflows", T1("\"dtype\":\"F64\",\"shape\":[4294967296,4294967296,4294967296],\"data_offsets\":[0,8]"), 8, NNC_ERR_CORRUPT},
    {"offsets reversed", T1("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]"), 4, NNC_ERR_CORRUPT},
    {"offsets that disagree with the shape", T1("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]"), 4, NNC_ERR_CORRUPT},
    {"offsets past the data", T1("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]"), 4, NNC_ERR_CORRUPT},
    {"offsets beyond 2^53", T1("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,1e300]"), 4, NNC_ERR_CORRUPT},
    {"three offsets", T1("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]"), 4, NNC_ERR_CORRUPT},
    {"an unknown key", T1("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1"), 4, NNC_ERR_CORRUPT},
    {"trailing data", T1("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]"), 8, NNC_ERR_CORRUPT},
    {"overlapping tensors",
     "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
     "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, NNC_ERR_CORRUPT},
    {"a gap between tensors",
     "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
     "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12, NNC_ERR_CORRUPT},
    {"a name given twice",
     "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
     "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, NNC_ERR_CORRUPT},
    {"metadata that is not strings", "{\"__metadata__\":{\"step\":3}}", 0, NNC_ERR_CORRUPT},
    {"metadata that is not an object", "{\"__metadata__\":[\"a\"]}", 0, NNC_ERR_CORRUPT},
    {"an unterminated string", "{\"w\":{\"dtype\":\"F32}}", 0, NNC_ERR_CORRUPT},
};

Test(runtime, bad_safetensors_headers) {
  unsigned char buf[1024];
  for (size_t i = 0; i < sizeof st_cases / sizeof st_cases[0]; i++) {
    char name[32];
    snprintf(name, sizeof name, "case%zu.safetensors", i);
    size_t n = st_image(buf, sizeof buf, st_cases[i].json, st_cases[i].ndata);
    expect_bad_with(load_st, st_cases[i].label, write_bytes(name, buf, n), n, st_cases[i].expect);
  }
}

static const RawCase st_raw[] = {
    RAW("an empty file", "", NNC_ERR_CORRUPT),
    RAW("7 bytes", "\x02\0\0\0\0\0\0", NNC_ERR_CORRUPT),
    RAW("a 2^63-byte header", "\0\0\0\0\0\0\0\x80{}", NNC_ERR_CORRUPT),
    RAW("a header length past the end", "\x40\0\0\0\0\0\0\0{}", NNC_ERR_CORRUPT),
    RAW("a header length of zero", "\0\0\0\0\0\0\0\0{}", NNC_ERR_CORRUPT),
    RAW("a NUL after the JSON", "\x04\0\0\0\0\0\0\0{}\0 ", NNC_ERR_CORRUPT),
    RAW("a NUL inside the JSON", "\x08\0\0\0\0\0\0\0{\"a\0\":{}}", NNC_ERR_CORRUPT),
    RAW("a .npy file named .safetensors", "\x93NUMPY\x01\x00\x02\x00{}", NNC_ERR_CORRUPT),
};

Test(runtime, bad_safetensors_raw_bytes) {
  for (size_t i = 0; i < sizeof st_raw / sizeof st_raw[0]; i++) {
    char name[32];
    snprintf(name, sizeof name, "raw%zu.safetensors", i);
    const char *p = write_bytes(name, st_raw[i].bytes, st_raw[i].n);
    expect_bad_with(load_st, st_raw[i].label, p, st_raw[i].n, st_raw[i].expect);
  }
  /* JSON nested 100000 deep: refused without exhausting the stack */
  size_t depth = 100000, n = 8 + 2 * depth;
  unsigned char *b = malloc(n);
  cr_assert_not_null(b);
  st_image(b, n, "", 0);
  for (int i = 0; i < 8; i++)
    b[i] = (unsigned char)((uint64_t)(2 * depth) >> (8 * i));
  memset(b + 8, '[', depth);
  memset(b + 8 + depth, ']', depth);
  const char *p = write_bytes("deep.safetensors", b, n);
  free(b);
  expect_bad_with(load_st, "JSON nested 100000 deep", p, n, NNC_ERR_CORRUPT);
}

/* ---- files that are not files ------------------------------------------------------- */

Test(runtime, bad_paths) {
  const char *p = path_of("missing.npy");
  expect_bad("a missing file", p, 0, NNC_F32, NNC_ERR_IO);
  p = path_of("adir.npy");
  cr_assert_eq(mkdir(p, 0700), 0);
  expect_bad("a directory", p, 0, NNC_F32, NNC_ERR_IO);
  p = path_of("nodir/x.npy");
  expect_bad("a missing directory", p, 0, NNC_F32, NNC_ERR_IO);
  expect_bad("/dev/null", "/dev/null", 0, NNC_F32, NNC_ERR_IO); /* a device, not a file */
  p = path_of("missing.csv");
  expect_bad("a missing CSV file", p, 0, NNC_F32, NNC_ERR_IO);
  p = path_of("adir.csv");
  cr_assert_eq(mkdir(p, 0700), 0);
  expect_bad("a directory named .csv", p, 0, NNC_F32, NNC_ERR_IO);
  p = path_of("adir.idx.gz");
  cr_assert_eq(mkdir(p, 0700), 0);
  expect_bad("a directory named .idx.gz", p, 0, NNC_F32, NNC_ERR_IO);
  p = path_of("adir.safetensors");
  cr_assert_eq(mkdir(p, 0700), 0);
  expect_bad_with(load_st, "a directory named .safetensors", p, 0, NNC_ERR_IO);
  expect_bad_with(load_st, "a missing .safetensors", path_of("none.safetensors"), 0, NNC_ERR_IO);
}
