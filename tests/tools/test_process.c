/* test_process.c — the nnc process around a run (tools/process.c): closed standard
 * descriptors, writes to a full stdout, and SIGINT/SIGTERM during training and during saves. */
#include "cli_run.h"

#include <signal.h>
#include <sys/stat.h>
#include <time.h>

#include "formats.h"

TestSuite(tools, .init = cli_setup, .fini = cli_teardown, .timeout = 120);

/* nnc ARGS in cli_dir with the shell redirections in `redirect`. */
static int run_redirected(const char *args, const char *redirect) {
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s/tools/models/%s %s", cli_dir, NNC_BINARY,
           NNC_TEST_DATA, args, redirect);
  int st = system(cmd);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

Test(tools, a_closed_stdout_or_stderr_never_receives_the_log) {
  const char *closed[] = {">&- 2>/dev/null", "2>&- >/dev/null", "<&- >/dev/null 2>/dev/null"};
  for (int i = 0; i < 3; i++) {
    int st = run_redirected("small.nn --log l.csv", closed[i]);
    const char *csv = cli_file("l.csv");
    cr_expect(strncmp(csv, "epoch,loss,accuracy,val_loss,val_accuracy,seconds\n", 50) == 0,
              "%s: %s", closed[i], csv);
    cr_expect_eq(cli_count(csv, "\n"), 4, "%s: %s", closed[i], csv);
    cr_expect_eq(cli_count(csv, "Epoch"), 0, "%s: progress in the log", closed[i]);
    /* small.nn prints "done": with stdout closed that write fails, and says so */
    cr_expect_eq(st, i == 0 ? 1 : 0, "%s: status %d", closed[i], st);
  }
}

Test(tools, writes_to_a_full_stdout_exit_1) {
  const char *cmds[] = {"run MODELS/small.nn", "summary MODELS/small.nn",
                        "emit --stage=ir MODELS/small.nn", "--help"};
  for (int i = 0; i < 4; i++) {
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s >/dev/full", cmds[i]);
    char *m = strstr(cmd, "MODELS");
    char full[2048];
    if (m)
      snprintf(full, sizeof full, "%.*s%s/tools/models%s", (int)(m - cmd), cmd, NNC_TEST_DATA,
               m + 6);
    else
      snprintf(full, sizeof full, "%s", cmd);
    char sh[4096];
    snprintf(sh, sizeof sh, "cd '%s' && '%s' %s 2>'%s/err.txt'", cli_dir, NNC_BINARY, full,
             cli_dir);
    int st = system(sh);
    cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 1, "%s: status %d", cmds[i], st);
    cr_expect(strstr(cli_file("err.txt"), "cannot write to standard output"), "%s: %s", cmds[i],
              cli_file("err.txt"));
  }
}

/* Under an address-space limit that leaves room for a few dozen thread stacks, --threads
 * 1000 trains with the threads that started, and says how many. */
Test(tools, threads_that_cannot_start_leave_the_run_to_those_that_did) {
#if defined(__SANITIZE_ADDRESS__)
  cr_skip_test("an address-space limit and ASan's shadow memory do not mix");
#else
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "ulimit -v 1000000 && cd '%s' && '%s' %s/tools/models/small.nn "
           "--threads 1000 >/dev/null 2>err.txt", cli_dir, NNC_BINARY, NNC_TEST_DATA);
  int st = system(cmd);
  const char *err = cli_file("err.txt");
  cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %d: %s", st, err);
  cr_assert(strstr(err, "nnc: warning: only ") && strstr(err, "threads could start") &&
            strstr(err, "running with"), "%s", err);
  cr_assert(!strstr(err, "nnc_"), "%s", err);
#endif
}

/* ---- signals ---- */

/* Starts `nnc run MODEL ARGS` in cli_dir, its output to files; returns its pid. */
static pid_t spawn(const char *model, const char *args) {
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "cd '%s' && exec '%s' run '%s/tools/models/%s' %s >out.txt 2>err.txt",
           cli_dir, NNC_BINARY, NNC_TEST_DATA, model, args);
  fflush(NULL);
  pid_t pid = fork();
  cr_assert_geq(pid, 0);
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
    _exit(127);
  }
  return pid;
}

