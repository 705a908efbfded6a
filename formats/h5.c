/* h5.c — HDF5 files of named float tensors, through libhdf5 (Debian's libhdf5-dev).
 *
 * The writer makes groups (each optionally carrying a string attribute "name", as h5py
 * writes a Python str: variable-length UTF-8) and float datasets at slash-separated paths,
 * creating intermediate groups (int32 datasets too: Normalization's count). It builds the file in memory (libhdf5's core driver) and
 * hands the bytes to fmt_write_file, so PATH is the old file or the complete new one and
 * no name but the safe writer's own temporary is opened for writing. The reader walks
 * every hard link of a file and reads the datasets under one prefix into a StSet named by their full paths;
 * soft and external links are never followed (an external link would open another file).
 *
 * libhdf5 parses the file's structures itself, in a child process (see "the reading
 * process" below), so the reader's own checks are on what it would allocate: each dataset must be float32, float64 or an integer (read as int32: Keras's
 * counts), of rank <= RT_MAX_RANK, and its
 * data no larger than the file (Keras never compresses weights, and the bound stops a few
 * bytes from claiming gigabytes of fill values). libhdf5's own error stack is silenced and
 * its innermost message goes into ours.
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "formats.h"

enum { H5_MAX_TENSORS = 1 << 16 };

/* The innermost message on libhdf5's error stack, or "unknown error". */
static herr_t first_error(unsigned n, const H5E_error2_t *e, void *buf) {
  if (n == 0 && e->desc)
    snprintf(buf, 160, "%s", e->desc);
  return 0;
}

static const char *h5_message(char *buf) {
  snprintf(buf, 160, "unknown error");
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, first_error, buf);
  return buf;
}

