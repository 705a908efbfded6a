/* file.c — text files: open(), read/readline/readlines/write, line iteration and `with`.
 *
 * Files are text in UTF-8. Reading turns \r\n and \r into \n (Python's universal newlines);
 * binary modes are refused by name. sys.stdout and sys.stderr are file objects over the
 * interpreter's streams, borrowed (never closed). Errors read as Python's:
 * "[Errno 2] No such file or directory: 'x.csv'".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "frontend.h"
#include "base.h"

typedef struct {
  Obj hd;
  FILE *fp;
  Obj *name;
  Obj *mode;
  bool borrowed, closed, readable, writable;
} File;

Obj *fe_file_new(Interp *I, FILE *fp, const char *name, const char *mode, bool borrowed) {
  File *f = (File *)fe_new(I, I->cls_file, sizeof(File));
  if (!f) {
    if (!borrowed && fp)
      fclose(fp);
    return NULL;
  }
  f->fp = fp;
  f->borrowed = borrowed;
  f->readable = strchr(mode, 'r') || strchr(mode, '+');
  f->writable = strchr(mode, 'w') || strchr(mode, 'a') || strchr(mode, 'x') || strchr(mode, '+');
  f->name = fe_str_cstr(I, name);
  f->mode = fe_str_cstr(I, mode);
  if (!f->name || !f->mode) {
    fe_decref(I, (Obj *)f);
    return NULL;
  }
  return (Obj *)f;
}

static void file_clear(Interp *I, Obj *o) {
  File *f = (File *)o;
  fe_setref(I, &f->name, NULL);
  fe_setref(I, &f->mode, NULL);
}

static void file_finalize(Interp *I, Obj *o) {
  (void)I;
  File *f = (File *)o;
  if (f->fp && !f->borrowed && !f->closed)
    fclose(f->fp);
  f->fp = NULL;
}

static void file_traverse(Obj *o, FeVisit visit, void *arg) {
  File *f = (File *)o;
  if (f->name)
    visit(f->name, arg);
  if (f->mode)
    visit(f->mode, arg);
}

static Obj *file_repr(Interp *I, Obj *o) {
  File *f = (File *)o;
  return fe_strf(I, "<_io.TextIOWrapper name='%s' mode='%s' encoding='UTF-8'>", FE_STR(f->name)->s,
                 FE_STR(f->mode)->s);
}

static Obj *os_error(Interp *I, int err, Obj *path) {
  ExcKind k = err == ENOENT ? EXC_FileNotFoundError : err == EEXIST ? EXC_FileExistsError
            : err == EISDIR ? EXC_IsADirectoryError : err == ENOTDIR ? EXC_NotADirectoryError
            : err == EACCES || err == EPERM ? EXC_PermissionError : EXC_OSError;
  BaseBuf q = {0};
  fe_str_quote(&q, FE_STR(path)->s, (size_t)FE_STR(path)->len);
  Obj *qs = fe_sb_finish(I, &q);
  if (!qs)
    return NULL;
  fe_throw(I, k, "[Errno %d] %s: %s", err, strerror(err), FE_STR(qs)->s);
  fe_decref(I, qs);
  return NULL;
}

Obj *fe_os_error(Interp *I, int err, Obj *path) {
  return os_error(I, err, path);
}

Obj *fe_open(Interp *I, Obj *path, Obj *mode) {
  if (!FE_IS(path, str))
    return fe_throw(I, EXC_TypeError, "expected str, bytes or os.PathLike object, not %s",
                    fe_typename(path));
  if (!FE_IS(mode, str))
    return fe_throw(I, EXC_TypeError, "open() argument 'mode' must be str, not %s",
                    fe_typename(mode));
  const char *m = FE_STR(mode)->s;
  if (strchr(m, 'b'))
    return fe_throw(I, EXC_ValueError,
                    "binary files (mode '%s') are not supported in nnc model files", m);
  char cmode[4];
  int kinds = (strchr(m, 'r') != NULL) + (strchr(m, 'w') != NULL) + (strchr(m, 'a') != NULL) +
              (strchr(m, 'x') != NULL);
  if (kinds != 1 || strspn(m, "rwax+t") != strlen(m))
    return fe_throw(I, EXC_ValueError, "invalid mode: '%s'", m);
  bool plus = strchr(m, '+') != NULL;
  char k = strchr(m, 'r') ? 'r' : strchr(m, 'w') ? 'w' : strchr(m, 'a') ? 'a' : 'x';
  snprintf(cmode, sizeof cmode, "%c%s", k == 'x' ? 'w' : k, plus ? "+" : "");
  const char *p = fe_path_bytes(I, path);
  if (!p)
    return NULL;
  struct stat st;
  if (k == 'x' && stat(p, &st) == 0)
    return os_error(I, EEXIST, path);
  if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
    return os_error(I, EISDIR, path);
  FILE *fp = fopen(p, cmode);
  if (!fp)
    return os_error(I, errno, path);
  char shown[4];
  snprintf(shown, sizeof shown, "%c%s", k, plus ? "+" : "");
  return fe_file_new(I, fp, p, shown, false);
}

static File *open_file(Interp *I, Obj *o, bool write) {
  File *f = (File *)o;
  if (f->closed || !f->fp) {
    fe_throw(I, EXC_ValueError, "I/O operation on closed file.");
    return NULL;
  }
  if (write ? !f->writable : !f->readable) {
    fe_throw(I, EXC_OSError, "not %s", write ? "writable" : "readable");
    return NULL;
  }
  return f;
}

int fe_file_write(Interp *I, Obj *file, const char *s, size_t n) {
  if (!FE_IS(file, file)) {         /* any object with a write method */
    Obj *str = fe_str_new(I, s, n);
    Obj *r = str ? fe_call_method(I, file, "write", &str, 1) : NULL;
    fe_decref(I, str);
    fe_decref(I, r);
    return r ? 0 : -1;
  }
  File *f = open_file(I, file, true);
  if (!f)
    return -1;
  if (fwrite(s, 1, n, f->fp) != n) {
    fe_throw(I, EXC_OSError, "[Errno %d] %s: cannot write to '%s'", errno, strerror(errno),
             FE_STR(f->name)->s);
    return -1;
  }
  return 0;
}

