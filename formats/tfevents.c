/* tfevents.c — TensorFlow event files, the files TensorBoard reads: Event messages
 * (tfevents.proto, TensorFlow's own fields through protobuf-c), one per record of the
 * TFRecord framing:
 *   uint64 length, uint32 masked CRC32C of those 8 bytes, the message, uint32 masked CRC32C
 *   of the message (little-endian; masked: ((crc >> 15) | (crc << 17)) + 0xa282ead8).
 * A file is named as TensorFlow 2's summary writer names it,
 * events.out.tfevents.<seconds, 10 digits>.<host>.<pid>.<writer count>.v2, and starts with
 * TensorFlow's first event (file_version "brain.Event:2", its writer's name). A scalar is
 * what tf.summary.scalar writes: a float32 tensor of shape [] in tensor_content, with the
 * "scalars" plugin's metadata in every event.
 *
 * The file goes through outfile.c: it appears whole with its first event (a new name each
 * time, so it replaces nothing); the events after it are appended, flushed by the caller.
 * CRC32C is ISA-L's crc32_iscsi, which keeps the CRC uninverted: ~crc32_iscsi(p, n, ~0).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <isa-l/crc.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "formats.h"
#include "tfevents.pb-c.h"

uint32_t fmt_crc32c(const void *p, size_t n) {
  uint32_t crc = 0xffffffffu;
  for (const unsigned char *b = p; n > 0;) { /* ISA-L takes an int length: in pieces */
    int k = n > INT_MAX ? INT_MAX : (int)n;
    crc = crc32_iscsi((unsigned char *)b, k, crc);
    b += k, n -= (size_t)k;
  }
  return ~crc;
}

