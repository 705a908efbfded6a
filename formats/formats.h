/* formats.h — the file formats nnc reads and writes: .npy, CSV, IDX (plain or gzip),
 * safetensors and HDF5. Every reader opens files through one safe opener and reports the file and byte
 * offset of what is wrong. Stands on runtime/ (tensors).
 *
 * Sections below follow the .c files that define them.
 */
#ifndef NNC_FORMATS_H
#define NNC_FORMATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "runtime.h"

/* npy.c — NumPy .npy files, versions 1 to 3, little-endian, C order. The raw layer reads and
 * writes any rank up to FMT_NPY_MAXDIM of the six types below (ndarray's np.load and
 * np.save); the tensor layer takes f4/f8/u1/i4/i8 of rank 4 at most, converting. */
typedef enum { FMT_NPY_B1, FMT_NPY_U1, FMT_NPY_I4, FMT_NPY_I8, FMT_NPY_F4, FMT_NPY_F8 } FmtNpyType;
enum { FMT_NPY_MAXDIM = 32 };
typedef struct {
  const char *path;             /* borrowed, for messages */
  FILE *f;                      /* owned; at the first element after fmt_npy_open */
  FmtNpyType type;
  bool fortran;                 /* the elements are in Fortran (column-major) order */
  int rank;
  int64_t shape[FMT_NPY_MAXDIM];
  int64_t numel;                /* product of shape; the file holds exactly these elements */
  long data_at, descr_at, shape_at; /* file offsets, for messages */
} FmtNpy;
size_t fmt_npy_size(FmtNpyType t);
/* Opens path and reads and checks its header (every check above: magic, version, dict, the
 * data's size against the file's); fmt_npy_read then reads the numel raw elements into dst.
 * Close in any case (fmt_npy_close accepts a failed open). NNC_ERR_IO, NNC_ERR_CORRUPT,
 * NNC_ERR_TYPE (an unsupported descr), NNC_ERR_SHAPE (rank above FMT_NPY_MAXDIM). */
nnc_status fmt_npy_open(const char *path, FmtNpy *n);
/* The same on an open stream (owned: closed by fmt_npy_close, also when this fails);
 * n->path is set by the caller and names the stream in messages. */
nnc_status fmt_npy_open_stream(FILE *f, FmtNpy *n);
nnc_status fmt_npy_read(FmtNpy *n, void *dst);
void fmt_npy_close(FmtNpy *n);
/* Writes raw C-ordered data as a version 1.0 file, through outfile.c. */
nnc_status fmt_npy_write(const char *path, FmtNpyType t, int rank, const int64_t *shape,
                         const void *data);
nnc_status fmt_npy_load(const char *path, nnc_dtype want, nnc_tensor **out);
nnc_status fmt_npy_save(const nnc_tensor *t, const char *path);

/* npz.c — NumPy .npz archives (zip files of KEY.npy members), read with libzip. */
typedef struct {
  const char *path;             /* borrowed, for messages */
  struct zip *zip;              /* libzip's archive; owned */
  int64_t count;                /* members */
} FmtNpz;
/* Opens an archive: NNC_ERR_IO (missing, not a regular file), NNC_ERR_CORRUPT (not a zip),
 * NNC_ERR_NOMEM. Close in any case. */
nnc_status fmt_npz_open(const char *path, FmtNpz *z);
void fmt_npz_close(FmtNpz *z);
/* The name of member i ("x_train.npy"), owned by the archive; NULL out of range. */
const char *fmt_npz_member_name(const FmtNpz *z, int64_t i);
/* Opens member KEY.npy as fmt_npy_open opens a file; label (label_n bytes, the caller's,
 * alive while n is) receives "PATH[KEY]", the name n's messages give. NNC_ERR_ARG when the
 * archive has no such member, NNC_ERR_CORRUPT for a damaged one, and fmt_npy_open's errors.
 * Close n with fmt_npy_close in any case. */
nnc_status fmt_npz_open_member(const FmtNpz *z, const char *key, char *label, size_t label_n,
                               FmtNpy *n);
/* Copies member `member` of any zip archive opened so (a .keras file's config.json) into f,
 * checked as above: NNC_ERR_CORRUPT when absent or damaged, NNC_ERR_IO writing f. */
nnc_status fmt_zip_extract(const FmtNpz *z, const char *member, FILE *f);

/* zipout.c — a zip archive of n members (names[i], bytes[i] of sizes[i] bytes), stored
 * uncompressed as Python's zipfile writes by default, built in memory and written through
 * the safe writer. NNC_ERR_IO (path is unchanged), NNC_ERR_NOMEM. */
nnc_status fmt_zip_write(const char *path, int n, const char *const *names,
                         const void *const *bytes, const size_t *sizes);

/* csv.c — the tokenizer of CSV files (nnc_tensor_load_csv), shared with np.loadtxt:
 * lines ended by LF or CRLF, and fields split at a delimiter or at runs of blanks. */
typedef struct {
  const char *s, *e;            /* the line without its newline (and CR) */
  int64_t no;                   /* from 1 */
} FmtLine;
/* The line starting at *p (advanced past it); false at end. ln->no counts from 1 when ln
 * starts zeroed. */
bool fmt_next_line(const char **p, const char *end, FmtLine *ln);
bool fmt_blank_line(const FmtLine *ln);  /* only spaces and tabs */
/* The next field of a line from *at (start: the line's s; NULL once the last was taken):
 * up to the delimiter with blanks around it trimmed, or with delim 0 the next run of
 * non-blanks (as Python's str.split()). False when no field is left. */
