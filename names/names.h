/* names.h — every list of names a user can type, and how a typed name is matched.
 *
 * Each list is one X-macro table in this folder: activations.def, initializers.def,
 * losses.def, optimizers.def, metrics.def, monitors.def, layers.def, regularizers.def and
 * constraints.def. A row holds the public enum id,
 * the names Keras accepts for it, and what its users need (an activation's IR builder, an
 * optimizer's update and Keras defaults, a loss's builder and arguments, a doc line). Each
 * user includes a .def with the columns it reads, so no list is kept twice:
 *   - names.c makes the lookups below and the C API's nnc_X_from_name / nnc_X_name, and
 *     checks the public enums against the rows when it compiles;
 *   - ir/ makes InitKind and LossKind from the rows; keras/ and passes/ take builders,
 *     updates and defaults from them; pylib/keras_objects.c makes the model-file classes of
 *     losses and optimizers from them; checkpoints store the canonical names;
 *   - tests/names/test_docs.c checks the tables of docs/model-files.md against them.
 * Every .def defaults the macros it uses to nothing and #undefs them at its end, so an
 * includer defines only the ones it reads (and HP, where it expands a params column).
 *
 * Sections below follow the .c files that define them.
 */
#ifndef NNC_NAMES_H
#define NNC_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "nnc.h"

/* Flags of losses.def rows. */
enum { LOSS_CLASS_AXIS = 1, LOSS_CLASS_IDS = 2 };

/* ---------------------------------------------------------------------------------------
 * names.c — the tables as data, and finding a name in one. */

typedef struct {
  const char *name;             /* canonical: what nnc_X_name returns */
  const char *cls;              /* Keras's class, accepted as a string too; NULL if none */
  const char *aliases;          /* more accepted names, space-separated; "" if none */
  bool fold;                    /* letter case does not matter */
  bool key_only;                /* name is not accepted, only what nnc_X_name returns */
} NameRow;

typedef struct {
  const char *what;             /* "activation": the kind, for messages */
  const NameRow *rows;          /* rows[id], id the public enum's value */
  int nrows;
  bool fold;                    /* letter case does not matter anywhere (optimizers) */
  const char *keras_only;       /* Keras's names nnc does not implement yet, space-separated */
} NameTable;

extern const NameTable names_activations, names_initializers, names_losses, names_optimizers,
    names_metrics, names_monitors, names_layers, names_regularizers, names_constraints;

/* The id of the row that accepts `name`, as Keras matches it; -1 when none does. */
int names_find(const NameTable *t, const char *name);
/* The canonical name of row id; NULL when id is not a row. */
const char *names_name(const NameTable *t, int id);
/* `name` is one Keras has for this kind and nnc does not implement yet. */
bool names_keras_only(const NameTable *t, const char *name);
/* Calls fn(word, len, user) for each space-separated word of s. */
void names_words(const char *s, void (*fn)(const char *w, size_t len, void *user), void *user);

/* ---------------------------------------------------------------------------------------
 * args.c — the argument lists of layers.def, initializers.def, regularizers.def and
 * constraints.def as data: what keras/config.c checks a configuration against and the docs
 * list. */

/* What an argument accepts (layers.def's ARG type column). null is accepted only where the
 * default is null. */
typedef enum {
  LA_INT,          /* an integer (an axis) */
  LA_POS_INT,      /* an integer >= 1 */
  LA_NUM,          /* a finite number */
  LA_POS_NUM,      /* a number > 0 */
  LA_NONNEG_NUM,   /* a number >= 0 */
  LA_RATE,         /* a number in [0, 1] */
  LA_BOOL,
  LA_STR,          /* a string (a layer's name) */
  LA_CHOICE,       /* one of the strings of the ARG's `more` column */
  LA_DTYPE,        /* "float32", "float64", or Keras's DTypePolicy object of one */
  LA_ACTIVATION,   /* a name of activations.def (null: linear) */
  LA_INITIALIZER,  /* a name or an object of initializers.def */
  LA_REGULARIZER,  /* a name or an object of regularizers.def */
  LA_CONSTRAINT,   /* a name or an object of constraints.def */
  LA_SHAPE,        /* a list of 1 to 3 positive integers: one sample's shape */
  LA_BATCH_SHAPE,  /* a list of 2 to 4: null or a positive integer (the batch), then a shape */
  LA_TARGET_SHAPE, /* a list of 1 to 3 positive integers, one of which may be -1 */
  LA_NOISE_SHAPE,  /* a list of positive integers or nulls (null: the input's dimension) */
  LA_AXES,         /* an integer or a list of distinct integers */
  LA_KEEP_AXES,    /* LA_AXES, or null: no axis kept (Normalization's axis=None) */
  LA_SEED,         /* an integer in [0, 2^53) */
  LA_NUMS,         /* a number or a list of numbers (Normalization's mean) */
  LA_OPERAND,      /* a number, or a matrix as a list of rows of numbers (an Operation's) */
  LA_FIXED,        /* an argument nnc does not implement: its default, false or null only */
} ArgType;

typedef struct {
  const char *name;
  ArgType type;
  const char *def;              /* Keras's default as JSON text; "" when required */
  const char *more;             /* older names still accepted, or LA_CHOICE's strings */
} ArgSpec;

typedef enum { WK_TRAINABLE, WK_FROZEN, WK_FROZEN_I32 } WeightKind;

typedef struct {
  const char *name;             /* Keras's: "kernel", "moving_mean" */
  WeightKind kind;
  const char *init, *reg, *con; /* the arguments that set them, or "" (init: or a name) */
} WeightSpec;

typedef struct {
  const char *cls;              /* "Dense" */
  const char *prefix;           /* "dense" */
  const ArgSpec *args;
  int nargs;
  const WeightSpec *weights;
  int nweights;
  const char *doc;
} LayerRow;

/* Row k of layers.def (NULL for a value that is not nnc_layer_kind's), and the arguments of
 * keras.layers.Layer that every class takes. */
const LayerRow *names_layer(int k);
const ArgSpec *names_layer_base(int *n);
/* The arguments of an initializer's, a regularizer's or a constraint's row (NULL, *n = 0
 * for no row). */
const ArgSpec *names_initializer_args(int k, int *n);
const ArgSpec *names_regularizer_args(int k, int *n);
const ArgSpec *names_constraint_args(int k, int *n);
/* The spec of argument `name` (or of an older name of it) in args[0..n); NULL if none. */
const ArgSpec *names_arg_find(const ArgSpec *args, int n, const char *name);

/* ---------------------------------------------------------------------------------------
 * hint.c — what to tell someone whose name a table does not accept. */

/* Levenshtein distance of a and b, capped: cap + 1 when larger. */
int names_edit_distance(const char *a, const char *b, int cap);
/* Equal but for ASCII letter case. */
bool names_same_letters(const char *a, size_t la, const char *b, size_t lb);
/* The accepted name that `name` is a slip of (copied into buf), or NULL. A slip changes
 * letter case, underscores or hyphens, or is one or two edits of spelling in a long name,
 * and is closer to it than to any name Keras has for something else: a hint never points
 * to a function with different maths ('mae' is not offered 'mse', nor 'elu' 'relu'). */
const char *names_suggest(const NameTable *t, const char *name, char *buf, size_t n);
/* The message for a name the table does not accept, `shown` being how to print the name:
 * "unknown activation 'sigmod' (did you mean 'sigmoid'?)", "activation 'elu' is not
 * supported by nnc yet (nnc knows 'linear', ...)" or "unknown loss 'x' (nnc knows ...)". */
void names_unknown(const NameTable *t, const char *name, const char *shown, char *buf, size_t n);

#endif
