/* build.c — nnc_model_build_object: the model's training step and prediction as an object
 * file for a target, with its header and weight-file code beside it (nnc build).
 *
 * The graphs are the very ones the model's variants run (keras_build_graph), compiled by
 * the driver to its OBJECT stage instead of JIT, so on the host the object computes nnc's
 * bits. The object's state block holds, each region 64-aligned and in this order: the
 * weights (in save_weights order), the optimizer state (by leaf name, shared by both
 * graphs), the training step's loss and prediction, and one scratch arena
 * for both graphs, which never run at once. Predict's staging rows (a batch of x and of y
 * for the last rows) lie in that arena past the bytes the predict graph uses, so they cost
 * nothing when the training step needs more scratch than that. Its fills follow
 * keras_model_build's draws (layer by layer, each layer's weights in order), so
 * NAME_init(seed) makes the weights nnc_model_set_seed(seed) makes; an initializer an
 * object cannot draw (keras_init_rule) is refused.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keras.h"

typedef struct {
  const char *name;             /* a STATE or select leaf's name (in a graph's arena) */
  int64_t offset;
} Region;

typedef struct {
  nnc_model *m;
  const nnc_build_options *o;
  DriverObject *obj;
  Forward f[2];                 /* the graphs of p.entries, in order */
  TensorRef *w;                 /* the weights in save_weights order */
  int nw;
  int64_t *woff;                /* [nw] their offsets in the state */
  Region *regions;
  int nregions;
  Program p;                    /* its arrays owned here */
  int64_t scratch;              /* bytes of the largest graph's scratch */
} Build;

nnc_build_options nnc_build_defaults(void) {
  return (nnc_build_options){.struct_size = sizeof(nnc_build_options), .dir = ".",
                             .name = "model", .batch = 32};
}

static bool c_identifier(const char *s) {
  if (!s || !(isalpha((unsigned char)*s) || *s == '_') || strlen(s) > 64)
    return false;
  for (; *s; s++)
    if (!isalnum((unsigned char)*s) && *s != '_')
      return false;
  return true;
}

static nnc_status check(const nnc_model *m, const nnc_build_options *o) {
  const char *fn = "nnc_model_build_object";
  if (!m || !o || !o->dir)
    return base_error(NNC_ERR_ARG, "%s: %s is NULL", fn, !m ? "the model" : !o ? "options" : "dir");
  if (!c_identifier(o->name))
    return base_error(NNC_ERR_ARG, "%s: the name '%s' is not a C identifier of at most 64 "
                      "characters", fn, o->name ? o->name : "");
  if (o->batch < 1 || o->batch > (1 << 24))
    return base_error(NNC_ERR_ARG, "%s: batch must be from 1 to %d, found %lld", fn, 1 << 24,
                      (long long)o->batch);
  if (!m->compiled)
    return base_error(NNC_ERR_ARG, "%s: compile the model first", fn);
  if (m->features <= 0)
    return base_error(NNC_ERR_ARG, "%s: the model has no fixed input size: give it an input "
                      "layer (Input(shape=...) or input_shape=), or fit it once", fn);
  return NNC_OK;
}

static int64_t round64(int64_t bytes) {
  return (bytes + 63) & ~(int64_t)63;
}

/* A new region of `bytes` at the end of the state, 64-aligned. */
static int64_t take(Build *b, int64_t bytes) {
  int64_t at = round64(b->p.state_bytes);
  b->p.state_bytes = at + bytes;
  return at;
}

static int64_t bytes_of(const Value *v) {
  return ir_numel(v->shape) * (int64_t)ir_dtype_size(v->dtype);
}

static Fill *new_fill(Build *b) {
  Fill *f = base_realloc(b->p.fills, sizeof *f * ((size_t)b->p.nfills + 1));
  if (!f)
    return NULL;
  b->p.fills = f;
  f = &f[b->p.nfills++];
  memset(f, 0, sizeof *f);
  return f;
}

