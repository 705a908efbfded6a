/* test_safetensors.c — safetensors files: bit-exact round trips, the on-disk layout, files
 * written by hand as other tools write them, a table of corrupt headers and truncations
 * (each a status and a message naming the file and the tensor or offset), and atomic
 * writes that leave the old file intact when the temporary cannot be created, written or
 * renamed. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "formats.h"
#include "support.h"

TestSuite(runtime, .init = test_dir_make, .fini = test_dir_remove);

static size_t slurp(const char *p, unsigned char *buf, size_t cap) {
  FILE *f = fopen(p, "rb");
  cr_assert_not_null(f, "%s", p);
  size_t n = fread(buf, 1, cap, f);
  fclose(f);
  return n;
}

/* A file made by hand: the 8-byte length, the JSON as given, then `n` data bytes 0, 1, ... */
static const char *write_st(const char *name, const char *json, size_t n) {
  static unsigned char buf[4096];
  size_t h = strlen(json);
  for (int i = 0; i < 8; i++)
    buf[i] = (unsigned char)((uint64_t)h >> (8 * i));
  memcpy(buf + 8, json, h);
  for (size_t i = 0; i < n; i++)
    buf[8 + h + i] = (unsigned char)i;
  return test_write(name, buf, 8 + h + n);
}

static nnc_tensor *make(nnc_dtype dt, int rank, const int64_t *shape, uint64_t seed) {
  nnc_tensor *t;
  cr_assert_eq(rt_tensor_alloc(dt, rank, shape, &t), NNC_OK);
  unsigned char *b = t->data;
  for (size_t i = 0; i < (size_t)t->numel * rt_dtype_size(dt); i++) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    b[i] = (unsigned char)(seed >> 56); /* every bit pattern: NaNs, -0, denormals */
  }
  return t;
}

static bool same_tensor(const nnc_tensor *a, const nnc_tensor *b) {
  if (a->dtype != b->dtype || a->rank != b->rank || a->numel != b->numel)
    return false;
  for (int i = 0; i < a->rank; i++)
    if (a->shape[i] != b->shape[i])
      return false;
  return memcmp(a->data, b->data, (size_t)a->numel * rt_dtype_size(a->dtype)) == 0;
}

