/* np_files.c — arrays in files: nnc's builtins load(path) and save(x, path), and numpy's
 * np.load, np.save, np.loadtxt, np.genfromtxt and np.savetxt. np.load of an .npz archive gives
 * numpy's NpzFile (a `with` context; data['x_train'] reads that member; files, keys()).
 * load() keeps a .npy file's
 * shape and dtype, as np.load does; CSV and IDX files (which nnc's data readers know by
 * their names: .csv, .csv.gz, .idx, -ubyte) come as float32 arrays of the file's shape.
 * With `-D NAME=PATH` on the command line, the statement `NAME = load(...)` (or
 * np.load) reads PATH instead.
 */
#include <string.h>

#include "formats.h"
#include "pylib.h"

/* The path to read: a -D definition of the name being assigned, else the argument. */
static const char *path_of(Interp *I, Obj *arg, const char *fn) {
  const char *target = fe_assign_target(I);
  const char *path = target ? pl_defined_path(I, target) : NULL;
  if (path)
    return path;
  if (!FE_ISA(I, arg, str)) {
    fe_throw(I, EXC_TypeError, "%s() needs a file name, not %s", fn, fe_typename(arg));
    return NULL;
  }
  return fe_path_bytes(I, arg);
}

static Obj *load_path(Interp *I, const char *path) {
  if (!fmt_claims(path))
    return pl_array_wrap(I, nd_load(path));
  nnc_tensor *t = NULL;
  nnc_status st = nnc_tensor_load(path, NNC_F32, &t);
  if (st != NNC_OK)
    return pl_raise_status(I, st);
  NdArray *a = nd_from_tensor(t);
  nnc_tensor_free(t);
  return pl_array_wrap(I, a);
}

static Obj *save_path(Interp *I, Obj *x, Obj *file, const char *fn) {
  if (!FE_ISA(I, file, str))
    return fe_throw(I, EXC_TypeError, "%s() needs a file name, not %s", fn, fe_typename(file));
  const char *path = fe_path_bytes(I, file);
  NdArray *a = path ? pl_array_arg(I, x) : NULL;
  if (!a)
    return NULL;
  bool ok = nd_save(path, a);
  nd_unref(a);
  return ok ? fe_none(I) : pl_nd_raise(I);
}

static Obj *b_load(Interp *I, Obj *self, Obj **args) {
  (void)self;
  const char *path = path_of(I, args[0], "load");
  return path ? load_path(I, path) : NULL;
}

/* The extension of a path's last component ("" when none). */
static const char *extension(const char *path) {
  const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
  const char *dot = strrchr(base, '.');
  return dot && dot != base ? dot : "";
}

/* save(x, file) writes what the name says: .csv as comma-separated text load() reads back
 * as it was (nd_save_csv), .npy, or a name without extension as np.save does (".npy"
 * appended). Other names are refused rather than given bytes of another format. */
static Obj *b_save(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!FE_ISA(I, args[1], str))
    return save_path(I, args[0], args[1], "save");
  const char *path = fe_path_bytes(I, args[1]);
  if (!path)
    return NULL;
  const char *ext = extension(path);
  if (strcmp(ext, ".csv") != 0)
    return *ext && strcmp(ext, ".npy") != 0
        ? fe_throw(I, EXC_ValueError, "save() writes .npy and .csv files, not '%s' files "
                   "(np.savetxt writes other text)", ext)
        : save_path(I, args[0], args[1], "save");
  NdArray *a = pl_array_arg(I, args[0]);
  if (!a)
    return NULL;
  bool ok = nd_save_csv(path, a);
  nd_unref(a);
  return ok ? fe_none(I) : pl_nd_raise(I);
}

/* ---- .npz archives: np.load gives an NpzFile, whose members load when indexed ---- */

typedef struct {
  Obj hd;
  char *path;         /* owned */
  Obj *files;         /* list of the member names without ".npy", in the archive's order */
} Npz;

static void npz_clear(Interp *I, Obj *o) {
  fe_setref(I, &((Npz *)o)->files, NULL);
}

