/* pylib.h — the library modules model files import, as tables for the interpreter
 * (frontend/): the Python standard modules tutorials use (time, math, os, sys, random,
 * warnings, datetime, copy, base64, json), nnc's builtins load() and save(), and the Keras
 * binding (keras, tensorflow) onto the Keras level of nnc.h.
 *
 * pl_register adds them all to an interpreter; docs/adding-a-module.md is the recipe for a
 * new one: a FeModuleDef of rows in a new file, and its name in the list in pylib.c. The
 * language never depends on this folder: the dependency goes one way.
 *
 * Sections below follow the .c files that define them.
 */
#ifndef NNC_PYLIB_H
#define NNC_PYLIB_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "formats.h"
#include "frontend.h"
#include "ndarray.h"
#include "runtime.h"

/* ---- pylib.c — registration and the run's options ---- */

/* What the host (the nnc command, a test) tells the library about a run. */
typedef struct {
  const char *const *define_names;   /* -D NAME=PATH: NAME = load(...) reads PATH instead */
  const char *const *define_paths;
  int ndefines;
  uint64_t seed;
  bool seeded;                       /* --seed given; else Keras's default (0) */
  const char *model;                 /* the model file (pyplot's show() writes beside it), or NULL */
  /* Called before each fit() with the model, its data and the options the binding built,
   * which it may change (the nnc command adds its progress display and logs, chaining
   * on_epoch). A non-zero return skips that fit and ends the run as sys.exit(0) would:
   * nnc summary and nnc emit stop there, with the model's input known. May be NULL. */
  int (*before_fit)(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y, nnc_fit_options *f,
                    void *user);
  /* Called when every statement has run (not after an exception, nor when before_fit ended
   * the run), with the last model the file made that is still alive, or NULL: nnc summary
   * summarizes it for a file without fit(). May be NULL. */
  void (*at_end)(nnc_model *m, void *user);
  /* Renders DOT text (the stream, at its start) as a picture in `format` ("svg", "png",
   * "pdf") to out: the nnc command's Graphviz, for keras.utils.plot_model. NULL: plot_model
   * writes .dot files only. */
  nnc_status (*render_dot)(FILE *dot, const char *format, FILE *out);
  void *user;
} PlOptions;

enum { PL_MAX_UIDS = 64 };
/* The library's state for one interpreter (fe_host(I) points to it). */
typedef struct {
  PlOptions o;
  uint64_t seed;                     /* the last seeding's (nnc's --seed, set_random_seed) */
  Rng models;                         /* the later models' seeds since (pl_model_seed) */
  bool model_seeded;                 /* a model has taken seed itself */
  Rng rng;                           /* Python's random module */
  NdPrintOptions print_options;      /* numpy's, as np.set_printoptions left them */
  bool warnings_off;                 /* warnings.filterwarnings('ignore') */
  bool mixed_bfloat16;               /* keras.mixed_precision's global policy is 'mixed_bfloat16'
                                        (else 'float32'); models compiled afterwards take it */
  bool stopped;                      /* before_fit asked to end the run */
  bool warned_dataset_shuffle;       /* Keras's "shuffle=True ... ignored" warning was shown */
  bool color_codes;                  /* seaborn's set_color_codes: 'b' 'g' 'r' 'm' 'y' 'c' 'k'
                                        are codes[], not matplotlib's */
  uint32_t codes[7];
  bool warned_mpl_style;             /* matplotlib's warning for 'seaborn' styles was said */
  char said_ci[48];                  /* the last errorbar= seaborn's ci= warning named: Python
                                        says a warning once per place, so a FacetGrid's facets
                                        say it once */
  int64_t serial;                    /* Keras tensors made so far (their creation order) */
  struct PlModel *last_model;        /* the last model made that is still alive (borrowed) */
  /* numpy's classes, once numpy is imported (owned references; np_array.c) */
  Class *np_ndarray, *np_dtype, *np_scalar[ND_NDTYPES];
  Class *np_object;                  /* numpy's object arrays (np_object.c), also once imported */
  struct PlPyplot *pyplot;           /* pyplot's figures, once it is imported (pyplot.c) */
  Obj *rc;                           /* matplotlib's RcParams, once used (plt_rc.c; owned) */
  Obj *said;                         /* "fn keyword" of the keywords said as not drawn
                                        (plt_props.c; owned), or NULL */
  /* pandas' classes, once imported (owned) */
  Class *pd_frame, *pd_series, *pd_index, *pd_indexer, *pd_groupby, *pd_plot;
  struct {
    char prefix[48];
    int64_t n;                       /* names made with it so far */
  } uids[PL_MAX_UIDS];               /* Keras's object_name_uids: auto names per prefix */
  int nuids;
} PlState;

/* Keras's auto_name(prefix): prefix the first time in a run, then prefix_1, prefix_2, ...
 * (one counter per prefix, as keras.src.utils.naming.uniquify keeps them), into buf. Layers
 * (named when made), Keras operations on tensors, models and metrics share the counters, as
 * in Keras; the checker's trial builds (I->checking) take a name without counting. */
const char *pl_unique_name(Interp *I, const char *prefix, char *buf, size_t n);

/* Registers every module with I (o is copied; it may be NULL). NNC_ERR_NOMEM. The state
 * lives until pl_unregister. */
nnc_status pl_register(Interp *I, const PlOptions *o);
void pl_unregister(Interp *I);
PlState *pl_state(Interp *I);

/* Seeds the run as nnc's --seed does: the models made afterwards, and with these flags
 * Python's random module and numpy's global generator (keras.utils.set_random_seed seeds
 * all three, tf.random.set_seed the models only, np.random.seed numpy and the models). */
enum { PL_SEED_PYTHON = 1, PL_SEED_NUMPY = 2 };
void pl_seed_run(Interp *I, uint64_t seed, unsigned also);
/* The seed of the next model the file makes or loads: the run's seed for the first after a
 * seeding, so the first model is the one nnc run --seed and nnc build's NAME_init(seed)
 * make; each later one a seed of its own, as Keras draws every model's numbers from one
 * stream: models made in a loop differ, and a reseeding makes the same again. */
uint64_t pl_model_seed(Interp *I);
/* The path a -D definition gives NAME, or NULL. */
const char *pl_defined_path(Interp *I, const char *name);
/* Raises the exception for a failed nnc call (its nnc_last_error(), without the C
 * function's name): OSError for I/O, ValueError for shapes and arguments, ...; NULL. */
/* msg without the C function's name that the C API's messages start with. */
const char *pl_error_text(const char *msg);
Obj *pl_raise_status(Interp *I, nnc_status st);
/* The list [0, 1, ..., n-1]; NULL raised. */
Obj *pl_range_list(Interp *I, int64_t n);

/* ---- np_array.c, np_ops.c, np_methods.c — numpy's values over ndarray/ ----
 * An array (or numpy scalar) value holds one reference to its NdArray. */
typedef struct {
  Obj hd;
  NdArray *a;         /* owned */
} PlArray;
typedef struct {
  Obj hd;
  NdDtype t;
} PlDtype;
#define PL_ND(o) (((PlArray *)(o))->a)
#define PL_ARRAY "numpy.ndarray"    /* what an array function returns, for the checker */
#define PL_NUMPY_VERSION "1.24.2"   /* the numpy whose semantics ndarray/ follows */

extern const Layout pl_array_layout, pl_dtype_layout;
extern const FeClassDef pl_np_classes[];
extern const FeFnDef pl_array_methods[];
extern const FeGetDef pl_array_props[];
bool pl_is_array(Obj *v);
/* A new array value for a (taken over); a NULL a raises ndarray/'s last failure. */
Obj *pl_array_wrap(Interp *I, NdArray *a);
Obj *pl_scalar_wrap(Interp *I, NdScalar v);      /* a numpy scalar */
Obj *pl_scalar_py(Interp *I, NdScalar v);        /* a Python bool, int or float */
Obj *pl_dtype_wrap(Interp *I, NdDtype t);
/* A tuple of n array values, taking the arrays (np.nonzero, np.unique's several results). */
Obj *pl_arrays_tuple(Interp *I, int n, NdArray **v);
/* ndarray/'s last failure as the exception numpy raises (unless one is pending); NULL. */
Obj *pl_nd_raise(Interp *I);
/* Whether v is a real number: an int or float, or numpy's (np.float64(0.01), np.int32(3));
 * not a bool. */
bool pl_is_real(Interp *I, const Obj *v);
/* An array for a Python value (np.asarray(v, dtype=t), or np.array when copy), a new
 * reference; NULL with ndarray/'s failure recorded, not raised. */
NdArray *pl_array_of(Interp *I, Obj *v, NdDtype t, bool copy);
NdArray *pl_array_arg(Interp *I, Obj *v);       /* the same, raised; no dtype, no copy */
/* np.histogram's `bins` into o: a count, a rule's name ('auto', ...) or the edges, which
 * *edges then holds (the caller unrefs it); false with the exception raised. */
bool pl_hist_bins(Interp *I, Obj *bins, NdHistOpts *o, NdArray **edges);
/* dtype=..., axis=..., shape and size arguments; false with an exception raised. None is
 * ND_NODTYPE, axis None (not given), and for a size ndim -1. */
bool pl_dtype_of(Interp *I, Obj *v, NdDtype *out);
bool pl_axes_of(Interp *I, Obj *v, NdAxes *out);
bool pl_axis_of(Interp *I, Obj *v, int *out);    /* None: ND_NOAXIS */
bool pl_shape_of(Interp *I, Obj *v, int *ndim, int64_t *shape);
bool pl_size_of(Interp *I, Obj *v, int *ndim, int64_t *shape);
Obj *pl_shape_tuple(Interp *I, int ndim, const int64_t *shape);
/* (None, dim[0], ...): a Keras shape whose batch size is open */
Obj *pl_batch_shape_tuple(Interp *I, int rank, const int64_t *dim);
/* numpy's init: keeps its classes in the run's state; pl_np_release drops them. */
int pl_np_init(Interp *I, Obj *module);
void pl_np_release(Interp *I);
/* order= of reshape, ravel, copy, astype: C order (or 'K', 'A', the same for nnc's
 * arrays); false with NotImplementedError otherwise. */
