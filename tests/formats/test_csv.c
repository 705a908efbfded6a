/* test_csv.c — numeric CSV loading: header modes, line ends, gzip, dtypes, the dispatch by
 * name, scikit-learn's digits when installed, and a table of bad files, each with its
 * status and its FILE:LINE:COL message. */
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

static const char *write_gz(const char *name, const char *text) {
  const char *p = test_path(name);
  gzFile g = gzopen(p, "wb");
  cr_assert_not_null(g);
  cr_assert_eq(gzwrite(g, text, (unsigned)strlen(text)), (int)strlen(text));
  gzclose(g);
  return p;
}

static void expect_matrix(nnc_tensor *t, int64_t rows, int64_t cols, const double *want) {
  cr_assert_eq(nnc_tensor_rank(t), 2);
  cr_assert_eq(nnc_tensor_dim(t, 0), rows);
  cr_assert_eq(nnc_tensor_dim(t, 1), cols);
  for (int64_t i = 0; i < rows * cols; i++)
    cr_assert_eq(rt_tensor_get(t, i), want[i], "element %lld: %g, want %g", (long long)i,
                 rt_tensor_get(t, i), want[i]);
}

static void load_ok(const char *p, nnc_dtype dt, nnc_csv_header h, int64_t rows, int64_t cols,
                    const double *want) {
  nnc_tensor *t = NULL;
  cr_assert_eq(nnc_tensor_load_csv(p, dt, h, &t), NNC_OK, "%s", nnc_last_error());
  expect_matrix(t, rows, cols, want);
  nnc_tensor_free(t);
}

Test(runtime, csv_loads_f64_and_f32) {
  const char *p = test_write_text("a.csv", "1,2,3\n4.5,-6e-1,+7E2\n");
  double want[6] = {1, 2, 3, 4.5, -0.6, 700};
  load_ok(p, NNC_F64, NNC_CSV_HEADER_AUTO, 2, 3, want);
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_load_csv(p, NNC_F32, NNC_CSV_HEADER_NONE, &t), NNC_OK);
  cr_assert_eq(nnc_tensor_dtype(t), NNC_F32);
  cr_assert_eq(((float *)nnc_tensor_data(t))[4], -0.6f);
  nnc_tensor_free(t);
}

Test(runtime, csv_loads_whole_numbers_as_i32) {
  const char *p = test_write_text("i.csv", "1,-2\n2147483647,-2147483648\n3.0,4e1\n");
  double want[6] = {1, -2, 2147483647.0, -2147483648.0, 3, 40};
  load_ok(p, NNC_I32, NNC_CSV_HEADER_NONE, 3, 2, want);
}

Test(runtime, csv_detects_a_header_row) {
  double want[4] = {1, 2, 3, 4};
  load_ok(test_write_text("h.csv", "x,\"y, the label\"\n1,2\n3,4\n"), NNC_F64, NNC_CSV_HEADER_AUTO,
          2, 2, want);
  load_ok(test_write_text("h2.csv", "1,2,3\n1,2\n3,4\n"), NNC_F64, NNC_CSV_HEADER_SKIP, 2, 2, want);
  load_ok(test_write_text("h3.csv", "a,b\n1,2\n3,4"), NNC_F64, NNC_CSV_HEADER_SKIP, 2, 2, want);
}

Test(runtime, csv_accepts_crlf_blanks_bom_and_no_final_newline) {
  double want[4] = {1, 2, 3, 4};
  load_ok(test_write_text("c1.csv", "1,2\r\n3,4\r\n"), NNC_F64, NNC_CSV_HEADER_AUTO, 2, 2, want);
  load_ok(test_write_text("c2.csv", "1,2\n3,4"), NNC_F64, NNC_CSV_HEADER_AUTO, 2, 2, want);
  load_ok(test_write_text("c3.csv", "\n 1 ,\t2\n\n  \n3,4\n\n"), NNC_F64, NNC_CSV_HEADER_AUTO, 2, 2,
          want);
  load_ok(test_write_text("c4.csv", "\xEF\xBB\xBFx,y\r\n1,2\r\n3,4"), NNC_F64,
          NNC_CSV_HEADER_AUTO, 2, 2, want);
  double one[1] = {5};
  load_ok(test_write_text("c5.csv", "5"), NNC_F64, NNC_CSV_HEADER_AUTO, 1, 1, one);
}