static void npz_finalize(Interp *I, Obj *o) {
  (void)I;
  base_free(((Npz *)o)->path);
  ((Npz *)o)->path = NULL;
}

static void npz_traverse(Obj *o, FeVisit visit, void *arg) {
  if (((Npz *)o)->files)
    visit(((Npz *)o)->files, arg);
}

static int npz_contains(Interp *I, Obj *o, Obj *key) {
  int64_t n = fe_len(I, ((Npz *)o)->files);
  for (int64_t i = 0; i < n; i++)
    if (FE_ISA(I, key, str) && strcmp(FE_STR(((List *)((Npz *)o)->files)->v[i])->s,
                                       FE_STR(key)->s) == 0)
      return 1;
  return 0;
}

static Obj *npz_getitem(Interp *I, Obj *o, Obj *key) {
  if (npz_contains(I, o, key) != 1) {
    Obj *s = fe_str(I, key);
    if (s)
      fe_throw(I, EXC_KeyError, "%s is not a file in the archive", FE_STR(s)->s);
    fe_decref(I, s);
    return NULL;
  }
  return pl_array_wrap(I, nd_load_npz(((Npz *)o)->path, FE_STR(key)->s));
}

static Obj *npz_iter(Interp *I, Obj *o) {
  return fe_iter(I, ((Npz *)o)->files);
}

static const Layout npz_layout = {
    .name = "NpzFile", .size = sizeof(Npz), .clear = npz_clear, .finalize = npz_finalize,
    .traverse = npz_traverse, .getitem = npz_getitem, .contains = npz_contains,
    .iter = npz_iter,
};

/* The member names of the archive at path as a list ("x_train.npy" gives "x_train"). */
static Obj *member_names(Interp *I, const char *path) {
  FmtNpz z;
  nnc_status st = fmt_npz_open(path, &z);
  Obj *l = st == NNC_OK ? fe_list_new(I, 0) : NULL;
  for (int64_t i = 0; l && i < z.count; i++) {
    const char *m = fmt_npz_member_name(&z, i);
    size_t n = strlen(m);
    Obj *name = fe_str_new(I, m, n > 4 && strcmp(m + n - 4, ".npy") == 0 ? n - 4 : n);
    if (!name || fe_list_append(I, l, name) < 0)
      fe_setref(I, &l, NULL);
    fe_decref(I, name);
  }
  fmt_npz_close(&z);
  return st == NNC_OK ? l : pl_raise_status(I, st);
}

static Obj *npz_open(Interp *I, const char *path) {
  Obj *m = fe_import(I, "numpy.lib.npyio");
  Obj *c = m ? fe_dict_getstr(I, ((Module *)m)->dict, "NpzFile") : NULL;
  fe_decref(I, m);
  Obj *files = c ? member_names(I, path) : NULL;
  Npz *z = files ? (Npz *)fe_new(I, (Class *)c, sizeof(Npz)) : NULL;
  if (z && !(z->path = base_strdup(path)))
    fe_setref(I, (Obj **)&z, NULL), fe_nomem(I);
  if (!z) {
    fe_decref(I, files);
    return NULL;
  }
  z->files = files;
  return &z->hd;
}

static Obj *npz_enter(Interp *I, Obj *self, Obj **args) {
  (void)I;
  (void)args;
  fe_incref(self);
  return self;
}

static Obj *npz_exit(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return fe_none(I);
}

static Obj *npz_keys(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return fe_list_from_iter(I, ((Npz *)self)->files);
}

static Obj *npz_files(Interp *I, Obj *self) {
  (void)I;
  fe_incref(((Npz *)self)->files);
  return ((Npz *)self)->files;
}

