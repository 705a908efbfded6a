/* test_build.c — nnc build from the command line, and what its objects do once linked by a
 * plain C compiler: on this machine, the lecture's model trained by an object gives nnc
 * run's weights byte for byte; for AArch64 (Debian's cross gcc, run under qemu-aarch64) the
 * examples/aot program reaches x86's held-out accuracy; for a Cortex-M4F the batch-1 SGD step
 * links with arm-none-eabi-gcc into firmware that learns under qemu-system-arm. Every object
 * has no undefined symbol, and its header is a contract a program can rely on alone. Cross tests skip when their tools are missing (scripts/setup.sh
 * installs them). */
#include "cli_run.h"

#include <math.h>
#include <stdarg.h>

#include "formats.h"
#include "nnc.h"

TestSuite(tools, .init = cli_setup, .fini = cli_teardown);

static char sh_out[1 << 14];

/* Runs a shell command in cli_dir, its stdout and stderr in sh_out; the exit status. */
static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...) {
  char cmd[4096], path[512];
  va_list ap;
  va_start(ap, fmt);
  int n = snprintf(cmd, sizeof cmd, "cd '%s' && (", cli_dir);
  n += vsnprintf(cmd + n, sizeof cmd - (size_t)n, fmt, ap);
  va_end(ap);
  snprintf(path, sizeof path, "%s/sh.txt", cli_dir);
  snprintf(cmd + n, sizeof cmd - (size_t)n, ") >'%s' 2>&1 </dev/null", path);
  int st = system(cmd);
  cli_slurp(path, sh_out, sizeof sh_out);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static bool have(const char *tool) {
  char cmd[256];
  snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
  return system(cmd) == 0;
}

/* The repository's top directory. */
static const char *top(void) {
  static char path[512];
  snprintf(path, sizeof path, "%s/..", NNC_TEST_DATA);
  return path;
}

/* rows x 784 pixels in [0, 1) and a 0/1 label (the brighter half), as x.npy and y.npy for
 * nnc and as raw floats x.f32 and y.f32 for the harness. */
static void pixels(int64_t rows) {
  int64_t xs[2] = {rows, 784}, ys[2] = {rows, 1};
  nnc_tensor *x, *y;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, &x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, ys, &y), NNC_OK);
  float *xd = nnc_tensor_data(x), *yd = nnc_tensor_data(y);
  TestRng r = test_rng(31);
  for (int64_t i = 0; i < rows; i++) {
    double a = 0;
    for (int j = 0; j < 784; j++)
      a += (xd[i * 784 + j] = (float)test_uniform(&r, 0, 1)) * (j < 392 ? 1 : -1);
    yd[i] = a > 0;
  }
  char path[512];
  const char *names[2] = {"x", "y"};
  nnc_tensor *ts[2] = {x, y};
  for (int k = 0; k < 2; k++) {
    snprintf(path, sizeof path, "%s/%s.npy", cli_dir, names[k]);
    cr_assert_eq(nnc_tensor_save(ts[k], path), NNC_OK);
    snprintf(path, sizeof path, "%s/%s.f32", cli_dir, names[k]);
    FILE *f = fopen(path, "wb");
    size_t n = (size_t)nnc_tensor_numel(ts[k]);
    cr_assert(f && fwrite(nnc_tensor_data(ts[k]), sizeof(float), n, f) == n);
    fclose(f);
    nnc_tensor_free(ts[k]);
  }
}

/* The lecture's model on x.npy and y.npy with `compile` and `fit` as given. */
static void lecture(const char *file, const char *compile, const char *fit) {
  char text[2048];
  snprintf(text, sizeof text,
           "from tensorflow.keras import Sequential\n"
           "from tensorflow.keras.layers import Dense\n"
           "X = load(\"x.npy\")\nY = load(\"y.npy\")\n"
           "model = Sequential([\n"
           "    Dense(units=25, activation='sigmoid'),\n"
           "    Dense(units=15, activation='sigmoid'),\n"
           "    Dense(units=1, activation='sigmoid'),\n"
           "])\nmodel.compile(%s)\nmodel.fit(X, Y, %s)\n"
           "model.save_weights(\"nnc.safetensors\")\n", compile, fit);
  cli_write(file, text);
}

static void no_undefined_symbols(const char *nm, const char *object) {
  cr_assert_eq(sh("%s -u %s", nm, object), 0, "%s", sh_out);
  cr_assert_str_empty(sh_out, "%s references outside symbols:\n%s", object, sh_out);
}