bool fmt_next_field(const char **at, const char *end, char delim, const char **fs,
                    const char **fe);

/* datafile.c — files opened safely; a whole file in memory, plain or gzip (zlib recognises
 * the 1f 8b magic), or read in steps. */
typedef struct {
  unsigned char *data;          /* owned (fmt_file_bytes_free); len bytes and a NUL after them */
  size_t len;                   /* bytes after decompression */
  bool gz;                      /* the file was gzip-compressed */
} FileBytes;
/* Opens path for reading if it is a regular file (*size: its size). A directory, FIFO,
 * device or socket is refused with NNC_ERR_IO naming what it is, without blocking; so is a
 * missing or unreadable file. size may be NULL. The caller fcloses *f. */
nnc_status fmt_file_open(const char *path, FILE **f, size_t *size);
/* Fails with NNC_ERR_IO (missing, not a regular file, unreadable), NNC_ERR_CORRUPT (a bad
 * gzip stream) or NNC_ERR_NOMEM; *out is empty then. */
nnc_status fmt_read_all(const char *path, FileBytes *out);
void fmt_file_bytes_free(FileBytes *fb);
/* A file read in steps: fmt_stream_fill(d, n) reads until fb.len >= n or the stream ends,
 * allocating no more than n + 1 bytes; the errors are fmt_read_all's. Close it in any case. */
typedef struct {
  const char *path;
  struct gzFile_s *gz;          /* zlib's gzFile; owned */
  size_t size;                  /* bytes on disk */
  size_t cap;                   /* bytes allocated for fb.data */
  bool end;                     /* the stream has no more bytes */
  FileBytes fb;                 /* what has been read so far; owned */
} DataStream;
nnc_status fmt_stream_open(const char *path, DataStream *d);
nnc_status fmt_stream_fill(DataStream *d, size_t n);
/* The most bytes the stream can hold: the size of a plain file, deflate's largest expansion
 * of a gzip one (known after the first fill). */
size_t fmt_stream_max(const DataStream *d);
void fmt_stream_close(DataStream *d);
/* Every file opened for reading from now on is remembered (by device and inode), so that
 * fmt_is_input can tell whether path (its symlinks followed) is one of them: the nnc
 * command's, which refuses to write an output over an input. Not thread-safe; off unless
 * called. */
void fmt_inputs_track(void);
bool fmt_is_input(const char *path);
/* nnc_tensor_load's dispatch: true for .csv, .csv.gz, .idx, .idx.gz, -ubyte and -ubyte.gz
 * names, which fmt_load reads (CSV header auto-detected, IDX unscaled). */
bool fmt_claims(const char *path);
/* The format a file name's extension promises ("safetensors", "Keras's weights layout in
 * HDF5" for .weights.h5, "HDF5" for .h5, ...), or NULL when no format claims it: the one
 * table behind every writer's refusal of a name its bytes would belie. */
const char *fmt_name_promises(const char *path);
/* Writes n bytes through the safe writer (outfile.c): path is the old file or the complete
 * new one. NNC_ERR_IO naming path, NNC_ERR_NOMEM. */
nnc_status fmt_write_file(const char *path, const void *bytes, size_t n);
nnc_status fmt_load(const char *path, nnc_dtype want, nnc_tensor **out);

/* outfile.c — the one way nnc writes a file (see the file for the rules): open, write to
 * o->f, commit (the new file replaces the old one whole), close. Nothing touches path
 * before the commit; after it o->f still appends to the new file (the --log CSV grows row
 * by row). Close in any case: an uncommitted temporary is removed. Errors name the path:
 * NNC_ERR_IO (unwritable, a directory, a full disk), NNC_ERR_NOMEM. */
typedef enum { FMT_OUT_CREATED, FMT_OUT_SYNCED, FMT_OUT_RENAMED } FmtOutStage;
typedef struct {
  const char *path;             /* as named by the caller, for messages (borrowed) */
  char *target;                 /* path with its symlinks followed: what is replaced (owned) */
  char *tmp;                    /* the temporary beside target until the commit (owned) */
  FILE *f;                      /* where to write; NULL once closed */
  int slot;                     /* in the table fmt_out_cleanup empties, or -1 */
  bool committed;               /* f writes into the file itself (renamed, or a device) */
} FmtOut;
nnc_status fmt_out_open(FmtOut *o, const char *path);
nnc_status fmt_out_commit(FmtOut *o);
nnc_status fmt_out_close(FmtOut *o);   /* NNC_ERR_IO when appending after the commit failed */
/* Whether fmt_out_open(path) would get as far as writing (the directory exists and is
 * writable, path is no directory), touching nothing: an output's check before a long run. */
nnc_status fmt_out_check(const char *path);
/* Unlinks every temporary in flight. Async-signal-safe: for a SIGINT or SIGTERM handler. */
void fmt_out_cleanup(void);
/* A data-parallel job's ranks other than 0 set fmt_out_discard: each open writes to
 * /dev/null. fmt_out_agree (NULL outside a job) is called by every rank at every commit with
 * whether its own failed, and returns whether rank 0's did (a commit that must wait for
 * rank 0's, as every rank saves the same files in the same order). */