/* The weights: a region, a named tensor and a fill each, in keras_model_build's order. */
static nnc_status layout_weights(Build *b) {
  nnc_status s = keras_model_tensors(b->m, false, "nnc_model_build_object", &b->w, &b->nw);
  b->woff = s == NNC_OK ? base_calloc((size_t)b->nw + 1, sizeof *b->woff) : NULL;
  b->p.named = b->woff ? base_calloc((size_t)b->nw + 1, sizeof *b->p.named) : NULL;
  if (s == NNC_OK && !b->p.named)
    s = base_error(NNC_ERR_NOMEM, "nnc_model_build_object: out of memory");
  for (int i = 0; i < b->nw && s == NNC_OK; i++) {
    nnc_tensor *t = b->w[i].t;
    b->woff[i] = take(b, t->numel * (int64_t)rt_dtype_size(t->dtype));
    Named *nd = &b->p.named[b->p.nnamed++];
    nd->name = b->w[i].name;
    nd->offset = b->woff[i];
    nd->shape.rank = t->rank;
    memcpy(nd->shape.dim, t->shape, sizeof *t->shape * (size_t)t->rank);
  }
  /* the draws' order, layer by layer, each layer's weights in order, is save_weights's */
  for (int i = 0; i < b->nw && s == NNC_OK; i++) {
    Fill *f = new_fill(b);
    s = f ? keras_init_rule(b->w[i].t, &keras_weight_named(b->m, b->w[i].name)->init, f)
          : base_error(NNC_ERR_NOMEM, "nnc_model_build_object: out of memory");
    if (s == NNC_OK)
      f->offset = b->woff[i];
  }
  return s;
}

/* The region of a STATE leaf, made (with its fill) on first sight. */
static nnc_status named_region(Build *b, const Value *v, int64_t *offset) {
  for (int i = 0; i < b->nregions; i++)
    if (strcmp(b->regions[i].name, v->name) == 0) {
      *offset = b->regions[i].offset;
      return NNC_OK;
    }
  Region *r = base_realloc(b->regions, sizeof *r * ((size_t)b->nregions + 1));
  Fill *f = r ? (b->regions = r, new_fill(b)) : NULL;
  if (!f)
    return base_error(NNC_ERR_NOMEM, "nnc_model_build_object: out of memory");
  *offset = take(b, bytes_of(v));
  b->regions[b->nregions++] = (Region){v->name, *offset};
  *f = (Fill){.kind = FILL_CONST, .dtype = v->dtype, .offset = *offset, .shape = v->shape,
              .a = v->num};
  return NNC_OK;
}

static nnc_status bind_leaf(Build *b, const Value *v, Binding *out) {
  *out = (Binding){.kind = BIND_STATE};
  if (v->op == OP_INPUT && strcmp(v->name, "x") == 0)
    out->kind = BIND_X;
  else if (v->op == OP_INPUT && strcmp(v->name, "y") == 0)
    out->kind = BIND_Y;
  else if (v->op == OP_INPUT && strncmp(v->name, "const:", 6) == 0)
    return base_error(NNC_ERR_ARG, "nnc_model_build_object: '%s' (a constant matrix of "
                      "keras.ops.matmul) cannot live in an object yet", v->name + 6);
  else if (v->op == OP_STATE && v->dtype != (DType)b->m->copt.dtype)
    return base_error(NNC_ERR_ARG, "nnc_model_build_object: '%s' (a Dropout's step counter) "
                      "cannot live in an object yet", v->name);
  else if (v->op == OP_STATE)
    return named_region(b, v, &out->offset);
  else if (v->op == OP_PARAM) {
    Weight *w = keras_weight_named(b->m, v->name);
    for (int i = 0; w && i < b->nw; i++)
      if (b->w[i].t == w->t) {
        out->offset = b->woff[i];
        return NNC_OK;
      }
    return base_error(NNC_ERR_INTERNAL, "nnc_model_build_object: no weight for '%s'", v->name);
  } else
    return base_error(NNC_ERR_INTERNAL, "nnc_model_build_object: unknown leaf %%%d", v->id);
  return NNC_OK;
}

/* Entry e's slots: the leaves bound by name, the training step's outputs in the state,
 * predict's prediction at its y argument. */