/* Reads one line (with its \n) into b, translating \r\n and \r; false at the end. */
static bool read_line(FILE *fp, BaseBuf *b) {
  bool any = false;
  for (int c; (c = getc(fp)) != EOF;) {
    any = true;
    if (c == '\r') {
      int d = getc(fp);
      if (d != '\n' && d != EOF)
        ungetc(d, fp);
      c = '\n';
    }
    char ch = (char)c;
    base_buf_put(b, &ch, 1);
    if (c == '\n')
      break;
  }
  return any;
}

static Obj *m_read(Interp *I, Obj *self, Obj **args) {
  int64_t size = -1;
  if (args[0] != &I->none && fe_as_int(I, args[0], &size) < 0)
    return NULL;
  File *f = open_file(I, self, false);
  if (!f)
    return NULL;
  BaseBuf b = {0};
  base_buf_put(&b, "", 0);
  int64_t got = 0;
  while ((size < 0 || got < size) && !b.nomem) {
    int c = getc(f->fp);
    if (c == EOF)
      break;
    if (c == '\r') {
      int d = getc(f->fp);
      if (d != '\n' && d != EOF)
        ungetc(d, f->fp);
      c = '\n';
    }
    char ch = (char)c;
    base_buf_put(&b, &ch, 1);
    got += (c & 0xC0) != 0x80;
  }
  if (ferror(f->fp)) {
    base_buf_free(&b);
    return fe_throw(I, EXC_OSError, "cannot read '%s'", FE_STR(f->name)->s);
  }
  return fe_sb_finish(I, &b);
}

static Obj *m_readline(Interp *I, Obj *self, Obj **args) {
  (void)args;
  File *f = open_file(I, self, false);
  if (!f)
    return NULL;
  BaseBuf b = {0};
  base_buf_put(&b, "", 0);
  read_line(f->fp, &b);
  return fe_sb_finish(I, &b);
}

static Obj *m_readlines(Interp *I, Obj *self, Obj **args) {
  (void)args;
  File *f = open_file(I, self, false);
  Obj *l = f ? fe_list_new(I, 0) : NULL;
  while (l) {
    BaseBuf b = {0};
    if (!read_line(f->fp, &b)) {
      base_buf_free(&b);
      break;
    }
    Obj *s = fe_sb_finish(I, &b);
    if (!s || fe_list_append(I, l, s) < 0) {
      fe_decref(I, s);
      fe_decref(I, l);
      return NULL;
    }
    fe_decref(I, s);
  }
  return l;
}

