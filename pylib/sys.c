/* sys.c — Python's sys module: argv, path, exit(), version, platform, maxsize, and stdout
 * and stderr as file objects over the run's streams. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pylib.h"

static Obj *s_exit(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *e = fe_call1(I, &I->exc[EXC_SystemExit]->hd, args[0]);
  if (e) {
    fe_raise(I, e);
    fe_decref(I, e);
  }
  return NULL;
}

static Obj *s_getrecursionlimit(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return fe_int(I, 1000);
}

static Obj *s_setrecursionlimit(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return fe_none(I);   /* nnc bounds recursion by its stack; the call is accepted */
}

static int sys_init(Interp *I, Obj *m) {
  Obj *argv = fe_list_new(I, 0), *path = fe_list_new(I, 0);
  for (int i = 0; argv && i < I->cfg.argc; i++)
    if (fe_list_append_text(I, argv, I->cfg.argv[i]) < 0)
      fe_decref(I, argv), argv = NULL;
  if (argv && I->cfg.argc == 0 && fe_list_append_text(I, argv, "") < 0)
    fe_decref(I, argv), argv = NULL;
  /* path[0] is the model file's directory, as CPython's is the script's: a tutorial's
   * sys.path.append('..') is harmless, and an import of its own module is refused there */
  const char *file = I->cfg.argc > 0 ? I->cfg.argv[0] : "", *slash = strrchr(file, '/');
  char dir[1024];
  snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - file) : 0, file);
  if (path && fe_list_append_text(I, path, dir) < 0)
    fe_decref(I, path), path = NULL;
  Obj *out = fe_file_new(I, fe_out(I), "<stdout>", "w", true);
  Obj *err = fe_file_new(I, fe_err(I), "<stderr>", "w", true);
  Obj *vi = fe_tuple_new(I, 3);
  for (int i = 0; vi && i < 3; i++)
    if (!(FE_TUPLE(vi)->v[i] = fe_int(I, i == 0 ? 3 : i == 1 ? 11 : 0))) {
      fe_decref(I, vi);
      vi = NULL;
    }
  Obj *d = ((Module *)m)->dict;
  int r = argv && path && out && err && vi && fe_dict_setstr(I, d, "argv", argv) == 0 &&
                  fe_dict_setstr(I, d, "path", path) == 0 &&
                  fe_dict_setstr(I, d, "stdout", out) == 0 &&
                      fe_dict_setstr(I, d, "stderr", err) == 0 &&
                  fe_dict_setstr(I, d, "version_info", vi) == 0 ? 0 : -1;
  fe_decref(I, argv);
  fe_decref(I, path);
  fe_decref(I, out);
  fe_decref(I, err);
  fe_decref(I, vi);
  return r;
}

static const FeFnDef fns[] = {
    {"exit", s_exit, "(status=None, /)", NULL, NULL},
    {"getrecursionlimit", s_getrecursionlimit, "()", NULL, NULL},
    {"setrecursionlimit", s_setrecursionlimit, "(limit, /)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeConstDef consts[] = {
    {"version", FC_STR, 0, 0, "3.11.0 (nnc " NNC_VERSION " model files)"},
    {"platform", FC_STR, 0, 0, "linux"},
    {"maxsize", FC_INT, INT64_MAX, 0, NULL},
    {"executable", FC_STR, 0, 0, "nnc"},
    {NULL, FC_NONE, 0, 0, NULL},
};

/* CPython 3.11's public names of sys (dir(sys)) that nnc lacks: refused by name, never
 * offered as a slip of another name (sys.hexversion is not sys.version). */
static const char sys_lacks[] =
    "abiflags addaudithook api_version audit base_exec_prefix base_prefix breakpointhook "
    "builtin_module_names byteorder call_tracing copyright displayhook dont_write_bytecode "
    "exc_info excepthook exception exec_prefix flags float_info float_repr_style "
    "get_asyncgen_hooks get_coroutine_origin_tracking_depth get_int_max_str_digits "
    "getallocatedblocks getdefaultencoding getdlopenflags getfilesystemencodeerrors "
    "getfilesystemencoding getprofile getrefcount getsizeof getswitchinterval gettrace "
    "hash_info hexversion implementation int_info intern is_finalizing maxunicode meta_path "
    "modules orig_argv path_hooks path_importer_cache platlibdir prefix pycache_prefix "
    "set_asyncgen_hooks set_coroutine_origin_tracking_depth set_int_max_str_digits "
    "setdlopenflags setprofile setswitchinterval settrace stdin stdlib_module_names "
    "thread_info unraisablehook warnoptions";

const FeModuleDef pl_sys_def = {.name = "sys", .fns = fns, .consts = consts, .init = sys_init,
                                .lacks = sys_lacks};
