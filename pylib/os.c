/* os.c — Python's os and os.path modules, the parts tutorials use to find and make files:
 * path.join/exists/isfile/isdir/basename/dirname/splitext/abspath/getsize, makedirs,
 * mkdir, listdir, remove, getcwd, environ (a copy of the environment), getenv, cpu_count. */
#define _POSIX_C_SOURCE 200809L /* stat, mkdir, opendir, getcwd, environ */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pylib.h"

extern char **environ;

static const char *path_arg(Interp *I, Obj *v, const char *fn) {
  if (FE_ISA(I, v, str))
    return fe_path_bytes(I, v);
  fe_throw(I, EXC_TypeError, "%s: path should be string, not %s", fn, fe_typename(v));
  return NULL;
}

/* ---- os.path ---- */

static Obj *p_join(Interp *I, Obj *self, Obj **args) {
  (void)self;
  BaseBuf b = {0};
  base_buf_put(&b, "", 0);
  Obj *parts[2] = {args[0], args[1]};
  for (int k = 0; k < 2; k++) {
    Tuple *t = k ? (Tuple *)parts[1] : NULL;
    int64_t n = k ? t->n : 1;
    for (int64_t i = 0; i < n; i++) {
      const char *p = path_arg(I, k ? t->v[i] : parts[0], "join");
      if (!p) {
        base_buf_free(&b);
        return NULL;
      }
      if (p[0] == '/')
        b.n = 0;                  /* an absolute part starts over */
      else if (b.n && b.p[b.n - 1] != '/')
        base_buf_put(&b, "/", 1);
      base_buf_puts(&b, p);
    }
  }
  return fe_sb_finish(I, &b);
}

static Obj *stat_test(Interp *I, Obj *v, int kind) {
  const char *p = path_arg(I, v, "stat");
  if (!p)
    return NULL;
  struct stat st;
  bool ok = stat(p, &st) == 0;
  if (kind == 1)
    ok = ok && S_ISREG(st.st_mode);
  else if (kind == 2)
    ok = ok && S_ISDIR(st.st_mode);
  return fe_bool(I, ok);
}

static Obj *p_exists(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return stat_test(I, args[0], 0);
}
static Obj *p_isfile(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return stat_test(I, args[0], 1);
}
static Obj *p_isdir(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return stat_test(I, args[0], 2);
}

static Obj *p_getsize(Interp *I, Obj *self, Obj **args) {
  (void)self;
  const char *p = path_arg(I, args[0], "getsize");
  struct stat st;
  if (!p)
    return NULL;
  if (stat(p, &st) != 0)
    return fe_os_error(I, errno, args[0]);
  return fe_int(I, (int64_t)st.st_size);
}

static Obj *p_basename(Interp *I, Obj *self, Obj **args) {
  (void)self;
  const char *p = path_arg(I, args[0], "basename");
  if (!p)
    return NULL;
  const char *s = strrchr(p, '/');
  return fe_str_cstr(I, s ? s + 1 : p);
}

static Obj *p_dirname(Interp *I, Obj *self, Obj **args) {
  (void)self;
  const char *p = path_arg(I, args[0], "dirname");
  if (!p)
    return NULL;
  const char *s = strrchr(p, '/');
  if (!s)
    return fe_str_cstr(I, "");
  size_t n = (size_t)(s - p);
  while (n > 0 && p[n - 1] == '/')
    n--;
  return fe_str_new(I, p, n ? n : (p[0] == '/' ? 1 : 0));
}

static Obj *p_splitext(Interp *I, Obj *self, Obj **args) {
  (void)self;
  const char *p = path_arg(I, args[0], "splitext");
  if (!p)
    return NULL;
  const char *base = strrchr(p, '/');
  base = base ? base + 1 : p;
  while (*base == '.')
    base++;                       /* ".bashrc" has no extension */
  const char *dot = strrchr(base, '.');
  size_t n = dot ? (size_t)(dot - p) : strlen(p);
  Obj *a = fe_str_new(I, p, n), *b = a ? fe_str_cstr(I, p + n) : NULL;
  Obj *t = b ? fe_tuple_pack(I, 2, a, b) : NULL;
  fe_decref(I, a);
  fe_decref(I, b);
  return t;
}

static Obj *p_split(Interp *I, Obj *self, Obj **args) {
  Obj *h = p_dirname(I, self, args), *t = h ? p_basename(I, self, args) : NULL;
  Obj *r = t ? fe_tuple_pack(I, 2, h, t) : NULL;
  fe_decref(I, h);
  fe_decref(I, t);
  return r;
}

