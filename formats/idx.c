/* idx.c — IDX files, the format of MNIST and Fashion-MNIST, plain or gzip.
 *
 * A file is two zero bytes, an element-type byte (0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32,
 * 0x0D f32, 0x0E f64), a rank byte, `rank` big-endian u32 dimensions, then the elements,
 * big-endian, in C order. The elements are converted to the dtype asked for (to I32 by
 * truncation); NNC_IDX_SCALE divides u8 data by 255 so images arrive in [0, 1].
 *
 * Invariant: the dimensions are checked, with overflow-safe arithmetic, against the most the
 * file can hold before the data is read (a plain file's size; for a gzip file, deflate's
 * largest expansion of its size), and against the bytes it actually holds before the tensor
 * is allocated; a header claiming 2^40 elements is NNC_ERR_CORRUPT naming the file and the
 * offset of the data. The data is read only up to what the header announces and a few KB
 * more, so a gzip bomb behind a small header is refused after inflating that much. Offsets
 * in messages count decompressed bytes for a gzip file (the message says so).
 */
#include <string.h>

#include "formats.h"

/* Bytes read past the announced end of the data, so a short surplus is counted exactly. */
#define TRAILING_SEEN 4096

typedef struct {
  const char *path;
  const unsigned char *b;       /* the decompressed file */
  size_t len;
  const char *gz;               /* " (decompressed)" or "" after offsets */
  int type;                     /* the type byte */
  size_t esize;                 /* bytes per element */
  int rank;
  int64_t shape[RT_MAX_RANK];
  size_t data_at;               /* offset of the first element */
} Idx;

static size_t type_size(int type) {
  switch (type) {
  case 0x08: case 0x09: return 1;
  case 0x0B: return 2;
  case 0x0C: case 0x0D: return 4;
  case 0x0E: return 8;
  }
  return 0;
}

static const char *type_name(int type) {
  switch (type) {
  case 0x08: return "u8";
  case 0x09: return "i8";
  case 0x0B: return "i16";
  case 0x0C: return "i32";
  case 0x0D: return "f32";
  case 0x0E: return "f64";
  }
  return "?";
}

static uint64_t be(const unsigned char *p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++)
    v = v << 8 | p[i];
  return v;
}

static double element(int type, const unsigned char *p) {
  uint64_t bits = be(p, type_size(type));
  switch (type) {
  case 0x08: return (double)bits;
  case 0x09: return (double)(int8_t)bits;
  case 0x0B: return (double)(int16_t)bits;
  case 0x0C: return (double)(int32_t)(uint32_t)bits;
  case 0x0D: { uint32_t u = (uint32_t)bits; float f; memcpy(&f, &u, 4); return f; }
  case 0x0E: { double d; memcpy(&d, &bits, 8); return d; }
  }
  return 0;
}

static nnc_status header(Idx *x) {
  if (x->len < 4)
    return base_error(NNC_ERR_CORRUPT, "%s: offset %zu%s: truncated: %zu bytes are too few for an "
                    "IDX header", x->path, x->len, x->gz, x->len);
  if (x->b[0] != 0 || x->b[1] != 0)
    return base_error(NNC_ERR_CORRUPT, "%s: offset 0%s: not an IDX file (magic %02x %02x, expected "
                    "00 00)", x->path, x->gz, x->b[0], x->b[1]);
  x->type = x->b[2];
  x->esize = type_size(x->type);
  if (!x->esize)
    return base_error(NNC_ERR_CORRUPT, "%s: offset 2%s: unknown IDX element type 0x%02x (expected "
                    "08, 09, 0B, 0C, 0D or 0E)", x->path, x->gz, x->type);
  x->rank = x->b[3];
  if (x->rank > RT_MAX_RANK)
    return base_error(NNC_ERR_SHAPE, "%s: offset 3%s: rank %d is above nnc's limit of %d", x->path,
                    x->gz, x->rank, RT_MAX_RANK);
  x->data_at = 4 + 4 * (size_t)x->rank;
  if (x->len < x->data_at)
    return base_error(NNC_ERR_CORRUPT, "%s: offset %zu%s: truncated in the dimensions (rank %d "
                    "needs %zu header bytes)", x->path, x->len, x->gz, x->rank, x->data_at);
  for (int i = 0; i < x->rank; i++)
    x->shape[i] = (int64_t)be(x->b + 4 + 4 * i, 4);
  return NNC_OK;
}

/* The data's byte count as the dimensions claim it (*over: it does not fit 64 bits, or the
 * elements would not fit a tensor of any dtype). */
static uint64_t announced(const Idx *x, bool *over) {
  uint64_t need = x->esize, span = 1; /* span: elements without zero dimensions */
  *over = false;
  for (int i = 0; i < x->rank; i++) {
    uint64_t d = (uint64_t)x->shape[i];
    if (d && span > (uint64_t)INT64_MAX / 16 / d)
      *over = true;
    span = *over ? 0 : span * (d ? d : 1);
    need = *over ? 0 : need * d;
  }
  return need;
}

static const char *dims_text(const Idx *x, char *dims, size_t n) {
  dims[0] = 0;
  for (int i = 0, k = 0; i < x->rank; i++)
    k += snprintf(dims + k, n - (size_t)k, "%s%lld", i ? "x" : "", (long long)x->shape[i]);
  return dims;
}

static nnc_status too_little(const Idx *x, uint64_t need, bool over, const char *holds) {
  char dims[80];
  return base_error(NNC_ERR_CORRUPT, "%s: offset %zu%s: truncated or corrupt: dimensions %s of %s "
                  "need %s%llu bytes of data, %s", x->path, x->data_at, x->gz,
                  dims_text(x, dims, sizeof dims), type_name(x->type), over ? "more than " : "",
                  over ? (unsigned long long)UINT64_MAX : (unsigned long long)need, holds);
}

