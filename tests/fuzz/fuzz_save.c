/* fuzz_save.c — libFuzzer target for the writers of data files: .npy (nnc_tensor_save),
 * safetensors (fmt_st_write) and the CSV of save(x, "a.csv") (nd_save_csv), each
 * round-tripped through its reader (the CSV through load()'s, nnc_tensor_load_csv).
 *
 * The input describes what to write: a dtype, a rank and dimensions (0..4 each), up to four
 * tensors under names made of the input's bytes (any byte but NUL: quotes, backslashes,
 * control characters, invalid UTF-8), and metadata with such a value, then the bytes of the
 * data (every bit pattern: NaNs, -0, denormals). A write either fails with a one-line
 * message naming the file, or the file reads back as exactly what was written: the same
 * names, dtypes, shapes, metadata and bits. Nothing is left beside the
 * file (a temporary of outfile.c's would start with '.').
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "formats.h"
#include "fuzz.h"
#include "ndarray.h"
#include "runtime.h"

enum { MAX_TENSORS = 4, MAX_NAME = 24 };

static char dirpath[64];

static void remove_dir(void) {
  char p[128];
  const char *files[] = {"t.npy", "w.safetensors", "t.csv"};
  for (int i = 0; i < 3; i++) {
    snprintf(p, sizeof p, "%s/%s", dirpath, files[i]);
    unlink(p);
  }
  rmdir(dirpath);
}

/* A directory of this process's own, so that what a write leaves beside its file shows. */
static const char *dir(void) {
  if (!dirpath[0]) {
    snprintf(dirpath, sizeof dirpath, "%s/nnc_fuzz_save_%ld", access("/dev/shm", W_OK) == 0
             ? "/dev/shm" : "/tmp", (long)getpid());
    if (mkdir(dirpath, 0700) != 0 && errno != EEXIST)
      fuzz_broken("fuzz_save", "cannot make the directory", dirpath);
    atexit(remove_dir);
  }
  return dirpath;
}

/* A tensor of the input's dtype and shape, its bytes from the input (cycled). */
static nnc_tensor *tensor(FuzzBytes *b, nnc_dtype dt, int rank, const int64_t *shape) {
  nnc_tensor *t;
  if (nnc_tensor_new(dt, rank, shape, &t) != NNC_OK)
    fuzz_broken("fuzz_save", "cannot make a tensor:", nnc_last_error());
  unsigned char *d = t->data;
  for (size_t i = 0; i < (size_t)t->numel * rt_dtype_size(dt); i++)
    d[i] = b->n ? b->p[(b->at + i) % b->n] : 0;
  return t;
}

static bool same(const nnc_tensor *a, const nnc_tensor *b) {
  if (a->dtype != b->dtype || a->rank != b->rank)
    return false;
  for (int i = 0; i < a->rank; i++)
    if (a->shape[i] != b->shape[i])
      return false;
  return memcmp(a->data, b->data, (size_t)a->numel * rt_dtype_size(a->dtype)) == 0;
}

static void no_leftovers(void) {
  DIR *d = opendir(dir());
  for (struct dirent *e; d && (e = readdir(d));)
    if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
      fuzz_broken("fuzz_save", "a temporary was left beside the file:", e->d_name);
  if (d)
    closedir(d);
}

static void round_trip_npy(const nnc_tensor *t) {
  char path[128];
  snprintf(path, sizeof path, "%s/t.npy", dir());
  nnc_status s = nnc_tensor_save(t, path);
  if (s != NNC_OK) {
    fuzz_check_message("fuzz_save npy", path);
    return;
  }
  nnc_tensor *back = NULL;
  if (nnc_tensor_load(path, t->dtype, &back) != NNC_OK)
    fuzz_broken("fuzz_save npy", "what nnc_tensor_save wrote does not load:", nnc_last_error());
  if (!same(t, back))
    fuzz_broken("fuzz_save npy", "the file reads back differently", path);
  nnc_tensor_free(back);
}

/* A rank 1 or 2 tensor with at least one element, all finite, must read back as [rows, cols]
 * with the same bits; any other is refused with a message naming the file. */