static Obj *p_abspath(Interp *I, Obj *self, Obj **args) {
  (void)self;
  const char *p = path_arg(I, args[0], "abspath");
  if (!p)
    return NULL;
  if (p[0] == '/')
    return fe_str_cstr(I, p);
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd))
    return fe_throw(I, EXC_OSError, "cannot read the working directory");
  return strcmp(p, ".") == 0 ? fe_str_cstr(I, cwd) : fe_strf(I, "%s/%s", cwd, p);
}

static const FeFnDef path_fns[] = {
    {"join", p_join, "(a, /, *p)", NULL, NULL},
    {"exists", p_exists, "(path)", NULL, NULL},
    {"isfile", p_isfile, "(path)", NULL, NULL},
    {"isdir", p_isdir, "(s)", NULL, NULL},
    {"getsize", p_getsize, "(filename)", NULL, NULL},
    {"basename", p_basename, "(p, /)", NULL, NULL},
    {"dirname", p_dirname, "(p, /)", NULL, NULL},
    {"splitext", p_splitext, "(p, /)", NULL, NULL},
    {"split", p_split, "(p, /)", NULL, NULL},
    {"abspath", p_abspath, "(path)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeConstDef path_consts[] = {{"sep", FC_STR, 0, 0, "/"}, {NULL, FC_NONE, 0, 0, NULL}};

/* CPython 3.11's public names of os.path (dir(os.path)) that nnc lacks: refused by name, never
 * offered as a slip of another name (os.path.getmtime is not os.path.getsize). */
static const char os_path_lacks[] =
    "altsep commonpath commonprefix curdir defpath devnull expanduser expandvars extsep "
    "genericpath getatime getctime getmtime isabs islink ismount lexists normcase normpath os "
    "pardir pathsep realpath relpath samefile sameopenfile samestat splitdrive stat "
    "supports_unicode_filenames sys";

const FeModuleDef pl_os_path_def = {.name = "os.path", .fns = path_fns, .consts = path_consts,
                                    .lacks = os_path_lacks};

/* ---- os ---- */

static Obj *o_getcwd(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd))
    return fe_throw(I, EXC_OSError, "cannot read the working directory");
  return fe_str_cstr(I, cwd);
}

static Obj *o_mkdir(Interp *I, Obj *self, Obj **args) {
  (void)self;
  const char *p = path_arg(I, args[0], "mkdir");
  if (!p)
    return NULL;
  if (mkdir(p, 0777) != 0)
    return fe_os_error(I, errno, args[0]);
  return fe_none(I);
}

static Obj *o_makedirs(Interp *I, Obj *self, Obj **args) {
  (void)self;
  const char *p = path_arg(I, args[0], "makedirs");
  int exist_ok = fe_truth(I, args[2]);
  if (!p || exist_ok < 0)
    return NULL;
  char buf[PATH_MAX];
  if (strlen(p) >= sizeof buf)
    return fe_throw(I, EXC_OSError, "path too long");
  strcpy(buf, p);
  struct stat st;
  if (stat(buf, &st) == 0) {
    if (S_ISDIR(st.st_mode) && exist_ok)
      return fe_none(I);
    return fe_os_error(I, EEXIST, args[0]);
  }
  for (char *q = buf + 1; *q; q++) {
    if (*q != '/')
      continue;
    *q = '\0';
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
      return fe_os_error(I, errno, args[0]);
    *q = '/';
  }
  if (mkdir(buf, 0777) != 0 && !(errno == EEXIST && exist_ok))
    return fe_os_error(I, errno, args[0]);
  return fe_none(I);
}

static Obj *o_listdir(Interp *I, Obj *self, Obj **args) {
  (void)self;
  const char *p = path_arg(I, args[0], "listdir");
  if (!p)
    return NULL;
  DIR *d = opendir(p);
  if (!d)
    return fe_os_error(I, errno, args[0]);
  Obj *l = fe_list_new(I, 0);
  for (struct dirent *e; l && (e = readdir(d));) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    Obj *s = fe_str_cstr(I, e->d_name);
    if (!s || fe_list_append(I, l, s) < 0) {
      fe_decref(I, s);
      fe_decref(I, l);
      l = NULL;
      break;
    }
    fe_decref(I, s);
  }
  closedir(d);
  if (l && fe_list_sort(I, l, NULL, false) < 0) {   /* a stable order, unlike readdir's */
    fe_decref(I, l);
    return NULL;
  }
  return l;
}