Test(runtime, csv_reads_gzip) {
  double want[6] = {1, 2, 3, 4, 5, 6};
  load_ok(write_gz("g.csv.gz", "a,b,c\n1,2,3\n4,5,6\n"), NNC_F32, NNC_CSV_HEADER_AUTO, 2, 3, want);
}

Test(runtime, tensor_load_dispatches_csv_by_name) {
  double want[4] = {1, 2, 3, 4};
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_load(test_write_text("d.csv", "p,q\n1,2\n3,4\n"), NNC_F64, &t), NNC_OK,
               "%s", nnc_last_error());
  expect_matrix(t, 2, 2, want);
  nnc_tensor_free(t);
  cr_assert_eq(nnc_tensor_load(write_gz("d.csv.gz", "1,2\n3,4\n"), NNC_F64, &t), NNC_OK, "%s",
               nnc_last_error());
  expect_matrix(t, 2, 2, want);
  nnc_tensor_free(t);
}

Test(runtime, csv_reads_sklearn_digits_when_installed) {
  const char *p = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";
  if (access(p, R_OK) != 0)
    cr_skip_test("python3-sklearn's digits.csv.gz is not installed");
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_load(p, NNC_F32, &t), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_tensor_dim(t, 0), 1797);
  cr_assert_eq(nnc_tensor_dim(t, 1), 65);
  const float *d = nnc_tensor_data(t);
  cr_assert_eq(d[2], 5.0f);   /* 0,0,5,13,9,1,... */
  cr_assert_eq(d[64], 0.0f);  /* the first label */
  cr_assert_eq(d[65 + 64], 1.0f);
  for (int64_t i = 0; i < nnc_tensor_numel(t); i++)
    cr_assert(d[i] >= 0 && d[i] <= 16, "element %lld is %g", (long long)i, d[i]);
  nnc_tensor_free(t);
}

/* A bad file: its contents, the mode and dtype, the status and the message after "PATH:". */
typedef struct {
  const char *text;
  nnc_dtype dtype;
  nnc_csv_header header;
  nnc_status status;
  const char *message;
} BadCsv;