Test(runtime, safetensors_round_trip_is_bit_exact) {
  int64_t s1[2] = {3, 5}, s2[1] = {7}, s4[4] = {2, 1, 3, 2}, s0[2] = {0, 4};
  nnc_tensor *t[5] = {make(NNC_F32, 2, s1, 1), make(NNC_F64, 1, s2, 2), make(NNC_I32, 0, NULL, 3),
                      make(NNC_F32, 4, s4, 4), make(NNC_F64, 2, s0, 5)};
  const char *names[5] = {"dense/kernel", "dense/bias", "step", "a.b[c] \"quoted\"", "empty"};
  const char *p = test_path("w.safetensors");
  cr_assert_eq(fmt_st_write(p, 5, names, (const nnc_tensor *const *)t,
                           "{\"format\": \"nnc\", \"note\": \"h\\u00e9\"}"), NNC_OK, "%s",
               nnc_last_error());
  StSet *set;
  cr_assert_eq(fmt_st_read(p, &set), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(set->n, 5);
  for (int i = 0; i < 5; i++) {
    cr_assert_str_eq(set->tensors[i].name, names[i], "data in the order written");
    cr_assert(same_tensor(fmt_st_get(set, names[i]), t[i]), "%s differs", names[i]);
    nnc_tensor_free(t[i]);
  }
  cr_assert_null(fmt_st_get(set, "dense"));
  cr_assert_str_eq(fmt_st_meta(set, "format"), "nnc");
  cr_assert_str_eq(fmt_st_meta(set, "note"), "h\xc3\xa9");
  cr_assert_null(fmt_st_meta(set, "absent"));
  fmt_st_free(set);
}

Test(runtime, safetensors_layout_is_the_standard_one) {
  int64_t s[2] = {2, 3};
  nnc_tensor *t = make(NNC_F32, 2, s, 9);
  const char *name = "w", *p = test_path("l.safetensors");
  cr_assert_eq(fmt_st_write(p, 1, &name, (const nnc_tensor *const *)&t, "{\"format\":\"pt\"}"),
               NNC_OK);
  unsigned char b[512];
  size_t n = slurp(p, b, sizeof b);
  uint64_t h = 0;
  for (int i = 7; i >= 0; i--)
    h = h << 8 | b[i];
  cr_assert_eq(h % 8, 0, "header length %llu is not a multiple of 8", (unsigned long long)h);
  cr_assert_eq(n, 8 + h + 24);
  char json[256] = {0};
  memcpy(json, b + 8, h);
  const char *want = "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],"
                     "\"data_offsets\":[0,24]}}";
  cr_assert_eq(strncmp(json, want, strlen(want)), 0, "%s", json);
  for (size_t i = strlen(want); i < h; i++)
    cr_assert_eq(json[i], ' ', "padding is spaces");
  cr_assert_eq(memcmp(b + 8 + h, t->data, 24), 0, "raw little-endian data after the header");
  nnc_tensor_free(t);
}

Test(runtime, safetensors_reads_files_other_tools_write) {
  /* entries in any header order, spaces and newlines, no metadata, a scalar, an empty one */
  const char *p = write_st("o.safetensors",
                           "{ \"b\" : {\"shape\": [2], \"dtype\": \"I32\", \"data_offsets\": [8, 16]},\n"
                           "  \"a\" : {\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},"
                           "  \"z\" : {\"dtype\":\"F32\",\"shape\":[0, 3],\"data_offsets\":[16,16]} }\n ",
                           16);
  StSet *set;
  cr_assert_eq(fmt_st_read(p, &set), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(set->n, 3);
  cr_assert_eq(set->nmeta, 0);
  cr_assert_str_eq(set->tensors[0].name, "a");
  const nnc_tensor *b = fmt_st_get(set, "b");
  cr_assert_eq(b->dtype, NNC_I32);
  cr_assert_eq(((int32_t *)b->data)[0], 0x0b0a0908);
  cr_assert_eq(fmt_st_get(set, "a")->rank, 0);
  cr_assert_eq(fmt_st_get(set, "z")->numel, 0);
  fmt_st_free(set);
  /* no tensors at all */
  cr_assert_eq(fmt_st_read(write_st("e.safetensors", "{}      ", 0), &set), NNC_OK);
  cr_assert_eq(set->n, 0);
  fmt_st_free(set);
}

/* A corrupt file: header JSON, data bytes, the status, and the message after "PATH: ". */
typedef struct {
  const char *json;
  size_t data;
  nnc_status status;
  const char *message;
} BadSt;

#define E(name, dt, shape, b, e) "\"" name "\":{\"dtype\":\"" dt "\",\"shape\":" shape ",\"data_offsets\":[" #b "," #e "]}"

static const BadSt bad[] = {
    {"{\"a\":", 0, NNC_ERR_CORRUPT, "offset 12: the header is not valid JSON"},
    {"[1, 2]", 0, NNC_ERR_CORRUPT, "offset 8: the header is not a JSON object"},
    {"{} {}", 0, NNC_ERR_CORRUPT, "offset 11: trailing bytes after the header's JSON"},
    {"{" E("a", "F16", "[2]", 0, 4) "}", 4, NNC_ERR_TYPE,
     "tensor 'a': dtype F16 is not supported (nnc reads F32, F64 and I32)"},
    {"{" E("a", "f32", "[2]", 0, 8) "}", 8, NNC_ERR_CORRUPT, "tensor 'a': unknown dtype \"f32\""},
    {"{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8, NNC_ERR_CORRUPT,
     "tensor 'a': \"dtype\" is missing or not a string"},
    {"{" E("a", "F32", "[1,1,1,1,2]", 0, 8) "}", 8, NNC_ERR_SHAPE,
     "tensor 'a': rank 5 is above nnc's limit of 4"},
    {"{" E("a", "F32", "[-2]", 0, 8) "}", 8, NNC_ERR_CORRUPT,
     "tensor 'a': a dimension of \"shape\" is not a non-negative integer"},
    {"{" E("a", "F32", "[1.5]", 0, 8) "}", 8, NNC_ERR_CORRUPT,
     "tensor 'a': a dimension of \"shape\" is not a non-negative integer"},
    {"{" E("a", "F32", "2", 0, 8) "}", 8, NNC_ERR_CORRUPT,
     "tensor 'a': \"shape\" is missing or not an array"},
    {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", 8, NNC_ERR_CORRUPT,
     "tensor 'a': \"data_offsets\" is not [begin, end] of non-negative integers"},
    {"{" E("a", "F32", "[2]", 8, 0) "}", 8, NNC_ERR_CORRUPT,
     "tensor 'a': \"data_offsets\" has begin after end"},
    {"{" E("a", "F32", "[3]", 0, 8) "}", 8, NNC_ERR_CORRUPT,
     "tensor 'a': data_offsets [0, 8] hold 8 bytes; its dtype and shape need 12"},
    {"{" E("a", "F64", "[65536,65536,65536,65536]", 0, 8) "}", 8, NNC_ERR_CORRUPT,
     "tensor 'a': data_offsets [0, 8] hold 8 bytes; its dtype and shape need more than "
     "18446744073709551615"},
    {"{" E("a", "F32", "[2]", 0, 8) "," E("b", "F32", "[2]", 4, 12) "}", 12, NNC_ERR_CORRUPT,
     "offset 120: tensor 'b' overlaps the previous one at data offset 4, expected 8"},
    {"{" E("a", "F32", "[2]", 0, 8) "," E("b", "F32", "[1]", 12, 16) "}", 16, NNC_ERR_CORRUPT,
     "offset 129: tensor 'b' leaves a gap: it starts at data offset 12, expected 8"},
    {"{" E("a", "F32", "[1]", 4, 8) "}", 8, NNC_ERR_CORRUPT,
     "offset 66: tensor 'a' leaves a gap: it starts at data offset 4, expected 0"},
    {"{" E("a", "F32", "[2]", 0, 8) "}", 6, NNC_ERR_CORRUPT,
     "offset 62: tensor 'a' ends at data offset 8, past the end of the file's 6 data bytes "
     "(truncated?)"},
    {"{" E("a", "F32", "[2]", 0, 8) "}", 9, NNC_ERR_CORRUPT,
     "offset 70: 1 bytes after the last tensor's data"},
    {"{" E("a", "F32", "[1]", 0, 4) "," E("a", "F32", "[1]", 4, 8) "}", 8, NNC_ERR_CORRUPT,
     "tensor 'a': the name appears twice in the header"},
    {"{" E("", "F32", "[1]", 0, 4) "}", 4, NNC_ERR_CORRUPT, "tensor '': an empty tensor name"},
    {"{\"a\":[1]}", 0, NNC_ERR_CORRUPT, "tensor 'a': the entry is not a JSON object"},
    {"{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", 4, NNC_ERR_CORRUPT,
     "tensor 'a': unknown key \"x\""},
    {"{\"__metadata__\":{\"k\":1}}", 0, NNC_ERR_CORRUPT,
     "\"__metadata__\": the value of \"k\" is not a string"},
    {"{\"__metadata__\":[]}", 0, NNC_ERR_CORRUPT, "\"__metadata__\" is not a JSON object"},
    {"{\"__metadata__\":{},\"__metadata__\":{}}", 0, NNC_ERR_CORRUPT,
     "\"__metadata__\" appears twice"},
    /* a name that C would cut short at the NUL, so it matched "a" */
    {"{" E("a\\u0000b", "F32", "[1]", 0, 4) "}", 4, NNC_ERR_CORRUPT,
     "offset 11: the header holds a NUL character (\\u0000), which no tensor name or metadata "
     "may hold"},
    {"{\"__metadata__\":{\"k\":\"v\\u0000w\"}}", 0, NNC_ERR_CORRUPT,
     "offset 31: the header holds a NUL character (\\u0000), which no tensor name or metadata "
     "may hold"},
};

Test(runtime, safetensors_corrupt_headers_are_refused) {
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char name[32];
    snprintf(name, sizeof name, "bad%zu.safetensors", i);
    const char *p = write_st(name, bad[i].json, bad[i].data);
    StSet *set = (StSet *)1;
    nnc_status s = fmt_st_read(p, &set);
    cr_assert_eq(s, bad[i].status, "case %zu: %s", i, nnc_last_error());
    cr_assert_null(set, "case %zu", i);
    char want[600];
    snprintf(want, sizeof want, "%s: %s", p, bad[i].message);
    cr_assert_str_eq(nnc_last_error(), want, "case %zu: %s", i, nnc_last_error());
  }
}

Test(runtime, safetensors_an_escaped_backslash_before_u0000_is_no_nul) {
  const char *p = write_st("bs.safetensors", "{" E("a\\\\u0000", "F32", "[1]", 0, 4) "}", 4);
  StSet *set;
  cr_assert_eq(fmt_st_read(p, &set), NNC_OK, "%s", nnc_last_error());
  cr_expect_not_null(fmt_st_get(set, "a\\u0000"));
  fmt_st_free(set);
}

Test(runtime, safetensors_truncated_anywhere_is_corrupt) {
  int64_t s[2] = {4, 4};
  nnc_tensor *t[2] = {make(NNC_F32, 2, s, 1), make(NNC_F64, 1, s, 2)};
  const char *names[2] = {"k", "b"}, *p = test_path("full.safetensors");
  cr_assert_eq(fmt_st_write(p, 2, names, (const nnc_tensor *const *)t, NULL), NNC_OK);
  unsigned char b[1024];
  size_t n = slurp(p, b, sizeof b);
  for (size_t cut = 0; cut < n; cut += (cut < 16 ? 1 : 9)) {
    const char *q = test_write("cut.safetensors", b, cut);
    StSet *set;
    cr_assert_eq(fmt_st_read(q, &set), NNC_ERR_CORRUPT, "cut at %zu: %s", cut, nnc_last_error());
    cr_assert_null(set);
    cr_assert(strncmp(nnc_last_error(), q, strlen(q)) == 0, "%s", nnc_last_error());
    cr_assert(strstr(nnc_last_error(), cut < 8 ? "offset 0: truncated" : "offset "), "cut %zu: %s",
              cut, nnc_last_error());
  }
  b[0] = 0xff, b[1] = 0xff, b[2] = 0xff, b[7] = 0x7f; /* an absurd header length */
  StSet *set;
  cr_assert_eq(fmt_st_read(test_write("huge.safetensors", b, n), &set), NNC_ERR_CORRUPT);
  cr_assert(strstr(nnc_last_error(), "offset 0: header length 9151314442833625087 runs past the "
                   "end of the file"), "%s", nnc_last_error());
  nnc_tensor_free(t[0]);
  nnc_tensor_free(t[1]);
}

Test(runtime, safetensors_missing_file_and_directory_are_io) {
  StSet *set;
  const char *p = test_path("absent.safetensors");
  cr_assert_eq(fmt_st_read(p, &set), NNC_ERR_IO);
  cr_assert(strstr(nnc_last_error(), p) && strstr(nnc_last_error(), "No such file"), "%s",
            nnc_last_error());
  cr_assert_eq(fmt_st_read(test_dir(), &set), NNC_ERR_IO);
  cr_assert(strstr(nnc_last_error(), "it is a directory"), "%s", nnc_last_error());
  cr_assert_eq(fmt_st_read(NULL, &set), NNC_ERR_ARG);
}

Test(runtime, safetensors_read_names_a_file_of_another_format) {
  static const struct { const char *name, *bytes; size_t n; const char *says; } other[] = {
      {"a.npy", "\x93NUMPY\x01\x00v\x00{'descr': '<f4'", 24, "this is a .npy file"},
      {"w.weights.h5", "\x89HDF\r\n\x1a\n\0\0\0\0", 12, "this is an HDF5 file"},
      {"m.keras", "PK\x03\x04\x14\0\0\0", 8, "this is a zip archive"},
      {"w.safetensors.gz", "\x1f\x8b\x08\0\0\0\0\0\0\x03", 10, "this is a gzip file"},
      {"short.npy", "\x93NUMPY", 6, "this is a .npy file"},
  };
  for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
    const char *p = test_write(other[i].name, other[i].bytes, other[i].n);
    StSet *set;
    cr_assert_eq(fmt_st_read(p, &set), NNC_ERR_CORRUPT, "%s", other[i].name);
    cr_expect(strstr(nnc_last_error(), other[i].says) &&
              strstr(nnc_last_error(), ", not a safetensors file"), "%s", nnc_last_error());
  }
}