extern bool fmt_out_discard;
extern int (*fmt_out_agree)(int failed);
/* Tests only: called at each stage of every save (NULL otherwise). */
extern void (*fmt_out_probe)(FmtOutStage stage, const FmtOut *o);

/* tfevents.c — TensorFlow event files, which TensorBoard reads (see the file for the
 * format). A writer is one file in a directory, made with its parents when missing, named
 * as TensorFlow names it; it appears with its first event. Every call names the file in its
 * error: NNC_ERR_IO, NNC_ERR_NOMEM. The struct stays where it was opened (out.path is path). */
typedef struct {
  FmtOut out;
  char path[4096];              /* the file's name */
} TfEvents;
nnc_status fmt_tfevents_open(TfEvents *w, const char *dir);
/* A scalar as tf.summary.scalar writes it (a float32 tensor, the "scalars" plugin). */
nnc_status fmt_tfevents_scalar(TfEvents *w, const char *tag, double value, int64_t step);
/* A string tensor of shape [] under the plugin named, with its content (NULL: none). */
nnc_status fmt_tfevents_string(TfEvents *w, const char *tag, const char *text, int64_t step,
                               const char *plugin, const char *content);
nnc_status fmt_tfevents_flush(TfEvents *w);
nnc_status fmt_tfevents_close(TfEvents *w);
/* CRC32C (Castagnoli) of n bytes, and TFRecord's masking of a CRC. */
uint32_t fmt_crc32c(const void *p, size_t n);
uint32_t fmt_tfrecord_mask(uint32_t crc);
/* One TFRecord of n bytes into f; NNC_ERR_IO naming path when a write fails. */
nnc_status fmt_tfrecord_write(FILE *f, const void *data, size_t n, const char *path);

/* safetensors.c — named tensors behind a JSON header (see the file for the checks). */
typedef struct {
  char *name;                   /* owned */
  nnc_tensor *t;                /* owned */
} StTensor;
typedef struct {
  int n;
  StTensor *tensors;            /* owned; n of them, in the order of their data in the file */
  int nmeta;
  char **meta_keys, **meta_values; /* owned; the "__metadata__" pairs in header order */
} StSet;
/* Writes n tensors under unique names (not "__metadata__"), in that order, and the
 * metadata (NULL, or a JSON object of string values), through outfile.c: on failure path
 * is untouched. NNC_ERR_ARG for bad
 * arguments, NNC_ERR_IO when writing fails, NNC_ERR_NOMEM. */
nnc_status fmt_st_write(const char *path, int n, const char *const *names,
                       const nnc_tensor *const *tensors, const char *metadata_json);
/* Reads a whole file into a new set (free with fmt_st_free), or fails having allocated no
 * tensor: NNC_ERR_IO, NNC_ERR_CORRUPT, NNC_ERR_TYPE (an unsupported dtype such as F16),
 * NNC_ERR_SHAPE (rank above 4), NNC_ERR_NOMEM. *out is NULL on failure. */
nnc_status fmt_st_read(const char *path, StSet **out);
void fmt_st_free(StSet *s);
nnc_tensor *fmt_st_get(const StSet *s, const char *name); /* owned by s; NULL when absent */
const char *fmt_st_meta(const StSet *s, const char *key); /* owned by s; NULL when absent */

/* onnx.c — ONNX model files through protobuf-c (the messages are onnx.pb-c.h's, generated
 * from formats/onnx.proto; keras/ includes it to build and read them). */
struct Onnx__ModelProto;
struct Onnx__TensorProto;
/* Packs m and writes it atomically. NNC_ERR_IO, NNC_ERR_NOMEM. */
nnc_status fmt_onnx_write(const char *path, const struct Onnx__ModelProto *m);
/* Reads and unpacks a whole file (free *out with fmt_onnx_free; NULL on failure).
 * NNC_ERR_IO, NNC_ERR_CORRUPT (not a ModelProto). */
nnc_status fmt_onnx_read(const char *path, struct Onnx__ModelProto **out);
void fmt_onnx_free(struct Onnx__ModelProto *m);
/* A new tensor of dtype want holding t's float, double or int64 elements (raw_data or the
 * typed field). NNC_ERR_TYPE, NNC_ERR_SHAPE, NNC_ERR_CORRUPT (element count, external
 * data), NNC_ERR_NOMEM; messages name path and the tensor. */
nnc_status fmt_onnx_tensor(const char *path, const struct Onnx__TensorProto *t, nnc_dtype want,
                           nnc_tensor **out);

/* h5.c — HDF5 files of named float tensors (the layout of Keras's .weights.h5 is keras/'s). */
typedef struct {
  const char *path;             /* "layers/dense/vars/0"; intermediate groups are made */
  const char *name;             /* a group's "name" attribute (NULL: none) */
  const nnc_tensor *t;          /* F32 or F64: a dataset; NULL: a group */
} FmtH5Item;
/* A string attribute, as h5py 3 writes a Python value: n < 0 a str (one variable-length
 * UTF-8 string, strs[0]); n == 0 a bytes value (one variable-length ASCII string, strs[0]);
 * n > 0 a list of n bytes values (a one-axis array of them); n == 0 with strs NULL an
 * empty list (numpy's empty float64 array, as np.asarray([]) makes it). */
