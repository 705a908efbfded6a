/* tfevents_reader.h — reads a TensorBoard log directory back as tensorboard_list.py does
 * with TensorBoard's own reader (tests/keras/keras3/), for the tests that link the formats
 * module: each record's framing and both CRCs are checked with a CRC32C of its own (bitwise,
 * not nnc's), each Event decoded with protobuf-c from tfevents.proto, and every event
 * listed as one line of text. A record that fails is listed as "bad record ..." and ends
 * its file. */
#ifndef NNC_TESTS_TFEVENTS_READER_H
#define NNC_TESTS_TFEVENTS_READER_H

#include <cjson/cJSON.h>
#include <dirent.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tfevents.pb-c.h"

static uint32_t tfr_crc32c(const unsigned char *p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++)
      c = c & 1 ? (c >> 1) ^ 0x82f63b78u : c >> 1; /* Castagnoli's polynomial, reflected */
  }
  return ~c;
}

static uint32_t tfr_masked(const unsigned char *p, size_t n) {
  uint32_t c = tfr_crc32c(p, n);
  return ((c >> 15) | (c << 17)) + 0xa282ead8u;
}

static uint64_t tfr_le(const unsigned char *b, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; i--)
    v = v << 8 | b[i];
  return v;
}

/* One summary value as tensorboard_list.py prints it. */
static void tfr_value(FILE *out, const char *sub, int64_t step, const Tensorflow__Summary__Value *v) {
  const Tensorflow__SummaryMetadata__PluginData *pd =
      v->metadata && v->metadata->plugin_data ? v->metadata->plugin_data : NULL;
  const Tensorflow__TensorProto *t = v->value_case == TENSORFLOW__SUMMARY__VALUE__VALUE_TENSOR
                                         ? v->tensor : NULL;
  fprintf(out, "%s %lld %s %s b'%.*s' %s %zu ", sub, (long long)step, v->tag,
          pd ? pd->plugin_name : "", pd ? (int)pd->content.len : 0,
          pd ? (const char *)pd->content.data : "",
          !t ? "none" : t->dtype == TENSORFLOW__DATA_TYPE__DT_FLOAT ? "DT_FLOAT"
                      : t->dtype == TENSORFLOW__DATA_TYPE__DT_STRING ? "DT_STRING" : "other",
          t && t->tensor_shape ? t->tensor_shape->n_dim : (size_t)99);
  if (t && t->dtype == TENSORFLOW__DATA_TYPE__DT_FLOAT && t->tensor_content.len == 4) {
    uint32_t bits = (uint32_t)tfr_le(t->tensor_content.data, 4);
    float f;
    memcpy(&f, &bits, sizeof f);
    fprintf(out, "%.5g\n", (double)f);
  } else if (t && t->n_string_val == 1) {
    char *text = strndup((const char *)t->string_val[0].data, t->string_val[0].len);
    cJSON *j = cJSON_Parse(text);
    const cJSON *layers = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "config"), "layers");
    fprintf(out, "%s layers=%d\n", cJSON_GetStringValue(cJSON_GetObjectItem(j, "class_name")),
            cJSON_GetArraySize(layers));
    cJSON_Delete(j);
    free(text);
  } else {
    fprintf(out, "?\n");
  }
}

/* The events of one file, a line each. */
static void tfr_file(FILE *out, const char *sub, const char *path) {
  FILE *f = fopen(path, "rb");
  unsigned char head[12], tail[4];
  while (f && fread(head, 1, sizeof head, f) == sizeof head) {
    uint64_t n = tfr_le(head, 8);
    unsigned char *data = n < (1u << 24) ? malloc(n ? n : 1) : NULL;
    bool ok = data && tfr_le(head + 8, 4) == tfr_masked(head, 8) && fread(data, 1, n, f) == n &&
              fread(tail, 1, 4, f) == 4 && tfr_le(tail, 4) == tfr_masked(data, n);
    Tensorflow__Event *e = ok ? tensorflow__event__unpack(NULL, n, data) : NULL;
    free(data);
    if (!e) {
      fprintf(out, "%s bad record (framing, CRC or message)\n", sub);
      break;
    }
    if (e->what_case == TENSORFLOW__EVENT__WHAT_FILE_VERSION)
      fprintf(out, "%s %s %s %s\n", sub, e->file_version,
              e->source_metadata ? e->source_metadata->writer : "",
              e->wall_time == (double)(int64_t)e->wall_time ? "whole" : "fraction");
    for (size_t i = 0; e->what_case == TENSORFLOW__EVENT__WHAT_SUMMARY && i < e->summary->n_value; i++)
      tfr_value(out, sub, e->step, e->summary->value[i]);
    tensorflow__event__free_unpacked(e, NULL);
  }
  if (f)
    fclose(f);
}

static int tfr_by_name(const struct dirent **a, const struct dirent **b) {
  return strcmp((*a)->d_name, (*b)->d_name);
}

/* log_dir/train then log_dir/validation: each file's writer number (or "badly named"), then
 * its events. */
static void tfr_list(FILE *out, const char *log_dir) {
  regex_t name;
  regcomp(&name, "^events\\.out\\.tfevents\\.[0-9]{10}\\.[^/]+\\.[0-9]+\\.([0-9]+)\\.v2$",
          REG_EXTENDED);
  const char *subs[] = {"train", "validation"};
  for (int s = 0; s < 2; s++) {
    char dir[4096], path[8192];
    snprintf(dir, sizeof dir, "%s/%s", log_dir, subs[s]);
    struct dirent **names;
    int k = scandir(dir, &names, NULL, tfr_by_name);
    for (int i = 0; i < k; i++) {
      regmatch_t m[2];
      const char *d = names[i]->d_name;
      if (d[0] != '.' && regexec(&name, d, 2, m, 0) == 0)
        fprintf(out, "%s file %.*s\n", subs[s], (int)(m[1].rm_eo - m[1].rm_so), d + m[1].rm_so);
      else if (d[0] != '.' || strncmp(d, ".events", 7) == 0) /* not . or .., an nnc temporary */
        fprintf(out, "%s file badly named %s\n", subs[s], d);
      snprintf(path, sizeof path, "%s/%s", dir, d);
      if (d[0] != '.')
        tfr_file(out, subs[s], path);
      free(names[i]);
    }
    if (k >= 0)
      free(names);
  }
  regfree(&name);
}

#endif
