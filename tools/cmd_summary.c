/* cmd_summary.c — nnc summary: the model's summary as Keras 3 prints it (nnc_model_summary,
 * the same as a model file's model.summary()), then the memory plan of its training step.
 *
 * The file runs up to its first fit(), where the data gives the input size and fit its
 * batch size. The plan is of the training step compiled for that batch: parameter bytes,
 * optimizer state bytes (the STATE buffers the step binds) and the scratch arena the memory
 * planner laid out. A file that never calls fit() gets the summary of the last model it
 * made: built when Input(shape=), input_shape= or input_dim= gives the input size, with the
 * plan for fit's default batch when the model is compiled; unbuilt otherwise, as Keras
 * prints a model that has not seen its input, and a line saying why there is no plan.
 */
#include <string.h>

#include "cli.h"

static int64_t state_bytes(const nnc_model *m) {
  int64_t b = 0;
  for (int i = 0; i < m->nstates; i++)
    b += m->states[i].t->numel * (int64_t)rt_dtype_size(m->states[i].t->dtype);
  return b;
}

static void memory_plan(FILE *out, const nnc_model *m, const Variant *v) {
  size_t es = rt_dtype_size(m->copt.dtype);
  char count[32], size[32];
  fprintf(out, " Memory plan of the training step (batch %lld, %s):\n", (long long)v->batch,
          rt_dtype_name(m->copt.dtype));
  int64_t parts[3] = {nnc_model_param_count(m) * (int64_t)es, state_bytes(m), v->scratch_bytes};
  static const char *const what[3] = {"parameters", "optimizer state", "scratch"};
  for (int i = 0; i < 3; i++) {
    keras_commas(count, sizeof count, parts[i]);
    keras_bytes(size, sizeof size, (double)parts[i]);
    fprintf(out, "   %-16s %14s bytes (%s)\n", what[i], count, size);
  }
}

/* The summary, then the plan of the training step for `batch`. */
static nnc_status print_summary(nnc_model *m, int64_t batch) {
  Variant *v = NULL;
  nnc_status s = keras_variant_get(m, VAR_TRAIN, batch, &v);
  if (s == NNC_OK)
    s = nnc_model_summary(m, stdout, 0);
  if (s == NNC_OK)
    memory_plan(stdout, m, v);
  fflush(stdout);
  return s;
}

int cli_summary_hook(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y, nnc_fit_options *f,
                     void *user) {
  CliStop *stop = user;
  stop->reached = true;
  stop->st = keras_check_data(m, x, y, "fit");
  int64_t n = x->shape[0];
  int64_t train = f->x_val ? n : (int64_t)((double)n * (1.0 - f->validation_split));
  int64_t batch = train < f->batch_size && train > 0 ? train : f->batch_size;
  if (stop->st == NNC_OK)
    stop->st = print_summary(m, batch);
  return 1;
}

void cli_summary_end(nnc_model *m, void *user) {
  CliStop *stop = user;
  stop->reached = m != NULL;
  if (!m)
    return;
  if (m->compiled && m->features > 0) {
    stop->st = print_summary(m, nnc_fit_defaults().batch_size);
    return;
  }
  stop->st = nnc_model_summary(m, stdout, 0);
  if (stop->st != NNC_OK)
    return;
  if (m->features <= 0)
    printf(" Memory plan: not known before fit() gives the input size (Input(shape=...), or "
           "input_shape= or input_dim= on the first layer, gives it sooner)\n");
  else
    printf(" Memory plan: none, the model is never compiled\n");
  fflush(stdout);
}
