/* build_text.c — the two C files nnc build writes beside an object: NAME.h, the whole
 * contract of the object (its sizes, functions and what they promise), and NAME_io.c, the
 * weight files (the lines that name this model, then keras/weights_io.c.in as is). Both are
 * written for a C compiler that knows nothing of nnc.
 */
#include "keras.h"
#include "weights_io_text.h"

static const char *ctype(DType t) {
  return t == DT_F64 ? "double" : "float";
}

static void weights_comment(FILE *f, const Program *p) {
  fprintf(f, " * Weights, in %s_param order (Keras's names, as nnc run's save_weights writes "
             "them):\n", p->prefix);
  for (int i = 0; i < p->nnamed; i++) {
    const Named *nd = &p->named[i];
    fprintf(f, " *   %-24s %s [", nd->name, ir_dtype_name(p->dtype));
    for (int d = 0; d < nd->shape.rank; d++)
      fprintf(f, "%s%lld", d ? ", " : "", (long long)nd->shape.dim[d]);
    fprintf(f, "]\n");
  }
}

static void sizes(FILE *f, const Program *p, bool predict_only) {
  const char *n = p->prefix;
  fprintf(f, "#define %s_BATCH       %-8lld /* samples per %s */\n", n, (long long)p->batch,
          predict_only ? "run inside predict" : "training step");
  fprintf(f, "#define %s_IN          %-8lld /* features per sample: x is [n][%s_IN] */\n", n,
          (long long)p->in, n);
  fprintf(f, "#define %s_OUT         %-8lld /* outputs per sample: predict's y is [n][%s_OUT] */\n",
          n, (long long)p->out, n);
  if (!predict_only)
    fprintf(f, "#define %s_TARGETS     %-8lld /* targets per sample: train_step's y is "
            "[%s_BATCH][%s_TARGETS] */\n", n, (long long)p->ylen, n, n);
  fprintf(f, "#define %s_STATE_SIZE  %-8lld /* bytes: weights, optimizer state and scratch, "
          "one block */\n", n, (long long)p->state_bytes);
  fprintf(f, "#define %s_STATE_ALIGN 64       /* the block's alignment, for speed (%d bytes "
          "suffice) */\n\n", n, (int)ir_dtype_size(p->dtype));
}

static void functions(FILE *f, const Program *p, bool predict_only) {
  const char *n = p->prefix, *t = ctype(p->dtype);
  fprintf(f, "/* Fills the state with the initial weights that nnc run --seed SEED gives (Keras's\n"
             " * initializers, bit for bit) and the optimizer's starting state. */\n"
             "void %s_init(void *state, uint64_t seed);\n", n);
  if (!predict_only)
    fprintf(f, "/* One training step on one batch (x [%s_BATCH][%s_IN], y [%s_BATCH]"
               "[%s_TARGETS]):\n * forward pass, loss, backward pass, optimizer update. Returns "
               "the batch's loss,\n * computed before the update. */\n"
               "%s %s_train_step(void *state, const %s *x, const %s *y);\n",
            n, n, n, n, t, n, t, t);
  fprintf(f, "/* The model's outputs y [n][%s_OUT] for the samples x [n][%s_IN], any n. */\n"
             "void %s_predict(void *state, const %s *x, %s *y, size_t n);\n", n, n, n, t, t);
  fprintf(f, "/* The weights: how many, the name of weight i (NULL past the end), and its data in\n"
             " * the state (NULL past the end; its element count in *elements unless NULL). */\n"
             "size_t %s_param_count(void);\n"
             "const char *%s_param_name(size_t i);\n"
             "%s *%s_param(void *state, size_t i, size_t *elements);\n\n", n, n, t, n);
  fprintf(f, "/* %s_io.c (needs a hosted C library): the weights to and from safetensors files,\n"
             " * the files of nnc run's save_weights and load_weights. NULL on success, else a\n"
             " * message naming the file; load changes nothing unless the whole file fits. */\n"
             "const char *%s_save_weights(const void *state, const char *path);\n"
             "const char *%s_load_weights(void *state, const char *path);\n", n, n, n);
}

void keras_object_header(FILE *f, const Program *p, bool predict_only) {
  const char *n = p->prefix;
  fprintf(f, "/* %s.h — a model compiled ahead of time by nnc %s (nnc build): %s.o holds its\n"
             " * %s. The object needs nothing at run time: no nnc, LLVM, libc,\n"
             " * libm, threads or allocation. Every function works on one block of memory that\n"
             " * the caller owns, the state; calls on different states may run at once.\n",
          n, NNC_VERSION, n, predict_only ? "prediction" : "training step and prediction");
  weights_comment(f, p);
  fprintf(f, " */\n#ifndef %s_H\n#define %s_H\n\n#include <stddef.h>\n#include <stdint.h>\n\n"
             "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n", n, n);
  sizes(f, p, predict_only);
  functions(f, p, predict_only);
  fprintf(f, "\n#ifdef __cplusplus\n}\n#endif\n#endif\n");
}

void keras_object_io(FILE *f, const Program *p) {
  const char *n = p->prefix;
  fprintf(f, "/* %s_io.c — %s's weights as safetensors files; written by nnc %s (nnc build)\n"
             " * beside %s.o and %s.h. */\n#include \"%s.h\"\n\n", n, n, NNC_VERSION, n, n, n);
  fprintf(f, "#define IO(f) %s_##f\n#define IO_DTYPE \"%s\"\n#define IO_ESIZE %d\n"
             "#define IO_VERSION \"%s\"\n", n, p->dtype == DT_F64 ? "F64" : "F32",
          (int)ir_dtype_size(p->dtype), NNC_VERSION);
  fprintf(f, "static const size_t io_rank[] = {");
  for (int i = 0; i < p->nnamed; i++)
    fprintf(f, "%s%d", i ? ", " : "", p->named[i].shape.rank);
  fprintf(f, "};\nstatic const size_t io_shape[][4] = {");
  for (int i = 0; i < p->nnamed; i++) {
    fprintf(f, "%s{", i ? ", " : "");
    for (int d = 0; d < p->named[i].shape.rank; d++)
      fprintf(f, "%s%lld", d ? ", " : "", (long long)p->named[i].shape.dim[d]);
    fprintf(f, "}");
  }
  fprintf(f, "};\n\n");
  fputs(weights_io_text, f);
}