bool pl_c_order(Interp *I, Obj *order, const char *fn);
/* a.nonzero() and np.nonzero(a): a tuple of index arrays, one per axis. */
Obj *pl_nonzero(Interp *I, NdArray *a);
/* A new nnc_tensor of dtype want from an array-like value (param names it in errors); with
 * column, a vector becomes one column ([n] -> [n, 1]), as Keras 3 feeds a model whose input
 * is one feature wide. */
nnc_tensor *pl_tensor_from(Interp *I, Obj *v, nnc_dtype want, bool column, const char *param);

/* ---- np_object.c — object arrays (dtype=object): pandas' values of text ---- */
extern const FeClassDef pl_objarray_class;
bool pl_is_objarray(const Obj *v);
/* A new object array of ndim (1 or 2) axes of shape holding items (a list in C order, of as
 * many elements; taken over, also on failure). */
Obj *pl_objarray_new(Interp *I, int ndim, const int64_t *shape, Obj *items);
Obj *pl_objarray_items(Obj *v, int *ndim);       /* its list of elements (borrowed) */
/* numpy's array of a list of text (or of equal lists holding text) as an object array;
 * NULL, with no exception, when v is no such list, or raised when out of memory. */
Obj *pl_objarray_from_text(Interp *I, Obj *v);
/* Its elements as numbers of dtype t (ND_NODTYPE: int64 when all are ints, bool when all are
 * bools, else float64), as numpy's astype calls float() or int() on each; NULL with
 * ndarray/'s failure ("could not convert string to float: 'Iris-setosa'"). */
NdArray *pl_objarray_numbers(Interp *I, Obj *v, NdDtype t);

/* ---- pandas.c ---- */
bool pl_is_frame(Obj *v);                       /* a pandas.DataFrame or Series */
/* Its columns side by side, [rows, columns], a new array; NULL with ndarray/'s failure. */
NdArray *pl_frame_values(Interp *I, Obj *v);
/* A new DataFrame of the columns named in names (a list), each a column (pd_column.c) of
 * rows values (borrowed). */
Obj *pl_frame_from(Interp *I, Obj *names, Obj *const *cols, int64_t rows);

/* ---- pd_column.c — a column: a 1-d numpy array, or a list for text (dtype object) ---- */
bool pl_col_is_text(Interp *I, const Obj *c);
const char *pl_col_dtype(Interp *I, const Obj *c);  /* "object" for text */
bool pl_is_nan(Interp *I, const Obj *v);        /* a float NaN (text's missing value) */
/* The column for a value (a new reference): a Series' own, a list or tuple holding a str as
 * text, anything else as an array; NULL with an exception. */
Obj *pl_col_of(Interp *I, Obj *v);
Obj *pl_col_item(Interp *I, Obj *c, int64_t i);  /* row i as a Python value */
bool pl_col_missing(Interp *I, Obj *c, int64_t i);
/* A new bool array, true where c's value is missing (missing) or present (!missing). */
Obj *pl_col_mask(Interp *I, Obj *c, bool missing);
/* The rows key picks, as numpy indexes a 1-d array: an int gives the item, a slice, a mask
 * (an array or a Series of bools) or positions a column of the same kind. */
Obj *pl_col_take(Interp *I, Obj *c, Obj *key);
/* The positions (int64) a key other than an int or a slice picks from n items: a boolean
 * mask (an array, a list or a Series) or integers, negative from the end; NULL with an
 * exception (IndexError out of bounds). */
NdArray *pl_positions(Interp *I, Obj *key, int64_t n);
/* c with value where an item is missing (a new column): text stays text, numbers filled
 * with a number stay numbers (floats as float64), and with a str become text, as pandas. */
Obj *pl_col_fill(Interp *I, Obj *c, Obj *value);
Obj *pl_col_present(Interp *I, Obj *c);         /* its values that are not missing (new) */
/* c as dtype (a new column): numbers cast as numpy casts them, text parsed as numbers, or
 * with str (or 'str') each value's str(). */
Obj *pl_col_astype(Interp *I, Obj *c, Obj *dtype);
/* Row labels as a new list: index's (a list), or first, first + 1, ... for n rows. */
Obj *pl_labels(Interp *I, Obj *index, int64_t first, int64_t n);

/* ---- pd_series.c, pd_print.c ---- */
extern const Layout pl_series_layout;
extern const FeFnDef pl_series_methods[];
extern const FeGetDef pl_series_props[];
Obj *pl_series_ctor(Interp *I, Obj *cls, Obj **args);  /* pd.Series(...) */
/* A new Series of the column col (borrowed) labelled by index (a list, borrowed), or by
 * first, first + 1, ... when index is NULL; name may be None. */
Obj *pl_series_of(Interp *I, Obj *index, int64_t first, Obj *col, Obj *name);
/* The same for an array of values (taken over). */
Obj *pl_series_make(Interp *I, Obj *index, NdArray *values, Obj *name);
/* A new Series of the column col (borrowed) with s's labels, name and index name: what an
 * operation on each value of s gives. */
Obj *pl_series_like(Interp *I, Obj *s, Obj *col);
Obj *pl_series_column(Obj *v);                   /* its column, a new reference */
/* Notes that series is df[key] of frame, which inplace=True on it changes too. */
void pl_series_set_source(Interp *I, Obj *series, Obj *frame, Obj *key);
/* Gives series the column col (borrowed; pandas' inplace=True), and the frame it was taken
 * from too while that frame still holds series' column under its name; -1 with an
 * exception. */
int pl_series_set_values(Interp *I, Obj *series, Obj *col);
Obj *pl_series_index(Obj *v, int64_t *first);   /* its labels (borrowed) or NULL and first */
void pl_series_set_index_name(Interp *I, Obj *series, Obj *name);  /* printed above the rows */
Obj *pl_series_index_name(Obj *series);          /* borrowed, or NULL */
/* Its values as a new array; NULL with ndarray/'s failure recorded for text. */
NdArray *pl_series_values(Interp *I, Obj *v);
/* What pandas prints of a frame beside its columns: its rows' labels (index NULL: numbered
 * from first) and the names of both axes (NULL: none). */
typedef struct {
  int64_t rows;
  Obj *index;
  int64_t first;
  Obj *index_name;
  Obj *names;           /* the columns' */
  Obj *columns_name;
} PlTable;
/* pandas' text of a frame and of a Series, whose columns are arrays or text. */
Obj *pl_pd_table(Interp *I, const PlTable *t, Obj *const *cols, int64_t ncols);
Obj *pl_pd_series(Interp *I, Obj *index, int64_t first, Obj *index_name, Obj *values,
                  Obj *name);

/* ---- pandas.c's frame for pd_indexer.c: names (borrowed), a column, a selection of
 * columns, the rows a key picks from each column (new references) ---- */
Obj *pl_frame_names(Obj *frame);
int64_t pl_frame_first(Obj *frame);              /* the first row's label */
Obj *pl_frame_index(Obj *frame);                 /* its list of row labels (borrowed), or NULL */
Obj *pl_frame_index_name(Obj *frame);            /* the index's name (borrowed), or NULL */
Obj *pl_frame_columns_name(Obj *frame);          /* the columns' name (borrowed), or NULL */
/* Names its columns (columns) or its rows name (NULL: unnamed; borrowed). */
void pl_frame_set_axis_name(Interp *I, Obj *frame, bool columns, Obj *name);
/* Gives frame the row labels of src (a frame or a Series of as many rows). */
void pl_frame_take_labels(Interp *I, Obj *frame, Obj *src);
void pl_frame_renumber(Interp *I, Obj *frame);  /* rows 0, 1, ..., an unnamed index */
int pl_frame_set_columns(Interp *I, Obj *frame, Obj *labels);  /* df.columns = labels */
/* Gives frame src's columns, labels and names, leaving src empty. */
void pl_frame_take(Interp *I, Obj *frame, Obj *src);
/* What a method with inplace= gives: r (a new frame, taken; NULL: the exception), or with
 * inplace true None, frame having taken r's columns and labels. */
Obj *pl_frame_result(Interp *I, Obj *frame, Obj *r, Obj *inplace);
/* Labels its rows with labels (a list of as many, borrowed), an index named name. */
void pl_frame_set_index(Interp *I, Obj *frame, Obj *labels, Obj *name);
Obj *pl_frame_column(Interp *I, Obj *frame, Obj *name);
Obj *pl_frame_select(Interp *I, Obj *frame, Obj *names);
Obj *pl_frame_rows(Interp *I, Obj *frame, Obj *key);

/* ---- pd_info.c ---- */
Obj *pl_frame_dtypes(Interp *I, Obj *self);      /* df.dtypes */
Obj *pl_frame_info(Interp *I, Obj *self, Obj **args);  /* df.info(), printed */

/* ---- pd_relabel.c ---- */
Obj *pl_frame_rename(Interp *I, Obj *self, Obj **args);       /* DataFrame.rename */
Obj *pl_frame_reset_index(Interp *I, Obj *self, Obj **args);  /* DataFrame.reset_index */
Obj *pl_frame_set_index_method(Interp *I, Obj *self, Obj **args);  /* DataFrame.set_index */
Obj *pl_series_rename(Interp *I, Obj *self, Obj **args);      /* Series.rename */
Obj *pl_series_to_frame(Interp *I, Obj *self, Obj **args);    /* Series.to_frame */
Obj *pl_series_reset_index(Interp *I, Obj *self, Obj **args); /* Series.reset_index */

/* ---- pd_replace.c ---- */
Obj *pl_series_replace(Interp *I, Obj *self, Obj **args);     /* Series.replace */
Obj *pl_frame_replace(Interp *I, Obj *self, Obj **args);      /* DataFrame.replace */

/* ---- pd_select_dtypes.c ---- */
Obj *pl_frame_select_dtypes(Interp *I, Obj *self, Obj **args);  /* DataFrame.select_dtypes */

