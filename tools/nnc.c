/* nnc.c — the nnc command: run, check, summarise, show the compiled stages of, or build a
 * model file.
 *
 *   nnc run FILE [-D NAME=PATH]... [--seed N] [--log F.csv] [--plot F.svg] [--threads N]
 *           [--profile] [--no-cache]
 *   nnc FILE ...                     (the same as nnc run)
 *   nnc check FILE
 *   nnc summary FILE [-D NAME=PATH]... [--seed N]
 *   nnc emit --stage=ast|ir|grad|opt|llvm|asm [--format=text|dot|svg] FILE [-D NAME=PATH]... [--seed N]
 *   nnc build FILE -o DIR [--name NAME] [--batch N] [--target TRIPLE] [--cpu CPU] [--predict-only]
 *
 * Exit status: 0 success, 1 a bad model file or data (a diagnostic was printed) or a failed
 * write to stdout, 2 a bad command line, 3 an internal error, 130/143 SIGINT/SIGTERM during
 * fit() (process.c). A file is parsed, checked, and tested for what the
 * runtime can execute before anything runs, so a mistake on the last line costs no training.
 * Diagnostics go to stderr; print(), summary() and emit's text to stdout; the progress
 * display to stdout on a terminal and to stderr otherwise, where stdout carries data.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char synopsis[] =
    "usage: nnc run FILE [-D NAME=PATH]... [--seed N] [--log FILE.csv] [--plot FILE.svg] [--threads N]\n"
    "               [--profile] [--no-cache]\n"
    "       nnc FILE ...                  the same as nnc run FILE ...\n"
    "       nnc check FILE                parse and check; run nothing\n"
    "       nnc summary FILE [-D NAME=PATH]... [--seed N]\n"
    "       nnc emit --stage=ast|ir|grad|opt|llvm|asm [--format=text|dot|svg] FILE\n"
    "                [-D NAME=PATH]... [--seed N]\n"
    "       nnc build FILE -o DIR [--name NAME] [--batch N] [--target TRIPLE] [--cpu CPU]\n"
    "                [--predict-only] [-D NAME=PATH]...\n"
    "       nnc export FILE -o MODEL.onnx [-D NAME=PATH]... [--seed N]\n"
    "       nnc --help | --version\n";

static const char details[] =
    "\n"
    "A model file is the Keras code of a lecture: imports, Sequential([Dense(...)]),\n"
    "compile(...), fit(...). summary, emit and build run the file up to its first fit(),\n"
    "where the input size becomes known, and stop there (summary: or to the end of a file\n"
    "without fit).\n"
    "\n"
    "  -D NAME=PATH       make `NAME = load(...)` read PATH instead\n"
    "  --seed N           the seed of initial weights and shuffling (default 0)\n"
    "  --log FILE.csv     one row per epoch: epoch,loss,[metrics,][val_loss,[val_metrics,]]seconds\n"
    "  --plot FILE.svg    the learning curves of every epoch, as an SVG drawing\n"
    "  --threads N        threads for the compiled steps (1..1024; default: the cores available;\n"
    "                     the results are the same bits for any count)\n"
    "  --profile          at exit, print each compiled kernel's wall time, share of the total\n"
    "                     and GFLOP/s to stderr (the same as NNC_PROFILE=1)\n"
    "  --no-cache         run: compile every step, neither reading nor writing the compile\n"
    "                     cache ($NNC_CACHE, else $XDG_CACHE_HOME/nnc, else ~/.cache/nnc;\n"
    "                     NNC_CACHE_MAX bounds its size, default 256M)\n"
    "  --stage=S          ast: the parsed file; ir: the forward graph; grad: after autodiff;\n"
    "                     opt: after the training pipeline; llvm: LLVM IR; asm: host assembly\n"
    "  --format=F         text (the default); dot: the graph of ir, grad or opt as a Graphviz\n"
    "                     picture; svg: that picture drawn\n"
    "  -o DIR             build: write DIR/NAME.o, DIR/NAME.h and DIR/NAME_io.c: the training\n"
    "                     step and prediction as an object file that needs no library at run\n"
    "                     time, its header, and code to save and load its weights\n"
    "  --name NAME        build: the files' stem and the C functions' prefix (default: the\n"
    "                     model file's stem)\n"
    "  --batch N          build: samples per training step (default: fit()'s batch_size)\n"
    "  --target TRIPLE    build: an LLVM target triple, e.g. aarch64-linux-gnu or\n"
    "                     thumbv7em-none-eabihf (default: this machine)\n"
    "  --cpu CPU          build: an LLVM CPU name, e.g. cortex-m4 (default: this machine's, or\n"
    "                     generic for another target)\n"
    "  --predict-only     build: only NAME_init, NAME_predict and the weights' accessors\n"
    "  -o MODEL.onnx      export: runs the whole file (training, load_weights), then writes the\n"
    "                     last model it made as ONNX (opset 17, inference graph, its weights)\n"
    "\n"
    "Exit status: 0 success, 1 bad model or data, 2 bad command line, 3 internal error,\n"
    "130 or 143: SIGINT or SIGTERM stopped training after its current step.\n";

static int bad_usage(const char *fmt, const char *arg) {
  fprintf(stderr, "nnc: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n%s", synopsis);
  return EXIT_USAGE;
}

static int define(CliArgs *a, const char *spec) {
  const char *eq = strchr(spec, '=');
  if (!eq || eq == spec || !eq[1])
    return bad_usage("-D wants NAME=PATH, found '%s'", spec);
  if (a->ndefines == CLI_MAX_DEFINES)
    return bad_usage("too many -D options (at most 64)%s", "");
  size_t n = (size_t)(eq - spec);
  for (int i = 0; i < a->ndefines; i++)
    if (strlen(a->names[i]) == n && strncmp(a->names[i], spec, n) == 0)
      return bad_usage("-D %s is given twice", a->names[i]);
  char *name = base_malloc(n + 1);
  if (!name)
    return EXIT_INTERNAL;
  memcpy(name, spec, n);
  name[n] = '\0';
  a->owned[a->ndefines] = name;
  a->names[a->ndefines] = name;
  a->paths[a->ndefines++] = eq + 1;
  return 0;
}

/* The value of "--name V" or "--name=V" at argv[*i], or NULL when o is another option.
 * *missing is set when the option is there without a value. */
