/* test_docs.c — docs/model-files.md's tables of names are the name tables: each block
 * between <!-- names:KIND --> and <!-- /names:KIND --> must be what this file renders from
 * names/KIND.def, so a row missing from the docs (or a stale default) fails here. With
 * NNC_UPDATE_GOLDEN=1 in the environment the test rewrites the blocks instead. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

/* ---- rendering ---- */

typedef struct {
  FILE *out;
  int n;
} Quoted;

static void quote(const char *w, size_t len, void *user) {
  Quoted *q = user;
  fprintf(q->out, "%s`'%.*s'`", q->n++ ? ", " : "", (int)len, w);
}

/* "`'a'`, `'b'`" for the space-separated words of s (prefixed by what came before). */
static void quoted(FILE *out, const char *s, int *n) {
  Quoted q = {out, *n};
  names_words(s, quote, &q);
  *n = q.n;
}

/* A .def params column as "name=default, ..." (HP gives ", name=default" each; a required
 * argument, default REQUIRED, is its name alone). */
static void call(FILE *out, const char *cls, const char *params) {
  static const char req[] = "=REQUIRED";
  fprintf(out, "`%s(", cls);
  for (const char *p = params[0] ? params + 2 : ""; *p; p++) {
    if (strncmp(p, req, sizeof req - 1) == 0)
      p += sizeof req - 2;
    else
      fputc(*p, out);
  }
  fprintf(out, ")`");
}

static void keras_also(FILE *out, const char *keras_only, const char *what) {
  int n = 0;
  fprintf(out, "\nKeras also has ");
  quoted(out, keras_only, &n);
  fprintf(out, ": nnc does not implement these %s yet, and says so when a file names one.\n", what);
}

/* An args column as "name=default, ..."; a required argument shows as its name alone. */
#define ARG(name, def) ", " #name "=" #def

static void function(FILE *out, const char *name, const char *args) {
  char buf[256];
  size_t n = 0;
  for (const char *p = args; *p && n + 1 < sizeof buf; p++) {
    if (strncmp(p, "=REQUIRED", 9) == 0)
      p += 8;
    else
      buf[n++] = *p;
  }
  buf[n] = '\0';
  call(out, name, buf);
}

/* The kops column: keras.ops' function where its arguments differ from keras.activations',
 * "the same" where they do not, "none" where keras.ops has no such function. */
#define KOPS(module, cls, prefix, args) "" args
#define KOPS_AS_OP "="
#define NO_KOPS NULL

static void in_keras_ops(FILE *out, const char *name, const char *params) {
  if (!params)
    fputs("none", out);
  else if (strcmp(params, "=") == 0)
    fputs("the same", out);
  else
    function(out, name, params);
}

static void activations(FILE *out) {
  fprintf(out, "| function | also accepted | `keras.ops` | computes |\n|---|---|---|---|\n");
#define ACTIVATION(id, name, aliases, axis, build, args, op, kops, doc) \
  fprintf(out, "| ");                                                   \
  function(out, name, "" args);                                         \
  fprintf(out, " | ");                                                  \
  quoted(out, aliases, &(int){0});                                      \
  fprintf(out, " | ");                                                  \
  in_keras_ops(out, name, kops);                                        \
  fprintf(out, " | %s |\n", doc);
#include "activations.def"
#undef KOPS
#undef KOPS_AS_OP
#undef NO_KOPS
  if (*names_activations.keras_only)
    keras_also(out, names_activations.keras_only, "activations");
}

#undef ARG

/* Keras's default as Python writes it: None, True, False, 'text', numbers as they are. */
static void py_default(FILE *out, const char *json) {
  if (strcmp(json, "null") == 0)
    fputs("None", out);
  else if (strcmp(json, "true") == 0 || strcmp(json, "false") == 0)
    fprintf(out, "%c%s", json[0] - 32, json + 1);
  else if (json[0] == '"')
    fprintf(out, "'%.*s'", (int)strlen(json) - 2, json + 1);
  else
    fputs(json, out);
}