Test(runtime, safetensors_write_refuses_a_name_that_promises_another_format) {
  int64_t s[1] = {2};
  nnc_tensor *t = make(NNC_F32, 1, s, 1);
  const nnc_tensor *ts[1] = {t};
  const char *names[1] = {"w"};
  const char *refused[] = {"w.h5", "w.weights.h5", "m.KERAS", "w.hdf5", "w.npy", "w.pt"};
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
    const char *p = test_path(refused[i]);
    cr_assert_eq(fmt_st_write(p, 1, names, ts, NULL), NNC_ERR_ARG, "%s", refused[i]);
    cr_expect(strstr(nnc_last_error(), "but these bytes would be safetensors: name the file "
                                       ".safetensors"), "%s", nnc_last_error());
    cr_expect_eq(access(p, F_OK), -1, "%s was written", refused[i]);
  }
  const char *good[] = {"w.safetensors", "w.bin", "weights", "w.h5.safetensors"};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
    cr_expect_eq(fmt_st_write(test_path(good[i]), 1, names, ts, NULL), NNC_OK, "%s: %s", good[i],
                 nnc_last_error());
  nnc_tensor_free(t);
}

Test(runtime, safetensors_write_refuses_bad_arguments) {
  int64_t s[1] = {2};
  nnc_tensor *t = make(NNC_F32, 1, s, 1);
  const nnc_tensor *ts[2] = {t, t};
  const char *p = test_path("x.safetensors");
  const char *dup[2] = {"w", "w"}, *meta[1] = {"__metadata__"}, *empty[1] = {""};
  cr_assert_eq(fmt_st_write(p, 2, dup, ts, NULL), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "tensor name 'w' appears twice"), "%s", nnc_last_error());
  cr_assert_eq(fmt_st_write(p, 1, meta, ts, NULL), NNC_ERR_ARG);
  cr_assert_eq(fmt_st_write(p, 1, empty, ts, NULL), NNC_ERR_ARG);
  cr_assert_eq(fmt_st_write(p, 1, dup, ts, "{\"a\": 1}"), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "the metadata is not a JSON object of strings"), "%s",
            nnc_last_error());
  cr_assert_eq(fmt_st_write(p, 1, dup, ts, "not json"), NNC_ERR_ARG);
  cr_assert_eq(fmt_st_write(NULL, 1, dup, ts, NULL), NNC_ERR_ARG);
  cr_assert_eq(access(p, F_OK), -1, "nothing was written");
  nnc_tensor_free(t);
}