static Obj *m_write(Interp *I, Obj *self, Obj **args) {
  if (!FE_IS(args[0], str))
    return fe_throw(I, EXC_TypeError, "write() argument must be str, not %s", fe_typename(args[0]));
  if (fe_file_write(I, self, FE_STR(args[0])->s, (size_t)FE_STR(args[0])->len) < 0)
    return NULL;
  return fe_int(I, FE_STR(args[0])->ncp);
}

static Obj *m_writelines(Interp *I, Obj *self, Obj **args) {
  Obj *it = fe_iter(I, args[0]);
  for (Obj *x; it && (x = fe_next(I, it));) {
    Obj *r = m_write(I, self, &x);
    fe_decref(I, x);
    fe_decref(I, r);
    if (!r)
      break;
  }
  fe_decref(I, it);
  return I->exc_pending ? NULL : fe_none(I);
}

static Obj *m_close(Interp *I, Obj *self, Obj **args) {
  (void)args;
  File *f = (File *)self;
  if (!f->closed && f->fp && !f->borrowed) {
    int r = fclose(f->fp);
    f->fp = NULL;
    f->closed = true;
    if (r != 0)
      return fe_throw(I, EXC_OSError, "cannot close '%s'", FE_STR(f->name)->s);
  }
  f->closed = true;
  return fe_none(I);
}

static Obj *m_flush(Interp *I, Obj *self, Obj **args) {
  (void)args;
  File *f = (File *)self;
  if (f->fp && !f->closed)
    fflush(f->fp);
  return fe_none(I);
}

static Obj *m_enter(Interp *I, Obj *self, Obj **args) {
  (void)I;
  (void)args;
  fe_incref(self);
  return self;
}

static Obj *m_exit(Interp *I, Obj *self, Obj **args) {
  (void)args;
  Obj *r = m_close(I, self, NULL);
  if (!r)
    return NULL;
  fe_decref(I, r);
  return fe_bool(I, false);
}

static Obj *file_next(Interp *I, Obj *o) {
  File *f = open_file(I, o, false);
  if (!f)
    return NULL;
  BaseBuf b = {0};
  if (!read_line(f->fp, &b)) {
    base_buf_free(&b);
    return NULL;
  }
  return fe_sb_finish(I, &b);
}

static Obj *file_iter(Interp *I, Obj *o) {
  if (!open_file(I, o, false))
    return NULL;
  fe_incref(o);
  return o;
}

static Obj *get_name(Interp *I, Obj *self) {
  (void)I;
  fe_incref(((File *)self)->name);
  return ((File *)self)->name;
}

static Obj *get_mode(Interp *I, Obj *self) {
  (void)I;
  fe_incref(((File *)self)->mode);
  return ((File *)self)->mode;
}

static Obj *get_closed(Interp *I, Obj *self) {
  return fe_bool(I, ((File *)self)->closed);
}

const Layout fe_file_layout = {
    .name = "TextIOWrapper", .size = sizeof(File), .clear = file_clear, .finalize = file_finalize,
    .traverse = file_traverse, .repr = file_repr, .iter = file_iter, .next = file_next,
};

static const FeFnDef file_methods[] = {
    {"read", m_read, "(size=-1, /)", NULL, NULL},
    {"readline", m_readline, "(size=-1, /)", NULL, NULL},
    {"readlines", m_readlines, "(hint=-1, /)", NULL, NULL},
    {"write", m_write, "(s, /)", NULL, NULL},
    {"writelines", m_writelines, "(lines, /)", NULL, NULL},
    {"close", m_close, "()", NULL, NULL},
    {"flush", m_flush, "()", NULL, NULL},
    {"__enter__", m_enter, "()", NULL, NULL},
    {"__exit__", m_exit, "(*args)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeGetDef file_props[] = {
    {"name", get_name, NULL}, {"mode", get_mode, NULL}, {"closed", get_closed, NULL},
    {NULL, NULL, NULL},
};

const FeClassDef fe_file_class = {
    .name = "TextIOWrapper", .layout = &fe_file_layout, .methods = file_methods,
        .props = file_props,
};
