/* sklearn_datasets.c — sklearn.datasets as tutorials use it: the bundled sets (load_iris,
 * load_wine, load_breast_cancer, load_diabetes, load_digits), read from the very files
 * scikit-learn ships, with return_X_y and as_frame (pylib's pandas.DataFrame), and the
 * generators make_circles and make_moons, computed as scikit-learn 1.2 computes them.
 *
 * A bundled set is a Bunch (sklearn.utils.Bunch): its fields are attributes and items both
 * (iris.data, iris['target']), in scikit-learn 1.2's order, DESCR (the set's description,
 * which tutorials print) among them. The files are found in nnc's data cache ($NNC_DATA,
 * else ~/.cache/nnc) under sklearn/ (the descriptions in sklearn/descr/), else where Debian's
 * python3-sklearn installs them. The
 * generators shuffle and add noise from numpy's legacy RandomState stream (ndarray/
 * mt19937.c) in scikit-learn's order, and compute the points with numpy's own roundings, so
 * random_state=N gives scikit-learn's points bit for bit. */
#define _POSIX_C_SOURCE 200809L /* access */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pylib.h"

/* ---- Bunch ---- */

typedef struct {
  Obj hd;
  Obj *dict;
} Bunch;

static void bunch_clear(Interp *I, Obj *o) {
  fe_setref(I, &((Bunch *)o)->dict, NULL);
}

static void bunch_traverse(Obj *o, FeVisit visit, void *arg) {
  if (((Bunch *)o)->dict)
    visit(((Bunch *)o)->dict, arg);
}

/* b['data']: the attribute's value; KeyError, as a dict's, for another key */
static Obj *bunch_getitem(Interp *I, Obj *o, Obj *key) {
  if (!((Bunch *)o)->dict)
    return fe_throw(I, EXC_KeyError, "the Bunch is empty");
  return fe_getitem(I, ((Bunch *)o)->dict, key);
}

static const Layout bunch_layout = {
    .name = "Bunch", .size = sizeof(Bunch), .dict_offset = offsetof(Bunch, dict),
    .clear = bunch_clear, .traverse = bunch_traverse, .getitem = bunch_getitem,
};

static Obj *bunch_init(Interp *I, Obj *self, Obj **args) {
  Obj *key, *v;
  for (int64_t pos = 0; fe_dict_next(args[0], &pos, &key, &v);)
    if (fe_setattr(I, self, key, v) < 0)
      return NULL;
  return fe_none(I);
}

static Obj *bunch_keys(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return fe_dict_view(I, ((Bunch *)self)->dict, VIEW_KEYS);
}