static void quiet(void) {
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

/* Closes the types and the space a function opened; those it did not (< 0) are skipped. */
static void close_opened(hid_t type, hid_t type2, hid_t space) {
  if (type >= 0)
    H5Tclose(type);
  if (type2 >= 0)
    H5Tclose(type2);
  if (space >= 0)
    H5Sclose(space);
}

/* ---- writing ---- */

static bool write_name(hid_t obj, const char *name) {
  hid_t st = H5Tcopy(H5T_C_S1), sp = H5Screate(H5S_SCALAR), a = -1;
  bool ok = st >= 0 && sp >= 0 && H5Tset_size(st, H5T_VARIABLE) >= 0 &&
            H5Tset_cset(st, H5T_CSET_UTF8) >= 0 &&
            (a = H5Acreate2(obj, "name", st, sp, H5P_DEFAULT, H5P_DEFAULT)) >= 0 &&
            H5Awrite(a, st, &name) >= 0;
  if (a >= 0)
    H5Aclose(a);
  close_opened(st, -1, sp);
  return ok;
}

static bool write_dataset(hid_t file, hid_t lcpl, const char *path, const nnc_tensor *t) {
  hsize_t dims[RT_MAX_RANK];
  for (int i = 0; i < t->rank; i++)
    dims[i] = (hsize_t)t->shape[i];
  hid_t stored = t->dtype == NNC_F64 ? H5T_IEEE_F64LE
                 : t->dtype == NNC_F32 ? H5T_IEEE_F32LE : H5T_STD_I32LE;
  hid_t native = t->dtype == NNC_F64 ? H5T_NATIVE_DOUBLE
                 : t->dtype == NNC_F32 ? H5T_NATIVE_FLOAT : H5T_NATIVE_INT32;
  hid_t sp = t->rank ? H5Screate_simple(t->rank, dims, NULL) : H5Screate(H5S_SCALAR), d = -1;
  bool ok = sp >= 0 &&
            (d = H5Dcreate2(file, path, stored, sp, lcpl, H5P_DEFAULT, H5P_DEFAULT)) >= 0 &&
            H5Dwrite(d, native, H5S_ALL, H5S_ALL, H5P_DEFAULT, t->data) >= 0;
  if (d >= 0)
    H5Dclose(d);
  if (sp >= 0)
    H5Sclose(sp);
  return ok;
}

static bool write_item(hid_t file, hid_t lcpl, const FmtH5Item *it) {
  if (it->t)
    return write_dataset(file, lcpl, it->path, it->t);
  hid_t g = H5Gcreate2(file, it->path, lcpl, H5P_DEFAULT, H5P_DEFAULT);
  bool ok = g >= 0 && (!it->name || write_name(g, it->name));
  if (g >= 0)
    H5Gclose(g);
  return ok;
}

/* The attribute's type and space: h5py's str (variable-length UTF-8), bytes or list of
 * bytes (variable-length ASCII), or empty list (float64, numpy's np.asarray([])). */
static bool attr_type(const FmtH5Attr *a, hid_t *ty, hid_t *sp) {
  bool empty = a->n == 0 && !a->strs;
  hsize_t dim = (hsize_t)(a->n > 0 ? a->n : 0);
  *sp = a->n > 0 || empty ? H5Screate_simple(1, &dim, NULL) : H5Screate(H5S_SCALAR);
  *ty = H5Tcopy(empty ? H5T_IEEE_F64LE : H5T_C_S1);
  return *sp >= 0 && *ty >= 0 &&
         (empty || (H5Tset_size(*ty, H5T_VARIABLE) >= 0 &&
                    H5Tset_cset(*ty, a->n < 0 ? H5T_CSET_UTF8 : H5T_CSET_ASCII) >= 0));
}

static bool write_attr(hid_t file, const FmtH5Attr *a) {
  hid_t ty = -1, sp = -1, at = -1;
  double none = 0;
  const void *data = a->strs ? (const void *)a->strs : &none;
  bool ok = attr_type(a, &ty, &sp) &&
            (at = H5Acreate_by_name(file, a->path, a->name, ty, sp, H5P_DEFAULT, H5P_DEFAULT,
                                    H5P_DEFAULT)) >= 0 &&
            H5Awrite(at, ty, data) >= 0;
  if (at >= 0)
    H5Aclose(at);
  close_opened(ty, -1, sp);
  return ok;
}

/* The file built in memory (the core driver, no backing store): its bytes in *image
 * (base_malloc'd). NNC_ERR_IO with libhdf5's reason, NNC_ERR_NOMEM. */
static nnc_status build_image(const char *path, int n, const FmtH5Item *items, int nattrs,
                              const FmtH5Attr *attrs, void **image, size_t *size) {
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS), lcpl = H5Pcreate(H5P_LINK_CREATE), file = -1;
  bool ok = fapl >= 0 && lcpl >= 0 && H5Pset_fapl_core(fapl, 1 << 16, 0) >= 0 &&
            H5Pset_create_intermediate_group(lcpl, 1) >= 0 &&
            (file = H5Fcreate("nnc.weights.h5", H5F_ACC_TRUNC, H5P_DEFAULT, fapl)) >= 0;
  for (int i = 0; ok && i < n; i++)
    ok = write_item(file, lcpl, &items[i]);
  for (int i = 0; ok && i < nattrs; i++)
    ok = write_attr(file, &attrs[i]);
  ssize_t k = ok && H5Fflush(file, H5F_SCOPE_GLOBAL) >= 0 ? H5Fget_file_image(file, NULL, 0) : -1;
  *image = k > 0 ? base_malloc((size_t)k) : NULL;
  *size = *image ? (size_t)k : 0;
  char why[160] = "out of memory";
  nnc_status s = NNC_OK;
  if (k <= 0 || (*image && H5Fget_file_image(file, *image, (size_t)k) != k))
    s = base_error(NNC_ERR_IO, "%s: cannot write: %s (the file is unchanged)", path,
                   h5_message(why));
  else if (!*image)
    s = base_error(NNC_ERR_NOMEM, "%s: out of memory (the file is unchanged)", path);
  if (file >= 0)
    H5Fclose(file);
  if (lcpl >= 0)
    H5Pclose(lcpl);
  if (fapl >= 0)
    H5Pclose(fapl);
  return s;
}

