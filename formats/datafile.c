/* datafile.c — data files opened safely, read whole or in steps, plain or gzip, and the
 * choice of a reader by name.
 *
 * fmt_file_open is the one door every reader of outside files goes through (.npy, CSV, IDX,
 * safetensors, weights, checkpoints): it accepts regular files only. A directory, a FIFO, a
 * character device such as /dev/zero or /dev/urandom, a socket would otherwise block in
 * open() (a FIFO without a writer) or feed bytes forever; each is refused with a message
 * naming the file and what it is. The path is checked with stat() before it is opened, so
 * no device is ever opened, and opened with O_NONBLOCK and checked again with fstat(), so a
 * file swapped for a FIFO in between cannot block either.
 *
 * A DataStream reads through zlib's gz* functions, which pass plain files through unchanged
 * and inflate gzip ones (magic 1f 8b), so every reader parses one in-memory byte buffer and
 * reports offsets into the decompressed stream. Invariant: the buffer only ever grows to
 * hold bytes that were actually read, and never past what the reader asked for, so nothing
 * larger than what the file backs is allocated, whatever its contents claim. A reader whose
 * header announces its size (IDX) reads the header, checks the announced size against
 * fmt_stream_max, then reads at most one byte more than announced: a gzip bomb is refused
 * after inflating that much, not all of it. fmt_read_all reads the whole stream.
 *
 * nnc_tensor_load (npy.c) asks fmt_claims first, so .csv, .csv.gz, .idx, .idx.gz,
 * -ubyte and -ubyte.gz files reach their readers and everything else stays .npy.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "formats.h"

/* Deflate's largest expansion: one 2-bit code per 258-byte match, about 1032 to 1. */
#define GZ_MAX_RATIO 1032

void fmt_file_bytes_free(FileBytes *fb) {
  if (!fb)
    return;
  base_free(fb->data);
  fb->data = NULL;
  fb->len = 0;
}

static const char *kind_of(mode_t m) {
  if (S_ISDIR(m))
    return "a directory";
  if (S_ISFIFO(m))
    return "a FIFO (named pipe)";
  if (S_ISCHR(m))
    return "a character device";
  if (S_ISBLK(m))
    return "a block device";
  if (S_ISSOCK(m))
    return "a socket";
  return "a special file";
}

static nnc_status not_regular(const char *path, mode_t m) {
  return base_error(NNC_ERR_IO, "%s: cannot read: it is %s, not a regular file", path, kind_of(m));
}

/* ---- the files a run read: the nnc command's, so it never writes over one ---- */

typedef struct {
  dev_t dev;
  ino_t ino;
} FileId;
static bool tracking;
static FileId *inputs;          /* every file opened since fmt_inputs_track (base_realloc'd) */
static int ninputs, capinputs;

void fmt_inputs_track(void) {
  tracking = true;
}

static bool is_input_id(dev_t dev, ino_t ino) {
  for (int i = 0; i < ninputs; i++)
    if (inputs[i].dev == dev && inputs[i].ino == ino)
      return true;
  return false;
}

/* Best effort: a failed allocation only leaves the file out of the list. */
static void note_input(const struct stat *st) {
  if (!tracking || is_input_id(st->st_dev, st->st_ino))
    return;
  if (ninputs == capinputs) {
    int cap = capinputs ? 2 * capinputs : 16;
    FileId *p = base_realloc(inputs, (size_t)cap * sizeof *p);
    if (!p)
      return;
    inputs = p;
    capinputs = cap;
  }
  inputs[ninputs++] = (FileId){st->st_dev, st->st_ino};
}

bool fmt_is_input(const char *path) {
  struct stat st;
  return tracking && stat(path, &st) == 0 && is_input_id(st.st_dev, st.st_ino);
}