static void no_temporaries(void) {
  cr_assert_eq(test_temporaries(), 0, "a temporary was left behind");
}

/* Writes the old file, then the new tensor through `fail`, which must fail with NNC_ERR_IO;
 * the old file reads back unchanged. */
static void old_file_survives(const char *p, void (*fail)(const char *p)) {
  int64_t s[1] = {3};
  nnc_tensor *old = make(NNC_F32, 1, s, 7);
  const char *name = "w";
  cr_assert_eq(fmt_st_write(p, 1, &name, (const nnc_tensor *const *)&old, NULL), NNC_OK);
  fail(p);
  StSet *set;
  cr_assert_eq(fmt_st_read(p, &set), NNC_OK, "%s", nnc_last_error());
  cr_assert(same_tensor(fmt_st_get(set, "w"), old));
  fmt_st_free(set);
  nnc_tensor_free(old);
}

static void write_big(const char *p, const char *expect) {
  int64_t s[1] = {100000};
  nnc_tensor *t = make(NNC_F64, 1, s, 8);
  const char *name = "w";
  cr_assert_eq(fmt_st_write(p, 1, &name, (const nnc_tensor *const *)&t, NULL), NNC_ERR_IO);
  cr_assert(strstr(nnc_last_error(), p) && strstr(nnc_last_error(), expect), "%s",
            nnc_last_error());
  nnc_tensor_free(t);
}

