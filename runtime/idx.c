/* idx.c — IDX files, the format of MNIST and Fashion-MNIST, plain or gzip.
 *
 * A file is two zero bytes, an element-type byte (0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32,
 * 0x0D f32, 0x0E f64), a rank byte, `rank` big-endian u32 dimensions, then the elements,
 * big-endian, in C order. The elements are converted to the dtype asked for (to I32 by
 * truncation); NNC_IDX_SCALE divides u8 data by 255 so images arrive in [0, 1].
 *
 * Invariant: the dimensions are checked against the bytes the file actually holds, with
 * overflow-safe arithmetic, before the tensor is allocated; a header claiming 2^40 elements
 * is NNC_ERR_CORRUPT naming the file and the offset of the data. Offsets in messages count
 * decompressed bytes for a gzip file (the message says so).
 */
#include <string.h>

#include "runtime.h"

typedef struct {
  const char *path;
  const unsigned char *b;       /* the decompressed file */
  size_t len;
  const char *gz;               /* " (decompressed)" or "" after offsets */
  int type;                     /* the type byte */
  size_t esize;                 /* bytes per element */
  int rank;
  int64_t shape[IR_MAX_RANK];
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
    return ir_error(NNC_ERR_CORRUPT, "%s: offset %zu%s: truncated: %zu bytes are too few for an "
                    "IDX header", x->path, x->len, x->gz, x->len);
  if (x->b[0] != 0 || x->b[1] != 0)
    return ir_error(NNC_ERR_CORRUPT, "%s: offset 0%s: not an IDX file (magic %02x %02x, expected "
                    "00 00)", x->path, x->gz, x->b[0], x->b[1]);
  x->type = x->b[2];
  x->esize = type_size(x->type);
  if (!x->esize)
    return ir_error(NNC_ERR_CORRUPT, "%s: offset 2%s: unknown IDX element type 0x%02x (expected "
                    "08, 09, 0B, 0C, 0D or 0E)", x->path, x->gz, x->type);
  x->rank = x->b[3];
  if (x->rank > IR_MAX_RANK)
    return ir_error(NNC_ERR_SHAPE, "%s: offset 3%s: rank %d is above nnc's limit of %d", x->path,
                    x->gz, x->rank, IR_MAX_RANK);
  x->data_at = 4 + 4 * (size_t)x->rank;
  if (x->len < x->data_at)
    return ir_error(NNC_ERR_CORRUPT, "%s: offset %zu%s: truncated in the dimensions (rank %d "
                    "needs %zu header bytes)", x->path, x->len, x->gz, x->rank, x->data_at);
  for (int i = 0; i < x->rank; i++)
    x->shape[i] = (int64_t)be(x->b + 4 + 4 * i, 4);
  return NNC_OK;
}

/* The data's byte count as the dimensions claim it, against what the file holds. */
static nnc_status check_size(const Idx *x) {
  uint64_t need = x->esize, have = x->len - x->data_at;
  uint64_t span = 1; /* elements without zero dimensions: a tensor of any dtype must hold it */
  bool over = false;
  for (int i = 0; i < x->rank; i++) {
    uint64_t d = (uint64_t)x->shape[i];
    if (d && span > (uint64_t)INT64_MAX / 16 / d)
      over = true;
    span = over ? 0 : span * (d ? d : 1);
    need = over ? 0 : need * d;
  }
  char dims[80] = "";
  for (int i = 0, k = 0; i < x->rank; i++)
    k += snprintf(dims + k, sizeof dims - (size_t)k, "%s%lld", i ? "x" : "",
                  (long long)x->shape[i]);
  if (over || need > have)
    return ir_error(NNC_ERR_CORRUPT, "%s: offset %zu%s: truncated or corrupt: dimensions %s of %s "
                    "need %s%llu bytes of data, the file holds %llu", x->path, x->data_at, x->gz,
                    dims, type_name(x->type), over ? "more than " : "",
                    over ? (unsigned long long)UINT64_MAX : (unsigned long long)need,
                    (unsigned long long)have);
  if (need < have)
    return ir_error(NNC_ERR_CORRUPT, "%s: offset %llu%s: %llu trailing bytes after the data "
                    "(dimensions %s of %s)", x->path, (unsigned long long)(x->data_at + need),
                    x->gz, (unsigned long long)(have - need), dims, type_name(x->type));
  return NNC_OK;
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

static nnc_status parse(Idx *x, nnc_dtype want, unsigned flags, nnc_tensor **out) {
  nnc_status s = header(x);
  if (s == NNC_OK)
    s = check_size(x);
  if (s != NNC_OK)
    return s;
  if ((flags & NNC_IDX_SCALE) && x->type != 0x08)
    return ir_error(NNC_ERR_ARG, "%s: NNC_IDX_SCALE applies to u8 data; the file holds %s",
                    x->path, type_name(x->type));
  s = rt_tensor_alloc(want, x->rank, x->shape, out);
  if (s == NNC_OK)
    convert(x, *out, flags & NNC_IDX_SCALE);
  return s;
}

nnc_status nnc_tensor_load_idx(const char *path, nnc_dtype want, unsigned flags,
                               nnc_tensor **out) {
  if (!out)
    return ir_error(NNC_ERR_ARG, "nnc_tensor_load_idx: out is NULL");
  *out = NULL;
  if (!path)
    return ir_error(NNC_ERR_ARG, "nnc_tensor_load_idx: path is NULL");
  if (!rt_dtype_ok(want))
    return ir_error(NNC_ERR_ARG, "nnc_tensor_load_idx: %s: unknown dtype %d", path, (int)want);
  if (flags & ~NNC_IDX_SCALE)
    return ir_error(NNC_ERR_ARG, "nnc_tensor_load_idx: %s: unknown flags 0x%x", path, flags);
  FileBytes fb;
  nnc_status s = rt_read_all(path, &fb);
  if (s != NNC_OK)
    return s;
  Idx x = {.path = path, .b = fb.data, .len = fb.len, .gz = fb.gz ? " (decompressed)" : ""};
  s = parse(&x, want, flags, out);
  rt_file_bytes_free(&fb);
  return s;
}