/* ---- pd_to_csv.c ---- */
Obj *pl_frame_to_csv(Interp *I, Obj *self, Obj **args);       /* DataFrame.to_csv */
Obj *pl_series_to_csv(Interp *I, Obj *self, Obj **args);      /* Series.to_csv */
#define PL_TO_CSV_SIG                                                                          \
  "(path_or_buf=None, sep=',', na_rep='', float_format=None, columns=None, header=True, "     \
  "index=True, index_label=None, mode='w', encoding=None, compression='infer', quoting=None, " \
  "quotechar='\"', lineterminator=None, chunksize=None, date_format=None, doublequote=True, "  \
  "escapechar=None, decimal='.', errors='strict', storage_options=None)"

/* ---- pd_apply.c ---- */
Obj *pl_series_apply(Interp *I, Obj *self, Obj **args);       /* Series.apply */
Obj *pl_frame_apply(Interp *I, Obj *self, Obj **args);        /* DataFrame.apply */

/* ---- pd_concat.c ---- */
Obj *pl_concat(Interp *I, Obj *self, Obj **args);      /* pd.concat */
Obj *pl_append(Interp *I, Obj *self, Obj **args);      /* DataFrame.append, Series.append */

/* ---- pd_dummies.c ---- */
Obj *pl_get_dummies(Interp *I, Obj *self, Obj **args);  /* pd.get_dummies */

/* ---- pd_index.c — pandas' Index ---- */
extern const Layout pl_index_layout;
extern const FeFnDef pl_index_methods[];
extern const FeGetDef pl_index_props[];
Obj *pl_index_ctor(Interp *I, Obj *cls, Obj **args);  /* pd.Index(...) */
bool pl_is_index(const Obj *v);
/* A new Index of the labels (any iterable, borrowed), named name (NULL or None: unnamed). */
Obj *pl_index_new(Interp *I, Obj *labels, Obj *name);
/* The Index of owner's columns or rows (a frame's, or a Series' rows), which names them. */
Obj *pl_axis_index(Interp *I, Obj *owner, bool columns);

/* ---- pd_indexer.c ---- */
extern const Layout pl_indexer_layout;
/* df.loc (labels) and df.iloc, and the same of a Series. */
Obj *pl_frame_indexer(Interp *I, Obj *frame, bool labels);
/* The rows labelled v among labels (a sequence): the position (an int) when one row has
 * it, else the list of positions of the rows that share it; NULL with KeyError(v) when
 * none has it. */
Obj *pl_label_rows(Interp *I, Obj *labels, Obj *v);

/* ---- pd_corr.c, pd_sort.c ---- */
Obj *pl_frame_corr(Interp *I, Obj *self, Obj **args);         /* DataFrame.corr */
Obj *pl_series_corr(Interp *I, Obj *self, Obj **args);        /* Series.corr */
Obj *pl_frame_sort_values(Interp *I, Obj *self, Obj **args);  /* DataFrame.sort_values */
Obj *pl_series_sort_values(Interp *I, Obj *self, Obj **args); /* Series.sort_values */
Obj *pl_series_sort_index(Interp *I, Obj *self, Obj **args);  /* Series.sort_index */

/* ---- pd_reduce.c: DataFrame.sum, mean, ... down the columns, each a Series ---- */
Obj *pl_frame_sum(Interp *I, Obj *self, Obj **args);
Obj *pl_frame_mean(Interp *I, Obj *self, Obj **args);
Obj *pl_frame_median(Interp *I, Obj *self, Obj **args);
Obj *pl_frame_min(Interp *I, Obj *self, Obj **args);
Obj *pl_frame_max(Interp *I, Obj *self, Obj **args);
Obj *pl_frame_std(Interp *I, Obj *self, Obj **args);
Obj *pl_frame_var(Interp *I, Obj *self, Obj **args);
Obj *pl_frame_count(Interp *I, Obj *self, Obj **args);
Obj *pl_frame_nunique(Interp *I, Obj *self, Obj **args);
Obj *pl_frame_idxmax(Interp *I, Obj *self, Obj **args);
Obj *pl_frame_idxmin(Interp *I, Obj *self, Obj **args);
/* Results of reduction fn (a list of scalars) as an array: int64 when all are ints, bool
 * when all are bools, else float64; bools beside numbers are refused (NULL, an exception). */
NdArray *pl_reduced_array(Interp *I, Obj *results, const char *fn);

/* ---- pd_plot.c ---- */
/* The axes a pandas plot draws on: ax=, else (reuse: a Series' plot) the open figure's
 * current axes, else a new figure's only axes, figsize= wide. */
Obj *pl_plot_axes(Interp *I, Obj *ax, Obj *figsize, bool reuse);
/* plot's logx=, logy=, loglog= (logs in that order): the axes' scales log where true. */
bool pl_plot_log_axes(Interp *I, Obj *ax, Obj *const logs[3]);
/* Calls o.name(*args, **kwargs) (kwargs a dict, or NULL; name NULL: o itself), dropping the
 * result. */
bool pl_call_kw(Interp *I, Obj *o, const char *name, Obj **args, int nargs, Obj *kwargs);
/* The same, returning the result (a new reference, or NULL with an exception). */
Obj *pl_call_kw_result(Interp *I, Obj *o, const char *name, Obj *const *args, int nargs,
                       Obj *kwargs);
/* A new dict of kwargs' items and name: v (v NULL: kwargs' items alone). */
Obj *pl_kwargs_with(Interp *I, Obj *kwargs, const char *name, Obj *v);
/* The index of kind among kinds[n]; -1 with NotImplementedError naming who's plot and the
 * kinds nnc draws. */
int pl_plot_kind(Interp *I, const char *who, Obj *kind, const char *const *kinds, int n);
/* pandas' bars: nsets bar sets (values[j], labelled names[j] unless names is NULL) side by
 * side in a slot 0.5 wide at each of 0, 1, ..., n - 1, named by the labels turned rot
 * degrees (None: 90, or 0 across), the limits half a slot beyond; across: barh, on y. kwargs
 * go to bar or barh, but rot=. */
bool pl_bar_groups(Interp *I, Obj *ax, Obj *labels, Obj *const *values, Obj *const *names,
                   int64_t nsets, Obj *rot, Obj *kwargs, bool across);
/* Sets a text of ax by its setter (set_title, set_xlabel, ...) when v is not None. */
bool pl_axes_set_text(Interp *I, Obj *ax, const char *setter, Obj *v);
Obj *pl_series_plot(Interp *I, Obj *self, Obj **args);          /* Series.plot */
/* ---- pd_plot_accessor.c ---- */
extern const Layout pl_plot_accessor_layout;
extern const FeFnDef pl_plot_accessor_methods[];
/* target.plot: the accessor that calls def (target's plot) bound to target. */
Obj *pl_plot_accessor(Interp *I, Obj *target, const FeFnDef *def, bool frame);
Obj *pl_series_hist(Interp *I, Obj *self, Obj **args);          /* Series.hist */

/* ---- pd_frame_plot.c ---- */
Obj *pl_frame_plot(Interp *I, Obj *self, Obj **args);           /* DataFrame.plot */

/* ---- plt_boxplot.c ---- */
/* plt_lines.c: Axes.axhline, axvline, hlines, vlines and errorbar (pyplot's on gca()) */
Obj *pl_axes_axhline(Interp *I, Obj *self, Obj **args);
Obj *pl_axes_axvline(Interp *I, Obj *self, Obj **args);
Obj *pl_axes_hlines(Interp *I, Obj *self, Obj **args);
Obj *pl_axes_vlines(Interp *I, Obj *self, Obj **args);
#define PL_AXHLINE_SIG "(y=0, xmin=0, xmax=1, **kwargs)"
#define PL_AXVLINE_SIG "(x=0, ymin=0, ymax=1, **kwargs)"
#define PL_HLINES_SIG "(y, xmin, xmax, colors=None, linestyles='solid', **kwargs)"
#define PL_VLINES_SIG "(x, ymin, ymax, colors=None, linestyles='solid', **kwargs)"
Obj *pl_axes_errorbar(Interp *I, Obj *self, Obj **args);
#define PL_ERRORBAR_SIG                                                                      \
  "(x, y, yerr=None, xerr=None, fmt='', ecolor=None, elinewidth=None, capsize=None, "         \
  "barsabove=False, lolims=False, uplims=False, xlolims=False, xuplims=False, errorevery=1, " \
  "capthick=None, *, data=None, **kwargs)"
/* plt_tick_params.c: Axes.tick_params (pyplot's on gca()) */
Obj *pl_axes_tick_params(Interp *I, Obj *self, Obj **args);
/* Axes' minorticks_on and minorticks_off (plt_tick_params.c) */
Obj *pl_axes_minorticks_on(Interp *I, Obj *self, Obj **args);
Obj *pl_axes_minorticks_off(Interp *I, Obj *self, Obj **args);
#define PL_TICK_PARAMS_SIG "(axis='both', which='major', reset=False, **kwargs)"
/* A line's keywords (color, linestyle, linewidth, marker, label, ...) into a; false raised. */
bool pl_line_style(Interp *I, FmtArtist *a, Obj *kwargs);
/* plt_props.c: the keywords a call passes on to its artist (class cls): those in drawn are
 * read by nnc, those in own are the call's own (cls has no such property), and a property of
 * cls outside both is said once as not drawn. A name cls lacks is refused in the words of
 * matplotlib's Artist.set (PL_SET), Text.update (PL_UPDATE) or a class's __init__ (PL_INIT:
 * a TypeError). */
typedef enum { PL_SET, PL_UPDATE, PL_INIT } PlWording;
typedef struct {
  const char *cls, *drawn, *own;
  PlWording wording;
} PlProps;
/* fn(**kwargs) checked against p; false with matplotlib's AttributeError. */
bool pl_props_check(Interp *I, const char *fn, Obj *kwargs, const PlProps *p);
/* matplotlib's ValueError for v, which is none of `supported` (written "'a', 'b'") that
 * `what` takes; false. */
bool pl_invalid_value(Interp *I, Obj *v, const char *what, const char *supported);
extern const PlProps pl_line_props, pl_polygon_props;
/* plt_fill.c */
Obj *pl_axes_fill_between(Interp *I, Obj *self, Obj **args);    /* Axes.fill_between */
#define PL_FILL_BETWEEN_SIG "(x, y1, y2=0, where=None, interpolate=False, step=None, **kwargs)"
/* plt_autoscale.c: Axes.relim, autoscale_view, autoscale; pyplot's autoscale */
Obj *pl_axes_relim(Interp *I, Obj *self, Obj **args);
/* plt_scale.c: Axes' set_xscale, set_yscale, get_xscale, get_yscale, semilogx, semilogy,
 * loglog */