/* No descriptor left for the temporary: RLIMIT_NOFILE bounds the next one's number. */
static void blocked_temporary(const char *p) {
  int lowest = dup(0);
  close(lowest);
  struct rlimit r;
  cr_assert_eq(getrlimit(RLIMIT_NOFILE, &r), 0);
  rlim_t was = r.rlim_cur;
  r.rlim_cur = (rlim_t)lowest;
  cr_assert_eq(setrlimit(RLIMIT_NOFILE, &r), 0);
  write_big(p, "cannot write a temporary file beside it");
  r.rlim_cur = was;
  cr_assert_eq(setrlimit(RLIMIT_NOFILE, &r), 0);
  no_temporaries();
}

Test(runtime, safetensors_write_is_atomic_when_the_temporary_cannot_be_created) {
  old_file_survives(test_path("a.safetensors"), blocked_temporary);
}

static void full_disk(const char *p) {
  signal(SIGXFSZ, SIG_IGN);
  struct rlimit r = {.rlim_cur = 4096, .rlim_max = RLIM_INFINITY};
  cr_assert_eq(setrlimit(RLIMIT_FSIZE, &r), 0);
  write_big(p, "File too large");
  no_temporaries();
}

Test(runtime, safetensors_write_is_atomic_when_writing_fails) {
  old_file_survives(test_path("b.safetensors"), full_disk);
}