uint32_t fmt_tfrecord_mask(uint32_t crc) {
  return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

static void put_le(unsigned char *b, uint64_t v, int n) {
  for (int i = 0; i < n; i++)
    b[i] = (unsigned char)(v >> 8 * i);
}

nnc_status fmt_tfrecord_write(FILE *f, const void *data, size_t n, const char *path) {
  unsigned char head[12], tail[4];
  put_le(head, n, 8);
  put_le(head + 8, fmt_tfrecord_mask(fmt_crc32c(head, 8)), 4);
  put_le(tail, fmt_tfrecord_mask(fmt_crc32c(data, n)), 4);
  if (fwrite(head, 1, sizeof head, f) != sizeof head || fwrite(data, 1, n, f) != n ||
      fwrite(tail, 1, sizeof tail, f) != sizeof tail)
    return base_error(NNC_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
  return NNC_OK;
}

static double now(void) {
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return (double)tv.tv_sec + (double)tv.tv_usec / 1e6; /* TensorFlow's NowMicros / 1e6 */
}

/* ev into a record of w's file. */
static nnc_status write_event(TfEvents *w, const Tensorflow__Event *ev) {
  size_t n = tensorflow__event__get_packed_size(ev);
  uint8_t *buf = base_malloc(n ? n : 1);
  if (!buf)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", w->path);
  tensorflow__event__pack(ev, buf);
  nnc_status s = fmt_tfrecord_write(w->out.f, buf, n, w->path);
  base_free(buf);
  return s;
}

/* A summary event of one value: tag, metadata of the plugin (content: its bytes, or NULL),
 * and a tensor of shape [] that the caller fills. */
static nnc_status write_value(TfEvents *w, const char *tag, int64_t step, const char *plugin,
                              const char *content, Tensorflow__TensorProto *t) {
  Tensorflow__TensorShapeProto shape = TENSORFLOW__TENSOR_SHAPE_PROTO__INIT;
  Tensorflow__SummaryMetadata__PluginData pd = TENSORFLOW__SUMMARY_METADATA__PLUGIN_DATA__INIT;
  Tensorflow__SummaryMetadata meta = TENSORFLOW__SUMMARY_METADATA__INIT;
  Tensorflow__Summary__Value v = TENSORFLOW__SUMMARY__VALUE__INIT;
  Tensorflow__Summary sum = TENSORFLOW__SUMMARY__INIT;
  Tensorflow__Event ev = TENSORFLOW__EVENT__INIT;
  pd.plugin_name = (char *)plugin;
  if (content)
    pd.content = (ProtobufCBinaryData){strlen(content), (uint8_t *)content};
  meta.plugin_data = &pd;
  t->tensor_shape = &shape;
  v.tag = (char *)tag;
  v.metadata = &meta;
  v.value_case = TENSORFLOW__SUMMARY__VALUE__VALUE_TENSOR;
  v.tensor = t;
  Tensorflow__Summary__Value *vs[] = {&v};
  sum.n_value = 1;
  sum.value = vs;
  ev.wall_time = now();
  ev.step = step;
  ev.what_case = TENSORFLOW__EVENT__WHAT_SUMMARY;
  ev.summary = &sum;
  return write_event(w, &ev);
}

nnc_status fmt_tfevents_scalar(TfEvents *w, const char *tag, double value, int64_t step) {
  Tensorflow__TensorProto t = TENSORFLOW__TENSOR_PROTO__INIT;
  float f = (float)value;
  uint8_t le[4];
  uint32_t bits;
  memcpy(&bits, &f, sizeof bits);
  put_le(le, bits, 4);
  t.dtype = TENSORFLOW__DATA_TYPE__DT_FLOAT;
  t.tensor_content = (ProtobufCBinaryData){sizeof le, le};
  return write_value(w, tag, step, "scalars", NULL, &t);
}

nnc_status fmt_tfevents_string(TfEvents *w, const char *tag, const char *text, int64_t step,
                               const char *plugin, const char *content) {
  Tensorflow__TensorProto t = TENSORFLOW__TENSOR_PROTO__INIT;
  ProtobufCBinaryData s = {strlen(text), (uint8_t *)text};
  t.dtype = TENSORFLOW__DATA_TYPE__DT_STRING;
  t.n_string_val = 1;
  t.string_val = &s;
  return write_value(w, tag, step, plugin, content, &t);
}

/* mkdir -p dir (tf.io.gfile.makedirs, as TensorFlow's writer makes its directory); errors
 * name `path`, the whole directory asked for. */
static nnc_status make_dirs(char *dir, const char *path) {
  for (char *p = dir + 1;; p++) {
    bool end = *p == '\0';
    if (*p != '/' && !end)
      continue;
    *p = '\0';
    struct stat st;
    if (mkdir(dir, 0777) != 0 && !(errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode)))
      return base_error(NNC_ERR_IO, "%s: cannot make the directory '%s': %s", path, dir,
                        errno == EEXIST ? "something else has that name" : strerror(errno));
    if (end)
      return NNC_OK;
    *p = '/';
  }
}

nnc_status fmt_tfevents_open(TfEvents *w, const char *dir) {
  static atomic_int writers; /* TensorFlow counts its summary writers per process */
  *w = (TfEvents){.out = {.slot = -1}};
  char host[256] = "localhost";
  if (gethostname(host, sizeof host) != 0)
    snprintf(host, sizeof host, "localhost");
  host[sizeof host - 1] = '\0';
  double t = now();
  snprintf(w->path, sizeof w->path, "%s", dir);
  nnc_status s = fmt_out_discard ? NNC_OK : make_dirs(w->path, dir);
  if (s != NNC_OK)
    return s;
  int k = snprintf(w->path, sizeof w->path, "%s/events.out.tfevents.%010lld.%s.%ld.%d.v2", dir,
                   (long long)t, host, (long)getpid(), atomic_fetch_add(&writers, 1));
  if (k < 0 || (size_t)k >= sizeof w->path)
    return base_error(NNC_ERR_IO, "%s: the directory's name is too long", dir);
  if ((s = fmt_out_open(&w->out, w->path)) != NNC_OK)
    return s;
  Tensorflow__SourceMetadata src = TENSORFLOW__SOURCE_METADATA__INIT;
  Tensorflow__Event ev = TENSORFLOW__EVENT__INIT;
  src.writer = "tensorflow.core.util.events_writer";
  ev.wall_time = (double)(long long)t; /* TensorFlow's first event: whole seconds */
  ev.what_case = TENSORFLOW__EVENT__WHAT_FILE_VERSION;
  ev.file_version = "brain.Event:2";
  ev.source_metadata = &src;
  s = write_event(w, &ev);
  if (s == NNC_OK)
    s = fmt_out_commit(&w->out);
  if (s != NNC_OK)
    fmt_out_close(&w->out);
  return s;
}

nnc_status fmt_tfevents_flush(TfEvents *w) {
  if (w->out.f && (fflush(w->out.f) != 0 || ferror(w->out.f)))
    return base_error(NNC_ERR_IO, "%s: cannot write: %s", w->path, strerror(errno));
  return NNC_OK;
}

nnc_status fmt_tfevents_close(TfEvents *w) {
  nnc_status s = w->out.f ? fmt_out_close(&w->out) : NNC_OK;
  w->out = (FmtOut){.slot = -1};
  return s;
}