/* "Cls(a, b=1, ...)": the arguments nnc implements (required ones first, bare). */
static void signature(FILE *out, const char *cls, const ArgSpec *args, int n) {
  int k = 0;
  fprintf(out, "`%s(", cls);
  for (int i = 0; i < n; i++) {
    if (args[i].type == LA_FIXED)
      continue;
    fprintf(out, "%s%s", k++ ? ", " : "", args[i].name);
    if (args[i].def[0]) {
      fputc('=', out);
      py_default(out, args[i].def);
    }
  }
  fputs(")`", out);
}

static void initializers(FILE *out) {
  fprintf(out, "| object | string names | draws |\n|---|---|---|\n");
  int n;
  const ArgSpec *a;
#define INITIALIZER(id, name, cls, aliases, fill, args, doc) \
  fputs("| ", out);                                          \
  a = names_initializer_args(NNC_INIT_##id, &n);             \
  signature(out, cls, a, n);                                 \
  fputs(" | ", out);                                         \
  quoted(out, name " " aliases, &(int){0});                  \
  fprintf(out, " | %s |\n", doc);
#include "initializers.def"
  keras_also(out, names_initializers.keras_only, "initializers");
}

static void layers(FILE *out) {
  fprintf(out, "| layer | weights | computes |\n|---|---|---|\n");
  for (int k = 0; names_layer(k); k++) {
    const LayerRow *r = names_layer(k);
    fputs("| ", out);
    signature(out, r->cls, r->args, r->nargs);
    fputs(" | ", out);
    for (int i = 0; i < r->nweights; i++)
      fprintf(out, "%s`%s`%s", i ? ", " : "", r->weights[i].name,
              r->weights[i].kind == WK_TRAINABLE ? "" : " (non-trainable)");
    fprintf(out, " | %s |\n", r->doc);
  }
  int n;
  const ArgSpec *base = names_layer_base(&n);
  fputs("\nEvery layer also takes ", out);
  for (int i = 0; i < n; i++) {
    fprintf(out, "%s`%s=", i ? ", " : "", base[i].name);
    py_default(out, base[i].def);
    fputc('`', out);
  }
  fputs(".\n", out);
  keras_also(out, names_layers.keras_only, "layers");
}

static void regularizers(FILE *out) {
  fprintf(out, "| object | string names | adds to the loss |\n|---|---|---|\n");
  int n;
  const ArgSpec *a;
#define REGULARIZER(id, name, cls, aliases, args, doc)   \
  fputs("| ", out);                                      \
  a = names_regularizer_args(NNC_REGULARIZER_##id, &n);  \
  signature(out, (cls) ? (cls) : "-", a, n);             \
  fputs(" | ", out);                                     \
  quoted(out, name " " aliases, &(int){0});              \
  fprintf(out, " | %s |\n", doc);
#include "regularizers.def"
  keras_also(out, names_regularizers.keras_only, "regularizers");
}

static void constraints(FILE *out) {
  fprintf(out, "| object | string names | the weight after each update |\n|---|---|---|\n");
  int n;
  const ArgSpec *a;
#define CONSTRAINT(id, name, cls, aliases, args, apply, doc) \
  fputs("| ", out);                                          \
  a = names_constraint_args(NNC_CONSTRAINT_##id, &n);        \
  signature(out, cls, a, n);                                 \
  fputs(" | ", out);                                         \
  quoted(out, name " " aliases, &(int){0});                  \
  fprintf(out, " | %s |\n", doc);
#include "constraints.def"
}

#define HP(name, type, def) ", " #name "=" #def

static void losses(FILE *out) {
  fprintf(out, "| object | string names | |\n|---|---|---|\n");
#define LOSS(id, short, name, cls, aliases, flags, build, params, doc) \
  fprintf(out, "| ");                                                  \
  call(out, cls, "" params);                                           \
  fprintf(out, " | ");                                                 \
  quoted(out, name " " cls " " aliases, &(int){0});                    \
  fprintf(out, " | %s |\n", doc);
#include "losses.def"
  keras_also(out, names_losses.keras_only, "losses");
}

static void optimizers(FILE *out) {
  fprintf(out, "| object | string name (any case) | update |\n|---|---|---|\n");
#define OPTIMIZER(id, name, cls, rule, slots, params, doc) \
  fprintf(out, "| ");                                      \
  call(out, cls, "" params);                               \
  fprintf(out, " | `'%s'` | %s |\n", name, doc);
#include "optimizers.def"
  keras_also(out, names_optimizers.keras_only, "optimizers");
}

/* Schedules have no string names: an object is passed as an optimizer's learning_rate. */
static void schedules(FILE *out) {
  fprintf(out, "| object | rate at step s |\n|---|---|\n");
#define SCHEDULE(id, cls, value, params, doc) \
  fprintf(out, "| ");                         \
  call(out, cls, "" params);                  \
  fprintf(out, " | %s |\n", doc);
#include "schedules.def"
}

static void callbacks(FILE *out) {
  fprintf(out, "| object | does | C API: `nnc_fit_options` member |\n|---|---|---|\n");
#define CALLBACK(id, cls, member, params, doc) \
  fprintf(out, "| ");                           \
  call(out, cls, "" params);                    \
  fprintf(out, " | %s | `%s` |\n", doc, #member);
#define KERAS_ONLY(names) keras_also(out, names, "callbacks");
#include "callbacks.def"
}

#undef HP

static void metrics(FILE *out) {
  fprintf(out, "| name | also accepted | | better |\n|---|---|---|---|\n");
#define METRIC(id, name, aliases, match, better, doc)                \
  fprintf(out, #match[0] == 'K' ? "| (`name='%s'`) | " : "| `'%s'` | ", name); \
  quoted(out, aliases, &(int){0});                                   \
  fprintf(out, "%s | %s | %s |\n", #match[0] == 'F' ? " (any case)" : "", doc, \
          #better[1] == 'I' ? "lower" : "higher");
#include "metrics.def"
  keras_also(out, names_metrics.keras_only, "metrics");
}

static void monitors(FILE *out) {
  fprintf(out, "| name | |\n|---|---|\n");
#define MONITOR(id, name, field, doc) fprintf(out, "| `'%s'` | %s |\n", name, doc);
#include "monitors.def"
}

static const struct {
  const char *kind;
  void (*render)(FILE *out);
} blocks[] = {
    {"activations", activations}, {"initializers", initializers}, {"losses", losses},
    {"optimizers", optimizers},   {"schedules", schedules},       {"metrics", metrics},
    {"callbacks", callbacks},     {"monitors", monitors},         {"layers", layers},
    {"regularizers", regularizers}, {"constraints", constraints},
};

static char *render(int b) {
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  cr_assert(f);
  blocks[b].render(f);
  fclose(f);
  return buf;
}

/* ---- the docs ---- */

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  cr_assert(f, "%s", path);
  static char text[1 << 18];
  *len = fread(text, 1, sizeof text - 1, f);
  cr_assert(feof(f), "%s is larger than the %zu bytes read: raise the buffer", path,
            sizeof text - 1);
  fclose(f);
  text[*len] = '\0';
  return text;
}

Test(names, docs_list_every_name_of_every_table) {
  char path[512];
  snprintf(path, sizeof path, "%s/../docs/model-files.md", NNC_TEST_DATA);
  size_t len;
  char *doc = slurp(path, &len);
  bool update = getenv("NNC_UPDATE_GOLDEN") != NULL;
  static char next[1 << 18];
  for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
    char open[64], close[64];
    snprintf(open, sizeof open, "<!-- names:%s -->\n", blocks[b].kind);
    snprintf(close, sizeof close, "<!-- /names:%s -->", blocks[b].kind);
    char *start = strstr(doc, open), *end = start ? strstr(start, close) : NULL;
    cr_assert(start && end, "docs/model-files.md lacks the block %s...%s", open, close);
    start += strlen(open);
    char *want = render((int)b);
    if (update) {
      snprintf(next, sizeof next, "%.*s%s%s", (int)(start - doc), doc, want, end);
      strcpy(doc, next);
    } else {
      cr_expect(strlen(want) == (size_t)(end - start) && strncmp(start, want, strlen(want)) == 0,
                "docs/model-files.md's %s table is not names/%s.def's (NNC_UPDATE_GOLDEN=1 "
                "rewrites it); want:\n%s", blocks[b].kind, blocks[b].kind, want);
    }
    free(want);
  }
  if (update) {
    FILE *f = fopen(path, "wb");
    cr_assert(f);
    fputs(doc, f);
    fclose(f);
  }
}