static Obj *o_remove(Interp *I, Obj *self, Obj **args) {
  (void)self;
  const char *p = path_arg(I, args[0], "remove");
  if (!p)
    return NULL;
  if (unlink(p) != 0)
    return fe_os_error(I, errno, args[0]);
  return fe_none(I);
}

static Obj *o_getenv(Interp *I, Obj *self, Obj **args) {
  (void)self;
  const char *k = path_arg(I, args[0], "getenv");
  if (!k)
    return NULL;
  const char *v = getenv(k); /* a model file's os.getenv: the name is the script's */
  if (!v) {
    fe_incref(args[1]);
    return args[1];
  }
  return fe_str_cstr(I, v);
}

static Obj *o_cpu_count(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? fe_int(I, n) : fe_none(I);
}

static int os_init(Interp *I, Obj *m) {
  Obj *env = fe_dict_new(I);
  for (char **e = environ; env && e && *e; e++) {
    const char *eq = strchr(*e, '=');
    if (!eq)
      continue;
    Obj *k = fe_str_new(I, *e, (size_t)(eq - *e)), *v = k ? fe_str_cstr(I, eq + 1) : NULL;
    int r = v ? fe_dict_set(I, env, k, v) : -1;
    fe_decref(I, k);
    fe_decref(I, v);
    if (r < 0) {
      fe_decref(I, env);
      return -1;
    }
  }
  int r = env ? fe_dict_setstr(I, ((Module *)m)->dict, "environ", env) : -1;
  fe_decref(I, env);
  return r;
}