static const BadCsv bad[] = {
    {"", NNC_F64, NNC_CSV_HEADER_AUTO, NNC_ERR_CORRUPT, "1:1: error: no data: the file is empty"},
    {"\n  \n", NNC_F64, NNC_CSV_HEADER_AUTO, NNC_ERR_CORRUPT, "3:1: error: no data: the file is empty"},
    {"a,b\n", NNC_F64, NNC_CSV_HEADER_AUTO, NNC_ERR_CORRUPT, "2:1: error: no data rows (only a header)"},
    {"1,2,3\n4,5\n", NNC_F64, NNC_CSV_HEADER_AUTO, NNC_ERR_CORRUPT,
     "2:4: error: ragged row: 2 fields, expected 3 as on line 1"},
    {"1,2\n3,4\n5,6,7\n", NNC_F64, NNC_CSV_HEADER_AUTO, NNC_ERR_CORRUPT,
     "3:5: error: ragged row: more than 2 fields, as on line 1"},
    {"1,2\n3,x4\n", NNC_F64, NNC_CSV_HEADER_AUTO, NNC_ERR_CORRUPT, "2:3: error: 'x4' is not a number"},
    {"x,y\n1,2\n3,abc\n", NNC_F64, NNC_CSV_HEADER_AUTO, NNC_ERR_CORRUPT,
     "3:3: error: 'abc' is not a number"},
    {"a,b\n1,2\n", NNC_F64, NNC_CSV_HEADER_NONE, NNC_ERR_CORRUPT, "1:1: error: 'a' is not a number"},
    {"1,,3\n", NNC_F64, NNC_CSV_HEADER_NONE, NNC_ERR_CORRUPT, "1:3: error: empty field (a missing value?)"},
    {"1,2,\n", NNC_F64, NNC_CSV_HEADER_NONE, NNC_ERR_CORRUPT, "1:5: error: empty field (a missing value?)"},
    {"1,nan\n", NNC_F64, NNC_CSV_HEADER_NONE, NNC_ERR_CORRUPT,
     "1:3: error: 'nan': NaN and Inf are not accepted in data files"},
    {"1,2\n-Inf,3\n", NNC_F64, NNC_CSV_HEADER_NONE, NNC_ERR_CORRUPT,
     "2:1: error: '-Inf': NaN and Inf are not accepted in data files"},
    {"1;2;3\n", NNC_F64, NNC_CSV_HEADER_NONE, NNC_ERR_CORRUPT,
     "1:1: error: '1;2;3' is not a number (fields are separated by ',' only)"},
    {"1\t2\n", NNC_F64, NNC_CSV_HEADER_NONE, NNC_ERR_CORRUPT,
     "1:1: error: '1\\t2' is not a number (fields are separated by ',' only)"},
    {"0x10,1\n", NNC_F64, NNC_CSV_HEADER_NONE, NNC_ERR_CORRUPT, "1:1: error: '0x10' is not a number"},
    {"1.,.\n", NNC_F64, NNC_CSV_HEADER_NONE, NNC_ERR_CORRUPT, "1:4: error: '.' is not a number"},
    {"1e,2\n", NNC_F64, NNC_CSV_HEADER_NONE, NNC_ERR_CORRUPT, "1:1: error: '1e' is not a number"},
    {"1,1e999\n", NNC_F64, NNC_CSV_HEADER_NONE, NNC_ERR_CORRUPT, "1:3: error: '1e999' is out of range for f64"},
    {"1,-1e39\n", NNC_F32, NNC_CSV_HEADER_NONE, NNC_ERR_CORRUPT, "1:3: error: '-1e39' is out of range for f32"},
    {"1,1.5\n", NNC_I32, NNC_CSV_HEADER_NONE, NNC_ERR_CORRUPT,
     "1:3: error: '1.5' is not an i32 (a whole number in range)"},
    {"2147483648\n", NNC_I32, NNC_CSV_HEADER_NONE, NNC_ERR_CORRUPT,
     "1:1: error: '2147483648' is not an i32 (a whole number in range)"},
    {"1,2\r\n3,4\r5\r\n", NNC_F64, NNC_CSV_HEADER_NONE, NNC_ERR_CORRUPT, "2:3: error: '4\\r5' is not a number"},
    {"1,2\n3,\x1b[31m\n", NNC_F64, NNC_CSV_HEADER_NONE, NNC_ERR_CORRUPT,
     "2:3: error: '\\x1b[31m' is not a number"},
    {"1,2\n3,x2345678901234567890123456789012345678901234567890\n", NNC_F64, NNC_CSV_HEADER_NONE,
     NNC_ERR_CORRUPT, "2:3: error: 'x234567890123456789012345678901234567890...' is not a number"},
};

Test(runtime, csv_bad_files_name_line_and_column) {
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char name[32];
    snprintf(name, sizeof name, "bad%zu.csv", i);
    const char *p = test_write_text(name, bad[i].text);
    nnc_tensor *t = (nnc_tensor *)1;
    nnc_status s = nnc_tensor_load_csv(p, bad[i].dtype, bad[i].header, &t);
    cr_assert_eq(s, bad[i].status, "case %zu: %s", i, nnc_last_error());
    cr_assert_null(t, "case %zu", i);
    char want[512];
    snprintf(want, sizeof want, "%s:%s", p, bad[i].message);
    cr_assert_str_eq(nnc_last_error(), want, "case %zu: %s", i, nnc_last_error());
  }
}

