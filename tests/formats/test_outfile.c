/* test_outfile.c — the one writer every save goes through (formats/outfile.c): temporaries
 * that a planted file cannot redirect, saves through symlinks, the old file's mode, devices
 * and our own streams written straight through, no temporary left on any error path, and
 * what a kill at each point of a save leaves on disk (the table in docs/cli.md). */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "formats.h"
#include "support.h"

TestSuite(formats, .init = test_dir_make, .fini = test_dir_remove, .timeout = 30);

/* Saves text to path through the writer. */
static nnc_status save(const char *path, const char *text) {
  FmtOut o;
  nnc_status s = fmt_out_open(&o, path);
  if (s != NNC_OK)
    return s;
  fputs(text, o.f);
  s = fmt_out_commit(&o);
  nnc_status c = fmt_out_close(&o);
  return s != NNC_OK ? s : c;
}

static mode_t mode_of(const char *path) {
  struct stat st;
  cr_assert_eq(stat(path, &st), 0, "%s", path);
  return st.st_mode & 07777;
}

Test(formats, a_save_replaces_the_file_and_leaves_no_temporary) {
  const char *p = test_write_text("a.txt", "old");
  cr_assert_eq(save(p, "new"), NNC_OK, "%s", nnc_last_error());
  cr_assert_str_eq(test_read_text("a.txt"), "new");
  cr_assert_eq(test_temporaries(), 0);
}

static char seen_tmp[4096];
static void remember_tmp(FmtOutStage st, const FmtOut *o) {
  if (st == FMT_OUT_CREATED)
    snprintf(seen_tmp, sizeof seen_tmp, "%s", o->tmp);
}

Test(formats, the_temporary_is_hidden_beside_the_target_and_unpredictable) {
  cr_assert_eq(mkdir(test_path("sub"), 0700), 0);
  const char *p = test_path("sub/w.safetensors");
  char first[4096];
  fmt_out_probe = remember_tmp;
  cr_assert_eq(save(p, "1"), NNC_OK);
  snprintf(first, sizeof first, "%s", seen_tmp);
  cr_assert_eq(save(p, "2"), NNC_OK);
  fmt_out_probe = NULL;
  char want[4096];
  snprintf(want, sizeof want, "%s/sub/.w.safetensors.nnc-", test_dir());
  cr_assert_eq(strncmp(first, want, strlen(want)), 0, "%s", first);
  cr_assert_str_neq(first, seen_tmp, "two saves drew the same temporary name");
}

/* The names the writers used before: PATH.tmp, PATH.tmp.PID. A symlink planted there must
 * not make a save write through it. */
Test(formats, a_symlink_planted_at_an_old_temporary_name_is_not_followed) {
  const char *victim = test_write_text("victim", "precious");
  char planted[5][256];
  snprintf(planted[0], sizeof planted[0], "%s", test_path("w.npy.tmp"));
  snprintf(planted[1], sizeof planted[1], "%s", test_path("p.svg.tmp"));
  const char *pid_named[] = {"w.safetensors", "w.weights.h5", "m.onnx"};
  for (int i = 0; i < 3; i++)
    snprintf(planted[2 + i], sizeof planted[2 + i], "%s.tmp.%ld", test_path(pid_named[i]),
             (long)getpid());
  for (int i = 0; i < 5; i++)
    cr_assert_eq(symlink(victim, planted[i]), 0);
  int64_t shape[1] = {2};
  float x[2] = {1, 2};
  cr_assert_eq(fmt_npy_write(test_path("w.npy"), FMT_NPY_F4, 1, shape, x), NNC_OK);
  cr_assert_eq(save(test_path("p.svg"), "<svg/>"), NNC_OK);
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 1, shape, &t), NNC_OK);
  const char *name = "w";
  cr_assert_eq(fmt_st_write(test_path("w.safetensors"), 1, &name,
                            (const nnc_tensor *const *)&t, NULL), NNC_OK);
  FmtH5Item items[2] = {{"layers", "layers", NULL}, {"layers/w", NULL, t}};
  cr_assert_eq(fmt_h5_write(test_path("w.weights.h5"), 2, items), NNC_OK, "%s",
               nnc_last_error());
  cr_assert_eq(fmt_write_file(test_path("m.onnx"), "onnx", 4), NNC_OK); /* ONNX export's */
  nnc_tensor_free(t);
  cr_assert_str_eq(test_read_text("victim"), "precious");
  cr_assert_str_eq(test_read_text("m.onnx"), "onnx");
  StSet *set;
  cr_assert_eq(fmt_h5_read(test_path("w.weights.h5"), "layers", &set), NNC_OK, "%s",
               nnc_last_error());
  cr_assert_eq(set->n, 1);
  fmt_st_free(set);
}

