/* cmd_build.c — nnc build: a model file's training step and prediction as an object file,
 * its header and its weight-file code (nnc_model_build_object).
 *
 * The file runs up to its first fit(), where the model's input size becomes known (as for
 * nnc summary and emit); the model there is compiled ahead of time for --target and --cpu,
 * for fit()'s batch size unless --batch says otherwise. A file without fit() runs to its
 * end and its last model is built (for --batch, or 32), which needs an input size
 * (Input(shape=...) or input_shape=). NAME defaults to the file's stem, which must then be
 * a C identifier.
 */
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

typedef struct {
  CliStop stop;
  const CliArgs *a;
  const char *name;
} BuildState;

/* Builds m with the command's options, for `batch` unless --batch is given. */
static void build(BuildState *bs, nnc_model *m, int64_t batch) {
  nnc_build_options o = nnc_build_defaults();
  o.dir = bs->a->outdir;
  o.name = bs->name;
  o.batch = bs->a->batch ? bs->a->batch : batch;
  o.target = bs->a->target;
  o.cpu = bs->a->cpu;
  o.predict_only = bs->a->predict_only;
  bs->stop.st = nnc_model_build_object(m, &o);
}

static int build_hook(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y, nnc_fit_options *f,
                      void *user) {
  BuildState *bs = user;
  bs->stop.reached = true;
  bs->stop.st = keras_check_data(m, x, y, "fit");
  if (bs->stop.st == NNC_OK)
    build(bs, m, f->batch_size);
  return 1;
}

/* A file without fit(): its last model, if it made one. */
static void build_end(nnc_model *m, void *user) {
  BuildState *bs = user;
  bs->stop.reached = m != NULL;
  if (m)
    build(bs, m, nnc_fit_defaults().batch_size);
}

/* The stem of path: its base name up to the first dot, in name (n bytes). */
static void stem(const char *path, char *name, size_t n) {
  const char *slash = strrchr(path, '/'), *b = slash ? slash + 1 : path;
  size_t len = strcspn(b, ".");
  snprintf(name, n, "%.*s", (int)(len < n ? len : n - 1), b);
}

static void report(const CliArgs *a, const char *name) {
  char path[4200];
  snprintf(path, sizeof path, "%s/%s.o", a->outdir, name);
  struct stat st;
  long long size = stat(path, &st) == 0 ? (long long)st.st_size : -1;
  printf("nnc build: wrote %s (%lld bytes, %s%s%s), %s/%s.h, %s/%s_io.c\n", path, size,
         a->target ? a->target : "this machine", a->cpu ? ", " : "", a->cpu ? a->cpu : "",
         a->outdir, name, a->outdir, name);
}

nnc_status cli_build(const CliArgs *a, Interp *I, Source *s, Ast *ast, int *code) {
  char name[128];
  stem(a->file, name, sizeof name);
  BuildState bs = {.a = a, .name = a->name ? a->name : name};
  pl_state(I)->o.before_fit = build_hook;
  pl_state(I)->o.at_end = build_end;
  pl_state(I)->o.user = &bs;
  nnc_status st = fe_run(I, s, ast, code);
  if (st == NNC_OK && !s->ndiags && !bs.stop.reached)
    st = base_error(NNC_ERR_ARG, "%s makes no model to build", a->file);
  if (st == NNC_OK && !a->name && bs.stop.st != NNC_OK && strstr(nnc_last_error(), "C identifier"))
    st = base_error(NNC_ERR_ARG, "%s: the file's stem '%s' is not a C identifier: give --name",
                    a->file, name);
  if (st == NNC_OK)
    st = bs.stop.st;
  if (st == NNC_OK && !s->ndiags)
    report(a, bs.name);
  return st;
}