Test(runtime, safetensors_write_refuses_a_directory_and_leaves_it) {
  const char *p = test_path("c.safetensors");
  cr_assert_eq(mkdir(p, 0700), 0);
  FILE *f = fopen(test_path("c.safetensors/keep"), "w");
  cr_assert_not_null(f);
  fclose(f);
  write_big(p, "Is a directory");
  no_temporaries();
  cr_assert_eq(access(test_path("c.safetensors/keep"), F_OK), 0);
}

Test(runtime, safetensors_write_replaces_an_old_file) {
  const char *p = test_path("r.safetensors"), *name = "w";
  int64_t s[1] = {3};
  for (uint64_t seed = 1; seed <= 2; seed++) {
    nnc_tensor *t = make(NNC_F32, 1, s, seed);
    cr_assert_eq(fmt_st_write(p, 1, &name, (const nnc_tensor *const *)&t, NULL), NNC_OK);
    StSet *set;
    cr_assert_eq(fmt_st_read(p, &set), NNC_OK);
    cr_assert(same_tensor(fmt_st_get(set, "w"), t));
    fmt_st_free(set);
    nnc_tensor_free(t);
  }
  no_temporaries();
}

static nnc_status read_st(void *p) {
  StSet *set;
  nnc_status s = fmt_st_read(p, &set);
  fmt_st_free(set);
  return s;
}

static nnc_tensor *oom_t[2];

static nnc_status write_st_oom(void *p) {
  const char *names[2] = {"a", "b"};
  return fmt_st_write(p, 2, names, (const nnc_tensor *const *)oom_t, "{\"k\":\"v\"}");
}

Test(runtime, safetensors_out_of_memory_is_clean) {
  int64_t s[2] = {2, 3};
  oom_t[0] = make(NNC_F32, 2, s, 1);
  oom_t[1] = make(NNC_I32, 1, s, 2);
  const char *p = test_path("m.safetensors");
  cr_assert_eq(write_st_oom((void *)p), NNC_OK);
  cr_assert_gt(test_until_ok(read_st, (void *)p, 0), 3);
  cr_assert_eq(test_until_ok(write_st_oom, (void *)test_path("n.safetensors"), 0), 2,
               "only the target's and the temporary's names");
  cr_assert_eq(read_st((void *)test_path("n.safetensors")), NNC_OK);
  no_temporaries();
  nnc_tensor_free(oom_t[0]);
  nnc_tensor_free(oom_t[1]);
}