Test(formats, a_save_over_a_symlink_replaces_its_target_and_keeps_the_link) {
  cr_assert_eq(mkdir(test_path("real"), 0700), 0);
  test_write_text("real/w.csv", "old");
  cr_assert_eq(symlink("real/w.csv", test_path("link.csv")), 0);
  cr_assert_eq(symlink("link.csv", test_path("link2.csv")), 0); /* a chain of two */
  cr_assert_eq(save(test_path("link2.csv"), "new"), NNC_OK, "%s", nnc_last_error());
  struct stat st;
  cr_assert_eq(lstat(test_path("link.csv"), &st), 0);
  cr_assert(S_ISLNK(st.st_mode), "the link was replaced by a file");
  cr_assert_eq(lstat(test_path("link2.csv"), &st), 0);
  cr_assert(S_ISLNK(st.st_mode));
  cr_assert_str_eq(test_read_text("real/w.csv"), "new");
  cr_assert_eq(test_temporaries(), 0);
}

Test(formats, a_save_through_a_dangling_symlink_creates_its_target) {
  cr_assert_eq(symlink("made.txt", test_path("l.txt")), 0);
  cr_assert_eq(save(test_path("l.txt"), "hello"), NNC_OK, "%s", nnc_last_error());
  cr_assert_str_eq(test_read_text("made.txt"), "hello");
}

Test(formats, a_symlink_loop_is_an_error_naming_the_file) {
  cr_assert_eq(symlink("b", test_path("a")), 0);
  cr_assert_eq(symlink("a", test_path("b")), 0);
  TEST_EXPECT(save(test_path("a"), "x"), NNC_ERR_IO, test_path("a"));
}

Test(formats, a_save_keeps_the_old_files_mode_and_a_new_file_follows_the_umask) {
  const char *p = test_write_text("m.csv", "old");
  cr_assert_eq(chmod(p, 0640), 0);
  cr_assert_eq(save(p, "new"), NNC_OK);
  cr_assert_eq(mode_of(p), 0640, "mode %o", mode_of(p));
  cr_assert_eq(chmod(p, 04755), 0); /* never a set-id bit on a file nnc wrote */
  cr_assert_eq(save(p, "new"), NNC_OK);
  cr_assert_eq(mode_of(p), 0755, "mode %o", mode_of(p));
  mode_t old = umask(027);
  cr_assert_eq(save(test_path("fresh.csv"), "x"), NNC_OK);
  umask(old);
  cr_assert_eq(mode_of(test_path("fresh.csv")), 0640, "mode %o", mode_of(test_path("fresh.csv")));
}

Test(formats, devices_are_written_straight_through) {
  cr_assert_eq(save("/dev/null", "nothing"), NNC_OK, "%s", nnc_last_error());
  TEST_EXPECT(save("/dev/full", "nothing"), NNC_ERR_IO, "No space left on device");
}

Test(formats, a_fifo_without_a_reader_fails_at_once) {
  const char *p = test_path("fifo");
  cr_assert_eq(mkfifo(p, 0600), 0);
  TEST_EXPECT(save(p, "x"), NNC_ERR_IO, "no reader");
}

Test(formats, a_directory_is_refused) {
  cr_assert_eq(mkdir(test_path("d"), 0700), 0);
  TEST_EXPECT(save(test_path("d"), "x"), NNC_ERR_IO, "Is a directory");
  TEST_EXPECT(fmt_out_check(test_path("d")), NNC_ERR_IO, "Is a directory");
}

