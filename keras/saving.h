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
/* What Keras logs at each save of a legacy .h5 file, newline included. */
extern const char keras_legacy_h5_warning[];

/* Keras's default name of an optimizer of kind k: its class in snake case ("rm_sprop"). */
void keras_opt_default_name(nnc_optimizer_kind k, char *out, size_t n);

#endif
