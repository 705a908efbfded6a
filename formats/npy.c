/* npy.c — NumPy's .npy format: read (versions 1.0, 2.0, 3.0) and write (1.0).
 *
 * A file is the magic "\x93NUMPY", a major and minor version byte, the header length
 * (u16 in v1, u32 in v2/v3, little-endian), a Python dict literal such as
 * {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), } and the raw elements in C
 * order. Two layers: fmt_npy_open/read/write handle raw files of any rank up to 32 and the
 * descrs <f4 <f8 |u1 <i4 <i8 |b1 (u1 also as <u1 or u1, b1 as <b1 or b1), in C or
 * Fortran order (the raw layer says which), for ndarray's np.load and np.save; nnc_tensor_load and nnc_tensor_save sit on them, taking rank 4 at
 * most and every descr but |b1, and converting the data to the dtype asked for.
 * Invariants: every error names the file and a byte offset; nothing is allocated before
 * the file's size is known to back it (a header that claims more data than the file holds
 * is NNC_ERR_CORRUPT before any data buffer exists). The host is assumed little-endian,
 * like every machine nnc's codegen targets; a big-endian host is refused rather than
 * misread. Saving writes a temporary file and renames it over the path.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"

typedef struct {
  const char *path;
  const char *text;     /* the header dict, not NUL-terminated */
  size_t len, pos;      /* pos: index into text */
  long base;            /* file offset of text[0] */
  bool have_descr, have_order, have_shape;
  FmtNpyType type;
  long descr_at, shape_at; /* file offsets of the descr string and the shape */
  bool fortran;
  int rank;
  int64_t shape[FMT_NPY_MAXDIM];
} Header;

static nnc_status corrupt(const Header *h, const char *what) {
  return base_error(NNC_ERR_CORRUPT, "%s: offset %ld: bad .npy header: %s", h->path,
                  h->base + (long)h->pos, what);
}

static void skip_ws(Header *h) {
  while (h->pos < h->len && (h->text[h->pos] == ' ' || h->text[h->pos] == '\t' ||
                             h->text[h->pos] == '\n' || h->text[h->pos] == '\r'))
    h->pos++;
}

static bool eat(Header *h, char c) {
  skip_ws(h);
  if (h->pos < h->len && h->text[h->pos] == c) {
    h->pos++;
    return true;
  }
  return false;
}

/* A quoted string into buf (at most n-1 chars). */
static nnc_status read_string(Header *h, char *buf, size_t n) {
  skip_ws(h);
  if (h->pos >= h->len || (h->text[h->pos] != '\'' && h->text[h->pos] != '"'))
    return corrupt(h, "expected a quoted string");
  char q = h->text[h->pos++];
  size_t k = 0;
  while (h->pos < h->len && h->text[h->pos] != q) {
    if (k + 1 >= n)
      return corrupt(h, "string too long");
    buf[k++] = h->text[h->pos++];
  }
  if (h->pos >= h->len)
    return corrupt(h, "unterminated string");
  h->pos++;
  buf[k] = 0;
  return NNC_OK;
}

static nnc_status read_descr(Header *h) {
  char d[32];
  skip_ws(h);
  size_t at = h->pos;
  h->descr_at = h->base + (long)at;
  nnc_status s = read_string(h, d, sizeof d);
  if (s != NNC_OK)
    return s;
  static const struct { const char *s; FmtNpyType t; } known[] = {
      {"<f4", FMT_NPY_F4}, {"<f8", FMT_NPY_F8}, {"|u1", FMT_NPY_U1}, {"<u1", FMT_NPY_U1},
      {"u1", FMT_NPY_U1}, {"<i4", FMT_NPY_I4}, {"<i8", FMT_NPY_I8}, {"|b1", FMT_NPY_B1},
      {"<b1", FMT_NPY_B1}, {"b1", FMT_NPY_B1},
  };
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (strcmp(d, known[i].s) == 0) {
      h->type = known[i].t;
      return NNC_OK;
    }
  h->pos = at;
  for (char *c = d; *c; c++) /* the message stays one printable line */
    if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e)
      *c = '?';
  return base_error(NNC_ERR_TYPE, "%s: offset %ld: unsupported dtype '%s' (nnc reads <f4, <f8, "
                  "|u1, <i4, <i8, and |b1 into arrays)", h->path, h->base + (long)at, d);
}