static const char *value_of(const char *name, int argc, char **argv, int *i, bool *missing) {
  const char *o = argv[*i];
  size_t n = strlen(name);
  if (strncmp(o, name, n) != 0 || (o[n] != '\0' && o[n] != '='))
    return NULL;
  if (o[n] == '=')
    return o[n + 1] ? o + n + 1 : (*missing = true, NULL);
  if (*i + 1 >= argc)
    return *missing = true, NULL;
  return argv[++*i];
}

/* A decimal integer in [lo, hi]; false otherwise. */
static bool integer(const char *s, unsigned long long lo, unsigned long long hi,
                    unsigned long long *out) {
  char *end;
  errno = 0;
  if (!*s || *s == '-' || *s == '+' || *s == ' ')
    return false;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || *end || v < lo || v > hi)
    return false;
  *out = v;
  return true;
}

static int parse_valued(CliArgs *a, const char *o, const char *v) {
  unsigned long long n;
  if (strncmp(o, "--batch", 7) == 0) {
    if (!integer(v, 1, 1 << 24, &n))
      return bad_usage("--batch wants an integer from 1 to 16777216, found '%s'", v);
    a->batch = (int64_t)n;
  } else if (strncmp(o, "--name", 6) == 0) {
    a->name = v;
  } else if (strncmp(o, "--target", 8) == 0) {
    a->target = v;
  } else if (strncmp(o, "--cpu", 5) == 0) {
    a->cpu = v;
  } else if (strncmp(o, "--seed", 6) == 0) {
    if (!integer(v, 0, UINT64_MAX, &n))
      return bad_usage("--seed wants a non-negative integer, found '%s'", v);
    a->seed = n;
    a->seeded = true;
  } else if (strncmp(o, "--threads", 9) == 0) {
    if (!integer(v, 1, 1024, &n))
      return bad_usage("--threads wants an integer from 1 to 1024, found '%s'", v);
    a->threads = (int)n;
  } else if (strncmp(o, "--format", 8) == 0) {
    a->format = cli_format_find(v);
    if (a->format == FORMAT_NONE)
      return bad_usage("--format wants one of text, dot, svg; found '%s'", v);
  } else if (strncmp(o, "--stage", 7) == 0) {
    a->stage = cli_stage_find(v);
    if (a->stage == STAGE_NONE)
      return bad_usage("--stage wants one of ast, ir, grad, opt, llvm, asm; found '%s'", v);
  } else if (strncmp(o, "--log", 5) == 0) {
    a->log = v;
  } else {
    a->plot = v;
  }
  return 0;
}

