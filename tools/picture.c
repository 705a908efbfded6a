/* picture.c — nnc emit --format=svg and keras.utils.plot_model: the DOT picture of a graph
 * (ir/dot.c) laid out and rendered to SVG or PNG by Graphviz's C library (libgvc: the dot
 * layout engine, its renderers).
 *
 * The DOT text goes through a temporary file, since ir_dot writes to a stream and cgraph
 * reads one. Graphviz reports through agerr to stderr; only its errors are let through.
 * Only the nnc command links Graphviz: the library never draws.
 *
 * Graphviz 2.42 (Debian 12) does not free everything it allocates while laying out (virtual
 * edges, HTML labels) and measuring text (fontconfig and pango, through its plugin), even
 * after gvFreeLayout, agclose and gvFreeContext. In the sanitizer build, LeakSanitizer is
 * told to ignore leaks allocated inside those libraries, so the tests still catch ours.
 */
#include <gvc.h>

#include "cli.h"

#if defined(__SANITIZE_ADDRESS__)
__attribute__((visibility("default"))) const char *__lsan_default_suppressions(void);
__attribute__((visibility("default"))) const char *__lsan_default_options(void);

__attribute__((visibility("default"))) const char *__lsan_default_options(void) {
  return "print_suppressions=0";
}

__attribute__((visibility("default"))) const char *__lsan_default_suppressions(void) {
  return "leak:libgvc.so\n"
         "leak:libgvplugin_dot_layout.so\n"
         "leak:libgvplugin_pango.so\n"
         "leak:libfontconfig.so\n"
         "leak:libpango\n"
         "leak:libglib-2.0.so\n";
}
#endif

/* One Graphviz context for the whole process, never freed: Graphviz 2.42's pango plugin
 * keeps a pointer to the last font name it measured, which lives in the context, so a
 * second picture drawn after gvFreeContext reads freed memory (AddressSanitizer caught it
 * in plot_model, which may draw several pictures in one run). */
static GVC_t *graphviz(void) {
  static GVC_t *gvc;
  if (!gvc)
    gvc = gvContext();
  return gvc;
}

nnc_status cli_render_dot(FILE *dot, const char *format, FILE *out) {
  agseterr(AGERR);
  GVC_t *gvc = graphviz();
  if (!gvc)
    return base_error(NNC_ERR_NOMEM, "%s: cannot start Graphviz", format);
  Agraph_t *ag = agread(dot, NULL);
  if (!ag)
    return base_error(NNC_ERR_INTERNAL, "%s: Graphviz cannot read the picture", format);
  nnc_status st = NNC_OK;
  if (gvLayout(gvc, ag, "dot") != 0)
    st = base_error(NNC_ERR_INTERNAL, "%s: Graphviz cannot lay the picture out", format);
  else if (gvRender(gvc, ag, format, out) != 0)
    st = base_error(NNC_ERR_IO, "%s: Graphviz cannot render the picture", format);
  gvFreeLayout(gvc, ag);
  agclose(ag);
  return st;
}

nnc_status cli_svg(const Graph *g, const IrDotOptions *o, FILE *out) {
  FILE *dot = tmpfile();
  if (!dot)
    return base_error(NNC_ERR_IO, "svg: cannot make a temporary file");
  nnc_status st = ir_dot(g, o, dot);
  rewind(dot);
  if (st == NNC_OK)
    st = cli_render_dot(dot, "svg", out);
  fclose(dot);
  return st;
}
