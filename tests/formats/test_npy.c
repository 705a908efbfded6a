/* test_npy.c — .npy loading and saving: every dtype and header version, round trips, and
 * corrupt files (each a clear status whose message names the file and an offset). */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats.h"

static char dir[64];

static void make_dir(void) {
  strcpy(dir, "/tmp/nnc_npy_XXXXXX");
  cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  cr_assert_eq(system(cmd), 0);
}

TestSuite(runtime, .init = make_dir, .fini = remove_dir);

static const char *path(const char *name) {
  static char buf[128];
  snprintf(buf, sizeof buf, "%s/%s", dir, name);
  return buf;
}

/* Writes a .npy of version `major` with the dict `dict` (padded to 64) and `n` data bytes. */
static const char *write_npy(const char *name, int major, const char *dict, const void *data,
                             size_t n) {
  const char *p = path(name);
  FILE *f = fopen(p, "wb");
  cr_assert_not_null(f);
  size_t pre = major == 1 ? 10 : 12, len = strlen(dict);
  size_t pad = (64 - (pre + len + 1) % 64) % 64, hlen = len + pad + 1;
  unsigned char head[12] = {0x93, 'N', 'U', 'M', 'P', 'Y', (unsigned char)major, 0};
  for (size_t i = 0; i < pre - 8; i++)
    head[8 + i] = (unsigned char)(hlen >> (8 * i));
  fwrite(head, 1, pre, f);
  fwrite(dict, 1, len, f);
  for (size_t i = 0; i < pad; i++)
    fputc(' ', f);
  fputc('\n', f);
  if (n)
    fwrite(data, 1, n, f);
  fclose(f);
  return p;
}

static const char *write_raw(const char *name, const void *bytes, size_t n) {
  const char *p = path(name);
  FILE *f = fopen(p, "wb");
  cr_assert_not_null(f);
  fwrite(bytes, 1, n, f);
  fclose(f);
  return p;
}

Test(runtime, npy_loads_f4_v1_as_f32) {
  float d[6] = {1, 2, 3, 4, 5, 6.5f};
  const char *p = write_npy("a.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", d, sizeof d);
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_load(p, NNC_F32, &t), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_tensor_rank(t), 2);
  cr_assert_eq(nnc_tensor_dim(t, 0), 2);
  cr_assert_eq(nnc_tensor_dim(t, 1), 3);
  cr_assert_arr_eq(nnc_tensor_data(t), d, sizeof d);
  nnc_tensor_free(t);
}

Test(runtime, npy_loads_every_dtype_and_version) {
  struct { const char *descr; unsigned char bytes[24]; size_t size; } cases[] = {
      {"<f4", {0}, 4}, {"<f8", {0}, 8}, {"|u1", {0}, 1}, {"<i4", {0}, 4}, {"<i8", {0}, 8},
  };
  double want[3] = {3, 0, 200};
  for (size_t c = 0; c < 5; c++) {
    for (int i = 0; i < 3; i++) {
      unsigned char *b = cases[c].bytes + i * cases[c].size;
      float f = (float)want[i];
      double dd = want[i];
      int32_t i4 = (int32_t)want[i];
      int64_t i8 = (int64_t)want[i];
      switch (cases[c].size * 10 + c) {
      case 40: memcpy(b, &f, 4); break;
      case 81: memcpy(b, &dd, 8); break;
      case 12: *b = (unsigned char)want[i]; break;
      case 43: memcpy(b, &i4, 4); break;
      case 84: memcpy(b, &i8, 8); break;
      }
    }
    for (int major = 1; major <= 3; major++) {
      char dict[128], name[32];
      snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': (3,), }",
               cases[c].descr);
      snprintf(name, sizeof name, "t%zu_%d.npy", c, major);
      const char *p = write_npy(name, major, dict, cases[c].bytes, 3 * cases[c].size);
      for (int dt = 0; dt < 3; dt++) {
        nnc_tensor *t;
        cr_assert_eq(nnc_tensor_load(p, (nnc_dtype)dt, &t), NNC_OK, "%s", nnc_last_error());
        cr_assert_eq(nnc_tensor_rank(t), 1);
        for (int i = 0; i < 3; i++)
          cr_assert_eq(rt_tensor_get(t, i), want[i], "%s v%d as %d", cases[c].descr, major, dt);
        nnc_tensor_free(t);
      }
    }
  }
}