/* plt_set.c: Axes.set(**kwargs) */
Obj *pl_axes_set(Interp *I, Obj *self, Obj **args);
/* Axis k of ax and of the axes sharing it: log of that base, or linear (0). */
void pl_axis_scale(FmtAxes *ax, int k, double log_base);
/* bar's and hist's log=True in kwargs: axis k log (base 10); false with an exception. */
bool pl_log_kwarg(Interp *I, FmtAxes *ax, int k, Obj *kwargs);
Obj *pl_axes_set_xscale(Interp *I, Obj *self, Obj **args);
Obj *pl_axes_set_yscale(Interp *I, Obj *self, Obj **args);
Obj *pl_axes_get_xscale(Interp *I, Obj *self, Obj **args);
Obj *pl_axes_get_yscale(Interp *I, Obj *self, Obj **args);
Obj *pl_axes_semilogx(Interp *I, Obj *self, Obj **args);
Obj *pl_axes_semilogy(Interp *I, Obj *self, Obj **args);
Obj *pl_axes_loglog(Interp *I, Obj *self, Obj **args);
Obj *pl_axes_autoscale_view(Interp *I, Obj *self, Obj **args);
Obj *pl_axes_autoscale(Interp *I, Obj *self, Obj **args);
#define PL_AUTOSCALE_SIG "(enable=True, axis='both', tight=None)"
Obj *pl_axes_twinx(Interp *I, Obj *self, Obj **args); /* plt_twin.c: Axes.twinx() */
Obj *pl_twinx(Interp *I, Obj *self, Obj **args);      /* plt.twinx(ax=None) */
Obj *pl_axes_annotate(Interp *I, Obj *self, Obj **args); /* plt_annotate.c: Axes.annotate */
#define PL_ANNOTATE_SIG                                                                     \
  "(text, xy, xytext=None, xycoords='data', textcoords=None, arrowprops=None, "             \
  "annotation_clip=None, **kwargs)"
Obj *pl_axes_fill(Interp *I, Obj *self, Obj **args);     /* plt_polygon.c: Axes.fill */
Obj *pl_axes_axhspan(Interp *I, Obj *self, Obj **args);  /* Axes.axhspan */
Obj *pl_axes_axvspan(Interp *I, Obj *self, Obj **args);  /* Axes.axvspan */
Obj *pl_axes_pie(Interp *I, Obj *self, Obj **args);   /* plt_pie.c: Axes.pie */
#define PL_PIE_SIG                                                                          \
  "(x, explode=None, labels=None, colors=None, autopct=None, pctdistance=0.6, shadow=False, " \
  "labeldistance=1.1, startangle=0, radius=1, counterclock=True, wedgeprops=None, "          \
  "textprops=None, center=(0, 0), frame=False, rotatelabels=False, *, normalize=True, "      \
  "data=None)"
Obj *pl_axes_boxplot(Interp *I, Obj *self, Obj **args);         /* Axes.boxplot */
Obj *pl_boxplot(Interp *I, Obj *self, Obj **args);              /* plt.boxplot, on gca() */
Obj *pl_frame_boxplot(Interp *I, Obj *self, Obj **args);        /* DataFrame.boxplot */
/* df.plot(kind='box')'s boxes of the number columns on ax; false with an exception. */
bool pl_frame_box_kind(Interp *I, Obj *df, Obj *ax, Obj *kwargs);
#define PL_BOXPLOT_SIG                                                                         \
  "(x, notch=None, sym=None, vert=None, whis=None, positions=None, widths=None, "             \
  "patch_artist=None, bootstrap=None, usermedians=None, conf_intervals=None, meanline=None, " \
  "showmeans=None, showcaps=None, showbox=None, showfliers=None, boxprops=None, labels=None, " \
  "flierprops=None, medianprops=None, meanprops=None, capprops=None, whiskerprops=None, "     \
  "manage_ticks=True, autorange=False, zorder=None, capwidths=None, *, data=None)"

/* ---- pd_hist.c ---- */
Obj *pl_frame_hist(Interp *I, Obj *self, Obj **args);           /* DataFrame.hist */

/* ---- pd_groupby.c ---- */
extern const Layout pl_groupby_layout;
extern const FeFnDef pl_groupby_methods[];
Obj *pl_frame_groupby(Interp *I, Obj *self, Obj **args);        /* DataFrame.groupby */

/* ---- pd_duplicated.c ---- */
Obj *pl_frame_duplicated(Interp *I, Obj *self, Obj **args);      /* DataFrame.duplicated */
Obj *pl_frame_drop_duplicates(Interp *I, Obj *self, Obj **args); /* DataFrame.drop_duplicates */
Obj *pl_series_duplicated(Interp *I, Obj *self, Obj **args);     /* Series.duplicated */

/* ---- pd_transpose.c ---- */
Obj *pl_frame_transpose(Interp *I, Obj *df);      /* df.T */

/* ---- pd_describe.c ---- */
Obj *pl_frame_describe(Interp *I, Obj *self, Obj **args);   /* DataFrame.describe */

/* ---- pd_read_csv.c ---- */
Obj *pl_read_csv(Interp *I, Obj *self, Obj **args);

/* ---- pyplot.c, plt_axes.c — matplotlib.pyplot, drawn by formats/chart.c ---- */
typedef struct {
  Obj hd;
  FmtFigure *f;       /* owned */
  FmtAxes *last;      /* the axes subplot() last chose (gca), or NULL */
  FmtFigure **cleared; /* owned: what clf() cleared while Axes objects still named its axes
                          (drawing on them then changes nothing shown, as in matplotlib) */
  int ncleared;
  int num;            /* figure(num) */
} PlFigure;
typedef struct {
  Obj hd;
  Obj *fig;           /* the Figure object that owns ax */
  FmtAxes *ax;
} PlAxes;
bool pl_is_axes(Obj *v);
Obj *pl_gcf(Interp *I);                          /* the current figure, made if none */
Obj *pl_gca(Interp *I);                          /* its current axes, made if none */
/* An Axes method called on the current axes: pyplot's function of that name. */
Obj *pl_on_gca(Interp *I, Obj *(*method)(Interp *, Obj *, Obj **), Obj **args);
bool pl_has_figure(Interp *I);                   /* a figure is open: gcf() makes none */
/* Which axes of a grid share an axis' limits (subplots' sharex= and sharey=). */
typedef enum { PL_SHARE_NONE, PL_SHARE_ALL, PL_SHARE_ROW, PL_SHARE_COL } PlShare;
/* Links the x (how[0]) and y (how[1]) limits of an nr x nc grid of f's axes (made if
 * missing), and hides the tick labels of the inner ones, as subplots does; false when out of
 * memory. */
bool pl_share_grid(FmtFigure *f, int nr, int nc, const PlShare how[2]);
/* The Axes object of ax (NULL: out of memory), one of Figure fig's, made the first time;
 * fig's current axes from then on. */
Obj *pl_axes_object(Interp *I, Obj *fig, FmtAxes *ax);
/* The Axes object at place index of an nrows x ncols grid of a Figure object. */
Obj *pl_subplot_of(Interp *I, Obj *fig, int nrows, int ncols, int index);
void pl_pyplot_release(Interp *I);
/* A new current figure of w x h inches (NaN: rcParams' figure.figsize; ImportError before
 * pyplot is imported). */
Obj *pl_figure_new(Interp *I, double w, double h);
/* figsize=(w, h) in inches; None gives NaN: rcParams'. False with ValueError. */
bool pl_figsize(Interp *I, Obj *v, double *w, double *h);
/* A colour as matplotlib reads one (a name, 'C0', '#rrggbb', a grey level, a tuple); false
 * with ValueError. */
bool pl_color(Interp *I, Obj *v, uint32_t *out);
/* A patch's edgecolor (ec), linewidth (lw) and alpha keywords into a; false with an
 * exception. */
bool pl_patch_style(Interp *I, FmtArtist *a, Obj *kwargs);
/* ---- plt_rc.c, plt_cycler.c — matplotlib's rcParams and cycler ---- */
/* What rcParams say a new figure is: its size (inches), subplot parameters, layout
 * (figure.autolayout) and the style its axes are drawn in. */
typedef struct {
  double w, h;
  FmtSubplotParams sp;
  bool tight;
  FmtStyle style;
} PlRc;
/* The current rcParams as a new figure takes them; false with an exception. */
bool pl_rc_current(Interp *I, PlRc *out);
/* plt_styles.c: a style sheet's settings by its name (key, value, ..., NULL), or NULL; the
 * names of style.available by index from 0 (NULL past the last). */
const char *const *pl_style_sheet(const char *name);
const char *pl_style_name(int i);
/* Every drawn key's default added to the dict d, as a style sheet writes it; false raised. */
bool pl_rc_default_settings(Interp *I, Obj *d);
/* The colours of rcParams' axes.prop_cycle into out: how many (0 with an exception). */
int pl_rc_cycle(Interp *I, uint32_t out[FMT_MAX_CYCLE]);
/* The RcParams object (borrowed), made with matplotlib's defaults the first time. */
Obj *pl_rc_params(Interp *I);
/* rcParams[key] (borrowed), or NULL: not set, or raised. */
Obj *pl_rc_value(Interp *I, const char *key);
/* Sets rcParams[key] = v (text: as a style sheet writes it), checked as matplotlib checks
 * it, saying nothing of keys nnc does not draw; false with an exception. */
bool pl_rc_set(Interp *I, const char *key, Obj *v);
bool pl_rc_set_text(Interp *I, const char *key, const char *v);
/* Each key of the dict set in turn (a key not drawn said once when `say`); false with an
 * exception. */
bool pl_rc_apply(Interp *I, Obj *settings, bool say);
/* A font size (points, or 'large' and the other names: font's factors) into *out; false
 * with ValueError. */
