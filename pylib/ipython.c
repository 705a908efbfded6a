/* ipython.c — IPython.display as IPython 8 behaves outside a notebook, where a model file
 * runs: display(*objs) prints them as print() would, clear_output() writes the terminal's
 * erase-line sequence, and the rich objects (HTML, Markdown, Image) print as their repr.
 * Notebook tutorials pasted as a file (a live loss plot in a callback: clear_output, then
 * plot and show) then run as they do under `python file.py`. */
#include <stdio.h>

#include "pylib.h"

/* display(*objs, **kwargs): print(*objs). */
static Obj *d_display(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *print = fe_dict_getstr(I, I->builtins, "print");
  return print && pl_call_kw(I, print, NULL, FE_TUPLE(args[0])->v, (int)FE_TUPLE(args[0])->n,
                             NULL) ? fe_none(I) : NULL;
}

/* clear_output(wait=False): erase the terminal's line (twice, as IPython flushes stdout then
 * stderr between them). */
static Obj *d_clear_output(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  fputs("\033[2K\r", fe_out(I));
  fflush(fe_out(I));
  fputs("\033[2K\r", fe_out(I));
  fflush(fe_err(I));
  return fe_none(I);
}

/* HTML, Markdown, Image: what they were given. */
typedef struct {
  Obj hd;
  Obj *data;   /* owned */
} Rich;

static void rich_clear(Interp *I, Obj *o) {
  fe_setref(I, &((Rich *)o)->data, NULL);
}

static void rich_traverse(Obj *o, FeVisit visit, void *arg) {
  if (((Rich *)o)->data)
    visit(((Rich *)o)->data, arg);
}

static Obj *rich_repr(Interp *I, Obj *o) {
  return fe_strf(I, "<IPython.core.display.%s object>", o->cls->name);
}

static const Layout rich_layout = {.name = "DisplayObject", .size = sizeof(Rich),
                                   .clear = rich_clear, .traverse = rich_traverse,
                                   .repr = rich_repr};

/* HTML(data=None, url=None, filename=None, metadata=None) and the others: a file named must
 * exist, as IPython reads it then. */
static Obj *rich_new(Interp *I, Obj *cls, Obj **args) {
  Obj *file = args[2];
  if (file != &I->none) {
    Obj *path = fe_str(I, file);
    FILE *f = path ? fopen(FE_STR(path)->s, "rb") : NULL;
    if (path && !f)
      fe_throw(I, EXC_FileNotFoundError, "[Errno 2] No such file or directory: '%s'",
               FE_STR(path)->s);
    if (f)
      fclose(f);
    fe_decref(I, path);
    if (!f)
      return NULL;
  }
  Rich *r = (Rich *)fe_new(I, (Class *)cls, 0);
  if (r)
    fe_incref(r->data = args[0]);
  return &r->hd;
}

static Obj *rich_data(Interp *I, Obj *self) {
  (void)I;
  Obj *d = ((Rich *)self)->data;
  fe_incref(d);
  return d;
}

static const FeGetDef rich_props[] = {
    {"data", rich_data, NULL},
    {NULL, NULL, NULL},
};

#define RICH(what)                                                                            \
  {.name = what, .layout = &rich_layout, .ctor = rich_new,                                    \
   .ctor_sig = "(data=None, url=None, filename=None, metadata=None, **kwargs)",              \
   .props = rich_props}

static const FeClassDef classes[] = {
    RICH("HTML"),
    RICH("Markdown"),
    RICH("Image"),
    {.name = NULL},
};

static const FeFnDef fns[] = {
    {"display", d_display, "(*objs, include=None, exclude=None, metadata=None, "
     "transient=None, display_id=None, raw=False, clear=False, **kwargs)", NULL, NULL},
    {"clear_output", d_clear_output, "(wait=False)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* IPython 8.12's public names of IPython.display that nnc lacks. */
static const char display_lacks[] =
    "Audio Code DisplayHandle DisplayObject FileLink FileLinks GeoJSON IFrame JSON Javascript "
    "Latex Math Pretty ProgressBar SVG ScribdDocument TextDisplayObject Video VimeoVideo "
    "YouTubeVideo display_html display_javascript display_jpeg display_json display_latex "
    "display_markdown display_pdf display_png display_pretty display_svg "
    "publish_display_data set_matplotlib_close set_matplotlib_formats update_display";

const FeModuleDef pl_ipython_display_def = {.name = "IPython.display", .fns = fns,
                                            .classes = classes, .lacks = display_lacks};
