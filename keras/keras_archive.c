/* keras_archive.c — Keras 3's .keras files (model.save("m.keras"), keras.models.load_model):
 * a zip of config.json (the architecture, model_config.c), metadata.json (the Keras version
 * and the date saved) and model.weights.h5 (the weights in save_weights's layout,
 * h5weights.c), as keras/src/saving/saving_lib.py writes them.
 *
 * Loading copies model.weights.h5 into a temporary file first (libhdf5 reads files, in a
 * child process: formats/h5.c), whose size bounds the weights config.json may claim; then
 * it rebuilds the architecture and reads the weights as load_weights reads a .weights.h5
 * file (layers matched by class and order, as Keras matches them). Messages name the member
 * as ARCHIVE[MEMBER]. config.json also holds the compile_config of a compiled model
 * (compile_config.c), from which a loaded model is compiled, as Keras's load_model compiles
 * it. A compiled model's optimizer variables (optimizer_vars.c) follow the layers in
 * model.weights.h5, under "optimizer/vars/", and a loaded model compiled from its
 * compile_config gets them back, as Keras's load_model restores them. load_weights of an
 * archive reads its model.weights.h5 into a model made in the program, as Keras's does.
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "keras.h"

enum { CONFIG_MAX = 64 << 20 }; /* bytes of config.json read at most */

bool keras_legacy_h5_name(const char *path) {
  return (keras_ends_with(path, ".h5") && !keras_ends_with(path, ".weights.h5")) ||
         keras_ends_with(path, ".hdf5");
}

const char keras_legacy_h5_warning[] =
    "WARNING:absl:You are saving your model as an HDF5 file via `model.save()` or "
    "`keras.saving.save_model(model)`. This file format is considered legacy. We recommend "
    "using instead the native Keras format, e.g. `model.save('my_model.keras')` or "
    "`keras.saving.save_model(model, 'my_model.keras')`. \n";

static nnc_status need_keras_name(const char *fn, const char *path) {
  if (keras_ends_with(path, ".keras"))
    return NNC_OK;
  const char *other = fmt_name_promises(path);
  return base_error(NNC_ERR_ARG, "%s: %s: %s%s (a Keras model file's name ends in '.keras', "
                    "or '.h5' for the legacy HDF5 file)", fn, path,
                    other ? "the name promises " : "not a .keras name", other ? other : "");
}

/* {"keras_version": ..., "date_saved": "2026-12-02@14:55:00"}, as saving_lib writes it. */
static char *metadata(void) {
  char date[32] = "";
  time_t now = time(NULL);
  struct tm tm;
  if (localtime_r(&now, &tm))
    strftime(date, sizeof date, "%Y-%m-%d@%H:%M:%S", &tm);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "keras_version", KERAS_VERSION);
  cJSON_AddStringToObject(o, "date_saved", date);
  cJSON_AddStringToObject(o, "nnc_version", NNC_VERSION);
  char *text = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  return text;
}

/* config.json's text: the architecture and, for a compiled model, its compile_config
 * (cJSON_free). */
static nnc_status archive_config(const nnc_model *m, const char *fn, char **out) {
  char *arch = NULL;
  nnc_status s = keras_model_config(m, false, fn, &arch);
  if (s != NNC_OK)
    return s;
  cJSON *top = cJSON_Parse(arch), *cc = keras_compile_config(m);
  cJSON_free(arch);
  if (top && cc)
    cJSON_AddItemToObject(top, "compile_config", cc);
  else
    cJSON_Delete(cc);
  *out = top ? cJSON_PrintUnformatted(top) : NULL;
  cJSON_Delete(top);
  return *out ? NNC_OK : base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
}

nnc_status nnc_model_to_json(const nnc_model *m, char **out) {
  if (out)
    *out = NULL;
  KERAS_ENTER(m);
  if (!out)
    return base_error(NNC_ERR_ARG, "nnc_model_to_json: out is NULL");
  char *text = NULL;
  nnc_status s = archive_config(m, "nnc_model_to_json", &text);
  if (s == NNC_OK && !(*out = base_strdup(text))) /* freed by nnc_string_free (base_free) */
    s = base_error(NNC_ERR_NOMEM, "nnc_model_to_json: out of memory");
  cJSON_free(text);
  return s;
}