bool pl_rc_font_size(Interp *I, Obj *v, double font, double *out);
/* s's legend as rcParams' legend.* say now: a legend reads them when it is made. */
bool pl_rc_legend(Interp *I, FmtStyle *s);
bool pl_rc_defaults(Interp *I);   /* rcdefaults() */
/* A new matplotlib.rc_context that applies settings (a new dict, taken; NULL: raised) in its
 * with block (saying the keys nnc does not draw when `say`) and restores every setting after
 * it. */
Obj *pl_rc_context(Interp *I, Obj *settings, bool say);
extern const FeClassDef pl_rc_class, pl_rc_classes[];
extern const FeFnDef pl_cycler_fns[];
/* The 'color' list of a Cycler (new), or NULL with TypeError for another value. */
Obj *pl_cycler_colors(Interp *I, Obj *v);
/* A new Cycler of these colours (cycler('color', ['#rrggbb', ...])). */
Obj *pl_cycler_of_colors(Interp *I, const uint32_t *c, int n);
/* The drawing calls: methods of Axes, and the same on gca() as pyplot's functions. */
extern const FeFnDef pl_axes_methods[], pl_axes_fns[];
extern const FeGetDef pl_axes_props[];            /* Axes.containers */
/* bar's result: a BarContainer of Rectangles, whose set_color recolours one bar. */
extern const Layout pl_rect_layout, pl_bars_layout;
extern const FeFnDef pl_rect_methods[];
/* A text's keywords among kwargs into a: fontsize (size), color (c), ha
 * (horizontalalignment), va (verticalalignment), rotation, fontweight (weight); false with
 * an exception. */
bool pl_text_props(Interp *I, FmtArtist *a, Obj *kwargs);
/* The keywords pl_text_props reads. */
#define PL_TEXT_DRAWN                                                                         \
  "c color fontsize fontweight ha horizontalalignment rotation size va verticalalignment weight"

/* plt_artist.c: plot's Line2D, a text's Text, a pie's Wedge and the legend handles Polygon,
 * PolyCollection (fill_between's) and PathCollection (scatter's), naming artist a of axes (an
 * Axes object). */
extern const Layout pl_line_layout, pl_text_layout, pl_wedge_layout, pl_polygon_layout,
    pl_circle_layout, pl_patch_layout, pl_polys_layout, pl_points_layout, pl_segments_layout;
extern const FeFnDef pl_line_methods[], pl_text_methods[], pl_wedge_methods[],
    pl_handle_methods[], pl_points_methods[];
extern const FeModuleDef pl_mpl_patches_def, pl_mpl_lines_def;
Obj *pl_artist_object(Interp *I, const Layout *layout, Obj *axes, const FmtArtist *a);
/* The artist such an object names, if its figure still holds it; NULL for anything else.
 * The Axes object that drew it (borrowed), or NULL. */
const FmtArtist *pl_artist_of(Obj *v);
Obj *pl_artist_axes(Obj *v);
/* The hand-made artists' constructors (Line2D, Patch, Circle, Polygon); Axes.add_patch and
 * add_artist (which moves no limits) of one. */
Obj *pl_line2d_new(Interp *I, Obj *cls, Obj **args);
Obj *pl_patch_new(Interp *I, Obj *cls, Obj **args);
#define LINE2D_SIG "(xdata, ydata, **kwargs)"
#define PATCH_SIG "(**kwargs)"
#define CIRCLE_SIG "(xy, radius=5, **kwargs)"
#define POLYGON_SIG "(xy, closed=True, **kwargs)"
Obj *pl_polygon_new(Interp *I, Obj *cls, Obj **args);
Obj *pl_circle_new(Interp *I, Obj *cls, Obj **args);
Obj *pl_rect_new(Interp *I, Obj *cls, Obj **args);
#define RECT_SIG "(xy, width, height, *, angle=0.0, **kwargs)"
Obj *pl_axes_add_patch(Interp *I, Obj *self, Obj **args);
Obj *pl_axes_add_artist(Interp *I, Obj *self, Obj **args);
/* plt_polygon.c: a patch's keywords (color (face and edge), facecolor (fc), edgecolor (ec),
 * linewidth (lw), alpha, label) into a; false with an exception. */
bool pl_patch_props(Interp *I, FmtArtist *a, Obj *kwargs);
/* plt_axes.c: the bars of a BarContainer or a Rectangle, if still drawn; NULL for anything
 * else. A BarContainer of bar set a of axes. */
const FmtArtist *pl_bars_artist(Obj *v);
/* The Rectangle of bar i of bar set a, drawn on the Axes object axes; NULL raised. */
Obj *pl_rect_object(Interp *I, Obj *axes, const FmtArtist *a, int64_t i);
/* The bar set of Rectangle v, still drawn, and its bar in it; NULL: v is no Rectangle, or
 * its bars are gone. */
FmtArtist *pl_rect_bars(Obj *v, int64_t *bar);
/* A str of t, '' for NULL (matplotlib's getters of an unset text). */
Obj *pl_text_or_empty(Interp *I, const char *t);
/* The tuple (a, b) of two floats. */
Obj *pl_float_pair(Interp *I, double a, double b);
Obj *pl_bar_container(Interp *I, Obj *axes, const FmtArtist *a);
/* plt_handles.c: Axes.get_legend_handles_labels(); the legend's entries made handles (any
 * iterable of drawn things' objects) named by labels (NULL: their own), zipped, as
 * legend(handles, labels); false with an exception. */
Obj *pl_axes_legend_handles_labels(Interp *I, Obj *self, Obj **args);
Obj *pl_axes_lines(Interp *I, Obj *self);                          /* Axes.lines */
Obj *pl_axes_get_lines(Interp *I, Obj *self, Obj **args);          /* Axes.get_lines() */
bool pl_legend_handles(Interp *I, FmtAxes *ax, Obj *handles, Obj *labels);
/* The entries of figure fig's legend ax: its axes' labelled artists, or (labels, any
 * iterable) all their artists named by labels, zipped; false raised. */
bool pl_figure_handles(Interp *I, FmtAxes *ax, const FmtFigure *fig, Obj *labels);
/* plt_axes.c: legend(*args, **kwargs) of ax, or (fig) of the figure fig whose legend ax
 * is. */
Obj *pl_legend(Interp *I, FmtAxes *ax, const FmtFigure *fig, Obj **args);
/* A Wedge centred at (wedge[0], wedge[1]), wedge[2] out, from wedge[3] to wedge[4] degrees,
 * a ring wedge[5] wide (0: a whole wedge), as its repr says. */
Obj *pl_wedge_object(Interp *I, Obj *axes, const FmtArtist *a, const double wedge[6]);
/* imshow's result, an AxesImage, and colorbar's, a Colorbar: each names its Axes object. */
extern const Layout pl_image_layout, pl_colorbar_layout;
extern const FeFnDef pl_colorbar_methods[];
Obj *pl_axes_of_mappable(Obj *v);   /* an AxesImage's or PathCollection's Axes (borrowed), or NULL */
/* colorbar(mappable, cax, ax, kwargs) beside ax, else the mappable's axes, else axes. */
Obj *pl_axes_colorbar(Interp *I, Obj *axes, Obj **args);
/* A new instance of pyplot's class of that layout (Rectangle, BarContainer, AxesImage or
 * Colorbar). */
Obj *pl_pyplot_new(Interp *I, const Layout *layout);

/* ---- plt_boxplot.c: a box as seaborn's boxplot draws one (seaborn_box.c) ---- */
typedef struct {
  double whis;                  /* whiskers reach this many box heights (1.5) */
  double lw;                    /* the lines' width (pt) */
  bool horizontal;              /* along x, the box across y at its position */
  bool filled;                  /* the box a patch filled with fill, outlined as the lines */
  uint32_t fill;
  char flier;                   /* the fliers' marker, flier_size points */
  double flier_size;
  bool flier_filled;            /* filled with flier_fill, else hollow outlined in it */
  uint32_t flier_fill;
} PlBoxStyle;
/* Data set d's box at pos, width wide: its whiskers, caps and median in colour lines, and
 * its fliers, as matplotlib's boxplot draws them; false when out of memory. */
bool pl_draw_box(FmtAxes *ax, const NdArray *d, double pos, double width, uint32_t lines,
                 const PlBoxStyle *st);

/* ---- sklearn_prep.c — what estimators share ---- */
/* self.name = the value (taken: a NULL value fails); false with an exception raised. */
/* X as a C-ordered float64 [n, k] copy (scikit-learn's check_array; *kept: float32 when X
 * was, else float64), or NULL raised. */
NdArray *pl_check_array(Interp *I, Obj *x, NdDtype *kept);
bool pl_set_array_attr(Interp *I, Obj *self, const char *name, NdArray *a);
bool pl_set_attr(Interp *I, Obj *self, const char *name, Obj *v);
/* fit_transform(X, ...): self.fit(X), then self.transform(X). */
Obj *pl_fit_transform(Interp *I, Obj *self, Obj **args);
/* An estimator's constructor parameters, "name=default" rows (the default as repr writes
 * it) up to a NULL: pl_set_params keeps args[i] (borrowed) as attribute i; pl_estimator_repr
 * writes scikit-learn's repr, the class name and the parameters whose repr is not the
 * default's ("LogisticRegression(C=0.5)"). */
bool pl_set_params(Interp *I, Obj *self, const char *const *params, Obj **args);
/* est.set_params(**{key: v}) as scikit-learn does it: est's own set_params when it has one;
 * else a nested key (step__param) set on the parameter before "__", a plain key on an
 * existing parameter (an attribute without a leading or trailing '_'); false raised
 * (scikit-learn's ValueError for a parameter est lacks). */
bool pl_set_param(Interp *I, Obj *est, Obj *key, Obj *v);
Obj *pl_estimator_repr(Interp *I, Obj *self, const char *cls, const char *const *params);
/* The fitted array attribute `name` of self as C-ordered float64 (a new reference), or NULL
 * with scikit-learn's NotFittedError message ("This PCA instance is not fitted yet. ..."). */
NdArray *pl_fitted_array(Interp *I, Obj *self, const char *name);
/* repr(v)'s text for a message, kept until the next call ("?" when repr fails). */
const char *pl_repr_text(Interp *I, Obj *v);

