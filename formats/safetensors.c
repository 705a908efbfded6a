/* safetensors.c — safetensors files: named tensors behind a JSON header.
 *
 * A file is an 8-byte little-endian header length N, N bytes of JSON (padded with spaces;
 * nnc pads to a multiple of 8), then the data buffer. The JSON maps each name to
 * {"dtype": "F32"|"F64"|"I32", "shape": [...], "data_offsets": [begin, end]} (offsets into
 * the data buffer, little-endian C-ordered elements), plus an optional "__metadata__"
 * object of string values.
 *
 * Reading validates the whole header before it allocates a single tensor: N against the
 * file size, the JSON, every entry's dtype, shape (rank <= 4) and offsets (end - begin =
 * numel x element size), unique names, and a layout where the entries, in offset order,
 * tile the data buffer exactly from 0 to its end (no gap, no overlap, nothing after). Errors
 * name the file and the tensor or the byte offset. Writing goes through outfile.c: the old
 * file stays whole until the new one replaces it. cJSON allocates with malloc rather than
 * through nnc's hook: its hooks are process-wide and the application may use cJSON too.
 * The host must be little-endian.
 * Files of other formats are named, not parsed as a header: a read whose first bytes are
 * another format's magic (.npy, HDF5, zip, gzip) says what the file is, and a write to a
 * name whose extension promises another format (w.h5, model.keras) is refused, since the
 * bytes would be safetensors under that name.
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats.h"

#define MAX_EXACT 9007199254740992.0 /* 2^53: larger JSON numbers are not exact integers */

typedef struct {
  const char *name;             /* points into the cJSON tree */
  nnc_dtype dtype;
  int rank;
  int64_t shape[RT_MAX_RANK];
  uint64_t begin, end;          /* into the data buffer */
} Entry;

typedef struct {
  const char *path;
  FILE *f;
  uint64_t size;                /* of the file */
  uint64_t hlen;                /* N */
  char *text;                   /* the header, NUL-terminated; owned */
  cJSON *root;                  /* owned */
  int n;                        /* tensors */
  Entry *e;                     /* owned */
  cJSON *meta;                  /* in root, or NULL */
} Reader;

static bool little_endian(void) {
  uint16_t one = 1;
  unsigned char b;
  memcpy(&b, &one, 1);
  return b == 1;
}

static const char *st_dtype(nnc_dtype t) {
  return t == NNC_F32 ? "F32" : t == NNC_F64 ? "F64" : "I32";
}

/* ---------------------------------------------------------------------------------------
 * Reading: the header */

/* Another format's magic at the start of a file: what the file is, or NULL. */
static const char *other_format(const unsigned char *b, size_t n) {
  static const struct { const char *magic; size_t len; const char *what; } known[] = {
      {"\x93NUMPY", 6, "a .npy file (an array, as np.save writes it)"},
      {"\x89HDF\r\n\x1a\n", 8, "an HDF5 file (nnc reads Keras's weights from a name ending in .weights.h5)"},
      {"PK\x03\x04", 4, "a zip archive (a .keras model or an .npz, which nnc does not read)"},
      {"\x1f\x8b", 2, "a gzip file"},
  };
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (n >= known[i].len && memcmp(b, known[i].magic, known[i].len) == 0)
      return known[i].what;
  return NULL;
}

static nnc_status read_length(Reader *r) {
  unsigned char b[8];
  size_t got = fread(b, 1, 8, r->f);
  const char *other = other_format(b, got);
  if (other)
    return base_error(NNC_ERR_CORRUPT, "%s: this is %s, not a safetensors file", r->path, other);
  if (r->size < 8 || got != 8)
    return base_error(NNC_ERR_CORRUPT, "%s: offset 0: truncated: %llu bytes are too few for a "
                    "safetensors header length", r->path, (unsigned long long)r->size);
  for (int i = 7; i >= 0; i--)
    r->hlen = r->hlen << 8 | b[i];
  if (r->hlen > r->size - 8)
    return base_error(NNC_ERR_CORRUPT, "%s: offset 0: header length %llu runs past the end of the "
                    "file (%llu bytes)", r->path, (unsigned long long)r->hlen,
                    (unsigned long long)r->size);
  if (r->hlen < 2)
    return base_error(NNC_ERR_CORRUPT, "%s: offset 0: header length %llu is too short for a JSON "
                    "object", r->path, (unsigned long long)r->hlen);
  return NNC_OK;
}