static nnc_status image_attrs(const char *path, int n, const FmtH5Item *items, int nattrs,
                              const FmtH5Attr *attrs, void **image, size_t *size) {
  *image = NULL;
  *size = 0;
  for (int i = 0; i < n; i++)
    if (!items[i].path || !items[i].path[0] ||
        (items[i].t && items[i].t->dtype != NNC_F32 && items[i].t->dtype != NNC_F64 &&
         items[i].t->dtype != NNC_I32))
      return base_error(NNC_ERR_ARG, "%s: item %d: a path and a float or int32 tensor are "
                        "needed", path, i);
  for (int i = 0; i < nattrs; i++)
    if (!attrs[i].path || !attrs[i].name || (attrs[i].n != 0 && !attrs[i].strs))
      return base_error(NNC_ERR_ARG, "%s: attribute %d: a path, a name and strings are "
                        "needed", path, i);
  quiet();
  return build_image(path, n, items, nattrs, attrs, image, size);
}

nnc_status fmt_h5_image(const char *path, int n, const FmtH5Item *items, void **image,
                        size_t *size) {
  return image_attrs(path, n, items, 0, NULL, image, size);
}

nnc_status fmt_h5_write(const char *path, int n, const FmtH5Item *items) {
  return fmt_h5_write_attrs(path, n, items, 0, NULL);
}

nnc_status fmt_h5_write_attrs(const char *path, int n, const FmtH5Item *items, int nattrs,
                              const FmtH5Attr *attrs) {
  void *image = NULL;
  size_t size = 0;
  nnc_status s = image_attrs(path, n, items, nattrs, attrs, &image, &size);
  if (s == NNC_OK)
    s = fmt_write_file(path, image, size);
  base_free(image);
  return s;
}

/* ---- reading ---- */

typedef struct {
  const char *path;             /* the file, for messages */
  const char *prefix;           /* datasets outside it are skipped */
  uint64_t size;                /* of the file: no dataset may hold more bytes */
  StSet *set;                   /* owned until returned */
  int cap;
  nnc_status status;            /* the first failure; NNC_OK while walking */
} Walk;

static herr_t fail(Walk *w, nnc_status s, const char *name, const char *what) {
  char buf[160];
  w->status = base_error(s, "%s: dataset '%s': %s%s", w->path, name, what,
                         s == NNC_ERR_CORRUPT ? h5_message(buf) : "");
  return -1;
}

static bool grow(Walk *w) {
  if (w->set->n < w->cap)
    return true;
  int cap = w->cap ? 2 * w->cap : 16;
  StTensor *t = base_realloc(w->set->tensors, (size_t)cap * sizeof *t);
  if (!t)
    return false;
  w->set->tensors = t;
  w->cap = cap;
  return true;
}

/* The tensor type of dataset d: its dtype, rank and shape, checked. */
static herr_t dataset_type(Walk *w, const char *name, hid_t d, nnc_dtype *dt, int *rank,
                           int64_t *shape) {
  hid_t ty = H5Dget_type(d), sp = H5Dget_space(d);
  H5T_class_t cls = ty >= 0 ? H5Tget_class(ty) : H5T_NO_CLASS;
  size_t bytes = ty >= 0 ? H5Tget_size(ty) : 0;
  int r = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1;
  hsize_t dims[H5S_MAX_RANK];
  bool dims_ok = r >= 0 && r <= RT_MAX_RANK && H5Sget_simple_extent_dims(sp, dims, NULL) >= 0;
  close_opened(ty, -1, sp);
  if (ty < 0 || sp < 0 || r < 0)
    return fail(w, NNC_ERR_CORRUPT, name, "unreadable type or shape: ");
  if ((cls != H5T_FLOAT && cls != H5T_INTEGER) || (bytes != 4 && bytes != 8))
    return fail(w, NNC_ERR_TYPE, name, "not float32, float64 or an integer");
  if (!dims_ok)
    return fail(w, NNC_ERR_SHAPE, name, "rank above 4");
  uint64_t numel = 1;
  for (int i = 0; i < r; i++) {
    if (dims[i] > w->size || (dims[i] && numel > w->size / dims[i]))
      return fail(w, NNC_ERR_CORRUPT, name, "more data than the file holds");
    numel *= dims[i];
    shape[i] = (int64_t)dims[i];
  }
  if (numel * bytes > w->size)
    return fail(w, NNC_ERR_CORRUPT, name, "more data than the file holds");
  *dt = cls == H5T_INTEGER ? NNC_I32 : bytes == 4 ? NNC_F32 : NNC_F64; /* Keras's counts */
  *rank = r;
  return 0;
}