Test(tools, build_trains_the_lecture_model_as_nnc_run_does, .timeout = 120) {
  pixels(256);
  lecture("m.nn", "loss='binary_crossentropy'", "epochs=3, shuffle=False");
  CliRun *r = cli_run("build m.nn -o . --name model");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_assert(strstr(r->out, "wrote ./model.o"), "%s", r->out);
  no_undefined_symbols("nm", "model.o");
  cr_assert_eq(sh("cc -std=c17 -Wall -Wextra -Werror -O2 -I. -o harness '%s/tools/aot/harness.c' "
                  "model.o model_io.c", NNC_TEST_DATA), 0, "%s", sh_out);
  cr_assert_eq(sh("./harness x.f32 y.f32 256 3 7 obj.safetensors"), 0, "%s", sh_out);
  r = cli_run("run m.nn --seed 7");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_assert_eq(sh("cmp nnc.safetensors obj.safetensors"), 0, "weights differ: %s", sh_out);
}

Test(tools, build_predict_only_has_no_training_step) {
  pixels(64);
  lecture("m.nn", "loss='binary_crossentropy'", "epochs=1");
  CliRun *r = cli_run("build m.nn -o . --predict-only");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_assert_eq(sh("nm m.o"), 0, "%s", sh_out);
  cr_assert(strstr(sh_out, " T m_predict") && strstr(sh_out, " T m_init"), "%s", sh_out);
  cr_assert_null(strstr(sh_out, "train_step"), "%s", sh_out);
  cr_assert_null(strstr(cli_file("m.h"), "train_step"));
  no_undefined_symbols("nm", "m.o");
}

/* `size`'s text bytes of an object, and STATE_SIZE from its header. */
static void sizes(const char *dir, long *text, long *state) {
  cr_assert_eq(sh("size %s/model.o | tail -1", dir), 0, "%s", sh_out);
  *text = strtol(sh_out, NULL, 10);
  cr_assert_eq(sh("grep -o 'STATE_SIZE *[0-9]*' %s/model.h | tr -dc 0-9", dir), 0, "%s", sh_out);
  *state = strtol(sh_out, NULL, 10);
  cr_assert(*text > 0 && *state > 0, "%s: text %ld, state %ld", dir, *text, *state);
}

/* Builds the lecture model (m.nn) at batch 5 into dir with `flags`; compiles
 * tests/tools/aot/contract.c against it with `cc` and `defs` and runs it (through `run`). */
static void contract(const char *dir, const char *flags, const char *cc, const char *defs,
                     const char *run) {
  char args[256];
  snprintf(args, sizeof args, "build m.nn -o %s --name model --batch 5 %s", dir, flags);
  cr_assert_eq(sh("mkdir %s", dir), 0);
  CliRun *r = cli_run(args);
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_assert_eq(sh("%s -std=c17 -pedantic -Wall -Wextra -Werror -O2 -I%s %s -o %s/contract "
                  "'%s/tools/aot/contract.c' %s/model.o && %s %s/contract", cc, dir, defs, dir,
                  NNC_TEST_DATA, dir, run, dir), 0, "%s: %s", dir, sh_out);
}

/* The header, for the whole object and the --predict-only one: C99 and C++ take it with every
 * warning on; tests/tools/aot/contract.c, knowing nothing else, finds it true, here and (when
 * the tools are there) on AArch64 under qemu. The predict-only object is the smaller in code
 * and in state. */
Test(tools, build_header_is_the_whole_contract, .timeout = 180) {
  pixels(64);
  lecture("m.nn", "loss='binary_crossentropy'", "epochs=1");
  const char *dirs[2] = {"full", "serve"};
  long text[2], state[2];
  contract(dirs[0], "", "cc", "", "");
  contract(dirs[1], "--predict-only", "cc", "-DPREDICT_ONLY", "");
  for (int k = 0; k < 2; k++) {
    cr_assert_eq(sh("cc -std=c99 -pedantic -Wall -Wextra -Werror -fsyntax-only -x c %s/model.h && "
                    "c++ -std=c++17 -Wall -Wextra -Werror -fsyntax-only -x c++ %s/model.h",
                    dirs[k], dirs[k]), 0, "%s", sh_out);
    sizes(dirs[k], &text[k], &state[k]);
  }
  cr_log_info("text %ld and %ld bytes, state %ld and %ld", text[0], text[1], state[0], state[1]);
  cr_assert_lt(text[1], text[0] / 2);
  cr_assert_lt(state[1], state[0]);
  if (!have("aarch64-linux-gnu-gcc") || !have("qemu-aarch64"))
    cr_skip_test("aarch64-linux-gnu-gcc or qemu-aarch64 is missing: run scripts/setup.sh");
  contract("a64", "--target aarch64-linux-gnu", "aarch64-linux-gnu-gcc", "",
           "qemu-aarch64 -L /usr/aarch64-linux-gnu");
}