static int parse_option(CliArgs *a, int argc, char **argv, int *i) {
  const char *o = argv[*i];
  if (strncmp(o, "-D", 2) == 0) {
    const char *spec = o[2] ? o + 2 : (*i + 1 < argc ? argv[++*i] : NULL);
    return spec ? define(a, spec) : bad_usage("-D needs NAME=PATH%s", "");
  }
  if (strncmp(o, "-o", 2) == 0) {
    a->outdir = o[2] ? o + 2 : (*i + 1 < argc ? argv[++*i] : NULL);
    return a->outdir ? 0 : bad_usage("-o needs a path%s", "");
  }
  if (strcmp(o, "--predict-only") == 0) {
    a->predict_only = true;
    return 0;
  }
  if (strcmp(o, "--profile") == 0) {
    a->profile = true;
    return 0;
  }
  if (strcmp(o, "--no-cache") == 0) {
    a->no_cache = true;
    return 0;
  }
  static const char *const valued[] = {"--seed", "--threads", "--stage", "--format", "--log",
                                       "--plot", "--batch", "--name", "--target", "--cpu"};
  for (size_t k = 0; k < sizeof valued / sizeof *valued; k++) {
    bool missing = false;
    const char *v = value_of(valued[k], argc, argv, i, &missing);
    if (missing)
      return bad_usage("%s needs a value", valued[k]);
    if (v)
      return parse_valued(a, o, v);
  }
  return bad_usage("unknown option '%s'", o);
}

static const char *const cmds[] = {"run", "check", "summary", "emit", "build", "export"};

/* Whether a and b name one file: the same name, or the same device and inode. */
static bool same_file(const char *a, const char *b) {
  struct stat sa, sb;
  return strcmp(a, b) == 0 ||
         (stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino);
}

/* An output that is an input (gcc refuses -o over its source) or the other output. */
static int check_output(const CliArgs *a, const char *opt, const char *out) {
  char msg[512] = "";
  if (same_file(out, a->file))
    snprintf(msg, sizeof msg, "%s %s is the model file; nnc does not write over its inputs", opt,
             out);
  for (int i = 0; !*msg && i < a->ndefines; i++)
    if (same_file(out, a->paths[i]))
      snprintf(msg, sizeof msg, "%s %s is the data of -D %s; nnc does not write over its inputs",
               opt, out, a->names[i]);
  if (!*msg && out == a->log && a->plot && same_file(out, a->plot))
    snprintf(msg, sizeof msg, "--log and --plot both name %s", out);
  return *msg ? bad_usage("%s", msg) : 0;
}

static int check_combination(const CliArgs *a) {
  const char *cmd = cmds[a->cmd];
  if (!a->file)
    return bad_usage("no model file given%s", "");
  if (a->cmd == CMD_CHECK && (a->ndefines || a->seeded))
    return bad_usage("-D and --seed are not options of nnc %s", cmd);
  if (a->cmd != CMD_RUN && (a->log || a->plot || a->threads || a->profile || a->no_cache))
    return bad_usage("--log, --plot, --threads, --profile and --no-cache are options of nnc run, "
                     "not of nnc %s", cmd);
  int clash = a->log ? check_output(a, "--log", a->log) : 0;
  if (!clash && a->plot)
    clash = check_output(a, "--plot", a->plot);
  if (!clash && a->cmd == CMD_EXPORT && a->outdir)
    clash = check_output(a, "-o", a->outdir);
  if (clash)
    return clash;
  if (a->cmd == CMD_EXPORT && !a->outdir)
    return bad_usage("nnc export needs -o FILE.onnx%s", "");
  if (a->cmd == CMD_EMIT && a->stage == STAGE_NONE)
    return bad_usage("nnc emit needs --stage=ast|ir|grad|opt|llvm|asm%s", "");
  if (a->cmd != CMD_EMIT && (a->stage != STAGE_NONE || a->format != FORMAT_NONE))
    return bad_usage("--stage and --format are options of nnc emit, not of nnc %s", cmd);
  bool built = (a->outdir && a->cmd != CMD_EXPORT) || a->name || a->batch || a->target ||
               a->cpu || a->predict_only;
  if (a->cmd == CMD_BUILD && !a->outdir)
    return bad_usage("nnc build needs -o DIR%s", "");
  if (a->cmd != CMD_BUILD && built)
    return bad_usage("-o, --name, --batch, --target, --cpu and --predict-only are options of "
                     "nnc build, not of nnc %s", cmd);
  bool graph = a->stage == STAGE_IR || a->stage == STAGE_GRAD || a->stage == STAGE_OPT;
  if ((a->format == FORMAT_DOT || a->format == FORMAT_SVG) && !graph)
    return bad_usage("--format=dot and svg draw a graph: --stage=ir, grad or opt, not %s",
                     cli_stage_name(a->stage));
  return 0;
}

