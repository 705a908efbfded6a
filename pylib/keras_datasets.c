/* keras_datasets.c — keras.datasets as a tutorial calls it, for the sets whose files this
 * machine can have: fashion_mnist.load_data() reads the four IDX files Keras downloads
 * (train-images-idx3-ubyte.gz, ...) and gives Keras's ((x_train, y_train), (x_test, y_test)),
 * uint8 images [n, 28, 28] and uint8 labels [n]. nnc never downloads: the files are looked
 * for in $NNC_DATA/fashion-mnist/, then Keras's cache ~/.keras/datasets/fashion-mnist/, then
 * where Debian's dataset-fashion-mnist installs them. */
#include <stdlib.h>
#include <sys/stat.h>

#include "pylib.h"

/* dir/file into buf when the file exists. */
static bool found(char *buf, size_t n, const char *dir, const char *file) {
  struct stat st;
  int len = snprintf(buf, n, "%s/%s", dir, file);
  return len > 0 && (size_t)len < n && stat(buf, &st) == 0 && S_ISREG(st.st_mode);
}

/* The directory among the places holding `probe` (into dir), or false. */
static bool data_dir(char *dir, size_t n, const char *sub, const char *probe,
                     const char *system) {
  char path[4096];
  const char *env = getenv("NNC_DATA"), *home = getenv("HOME");
  if (env && *env && (snprintf(dir, n, "%s/%s", env, sub), found(path, sizeof path, dir, probe)))
    return true;
  if (home && *home &&
      (snprintf(dir, n, "%s/.keras/datasets/%s", home, sub), found(path, sizeof path, dir, probe)))
    return true;
  snprintf(dir, n, "%s", system);
  return found(path, sizeof path, dir, probe);
}

/* One IDX file as a uint8 array of its shape. */
static NdArray *idx_u8(Interp *I, const char *dir, const char *file) {
  char path[4096];
  int len = snprintf(path, sizeof path, "%s/%s", dir, file);
  if (len < 0 || (size_t)len >= sizeof path)
    return fe_throw(I, EXC_OSError, "%s: the path is too long", dir), NULL;
  nnc_tensor *t = NULL;
  nnc_status st = nnc_tensor_load_idx(path, NNC_F32, 0, &t);
  if (st != NNC_OK)
    return pl_raise_status(I, st), NULL;
  NdArray *f = nd_from_tensor(t), *a = f ? nd_astype(f, ND_UINT8) : NULL;
  nnc_tensor_free(t);
  nd_unref(f);
  if (!a)
    pl_nd_raise(I);
  return a;
}

static Obj *fashion_load(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  static const char *const files[] = {"train-images-idx3-ubyte.gz",
                                      "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                                      "t10k-labels-idx1-ubyte.gz"};
  char dir[4096];
  if (!data_dir(dir, sizeof dir, "fashion-mnist", files[0], "/usr/share/datasets/fashion-mnist"))
    return fe_throw(I, EXC_FileNotFoundError, "fashion_mnist.load_data(): %s is in none of "
                    "$NNC_DATA/fashion-mnist, ~/.keras/datasets/fashion-mnist and %s (nnc does "
                    "not download; Debian's dataset-fashion-mnist has the files)", files[0], dir);
  NdArray *a[4] = {0};
  for (int i = 0; i < 4; i++)
    if (!(a[i] = idx_u8(I, dir, files[i]))) {
      for (int k = 0; k < i; k++)
        nd_unref(a[k]);
      return NULL;
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

static const FeFnDef fashion_fns[] = {
    {"load_data", fashion_load, "()", "tuple", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_keras_datasets_def = {.name = "keras.datasets"};
const FeModuleDef pl_keras_fashion_def = {.name = "keras.datasets.fashion_mnist",
                                          .fns = fashion_fns};
const FeModuleDef pl_tf_keras_datasets_def = {.name = "tensorflow.keras.datasets",
                                              .alias_of = "keras.datasets"};
const FeModuleDef pl_tf_keras_fashion_def = {.name = "tensorflow.keras.datasets.fashion_mnist",
                                             .alias_of = "keras.datasets.fashion_mnist"};