static const FeFnDef npz_methods[] = {
    {"__enter__", npz_enter, "()", NULL, NULL},
    {"__exit__", npz_exit, "(*args)", NULL, NULL},
    {"close", npz_exit, "()", NULL, NULL},
    {"keys", npz_keys, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const FeGetDef npz_props[] = {{"files", npz_files, NULL}, {NULL, NULL, NULL}};
static const FeClassDef npz_classes[] = {
    {.name = "NpzFile", .layout = &npz_layout, .methods = npz_methods, .props = npz_props},
    {.name = NULL},
};

/* A zip archive (an .npz) by its first bytes, as np.load tells them apart. */
static bool is_zip(const char *path) {
  FILE *f = fopen(path, "rb");
  unsigned char b[4] = {0};
  bool zip = f && fread(b, 1, 4, f) == 4 && memcmp(b, "PK\x03\x04", 4) == 0;
  if (f)
    fclose(f);
  return zip;
}

static Obj *np_load(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (args[1] != &I->none)
    return fe_throw(I, EXC_NotImplementedError,
                    "np.load(mmap_mode=...) is not supported by nnc yet");
  const char *path = path_of(I, args[0], "load");
  if (path && is_zip(path))
    return npz_open(I, path);
  return path ? pl_array_wrap(I, nd_load(path)) : NULL;
}

static Obj *np_save(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return save_path(I, args[1], args[0], "save");
}

/* ---- text files ---- */

/* delimiter, comments, usecols, dtype and ndmin of loadtxt/genfromtxt into o; cols holds
 * the column numbers. */
static bool text_opts(Interp *I, Obj *dtype, Obj *comments, Obj *delim, Obj *usecols,
                      int64_t *cols, NdTextOpts *o) {
  if (!pl_dtype_of(I, dtype, &o->dtype))
    return false;
  if (comments != &I->none && !FE_ISA(I, comments, str)) {
    fe_throw(I, EXC_TypeError, "comments must be a str or None");
    return false;
  }
  o->comments = comments == &I->none ? "" : FE_STR(comments)->s;
  if (delim != &I->none) {
    if (!FE_ISA(I, delim, str) || FE_STR(delim)->len != 1) {
      fe_throw(I, EXC_NotImplementedError, "a delimiter other than one character is not "
               "supported by nnc yet");
      return false;
    }
    o->delimiter = FE_STR(delim)->s[0];
  }
  if (usecols != &I->none) {
    int n;
    if (!pl_shape_of(I, usecols, &n, cols))
      return false;
    o->nusecols = n;
    o->usecols = cols;
  }
  return true;
}

static bool given(Interp *I, Obj *v, const char *what) {
  if (v == &I->none)
    return false;
  fe_throw(I, EXC_NotImplementedError, "%s is not supported by nnc yet", what);
  return true;
}

/* np.loadtxt(fname, dtype, comments, delimiter, converters, skiprows, usecols, unpack,
 * ndmin, encoding, max_rows, quotechar, like) */
static Obj *np_loadtxt(Interp *I, Obj *self, Obj **args) {
  (void)self;
  NdTextOpts o = {0};
  int64_t cols[ND_MAXDIM], ndmin;
  const char *path = path_of(I, args[0], "loadtxt");
  if (!path || !text_opts(I, args[1], args[2], args[3], args[6], cols, &o) ||
      given(I, args[4], "loadtxt(converters=...)") || given(I, args[10], "loadtxt(max_rows=...)") ||
      given(I, args[11], "loadtxt(quotechar=...)") || fe_as_int(I, args[5], &o.skiprows) < 0 ||
      fe_as_int(I, args[8], &ndmin) < 0)
    return NULL;
  int unpack = fe_truth(I, args[7]);
  if (unpack < 0)
    return NULL;
  o.unpack = unpack;
  o.ndmin = ndmin < 0 || ndmin > 2 ? 3 : (int)ndmin;
  return pl_array_wrap(I, nd_loadtxt(path, &o));
}

/* np.genfromtxt(fname, dtype, comments, delimiter, skip_header, skip_footer, converters,
 * missing_values, filling_values, usecols, names, unpack, max_rows, encoding, ndmin) */
static Obj *np_genfromtxt(Interp *I, Obj *self, Obj **args) {
  (void)self;
  NdTextOpts o = {0};
  int64_t cols[ND_MAXDIM], ndmin;
  const char *path = path_of(I, args[0], "genfromtxt");
  if (!path || !text_opts(I, args[1], args[2], args[3], args[9], cols, &o) ||
      given(I, args[6], "genfromtxt(converters=...)") ||
      given(I, args[7], "genfromtxt(missing_values=...)") ||
      given(I, args[10], "genfromtxt(names=...)") ||
          given(I, args[12], "genfromtxt(max_rows=...)") ||
      fe_as_int(I, args[4], &o.skiprows) < 0 || fe_as_int(I, args[5], &o.skip_footer) < 0 ||
      fe_as_int(I, args[14], &ndmin) < 0)
    return NULL;
  Obj *fill = NULL;
  if (args[8] != &I->none && !(fill = fe_str(I, args[8])))
    return NULL;
  o.filling_values = fill ? FE_STR(fill)->s : NULL;
  int unpack = args[11] == &I->none ? 0 : fe_truth(I, args[11]);
  Obj *r = NULL;
  if (unpack >= 0) {
    o.unpack = unpack;
    o.ndmin = ndmin < 0 || ndmin > 2 ? 3 : (int)ndmin;
    r = pl_array_wrap(I, nd_genfromtxt(path, &o));
  }
  fe_decref(I, fill);
  return r;
}

static const char *opt_str(Interp *I, Obj *v) {
  return FE_ISA(I, v, str) ? FE_STR(v)->s : NULL;
}

/* np.savetxt(fname, X, fmt, delimiter, newline, header, footer, comments, encoding) */
static Obj *np_savetxt(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!FE_ISA(I, args[0], str))
    return fe_throw(I, EXC_TypeError, "savetxt() needs a file name, not %s", fe_typename(args[0]));
  for (int k = 2; k <= 7; k++)
    if (!FE_ISA(I, args[k], str))
      return fe_throw(I, EXC_NotImplementedError, "savetxt() with a format that is not one "
                      "string is not supported by nnc yet");
  NdSaveTxtOpts o = {opt_str(I, args[2]), opt_str(I, args[3]), opt_str(I, args[4]),
                     FE_STR(args[5])->len ? FE_STR(args[5])->s : NULL,
                     FE_STR(args[6])->len ? FE_STR(args[6])->s : NULL, opt_str(I, args[7])};
  const char *path = fe_path_bytes(I, args[0]);
  NdArray *a = path ? pl_array_arg(I, args[1]) : NULL;
  bool ok = a && nd_savetxt(path, a, &o);
  nd_unref(a);
  return ok ? fe_none(I) : a ? pl_nd_raise(I) : NULL;
}

static const FeFnDef fns[] = {
    {"load", b_load, "(file)", PL_ARRAY, NULL},
    {"save", b_save, "(x, file)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_builtins_def = {.name = "builtins", .fns = fns};

static const FeFnDef numpy_fns[] = {
    /* an array, or an NpzFile for an .npz */
    {"load", np_load,
     "(file, mmap_mode=None, allow_pickle=False, fix_imports=True, encoding='ASCII')", NULL,
     NULL},
    {"save", np_save, "(file, arr, allow_pickle=True, fix_imports=True)", NULL, NULL},
    {"loadtxt", np_loadtxt, "(fname, dtype: dtype = 'float', comments='#', delimiter=None, "
     "converters=None, skiprows=0, usecols=None, unpack=False, ndmin=0, encoding='bytes', "
     "max_rows=None, *, quotechar=None, like=None)", PL_ARRAY, NULL},
    {"genfromtxt", np_genfromtxt, "(fname, dtype: dtype = 'float', comments='#', delimiter=None, "
     "skip_header=0, skip_footer=0, converters=None, missing_values=None, filling_values=None, "
     "usecols=None, names=None, unpack=None, max_rows=None, encoding='bytes', *, ndmin=0, "
     "like=None)", PL_ARRAY, NULL},
    {"savetxt", np_savetxt, "(fname, X, fmt='%.18e', delimiter=' ', newline='\\n', header='', "
     "footer='', comments='# ', encoding=None)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_numpy_files_def = {.name = "numpy", .fns = numpy_fns};
const FeModuleDef pl_numpy_lib_def = {.name = "numpy.lib"};
const FeModuleDef pl_numpy_npyio_def = {.name = "numpy.lib.npyio", .classes = npz_classes};