static nnc_status read_bool(Header *h, bool *out) {
  skip_ws(h);
  const char *p = h->text + h->pos;
  size_t left = h->len - h->pos;
  if (left >= 4 && memcmp(p, "True", 4) == 0) {
    h->pos += 4;
    *out = true;
  } else if (left >= 5 && memcmp(p, "False", 5) == 0) {
    h->pos += 5;
    *out = false;
  } else {
    return corrupt(h, "expected True or False");
  }
  return NNC_OK;
}

static nnc_status read_int(Header *h, int64_t *out) {
  skip_ws(h);
  int64_t v = 0;
  size_t start = h->pos;
  while (h->pos < h->len && h->text[h->pos] >= '0' && h->text[h->pos] <= '9') {
    int d = h->text[h->pos] - '0';
    if (v > (INT64_MAX - d) / 10)
      return corrupt(h, "dimension too large");
    v = v * 10 + d;
    h->pos++;
  }
  if (h->pos == start)
    return corrupt(h, "expected a non-negative integer dimension");
  if (h->pos < h->len && h->text[h->pos] == 'L')
    h->pos++; /* Python 2 long */
  *out = v;
  return NNC_OK;
}

static nnc_status read_shape(Header *h) {
  skip_ws(h);
  h->shape_at = h->base + (long)h->pos;
  if (!eat(h, '('))
    return corrupt(h, "expected '(' to open the shape");
  h->rank = 0;
  while (!eat(h, ')')) {
    if (h->rank == FMT_NPY_MAXDIM)
      return base_error(NNC_ERR_SHAPE, "%s: offset %ld: shape has more than %d dimensions",
                      h->path, h->base + (long)h->pos, FMT_NPY_MAXDIM);
    nnc_status s = read_int(h, &h->shape[h->rank++]);
    if (s != NNC_OK)
      return s;
    if (!eat(h, ',')) {
      if (!eat(h, ')'))
        return corrupt(h, "expected ',' or ')' in the shape");
      break;
    }
  }
  return NNC_OK;
}

static nnc_status read_entry(Header *h) {
  char key[32];
  nnc_status s = read_string(h, key, sizeof key);
  if (s != NNC_OK)
    return s;
  if (!eat(h, ':'))
    return corrupt(h, "expected ':' after a key");
  if (strcmp(key, "descr") == 0 && !h->have_descr) {
    h->have_descr = true;
    return read_descr(h);
  }
  if (strcmp(key, "fortran_order") == 0 && !h->have_order) {
    h->have_order = true;
    return read_bool(h, &h->fortran);
  }
  if (strcmp(key, "shape") == 0 && !h->have_shape) {
    h->have_shape = true;
    return read_shape(h);
  }
  return corrupt(h, "unknown or repeated key");
}

static nnc_status parse_dict(Header *h) {
  if (!eat(h, '{'))
    return corrupt(h, "expected '{'");
  while (!eat(h, '}')) {
    nnc_status s = read_entry(h);
    if (s != NNC_OK)
      return s;
    if (!eat(h, ',')) {
      if (!eat(h, '}'))
        return corrupt(h, "expected ',' or '}'");
      break;
    }
  }
  skip_ws(h);
  if (h->pos != h->len)
    return corrupt(h, "trailing characters after the dict");
  if (!h->have_descr || !h->have_order || !h->have_shape)
    return corrupt(h, "the dict lacks 'descr', 'fortran_order' or 'shape'");
  return NNC_OK;
}

size_t fmt_npy_size(FmtNpyType t) {
  static const size_t sizes[] = {[FMT_NPY_B1] = 1, [FMT_NPY_U1] = 1, [FMT_NPY_I4] = 4,
                                 [FMT_NPY_I8] = 8, [FMT_NPY_F4] = 4, [FMT_NPY_F8] = 8};
  return sizes[t];
}

static double npy_get(FmtNpyType t, const unsigned char *p) {
  switch (t) {
  case FMT_NPY_F4: { float v; memcpy(&v, p, 4); return v; }
  case FMT_NPY_F8: { double v; memcpy(&v, p, 8); return v; }
  case FMT_NPY_U1: return *p;
  case FMT_NPY_B1: return *p != 0;
  case FMT_NPY_I4: { int32_t v; memcpy(&v, p, 4); return v; }
  case FMT_NPY_I8: { int64_t v; memcpy(&v, p, 8); return (double)v; }
  }
  return 0;
}