/* ---- sklearn_cross_val.c — what cross-validation shares with GridSearchCV ---- */
/* A new unfitted estimator of est's class with est's parameters (scikit-learn's clone),
 * the estimators among them (in lists and tuples too) cloned in turn. */
Obj *pl_clone(Interp *I, Obj *est);
/* scoring as scikit-learn's check_scoring accepts it; false with its ValueError. */
bool pl_cv_valid_scoring(Interp *I, Obj *scoring);
/* The score of the fitted est on (x, y) by scoring: None is est.score, a name one of
 * scikit-learn's scorers nnc has, a callable scoring(est, x, y). false with an exception. */
bool pl_cv_score(Interp *I, Obj *est, Obj *scoring, Obj *x, Obj *y, double *out);
/* The (train, test) index pairs of cv's split of (X, y) for est (check_cv's splitter for an
 * int or None), a new list; *x and *y get X and y as arrays (new references). NULL raised. */
Obj *pl_cv_folds(Interp *I, Obj *est, Obj *xv, Obj *yv, Obj *cv, Obj **x, Obj **y);
/* A clone of est fitted on the rows train of the arrays x and y, with fit_params (a dict,
 * or NULL); NULL raised. */
Obj *pl_cv_fit(Interp *I, Obj *est, Obj *x, Obj *y, Obj *train, Obj *fit_params);

/* ---- tf_data.c — tf.data.Dataset from arrays ---- */
typedef struct {
  Obj *x, *y, *sw;      /* the dataset's arrays (owned; y and sw NULL when it has none) */
  int64_t batch;        /* its batch size */
  bool shuffle;         /* shuffled anew every epoch */
  bool endless;         /* repeated without end: fit needs steps_per_epoch */
  int64_t steps;        /* repeated a number of times: the batches of all its passes; else 0 */
} PlDataset;
/* v, an argument of fn (fit, evaluate, predict), as arrays when it is a tf.data.Dataset:
 * 1 with *out filled (free it with pl_dataset_free), 0 when v is no Dataset, -1 with an
 * exception (an unbatched dataset, or one nnc cannot feed). */
int pl_dataset_unpack(Interp *I, Obj *v, const char *fn, PlDataset *out);
void pl_dataset_free(Interp *I, PlDataset *d);

/* ---- scipy_sparse.c ---- */
/* A new scipy.sparse.csr_matrix of the 2-D array dense (taken over; NULL raises ndarray/'s
 * failure), as scikit-learn's sparse outputs are. */
Obj *pl_csr_wrap(Interp *I, NdArray *dense);
NdArray *pl_csr_dense(const Obj *v);  /* v's values when v is a csr_matrix (borrowed), else NULL */

/* ---- sklearn_encoders.c ---- */
/* The items of y (a list, a tuple, a text Series or a 1-d object array) when every one is a
 * str; false otherwise, nothing raised. */
bool pl_text_labels(Interp *I, Obj *y, Obj *const **items, int64_t *n);
/* Labels that are all strs (a list, a text Series, an object array) as their places among
 * the sorted distinct ones (int64), as LabelEncoder codes them; NULL otherwise, raised only
 * on failure. */
NdArray *pl_text_codes(Interp *I, Obj *y);

/* ---- sklearn_kfold.c ---- */
extern const FeClassDef pl_kfold_classes[];  /* KFold, StratifiedKFold */
/* The classes of y_true and y_pred, sorted, as confusion_matrix's rows stand for them (an
 * int64 array when both are integers, else float64); NULL raised. */
Obj *pl_confusion_labels(Interp *I, Obj *y_true, Obj *y_pred);
/* seaborn.c, seaborn_hist.c, seaborn_line.c, seaborn_scatter.c: the axes a plot draws on
 * (ax, else the current one; a new
 * reference); the variable it draws (data[x] when x names a column, else x, else data) and
 * its name (x, a Series' name; NULL when none); histplot; lineplot; scatterplot. */
Obj *pl_seaborn_axes(Interp *I, Obj *ax);
Obj *pl_seaborn_variable(Interp *I, Obj *data, Obj *x, Obj **label);
NdArray *pl_seaborn_floats(Interp *I, Obj *v);   /* v's values as float64, raised */
/* Names the axes' x and y (str() of the names, None or NULL: none) where they have none. */
bool pl_seaborn_name_axes(Interp *I, FmtAxes *ax, Obj *xname, Obj *yname);
/* As seaborn's plots end: axes.legend(title=title) when some artist has a label. */
bool pl_seaborn_legend(Interp *I, Obj *axes, Obj *title);
/* The categories of values and how often each occurs: numbers sorted (NaN left out), other
 * values in order of first appearance, each named by str(); order= instead names them. */
typedef struct {
  Obj *keys;      /* list of the categories' texts, in drawing order */
  double *count;  /* owned, one per key */
} PlCategories;
bool pl_seaborn_categories(Interp *I, Obj *values, Obj *order, PlCategories *c);
/* The index among keys (strs) of str(v), or -1; -2 with an exception. */
int64_t pl_seaborn_key_index(Interp *I, Obj *keys, Obj *v);
/* seaborn_palette.c: the colours of a categorical plot's levels (names: a list of strs, its
 * categories or its hue's levels) from color= and palette= (None: the colour cycle),
 * desaturated as seaborn desaturates patches (hue: the levels are a hue's), and *grey (when
 * not NULL) the lines' grey among them; a new array, NULL raised. */
uint32_t *pl_seaborn_level_colors(Interp *I, Obj *color, Obj *palette, Obj *names, bool hue,
                                  double saturation, uint32_t *grey);
/* color_palette(palette, n_colors) into out (n <= 0: the palette's own count), at most
 * FMT_MAX_CYCLE colours: how many, 0 raised. palette None is the colour cycle. */
int pl_seaborn_palette(Interp *I, Obj *palette, int64_t n, uint32_t *out);
/* Where level j of n hue levels sits within a category's width: np.linspace(0, width - each,
 * n) less its mean, each = width / n, as seaborn's hue_offsets; 0 when not dodged. */
double pl_seaborn_hue_offset(double width, int64_t n, int64_t j, bool dodge);
Obj *pl_seaborn_boxplot(Interp *I, Obj *self, Obj **args);
Obj *pl_seaborn_barplot(Interp *I, Obj *self, Obj **args);
/* seaborn_estimate.c: a group's estimate and error bar, as seaborn's EstimateAggregator. */
typedef enum { PL_EST_MEAN, PL_EST_MEDIAN, PL_EST_SUM, PL_EST_SIZE } PlEstimator;
typedef enum { PL_ERR_NONE, PL_ERR_CI, PL_ERR_PI, PL_ERR_SD, PL_ERR_SE } PlErrorMethod;
typedef struct {
  PlEstimator estimator;
  PlErrorMethod method;
  double level;         /* ci, pi: the interval's width in percent; sd, se: how many */
  int64_t n_boot;
  bool seeded;          /* seed: default_rng(seed) for each group's bootstrap */
  uint64_t seed;
} PlAggregator;
/* The errorbar= to use: errorbar itself, or a ci= given (seaborn 0.12's deprecated name:
 * None, 'sd' or a level), said as seaborn says it; a new reference, NULL raised. */
Obj *pl_seaborn_errorbar_arg(Interp *I, Obj *errorbar, Obj *ci);
/* Reads estimator=, errorbar=, n_boot= and seed= as seaborn does; false raised. */
bool pl_seaborn_aggregator(Interp *I, Obj *estimator, Obj *errorbar, Obj *n_boot, Obj *seed,
                           PlAggregator *g);
/* out: the estimate of v (float64, NaN missing), the error bar's low and high end (NaN:
 * none); false when out of memory. */
bool pl_seaborn_aggregate(const PlAggregator *g, const NdArray *v, double out[3]);
/* seaborn_pair.c: a Grid's savefig, cropped unless bbox_inches= says otherwise. */
Obj *pl_seaborn_grid_savefig(Interp *I, Obj *self, Obj **args);
/* v's present values (float64, NaN left out), a new array; NULL when out of memory. */
NdArray *pl_seaborn_present(const NdArray *v);
Obj *pl_seaborn_histplot(Interp *I, Obj *self, Obj **args);
Obj *pl_seaborn_lineplot(Interp *I, Obj *self, Obj **args);
Obj *pl_seaborn_scatterplot(Interp *I, Obj *self, Obj **args);
/* seaborn_hue.c: a plot's hue, as seaborn colours it (the levels, their colours, each row's
 * level); false with the exception raised. */
typedef struct {
  Obj *levels;       /* list of the levels' str(), in legend order */
  uint32_t *colors;  /* owned: each level's colour */
  int64_t *of;       /* owned: each row's level, -1 when missing */
} PlHue;
bool pl_seaborn_hue(Interp *I, Obj *values, Obj *order, int64_t nrows, PlHue *h);
void pl_seaborn_hue_free(Interp *I, PlHue *h);
/* The hue's legend as histplot and kdeplot make it: a handle of kind (patches, lines) per
 * level, in order, not drawn on the axes, titled with the hue's name. */
bool pl_seaborn_hue_legend(Interp *I, Obj *axes, const PlHue *h, FmtArtistKind kind,
                           double alpha, Obj *title);
/* seaborn_hist.c: the variable's values (float64) in the rows where it and the hue (h, or
 * NULL) are present, *level (owned, when h) each kept row's level; the rows of one level. */
NdArray *pl_seaborn_rows(Interp *I, Obj *values, const PlHue *h, int64_t nrows,
                         int64_t **level);
NdArray *pl_seaborn_level_rows(const NdArray *x, const int64_t *levels, int64_t j);
/* seaborn_kde.c: scipy's Gaussian KDE of x (Scott's bandwidth) times scale, as a line on ax
 * over [lo - cut bw, hi + cut bw], or filled down to 0 (*out, or NULL when x has no spread);
 * false when out of memory. kdeplot. */
bool pl_seaborn_kde(FmtAxes *ax, const NdArray *x, double cut, double lo, double hi,
                    double scale, uint32_t color, bool fill, FmtArtist **out);
Obj *pl_seaborn_kdeplot(Interp *I, Obj *self, Obj **args);

/* ---- sklearn_metrics.c ---- */
int pl_cmp_double(const void *a, const void *b);  /* qsort's order of doubles */