static bool json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Where the header holds a NUL, raw or as the escape \u0000, or n: a C string stops there,
 * so a name "a\u0000b" would load as "a" and match another tensor. */
static size_t find_nul(const char *t, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (t[i] == 0)
      return i;
    if (t[i] == '\\' && i + 1 < n) {
      if (t[i + 1] == 'u' && i + 6 <= n && memcmp(t + i + 2, "0000", 4) == 0)
        return i;
      i++; /* the escaped character, so "\\u0000" is a backslash and text */
    }
  }
  return n;
}

static nnc_status parse_json(Reader *r) {
  size_t n = (size_t)r->hlen;
  r->text = base_malloc(n + 1);
  if (!r->text)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory for a %zu-byte header", r->path, n);
  if (fread(r->text, 1, n, r->f) != n)
    return base_error(NNC_ERR_IO, "%s: offset 8: read error in the header", r->path);
  r->text[n] = 0;
  size_t nul = find_nul(r->text, n);
  if (nul < n)
    return base_error(NNC_ERR_CORRUPT, "%s: offset %zu: the header holds a NUL character (%s), "
                      "which no tensor name or metadata may hold", r->path, 8 + nul,
                      r->text[nul] ? "\\u0000" : "a zero byte");
  const char *end = NULL;
  r->root = cJSON_ParseWithLengthOpts(r->text, n, &end, 0);
  size_t at = end ? (size_t)(end - r->text) : 0;
  if (!r->root)
    return base_error(NNC_ERR_CORRUPT, "%s: offset %zu: the header is not valid JSON", r->path,
                    8 + at);
  while (at < n && json_space(r->text[at]))
    at++;
  if (at < n)
    return base_error(NNC_ERR_CORRUPT, "%s: offset %zu: trailing bytes after the header's JSON",
                    r->path, 8 + at);
  if (!cJSON_IsObject(r->root))
    return base_error(NNC_ERR_CORRUPT, "%s: offset 8: the header is not a JSON object", r->path);
  return NNC_OK;
}

/* A JSON number that is an exact non-negative integer. */
static bool json_uint(const cJSON *j, uint64_t *out) {
  if (!cJSON_IsNumber(j))
    return false;
  double d = j->valuedouble;
  if (!(d >= 0 && d <= MAX_EXACT) || d != (double)(uint64_t)d)
    return false;
  *out = (uint64_t)d;
  return true;
}

static nnc_status bad(const Reader *r, const char *name, const char *what) {
  return base_error(NNC_ERR_CORRUPT, "%s: tensor '%s': %s", r->path, name, what);
}

static nnc_status parse_dtype(const Reader *r, const cJSON *j, Entry *e) {
  static const char *const others[] = {"F16", "BF16", "F8_E4M3", "F8_E5M2", "I64", "I16",
                                       "I8", "U64", "U32", "U16", "U8", "BOOL"};
  const char *s = cJSON_GetStringValue(j);
  if (!s)
    return bad(r, e->name, "\"dtype\" is missing or not a string");
  for (nnc_dtype t = NNC_F32; t <= NNC_I32; t++)
    if (strcmp(s, st_dtype(t)) == 0) {
      e->dtype = t;
      return NNC_OK;
    }
  for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
    if (strcmp(s, others[i]) == 0)
      return base_error(NNC_ERR_TYPE, "%s: tensor '%s': dtype %s is not supported (nnc reads F32, "
                      "F64 and I32)", r->path, e->name, s);
  return base_error(NNC_ERR_CORRUPT, "%s: tensor '%s': unknown dtype \"%.32s\"", r->path, e->name, s);
}

static nnc_status parse_shape(const Reader *r, const cJSON *j, Entry *e) {
  if (!cJSON_IsArray(j))
    return bad(r, e->name, "\"shape\" is missing or not an array");
  int rank = cJSON_GetArraySize(j);
  if (rank > RT_MAX_RANK)
    return base_error(NNC_ERR_SHAPE, "%s: tensor '%s': rank %d is above nnc's limit of %d",
                    r->path, e->name, rank, RT_MAX_RANK);
  e->rank = rank;
  int i = 0;
  for (const cJSON *d = j->child; d; d = d->next, i++) {
    uint64_t v;
    if (!json_uint(d, &v))
      return bad(r, e->name, "a dimension of \"shape\" is not a non-negative integer");
    e->shape[i] = (int64_t)v;
  }
  return NNC_OK;
}