static bool same_type(FmtNpyType t, nnc_dtype d) {
  return (t == FMT_NPY_F4 && d == NNC_F32) || (t == FMT_NPY_F8 && d == NNC_F64) ||
         (t == FMT_NPY_I4 && d == NNC_I32);
}

/* Reads the preamble and header dict of f (of `size` bytes) into h; *data_at is where the
 * elements begin. The header buffer is bounded by the file size before it is allocated. */
static nnc_status read_header(FILE *f, long size, Header *h, long *data_at) {
  unsigned char pre[12];
  if (size < 10 || fread(pre, 1, 10, f) != 10)
    return base_error(NNC_ERR_CORRUPT, "%s: offset 0: file too short for a .npy preamble (%ld bytes)",
                    h->path, size);
  if (memcmp(pre, "\x93NUMPY", 6) != 0)
    return base_error(NNC_ERR_CORRUPT, "%s: offset 0: not a .npy file (bad magic)", h->path);
  int major = pre[6];
  if (major < 1 || major > 3)
    return base_error(NNC_ERR_CORRUPT, "%s: offset 6: unsupported .npy version %d.%d", h->path,
                    major, pre[7]);
  size_t hlen = (size_t)pre[8] | (size_t)pre[9] << 8;
  long at = 10;
  if (major >= 2) {
    if (size < 12 || fread(pre + 10, 1, 2, f) != 2)
      return base_error(NNC_ERR_CORRUPT, "%s: offset 10: truncated header length", h->path);
    hlen |= (size_t)pre[10] << 16 | (size_t)pre[11] << 24;
    at = 12;
  }
  if ((long long)hlen > (long long)size - at)
    return base_error(NNC_ERR_CORRUPT, "%s: offset %ld: header length %zu runs past the end of "
                    "the file (%ld bytes)", h->path, at - (major >= 2 ? 4 : 2), hlen, size);
  char *text = base_malloc(hlen);
  if (!text)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory for a %zu-byte header", h->path, hlen);
  if (fread(text, 1, hlen, f) != hlen) {
    base_free(text);
    return base_error(NNC_ERR_IO, "%s: offset %ld: read error in the header", h->path, at);
  }
  h->text = text;
  h->len = hlen;
  h->base = at;
  nnc_status s = parse_dict(h);
  base_free(text);
  h->text = NULL;
  *data_at = at + (long)hlen;
  return s;
}

/* The element count the header claims, checked against the bytes the file holds. */
static nnc_status check_size(const Header *h, long size, long data_at, int64_t *numel) {
  int64_t n = 1, span = 1; /* span: the product without zero dimensions, as tensors check it */
  for (int i = 0; i < h->rank; i++) {
    if (h->shape[i] && span > INT64_MAX / 16 / h->shape[i])
      return base_error(NNC_ERR_CORRUPT, "%s: offset %ld: the shape's element count overflows",
                      h->path, h->base);
    span *= h->shape[i] ? h->shape[i] : 1;
    n *= h->shape[i];
  }
  int64_t need = n * (int64_t)fmt_npy_size(h->type), have = size - data_at;
  if (need != have)
    return base_error(NNC_ERR_CORRUPT, "%s: offset %ld: the header's shape needs %lld bytes of "
                    "data, the file holds %lld%s", h->path, data_at, (long long)need,
                    (long long)have, need > have ? " (truncated)" : " (trailing bytes)");
  *numel = n;
  return NNC_OK;
}

static bool little_endian(void) {
  uint16_t one = 1;
  unsigned char b;
  memcpy(&b, &one, 1);
  return b == 1;
}

/* Reads and checks the header of the open file f into n. */
static nnc_status open_file(FILE *f, FmtNpy *n) {
  if (fseek(f, 0, SEEK_END) != 0)
    return base_error(NNC_ERR_IO, "%s: cannot seek: %s", n->path, strerror(errno));
  long size = ftell(f);
  if (size < 0 || fseek(f, 0, SEEK_SET) != 0)
    return base_error(NNC_ERR_IO, "%s: cannot tell the file size: %s", n->path, strerror(errno));
  Header h = {.path = n->path};
  nnc_status s = read_header(f, size, &h, &n->data_at);
  if (s == NNC_OK)
    s = check_size(&h, size, n->data_at, &n->numel);
  if (s != NNC_OK)
    return s;
  n->type = h.type;
  n->fortran = h.fortran;
  n->rank = h.rank;
  memcpy(n->shape, h.shape, sizeof n->shape);
  n->descr_at = h.descr_at;
  n->shape_at = h.shape_at;
  return NNC_OK;
}