/* Opens a regular file for reading as a descriptor; its size in *size. */
static nnc_status open_fd(const char *path, int *fd, size_t *size) {
  struct stat st;
  *fd = -1;
  if (stat(path, &st) != 0)
    return base_error(NNC_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
  if (!S_ISREG(st.st_mode))
    return not_regular(path, st.st_mode);
  int d = open(path, O_RDONLY | O_NONBLOCK); /* O_NONBLOCK: a FIFO put here since stat */
  if (d < 0)
    return base_error(NNC_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
  nnc_status s = NNC_OK;
  if (fstat(d, &st) != 0)
    s = base_error(NNC_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
  else if (!S_ISREG(st.st_mode))
    s = not_regular(path, st.st_mode);
  if (s != NNC_OK) {
    close(d);
    return s;
  }
  *fd = d;
  *size = st.st_size > 0 ? (size_t)st.st_size : 0;
  note_input(&st);
  return NNC_OK;
}

nnc_status fmt_file_open(const char *path, FILE **f, size_t *size) {
  int fd;
  size_t n;
  *f = NULL;
  nnc_status s = open_fd(path, &fd, size ? size : &n);
  if (s != NNC_OK)
    return s;
  if (!(*f = fdopen(fd, "rb"))) {
    s = base_error(NNC_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    close(fd);
  }
  return s;
}

/* Makes room for bytes up to offset `upto` (plus the NUL): at least the file's size and one
 * more (so one read sees a plain file's end), doubling when that is not enough (a gzip
 * stream), never past `upto`. */
static nnc_status grow(DataStream *d, size_t upto) {
  FileBytes *fb = &d->fb;
  if (fb->len + 1 < d->cap)
    return NNC_OK;
  if (d->cap > SIZE_MAX / 4 || d->size > SIZE_MAX / 4)
    return base_error(NNC_ERR_NOMEM, "%s: the file is too large for this machine", d->path);
  size_t want = 2 * d->cap;
  if (want < d->size + 2)
    want = d->size + 2;
  if (want > upto + 1)
    want = upto + 1;
  unsigned char *p = base_realloc(fb->data, want);
  if (!p)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory after %zu bytes", d->path, fb->len);
  fb->data = p;
  d->cap = want;
  return NNC_OK;
}

/* A gzread failure, or a stream that ended early, as one message. */
static nnc_status gz_failure(gzFile gz, const char *path, size_t at) {
  int code;
  const char *why = gzerror(gz, &code);
  if (code == Z_ERRNO)
    return base_error(NNC_ERR_IO, "%s: read error after %zu bytes: %s", path, at, strerror(errno));
  if (code == Z_MEM_ERROR)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory inflating the gzip stream", path);
  return base_error(NNC_ERR_CORRUPT, "%s: offset %zu (decompressed): bad gzip stream: %s", path,
                  at, why && *why ? why : "unexpected end of file");
}

nnc_status fmt_stream_open(const char *path, DataStream *d) {
  *d = (DataStream){.path = path};
  int fd;
  nnc_status s = open_fd(path, &fd, &d->size);
  if (s != NNC_OK)
    return s;
  if (!(d->gz = gzdopen(fd, "rb"))) {
    close(fd);
    return base_error(NNC_ERR_NOMEM, "%s: out of memory opening the file", path);
  }
  return NNC_OK;
}

nnc_status fmt_stream_fill(DataStream *d, size_t upto) {
  if (upto == SIZE_MAX)
    upto--; /* room for the NUL */
  FileBytes *fb = &d->fb;
  while (!d->end && fb->len < upto) {
    nnc_status s = grow(d, upto);
    if (s != NNC_OK)
      return s;
    size_t room = d->cap - fb->len - 1;
    if (room > (1u << 30))
      room = 1u << 30;
    int got = gzread(d->gz, fb->data + fb->len, (unsigned)room);
    if (got < 0)
      return gz_failure(d->gz, d->path, fb->len);
    fb->len += (size_t)got;
    fb->data[fb->len] = 0;
    fb->gz = gzdirect(d->gz) == 0;
    d->end = (size_t)got < room;
  }
  int code;
  gzerror(d->gz, &code);
  if (d->end && code != Z_OK)
    return gz_failure(d->gz, d->path, fb->len);
  return NNC_OK;
}

size_t fmt_stream_max(const DataStream *d) {
  if (!d->fb.gz)
    return d->size;
  return d->size > SIZE_MAX / GZ_MAX_RATIO ? SIZE_MAX : d->size * GZ_MAX_RATIO;
}

void fmt_stream_close(DataStream *d) {
  if (d->gz)
    gzclose_r(d->gz);
  d->gz = NULL;
  fmt_file_bytes_free(&d->fb);
}

nnc_status fmt_read_all(const char *path, FileBytes *out) {
  *out = (FileBytes){0};
  DataStream d;
  nnc_status s = fmt_stream_open(path, &d);
  if (s == NNC_OK)
    s = fmt_stream_fill(&d, SIZE_MAX);
  if (s == NNC_OK) {
    *out = d.fb;
    d.fb = (FileBytes){0};
  }
  fmt_stream_close(&d);
  return s;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

static bool is_csv(const char *path) {
  return ends_with(path, ".csv") || ends_with(path, ".csv.gz");
}

static bool is_idx(const char *path) {
  return ends_with(path, "-ubyte") || ends_with(path, "-ubyte.gz") || ends_with(path, ".idx") ||
         ends_with(path, ".idx.gz");
}

bool fmt_claims(const char *path) {
  return path && (is_csv(path) || is_idx(path));
}

/* Longest suffix first: ".weights.h5" before ".h5". Matched without regard to case, so
 * "M.KERAS" promises what "m.keras" does. */
const char *fmt_name_promises(const char *path) {
  static const char *const ext[][2] = {
      {".safetensors", "safetensors"}, {".weights.h5", "Keras's weights layout in HDF5"},
      {".h5", "HDF5"}, {".hdf5", "HDF5"}, {".keras", "a Keras zip archive"}, {".npy", ".npy"},
      {".npz", ".npz"}, {".pt", "PyTorch"}, {".pth", "PyTorch"}, {".onnx", "ONNX"},
      {".csv", "CSV"}, {".json", "JSON"}, {".pb", "TensorFlow"}, {".ckpt", "TensorFlow"},
  };
  size_t n = path ? strlen(path) : 0;
  for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
    size_t k = strlen(ext[i][0]);
    if (n > k && strcasecmp(path + n - k, ext[i][0]) == 0)
      return ext[i][1];
  }
  return NULL;
}

nnc_status fmt_load(const char *path, nnc_dtype want, nnc_tensor **out) {
  if (is_csv(path))
    return nnc_tensor_load_csv(path, want, NNC_CSV_HEADER_AUTO, out);
  return nnc_tensor_load_idx(path, want, 0, out);
}

nnc_status fmt_write_file(const char *path, const void *bytes, size_t n) {
  FmtOut o;
  nnc_status s = fmt_out_open(&o, path);
  if (s != NNC_OK)
    return s;
  fwrite(bytes, 1, n, o.f); /* a short write sets the stream's error, which the commit reports */
  s = fmt_out_commit(&o);
  fmt_out_close(&o);
  return s;
}