static herr_t read_dataset(Walk *w, const char *name, hid_t d) {
  nnc_dtype dt;
  int rank;
  int64_t shape[RT_MAX_RANK];
  if (dataset_type(w, name, d, &dt, &rank, shape) < 0)
    return -1;
  if (w->set->n >= H5_MAX_TENSORS)
    return fail(w, NNC_ERR_CORRUPT, name, "more than 65536 datasets");
  for (int i = 0; i < w->set->n; i++) /* only a corrupt link table names a dataset twice */
    if (strcmp(w->set->tensors[i].name, name) == 0)
      return fail(w, NNC_ERR_CORRUPT, name, "the name appears twice");
  nnc_tensor *t = NULL;
  char *copy = NULL;
  if (!grow(w) || rt_tensor_alloc(dt, rank, shape, &t) != NNC_OK || !(copy = base_strdup(name))) {
    nnc_tensor_free(t);
    w->status = base_error(NNC_ERR_NOMEM, "%s: out of memory reading '%s'", w->path, name);
    return -1;
  }
  w->set->tensors[w->set->n++] = (StTensor){copy, t};
  hid_t native = dt == NNC_F32 ? H5T_NATIVE_FLOAT
                 : dt == NNC_F64 ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT32;
  if (H5Dread(d, native, H5S_ALL, H5S_ALL, H5P_DEFAULT, t->data) < 0)
    return fail(w, NNC_ERR_CORRUPT, name, "cannot read its data: ");
  return 0;
}

static herr_t visit(hid_t g, const char *name, const H5L_info_t *info, void *data) {
  Walk *w = data;
  size_t np = strlen(w->prefix);
  if (info->type != H5L_TYPE_HARD || strncmp(name, w->prefix, np) != 0)
    return 0;
  H5O_info_t oi;
  if (H5Oget_info_by_name(g, name, &oi, H5P_DEFAULT) < 0)
    return fail(w, NNC_ERR_CORRUPT, name, "unreadable object: ");
  if (oi.type != H5O_TYPE_DATASET)
    return 0;
  hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
  if (d < 0)
    return fail(w, NNC_ERR_CORRUPT, name, "cannot open: ");
  herr_t r = read_dataset(w, name, d);
  H5Dclose(d);
  return r;
}

/* ---- the file's string attributes ---- */

enum { H5_MAX_ATTRS = 64 };

/* Appends key = value to the set's metadata; false when out of memory. */
static bool add_meta(StSet *set, const char *key, const char *value) {
  char **k = base_realloc(set->meta_keys, (size_t)(set->nmeta + 1) * sizeof *k);
  if (k)
    set->meta_keys = k;
  char **v = k ? base_realloc(set->meta_values, (size_t)(set->nmeta + 1) * sizeof *v) : NULL;
  if (v)
    set->meta_values = v;
  char *kc = v ? base_strdup(key) : NULL, *vc = kc ? base_strdup(value) : NULL;
  if (!vc) {
    base_free(kc);
    return false;
  }
  set->meta_keys[set->nmeta] = kc;
  set->meta_values[set->nmeta++] = vc;
  return true;
}

/* One scalar string attribute's text (base_malloc'd), or NULL for another kind. */
static char *attr_text(hid_t a, uint64_t limit) {
  hid_t ty = H5Aget_type(a), sp = H5Aget_space(a), mem = H5Tcopy(H5T_C_S1);
  bool scalar = sp >= 0 && H5Sget_simple_extent_npoints(sp) == 1;
  bool str = ty >= 0 && H5Tget_class(ty) == H5T_STRING;
  char *text = NULL;
  if (scalar && str && mem >= 0 && H5Tis_variable_str(ty) > 0) {
    char *v = NULL;
    if (H5Tset_size(mem, H5T_VARIABLE) >= 0 && H5Aread(a, mem, &v) >= 0 && v) {
      text = strlen(v) <= limit ? base_strdup(v) : NULL;
      H5free_memory(v);
    }
  } else if (scalar && str && mem >= 0) {
    size_t n = H5Tget_size(ty);
    text = n > 0 && n <= limit && H5Tset_size(mem, n) >= 0 ? base_calloc(1, n + 1) : NULL;
    if (text && H5Aread(a, mem, text) < 0) {
      base_free(text);
      text = NULL;
    }
  }
  close_opened(mem, ty, sp);
  return text;
}

