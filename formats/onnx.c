/* onnx.c — ONNX model files: ModelProto messages of ONNX's own onnx.proto, packed and
 * unpacked by protobuf-c (the code protoc-c generates at build time), and initializers as
 * tensors.
 *
 * Writing packs the message into one buffer and writes it atomically (fmt_write_file).
 * Reading takes the whole file (fmt_read_all: regular files only) and unpacks it with nnc's
 * allocator, so the allocation hook (and its caps and failure tests) sees every block;
 * protobuf-c checks every length against the buffer, and a failed unpack, malformed or out
 * of memory, is NNC_ERR_CORRUPT. What the messages mean is keras/'s business.
 */
#include <string.h>

#include "formats.h"
#include "onnx.pb-c.h"

static void *pb_alloc(void *data, size_t n) {
  (void)data;
  return base_malloc(n ? n : 1);
}

static void pb_free(void *data, void *p) {
  (void)data;
  base_free(p);
}

static ProtobufCAllocator allocator = {pb_alloc, pb_free, NULL};

nnc_status fmt_onnx_write(const char *path, const Onnx__ModelProto *m) {
  size_t n = onnx__model_proto__get_packed_size(m);
  uint8_t *buf = base_malloc(n ? n : 1);
  if (!buf)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory packing %zu bytes", path, n);
  onnx__model_proto__pack(m, buf);
  nnc_status s = fmt_write_file(path, buf, n);
  base_free(buf);
  return s;
}

nnc_status fmt_onnx_read(const char *path, Onnx__ModelProto **out) {
  *out = NULL;
  FileBytes fb;
  nnc_status s = fmt_read_all(path, &fb);
  if (s != NNC_OK)
    return s;
  if (fb.gz) {
    fmt_file_bytes_free(&fb);
    return base_error(NNC_ERR_CORRUPT, "%s: gzip-compressed; an ONNX file is a plain protobuf", path);
  }
  *out = onnx__model_proto__unpack(&allocator, fb.len, fb.data);
  fmt_file_bytes_free(&fb);
  if (!*out)
    return base_error(NNC_ERR_CORRUPT, "%s: not an ONNX model (the protobuf does not parse as "
                      "onnx.ModelProto, or memory ran out)", path);
  return NNC_OK;
}

void fmt_onnx_free(Onnx__ModelProto *m) {
  if (m)
    onnx__model_proto__free_unpacked(m, &allocator);
}

/* Elements of tensor t's data in whichever field holds them; -1 for an unsupported type. */
static int64_t stored(const Onnx__TensorProto *t, size_t esize) {
  if (t->has_raw_data)
    return (int64_t)(t->raw_data.len / esize) * (t->raw_data.len % esize == 0 ? 1 : -1);
  if (t->data_type == ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT)
    return (int64_t)t->n_float_data;
  if (t->data_type == ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE)
    return (int64_t)t->n_double_data;
  return (int64_t)t->n_int64_data;
}

static double element(const Onnx__TensorProto *t, int64_t i) {
  const uint8_t *raw = t->raw_data.data;
  switch (t->data_type) {
  case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT: {
    float f;
    if (!t->has_raw_data)
      return t->float_data[i];
    memcpy(&f, raw + 4 * i, 4);
    return f;
  }
  case ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE: {
    double d;
    if (!t->has_raw_data)
      return t->double_data[i];
    memcpy(&d, raw + 8 * i, 8);
    return d;
  }
  default: {
    int64_t v;
    if (!t->has_raw_data)
      return (double)t->int64_data[i];
    memcpy(&v, raw + 8 * i, 8);
    return (double)v;
  }
  }
}

nnc_status fmt_onnx_tensor(const char *path, const Onnx__TensorProto *t, nnc_dtype want,
                           nnc_tensor **out) {
  *out = NULL;
  const char *name = t->name ? t->name : "?";
  int32_t ty = t->data_type;
  size_t esize = ty == ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT ? 4 : 8;
  if (ty != ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT && ty != ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE &&
      ty != ONNX__TENSOR_PROTO__DATA_TYPE__INT64)
    return base_error(NNC_ERR_TYPE, "%s: tensor '%s': data type %d (nnc reads float, double "
                      "and int64)", path, name, (int)ty);
  if (t->data_location == ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL)
    return base_error(NNC_ERR_CORRUPT, "%s: tensor '%s': its data is in an external file, "
                      "which nnc does not read", path, name);
  if (t->n_dims > RT_MAX_RANK)
    return base_error(NNC_ERR_SHAPE, "%s: tensor '%s': rank %zu (at most 4)", path, name, t->n_dims);
  int64_t shape[RT_MAX_RANK], numel = 1;
  for (size_t i = 0; i < t->n_dims; i++) {
    if (t->dims[i] < 0 || (t->dims[i] && numel > INT64_MAX / 8 / t->dims[i]))
      return base_error(NNC_ERR_SHAPE, "%s: tensor '%s': bad dimension %lld", path, name,
                        (long long)t->dims[i]);
    shape[i] = t->dims[i];
    numel *= t->dims[i];
  }
  if (stored(t, esize) != numel)
    return base_error(NNC_ERR_CORRUPT, "%s: tensor '%s': %lld elements in its shape, %lld stored",
                      path, name, (long long)numel, (long long)stored(t, esize));
  nnc_status s = rt_tensor_alloc(want, (int)t->n_dims, shape, out);
  if (s != NNC_OK)
    return base_error(s, "%s: out of memory reading tensor '%s'", path, name);
  for (int64_t i = 0; i < numel; i++)
    rt_tensor_set(*out, i, element(t, i));
  return NNC_OK;
}
