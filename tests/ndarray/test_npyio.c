/* test_npyio.c — np.save/np.load round trips (every dtype, 0-d to 8-d, views), files
 * written by numpy read here and files written here read by numpy, loadtxt/genfromtxt on
 * the same text as numpy (delimiters, comments, skiprows, usecols, dtype, missing values,
 * shapes, errors) and savetxt byte for byte against numpy's. */
#include "ndtest.h"
#include "support.h"

TestSuite(npyio, .init = test_dir_make, .fini = test_dir_remove);

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f, "%s", path);
  char *s = calloc(1, 1 << 16);
  size_t n = fread(s, 1, (1 << 16) - 1, f);
  s[n] = 0;
  fclose(f);
  return s;
}

Test(npyio, save_load_round_trips) {
  const char *lits[] = {"[True, False]", "[[1, 2], [255, 0]]", "[-5, 7]", "[[[1], [2]]]",
                        "[1.5, nan]", "[[0.1, -2.5e-300]]", "7.25"};
  NdDtype ts[] = {ND_BOOL, ND_UINT8, ND_INT32, ND_INT64, ND_FLOAT32, ND_FLOAT64, ND_FLOAT64};
  for (int i = 0; i < 7; i++) {
    NdArray *a = nt_lit(lits[i], ts[i]);
    const char *p = test_path("a"); /* ".npy" is added */
    cr_assert(nd_save(p, a), "%s", base_last_error());
    NdArray *b = nd_load(test_path("a.npy"));
    cr_assert_not_null(b, "%s", base_last_error());
    char *sa = nt_text(nd_ref(a)), *sb = nt_text(b);
    cr_expect_str_eq(sa, sb);
    free(sa), free(sb);
    nd_unref(a);
  }
  int64_t deep[8] = {1, 2, 1, 2, 1, 2, 1, 3};
  NdArray *d = nd_zeros(ND_INT32, 8, deep), *t = nd_transpose(d, 0, NULL);
  cr_assert(nd_save(test_path("deep.npy"), t));
  NdArray *back = nd_load(test_path("deep.npy"));
  cr_expect(back && back->ndim == 8 && back->shape[0] == 3);
  nd_unref(d), nd_unref(t), nd_unref(back);
}

Test(npyio, files_cross_with_numpy) {
  const char *dir = test_dir();
  char w[4][300];
  snprintf(w[0], sizeof w[0], "[np.save('%s/n0.npy', np.arange(24, dtype=np.int32).reshape(2, 3, 4)), 'ok'][1]", dir);
  snprintf(w[1], sizeof w[1], "[np.save('%s/n1.npy', np.array([[True, False]])), 'ok'][1]", dir);
  snprintf(w[2], sizeof w[2], "[np.save('%s/n2.npy', np.linspace(0, 1, 7, dtype=np.float32)), 'ok'][1]", dir);
  snprintf(w[3], sizeof w[3], "[np.save('%s/n3.npy', np.uint8(200)), 'ok'][1]", dir);
  const char *writes[4] = {w[0], w[1], w[2], w[3]};
  char *done[4];
  nt_numpy(4, writes, done);
  for (int i = 0; i < 4; i++) {
    cr_assert_str_eq(done[i], "ok");
    free(done[i]);
  }
  /* numpy's files read here, and files written here read by numpy */
  NdArray *x = nt_lit("[[1.25, -3.5], [0.0, 7.0]]", ND_FLOAT32), *xt = nd_transpose(x, 0, NULL);
  cr_assert(nd_save(test_path("c0.npy"), xt));
  char r[6][200];
  snprintf(r[0], sizeof r[0], "np.load('%s/n0.npy')", dir);
  snprintf(r[1], sizeof r[1], "np.load('%s/n1.npy')", dir);
  snprintf(r[2], sizeof r[2], "np.load('%s/n2.npy')", dir);
  snprintf(r[3], sizeof r[3], "np.load('%s/n3.npy')", dir);
  snprintf(r[4], sizeof r[4], "np.load('%s/c0.npy')", dir);
  snprintf(r[5], sizeof r[5], "np.load('%s/none.npy')", dir);
  const char *exprs[6] = {r[0], r[1], r[2], r[3], r[4], r[5]};
  char *mine[6];
  const char *names[] = {"n0.npy", "n1.npy", "n2.npy", "n3.npy", "c0.npy", "none.npy"};
  for (int i = 0; i < 6; i++)
    mine[i] = nt_text(nd_load(test_path(names[i])));
  nt_compare(6, exprs, mine);
  cr_expect_str_eq(nd_error_class(), "FileNotFoundError");
  nd_unref(x), nd_unref(xt);
}