/* One axis of strings (h5py's list of bytes values: Keras's weight_names) as the text of a
 * JSON array (cJSON_free), or NULL for another kind. */
static char *attr_list(hid_t a, uint64_t limit) {
  hid_t ty = H5Aget_type(a), sp = H5Aget_space(a), mem = H5Tcopy(H5T_C_S1);
  hssize_t n = sp >= 0 && H5Sget_simple_extent_ndims(sp) == 1 ? H5Sget_simple_extent_npoints(sp)
                                                              : -1;
  bool str = ty >= 0 && H5Tget_class(ty) == H5T_STRING, vlen = str && H5Tis_variable_str(ty) > 0;
  size_t size = str && !vlen ? H5Tget_size(ty) + 1 : sizeof(char *);
  char *buf = n >= 0 && str && mem >= 0 && (uint64_t)n * size <= limit
                  ? base_calloc((size_t)n + 1, size) : NULL;
  bool ok = buf && H5Tset_size(mem, vlen ? H5T_VARIABLE : size) >= 0 && H5Aread(a, mem, buf) >= 0;
  cJSON *list = ok ? cJSON_CreateArray() : NULL;
  for (hssize_t i = 0; list && i < n; i++) {
    const char *v = vlen ? ((char **)buf)[i] : buf + (size_t)i * size;
    cJSON_AddItemToArray(list, cJSON_CreateString(v ? v : ""));
  }
  if (ok && vlen)
    for (hssize_t i = 0; i < n; i++)
      H5free_memory(((char **)buf)[i]);
  char *text = list ? cJSON_PrintUnformatted(list) : NULL;
  cJSON_Delete(list);
  base_free(buf);
  close_opened(mem, ty, sp);
  return text;
}

/* Attribute `name` of obj as the metadata `key`: a string's text, or, with lists, a list of
 * strings as a JSON array. */
static herr_t add_attr(Walk *w, hid_t obj, const char *name, const char *key, bool lists) {
  if (w->set->nmeta >= H5_MAX_ATTRS)
    return 0;
  hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
  char *list = a >= 0 && lists ? attr_list(a, w->size) : NULL, *text = NULL;
  if (a >= 0 && !list)
    text = attr_text(a, w->size);
  if (a >= 0)
    H5Aclose(a);
  bool ok = (!text && !list) || add_meta(w->set, key, text ? text : list);
  base_free(text);
  cJSON_free(list);
  if (!ok) {
    w->status = base_error(NNC_ERR_NOMEM, "%s: out of memory reading attribute '%s'", w->path,
                           key);
    return -1;
  }
  return 0;
}

/* An attribute of the group the prefix names, as the metadata "<group>/<name>". */
static herr_t visit_group_attr(hid_t obj, const char *name, const H5A_info_t *info, void *data) {
  (void)info;
  Walk *w = data;
  char key[300];
  snprintf(key, sizeof key, "%.*s/%.200s", (int)strcspn(w->prefix, "/"), w->prefix, name);
  return add_attr(w, obj, name, key, true);
}

/* The attributes of the group the prefix names ("optimizer_weights/"), when it is one. */
static herr_t group_attrs(hid_t file, Walk *w) {
  char group[256];
  int n = snprintf(group, sizeof group, "%s", w->prefix);
  bool one_name = n >= 2 && (size_t)n < sizeof group && strchr(group, '/') == group + n - 1;
  if (!one_name)
    return 0;
  group[n - 1] = 0;
  H5O_info_t oi;
  if (H5Lexists(file, group, H5P_DEFAULT) <= 0 ||
      H5Oget_info_by_name(file, group, &oi, H5P_DEFAULT) < 0 || oi.type != H5O_TYPE_GROUP)
    return 0;
  hid_t g = H5Gopen2(file, group, H5P_DEFAULT);
  if (g < 0)
    return 0;
  herr_t r = H5Aiterate2(g, H5_INDEX_NAME, H5_ITER_INC, NULL, visit_group_attr, w);
  H5Gclose(g);
  return r;
}