static nnc_status parse_offsets(const Reader *r, const cJSON *j, Entry *e) {
  if (!cJSON_IsArray(j) || cJSON_GetArraySize(j) != 2 || !json_uint(j->child, &e->begin) ||
      !json_uint(j->child->next, &e->end))
    return bad(r, e->name, "\"data_offsets\" is not [begin, end] of non-negative integers");
  if (e->begin > e->end)
    return bad(r, e->name, "\"data_offsets\" has begin after end");
  uint64_t need = rt_dtype_size(e->dtype);
  bool over = false;
  for (int i = 0; i < e->rank; i++) {
    uint64_t d = (uint64_t)e->shape[i];
    if (d && need > UINT64_MAX / d)
      over = true;
    need = over ? 0 : need * d;
  }
  if (over || need != e->end - e->begin)
    return base_error(NNC_ERR_CORRUPT, "%s: tensor '%s': data_offsets [%llu, %llu] hold %llu bytes; "
                    "its dtype and shape need %s%llu", r->path, e->name,
                    (unsigned long long)e->begin, (unsigned long long)e->end,
                    (unsigned long long)(e->end - e->begin), over ? "more than " : "",
                    over ? (unsigned long long)UINT64_MAX : (unsigned long long)need);
  return NNC_OK;
}

static nnc_status parse_entry(const Reader *r, const cJSON *j, Entry *e) {
  e->name = j->string;
  if (!*e->name)
    return bad(r, e->name, "an empty tensor name");
  if (!cJSON_IsObject(j))
    return bad(r, e->name, "the entry is not a JSON object");
  for (const cJSON *k = j->child; k; k = k->next)
    if (strcmp(k->string, "dtype") && strcmp(k->string, "shape") &&
        strcmp(k->string, "data_offsets"))
      return base_error(NNC_ERR_CORRUPT, "%s: tensor '%s': unknown key \"%.32s\"", r->path, e->name,
                      k->string);
  nnc_status s = parse_dtype(r, cJSON_GetObjectItemCaseSensitive(j, "dtype"), e);
  if (s == NNC_OK)
    s = parse_shape(r, cJSON_GetObjectItemCaseSensitive(j, "shape"), e);
  if (s == NNC_OK)
    s = parse_offsets(r, cJSON_GetObjectItemCaseSensitive(j, "data_offsets"), e);
  return s;
}

static nnc_status parse_meta(Reader *r, cJSON *j) {
  if (r->meta)
    return base_error(NNC_ERR_CORRUPT, "%s: \"__metadata__\" appears twice", r->path);
  if (!cJSON_IsObject(j))
    return base_error(NNC_ERR_CORRUPT, "%s: \"__metadata__\" is not a JSON object", r->path);
  for (const cJSON *k = j->child; k; k = k->next)
    if (!cJSON_IsString(k))
      return base_error(NNC_ERR_CORRUPT, "%s: \"__metadata__\": the value of \"%.64s\" is not a "
                      "string", r->path, k->string);
  r->meta = j;
  return NNC_OK;
}

static int by_name(const void *a, const void *b) {
  return strcmp(((const Entry *)a)->name, ((const Entry *)b)->name);
}

static nnc_status parse_entries(Reader *r) {
  int count = cJSON_GetArraySize(r->root);
  r->e = base_calloc(count ? (size_t)count : 1, sizeof *r->e);
  if (!r->e)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory for %d header entries", r->path, count);
  for (cJSON *j = r->root->child; j; j = j->next) {
    nnc_status s = strcmp(j->string, "__metadata__") == 0 ? parse_meta(r, j)
                                                           : parse_entry(r, j, &r->e[r->n++]);
    if (s != NNC_OK)
      return s;
  }
  qsort(r->e, (size_t)r->n, sizeof *r->e, by_name);
  for (int i = 1; i < r->n; i++)
    if (strcmp(r->e[i].name, r->e[i - 1].name) == 0)
      return bad(r, r->e[i].name, "the name appears twice in the header");
  return NNC_OK;
}

