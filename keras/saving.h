/* saving.h — names Keras's saving gives and reads, for the Keras binding (pylib/) and
 * keras/ alike: what a model file's name asks model.save to write, and an optimizer's
 * default name (the first part of its variables' paths). */
#ifndef NNC_KERAS_SAVING_H
#define NNC_KERAS_SAVING_H

#include <stdbool.h>
#include <stddef.h>

#include "nnc.h"

/* A legacy HDF5 model file's name, as Keras's save_model and load_model tell it: ".h5" (not
 * ".weights.h5") or ".hdf5". */
bool keras_legacy_h5_name(const char *path);
/* Whether path ends with suffix. */
bool keras_ends_with(const char *path, const char *suffix);
/* load_weights of a legacy .h5/.hdf5 file (a whole-model file or Keras 2's weights file,
 * legacy_h5_weights.c) into m, matching its layers in order or, with by_name, by name; with
 * skip_mismatch a weight of another shape (by name, a layer of another count) keeps its
 * value, with Keras's warning. Keras's ValueErrors (NNC_ERR_ARG, NNC_ERR_SHAPE) for counts
 * and shapes, NNC_ERR_CORRUPT, NNC_ERR_TYPE naming the file; nothing changes unless all is
 * well. */
nnc_status keras_legacy_h5_load_weights(nnc_model *m, const char *fn, const char *path,
                                        bool by_name, bool skip_mismatch);
/* What Keras logs at each save of a legacy .h5 file, newline included. */
extern const char keras_legacy_h5_warning[];

/* Keras's default name of an optimizer of kind k: its class in snake case ("rm_sprop"). */
void keras_opt_default_name(nnc_optimizer_kind k, char *out, size_t n);
/* An optimizer's get_config() as Keras 3 makes it, in its order, named by default (a new
 * cJSON object; compile_config.c). */
struct cJSON *keras_optimizer_config(const nnc_optimizer *o);

#endif