typedef struct {
  const char *path;             /* the group or dataset that holds it: "/" for the file */
  const char *name;
  int n;
  const char *const *strs;
} FmtH5Attr;
/* Writes the items in order (a group before what it holds; no path twice) through the safe
 * writer (fmt_write_file). NNC_ERR_ARG, NNC_ERR_IO (path is unchanged), NNC_ERR_NOMEM. */
nnc_status fmt_h5_write(const char *path, int n, const FmtH5Item *items);
/* The same with attributes, written after every item. */
nnc_status fmt_h5_write_attrs(const char *path, int n, const FmtH5Item *items, int nattrs,
                              const FmtH5Attr *attrs);
/* The same file's bytes in *image (free with base_free), for an archive that holds it;
 * path names it in messages. NNC_ERR_ARG, NNC_ERR_IO, NNC_ERR_NOMEM. */
nnc_status fmt_h5_image(const char *path, int n, const FmtH5Item *items, void **image,
                        size_t *size);
/* Reads every float dataset whose path starts with prefix into a new set named by those
 * paths (no leading '/'), and the file's own string attributes (fixed or variable length,
 * scalar: keras_version, model_config, ...) as the set's metadata, and those of the group
 * that a prefix "NAME/" names as "NAME/<attribute>" (a one-axis list of strings, in either,
 * as the text of a JSON array: "optimizer_weights/weight_names", Keras 2's "layer_names");
 * other objects are
 * skipped, soft and external links never followed. NNC_ERR_IO (as fmt_file_open), NNC_ERR_CORRUPT (not HDF5, unreadable, a
 * dataset larger than the file), NNC_ERR_TYPE (not float32/64), NNC_ERR_SHAPE (rank above
 * 4), NNC_ERR_NOMEM; *out is NULL on failure. Free with fmt_st_free. */
nnc_status fmt_h5_read(const char *path, const char *prefix, StSet **out);

/* svg.c — an SVG document is built in a BaseBuf (base/buf.c); text in it is XML-escaped. */
void fmt_svg_text(BaseBuf *b, const char *s);

/* chart.c — figures drawn as matplotlib's default style draws them (100 dpi, tab10 colours,
 * MaxNLocator ticks, 5% margins, the legend box), written as SVG. pyplot (pylib/) and
 * nnc run --plot (tools/) fill these structs. Every series also carries its data in data-*
 * attributes (data-x, data-y, data-height, ...), so a test compares the data drawn. */
typedef enum { FMT_LINE, FMT_SCATTER, FMT_BARS, FMT_IMAGE, FMT_TEXT } FmtArtistKind;
typedef enum { FMT_SOLID, FMT_DASHED, FMT_DASHDOT, FMT_DOTTED, FMT_NOLINE } FmtDash;
/* annotate's arrow from its text to a point, as matplotlib's FancyArrowPatch draws it: out of
 * the text's box padded 2 points, shortened shrink[0] and shrink[1] points at its ends. */
