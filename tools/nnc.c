/* nnc.c — the nnc command: check or run a model file.
 *
 *   nnc run FILE [-D NAME=PATH]... [--seed N]     (also: nnc FILE)
 *   nnc check FILE
 *
 * Exit status: 0 success, 1 a bad model file or data (a diagnostic was printed), 2 a bad
 * command line, 3 an internal error. A file is parsed, checked, and tested for what the
 * runtime can execute before anything runs, so a mistake on the last line costs no training.
 * Diagnostics go to stderr; print() and summary() write to stdout.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "ir.h"

enum { EXIT_BAD_INPUT = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };
enum { MAX_DEFINES = 64 };

static const char usage[] =
    "usage: nnc run FILE [-D NAME=PATH]... [--seed N]   train and run a model file\n"
    "       nnc FILE ...                                  the same as nnc run FILE ...\n"
    "       nnc check FILE                                parse and check; run nothing\n"
    "       nnc --help | --version\n"
    "\n"
    "A model file is the Keras code of a lecture: imports, Sequential([Dense(...)]),\n"
    "compile(...), fit(...). -D NAME=PATH makes `NAME = load(...)` read PATH instead.\n"
    "Exit status: 0 success, 1 bad model or data, 2 bad command line, 3 internal error.\n";

typedef struct {
  bool run;
  const char *file;
  const char *names[MAX_DEFINES], *paths[MAX_DEFINES];
  char *owned[MAX_DEFINES];
  int ndefines;
  uint64_t seed;
  bool seeded;
} Args;

static int bad_usage(const char *fmt, const char *arg) {
  fprintf(stderr, "nnc: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n(nnc --help shows the usage)\n");
  return EXIT_USAGE;
}

static int define(Args *a, const char *spec) {
  const char *eq = strchr(spec, '=');
  if (!eq || eq == spec || !eq[1])
    return bad_usage("-D wants NAME=PATH, found '%s'", spec);
  if (a->ndefines == MAX_DEFINES)
    return bad_usage("too many -D options (at most 64)%s", "");
  size_t n = (size_t)(eq - spec);
  char *name = ir_malloc(n + 1);
  if (!name)
    return EXIT_INTERNAL;
  memcpy(name, spec, n);
  name[n] = '\0';
  a->owned[a->ndefines] = name;
  a->names[a->ndefines] = name;
  a->paths[a->ndefines++] = eq + 1;
  return 0;
}

static int parse_option(Args *a, int argc, char **argv, int *i) {
  const char *o = argv[*i];
  if (strcmp(o, "-D") == 0 || strncmp(o, "-D", 2) == 0) {
    const char *spec = o[2] ? o + 2 : (*i + 1 < argc ? argv[++*i] : NULL);
    return spec ? define(a, spec) : bad_usage("-D needs NAME=PATH%s", "");
  }
  if (strcmp(o, "--seed") == 0) {
    if (*i + 1 >= argc)
      return bad_usage("--seed needs a number%s", "");
    char *end;
    errno = 0;
    unsigned long long v = strtoull(argv[++*i], &end, 10);
    if (errno || *end || !*argv[*i] || argv[*i][0] == '-')
      return bad_usage("--seed wants a non-negative integer, found '%s'", argv[*i]);
    a->seed = v;
    a->seeded = true;
    return 0;
  }
  if (strcmp(o, "--threads") == 0 || strcmp(o, "--log") == 0)
    return bad_usage("option '%s' is not supported yet", o);
  return bad_usage("unknown option '%s'", o);
}

static int parse_args(Args *a, int argc, char **argv) {
  int i = 1;
  if (strcmp(argv[1], "run") == 0 || strcmp(argv[1], "check") == 0) {
    a->run = strcmp(argv[1], "run") == 0;
    i = 2;
  } else {
    a->run = true;
  }
  for (; i < argc; i++) {
    if (argv[i][0] == '-' && argv[i][1]) {
      int st = parse_option(a, argc, argv, &i);
      if (st)
        return st;
    } else if (a->file) {
      return bad_usage("one model file at a time; found also '%s'", argv[i]);
    } else {
      a->file = argv[i];
    }
  }
  if (!a->file)
    return bad_usage("no model file given%s", "");
  if (!a->run && (a->ndefines || a->seeded))
    return bad_usage("-D and --seed are options of nnc run%s", "");
  return 0;
}

/* The whole file, NUL-terminated; NULL with a message when it cannot be read. */
static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "nnc: cannot open %s: %s\n", path, strerror(errno));
    return NULL;
  }
  size_t cap = 4096, n = 0;
  char *buf = ir_malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n - 1, f);
    if (ferror(f) || n + 1 < cap)
      break;
    char *bigger = ir_realloc(buf, cap * 2);
    if (!bigger) {
      ir_free(buf);
      buf = NULL;
      break;
    }
    buf = bigger;
    cap *= 2;
  }
  if (!buf || ferror(f)) {
    fprintf(stderr, "nnc: cannot read %s: %s\n", path, buf ? strerror(errno) : "out of memory");
    ir_free(buf);
    fclose(f);
    return NULL;
  }
  fclose(f);
  buf[n] = '\0';
  *len = n;
  return buf;
}

static int exit_status(nnc_status st) {
  return st == NNC_OK ? 0 : st == NNC_ERR_INTERNAL || st == NNC_ERR_NOMEM ? EXIT_INTERNAL : EXIT_BAD_INPUT;
}

static int process(const Args *a) {
  size_t len;
  char *text = read_file(a->file, &len);
  if (!text)
    return EXIT_BAD_INPUT;
  Source *s = ir_malloc(sizeof *s);   /* large: keep it off the stack */
  if (!s) {
    fprintf(stderr, "nnc: out of memory\n");
    ir_free(text);
    return EXIT_INTERNAL;
  }
  Module *m = NULL;
  FeChecked objs = {0};
  fe_source_init(s, a->file, text, len);
  nnc_status st = fe_parse(s, &m);
  if (st == NNC_OK)
    st = fe_check(s, m, &objs);
  if (st == NNC_OK)
    st = fe_lowerable(s, m);
  if (st == NNC_OK && a->run) {
    FeRunOptions o = {.define_names = a->names, .define_paths = a->paths, .ndefines = a->ndefines,
                      .seed = a->seed, .seeded = a->seeded};
    st = fe_run(s, m, &objs, &o);
  }
  if (s->ndiags)
    fe_diags_print(s, stderr);
  else if (st != NNC_OK)
    fprintf(stderr, "nnc: %s\n", nnc_last_error());
  fe_module_free(m);
  ir_free(objs.objs);
  ir_free(s);
  ir_free(text);
  return exit_status(st);
}

int main(int argc, char **argv) {
  if (argc < 2)
    return bad_usage("no model file given%s", "");
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    fputs(usage, stdout);
    return 0;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("nnc %s\n", NNC_VERSION);
    return 0;
  }
  Args a = {0};
  int st = parse_args(&a, argc, argv);
  if (st == 0)
    st = process(&a);
  for (int i = 0; i < a.ndefines; i++)
    ir_free(a.owned[i]);
  return st;
}