static int parse_args(CliArgs *a, int argc, char **argv) {
  int i = 1;
  a->cmd = CMD_RUN;
  a->stage = STAGE_NONE;
  a->format = FORMAT_NONE;
  for (int c = 0; c < (int)(sizeof cmds / sizeof *cmds); c++)
    if (strcmp(argv[1], cmds[c]) == 0) {
      a->cmd = (Command)c;
      i = 2;
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
  return check_combination(a);
}

/* The whole file, NUL-terminated; NULL with a message when it cannot be read. */
enum { MAX_MODEL_BYTES = 16 << 20 }; /* far beyond any model file; /dev/zero never ends */

/* The model file's text. It may be a pipe (nnc run <(generate)), so it is read to its end,
 * up to MAX_MODEL_BYTES. */
static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "nnc: cannot open %s: %s\n", path, strerror(errno));
    return NULL;
  }
  size_t cap = 4096, n = 0;
  char *buf = base_malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n - 1, f);
    if (ferror(f) || n + 1 < cap)
      break;
    if (cap >= MAX_MODEL_BYTES) {
      fprintf(stderr, "nnc: %s: more than %d MiB: not a model file\n", path, MAX_MODEL_BYTES >> 20);
      base_free(buf);
      fclose(f);
      return NULL;
    }
    char *bigger = base_realloc(buf, cap * 2);
    if (!bigger) {
      base_free(buf);
      buf = NULL;
      break;
    }
    buf = bigger;
    cap *= 2;
  }
  if (!buf || ferror(f)) {
    fprintf(stderr, "nnc: cannot read %s: %s\n", path, buf ? strerror(errno) : "out of memory");
    base_free(buf);
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

/* An interpreter with the library, printing to out (stdout when NULL). */
static Interp *interp(const CliArgs *a, FILE *out) {
  static const char *argv[1];   /* sys.argv: the interpreter keeps the pointer, not a copy */
  argv[0] = a->file;
  FeConfig cfg = {.out = out, .argv = argv, .argc = 1};
  PlOptions o = {.define_names = a->names, .define_paths = a->paths, .ndefines = a->ndefines,
                 .seed = a->seed, .seeded = a->seeded, .model = a->file,
                 .render_dot = cli_render_dot};
  Interp *I = fe_interp_new(&cfg);
  if (I && pl_register(I, &o) != NNC_OK) {
    fe_interp_free(I);
    return NULL;
  }
  return I;
}

static nnc_status run(const CliArgs *a, Interp *I, Source *s, Ast *ast, int *code) {
  CliReport rep = {0};
  nnc_status st = nnc_set_threads(a->threads); /* 0 when not given: the cores available */
  if (st == NNC_ERR_NOMEM) { /* the threads that started run the steps: say so and go on */
    fprintf(stderr, "nnc: warning: %s\n", pl_error_text(nnc_last_error()));
    st = NNC_OK;
  }
  if (st == NNC_OK && a->profile && setenv("NNC_PROFILE", "1", 1) != 0)
    st = base_error(NNC_ERR_NOMEM, "--profile: out of memory setting NNC_PROFILE");
  if (st == NNC_OK && a->no_cache)
    st = nnc_set_compile_cache(0, NULL);
  if (st == NNC_OK)
    st = cli_report_open(&rep, a);
  if (st != NNC_OK)
    return st;
  pl_state(I)->o.before_fit = cli_report_hook;
  pl_state(I)->o.user = &rep;
  st = fe_run(I, s, ast, code);
  nnc_status closed = cli_report_close(&rep);
  if (st == NNC_OK && !s->ndiags)
    st = closed;
  return st;
}

/* summary runs the file with print() silenced (I prints to /dev/null), up to the first fit,
 * or to its end. */
static nnc_status summary(const CliArgs *a, Interp *I, Source *s, Ast *ast, int *code) {
  CliStop stop = {0};
  pl_state(I)->o.before_fit = cli_summary_hook;
  pl_state(I)->o.at_end = cli_summary_end;
  pl_state(I)->o.user = &stop;
  nnc_status st = fe_run(I, s, ast, code);
  if (st == NNC_OK && !stop.reached)
    st = base_error(NNC_ERR_ARG, "%s makes no model to summarize", a->file);
  return st == NNC_OK ? stop.st : st;
}

/* Every -D NAME has a `NAME = load(...)` (or np.load) to change; else it says so. */
static bool defines_used(const CliArgs *a, const Ast *ast) {
  for (int i = 0; i < a->ndefines; i++)
    if (!fe_ast_assigns_call(ast, a->names[i], "load")) {
      fprintf(stderr, "nnc: -D %s=%s: %s has no `%s = load(...)` for it to change\n",
              a->names[i], a->paths[i], a->file, a->names[i]);
      return false;
    }
  return true;
}

/* export runs the whole file, then writes the last model it made; -o is checked first, as
 * --log is, so that a missing directory costs no training. */
static nnc_status export_onnx(const CliArgs *a, Interp *I, Source *s, Ast *ast, int *code) {
  CliExport ex = {.path = a->outdir};
  pl_state(I)->o.at_end = cli_export_end;
  pl_state(I)->o.user = &ex;
  nnc_status st = fmt_out_check(a->outdir);
  if (st != NNC_OK)
    return st;
  st = fe_run(I, s, ast, code);
  if (st == NNC_OK && !s->ndiags && !ex.stop.reached)
    st = base_error(NNC_ERR_ARG, "%s makes no model to export", a->file);
  return st == NNC_OK ? ex.stop.st : st;
}

static int process(const CliArgs *a) {
  size_t len;
  char *text = read_file(a->file, &len);
  if (!text)
    return EXIT_BAD_INPUT;
  Source *s = base_malloc(sizeof *s);   /* large: keep it off the stack */
  bool quiet = a->cmd == CMD_SUMMARY || a->cmd == CMD_EMIT || a->cmd == CMD_BUILD;
  FILE *sink = quiet ? fopen("/dev/null", "w") : NULL;
  Interp *I = s && (!quiet || sink) ? interp(a, sink) : NULL;
  if (!I) {
    fprintf(stderr, "nnc: out of memory\n");
    base_free(s);
    base_free(text);
    if (sink)
      fclose(sink);
    return EXIT_INTERNAL;
  }
  Ast *ast = NULL;
  fe_source_init(s, a->file, text, len);
  nnc_status st = fe_check_text(I, s, &ast);
  int code = -1, exit_code = 0;
  if (st == NNC_OK && !defines_used(a, ast))
    code = EXIT_USAGE;
  else if (st == NNC_OK) {
    switch (a->cmd) {
    case CMD_CHECK: break;
    case CMD_RUN: st = run(a, I, s, ast, &exit_code); break;
    case CMD_SUMMARY: st = summary(a, I, s, ast, &exit_code); break;
    case CMD_EMIT: code = cli_emit(a, I, s, ast, stdout); break;
    case CMD_EXPORT: st = export_onnx(a, I, s, ast, &exit_code); break;
    case CMD_BUILD: st = cli_build(a, I, s, ast, &exit_code); break;
    }
  }
  if (s->ndiags)
    fe_diags_print(s, stderr);
  else if (st != NNC_OK)
    fprintf(stderr, "nnc: %s\n", pl_error_text(nnc_last_error()));
  if (code < 0)
    code = st != NNC_OK || s->ndiags ? exit_status(s->ndiags && st == NNC_OK ? fe_status(s) : st) : exit_code;
  fe_ast_release(I, ast);
  fe_ast_free(ast);
  pl_unregister(I);
  fe_interp_free(I);
  if (sink)
    fclose(sink);
  base_free(s);
  base_free(text);
  return code;
}

int main(int argc, char **argv) {
  nnc_init(NNC_INIT_PREFAULT_HEAP); /* the command owns its process; a library user opts in */
  cli_process_init();
  if (argc < 2)
    return bad_usage("no model file given%s", "");
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    printf("%s%s", synopsis, details);
    return cli_process_exit(0);
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("nnc %s\n", NNC_VERSION);
    return cli_process_exit(0);
  }
  CliArgs a = {0};
  int st = parse_args(&a, argc, argv);
  if (st == 0 && (st = cli_ranks_init()) == 0)
    st = process(&a);
  for (int i = 0; i < a.ndefines; i++)
    base_free(a.owned[i]);
  return cli_ranks_exit(cli_process_exit(st));
}