typedef struct {
  char style;            /* 0: none; 'y' the filled arrow of arrowprops without arrowstyle
                            (width, head width and length, points); '-' a line; '>' '->',
                            '<' '<-', 'b' '<->': open heads head[1] long, head[2] wide */
  double to[2];          /* the point it ends at: data, or fractions of the axes (to_frac) */
  bool to_frac;
  double head[3];        /* 'y': width, head width, head length; others: -, length, width */
  double shrink_frac;    /* 'y': each end shortened this fraction of the distance */
  double shrink[2];      /* points, at the start and at the end */
  bool faced;            /* 'y': filled in face */
  uint32_t face, edge;
  double lw;
} FmtArrow;
typedef struct {
  FmtArtistKind kind;
  int64_t n;                    /* points, bars, an image's values (rows * cols * channels), or
                                   1: a TEXT's anchor */
  double *x, *y;                /* owned: LINE, SCATTER points; BARS centres, heights; IMAGE x:
                                   values; TEXT the anchor */
  double *w, *b;                /* owned, BARS: widths, bottoms (horizontal: x holds the
                                   bars' y centres, y their lengths, w their heights, b their
                                   left ends); a filled LINE: b the second curve */
  bool horizontal;              /* BARS: along x (barh) */
  double *c;                    /* owned, SCATTER: values mapped through cmap when `mapped` */
  double *sizes;                /* owned, SCATTER: each point's s (pt^2), or NULL: all `size` */
  uint32_t *fills;              /* owned, BARS, SCATTER: each bar's or point's colour, or
                                   NULL: all `color` */
  double alpha;                 /* BARS, a filled LINE: the fill's opacity, SCATTER: the
                                   points', a LINE: its stroke's and markers'; 0 means 1 */
  double edge_alpha;            /* BARS, a filled LINE: the outline's opacity; 0 means 1 */
  bool edged;                   /* BARS, SCATTER, a filled LINE: outlined in `edge`, lw points
                                   wide */
  bool face_edged;              /* SCATTER, not edged: each point outlined in its own colour,
                                   lw points wide (matplotlib's edgecolors='face') */
  uint32_t edge;
  bool mapped;
  uint32_t color;               /* 0xRRGGBB */
  FmtDash dash;
  double dashes[16];            /* LINE: its own on-off pattern (plot's dashes=), in line widths */
  int ndashes;                  /* 0: dash's pattern */
  char marker;                  /* LINE: 0 none, or one of FMT_MARKERS */
  bool faced;                   /* LINE: its markers filled with face (markerfacecolor,
                                   FMT_NO_COLOR: none), else with color */
  uint32_t face;
  double mew;                   /* LINE: its markers' outline (pt, in edge when edged, else in
                                   color); 0: none, 1 for a hollow marker */
  double lw, size;              /* line width (pt); marker size (pt), scatter's s (pt^2), or a
                                   TEXT's font size (pt) */
  int cmap;                     /* fmt_cmap_find's index: IMAGE, mapped SCATTER */
  double vmin, vmax;            /* the colour scale (NaN: the data's range) */
  double bar_lo, bar_hi;        /* the part of the scale a colorbar shows, when bar_part (a
                                   colormap recentred inside the scale: seaborn's center=) */
  bool bar_part;
  int64_t rows, cols;           /* IMAGE */
  int channels;                 /* IMAGE: 1 (through cmap), 3 or 4 (RGB(A) in [0, 1]) */
  double extent[4];             /* IMAGE: left, right, bottom, top in data units, when
                                   has_extent (else pixel centres at 0 .. cols-1, 0 .. rows-1) */
  bool has_extent;
  bool aspect_auto;             /* IMAGE: fill the axes (else square pixels) */
  char *text;                   /* owned, TEXT: what it says */
  char ha, va;                  /* TEXT: 'l' 'c' 'r' about x; about y 'b' the baseline, 'd'
                                   the bottom (its descent above y), 'c', 't' */
  bool offset_points;           /* TEXT: drawn dx, dy points from its anchor (annotate's
                                   'offset points'); data-x, data-y then say dx, dy, as
                                   matplotlib's Annotation.get_position does */
  double dx, dy;
  double rotation;              /* TEXT: degrees, anticlockwise */
  bool frac_at;                 /* TEXT: its anchor in fractions of the axes, not data */
  FmtArrow arrow;               /* TEXT: annotate's arrow, style 0 when none */
  bool bold;                    /* TEXT: in the bold face */
  char *label;                  /* owned, or NULL; a label starting with '_' is not in the legend */
  bool legend_only;             /* a legend entry's handle, not drawn (seaborn's patches) */
  bool handle_copy;             /* legend_only, a copy of a handle legend(handles) was given:
                                   an entry only while the axes' legend_handles holds */
  bool sticky_zero;             /* LINE: the y margin stops at 0 (a density's sticky edge) */
  bool spans[2];                /* LINE: its x (k 0) or y values are fractions of the axes,
                                   not data, and move no limits (axhline's x, axvline's y) */
  bool collection;              /* LINE: segments matplotlib draws as a LineCollection
                                   (hlines), which a 'best' legend does not avoid */
  bool filled;                  /* LINE: the area between y and b (fill_between's polygons,
                                   one per run of finite points) filled at alpha in the colour */
  bool closed;                  /* a filled LINE: the polygon through x, y itself, without b
                                   (fill's, a pie's wedge, axhspan's) */
  bool unscaled;                /* moves no limits (an artist add_artist adds) */
  bool held;                    /* LINE: its points changed (set_data) since the limits last
                                   took them (relim): held_box (x lo, hi, y lo, hi) moves the
                                   limits instead, as matplotlib's data limits stay */
  double held_box[4];
  bool patch;                   /* BARS: a patch of its own, not a bar set (seaborn's boxes):
                                   no sticky base, and data-kind "patch" */
} FmtArtist;
/* What matplotlib's rcParams say about how a figure looks (chart_style.c: the defaults),
 * read when an axes is made: each FmtAxes keeps its own copy, as matplotlib's axes read
 * rcParams once. Sizes in points, colours 0xRRGGBB. */
enum { FMT_MAX_CYCLE = 32 };
enum { FMT_MAX_LEGEND_COLS = 64 };
/* The markers drawn: matplotlib's of one letter. */
#define FMT_MARKERS ".,ov^<>12348spP*hH+xXDd|_"
/* No colour: a LINE's marker face (markerfacecolor='none'), a patch's face
 * (facecolor='none'). */
