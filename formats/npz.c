/* npz.c — NumPy's .npz files (np.savez, np.savez_compressed, Keras's mnist.npz): a zip
 * archive whose members are .npy files named KEY.npy. libzip reads the archive (stored or
 * deflated members, Zip64, CRC checked); each member is copied into an anonymous temporary
 * file, which npy.c's reader then checks and reads exactly as it reads a .npy on disk, so an
 * .npz member gets every check a .npy file gets.
 *
 * Invariant: nothing is inflated beyond what the member's compressed bytes can expand to
 * (deflate's largest ratio), and a member that claims more or yields a different count of
 * bytes is NNC_ERR_CORRUPT naming the archive and the member. The archive is opened through
 * fmt_file_open, so a FIFO or device is refused as for every other reader.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "formats.h"

/* Deflate never expands more than 1032:1; stored members are 1:1. */
enum { INFLATE_RATIO = 1032, INFLATE_SLACK = 1 << 16 };

nnc_status fmt_npz_open(const char *path, FmtNpz *z) {
  *z = (FmtNpz){.path = path};
  FILE *f;
  nnc_status s = fmt_file_open(path, &f, NULL);
  if (s != NNC_OK)
    return s;
  int fd = dup(fileno(f)), err = 0;
  fclose(f);
  if (fd < 0)
    return base_error(NNC_ERR_IO, "%s: cannot open: out of file descriptors", path);
  z->zip = zip_fdopen(fd, ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (!z->zip) {
    close(fd);
    zip_error_t e;
    zip_error_init_with_code(&e, err);
    const char *dot = strrchr(path, '.');
    s = base_error(err == ZIP_ER_MEMORY ? NNC_ERR_NOMEM : NNC_ERR_CORRUPT,
                   "%s: not a readable %s (zip) archive: %s", path,
                   dot && !strcmp(dot, ".keras") ? ".keras" : ".npz", zip_error_strerror(&e));
    zip_error_fini(&e);
    return s;
  }
  zip_int64_t n = zip_get_num_entries(z->zip, 0);
  z->count = n > 0 ? n : 0;
  return NNC_OK;
}

void fmt_npz_close(FmtNpz *z) {
  if (z->zip)
    zip_discard(z->zip);
  z->zip = NULL;
}

const char *fmt_npz_member_name(const FmtNpz *z, int64_t i) {
  return i >= 0 && i < z->count ? zip_get_name(z->zip, (zip_uint64_t)i, 0) : NULL;
}

/* Copies the member's size bytes into f, checking the count libzip inflates. */
static nnc_status copy_member(const FmtNpz *z, zip_file_t *zf, const char *member,
                              zip_uint64_t size, FILE *f) {
  unsigned char buf[1 << 16];
  zip_uint64_t done = 0;
  for (;;) {
    zip_int64_t got = zip_fread(zf, buf, sizeof buf);
    if (got < 0)
      return base_error(NNC_ERR_CORRUPT, "%s: member %s: %s", z->path, member,
                        zip_error_strerror(zip_file_get_error(zf)));
    if (got == 0)
      break;
    if (done + (zip_uint64_t)got > size)
      return base_error(NNC_ERR_CORRUPT, "%s: member %s holds more than the %llu bytes its "
                        "entry claims", z->path, member, (unsigned long long)size);
    if (fwrite(buf, 1, (size_t)got, f) != (size_t)got)
      return base_error(NNC_ERR_IO, "%s: member %s: cannot write a temporary file", z->path,
                        member);
    done += (zip_uint64_t)got;
  }
  if (done != size)
    return base_error(NNC_ERR_CORRUPT, "%s: member %s ends after %llu of its %llu bytes",
                      z->path, member, (unsigned long long)done, (unsigned long long)size);
  return fflush(f) == 0 ? NNC_OK
                        : base_error(NNC_ERR_IO, "%s: member %s: cannot write a temporary "
                                     "file", z->path, member);
}

nnc_status fmt_zip_extract(const FmtNpz *z, const char *member, FILE *f) {
  zip_stat_t st;
  zip_int64_t i = zip_name_locate(z->zip, member, 0);
  if (i < 0 || zip_stat_index(z->zip, (zip_uint64_t)i, 0, &st) != 0)
    return base_error(NNC_ERR_CORRUPT, "%s: the archive has no member %s", z->path, member);
  if (!(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE) ||
      st.size > st.comp_size * INFLATE_RATIO + INFLATE_SLACK)
    return base_error(NNC_ERR_CORRUPT, "%s: member %s claims %llu bytes from %llu compressed",
                      z->path, member, (unsigned long long)st.size,
                      (unsigned long long)st.comp_size);
  zip_file_t *zf = zip_fopen_index(z->zip, (zip_uint64_t)i, 0);
  if (!zf)
    return base_error(NNC_ERR_CORRUPT, "%s: member %s: %s", z->path, member,
                      zip_strerror(z->zip));
  nnc_status s = copy_member(z, zf, member, st.size, f);
  zip_fclose(zf);
  return s;
}

nnc_status fmt_npz_open_member(const FmtNpz *z, const char *key, char *label, size_t label_n,
                               FmtNpy *n) {
  char member[512];
  snprintf(label, label_n, "%s[%s]", z->path, key);
  *n = (FmtNpy){.path = label};
  if (snprintf(member, sizeof member, "%s.npy", key) >= (int)sizeof member)
    return base_error(NNC_ERR_ARG, "%s: the key is too long", label);
  if (zip_name_locate(z->zip, member, 0) < 0)
    return base_error(NNC_ERR_ARG, "%s is not a file in the archive %s", key, z->path);
  FILE *f = tmpfile();
  nnc_status s = f ? fmt_zip_extract(z, member, f)
                   : base_error(NNC_ERR_IO, "%s: cannot make a temporary file", label);
  if (s == NNC_OK)
    s = fmt_npy_open_stream(f, n);
  else if (f)
    fclose(f);
  return s;
}