static int by_offset(const void *a, const void *b) {
  const Entry *x = a, *y = b;
  if (x->begin != y->begin)
    return x->begin < y->begin ? -1 : 1;
  return x->end < y->end ? -1 : x->end > y->end;
}

/* The entries, in offset order, must tile [0, data size) exactly. */
static nnc_status check_layout(Reader *r) {
  qsort(r->e, (size_t)r->n, sizeof *r->e, by_offset);
  uint64_t data = r->size - 8 - r->hlen, at = 0, base = 8 + r->hlen;
  for (int i = 0; i < r->n; i++) {
    const Entry *e = &r->e[i];
    if (e->begin != at)
      return base_error(NNC_ERR_CORRUPT, "%s: offset %llu: tensor '%s' %s at data offset %llu, "
                      "expected %llu", r->path, (unsigned long long)(base + e->begin), e->name,
                      e->begin < at ? "overlaps the previous one" : "leaves a gap: it starts",
                      (unsigned long long)e->begin, (unsigned long long)at);
    if (e->end > data)
      return base_error(NNC_ERR_CORRUPT, "%s: offset %llu: tensor '%s' ends at data offset %llu, "
                      "past the end of the file's %llu data bytes (truncated?)", r->path,
                      (unsigned long long)(base + e->begin), e->name, (unsigned long long)e->end,
                      (unsigned long long)data);
    at = e->end;
  }
  if (at != data)
    return base_error(NNC_ERR_CORRUPT, "%s: offset %llu: %llu bytes after the last tensor's data",
                    r->path, (unsigned long long)(base + at), (unsigned long long)(data - at));
  return NNC_OK;
}

/* ---------------------------------------------------------------------------------------
 * Reading: the set */

void fmt_st_free(StSet *s) {
  if (!s)
    return;
  for (int i = 0; i < s->n; i++) {
    base_free(s->tensors[i].name);
    nnc_tensor_free(s->tensors[i].t);
  }
  for (int i = 0; i < s->nmeta; i++) {
    base_free(s->meta_keys[i]);
    base_free(s->meta_values[i]);
  }
  base_free(s->tensors);
  base_free(s->meta_keys);
  base_free(s->meta_values);
  base_free(s);
}

static nnc_status read_tensors(const Reader *r, StSet *s) {
  for (int i = 0; i < r->n; i++) {
    const Entry *e = &r->e[i];
    StTensor *st = &s->tensors[s->n];
    nnc_status rs = rt_tensor_alloc(e->dtype, e->rank, e->shape, &st->t);
    if (rs != NNC_OK)
      return rs;
    s->n++;
    if (!(st->name = base_strdup(e->name)))
      return base_error(NNC_ERR_NOMEM, "%s: out of memory", r->path);
    size_t bytes = (size_t)(e->end - e->begin);
    if (fread(st->t->data, 1, bytes, r->f) != bytes)
      return base_error(NNC_ERR_IO, "%s: offset %llu: read error in tensor '%s'", r->path,
                      (unsigned long long)(8 + r->hlen + e->begin), e->name);
  }
  return NNC_OK;
}

static nnc_status read_meta(const Reader *r, StSet *s) {
  int n = r->meta ? cJSON_GetArraySize(r->meta) : 0;
  s->meta_keys = base_calloc((size_t)n + 1, sizeof *s->meta_keys);
  s->meta_values = base_calloc((size_t)n + 1, sizeof *s->meta_values);
  if (!s->meta_keys || !s->meta_values)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", r->path);
  for (const cJSON *k = r->meta ? r->meta->child : NULL; k; k = k->next, s->nmeta++) {
    s->meta_keys[s->nmeta] = base_strdup(k->string);
    s->meta_values[s->nmeta] = base_strdup(k->valuestring);
    if (!s->meta_keys[s->nmeta] || !s->meta_values[s->nmeta]) {
      s->nmeta++;
      return base_error(NNC_ERR_NOMEM, "%s: out of memory", r->path);
    }
  }
  return NNC_OK;
}