static herr_t visit_attr(hid_t obj, const char *name, const H5A_info_t *info, void *data) {
  (void)info;
  return add_attr(data, obj, name, name, true);
}

/* The walk itself, in whichever process runs libhdf5. */
static nnc_status read_here(const char *path, const char *prefix, uint64_t size, StSet **out) {
  quiet();
  char buf[160];
  if (H5Fis_hdf5(path) <= 0)
    return base_error(NNC_ERR_CORRUPT, "%s: not an HDF5 file (no HDF5 signature)", path);
  hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0)
    return base_error(NNC_ERR_CORRUPT, "%s: unreadable HDF5 file: %s", path, h5_message(buf));
  Walk w = {path, prefix, size, base_calloc(1, sizeof(StSet)), 0, NNC_OK};
  if (!w.set)
    w.status = base_error(NNC_ERR_NOMEM, "%s: out of memory", path);
  else if (H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, visit, &w) < 0 && w.status == NNC_OK)
    w.status = base_error(NNC_ERR_CORRUPT, "%s: unreadable HDF5 groups: %s", path, h5_message(buf));
  else if (H5Aiterate2(file, H5_INDEX_NAME, H5_ITER_INC, NULL, visit_attr, &w) < 0 &&
           w.status == NNC_OK)
    w.status = base_error(NNC_ERR_CORRUPT, "%s: unreadable HDF5 attributes: %s", path,
                          h5_message(buf));
  else if (group_attrs(file, &w) < 0 && w.status == NNC_OK)
    w.status = base_error(NNC_ERR_CORRUPT, "%s: unreadable attributes of '%s': %s", path,
                          prefix, h5_message(buf));
  H5Fclose(file);
  if (w.status != NNC_OK) {
    fmt_st_free(w.set);
    return w.status;
  }
  *out = w.set;
  return NNC_OK;
}

/* ---- the reading process ----
 * libhdf5 1.10 trusts the structures it reads: a corrupt file can make it write through a
 * NULL from malloc, or read out of bounds (the fuzzer finds such files within a minute). So
 * the file is parsed in a child process, which hands the tensors back as a safetensors file
 * (whose reader checks everything) and its status and message through a pipe; a child that
 * crashes costs a message, never the caller's process. */

/* Set by sanitizer runtimes (a fuzzing build's writes a crash report); absent otherwise. */
extern void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

/* A crash in the child is the parent's to report: it dies quietly, by the default action. */
static void die_quietly(void) {
  static const int deadly[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};
  for (size_t i = 0; i < sizeof deadly / sizeof *deadly; i++)
    signal(deadly[i], SIG_DFL);
  if (__sanitizer_set_death_callback)
    __sanitizer_set_death_callback(NULL);
}

/* The set's metadata as safetensors' "__metadata__" object (cJSON_free), NULL for none. */
static char *meta_json(const StSet *set) {
  if (!set->nmeta)
    return NULL;
  cJSON *o = cJSON_CreateObject();
  for (int i = 0; o && i < set->nmeta; i++)
    cJSON_AddStringToObject(o, set->meta_keys[i], set->meta_values[i]);
  char *text = o ? cJSON_PrintUnformatted(o) : NULL;
  cJSON_Delete(o);
  return text;
}

/* CPU seconds the child may take on a file of `size` bytes: a whole file is parsed and
 * copied in well under a second per 32 MB, while some corrupt files send libhdf5 round a
 * loop for ever; past the limit the kernel stops the child with SIGXCPU. */
static rlim_t cpu_limit(uint64_t size) {
  return (rlim_t)(2 + size / (32u << 20));
}