static const FeFnDef bunch_methods[] = {
    {"__init__", bunch_init, "(**kwargs)", NULL, NULL},
    {"keys", bunch_keys, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeClassDef utils_classes[] = {
    {.name = "Bunch", .layout = &bunch_layout, .methods = bunch_methods},
    {.name = NULL},
};

/* A new Bunch with the fields given (values borrowed; a NULL value ends the list early). */
static Obj *bunch_new(Interp *I, int n, const char *const *names, Obj *const *values) {
  Obj *m = fe_import(I, "sklearn.utils");
  Obj *cls = m ? fe_dict_getstr(I, ((Module *)m)->dict, "Bunch") : NULL;
  Obj *b = cls ? fe_call0(I, cls) : NULL;
  fe_decref(I, m);
  for (int i = 0; b && i < n; i++) {
    Obj *k = fe_str_cstr(I, names[i]);
    if (!k || fe_setattr(I, b, k, values[i]) < 0) {
      fe_decref(I, b);
      b = NULL;
    }
    fe_decref(I, k);
  }
  return b;
}

/* ---- the bundled sets ---- */

typedef struct {
  const char *fn;         /* the function: load_iris */
  const char *file;       /* scikit-learn's file: iris.csv */
  const char *descr;      /* its description: iris.rst */
  bool named;             /* the Bunch has filename and data_module (not load_wine's) */
  const char *features;   /* feature_names, separated by '|' */
} Bundled;

static const Bundled bundled[] = {
    {"load_iris", "iris.csv", "iris.rst", true,
     "sepal length (cm)|sepal width (cm)|petal length (cm)|petal width (cm)"},
    {"load_wine", "wine_data.csv", "wine_data.rst", false,
     "alcohol|malic_acid|ash|alcalinity_of_ash|magnesium|total_phenols|flavanoids|"
     "nonflavanoid_phenols|proanthocyanins|color_intensity|hue|od280/od315_of_diluted_wines|"
     "proline"},
    {"load_breast_cancer", "breast_cancer.csv", "breast_cancer.rst", true,
     "mean radius|mean texture|mean perimeter|mean area|mean smoothness|mean compactness|"
     "mean concavity|mean concave points|mean symmetry|mean fractal dimension|radius error|"
     "texture error|perimeter error|area error|smoothness error|compactness error|"
     "concavity error|concave points error|symmetry error|fractal dimension error|"
     "worst radius|worst texture|worst perimeter|worst area|worst smoothness|"
     "worst compactness|worst concavity|worst concave points|worst symmetry|"
     "worst fractal dimension"},
};

#define DEBIAN_SKLEARN_DATASETS "/usr/lib/python3/dist-packages/sklearn/datasets"

/* Where scikit-learn's file is: FILE in its data/ (iris.csv) or, descr set, in its descr/
 * (iris.rst). nnc's cache keeps them in $NNC_DATA/sklearn/ when NNC_DATA is set, else in
 * ~/.cache/nnc/sklearn/ when there (descriptions in descr/ below it), else Debian's copy is
 * read. False with FileNotFoundError saying how to fetch it when it is in none of them. */
static bool package_path(Interp *I, char *buf, size_t n, const char *file, bool descr) {
  const char *env = getenv("NNC_DATA");
  char cache[4096];
  snprintf(buf, n, "%s/sklearn/%s%s", pl_data_cache(cache, sizeof cache), descr ? "descr/" : "",
           file);
  if (!(env && *env) && access(buf, R_OK) != 0)
    snprintf(buf, n, "%s/%s/%s", DEBIAN_SKLEARN_DATASETS, descr ? "descr" : "data", file);
  if (access(buf, R_OK) == 0)
    return true;
  fe_throw(I, EXC_FileNotFoundError, "[Errno 2] No such file or directory: '%s' (scikit-learn's "
           "data file %s: run scripts/fetch-data.sh sklearn, or install python3-sklearn)", buf,
           file);
  return false;
}

static bool data_path(Interp *I, char *buf, size_t n, const char *file) {
  return package_path(I, buf, n, file, false);
}

/* The text of scikit-learn's description FILE (iris.rst): a Bunch's DESCR. */
static Obj *description(Interp *I, const char *file) {
  char path[4096];
  if (!package_path(I, path, sizeof path, file, true))
    return NULL;
  FileBytes fb;
  nnc_status st = fmt_read_all(path, &fb);
  if (st != NNC_OK)
    return pl_raise_status(I, st);
  Obj *text = fe_str_new(I, (const char *)fb.data, fb.len);
  fmt_file_bytes_free(&fb);
  return text;
}

/* The words separated by sep in s[0, len), as a list of str. */
static Obj *words(Interp *I, const char *s, size_t len, char sep) {
  Obj *l = fe_list_new(I, 0);
  for (size_t i = 0; l && i <= len;) {
    size_t k = i;
    while (k < len && s[k] != sep)
      k++;
    Obj *w = fe_str_new(I, s + i, k - i);
    if (!w || fe_list_append(I, l, w) < 0) {
      fe_decref(I, w);
      fe_decref(I, l);
      return NULL;
    }
    fe_decref(I, w);
    i = k + 1;
  }
  return l;
}

/* The class names of the file's first line "150,4,setosa,versicolor,virginica", as an
 * array of text. */
static Obj *target_names(Interp *I, const char *path) {
  FILE *f = fopen(path, "r");
  char line[512];
  if (!f || !fgets(line, sizeof line, f)) {
    if (f)
      fclose(f);
    return fe_throw(I, EXC_FileNotFoundError, "[Errno 2] No such file or directory: '%s'",
                    path);
  }
  fclose(f);
  size_t len = strcspn(line, "\r\n");
  const char *p = line;
  for (int commas = 0; commas < 2 && (p = memchr(p, ',', len - (size_t)(p - line))); commas++)
    p++;
  if (!p)
    return fe_throw(I, EXC_ValueError, "%s: the first line does not name the classes", path);
  Obj *names = words(I, p, len - (size_t)(p - line), ',');   /* an array, as scikit-learn's */
  int64_t n = names ? FE_LIST(names)->n : 0;
  return names ? pl_objarray_new(I, 1, &n, names) : NULL;
}

/* data (float64 [n, k]) and target (int64 [n]) of the file's rows after the first. */
static bool read_rows(Interp *I, const char *path, NdArray **data, NdArray **target) {
  NdTextOpts o = {.delimiter = ',', .skiprows = 1, .ndmin = 2};
  NdArray *all = nd_loadtxt(path, &o);
  if (!all) {
    pl_nd_raise(I);
    return false;
  }
  int64_t k = all->shape[1] - 1;
  NdIndex xs[2] = {nd_ix_all(), nd_ix_slice(0, k, 1, ND_HAS_STOP)}, ys[2] = {nd_ix_all(),
                                                                          nd_ix_int(k)};
  NdArray *x = nd_getitem(all, 2, xs), *y = x ? nd_getitem(all, 2, ys) : NULL;
  *data = x ? nd_copy(x) : NULL;
  *target = y ? nd_astype(y, ND_INT64) : NULL;
  nd_unref(x);
  nd_unref(y);
  nd_unref(all);
  if (!*data || !*target) {
    nd_unref(*data);
    nd_unref(*target);
    pl_nd_raise(I);
    return false;
  }
  return true;
}

/* pandas.DataFrame(x, columns=feats) through pylib's pandas module. */
static Obj *data_frame(Interp *I, Obj *x, Obj *feats) {
  Obj *m = fe_import(I, "pandas");
  Obj *cls = m ? fe_getattr_str(I, m, "DataFrame") : NULL;
  Obj *args[3] = {x, &I->none, feats};
  Obj *df = cls ? fe_call(I, cls, args, 3, NULL) : NULL;
  fe_decref(I, cls);
  fe_decref(I, m);
  return df;
}

/* What a load_X function returns (taking x and y): (X, y) when return_X_y, else a Bunch of
 * data, target, frame and the n extra fields; with as_frame, X (data) is a DataFrame of the
 * features, y (target) a Series named 'target', and frame the features and the target. */
static Obj *finish(Interp *I, NdArray *x, NdArray *y, Obj *feats, Obj **flags, int n,
                   const char *const *names, Obj *const *values) {
  int xy = fe_truth(I, flags[0]), frame = xy < 0 ? -1 : fe_truth(I, flags[1]);
  Obj *xo = pl_array_wrap(I, x), *yo = xo ? pl_array_wrap(I, y) : NULL, *r = NULL;
  if (!xo)
    nd_unref(y);
  Obj *data = yo && frame == 1 ? data_frame(I, xo, feats) : xo ? (fe_incref(xo), xo) : NULL;
  Obj *full = data && frame == 1 ? data_frame(I, xo, feats) : data ? fe_none(I) : NULL;
  Obj *key = full && frame == 1 ? fe_str_cstr(I, "target") : NULL;
  bool good = full && frame >= 0 && (frame == 0 || (key && fe_setitem(I, full, key, yo) == 0));
  Obj *target = good && frame == 1 ? pl_series_of(I, NULL, 0, yo, key) : NULL;
  if (good && frame == 0)
    fe_incref(target = yo);
  good = good && target;
  if (good && xy == 1) {
    r = fe_tuple_pack(I, 2, data, target);
  } else if (good) {
    const char *fields[16] = {"data", "target", "frame"};
    Obj *vals[16] = {data, target, full};
    for (int i = 0; i < n && i < 13; i++)
      fields[3 + i] = names[i], vals[3 + i] = values[i];
    r = bunch_new(I, 3 + n, fields, vals);
  }
  fe_decref(I, target);
  fe_decref(I, key);
  fe_decref(I, full);
  fe_decref(I, data);
  fe_decref(I, xo);
  fe_decref(I, yo);
  return r;
}

static Obj *load(Interp *I, const Bundled *b, Obj **args) {
  char path[4096];
  NdArray *x, *y;
  Obj *names = data_path(I, path, sizeof path, b->file) ? target_names(I, path) : NULL;
  if (!names || !read_rows(I, path, &x, &y)) {
    fe_decref(I, names);
    return NULL;
  }
  Obj *descr = description(I, b->descr);
  Obj *feats = descr ? words(I, b->features, strlen(b->features), '|') : NULL;
  Obj *file = feats ? fe_str_cstr(I, b->file) : NULL;
  Obj *module = file ? fe_str_cstr(I, "sklearn.datasets.data") : NULL;
  static const char *const fields[] = {"target_names", "DESCR", "feature_names", "filename",
                                       "data_module"};
  Obj *values[] = {names, descr, feats, file, module};
  Obj *r = module ? finish(I, x, y, feats, args, b->named ? 5 : 3, fields, values) : NULL;
  if (!module)
    nd_unref(x), nd_unref(y);
  for (int i = 0; i < 5; i++)
    fe_decref(I, values[i]);
  return r;
}

static Obj *load_iris(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return load(I, &bundled[0], args);
}

static Obj *load_wine(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return load(I, &bundled[1], args);
}

static Obj *load_breast_cancer(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return load(I, &bundled[2], args);
}

/* A whole gzip'd text file of numbers as float64 [rows, cols] (np.loadtxt), raised. */
static NdArray *numbers(Interp *I, const char *file, char delimiter) {
  char path[4096];
  if (!data_path(I, path, sizeof path, file))
    return NULL;
  NdTextOpts o = {.delimiter = delimiter, .ndmin = 2};
  NdArray *a = nd_loadtxt(path, &o);
  if (!a)
    pl_nd_raise(I);
  return a;
}

/* load_diabetes: the ten raw measurements (scaled: each column centred and divided by its
 * standard deviation times sqrt(n), scikit-learn's scale(data) / sqrt(n)) and the disease
 * progression a year later. */
static Obj *load_diabetes(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int scaled = fe_truth(I, args[2]);
  NdArray *x = scaled < 0 ? NULL : numbers(I, "diabetes_data_raw.csv.gz", ' ');
  NdArray *t = x ? numbers(I, "diabetes_target.csv.gz", ' ') : NULL, *y = t ? nd_ravel(t) : NULL;
  nd_unref(t);
  if (!y) {
    nd_unref(x);
    return I->exc_pending ? NULL : pl_nd_raise(I);
  }
  int64_t n = x->shape[0], k = x->shape[1];
  double *p = (double *)x->data;
  for (int64_t j = 0; scaled && j < k; j++) {
    double m = 0, v = 0;
    for (int64_t i = 0; i < n; i++)
      m += p[i * k + j];
    m /= (double)n;
    for (int64_t i = 0; i < n; i++)
      v += (p[i * k + j] - m) * (p[i * k + j] - m);
    double sd = sqrt(v / (double)n);
    for (int64_t i = 0; i < n; i++) /* as scale(): (x - mean) / sd, then / sqrt(n) */
      p[i * k + j] = (p[i * k + j] - m) / (sd > 0 ? sd : 1) / sqrt((double)n);
  }
  static const char *const feats_text = "age|sex|bmi|bp|s1|s2|s3|s4|s5|s6";
  Obj *descr = description(I, "diabetes.rst");
  Obj *feats = descr ? words(I, feats_text, strlen(feats_text), '|') : NULL;
  Obj *df = feats ? fe_str_cstr(I, "diabetes_data_raw.csv.gz") : NULL;
  Obj *tf = df ? fe_str_cstr(I, "diabetes_target.csv.gz") : NULL;
  Obj *module = tf ? fe_str_cstr(I, "sklearn.datasets.data") : NULL;
  static const char *const fields[] = {"DESCR", "feature_names", "data_filename",
                                       "target_filename", "data_module"};
  Obj *values[] = {descr, feats, df, tf, module};
  Obj *r = module ? finish(I, x, y, feats, args, 5, fields, values) : NULL;
  if (!module)
    nd_unref(x), nd_unref(y);
  for (int i = 0; i < 5; i++)
    fe_decref(I, values[i]);
  return r;
}

/* pixel_0_0 ... pixel_7_7 */
static Obj *pixel_names(Interp *I) {
  Obj *l = fe_list_new(I, 0);
  for (int i = 0; l && i < 64; i++) {
    Obj *s = fe_strf(I, "pixel_%d_%d", i / 8, i % 8);
    if (!s || fe_list_append(I, l, s) < 0)
      fe_setref(I, &l, NULL);
    fe_decref(I, s);
  }
  return l;
}

/* The rows of all (1797 x 65: 64 pixels, then the digit) whose digit is below n_class:
 * data float64 [m, 64], target int64 [m]. */
static bool digit_rows(Interp *I, NdArray *all, int64_t n_class, NdArray **x, NdArray **y) {
  int64_t n = all->shape[0], m = 0, xs[2] = {0, 64};
  const double *p = (const double *)all->data;
  for (int64_t i = 0; i < n; i++)
    m += p[i * 65 + 64] < (double)n_class;
  xs[0] = m;
  *x = nd_empty(ND_FLOAT64, 2, xs);
  *y = *x ? nd_empty(ND_INT64, 1, &m) : NULL;
  if (!*y) {
    nd_unref(*x);
    return pl_nd_raise(I), false;
  }
  for (int64_t i = 0, r = 0; i < n; i++)
    if (p[i * 65 + 64] < (double)n_class) {
      memcpy((double *)(*x)->data + r * 64, p + i * 65, 64 * sizeof(double));
      ((int64_t *)(*y)->data)[r++] = (int64_t)p[i * 65 + 64];
    }
  return true;
}

/* load_digits: 8x8 images of handwritten digits (pixels 0..16), the digits below n_class. */
static Obj *load_digits(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t n_class;
  if (fe_as_int(I, args[0], &n_class) < 0)
    return NULL;
  NdArray *all = numbers(I, "digits.csv.gz", ','), *x = NULL, *y = NULL;
  if (!all)
    return NULL;
  if (all->shape[1] != 65) {
    nd_unref(all);
    return fe_throw(I, EXC_ValueError, "digits.csv.gz: expected 65 columns, found %lld",
                    (long long)all->shape[1]);
  }
  bool good = digit_rows(I, all, n_class, &x, &y);
  nd_unref(all);
  if (!good)
    return NULL;
  int64_t is[3] = {x->shape[0], 8, 8}, ten = 10;
  NdArray *images = nd_reshape(x, 3, is), *names = images ? nd_empty(ND_INT64, 1, &ten) : NULL;
  for (int64_t i = 0; names && i < ten; i++)
    ((int64_t *)names->data)[i] = i;
  Obj *io = pl_array_wrap(I, images), *no = io ? pl_array_wrap(I, names) : NULL;
  if (!io)
    nd_unref(names);
  Obj *feats = no ? pixel_names(I) : NULL, *descr = feats ? description(I, "digits.rst") : NULL;
  static const char *const fields[] = {"feature_names", "target_names", "images", "DESCR"};
  Obj *values[] = {feats, no, io, descr};
  Obj *r = descr ? finish(I, x, y, feats, args + 1, 4, fields, values) : NULL;
  if (!descr)
    nd_unref(x), nd_unref(y);
  for (int i = 0; i < 4; i++)
    fe_decref(I, values[i]);
  return r;
}

/* ---- generators ---- */

NdRandom *pl_random_state(Interp *I, Obj *v, bool *owned) {
  *owned = false;
  if (v == &I->none)
    return nd_random_global();
  NdRandom *given = pl_legacy_random_of(v);
  if (given)
    return given;
  int64_t s;
  if (!fe_is_int(I, v))
    return fe_throw(I, EXC_ValueError, "a %s cannot be used to seed a numpy.random.RandomState "
                    "instance (random_state must be None, an int or a RandomState)",
                    fe_typename(v)), NULL;
  if (fe_as_int(I, v, &s) < 0)
    return NULL;
  if (s < 0 || s > 0xffffffffLL)
    return fe_throw(I, EXC_ValueError, "Seed must be between 0 and 2**32 - 1"), NULL;
  NdRandom *r = nd_random_legacy_new(true, (uint64_t)s);
  if (!r)
    fe_nomem(I);
  *owned = r != NULL;
  return r;
}

#define PI 3.141592653589793

NdArray *pl_permutation(NdRandom *rng, int64_t n) {
  NdArray *count = nd_scalar_i64(n), *p = count ? nd_random_permutation(rng, count) : NULL;
  nd_unref(count);
  return p;
}

/* Two classes of points on two arcs, t from 0 to span in numpy.linspace's steps: class 0 at
 * (cos t, sin t); class 1 at factor (cos t, sin t) for circles, at (1 - cos t, 1 - sin t
 * - 0.5) for moons, each rounded as scikit-learn's numpy expressions round it. */
typedef struct {
  double span;            /* 2 pi (circles) or pi (moons) */
  bool endpoint;          /* the last point at t = span (np.linspace's endpoint) */
  bool moons;
  double factor;          /* circles: the inner circle's radius */
} Curves;

/* np.linspace(0, stop, num, endpoint)[j]: j * step, the endpoint itself exactly. */
static double linspace_at(double stop, int64_t num, bool endpoint, int64_t j) {
  int64_t div = endpoint ? num - 1 : num;
  if (endpoint && num > 1 && j == num - 1)
    return stop;
  return div > 0 ? (double)j * (stop / (double)div) : 0.0;
}

static void curve_point(const Curves *c, int k, double t, double *p) {
  if (k == 0) {
    p[0] = cos(t), p[1] = sin(t);
  } else if (c->moons) {
    p[0] = 1 - cos(t), p[1] = 1 - sin(t) - 0.5;
  } else {
    p[0] = cos(t) * c->factor, p[1] = sin(t) * c->factor;
  }
}

/* The points in order (outer then inner), then shuffled and noised as scikit-learn does. */
static Obj *two_curves(Interp *I, const Curves *c, Obj *n_samples, Obj *shuffle, Obj *noise,
                       Obj *random_state) {
  int64_t n, half[2];
  double sd = 0;
  if (fe_is_int(I, n_samples)) {
    if (fe_as_int(I, n_samples, &n) < 0)
      return NULL;
    half[0] = n / 2, half[1] = n - n / 2;
  } else {
    return fe_throw(I, EXC_NotImplementedError, "n_samples must be an integer in nnc (a pair "
                    "of counts is not supported yet)");
  }
  if (n < 0)
    return fe_throw(I, EXC_ValueError, "n_samples must be at least 0, found %lld",
                    (long long)n);
  if (noise != &I->none && fe_as_double(I, noise, &sd) < 0)
    return NULL;
  int shuf = fe_truth(I, shuffle);
  bool owned;
  NdRandom *rng = shuf < 0 ? NULL : pl_random_state(I, random_state, &owned);
  if (!rng)
    return NULL;
  int64_t xs[2] = {n, 2};
  NdArray *x = nd_empty(ND_FLOAT64, 2, xs), *y = x ? nd_empty(ND_INT64, 1, &n) : NULL;
  for (int64_t i = 0, k = 0; y && k < 2; k++)
    for (int64_t j = 0; j < half[k]; j++, i++) {
      curve_point(c, (int)k, linspace_at(c->span, half[k], c->endpoint, j),
                  (double *)x->data + 2 * i);
      ((int64_t *)y->data)[i] = k;
    }
  NdArray *perm = y && shuf ? pl_permutation(rng, n) : NULL;
  bool good = y && (!shuf || perm);
  if (perm) {
    NdIndex ix = nd_ix_array(perm);
    NdArray *px = nd_getitem(x, 1, &ix), *py = px ? nd_getitem(y, 1, &ix) : NULL;
    nd_unref(x);
    nd_unref(y);
    x = px, y = py;
    good = py != NULL;
    nd_unref(perm);
  }
  if (good && noise != &I->none) {
    NdArray *e = nd_random_normal(rng, 0, sd, 2, xs);
    good = e && nd_ufunc_out(ND_ADD, x, e, x);
    nd_unref(e);
  }
  if (owned)
    nd_random_free(rng);
  if (!good) {
    nd_unref(x);
    nd_unref(y);
    return pl_nd_raise(I);
  }
  NdArray *both[2] = {x, y};
  return pl_arrays_tuple(I, 2, both);
}

static Obj *make_circles(Interp *I, Obj *self, Obj **args) {
  (void)self;
  double factor;
  if (fe_as_double(I, args[4], &factor) < 0)
    return NULL;
  if (!(factor >= 0 && factor < 1))
    return fe_throw(I, EXC_ValueError, "'factor' has to be between 0 and 1.");
  Curves c = {2 * PI, false, false, factor};
  return two_curves(I, &c, args[0], args[1], args[2], args[3]);
}

static Obj *make_moons(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Curves c = {PI, true, true, 0};
  return two_curves(I, &c, args[0], args[1], args[2], args[3]);
}

static const FeFnDef datasets_fns[] = {
    {"load_iris", load_iris, "(*, return_X_y=False, as_frame=False)", "sklearn.utils.Bunch",
     NULL},
    {"load_wine", load_wine, "(*, return_X_y=False, as_frame=False)", "sklearn.utils.Bunch",
     NULL},
    {"load_breast_cancer", load_breast_cancer, "(*, return_X_y=False, as_frame=False)",
     "sklearn.utils.Bunch", NULL},
    {"load_diabetes", load_diabetes, "(*, return_X_y=False, as_frame=False, scaled=True)",
     "sklearn.utils.Bunch", NULL},
    {"load_digits", load_digits, "(*, n_class=10, return_X_y=False, as_frame=False)",
     "sklearn.utils.Bunch", NULL},
    {"make_circles", make_circles,
     "(n_samples=100, *, shuffle=True, noise=None, random_state=None, factor=0.8)", NULL, NULL},
    {"make_moons", make_moons, "(n_samples=100, *, shuffle=True, noise=None, random_state=None)",
     NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_sklearn_datasets_def = {.name = "sklearn.datasets", .fns = datasets_fns};
const FeModuleDef pl_sklearn_utils_def = {.name = "sklearn.utils", .classes = utils_classes};