static const FeFnDef os_fns[] = {
    {"getcwd", o_getcwd, "()", NULL, NULL},
    {"mkdir", o_mkdir, "(path, mode=511)", NULL, NULL},
    {"makedirs", o_makedirs, "(name, mode=511, exist_ok=False)", NULL, NULL},
    {"listdir", o_listdir, "(path='.')", NULL, NULL},
    {"remove", o_remove, "(path)", NULL, NULL},
    {"unlink", o_remove, "(path)", NULL, NULL},
    {"getenv", o_getenv, "(key, default=None)", NULL, NULL},
    {"cpu_count", o_cpu_count, "()", NULL, NULL},
    {"system", NULL, "(command)", NULL,
     "os.system() is not available in nnc model files: a model file runs no commands"},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeConstDef os_consts[] = {
    {"sep", FC_STR, 0, 0, "/"}, {"linesep", FC_STR, 0, 0, "\n"}, {"name", FC_STR, 0, 0, "posix"},
    {NULL, FC_NONE, 0, 0, NULL},
};

/* CPython 3.11's public names of os (dir(os)) that nnc lacks: refused by name, never
 * offered as a slip of another name (os.rmdir is not os.mkdir). */
static const char os_lacks[] =
    "CLD_CONTINUED CLD_DUMPED CLD_EXITED CLD_KILLED CLD_STOPPED CLD_TRAPPED DirEntry "
    "EFD_CLOEXEC EFD_NONBLOCK EFD_SEMAPHORE EX_CANTCREAT EX_CONFIG EX_DATAERR EX_IOERR "
    "EX_NOHOST EX_NOINPUT EX_NOPERM EX_NOUSER EX_OK EX_OSERR EX_OSFILE EX_PROTOCOL "
    "EX_SOFTWARE EX_TEMPFAIL EX_UNAVAILABLE EX_USAGE F_LOCK F_OK F_TEST F_TLOCK F_ULOCK "
    "GRND_NONBLOCK GRND_RANDOM GenericAlias MFD_ALLOW_SEALING MFD_CLOEXEC MFD_HUGETLB "
    "MFD_HUGE_16GB MFD_HUGE_16MB MFD_HUGE_1GB MFD_HUGE_1MB MFD_HUGE_256MB MFD_HUGE_2GB "
    "MFD_HUGE_2MB MFD_HUGE_32MB MFD_HUGE_512KB MFD_HUGE_512MB MFD_HUGE_64KB MFD_HUGE_8MB "
    "MFD_HUGE_MASK MFD_HUGE_SHIFT Mapping MutableMapping NGROUPS_MAX O_ACCMODE O_APPEND "
    "O_ASYNC O_CLOEXEC O_CREAT O_DIRECT O_DIRECTORY O_DSYNC O_EXCL O_FSYNC O_LARGEFILE "
    "O_NDELAY O_NOATIME O_NOCTTY O_NOFOLLOW O_NONBLOCK O_PATH O_RDONLY O_RDWR O_RSYNC O_SYNC "
    "O_TMPFILE O_TRUNC O_WRONLY POSIX_FADV_DONTNEED POSIX_FADV_NOREUSE POSIX_FADV_NORMAL "
    "POSIX_FADV_RANDOM POSIX_FADV_SEQUENTIAL POSIX_FADV_WILLNEED POSIX_SPAWN_CLOSE "
    "POSIX_SPAWN_DUP2 POSIX_SPAWN_OPEN PRIO_PGRP PRIO_PROCESS PRIO_USER P_ALL P_NOWAIT "
    "P_NOWAITO P_PGID P_PID P_PIDFD P_WAIT PathLike RTLD_DEEPBIND RTLD_GLOBAL RTLD_LAZY "
    "RTLD_LOCAL RTLD_NODELETE RTLD_NOLOAD RTLD_NOW RWF_APPEND RWF_DSYNC RWF_HIPRI RWF_NOWAIT "
    "RWF_SYNC R_OK SCHED_BATCH SCHED_FIFO SCHED_IDLE SCHED_OTHER SCHED_RESET_ON_FORK SCHED_RR "
    "SEEK_CUR SEEK_DATA SEEK_END SEEK_HOLE SEEK_SET SPLICE_F_MORE SPLICE_F_MOVE "
    "SPLICE_F_NONBLOCK ST_APPEND ST_MANDLOCK ST_NOATIME ST_NODEV ST_NODIRATIME ST_NOEXEC "
    "ST_NOSUID ST_RDONLY ST_RELATIME ST_SYNCHRONOUS ST_WRITE TMP_MAX WCONTINUED WCOREDUMP "
    "WEXITED WEXITSTATUS WIFCONTINUED WIFEXITED WIFSIGNALED WIFSTOPPED WNOHANG WNOWAIT "
    "WSTOPPED WSTOPSIG WTERMSIG WUNTRACED W_OK XATTR_CREATE XATTR_REPLACE XATTR_SIZE_MAX X_OK "
    "abc abort access altsep chdir chmod chown chroot close closerange confstr confstr_names "
    "copy_file_range ctermid curdir defpath device_encoding devnull dup dup2 environb error "
    "eventfd eventfd_read eventfd_write execl execle execlp execlpe execv execve execvp "
    "execvpe extsep fchdir fchmod fchown fdatasync fdopen fork forkpty fpathconf fsdecode "
    "fsencode fspath fstat fstatvfs fsync ftruncate fwalk get_blocking get_exec_path "
    "get_inheritable get_terminal_size getcwdb getegid getenvb geteuid getgid getgrouplist "
    "getgroups getloadavg getlogin getpgid getpgrp getpid getppid getpriority getrandom "
    "getresgid getresuid getsid getuid getxattr initgroups isatty kill killpg lchown link "
    "listxattr lockf login_tty lseek lstat major makedev memfd_create minor mkfifo mknod nice "
    "open openpty pardir pathconf pathconf_names pathsep pidfd_open pipe pipe2 popen "
    "posix_fadvise posix_fallocate posix_spawn posix_spawnp pread preadv putenv pwrite "
    "pwritev read readlink readv register_at_fork removedirs removexattr rename renames "
    "replace rmdir scandir sched_get_priority_max sched_get_priority_min sched_getaffinity "
    "sched_getparam sched_getscheduler sched_param sched_rr_get_interval sched_setaffinity "
    "sched_setparam sched_setscheduler sched_yield sendfile set_blocking set_inheritable "
    "setegid seteuid setgid setgroups setpgid setpgrp setpriority setregid setresgid "
    "setresuid setreuid setsid setuid setxattr spawnl spawnle spawnlp spawnlpe spawnv spawnve "
    "spawnvp spawnvpe splice st stat stat_result statvfs statvfs_result strerror "
    "supports_bytes_environ supports_dir_fd supports_effective_ids supports_fd "
    "supports_follow_symlinks symlink sync sys sysconf sysconf_names tcgetpgrp tcsetpgrp "
    "terminal_size times times_result truncate ttyname umask uname uname_result unsetenv "
    "urandom utime wait wait3 wait4 waitid waitid_result waitpid waitstatus_to_exitcode walk "
    "write writev";

const FeModuleDef pl_os_def = {.name = "os", .fns = os_fns, .consts = os_consts, .init = os_init,
                               .lacks = os_lacks};