#define FMT_NO_COLOR 0xffffffffu
typedef struct {
  uint32_t figure_face, axes_face;   /* figure.facecolor, axes.facecolor */
  uint32_t edge;                     /* axes.edgecolor: the spines */
  double edge_width;                 /* axes.linewidth */
  bool spines[4];                    /* axes.spines.left, bottom, right, top */
  uint32_t text_color, label_color[2], title_color, tick_color[2]; /* text.color,
                                        axes.labelcolor (x, y: set_xlabel's color=),
                                        axes.titlecolor, xtick.color, ytick.color */
  uint32_t tick_label_color[2];      /* the tick labels' (tick_params' labelcolor) */
  double font_size;                  /* font.size: tight_layout's pads are in it */
  double title_size, label_size[2], tick_label_size[2], legend_size, legend_title_size;
                                     /* label_size: axes.labelsize (x, y: set_xlabel's fontsize=) */
  double suptitle_size;              /* figure.titlesize */
  double tick_size[2], tick_width[2], tick_pad[2];   /* x.major.size, width, pad; y's */
  double minor_size[2], minor_width[2], minor_pad[2]; /* x.minor.size, width, pad; y's */
  char tick_dir[2];                  /* xtick.direction, ytick.direction: 'o' out, 'i' in,
                                        'b' inout */
  bool tick_marks[2];                /* xtick.bottom, ytick.left: the marks drawn */
  bool grid;                         /* axes.grid: a new axes draws its grid */
  char grid_axis;                    /* axes.grid.axis: 'b' both, 'x', 'y' */
  int grid_z;                        /* axes.axisbelow: 0 True (under everything), 1 'line'
                                        (under lines), 2 False (over them) */
  uint32_t grid_color;
  double grid_width, grid_alpha;
  FmtDash grid_dash;
  bool legend_frame;                 /* legend.frameon */
  uint32_t legend_face, legend_edge; /* legend.facecolor ('inherit': the axes'), edgecolor */
  double legend_alpha;               /* legend.framealpha */
  double line_width, marker_size;    /* lines.linewidth, lines.markersize */
  bool patch_edged;                  /* patch.force_edgecolor: bars outlined in patch_edge */
  uint32_t patch_edge;
  double patch_width;                /* patch.linewidth */
  uint32_t cycle[FMT_MAX_CYCLE];     /* axes.prop_cycle's colours */
  int ncycle;
  int cmap;                          /* image.cmap: fmt_cmap_find's index */
} FmtStyle;
/* matplotlib 3.6's defaults (its rcParams with no style sheet). */
FmtStyle fmt_default_style(void);
enum { FMT_LOC_BEST, FMT_LOC_UPPER_RIGHT, FMT_LOC_UPPER_LEFT, FMT_LOC_LOWER_LEFT,
       FMT_LOC_LOWER_RIGHT, FMT_LOC_RIGHT, FMT_LOC_CENTER_LEFT, FMT_LOC_CENTER_RIGHT,
       FMT_LOC_LOWER_CENTER, FMT_LOC_UPPER_CENTER, FMT_LOC_CENTER };
typedef struct FmtAxes {
  FmtArtist **a;                /* owned, in drawing order */
  int n, cap;
  char *title, *xlabel, *ylabel; /* owned, or NULL */
  double title_size;            /* points; 0: matplotlib's 12 */
  double lim[2][2];             /* set_xlim, set_ylim, when has_lim (may be reversed; NaN: auto) */
  bool has_lim[2];
  double log_base[2];           /* set_xscale('log', base=): the base; 0: a linear axis */
  bool grid, legend, off;       /* off: axis('off') */
  bool minor_ticks[2];          /* minorticks_on(): a linear axis k has minor ticks */
  bool minor_grid[2];           /* grid(which='minor' or 'both'): lines at axis k's minor ticks
                                   (a log axis'), in the grid's style */
  bool noticks[2];              /* xticks([]), yticks([]) */
  double *tick_at[2];           /* owned: set_xticks's places, when ntick_at[k] > 0 */
  char **tick_text[2];          /* owned: their labels (each owned), or NULL: the numbers */
  int ntick_at[2];
  double tick_rotation[2];      /* the tick labels' angle (degrees, anticlockwise) */
  char tick_ha[2];              /* the x tick labels' ha= ('l' 'c' 'r'), or 0: centred */
  bool spineless;               /* no frame around the axes (seaborn's heatmap) */
  bool faceless;                /* its face not painted (a twin's; with spineless, a pie's:
                                   set_frame_on(False)) */
  bool y_right;                 /* the y axis' ticks, labels, offset and label at the right
                                   (twinx's) */
  bool despined;                /* only the left and bottom spines (seaborn's despine) */
  struct FmtAxes *share[2];     /* the next axes in the ring of those sharing axis k's limits
                                   (subplots' sharex, sharey, a twin), or NULL: not shared */
  bool inner[2];                /* axis k's tick labels and offset text not drawn: an inner
                                   axes of a shared grid (matplotlib's label_outer) */
  bool label_hidden[2];         /* axis k's label kept but not drawn (seaborn's grids) */
  bool hidden[2];               /* axis k not drawn at all, nor its spine (set_visible(False):
                                   seaborn's corner diagonal); its ticks still computed */
  bool twin;                    /* made by fmt_figure_twin or fmt_figure_add_axes:
                                   fmt_figure_axes never finds it */
  char aspect;                  /* 0: auto; 'b' one data unit as long on both axes by
                                   shrinking the box, 'd' by widening one axis' limits
                                   (set_aspect('equal') with adjustable 'box' or 'datalim') */
  void *host;                   /* the object a host wraps these axes in (borrowed), or NULL:
                                   pyplot gives one Axes object per axes */
  int legend_loc;               /* FMT_LOC_ */
  double legend_anchor[4];      /* bbox_to_anchor in axes fractions: x, y, width, height (a
                                   point: 0 wide and high); the axes when !legend_anchored */
  bool legend_anchored;
  char **legend_labels;         /* owned: legend(labels), naming the artists in order; or NULL */
  char *legend_title;           /* owned, or NULL: the legend's title, above its entries */
  bool legend_handles;          /* the legend's entries are the handle copies alone */
  int legend_cols;              /* legend(ncol=): the entries in that many columns (0: one) */
  int nlegend;
  int next_color, next_patch;   /* the positions of the colour cycles of lines (plot, hist)
                                   and of patches (scatter, bar), as matplotlib keeps two */
  int nrows, ncols, index;      /* its place in the figure's grid (index from 1) */
  int colorbar;                 /* 1 + the index of the image or scatter a colorbar at the
                                   right shows (the axes then gives it room), or 0: none */
  char *cbar_label;             /* owned, or NULL: the colorbar's label */
  FmtStyle style;               /* its figure's when it was made */
} FmtAxes;
/* Where the grid of axes lies (Figure.subplotpars): its edges as fractions of the figure's
 * width and height from the left and the bottom, and the gaps between cells as fractions of
 * a cell's width (wspace) and height (hspace). */