/* Child: read, write the set to tmp, report "<status> <message>" on fd; never returns. */
static void child(const char *path, const char *prefix, uint64_t size, const char *tmp, int fd) {
  die_quietly();
  struct rlimit cpu;
  if (getrlimit(RLIMIT_CPU, &cpu) == 0 && cpu.rlim_max > cpu_limit(size)) {
    cpu.rlim_cur = cpu_limit(size);
    setrlimit(RLIMIT_CPU, &cpu);
  }
  fmt_out_discard = false; /* tmp is this process's own, in a data-parallel job too: no */
  fmt_out_agree = NULL;    /* rank 0 to wait for, and no MPI in a forked child */
  StSet *set = NULL;
  nnc_status s = read_here(path, prefix, size, &set);
  const char **names = set ? calloc((size_t)set->n + 1, sizeof *names) : NULL;
  const nnc_tensor **ts = set ? calloc((size_t)set->n + 1, sizeof *ts) : NULL;
  if (s == NNC_OK && (!names || !ts))
    s = base_error(NNC_ERR_NOMEM, "%s: out of memory", path);
  for (int i = 0; s == NNC_OK && i < set->n; i++) {
    names[i] = set->tensors[i].name;
    ts[i] = set->tensors[i].t;
  }
  char *meta = s == NNC_OK ? meta_json(set) : NULL;
  if (s == NNC_OK && set->nmeta && !meta)
    s = base_error(NNC_ERR_NOMEM, "%s: out of memory", path);
  if (s == NNC_OK)
    s = fmt_st_write(tmp, set->n, names, ts, meta);
  cJSON_free(meta);
  char msg[600];
  int n = snprintf(msg, sizeof msg, "%d %s", (int)s, s == NNC_OK ? "" : nnc_last_error());
  ssize_t w = write(fd, msg, n < (int)sizeof msg ? (size_t)n : sizeof msg - 1);
  _exit(w < 0);
}

/* Parent: the child's report, then its exit. */
static nnc_status await(const char *path, uint64_t size, pid_t pid, int fd) {
  char msg[600];
  size_t n = 0;
  ssize_t r;
  while (n < sizeof msg - 1 && ((r = read(fd, msg + n, sizeof msg - 1 - n)) > 0 ||
                                (r < 0 && errno == EINTR)))
    n += r > 0 ? (size_t)r : 0;
  msg[n] = 0;
  int st = 0;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
    ;
  int code = -1, at = 0;
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || sscanf(msg, "%d %n", &code, &at) != 1 ||
      code < 0 || code > NNC_ERR_INTERNAL)
    return WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU
               ? base_error(NNC_ERR_CORRUPT, "%s: libhdf5 did not finish reading the file "
                            "in %d CPU seconds: it is corrupt", path, (int)cpu_limit(size))
               : base_error(NNC_ERR_CORRUPT, "%s: libhdf5 failed on the file (%s %d): it is "
                            "corrupt", path, WIFSIGNALED(st) ? "signal" : "exit status",
                            WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
  return code == NNC_OK ? NNC_OK : base_error((nnc_status)code, "%s", msg + at);
}

static nnc_status read_isolated(const char *path, const char *prefix, uint64_t size,
                                StSet **out) {
  const char *dir = getenv("TMPDIR");
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s/nnc_h5_XXXXXX", dir && *dir ? dir : "/tmp");
  int tfd = mkstemp(tmp), fd[2];
  if (tfd < 0)
    return base_error(NNC_ERR_IO, "%s: cannot make a temporary file in %s: %s", path,
                      dir && *dir ? dir : "/tmp", strerror(errno));
  close(tfd);
  if (pipe(fd) != 0) {
    remove(tmp);
    return base_error(NNC_ERR_IO, "%s: cannot make a pipe: %s", path, strerror(errno));
  }
  fflush(NULL);                 /* the child must not write the parent's buffered output */
  pid_t pid = fork();
  if (pid == 0) {
    close(fd[0]);
    child(path, prefix, size, tmp, fd[1]);
  }
  close(fd[1]);
  nnc_status s = pid < 0 ? base_error(NNC_ERR_IO, "%s: cannot start a process: %s", path,
                                      strerror(errno))
                         : await(path, size, pid, fd[0]);
  close(fd[0]);
  if (s == NNC_OK)
    s = fmt_st_read(tmp, out);
  remove(tmp);
  return s;
}

nnc_status fmt_h5_read(const char *path, const char *prefix, StSet **out) {
  *out = NULL;
  FILE *f = NULL;
  size_t size = 0;
  nnc_status s = fmt_file_open(path, &f, &size);
  if (s != NNC_OK)
    return s;
  fclose(f);
  return read_isolated(path, prefix, size, out);
}