static nnc_status make_set(const Reader *r, StSet **out) {
  StSet *s = base_calloc(1, sizeof *s);
  if (!s)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", r->path);
  s->tensors = base_calloc((size_t)r->n + 1, sizeof *s->tensors);
  nnc_status rs = s->tensors ? NNC_OK : base_error(NNC_ERR_NOMEM, "%s: out of memory", r->path);
  if (rs == NNC_OK)
    rs = read_meta(r, s);
  if (rs == NNC_OK && fseek(r->f, (long)(8 + r->hlen), SEEK_SET) != 0)
    rs = base_error(NNC_ERR_IO, "%s: cannot seek to the data: %s", r->path, strerror(errno));
  if (rs == NNC_OK)
    rs = read_tensors(r, s);
  if (rs != NNC_OK) {
    fmt_st_free(s);
    return rs;
  }
  *out = s;
  return NNC_OK;
}

static nnc_status read_file(Reader *r, StSet **out) {
  nnc_status s = read_length(r);
  if (s == NNC_OK)
    s = parse_json(r);
  if (s == NNC_OK)
    s = parse_entries(r);
  if (s == NNC_OK)
    s = check_layout(r);
  if (s == NNC_OK)
    s = make_set(r, out);
  return s;
}

nnc_status fmt_st_read(const char *path, StSet **out) {
  if (!out || !path)
    return base_error(NNC_ERR_ARG, "safetensors read: %s is NULL", out ? "path" : "out");
  *out = NULL;
  if (!little_endian())
    return base_error(NNC_ERR_IO, "%s: safetensors files need a little-endian host", path);
  size_t size;
  FILE *f;
  nnc_status s = fmt_file_open(path, &f, &size); /* regular files only: never a FIFO's wait */
  if (s != NNC_OK)
    return s;
  if ((uint64_t)size > (uint64_t)LONG_MAX) {
    fclose(f);
    return base_error(NNC_ERR_IO, "%s: the file is too large (%zu bytes)", path, size);
  }
  Reader r = {.path = path, .f = f, .size = size};
  s = read_file(&r, out);
  fclose(r.f);
  cJSON_Delete(r.root);
  base_free(r.text);
  base_free(r.e);
  return s;
}

nnc_tensor *fmt_st_get(const StSet *s, const char *name) {
  for (int i = 0; s && name && i < s->n; i++)
    if (strcmp(s->tensors[i].name, name) == 0)
      return s->tensors[i].t;
  return NULL;
}

const char *fmt_st_meta(const StSet *s, const char *key) {
  for (int i = 0; s && key && i < s->nmeta; i++)
    if (strcmp(s->meta_keys[i], key) == 0)
      return s->meta_values[i];
  return NULL;
}

/* ---------------------------------------------------------------------------------------
 * Writing */

static nnc_status check_args(const char *path, int n, const char *const *names,
                             const nnc_tensor *const *tensors) {
  if (!path || n < 0 || (n > 0 && (!names || !tensors)))
    return base_error(NNC_ERR_ARG, "safetensors write: %s", !path ? "path is NULL" : n < 0 ?
                    "negative tensor count" : "names or tensors is NULL");
  const char *other = fmt_name_promises(path);
  if (other && strcmp(other, "safetensors") != 0)
    return base_error(NNC_ERR_ARG, "%s: the name promises %s, but these bytes would be "
                      "safetensors: name the file .safetensors", path, other);
  for (int i = 0; i < n; i++) {
    if (!names[i] || !*names[i] || strcmp(names[i], "__metadata__") == 0)
      return base_error(NNC_ERR_ARG, "%s: tensor %d: the name is NULL, empty or \"__metadata__\"",
                      path, i);
    if (!tensors[i] || !rt_dtype_ok(tensors[i]->dtype))
      return base_error(NNC_ERR_ARG, "%s: tensor '%s' is NULL or of an unknown dtype", path,
                      names[i]);
    for (int k = 0; k < i; k++)
      if (strcmp(names[i], names[k]) == 0)
        return base_error(NNC_ERR_ARG, "%s: tensor name '%s' appears twice", path, names[i]);
  }
  return NNC_OK;
}

/* The metadata object, checked: NULL text gives NULL; anything but an object of strings is
 * NNC_ERR_ARG. */
static nnc_status parse_metadata(const char *path, const char *json, cJSON **out) {
  *out = NULL;
  if (!json)
    return NNC_OK;
  cJSON *m = cJSON_Parse(json);
  bool ok = m && cJSON_IsObject(m);
  for (const cJSON *k = ok ? m->child : NULL; k; k = k->next)
    ok = ok && cJSON_IsString(k);
  if (!ok) {
    cJSON_Delete(m);
    return base_error(NNC_ERR_ARG, "%s: the metadata is not a JSON object of strings", path);
  }
  *out = m;
  return NNC_OK;
}