Test(npyio, bad_npy_files_are_value_errors_naming_the_file) {
  const char *p = test_write_text("bad.npy", "\x93NUMPY\x01\x00\x10\x00{'descr': 1}   \n");
  cr_expect_null(nd_load(p));
  cr_expect_str_eq(nd_error_class(), "ValueError");
  cr_expect(strstr(base_last_error(), p) && strstr(base_last_error(), "offset"));
  const char dict[] = "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }\n";
  char file[128] = "\x93NUMPY\x01\x00";
  file[8] = (char)(sizeof dict - 1);
  memcpy(file + 10, dict, sizeof dict - 1);
  memcpy(file + 10 + sizeof dict - 1, "12345678", 8);
  p = test_write("c.npy", file, 10 + sizeof dict - 1 + 8);
  cr_expect_null(nd_load(p));
  cr_expect_str_eq(nd_error_class(), "TypeError");
  cr_expect(strstr(base_last_error(), "'<c8'"), "%s", base_last_error());
}

static const struct {
  const char *name, *text;
} files[] = {
    {"a.csv", "1,2,3\n4,5,6\n"},
    {"b.txt", "# comment\n1 2.5  3\n\n 4\t5 6 # tail\n"},
    {"c.csv", "a,b,c\n1,,3\n4,x,6\n7,8,9\n"},
    {"d.txt", "5\n"},
    {"e.csv", "1,2,3\n4,abc,6\n"},
    {"f.csv", "1,2,3\n4,5\n"},
    {"g.txt", "1;2\n3;4\n5;6\n"},
    {"h.txt", ""},
    {"i.csv", "1,2\r\n3,4\r\n"},
};

Test(npyio, text_files_match_numpy) {
  char paths[9][200];
  for (int i = 0; i < 9; i++)
    snprintf(paths[i], sizeof paths[i], "%s", test_write_text(files[i].name, files[i].text));
  const struct {
    int file;
    const char *py;
    bool gen;
    NdTextOpts o;
  } cases[] = {
      {0, "np.loadtxt(P, delimiter=',')", false, {.delimiter = ','}},
      {1, "np.loadtxt(P)", false, {.ndmin = 0}},
      {0, "np.loadtxt(P, delimiter=',', usecols=(0, -1))", false, {.delimiter = ',', .nusecols = 2, .usecols = (int64_t[]){0, -1}}},
      {0, "np.loadtxt(P, delimiter=',', skiprows=1)", false, {.delimiter = ',', .skiprows = 1}},
      {0, "np.loadtxt(P, delimiter=',', dtype=np.int32)", false, {.delimiter = ',', .dtype = ND_INT32}},
      {0, "np.loadtxt(P, delimiter=',', unpack=True)", false, {.delimiter = ',', .unpack = true}},
      {0, "np.loadtxt(P, delimiter=',', usecols=(1,), ndmin=2)", false, {.delimiter = ',', .nusecols = 1, .usecols = (int64_t[]){1}, .ndmin = 2}},
      {3, "np.loadtxt(P)", false, {.ndmin = 0}},
      {3, "np.loadtxt(P, ndmin=1)", false, {.ndmin = 1}},
      {4, "np.loadtxt(P, delimiter=',')", false, {.delimiter = ','}},
      {5, "np.loadtxt(P, delimiter=',')", false, {.delimiter = ','}},
      {0, "np.loadtxt(P, delimiter=',', usecols=(5,))", false, {.delimiter = ',', .nusecols = 1, .usecols = (int64_t[]){5}}},
      {6, "np.loadtxt(P, delimiter=';', dtype=np.uint8)", false, {.delimiter = ';', .dtype = ND_UINT8}},
      {8, "np.loadtxt(P, delimiter=',')", false, {.delimiter = ','}},
      {2, "np.genfromtxt(P, delimiter=',')", true, {.delimiter = ','}},
      {2, "np.genfromtxt(P, delimiter=',', skip_header=1)", true, {.delimiter = ',', .skiprows = 1}},
      {2, "np.genfromtxt(P, delimiter=',', skip_header=1, skip_footer=1)", true, {.delimiter = ',', .skiprows = 1, .skip_footer = 1}},
      {2, "np.genfromtxt(P, delimiter=',', skip_header=1, filling_values=-1)", true, {.delimiter = ',', .skiprows = 1, .filling_values = "-1"}},
      {1, "np.genfromtxt(P)", true, {.ndmin = 0}},
  };
  enum { N = sizeof cases / sizeof cases[0] };
  const char *exprs[N];
  char *mine[N], buf[N][400];
  for (int i = 0; i < N; i++) {
    char *at = strstr(cases[i].py, "(P");
    snprintf(buf[i], sizeof buf[i], "%.*s('%s'%s", (int)(at - cases[i].py), cases[i].py,
             paths[cases[i].file], at + 2);
    exprs[i] = buf[i];
    const char *p = paths[cases[i].file];
    NdArray *r = cases[i].gen ? nd_genfromtxt(p, &cases[i].o) : nd_loadtxt(p, &cases[i].o);
    char *m = nt_text(r), *named = strstr(m, p);
    if (!r) { /* numpy's message follows the file's name */
      cr_expect(named == m + 5 && named[strlen(p)] == ':', "%s", m);
      memmove(m + 5, named + strlen(p) + 2, strlen(named + strlen(p) + 2) + 1);
    }
    mine[i] = m;
  }
  nt_compare(N, exprs, mine);
  NdTextOpts comma = {.delimiter = ','};
  cr_expect_null(nd_genfromtxt(paths[5], &comma)); /* numpy's message, on one line */
  char want[300];
  snprintf(want, sizeof want, "%s: Some errors were detected ! Line #2 (got 2 columns instead "
           "of 3)", paths[5]);
  cr_expect_str_eq(base_last_error(), want);
  cr_expect_null(nd_loadtxt(test_path("nothing.txt"), NULL));
  cr_expect_str_eq(nd_error_class(), "FileNotFoundError");
}