typedef struct {
  double left, right, bottom, top, wspace, hspace;
} FmtSubplotParams;
FmtSubplotParams fmt_default_subplot_params(void);   /* rcParams': 0.125, 0.9, 0.11, 0.88, 0.2 */
typedef struct {
  double w, h;                  /* inches */
  FmtAxes **axes;               /* owned, in creation order */
  int n, cap;
  char *suptitle;               /* owned, or NULL */
  FmtSubplotParams sp;
  bool tight;                   /* layout='tight': tight_layout's room made at every drawing */
  FmtAxes *legend;              /* owned, or NULL: a legend of the figure at its right centre,
                                   without a frame (seaborn's grids), of these axes' artists
                                   (legend_only handles) and legend_title; never drawn as axes */
  FmtStyle style;               /* what its axes are made with (fmt_default_style's, unless
                                   the host sets it) */
} FmtFigure;
FmtFigure *fmt_figure_new(double w, double h);   /* NULL when out of memory */
/* ax's cell of the grid and the box of everything drawn about it (its axes box, tick labels,
 * axis labels, title, colorbar), in pixels from the figure's top left: x0, y0, x1, y1. */
void fmt_axes_extent(const FmtFigure *f, const FmtAxes *ax, double cell[4], double e[4]);
/* tight_layout's arguments: pads in font sizes (10 pt), h_pad between rows and w_pad between
 * columns (NaN: pad); the figure's part (left, bottom, right, top fractions) to fit in. */
typedef struct {
  double pad, h_pad, w_pad, rect[4];
} FmtTight;
/* The subplot parameters with which every axes' decorations fit inside the figure with pad
 * around them and between cells, as matplotlib's tight_layout sets them (chart_tight.c;
 * t NULL: its defaults, pad 1.08). *why is NULL when it found some, else why none fit (*out
 * is then f's own). NNC_ERR_NOMEM when out of memory. */
nnc_status fmt_tight_params(const FmtFigure *f, const FmtTight *t, FmtSubplotParams *out,
                            const char **why);
void fmt_figure_free(FmtFigure *f);
/* The axes at place index of an nrows x ncols grid, made when the figure has none there. */
FmtAxes *fmt_figure_axes(FmtFigure *f, int nrows, int ncols, int index);
/* A new axes in host's place sharing its x axis (k 0) or y axis (k 1), drawn after the
 * axes before it (matplotlib's twinx and twiny); NULL when out of memory. */
FmtAxes *fmt_figure_twin(FmtFigure *f, FmtAxes *host, int k);
/* A new axes at place index of an nrows x ncols grid, over any there (add_subplot);
 * NULL when out of memory. */
FmtAxes *fmt_figure_add_axes(FmtFigure *f, int nrows, int ncols, int index);
/* Takes ax out of the figure (and out of the rings of axes sharing an axis with it) and
 * frees it (Axes.remove); no host object may hold it. */
void fmt_figure_remove(FmtFigure *f, FmtAxes *ax);
/* Joins b's ring of axes sharing axis k to a's (each in none: the two share it). */
void fmt_axes_share(FmtAxes *a, FmtAxes *b, int k);
/* How many entries ax's legend shows. */
int fmt_legend_entries(const FmtAxes *ax);
/* The figure legend's box (pixels): how wide it is, 0 when it has no entries. */
double fmt_figure_legend_width(const FmtFigure *f);
/* An artist of no axes (a legend proxy, a patch made by hand) of n values in style st, as
 * fmt_axes_add makes one, or a polygon as fmt_axes_add_polygon; NULL when out of memory.
 * fmt_axes_adopt appends one to ax (false when out of memory): ax frees it from then on.
 * fmt_artist_free frees one of no axes. */
FmtArtist *fmt_artist_new(const FmtStyle *st, FmtArtistKind kind, int64_t n);
FmtArtist *fmt_polygon_new(const FmtStyle *st, int64_t n, uint32_t color);
bool fmt_axes_adopt(FmtAxes *ax, FmtArtist *a);
void fmt_artist_free(FmtArtist *a);
/* A new artist of n values (arrays zeroed) appended to ax; NULL when out of memory. */
FmtArtist *fmt_axes_add(FmtAxes *ax, FmtArtistKind kind, int64_t n);
/* A filled LINE of n points, its curves y and b all 0, in the colour (fill_between's). */
FmtArtist *fmt_axes_add_fill(FmtAxes *ax, int64_t n, uint32_t color);
/* A copy of how artist `of` looks (none of its data), labelled label, as a legend entry of
 * ax (legend_only, handle_copy); NULL when out of memory. */
FmtArtist *fmt_axes_add_handle(FmtAxes *ax, const FmtArtist *of, const char *label);
/* Removes ax's handle copies (a legend made again). */
void fmt_axes_drop_handles(FmtAxes *ax);
/* A polygon of n corners (a closed filled LINE) in color, as fill_between's area. */
FmtArtist *fmt_axes_add_polygon(FmtAxes *ax, int64_t n, uint32_t color);
uint32_t fmt_axes_next_color(FmtAxes *ax);        /* the lines' cycle (axes.prop_cycle) */
uint32_t fmt_axes_next_patch_color(FmtAxes *ax);  /* the patches' cycle */
uint32_t fmt_axes_cycle_color(const FmtAxes *ax, int i);   /* the cycle's colour i, in turn */
/* The view limits of axis k (0 x, 1 y) as drawn: the data's with 5% margins (held at
 * sticky edges: bar bases, image borders), or set_xlim's (a NaN side stays automatic). */