/* Compiles m as config.json's compile_config says, when it has one. */
static nnc_status compile_saved(nnc_model *m, const char *config, size_t len,
                                const char *label) {
  cJSON *top = cJSON_ParseWithLength(config, len);
  const cJSON *cc = cJSON_GetObjectItemCaseSensitive(top, "compile_config");
  nnc_status s = cc && !cJSON_IsNull(cc) ? keras_compile_from_config(m, cc, label) : NNC_OK;
  cJSON_Delete(top);
  return s;
}

static nnc_status save_keras(nnc_model *m, const char *fn, const char *path,
                             bool include_optimizer) {
  if (!path)
    return base_error(NNC_ERR_ARG, "%s: path is NULL", fn);
  bool legacy = keras_legacy_h5_name(path);
  nnc_status s = legacy ? NNC_OK : need_keras_name(fn, path);
  if (s == NNC_OK)
    s = keras_need_built(m, fn, path, true);
  if (s == NNC_OK && legacy)
    return keras_legacy_h5_save(m, fn, path, include_optimizer);
  char *config = NULL, *meta = NULL;
  void *weights = NULL;
  size_t wsize = 0;
  if (s == NNC_OK)
    s = archive_config(m, fn, &config);
  if (s == NNC_OK)
    s = keras_h5_image(m, fn, path, &weights, &wsize);
  if (s == NNC_OK && !(meta = metadata()))
    s = base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  if (s == NNC_OK) {
    const char *names[] = {"metadata.json", "config.json", "model.weights.h5"};
    const void *bytes[] = {meta, config, weights};
    size_t sizes[] = {strlen(meta), strlen(config), wsize};
    s = fmt_zip_write(path, 3, names, bytes, sizes);
  }
  cJSON_free(config);
  cJSON_free(meta);
  base_free(weights);
  return s;
}

nnc_status nnc_model_save_keras(nnc_model *m, const char *path) {
  KERAS_ENTER(m);
  return save_keras(m, "nnc_model_save_keras", path, true);
}

nnc_status nnc_model_save_keras_with(nnc_model *m, const char *path, int include_optimizer) {
  KERAS_ENTER(m);
  return save_keras(m, "nnc_model_save_keras_with", path, include_optimizer != 0);
}

/* config.json's text (base_malloc'd, NUL-ended). */
static nnc_status read_config(const FmtNpz *z, char **out, size_t *len) {
  *out = NULL;
  FILE *f = tmpfile();
  if (!f)
    return base_error(NNC_ERR_IO, "%s: cannot make a temporary file", z->path);
  nnc_status s = fmt_zip_extract(z, "config.json", f);
  long size = s == NNC_OK ? ftell(f) : -1;
  if (s == NNC_OK && (size < 0 || size > CONFIG_MAX))
    s = base_error(NNC_ERR_CORRUPT, "%s[config.json]: larger than %d MB", z->path,
                   CONFIG_MAX >> 20);
  if (s == NNC_OK && !(*out = base_malloc((size_t)size + 1)))
    s = base_error(NNC_ERR_NOMEM, "%s: out of memory", z->path);
  rewind(f);
  if (s == NNC_OK && fread(*out, 1, (size_t)size, f) != (size_t)size)
    s = base_error(NNC_ERR_IO, "%s: cannot read back config.json", z->path);
  fclose(f);
  if (s != NNC_OK) {
    base_free(*out);
    *out = NULL;
    return s;
  }
  (*out)[size] = 0;
  *len = (size_t)size;
  return NNC_OK;
}

/* The last error again, its temporary file's name replaced by label. */
static nnc_status relabel(nnc_status s, const char *tmp, const char *label) {
  char msg[1024];
  snprintf(msg, sizeof msg, "%s", nnc_last_error());
  size_t n = strlen(tmp);
  if (strncmp(msg, tmp, n) == 0)
    return base_error(s, "%s%s", label, msg + n);
  return base_error(s, "%s", msg);
}

/* model.weights.h5 copied into a temporary file (*tmp, which the caller removes; *size its
 * bytes): libhdf5 reads files. */
static nnc_status extract_weights(const FmtNpz *z, const char *label, char *tmp, size_t n,
                                  uint64_t *size) {
  const char *dir = getenv("TMPDIR");
  snprintf(tmp, n, "%s/nnc_keras_XXXXXX", dir && *dir ? dir : "/tmp");
  int fd = mkstemp(tmp);
  FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
  if (!f) {
    if (fd >= 0)
      close(fd);
    return base_error(NNC_ERR_IO, "%s: cannot make a temporary file in %s", label,
                      dir && *dir ? dir : "/tmp");
  }
  nnc_status s = fmt_zip_extract(z, "model.weights.h5", f);
  long end = ftell(f);
  *size = end > 0 ? (uint64_t)end : 0;
  if (fclose(f) != 0 && s == NNC_OK)
    s = base_error(NNC_ERR_IO, "%s: cannot write a temporary file", label);
  return s;
}