static cJSON *entry_json(const nnc_tensor *t, uint64_t begin, uint64_t end) {
  cJSON *o = cJSON_CreateObject(), *shape = cJSON_CreateArray(), *offs = cJSON_CreateArray();
  bool ok = o && shape && offs && cJSON_AddStringToObject(o, "dtype", st_dtype(t->dtype));
  for (int i = 0; ok && i < t->rank; i++)
    ok = cJSON_AddItemToArray(shape, cJSON_CreateNumber((double)t->shape[i]));
  ok = ok && cJSON_AddItemToArray(offs, cJSON_CreateNumber((double)begin)) &&
       cJSON_AddItemToArray(offs, cJSON_CreateNumber((double)end));
  if (ok && cJSON_AddItemToObject(o, "shape", shape)) {
    shape = NULL;
    if (cJSON_AddItemToObject(o, "data_offsets", offs))
      return o;
  }
  cJSON_Delete(shape);
  cJSON_Delete(offs);
  cJSON_Delete(o);
  return NULL;
}

/* The header text, padded with spaces to a multiple of 8; caller frees with cJSON_free. */
static char *header_text(int n, const char *const *names, const nnc_tensor *const *tensors,
                         cJSON *meta, size_t *len) {
  cJSON *root = cJSON_CreateObject();
  bool ok = root != NULL;
  if (ok && meta)
    ok = cJSON_AddItemReferenceToObject(root, "__metadata__", meta);
  uint64_t at = 0;
  for (int i = 0; ok && i < n; i++) {
    uint64_t bytes = (uint64_t)tensors[i]->numel * rt_dtype_size(tensors[i]->dtype);
    cJSON *e = entry_json(tensors[i], at, at + bytes);
    ok = e && cJSON_AddItemToObject(root, names[i], e);
    if (!ok)
      cJSON_Delete(e);
    at += bytes;
  }
  char *text = ok ? cJSON_PrintUnformatted(root) : NULL;
  cJSON_Delete(root);
  if (!text)
    return NULL;
  size_t k = strlen(text), pad = (8 - k % 8) % 8;
  char *padded = cJSON_malloc(k + pad + 1);
  if (padded) {
    memcpy(padded, text, k);
    memset(padded + k, ' ', pad);
    padded[k + pad] = 0;
    *len = k + pad;
  }
  cJSON_free(text);
  return padded;
}

/* Writes the file through the safe writer: the old file stays until the new one is whole. */
static nnc_status commit(const char *path, size_t hlen, const char *head, int n,
                         const nnc_tensor *const *tensors) {
  FmtOut o;
  nnc_status s = fmt_out_open(&o, path);
  if (s != NNC_OK)
    return s;
  unsigned char b[8];
  for (int i = 0; i < 8; i++)
    b[i] = (unsigned char)((uint64_t)hlen >> (8 * i));
  bool ok = fwrite(b, 1, 8, o.f) == 8 && fwrite(head, 1, hlen, o.f) == hlen;
  for (int i = 0; ok && i < n; i++) {
    size_t bytes = (size_t)tensors[i]->numel * rt_dtype_size(tensors[i]->dtype);
    ok = fwrite(tensors[i]->data, 1, bytes, o.f) == bytes;
  }
  s = fmt_out_commit(&o);
  fmt_out_close(&o);
  return s;
}

nnc_status fmt_st_write(const char *path, int n, const char *const *names,
                       const nnc_tensor *const *tensors, const char *metadata_json) {
  nnc_status s = check_args(path, n, names, tensors);
  if (s != NNC_OK)
    return s;
  if (!little_endian())
    return base_error(NNC_ERR_IO, "%s: safetensors files need a little-endian host", path);
  cJSON *meta;
  if ((s = parse_metadata(path, metadata_json, &meta)) != NNC_OK)
    return s;
  size_t hlen = 0;
  char *head = header_text(n, names, tensors, meta, &hlen);
  cJSON_Delete(meta);
  if (!head)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory building the header", path);
  s = commit(path, hlen, head, n, tensors);
  cJSON_free(head);
  return s;
}