void fmt_axes_view(const FmtAxes *ax, int k, double out[2]);
uint32_t fmt_tab10(int i);   /* tab10, in turn */
/* A colormap by name, a name ending in _r its reverse; -1: not one nnc has. */
int fmt_cmap_find(const char *name);
/* The colormaps matplotlib.cm names: 0 .. count - 1 (seaborn's own come after them). */
int fmt_cmap_count(void);
const char *fmt_cmap_name(int cmap);             /* without _r */
/* The colour of v on the scale [lo, hi] of colormap cmap (matplotlib's Normalize, clipped). */
uint32_t fmt_cmap_color(int cmap, double v, double lo, double hi);
/* chart_ticks.c: matplotlib's ticks (MaxNLocator with steps 1, 2, 2.5, 5, 10) and their
 * labels (ScalarFormatter) */
enum { FMT_MAX_TICKS = 64 };
/* chart_arrow.c: annotate's arrow ar from a text's box (x0, y0, x1, y1 pixels, y down) to
 * `to` (pixels), as an SVG path's d; pt pixels to a point, scale the head's unit (its text's
 * size, pixels). False when cut and shrunk to nothing. */
bool fmt_arrow_path(const FmtArrow *ar, const double box[4], const double to[2], double pt,
                    double scale, BaseBuf *d);
/* The ticks in view of v0 .. v1 for nbins intervals at most, into out (room for max); how many:
 * MaxNLocator's with steps 1, 2, 2.5, 5, 10 and two ticks at least, or those given (the
 * steps of a power of ten from 1 to 10, up to 16 of them). */
int fmt_locate_ticks(double v0, double v1, int nbins, double *out, int max);
/* AutoMinorLocator's minor ticks in view of lim between the nmajor (two at least) evenly
 * spaced major ones: four or five a step (five for steps of 1, 2.5 and 5 times a power of
 * ten), none where a major tick is; into out (room for max), how many. */
int fmt_auto_minor_ticks(const double *major, int nmajor, const double lim[2], double *out,
                         int max);
int fmt_max_n_locator(double v0, double v1, int nbins, const double *steps, int nsteps,
                      int min_ticks, double *out, int max);
typedef struct {
  double offset;      /* subtracted from each tick, or 0 */
  int oom;            /* the power of ten divided out, or 0 */
  int decimals;
} FmtScalar;
/* How n ticks in view of lim are written. */
FmtScalar fmt_scalar_format(const double *ticks, int n, const double lim[2]);
/* Tick v's label: less the offset, over the power of ten, with f's decimals. */
void fmt_tick_label(char *buf, size_t n, const FmtScalar *f, double v);
/* The offset text ("1e10", "+1e3", "1e-6+1.2345e5", minus as U+2212), or "" for none. */
void fmt_offset_text(char *buf, size_t n, const FmtScalar *f);
/* chart_log.c: a log axis' ticks (matplotlib's LogLocator) and labels
 * (LogFormatterSciNotation). The major ticks in view of lim (both > 0) on an axis of that
 * base, for numticks of them at most (2 .. 9), into out (room for max); how many. */
int fmt_log_ticks(const double lim[2], double base, int numticks, double *out, int max);
/* v on a log axis of that base, as matplotlib's LogTransform takes it (log10 for 10). */
double fmt_log_scale(double v, double base);
/* Its minor ticks in view, none where a major tick is. */
int fmt_log_minor_ticks(const double lim[2], double base, int numticks, double *out, int max);
/* Tick v's label with lim in view: "10^{-2}", "2\times10^{-2}", or "" for none. */
void fmt_log_label(char *buf, size_t n, double base, double v, const double lim[2]);
/* How wide such a label is drawn at size_pt, in pixels at 100 dpi. */
double fmt_log_label_width(const char *label, double size_pt);
/* Such a label as an SVG text's content at size_px pixels: its exponent smaller and raised. */
void fmt_log_label_svg(BaseBuf *s, const char *label, double size_px);
/* How wide s is in DejaVu Sans of size_pt points, in pixels at 100 dpi (kerning aside). */
double fmt_text_width(const char *s, double size_pt);
/* How tall matplotlib measures a line of text for layout, in pixels: its hinted "lp" at 100
 * dpi, 14 px at 10 pt and 15 at 12 pt (the sizes chart.c lays out), 3 below the baseline. */
double fmt_text_height(double size_pt);
/* Sets *out to a new string (base_malloc) holding (or naming) the copy of s; false when out
 * of memory. NULL s gives NULL. */
bool fmt_strdup(const char *s, char **out);
/* The document (owned by the caller: base_buf_free), or NNC_ERR_NOMEM: all of the figure,
 * or with crop >= 0 (savefig's bbox_inches='tight') the box of everything drawn and crop
 * pixels around it. */
nnc_status fmt_figure_svg(const FmtFigure *f, double crop, BaseBuf *out);
/* Writes the document through the safe writer (fmt_write_file). NNC_ERR_IO, NNC_ERR_NOMEM. */
nnc_status fmt_figure_write(const FmtFigure *f, double crop, const char *path);

#endif