Test(npyio, savetxt_writes_what_numpy_writes) {
  const char *dir = test_dir();
  static const struct {
    const char *lit, *dtype, *py;
    NdSaveTxtOpts o;
  } cases[] = {
      {"[[1, 2.5], [3, 4]]", NULL, "", {.fmt = NULL}},
      {"[[1, 2.5], [3, 4]]", NULL, ", fmt='%d %.2f', header='a b\\nc'", {.fmt = "%d %.2f", .header = "a b\nc"}},
      {"[1, 2.5]", NULL, ", fmt='%.3f', delimiter=','", {.fmt = "%.3f", .delimiter = ","}},
      {"[[1, 2], [3, 4]]", "int32", ", fmt='%5d', delimiter=',', footer='end', comments='// '", {.fmt = "%5d", .delimiter = ",", .footer = "end", .comments = "// "}},
      {"[[0.1, 2e10]]", "float32", ", fmt='<%g>'", {.fmt = "<%g>"}},
      {"[[1.5, 2.5]]", NULL, ", fmt='%s;'", {.fmt = "%s;"}},
  };
  enum { N = sizeof cases / sizeof cases[0] };
  const char *exprs[N];
  char *mine[N], buf[N][400];
  for (int i = 0; i < N; i++) {
    snprintf(buf[i], sizeof buf[i], "[np.savetxt('%s/np%d.txt', np.array(%s%s%s)%s), "
             "open('%s/np%d.txt').read()][1]", dir, i, cases[i].lit, cases[i].dtype ? ", dtype=np." : "",
             cases[i].dtype ? cases[i].dtype : "", cases[i].py, dir, i);
    exprs[i] = buf[i];
    NdArray *a = nt_lit(cases[i].lit, nt_dtype(cases[i].dtype));
    char name[32];
    snprintf(name, sizeof name, "mine%d.txt", i);
    cr_assert(nd_savetxt(test_path(name), a, &cases[i].o), "%s", base_last_error());
    mine[i] = slurp(test_path(name));
    nd_unref(a);
  }
  nt_compare(N, exprs, mine);
  NdArray *a = nt_lit("[[1, 2]]", ND_NODTYPE);
  NdSaveTxtOpts bad = {.fmt = "%d %d %d"};
  cr_expect_not(nd_savetxt(test_path("x.txt"), a, &bad));
  cr_expect_str_eq(base_last_error(), "fmt has wrong number of % formats:  %d %d %d");
  nd_unref(a);
}