static void nap_ms(long ms) {
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000};
  nanosleep(&t, NULL);
}

/* Waits until the log has at least `rows` rows (training is under way). */
static void wait_rows(int rows) {
  for (int i = 0; i < 3000 && cli_count(cli_file("l.csv"), "\n") <= rows; i++)
    nap_ms(10);
}

static int temporaries(void) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "exit $(ls -A '%s' | grep -c '\\.nnc-')", cli_dir);
  int st = system(cmd);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void interrupt_training(int sig, int status) {
  pid_t pid = spawn("long.nn", "--log l.csv --plot p.svg");
  wait_rows(2);
  kill(pid, sig);
  int st;
  cr_assert_eq(waitpid(pid, &st, 0), pid);
  cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == status, "%s: status %d", strsignal(sig), st);
  cr_expect(strstr(cli_file("err.txt"), "cancelled"), "%s", cli_file("err.txt"));
  const char *csv = cli_file("l.csv");
  size_t n = strlen(csv);
  cr_expect(n > 0 && csv[n - 1] == '\n', "the last row is whole");
  cr_expect(strstr(cli_file("p.svg"), "</svg>"), "the plot is written");
  char path[512];
  snprintf(path, sizeof path, "%s/never.safetensors", cli_dir);
  cr_expect_eq(access(path, F_OK), -1, "the file ran on after fit()");
  cr_expect_eq(temporaries(), 0);
}

Test(tools, sigint_during_fit_stops_after_the_step_and_exits_130) {
  interrupt_training(SIGINT, 130);
}

Test(tools, sigterm_during_fit_stops_after_the_step_and_exits_143) {
  interrupt_training(SIGTERM, 143);
}

/* saves.nn writes a 6 MB weights file 200 times. Killed at random points, the file is
 * always whole (the first save's or a later one); a SIGINT or SIGTERM also leaves no
 * temporary, nor does a SIGABRT (where an allocation failing inside LLVM ends: exit 3 with
 * a message), while a SIGKILL, which nothing can catch, may leave one. */
static int kill_saves(int sig, int rounds) {
  srand((unsigned)time(NULL));
  int left = 0;
  for (int i = 0; i < rounds; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/w.safetensors", cli_dir);
    struct stat before = {0}, now;
    stat(path, &before);
    pid_t pid = spawn("saves.nn", "");
    for (int k = 0; k < 3000; k++) { /* until this run's first save */
      if (stat(path, &now) == 0 && now.st_ino != before.st_ino)
        break;
      nap_ms(5);
    }
    nap_ms(rand() % 400);
    kill(pid, sig);
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    bool died = sig == SIGABRT ? WIFEXITED(st) && WEXITSTATUS(st) == 3
                               : WIFSIGNALED(st) && WTERMSIG(st) == sig;
    cr_assert(died || (WIFEXITED(st) && WEXITSTATUS(st) == 0), "%s: status %d: %s",
              strsignal(sig), st, cli_file("err.txt"));
    if (died && sig == SIGABRT)
      cr_expect(strstr(cli_file("err.txt"), "nnc: aborted: out of memory or an internal error"),
                "%s", cli_file("err.txt"));
    StSet *set;
    cr_assert_eq(fmt_st_read(path, &set), NNC_OK, "after %s: %s", strsignal(sig),
                 nnc_last_error());
    fmt_st_free(set);
    int t = temporaries();
    left += t;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -f '%s'/.*.nnc-*", cli_dir);
    cr_assert_eq(system(cmd), 0);
    if (sig != SIGKILL)
      cr_assert_eq(t, 0, "%s left a temporary", strsignal(sig));
  }
  return left;
}

Test(tools, a_signal_during_a_save_leaves_the_file_whole_and_no_temporary) {
  kill_saves(SIGTERM, 5);
  kill_saves(SIGINT, 5);
  kill_saves(SIGABRT, 3);
  int left = kill_saves(SIGKILL, 5);
  cr_log_info("SIGKILL left %d temporaries in 5 rounds", left);
}