Test(formats, our_own_stdout_file_is_appended_to_not_replaced) {
  const char *p = test_write_text("out.txt", "before\n");
  fflush(stdout);
  int keep = dup(STDOUT_FILENO), fd = open(p, O_WRONLY | O_APPEND);
  cr_assert(keep >= 0 && fd >= 0);
  dup2(fd, STDOUT_FILENO);
  close(fd);
  nnc_status s = save(p, "after\n");
  dup2(keep, STDOUT_FILENO);
  close(keep);
  cr_assert_eq(s, NNC_OK, "%s", nnc_last_error());
  cr_assert_str_eq(test_read_text("out.txt"), "before\nafter\n");
}

/* nnc run m.nn --log out.txt > out.txt: the shell opened stdout without O_APPEND, at offset
 * 0. A second open of the file had an offset of its own, so what stdout wrote next landed
 * over the log's first bytes; the log now writes through stdout's own open file. */
Test(formats, our_own_stdout_file_shares_its_offset) {
  const char *p = test_write_text("out.txt", "stale\n");
  fflush(stdout);
  int keep = dup(STDOUT_FILENO), fd = open(p, O_WRONLY | O_TRUNC);
  cr_assert(keep >= 0 && fd >= 0);
  dup2(fd, STDOUT_FILENO);
  close(fd);
  nnc_status s = save(p, "logged\n");
  ssize_t w = write(STDOUT_FILENO, "printed\n", 8);
  dup2(keep, STDOUT_FILENO);
  close(keep);
  cr_assert_eq(s, NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(w, 8);
  cr_assert_str_eq(test_read_text("out.txt"), "logged\nprinted\n");
}

Test(formats, check_names_a_missing_directory_and_touches_nothing) {
  TEST_EXPECT(fmt_out_check(test_path("no/such/l.csv")), NNC_ERR_IO, "no/such/l.csv");
  const char *p = test_write_text("keep.csv", "old");
  cr_assert_eq(fmt_out_check(p), NNC_OK);
  cr_assert_eq(fmt_out_check(test_path("new.csv")), NNC_OK);
  cr_assert_str_eq(test_read_text("keep.csv"), "old");
  cr_assert_eq(access(test_path("new.csv"), F_OK), -1);
}

/* ---- error paths leave the old file and no temporary ---- */

Test(formats, a_full_disk_leaves_the_old_file_and_no_temporary) {
  const char *p = test_write_text("big.bin", "old");
  signal(SIGXFSZ, SIG_IGN);
  struct rlimit r = {.rlim_cur = 4096, .rlim_max = RLIM_INFINITY};
  cr_assert_eq(setrlimit(RLIMIT_FSIZE, &r), 0);
  static char big[65536];
  memset(big, 'x', sizeof big - 1);
  TEST_EXPECT(save(p, big), NNC_ERR_IO, "(the file is unchanged)");
  cr_assert_str_eq(test_read_text("big.bin"), "old");
  cr_assert_eq(test_temporaries(), 0);
}

Test(formats, no_descriptor_for_the_temporary_is_an_error_naming_the_file) {
  const char *p = test_write_text("w.txt", "old");
  int lowest = dup(0); /* RLIMIT_NOFILE bounds the next descriptor's number */
  close(lowest);
  struct rlimit r;
  cr_assert_eq(getrlimit(RLIMIT_NOFILE, &r), 0);
  rlim_t was = r.rlim_cur;
  r.rlim_cur = (rlim_t)lowest;
  cr_assert_eq(setrlimit(RLIMIT_NOFILE, &r), 0);
  nnc_status s = save(p, "new");
  r.rlim_cur = was;
  cr_assert_eq(setrlimit(RLIMIT_NOFILE, &r), 0);
  cr_assert_eq(s, NNC_ERR_IO);
  cr_assert(strstr(nnc_last_error(), "a temporary file beside it"), "%s", nnc_last_error());
  cr_assert_str_eq(test_read_text("w.txt"), "old");
  cr_assert_eq(test_temporaries(), 0);
}

Test(formats, closing_without_a_commit_removes_the_temporary) {
  const char *p = test_write_text("w.txt", "old");
  FmtOut o;
  cr_assert_eq(fmt_out_open(&o, p), NNC_OK);
  fputs("half", o.f);
  cr_assert_eq(test_temporaries(), 1);
  cr_assert_eq(fmt_out_close(&o), NNC_OK);
  cr_assert_eq(test_temporaries(), 0);
  cr_assert_str_eq(test_read_text("w.txt"), "old");
}

/* ---- kills ----
 * A child saves "new" over "old" and is killed at one point of the save. SIGKILL cannot be
 * caught; SIGTERM meets a handler like the nnc command's, which calls fmt_out_cleanup and
 * dies of the signal. */

typedef enum { AT_CREATED, AT_HALF, AT_SYNCED, AT_RENAMED, AT_CLOSED } Point;
static Point kill_point;
static int kill_sig;

static void on_term(int sig) {
  fmt_out_cleanup();
  signal(sig, SIG_DFL);
  raise(sig);
}

static void kill_at(FmtOutStage st, const FmtOut *o) {
  (void)o;
  if ((kill_point == AT_CREATED && st == FMT_OUT_CREATED) ||
      (kill_point == AT_SYNCED && st == FMT_OUT_SYNCED) ||
      (kill_point == AT_RENAMED && st == FMT_OUT_RENAMED))
    raise(kill_sig);
}

static void child_save(const char *p) {
  signal(SIGTERM, on_term);
  fmt_out_probe = kill_at;
  FmtOut o;
  if (fmt_out_open(&o, p) != NNC_OK)
    _exit(2);
  for (int i = 0; i < 1000; i++) {
    fputs("new new new new\n", o.f);
    if (i == 500 && kill_point == AT_HALF) {
      fflush(o.f);
      raise(kill_sig);
    }
  }
  if (fmt_out_commit(&o) != NNC_OK || fmt_out_close(&o) != NNC_OK)
    _exit(2);
  if (kill_point == AT_CLOSED)
    raise(kill_sig);
  _exit(0);
}

typedef struct {
  Point at;
  int sig;
  bool new_file;    /* the target holds the new contents (else the old, whole) */
  int temporaries;  /* left in the directory */
} KillCase;

static const KillCase kill_cases[] = {
    {AT_CREATED, SIGKILL, false, 1}, {AT_CREATED, SIGTERM, false, 0},
    {AT_HALF, SIGKILL, false, 1},    {AT_HALF, SIGTERM, false, 0},
    {AT_SYNCED, SIGKILL, false, 1},  {AT_SYNCED, SIGTERM, false, 0},
    {AT_RENAMED, SIGKILL, true, 0},  {AT_RENAMED, SIGTERM, true, 0},
    {AT_CLOSED, SIGKILL, true, 0},   {AT_CLOSED, SIGTERM, true, 0},
};

Test(formats, a_kill_at_each_point_of_a_save_leaves_the_old_or_the_new_file_whole) {
  const char *points[] = {"created", "half written", "synced", "renamed", "closed"};
  for (size_t i = 0; i < sizeof kill_cases / sizeof *kill_cases; i++) {
    const KillCase *k = &kill_cases[i];
    const char *p = test_write_text("w.txt", "old\n");
    kill_point = k->at;
    kill_sig = k->sig;
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0)
      child_save(p);
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFSIGNALED(st) && WTERMSIG(st) == k->sig, "%s: the child was not killed",
              points[k->at]);
    const char *text = test_read_text("w.txt");
    bool is_new = strlen(text) == 16000 && strncmp(text, "new new", 7) == 0;
    cr_assert(is_new == k->new_file && (is_new || strcmp(text, "old\n") == 0),
              "%s, %s: the file holds %.20s... (%zu bytes)", points[k->at], strsignal(k->sig),
              text, strlen(text));
    cr_assert_eq(test_temporaries(), k->temporaries, "%s, %s", points[k->at],
                 strsignal(k->sig));
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -f '%s'/.w.txt.nnc-*", test_dir());
    cr_assert_eq(system(cmd), 0);
  }
}