Test(runtime, npy_loads_scalars_and_python2_longs) {
  double v = 2.5;
  const char *p = write_npy("s.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", &v, 8);
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_load(p, NNC_F64, &t), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_tensor_rank(t), 0);
  cr_assert_eq(*(double *)nnc_tensor_data(t), 2.5);
  nnc_tensor_free(t);
  p = write_npy("l.npy", 1, "{\"shape\": (1L, 1L), \"fortran_order\": False, \"descr\": \"<f8\"}", &v, 8);
  cr_assert_eq(nnc_tensor_load(p, NNC_F64, &t), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_tensor_dim(t, 1), 1);
  nnc_tensor_free(t);
}

Test(runtime, npy_save_then_load_round_trips) {
  int64_t shape[3] = {2, 3, 4};
  for (int dt = 0; dt < 3; dt++) {
    nnc_tensor *t, *u;
    cr_assert_eq(nnc_tensor_new((nnc_dtype)dt, 3, shape, &t), NNC_OK);
    for (int i = 0; i < 24; i++)
      rt_tensor_set(t, i, i * 1.5 - 7);
    cr_assert_eq(nnc_tensor_save(t, path("r.npy")), NNC_OK, "%s", nnc_last_error());
    cr_assert_eq(nnc_tensor_load(path("r.npy"), (nnc_dtype)dt, &u), NNC_OK, "%s", nnc_last_error());
    cr_assert_eq(nnc_tensor_rank(u), 3);
    for (int a = 0; a < 3; a++)
      cr_assert_eq(nnc_tensor_dim(u, a), shape[a]);
    cr_assert_arr_eq(t->data, u->data, 24 * rt_dtype_size((nnc_dtype)dt));
    nnc_tensor_free(t);
    nnc_tensor_free(u);
  }
  char cmd[256];
  snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -q nnc-", dir);
  cr_assert_neq(system(cmd), 0, "a temporary was left behind");
}

Test(runtime, npy_saved_header_is_numpy_v1_aligned) {
  int64_t shape[1] = {5};
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 1, shape, &t), NNC_OK);
  cr_assert_eq(nnc_tensor_save(t, path("h.npy")), NNC_OK);
  FILE *f = fopen(path("h.npy"), "rb");
  char buf[256] = {0};
  size_t n = fread(buf, 1, sizeof buf, f);
  fclose(f);
  cr_assert_eq(n, 128 + 20);
  cr_assert_eq(buf[6], 1);
  cr_assert_eq(buf[127], '\n');
  cr_assert(strstr(buf + 10, "'shape': (5,)"), "%s", buf + 10);
  nnc_tensor_free(t);
}

static void expect(const char *p, nnc_status want, const char *text) {
  nnc_tensor *t = (nnc_tensor *)1;
  nnc_status s = nnc_tensor_load(p, NNC_F32, &t);
  cr_assert_eq(s, want, "%s: got %s: %s", p, nnc_status_name(s), nnc_last_error());
  cr_assert_null(t);
  cr_assert(strstr(nnc_last_error(), p), "message lacks the path: %s", nnc_last_error());
  cr_assert(strstr(nnc_last_error(), text), "message lacks '%s': %s", text, nnc_last_error());
}

Test(runtime, npy_missing_file_is_io) {
  expect(path("nope.npy"), NNC_ERR_IO, "cannot open");
}

Test(runtime, npy_bad_magic_is_corrupt) {
  expect(write_raw("m.npy", "\x93NUMPX\x01\x00\x10\x00{}              ", 26), NNC_ERR_CORRUPT, "offset 0");
  expect(write_raw("e.npy", "", 0), NNC_ERR_CORRUPT, "offset 0");
  expect(write_raw("v.npy", "\x93NUMPY\x07\x00\x10\x00{}              ", 26), NNC_ERR_CORRUPT, "version");
}

