/* test_tfevents.c — TensorFlow event files (formats/tfevents.c): CRC32C against the
 * published check values, TFRecord's framing byte by byte, and a writer's file read back
 * by tfevents_reader.h (its own CRC, protobuf-c's decoding). */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "support.h"
#include "tfevents_reader.h"

TestSuite(tfevents, .init = test_dir_make, .fini = test_dir_remove);

Test(tfevents, crc32c_gives_the_published_check_values) {
  unsigned char zeros[32] = {0}, ones[32], up[32];
  memset(ones, 0xff, sizeof ones);
  for (int i = 0; i < 32; i++)
    up[i] = (unsigned char)i;
  cr_expect_eq(fmt_crc32c("123456789", 9), 0xe3069283u); /* the CRC catalogue's check */
  cr_expect_eq(fmt_crc32c(zeros, 32), 0x8a9136aau);       /* RFC 3720, B.4 */
  cr_expect_eq(fmt_crc32c(ones, 32), 0x62a8ab43u);
  cr_expect_eq(fmt_crc32c(up, 32), 0x46dd794eu);
  cr_expect_eq(fmt_crc32c("", 0), 0u);
  for (size_t n = 0; n <= 32; n++) /* the reader's bitwise CRC agrees on every length */
    cr_expect_eq(fmt_crc32c(up, n), tfr_crc32c(up, n), "%zu bytes", n);
}

/* A record of "abc": length 3, its masked CRC, the bytes, theirs (TensorFlow's
 * record_writer: mask = rotate right by 15, plus 0xa282ead8). */
Test(tfevents, a_record_is_framed_as_tfrecord) {
  char *buf;
  size_t n;
  FILE *f = open_memstream(&buf, &n);
  cr_assert_eq(fmt_tfrecord_write(f, "abc", 3, "mem"), NNC_OK);
  fclose(f);
  cr_assert_eq(n, 8 + 4 + 3 + 4);
  const unsigned char *b = (const unsigned char *)buf;
  cr_expect_eq(tfr_le(b, 8), 3u);
  uint32_t c = fmt_crc32c(b, 8);
  cr_expect_eq(tfr_le(b + 8, 4), (uint32_t)(((c >> 15) | (c << 17)) + 0xa282ead8u));
  cr_expect_eq(memcmp(b + 12, "abc", 3), 0);
  c = fmt_crc32c("abc", 3);
  cr_expect_eq(tfr_le(b + 15, 4), (uint32_t)(((c >> 15) | (c << 17)) + 0xa282ead8u));
  cr_expect_eq(fmt_tfrecord_mask(0), 0xa282ead8u);
  free(buf);
}

Test(tfevents, a_writer_file_reads_back) {
  TfEvents w;
  cr_assert_eq(fmt_tfevents_open(&w, test_path("a/b/train")), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(fmt_tfevents_string(&w, "keras", "{\"class_name\": \"Sequential\", \"config\": "
                                   "{\"layers\": [1, 2]}}", 0, "graph_keras_model", "1"),
               NNC_OK);
  cr_assert_eq(fmt_tfevents_scalar(&w, "epoch_loss", 0.25, 0), NNC_OK);
  cr_assert_eq(fmt_tfevents_scalar(&w, "epoch_loss", -1.5e-3, 7), NNC_OK);
  cr_assert_eq(fmt_tfevents_close(&w), NNC_OK);
  char *text;
  size_t n;
  FILE *out = open_memstream(&text, &n);
  tfr_list(out, test_path("a/b"));
  fclose(out);
  cr_expect_str_eq(text, "train file 0\n"
                         "train brain.Event:2 tensorflow.core.util.events_writer whole\n"
                         "train 0 keras graph_keras_model b'1' DT_STRING 0 Sequential layers=2\n"
                         "train 0 epoch_loss scalars b'' DT_FLOAT 0 0.25\n"
                         "train 7 epoch_loss scalars b'' DT_FLOAT 0 -0.0015\n");
  free(text);
  cr_expect_eq(test_temporaries(), 0);
}

/* A flipped byte anywhere in a record is caught by its CRCs. */
Test(tfevents, a_damaged_record_is_caught) {
  TfEvents w;
  cr_assert_eq(fmt_tfevents_open(&w, test_path("d/train")), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(fmt_tfevents_scalar(&w, "epoch_loss", 0.25, 0), NNC_OK);
  char path[sizeof w.path];
  snprintf(path, sizeof path, "%s", w.path);
  cr_assert_eq(fmt_tfevents_close(&w), NNC_OK);
  FILE *f = fopen(path, "r+b");
  cr_assert(f);
  fseek(f, -6, SEEK_END); /* inside the scalar's bytes */
  int c = fgetc(f);
  fseek(f, -6, SEEK_END);
  fputc(c ^ 1, f);
  fclose(f);
  char *text;
  size_t n;
  FILE *out = open_memstream(&text, &n);
  tfr_list(out, test_path("d"));
  fclose(out);
  cr_expect(strstr(text, "train bad record"), "%s", text);
  free(text);
}
