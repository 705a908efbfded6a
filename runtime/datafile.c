/* datafile.c — whole data files in memory, plain or gzip, and the choice of a reader by name.
 *
 * rt_read_all reads a file through zlib's gz* functions, which pass plain files through
 * unchanged and inflate gzip ones (magic 1f 8b), so every reader parses one in-memory byte
 * buffer and reports offsets into the decompressed stream. Invariant: the buffer only ever
 * grows to hold bytes that were actually read, so nothing larger than what the file backs
 * is allocated, whatever its contents claim. A directory, a missing file, a truncated or
 * corrupt gzip stream each give a message naming the file.
 *
 * nnc_tensor_load (npy.c) asks rt_data_claims first, so .csv, .csv.gz, .idx, .idx.gz,
 * -ubyte and -ubyte.gz files reach their readers and everything else stays .npy.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "runtime.h"

void rt_file_bytes_free(FileBytes *fb) {
  if (!fb)
    return;
  ir_free(fb->data);
  fb->data = NULL;
  fb->len = 0;
}

nnc_status rt_file_size(const char *path, size_t *size) {
  struct stat st;
  if (stat(path, &st) != 0)
    return ir_error(NNC_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
  if (S_ISDIR(st.st_mode))
    return ir_error(NNC_ERR_IO, "%s: cannot read: it is a directory", path);
  *size = st.st_size > 0 ? (size_t)st.st_size : 0;
  return NNC_OK;
}

/* Makes room for at least `more` bytes after fb->len (plus the NUL): exactly that much the
 * first time, doubling afterwards. */
static nnc_status grow(const char *path, FileBytes *fb, size_t *cap, size_t more) {
  if (fb->len + more + 1 <= *cap)
    return NNC_OK;
  if (more > SIZE_MAX / 4 || fb->len > SIZE_MAX / 4)
    return ir_error(NNC_ERR_NOMEM, "%s: the file is too large for this machine", path);
  size_t want = *cap ? 2 * *cap : 0;
  if (want < fb->len + more + 1)
    want = fb->len + more + 1;
  unsigned char *p = ir_realloc(fb->data, want);
  if (!p)
    return ir_error(NNC_ERR_NOMEM, "%s: out of memory after %zu bytes", path, fb->len);
  fb->data = p;
  *cap = want;
  return NNC_OK;
}

/* A gzread failure, or a stream that ended early, as one message. */
static nnc_status gz_failure(gzFile gz, const char *path, size_t at) {
  int code;
  const char *why = gzerror(gz, &code);
  if (code == Z_ERRNO)
    return ir_error(NNC_ERR_IO, "%s: read error after %zu bytes: %s", path, at, strerror(errno));
  if (code == Z_MEM_ERROR)
    return ir_error(NNC_ERR_NOMEM, "%s: out of memory inflating the gzip stream", path);
  return ir_error(NNC_ERR_CORRUPT, "%s: offset %zu (decompressed): bad gzip stream: %s", path,
                  at, why && *why ? why : "unexpected end of file");
}

/* Reads until a short read. The first buffer holds a plain file of `size` bytes and one
 * more, so a plain file is read with one exact allocation; a gzip stream grows it. */
static nnc_status read_stream(gzFile gz, const char *path, size_t size, FileBytes *fb) {
  size_t cap = 0, first = size + 1;
  for (;;) {
    nnc_status s = grow(path, fb, &cap, cap ? 1 : first);
    if (s != NNC_OK)
      return s;
    size_t room = cap - fb->len - 1;
    if (room > (1u << 30))
      room = 1u << 30;
    int got = gzread(gz, fb->data + fb->len, (unsigned)room);
    if (got < 0)
      return gz_failure(gz, path, fb->len);
    fb->len += (size_t)got;
    if ((size_t)got < room)
      break;
  }
  int code;
  gzerror(gz, &code);
  if (code != Z_OK)
    return gz_failure(gz, path, fb->len);
  fb->gz = gzdirect(gz) == 0;
  fb->data[fb->len] = 0;
  return NNC_OK;
}

nnc_status rt_read_all(const char *path, FileBytes *out) {
  *out = (FileBytes){0};
  size_t size;
  nnc_status s = rt_file_size(path, &size);
  if (s != NNC_OK)
    return s;
  gzFile gz = gzopen(path, "rb");
  if (!gz)
    return errno ? ir_error(NNC_ERR_IO, "%s: cannot open: %s", path, strerror(errno))
                 : ir_error(NNC_ERR_NOMEM, "%s: out of memory opening the file", path);
  s = read_stream(gz, path, size, out);
  gzclose_r(gz);
  if (s != NNC_OK)
    rt_file_bytes_free(out);
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

bool rt_data_claims(const char *path) {
  return path && (is_csv(path) || is_idx(path));
}

nnc_status rt_data_load(const char *path, nnc_dtype want, nnc_tensor **out) {
  if (is_csv(path))
    return nnc_tensor_load_csv(path, want, NNC_CSV_HEADER_AUTO, out);
  return nnc_tensor_load_idx(path, want, 0, out);
}