/* The largest difference between the weights of two files of the same model. */
static double weights_apart(const char *a, const char *b) {
  StSet *sa, *sb;
  cr_assert_eq(fmt_st_read(a, &sa), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(fmt_st_read(b, &sb), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(sa->n, sb->n);
  double most = 0;
  for (int i = 0; i < sa->n; i++) {
    const nnc_tensor *ta = sa->tensors[i].t, *tb = fmt_st_get(sb, sa->tensors[i].name);
    cr_assert(tb && nnc_tensor_numel(tb) == nnc_tensor_numel(ta), "%s", sa->tensors[i].name);
    for (int64_t k = 0; k < nnc_tensor_numel(ta); k++)
      most = fmax(most, fabs(rt_tensor_get(ta, k) - rt_tensor_get(tb, k)));
  }
  fmt_st_free(sa);
  fmt_st_free(sb);
  return most;
}

/* examples/aot/train.c for AArch64 under qemu: x86's held-out accuracy within 1e-5, and
 * weights that differ only by the rounding of fused multiply-adds. */
Test(tools, build_for_aarch64_reaches_the_accuracy_of_x86, .timeout = 300) {
  if (!have("aarch64-linux-gnu-gcc") || !have("qemu-aarch64"))
    cr_skip_test("aarch64-linux-gnu-gcc or qemu-aarch64 is missing: run scripts/setup.sh");
  if (sh("test -r '%s/data/mnist01_test_y.npy'", top()) != 0)
    cr_skip_test("data/mnist01_*.npy is missing: run scripts/fetch-data.sh");
  double acc[2];
  const char *arch[2] = {"x86", "a64"};
  for (int k = 0; k < 2; k++) {
    cr_assert_eq(sh("mkdir %s && cd '%s' && '%s' build examples/digits.nn -o '%s/%s' %s", arch[k],
                    top(), NNC_BINARY, cli_dir, arch[k], k ? "--target aarch64-linux-gnu" : ""),
                 0, "%s", sh_out);
    no_undefined_symbols(k ? "aarch64-linux-gnu-nm" : "nm", k ? "a64/digits.o" : "x86/digits.o");
    cr_assert_eq(sh("%s -O2 -std=c17 -I%s -o %s/train '%s/examples/aot/train.c' %s/digits.o "
                    "%s/digits_io.c", k ? "aarch64-linux-gnu-gcc" : "cc", arch[k], arch[k], top(),
                    arch[k], arch[k]), 0, "%s", sh_out);
    cr_assert_eq(sh("%s %s/train 3 '%s/data' %s/w.safetensors",
                    k ? "qemu-aarch64 -L /usr/aarch64-linux-gnu" : "", arch[k], top(), arch[k]),
                 0, "%s", sh_out);
    const char *p = strstr(sh_out, "held-out accuracy: ");
    cr_assert(p, "%s", sh_out);
    acc[k] = strtod(p + 19, NULL);
    cr_log_info("%s: %s", arch[k], sh_out);
  }
  cr_assert_gt(acc[0], 0.95);
  cr_assert_float_eq(acc[1], acc[0], 1e-5);
  char a[600], b[600];
  snprintf(a, sizeof a, "%s/x86/w.safetensors", cli_dir);
  snprintf(b, sizeof b, "%s/a64/w.safetensors", cli_dir);
  double apart = weights_apart(a, b);
  cr_log_info("AArch64 and x86 weights at most %g apart", apart);
  cr_assert_lt(apart, 1e-5);
}

/* The batch-1 SGD step for a Cortex-M4F: links with examples/aot/m4 into firmware, which
 * learns on QEMU's mps2-an386 board when qemu-system-arm is there. */
Test(tools, build_for_cortex_m4_links_into_firmware, .timeout = 120) {
  if (!have("arm-none-eabi-gcc"))
    cr_skip_test("arm-none-eabi-gcc is missing: run scripts/setup.sh");
  pixels(64);
  lecture("m4.nn", "loss='binary_crossentropy', optimizer='sgd'", "epochs=1, batch_size=1");
  CliRun *r = cli_run("build m4.nn -o . --name digits --target thumbv7em-none-eabihf "
                      "--cpu cortex-m4");
  cr_assert_eq(r->status, 0, "%s", r->err);
  no_undefined_symbols("arm-none-eabi-nm", "digits.o");
  cr_assert(strstr(cli_file("digits.h"), "#define digits_BATCH       1 "));
  const char *m4 = "examples/aot/m4";
  cr_assert_eq(sh("arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 "
                  "-O2 -std=c17 -Wall -Werror -ffreestanding -I. -nostdlib -T '%s/%s/link.ld' "
                  "-Wl,--gc-sections -z noexecstack -o firmware.elf '%s/%s/main.c' "
                  "'%s/%s/startup.c' digits.o -lgcc && arm-none-eabi-size digits.o firmware.elf",
                  top(), m4, top(), m4, top(), m4), 0, "%s", sh_out);
  cr_log_info("Cortex-M4 sizes:\n%s", sh_out);
  if (!have("qemu-system-arm"))
    cr_skip_test("qemu-system-arm is missing: the firmware is not run");
  cr_assert_eq(sh("timeout 60 qemu-system-arm -M mps2-an386 -nographic -semihosting "
                  "-kernel firmware.elf"), 0, "%s", sh_out);
  const char *p = strstr(sh_out, "accuracy ");
  cr_assert(p && strtod(p + 9, NULL) >= 0.9, "%s", sh_out);
}

/* A refusal: exit status 1 or 2, the message, and nothing written in out/. */
static void refused(const char *args, int status, const char *says) {
  cr_assert_eq(sh("rm -rf out && mkdir out"), 0);
  CliRun *r = cli_run(args);
  cr_assert_eq(r->status, status, "%s: %s", args, r->err);
  cr_assert(strstr(r->err, says), "%s: '%s' lacks '%s'", args, r->err, says);
  cr_assert(!strstr(r->err, "nnc: nnc build:") && !strstr(r->err, "nnc_"),
            "%s: a C function's name or a prefix twice: '%s'", args, r->err);
  cr_assert_eq(sh("ls -A out"), 0);
  cr_assert_str_empty(sh_out, "%s left %s", args, sh_out);
}

Test(tools, build_refuses_bad_input_and_writes_nothing) {
  pixels(32);
  lecture("m.nn", "loss='binary_crossentropy'", "epochs=1");
  refused("build m.nn -o out --target pdp11-unknown-none", 1,
          "unknown target 'pdp11-unknown-none'");
  refused("build m.nn -o out --target aarch64-linux-gnu --cpu cortex-x99", 1,
          "unknown CPU 'cortex-x99'");
  refused("build m.nn -o m.nn", 1, "cannot write in m.nn");
  refused("build m.nn -o out/nowhere", 1, "cannot write in out/nowhere");
  refused("build m.nn -o out --name 9lives", 1, "not a C identifier");
  refused("build m.nn -o out --batch 0", 2, "--batch wants an integer");
  refused("build m.nn", 2, "nnc build needs -o DIR");
  refused("run m.nn -o out", 2, "options of nnc build");
  cli_write("my-model.nn", cli_file("m.nn"));
  refused("build my-model.nn -o out", 1, "stem 'my-model' is not a C identifier: give --name");
  cli_write("nofit.nn", "from tensorflow.keras import Sequential\n"
                        "from tensorflow.keras.layers import Dense\n"
                        "model = Sequential([Dense(units=2)])\n"
                        "model.compile(loss='mse')\n");
  refused("build nofit.nn -o out", 1, "no fixed input size");
  cli_write("nomodel.nn", "x = 1\n");
  refused("build nomodel.nn -o out", 1, "makes no model to build");
}

/* A file without fit() builds its model when the model knows its input size. */
Test(tools, build_takes_a_model_without_fit_from_its_input_shape) {
  cli_write("shaped.nn", "from tensorflow.keras import Sequential\n"
                         "from tensorflow.keras.layers import Dense\n"
                         "model = Sequential([Dense(units=4, activation='relu', "
                         "input_shape=(6,)), Dense(units=2)])\n"
                         "model.compile(loss='mse', optimizer='adam')\n");
  CliRun *r = cli_run("build shaped.nn -o . --batch 5");
  cr_assert_eq(r->status, 0, "%s", r->err);
  const char *h = cli_file("shaped.h");
  cr_assert(strstr(h, "#define shaped_BATCH       5 ") && strstr(h, "#define shaped_IN          6 "),
            "%s", h);
  no_undefined_symbols("nm", "shaped.o");
}