/* Before the data is read: the announced size against the most the file can hold (its
 * size, or deflate's largest expansion of it), so an absurd header reads nothing more. */
static nnc_status check_room(const Idx *x, const DataStream *d) {
  bool over;
  size_t max = fmt_stream_max(d);
  uint64_t need = announced(x, &over), room = max > x->data_at ? max - x->data_at : 0;
  if (!over && need <= room)
    return NNC_OK;
  char holds[96];
  if (d->fb.gz)
    snprintf(holds, sizeof holds, "more than a gzip file of %zu bytes can inflate to", d->size);
  else
    snprintf(holds, sizeof holds, "the file holds %llu", (unsigned long long)room);
  return too_little(x, need, over, holds);
}

/* After the data is read (up to TRAILING_SEEN bytes past the announced end): the bytes held
 * against the announced size. A plain file's surplus is known from its size. */
static nnc_status check_size(const Idx *x, const DataStream *d) {
  bool over;
  uint64_t need = announced(x, &over), have = x->len - x->data_at;
  char text[96];
  if (need > have) {
    snprintf(text, sizeof text, "the file holds %llu", (unsigned long long)have);
    return too_little(x, need, over, text);
  }
  if (need == have)
    return NNC_OK;
  uint64_t extra = have - need;
  if (!d->fb.gz)
    extra = d->size - x->data_at - need;
  snprintf(text, sizeof text, "%s%llu", d->fb.gz && !d->end ? "at least " : "",
           (unsigned long long)extra);
  char dims[80];
  return base_error(NNC_ERR_CORRUPT, "%s: offset %llu%s: %s trailing bytes after the data "
                  "(dimensions %s of %s)", x->path, (unsigned long long)(x->data_at + need),
                  x->gz, text, dims_text(x, dims, sizeof dims), type_name(x->type));
}

static void convert(const Idx *x, nnc_tensor *t, bool scale) {
  const unsigned char *p = x->b + x->data_at;
  if (x->type == 0x08 && t->dtype == NNC_F32) { /* the common case, kept quick */
    float *d = t->data; /* x / 255 in f64, then rounded: what NumPy's x / 255.0 gives */
    for (int64_t i = 0; i < t->numel; i++)
      d[i] = scale ? (float)(p[i] / 255.0) : (float)p[i];
    return;
  }
  for (int64_t i = 0; i < t->numel; i++) {
    double v = element(x->type, p + (size_t)i * x->esize);
    rt_tensor_set(t, i, scale ? v / 255.0 : v);
  }
}

/* Reads the header (at most its largest size), then the data the header announces and
 * TRAILING_SEEN bytes more: never more of a gzip bomb than the header justifies. */
static nnc_status read_idx(Idx *x, DataStream *d) {
  nnc_status s = fmt_stream_fill(d, 4 + 4 * 255);
  x->b = d->fb.data;
  x->len = d->fb.len;
  x->gz = d->fb.gz ? " (decompressed)" : "";
  if (s == NNC_OK)
    s = header(x);
  if (s == NNC_OK)
    s = check_room(x, d);
  if (s != NNC_OK)
    return s;
  bool over;
  uint64_t upto = x->data_at + announced(x, &over); /* within fmt_stream_max: check_room */
  s = fmt_stream_fill(d, upto < SIZE_MAX - TRAILING_SEEN ? (size_t)upto + TRAILING_SEEN : SIZE_MAX);
  x->b = d->fb.data;
  x->len = d->fb.len;
  return s == NNC_OK ? check_size(x, d) : s;
}

static nnc_status parse(Idx *x, DataStream *d, nnc_dtype want, unsigned flags,
                        nnc_tensor **out) {
  nnc_status s = read_idx(x, d);
  if (s != NNC_OK)
    return s;
  if ((flags & NNC_IDX_SCALE) && x->type != 0x08)
    return base_error(NNC_ERR_ARG, "%s: NNC_IDX_SCALE applies to u8 data; the file holds %s",
                    x->path, type_name(x->type));
  s = rt_tensor_alloc(want, x->rank, x->shape, out);
  if (s == NNC_OK)
    convert(x, *out, flags & NNC_IDX_SCALE);
  return s;
}

nnc_status nnc_tensor_load_idx(const char *path, nnc_dtype want, unsigned flags,
                               nnc_tensor **out) {
  if (!out)
    return base_error(NNC_ERR_ARG, "nnc_tensor_load_idx: out is NULL");
  *out = NULL;
  if (!path)
    return base_error(NNC_ERR_ARG, "nnc_tensor_load_idx: path is NULL");
  if (!rt_dtype_ok(want))
    return base_error(NNC_ERR_ARG, "nnc_tensor_load_idx: %s: unknown dtype %d", path, (int)want);
  if (flags & ~NNC_IDX_SCALE)
    return base_error(NNC_ERR_ARG, "nnc_tensor_load_idx: %s: unknown flags 0x%x", path, flags);
  DataStream d;
  nnc_status s = fmt_stream_open(path, &d);
  if (s == NNC_OK) {
    Idx x = {.path = path};
    s = parse(&x, &d, want, flags, out);
  }
  fmt_stream_close(&d);
  return s;
}

nnc_status nnc_tensor_load_idx_in(nnc_context *c, const char *path, nnc_dtype want,
                                  unsigned flags, nnc_tensor **out) {
  if (out)
    *out = NULL;
  if (c && base_context_check(c, __func__) != NNC_OK)
    return NNC_ERR_ARG;
  const nnc_context *was = base_context_swap(c); /* as nnc_tensor_load_in (npy.c) */
  nnc_status s = nnc_tensor_load_idx(path, want, flags, out);
  base_context_swap(was);
  return s;
}