/* ---- np_random.c ---- */
NdRandom *pl_legacy_random_of(Obj *o);  /* a RandomState's generator (borrowed), else NULL */

/* ---- sklearn_datasets.c ---- */
/* random_state= as scikit-learn's check_random_state takes it: None is numpy's global
 * RandomState, an int seeds a new RandomState (*owned: the caller frees it with
 * nd_random_free), a RandomState is itself. NULL with an exception raised. */
NdRandom *pl_random_state(Interp *I, Obj *v, bool *owned);
/* 0..n-1 in a random order (int64), as numpy's permutation(n); NULL with ndarray/'s failure. */
NdArray *pl_permutation(NdRandom *rng, int64_t n);

/* ---- keras_objects.c — layers, losses, optimizers, callbacks and Keras tensors ----
 * Each is an object of its Keras class holding the arguments it was made with, by name, as
 * attributes (layer.units, stop.patience); the binding reads them when it builds a model. */
#define PL_KERAS_VERSION "3.11.3"   /* the Keras whose semantics nnc follows */

typedef enum {
  KK_DENSE, KK_ACTIVATION, KK_ADD,                                  /* layers */
  KK_MERGE,           /* Subtract, Multiply, Average, Maximum, Minimum: built from configs */
  KK_CONCATENATE,
  KK_LAYER,           /* any other class of names/layers.def, built from its config */
  KK_LOSS, KK_OPTIMIZER,             /* a row of names/losses.def, names/optimizers.def */
  KK_EARLY_STOPPING, KK_CALLBACK,   /* callbacks: KK_CALLBACK's id a PL_CB_ of its row */
  KK_SCHEDULE,                       /* a row of names/schedules.def: its nnc_schedule_kind */
  KK_METRIC,          /* a metric object: its nnc_metric */
  KK_CONFIG_OBJECT,   /* an initializer, regularizer or constraint: Keras's {class_name,
                         config}, which a layer's config carries */
} KKind;
/* An optimizer's learning-rate schedule, read from its object (keras_model.c). */
enum { PL_MAX_BOUNDARIES = 64 };
typedef struct {
  nnc_lr_schedule s;
  double boundaries[PL_MAX_BOUNDARIES], values[PL_MAX_BOUNDARIES + 1]; /* PiecewiseConstant */
} PlSchedule;
/* The options of an optimizer object or name (a schedule's into *ps); check I->exc_pending. */
nnc_optimizer pl_optimizer_options(Interp *I, Obj *opt, PlSchedule *ps);
/* The rows of names/callbacks.def (EarlyStopping's is KK_EARLY_STOPPING's). */
enum {
#define CALLBACK(id, cls, member, params, doc) PL_CB_##id,
#include "callbacks.def"
};

typedef struct {
  Obj hd;
  Obj *dict;          /* attributes: the constructor's arguments by name, and more */
  KKind kind;
  int id;             /* KK_LOSS: the nnc_loss_kind; KK_OPTIMIZER: the nnc_optimizer_kind;
                         KK_METRIC: the nnc_metric */
  int ncalls;         /* a layer: its calls in the functional API (a shared layer's: 2 or
                         more, all in the model they make) */
  Obj *adapted;       /* a Normalization: the data adapt() was given, for the model it
                         joins (nnc_model_adapt); NULL if none */
  struct PlModel *model; /* a layer: the last model it joined (a reference: the layer
                            keeps its weights alive), or NULL */
  int layer_id;       /* its layer id in that model */
} KObj;

/* A Keras tensor of the functional API: the layer that made it and the tensors it read. */
enum { PL_KT_RANK = 3 };      /* a sample's largest rank, as nnc_model_input takes it */
typedef struct {
  Obj hd;
  Obj *layer;         /* a KObj layer or a model, or NULL for an Input */
  Obj *inputs;        /* a tuple of Keras tensors */
  Obj *config;        /* Input: its arguments (shape, name) as a dict; NULL otherwise */
  int rank;           /* of one sample: 0 ((None,), a reduction's) to PL_KT_RANK */
  int64_t dim[PL_KT_RANK]; /* one sample's shape (the batch axis is not in it) */
  int64_t serial;     /* creation order: a tensor's inputs have smaller serials */
} KTensor;

bool pl_is_kobj(Interp *I, Obj *v, KKind lo, KKind hi);   /* a KObj of a kind in [lo, hi] */
/* A KK_LAYER's arguments as the JSON config nnc_model_add_layer_config reads; false with an
 * exception when one is not None, a bool, a number, a str or a list or tuple of them. */
typedef struct {
  char *buf;                    /* owned: the text (pl_json_free); start from PlJson j = {0} */
  size_t n, cap;
} PlJson;
bool pl_config_json(Interp *I, Obj *layer, PlJson *j);
void pl_json_free(PlJson *j);
/* Appends text, then v as JSON as pl_config_json writes values (nothing when v is NULL);
 * false, with a TypeError, when v cannot be written or memory runs out. */
bool pl_json_put(Interp *I, PlJson *j, const char *text, Obj *v);
/* Layer `id` of m (the KObj `layer` just added) takes what the layer was adapted to. */
bool pl_adapt_in(Interp *I, Obj *layer, nnc_model *m, int id);
bool pl_is_ktensor(Interp *I, Obj *v);
/* A new Keras tensor made by layer (a KObj) from inputs (a tuple of Keras tensors), of
 * sample shape dim[0..rank); NULL with an exception. */
Obj *pl_ktensor_new(Interp *I, Obj *layer, Obj *inputs, int rank, const int64_t *dim);
/* "(None, 3)" of t, into buf. */
const char *pl_ktensor_shape_text(const KTensor *t, char *buf, size_t n);
/* A layer object of class cls (a KK_LAYER built from its config) holding dict's items as
 * its arguments; NULL with an exception. */
Obj *pl_config_layer_new(Interp *I, Obj *cls, Obj *dict);
extern const Layout pl_layer_layout;

/* ---- keras_ops.c — keras.ops and Python's operators on Keras tensors ---- */
Obj *pl_ktensor_binop(Interp *I, int op, Obj *a, Obj *b, bool reflected);
Obj *pl_ktensor_unary(Interp *I, int op, Obj *a);
/* keras.activations' function (keras.ops' of the same name when ops) on the Keras tensor x:
 * the operation Keras makes of it, its activation a name or {class_name, config}, named
 * prefix, prefix_1, ...; halves: it gives half of a sample's features (glu). */
Obj *pl_activation_op(Interp *I, Obj *x, Obj *activation, const char *prefix, bool halves,
                      bool ops);
extern const FeFnDef pl_ktensor_methods[];        /* __abs__ */
/* An argument a KObj was made with (borrowed), or NULL when absent. */
Obj *pl_kobj_arg(Interp *I, Obj *o, const char *name);
/* keras_activations.c: the nnc_activation of a function of keras.activations, or -1. */
int pl_activation_function(Interp *I, Obj *v);
/* keras_activations.c: the nnc_activation of a function of keras.ops (keras.ops.gelu), or -1. */
int pl_ops_activation_function(Interp *I, Obj *v);
/* keras_activations.c: adds keras.ops' functions of the activations (relu, gelu, ...) to m. */
int pl_ops_activations_init(Interp *I, Obj *m);
int pl_loss_kind(const char *name);       /* nnc_loss_kind, or -1 */
int pl_optimizer_kind(const char *name);  /* nnc_optimizer_kind, or -1 */
extern const FeCheckDef pl_keras_checks[];
extern const FeClassDef pl_layers_classes[], pl_losses_classes[], pl_optimizers_classes[],
    pl_callbacks_classes[], pl_schedules_classes[], pl_initializers_classes[],
    pl_metrics_classes[],
    pl_regularizers_classes[], pl_constraints_classes[];
extern const FeFnDef pl_layers_fns[];

/* ---- keras_model.c — Sequential and Model over nnc_model ---- */
typedef struct PlModel {
  Obj hd;
  Obj *dict;          /* attributes: name, stop_training, history */
  nnc_model *m;       /* owned */
  int64_t features;   /* the input's width, 0 until known */
  Obj *objs;          /* a list: the object of each layer id (a layer, a nested model, or
                         None until asked for; keras_layers.c), or NULL; owned */
  bool compiled, functional;
  bool built;         /* a Sequential Keras has built (its Functional named): see keras_model.c */
  int metrics_given;  /* compile() had metrics= (Keras's compile_metrics): 1 or 0; -1 when a
                         loaded model's compile config decided it */
  nnc_compile_options copts;
} PlModel;
/* keras_inputs.c — fit, evaluate and predict's x (named xparam in errors) as the model's
 * compiled x: for a model of several inputs a list or tuple of one array per input, or a dict
 * keyed by the Inputs' names, checked and packed side by side (nnc_model_pack_inputs); with
 * yv (else NULL), y (named yparam) into *y too, and every array's sample count checked as
 * Keras checks it. NULL (nothing in *y) with a Python exception on failure. */
nnc_tensor *pl_model_xy(Interp *I, PlModel *pm, Obj *xv, const char *xparam, Obj *yv,
                        nnc_tensor **y, const char *yparam);
/* layer(x) on data x (an array-like): the output now, as Keras's eager call computes it,
 * for Dense, Normalization, Flatten, Dropout and the activation layers; NotImplementedError
 * naming any other class. */
Obj *pl_layer_on_data(Interp *I, Obj *layer, Obj *x);
/* Puts a layer (of a kind a call on data computes) in a model of its own whose input is a
 * sample of x, as a call on x would; false raised. */
bool pl_layer_place(Interp *I, Obj *layer, Obj *x);
extern const FeClassDef pl_models_classes[];
extern const FeFnDef pl_models_fns[];          /* load_model */
bool pl_is_model(Interp *I, Obj *v);
/* A loss object called on data: loss(y_true, y_pred, sample_weight=None), a float32 scalar
 * (the call slot of loss objects' layout). */
Obj *pl_loss_call(Interp *I, Obj *f, Obj *const *args, int nargs, Obj *kwnames);
/* m (taken) as a keras.Sequential (a chain of layers) or keras.Model object; compiled says
 * whether fit may run without a new compile. NULL, m freed, on failure. */