static nnc_status bind(Build *b, Entry *e, int loss_output) {
  const Graph *g = e->g;
  int n = ir_slots(g, NULL), nleaves = n - g->noutputs;
  Value **slots = base_malloc(sizeof *slots * ((size_t)n + 1));
  e->slots = base_calloc((size_t)n + 1, sizeof *e->slots);
  if (!slots || !e->slots) {
    base_free(slots);
    return base_error(NNC_ERR_NOMEM, "nnc_model_build_object: out of memory");
  }
  ir_slots(g, slots);
  nnc_status s = NNC_OK;
  for (int k = 0; k < nleaves && s == NNC_OK; k++)
    s = bind_leaf(b, slots[k], &e->slots[k]);
  for (int k = nleaves; k < n && s == NNC_OK; k++) {
    if (e->kind == ENTRY_PREDICT)
      e->slots[k] = (Binding){.kind = BIND_Y};
    else
      e->slots[k] = (Binding){.kind = BIND_STATE, .offset = take(b, bytes_of(slots[k]))};
  }
  e->loss = nleaves + loss_output;
  base_free(slots);
  return s;
}

/* Builds and compiles the graph of kind into the object, as entry p.nentries. */
static nnc_status add_graph(Build *b, VariantKind kind) {
  bool train = kind == VAR_TRAIN;
  Forward *f = &b->f[b->p.nentries];
  nnc_status s = keras_build_graph(b->m, kind, b->o->batch, f);
  DriverJob job = {.stop = DRIVER_OBJECT, .object = b->obj,
                   .object_fn = train ? "train" : "predict"};
  nnc_optimizer opt;
  if (train)
    keras_train_job(b->m, f, &opt, &job);
  DriverOut out = {.loss_output = -1};
  if (s == NNC_OK)
    s = driver_compile(f->g, &job, &out);
  driver_out_free(&out);
  Entry *e = &b->p.entries[b->p.nentries++];
  *e = (Entry){.kind = train ? ENTRY_TRAIN : ENTRY_PREDICT, .fn = job.object_fn, .g = f->g};
  if (s == NNC_OK)
    s = bind(b, e, out.loss_output);
  if (s == NNC_OK && f->g->scratch_bytes > b->scratch)
    b->scratch = f->g->scratch_bytes;
  return s;
}

/* The program for the model's graphs, compiled into b->obj. */
static nnc_status program(Build *b) {
  nnc_model *m = b->m;
  b->p = (Program){.prefix = b->o->name, .dtype = (DType)m->copt.dtype, .batch = b->o->batch,
                   .in = m->features, .out = keras_out_units(m),
                   .ylen = keras_sparse(m) ? 1 : keras_out_units(m)};
  b->p.entries = base_calloc(2, sizeof *b->p.entries);
  if (!b->p.entries)
    return base_error(NNC_ERR_NOMEM, "nnc_model_build_object: out of memory");
  nnc_status s = layout_weights(b);
  if (s == NNC_OK && !b->o->predict_only)
    s = add_graph(b, VAR_TRAIN);
  if (s == NNC_OK)
    s = add_graph(b, VAR_PREDICT);
  if (s != NNC_OK)
    return s;
  Entry *pe = &b->p.entries[b->p.nentries - 1];
  int64_t es = (int64_t)ir_dtype_size(b->p.dtype), used = round64(pe->g->scratch_bytes);
  int64_t xbytes = round64(b->p.batch * b->p.in * es), ybytes = b->p.batch * b->p.out * es;
  int64_t need = used + xbytes + ybytes;
  int64_t scratch = take(b, b->scratch > need ? b->scratch : need);
  for (int i = 0; i < b->p.nentries; i++)
    b->p.entries[i].scratch = scratch;
  pe->x_stage = scratch + used;
  pe->y_stage = scratch + used + xbytes;
  b->p.state_bytes = round64(b->p.state_bytes);
  return NNC_OK;
}

static void build_free(Build *b) {
  driver_object_free(b->obj);
  for (int i = 0; i < b->p.nentries; i++)
    base_free(b->p.entries[i].slots);
  for (int i = 0; i < 2; i++)
    keras_forward_free(&b->f[i]);
  base_free(b->p.entries);
  base_free(b->p.fills);
  base_free(b->p.named);
  base_free(b->regions);
  base_free(b->woff);
  base_free(b->w);
}

/* ---- the files ---- */

enum { NFILES = 3 };