nnc_status fmt_npy_open(const char *path, FmtNpy *n) {
  *n = (FmtNpy){.path = path};
  if (!little_endian())
    return base_error(NNC_ERR_IO, "%s: .npy files need a little-endian host", path);
  nnc_status s = fmt_file_open(path, &n->f, NULL); /* regular files only: never a FIFO's wait */
  if (s != NNC_OK)
    return s;
  if ((s = open_file(n->f, n)) != NNC_OK)
    fmt_npy_close(n);
  return s;
}

nnc_status fmt_npy_open_stream(FILE *f, FmtNpy *n) {
  n->f = f;
  nnc_status s = little_endian() ? open_file(f, n)
      : base_error(NNC_ERR_IO, "%s: .npy files need a little-endian host", n->path);
  if (s != NNC_OK)
    fmt_npy_close(n);
  return s;
}

nnc_status fmt_npy_read(FmtNpy *n, void *dst) {
  size_t es = fmt_npy_size(n->type);
  if (fread(dst, es, (size_t)n->numel, n->f) != (size_t)n->numel)
    return base_error(NNC_ERR_IO, "%s: offset %ld: read error in the data", n->path, n->data_at);
  return NNC_OK;
}

void fmt_npy_close(FmtNpy *n) {
  if (n->f)
    fclose(n->f);
  n->f = NULL;
}

/* Reads the elements of n into out (of dtype want), converting in chunks. */
static nnc_status read_data(FmtNpy *n, nnc_tensor *out) {
  if (same_type(n->type, out->dtype))
    return fmt_npy_read(n, out->data);
  size_t es = fmt_npy_size(n->type);
  unsigned char buf[4096];
  size_t per = sizeof buf / es;
  for (int64_t i = 0; i < out->numel;) {
    size_t k = (size_t)(out->numel - i) < per ? (size_t)(out->numel - i) : per;
    if (fread(buf, es, k, n->f) != k)
      return base_error(NNC_ERR_IO, "%s: offset %ld: read error in the data", n->path,
                      n->data_at + (long)((size_t)i * es));
    for (size_t j = 0; j < k; j++)
      rt_tensor_set(out, i + (int64_t)j, npy_get(n->type, buf + j * es));
    i += (int64_t)k;
  }
  return NNC_OK;
}

/* What nnc_tensor_load takes of a raw file: rank 4 at most, and numbers, not bools. */
static nnc_status tensor_fits(const FmtNpy *n) {
  if (n->fortran)
    return base_error(NNC_ERR_CORRUPT, "%s: offset %ld: fortran_order True is not supported "
                      "(save the array in C order)", n->path, n->descr_at);
  if (n->type == FMT_NPY_B1)
    return base_error(NNC_ERR_TYPE, "%s: offset %ld: unsupported dtype '|b1' (expected <f4, <f8, "
                    "|u1, <i4 or <i8)", n->path, n->descr_at);
  if (n->rank > RT_MAX_RANK)
    return base_error(NNC_ERR_SHAPE, "%s: offset %ld: shape has more than %d dimensions",
                    n->path, n->shape_at, RT_MAX_RANK);
  return NNC_OK;
}

static nnc_status load_file(const char *path, nnc_dtype want, nnc_tensor **out) {
  FmtNpy n;
  nnc_status s = fmt_npy_open(path, &n);
  if (s == NNC_OK)
    s = tensor_fits(&n);
  if (s == NNC_OK)
    s = rt_tensor_alloc(want, n.rank, n.shape, out);
  if (s == NNC_OK && (s = read_data(&n, *out)) != NNC_OK) {
    nnc_tensor_free(*out);
    *out = NULL;
  }
  fmt_npy_close(&n);
  return s;
}

nnc_status fmt_npy_load(const char *path, nnc_dtype want, nnc_tensor **out) {
  if (!out)
    return base_error(NNC_ERR_ARG, "nnc_tensor_load: out is NULL");
  *out = NULL;
  if (!path)
    return base_error(NNC_ERR_ARG, "nnc_tensor_load: path is NULL");
  if (!rt_dtype_ok(want))
    return base_error(NNC_ERR_ARG, "nnc_tensor_load: %s: unknown dtype %d", path, (int)want);
  return load_file(path, want, out);
}