Test(runtime, npy_truncated_header_is_corrupt) {
  expect(write_raw("t1.npy", "\x93NUMPY\x01\x00\x76\x00{'descr'", 18), NNC_ERR_CORRUPT, "offset 8");
  expect(write_raw("t2.npy", "\x93NUMPY\x02\x00\x10\x00\x00", 11), NNC_ERR_CORRUPT, "offset 10");
  expect(write_raw("t3.npy", "\x93NUMPY\x03\x00\xff\xff\xff\xff", 12), NNC_ERR_CORRUPT, "runs past");
}

Test(runtime, npy_truncated_data_is_corrupt) {
  float d[5] = {0};
  expect(write_npy("d.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", d, sizeof d),
         NNC_ERR_CORRUPT, "truncated");
  expect(write_npy("x.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", d, sizeof d),
         NNC_ERR_CORRUPT, "trailing");
}

Test(runtime, npy_absurd_sizes_never_allocate) {
  float d[4] = {0};
  expect(write_npy("big.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776,), }", d, sizeof d),
         NNC_ERR_CORRUPT, "offset 128");
  expect(write_npy("of.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 16), }", d, sizeof d),
         NNC_ERR_CORRUPT, "overflow");
  expect(write_npy("dig.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,), }", d, sizeof d),
         NNC_ERR_CORRUPT, "too large");
}

Test(runtime, npy_fortran_order_is_refused) {
  float d[4] = {0};
  expect(write_npy("f.npy", 1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", d, sizeof d),
         NNC_ERR_CORRUPT, "fortran_order");
}

Test(runtime, npy_wrong_dtype_strings) {
  float d[4] = {0};
  expect(write_npy("be.npy", 1, "{'descr': '>f4', 'fortran_order': False, 'shape': (4,), }", d, sizeof d),
         NNC_ERR_TYPE, "'>f4'");
  expect(write_npy("c8.npy", 1, "{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", d, sizeof d),
         NNC_ERR_TYPE, "offset 20");
  expect(write_npy("nq.npy", 1, "{'descr': f4, 'fortran_order': False, 'shape': (4,), }", d, sizeof d),
         NNC_ERR_CORRUPT, "quoted");
}

Test(runtime, npy_malformed_dicts) {
  float d[4] = {0};
  expect(write_npy("k.npy", 1, "{'descr': '<f4', 'fortran_order': False}", d, sizeof d), NNC_ERR_CORRUPT, "lacks");
  expect(write_npy("u.npy", 1, "{'descr': '<f4', 'colour': 1, 'fortran_order': False, 'shape': (4,)}", d, sizeof d),
         NNC_ERR_CORRUPT, "unknown");
  expect(write_npy("n.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-4,)}", d, sizeof d),
         NNC_ERR_CORRUPT, "integer");
  expect(write_npy("r.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,1,1,1,4)}", d, sizeof d),
         NNC_ERR_SHAPE, "dimensions");
  expect(write_npy("b.npy", 1, "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (4,)}", d, sizeof d),
         NNC_ERR_CORRUPT, "True or False");
  expect(write_npy("j.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,)} junk", d, sizeof d),
         NNC_ERR_CORRUPT, "trailing");
}

Test(runtime, npy_bad_arguments) {
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_load(NULL, NNC_F32, &t), NNC_ERR_ARG);
  cr_assert_eq(nnc_tensor_load(path("a"), NNC_F32, NULL), NNC_ERR_ARG);
  cr_assert_eq(nnc_tensor_load(path("a"), (nnc_dtype)5, &t), NNC_ERR_ARG);
  cr_assert_eq(nnc_tensor_save(NULL, path("a")), NNC_ERR_ARG);
  int64_t s[1] = {1};
  cr_assert_eq(nnc_tensor_new(NNC_F32, 1, s, &t), NNC_OK);
  cr_assert_eq(nnc_tensor_save(t, NULL), NNC_ERR_ARG);
  cr_assert_eq(nnc_tensor_save(t, "/nonexistent-dir/x.npy"), NNC_ERR_IO);
  cr_assert(strstr(nnc_last_error(), "/nonexistent-dir/x.npy"), "%s", nnc_last_error());
  nnc_tensor_free(t);
}