static void round_trip_csv(const nnc_tensor *t) {
  char path[128];
  snprintf(path, sizeof path, "%s/t.csv", dir());
  NdArray *a = nd_from_tensor(t);
  if (!a)
    fuzz_broken("fuzz_save csv", "cannot make an array:", nnc_last_error());
  bool ok = nd_save_csv(path, a);
  nd_unref(a);
  bool finite = true;
  for (int64_t i = 0; t->dtype != NNC_I32 && i < t->numel; i++)
    finite &= isfinite(t->dtype == NNC_F32 ? ((float *)t->data)[i] : ((double *)t->data)[i]);
  if (!ok) {
    fuzz_check_message("fuzz_save csv", path);
    if ((t->rank == 1 || t->rank == 2) && t->numel > 0 && finite)
      fuzz_broken("fuzz_save csv", "a finite array was refused:", nnc_last_error());
    return;
  }
  if (t->rank < 1 || t->rank > 2 || t->numel == 0 || !finite)
    fuzz_broken("fuzz_save csv", "written although load() cannot read it back", path);
  nnc_tensor *back = NULL;
  if (nnc_tensor_load_csv(path, t->dtype, NNC_CSV_HEADER_AUTO, &back) != NNC_OK)
    fuzz_broken("fuzz_save csv", "what nd_save_csv wrote does not load:", nnc_last_error());
  int64_t shape[2] = {t->shape[0], t->rank == 2 ? t->shape[1] : 1};
  nnc_tensor flat = *t;
  flat.rank = 2;
  memcpy(flat.shape, shape, sizeof shape);
  if (!same(&flat, back))
    fuzz_broken("fuzz_save csv", "the file reads back differently", path);
  nnc_tensor_free(back);
}

/* A name of 1..MAX_NAME bytes of the input, NUL made 0x01. */
static void name(FuzzBytes *b, char *out) {
  int len = 1 + fuzz_next(b) % MAX_NAME;
  for (int i = 0; i < len; i++) {
    uint8_t c = fuzz_next(b);
    out[i] = (char)(c ? c : 1);
  }
  out[len] = 0;
}

/* The metadata {"k": VALUE} with VALUE a JSON string of the name's bytes, escaped. */
static void metadata(const char *value, char *out, size_t n) {
  size_t k = (size_t)snprintf(out, n, "{\"k\":\"");
  for (const unsigned char *c = (const unsigned char *)value; *c && k + 8 < n; c++)
    k += (size_t)(*c < 0x20 || *c == '"' || *c == '\\' ? snprintf(out + k, n - k, "\\u%04x", *c)
                                                       : snprintf(out + k, n - k, "%c", *c));
  snprintf(out + k, n - k, "\"}");
}

static void round_trip_st(FuzzBytes *b, const nnc_tensor *t0) {
  char path[128], names[MAX_TENSORS][MAX_NAME + 1], meta[8 * MAX_NAME + 16], value[MAX_NAME + 1];
  snprintf(path, sizeof path, "%s/w.safetensors", dir());
  int n = 1 + fuzz_next(b) % MAX_TENSORS;
  const char *np[MAX_TENSORS];
  const nnc_tensor *ts[MAX_TENSORS];
  for (int i = 0; i < n; i++) {
    name(b, names[i]);
    np[i] = names[i];
    ts[i] = t0;
  }
  name(b, value);
  metadata(value, meta, sizeof meta);
  nnc_status s = fmt_st_write(path, n, np, ts, meta);
  if (s != NNC_OK) {
    fuzz_check_message("fuzz_save safetensors", path);
    return;
  }
  StSet *set = NULL;
  if (fmt_st_read(path, &set) != NNC_OK)
    fuzz_broken("fuzz_save safetensors", "what fmt_st_write wrote does not load:",
                nnc_last_error());
  if (set->n != n || set->nmeta != 1 || strcmp(set->meta_keys[0], "k") ||
      strcmp(set->meta_values[0], value))
    fuzz_broken("fuzz_save safetensors", "the tensors or the metadata differ", path);
  for (int i = 0; i < n; i++) { /* by name: empty tensors share their data offsets */
    const nnc_tensor *t = fmt_st_get(set, names[i]);
    if (!t || !same(t, t0))
      fuzz_broken("fuzz_save safetensors", "a tensor reads back differently:", names[i]);
  }
  fmt_st_free(set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_cap_allocations();
  FuzzBytes b = {data, size, 0};
  nnc_dtype dt = (nnc_dtype)(fuzz_next(&b) % 3);
  int rank = fuzz_next(&b) % 5;
  int64_t shape[4];
  for (int i = 0; i < rank; i++)
    shape[i] = fuzz_next(&b) % 5;
  nnc_tensor *t = tensor(&b, dt, rank, shape);
  round_trip_npy(t);
  round_trip_csv(t);
  round_trip_st(&b, t);
  no_leftovers();
  nnc_tensor_free(t);
  return 0;
}