Test(runtime, csv_binary_file_is_refused) {
  const char *p = test_write("bin.csv", "1,2\n\0\x93NUMPY", 12);
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_load_csv(p, NNC_F64, NNC_CSV_HEADER_AUTO, &t), NNC_ERR_CORRUPT);
  cr_assert(strstr(nnc_last_error(), "offset 4: a NUL byte"), "%s", nnc_last_error());
}

Test(runtime, csv_missing_file_and_directory_are_io) {
  nnc_tensor *t;
  const char *p = test_path("absent.csv");
  cr_assert_eq(nnc_tensor_load_csv(p, NNC_F64, NNC_CSV_HEADER_AUTO, &t), NNC_ERR_IO);
  cr_assert(strstr(nnc_last_error(), p) && strstr(nnc_last_error(), "No such file"), "%s",
            nnc_last_error());
  p = test_path("adir.csv");
  cr_assert_eq(mkdir(p, 0700), 0);
  cr_assert_eq(nnc_tensor_load(p, NNC_F64, &t), NNC_ERR_IO);
  cr_assert(strstr(nnc_last_error(), "it is a directory"), "%s", nnc_last_error());
}

Test(runtime, csv_truncated_or_corrupt_gzip_is_corrupt) {
  const char *p = write_gz("t.csv.gz", "1,2,3\n4,5,6\n7,8,9\n10,11,12\n");
  FILE *f = fopen(p, "rb");
  char buf[256];
  size_t n = fread(buf, 1, sizeof buf, f);
  fclose(f);
  nnc_tensor *t;
  for (size_t cut = 12; cut < n; cut += 7) {
    const char *q = test_write("cut.csv.gz", buf, cut);
    cr_assert_eq(nnc_tensor_load_csv(q, NNC_F64, NNC_CSV_HEADER_AUTO, &t), NNC_ERR_CORRUPT,
                 "cut at %zu: %s", cut, nnc_last_error());
    cr_assert(strstr(nnc_last_error(), "bad gzip stream"), "%s", nnc_last_error());
  }
  buf[n - 6] ^= 0x55; /* the CRC-32 and length trailer */
  const char *q = test_write("crc.csv.gz", buf, n);
  cr_assert_eq(nnc_tensor_load_csv(q, NNC_F64, NNC_CSV_HEADER_AUTO, &t), NNC_ERR_CORRUPT, "%s",
               nnc_last_error());
  cr_assert(strstr(nnc_last_error(), q), "%s", nnc_last_error());
}

Test(runtime, csv_bad_arguments) {
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_load_csv(NULL, NNC_F64, NNC_CSV_HEADER_AUTO, &t), NNC_ERR_ARG);
  cr_assert_eq(nnc_tensor_load_csv("x.csv", NNC_F64, NNC_CSV_HEADER_AUTO, NULL), NNC_ERR_ARG);
  cr_assert_eq(nnc_tensor_load_csv("x.csv", (nnc_dtype)7, NNC_CSV_HEADER_AUTO, &t), NNC_ERR_ARG);
  cr_assert_eq(nnc_tensor_load_csv("x.csv", NNC_F64, (nnc_csv_header)9, &t), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "unknown header mode 9"), "%s", nnc_last_error());
}

static nnc_status load_csv(void *p) {
  nnc_tensor *t;
  nnc_status s = nnc_tensor_load_csv(p, NNC_F64, NNC_CSV_HEADER_AUTO, &t);
  nnc_tensor_free(t);
  return s;
}

Test(runtime, csv_out_of_memory_is_clean) {
  cr_assert_gt(test_until_ok(load_csv, (void *)test_write_text("m.csv", "a,b\n1,2\n3,4\n"), 0), 1);
  cr_assert_gt(test_until_ok(load_csv, (void *)write_gz("m.csv.gz", "a,b\n1,2\n3,4\n"), 0), 1);
}