/* The three files go through formats' safe writer (outfile.c: an unpredictable O_EXCL
 * temporary beside each, symlinks followed, the old mode kept, temporaries removed on every
 * error and on SIGINT or SIGTERM); all three are written before the first replaces its old
 * file. */
typedef struct {
  char path[NFILES][4096];
  FmtOut out[NFILES];
} Files;

static nnc_status file_names(const nnc_build_options *o, Files *fs) {
  static const char *const suffix[NFILES] = {".o", ".h", "_io.c"};
  for (int i = 0; i < NFILES; i++) {
    int a = snprintf(fs->path[i], sizeof fs->path[i], "%s/%s%s", o->dir, o->name, suffix[i]);
    if (a < 0 || (size_t)a >= sizeof fs->path[i])
      return base_error(NNC_ERR_ARG, "nnc_model_build_object: the directory name is too long");
  }
  return NNC_OK;
}

/* Writes file i's temporary: the object's bytes, or the text of the header or io.c. */
static nnc_status write_temp(Files *fs, int i, const Build *b, const char *bytes, size_t n) {
  nnc_status s = fmt_out_open(&fs->out[i], fs->path[i]);
  if (s != NNC_OK)
    return s;
  FILE *f = fs->out[i].f;
  if (i == 0)
    fwrite(bytes, 1, n, f);
  else if (i == 1)
    keras_object_header(f, &b->p, b->o->predict_only);
  else
    keras_object_io(f, &b->p);
  if (fflush(f) != 0 || ferror(f))
    return base_error(NNC_ERR_IO, "cannot write %s: %s", fs->path[i],
                      strerror(errno));
  return NNC_OK;
}

/* DIR must be a directory, and a directory where a file goes would stop its commit after
 * the others had landed: both are refused before anything is written. */
static nnc_status nothing_in_the_way(const char *dir, const Files *fs) {
  struct stat st;
  int r = stat(dir, &st);
  if (r != 0 || !S_ISDIR(st.st_mode))
    return base_error(NNC_ERR_IO, "cannot write in %s: %s", dir,
                      strerror(r != 0 ? errno : ENOTDIR));
  for (int i = 0; i < NFILES; i++)
    if (stat(fs->path[i], &st) == 0 && S_ISDIR(st.st_mode))
      return base_error(NNC_ERR_IO, "cannot write %s: a directory is in the way",
                        fs->path[i]);
  return NNC_OK;
}

static nnc_status write_files(const Build *b, const char *bytes, size_t n) {
  Files fs;
  memset(&fs, 0, sizeof fs);
  nnc_status s = file_names(b->o, &fs);
  if (s == NNC_OK)
    s = nothing_in_the_way(b->o->dir, &fs);
  for (int i = 0; i < NFILES && s == NNC_OK; i++)
    s = write_temp(&fs, i, b, bytes, n);
  for (int i = 0; i < NFILES && s == NNC_OK; i++)
    s = fmt_out_commit(&fs.out[i]);
  for (int i = 0; i < NFILES; i++) { /* removes what was not committed */
    nnc_status c = fs.out[i].f ? fmt_out_close(&fs.out[i]) : NNC_OK;
    s = s == NNC_OK ? c : s;
  }
  return s;
}

nnc_status nnc_model_build_object(nnc_model *m, const nnc_build_options *caller) {
  KERAS_ENTER(m);
  nnc_build_options defaults = nnc_build_defaults(), mine, *o = caller ? &mine : NULL;
  nnc_status s = caller ? base_struct_read(&mine, &defaults, sizeof mine, caller, __func__,
                                           "nnc_build_options") : NNC_OK;
  s = s == NNC_OK ? check(m, o) : s;
  if (s != NNC_OK)
    return s;
  Build b = {.m = m, .o = o};
  char *bytes = NULL;
  size_t n = 0;
  s = keras_model_build(m, keras_input_shape(m));
  if (s == NNC_OK)
    s = driver_object_new(o->target, o->cpu, &b.obj);
  if (s == NNC_OK)
    s = program(&b);
  if (s == NNC_OK)
    s = driver_object_write(b.obj, &b.p, &bytes, &n);
  if (s == NNC_OK)
    s = write_files(&b, bytes, n);
  base_free(bytes);
  build_free(&b);
  return s;
}
