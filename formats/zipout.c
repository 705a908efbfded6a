/* zipout.c — zip archives written whole (a .keras file): libzip builds the archive in a
 * memory source, whose bytes then go through the safe writer, so the path is the old file
 * or the complete new one. Members are stored, not deflated, as Keras's zipfile.ZipFile(..,
 * "w") stores them: h5py then reads the weights in place.
 */
#include <stdio.h>
#include <zip.h>

#include "formats.h"

static nnc_status zip_failed(const char *path, zip_error_t *e) {
  return base_error(zip_error_code_zip(e) == ZIP_ER_MEMORY ? NNC_ERR_NOMEM : NNC_ERR_IO,
                    "%s: cannot build the zip archive: %s (the file is unchanged)", path,
                    zip_error_strerror(e));
}

/* Adds the members to z (their bytes are the caller's until zip_close). */
static bool add_members(zip_t *z, int n, const char *const *names, const void *const *bytes,
                        const size_t *sizes) {
  for (int i = 0; i < n; i++) {
    zip_source_t *m = zip_source_buffer(z, bytes[i], sizes[i], 0);
    zip_int64_t k = m ? zip_file_add(z, names[i], m, ZIP_FL_ENC_UTF_8) : -1;
    if (k < 0) {
      zip_source_free(m);
      return false;
    }
    if (zip_set_file_compression(z, (zip_uint64_t)k, ZIP_CM_STORE, 0) != 0)
      return false;
  }
  return true;
}

/* The memory source's bytes, base_malloc'd. */
static nnc_status source_bytes(const char *path, zip_source_t *src, void **out, size_t *n) {
  zip_stat_t st;
  *out = NULL;
  if (zip_source_stat(src, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || zip_source_open(src) != 0)
    return zip_failed(path, zip_source_error(src));
  *out = base_malloc(st.size ? (size_t)st.size : 1);
  zip_int64_t got = *out ? zip_source_read(src, *out, st.size) : -1;
  zip_source_close(src);
  if (!*out)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory (the file is unchanged)", path);
  if (got < 0 || (zip_uint64_t)got != st.size) {
    base_free(*out);
    *out = NULL;
    return zip_failed(path, zip_source_error(src));
  }
  *n = (size_t)st.size;
  return NNC_OK;
}

nnc_status fmt_zip_write(const char *path, int n, const char *const *names,
                         const void *const *bytes, const size_t *sizes) {
  zip_error_t e;
  zip_error_init(&e);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &e);
  zip_t *z = NULL;
  nnc_status s = NNC_OK;
  if (src && (z = zip_open_from_source(src, ZIP_TRUNCATE, &e)))
    zip_source_keep(src); /* zip_close frees it once; its bytes are wanted after */
  if (!z) {
    s = zip_failed(path, &e);
  } else if (!add_members(z, n, names, bytes, sizes) || zip_close(z) != 0) {
    zip_error_set(&e, zip_error_code_zip(zip_get_error(z)), 0);
    s = zip_failed(path, &e);
    zip_discard(z);
  }
  void *image = NULL;
  size_t size = 0;
  if (s == NNC_OK)
    s = source_bytes(path, src, &image, &size);
  if (s == NNC_OK)
    s = fmt_write_file(path, image, size);
  base_free(image);
  zip_source_free(src);
  zip_error_fini(&e);
  return s;
}