Obj *pl_model_wrap(Interp *I, nnc_model *m, bool compiled);

/* ---- keras_layers.c — model.layers and the weights of layers and models ---- */
/* Notes obj (a layer object or a nested model) as what pm's layer ids from `from` to its
 * last were added for; false with an exception. */
bool pl_model_note(Interp *I, PlModel *pm, Obj *obj, int from);
/* Drops pm's objects and their references to pm (the model's clear). */
void pl_model_forget(Interp *I, PlModel *pm);
Obj *pl_model_layers(Interp *I, Obj *self);                  /* model.layers */
Obj *pl_model_get_layer(Interp *I, Obj *self, Obj **args);   /* (name=None, index=None) */
Obj *pl_model_get_weights(Interp *I, Obj *self, Obj **args);
Obj *pl_model_set_weights(Interp *I, Obj *self, Obj **args); /* (weights) */
Obj *pl_model_weights(Interp *I, Obj *self);   /* model.weights: keras.Variable objects */
Obj *pl_model_trainable_weights(Interp *I, Obj *self);     /* those that train */
Obj *pl_model_non_trainable_weights(Interp *I, Obj *self); /* and the others */
/* A layer's attribute, or else its weight of that name (layer.kernel) as a Variable. */
Obj *pl_layer_getattr(Interp *I, Obj *self, Obj *name);
extern const FeModuleDef pl_keras_variable_def;  /* keras.Variable */
/* Whether v is a keras.Variable, and its value now as a new array (NULL with the error). */
bool pl_is_variable(Interp *I, Obj *v);
NdArray *pl_variable_array(Interp *I, Obj *v);
/* keras_variable.c: the Variable of weight `path` of pm (model.weights) */
Obj *pl_variable_new(Interp *I, PlModel *pm, const char *path);
/* keras_variable.c: an optimizer's learning_rate, iterations and name */
extern const FeGetDef pl_optimizer_props[];
extern const FeFnDef pl_optimizer_methods[];    /* get_config */
extern const FeGetDef pl_layer_props[];      /* a layer's name */
extern const FeFnDef pl_layer_methods[];     /* get_weights, set_weights */

/* A metric's value as Keras's logs hold it: v as a float, or the n values of a vector
 * metric (vals, n > 1) as a float32 array; vals of one value is that value. */
Obj *pl_metric_value(Interp *I, double v, const double *vals, int64_t n);

/* ---- json_value.c — JSON text as Python values ---- */

/* text (or its top-level object's member, unless NULL) as json.loads would give it; NULL with
 * ValueError for text that is not JSON. */
Obj *pl_from_json(Interp *I, const char *text, const char *member);
/* The value of root, which cJSON parsed from text (the numbers' spelling comes from text). */
struct cJSON;
Obj *pl_json_value(Interp *I, const struct cJSON *root, const char *text);

/* ---- keras_hooks.c — the hooks of the user's callbacks, as Keras's CallbackList calls them ---- */

/* cb.name(*args) for the callbacks list[from .. to); false (the exception pending) when one
 * raised. list may be NULL: none. */
bool pl_hooks_notify(Interp *I, Obj *list, int64_t from, int64_t to, const char *name,
                     Obj *const *args, int n);
/* cb.name(number, logs) for every callback of list; logs NULL: an empty dict each time. */
bool pl_hooks_at(Interp *I, Obj *list, const char *name, int64_t number, Obj *logs);
/* cb.name({}) for every callback of list. */
bool pl_hooks_empty(Interp *I, Obj *list, const char *name);
/* A batch's logs as the batch-end hooks get them: its loss and metrics, sorted by key. */
Obj *pl_batch_logs(Interp *I, const nnc_batch_log *b);
/* evaluate's and predict's callbacks= (arg, None for none): a new list of those of the user's
 * own classes, each given the model and Keras's params {verbose, epochs: 1, steps}; NULL
 * with TypeError for what is not a callback. */
Obj *pl_hooks_list(Interp *I, Obj *arg, Obj *model, int verbose, int64_t steps);
/* nnc_model_evaluate (weighted when w) with the test hooks of hooks around it and around
 * each batch, but on_test_end, which takes the result; false with the error pending. */
bool pl_hooks_evaluate(Interp *I, Obj *hooks, nnc_model *m, const nnc_tensor *x,
                       const nnc_tensor *y, const nnc_tensor *w, int64_t batch,
                       nnc_metrics *out);
/* nnc_model_predict batch by batch with the predict hooks of hooks; the same rows, since a
 * sample's prediction does not depend on its batch. false with the error pending. */
bool pl_hooks_predict(Interp *I, Obj *hooks, nnc_model *m, const nnc_tensor *x,
                      int64_t batch, nnc_tensor **out);

/* ---- keras_fit.c — fit, History and the callbacks a user writes ---- */
/* fit's arguments; repeat: x is a tf.data.Dataset repeated without end (nnc_fit_options). */
Obj *pl_fit(Interp *I, PlModel *pm, Obj **args, bool repeat);
extern const FeClassDef pl_history_classes[];

/* ---- the modules (one file each; keras and tensorflow in keras_modules.c) ---- */
extern const FeModuleDef pl_ipython_display_def;   /* ipython.c */
/* plt_interactive.c: ion/ioff/draw in pyplot and matplotlib, FigureCanvasAgg */
extern const FeModuleDef pl_pyplot_mode_def, pl_matplotlib_mode_def, pl_backend_agg_def;
/* A new FigureCanvasAgg of the Figure object fig (Figure.canvas); NULL raised. */
Obj *pl_figure_canvas(Interp *I, Obj *fig);
extern const FeModuleDef pl_time_def, pl_math_def, pl_os_def, pl_os_path_def, pl_sys_def,
    pl_random_def, pl_warnings_def, pl_datetime_def, pl_copy_def, pl_future_def, pl_builtins_def,
    pl_base64_def, pl_json_def, pl_numpy_def, pl_numpy_printoptions_def,
    pl_numpy_reduce_def, pl_numpy_files_def, pl_numpy_lib_def, pl_numpy_npyio_def, pl_numpy_random_def;
extern const FeModuleDef pl_tensorflow_def, pl_tf_keras_def, pl_tf_random_def,
    pl_tf_keras_layers_def, pl_tf_keras_losses_def, pl_tf_keras_optimizers_def,
    pl_tf_keras_callbacks_def, pl_tf_keras_models_def, pl_tf_keras_metrics_def,
    pl_tf_keras_utils_def, pl_keras_def, pl_keras_layers_def, pl_keras_losses_def,
    pl_keras_optimizers_def, pl_keras_callbacks_def, pl_keras_history_def, pl_keras_models_def,
    pl_keras_metrics_def, pl_keras_utils_def, pl_sklearn_def, pl_sklearn_metrics_def,
    pl_keras_initializers_def, pl_tf_keras_initializers_def, pl_keras_regularizers_def,
    pl_tf_keras_regularizers_def, pl_keras_constraints_def, pl_tf_keras_constraints_def,
    pl_sklearn_classification_def,
    pl_sklearn_encoders_def,
    pl_sklearn_generators_def,
    pl_keras_utils_more_def, pl_keras_plot_model_def,
    pl_sklearn_datasets_def, pl_sklearn_utils_def, pl_sklearn_model_selection_def,
    pl_sklearn_shuffle_def, pl_sklearn_linear_def, pl_sklearn_decomposition_def,
    pl_sklearn_cross_val_def, pl_sklearn_logistic_def, pl_scikeras_def, pl_scikeras_wrappers_def, pl_keras2_wrappers_def,
    pl_tf_keras2_wrappers_def, pl_keras_wrappers_def, pl_tf_keras_wrappers_def,
    pl_keras_np_utils_def, pl_tf_keras_np_utils_def,
    pl_sklearn_pipeline_def, pl_sklearn_grid_search_def,
    pl_scipy_def, pl_scipy_sparse_def, pl_tf_data_def,
    pl_tf_data_experimental_def, pl_tf_dtypes_def, pl_tf_math_def, pl_tf_linspace_def,
    pl_sklearn_preprocessing_def, pl_matplotlib_def, pl_pyplot_def, pl_pyplot_axes_def,
    pl_numpy_tricks_def,
    pl_matplotlib_cm_def, pl_pyplot_cm_def, pl_matplotlib_style_def, pl_pyplot_style_def,
    pl_pandas_def, pl_keras_schedules_def,
    pl_tf_keras_schedules_def, pl_keras_mixed_precision_def, pl_tf_keras_mixed_precision_def,
    pl_keras_activations_def, pl_tf_keras_activations_def, pl_tf_nn_def, pl_tensorflowjs_def,
    pl_tfjs_converters_def, pl_seaborn_def, pl_seaborn_pair_def, pl_seaborn_facet_def,
    pl_seaborn_theme_def,
    pl_sklearn_cm_display_def, pl_cycler_def, pl_matplotlib_rc_def, pl_pyplot_rc_def,
    pl_matplotlib_cycler_def, pl_pyplot_cycler_def,
    pl_keras_ops_def, pl_tf_keras_ops_def, pl_keras_backend_def,
    pl_tf_keras_backend_def, pl_keras_saving_def, pl_tf_keras_saving_def;

/* ---- keras_datasets.c — keras.datasets.X and tensorflow.keras.datasets.X ---- */
extern const FeModuleDef *const pl_keras_datasets_defs[];
extern const int pl_keras_datasets_count;

/* ---- tf_python_keras.c — tensorflow.python.keras.X, aliases of keras.X ---- */
extern const FeModuleDef *const pl_tf_python_keras_defs[];
extern const int pl_tf_python_keras_count;
/* nnc's data cache into buf: $NNC_DATA, else ~/.cache/nnc (scripts/fetch-data.sh fills it). */
const char *pl_data_cache(char *buf, size_t n);

/* ---- sklearn.c ---- */
/* sklearn.metrics.r2_score: 1 - SS_res / SS_tot of each output column (a column whose
 * y_true is constant scores 1 when predicted exactly, else 0), averaged over the columns.
 * NNC_ERR_SHAPE (with a message) unless both hold the same rows (at least 2) and values. */
nnc_status pl_r2_score(const nnc_tensor *y_true, const nnc_tensor *y_pred, double *out);

#endif