nnc_status nnc_tensor_load(const char *path, nnc_dtype want, nnc_tensor **out) {
  if (fmt_claims(path)) /* .csv, IDX: datafile.c */
    return fmt_load(path, want, out);
  return fmt_npy_load(path, want, out);
}

/* The loaders' _in forms: the load with c current, so the tensor and the loader's scratch
 * are c's blocks (base/alloc.c); NULL is the default context, whatever is current. */
nnc_status nnc_tensor_load_in(nnc_context *c, const char *path, nnc_dtype want,
                              nnc_tensor **out) {
  if (out)
    *out = NULL;
  if (c && base_context_check(c, __func__) != NNC_OK)
    return NNC_ERR_ARG;
  const nnc_context *was = base_context_swap(c);
  nnc_status s = nnc_tensor_load(path, want, out);
  base_context_swap(was);
  return s;
}

/* The v1 header into buf (at least FMT_NPY_HEADER_MAX bytes): magic, version, length, and
 * the dict padded with spaces to a multiple of 64. Returns its length. */
enum { FMT_NPY_HEADER_MAX = 64 + FMT_NPY_MAXDIM * 22 + 128 };
static size_t make_header(FmtNpyType t, int rank, const int64_t *shape, char *buf, size_t n) {
  static const char *const descr[] = {[FMT_NPY_B1] = "|b1", [FMT_NPY_U1] = "|u1",
                                      [FMT_NPY_I4] = "<i4", [FMT_NPY_I8] = "<i8",
                                      [FMT_NPY_F4] = "<f4", [FMT_NPY_F8] = "<f8"};
  char dims[FMT_NPY_MAXDIM * 22 + 4] = "";
  size_t k = 0;
  for (int i = 0; i < rank; i++)
    k += (size_t)snprintf(dims + k, sizeof dims - k, "%lld,%s", (long long)shape[i],
                          i + 1 < rank ? " " : "");
  if (rank > 1)
    dims[k - 1] = 0; /* (3, 4) rather than (3, 4,) */
  int len = snprintf(buf + 10, n - 10, "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }",
                     descr[t], dims);
  size_t total = 10 + (size_t)len + 1, pad = (64 - total % 64) % 64;
  memset(buf + 10 + len, ' ', pad);
  buf[10 + (size_t)len + pad] = '\n';
  size_t hlen = (size_t)len + pad + 1;
  memcpy(buf, "\x93NUMPY\x01\x00", 8);
  buf[8] = (char)(hlen & 0xff);
  buf[9] = (char)(hlen >> 8);
  return 10 + hlen;
}

nnc_status fmt_npy_write(const char *path, FmtNpyType t, int rank, const int64_t *shape,
                         const void *data) {
  if (!little_endian())
    return base_error(NNC_ERR_IO, "%s: .npy saving needs a little-endian host", path);
  if (rank < 0 || rank > FMT_NPY_MAXDIM)
    return base_error(NNC_ERR_ARG, "%s: a .npy file holds at most %d dimensions", path,
                    FMT_NPY_MAXDIM);
  char head[FMT_NPY_HEADER_MAX];
  size_t hn = make_header(t, rank, shape, head, sizeof head), numel = 1, es = fmt_npy_size(t);
  for (int i = 0; i < rank; i++)
    numel *= (size_t)shape[i];
  FmtOut o;
  nnc_status s = fmt_out_open(&o, path);
  if (s != NNC_OK)
    return s;
  fwrite(head, 1, hn, o.f);
  if (numel)
    fwrite(data, es, numel, o.f);
  s = fmt_out_commit(&o);
  fmt_out_close(&o);
  return s;
}

nnc_status fmt_npy_save(const nnc_tensor *t, const char *path) {
  if (!t || !path)
    return base_error(NNC_ERR_ARG, "nnc_tensor_save: %s is NULL", t ? "path" : "tensor");
  static const FmtNpyType type[] = {[NNC_F32] = FMT_NPY_F4, [NNC_F64] = FMT_NPY_F8,
                                    [NNC_I32] = FMT_NPY_I4};
  return fmt_npy_write(path, type[t->dtype], t->rank, t->shape, t->data);
}

nnc_status nnc_tensor_save(const nnc_tensor *t, const char *path) {
  nnc_status s = t ? base_check_tag(t->magic, BASE_MAGIC_TENSOR, __func__, "tensor") : NNC_OK;
  return s ? s : fmt_npy_save(t, path);
}