/* The name Keras gives the optimizer of compile_config: its config's "name", else, for one
 * given by its string name, the class's default (what Keras's warnings call it). */
static void optimizer_name(const nnc_model *m, const char *config, size_t len, char *out,
                           size_t n) {
  cJSON *top = cJSON_ParseWithLength(config, len);
  const cJSON *cc = cJSON_GetObjectItemCaseSensitive(top, "compile_config");
  const cJSON *o = cJSON_GetObjectItemCaseSensitive(cc, "optimizer");
  const cJSON *name = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(o, "config"), "name");
  if (cJSON_IsString(name))
    snprintf(out, n, "%s", name->valuestring);
  else
    keras_opt_default_name(m->copt.optimizer.kind, out, n);
  cJSON_Delete(top);
}

/* Compiles m from config.json's compile_config, when it has one, and restores its optimizer
 * variables from the weights file (the temporary tmp, named wlabel in messages). */
static nnc_status compile_and_restore(nnc_model *m, const char *config, size_t len,
                                      const char *label, const char *tmp, const char *wlabel) {
  nnc_status s = compile_saved(m, config, len, label);
  if (s != NNC_OK || !m->compiled)
    return s;
  char name[128];
  optimizer_name(m, config, len, name, sizeof name);
  s = keras_opt_vars_load(m, tmp, wlabel, name);
  return s == NNC_OK ? s : relabel(s, tmp, wlabel);
}

nnc_status keras_archive_load_weights(nnc_model *m, const char *fn, const char *path,
                                      bool skip_mismatch) {
  char wlabel[4200], tmp[4096] = "";
  snprintf(wlabel, sizeof wlabel, "%s[model.weights.h5]", path);
  uint64_t wsize = 0;
  FmtNpz z;
  nnc_status s = fmt_npz_open(path, &z);
  if (s != NNC_OK)
    return s;
  s = extract_weights(&z, wlabel, tmp, sizeof tmp, &wsize);
  if (s == NNC_OK && (s = keras_h5_load(m, fn, tmp, skip_mismatch)) != NNC_OK)
    s = relabel(s, tmp, wlabel);
  if (tmp[0])
    remove(tmp);
  fmt_npz_close(&z);
  return s;
}

nnc_status nnc_model_load_keras(const char *path, nnc_model **out) {
  const char *fn = "nnc_model_load_keras";
  if (!path || !out)
    return base_error(NNC_ERR_ARG, "%s: %s is NULL", fn, path ? "out" : "path");
  *out = NULL;
  if (keras_legacy_h5_name(path))
    return keras_legacy_h5_load(path, out);
  FmtNpz z;
  nnc_status s = fmt_npz_open(path, &z);
  char *config = NULL, label[4200], wlabel[4200], tmp[4096] = "";
  size_t len = 0;
  uint64_t wsize = 0;
  nnc_model *m = NULL;
  snprintf(label, sizeof label, "%s[config.json]", path);
  snprintf(wlabel, sizeof wlabel, "%s[model.weights.h5]", path);
  if (s == NNC_OK)
    s = read_config(&z, &config, &len);
  if (s == NNC_OK)
    s = extract_weights(&z, wlabel, tmp, sizeof tmp, &wsize);
  if (s == NNC_OK)
    s = keras_model_from_config(config, len, label, wsize, &m);
  if (s == NNC_OK && (s = keras_h5_load(m, fn, tmp, false)) != NNC_OK)
    s = relabel(s, tmp, wlabel);
  if (s == NNC_OK)
    s = compile_and_restore(m, config, len, label, tmp, wlabel);
  if (tmp[0])
    remove(tmp);
  fmt_npz_close(&z);
  base_free(config);
  if (s != NNC_OK) {
    nnc_model_free(m);
    return s;
  }
  *out = m;
  return NNC_OK;
}

nnc_status nnc_model_load_keras_in(nnc_context *c, const char *path, nnc_model **out) {
  if (out)
    *out = NULL;
  if (c && base_context_check(c, __func__) != NNC_OK)
    return NNC_ERR_ARG;
  const nnc_context *was = base_context_swap(c); /* the model is made in the current one */
  nnc_status s = nnc_model_load_keras(path, out);
  base_context_swap(was);
  return s;
}
